"""The exercise checks of lessons 04 (check_schedule) and 05 (check_resnext_block)."""
import math

import pytest
from helpers import CJK
from torch import nn

from resnet_lessons.blocks import Bottleneck, conv1x1
from resnet_lessons.checks import check_resnext_block, check_schedule
from resnet_lessons.train import TrainConfig, lr_at


# --- check_schedule ---------------------------------------------------------------------------------

def good_lr(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    return peak * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


def test_a_correct_schedule_passes(capsys):
    report = check_schedule(good_lr)
    out = capsys.readouterr().out
    assert report and "❌" not in out and "all 7 tests passed" in out and CJK.search(out)


def test_the_trainers_own_schedule_passes(capsys):
    def trainer_lr(step, total, peak, warmup):
        return lr_at(TrainConfig(epochs=1, lr=peak, schedule="cosine", warmup_epochs=warmup), step, total,
                     steps_per_epoch=1)

    assert check_schedule(trainer_lr)


@pytest.mark.parametrize("wrong, phase", [
    (lambda s, n, p, w: p * s / w if s < w else good_lr(s, n, p, w), "during the warm-up"),  # starts at 0
    (lambda s, n, p, w: good_lr(s, n, p, w) if s < w else p * 0.5 * (1 + math.cos(math.pi * s / n)),
     "after the warm-up"),  # the cosine ignores the warm-up
])
def test_a_wrong_schedule_says_where(capsys, wrong, phase):
    report = check_schedule(wrong)
    out = capsys.readouterr().out
    assert not report and phase in out and "❌" in out and CJK.search(out)


def test_the_starter_says_not_done_once(capsys):
    def starter(step, total, peak, warmup):
        raise NotImplementedError("TODO")

    report = check_schedule(starter)
    out = capsys.readouterr().out
    assert not report and out.count("not done yet") == 1 and len(report.failed) == 1


def test_a_crashing_function_is_reported_not_raised(capsys):
    report = check_schedule(lambda step, total, peak, warmup: 1 / (step - step))
    assert not report and "ZeroDivisionError" in capsys.readouterr().out
    report = check_schedule(lambda step, total, peak, warmup: "0.1")
    assert not report


def test_check_schedule_needs_a_function():
    with pytest.raises(TypeError, match="fn") as info:
        check_schedule(0.1)
    assert CJK.search(str(info.value))


# --- check_resnext_block ----------------------------------------------------------------------------

class GoodResNeXt(nn.Module):
    def __init__(self, in_channels, mid_channels, out_channels, stride=1, groups=32):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, mid_channels, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid_channels)
        self.conv2 = nn.Conv2d(mid_channels, mid_channels, 3, stride, 1, groups=groups, bias=False)
        self.bn2 = nn.BatchNorm2d(mid_channels)
        self.conv3 = nn.Conv2d(mid_channels, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                                          nn.BatchNorm2d(out_channels))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + self.shortcut(x))


class PackageResNeXt(Bottleneck):
    """The package's Bottleneck in the exercise's signature."""

    def __init__(self, in_channels, mid_channels, out_channels, stride=1, groups=32):
        planes = out_channels // 4
        downsample = None
        if stride != 1 or in_channels != out_channels:
            downsample = nn.Sequential(conv1x1(in_channels, out_channels, stride), nn.BatchNorm2d(out_channels))
        super().__init__(in_channels, planes, stride, downsample, groups=groups,
                         base_width=mid_channels * 64 // (planes * groups))


def test_a_correct_block_and_the_package_pass(capsys):
    assert check_resnext_block(GoodResNeXt)
    assert check_resnext_block(PackageResNeXt)
    out = capsys.readouterr().out
    assert "❌" not in out and "grouped" in out and CJK.search(out)


def test_an_ungrouped_block_fails_with_a_hint(capsys):
    class NotGrouped(GoodResNeXt):
        def __init__(self, in_channels, mid_channels, out_channels, stride=1, groups=32):
            super().__init__(in_channels, mid_channels, out_channels, stride, groups=1)

    report = check_resnext_block(NotGrouped)
    out = capsys.readouterr().out
    assert not report and "groups=32" in out and "expected" in out and CJK.search(out)


def test_hard_wired_32_groups_fail(capsys):
    class Always32(GoodResNeXt):
        def __init__(self, in_channels, mid_channels, out_channels, stride=1, groups=32):
            super().__init__(in_channels, mid_channels, out_channels, stride, groups=32)

    report = check_resnext_block(Always32)
    assert not report and "groups=8" in capsys.readouterr().out


def test_a_missing_shortcut_fails(capsys):
    class NoShortcut(GoodResNeXt):
        def forward(self, x):
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.relu(self.bn2(self.conv2(out)))
            return self.relu(self.bn3(self.conv3(out)))

    report = check_resnext_block(NoShortcut)
    assert not report and "relu(x)" in capsys.readouterr().out


def test_the_starter_says_not_done(capsys):
    class Starter(nn.Module):
        def __init__(self, in_channels, mid_channels, out_channels, stride=1, groups=32):
            super().__init__()
            raise NotImplementedError("TODO")

    report = check_resnext_block(Starter)
    out = capsys.readouterr().out
    assert not report and "not done yet" in out and "Traceback" not in out


@pytest.mark.parametrize("bad", [GoodResNeXt(64, 32, 64), "GoodResNeXt", None])
def test_check_resnext_block_needs_a_class(bad):
    with pytest.raises(TypeError, match="class") as info:
        check_resnext_block(bad)
    assert CJK.search(str(info.value))
