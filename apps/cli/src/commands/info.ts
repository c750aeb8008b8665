import { createRequire } from 'node:module';
import { describeDevice, nodeCandidates, selectBackend } from '@mnist-kit/backends';
import { cachedDatasets, defaultCacheDir } from '@mnist-kit/datasets';
import { stepEngineSupport } from '@mnist-kit/training';
import { Command } from 'commander';
import { addOutputOptions, type OutputFlags } from '../commonOptions.js';
import { createReporter } from '../output/createReporter.js';
import { tfjsCoreCopies } from '../tfjsCoreCopies.js';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string | undefined {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export function createInfoCommand(version: string): Command {
  const cmd = new Command('info')
    .description('versions, which backends load (and why not), cache location and cached datasets')
    .option('--cache-dir <dir>', 'cache folder to inspect');
  addOutputOptions(cmd);
  return cmd.action(async (flags: OutputFlags & { cacheDir?: string }) => {
    const reporter = createReporter(flags);
    const backends = [];
    for (const candidate of nodeCandidates()) {
      try {
        const s = await selectBackend({ preference: candidate.name, candidates: nodeCandidates() });
        backends.push({
          name: candidate.name,
          ok: true,
          detail: s.description ?? (s.device ? describeDevice(s.device) : undefined),
          device: s.device,
        });
        await s.release();
      } catch (error) {
        backends.push({ name: candidate.name, ok: false, reason: (error as Error).message });
      }
    }
    const engine = stepEngineSupport();
    const cacheDir = flags.cacheDir ?? defaultCacheDir();
    const cached = await cachedDatasets(cacheDir);
    const info = {
      command: 'info',
      version,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      tfjs: {
        core: versionOf('@tensorflow/tfjs-core'),
        wasm: versionOf('@tensorflow/tfjs-backend-wasm'),
        cpu: versionOf('@tensorflow/tfjs-backend-cpu'),
        coreCopiesLoaded: tfjsCoreCopies().length,
      },
      backends,
      stepEngine: engine,
      threads: engine.defaultThreads,
      cacheDir,
      cached,
    };
    const lines = [
      `mnist-kit ${version} · node ${process.version} · ${info.platform}`,
      `tfjs-core ${info.tfjs.core} (${info.tfjs.coreCopiesLoaded} copy loaded)`,
      'backends:',
      ...backends.map((b) => `  ${b.ok ? '✓' : '✗'} ${b.name.padEnd(15)} ${b.ok ? (b.detail ?? '') : b.reason}`),
      `training steps (cpu, wasm): ${
        engine.simd
          ? `SIMD engine, ${engine.relaxedSimd ? 'relaxed SIMD (FMA)' : 'SIMD without FMA'}, ${engine.defaultThreads} thread${engine.defaultThreads === 1 ? '' : 's'} by default`
          : 'tfjs ops (no WebAssembly SIMD here)'
      }`,
      `cache: ${cacheDir}`,
      ...(cached.length
        ? cached.map((c) => `  ${c.name}: ${c.complete ? 'complete' : `${c.files.length}/4 files`}`)
        : ['  (empty)']),
    ];
    reporter.result(lines.join('\n'));
    reporter.emitJson(info);
  });
}
