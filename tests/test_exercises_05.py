"""Lesson 05's exercises: each reference passes its own check, and typical wrong answers are named."""
import pytest
from helpers import CJK
from torch import nn

from resnet_lessons.exercises import exercise
from resnet_lessons.exercises.lesson05 import EXERCISES, check_resnext_width, check_timings_reading, timings_reading

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_lesson_has_its_exercises():
    assert [e.name for e in EXERCISES] == ["05-resnext", "05-timings"]
    for item in EXERCISES:
        assert len(item.hints) == 2 and all(CJK.search(zh) for _, zh in item.hints)
        assert all(item.title) and all(item.explanation)


# --- 05-resnext ---------------------------------------------------------------------------------------

def test_resnext_reference_passes(capsys):
    block = exercise("05-resnext").reference()
    assert exercise("05-resnext").check(block)
    out = capsys.readouterr().out
    assert "❌" not in out and "128 channels in 32 groups" in out
    first_stage = block(256, 64)
    assert first_stage.conv2.groups == 32 and first_stage.conv2.in_channels == 128


def make_block(width_of, grouped=True):
    """A ResNeXt block whose inner width is ``width_of(planes, groups, width_per_group)``."""
    class Block(nn.Module):
        def __init__(self, in_channels, planes, stride=1, groups=32, width_per_group=4):
            super().__init__()
            width, out = width_of(planes, groups, width_per_group), planes * 4
            self.conv1 = nn.Conv2d(in_channels, width, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(width)
            self.conv2 = nn.Conv2d(width, width, 3, stride, 1, groups=groups if grouped else 1, bias=False)
            self.bn2 = nn.BatchNorm2d(width)
            self.conv3 = nn.Conv2d(width, out, 1, bias=False)
            self.bn3 = nn.BatchNorm2d(out)
            self.relu = nn.ReLU()
            self.shortcut = nn.Identity() if stride == 1 and in_channels == out else nn.Sequential(
                nn.Conv2d(in_channels, out, 1, stride, bias=False), nn.BatchNorm2d(out))

        def forward(self, x):
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.relu(self.bn2(self.conv2(out)))
            return self.relu(self.bn3(self.conv3(out)) + self.shortcut(x))
    return Block


def test_resnext_good_block_passes():
    assert check_resnext_width(make_block(lambda p, g, w: int(p * w / 64) * g))


def test_resnext_width_without_groups_is_named(capsys):
    # width = planes * width_per_group / 64: the groups are forgotten (one path of 4 channels)
    report = check_resnext_width(make_block(lambda p, g, w: int(p * w / 64)))
    out = capsys.readouterr().out
    assert not report and "building the block raised ValueError" in out
    assert "the inner width should be int(16 * 4 / 64) * 32 = 32, a multiple of groups" in out


def test_resnext_bottleneck_width_is_named(capsys):
    # the plain bottleneck's inside (planes), then grouped: the width rule is missing
    report = check_resnext_width(make_block(lambda p, g, w: p))
    out = capsys.readouterr().out
    assert not report and "width = int(32 * 4 / 64) * 32 = 64 channels in 32 groups" in out
    assert "found 3x3 convs: 32→32 groups=32" in out and CJK.search(out)


def test_resnext_ungrouped_conv_is_named(capsys):
    report = check_resnext_width(make_block(lambda p, g, w: int(p * w / 64) * g, grouped=False))
    out = capsys.readouterr().out
    assert not report and "groups=1" in out and "expected" in out and "parameters" in out


def test_resnext_starter_says_not_done_once(capsys):
    class Starter(nn.Module):
        def __init__(self, in_channels, planes, stride=1, groups=32, width_per_group=4):
            raise NotImplementedError("TODO")

    report = check_resnext_width(Starter)
    out = capsys.readouterr().out
    assert not report and out.count("not done yet") == 1


# --- 05-timings ---------------------------------------------------------------------------------------

COSTS = {"ResNet bottleneck  (64)": (70_400, 218.0), "ResNeXt 32x4d     (128/32)": (71_168, 220.0),
         "Wide ResNet-50-2  (128)": (214_016, 667.9)}
TIMES = {"ResNet bottleneck  (64)": 0.0071, "ResNeXt 32x4d     (128/32)": 0.0090, "Wide ResNet-50-2  (128)": 0.0180}


def answer(**given):
    return {"times": TIMES, "costs": COSTS, **given}


def test_timings_reading_from_the_measurement():
    truth = timings_reading(TIMES, COSTS)
    assert truth["slowest_rate"] == "resnext" and truth["fastest"] == "bottleneck"
    other = timings_reading({**TIMES, "ResNeXt 32x4d     (128/32)": 0.005}, COSTS)  # another machine
    assert other["slowest_rate"] == "bottleneck" and other["fastest"] == "resnext"


def test_timings_reference_passes(capsys):
    reading = exercise("05-timings").reference()(TIMES, COSTS)
    assert exercise("05-timings").check(reading)
    assert "all 2 tests passed" in capsys.readouterr().out


def test_timings_time_for_rate_is_named(capsys):
    # the slowest in time (wide) is not the one with the lowest rate
    report = check_timings_reading(answer(slowest_rate="wide", fastest="bottleneck"))
    out = capsys.readouterr().out
    assert not report and len(report.failed) == 1
    assert "slowest_rate = 'wide'" in out and "but 'resnext' only" in out and "not the time" in out


def test_timings_fewest_macs_for_fastest_is_named(capsys):
    # "ResNeXt has the fewest multiply-adds per width, so it is fastest": the time says otherwise
    report = check_timings_reading(answer(slowest_rate="resnext", fastest="resnext"))
    out = capsys.readouterr().out
    assert not report and "fastest = 'resnext'" in out and "'bottleneck' took 7.1 ms" in out and CJK.search(out)


def test_timings_starter_and_bad_names(capsys):
    assert not check_timings_reading(answer(slowest_rate=None, fastest=None))
    assert "not done yet" in capsys.readouterr().out
    report = check_timings_reading(answer(slowest_rate="ResNeXt 32x4d", fastest="fast"))
    assert not report and len(report.failed) == 2 and "must be one of" in capsys.readouterr().out
    with pytest.raises(TypeError, match="times"):
        check_timings_reading("resnext")


def test_timings_reading_rules_are_checked_on_two_machines(capsys):
    assert exercise("05-timings").check(exercise("05-timings").reference())
    capsys.readouterr()

    def hard_coded(times, costs):  # right on one machine only
        return {"times": times, "costs": costs, "slowest_rate": "resnext", "fastest": "bottleneck"}

    assert not check_timings_reading(hard_coded)
    out = capsys.readouterr().out
    assert "slowest_rate = 'resnext'" in out and "fastest = 'bottleneck'" in out and "but 'resnext' took" in out
