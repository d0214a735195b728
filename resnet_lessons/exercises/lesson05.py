"""Lesson 05's exercises: a ResNeXt block from the bottleneck and the width rule, and reading the block timings."""

import torch
from torch import nn

from resnet_lessons.checks import CheckReport, _check_class, _print_report, _test_block
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import STRINGS, t

RESNEXT_SOLUTION = '''
from torch import nn


class MyResNeXtBlock(nn.Module):
    expansion = 4

    def __init__(self, in_channels, planes, stride=1, groups=32, width_per_group=4):
        super().__init__()
        width = int(planes * width_per_group / 64) * groups  # 64 * 4 / 64 * 32 = 128 for ResNeXt-50 32x4d
        out_channels = planes * self.expansion              # the outputs of the ResNet block it replaces
        self.conv1 = nn.Conv2d(in_channels, width, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1, groups=groups, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, out_channels, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + self.shortcut(x))
'''

TIMINGS_SOLUTION = '''
def read_timings(times, costs):
    """The reading of section 2.1's timings: times in seconds, costs (parameters, M multiply-adds), same keys."""
    def short(name):
        return "resnext" if "ResNeXt" in name else "wide" if "Wide" in name else "bottleneck"

    rates = {short(name): costs[name][1] / seconds for name, seconds in times.items()}  # M multiply-adds per second
    fastest = min(times, key=times.get)
    return {"times": times, "costs": costs, "slowest_rate": min(rates, key=rates.get), "fastest": short(fastest)}
'''

# (in_channels, planes, stride, groups, width_per_group): an identity and a projection shortcut, ResNeXt's 32x4d,
# 8 groups of 16 (so that 32 and 4 must not be hard-wired), and 32x8d (the width per group counts).
CASES = ((64, 16, 1, 32, 4), (32, 16, 2, 32, 4), (128, 32, 1, 32, 4), (64, 16, 1, 8, 16), (128, 32, 1, 32, 8))
BLOCKS = ("bottleneck", "resnext", "wide")


def width_rule(planes, groups, width_per_group):
    """The inner width of a ResNeXt (and torchvision) bottleneck: int(planes * width_per_group / 64) * groups."""
    return int(planes * width_per_group / 64) * groups


def reference_block(in_channels, planes, stride, groups, width_per_group):
    """The package's Bottleneck with the same arguments (and a projection shortcut where the shape changes)."""
    from resnet_lessons.blocks import Bottleneck, conv1x1

    downsample = None
    if stride != 1 or in_channels != planes * Bottleneck.expansion:
        downsample = nn.Sequential(conv1x1(in_channels, planes * Bottleneck.expansion, stride),
                                   nn.BatchNorm2d(planes * Bottleneck.expansion))
    return Bottleneck(in_channels, planes, stride, downsample, groups=groups, base_width=width_per_group)


def check_resnext_width(cls):
    """Check ``cls(in_channels, planes, stride=1, groups=32, width_per_group=4)``: a ResNeXt bottleneck.

    Expected: outputs ``4 * planes``; inside, ``width = int(planes * width_per_group / 64) * groups`` channels,
    the 3x3 conv split into ``groups`` groups; a projection shortcut only where the shape changes.
    Each case is named (in_channels, planes, stride, groups, width_per_group).
    """
    _check_class(cls)
    report = CheckReport("check_resnext_width")
    torch.manual_seed(0)
    for args in CASES:
        in_channels, planes, stride, groups, per_group = args
        try:
            block = cls(in_channels, planes, stride, groups=groups, width_per_group=per_group)
        except NotImplementedError:
            report.failed.append(t("exercise_class_todo"))
            return _print_report(report)
        except Exception as err:  # the learner's code: report, don't crash
            width = width_rule(planes, groups, per_group)
            report.failed.append(t("ex05_check_resnext_width_2", args=args, type_err_name=type(err).__name__, err=err,
                                   planes=planes, per_group=per_group, groups=groups, width=width))
            continue
        width = width_rule(planes, groups, per_group)
        convs = [m for m in block.modules() if isinstance(m, nn.Conv2d) and m.kernel_size == (3, 3)]
        if any(m.groups == groups and m.in_channels == width and m.out_channels == width for m in convs):
            report.passed.append(t("ex05_check_resnext_width_3", args=args, width=width, groups=groups))
        else:
            found = ", ".join(f"{m.in_channels}→{m.out_channels} groups={m.groups}" for m in convs) or "none"
            report.failed.append(t("ex05_check_resnext_width_4", args=args, planes=planes, per_group=per_group,
                                   groups=groups, width=width, found=found))
        _test_block(block, args, in_channels, planes * 4, stride, reference_block, report,
                    params_bad="check_resnext_params_bad")
    return _print_report(report)


