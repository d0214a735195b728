"""Choose models and a measure (parameters, multiply-adds, latency) and compare them in one bar chart.

    >>> from resnet_lessons.widgets.complexity import complexity_explorer
    >>> panel = complexity_explorer()
    >>> panel.controls["axis"].value = "gmacs"

Counting is instant (models are built on the "meta" device and counted once). Timing is off by
default: it runs every chosen model on this CPU, which takes seconds per big model; timed results
are cached for the same choice of models.
"""
import ipywidgets as widgets

from resnet_lessons.experiments import complexity
from resnet_lessons.i18n import error, t

CHOICES = complexity.DEFAULT_MODELS + ("resnet50_v1", "cifar_resnet20", "cifar_resnet56", "cifar_plain56")
AXES = ("params", "gmacs", "latency")


def complexity_explorer(models=complexity.DEFAULT_MODELS, axis="params", timing=False, use_cache=True, **config):
    """A Panel: a multiple choice of models, the measure to show, and whether to time them.

    ``config``: other fields of ``complexity.Config`` kept fixed (``repeats``, ``batch_size``, ``threads`` ...).
    """
    from resnet_lessons.plots.complexity import plot_metric  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    # Validate the arguments the way the experiment does, before building any control.
    if isinstance(models, str):
        models = (models,)
    models = tuple(models) if isinstance(models, list) else models
    complexity.Config(models=models, timing=timing, **config)
    for name in models:
        if name not in CHOICES:
            raise ValueError(error("complexity_err_model", arg="models", got=repr(name), allowed=", ".join(CHOICES)))
    if axis not in AXES:
        raise ValueError(error("complexity_err_axis", allowed=", ".join(AXES), got=repr(axis)))
    config.setdefault("progress", False)
    config.setdefault("references", ())
    style = {"description_width": "initial"}
    controls = {
        "models": widgets.SelectMultiple(options=list(CHOICES), value=models, rows=min(len(CHOICES), 8),
                                         description=t("complexity_w_models"), style=style),
        "axis": widgets.Dropdown(options=[(t("complexity_w_" + name), name) for name in AXES], value=axis,
                                 description=t("complexity_w_axis"), style=style),
        "timing": widgets.Checkbox(value=timing, description=t("complexity_w_timing"), indent=False),
    }

    def compute(values):
        chosen = tuple(name for name in CHOICES if name in values["models"])  # a stable order
        if not chosen:
            raise ValueError(error("complexity_err_names", arg="models", got="()"))
        if values["axis"] == "latency" and not values["timing"]:  # nothing was timed: say which box to tick
            raise ValueError(error("complexity_w_need_timing", box=t("complexity_w_timing")))
        settings = complexity.Config(models=chosen, timing=values["timing"], **config)
        if settings.timing:
            return complexity.run_cached(settings, use_cache=use_cache)
        return complexity.run(settings)

    def draw(result):
        return plot_metric(result, controls["axis"].value)

    panel = Panel(t("complexity_w_title"), controls, compute=compute, draw=draw)
    return panel
