import { ModelError } from '../ModelError';

/** Helpers the MLP and CNN artifact parsers share. */

export type Obj = Record<string, unknown>;
export const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
/** A value for an error message, cut at 60 characters. */
export const show = (x: unknown) => {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** Throws `ModelError('INVALID_FORMAT')` listing every problem. */
export function invalid(issues: string[]): never {
  const message =
    issues.length === 1
      ? `Invalid model: ${issues[0]}`
      : `Invalid model (${issues.length} problems): ${issues.join('; ')}`;
  throw new ModelError('INVALID_FORMAT', message, { issues });
}

/**
 * The start both artifact parsers share: `artifacts` must be an object of format `layers-model` (or none) whose
 * `modelTopology` `parseTopology` accepts; otherwise `ModelError('INVALID_FORMAT')` listing every problem.
 * Returns the artifacts, the parsed topology and the `userDefinedMetadata.mnistKit` block (if any).
 */
export function parseLayersArtifacts<T>(
  artifacts: unknown,
  parseTopology: (topology: unknown, issues: string[]) => T | undefined,
): { artifacts: Obj; topology: T; meta: unknown } {
  const issues: string[] = [];
  if (!isObject(artifacts)) invalid(['model artifacts are not an object']);
  if (artifacts.format != null && artifacts.format !== 'layers-model') {
    issues.push(`format is ${show(artifacts.format)}, expected "layers-model"`);
  }
  const topology = parseTopology(artifacts.modelTopology, issues);
  if (topology === undefined || issues.length > 0) invalid(issues);
  const meta = isObject(artifacts.userDefinedMetadata) ? artifacts.userDefinedMetadata.mnistKit : undefined;
  return { artifacts, topology, meta };
}
