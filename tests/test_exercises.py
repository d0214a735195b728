"""The exercise kit (resnet_lessons.exercises), the Prediction widget, and lesson 01's training-loop check."""
import math

import pytest
import torch
import torch.nn.functional as F
from helpers import CJK

from resnet_lessons import i18n
from resnet_lessons.checks import LOOP_BUGS, check_train_loop, reference_loop
from resnet_lessons.data import batches
from resnet_lessons.exercises import Exercise, all_exercises, exercise
from resnet_lessons.experiments import degradation
from resnet_lessons.train import lr_at, total_steps
from resnet_lessons.widgets.predict import Prediction

pytestmark = pytest.mark.usefixtures("one_thread")


# --- the kit -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("item", all_exercises(), ids=lambda item: item.name)
def test_every_solution_passes_its_own_check(item, capsys):
    assert item.check(item.reference())
    assert "❌" not in capsys.readouterr().out


@pytest.mark.parametrize("item", all_exercises(), ids=lambda item: item.name)
def test_every_exercise_has_bilingual_hints_and_a_solution(item, capsys):
    assert item.name[:2].isdigit() and item.name[2] == "-"
    assert len(item.hints) >= 2 and all(CJK.search(zh) and en and not CJK.search(en) for en, zh in item.hints)
    for _ in item.hints:
        item.hint()
    shown = item.solution()
    out = capsys.readouterr().out
    assert f"hint {len(item.hints)} of {len(item.hints)}" in out
    assert item.defines in shown.source and CJK.search(out)


def test_exercise_names_are_unique_and_lookup_says_what_exists():
    names = [item.name for item in all_exercises()]
    assert len(names) == len(set(names)) and "01-loop" in names
    with pytest.raises(ValueError, match="01-loop") as err:
        exercise("01-lop")
    assert CJK.search(str(err.value))


def test_a_failed_check_points_to_hint_and_solution(capsys):
    item = exercise("01-loop")

    def starter(model, data, config):
        raise NotImplementedError("TODO")

    assert not item.check(starter)
    out = capsys.readouterr().out
    assert "not done yet" in out and "hint()" in out and ".solution()" in out and "Traceback" not in out


def test_hints_come_one_after_another_and_the_last_repeats(capsys):
    item = Exercise("99-x", ("t", "题"), lambda answer: True, (("a", "甲"), ("b", "乙")), "x = 1\n", "x")
    item.hint(), item.hint(), item.hint()
    out = capsys.readouterr().out
    assert out.count("hint 1 of 2") == 1 and out.count("hint 2 of 2") == 2


# --- lesson 01: the training loop ----------------------------------------------------------------------

def test_the_reference_loop_is_the_package_loop():
    """With every switch on, reference_loop gives train()'s numbers (what the lesson says: 'the same loop')."""
    assert check_train_loop(reference_loop)


def learner_loop(model, data, config, *, zero_grad=True, schedule=True, train_every_epoch=True, eval_mode=True):
    """A loop written the way a student writes it, with one of the usual slips."""
    generator = torch.Generator().manual_seed(config.seed)
    total = total_steps(config, len(data.x_train))
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=config.momentum,
                                weight_decay=config.weight_decay)
    log = {"step_loss": [], "train_error": [], "test_error": []}
    step = 0
    model.train()
    for _ in range(config.epochs):
        if train_every_epoch:
            model.train()
        for xb, yb in batches(data.x_train, data.y_train, config.batch_size, shuffle=True, generator=generator):
            if schedule:
                for group in optimizer.param_groups:
                    group["lr"] = lr_at(config, step, total)
            if zero_grad:
                optimizer.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
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


def test_a_correct_learner_loop_passes(capsys):
    assert check_train_loop(learner_loop)
    assert "all 3 tests passed" in capsys.readouterr().out


@pytest.mark.parametrize("slip, named", [
    ({"zero_grad": False}, "WITHOUT optimizer.zero_grad()"),
    ({"schedule": False}, "WITHOUT the learning-rate schedule"),
    ({"train_every_epoch": False}, "model.train() at the start of every epoch"),
    ({"eval_mode": False}, "measured in TRAINING mode"),
])
def test_each_usual_slip_is_named(slip, named, capsys):
    report = check_train_loop(lambda model, data, config: learner_loop(model, data, config, **slip))
    out = capsys.readouterr().out
    assert not report and named in out and CJK.search(out)


