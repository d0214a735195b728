"""Path lengths: a ResNet as an ensemble of paths, and which paths carry the gradient (Veit et al. 2016).

    >>> from resnet_lessons.experiments import paths
    >>> result = paths.run(depth=20, epochs=6)
    >>> print(result.summary())

Veit, Wilber, Belongie 2016, "Residual Networks Behave Like Ensembles of Relatively Shallow
Networks" (arXiv:1605.06431), Sec. 5 and Fig. 6: unroll a ResNet of n blocks and it is a sum of
2^n paths, one for each choice, at every block, of the residual branch or the shortcut. A path
that takes k branches has length k, and there are C(n, k) of them, so path lengths follow a
binomial distribution around n/2 (Fig. 6a). To see which paths the gradient flows through, they
sample k blocks, let the backward pass go through only the residual branch of those blocks and
only the shortcut of the others, and measure the gradient reaching the input of the first block:
the gradient through a single path of length k. It falls fast with k (Fig. 6b). Multiplying the
two gives how much of the whole gradient comes from paths of each length (Fig. 6c): for their
ResNet-110 (54 blocks) almost all of it comes from paths of 5 to 17 blocks, far fewer than 54.

Here, on the trained CIFAR-style nets of the degradation experiment (MNIST-1D, 1-D convs): the
forward pass is the whole net in eval mode (so every example is independent and no value changes);
the backward pass is restricted with ``detach``: a block on the path computes
``relu(F(x) + x.detach())`` (the gradient goes through its branch only), a block off the path
``relu(F(x).detach() + x)`` (through its shortcut only). The gradient at the first block's input is
measured per example (L2 norm of the summed cross-entropy's gradient) and averaged over
``examples`` test examples, for ``samples`` random sets of k blocks at every k = 0..n.
"""
import math
import random
import time
from dataclasses import dataclass, field
from typing import Optional

import torch
import torch.nn.functional as F

from resnet_lessons.experiments import degradation
from resnet_lessons.experiments.base import (Experiment, Result, cached_run, check_common, check_depth, make_config,
                                             metadata)
from resnet_lessons.experiments.common import DEVICES, device_field, progress_field, round_sig
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.train import evaluate
from resnet_lessons.validate import check_int, check_number

NAME = "paths"
DESCRIPTION = STRINGS["description_paths"]

MAX_DEPTH = 200
SHARE = 0.9  # "effective paths": the shortest range of lengths that carries this share of the gradient


