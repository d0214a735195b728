"""The transfer-learning experiment: runs, determinism, JSON, config errors, CLI, plot, widget."""
import dataclasses
import json

import pytest
import torch
from helpers import CJK, assert_cli_refuses, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli
from resnet_lessons.experiments import base, get_experiment, transfer

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

# One draw of 3 labels per class, 2 epochs, a ResNet-8 of width 4 pretrained for 1 epoch: about a second.
TINY = dict(depth=8, width=4, pretrain_epochs=1, labels_per_class=(3,), draws=1, epochs=2, progress=False,
            device="cpu")


@pytest.fixture(scope="module")
def tiny_result(one_thread_for_module):
    return transfer.run(**TINY)


def test_registered_and_shapes(tiny_result):
    assert get_experiment("transfer") is transfer
    r = tiny_result
    assert r.experiment == "transfer" and r.dataset == "mnist1d" and r.seed == 0
    assert [run.strategy for run in r.runs] == list(transfer.STRATEGIES)
    assert r.strategies() == list(transfer.STRATEGIES) and r.labels_settings() == [3]
    assert r.pretrain["examples"] == 1993 and r.num_target_test == 493
    for run in r.runs:
        assert 0 <= run.test_accuracy <= 1 and 0 <= run.train_accuracy <= 1 and run.labels_per_class == 3
    probe = r.trainable("linear_probe")
    assert probe == 16 * 5 + 5  # only the new fc: 16 features -> 5 classes
    assert r.trainable("scratch") == r.trainable("finetune") == r.trainable("layerwise") == r.total_params
    text = r.summary()
    assert "linear probe" in text and "线性探测" in text and "325" not in text and "seconds" not in text


def test_same_seed_same_result_also_when_pretraining_again(tiny_result):
    transfer._PRETRAINED.clear()  # pretrain from scratch, not from memory
    again = transfer.run(**TINY)
    assert without_seconds(again) == without_seconds(tiny_result)
    other = transfer.run(**{**TINY, "seed": 1})
    assert without_seconds(other) != without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    back = base.from_dict(transfer.TransferResult, json.loads(base.to_json(tiny_result)))
    assert back == tiny_result and isinstance(back.runs[0], transfer.TransferRun)


def test_several_settings_draws_and_the_2d_digits():
    r = transfer.run(**{**TINY, "labels_per_class": (2, 4), "draws": 2, "strategies": ("scratch", "linear_probe")})
    assert len(r.runs) == 2 * 2 * 2 and r.labels_settings() == [2, 4]
    assert len(r.accuracies("scratch", 4)) == 2 and r.best(2) in ("scratch", "linear_probe")
    with pytest.raises(ValueError, match="finetune"):
        r.mean_accuracy("finetune", 2)
    partial = dataclasses.replace(r, runs=[run for run in r.runs if not (run.labels_per_class == 4
                                                                         and run.strategy == "scratch")])
    text = partial.summary()  # a setting without a scratch run: its lines, no verdict, no error
    assert sum(line.startswith("->") for line in text.splitlines()) == 1 and partial.best(4) == "linear_probe"
    digits = transfer.run(**{**TINY, "dataset": "digits", "strategies": ("finetune",)})
    assert digits.dataset == "digits" and digits.num_target_test == 180


def test_frozen_backbone_really_stays_frozen():
    config = transfer.Config(**TINY)
    pretrained, info = transfer.pretrain(config)
    model, groups = transfer.transfer_model(pretrained, "linear_probe", config, seed=1)
    before = {k: v.clone() for k, v in model.state_dict().items() if not k.startswith("fc.")}
    x, y = torch.randn(12, 1, 40), torch.randint(0, 5, (12,))
    transfer.fit(model, x, y, groups, epochs=2, batch_size=4, generator=torch.Generator().manual_seed(0))
    assert all(torch.equal(v, model.state_dict()[k]) for k, v in before.items())
    _, layerwise = transfer.transfer_model(pretrained, "layerwise", config, seed=1)
    assert [g["name"] for g in layerwise] == ["stem", "layer1", "layer2", "layer3", "fc"]
    assert layerwise[-1]["lr"] == config.lr and layerwise[0]["lr"] == pytest.approx(config.lr * 0.5 ** 4)


