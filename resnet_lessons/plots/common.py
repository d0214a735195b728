"""What the plot modules share: the check of the result a plot is given, text in one or both languages, and the
pieces of the seed-sweep figures that lessons 01 and 04 both draw."""
import matplotlib

from resnet_lessons.experiments.degradation import net_label
from resnet_lessons.i18n import error, get_language, t
from resnet_lessons.plots.style import KIND_COLORS, LINESTYLES, MARKERS


def check_result(result, cls, arg="result", optional=False):
    """Return ``result`` if it is a ``cls`` (a class or a tuple of classes; None too when ``optional``).

    Otherwise raise a TypeError, in both languages, that names the argument and the class it must be.
    """
    if optional and result is None:
        return result
    if not isinstance(result, cls):
        classes = cls if isinstance(cls, tuple) else (cls,)
        key = "plot_err_result_or_none" if optional else "plot_err_result"
        raise TypeError(error(key, arg=arg, cls=" or ".join(c.__name__ for c in classes),
                              module=classes[0].__module__, got=type(result).__name__))
    return result


def per_language(lang, text, sep="\n"):
    """``text(one_language)`` for "en" or "zh"; for "both" the two joined by ``sep`` (for text built from parts)."""
    lang = get_language() if lang is None else lang
    if lang == "both":
        return text("en") + sep + text("zh")
    return text(lang)


def two_lines(key, **fields):
    """String ``key`` in the current language; with both languages, English above Chinese."""
    return t(key, sep="\n", **fields) if get_language() == "both" else t(key, **fields)


def depth_colors(depths):
    """One colour per depth, light (shallow) to dark (deep), the same in every panel of a figure."""
    cmap = matplotlib.colormaps["viridis"]
    depths = sorted(depths)
    if len(depths) == 1:
        return {depths[0]: cmap(0.35)}
    return {d: cmap(0.85 - 0.75 * i / (len(depths) - 1)) for i, d in enumerate(depths)}


def seeds_command(command, seeds):
    """The one command of a set of precomputed files, as the notebooks print it: ``... --seed S ... (S = 0, 1, 2)``
    (seed S's file holds exactly that command with S filled in)."""
    if "--seed S" not in command:
        return command
    return f"{command}  (S = {', '.join(map(str, seeds))})"


def draw_sweep_curves(ax, sweep, kind, lang=None, metric="train_error", colors=None):
    """Mean ``metric`` (%) vs iteration of every depth of one kind, the seeds' band shaded, each seed faint."""
    residual = kind == "residual"
    colors = colors or depth_colors(sweep.depths())
    for depth in sweep.depths(residual):
        x, mean, low, high, per_seed = sweep.curve(depth, residual, metric)
        color = colors[depth]
        for values in per_seed:
            ax.plot(x, [100 * v for v in values[:len(x)]], color=color, linewidth=0.7, alpha=0.3)
        ax.fill_between(x, [100 * v for v in low], [100 * v for v in high], color=color, alpha=0.18, linewidth=0)
        ax.plot(x, [100 * v for v in mean], color=color, linestyle=LINESTYLES[kind], marker=MARKERS[kind],
                markersize=3.5, label=net_label(residual, depth, lang))
    ax.set_title(t(f"degradation_plot_title_{kind}", lang=lang), color=KIND_COLORS[kind])
    ax.set_xlabel(t("degradation_plot_iteration_axis", lang=lang))
    ax.set_ylabel(t(f"sweep_plot_{metric}_axis", lang=lang))
    ax.set_ylim(0, 100)
    ax.set_xlim(left=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, borderaxespad=0)
    return ax
