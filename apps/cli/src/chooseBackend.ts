import { type BackendSelection, nodeCandidates, selectBackend } from '@mnist-kit/backends';
import type { Reporter } from './output/createReporter.js';

let active: BackendSelection | undefined;

/**
 * Selects the tfjs backend for `--backend` and tells the user, in one line, what was chosen and why
 * (always when auto fell back or the device is a software GPU; with `--verbose` otherwise).
 */
export async function chooseBackend(preference: string, reporter: Reporter): Promise<BackendSelection> {
  const selection = await selectBackend({ preference, candidates: nodeCandidates() });
  active = selection;
  const line = selection.description ? `${selection.message} · ${selection.description}` : selection.message;
  if (selection.fellBack || selection.device?.software) reporter.info(line);
  else reporter.debug(line);
  return selection;
}

/** Frees the chosen backend's device (a WebGPU device would keep the process alive). Called once, by `runCli`. */
export async function releaseBackend(): Promise<void> {
  const selection = active;
  active = undefined;
  await selection?.release();
}
