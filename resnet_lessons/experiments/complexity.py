"""How big and how fast are ResNets? Parameters, multiply-adds and CPU speed, next to torchvision's numbers.

    >>> from resnet_lessons.experiments import complexity
    >>> result = complexity.run(models=("resnet18", "resnet50", "resnet50_v1"), timing=False)
    >>> [(row.name, row.params, round(row.gmacs, 3)) for row in result.rows]
    [('resnet18', 11689512, 1.814), ('resnet50', 25557032, 4.089), ('resnet50_v1', 25557032, 3.858)]

Parameters are counted from our models. Multiply-adds (MACs) are counted with
``torch.utils.flop_counter.FlopCounterMode`` on a 1x3x224x224 input (1x3x32x32 for CIFAR
nets); it counts the convolutions and matrix products only (not BN, ReLU, pooling or
the additions), and it counts FLOPs = 2 x MACs, so GMACs = FLOPs / 2e9. torchvision's
metadata field ``_ops`` ("GFLOPS" in its docs) is exactly this GMACs number, to its 3 decimals.

The models are built on the "meta" device for counting: shapes only, no memory, no arithmetic.
Timing (optional, slow for big models on a laptop CPU) builds real models and runs them in
eval mode under ``torch.inference_mode``. ``op_counts`` lists every operation of a forward pass
(the additions and padding FlopCounterMode leaves out), and ``paired_time_ratios`` times two models
back to back, round after round, so that their ratio survives a noisy shared machine.
"""
import dataclasses
import functools
import math
import re
import statistics
import time
from dataclasses import dataclass, field
from typing import Optional

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import FlopCounterMode

from resnet_lessons import models
from resnet_lessons.experiments.base import (Experiment, MAX_DEPTH, Result, cached_run, check_common, make_config,
                                             metadata)
from resnet_lessons.experiments.common import DEVICES, progress_field
from resnet_lessons.i18n import STRINGS, error, t
from resnet_lessons.utils import pick_device
from resnet_lessons.validate import check_bool, check_int, is_cifar_depth, shown

NAME = "complexity"
DESCRIPTION = STRINGS["description_complexity"]

DEFAULT_MODELS = ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d",
                  "wide_resnet50_2")
# Other torchvision classification models whose metadata gives context to the accuracy-vs-size plots.
REFERENCE_MODELS = ("alexnet", "vgg16", "googlenet", "densenet121", "efficientnet_b0", "mobilenet_v3_large",
                    "regnet_y_400mf", "convnext_tiny", "vit_b_16")
# Two newer nets that ``run`` also counts and times, built from torchvision's own builders (random weights,
# nothing downloaded): their depthwise convolutions do few multiply-adds per value they read, so they show
# that multiply-adds do not predict time. Counted on the meta device, they equal torchvision's metadata.
TORCHVISION_BUILT = ("efficientnet_b0", "mobilenet_v3_large")
# Bottleneck nets that also exist as "NAME_v1": the stride on the first 1x1 conv as in the paper.
V1_MODELS = ("resnet50", "resnet101", "resnet152")
WEIGHT_VERSIONS = ("IMAGENET1K_V1", "IMAGENET1K_V2")

# He, Zhang, Ren, Sun 2015, "Deep Residual Learning for Image Recognition" (arXiv:1512.03385), Table 1,
# last row: multiply-adds ("FLOPs" in the paper) at 224x224. A cited number, not a measured one.
PAPER_TABLE1_MACS = {"resnet18": 1.8e9, "resnet34": 3.6e9, "resnet50": 3.8e9, "resnet101": 7.6e9,
                     "resnet152": 11.3e9}
PAPER_CITATION = ("He, Zhang, Ren, Sun 2015, Deep Residual Learning for Image Recognition, "
                  "arXiv:1512.03385, Table 1")

_CIFAR_NAME = re.compile(r"^cifar_(resnet|plain)(\d+)$")


