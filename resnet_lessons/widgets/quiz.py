"""A bilingual multiple-choice self-check with instant feedback (lesson 09).

    >>> from resnet_lessons.quiz import course_questions
    >>> from resnet_lessons.widgets.quiz import quiz
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

import ipywidgets as widgets

from resnet_lessons.i18n import LANGUAGES, error, get_language, t
from resnet_lessons.quiz import check_questions, course_questions
from resnet_lessons.quiz import text as _text
from resnet_lessons.widgets.display import display_widget

def _check_lang(lang):
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(error("quiz_err_lang", allowed=", ".join(LANGUAGES), got=repr(lang)))
    return get_language() if lang is None else lang


class Quiz:
    """The quiz's widgets and state: ``controls[i]`` is question i's letter buttons (set ``.value``),
    ``feedback[i]`` its feedback line, ``score_line`` the score, ``ui`` the whole VBox."""

    def __init__(self, questions, title=None, lang=None):
        self.questions = check_questions(questions)
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
            # the theme's colours (readable on a light and on a dark theme), fixed ones where there is no theme
            color = "var(--jp-success-color0, #1b5e20)" if right else "var(--jp-error-color1, #b00)"
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
