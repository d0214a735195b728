import dataclasses

import ipywidgets as widgets
import pytest

from resnet_lessons import cli
from resnet_lessons.experiments import available
from resnet_lessons.plots import new_figure
from resnet_lessons.widgets.panel import Panel


def test_help_lists_every_experiment_in_both_languages(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "运行课程中的一个实验" in out
    for name in available():
        assert name in out


@pytest.mark.parametrize("name", available())
def test_every_experiment_has_working_help(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([name, "--help"])
    assert exit_.value.code == 0
    assert "--json" in capsys.readouterr().out


def test_unknown_experiment_is_one_bilingual_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["no-such-experiment"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "错误" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_bug_inside_an_experiment_is_not_reported_as_a_bad_option(monkeypatch, capsys):
    # A bad option is a bilingual message and exit 2; an error the package did not write for the user
    # (here a plain ValueError from inside run) is a bug and keeps its traceback.
    from resnet_lessons.experiments import residual_fit

    def broken(config):
        raise ValueError("shape mismatch deep inside torch")

    monkeypatch.setattr(residual_fit, "EXPERIMENT", dataclasses.replace(residual_fit.EXPERIMENT, run=broken,
                                                                         run_cached=None))
    with pytest.raises(ValueError, match="shape mismatch"):
        cli.main(["residual_fit", "--steps", "1"])
    assert cli.main(["residual_fit", "--steps", "0"]) == 2  # a bad option: one bilingual line
    err = capsys.readouterr().err
    assert "steps" in err and "错误" in err and "Traceback" not in err


def _draw(value):
    fig, ax = new_figure()
    ax.plot([0, 1], [0, value])
    return fig


def test_panel_redraws_on_change_and_stores_a_png_fallback():
    slider = widgets.IntSlider(value=1, min=0, max=5)
    panel = Panel("test", {"n": slider}, compute=lambda v: v["n"], draw=_draw)
    panel.update()
    first = panel.figure
    slider.value = 3
    assert panel.result == 3 and panel.figure is not first and panel.updates == 2
    data = {}
    import resnet_lessons.widgets.display as display_module

    original = display_module.display
    try:
        display_module.display = lambda bundle, raw, **kw: data.update(bundle)
        panel._ipython_display_()
    finally:
        display_module.display = original
    assert "image/png" in data and "application/vnd.jupyter.widget-view+json" in data
    assert "static" in data["text/plain"]


def test_panel_shows_errors_in_both_languages_and_recovers():
    def compute(values):
        if values["n"] == 2:
            raise ValueError("n must not be 2")
        return values["n"]

    slider = widgets.IntSlider(value=1, min=0, max=5)
    panel = Panel("test", {"n": slider}, compute=compute, draw=_draw)
    panel.update()
    slider.value = 2
    assert "n must not be 2" in panel.status.value and "出错了" in panel.status.value
    assert panel.result == 1  # the last good result stays
    slider.value = 3
    assert panel.status.value == "" and panel.result == 3


def test_changes_during_an_update_do_not_pile_up():
    slider = widgets.IntSlider(value=0, min=0, max=100)
    calls = []

    def compute(values):
        calls.append(values["n"])
        if len(calls) == 1:  # three more changes arrive while the first update runs
            for n in (5, 6, 7):
                slider.value = n
        return values["n"]

    panel = Panel("test", {"n": slider}, compute=compute, draw=_draw)
    panel.update()
    assert calls == [0, 7]  # the latest value once, not one run per change
    assert panel.result == 7


def test_slider_readouts_cannot_be_typed_into_and_follow_the_value():
    """A typed readout value that is not a slider value was silently ignored (issue 17): every slider of a Panel
    shows a read-only label instead, which always says the value that will run."""
    import ipywidgets as widgets

    from resnet_lessons.widgets.panel import Panel

    depth = widgets.SelectionSlider(options=[8, 20, 56], value=20, description="depth")
    rate = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=1, readout_format=".3g", description="lr")
    span = widgets.FloatRangeSlider(value=(0.5, 0.75), min=0.05, max=0.95, step=0.05, readout_format=".0%")
    panel = Panel("t", {"depth": depth, "lr": rate, "span": span}, compute=lambda v: v, draw=lambda r: None)
    labels = {name: next(w for w in box.children if isinstance(w, widgets.Label))
              for name, box in zip(panel.controls, panel.ui.children[1].children)}
    assert not any(control.readout for control in panel.controls.values())
    assert [labels[n].value for n in ("depth", "lr", "span")] == ["20", "0.1", "50% – 75%"]
    depth.value = 56
    span.value = (0.25, 0.5)
    assert labels["depth"].value == "56" and labels["span"].value == "25% – 50%"
