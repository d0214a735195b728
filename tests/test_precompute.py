"""`make results` (tools/precompute.py): writes the result atomically, shows progress, resumes from the cache."""
import json
import sys

import pytest

from resnet_lessons import course
from resnet_lessons.experiments import degradation
from resnet_lessons.experiments.base import from_dict

sys.path.insert(0, str(course.ROOT / "tools"))
import precompute  # noqa: E402

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

from resnet_lessons import results  # noqa: E402

TINY = results.Spec("degradation", ("--depths", "8", "14", "--epochs", "1", "--train-subset", "64", "--batch-size",
                                    "32", "--width", "4"), (3,))


@pytest.fixture
def tiny(monkeypatch, tmp_path):
    monkeypatch.setitem(results.PRECOMPUTED, "tiny", TINY)
    monkeypatch.setattr(results, "RESULTS", tmp_path)
    monkeypatch.setattr(precompute, "RESULTS", tmp_path)
    monkeypatch.setattr(precompute, "ROOT", tmp_path)
    return tmp_path / "tiny" / "seed-3.json"


def test_writes_each_seed_with_its_command_and_machine_and_shows_progress(tiny, capsys):
    assert precompute.main(["tiny"]) == 0
    data = json.loads(tiny.read_text())
    result = from_dict(degradation.DegradationResult, data)
    assert sorted((run.depth, run.residual) for run in result.runs) == [(8, False), (8, True), (14, False), (14, True)]
    assert all(run.seed == 3 for run in result.runs)
    assert result.command == precompute.command("tiny", 3) and "--depths 8 14" in result.command
    assert "--seed 3" in result.command
    assert {"cpu", "logical_cores", "torch_threads", "torch", "numpy", "python", "device"} <= set(result.machine)
    out = capsys.readouterr()
    assert "wrote" in out.out and "4/4" in out.err  # the progress bar counts the nets
    assert not list(tiny.parent.glob("*.tmp"))  # the temporary file of the atomic write is gone


def test_a_shipped_seed_is_skipped_unless_forced(tiny, capsys):
    precompute.main(["tiny"])
    before = tiny.read_text()
    capsys.readouterr()
    precompute.main(["tiny"])
    assert "already" in capsys.readouterr().out and tiny.read_text() == before
    precompute.main(["tiny", "--force", "--seeds", "3"])
    assert "wrote" in capsys.readouterr().out


def test_a_second_run_resumes_from_the_cache(tiny, monkeypatch):
    precompute.main(["tiny"])
    first = json.loads(tiny.read_text())
    tiny.unlink()
    trained = []
    from resnet_lessons.experiments import degradation  # the experiment that trains the nets

    original = degradation.train
    monkeypatch.setattr(degradation, "train", lambda *a, **k: trained.append(1) or original(*a, **k))
    precompute.main(["tiny"])
    assert trained == []  # every net came from the cache
    again = json.loads(tiny.read_text())
    for run in (*first["runs"], *again["runs"]):
        run.pop("seconds")
    first.pop("seconds"), again.pop("seconds")
    assert again == first


def test_the_command_reproduces_the_result(tiny, capsys):
    """The recorded command, run through the package's CLI, prints the same nets."""
    from resnet_lessons.cli import main as cli_main

    precompute.main(["tiny", "--no-cache"])
    capsys.readouterr()
    args = precompute.command("tiny", 3).split()[3:]  # drop "python -m resnet_lessons"
    assert cli_main(args + ["--no-cache"]) in (0, None)
    printed = json.loads(capsys.readouterr().out)
    saved = json.loads(tiny.read_text())
    assert [r["train_error"] for r in printed["runs"]] == [r["train_error"] for r in saved["runs"]]


def test_unknown_name_is_refused(tiny, capsys):
    with pytest.raises(SystemExit) as exc:
        precompute.main(["nope"])
    assert exc.value.code == 2 and "tiny" in capsys.readouterr().err


def test_list_prints_each_command(tiny, capsys):
    assert precompute.main(["--list"]) == 0
    assert f"tiny (seeds 3): {precompute.command('tiny', 'S')}" in capsys.readouterr().out.splitlines()


def test_every_precomputed_result_ships_all_its_seeds():
    """The package ships every seed each result is defined with (make results made them all)."""
    from resnet_lessons.results import PRECOMPUTED, load_seed_dicts

    for name, spec in PRECOMPUTED.items():
        shipped = sorted(d["seed"] if "seed" in d else d["config"]["seed"] for d in load_seed_dicts(name))
        assert shipped == sorted(spec.seeds), f"{name}: ships seeds {shipped}, defined {list(spec.seeds)}"
