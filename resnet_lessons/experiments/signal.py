"""How big the activations are after each block at initialisation: plain vs residual, BN on/off, scaled branches.

    >>> from resnet_lessons.experiments import signal
    >>> result = signal.run(norm="none")            # 50 residual blocks without BN
    >>> print(result.summary())

De & Smith 2020, "Batch Normalization Biases Residual Blocks Towards the Identity Function in
Deep Networks" (NeurIPS): in a residual net x_{l+1} = x_l + f(x_l) at initialisation, each block
adds the branch's variance to the signal's. Without normalisation the branch's output is as large
as its input, so the signal's variance doubles at every block: ~2^L after L blocks. With BN at
the start of each branch the branch's output has a fixed size, so the variance grows by about
one unit per block: ~L, and the branch's share of each block's output shrinks like 1/L (BN
"biases the block toward the identity"). Scaling each branch by 1/sqrt(L), or by a learnable
scalar that starts at 0 ("SkipInit", their fix), keeps the signal's size bounded without BN.

What we measure: one batch of MNIST-1D (the first ``batch_size`` training examples) through the
net in train mode (BN uses the batch's statistics), no gradient; after the first layer (block 0)
and after each block, the mean squared activation E[x^2] (over examples, features and positions)
and the variance of each feature (channel) across the batch, averaged over features.

``model="mlp"`` (the default, the cleanest picture): :func:`resnet_lessons.mlp.residual_mlp` on
the 40 inputs, ``width`` units, ``blocks`` blocks, pre-activation branches BN -> ReLU -> Linear
(``preact=True``, the form De & Smith analyse; ``preact=False`` puts the ReLU last).
``model="cifar"``: ``cifar_resnet(2 * blocks + 2, dim=1, in_channels=1, preact=...)``, three
stages of ``blocks / 3`` blocks, whose stage changes (half the length, twice the channels, the new
channels zero on the option-A shortcut) add steps of their own to the curve.

Measured (seed 0, 50 blocks, MLP, Kaiming init), E[x^2] after the first layer 2.12, after block 50:
residual without BN 1.9e15 (x1.99 per block), with BN 52.7 (+1.01 per block); with 1/sqrt(L)
scaling 5.95 without BN, 3.08 with BN; with SkipInit 2.12 (unchanged). Plain: 1.26 without BN,
0.97 with BN.
"""
import math
import time
from dataclasses import dataclass, field
from typing import Optional

import torch

from resnet_lessons.data import load_dataset
from resnet_lessons.experiments.base import (Experiment, Result, check_common, check_names, find, fmt3, make_config,
                                             metadata)
from resnet_lessons.experiments.common import DEVICES, device_field, fast_cpu, progress_field, round_sig
from resnet_lessons.experiments.gradients import INITS, KINDS, NORMS
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.mlp import ResidualMLP, residual_mlp
from resnet_lessons.models import cifar_resnet
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_bool, check_choice, check_int

NAME = "signal"
DESCRIPTION = STRINGS["description_signal"]

MODELS = ("mlp", "cifar")
SCALINGS = ("none", "sqrt", "skipinit")
DATASET = "mnist1d"
WIDTHS = {"mlp": 256, "cifar": 16}

# How the summary names a curve's shape (ratio = last / first mean square).
BOUNDED = 3.0  # within a factor 3 either way: bounded
EXPONENTIAL = 1.2  # growth per block (geometric mean) at least this: exponential


