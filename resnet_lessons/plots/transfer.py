"""Figures of the transfer-learning experiment: test accuracy per strategy and number of labels.

The input is a ``resnet_lessons.experiments.transfer.TransferResult`` (or None for an empty chart).
"""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)
from resnet_lessons.i18n import t
from resnet_lessons.plots.common import check_result, two_lines
from resnet_lessons.plots.style import COLORS, PLAIN_COLOR, RESIDUAL_COLOR, describe, listed, new_figure

# One colour per strategy, the same in every figure: scratch is "no transfer" (vermillion, like the
# plain nets elsewhere), the three transfer strategies are blue, green and orange.
STRATEGY_COLORS = {"scratch": PLAIN_COLOR, "linear_probe": COLORS[2], "finetune": RESIDUAL_COLOR,
                   "layerwise": COLORS[3]}


def _check_result(result):
    from resnet_lessons.experiments.transfer import TransferResult

    return check_result(result, TransferResult, optional=True)


def plot_transfer(result):
    """Grouped bars: for each number of labels per class, the mean test accuracy of each strategy.

    Dots show the single draws; the legend gives each strategy's trainable parameters; a dotted
    line marks chance (1 in 5 classes). ``result=None`` draws an empty chart with a hint.
    """
    _check_result(result)
    fig, ax = new_figure(figsize=(8.5, 5.6))
    ax.axhline(20, color="#666666", ls=":", lw=1.2, label=two_lines("transfer_plot_chance"))
    if result is None or not result.runs:
        ax.text(0.5, 0.55, t("transfer_plot_empty", sep="\n"), transform=ax.transAxes, ha="center", va="center")
        ax.set_ylim(0, 100)
        ax.set_ylabel(t("transfer_plot_axis"))
        return describe(fig, t("alt_transfer_empty", lang="en"), t("alt_transfer_empty", lang="zh"))
    ks = result.labels_settings()
    strategies = result.strategies()
    width = 0.8 / len(strategies)
    for j, strategy in enumerate(strategies):
        xs, means = [], []
        for i, k in enumerate(ks):
            values = result.accuracies(strategy, k)
            if not values:
                continue
            x = i + (j - (len(strategies) - 1) / 2) * width
            xs.append(x)
            means.append(100 * sum(values) / len(values))
            ax.scatter([x] * len(values), [100 * v for v in values], s=14, color="black", zorder=3, alpha=0.7)
        key = "transfer_strategy_" + strategy
        label = two_lines("transfer_plot_legend", strategy_en=t(key, "en"), strategy_zh=t(key, "zh"),
                           trainable=result.trainable(strategy))
        bars = ax.bar(xs, means, width=width * 0.92, color=STRATEGY_COLORS[strategy], label=label)
        for bar, mean in zip(bars, means):
            ax.annotate(f"{mean:.1f}", (bar.get_x() + bar.get_width() / 2, 0), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom", fontsize=9, color="white")
    ax.set_xticks(range(len(ks)), [str(k) for k in ks])
    ax.set_xlabel(t("transfer_plot_labels_axis"))
    ax.set_ylabel(t("transfer_plot_axis"))
    ax.set_ylim(0, 105)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9)
    ax.set_title(two_lines("transfer_plot_title", dataset=result.dataset, depth=result.config["depth"]), fontsize=10)

    def alt(lang):
        groups = []
        for k in ks:
            means = [(s, result.mean_accuracy(s, k)) for s in strategies if result.accuracies(s, k)]
            groups.append(t("alt_transfer_group", lang=lang, k=k, items=listed(
                [f"{t('transfer_strategy_' + s, lang=lang)} {100 * m:.1f} %" for s, m in means], lang)))
        return t("alt_transfer", lang=lang, items=listed(groups, lang, strong=True))

    return describe(fig, alt("en"), alt("zh"))
