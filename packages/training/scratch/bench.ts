// Scratch benchmark (not part of the package, not built, not typechecked): Adam step and full
// training step timings for the 784-128-128-10 MLP at batch 64. Run from packages/training:
//   ESB=$(ls -d ../../node_modules/.pnpm/esbuild@*/node_modules/esbuild/bin/esbuild | head -1)
//   $ESB scratch/bench.ts --bundle --platform=node --format=esm --conditions=@mnist-kit/source \
//     --external:@tensorflow/* --outfile=scratch/bench.mjs && node scratch/bench.mjs wasm,cpu 938 adam,naive,step,fit 3
import { createMlp } from '@mnist-kit/models';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { adam } from '../src/adam';
import { fit } from '../src/fit';
import { softmaxCrossEntropy } from '../src/softmaxCrossEntropy';
import { randomArray } from '../src/test-utils/randomArray';
import type { NamedTensors, NamedVariables } from '../src/types';

setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
const backends = (process.argv[2] ?? 'cpu,wasm').split(',');
const STEPS = Number(process.argv[3] ?? 938);
const parts = (process.argv[4] ?? 'adam,naive,step,fit').split(',');

/** Naive per-parameter Adam (for comparison). */
function naiveAdam(lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8) {
  const m: Record<string, tf.Variable> = {};
  const v: Record<string, tf.Variable> = {};
  let t = 0;
  return (params: NamedVariables, grads: NamedTensors) => {
    t++;
    tf.tidy(() => {
      for (const [name, p] of Object.entries(params)) {
        m[name] ??= tf.variable(tf.zerosLike(p), false);
        v[name] ??= tf.variable(tf.zerosLike(p), false);
        const g = grads[name]!;
        m[name]!.assign(tf.add(tf.mul(m[name]!, b1), tf.mul(g, 1 - b1)));
        v[name]!.assign(tf.add(tf.mul(v[name]!, b2), tf.mul(tf.square(g), 1 - b2)));
        const mh = tf.div(m[name]!, 1 - b1 ** t);
        const vh = tf.div(v[name]!, 1 - b2 ** t);
        p.assign(tf.sub(p, tf.mul(tf.div(mh, tf.add(tf.sqrt(vh), eps)), lr)));
      }
    });
  };
}

const REPS = Number(process.argv[5] ?? 3);
function time(label: string, steps: number, fn: () => void, sync: () => void) {
  for (let i = 0; i < 20; i++) fn();
  sync();
  const runs: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) fn();
    sync();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const per = runs.map((ms) => (ms / steps).toFixed(3));
  console.log(
    `  ${label}: best ${per[0]} ms/step, median ${per[Math.floor(runs.length / 2)]} (${steps} steps × ${REPS})`,
  );
}

async function kernels(fn: () => void): Promise<number> {
  return (await tf.profile(fn)).kernels.length;
}

function noiseSplit(count: number) {
  const images = new Uint8Array(count * 784);
  const r = randomArray(count * 784, 11);
  for (let i = 0; i < images.length; i++) images[i] = Math.floor((r[i]! + 1) * 127.9);
  const labels = Uint8Array.from(randomArray(count, 12), (x) => Math.floor((x + 1) * 4.999));
  return { images, labels, count, rows: 28, cols: 28 };
}

for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  console.log(`backend ${backend}`);
  const grads: NamedTensors = {};
  const withGrads = (model: ReturnType<typeof createMlp>) => {
    for (const [name, p] of Object.entries(model.params))
      grads[name] ??= tf.tensor(randomArray(p.size, 3, 0.01), p.shape);
  };
  if (parts.includes('adam')) {
    const model = createMlp({ seed: 1 });
    withGrads(model);
    const sync = () => void model.params['dense_3/bias']!.dataSync();
    const opt = adam();
    time('adam step', STEPS, () => opt.step(model.params, grads), sync);
    console.log(`    kernels per adam step: ${await kernels(() => opt.step(model.params, grads))}`);
    const optW = adam({ weightDecay: 0.01, decoupled: true });
    time('adamw step', STEPS, () => optW.step(model.params, grads), sync);
    opt.dispose();
    optW.dispose();
    model.dispose();
  }
  if (parts.includes('naive')) {
    const model = createMlp({ seed: 1 });
    withGrads(model);
    const naive = naiveAdam();
    time(
      'naive per-param adam step (reference point)',
      STEPS,
      () => naive(model.params, grads),
      () => void model.params['dense_3/bias']!.dataSync(),
    );
    console.log(`    kernels per naive step: ${await kernels(() => naive(model.params, grads))}`);
    model.dispose();
  }
  if (parts.includes('step')) {
    const xs = tf.tensor2d(
      randomArray(64 * 784, 5, 0.5).map((x) => x + 0.5),
      [64, 784],
    );
    const ys = tf.tensor1d(
      Int32Array.from(randomArray(64, 6), (x) => Math.floor((x + 1) * 4.999)),
      'int32',
    );
    const loss = softmaxCrossEntropy();
    const run = (
      label: string,
      step: (m: ReturnType<typeof createMlp>) => (p: NamedVariables, g: NamedTensors) => void,
    ) => {
      const model = createMlp({ seed: 3 });
      const s = step(model);
      const fn = () =>
        tf.dispose(
          tf.tidy(() => {
            const out = model.forward(xs, { training: true, keep: true, seed: 1 });
            const { value, grad } = loss.valueAndGrad(out, ys);
            s(model.params, model.backward(grad));
            return value;
          }),
        );
      time(label, STEPS, fn, () => void model.params['dense_3/bias']!.dataSync());
      return { model, fn };
    };
    const a = run('fwd+loss+bwd only', () => () => {});
    a.model.dispose();
    const opt = adam();
    const b = run('full step fwd+loss+bwd+adam', () => (p, g) => opt.step(p, g));
    console.log(`    kernels per full step: ${await kernels(b.fn)}`);
    b.model.dispose();
    opt.dispose();
    tf.dispose([xs, ys]);
  }
  if (parts.includes('fit')) {
    const split = noiseSplit(STEPS * 64);
    for (const trainAccuracy of [true, false]) {
      const model = createMlp({ seed: 2 });
      const optimizer = adam();
      const t0 = performance.now();
      const h = await fit(model, split, { epochs: 1, batchSize: 64, optimizer, trainAccuracy });
      const ms = performance.now() - t0;
      console.log(
        `  fit 1 epoch (${split.count} noise samples, batch 64, trainAccuracy ${trainAccuracy}): ${(ms / STEPS).toFixed(3)} ms/step, ${(ms / 1000).toFixed(2)} s, loss ${h.epochs[0]!.trainLoss.toFixed(3)}`,
      );
      optimizer.dispose();
      model.dispose();
    }
  }
  tf.dispose(Object.values(grads));
}
