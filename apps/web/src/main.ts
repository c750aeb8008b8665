import './styles.css';
import {
  type BackendAttempt,
  BackendError,
  type BackendSelection,
  browserCandidates,
  probeBrowserPlatform,
  selectBackend,
} from '@mnist-kit/backends';
import {
  type Dataset,
  type DatasetFileInput,
  type DatasetName,
  getDatasetSpec,
  loadDatasetFromUrl,
  type Split,
  takeSubset,
} from '@mnist-kit/datasets';
import { evaluate } from '@mnist-kit/evaluation';
import type { Activation, Mlp } from '@mnist-kit/models';
import { type AccuracyData, addEpochAccuracy } from './chartData';
import { createAccuracyChart, createLossChart } from './charts';
import { renderConfusionMatrix } from './confusion';
import { dataErrorMessage, dataFileNames, describeDataset, describeProgress, keptDataNote } from './data';
import { createDrawCanvas } from './drawCanvas';
import { dropZone, ignoreStrayDrops, takeFiles } from './fileDrop';
import { checkDataSlot } from './fileSlots';
import { paintGray, renderMisclassified } from './gallery';
import {
  describeModel,
  downloadModel,
  loadFromBrowser,
  loadFromFiles,
  loadFromUrl,
  removeFromBrowser,
  saveToBrowser,
} from './modelIo';
import { describeModelSource, modelLoadFailedMessage } from './modelLoadErrors';
import { predictDigit } from './predict';
import { etaSeconds, formatDuration, formatRate } from './progress';
import { describeStepEngine, prepareSplits, type StepEvent, Trainer } from './trainer';
import {
  type BackendChoice,
  defaultDataUrl,
  type PageParams,
  parseHiddenSizes,
  parseParams,
  toSearch,
} from './urlParams';
import { wasmThreadsNote } from './wasmThreadsNote';

const BASE = import.meta.env.BASE_URL;

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

const ui = {
  backendSelect: $<HTMLSelectElement>('backend-select'),
  activeBackend: $('active-backend'),
  backendDetail: $('backend-detail'),
  backendNotes: $('backend-notes'),
  platform: $('platform'),
  paramErrors: $('param-errors'),
  datasetSelect: $<HTMLSelectElement>('dataset-select'),
  dataUrl: $('data-url'),
  datasetStatus: $('dataset-status'),
  dropZone: $('drop-zone'),
  dataFiles: $<HTMLInputElement>('data-files'),
  form: $<HTMLFormElement>('train-form'),
  hidden: $<HTMLInputElement>('hidden'),
  activation: $<HTMLSelectElement>('activation'),
  dropout: $<HTMLInputElement>('dropout'),
  epochs: $<HTMLInputElement>('epochs'),
  batchSize: $<HTMLInputElement>('batch-size'),
  lr: $<HTMLInputElement>('lr'),
  limit: $<HTMLInputElement>('limit'),
  trainButton: $<HTMLButtonElement>('train-button'),
  stopButton: $<HTMLButtonElement>('stop-button'),
  resumeButton: $<HTMLButtonElement>('resume-button'),
  epochStatus: $('epoch-status'),
  stepEngine: $('step-engine'),
  rate: $('rate'),
  trainError: $('train-error'),
  testAccuracy: $('test-accuracy'),
  evalDetail: $('eval-detail'),
  confusion: $('confusion-matrix'),
  misclassified: $('misclassified'),
  drawCanvas: $<HTMLCanvasElement>('draw-canvas'),
  clearButton: $<HTMLButtonElement>('clear-button'),
  prediction: $('prediction'),
  predictionName: $('prediction-name'),
  predictStatus: $('predict-status'),
  preview: $<HTMLCanvasElement>('preview'),
  bars: $('bars'),
  modelStatus: $('model-status'),
  modelDropZone: $('model-drop-zone'),
  modelFileInput: $<HTMLInputElement>('model-file-input'),
  modelUrlForm: $<HTMLFormElement>('model-url-form'),
  modelUrl: $<HTMLInputElement>('model-url'),
  saveButton: $<HTMLButtonElement>('save-model-button'),
  downloadButton: $<HTMLButtonElement>('download-model-button'),
  forgetButton: $<HTMLButtonElement>('forget-model-button'),
};

