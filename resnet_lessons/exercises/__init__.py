"""The course's exercises, each with a check, hints and a solution, in English and Chinese.

Like Kaggle Learn's ``learntools``: a lesson gets its exercise by name and the solution is not
sitting in plain sight under the exercise cell::

    from resnet_lessons.exercises import exercise
    loop = exercise("01-loop")
    loop.check(my_train)   # runs the check, prints ✅/❌ lines with specific feedback, returns the report
    loop.hint()            # the next hint (call again for a more specific one)
    loop.solution()        # the reference solution, then why it is written that way

Each lesson's exercises live in ``lessonNN.py`` (its checks in :mod:`resnet_lessons.checks`).
The words of an exercise (title, hints, explanation) and its checks' feedback live in
:mod:`resnet_lessons.i18n` like every other string (keys ``exNN_...``); an ``Exercise`` holds its
title, hints and explanation as the (English, 中文) pairs of those keys (``STRINGS[key]``). Only the
reference solutions, code the student reads, are written out in ``lessonNN.py``.
The tests run every solution through its own check.
"""
from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable

from resnet_lessons.i18n import error, get_language, t

LESSONS = ("lesson01", "lesson02", "lesson03", "lesson04", "lesson05", "lesson06", "lesson07", "lesson08")


def say(pair, lang=None):
    """An (English, 中文) pair in the current language ("both": the two, one per line)."""
    en, zh = pair
    lang = get_language() if lang is None else lang
    return en if lang == "en" else zh if lang == "zh" else f"{en}\n{zh}"


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``check(answer)``, ``hint()``, ``solution()``, ``reference()``.

    name: "NN-short-name" (the lesson's number first).
    title: (English, 中文).
    checker: the check, ``checker(answer) -> CheckReport`` (it prints its own ✅/❌ lines).
    hints: (English, 中文) pairs, from a gentle nudge to almost the answer.
    solution_code: Python source that defines ``defines`` (and imports what it needs).
    explanation: (English, 中文): why the solution is written that way; shown after it.
    """
    name: str
    title: tuple
    checker: Callable
    hints: tuple
    solution_code: str
    defines: str
    explanation: tuple = ("", "")
    _state: dict = field(default_factory=dict, compare=False, repr=False)

    def check(self, answer):
        """Run the check on ``answer``; print its ✅/❌ lines; return the report (truthy when passed)."""
        report = self.checker(answer)
        if not report:
            print(t("exercise_after_fail", name=self.name))
        return report

    def hint(self):
        """Print the next hint (each call gives the next one; the last one repeats)."""
        i = self._state.get("hints_shown", 0)
        self._state["hints_shown"] = min(i + 1, len(self.hints) - 1)
        print(t("exercise_hint", i=i + 1, n=len(self.hints)))
        print(say(self.hints[i]))

    def solution(self):
        """Show the reference solution (highlighted in a notebook) and the explanation after it."""
        from resnet_lessons.utils import SourceView

        print(t("exercise_solution", name=self.name))
        if any(self.explanation):
            print(say(self.explanation))
        return SourceView(self.solution_code.strip() + "\n")

    def reference(self):
        """The object the solution defines (run from ``solution_code``), e.g. to check the check."""
        namespace = {"__name__": f"resnet_lessons.exercises.{self.name}"}
        exec(compile(self.solution_code, f"<solution {self.name}>", "exec"), namespace)
        return namespace[self.defines]


def all_exercises():
    """Every exercise of the course, in lesson order."""
    found = []
    for lesson in LESSONS:
        try:
            module = import_module(f"resnet_lessons.exercises.{lesson}")
        except ModuleNotFoundError as err:
            if err.name != f"resnet_lessons.exercises.{lesson}":
                raise
            continue
        found.extend(module.EXERCISES)
    return found


def exercise(name):
    """The exercise called ``name`` (e.g. "01-loop")."""
    exercises = {item.name: item for item in all_exercises()}
    if name not in exercises:
        raise ValueError(error("arg_err_choice", arg="name", allowed=", ".join(sorted(exercises)), got=repr(name)))
    return exercises[name]
