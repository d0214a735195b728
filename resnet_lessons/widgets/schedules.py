"""Explore learning-rate schedules: pick a schedule, a peak learning rate, a warm-up and milestones.

    >>> from resnet_lessons.widgets.schedules import schedule_explorer, schedule_curves
    >>> panel = schedule_explorer()                       # in a notebook: the widget + a static figure
    >>> panel.controls["schedule"].value = "cosine"       # what a click in the dropdown does
    >>> data = schedule_curves(schedule="cosine", warmup_epochs=5)
    >>> data["curves"][0]["lr"][0]                        # the first step of a 5-epoch linear warm-up
    5.1150895140664964e-05

Nothing is trained: every curve comes from ``resnet_lessons.train.schedule_curve``, the same
function the trainer calls at every step, so the redraw is instant. The default horizon is the
paper's CIFAR-10 run (He et al. 2015, Sec. 4.2): 64,000 iterations of batch 128 over 50,000
images, 391 iterations per epoch; its schedule (0.1, divided by 10 at 32k and 48k) is drawn as a
grey dashed reference.
"""
import ipywidgets as widgets

from resnet_lessons.i18n import error, get_language, t
from resnet_lessons.train import SCHEDULES, WARMUPS, TrainConfig, schedule_curve, steps_per_epoch

PAPER_STEPS = 64_000                      # He et al. 2015, Sec. 4.2: stop at 64k iterations
PAPER_STEPS_PER_EPOCH = steps_per_epoch(50_000, 128)  # 391: CIFAR-10's 50,000 images in batches of 128
PAPER_MILESTONES = (0.5, 0.75)            # 32k and 48k of 64k
MAX_WARMUP_EPOCHS = 40