const parsed = parseParams(window.location.search, BASE);
const params: PageParams = parsed.params;
let dataset: Dataset | undefined;
let testSplit: Split | undefined;
let dataLoad: AbortController | undefined;
/** The last dataset that loaded, kept when a later load fails (what it was loaded as, and from where). */
let loadedData: { dataset: Dataset; testSplit: Split; dataUrl: string; from: string } | undefined;
let model: Mlp | undefined;
let modelOrigin = '';
let busy = false;
let accuracyData: AccuracyData = [[], [], []];
let lastRateUpdate = 0;

const lossChart = createLossChart($('loss-chart'));
const accuracyChart = createAccuracyChart($('accuracy-chart'));
const drawing = createDrawCanvas(ui.drawCanvas, { onChange: () => void updatePrediction() });

const trainer = new Trainer({
  onStep: onStep,
  onEpoch: (log, epochs) => {
    accuracyData = addEpochAccuracy(accuracyData, log.epoch, log.trainAccuracy, log.valAccuracy);
    accuracyChart.set(accuracyData);
    const val = log.valAccuracy === undefined ? '' : `, validation accuracy ${log.valAccuracy.toFixed(4)}`;
    ui.rate.textContent = `epoch ${log.epoch + 1}/${epochs}: loss ${log.trainLoss.toFixed(4)}${val}, ${log.seconds.toFixed(1)} s, ${formatRate(log.samplesPerSecond)}`;
  },
  onState: () => updateControls(),
  onStepEngine: (info) => {
    ui.stepEngine.textContent = `steps: ${describeStepEngine(info)}`;
    ui.stepEngine.title = info.reason === undefined ? '' : `SIMD engine not used: ${info.reason}`;
  },
});

function classNames(): readonly string[] {
  return dataset?.classNames ?? getDatasetSpec(params.dataset).classNames;
}

function setList(list: HTMLElement, lines: readonly string[]): void {
  list.replaceChildren(
    ...lines.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }),
  );
}

function syncUrl(): void {
  const search = toSearch({ ...params, autostart: false }, BASE);
  window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
}

function updateControls(): void {
  const training = trainer.state === 'training' || trainer.state === 'stopping';
  const locked = training || busy;
  ui.trainButton.disabled = locked || dataset === undefined;
  ui.stopButton.disabled = trainer.state !== 'training';
  ui.resumeButton.disabled = locked || !trainer.canResume || dataset === undefined;
  ui.backendSelect.disabled = locked;
  ui.datasetSelect.disabled = locked;
  ui.dataFiles.disabled = locked;
  ui.modelFileInput.disabled = locked;
  for (const el of ui.modelUrlForm.elements) (el as HTMLInputElement).disabled = locked;
  for (const el of ui.form.elements) (el as HTMLInputElement).disabled = training;
  ui.saveButton.disabled = locked || model === undefined;
  ui.downloadButton.disabled = locked || model === undefined;
}

// ---------------------------------------------------------------------------------------------- backend

async function switchBackend(choice: BackendChoice): Promise<void> {
  busy = true;
  updateControls();
  ui.activeBackend.textContent = '…';
  const platform = await probeBrowserPlatform();
  const candidates = browserCandidates({ wasmPath: `${BASE}wasm/` });
  // Why each backend is not in use, one line per backend, first reason wins.
  const reasons = new Map<string, string>();
  const record = (attempts: readonly BackendAttempt[]) => {
    for (const a of attempts) if (!a.ok && !reasons.has(a.name)) reasons.set(a.name, a.reason ?? 'failed');
  };
  const notes: string[] = [];
  let selection: BackendSelection | undefined;
  try {
    selection = await selectBackend({ preference: choice, candidates });
  } catch (error) {
    if (error instanceof BackendError && error.attempts.length > 0) record(error.attempts);
    else notes.push(error instanceof Error ? error.message : String(error));
    if (error instanceof BackendError && choice !== 'auto') {
      try {
        selection = await selectBackend({ preference: 'auto', candidates });
        notes.push(`${choice} is unavailable; using ${selection.name} instead`);
      } catch (fallback) {
        notes.push((fallback as Error).message);
      }
    }
  }
  if (selection !== undefined) {
    record(selection.attempts);
    const tried = new Set([...reasons.keys(), ...selection.attempts.map((a) => a.name)]);
    for (const [name, reason] of Object.entries(platform.unavailable)) if (!tried.has(name)) reasons.set(name, reason);
    ui.activeBackend.textContent = selection.name;
    ui.backendDetail.textContent = selection.description === undefined ? '' : `(${selection.description})`;
  } else {
    ui.activeBackend.textContent = 'none';
    ui.backendDetail.textContent = '';
  }
  for (const [name, reason] of reasons) notes.push(`${name}: ${reason}`);
  const threadsNote = wasmThreadsNote(platform.crossOriginIsolated);
  if (threadsNote !== undefined) notes.push(threadsNote);
  setList(ui.backendNotes, notes);
  const wasmThreads = selection?.name === 'wasm' ? selection.description?.match(/\d+ threads?/)?.[0] : '';
  ui.platform.textContent =
    `crossOriginIsolated: ${platform.crossOriginIsolated ? 'yes' : 'no'} · ` +
    `logical cores: ${platform.hardwareConcurrency} · ` +
    `wasm threads: ${wasmThreads || (selection?.name === 'wasm' ? '1 thread' : 'n/a (wasm not active)')}`;
  busy = false;
  updateControls();
}

