"""The complexity experiment: our counts against torchvision's metadata and the paper, timing, CLI, plots, widget."""
import json

import pytest
import torch
import torchvision
from helpers import CJK, assert_cli_refuses, assert_shows_failure, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli, models
from resnet_lessons.i18n import t
from resnet_lessons.experiments import base, complexity

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

SEVEN = complexity.DEFAULT_MODELS


def tv_meta(name):
    return torchvision.models.get_model_weights(name)["IMAGENET1K_V1"].meta


# --- counting ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SEVEN)
def test_counts_match_torchvision_metadata(name):
    params, macs, shape = complexity.count_model(name)
    assert shape == (1, 3, 224, 224)
    assert params == tv_meta(name)["num_params"]
    assert f"{macs / 1e9:.3f}" == f"{tv_meta(name)['_ops']:.3f}"  # `_ops` is GMACs, to its 3 decimals


def test_paper_v1_resnet50_and_table1():
    params, macs, _ = complexity.count_model("resnet50_v1")
    assert params == complexity.count_model("resnet50")[0]  # only strides move: the same weights
    assert macs == pytest.approx(3.86e9, rel=0.02)
    assert complexity.count_model("resnet50")[1] == pytest.approx(4.09e9, rel=0.002)
    # With the paper's stride placement every count is within 2% of Table 1 (a cited number).
    for name, paper in complexity.PAPER_TABLE1_MACS.items():
        ours = complexity.count_model(name + "_v1" if name in complexity.V1_MODELS else name)[1]
        assert ours == pytest.approx(paper, rel=0.02), name
    assert "1512.03385" in complexity.PAPER_CITATION


def test_to_paper_v1_moves_the_stride_and_keeps_the_output_shape():
    model = complexity.to_paper_v1(models.resnet50())
    block = model.layer2[0]
    assert block.conv1.stride == (2, 2) and block.conv2.stride == (1, 1)
    assert model.layer1[0].conv1.stride == (1, 1)  # stride-1 blocks are left alone
    with torch.device("meta"):
        out = complexity.to_paper_v1(models.resnet50())(torch.zeros(1, 3, 224, 224))
    assert out.shape == (1, 1000)


def test_cifar_nets_are_counted_at_32x32():
    params, macs, shape = complexity.count_model("cifar_resnet20")
    assert (params, shape) == (269722, (1, 3, 32, 32))
    assert complexity.count_model("cifar_plain20")[1] == macs  # option A: the shortcuts add no MACs


@pytest.mark.parametrize("name", complexity.TORCHVISION_BUILT)
def test_torchvision_built_nets_are_counted_like_their_metadata(name):
    params, macs, shape = complexity.count_model(name)
    assert shape == (1, 3, 224, 224) and params == tv_meta(name)["num_params"]
    assert f"{macs / 1e9:.3f}" == f"{tv_meta(name)['_ops']:.3f}"
    assert name in complexity.allowed_models()


def test_op_counts_see_what_the_shortcuts_add():
    with torch.device("meta"):
        plain = complexity.op_counts(complexity.build_model("cifar_plain20")[0], (1, 3, 32, 32))
        residual = complexity.op_counts(complexity.build_model("cifar_resnet20")[0], [1, 3, 32, 32])
    extra = {op: counts for op, counts in residual.items() if plain.get(op) != counts}
    # 9 blocks, each adds its output: 3 of 16x32x32, 3 of 32x16x16, 3 of 64x8x8 values
    assert extra["aten.add_"] == (9, 3 * (16 * 32 * 32 + 32 * 16 * 16 + 64 * 8 * 8))
    assert set(extra) <= {"aten.add_", "aten.slice", "aten.constant_pad_nd"}
    assert plain["aten.convolution"] == residual["aten.convolution"] and plain["aten.convolution"][0] == 19
    assert "aten.zeros" not in plain  # the zero input is not the model's work


@pytest.mark.parametrize("kwargs, exc, word", [
    ({"model": "resnet"}, TypeError, "model"), ({"input_shape": (1, 3, 0, 32)}, ValueError, "input_shape"),
    ({"input_shape": "1x3x32x32"}, ValueError, "input_shape"), ({"input_shape": (1, 3, 32.0, 32)}, ValueError,
                                                               "input_shape")])
def test_op_counts_bad_arguments(kwargs, exc, word):
    args = {"model": torch.nn.Conv2d(3, 4, 3), "input_shape": (1, 3, 32, 32)} | kwargs
    with pytest.raises(exc, match=word) as info:
        complexity.op_counts(**args)
    assert CJK.search(str(info.value))


