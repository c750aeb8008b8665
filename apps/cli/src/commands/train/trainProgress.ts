import type { BatchEndInfo, EpochEndInfo, EpochStartInfo, StepEngineInfo } from '@mnist-kit/training';
import type { ProgressHandle, Reporter } from '../../output/createReporter.js';

/** One line on what runs the steps, e.g. `SIMD engine (relaxed-simd), 2 threads` or `tfjs ops on webgl (…)`. */
export function describeStepEngine(info: StepEngineInfo): string {
  if (info.name === 'simd') return `SIMD engine (${info.isa}), ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  return `tfjs ops on ${info.backend}${info.reason === undefined ? '' : ` (SIMD engine not used: ${info.reason})`}`;
}

/**
 * What the user sees while `fit` runs: on a TTY a bar per epoch (step, last loss, samples/s, ETA), else
 * one line per epoch; the step engine once at the start. Also records when the first step ran.
 */
export function createTrainProgress(reporter: Reporter, epochs: number, firstEpoch: number) {
  let bar: ProgressHandle = { update() {}, stop() {} };
  // The loss is read back every few steps (not every step: that would sync the backend); show the last one.
  let lastLoss = '-';
  let firstStepSeconds: number | undefined;
  return {
    get firstStepSeconds() {
      return firstStepSeconds;
    },
    onEpochStart({ epoch, stepsPerEpoch, stepEngine }: EpochStartInfo) {
      if (epoch === firstEpoch) reporter.info(`steps: ${describeStepEngine(stepEngine)}`);
      bar.stop();
      bar = reporter.bar(
        `epoch ${epoch + 1}/${epochs} |{bar}| {value}/{total} loss {loss} | {sps} samples/s | ETA {eta}s`,
        stepsPerEpoch ?? 0,
        { loss: lastLoss, sps: '-' },
      );
    },
    onBatchEnd(info: BatchEndInfo) {
      // performance.now() counts from process start: this is "command start → first training step".
      firstStepSeconds ??= performance.now() / 1000;
      if (info.loss !== undefined) lastLoss = info.loss.toFixed(4);
      bar.update(info.step + 1, { loss: lastLoss, sps: Math.round(info.samplesPerSecond ?? 0) });
    },
    onEpochEnd(e: EpochEndInfo) {
      bar.stop();
      const val =
        e.valLoss === undefined ? '' : ` val_loss ${e.valLoss.toFixed(4)} val_acc ${(e.valAccuracy ?? 0).toFixed(4)}`;
      reporter.info(
        `epoch ${e.epoch + 1}/${epochs} loss ${e.trainLoss.toFixed(4)}${val} ${e.seconds.toFixed(2)} s ${Math.round(e.samplesPerSecond)} samples/s`,
      );
    },
    stop() {
      bar.stop();
    },
  };
}
