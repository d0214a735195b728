"""The paper's CIFAR-10 Figure 6 at full scale (a ``fullscale`` result, made on a GPU) beside ours.

    >>> from resnet_lessons import results
    >>> from resnet_lessons.experiments import degradation
    >>> plot_fullscale(results.load("fullscale")[0], degradation.load_sweep("degradation_full"))
"""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font and the house style)

from matplotlib.ticker import MaxNLocator

from resnet_lessons.experiments.degradation import KINDS, SeedSweep, net_label
from resnet_lessons.experiments.fullscale import FullscaleResult
from resnet_lessons.i18n import t
from resnet_lessons.plots.common import check_result, depth_colors, draw_sweep_curves
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, new_figure


def plot_fullscale(result, sweep):
    """Training error (%) of every net: our scale (the ``sweep``, MNIST-1D on a CPU, mean over seeds) on top,
    the full-scale ``result`` (CIFAR-10, the paper's recipe) below; plain | residual side by side."""
    check_result(result, FullscaleResult)
    check_result(sweep, SeedSweep, arg="sweep")
    colors = depth_colors(sorted(set(sweep.depths()) | {r.depth for r in result.runs}))
    fig, axes = new_figure(2, 2, figsize=(15.0, 10.0), sharey=True)
    for col, kind in enumerate(KINDS):
        draw_sweep_curves(axes[0][col], sweep, kind, colors=colors)
        ax = axes[1][col]
        for run in sorted((r for r in result.runs if r.kind == kind), key=lambda r: r.depth):
            x = [i / 1000 for i in run.curves["iteration"]]
            ax.plot(x, [100 * v for v in run.curves["train_error"]], color=colors[run.depth],
                    linestyle=LINESTYLES[kind], marker=MARKERS[kind], markersize=3,
                    label=net_label(run.residual, run.depth))
        ax.set_title(t(f"fullscale_plot_title_{kind}", dataset=result.dataset), color=COLORS[kind])
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.set_xlabel(t("fullscale_plot_iterations_axis"))
        ax.set_ylabel(t("sweep_plot_train_error_axis"))
        ax.set_ylim(0, 100)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, borderaxespad=0)
    fig.suptitle(t("fullscale_plot_suptitle", sep="\n", world=result.world_size, device=result.device,
                   iterations=result.config["iterations"], n=len(sweep.seeds)), fontsize=11)

    def finals(one):
        return listed([f"{net_label(r.residual, r.depth, one)} {100 * r.train_error:.1f} %"
                       for r in sorted(result.runs, key=lambda r: (r.residual, r.depth))], one)

    return describe(fig, *(t("alt_fullscale", lang=one, dataset=result.dataset, finals=finals(one))
                           for one in ("en", "zh")))
