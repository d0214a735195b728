"""resnet_lessons.train: the training loop, its schedules, history and errors (tiny, CPU, 1 thread)."""
import json
import math
import os
import subprocess
import sys

import pytest
import torch
from helpers import bilingual, without_keys
from torch import nn

from resnet_lessons.data import load_dataset
from resnet_lessons.train import (SCHEDULES, History, StopTraining, TrainConfig, evaluate, lr_at, schedule_curve,
                                  steps_per_epoch, total_steps, train)

pytestmark = pytest.mark.usefixtures("one_thread")

TIMINGS = ("wall_time", "train_time", "samples_per_second")


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A private disk cache, shared with the subprocess below, so the tests never touch ~/.cache."""
    path = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESNET_LESSONS_CACHE", str(path))
        yield path


@pytest.fixture(scope="module")
def data(cache):
    return load_dataset("mnist1d", subset=512, test_subset=256)


def tiny_model(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv1d(1, 8, 3, padding=1), nn.BatchNorm1d(8), nn.ReLU(),
                         nn.Flatten(), nn.Linear(8 * 40, 10))


def quick(**kwargs):
    """A tiny run: 2 epochs of 4 steps on the 512-example subset."""
    kwargs.setdefault("epochs", 2)
    return TrainConfig(**kwargs)


# --- training -------------------------------------------------------------------------------------------

def test_loss_decreases_and_history_has_the_right_lengths(data):
    h = train(tiny_model(), data, quick(epochs=3, schedule="constant", lr=0.05), device="cpu", progress=False)
    assert h.train_loss[-1] < h.train_loss[0] and h.train_error[-1] < h.train_error[0]
    assert sum(h.step_loss[-4:]) < sum(h.step_loss[:4])
    assert h.epoch == [1.0, 2.0, 3.0] and h.steps == [4, 8, 12]
    for name in ("train_loss", "train_error", "test_loss", "test_error"):
        assert len(getattr(h, name)) == 3
    assert len(h.step_loss) == len(h.lr) == 12
    assert all(0 <= e <= 1 for e in h.train_error + h.test_error)
    assert h.device == "cpu" and h.dataset == "mnist1d" and h.config["epochs"] == 3
    assert not h.diverged and not h.stopped
    assert h.samples_per_second > 0 and h.wall_time >= h.train_time > 0


def test_training_error_is_measured_in_eval_mode(data):
    model = tiny_model()
    h = train(model, data, quick(epochs=1), device="cpu", progress=False)
    loss, err = evaluate(model, data.x_train, data.y_train)
    assert h.train_loss[-1] == pytest.approx(loss, rel=1e-6) and h.train_error[-1] == err
    loss, err = evaluate(model, data.x_test, data.y_test)
    assert h.test_loss[-1] == pytest.approx(loss, rel=1e-6) and h.test_error[-1] == err


def test_same_seed_same_history(data):
    config = quick(augment="shift")
    a = train(tiny_model(), data, config, device="cpu", progress=False)
    b = train(tiny_model(), data, config, device="cpu", progress=False)
    assert without_keys(a.to_dict(), TIMINGS) == without_keys(b.to_dict(), TIMINGS)
    c = train(tiny_model(), data, quick(augment="shift", seed=1), device="cpu", progress=False)
    assert c.step_loss != a.step_loss  # another data order


SCRIPT = """
import json, torch
from torch import nn
torch.set_num_threads(1)
from resnet_lessons.data import load_dataset
from resnet_lessons.train import TrainConfig, train
torch.manual_seed(0)
model = nn.Sequential(nn.Conv1d(1, 8, 3, padding=1), nn.BatchNorm1d(8), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 40, 10))
h = train(model, load_dataset("mnist1d", subset=512, test_subset=256), TrainConfig(epochs=2, augment="shift"),
          device="cpu", progress=False)
