import { fromArtifacts, loadMlp, type Mlp, mlpFromSafetensors, saveMlp } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import { baseName, type DatasetFileNames, fileKind } from './fileSlots';
import { artifactsFromFiles, artifactsFromUrl } from './modelSources';

/** Where the page keeps its model between visits. */
export const BROWSER_MODEL_URL = 'indexeddb://mnist-kit';

/**
 * Throws unless the model takes a 28×28 image, which is what the page feeds it (any number of classes: a model
 * trained on your own folder names its own).
 */
export function checkModelShape(model: Mlp, inputSize = 784): Mlp {
  const { config } = model;
  if (config.inputSize !== inputSize) {
    model.dispose();
    throw new Error(
      `the model maps ${config.inputSize} inputs to ${config.outputSize} classes; this page feeds it ${inputSize} (28×28)`,
    );
  }
  return model;
}

/** One line describing a model, e.g. `784 → 128 → 128 → 10, relu, 118,282 parameters`. */
export function describeModel(model: Mlp): string {
  const { inputSize, hiddenSizes, outputSize, activation } = model.config;
  const layers = [inputSize, ...hiddenSizes, outputSize].join(' → ');
  return `${layers}, ${activation}, ${model.paramCount.toLocaleString('en-US')} parameters`;
}

/** Saves the model in this browser's IndexedDB. */
export async function saveToBrowser(model: Mlp): Promise<void> {
  await saveMlp(model, BROWSER_MODEL_URL);
}

/** The model saved in this browser, or `undefined` when there is none. */
export async function loadFromBrowser(): Promise<Mlp | undefined> {
  let models: Record<string, unknown>;
  try {
    models = await tf.io.listModels();
  } catch {
    return undefined;
  }
  if (!(BROWSER_MODEL_URL in models)) return undefined;
  return checkModelShape(await loadMlp(BROWSER_MODEL_URL));
}

/** Forgets the model saved in this browser. */
export async function removeFromBrowser(): Promise<void> {
  const models = await tf.io.listModels();
  if (BROWSER_MODEL_URL in models) await tf.io.removeModel(BROWSER_MODEL_URL);
}

/**
 * Loads a model from picked or dropped files: `model.json` + `weights.bin`, as the CLI writes them, or one
 * `.safetensors` file (`mnist-kit export`, or a PyTorch `state_dict` of the tutorial's network saved with
 * `safetensors.torch.save_file`). Files that belong in the Data slot (`dataFiles`: the dataset's four names) are
 * refused with a message saying so.
 */
export async function loadFromFiles(files: readonly File[], dataFiles: DatasetFileNames): Promise<Mlp> {
  const [only] = files;
  if (files.length === 1 && only !== undefined && fileKind(only.name, dataFiles) === 'model-safetensors') {
    return checkModelShape(mlpFromSafetensors(new Uint8Array(await only.arrayBuffer()), { what: baseName(only.name) }));
  }
  return checkModelShape(fromArtifacts(await artifactsFromFiles(files, dataFiles)));
}

/** Loads a model from a `model.json` URL (its weights are fetched next to it). */
export async function loadFromUrl(url: string): Promise<Mlp> {
  return checkModelShape(fromArtifacts(await artifactsFromUrl(url, { base: globalThis.location?.href })));
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
export async function downloadModel(model: Mlp): Promise<void> {
  await saveMlp(model, downloadHandler());
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
