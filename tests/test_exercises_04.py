"""Lesson 04's exercises: each reference passes its own check, and typical wrong answers are named."""
import math
from types import SimpleNamespace

import pytest
from helpers import CJK

from resnet_lessons.exercises import exercise
from resnet_lessons.exercises.lesson04 import EXERCISES, bn_reading, check_bn_reading
from resnet_lessons.experiments import recipes

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_lesson_has_its_exercises():
    assert [e.name for e in EXERCISES] == ["04-schedule", "04-bn-modes"]
    for item in EXERCISES:
        assert len(item.hints) == 2 and all(CJK.search(zh) for _, zh in item.hints)
        assert all(item.title) and all(item.explanation)


# --- 04-schedule --------------------------------------------------------------------------------------

def test_schedule_reference_passes(capsys):
    report = exercise("04-schedule").check(exercise("04-schedule").reference())
    assert report and "all 7 tests passed" in capsys.readouterr().out


def test_schedule_warmup_from_zero_is_named(capsys):
    good = exercise("04-schedule").reference()

    def from_zero(step, total, peak, warmup):  # the first warm-up step at 0: a wasted step
        return peak * step / warmup if step < warmup else good(step, total, peak, warmup)

    report = exercise("04-schedule").check(from_zero)
    out = capsys.readouterr().out
    assert not report and "during the warm-up, at step 0" in out and CJK.search(out)


def test_schedule_cosine_that_ignores_the_warmup_is_named(capsys):
    good = exercise("04-schedule").reference()

    def ignores_warmup(step, total, peak, warmup):  # the cosine counted from step 0, not from the warm-up's end
        if step < warmup:
            return good(step, total, peak, warmup)
        return peak * 0.5 * (1 + math.cos(math.pi * step / total))

    report = exercise("04-schedule").check(ignores_warmup)
    out = capsys.readouterr().out
    assert not report and "after the warm-up, at step" in out and "during the warm-up" not in out


# --- 04-bn-modes --------------------------------------------------------------------------------------

def fake_run(variant, eval_loss, train_mode_loss, eval_error, train_mode_error, recalibrated_error):
    return SimpleNamespace(variant=variant, train_loss=[eval_loss], train_mode_loss=train_mode_loss,
                           train_error=[eval_error], train_mode_error=train_mode_error,
                           recalibrated_error=recalibrated_error)


def fake_runs(recalibrated_gap=0.01):
    """Three seeds shaped like the lesson's: zero_init's two modes stay close, the others' do not."""
    seeds = []
    for seed, blowup in enumerate((1.1, 150.0, 9.0)):
        seeds.append(SimpleNamespace(runs=[
            fake_run("baseline", 2.05 * blowup, 2.05, 0.85, 0.77, 0.77 + recalibrated_gap),
            fake_run("zero_init", 1.7, 1.57, 0.68, 0.63, 0.63),
            fake_run("warmup", 2.6 * (blowup + 1), 2.6, 0.85, 0.61, 0.61),
        ]))
    return seeds


def test_bn_reading_from_the_measurement():
    assert bn_reading(fake_runs()) == {**bn_reading(fake_runs()), "calmest": "zero_init", "cause": "statistics"}
    assert bn_reading(fake_runs(recalibrated_gap=0.2))["cause"] == "weights"


def test_bn_reference_passes_on_a_real_run(capsys):
    runs = [recipes.run(variants=("baseline", "zero_init"), depth=8, max_steps=4, eval_size=128, seed=seed,
                        progress=False) for seed in (0, 1)]
    reading = exercise("04-bn-modes").reference()(runs)
    assert reading["calmest"] == bn_reading(runs)["calmest"] and reading["cause"] == bn_reading(runs)["cause"]
    assert exercise("04-bn-modes").check(reading)
    assert "all 2 tests passed" in capsys.readouterr().out


def test_bn_starter_says_not_done(capsys):
    report = check_bn_reading({"runs": fake_runs(), "calmest": None, "cause": None})
    out = capsys.readouterr().out
    assert not report and len(report.failed) == 1 and "not done yet" in out and "Traceback" not in out


def test_bn_wrong_calmest_is_named_with_its_ratio(capsys):
    report = check_bn_reading({"runs": fake_runs(), "calmest": "warmup", "cause": "statistics"})
    out = capsys.readouterr().out
    assert not report and len(report.failed) == 1
    assert "calmest = 'warmup'" in out and "'zero_init' stayed within" in out and CJK.search(out)


def test_bn_blaming_the_weights_is_named(capsys):
    report = check_bn_reading({"runs": fake_runs(), "calmest": "zero_init", "cause": "weights"})
    out = capsys.readouterr().out
    assert not report and "cause = 'weights'" in out and "running statistics were stale" in out


def test_bn_blaming_the_statistics_when_they_do_not_explain_it(capsys):
    report = check_bn_reading({"runs": fake_runs(recalibrated_gap=0.2), "calmest": "zero_init",
                               "cause": "statistics"})
    out = capsys.readouterr().out
    assert not report and "do not explain it" in out


def test_bn_answers_outside_the_choices(capsys):
    report = check_bn_reading({"runs": fake_runs(), "calmest": "ResNet-56", "cause": "luck"})
    out = capsys.readouterr().out
    assert not report and len(report.failed) == 2 and "must be one of the variants" in out and "'weights'" in out


def test_bn_answer_without_the_runs_is_a_type_error():
    with pytest.raises(TypeError, match="runs") as info:
        check_bn_reading("zero_init")
    assert CJK.search(str(info.value))


def test_bn_reading_rules_are_checked_on_two_measurements(capsys):
    assert exercise("04-bn-modes").check(exercise("04-bn-modes").reference())
    capsys.readouterr()

    def always_the_lessons_answer(runs):  # hard-coded: right for one measurement only
        return {"runs": runs, "calmest": "zero_init", "cause": "statistics"}

    assert not check_bn_reading(always_the_lessons_answer)
    out = capsys.readouterr().out
    assert "calmest = 'zero_init'" in out and "cause = 'statistics'" in out and "do not explain it" in out
