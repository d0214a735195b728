"""Plots of a ``recipes`` result: the loss of every mini-batch, and the errors per epoch, one line per variant."""
import math

from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.experiments.recipes import TAIL, RecipesResult, runs_of, seeds_of, variant_label
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.common import check_result
from resnet_lessons.plots.style import COLORS, PLAIN_COLOR, describe, listed, new_figure
from resnet_lessons.validate import check_bool, check_int

CHANCE_LOSS = math.log(10)  # cross-entropy of a uniform guess over 10 classes
# Every run here is a residual net: the house colours minus the vermillion kept for plain nets.
RUN_COLORS = tuple(c for c in COLORS if c != PLAIN_COLOR)


def _check_result(result):
    check_result(result, RecipesResult)
    if not result.runs:
        raise ValueError(error("recipes_err_empty"))
    return result


def _smooth(values, window):
    """Trailing moving average over ``window`` steps (None, i.e. not finite, stays a gap)."""
    out = []
    for i in range(len(values)):
        chunk = values[max(0, i - window + 1):i + 1]
        out.append(math.nan if any(v is None for v in chunk) else sum(chunk) / len(chunk))
    return out


def _variants(result, variants):
    if variants is None:
        return list(result.runs)
    if isinstance(variants, str):
        variants = (variants,)
    return [result.run_for(v) for v in variants]


# --- alt text: made from the result drawn ------------------------------------------------------------------

def _loss_item(variant, runs, lang):
    """A variant's mean loss over the last steps (mean over its runs, the seeds' range when there are several)."""
    finals = [run.final_loss() for run in runs]
    if any(not math.isfinite(v) for v in finals):
        return t("alt_recipes_diverged", lang=lang, variant=variant_label(variant, lang))
    k = min(TAIL, min(len(run.step_loss) for run in runs))
    mean = sum(finals) / len(finals)
    if len(finals) == 1:
        return t("alt_recipes_loss_item", lang=lang, variant=variant_label(variant, lang), k=k, final=fmt3(mean),
                 peak=fmt3(runs[0].max_loss()))
    return t("alt_recipes_seeds_item", lang=lang, variant=variant_label(variant, lang), k=k, final=fmt3(mean),
             low=fmt3(min(finals)), high=fmt3(max(finals)))


def _describe_errors(fig, histories, labels):
    """The alt text of an error-per-epoch figure: ``labels`` is ``lang -> the runs' names in that language``."""
    def text(lang):
        items = [t("alt_recipes_errors_item", lang=lang, label=label, epoch=history.epoch[-1],
                   train=100 * history.train_error[-1], test=100 * history.test_error[-1])
                 for label, history in zip(labels(lang), histories) if history.epoch]
        return t("alt_recipes_errors", lang=lang, items=listed(items, lang, strong=True) or "–")

    return describe(fig, text("en"), text("zh"))


