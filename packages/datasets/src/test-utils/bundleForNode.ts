import { createRequire } from 'node:module';

/**
 * Bundles a TypeScript entry into one Node ESM file with esbuild (reached through tsup, which
 * depends on it), so tests can run package code in child processes. `undefined` when unavailable.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<string | undefined> {
  let esbuild: { build(options: Record<string, unknown>): Promise<unknown> };
  try {
    const require = createRequire(import.meta.url);
    const fromTsup = createRequire(require.resolve('tsup'));
    esbuild = fromTsup('esbuild');
  } catch {
    return undefined;
  }
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}
