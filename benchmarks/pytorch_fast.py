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
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ folder in benchmarks/lib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from torchbaseline import import_or_skip, load_split, parse_args, result_line, set_up, train_in_memory, tutorial_recipe  # noqa: E402


def main():
    args = parse_args(__doc__, default_threads=1)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before torch loads OpenBLAS
    np, torch = import_or_skip("numpy", "torch")  # numpy: torch.from_numpy needs it
    setup = set_up(torch, args)
    train_set = load_split(np, torch, args.data_dir, "train", (28 * 28,))
    test_set = load_split(np, torch, args.data_dir, "test", (28 * 28,))
    recipe = tutorial_recipe(torch, args, flatten=False)
    run = train_in_memory(torch, args, "pytorch-fast", setup, recipe, train_set, test_set)
    print(json.dumps(result_line(torch, args, run, {"numpyVersion": np.__version__})))


if __name__ == "__main__":
    main()
