"""The degradation experiment (He et al. 2015, Fig. 6): the effect itself, runs, cache, CLI, plots, widgets."""
import json

import pytest
from helpers import CJK, assert_cli_refuses, run_cli, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli
from resnet_lessons.experiments import base, degradation
from resnet_lessons.train import StopTraining

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

# Two tiny nets per kind on 128 examples, one epoch: about a second on one thread.
TINY = dict(depths=(8, 14), epochs=1, train_subset=128, batch_size=32, width=4, progress=False, device="cpu")
TINY_ARGS = ["--depths", "8", "14", "--epochs", "1", "--train-subset", "128", "--batch-size", "32", "--width", "4",
             "--no-progress", "--device", "cpu"]
# The smallest budget found that still shows the effect, with margins, for seeds 0, 1 and 2 (plain gap
# 32-36 points, residual gap -3 to -5 points): ~10 s on an idle core, ~35 s on a busy shared one.
EFFECT = dict(depths=(8, 44), epochs=4, batch_size=32, train_subset=1000, progress=False, device="cpu")


@pytest.fixture(scope="module")
def tiny_result(one_thread_for_module):
    return degradation.run(**TINY)


# --- the lesson's claim -----------------------------------------------------------------------------

def test_deeper_plain_net_trains_worse_deeper_resnet_does_not():
    result = degradation.run(**EFFECT)
    gaps = result.gaps()
    plain8, plain44 = result.run_for(8, False), result.run_for(44, False)
    res8, res44 = result.run_for(8, True), result.run_for(44, True)
    assert plain44.train_error - plain8.train_error >= 0.10, result.summary()
    assert res44.train_error <= res8.train_error + 0.02, result.summary()
    assert gaps["plain"] >= 10 and gaps["residual"] <= 2
    assert result.shows_degradation() is True
    assert "->" in result.summary() and CJK.search(result.summary())


# --- runs ---------------------------------------------------------------------------------------------

def test_shapes_and_order(tiny_result):
    r = tiny_result
    assert [(x.depth, x.residual) for x in r.runs] == [(8, False), (14, False), (8, True), (14, True)]
    assert r.experiment == "degradation" and r.dataset == "mnist1d" and r.seed == 0 and r.device == "cpu"
    assert r.config["depths"] == [8, 14] and r.stopped is False and r.command is None
    for item in r.runs:
        curves = item.curves
        assert len(curves["epoch"]) == len(curves["train_error"]) == len(curves["test_error"]) == 1
        assert curves["iteration"] == [4] and len(curves["step_loss"]) == 4  # 128 examples / 32
        assert item.train_error == curves["train_error"][-1] and 0 <= item.train_error <= 1
        assert item.parameters > 0 and not item.diverged and not item.stopped
    # plain and residual twins have exactly the same parameters (option A shortcuts)
    assert r.run_for(8, False).parameters == r.run_for(8, True).parameters


def test_same_seed_same_result(tiny_result):
    assert without_seconds(degradation.run(**TINY)) == without_seconds(tiny_result)


def test_other_seed_other_result(tiny_result):
    assert without_seconds(degradation.run(**{**TINY, "seed": 1})) != without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    data = json.loads(base.to_json(tiny_result))
    back = base.from_dict(degradation.DegradationResult, data)
    assert back == tiny_result and isinstance(back.runs[0], degradation.Run)


def test_one_kind_only():
    r = degradation.run(**{**TINY, "depths": (8,), "kinds": ("residual",)})
    assert [x.label for x in r.runs] == [degradation.net_label(True, 8)]
    assert r.gaps() == {"plain": None, "residual": None} and r.shows_degradation() is None


def test_summary_is_bilingual_and_has_no_timing(tiny_result):
    text = tiny_result.summary()
    assert "plain-8" in text and "ResNet-14" in text and CJK.search(text)
    assert "second" not in text and "秒" not in text


def test_run_for_unknown_run(tiny_result):
    with pytest.raises(ValueError, match="depth"):
        tiny_result.run_for(56, True)


