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
import gzip
import json
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ folder in benchmarks/lib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from torchbaseline import IDX_FILES, import_or_skip, parse_args, result_line, set_up, test_pass, train, tutorial_recipe  # noqa: E402


def stage_raw_files(data_dir, root):
    raw = os.path.join(root, "FashionMNIST", "raw")
    os.makedirs(raw)
    for name in IDX_FILES.values():
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
    args = parse_args(__doc__, default_threads=0)
    torch, data, torchvision, datasets, transforms = import_or_skip(
        "torch", "torch.utils.data", "torchvision", "torchvision.datasets", "torchvision.transforms"
    )
    default_threads, blas = set_up(torch, args)

    root = tempfile.mkdtemp(prefix="mnist-kit-bench-torch-")
    try:
        stage_raw_files(args.data_dir, root)

        transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
        train_set = datasets.FashionMNIST(root, train=True, download=False, transform=transform)
        test_set = datasets.FashionMNIST(root, train=False, download=False, transform=transform)
        train_loader = data.DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
        test_loader = data.DataLoader(test_set, batch_size=1000, shuffle=False)

        model, criterion, optimizer = tutorial_recipe(torch, args, flatten=True)

        def epoch(step_done):
            running, batches = 0.0, 0
            for images, labels in train_loader:
                optimizer.zero_grad()
                output = model(images)
                loss = criterion(output, labels)
                loss.backward()
                optimizer.step()
                step_done()
                running += loss.item()
                batches += 1
            return running / max(batches, 1)

        trained = train(model, args.epochs, epoch)
        test = test_pass(torch, model, criterion, test_loader)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    run = {
        "impl": "pytorch",
        "default_threads": default_threads,
        "blas": blas,
        "train_count": len(train_set),
        **trained,
        "test": test,
    }
    print(json.dumps(result_line(torch, args, run, {"torchvisionVersion": torchvision.__version__})))


if __name__ == "__main__":
    main()
