"""The recap figure of lesson 09: four of the course's measurements in one 2x2 figure.

    >>> from resnet_lessons.plots.recap import plot_recap
    >>> fig = plot_recap(degradation=deg, gradients=grad, shattered=shat, complexity=cx)

Top left, the degradation problem (final training error vs depth, plain vs residual); top right,
the gradient norm of every layer at initialisation; bottom left, the shattered-gradients
autocorrelation vs depth; bottom right, ImageNet top-1 accuracy against parameters from
torchvision's metadata. Each panel is drawn by the plot module of its experiment; a result left
out (None) leaves its panel with a note. Nothing is computed here.
"""
import resnet_lessons.plots  # noqa: F401  (registers the CJK font and the house style)
from resnet_lessons.plots.common import check_result, seeds_command

from resnet_lessons.experiments.complexity import WEIGHT_VERSIONS, ComplexityResult
from resnet_lessons.experiments.degradation import DegradationResult, SeedSweep
from resnet_lessons.experiments.gradients import GradientsResult
from resnet_lessons.experiments.shattered import ShatteredResult
from resnet_lessons.i18n import error, t
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.plots.layout import label_points  # labels next to their own point, never overlapping
from resnet_lessons.plots.style import RESIDUAL_COLOR, describe, listed, log_scale, new_figure

OTHER_COLOR = "0.55"
RESNET_PREFIXES = ("resnet", "resnext", "wide_resnet")


def _missing(ax, cls, lang):
    ax.text(0.5, 0.5, t("recap_missing", lang=lang, cls=cls, sep="\n"), transform=ax.transAxes, ha="center",
            va="center", color="0.4")
    ax.set_axis_off()


def _title(ax, key, lang, **fields):
    ax.set_title(t(key, lang=lang, sep="\n", **fields), fontsize=11)


def draw_degradation(ax, result, lang=None):
    """Final training error vs depth, plain and residual (lesson 01); over seeds for a SeedSweep."""
    from resnet_lessons.plots.degradation import draw_error_vs_depth, draw_sweep_vs_depth  # noqa: F401

    if isinstance(result, SeedSweep):
        draw_sweep_vs_depth(ax, result, lang)
    else:
        draw_error_vs_depth(ax, result, lang, show_test=False)
    _title(ax, "recap_title_degradation", lang)


def draw_gradients(ax, result, lang=None):
    """Gradient norm of every layer, plain and residual (lesson 02)."""
    from resnet_lessons.plots.gradients import plot_gradient_norms

    plot_gradient_norms(result, ax=ax, lang=lang)
    _title(ax, "recap_title_gradients", lang, depth=result.config["depth"])


def draw_shattered(ax, result, lang=None):
    """Lag-1 autocorrelation of df/dx vs depth, plain and residual (lesson 02)."""
    from resnet_lessons.plots.shattered import plot_autocorrelation

    plot_autocorrelation(result, ax=ax, lang=lang)
    _title(ax, "recap_title_shattered", lang)


def draw_accuracy(ax, result, weights="IMAGENET1K_V1", lang=None):
    """ImageNet top-1 vs parameters from torchvision's metadata: the ResNet family (labelled) and the others."""
    if weights not in WEIGHT_VERSIONS:
        raise ValueError(error("complexity_err_weights", allowed=", ".join(WEIGHT_VERSIONS), got=repr(weights)))
    key = "acc1_" + weights[-2:].lower()
    refs = [ref for ref in result.references if getattr(ref, key) is not None]
    for resnet in (False, True):  # the ResNets on top
        members = [ref for ref in refs if ref.name.startswith(RESNET_PREFIXES) == resnet]
        if not members:
            continue
        ax.scatter([ref.num_params / 1e6 for ref in members], [getattr(ref, key) for ref in members],
                   color=RESIDUAL_COLOR if resnet else OTHER_COLOR, s=40, zorder=3,
                   label=t("complexity_resnets" if resnet else "complexity_others", lang=lang))
    log_scale(ax, "x")
    # every point named (the grey ones too), and every point in view: nothing is cut off
    label_points(ax, [(ref.num_params / 1e6, getattr(ref, key)) for ref in refs], [ref.name for ref in refs],
                 fontsize=7.5)
    if refs:
        accuracies = [getattr(ref, key) for ref in refs]
        span = max(accuracies) - min(accuracies) or 1.0
        ax.set_ylim(min(accuracies) - 0.08 * span, max(accuracies) + 0.08 * span)
    ax.set_xlabel(t("complexity_params_axis", lang=lang))
    ax.set_ylabel(t("complexity_acc_axis", lang=lang, sep="\n"))
    if refs:
        ax.legend(loc="lower right", fontsize=9)  # moved off the points when the figure is drawn
    _title(ax, "recap_title_accuracy", lang, weights=weights)


