"""One small training loop: seeded, device-aware, with a progress bar; the history is plain data.

    >>> import torch
    >>> from resnet_lessons.data import load_dataset
    >>> from resnet_lessons.models import cifar_resnet
    >>> from resnet_lessons.train import TrainConfig, train
    >>> data = load_dataset("mnist1d")
    >>> torch.manual_seed(0)                       # the model's init is seeded by the caller
    >>> model = cifar_resnet(20, dim=1, in_channels=1)
    >>> history = train(model, data, TrainConfig(epochs=5))
    >>> history.test_error[-1]                     # a fraction: 0.05 is 5 %

The defaults are the paper's CIFAR-10 recipe (He et al. 2015, Sec. 4.2): SGD with
momentum 0.9, batch 128, learning rate 0.1 divided by 10 at 50 % and 75 % of training
(32k and 48k of 64k iterations), weight decay 1e-4.
"""
import dataclasses
import math
import time
from contextlib import nullcontext
from typing import Optional

import torch
from torch import nn

from resnet_lessons.data import batches, random_flip, random_shift
from resnet_lessons.i18n import error, t
from resnet_lessons.utils import DEVICES, pick_device
from resnet_lessons.validate import check_bool, check_choice, check_int, check_number, shown

__all__ = ["TrainConfig", "History", "StopTraining", "SCHEDULES", "train", "evaluate",
           "lr_at", "schedule_curve", "steps_per_epoch", "total_steps"]

SCHEDULES = ("constant", "step", "cosine", "linear")
WARMUPS = ("linear", "constant")
AUTOCASTS = (None, "bf16", "fp16")
AUGMENTS = (None, "shift", "shift+flip")
CONSTANT_WARMUP_FACTOR = 0.1  # the paper's ResNet-110 warm-up: 0.01 = 0.1 x 0.1


class StopTraining(Exception):
    """Raise from a ``callback`` to end training after the current epoch; ``train`` returns the history."""


@dataclasses.dataclass
class TrainConfig:
    """Everything that decides a training run (the model and data aside).

    schedule: "constant"; "step" (multiply by ``gamma`` at each of ``milestones``, given as
      fractions of all steps); "cosine" (half a cosine from ``lr`` to 0); "linear" (straight
      down to 0; with a warm-up this is the triangular "one-cycle" schedule of fast CIFAR runs).
    warmup_epochs: length of the warm-up (may be fractional); ``warmup`` "linear" rises from
      ``lr / warmup_steps`` to ``lr``, "constant" holds ``0.1 * lr`` (the paper's ResNet-110 trick).
    autocast: None (float32), "bf16" (CPU or GPU) or "fp16" (CUDA only, with a gradient scaler).
    augment: None, "shift" (pad ``max_shift`` and crop at random, 1-D or 2-D) or "shift+flip" (images).
    eval_every: measure training and test error every this many epochs (and after the last one).
    train_eval_size: measure the training error on the first this many examples (None: all).
    max_steps: stop after this many optimizer steps, whatever ``epochs`` says; the schedule
      then spans ``max_steps``.
    channels_last: store 2-D images and the model channels-last (faster on some CPUs and GPUs).
    """
    epochs: int = 10
    batch_size: int = 128
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 1e-4
    nesterov: bool = False
    schedule: str = "step"
    milestones: tuple = (0.5, 0.75)
    gamma: float = 0.1
    warmup_epochs: float = 0.0
    warmup: str = "linear"
    label_smoothing: float = 0.0
    autocast: Optional[str] = None
    augment: Optional[str] = None
    max_shift: int = 4
    seed: int = 0
    eval_every: int = 1
    eval_batch_size: int = 1000
    train_eval_size: Optional[int] = None
    max_steps: Optional[int] = None
    channels_last: bool = False

    def __post_init__(self):
        if isinstance(self.milestones, list):  # from JSON
            self.milestones = tuple(self.milestones)
        check_int("epochs", self.epochs, 1)
        check_int("batch_size", self.batch_size, 1)
        check_number("lr", self.lr, 0, math.inf)
        check_number("momentum", self.momentum, 0, 1, low_open=False, high_open=True)
        check_number("weight_decay", self.weight_decay, 0, math.inf, low_open=False)
        check_bool("nesterov", self.nesterov)
        if self.nesterov and self.momentum == 0:
            raise ValueError(error("train_err_nesterov"))
        check_choice("schedule", self.schedule, SCHEDULES)
        if not isinstance(self.milestones, tuple) or not all(
                isinstance(m, (int, float)) and not isinstance(m, bool) and 0 < m < 1 for m in self.milestones) \
                or list(self.milestones) != sorted(set(self.milestones)):
            raise ValueError(error("train_err_milestones", value=self.milestones))
        check_number("gamma", self.gamma, 0, 1)
        check_number("warmup_epochs", self.warmup_epochs, 0, math.inf, low_open=False)
        check_choice("warmup", self.warmup, WARMUPS)
        check_number("label_smoothing", self.label_smoothing, 0, 1, low_open=False, high_open=True)
        check_choice("autocast", self.autocast, AUTOCASTS)
        check_choice("augment", self.augment, AUGMENTS)
        check_int("max_shift", self.max_shift, 0)
        check_int("seed", self.seed, 0)
        check_int("eval_every", self.eval_every, 1)
        check_int("eval_batch_size", self.eval_batch_size, 1)
        if self.train_eval_size is not None:
            check_int("train_eval_size", self.train_eval_size, 1)
        if self.max_steps is not None:
            check_int("max_steps", self.max_steps, 1)
        check_bool("channels_last", self.channels_last)

    def to_dict(self):
        """The fields as JSON-ready data (``TrainConfig(**d)`` makes the config again)."""
        d = dataclasses.asdict(self)
        d["milestones"] = list(self.milestones)
        return d