print(json.dumps(h.to_dict()))
"""


def test_same_seed_same_history_across_processes(data):
    here = train(tiny_model(), data, quick(augment="shift"), device="cpu", progress=False)
    env = dict(os.environ, RESNET_LESSONS_DEVICE="cpu")
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, env=env)
    there = History.from_dict(json.loads(out.stdout.splitlines()[-1]))
    assert without_keys(there.to_dict(), TIMINGS) == without_keys(here.to_dict(), TIMINGS)


def test_json_round_trip(data):
    h = train(tiny_model(), data, quick(), device="cpu", progress=False)
    text = json.dumps(h.to_dict(), allow_nan=False)
    back = History.from_dict(json.loads(text))
    assert back == h
    assert TrainConfig(**back.config) == TrainConfig(epochs=2)


def test_divergence_stops_early_without_crashing(data, capsys):
    h = train(tiny_model(), data, quick(epochs=5, lr=1e4), device="cpu", progress=True)
    assert h.diverged and not h.stopped
    assert not all(math.isfinite(v) for v in h.step_loss)
    first = next(i for i, v in enumerate(h.step_loss) if not math.isfinite(v))
    assert h.steps[-1] == len(h.step_loss) == 4 * (first // 4 + 1) < 20  # stopped after that epoch
    out = capsys.readouterr()
    assert "diverged" in out.out + out.err
    text = json.dumps(h.to_dict(), allow_nan=False)  # nan becomes null ...
    back = History.from_dict(json.loads(text))        # ... and nan again
    assert [math.isnan(v) for v in back.step_loss] == [math.isnan(v) for v in h.step_loss]


def test_callback_sees_every_epoch_and_can_stop_training(data):
    seen = []

    def callback(epoch, history):
        seen.append((epoch, len(history.train_error)))
        if epoch == 2:
            raise StopTraining

    h = train(tiny_model(), data, quick(epochs=4), device="cpu", progress=False, callback=callback)
    assert seen == [(1, 1), (2, 2)]
    assert h.stopped and len(h.step_loss) == 8 and h.epoch == [1.0, 2.0]


def test_other_errors_in_the_callback_propagate(data):
    def callback(epoch, history):
        raise KeyError("boom")

    with pytest.raises(KeyError):
        train(tiny_model(), data, quick(), device="cpu", progress=False, callback=callback)


def test_eval_every_and_max_steps(data):
    h = train(tiny_model(), data, quick(epochs=3, eval_every=2), device="cpu", progress=False)
    assert h.epoch == [2.0, 3.0] and h.steps == [8, 12]  # and always after the last epoch
    h = train(tiny_model(), data, quick(epochs=3, max_steps=6), device="cpu", progress=False)
    assert len(h.step_loss) == 6 and h.steps == [4, 6] and h.epoch == [1.0, 1.5]
    assert h.lr[-1] < h.lr[0]  # the step schedule spans the 6 steps, not 3 epochs


def test_model_mode_and_device_are_kept(data):
    model = tiny_model()
    model.eval()
    train(model, data, quick(epochs=1), device="cpu", progress=False)
    assert not model.training
    assert next(model.parameters()).device.type == "cpu"


def test_options_run(data):
    for config in (quick(epochs=1, autocast="bf16"), quick(epochs=1, label_smoothing=0.1, nesterov=True),
                   quick(epochs=1, schedule="cosine", warmup_epochs=0.5, train_eval_size=100)):
        h = train(tiny_model(), data, config, device="cpu", progress=False)
        assert not h.diverged and len(h.step_loss) == 4


def test_images_with_flip_and_channels_last():
    digits = load_dataset("digits", subset=256, test_subset=64)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 10))
    h = train(model, digits, quick(epochs=1, augment="shift+flip", max_shift=1, channels_last=True),
              device="cpu", progress=False)
    assert len(h.step_loss) == 2 and h.config["channels_last"]


def test_a_last_batch_of_one_is_dropped(data):
    small = load_dataset("mnist1d", subset=257, test_subset=10)  # from memory: the fixture loaded it
    h = train(tiny_model(), small, quick(epochs=1), device="cpu", progress=False)  # BN cannot train on 1 example
    assert len(h.step_loss) == 2 == steps_per_epoch(257, 128)
    assert steps_per_epoch(258, 128) == 3 and steps_per_epoch(100, 128) == 1


def test_cifar_resnet_trains(data):
    models = pytest.importorskip("resnet_lessons.models")
    torch.manual_seed(0)
    model = models.cifar_resnet(8, dim=1, in_channels=1)
    h = train(model, data, quick(epochs=1, max_steps=2), device="cpu", progress=False)
    assert len(h.step_loss) == 2 and all(math.isfinite(v) for v in h.step_loss)


# --- evaluate -------------------------------------------------------------------------------------------

def test_evaluate_matches_a_direct_computation_and_restores_the_mode(data):
    model = tiny_model()
    model.train()
    loss, err = evaluate(model, data.x_test, data.y_test, batch_size=100)
    assert model.training
    model.eval()
    with torch.no_grad():
        logits = model(data.x_test)
    assert loss == pytest.approx(nn.functional.cross_entropy(logits, data.y_test).item(), rel=1e-5)
    assert err == (logits.argmax(1) != data.y_test).float().mean().item()
    assert not model.training


def test_evaluate_bad_arguments(data):
    with pytest.raises(TypeError):
        evaluate("model", data.x_test, data.y_test)
    with pytest.raises(TypeError):
        evaluate(tiny_model(), data.x_test.numpy(), data.y_test)
    with pytest.raises(ValueError):
        evaluate(tiny_model(), data.x_test, data.y_test[:3])
    with pytest.raises(ValueError):
        evaluate(tiny_model(), data.x_test, data.y_test, batch_size=0)


# --- schedules ------------------------------------------------------------------------------------------

def test_step_schedule_drops_tenfold_at_the_milestones():
    config = TrainConfig(epochs=4, lr=0.1, schedule="step", milestones=(0.5, 0.75))
    curve = schedule_curve(config, 64000)
    assert curve[0] == curve[31999] == 0.1
    assert curve[32000] == pytest.approx(0.01) and curve[47999] == pytest.approx(0.01)
    assert curve[48000] == pytest.approx(0.001) and curve[-1] == pytest.approx(0.001)
    assert len(curve) == 64000


def test_linear_warmup_starts_small_and_rises_linearly():
    config = TrainConfig(epochs=10, lr=0.1, schedule="constant", warmup_epochs=2)
    curve = schedule_curve(config, 100)  # 10 steps per epoch: 20 warm-up steps
    assert curve[0] == pytest.approx(0.1 / 20)
    diffs = [b - a for a, b in zip(curve[:20], curve[1:20])]
    assert all(d == pytest.approx(0.1 / 20) for d in diffs)
    assert curve[19] == pytest.approx(0.1) and curve[20:] == [0.1] * 80
    constant = TrainConfig(epochs=10, lr=0.1, schedule="constant", warmup_epochs=1, warmup="constant")
    assert schedule_curve(constant, 100)[:11] == [pytest.approx(0.01)] * 10 + [0.1]
    fractional = TrainConfig(epochs=10, warmup_epochs=0.25)
    assert lr_at(fractional, 0, 100, steps_per_epoch=20) == pytest.approx(0.1 / 5)


def test_cosine_and_linear_end_near_zero():
    for schedule in ("cosine", "linear"):
        config = TrainConfig(epochs=10, lr=0.1, schedule=schedule, warmup_epochs=1)
        curve = schedule_curve(config, 1000)
        assert curve[100] == pytest.approx(0.1) and 0 < curve[-1] < 1e-3
        assert all(b <= a for a, b in zip(curve[100:], curve[101:]))
    assert set(SCHEDULES) == {"constant", "step", "cosine", "linear"}


def test_schedule_arguments():
    config = TrainConfig()
    assert total_steps(TrainConfig(epochs=3), 4000) == 3 * 32 and total_steps(TrainConfig(max_steps=5), 4000) == 5
    for call in (lambda: lr_at(config, 10, 10), lambda: lr_at(config, -1, 10), lambda: lr_at(config, 0, 0),
                 lambda: schedule_curve(config, 0), lambda: lr_at(config, 0, 10, steps_per_epoch=0)):
        with pytest.raises(ValueError) as info:
            call()
        assert bilingual(info.value)
    with pytest.raises(TypeError):
        lr_at({"lr": 0.1}, 0, 10)


# --- bad input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value", [
    ("epochs", 0), ("batch_size", 0), ("lr", 0), ("lr", -0.1), ("lr", float("nan")),
    ("momentum", 1.0), ("momentum", -0.1), ("weight_decay", -1e-4),
    ("schedule", "exponential"), ("milestones", (0.75, 0.5)), ("milestones", (0.5, 1.5)), ("milestones", 0.5),
    ("gamma", 0), ("gamma", 2), ("warmup_epochs", -1), ("warmup", "cosine"), ("label_smoothing", 1.0),
    ("autocast", "fp8"), ("augment", "flip"), ("max_shift", -1), ("seed", -1),
    ("eval_every", 0), ("eval_batch_size", 0), ("train_eval_size", 0), ("max_steps", 0),
])
def test_bad_config(field, value):
    with pytest.raises(ValueError) as info:
        TrainConfig(**{field: value})
    assert field in str(info.value) and bilingual(info.value)


@pytest.mark.parametrize("field, value", [
    ("epochs", 2.0), ("lr", "0.1"), ("nesterov", 1), ("autocast", True), ("seed", True), ("channels_last", "yes"),
])
def test_config_of_the_wrong_type(field, value):
    with pytest.raises(TypeError) as info:
        TrainConfig(**{field: value})
    assert field in str(info.value) and bilingual(info.value)


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match="momentum"):
        TrainConfig(nesterov=True, momentum=0)


def test_bad_train_arguments(data):
    model = tiny_model()
    with pytest.raises(TypeError, match="config"):
        train(model, data, {"epochs": 1}, device="cpu")
    with pytest.raises(TypeError, match="model"):
        train("resnet20", data, quick(), device="cpu")
    with pytest.raises(TypeError, match="data"):
        train(model, (data.x_train, data.y_train), quick(), device="cpu")
    with pytest.raises(TypeError, match="callback"):
        train(model, data, quick(), device="cpu", callback=3)
    with pytest.raises(ValueError) as info:
        train(model, data, quick(autocast="fp16"), device="cpu")
    assert "fp16" in str(info.value) and bilingual(info.value)
    with pytest.raises(ValueError, match="shift"):
        train(model, data, quick(augment="shift+flip"), device="cpu")
    with pytest.raises(ValueError, match="device"):
        train(model, data, quick(), device="gpu")


def test_history_from_bad_dict():
    with pytest.raises(ValueError) as info:
        History.from_dict({"config": {}, "accuracy": [1]})
    assert "accuracy" in str(info.value) and bilingual(info.value)
    with pytest.raises(ValueError):
        History.from_dict({"train_loss": []})
    with pytest.raises(TypeError):
        History.from_dict([])
