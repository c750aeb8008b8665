import { ModelError } from '../ModelError';
import type { CnnConfig, Init } from '../types';
import { invalid, isObject, isPositiveInt, type Obj, parseLayersArtifacts, show } from './artifactParts';
import { checkWeights, countParams, expectLayer } from './checkWeights';
import { cnnLayout } from './cnnLayout';
import { metadataBlock, recordedFields } from './dataFields';
import type { CnnWeights } from './initCnnWeights';
import { inferInit } from './kerasTopology';
import { resolveCnnOptions } from './resolveCnnOptions';
import { INITS } from './resolveOptions';
import { dropoutRate, forEachLayer, sequentialLayers } from './sequentialLayers';

/** A validated CNN: its recipe and host-side weights. */
export interface ParsedCnn {
  readonly config: CnnConfig;
  readonly weights: CnnWeights;
}

/** Layer classes only a CNN has. */
const CNN_CLASSES = new Set(['Conv2D', 'MaxPooling2D', 'Flatten', 'Reshape']);

/** Whether artifacts describe a CNN (a conv-side layer in the topology, or `mnistKit.kind` `'cnn'`). */
export function isCnnArtifacts(artifacts: unknown): boolean {
  if (!isObject(artifacts)) return false;
  const meta = isObject(artifacts.userDefinedMetadata) ? artifacts.userDefinedMetadata.mnistKit : undefined;
  if (isObject(meta) && meta.kind === 'cnn') return true;
  const layers = sequentialLayers(artifacts.modelTopology, []);
  return layers?.some((l) => isObject(l) && CNN_CLASSES.has(l.class_name as string)) ?? false;
}

/** `[n, n]` or `n` → n; anything else undefined. */
function square(value: unknown): number | undefined {
  if (isPositiveInt(value)) return value;
  if (Array.isArray(value) && value.length === 2 && isPositiveInt(value[0]) && value[0] === value[1]) return value[0];
  return undefined;
}

/** A batch shape `[null, …dims]` (or `input_shape` `[…dims]`) of `rank` dims, or 'bad'/undefined. */
function inputDims(config: Obj): number[] | undefined | 'bad' {
  const batched = config.batch_input_shape ?? config.batch_shape;
  const shape = batched ?? config.input_shape;
  if (shape == null) return undefined;
  if (!Array.isArray(shape)) return 'bad';
  const dims = batched != null ? shape.slice(1) : shape;
  if (batched != null && shape[0] !== null && !isPositiveInt(shape[0])) return 'bad';
  return dims.every(isPositiveInt) && (dims.length === 1 || dims.length === 3) ? (dims as number[]) : 'bad';
}

interface Block {
  name: string;
  filters: number;
  kernelSize: number;
  padding: 'valid' | 'same';
  pool?: number;
  dropout?: number;
  kernelInitializer: unknown;
}

interface DenseSpec {
  name: string;
  units: number;
  activation: string;
  dropout?: number;
}