# --- config and result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    models: tuple[str, ...] = field(default=DEFAULT_MODELS, metadata={"help": STRINGS["help_complexity_models"]})
    references: tuple[str, ...] = field(default=REFERENCE_MODELS, metadata={"help": STRINGS["help_complexity_references"]})
    timing: bool = field(default=False, metadata={"help": STRINGS["help_complexity_timing"]})
    repeats: int = field(default=5, metadata={"help": STRINGS["help_complexity_repeats"]})
    warmup: int = field(default=1, metadata={"help": STRINGS["help_complexity_warmup"]})
    batch_size: int = field(default=8, metadata={"help": STRINGS["help_complexity_batch_size"]})
    threads: Optional[int] = field(default=None, metadata={"help": STRINGS["help_complexity_threads"]})
    channels_last: bool = field(default=False, metadata={"help": STRINGS["help_complexity_channels_last"]})
    device: str = field(default="cpu", metadata={"help": STRINGS["help_complexity_device"], "choices": DEVICES})
    seed: int = field(default=0, metadata={"help": STRINGS["help_complexity_seed"]})
    progress: bool = progress_field()

    def __post_init__(self):
        _check_models("models", self.models)
        _check_references(self.references)
        check_bool("timing", self.timing)
        check_int("repeats", self.repeats, 1, 10_000)
        check_int("warmup", self.warmup, 0, 10_000)
        check_int("batch_size", self.batch_size, 1, 4096)
        if self.threads is not None:
            check_int("threads", self.threads, 1, 1024)
        check_bool("channels_last", self.channels_last)
        check_common(self, DEVICES)


@dataclass
class ModelRow:
    """One model counted (and maybe timed) here: ours, or one of ``TORCHVISION_BUILT`` (random weights)."""
    name: str
    params: int
    macs: int  # multiply-adds for one image
    gmacs: float
    input_shape: list
    latency_ms: Optional[float] = None  # batch 1, median
    throughput: Optional[float] = None  # images per second at Config.batch_size, median
    paper_macs: Optional[float] = None  # cited: He et al. 2015, Table 1


@dataclass
class ReferenceRow:
    """One torchvision model, as its weight metadata describes it (read, not measured)."""
    name: str
    num_params: int
    gmacs: float  # torchvision's `_ops`
    file_size_mb: float
    acc1_v1: Optional[float] = None
    acc5_v1: Optional[float] = None
    acc1_v2: Optional[float] = None
    acc5_v2: Optional[float] = None
    recipe_v1: Optional[str] = None
    recipe_v2: Optional[str] = None


@dataclass
class ComplexityResult(Result):
    rows: list = field(metadata={"item_type": ModelRow})
    references: list = field(metadata={"item_type": ReferenceRow})
    threads: Optional[int]  # torch's CPU thread count during timing (None: not timed)
    device: str  # where the timing ran ("meta": not timed, counted only)
    paper_citation: str = PAPER_CITATION

    def row(self, name):
        """The row of model ``name`` (our measurement)."""
        for row in self.rows:
            if row.name == name:
                return row
        raise ValueError(error("complexity_err_model", arg="name", got=repr(name),
                               allowed=", ".join(r.name for r in self.rows)))

    def reference(self, name):
        """The torchvision metadata row of model ``name``, or None when it has none."""
        return next((ref for ref in self.references if ref.name == name), None)

    def summary(self):
        lines = [t("complexity_summary_head")]
        for row in self.rows:
            line = f"  {row.name:<18} {row.params:>12,}  {row.gmacs:8.3f} GMACs"
            ref = self.reference(row.name)
            if ref is not None:
                same = ref.num_params == row.params and f"{ref.gmacs:.3f}" == f"{row.gmacs:.3f}"
                line += "  " + t("complexity_summary_tv_same" if same else "complexity_summary_tv_diff")
            if row.paper_macs is not None:
                line += "  " + t("complexity_summary_paper", g=row.paper_macs / 1e9)
            lines.append(line)
        names = {row.name: row for row in self.rows}
        for deep in V1_MODELS:
            if deep in names and deep + "_v1" in names:
                lines.append(t("complexity_summary_v1", name=deep, v15=names[deep].gmacs,
                               v1=names[deep + "_v1"].gmacs))
        return "\n".join(lines)


# --- validation helpers ---------------------------------------------------------------------------

def allowed_models():
    """The ImageNet names ``run`` accepts, and examples of CIFAR names (any ``cifar_resnetD`` or
    ``cifar_plainD`` with D = 6n+2 up to ``MAX_DEPTH`` is accepted)."""
    return (tuple(models.BUILDERS) + tuple(name + "_v1" for name in V1_MODELS)
            + ("cifar_resnet20", "cifar_resnet56", "cifar_plain20", "cifar_plain56") + TORCHVISION_BUILT)


