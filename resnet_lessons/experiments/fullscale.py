"""Full scale: the paper's CIFAR-10 Figure 6 on a GPU, or on many GPUs with ``torchrun``.

    python -m resnet_lessons fullscale --depths 20 56 --download          # one GPU (or the CPU)
    torchrun --standalone --nproc_per_node 4 -m resnet_lessons fullscale  # 4 GPUs, one machine
    python -m resnet_lessons fullscale --dataset synthetic --depths 20 --iterations 8 --batch-size 32

He, Zhang, Ren, Sun 2015, Sec. 4.2: CIFAR-10 split 45k/5k (train/validation), 4 pixels of padding, a
random 32x32 crop and a horizontal flip, batch 128, SGD with momentum 0.9 and weight decay 1e-4,
learning rate 0.1 divided by 10 at 32k and 48k iterations, stop at 64k (with ``iterations``, the
milestones stay at 50 % and 75 %). Nets of 110 layers or more start at 0.01 until the training error
of the recent mini-batches is below 80 % (about 400 iterations), then go on at 0.1. Option A
shortcuts; the plain twins have the same parameters.

Speed: the data and the augmentation live on the device (see :mod:`resnet_lessons.device_data`),
the model is channels_last, CUDA runs in bf16 autocast, and ``compile=True`` adds ``torch.compile``.

Many processes: under ``torchrun`` each process takes its slice of the same global mini-batch
(``batch_size`` is global), DDP averages the gradients and batch norm uses the statistics of the
global batch (:mod:`resnet_lessons.distributed`), so the training is that of one process, to float
rounding. Only rank 0 prints and writes files.

Resumable: with ``checkpoint_dir``, every net writes a checkpoint every ``checkpoint_every``
iterations (atomically), and a finished net its result; run the same command again after a
preemption and it goes on where it stopped, to the same result.
"""
import dataclasses
import hashlib
import json
import math
import time
from collections import deque
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import torch
import torch.nn.functional as F

from resnet_lessons import __version__, device_data
from resnet_lessons import distributed as dist
from resnet_lessons.cache import write_atomic
from resnet_lessons.data import DatasetNotAvailable, cache_dir, load_dataset
from resnet_lessons.experiments.base import (Experiment, MAX_DEPTH, check_common, check_names, machine, make_config,
                                             metadata)
from resnet_lessons.experiments.common import DEVICES, device_field, progress_field, round_or_none
from resnet_lessons.experiments.degradation import DegradationResult, net_label
from resnet_lessons.experiments.degradation import Run as DegradationRun
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.models import cifar_resnet, count_parameters
from resnet_lessons.train import StopTraining
from resnet_lessons.validate import check_bool, check_choice, check_int, is_cifar_depth, shown

NAME = "fullscale"
DESCRIPTION = STRINGS["description_fullscale"]

KINDS = ("plain", "residual")
DATASETS = ("cifar10", "synthetic")
LR = 0.1
WARMUP_LR = 0.01  # for nets of warmup_depth layers or more, until the recent training error is below 80 %
WARMUP_ERROR = 0.80
WARMUP_WINDOW = 20  # "recent": the mean error of the last 20 mini-batches (our choice; the paper does not say)
MILESTONES = (0.5, 0.75)  # 32k and 48k of 64k iterations
EVAL_BATCH = 1000
CHECKPOINT_FORMAT = 1


# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    depths: tuple[int, ...] = field(default=(20, 32, 44, 56), metadata={"help": STRINGS["help_depths"]})
    kinds: tuple[str, ...] = field(default=KINDS, metadata={"help": STRINGS["help_kinds"]})
    dataset: str = field(default="cifar10", metadata={"help": STRINGS["help_fullscale_dataset"],
        "choices": DATASETS})
    iterations: int = field(default=64000, metadata={"help": STRINGS["help_fullscale_iterations"]})
    batch_size: int = field(default=128, metadata={"help": STRINGS["help_fullscale_batch_size"]})
    warmup_depth: int = field(default=110, metadata={"help": STRINGS["help_fullscale_warmup_depth"]})
    eval_every: int = field(default=1000, metadata={"help": STRINGS["help_fullscale_eval_every"]})
    checkpoint_dir: Optional[str] = field(default=None, metadata={"help": STRINGS["help_fullscale_checkpoint_dir"]})
    checkpoint_every: int = field(default=1000, metadata={"help": STRINGS["help_fullscale_checkpoint_every"]})
    data_root: Optional[str] = field(default=None, metadata={"help": STRINGS["help_fullscale_data_root"]})
    download: bool = field(default=False, metadata={"help": STRINGS["help_fullscale_download"]})
    seed: int = field(default=0, metadata={"help": STRINGS["help_fullscale_seed"]})
    device: str = device_field()
    compile: bool = field(default=False, metadata={"help": STRINGS["help_fullscale_compile"]})
    progress: bool = progress_field(STRINGS["help_fullscale_progress"])

    def __post_init__(self):
        depths = self.depths
        if not isinstance(depths, tuple) or not depths:
            raise TypeError(error("fullscale_err_depths", high=MAX_DEPTH, got=shown(depths)))
        for depth in depths:
            if isinstance(depth, bool) or not isinstance(depth, int):
                raise TypeError(error("fullscale_err_depths", high=MAX_DEPTH, got=shown(depths)))
            if not is_cifar_depth(depth, MAX_DEPTH) or depths.count(depth) > 1:
                raise ValueError(error("fullscale_err_depths", high=MAX_DEPTH, got=shown(depths)))
        check_names("kinds", self.kinds, KINDS)
        check_choice("dataset", self.dataset, DATASETS)
        check_int("iterations", self.iterations, 1, 10**7)
        check_int("batch_size", self.batch_size, 1, 2**16)
        check_int("warmup_depth", self.warmup_depth, 0, MAX_DEPTH)
        check_int("eval_every", self.eval_every, 1, 10**7)
        check_int("checkpoint_every", self.checkpoint_every, 1, 10**7)
        for arg in ("checkpoint_dir", "data_root"):
            value = getattr(self, arg)
            if value is not None and (not isinstance(value, str) or not value.strip() or "\0" in value):
                exc = ValueError if isinstance(value, str) else TypeError
                raise exc(error("fullscale_err_path", arg=arg, got=shown(value)))
        check_bool("download", self.download)
        check_bool("compile", self.compile)
        check_common(self, DEVICES)


@dataclass
class Run(DegradationRun):
    """One trained net, as in the degradation experiment, plus what full scale adds.

    ``curves`` (one entry per evaluation): iteration, epoch, lr, train_error / train_loss (eval mode, the
    45k training images, no augmentation), val_error / val_loss (the 5k held out), test_error / test_loss,
    batch_error / batch_loss (mean over the augmented mini-batches since the previous evaluation).
    """
    train_loss: Optional[float] = None  # final, eval mode, whole training split
    val_error: Optional[float] = None
    iterations: int = 0  # done (fewer than asked when stopped or diverged)
    warmup_until: Optional[int] = None  # the iteration the 0.01 warm-up ended (nets of warmup_depth layers +)
    samples_per_second: Optional[float] = None  # training images per second, all processes together (timing)
    resumed_from: int = 0  # the iteration this process started at (0: from scratch)


@dataclass
class FullscaleResult(DegradationResult):
    runs: list = field(metadata={"item_type": Run})
    world_size: int = 1  # processes (torchrun) that trained it
    precision: str = "float32"  # of the training steps: "bf16" (autocast on CUDA) or "float32"

    def summary(self):
        config = self.config
        lines = [t("fullscale_summary_head", dataset=self.dataset, iterations=config["iterations"],
                   batch=config["batch_size"], world=self.world_size, device=self.device)]
        for item in sorted(self.runs, key=lambda r: (r.residual, r.depth)):
            line = t("fullscale_summary_run", net_en=net_label(item.residual, item.depth, "en"),
                     net_zh=net_label(item.residual, item.depth, "zh"), train=100 * item.train_error,
                     val=100 * (item.val_error if item.val_error is not None else math.nan),
                     test=100 * item.test_error, done=item.iterations)
            if item.stopped:
                line += " " + t("degradation_summary_stopped")
            lines.append("  " + line)
        if self.stopped:
            lines.append(t("degradation_summary_stopped"))
        return "\n".join(lines)


