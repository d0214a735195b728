"""Lesson 07's exercises: each reference passes its own check, and typical wrong answers are named."""
import pytest
from helpers import CJK

from resnet_lessons.exercises import exercise
from resnet_lessons.exercises.lesson07 import BUDGETS, EXERCISES, check_budget_pick
from resnet_lessons.experiments import complexity

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def result(one_thread_for_module):
    return complexity.run(progress=False)


def test_the_lesson_has_its_exercises():
    assert [e.name for e in EXERCISES] == ["07-conv-macs", "07-budget"]
    for item in EXERCISES:
        assert len(item.hints) == 2 and all(CJK.search(zh) for _, zh in item.hints)
        assert all(item.title) and all(item.explanation)


# --- 07-conv-macs ------------------------------------------------------------------------------------

def test_conv_macs_reference_passes(capsys):
    item = exercise("07-conv-macs")
    assert item.check(item.reference())
    assert "❌" not in capsys.readouterr().out


def test_conv_macs_flops_are_named(capsys):
    assert not exercise("07-conv-macs").check(lambda i, o, k, h, w: 2 * k * k * i * o * h * w)
    assert "FLOPs" in capsys.readouterr().out


def test_conv_macs_one_position_is_named(capsys):
    assert not exercise("07-conv-macs").check(lambda i, o, k, h, w: k * k * i * o)
    out = capsys.readouterr().out
    assert "❌" in out and "position" in out


def test_conv_macs_starter_says_not_done_yet(capsys):
    def starter(in_ch, out_ch, k, h_out, w_out):
        raise NotImplementedError("TODO")
    assert not exercise("07-conv-macs").check(starter)
    out = capsys.readouterr().out
    assert "not done yet" in out and "Traceback" not in out and "hint()" in out


# --- 07-budget ---------------------------------------------------------------------------------------

def pick(result, model, budget=8.0):
    return check_budget_pick({"result": result, "budget": budget, "model": model})


def best(result, budget):
    fits = [result.reference(n) for n in complexity.DEFAULT_MODELS if result.reference(n).gmacs <= budget]
    return max(fits, key=lambda r: r.acc1_v1).name


def test_budget_reference_passes_on_every_budget(capsys):
    item = exercise("07-budget")
    assert item.check(item.reference())
    out = capsys.readouterr().out
    assert "❌" not in out and out.count("✅") == len(BUDGETS)


def test_budget_right_pick_is_computed_from_the_table(result, capsys):
    for budget in BUDGETS:
        assert pick(result, best(result, budget), budget)
    assert "the most accurate model that fits" in capsys.readouterr().out


def test_budget_dominated_pick_is_named(result, capsys):
    # the deeper net within budget that a cheaper one beats: torchvision's ResNet-101 (V1) against ResNeXt-50
    r101, rx50 = result.reference("resnet101"), result.reference("resnext50_32x4d")
    assert rx50.gmacs < r101.gmacs and rx50.acc1_v1 > r101.acc1_v1  # what the metadata says today
    assert not pick(result, "resnet101", budget=8.0)
    out = capsys.readouterr().out
    assert "resnet101" in out and "is dominated: resnext50_32x4d is cheaper" in out and "Pareto front" in out
    assert CJK.search(out)


def test_budget_over_budget_pick_is_named(result, capsys):
    assert not pick(result, "wide_resnet50_2", budget=8.0)
    out = capsys.readouterr().out
    assert "wide_resnet50_2 needs 11.40 GMACs per image, over the budget" in out


def test_budget_front_but_not_best_is_named(result, capsys):
    # ResNet-34 is on the front and fits 8 GMACs, but a model that also fits is more accurate
    assert not pick(result, "resnet34", budget=8.0)
    out = capsys.readouterr().out
    assert "is on the front, but resnext50_32x4d also fits" in out and "spend the budget" in out


def test_budget_unknown_name_and_not_done(result, capsys):
    assert not pick(result, "efficientnet_b0")
    assert "is not one of the seven ResNet-family models" in capsys.readouterr().out
    report = exercise("07-budget").check({"result": result, "budget": 8.0, "model": None})
    out = capsys.readouterr().out
    assert not report and "not done yet" in out and "Traceback" not in out and "hint()" in out


def test_budget_rule_that_ignores_the_budget_is_named(capsys):
    def most_accurate(result, budget):  # forgets the budget: always the most accurate model
        return max((result.reference(n) for n in complexity.DEFAULT_MODELS), key=lambda r: r.acc1_v1).name

    assert not check_budget_pick(most_accurate)
    assert "over the budget" in capsys.readouterr().out


def test_budget_bad_answers_raise(result):
    with pytest.raises(TypeError, match="answer must be a dict"):
        check_budget_pick("resnet50")
    with pytest.raises(ValueError, match="budget must be a positive number"):
        check_budget_pick({"result": result, "budget": -1, "model": "resnet50"})
