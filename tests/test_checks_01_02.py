"""The exercise checks of lessons 01 (check_grad_norms) and 02 (check_basic_block), with the notebooks' solutions."""

import pytest
import torch
import torch.nn.functional as F
from helpers import CJK
from torch import nn

from resnet_lessons.checks import check_basic_block, check_grad_norms
from resnet_lessons.experiments import gradients

pytestmark = pytest.mark.usefixtures("one_thread")


# --- lesson 01: check_grad_norms ---------------------------------------------------------------------

def solution_grad_norms(model, x, y):
    """The notebook's solution."""
    model.train()
    model.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    return [m.weight.grad.norm().item() for m in model.modules()
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear))]


def test_solution_passes(capsys):
    report = check_grad_norms(solution_grad_norms)
    assert report and len(report.passed) == 6 and not report.failed
    out = capsys.readouterr().out
    assert "all 6 tests passed" in out and CJK.search(out)


def test_package_measurement_passes():
    assert check_grad_norms(lambda model, x, y: gradients.grad_norms(model, x, y)[1])


def test_tensor_and_float32_results_are_accepted():
    def as_tensor(model, x, y):
        return torch.tensor(solution_grad_norms(model, x, y), dtype=torch.float32)

    assert check_grad_norms(as_tensor)


def test_starter_reports_not_done(capsys):
    def starter(model, x, y):
        raise NotImplementedError("TODO")

    report = check_grad_norms(starter)
    assert not report and len(report.failed) == 1 and not report.passed
    out = capsys.readouterr().out
    assert "not done yet" in out and CJK.search(out) and "Traceback" not in out


def test_missing_zero_grad_fails_the_second_call(capsys):
    def accumulates(model, x, y):
        F.cross_entropy(model(x), y).backward()
        return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, (nn.Conv1d, nn.Linear))]

    report = check_grad_norms(accumulates)
    assert not report
    assert len(report.passed) == 3 and len(report.failed) == 3  # the first call matches, the second does not
    assert "zero_grad" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, needle", [
    (lambda model, x, y: solution_grad_norms(model, x, y)[::-1], "should have a gradient norm"),  # output to input
    (lambda model, x, y: solution_grad_norms(model, x, y)[:-1], "expected"),  # fc forgotten
    (lambda model, x, y: 2.0, "list of numbers"),
    (lambda model, x, y: ["a"] * 8, "list of numbers"),
    (lambda model, x, y: 1 / 0, "ZeroDivisionError"),
])
def test_wrong_answers_fail_with_a_hint(wrong, needle, capsys):
    report = check_grad_norms(wrong)
    assert not report and not report.passed
    out = capsys.readouterr().out
    assert needle in out and CJK.search(out)


def test_eval_mode_is_caught():
    def in_eval_mode(model, x, y):
        model.eval()
        model.zero_grad()
        F.cross_entropy(model(x), y).backward()
        return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, (nn.Conv1d, nn.Linear))]

    report = check_grad_norms(in_eval_mode)
    assert not report and any("plain-8, BN" in line for line in report.failed)


def test_not_a_function_is_a_bilingual_type_error():
    with pytest.raises(TypeError, match="fn") as info:
        check_grad_norms([0.1, 0.2])
    assert CJK.search(str(info.value))


# --- lesson 02: check_basic_block with the notebook's solution ---------------------------------------

class MyBlock(nn.Module):
    """The notebook's solution: a basic residual block with a projection shortcut where the shape changes."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(out_channels))
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


class NoShortcut(MyBlock):
    """A plain block: the branch alone."""

    def forward(self, x):
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))))


class Starter(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        raise NotImplementedError("TODO")


def test_basic_block_solution_passes(capsys):
    report = check_basic_block(MyBlock)
    assert report and not report.failed
    assert "Well done" in capsys.readouterr().out


def test_basic_block_without_shortcut_fails_the_identity_test(capsys):
    report = check_basic_block(NoShortcut)
    assert not report
    assert any("relu(x)" in line for line in report.failed)


def test_basic_block_starter_is_reported_not_raised(capsys):
    report = check_basic_block(Starter)
    assert not report and not report.passed and len(report.failed) == 3
    assert "NotImplementedError" in capsys.readouterr().out