@pytest.mark.parametrize("field, value, exc", [
    ("depth", 9, ValueError), ("depth", "14", TypeError), ("width", 0, ValueError),
    ("labels_per_class", (0,), ValueError), ("labels_per_class", (5, 5), ValueError),
    ("labels_per_class", 5, ValueError),
    ("strategies", ("scratch", "magic"), ValueError), ("strategies", (), ValueError), ("draws", 0, ValueError),
    ("epochs", 0, ValueError), ("lr", 0.0, ValueError), ("lr", "fast", TypeError), ("finetune_lr", -1.0, ValueError),
    ("layer_decay", 2.0, ValueError), ("dataset", "imagenet", ValueError), ("device", "tpu", ValueError),
    ("progress", "yes", TypeError), ("seed", -1, ValueError)])
def test_bad_config_names_the_field_in_both_languages(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        transfer.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_cli_json_and_module_entry_point(capsys):
    args = ["transfer", "--depth", "8", "--width", "4", "--pretrain-epochs", "1", "--labels-per-class", "3",
            "--draws", "1", "--epochs", "1", "--strategies", "scratch", "linear_probe", "--no-progress",
            "--device", "cpu", "--json"]
    assert cli.main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "transfer" and len(data["runs"]) == 2 and data["config"]["labels_per_class"] == [3]
    assert_cli_refuses(["transfer", "--depth", "9"], "depth")


def test_run_cached_does_not_train_again(monkeypatch):
    first = transfer.run_cached(transfer.Config(**TINY))

    def no_training(*args, **kwargs):
        raise AssertionError("trained again")

    monkeypatch.setattr(transfer, "fit", no_training)
    assert transfer.run_cached(transfer.Config(**{**TINY, "progress": True})) == first


def test_plot_bars_and_empty_chart(tiny_result):
    from resnet_lessons.plots.transfer import plot_transfer

    fig = plot_transfer(tiny_result)
    assert isinstance(fig, Figure) and len(fig.axes[0].patches) == len(transfer.STRATEGIES)
    empty = plot_transfer(None)
    assert len(empty.axes[0].patches) == 0 and empty.axes[0].texts
    with pytest.raises(TypeError, match="result"):
        plot_transfer({"runs": []})


def test_widget_starts_without_training_then_adds_bars(tiny_result, monkeypatch):
    from resnet_lessons.widgets.transfer import transfer_explorer

    calls = []
    real_run = transfer.run

    def counting_run(config=None, **overrides):
        calls.append(config)
        return real_run(config, **overrides)

    monkeypatch.setattr(transfer, "run", counting_run)
    panel = transfer_explorer(tiny_result, strategy="layerwise", labels_per_class=5)
    assert panel.updates == 1 and calls == [] and panel.result is tiny_result
    panel.button.click()
    assert panel.updates == 2 and len(calls) == 1
    assert calls[0].strategies == ("layerwise",) and calls[0].labels_per_class == (5,) and calls[0].depth == 8
    assert panel.result.labels_settings() == [3, 5] and len(panel.result.runs) == len(tiny_result.runs) + 1
    panel.button.click()  # the same setting again replaces its bar, it does not add a second one
    assert len(panel.result.runs) == len(tiny_result.runs) + 1

    def boom(config=None, **overrides):
        raise RuntimeError("injected")

    monkeypatch.setattr(transfer, "run", boom)
    panel.button.click()
    assert "injected" in panel.status.value and CJK.search(panel.status.value) and panel.updates == 3
    empty = transfer_explorer(**{k: v for k, v in TINY.items() if k not in ("progress", "labels_per_class")})
    assert empty.result is None and empty.figure is not None
    with pytest.raises(ValueError, match="strategy"):
        transfer_explorer(strategy="magic")
    with pytest.raises(ValueError, match="labels_per_class"):
        transfer_explorer(labels_per_class=7)