/** Parses a CNN's `Sequential` topology into the options of `createCnn` and the layer names its weights use. */
function parseTopology(topology: unknown, issues: string[]) {
  const layers = sequentialLayers(topology, issues);
  if (layers === undefined) return undefined;
  let flatInput: number | undefined;
  let inputShape: number[] | undefined;
  const blocks: Block[] = [];
  const denses: DenseSpec[] = [];
  let flattened = false;

  forEachLayer(layers, issues, ({ index, cls, config, name, where }) => {
    const dims = inputDims(config);
    const first = blocks.length === 0 && !flattened;
    if (dims === 'bad') {
      issues.push(
        `${where}: input shape ${show(config.batch_input_shape ?? config.batch_shape ?? config.input_shape)} is not [null, n] or [null, height, width, channels]`,
      );
    } else if (dims !== undefined) {
      if (!first || (cls !== 'InputLayer' && cls !== 'Reshape' && cls !== 'Conv2D')) {
        issues.push(`${where}: only the first layer may give an input shape`);
      } else if (dims.length === 1) {
        if (inputShape !== undefined || flatInput !== undefined) issues.push(`${where}: a second input shape`);
        flatInput = dims[0];
      } else {
        if (inputShape !== undefined) issues.push(`${where}: a second input shape`);
        inputShape = dims;
      }
    }
    const block = blocks[blocks.length - 1];

    if (cls === 'InputLayer') {
      if (index !== 0) issues.push(`${where}: InputLayer must come first`);
      else if (dims === undefined) issues.push(`${where}: InputLayer has no batch_input_shape`);
    } else if (cls === 'Reshape') {
      const target = config.target_shape;
      if (blocks.length > 0 || flattened) issues.push(`${where}: a Reshape is supported only before the first Conv2D`);
      else if (!Array.isArray(target) || target.length !== 3 || !target.every(isPositiveInt)) {
        issues.push(`${where}: target_shape ${show(target)} is not [height, width, channels]`);
      } else if (inputShape !== undefined) {
        issues.push(`${where}: a Reshape after an image input shape is not supported`);
      } else {
        const [h, w, c] = target as [number, number, number];
        if (flatInput !== undefined && flatInput !== h * w * c) {
          issues.push(`${where}: target_shape ${show(target)} does not hold the ${flatInput} input features`);
        }
        inputShape = target as number[];
      }
    } else if (cls === 'Conv2D') {
      if (flattened) issues.push(`${where}: a Conv2D after the Flatten is not supported`);
      if (name === undefined) issues.push(`${where}: Conv2D layer has no name`);
      if (blocks.length === 0 && inputShape === undefined) {
        issues.push(`${where}: the first Conv2D layer has no batch_input_shape [null, height, width, channels]`);
      }
      if (!isPositiveInt(config.filters))
        issues.push(`${where}: filters ${show(config.filters)} is not a positive integer`);
      const k = square(config.kernel_size);
      if (k === undefined) issues.push(`${where}: kernel_size ${show(config.kernel_size)} is not square ([k, k])`);
      if (config.strides != null && square(config.strides) !== 1)
        issues.push(`${where}: strides ${show(config.strides)} are not supported (stride 1 only)`);
      if (config.dilation_rate != null && square(config.dilation_rate) !== 1)
        issues.push(`${where}: dilation_rate ${show(config.dilation_rate)} is not supported (1 only)`);
      if (config.padding !== 'valid' && config.padding !== 'same')
        issues.push(`${where}: padding ${show(config.padding)} must be "valid" or "same"`);
      if (config.data_format != null && config.data_format !== 'channels_last')
        issues.push(`${where}: data_format ${show(config.data_format)} is not supported (channels_last only)`);
      if (config.activation !== 'relu')
        issues.push(`${where}: activation ${show(config.activation)} is not supported (Conv2D layers use relu)`);
      if (config.use_bias === false)
        issues.push(`${where}: use_bias false is not supported (every Conv2D needs a bias)`);
      blocks.push({
        name: name ?? `#${index}`,
        filters: isPositiveInt(config.filters) ? config.filters : 0,
        kernelSize: k ?? 0,
        padding: config.padding === 'same' ? 'same' : 'valid',
        kernelInitializer: config.kernel_initializer,
      });
    } else if (cls === 'MaxPooling2D') {
      const p = square(config.pool_size);
      if (block === undefined || flattened) issues.push(`${where}: a MaxPooling2D must follow a Conv2D`);
      else if (block.pool !== undefined) issues.push(`${where}: two MaxPooling2D layers after one Conv2D`);
      else if (block.dropout !== undefined)
        issues.push(`${where}: a Dropout between Conv2D and MaxPooling2D is not supported`);
      if (p === undefined) issues.push(`${where}: pool_size ${show(config.pool_size)} is not square ([p, p])`);
      else if (config.strides != null && square(config.strides) !== p)
        issues.push(`${where}: strides ${show(config.strides)} must equal pool_size (non-overlapping windows)`);
      if (config.padding != null && config.padding !== 'valid')
        issues.push(`${where}: padding ${show(config.padding)} is not supported ("valid" only)`);
      if (config.data_format != null && config.data_format !== 'channels_last')
        issues.push(`${where}: data_format ${show(config.data_format)} is not supported (channels_last only)`);
      if (block !== undefined && p !== undefined) block.pool = p;
    } else if (cls === 'Dropout') {
      const r = dropoutRate(config, where, issues) ?? 0;
      if (!flattened) {
        if (block === undefined) issues.push(`${where}: Dropout before the first Conv2D is not supported`);
        else if (block.dropout !== undefined) issues.push(`${where}: two Dropout layers in a row`);
        else block.dropout = r;
      } else {
        const dense = denses[denses.length - 1];
        if (dense === undefined)
          issues.push(`${where}: a Dropout between the Flatten and the first Dense is not supported`);
        else if (dense.dropout !== undefined) issues.push(`${where}: two Dropout layers in a row`);
        else dense.dropout = r;
      }
    } else if (cls === 'Flatten') {
      if (flattened) issues.push(`${where}: a second Flatten`);
      else if (blocks.length === 0) issues.push(`${where}: a Flatten before any Conv2D`);
      if (config.data_format != null && config.data_format !== 'channels_last')
        issues.push(`${where}: data_format ${show(config.data_format)} is not supported (channels_last only)`);
      flattened = true;
    } else if (cls === 'Dense') {
      if (!flattened) issues.push(`${where}: a Dense layer before the Flatten is not supported`);
      if (name === undefined) issues.push(`${where}: Dense layer has no name`);
      if (!isPositiveInt(config.units)) issues.push(`${where}: units ${show(config.units)} is not a positive integer`);
      if (config.use_bias === false)
        issues.push(`${where}: use_bias false is not supported (every Dense needs a bias)`);
      denses.push({
        name: name ?? `#${index}`,
        units: isPositiveInt(config.units) ? config.units : 0,
        activation: String(config.activation),
      });
    } else {
      issues.push(
        `${where}: unsupported layer class ${show(cls)} (a CNN has Conv2D, MaxPooling2D, Dropout, Flatten and Dense layers, after an optional Reshape)`,
      );
    }
  });

  if (blocks.length === 0) issues.push('the model has no Conv2D layer');
  if (blocks.length > 0 && !flattened) issues.push('the model has no Flatten layer after its Conv2D layers');
  if (flattened && denses.length === 0) issues.push('the model has no Dense layer after the Flatten');
  if (issues.length > 0 || blocks.length === 0 || denses.length === 0) return undefined;

  const output = denses[denses.length - 1]!;
  if (output.activation !== 'softmax' && output.activation !== 'linear') {
    issues.push(`output layer "${output.name}": activation "${output.activation}" must be softmax or linear`);
  }
  if (output.dropout !== undefined) issues.push('a Dropout after the output layer is not supported');
  const hidden = denses.slice(0, -1);
  for (const d of hidden) {
    if (d.activation !== 'relu')
      issues.push(`layer "${d.name}": activation "${d.activation}" is not supported (hidden Dense layers use relu)`);
  }
  const pools = blocks.map((b) => b.pool ?? 1);
  if (pools.some((p) => p !== pools[0]))
    issues.push(`pool sizes ${show(pools)} differ (one pool size for every conv block)`);
  const paddings = blocks.map((b) => b.padding);
  if (paddings.some((p) => p !== paddings[0]))
    issues.push(`paddings ${show(paddings)} differ (one padding for every Conv2D)`);
  const convRates = blocks.map((b) => b.dropout ?? 0);
  if (convRates.some((r) => r !== convRates[0])) {
    issues.push(`conv dropout rates ${show(convRates)} differ (one rate after every conv block is supported)`);
  }
  const denseRates = hidden.map((d) => d.dropout ?? 0);
  if (denseRates.some((r) => r !== denseRates[0])) {
    issues.push(`dropout rates ${show(denseRates)} differ (one rate after every hidden Dense layer is supported)`);
  }
  return {
    options: {
      inputShape: inputShape as [number, number, number],
      filters: blocks.map((b) => b.filters),
      kernelSize: blocks.map((b) => b.kernelSize),
      padding: paddings[0]!,
      poolSize: pools[0]!,
      denseSizes: hidden.map((d) => d.units),
      outputSize: output.units,
      dropout: denseRates[0] ?? 0,
      convDropout: convRates[0] ?? 0,
      init: inferInit(blocks[0]!.kernelInitializer),
      seed: 0,
    },
    convNames: blocks.map((b) => b.name),
    denseNames: denses.map((d) => d.name),
  };
}

