"""Plots of the degradation experiment: the paper's Fig. 6 (training error vs iteration, plain | residual),
final error vs depth, and the loss of every mini-batch."""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font and the house style)


from matplotlib.ticker import NullLocator

from resnet_lessons.experiments.base import check_names
from resnet_lessons.experiments.degradation import KINDS, DegradationResult, SeedSweep, net_label
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.common import check_result, depth_colors, draw_sweep_curves, seeds_command
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, new_figure

# plain and residual differ in colour, marker and line style; the test error (hollow markers, thinner) is
# dotted for plain nets and dash-dotted for residual nets, the training error solid / dashed.
TEST_LINESTYLES = {"plain": ":", "residual": "-."}


def _kinds(result):
    """The kinds the result was asked for, in the order plain, residual."""
    wanted = result.config.get("kinds", KINDS)
    return [kind for kind in KINDS if kind in wanted]


def _runs(result, kind):
    return sorted((r for r in result.runs if r.kind == kind), key=lambda r: r.depth)


def _note(ax, text):
    """A note in the middle of an empty panel (English above Chinese)."""
    ax.text(0.5, 0.5, text.replace(" / ", "\n"), transform=ax.transAxes, ha="center", va="center", fontsize=11,
            color="0.4")


# --- alt text: made from the result drawn ------------------------------------------------------------------

def _ends(items):
    """The shallowest and the deepest of each kind (plain first): what the figures compare."""
    picked = []
    for residual in (False, True):
        group = sorted((i for i in items if i.residual == residual), key=lambda i: i.depth)
        picked += group[:1] + group[1:][-1:]
    return picked


def _kinds_text(kinds, lang):
    return t("alt_and", lang=lang).join(t(k, lang=lang) for k in kinds)


def _final_errors(result, lang, finished_only=False):
    """``plain-20 24.0 %, plain-56 68.2 %, ...``: the final training error of the shallowest and deepest nets."""
    runs = [r for r in result.runs if not (finished_only and r.stopped)]
    return listed([f"{net_label(r.residual, r.depth, lang)} {100 * r.train_error:.1f} %" for r in _ends(runs)], lang)


def _describe_result(fig, result, text, panel=False):
    """``text(lang)`` as the alt text, or the empty-figure one when no run has finished."""
    if not result.runs:
        return describe(fig, t("alt_degradation_empty", lang="en"), t("alt_degradation_empty", lang="zh"), panel)
    return describe(fig, text("en"), text("zh"), panel)


def _sweep_finals(sweep, lang, metric, kinds=KINDS, band=True):
    """``plain-20 24.0 % (seeds 22.1–25.3 %), ...``: the mean over seeds and (``band``) the seeds' range, of the
    shallowest and the deepest net of each kind."""
    items = []
    for kind in kinds:
        residual = kind == "residual"
        depths = sweep.depths(residual)
        for depth in sorted(set(depths[:1] + depths[-1:])):
            b = sweep.final(depth, residual, metric)
            net = net_label(residual, depth, lang)
            items.append(t("alt_degradation_band_item", lang=lang, net=net, mean=100 * b.mean, low=100 * b.low,
                           high=100 * b.high) if band else f"{net} {100 * b.mean:.1f} %")
    return listed(items, lang)


