import { isObject, type Obj, show } from './artifactParts';

/** Reading the layers of a Keras `Sequential` topology (the MLP and CNN artifact parsers share it). */

/** The layer list of a Keras `Sequential` topology (also inside `model_config`), or a reason it has none. */
export function sequentialLayers(topology: unknown, issues: string[]): unknown[] | undefined {
  if (!isObject(topology)) {
    issues.push(
      topology == null
        ? 'modelTopology is missing'
        : 'modelTopology is not a JSON object (binary/graph-model topologies are not supported)',
    );
    return undefined;
  }
  const top = isObject(topology.model_config) ? topology.model_config : topology;
  if (top.class_name !== 'Sequential') {
    issues.push(`model class is ${show(top.class_name)}, expected "Sequential"`);
    return undefined;
  }
  const layers = Array.isArray(top.config) ? top.config : isObject(top.config) ? top.config.layers : undefined;
  if (!Array.isArray(layers)) {
    issues.push('modelTopology.config.layers is not an array');
    return undefined;
  }
  return layers;
}

/** One layer of a topology, as {@link forEachLayer} hands it on. */
export interface LayerEntry {
  /** Its position in the layer list. */
  readonly index: number;
  /** Its `class_name`. */
  readonly cls: unknown;
  /** Its `config` object. */
  readonly config: Obj;
  /** Its `config.name`, when a non-empty string. */
  readonly name: string | undefined;
  /** How error messages name it: `layer <index> ("<name>")`. */
  readonly where: string;
}

/**
 * Calls `visit` for every layer of `layers` that is a `{ class_name, config }` object, after the checks every
 * layer gets (a unique name, a float32 dtype), adding each problem to `issues`.
 */
export function forEachLayer(layers: unknown[], issues: string[], visit: (layer: LayerEntry) => void): void {
  const names = new Set<string>();
  layers.forEach((layer: unknown, index) => {
    if (!isObject(layer) || !isObject(layer.config)) {
      issues.push(`layer ${index} is not a { class_name, config } object`);
      return;
    }
    const { class_name: cls, config } = layer;
    const name = typeof config.name === 'string' && config.name !== '' ? config.name : undefined;
    const where = `layer ${index}${name ? ` ("${name}")` : ''}`;
    if (name !== undefined) {
      if (names.has(name)) issues.push(`${where}: duplicate layer name`);
      names.add(name);
    }
    if (config.dtype != null && config.dtype !== 'float32')
      issues.push(`${where}: dtype ${show(config.dtype)} is not float32`);
    visit({ index, cls, config, name, where });
  });
}

/**
 * A Dropout layer's `rate` if it is in `[0, 1)`, else `undefined` with the issue pushed; a `noise_shape` is one
 * more issue.
 */
export function dropoutRate(config: Obj, where: string, issues: string[]): number | undefined {
  const rate = config.rate;
  const valid = typeof rate === 'number' && rate >= 0 && rate < 1;
  if (!valid) issues.push(`${where}: rate ${show(rate)} is not in [0, 1)`);
  if (config.noise_shape != null) issues.push(`${where}: Dropout noise_shape is not supported`);
  return valid ? rate : undefined;
}
