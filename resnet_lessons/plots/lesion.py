"""Plots of the lesion study: error after deleting each block, error vs number of deleted blocks,
and the widget's chosen deletions."""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font and the house style)

import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from resnet_lessons.experiments.lesion import KINDS, LesionResult, Selection, net_label
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.common import check_result, seeds_command
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, new_figure

BASELINE_STYLES = {"plain": ":", "residual": "-."}  # the intact nets' error: a horizontal line per net


def _nets(result):
    return [result.net(kind) for kind in KINDS if kind in {n.kind for n in result.nets}]


# --- alt text: made from the result drawn ------------------------------------------------------------------

def _numbers(results, kind):
    """One net over ``results`` (seeds), means over them: intact error, mean and worst one-block deletion (with the
    block), and the error with the most random blocks deleted (with that number)."""
    nets = [r.net(kind) for r in results]
    blocks = results[0].blocks
    columns = {b: [d["test_error"] for net in nets for d in net.single if d["block"] == b] for b in blocks}
    singles = {b: sum(v) / len(v) for b, v in columns.items() if v and all(x is not None for x in v)}
    worst = max(singles, key=singles.get) if singles else None
    length = min(len(net.random) for net in nets)
    return {"depth": nets[0].depth, "base": 100 * sum(n.test_error for n in nets) / len(nets),
            "mean": 100 * sum(singles.values()) / len(singles) if singles else float("nan"),
            "worst": 100 * singles[worst] if worst else float("nan"), "block": worst or "–",
            "k": nets[0].random[length - 1]["k"] if length else 0,
            "last": 100 * sum(n.random[length - 1]["mean"] for n in nets) / len(nets) if length else float("nan")}


def _items(results, key, lang):
    """One ``key`` item per net (plain first), filled from :func:`_numbers`."""
    kinds = [kind for kind in KINDS if kind in {n.kind for n in results[0].nets}]
    items = []
    for kind in kinds:
        numbers = _numbers(results, kind)
        items.append(t(key, lang=lang, net=net_label(kind, numbers["depth"], lang), **numbers))
    return listed(items, lang, strong=True)


def draw_single(ax, result, lang=None):
    """Bars: test error after deleting each block, plain and residual side by side; the intact nets as lines.

    Downsampling blocks are hatched; a plain net's downsampling block cannot be deleted (marked x).
    """
    blocks = result.blocks
    x = np.arange(len(blocks))
    nets = _nets(result)
    width = 0.8 / len(nets)
    for i, item in enumerate(nets):
        offset = (i - (len(nets) - 1) / 2) * width
        errors = {d["block"]: d["test_error"] for d in item.single}
        for j, name in enumerate(blocks):
            value = errors.get(name)
            if value is None:
                ax.plot(x[j] + offset, 1.5, marker="x", color=COLORS[item.kind], markersize=8, linestyle="none")
                continue
            ax.bar(x[j] + offset, 100 * value, width, color=COLORS[item.kind], alpha=0.85,
                   hatch="//" if name in result.downsampling else None, edgecolor="white")
        nets_ = {"net_en": net_label(item.kind, item.depth, "en"), "net_zh": net_label(item.kind, item.depth, "zh")}
        ax.axhline(100 * item.test_error, color=COLORS[item.kind], linestyle=BASELINE_STYLES[item.kind], linewidth=1.5,
                   label=t("lesion_plot_baseline", lang=lang, **nets_))
        ax.bar([np.nan], [np.nan], color=COLORS[item.kind], label=t("lesion_plot_deleted", lang=lang, **nets_))
    if result.downsampling:
        ax.bar([np.nan], [np.nan], color="white", edgecolor="0.3", hatch="//", label=t("lesion_plot_down", lang=lang))
    if any(d["test_error"] is None for item in nets for d in item.single):
        ax.plot([], [], marker="x", color="0.3", linestyle="none", label=t("lesion_plot_na", lang=lang))
    ax.set_xticks(x)
    ax.set_xticklabels(blocks, rotation=45, ha="right", fontsize=10)
    ax.set_xlabel(t("lesion_plot_block_axis", lang=lang))
    ax.set_ylabel(t("sweep_plot_test_error_axis", lang=lang))
    ax.set_ylim(0, 100)
    ax.set_title(t("lesion_plot_single_title", lang=lang))
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2)
    return ax


