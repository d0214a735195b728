"""The gradients experiment: per-layer gradient norms of plain vs residual nets, CLI, plot, widget."""
import json

import pytest
import torch
from helpers import CJK, assert_cli_refuses, assert_shows_failure, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli
from resnet_lessons.experiments import base, gradients

pytestmark = pytest.mark.usefixtures("one_thread")

TINY = dict(depth=8, batch_size=8, progress=False, device="cpu")


@pytest.fixture(scope="module")
def tiny_result():
    return gradients.run(**TINY)


def test_result_shapes(tiny_result):
    assert tiny_result.experiment == "gradients" and tiny_result.dataset == "mnist1d" and tiny_result.seed == 0
    assert [r.kind for r in tiny_result.runs] == ["plain", "residual"]
    assert [r.residual for r in tiny_result.runs] == [False, True]
    for run in tiny_result.runs:
        assert len(run.grad_norms) == len(run.layer_names) == 8  # 6n+2 weight layers, input to output
        assert run.layer_names[0] == "conv1" and run.layer_names[-1] == "fc"
        assert all(g > 0 for g in run.grad_norms) and run.zero_layers == 0
        assert run.first_over_last == pytest.approx(run.grad_norms[0] / run.grad_norms[-1], rel=1e-5)
        assert run.max_over_min == pytest.approx(max(run.grad_norms) / min(run.grad_norms), rel=1e-5)
        assert run.train_losses == [] and not run.diverged
    assert tiny_result.run("residual") is tiny_result.runs[1]
    with pytest.raises(ValueError, match="kind"):
        tiny_result.run("vgg")


def test_same_seed_same_result(tiny_result):
    assert without_seconds(gradients.run(**TINY)) == without_seconds(tiny_result)
    assert without_seconds(gradients.run(**TINY, seed=1)) != without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    again = base.from_dict(gradients.GradientsResult, json.loads(base.to_json(tiny_result)))
    assert again == tiny_result and isinstance(again.runs[0], gradients.GradientRun)


def test_measures_what_autograd_gives():
    config = gradients.Config(**TINY, kinds=("plain",))
    from resnet_lessons.data import load_dataset

    data = load_dataset("mnist1d")
    model = gradients.build_model(config, "plain")
    torch.nn.functional.cross_entropy(model(data.x_train[:8]), data.y_train[:8]).backward()
    expected = [m.weight.grad.norm().item() for _, m in gradients.weight_layers(model)]
    run = gradients.run(config).runs[0]
    assert run.grad_norms == pytest.approx(expected, rel=1e-4)


def test_steps_train_before_measuring():
    result = gradients.run(**TINY, steps=3, kinds=("residual",))
    run = result.runs[0]
    assert len(run.train_losses) == 3 and not run.diverged
    assert run.grad_norms != gradients.run(**TINY, kinds=("residual",)).runs[0].grad_norms
    assert "3" in result.summary()


def test_verdicts_follow_the_numbers():
    def make(norms, residual=False, loss=2.3):
        first, last = norms[0], norms[-1]
        return gradients.GradientRun(
            kind="residual" if residual else "plain", residual=residual, depth=len(norms), layer_names=[],
            grad_norms=norms, first_over_last=first / last if last else None,
            max_over_min=max(norms) / min(norms) if min(norms) else None, zero_layers=norms.count(0.0),
            loss=loss, train_losses=[], diverged=False)

    assert make([1e-4, 1e-2, 1.0]).verdict() == "vanishing"
    assert make([1e4, 1e2, 1.0]).verdict() == "exploding"
    assert make([0.5, 2.0, 1.0]).verdict() == "stable"
    assert make([0.0, 0.0, 1e-30]).verdict() == "underflow"
    config = {"norm": "bn", "steps": 0}
    assert "Yang" in gradients._verdict_text(make([1e4, 1e2, 1.0]), config, "en")
    assert "Yang" not in gradients._verdict_text(make([1e4, 1e2, 1.0], residual=True), config, "en")
    assert "tiny" in gradients._verdict_text(make([1e-22, 2e-22, 1e-22]), config, "en")
    assert "huge" in gradients._verdict_text(make([1e4, 2e4, 3e4], loss=1e3), config, "en")
    assert "0.0001 of the last" in gradients._verdict_text(make([1e-4, 1e-2, 1.0]), config, "en")


def test_the_lessons_claims_at_depth_56():
    """With BN the plain net's gradient explodes toward the input; skips keep a narrow band;
    without BN and with PyTorch's default init every gradient is tiny (the signal dies)."""
    bn = gradients.run(depth=56, progress=False, device="cpu")
    plain, residual = bn.run("plain"), bn.run("residual")
    assert plain.verdict() == "exploding" and plain.first_over_last > 100
    assert residual.verdict() == "stable" and residual.max_over_min < 100
    text = bn.summary()
    assert "Yang" in text and "plain-56" in text and CJK.search(text)
    dead = gradients.run(depth=56, norm="none", init="default", kinds=("plain",), progress=False, device="cpu")
    assert max(dead.runs[0].grad_norms) < 1e-12 and "tiny" in dead.summary()


