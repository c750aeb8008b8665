import { defineProject, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Unit tests (src/**/*.test.ts) run in Node. The end-to-end test (test/e2e.test.ts) serves the built
// app (dist/, which turbo builds first) with `vite preview` and drives headless Chromium.
export default mergeConfig(
  sharedTestConfig,
  defineProject({ test: { testTimeout: 120_000, hookTimeout: 240_000, fileParallelism: false } }),
);
