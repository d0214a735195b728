"""Learning-rate schedules: the learning rate of every optimizer step, as lines.

The input is plain data: a list of curves ``{"label": str, "lr": [float, ...]}`` (one value
per step, e.g. from ``resnet_lessons.train.schedule_curve``), optionally ``"reference": True``
for a curve drawn thin, grey and dashed behind the others (the paper's schedule), and optionally a
matplotlib ``"linestyle"`` (e.g. ``":"`` for a curve that runs on top of another one).
"""
import math

from matplotlib.ticker import FuncFormatter

import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.style import OTHER_COLORS, describe, listed, log_scale, new_figure

REFERENCE_COLOR = "#888888"
LINESTYLES = ("-", "--", ":", "-.")


def _check_curves(curves):
    ok = isinstance(curves, (list, tuple)) and len(curves) > 0 and all(
        isinstance(c, dict) and isinstance(c.get("label"), str) and isinstance(c.get("lr"), (list, tuple))
        and len(c["lr"]) > 0 for c in curves)
    if not ok:
        raise TypeError(error("schedules_err_curves", got=type(curves).__name__))
    for c in curves:
        if c.get("linestyle", "-") not in LINESTYLES:
            raise ValueError(error("schedules_err_linestyle", label=c["label"], allowed=", ".join(LINESTYLES)))
        if not all(isinstance(v, (int, float)) and math.isfinite(v) and v >= 0 for v in c["lr"]):
            raise ValueError(error("schedules_err_values", label=c["label"]))
    return curves


def plot_schedules(curves, steps_per_epoch=None, log=False, title=None):
    """One line per schedule: learning rate (y) against optimizer step (x).

    steps_per_epoch: also label the top axis in epochs. log: a logarithmic y axis (the step
    schedule's drops by 10x are then equal steps). title: the figure title (default: a generic one).
    """
    _check_curves(curves)
    if steps_per_epoch is not None and (isinstance(steps_per_epoch, bool) or
                                        not isinstance(steps_per_epoch, (int, float)) or steps_per_epoch <= 0):
        raise ValueError(error("schedules_err_steps_per_epoch", got=repr(steps_per_epoch)))
    if not isinstance(log, bool):
        raise TypeError(error("schedules_err_log", got=repr(log)))
    fig, ax = new_figure(figsize=(8.5, 5.2))
    colors = iter(OTHER_COLORS * 2)  # schedules are not nets: not the plain / residual colours
    for curve in curves:
        steps = range(len(curve["lr"]))
        if curve.get("reference"):
            ax.plot(steps, curve["lr"], color=REFERENCE_COLOR, linestyle="--", linewidth=1.3,
                    label=curve["label"], zorder=3)  # on top, dashed: both stay visible
        else:
            ax.plot(steps, curve["lr"], color=next(colors), label=curve["label"], zorder=2,
                    linestyle=curve.get("linestyle", "-"))
    highest = max(max(c["lr"]) for c in curves)
    if log:
        log_scale(ax, "y")
        low = highest * 1e-4
        ax.set_ylim(bottom=low, top=highest * 2)  # a cosine ends near 0: show 4 decades, not 10
        if any(v < low for c in curves for v in c["lr"]):  # never cut data off without saying so
            ax.plot([], [], " ", label=t("schedules_clipped", low=fmt3(low)))  # a legend line of its own
    else:
        ax.set_ylim(bottom=0, top=highest * 1.08)
    if max(len(c["lr"]) for c in curves) >= 10_000:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x / 1000:g}k".replace("-", "\u2212") if x else "0"))
    ax.set_xlabel(t("schedules_step_axis"))
    ax.set_ylabel(t("schedules_lr_axis"))
    if steps_per_epoch is not None:
        top = ax.secondary_xaxis("top", functions=(lambda s: s / steps_per_epoch, lambda e: e * steps_per_epoch))
        top.set_xlabel(t("epoch"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=10, ncol=1)  # below: never over a curve
    ax.set_title(title if title is not None else t("schedules_title"), fontsize=12)

    def alt(lang):
        items = []
        for curve in curves:
            lr = curve["lr"]
            peak = max(lr)
            fields = {"label": curve["label"], "first": fmt3(lr[0]), "peak": fmt3(peak), "at": lr.index(peak),
                      "last": fmt3(lr[-1]), "end": len(lr) - 1}
            items.append(t("alt_schedules_item", lang=lang, **fields) if lr[0] < peak else
                         t("alt_schedules_item_flat", lang=lang, **fields))
        return t("alt_schedules", lang=lang, items=listed(items, lang, strong=True))

    return describe(fig, alt("en"), alt("zh"))
