"""The experiment protocol: every registered experiment declares a complete ``EXPERIMENT`` (see
resnet_lessons/experiments/base.py), and the registry in resnet_lessons/experiments/__init__.py is the one list."""
import dataclasses
import re
from pathlib import Path

import pytest

from resnet_lessons.experiments import EXPERIMENTS, available, get_experiment
from resnet_lessons.experiments.base import Experiment, Result
from resnet_lessons.i18n import STRINGS

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_module_is_present():
    assert available() == list(EXPERIMENTS)


@pytest.mark.parametrize("name", available())
def test_every_experiment_declares_a_complete_protocol(name):
    module = get_experiment(name)
    experiment = module.EXPERIMENT
    assert isinstance(experiment, Experiment)
    assert experiment.name == name == module.NAME
    assert dataclasses.is_dataclass(experiment.config)
    experiment.config()  # every field has a default, and the defaults pass the checks
    assert callable(experiment.run)
    assert experiment.run_cached is None or callable(experiment.run_cached)
    assert dataclasses.is_dataclass(experiment.result) and issubclass(experiment.result, Result)
    assert callable(experiment.result.summary)  # the text the command line prints
    en, zh = STRINGS[experiment.description_key]
    assert en and zh and experiment.description == module.DESCRIPTION


def test_the_docs_keep_no_list_or_count_of_experiments():
    # docs/reliability.md points at the registry instead of counting the experiments (a count goes stale)
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    assert "resnet_lessons/experiments/__init__.py" in text
    counted = re.findall(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+) experiments\b"
                         r"|[二三四五六七八九十]+个实验", text)
    assert not counted, counted
