import { defaultClientConditions, defineConfig } from 'vite';
import { ISOLATION_HEADERS } from './scripts/serve.mjs';
import { wasmFiles, wasmThreadsFix } from './vite/plugins.ts';

export default defineConfig({
  // Inside the repo, build the workspace packages from their sources (`@mnist-kit/source`, whose
  // `browser` branch is the browser entry), elsewhere from their `browser` builds; and one tfjs-core
  // for the app and every package.
  resolve: {
    conditions: ['@mnist-kit/source', ...defaultClientConditions],
    dedupe: ['@tensorflow/tfjs-core'],
  },
  plugins: [wasmFiles(), wasmThreadsFix()],
  // tfjs-backend-wasm is pre-bundled in dev (its emscripten glue is CommonJS); same fix there.
  optimizeDeps: { rolldownOptions: { plugins: [wasmThreadsFix()] } },
  // Cross-origin isolation, so the wasm backend gets SharedArrayBuffer and runs multi-threaded.
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html', selftest: 'selftest.html' } },
  },
});
