// Type-checked with customConditions ["browser"], the DOM lib and no Node types: the browser typings of
// @mnist-kit/backends, datasets and models and the main entries of the other packages need nothing from Node.
import { browserCandidates, selectBackend } from '@mnist-kit/backends';
import { loadDataset, preprocessDigit } from '@mnist-kit/datasets';
import { evaluate } from '@mnist-kit/evaluation';
import { createMlp, loadMlp, saveMlp } from '@mnist-kit/models';
import { fit } from '@mnist-kit/training';
import '@tensorflow/tfjs-backend-cpu';

await selectBackend({ candidates: browserCandidates({ wasmPath: '/wasm/' }) });
// @ts-expect-error -- nodeCandidates exists only in the Node typings
import('@mnist-kit/backends').then((m) => m.nodeCandidates);
const data = await loadDataset({ name: 'mnist', baseUrl: '/data/mnist/' });
// @ts-expect-error -- dataDir exists only in the Node typings
await loadDataset({ name: 'mnist', dataDir: '/data' });
const model = createMlp();
// @ts-expect-error -- saveMlpToDir exists only in the Node typings
import('@mnist-kit/models').then((m) => m.saveMlpToDir);
await fit(model, data.train, { epochs: 1 });
const result = await evaluate(model, data.test);
await saveMlp(model, 'indexeddb://mnist');
const again = await loadMlp('indexeddb://mnist');
const canvas = document.createElement('canvas');
const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
const pixels: Uint8Array = preprocessDigit({ data: image.data, width: image.width, height: image.height, channels: 4 });
console.log(result.accuracy, again.paramCount, pixels.length);