@dataclass(frozen=True)
class Config:
    blocks: int = field(default=50, metadata={"help": STRINGS["help_signal_blocks"]})
    norm: str = field(default="bn", metadata={"help": STRINGS["help_norm"], "choices": NORMS})
    scaling: str = field(default="none", metadata={"help": STRINGS["help_signal_scaling"], "choices": SCALINGS})
    model: str = field(default="mlp", metadata={"help": STRINGS["help_signal_model"], "choices": MODELS})
    preact: bool = field(default=True, metadata={"help": STRINGS["help_signal_preact"]})
    width: Optional[int] = field(default=None, metadata={"help": STRINGS["help_signal_width"]})
    init: str = field(default="kaiming", metadata={"help": STRINGS["help_init"],
        "choices": INITS})
    batch_size: int = field(default=256, metadata={"help": STRINGS["help_signal_batch_size"]})
    kinds: tuple[str, ...] = field(default=KINDS, metadata={"help": STRINGS["help_signal_kinds"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_signal_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        check_int("blocks", self.blocks, 1, 1000)
        check_choice("norm", self.norm, NORMS)
        check_choice("scaling", self.scaling, SCALINGS)
        check_choice("model", self.model, MODELS)
        if self.model == "cifar" and self.blocks % 3:
            raise ValueError(error("signal_err_cifar_blocks", got=repr(self.blocks)))
        check_bool("preact", self.preact)
        if self.width is not None:
            check_int("width", self.width, 1, 4096)
        check_choice("init", self.init, INITS)
        check_int("batch_size", self.batch_size, 2, 4000)
        check_names("kinds", self.kinds, KINDS)
        check_common(self, DEVICES)


@dataclass
class SignalRun:
    """The activation sizes of one net, after block 0 (the first layer) and after each block."""
    kind: str  # "plain" or "residual"
    residual: bool
    scaling: str  # what was applied ("none" for plain nets)
    mean_square: list  # E[x^2] after block i, i = 0..blocks
    variance: list  # per-feature variance across the batch, averaged over features

    def ratio(self):
        """Last over first mean square (None when the first is 0)."""
        first, last = self.mean_square[0], self.mean_square[-1]
        return last / first if first > 0 else None

    def shape(self):
        """"bounded", "exponential", "linear" or "shrinking": how E[x^2] changes with depth."""
        ratio = self.ratio()
        blocks = len(self.mean_square) - 1
        if ratio is None or not math.isfinite(ratio):
            return "exponential"
        if 1 / BOUNDED <= ratio <= BOUNDED:
            return "bounded"
        if ratio < 1 / BOUNDED:
            return "shrinking"
        return "exponential" if ratio ** (1 / blocks) >= EXPONENTIAL else "linear"


@dataclass
class SignalResult(Result):
    blocks: list  # 0..L: 0 is the output of the first layer (the stem), i the output of block i
    runs: list = field(metadata={"item_type": SignalRun})

    def run(self, kind):
        return find(self.runs, "kind", kind)

    def summary(self):
        c = self.config
        lines = [t("signal_summary_head", lang=lang, blocks=c["blocks"], model=c["model"], norm=c["norm"],
                   scaling=c["scaling"]) for lang in ("en", "zh")]
        for item in self.runs:
            for lang in ("en", "zh"):
                lines.append(t("signal_summary_line", lang=lang, kind=t(item.kind, lang=lang),
                               first=fmt3(item.mean_square[0]), last=fmt3(item.mean_square[-1]),
                               blocks=len(item.mean_square) - 1, text=_shape_text(item, lang)))
        lines.append(t("signal_summary_cite"))
        return "\n".join(lines)


def _shape_text(item, lang):
    shape = item.shape()
    blocks = len(item.mean_square) - 1
    first, last = item.mean_square[0], item.mean_square[-1]
    if shape == "bounded":
        key = "signal_shape_identity" if item.scaling == "skipinit" and last == first else "signal_shape_bounded"
        return t(key, lang=lang, ratio=fmt3(item.ratio()))
    if shape == "shrinking":
        return t("signal_shape_shrinking", lang=lang, factor=fmt3(item.ratio() ** (1 / blocks)))
    if shape == "exponential":
        ratio = item.ratio()
        factor = ratio ** (1 / blocks) if ratio is not None and math.isfinite(ratio) else float("inf")
        return t("signal_shape_exponential", lang=lang, factor=fmt3(factor))
    return t("signal_shape_linear", lang=lang, slope=fmt3((last - first) / blocks))


# --- measuring --------------------------------------------------------------------------------------

def build_model(config, kind):
    """The ``kind`` net of ``config`` (seeded: plain and residual start from the same weights)."""
    residual = kind == "residual"
    width = config.width or WIDTHS[config.model]
    scale = None  # what multiplies each residual branch; plain nets have none
    if residual and config.scaling == "skipinit":
        scale = "skipinit"
    elif residual and config.scaling == "sqrt":
        scale = 1 / math.sqrt(config.blocks) if config.model == "mlp" else "sqrt"  # cifar_resnet's own 1/sqrt
    torch.manual_seed(config.seed)
    if config.model == "mlp":
        return residual_mlp(40, width, config.blocks, 10, residual=residual, norm=config.norm,
                            branch_scale=scale, init=config.init, preact=config.preact)

    return cifar_resnet(2 * config.blocks + 2, plain=not residual, dim=1, in_channels=1, width=width,
                        norm=config.norm, init=config.init, preact=config.preact, branch_scale=scale)


def block_outputs(model, x):
    """The output of the first layer and of every block, in order (train mode, no gradient)."""
    model.train()
    outputs = []
    with torch.no_grad():
        if isinstance(model, ResidualMLP):
            h = model.input(x)
            outputs.append(h)
            blocks = list(model.blocks)
        else:  # CifarResNet
            h = model.conv1(x)
            if not model.preact:
                h = model.relu(model.bn1(h))
            outputs.append(h)
            blocks = [*model.layer1, *model.layer2, *model.layer3]
        for block in blocks:
            h = block(h)
            outputs.append(h)
    return outputs


def activation_sizes(h):
    """(E[x^2], mean over features of the variance across the batch) of one activation tensor."""
    h = h.double()
    per_feature = h.transpose(0, 1).reshape(h.shape[1], -1)  # (features or channels, examples x positions)
    return h.pow(2).mean().item(), per_feature.var(dim=1, unbiased=False).mean().item()


def measure(config, kind, x):
    model = build_model(config, kind).to(x.device)
    sizes = [activation_sizes(h) for h in block_outputs(model, x)]
    return SignalRun(kind=kind, residual=kind == "residual",
                     scaling=config.scaling if kind == "residual" else "none",
                     mean_square=[round_sig(m) for m, _ in sizes], variance=[round_sig(v) for _, v in sizes])


def run(config=None, **overrides):
    """Measure the activation size after every block of each net in ``config.kinds``; returns a SignalResult."""
    from tqdm.auto import tqdm

    config = make_config(Config, config, overrides)
    started = time.perf_counter()
    device = pick_device(config.device)
    data = load_dataset(DATASET)
    x = data.x_train[:config.batch_size].to(device)
    if config.model == "mlp":
        x = x.flatten(1)  # (N, 40)
    runs = []
    with fast_cpu(device):
        for kind in tqdm(config.kinds, desc=t("signal_progress"), disable=not config.progress, leave=False):
            runs.append(measure(config, kind, x))
    return SignalResult(**metadata(NAME, config, DATASET, started), blocks=list(range(config.blocks + 1)),
                        runs=runs)


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=SignalResult,
                        description_key="description_signal", run_cached=None)