def draw_random(ax, result, lang=None):
    """Mean test error (± one standard deviation over the subsets) vs number of deleted blocks; k = 0 is intact."""
    for item in _nets(result):
        ks = [0] + [r["k"] for r in item.random]
        mean = np.array([item.test_error] + [r["mean"] for r in item.random]) * 100
        std = np.array([0.0] + [r["std"] for r in item.random]) * 100
        ax.plot(ks, mean, color=COLORS[item.kind], marker=MARKERS[item.kind], linestyle=LINESTYLES[item.kind],
                label=net_label(item.kind, item.depth, lang))
        ax.fill_between(ks, mean - std, mean + std, color=COLORS[item.kind], alpha=0.15, linewidth=0)
    draws = max((len(s) for s in result.subsets), default=0)
    ax.set_xlabel(t("lesion_plot_k_axis", lang=lang))
    ax.set_ylabel(t("sweep_plot_test_error_axis", lang=lang))
    ax.set_ylim(0, 100)
    ax.set_title(t("lesion_plot_random_title", lang=lang, sep="\n", draws=draws), fontsize=11)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=10, loc="lower right")
    return ax


def plot_lesion(result, lang=None):
    """Both panels side by side."""
    check_result(result, LesionResult)
    fig, axes = new_figure(1, 2, figsize=(15.0, 5.0), gridspec_kw={"width_ratios": [1.5, 1]})
    draw_single(axes[0], result, lang)
    draw_random(axes[1], result, lang)
    config = result.config
    fig.suptitle(t("lesion_plot_suptitle", lang=lang, depth=config["depth"], epochs=config["epochs"],
                   seed=result.seed), fontsize=11)
    return describe(fig, *(t("alt_lesion_both", lang=one, items=_items([result], "alt_lesion_both_item", one))
                           for one in ("en", "zh")))


def plot_selection(selection, lang=None):
    """The widget's figure: test error of both nets, intact and with the chosen blocks deleted."""
    check_result(selection, Selection, arg="selection")
    fig, ax = new_figure(1, 1, figsize=(7.5, 4.4))
    kinds = [kind for kind in KINDS if kind in selection.baseline]
    x = np.arange(len(kinds))
    # Colour says which net, fill says intact (light, hatched) or with the blocks deleted (solid); the legend
    # shows the fill in grey, so its colours do not depend on which bars exist.
    ax.bar(x - 0.2, [100 * selection.baseline[k] for k in kinds], 0.4, color=[COLORS[k] for k in kinds], alpha=0.45,
           hatch="//", edgecolor="white")
    for i, kind in enumerate(kinds):
        value = selection.errors[kind]
        if value is None:
            ax.text(x[i] + 0.2, 3, t("lesion_plot_na_short", lang=lang), ha="center", va="bottom", rotation=90,
                    fontsize=10, color=COLORS[kind])
            continue
        ax.bar(x[i] + 0.2, 100 * value, 0.4, color=COLORS[kind])
        ax.text(x[i] + 0.2, 100 * value + 1, f"{100 * value:.1f} %", ha="center", va="bottom", fontsize=10)
    ax.set_xticks(x)
    ax.set_xticklabels([net_label(k, selection.depth, lang) for k in kinds])
    ax.set_ylabel(t("sweep_plot_test_error_axis", lang=lang))
    # Room above 100 % for the legend, so that it never hides a bar or its label.
    ax.set_ylim(0, 125)
    ax.set_yticks(range(0, 101, 20))
    if selection.blocks:
        ax.set_title(t("lesion_plot_selection_title", lang=lang, blocks=", ".join(selection.blocks)), fontsize=11)
    else:
        ax.set_title(t("lesion_plot_selection_none", lang=lang), fontsize=11)
    handles = [Patch(facecolor="0.55", alpha=0.45, hatch="//", edgecolor="white", label=t("lesion_plot_intact", lang=lang)),
               Patch(facecolor="0.35", label=t("lesion_plot_selected", lang=lang))]
    ax.legend(handles=handles, fontsize=10, loc="upper center", ncol=2)

    def alt(one):
        items = []
        for kind in kinds:
            value = selection.errors[kind]
            items.append(t("alt_lesion_selection_item", lang=one, net=net_label(kind, selection.depth, one),
                           base=100 * selection.baseline[kind],
                           after=t("lesion_plot_na_short", lang=one) if value is None else f"{100 * value:.1f} %"))
        if not selection.blocks:
            return t("alt_lesion_selection_none", lang=one, items=listed(
                [f"{net_label(k, selection.depth, one)} {100 * selection.baseline[k]:.1f} %" for k in kinds], one))
        return t("alt_lesion_selection", lang=one, blocks=", ".join(selection.blocks), items=listed(items, one))

    return describe(fig, alt("en"), alt("zh"))


# --- over seeds: the deep lesion study (precomputed) ---------------------------------------------------

def _check_seeds(results):
    if not isinstance(results, (list, tuple)) or not results or not all(isinstance(r, LesionResult) for r in results):
        raise TypeError(error("lesion_err_result", arg="results", cls="list of LesionResult",
                              got=type(results).__name__))


