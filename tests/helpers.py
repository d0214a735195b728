"""Helpers the test modules share: ``from helpers import CJK, without_seconds, ...``.

Plain functions, no fixtures (those are in conftest.py). pytest puts this folder on ``sys.path``
when it imports a test module from it (``tests/`` has no ``__init__.py``), so ``helpers`` imports
as a top-level module.
"""
import re
import subprocess
import sys

from resnet_lessons.experiments.base import to_dict

CJK = re.compile(r"[\u4e00-\u9fff]")


def bilingual(message):
    """An error message (or an exception) in English " / " Chinese, as ``i18n.error`` makes them."""
    text = str(message)
    return " / " in text and CJK.search(text) is not None


# --- results --------------------------------------------------------------------------------------------

def without_keys(data, keys):
    """``data`` (dicts and lists, as JSON gives them) without the dict entries named in ``keys``, at any depth."""
    if isinstance(data, dict):
        return {k: without_keys(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [without_keys(v, keys) for v in data]
    return data


def without_seconds(result, keys=("seconds",)):
    """An experiment's result as a dict without its wall times (``keys``, at any depth): what two runs of one
    config have in common."""
    return without_keys(to_dict(result), keys)


# --- command line ---------------------------------------------------------------------------------------

def run_cli(*args, env=None):
    """``python -m resnet_lessons ARGS`` in a fresh interpreter; the finished process, its output as text."""
    return subprocess.run([sys.executable, "-m", "resnet_lessons", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def assert_cli_refuses(args, word, env=None):
    """The command line refuses ``args``: exit status 2 and one bilingual line naming ``word``, no traceback."""
    done = run_cli(*args, env=env)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1 and word in lines[0] and CJK.search(lines[0]), done.stderr


# --- widgets --------------------------------------------------------------------------------------------

def assert_shows_failure(panel, control=None, value=None):
    """Make ``panel``'s computation fail, then set ``control`` to ``value`` (without a control: click Run).

    The error shows in the status line in both languages; the panel counts no update and keeps its figure.
    """
    updates, figure = panel.updates, panel.figure

    def broken(values):
        raise RuntimeError("injected")

    panel.compute = broken
    if control is None:
        panel.button.click()
    else:
        panel.controls[control].value = value
    assert "injected" in panel.status.value and CJK.search(panel.status.value)
    assert panel.updates == updates and panel.figure is figure


def run_make(*args, env=None, **kwargs):
    """``make ARGS`` in the repository root, with none of an outer make's flags (``make test -j2``, ``-n``, ...)."""
    import os

    from resnet_lessons import course

    env = {k: v for k, v in (env or os.environ).items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "TORCH")}
    return subprocess.run(["make", *args], cwd=course.ROOT, env=env, capture_output=True, text=True, timeout=120,
                          **kwargs)


# --- jobs for resnet_lessons.experiments.parallel (module-level: a worker process imports them by name) ---

def square_job(x, report):
    report(x)
    return x * x


def failing_job(report):
    raise KeyError("a bug inside the job")


def endless_job(report):
    import os
    import time

    while True:
        report(os.getpid())
        time.sleep(0.05)