@dataclass(frozen=True)
class Config:
    depth: int = field(default=20, metadata={"help": STRINGS["help_paths_depth"]})
    epochs: int = field(default=6, metadata={"help": STRINGS["help_paths_epochs"]})
    batch_size: int = field(default=64, metadata={"help": STRINGS["help_batch_size"]})
    lr: float = field(default=0.02, metadata={"help": STRINGS["help_lr"]})
    width: int = field(default=16, metadata={"help": STRINGS["help_width"]})
    samples: int = field(default=20, metadata={"help": STRINGS["help_paths_samples"]})
    examples: int = field(default=100, metadata={"help": STRINGS["help_paths_examples"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_paths_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        check_depth("depth", self.depth, MAX_DEPTH)
        check_int("epochs", self.epochs, 1, 1000)
        check_int("batch_size", self.batch_size, 2, 4096)
        check_number("lr", self.lr, 0, 10)
        check_int("width", self.width, 1, 256)
        check_int("samples", self.samples, 1, 1000)
        check_int("examples", self.examples, 1, 1000)
        check_common(self, DEVICES)


@dataclass
class PathsResult(Result):
    blocks: int  # n: residual blocks, so 2**n paths
    lengths: list  # k = 0..n
    path_share: list  # C(n, k) / 2**n: the share of all paths that have length k (binomial)
    grad: list  # mean gradient norm through one path of length k (mean over samples)
    grad_low: list  # smallest and largest sample at each k
    grad_high: list
    contribution: list  # path_share * grad, normalised to sum 1: the share of the gradient from length k
    whole_grad: float  # the gradient norm with every path open (the ordinary backward pass)
    train_error: float  # of the trained net (fractions)
    test_error: float
    effective: Optional[list] = None  # [shortest, longest]: the narrowest range of lengths carrying SHARE
    device: str = "cpu"

    @property
    def mean_length(self):
        """Average path length weighted by the gradient each length carries."""
        return round(sum(k * c for k, c in zip(self.lengths, self.contribution)), 6)

    @property
    def peak_length(self):
        """The path length that carries the most gradient."""
        return self.lengths[max(range(len(self.lengths)), key=lambda i: self.contribution[i])]

    def summary(self):
        low, high = self.effective
        return "\n".join([
            t("paths_summary_head", depth=self.config["depth"], n=self.blocks,
              epochs=self.config["epochs"], train=100 * self.train_error, test=100 * self.test_error),
            "  " + t("paths_summary_binomial", n=self.blocks, half=self.blocks / 2),
            "  " + t("paths_summary_decay", g0=self.grad[0], k=min(10, self.blocks),
                     gk=self.grad[min(10, self.blocks)], ratio=self.grad[0] / max(self.grad[min(10, self.blocks)],
                                                                                 1e-300)),
            t("paths_verdict", low=low, high=high, share=round(100 * SHARE), n=self.blocks,
              peak=self.peak_length, mean=self.mean_length),
        ])


# --- one path --------------------------------------------------------------------------------------

def _forward_on_path(model, x, on_path):
    """The net's forward pass (values unchanged) with the backward pass restricted to one path.

    ``on_path[i]`` True: the i-th block's gradient flows through its residual branch only; False:
    through its shortcut only. Returns the logits and the first block's input (requires grad)."""
    h = model.relu(model.bn1(model.conv1(x)))  # the stem: (N, C, L)
    start = h.detach().requires_grad_(True)
    h = start
    blocks = [b for stage in (model.layer1, model.layer2, model.layer3) for b in stage]
    for block, on in zip(blocks, on_path):
        branch = block.bn2(block.conv2(block.relu(block.bn1(block.conv1(h)))))  # F(x)
        shortcut = h if block.downsample is None else block.downsample(h)  # x, or option A's zero-padded x
        h = F.relu(branch + shortcut.detach()) if on else F.relu(branch.detach() + shortcut)
    logits = model.fc(torch.flatten(model.avgpool(h), 1))
    return logits, start


def path_gradient(model, x, y, on_path):
    """Mean over examples of the L2 norm of d(loss)/d(first block's input) through one path (eval mode).

    ``on_path=None`` opens every path (the ordinary gradient)."""
    grad = input_gradient(model, x, y, on_path)
    return grad.flatten(1).norm(dim=1).mean().item()


def input_gradient(model, x, y, on_path):
    """d(summed loss)/d(first block's input), (N, C, L), through the path ``on_path`` (None: every path).

    The gradient is linear in the paths: summed over all 2^n single paths it gives the ordinary gradient
    (the tests check this), which is what makes "the gradient of one path" meaningful."""
    model.eval()
    if on_path is None:
        h = model.relu(model.bn1(model.conv1(x)))
        start = h.detach().requires_grad_(True)
        out = start
        for stage in (model.layer1, model.layer2, model.layer3):
            out = stage(out)
        logits = model.fc(torch.flatten(model.avgpool(out), 1))
    else:
        logits, start = _forward_on_path(model, x, on_path)
    loss = F.cross_entropy(logits, y, reduction="sum")  # per-example gradients, independent in eval mode
    (grad,) = torch.autograd.grad(loss, start)
    return grad


def effective_range(lengths, contribution, share=SHARE):
    """The narrowest [low, high] range of path lengths whose contributions sum to at least ``share``."""
    best = None
    for i in range(len(lengths)):
        total = 0.0
        for j in range(i, len(lengths)):
            total += contribution[j]
            if total >= share - 1e-12:
                if best is None or lengths[j] - lengths[i] < best[1] - best[0]:
                    best = [lengths[i], lengths[j]]
                break
    return best


# --- the experiment --------------------------------------------------------------------------------

def _run(config, use_cache=True):
    import tempfile

    from tqdm.auto import tqdm

    started = time.perf_counter()
    budget = degradation.Config(depths=(config.depth,), kinds=("residual",), epochs=config.epochs,
                                batch_size=config.batch_size, lr=config.lr, width=config.width, seed=config.seed,
                                device=config.device, progress=config.progress)
    with tempfile.TemporaryDirectory(prefix="resnet-lessons-") as private:  # use_cache=False: train afresh
        model = degradation.trained_model(budget, config.depth, True, directory=None if use_cache else private)
    data = degradation.load_data(budget)
    train_error = evaluate(model, data.x_train, data.y_train)[1]
    test_error = evaluate(model, data.x_test, data.y_test)[1]
    x, y = data.x_test[:config.examples], data.y_test[:config.examples]
    n = 3 * ((config.depth - 2) // 6)
    rng = random.Random(config.seed)
    lengths = list(range(n + 1))
    grads, lows, highs = [], [], []
    with tqdm(total=len(lengths) * config.samples, desc=t("paths_progress"), disable=not config.progress,
              leave=False) as bar:
        for k in lengths:
            # All C(n, k) paths when there are at most `samples` of them, else `samples` distinct random ones.
            values = []
            for chosen in _sample_sets(n, k, config.samples, rng):
                on_path = [i in chosen for i in range(n)]
                values.append(path_gradient(model, x, y, on_path))
                bar.update()
            grads.append(round_sig(sum(values) / len(values)))
            lows.append(round_sig(min(values)))
            highs.append(round_sig(max(values)))
    shares = [math.comb(n, k) / 2 ** n for k in lengths]
    raw = [s * g for s, g in zip(shares, grads)]
    total = sum(raw)
    contribution = [round_sig(r / total) for r in raw]
    return PathsResult(**metadata(NAME, config, data.name, started), blocks=n, lengths=lengths,
                       path_share=[round_sig(s) for s in shares], grad=grads, grad_low=lows, grad_high=highs,
                       contribution=contribution, whole_grad=round_sig(path_gradient(model, x, y, None)),
                       train_error=round(train_error, 6), test_error=round(test_error, 6),
                       effective=effective_range(lengths, contribution), device=str(next(model.parameters()).device))


def _sample_sets(n, k, samples, rng):
    if math.comb(n, k) <= samples:
        import itertools

        return [set(c) for c in itertools.combinations(range(n), k)]
    seen, sets = set(), []
    while len(sets) < samples:
        pick = tuple(sorted(rng.sample(range(n), k)))
        if pick not in seen:
            seen.add(pick)
            sets.append(set(pick))
    return sets


def run(config=None, **overrides):
    """Train the ResNet of ``config`` and measure its path lengths; returns a :class:`PathsResult`."""
    return _run(make_config(Config, config, overrides), use_cache=False)


def run_cached(config=None, use_cache=True, **overrides):
    """``run``, reusing a stored result for the same config (and the cached trained net)."""
    import dataclasses

    config = make_config(Config, config, overrides)
    if not use_cache:
        return _run(config, use_cache=False)
    return cached_run(NAME, dataclasses.replace(config, progress=True), lambda _: _run(config), PathsResult)


def check_result(result):
    if not isinstance(result, PathsResult):
        raise TypeError(error("paths_err_result", got=type(result).__name__))
    return result


RESULT = PathsResult  # what run() returns: resnet_lessons.results.load() builds shipped results with it


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=PathsResult,
                        description_key="description_paths", run_cached=run_cached)
