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
from resnet_lessons.i18n import get_language

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


def _line(en, zh):
    lang = get_language()
    return en if lang == "en" else zh if lang == "zh" else f"{en} / {zh}"


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
            report.failed.append(_line("not done yet: your class raises NotImplementedError",
                                       "尚未完成：你的类抛出了 NotImplementedError"))
            return _print_report(report)
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(_line(f"{args}: building the block raised {type(err).__name__}: {err}",
                                       f"{args}：构建残差块时出错：{type(err).__name__}: {err}"))
            continue
        try:
            block(torch.zeros(1, in_channels, SIZE, SIZE))
        except NotImplementedError:
            report.failed.append(_line("not done yet: forward raises NotImplementedError",
                                       "尚未完成：forward 抛出了 NotImplementedError"))
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
            report.passed.append(_line(
                f"{args}: {got / 1e3:,.1f} k multiply-adds on {SIZE}x{SIZE}, the paper's V1 block ({v15 / 1e3:,.1f} k "
                "with the stride on the 3x3 conv)",
                f"{args}：在 {SIZE}x{SIZE} 上 {got / 1e3:,.1f} k 次乘加，与论文的 V1 块一致（步幅放在 3x3 卷积上时为 "
                f"{v15 / 1e3:,.1f} k）"))
        elif got == v15:
            report.failed.append(_line(
                f"{args}: {got / 1e3:,.1f} k multiply-adds on {SIZE}x{SIZE}, as torchvision's V1.5 block: the stride is "
                f"on the 3x3 conv; the paper puts it on the first 1x1 conv, so that the 3x3 conv runs on the halved "
                f"map ({want / 1e3:,.1f} k)",
                f"{args}：在 {SIZE}x{SIZE} 上 {got / 1e3:,.1f} k 次乘加，与 torchvision 的 V1.5 块相同：步幅在 3x3 卷积上；"
                f"论文把它放在第一个 1x1 卷积上，这样 3x3 卷积在减半后的特征图上运行（{want / 1e3:,.1f} k）"))
        else:
            report.failed.append(_line(
                f"{args}: {got / 1e3:,.1f} k multiply-adds on {SIZE}x{SIZE}, the paper's V1 block does "
                f"{want / 1e3:,.1f} k: the stride belongs on conv1 (and on the shortcut), nowhere else",
                f"{args}：在 {SIZE}x{SIZE} 上 {got / 1e3:,.1f} k 次乘加，论文的 V1 块为 {want / 1e3:,.1f} k："
                "步幅只应放在 conv1（以及捷径）上"))
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
        raise TypeError(_line("answer must be a dict {'family': family, 'grown': ['layer…', …]}, "
                              f"got {type(answer).__name__}",
                              f"answer 必须是字典 {{'family': family, 'grown': ['layer…', …]}}，收到 {type(answer).__name__}"))
    report = CheckReport("check_family_reading")
    given = answer.get("grown")
    blocks = _blocks(answer["family"])
    if "resnet101" not in blocks or "resnet152" not in blocks:
        raise ValueError(_line("family must contain resnet101 and resnet152", "family 必须包含 resnet101 和 resnet152"))
    old, new = blocks["resnet101"], blocks["resnet152"]
    right = [stage for stage in STAGES if new[stage] > old[stage]]
    if given is None:
        report.failed.append(_line("not done yet: set grown to a list of stages, e.g. ['layer1'], then run the cell "
                                   "again", "尚未完成：把 grown 设为一个阶段列表，例如 ['layer1']，然后重新运行这个单元格"))
        return _print_report(report)
    if isinstance(given, str):
        given = [given]
    unknown = [stage for stage in given if stage not in STAGES]
    if unknown:
        report.failed.append(_line(f"{', '.join(map(repr, unknown))}: not a stage; the stages are "
                                   f"{', '.join(STAGES)}",
                                   f"{', '.join(map(repr, unknown))}：不是阶段；阶段是 {', '.join(STAGES)}"))
        return _print_report(report)
    for stage in STAGES:
        change = f"{stage}: {old[stage]} → {new[stage]}"
        if (stage in given) == (stage in right):
            if stage in right:
                report.passed.append(_line(f"{change} blocks: it grows", f"{change} 个块：它变大了"))
        elif stage in right:
            report.failed.append(_line(f"{change} blocks: this stage grows too", f"{change} 个块：这个阶段也变大了"))
        else:
            report.failed.append(_line(f"{change} blocks: this stage does not grow", f"{change} 个块：这个阶段没有变大"))
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="03-bottleneck-v1",
        title=("Write the paper's bottleneck block (V1)", "编写论文中的瓶颈块（V1）"),
        checker=check_v1_bottleneck,
        hints=(
            ("Start from the Bottleneck shown in section 1.2 and change only where the map is halved: which conv "
             "gets stride=stride, and which one loses it? The shortcut still needs the stride, since it must have "
             "the block's output shape.",
             "从第 1.2 节展示的 Bottleneck 出发，只改变特征图减半的位置：哪个卷积得到 stride=stride，哪个卷积不再带步幅？"
             "捷径仍然需要步幅，因为它必须与块的输出形状相同。"),
            ("conv1 = nn.Conv2d(in_channels, mid_channels, kernel_size=1, stride=stride, bias=False); conv2 = "
             "nn.Conv2d(mid_channels, mid_channels, kernel_size=3, padding=1, bias=False). Everything else is the "
             "V1.5 block: three BNs, ReLU after the first two, a projection (1x1 conv with the stride + BN) only when "
             "stride != 1 or in_channels != 4 * mid_channels, and relu(out + shortcut) at the end.",
             "conv1 = nn.Conv2d(in_channels, mid_channels, kernel_size=1, stride=stride, bias=False)；conv2 = "
             "nn.Conv2d(mid_channels, mid_channels, kernel_size=3, padding=1, bias=False)。其余与 V1.5 块相同：三个 BN，"
             "前两个之后接 ReLU，只有当 stride != 1 或 in_channels != 4 * mid_channels 时使用投影（带步幅的 1x1 卷积 + "
             "BN），最后是 relu(out + shortcut)。"),
        ),
        solution_code=V1_SOLUTION,
        defines="MyBottleneck",
        explanation=(
            "The weights are exactly those of the V1.5 block — the check counts the same parameters — but the 3x3 "
            "conv, the block's most expensive layer, now runs on the halved map, so a downsampling block costs fewer "
            "multiply-adds (the check prints both). A strided 1x1 conv simply drops 3 of every 4 positions before "
            "anything has looked at them; that is why torchvision moved the stride to the 3x3 conv, which is "
            "reported to be slightly more accurate at a small cost in speed (NVIDIA's ResNet50 v1.5 model card).",
            "权重与 V1.5 块完全相同——检查统计到的参数量一样——但块中最昂贵的 3x3 卷积现在在减半后的特征图上运行，"
            "所以下采样块的乘加次数更少（检查会输出两者）。带步幅的 1x1 卷积在任何层看到之前就直接丢掉每 4 个位置中的 "
            "3 个；这就是 torchvision 把步幅移到 3x3 卷积上的原因，据报告这样略微更准确，速度稍有损失（NVIDIA 的 "
            "ResNet50 v1.5 模型说明）。"),
    ),
    Exercise(
        name="03-param-count",
        title=("Count the parameters of a bottleneck block", "统计一个瓶颈块的参数量"),
        checker=check_layer1_count,
        hints=(
            ("A conv has k·k·C_in·C_out weights (no bias here); a BN layer has 2 parameters per channel. Add up the "
             "eight layers listed: conv1, bn1, conv2, bn2, conv3, bn3 and the two layers of the downsample shortcut.",
             "卷积有 k·k·C_in·C_out 个权重（这里没有偏置）；BN 层每个通道有 2 个参数。把列出的八层加起来："
             "conv1、bn1、conv2、bn2、conv3、bn3，以及 downsample 捷径的两层。"),
            ("The convs: 1·1·64·64, 3·3·64·64, 1·1·64·256 and the shortcut's 1·1·64·256. The BNs: 2·64 for bn1 and "
             "bn2, 2·256 for bn3 and the shortcut's BN.",
             "卷积：1·1·64·64、3·3·64·64、1·1·64·256，以及捷径的 1·1·64·256。BN：bn1 和 bn2 各 2·64，bn3 和捷径的 BN "
             "各 2·256。"),
        ),
        solution_code=COUNT_SOLUTION,
        defines="guess",
        explanation=(
            "Even at this narrow width the 3x3 conv is about half of the block; the shortcut projection costs as "
            "much as conv3, which is why only the first block of a stage, where the shape changes, has one. The "
            "cell below the exercise counts each layer from the block itself.",
            "即使宽度这么窄，3x3 卷积仍约占残差块的一半；投影捷径的代价与 conv3 相同，这就是为什么只有每个阶段的第一个"
            "残差块（形状改变的地方）才有投影捷径。练习下方的单元格直接从残差块统计每一层的参数。"),
    ),
    Exercise(
        name="03-family-reading",
        title=("Read the family: where do the extra blocks go?", "解读家族：多出的块加在哪里？"),
        checker=check_family_reading,
        hints=(
            ("Compare the 'blocks per stage' column of ResNet-101 and ResNet-152 in the table of section 3, stage by "
             "stage (layer1 to layer4).",
             "在第 3 节的表格中逐个阶段（layer1 到 layer4）比较 ResNet-101 与 ResNet-152 的“每个阶段的块数”一列。"),
            ("ResNet-101 has (3, 4, 23, 3) blocks, ResNet-152 (3, 8, 36, 3): list every stage whose number grows, "
             "e.g. grown = ['layer…', 'layer…'].",
             "ResNet-101 有 (3, 4, 23, 3) 个块，ResNet-152 有 (3, 8, 36, 3) 个：列出块数增加的每个阶段，"
             "例如 grown = ['layer…', 'layer…']。"),
        ),
        solution_code=FAMILY_SOLUTION,
        defines="grown_stages",
        explanation=(
            "The deeper nets add blocks in the middle stages, most of them in layer3 (14x14). A bottleneck block "
            "costs about the same multiply-adds in every stage (twice the channels on a quarter of the positions), "
            "but a layer4 block has four times the parameters of a layer3 block, and layer1's big maps make every "
            "activation costly in memory; the middle stages add depth at a moderate price.",
            "更深的网络把块加在中间的阶段，大部分加在 layer3（14x14）。一个瓶颈块在每个阶段的乘加次数大致相同"
            "（通道数加倍、位置数变为四分之一），但 layer4 的一个块的参数是 layer3 的一个块的四倍，而 layer1 的大特征图"
            "使每个激活都很占内存；中间的阶段以适中的代价增加深度。"),
    ),
]
