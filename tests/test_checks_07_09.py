"""Lessons 07 and 09: check_conv_macs, check_quiz_answers and the recap figure."""

import pytest
import torch
from helpers import CJK
from matplotlib.figure import Figure
from torch import nn

from resnet_lessons.checks import CONV_CASES, check_conv_macs, check_quiz_answers, conv_case
from resnet_lessons.quiz import COURSE, Question, course_questions


def right(in_ch, out_ch, k, h_out, w_out):
    return in_ch * out_ch * k * k * h_out * w_out


# --- check_conv_macs ---------------------------------------------------------------------------------

def test_conv_cases_are_counted_by_flop_counter():
    h, w, macs = conv_case(3, 64, 7, 2, (224, 224))
    assert (h, w) == (112, 112) and macs == 3 * 64 * 49 * 112 * 112  # ResNet's stem
    assert conv_case(16, 32, 3, 1, (20, 12))[:2] == (20, 12)  # a non-square map is in the cases
    assert any(size[0] != size[1] for *_, size in CONV_CASES)


def test_the_formula_passes(capsys):
    assert check_conv_macs(right)
    out = capsys.readouterr().out
    assert out.count("✅") == len(CONV_CASES) and "❌" not in out and CJK.search(out)
    assert check_conv_macs(lambda *args: float(right(*args)))  # a whole float is accepted


@pytest.mark.parametrize("fn, word", [
    (lambda i, o, k, h, w: 2 * right(i, o, k, h, w), "FLOPs"),
    (lambda i, o, k, h, w: i * o * k * k, "one output position"),
    (lambda i, o, k, h, w: right(i, o, k, h, h), "not right"),  # h_out squared: caught by the non-square case
    (lambda i, o, k, h, w: right(i, o, k, h, w) + o * h * w, "not right"),  # a bias counted
    (lambda i, o, k, h, w: right(i, o, k, h, w) / 3, "int"),
    (lambda i, o, k, h, w: 1 / 0, "ZeroDivisionError"),
])
def test_wrong_formulas_get_a_hint(fn, word, capsys):
    assert not check_conv_macs(fn)
    out = capsys.readouterr().out
    assert "❌" in out and word in out and CJK.search(out)


def test_starter_reports_not_done(capsys):
    def my_conv_macs(in_ch, out_ch, k, h_out, w_out):
        raise NotImplementedError

    report = check_conv_macs(my_conv_macs)
    out = capsys.readouterr().out
    assert not report and "not done yet" in out and out.count("\n❌") + out.startswith("❌") == 1


@pytest.mark.parametrize("bad", [None, 3, "formula"])
def test_check_conv_macs_needs_a_function(bad):
    with pytest.raises(TypeError, match="fn") as info:
        check_conv_macs(bad)
    assert CJK.search(str(info.value))


# --- check_quiz_answers ----------------------------------------------------------------------------

KEY = ["abcd"[q.answer] for q in course_questions()]  # question 7's key is read from the shipped measurement


def test_answer_key_passes_with_letters_or_indices(capsys):
    assert check_quiz_answers(KEY)
    assert check_quiz_answers([q.answer for q in course_questions()])
    assert check_quiz_answers([k.upper() for k in KEY])
    out = capsys.readouterr().out
    assert "❌" not in out and CJK.search(out)


def test_no_answers_yet_is_one_line(capsys):
    report = check_quiz_answers([None] * len(COURSE))
    out = capsys.readouterr().out
    assert not report and len(report.failed) == 1 and out.startswith("❌ no answers yet")


def test_wrong_answers_get_hints_not_the_key(capsys):
    answers = list(KEY)
    answers[0] = "a" if KEY[0] != "a" else "b"
    answers[1] = None
    report = check_quiz_answers(answers)
    out = capsys.readouterr().out
    assert len(report.failed) == 2 and len(report.passed) == len(COURSE) - 2
    lines = out.splitlines()
    assert lines[0].startswith("❌ question 1: not quite") and lines[1].startswith("❌ question 2: not answered")
    assert "hint" in lines[0]


def test_own_questions():
    questions = [Question("q?", ["x", "y"], 1, "because")]
    assert check_quiz_answers(["b"], questions)
    assert not check_quiz_answers([0], questions)


@pytest.mark.parametrize("answers, exc, word", [
    ("babbdcaa", TypeError, "answers"), (["a"], TypeError, "answers"), (None, TypeError, "answers"),
    (["e"] + [None] * (len(COURSE) - 1), ValueError, r"answers\[0\]"),
    ([None, 7] + [None] * (len(COURSE) - 2), ValueError, r"answers\[1\]"),
    ([True] + [None] * (len(COURSE) - 1), ValueError, r"answers\[0\]"),
])
def test_bad_answers_name_the_argument(answers, exc, word):
    with pytest.raises(exc, match=word) as info:
        check_quiz_answers(answers)
    assert CJK.search(str(info.value))


# --- the recap figure ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_results():
    from resnet_lessons.experiments import complexity, degradation, gradients, shattered

    torch.manual_seed(0)
    return {
        "degradation": degradation.empty_result(depths=(8, 14)),
        "gradients": gradients.run(depth=8, batch_size=8, device="cpu", progress=False),
        "shattered": shattered.run(depths=(1, 2), width=8, points=16, seeds=1, device="cpu", progress=False),
        "complexity": complexity.run(models=("resnet18",), references=("alexnet",), progress=False),
    }


def test_recap_figure_draws_four_panels(small_results):
    from resnet_lessons.plots.recap import plot_recap

    fig = plot_recap(**small_results, lang="en")
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    titles = [ax.get_title() for ax in fig.axes]
    assert "lesson 01" in titles[0] and "depth 8" in titles[1] and "lesson 01" in titles[2]
    assert "IMAGENET1K_V1" in titles[3] and "trained live" in fig._supxlabel.get_text()
    labels = [text.get_text() for text in fig.axes[3].texts]
    assert "resnet18" in labels and "alexnet" in labels  # every point named, the grey ones too (issue 14)


def test_recap_leaves_missing_panels_with_a_note(small_results):
    from resnet_lessons.plots.recap import plot_recap

    fig = plot_recap(gradients=small_results["gradients"], lang="zh")
    assert not fig.axes[0].axison and "DegradationResult" in fig.axes[0].texts[0].get_text()
    assert CJK.search(fig.axes[0].texts[0].get_text())


@pytest.mark.parametrize("kwargs, exc, word", [
    ({"degradation": "result"}, TypeError, "degradation"), ({"complexity": 3}, TypeError, "complexity"),
    ({"weights": "V3"}, ValueError, "weights"),
])
def test_recap_bad_arguments(kwargs, exc, word):
    from resnet_lessons.plots.recap import plot_recap

    with pytest.raises(exc, match=word) as info:
        plot_recap(**kwargs)
    assert CJK.search(str(info.value))


def test_conv_layer_of_a_resnet_matches_the_formula():
    """The exercise's formula, applied to every conv of ResNet-18, adds up to FlopCounterMode's total (minus fc)."""
    from resnet_lessons.experiments.complexity import count_macs
    from resnet_lessons.models import resnet18

    with torch.device("meta"):
        model = resnet18()
    shapes = {}
    hooks = [m.register_forward_hook(lambda m, i, o: shapes.__setitem__(m, o.shape))
             for m in model.modules() if isinstance(m, nn.Conv2d)]
    total = count_macs(model, (1, 3, 224, 224))
    for hook in hooks:
        hook.remove()
    convs = sum(right(m.in_channels, m.out_channels, m.kernel_size[0], *shapes[m][2:]) for m in shapes)
    assert convs + 512 * 1000 == total
