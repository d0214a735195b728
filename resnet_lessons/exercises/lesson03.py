"""Lesson 03's exercises: the paper's bottleneck (stride on the first 1x1 conv), counting a block's parameters,
and reading the family of ResNets."""
import torch

from resnet_lessons.checks import (
    CheckReport,
    _check_class,
    _print_report,
    _reference_bottleneck,
    _test_block,
    check_parameter_count,
)
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import STRINGS, t

V1_SOLUTION = '''
from torch import nn


class MyBottleneck(nn.Module):
    expansion = 4

    def __init__(self, in_channels, mid_channels, stride=1):
        super().__init__()
        out_channels = mid_channels * self.expansion
        # The paper (V1): the stride on the first 1x1 conv, so the 3x3 conv runs on the smaller map.
        self.conv1 = nn.Conv2d(in_channels, mid_channels, kernel_size=1, stride=stride, bias=False)
        self.bn1 = nn.BatchNorm2d(mid_channels)
        self.conv2 = nn.Conv2d(mid_channels, mid_channels, kernel_size=3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(mid_channels)
        self.conv3 = nn.Conv2d(mid_channels, out_channels, kernel_size=1, bias=False)
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

COUNT_SOLUTION = '''
# ResNet-50's layer1[0]: 64 channels in, a bottleneck of width 64, 256 out, a projection shortcut (64 != 256).
guess = (64 * 64                         # conv1, 1x1, 64 -> 64
         + 3 * 3 * 64 * 64               # conv2, 3x3, 64 -> 64
         + 64 * 256                      # conv3, 1x1, 64 -> 256
         + 64 * 256                      # downsample conv, 1x1, 64 -> 256
         + 2 * (64 + 64 + 256 + 256))    # bn1, bn2, bn3, downsample BN: a weight and a bias per channel
'''

FAMILY_SOLUTION = '''
def grown_stages(family):
    """The stages that have more blocks in ResNet-152 than in ResNet-101, from describe_variant results."""
    blocks = {d["name"]: {p["part"]: p["blocks"] for p in d["parts"] if p["blocks"]} for d in family}
    return [stage for stage, n in blocks["resnet152"].items() if n > blocks["resnet101"][stage]]