def test_callback_sees_every_epoch_and_can_stop():
    seen = []

    def callback(partial):
        seen.append([(x.depth, x.residual, len(x.curves["epoch"])) for x in partial.runs])
        if len(seen) == 3:
            raise StopTraining()

    r = degradation.run(**{**TINY, "epochs": 2}, callback=callback)
    assert seen[0] == [(8, False, 1)] and seen[1] == [(8, False, 2)] and seen[2] == [(8, False, 2), (14, False, 1)]
    assert r.stopped and [x.depth for x in r.runs] == [8, 14] and r.runs[-1].stopped
    assert "stopped" in r.summary()


def test_run_cached_reuses_nets_and_resumes(tmp_path):
    first = degradation.run_cached(degradation.Config(**{**TINY, "depths": (8,)}), directory=tmp_path)
    files = sorted(tmp_path.glob("degradation-run-*.json"))
    assert len(files) == 2  # one per finished net
    # A config with one more depth trains only the new nets: the cached ones come back unchanged.
    calls = []
    more = degradation.run_cached(degradation.Config(**TINY), directory=tmp_path, callback=calls.append)
    assert len(sorted(tmp_path.glob("degradation-run-*.json"))) == 4
    assert more.run_for(8, False) == first.run_for(8, False) and more.run_for(8, True) == first.run_for(8, True)
    # A corrupt entry is recomputed (with a warning), not trusted.
    files[0].write_text("{not json")
    with pytest.warns(UserWarning):
        again = degradation.run_cached(degradation.Config(**TINY), directory=tmp_path)
    assert without_seconds(again) == without_seconds(more)


def test_digits_dataset_runs_in_2d():
    r = degradation.run(**{**TINY, "dataset": "digits", "depths": (8,), "train_subset": 64})
    assert r.dataset == "digits" and len(r.runs) == 2


# --- bad input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, exc", [
    ("depths", (21,), ValueError), ("depths", (), TypeError), ("depths", [20, 56], TypeError),
    ("depths", (20, 20), ValueError), ("depths", (20.0,), TypeError), ("depths", (2,), ValueError),
    ("kinds", ("resnet",), ValueError), ("kinds", (), ValueError), ("kinds", "plain", ValueError),
    ("dataset", "cifar10", ValueError), ("epochs", 0, ValueError), ("epochs", 1.5, TypeError),
    ("batch_size", 1, ValueError), ("lr", 0, ValueError), ("lr", "0.1", TypeError), ("lr", float("nan"), ValueError),
    ("width", 0, ValueError), ("train_subset", 5, ValueError), ("seed", -1, ValueError),
    ("device", "tpu", ValueError), ("progress", "yes", TypeError),
])
def test_bad_config_names_the_field(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        degradation.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_bad_config_type_and_callback():
    with pytest.raises(TypeError, match="config"):
        degradation.run(config={"depths": (20,)})
    with pytest.raises(TypeError, match="callback"):
        degradation.run(**TINY, callback=42)


def test_load_sweep_bad_name():
    with pytest.raises(ValueError, match="name"):
        degradation.load_sweep("nope")


def test_load_sweep_missing_or_corrupt_is_explained(monkeypatch, tmp_path):
    import importlib.resources

    (tmp_path / "results").mkdir()
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path)
    with pytest.raises(FileNotFoundError, match="precompute.py") as info:
        degradation.load_sweep()
    assert CJK.search(str(info.value))
    (tmp_path / "results" / "degradation_full").mkdir()
    (tmp_path / "results" / "degradation_full" / "seed-0.json").write_text('{"experiment": ')
    with pytest.raises(ValueError, match="precompute.py"):
        degradation.load_sweep()


@pytest.mark.parametrize("name", ["degradation_full", "degradation_lecture"])
def test_shipped_sweeps_show_the_effect_on_every_seed(name):
    from resnet_lessons.results import PRECOMPUTED

    sweep = degradation.load_sweep(name)
    assert set(sweep.seeds) <= set(PRECOMPUTED[name].seeds) and len(PRECOMPUTED[name].seeds) >= 5
    assert sweep.seeds == list(PRECOMPUTED[name].seeds)  # all five ship: the bands are over five seeds
    for result in sweep.results:
        assert result.command.endswith(f"--seed {result.seed} --json")
        assert {"cpu", "logical_cores", "torch_threads", "torch", "python", "numpy", "device"} <= set(result.machine)
        assert all(run.seed == result.seed for run in result.runs)
    assert sweep.degrades_every_seed(56, 20)
    for depth in sweep.depths():
        assert sweep.final(depth, True).high < 0.05  # every ResNet fits its training data, every seed


