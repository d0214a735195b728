"""The self-check quiz of lesson 09 as course facts: its questions, options, explanations and answer key.

    >>> from resnet_lessons.quiz import course_questions
    >>> len(course_questions())
    8

The widget that shows it is ``resnet_lessons.widgets.quiz``; ``resnet_lessons.checks.check_quiz_answers``
checks a list of letters without widgets. Question 7's answer is not typed here: it is read from the shipped
deep lesion results when the quiz is built (:func:`lesion_answer`).
"""
from dataclasses import dataclass
from typing import Optional

from resnet_lessons.i18n import STRINGS, error, t

LETTERS = "abcdef"
MAX_OPTIONS = len(LETTERS)


def _pair(value, arg):
    """An (English, 中文) pair from a str (the same text in both) or a pair of non-empty str."""
    if isinstance(value, str) and value.strip():
        return (value, value)
    if (isinstance(value, (tuple, list)) and len(value) == 2
            and all(isinstance(v, str) and v.strip() for v in value)):
        return (value[0], value[1])
    raise TypeError(error("quiz_err_text", arg=arg, got=repr(value)))


def text(pair, lang, sep=" / "):
    """One side of an (English, 中文) pair, or both joined by ``sep``."""
    if lang == "en":
        return pair[0]
    if lang == "zh":
        return pair[1]
    return pair[0] if pair[0] == pair[1] else pair[0] + sep + pair[1]


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; every text is a str or an (English, 中文) pair.

    ``answer`` is the index of the right option (0 for a); ``explanation`` is shown after a right
    answer, ``hint`` after a wrong one; ``lesson`` names the notebook where it was measured.
    """
    text: tuple
    options: tuple
    answer: int
    explanation: tuple
    hint: Optional[tuple] = None
    lesson: Optional[str] = None

    def __post_init__(self):
        object.__setattr__(self, "text", _pair(self.text, "text"))
        options = self.options
        if not isinstance(options, (tuple, list)) or not 2 <= len(options) <= MAX_OPTIONS:
            raise ValueError(error("quiz_err_options", got=repr(options)))
        object.__setattr__(self, "options", tuple(_pair(o, f"options[{i}]") for i, o in enumerate(options)))
        answer = self.answer
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(options):
            raise ValueError(error("quiz_err_answer", high=len(options) - 1, got=repr(answer)))
        object.__setattr__(self, "explanation", _pair(self.explanation, "explanation"))
        if self.hint is not None:
            object.__setattr__(self, "hint", _pair(self.hint, "hint"))
        if self.lesson is not None and not (isinstance(self.lesson, str) and self.lesson.strip()):
            raise TypeError(error("quiz_err_text", arg="lesson", got=repr(self.lesson)))

    @property
    def letters(self):
        return LETTERS[:len(self.options)]

    def is_right(self, choice):
        """Whether ``choice`` (a letter, an index or None) is the right option."""
        if isinstance(choice, str):
            return len(choice) == 1 and self.letters.find(choice) == self.answer
        return choice == self.answer

    def feedback(self, right, lang):
        """The feedback after a right (explanation) or wrong (hint) answer; "both": English, newline, 中文."""
        if lang == "both":
            return self.feedback(right, "en") + "\n" + self.feedback(right, "zh")
        if right:
            body = t("quiz_right", lang=lang) + " " + text(self.explanation, lang)
        else:
            body = t("quiz_wrong", lang=lang) + " " + (text(self.hint, lang) if self.hint else "")
        if self.lesson:
            body += " (" + t("quiz_see", lang=lang, lesson=self.lesson) + ")"
        return body


# The course's questions: (key in i18n.STRINGS, index of the right option, lesson). MEASURED: the right
# option is read from the course's own measurement when the quiz is built, not typed here.
MEASURED = "measured"
COURSE = (
    ("quiz_q1", 1, "01_degradation_problem.ipynb"),
    ("quiz_q2", 0, "03_architecture.ipynb"),
    ("quiz_q3", 2, "01_degradation_problem.ipynb"),
    ("quiz_q4", 1, "07_performance.ipynb"),
    ("quiz_q5", 3, "07_performance.ipynb"),
    ("quiz_q6", 2, "01_degradation_problem.ipynb"),
    ("quiz_q7", MEASURED, "02_skip_connections.ipynb"),
    ("quiz_q8", 3, "03_architecture.ipynb"),
)


# Question 7's options, by the verdict of the deep lesion study (lesion.LesionResult.verdict). "hurt" (the plain
# twin never trained) leaves no comparison: it counts as the option that the ResNet is hurt.
LESION_OPTION = {"veit": 0, "none": 1, "partial": 2, "hurt": 2}
LESION_RESULTS = ("lesion_56", "lesion_110")


def lesion_answer(results=None):
    """The right option of question 7 and its verdict: what deleting one same-shape block did to the shipped deep
    ResNets (lesion_56 and lesion_110), by the verdict most of their seeds reached."""
    if results is None:
        from resnet_lessons.results import load

        results = [result for name in LESION_RESULTS for result in load(name)]
    verdicts = [r.verdict() for r in results]
    verdict = max(LESION_OPTION, key=verdicts.count)
    return LESION_OPTION[verdict], verdict


def course_questions():
    """The eight self-check questions of lesson 09, on what the course measured."""
    questions = []
    for key, answer, lesson in COURSE:
        options = [STRINGS[f"{key}_o{k}"] for k in range(1, MAX_OPTIONS + 1) if f"{key}_o{k}" in STRINGS]
        if answer == MEASURED:
            answer, verdict = lesion_answer()
            why = STRINGS[f"{key}_why_{verdict}"]
        else:
            why = STRINGS[key + "_why"]
        questions.append(Question(STRINGS[key], options, answer, why, STRINGS[key + "_hint"], lesson))
    return questions


def check_questions(questions):
    """``questions`` as a list of :class:`Question`, or a clear error."""
    if (not isinstance(questions, (list, tuple)) or not questions
            or not all(isinstance(q, Question) for q in questions)):
        raise TypeError(error("quiz_err_questions", got=repr(questions)[:200]))
    return list(questions)