'''

# (in_channels, mid_channels, stride): the identity shortcut, two downsampling blocks, a projection without stride.
CASES = ((64, 16, 1), (32, 16, 2), (128, 32, 2), (64, 32, 1))
SIZE = 8  # of the test inputs: 8x8
STAGES = ("layer1", "layer2", "layer3", "layer4")


def reference_v1(in_channels, mid_channels, stride):
    """The package's Bottleneck with a projection where the shape changes, its stride moved to conv1 (V1)."""
    from resnet_lessons.experiments.complexity import to_paper_v1

    return to_paper_v1(_reference_bottleneck(in_channels, mid_channels, stride))


def _macs(block, in_channels):
    from resnet_lessons.experiments.complexity import count_macs

    was_training = block.training
    block.eval()
    try:
        return count_macs(block, (1, in_channels, SIZE, SIZE))
    finally:
        block.train(was_training)


def check_v1_bottleneck(cls):
    """Check ``cls(in_channels, mid_channels, stride)``: the paper's bottleneck block (He et al. 2015), stride on the
    first 1x1 conv.

    For each case: output shape, parameter count, gradient flow, relu(x) from a zero branch where the shortcut
    is the identity (the tests of ``check_bottleneck``) and, where the block downsamples, its multiply-adds on an
    8x8 input against the paper's block (fewer than torchvision's V1.5, whose stride sits on the 3x3 conv).
    """
    _check_class(cls)
    report = CheckReport("check_v1_bottleneck")
    torch.manual_seed(0)
    for args in CASES:
        in_channels, mid_channels, stride = args
        try:
            block = cls(*args)
        except NotImplementedError:
            report.failed.append(t("exercise_class_todo"))
            return _print_report(report)
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(t("exercise_block_raised", args=args, type_err_name=type(err).__name__, err=err))
            continue
        try:
            block(torch.zeros(1, in_channels, SIZE, SIZE))
        except NotImplementedError:
            report.failed.append(t("exercise_forward_todo"))
            return _print_report(report)
        except Exception:
            pass  # _test_block reports it
        failed_before = len(report.failed)
        _test_block(block, args, in_channels, mid_channels * 4, stride, _reference_bottleneck, report)
        if stride == 1 or len(report.failed) > failed_before:
            continue
        got = _macs(block, in_channels)
        want = _macs(reference_v1(*args), in_channels)
        v15 = _macs(_reference_bottleneck(*args), in_channels)
        if got == want:
            report.passed.append(t("ex03_check_v1_bottleneck_4", args=args, got_1000_0=got / 1000.0, SIZE=SIZE,
                                   v15_1000_0=v15 / 1000.0))
        elif got == v15:
            report.failed.append(t("ex03_check_v1_bottleneck_5", args=args, got_1000_0=got / 1000.0, SIZE=SIZE,
                                   want_1000_0=want / 1000.0))
        else:
            report.failed.append(t("ex03_check_v1_bottleneck_6", args=args, got_1000_0=got / 1000.0, SIZE=SIZE,
                                   want_1000_0=want / 1000.0))
    return _print_report(report)


def layer1_block():
    """ResNet-50's ``layer1[0]`` (built on the meta device: only the shapes are needed to count)."""
    from resnet_lessons.models import resnet50

    with torch.device("meta"):
        return resnet50().layer1[0]


def check_layer1_count(guess):
    """Check a hand count (an int; None while not answered) of ResNet-50's ``layer1[0]`` parameters."""
    return check_parameter_count(guess, layer1_block())


def _blocks(family):
    return {d["name"]: {p["part"]: p["blocks"] for p in d["parts"] if p["blocks"]} for d in family}


def _real_family():
    from resnet_lessons.models import BUILDERS
    from resnet_lessons.summary import describe_variant

    return [describe_variant(name) for name in BUILDERS]


def check_family_reading(answer):
    """Check ``{"family": family, "grown": [stage, ...]}``: the stages that have more blocks in ResNet-152 than in
    ResNet-101, read from section 3's ``family`` (``describe_variant`` results).

    A function ``read(family) -> [stage, ...]`` (a reading rule, like the solution) is checked on the family the
    package builds.
    """
    if callable(answer):
        family = _real_family()
        return check_family_reading({"family": family, "grown": answer(family)})
    if not isinstance(answer, dict) or not isinstance(answer.get("family"), list):
        raise TypeError(t("ex03_check_family_reading_1", type_answer_name=type(answer).__name__))
    report = CheckReport("check_family_reading")
    given = answer.get("grown")
    blocks = _blocks(answer["family"])
    if "resnet101" not in blocks or "resnet152" not in blocks:
        raise ValueError(t("ex03_check_family_reading_2"))
    old, new = blocks["resnet101"], blocks["resnet152"]
    right = [stage for stage in STAGES if new[stage] > old[stage]]
    if given is None:
        report.failed.append(t("ex03_check_family_reading_3"))
        return _print_report(report)
    if isinstance(given, str):
        given = [given]
    unknown = [stage for stage in given if stage not in STAGES]
    if unknown:
        report.failed.append(t("ex03_check_family_reading_4", join_map_repr_unknown=', '.join(map(repr, unknown)),
                               join_STAGES=', '.join(STAGES)))
        return _print_report(report)
    for stage in STAGES:
        change = f"{stage}: {old[stage]} → {new[stage]}"
        if (stage in given) == (stage in right):
            if stage in right:
                report.passed.append(t("ex03_check_family_reading_5", change=change))
        elif stage in right:
            report.failed.append(t("ex03_check_family_reading_6", change=change))
        else:
            report.failed.append(t("ex03_check_family_reading_7", change=change))
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="03-bottleneck-v1",
        title=STRINGS["ex03_bottleneck_v1_title"],
        checker=check_v1_bottleneck,
        hints=(
            STRINGS["ex03_bottleneck_v1_hint_1"],
            STRINGS["ex03_bottleneck_v1_hint_2"],
        ),
        solution_code=V1_SOLUTION,
        defines="MyBottleneck",
        explanation=STRINGS["ex03_bottleneck_v1_explanation"],
    ),
    Exercise(
        name="03-param-count",
        title=STRINGS["ex03_param_count_title"],
        checker=check_layer1_count,
        hints=(
            STRINGS["ex03_param_count_hint_1"],
            STRINGS["ex03_param_count_hint_2"],
        ),
        solution_code=COUNT_SOLUTION,
        defines="guess",
        explanation=STRINGS["ex03_param_count_explanation"],
    ),
    Exercise(
        name="03-family-reading",
        title=STRINGS["ex03_family_reading_title"],
        checker=check_family_reading,
        hints=(
            STRINGS["ex03_family_reading_hint_1"],
            STRINGS["ex03_family_reading_hint_2"],
        ),
        solution_code=FAMILY_SOLUTION,
        defines="grown_stages",
        explanation=STRINGS["ex03_family_reading_explanation"],
    ),
]
