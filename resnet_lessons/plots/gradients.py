"""Plot of the gradients experiment: the gradient norm of every layer, plain vs residual."""
from matplotlib.ticker import MaxNLocator, NullLocator

import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.i18n import t
from resnet_lessons.plots.common import check_result, per_language
from resnet_lessons.plots.style import KIND_COLORS as COLORS
from resnet_lessons.plots.style import LINESTYLES, MARKERS, describe, listed, log_scale, new_figure


def plot_gradient_norms(result, ax=None, lang=None):
    """Gradient norm of each layer (log scale), input to output, one line per net.

    ``result`` is a ``GradientsResult``; ``ax`` an Axes to draw into (else a new figure);
    ``lang`` "en", "zh" or "both" (default: the current language). Returns the Figure.
    """
    from resnet_lessons.experiments.gradients import GradientsResult

    check_result(result, GradientsResult)
    panel = ax is not None
    if ax is None:
        fig, ax = new_figure()
    else:
        fig = ax.figure
    config = result.config
    zero_notes = []
    for run in result.runs:
        layers = list(range(1, len(run.grad_norms) + 1))
        # A log axis cannot show 0 (float32 underflow): leave those layers out and say so below.
        shown = [(i, g) for i, g in zip(layers, run.grad_norms) if g > 0]
        if shown:
            xs, ys = zip(*shown)
            ax.plot(xs, ys, color=COLORS[run.kind], marker=MARKERS[run.kind], markersize=3, linewidth=1.5,
                    linestyle=LINESTYLES[run.kind], label=per_language(lang, lambda one: f"{t(run.kind, lang=one)}-{run.depth}", sep=" / "))
        if run.zero_layers:
            zero_notes.append(t("gradients_plot_zero", lang=lang, n=run.zero_layers, total=len(run.grad_norms),
                                kind=t(run.kind, lang=lang)))
    log_scale(ax, "y")
    ax.yaxis.set_minor_locator(NullLocator())  # minor ticks cost ~0.3 s per PNG
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # layers are counted: no layer 2.5
    ax.set_xlabel(t("gradients_plot_xlabel", lang=lang))
    ax.set_ylabel(t("gradients_plot_ylabel", lang=lang, sep="\n"))
    ax.set_title(per_language(lang, lambda one: _title(config, one)), fontsize=11)
    if zero_notes:
        ax.text(0.01, 0.01, "\n".join(zero_notes), transform=ax.transAxes, fontsize=9, va="bottom")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best")
    return describe(fig, _alt(result, "en"), _alt(result, "zh"), panel)


def _alt(result, lang):
    """What the figure shows, with each net's gradient norm at the input and at the output."""
    config = result.config
    items = []
    for run in result.runs:
        norms = run.grad_norms
        item = t("alt_gradients_item", lang=lang, net=f"{t(run.kind, lang=lang)}-{run.depth}", first=fmt3(norms[0]),
                 last=fmt3(norms[-1]))
        if run.zero_layers:
            item += t("alt_gradients_zero", lang=lang, n=run.zero_layers, total=len(norms))
        items.append(item)
    when = t("gradients_at_init", lang=lang) if config["steps"] == 0 else \
        t("gradients_after_steps", lang=lang, k=config["steps"], lr=config["lr"])
    return t("alt_gradients_norms", lang=lang, n=len(result.runs[0].grad_norms) if result.runs else 0, when=when,
             items=listed(items, lang, strong=True))


def _title(config, lang):
    when = "" if config["steps"] == 0 else t("gradients_plot_when", lang=lang, k=config["steps"])
    norm = t("gradients_plot_bn" if config["norm"] == "bn" else "shattered_no_bn", lang=lang)
    init = t("gradients_init_" + config["init"], lang=lang)
    return t("gradients_plot_title", lang=lang, depth=config["depth"], norm=norm, init=init, when=when)
