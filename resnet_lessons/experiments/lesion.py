"""Lesion study: delete blocks of a trained ResNet and of its plain twin (Veit, Wilber, Belongie 2016).

    >>> from resnet_lessons.experiments import lesion
    >>> result = lesion.run()
    >>> print(result.summary())

Veit, Wilber, Belongie 2016, "Residual Networks Behave Like Ensembles of Relatively Shallow
Networks" (arXiv:1605.06431): deleting one block of a trained ResNet at test time barely
changes its error, except for the blocks that downsample; deleting a layer of a plain
(VGG-style) net destroys it; and the ResNet's error grows smoothly as more blocks are deleted.

Our setting: a CIFAR-style ResNet and its plain twin (same layers, no shortcuts) with 1-D
convolutions, trained briefly on MNIST-1D with the same seed and budget. "Deleting" a block
of the ResNet keeps only its shortcut, out = shortcut(x): the identity, or option A's
zero-padding where the block downsamples. A plain block has no shortcut; it can be replaced
by the identity only where its input and output have the same shape, so the plain net's
downsampling blocks are not deleted, and the ResNet's downsampling blocks are reported on
their own. Errors are measured on the test set in eval mode, without any retraining.
Deleting k random blocks draws the *same* subsets of the same-shape blocks for both nets.
"""
import contextlib
import dataclasses
import itertools
import math
import os
import random
import time
from dataclasses import dataclass, field
from typing import Optional

from torch import nn

from resnet_lessons.data import load_dataset
from resnet_lessons.experiments import degradation
from resnet_lessons.experiments.base import (Experiment, Result, cached_run, check_common, check_depth, find,
                                             make_config, metadata)
from resnet_lessons.experiments.common import DEVICES, device_field, net_label, progress_field
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.models import count_parameters
from resnet_lessons.train import evaluate
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_int, check_number

NAME = "lesion"
DESCRIPTION = STRINGS["description_lesion"]

KINDS = ("plain", "residual")
DATASET = "mnist1d"
MAX_DEPTH = 200
HARMLESS = 0.05  # a deletion that raises the test error by at most 5 points "does little harm"
VEIT_SHARE = 2 / 3  # "barely changes, but for a few blocks" (Veit et al.): at least this share of deletions harmless
UNTRAINED = 0.8  # a net whose intact test error is this high (chance: 0.9 on 10 classes) never learned the task


# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    depth: int = field(default=20, metadata={"help": STRINGS["help_lesion_depth"]})
    epochs: int = field(default=8, metadata={"help": STRINGS["help_epochs"]})
    batch_size: int = field(default=64, metadata={"help": STRINGS["help_batch_size"]})
    lr: float = field(default=0.05, metadata={"help": STRINGS["help_lr"]})
    width: int = field(default=16, metadata={"help": STRINGS["help_width"]})
    draws: int = field(default=10, metadata={"help": STRINGS["help_lesion_draws"]})
    max_k: Optional[int] = field(default=None, metadata={"help": STRINGS["help_lesion_max_k"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_lesion_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        check_depth("depth", self.depth, MAX_DEPTH)
        check_int("epochs", self.epochs, 1, 1000)
        check_int("batch_size", self.batch_size, 2, 4096)
        check_number("lr", self.lr, 0, 10)
        check_int("width", self.width, 1, 256)
        check_int("draws", self.draws, 1, 1000)
        if self.max_k is not None:
            check_int("max_k", self.max_k, 1, 1000)
        check_common(self, DEVICES)


@dataclass
class NetLesions:
    """One trained net and its errors (fractions, test set) after deletions."""
    kind: str  # "plain" or "residual"
    depth: int
    parameters: int
    train_error: float  # nothing deleted
    test_error: float  # nothing deleted: the baseline
    single: list  # one dict per block: {"block", "downsampling", "test_error" (None: cannot be deleted)}
    random: list  # one dict per k: {"k", "errors" (one per subset), "mean", "std"}

    def single_errors(self, downsampling=False):
        """{block: test error} for the same-shape blocks (``downsampling=True``: the downsampling ones)."""
        return {d["block"]: d["test_error"] for d in self.single
                if d["downsampling"] == downsampling and d["test_error"] is not None}


@dataclass
class LesionResult(Result):
    blocks: list  # every block, input to output ("layer1.0", ...)
    downsampling: list  # the blocks whose output shape differs from their input's
    subsets: list  # subsets[k - 1]: the random subsets of k blocks deleted (the same for both nets)
    nets: list = field(metadata={"item_type": NetLesions})
    device: str = "cpu"

    def net(self, kind):
        return find(self.nets, "kind", kind)

    def verdict_numbers(self):
        """Mean rise in test error (points) and number of harmless deletions, per kind, of same-shape blocks."""
        numbers = {"n": len(self.blocks) - len(self.downsampling), "harmless": round(100 * HARMLESS)}
        for item in self.nets:
            errors = list(item.single_errors().values())
            key = "res" if item.kind == "residual" else "plain"
            numbers[key] = 100 * (_mean(errors) - item.test_error)
            numbers[key + "_ok"] = sum(e - item.test_error <= HARMLESS for e in errors)
        return numbers

    def verdict(self):
        """What one-block deletions showed, or None when the result lacks a kind:

        - "veit": at least VEIT_SHARE of the ResNet's deletions cost at most HARMLESS (and none of the plain net's
          do, when the plain net learned anything), as Veit et al. found;
        - "partial": the ResNet loses less than half the plain net's mean rise, but fewer than VEIT_SHARE of its
          deletions are harmless;
        - "hurt": most deletions hurt the ResNet, and its plain twin never trained (error near chance), so it offers
          no comparison;
        - "none": no clear difference between the two nets."""
        if {item.kind for item in self.nets} != set(KINDS):
            return None
        numbers = self.verdict_numbers()
        untrained = self.net("plain").test_error >= UNTRAINED
        if numbers["res_ok"] >= VEIT_SHARE * numbers["n"] and (untrained or numbers["plain_ok"] == 0):
            return "veit"
        if untrained:
            return "hurt"
        if numbers["plain"] > 2 * numbers["res"] + 100 * HARMLESS:
            return "partial"
        return "none"

    def summary(self):
        lines = [t("lesion_summary_head", depth=self.config["depth"], blocks=len(self.blocks),
                   epochs=self.config["epochs"])]
        for item in self.nets:
            same = list(item.single_errors().values())
            lines.append("  " + t("lesion_summary_net", net_en=net_label(item.kind, item.depth, "en"),
                                  net_zh=net_label(item.kind, item.depth, "zh"), base=100 * item.test_error,
                                  mean=100 * sum(same) / len(same), worst=100 * max(same), n=len(same)))
            down = item.single_errors(downsampling=True)
            if down:
                text = ", ".join(f"{name} {100 * e:.1f} %" for name, e in down.items())
                lines.append("    " + t("lesion_summary_down", text=text))
            if item.random:
                last = item.random[-1]
                lines.append("    " + t("lesion_summary_random", k=last["k"], mean=100 * last["mean"],
                                        first=100 * item.random[0]["mean"]))
        verdict = self.verdict()
        if verdict is not None:
            lines.append(t("lesion_verdict", ending_en=t(f"lesion_verdict_{verdict}", lang="en"),
                           ending_zh=t(f"lesion_verdict_{verdict}", lang="zh"), **self.verdict_numbers()))
        return "\n".join(lines)


def _mean(values):
    values = list(values)
    return sum(values) / len(values)


# --- blocks and deletions ---------------------------------------------------------------------------

def block_names(model):
    """The names of the residual (or plain) blocks of a CIFAR-style net, input to output."""
    _check_model(model)
    return [f"{stage}.{i}" for stage in ("layer1", "layer2", "layer3") for i in range(len(getattr(model, stage)))]


def get_block(model, name):
    _check_model(model)
    names = block_names(model)
    if not isinstance(name, str) or name not in names:
        raise ValueError(error("lesion_err_block", got=repr(name), allowed=", ".join(names)))
    stage, index = name.split(".")
    return getattr(model, stage)[int(index)]


def is_downsampling(block):
    """True when the block's output shape differs from its input's (stride 2 and more channels)."""
    return block.stride != 1 or block.conv1.in_channels != block.conv2.out_channels


def downsampling_blocks(model):
    return [name for name in block_names(model) if is_downsampling(get_block(model, name))]


def replacement(block):
    """What is left of a block once it is deleted: its shortcut (residual) or the identity (plain)."""
    if getattr(block, "plain", False):
        if is_downsampling(block):
            return None
        return nn.Identity()
    return block.downsample if block.downsample is not None else nn.Identity()


@contextlib.contextmanager
def deleted(model, names):
    """Within the ``with`` block, ``model`` runs with the blocks ``names`` deleted; restored afterwards.

    Raises ValueError for a plain net's downsampling block: nothing of the same shape can replace it.
    """
    _check_model(model)
    if isinstance(names, str) or not isinstance(names, (list, tuple, set, frozenset)):
        raise TypeError(error("lesion_err_names", got=repr(names)))
    swapped = []
    try:
        for name in dict.fromkeys(names):
            block = get_block(model, name)
            new = replacement(block)
            if new is None:
                raise ValueError(error("lesion_err_plain_downsampling", block=name))
            stage, index = name.split(".")
            getattr(model, stage)[int(index)] = new
            swapped.append((stage, int(index), block))
        yield model
    finally:
        for stage, index, block in reversed(swapped):
            getattr(model, stage)[index] = block


def lesioned_error(model, data, names=()):
    """Test error (a fraction) of ``model`` with the blocks ``names`` deleted (eval mode, no retraining)."""
    with deleted(model, list(names)):
        return round(evaluate(model, data.x_test, data.y_test)[1], 6)


def _check_model(model):
    if not isinstance(model, nn.Module) or not all(hasattr(model, s) for s in ("layer1", "layer2", "layer3")):
        raise TypeError(error("lesion_err_model", got=type(model).__name__))


def random_subsets(blocks, max_k, draws, seed):
    """For k = 1..max_k: ``draws`` distinct random k-subsets of ``blocks`` (all of them if there are fewer)."""
    rng = random.Random(seed)
    subsets = []
    for k in range(1, max_k + 1):
        if math.comb(len(blocks), k) <= draws:
            chosen = [list(c) for c in itertools.combinations(blocks, k)]
        else:
            seen = set()
            chosen = []
            while len(chosen) < draws:
                pick = tuple(sorted(rng.sample(range(len(blocks)), k)))
                if pick not in seen:
                    seen.add(pick)
                    chosen.append([blocks[i] for i in pick])
        subsets.append(chosen)
    return subsets


# --- training (cached) -------------------------------------------------------------------------------

def load_data():
    return load_dataset(DATASET)


def train_nets(config=None, use_cache=True, **overrides):
    """The trained plain and residual nets of ``config``: ``({"plain": model, "residual": model}, data)``.

    They are the degradation experiment's nets for the same budget and seed (same init, data, data
    order and recipe), so the nets of the precomputed sweep ``degradation_full`` are reused when they
    are in the cache, and the nets trained here serve the degradation experiment too. With
    ``use_cache=False`` they are trained in a private temporary folder.
    """
    import tempfile

    config = make_config(Config, config, overrides)
    data = load_data()
    device = pick_device(config.device)
    budget = degradation.Config(depths=(config.depth,), epochs=config.epochs, batch_size=config.batch_size,
                                lr=config.lr, width=config.width, seed=config.seed, device=config.device,
                                progress=config.progress)
    nets = {}
    with tempfile.TemporaryDirectory(prefix="resnet-lessons-") as private:
        folder = None if use_cache else private
        if device.type == "cpu" and (os.cpu_count() or 1) > 1:  # (run_cached decides whether it is worth it)
            # The twins in parallel, one per core (bit-identical to one after another); cached nets are not retrained.
            degradation.run_cached(dataclasses.replace(budget, progress=False), directory=folder, workers=2)
        for kind in KINDS:
            model = degradation.trained_model(budget, config.depth, kind == "residual", directory=folder)
            nets[kind] = model.to(device).eval()
    return nets, data


# --- the experiment ---------------------------------------------------------------------------------

def _lesions(kind, model, data, subsets):
    single = []
    for name in block_names(model):
        block = get_block(model, name)
        error_after = None if replacement(block) is None else lesioned_error(model, data, [name])
        single.append({"block": name, "downsampling": is_downsampling(block), "test_error": error_after})
    randoms = []
    for k, chosen in enumerate(subsets, start=1):
        errors = [lesioned_error(model, data, names) for names in chosen]
        mean = sum(errors) / len(errors)
        std = math.sqrt(sum((e - mean) ** 2 for e in errors) / len(errors))
        randoms.append({"k": k, "errors": errors, "mean": round(mean, 6), "std": round(std, 6)})
    return NetLesions(kind=kind, depth=_depth(model), parameters=count_parameters(model),
                      train_error=round(evaluate(model, data.x_train, data.y_train)[1], 6),
                      test_error=lesioned_error(model, data, []), single=single, random=randoms)


def _depth(model):
    return getattr(model, "depth", 2 + 2 * len(block_names(model)))


def _run(config, use_cache):
    started = time.perf_counter()
    nets, data = train_nets(config, use_cache=use_cache)
    reference = nets["residual"]
    down = downsampling_blocks(reference)
    same = [name for name in block_names(reference) if name not in down]
    max_k = len(same) if config.max_k is None else min(config.max_k, len(same))
    subsets = random_subsets(same, max_k, config.draws, config.seed)
    results = [_lesions(kind, nets[kind], data, subsets) for kind in KINDS]
    meta = metadata(NAME, config, data.name, started)
    return LesionResult(**meta, blocks=block_names(reference), downsampling=down, subsets=subsets, nets=results,
                        device=str(next(reference.parameters()).device))


def run(config=None, **overrides):
    """Train (or load) both nets, then delete blocks one at a time and k at random; returns a LesionResult."""
    return _run(make_config(Config, config, overrides), use_cache=False)


def run_cached(config=None, use_cache=True, **overrides):
    """``run`` reusing a stored result, and stored trained nets, under ``cache.cache_dir()``."""
    config = make_config(Config, config, overrides)
    cache_config = dataclasses.replace(config, progress=True)  # progress bars never change a result
    return cached_run(NAME, cache_config, lambda _: _run(config, use_cache), LesionResult, use_cache=use_cache)


# --- the widget's instant recomputation -------------------------------------------------------------

@dataclass
class Selection:
    """The test errors of both nets with a chosen set of blocks deleted (None: cannot be deleted)."""
    blocks: list
    baseline: dict  # kind -> error with nothing deleted
    errors: dict  # kind -> error with ``blocks`` deleted, or None
    depth: int


def lesion_selection(nets, data, blocks):
    """Delete ``blocks`` from each of ``nets`` ({kind: model}) and measure the test errors (no retraining)."""
    if not isinstance(nets, dict) or not nets:
        raise TypeError(error("lesion_err_nets", got=type(nets).__name__))
    blocks = list(blocks)
    baseline, errors = {}, {}
    for kind, model in nets.items():
        baseline[kind] = lesioned_error(model, data, [])
        try:
            errors[kind] = lesioned_error(model, data, blocks)
        except ValueError:  # a plain net's downsampling block
            for name in blocks:
                get_block(model, name)  # an unknown name is still an error
            errors[kind] = None
    return Selection(blocks=blocks, baseline=baseline, errors=errors, depth=_depth(next(iter(nets.values()))))


RESULT = LesionResult  # what run() returns: resnet_lessons.results.load() builds shipped results with it


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=LesionResult,
                        description_key="description_lesion", run_cached=run_cached)
