"""The recipes experiment (lessons 04 and 05): one net trained several ways, the plots of the runs."""
import dataclasses
import json
import math

import pytest
import torch
from helpers import CJK, assert_cli_refuses, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli, i18n
from resnet_lessons.experiments import get_experiment, recipes
from resnet_lessons.experiments.base import from_dict, to_json
from resnet_lessons.plots.recipes import plot_histories, plot_seed_losses, plot_step_losses

TINY = dict(depth=8, width=4, max_steps=3, train_subset=384, eval_size=64, device="cpu", progress=False)
TIMING = ("seconds", "samples_per_second")


@pytest.fixture(scope="module")
def result(one_thread_for_module):
    return recipes.run(variants=("baseline", "zero_init", "label_smoothing"), **TINY)


def test_registered_and_shaped(result):
    assert get_experiment("recipes") is recipes
    assert [run.variant for run in result.runs] == ["baseline", "zero_init", "label_smoothing"]
    for run in result.runs:
        assert len(run.step_loss) == len(run.lr) == 3
        assert len(run.train_error) == len(run.test_error) == len(run.epoch) == 1
        assert 0 < run.confidence <= 1 and run.weight_norm > 0 and not run.diverged
    assert result.experiment == "recipes" and result.dataset == "mnist1d" and result.seed == 0
    assert result.config["variants"] == ["baseline", "zero_init", "label_smoothing"]


def test_deterministic_for_a_seed(result):
    again = recipes.run(variants=("baseline", "zero_init", "label_smoothing"), **TINY)
    assert without_seconds(again, TIMING) == without_seconds(result, TIMING)


def test_variants_change_one_thing(result):
    base, zero, smooth = result.runs
    assert base.model_options == {} and zero.model_options == {"zero_init_residual": True}
    assert smooth.train_config["label_smoothing"] == 0.1 and base.train_config["label_smoothing"] == 0.0
    assert abs(zero.step_loss[0] - math.log(10)) < 0.1  # every block is the identity: a near-uniform output
    config = recipes.Config(variants=("warmup", "bf16", "no_weight_decay", "shift", "preact", "default_init"))
    assert recipes.train_config(config, "warmup").warmup_epochs == 0.5
    assert recipes.train_config(config, "bf16").autocast == "bf16"
    assert recipes.train_config(config, "no_weight_decay").weight_decay == 0.0
    assert recipes.train_config(config, "shift").augment == "shift"
    assert recipes.model_options("preact") == {"preact": True}
    assert recipes.model_options("default_init") == {"init": "default"}


def test_variants_and_seeds_trained_in_parallel_give_the_same_result_bit_for_bit(result):
    variants = ("baseline", "zero_init", "label_smoothing")
    together = recipes.run_seeds((0, 1), variants=variants, workers=2, **TINY)
    assert without_seconds(together[0], TIMING) == without_seconds(result, TIMING)
    assert without_seconds(together[1], TIMING) == without_seconds(recipes.run(variants=variants, seed=1, **TINY), TIMING)
    assert [r.seed for r in together] == [0, 1]


@pytest.mark.parametrize("seeds", [(), 1, (1, "2"), (True,)])
def test_run_seeds_refuses_bad_seeds(seeds):
    with pytest.raises(ValueError, match="seeds") as caught:
        recipes.run_seeds(seeds, **TINY)
    assert CJK.search(str(caught.value))


def test_confidence_and_weight_norm_are_measured():
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(40, 10))
    torch.nn.init.zeros_(model[1].weight)
    torch.nn.init.zeros_(model[1].bias)
    assert recipes.mean_confidence(model, torch.randn(7, 1, 40)) == pytest.approx(0.1)
    model[1].weight.data.fill_(1.0)
    assert recipes.weight_norm(model) == pytest.approx(math.sqrt(400))


def test_batch_norm_modes_are_recorded(result):
    for run in result.runs:
        for name in ("train_mode_error", "recalibrated_error"):
            assert 0 <= getattr(run, name) <= 1
        assert run.train_mode_loss > 0 and run.recalibrated_loss > 0


def _net_with_stale_statistics():
    from resnet_lessons.models import cifar_resnet

    torch.manual_seed(0)
    model = cifar_resnet(8, dim=1, in_channels=1, width=4)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm1d):
            m.running_mean.fill_(3.0)  # statistics that have nothing to do with the data
            m.running_var.fill_(50.0)
    return model.eval()