@dataclasses.dataclass
class History:
    """What happened during training, as plain numbers.

    Errors are fractions in [0, 1]. ``epoch``, ``steps`` and the four loss/error lists have one
    entry per evaluation; ``step_loss`` and ``lr`` one entry per optimizer step.
    ``samples_per_second`` counts training steps only; ``wall_time`` includes evaluation.
    """
    config: dict
    device: str = "cpu"
    dataset: Optional[str] = None
    epoch: list = dataclasses.field(default_factory=list)
    steps: list = dataclasses.field(default_factory=list)
    train_loss: list = dataclasses.field(default_factory=list)
    train_error: list = dataclasses.field(default_factory=list)
    test_loss: list = dataclasses.field(default_factory=list)
    test_error: list = dataclasses.field(default_factory=list)
    step_loss: list = dataclasses.field(default_factory=list)
    lr: list = dataclasses.field(default_factory=list)
    wall_time: float = 0.0
    train_time: float = 0.0
    samples_per_second: float = 0.0
    diverged: bool = False
    stopped: bool = False

    def to_dict(self):
        """A JSON-ready dict (nan and inf become None, since JSON has neither)."""
        return {k: _json_safe(v) for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data):
        if not isinstance(data, dict):
            raise TypeError(error("train_err_type", name="data", expected="dict", type=type(data).__name__))
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown or "config" not in data:
            raise ValueError(error("train_err_history_keys", unknown=unknown, allowed=sorted(names)))
        data = dict(data)
        for name in ("train_loss", "train_error", "test_loss", "test_error", "step_loss"):
            if name in data:
                data[name] = [math.nan if v is None else v for v in data[name]]
        return cls(**data)


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value


# --- the learning-rate schedule ----------------------------------------------------------------------

def steps_per_epoch(num_examples, batch_size):
    """Optimizer steps in one pass over ``num_examples`` (a last batch of one example is dropped:
    batch norm cannot train on it)."""
    check_int("num_examples", num_examples, 1)
    check_int("batch_size", batch_size, 1)
    full, rest = divmod(num_examples, batch_size)
    return full + (rest > 1) if full else 1


def total_steps(config, num_examples):
    """Optimizer steps of a whole run of ``config`` over ``num_examples`` training examples."""
    _check_config(config)
    steps = config.epochs * steps_per_epoch(num_examples, config.batch_size)
    return steps if config.max_steps is None else min(steps, config.max_steps)


def lr_at(config, step, total_steps, steps_per_epoch=None):
    """The learning rate of optimizer step ``step`` (0-based) of ``total_steps``.

    A pure function of the config, so a schedule can be plotted without a model.
    ``steps_per_epoch`` converts ``warmup_epochs`` to steps (default: ``total_steps / epochs``).
    """
    _check_config(config)
    check_int("total_steps", total_steps, 1)
    check_int("step", step, 0, total_steps - 1)
    if steps_per_epoch is None:
        steps_per_epoch = total_steps / config.epochs
    check_number("steps_per_epoch", steps_per_epoch, 0, math.inf)
    return _lr(config, step, total_steps, steps_per_epoch)


def _lr(config, step, total_steps, steps_per_epoch):
    warmup = min(round(config.warmup_epochs * steps_per_epoch), total_steps)
    if step < warmup:
        if config.warmup == "linear":
            return config.lr * (step + 1) / warmup
        return config.lr * CONSTANT_WARMUP_FACTOR
    if config.schedule == "constant":
        return config.lr
    if config.schedule == "step":
        passed = sum(step >= m * total_steps for m in config.milestones)
        return config.lr * config.gamma ** passed
    progress = (step - warmup) / (total_steps - warmup)  # 0 at the end of warm-up, < 1 at the last step
    if config.schedule == "cosine":
        return config.lr * 0.5 * (1 + math.cos(math.pi * progress))
    return config.lr * (1 - progress)  # "linear"


