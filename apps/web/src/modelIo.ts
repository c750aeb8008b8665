import { loadModel, type Model, modelFromArtifacts, modelFromSafetensors, saveModel } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { baseName, type DatasetFileNames, fileKind } from './fileSlots';
import { artifactsFromFiles, artifactsFromUrl } from './modelSources';

/** Where the page keeps its model between visits. */
export const BROWSER_MODEL_URL = 'indexeddb://mnist-kit';

/**
 * Throws unless the model takes a 28×28 image, which is what the page feeds it (any number of classes: a model
 * trained on your own folder names its own). A CNN must take it as one 28×28 channel (`inputShape` `[28, 28, 1]`).
 */
export function checkModelShape<M extends Model>(model: M, inputSize = 784): M {
  const { config } = model;
  if (config.inputSize !== inputSize) {
    model.dispose();
    throw new Error(
      `the model maps ${config.inputSize} inputs to ${config.outputSize} classes; this page feeds it ${inputSize} (28×28)`,
    );
  }
  if (model.kind === 'cnn') {
    const [height, width, channels] = model.config.inputShape;
    const side = Math.round(Math.sqrt(inputSize));
    if (height !== side || width !== side || channels !== 1) {
      model.dispose();
      throw new Error(
        `the CNN takes ${height}×${width}×${channels} images; this page feeds it ${side}×${side}×1 (one gray channel)`,
      );
    }
  }
  return model;
}

/**
 * One line describing a model: an MLP's layer widths and activation, e.g.
 * `784 → 128 → 128 → 10, relu, 118,282 parameters`; a CNN's filters per conv block, kernel sizes and dense widths,
 * e.g. `conv 8-16 k5 → dense 128 → 10, 37,610 parameters`.
 */
export function describeModel(model: Model): string {
  const parameters = `${model.paramCount.toLocaleString('en-US')} parameters`;
  if (model.kind === 'cnn') {
    const { filters, kernelSize, padding, poolSize, denseSizes, outputSize } = model.config;
    const kernels = new Set(kernelSize).size === 1 ? String(kernelSize[0]) : kernelSize.join('-');
    const extras = [padding === 'same' ? 'same' : '', poolSize === 2 ? '' : `pool ${poolSize}`].filter(Boolean);
    const conv = [`conv ${filters.join('-')} k${kernels}`, ...extras].join(' ');
    const dense = denseSizes.length === 0 ? [] : [`dense ${denseSizes.join('-')}`];
    return `${[conv, ...dense, outputSize].join(' → ')}, ${parameters}`;
  }
  const { inputSize, hiddenSizes, outputSize, activation } = model.config;
  const layers = [inputSize, ...hiddenSizes, outputSize].join(' → ');
  return `${layers}, ${activation}, ${parameters}`;
}

/** Saves the model in this browser's IndexedDB. */
export async function saveToBrowser(model: Model): Promise<void> {
  await saveModel(model, BROWSER_MODEL_URL);
}

/** The model saved in this browser (an MLP or a CNN), or `undefined` when there is none. */
export async function loadFromBrowser(): Promise<Model | undefined> {
  let models: Record<string, unknown>;
  try {
    models = await tf.io.listModels();
  } catch {
    return undefined;
  }
  if (!(BROWSER_MODEL_URL in models)) return undefined;
  return checkModelShape(await loadModel(BROWSER_MODEL_URL));
}

/** Forgets the model saved in this browser. */
export async function removeFromBrowser(): Promise<void> {
  const models = await tf.io.listModels();
  if (BROWSER_MODEL_URL in models) await tf.io.removeModel(BROWSER_MODEL_URL);
}

/**
 * Loads a model — an MLP or a CNN — from picked or dropped files: `model.json` + `weights.bin`, as the CLI writes
 * them, or one `.safetensors` file (`mnist-kit export`, or a PyTorch `state_dict` of the tutorial's network or of
 * a CNN saved with `safetensors.torch.save_file`). Files that belong in the Data slot (`dataFiles`: the dataset's
 * four names) are refused with a message saying so.
 */
export async function loadFromFiles(files: readonly File[], dataFiles: DatasetFileNames): Promise<Model> {
  const [only] = files;
  if (files.length === 1 && only !== undefined && fileKind(only.name, dataFiles) === 'model-safetensors') {
    const bytes = new Uint8Array(await only.arrayBuffer());
    return checkModelShape(modelFromSafetensors(bytes, { what: baseName(only.name) }));
  }
  return checkModelShape(modelFromArtifacts(await artifactsFromFiles(files, dataFiles)));
}

/** Loads a model (an MLP or a CNN) from a `model.json` URL (its weights are fetched next to it). */
export async function loadFromUrl(url: string): Promise<Model> {
  return checkModelShape(modelFromArtifacts(await artifactsFromUrl(url, { base: globalThis.location?.href })));
}

/**
 * The save handler behind "Download": `model.json` (weights manifest pointing at `weights.bin`)
 * and `weights.bin`, the same two files the CLI writes, so either loads the other's model.
 */
export function downloadHandler(save: (name: string, blob: Blob) => void = triggerDownload): tf.io.IOHandler {
  return {
    async save(artifacts) {
      const weightData = artifacts.weightData;
      const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology!,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      save('model.json', new Blob([JSON.stringify(modelJson)], { type: 'application/json' }));
      save('weights.bin', new Blob(buffers, { type: 'application/octet-stream' }));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** Downloads the model as `model.json` + `weights.bin`. */
export async function downloadModel(model: Model): Promise<void> {
  await saveModel(model, downloadHandler());
}

function triggerDownload(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