def test_batch_norm_modes_measure_train_mode_and_leave_the_model_alone():
    model = _net_with_stale_statistics()
    x, y = torch.randn(40, 1, 40, generator=torch.Generator().manual_seed(1)), torch.arange(40) % 10
    before = {k: v.clone() for k, v in model.state_dict().items()}
    modes = recipes.batch_norm_modes(model, x, y, batch_size=16)
    assert not model.training and all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    manual = _net_with_stale_statistics().train()
    with torch.no_grad():  # the chunks of 16: 13, 14, 13 examples (none of one)
        logits = torch.cat([manual(x[a:b]) for a, b in recipes._chunks(40, 16)])
    assert modes["train_mode_loss"] == pytest.approx(torch.nn.functional.cross_entropy(logits, y).item(), rel=1e-5)
    assert modes["train_mode_error"] == pytest.approx((logits.argmax(1) != y).float().mean().item())
    whole = recipes.batch_norm_modes(model, x, y, batch_size=40)  # one batch: fresh statistics = its statistics
    assert whole["recalibrated_loss"] == pytest.approx(whole["train_mode_loss"], rel=0.05)
    from resnet_lessons.train import evaluate
    stale_loss, _ = evaluate(model, x, y)
    assert abs(stale_loss - whole["train_mode_loss"]) > 10 * abs(whole["recalibrated_loss"] - whole["train_mode_loss"])


@pytest.mark.parametrize("n, size, expected", [(250, 128, [125, 125]), (129, 128, [129]), (257, 128, [128, 129]),
                                               (1, 128, [1]), (40, 16, [13, 14, 13])])
def test_chunks_never_hold_a_single_example_of_many(n, size, expected):
    assert [b - a for a, b in recipes._chunks(n, size)] == expected


def test_max_loss_of_a_slice_and_warmup_steps(result):
    base = result.run_for("baseline")
    assert base.max_loss(0, 2) == max(base.step_loss[:2]) and base.max_loss(1) == max(base.step_loss[1:])
    assert math.isnan(base.max_loss(5)) and base.warmup_steps() == 0
    assert dataclasses.replace(base, lr=[0.025, 0.05, 0.1, 0.1]).warmup_steps() == 3
    assert math.isnan(dataclasses.replace(base, step_loss=[1.0, None, 2.0]).max_loss())


def test_spread():
    assert recipes.spread([1.0, None, math.nan, 3.0, 2.0]) == (2.0, 1.0, 3.0)
    assert all(math.isnan(v) for v in recipes.spread([None]))


@pytest.fixture(scope="module")
def two_seeds(result):
    return [result, dataclasses.replace(result, seed=1, runs=result.runs[:2])]


def test_runs_and_seeds_over_results(two_seeds, result):
    assert recipes.runs_of(two_seeds, "baseline") == [result.runs[0]] * 2
    assert recipes.seeds_of(two_seeds, "label_smoothing") == [0]
    assert recipes.runs_of(result, "preact") == []
    with pytest.raises(ValueError, match="variant"):
        recipes.runs_of(two_seeds, "resnext")
    with pytest.raises(TypeError, match="RecipesResult"):
        recipes.runs_of([result, "seed 1"], "baseline")


def test_seed_and_mode_summaries_are_bilingual(two_seeds):
    text = recipes.seeds_summary(two_seeds, ("baseline", "label_smoothing"), split=2)
    assert CJK.search(text) and "seeds 0, 1" in text and "种子 0、1" in text and "(seed 0)" in text
    assert "steps 1–2" in text and "steps 3–3" in text
    modes = recipes.modes_summary(two_seeds, "zero_init")
    assert "train mode" in modes and "训练模式" in modes and "first 64 training examples" in modes
    with pytest.raises(ValueError, match="preact"):
        recipes.modes_summary(two_seeds, ("preact",))
    with pytest.raises(ValueError, match="split"):
        recipes.seeds_summary(two_seeds, ("baseline",), split=0)


def test_json_round_trip(result):
    back = from_dict(recipes.RecipesResult, json.loads(to_json(result)))
    assert back == result
    assert back.run_for("zero_init").final_loss() == result.run_for("zero_init").final_loss()


