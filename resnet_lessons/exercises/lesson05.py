"""Lesson 05's exercises: a ResNeXt block from the bottleneck and the width rule, and reading the block timings."""
import math

import torch
from torch import nn

from resnet_lessons.checks import CheckReport, _check_class, _print_report, _test_block
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import get_language

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


def _line(en, zh):
    lang = get_language()
    return en if lang == "en" else zh if lang == "zh" else f"{en} / {zh}"


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
            report.failed.append(_line("not done yet: your class raises NotImplementedError",
                                       "尚未完成：你的类抛出了 NotImplementedError"))
            return _print_report(report)
        except Exception as err:  # the learner's code: report, don't crash
            width = width_rule(planes, groups, per_group)
            report.failed.append(_line(
                f"{args}: building the block raised {type(err).__name__}: {err} (the inner width should be "
                f"int({planes} * {per_group} / 64) * {groups} = {width}, a multiple of groups)",
                f"{args}：构建残差块时出错：{type(err).__name__}: {err}（内部宽度应为 "
                f"int({planes} * {per_group} / 64) * {groups} = {width}，是 groups 的倍数）"))
            continue
        width = width_rule(planes, groups, per_group)
        convs = [m for m in block.modules() if isinstance(m, nn.Conv2d) and m.kernel_size == (3, 3)]
        if any(m.groups == groups and m.in_channels == width and m.out_channels == width for m in convs):
            report.passed.append(_line(f"{args}: the 3x3 conv has {width} channels in {groups} groups",
                                       f"{args}：3x3 卷积有 {width} 个通道，分成 {groups} 组"))
        else:
            found = ", ".join(f"{m.in_channels}→{m.out_channels} groups={m.groups}" for m in convs) or "none"
            report.failed.append(_line(
                f"{args}: expected a 3x3 conv of width = int({planes} * {per_group} / 64) * {groups} = {width} "
                f"channels in {groups} groups; found 3x3 convs: {found}",
                f"{args}：应有一个 3x3 卷积，宽度 = int({planes} * {per_group} / 64) * {groups} = {width} 个通道，"
                f"分成 {groups} 组；实际找到的 3x3 卷积：{found}"))
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
        raise TypeError(_line("answer must be a dict {'times': times, 'costs': costs, 'slowest_rate': ..., "
                              f"'fastest': ...}}, got {type(answer).__name__}",
                              "answer 必须是字典 {'times': times, 'costs': costs, 'slowest_rate': ..., "
                              f"'fastest': ...}}，收到 {type(answer).__name__}"))
    slowest, fastest = answer.get("slowest_rate"), answer.get("fastest")
    if slowest is None and fastest is None:
        report.failed.append(_line("not done yet: set slowest_rate and fastest, then run the cell again",
                                   "尚未完成：填写 slowest_rate 和 fastest，然后重新运行这个单元格"))
        return _print_report(report)
    truth = timings_reading(answer["times"], answer["costs"])
    rates, ms = truth["rates"], truth["ms"]
    for key, given, right, numbers, unit in (("slowest_rate", slowest, truth["slowest_rate"], rates, "G MACs/s"),
                                             ("fastest", fastest, truth["fastest"], ms, "ms")):
        if given == right:
            report.passed.append(_line(f"{key} = {given!r}: {numbers[given]:.1f} {unit} on this CPU",
                                       f"{key} = {given!r}：在这台 CPU 上为 {numbers[given]:.1f} {unit}"))
        elif given not in BLOCKS:
            report.failed.append(_line(f"{key} must be one of {', '.join(map(repr, BLOCKS))}, got {given!r}",
                                       f"{key} 必须是 {', '.join(map(repr, BLOCKS))} 之一，收到 {given!r}"))
        elif key == "slowest_rate":
            report.failed.append(_line(
                f"slowest_rate = {given!r}: it did {rates[given]:.1f} G multiply-adds per second, but {right!r} only "
                f"{rates[right]:.1f} — the rate is the number in brackets, not the time",
                f"slowest_rate = {given!r}：它每秒完成 {rates[given]:.1f} G 次乘加，而 {right!r} 只有 "
                f"{rates[right]:.1f}——速率是括号里的数字，不是耗时"))
        else:
            report.failed.append(_line(
                f"fastest = {given!r}: it took {ms[given]:.1f} ms, but {right!r} took {ms[right]:.1f} ms — fewer "
                "multiply-adds or a higher rate alone do not decide it: time = multiply-adds / rate",
                f"fastest = {given!r}：它用了 {ms[given]:.1f} 毫秒，而 {right!r} 只用了 {ms[right]:.1f} 毫秒——"
                "单看乘加次数少或速率高都不能决定快慢：耗时 = 乘加次数 / 速率"))
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="05-resnext",
        title=("Turn the bottleneck into a ResNeXt block", "把瓶颈块改成 ResNeXt 块"),
        checker=check_resnext_width,
        hints=(
            ("Only the inside changes: compute width = int(planes * width_per_group / 64) * groups first, and use it "
             "where the bottleneck used planes (conv1's outputs, conv2, conv3's inputs, bn1, bn2). conv3 still gives "
             "planes * 4 channels. Which of the three convs is split into groups?",
             "只有内部改变：先算出 width = int(planes * width_per_group / 64) * groups，然后在瓶颈块用 planes 的地方"
             "（conv1 的输出、conv2、conv3 的输入、bn1、bn2）改用它。conv3 的输出仍是 planes * 4 个通道。"
             "三个卷积中哪一个被分组？"),
            ("conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1, groups=groups, bias=False). "
             "ResNeXt-50 32x4d: planes 64 → width int(64 * 4 / 64) * 32 = 128; 32x8d: 256. The shortcut is the "
             "bottleneck's: a 1x1 conv with the stride + BN when stride != 1 or in_channels != planes * 4.",
             "conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1, groups=groups, bias=False)。"
             "ResNeXt-50 32x4d：planes 为 64 → width = int(64 * 4 / 64) * 32 = 128；32x8d 为 256。捷径与瓶颈块相同："
             "当 stride != 1 或 in_channels != planes * 4 时用带步幅的 1x1 卷积加 BN。"),
        ),
        solution_code=RESNEXT_SOLUTION,
        defines="MyResNeXtBlock",
        explanation=(
            "The block keeps the ResNet's outputs (planes * 4), so it drops into any ResNet stage; only its inside is "
            "width = int(planes * width_per_group / 64) * groups channels wide, and the 3x3 conv is grouped. That "
            "rule is torchvision's (its width_per_group is the course's base_width): groups=1, width_per_group=64 "
            "gives the plain bottleneck back, width_per_group=128 the Wide ResNet-50-2 block. With 32 groups the "
            "3x3 conv has 9 * width * width / 32 weights: 4,608 for width 128, against 36,864 for a dense 3x3 conv "
            "of width 64.",
            "这个块保持 ResNet 的输出（planes * 4），所以能放进任何 ResNet 阶段；只有内部宽度变为 "
            "width = int(planes * width_per_group / 64) * groups 个通道，并且 3x3 卷积是分组的。这条规则与 torchvision "
            "相同（其 width_per_group 就是本课程的 base_width）：groups=1、width_per_group=64 时又回到普通瓶颈块，"
            "width_per_group=128 时就是 Wide ResNet-50-2 的块。分成 32 组时，3x3 卷积有 9 * width * width / 32 个权重："
            "width 为 128 时是 4,608 个，而宽度 64 的普通 3x3 卷积有 36,864 个。"),
    ),
    Exercise(
        name="05-timings",
        title=("Read the block timings", "解读残差块的计时"),
        checker=check_timings_reading,
        hints=(
            ("slowest_rate: the number in brackets after each time is the rate, in G multiply-adds per second: "
             "take the smallest. fastest: the smallest time in ms. Answer with 'bottleneck', 'resnext' or 'wide'.",
             "slowest_rate：每个耗时后面括号里的数字是速率（每秒 G 次乘加）：取最小的。fastest：毫秒数最小的那个。"
             "用 'bottleneck'、'resnext' 或 'wide' 回答。"),
            ("The grouped conv of the ResNeXt block does its few multiply-adds at the lowest rate, so with the same "
             "multiply-adds as the bottleneck it takes longer; the dense bottleneck is usually the fastest.",
             "ResNeXt 块的分组卷积完成其少量乘加的速率最低，所以与瓶颈块乘加次数相同却耗时更长；"
             "普通的瓶颈块通常最快。"),
        ),
        solution_code=TIMINGS_SOLUTION,
        defines="read_timings",
        explanation=(
            "Time is multiply-adds divided by the rate. The ResNeXt block and the bottleneck do almost the same "
            "multiply-adds, so the rate decides: a grouped conv has little work per group and uses the CPU's "
            "vector units less well than a dense conv. The wide block does three times the work at the highest "
            "rate, and is still the slowest in time.",
            "耗时等于乘加次数除以速率。ResNeXt 块与瓶颈块的乘加次数几乎相同，所以由速率决定：分组卷积每组的工作量小，"
            "对 CPU 向量单元的利用不如普通卷积。加宽块的工作量是三倍，速率最高，但耗时仍然最长。"),
    ),
]
