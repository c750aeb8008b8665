import type * as tf from '@tensorflow/tfjs-core';
import { baseName, checkModelSlot, type DatasetFileNames, listAnd } from './fileSlots';
import { ModelLoadError } from './modelLoadErrors';

/**
 * Reads `model.json` + weights (picked files or a URL) into tfjs `ModelArtifacts`, saying in one line what is
 * wrong with a file instead of what tfjs would do: `tf.io.browserFiles` throws inside a FileReader callback on a
 * model.json that is not JSON (an uncaught error, and a promise that never settles), and `tf.io.http` reads an
 * HTML fallback page as the weights. What the artifacts describe is checked next by `fromArtifacts`.
 */

/** A `model.json`: topology plus the manifest naming its weights file(s). */
export interface ModelJson {
  modelTopology: unknown;
  weightsManifest: tf.io.WeightsManifestConfig;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: tf.io.ModelArtifacts['userDefinedMetadata'];
}

const BYTES_PER: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/** `true` when the bytes start like markup (`<!doctype html>`, `<html>`, …) after a BOM and whitespace. */
export function looksLikeMarkup(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < Math.min(bytes.length, 256) && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  return bytes[i] === 0x3c;
}

/** `true` when the bytes are not UTF-8 text (a NUL, or invalid UTF-8, in the first 4 KiB). */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return true;
  try {
    // A multi-byte character cut at the 4 KiB boundary is not binary: decode with `stream` so it is held back.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return false;
  } catch {
    return true;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Parses a `model.json` (`label` names it in messages); throws {@link ModelLoadError} saying what it is instead. */
export function readModelJson(bytes: Uint8Array, label: string): ModelJson {
  if (bytes.length === 0) throw new ModelLoadError(`${label} is empty`);
  if (looksLikeMarkup(bytes)) {
    throw new ModelLoadError(`${label} is an HTML page, not a model.json (servers answer a missing file with a page)`);
  }
  if (looksBinary(bytes)) {
    throw new ModelLoadError(
      `${label} is binary data, not a model.json (is it the weights file? model.json is the JSON file saved next to it)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelLoadError(`${label} is not JSON (${(error as Error).message})`);
  }
  const notAModel = `${label} is JSON, but not a tfjs-layers model`;
  if (!isObject(json)) {
    const what = json === null ? 'null' : Array.isArray(json) ? 'a list' : `a ${typeof json}`;
    throw new ModelLoadError(`${notAModel} (it is ${what}, not an object with modelTopology and weightsManifest)`);
  }
  if (json.modelTopology == null) throw new ModelLoadError(`${notAModel} (it has no "modelTopology")`);
  const manifest = json.weightsManifest;
  const validGroup = (g: unknown) =>
    isObject(g) && Array.isArray(g.paths) && g.paths.every((p) => typeof p === 'string') && Array.isArray(g.weights);
  if (!Array.isArray(manifest) || !manifest.every(validGroup) || manifest.length === 0) {
    throw new ModelLoadError(
      `${notAModel} (its "weightsManifest" is ${manifest == null ? 'missing' : 'not a list of { paths, weights } groups'})`,
    );
  }
  return json as unknown as ModelJson;
}

/** The weight file names a manifest lists, in order. */
export function weightPaths(json: ModelJson): string[] {
  return json.weightsManifest.flatMap((group) => group.paths);
}

/** Bytes of weight data the manifest describes, or `undefined` when it cannot say (quantized, odd dtypes, bad shapes). */
export function expectedWeightBytes(json: ModelJson): { bytes: number; values: number } | undefined {
  let bytes = 0;
  let values = 0;
  for (const spec of json.weightsManifest.flatMap((group) => group.weights)) {
    const per = BYTES_PER[spec.dtype as string];
    if (!Array.isArray(spec.shape) || spec.quantization != null || per === undefined) return undefined;
    if (!spec.shape.every((d) => Number.isInteger(d) && d >= 0)) return undefined;
    const n = spec.shape.reduce((a, b) => a * b, 1);
    values += n;
    bytes += n * per;
  }
  return { bytes, values };
}

const n = (x: number) => x.toLocaleString('en-US');

/** Throws unless `bytes` look like binary weights (not a page, not JSON text). */
export function checkWeightBytes(bytes: Uint8Array, label: string): void {
  if (bytes.length === 0) throw new ModelLoadError(`${label} is empty`);
  if (looksLikeMarkup(bytes)) {
    throw new ModelLoadError(
      `${label} is an HTML page, not the weights (is the weights file missing next to model.json?)`,
    );
  }
  if (!looksBinary(bytes) && /^\s*[{[]/.test(new TextDecoder().decode(bytes.subarray(0, 64)))) {
    throw new ModelLoadError(
      `${label} is JSON text, not the binary weights (is it model.json? pick model.json and its weights file)`,
    );
  }
}

/** Joins the weight buffers and checks their total length against the manifest. */
function assemble(json: ModelJson, jsonLabel: string, weights: { label: string; bytes: Uint8Array }[]) {
  const total = weights.reduce((sum, w) => sum + w.bytes.length, 0);
  const expected = expectedWeightBytes(json);
  if (expected !== undefined && total !== expected.bytes) {
    const which = weights.length === 1 ? `${weights[0]!.label} has` : `${listAnd(weights.map((w) => w.label))} have`;
    throw new ModelLoadError(
      `${which} ${n(total)} bytes, but ${jsonLabel} describes ${n(expected.bytes)} (${n(expected.values)} weights): ` +
        'not the weights saved with this model.json',
    );
  }
  const data = new Uint8Array(total);
  let offset = 0;
  for (const w of weights) {
    data.set(w.bytes, offset);
    offset += w.bytes.length;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: data.buffer,
  };
  if (json.format !== undefined) artifacts.format = json.format;
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy != null) artifacts.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined) artifacts.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata !== undefined) artifacts.userDefinedMetadata = json.userDefinedMetadata;
  return artifacts;
}

/**
 * Model artifacts from picked or dropped files: one `.json` plus the weight file(s) its manifest names, matched
 * by name — or, when model.json names one file and one other file was given, that file whatever it is called
 * (browsers rename a second download to `weights (1).bin`).
 */
export async function artifactsFromFiles(
  files: readonly File[],
  dataFiles: DatasetFileNames,
): Promise<tf.io.ModelArtifacts> {
  const wrong = checkModelSlot(files, dataFiles);
  if (wrong !== undefined) throw new ModelLoadError(wrong);
  const jsonFile = files.find((f) => baseName(f.name).toLowerCase().endsWith('.json'))!;
  const jsonLabel = baseName(jsonFile.name);
  const json = readModelJson(new Uint8Array(await jsonFile.arrayBuffer()), jsonLabel);
  const others = files.filter((f) => f !== jsonFile);
  const paths = weightPaths(json).map(baseName);
  let chosen: File[];
  if (others.length === 0) {
    throw new ModelLoadError(
      `${listAnd(paths)} ${paths.length === 1 ? 'is' : 'are'} missing: pick or drop it with ${jsonLabel}`,
    );
  } else if (paths.length === 1 && others.length === 1) {
    chosen = others;
  } else {
    const missing = paths.filter((p) => !others.some((f) => baseName(f.name) === p));
    if (missing.length > 0) {
      throw new ModelLoadError(
        `${jsonLabel} names ${listAnd(missing)}, not among the files given (${others.map((f) => baseName(f.name)).join(', ')})`,
      );
    }
    chosen = paths.map((p) => others.find((f) => baseName(f.name) === p)!);
  }
  const weights = [];
  for (const file of chosen) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    checkWeightBytes(bytes, baseName(file.name));
    weights.push({ label: baseName(file.name), bytes });
  }
  return assemble(json, jsonLabel, weights);
}

async function fetchBytes(url: string, what: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new ModelLoadError(
      `${url} could not be fetched (${(error as Error).message}; another origin must allow CORS)`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new ModelLoadError(`${url} (${what}) could not be fetched: ${status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Model artifacts from a `model.json` URL (absolute, or relative to `base`) and the weights it names next to it. */
export async function artifactsFromUrl(
  url: string,
  options: { base?: string; fetch?: typeof fetch } = {},
): Promise<tf.io.ModelArtifacts> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let absolute: URL;
  try {
    absolute = new URL(url, options.base);
  } catch {
    throw new ModelLoadError(`"${url}" is not a URL`);
  }
  const json = readModelJson(await fetchBytes(absolute.href, 'the model.json', fetchImpl), absolute.href);
  const weights = [];
  for (const path of weightPaths(json)) {
    const weightsUrl = new URL(path, absolute).href;
    const bytes = await fetchBytes(weightsUrl, `the weights named by ${baseName(absolute.pathname)}`, fetchImpl);
    checkWeightBytes(bytes, weightsUrl);
    weights.push({ label: weightsUrl, bytes });
  }
  return assemble(json, absolute.href, weights);
}
