"""Small datasets held in memory as tensors, offline first.

    >>> from resnet_lessons.data import load_dataset
    >>> data = load_dataset("mnist1d")       # shipped with the package (seed 0), no download
    >>> data.x_train.shape, data.y_train.shape
    (torch.Size([4000, 1, 40]), torch.Size([4000]))

Three datasets:

- ``"mnist1d"``: MNIST-1D (Greydanus 2020, PyPI ``mnist1d``), 1-D signals of length 40 in
  10 classes, generated locally by the package's own ``make_dataset``: 4,000 train / 1,000 test.
  The seed every lesson uses (0) ships with the package (``datasets/``, written by
  ``python tools/ship_dataset.py``; a test checks it equals a fresh generation), which saves
  every lesson's first cold run the ~3-5 s that generation takes; other seeds are generated.
- ``"digits"``: scikit-learn's bundled 8x8 handwritten digits (1,797 images), optionally
  upsampled to 16x16 or 32x32; split 1,437 / 360 by ``seed`` (stratified).
- ``"cifar10"``: CIFAR-10 through torchvision, only when it is already on disk (or when
  ``download=True`` and the internet is reachable). ``fallback=True`` turns a missing
  CIFAR-10 into the offline ``"digits"`` at 32x32, with a printed warning.

Batching (:func:`batches`) and augmentation (:func:`random_shift`, :func:`random_flip`) are
plain tensor functions that take a ``torch.Generator``, so a seeded training run is
reproducible.
"""
import dataclasses
import functools
import socket
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from resnet_lessons.cache import cache_dir, write_atomic
from resnet_lessons.i18n import error, t
from resnet_lessons.validate import check_choice, check_int, check_number

__all__ = ["DATASETS", "Dataset", "DatasetNotAvailable", "load_dataset", "cache_dir",
           "batches", "random_shift", "random_flip"]

DATASETS = ("mnist1d", "digits", "cifar10")
DIGITS_SIZES = (8, 16, 32)
DIGITS_TEST_SIZE = 360
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck")
_MNIST1D_FORMAT = 1  # bump when the cached file layout changes
SHIPPED_DIR = Path(__file__).parent / "datasets"
SHIPPED_MNIST1D_SEEDS = (0,)  # the seed every experiment uses; tools/ship_dataset.py writes it


@dataclasses.dataclass(repr=False)
class Dataset:
    """A dataset split into train and test tensors, with what a model needs to know about it.

    ``x_*`` are float32 of shape ``(N, *input_shape)``; ``y_*`` are int64 class indices.
    """
    name: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    num_classes: int
    input_shape: tuple
    description: str = ""
    class_names: tuple = ()
    seed: int = 0

    @property
    def num_train(self):
        return len(self.y_train)

    @property
    def num_test(self):
        return len(self.y_test)

    def __repr__(self):
        return (f"Dataset({self.name!r}, train={self.num_train}, test={self.num_test}, "
                f"input_shape={self.input_shape}, num_classes={self.num_classes}, seed={self.seed})")


class DatasetNotAvailable(RuntimeError):
    """The dataset is not on disk and could not be downloaded."""