def draw_single_seeds(ax, results, lang=None):
    """Test error after deleting each block, mean over seeds (line) and each seed (faint dots), both nets;
    downsampling blocks shaded; the intact nets' mean error as dashed lines."""
    blocks = results[0].blocks
    x = np.arange(len(blocks))
    for i, name in enumerate(blocks):
        if name in results[0].downsampling:
            ax.axvspan(i - 0.5, i + 0.5, color="0.85", zorder=0)
    for kind in KINDS:
        rows = []
        for result in results:
            errors = {d["block"]: d["test_error"] for d in result.net(kind).single}
            rows.append([np.nan if errors[b] is None else 100 * errors[b] for b in blocks])
        rows = np.array(rows, dtype=float)
        for row in rows:
            ax.plot(x, row, color=COLORS[kind], marker=MARKERS[kind], markersize=2.5, linestyle="none", alpha=0.35)
        depth = results[0].net(kind).depth
        # mean over the seeds; a block that cannot be deleted (a plain net's downsampling block) stays a gap
        mean = np.array([col[np.isfinite(col)].mean() if np.isfinite(col).any() else np.nan for col in rows.T])
        ax.plot(x, mean, color=COLORS[kind], marker=MARKERS[kind], markersize=4,
                linestyle=LINESTYLES[kind], label=t("lesion_plot_deleted", lang=lang,
                                                                   net_en=net_label(kind, depth, "en"),
                                                                   net_zh=net_label(kind, depth, "zh")))
        intact = 100 * np.mean([r.net(kind).test_error for r in results])
        ax.axhline(intact, color=COLORS[kind], linestyle=BASELINE_STYLES[kind], linewidth=1.5,
                   label=t("lesion_plot_baseline", lang=lang, net_en=net_label(kind, depth, "en"),
                           net_zh=net_label(kind, depth, "zh")))
    ax.fill_between([], [], [], color="0.85", label=t("lesion_plot_down", lang=lang))
    step = max(1, len(blocks) // 9)
    ax.set_xticks(x[::step])
    ax.set_xticklabels(blocks[::step], rotation=45, ha="right", fontsize=9)
    ax.set_xlim(-0.5, len(blocks) - 0.5)
    ax.set_xlabel(t("lesion_plot_block_axis", lang=lang))
    ax.set_ylabel(t("sweep_plot_test_error_axis", lang=lang))
    ax.set_ylim(0, 100)
    ax.set_title(t("lesion_plot_single_seeds_title", lang=lang, n=len(results)), fontsize=11)
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2)
    return ax


def draw_random_seeds(ax, results, lang=None):
    """Mean test error vs number of randomly deleted blocks: mean over seeds, band = lowest to highest seed."""
    for kind in KINDS:
        curves = []
        for result in results:
            item = result.net(kind)
            curves.append([item.test_error] + [r["mean"] for r in item.random])
        length = min(len(c) for c in curves)
        values = 100 * np.array([c[:length] for c in curves])
        ks = np.arange(length)
        depth = results[0].net(kind).depth
        ax.plot(ks, values.mean(axis=0), color=COLORS[kind], marker=MARKERS[kind], markersize=3,
                linestyle=LINESTYLES[kind], label=net_label(kind, depth, lang))
        ax.fill_between(ks, values.min(axis=0), values.max(axis=0), color=COLORS[kind], alpha=0.18, linewidth=0)
    ax.set_xlabel(t("lesion_plot_k_axis", lang=lang))
    ax.set_ylabel(t("sweep_plot_test_error_axis", lang=lang))
    ax.set_ylim(0, 100)
    ax.set_title(t("lesion_plot_random_seeds_title", lang=lang, sep="\n", n=len(results)), fontsize=11)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=10, loc="lower right")
    return ax


def plot_lesion_seeds(results, lang=None):
    """The deep lesion study over seeds: one-block deletions (left), k random blocks (right)."""
    _check_seeds(results)
    fig, axes = new_figure(1, 2, figsize=(15.0, 5.4), gridspec_kw={"width_ratios": [1.5, 1]})
    draw_single_seeds(axes[0], results, lang)
    draw_random_seeds(axes[1], results, lang)
    config = results[0].config
    text = t("lesion_plot_seeds_suptitle", lang=lang, depth=config["depth"], epochs=config["epochs"],
             seeds=", ".join(str(r.seed) for r in results))
    command = getattr(results[0], "command", None)
    if command:
        text += "\n" + t("degradation_plot_precomputed", lang=lang) + ": " + seeds_command(
            command.replace(f"--seed {results[0].seed}", "--seed S"), [r.seed for r in results])
    fig.suptitle(text, fontsize=10)
    return describe(fig, *(t("alt_lesion_seeds", lang=one, n=len(results),
                             items=_items(results, "alt_lesion_both_item", one)) for one in ("en", "zh")))
