"""Train one small ResNet several ways and compare: initialisation, warm-up, training tricks, block type.

    >>> from resnet_lessons.experiments import recipes
    >>> result = recipes.run(variants=("baseline", "zero_init"), depth=56)   # one epoch: 31 SGD steps
    >>> print(result.summary())

Every variant changes exactly one thing from ``"baseline"``, the paper's CIFAR-10 recipe on a
CIFAR-style 6n+2 network with 1-D convolutions on MNIST-1D (He et al. 2015, Sec. 4.2: Kaiming
init, batch norm, SGD with momentum 0.9, weight decay 1e-4, batch 128, learning rate 0.1):

- ``default_init``: PyTorch's default init of the convolutions instead of Kaiming's (He et al. 2015,
  "Delving Deep into Rectifiers", arXiv:1502.01852);
- ``zero_init``: the last BN of each residual branch starts at γ = 0, so every block starts as the
  identity (Goyal et al. 2017, arXiv:1706.02677);
- ``preact``: pre-activation blocks (He et al. 2016, "Identity Mappings", arXiv:1603.05027);
- ``warmup``: the learning rate rises linearly over ``warmup_epochs`` (Goyal et al. 2017);
- ``label_smoothing``: cross-entropy against targets smoothed by ``label_smoothing`` (Szegedy et al. 2016);
- ``shift``: random shifts of the signals (data augmentation, like the paper's random crops);
- ``no_weight_decay``: weight decay 0;
- ``bf16``: bfloat16 autocast (mixed precision).

Every variant starts from the same seed: the same data order, and the same initial weights
wherever the architecture and init are the same. Besides the curves, each run records the mean
confidence (largest softmax probability) on the test set and the L2 norm of the weights.
"""
import dataclasses
import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Optional

import torch

from resnet_lessons.data import load_dataset
from resnet_lessons.experiments import parallel
from resnet_lessons.experiments.base import (Experiment, Result, cached_run, check_common, check_depth, check_names,
                                             from_dict, make_config, metadata, to_dict)
from resnet_lessons.experiments.common import DEVICES, device_field, progress_field, round_or_none
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.models import cifar_resnet, count_parameters
from resnet_lessons.train import TrainConfig, evaluate, train
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_choice, check_int, check_number

NAME = "recipes"
DESCRIPTION = STRINGS["description_recipes"]

VARIANTS = ("baseline", "default_init", "zero_init", "preact", "warmup", "label_smoothing", "shift",
            "no_weight_decay", "bf16")
SCHEDULES = ("constant", "step", "cosine", "linear")
TAIL = 10  # the summary's "final loss" is the mean loss of the last TAIL mini-batches


# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    variants: tuple[str, ...] = field(default=("baseline", "default_init", "zero_init"), metadata={"help": (
        "variants to train, each changing one thing from 'baseline': " + ", ".join(VARIANTS),
        "要训练的变体，每个只在 'baseline' 的基础上改变一处：" + "、".join(VARIANTS)), "choices": VARIANTS})
    depth: int = field(default=56, metadata={"help": STRINGS["help_recipes_depth"]})
    width: int = field(default=16, metadata={"help": STRINGS["help_width"]})
    epochs: int = field(default=1, metadata={"help": STRINGS["help_recipes_epochs"]})
    max_steps: Optional[int] = field(default=None, metadata={"help": STRINGS["help_recipes_max_steps"]})
    batch_size: int = field(default=128, metadata={"help": STRINGS["help_batch_size"]})
    lr: float = field(default=0.1, metadata={"help": STRINGS["help_recipes_lr"]})
    weight_decay: float = field(default=1e-4, metadata={"help": STRINGS["help_recipes_weight_decay"]})
    schedule: str = field(default="constant", metadata={"help": STRINGS["help_recipes_schedule"], "choices": SCHEDULES})
    warmup_epochs: float = field(default=0.5, metadata={"help": STRINGS["help_recipes_warmup_epochs"]})
    label_smoothing: float = field(default=0.1, metadata={"help": STRINGS["help_recipes_label_smoothing"]})
    eval_size: Optional[int] = field(default=1000, metadata={"help": STRINGS["help_recipes_eval_size"]})
    train_subset: Optional[int] = field(default=None, metadata={"help": STRINGS["help_recipes_train_subset"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        check_names("variants", self.variants, VARIANTS)
        check_depth("depth", self.depth)
        check_int("width", self.width, 1, 256)
        check_int("epochs", self.epochs, 1, 1000)
        if self.max_steps is not None:
            check_int("max_steps", self.max_steps, 1, 10**6)
        check_int("batch_size", self.batch_size, 2, 4096)
        check_number("lr", self.lr, 0, 10)
        check_number("weight_decay", self.weight_decay, 0, 1, low_open=False)
        check_choice("schedule", self.schedule, SCHEDULES)
        check_number("warmup_epochs", self.warmup_epochs, 0, 1000)
        check_number("label_smoothing", self.label_smoothing, 0, 1, high_open=True)
        if self.eval_size is not None:
            check_int("eval_size", self.eval_size, 1, 10**6)
        if self.train_subset is not None:
            check_int("train_subset", self.train_subset, 10, 10**6)
        check_common(self, DEVICES)


@dataclass
class RecipeRun:
    """One trained variant: its options, its curves and what the trained net looks like."""
    variant: str
    model_options: dict  # the keyword arguments of cifar_resnet that differ from the baseline
    train_config: dict  # resnet_lessons.train.TrainConfig.to_dict()
    parameters: int
    step_loss: list  # loss of every mini-batch as it was trained (None where not finite)
    lr: list  # learning rate of every step
    epoch: list  # per evaluation (the end of every epoch, or of the last step)
    steps: list
    train_loss: list
    train_error: list  # fractions, eval mode, on the first eval_size training examples
    test_loss: list
    test_error: list
    confidence: float  # mean largest softmax probability on the test set at the end
    weight_norm: float  # L2 norm of every conv and fc weight at the end
    diverged: bool = False
    samples_per_second: float = 0.0  # timing: never part of a comparison
    seconds: float = 0.0
    # Batch norm at the end, on the same first eval_size training examples (see ``batch_norm_modes``):
    train_mode_loss: Optional[float] = None  # train mode: each batch normalised with its own statistics
    train_mode_error: Optional[float] = None
    recalibrated_loss: Optional[float] = None  # eval mode, running statistics recomputed for the final weights
    recalibrated_error: Optional[float] = None

    def final_loss(self, k=TAIL):
        """The mean loss of the last ``k`` mini-batches (nan if any is not finite)."""
        tail = self.step_loss[-k:]
        if not tail or any(v is None or not math.isfinite(v) for v in tail):
            return math.nan
        return statistics.fmean(tail)

    def max_loss(self, start=0, stop=None):
        """The highest mini-batch loss of the run, or of its steps ``start`` to ``stop`` (0-based, ``stop``
        excluded, like a slice); nan if the loss was ever not finite there."""
        losses = self.step_loss[start:stop]
        if not losses or any(v is None or not math.isfinite(v) for v in losses):
            return math.nan
        return max(losses)

    def warmup_steps(self):
        """How many steps the learning rate rose before it first reached its peak (0: no warm-up)."""
        values = [v for v in self.lr if v is not None]
        if not values or values[0] >= max(values):
            return 0
        return values.index(max(values)) + 1


@dataclass
class RecipesResult(Result):
    runs: list = field(metadata={"item_type": RecipeRun})
    device: str = "cpu"

    def run_for(self, variant):
        """The run of ``variant``."""
        for item in self.runs:
            if item.variant == variant:
                return item
        raise ValueError(error("recipes_err_no_run", got=repr(variant),
                               have=", ".join(r.variant for r in self.runs)))

    def summary(self):
        config = self.config
        steps = len(self.runs[0].step_loss) if self.runs else 0
        lines = [t("recipes_summary_head", depth=config["depth"], steps=steps, batch=config["batch_size"],
                   lr=config["lr"], schedule_en=t("schedules_name_" + config["schedule"], lang="en"),
                   schedule_zh=t("schedules_name_" + config["schedule"], lang="zh"), seed=self.seed)]
        for item in self.runs:
            name = f"{item.variant:<16}"
            if item.diverged:
                lines.append("  " + name + t("recipes_summary_diverged"))
                continue
            lines.append("  " + name + t("recipes_summary_run", k=min(TAIL, len(item.step_loss)),
                                         loss=item.final_loss(), high=item.max_loss(),
                                         train=100 * item.train_error[-1], test=100 * item.test_error[-1],
                                         conf=100 * item.confidence))
        return "\n".join(lines)


# --- several seeds ----------------------------------------------------------------------------------

def _check_results(results):
    if isinstance(results, RecipesResult):
        results = [results]
    if not isinstance(results, (list, tuple)) or not results or not all(isinstance(r, RecipesResult) for r in results):
        raise TypeError(error("recipes_err_results", got=type(results).__name__))
    return list(results)


def runs_of(results, variant):
    """The runs of ``variant`` in ``results`` (RecipesResults, e.g. one per seed), in order; results
    without that variant are skipped."""
    check_choice("variant", variant, VARIANTS)
    return [item for r in _check_results(results) for item in r.runs if item.variant == variant]


def seeds_of(results, variant):
    """The seeds of the runs ``runs_of(results, variant)`` gives."""
    check_choice("variant", variant, VARIANTS)
    return [r.seed for r in _check_results(results) for item in r.runs if item.variant == variant]


def spread(values):
    """(mean, smallest, largest) of ``values``, the non-finite ones left out: how a number varies over seeds."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return math.nan, math.nan, math.nan
    return statistics.fmean(finite), min(finite), max(finite)


def _seeds_text(seeds):
    """("seed 0" or "seeds 0, 1, 2", "种子 0" or "种子 0、1、2")."""
    en = ("seed " if len(seeds) == 1 else "seeds ") + ", ".join(map(str, seeds))
    return en, "种子 " + "、".join(map(str, seeds))


def _loss(value):
    return "n/a" if not math.isfinite(value) else (f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}")


def _spread_text(values, percent=False):
    mean, low, high = spread(values)
    if not math.isfinite(mean):
        return "n/a"
    show = (lambda v: f"{100 * v:.1f}%") if percent else _loss
    if len(values) == 1:
        return show(mean)
    return f"{show(mean)} ({show(low)}–{show(high)})"


def _runs_by_variant(results, variants):
    """[(variant, runs)] for ``variants`` (a name or a sequence of names), each present in ``results``."""
    if isinstance(variants, str):
        variants = (variants,)
    found = []
    for variant in variants:
        runs = runs_of(results, variant)
        if not runs:
            have = ", ".join(dict.fromkeys(item.variant for r in results for item in r.runs))
            raise ValueError(error("recipes_err_no_run", got=repr(variant), have=have))
        found.append((variant, runs))
    return found


def seeds_summary(results, variants, split):
    """Per variant, over the seeds of ``results``: the highest loss before and after step ``split`` and the
    loss of the last mini-batches, as mean (smallest–largest). Bilingual text."""
    results = _check_results(results)
    check_int("split", split, 1, 10**6)
    lines = []
    for variant, runs in _runs_by_variant(results, variants):
        steps = len(runs[0].step_loss)
        seeds, seeds_zh = _seeds_text(seeds_of(results, variant))
        lines.append(t("recipes_seeds_run", sep="\n    ", name=variant, seeds=seeds, seeds_zh=seeds_zh,
                       split=split, after=split + 1, steps=steps,
                       early=_spread_text([r.max_loss(0, split) for r in runs]),
                       late=_spread_text([r.max_loss(split) for r in runs]),
                       k=min(TAIL, steps), final=_spread_text([r.final_loss() for r in runs])))
    return "\n".join([t("recipes_seeds_head")] + lines)


def modes_summary(results, variants):
    """Per variant, over the seeds of ``results``: training error and loss at the end in eval mode (running
    statistics), in train mode (batch statistics) and in eval mode with recomputed statistics. Bilingual text."""
    results = _check_results(results)
    lines = []
    for variant, runs in _runs_by_variant(results, variants):
        seeds, seeds_zh = _seeds_text(seeds_of(results, variant))
        lines.append(t("recipes_modes_run", sep="\n    ", name=variant, seeds=seeds, seeds_zh=seeds_zh,
                       eval_error=_spread_text([r.train_error[-1] for r in runs], percent=True),
                       train_error=_spread_text([r.train_mode_error for r in runs], percent=True),
                       recal_error=_spread_text([r.recalibrated_error for r in runs], percent=True),
                       eval_loss=_spread_text([r.train_loss[-1] for r in runs]),
                       train_loss=_spread_text([r.train_mode_loss for r in runs])))
    size = results[0].config.get("eval_size") or "all"
    return "\n".join([t("recipes_modes_head", n=size)] + lines)


def variant_label(variant, lang=None):
    """The variant's name for a legend, in the current language (or ``lang``)."""
    check_choice("variant", variant, VARIANTS)
    return t("recipes_variant_" + variant, lang=lang)


# --- the experiment ---------------------------------------------------------------------------------

def model_options(variant):
    """The keyword arguments of ``cifar_resnet`` that ``variant`` changes (empty for training-only variants)."""
    return {"default_init": {"init": "default"}, "zero_init": {"zero_init_residual": True},
            "preact": {"preact": True}}.get(variant, {})


def train_config(config, variant):
    """The TrainConfig of ``variant``: the baseline recipe of ``config`` with one change."""
    options = {"warmup": {"warmup_epochs": config.warmup_epochs},
               "label_smoothing": {"label_smoothing": config.label_smoothing},
               "shift": {"augment": "shift"},
               "no_weight_decay": {"weight_decay": 0.0},
               "bf16": {"autocast": "bf16"}}.get(variant, {})
    base = dict(epochs=config.epochs, max_steps=config.max_steps, batch_size=config.batch_size, lr=config.lr,
                momentum=0.9, weight_decay=config.weight_decay, schedule=config.schedule, milestones=(0.5, 0.75),
                train_eval_size=config.eval_size, seed=config.seed)
    return TrainConfig(**{**base, **options})


def load_data(config):
    """MNIST-1D (generation seed 0, so every seed trains on the same data), maybe cut to ``train_subset``."""
    return load_dataset("mnist1d", subset=config.train_subset)


def build_model(config, variant, data):
    """The seeded CIFAR-style 1-D net of ``variant``."""
    torch.manual_seed(config.seed)  # the same initial weights for every variant of the same architecture
    return cifar_resnet(config.depth, num_classes=data.num_classes, in_channels=data.input_shape[0], dim=1,
                        width=config.width, **model_options(variant))


def mean_confidence(model, x, batch_size=1000):
    """The mean largest softmax probability of ``model`` on ``x`` (eval mode): how sure it is."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total = 0.0
    try:
        with torch.no_grad():
            for start in range(0, len(x), batch_size):
                logits = model(x[start:start + batch_size].to(device)).float()
                total += torch.softmax(logits, dim=1).max(dim=1).values.sum().item()
    finally:
        model.train(was_training)
    return total / len(x)


def _chunks(n, batch_size):
    """Index ranges of about ``batch_size`` covering ``range(n)``, none of a single example (BN cannot
    normalise one example with its own statistics)."""
    count = max(1, math.ceil(n / batch_size))
    if n > 1 and n - (count - 1) * batch_size == 1:
        count -= 1  # fold a last batch of one into the one before
    bounds = [round(i * n / count) for i in range(count + 1)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def batch_norm_modes(model, x, y, batch_size=128):
    """What batch norm's statistics do to the loss and error of ``model`` on ``(x, y)``.

    Returns a dict of fractions and mean losses:

    - ``train_mode_loss`` / ``train_mode_error``: train mode, so every BN layer normalises each batch of
      ``batch_size`` with the batch's own mean and variance, as it did during training;
    - ``recalibrated_loss`` / ``recalibrated_error``: eval mode after every BN layer's running mean and
      variance are recomputed from ``x`` for the current weights (a plain average over the batches,
      instead of the running average that lags behind while the weights move).

    ``evaluate`` gives the third number, eval mode with the running statistics as training left them.
    Works on a copy: ``model`` and its running statistics stay as they were.
    """
    import copy

    from torch import nn

    device = next(model.parameters()).device
    net = copy.deepcopy(model)
    norms = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    x, y = x.to(device), y.to(device)
    ranges = _chunks(len(x), batch_size)
    net.train()
    loss_sum, wrong = 0.0, 0
    with torch.no_grad():
        for a, b in ranges:
            logits = net(x[a:b]).float()
            loss_sum += torch.nn.functional.cross_entropy(logits, y[a:b], reduction="sum").item()
            wrong += (logits.argmax(1) != y[a:b]).sum().item()
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the batches below
        for a, b in ranges:
            net(x[a:b])
    recalibrated_loss, recalibrated_error = evaluate(net, x, y)
    return {"train_mode_loss": loss_sum / len(x), "train_mode_error": wrong / len(x),
            "recalibrated_loss": recalibrated_loss, "recalibrated_error": recalibrated_error}


def weight_norm(model):
    """The L2 norm of all conv and linear weights (the tensors weight decay pulls towards 0)."""
    squares = [p.detach().float().pow(2).sum() for p in model.parameters() if p.dim() > 1]
    return torch.stack(squares).sum().sqrt().item()


def _make_run(variant, model, history, data, config):
    modes = batch_norm_modes(model, data.x_train[:config.eval_size], data.y_train[:config.eval_size],
                             config.batch_size)
    return RecipeRun(
        variant=variant, model_options=model_options(variant), train_config=history.config,
        parameters=count_parameters(model),
        step_loss=[round_or_none(v) for v in history.step_loss], lr=[round_or_none(v) for v in history.lr],
        epoch=[round_or_none(e) for e in history.epoch], steps=list(history.steps),
        train_loss=[round_or_none(v) for v in history.train_loss], train_error=[round_or_none(e) for e in history.train_error],
        test_loss=[round_or_none(v) for v in history.test_loss], test_error=[round_or_none(e) for e in history.test_error],
        confidence=round_or_none(mean_confidence(model, data.x_test)), weight_norm=round_or_none(weight_norm(model)),
        diverged=bool(history.diverged), samples_per_second=round(history.samples_per_second, 1),
        seconds=round(history.wall_time, 3), **{k: round_or_none(v) for k, v in modes.items()})


def run(config=None, workers=1, **overrides):
    """Train ``config.variants`` from the same seed; return a RecipesResult.

    ``workers``: on a CPU, train up to this many variants at once, one per worker process on one thread
    (:mod:`.parallel`); the result is the same as one after another on one thread, bit for bit.
    """
    return run_seeds((make_config(Config, config, overrides).seed,), config, workers=workers, **overrides)[0]


def run_seeds(seeds, config=None, workers=1, **overrides):
    """:func:`run` once per seed in ``seeds`` (a list of RecipesResult); with ``workers`` > 1 the runs of all
    seeds share the workers, so that no core waits for the last variant of a seed."""
    config = make_config(Config, config, overrides)
    if (not isinstance(seeds, (tuple, list)) or not seeds
            or not all(isinstance(s, int) and not isinstance(s, bool) for s in seeds)):
        raise ValueError(error("recipes_err_seeds", got=repr(seeds)))
    check_int("workers", workers, 1, 64)
    started = time.perf_counter()
    configs = [dataclasses.replace(config, seed=seed) for seed in seeds]
    data = load_data(config)  # the same data for every seed
    device = pick_device(config.device)
    jobs = [(c, variant) for c in configs for variant in c.variants]
    bar = None
    if config.progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(jobs), desc=NAME, unit="run")
    try:
        if workers > 1 and device.type == "cpu" and len(jobs) > 1:
            plain = [({f.name: getattr(c, f.name) for f in dataclasses.fields(c)}, variant) for c, variant in jobs]
            runs = [from_dict(RecipeRun, item) for item in parallel.run_jobs(_train_in_worker, plain, workers)]
            if bar is not None:
                bar.update(len(jobs))
        else:
            runs = []
            for c, variant in jobs:
                if bar is not None:
                    bar.set_postfix_str(variant, refresh=True)
                runs.append(train_variant(c, variant, data, device))
                if bar is not None:
                    bar.update()
    finally:
        if bar is not None:
            bar.close()
    results, runs = [], iter(runs)
    for c in configs:
        meta = metadata(NAME, c, data.name, started)
        results.append(RecipesResult(**meta, runs=[next(runs) for _ in c.variants], device=str(device)))
    return results


def train_variant(config, variant, data, device):
    """One variant of ``config`` trained from its seed: a RecipeRun."""
    model = build_model(config, variant, data)
    history = train(model, data, train_config(config, variant), device=device, progress=False)
    return _make_run(variant, model, history, data, config)


def _train_in_worker(config_dict, variant, report):
    """In a worker process (:mod:`.parallel`): :func:`train_variant` on the CPU, as a plain dict."""
    config = Config(**{k: tuple(v) if isinstance(v, list) else v for k, v in config_dict.items()})
    return to_dict(train_variant(config, variant, load_data(config), torch.device("cpu")))


def run_cached(config=None, use_cache=True, **overrides):
    """``run``, or its stored result for the same config and package version."""
    config = make_config(Config, config, overrides)
    return cached_run(NAME, config, run, RecipesResult, use_cache=use_cache)


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=RecipesResult,
                        description_key="description_recipes", run_cached=run_cached)
