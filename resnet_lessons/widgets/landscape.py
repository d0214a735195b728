"""Pick a depth and a grid, press Run, and compare the loss landscapes of a plain net and its ResNet twin.

    >>> from resnet_lessons.widgets.landscape import landscape_explorer
    >>> panel = landscape_explorer()              # shows the stored result for the setting, if there is one
    >>> panel.controls["depth"].value = 56
    >>> panel.button.click()                      # trains both nets (cached), then slices them

Running is expensive (training two nets, then one forward pass per grid point), hence the Run
button. Results and trained nets are cached (``landscape.run_cached``), so a setting seen before,
here or with ``python -m resnet_lessons landscape``, is shown at once.
"""
import ipywidgets as widgets

from resnet_lessons.experiments import landscape
from resnet_lessons.i18n import t
from resnet_lessons.validate import check_choice

DEPTHS = (8, 20, 56)
RESOLUTIONS = (5, 11, 21)
KIND_CHOICES = ("both", "plain", "residual")


def _kinds(choice):
    return landscape.KINDS if choice == "both" else (choice,)


def _empty_figure():
    """What the panel shows before anything has been computed for its setting."""
    from resnet_lessons.plots.style import new_figure

    fig, ax = new_figure(1, 1, figsize=(8, 2.5))
    ax.text(0.5, 0.5, t("landscape_w_empty", sep="\n"), ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def landscape_explorer(depth=20, resolution=11, kinds="both", result=None, use_cache=True, **config):
    """A Panel with depth (8, 20, 56), 2-D grid size and which nets; Run trains and slices them.

    ``result``: a LandscapeResult to show first (e.g. one loaded from a precomputed file); otherwise
    the cached result for the initial setting is shown when there is one, else a short note.
    ``config``: other fields of ``landscape.Config`` kept fixed (``epochs``, ``span``, ``seed`` ...).
    """
    from resnet_lessons.plots.landscape import plot_landscape  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    # Validate the arguments the way the experiment does, before building any control.
    check_choice("kinds", kinds, KIND_CHOICES)
    config.setdefault("progress", True)
    landscape.Config(depth=depth, resolution=resolution, kinds=_kinds(kinds), **config)
    check_choice("depth", depth, DEPTHS)
    check_choice("resolution", resolution, RESOLUTIONS)
    style = {"description_width": "initial"}
    controls = {
        "depth": widgets.Dropdown(options=list(DEPTHS), value=depth, description=t("gradients_w_depth"),
                                  style=style),
        "resolution": widgets.Dropdown(options=[(f"{n} x {n}", n) for n in RESOLUTIONS], value=resolution,
                                       description=t("landscape_w_resolution"), style=style),
        "kinds": widgets.Dropdown(options=[(t("landscape_w_both"), "both"), (t("plain"), "plain"),
                                           (t("residual"), "residual")],
                                  value=kinds, description=t("shattered_progress"), style=style),
    }

    def settings(values):
        return landscape.Config(depth=values["depth"], resolution=values["resolution"],
                                kinds=_kinds(values["kinds"]), **config)

    def initial(values):  # the first figure: never train for it
        return result if result is not None else landscape.lookup_cached(settings(values))

    def compute(values):
        with panel.output:  # the progress bars show inside the panel
            return landscape.run_cached(settings(values), use_cache=use_cache)

    def draw(value):
        return _empty_figure() if value is None else plot_landscape(value)

    panel = Panel(t("landscape_w_title"), controls, compute=compute, draw=draw, auto=False, initial=initial)
    return panel
