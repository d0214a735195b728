"""Transfer learning made real and offline: pretrain on one task, transfer to another with few labels.

    >>> from resnet_lessons.experiments import transfer
    >>> result = transfer.run(labels_per_class=(10,))
    >>> print(result.summary())

A small CIFAR-style ResNet (1-D convolutions) is pretrained on MNIST-1D digits 0-4 (about 2,000
examples). The *target task* is digits 5-9 with only ``labels_per_class`` labelled examples per
class, tested on every test example of digits 5-9. Four strategies get the same labelled examples,
epochs and schedule:

- ``scratch``: a freshly initialised network, all layers trained (lr ``lr``);
- ``linear_probe``: the pretrained backbone frozen (BN statistics included), only a new fc trained (``lr``);
- ``finetune``: the pretrained network with a new fc, every layer trained at ``finetune_lr``;
- ``layerwise``: every layer trained, the fc at ``lr`` and each stage closer to the input at
  ``layer_decay`` times the rate of the stage after it (discriminative learning rates,
  Howard & Ruder 2018).

Each setting is repeated on ``draws`` different random draws of the labelled examples, since with
10 labels per class the draw alone moves the accuracy by several points. The pretrained backbone is
kept in memory, so a second run with the same pretraining settings only does the transfer.
"""
import dataclasses
import math
import time
from dataclasses import dataclass, field

import torch
from torch import nn

from resnet_lessons.data import load_dataset
from resnet_lessons.experiments.base import (Experiment, Result, cached_run, check_common, check_depth, check_names,
                                             make_config, metadata)
from resnet_lessons.experiments.common import DEVICES, device_field, progress_field
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.models import cifar_resnet, count_parameters
from resnet_lessons.transfer import freeze_backbone, layerwise_param_groups, set_train_mode
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_choice, check_int, check_number, shown

NAME = "transfer"
DESCRIPTION = STRINGS["description_transfer"]

STRATEGIES = ("scratch", "linear_probe", "finetune", "layerwise")
DATASETS = ("mnist1d", "digits")
MAX_DEPTH = 110
SOURCE_CLASSES = (0, 1, 2, 3, 4)
TARGET_CLASSES = (5, 6, 7, 8, 9)
DIGITS_SIZE = 16
PRETRAIN_BATCH = 64
MOMENTUM = 0.9
WEIGHT_DECAY = 5e-4


