"""The full-scale experiment (CIFAR-10 Fig. 6 on a GPU or with torchrun), tested on the CPU with synthetic data:
the recipe, data on the device, two torchrun processes training as one, resuming after a stop or a kill,
and bad input."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from helpers import CJK, assert_cli_refuses, bilingual, without_keys

from resnet_lessons import device_data, distributed
from resnet_lessons.experiments import fullscale, get_experiment
from resnet_lessons.experiments.base import to_dict
from resnet_lessons.train import StopTraining

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

ROOT = Path(__file__).resolve().parents[1]
TINY = dict(dataset="synthetic", depths=(8,), kinds=("residual",), iterations=6, batch_size=16, eval_every=3,
            progress=False, device="cpu")
TIMING = ("seconds", "samples_per_second")


def comparable(result):
    """A result as a dict without what may differ between an interrupted and an uninterrupted run."""
    return without_keys(to_dict(result), TIMING + ("resumed_from", "config"))


def cli(*args, torchrun=0, timeout=300):
    """``python -m resnet_lessons fullscale ARGS`` (under ``torchrun --nproc_per_node N`` when ``torchrun``)."""
    launch = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={torchrun}"] \
        if torchrun else [sys.executable]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return subprocess.run([*launch, "-m", "resnet_lessons", "fullscale", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


# --- the recipe -------------------------------------------------------------------------------------------

def test_the_papers_schedule_scales_with_iterations():
    assert fullscale.lr_at(0, 64000) == 0.1 and fullscale.lr_at(31999, 64000) == 0.1
    assert fullscale.lr_at(32000, 64000) == pytest.approx(0.01) and fullscale.lr_at(47999, 64000) == pytest.approx(0.01)
    assert fullscale.lr_at(48000, 64000) == pytest.approx(0.001) and fullscale.lr_at(63999, 64000) == pytest.approx(0.001)
    assert fullscale.lr_at(5, 10) == pytest.approx(0.01)  # 50 % of 10
    assert fullscale.lr_at(0, 64000, warm=False) == 0.01  # the 110-layer warm-up
    assert fullscale.lr_at(50000, 64000, warm=False) == pytest.approx(0.001)  # never above the schedule
    config = fullscale.Config()
    assert (config.iterations, config.batch_size, config.depths, config.dataset) == (64000, 128, (20, 32, 44, 56),
                                                                                      "cifar10")


def test_option_a_twins_and_the_same_init_in_every_process():
    config = fullscale.Config(**TINY)
    plain, residual = fullscale.build_model(config, 20, False), fullscale.build_model(config, 20, True)
    assert sum(p.numel() for p in plain.parameters()) == sum(p.numel() for p in residual.parameters()) == 269722  # 0.27M (Table 6)
    again = fullscale.build_model(config, 20, True)
    assert all(torch.equal(a, b) for a, b in zip(residual.state_dict().values(), again.state_dict().values()))


def test_warmup_ends_when_the_recent_training_error_is_below_80_percent(monkeypatch):
    monkeypatch.setattr(fullscale, "WARMUP_WINDOW", 2)
    monkeypatch.setattr(fullscale, "WARMUP_ERROR", 1.01)  # any error counts as low: ends after the window
    config = dict(TINY, iterations=4, eval_every=4, warmup_depth=8)
    assert fullscale.run(**config).runs[0].warmup_until == 2
    monkeypatch.setattr(fullscale, "WARMUP_ERROR", 0.0)  # never low enough: 0.01 throughout
    item = fullscale.run(**config).runs[0]
    assert item.warmup_until is None and item.curves["lr"] == [0.001]  # min(0.01, the schedule's 0.001)
    assert fullscale.run(**dict(config, warmup_depth=0)).runs[0].warmup_until is None  # no warm-up asked


# --- data ------------------------------------------------------------------------------------------------

def test_synthetic_data_is_cifar_shaped_seeded_fast_and_learnable():
    start = time.perf_counter()
    splits = device_data.synthetic(0)
    assert time.perf_counter() - start < 1.0
    assert splits.x_train.shape == (1000, 3, 32, 32) and splits.x_val.shape[1:] == splits.x_test.shape[1:]
    assert splits.x_train.dtype == torch.float32 and set(splits.y_train.tolist()) == set(range(10))
    assert torch.equal(splits.x_test, device_data.synthetic(0).x_test)
    # learnable: the class means of the training images already classify held-out images far above chance
    means = torch.stack([splits.x_train[splits.y_train == c].mean(0) for c in range(10)]).flatten(1)  # (10, 3072)
    guess = torch.cdist(splits.x_val.flatten(1), means).argmin(1)
    assert (guess == splits.y_val).float().mean() > 0.5


def test_crop_and_flip_on_the_device_are_the_papers_augmentation():
    x = torch.randn(5, 3, 32, 32)
    offsets, flips = device_data.augment_params(0, 7, 5)
    assert offsets.shape == (5, 2) and 0 <= offsets.min() and offsets.max() <= 8 and flips.dtype == torch.bool
    out = device_data.crop_flip(x, offsets, flips)
    padded = torch.nn.functional.pad(x, (4, 4, 4, 4))
    for i in range(5):
        r, c = offsets[i].tolist()
        expected = padded[i, :, r:r + 32, c:c + 32]
        assert torch.equal(out[i], expected.flip(-1) if flips[i] else expected)
    assert torch.equal(device_data.crop_flip(x, torch.full((5, 2), 4), torch.zeros(5, dtype=torch.bool)), x)
    # the same draws for the same (seed, iteration), in any process; others for another iteration
    assert torch.equal(device_data.augment_params(0, 7, 5)[0], offsets)
    assert not torch.equal(device_data.augment_params(0, 8, 5)[0], offsets)


def test_cifar10_not_on_disk_is_a_clear_error_and_nothing_is_downloaded(tmp_path):
    empty = tmp_path / "no-cifar"
    with pytest.raises(ValueError, match="dataset") as info:
        fullscale.run(**dict(TINY, dataset="cifar10", data_root=str(empty)))
    message = str(info.value)
    assert "--dataset synthetic" in message and "--download" in message and bilingual(message)
    assert not empty.exists() or not any(empty.iterdir())
    done = cli("--data-root", str(empty), "--no-progress", "--device", "cpu")
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2 and len(lines) == 1 and "--dataset synthetic" in lines[0] and CJK.search(lines[0])


# --- results ---------------------------------------------------------------------------------------------

def test_result_has_the_degradation_shape_and_is_deterministic():
    result = fullscale.run(**TINY)
    assert result.experiment == "fullscale" and result.world_size == 1 and result.device == "cpu"
    item = result.run_for(8, True)
    assert item.iterations == 6 and not item.stopped and not item.diverged and item.resumed_from == 0
    assert item.curves["iteration"] == [3, 6] and item.curves["lr"] == [0.1, 0.001]
    assert item.train_error == item.curves["train_error"][-1] and item.train_loss == item.curves["train_loss"][-1]
    assert 0 <= item.val_error <= 1 and item.samples_per_second > 0
    assert "ResNet-8" in result.summary() and CJK.search(result.summary())
    assert comparable(fullscale.run(**TINY)) == comparable(result)
    json.dumps(to_dict(result), allow_nan=False)
    assert get_experiment("fullscale") is fullscale


# --- many processes --------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["plain", "residual"])
def test_ddp_with_global_batchnorm_gives_the_whole_batch_gradient(kind, tmp_path):
    """float64, so that only a real difference would show: one process on 16 images vs two on 8 each."""
    worker = str(ROOT / "tests" / "ddp_grad_worker.py")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    one, two = tmp_path / "one.pt", tmp_path / "two.pt"
    subprocess.run([sys.executable, worker, str(one), kind], check=True, env=env, timeout=120)
    done = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                           worker, str(two), kind], env=env, timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    a, b = torch.load(one, weights_only=True), torch.load(two, weights_only=True)
    assert a.keys() == b.keys() and any(k.endswith("running_var") for k in a)
    for name in a:
        assert torch.allclose(a[name].double(), b[name].double(), rtol=1e-9, atol=1e-12), name


def test_two_torchrun_processes_train_as_one():
    """The issue's check: the same command under torchrun with 2 processes ends with the same training loss."""
    args = ["--dataset", "synthetic", "--depths", "20", "--iterations", "8", "--batch-size", "32", "--seed", "0",
            "--json", "--no-progress", "--device", "cpu"]
    one, two = cli(*args), cli(*args, torchrun=2)
    assert one.returncode == 0, one.stderr[-2000:]
    assert two.returncode == 0, two.stderr[-2000:]
    a, b = json.loads(one.stdout), json.loads(two.stdout)  # one JSON document: only rank 0 prints
    assert (a["world_size"], b["world_size"]) == (1, 2)
    assert [(r["depth"], r["residual"]) for r in a["runs"]] == [(r["depth"], r["residual"]) for r in b["runs"]] \
        == [(20, False), (20, True)]
    for x, y in zip(a["runs"], b["runs"]):
        assert y["train_loss"] == pytest.approx(x["train_loss"], rel=1e-3), (x["train_loss"], y["train_loss"])
        assert y["iterations"] == x["iterations"] == 8