// ------------------------------------------------------------------------------------------------- data

async function loadData(files?: readonly DatasetFileInput[]): Promise<void> {
  const wrongFiles = files && checkDataSlot(files, params.dataset, dataFileNames(params.dataset));
  if (wrongFiles !== undefined) {
    ui.datasetStatus.textContent = `Could not load ${params.dataset} from the picked files: ${wrongFiles}.`;
    if (dataset !== undefined) ui.datasetStatus.textContent += ` ${keptDataNote(dataset)}`;
    return;
  }
  dataLoad?.abort();
  const controller = new AbortController();
  dataLoad = controller;
  dataset = undefined;
  testSplit = undefined;
  updateControls();
  ui.dataUrl.textContent = files === undefined ? `from ${params.dataUrl}` : 'from picked files';
  ui.datasetStatus.textContent = 'loading…';
  try {
    const loaded = await loadDatasetFromUrl({
      name: params.dataset,
      ...(files === undefined ? { baseUrl: params.dataUrl } : { files }),
      signal: controller.signal,
      onProgress: (progress) => {
        ui.datasetStatus.textContent = describeProgress(progress);
      },
    });
    if (dataLoad !== controller) return;
    dataset = loaded;
    testSplit = params.testLimit === undefined ? loaded.test : takeSubset(loaded.test, params.testLimit);
    loadedData = { dataset, testSplit, dataUrl: params.dataUrl, from: ui.dataUrl.textContent ?? '' };
    ui.datasetStatus.textContent = describeDataset(loaded);
    if (model !== undefined) void runEvaluation();
  } catch (error) {
    if (dataLoad !== controller) return;
    ui.datasetStatus.textContent = dataErrorMessage(error, {
      dataset: params.dataset,
      baseUrl: params.dataUrl,
      isDefaultUrl: files === undefined && params.dataUrl === defaultDataUrl(params.dataset, BASE),
      picked: files !== undefined,
    });
    keepLoadedData();
  } finally {
    updateControls();
  }
}

/** After a failed load: back to the dataset loaded before (and the menu and URL that loaded it), if any. */
function keepLoadedData(): void {
  if (loadedData === undefined) return;
  ({ dataset, testSplit } = loadedData);
  const tried = params.dataset;
  if (params.dataset !== loadedData.dataset.name || params.dataUrl !== loadedData.dataUrl) {
    params.dataset = loadedData.dataset.name;
    params.dataUrl = loadedData.dataUrl;
    ui.datasetSelect.value = params.dataset;
    syncUrl();
    void runEvaluation(); // the dataset menu cleared it
  }
  ui.dataUrl.textContent = loadedData.from;
  ui.datasetStatus.textContent += ` ${keptDataNote(loadedData.dataset, tried)}`;
}

function setupDataPicking(): void {
  ui.dataFiles.addEventListener('change', () => {
    const files = takeFiles(ui.dataFiles);
    if (files.length > 0) void loadData(files);
  });
  dropZone(
    ui.dropZone,
    (files) => void loadData(files),
    () => !ui.dataFiles.disabled,
  );
}

// --------------------------------------------------------------------------------------------- training

interface FormValues {
  hidden: number[];
  activation: Activation;
  dropout: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  limit: number | undefined;
}