def _short(name):
    lowered = name.lower()
    return "resnext" if "resnext" in lowered else "wide" if "wide" in lowered else "bottleneck"


def timings_reading(times, costs):
    """What section 2.1's timings say, per block ("bottleneck", "resnext", "wide"): rates and times."""
    rates = {_short(name): costs[name][1] / seconds / 1e3 for name, seconds in times.items()}  # G multiply-adds/s
    ms = {_short(name): 1e3 * seconds for name, seconds in times.items()}
    return {"rates": rates, "ms": ms, "slowest_rate": min(rates, key=rates.get), "fastest": min(ms, key=ms.get)}


EXAMPLE_COSTS = {"ResNet bottleneck  (64)": (70_400, 218.0), "ResNeXt 32x4d     (128/32)": (71_168, 220.0),
                 "Wide ResNet-50-2  (128)": (214_016, 667.9)}
EXAMPLE_TIMES = ({"ResNet bottleneck  (64)": 0.0071, "ResNeXt 32x4d     (128/32)": 0.0090,
                  "Wide ResNet-50-2  (128)": 0.0180},
                 {"ResNet bottleneck  (64)": 0.0090, "ResNeXt 32x4d     (128/32)": 0.0060,  # another machine
                  "Wide ResNet-50-2  (128)": 0.0150})


def check_timings_reading(answer):
    """Check ``{"times": times, "costs": costs, "slowest_rate": ..., "fastest": ...}`` against the timings.

    A function ``read(times, costs) -> that dict`` (a reading rule, like the solution) is checked on two
    made-up timings (``EXAMPLE_TIMES``) with different answers.
    """
    if callable(answer):
        reports = [check_timings_reading(answer(times, EXAMPLE_COSTS)) for times in EXAMPLE_TIMES]
        return CheckReport("check_timings_reading", [line for r in reports for line in r.passed],
                           [line for r in reports for line in r.failed])
    report = CheckReport("check_timings_reading")
    if not isinstance(answer, dict) or not isinstance(answer.get("times"), dict) \
            or not isinstance(answer.get("costs"), dict):
        raise TypeError(t("ex05_check_timings_reading_1", type_answer_name=type(answer).__name__))
    slowest, fastest = answer.get("slowest_rate"), answer.get("fastest")
    if slowest is None and fastest is None:
        report.failed.append(t("ex05_check_timings_reading_2"))
        return _print_report(report)
    truth = timings_reading(answer["times"], answer["costs"])
    rates, ms = truth["rates"], truth["ms"]
    for key, given, right, numbers, unit in (("slowest_rate", slowest, truth["slowest_rate"], rates, "G MACs/s"),
                                             ("fastest", fastest, truth["fastest"], ms, "ms")):
        if given == right:
            report.passed.append(t("ex05_check_timings_reading_3", key_name=key, given=given,
                                   numbers_given=numbers[given], unit=unit))
        elif given not in BLOCKS:
            report.failed.append(t("ex05_check_timings_reading_4", key_name=key,
                                   join_map_repr_BLOCKS=", ".join(map(repr, BLOCKS)), given=given))
        elif key == "slowest_rate":
            report.failed.append(t("ex05_check_timings_reading_5", given=given, rates_given=rates[given], right=right,
                                   rates_right=rates[right]))
        else:
            report.failed.append(t("ex05_check_timings_reading_6", given=given, ms_given=ms[given], right=right,
                                   ms_right=ms[right]))
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="05-resnext",
        title=STRINGS["ex05_resnext_title"],
        checker=check_resnext_width,
        hints=(
            STRINGS["ex05_resnext_hint_1"],
            STRINGS["ex05_resnext_hint_2"],
        ),
        solution_code=RESNEXT_SOLUTION,
        defines="MyResNeXtBlock",
        explanation=STRINGS["ex05_resnext_explanation"],
    ),
    Exercise(
        name="05-timings",
        title=STRINGS["ex05_timings_title"],
        checker=check_timings_reading,
        hints=(
            STRINGS["ex05_timings_hint_1"],
            STRINGS["ex05_timings_hint_2"],
        ),
        solution_code=TIMINGS_SOLUTION,
        defines="read_timings",
        explanation=STRINGS["ex05_timings_explanation"],
    ),
]
