import { packageConfig } from '../../tsup.config.base';

export default packageConfig({ cli: 'src/cli.ts' }, { dts: false, splitting: false });
