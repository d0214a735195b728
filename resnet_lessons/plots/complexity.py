"""Plots of the complexity experiment: size bars, accuracy vs size, speed bars."""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font and the house style)

import numpy as np

from resnet_lessons.experiments.base import fmt3
from resnet_lessons.experiments.complexity import WEIGHT_VERSIONS, ComplexityResult
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.layout import label_points
from resnet_lessons.plots.common import check_result
from resnet_lessons.plots.style import PLAIN_COLOR, RESIDUAL_COLOR, describe, listed, log_scale, new_figure

METRICS = ("params", "gmacs", "latency")
OTHER_COLOR = "0.55"
LOG_RATIO = 30  # a log axis when the largest value is this many times the smallest


def _color(name):
    """Residual nets blue, plain CIFAR nets vermillion, anything else grey."""
    if name.startswith("cifar_plain"):
        return PLAIN_COLOR
    if name.startswith(("resnet", "resnext", "wide_resnet", "cifar_resnet")):
        return RESIDUAL_COLOR
    return OTHER_COLOR


def _rows(result, models):
    if models is None:
        return list(result.rows)
    return [result.row(name) for name in models]


def _bars(ax, names, values, label, log=None):
    y = np.arange(len(names))
    bars = ax.barh(y, values, color=[_color(n) for n in names])
    for bar, name in zip(bars, names):  # plain nets hatched as well as vermillion: apart in greyscale too
        if _color(name) == PLAIN_COLOR:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    ax.set_yticks(y, names)
    if not ax.yaxis_inverted():  # the first model on top (axes sharing y are inverted once)
        ax.invert_yaxis()
    positive = [v for v in values if v > 0]
    if log is None:
        log = bool(positive) and max(positive) / min(positive) > LOG_RATIO
    if log:
        log_scale(ax, "x")
    ax.set_xlabel(label)
    for i, value in enumerate(values):
        ax.annotate(f"{value:.3g}", (value, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    ax.grid(axis="y", visible=False)


def _no_timing(ax, lang):
    ax.text(0.5, 0.5, t("complexity_no_timing", lang=lang, sep="\n"), ha="center", va="center",
            transform=ax.transAxes, wrap=True)
    ax.set_axis_off()


# --- alt text: made from the result drawn ------------------------------------------------------------------

LISTED = 4  # an alt text names every model up to this many, else the smallest and the largest

UNITS = {"params": ("params", 1e-6, "M"), "gmacs": ("gmacs", 1.0, "G"), "latency": ("latency_ms", 1.0, "ms")}


def _value(row, metric):
    name, scale, unit = UNITS[metric]
    return f"{fmt3(getattr(row, name) * scale)} {unit}"


def _some(rows, key, lang):
    """Every row (``key(row)`` text) for a few rows, else the smallest and the largest by the first metric."""
    if len(rows) <= LISTED:
        return listed([f"{row.name} {key(row)}" for row in rows], lang)
    return t("alt_complexity_range", lang=lang, low=f"{rows[0].name} {key(rows[0])}",
             high=f"{rows[-1].name} {key(rows[-1])}")


def _describe_metric(fig, rows, metric):
    if metric == "latency":
        rows = [row for row in rows if row.latency_ms is not None]
        if not rows:
            return describe(fig, t("alt_complexity_not_timed", lang="en"), t("alt_complexity_not_timed", lang="zh"))
    field = UNITS[metric][0]
    rows = sorted(rows, key=lambda row: getattr(row, field))
    return describe(fig, *(t("alt_complexity_metric", lang=one, metric=t("alt_complexity_" + metric, lang=one),
                             n=len(rows), items=_some(rows, lambda row: _value(row, metric), one))
                           for one in ("en", "zh")))


def draw_metric(ax, result, metric="params", models=None, lang=None):
    """One bar per model of ``metric``: "params" (millions), "gmacs" (with the paper's Table 1) or "latency" (ms)."""
    if metric not in METRICS:
        raise ValueError(error("complexity_err_axis", allowed=", ".join(METRICS), got=repr(metric)))
    rows = _rows(result, models)
    names = [row.name for row in rows]
    if metric == "params":
        _bars(ax, names, [row.params / 1e6 for row in rows], t("complexity_params_axis", lang=lang))
    elif metric == "gmacs":
        _bars(ax, names, [row.gmacs for row in rows], t("complexity_gmacs_axis", lang=lang))
        paper = [(i, row.paper_macs / 1e9) for i, row in enumerate(rows) if row.paper_macs is not None]
        if paper:
            ax.plot([p[1] for p in paper], [p[0] for p in paper], linestyle="none", marker="D", color="k",
                    markersize=6, label=t("complexity_paper", lang=lang))
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1), frameon=False, borderaxespad=0.2)  # above the bars
    else:
        timed = [row for row in rows if row.latency_ms is not None]
        if not timed:
            _no_timing(ax, lang)
            return
        _bars(ax, [row.name for row in timed], [row.latency_ms for row in timed],
              t("complexity_latency_axis", lang=lang))
        ax.set_title(_timing_text(result, lang), fontsize=10)


def _timing_text(result, lang):
    return t("complexity_timing_title", lang=lang, device=result.device, threads=result.threads,
             n=result.config.get("repeats"))