# --- config and result ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    dataset: str = field(default="mnist1d", metadata={"help": STRINGS["help_transfer_dataset"], "choices": DATASETS})
    depth: int = field(default=14, metadata={"help": STRINGS["help_transfer_depth"]})
    width: int = field(default=16, metadata={"help": STRINGS["help_width"]})
    pretrain_epochs: int = field(default=6, metadata={"help": STRINGS["help_transfer_pretrain_epochs"]})
    labels_per_class: tuple[int, ...] = field(default=(10,), metadata={"help": STRINGS["help_transfer_labels_per_class"]})
    strategies: tuple[str, ...] = field(default=STRATEGIES, metadata={"help": STRINGS["help_transfer_strategies"]})
    draws: int = field(default=3, metadata={"help": STRINGS["help_transfer_draws"]})
    epochs: int = field(default=30, metadata={"help": STRINGS["help_transfer_epochs"]})
    batch_size: int = field(default=32, metadata={"help": STRINGS["help_transfer_batch_size"]})
    lr: float = field(default=0.05, metadata={"help": STRINGS["help_transfer_lr"]})
    finetune_lr: float = field(default=0.01, metadata={"help": STRINGS["help_transfer_finetune_lr"]})
    layer_decay: float = field(default=0.5, metadata={"help": STRINGS["help_transfer_layer_decay"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_transfer_seed"]})
    device: str = device_field()
    progress: bool = progress_field()

    def __post_init__(self):
        check_choice("dataset", self.dataset, DATASETS)
        check_depth("depth", self.depth, MAX_DEPTH)
        check_int("width", self.width, 1, 128)
        check_int("pretrain_epochs", self.pretrain_epochs, 1, 200)
        ks = self.labels_per_class
        if (not isinstance(ks, tuple) or not ks
                or not all(isinstance(k, int) and not isinstance(k, bool) and 1 <= k <= 100 for k in ks)
                or len(set(ks)) != len(ks)):
            raise ValueError(error("transfer_exp_err_labels", got=shown(ks)))
        check_names("strategies", self.strategies, STRATEGIES)
        check_int("draws", self.draws, 1, 20)
        check_int("epochs", self.epochs, 1, 1000)
        check_int("batch_size", self.batch_size, 2, 4096)
        check_number("lr", self.lr, 0, 10)
        check_number("finetune_lr", self.finetune_lr, 0, 10)
        check_number("layer_decay", self.layer_decay, 0, 1)
        check_common(self, DEVICES)


@dataclass
class TransferRun:
    """One strategy trained on one draw of labelled examples."""
    strategy: str
    labels_per_class: int
    draw: int
    test_accuracy: float  # on every test example of the target classes, eval mode
    train_accuracy: float  # on the labelled examples it was trained on
    trainable_params: int
    seconds: float  # wall time (timing: not part of any comparison)


@dataclass
class TransferResult(Result):
    pretrain: dict  # examples, epochs, source_test_accuracy, seconds
    total_params: int
    num_target_test: int
    runs: list = field(metadata={"item_type": TransferRun})
    device: str = "cpu"

    def labels_settings(self):
        return sorted({r.labels_per_class for r in self.runs})

    def strategies(self):
        return [s for s in STRATEGIES if any(r.strategy == s for r in self.runs)]

    def accuracies(self, strategy, labels_per_class):
        """Test accuracies (fractions) of ``strategy`` over the draws, for one number of labels per class."""
        return [r.test_accuracy for r in self.runs
                if r.strategy == strategy and r.labels_per_class == labels_per_class]

    def mean_accuracy(self, strategy, labels_per_class):
        values = self.accuracies(strategy, labels_per_class)
        if not values:
            raise ValueError(error("transfer_exp_err_no_run", strategy=strategy, k=labels_per_class))
        return sum(values) / len(values)

    def trainable(self, strategy):
        return next(r.trainable_params for r in self.runs if r.strategy == strategy)

    def best(self, labels_per_class):
        """The strategy with the highest mean test accuracy for ``labels_per_class``."""
        ran = [s for s in self.strategies() if self.accuracies(s, labels_per_class)]
        if not ran:
            raise ValueError(error("transfer_exp_err_no_run", strategy="*", k=labels_per_class))
        return max(ran, key=lambda s: self.mean_accuracy(s, labels_per_class))

    def summary(self):
        c, p = self.config, self.pretrain
        lines = [t("transfer_summary_pretrain", depth=c["depth"], dataset=self.dataset,
                   n=p["examples"], epochs=p["epochs"], acc=100 * p["source_test_accuracy"])]
        for k in self.labels_settings():
            lines.append(t("transfer_summary_target", k=k, draws=c["draws"], n=self.num_target_test))
            ran = [s for s in self.strategies() if self.accuracies(s, k)]
            for s in ran:
                values = self.accuracies(s, k)
                key = "transfer_strategy_" + s
                lines.append("  " + t("transfer_summary_line", strategy_en=t(key, "en"),
                                      strategy_zh=t(key, "zh"), mean=100 * sum(values) / len(values),
                                      low=100 * min(values), high=100 * max(values), trainable=self.trainable(s)))
            others = [s for s in ran if s != "scratch"]
            if "scratch" in ran and others:
                best = max(others, key=lambda s: self.mean_accuracy(s, k))
                gain = 100 * (self.mean_accuracy(best, k) - self.mean_accuracy("scratch", k))
                key = "transfer_verdict_helps" if gain > 2 else "transfer_verdict_no_help"
                lines.append(t(key, best_en=t("transfer_strategy_" + best, "en"),
                               best_zh=t("transfer_strategy_" + best, "zh"), gain=gain, k=k))
        return "\n".join(lines)


# --- data ---------------------------------------------------------------------------------------------

def split_tasks(config):
    """The source task (digits 0-4) and target task (digits 5-9, relabelled 0-4) as tensors.

    Returns ``{"source": (x_train, y_train, x_test, y_test), "target": (...), "input_shape": ...}``.
    """
    data = load_dataset(config.dataset, size=DIGITS_SIZE if config.dataset == "digits" else None)

    def select(x, y, classes):
        mask = (y >= classes[0]) & (y <= classes[-1])
        return x[mask], y[mask] - classes[0]

    tasks = {}
    for name, classes in (("source", SOURCE_CLASSES), ("target", TARGET_CLASSES)):
        tasks[name] = select(data.x_train, data.y_train, classes) + select(data.x_test, data.y_test, classes)
    tasks["input_shape"] = data.input_shape
    tasks["name"] = data.name
    return tasks


def draw_labelled(y, labels_per_class, generator):
    """Indices of ``labels_per_class`` random examples of each class of ``y`` (in class order)."""
    picks = []
    for c in range(int(y.max()) + 1):
        where = (y == c).nonzero().flatten()
        if len(where) < labels_per_class:
            raise ValueError(error("transfer_exp_err_too_many", k=labels_per_class, n=len(where), c=c))
        picks.append(where[torch.randperm(len(where), generator=generator)[:labels_per_class]])
    return torch.cat(picks)


# --- models and training ------------------------------------------------------------------------------

def build_model(config, input_shape, seed):
    """A seeded CIFAR-style ResNet for the 5-class tasks (1-D for MNIST-1D, 2-D for digits)."""
    torch.manual_seed(seed)
    dim = 1 if len(input_shape) == 2 else 2
    return cifar_resnet(config.depth, num_classes=len(TARGET_CLASSES), in_channels=input_shape[0], dim=dim,
                        width=config.width)


def fit(model, x, y, groups, epochs, batch_size, generator):
    """SGD (momentum 0.9, weight decay 5e-4) with a cosine schedule on each group's own rate.

    BN layers whose parameters are frozen stay in eval mode (``transfer.set_train_mode``).
    Returns the loss of the last mini-batch.
    """
    optimizer = torch.optim.SGD(groups, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
    base = [group["lr"] for group in optimizer.param_groups]
    n = len(x)
    batch_size = min(batch_size, n)
    per_epoch = math.ceil(n / batch_size)
    total, step, loss = epochs * per_epoch, 0, torch.zeros(())
    for _ in range(epochs):
        set_train_mode(model)
        order = torch.randperm(n, generator=generator).to(x.device)
        for i in range(0, n, batch_size):
            idx = order[i:i + batch_size]
            if len(idx) < 2:  # batch norm cannot train on one example
                continue
            scale = 0.5 * (1 + math.cos(math.pi * step / total))
            for group, lr in zip(optimizer.param_groups, base):
                group["lr"] = lr * scale
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
    model.eval()
    return float(loss.detach())


def accuracy(model, x, y, batch_size=1000):
    """Fraction of correct predictions, eval mode, no gradients."""
    was_training = model.training
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch_size):
            correct += int((model(x[i:i + batch_size]).argmax(1) == y[i:i + batch_size]).sum())
    model.train(was_training)
    return correct / len(x)


_PRETRAINED = {}  # pretraining settings -> (state_dict on the CPU, info)


def _pretrain_key(config, device):
    return (config.dataset, config.depth, config.width, config.pretrain_epochs, config.lr, config.seed, str(device))


def pretrain(config=None, **overrides):
    """The network of ``config`` pretrained on the source task (digits 0-4), and what it scored there.

    Deterministic for a seed; the weights are kept in memory, so asking again is instant.
    Returns ``(model, info)``; ``info`` is a dict: examples, epochs, source_test_accuracy, seconds.
    """
    config = make_config(Config, config, overrides)
    device = pick_device(config.device)
    tasks = split_tasks(config)
    key = _pretrain_key(config, device)
    model = build_model(config, tasks["input_shape"], config.seed)
    if key not in _PRETRAINED:
        started = time.perf_counter()
        x, y, x_test, y_test = (v.to(device) for v in tasks["source"])
        model.to(device)
        generator = torch.Generator().manual_seed(config.seed)
        groups = [{"params": list(model.parameters()), "lr": config.lr}]
        fit(model, x, y, groups, config.pretrain_epochs, PRETRAIN_BATCH, generator)
        info = {"examples": len(x), "epochs": config.pretrain_epochs,
                "source_test_accuracy": round(accuracy(model, x_test, y_test), 6),
                "seconds": round(time.perf_counter() - started, 3)}
        _PRETRAINED[key] = ({k: v.detach().cpu().clone() for k, v in model.state_dict().items()}, info)
    state, info = _PRETRAINED[key]
    model.load_state_dict(state)
    return model.to(device).eval(), dict(info)


def transfer_model(pretrained, strategy, config, seed):
    """A copy of ``pretrained`` set up for ``strategy`` (new fc), and its optimizer parameter groups."""
    import copy

    model = copy.deepcopy(pretrained)
    torch.manual_seed(seed)
    model.fc = nn.Linear(model.fc.in_features, len(TARGET_CLASSES)).to(next(model.parameters()).device)
    if strategy == "linear_probe":
        freeze_backbone(model)
        return model, [{"params": list(model.fc.parameters()), "lr": config.lr}]
    if strategy == "finetune":
        return model, [{"params": list(model.parameters()), "lr": config.finetune_lr}]
    return model, layerwise_param_groups(model, config.lr, config.layer_decay)


# --- the experiment -----------------------------------------------------------------------------------

def run(config=None, **overrides):
    """Pretrain once, then train every strategy on every draw of labelled examples; return the result."""
    from tqdm.auto import tqdm

    config = make_config(Config, config, overrides)
    started = time.perf_counter()
    device = pick_device(config.device)
    tasks = split_tasks(config)
    x_pool, y_pool, x_test, y_test = (v.to(device) for v in tasks["target"])
    todo = [(k, draw, s) for k in config.labels_per_class for draw in range(config.draws) for s in config.strategies]
    bar = tqdm(total=len(todo) + 1, desc=t("transfer_progress"), unit="run", disable=not config.progress)
    try:
        pretrained, info = pretrain(config)
        bar.update()
        runs = []
        for k, draw, strategy in todo:
            tick = time.perf_counter()
            draw_seed = config.seed * 1000 + draw
            idx = draw_labelled(y_pool.cpu(), k, torch.Generator().manual_seed(draw_seed)).to(device)
            x, y = x_pool[idx], y_pool[idx]
            if strategy == "scratch":
                model = build_model(config, tasks["input_shape"], draw_seed + 1).to(device)
                groups = [{"params": list(model.parameters()), "lr": config.lr}]
            else:
                model, groups = transfer_model(pretrained, strategy, config, draw_seed + 1)
            fit(model, x, y, groups, config.epochs, config.batch_size, torch.Generator().manual_seed(draw_seed))
            runs.append(TransferRun(strategy=strategy, labels_per_class=k, draw=draw,
                                    test_accuracy=round(accuracy(model, x_test, y_test), 6),
                                    train_accuracy=round(accuracy(model, x, y), 6),
                                    trainable_params=count_parameters(model, trainable_only=True),
                                    seconds=round(time.perf_counter() - tick, 3)))
            bar.update()
    finally:
        bar.close()
    meta = metadata(NAME, config, tasks["name"], started)
    return TransferResult(**meta, pretrain=info, total_params=count_parameters(pretrained),
                          num_target_test=len(y_test), runs=runs, device=str(device))


def run_cached(config=None, use_cache=True, **overrides):
    """``run`` with the whole result cached on disk (keyed by the config and the package version)."""
    config = make_config(Config, config, overrides)
    key_config = dataclasses.replace(config, progress=False)  # the progress bar never changes a result
    return cached_run(NAME, key_config, lambda _: run(config), TransferResult, use_cache=use_cache)


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=TransferResult,
                        description_key="description_transfer", run_cached=run_cached)
