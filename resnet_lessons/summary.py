"""Tables that describe a model, as lists of plain dicts (print them, or make a DataFrame).

    >>> from resnet_lessons.models import resnet50
    >>> from resnet_lessons.summary import shape_trace
    >>> shape_trace(resnet50())[-1]
    {'name': 'fc', 'type': 'Linear', 'output_shape': (1, 1000), 'params': 2049000}
"""
import copy
import functools

import torch
from torch import nn

from resnet_lessons import models
from resnet_lessons.i18n import error
from resnet_lessons.models import count_parameters
from resnet_lessons.validate import check_int

STAGES = ("layer1", "layer2", "layer3", "layer4")


def _check_model(model):
    if not isinstance(model, nn.Module):
        raise TypeError(error("arg_err_module", arg="model", got=type(model).__name__))


def _check_input_shape(input_shape):
    ok = (isinstance(input_shape, (tuple, list)) and len(input_shape) >= 2
          and all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in input_shape))
    if not ok:
        raise ValueError(error("models_err_input_shape_arg", got=repr(input_shape)))
    return tuple(input_shape)


def _traced_modules(model, depth):
    """(name, module) pairs `depth` levels down, plus leaves that stop above that level."""
    for name, module in model.named_modules():
        if not name:
            continue
        level = name.count(".") + 1
        if level == depth or (level < depth and not list(module.children())):
            yield name, module


def shape_trace(model, input_shape=(1, 3, 224, 224), depth=1):
    """Run one zero input through `model` and list each module's output shape, in call order.

    depth=1 lists the top-level modules (conv1, bn1, ..., layer1, ..., fc); depth=2 opens the
    stages into blocks. A module called twice (a shared ReLU) gives two rows. The first row is
    the input. The model runs in eval mode without gradients, so BN statistics are not touched.
    """
    _check_model(model)
    input_shape = _check_input_shape(input_shape)
    check_int("depth", depth)

    rows = [{"name": "input", "type": "input", "output_shape": input_shape, "params": 0}]

    def record(name):
        def hook(module, inputs, output):
            shape = tuple(output.shape) if isinstance(output, torch.Tensor) else None
            rows.append({"name": name, "type": type(module).__name__, "output_shape": shape,
                         "params": count_parameters(module)})
        return hook

    first = next(model.parameters(), None)
    x = torch.zeros(input_shape, device=first.device if first is not None else "cpu")
    was_training = model.training
    handles = []
    try:
        for name, module in _traced_modules(model, depth):
            handles.append(module.register_forward_hook(record(name)))
        model.eval()
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    return rows


def _stages(model):
    stages = [(name, getattr(model, name)) for name in STAGES if isinstance(getattr(model, name, None), nn.Sequential)]
    if not stages:
        raise ValueError(error("models_err_not_resnet", got=type(model).__name__))
    return stages


def _out_channels(block):
    """Channels a block outputs: those of its last convolution outside the shortcut."""
    convs = [m for name, m in block.named_modules()
             if isinstance(m, (nn.Conv1d, nn.Conv2d)) and not name.startswith("downsample")]
    return convs[-1].out_channels if convs else None


def stage_table(model):
    """One row per stage of a ResNet (ImageNet: layer1-4, CIFAR: layer1-3).

    stride is the first block's stride (the stage's downsampling); params include the shortcuts.
    """
    _check_model(model)
    rows = []
    for name, stage in _stages(model):
        blocks = list(stage)
        rows.append({
            "stage": name,
            "blocks": len(blocks),
            "block_type": type(blocks[0]).__name__ if blocks else None,
            "out_channels": _out_channels(blocks[-1]) if blocks else None,
            "stride": getattr(blocks[0], "stride", None) if blocks else None,
            "params": count_parameters(stage),
        })
    return rows


def model_summary(model):
    """Totals of a model: parameters, trainable parameters, size in MB as float32, residual blocks."""
    _check_model(model)
    total = count_parameters(model)
    try:
        blocks = sum(len(stage) for _, stage in _stages(model))
    except ValueError:  # not a ResNet: no stages, no blocks
        blocks = 0
    return {
        "total_params": total,
        "trainable_params": count_parameters(model, trainable_only=True),
        "size_mb": total * 4 / 1e6,
        "blocks": blocks,
    }


# --- the family of ResNets the course compares (lesson 03's architecture explorer) -------------------

IMAGENET_INPUT = (1, 3, 224, 224)
CIFAR_INPUT = (1, 3, 32, 32)
CIFAR_DEPTHS = (20, 32, 44, 56, 110)  # the paper's Table 6

# name -> label shown in the dropdown (the same in both languages)
VARIANTS = {
    "resnet18": "ResNet-18",
    "resnet34": "ResNet-34",
    "resnet50": "ResNet-50",
    "resnet101": "ResNet-101",
    "resnet152": "ResNet-152",
    "resnext50_32x4d": "ResNeXt-50 32x4d",
    "wide_resnet50_2": "Wide ResNet-50-2",
    **{f"cifar_resnet{d}": f"CIFAR ResNet-{d}" for d in CIFAR_DEPTHS},
}


def check_variant(name):
    """``name`` if it is a key of :data:`VARIANTS`, else a clear error."""
    if not isinstance(name, str):
        raise TypeError(error("arch_err_variant", allowed=", ".join(VARIANTS), got=repr(name)))
    if name not in VARIANTS:
        raise ValueError(error("arch_err_variant", allowed=", ".join(VARIANTS), got=repr(name)))
    return name


def build_variant(name, device=None):
    """Our untrained model ``name`` (a key of ``VARIANTS``) and the shape of one input image."""
    check_variant(name)
    with torch.device(device or "cpu"):
        if name.startswith("cifar_resnet"):
            return models.cifar_resnet(int(name[len("cifar_resnet"):])), CIFAR_INPUT
        return models.BUILDERS[name](), IMAGENET_INPUT


def describe_variant(name):
    """Where the parameters of variant ``name`` live, and the shape each part outputs, as plain data.

    Returns a dict: name, label, input_shape, total_params, blocks (residual blocks) and parts: one
    dict per part in order (the stem, each stage, the classifier head) with its params, blocks,
    block_type, out_channels, stride and output_shape (batch dimension included).
    """
    return copy.deepcopy(_describe(check_variant(name)))


@functools.lru_cache(maxsize=None)
def _describe(name):
    model, input_shape = build_variant(name, device="meta")
    trace = shape_trace(model, input_shape, depth=1)
    shapes = {row["name"]: row["output_shape"] for row in trace}
    stages = stage_table(model)
    first_stage = [row["name"] for row in trace].index(stages[0]["stage"])
    total = models.count_parameters(model)
    head = models.count_parameters(model.fc)
    stem = total - head - sum(row["params"] for row in stages)  # conv1 + bn1 (+ nothing else)
    parts = [{"part": "stem", "params": stem, "blocks": 0, "block_type": None,
              "out_channels": model.conv1.out_channels, "stride": None,
              "output_shape": trace[first_stage - 1]["output_shape"]}]
    for row in stages:
        parts.append({"part": row["stage"], "params": row["params"], "blocks": row["blocks"],
                      "block_type": row["block_type"], "out_channels": row["out_channels"],
                      "stride": row["stride"], "output_shape": shapes[row["stage"]]})
    parts.append({"part": "fc", "params": head, "blocks": 0, "block_type": None,
                  "out_channels": model.fc.out_features, "stride": None, "output_shape": shapes["fc"]})
    return {"name": name, "label": VARIANTS[name], "input_shape": input_shape, "total_params": total,
            "blocks": sum(row["blocks"] for row in stages), "parts": parts}
