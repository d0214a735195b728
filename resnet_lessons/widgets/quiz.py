"""A bilingual multiple-choice self-check with instant feedback (lesson 09).

    >>> from resnet_lessons.widgets.quiz import course_questions, quiz
    >>> panel = quiz(course_questions())
    >>> panel.controls[0].value = "b"          # answer question 1 with option b
    >>> panel.correct()[0], panel.score()
    (True, 1)

Each question shows its options as text, lettered a, b, c, ..., and a row of letter buttons
under it; choosing a letter shows at once whether it is right, with the explanation when it
is and a hint when it is not. A score line counts the right answers. Displayed in a notebook,
the quiz leaves its questions (never the answers) as text and HTML too, so a stored notebook
reads on GitHub or in an HTML export. ``resnet_lessons.checks.check_quiz_answers`` gives the
same feedback for a list of letters, without widgets.
"""
import html
from dataclasses import dataclass
from typing import Optional

import ipywidgets as widgets

from resnet_lessons.i18n import LANGUAGES, STRINGS, error, get_language, t
from resnet_lessons.widgets.display import display_widget

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


def _text(pair, lang, sep=" / "):
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
            body = t("quiz_right", lang=lang) + " " + _text(self.explanation, lang)
        else:
            body = t("quiz_wrong", lang=lang) + " " + (_text(self.hint, lang) if self.hint else "")
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


def _check_questions(questions):
    if (not isinstance(questions, (list, tuple)) or not questions
            or not all(isinstance(q, Question) for q in questions)):
        raise TypeError(error("quiz_err_questions", got=repr(questions)[:200]))
    return list(questions)


def _check_lang(lang):
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(error("quiz_err_lang", allowed=", ".join(LANGUAGES), got=repr(lang)))
    return get_language() if lang is None else lang


class Quiz:
    """The quiz's widgets and state: ``controls[i]`` is question i's letter buttons (set ``.value``),
    ``feedback[i]`` its feedback line, ``score_line`` the score, ``ui`` the whole VBox."""

    def __init__(self, questions, title=None, lang=None):
        self.questions = _check_questions(questions)
        self.lang = _check_lang(lang)
        self.title = title if title is not None else t("quiz_title", lang=self.lang)
        self.controls, self.feedback, rows = [], [], []
        for i, question in enumerate(self.questions):
            buttons = widgets.ToggleButtons(options=list(question.letters), index=None,
                                            description=t("quiz_answer", lang=self.lang),
                                            style={"button_width": "3em"})
            line = widgets.HTML(value="")
            buttons.observe(lambda change, i=i: self._on_answer(i), names="value")
            self.controls.append(buttons)
            self.feedback.append(line)
            rows += [widgets.HTML(value=self._question_html(i)), buttons, line]
        self.score_line = widgets.HTML(value="")
        self._update_score()
        self.ui = widgets.VBox([widgets.HTML(value=f"<b>{html.escape(self.title)}</b>")] + rows + [self.score_line])

    # --- state ------------------------------------------------------------------------------------

    def answers(self):
        """The chosen option of each question as an index (0 = a), None where unanswered."""
        return [None if c.value is None else q.letters.index(c.value) for q, c in zip(self.questions, self.controls)]

    def correct(self):
        """For each question: True (right), False (wrong) or None (unanswered)."""
        return [None if a is None else q.is_right(a) for q, a in zip(self.questions, self.answers())]

    def score(self):
        """The number of right answers."""
        return sum(1 for c in self.correct() if c)

    def _on_answer(self, i):
        right = self.correct()[i]
        if right is None:
            self.feedback[i].value = ""
        else:
            color = "#0a0" if right else "#b00"
            text = html.escape(self.questions[i].feedback(right, self.lang)).replace("\n", "<br>")
            self.feedback[i].value = f"<span style='color:{color}'>{text}</span>"
        self._update_score()

    def _update_score(self):
        answered = sum(1 for a in self.answers() if a is not None)
        self.score_line.value = "<b>" + html.escape(t("quiz_score", lang=self.lang, right=self.score(),
                                                      total=len(self.questions), answered=answered)) + "</b>"

    # --- text ------------------------------------------------------------------------------------

    def _question_lines(self, i):
        question = self.questions[i]
        head = t("quiz_question", lang=self.lang, i=i + 1)
        lines = [f"{head}: {_text(question.text, self.lang, sep=chr(10))}"]
        lines += [f"  ({letter}) {_text(option, self.lang, sep=chr(10) + '      ')}"
                  for letter, option in zip(question.letters, question.options)]
        return lines

    def _question_html(self, i):
        question = self.questions[i]
        head = html.escape(t("quiz_question", lang=self.lang, i=i + 1))
        text = html.escape(_text(question.text, self.lang, sep="\n")).replace("\n", "<br>")
        items = "".join(f"<li>({letter}) {html.escape(_text(o, self.lang, sep=chr(10))).replace(chr(10), '<br>')}</li>"
                        for letter, o in zip(question.letters, question.options))
        return f"<p><b>{head}.</b> {text}</p><ul style='list-style:none'>{items}</ul>"

    def text(self):
        """The questions and options as plain text (no answers): the static copy of the quiz."""
        blocks = ["\n".join(self._question_lines(i)) for i in range(len(self.questions))]
        return "\n\n".join([self.title] + blocks + [f"[{t('quiz_static', lang=self.lang)}]"])

    def html(self):
        """The questions and options as HTML (no answers)."""
        body = "".join(self._question_html(i) for i in range(len(self.questions)))
        note = html.escape(t("quiz_static", lang=self.lang))
        return f"<div><p><b>{html.escape(self.title)}</b></p>{body}<p><i>[{note}]</i></p></div>"

    def _ipython_display_(self):
        display_widget(self.ui, {"text/plain": self.text(), "text/html": self.html()})


def quiz(questions=None, title=None, lang=None):
    """A ``Quiz`` of ``questions`` (a list of ``Question``; default: ``course_questions()``).

    ``lang``: "en", "zh" or "both" (default: the current language of ``resnet_lessons.i18n``).
    """
    return Quiz(course_questions() if questions is None else questions, title=title, lang=lang)