def _is_known(name):
    if name in models.BUILDERS or name in (n + "_v1" for n in V1_MODELS) or name in TORCHVISION_BUILT:
        return True
    match = _CIFAR_NAME.match(name)
    if not match or len(match.group(2)) > 4:
        return False
    depth = int(match.group(2))
    return is_cifar_depth(depth, MAX_DEPTH)


def _check_models(arg, names):
    if not isinstance(names, tuple) or not names or not all(isinstance(n, str) for n in names):
        raise TypeError(error("complexity_err_names", arg=arg, got=shown(names)))
    for name in names:
        if not _is_known(name):
            raise ValueError(error("complexity_err_model", arg=arg, got=shown(name),
                                   allowed=", ".join(allowed_models())))


@functools.lru_cache(maxsize=1)
def _torchvision_classifiers():
    """The names of torchvision's classification models (listing them takes ~0.1 s: done once)."""
    import torchvision

    return frozenset(torchvision.models.list_models(module=torchvision.models))


def _check_references(names):
    if not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
        raise TypeError(error("complexity_err_names", arg="references", got=shown(names)))
    for name in names:
        if name not in _torchvision_classifiers():
            raise ValueError(error("complexity_err_tv_name", arg="references", got=shown(name),
                                   examples=", ".join(REFERENCE_MODELS)))


# --- building and counting ------------------------------------------------------------------------

def to_paper_v1(model):
    """Move the stride of each downsampling Bottleneck from the 3x3 conv back to the first 1x1 conv.

    torchvision (and ``resnet_lessons.models``) put it on the 3x3 conv ("ResNet V1.5"); the paper
    puts it on the first 1x1 conv. The weights and their shapes do not change, only where the
    feature map is halved, so V1 does its 3x3 convs on the smaller map: fewer multiply-adds.
    Changes ``model`` in place and returns it.
    """
    for module in model.modules():
        if isinstance(module, models.Bottleneck) and module.stride != 1:
            module.conv1.stride = module.conv2.stride
            module.conv2.stride = (1,) * len(module.conv2.stride)
    return model


def build_model(name):
    """Our model ``name`` (see ``allowed_models``) and the shape of one input."""
    _check_models("name", (name,))
    match = _CIFAR_NAME.match(name)
    if match:
        model = models.cifar_resnet(int(match.group(2)), plain=match.group(1) == "plain")
        return model, (1, 3, 32, 32)
    if name.endswith("_v1"):
        return to_paper_v1(models.BUILDERS[name[:-3]]()), (1, 3, 224, 224)
    if name in TORCHVISION_BUILT:
        import torchvision

        return torchvision.models.get_model(name), (1, 3, 224, 224)  # random weights: nothing is downloaded
    return models.BUILDERS[name](), (1, 3, 224, 224)


def count_macs(model, input_shape, device=None):
    """Multiply-adds of one forward pass of ``model`` on an input of ``input_shape``.

    FlopCounterMode counts FLOPs = 2 x MACs of convolutions and matrix products.
    """
    device = next(model.parameters()).device if device is None else device
    model.eval()
    x = torch.zeros(input_shape, device=device)
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        model(x)
    return counter.get_total_flops() // 2


@functools.lru_cache(maxsize=None)
def count_model(name):
    """``(params, macs, input_shape)`` of model ``name``, built on the meta device (no memory, no arithmetic)."""
    with torch.device("meta"):
        model, shape = build_model(name)
    return models.count_parameters(model), count_macs(model, shape), shape


class _OpCounter(TorchDispatchMode):
    """Counts every ATen operation that runs, and the values its outputs hold."""

    def __init__(self):
        super().__init__()
        self.counts = {}

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = str(func.overloadpacket)  # "aten.add_", "aten.convolution", ...
        calls, elements = self.counts.get(name, (0, 0))
        values = sum(o.numel() for o in (out if isinstance(out, (tuple, list)) else (out,))
                     if isinstance(o, torch.Tensor))
        self.counts[name] = (calls + 1, elements + values)
        return out


