"""Plots of the residual_fit experiment: the fits, what F learned, and the loss after each step."""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)

from matplotlib.ticker import MaxNLocator, NullLocator

from resnet_lessons.experiments.base import fmt3
from resnet_lessons.i18n import t
from resnet_lessons.plots.common import check_result
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, log_scale, new_figure
TARGET_COLOR = "0.15"


def _check(result):
    from resnet_lessons.experiments.residual_fit import ResidualFitResult

    check_result(result, ResidualFitResult)


def _axes(ax, figsize=(6.0, 4.2)):
    if ax is None:
        return new_figure(1, 1, figsize=figsize)
    return ax.figure, ax


def _rms(values):
    return (sum(v * v for v in values) / len(values)) ** 0.5 if values else None


def _loss_items(result, lang):
    """Each net: the step where its loss first falls below the target (or never) and its final loss."""
    items = []
    for item in result.runs:
        key = "alt_residual_fit_never" if item.steps_to_target is None else "alt_residual_fit_reached"
        items.append(t(key, lang=lang, net=t(item.kind, lang=lang), step=item.steps_to_target,
                       loss=fmt3(item.losses[-1] if item.losses else None)))
    return listed(items, lang, strong=True)


def _plot_target(ax, x, y, label):
    """The curve to match: wide and faint, under the nets' curves."""
    ax.plot(x, y, color=TARGET_COLOR, linewidth=3.0, alpha=0.35, label=label)


def _plot_run(ax, x, y, item, label, linewidth=1.5):
    """One net's curve, in its colour, line style and marker (solid and circles plain, dashed and squares residual)."""
    ax.plot(x, y, color=COLORS[item.kind], linewidth=linewidth, linestyle=LINESTYLES[item.kind],
            marker=MARKERS[item.kind], markersize=4, markevery=max(1, len(y) // 10), label=label)


def plot_fits(result, ax=None, lang=None):
    """The target H(x), the identity, and each net's output after training."""
    _check(result)
    panel = ax is not None
    fig, ax = _axes(ax)
    _plot_target(ax, result.x, result.target, t("residual_fit_plot_target", lang=lang))
    ax.plot(result.x, result.x, color="0.5", linestyle=":", linewidth=1.5, label=t("residual_fit_plot_identity", lang=lang))
    for item in result.runs:
        _plot_run(ax, result.x, item.prediction, item, t(f"residual_fit_plot_{item.kind}", lang=lang))
    ax.set_xlabel("x")
    ax.set_ylabel(t("output", lang=lang))
    ax.set_title(t("residual_fit_plot_fit_title", lang=lang))
    ax.legend(loc="upper left", fontsize=9)

    def alt(one):
        items = [f"{t(item.kind, lang=one)} {fmt3(item.losses[-1] if item.losses else None)}" for item in result.runs]
        return t("alt_residual_fit_fits", lang=one, steps=result.config["steps"], items=listed(items, one))

    return describe(fig, alt("en"), alt("zh"), panel)


def plot_branches(result, ax=None, lang=None):
    """What the layers F output after training: the whole H for the plain net, the wiggle H - x for the residual net."""
    _check(result)
    panel = ax is not None
    fig, ax = _axes(ax)
    _plot_target(ax, result.x, result.residual_target, t("residual_fit_plot_residual_target", lang=lang))
    for item in result.runs:
        _plot_run(ax, result.x, item.branch, item, t(f"residual_fit_plot_branch_{item.kind}", lang=lang))
    ax.axhline(0.0, color="0.6", linewidth=0.8)
    ax.set_xlabel("x")
    ax.set_ylabel(t("residual_fit_plot_branch_axis", lang=lang))
    ax.set_title(t("residual_fit_plot_branch_title", lang=lang))
    ax.legend(loc="upper left", fontsize=9)

    def alt(one):
        items = [f"{t(item.kind, lang=one)} {fmt3(item.branch_rms)}" for item in result.runs]
        return t("alt_residual_fit_branches", lang=one, rms=fmt3(_rms(result.residual_target)),
                 items=listed(items, one))

    return describe(fig, alt("en"), alt("zh"), panel)


def plot_losses(result, ax=None, lang=None):
    """Mean squared error after each step (log scale), one line per net, with the target loss."""
    _check(result)
    panel = ax is not None
    fig, ax = _axes(ax)
    target = result.config["target_loss"]
    for item in result.runs:
        _plot_run(ax, range(len(item.losses)), item.losses, item, t(item.kind, lang=lang), linewidth=1.8)
        if item.steps_to_target is not None:
            ax.plot([item.steps_to_target], [item.losses[item.steps_to_target]], marker="o", color=COLORS[item.kind])
    ax.axhline(target, color="0.4", linestyle=":", linewidth=1.2,
               label=t("residual_fit_plot_target_loss", lang=lang, target=f"{target:g}"))
    log_scale(ax, "y")
    ax.yaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # steps are counted
    ax.set_xlabel(t("residual_fit_plot_step_axis", lang=lang))
    ax.set_ylabel(t("residual_fit_plot_loss_axis", lang=lang))
    ax.set_title(t("residual_fit_plot_loss_title", lang=lang))
    ax.legend(loc="upper right", fontsize=9)
    return describe(fig, *(t("alt_residual_fit_losses", lang=one, target=f"{target:g}", items=_loss_items(result, one))
                           for one in ("en", "zh")), panel)


def plot_residual_fit(result, lang=None):
    """All three side by side: the fits, what F learned, the losses."""
    _check(result)
    fig, axes = new_figure(1, 3, figsize=(16.0, 4.6))
    plot_fits(result, axes[0], lang)
    plot_branches(result, axes[1], lang)
    plot_losses(result, axes[2], lang)
    rms = {item.kind: fmt3(item.branch_rms) for item in result.runs}
    return describe(fig, *(t("alt_residual_fit_all", lang=one, target=f"{result.config['target_loss']:g}",
                             items=_loss_items(result, one), rms=fmt3(_rms(result.residual_target)),
                             branches=listed([f"{t(k, lang=one)} {v}" for k, v in rms.items()], one))
                           for one in ("en", "zh")))
