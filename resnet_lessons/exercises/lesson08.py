"""Lesson 08's exercises: find and fix the two bugs of ``BrokenBlock``, and read the gradient flow of
plain-56 (where does its gradient explode, and by how much?)."""
import math

import torch

from resnet_lessons.checks import (
    CheckReport,
    _check_class,
    _count,
    _print_report,
    _reference_basic,
)
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import get_language

FIXED_BLOCK_SOLUTION = '''
from torch import nn

from resnet_lessons.debugging import BrokenBlock


class FixedBlock(BrokenBlock):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__(in_channels, out_channels, stride)
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),  # bug 2: the stride
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))           # bug 1: no ReLU here ...
        return self.relu(out + self.shortcut(x))  # ... but after the addition
'''

GRADIENT_READING_SOLUTION = '''
def read_flow(flow):
    """Where the gradient of a network grows, and by how much: the first conv against the last conv."""
    layers = flow["layers"]
    first, last = layers[0]["mean_abs"], layers[-2]["mean_abs"]  # layers[-1] is fc: no BN after it
    return {"explodes_toward": "input" if first > last else "output", "first_over_last": first / last}
'''

# (in_channels, out_channels, stride): the identity shortcut, a projection without a stride, a projection
# with stride 2. The stride case comes last so that the ❌ lines read in the order the explanation gives.
CASES = ((16, 16, 1), (16, 32, 1), (16, 32, 2))
SIZE = 8  # of the test images
FACTOR = 3  # a reading of the first-over-last ratio is right within this factor (a log axis, read by eye)


def _line(en, zh):
    lang = get_language()
    return en if lang == "en" else zh if lang == "zh" else f"{en} / {zh}"


def _not_done(report, what, what_zh):
    report.failed.append(_line(f"not done yet: {what} raises NotImplementedError — fix the block, then run the "
                               "cell again",
                               f"尚未完成：{what_zh}抛出了 NotImplementedError——修好残差块后重新运行这个单元格"))
    return _print_report(report)


def _copy_weights(source, target):
    """Copy ``source``'s parameters and buffers into ``target`` by order; False if their shapes differ."""
    pairs = [(list(source.parameters()), list(target.parameters())), (list(source.buffers()), list(target.buffers()))]
    if any(len(a) != len(b) or any(x.shape != y.shape for x, y in zip(a, b)) for a, b in pairs):
        return False
    with torch.no_grad():
        for a, b in pairs:
            for x, y in zip(a, b):
                y.copy_(x)
    return True


def _diagnose_output(out, ref, x, args):
    """What the block computes instead of relu(branch + shortcut(x)), given the reference with the same weights."""
    with torch.no_grad():
        branch = ref.bn2(ref.conv2(ref.relu(ref.bn1(ref.conv1(x)))))
        shortcut = x if ref.downsample is None else ref.downsample(x)
    if torch.allclose(out, torch.relu(branch) + shortcut, atol=1e-5):
        return _line(f"{args}: the last ReLU is applied to the branch before the addition, and nothing follows "
                     "the addition: the block can then only add to its input, and its output can be negative — "
                     "return relu(out + shortcut(x)) instead",
                     f"{args}：最后的 ReLU 作用在加法之前的分支上，加法之后什么也没有：这样残差块只能往输入上加东西，"
                     "输出还可能是负数——应返回 relu(out + shortcut(x))")
    if torch.allclose(out, torch.relu(torch.relu(branch) + shortcut), atol=1e-5):
        return _line(f"{args}: the ReLU after the addition is there, but the branch still has a ReLU before the "
                     "addition (after bn2): remove that one, so that F(x) can be negative",
                     f"{args}：加法之后的 ReLU 有了，但分支在加法之前（bn2 之后）仍有一个 ReLU：去掉它，"
                     "让 F(x) 可以为负")
    if torch.allclose(out, branch + shortcut, atol=1e-5):
        return _line(f"{args}: nothing follows the addition: the block's last step is relu(out + shortcut(x))",
                     f"{args}：加法之后什么也没有：残差块的最后一步应是 relu(out + shortcut(x))")
    if torch.allclose(out, torch.relu(branch), atol=1e-5):
        return _line(f"{args}: the shortcut is not added: return relu(out + shortcut(x))",
                     f"{args}：没有加上捷径：应返回 relu(out + shortcut(x))")
    return _line(f"{args}: with the same weights your block's output differs from relu(bn2(conv2(relu(bn1(conv1(x)))))"
                 " + shortcut(x))",
                 f"{args}：在相同权重下，你的残差块的输出与 relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)) 不同")