function readForm(): { values?: FormValues; errors: string[] } {
  const errors: string[] = [];
  const hidden = parseHiddenSizes(ui.hidden.value);
  if (hidden === undefined) errors.push('Hidden sizes: a comma-separated list like 128,128 (or empty).');
  const num = (input: HTMLInputElement) => Number(input.value);
  const dropout = num(ui.dropout);
  if (!(dropout >= 0 && dropout < 1)) errors.push('Dropout: a number from 0 to below 1.');
  const epochs = num(ui.epochs);
  if (!(Number.isInteger(epochs) && epochs >= 1)) errors.push('Epochs: a whole number ≥ 1.');
  const batchSize = num(ui.batchSize);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) errors.push('Batch size: a whole number ≥ 1.');
  const learningRate = num(ui.lr);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) errors.push('Learning rate: a number > 0.');
  const limitText = ui.limit.value.trim();
  const limit = limitText === '' ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) errors.push('Train subset: a whole number ≥ 1.');
  if (errors.length > 0) return { errors };
  return {
    values: {
      hidden: hidden!,
      activation: ui.activation.value as Activation,
      dropout,
      epochs,
      batchSize,
      learningRate,
      limit,
    },
    errors,
  };
}

function fillForm(): void {
  ui.hidden.value = params.hidden.join(',');
  ui.epochs.value = String(params.epochs);
  ui.batchSize.value = String(params.batchSize);
  ui.lr.value = String(params.learningRate);
  ui.limit.value = params.limit === undefined ? '' : String(params.limit);
}

function onStep(event: StepEvent): void {
  if (event.loss !== undefined) lossChart.push(event.globalStep, event.loss);
  if (trainer.state === 'training') {
    ui.epochStatus.textContent = `epoch ${event.epoch + 1}/${event.epochs} · step ${event.stepInEpoch}/${event.stepsPerEpoch}`;
  }
  const now = performance.now();
  if (now - lastRateUpdate > 250) {
    lastRateUpdate = now;
    const eta = etaSeconds({
      stepInEpoch: event.stepInEpoch,
      stepsPerEpoch: event.stepsPerEpoch,
      epoch: event.epoch,
      epochs: event.epochs,
      samplesPerSecond: event.samplesPerSecond,
      batchSize: params.batchSize,
    });
    ui.rate.textContent = `${formatRate(event.samplesPerSecond)} · ETA ${formatDuration(eta)}`;
  }
}

async function startTraining(): Promise<void> {
  if (dataset === undefined) return;
  const { values, errors } = readForm();
  ui.trainError.textContent = errors.join(' ');
  if (values === undefined) return;
  Object.assign(params, {
    hidden: values.hidden,
    epochs: values.epochs,
    batchSize: values.batchSize,
    learningRate: values.learningRate,
    limit: values.limit,
  });
  syncUrl();
  if (model !== undefined && model !== trainer.model) model.dispose();
  model = undefined;
  lossChart.reset();
  accuracyData = [[], [], []];
  accuracyChart.reset();
  clearEvaluation();
  ui.epochStatus.textContent = `epoch 1/${values.epochs}`;
  ui.stepEngine.textContent = '';
  const data = prepareSplits(dataset.train, { limit: values.limit });
  const run = trainer.start(
    {
      hidden: values.hidden,
      activation: values.activation,
      dropout: values.dropout,
      epochs: values.epochs,
      batchSize: values.batchSize,
      learningRate: values.learningRate,
    },
    data,
  );
  setModel(trainer.model, `training on ${data.train.count.toLocaleString('en-US')} ${params.dataset} images`);
  await finishRun(run);
}

async function resumeTraining(): Promise<void> {
  if (!trainer.canResume) return;
  ui.trainError.textContent = '';
  await finishRun(trainer.resume());
}

async function finishRun(run: Promise<unknown>): Promise<void> {
  updateControls();
  try {
    await run;
  } catch (error) {
    ui.trainError.textContent = `Training failed: ${(error as Error).message}`;
  }
  const history = trainer.history;
  const epochs = params.epochs;
  if (trainer.state === 'stopped' && history?.stoppedAt !== undefined) {
    const { epoch, step } = history.stoppedAt;
    ui.epochStatus.textContent = `stopped in epoch ${epoch + 1}/${epochs} after step ${step} (model kept; Resume continues)`;
  } else if (trainer.state === 'done') {
    ui.epochStatus.textContent = `done: epoch ${history?.epochs.length ?? epochs}/${epochs}`;
  }
  setModel(trainer.model, 'trained in this browser');
  updateControls();
  await runEvaluation();
}