def draw_curves(ax, result, kind, lang=None, show_test=True, colors=None):
    """The paper's Fig. 6 panel for one kind: error (%) vs iteration, one colour per depth.

    Training error solid, test error dashed (the paper draws them the other way round;
    the lesson is about the training error, so it gets the solid line).
    """
    colors = colors or depth_colors(result.depths())
    runs = _runs(result, kind)
    for item in runs:
        curves = item.curves
        x = curves["iteration"]
        ax.plot(x, [100 * e for e in curves["train_error"]], color=colors[item.depth], marker=MARKERS[kind],
                markersize=4, label=net_label(item.residual, item.depth, lang))
        if show_test:
            ax.plot(x, [100 * e for e in curves["test_error"]], color=colors[item.depth], linestyle="--",
                    linewidth=1.2, alpha=0.8)
    ax.set_title(t(f"degradation_plot_title_{kind}", lang=lang), color=COLORS[kind])
    ax.set_xlabel(t("degradation_plot_iteration_axis", lang=lang))
    ax.set_ylabel(t("degradation_plot_error_axis", lang=lang))
    ax.set_ylim(0, 100)
    ax.set_xlim(left=0)
    if not runs:
        ax.xaxis.set_major_locator(NullLocator())  # no iterations yet: no made-up 0–1 axis
    if runs:
        if show_test:  # two grey proxies explain the line styles
            ax.plot([], [], color="0.45", label=t("train_error", lang=lang))
            ax.plot([], [], color="0.45", linestyle="--", linewidth=1.2, label=t("test_error", lang=lang))
        ax.legend(loc="upper right", fontsize=9)  # moved off the curves when the figure is drawn
    else:
        _note(ax, t("degradation_plot_empty", lang=lang))
    return ax


def draw_error_vs_depth(ax, result, lang=None, show_test=True):
    """Final training (solid) and test (dashed) error vs depth, plain and residual."""
    drawn = False
    for kind in _kinds(result):
        runs = [r for r in _runs(result, kind) if not r.stopped]
        if not runs:
            continue
        drawn = True
        depths = [r.depth for r in runs]
        ax.plot(depths, [100 * r.train_error for r in runs], color=COLORS[kind], marker=MARKERS[kind],
                linestyle=LINESTYLES[kind], label=t(f"degradation_plot_{kind}_train", lang=lang))
        if show_test:
            ax.plot(depths, [100 * r.test_error for r in runs], color=COLORS[kind], marker=MARKERS[kind],
                    linestyle=TEST_LINESTYLES[kind], linewidth=1.2, markerfacecolor="white",
                    label=t(f"degradation_plot_{kind}_test", lang=lang))
    ax.set_title(t("degradation_plot_final_title", lang=lang))
    ax.set_xlabel(t("depth", lang=lang))
    ax.set_ylabel(t("degradation_plot_final_axis", lang=lang))
    depths = result.depths() or list(result.config.get("depths", ()))
    if depths:
        ax.set_xticks(depths)
    if drawn:
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=10)
    else:  # an empty panel still has a % axis from 0 to 100, not matplotlib's 0 to 1
        ax.set_ylim(0, 100)
        if depths:
            pad = max(6, 0.1 * (max(depths) - min(depths)))
            ax.set_xlim(min(depths) - pad, max(depths) + pad)
        _note(ax, t("degradation_plot_empty", lang=lang))
    return ax


def _suptitle(fig, result, lang):
    config = result.config
    text = t("degradation_plot_suptitle", lang=lang, dataset=result.dataset, epochs=config["epochs"],
             batch=config["batch_size"], lr=config["lr"], seed=result.seed)
    if result.stopped:
        text += " " + t("degradation_summary_stopped", lang=lang)
    if result.command:  # the command once, after a (bilingual) label
        text += "\n" + t("degradation_plot_precomputed", lang=lang) + ": " + result.command
    fig.suptitle(text, fontsize=10)


def plot_training_curves(result, lang=None, show_test=True):
    """Training (solid) and test (dashed) error vs iteration, one panel per kind: the paper's Fig. 6."""
    check_result(result, DegradationResult)
    kinds = _kinds(result)
    fig, axes = new_figure(1, len(kinds), figsize=(6.0 * len(kinds), 4.6), sharey=True, squeeze=False)
    colors = depth_colors(result.depths())
    for ax, kind in zip(axes[0], kinds):
        draw_curves(ax, result, kind, lang, show_test, colors)
    _suptitle(fig, result, lang)
    return _describe_result(fig, result, lambda one: t(
        "alt_degradation_curves", lang=one, kinds=_kinds_text(kinds, one), finals=_final_errors(result, one)))