def _alt(degradation, gradients, shattered, complexity, weights, lang):
    """One short sentence per panel given, with its key numbers (the same ones its lesson's figure gives)."""
    from resnet_lessons.plots.degradation import _final_errors, _sweep_finals

    parts = []
    if degradation is not None:
        if isinstance(degradation, SeedSweep):
            parts.append(t("alt_recap_degradation_seeds", lang=lang, n=len(degradation.seeds),
                           finals=_sweep_finals(degradation, lang, "train_error", band=False)))
        else:
            parts.append(t("alt_recap_degradation", lang=lang, finals=_final_errors(degradation, lang, True)))
    if gradients is not None:
        items = [f"{t(run.kind, lang=lang)}-{run.depth} {fmt3(run.grad_norms[0])}" for run in gradients.runs]
        parts.append(t("alt_recap_gradients", lang=lang, items=listed(items, lang)))
    if shattered is not None:
        items = [f"{t(run.kind, lang=lang)} {fmt3(run.autocorrelation[-1])}" for run in shattered.runs]
        parts.append(t("alt_recap_shattered", lang=lang, depth=shattered.depths[-1], items=listed(items, lang)))
    if complexity is not None:
        key = "acc1_" + weights[-2:].lower()
        refs = [ref for ref in complexity.references if getattr(ref, key) is not None]
        resnets = [ref for ref in refs if ref.name.startswith(RESNET_PREFIXES)]
        if refs:
            best = max(resnets or refs, key=lambda ref: getattr(ref, key))
            fields = {"name": best.name, "acc": getattr(best, key), "params": fmt3(best.num_params / 1e6)}
            parts.append(t("alt_recap_accuracy", lang=lang, **fields) if resnets else
                         t("alt_recap_accuracy_other", lang=lang, **fields))
    if not parts:
        return t("alt_recap_empty", lang=lang)
    return t("alt_recap", lang=lang, parts=(" " if lang == "en" else "").join(parts))


def plot_recap(degradation=None, gradients=None, shattered=None, complexity=None, weights="IMAGENET1K_V1",
               lang=None):
    """The 2x2 recap figure; each argument is its experiment's result, or None for an empty panel.

    ``degradation``: a SeedSweep or a DegradationResult (lesson 01); ``gradients``: a GradientsResult; ``shattered``:
    a ShatteredResult (lesson 02); ``complexity``: a ComplexityResult whose ``references`` hold
    torchvision's metadata (lesson 07), drawn for ``weights`` ("IMAGENET1K_V1" or "IMAGENET1K_V2").
    """
    panels = ((degradation, (DegradationResult, SeedSweep), "degradation", draw_degradation),
              (gradients, GradientsResult, "gradients", draw_gradients),
              (shattered, ShatteredResult, "shattered", draw_shattered),
              (complexity, ComplexityResult, "complexity", None))
    for value, cls, arg, _ in panels:
        check_result(value, cls, arg, optional=True)
    if weights not in WEIGHT_VERSIONS:
        raise ValueError(error("complexity_err_weights", allowed=", ".join(WEIGHT_VERSIONS), got=repr(weights)))
    fig, axes = new_figure(2, 2, figsize=(14, 10.5), layout="constrained")
    for ax, (value, cls, _, draw) in zip(axes.flat, panels):
        if value is None:
            _missing(ax, cls[0].__name__ if isinstance(cls, tuple) else cls.__name__, lang)
        elif draw is None:
            draw_accuracy(ax, value, weights, lang)
        else:
            draw(ax, value, lang)
    fig.suptitle(t("recap_suptitle", lang=lang))
    describe(fig, _alt(degradation, gradients, shattered, complexity, weights, "en"),
             _alt(degradation, gradients, shattered, complexity, weights, "zh"))
    if degradation is not None:
        config = degradation.config
        command = seeds_command(degradation.command, degradation.seeds) if isinstance(degradation, SeedSweep) \
            else degradation.command
        note = (t("recap_precomputed", lang=lang, command=command, sep="\n") if degradation.command
                else t("recap_live", lang=lang, epochs=config["epochs"], batch=config["batch_size"], lr=config["lr"]))
        fig.supxlabel(note, x=0.01, ha="left", fontsize=8, color="0.35")  # inside the constrained layout
    return fig
