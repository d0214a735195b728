"""Every experiment is deterministic for a seed on a given machine: run twice in this process, or in two fresh
processes through the command line (``python -m resnet_lessons NAME ... --json --no-cache``, with different
PYTHONHASHSEEDs), a tiny config gives the same result, float for float, apart from wall times. A different
seed gives a different result (so these comparisons can fail).

What is compared is the canonical JSON text of the result (``repr`` of every float: the same text means the
same bits; -0.0 differs from 0.0, and NaN equals NaN). Timing fields are dropped first. One CPU thread
everywhere (``one_thread`` here, ``OMP_NUM_THREADS=1`` in the child processes), a private result cache.
"""
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import without_keys

from resnet_lessons.experiments import available, get_experiment
from resnet_lessons.experiments.base import to_dict

pytestmark = pytest.mark.usefixtures("one_thread")

ROOT = Path(__file__).resolve().parents[1]
TIMING = {"seconds", "samples_per_second", "latency_ms", "throughput"}  # wall-clock measurements
# The smallest budget that still runs each experiment's real code path (training, lesions, slices, timing...).
TINY = {
    "degradation": dict(depths=(8,), epochs=1, train_subset=64, batch_size=32, width=4),
    "gradients": dict(depth=8, batch_size=8, steps=2),
    "signal": dict(blocks=3, width=16, batch_size=16, model="cifar"),
    "shattered": dict(depths=(1, 4), width=16, points=32, seeds=2),
    "lesion": dict(depth=8, width=4, epochs=1, draws=2),
    "paths": dict(depth=8, width=4, epochs=1, samples=2, examples=8),
    "landscape": dict(depth=8, width=4, epochs=1, batch_size=256, resolution=3, resolution_1d=3, subset=50),
    "complexity": dict(models=("cifar_resnet8",), references=("alexnet",), timing=True, repeats=1, warmup=0,
                       batch_size=2),
    "transfer": dict(depth=8, width=4, pretrain_epochs=1, labels_per_class=(3,), draws=1, epochs=2),
    "recipes": dict(variants=("baseline", "shift"), depth=8, width=4, max_steps=3, train_subset=384, eval_size=64),
    "residual_fit": dict(points=32, width=8, steps=20),
    "fullscale": dict(dataset="synthetic", depths=(8,), kinds=("residual",), iterations=2, batch_size=16),
}
NOT_RANDOM = {"complexity"}  # counts parameters and multiply-adds: the seed changes no number it reports
CLOCK = {}


def tiny_config(name, **changes):
    return get_experiment(name).EXPERIMENT.config(**{**TINY[name], "progress": False, "device": "cpu", **changes})


def command_line(name):
    """``python -m resnet_lessons NAME --opt value ... --json [--no-cache]`` for the tiny config of ``name``."""
    experiment = get_experiment(name).EXPERIMENT
    argv = [sys.executable, "-m", "resnet_lessons", name]
    for key, value in {**TINY[name], "progress": False, "device": "cpu"}.items():
        option = "--" + key.replace("_", "-")
        if isinstance(value, bool):
            argv.append(option if value else "--no-" + option[2:])
        else:
            argv += [option, *map(str, value if isinstance(value, tuple) else (value,))]
    return argv + ["--json"] + (["--no-cache"] if experiment.run_cached is not None else [])


def canonical(data):
    """JSON text of a result without its timings: equal text means equal values, float for float."""
    return json.dumps(without_keys(json.loads(json.dumps(data)), TIMING), sort_keys=True, ensure_ascii=False)


def measured(data):
    """What a run measured: the canonical result without its config and seed."""
    data = json.loads(canonical(data))
    for key in ("config", "seed"):
        data.pop(key)
    return json.dumps(data, sort_keys=True)


def forget_in_process_caches():
    """Process-level memos (pretrained weights, model counts) would make a second run skip its real work."""
    from resnet_lessons.experiments import complexity, transfer

    transfer._PRETRAINED.clear()
    complexity.count_model.cache_clear()


def _run_cli(argv, cache, hash_seed):
    """One fresh interpreter; each gets another PYTHONHASHSEED, so a result that hung on set or dict order of
    strings would differ between the two."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "RESNET_LESSONS_CACHE": str(cache),
           "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module", autouse=True)
def clock():
    CLOCK["start"] = time.perf_counter()


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """Two command-line runs of every experiment, started at once in the background, two at a time."""
    cache = tmp_path_factory.mktemp("cache")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: [pool.submit(_run_cli, command_line(name), cache, seed) for seed in (1, 2)] for name in TINY}
        yield futures
        for future in (f for pair in futures.values() for f in pair):
            future.cancel()


def test_every_experiment_has_a_tiny_config():
    assert sorted(TINY) == sorted(available())  # the registry is the list; TINY only holds the budgets


@pytest.mark.parametrize("name", sorted(TINY))
def test_same_seed_same_result_in_process_and_across_processes(name, cli_runs, monkeypatch, tmp_path):
    monkeypatch.setenv("RESNET_LESSONS_CACHE", str(tmp_path))
    run = get_experiment(name).EXPERIMENT.run
    results = []
    for _ in range(2):
        forget_in_process_caches()
        results.append(canonical(to_dict(run(tiny_config(name)))))
    assert results[0] == results[1], f"{name}: two runs in one process differ"

    outputs = []
    for future in cli_runs[name]:
        status, out, err = future.result()
        assert status == 0, f"{name}: {err[-2000:]}"
        outputs.append(canonical(json.loads(out)))
    assert outputs[0] == outputs[1], f"{name}: two processes differ"
    assert outputs[0] == results[0], f"{name}: the command line and the Python API differ"


@pytest.mark.parametrize("name", sorted(set(TINY) - NOT_RANDOM))
def test_another_seed_gives_another_result(name, monkeypatch, tmp_path):
    monkeypatch.setenv("RESNET_LESSONS_CACHE", str(tmp_path))
    run = get_experiment(name).EXPERIMENT.run
    forget_in_process_caches()
    seed0 = measured(to_dict(run(tiny_config(name))))
    forget_in_process_caches()
    seed1 = measured(to_dict(run(tiny_config(name, seed=1))))
    assert seed0 != seed1, f"{name}: seeds 0 and 1 gave the same result"


def test_timings_are_the_only_fields_dropped():
    from resnet_lessons.experiments import complexity

    data = to_dict(complexity.run(tiny_config("complexity")))
    row = data["rows"][0]
    assert row["latency_ms"] > 0 and row["throughput"] > 0  # timed ...
    kept = json.loads(canonical(data))["rows"][0]
    assert "latency_ms" not in kept and (kept["params"], kept["macs"]) == (row["params"], row["macs"])  # not compared


def test_zz_report_runtime(terminal_summary):
    terminal_summary.append(f"determinism: {len(TINY)} experiments, each run 2x in-process, 2x through the command "
                            f"line and once with another seed, in {time.perf_counter() - CLOCK['start']:.0f} s")
