"""resnet_lessons.debugging: summary, gradient flow, feature maps with hooks removed, the checklist, the bug zoo;
their plots and the gradient-flow widget."""
import math

import pytest
import torch
from helpers import CJK, assert_shows_failure
from matplotlib.figure import Figure
from torch import nn

from resnet_lessons import debugging
from resnet_lessons.checks import check_basic_block
from resnet_lessons.models import cifar_resnet, count_parameters
from resnet_lessons.summary import shape_trace

pytestmark = pytest.mark.usefixtures("one_thread")


def batch(n=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 1, 40, generator=g), torch.randint(0, 10, (n,), generator=g)


def state(model):
    return {k: v.clone() for k, v in model.state_dict().items()}


def same(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# --- summary and hooks ------------------------------------------------------------------------------------

def test_summary_and_hook_counts():
    model = debugging.make_variant("original", depth=8, width=4)
    info = debugging.summary(model, (1, 1, 40))
    assert info["total_params"] == count_parameters(model) == info["trainable_params"]
    assert info["output_shape"] == (1, 10) and info["batchnorm_layers"] == 7 and info["hooks"] == 0
    handle = model.layer1.register_forward_hook(lambda *args: None)
    assert debugging.hook_counts(model) == {"forward": 1, "forward_pre": 0, "backward": 0, "total": 1}
    handle.remove()
    assert debugging.hook_counts(model)["total"] == 0
    with pytest.raises(TypeError, match="model"):
        debugging.summary("resnet")


# --- feature maps ---------------------------------------------------------------------------------------

def test_feature_maps_shapes_and_nothing_left_behind():
    model = debugging.make_variant("original", depth=8, width=4).train()
    before = state(model)
    x, _ = batch()
    maps = debugging.feature_maps(model, x, ["layer1", "layer2", "layer3"], mode="train")
    assert [tuple(v.shape) for v in maps.values()] == [(16, 4, 40), (16, 8, 20), (16, 16, 10)]
    assert debugging.hook_counts(model)["total"] == 0 and model.training and same(before, state(model))
    default = debugging.feature_maps(model, x)
    assert list(default) == ["conv1", "bn1", "layer1", "layer2", "layer3", "fc"]
    rms = debugging.activation_rms(default)
    assert set(rms) == set(default) and all(v > 0 for v in rms.values())


def test_feature_maps_remove_hooks_even_when_the_forward_pass_fails():
    model = debugging.make_variant("original", depth=8, width=4)
    with pytest.raises(ValueError):
        debugging.feature_maps(model, torch.randn(2, 3, 40))  # wrong number of channels
    assert debugging.hook_counts(model)["total"] == 0


@pytest.mark.parametrize("kwargs, match", [({"layers": ["layer9"]}, "layers"), ({"layers": "layer1"}, "layers"),
                                           ({"mode": "test"}, "mode")])
def test_feature_maps_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        debugging.feature_maps(debugging.make_variant(depth=8, width=4), batch()[0], **kwargs)
    assert CJK.search(str(info.value))


# --- gradient flow --------------------------------------------------------------------------------------

def test_gradient_flow_measures_a_real_backward_pass_and_restores_the_model():
    model = debugging.make_variant("original", depth=20, width=4).eval()
    model.fc.weight.grad = torch.ones_like(model.fc.weight)  # a gradient the user had: kept
    before = state(model)
    x, y = batch()
    flow = debugging.gradient_flow(model, x, y)
    rows = flow["layers"]
    assert len(rows) == 20 and rows[0]["name"] == "conv1" and rows[-1]["name"] == "fc"
    assert all(r["grad"] and r["max_abs"] >= r["mean_abs"] > 0 for r in rows)
    assert same(before, state(model)) and not model.training
    copy = debugging.make_variant("original", depth=20, width=4).train()  # the same seeded weights
    assert flow["loss"] == pytest.approx(nn.functional.cross_entropy(copy(x), y).item(), rel=1e-5)
    assert torch.equal(model.fc.weight.grad, torch.ones_like(model.fc.weight))
    assert model.conv1.weight.grad is None
    assert len(debugging.gradient_flow(model, x, y, weights_only=False)["layers"]) == len(list(model.parameters()))


def test_gradient_flow_sees_the_classic_bugs():
    x, y = batch(32)
    zero = debugging.gradient_flow(debugging.make_variant("zero_init", depth=8, width=4), x, y)
    assert zero["loss"] == pytest.approx(math.log(10), rel=1e-5)
    assert all(r["mean_abs"] == 0 for r in zero["layers"])
    huge = debugging.gradient_flow(debugging.make_variant("init_x10_no_bn", depth=8, width=4), x, y)
    fine = debugging.gradient_flow(debugging.make_variant("original", depth=8, width=4), x, y)
    assert huge["layers"][0]["mean_abs"] > 1e3 * fine["layers"][0]["mean_abs"]
    frozen = debugging.make_variant("original", depth=8, width=4)
    frozen.conv1.weight.requires_grad_(False)
    first = debugging.gradient_flow(frozen, x, y)["layers"][0]
    assert first["grad"] is False and first["mean_abs"] == 0
    with pytest.raises(ValueError, match="same length"):
        debugging.gradient_flow(frozen, x, y[:3])


# --- the bug zoo ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", debugging.VARIANTS)
def test_every_variant_builds_and_runs(name):
    model = debugging.make_variant(name, depth=8, width=4)
    out = model(batch()[0])
    assert out.shape == (16, 10)


def test_variants_differ_where_they_should():
    x, _ = batch()
    with torch.no_grad():
        reference = debugging.make_variant("original", depth=8, width=4).eval()(x)
        for name in ("bn_after_add", "relu_before_add", "relu_before_bn", "no_relu_after_add"):
            model = debugging.make_variant(name, depth=8, width=4).eval()
            assert isinstance(model.layer1[0], debugging.OrderedBlock)
            assert not torch.allclose(model(x), reference)
    trace = {r["name"]: r["output_shape"] for r in shape_trace(debugging.make_variant("stride_forgotten", depth=8),
                                                               (1, 1, 40))}
    assert trace["layer3"] == (1, 64, 40) and trace["fc"] == (1, 10)  # silent: the output shape is still right
    assert count_parameters(debugging.make_variant("plain", depth=8)) == count_parameters(cifar_resnet(8, dim=1,
                                                                                                       in_channels=1))
    with pytest.raises(ValueError, match="name") as info:
        debugging.make_variant("typo")
    assert CJK.search(str(info.value))
    with pytest.raises(ValueError, match="order"):
        debugging.OrderedBlock(cifar_resnet(8).layer1[0], "preact")


def test_broken_block_fails_the_basic_block_check(capsys):
    report = check_basic_block(debugging.BrokenBlock)
    out = capsys.readouterr().out
    assert not report and "RuntimeError" in out and "relu(x)" in out


# --- the checklist --------------------------------------------------------------------------------------

def test_checklist_passes_a_correct_model_in_eval_mode_and_changes_nothing(capsys):
    model = debugging.make_variant("original", depth=8, width=4).eval()
    before = state(model)
    report = debugging.run_checklist(model, batch()[0])
    out = capsys.readouterr().out
    assert report and out.count("✓") == len(report.items) == 9 and CJK.search(out)
    assert same(before, state(model)) and not model.training
    assert all(p.grad is None for p in model.parameters())


def test_checklist_catches_each_mistake(capsys):
    x, _ = batch()
    train_mode = debugging.run_checklist(debugging.make_variant(depth=8, width=4), x, verbose=False)
    assert train_mode.failed() == ["bn_eval"]
    zero = debugging.run_checklist(debugging.make_variant("zero_init", depth=8, width=4).eval(), x, verbose=False)
    assert zero.failed() == ["first_layer_grad"]
    huge = debugging.run_checklist(debugging.make_variant("init_x10_no_bn", depth=8, width=4), x, verbose=False)
    assert "loss" in huge.failed()
    hooked = debugging.make_variant(depth=8, width=4).eval()
    hooked.layer2.register_forward_hook(lambda *args: None)
    assert debugging.run_checklist(hooked, x, verbose=False).failed() == ["hooks"]
    frozen = debugging.make_variant(depth=8, width=4).eval()
    for p in frozen.parameters():
        p.requires_grad_(False)
    assert "params" in debugging.run_checklist(frozen, x, verbose=False).failed()
    wrong = debugging.run_checklist(debugging.make_variant(depth=8, width=4).eval(), x, num_classes=5, verbose=False)
    assert "output_shape" in wrong.failed()


def test_checklist_reports_a_broken_forward_pass_without_crashing(capsys):
    model = nn.Sequential(nn.Conv1d(1, 4, 3), nn.Flatten(), nn.Linear(10, 10))  # 4 * 38 != 10
    report = debugging.run_checklist(model, batch()[0])
    out = capsys.readouterr().out
    assert not report and "forward" in report.failed() and "RuntimeError" in out and "skipped" in out
    with pytest.raises(ValueError, match="sample_input"):
        debugging.run_checklist(model, torch.randn(1, 1, 40))
    with pytest.raises(TypeError, match="sample_input"):
        debugging.run_checklist(model, [1, 2])


# --- plots -------------------------------------------------------------------------------------------------

def test_plots_return_figures():
    from resnet_lessons.plots.debugging import plot_feature_maps, plot_gradient_flow, plot_loss_curves

    x, y = batch()
    flow = debugging.gradient_flow(debugging.make_variant("relu_before_add", depth=8, width=4), x, y)
    ref = debugging.gradient_flow(debugging.make_variant("original", depth=8, width=4), x, y)
    fig = plot_gradient_flow(flow, label="relu_before_add", reference=ref, reference_label="original")
    assert isinstance(fig, Figure) and len(fig.axes[0].lines) == 3
    zero = debugging.gradient_flow(debugging.make_variant("zero_init", depth=8, width=4), x, y)
    assert any("0" in text.get_text() for text in plot_gradient_flow(zero).axes[0].texts)
    maps = debugging.feature_maps(debugging.make_variant(depth=8, width=4), x, ["layer1", "layer3"])
    assert len(plot_feature_maps(maps, channels=3).axes) == 2
    images = {"a": torch.randn(1, 4, 8, 8), "b": torch.randn(1, 8, 4, 4)}
    assert len(plot_feature_maps(images, channels=4, image=torch.rand(8, 8, 3).numpy()).axes) == 10
    fig = plot_loss_curves({"ok": [2.3, 1.0, 0.5], "nan": [2.3, 50.0, math.nan]})
    # two runs, and the × that marks where "nan" diverged (at its NaN: 50.0 is below 100 x the first loss)
    assert len(fig.axes[0].lines) == 3 and "diverged" in fig.axes[0].get_legend().texts[1].get_text()
    seeds = plot_loss_curves({"two seeds": [[2.3, 1.0, 0.5], [2.3, 1.2, 0.4, 0.3]], "one": [2.3, 1.1]})
    legend = seeds.axes[0].get_legend()
    assert [text.get_text() for text in legend.texts] == ["two seeds", "one"]
    assert "2 seeds" in legend.get_title().get_text()
    assert len(seeds.axes[0].lines) == 4 and len(seeds.axes[0].collections) == 1  # 2 faint + mean, 1 band; 1 line
    with pytest.raises(TypeError, match="curves"):
        plot_loss_curves({"empty seed": [[2.3], []]})
    with pytest.raises(TypeError, match="flow"):
        plot_gradient_flow({"layers": 1})
    with pytest.raises(ValueError, match="channels"):
        plot_feature_maps(maps, channels=0)


# --- the widget -----------------------------------------------------------------------------------------

def test_gradient_flow_explorer_reacts_and_shows_errors():
    from resnet_lessons.widgets.debugging import gradient_flow_explorer

    panel = gradient_flow_explorer("relu_before_add", depth=8, batch_size=16)
    assert panel.updates == 1 and panel.result["reference"] is not None and isinstance(panel.figure, Figure)
    first = panel.figure
    panel.controls["variant"].value = "original"
    assert panel.updates == 2 and panel.result["reference"] is None and panel.figure is not first
    panel.controls["depth"].value = 20
    assert panel.updates == 3 and len(panel.result["flow"]["layers"]) == 20

    assert_shows_failure(panel, "variant", "zero_init")
    with pytest.raises(ValueError, match="variant"):
        gradient_flow_explorer("stride_forgotten")


def test_gradient_flow_plot_says_nan_when_the_gradients_are_nan_not_zero():
    """Weights x10 without BN at depth 56: the loss is NaN and so is every gradient — the figure must say NaN/inf,
    not "a gradient of exactly 0", and must not label a linear axis "(log scale)"."""
    from resnet_lessons.plots.debugging import plot_gradient_flow

    layers = [{"name": f"l{i}", "mean_abs": math.nan, "max_abs": math.nan} for i in range(5)]
    ax = plot_gradient_flow({"loss": math.nan, "layers": layers}).axes[0]
    text = " ".join(t.get_text() for t in ax.texts)
    assert "5 of 5 layers have a NaN or infinite gradient" in text and "exactly 0" not in text
    assert "log" not in ax.get_ylabel() and ax.get_yscale() == "linear"
    mixed = layers[:2] + [{"name": "z", "mean_abs": 0.0, "max_abs": 0.0},
                          {"name": "ok", "mean_abs": 1e-3, "max_abs": 1e-2}]
    ax = plot_gradient_flow({"loss": 2.3, "layers": mixed}).axes[0]
    text = " ".join(t.get_text() for t in ax.texts)
    assert "2 of 4 layers have a NaN" in text and "1 of 4 layers have a gradient of exactly 0" in text
    assert ax.get_yscale() == "log" and "log" in ax.get_ylabel()


def test_gradient_flow_of_exploding_weights_is_nan_and_said_so():
    """The explorer's case: weights x10, no BN, depth 56 (lesson 08)."""
    from resnet_lessons.plots.debugging import plot_gradient_flow

    x, y = batch()
    flow = debugging.gradient_flow(debugging.make_variant("init_x10_no_bn", depth=56, width=4), x, y)
    assert not math.isfinite(flow["loss"])
    text = " ".join(t.get_text() for t in plot_gradient_flow(flow).axes[0].texts)
    assert "NaN or infinite" in text and "exactly 0" not in text
