#!/usr/bin/env python3
"""Baseline: the classic PyTorch MNIST/Fashion-MNIST tutorial MLP, as the tutorial writes it.

    /usr/bin/python3 benchmarks/pytorch_mnist.py --data-dir DIR --epochs E [--threads N] [--seed S]

torchvision dataset + ToTensor() + Normalize((0.5,), (0.5,)), DataLoader(batch_size=64, shuffle=True),
nn.Sequential(Flatten, Linear(784,128), ReLU, Linear(128,128), ReLU, Linear(128,10)),
CrossEntropyLoss, Adam(lr=1e-3), the usual zero_grad/forward/loss/backward/step loop.

DIR is any MNIST-format folder (the four IDX files, gzipped or not). torchvision (0.14) with
download=False only reads *uncompressed* files from <root>/FashionMNIST/raw/, so they are
decompressed (or symlinked, when already plain) into a temporary root first; that happens before
the clock starts. The FashionMNIST class is used whatever the data is: the MNIST-format readers
are identical, only the folder name and class names differ.

The bench driver runs it with OPENBLAS_NUM_THREADS=1 and --threads 1 (by default). Prints one JSON line
on stdout at the end, including which BLAS torch loaded (lib/torchblas.py). Exits with status 3 when torch
can't be imported.
"""
import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ folder in benchmarks/lib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from torchblas import blas_info, peak_rss_mb, seconds_since_process_start  # noqa: E402

FILES = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
]


def stage_raw_files(data_dir, root):
    raw = os.path.join(root, "FashionMNIST", "raw")
    os.makedirs(raw)
    for name in FILES:
        plain = os.path.join(data_dir, name)
        gz = plain + ".gz"
        if os.path.exists(plain):
            os.symlink(os.path.abspath(plain), os.path.join(raw, name))
        elif os.path.exists(gz):
            with gzip.open(gz, "rb") as src, open(os.path.join(raw, name), "wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
            raise SystemExit(f"missing {name}(.gz) in {data_dir}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    parser.add_argument("--seed", type=int, default=None, help="torch.manual_seed (default: unseeded)")
    args = parser.parse_args()

    try:
        import torch
        from torch import nn, optim
        from torch.utils.data import DataLoader
        from torchvision import datasets, transforms
        import torchvision
    except ImportError as error:
        print(f"pytorch baseline skipped: {error}", file=sys.stderr)
        sys.exit(3)

    default_threads = torch.get_num_threads()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.seed is not None:
        torch.manual_seed(args.seed)
    blas = blas_info(torch)

    root = tempfile.mkdtemp(prefix="mnist-kit-bench-torch-")
    try:
        stage_raw_files(args.data_dir, root)

        transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
        train_set = datasets.FashionMNIST(root, train=True, download=False, transform=transform)
        test_set = datasets.FashionMNIST(root, train=False, download=False, transform=transform)
        train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
        test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)

        model = nn.Sequential(
            nn.Flatten(),
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
        for _epoch in range(args.epochs):
            model.train()
            start = time.perf_counter()
            running, batches = 0.0, 0
            for images, labels in train_loader:
                optimizer.zero_grad()
                output = model(images)
                loss = criterion(output, labels)
                loss.backward()
                optimizer.step()
                if first_step_seconds is None:
                    first_step_seconds = seconds_since_process_start()
                running += loss.item()
                batches += 1
            epoch_seconds.append(time.perf_counter() - start)
            train_loss.append(running / max(batches, 1))

        model.eval()
        correct, total, test_loss = 0, 0, 0.0
        with torch.no_grad():
            for images, labels in test_loader:
                output = model(images)
                test_loss += criterion(output, labels).item() * labels.size(0)
                correct += (output.argmax(dim=1) == labels).sum().item()
                total += labels.size(0)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    train_seconds = sum(epoch_seconds)
    result = {
        "impl": "pytorch",
        "backend": "pytorch-cpu",
        "torchVersion": torch.__version__,
        "torchvisionVersion": torchvision.__version__,
        "pythonVersion": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "defaultThreads": default_threads,
        "interopThreads": torch.get_num_interop_threads(),
        "blas": blas,
        "epochs": args.epochs,
        "batchSize": args.batch_size,
        "learningRate": args.lr,
        "seed": args.seed,
        "trainCount": len(train_set),
        "testCount": total,
        "epochSeconds": epoch_seconds,
        "trainLoss": train_loss,
        "trainSeconds": train_seconds,
        "samplesPerSecond": len(train_set) * args.epochs / train_seconds if train_seconds > 0 else 0,
        "firstStepSeconds": first_step_seconds,
        "testLoss": test_loss / max(total, 1),
        "testAccuracy": correct / max(total, 1),
        "peakRssMB": peak_rss_mb(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
