import type { EpochLog } from '@mnist-kit/training';
import { type AccuracyData, addEpochAccuracy } from '../chartData';
import { createAccuracyChart, createLossChart } from '../charts';
import { etaSeconds, formatDuration, formatRate } from '../progress';
import { classNames, dataPreprocessing, isLocked, onModelReplaced, type PageState, type Store } from '../state';
import { describeStepEngine, prepareSplits, type StepEvent, Trainer } from '../trainer';
import {
  parseTrainForm,
  type TrainFormFields,
  type TrainFormValues,
  trainFormFields,
  trainFormParams,
  usesHiddenLayers,
} from '../trainForm';
import { element, setFormDisabled } from './_dom';
import type { EvaluationPanel } from './evaluationPanel';

/** The Train section: the recipe form, Start / Stop / Resume, progress, and the loss and accuracy charts. */
export interface TrainingPanel {
  /** Starts a run with the form's recipe on the dataset in use (the form's errors shown instead, if any). */
  start(): Promise<void>;
  /** Calls `listener` after every training step (as the loss chart gets it); returns the unsubscribe function. */
  onStep(listener: (event: StepEvent) => void): () => void;
  /** Calls `listener` after every epoch; returns the unsubscribe function. */
  onEpoch(listener: (log: EpochLog, epochs: number) => void): () => void;
}

export interface TrainingPanelDeps {
  /** Evaluates the model once a run stops or ends, and empties the section when a run starts. */
  evaluation: Pick<EvaluationPanel, 'clear' | 'run'>;
}

