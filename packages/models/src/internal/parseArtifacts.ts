import { pixelScaling } from '@mnist-kit/datasets';
import type { Activation, Init, MlpConfig } from '../types';
import { invalid, isPositiveInt, type Obj, parseLayersArtifacts, show } from './artifactParts';
import { checkWeights, countParams, expectLayer } from './checkWeights';
import { metadataBlock, recordedFields } from './dataFields';
import type { DenseWeights } from './initWeights';
import { inferInit } from './kerasTopology';
import { ACTIVATIONS, INITS } from './resolveOptions';
import { dropoutRate, forEachLayer, sequentialLayers } from './sequentialLayers';

/** A validated model: its recipe and host-side weights. */
export interface ParsedModel {
  readonly config: MlpConfig;
  readonly weights: DenseWeights[];
}

interface DenseSpec {
  readonly name: string;
  readonly units: number;
  readonly activation: string;
  readonly kernelInitializer: unknown;
}

/** Layer classes of a CNN (a hint in the error when `fromArtifacts` meets one). */
const CNN_LAYERS = new Set(['Conv2D', 'MaxPooling2D', 'Flatten', 'Reshape']);

/** Reads `[null, n]` (a batch input shape) or `[n]`; returns n or undefined. */
function featureSize(shape: unknown, batched: boolean): number | undefined {
  if (!Array.isArray(shape) || shape.length !== (batched ? 2 : 1)) return undefined;
  if (batched && shape[0] !== null && !isPositiveInt(shape[0])) return undefined;
  const n = shape[batched ? 1 : 0];
  return isPositiveInt(n) ? n : undefined;
}

function inputSizeOf(config: Obj): number | undefined | 'bad' {
  if (config.batch_input_shape != null) return featureSize(config.batch_input_shape, true) ?? 'bad';
  if (config.batch_shape != null) return featureSize(config.batch_shape, true) ?? 'bad';
  if (config.input_shape != null) return featureSize(config.input_shape, false) ?? 'bad';
  return undefined;
}

/** Parses the Keras `Sequential` topology into Dense layers, their input size and the dropout rate. */
function parseTopology(topology: unknown, issues: string[]) {
  const layers = sequentialLayers(topology, issues);
  if (layers === undefined) return undefined;

  let inputSize: number | undefined;
  const denses: DenseSpec[] = [];
  const dropoutAfter: (number | undefined)[] = [];
  forEachLayer(layers, issues, ({ index, cls, config, name, where }) => {
    const size = inputSizeOf(config);
    if (size === 'bad')
      issues.push(
        `${where}: input shape ${show(config.batch_input_shape ?? config.batch_shape ?? config.input_shape)} is not [null, n]`,
      );

    if (cls === 'InputLayer') {
      if (index !== 0) issues.push(`${where}: InputLayer must come first`);
      else if (typeof size === 'number') inputSize = size;
      else if (size === undefined) issues.push(`${where}: InputLayer has no batch_input_shape`);
    } else if (cls === 'Dense') {
      if (name === undefined) issues.push(`${where}: Dense layer has no name`);
      if (!isPositiveInt(config.units)) issues.push(`${where}: units ${show(config.units)} is not a positive integer`);
      if (typeof config.activation !== 'string') {
        issues.push(`${where}: activation ${show(config.activation)} is not a string`);
      }
      if (config.use_bias === false)
        issues.push(`${where}: use_bias false is not supported (every Dense needs a bias)`);
      if (denses.length === 0) {
        if (typeof size === 'number') {
          if (inputSize !== undefined && inputSize !== size) {
            issues.push(
              `${where}: batch_input_shape [null, ${size}] disagrees with the InputLayer ([null, ${inputSize}])`,
            );
          }
          inputSize = size;
        } else if (size === undefined && inputSize === undefined) {
          issues.push(`${where}: the first Dense layer has no batch_input_shape`);
        }
      }
      denses.push({
        name: name ?? `#${index}`,
        units: isPositiveInt(config.units) ? config.units : 0,
        activation: String(config.activation),
        kernelInitializer: config.kernel_initializer,
      });
    } else if (cls === 'Dropout') {
      if (denses.length === 0) issues.push(`${where}: Dropout before the first Dense layer is not supported`);
      else if (dropoutAfter[denses.length - 1] !== undefined) issues.push(`${where}: two Dropout layers in a row`);
      const rate = dropoutRate(config, where, issues);
      if (rate !== undefined && denses.length > 0) dropoutAfter[denses.length - 1] = rate;
    } else {
      issues.push(
        `${where}: unsupported layer class ${show(cls)} (only Dense and Dropout layers are supported${
          CNN_LAYERS.has(cls as string) ? '; a CNN loads with modelFromArtifacts, loadModel or loadModelFromDir' : ''
        })`,
      );
    }
  });

  if (denses.length === 0) {
    issues.push('the model has no Dense layer');
    return undefined;
  }
  const hidden = denses.slice(0, -1);
  const output = denses[denses.length - 1]!;
  if (output.activation !== 'softmax' && output.activation !== 'linear') {
    issues.push(`output layer "${output.name}": activation "${output.activation}" must be softmax or linear`);
  }
  if (dropoutAfter[denses.length - 1] !== undefined) issues.push('a Dropout after the output layer is not supported');
  const activation = hidden[0]?.activation ?? 'relu';
  for (const d of hidden) {
    if (!ACTIVATIONS.includes(d.activation as Activation)) {
      issues.push(
        `layer "${d.name}": unknown activation "${d.activation}" (expected one of ${ACTIVATIONS.join(', ')})`,
      );
    } else if (d.activation !== activation) {
      issues.push(
        `layer "${d.name}": activation "${d.activation}" differs from "${activation}" (one activation for all hidden layers)`,
      );
    }
  }
  const rates = hidden.map((_, i) => dropoutAfter[i] ?? 0);
  const dropout = rates[0] ?? 0;
  if (rates.some((r) => r !== dropout)) {
    issues.push(`dropout rates ${show(rates)} differ (one rate after every hidden layer is supported)`);
  }
  return {
    inputSize: inputSize ?? 0,
    denses,
    activation: activation as Activation,
    dropout,
    init: inferInit(denses[0]!.kernelInitializer),
  };
}