def test_summary_is_bilingual_and_names_every_variant(result):
    text = result.summary()
    assert CJK.search(text) and "ResNet-8" in text
    for variant in ("baseline", "zero_init", "label_smoothing"):
        assert variant in text
    with pytest.raises(ValueError, match="preact"):
        result.run_for("preact")


@pytest.mark.parametrize("field, value, exc", [
    ("variants", ("baseline", "resnext"), ValueError),
    ("variants", (), ValueError),
    ("variants", ("baseline", "baseline"), ValueError),
    ("depth", 21, ValueError),
    ("depth", 20.0, TypeError),
    ("epochs", 0, ValueError),
    ("max_steps", 0, ValueError),
    ("lr", 0.0, ValueError),
    ("lr", "0.1", TypeError),
    ("label_smoothing", 1.0, ValueError),
    ("warmup_epochs", 0, ValueError),
    ("schedule", "exp", ValueError),
    ("device", "tpu", ValueError),
    ("progress", 1, TypeError),
])
def test_bad_config_names_the_field(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        recipes.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_cli_json(capsys):
    assert cli.main(["recipes", "--variants", "baseline", "--depth", "8", "--width", "4", "--max-steps", "2",
                     "--train-subset", "128", "--epochs", "2", "--eval-size", "32", "--device", "cpu", "--no-progress",
                     "--no-cache", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "recipes" and [r["variant"] for r in data["runs"]] == ["baseline"]
    assert len(data["runs"][0]["step_loss"]) == 2


def test_cli_help_lists_every_option(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["recipes", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "--warmup-epochs" in out and "zero_init" in out and CJK.search(out)


def test_cli_bad_input_exits_2_with_one_bilingual_line():
    assert_cli_refuses(["recipes", "--depth", "21"], "depth")


# --- plots ---------------------------------------------------------------------------------------------

def test_step_loss_plot_has_a_line_per_variant_and_the_chance_line(result):
    fig = plot_step_losses(result)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 3 + 1 and ax.get_yscale() == "log"
    legend = " ".join(text.get_text() for text in ax.get_legend().get_texts())
    assert "zero-init" in legend and CJK.search(legend)
    smooth = plot_step_losses(result, variants=("baseline",), smooth=2, log=False).axes[0]
    assert len(smooth.get_lines()) == 2 and smooth.get_yscale() == "linear"


def test_seed_loss_plot_draws_every_seed_their_mean_and_the_mark(two_seeds):
    ax = plot_seed_losses(two_seeds, ("baseline", "zero_init"), mark=2).axes[0]
    assert len(ax.get_lines()) == 2 * 2 + 2 + 1 + 1  # per seed, the means, ln 10, the end of the warm-up
    legend = " ".join(text.get_text() for text in ax.get_legend().get_texts())
    assert "warm-up" in legend and CJK.search(legend) and "0, 1" in ax.get_title()
    ax = plot_seed_losses(two_seeds[0], log=False).axes[0]
    assert len(ax.get_lines()) == 3 * 2 + 1 and ax.get_yscale() == "linear"
    with pytest.raises(TypeError, match="RecipesResult"):
        plot_seed_losses([two_seeds[0], None])
    with pytest.raises(ValueError, match="mark"):
        plot_seed_losses(two_seeds, mark=-1)
    with pytest.raises(ValueError, match="preact"):
        plot_seed_losses(two_seeds, ("preact",))


def test_error_plots(result):
    ax = plot_histories({"a": result.runs[0]}).axes[0]
    assert len(ax.get_lines()) == 2 and CJK.search(ax.get_ylabel() + ax.get_title())


def test_plots_follow_the_language(result):
    try:
        i18n.set_language("en")
        ax = plot_step_losses(result).axes[0]
        assert not CJK.search(ax.get_ylabel() + ax.get_title() + ax.get_xlabel())
    finally:
        i18n.set_language("both")


@pytest.mark.parametrize("bad", [None, {"runs": []}, "result"])
def test_plots_reject_bad_input(bad, result):
    with pytest.raises(TypeError, match="RecipesResult"):
        plot_step_losses(bad)
    with pytest.raises(ValueError, match="smooth"):
        plot_step_losses(result, smooth=0)
    with pytest.raises(TypeError, match="histories"):
        plot_histories(bad)
