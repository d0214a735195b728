"""The self-check quiz of lesson 09: questions, widget behaviour, static copy, and its numbers."""
import re

import pytest
from helpers import CJK

from resnet_lessons import i18n
from resnet_lessons.quiz import COURSE, Question, course_questions
from resnet_lessons.widgets.quiz import Quiz, quiz


def small():
    return [Question(("Two plus two?", "二加二？"), ["3", "4", "5"], 1, ("Arithmetic.", "算术。"),
                     hint=("Count.", "数一数。"), lesson="01_x.ipynb"),
            Question("Same text in both", [("yes", "是"), ("no", "否")], 0, ("Right.", "对。"))]


def test_course_questions_are_complete_and_bilingual():
    questions = course_questions()
    assert 6 <= len(questions) <= 8 == len(COURSE)
    for q in questions:
        assert len(q.options) == 4 and 0 <= q.answer < 4 and q.hint and q.lesson.endswith(".ipynb")
        for pair in (q.text, q.explanation, q.hint, *q.options):
            en, zh = pair
            assert re.search(r"[A-Za-z]{3,}", en) and CJK.search(zh)
    assert len({q.answer for q in questions}) >= 3  # the right option is not always in the same place


def test_setting_a_value_gives_instant_feedback_and_score():
    panel = quiz(small(), lang="en")
    assert panel.answers() == [None, None] and panel.score() == 0
    assert "0 of 2 right (0 answered)" in panel.score_line.value
    panel.controls[0].value = "b"
    assert panel.correct() == [True, None] and panel.score() == 1
    assert "✅" in panel.feedback[0].value and "Arithmetic." in panel.feedback[0].value
    assert "01_x.ipynb" in panel.feedback[0].value
    panel.controls[0].value = "a"
    assert panel.correct()[0] is False and "❌" in panel.feedback[0].value and "Count." in panel.feedback[0].value
    assert "Arithmetic" not in panel.feedback[0].value  # a wrong answer gets the hint, not the explanation
    panel.controls[1].value = "a"
    assert panel.answers() == [0, 0] and "1 of 2 right (2 answered)" in panel.score_line.value


def test_both_languages_give_feedback_on_two_lines():
    panel = quiz(small(), lang="both")
    panel.controls[0].value = "b"
    value = panel.feedback[0].value
    assert "Arithmetic." in value and "算术。" in value and "<br>" in value


def test_course_answer_key_scores_full_marks():
    panel = quiz()
    for control, question in zip(panel.controls, course_questions()):
        control.value = "abcd"[question.answer]
    assert panel.score() == len(COURSE) and all(panel.correct())


def test_static_copy_shows_questions_but_not_answers():
    panel = quiz(lang="both")
    text, page = panel.text(), panel.html()
    for q in panel.questions:
        assert q.text[0] in text and q.text[1] in text
        assert q.explanation[0] not in text and q.explanation[0][:40] not in page
    assert text.count("(a) ") == len(panel.questions) and "<li>(d)" in page
    assert quiz(lang="both").text() == text  # deterministic: what nbval compares


def test_display_bundle_has_widget_text_and_html(monkeypatch):
    import resnet_lessons.widgets.display as module

    shown = []
    monkeypatch.setattr(module, "display", lambda bundle, raw, **kw: shown.append(bundle))
    panel = quiz(small(), lang="en")
    panel._ipython_display_()
    bundle = shown[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == panel.text() and bundle["text/html"] == panel.html()


def test_quiz_numbers_match_the_package():
    """The numbers the course questions quote are the ones the package counts or torchvision states."""
    import torchvision

    from resnet_lessons.experiments.complexity import count_model
    from resnet_lessons.models import cifar_resnet, count_parameters

    assert count_parameters(cifar_resnet(20)) == count_parameters(cifar_resnet(20, plain=True)) == 269_722
    assert count_parameters(cifar_resnet(20, shortcut="B")) == 272_474
    assert "269,722" in i18n.STRINGS["quiz_q2_why"][0] and "272,474" in i18n.STRINGS["quiz_q2_why"][0]
    assert round(count_model("resnet50_v1")[1] / 1e9, 3) == 3.858 and "3.858" in i18n.STRINGS["quiz_q4_why"][0]
    meta = {name: torchvision.models.get_model_weights(name).IMAGENET1K_V1.meta for name in ("resnet34", "resnet50")}
    assert round(meta["resnet50"]["_ops"], 2) == 4.09 and round(meta["resnet34"]["_ops"], 2) == 3.66
    assert round(meta["resnet50"]["num_params"] / 1e6, 1) == 25.6 and round(meta["resnet34"]["num_params"] / 1e6, 1) == 21.8
    assert round(meta["resnet50"]["_metrics"]["ImageNet-1K"]["acc@1"], 1) == 76.1


@pytest.mark.parametrize("kwargs, exc, word", [
    (dict(text="", options=["a", "b"], answer=0, explanation="x"), TypeError, "text"),
    (dict(text="q", options=["a"], answer=0, explanation="x"), ValueError, "options"),
    (dict(text="q", options="ab", answer=0, explanation="x"), ValueError, "options"),
    (dict(text="q", options=["a", "b"], answer=2, explanation="x"), ValueError, "answer"),
    (dict(text="q", options=["a", "b"], answer=True, explanation="x"), ValueError, "answer"),
    (dict(text="q", options=["a", "b"], answer=0, explanation=("x",)), TypeError, "explanation"),
    (dict(text="q", options=["a", 3], answer=0, explanation="x"), TypeError, r"options\[1\]"),
    (dict(text="q", options=["a", "b"], answer=0, explanation="x", lesson=7), TypeError, "lesson"),
])
def test_bad_questions_name_the_argument_in_both_languages(kwargs, exc, word):
    with pytest.raises(exc, match=word) as info:
        Question(**kwargs)
    assert CJK.search(str(info.value))


@pytest.mark.parametrize("questions, kwargs, exc, word", [
    ([], {}, TypeError, "questions"), ("q", {}, TypeError, "questions"), ([1, 2], {}, TypeError, "questions"),
    (None, {"lang": "fr"}, ValueError, "lang"),
])
def test_bad_quiz_arguments(questions, kwargs, exc, word):
    with pytest.raises(exc, match=word) as info:
        Quiz(course_questions() if questions is None else questions, **kwargs)
    assert CJK.search(str(info.value))


def test_the_lesion_question_is_keyed_by_the_measurement():
    """Question 7's right option follows the verdict of the shipped deep lesion study, not a typed key."""
    from types import SimpleNamespace

    from resnet_lessons.quiz import LESION_OPTION, lesion_answer

    fake = [SimpleNamespace(verdict=lambda v=v: v) for v in ("partial", "veit", "partial")]
    assert lesion_answer(fake) == (LESION_OPTION["partial"], "partial")
    fake = [SimpleNamespace(verdict=lambda: "veit")] * 3
    assert lesion_answer(fake) == (LESION_OPTION["veit"], "veit")
    answer, verdict = lesion_answer()  # the shipped lesion_110
    question = course_questions()[[key for key, *_ in COURSE].index("quiz_q7")]
    assert question.answer == answer and verdict in ("veit", "partial", "none")