def check_fixed_block(cls):
    """Check ``cls(in_channels, out_channels, stride)``, the fixed ``BrokenBlock``: a basic block for images
    with a projection shortcut (1x1 conv with the block's stride, then BN) where the shape changes.

    Built in three configurations (``CASES``); for each: the forward pass runs (a shape mismatch is traced to
    the shortcut's stride), the output shape, the parameter count, the gradient reaches the input, and, with
    the weights copied into the package's BasicBlock, the same output — which says which bug is left when
    it is not.
    """
    _check_class(cls)
    report = CheckReport("check_fixed_block")
    torch.manual_seed(0)
    for args in CASES:
        in_channels, out_channels, stride = args
        try:
            block = cls(*args)
        except NotImplementedError:
            return _not_done(report, "building your block", "构建你的残差块时")
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(_line(f"{args}: building the block raised {type(err).__name__}: {err}",
                                       f"{args}：构建残差块时出错：{type(err).__name__}: {err}"))
            continue
        x = torch.randn(2, in_channels, SIZE, SIZE, requires_grad=True)
        try:
            out = block(x)
        except NotImplementedError:
            return _not_done(report, "forward", "forward ")
        except RuntimeError as err:
            if stride != 1 and "must match" in str(err):
                report.failed.append(_line(
                    f"{args}: the forward pass raised RuntimeError: {err} — the branch halves the {SIZE}x{SIZE} "
                    f"map (conv1 has stride {stride}) but the shortcut keeps it: its 1x1 conv needs the stride too",
                    f"{args}：前向传播出错 RuntimeError: {err}——残差分支把 {SIZE}x{SIZE} 的特征图减半了（conv1 的步幅"
                    f"为 {stride}），捷径却保持原样：捷径的 1x1 卷积也需要这个步幅"))
            else:
                report.failed.append(_line(f"{args}: the forward pass raised RuntimeError: {err}",
                                           f"{args}：前向传播出错 RuntimeError: {err}"))
            continue
        except Exception as err:
            report.failed.append(_line(f"{args}: the forward pass raised {type(err).__name__}: {err}",
                                       f"{args}：前向传播出错 {type(err).__name__}: {err}"))
            continue
        want = (2, out_channels, SIZE // stride, SIZE // stride)
        if tuple(out.shape) != want:
            report.failed.append(_line(f"{args}: output shape {tuple(out.shape)}, expected {want}",
                                       f"{args}：输出形状为 {tuple(out.shape)}，应为 {want}"))
            continue
        report.passed.append(_line(f"{args}: output shape {want}", f"{args}：输出形状 {want} 正确"))
        reference = _reference_basic(*args)
        want_params, got_params = _count(reference), _count(block)
        if got_params != want_params:
            report.failed.append(_line(
                f"{args}: {got_params:,} parameters, expected {want_params:,}: two 3x3 convs without bias with their "
                "BN, and a 1x1 conv + BN on the shortcut only where the shape changes",
                f"{args}：参数量 {got_params:,}，应为 {want_params:,}：两个不带偏置的 3x3 卷积及各自的 BN，"
                "只在形状改变时捷径上才有 1x1 卷积 + BN"))
            continue
        report.passed.append(_line(f"{args}: {want_params:,} parameters, as expected",
                                   f"{args}：参数量 {want_params:,}，与预期一致"))
        out.sum().backward()
        if x.grad is not None and x.grad.abs().sum() > 0:
            report.passed.append(_line(f"{args}: the gradient reaches the input", f"{args}：梯度能传回输入"))
        else:
            report.failed.append(_line(f"{args}: no gradient reaches the input", f"{args}：没有梯度传回输入"))
        # Same weights, same input, both in training mode: the outputs must agree.
        if not _copy_weights(block, reference):
            report.failed.append(_line(
                f"{args}: your layers are not in the order conv1, bn1, conv2, bn2, shortcut: keep BrokenBlock's "
                "layers and fix what they do",
                f"{args}：你的层顺序不是 conv1、bn1、conv2、bn2、shortcut：保留 BrokenBlock 的层，修正它们的用法"))
            continue
        probe = x.detach()
        block_state = {k: v.clone() for k, v in block.state_dict().items()}
        with torch.no_grad():
            got = block(probe)
            expected = reference(probe)
        block.load_state_dict(block_state)  # the probe moved the BN statistics of both; leave the block as it was
        if torch.allclose(got, expected, atol=1e-5):
            report.passed.append(_line(
                f"{args}: with the same weights it computes what the package's BasicBlock computes: "
                "relu(F(x) + shortcut(x))",
                f"{args}：在相同权重下，它的计算与软件包中的 BasicBlock 一致：relu(F(x) + shortcut(x))"))
        else:
            report.failed.append(_diagnose_output(got, reference, probe, args))
    return _print_report(report)


# --- reading the gradient flow ----------------------------------------------------------------------

def _flows():
    """Gradient flows of plain-56 and plain-20 at initialisation on 64 MNIST-1D examples (a rule is checked on them)."""
    from resnet_lessons.data import load_dataset
    from resnet_lessons.debugging import gradient_flow, make_variant

    data = load_dataset("mnist1d")
    x, y = data.x_train[:64], data.y_train[:64]
    return {f"plain-{depth}": gradient_flow(make_variant("plain", depth=depth), x, y) for depth in (56, 20)}


def _number(value):
    return None if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
        else float(value)


def _judge_reading(flow, reading, where, report):
    layers = flow["layers"]
    first, last, fc = layers[0], layers[-2], layers[-1]
    ratio = first["mean_abs"] / last["mean_abs"]
    measured = "input" if ratio > 1 else "output"
    if not isinstance(reading, dict):
        report.failed.append(_line(f"{where}: expected a dict {{'explodes_toward': ..., 'first_over_last': ...}}, "
                                   f"got {type(reading).__name__}",
                                   f"{where}：应为字典 {{'explodes_toward': ..., 'first_over_last': ...}}，收到 "
                                   f"{type(reading).__name__}"))
        return
    toward, factor = reading.get("explodes_toward"), reading.get("first_over_last")
    if toward is None and factor is None:
        report.failed.append(_line("not done yet: fill in my_reading ('input' or 'output', and a number), then run "
                                   "the cell again",
                                   "尚未完成：填写 my_reading（'input' 或 'output'，以及一个数），然后重新运行这个单元格"))
        return
    if toward not in ("input", "output"):
        report.failed.append(_line(f"{where}: explodes_toward must be 'input' or 'output', got {toward!r}",
                                   f"{where}：explodes_toward 必须是 'input' 或 'output'，收到 {toward!r}"))
    elif toward == measured:
        report.passed.append(_line(
            f"{where}: the gradient grows toward the {measured}: {first['name']} {first['mean_abs']:.2g}, "
            f"{last['name']} {last['mean_abs']:.2g}",
            f"{where}：梯度朝{'输入' if measured == 'input' else '输出'}方向增大：{first['name']} "
            f"{first['mean_abs']:.2g}，{last['name']} {last['mean_abs']:.2g}"))
    elif measured == "input":
        report.failed.append(_line(
            f"{where}: the mean |grad| is largest at {first['name']} ({first['mean_abs']:.2g}), next to the input, "
            f"and small at the last conv {last['name']} ({last['mean_abs']:.2g}): it grows toward the input — with "
            "BN the plain net's gradient explodes there, it does not vanish",
            f"{where}：平均 |梯度| 在紧挨输入的 {first['name']} 最大（{first['mean_abs']:.2g}），在最后一个卷积 "
            f"{last['name']} 很小（{last['mean_abs']:.2g}）：它朝输入方向增大——有 BN 时普通网络的梯度在那里爆炸，"
            "而不是消失"))
    else:
        report.failed.append(_line(
            f"{where}: the mean |grad| is larger at the last conv {last['name']} ({last['mean_abs']:.2g}) than at "
            f"{first['name']} ({first['mean_abs']:.2g}): it grows toward the output",
            f"{where}：最后一个卷积 {last['name']} 的平均 |梯度|（{last['mean_abs']:.2g}）比 {first['name']} 的"
            f"（{first['mean_abs']:.2g}）大：它朝输出方向增大"))
    given = _number(factor)
    if given is None or given <= 0:
        report.failed.append(_line(f"{where}: first_over_last must be a positive number, got {factor!r}",
                                   f"{where}：first_over_last 必须是正数，收到 {factor!r}"))
        return
    if ratio / FACTOR <= given <= ratio * FACTOR:
        report.passed.append(_line(
            f"{where}: first conv / last conv = {ratio:.2g}; your {given:.2g} is within a factor {FACTOR}",
            f"{where}：第一个卷积 / 最后一个卷积 = {ratio:.2g}；你的 {given:.2g} 在 {FACTOR} 倍以内"))
        return
    over_fc = first["mean_abs"] / fc["mean_abs"]
    if 1 / (ratio * FACTOR) <= given <= FACTOR / ratio:
        hint = _line("that is last over first: divide the first conv's mean |grad| by the last conv's",
                     "这是最后一层除以第一层：应该用第一个卷积的平均 |梯度| 除以最后一个卷积的")
    elif over_fc / FACTOR <= given <= over_fc * FACTOR:
        hint = _line(f"that is the first conv over {fc['name']} ({over_fc:.2g}): {fc['name']} is a linear layer with "
                     "no BN after it — use the last conv",
                     f"这是第一个卷积除以 {fc['name']}（{over_fc:.2g}）：{fc['name']} 是线性层，后面没有 BN——应使用"
                     "最后一个卷积")
    else:
        hint = _line("on the log axis each decade is a factor 10: count the decades between the first and the "
                     "last conv of the plain net",
                     "在对数坐标轴上每一格是 10 倍：数一数普通网络的第一个卷积与最后一个卷积之间隔了几格")
    report.failed.append(_line(
        f"{where}: first conv / last conv = {ratio:.2g}; your {given:.2g} is off by more than a factor {FACTOR} — ",
        f"{where}：第一个卷积 / 最后一个卷积 = {ratio:.2g}；你的 {given:.2g} 相差超过 {FACTOR} 倍——")
        + hint)


def check_gradient_reading(answer):
    """Check ``{"flow": flow, "explodes_toward": "input" | "output", "first_over_last": number}``: the direction
    in which the mean |grad| of ``flow`` (a ``gradient_flow`` result) grows, and the ratio of the first conv's
    mean |grad| to the last conv's (fc left out), within a factor ``FACTOR``.

    A function ``read(flow) -> {"explodes_toward": ..., "first_over_last": ...}`` (a reading rule, like the
    solution) is checked on the gradient flows of plain-56 and plain-20 at initialisation. The right answers
    are computed from the measured norms at run time.
    """
    report = CheckReport("check_gradient_reading")
    if callable(answer):
        for where, flow in _flows().items():
            try:
                reading = answer(flow)
            except NotImplementedError:
                report.failed.append(_line("not done yet: your function raises NotImplementedError",
                                           "尚未完成：你的函数抛出了 NotImplementedError"))
                break
            _judge_reading(flow, reading, where, report)
        return _print_report(report)
    if not isinstance(answer, dict) or not isinstance(answer.get("flow"), dict) or "layers" not in answer["flow"]:
        raise TypeError(_line("answer must be a dict {'flow': flow_plain, 'explodes_toward': ..., "
                              f"'first_over_last': ...}}, got {type(answer).__name__}",
                              "answer 必须是字典 {'flow': flow_plain, 'explodes_toward': ..., 'first_over_last': ...}，"
                              f"收到 {type(answer).__name__}"))
    reading = {k: v for k, v in answer.items() if k != "flow"}
    _judge_reading(answer["flow"], reading, "plain-56", report)
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="08-fixed-block",
        title=("Find and fix the two bugs of BrokenBlock", "找出并修复 BrokenBlock 的两个 bug"),
        checker=check_fixed_block,
        hints=(
            ("Read the ❌ lines of the check on BrokenBlock: one bug shows in every configuration (what happens "
             "after the addition?), the other only where the block has stride 2 (what does the shortcut do to the "
             "size of the map?). One bug sits in __init__, the other in forward.",
             "读一读对 BrokenBlock 运行检查时标有 ❌ 的行：一个 bug 在每种配置下都出现（加法之后发生了什么？），"
             "另一个只在步幅为 2 时出现（捷径对特征图的大小做了什么？）。一个 bug 在 __init__ 中，另一个在 forward 中。"),
            ("In __init__: after super().__init__(...), rebuild self.shortcut where the shape changes with "
             "nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False) and nn.BatchNorm2d. In forward: "
             "out = self.bn2(self.conv2(out)) without a ReLU, then return self.relu(out + self.shortcut(x)).",
             "在 __init__ 中：调用 super().__init__(...) 之后，在形状改变时用 "
             "nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False) 和 nn.BatchNorm2d 重建 "
             "self.shortcut。在 forward 中：out = self.bn2(self.conv2(out))，不加 ReLU，然后返回 "
             "self.relu(out + self.shortcut(x))。"),
        ),
        solution_code=FIXED_BLOCK_SOLUTION,
        defines="FixedBlock",
        explanation=(
            "The ❌ lines of BrokenBlock, in the order the check prints them: first (16, 16, 1) and (16, 32, 1) — "
            "with the same weights the block computes relu(F(x)) + shortcut(x): the last ReLU is applied to the "
            "branch *before* the addition (the \"ReLU before the addition\" order of section 1.2), and nothing "
            "follows the addition, so the output can be negative and the branch can only add to its input. Then "
            "(16, 32, 2) — a size mismatch: the projection shortcut has no stride, so it keeps the 8x8 map while "
            "the branch halves it. The first bug is fixed in forward, the second in __init__ (the 1x1 conv gets "
            "stride=stride).",
            "BrokenBlock 的 ❌ 行，按检查打印的顺序：先是 (16, 16, 1) 和 (16, 32, 1)——在相同权重下，这个残差块计算的是 "
            "relu(F(x)) + shortcut(x)：最后的 ReLU 作用在加法*之前*的分支上（即第 1.2 节中“ReLU 放在加法之前”的顺序），"
            "加法之后什么也没有，所以输出可能为负，分支也只能往输入上加东西。然后是 (16, 32, 2)——尺寸不匹配："
            "投影捷径没有步幅，所以它保持 8x8，而残差分支把特征图减半了。第一个 bug 在 forward 中修复，第二个在 "
            "__init__ 中修复（1x1 卷积加上 stride=stride）。"),
    ),
    Exercise(
        name="08-gradient-reading",
        title=("Read the gradient flow of plain-56", "解读普通网络-56 的梯度流"),
        checker=check_gradient_reading,
        hints=(
            ("Look at plain-56's mean |grad| in the plot (the line with round markers; the wide pale line is "
             "ResNet-56): at which end — the first layers, next to the input, or the last ones, next to the "
             "output — is it largest? For the factor, count the decades "
             "of the log axis between the first conv and the last conv (leave out fc, the last point).",
             "看图中普通网络-56 的平均 |梯度|（带圆点标记的线；宽而浅的线是 ResNet-56）：平均 |梯度| 在哪一端最大——靠近输入的前几层，还是靠近输出的最后几层？"
             "至于倍数，数一数对数坐标轴上第一个卷积与最后一个卷积之间隔了几个数量级（不算最后一个点 fc）。"),
            ("Or read the numbers: layers = flow_plain['layers']; layers[0]['mean_abs'] is the first conv's, "
             "layers[-2]['mean_abs'] the last conv's (layers[-1] is fc). Their ratio is the factor; it is above 1 "
             "when the gradient grows toward the input.",
             "或者直接读数：layers = flow_plain['layers']；layers[0]['mean_abs'] 是第一个卷积的，"
             "layers[-2]['mean_abs'] 是最后一个卷积的（layers[-1] 是 fc）。两者之比就是倍数；梯度朝输入方向增大时它大于 1。"),
        ),
        solution_code=GRADIENT_READING_SOLUTION,
        defines="read_flow",
        explanation=(
            "With BN the plain net does not suffer from vanishing gradients at initialisation: its gradient grows "
            "layer after layer toward the input, by orders of magnitude over 56 layers, so the first layers would "
            "take steps far too large for the same learning rate while the last ones barely move. ResNet-56's "
            "gradient stays in a narrow band (section 2.2's next cell). fc is left out because no BN follows it: "
            "its gradient has another scale. The check computes the answer from the measured norms, so it holds "
            "for any seed and machine.",
            "有 BN 时，普通网络在初始化时并没有梯度消失：它的梯度朝输入方向逐层增大，56 层下来相差几个数量级，"
            "所以在同样的学习率下，前面的层步子大得多，最后的层几乎不动。ResNet-56 的梯度保持在一个窄带内（见第 2.2 节"
            "的下一个单元格）。不算 fc，是因为它后面没有 BN：它的梯度是另一个量级。检查函数根据测得的范数计算答案，"
            "所以对任何随机种子、任何机器都成立。"),
    ),
]