def test_every_depth_of_the_slider_ships_at_the_lecture_budget():
    """degradation_slider: each position of the depth slider shows at once at the lecture budget (seed 0), and the
    nets it shares with degradation_lecture are the same nets, bit for bit (the same command, the same machine)."""
    shipped = degradation.shipped_runs(degradation.Config())
    assert set(shipped) == {(depth, residual) for depth in degradation.DEPTH_CHOICES for residual in (False, True)}
    slider = degradation.load_sweep("degradation_slider").results[0]
    lecture = degradation.load_sweep("degradation_lecture").results[0]
    for item in lecture.runs:
        assert slider.run_for(item.depth, residual=item.residual).curves == item.curves
    assert degradation.shipped_result(degradation.Config()) is not None
    assert degradation.shipped_runs(degradation.Config(epochs=5)) == {}  # another budget: nothing shipped


def test_a_rerun_falls_within_the_shipped_band():
    """Rerun plain-20 and ResNet-20 of the lecture budget (seed 0, one thread): each final training error lies
    within the five seeds' band, widened by TOLERANCE; on the machine the band was made on (same CPU, threads and
    versions) the rerun is bit-identical to the shipped seed."""
    from resnet_lessons.experiments.base import machine

    tolerance = 0.05  # 5 points: float-level differences between machines move a run within about this much
    sweep = degradation.load_sweep("degradation_lecture")
    config = degradation.Config(**{**sweep.results[0].config, "depths": (20,), "kinds": tuple(degradation.KINDS),
                                   "progress": False})
    rerun = degradation.run(config)
    for item in rerun.runs:
        band = sweep.final(20, item.residual)
        assert band.contains(item.train_error, tolerance), (item.label, item.train_error, band)
    shipped = sweep.results[0]
    here = machine(rerun.device)
    if all(here[k] == shipped.machine[k] for k in ("cpu", "torch_threads", "torch", "python", "numpy")):
        for item in rerun.runs:
            assert item.curves == shipped.run_for(20, item.residual).curves


# --- command line ---------------------------------------------------------------------------------------

