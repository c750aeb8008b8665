"""What the two PyTorch scripts share beyond the BLAS report: their flags, importing torch (or skipping
with status 3), thread and seed set-up, the tutorial's MLP, the test pass, and the JSON line they print.

Imported by pytorch_mnist.py and pytorch_fast.py (they put this folder on sys.path). Standard library
only; torch and its modules are imported by `import_or_skip` or passed in.
"""
import argparse
import importlib
import sys
import time

from torchblas import blas_info, peak_rss_mb, seconds_since_process_start

# The four MNIST-format files, by key (the names of lib/idx.mjs's IDX_FILES), without `.gz`.
IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def parse_args(doc, default_threads):
    """The scripts' shared flags (`--threads` defaults to `default_threads`; 0 is torch's default)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=default_threads, help="torch.set_num_threads (0: torch's default)")
    parser.add_argument("--seed", type=int, default=None, help="torch.manual_seed (default: unseeded)")
    return parser.parse_args()


def import_or_skip(*names):
    """The modules `names`, in that order; when one cannot be imported, says so and exits with status 3."""
    try:
        return [importlib.import_module(name) for name in names]
    except ImportError as error:
        print(f"pytorch baseline skipped: {error}", file=sys.stderr)
        sys.exit(3)


def set_up(torch, args):
    """Applies --threads and --seed; returns torch's default thread count and the BLAS report."""
    default_threads = torch.get_num_threads()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.seed is not None:
        torch.manual_seed(args.seed)
    return default_threads, blas_info(torch)


def tutorial_recipe(torch, args, flatten):
    """The tutorial's model, loss and optimizer: Linear(784,128), ReLU, Linear(128,128), ReLU,
    Linear(128,10) (after nn.Flatten() when `flatten`), CrossEntropyLoss, Adam(lr=--lr)."""
    nn = torch.nn
    layers = [nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10)]
    model = nn.Sequential(*([nn.Flatten()] if flatten else []), *layers)
    return model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=args.lr)


def train(model, epochs, epoch):
    """Runs `epoch(step_done)` `epochs` times in training mode, timing each: it trains one epoch, calls
    `step_done()` after every optimizer step and returns the epoch's mean loss (read inside the timing).
    Returns epoch_seconds, train_loss and first_step_seconds (since process start) for `result_line`."""
    run = {"epoch_seconds": [], "train_loss": [], "first_step_seconds": None}

    def step_done():
        if run["first_step_seconds"] is None:
            run["first_step_seconds"] = seconds_since_process_start()

    for _epoch in range(epochs):
        model.train()
        start = time.perf_counter()
        loss = epoch(step_done)
        run["epoch_seconds"].append(time.perf_counter() - start)
        run["train_loss"].append(loss)
    return run


def test_pass(torch, model, criterion, batches):
    """model.eval(), no_grad, over (images, labels) batches: (correct predictions, examples, summed loss)."""
    model.eval()
    correct, total, test_loss = 0, 0, 0.0
    with torch.no_grad():
        for images, labels in batches:
            output = model(images)
            test_loss += criterion(output, labels).item() * labels.size(0)
            correct += (output.argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
    return correct, total, test_loss


def result_line(torch, args, run, versions):
    """The one JSON object both scripts print (the shape bench.mjs reads); `versions` follow torchVersion."""
    train_seconds = sum(run["epoch_seconds"])
    correct, total, test_loss = run["test"]
    return {
        "impl": run["impl"],
        "backend": "pytorch-cpu",
        "torchVersion": torch.__version__,
        **versions,
        "pythonVersion": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "defaultThreads": run["default_threads"],
        "interopThreads": torch.get_num_interop_threads(),
        "blas": run["blas"],
        "epochs": args.epochs,
        "batchSize": args.batch_size,
        "learningRate": args.lr,
        "seed": args.seed,
        "trainCount": run["train_count"],
        "testCount": total,
        "epochSeconds": run["epoch_seconds"],
        "trainLoss": run["train_loss"],
        "trainSeconds": train_seconds,
        "samplesPerSecond": run["train_count"] * args.epochs / train_seconds if train_seconds > 0 else 0,
        "firstStepSeconds": run["first_step_seconds"],
        "testLoss": test_loss / max(total, 1),
        "testAccuracy": correct / max(total, 1),
        "peakRssMB": peak_rss_mb(),
    }
