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
from resnet_lessons.i18n import STRINGS, t

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
            return t("ex02_zero_branch_diagnosis_1")
        if torch.allclose(out[:, out_channels - in_channels:], kept) and not torch.allclose(out[:, :in_channels], kept):
            return t("ex02_zero_branch_diagnosis_2")
        if torch.allclose(out[:, :in_channels], kept):
            return t("ex02_zero_branch_diagnosis_3", in_channels=in_channels,
                     out_channels_in_channels=out_channels - in_channels)
        if stride > 1 and torch.allclose(out[:, :in_channels], torch.relu(x[:, :, 1::stride])):
            return t("ex02_zero_branch_diagnosis_4")
        if stride > 1 and torch.allclose(out[:, :in_channels],
                                         torch.relu(F.avg_pool1d(x, stride, stride)), atol=1e-6):
            return t("ex02_zero_branch_diagnosis_5")
        padded = shortcut_a(x, out_channels, stride)
        if torch.allclose(out, padded):
            return t("ex02_zero_branch_diagnosis_6")
    return t("ex02_zero_branch_diagnosis_7")


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
            report.failed.append(t("exercise_class_todo"))
            return _print_report(report)
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(t("exercise_block_raised", args=args, type_err_name=type(err).__name__, err=err))
            continue
        x = torch.randn(2, in_channels, LENGTH, requires_grad=True)
        try:
            out = block(x)
        except NotImplementedError:
            report.failed.append(t("exercise_forward_todo"))
            return _print_report(report)
        except Exception as err:
            report.failed.append(t("ex02_check_option_a_block_4", args=args, tuple_x_shape=tuple(x.shape),
                                   type_err_name=type(err).__name__, err=err))
            continue
        want = (2, out_channels, LENGTH // stride)
        if tuple(out.shape) != want:
            report.failed.append(t("exercise_shape_wrong", args=args, tuple_out_shape=tuple(out.shape),
                                   want=want))
            continue
        report.passed.append(t("exercise_shape_ok", args=args, want=want))
        want_params, got_params = _count(reference_block(*args)), _count(block)
        if got_params == want_params:
            report.passed.append(t("exercise_params_ok", args=args, want_params=want_params))
        elif got_params > want_params and (stride != 1 or in_channels != out_channels):
            report.failed.append(t("ex02_check_option_a_block_8", args=args, got_params=got_params,
                                   got_params_want_params=got_params - want_params, want_params=want_params))
        else:
            report.failed.append(t("ex02_check_option_a_block_9", args=args, got_params=got_params,
                                   want_params=want_params))
        out.sum().backward()
        if x.grad is not None and x.grad.abs().sum() > 0:
            report.passed.append(t("check_grad_ok", args=args))
        else:
            report.failed.append(t("exercise_no_input_grad", args=args))
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
            report.passed.append(t("ex02_check_option_a_block_12", args=args))
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
        key = "ex02_reference_block" if self.reference else "ex02_your_block"
        return t(key, lang="en", block=self.block), t(key, lang="zh", block=self.block)

    def summary(self):
        plain, res = 100 * self.train_error["plain"], 100 * self.train_error["residual"]
        return "\n".join([
            t("ex02_summary_1", depth=self.depth, examples=self.examples, steps=self.steps, batch_size=self.batch_size,
              lr=self.lr, seed=self.seed),
            "  " + t("ex02_summary_2", self_depth=self.depth, plain=plain),
            "  " + t("ex02_summary_3", self_depth=self.depth, self_name_0=self.name()[0], res=res,
                     self_name_1=self.name()[1]),
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
        raise TypeError(t("ex02_check_no_degradation_1", type_twins_name=type(twins).__name__))
    report = CheckReport("check_no_degradation")
    plain, res = 100 * twins.train_error["plain"], 100 * twins.train_error["residual"]
    if res <= plain - 100 * MARGIN:
        report.passed.append(t("ex02_check_no_degradation_2", twins_depth=twins.depth, twins_name_0=twins.name()[0],
                               res=res, plain_res=plain - res, plain=plain, twins_name_1=twins.name()[1]))
    else:
        report.failed.append(t("ex02_check_no_degradation_3", twins_depth=twins.depth, twins_name_0=twins.name()[0],
                               res=res, MARGIN=100 * MARGIN, plain=plain, twins_name_1=twins.name()[1]))
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
        raise TypeError(t("ex02_check_lesion_reading_1", type_answer_name=type(answer).__name__))
    return _print_report(_check_one_reading(answer["result"], answer.get("block")))


def _check_one_reading(result, given):
    report = CheckReport("check_lesion_reading")
    errors, worst = _worst(result)
    right = [name for name, value in errors.items() if value == worst]
    where = f"ResNet-{result.net('residual').depth}, seed {result.seed}"
    if given is None:
        report.failed.append(t("ex02_check_one_reading_1"))
    elif given not in errors:
        report.failed.append(t("ex02_check_one_reading_2", where=where, given=given, join_errors=', '.join(errors)))
    elif given in right:
        report.passed.append(t("ex02_check_one_reading_3", where=where, given=given, worst=100 * worst))
    else:
        down = set(result.downsampling)
        extra = ""
        extra_zh = ""
        if given in down and right[0] not in down:
            extra = " — here the worst one is not a downsampling block, whatever Veit et al. found"
            extra_zh = "——这里最严重的并不是下采样块，尽管 Veit 等人的发现如此"
        report.failed.append(t("ex02_check_one_reading_4", where=where, given=given, errors_given=100 * errors[given],
                               right_0=right[0], worst=100 * worst, extra=extra, extra_zh=extra_zh))
    return report


EXERCISES = [
    Exercise(
        name="02-option-a",
        title=STRINGS["ex02_option_a_title"],
        checker=check_option_a_block,
        hints=(
            STRINGS["ex02_option_a_hint_1"],
            STRINGS["ex02_option_a_hint_2"],
        ),
        solution_code=OPTION_A_SOLUTION,
        defines="MyBlock",
        explanation=STRINGS["ex02_option_a_explanation"],
    ),
    Exercise(
        name="02-lesion-reading",
        title=STRINGS["ex02_lesion_reading_title"],
        checker=check_lesion_reading,
        hints=(
            STRINGS["ex02_lesion_reading_hint_1"],
            STRINGS["ex02_lesion_reading_hint_2"],
        ),
        solution_code=LESION_SOLUTION,
        defines="worst_deletion",
        explanation=STRINGS["ex02_lesion_reading_explanation"],
    ),
]