def test_batch_must_split_evenly_over_the_processes(monkeypatch):
    monkeypatch.setenv("WORLD_SIZE", "3")
    monkeypatch.setenv("RANK", "0")
    with pytest.raises(ValueError, match="batch_size") as info:
        fullscale.run(**dict(TINY, batch_size=16))
    assert "3" in str(info.value) and bilingual(info.value)
    assert not torch.distributed.is_initialized()  # refused before any process group was made


def test_global_batchnorm_is_plain_batchnorm_in_one_process():
    bn = torch.nn.BatchNorm2d(4)
    model = distributed.global_batchnorm(torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), bn), torch.device("cpu"))
    assert type(model[1]) is distributed.GlobalBatchNorm2d and model[1].state_dict().keys() == bn.state_dict().keys()
    x = torch.randn(6, 3, 8, 8)
    reference = torch.nn.functional.batch_norm(model[0](x), None, None, model[1].weight, model[1].bias, True)
    assert torch.allclose(model(x), reference, atol=1e-6)


# --- resuming ---------------------------------------------------------------------------------------------

def test_a_stopped_run_resumes_from_its_checkpoint_to_the_same_result(tmp_path):
    config = dict(TINY, kinds=("plain", "residual"), checkpoint_every=2)
    whole = fullscale.run(**config)
    steps = []

    def preempt(iteration):  # the second net is stopped at its iteration 5: its last checkpoint is at 4
        steps.append(iteration)
        if len(steps) == 6 + 5:
            raise StopTraining

    first = fullscale.run(**config, checkpoint_dir=str(tmp_path), callback=preempt)
    assert first.stopped and [r.stopped for r in first.runs] == [False, True] and first.runs[1].iterations == 5
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 and all(f.endswith(".pt") for f in files)  # no temp file left behind
    resumed = fullscale.run(**config, checkpoint_dir=str(tmp_path))
    assert [r.resumed_from for r in resumed.runs] == [0, 4]
    assert comparable(resumed) == comparable(whole)
    state = torch.load(fullscale.checkpoint_path(fullscale.Config(**config, checkpoint_dir=str(tmp_path)), 8, True),
                       weights_only=True)
    assert state["run"]["iterations"] == 6  # a finished net's file holds its result (and weights)


