// Entry run in a child process by the cross-process cache test (bundled with esbuild first).
import { loadDataset } from '../node/loadDataset';

const options = JSON.parse(process.env.MNIST_KIT_CHILD_OPTIONS ?? '{}');
loadDataset(options).then(
  (dataset) => {
    process.stdout.write(JSON.stringify({ ok: true, train: dataset.train.count, test: dataset.test.count }));
  },
  (error: { code?: string; message?: string }) => {
    process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: error.message }));
    process.exitCode = 1;
  },
);
