import { packageConfig } from '../../tsup.config.base';

// The engine's platform (`#enginePlatform`, package.json `imports`) is resolved by the consumer's
// runtime or bundler through the `browser` condition, so it stays external and both are built.
export default packageConfig(
  {
    index: 'src/index.ts',
    nodeEnginePlatform: 'src/internal/engine/nodeEnginePlatform.ts',
    browserEnginePlatform: 'src/internal/engine/browserEnginePlatform.ts',
  },
  { external: [/^@tensorflow\//, /^@mnist-kit\//, /^#/] },
);