type CnnMeta = CnnConfig & { paramCount: number };

function parseMetadata(block: unknown, issues: string[]): CnnMeta | undefined {
  return metadataBlock<CnnMeta>(block, issues, (raw) => {
    if (raw.kind !== 'cnn')
      issues.push(`mnistKit.kind ${show(raw.kind)} disagrees with the topology (Conv2D layers: "cnn")`);
    if (!INITS.includes(raw.init as Init)) issues.push(`mnistKit.init ${show(raw.init)} is unknown`);
    if (raw.seed !== null && !Number.isSafeInteger(raw.seed))
      issues.push(`mnistKit.seed ${show(raw.seed)} is not an integer`);
    if (!isPositiveInt(raw.paramCount)) issues.push('mnistKit.paramCount is not a positive integer');
  });
}

/**
 * Validates tfjs `ModelArtifacts` of a CNN strictly and extracts the recipe and weights: ours, or a stock
 * tfjs-layers `Sequential` of `[InputLayer | Reshape] (Conv2D relu [MaxPooling2D] [Dropout])+ Flatten (Dense relu
 * [Dropout])* Dense`. Every problem found is listed in the thrown `ModelError('INVALID_FORMAT')`.
 */
export function parseCnnArtifacts(input: unknown): ParsedCnn {
  const { artifacts, topology, meta } = parseLayersArtifacts(input, parseTopology);
  const issues: string[] = [];

  let config: CnnConfig;
  try {
    config = { ...resolveCnnOptions(topology.options), seed: null };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    invalid(error.issues.map((issue) => `the topology does not make a CNN: ${issue}`));
  }
  const layout = cnnLayout(config);
  const expected = new Map<string, number[]>();
  layout.blocks.forEach((b, i) => {
    expectLayer(expected, topology.convNames[i]!, [b.kernelSize, b.kernelSize, b.inChannels, b.filters], b.filters);
  });
  layout.dense.forEach(([fanIn, fanOut], i) => {
    expectLayer(expected, topology.denseNames[i]!, [fanIn, fanOut], fanOut);
  });
  const weights = checkWeights(artifacts, expected, issues, 'not a Conv2D or Dense kernel or bias of this topology');
  const paramCount = countParams(expected);

  if (meta !== undefined) {
    const m = parseMetadata(meta, issues);
    if (m !== undefined) {
      const agree = (what: keyof CnnMeta, b: unknown) => {
        if (show(m[what]) !== show(b))
          issues.push(`mnistKit.${what} ${show(m[what])} disagrees with the topology (${show(b)})`);
      };
      agree('inputShape', config.inputShape);
      agree('filters', config.filters);
      agree('kernelSize', config.kernelSize);
      agree('padding', config.padding);
      agree('poolSize', config.poolSize);
      agree('denseSizes', config.denseSizes);
      agree('outputSize', config.outputSize);
      agree('dropout', config.dropout);
      agree('convDropout', config.convDropout);
      agree('paramCount', paramCount);
      config = { ...config, ...recordedFields(m) };
    }
  }
  if (issues.length > 0 || weights === undefined) invalid(issues);

  const conv = layout.blocks.map((b, i) => {
    const name = topology.convNames[i]!;
    const size = b.kernelSize * b.kernelSize * b.inChannels * b.filters;
    return {
      kernelSize: b.kernelSize,
      inChannels: b.inChannels,
      filters: b.filters,
      kernel: weights.read(`${name}/kernel`, size),
      bias: weights.read(`${name}/bias`, b.filters),
    };
  });
  const dense = layout.dense.map(([fanIn, fanOut], i) => weights.dense(topology.denseNames[i]!, fanIn, fanOut));
  return { config, weights: { conv, dense } };
}
