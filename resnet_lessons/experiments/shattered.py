"""Shattered gradients: how correlated is the gradient at neighbouring inputs, in plain vs residual nets?

    >>> from resnet_lessons.experiments import shattered
    >>> result = shattered.run()
    >>> print(result.summary())

Balduzzi et al. 2017, "The Shattered Gradients Problem: If resnets are the answer, then what is
the question?" (ICML): feed a 1-D input x through a deep net and look at the gradient
df/dx as x sweeps an interval. In a shallow net it changes slowly ("brown noise"); in a deep
feedforward net it looks like white noise: the correlation between gradients at nearby inputs
decays like 1/2^L, while with skip connections it decays like 1/sqrt(L).

Their toy setup, which we follow: 256 points evenly spaced in [-2, 2], nets of ``width`` = 200
units, :func:`resnet_lessons.mlp.residual_mlp` (1 input, ``L`` blocks, 1 output), plain vs
residual, with BN. The 256 points go through the net as *one batch in train mode*, so every BN
normalises with the statistics of the 256 points, as in the paper's setup; the gradient is the one
autograd gives for the batch, d(sum of the outputs)/dx_i, which includes the (small) coupling of
the points through BN's batch statistics. We record the lag-1 autocorrelation of the sequence
g_1 ... g_256 (1 = smooth, 0 = white noise), averaged over ``seeds`` initialisations.

Each block's branch is Linear -> BN -> ReLU, added to the block's input in the residual net
(``residual_mlp``'s default); ``preact=True`` uses pre-activation branches BN -> ReLU -> Linear.

Measured here (3 seeds from 0, Kaiming init), lag-1 autocorrelation at 1, 2, 4, 8, 16, 24, 32, 50
blocks with BN: feedforward 0.97, 0.93, 0.81, 0.40, -0.12, -0.08, -0.06, 0.00 (white noise from
~16-24 blocks on); residual 0.97, 0.96, 0.95, 0.89, 0.89, 0.91, 0.87, 0.87. With ``preact=True``
the residual net's falls slowly instead: 0.97, 0.93, 0.91, 0.79, 0.75, 0.57, 0.61, 0.52.
Without BN the feedforward net does *not* shatter in this toy setup (0.99 at every depth): with
Kaiming init its biases are 0, so each unit is x times a constant on each side of 0 and the net
is nearly linear on [-2, 2] (random biases still gave 0.8-0.9 in our checks). The UDL book's
replication of this experiment did not see shattering without BN either; the contrast shows up
with BN.
"""
import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch

from resnet_lessons.experiments.base import Experiment, Result, check_common, check_names, find, make_config, metadata
from resnet_lessons.experiments.common import DEVICES, device_field, fast_cpu, progress_field, round_sig
from resnet_lessons.experiments.gradients import INITS, KINDS, NORMS
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.mlp import residual_mlp
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_bool, check_choice, check_int

NAME = "shattered"
DESCRIPTION = STRINGS["description_shattered"]

LOW, HIGH = -2.0, 2.0  # the input interval of Balduzzi et al.
SHATTERED = 0.1  # |lag-1 autocorrelation| below this: the gradient looks like white noise


