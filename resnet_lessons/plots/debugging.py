"""Figures of the debugging tools: gradient flow, feature maps, training-loss curves.

The inputs are the plain data of ``resnet_lessons.debugging`` (``gradient_flow``, ``feature_maps``) and
lists of losses; nothing is computed here beyond picking what to draw.
"""
import math

import resnet_lessons.plots  # noqa: F401  (registers the CJK font, applies the house style)
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.common import two_lines
from resnet_lessons.plots.style import OTHER_COLORS, describe, listed, log_scale, new_figure

REFERENCE_COLOR = "#999999"
# The gradient flow of one net of any kind: neither the residual blue nor the plain vermillion.
MEAN_COLOR, MAX_COLOR, NOTE_COLOR = "#000000", "#E69F00", "#A03C00"
DIVERGE_FACTOR = 100  # a loss above this many times the runs' typical first loss has diverged


def _check_flow(flow, arg="flow"):
    if not isinstance(flow, dict) or not isinstance(flow.get("layers"), list) or "loss" not in flow:
        raise TypeError(error("debug_err_flow", arg=arg, got=type(flow).__name__))
    return flow


def _positive(values):
    return [v if (v is not None and math.isfinite(v) and v > 0) else math.nan for v in values]


def plot_gradient_flow(flow, label=None, reference=None, reference_label=None):
    """Mean and max |gradient| of every layer (log scale), input on the left, output on the right.

    ``flow``: the dict of ``debugging.gradient_flow``. ``label``: a name for the title, or a pair
    (English, 中文). ``reference``: another such dict whose mean |grad| is drawn in grey behind it
    (e.g. the correct model), so a bug shows as a departure from it.
    """
    _check_flow(flow)
    if reference is not None:
        _check_flow(reference, "reference")
    fig, ax = new_figure(figsize=(9, 4.6))
    layers = flow["layers"]
    x = list(range(len(layers)))
    if reference is not None:
        ref = reference["layers"]
        ax.plot(range(len(ref)), _positive([r["mean_abs"] for r in ref]), color=REFERENCE_COLOR, lw=3, alpha=0.6,
                label=reference_label or t("debug_plot_reference"))
    ax.plot(x, _positive([r["max_abs"] for r in layers]), color=MAX_COLOR, ls="--", marker="^", ms=4, alpha=0.9,
            label=t("debug_plot_max"))
    ax.plot(x, _positive([r["mean_abs"] for r in layers]), color=MEAN_COLOR, marker="o", ms=4,
            label=t("debug_plot_mean"))
    values = [v for r in layers for v in (r["mean_abs"], r["max_abs"]) if math.isfinite(v) and v > 0]
    if values:
        log_scale(ax, "y")
    else:  # nothing to draw: no axis values that would suggest a measurement
        ax.set_yticks([])
    # A NaN or infinite gradient is not a zero gradient: say which one it is.
    broken = sum(1 for r in layers if not math.isfinite(r["mean_abs"]))
    zeros = sum(1 for r in layers if math.isfinite(r["mean_abs"]) and r["mean_abs"] <= 0)
    notes = ([two_lines("debug_plot_nonfinite", n=broken, total=len(layers))] if broken else []) + \
            ([two_lines("debug_plot_zero", n=zeros, total=len(layers))] if zeros else [])
    if notes:
        ax.text(0.5, 0.5 if not values else 0.04, "\n".join(notes), transform=ax.transAxes, ha="center",
                va="center" if not values else "bottom", color=NOTE_COLOR, fontsize=9, wrap=True,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    step = max(1, math.ceil(len(layers) / 24))
    ax.set_xticks(x[::step], [r["name"] for r in layers][::step], rotation=90, fontsize=7)
    ax.set_xlabel(t("gradients_plot_xlabel"))
    ax.set_ylabel(t("debug_plot_grad_axis" if values else "debug_plot_grad_axis_linear"))
    ax.legend(loc="best", fontsize=9)
    label_en, label_zh = label if isinstance(label, (tuple, list)) else (label or "", label or "")
    ax.set_title(two_lines("debug_plot_grad_title", label_en=label_en, label_zh=label_zh, loss=flow["loss"]),
                 fontsize=11)

    def alt(lang):
        means = [r["mean_abs"] for r in layers]
        name = {"en": label_en, "zh": label_zh}[lang]
        text = t("alt_debugging_flow", lang=lang, n=len(layers),
                 label=t("alt_debugging_flow_label", lang=lang, label=name) if name else "",
                 first=fmt3(means[0] if means else None), last=fmt3(means[-1] if means else None),
                 loss=fmt3(flow["loss"]))
        if broken:
            text += t("alt_debugging_nonfinite", lang=lang, n=broken, total=len(layers))
        if zeros:
            text += t("alt_debugging_zero", lang=lang, n=zeros, total=len(layers))
        if reference is not None:
            ref = [r["mean_abs"] for r in reference["layers"]]
            text += t("alt_debugging_reference", lang=lang,
                      label=reference_label or t("debug_plot_reference", lang=lang),
                      first=fmt3(ref[0] if ref else None), last=fmt3(ref[-1] if ref else None))
        return text

    return describe(fig, alt("en"), alt("zh"))


def plot_feature_maps(maps, channels=6, image=None, cmap="viridis"):
    """The first ``channels`` channels of each captured feature map, one row per layer.

    ``maps``: ``{name: tensor}`` from ``debugging.feature_maps`` (batch first; the first example is
    shown). 2-D maps are drawn as images (``image``, an (H, W, 3) array, is shown first), 1-D maps as curves.
    """
    if not isinstance(maps, dict) or not maps:
        raise TypeError(error("debug_err_maps", got=type(maps).__name__))
    if isinstance(channels, bool) or not isinstance(channels, int) or not 1 <= channels <= 16:
        raise ValueError(error("debug_err_channels", got=repr(channels)))
    names = list(maps)
    two_d = maps[names[0]].dim() == 4
    if not two_d:
        fig, axes = new_figure(len(names), 1, figsize=(8, 1.6 * len(names) + 0.8), squeeze=False, sharex=False)
        for ax, name in zip(axes[:, 0], names):
            value = maps[name][0]
            if value.dim() == 1:  # (classes,) or pooled features: one value per channel
                ax.bar(range(len(value)), value.numpy(), color="0.35")
            else:
                for c in range(min(channels, value.shape[0])):
                    ax.plot(value[c].numpy(), color=OTHER_COLORS[c % len(OTHER_COLORS)], lw=1.2)
            ax.set_title(f"{name}  {tuple(maps[name].shape)}", fontsize=9, loc="left")
            ax.tick_params(labelsize=8)
        axes[-1, 0].set_xlabel(t("debug_plot_position"))
        fig.suptitle(t("debug_plot_maps_title", n=channels), fontsize=11)
        return _describe_maps(fig, maps, channels)
    cols = channels + (1 if image is not None else 0)
    fig, axes = new_figure(len(names), cols, figsize=(1.45 * cols + 0.6, 1.55 * len(names) + 0.7), squeeze=False)
    for row, name in enumerate(names):
        value = maps[name][0]
        offset = 0
        if image is not None:
            if row == 0:
                axes[row, 0].imshow(image)
            offset = 1
        for c in range(channels):
            ax = axes[row, c + offset]
            if c < value.shape[0] and value.dim() == 3:
                ax.imshow(value[c].numpy(), cmap=cmap)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
        axes[row, offset].set_ylabel(f"{name}\n{tuple(value.shape[1:])}", fontsize=8)
        if image is not None:
            axes[row, 0].set_axis_off()
    for c in range(channels):
        axes[0, c + (1 if image is not None else 0)].set_title(f"#{c}", fontsize=8)
    fig.suptitle(t("debug_plot_maps_title", n=channels), fontsize=11)
    return _describe_maps(fig, maps, channels)


def _describe_maps(fig, maps, channels):
    """Each map's shape (of the example shown) and its root-mean-square size over the batch."""
    from resnet_lessons.debugging import activation_rms

    rms = activation_rms(maps)
    items = [f"{name} {'×'.join(map(str, maps[name].shape[1:]))} (rms {fmt3(rms[name])})" for name in maps]
    return describe(fig, *(t("alt_debugging_maps", lang=one, c=channels, n=len(maps), items=listed(items, one))
                           for one in ("en", "zh")))


def _first_loss(run):
    return next((v for v in run if v is not None and math.isfinite(v) and v > 0), None)


def divergence_cap(runs):
    """The loss above which a run counts as diverged: ``DIVERGE_FACTOR`` times the median first loss of ``runs``."""
    firsts = sorted(v for v in (_first_loss(run) for run in runs) if v is not None)
    if not firsts:
        return math.inf
    middle = len(firsts) // 2
    median = firsts[middle] if len(firsts) % 2 else (firsts[middle - 1] + firsts[middle]) / 2
    return DIVERGE_FACTOR * median


def diverged_at(run, cap):
    """The first step (1-based) whose loss is None, NaN, inf or above ``cap``; None if the run never diverged."""
    return next((k + 1 for k, v in enumerate(run) if v is None or not math.isfinite(v) or v > cap), None)


def plot_loss_curves(curves, title=None):
    """Mini-batch training loss per step (log scale) for several runs: ``{label: [loss, ...]}``.

    A value may also hold one run per seed, ``{label: [[loss, ...], [loss, ...], ...]}``: then the mean over the
    seeds is drawn as a line, their range (min to max) as a band, and each seed as a faint line.
    A run that diverged (a loss NaN, inf, or over ``DIVERGE_FACTOR`` times the runs' median first loss) is drawn
    up to the step before, marked "diverged" with an × at the top where it left, and named so in the legend:
    one exploding run never squashes the others into a flat line.
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError(error("debug_err_curves", got=type(curves).__name__))
    all_runs = []
    for losses in curves.values():
        seeds = list(losses) if losses and isinstance(losses[0], (list, tuple)) else [losses]
        if not all(isinstance(run, (list, tuple)) and run for run in seeds):
            raise TypeError(error("debug_err_curves", got=type(losses).__name__))
        all_runs += seeds
    cap = divergence_cap(all_runs)
    fig, ax = new_figure(figsize=(9, 5.8))
    seed_counts = set()
    marks = []
    for i, (label, losses) in enumerate(curves.items()):
        color = OTHER_COLORS[i % len(OTHER_COLORS)]
        seeds = list(losses) if isinstance(losses[0], (list, tuple)) else [losses]
        stops = [diverged_at(run, cap) for run in seeds]
        # a diverged run is drawn up to the step before it diverged; nothing above the cap is drawn
        runs = [[v if (k + 1 < (stop or math.inf) and v > 0) else math.nan for k, v in enumerate(run)]
                for run, stop in zip(seeds, stops)]
        stop = min((s for s in stops if s is not None), default=None)
        text = f"{label} — {t('debug_plot_diverged_clip', step=stop, cap=fmt3(cap))}" if stop else label
        if stop is not None:
            marks.append((stop, color))
        if len(runs) == 1:
            finite = runs[0]
            few = sum(not math.isnan(v) for v in finite) < 10  # a short run: show its points too
            ax.plot(range(1, len(finite) + 1), finite, color=color, lw=1.4, alpha=0.9, label=text,
                    marker="o" if few else None, ms=4)
            continue
        steps = min(len(run) for run in runs)
        columns = [[run[k] for run in runs] for k in range(steps)]
        mean = [sum(c) / len(c) if not any(math.isnan(v) for v in c) else math.nan for c in columns]
        low = [min(c) if not any(math.isnan(v) for v in c) else math.nan for c in columns]
        high = [max(c) if not any(math.isnan(v) for v in c) else math.nan for c in columns]
        x = range(1, steps + 1)
        for run in runs:
            ax.plot(range(1, len(run) + 1), run, color=color, lw=0.6, alpha=0.25)
        ax.fill_between(x, low, high, color=color, alpha=0.15, lw=0)
        ax.plot(x, mean, color=color, lw=1.6, alpha=0.95, label=text)
        seed_counts.add(len(runs))
    log_scale(ax, "y")
    top = ax.get_xaxis_transform()  # x in steps, y in axes fractions: the marks sit at the top edge
    if marks:  # headroom above the curves for the marks
        low, high = ax.get_ylim()
        ax.set_ylim(low, high * (high / low) ** (0.1 * len(marks)))
    for j, (step, color) in enumerate(marks):
        ax.plot([step], [0.97 - 0.08 * j], transform=top, marker="x", ms=9, mew=2.5, color=color, linestyle="none",
                clip_on=False)
        ax.annotate(t("debug_plot_diverged_mark"), (step, 0.97 - 0.08 * j), xycoords=top, xytext=(7, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=9, color=color)
    ax.set_xlabel(t("debug_plot_step_axis"))
    ax.set_ylabel(t("debug_plot_loss_axis"))
    note = t("debug_plot_seeds", n="/".join(map(str, sorted(seed_counts)))) if seed_counts else None
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, fontsize=9, title=note, title_fontsize=9)
    ax.set_title(title or t("debug_plot_losses_title"), fontsize=11)

    def alt(lang):
        items = []
        for label, losses in curves.items():
            seeds = list(losses) if isinstance(losses[0], (list, tuple)) else [losses]
            steps = min(len(run) for run in seeds)
            first, last = (sum(run[k] if run[k] is not None else math.nan for run in seeds) / len(seeds)
                           for k in (0, steps - 1))
            stop = min((s for s in (diverged_at(run, cap) for run in seeds) if s is not None), default=None)
            if stop is not None:
                items.append(t("alt_debugging_loss_diverged", lang=lang, label=label, step=stop, first=fmt3(first)))
            elif len(seeds) > 1:
                items.append(t("alt_debugging_loss_seeds", lang=lang, label=label, first=fmt3(first), last=fmt3(last),
                               steps=steps, seeds=len(seeds)))
            else:
                items.append(t("alt_debugging_loss_item", lang=lang, label=label, first=fmt3(first), last=fmt3(last),
                               steps=steps))
        return t("alt_debugging_losses", lang=lang, n=len(curves), items=listed(items, lang, strong=True))

    return describe(fig, alt("en"), alt("zh"))