# --- data, model, schedule -------------------------------------------------------------------------

def load_splits(config):
    """The training, validation and test tensors of ``config`` (on the CPU)."""
    if config.dataset == "synthetic":
        return device_data.synthetic(0)  # fixed data: every seed trains on the same set

    root = config.data_root if config.data_root is not None else cache_dir() / "cifar10"
    try:
        data = load_dataset("cifar10", root=root, download=config.download)
    except DatasetNotAvailable:
        raise ValueError(error("fullscale_err_no_cifar", root=root)) from None
    return device_data.cifar10_split(data)


def build_model(config, depth, residual):
    """The seeded ``depth``-layer CIFAR net (option A shortcuts; the plain twin when not ``residual``)."""
    torch.manual_seed(config.seed)  # the same initialisation in every process and for both twins
    return cifar_resnet(depth, shortcut="A", plain=not residual)


def lr_at(iteration, iterations, warm=True):
    """The learning rate of step ``iteration`` (0-based): 0.1, / 10 at 50 % and 75 %; 0.01 while not ``warm``."""
    lr = LR
    for fraction in MILESTONES:
        if iteration >= round(fraction * iterations):
            lr *= 0.1
    return lr if warm else min(lr, WARMUP_LR)


def _device(config, world):
    """The device of this process: with torchrun and CUDA, the GPU of its local rank."""
    wanted = config.device
    if wanted == "cuda" and not torch.cuda.is_available():
        raise ValueError(error("fullscale_err_no_cuda"))
    if wanted == "mps" and (world.size > 1 or not torch.backends.mps.is_available()):
        raise ValueError(error("arg_err_choice", arg="device", allowed="'auto', 'cpu', 'cuda'", got=shown(wanted)))
    if wanted == "cuda" or (wanted == "auto" and torch.cuda.is_available()):
        device = torch.device("cuda", world.local_rank % torch.cuda.device_count())
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = True
        return device
    if wanted == "mps" or (wanted == "auto" and world.size == 1 and torch.backends.mps.is_available()):
        return torch.device("mps")
    return torch.device("cpu")


def _autocast(device):
    """bf16 autocast on a CUDA GPU that computes in bf16 (Ampere and later; float32 weights); float32
    elsewhere, e.g. on the CPU or a T4, where bf16 would be emulated."""
    if device.type == "cuda" and torch.cuda.is_bf16_supported(including_emulation=False):
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return nullcontext()


# --- checkpoints -------------------------------------------------------------------------------------

