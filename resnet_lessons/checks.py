"""Auto-checks for the exercises, with feedback in English and Chinese.

Each check builds the learner's class in a few configurations, compares it with
the package's reference block, prints one line per test, and returns a
``CheckReport`` (``bool(report)`` is True when every test passed).
"""
from dataclasses import dataclass, field

import torch
from torch import nn

from resnet_lessons.i18n import error, t


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


def _print_report(report):
    """Print one line per test (the passed ones first), then the summary; returns the report."""
    for line in report.passed:
        print("✅ " + line)
    for line in report.failed:
        print("❌ " + line)
    print(report.summary())
    return report


def _check_class(cls):
    if not (isinstance(cls, type) and issubclass(cls, nn.Module)):
        raise TypeError(error("check_err_class", got=repr(cls)))


def _test_block(block, args, in_channels, out_channels, stride, reference, report, params_bad="check_params_bad"):
    """The tests every block check runs on one built block, into ``report``: output shape, parameter
    count (against ``reference(*args)``), gradient flow, and, where the shortcut is the identity, relu(x)
    from a zero residual branch."""
    x = torch.randn(2, in_channels, 8, 8, requires_grad=True)
    try:
        out = block(x)
    except Exception as err:
        report.failed.append(t("check_forward_failed", args=args, err=f"{type(err).__name__}: {err}"))
        return
    want = (2, out_channels, 8 // stride, 8 // stride)
    if tuple(out.shape) != want:
        report.failed.append(t("check_shape_bad", args=args, shape=want, got=tuple(out.shape)))
        return
    report.passed.append(t("check_shape_ok", args=args, shape=want))
    want_params = _count(reference(*args))
    got_params = _count(block)
    if got_params == want_params:
        report.passed.append(t("check_params_ok", args=args, n=want_params))
    else:
        report.failed.append(t(params_bad, args=args, n=want_params, got=got_params))
    out.sum().backward()
    if x.grad is not None and x.grad.abs().sum() > 0:
        report.passed.append(t("check_grad_ok", args=args))
    else:
        report.failed.append(t("check_grad_bad", args=args))
    if stride == 1 and in_channels == out_channels:
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


def _run_cases(name, cls, cases, reference, expansion):
    """Shared body of the block checks: build ``cls(*case)`` for each case and test it."""
    _check_class(cls)
    report = CheckReport(name)
    torch.manual_seed(0)
    for args in cases:
        block = _build(cls, args, report)
        if block is not None:
            in_channels, channels, stride = args
            _test_block(block, args, in_channels, channels * expansion, stride, reference, report)
    return _print_report(report)


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


def check_parameter_count(guess, module):
    """Check a predicted parameter count (an int, or None while not answered) against ``module``'s real count.

    The feedback says "too high" or "too low" with a hint, never the answer itself.
    """
    if not isinstance(module, nn.Module):
        raise TypeError(error("check_err_module", got=type(module).__name__))
    if guess is not None and (isinstance(guess, bool) or not isinstance(guess, int)):
        raise TypeError(error("check_err_guess", got=repr(guess)))
    report = CheckReport("check_parameter_count")
    n = _count(module)
    if guess is None:
        report.failed.append(t("check_count_missing"))
    elif guess == n:
        report.passed.append(t("check_count_ok", n=n))
    else:
        report.failed.append(t("check_count_high" if guess > n else "check_count_low", guess=guess))
    return _print_report(report)


# --- lesson 04: a learning-rate schedule ------------------------------------------------------------

# (total steps, peak learning rate, warm-up steps): short and long runs, with and without warm-up.
SCHEDULE_CASES = ((100, 0.1, 10), (64_000, 0.1, 2_000), (50, 0.4, 0), (20, 1.0, 5))


def _schedule_steps(total, warmup):
    """The steps a check looks at: the warm-up's first, middle and last, then the decay's first, middle and last."""
    warm = sorted({0, warmup // 2, warmup - 1}) if warmup else []
    decay = sorted({warmup, (warmup + total) // 2, total - 1})
    return warm, decay


def check_schedule(fn):
    """Check ``fn(step, total, peak, warmup)``: a linear warm-up over ``warmup`` steps, then a cosine decay.

    The reference is the trainer's own schedule, ``resnet_lessons.train.lr_at`` with
    ``schedule="cosine"`` and a linear warm-up of ``warmup`` steps:
    ``peak * (step + 1) / warmup`` while ``step < warmup``, then
    ``peak * 0.5 * (1 + cos(pi * (step - warmup) / (total - warmup)))``.
    """
    import math

    from resnet_lessons.train import TrainConfig, lr_at

    if not callable(fn):
        raise TypeError(error("check_err_callable", arg="fn", got=type(fn).__name__))
    report = CheckReport("check_schedule")
    try:
        fn(0, 100, 0.1, 10)
    except NotImplementedError:  # the starter: one line, not one per test
        report.failed.append(t("check_function_todo"))
        return _print_report(report)
    except Exception:  # reported below, step by step
        pass
    for total, peak, warmup in SCHEDULE_CASES:
        case = f"total={total:,}, peak={peak}, warmup={warmup:,}"
        config = TrainConfig(epochs=1, lr=peak, schedule="cosine", warmup_epochs=warmup, warmup="linear")
        for phase, steps in zip(("warmup", "decay"), _schedule_steps(total, warmup)):
            if not steps:
                continue
            problem = None
            for step in steps:
                want = lr_at(config, step, total, steps_per_epoch=1)  # warm-up given in steps
                try:
                    got = fn(step, total, peak, warmup)
                except NotImplementedError:
                    problem = t("check_function_todo")
                except Exception as err:  # the learner's code: report, don't crash
                    problem = t("check_sched_raised", step=step, err=f"{type(err).__name__}: {err}")
                else:
                    if isinstance(got, bool) or not isinstance(got, (int, float)) or not math.isclose(
                            got, want, rel_tol=1e-6, abs_tol=1e-12):
                        problem = t("check_sched_bad_" + phase, step=step, want=want, got=repr(got))
                if problem is not None:
                    break
            if problem is None:
                report.passed.append(t("check_sched_ok_" + phase, case=case))
            else:
                report.failed.append(f"{case}: {problem}")
    return _print_report(report)


# --- lesson 05: a ResNeXt block -------------------------------------------------------------------

# (in_channels, mid_channels, out_channels, stride, groups): the identity and the projection case,
# ResNeXt's 32 groups, and another group count (so that 32 must not be hard-wired).
RESNEXT_CASES = ((64, 32, 64, 1, 32), (32, 32, 64, 2, 32), (128, 64, 128, 1, 32), (64, 32, 64, 1, 8))


def _reference_resnext(in_channels, mid_channels, out_channels, stride, groups):
    """The package's Bottleneck with a grouped 3x3 conv of ``mid_channels`` in ``groups`` groups."""
    from resnet_lessons.blocks import Bottleneck, conv1x1

    planes = out_channels // Bottleneck.expansion
    base_width = mid_channels * 64 // (planes * groups)  # Bottleneck's width = planes * base_width / 64 * groups
    downsample = None
    if stride != 1 or in_channels != out_channels:
        downsample = nn.Sequential(conv1x1(in_channels, out_channels, stride), nn.BatchNorm2d(out_channels))
    block = Bottleneck(in_channels, planes, stride, downsample, groups=groups, base_width=base_width)
    assert block.conv2.in_channels == mid_channels and block.conv2.groups == groups
    return block


def check_resnext_block(cls):
    """Check ``cls(in_channels, mid_channels, out_channels, stride=1, groups=32)``: a ResNeXt bottleneck block.

    Expected: 1x1 conv (in → mid) → 3x3 *grouped* conv (mid → mid, ``groups`` groups, the stride)
    → 1x1 conv (mid → out), each followed by BN, ReLU after the first two; a projection shortcut
    (1x1 conv with the stride + BN) only when the shape changes; output ``relu(F(x) + shortcut(x))``.
    """
    _check_class(cls)
    report = CheckReport("check_resnext_block")
    torch.manual_seed(0)
    for in_channels, mid, out_channels, stride, groups in RESNEXT_CASES:
        args = (in_channels, mid, out_channels, stride, groups)
        try:
            block = cls(in_channels, mid, out_channels, stride, groups=groups)
        except NotImplementedError:
            report.failed.append(t("check_resnext_todo", args=args))
            continue
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(t("check_build_failed", args=args, err=f"{type(err).__name__}: {err}"))
            continue
        grouped = [m for m in block.modules() if isinstance(m, nn.Conv2d) and m.kernel_size == (3, 3)]
        if any(m.groups == groups and m.in_channels == mid and m.out_channels == mid for m in grouped):
            report.passed.append(t("check_resnext_grouped_ok", args=args, groups=groups, mid=mid))
        else:
            report.failed.append(t("check_resnext_grouped_bad", args=args, groups=groups, mid=mid))
        _test_block(block, args, in_channels, out_channels, stride, _reference_resnext, report,
                    params_bad="check_resnext_params_bad")
    return _print_report(report)


# --- lesson 06: freeze a backbone ---------------------------------------------------------------------

def check_freeze(fn):
    """Check ``fn(model)``: freeze everything but ``model.fc`` for a linear probe, and return the model.

    Expected: only ``fc.weight`` and ``fc.bias`` keep ``requires_grad``; every BatchNorm layer is in
    eval mode, so that one SGD step (with the model left in the mode ``fn`` put it in) changes the fc
    layer and nothing else — no backbone weight, no BN running statistic.
    """
    from resnet_lessons.models import cifar_resnet

    if not callable(fn):
        raise TypeError(error("check_freeze_err_fn", arg="fn", got=type(fn).__name__))
    report = CheckReport("check_freeze")
    torch.manual_seed(0)
    model = cifar_resnet(8, dim=1, in_channels=1, num_classes=5, width=4)
    model.train()
    try:
        returned = fn(model)
    except NotImplementedError:
        report.failed.append(t("check_freeze_todo"))
        return _print_report(report)
    except Exception as err:  # the learner's code: report, don't crash
        report.failed.append(t("check_freeze_raised", err=f"{type(err).__name__}: {err}"))
        return _print_report(report)
    if returned is model:
        report.passed.append(t("check_freeze_return_ok"))
    else:
        report.failed.append(t("check_freeze_return_bad", got=type(returned).__name__))

    trainable = [name for name, p in model.named_parameters() if p.requires_grad]
    if sorted(trainable) == ["fc.bias", "fc.weight"]:
        report.passed.append(t("check_freeze_fc_ok", n=sum(p.numel() for p in model.fc.parameters())))
    else:
        shown = ", ".join(trainable[:4]) + (f" … ({len(trainable)})" if len(trainable) > 4 else "")
        report.failed.append(t("check_freeze_fc_bad", names=shown or "-"))

    bns = [m for m in model.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    training = sum(m.training for m in bns)
    if training == 0:
        report.passed.append(t("check_freeze_bn_ok"))
    else:
        report.failed.append(t("check_freeze_bn_bad", n=training, total=len(bns)))

    # One SGD step in the mode the function left the model in: what changes?
    before = {k: v.detach().clone() for k, v in model.state_dict().items()}
    params = [p for p in model.parameters() if p.requires_grad]
    if params:
        optimizer = torch.optim.SGD(params, lr=0.1)
        x, y = torch.randn(16, 1, 40), torch.randint(0, 5, (16,))
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    after = model.state_dict()
    changed = [k for k in before if not k.startswith("fc.") and not torch.equal(before[k], after[k])]
    head_changed = any(not torch.equal(before[k], after[k]) for k in before if k.startswith("fc."))
    if changed:
        report.failed.append(t("check_freeze_step_bad", what=", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")))
    elif not head_changed:
        report.failed.append(t("check_freeze_head_bad"))
    else:
        report.passed.append(t("check_freeze_step_ok"))
    return _print_report(report)


# --- lesson 07: multiply-adds of a convolution ----------------------------------------------------------

# (in_ch, out_ch, k, stride, (h_in, w_in)): ResNet's stem, a 3x3 and a 1x1 conv of a bottleneck,
# a strided conv, and a non-square map (so that h_out and w_out must not be swapped or squared).
CONV_CASES = ((3, 64, 7, 2, (224, 224)), (64, 64, 3, 1, (56, 56)), (256, 64, 1, 1, (56, 56)),
              (128, 256, 3, 2, (28, 28)), (16, 32, 3, 1, (20, 12)))


def conv_case(in_ch, out_ch, k, stride, size):
    """``(h_out, w_out, macs)`` of ``nn.Conv2d(in_ch, out_ch, k, stride, padding=k // 2, bias=False)`` on a
    1 x in_ch x size[0] x size[1] input, counted by FlopCounterMode (FLOPs / 2) on the meta device."""
    from resnet_lessons.experiments.complexity import count_macs

    with torch.device("meta"):
        conv = nn.Conv2d(in_ch, out_ch, k, stride=stride, padding=k // 2, bias=False)
        out = conv(torch.zeros(1, in_ch, *size))
        macs = count_macs(conv, (1, in_ch, *size))
    return out.shape[2], out.shape[3], macs


def check_conv_macs(fn):
    """Check ``fn(in_ch, out_ch, k, h_out, w_out)``: the multiply-adds of a k x k convolution without bias
    that maps in_ch channels to out_ch channels on an h_out x w_out output map.

    The reference is PyTorch's ``FlopCounterMode`` (FLOPs / 2) on a real ``nn.Conv2d``, in five cases
    from ResNet (the 7x7 stem, bottleneck convs, a strided conv) and one non-square map.
    """
    import math

    if not callable(fn):
        raise TypeError(error("check_macs_err_fn", got=type(fn).__name__))
    report = CheckReport("check_conv_macs")
    for in_ch, out_ch, k, stride, size in CONV_CASES:
        h_out, w_out, want = conv_case(in_ch, out_ch, k, stride, size)
        case = f"my_conv_macs({in_ch}, {out_ch}, {k}, {h_out}, {w_out})"
        try:
            got = fn(in_ch, out_ch, k, h_out, w_out)
        except NotImplementedError:
            report.failed.append(t("check_macs_todo"))
            return _print_report(report)
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(t("check_raised", case=case, err=f"{type(err).__name__}: {err}"))
            continue
        if isinstance(got, float) and math.isfinite(got) and got.is_integer():
            got = int(got)
        if isinstance(got, bool) or not isinstance(got, int):
            report.failed.append(t("check_macs_type", case=case, got=repr(got)))
        elif got == want:
            report.passed.append(t("check_macs_ok", case=case, n=want))
        elif got == 2 * want:
            report.failed.append(t("check_macs_flops", case=case, got=got))
        elif got * h_out * w_out == want:
            report.failed.append(t("check_macs_one_position", case=case, got=got))
        else:
            report.failed.append(t("check_macs_bad", case=case, got=got))
    return _print_report(report)


# --- lesson 09: the self-check quiz ---------------------------------------------------------------------

def _quiz_choice(answer, question, i):
    """An answer (None, a letter or an index) as an option index, or None; bad input raises."""
    if answer is None:
        return None
    letters = question.letters
    if isinstance(answer, str) and len(answer.strip()) == 1 and answer.strip().lower() in letters:
        return letters.index(answer.strip().lower())
    if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(letters):
        return answer
    raise ValueError(error("check_quiz_err_entry", i=i, letters=", ".join(letters), high=len(letters) - 1,
                           got=repr(answer)))


def check_quiz_answers(answers, questions=None):
    """Check a list of answers to the quiz ``questions`` (default: the course quiz of lesson 09).

    ``answers`` has one entry per question: an option letter ("a", "b", ...), its index (0, 1, ...),
    or None for a question not answered yet; ``Quiz.answers()`` gives such a list. Right answers
    get the explanation, wrong ones a hint (never the answer).
    """
    from resnet_lessons.quiz import check_questions, course_questions

    questions = course_questions() if questions is None else check_questions(questions)
    if not isinstance(answers, (list, tuple)) or len(answers) != len(questions):
        raise TypeError(error("check_quiz_err_answers", n=len(questions), got=repr(answers)[:200]))
    choices = [_quiz_choice(a, q, i) for i, (a, q) in enumerate(zip(answers, questions))]
    report = CheckReport("check_quiz_answers")
    if all(choice is None for choice in choices):
        report.failed.append(t("check_quiz_none", n=len(questions)))
        return _print_report(report)
    for i, (question, choice) in enumerate(zip(questions, choices), start=1):  # printed in question order
        if choice is None:
            line = t("check_quiz_missing", i=i)
            report.failed.append(line)
            print("❌ " + line)
        elif question.is_right(choice):
            line = t("check_quiz_ok", i=i, why_en=question.explanation[0], why_zh=question.explanation[1])
            report.passed.append(line)
            print("✅ " + line)
        else:
            hint = question.hint or ("", "")
            line = t("check_quiz_wrong", i=i, hint_en=hint[0], hint_zh=hint[1])
            report.failed.append(line)
            print("❌ " + line)
    print(report.summary())
    return report


# --- lesson 01: per-layer gradient norms --------------------------------------------------------------

def _grad_norm_cases():
    """(label, model) pairs the check runs: a plain and a residual 1-D CIFAR-style net, with BN and without."""
    from resnet_lessons.models import cifar_resnet

    cases = []
    for label, depth, plain, norm, init in (("plain-8, BN", 8, True, "bn", "kaiming"),
                                            ("ResNet-14, BN", 14, False, "bn", "kaiming"),
                                            ("plain-8, no BN, default init", 8, True, "none", "default")):
        torch.manual_seed(0)
        cases.append((label, cifar_resnet(depth, plain=plain, dim=1, in_channels=1, width=4, norm=norm, init=init)))
    return cases


def _as_floats(values):
    """``values`` as a list of floats, or None if it is not a sequence of numbers."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        return None
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError, RuntimeError):
        return None


def check_grad_norms(fn):
    """Check ``fn(model, x, y)``: the norm of each conv/linear weight gradient of one batch, input to output.

    The reference is the package's measurement, ``resnet_lessons.experiments.gradients.grad_norms``:
    train mode, gradients zeroed, mean cross-entropy loss, one backward pass, then
    ``module.weight.grad.norm()`` for every ``nn.Conv1d``/``nn.Conv2d``/``nn.Linear`` in
    ``model.modules()`` order. Each net is also measured twice: the same numbers must come back
    (gradients are zeroed before each backward pass, not accumulated).
    """
    import copy
    import math

    from resnet_lessons.experiments.gradients import grad_norms, weight_layers

    if not callable(fn):
        raise TypeError(error("check_gradnorms_err_fn", arg="fn", got=type(fn).__name__))
    report = CheckReport("check_grad_norms")
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(16, 1, 40, generator=generator)
    y = torch.randint(0, 10, (16,), generator=generator)
    for label, model in _grad_norm_cases():
        names = [name for name, _ in weight_layers(model)]
        _, want = grad_norms(copy.deepcopy(model), x, y)
        try:
            got = fn(model, x.clone(), y.clone())
            again = fn(model, x.clone(), y.clone())
        except NotImplementedError:
            report.failed.append(t("check_gradnorms_todo"))
            return _print_report(report)
        except Exception as err:  # the learner's code: report, don't crash
            report.failed.append(t("check_raised", case=label, err=f"{type(err).__name__}: {err}"))
            continue
        got, again = _as_floats(got), _as_floats(again)
        if got is None:
            report.failed.append(t("check_gradnorms_type_bad", case=label))
            continue
        if len(got) != len(want):
            report.failed.append(t("check_gradnorms_len_bad", case=label, n=len(want), got=len(got)))
            continue
        wrong = next((i for i, (g, w) in enumerate(zip(got, want))
                      if not math.isclose(g, w, rel_tol=1e-4, abs_tol=1e-30)), None)
        if wrong is None:
            report.passed.append(t("check_gradnorms_ok", case=label, n=len(want)))
        else:
            report.failed.append(t("check_gradnorms_bad", case=label, i=wrong + 1, name=names[wrong],
                                   want=want[wrong], got=got[wrong]))
            continue
        if again is not None and len(again) == len(want) and all(
                math.isclose(g, w, rel_tol=1e-4, abs_tol=1e-30) for g, w in zip(again, want)):
            report.passed.append(t("check_gradnorms_repeat_ok", case=label))
        else:
            report.failed.append(t("check_gradnorms_repeat_bad", case=label))
    return _print_report(report)


# --- lesson 01: the training loop -----------------------------------------------------------------------

LOOP_TOLERANCE = 1e-4  # relative: the same float operations in the same order agree to rounding
LOOP_LOG_KEYS = ("step_loss", "train_error", "test_error")


def _loop_case():
    """(model, data, config) the loop check trains: plain-8 on 256 MNIST-1D signals, 2 epochs of 8 steps.

    The step schedule divides the learning rate by 10 after 8 and 12 of the 16 steps, so a loop
    without the schedule drifts from step 9 on. The model arrives in eval mode (as after an
    evaluation), so a loop that never calls ``model.train()`` differs from the first step."""
    from resnet_lessons.data import load_dataset
    from resnet_lessons.models import cifar_resnet
    from resnet_lessons.train import TrainConfig

    data = load_dataset("mnist1d", subset=256, test_subset=256)
    torch.manual_seed(0)
    model = cifar_resnet(8, plain=True, dim=1, in_channels=1, width=8).eval()
    config = TrainConfig(epochs=2, batch_size=32, lr=0.05, momentum=0.9, weight_decay=1e-4, schedule="step",
                         milestones=(0.5, 0.75), seed=0)
    return model, data, config


def reference_loop(model, data, config, *, zero_grad=True, schedule=True, train_mode=True, eval_mode=True):
    """The training loop of the exercise, with switches that leave one step out (the usual bugs).

    ``train_mode``: True (``model.train()`` at the start of every epoch), "once" (before the first
    epoch only) or False (never).
    With every switch on it is the package's ``train`` loop (without its progress bar, timing and
    divergence handling) and returns the same numbers; the check uses the other settings to say
    which step a learner's loop misses."""
    import torch.nn.functional as F

    from resnet_lessons.data import batches
    from resnet_lessons.train import lr_at, total_steps

    generator = torch.Generator().manual_seed(config.seed)
    total = total_steps(config, len(data.x_train))
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=config.momentum,
                                weight_decay=config.weight_decay)
    log = {key: [] for key in LOOP_LOG_KEYS}
    step = 0
    if train_mode == "once":  # before the first epoch only: measuring the errors leaves it in eval mode
        model.train()
    elif not train_mode:
        model.eval()
    for _ in range(config.epochs):
        if train_mode is True:
            model.train()
        for xb, yb in batches(data.x_train, data.y_train, config.batch_size, shuffle=True, generator=generator):
            if schedule:
                for group in optimizer.param_groups:
                    group["lr"] = lr_at(config, step, total)
            loss = F.cross_entropy(model(xb), yb)
            if zero_grad:
                optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            log["step_loss"].append(loss.item())
            step += 1
        for x, y, key in ((data.x_train, data.y_train, "train_error"), (data.x_test, data.y_test, "test_error")):
            if eval_mode:
                model.eval()
            with torch.no_grad():
                log[key].append((model(x).argmax(1) != y).float().mean().item())
    return log


# (switches, i18n key of the hint): the usual bugs, in the order the check tries them
LOOP_BUGS = (
    ({"zero_grad": False}, "check_loop_bug_zero_grad"),
    ({"schedule": False}, "check_loop_bug_schedule"),
    ({"train_mode": False}, "check_loop_bug_train_mode"),
    ({"train_mode": "once"}, "check_loop_bug_train_mode"),
    ({"eval_mode": False}, "check_loop_bug_eval_mode"),
)


def _close(got, want):
    import math

    return len(got) == len(want) and all(
        math.isfinite(g) and math.isclose(g, w, rel_tol=LOOP_TOLERANCE, abs_tol=1e-7) for g, w in zip(got, want))


def _first_difference(got, want):
    import math

    return next((i for i, (g, w) in enumerate(zip(got, want))
                 if not (math.isfinite(g) and math.isclose(g, w, rel_tol=LOOP_TOLERANCE, abs_tol=1e-7))),
                min(len(got), len(want)))


def check_train_loop(fn):
    """Check ``fn(model, data, config)``: the learner's training loop against the package's ``train``.

    Both train the same seeded plain-8 on the same 256 MNIST-1D signals with the same config
    (data order from ``torch.Generator().manual_seed(config.seed)``). ``fn`` returns a dict of
    three lists: ``step_loss`` (one per optimizer step), ``train_error`` and ``test_error``
    (fractions, one per epoch, measured in eval mode). Every number must agree with the package's
    to a relative ``LOOP_TOLERANCE``. When they do not, the check trains the loop again with one
    usual bug (no ``zero_grad``, no schedule, no ``model.train()``, errors measured in training
    mode) and, if one of those reproduces the learner's numbers, names it.
    """
    import copy

    from resnet_lessons.train import train

    if not callable(fn):
        raise TypeError(error("check_err_callable", arg="fn", got=type(fn).__name__))
    report = CheckReport("check_train_loop")
    model, data, config = _loop_case()
    history = train(copy.deepcopy(model), data, config, device="cpu", progress=False)
    want = {"step_loss": history.step_loss, "train_error": history.train_error, "test_error": history.test_error}
    try:
        got = fn(copy.deepcopy(model), data, config)
    except NotImplementedError:
        report.failed.append(t("check_loop_todo"))
        return _print_report(report)
    except Exception as err:  # the learner's code: report, don't crash
        report.failed.append(t("check_loop_raised", err=f"{type(err).__name__}: {err}"))
        return _print_report(report)
    if not isinstance(got, dict) or any(_as_floats(got.get(key)) is None for key in LOOP_LOG_KEYS):
        report.failed.append(t("check_loop_type_bad", keys=", ".join(LOOP_LOG_KEYS), got=type(got).__name__))
        return _print_report(report)
    got = {key: _as_floats(got[key]) for key in LOOP_LOG_KEYS}
    expected_lengths = {"step_loss": len(want["step_loss"]), "train_error": config.epochs,
                        "test_error": config.epochs}
    for key, n in expected_lengths.items():
        if len(got[key]) != n:
            report.failed.append(t("check_loop_len_bad", name=key, n=n, got=len(got[key])))
    if report.failed:
        return _print_report(report)
    for key in LOOP_LOG_KEYS:
        if _close(got[key], want[key]):
            report.passed.append(t(f"check_loop_ok_{key}", n=len(want[key])))
        else:
            i = _first_difference(got[key], want[key])
            report.failed.append(t("check_loop_bad", name=key, i=i + 1, want=want[key][i], got=got[key][i]))
    if report.failed:
        for switches, hint in LOOP_BUGS:
            buggy = reference_loop(copy.deepcopy(model), data, config, **switches)
            if all(_close(got[key], buggy[key]) for key in LOOP_LOG_KEYS):
                report.failed.append(t(hint))
                break
    return _print_report(report)
