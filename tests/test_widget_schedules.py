"""The learning-rate schedule explorer (lesson 04): curves as data, the Panel's behaviour, the figure."""
import math
import re

import pytest
from helpers import CJK
from matplotlib.figure import Figure

from resnet_lessons import i18n
from resnet_lessons.plots.schedules import plot_schedules
from resnet_lessons.train import TrainConfig, lr_at
from resnet_lessons.widgets.schedules import (PAPER_STEPS, PAPER_STEPS_PER_EPOCH, paper_config, schedule_curves,
                                              schedule_explorer, schedule_label)


def test_the_paper_schedule():
    assert PAPER_STEPS_PER_EPOCH == 391
    config = paper_config()
    lrs = [lr_at(config, step, PAPER_STEPS) for step in (0, 31_999, 32_000, 47_999, 48_000, 63_999)]
    assert lrs == pytest.approx([0.1, 0.1, 0.01, 0.01, 0.001, 0.001])


def test_curves_come_from_the_trainers_schedule():
    data = schedule_curves(schedule="cosine", lr=0.2, warmup_epochs=2, total_steps=1000, steps_per_epoch=100)
    mine, paper = data["curves"]
    assert len(mine["lr"]) == 1000 and not mine["reference"] and paper["reference"]
    assert len(paper["lr"]) == 1000  # the paper's curve is cut to the horizon shown
    config = TrainConfig(epochs=10, lr=0.2, schedule="cosine", warmup_epochs=2, max_steps=1000)
    assert mine["lr"] == [lr_at(config, s, 1000, 100) for s in range(1000)]
    assert mine["lr"][0] == pytest.approx(0.2 / 200) and max(mine["lr"]) == pytest.approx(0.2)
    assert data["config"]["schedule"] == "cosine" and data["total_steps"] == 1000
    assert len(schedule_curves(reference=False)["curves"]) == 1


def test_labels_are_bilingual_and_follow_the_language():
    config = TrainConfig(epochs=10, schedule="step", warmup_epochs=1, warmup="constant")
    label = schedule_label(config)
    assert "÷10 at 50%, 75%" in label and "lr/10" in label and CJK.search(label)
    assert not CJK.search(schedule_label(config, "en"))
    assert "÷" in schedule_label(config, "zh") and not re.search("peak", schedule_label(config, "zh"))


@pytest.mark.parametrize("kwargs, match", [
    ({"schedule": "exponential"}, "schedule"),
    ({"lr": 0}, "lr"),
    ({"warmup_epochs": -1}, "warmup_epochs"),
    ({"warmup": "cosine"}, "warmup"),
    ({"milestones": (0.75, 0.5)}, "milestones"),
    ({"total_steps": 0}, "total_steps"),
    ({"steps_per_epoch": 2.5}, "steps_per_epoch"),
])
def test_bad_arguments_name_the_argument_in_both_languages(kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        schedule_curves(**kwargs)
    assert CJK.search(str(info.value))
    with pytest.raises(ValueError, match=match):
        schedule_explorer(**kwargs)


def test_explorer_rejects_what_its_sliders_cannot_show():
    with pytest.raises(ValueError, match="warm"):
        schedule_explorer(warmup_epochs=100)
    with pytest.raises(TypeError, match="log"):
        schedule_explorer(log="yes")


def test_controls_redraw_the_panel_at_once():
    panel = schedule_explorer()
    assert panel.updates == 1 and isinstance(panel.figure, Figure) and panel.error is None
    first = panel.figure
    assert panel.result["curves"][0]["lr"][32_000] == pytest.approx(0.01)

    panel.controls["schedule"].value = "cosine"
    assert panel.updates == 2 and panel.figure is not first
    assert panel.result["config"]["schedule"] == "cosine"
    panel.controls["warmup_epochs"].value = 5.0
    lr = panel.result["curves"][0]["lr"]
    assert lr[0] == pytest.approx(0.1 / round(5 * 391)) and max(lr) == pytest.approx(0.1)
    panel.controls["milestones"].value = (0.3, 0.6)
    panel.controls["schedule"].value = "step"
    assert panel.result["config"]["milestones"] == [0.3, 0.6]
    panel.controls["milestones"].value = (0.4, 0.4)  # one milestone
    assert panel.result["config"]["milestones"] == [0.4]
    panel.controls["log"].value = True
    assert panel.figure.axes[0].get_yscale() == "log" and panel.status.value == ""


def test_an_error_in_compute_shows_in_the_status_line():
    panel = schedule_explorer()
    figure = panel.figure

    def broken(values):
        raise ValueError(i18n.error("schedules_err_int", arg="total_steps", got="0"))

    panel.compute = broken
    panel.controls["lr"].value = 0.2
    assert isinstance(panel.error, ValueError) and panel.figure is figure
    assert "total_steps" in panel.status.value and CJK.search(panel.status.value)


def test_plot_draws_one_line_per_curve_and_a_grey_reference():
    curves = [{"label": "a", "lr": [0.1, 0.1, 0.01]}, {"label": "b", "lr": [0.1, 0.05, 0.0], "reference": True}]
    fig = plot_schedules(curves, steps_per_epoch=2)
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and len(ax.get_lines()) == 2
    assert ax.get_lines()[1].get_linestyle() == "--"
    assert CJK.search(ax.get_ylabel()) and len(ax.child_axes) == 1  # the epoch axis on top
    assert plot_schedules(curves, log=True).axes[0].get_yscale() == "log"


@pytest.mark.parametrize("bad, exc", [
    (None, TypeError), ([], TypeError), ([{"label": "a"}], TypeError), ([{"label": 1, "lr": [0.1]}], TypeError),
    ([{"label": "a", "lr": [0.1, math.nan]}], ValueError), ([{"label": "a", "lr": [-0.1]}], ValueError),
])
def test_plot_rejects_bad_curves(bad, exc):
    with pytest.raises(exc, match="curve"):
        plot_schedules(bad)


def test_plot_rejects_bad_options():
    curves = [{"label": "a", "lr": [0.1]}]
    with pytest.raises(ValueError, match="steps_per_epoch"):
        plot_schedules(curves, steps_per_epoch=0)
    with pytest.raises(TypeError, match="log"):
        plot_schedules(curves, log=1)


def test_plot_linestyles():
    curves = [{"label": "a", "lr": [0.1, 0.1]}, {"label": "b", "lr": [0.1, 0.1], "linestyle": ":"}]
    assert plot_schedules(curves).axes[0].get_lines()[1].get_linestyle() == ":"
    with pytest.raises(ValueError, match="linestyle"):
        plot_schedules([{"label": "a", "lr": [0.1], "linestyle": "wavy"}])