def test_a_loop_with_an_unknown_bug_gets_the_first_difference(capsys):
    def wrong_lr(model, data, config):
        import dataclasses

        return learner_loop(model, data, dataclasses.replace(config, lr=config.lr / 2))

    report = check_train_loop(wrong_lr)
    out = capsys.readouterr().out
    assert not report and "step_loss: number 2 should be" in out
    assert not any(i18n.t(key, lang="en")[:30] in out for _, key in LOOP_BUGS)


@pytest.mark.parametrize("answer, message", [
    (lambda m, d, c: None, "return a dict"),
    (lambda m, d, c: {"step_loss": [1.0], "train_error": [0.5, 0.5], "test_error": [0.5, 0.5]}, "step_loss: expected 16"),
    (lambda m, d, c: 1 / 0, "ZeroDivisionError"),
])
def test_malformed_loops_get_a_clear_message(answer, message, capsys):
    assert not check_train_loop(answer)
    out = capsys.readouterr().out
    assert message in out and "Traceback" not in out


def test_check_train_loop_wants_a_function():
    with pytest.raises(TypeError, match="fn"):
        check_train_loop("my_train")


def test_degradation_trains_with_the_learners_loop_and_gets_the_package_numbers():
    config = degradation.Config(depths=(8,), kinds=("plain",), epochs=2, train_subset=200, progress=False,
                                device="cpu")
    package = degradation.run(config)
    learner = degradation.run(config, loop=learner_loop)
    assert learner.runs[0].train_error == package.runs[0].train_error
    assert learner.runs[0].curves["step_loss"] == package.runs[0].curves["step_loss"]
    assert learner.runs[0].curves["epoch"] == [1, 2]


def test_degradation_rejects_a_bad_loop():
    config = degradation.Config(depths=(8,), kinds=("plain",), epochs=1, train_subset=100, progress=False)
    with pytest.raises(TypeError, match="loop"):
        degradation.run(config, loop="my_train")
    with pytest.raises(TypeError, match="loop"):
        degradation.run(config, loop=learner_loop, cache="/tmp")
    with pytest.raises(TypeError, match="step_loss"):
        degradation.run(config, loop=lambda model, data, recipe: [0.1])


# --- Prediction -------------------------------------------------------------------------------------------

CHOICES = {"higher": ("higher", "更高"), "same": ("about the same", "差不多"), "lower": ("lower", "更低")}


def test_prediction_feedback_compares_with_the_measurement(capsys):
    guess = Prediction(("Which?", "哪个？"), CHOICES)
    assert guess.reveal("higher") is None
    assert "No prediction yet" in capsys.readouterr().out
    guess.choose("lower")
    assert guess.reveal("higher") is False
    out = capsys.readouterr().out
    assert "you predicted lower; the measurement says higher" in out and "更高" in out
    assert guess.reveal("lower") is True


def test_numeric_prediction_uses_a_relative_tolerance(capsys):
    guess = Prediction(("How many?", "多少？")).choose(1000)
    assert guess.reveal(1200, tolerance=0.25) is True
    assert guess.reveal(4000, tolerance=0.25) is False
    assert "4× your guess" in capsys.readouterr().out


def test_prediction_widget_holds_the_value():
    guess = Prediction(("Which?", "哪个？"), CHOICES)
    box = guess.widget()
    box.children[1].value = "same"
    assert guess.value == "same"
    guess.choose("higher")
    assert box.children[1].value == "higher"
    number = Prediction(("How many?", "多少？"))
    text = number.widget().children[1]
    assert number.value is None
    text.value = "1,500"
    assert number.value == 1500
    text.value = "many"
    assert number.value is None


@pytest.mark.parametrize("make", [
    lambda: Prediction("Which?", CHOICES),
    lambda: Prediction(("Which?", "哪个？"), {"only": ("one", "一")}),
    lambda: Prediction(("Which?", "哪个？"), CHOICES).choose("up"),
    lambda: Prediction(("Which?", "哪个？"), CHOICES).reveal("up"),
    lambda: Prediction(("How many?", "多少？")).choose(math.nan),
])
def test_prediction_bad_input_is_named(make):
    with pytest.raises((TypeError, ValueError)) as err:
        make()
    assert CJK.search(str(err.value))
