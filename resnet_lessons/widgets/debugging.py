"""Choose a classic ResNet mistake and see the gradient flow of one real backward pass.

    >>> from resnet_lessons.widgets.debugging import gradient_flow_explorer
    >>> panel = gradient_flow_explorer("init_x10_no_bn")
    >>> panel.controls["depth"].value = 56

Each choice builds the seeded 1-D ResNet of ``debugging.make_variant`` and runs one forward and
backward pass on a batch of MNIST-1D (well under a second on a CPU). The correct ResNet of the same
depth is drawn in grey behind it.
"""
import functools

import ipywidgets as widgets

from resnet_lessons import debugging
from resnet_lessons.i18n import error, t

CHOICES = ("original", "plain", "relu_before_bn", "bn_after_add", "relu_before_add", "no_relu_after_add", "no_bn",
           "zero_init", "init_x10", "init_x10_no_bn")
DEPTHS = (8, 20, 56)


@functools.lru_cache(maxsize=4)
def _batch(batch_size):
    from resnet_lessons.data import load_dataset

    data = load_dataset("mnist1d")
    return data.x_train[:batch_size], data.y_train[:batch_size]


def measure(variant, depth, batch_size=64, seed=0):
    """The gradient flow of ``variant`` and of the correct ResNet at ``depth``, as plain data."""
    x, y = _batch(batch_size)
    flow = debugging.gradient_flow(debugging.make_variant(variant, depth=depth, seed=seed), x, y)
    reference = None
    if variant != "original":
        reference = debugging.gradient_flow(debugging.make_variant("original", depth=depth, seed=seed), x, y)
    return {"variant": variant, "depth": depth, "flow": flow, "reference": reference}


def draw(result):
    from resnet_lessons.plots.debugging import plot_gradient_flow  # plots import matplotlib: on demand

    key = "debug_variant_" + result["variant"]
    fields = {"variant_en": t(key, "en"), "variant_zh": t(key, "zh"), "depth": result["depth"]}
    label = (t("debug_w_label", "en", **fields), t("debug_w_label", "zh", **fields))
    return plot_gradient_flow(result["flow"], label=label, reference=result["reference"],
                              reference_label=t("debug_w_reference", depth=result["depth"]))


def gradient_flow_explorer(variant="relu_before_add", depth=20, batch_size=64, seed=0):
    """A Panel: a dropdown of mistakes and a depth; the figure updates at once."""
    from resnet_lessons.widgets.panel import Panel

    if variant not in CHOICES:
        raise ValueError(error("arg_err_choice", arg="variant", allowed=", ".join(CHOICES), got=repr(variant)))
    if depth not in DEPTHS:
        raise ValueError(error("arg_err_choice", arg="depth", allowed=", ".join(map(str, DEPTHS)), got=repr(depth)))
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 2 <= batch_size <= 4000:
        raise ValueError(error("arg_err_choice", arg="batch_size", allowed="2 … 4000", got=repr(batch_size)))
    style = {"description_width": "initial"}
    controls = {
        "variant": widgets.Dropdown(options=[(t("debug_variant_" + v), v) for v in CHOICES], value=variant,
                                    description=t("arch_w_variant"), style=style),
        "depth": widgets.Dropdown(options=list(DEPTHS), value=depth, description=t("gradients_w_depth"), style=style),
    }
    panel = Panel(t("debug_w_title"), controls,
                  compute=lambda values: measure(values["variant"], values["depth"], batch_size, seed), draw=draw)
    return panel
