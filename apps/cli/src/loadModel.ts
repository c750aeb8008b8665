import { readFile, stat } from 'node:fs/promises';
import { loadModelFromDir, type Model, modelFromSafetensors } from '@mnist-kit/models';
import { type Command, Option } from 'commander';
import { CliError } from './CliError.js';

/** Flags of commands that read a saved model (`eval`, `predict`). */
export interface ModelFlags {
  model: string;
  /** For a `.safetensors` file without mnist-kit metadata: how its inputs were scaled. */
  normalize?: 'unit' | 'standardize';
  mean?: number;
  std?: number;
}

/** Adds `--model` and the scaling flags a PyTorch-made `.safetensors` file may need. */
export function addModelOptions(cmd: Command, numberFlag: (flag: string) => (value: string) => number): Command {
  return cmd
    .requiredOption('--model <path>', 'a folder holding model.json + weights.bin, or a .safetensors file')
    .addOption(
      new Option(
        '--normalize <how>',
        "for a .safetensors file without mnist-kit metadata: 'unit' (x/255) or 'standardize' [unit]",
      ).choices(['unit', 'standardize']),
    )
    .option('--mean <x>', 'with --normalize standardize: the mean (on [0, 1]) [0.1307]', numberFlag('--mean'))
    .option(
      '--std <x>',
      'with --normalize standardize: the standard deviation (on [0, 1]) [0.3081]',
      numberFlag('--std'),
    );
}

/**
 * The model at `--model`, an MLP or a CNN: a tfjs-layers folder (`model.json` + `weights.bin`, the kind read
 * from its topology), or a `.safetensors` file — written by mnist-kit, or a PyTorch `state_dict` of the
 * tutorial's `NeuralNet` or of the CNN (`conv<i>`, `fc<j>`; a 28×28×1 input, 'valid' padding and 2×2 pooling
 * unless its metadata says otherwise): the architecture is read from its tensor names and shapes, and the
 * scaling flags say how its inputs were scaled.
 */
export async function loadModel(flags: ModelFlags): Promise<Model> {
  const isFile = await stat(flags.model).then(
    (s) => s.isFile(),
    () => false,
  );
  const scaling =
    flags.normalize === undefined && flags.mean === undefined && flags.std === undefined
      ? undefined
      : { normalize: flags.normalize ?? 'standardize', mean: flags.mean, std: flags.std };
  if (!(isFile && flags.model.endsWith('.safetensors'))) {
    if (scaling !== undefined) {
      throw new CliError(
        'USAGE',
        '--normalize, --mean and --std apply to a .safetensors model; a model.json records its own',
      );
    }
    return loadModelFromDir(flags.model);
  }
  const bytes = new Uint8Array(await readFile(flags.model));
  return modelFromSafetensors(bytes, {
    what: flags.model,
    ...(scaling === undefined ? {} : { pixelScaling: scaling }),
  });
}
