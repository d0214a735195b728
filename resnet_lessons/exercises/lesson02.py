"""Lesson 02's exercises: a residual block with option A's zero-padding shortcut (then trained in a
56-layer net next to its plain twin), and reading the lesion study."""
import dataclasses
import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from resnet_lessons.checks import CheckReport, _check_class, _count, _print_report
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import get_language

OPTION_A_SOLUTION = '''
import torch.nn.functional as F
from torch import nn


class MyBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv1d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm1d(out_channels)
        self.conv2 = nn.Conv1d(out_channels, out_channels, kernel_size=3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm1d(out_channels)
        self.relu = nn.ReLU()
        self.stride = stride
        self.extra = out_channels - in_channels  # channels the shortcut fills with zeros

    def shortcut(self, x):
        x = x[:, :, ::self.stride]                # every stride-th position, like the strided conv1
        return F.pad(x, (0, 0, 0, self.extra))    # (length: 0, 0), (channels: 0 before, extra after)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))
'''

LESION_SOLUTION = '''
def worst_deletion(result):
    """The block of the trained ResNet whose deletion alone raises its test error most."""
    net = result.net("residual")
    errors = {**net.single_errors(), **net.single_errors(downsampling=True)}  # same-shape and downsampling blocks
    return max(errors, key=errors.get)
'''

# (in_channels, out_channels, stride): the identity; where a stage starts (stride 2, twice the channels);
# more channels without a stride (the zeros alone); and a wider stage start.
CASES = ((16, 16, 1), (16, 32, 2), (16, 32, 1), (32, 64, 2))
LENGTH = 16  # of the test signals
MARGIN = 0.10  # the trained ResNet-56 must end at least this far (10 points) below plain-56's training error


def _line(en, zh):
    lang = get_language()
    return en if lang == "en" else zh if lang == "zh" else f"{en} / {zh}"


def shortcut_a(x, out_channels, stride):
    """Option A on a batch of signals (N, C, L): every ``stride``-th position, zeros for the extra channels."""
    x = x[:, :, ::stride]
    return F.pad(x, (0, 0, 0, out_channels - x.shape[1]))


def reference_block(in_channels, out_channels, stride):
    """The package's BasicBlock with option A's shortcut, for signals (1-D)."""
    from resnet_lessons.blocks import BasicBlock, ShortcutA

    downsample = None
    if stride != 1 or in_channels != out_channels:
        downsample = ShortcutA(in_channels, out_channels, stride, dim=1)
    return BasicBlock(in_channels, out_channels, stride, downsample, dim=1)


def _zero_branch_diagnosis(out, x, args):
    """What is wrong when a block whose weights are all zero does not return relu(option A(x))."""
    in_channels, out_channels, stride = args
    kept = torch.relu(x[:, :, ::stride])
    if out.shape[1] == out_channels and out.shape[2] == kept.shape[2]:
        if not out.any():
            return _line("with every weight at zero your block returns zeros: the shortcut must not have weights "
                         "(no 1x1 conv) — it passes x on, so the block returns relu(x)",
                         "所有权重为零时，你的块输出全零：捷径不应有权重（不要 1x1 卷积）——它把 x 原样传下去，"
                         "所以块应输出 relu(x)")
        if torch.allclose(out[:, out_channels - in_channels:], kept) and not torch.allclose(out[:, :in_channels], kept):
            return _line("the zeros come first and x's channels last: pad the channels after x, "
                         "F.pad(x, (0, 0, 0, extra))",
                         "零在前、x 的通道在后：应在 x 之后补零通道，F.pad(x, (0, 0, 0, extra))")
        if torch.allclose(out[:, :in_channels], kept):
            return _line(f"x's {in_channels} channels are right, but the extra {out_channels - in_channels} "
                         "channels are not zero: fill them with zeros",
                         f"x 的 {in_channels} 个通道正确，但多出的 {out_channels - in_channels} 个通道不是零："
                         "应该用零填充")
        if stride > 1 and torch.allclose(out[:, :in_channels], torch.relu(x[:, :, 1::stride])):
            return _line("the shortcut keeps positions 1, 3, 5, …; the strided conv1 sees positions 0, 2, 4, …: "
                         "keep x[:, :, ::stride]",
                         "捷径保留了第 1、3、5……个位置；带步幅的 conv1 看的是第 0、2、4……个位置：应保留 "
                         "x[:, :, ::stride]")
        if stride > 1 and torch.allclose(out[:, :in_channels],
                                         torch.relu(F.avg_pool1d(x, stride, stride)), atol=1e-6):
            return _line("the shortcut averages neighbouring positions; option A keeps every stride-th position "
                         "as it is: x[:, :, ::stride]",
                         "捷径对相邻位置取了平均；选项 A 原样保留每隔 stride 个位置的值：x[:, :, ::stride]")
        padded = shortcut_a(x, out_channels, stride)
        if torch.allclose(out, padded):
            return _line("the output can be negative: the last ReLU comes after the addition",
                         "输出中有负数：最后的 ReLU 应在加法之后")
    return _line("with the branch at zero the block must return relu(shortcut(x)) = relu(option A(x)); "
                 "yours returns something else",
                 "残差分支为零时，块应输出 relu(shortcut(x)) = relu(选项 A(x))；你的块输出了别的东西")


