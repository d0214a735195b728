"""Lesson 03's exercises: each reference passes its own check, and typical wrong answers are named."""
import pytest
from helpers import CJK
from torch import nn

from resnet_lessons.exercises import exercise
from resnet_lessons.exercises.lesson03 import (
    EXERCISES,
    _real_family,
    check_family_reading,
    check_layer1_count,
    check_v1_bottleneck,
)

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_lesson_has_its_exercises():
    assert [e.name for e in EXERCISES] == ["03-bottleneck-v1", "03-param-count", "03-family-reading"]
    for item in EXERCISES:
        assert len(item.hints) == 2 and all(CJK.search(zh) for _, zh in item.hints)
        assert all(item.title) and all(item.explanation)


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.name)
def test_every_reference_passes(item, capsys):
    assert item.check(item.reference())
    assert "❌" not in capsys.readouterr().out


# --- 03-bottleneck-v1 ---------------------------------------------------------------------------------

def make_bottleneck(conv1_stride=True, conv2_stride=False, shortcut_stride=True):
    """A bottleneck block with the stride on the chosen convs."""
    class Block(nn.Module):
        def __init__(self, in_channels, mid_channels, stride=1):
            super().__init__()
            out = 4 * mid_channels
            self.conv1 = nn.Conv2d(in_channels, mid_channels, 1, stride if conv1_stride else 1, bias=False)
            self.bn1 = nn.BatchNorm2d(mid_channels)
            self.conv2 = nn.Conv2d(mid_channels, mid_channels, 3, stride if conv2_stride else 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(mid_channels)
            self.conv3 = nn.Conv2d(mid_channels, out, 1, bias=False)
            self.bn3 = nn.BatchNorm2d(out)
            self.relu = nn.ReLU()
            self.shortcut = nn.Identity() if stride == 1 and in_channels == out else nn.Sequential(
                nn.Conv2d(in_channels, out, 1, stride if shortcut_stride else 1, bias=False), nn.BatchNorm2d(out))

        def forward(self, x):
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.relu(self.bn2(self.conv2(out)))
            return self.relu(self.bn3(self.conv3(out)) + self.shortcut(x))
    return Block


def test_v1_good_block_passes():
    assert check_v1_bottleneck(make_bottleneck())


def test_v15_block_is_named(capsys):
    # the block shown in the lesson (stride on the 3x3 conv): the right shapes and parameters, the wrong costs
    assert not check_v1_bottleneck(make_bottleneck(conv1_stride=False, conv2_stride=True))
    out = capsys.readouterr().out
    assert "as torchvision's V1.5 block: the stride is on the 3x3 conv" in out and "parameters, as expected" in out


def test_stride_twice_is_named(capsys):
    # the stride on conv1 and on the 3x3 conv: the map is quartered
    assert not check_v1_bottleneck(make_bottleneck(conv1_stride=True, conv2_stride=True))
    assert "output shape" in capsys.readouterr().out


def test_shortcut_without_stride_is_named(capsys):
    assert not check_v1_bottleneck(make_bottleneck(shortcut_stride=False))
    assert "raised RuntimeError" in capsys.readouterr().out


def test_v1_starter_says_not_done_yet(capsys):
    class Starter(nn.Module):
        def __init__(self, in_channels, mid_channels, stride=1):
            super().__init__()
            raise NotImplementedError("TODO")
    assert not exercise("03-bottleneck-v1").check(Starter)
    out = capsys.readouterr().out
    assert "not done yet" in out and "Traceback" not in out


# --- 03-param-count -----------------------------------------------------------------------------------

def test_count_wrong_answers_say_too_high_or_too_low(capsys):
    assert check_layer1_count(75_008)
    # the shortcut forgotten: too low; every BN counted with 4 parameters per channel (running stats): too high
    assert not check_layer1_count(75_008 - 16_384 - 512)
    assert "too low" in capsys.readouterr().out
    assert not check_layer1_count(75_008 + 1_280)
    assert "too high" in capsys.readouterr().out
    assert not check_layer1_count(None)
    assert "no guess yet" in capsys.readouterr().out


# --- 03-family-reading --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def family():
    return _real_family()


def test_family_right_answer_passes(family):
    assert check_family_reading({"family": family, "grown": ["layer2", "layer3"]})
    assert check_family_reading({"family": family, "grown": ["layer3", "layer2"]})


def test_family_missing_stage_is_named(family, capsys):
    # only the stage that grows most
    assert not check_family_reading({"family": family, "grown": ["layer3"]})
    assert "layer2: 4 → 8 blocks: this stage grows too" in capsys.readouterr().out


def test_family_wrong_stage_is_named(family, capsys):
    assert not check_family_reading({"family": family, "grown": ["layer3", "layer4"]})
    assert "layer4: 3 → 3 blocks: this stage does not grow" in capsys.readouterr().out


def test_family_not_a_stage_and_not_done_yet(family, capsys):
    assert not check_family_reading({"family": family, "grown": ["layer5"]})
    assert "not a stage" in capsys.readouterr().out
    assert not check_family_reading({"family": family, "grown": None})
    assert "not done yet" in capsys.readouterr().out
    with pytest.raises(TypeError, match="answer must be a dict"):
        check_family_reading(["layer2"])