def load_dataset(name="mnist1d", seed=0, *, size=None, subset=None, test_subset=None,
                 root=None, download=False, fallback=False, cache=True):
    """Load a dataset into memory as tensors.

    Args:
        name: one of ``DATASETS``.
        seed: for ``"mnist1d"`` the generation seed (the package's own default is 42),
            for ``"digits"`` the seed of the train/test split; unused by ``"cifar10"``
            (its official split).
        size: ``"digits"`` only: image side, one of ``DIGITS_SIZES`` (default 8).
        subset, test_subset: keep only the first ``k`` training / test examples.
        root: ``"cifar10"`` only: where to look for it (default ``cache_dir() / "cifar10"``).
        download: ``"cifar10"`` only: try to download when it is not on disk.
        fallback: ``"cifar10"`` only: when it is not available, print a warning and return
            this offline dataset instead (``True`` means ``"digits"`` at 32x32).
        cache: ``"mnist1d"`` only: keep the generated arrays in a file under :func:`cache_dir`
            so the next Python process loads them in milliseconds.
    """
    check_choice("name", name, DATASETS)
    check_int("seed", seed, 0, 2**32 - 1)
    _check_optional_int("subset", subset)
    _check_optional_int("test_subset", test_subset)
    if name != "digits" and size is not None:
        raise ValueError(error("data_err_size_other", name=name, value=size))
    if name == "mnist1d":
        data = _load_mnist1d(seed, cache)
    elif name == "digits":
        size = 8 if size is None else check_choice("size", size, DIGITS_SIZES)
        data = _load_digits(seed, size)
    else:
        check_choice("fallback", fallback, (False, True, "mnist1d", "digits"))
        try:
            data = _load_cifar10(root, download, subset, test_subset)
        except DatasetNotAvailable as err:
            if fallback is False:
                raise
            other = "digits" if fallback is True else fallback
            print(str(err))
            print(t("data_fallback", name=other))
            data = load_dataset(other, seed, size=32 if other == "digits" else None)
            # The offline dataset may be smaller than the subset asked of CIFAR-10.
            subset = None if subset is None else min(subset, data.num_train)
            test_subset = None if test_subset is None else min(test_subset, data.num_test)
    return _take(data, subset, test_subset)


def _take(data, subset, test_subset):
    """The first ``subset`` training and ``test_subset`` test examples."""
    for arg, value, n in (("subset", subset, data.num_train), ("test_subset", test_subset, data.num_test)):
        if value is not None and value > n:
            raise ValueError(error("data_err_subset", name=arg, n=n, value=value))
    return dataclasses.replace(data, x_train=data.x_train[:subset], y_train=data.y_train[:subset],
                               x_test=data.x_test[:test_subset], y_test=data.y_test[:test_subset])


def _digits_dataset(name, arrays, input_shape, description, seed):
    """A Dataset of the ten digits 0-9 from the NumPy arrays ``x_train``, ``y_train``, ``x_test``, ``y_test``."""
    return Dataset(
        name=name,
        x_train=torch.tensor(arrays["x_train"]), y_train=torch.tensor(arrays["y_train"]),
        x_test=torch.tensor(arrays["x_test"]), y_test=torch.tensor(arrays["y_test"]),
        num_classes=10, input_shape=input_shape, description=description,
        class_names=tuple(str(i) for i in range(10)), seed=seed)


# --- MNIST-1D ------------------------------------------------------------------------------------

def _load_mnist1d(seed, cache):
    return _digits_dataset("mnist1d", _mnist1d_arrays(seed, cache), (1, 40), t("data_desc_mnist1d"), seed)


@functools.lru_cache(maxsize=8)
def _mnist1d_arrays(seed, cache=True):
    """MNIST-1D as read-only NumPy arrays: from memory, the shipped file, the disk cache, or generated."""
    arrays = _read_npz(shipped_mnist1d_path(seed)) if seed in SHIPPED_MNIST1D_SEEDS else None
    if arrays is not None:
        for a in arrays.values():
            a.flags.writeable = False
        return arrays
    path = _mnist1d_path(seed) if cache else None
    arrays = _read_npz(path) if path is not None else None
    if arrays is None:
        arrays = _generate_mnist1d(seed)
        if path is not None:
            _write_npz(path, arrays)
    for a in arrays.values():
        a.flags.writeable = False
    return arrays


def shipped_mnist1d_path(seed):
    """Where the package ships MNIST-1D for ``seed`` (it exists only for SHIPPED_MNIST1D_SEEDS)."""
    return SHIPPED_DIR / f"mnist1d-seed{seed}.npz"


def _mnist1d_path(seed):
    from importlib.metadata import PackageNotFoundError, version
    try:
        package_version = version("mnist1d")
    except PackageNotFoundError:
        package_version = "unknown"
    return cache_dir() / f"mnist1d-{package_version}-v{_MNIST1D_FORMAT}-seed{seed}.npz"