def schedule_curve(config, total_steps, steps_per_epoch=None):
    """``lr_at`` for every step: a list of ``total_steps`` floats."""
    _check_config(config)
    check_int("total_steps", total_steps, 1)
    lr_at(config, 0, total_steps, steps_per_epoch)  # checks the arguments once
    if steps_per_epoch is None:
        steps_per_epoch = total_steps / config.epochs
    return [_lr(config, s, total_steps, steps_per_epoch) for s in range(total_steps)]


# --- evaluation -----------------------------------------------------------------------------------

def evaluate(model, x, y, batch_size=1000, autocast=None):
    """Mean cross-entropy loss and error rate (a fraction) of ``model`` on ``(x, y)``.

    Runs in eval mode (batch norm uses its running statistics) under ``torch.no_grad``,
    on the model's device, and puts the model back in the mode it was in.
    """
    _check_model(model)
    for name, value in (("x", x), ("y", y)):
        if not isinstance(value, torch.Tensor):
            raise TypeError(error("train_err_type", name=name, expected="torch.Tensor", type=type(value).__name__))
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(error("train_err_eval_lengths", nx=len(x), ny=len(y)))
    check_int("batch_size", batch_size, 1)
    check_choice("autocast", autocast, AUTOCASTS)
    device = _model_device(model)
    was_training = model.training
    model.eval()
    loss_sum = torch.zeros((), device=device)
    wrong = torch.zeros((), dtype=torch.long, device=device)
    try:
        with torch.no_grad(), _autocast(autocast, device):
            for xb, yb in batches(x, y, batch_size):
                xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
                logits = model(xb).float()
                loss_sum += nn.functional.cross_entropy(logits, yb, reduction="sum")
                wrong += (logits.argmax(1) != yb).sum()
    finally:
        model.train(was_training)
    return loss_sum.item() / len(x), wrong.item() / len(x)


# --- training -------------------------------------------------------------------------------------