def op_counts(model, input_shape):
    """Every ATen operation that one forward pass of ``model`` runs on an input of ``input_shape``.

    Returns ``{op: (calls, elements)}``, e.g. ``{"aten.convolution": (55, 532480), "aten.add_": (27, 258048)}``:
    how often each op ran and how many values its outputs held in all (for an addition, how many numbers
    it added). Runs in eval mode without gradients; build the model on the "meta" device to count without
    memory or arithmetic (as ``count_model`` does). Unlike ``count_macs`` it sees every op, additions,
    BN, ReLU and padding included, but it weighs none of them: it counts, it does not time.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(error("arg_err_module", arg="model", got=type(model).__name__))
    if not isinstance(input_shape, (tuple, list)) or not input_shape \
            or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in input_shape):
        raise ValueError(error("complexity_err_shape", arg="input_shape", got=shown(input_shape)))
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    model.eval()
    x = torch.zeros(tuple(input_shape), device=device)
    with torch.no_grad(), _OpCounter() as counter:
        model(x)
    counts = dict(counter.counts)
    counts.pop("aten.zeros", None)  # the zero input made above, not the model's work
    return dict(sorted(counts.items()))


# --- timing ---------------------------------------------------------------------------------------

def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()
    elif device.type == "mps":
        torch.mps.synchronize()


def median_seconds(model, x, repeats=5, warmup=1):
    """The median wall time of ``model(x)`` over ``repeats`` runs, after ``warmup`` untimed runs."""
    model.eval()
    times = []
    with torch.inference_mode():
        for i in range(warmup + repeats):
            _sync(x.device)
            start = time.perf_counter()
            model(x)
            _sync(x.device)
            if i >= warmup:
                times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_speed(model, input_shape, batch_size=8, repeats=5, warmup=1, channels_last=False, device="cpu"):
    """``(latency_ms at batch 1, throughput in images/s at batch_size)``, medians."""
    device = torch.device(device)
    model = model.to(device).eval()
    x1 = torch.randn((1,) + tuple(input_shape[1:]), device=device)
    xb = torch.randn((batch_size,) + tuple(input_shape[1:]), device=device)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x1 = x1.contiguous(memory_format=torch.channels_last)
        xb = xb.contiguous(memory_format=torch.channels_last)
    latency = median_seconds(model, x1, repeats, warmup)
    batch_time = median_seconds(model, xb, repeats, warmup)
    return latency * 1000, batch_size / batch_time


def paired_time_ratios(model_a, model_b, input_shape, batch_size=8, rounds=5, repeats=3, warmup=1, device="cpu",
                       threads=None):
    """``rounds`` ratios time(model_b) / time(model_a), each timed back to back in one round.

    A shared machine slows everything that runs at the same time, so single timings of two models
    made minutes apart are hard to compare; two timings made one after the other mostly see the same
    load. Each round takes the median of ``repeats`` runs of each model on the same random batch of
    ``batch_size`` inputs of ``input_shape[1:]`` (after ``warmup`` runs), and swaps which model goes
    first every other round. ``threads``: CPU threads while timing (None: leave torch's setting; the
    setting is put back afterwards). Report the median ratio and its spread over the rounds.
    """
    for arg, value in (("model_a", model_a), ("model_b", model_b)):
        if not isinstance(value, torch.nn.Module):
            raise TypeError(error("arg_err_module", arg=arg, got=type(value).__name__))
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 2 \
            or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in input_shape):
        raise ValueError(error("complexity_err_shape", arg="input_shape", got=shown(input_shape)))
    check_int("batch_size", batch_size, 1, 4096)
    check_int("rounds", rounds, 1, 1000)
    check_int("repeats", repeats, 1, 10_000)
    check_int("warmup", warmup, 0, 10_000)
    if threads is not None:
        check_int("threads", threads, 1, 1024)
    device = torch.device(device)
    model_a, model_b = model_a.to(device).eval(), model_b.to(device).eval()
    x = torch.randn((batch_size,) + tuple(input_shape[1:]), generator=torch.Generator().manual_seed(0)).to(device)
    previous_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    ratios = []
    try:
        for i in range(rounds):
            pair = (model_a, model_b) if i % 2 == 0 else (model_b, model_a)
            first, second = (median_seconds(m, x, repeats, warmup) for m in pair)
            time_a, time_b = (first, second) if i % 2 == 0 else (second, first)
            ratios.append(time_b / time_a)
    finally:
        torch.set_num_threads(previous_threads)
    return ratios


# --- torchvision metadata -------------------------------------------------------------------------

def _number(value):
    """A float, or None for a missing or NaN metric (torchvision marks some with nan)."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def torchvision_reference(name):
    """What torchvision's weight metadata says about model ``name``; reads metadata, downloads nothing.

    Returns a dict: ``num_params``, ``gmacs`` (torchvision's ``_ops``, which its docs call GFLOPS but which
    equals multiply-adds / 1e9, as FlopCounterMode's FLOPs / 2 shows), ``file_size_mb`` (``_file_size``),
    and for each of IMAGENET1K_V1 / V2 where present ``acc1_v1``, ``acc5_v1``, ``recipe_v1`` (``_v2`` ...):
    single 224 centre-crop ImageNet accuracy in %, and the training recipe's URL.
    """
    import torchvision

    if not isinstance(name, str):
        raise TypeError(error("complexity_err_tv_name", arg="name", got=repr(name),
                              examples=", ".join(REFERENCE_MODELS)))
    try:
        enum = torchvision.models.get_model_weights(name)
    except (ValueError, KeyError) as err:
        raise ValueError(error("complexity_err_tv_name", arg="name", got=repr(name),
                               examples=", ".join(DEFAULT_MODELS + REFERENCE_MODELS))) from err
    members = {member.name: member for member in enum}
    first = members.get("IMAGENET1K_V1") or next(iter(members.values()))
    meta = first.meta
    info = {"name": name, "num_params": int(meta["num_params"]), "gmacs": float(meta["_ops"]),
            "file_size_mb": float(meta["_file_size"])}
    for version in WEIGHT_VERSIONS:
        suffix = version[-2:].lower()  # "v1", "v2"
        member = members.get(version)
        metrics = member.meta.get("_metrics", {}).get("ImageNet-1K", {}) if member else {}
        info["acc1_" + suffix] = _number(metrics.get("acc@1"))
        info["acc5_" + suffix] = _number(metrics.get("acc@5"))
        info["recipe_" + suffix] = member.meta.get("recipe") if member else None
    return info


