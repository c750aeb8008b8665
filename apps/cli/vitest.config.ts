import { defineProject, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared';

// The end-to-end tests spawn the built CLI (dist/cli.js); turbo builds it first.
export default mergeConfig(sharedTestConfig, defineProject({ test: { testTimeout: 180_000, fileParallelism: false } }));
