"""The exercises of lessons 06 (check_freeze) and 08 (fix BrokenBlock, checked by check_basic_block)."""

import pytest
from helpers import CJK
from torch import nn

from resnet_lessons.checks import check_basic_block, check_freeze
from resnet_lessons.debugging import BrokenBlock
from resnet_lessons.transfer import freeze_backbone

pytestmark = pytest.mark.usefixtures("one_thread")


# --- lesson 06 -------------------------------------------------------------------------------------------

def solution_freeze(model):
    """The hidden solution of lesson 06."""
    for p in model.parameters():
        p.requires_grad = False
    for p in model.fc.parameters():
        p.requires_grad = True
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.eval()
    return model


@pytest.mark.parametrize("fn", [solution_freeze, freeze_backbone])
def test_the_solution_and_the_package_pass(fn, capsys):
    assert check_freeze(fn)
    out = capsys.readouterr().out
    assert "4" in out and "✅" in out and "❌" not in out and CJK.search(out)


def only_requires_grad(model):
    for p in model.parameters():
        p.requires_grad = False
    for p in model.fc.parameters():
        p.requires_grad = True
    return model


def everything_frozen(model):
    for p in model.parameters():
        p.requires_grad = False
    for m in model.modules():
        m.eval()
    return model


def forgets_to_return(model):
    solution_freeze(model)


def todo(model):
    raise NotImplementedError("TODO")


def crashes(model):
    return model.classifier


@pytest.mark.parametrize("fn, expected", [
    (only_requires_grad, ("BN layers are still in training mode", "running_mean")),
    (everything_frozen, ("fc.weight and fc.bias", "fc did not change")),
    (forgets_to_return, ("return the model",)),
    (todo, ("not done yet",)),
    (crashes, ("AttributeError",))])
def test_each_mistake_gets_its_hint(fn, expected, capsys):
    report = check_freeze(fn)
    out = capsys.readouterr().out
    assert not report and "❌" in out and CJK.search(out)
    for text in expected:
        assert text in out


def test_check_freeze_needs_a_function():
    with pytest.raises(TypeError, match="fn") as info:
        check_freeze("freeze_backbone")
    assert CJK.search(str(info.value))


# --- lesson 08 -------------------------------------------------------------------------------------------

class FixedBlock(BrokenBlock):
    """The hidden solution of lesson 08: stride on the projection, the last ReLU after the addition."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__(in_channels, out_channels, stride)
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


def test_broken_block_fails_and_the_fix_passes(capsys):
    assert not check_basic_block(BrokenBlock)
    broken = capsys.readouterr().out
    assert "must match the size" in broken and "relu(x)" in broken
    assert not check_basic_block(type("Starter", (BrokenBlock,), {}))  # the exercise's starter: still broken
    capsys.readouterr()
    assert check_basic_block(FixedBlock)
    assert "❌" not in capsys.readouterr().out