def plot_metric(result, metric="params", models=None, lang=None):
    """One bar chart of ``metric`` ("params", "gmacs" or "latency") for ``models`` (default: all rows)."""
    check_result(result, ComplexityResult)
    rows = _rows(result, models)
    fig, ax = new_figure(1, 1, figsize=(7.5, 1.2 + 0.45 * len(rows)))
    draw_metric(ax, result, metric, models, lang)
    return _describe_metric(fig, rows, metric)


def plot_size(result, models=None, lang=None):
    """Parameters and multiply-adds side by side (the paper's Table 1 values as black diamonds)."""
    check_result(result, ComplexityResult)
    rows = _rows(result, models)
    fig, axes = new_figure(1, 2, figsize=(12, 1.4 + 0.45 * len(rows)), sharey=True)
    draw_metric(axes[0], result, "params", models, lang)
    draw_metric(axes[1], result, "gmacs", models, lang)
    rows = sorted(rows, key=lambda row: row.params)
    cited = [row for row in rows if row.paper_macs is not None]
    return describe(fig, *(t("alt_complexity_size", lang=one, n=len(rows),
                             cited=t("alt_complexity_cited", lang=one, n=len(cited)) if cited else "",
                             items=_some(rows, lambda row: f"({_value(row, 'params')}, {_value(row, 'gmacs')})", one))
                           for one in ("en", "zh")))


def plot_speed(result, models=None, lang=None):
    """Latency (batch 1) and throughput (batch ``config.batch_size``) per model, if the result was timed."""
    check_result(result, ComplexityResult)
    rows = [row for row in _rows(result, models) if row.latency_ms is not None]
    fig, axes = new_figure(1, 2, figsize=(12, 1.6 + 0.45 * max(len(rows), 2)))
    if not rows:
        for ax in axes:
            _no_timing(ax, lang)
        return describe(fig, t("alt_complexity_not_timed", lang="en"), t("alt_complexity_not_timed", lang="zh"))
    names = [row.name for row in rows]
    _bars(axes[0], names, [row.latency_ms for row in rows], t("complexity_latency_axis", lang=lang))
    _bars(axes[1], names, [row.throughput for row in rows], t("complexity_throughput_axis", lang=lang)
          + f" (batch {result.config.get('batch_size')})")
    fig.suptitle(_timing_text(result, lang))
    rows = sorted(rows, key=lambda row: row.latency_ms)
    speed = lambda row: f"({_value(row, 'latency')}, {fmt3(row.throughput)}/s)"  # noqa: E731
    return describe(fig, *(t("alt_complexity_speed", lang=one, batch=result.config.get("batch_size"),
                             device=result.device, threads=result.threads, items=_some(rows, speed, one))
                           for one in ("en", "zh")))


def plot_accuracy(result, weights="IMAGENET1K_V1", lang=None, annotate=True):
    """ImageNet top-1 accuracy against parameters and against multiply-adds, from torchvision's metadata.

    ResNets in blue, the other torchvision models in grey. Accuracies are torchvision's single
    224 centre crop numbers, not the paper's 10-crop ones.
    """
    check_result(result, ComplexityResult)
    if weights not in WEIGHT_VERSIONS:
        raise ValueError(error("complexity_err_weights", allowed=", ".join(WEIGHT_VERSIONS), got=repr(weights)))
    key = "acc1_" + weights[-2:].lower()
    refs = [ref for ref in result.references if getattr(ref, key) is not None]
    fig, axes = new_figure(1, 2, figsize=(12, 5), sharey=True)
    for ax, (xkey, scale, label) in zip(axes, (("num_params", 1e6, "complexity_params_axis"),
                                               ("gmacs", 1.0, "complexity_gmacs_axis"))):
        for group, label_key in ((True, "complexity_resnets"), (False, "complexity_others")):
            members = [ref for ref in refs if (_color(ref.name) == RESIDUAL_COLOR) == group]
            if not members:
                continue
            ax.scatter([getattr(ref, xkey) / scale for ref in members], [getattr(ref, key) for ref in members],
                       color=RESIDUAL_COLOR if group else OTHER_COLOR, s=45, zorder=3,
                       label=t(label_key, lang=lang))
        log_scale(ax, "x")
        ax.set_xlabel(t(label, lang=lang))
        if annotate:  # every point named, next to its own point (placed when the figure is drawn)
            label_points(ax, [(getattr(ref, xkey) / scale, getattr(ref, key)) for ref in refs],
                         [ref.name for ref in refs])
    axes[0].set_ylabel(t("complexity_acc_axis", lang=lang, sep="\n"))
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    fig.suptitle(t("complexity_acc_title", lang=lang, weights=weights, sep="\n"))
    return describe(fig, *(_accuracy_alt(refs, key, weights, one) for one in ("en", "zh")))


def _accuracy_alt(refs, key, weights, lang):
    """The best ResNet and the best model overall, with their accuracy and size (also used by the recap figure)."""
    if not refs:
        return t("alt_complexity_accuracy_empty", lang=lang, weights=weights)
    best = max(refs, key=lambda ref: getattr(ref, key))
    resnets = [ref for ref in refs if _color(ref.name) == RESIDUAL_COLOR]
    text = t("alt_complexity_accuracy", lang=lang, weights=weights, n=len(refs), best=_ref_text(best, key))
    if resnets:
        best = max(resnets, key=lambda ref: getattr(ref, key))
        text += t("alt_complexity_best_resnet", lang=lang, best=_ref_text(best, key))
    return text


def _ref_text(ref, key):
    return f"{ref.name} {getattr(ref, key):.1f} % ({fmt3(ref.num_params / 1e6)} M, {fmt3(ref.gmacs)} G)"