def _has_torchvision_weights(name):
    import torchvision

    return name in torchvision.models.list_models(module=torchvision.models)


# --- the experiment -------------------------------------------------------------------------------

def measure_row(name, config):
    """The row of model ``name``: counts, and speed if ``config.timing``."""
    params, macs, shape = count_model(name)
    row = ModelRow(name=name, params=params, macs=macs, gmacs=round(macs / 1e9, 6), input_shape=list(shape),
                   paper_macs=PAPER_TABLE1_MACS.get(name.removesuffix("_v1")))
    if config.timing:
        torch.manual_seed(config.seed)
        model, _ = build_model(name)
        latency, throughput = measure_speed(model, shape, config.batch_size, config.repeats, config.warmup,
                                            config.channels_last, _timing_device(config))
        row.latency_ms, row.throughput = round(latency, 4), round(throughput, 3)
    return row


def _timing_device(config):
    return pick_device(config.device)


def run(config=None, **overrides):
    """Count (and optionally time) ``config.models``; read torchvision's metadata for them and the references."""
    from tqdm.auto import tqdm

    config = make_config(Config, config, overrides)
    started = time.perf_counter()
    torch.manual_seed(config.seed)
    previous_threads = torch.get_num_threads()
    if config.threads is not None:
        torch.set_num_threads(config.threads)
    try:
        threads = torch.get_num_threads()
        rows = [measure_row(name, config)
                for name in tqdm(config.models, desc=NAME, disable=not config.progress, leave=False)]
    finally:
        torch.set_num_threads(previous_threads)
    names = [n for n in config.models if _has_torchvision_weights(n)]
    names += [n for n in config.references if n not in names]
    references = [ReferenceRow(**torchvision_reference(n)) for n in names]
    device = str(_timing_device(config)) if config.timing else "meta"
    return ComplexityResult(**metadata(NAME, config, None, started), rows=rows, references=references,
                            threads=threads if config.timing else None, device=device)


def run_cached(config=None, use_cache=True, **overrides):
    """``run``, or its stored result for the same config (timings included) when there is one."""
    config = make_config(Config, config, overrides)
    if not use_cache:
        return run(config)
    # progress does not change a result: store under progress=True so that every caller finds it
    return cached_run(NAME, dataclasses.replace(config, progress=True), lambda c: run(config), ComplexityResult)


EXPERIMENT = Experiment(name=NAME, config=Config, run=run, result=ComplexityResult,
                        description_key="description_complexity", run_cached=run_cached)
