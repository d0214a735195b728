"""What every experiment shares: run metadata, JSON round trips, and the result cache.

An experiment is a function ``run(config) -> result`` where ``config`` and
``result`` are dataclasses of plain data. The result carries its config, seed,
dataset, versions and wall time so that a JSON file says how it was made.
"""
import dataclasses
import hashlib
import json
import os
import platform
import tempfile
import time
import warnings
from pathlib import Path

import torch

from resnet_lessons import __version__
from resnet_lessons.i18n import error, t


def versions():
    """The versions that can change a result: package, torch, python."""
    return {"resnet_lessons": __version__, "torch": torch.__version__, "python": platform.python_version()}


def metadata(experiment, config, dataset=None, started=None):
    """The common fields of a result: experiment, config, seed, dataset, versions, seconds."""
    return {
        "experiment": experiment,
        "config": json.loads(json.dumps(dataclasses.asdict(config))),  # tuples as lists, as after a JSON round trip
        "seed": getattr(config, "seed", None),
        "dataset": dataset,
        "versions": versions(),
        "seconds": None if started is None else round(time.perf_counter() - started, 3),
    }


def to_dict(result):
    """A result dataclass (possibly nested) as a JSON-ready dict."""
    return dataclasses.asdict(result)


def to_json(result, indent=None):
    return json.dumps(to_dict(result), indent=indent, ensure_ascii=False)


def from_dict(cls, data):
    """Build a result dataclass from a dict made by ``to_dict``, nested dataclasses included."""
    kwargs = {}
    hints = {f.name: f for f in dataclasses.fields(cls)}
    for name, value in data.items():
        if name not in hints:
            continue
        kind = hints[name].metadata.get("item_type")
        if kind is not None and isinstance(value, list):
            value = [from_dict(kind, v) if isinstance(v, dict) else v for v in value]
        kwargs[name] = value
    return cls(**kwargs)


def check_config(config, cls):
    """Validate that ``config`` is an instance of ``cls`` (a config dataclass)."""
    if not isinstance(config, cls):
        raise TypeError(error("bad_config_type", cls=cls.__name__, got=type(config).__name__))
    return config


# --- cache -------------------------------------------------------------------------------------

def cache_dir():
    """Where cached results live: $RESNET_LESSONS_CACHE or ~/.cache/resnet_lessons."""
    root = os.environ.get("RESNET_LESSONS_CACHE") or Path.home() / ".cache" / "resnet_lessons"
    return Path(root)


def cache_key(experiment, config):
    """A key for a config: changes with any config field and with the package version."""
    text = json.dumps({"experiment": experiment, "config": dataclasses.asdict(config),
                       "version": __version__}, sort_keys=True)
    return f"{experiment}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def write_json_atomic(path, data):
    """Write JSON to ``path`` atomically: a temp file in the same folder, then rename.

    A reader sees either the old file or the new one, never half a file, and two
    writers cannot interleave their bytes.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path):
    """Read a JSON file; None (with a bilingual warning) if it is missing, truncated or corrupt."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as err:
        warnings.warn(t("cache_corrupt", path=str(path), err=type(err).__name__), stacklevel=2)
        return None


def cached_run(experiment, config, run, result_cls, use_cache=True, directory=None):
    """Run ``run(config)`` or return the cached result for the same config and package version."""
    if not use_cache:
        return run(config)
    path = Path(directory or cache_dir()) / (cache_key(experiment, config) + ".json")
    data = read_json(path)
    if data is not None:
        try:
            return from_dict(result_cls, data)
        except (TypeError, KeyError) as err:
            warnings.warn(t("cache_corrupt", path=str(path), err=type(err).__name__), stacklevel=2)
    result = run(config)
    write_json_atomic(path, to_dict(result))
    return result
