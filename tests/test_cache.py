import dataclasses
import json
import multiprocessing
import os

import pytest

from resnet_lessons import cache
from resnet_lessons.experiments import base


@dataclasses.dataclass(frozen=True)
class Config:
    n: int = 3
    seed: int = 0


@dataclasses.dataclass
class Result:
    experiment: str
    config: dict
    values: list


CALLS = []


def run(config):
    CALLS.append(config)
    return Result("toy", dataclasses.asdict(config), list(range(config.n)))


def test_cached_run_computes_once_then_reads(tmp_path):
    CALLS.clear()
    first = base.cached_run("toy", Config(), run, Result, directory=tmp_path)
    second = base.cached_run("toy", Config(), run, Result, directory=tmp_path)
    assert first == second and len(CALLS) == 1
    base.cached_run("toy", Config(n=4), run, Result, directory=tmp_path)
    assert len(CALLS) == 2  # another config is another key


def test_corrupt_cache_is_reported_and_recomputed(tmp_path):
    CALLS.clear()
    base.cached_run("toy", Config(), run, Result, directory=tmp_path)
    path = tmp_path / (cache.cache_key("toy", Config()) + ".json")
    path.write_text(path.read_text()[:10])  # truncated
    with pytest.warns(UserWarning, match="unreadable"):
        result = base.cached_run("toy", Config(), run, Result, directory=tmp_path)
    assert result.values == [0, 1, 2] and len(CALLS) == 2
    assert json.loads(path.read_text())["values"] == [0, 1, 2]  # rewritten whole


def test_cache_key_changes_with_version(monkeypatch):
    key = cache.cache_key("toy", Config())
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    assert cache.cache_key("toy", Config()) != key


def test_cache_key_changes_with_torch_and_the_device(monkeypatch):
    from resnet_lessons.experiments import lesion

    config = lesion.Config(depth=8, epochs=1)
    key = cache.cache_key("lesion", config)
    assert cache.cache_key("lesion", lesion.Config(depth=8, epochs=1)) == key  # stable
    monkeypatch.setattr(cache.torch, "__version__", "9.9.9")
    assert cache.cache_key("lesion", config) != key  # a torch upgrade does not reuse a trained net
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_device_type", lambda config: "cuda")
    assert cache.cache_key("lesion", config) != key  # nor does a GPU reuse a CPU-trained one


def _writer(path, value):
    for _ in range(50):
        cache.write_json_atomic(path, {"value": value, "pad": "x" * 20000})


def test_concurrent_writers_never_leave_a_broken_file(tmp_path):
    path = tmp_path / "shared.json"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, v)) for v in (1, 2)]
    for p in procs:
        p.start()
    for _ in range(200):
        if path.exists():
            assert json.loads(path.read_text())["value"] in (1, 2)
    for p in procs:
        p.join()
    assert json.loads(path.read_text())["value"] in (1, 2)
    assert [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] == []


def test_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "r.json"
    cache.write_json_atomic(path, {"ok": 1})
    with pytest.raises(TypeError):
        cache.write_json_atomic(path, {"bad": object()})
    assert json.loads(path.read_text()) == {"ok": 1}
    assert [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] == []


def test_one_cache_folder_and_one_atomic_writer():
    # Every module keeps its files through resnet_lessons.cache: no second cache folder, no private temp-file writer.
    import pathlib

    from resnet_lessons import data

    assert data.cache_dir is cache.cache_dir
    package = pathlib.Path(cache.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "cache.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "mkstemp" not in text and "def cache_dir" not in text, path
        assert "RESNET_LESSONS_CACHE" not in text, path