def check_option_a_block(cls):
    """Check ``cls(in_channels, out_channels, stride)``: a basic block for signals (Conv1d) whose shortcut is
    option A (every ``stride``-th position, zeros for the extra channels, no parameters).

    Built in four configurations (``CASES``); for each: output shape, parameter count (the package's
    BasicBlock with ShortcutA), the gradient reaches the input, and with every weight at zero the block
    returns relu(option A(x)) — which says what is wrong with the shortcut when it does not.
    """
    _check_class(cls)
    report = CheckReport("check_option_a_block")
    torch.manual_seed(0)
    for args in CASES:
        in_channels, out_channels, stride = args
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
        x = torch.randn(2, in_channels, LENGTH, requires_grad=True)
        try:
            out = block(x)
        except NotImplementedError:
            report.failed.append(_line("not done yet: forward raises NotImplementedError",
                                       "尚未完成：forward 抛出了 NotImplementedError"))
            return _print_report(report)
        except Exception as err:
            report.failed.append(_line(
                f"{args}: the forward pass on signals of shape {tuple(x.shape)} raised {type(err).__name__}: {err} "
                "(signals need nn.Conv1d and nn.BatchNorm1d)",
                f"{args}：对形状为 {tuple(x.shape)} 的信号做前向传播时出错：{type(err).__name__}: {err}"
                "（信号要用 nn.Conv1d 和 nn.BatchNorm1d）"))
            continue
        want = (2, out_channels, LENGTH // stride)
        if tuple(out.shape) != want:
            report.failed.append(_line(f"{args}: output shape {tuple(out.shape)}, expected {want}",
                                       f"{args}：输出形状为 {tuple(out.shape)}，应为 {want}"))
            continue
        report.passed.append(_line(f"{args}: output shape {want}", f"{args}：输出形状 {want} 正确"))
        want_params, got_params = _count(reference_block(*args)), _count(block)
        if got_params == want_params:
            report.passed.append(_line(f"{args}: {want_params:,} parameters, as expected",
                                       f"{args}：参数量 {want_params:,}，与预期一致"))
        elif got_params > want_params and (stride != 1 or in_channels != out_channels):
            report.failed.append(_line(
                f"{args}: {got_params:,} parameters, {got_params - want_params:,} more than the {want_params:,} "
                "expected: option A's shortcut has no parameters (no 1x1 conv, no BN on the shortcut)",
                f"{args}：参数量 {got_params:,}，比预期的 {want_params:,} 多 {got_params - want_params:,}："
                "选项 A 的捷径没有参数（捷径上没有 1x1 卷积，也没有 BN）"))
        else:
            report.failed.append(_line(
                f"{args}: {got_params:,} parameters, expected {want_params:,}: two 3x3 Conv1d without bias, "
                "each followed by its own BatchNorm1d",
                f"{args}：参数量 {got_params:,}，应为 {want_params:,}：两个不带偏置的 3x3 Conv1d，后面各接一个 "
                "BatchNorm1d"))
        out.sum().backward()
        if x.grad is not None and x.grad.abs().sum() > 0:
            report.passed.append(_line(f"{args}: the gradient reaches the input", f"{args}：梯度能传回输入"))
        else:
            report.failed.append(_line(f"{args}: no gradient reaches the input", f"{args}：没有梯度传回输入"))
        # Every weight and bias at zero: the branch outputs 0, so the block must return relu(option A(x)).
        with torch.no_grad():
            for p in block.parameters():
                p.zero_()
            try:
                zero = block(x.detach())
            except Exception as err:  # pragma: no cover - it ran above
                zero = torch.full((0,), float("nan"))
                report.failed.append(f"{args}: {type(err).__name__}: {err}")
        expected = torch.relu(shortcut_a(x.detach(), out_channels, stride))
        if zero.shape == expected.shape and torch.allclose(zero, expected):
            report.passed.append(_line(
                f"{args}: with the branch at zero the block returns relu(option A(x)): the shortcut works",
                f"{args}：残差分支为零时输出 relu(选项 A(x))：捷径正确"))
        else:
            report.failed.append(f"{args}: " + _zero_branch_diagnosis(zero, x.detach(), args))
    return _print_report(report)


# --- the student's block, trained -------------------------------------------------------------------

def resnet_from_block(block, depth=56, seed=0):
    """A CIFAR-style ResNet for MNIST-1D (the package's ``cifar_resnet(depth, dim=1)``) whose every block is
    ``block(in_channels, out_channels, stride)``; Kaiming initialisation as the package's, seeded."""
    from resnet_lessons.models import cifar_resnet

    _check_class(block)
    torch.manual_seed(seed)
    net = cifar_resnet(depth, dim=1, in_channels=1, num_classes=10)
    channels = 16
    for stage, planes, stride in ((net.layer1, 16, 1), (net.layer2, 32, 2), (net.layer3, 64, 2)):
        for i in range(len(stage)):
            stage[i] = block(channels, planes, stride if i == 0 else 1)
            channels = planes
    for m in net.modules():
        if isinstance(m, nn.Conv1d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm1d):
            nn.init.constant_(m.weight, 1)
            nn.init.constant_(m.bias, 0)
    return net


@dataclass
class Twins:
    """A ResNet built from a student's block and the package's plain twin, trained with one brief budget."""
    block: str
    reference: bool
    depth: int
    examples: int
    steps: int
    batch_size: int
    lr: float
    seed: int
    train_error: dict = field(default_factory=dict)  # "plain" / "residual" -> fraction after training
    seconds: float = 0.0

    def name(self):
        """(English, 中文) name of the block that was trained."""
        if self.reference:
            return "the reference block", "参考答案的块"
        return f"your {self.block}", f"你的 {self.block} "

    def summary(self):
        budget = (f"{self.depth} layers, {self.examples:,} MNIST-1D training examples, one epoch = {self.steps} "
                  f"steps of {self.batch_size}, lr {self.lr}, seed {self.seed}")
        budget_zh = (f"{self.depth} 层，{self.examples:,} 个 MNIST-1D 训练样本，一轮 = {self.steps} 步、每步 "
                     f"{self.batch_size} 个样本，学习率 {self.lr}，随机种子 {self.seed}")
        plain, res = 100 * self.train_error["plain"], 100 * self.train_error["residual"]
        return "\n".join([
            _line(f"Trained briefly ({budget}):", f"简短训练（{budget_zh}）："),
            "  " + _line(f"plain-{self.depth}: training error {plain:.1f} %",
                         f"普通网络-{self.depth}：训练误差 {plain:.1f} %"),
            "  " + _line(f"ResNet-{self.depth} built from {self.name()[0]}: training error {res:.1f} %",
                         f"用{self.name()[1]}搭建的 ResNet-{self.depth}：训练误差 {res:.1f} %"),
        ])


def train_twins(block, depth=56, examples=1280, batch_size=32, lr=0.01, seed=0, reference=False):
    """Train ``resnet_from_block(block, depth)`` and the package's plain twin (same seed, data, data order
    and recipe: SGD with momentum 0.9, constant ``lr``, one epoch) on the first ``examples`` training
    examples of MNIST-1D; return their training errors (eval mode) as :class:`Twins`. ``reference``: the
    block is the exercise's reference solution, not the student's (the summary says so).

    The default budget (40 steps of 32) was chosen by measurement: with the reference block, ResNet-56 ends
    more than 30 points below plain-56 on each of seeds 0 to 4 (tests/test_exercises_02.py checks seeds 0-2);
    with lr 0.03 or 0.05, batches of 64, or 20-30 steps, the gap falls below 10 points on some seed."""
    from resnet_lessons.data import load_dataset
    from resnet_lessons.models import cifar_resnet
    from resnet_lessons.train import TrainConfig, train

    started = time.perf_counter()
    data = load_dataset("mnist1d", subset=examples)
    data = dataclasses.replace(data, x_test=data.x_test[:100], y_test=data.y_test[:100])  # only train error counts
    recipe = TrainConfig(epochs=1, batch_size=batch_size, lr=lr, momentum=0.9, weight_decay=1e-4,
                         schedule="constant", seed=seed)
    torch.manual_seed(seed)
    nets = {"plain": cifar_resnet(depth, plain=True, dim=1, in_channels=1, num_classes=10),
            "residual": resnet_from_block(block, depth, seed)}
    errors = {}
    for kind, net in nets.items():
        history = train(net, data, recipe, device="cpu", progress=False)
        errors[kind] = round(history.train_error[-1], 6)
    steps = -(-examples // batch_size)
    return Twins(block=block.__name__, reference=reference, depth=depth, examples=examples, steps=steps,
                 batch_size=batch_size, lr=lr, seed=seed, train_error=errors,
                 seconds=round(time.perf_counter() - started, 2))


def check_no_degradation(twins):
    """Pass when the ResNet built from the student's block ends at least ``MARGIN`` (10 points) below plain-56's
    training error after the same brief training."""
    if not isinstance(twins, Twins):
        raise TypeError(_line(f"expected the result of train_twins(...), got {type(twins).__name__}",
                              f"应传入 train_twins(...) 的结果，收到 {type(twins).__name__}"))
    report = CheckReport("check_no_degradation")
    plain, res = 100 * twins.train_error["plain"], 100 * twins.train_error["residual"]
    if res <= plain - 100 * MARGIN:
        report.passed.append(_line(
            f"ResNet-{twins.depth} from {twins.name()[0]}: {res:.1f} % training error, {plain - res:.1f} points below "
            f"plain-{twins.depth}'s {plain:.1f} %: with the shortcuts the deep net trains",
            f"用{twins.name()[1]}搭建的 ResNet-{twins.depth}：训练误差 {res:.1f} %，比普通网络-{twins.depth} 的 "
            f"{plain:.1f} % 低 {plain - res:.1f} 个百分点：有了捷径，深层网络能够训练"))
    else:
        report.failed.append(_line(
            f"ResNet-{twins.depth} from {twins.name()[0]}: {res:.1f} % training error, not at least "
            f"{100 * MARGIN:.0f} points below plain-{twins.depth}'s {plain:.1f} %: does your block add the "
            "shortcut, and does it pass check_option_a_block?",
            f"用{twins.name()[1]}搭建的 ResNet-{twins.depth}：训练误差 {res:.1f} %，没有比普通网络-{twins.depth} 的 "
            f"{plain:.1f} % 低至少 {100 * MARGIN:.0f} 个百分点：你的块加上捷径了吗？它通过 check_option_a_block 了吗？"))
    return _print_report(report)


# --- reading the lesion study -----------------------------------------------------------------------

def _worst(result):
    net = result.net("residual")
    errors = {**net.single_errors(), **net.single_errors(downsampling=True)}
    return errors, max(errors.values())


def _shipped_lesions():
    from resnet_lessons import results

    return [r for depth in (56, 110) for r in results.load(f"lesion_{depth}")]


def check_lesion_reading(answer):
    """Check ``{"result": lesions, "block": name}``: is ``name`` the block of the trained ResNet whose deletion
    alone raises its test error most (same-shape and downsampling blocks alike)?

    A function ``read(result) -> name`` (a reading rule, like the solution) is checked on the shipped lesion
    results of ResNet-56 and ResNet-110 (every seed).
    """
    if callable(answer):
        reports = [_check_one_reading(result, answer(result)) for result in _shipped_lesions()]
        merged = CheckReport("check_lesion_reading", [line for r in reports for line in r.passed],
                             [line for r in reports for line in r.failed])
        return _print_report(merged)
    if not isinstance(answer, dict) or "result" not in answer or not hasattr(answer["result"], "net"):
        raise TypeError(_line("answer must be a dict {'result': lesions, 'block': 'layerS.B'}, "
                              f"got {type(answer).__name__}",
                              f"answer 必须是字典 {{'result': lesions, 'block': 'layerS.B'}}，收到 {type(answer).__name__}"))
    return _print_report(_check_one_reading(answer["result"], answer.get("block")))


def _check_one_reading(result, given):
    report = CheckReport("check_lesion_reading")
    errors, worst = _worst(result)
    right = [name for name, value in errors.items() if value == worst]
    where = f"ResNet-{result.net('residual').depth}, seed {result.seed}"
    if given is None:
        report.failed.append(_line("not done yet: set worst_block to a block name, e.g. 'layer2.1', then run the "
                                   "cell again",
                                   "尚未完成：把 worst_block 设为一个块的名字，例如 'layer2.1'，然后重新运行这个单元格"))
    elif given not in errors:
        report.failed.append(_line(
            f"{where}: {given!r} is not a block of this net; its blocks are {', '.join(errors)}",
            f"{where}：{given!r} 不是这个网络的块；它的块是 {', '.join(errors)}"))
    elif given in right:
        report.passed.append(_line(
            f"{where}: deleting {given} raises the ResNet's test error most, to {100 * worst:.1f} %",
            f"{where}：删除 {given} 使残差网络的测试误差上升最多，达到 {100 * worst:.1f} %"))
    else:
        down = set(result.downsampling)
        extra = ""
        extra_zh = ""
        if given in down and right[0] not in down:
            extra = " — here the worst one is not a downsampling block, whatever Veit et al. found"
            extra_zh = "——这里最严重的并不是下采样块，尽管 Veit 等人的发现如此"
        report.failed.append(_line(
            f"{where}: deleting {given} raises the ResNet's test error to {100 * errors[given]:.1f} %, but deleting "
            f"{right[0]} raises it to {100 * worst:.1f} %: look for the tallest bar of the ResNet{extra}",
            f"{where}：删除 {given} 使残差网络的测试误差升到 {100 * errors[given]:.1f} %，而删除 {right[0]} 使它升到 "
            f"{100 * worst:.1f} %：找残差网络最高的那根柱子{extra_zh}"))
    return report


EXERCISES = [
    Exercise(
        name="02-option-a",
        title=("Write a residual block with option A's shortcut", "编写带选项 A 捷径的残差块"),
        checker=check_option_a_block,
        hints=(
            ("The branch is BasicBlock's, with nn.Conv1d and nn.BatchNorm1d for signals: conv1 (3, stride, "
             "padding 1) → BN → ReLU → conv2 (3, padding 1) → BN. The shortcut has no modules at all: it is a "
             "few tensor operations on x in forward. Two steps: keep every stride-th position, then add zero "
             "channels until there are out_channels.",
             "分支与 BasicBlock 相同，只是信号要用 nn.Conv1d 和 nn.BatchNorm1d：conv1（3，步幅，padding 1）→ BN → "
             "ReLU → conv2（3，padding 1）→ BN。捷径完全没有模块：它只是在 forward 中对 x 做几步张量运算。两步："
             "先每隔 stride 个位置取一个值，再补零通道，直到有 out_channels 个通道。"),
            ("x[:, :, ::stride] keeps positions 0, stride, 2·stride, … (the ones the strided conv1 is centred on). "
             "F.pad pads the last dimension first: F.pad(x, (0, 0, 0, extra)) adds nothing to the length and "
             "extra = out_channels - in_channels zero channels after x's channels. Then return "
             "relu(branch + shortcut).",
             "x[:, :, ::stride] 保留第 0、stride、2·stride……个位置（带步幅的 conv1 正以这些位置为中心）。"
             "F.pad 从最后一维开始填充：F.pad(x, (0, 0, 0, extra)) 不改变长度，并在 x 的通道之后补 "
             "extra = out_channels - in_channels 个零通道。最后返回 relu(分支 + 捷径)。"),
        ),
        solution_code=OPTION_A_SOLUTION,
        defines="MyBlock",
        explanation=(
            "Option A keeps the shortcut an identity even where the shape changes: the first in_channels channels "
            "of the output receive x itself, the new channels start from zero, and there is nothing to learn on the "
            "shortcut, so a ResNet and its plain twin have exactly the same parameters. Keeping positions 0, 2, 4, … "
            "lines the shortcut up with the strided conv1, which is centred on the same positions. The package's "
            "ShortcutA (shown below the exercise) does the same for 1-D and 2-D inputs.",
            "选项 A 让捷径在形状改变的地方也保持恒等映射：输出的前 in_channels 个通道直接接收 x，新增的通道从零开始，"
            "捷径上没有任何需要学习的东西，所以 ResNet 与它的普通孪生网络参数完全相同。保留第 0、2、4……个位置，"
            "使捷径与带步幅的 conv1 对齐——conv1 正以这些位置为中心。软件包中的 ShortcutA（在练习下方展示）"
            "对一维和二维输入做同样的事。"),
    ),
    Exercise(
        name="02-lesion-reading",
        title=("Read the lesion study", "解读损伤实验"),
        checker=check_lesion_reading,
        hints=(
            ("Look at the ResNet's bars in the lesion figure (or at lesions.net('residual').single_errors(), and "
             "single_errors(downsampling=True) for the two downsampling blocks): which single deletion gives the "
             "highest test error?",
             "看损伤实验图中残差网络的柱子（或者 lesions.net('residual').single_errors()，以及两个下采样块的 "
             "single_errors(downsampling=True)）：删除哪一个块后测试误差最高？"),
            ("Merge the two dicts and take the key of the largest value: "
             "errors = {**net.single_errors(), **net.single_errors(downsampling=True)}; max(errors, key=errors.get).",
             "把两个字典合并，取值最大的键：errors = {**net.single_errors(), **net.single_errors(downsampling=True)}；"
             "max(errors, key=errors.get)。"),
        ),
        solution_code=LESION_SOLUTION,
        defines="worst_deletion",
        explanation=(
            "The answer comes from the measurement, not from the paper: Veit et al. found the downsampling blocks to "
            "be the exceptions in their CIFAR-10 ResNet-110; section 3.5 prints which blocks are costly in our "
            "deeper MNIST-1D nets. The check computes the answer from the lesion result at run time, so it holds "
            "for any seed and any machine.",
            "答案来自测量，而不是论文：Veit 等人在 CIFAR-10 的 ResNet-110 中发现例外是下采样块；第 3.5 节会输出在我们"
            "更深的 MNIST-1D 网络中哪些块代价高。检查函数在运行时根据损伤实验的结果计算答案，所以对任何随机种子、"
            "任何机器都成立。"),
    ),
]