// ------------------------------------------------------------------------------------------- evaluation

function clearEvaluation(): void {
  ui.testAccuracy.textContent = '–';
  ui.evalDetail.textContent = '';
  ui.confusion.replaceChildren();
  ui.misclassified.replaceChildren();
}

async function runEvaluation(): Promise<void> {
  const current = model;
  const split = testSplit;
  if (current === undefined || split === undefined || dataset === undefined) return;
  ui.evalDetail.textContent = 'evaluating…';
  const started = performance.now();
  try {
    const result = await evaluate(current, split, { classNames: classNames(), maxMisclassified: 24 });
    if (model !== current) return;
    ui.testAccuracy.textContent = result.accuracy.toFixed(4);
    ui.evalDetail.textContent = `on ${result.count.toLocaleString('en-US')} test images · loss ${result.loss.toFixed(4)} · top-${result.topK} ${result.topKAccuracy.toFixed(4)} · ${((performance.now() - started) / 1000).toFixed(1)} s`;
    renderConfusionMatrix(ui.confusion, result.confusionMatrix, classNames());
    renderMisclassified(ui.misclassified, split, result.misclassified, classNames());
  } catch (error) {
    ui.evalDetail.textContent = `evaluation failed: ${(error as Error).message}`;
  }
}

// --------------------------------------------------------------------------------------- draw & predict

let predictionSeq = 0;

async function updatePrediction(): Promise<void> {
  const seq = ++predictionSeq;
  const current = model;
  if (drawing.isBlank) {
    ui.prediction.textContent = '';
    ui.predictionName.textContent = '';
    ui.bars.replaceChildren();
    ui.predictStatus.textContent = current === undefined ? 'Train or load a model, then draw.' : 'Draw a digit.';
    ui.preview.getContext('2d')?.clearRect(0, 0, 28, 28);
    return;
  }
  if (current === undefined || current.isDisposed) {
    ui.predictStatus.textContent = 'No model yet: train one or load one below.';
    return;
  }
  const image = drawing.imageData();
  try {
    const result = await predictDigit(current, {
      data: image.data,
      width: image.width,
      height: image.height,
      channels: 4,
    });
    if (seq !== predictionSeq) return;
    if (result === undefined) {
      ui.predictStatus.textContent = 'Nothing to read yet: draw a bigger or darker stroke.';
      return;
    }
    const names = classNames();
    ui.prediction.textContent = String(result.top);
    ui.predictionName.textContent = names[result.top] === String(result.top) ? '' : `(${names[result.top]})`;
    ui.predictStatus.textContent = `${(result.probabilities[result.top]! * 100).toFixed(1)} % sure`;
    renderPreview(result.input);
    renderBars(result.probabilities, result.top, names);
  } catch (error) {
    if (seq === predictionSeq) ui.predictStatus.textContent = `prediction failed: ${(error as Error).message}`;
  }
}

function renderPreview(input: Uint8Array): void {
  const ctx = ui.preview.getContext('2d')!;
  const image = ctx.createImageData(28, 28);
  paintGray(image.data, input);
  ctx.putImageData(image, 0, 0);
}

function renderBars(probabilities: Float32Array, top: number, names: readonly string[]): void {
  const items = Array.from(probabilities, (p, k) => {
    const li = document.createElement('li');
    if (k === top) li.className = 'best';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = names[k] === String(k) ? String(k) : `${k} ${names[k]}`;
    const track = document.createElement('span');
    track.className = 'track';
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.display = 'block';
    fill.style.width = `${(p * 100).toFixed(1)}%`;
    track.append(fill);
    const value = document.createElement('span');
    value.textContent = `${(p * 100).toFixed(1)}%`;
    li.append(name, track, value);
    li.setAttribute('aria-label', `${name.textContent}: ${(p * 100).toFixed(1)} percent`);
    return li;
  });
  ui.bars.replaceChildren(...items);
}

// ----------------------------------------------------------------------------------------------- models

