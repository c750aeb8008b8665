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
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ folder in benchmarks/lib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from torchbaseline import IDX_FILES, import_or_skip, load_split, parse_args, read_idx, result_line, set_up, train_in_memory  # noqa: E402


def sizes(text):
    return [int(s) for s in text.split(",") if s.strip()] if text.strip() else []


def network_flags(parser):
    parser.add_argument("--filters", type=sizes, default=[8, 16])
    parser.add_argument("--kernel-size", type=sizes, default=[5])
    parser.add_argument("--dense", type=sizes, default=[128])
    parser.add_argument("--padding", choices=["valid", "same"], default="valid")
    parser.add_argument("--pool-size", type=int, default=2)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--conv-dropout", type=float, default=0.0)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N images (timing only)")


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
    args = parse_args(__doc__, default_threads=1, add_flags=network_flags)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before torch loads OpenBLAS
    np, torch = import_or_skip("numpy", "torch")
    setup = set_up(torch, args)
    train_set = load_split(np, torch, args.data_dir, "train", (1, 28, 28), args.limit)
    test_set = load_split(np, torch, args.data_dir, "test", (1, 28, 28))
    n = train_set[0].shape[0]
    full = read_idx(np, args.data_dir, IDX_FILES["train_labels"]).shape[0]

    model, criterion, optimizer = build(torch, args)
    run = train_in_memory(torch, args, "pytorch-cnn", setup, (model, criterion, optimizer), train_set, test_set)
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
