"""Lesson 06's exercise: the reference passes its own check, and typical wrong answers are named."""
import pytest
from helpers import CJK
from torch import nn

from resnet_lessons.exercises import exercise
from resnet_lessons.exercises.lesson06 import EXERCISES
from resnet_lessons.transfer import freeze_backbone

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_lesson_has_its_exercise():
    assert [e.name for e in EXERCISES] == ["06-freeze"]
    item = EXERCISES[0]
    assert len(item.hints) == 2 and all(CJK.search(zh) for _, zh in item.hints) and all(item.explanation)


def test_freeze_reference_and_package_pass(capsys):
    assert exercise("06-freeze").check(exercise("06-freeze").reference())
    assert exercise("06-freeze").check(freeze_backbone)
    assert "❌" not in capsys.readouterr().out


def test_freeze_without_bn_eval_is_named(capsys):
    def weights_only(model):  # the outline's freeze_backbone: requires_grad only
        for p in model.parameters():
            p.requires_grad = False
        for p in model.fc.parameters():
            p.requires_grad = True
        return model

    report = exercise("06-freeze").check(weights_only)
    out = capsys.readouterr().out
    assert not report and "BN layers are still in training mode" in out and CJK.search(out)
    assert "running_mean" in out  # one SGD step moved the BN statistics


def test_freeze_that_freezes_the_head_too_is_named(capsys):
    def everything(model):
        for p in model.parameters():
            p.requires_grad = False
        for m in model.modules():
            if isinstance(m, nn.BatchNorm1d):
                m.eval()
        return model

    report = exercise("06-freeze").check(everything)
    out = capsys.readouterr().out
    assert not report and "exactly fc.weight and fc.bias, got: -" in out


def test_freeze_that_forgets_to_return_is_named(capsys):
    reference = exercise("06-freeze").reference()

    def no_return(model):
        reference(model)

    report = exercise("06-freeze").check(no_return)
    out = capsys.readouterr().out
    assert not report and len(report.failed) == 1 and "return the model" in out


def test_freeze_starter_says_not_done(capsys):
    def starter(model):
        raise NotImplementedError("TODO")

    report = exercise("06-freeze").check(starter)
    assert not report and "not done yet" in capsys.readouterr().out