def test_a_killed_process_resumes_to_the_same_result(tmp_path):
    args = ["--dataset", "synthetic", "--depths", "8", "--kinds", "residual", "--iterations", "40", "--batch-size",
            "16", "--eval-every", "20", "--checkpoint-dir", str(tmp_path), "--checkpoint-every", "1",
            "--no-progress", "--device", "cpu", "--json"]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    job = subprocess.Popen([sys.executable, "-m", "resnet_lessons", "fullscale", *args], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not any(tmp_path.glob("*.pt")) and job.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        job.send_signal(signal.SIGKILL)  # preempted, with no chance to clean up
    finally:
        job.wait(timeout=60)
    done = cli(*args)
    assert done.returncode == 0, done.stderr[-2000:]
    resumed = json.loads(done.stdout)
    assert resumed["runs"][0]["resumed_from"] > 0
    whole = fullscale.run(**dict(TINY, iterations=40, eval_every=20))
    assert without_keys(resumed, TIMING + ("resumed_from", "config")) == \
        without_keys(comparable(whole), ("config",))


# --- bad input --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("arg, value, exc", [
    ("depths", (21,), ValueError), ("depths", (20, 20), ValueError), ("depths", 20, TypeError),
    ("depths", (), TypeError), ("kinds", ("resnet",), ValueError), ("iterations", 0, ValueError),
    ("iterations", 1.5, TypeError), ("batch_size", 0, ValueError), ("eval_every", 0, ValueError),
    ("checkpoint_every", 0, ValueError), ("checkpoint_dir", "", ValueError), ("checkpoint_dir", 3, TypeError),
    ("data_root", " ", ValueError), ("dataset", "imagenet", ValueError), ("device", "tpu", ValueError),
    ("compile", 1, TypeError), ("warmup_depth", -1, ValueError), ("seed", -1, ValueError),
])
def test_bad_config_is_refused_naming_the_argument(arg, value, exc):
    with pytest.raises(exc, match=arg) as info:
        fullscale.Config(**{arg: value})
    assert bilingual(info.value)


