import { packageConfig } from '../../tsup.config.base';

// `node` builds the deprecated `@mnist-kit/models/node` subpath (until the next minor).
export default packageConfig({ index: 'src/index.ts', browser: 'src/browser.ts', node: 'src/node/index.ts' });