def test_paired_time_ratios_times_both_models_each_round():
    torch.manual_seed(0)
    a, b = models.cifar_resnet(8, plain=True, width=4), models.cifar_resnet(8, width=4)
    ratios = complexity.paired_time_ratios(a, b, (1, 3, 16, 16), batch_size=2, rounds=3, repeats=1, warmup=0,
                                           threads=2)
    assert len(ratios) == 3 and all(r > 0 for r in ratios)
    assert not a.training and not b.training and torch.get_num_threads() == 1  # the thread count is put back
    for kwargs, exc, word in (({"rounds": 0}, ValueError, "rounds"), ({"batch_size": 1.5}, TypeError, "batch_size"),
                              ({"threads": 0}, ValueError, "threads"),
                              ({"model_a": "plain"}, TypeError, "model_a"),
                              ({"input_shape": (3,)}, ValueError, "input_shape")):
        args = {"model_a": a, "model_b": b, "input_shape": (1, 3, 16, 16)} | kwargs
        with pytest.raises(exc, match=word) as info:
            complexity.paired_time_ratios(**args)
        assert CJK.search(str(info.value))


# --- torchvision metadata ------------------------------------------------------------------------------

def test_torchvision_reference_reads_floats():
    info = complexity.torchvision_reference("resnet50")
    assert info["num_params"] == 25557032 and isinstance(info["num_params"], int)
    for key in ("gmacs", "file_size_mb", "acc1_v1", "acc5_v1", "acc1_v2", "acc5_v2"):
        assert isinstance(info[key], float), key
    assert info["acc1_v2"] > info["acc1_v1"] and info["recipe_v1"].startswith("https://")
    r18 = complexity.torchvision_reference("resnet18")
    assert r18["acc1_v2"] is None and r18["recipe_v2"] is None  # resnet18 has no V2 weights
    assert isinstance(complexity.torchvision_reference("efficientnet_b0")["acc1_v1"], float)
    with pytest.raises(ValueError, match="name") as info:
        complexity.torchvision_reference("resnet99")
    assert CJK.search(str(info.value)) and "resnet50" in str(info.value)


# --- the run -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def counted():
    return complexity.run(models=SEVEN + ("resnet50_v1", "cifar_resnet20"), progress=False)


def test_result_rows_and_summary(counted):
    assert [row.name for row in counted.rows] == list(SEVEN) + ["resnet50_v1", "cifar_resnet20"]
    assert all(row.latency_ms is None for row in counted.rows) and counted.device == "meta"
    assert counted.row("resnet18").paper_macs == 1.8e9 and counted.row("resnext50_32x4d").paper_macs is None
    names = [ref.name for ref in counted.references]
    assert names[:7] == list(SEVEN) and "alexnet" in names and "cifar_resnet20" not in names
    text = counted.summary()
    assert "4.089" in text and "3.858" in text and "= torchvision" in text and "differs" not in text
    assert CJK.search(text)
    with pytest.raises(ValueError, match="resnet18"):
        counted.row("resnet9")


def test_same_seed_same_result_and_json_round_trip(counted):
    again = complexity.run(models=SEVEN + ("resnet50_v1", "cifar_resnet20"), progress=False)
    assert without_seconds(again) == without_seconds(counted)
    back = base.from_dict(complexity.ComplexityResult, json.loads(base.to_json(counted)))
    assert back == counted and isinstance(back.rows[0], complexity.ModelRow)
    assert isinstance(back.references[0], complexity.ReferenceRow)


def test_timing_a_small_net():
    result = complexity.run(models=("cifar_resnet20",), references=(), timing=True, repeats=2, warmup=1,
                            batch_size=4, threads=1, channels_last=True, progress=False)
    row = result.rows[0]
    assert row.latency_ms > 0 and row.throughput > 0 and result.threads == 1 and result.device == "cpu"
    assert torch.get_num_threads() == 1  # the thread count is put back
    config = complexity.Config(models=("cifar_resnet20",), references=(), timing=True, repeats=1, warmup=0,
                               progress=False)
    stored = complexity.run_cached(config)
    assert complexity.run_cached(config) == stored  # timings come back from the cache, unchanged
    assert complexity.run_cached(config, use_cache=False).rows[0].params == 269722


