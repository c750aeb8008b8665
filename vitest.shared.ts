import { defaultServerConditions, defineConfig } from 'vite';

/** Shared vitest settings: tests resolve `@mnist-kit/*` to their sources, not `dist`. */
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['@mnist-kit/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@mnist-kit/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