def test_cli_json(capsys):
    assert cli.main(["degradation", *TINY_ARGS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "degradation" and data["dataset"] == "mnist1d"
    run = data["runs"][0]
    assert run["depth"] == 8 and run["residual"] is False and 0 <= run["train_error"] <= 1
    assert {"train_error", "test_error", "iteration", "step_loss"} <= set(run["curves"])
    assert len(data["runs"]) == 4


def test_cli_kinds_and_summary(capsys):
    assert cli.main(["degradation", *TINY_ARGS, "--kinds", "plain", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "plain-14" in out and "ResNet" not in out and CJK.search(out)


def test_cli_help(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["degradation", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "--depths" in out and "--kinds" in out and CJK.search(out)


def test_cli_bad_depth_exit_2(capsys):
    assert cli.main(["degradation", "--depths", "21"]) == 2
    err = capsys.readouterr().err
    assert "depths" in err and CJK.search(err) and "Traceback" not in err


def test_module_entry_point_subprocess(tmp_path):
    env = {"RESNET_LESSONS_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
    assert_cli_refuses(["degradation", "--epochs", "0"], "epochs", env=env)
    # sklearn's digits load in milliseconds (MNIST-1D would be generated again in the empty cache)
    good = run_cli("degradation", *TINY_ARGS, "--depths", "8", "--dataset", "digits", "--train-subset", "64", "--json",
                   env=env)
    assert good.returncode == 0, good.stderr
    assert [r["depth"] for r in json.loads(good.stdout)["runs"]] == [8, 8]


# --- plots ----------------------------------------------------------------------------------------------

def test_plots(tiny_result):
    from resnet_lessons.plots.degradation import plot_degradation, plot_training_curves

    fig = plot_training_curves(tiny_result)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    # per panel: one training and one test line per depth, plus two grey legend proxies
    assert [len(ax.lines) for ax in fig.axes] == [2 * 2 + 2, 2 * 2 + 2]
    fig = plot_degradation(tiny_result, lang="en")  # its last panel: final error vs depth
    assert len(fig.axes[2].lines) == 4 and list(fig.axes[2].lines[0].get_xdata()) == [8, 14]
    assert not CJK.search(fig.axes[2].get_ylabel())
    fig = plot_degradation(tiny_result, lang="zh")
    assert len(fig.axes) == 3 and CJK.search(fig.axes[0].get_title())
    one = degradation.run(**{**TINY, "depths": (8,), "kinds": ("plain",)})
    assert len(plot_training_curves(one).axes) == 1
    assert isinstance(plot_degradation(degradation.empty_result()), Figure)


def test_plot_rejects_other_objects():
    from resnet_lessons.plots.degradation import plot_training_curves

    with pytest.raises(TypeError, match="result"):
        plot_training_curves({"runs": []})


# --- widgets --------------------------------------------------------------------------------------------

WIDGET_CONFIG = dict(train_subset=64, batch_size=32, width=4, device="cpu")


def test_runner_trains_on_run_and_shows_errors():
    from resnet_lessons.widgets.degradation import degradation_runner

    panel = degradation_runner(depths=(8,), epochs=1, background=False, **WIDGET_CONFIG)
    assert panel.updates == 1 and panel.figure is not None  # the initial figure, nothing trained
    panel.controls["depths"].value = (8, 14)
    panel.run_button.click()
    assert panel.updates == 2 and panel.error is None
    assert [(r.depth, r.residual) for r in panel.result.runs] == [(8, False), (14, False), (8, True), (14, True)]
    panel.controls["plain"].value = False
    panel.controls["residual"].value = False  # nothing to train: a bilingual error in the status line
    panel.update()
    assert panel.updates == 2 and "kinds" in panel.status.value and CJK.search(panel.status.value)


def test_runner_in_background_can_be_stopped():
    from resnet_lessons.widgets.degradation import degradation_runner

    panel = degradation_runner(depths=(8, 14), epochs=2, **WIDGET_CONFIG)
    assert panel.stop_button.disabled
    panel.stop()  # asked before the first epoch ends: the run stops after it
    panel.start()
    panel.stop()
    panel.wait(120)
    assert panel.result.stopped and len(panel.result.runs) == 1 and panel.error is None
    assert CJK.search(panel.status.value) and not panel.run_button.disabled and panel.stop_button.disabled
    assert panel.output.outputs and "image/png" in panel.output.outputs[0]["data"]
    panel.start()  # the UI recovers: a second run goes to the end
    panel.wait(120)
    assert not panel.result.stopped and len(panel.result.runs) == 4


def test_runner_shows_compute_errors_without_raising(monkeypatch):
    from resnet_lessons.widgets.degradation import degradation_runner

    panel = degradation_runner(depths=(8,), epochs=1, background=False, **WIDGET_CONFIG)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(degradation, "run_cached", broken)
    panel.run_button.click()
    assert "injected failure" in panel.status.value and CJK.search(panel.status.value)
    assert panel.updates == 1 and not panel.run_button.disabled


def test_runner_bad_arguments():
    from resnet_lessons.widgets.degradation import degradation_runner

    with pytest.raises(ValueError, match="depths"):
        degradation_runner(depths=(21,))
    with pytest.raises(ValueError, match="epochs"):
        degradation_runner(epochs=0)
    with pytest.raises(ValueError, match="lr"):
        degradation_runner(lr=-1)


def test_depth_slider_adds_curves_and_clears():
    from resnet_lessons.widgets.degradation import depth_slider_explorer

    panel = depth_slider_explorer(depth=8, epochs=1, background=False, **WIDGET_CONFIG)
    assert panel.updates == 1 and panel.result.runs == []
    panel.button.click()
    panel.controls["depth"].value = 14  # no training on a slider change
    assert panel.updates == 2 and panel.result.depths() == [8]
    panel.button.click()
    assert panel.updates == 3 and panel.result.depths() == [8, 14] and len(panel.result.runs) == 4
    panel.buttons["clear"].click()
    assert panel.updates == 4 and panel.result.runs == []
    with pytest.raises(ValueError, match="depth"):
        depth_slider_explorer(depth=9)


def test_depth_slider_shows_every_depth_at_once_at_the_lecture_budget(monkeypatch):
    from resnet_lessons.widgets.degradation import depth_slider_explorer

    def no_training(*args, **kwargs):
        raise AssertionError("a shipped net was trained again")

    monkeypatch.setattr(degradation, "run_cached", no_training)
    panel = depth_slider_explorer(depth=20, background=False)
    assert panel.result.depths() == [20, 56]  # the nets of degradation_lecture, as before class
    for depth in (8, 110):
        panel.controls["depth"].value = depth
        panel.button.click()
    assert panel.result.depths() == [8, 20, 56, 110] and len(panel.result.runs) == 8
    assert "--depths 8 14 20 32 44 56 110" in panel.result.command  # where they come from


def test_depth_slider_shows_progress_keeps_the_figure_and_can_be_stopped():
    from resnet_lessons.widgets.degradation import depth_slider_explorer

    panel = depth_slider_explorer(depth=8, epochs=2, use_cache=False, **WIDGET_CONFIG)
    before = panel.output.outputs
    seen = []
    panel.status.observe(lambda change: seen.append(change["new"]), names="value")
    panel.output.observe(lambda change: seen.append(len(change["new"])), names="outputs")
    panel.start()
    panel.wait(120)
    assert panel.error is None and len(panel.result.runs) == 2 and panel.output.outputs != before
    assert any("<progress" in str(v) and "net 2 of 2" in str(v) and "epoch 2 of 2" in str(v) for v in seen)
    assert 0 not in seen  # the figure never disappears (no empty output between two figures)
    panel.controls["depth"].value = 14
    panel.stop()
    panel.start()
    panel.stop()  # after the first epoch of plain-14: the run ends there
    panel.wait(120)
    assert panel.result.stopped or panel.error is None
    assert not panel.run_button.disabled and panel.stop_button.disabled


# --- twins in parallel, one per core -------------------------------------------------------------------

PARALLEL = dict(depths=(8, 14), epochs=2, train_subset=64, batch_size=32, width=4, progress=False, device="cpu")


def comparable(result):
    data = to_json_dict(result)
    data.pop("seconds")
    for item in data["runs"]:
        item.pop("seconds")
    return data


def to_json_dict(result):
    import json

    return json.loads(base.to_json(result))


def test_nets_trained_in_parallel_give_the_same_result_bit_for_bit(tmp_path, monkeypatch):
    monkeypatch.setattr(degradation, "PARALLEL_WORK", 0)  # tiny nets: parallel even though it does not pay
    seen = []
    together = degradation.run(**PARALLEL, workers=2, callback=lambda partial: seen.append(len(partial.runs)))
    alone = degradation.run(**PARALLEL)
    assert comparable(together) == comparable(alone)  # the same floats, in the same order of nets
    assert [(r.depth, r.residual) for r in together.runs] == [(8, False), (14, False), (8, True), (14, True)]
    assert max(seen) == 4 and len(seen) >= 8  # every epoch of every net reported while training
    cached = degradation.run_cached(**PARALLEL, directory=tmp_path, workers=2)
    assert comparable(cached) == comparable(alone) and len(list(tmp_path.glob("*.pt"))) == 4


def test_a_stop_ends_every_worker_and_keeps_what_finished(tmp_path, monkeypatch):
    from resnet_lessons.train import StopTraining

    monkeypatch.setattr(degradation, "PARALLEL_WORK", 0)

    def stop(partial):
        raise StopTraining

    result = degradation.run(**dict(PARALLEL, epochs=3), workers=2, callback=stop, cache=tmp_path)
    assert result.stopped and len(result.runs) <= 4
    monkeypatch.setattr(degradation, "PARALLEL_WORK", 10**9)  # too little work: one after another, no spawn
    assert not degradation.run(**PARALLEL, workers=2, callback=stop).runs[-1].curves["epoch"][1:]
    with pytest.raises(ValueError, match="workers"):
        degradation.run(**PARALLEL, workers=0)
