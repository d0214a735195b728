"""Edit a document or write it from a blank page: fit a near-identity function with a plain and a residual net.

    >>> from resnet_lessons.experiments import residual_fit
    >>> result = residual_fit.run()
    >>> print(result.summary())

He et al. 2015 (Sec. 3.1) argue that if the best mapping H(x) of some layers is close to the
identity, it is easier for them to learn the small *residual* F(x) = H(x) - x, starting from
the identity, than to learn H(x) itself from scratch. This experiment makes that measurable
on a 1-D toy problem (the outline's example): the target is

    H(x) = x + amplitude * sin(frequency * x),    x in [-interval, interval]

The *same* small MLP F (1 -> width -> ... -> 1, ``layers`` hidden ReLU layers, PyTorch's default
init, one seed for both) is trained twice with full-batch Adam on the same points:

- plain ("write from a blank page"): the prediction is F(x), so F must become the whole H;
- residual ("edit a document"):       the prediction is x + F(x), so F must become H(x) - x,
  a wiggle of size ``amplitude``.

We record the mean squared error on the training points after every step (step 0 = before
training), the first step at which it falls below ``target_loss``, what F has learned (its
output on the points, and its root-mean-square size).

Measured (defaults, seed 0, CPU, ~2 s): the residual net starts at a loss of 0.033 (the identity
plus F's small initial output) and is below 1e-3 from step 120 on, 2.5e-6 after 400 steps; the
plain net starts at 1.49 (F starts near 0, far from H) and gets below 1e-3 only at step 383
(3.2x later). The residual net's learned F stays small (RMS 0.069, the wiggle's own size is
0.1/sqrt(2) = 0.071); the plain net's F has to become H (RMS 1.17). Run
``python -m resnet_lessons residual_fit`` for the numbers on your machine.
"""
import time
from dataclasses import dataclass, field
from typing import Optional

import torch
from torch import nn

from resnet_lessons.experiments.base import (Experiment, Result, check_common, check_names, find, fmt3, make_config,
                                             metadata)
from resnet_lessons.experiments.common import DEVICES, device_field, fast_cpu, progress_field, round_sig
from resnet_lessons.experiments.gradients import KINDS
from resnet_lessons.i18n import STRINGS, t
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_int, check_number

NAME = "residual_fit"
DESCRIPTION = STRINGS["description_residual_fit"]



# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    amplitude: float = field(default=0.1, metadata={"help": STRINGS["help_residual_fit_amplitude"]})
    frequency: float = field(default=5.0, metadata={"help": STRINGS["help_residual_fit_frequency"]})
    interval: float = field(default=2.0, metadata={"help": STRINGS["help_residual_fit_interval"]})
    points: int = field(default=256, metadata={"help": STRINGS["help_residual_fit_points"]})
    width: int = field(default=64, metadata={"help": STRINGS["help_residual_fit_width"]})
    layers: int = field(default=2, metadata={"help": STRINGS["help_residual_fit_layers"]})
    steps: int = field(default=400, metadata={"help": STRINGS["help_residual_fit_steps"]})
    lr: float = field(default=0.003, metadata={"help": STRINGS["help_residual_fit_lr"]})
    target_loss: float = field(default=1e-3, metadata={"help": STRINGS["help_residual_fit_target_loss"]})
    kinds: tuple[str, ...] = field(default=KINDS, metadata={"help": STRINGS["help_kinds"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_residual_fit_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        check_number("amplitude", self.amplitude, 0, 100, low_open=False)
        check_number("frequency", self.frequency, 0, 1000, low_open=False)
        check_number("interval", self.interval, 0, 1000)
        check_int("points", self.points, 2, 100_000)
        check_int("width", self.width, 1, 4096)
        check_int("layers", self.layers, 1, 100)
        check_int("steps", self.steps, 1, 100_000)
        check_number("lr", self.lr, 0, 10)
        check_number("target_loss", self.target_loss, 0, 1e6)
        check_names("kinds", self.kinds, KINDS)
        check_common(self, DEVICES)


@dataclass
class FitRun:
    """One trained net: its loss after every step and what its F learned."""
    kind: str  # "plain" or "residual"
    residual: bool
    losses: list  # mean squared error on the points after 0, 1, ..., steps steps
    steps_to_target: Optional[int]  # first step whose loss is below target_loss (None: never)
    prediction: list  # the net's output on the points after training
    branch: list  # what F outputs on the points after training (= prediction - x for the residual net)
    branch_rms: float  # root mean square of ``branch``

    @property
    def final_loss(self):
        return self.losses[-1]


@dataclass
class ResidualFitResult(Result):
    x: list  # the training points
    target: list  # H(x)
    residual_target: list  # H(x) - x: what the residual net's F must learn
    runs: list = field(metadata={"item_type": FitRun})

    def run(self, kind):
        """The run of the ``kind`` net ("plain" or "residual")."""
        return find(self.runs, "kind", kind)

    def speedup(self):
        """Plain steps-to-target over residual steps-to-target (None if either never got there or a kind is missing)."""
        kinds = {item.kind: item for item in self.runs}
        if set(kinds) != set(KINDS):
            return None
        plain, residual = kinds["plain"].steps_to_target, kinds["residual"].steps_to_target
        if plain is None or residual is None:
            return None
        return plain / max(residual, 1)

    def summary(self):
        c = self.config
        lines = [t("residual_fit_summary_head", lang=lang, a=c["amplitude"], b=c["frequency"], r=c["interval"],
                   n=c["points"], width=c["width"], layers=c["layers"], steps=c["steps"], lr=c["lr"])
                 for lang in ("en", "zh")]
        for item in self.runs:
            for lang in ("en", "zh"):
                reached = (t("residual_fit_reached", lang=lang, target=fmt3(c["target_loss"]),
                             step=item.steps_to_target) if item.steps_to_target is not None
                           else t("residual_fit_not_reached", lang=lang, target=fmt3(c["target_loss"])))
                lines.append("  " + t("residual_fit_summary_line", lang=lang, kind=t(item.kind, lang=lang),
                                      start=fmt3(item.losses[0]), end=fmt3(item.final_loss), reached=reached,
                                      rms=fmt3(item.branch_rms)))
        speedup = self.speedup()
        if speedup is not None:
            key = "residual_fit_verdict_yes" if speedup > 1 else "residual_fit_verdict_no"
            lines.append(t(key, speedup=f"{speedup:.1f}"))
        return "\n".join(lines)


# --- the experiment ---------------------------------------------------------------------------------

class Fit(nn.Module):
    """A small MLP F, used either as the whole prediction (plain) or as x + F(x) (residual)."""

    def __init__(self, width, layers, residual):
        super().__init__()
        sizes = [1] + [width] * layers
        parts = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            parts += [nn.Linear(n_in, n_out), nn.ReLU()]
        parts.append(nn.Linear(width, 1))
        self.branch = nn.Sequential(*parts)
        self.residual = residual

    def forward(self, x):
        out = self.branch(x)
        return x + out if self.residual else out


def target(x, config):
    """H(x) = x + amplitude * sin(frequency * x)."""
    return x + config.amplitude * torch.sin(config.frequency * x)


def build_model(config, kind):
    torch.manual_seed(config.seed)  # the same F for both kinds
    return Fit(config.width, config.layers, residual=kind == "residual")


def fit(config, kind, x, y, bar=None):
    """Train the ``kind`` net on (x, y) with full-batch Adam; returns its :class:`FitRun`."""
    model = build_model(config, kind).to(x.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    losses = []
    for _ in range(config.steps):
        loss = torch.mean((model(x) - y) ** 2)
        losses.append(loss.item())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if bar is not None:
            bar.update()
    with torch.no_grad():
        prediction = model(x)
        losses.append(torch.mean((prediction - y) ** 2).item())
        branch = model.branch(x)
    reached = next((step for step, value in enumerate(losses) if value < config.target_loss), None)
    return FitRun(kind=kind, residual=kind == "residual", losses=[round_sig(v) for v in losses],
                  steps_to_target=reached, prediction=[round_sig(v) for v in prediction.squeeze(1).tolist()],
                  branch=[round_sig(v) for v in branch.squeeze(1).tolist()],
                  branch_rms=round_sig(branch.pow(2).mean().sqrt().item()))


def run(config=None, **overrides):
    """Fit H with each net in ``config.kinds``; returns a :class:`ResidualFitResult`."""
    from tqdm.auto import tqdm

    config = make_config(Config, config, overrides)
    started = time.perf_counter()
    device = pick_device(config.device)
    x = torch.linspace(-config.interval, config.interval, config.points, device=device).unsqueeze(1)
    y = target(x, config)
    runs = []
    with fast_cpu(device), tqdm(total=config.steps * len(config.kinds), desc=t("residual_fit_progress"),
                                disable=not config.progress, leave=False) as bar:
        for kind in config.kinds:
            runs.append(fit(config, kind, x, y, bar))
    dataset = f"x + {config.amplitude:g} sin({config.frequency:g} x), {config.points} points in " \
              f"[-{config.interval:g}, {config.interval:g}]"
    flat_x = x.squeeze(1)
    return ResidualFitResult(**metadata(NAME, config, dataset, started),
                             x=[round_sig(v) for v in flat_x.tolist()],
                             target=[round_sig(v) for v in y.squeeze(1).tolist()],
                             residual_target=[round_sig(v) for v in (y.squeeze(1) - flat_x).tolist()], runs=runs)


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=ResidualFitResult,
                        description_key="description_residual_fit", run_cached=None)
