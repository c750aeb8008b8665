import { join } from 'node:path';
import { loadMlpFromDir, mlpToSafetensors } from '@mnist-kit/models';
import { Command, Option } from 'commander';
import { chooseBackend } from '../chooseBackend.js';
import { addBackendOption, addOutputOptions, type OutputFlags } from '../commonOptions.js';
import { writeFileAtomic } from '../fs/writeFileAtomic.js';
import { createReporter } from '../output/createReporter.js';

interface ExportFlags extends OutputFlags {
  model: string;
  format: 'safetensors';
  out?: string;
  backend: string;
}

/**
 * `mnist-kit export`: a saved model as a file PyTorch reads — safetensors under the tutorial's
 * `NeuralNet` state_dict names (`input_layer.weight` `[128, 784]`, …), loadable with
 * `load_state_dict(strict=True)`.
 */
export function createExportCommand(): Command {
  const cmd = new Command('export')
    .description("write a saved model in another format: safetensors for PyTorch (the tutorial's NeuralNet names)")
    .requiredOption('--model <dir>', 'folder holding model.json + weights.bin')
    .addOption(new Option('--format <name>', 'output format').choices(['safetensors']).default('safetensors'))
    .option('--out <file>', 'file to write (default: <model dir>/model.safetensors)');
  addBackendOption(cmd);
  addOutputOptions(cmd);
  return cmd.action(async (flags: ExportFlags) => {
    const reporter = createReporter(flags);
    await chooseBackend(flags.backend, reporter);
    const model = await loadMlpFromDir(flags.model);
    try {
      const bytes = await mlpToSafetensors(model);
      const out = flags.out ?? join(flags.model, 'model.safetensors');
      await writeFileAtomic(out, bytes);
      reporter.result(`wrote ${out} (${bytes.byteLength} bytes, safetensors, ${model.paramCount} parameters)`);
      reporter.emitJson({ command: 'export', format: flags.format, model: flags.model, out, bytes: bytes.byteLength });
    } finally {
      model.dispose();
    }
  });
}