def plot_degradation(result, lang=None, show_test=True):
    """Everything in one row: curves (plain | residual) and final error vs depth. Used by the widgets."""
    check_result(result, DegradationResult)
    fig, axes = new_figure(1, 3, figsize=(15.0, 4.6))
    colors = depth_colors(result.depths())
    draw_curves(axes[0], result, "plain", lang, show_test, colors)
    draw_curves(axes[1], result, "residual", lang, show_test, colors)
    axes[1].sharey(axes[0])
    draw_error_vs_depth(axes[2], result, lang, show_test)
    _suptitle(fig, result, lang)
    return _describe_result(fig, result, lambda one: t("alt_degradation_all", lang=one,
                                                        finals=_final_errors(result, one)))


# --- over seeds ----------------------------------------------------------------------------------------


def _sweep_title(fig, sweep, lang):
    config = sweep.config
    text = t("sweep_plot_suptitle", lang=lang, sep="\n", dataset=sweep.results[0].dataset, epochs=config["epochs"],
             batch=config["batch_size"], lr=config["lr"], n=len(sweep.seeds))
    if sweep.command:
        text += "\n" + t("degradation_plot_precomputed", lang=lang) + ": " + seeds_command(sweep.command, sweep.seeds)
    fig.suptitle(text, fontsize=10)


def plot_sweep_curves(sweep, lang=None, metric="train_error", kinds=KINDS):
    """The paper's Fig. 6 over seeds: plain | residual, mean line, min–max band, each seed faint."""
    check_result(sweep, SeedSweep, arg="sweep")
    kinds = check_names("kinds", tuple(kinds), KINDS)
    fig, axes = new_figure(1, len(kinds), figsize=(7.0 * len(kinds), 5.4), sharey=True, squeeze=False)
    colors = depth_colors(sweep.depths())
    for ax, kind in zip(axes[0], kinds):
        draw_sweep_curves(ax, sweep, kind, lang, metric, colors)
    _sweep_title(fig, sweep, lang)
    return describe(fig, *(t("alt_degradation_sweep_curves", lang=one, metric=t(metric, lang=one), n=len(sweep.seeds),
                             kinds=_kinds_text(kinds, one), finals=_sweep_finals(sweep, one, metric, kinds))
                           for one in ("en", "zh")))


def draw_sweep_vs_depth(ax, sweep, lang=None, metric="train_error", kinds=KINDS):
    """Final ``metric`` vs depth: mean with the seeds' min–max as error bars, each seed a faint dot."""
    for kind in check_names("kinds", tuple(kinds), KINDS):
        residual = kind == "residual"
        depths = sweep.depths(residual)
        if not depths:
            continue
        bands = [sweep.final(d, residual, metric) for d in depths]
        means = [100 * b.mean for b in bands]
        ax.errorbar(depths, means, yerr=[[m - 100 * b.low for m, b in zip(means, bands)],
                                         [100 * b.high - m for m, b in zip(means, bands)]],
                    color=COLORS[kind], marker=MARKERS[kind], linestyle=LINESTYLES[kind], capsize=4, zorder=3,
                    label=t(f"degradation_plot_{kind}_{metric[:-6]}", lang=lang))
        for depth, b in zip(depths, bands):
            ax.scatter([depth] * b.n, [100 * v for v in b.values], color=COLORS[kind], s=12, alpha=0.35,
                       marker=MARKERS[kind], linewidths=0)
    ax.set_title(t("sweep_plot_final_title", lang=lang, n=len(sweep.seeds)))
    ax.set_xlabel(t("depth", lang=lang))
    ax.set_ylabel(t("degradation_plot_final_axis", lang=lang))
    ax.set_ylim(bottom=0)
    ax.set_xticks(sweep.depths())
    ax.legend(loc="upper left", fontsize=10)
    return ax


