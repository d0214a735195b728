"""resnet_lessons.data: offline datasets, the CIFAR-10 offline path, batching and augmentation."""
import pickle
import random
import socket
import time

import numpy as np
import pytest
import torch
from helpers import CJK, bilingual

from resnet_lessons import data as D
from resnet_lessons.data import (DATASETS, Dataset, DatasetNotAvailable, batches, load_dataset, random_flip,
                                 random_shift)

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A private disk cache for this module, so the tests never touch ~/.cache."""
    path = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESNET_LESSONS_CACHE", str(path))
        D._mnist1d_arrays.cache_clear()
        yield path
    D._mnist1d_arrays.cache_clear()


# --- MNIST-1D -------------------------------------------------------------------------------------

def test_mnist1d_shapes_and_split(cache, monkeypatch):
    # Seed 0 ships with the package: no generation, nothing written to the disk cache.
    monkeypatch.setattr(D, "_generate_mnist1d", lambda seed: pytest.fail("seed 0 should come from the shipped file"))
    D._mnist1d_arrays.cache_clear()
    start = time.perf_counter()
    d = load_dataset("mnist1d")
    assert time.perf_counter() - start < 1.0
    assert isinstance(d, Dataset) and d.name == "mnist1d"
    assert d.x_train.shape == (4000, 1, 40) and d.x_test.shape == (1000, 1, 40)
    assert d.y_train.shape == (4000,) and d.y_test.shape == (1000,)
    assert d.x_train.dtype == torch.float32 and d.y_train.dtype == torch.int64
    assert d.input_shape == (1, 40) and d.num_classes == 10 and len(d.class_names) == 10
    assert set(d.y_train.tolist()) == set(range(10))
    assert abs(d.x_train.mean().item()) < 0.05 and abs(d.x_train.std().item() - 1) < 0.05
    assert "MNIST-1D" in d.description and CJK.search(d.description)
    assert "train=4000" in repr(d) and "tensor(" not in repr(d)
    assert not list(cache.glob("mnist1d-*seed0.npz"))

    again = load_dataset("mnist1d")
    assert torch.equal(again.x_train, d.x_train) and torch.equal(again.y_test, d.y_test)
    again.x_train[0] = 99.0  # callers get their own tensors: the cache is not changed
    assert torch.equal(load_dataset("mnist1d").x_train, d.x_train)


def test_shipped_mnist1d_equals_a_fresh_generation():
    # The one real generation in this file (about 3 s): the installed mnist1d makes exactly the shipped arrays.
    # If a new mnist1d release changes its generator, this fails: decide whether to re-ship
    # (python tools/ship_dataset.py) and re-run the precomputed results, which used the shipped data.
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("ship_dataset", Path(__file__).parents[1] / "tools" / "ship_dataset.py")
    ship = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ship)
    assert ship.differs(0) == []


def test_generated_mnist1d_is_cached_on_disk(cache, monkeypatch):
    # Seeds that do not ship are generated once, written atomically, then read back by a new process.
    monkeypatch.setattr(D, "_generate_mnist1d", fake_mnist1d)
    D._mnist1d_arrays.cache_clear()
    d = load_dataset("mnist1d", seed=9)
    assert len(list(cache.glob("mnist1d-*seed9.npz"))) == 1 and not list(cache.glob("*.tmp"))
    D._mnist1d_arrays.cache_clear()
    monkeypatch.setattr(D, "_generate_mnist1d", lambda seed: pytest.fail("should read the disk cache"))
    from_disk = load_dataset("mnist1d", seed=9)
    assert torch.equal(from_disk.x_train, d.x_train) and torch.equal(from_disk.y_train, d.y_train)


def test_mnist1d_calls_the_package_generator_with_the_seed(cache, monkeypatch):
    import mnist1d.data
    from mnist1d.utils import set_seed

    seen = []

    def spy(args):  # stands in for mnist1d.data.make_dataset, which re-seeds the global generators
        seen.append(args.seed)
        set_seed(args.seed)
        rng = np.random.default_rng(args.seed)
        return {"x": rng.standard_normal((4000, 40)), "y": rng.integers(0, 10, 4000),
                "x_test": rng.standard_normal((1000, 40)), "y_test": rng.integers(0, 10, 1000)}

    monkeypatch.setattr(mnist1d.data, "make_dataset", spy)
    np.random.seed(123)
    random.seed(123)
    before_np, before_py = np.random.get_state()[1].copy(), random.getstate()
    d = load_dataset("mnist1d", seed=3, cache=False)
    assert seen == [3]
    # The global generators are as the caller left them.
    assert np.array_equal(np.random.get_state()[1], before_np) and random.getstate() == before_py
    expected = np.random.default_rng(3).standard_normal((4000, 40)).astype(np.float32)
    assert np.array_equal(d.x_train[:, 0].numpy(), expected)
    assert not list(cache.glob("*seed3.npz"))  # cache=False writes nothing


def fake_mnist1d(seed):
    rng = np.random.default_rng(seed)
    return {"x_train": rng.standard_normal((4000, 1, 40), dtype=np.float32),
            "y_train": rng.integers(0, 10, 4000).astype(np.int64),
            "x_test": rng.standard_normal((1000, 1, 40), dtype=np.float32),
            "y_test": rng.integers(0, 10, 1000).astype(np.int64)}


@pytest.mark.parametrize("content", [b"", b"not a zip file", None])
def test_corrupt_cache_file_is_regenerated(cache, monkeypatch, content):
    monkeypatch.setattr(D, "_generate_mnist1d", fake_mnist1d)
    path = D._mnist1d_path(77)
    if content is None:  # a valid file with the wrong shapes
        np.savez(path, x_train=np.zeros(3), y_train=np.zeros(3), x_test=np.zeros(3), y_test=np.zeros(3))
    else:
        path.write_bytes(content)
    D._mnist1d_arrays.cache_clear()
    d = load_dataset("mnist1d", seed=77)
    assert torch.equal(d.x_train, torch.tensor(fake_mnist1d(77)["x_train"]))
    assert D._read_npz(path) is not None  # rewritten, valid


def test_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("RESNET_LESSONS_CACHE", str(blocker / "sub"))
    monkeypatch.setattr(D, "_generate_mnist1d", fake_mnist1d)
    D._mnist1d_arrays.cache_clear()
    try:
        assert load_dataset("mnist1d", seed=5).num_train == 4000
    finally:
        D._mnist1d_arrays.cache_clear()


def test_subsets(cache):
    d = load_dataset("mnist1d", subset=512, test_subset=100)
    full = load_dataset("mnist1d")
    assert d.num_train == 512 and d.num_test == 100
    assert torch.equal(d.x_train, full.x_train[:512]) and torch.equal(d.y_test, full.y_test[:100])


# --- digits ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [8, 16, 32])
def test_digits_shapes(size):
    d = load_dataset("digits", size=size)
    assert d.x_train.shape == (1437, 1, size, size) and d.x_test.shape == (360, 1, size, size)
    assert d.input_shape == (1, size, size) and d.x_train.dtype == torch.float32
    assert abs(d.x_train.mean().item()) < 1e-4 and abs(d.x_train.std().item() - 1) < 1e-3
    assert torch.bincount(d.y_test).tolist() == [36, 36, 35, 37, 36, 37, 36, 36, 35, 36]  # stratified


def test_digits_split_follows_seed():
    a, b, c = load_dataset("digits", seed=0), load_dataset("digits", seed=0), load_dataset("digits", seed=1)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_train, b.y_train)
    assert not torch.equal(a.y_train, c.y_train)


# --- CIFAR-10 -------------------------------------------------------------------------------------

def test_cifar10_missing_fails_fast_with_one_clear_message(tmp_path):
    import torchvision.datasets  # noqa: F401  (import time is not what we measure)

    start = time.perf_counter()
    with pytest.raises(DatasetNotAvailable) as info:
        load_dataset("cifar10", root=tmp_path / "nothing")
    assert time.perf_counter() - start < 2.0
    assert bilingual(info.value) and "nothing" in str(info.value) and "fallback=True" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def no_network(*args, **kwargs):
    raise socket.gaierror(-3, "Temporary failure in name resolution (simulated)")


def test_cifar10_download_without_network(tmp_path, monkeypatch):
    import torchvision.datasets  # noqa: F401

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    previous = socket.getdefaulttimeout()
    start = time.perf_counter()
    with pytest.raises(DatasetNotAvailable) as info:
        load_dataset("cifar10", root=tmp_path, download=True)
    assert time.perf_counter() - start < 2.0
    assert bilingual(info.value) and "simulated" in str(info.value)
    assert socket.getdefaulttimeout() == previous


@pytest.mark.parametrize("fallback, name, shape", [(True, "digits", (1, 32, 32)), ("mnist1d", "mnist1d", (1, 40))])
def test_cifar10_fallback(tmp_path, capsys, cache, fallback, name, shape):
    d = load_dataset("cifar10", root=tmp_path, fallback=fallback, subset=100000)
    assert d.name == name and d.input_shape == shape
    out = capsys.readouterr().out
    assert "CIFAR-10" in out and CJK.search(out) and name in out


def write_fake_cifar10(root, per_batch=4):
    """Files laid out like CIFAR-10's python version, with a few random images."""
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        entry = {"data": rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8),
                 "labels": rng.integers(0, 10, per_batch).tolist()}
        with open(folder / name, "wb") as f:
            pickle.dump(entry, f)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({"label_names": list(D.CIFAR10_CLASSES)}, f)


