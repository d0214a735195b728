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
    assert panel.result == 1 and panel.updates == 1  # the first figure is drawn when the panel is made
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

    panel = Panel("test", {"n": slider}, compute=compute, draw=_draw)  # its first update
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


def test_an_initial_result_is_drawn_without_computing():
    calls = []

    def compute(values):
        calls.append(values["n"])
        return values["n"]

    slider = widgets.IntSlider(value=1, min=0, max=5)
    panel = Panel("t", {"n": slider}, compute=compute, draw=_draw, auto=False, initial=4)
    assert calls == [] and panel.result == 4 and panel.updates == 1
    assert panel.figure.axes[0].lines and "image/png" in panel.output.outputs[0]["data"]  # not an empty figure
    panel.button.click()
    assert calls == [1] and panel.result == 1 and panel.updates == 2
    # a function gets the control values (and may return None: the draw function shows "nothing yet")
    seen = []

    def nothing_yet(values):
        seen.append(values)
        return None

    later = Panel("t", {"n": slider}, compute=compute, draw=lambda r: _draw(0 if r is None else r), auto=False,
                  initial=nothing_yet)
    assert seen == [{"n": 1}] and later.result is None and later.figure is not None and calls == [1]


def test_an_initial_function_that_fails_is_shown_not_raised():
    def broken(values):
        raise ValueError("no shipped result")

    panel = Panel("t", {"n": widgets.IntSlider()}, compute=lambda v: 1, draw=_draw, auto=False, initial=broken)
    assert "no shipped result" in panel.status.value and "出错了" in panel.status.value
    panel.button.click()  # the panel is not stuck
    assert panel.result == 1 and panel.status.value == ""


def _blocking_panel(calls, release):
    def compute(values):
        calls.append(values["n"])
        assert release.wait(10)
        return values["n"]

    return Panel("t", {"n": widgets.IntSlider(value=2)}, compute=compute, draw=_draw, auto=False,
                 stoppable=True, background=True, initial=0)


def test_a_second_run_while_one_runs_does_nothing():
    import threading

    calls, release = [], threading.Event()
    panel = _blocking_panel(calls, release)
    assert panel.start() is True
    assert panel.button.disabled and not panel.stop_button.disabled
    assert panel.start() is False  # a second Run: refused
    panel.button.click()  # what a click does (the front end would not even send it: the button is disabled)
    other = []
    thread = threading.Thread(target=lambda: other.append(panel.start()))
    thread.start()
    thread.join(10)
    assert other == [False]  # from another thread too
    release.set()
    panel.wait(10)
    assert calls == [2] and panel.result == 2 and panel.updates == 2
    assert not panel.button.disabled and panel.stop_button.disabled
    assert panel.start() is True  # free again afterwards
    panel.wait(10)
    assert calls == [2, 2]


def test_runs_started_at_the_same_moment_from_many_threads_make_one_run():
    import threading

    calls, release = [], threading.Event()
    panel = _blocking_panel(calls, release)
    barrier = threading.Barrier(8)
    started = []

    def click():
        barrier.wait(10)
        started.append(panel.start())

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    release.set()
    panel.wait(10)
    assert sorted(started) == [False] * 7 + [True] and calls == [2]


def test_extra_buttons_draw_their_action_without_computing_and_wait_for_a_run():
    import threading

    calls, release = [], threading.Event()
    actions = []

    def clear(values):
        actions.append(values)
        return 0

    def compute(values):
        calls.append(values["n"])
        assert release.wait(10)
        return values["n"]

    panel = Panel("t", {"n": widgets.IntSlider(value=3)}, compute=compute, draw=_draw, auto=False, background=True,
                  initial=1, buttons={"clear": ("Clear / 清除", "eraser", clear)})
    clear_button = panel.buttons["clear"]
    assert clear_button in panel.row.children and clear_button.description == "Clear / 清除"
    assert not hasattr(panel, "clear_button")
    clear_button.click()
    assert actions == [{"n": 3}] and calls == [] and panel.result == 0 and panel.updates == 2
    panel.start()
    assert clear_button.disabled  # no Clear in the middle of a run
    clear_button.click()
    assert len(actions) == 1  # refused while the run goes on
    release.set()
    panel.wait(10)
    assert panel.result == 3 and not clear_button.disabled


def test_remember_computes_each_setting_once():
    calls = []

    def compute(values):
        calls.append(values["n"])
        return values["n"]

    slider = widgets.IntSlider(value=1, min=0, max=5)
    panel = Panel("t", {"n": slider}, compute=compute, draw=_draw, remember=True)
    first = panel.figure
    slider.value = 2
    slider.value = 1
    assert calls == [1, 2] and panel.result == 1 and panel.updates == 3 and panel.figure is not first
