"""Pick a transfer strategy and a number of labels per class, press Run, and see its bars join the chart.

    >>> from resnet_lessons.widgets.transfer import transfer_explorer
    >>> panel = transfer_explorer(result)           # starts from a result of experiments.transfer.run
    >>> panel.controls["strategy"].value = "layerwise"
    >>> panel.controls["labels"].value = 50
    >>> panel.button.click()                        # trains that one setting; the pretraining is reused

A click trains only the chosen strategy on the chosen number of labels (a few seconds on a CPU):
the pretrained backbone is kept in memory by the experiment. A setting run again replaces its bars.
"""
import dataclasses

import ipywidgets as widgets

from resnet_lessons.experiments import transfer
from resnet_lessons.i18n import error, t
from resnet_lessons.validate import check_choice

LABEL_CHOICES = (5, 10, 20, 50)


def _base_config(result, config):
    """The experiment's settings: those of ``result`` (if given), with ``config`` on top."""
    fields = {f.name for f in dataclasses.fields(transfer.Config)}
    settings = {}
    if result is not None:
        settings = {k: tuple(v) if isinstance(v, list) else v for k, v in result.config.items() if k in fields}
    settings.update(config)
    settings["progress"] = False
    return transfer.Config(**settings)


def merge(result, new):
    """``result``'s runs with those of ``new`` added; a (strategy, labels) setting in both comes from ``new``."""
    if result is None:
        return new
    done = {(r.strategy, r.labels_per_class) for r in new.runs}
    kept = [r for r in result.runs if (r.strategy, r.labels_per_class) not in done]
    return dataclasses.replace(new, runs=kept + list(new.runs))


def transfer_explorer(result=None, strategy="finetune", labels_per_class=20, **config):
    """A Panel with a strategy dropdown, a labels-per-class dropdown and a Run button.

    ``result``: a TransferResult to show first (its settings are reused for new runs); without one the
    chart starts empty. ``config``: fields of ``transfer.Config`` to change (``epochs``, ``draws``, ...).
    """
    from resnet_lessons.plots.transfer import plot_transfer  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    if result is not None and not isinstance(result, transfer.TransferResult):
        raise TypeError(error("transfer_err_result", got=type(result).__name__))
    check_choice("strategy", strategy, transfer.STRATEGIES)
    check_choice("labels_per_class", labels_per_class, LABEL_CHOICES)
    base = _base_config(result, config)
    style = {"description_width": "initial"}
    controls = {
        "strategy": widgets.Dropdown(options=[(t("transfer_strategy_" + s), s) for s in transfer.STRATEGIES],
                                     value=strategy, description=t("transfer_w_strategy"), style=style),
        "labels": widgets.Dropdown(options=list(LABEL_CHOICES), value=labels_per_class,
                                   description=t("transfer_w_labels"), style=style),
    }

    def compute(values):
        settings = dataclasses.replace(base, strategies=(values["strategy"],), labels_per_class=(values["labels"],))
        return merge(panel.result, transfer.run(settings))  # the bars shown so far, and the new ones

    # the first chart: ``result`` (None: an empty chart), never trained for
    panel = Panel(t("transfer_w_title"), controls, compute=compute, draw=plot_transfer, auto=False,
                  initial=lambda values: result)
    return panel
