"""Plot of the signal experiment: activation size after each block at initialisation, plain vs residual."""
from matplotlib.ticker import MaxNLocator, NullLocator

import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.common import check_result, per_language
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, log_scale, new_figure

STATISTICS = ("mean_square", "variance")


def plot_signal(result, statistic="mean_square", ax=None, lang=None):
    """E[x²] (or the per-feature variance) after each block, log scale, one line per net.

    ``result`` is a ``SignalResult``; ``statistic`` "mean_square" or "variance"; ``ax`` an Axes to
    draw into (else a new figure); ``lang`` "en", "zh" or "both". Returns the Figure.
    """
    from resnet_lessons.experiments.signal import SignalResult

    check_result(result, SignalResult)
    if statistic not in STATISTICS:
        raise ValueError(error("signal_err_statistic", allowed=", ".join(STATISTICS), got=repr(statistic)))
    panel = ax is not None
    if ax is None:
        fig, ax = new_figure()
    else:
        fig = ax.figure
    for run in result.runs:
        values = getattr(run, statistic)
        shown = [(i, v) for i, v in zip(result.blocks, values) if v > 0]  # a log axis cannot show 0
        if not shown:
            continue
        xs, ys = zip(*shown)
        ax.plot(xs, ys, color=COLORS[run.kind], linewidth=2, linestyle=LINESTYLES[run.kind], marker=MARKERS[run.kind],
                markersize=4, markevery=max(1, len(xs) // 15), label=_label(run, lang))
    log_scale(ax, "y")
    if ax.get_ylim()[1] / ax.get_ylim()[0] > 1e3:
        ax.yaxis.set_minor_locator(NullLocator())  # decades are enough over a wide range
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # blocks are counted: no block 2.5
    ax.set_xlabel(t("signal_plot_xlabel", lang=lang))
    ax.set_ylabel(t("signal_plot_ylabel_" + statistic, lang=lang, sep="\n"))
    config = result.config
    ax.set_title(per_language(lang, lambda one: t(
        "signal_plot_title", lang=one, model=t(_model_key(result), lang=one),
        norm=t("gradients_plot_bn" if config["norm"] == "bn" else "shattered_no_bn", lang=one))), fontsize=11)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best")

    def alt(one):
        items = [t("alt_signal_item", lang=one, net=_label(run, one), first=fmt3(getattr(run, statistic)[0]),
                   last=fmt3(getattr(run, statistic)[-1])) for run in result.runs]
        return t("alt_signal", lang=one, statistic=t("alt_signal_" + statistic, lang=one), n=result.blocks[-1],
                 items=listed(items, one, strong=True))

    return describe(fig, alt("en"), alt("zh"), panel)


def _model_key(result):
    """The net named in the title: plain only, residual only (a ResNet), or both."""
    kinds = {run.kind for run in result.runs}
    model = result.config["model"]
    if kinds == {"plain"}:
        return f"signal_model_{model}_plain"
    if kinds == {"plain", "residual"} and model == "cifar":
        return "signal_model_cifar_both"
    return f"signal_model_{model}"


def _label(run, lang):
    """The legend's name of a run: its kind, and the scaling of a residual branch when there is one."""
    label = t(run.kind, lang=lang)
    if run.residual and run.scaling != "none":
        label += f" ({t('signal_scaling_' + run.scaling, lang=lang)})"
    return label
