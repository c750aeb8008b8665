import { selectBackend } from '@mnist-kit/training';
import { nodeBackendCandidates } from './nodeBackends.js';
import type { Reporter } from './output/createReporter.js';

/** Selects the tfjs backend for `--backend` and tells the user, in one line, what was chosen and why. */
export async function chooseBackend(preference: string, reporter: Reporter) {
  const selection = await selectBackend({ preference, candidates: nodeBackendCandidates() });
  if (selection.fellBack) reporter.info(selection.message);
  else reporter.debug(selection.message);
  return selection;
}
