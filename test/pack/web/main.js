// A tiny browser app using every package, built by Vite in the pack test: the bundle must hold no
// Node built-ins (datasets and models resolve to their `browser` entries, the others are platform-neutral).
import { loadDataset, preprocessDigit } from '@mnist-kit/datasets';
import { evaluate, formatEvaluation } from '@mnist-kit/evaluation';
import { createMlp, loadMlp, saveMlp } from '@mnist-kit/models';
import { adam, fit } from '@mnist-kit/training';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

const output = document.querySelector('output');
document.querySelector('button').addEventListener('click', async () => {
  await tf.setBackend('cpu');
  const data = await loadDataset({ name: 'mnist', baseUrl: './data/mnist/' });
  const model = createMlp({ seed: 0 });
  await fit(model, data.train, { epochs: 1, optimizer: adam() });
  const result = await evaluate(model, data.test);
  await saveMlp(model, 'indexeddb://mnist-kit-pack-test');
  const again = await loadMlp('indexeddb://mnist-kit-pack-test');
  const stroke = Uint8Array.from({ length: 28 * 28 }, (_, i) => (i % 28 > 11 && i % 28 < 16 ? 255 : 0));
  const digit = preprocessDigit({ data: stroke, width: 28, height: 28, channels: 1 });
  output.textContent = `${formatEvaluation(result)} ${again.paramCount} ${digit.length}`;
});