def train(model, data, config=None, device=None, progress=True, callback=None):
    """Train ``model`` on ``data`` (a :class:`resnet_lessons.data.Dataset`) with SGD; return a :class:`History`.

    - Training and test error are measured in eval mode on the whole training set (or its
      first ``config.train_eval_size`` examples) and test set at the end of every
      ``config.eval_every`` epochs; they are the curves of the paper's figures. ``step_loss``
      is the loss of each mini-batch as it was trained.
    - Reproducible: the data order and augmentation come from a generator seeded with
      ``config.seed``; seed the model's initialisation yourself (``torch.manual_seed``) before
      building it. On the CPU the same seeds give identical histories (wall times aside).
    - The model is moved to ``device`` (default: :func:`resnet_lessons.utils.pick_device`) and
      left there, in the train/eval mode it came in.
    - ``callback(epoch, history)`` runs after every epoch; raising :class:`StopTraining` in it
      ends training cleanly with the history so far (``history.stopped`` is True).
    - A loss that becomes nan or inf stops training at the end of that epoch with
      ``history.diverged`` True; nothing is raised.
    """
    config = TrainConfig() if config is None else config
    _check_config(config)
    _check_model(model)
    for name in ("x_train", "y_train", "x_test", "y_test"):
        if not isinstance(getattr(data, name, None), torch.Tensor):
            raise TypeError(error("train_err_data", type=type(data).__name__))
    if callback is not None and not callable(callback):
        raise TypeError(error("train_err_type", name="callback", expected="callable", type=type(callback).__name__))
    device = _resolve_device(device)
    if config.autocast == "fp16" and device.type != "cuda":
        raise ValueError(error("train_err_fp16", device=device))
    images = data.x_train.dim() == 4
    if config.augment == "shift+flip" and not images:
        raise ValueError(error("train_err_flip", shape=tuple(data.x_train.shape)))

    started = time.perf_counter()
    memory_format = torch.channels_last if config.channels_last and images else torch.contiguous_format
    model.to(device, memory_format=memory_format)
    x_train = data.x_train.to(device, memory_format=memory_format)
    y_train = data.y_train.to(device)
    x_test = data.x_test.to(device, memory_format=memory_format)
    y_test = data.y_test.to(device)
    x_eval, y_eval = x_train[:config.train_eval_size], y_train[:config.train_eval_size]

    n = len(x_train)
    batch_size = min(config.batch_size, n)
    per_epoch = steps_per_epoch(n, batch_size)
    total = config.epochs * per_epoch if config.max_steps is None else min(config.epochs * per_epoch,
                                                                           config.max_steps)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr_at(config, 0, total, per_epoch),
                                momentum=config.momentum, weight_decay=config.weight_decay,
                                nesterov=config.nesterov)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    scaler = torch.amp.GradScaler("cuda") if config.autocast == "fp16" else None
    generator = torch.Generator().manual_seed(config.seed)  # data order and augmentation
    history = History(config=config.to_dict(), device=str(device), dataset=getattr(data, "name", None))
    was_training = model.training

    from tqdm.auto import tqdm
    bar = tqdm(total=total, desc=t("train_progress"), disable=not progress, unit="step")
    step = samples = 0
    try:
        for epoch in range(1, config.epochs + 1):
            model.train()
            losses = []
            tick = time.perf_counter()
            for xb, yb in batches(x_train, y_train, batch_size, shuffle=True, generator=generator,
                                  drop_last=n % batch_size == 1):
                if step == total:
                    break
                lr = _lr(config, step, total, per_epoch)
                for group in optimizer.param_groups:
                    group["lr"] = lr
                if config.augment is not None:
                    xb = random_shift(xb, config.max_shift, generator)
                    if config.augment == "shift+flip":
                        xb = random_flip(xb, generator)
                with _autocast(config.autocast, device):
                    loss = loss_fn(model(xb), yb)
                optimizer.zero_grad(set_to_none=True)
                if scaler is None:
                    loss.backward()
                    optimizer.step()
                else:
                    scaler.scale(loss).backward()
                    scaler.step(optimizer)
                    scaler.update()
                losses.append(loss.detach())
                history.lr.append(lr)
                samples += len(yb)
                step += 1
                bar.update()
            # One device sync per epoch: the losses were kept on the device until now.
            values = torch.stack(losses).float().tolist()
            history.train_time += time.perf_counter() - tick
            history.step_loss.extend(values)
            diverged = not all(math.isfinite(v) for v in values)
            last = step == total or epoch == config.epochs
            if diverged or last or epoch % config.eval_every == 0:
                _record(history, model, config, device, x_eval, y_eval, x_test, y_test, step / per_epoch, step)
                bar.set_postfix_str(t("train_postfix", loss=history.train_loss[-1],
                                      train=history.train_error[-1], test=history.test_error[-1]), refresh=False)
            if diverged:
                history.diverged = True
                first = next(i for i, v in enumerate(history.step_loss) if not math.isfinite(v))
                if progress:
                    bar.write(t("train_diverged", step=first, loss=history.step_loss[first]))
            if callback is not None:
                try:
                    callback(epoch, history)
                except StopTraining:
                    history.stopped = True
            if diverged or history.stopped or last:
                break
    finally:
        bar.close()
        model.train(was_training)
        history.wall_time = time.perf_counter() - started
        history.samples_per_second = samples / history.train_time if history.train_time > 0 else 0.0
    return history


def _record(history, model, config, device, x_eval, y_eval, x_test, y_test, epoch, step):
    train_loss, train_error = evaluate(model, x_eval, y_eval, config.eval_batch_size, config.autocast)
    test_loss, test_error = evaluate(model, x_test, y_test, config.eval_batch_size, config.autocast)
    history.epoch.append(epoch)
    history.steps.append(step)
    history.train_loss.append(train_loss)
    history.train_error.append(train_error)
    history.test_loss.append(test_loss)
    history.test_error.append(test_error)


def _autocast(kind, device):
    if kind is None:
        return nullcontext()
    dtype = torch.bfloat16 if kind == "bf16" else torch.float16
    return torch.autocast(device.type, dtype=dtype)


def _resolve_device(device):
    """None or "auto": the best available (see ``pick_device``); else a torch.device or its name."""
    if device is None or device in DEVICES:
        return pick_device("auto" if device is None else device)
    if isinstance(device, torch.device):
        return device
    try:
        return torch.device(device)
    except (RuntimeError, TypeError):
        allowed = ", ".join(repr(d) for d in DEVICES + ("cuda:0",)) + ", ..."
        raise ValueError(error("arg_err_choice", arg="device", allowed=allowed, got=shown(device))) from None


def _model_device(model):
    for tensor in model.parameters():
        return tensor.device
    for tensor in model.buffers():
        return tensor.device
    return torch.device("cpu")


# --- argument checks -------------------------------------------------------------------------------

def _check_config(config):
    if not isinstance(config, TrainConfig):
        raise TypeError(error("train_err_type", name="config", expected="TrainConfig", type=type(config).__name__))


def _check_model(model):
    if not isinstance(model, nn.Module):
        raise TypeError(error("train_err_type", name="model", expected="torch.nn.Module", type=type(model).__name__))
