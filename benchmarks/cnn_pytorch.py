#!/usr/bin/env python3
"""Peer: mnist-kit's CNN in PyTorch, written for speed (the loop of pytorch_fast.py).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/cnn_pytorch.py --data-dir DIR --epochs E --threads T \\
        [--filters 16,32] [--kernel-size 5] [--dense 128] [--padding valid] [--pool-size 2] \\
        [--dropout 0.5] [--conv-dropout 0] [--limit N] [--seed S]

The network `train --model cnn` builds with the same flags, as the module packages/models/README.md gives for
its safetensors export: per conv block nn.Conv2d(stride 1) -> ReLU -> max_pool2d [-> Dropout], x.view(-1, C*H*W),
then Linear -> ReLU [-> Dropout] per --dense width, and Linear(..., 10); PyTorch's default init (what mnist-kit's
`init: 'pytorch'` draws from), CrossEntropyLoss, Adam(lr), batch --batch-size, reshuffled every epoch. The loop
is pytorch_fast.py's: the IDX files decoded once into one float32 tensor [60000, 1, 28, 28] in [0, 1] before
the clock starts, `x[perm[i:i+B]]` per batch, zero_grad(set_to_none=True), the loss summed on the tensor side
and read once per epoch, torch.set_num_threads(T), OPENBLAS_NUM_THREADS=1.

--limit N trains on the first N images of the split (a quick timing of part of an epoch); `epochSeconds` are
then those of N images, and `epochSecondsFull` scales them to the whole split. Prints one JSON line on stdout
(the shape of pytorch_fast.py's, plus the network); exits with status 3 when torch can't be imported.
"""
import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ folder in benchmarks/lib
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from pytorch_fast import read_idx  # noqa: E402
from torchbaseline import IDX_FILES, import_or_skip, result_line, set_up, test_pass, train  # noqa: E402


def sizes(text):
    return [int(s) for s in text.split(",") if s.strip()] if text.strip() else []


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (0: torch's default)")
    parser.add_argument("--seed", type=int, default=None, help="torch.manual_seed (default: unseeded)")
    parser.add_argument("--filters", type=sizes, default=[8, 16])
    parser.add_argument("--kernel-size", type=sizes, default=[5])
    parser.add_argument("--dense", type=sizes, default=[128])
    parser.add_argument("--padding", choices=["valid", "same"], default="valid")
    parser.add_argument("--pool-size", type=int, default=2)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--conv-dropout", type=float, default=0.0)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N images (timing only)")
    return parser.parse_args()


def build(torch, args):
    """The CNN: convs, pooling, NCHW flatten, dense layers (named conv<i> / fc<j>, as mnist-kit exports them)."""
    nn, F = torch.nn, torch.nn.functional
    kernels = args.kernel_size * len(args.filters) if len(args.kernel_size) == 1 else args.kernel_size

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            h = w = 28
            chans = 1
            self.convs = nn.ModuleList()
            for f, k in zip(args.filters, kernels):
                self.convs.append(nn.Conv2d(chans, f, k, padding=args.padding))
                chans = f
                if args.padding == "valid":
                    h, w = h - k + 1, w - k + 1
                h, w = h // args.pool_size, w // args.pool_size
            self.flat = chans * h * w
            widths = [self.flat, *args.dense, 10]
            self.fcs = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:]))

        def forward(self, x):
            for conv in self.convs:
                x = F.relu(conv(x))
                if args.pool_size > 1:
                    x = F.max_pool2d(x, args.pool_size)
                if args.conv_dropout > 0:
                    x = F.dropout(x, args.conv_dropout, self.training)
            x = x.view(-1, self.flat)
            for j, fc in enumerate(self.fcs):
                x = fc(x)
                if j < len(self.fcs) - 1:
                    x = F.relu(x)
                    if args.dropout > 0:
                        x = F.dropout(x, args.dropout, self.training)
            return x

    model = Net()
    return model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=args.lr)


def main():
    args = parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before torch loads OpenBLAS
    np, torch = import_or_skip("numpy", "torch")
    default_threads, blas = set_up(torch, args)

    def split(images, labels, limit=None):
        x = read_idx(args.data_dir, images)[:limit].reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
        y = read_idx(args.data_dir, labels)[:limit].astype(np.int64)
        return torch.from_numpy(x), torch.from_numpy(y)

    x_train, y_train = split(IDX_FILES["train_images"], IDX_FILES["train_labels"], args.limit)
    x_test, y_test = split(IDX_FILES["test_images"], IDX_FILES["test_labels"])
    n = x_train.shape[0]
    full = read_idx(args.data_dir, IDX_FILES["train_labels"]).shape[0]

    model, criterion, optimizer = build(torch, args)
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
        return running.item() / batches

    trained = train(model, args.epochs, epoch)
    test_batches = ((x_test[i : i + 1000], y_test[i : i + 1000]) for i in range(0, x_test.shape[0], 1000))
    run = {
        "impl": "pytorch-cnn",
        "default_threads": default_threads,
        "blas": blas,
        "train_count": n,
        **trained,
        "test": test_pass(torch, model, criterion, test_batches),
    }
    result = result_line(torch, args, run, {"numpyVersion": np.__version__})
    result["network"] = {
        "filters": args.filters,
        "kernelSize": args.kernel_size,
        "dense": args.dense,
        "padding": args.padding,
        "poolSize": args.pool_size,
        "dropout": args.dropout,
        "convDropout": args.conv_dropout,
        "params": sum(p.numel() for p in model.parameters()),
    }
    result["epochSecondsFull"] = [s * full / n for s in run["epoch_seconds"]]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
