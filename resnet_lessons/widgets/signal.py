"""Drag the number of blocks, switch BN and the branch scaling, and watch the activations grow (or not).

    >>> from resnet_lessons.widgets.signal import signal_explorer
    >>> panel = signal_explorer()               # in a notebook: the widget + a static figure
    >>> panel.controls["bn"].value = False      # what a click on the checkbox does

Each change measures both nets afresh at initialisation (one forward pass of 256 MNIST-1D
examples each); settings already seen are answered from memory.
"""
import ipywidgets as widgets

from resnet_lessons.experiments import signal
from resnet_lessons.i18n import t
from resnet_lessons.validate import check_bool, check_int

MAX_BLOCKS = 100


def signal_explorer(blocks=50, bn=True, scaling="none", model="mlp", seed=0):
    """A Panel: blocks slider, BN on/off, branch scaling; draws E[x²] after each block, plain vs residual."""
    from resnet_lessons.plots.signal import plot_signal  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    check_int("blocks", blocks, 1, MAX_BLOCKS)
    check_bool("bn", bn)
    signal.Config(blocks=blocks, scaling=scaling, model=model, seed=seed)  # the experiment's own checks
    step = 3 if model == "cifar" else 1  # three stages of equal length
    style = {"description_width": "initial"}
    controls = {
        "blocks": widgets.IntSlider(value=blocks, min=step, max=MAX_BLOCKS - MAX_BLOCKS % step, step=step,
                                    continuous_update=False, description=t("shattered_depth"), style=style),
        "bn": widgets.Checkbox(value=bn, description=t("gradients_w_bn"), indent=False),
        "scaling": widgets.Dropdown(options=[(t("signal_w_scaling_" + name), name) for name in signal.SCALINGS],
                                    value=scaling, description=t("signal_w_scaling"), style=style),
    }

    def compute(values):
        return signal.run(blocks=values["blocks"], norm="bn" if values["bn"] else "none", scaling=values["scaling"],
                          model=model, seed=seed, progress=False)

    # remember=True: a setting seen before is answered from memory
    return Panel(t("signal_w_title"), controls, compute=compute, draw=plot_signal, remember=True)
