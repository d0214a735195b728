"""The residual_fit experiment ("edit a document vs write from a blank page"): result, CLI, plots."""
import json
import math

import pytest
import torch
from helpers import CJK, assert_cli_refuses, run_cli, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli
from resnet_lessons.experiments import base, get_experiment, residual_fit

pytestmark = pytest.mark.usefixtures("one_thread")

TINY = dict(points=32, width=8, steps=20, progress=False, device="cpu")


@pytest.fixture(scope="module")
def tiny_result():
    return residual_fit.run(**TINY)


def test_registered():
    assert get_experiment("residual_fit") is residual_fit


def test_result_shapes(tiny_result):
    r = tiny_result
    assert r.experiment == "residual_fit" and r.seed == 0 and "sin" in r.dataset
    assert len(r.x) == len(r.target) == len(r.residual_target) == 32
    assert r.x[0] == -2.0 and r.x[-1] == 2.0
    assert all(math.isclose(h - x, f, abs_tol=1e-5) for x, h, f in zip(r.x, r.target, r.residual_target))
    assert [item.kind for item in r.runs] == ["plain", "residual"]
    for item in r.runs:
        assert len(item.losses) == 21  # step 0 (before training) to step 20
        assert len(item.prediction) == len(item.branch) == 32
        assert item.final_loss == item.losses[-1]
        assert item.branch_rms >= 0
    plain, residual = r.run("plain"), r.run("residual")
    # The residual net's output is x + F(x); the plain net's is F(x).
    assert all(math.isclose(p, x + b, abs_tol=1e-4) for p, x, b in zip(residual.prediction, r.x, residual.branch))
    assert plain.prediction == plain.branch
    with pytest.raises(ValueError, match="kind") as info:
        r.run("dense")
    assert CJK.search(str(info.value))


def test_same_initial_f_for_both_nets():
    config = residual_fit.Config(**TINY)
    plain, residual = residual_fit.build_model(config, "plain"), residual_fit.build_model(config, "residual")
    for a, b in zip(plain.parameters(), residual.parameters()):
        assert torch.equal(a, b)
    x = torch.linspace(-1, 1, 5).unsqueeze(1)
    assert torch.allclose(residual(x), x + plain(x))


def test_same_seed_same_result(tiny_result):
    assert without_seconds(residual_fit.run(**TINY)) == without_seconds(tiny_result)
    assert without_seconds(residual_fit.run(**TINY, seed=1)) != without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    again = base.from_dict(residual_fit.ResidualFitResult, json.loads(base.to_json(tiny_result)))
    assert again == tiny_result and isinstance(again.runs[0], residual_fit.FitRun)


def test_editing_beats_writing_from_scratch():
    """The lesson's claim at the default setting: the residual net reaches 1e-3 sooner, and its F stays small."""
    result = residual_fit.run(progress=False, device="cpu")
    plain, residual = result.run("plain"), result.run("residual")
    assert residual.losses[0] < plain.losses[0] / 10  # the identity is already a good start
    assert residual.steps_to_target is not None
    assert plain.steps_to_target is None or plain.steps_to_target > 2 * residual.steps_to_target
    assert residual.final_loss < plain.final_loss / 10
    assert residual.branch_rms < 0.15 < 1.0 < plain.branch_rms  # F ~ the wiggle vs F ~ the whole of H
    assert result.speedup() is None or result.speedup() > 2
    text = result.summary()
    assert "sooner" in text and CJK.search(text)
    assert "seconds" not in text


def test_steps_to_target_and_speedup():
    result = residual_fit.run(**TINY, target_loss=1e6)  # every loss is below: step 0
    assert [item.steps_to_target for item in result.runs] == [0, 0]
    assert result.speedup() == 0.0
    never = residual_fit.run(**TINY, target_loss=1e-12)
    assert [item.steps_to_target for item in never.runs] == [None, None]
    assert never.speedup() is None and "never" in never.summary()
    one = residual_fit.run(**TINY, kinds=("residual",))
    assert [item.kind for item in one.runs] == ["residual"] and one.speedup() is None


@pytest.mark.parametrize("field, value, exc", [
    ("amplitude", -0.1, ValueError),
    ("amplitude", "big", TypeError),
    ("frequency", float("nan"), ValueError),
    ("interval", 0.0, ValueError),
    ("points", 1, ValueError),
    ("points", 2.5, TypeError),
    ("width", 0, ValueError),
    ("layers", 0, ValueError),
    ("steps", 0, ValueError),
    ("lr", 0, ValueError),
    ("lr", True, TypeError),
    ("target_loss", -1.0, ValueError),
    ("kinds", ("plain", "plain"), ValueError),
    ("kinds", ("dense",), ValueError),
    ("seed", -1, ValueError),
    ("device", "tpu", ValueError),
    ("progress", "no", TypeError),
])
def test_bad_config_names_the_field_in_both_languages(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        residual_fit.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_bad_config_object():
    with pytest.raises(TypeError, match="Config"):
        residual_fit.run(config={"steps": 3})


def test_cli_json(capsys):
    assert cli.main(["residual_fit", "--steps", "5", "--points", "16", "--width", "4", "--no-progress",
                     "--device", "cpu", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "residual_fit" and len(data["x"]) == 16
    assert [r["residual"] for r in data["runs"]] == [False, True]
    assert all(len(r["losses"]) == 6 for r in data["runs"])


def test_cli_help_and_bad_input_exits_2_with_one_bilingual_line():
    done = run_cli("residual_fit", "--help")
    assert done.returncode == 0 and "--amplitude" in done.stdout and "--target-loss" in done.stdout
    assert_cli_refuses(["residual_fit", "--steps", "0"], "steps")


def test_plots(tiny_result):
    from resnet_lessons.plots.residual_fit import plot_branches, plot_fits, plot_losses, plot_residual_fit

    fig = plot_residual_fit(tiny_result, lang="en")
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    fits, branches, losses = fig.axes
    assert len(fits.get_lines()) == 4  # target, identity, plain, residual
    assert len(branches.get_lines()) == 4  # H - x, plain F, residual F, the zero line
    assert losses.get_yscale() == "log"
    assert "loss" in losses.get_title().lower()
    for plot in (plot_fits, plot_branches, plot_losses):
        single = plot(tiny_result)
        assert isinstance(single, Figure) and len(single.axes) == 1
        assert CJK.search(single.axes[0].get_title())  # both languages by default
    with pytest.raises(TypeError, match="result"):
        plot_residual_fit({"x": []})
