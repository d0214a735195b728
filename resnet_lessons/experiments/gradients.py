"""Gradient norm of every layer of a plain net and its residual twin, at initialisation or after k steps.

    >>> from resnet_lessons.experiments import gradients
    >>> result = gradients.run(depth=56, norm="none", init="default")
    >>> print(result.summary())

The model is ``cifar_resnet(depth, plain=..., dim=1, in_channels=1, norm=..., init=...)``: a
CIFAR-style 6n+2 net with 1-D convolutions, fed one fixed batch of MNIST-1D (the first
``batch_size`` training examples), in train mode (BN uses the batch's statistics), with the
mean cross-entropy loss and one backward pass. For every conv and linear weight, input to
output, we record the Frobenius norm of its gradient. Plain and residual nets start from the
same weights (option A shortcuts have no parameters, so both nets have the same parameters).

What it shows (batch 64, seed 0, float32; see ``summary()`` for any setting):

- with BN, the plain net's gradients *grow* toward the input: the first layer's gradient is
  ~2e3 times the last layer's at depth 56 and ~5e7 times at depth 110 (Kaiming init; ~1e3 and
  ~6e6 with PyTorch's default init). Yang et al. 2019, "A Mean Field Theory of Batch
  Normalization" (ICLR), prove that a deep BN net's gradients explode at initialisation.
- without BN and with PyTorch's default init, the forward signal shrinks at every layer, and
  *every* layer's gradient is tiny: ~1e-8 at depth 20, ~1e-22 at depth 56, the first layer's
  as small as the last's; at depth 110 all of them are exactly 0 in float32 (underflow).
- without BN and with Kaiming init, the plain net's gradients stay within a factor ~5 (depth
  56) to ~150 (depth 110) of each other.
- with skips the norms of all layers stay within a factor ~7-50 in every setting; without BN
  and with Kaiming init the whole band sits at a huge scale (median ~7e3 at depth 56, ~3e9 at
  110), because a residual net's forward signal grows ~2^L without BN (De & Smith 2020).

``steps=k`` first trains both nets for k SGD steps (momentum 0.9) on minibatches of the
training set, then measures on the same fixed batch.
"""
import math
import time
from dataclasses import dataclass, field
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

from resnet_lessons.data import load_dataset
from resnet_lessons.experiments.base import (Experiment, Result, check_common, check_depth, check_names, find, fmt3,
                                             make_config, metadata)
from resnet_lessons.experiments.common import DEVICES, fast_cpu, round_sig
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.models import cifar_resnet
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_choice, check_int, check_number

NAME = "gradients"
DESCRIPTION = STRINGS["description_gradients"]

KINDS = ("plain", "residual")
NORMS = ("bn", "none")
INITS = ("kaiming", "default")
PRECISIONS = ("float32", "float64")
DATASET = "mnist1d"

# What the summary calls vanishing / exploding: the first layer's gradient norm against the last's.
VANISHING = 1e-2
EXPLODING = 1e2


# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    depth: int = field(default=56, metadata={"help": STRINGS["help_gradients_depth"]})
    norm: str = field(default="bn", metadata={"help": STRINGS["help_norm"], "choices": NORMS})
    init: str = field(default="kaiming", metadata={"help": STRINGS["help_init"],
        "choices": INITS})
    steps: int = field(default=0, metadata={"help": STRINGS["help_gradients_steps"]})
    lr: float = field(default=0.1, metadata={"help": STRINGS["help_gradients_lr"]})
    batch_size: int = field(default=64, metadata={"help": STRINGS["help_gradients_batch_size"]})
    kinds: tuple[str, ...] = field(default=KINDS, metadata={"help": STRINGS["help_kinds"]})
    width: int = field(default=16, metadata={"help": STRINGS["help_width"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_gradients_seed"]})
    precision: str = field(default="float32", metadata={"help": STRINGS["help_gradients_precision"],
        "choices": PRECISIONS})
    device: str = field(default="auto", metadata={"help": STRINGS["help_gradients_device"], "choices": DEVICES})
    progress: bool = field(default=True, metadata={"help": STRINGS["help_gradients_progress"]})

    def __post_init__(self):
        check_depth("depth", self.depth)
        check_choice("norm", self.norm, NORMS)
        check_choice("init", self.init, INITS)
        check_int("steps", self.steps, 0, 100_000)
        check_number("lr", self.lr, 0, 10)
        check_int("batch_size", self.batch_size, 2, 4000)  # BN needs 2 examples
        check_names("kinds", self.kinds, KINDS)
        check_int("width", self.width, 1, 256)
        check_choice("precision", self.precision, PRECISIONS)
        check_common(self, DEVICES)


@dataclass
class GradientRun:
    """The measured profile of one net."""
    kind: str  # "plain" or "residual"
    residual: bool
    depth: int
    layer_names: list  # conv and linear layers, input to output
    grad_norms: list  # Frobenius norm of each layer's weight gradient, same order
    first_over_last: Optional[float]  # grad_norms[0] / grad_norms[-1]; None if the last is 0
    max_over_min: Optional[float]  # max / min over all layers; None if some layer's gradient is 0
    zero_layers: int  # layers whose gradient is exactly 0 (float32 underflow)
    loss: float  # the loss on the measured batch
    train_losses: list  # loss of each SGD step before the measurement (empty for steps=0)
    diverged: bool  # the loss became inf or nan during the steps

    def verdict(self):
        """One of "diverged", "underflow", "vanishing", "exploding", "stable" (see ``VANISHING``, ``EXPLODING``)."""
        if self.diverged:
            return "diverged"
        first, last = self.grad_norms[0], self.grad_norms[-1]
        if first == 0:
            return "underflow"
        if last == 0 or first / last >= EXPLODING:
            return "exploding"
        if first / last <= VANISHING:
            return "vanishing"
        return "stable"


@dataclass
class GradientsResult(Result):
    batch_size: int
    runs: list = field(metadata={"item_type": GradientRun})

    def run(self, kind):
        """The run of the ``kind`` net ("plain" or "residual")."""
        return find(self.runs, "kind", kind)

    def summary(self):
        c = self.config
        lines = []
        for lang in ("en", "zh"):
            when = t("gradients_at_init", lang=lang) if c["steps"] == 0 else \
                t("gradients_after_steps", lang=lang, k=c["steps"], lr=c["lr"])
            lines.append(t("gradients_summary_head", lang=lang, depth=c["depth"], norm=c["norm"], init=c["init"],
                           n=self.batch_size, when=when))
        for item in self.runs:
            lines.append(t("gradients_summary_line", lang="en", kind=item.kind, depth=item.depth,
                           text=_verdict_text(item, c, "en")))
            lines.append(t("gradients_summary_line", lang="zh", kind=t(item.kind, lang="zh"), depth=item.depth,
                           text=_verdict_text(item, c, "zh")))
        return "\n".join(lines)


def _verdict_text(item, config, lang):
    verdict = item.verdict()
    norms = item.grad_norms
    if verdict == "diverged":
        text = t("gradients_v_diverged", lang=lang)
    elif verdict == "underflow":
        text = t("gradients_v_underflow", lang=lang, zeros=item.zero_layers, total=len(norms),
                 last=fmt3(norms[-1]))
    elif verdict == "vanishing":
        text = t("gradients_v_vanishing", lang=lang, ratio=fmt3(item.first_over_last))
    elif verdict == "exploding":
        key = "gradients_v_exploding_bn" if config["norm"] == "bn" and not item.residual else "gradients_v_exploding"
        text = t(key, lang=lang, ratio=fmt3(item.first_over_last))
    else:
        text = t("gradients_v_stable", lang=lang, ratio=fmt3(item.first_over_last), spread=fmt3(item.max_over_min))
    # A narrow band can still sit at an absurd scale: say so (the loss shows why).
    median = sorted(norms)[len(norms) // 2]
    if verdict == "stable" and median >= 1e3:
        text += t("gradients_v_huge", lang=lang, median=fmt3(median), loss=fmt3(item.loss))
    elif verdict in ("stable", "vanishing") and median <= 1e-6:
        text += t("gradients_v_tiny", lang=lang, median=fmt3(median), loss=fmt3(item.loss))
    return text


# --- measuring --------------------------------------------------------------------------------------

def torch_dtype(precision, device):
    """The torch dtype of ``precision``; MPS has no float64."""
    if precision == "float64" and device.type == "mps":
        raise ValueError(error("gradients_err_mps_float64"))
    return torch.float64 if precision == "float64" else torch.float32


def weight_layers(model):
    """(name, module) of every conv and linear layer of ``model``, in the order they are defined.

    For the nets here that is input to output (the option-A shortcut has no weights).
    """
    return [(name, m) for name, m in model.named_modules()
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear))]


def grad_norms(model, x, y):
    """The loss and the Frobenius norm of each conv/linear weight gradient for one batch (train mode)."""
    model.train()
    model.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    # The norm in float64: squaring float32 entries of ~1e-24 would underflow and report a false 0.
    norms = [m.weight.grad.double().norm().item() if m.weight.grad is not None else 0.0
             for _, m in weight_layers(model)]
    return loss.item(), norms


def build_model(config, kind):
    torch.manual_seed(config.seed)  # the same weights for both kinds
    return cifar_resnet(config.depth, plain=kind == "plain", dim=1, in_channels=1, width=config.width,
                        norm=config.norm, init=config.init)


def _train_steps(model, data, config, device, dtype, bar):
    """``config.steps`` SGD steps on shuffled minibatches; returns (losses, diverged)."""
    generator = torch.Generator().manual_seed(config.seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=0.9)
    model.train()
    losses = []
    x_all, y_all = data.x_train, data.y_train
    order = torch.empty(0, dtype=torch.long)
    for _ in range(config.steps):
        if len(order) < config.batch_size:
            order = torch.randperm(len(x_all), generator=generator)
        idx, order = order[:config.batch_size], order[config.batch_size:]
        x, y = x_all[idx].to(device, dtype), y_all[idx].to(device)
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        losses.append(round_sig(loss.item()))
        if not math.isfinite(losses[-1]):
            return losses, True
        loss.backward()
        optimizer.step()
        if bar is not None:
            bar.update()
    return losses, False


def measure(config, kind, data, device, bar=None):
    """The :class:`GradientRun` of the ``kind`` net of ``config`` on ``data``'s fixed batch."""
    dtype = torch_dtype(config.precision, device)
    model = build_model(config, kind).to(device, dtype)
    train_losses, diverged = _train_steps(model, data, config, device, dtype, bar) if config.steps else ([], False)
    x = data.x_train[:config.batch_size].to(device, dtype)
    y = data.y_train[:config.batch_size].to(device)
    loss, norms = grad_norms(model, x, y)
    diverged = diverged or not math.isfinite(loss) or not all(math.isfinite(n) for n in norms)
    norms = [round_sig(n) for n in norms]
    first, last = norms[0], norms[-1]
    smallest, largest = min(norms), max(norms)
    return GradientRun(
        kind=kind, residual=kind == "residual", depth=config.depth,
        layer_names=[name for name, _ in weight_layers(model)], grad_norms=norms,
        first_over_last=round_sig(first / last) if last > 0 and math.isfinite(first / last) else None,
        max_over_min=round_sig(largest / smallest) if smallest > 0 and math.isfinite(largest / smallest) else None,
        zero_layers=sum(n == 0 for n in norms), loss=round_sig(loss), train_losses=train_losses, diverged=diverged)




def run(config=None, **overrides):
    """Measure the gradient norm of every layer of each net in ``config.kinds``; returns a :class:`GradientsResult`."""
    from tqdm.auto import tqdm

    config = make_config(Config, config, overrides)
    started = time.perf_counter()
    device = pick_device(config.device)
    data = load_dataset(DATASET)
    runs = []
    bar = tqdm(total=config.steps * len(config.kinds), desc=t("gradients_progress"),
               disable=not (config.progress and config.steps), leave=False)
    with fast_cpu(device, torch_dtype(config.precision, device)), bar:
        for kind in config.kinds:
            runs.append(measure(config, kind, data, device, bar))
    return GradientsResult(**metadata(NAME, config, DATASET, started), batch_size=config.batch_size, runs=runs)


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=GradientsResult,
                        description_key="description_gradients", run_cached=None)
