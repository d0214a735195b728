"""Pick a ResNet and see where its parameters live: stem, stages, classifier.

    >>> from resnet_lessons.widgets.architecture import architecture_explorer, describe_variant
    >>> describe_variant("resnet50")["total_params"]
    25557032
    >>> panel = architecture_explorer("resnet18")      # in a notebook: the widget + a static figure
    >>> panel.controls["variant"].value = "resnet152"  # what a click in the dropdown does

A variant is described once, on PyTorch's "meta" device: its modules and tensor shapes exist, its
weights are never allocated or initialised, so even ResNet-152 takes a fraction of a second, and
the description is cached.
"""
import copy
import functools

import ipywidgets as widgets
import torch

from resnet_lessons import models
from resnet_lessons.i18n import error, t
from resnet_lessons.summary import shape_trace, stage_table

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


def _check_variant(name):
    if not isinstance(name, str):
        raise TypeError(error("arch_err_variant", allowed=", ".join(VARIANTS), got=repr(name)))
    if name not in VARIANTS:
        raise ValueError(error("arch_err_variant", allowed=", ".join(VARIANTS), got=repr(name)))
    return name


def build_variant(name, device=None):
    """Our untrained model ``name`` (a key of ``VARIANTS``) and the shape of one input image."""
    _check_variant(name)
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
    return copy.deepcopy(_describe(_check_variant(name)))


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


def architecture_explorer(variant="resnet50"):
    """A Panel: a dropdown of ResNet variants and a bar chart of parameters per stage.

    Each bar is labelled with its blocks and output shape; the title gives the total parameters.
    """
    from resnet_lessons.plots.architecture import plot_stage_params  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    _check_variant(variant)
    dropdown = widgets.Dropdown(options=[(label, name) for name, label in VARIANTS.items()], value=variant,
                                description=t("arch_w_variant"), style={"description_width": "initial"})
    panel = Panel(t("arch_w_title"), {"variant": dropdown},
                  compute=lambda values: describe_variant(values["variant"]),
                  draw=plot_stage_params)
    panel.update()
    return panel
