"""Data for training at full speed: datasets held on the device, augmentation as batched tensor ops.

No DataLoader and no worker processes: the whole training set (CIFAR-10 is 45,000 x 3 x 32 x 32
floats, about 550 MB) sits on the GPU, every mini-batch is an index into it, and the paper's
augmentation (4-pixel padding, random 32x32 crop, horizontal flip) is one gather.

Every random choice is a pure function of (seed, epoch) or (seed, iteration), drawn on the CPU:
the same on every device and in every process, so that ``torchrun`` processes can each take their
slice of the same global mini-batch, and a job resumed at iteration k draws what it would have drawn.
"""
import hashlib
from dataclasses import dataclass

import torch
import torch.nn.functional as F

PAD = 4  # pixels of zero padding on each side before the random crop (He et al. 2015, Sec. 4.2)
SYNTHETIC_SIZES = (1000, 200, 200)  # train, validation, test: small, so that a CPU evaluates them in seconds
CIFAR_VAL_SIZE = 5000  # the last 5,000 training images validate; the first 45,000 train


def generator(seed, purpose, n):
    """A CPU generator for the ``n``-th draw of ``purpose`` ("order", "augment") under ``seed``."""
    digest = hashlib.sha256(f"{purpose}:{seed}:{n}".encode()).digest()
    return torch.Generator().manual_seed(int.from_bytes(digest[:8], "little") >> 1)


@dataclass
class Splits:
    """Training, validation and test tensors: x float32 (N, 3, 32, 32), y int64 (N,)."""
    name: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor

    def to(self, device):
        """The same splits on ``device`` (images contiguous in channels_last, the layout convolutions prefer)."""
        moved = {k: v.to(device) for k, v in vars(self).items() if isinstance(v, torch.Tensor)}
        for k in ("x_train", "x_val", "x_test"):
            moved[k] = moved[k].contiguous(memory_format=torch.channels_last)
        return Splits(self.name, **moved)


def synthetic(seed=0):
    """A small CIFAR-shaped set (3 x 32 x 32, 10 classes) that can be learned: a smooth random template per
    class plus noise, generated in memory in milliseconds. Fixed by ``seed``."""
    g = torch.Generator().manual_seed(seed)
    templates = torch.randn(10, 3, 4, 4, generator=g)                                          # (10, 3, 4, 4)
    templates = F.interpolate(templates, size=(32, 32), mode="bilinear", align_corners=False)  # (10, 3, 32, 32)
    n = sum(SYNTHETIC_SIZES)
    y = (torch.arange(n) % 10)[torch.randperm(n, generator=g)]                                 # (n,)
    x = templates[y] + 4.0 * torch.randn(n, 3, 32, 32, generator=g)                            # (n, 3, 32, 32)
    x = (x - x.mean((0, 2, 3), keepdim=True)) / x.std((0, 2, 3), keepdim=True)
    a, b, _ = SYNTHETIC_SIZES
    return Splits("synthetic", x[:a], y[:a], x[a:a + b], y[a:a + b], x[a + b:], y[a + b:])


def cifar10_split(data):
    """CIFAR-10 (a Dataset from ``load_dataset("cifar10")``) as the paper's 45k/5k train/validation split,
    and its 10k test set."""
    cut = len(data.y_train) - CIFAR_VAL_SIZE
    return Splits("cifar10", data.x_train[:cut], data.y_train[:cut], data.x_train[cut:], data.y_train[cut:],
                  data.x_test, data.y_test)


def epoch_order(seed, epoch, n):
    """The order of the ``n`` training examples in ``epoch`` (the same in every process)."""
    return torch.randperm(n, generator=generator(seed, "order", epoch))


def augment_params(seed, iteration, batch_size, pad=PAD):
    """Crop offsets (batch, 2) in [0, 2 * pad] and flips (batch,) of the global mini-batch ``iteration``."""
    g = generator(seed, "augment", iteration)
    offsets = torch.randint(0, 2 * pad + 1, (batch_size, 2), generator=g)
    flips = torch.rand(batch_size, generator=g) < 0.5
    return offsets, flips


def crop_flip(x, offsets, flips, pad=PAD):
    """Pad ``x`` (n, C, H, W) with ``pad`` zeros, crop an H x W window at ``offsets`` (n, 2) = (row, column),
    mirror the images where ``flips`` (n,) is True: one gather on the device."""
    n, c, h, w = x.shape
    padded = F.pad(x, (pad, pad, pad, pad))                                 # (n, C, H + 2 pad, W + 2 pad)
    rows = offsets[:, :1] + torch.arange(h, device=x.device)                # (n, H)
    cols = offsets[:, 1:] + torch.arange(w, device=x.device)                # (n, W)
    cols = torch.where(flips[:, None], cols.flip(1), cols)                  # read mirrored images right to left
    batch = torch.arange(n, device=x.device)[:, None, None, None]           # (n, 1, 1, 1)
    channel = torch.arange(c, device=x.device)[None, :, None, None]         # (1, C, 1, 1)
    return padded[batch, channel, rows[:, None, :, None], cols[:, None, None, :]]  # (n, C, H, W)
