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
from resnet_lessons.i18n import STRINGS, t

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


def _not_done(report, what):
    """``what``: the key of the message that says which step raised NotImplementedError."""
    report.failed.append(t(what))
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
        return t("ex08_diagnose_output_1", args=args)
    if torch.allclose(out, torch.relu(torch.relu(branch) + shortcut), atol=1e-5):
        return t("ex08_diagnose_output_2", args=args)
    if torch.allclose(out, branch + shortcut, atol=1e-5):
        return t("ex08_diagnose_output_3", args=args)
    if torch.allclose(out, torch.relu(branch), atol=1e-5):
        return t("ex08_diagnose_output_4", args=args)
    return t("ex08_diagnose_output_5", args=args)


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
            return _not_done(report, "ex08_not_done_building")
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(t("exercise_block_raised", args=args, type_err_name=type(err).__name__, err=err))
            continue
        x = torch.randn(2, in_channels, SIZE, SIZE, requires_grad=True)
        try:
            out = block(x)
        except NotImplementedError:
            return _not_done(report, "ex08_not_done_forward")
        except RuntimeError as err:
            if stride != 1 and "must match" in str(err):
                report.failed.append(t("ex08_check_fixed_block_2", args=args, err=err, SIZE=SIZE, stride=stride))
            else:
                report.failed.append(t("ex08_check_fixed_block_3", args=args, err=err))
            continue
        except Exception as err:
            report.failed.append(t("ex08_check_fixed_block_4", args=args, type_err_name=type(err).__name__, err=err))
            continue
        want = (2, out_channels, SIZE // stride, SIZE // stride)
        if tuple(out.shape) != want:
            report.failed.append(t("exercise_shape_wrong", args=args, tuple_out_shape=tuple(out.shape), want=want))
            continue
        report.passed.append(t("exercise_shape_ok", args=args, want=want))
        reference = _reference_basic(*args)
        want_params, got_params = _count(reference), _count(block)
        if got_params != want_params:
            report.failed.append(t("ex08_check_fixed_block_7", args=args, got_params=got_params,
                                   want_params=want_params))
            continue
        report.passed.append(t("exercise_params_ok", args=args, want_params=want_params))
        out.sum().backward()
        if x.grad is not None and x.grad.abs().sum() > 0:
            report.passed.append(t("check_grad_ok", args=args))
        else:
            report.failed.append(t("exercise_no_input_grad", args=args))
        # Same weights, same input, both in training mode: the outputs must agree.
        if not _copy_weights(block, reference):
            report.failed.append(t("ex08_check_fixed_block_11", args=args))
            continue
        probe = x.detach()
        block_state = {k: v.clone() for k, v in block.state_dict().items()}
        with torch.no_grad():
            got = block(probe)
            expected = reference(probe)
        block.load_state_dict(block_state)  # the probe moved the BN statistics of both; leave the block as it was
        if torch.allclose(got, expected, atol=1e-5):
            report.passed.append(t("ex08_check_fixed_block_12", args=args))
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
        report.failed.append(t("ex08_judge_reading_1", where=where, type_reading_name=type(reading).__name__))
        return
    toward, factor = reading.get("explodes_toward"), reading.get("first_over_last")
    if toward is None and factor is None:
        report.failed.append(t("ex08_judge_reading_2"))
        return
    if toward not in ("input", "output"):
        report.failed.append(t("ex08_judge_reading_3", where=where, toward=toward))
    elif toward == measured:
        report.passed.append(t("ex08_judge_reading_4", where=where, measured=measured, first_name=first['name'],
                               first_mean_abs=first['mean_abs'], last_name=last['name'], last_mean_abs=last['mean_abs'],
                               measured_zh=t(measured, lang="zh")))
    elif measured == "input":
        report.failed.append(t("ex08_judge_reading_5", where=where, first_name=first['name'],
                               first_mean_abs=first['mean_abs'], last_name=last['name'],
                               last_mean_abs=last['mean_abs']))
    else:
        report.failed.append(t("ex08_judge_reading_6", where=where, last_name=last['name'],
                               last_mean_abs=last['mean_abs'], first_name=first['name'],
                               first_mean_abs=first['mean_abs']))
    given = _number(factor)
    if given is None or given <= 0:
        report.failed.append(t("ex08_judge_reading_7", where=where, factor=factor))
        return
    if ratio / FACTOR <= given <= ratio * FACTOR:
        report.passed.append(t("ex08_judge_reading_8", where=where, ratio=ratio, given=given, FACTOR=FACTOR))
        return
    over_fc = first["mean_abs"] / fc["mean_abs"]
    if 1 / (ratio * FACTOR) <= given <= FACTOR / ratio:
        hint = t("ex08_judge_reading_9")
    elif over_fc / FACTOR <= given <= over_fc * FACTOR:
        hint = t("ex08_judge_reading_10", fc_name=fc['name'], over_fc=over_fc)
    else:
        hint = t("ex08_judge_reading_11")
    report.failed.append(t("ex08_judge_reading_12", where=where, ratio=ratio, given=given, FACTOR=FACTOR)
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
                report.failed.append(t("check_function_todo"))
                break
            _judge_reading(flow, reading, where, report)
        return _print_report(report)
    if not isinstance(answer, dict) or not isinstance(answer.get("flow"), dict) or "layers" not in answer["flow"]:
        raise TypeError(t("ex08_check_gradient_reading_2", type_answer_name=type(answer).__name__))
    reading = {k: v for k, v in answer.items() if k != "flow"}
    _judge_reading(answer["flow"], reading, "plain-56", report)
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="08-fixed-block",
        title=STRINGS["ex08_fixed_block_title"],
        checker=check_fixed_block,
        hints=(
            STRINGS["ex08_fixed_block_hint_1"],
            STRINGS["ex08_fixed_block_hint_2"],
        ),
        solution_code=FIXED_BLOCK_SOLUTION,
        defines="FixedBlock",
        explanation=STRINGS["ex08_fixed_block_explanation"],
    ),
    Exercise(
        name="08-gradient-reading",
        title=STRINGS["ex08_gradient_reading_title"],
        checker=check_gradient_reading,
        hints=(
            STRINGS["ex08_gradient_reading_hint_1"],
            STRINGS["ex08_gradient_reading_hint_2"],
        ),
        solution_code=GRADIENT_READING_SOLUTION,
        defines="read_flow",
        explanation=STRINGS["ex08_gradient_reading_explanation"],
    ),
]
