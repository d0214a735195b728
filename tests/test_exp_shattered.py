"""The shattered-gradients experiment (Balduzzi et al. 2017): autocorrelation, runs, CLI, plots."""
import json

import numpy as np
import pytest
import torch
from helpers import CJK, assert_cli_refuses, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli
from resnet_lessons.experiments import base, shattered

pytestmark = pytest.mark.usefixtures("one_thread")

TINY = dict(depths=(1, 4), width=16, points=32, seeds=2, progress=False, device="cpu")


@pytest.fixture(scope="module")
def tiny_result():
    return shattered.run(**TINY)


def test_lag1_autocorrelation():
    assert shattered.lag1_autocorrelation(np.linspace(0, 1, 100)) > 0.95  # smooth
    assert shattered.lag1_autocorrelation([1.0, -1.0] * 50) == pytest.approx(-0.99)  # alternating
    noise = np.random.default_rng(0).standard_normal(10_000)
    assert abs(shattered.lag1_autocorrelation(noise)) < 0.05  # white noise
    assert shattered.lag1_autocorrelation([2.0] * 10) is None  # constant: undefined


def test_input_gradient_is_what_autograd_gives():
    net = shattered.build_model(shattered.Config(**TINY), "plain", depth=2, seed=0)
    x = torch.linspace(-2, 2, 8).unsqueeze(1)
    g = shattered.input_gradient(net, x)
    eps = 1e-3  # finite differences of the summed batch output (BN in train mode couples the points)
    for i in (0, 3, 7):
        up, down = x.clone(), x.clone()
        up[i] += eps
        down[i] -= eps
        with torch.no_grad():
            numeric = (net(up).sum() - net(down).sum()).item() / (2 * eps)
        assert g[i] == pytest.approx(numeric, rel=2e-2, abs=1e-3)


def test_result_shapes(tiny_result):
    assert tiny_result.experiment == "shattered" and tiny_result.dataset == "linspace(-2, 2, 32)"
    assert tiny_result.depths == [1, 4] and len(tiny_result.x) == 32
    assert tiny_result.x[0] == -2.0 and tiny_result.x[-1] == 2.0
    for run in tiny_result.runs:
        assert len(run.autocorrelation) == 2 and len(run.per_seed) == 2 and len(run.per_seed[0]) == 2
        for mean, row in zip(run.autocorrelation, run.per_seed):
            assert mean == pytest.approx(np.mean(row), rel=1e-5)
    assert [(c.kind, c.depth) for c in tiny_result.curves] == [("plain", 1), ("plain", 4), ("residual", 1),
                                                                  ("residual", 4)]
    assert len(tiny_result.curve("residual", 4).gradient) == 32
    with pytest.raises(ValueError, match="depth"):
        tiny_result.curve("plain", 2)


def test_same_seed_same_result(tiny_result):
    assert without_seconds(shattered.run(**TINY)) == without_seconds(tiny_result)
    assert without_seconds(shattered.run(**TINY, seed=5)) != without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    again = base.from_dict(shattered.ShatteredResult, json.loads(base.to_json(tiny_result)))
    assert again == tiny_result
    assert isinstance(again.runs[0], shattered.ShatteredRun) and isinstance(again.curves[0], shattered.GradientCurve)


def test_the_lessons_claim():
    """With BN a deep feedforward net's gradient is white noise; the residual net's stays correlated.
    Without BN this toy feedforward net does not shatter, and the summary says so."""
    bn = shattered.run(depths=(1, 24), seeds=1, progress=False, device="cpu")
    plain, residual = bn.run("plain"), bn.run("residual")
    assert plain.autocorrelation[0] > 0.9 and abs(plain.autocorrelation[1]) < 0.2
    assert residual.autocorrelation[1] > 0.6
    assert plain.shattered_from() == 1 and residual.shattered_from() is None
    text = bn.summary()
    assert "shattered" in text and "24" in text and CJK.search(text)
    no_bn = shattered.run(depths=(24,), seeds=1, norm="none", kinds=("plain",), progress=False, device="cpu")
    assert no_bn.runs[0].autocorrelation[0] > 0.9 and "UDL" in no_bn.summary()


@pytest.mark.parametrize("field, value, exc", [
    ("depths", (4, 2), ValueError),
    ("depths", (), ValueError),
    ("depths", (0, 1), ValueError),
    ("depths", (1.5,), ValueError),
    ("norm", "ln", ValueError),
    ("preact", 1, TypeError),
    ("width", 0, ValueError),
    ("points", 2, ValueError),
    ("init", "xavier", ValueError),
    ("seeds", 0, ValueError),
    ("kinds", ("plain", "vgg"), ValueError),
    ("seed", -1, ValueError),
    ("device", "tpu", ValueError),
])
def test_bad_config_names_the_field_in_both_languages(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        shattered.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_cli_json(capsys):
    assert cli.main(["shattered", "--depths", "1", "2", "--width", "8", "--points", "16", "--seeds", "1",
                     "--no-progress", "--device", "cpu", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "shattered" and data["depths"] == [1, 2]
    assert [r["residual"] for r in data["runs"]] == [False, True]


def test_cli_bad_input_exits_2_with_one_bilingual_line():
    assert_cli_refuses(["shattered", "--depths", "4", "2"], "depths")


def test_plots(tiny_result):
    from resnet_lessons.plots.shattered import plot_autocorrelation, plot_gradient_curves, plot_shattered

    fig = plot_autocorrelation(tiny_result)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    assert len(fig.axes[0].get_lines()) == 3  # plain, residual, the zero line
    fig = plot_gradient_curves(tiny_result, lang="zh")
    assert len(fig.axes) == 2 and all(len(ax.get_lines()) == 2 for ax in fig.axes)
    assert CJK.search(fig.axes[0].get_title())
    fig = plot_shattered(tiny_result, lang="en")
    assert len(fig.axes) == 3
    with pytest.raises(TypeError, match="result"):
        plot_shattered({"depths": [1]})