def paper_config():
    """The paper's CIFAR-10 schedule as a TrainConfig: lr 0.1, divided by 10 at 32k and 48k of 64k steps."""
    epochs = -(-PAPER_STEPS // PAPER_STEPS_PER_EPOCH)  # 164 epochs cover 64k steps; max_steps cuts the rest
    return TrainConfig(epochs=epochs, lr=0.1, schedule="step", milestones=PAPER_MILESTONES, gamma=0.1,
                       max_steps=PAPER_STEPS)


def _config(schedule, lr, warmup_epochs, warmup, milestones, total_steps, per_epoch):
    """A TrainConfig for one schedule; TrainConfig checks every value (bilingual errors)."""
    if isinstance(milestones, list):
        milestones = tuple(milestones)
    epochs = max(1, -(-total_steps // per_epoch))
    return TrainConfig(epochs=epochs, lr=lr, schedule=schedule, milestones=milestones,
                       warmup_epochs=warmup_epochs, warmup=warmup, max_steps=total_steps)


def _check_horizon(total_steps, per_epoch):
    for name, value in (("total_steps", total_steps), ("steps_per_epoch", per_epoch)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(error("schedules_err_int", arg=name, got=repr(value)))
    if total_steps > 10_000_000:
        raise ValueError(error("schedules_err_int", arg="total_steps", got=repr(total_steps)))


def schedule_label(config, lang=None):
    """A short description of a schedule, e.g. "step ÷10 at 50%, 75%, peak 0.1, 5 epochs linear warm-up"."""
    lang = get_language() if lang is None else lang
    if lang == "both":
        return schedule_label(config, "en") + " / " + schedule_label(config, "zh")
    parts = [t("schedules_name_" + config.schedule, lang=lang)]
    if config.schedule == "step":
        where = (", " if lang == "en" else "、").join(f"{m:.0%}" for m in config.milestones)
        parts[0] += ("" if lang == "zh" else " ") + t("schedules_at", lang=lang, gamma=f"{1 / config.gamma:g}",
                                                       where=where)
    parts.append(t("schedules_peak", lang=lang, lr=config.lr))
    if config.warmup_epochs > 0:
        parts.append(t("schedules_warmup_" + config.warmup, lang=lang, epochs=config.warmup_epochs))
    return (", " if lang == "en" else "，").join(parts)


def schedule_curves(schedule="step", lr=0.1, warmup_epochs=0.0, warmup="linear", milestones=PAPER_MILESTONES,
                    total_steps=PAPER_STEPS, steps_per_epoch=PAPER_STEPS_PER_EPOCH, reference=True):
    """The learning rate of every step for one schedule (and the paper's, if ``reference``), as plain data.

    Returns ``{"curves": [{"label", "lr", "reference"}, ...], "steps_per_epoch": int, "total_steps": int,
    "config": TrainConfig.to_dict()}``; the chosen schedule comes first.
    """
    _check_horizon(total_steps, steps_per_epoch)
    config = _config(schedule, lr, warmup_epochs, warmup, milestones, total_steps, steps_per_epoch)
    curves = [{"label": schedule_label(config), "lr": schedule_curve(config, total_steps, steps_per_epoch),
               "reference": False}]
    if reference:
        paper = paper_config()
        lr_paper = schedule_curve(paper, PAPER_STEPS, PAPER_STEPS_PER_EPOCH)
        steps = min(total_steps, PAPER_STEPS)
        curves.append({"label": t("schedules_paper"), "lr": lr_paper[:steps], "reference": True})
    return {"curves": curves, "steps_per_epoch": steps_per_epoch, "total_steps": total_steps,
            "config": config.to_dict()}


def schedule_explorer(schedule="step", lr=0.1, warmup_epochs=0.0, warmup="linear", milestones=PAPER_MILESTONES,
                      total_steps=PAPER_STEPS, steps_per_epoch=PAPER_STEPS_PER_EPOCH, log=False):
    """A Panel: schedule, peak learning rate, warm-up (length and kind), milestones and a log axis.

    Every change redraws at once (nothing is trained). The paper's schedule stays in the figure
    as a grey dashed line for comparison.
    """
    from resnet_lessons.plots.schedules import plot_schedules  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    # Check the arguments the way the computation will, before building any control.
    schedule_curves(schedule, lr, warmup_epochs, warmup, milestones, total_steps, steps_per_epoch, reference=False)
    if not isinstance(log, bool):
        raise TypeError(error("schedules_err_log", got=repr(log)))
    if warmup_epochs > MAX_WARMUP_EPOCHS or not 0.001 <= lr <= 10:
        raise ValueError(error("schedules_err_widget_range", lr=lr, warmup=warmup_epochs, max=MAX_WARMUP_EPOCHS))
    style = {"description_width": "initial"}
    controls = {
        "schedule": widgets.Dropdown(options=[(t("schedules_name_" + s), s) for s in SCHEDULES], value=schedule,
                                     description=t("schedules_w_schedule"), style=style),
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-3, max=1, step=0.1, readout_format=".3g",
                                     description=t("schedules_w_lr"), continuous_update=False, style=style),
        "warmup_epochs": widgets.FloatSlider(value=warmup_epochs, min=0, max=MAX_WARMUP_EPOCHS, step=0.5,
                                             description=t("schedules_w_warmup"), continuous_update=False,
                                             style=style),
        "warmup": widgets.Dropdown(options=[(t("schedules_w_warmup_" + w), w) for w in WARMUPS], value=warmup,
                                   description=t("schedules_w_warmup_kind"), style=style),
        "milestones": widgets.FloatRangeSlider(value=tuple(milestones), min=0.05, max=0.95, step=0.05,
                                               readout_format=".0%", description=t("schedules_w_milestones"),
                                               continuous_update=False, style=style),
        "log": widgets.Checkbox(value=log, description=t("schedules_w_log"), indent=False),
    }

    def compute(values):
        low, high = values["milestones"]
        milestones = (round(low, 4),) if high - low < 1e-9 else (round(low, 4), round(high, 4))
        return schedule_curves(values["schedule"], values["lr"], values["warmup_epochs"], values["warmup"],
                               milestones, total_steps, steps_per_epoch)

    def draw(data):
        return plot_schedules(data["curves"], steps_per_epoch=data["steps_per_epoch"], log=controls["log"].value,
                              title=t("schedules_w_figure_title", sep="\n", steps=data["total_steps"]))

    panel = Panel(t("schedules_w_title"), controls, compute=compute, draw=draw)
    return panel