def test_cifar10_from_disk(tmp_path, monkeypatch):
    from torchvision.datasets import CIFAR10

    write_fake_cifar10(tmp_path)
    # Our fake files have other checksums than the real ones.
    monkeypatch.setattr(CIFAR10, "_check_integrity", lambda self: True)
    monkeypatch.setattr("torchvision.datasets.cifar.check_integrity", lambda *args, **kwargs: True)
    d = load_dataset("cifar10", root=tmp_path)
    assert d.x_train.shape == (20, 3, 32, 32) and d.x_test.shape == (4, 3, 32, 32)
    assert d.input_shape == (3, 32, 32) and d.class_names[0] == "airplane"
    per_channel = d.x_train.mean(dim=(0, 2, 3))
    assert torch.allclose(per_channel, torch.zeros(3), atol=1e-4)  # normalised with training statistics
    small = load_dataset("cifar10", root=tmp_path, subset=7, test_subset=2)
    assert small.num_train == 7 and small.num_test == 2
    assert torch.allclose(small.x_train, d.x_train[:7])


# --- bad arguments ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, exc, word", [
    (dict(name="mnist"), ValueError, "name"),
    (dict(name="mnist1d", seed=-1), ValueError, "seed"),
    (dict(name="mnist1d", seed=1.5), TypeError, "seed"),
    (dict(name="mnist1d", seed=True), TypeError, "seed"),
    (dict(name="mnist1d", subset=0), ValueError, "subset"),
    (dict(name="mnist1d", test_subset=-3), ValueError, "test_subset"),
    (dict(name="mnist1d", subset=4001), ValueError, "subset"),
    (dict(name="mnist1d", size=16), ValueError, "size"),
    (dict(name="digits", size=12), ValueError, "size"),
    (dict(name="cifar10", fallback="imagenet"), ValueError, "fallback"),
])
def test_bad_arguments(kwargs, exc, word, cache):
    with pytest.raises(exc) as info:
        load_dataset(**kwargs)
    assert word in str(info.value) and bilingual(info.value)


