import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { serveFolder } from '../scripts/serve.mjs';

const require = createRequire(import.meta.url);

/** Folder holding tfjs-backend-wasm's `.wasm` binaries (resolved through the app's dependency). */
export function wasmDistDir(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

/**
 * Serves tfjs-backend-wasm's `.wasm` files under `/wasm/` in dev, and emits them as `wasm/<name>.wasm`
 * into the build (so preview and any static host serve them), so `setWasmPaths('/wasm/')` works
 * offline and the binaries are never committed.
 */
export function wasmFiles(): Plugin {
  const dir = wasmDistDir();
  let base = '/';
  return {
    name: 'mnist-kit:wasm-files',
    configResolved(config) {
      // A relative base (`./`, the build's) means the root for the dev server.
      base = config.base.startsWith('/') ? config.base : '/';
    },
    configureServer(server) {
      server.middlewares.use(serveFolder(`${base}wasm/`, dir));
    },
    generateBundle() {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.wasm'))) {
        this.emitFile({ type: 'asset', fileName: `wasm/${name}`, source: readFileSync(join(dir, name)) });
      }
    },
  };
}

const THREADED_FACTORY = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_START =
  'function(WasmBackendModuleThreadedSimd) {\n  WasmBackendModuleThreadedSimd = WasmBackendModuleThreadedSimd || {};\n';

/**
 * Makes tfjs-backend-wasm's threaded factory survive minification. The backend starts its worker
 * threads from `factory.toString()`, so the factory must not use variables of the scope around it;
 * it reads `_scriptDir` from there, which the minifier renames (and whose `typeof` guard it drops),
 * and every worker fails with "ReferenceError: e is not defined". Declaring `_scriptDir` inside the
 * factory (same value) keeps the stringified function self-contained.
 */
export function wasmThreadsFix(): Plugin {
  return {
    name: 'mnist-kit:wasm-threads-fix',
    enforce: 'pre',
    transform(code, id) {
      if (!THREADED_FACTORY.test(id.split('?')[0]!)) return null;
      if (!code.includes(FACTORY_START)) {
        this.warn('tfjs-backend-wasm threaded factory changed; the _scriptDir fix was not applied');
        return null;
      }
      const local =
        "var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n";
      return { code: code.replace(FACTORY_START, FACTORY_START + local), map: null };
    },
  };
}