def plot_sweep_vs_depth(sweep, lang=None, metric="train_error", ax=None, kinds=KINDS):
    """Final error vs depth over seeds: plain rises with depth, residual does not."""
    check_result(sweep, SeedSweep, arg="sweep")
    panel = ax is not None
    if ax is None:
        fig, ax = new_figure(1, 1, figsize=(8.0, 5.4))
        _sweep_title(fig, sweep, lang)
    else:
        fig = ax.figure
    draw_sweep_vs_depth(ax, sweep, lang, metric, kinds)
    kinds = check_names("kinds", tuple(kinds), KINDS)
    return describe(fig, *(t("alt_degradation_sweep_depth", lang=one, metric=t(metric, lang=one), n=len(sweep.seeds),
                             finals=_sweep_finals(sweep, one, metric, kinds)) for one in ("en", "zh")), panel)


def _check_nets(nets, sweep):
    """``nets`` as a list of (depth, residual) pairs that the sweep holds, or a clear error."""
    held = [(depth, residual) for residual in (False, True) for depth in sweep.depths(residual)]
    try:
        pairs = [(depth, residual) for depth, residual in nets]
    except (TypeError, ValueError):
        pairs = None
    if not pairs or any(pair not in held for pair in pairs):
        raise ValueError(error("degradation_err_nets", got=repr(nets), allowed=", ".join(map(str, held))))
    return pairs


def plot_run_against_band(result, sweep, lang=None, ax=None, nets=None):
    """A live run's final training errors (big stars) against the shipped seeds' band for the same budget.

    ``nets``: the ``(depth, residual)`` nets to show (default: those of the live run); a net the live
    run did not train is drawn as its band only, for comparison.
    """
    check_result(result, DegradationResult)
    check_result(sweep, SeedSweep, arg="sweep")
    live = {(r.depth, r.residual): r for r in result.runs}
    nets = _check_nets(sorted(live, key=lambda net: (net[1], net[0])) if nets is None else nets, sweep)
    panel = ax is not None
    if ax is None:
        fig, ax = new_figure(1, 1, figsize=(9.0, 5.2))
    else:
        fig = ax.figure
    labels = []
    for i, (depth, residual) in enumerate(nets):
        b = sweep.final(depth, residual)
        kind = "residual" if residual else "plain"
        color = COLORS[kind]
        ax.plot([i - 0.3, i + 0.3], [100 * b.low] * 2, color=color, linewidth=1)
        ax.plot([i - 0.3, i + 0.3], [100 * b.high] * 2, color=color, linewidth=1)
        ax.fill_between([i - 0.3, i + 0.3], 100 * b.low, 100 * b.high, color=color, alpha=0.18, linewidth=0)
        ax.scatter([i] * b.n, [100 * v for v in b.values], color=color, s=14, alpha=0.5, marker=MARKERS[kind])
        if (depth, residual) in live:
            ax.scatter([i], [100 * live[depth, residual].train_error], color="black", marker="*", s=160, zorder=3)
        labels.append(net_label(residual, depth, lang).replace(" / ", "\n"))
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels)
    ax.set_ylim(0, 100)
    ax.set_ylabel(t("degradation_plot_final_axis", lang=lang))
    ax.scatter([], [], color="black", marker="*", s=120, label=t("sweep_plot_your_run", lang=lang))
    ax.fill_between([], [], [], color="0.5", alpha=0.3, label=t("sweep_plot_band", lang=lang, n=len(sweep.seeds)))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=10)
    ax.set_title(t("sweep_plot_live_title", lang=lang))

    def items(one):
        rows = []
        for depth, residual in nets:
            b = sweep.final(depth, residual)
            net = net_label(residual, depth, one)
            if (depth, residual) in live:
                rows.append(t("alt_degradation_run_item", lang=one, net=net,
                              pct=100 * live[depth, residual].train_error, low=100 * b.low, high=100 * b.high))
            else:
                rows.append(t("alt_degradation_shipped_item", lang=one, net=net, low=100 * b.low, high=100 * b.high))
        return listed(rows, one)

    return _describe_result(fig, result, lambda one: t("alt_degradation_run_band", lang=one, n=len(sweep.seeds),
                                                        items=items(one)), panel)
