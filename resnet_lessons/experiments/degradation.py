"""The degradation problem: deeper plain nets train *worse*; residual nets do not (He et al. 2015).

    >>> from resnet_lessons.experiments import degradation
    >>> result = degradation.run(depths=(20, 56))
    >>> print(result.summary())

He, Zhang, Ren, Sun 2015, "Deep Residual Learning for Image Recognition", Fig. 1 and Fig. 6:
on CIFAR-10 a 56-layer plain network has a *higher training error* than a 20-layer one,
although it could copy the 20-layer net and set its extra layers to the identity. That is
an optimisation failure, not overfitting. The same nets with identity shortcuts (ResNets)
get better with depth.

Our setting, small enough for a laptop CPU: the paper's CIFAR-style 6n+2 nets with 1-D
convolutions on MNIST-1D (``dataset="digits"``: 2-D convolutions on sklearn's 8x8 digits
upsampled to 16x16). Every net gets the same budget (epochs, batch, learning rate, step
schedule at 50 % and 75 %), the same initialisation seed and the same data order; plain
and residual twins have the same parameters (option A shortcuts). Training and test error
are measured in eval mode on the whole training and test set after every epoch (the
paper's curves); the loss of every mini-batch is kept too.

The lecture default (6 epochs, batch 64, learning rate 0.02) was chosen as the cheapest
budget that shows the effect for seeds 0, 1 and 2 (see ``tools/precompute.py`` and the
README in ``resnet_lessons/results`` for the longer, precomputed run).
"""
import dataclasses
import json
import math
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import torch

from resnet_lessons.cache import cache_dir, cache_key, load_weights, read_json, save_weights_atomic, write_json_atomic
from resnet_lessons.data import load_dataset
from resnet_lessons.experiments import parallel
from resnet_lessons.experiments.base import (Experiment, MAX_DEPTH, Result, check_common, check_depth, check_names,
                                             from_dict, make_config, metadata, to_dict)
from resnet_lessons.experiments.common import DEVICES, device_field, kind_of, net_label, progress_field, round_or_none
from resnet_lessons.experiments.seeds import band
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.models import cifar_resnet, count_parameters
from resnet_lessons.results import PRECOMPUTED as SPECS, load_seed_dicts
from resnet_lessons.train import History, StopTraining, TrainConfig, steps_per_epoch, train
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_bool, check_choice, check_int, check_number, is_cifar_depth, shown

NAME = "degradation"
DESCRIPTION = STRINGS["description_degradation"]

KINDS = ("plain", "residual")
DATASETS = ("mnist1d", "digits")
TRAIN_SIZES = {"mnist1d": 4000, "digits": 1437}  # training examples of each dataset
DIGITS_SIZE = 16  # sklearn's 8x8 digits, upsampled: two stride-2 stages still leave a 4x4 map
DEPTH_CHOICES = (8, 14, 20, 32, 44, 56, 110)  # what the widgets offer; any 6n+2 works


# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    depths: tuple[int, ...] = field(default=(20, 56), metadata={"help": STRINGS["help_depths"]})
    kinds: tuple[str, ...] = field(default=KINDS, metadata={"help": STRINGS["help_kinds"]})
    dataset: str = field(default="mnist1d", metadata={"help": STRINGS["help_degradation_dataset"],
        "choices": DATASETS})
    epochs: int = field(default=6, metadata={"help": STRINGS["help_degradation_epochs"]})
    batch_size: int = field(default=64, metadata={"help": STRINGS["help_batch_size"]})
    lr: float = field(default=0.02, metadata={"help": STRINGS["help_lr"]})
    width: int = field(default=16, metadata={"help": STRINGS["help_width"]})
    train_subset: Optional[int] = field(default=None, metadata={"help": STRINGS["help_degradation_train_subset"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        depths = self.depths
        if not isinstance(depths, tuple) or not depths:
            raise TypeError(error("degradation_err_depths", got=shown(depths)))
        for depth in depths:
            if isinstance(depth, bool) or not isinstance(depth, int):
                raise TypeError(error("degradation_err_depths", got=shown(depths)))
            if not is_cifar_depth(depth, MAX_DEPTH):
                raise ValueError(error("degradation_err_depths", got=shown(depths)))
        if len(set(depths)) != len(depths):
            raise ValueError(error("degradation_err_depths", got=shown(depths)))
        check_names("kinds", self.kinds, KINDS)
        check_choice("dataset", self.dataset, DATASETS)
        check_int("epochs", self.epochs, 1, 1000)
        check_int("batch_size", self.batch_size, 2, 4096)
        check_number("lr", self.lr, 0, 10)
        check_int("width", self.width, 1, 256)
        if self.train_subset is not None:
            check_int("train_subset", self.train_subset, 10, TRAIN_SIZES[self.dataset])
        check_common(self, DEVICES)


@dataclass
class Run:
    """One trained network: its final errors (fractions) and its curves."""
    depth: int
    residual: bool
    train_error: float  # after the last epoch, eval mode, whole training set
    test_error: float
    parameters: int
    seconds: float  # wall time of this run (timing: not part of any comparison)
    curves: dict  # epoch, iteration, train_error, test_error, train_loss, test_loss (per epoch); step_loss (per step)
    diverged: bool = False
    stopped: bool = False  # interrupted (StopTraining): the curves end early
    seed: Optional[int] = None  # of the initialisation and the data order

    @property
    def kind(self):
        return "residual" if self.residual else "plain"

    @property
    def label(self):
        return net_label(self.residual, self.depth)


@dataclass
class DegradationResult(Result):
    runs: list = field(metadata={"item_type": Run})
    device: str = "cpu"
    stopped: bool = False  # a callback stopped the experiment: some runs may be missing or cut short
    command: Optional[str] = None  # set on precomputed results: the command that made them
    machine: Optional[dict] = None  # set on precomputed results: where they were measured (base.machine())

    def run_for(self, depth, residual):
        """The run of the ``depth``-layer plain (``residual=False``) or residual net."""
        for item in self.runs:
            if item.depth == depth and item.residual == residual:
                return item
        have = ", ".join(r.label for r in self.runs) or "-"
        raise ValueError(error("degradation_err_no_run", depth=depth, kind=kind_of(residual), have=have))

    def depths(self, residual=None):
        """The depths present (for one kind, if given), ascending."""
        return sorted({r.depth for r in self.runs if residual is None or r.residual == residual})

    def gaps(self):
        """Final training error of the deepest minus the shallowest net, per kind, in points (None if < 2 depths)."""
        gaps = {}
        for kind in KINDS:
            runs = sorted((r for r in self.runs if r.kind == kind and not r.stopped), key=lambda r: r.depth)
            gaps[kind] = None if len(runs) < 2 else round(100 * (runs[-1].train_error - runs[0].train_error), 6)
        return gaps

    def shows_degradation(self, threshold=10.0, tolerance=2.0):
        """True if the deepest plain net's training error is at least ``threshold`` points above the
        shallowest one's while the deepest residual net's is at most ``tolerance`` points above its
        shallowest twin's. None when the result lacks a kind or a second depth."""
        gaps = self.gaps()
        if gaps["plain"] is None or gaps["residual"] is None:
            return None
        return gaps["plain"] >= threshold and gaps["residual"] <= tolerance

    def summary(self):
        config = self.config
        lines = [t("degradation_summary_head", dataset=self.dataset, epochs=config["epochs"],
                   batch=config["batch_size"], lr=config["lr"])]
        for item in sorted(self.runs, key=lambda r: (r.residual, r.depth)):
            line = t("degradation_summary_run", net_en=net_label(item.residual, item.depth, "en"),
                     net_zh=net_label(item.residual, item.depth, "zh"), train=100 * item.train_error,
                     test=100 * item.test_error)
            if item.stopped:
                line += " " + t("degradation_summary_stopped")
            lines.append("  " + line)
        gaps = self.gaps()
        for kind in KINDS:
            if gaps[kind] is None:
                continue
            depths = [r.depth for r in self.runs if r.kind == kind and not r.stopped]
            lines.append(t(f"degradation_summary_gap_{kind}", deep=max(depths), shallow=min(depths),
                           gap=gaps[kind]))
        verdict = self.shows_degradation()
        if verdict is not None:
            lines.append(t("degradation_verdict_yes" if verdict else "degradation_verdict_no"))
        if self.stopped:
            lines.append(t("degradation_summary_stopped"))
        return "\n".join(lines)


# --- the experiment ---------------------------------------------------------------------------------

def load_data(config):
    """The dataset of ``config`` (fixed generation/split seed 0, so every seed trains on the same data)."""
    size = DIGITS_SIZE if config.dataset == "digits" else None
    return load_dataset(config.dataset, size=size, subset=config.train_subset)


def build_model(config, depth, residual, data):
    """The seeded ``depth``-layer CIFAR-style net of ``config`` (plain twin when not ``residual``)."""
    torch.manual_seed(config.seed)  # the same initialisation for every net of this seed
    dim = 1 if len(data.input_shape) == 2 else 2
    return cifar_resnet(depth, plain=not residual, num_classes=data.num_classes, in_channels=data.input_shape[0],
                        dim=dim, width=config.width)


def train_config(config):
    """The training recipe shared by every net of the experiment."""
    return TrainConfig(epochs=config.epochs, batch_size=config.batch_size, lr=config.lr, momentum=0.9,
                       weight_decay=1e-4, schedule="step", milestones=(0.5, 0.75), seed=config.seed)


def _runs_to_do(config):
    """(depth, residual) pairs in the order they are trained: all plain nets, then all residual nets."""
    return [(depth, kind == "residual") for kind in config.kinds for depth in config.depths]


def _run_config(config, depth, residual):
    """The config of a single run (the key of its cache entry; progress never changes a result)."""
    return dataclasses.replace(config, depths=(depth,), kinds=(kind_of(residual),), progress=False)


def _run_file(config, depth, residual):
    """The cache file name of one run: changes with every field that can change the run."""
    return cache_key(NAME + "-run", _run_config(config, depth, residual)) + ".json"


def _curves(history):
    return {
        "epoch": [round_or_none(e) for e in history.epoch],
        "iteration": list(history.steps),
        "train_error": [round_or_none(e) for e in history.train_error],
        "test_error": [round_or_none(e) for e in history.test_error],
        "train_loss": [round_or_none(v) for v in history.train_loss],
        "test_loss": [round_or_none(v) for v in history.test_loss],
        "step_loss": [round_or_none(v) for v in history.step_loss],
    }


def _make_run(depth, residual, model, history, seed=None):
    curves = _curves(history)
    return Run(depth=depth, residual=residual,
               train_error=curves["train_error"][-1] if curves["train_error"] else 1.0,
               test_error=curves["test_error"][-1] if curves["test_error"] else 1.0,
               parameters=count_parameters(model), seconds=round(history.wall_time, 3), curves=curves,
               diverged=bool(history.diverged), stopped=bool(history.stopped), seed=seed)


def _result(config, data, runs, device, started, stopped):
    meta = metadata(NAME, config, data.name, started)
    return DegradationResult(**meta, runs=runs, device=str(device), stopped=stopped)


def run(config=None, callback=None, cache=None, loop=None, workers=1, **overrides):
    """Train a plain and/or residual net at every depth of ``config``, same budget; return the result.

    ``workers``: on a CPU, train up to this many nets at once, each in its own process on one thread
    (:func:`_train_in_parallel`); the result is the same as with one worker, bit for bit.

    ``loop``: train every net with this function instead of :func:`resnet_lessons.train.train` —
    lesson 01's exercise, ``loop(model, data, recipe)`` returning ``{"step_loss": [...],
    "train_error": [...], "test_error": [...]}`` (errors per epoch). It runs on the CPU, is never
    cached, and ``callback`` is then called once per net (after it is trained).
    ``callback(partial_result)`` runs after every epoch of every net, with the finished runs and
    the one in progress; raising :class:`resnet_lessons.train.StopTraining` there stops the whole
    experiment cleanly (``result.stopped`` is True). ``cache``: a folder where each finished run is
    stored (atomically) and looked up, so a long experiment that is killed resumes where it was;
    :func:`run_cached` uses the package's cache folder.
    """
    config = make_config(Config, config, overrides)
    if callback is not None and not callable(callback):
        raise TypeError(error("degradation_err_callback", got=type(callback).__name__))
    if loop is not None and (not callable(loop) or cache is not None):
        raise TypeError(error("degradation_err_loop", got=type(loop).__name__))
    started = time.perf_counter()
    data = load_data(config)
    device = pick_device(config.device) if loop is None else torch.device("cpu")
    recipe = train_config(config)
    todo = _runs_to_do(config)
    check_int("workers", workers, 1, 64)
    if workers > 1 and loop is None and device.type == "cpu" and config.epochs * max(config.depths) >= PARALLEL_WORK:
        pending = [net for net in todo if cache is None or _read_run(Path(cache) / _run_file(config, *net)) is None]
        if len(pending) > 1:
            return _train_in_parallel(config, data, todo, pending, workers, callback, cache, device, started)
    runs, stopped = [], False
    bar = None
    if config.progress and len(todo) > 1:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=t("degradation_progress"), unit="net")
    try:
        for depth, residual in todo:
            path = None if cache is None else Path(cache) / _run_file(config, depth, residual)
            item = _read_run(path) if path is None or _weights_file(path).exists() else None
            if item is None:
                model = build_model(config, depth, residual, data)

                def on_epoch(epoch, history, depth=depth, residual=residual, model=model):
                    if callback is not None:
                        partial = runs + [_make_run(depth, residual, model, history, config.seed)]
                        callback(_result(config, data, partial, device, started, False))

                if loop is None:
                    history = train(model, data, recipe, device=device, progress=config.progress and bar is None,
                                    callback=on_epoch)
                else:
                    history = _train_with(loop, model, data, recipe)
                    on_epoch(recipe.epochs, history)
                item = _make_run(depth, residual, model, history, config.seed)
                if path is not None and not item.stopped:
                    save_weights_atomic(model, _weights_file(path))  # first: a run file means its weights exist
                    write_json_atomic(path, to_dict(item))
            elif callback is not None:
                try:
                    callback(_result(config, data, runs + [item], device, started, False))
                except StopTraining:
                    stopped = True
            runs.append(item)
            if bar is not None:
                bar.update()
            if item.stopped or stopped:
                stopped = True
                break
    finally:
        if bar is not None:
            bar.close()
    return _result(config, data, runs, device, started, stopped)


# --- several nets at once, one per core ------------------------------------------------------------------

# Starting the worker processes costs ~2-3 s the first time (each imports torch): nets are trained in parallel
# only when there is more work than that, measured as epochs x the deepest depth (depth 20 for 3 epochs and up).
PARALLEL_WORK = 60


def _train_one(config_dict, depth, residual, folder, report):
    """In a worker process: train one net of the config into the cache ``folder``, reporting every epoch."""
    config = Config(**{k: tuple(v) if isinstance(v, list) else v for k, v in config_dict.items()})
    run(_run_config(config, depth, residual), callback=lambda partial: report(to_dict(partial.runs[-1])),
        cache=folder)


def _train_in_parallel(config, data, todo, pending, workers, callback, cache, device, started):
    """Train the ``pending`` nets in up to ``workers`` processes (:mod:`.parallel`), each into the cache folder
    (a temporary one without ``cache``), then assemble the result from it. ``callback`` sees the partial runs
    of all nets in training after every epoch of any of them; raising StopTraining there stops every worker
    at once (the finished nets stay cached)."""
    temporary = tempfile.TemporaryDirectory(prefix="resnet-lessons-") if cache is None else None
    folder = Path(cache) if cache is not None else Path(temporary.name)
    partial = {}

    def on_report(index, item):
        partial[pending[index]] = from_dict(Run, item)
        if callback is not None:
            runs = [partial[net] for net in todo if net in partial]
            callback(_result(config, data, runs, device, started, False))

    plain_config = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    jobs = [(plain_config, depth, residual, str(folder)) for depth, residual in pending]
    try:
        parallel.run_jobs(_train_one, jobs, workers, on_report=on_report)
    except StopTraining:
        runs = [_read_run(folder / _run_file(config, *net)) or partial.get(net) for net in todo]
        result = _result(config, data, [r for r in runs if r is not None], device, started, True)
    else:
        result = run(config, callback=callback, cache=folder)  # every net is in the folder now: read, not trained
        result.seconds = round(time.perf_counter() - started, 3)
    if temporary is not None:
        temporary.cleanup()
    return result


def _train_with(loop, model, data, recipe):
    """A :class:`~resnet_lessons.train.History` from a learner's ``loop`` (see :func:`run`)."""
    tick = time.perf_counter()
    log = loop(model, data, recipe)
    seconds = time.perf_counter() - tick
    if not isinstance(log, dict) or any(not isinstance(log.get(k), (list, tuple)) for k in (
            "step_loss", "train_error", "test_error")):
        raise TypeError(error("degradation_err_loop_log", got=type(log).__name__))
    epochs = len(log["train_error"])
    per_epoch = steps_per_epoch(len(data.x_train), recipe.batch_size)
    step_loss = [float(v) for v in log["step_loss"]]
    history = History(config=recipe.to_dict(), dataset=getattr(data, "name", None),
                      epoch=list(range(1, epochs + 1)), steps=[per_epoch * e for e in range(1, epochs + 1)],
                      train_loss=[math.nan] * epochs, train_error=[float(v) for v in log["train_error"]],
                      test_loss=[math.nan] * epochs, test_error=[float(v) for v in log["test_error"]],
                      step_loss=step_loss, wall_time=seconds, train_time=seconds,
                      diverged=not all(math.isfinite(v) for v in step_loss))
    return history


def _weights_file(run_path):
    return Path(run_path).with_suffix(".pt")


def trained_model(config=None, depth=56, residual=True, directory=None, **overrides):
    """The ``depth``-layer net of ``config`` as the degradation experiment trained it (eval mode, on the CPU).

    Its weights are read from the cache (``directory`` or the package cache folder) when that net was
    trained before by :func:`run_cached` with the same config and seed; otherwise it is trained now
    (and cached), exactly as :func:`run_cached` would. Used by experiments that analyse the trained
    nets of the precomputed sweep (the deep lesion study, path lengths)."""
    config = make_config(Config, config, overrides)
    check_depth("depth", depth)
    check_bool("residual", residual)
    folder = Path(directory) if directory is not None else cache_dir()
    single = _run_config(config, depth, residual)
    data = load_data(config)
    model = build_model(config, depth, residual, data)
    weights = _weights_file(folder / _run_file(config, depth, residual))
    if not load_weights(model, weights):
        weights.unlink(missing_ok=True)  # missing, truncated or stale: its run is trained again
        run(dataclasses.replace(single, progress=config.progress), cache=folder)
        if not load_weights(model, weights):  # pragma: no cover - the run above wrote it
            raise RuntimeError(f"no weights at {weights}")
    return model.cpu().eval()


def _read_run(path):
    if path is None:
        return None
    data = read_json(path)
    if data is None:
        return None
    try:
        return from_dict(Run, data)
    except (TypeError, KeyError):
        return None


def run_cached(config=None, use_cache=True, directory=None, callback=None, workers=1, **overrides):
    """``run`` with every finished net cached under ``directory`` (default: the package cache folder).

    Cached nets are reused by any config that contains them (same budget, seed, dataset, width,
    device and package version), so adding a depth trains only the new nets, and a killed run
    loses at most the net it was training.
    """
    config = make_config(Config, config, overrides)
    if not use_cache:
        return run(config, callback=callback, workers=workers)
    return run(config, callback=callback, cache=Path(directory) if directory is not None else cache_dir(),
               workers=workers)


def empty_result(config=None, **overrides):
    """A result with no runs yet (what a widget shows before its first Run)."""
    config = make_config(Config, config, overrides)
    meta = metadata(NAME, config, config.dataset, None)
    return DegradationResult(**meta, runs=[])


# --- precomputed results over seeds ----------------------------------------------------------------

@dataclass
class SeedSweep:
    """One precomputed degradation result per seed (the same budget), read with :func:`load_sweep`.

    Every figure and verdict made from it is stated over the seeds: a mean and the band of the seeds
    (min to max), with each seed's run drawn faintly.
    """
    name: str
    results: list  # DegradationResult, one per seed, ascending seed

    @property
    def seeds(self):
        return [r.seed for r in self.results]

    @property
    def config(self):
        """The budget shared by every seed (the config without its seed)."""
        return {k: v for k, v in self.results[0].config.items() if k != "seed"}

    @property
    def machine(self):
        return self.results[0].machine

    @property
    def command(self):
        """The command of one seed, with the seed written as S."""
        text = self.results[0].command or ""
        return text.replace(f"--seed {self.results[0].seed}", "--seed S")

    def depths(self, residual=None):
        return self.results[0].depths(residual)

    def runs(self, depth, residual):
        """The run of the ``depth``-layer net of each seed."""
        return [r.run_for(depth, residual) for r in self.results]

    def final(self, depth, residual, metric="train_error"):
        """The final ``metric`` ("train_error" or "test_error", fractions) of one net: a Band over seeds."""
        check_choice("metric", metric, ("train_error", "test_error"))
        return band([getattr(r, metric) for r in self.runs(depth, residual)], self.seeds)

    def gap(self, deep, shallow, residual, metric="train_error"):
        """Per seed, ``metric`` of the deep net minus that of the shallow net (fractions): a Band."""
        deep_runs, shallow_runs = self.runs(deep, residual), self.runs(shallow, residual)
        return band([getattr(d, metric) - getattr(s, metric) for d, s in zip(deep_runs, shallow_runs)], self.seeds)

    def curve(self, depth, residual, metric="train_error"):
        """(iterations, mean, low, high, per-seed curves) of ``metric`` after every epoch."""
        check_choice("metric", metric, ("train_error", "test_error", "train_loss", "test_loss"))
        runs = self.runs(depth, residual)
        curves = [r.curves[metric] for r in runs]
        length = min(len(c) for c in curves)
        columns = [[c[i] for c in curves] for i in range(length)]
        return (runs[0].curves["iteration"][:length], [sum(c) / len(c) for c in columns],
                [min(c) for c in columns], [max(c) for c in columns], curves)

    def degrades_every_seed(self, deep, shallow, threshold=0.10, tolerance=0.02):
        """True when, for every seed, the deep plain net's final training error is at least ``threshold``
        above the shallow one's while the deep ResNet's is at most ``tolerance`` above its twin's."""
        plain, residual = self.gap(deep, shallow, False), self.gap(deep, shallow, True)
        return plain.low >= threshold and residual.high <= tolerance

    def summary(self):
        config = self.config
        lines = [t("sweep_summary_head", name=self.name, n=len(self.seeds),
                   seeds=", ".join(map(str, self.seeds)), dataset=self.results[0].dataset, epochs=config["epochs"],
                   batch=config["batch_size"], lr=config["lr"])]
        for residual in (False, True):
            for depth in self.depths(residual):
                mean, low, high = self.final(depth, residual).percent()
                test = self.final(depth, residual, "test_error").percent()
                lines.append("  " + t("sweep_summary_run", net_en=net_label(residual, depth, "en"),
                                      net_zh=net_label(residual, depth, "zh"), mean=mean, low=low, high=high,
                                      test=test[0], test_low=test[1], test_high=test[2]))
        return "\n".join(lines)


def load_sweep(name="degradation_full"):
    """Every shipped seed of the precomputed degradation result ``name`` (see ``resnet_lessons.results``)."""
    names = tuple(k for k, spec in SPECS.items() if spec.experiment == NAME)
    check_choice("name", name, names)
    try:
        results = [from_dict(DegradationResult, item) for item in load_seed_dicts(name)]
    except (TypeError, KeyError) as err:
        raise ValueError(error("results_err_corrupt", name=name, file=f"{name}/seed-*.json",
                               err=type(err).__name__)) from None
    return SeedSweep(name=name, results=sorted(results, key=lambda r: r.seed))


def shipped_result(config):
    """The first shipped result made with exactly ``config``'s budget and seed (any depths), or None.

    Lets a widget start from what was precomputed instead of an empty figure."""
    return next(iter(shipped_results(config)), None)


def shipped_runs(config):
    """Every shipped net of ``config``'s budget and seed, in any shipped result: {(depth, residual): Run}.

    Lets a widget skip training a net that was shipped (``degradation_slider`` holds every depth it offers)."""
    runs = {}
    for result in shipped_results(config):
        for item in result.runs:
            runs.setdefault((item.depth, item.residual), item)
    return runs


def shipped_results(config):
    """Every shipped result made with exactly ``config``'s budget and seed (any depths), in the order of
    ``resnet_lessons.results.PRECOMPUTED``."""
    found = []
    config = make_config(Config, config, {})
    keep = ("kinds", "depths", "device", "progress")
    wanted = {k: v for k, v in json.loads(json.dumps(dataclasses.asdict(config))).items() if k not in keep}
    for name, spec in SPECS.items():
        if spec.experiment != NAME:
            continue
        try:
            sweep = load_sweep(name)
        except (FileNotFoundError, ValueError):
            continue
        for result in sweep.results:
            if {k: v for k, v in result.config.items() if k not in keep} == wanted:
                found.append(result)
    return found


RESULT = DegradationResult  # what run() returns: resnet_lessons.results.load() builds shipped results with it


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=DegradationResult,
                        description_key="description_degradation", run_cached=run_cached)
