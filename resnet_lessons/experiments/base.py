"""What every experiment shares: run metadata, JSON round trips, and the result cache.

An experiment is a function ``run(config) -> result`` where ``config`` and
``result`` are dataclasses of plain data. The result carries its config, seed,
dataset, versions and wall time so that a JSON file says how it was made.
"""
import dataclasses
import json
import math
import os
import platform
import time
import typing
import warnings
from pathlib import Path
from typing import Callable, Optional

import torch

from resnet_lessons import __version__
from resnet_lessons.cache import cache_dir, cache_key, read_json, write_json_atomic
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.validate import check_bool, check_choice, check_int, is_cifar_depth, is_int, shown


def versions():
    """The versions that can change a result: package, torch, python."""
    return {"resnet_lessons": __version__, "torch": torch.__version__, "python": platform.python_version()}


def machine(device="cpu"):
    """The machine a result was measured on: CPU model, cores, torch threads, versions, device.

    Shipped results record it: the same seed gives bit-identical numbers only on the same CPU with the
    same thread count and versions; elsewhere they differ at float level and agree within the seed band.
    """
    import numpy

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "logical_cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "os": platform.system(), "python": platform.python_version(), "torch": torch.__version__,
            "numpy": numpy.__version__, "device": str(device)}


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


@dataclasses.dataclass
class Result:
    """The fields every experiment's result starts with (see :func:`metadata`); each result class adds its own."""
    experiment: str
    config: dict
    seed: Optional[int]
    dataset: Optional[str]
    versions: dict
    seconds: Optional[float]  # wall time: the one field that differs between two runs of the same config


@dataclasses.dataclass(frozen=True)
class Experiment:
    """What an experiment module declares once, at its bottom, as ``EXPERIMENT``; the registry, the command
    line, tools/precompute.py and the tests read it (and nothing else) to find and run the experiment."""
    name: str  # the command line's name, the cache's and the result's "experiment"
    config: type  # the Config dataclass; every field has a default, Config() is the lesson's run
    run: Callable  # run(config) -> result
    result: type  # the result dataclass; result.summary() is the text the command line prints
    description_key: str  # the i18n key of the one-line description
    run_cached: Optional[Callable] = None  # run_cached(config, use_cache=True) -> result; None: never cached

    @property
    def description(self):
        """(English, 中文)."""
        return STRINGS[self.description_key]


def to_dict(result):
    """A result dataclass (possibly nested) as a JSON-ready dict."""
    return dataclasses.asdict(result)


def to_json(result, indent=None):
    return json.dumps(to_dict(result), indent=indent, ensure_ascii=False)


def from_dict(cls, data):
    """Build a result (or config) dataclass from a dict made by ``to_dict``, nested dataclasses included.

    A list where ``cls`` declares a tuple (as JSON gives tuples back) becomes a tuple again, so that
    ``from_dict(module.Config, result.config)`` rebuilds the config a result was made with."""
    kwargs = {}
    fields = {f.name: f for f in dataclasses.fields(cls)}
    types = typing.get_type_hints(cls)
    for name, value in data.items():
        if name not in fields:
            continue
        kind = fields[name].metadata.get("item_type")
        if kind is not None and isinstance(value, list):
            value = [from_dict(kind, v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, list) and typing.get_origin(types.get(name)) is tuple:
            value = tuple(value)
        kwargs[name] = value
    return cls(**kwargs)


def fmt3(value):
    """A number as the summaries print it: 3 significant digits; None as 'n/a', inf and nan spelled out."""
    if value is None:
        return "n/a"
    if not math.isfinite(value):
        return str(value)
    return f"{value:.3g}"


# --- validation of Config fields --------------------------------------------------------------------
# The checks of single values live in resnet_lessons.validate (the models, data and training code use them
# too; experiments import them from there); here are the checks that only configs need.

MAX_DEPTH = 1202  # the deepest CIFAR ResNet of He et al. 2015 (Sec. 4.2)
MAX_SEED = 2**31 - 1


def check_depth(arg, value, high=MAX_DEPTH):
    """The depth of a CIFAR-style ResNet: an int 6n+2 from 8 to ``high``."""
    if not is_cifar_depth(value, high):
        raise (ValueError if is_int(value) else TypeError)(error("exp_err_depth", arg=arg, high=high,
                                                                 got=shown(value)))
    return value


def check_names(arg, value, allowed):
    """A non-empty tuple of distinct strings from ``allowed`` (ValueError otherwise, as for a choice)."""
    if (not isinstance(value, tuple) or not value or not all(isinstance(v, str) and v in allowed for v in value)
            or len(set(value)) != len(value)):
        raise ValueError(error("exp_err_names", arg=arg, allowed=", ".join(allowed), got=shown(value)))
    return value


def check_common(config, devices):
    """The options every Config has: ``seed`` (0 to 2**31 - 1), ``device`` (one of ``devices``), ``progress``."""
    check_int("seed", config.seed, 0, MAX_SEED)
    check_choice("device", config.device, devices)
    check_bool("progress", config.progress)


def find(items, arg, value):
    """The first of ``items`` whose attribute ``arg`` is ``value`` (a result's run of one kind, say);
    a ValueError naming the values there are otherwise."""
    for item in items:
        if getattr(item, arg) == value:
            return item
    have = ", ".join(str(getattr(item, arg)) for item in items) or "-"
    raise ValueError(error("arg_err_choice", arg=arg, allowed=have, got=shown(value)))


def check_config(config, cls):
    """Validate that ``config`` is an instance of ``cls`` (a config dataclass)."""
    if not isinstance(config, cls):
        raise TypeError(error("bad_config_type", cls=cls.__name__, got=type(config).__name__))
    return config


def make_config(cls, config, overrides):
    """The config of a ``run(config=None, **overrides)`` call: ``cls(**overrides)``, or ``config`` with the
    overrides replaced (validated again). An unknown override is a TypeError that names it."""
    names = [f.name for f in dataclasses.fields(cls)]
    for name in overrides:
        if name not in names:
            raise TypeError(error("exp_err_unknown_arg", arg=name, cls=cls.__name__, allowed=", ".join(names)))
    if config is None:
        return cls(**overrides)
    check_config(config, cls)
    return dataclasses.replace(config, **overrides) if overrides else config


# --- cache (the files themselves: resnet_lessons/cache.py) ----------------------------------------------

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
