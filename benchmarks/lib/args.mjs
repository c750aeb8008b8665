// The benchmark scripts' command lines, declared one way: a table of flags read with node:util's parseArgs.
import { parseArgs } from 'node:util';

/** Where Debian's dataset-fashion-mnist puts the four files: every script's default --data-dir. */
export const DEFAULT_DATA_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * The flags on the command line, from a table `{ name: default }`: a string default makes a string flag,
 * `false` a boolean one, `undefined` a string flag with no default. Unknown flags are an error (parseArgs'
 * strict mode). With `help`, `-h` / `--help` prints it and exits with status 0.
 */
export function readFlags(table, help) {
  const options = {};
  for (const [name, value] of Object.entries(table)) {
    if (typeof value === 'boolean') options[name] = { type: 'boolean', default: value };
    else options[name] = value === undefined ? { type: 'string' } : { type: 'string', default: value };
  }
  if (help !== undefined) options.help = { type: 'boolean', short: 'h', default: false };
  const { values } = parseArgs({ options });
  if (values.help) {
    console.log(help);
    process.exit(0);
  }
  return values;
}

/** The drivers' (bench.mjs, accuracy.mjs) shared flags. */
export const DRIVER_FLAGS = { 'data-dir': DEFAULT_DATA_DIR, 'no-build': false, 'json-out': undefined, check: false };

/**
 * A peer's flags (layersFit.mjs, jaxjs.mjs): --data-dir, --epochs [10], --batch-size [64], --lr [0.001] and
 * `extra` (a table as for {@link readFlags}); `epochs`, `batchSize` and `lr` as numbers.
 */
export function peerFlags(extra = {}) {
  const values = readFlags({ 'data-dir': DEFAULT_DATA_DIR, epochs: '10', 'batch-size': '64', lr: '0.001', ...extra });
  return { ...values, epochs: Number(values.epochs), batchSize: Number(values['batch-size']), lr: Number(values.lr) };
}

/** A bad flag value: the message on stderr, exit status 2. */
export function usageError(message) {
  console.error(message);
  process.exit(2);
}
