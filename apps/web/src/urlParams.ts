import type { DatasetName } from '@mnist-kit/datasets';

/** Backends the page offers; `auto` picks the best that initialises. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The models the Train form offers: `createMlp`'s dense layers, or `createCnn`'s conv blocks. */
export const MODEL_CHOICES = ['mlp', 'cnn'] as const;
export type ModelChoice = (typeof MODEL_CHOICES)[number];

/** The datasets the page offers (the registry's names). */
export const DATASET_CHOICES: readonly DatasetName[] = ['mnist', 'fashion-mnist', 'kmnist'];

/** Everything the URL can set, with defaults filled in. */
export interface PageParams {
  /** `?dataset=`. Defaults to `'mnist'`. */
  dataset: DatasetName;
  /** `?data=`: folder URL holding the four files. Defaults to `<base>data/<dataset>/` (same origin). */
  dataUrl: string;
  /** `?backend=`. Defaults to `'auto'`. */
  backend: BackendChoice;
  /** `?epochs=`. Defaults to `5`. */
  epochs: number;
  /** `?batchSize=`. Defaults to `64`. */
  batchSize: number;
  /** `?lr=`. Defaults to `0.001`. */
  learningRate: number;
  /** `?model=`: which model to train, `mlp` or `cnn`. Defaults to `'mlp'`. */
  model: ModelChoice;
  /** `?hidden=128,128` (`?hidden=` for none; the MLP's). Defaults to `[128, 128]`. */
  hidden: number[];
  /** `?limit=`: training rows used. Defaults to `undefined` (all). */
  limit: number | undefined;
  /** `?testLimit=`: test rows evaluated. Defaults to `undefined` (all). */
  testLimit: number | undefined;
  /** `?autostart=1`: start training once the data is loaded. Defaults to `false`. */
  autostart: boolean;
}

/** Parsed parameters plus one message per value that was rejected (its default is used instead). */
export interface ParsedParams {
  params: PageParams;
  errors: string[];
}

export const DEFAULT_PARAMS: Omit<PageParams, 'dataUrl'> = {
  dataset: 'mnist',
  backend: 'auto',
  epochs: 5,
  batchSize: 64,
  learningRate: 0.001,
  model: 'mlp',
  hidden: [128, 128],
  limit: undefined,
  testLimit: undefined,
  autostart: false,
};

/** Where the page looks for a dataset by default: same origin, `<base>data/<dataset>/`. */
export function defaultDataUrl(dataset: DatasetName, base = '/'): string {
  return `${base.endsWith('/') ? base : `${base}/`}data/${dataset}/`;
}

/**
 * Reads the page's URL parameters. Bad values never throw: each is reported in `errors` and replaced
 * by its default, so a typo in one parameter does not break the page.
 */
export function parseParams(search: string | URLSearchParams, base = '/'): ParsedParams {
  const query = typeof search === 'string' ? new URLSearchParams(search) : search;
  const errors: string[] = [];
  const get = (name: string) => {
    const value = query.get(name);
    return value === null ? undefined : value.trim();
  };

  const dataset = oneOf(get('dataset'), DATASET_CHOICES, 'dataset', DEFAULT_PARAMS.dataset, errors);
  const backend = oneOf(get('backend'), BACKEND_CHOICES, 'backend', DEFAULT_PARAMS.backend, errors);
  const epochs = integer(get('epochs'), 'epochs', 1, 1000, errors) ?? DEFAULT_PARAMS.epochs;
  const batchSize = integer(get('batchSize'), 'batchSize', 1, 65536, errors) ?? DEFAULT_PARAMS.batchSize;
  const learningRate = positive(get('lr'), 'lr', 10, errors) ?? DEFAULT_PARAMS.learningRate;
  const model = oneOf(get('model'), MODEL_CHOICES, 'model', DEFAULT_PARAMS.model, errors);
  const hidden = hiddenSizes(get('hidden'), errors) ?? DEFAULT_PARAMS.hidden;
  const limit = integer(get('limit'), 'limit', 1, Number.MAX_SAFE_INTEGER, errors);
  const testLimit = integer(get('testLimit'), 'testLimit', 1, Number.MAX_SAFE_INTEGER, errors);
  const autostart = flag(get('autostart'), 'autostart', errors);
  const data = get('data');
  const dataUrl = data === undefined || data === '' ? defaultDataUrl(dataset, base) : data;
  return {
    params: { dataset, dataUrl, backend, epochs, batchSize, learningRate, model, hidden, limit, testLimit, autostart },
    errors,
  };
}

/** Parses a hidden-layer list such as `128,128` (empty: no hidden layer); `undefined` when invalid. */
export function parseHiddenSizes(text: string): number[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(',').map((p) => p.trim());
  if (parts.length > 8) return undefined;
  const sizes = parts.map(Number);
  return sizes.every((n, i) => /^\d+$/.test(parts[i]!) && Number.isInteger(n) && n >= 1 && n <= 4096)
    ? sizes
    : undefined;
}

/** The query string that reproduces `params` (defaults left out). */
export function toSearch(params: PageParams, base = '/'): string {
  const query = new URLSearchParams();
  if (params.dataset !== DEFAULT_PARAMS.dataset) query.set('dataset', params.dataset);
  if (params.dataUrl !== defaultDataUrl(params.dataset, base)) query.set('data', params.dataUrl);
  if (params.backend !== DEFAULT_PARAMS.backend) query.set('backend', params.backend);
  if (params.epochs !== DEFAULT_PARAMS.epochs) query.set('epochs', String(params.epochs));
  if (params.batchSize !== DEFAULT_PARAMS.batchSize) query.set('batchSize', String(params.batchSize));
  if (params.learningRate !== DEFAULT_PARAMS.learningRate) query.set('lr', String(params.learningRate));
  if (params.model !== DEFAULT_PARAMS.model) query.set('model', params.model);
  if (params.hidden.join(',') !== DEFAULT_PARAMS.hidden.join(',')) query.set('hidden', params.hidden.join(','));
  if (params.limit !== undefined) query.set('limit', String(params.limit));
  if (params.testLimit !== undefined) query.set('testLimit', String(params.testLimit));
  if (params.autostart) query.set('autostart', '1');
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

function oneOf<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  name: string,
  fallback: T,
  errors: string[],
): T {
  if (value === undefined || value === '') return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  errors.push(`${name}: "${value}" is not one of ${choices.join(', ')}; using ${fallback}.`);
  return fallback;
}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  errors: string[],
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(n) && n >= min && n <= max) return n;
  errors.push(`${name}: "${value}" is not an integer from ${min} to ${max}; using the default.`);
  return undefined;
}

function positive(value: string | undefined, name: string, max: number, errors: string[]): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n > 0 && n <= max) return n;
  errors.push(`${name}: "${value}" is not a number in (0, ${max}]; using the default.`);
  return undefined;
}

function hiddenSizes(value: string | undefined, errors: string[]): number[] | undefined {
  if (value === undefined) return undefined;
  const sizes = parseHiddenSizes(value);
  if (sizes === undefined) {
    errors.push(`hidden: "${value}" is not a comma-separated list of up to 8 sizes from 1 to 4096; using the default.`);
  }
  return sizes;
}

function flag(value: string | undefined, name: string, errors: string[]): boolean {
  if (value === undefined) return false;
  if (['1', 'true', 'yes', ''].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(value.toLowerCase())) return false;
  errors.push(`${name}: "${value}" is not 1 or 0; using 0.`);
  return false;
}
