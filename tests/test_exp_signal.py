"""The signal-propagation experiment (De & Smith 2020): activation size per block, CLI, plot, widget."""
import json
import math

import pytest
import torch
from helpers import CJK, assert_cli_refuses, assert_shows_failure, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli
from resnet_lessons.experiments import base, signal

pytestmark = pytest.mark.usefixtures("one_thread")

TINY = dict(blocks=4, width=16, batch_size=16, progress=False, device="cpu")


@pytest.fixture(scope="module")
def tiny_result():
    return signal.run(**TINY)


def test_result_shapes(tiny_result):
    assert tiny_result.experiment == "signal" and tiny_result.dataset == "mnist1d"
    assert tiny_result.blocks == [0, 1, 2, 3, 4]
    assert [r.kind for r in tiny_result.runs] == ["plain", "residual"]
    for run in tiny_result.runs:
        assert len(run.mean_square) == len(run.variance) == 5
        assert all(m > 0 and v > 0 for m, v in zip(run.mean_square, run.variance))
        assert all(v <= m * (1 + 1e-6) for m, v in zip(run.mean_square, run.variance))  # Var <= E[x^2]
    assert tiny_result.run("plain").mean_square[0] == tiny_result.run("residual").mean_square[0]  # same weights


def test_same_seed_same_result(tiny_result):
    assert without_seconds(signal.run(**TINY)) == without_seconds(tiny_result)
    assert without_seconds(signal.run(**TINY, seed=1)) != without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    again = base.from_dict(signal.SignalResult, json.loads(base.to_json(tiny_result)))
    assert again == tiny_result and isinstance(again.runs[0], signal.SignalRun)


def test_activation_sizes():
    h = torch.tensor([[1.0, 2.0], [3.0, 6.0]])  # features: (1, 3) and (2, 6)
    mean_square, variance = signal.activation_sizes(h)
    assert mean_square == pytest.approx((1 + 4 + 9 + 36) / 4)
    assert variance == pytest.approx((1.0 + 4.0) / 2)  # population variances 1 and 4
    conv = torch.randn(8, 3, 5)
    _, per_channel = signal.activation_sizes(conv)
    assert per_channel == pytest.approx(conv.transpose(0, 1).reshape(3, -1).var(1, unbiased=False).mean().item())


def test_de_and_smith_growth_laws():
    """Without BN a residual net's E[x^2] doubles per block; with BN it grows by ~1 per block;
    SkipInit leaves it unchanged; 1/sqrt(L) keeps it bounded."""
    common = dict(blocks=12, width=128, batch_size=64, kinds=("residual",), progress=False, device="cpu")
    no_bn = signal.run(**common, norm="none").runs[0]
    factor = (no_bn.mean_square[-1] / no_bn.mean_square[0]) ** (1 / 12)
    assert 1.7 < factor < 2.3 and no_bn.shape() == "exponential"
    bn = signal.run(**common, norm="bn").runs[0]
    slope = (bn.mean_square[-1] - bn.mean_square[0]) / 12
    assert 0.7 < slope < 1.3 and bn.shape() == "linear"
    skip = signal.run(**common, norm="none", scaling="skipinit").runs[0]
    assert len(set(skip.mean_square)) == 1 and skip.shape() == "bounded"
    sqrt = signal.run(**common, norm="none", scaling="sqrt").runs[0]
    assert sqrt.shape() == "bounded"
    text = signal.run(**common, norm="none", scaling="skipinit").summary()
    assert "identity" in text and "De & Smith" in text and CJK.search(text)


def test_cifar_model():
    result = signal.run(model="cifar", blocks=3, batch_size=8, progress=False, device="cpu", scaling="sqrt")
    assert result.blocks == [0, 1, 2, 3] and all(len(r.mean_square) == 4 for r in result.runs)
    assert result.run("residual").scaling == "sqrt" and result.run("plain").scaling == "none"
    model = signal.build_model(signal.Config(model="cifar", blocks=3, scaling="sqrt"), "residual")
    assert model.depth == 8 and model.layer1[0].alpha == pytest.approx(1 / math.sqrt(3))


@pytest.mark.parametrize("field, value, exc", [
    ("blocks", 0, ValueError),
    ("blocks", 2.0, TypeError),
    ("norm", "ln", ValueError),
    ("scaling", "half", ValueError),
    ("model", "vgg", ValueError),
    ("preact", "yes", TypeError),
    ("width", 0, ValueError),
    ("init", "xavier", ValueError),
    ("batch_size", 1, ValueError),
    ("kinds", (), ValueError),
    ("seed", -1, ValueError),
    ("device", "tpu", ValueError),
])
def test_bad_config_names_the_field_in_both_languages(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        signal.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_cifar_needs_three_equal_stages():
    with pytest.raises(ValueError, match="blocks") as info:
        signal.Config(model="cifar", blocks=4)
    assert CJK.search(str(info.value))


def test_cli_json(capsys):
    assert cli.main(["signal", "--blocks", "3", "--width", "8", "--batch-size", "8", "--no-progress",
                     "--device", "cpu", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "signal" and data["blocks"] == [0, 1, 2, 3]
    assert [r["residual"] for r in data["runs"]] == [False, True]


def test_cli_bad_input_exits_2_with_one_bilingual_line():
    assert_cli_refuses(["signal", "--model", "cifar", "--blocks", "4"], "blocks")


def test_plot(tiny_result):
    from resnet_lessons.plots.signal import plot_signal

    fig = plot_signal(tiny_result)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    assert list(ax.get_lines()[0].get_xdata()) == [0, 1, 2, 3, 4]
    assert "E[x" in ax.get_ylabel()
    assert "variance" in plot_signal(tiny_result, statistic="variance", lang="en").axes[0].get_ylabel()
    scaled = signal.run(**TINY, scaling="skipinit")
    labels = [line.get_label() for line in plot_signal(scaled, lang="en").axes[0].get_lines()]
    assert "SkipInit" in labels[1]
    with pytest.raises(ValueError, match="statistic"):
        plot_signal(tiny_result, statistic="mean")
    with pytest.raises(TypeError, match="result"):
        plot_signal([1, 2])


def test_widget_updates_and_shows_errors():
    from resnet_lessons.widgets.signal import signal_explorer

    panel = signal_explorer(blocks=4)
    assert panel.updates == 1 and isinstance(panel.figure, Figure)
    assert panel.controls["blocks"].continuous_update is False
    panel.controls["blocks"].value = 6
    assert panel.updates == 2 and panel.result.blocks[-1] == 6
    panel.controls["bn"].value = False
    assert panel.updates == 3 and panel.result.config["norm"] == "none"
    panel.controls["scaling"].value = "skipinit"
    assert panel.updates == 4 and panel.result.run("residual").scaling == "skipinit"

    assert_shows_failure(panel, "blocks", 8)
    with pytest.raises(ValueError, match="blocks"):
        signal_explorer(blocks=0)
    with pytest.raises(ValueError, match="scaling"):
        signal_explorer(scaling="half")
    cifar = signal_explorer(blocks=3, model="cifar")
    assert cifar.controls["blocks"].step == 3 and cifar.result.config["model"] == "cifar"
