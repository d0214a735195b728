"""Loss-landscape slices of a trained plain net and its residual twin (Li et al. 2018).

    >>> from resnet_lessons.experiments import landscape
    >>> result = landscape.run(depth=20, resolution=11)
    >>> print(result.summary())

Li, Xu, Taylor, Studer, Goldstein 2018, "Visualizing the Loss Landscape of Neural Nets"
(arXiv:1712.09913): train a network to weights w, draw random directions d1, d2 of the
same shapes, and plot the training loss at w + a*d1 + b*d2. A raw random direction means
little in a net with batch norm, whose output does not change when a filter is scaled, so
each direction is *filter-normalised*: every filter (one output channel of a conv, one row
of the fc weight) of d gets the norm of the same filter of w. Biases and BN parameters get
a zero direction (Li et al.'s "biasbn" choice), so they stay at their trained values.

Our setting, small enough for a laptop CPU: CIFAR-style 6n+2 nets with 1-D convolutions
trained briefly on MNIST-1D with the degradation lesson's recipe (batch 64, lr 0.02, step
schedule); with it plain-56 stays far from a good minimum while ResNet-56 reaches ~0.5 %
training error in 10 epochs. The loss is the mean cross-entropy on the first ``subset``
training examples with BN in eval mode (its running statistics from training stay fixed,
as in Li et al.'s code, which evaluates with ``net.eval()``). The plain and residual nets
have exactly the same parameter shapes (option A shortcuts), start from the same
initialisation, and use the same random draws for their directions.

The pictures are qualitative: one pair of random directions, a short training run. The two
numbers that summarise a grid are cheap stand-ins for "how chaotic is it":

- ``local_minima``: grid points whose loss is below all 8 neighbours (interior points only);
  a smooth bowl has 1.
- ``nonconvexity``: Li et al. map the ratio |lambda_min / lambda_max| of the Hessian's extreme
  eigenvalues. We estimate the 2x2 Hessian of the loss in (a, b) by finite differences at
  every interior grid point and average max(0, -lambda_min) / |lambda_max| over the grid:
  0 for a convex surface, larger where the surface bends down in some direction.
"""
import dataclasses
import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import torch
from torch import nn

from resnet_lessons.cache import cache_dir, cache_key, read_json
from resnet_lessons.data import load_dataset
from resnet_lessons.experiments import degradation
from resnet_lessons.experiments.base import (Experiment, Result, cached_run, check_common, check_depth, check_names,
                                             find, from_dict, make_config, metadata)
from resnet_lessons.experiments.common import DEVICES, device_field, net_label, progress_field, round_sig
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.models import count_parameters
from resnet_lessons.train import evaluate
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_choice, check_int, check_number

NAME = "landscape"
DESCRIPTION = STRINGS["description_landscape"]

KINDS = ("plain", "residual")
SLICES = ("1d", "2d", "both")
DATASET = "mnist1d"
MAX_RESOLUTION = 101


# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    depth: int = field(default=20, metadata={"help": STRINGS["help_landscape_depth"]})
    kinds: tuple[str, ...] = field(default=KINDS, metadata={"help": STRINGS["help_kinds"]})
    epochs: int = field(default=10, metadata={"help": STRINGS["help_epochs"]})
    batch_size: int = field(default=64, metadata={"help": STRINGS["help_landscape_batch_size"]})
    lr: float = field(default=0.02, metadata={"help": STRINGS["help_landscape_lr"]})
    slices: str = field(default="both", metadata={"help": STRINGS["help_landscape_slices"], "choices": SLICES})
    resolution: int = field(default=11, metadata={"help": STRINGS["help_landscape_resolution"]})
    resolution_1d: int = field(default=21, metadata={"help": STRINGS["help_landscape_resolution_1d"]})
    span: float = field(default=1.0, metadata={"help": STRINGS["help_landscape_span"]})
    subset: int = field(default=1000, metadata={"help": STRINGS["help_landscape_subset"]})
    width: int = field(default=16, metadata={"help": STRINGS["help_width"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_landscape_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        check_depth("depth", self.depth)
        check_names("kinds", self.kinds, KINDS)
        check_int("epochs", self.epochs, 1, 1000)
        check_int("batch_size", self.batch_size, 1, 4000)
        check_number("lr", self.lr, 0, 10)
        check_choice("slices", self.slices, SLICES)
        for arg in ("resolution", "resolution_1d"):
            value = check_int(arg, getattr(self, arg), 3, MAX_RESOLUTION)
            if value % 2 == 0:
                raise ValueError(error("landscape_err_odd", arg=arg, got=value))
        check_number("span", self.span, 0, 10)
        check_int("subset", self.subset, 1, 4000)
        check_int("width", self.width, 1, 256)
        check_common(self, DEVICES)


@dataclass
class Slice:
    """The slices of one trained network."""
    kind: str  # "plain" or "residual"
    depth: int
    params: int
    train_loss: float  # after training: eval mode, whole training set
    train_error: float  # fractions
    test_error: float
    center_loss: float  # the loss at the trained weights, on the subset
    losses_1d: list  # loss(alphas[i])
    losses_2d: list  # losses_2d[i][j] = loss(a=coords[j], b=coords[i]): rows follow b
    min_loss: Optional[float] = None  # over the 2-D grid (the 1-D slice when there is no 2-D grid)
    max_loss: Optional[float] = None
    local_minima: Optional[int] = None  # 2-D grid, interior points lower than their 8 neighbours
    nonconvexity: Optional[float] = None  # 2-D grid, mean of max(0, -lambda_min) / |lambda_max|
    minima_1d: Optional[int] = None  # 1-D slice, interior points lower than both neighbours


@dataclass
class LandscapeResult(Result):
    alphas: list  # 1-D coordinates
    coords: list  # 2-D coordinates (the same on both axes)
    subset: int
    bn_mode: str
    slices: list = field(metadata={"item_type": Slice})

    def slice(self, kind):
        """The slices of the ``kind`` network ("plain" or "residual")."""
        return find(self.slices, "kind", kind)

    def summary(self):
        lines = [t("landscape_summary_head", depth=self.config["depth"], n=self.subset)]
        for item in self.slices:
            lines.append(t("landscape_summary_net", net_en=net_label(item.kind, item.depth, "en"),
                           net_zh=net_label(item.kind, item.depth, "zh"), train=100 * item.train_error,
                           center=item.center_loss))
            if item.local_minima is not None:
                lines.append("    " + t("landscape_summary_2d", minima=item.local_minima,
                                        nonconvexity=item.nonconvexity, lo=item.min_loss, hi=item.max_loss))
            if self.alphas:
                lines.append("    " + t("landscape_summary_1d", minima=item.minima_1d))
        lines.append(t("landscape_summary_note"))
        return "\n".join(lines)


# --- directions and slices ------------------------------------------------------------------------

def filter_normalized_direction(model, generator=None):
    """A random direction in weight space, filter-normalised as in Li et al. 2018.

    One tensor per parameter of ``model``, in ``model.parameters()`` order. For weights (2 or more
    dimensions) each filter ``d[i]`` (one output channel) is a Gaussian draw rescaled to the norm of
    the trained filter ``w[i]``; biases and BN parameters (1 dimension) get zeros.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(error("landscape_err_module", got=type(model).__name__))
    direction = []
    for p in model.parameters():
        w = p.detach()
        d = torch.randn(w.shape, generator=generator, dtype=w.dtype).to(w.device)
        if w.dim() <= 1:
            d.zero_()
        else:
            w_norm = w.flatten(1).norm(dim=1)
            d_norm = d.flatten(1).norm(dim=1)
            d.mul_((w_norm / (d_norm + 1e-10)).view(-1, *([1] * (w.dim() - 1))))
        direction.append(d)
    return direction


def loss_at(model, x, y, batch_size=250):
    """Mean cross-entropy of ``model`` on ``(x, y)`` in eval mode (BN running statistics)."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            logits = model(x[start:start + batch_size])
            total += nn.functional.cross_entropy(logits, y[start:start + batch_size], reduction="sum").item()
    return total / len(x)


class _Shifter:
    """Sets a model's parameters to w + a*d1 + b*d2 and back to w."""

    def __init__(self, model):
        self.params = list(model.parameters())
        self.base = [p.detach().clone() for p in self.params]

    def set(self, shifts):
        """``shifts``: a list of (coefficient, direction) pairs."""
        with torch.no_grad():
            for i, p in enumerate(self.params):
                value = self.base[i].clone()
                for coefficient, direction in shifts:
                    value.add_(direction[i], alpha=coefficient)
                p.copy_(value)

    def restore(self):
        self.set([])


def slice_1d(model, x, y, direction, alphas, bar=None):
    """The loss at w + a*d for each a in ``alphas`` (the model is restored to w afterwards)."""
    shifter = _Shifter(model)
    losses = []
    try:
        for a in alphas:
            shifter.set([(a, direction)])
            losses.append(round_sig(loss_at(model, x, y)))
            if bar is not None:
                bar.update()
    finally:
        shifter.restore()
    return losses


def slice_2d(model, x, y, d1, d2, coords, bar=None):
    """``losses[i][j]`` = the loss at w + coords[j]*d1 + coords[i]*d2 (restored to w afterwards)."""
    shifter = _Shifter(model)
    losses = []
    try:
        for b in coords:
            row = []
            for a in coords:
                shifter.set([(a, d1), (b, d2)])
                row.append(round_sig(loss_at(model, x, y)))
                if bar is not None:
                    bar.update()
            losses.append(row)
    finally:
        shifter.restore()
    return losses


# --- roughness ------------------------------------------------------------------------------------

def count_local_minima(grid):
    """Interior points of a 2-D grid strictly lower than all 8 neighbours."""
    z = np.asarray(grid, dtype=float)
    if z.ndim != 2 or min(z.shape) < 3:
        return 0
    centre = z[1:-1, 1:-1]
    lower = np.ones_like(centre, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lower &= centre < z[1 + di:z.shape[0] - 1 + di, 1 + dj:z.shape[1] - 1 + dj]
    return int(lower.sum())


def count_minima_1d(values):
    """Interior points of a curve strictly lower than both neighbours."""
    v = np.asarray(values, dtype=float)
    if len(v) < 3:
        return 0
    return int(((v[1:-1] < v[:-2]) & (v[1:-1] < v[2:])).sum())


def nonconvexity(grid):
    """Mean over interior points of max(0, -lambda_min) / |lambda_max| of the finite-difference Hessian.

    The grid spacing cancels in the ratio, so it is not needed. 0 means convex everywhere.
    """
    z = np.asarray(grid, dtype=float)
    if z.ndim != 2 or min(z.shape) < 3:
        return 0.0
    c = z[1:-1, 1:-1]
    f_aa = z[1:-1, 2:] - 2 * c + z[1:-1, :-2]  # rows follow b, columns follow a
    f_bb = z[2:, 1:-1] - 2 * c + z[:-2, 1:-1]
    f_ab = (z[2:, 2:] - z[2:, :-2] - z[:-2, 2:] + z[:-2, :-2]) / 4
    mean = (f_aa + f_bb) / 2
    radius = np.sqrt(((f_aa - f_bb) / 2) ** 2 + f_ab ** 2)
    low, high = mean - radius, mean + radius
    largest = np.maximum(np.abs(low), np.abs(high))
    ratio = np.where(largest > 0, np.maximum(0.0, -low) / np.where(largest > 0, largest, 1.0), 0.0)
    return round_sig(float(ratio.mean()))


# --- training (cached) ----------------------------------------------------------------------------

def trained_model(config, kind, data, device, use_cache=False):
    """The ``kind`` net of ``config`` and its final (train_loss, train_error, test_error).

    It is the degradation experiment's net for the same budget and seed (the same init, data order
    and recipe: SGD, momentum 0.9, weight decay 1e-4, lr / 10 at 50 % and 75 %), so the nets of the
    precomputed sweep are reused from the cache. ``use_cache=False`` trains it in a private folder.
    """
    import tempfile

    budget = degradation.Config(depths=(config.depth,), epochs=config.epochs, batch_size=config.batch_size,
                                lr=config.lr, width=config.width, seed=config.seed, device=config.device,
                                progress=config.progress)
    with tempfile.TemporaryDirectory(prefix="resnet-lessons-") as private:
        model = degradation.trained_model(budget, config.depth, kind == "residual",
                                          directory=None if use_cache else private)
    model = model.to(device)
    train_loss, train_error = evaluate(model, data.x_train, data.y_train)
    test_error = evaluate(model, data.x_test, data.y_test)[1]
    return model, (train_loss, train_error, test_error)


# --- the experiment -------------------------------------------------------------------------------

def _run(config, use_cache):
    from tqdm.auto import tqdm

    started = time.perf_counter()
    device = pick_device(config.device)
    data = load_dataset(DATASET)  # the data of every seed (as in the degradation experiment)
    x = data.x_train[:config.subset].to(device)
    y = data.y_train[:config.subset].to(device)
    do_1d, do_2d = config.slices in ("1d", "both"), config.slices in ("2d", "both")
    alphas = np.linspace(-config.span, config.span, config.resolution_1d).tolist() if do_1d else []
    coords = np.linspace(-config.span, config.span, config.resolution).tolist() if do_2d else []
    alphas, coords = [round_sig(a) for a in alphas], [round_sig(c) for c in coords]

    slices = []
    for kind in config.kinds:
        model, (train_loss, train_error, test_error) = trained_model(config, kind, data, device, use_cache)
        # The same random draws for every kind (the shapes are equal), normalised by each net's own filters.
        generator = torch.Generator().manual_seed(config.seed + 1)
        d1 = filter_normalized_direction(model, generator)
        d2 = filter_normalized_direction(model, generator)
        total = len(alphas) + len(coords) ** 2
        desc = t("landscape_progress", kind=net_label(kind, config.depth))
        with tqdm(total=total, desc=desc, disable=not config.progress, leave=False) as bar:
            losses_1d = slice_1d(model, x, y, d1, alphas, bar) if do_1d else []
            losses_2d = slice_2d(model, x, y, d1, d2, coords, bar) if do_2d else []
        values = np.asarray(losses_2d if do_2d else losses_1d, dtype=float)
        slices.append(Slice(
            kind=kind, depth=config.depth, params=count_parameters(model),
            train_loss=round_sig(train_loss), train_error=round_sig(train_error), test_error=round_sig(test_error),
            center_loss=round_sig(loss_at(model, x, y)), losses_1d=losses_1d, losses_2d=losses_2d,
            min_loss=round_sig(float(np.nanmin(values))), max_loss=round_sig(float(np.nanmax(values))),
            local_minima=count_local_minima(losses_2d) if do_2d else None,
            nonconvexity=nonconvexity(losses_2d) if do_2d else None,
            minima_1d=count_minima_1d(losses_1d) if do_1d else None))
    return LandscapeResult(**metadata(NAME, config, DATASET, started), alphas=alphas, coords=coords,
                           subset=config.subset, bn_mode="eval", slices=slices)


def run(config=None, **overrides):
    """Train the nets of ``config`` and slice their loss landscapes; returns a :class:`LandscapeResult`."""
    return _run(make_config(Config, config, overrides), use_cache=False)


def _cache_config(config):
    """The config a result is stored under: ``progress`` does not change a result, so it is left out
    (stored as True), and a result made with ``--no-progress`` is found by a widget that shows bars."""
    return dataclasses.replace(config, progress=True)


def run_cached(config=None, use_cache=True, **overrides):
    """``run``, reusing stored results and trained nets (under ``cache.cache_dir()``) when there are some."""
    config = make_config(Config, config, overrides)
    if not use_cache:
        return _run(config, use_cache=False)
    return cached_run(NAME, _cache_config(config), lambda c: _run(config, use_cache=True), LandscapeResult)


def lookup_cached(config=None, **overrides):
    """The stored result for ``config`` if there is one, else None; computes nothing."""
    config = make_config(Config, config, overrides)
    data = read_json(cache_dir() / (cache_key(NAME, _cache_config(config)) + ".json"))
    if data is None:
        return None
    try:
        return from_dict(LandscapeResult, data)
    except (TypeError, KeyError):
        return None


RESULT = LandscapeResult  # what run() returns: resnet_lessons.results.load() builds shipped results with it


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=LandscapeResult,
                        description_key="description_landscape", run_cached=run_cached)