type MlpMeta = MlpConfig & { paramCount: number };

function parseMetadata(block: unknown, issues: string[]) {
  return metadataBlock<MlpMeta>(block, issues, (raw) => {
    if (raw.kind !== undefined && raw.kind !== 'mlp') {
      issues.push(`mnistKit.kind ${show(raw.kind)} disagrees with the topology (Dense layers: "mlp")`);
    }
    if (!ACTIVATIONS.includes(raw.activation as Activation))
      issues.push(`mnistKit.activation ${show(raw.activation)} is unknown`);
    if (!INITS.includes(raw.init as Init)) issues.push(`mnistKit.init ${show(raw.init)} is unknown`);
    if (typeof raw.dropout !== 'number' || !(raw.dropout >= 0 && raw.dropout < 1)) {
      issues.push(`mnistKit.dropout ${show(raw.dropout)} is not in [0, 1)`);
    }
    if (raw.seed !== null && !Number.isSafeInteger(raw.seed))
      issues.push(`mnistKit.seed ${show(raw.seed)} is not an integer`);
    if (!isPositiveInt(raw.inputSize)) issues.push('mnistKit.inputSize is not a positive integer');
    if (!isPositiveInt(raw.outputSize)) issues.push('mnistKit.outputSize is not a positive integer');
    if (!Array.isArray(raw.hiddenSizes) || !raw.hiddenSizes.every(isPositiveInt)) {
      issues.push('mnistKit.hiddenSizes is not an array of positive integers');
    }
    if (!isPositiveInt(raw.paramCount)) issues.push('mnistKit.paramCount is not a positive integer');
  });
}

/**
 * Validates tfjs `ModelArtifacts` strictly and extracts the recipe and weights. Every problem found is listed
 * in the thrown `ModelError('INVALID_FORMAT')`.
 */
export function parseArtifacts(input: unknown): ParsedModel {
  const { artifacts, topology, meta } = parseLayersArtifacts(input, parseTopology);
  const issues: string[] = [];
  const fanIns = topology.denses.map((_, i) => (i === 0 ? topology.inputSize : topology.denses[i - 1]!.units));

  // Expected weights, in layer order.
  const expected = new Map<string, number[]>();
  topology.denses.forEach((d, i) => {
    expectLayer(expected, d.name, [fanIns[i]!, d.units], d.units);
  });

  const weights = checkWeights(artifacts, expected, issues, 'not a Dense kernel or bias of this topology');

  const paramCount = countParams(expected);
  const hiddenSizes = topology.denses.slice(0, -1).map((d) => d.units);
  const outputSize = topology.denses[topology.denses.length - 1]!.units;
  let config: MlpConfig = {
    inputSize: topology.inputSize,
    hiddenSizes,
    outputSize,
    activation: topology.activation,
    dropout: topology.dropout,
    init: topology.init,
    seed: null,
    pixelScaling: pixelScaling(),
    classNames: null,
    preprocessing: 'digit',
  };
  if (meta !== undefined) {
    const m = parseMetadata(meta, issues);
    if (m !== undefined) {
      const disagree = (what: string, a: unknown, b: unknown) =>
        issues.push(`mnistKit.${what} ${show(a)} disagrees with the topology (${show(b)})`);
      if (m.inputSize !== config.inputSize) disagree('inputSize', m.inputSize, config.inputSize);
      if (show(m.hiddenSizes) !== show(hiddenSizes)) disagree('hiddenSizes', m.hiddenSizes, hiddenSizes);
      if (m.outputSize !== outputSize) disagree('outputSize', m.outputSize, outputSize);
      if (m.paramCount !== paramCount) disagree('paramCount', m.paramCount, paramCount);
      if (hiddenSizes.length > 0 && m.activation !== config.activation) {
        disagree('activation', m.activation, config.activation);
      }
      if (hiddenSizes.length > 0 && m.dropout !== config.dropout) disagree('dropout', m.dropout, config.dropout);
      config = { ...config, activation: m.activation, dropout: m.dropout, ...recordedFields(m) };
    }
  }
  if (issues.length > 0 || weights === undefined) invalid(issues);

  return { config, weights: topology.denses.map((d, i) => weights.dense(d.name, fanIns[i]!, d.units)) };
}
