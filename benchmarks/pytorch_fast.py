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
import argparse
import gzip
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ folder in benchmarks/lib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from torchblas import blas_info, peak_rss_mb, seconds_since_process_start  # noqa: E402

FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (0: torch's default)")
    parser.add_argument("--seed", type=int, default=None, help="torch.manual_seed (default: unseeded)")
    args = parser.parse_args()

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before torch loads OpenBLAS
    try:
        import numpy as np  # noqa: F401 (torch.from_numpy needs it)
        import torch
        from torch import nn, optim
    except ImportError as error:
        print(f"pytorch baseline skipped: {error}", file=sys.stderr)
        sys.exit(3)

    default_threads = torch.get_num_threads()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.seed is not None:
        torch.manual_seed(args.seed)
    blas = blas_info(torch)

    def split(images, labels):
        x = torch.from_numpy(read_idx(args.data_dir, images).reshape(-1, 28 * 28).astype(np.float32) / 255.0)
        y = torch.from_numpy(read_idx(args.data_dir, labels).astype(np.int64))
        return x, y

    x_train, y_train = split(FILES["train_images"], FILES["train_labels"])
    x_test, y_test = split(FILES["test_images"], FILES["test_labels"])
    n = x_train.shape[0]

    model = nn.Sequential(
        nn.Linear(784, 128),
        nn.ReLU(),
        nn.Linear(128, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=args.lr)

    epoch_seconds = []
    train_loss = []
    first_step_seconds = None
    batches = (n + args.batch_size - 1) // args.batch_size
    for _epoch in range(args.epochs):
        model.train()
        start = time.perf_counter()
        perm = torch.randperm(n)
        running = torch.zeros(())
        for i in range(0, n, args.batch_size):
            idx = perm[i : i + args.batch_size]
            output = model(x_train[idx])
            loss = criterion(output, y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if first_step_seconds is None:
                first_step_seconds = seconds_since_process_start()
            running += loss.detach()
        train_loss.append(running.item() / batches)  # the epoch's one read of the loss
        epoch_seconds.append(time.perf_counter() - start)

    model.eval()
    correct, test_loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, x_test.shape[0], 1000):
            images, labels = x_test[i : i + 1000], y_test[i : i + 1000]
            output = model(images)
            test_loss += criterion(output, labels).item() * labels.size(0)
            correct += (output.argmax(dim=1) == labels).sum().item()
    total = x_test.shape[0]

    train_seconds = sum(epoch_seconds)
    result = {
        "impl": "pytorch-fast",
        "backend": "pytorch-cpu",
        "torchVersion": torch.__version__,
        "numpyVersion": np.__version__,
        "pythonVersion": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "defaultThreads": default_threads,
        "interopThreads": torch.get_num_interop_threads(),
        "blas": blas,
        "epochs": args.epochs,
        "batchSize": args.batch_size,
        "learningRate": args.lr,
        "seed": args.seed,
        "trainCount": n,
        "testCount": total,
        "epochSeconds": epoch_seconds,
        "trainLoss": train_loss,
        "trainSeconds": train_seconds,
        "samplesPerSecond": n * args.epochs / train_seconds if train_seconds > 0 else 0,
        "firstStepSeconds": first_step_seconds,
        "testLoss": test_loss / max(total, 1),
        "testAccuracy": correct / max(total, 1),
        "peakRssMB": peak_rss_mb(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