function setModel(next: Mlp | undefined, origin: string): void {
  if (model !== undefined && model !== next && !model.isDisposed) {
    if (model === trainer.model) trainer.dispose();
    else model.dispose();
  }
  model = next;
  modelOrigin = origin;
  ui.modelStatus.textContent = next === undefined ? 'No model yet.' : `Model ${modelOrigin}: ${describeModel(next)}.`;
  updateControls();
  void updatePrediction();
}

async function adoptModel(load: () => Promise<Mlp>, source: string): Promise<void> {
  const origin = `loaded from ${source}`;
  busy = true;
  updateControls();
  ui.modelStatus.textContent = `loading a model from ${source}…`;
  try {
    const loaded = await load();
    setModel(loaded, origin);
    clearEvaluation();
    void runEvaluation();
  } catch (error) {
    const kept = model === undefined || model.isDisposed ? undefined : `${modelOrigin} (${describeModel(model)})`;
    ui.modelStatus.textContent = modelLoadFailedMessage(error, source, kept);
  } finally {
    busy = false;
    updateControls();
  }
}

function setupModelIo(): void {
  const loadFiles = (files: File[]) =>
    void adoptModel(() => loadFromFiles(files, dataFileNames(params.dataset)), describeModelSource(files));
  ui.modelFileInput.addEventListener('change', () => {
    const files = takeFiles(ui.modelFileInput);
    if (files.length > 0) loadFiles(files);
  });
  dropZone(ui.modelDropZone, loadFiles, () => !ui.modelFileInput.disabled);
  ui.modelUrlForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = ui.modelUrl.value.trim();
    if (url !== '') void adoptModel(() => loadFromUrl(url), url);
  });
  ui.saveButton.addEventListener('click', async () => {
    if (model === undefined) return;
    try {
      await saveToBrowser(model);
      ui.modelStatus.textContent = `Model ${modelOrigin}: ${describeModel(model)}. Saved in this browser (IndexedDB); it loads on your next visit.`;
    } catch (error) {
      ui.modelStatus.textContent = `Saving failed: ${(error as Error).message}`;
    }
  });
  ui.downloadButton.addEventListener('click', async () => {
    if (model === undefined) return;
    try {
      await downloadModel(model);
    } catch (error) {
      ui.modelStatus.textContent = `Download failed: ${(error as Error).message}`;
    }
  });
  ui.forgetButton.addEventListener('click', async () => {
    await removeFromBrowser().catch(() => {});
    ui.modelStatus.textContent = `${ui.modelStatus.textContent} (The copy saved in this browser was removed.)`;
  });
}

async function restoreSavedModel(): Promise<void> {
  try {
    const saved = await loadFromBrowser();
    if (saved !== undefined) setModel(saved, 'saved in this browser (IndexedDB)');
  } catch (error) {
    ui.modelStatus.textContent = `The model saved in this browser could not be loaded: ${(error as Error).message}`;
  }
}

// ------------------------------------------------------------------------------------------------- init

async function init(): Promise<void> {
  setList(ui.paramErrors, parsed.errors);
  fillForm();
  ui.backendSelect.value = params.backend;
  ui.datasetSelect.value = params.dataset;
  ignoreStrayDrops(window);
  setupDataPicking();
  setupModelIo();
  ui.trainButton.addEventListener('click', () => void startTraining());
  ui.stopButton.addEventListener('click', () => trainer.stop());
  ui.resumeButton.addEventListener('click', () => void resumeTraining());
  ui.clearButton.addEventListener('click', () => drawing.clear());
  ui.backendSelect.addEventListener('change', () => {
    params.backend = ui.backendSelect.value as BackendChoice;
    syncUrl();
    void switchBackend(params.backend);
  });
  ui.datasetSelect.addEventListener('change', () => {
    params.dataset = ui.datasetSelect.value as DatasetName;
    params.dataUrl = defaultDataUrl(params.dataset, BASE);
    syncUrl();
    clearEvaluation();
    void loadData();
  });
  ui.form.addEventListener('change', () => {
    const { values } = readForm();
    if (values === undefined) return;
    Object.assign(params, {
      hidden: values.hidden,
      epochs: values.epochs,
      batchSize: values.batchSize,
      learningRate: values.learningRate,
      limit: values.limit,
    });
    syncUrl();
  });
  ui.form.addEventListener('submit', (event) => event.preventDefault());

  await switchBackend(params.backend);
  await restoreSavedModel();
  await loadData();
  if (params.autostart && dataset !== undefined) await startTraining();
}

void init();