def test_bad_run_arguments_are_refused():
    with pytest.raises(ValueError, match="batch_size") as info:
        fullscale.run(**dict(TINY, batch_size=1001))  # more than the 1000 synthetic training images
    assert bilingual(info.value)
    with pytest.raises(TypeError, match="callback"):
        fullscale.run(**TINY, callback=3)
    with pytest.raises(TypeError, match="bogus"):
        fullscale.run(bogus=1)
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="device") as info:
            fullscale.run(**dict(TINY, device="cuda"))
        assert bilingual(info.value)


def test_command_line_refuses_bad_options():
    assert_cli_refuses(["fullscale", "--depths", "21"], "depths")
    assert_cli_refuses(["fullscale", "--iterations", "0"], "iterations")
    done = cli("--dataset", "synthetic", "--batch-size", "3", "--device", "cpu", "--no-progress", torchrun=2)
    assert done.returncode != 0 and "batch_size" in done.stderr and CJK.search(done.stderr)


# --- what it costs here, and how a result made on a GPU is shown -----------------------------------------

def test_cost_estimate_measures_some_depths_and_scales_the_others_by_layer_count():
    cost = fullscale.estimate_cost(depths=(8, 14), measure=(8,), iterations=100, batch_size=8, warmup=0)
    assert set(cost.measured) == {8} and cost.measured[8] > 0 and cost.device == "cpu"
    # one measured depth: seconds per image proportional to the depth
    assert cost.images_per_second[14] == pytest.approx(cost.measured[8] * 8 / 14, rel=0.01)
    assert cost.hours(8) == pytest.approx(100 * 8 / cost.measured[8] / 3600)
    assert cost.total_hours == pytest.approx(2 * (cost.hours(8) + cost.hours(14)))
    text = cost.summary()
    assert "measured now" in text and "刚刚测得" in text and "estimated" in text and "按层数" in text
    assert bilingual(text)


def test_cost_estimate_refuses_bad_input():
    with pytest.raises(TypeError, match="depths"):
        fullscale.estimate_cost(depths=[20])
    with pytest.raises(ValueError, match="depths"):
        fullscale.estimate_cost(depths=(21,))
    with pytest.raises(ValueError, match="kinds"):
        fullscale.estimate_cost(kinds=3)
    with pytest.raises(ValueError, match="steps"):
        fullscale.measure_throughput(8, steps=0)


def test_a_fullscale_result_is_drawn_beside_our_scale():
    from resnet_lessons.experiments import degradation
    from resnet_lessons.plots.fullscale import plot_fullscale
    from resnet_lessons.plots.style import alt_text

    result = fullscale.run(**{**TINY, "kinds": ("plain", "residual")})
    sweep = degradation.load_sweep("degradation_full")
    fig = plot_fullscale(result, sweep)
    assert len(fig.axes) == 4
    lines = [line for ax in fig.axes[2:] for line in ax.get_lines()]
    assert len(lines) == 2  # plain-8 and ResNet-8 at full scale
    alt = alt_text(fig)
    assert "ResNet-8" in alt and CJK.search(alt) and f"{100 * result.runs[1].train_error:.1f} %" in alt
    with pytest.raises(TypeError, match="FullscaleResult"):
        plot_fullscale(sweep, sweep)
    with pytest.raises(TypeError, match="SeedSweep"):
        plot_fullscale(result, result)


def test_no_fullscale_result_ships_yet_and_asking_for_it_says_how_to_make_it():
    from resnet_lessons import results

    assert "fullscale" in results.ON_A_GPU and "fullscale" not in results.PRECOMPUTED
    assert results.shipped_seeds("fullscale") == []
    assert results.seed_file("fullscale", 0).name == "seed-0.json"
    with pytest.raises(FileNotFoundError) as err:
        results.load("fullscale")
    assert "fullscale" in str(err.value) and CJK.search(str(err.value))
