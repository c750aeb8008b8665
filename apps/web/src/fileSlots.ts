/**
 * The page's two file slots — Data (the four MNIST-format files) and Model (`model.json` + `weights.bin`) —
 * and the one-line reason a set of picked or dropped files does not belong in a slot. Pure: names only. A dataset
 * file is accepted under the names `@mnist-kit/datasets` matches picked files by (`candidateNames`).
 */
import { candidateNames } from '@mnist-kit/datasets';

/** A picked or dropped file; only its name matters here. */
export interface NamedFile {
  readonly name: string;
}

/** The four files of a dataset, as the registry names them (`train-images-idx3-ubyte.gz`, …), in load order. */
export type DatasetFileNames = readonly string[];

/** What a file is, from its name. */
export type FileKind = 'model-json' | 'model-weights' | 'model-safetensors' | 'dataset' | 'other';

/** A path's last segment (`C:\x\model.json` and `a/b/model.json` → `model.json`). */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/** What a file is from its name: a model's JSON or weights, one of the dataset's files (or IDX-named), or other. */
export function fileKind(name: string, dataFiles: DatasetFileNames): FileKind {
  const base = baseName(name);
  const lower = base.toLowerCase();
  if (lower.endsWith('.json')) return 'model-json';
  if (lower.endsWith('.bin')) return 'model-weights';
  if (lower.endsWith('.safetensors')) return 'model-safetensors';
  if (dataFiles.some((f) => candidateNames(f).includes(base)) || /[-.]idx\d-ubyte/.test(lower)) return 'dataset';
  return 'other';
}

/** `a`, `a and b`, `a, b and c`. */
export function listAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Why `files` cannot be loaded as the dataset `name` (whose four files are `dataFiles`), or `undefined` when
 * each of the four is there exactly once (other files are ignored, as the loader ignores them).
 */
export function checkDataSlot(
  files: readonly NamedFile[],
  name: string,
  dataFiles: DatasetFileNames,
): string | undefined {
  const given = files.map((f) => baseName(f.name));
  const takes = `the Data slot takes the four ${name} files (${dataFiles.join(', ')})`;
  const matches = dataFiles.map((file) => given.filter((g) => candidateNames(file).includes(g)));
  const missing = dataFiles.filter((_, i) => matches[i]!.length === 0);
  const model = given.filter((g) => ['model-json', 'model-weights'].includes(fileKind(g, dataFiles)));
  if (missing.length > 0 && model.length > 0) {
    return `model files go in the Model section (${model.join(', ')}); ${takes}`;
  }
  const twice = matches.findIndex((m) => m.length > 1);
  if (twice >= 0) return `${matches[twice]!.join(' and ')} are both ${dataFiles[twice]}: ${takes}, one of each`;
  if (missing.length > 0) return `missing ${listAnd(missing)}: ${takes} at once; got ${given.join(', ') || 'none'}`;
  return undefined;
}

/**
 * Why `files` are not a model for the Model slot (`model.json` + its weights file), or `undefined` when there is
 * one `.json` file. Whether the weights file is there is decided once model.json has been read (it names it).
 */
export function checkModelSlot(files: readonly NamedFile[], dataFiles: DatasetFileNames): string | undefined {
  const given = files.map((f) => baseName(f.name));
  const kinds = given.map((g) => fileKind(g, dataFiles));
  const json = given.filter((_, i) => kinds[i] === 'model-json');
  const safetensors = given.filter((_, i) => kinds[i] === 'model-safetensors');
  if (safetensors.length > 0) {
    return safetensors.length === 1 && given.length === 1
      ? undefined
      : `a .safetensors model comes alone (one file), not with ${listAnd(given.filter((g) => g !== safetensors[0]))}`;
  }
  if (json.length === 1) return undefined;
  if (json.length > 1) return `pick one model.json with its weights file, not ${listAnd(json)}`;
  if (kinds.includes('dataset')) {
    return 'dataset files go in the Data section (all four at once); the Model slot takes model.json + weights.bin, or one .safetensors file';
  }
  if (kinds.includes('model-weights')) return 'model.json is missing: pick or drop it together with the weights file';
  return `model.json is missing: the Model slot takes model.json + weights.bin, or one .safetensors file, not ${listAnd(given) || 'nothing'}`;
}
