/** A model file (or URL) that is not what the Model slot needs; its message is one line for the page. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/** `model.json + weights.bin` for picked files, the URL otherwise. */
export function describeModelSource(source: readonly { name: string }[] | string): string {
  return typeof source === 'string' ? source : source.map((f) => f.name).join(' + ') || 'no files';
}

/**
 * The one line the page shows when loading a model failed: what was tried, why it failed, and which model is
 * still in use (`kept`, e.g. `loaded from model.json + weights.bin (784 → 128 → 10, relu, …)`), if any.
 */
export function modelLoadFailedMessage(error: unknown, source: string, kept: string | undefined): string {
  const reason = (error instanceof Error ? error.message : String(error)).trim().replace(/[.\s]+$/, '');
  const still = kept === undefined ? 'No model is loaded.' : `Still using the model ${kept}.`;
  return `Could not load a model from ${source}: ${reason}. ${still}`;
}
