"""What the PyTorch scripts share beyond the BLAS report: their flags, importing torch (or skipping with
status 3), thread and seed set-up, the tutorial's MLP, reading the IDX files into tensors, the
performance-minded training loop, the test pass, and the JSON line they print.

Imported by pytorch_mnist.py, pytorch_fast.py and cnn_pytorch.py (they put this folder on sys.path).
Standard library only; numpy, torch and its modules are imported by `import_or_skip` and passed in.
"""
import argparse
import gzip
import importlib
import os
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


def parse_args(doc, default_threads, add_flags=None):
    """The scripts' shared flags (`--threads` defaults to `default_threads`; 0 is torch's default), then those
    `add_flags(parser)` adds."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=default_threads, help="torch.set_num_threads (0: torch's default)")
    parser.add_argument("--seed", type=int, default=None, help="torch.manual_seed (default: unseeded)")
    if add_flags is not None:
        add_flags(parser)
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


def read_idx(np, data_dir, name):
    """One unsigned-byte IDX file (gzipped or plain) as a numpy uint8 array of its dimensions."""
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


def load_split(np, torch, data_dir, split, shape, limit=None):
    """The "train" or "test" split decoded once into tensors: the first `limit` images (all by default) as
    float32 in [0, 1] of `shape` each, and their labels as int64."""
    images = read_idx(np, data_dir, IDX_FILES[f"{split}_images"])[:limit]
    x = images.reshape(-1, *shape).astype(np.float32) / 255.0
    y = read_idx(np, data_dir, IDX_FILES[f"{split}_labels"])[:limit].astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


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


def in_memory_epoch(torch, recipe, x, y, batch_size):
    """pytorch_fast.py's epoch over the tensors x, y, as `train` runs it: `torch.randperm` each epoch,
    `x[perm[i:i+B]]` per batch, zero_grad(set_to_none=True), the loss summed on the tensor side and read once."""
    model, criterion, optimizer = recipe
    n = x.shape[0]
    batches = (n + batch_size - 1) // batch_size

    def epoch(step_done):
        perm = torch.randperm(n)
        running = torch.zeros(())
        for i in range(0, n, batch_size):
            idx = perm[i : i + batch_size]
            output = model(x[idx])
            loss = criterion(output, y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step_done()
            running += loss.detach()
        return running.item() / batches  # the epoch's one read of the loss

    return epoch


def train_in_memory(torch, args, impl, setup, recipe, train_set, test_set):
    """Trains `recipe` (model, criterion, optimizer) on the tensors `train_set` with in_memory_epoch, then
    the test pass over `test_set` in batches of 1000; `setup` is set_up's. The `run` for `result_line`."""
    model, criterion, _optimizer = recipe
    (x_train, y_train), (x_test, y_test) = train_set, test_set
    default_threads, blas = setup
    trained = train(model, args.epochs, in_memory_epoch(torch, recipe, x_train, y_train, args.batch_size))
    test_batches = ((x_test[i : i + 1000], y_test[i : i + 1000]) for i in range(0, x_test.shape[0], 1000))
    return {
        "impl": impl,
        "default_threads": default_threads,
        "blas": blas,
        "train_count": x_train.shape[0],
        **trained,
        "test": test_pass(torch, model, criterion, test_batches),
    }


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
