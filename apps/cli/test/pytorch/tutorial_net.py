"""The PyTorch tutorial's NeuralNet, for mnist-kit's interop test (apps/cli/test/pytorchInterop.test.ts).

Safetensors are read and written by hand (Debian has no `safetensors` package): an 8-byte little-endian
header length, the JSON header, then the raw little-endian float32 tensors.

  tutorial_net.py predict <model.safetensors> <data dir>  -> loads it with load_state_dict(strict=True),
      prints {"correct", "count", "accuracy", "predictions" and "margins" (top-1 minus top-2 logit) of every test
      image, "logits" (first 3 test images)} on the unit-scaled test set
  tutorial_net.py train <model.safetensors> <data dir>    -> one epoch of the tutorial's recipe (Adam 1e-3,
      batch 64, Normalize((0.5,), (0.5,))), writes the state_dict, prints the test accuracy and "nearTies" (images whose top-2 logits are within 1e-4)
"""
import gzip
import json
import struct
import sys

import numpy as np
import torch
from torch import nn

class NeuralNet(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super(NeuralNet, self).__init__()
        self.input_layer = nn.Linear(input_size, hidden_size)
        self.hidden_layer = nn.Linear(hidden_size, hidden_size)
        self.output_layer = nn.Linear(hidden_size, num_classes)
        self.relu = nn.ReLU()
    def forward(self, x):
        out = self.relu(self.input_layer(x))
        out = self.relu(self.hidden_layer(out))
        return self.output_layer(out)

def read_safetensors(path):
    data = open(path, 'rb').read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, spec in header.items():
        if name == '__metadata__': continue
        assert spec['dtype'] == 'F32'
        b, e = spec['data_offsets']
        out[name] = torch.from_numpy(np.frombuffer(data[8 + n + b: 8 + n + e], dtype='<f4').reshape(spec['shape']).copy())
    return out

def write_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata: header['__metadata__'] = metadata
    for name, t in tensors.items():
        arr = t.detach().cpu().numpy().astype('<f4')
        header[name] = {'dtype': 'F32', 'shape': list(arr.shape), 'data_offsets': [offset, offset + arr.nbytes]}
        offset += arr.nbytes
        blobs.append(arr.tobytes())
    h = json.dumps(header).encode()
    h += b' ' * ((8 - (len(h) + 8) % 8) % 8)
    open(path, 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))

def margins(logits):
    top2 = logits.topk(2, dim=1).values
    return top2[:, 0] - top2[:, 1]

def idx(path):
    raw = gzip.open(path).read()
    magic = struct.unpack('>I', raw[:4])[0]
    dims = magic & 0xff
    shape = struct.unpack('>' + 'I' * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw[4 + 4 * dims:], dtype=np.uint8).reshape(shape)

if __name__ == '__main__':
    mode, model_path, data_dir = sys.argv[1:4]
    images = idx(f'{data_dir}/t10k-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255.0
    labels = idx(f'{data_dir}/t10k-labels-idx1-ubyte.gz').astype(np.int64)
    torch.set_num_threads(1)
    if mode == 'predict':
        net = NeuralNet(784, 128, 10)
        net.load_state_dict(read_safetensors(model_path), strict=True)
        with torch.no_grad():
            logits = net(torch.from_numpy(images))
        correct = int((logits.argmax(1) == torch.from_numpy(labels)).sum())
        print(json.dumps({'correct': correct, 'count': len(labels), 'accuracy': correct / len(labels),
                          'predictions': logits.argmax(1).tolist(), 'margins': margins(logits).tolist(),
                          'logits': logits[:3].tolist()}))
    elif mode == 'train':
        torch.manual_seed(0)
        train_x = idx(f'{data_dir}/train-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255.0
        train_y = idx(f'{data_dir}/train-labels-idx1-ubyte.gz').astype(np.int64)
        norm = lambda x: (x - 0.5) / 0.5   # transforms.Normalize((0.5,), (0.5,))
        net = NeuralNet(784, 128, 10)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        ds = torch.utils.data.TensorDataset(torch.from_numpy(norm(train_x)), torch.from_numpy(train_y))
        for x, y in torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True):
            opt.zero_grad(); loss = loss_fn(net(x), y); loss.backward(); opt.step()
        with torch.no_grad():
            logits = net(torch.from_numpy(norm(images)))
        correct = int((logits.argmax(1) == torch.from_numpy(labels)).sum())
        write_safetensors(model_path, dict(net.state_dict()))
        # Near ties (top-2 logits within 1e-4) are the only images float rounding may flip between libraries.
        print(json.dumps({'correct': correct, 'count': len(labels), 'accuracy': correct / len(labels),
                          'nearTies': int((margins(logits) < 1e-4).sum())}))
    else:
        sys.exit(f'unknown mode {mode}')
