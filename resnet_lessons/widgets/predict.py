"""Predict, then measure: a small widget where a student commits a prediction before a measurement.

    guess = Prediction(("Will plain-56 end with a higher training error than plain-20?", "…"),
                       {"higher": ("higher", "更高"), "same": ("about the same", "差不多"), "lower": ("lower", "更低")})
    guess                      # shows the question and the choices
    ...                        # the measurement runs
    guess.reveal(answer)       # feedback: the prediction against what was measured, now

Without ``choices`` the prediction is a number (``reveal(measured, tolerance=0.25)`` compares the
ratio). ``reveal`` is given the measured answer by the notebook at run time; nothing is hard-coded.
The value can also be set in code: ``guess.choose("higher")`` (or a number).
"""
import math

from resnet_lessons.exercises import say
from resnet_lessons.i18n import error, get_language, t


class Prediction:
    """A question with choices (or a number), shown as a widget; ``reveal`` compares it with a measurement."""

    def __init__(self, question, choices=None):
        if not (isinstance(question, tuple) and len(question) == 2 and all(isinstance(q, str) for q in question)):
            raise TypeError(error("arg_err_choice", arg="question", allowed="(English, 中文)", got=repr(question)))
        if choices is not None:
            if not isinstance(choices, dict) or len(choices) < 2:
                raise TypeError(error("arg_err_choice", arg="choices", allowed="{key: (English, 中文)}, 2 or more",
                                      got=repr(choices)))
        self.question = question
        self.choices = choices
        self._value = None
        self._widget = None

    # --- the value ---------------------------------------------------------------------------------
    @property
    def value(self):
        """The committed prediction: a choice key, a number, or None."""
        if self._widget is not None:
            value = self._widget.value
            if self.choices is None:  # a text box: a number once something numeric is typed
                try:
                    number = float(str(value).replace(",", "").strip())
                except ValueError:
                    return None
                return number if math.isfinite(number) else None
            return value
        return self._value

    def choose(self, value):
        """Commit a prediction in code: one of the choice keys (or a number without choices)."""
        if self.choices is not None and value not in self.choices:
            raise ValueError(error("arg_err_choice", arg="value", allowed=", ".join(map(repr, self.choices)),
                                   got=repr(value)))
        if self.choices is None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                     or not math.isfinite(value)):
            raise ValueError(error("arg_err_choice", arg="value", allowed="a finite number", got=repr(value)))
        self._value = value
        if self._widget is not None:
            self._widget.value = value if self.choices is not None else f"{value:g}"
        return self

    # --- the widget --------------------------------------------------------------------------------
    def widget(self):
        import ipywidgets as widgets

        if self._widget is None:
            if self.choices is None:
                self._widget = widgets.Text(value="" if self._value is None else f"{self._value:g}",
                                            placeholder=t("predict_number"))
            else:
                options = [(say(label, lang=None).replace("\n", " / "), key) for key, label in self.choices.items()]
                self._widget = widgets.RadioButtons(options=options, value=self._value,
                                                    layout=widgets.Layout(width="auto"))
        question = widgets.HTML("<b>" + t("predict_label") + "</b> " + say(self.question).replace("\n", "<br>"))
        return widgets.VBox([question, self._widget])

    def _ipython_display_(self):
        from resnet_lessons.widgets.display import display_widget

        box = self.widget()
        choices = "" if self.choices is None else "\n" + "\n".join(
            f"  ({key}) " + say(label).replace("\n", " / ") for key, label in self.choices.items())
        display_widget(box, {"text/plain": t("predict_label") + " " + say(self.question) + choices})

    def _label(self, value):
        """(English, 中文) label of a choice key or a number."""
        if self.choices is None:
            return (f"{value:,.4g}",) * 2
        return self.choices[value]

    @staticmethod
    def _print(key, **fields):
        """Print string ``key`` with (English, 中文) pair fields put in each language's half."""
        halves = {lang: t(key, lang=lang, **{k: v[i] if isinstance(v, tuple) else v for k, v in fields.items()})
                  for i, lang in enumerate(("en", "zh"))}
        lang = get_language()
        print(halves[lang] if lang in halves else halves["en"] + " / " + halves["zh"])

    # --- the feedback ------------------------------------------------------------------------------
    def reveal(self, measured, tolerance=0.25):
        """Print the prediction against ``measured`` (a choice key, or a number); return True/False (None: no
        prediction yet). Numbers count as right within a relative ``tolerance``."""
        if self.choices is not None and measured not in self.choices:
            raise ValueError(error("arg_err_choice", arg="measured", allowed=", ".join(map(repr, self.choices)),
                               got=repr(measured)))
        answer = self._label(measured)
        guess = self.value
        if guess is None:
            print(t("predict_none"))
            self._print("predict_measured", answer=answer)
            return None
        if self.choices is not None:
            right = guess == measured
            self._print("predict_right" if right else "predict_wrong", guess=self._label(guess), answer=answer)
            return right
        right = guess != 0 and abs(measured - guess) <= tolerance * abs(measured)
        if right:
            self._print("predict_number_close", guess=self._label(guess), answer=answer, tol=tolerance)
        else:
            ratio = measured / guess if guess else math.inf
            self._print("predict_number_far", guess=self._label(guess), answer=answer, ratio=ratio)
        return right