def plot_step_losses(result, variants=None, smooth=1, log=True, title=None):
    """The loss of every mini-batch against the SGD step, one line per variant.

    smooth: average over this many trailing steps (1: raw). log: a logarithmic loss axis, so that
    an early spike and the later, slower decrease both show. A dotted line marks ln 10, the loss
    of a uniform guess over the 10 classes.
    """
    _check_result(result)
    if isinstance(smooth, bool) or not isinstance(smooth, int) or smooth < 1:
        raise ValueError(error("recipes_err_smooth", got=repr(smooth)))
    check_bool("log", log)
    fig, ax = new_figure(figsize=(8.5, 5.5))
    shown = []
    for color, item in zip(RUN_COLORS * 2, _variants(result, variants)):
        values = _smooth(item.step_loss, smooth)
        shown += [v for v in values if math.isfinite(v) and v > 0]
        ax.plot(range(1, len(values) + 1), values, color=color, label=variant_label(item.variant))
    ax.axhline(CHANCE_LOSS, color="#555555", linestyle=":", linewidth=1.2, label=t("recipes_plot_chance"))
    if log:
        ax.set_yscale("log")
        narrow = bool(shown) and max(shown) / min(shown) < 30  # a narrow range needs more ticks to read
        subs = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0) if narrow else (1.0, 2.0, 5.0)
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=subs))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(t("recipes_plot_step_axis"))
    ax.set_ylabel(t("recipes_plot_loss_axis_smooth", k=smooth) if smooth > 1 else t("degradation_plot_loss_axis"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=10)  # below: never over a curve
    config = result.config
    ax.set_title(title if title is not None else t("recipes_plot_title", sep="\n", depth=config["depth"],
                                                   batch=config["batch_size"], lr=config["lr"]), fontsize=12)
    runs = _variants(result, variants)
    return describe(fig, *(t("alt_recipes_step_losses", lang=one, items=listed(
        [_loss_item(run.variant, [run], one) for run in runs], one, strong=True)) for one in ("en", "zh")))


def plot_seed_losses(results, variants=None, mark=None, log=True, title=None):
    """The loss of every mini-batch over several seeds: one thin line per seed, the mean over the seeds
    thick, one colour per variant.

    results: RecipesResults of the same experiment, e.g. one per seed (a variant missing from some is
    drawn from the others). mark: an SGD step to mark with a vertical line (the end of a warm-up), or None.
    """
    if isinstance(results, RecipesResult):
        results = [results]
    if not isinstance(results, (list, tuple)) or not results or not all(isinstance(r, RecipesResult) for r in results):
        raise TypeError(error("recipes_err_results", got=type(results).__name__))
    for item in results:
        _check_result(item)
    check_bool("log", log)
    if mark is not None:
        check_int("mark", mark, 0)
    if variants is None:
        variants = list(dict.fromkeys(r.variant for item in results for r in item.runs))
    elif isinstance(variants, str):
        variants = (variants,)
    fig, ax = new_figure(figsize=(8.5, 5.5))
    seeds = set()
    for color, variant in zip(RUN_COLORS * 2, variants):
        runs = runs_of(results, variant)
        if not runs:
            results[0].run_for(variant)  # raises the error that names the variants there are
        seeds.update(seeds_of(results, variant))
        steps = min(len(r.step_loss) for r in runs)
        for item in runs:
            values = [math.nan if v is None else v for v in item.step_loss[:steps]]
            ax.plot(range(1, steps + 1), values, color=color, linewidth=0.9, alpha=0.45)
        mean = [sum(math.nan if r.step_loss[i] is None else r.step_loss[i] for r in runs) / len(runs)
                for i in range(steps)]
        ax.plot(range(1, steps + 1), mean, color=color, linewidth=2.6, label=variant_label(variant))
    ax.axhline(CHANCE_LOSS, color="#555555", linestyle=":", linewidth=1.2, label=t("recipes_plot_chance"))
    if mark is not None:
        ax.axvline(mark + 0.5, color="#555555", linestyle="--", linewidth=1.2, label=t("recipes_plot_warmup_end"))
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(t("recipes_plot_step_axis"))
    ax.set_ylabel(t("degradation_plot_loss_axis") if log else t("loss"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=10)
    config = results[0].config
    ax.set_title(title if title is not None else t(
        "recipes_plot_seeds_title", sep="\n", depth=config["depth"], batch=config["batch_size"], lr=config["lr"],
        seeds=", ".join(map(str, sorted(seeds)))), fontsize=12)
    return describe(fig, *(t("alt_recipes_seed_losses", lang=one, n=len(seeds), items=listed(
        [_loss_item(v, runs_of(results, v), one) for v in variants], one, strong=True)) for one in ("en", "zh")))


def plot_histories(histories, title=None):
    """Training error (solid) and test error (dashed) per epoch, one colour per run.

    histories: a dict ``label -> resnet_lessons.train.History`` (or any object with ``epoch``,
    ``train_error`` and ``test_error`` lists, e.g. a ``RecipeRun``).
    """
    ok = isinstance(histories, dict) and histories and all(
        isinstance(label, str) and all(isinstance(getattr(h, name, None), list)
                                       for name in ("epoch", "train_error", "test_error"))
        for label, h in histories.items())
    if not ok:
        raise TypeError(error("recipes_err_histories", got=type(histories).__name__))
    fig, ax = new_figure(figsize=(8.5, 4.5))
    for color, (label, history) in zip(RUN_COLORS * 2, histories.items()):
        ax.plot(history.epoch, [100 * e for e in history.train_error], color=color, marker="o", markersize=4,
                label=f"{label}: {t('train_error')}")
        ax.plot(history.epoch, [100 * e for e in history.test_error], color=color, linestyle="--", marker="s",
                markersize=4, label=f"{label}: {t('test_error')}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("epoch"))
    ax.set_ylabel(t("degradation_plot_error_axis"))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper right", fontsize=10)
    ax.set_title(title if title is not None else t("recipes_plot_errors_title"), fontsize=12)
    return _describe_errors(fig, list(histories.values()), lambda lang: list(histories))