@pytest.mark.parametrize("field, value, exc", [
    ("models", ("resnet99",), ValueError), ("models", "resnet18", TypeError), ("models", (), TypeError),
    ("models", ("cifar_resnet21",), ValueError), ("references", ("nope",), ValueError),
    ("repeats", 0, ValueError), ("warmup", -1, ValueError), ("batch_size", 1.5, TypeError),
    ("threads", 0, ValueError), ("timing", "yes", TypeError), ("device", "tpu", ValueError)])
def test_bad_config_names_the_field_in_both_languages(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        complexity.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_bad_model_name_lists_the_allowed_names():
    with pytest.raises(ValueError, match="models") as info:
        complexity.run(models=("resnet51",))
    for name in SEVEN + ("resnet50_v1", "cifar_resnet20"):
        assert name in str(info.value)
    with pytest.raises(ValueError, match="name"):
        complexity.build_model("resnet9")


# --- command line --------------------------------------------------------------------------------------

def test_cli_json(capsys):
    assert cli.main(["complexity", "--models", "resnet18", "cifar_resnet20", "--references", "alexnet",
                     "--no-progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in data["rows"]] == ["resnet18", "cifar_resnet20"]
    assert data["rows"][0]["params"] == 11689512 and [r["name"] for r in data["references"]] == ["resnet18",
                                                                                                "alexnet"]


def test_cli_bad_input_exits_2_with_one_bilingual_line():
    assert_cli_refuses(["complexity", "--models", "resnet51"], "models")


# --- plots ---------------------------------------------------------------------------------------------

def test_plots(counted):
    from resnet_lessons.plots import complexity as plots

    fig = plots.plot_size(counted)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert len(fig.axes[0].patches) == len(counted.rows)
    assert len(fig.axes[1].get_lines()) == 1  # the paper's Table 1 markers
    fig = plots.plot_accuracy(counted, "IMAGENET1K_V2", lang="zh")
    assert len(fig.axes) == 2 and len(fig.axes[0].collections) == 2  # ResNets, others
    assert fig.axes[0].get_xscale() == "log"
    fig = plots.plot_metric(counted, "gmacs", models=["resnet18", "resnet50"])
    assert len(fig.axes[0].patches) == 2
    fig = plots.plot_metric(counted, "latency")  # no timings: a note instead of bars
    assert not fig.axes[0].patches and "timing=True" in fig.axes[0].texts[0].get_text()
    assert len(plots.plot_speed(counted).axes) == 2
    with pytest.raises(ValueError, match="axis"):
        plots.plot_metric(counted, "speed")
    with pytest.raises(ValueError, match="weights"):
        plots.plot_accuracy(counted, "V3")
    with pytest.raises(TypeError, match="result"):
        plots.plot_size([])


def test_speed_plot_of_a_timed_result():
    from resnet_lessons.plots import complexity as plots

    timed = complexity.run(models=("cifar_resnet20", "cifar_plain20"), references=(), timing=True, repeats=1,
                           warmup=0, batch_size=2, progress=False)
    fig = plots.plot_speed(timed)
    assert [len(ax.patches) for ax in fig.axes] == [2, 2]


# --- widget --------------------------------------------------------------------------------------------

def test_widget_redraws_and_shows_errors():
    from resnet_lessons.widgets.complexity import complexity_explorer

    panel = complexity_explorer(models=("resnet18", "resnet50"))
    assert panel.updates == 1 and isinstance(panel.figure, Figure)
    first = panel.figure
    panel.controls["axis"].value = "gmacs"
    assert panel.updates == 2 and panel.figure is not first
    panel.controls["models"].value = ("resnet18", "resnet50", "resnet50_v1")
    assert panel.updates == 3 and [row.name for row in panel.result.rows] == ["resnet18", "resnet50",
                                                                                "resnet50_v1"]
    panel.controls["models"].value = ()  # nothing chosen: a bilingual message, the old figure stays
    assert panel.updates == 3 and "models" in panel.status.value and CJK.search(panel.status.value)

    assert_shows_failure(panel, "axis", "params")
    with pytest.raises(ValueError, match="axis"):
        complexity_explorer(axis="speed")
    with pytest.raises(ValueError, match="models"):
        complexity_explorer(models=("resnet9",))


def test_widget_asks_to_tick_the_timing_box_for_latency():
    from resnet_lessons.widgets.complexity import complexity_explorer

    panel = complexity_explorer(models=("resnet18",))
    figure = panel.figure
    panel.controls["axis"].value = "latency"
    assert isinstance(panel.error, ValueError) and panel.figure is figure
    assert t("complexity_w_timing", lang="en") in panel.status.value and "请勾选" in panel.status.value
