"""Drag the depth, switch BN and the init, and watch every layer's gradient norm, plain vs residual.

    >>> from resnet_lessons.widgets.gradients import gradient_explorer
    >>> panel = gradient_explorer()          # in a notebook: the widget + a static figure
    >>> panel.controls["depth"].value = 110  # what dragging the slider does

Each change measures both nets afresh (one forward and backward pass each, on one batch of 64
MNIST-1D examples); settings already seen are answered from memory.
"""
import ipywidgets as widgets

from resnet_lessons.experiments import gradients
from resnet_lessons.i18n import t
from resnet_lessons.validate import check_bool, check_int

DEPTH_MIN, DEPTH_MAX, DEPTH_STEP = 8, 110, 6  # 6n+2


def gradient_explorer(depth=56, bn=True, init="kaiming", batch_size=64, seed=0):
    """A Panel: depth slider (8...110), BN on/off, init; draws the measured per-layer gradient norms."""
    from resnet_lessons.plots.gradients import plot_gradient_norms  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    # Validate the arguments the way the experiment does, before building any control.
    check_int("depth", depth, DEPTH_MIN, DEPTH_MAX)
    check_bool("bn", bn)
    gradients.Config(depth=depth, init=init, batch_size=batch_size, seed=seed)
    style = {"description_width": "initial"}
    controls = {
        "depth": widgets.IntSlider(value=depth, min=DEPTH_MIN, max=DEPTH_MAX, step=DEPTH_STEP,
                                   continuous_update=False, description=t("gradients_w_depth"), style=style),
        "bn": widgets.Checkbox(value=bn, description=t("gradients_w_bn"), indent=False),
        "init": widgets.Dropdown(options=[(t("gradients_init_" + name), name) for name in gradients.INITS],
                                 value=init, description=t("gradients_w_init"), style=style),
    }

    def compute(values):
        return gradients.run(depth=values["depth"], norm="bn" if values["bn"] else "none", init=values["init"],
                             batch_size=batch_size, seed=seed, progress=False)

    # remember=True: a setting seen before is answered from memory
    return Panel(t("gradients_w_title"), controls, compute=compute, draw=plot_gradient_norms, remember=True)