def test_float64_measures_below_float32_range():
    dead = gradients.run(depth=110, norm="none", init="default", kinds=("plain",), batch_size=8,
                         progress=False, device="cpu", precision="float64").runs[0]
    assert dead.zero_layers == 0 and max(dead.grad_norms) < 1e-30


def test_fast_cpu_restores_the_thread_count():
    torch.set_num_threads(2)
    with gradients.fast_cpu(torch.device("cpu")):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == 2


@pytest.mark.parametrize("field, value, exc", [
    ("depth", 9, ValueError),
    ("depth", 56.0, TypeError),
    ("norm", "ln", ValueError),
    ("init", "xavier", ValueError),
    ("steps", -1, ValueError),
    ("lr", 0, ValueError),
    ("batch_size", 1, ValueError),
    ("kinds", ("plain", "plain"), ValueError),
    ("kinds", ("vgg",), ValueError),
    ("width", 0, ValueError),
    ("seed", -1, ValueError),
    ("precision", "float16", ValueError),
    ("device", "tpu", ValueError),
    ("progress", "yes", TypeError),
])
def test_bad_config_names_the_field_in_both_languages(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        gradients.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_run_takes_a_config_or_overrides():
    config = gradients.Config(**TINY)
    assert gradients.run(config, kinds=("plain",)).config["kinds"] == ["plain"]
    with pytest.raises(TypeError, match="Config"):
        gradients.run({"depth": 8})


def test_cli_json(capsys):
    assert cli.main(["gradients", "--depth", "8", "--batch-size", "8", "--no-progress", "--device", "cpu",
                     "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "gradients"
    assert [r["residual"] for r in data["runs"]] == [False, True]
    assert all(len(r["grad_norms"]) == len(r["layer_names"]) == 8 for r in data["runs"])
    assert cli.main(["gradients", "--depth", "8", "--batch-size", "8", "--no-progress", "--norm", "none"]) == 0
    assert "plain-8" in capsys.readouterr().out


def test_cli_bad_input_exits_2_with_one_bilingual_line():
    assert_cli_refuses(["gradients", "--depth", "9"], "depth")


def test_plot(tiny_result):
    from resnet_lessons.plots.gradients import plot_gradient_norms

    fig = plot_gradient_norms(tiny_result)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    assert CJK.search(ax.get_title()) and "8" in ax.get_title()
    assert not CJK.search(plot_gradient_norms(tiny_result, lang="en").axes[0].get_title())
    with pytest.raises(TypeError, match="result"):
        plot_gradient_norms({"runs": []})


def test_plot_notes_layers_whose_gradient_is_zero(tiny_result):
    from resnet_lessons.plots.gradients import plot_gradient_norms

    run = tiny_result.runs[0]
    zeroed = base.from_dict(gradients.GradientsResult, base.to_dict(tiny_result))
    zeroed.runs[0].grad_norms = [0.0] * 3 + run.grad_norms[3:]
    zeroed.runs[0].zero_layers = 3
    ax = plot_gradient_norms(zeroed, lang="en").axes[0]
    assert len(ax.get_lines()[0].get_xdata()) == 5
    assert any("3 of 8" in text.get_text() for text in ax.texts)


def test_widget_updates_and_shows_errors():
    from resnet_lessons.widgets.gradients import gradient_explorer

    panel = gradient_explorer(depth=8, batch_size=8)
    assert panel.updates == 1 and isinstance(panel.figure, Figure)
    assert panel.controls["depth"].continuous_update is False
    first = panel.result
    panel.controls["depth"].value = 14
    assert panel.updates == 2 and panel.result.config["depth"] == 14
    assert len(panel.result.runs[0].grad_norms) == 14
    panel.controls["bn"].value = False
    assert panel.updates == 3 and panel.result.config["norm"] == "none"
    panel.controls["init"].value = "default"
    assert panel.updates == 4 and panel.result.config["init"] == "default"
    panel.controls["depth"].value = 8
    panel.controls["bn"].value = True
    panel.controls["init"].value = "kaiming"
    assert panel.result is first  # a setting seen before comes from memory

    assert_shows_failure(panel, "depth", 20)
    with pytest.raises(ValueError, match="depth"):
        gradient_explorer(depth=116)
    with pytest.raises(TypeError, match="bn"):
        gradient_explorer(depth=8, bn="on")
