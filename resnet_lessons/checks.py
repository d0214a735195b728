"""Auto-checks for the exercises, with feedback in English and Chinese.

Each check builds the learner's class in a few configurations, compares it with
the package's reference block, prints one line per test, and returns a
``CheckReport`` (``bool(report)`` is True when every test passed).
"""
from dataclasses import dataclass, field

import torch
from torch import nn

from resnet_lessons.i18n import t


@dataclass
class CheckReport:
    name: str
    passed: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def __bool__(self):
        return not self.failed

    def summary(self):
        key = "check_all_passed" if self else "check_some_failed"
        return t(key, name=self.name, n=len(self.passed), total=len(self.passed) + len(self.failed))


def _count(module):
    return sum(p.numel() for p in module.parameters())


def _build(cls, args, report):
    try:
        return cls(*args)
    except Exception as err:  # the learner's code: report, don't crash
        report.failed.append(t("check_build_failed", args=args, err=f"{type(err).__name__}: {err}"))
        return None


def _run_cases(name, cls, cases, reference, expansion):
    """Shared body of the block checks: shapes, parameter counts, gradient flow, identity path."""
    if not (isinstance(cls, type) and issubclass(cls, nn.Module)):
        raise TypeError(f"{name}: pass your class itself (a subclass of nn.Module), got {cls!r} "
                        f"/ 请传入你的类本身（nn.Module 的子类）")
    report = CheckReport(name)
    torch.manual_seed(0)
    for in_channels, channels, stride in cases:
        args = (in_channels, channels, stride)
        block = _build(cls, args, report)
        if block is None:
            continue
        x = torch.randn(2, in_channels, 8, 8, requires_grad=True)
        try:
            out = block(x)
        except Exception as err:
            report.failed.append(t("check_forward_failed", args=args, err=f"{type(err).__name__}: {err}"))
            continue
        want = (2, channels * expansion, 8 // stride, 8 // stride)
        if tuple(out.shape) == want:
            report.passed.append(t("check_shape_ok", args=args, shape=want))
        else:
            report.failed.append(t("check_shape_bad", args=args, shape=want, got=tuple(out.shape)))
            continue
        want_params = _count(reference(in_channels, channels, stride))
        got_params = _count(block)
        if got_params == want_params:
            report.passed.append(t("check_params_ok", args=args, n=want_params))
        else:
            report.failed.append(t("check_params_bad", args=args, n=want_params, got=got_params))
        out.sum().backward()
        if x.grad is not None and x.grad.abs().sum() > 0:
            report.passed.append(t("check_grad_ok", args=args))
        else:
            report.failed.append(t("check_grad_bad", args=args))
        if stride == 1 and in_channels == channels * expansion:
            # With every weight and bias at zero the residual branch outputs 0,
            # so a block with an identity shortcut must return relu(x).
            with torch.no_grad():
                for p in block.parameters():
                    p.zero_()
                out = block(x.detach())
            if torch.allclose(out, torch.relu(x.detach())):
                report.passed.append(t("check_identity_ok", args=args))
            else:
                report.failed.append(t("check_identity_bad", args=args))
    for line in report.passed:
        print("✅ " + line)
    for line in report.failed:
        print("❌ " + line)
    print(report.summary())
    return report


def _reference_basic(in_channels, channels, stride):
    from resnet_lessons.blocks import BasicBlock, conv1x1

    downsample = None
    if stride != 1 or in_channels != channels:
        downsample = nn.Sequential(conv1x1(in_channels, channels, stride), nn.BatchNorm2d(channels))
    return BasicBlock(in_channels, channels, stride, downsample)


def _reference_bottleneck(in_channels, channels, stride):
    from resnet_lessons.blocks import Bottleneck, conv1x1

    downsample = None
    if stride != 1 or in_channels != channels * Bottleneck.expansion:
        downsample = nn.Sequential(conv1x1(in_channels, channels * 4, stride), nn.BatchNorm2d(channels * 4))
    return Bottleneck(in_channels, channels, stride, downsample)


def check_basic_block(cls):
    """Check ``cls(in_channels, out_channels, stride)``: a basic residual block.

    Expected: two 3x3 conv+BN, ReLU, a projection shortcut (1x1 conv + BN) only when
    stride != 1 or the channels change, output ``relu(F(x) + shortcut(x))``.
    """
    cases = [(16, 16, 1), (16, 32, 2), (16, 32, 1)]
    return _run_cases("check_basic_block", cls, cases, _reference_basic, expansion=1)


def check_bottleneck(cls):
    """Check ``cls(in_channels, mid_channels, stride)``: a bottleneck block with expansion 4.

    Expected: 1x1 → 3x3 → 1x1 convs with BN, output channels ``4 * mid_channels``,
    a projection shortcut only when the shape changes, output ``relu(F(x) + shortcut(x))``.
    """
    cases = [(64, 16, 1), (32, 16, 2), (64, 32, 1)]
    return _run_cases("check_bottleneck", cls, cases, _reference_bottleneck, expansion=4)