def _net_key(config, depth, residual):
    """What decides the training of one net (not the device, the process count or where files go)."""
    fields = {k: getattr(config, k) for k in ("dataset", "iterations", "batch_size", "warmup_depth", "eval_every",
                                             "seed")}
    text = json.dumps({**fields, "depth": depth, "residual": residual, "version": __version__}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def checkpoint_path(config, depth, residual):
    """The checkpoint file of one net of ``config`` (None without ``checkpoint_dir``)."""
    if config.checkpoint_dir is None:
        return None
    kind = "residual" if residual else "plain"
    return Path(config.checkpoint_dir) / f"{NAME}-{kind}{depth}-{_net_key(config, depth, residual)}.pt"


def _cpu(value):
    """``value`` (tensors in dicts and lists) with every tensor on the CPU, as ``torch.save`` should get it."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, dict):
        return {k: _cpu(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cpu(v) for v in value)
    return value


def save_checkpoint(path, state):
    """Write ``state`` (tensors and plain types only) to ``path`` atomically: a temp file, then os.replace."""
    state = _cpu(state)
    write_atomic(path, lambda tmp: torch.save(state, tmp))


def load_checkpoint(path, key):
    """The checkpoint at ``path`` if it is one of this net (``key``), read on rank 0 and sent to all; else None."""
    state = None
    if dist.world_from_env().main and path is not None and Path(path).exists():
        try:
            state = torch.load(path, map_location="cpu", weights_only=True)
        except Exception:  # unreadable: start the net again
            state = None
        if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT or state.get("key") != key:
            state = None
    return dist.broadcast(state)


# --- training ----------------------------------------------------------------------------------------

def augmented_batch(splits, index, offsets, flips):
    """The training images ``index`` (b,) of ``splits`` (on the device), cropped at ``offsets`` (b, 2) and
    mirrored where ``flips`` (b,): x (b, 3, 32, 32) channels_last, y (b,)."""
    device = splits.x_train.device
    x = device_data.crop_flip(splits.x_train[index], offsets.to(device, non_blocking=True),
                              flips.to(device, non_blocking=True))
    return x.contiguous(memory_format=torch.channels_last), splits.y_train[index]


def train_step(model, optimizer, x, y):
    """One SGD step on the mini-batch ``x`` (b, 3, 32, 32), ``y`` (b,); bf16 autocast on CUDA.
    Returns the mean loss and the number of errors, as tensors on the device (no synchronisation)."""
    with _autocast(x.device):
        logits = model(x)                                                        # (b, 10)
        loss = F.cross_entropy(logits.float(), y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss.detach(), (logits.detach().argmax(1) != y).sum()


def evaluate(net, x, y, device, world):
    """(loss, error) of ``net`` in eval mode on ``x``, ``y``: each process takes a contiguous share, the
    sums are added over all processes."""
    chunk = -(-len(x) // world.size)
    mine = slice(world.rank * chunk, (world.rank + 1) * chunk)
    totals = torch.zeros(3, dtype=torch.float64, device=device)  # loss sum, errors, count
    was_training = net.training
    net.eval()
    with torch.no_grad(), _autocast(device):
        xs, ys = x[mine], y[mine]
        for i in range(0, len(xs), EVAL_BATCH):
            logits = net(xs[i:i + EVAL_BATCH]).float()                   # (b, 10)
            target = ys[i:i + EVAL_BATCH]
            totals[0] += F.cross_entropy(logits, target, reduction="sum").double()
            totals[1] += (logits.argmax(1) != target).sum()
            totals[2] += len(target)
    net.train(was_training)
    loss, errors, count = dist.sum_all(totals).tolist()
    return loss / count, errors / count


CURVES = ("iteration", "epoch", "lr", "train_error", "train_loss", "val_error", "val_loss", "test_error",
          "test_loss", "batch_error", "batch_loss")


def train_net(config, depth, residual, splits, device, world, bar=None, callback=None):
    """Train one net of ``config`` on ``splits`` (already on ``device``); returns its :class:`Run`.

    Resumes from its checkpoint when there is one. ``callback(iteration)`` runs after every step and may
    raise :class:`resnet_lessons.train.StopTraining` (the run ends, ``stopped``, without a checkpoint,
    as a preempted job would)."""
    from torch.nn.parallel import DistributedDataParallel

    started = time.perf_counter()
    path, key = checkpoint_path(config, depth, residual), _net_key(config, depth, residual)
    saved = load_checkpoint(path, key) if path is not None else None
    if saved is not None and "run" in saved:  # finished before
        if bar is not None:
            bar.update(config.iterations)
        return Run(**saved["run"])

    net = build_model(config, depth, residual)
    parameters = count_parameters(net)
    if world.size > 1:
        net = dist.global_batchnorm(net, device)
    net = net.to(device, memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(net.parameters(), lr=LR, momentum=0.9, weight_decay=1e-4)
    total, per_process = config.batch_size, config.batch_size // world.size
    n_train = len(splits.y_train)
    per_epoch = n_train // total  # the last, incomplete mini-batch of an epoch is dropped
    warmup = config.warmup_depth > 0 and depth >= config.warmup_depth
    state = {"iteration": 0, "curves": {k: [] for k in CURVES}, "sums": torch.zeros(3, dtype=torch.float64),
             "warm": not warmup, "window": [], "warmup_until": None, "train_seconds": 0.0}
    if saved is not None:
        net.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        torch.set_rng_state(saved["torch_rng"])
        state.update({k: saved[k] for k in state})
        if not world.main:
            state["sums"] = torch.zeros(3, dtype=torch.float64)  # rank 0 holds the sums of all processes
    resumed_from = state["iteration"]
    sums = state["sums"].to(device)  # loss sum, errors, count of this process's mini-batches since the last eval
    window = deque(state["window"], maxlen=WARMUP_WINDOW)
    curves = state["curves"]
    model = net if world.size == 1 else DistributedDataParallel(
        net, device_ids=[device.index] if device.type == "cuda" else None)
    if config.compile:
        model = torch.compile(model)
    mine = slice(world.rank * per_process, (world.rank + 1) * per_process)
    order, order_epoch = None, None
    iteration, stopped, diverged = state["iteration"], False, False
    train_seconds, tick = state["train_seconds"], time.perf_counter()
    net.train()

    def snapshot():
        """What a checkpoint holds: model, optimizer, iteration, RNG, curves and sums so far."""
        everyone = dist.sum_all(sums.clone())  # every process calls this; rank 0 keeps the sums of all
        sums.copy_(everyone if world.main else torch.zeros_like(everyone))
        return {"format": CHECKPOINT_FORMAT, "key": key, "iteration": iteration, "model": net.state_dict(),
                "optimizer": optimizer.state_dict(), "torch_rng": torch.get_rng_state(), "curves": curves,
                "sums": sums, "warm": state["warm"], "window": list(window), "warmup_until": state["warmup_until"],
                "train_seconds": train_seconds}

    while iteration < config.iterations:
        epoch, position = divmod(iteration, per_epoch)
        if epoch != order_epoch:
            order, order_epoch = device_data.epoch_order(config.seed, epoch, n_train).to(device), epoch
        index = order[position * total:(position + 1) * total][mine]                 # (b,) this process's slice
        offsets, flips = device_data.augment_params(config.seed, iteration, total)   # (B, 2), (B,) global
        x, y = augmented_batch(splits, index, offsets[mine], flips[mine])            # (b, 3, 32, 32), (b,)
        lr = lr_at(iteration, config.iterations, state["warm"])
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss, errors = train_step(model, optimizer, x, y)
        sums[0] += loss.double() * len(y)  # no .item(): the GPU runs ahead, nothing waits for it
        sums[1] += errors
        sums[2] += len(y)
        iteration += 1
        if not state["warm"]:  # the paper's warm-up: watch the global mini-batch error (one sync per step)
            window.append(dist.sum_all(errors.double()).item() / total)
            if len(window) == WARMUP_WINDOW and sum(window) / len(window) < WARMUP_ERROR:
                state["warm"], state["warmup_until"] = True, iteration
        if bar is not None:
            bar.update()
        if iteration % config.eval_every == 0 or iteration == config.iterations:
            if device.type == "cuda":
                torch.cuda.synchronize(device)
            train_seconds += time.perf_counter() - tick
            batch_loss, batch_errors, count = dist.sum_all(sums.clone()).tolist()
            sums.zero_()
            train_loss, train_error = evaluate(net, splits.x_train, splits.y_train, device, world)
            val_loss, val_error = evaluate(net, splits.x_val, splits.y_val, device, world)
            test_loss, test_error = evaluate(net, splits.x_test, splits.y_test, device, world)
            point = {"iteration": iteration, "epoch": iteration * total / n_train, "lr": lr,
                     "train_error": train_error, "train_loss": train_loss, "val_error": val_error,
                     "val_loss": val_loss, "test_error": test_error, "test_loss": test_loss,
                     "batch_error": batch_errors / count, "batch_loss": batch_loss / count}
            for k in CURVES:
                curves[k].append(point[k] if k == "iteration" else round_or_none(point[k]))
            if bar is not None:
                bar.set_postfix_str(t("fullscale_postfix", net_en=net_label(residual, depth, "en"),
                                      net_zh=net_label(residual, depth, "zh"), loss=batch_loss / count,
                                      train=train_error, val=val_error))
            diverged = not math.isfinite(batch_loss)
            tick = time.perf_counter()
        if path is not None and iteration % config.checkpoint_every == 0 and iteration < config.iterations \
                and not diverged:
            now = time.perf_counter()
            train_seconds += now - tick
            state_now = snapshot()
            if world.main:
                save_checkpoint(path, state_now)
            tick = time.perf_counter()  # writing is not training
        if callback is not None:
            try:
                callback(iteration)
            except StopTraining:
                stopped = True
        if stopped or diverged:
            break

    train_seconds += time.perf_counter() - tick
    last = {k: (v[-1] if v else None) for k, v in curves.items()}
    run = Run(depth=depth, residual=residual, train_error=1.0 if last["train_error"] is None else last["train_error"],
              test_error=1.0 if last["test_error"] is None else last["test_error"], parameters=parameters,
              seconds=round(time.perf_counter() - started, 3), curves=curves, diverged=diverged, stopped=stopped,
              seed=config.seed, train_loss=last["train_loss"], val_error=last["val_error"], iterations=iteration,
              warmup_until=state["warmup_until"],
              samples_per_second=round(iteration * total / train_seconds, 1) if train_seconds > 0 else None,
              resumed_from=resumed_from)
    if path is not None and world.main and not stopped:
        save_checkpoint(path, {"format": CHECKPOINT_FORMAT, "key": key, "model": net.state_dict(),
                               "run": dataclasses.asdict(run)})
    return run


# --- the experiment ----------------------------------------------------------------------------------

def check_world(config, world):
    """The options that depend on the number of processes, checked before any process group is made."""
    if config.batch_size % world.size != 0:
        raise ValueError(error("fullscale_err_batch_world", batch=config.batch_size, world=world.size))


def run(config=None, callback=None, **overrides):
    """Train every net of ``config`` (all plain nets, then all residual nets); return the result.

    Under ``torchrun`` every process calls this and gets the same result; only rank 0 shows progress and
    writes checkpoints. ``callback(iteration)`` runs after every step of every net; raising
    :class:`resnet_lessons.train.StopTraining` there stops the experiment (``result.stopped``).
    """
    config = make_config(Config, config, overrides)
    if callback is not None and not callable(callback):
        raise TypeError(error("fullscale_err_callback", got=type(callback).__name__))
    world = dist.world_from_env()
    check_world(config, world)
    started = time.perf_counter()
    device = _device(config, world)
    created = dist.start(world, device)
    bar, finished = None, False
    try:
        if config.download and not world.main:
            dist.barrier()  # rank 0 downloads first
        splits = load_splits(config)
        if config.download and world.main:
            dist.barrier()
        if config.batch_size > len(splits.y_train):
            raise ValueError(error("fullscale_err_batch_data", batch=config.batch_size, n=len(splits.y_train)))
        splits = splits.to(device)
        todo = [(depth, kind == "residual") for kind in config.kinds for depth in config.depths]
        if config.progress and world.main:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(todo) * config.iterations, desc=t("fullscale_progress"), unit="it")
        runs, stopped = [], False
        for depth, residual in todo:
            item = train_net(config, depth, residual, splits, device, world, bar, callback)
            runs.append(item)
            if item.stopped:
                stopped = True
                break
        finished = True
    finally:
        if bar is not None:
            bar.close()
        dist.stop(created, wait=finished)
    meta = metadata(NAME, config, splits.name, started)
    precision = "float32" if isinstance(_autocast(device), nullcontext) else "bf16"
    return FullscaleResult(**meta, runs=runs, device=str(device), stopped=stopped, machine=_machine(device),
                           world_size=world.size, precision=precision)


def _machine(device):
    """Where the result was measured (base.machine), with the GPU's name on CUDA."""
    info = machine(device)
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(device)
    return info


# --- what a full run costs here ------------------------------------------------------------------------

def measure_throughput(depth, residual=True, batch_size=128, steps=5, warmup=2, device="auto", compile_model=False):
    """Training images per second of the full-scale step (``augmented_batch`` + ``train_step``) of one net
    on synthetic data held on ``device``: ``steps`` timed steps after ``warmup`` untimed ones."""
    config = Config(depths=(depth,), dataset="synthetic", batch_size=batch_size, device=device, progress=False)
    check_int("steps", steps, 1, 10**6)
    check_int("warmup", warmup, 0, 10**6)
    device = _device(config, dist.world_from_env())
    net = build_model(config, depth, residual).to(device, memory_format=torch.channels_last)
    model = torch.compile(net) if compile_model else net
    optimizer = torch.optim.SGD(net.parameters(), lr=LR, momentum=0.9, weight_decay=1e-4)
    splits = device_data.synthetic(0).to(device)
    index = device_data.epoch_order(0, 0, len(splits.y_train))[:batch_size].to(device)

    def step(i):
        offsets, flips = device_data.augment_params(0, i, batch_size)
        return train_step(model, optimizer, *augmented_batch(splits, index, offsets, flips))

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    for i in range(warmup):
        step(i)
    sync()
    start = time.perf_counter()
    for i in range(steps):
        loss, _ = step(warmup + i)
    sync()
    seconds = time.perf_counter() - start
    if not torch.isfinite(loss):
        raise RuntimeError(error("fullscale_err_throughput", depth=depth))
    return steps * batch_size / seconds


@dataclass
class CostEstimate:
    """What the full sweep would take on this device: images/s measured for some depths, the others
    scaled from them by layer count (a straight line through the measured seconds per image)."""
    device: str
    threads: int
    iterations: int
    batch_size: int
    kinds: int  # nets per depth (plain and residual cost about the same)
    measured: dict  # depth -> images per second, measured here
    images_per_second: dict  # depth -> measured, or estimated from the measured depths

    def hours(self, depth):
        """Hours of one net of ``depth`` layers (``iterations`` x ``batch_size`` images)."""
        return self.iterations * self.batch_size / self.images_per_second[depth] / 3600

    @property
    def total_hours(self):
        return self.kinds * sum(self.hours(depth) for depth in self.images_per_second)

    def summary(self):
        lines = [t("fullscale_cost_head", device=self.device, threads=self.threads, iterations=self.iterations,
                   batch=self.batch_size)]
        for depth, rate in self.images_per_second.items():
            how = "fullscale_cost_measured" if depth in self.measured else "fullscale_cost_estimated"
            lines.append("  " + t("fullscale_cost_net", depth=depth, rate=rate, hours=self.hours(depth),
                                  how_en=t(how, lang="en"), how_zh=t(how, lang="zh")))
        lines.append(t("fullscale_cost_total", nets=self.kinds * len(self.images_per_second), hours=self.total_hours,
                       days=self.total_hours / 24))
        return "\n".join(lines)


def estimate_cost(depths=(20, 32, 44, 56, 110), measure=(20, 56), iterations=64000, batch_size=128, kinds=2,
                  steps=1, warmup=1, device="auto"):
    """Measure a few training steps of the ``measure`` depths here and estimate the whole sweep's cost."""
    for arg, value in (("depths", depths), ("measure", measure)):
        if not isinstance(value, tuple) or not value:
            raise TypeError(error("fullscale_err_depths", high=MAX_DEPTH, got=shown(value)))
    Config(depths=tuple(dict.fromkeys(depths + measure)), batch_size=batch_size, iterations=iterations)  # checks
    check_int("kinds", kinds, 1, 2)
    chosen = _device(Config(device=device), dist.world_from_env())
    measured = {d: round(measure_throughput(d, True, batch_size, steps, warmup, device), 1) for d in measure}
    per_image = {d: 1 / r for d, r in measured.items()}  # seconds per image, about linear in the depth
    if len(per_image) == 1:
        (d0, s0), = per_image.items()
        slope, intercept = s0 / d0, 0.0
    else:
        xs, ys = list(per_image), list(per_image.values())
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        intercept = my - slope * mx
    rates = {d: measured.get(d, round(1 / max(intercept + slope * d, 1e-9), 1)) for d in depths}
    return CostEstimate(device=str(chosen), threads=torch.get_num_threads(), iterations=iterations,
                        batch_size=batch_size, kinds=kinds, measured=measured, images_per_second=rates)


RESULT = FullscaleResult


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=FullscaleResult,
                        description_key="description_fullscale", run_cached=None)
