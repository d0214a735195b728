"""The frame every widget of the course shares: controls, a figure, a status line.

A ``Panel`` holds the ipywidgets UI (``panel.ui``), its controls by name
(``panel.controls["depth"].value = 56``), the latest result and figure, and
shows itself in a notebook as the live widget *plus* a PNG of the current
figure in the same output. Front ends that run widgets (JupyterLab, Colab)
show the widget; those that cannot (GitHub, a plain HTML export) show the PNG,
so every stored notebook still reads with its figure.

Callbacks run through ``Panel.update``: an exception is caught and shown in
the panel's status line in both languages (never swallowed, never a dead UI),
and a change that arrives while an update is running is not stacked up: the
latest one runs once the current one ends.
"""
import base64
import html
import io
import unicodedata

import ipywidgets as widgets
from resnet_lessons.i18n import t
from resnet_lessons.widgets.display import display_widget


def figure_png(figure):
    """The PNG bytes of a matplotlib figure."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


SLIDERS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider,
           widgets.IntRangeSlider, widgets.FloatRangeSlider, widgets.SelectionRangeSlider)
CHOICES = (widgets.Dropdown, widgets.Select, widgets.SelectMultiple)


def text_width(text):
    """About how many pixels a label takes in JupyterLab's 13 px UI font (a CJK character about two Latin ones)."""
    return sum(13 if unicodedata.east_asian_width(char) in "WF" else 7 for char in str(text))


def fit_width(control):
    """Widen a slider or a choice box so that its bilingual label leaves room for the track or the options.

    ipywidgets gives every control the same width and takes the label's width out of it: a long
    "English / 中文" label would leave a slider with no track and cut the options of a dropdown.
    A width the widget set on purpose is kept.
    """
    if control.layout.width:
        return
    label = text_width(getattr(control, "description", "")) + 16
    if isinstance(control, SLIDERS):
        control.layout.width = f"{label + 240}px"  # track and readout
    elif isinstance(control, CHOICES):
        options = getattr(control, "_options_labels", ()) or ("",)
        control.layout.width = f"{label + max(text_width(o) for o in options) + 40}px"


def readout_text(control):
    """The value of a slider as its own readout would show it."""
    value = control.value
    if isinstance(control, (widgets.SelectionSlider, widgets.SelectionRangeSlider)):
        labels = control.label if isinstance(control.label, (tuple, list)) else (control.label,)
        return " – ".join(str(label) for label in labels)
    fmt = getattr(control, "readout_format", "d")
    values = value if isinstance(value, (tuple, list)) else (value,)
    return " – ".join(format(v, fmt) for v in values)


def read_only_readout(control):
    """``control`` with its editable readout replaced by a read-only label that follows its value.

    ipywidgets 8 lets a student type into a slider's readout; a typed value that is not one of the
    slider's values (depth 8 on a 6n+2 slider with a step, a blank) is silently dropped while the
    readout keeps showing it, so Run would train what the student did not ask for. A label cannot be
    typed into: what it shows is always the value that runs. Other controls are returned unchanged.
    """
    if not isinstance(control, SLIDERS) or not control.readout:
        return control
    control.readout = False
    label = widgets.Label(value=readout_text(control), layout=widgets.Layout(min_width="48px"))
    label.add_class("resnet-readout")

    def follow(change):
        label.value = readout_text(control)

    control.observe(follow, names="value")
    return widgets.HBox([control, label], layout=widgets.Layout(align_items="center"))


class Panel:
    """An interactive figure: ``compute(values) -> result``, ``draw(result) -> Figure``.

    ``controls`` maps names to ipywidgets controls; their values are passed to
    ``compute`` as a dict. ``auto=True`` recomputes on every change; otherwise a
    Run button triggers it (for expensive work).
    """

    def __init__(self, title, controls, compute, draw, auto=True, run_label=None):
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.result = None
        self.figure = None
        self.error = None
        self.updates = 0
        self._busy = False
        self._pending = False
        self.output = widgets.Output()
        self.status = widgets.HTML(value="")
        self.button = None
        rows = list(self.controls.values())
        for control in rows:
            fit_width(control)
        rows = [read_only_readout(control) for control in rows]
        if auto:
            for control in self.controls.values():
                control.observe(self._on_change, names="value")
        else:
            self.button = widgets.Button(description=run_label or t("run"), button_style="primary", icon="play")
            self.button.on_click(lambda _: self.update())
            rows.append(self.button)
        header = widgets.HTML(value=f"<b>{title}</b>")
        row = widgets.HBox(rows, layout=widgets.Layout(flex_flow="row wrap"))
        self.ui = widgets.VBox([header, row, self.status, self.output])
        # CSS classes name the parts for a browser test (and custom styles): the panel, whether it
        # redraws on every change ("auto") or on its Run button ("run"), its controls, status and figure.
        self.ui.add_class("resnet-panel")
        self.ui.add_class("resnet-panel-auto" if auto else "resnet-panel-run")
        row.add_class("resnet-panel-controls")
        self.status.add_class("resnet-panel-status")
        self.output.add_class("resnet-panel-output")

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change):
        self.update()

    def update(self):
        """Recompute and redraw; returns the figure (None if the computation failed)."""
        if self._busy:  # a change arrived mid-run: run once more afterwards, never pile up
            self._pending = True
            return self.figure
        self._busy = True
        try:
            while True:
                self._pending = False
                self._update_once()
                if not self._pending:
                    break
        finally:
            self._busy = False
        return self.figure

    def _update_once(self):
        if self.button is not None:
            self.button.disabled = True
        self.status.value = t("running")
        try:
            self.result = self.compute(self.values())
            figure = self.draw(self.result)
        except Exception as err:  # shown to the learner in both languages, not swallowed
            self.error = err
            self.status.value = ("<span style='color:#b00'>"
                                 + html.escape(f"{t('callback_error', lang='both')}: {type(err).__name__}: {err}", quote=False) + "</span>")
            return
        finally:
            if self.button is not None:
                self.button.disabled = False
        self.error = None
        self.updates += 1
        self.figure = figure
        self.status.value = ""
        # Replace the output's content directly: nothing leaks into the notebook cell's own outputs.
        self.output.outputs = ()
        self.output.append_display_data(figure)

    def _ipython_display_(self):
        static = {"text/plain": f"{self.title}\n[{t('static_copy')}]"}
        if self.figure is not None:
            static["image/png"] = base64.b64encode(figure_png(self.figure)).decode("ascii")
        display_widget(self.ui, static)