def test_names():
    assert DATASETS == ("mnist1d", "digits", "cifar10")


# --- batches ----------------------------------------------------------------------------------------

def test_batches_cover_everything_once():
    x, y = torch.arange(10.0)[:, None], torch.arange(10)
    out = list(batches(x, y, 4))
    assert [len(b) for b, _ in out] == [4, 4, 2] and torch.equal(torch.cat([b for _, b in out]), y)
    shuffled = list(batches(x, y, 4, shuffle=True, generator=torch.Generator().manual_seed(0)))
    ys = torch.cat([b for _, b in shuffled])
    assert sorted(ys.tolist()) == list(range(10)) and not torch.equal(ys, y)
    assert all(torch.equal(xb[:, 0].long(), yb) for xb, yb in shuffled)  # pairs stay together
    again = list(batches(x, y, 4, shuffle=True, generator=torch.Generator().manual_seed(0)))
    assert torch.equal(torch.cat([b for _, b in again]), ys)
    assert [len(b) for b, _ in batches(x, y, 4, drop_last=True)] == [4, 4]


def test_batches_bad_arguments():
    with pytest.raises(ValueError, match="batch_size"):
        list(batches(torch.zeros(3), torch.zeros(3), 0))
    with pytest.raises(ValueError):
        list(batches(torch.zeros(3), torch.zeros(4), 2))
    with pytest.raises(TypeError, match="x"):
        list(batches([1, 2], torch.zeros(2), 2))


# --- augmentation -------------------------------------------------------------------------------------

def test_random_shift_1d_is_a_window_of_the_padded_signal():
    x = torch.randn(50, 2, 12)
    out = random_shift(x, 3, torch.Generator().manual_seed(0))
    assert out.shape == x.shape
    padded = torch.nn.functional.pad(x, (3, 3))
    offsets = []
    for i in range(len(x)):
        matches = [k for k in range(7) if torch.equal(out[i], padded[i, :, k:k + 12])]
        assert matches
        offsets.append(matches[0])
    assert len(set(offsets)) > 3  # shifts vary between examples
    again = random_shift(x, 3, torch.Generator().manual_seed(0))
    assert torch.equal(out, again)
    assert random_shift(x, 0) is x


def test_random_shift_2d_is_a_crop_of_the_padded_image():
    x = torch.randn(20, 3, 8, 8)
    out = random_shift(x, 2, torch.Generator().manual_seed(1))
    padded = torch.nn.functional.pad(x, (2, 2, 2, 2))
    for i in range(len(x)):
        assert any(torch.equal(out[i], padded[i, :, r:r + 8, c:c + 8]) for r in range(5) for c in range(5))


def test_random_flip():
    x = torch.randn(6, 1, 4, 5)
    assert torch.equal(random_flip(x, p=1.0), x.flip(-1))
    assert torch.equal(random_flip(x, p=0.0), x)
    out = random_flip(torch.randn(200, 1, 2, 2), torch.Generator().manual_seed(0))
    assert out.shape == (200, 1, 2, 2)


@pytest.mark.parametrize("call", [
    lambda: random_shift(torch.zeros(2, 40), 2),
    lambda: random_shift(torch.zeros(2, 1, 40), -1),
    lambda: random_flip(torch.zeros(2, 1, 40)),
    lambda: random_flip(torch.zeros(2, 1, 4, 4), p=2),
])
def test_augmentation_bad_arguments(call):
    with pytest.raises(ValueError) as info:
        call()
    assert bilingual(info.value)
