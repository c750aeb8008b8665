#!/usr/bin/env python3
"""Peer: the same MLP in PyTorch, written for speed (what a performance-minded PyTorch user writes).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch_fast.py --data-dir DIR --epochs E --threads T [--seed S]

The same model and recipe as pytorch_mnist.py - nn.Sequential(Linear(784,128), ReLU, Linear(128,128),
ReLU, Linear(128,10)), CrossEntropyLoss, Adam(lr=1e-3), batch 64, reshuffled every epoch - without the
tutorial's per-sample overhead:

- the four IDX .gz files are read directly (gzip + numpy, no torchvision); the whole training split is
  decoded once into one float32 tensor [60000, 784] scaled to [0, 1] (before the clock starts);
- each epoch draws `perm = torch.randperm(n)` and trains on `x[perm[i:i+64]]` (one gather per batch,
  no DataLoader, no per-image transforms);
- `optimizer.zero_grad(set_to_none=True)`; the loss is summed on the tensor side and read once per epoch
  (no `.item()` sync per step);
- `torch.set_num_threads(T)`. The driver sets OPENBLAS_NUM_THREADS=1 in the environment (this script
  defaults it too): torch's OpenMP threads and OpenBLAS's own pthreads would otherwise both try to use
  every core and oversubscribe them.

Test accuracy: model.eval(), no_grad, batches of 1000, argmax - as pytorch_mnist.py. Prints one JSON line
on stdout (the same shape as pytorch_mnist.py), including which BLAS torch loaded. Exits with status 3
when torch can't be imported.
"""
import gzip
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ folder in benchmarks/lib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from torchbaseline import IDX_FILES, import_or_skip, parse_args, result_line, set_up, test_pass, train, tutorial_recipe  # noqa: E402


def read_idx(data_dir, name):
    """One unsigned-byte IDX file (gzipped or plain) as a numpy uint8 array of its dimensions."""
    import numpy as np

    for candidate, opener in ((name + ".gz", gzip.open), (name, open)):
        path = os.path.join(data_dir, candidate)
        if os.path.exists(path):
            with opener(path, "rb") as f:
                data = f.read()
            break
    else:
        raise SystemExit(f"missing {name}(.gz) in {data_dir}")
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise SystemExit(f"{name}: not an unsigned-byte IDX file")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def main():
    args = parse_args(__doc__, default_threads=1)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before torch loads OpenBLAS
    np, torch = import_or_skip("numpy", "torch")  # numpy: torch.from_numpy needs it
    default_threads, blas = set_up(torch, args)

    def split(images, labels):
        x = torch.from_numpy(read_idx(args.data_dir, images).reshape(-1, 28 * 28).astype(np.float32) / 255.0)
        y = torch.from_numpy(read_idx(args.data_dir, labels).astype(np.int64))
        return x, y

    x_train, y_train = split(IDX_FILES["train_images"], IDX_FILES["train_labels"])
    x_test, y_test = split(IDX_FILES["test_images"], IDX_FILES["test_labels"])
    n = x_train.shape[0]

    model, criterion, optimizer = tutorial_recipe(torch, args, flatten=False)
    batches = (n + args.batch_size - 1) // args.batch_size

    def epoch(step_done):
        perm = torch.randperm(n)
        running = torch.zeros(())
        for i in range(0, n, args.batch_size):
            idx = perm[i : i + args.batch_size]
            output = model(x_train[idx])
            loss = criterion(output, y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step_done()
            running += loss.detach()
        return running.item() / batches  # the epoch's one read of the loss

    trained = train(model, args.epochs, epoch)
    test_batches = ((x_test[i : i + 1000], y_test[i : i + 1000]) for i in range(0, x_test.shape[0], 1000))
    run = {
        "impl": "pytorch-fast",
        "default_threads": default_threads,
        "blas": blas,
        "train_count": n,
        **trained,
        "test": test_pass(torch, model, criterion, test_batches),
    }
    print(json.dumps(result_line(torch, args, run, {"numpyVersion": np.__version__})))


if __name__ == "__main__":
    main()