export function createTrainingPanel(store: Store, { evaluation }: TrainingPanelDeps): TrainingPanel {
  const ui = {
    form: element('train-form', HTMLFormElement),
    start: element('train-button', HTMLButtonElement),
    stop: element('stop-button', HTMLButtonElement),
    resume: element('resume-button', HTMLButtonElement),
    epochStatus: element('epoch-status'),
    stepEngine: element('step-engine'),
    rate: element('rate'),
    error: element('train-error'),
    modelNote: element('model-note'),
  };
  const fields = {
    model: element('model-kind', HTMLSelectElement),
    hidden: element('hidden', HTMLInputElement),
    activation: element('activation', HTMLSelectElement),
    dropout: element('dropout', HTMLInputElement),
    epochs: element('epochs', HTMLInputElement),
    batchSize: element('batch-size', HTMLInputElement),
    learningRate: element('lr', HTMLInputElement),
    limit: element('limit', HTMLInputElement),
  } satisfies Record<keyof TrainFormFields, { value: string }>;
  const lossChart = createLossChart(element('loss-chart'));
  const accuracyChart = createAccuracyChart(element('accuracy-chart'));
  let accuracyData: AccuracyData = [[], [], []];
  let lastRateUpdate = 0;
  const stepListeners = new Set<(event: StepEvent) => void>();
  const epochListeners = new Set<(log: EpochLog, epochs: number) => void>();

  const trainer = new Trainer({
    onStep(event) {
      showStep(event);
      for (const listener of stepListeners) listener(event);
    },
    onEpoch(log, epochs) {
      accuracyData = addEpochAccuracy(accuracyData, log.epoch, log.trainAccuracy, log.valAccuracy);
      accuracyChart.set(accuracyData);
      const val = log.valAccuracy === undefined ? '' : `, validation accuracy ${log.valAccuracy.toFixed(4)}`;
      ui.rate.textContent = `epoch ${log.epoch + 1}/${epochs}: loss ${log.trainLoss.toFixed(4)}${val}, ${log.seconds.toFixed(1)} s, ${formatRate(log.samplesPerSecond)}`;
      for (const listener of epochListeners) listener(log, epochs);
    },
    onState: (state) => store.set({ training: state === 'training' || state === 'stopping' }),
    onStepEngine(info) {
      ui.stepEngine.textContent = `steps: ${describeStepEngine(info)}`;
      ui.stepEngine.title = info.reason === undefined ? '' : `SIMD engine not used: ${info.reason}`;
    },
  });

  function showStep(event: StepEvent): void {
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
        batchSize: store.state.params.batchSize,
      });
      ui.rate.textContent = `${formatRate(event.samplesPerSecond)} · ETA ${formatDuration(eta)}`;
    }
  }

  /** Reads and checks the form; valid values become the page's parameters (and so the URL's). */
  function readForm(): { values?: TrainFormValues; errors: string[] } {
    const result = parseTrainForm({
      model: fields.model.value,
      hidden: fields.hidden.value,
      activation: fields.activation.value,
      dropout: fields.dropout.value,
      epochs: fields.epochs.value,
      batchSize: fields.batchSize.value,
      learningRate: fields.learningRate.value,
      limit: fields.limit.value,
    });
    if (result.values !== undefined) store.setParams(trainFormParams(result.values));
    return result;
  }

  async function start(): Promise<void> {
    const { dataset } = store.state;
    if (dataset === undefined) return;
    const { values, errors } = readForm();
    ui.error.textContent = errors.join(' ');
    if (values === undefined) return;
    lossChart.reset();
    accuracyData = [[], [], []];
    accuracyChart.reset();
    evaluation.clear();
    ui.epochStatus.textContent = `epoch 1/${values.epochs}`;
    ui.stepEngine.textContent = '';
    const { limit, ...config } = values;
    const data = prepareSplits(dataset.train, { limit });
    // One output per class of the data in use, its names and preprocessing recorded in the model.
    const run = trainer.start(
      { ...config, classNames: classNames(store.state), preprocessing: dataPreprocessing(store.state) },
      data,
    );
    const rows = data.train.count.toLocaleString('en-US');
    store.set({ model: trainer.model, modelOrigin: `training on ${rows} ${dataset.name} images` });
    await finish(run);
  }

  async function resume(): Promise<void> {
    if (!trainer.canResume) return;
    ui.error.textContent = '';
    await finish(trainer.resume());
  }

  async function finish(run: Promise<unknown>): Promise<void> {
    try {
      await run;
    } catch (error) {
      ui.error.textContent = `Training failed: ${(error as Error).message}`;
    }
    const { history } = trainer;
    const { epochs } = store.state.params;
    if (trainer.state === 'stopped' && history?.stoppedAt !== undefined) {
      const { epoch, step } = history.stoppedAt;
      ui.epochStatus.textContent = `stopped in epoch ${epoch + 1}/${epochs} after step ${step} (model kept; Resume continues)`;
    } else if (trainer.state === 'done') {
      ui.epochStatus.textContent = `done: epoch ${history?.epochs.length ?? epochs}/${epochs}`;
    }
    store.set({ model: trainer.model, modelOrigin: 'trained in this browser' });
    await evaluation.run();
  }

  function renderControls(state: PageState): void {
    const locked = isLocked(state);
    ui.start.disabled = locked || state.dataset === undefined;
    ui.stop.disabled = trainer.state !== 'training';
    ui.resume.disabled = locked || !trainer.canResume || state.dataset === undefined;
    setFormDisabled(ui.form, state.training);
    renderModelChoice();
  }

  /** The hidden sizes and activation are the MLP's: off (and said so) while the CNN is chosen. */
  function renderModelChoice(): void {
    const mlp = usesHiddenLayers(fields.model.value);
    for (const field of [fields.hidden, fields.activation]) field.disabled = store.state.training || !mlp;
    ui.modelNote.textContent = mlp
      ? 'MLP: the hidden sizes and activation below; its steps run on the SIMD engine on cpu and wasm.'
      : 'CNN: conv 8 → max-pool → conv 16 → max-pool (5×5 kernels, ReLU) → dense 128 → one output per class; hidden sizes and activation are the MLP’s and do not apply. Its steps run on tfjs ops, slower than the MLP’s.';
  }

  for (const [name, value] of Object.entries(trainFormFields(store.state.params))) {
    fields[name as keyof typeof fields].value = value;
  }
  ui.form.addEventListener('change', () => void readForm());
  fields.model.addEventListener('change', renderModelChoice);
  ui.form.addEventListener('submit', (event) => event.preventDefault());
  ui.start.addEventListener('click', () => void start());
  ui.stop.addEventListener('click', () => trainer.stop());
  ui.resume.addEventListener('click', () => void resume());
  // A model loaded in its place: free the trained one, and its optimizer (the run cannot be resumed).
  onModelReplaced(store, (previous) => {
    if (previous === trainer.model) trainer.dispose();
  });
  store.subscribe(renderControls);
  renderModelChoice();
  return {
    start,
    onStep(listener) {
      stepListeners.add(listener);
      return () => stepListeners.delete(listener);
    },
    onEpoch(listener) {
      epochListeners.add(listener);
      return () => epochListeners.delete(listener);
    },
  };
}