@dataclass(frozen=True)
class Config:
    depths: tuple[int, ...] = field(default=(1, 2, 4, 8, 16, 24, 32, 50), metadata={"help": STRINGS["help_shattered_depths"]})
    norm: str = field(default="bn", metadata={"help": STRINGS["help_norm"], "choices": NORMS})
    preact: bool = field(default=False, metadata={"help": STRINGS["help_shattered_preact"]})
    width: int = field(default=200, metadata={"help": STRINGS["help_shattered_width"]})
    points: int = field(default=256, metadata={"help": STRINGS["help_shattered_points"]})
    init: str = field(default="kaiming", metadata={"help": STRINGS["help_shattered_init"], "choices": INITS})
    seeds: int = field(default=3, metadata={"help": STRINGS["help_shattered_seeds"]})
    kinds: tuple[str, ...] = field(default=KINDS, metadata={"help": STRINGS["help_kinds"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_shattered_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        if (not isinstance(self.depths, tuple) or not self.depths
                or any(isinstance(d, bool) or not isinstance(d, int) for d in self.depths)
                or any(not 1 <= d <= 1000 for d in self.depths)
                or list(self.depths) != sorted(set(self.depths))):
            raise ValueError(error("shattered_err_depths", got=repr(self.depths)))
        check_choice("norm", self.norm, NORMS)
        check_bool("preact", self.preact)
        check_int("width", self.width, 1, 4096)
        check_int("points", self.points, 3, 100_000)
        check_choice("init", self.init, INITS)
        check_int("seeds", self.seeds, 1, 100)
        check_names("kinds", self.kinds, KINDS)
        check_common(self, DEVICES)


@dataclass
class ShatteredRun:
    """Lag-1 autocorrelation of the gradient for one kind of net at each depth."""
    kind: str  # "plain" or "residual"
    residual: bool
    autocorrelation: list  # mean over seeds, one per depth (None where undefined)
    per_seed: list  # per_seed[i][s]: depth i, seed s (None where the gradient is constant)

    def shattered_from(self):
        """The first depth index whose mean |autocorrelation| is below ``SHATTERED``, or None."""
        for i, value in enumerate(self.autocorrelation):
            if value is not None and abs(value) < SHATTERED:
                return i
        return None


@dataclass
class GradientCurve:
    """df/dx at every input point, for one net (seed ``config.seed``)."""
    kind: str
    depth: int
    gradient: list


@dataclass
class ShatteredResult(Result):
    depths: list
    x: list  # the input points
    runs: list = field(metadata={"item_type": ShatteredRun})
    curves: list = field(metadata={"item_type": GradientCurve})  # shallowest and deepest net of each kind

    def run(self, kind):
        return find(self.runs, "kind", kind)

    def curve(self, kind, depth):
        for item in self.curves:
            if item.kind == kind and item.depth == depth:
                return item
        raise ValueError(error("shattered_err_curve", kind=repr(kind), depth=repr(depth),
                               allowed=", ".join(f"{c.kind}/{c.depth}" for c in self.curves)))

    def summary(self):
        c = self.config
        lines = [t("shattered_summary_head", lang=lang, n=len(self.x), width=c["width"], seeds=c["seeds"],
                   norm=t("shattered_bn_train" if c["norm"] == "bn" else "shattered_no_bn", lang=lang))
                 for lang in ("en", "zh")]
        lines.append(f"  {t('shattered_depth', lang='both'):<16}" + "".join(f"{d:>7}" for d in self.depths))
        for item in self.runs:
            lines.append(f"  {t(item.kind, lang='both'):<16}" + "".join(f"{_fmt(v):>7}" for v in item.autocorrelation))
        for item in self.runs:
            for lang in ("en", "zh"):
                lines.append("  " + _verdict(item, self.depths, lang))
        plain = next((r for r in self.runs if not r.residual), None)
        if c["norm"] == "none" and plain is not None and plain.shattered_from() is None:
            lines.append(t("shattered_no_bn_note"))
        return "\n".join(lines)


def _verdict(item, depths, lang):
    kind = t(item.kind, lang=lang)
    values = [v for v in item.autocorrelation if v is not None]
    index = item.shattered_from()
    if index is not None:
        return t("shattered_v_shattered", lang=lang, kind=kind, depth=depths[index])
    return t("shattered_v_kept", lang=lang, kind=kind, low=_fmt(min(values)) if values else "n/a",
             high=_fmt(max(values)) if values else "n/a")


def _fmt(value):
    return "n/a" if value is None else f"{value:.2f}"


# --- measuring --------------------------------------------------------------------------------------

def lag1_autocorrelation(g):
    """sum (g_i - m)(g_{i+1} - m) / sum (g_i - m)^2: 1 for a smooth sequence, ~0 for white noise.

    None when ``g`` is constant (no variation to correlate).
    """
    g = np.asarray(g, dtype=np.float64)
    d = g - g.mean()
    denominator = float(np.dot(d, d))
    if denominator == 0 or not math.isfinite(denominator):
        return None
    return float(np.dot(d[:-1], d[1:]) / denominator)


def input_gradient(model, x):
    """d(sum of the outputs)/dx at every point of ``x`` (shape (points, 1)), BN in train mode."""
    model.train()
    x = x.detach().clone().requires_grad_(True)
    (gradient,) = torch.autograd.grad(model(x).sum(), x)
    return gradient.squeeze(1).double().cpu().numpy()


def _mean(values):
    """The mean of the defined values (None when there is none)."""
    values = [v for v in values if v is not None]
    return round_sig(np.mean(values)) if values else None


def build_model(config, kind, depth, seed):
    torch.manual_seed(seed)  # the same weights for both kinds
    return residual_mlp(1, config.width, depth, 1, residual=kind == "residual", norm=config.norm,
                        init=config.init, preact=config.preact)


def run(config=None, **overrides):
    """Measure the lag-1 autocorrelation of df/dx at each depth, for each kind; returns a :class:`ShatteredResult`."""
    from tqdm.auto import tqdm

    config = make_config(Config, config, overrides)
    started = time.perf_counter()
    device = pick_device(config.device)
    x = torch.linspace(LOW, HIGH, config.points, device=device).unsqueeze(1)
    examples = sorted({config.depths[0], config.depths[-1]})
    runs, curves = [], []
    total = len(config.kinds) * len(config.depths) * config.seeds
    with fast_cpu(device), tqdm(total=total, desc=t("shattered_progress"), disable=not config.progress,
                                leave=False) as bar:
        for kind in config.kinds:
            per_seed = []
            for depth in config.depths:
                row = []
                for s in range(config.seeds):
                    gradient = input_gradient(build_model(config, kind, depth, config.seed + s).to(device), x)
                    value = lag1_autocorrelation(gradient)
                    row.append(None if value is None else round_sig(value))
                    if s == 0 and depth in examples:
                        curves.append(GradientCurve(kind=kind, depth=depth,
                                                    gradient=[round_sig(v) for v in gradient]))
                    bar.update()
                per_seed.append(row)
            means = [_mean(row) for row in per_seed]
            runs.append(ShatteredRun(kind=kind, residual=kind == "residual", autocorrelation=means,
                                     per_seed=per_seed))
    dataset = f"linspace({LOW:g}, {HIGH:g}, {config.points})"
    return ShatteredResult(**metadata(NAME, config, dataset, started), depths=list(config.depths),
                           x=[round_sig(v) for v in x.squeeze(1).tolist()], runs=runs, curves=curves)


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=ShatteredResult,
                        description_key="description_shattered", run_cached=None)
