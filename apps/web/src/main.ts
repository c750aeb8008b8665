// The demo page (index.html): one panel per section, each in src/panels/ and owning its elements, sharing the
// page's state through one store (state.ts). This file only wires them together and starts the page.
//
// To add a panel: write src/panels/fooPanel.ts exporting `createFooPanel(store, deps)` (it looks up its own
// elements, subscribes to the store for what it shows, and returns only what other panels call), add its
// markup to index.html, and call it below.
import './styles.css';
import { ignoreStrayDrops } from './fileDrop';
import { element, setList } from './panels/_dom';
import { createActivationsPanel } from './panels/activationsPanel';
import { createBackendPanel } from './panels/backendPanel';
import { createDataPanel } from './panels/dataPanel';
import { createEvaluationPanel } from './panels/evaluationPanel';
import { createLiveCost } from './panels/liveCost';
import { createModelPanel } from './panels/modelPanel';
import { createNormsPanel } from './panels/normsPanel';
import { createPredictPanel } from './panels/predictPanel';
import { createSamplesPanel } from './panels/samplesPanel';
import { createTrainingPanel } from './panels/trainingPanel';
import { createWeightsPanel } from './panels/weightsPanel';
import { createStore } from './state';
import { parseParams, toSearch } from './urlParams';

const BASE = import.meta.env.BASE_URL;
const parsed = parseParams(window.location.search, BASE);
const store = createStore(parsed.params);

// The URL follows the parameters, without `autostart` (reloading the page does not start another run).
store.subscribe((state, changed) => {
  if (!changed.has('params')) return;
  const search = toSearch({ ...state.params, autostart: false }, BASE);
  window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
});
setList(element('param-errors'), parsed.errors);
ignoreStrayDrops(window);

const backend = createBackendPanel(store);
const evaluation = createEvaluationPanel(store);
const data = createDataPanel(store, { evaluation });
const training = createTrainingPanel(store, { evaluation });
const models = createModelPanel(store, { evaluation });
createPredictPanel(store);
// Inside the network: the data, the first layer's weights, the norms while training, one input's activations.
createSamplesPanel(store);
const cost = createLiveCost({ training });
createWeightsPanel(store, { training, cost });
createNormsPanel({ training, cost });
createActivationsPanel(store, { training, cost });

async function start(): Promise<void> {
  await backend.switchTo(store.state.params.backend);
  await models.restoreSaved();
  await data.load();
  if (store.state.params.autostart && store.state.dataset !== undefined) await training.start();
}

void start();