def _generate_mnist1d(seed):
    """Run the mnist1d package's own generator (never its download path)."""
    import random

    from mnist1d.data import get_dataset_args, make_dataset

    args = get_dataset_args()
    args.seed = seed
    # make_dataset re-seeds Python's and NumPy's global generators; put them back afterwards.
    py_state, np_state = random.getstate(), np.random.get_state()
    try:
        d = make_dataset(args)
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
    return {"x_train": d["x"].astype(np.float32)[:, None, :], "y_train": d["y"].astype(np.int64),
            "x_test": d["x_test"].astype(np.float32)[:, None, :], "y_test": d["y_test"].astype(np.int64)}


_MNIST1D_SHAPES = {"x_train": ((4000, 1, 40), np.float32), "y_train": ((4000,), np.int64),
                   "x_test": ((1000, 1, 40), np.float32), "y_test": ((1000,), np.int64)}


def _read_npz(path):
    """The cached arrays, or None when the file is missing, unreadable or not what we wrote."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in _MNIST1D_SHAPES}
    except Exception:  # missing, truncated or corrupt: regenerate
        return None
    for k, (shape, dtype) in _MNIST1D_SHAPES.items():
        if arrays[k].shape != shape or arrays[k].dtype != dtype:
            return None
    return arrays


def _write_npz(path, arrays):
    """Write atomically (resnet_lessons.cache); a read-only disk only skips the cache."""
    def write(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)

    try:
        write_atomic(path, write)
    except OSError:
        pass


# --- scikit-learn digits -------------------------------------------------------------------------

def _load_digits(seed, size):
    return _digits_dataset("digits", _digits_arrays(seed, size), (1, size, size), t("data_desc_digits", size=size),
                           seed)


@functools.lru_cache(maxsize=8)
def _digits_arrays(seed, size):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = torch.tensor(digits.images, dtype=torch.float32)[:, None] / 16.0
    if size != 8:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    x, y = x.numpy(), digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=DIGITS_TEST_SIZE, stratify=y, random_state=seed)
    mean, std = x_train.mean(), x_train.std()  # one scalar each, from the training split only
    arrays = {"x_train": (x_train - mean) / std, "y_train": y_train,
              "x_test": (x_test - mean) / std, "y_test": y_test}
    for a in arrays.values():
        a.flags.writeable = False
    return arrays


# --- CIFAR-10 ------------------------------------------------------------------------------------

def _load_cifar10(root, download, subset, test_subset, timeout=10.0):
    from torchvision.datasets import CIFAR10

    root = Path(cache_dir() / "cifar10" if root is None else root).expanduser()
    try:
        train, test = CIFAR10(root, train=True), CIFAR10(root, train=False)
    except RuntimeError:  # "Dataset not found or corrupted"
        if not download:
            raise DatasetNotAvailable(error("data_cifar_missing", root=root)) from None
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(timeout)  # no network should fail fast, not hang
        try:
            train = CIFAR10(root, train=True, download=True)
            test = CIFAR10(root, train=False)
        except Exception as err:
            raise DatasetNotAvailable(error("data_cifar_download_failed", root=root,
                                            reason=f"{type(err).__name__}: {err}")) from None
        finally:
            socket.setdefaulttimeout(previous)
    x_train = torch.from_numpy(train.data[:subset]).permute(0, 3, 1, 2).float().div_(255)
    x_test = torch.from_numpy(test.data[:test_subset]).permute(0, 3, 1, 2).float().div_(255)
    # Per-channel statistics of the whole training set (about 0.49, 0.48, 0.45 / 0.25, 0.24, 0.26),
    # one channel at a time to keep the memory peak small.
    stats = []
    for c in range(3):
        channel = train.data[..., c].astype(np.float32) / 255
        stats.append((channel.mean(), channel.std()))
    mean = torch.tensor([m for m, _ in stats]).view(1, 3, 1, 1)
    std = torch.tensor([s for _, s in stats]).view(1, 3, 1, 1)
    return Dataset(
        name="cifar10",
        x_train=((x_train - mean) / std).contiguous(), y_train=torch.tensor(train.targets[:subset]),
        x_test=((x_test - mean) / std).contiguous(), y_test=torch.tensor(test.targets[:test_subset]),
        num_classes=10, input_shape=(3, 32, 32), description=t("data_desc_cifar10"),
        class_names=CIFAR10_CLASSES, seed=0)


# --- batching and augmentation ---------------------------------------------------------------------

def batches(x, y, batch_size, shuffle=False, generator=None, drop_last=False):
    """Yield ``(x_batch, y_batch)`` slices of in-memory tensors.

    Indexing tensors directly is several times faster than a DataLoader over a
    TensorDataset for data that is already in memory. With ``shuffle`` the order is
    drawn from ``generator`` (a CPU ``torch.Generator``), so a seeded run repeats exactly.
    """
    _check_tensor("x", x)
    _check_tensor("y", y)
    if len(x) != len(y):
        raise ValueError(error("data_err_lengths", nx=len(x), ny=len(y)))
    check_int("batch_size", batch_size)
    n = len(x)
    stop = n - n % batch_size if drop_last else n
    if shuffle:
        order = torch.randperm(n, generator=generator).to(x.device)
        for i in range(0, stop, batch_size):
            idx = order[i:i + batch_size]
            yield x[idx], y[idx]
    else:
        for i in range(0, stop, batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def random_shift(x, max_shift=4, generator=None):
    """Shift each example by up to ``max_shift`` positions along each spatial axis.

    Pad with zeros by ``max_shift`` on every side, then crop a random window of the
    original size: the paper's "pad 4, random 32x32 crop" for images, and the same
    idea for 1-D signals. ``x`` is ``(N, C, L)`` or ``(N, C, H, W)``.
    """
    _check_tensor("x", x, dims=(3, 4))
    check_int("max_shift", max_shift, 0)
    if max_shift == 0:
        return x
    n, c, *spatial = x.shape
    s = max_shift
    offsets = torch.randint(0, 2 * s + 1, (n, len(spatial)), generator=generator).to(x.device)
    batch = torch.arange(n, device=x.device)
    channel = torch.arange(c, device=x.device)
    if len(spatial) == 1:
        cols = offsets[:, 0, None] + torch.arange(spatial[0], device=x.device)          # (N, L)
        return F.pad(x, (s, s))[batch[:, None, None], channel[None, :, None], cols[:, None, :]]
    h, w = spatial
    rows = offsets[:, 0, None] + torch.arange(h, device=x.device)                       # (N, H)
    cols = offsets[:, 1, None] + torch.arange(w, device=x.device)                       # (N, W)
    padded = F.pad(x, (s, s, s, s))
    return padded[batch[:, None, None, None], channel[None, :, None, None],
                  rows[:, None, :, None], cols[:, None, None, :]]


def random_flip(x, generator=None, p=0.5):
    """Mirror each image left-right with probability ``p``; ``x`` is ``(N, C, H, W)``.

    Right for natural images such as CIFAR-10; wrong for digits (a mirrored 2 is no 2).
    """
    _check_tensor("x", x, dims=(4,))
    check_number("p", p, 0, 1, low_open=False)
    flip = (torch.rand(len(x), generator=generator) < p).to(x.device)
    return torch.where(flip[:, None, None, None], x.flip(-1), x)


# --- argument checks -------------------------------------------------------------------------------

def _check_optional_int(name, value):
    if value is not None:
        check_int(name, value)


def _check_tensor(name, value, dims=None):
    if not isinstance(value, torch.Tensor):
        raise TypeError(error("data_err_tensor", name=name, type=type(value).__name__))
    if dims is not None and value.dim() not in dims:
        raise ValueError(error("data_err_dims", name=name, dims=dims, shape=tuple(value.shape)))
