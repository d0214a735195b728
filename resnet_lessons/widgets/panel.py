"""The frame every widget of the course shares: controls, a figure, a status line.

A ``Panel`` holds the ipywidgets UI (``panel.ui``), its controls by name
(``panel.controls["depth"].value = 56``), the latest result and figure, and
shows itself in a notebook as the live widget *plus* a PNG of the current
figure in the same output. Front ends that run widgets (JupyterLab, Colab)
show the widget; those that cannot (GitHub, a plain HTML export) show the PNG,
so every stored notebook still reads with its figure.

The first figure is drawn when the panel is made (from ``initial``, a shipped or
cached result, for a panel whose computation is expensive). Callbacks run
through the panel: an exception is caught and shown in the panel's status line
in both languages (never swallowed, never a dead UI); a change that arrives
while an update is running is not stacked up (the latest one runs once the
current one ends), and a Run while one is running does nothing.
"""
import base64
import html
import threading
import unicodedata

import ipywidgets as widgets
from resnet_lessons.i18n import t
from resnet_lessons.widgets.display import display_widget


def figure_png(figure):
    """The PNG bytes of a matplotlib figure: opaque white (readable on a dark theme), nothing cut off."""
    from resnet_lessons.plots.style import figure_png as house_png

    return house_png(figure)


def show_figure(output, figure):
    """Replace what ``output`` shows by ``figure`` (a PNG) in one assignment of its ``outputs`` trait:
    the old figure stays until the new one is there (no empty moment, no jump), and it is safe from a thread."""
    from resnet_lessons.plots.style import alt_text

    png = base64.b64encode(figure_png(figure)).decode("ascii")
    alt = alt_text(figure)
    output.outputs = ({"output_type": "display_data", "metadata": {"image/png": {"alt": alt}} if alt else {},
                       "data": {"image/png": png, "text/plain": alt or "<Figure>"}},)


def progress_html(done, total, text):
    """A status line with a progress bar: ``done`` of ``total`` steps, and what is happening."""
    return (f"<progress value='{done}' max='{max(total, 1)}' style='width:160px;vertical-align:middle'></progress> "
            + html.escape(text, quote=False))


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

    The first figure is drawn when the panel is made, so a stored notebook never shows an
    empty panel: from ``initial`` when given (a result, or a function ``initial(values)``
    returning one, e.g. a shipped or cached result: ``compute`` is not called for it; use
    the function form for a result that may be None), else from ``compute``.

    ``buttons`` adds buttons after Run: ``{name: (label, icon, action)}``; a click draws
    ``action(values)`` without calling ``compute`` (e.g. Clear), and the button is
    ``panel.buttons[name]``. ``remember=True`` computes each setting of the controls once
    and answers it from memory afterwards.

    For long runs: ``stoppable`` adds a Stop button (``compute`` calls ``panel.check_stop()``
    between steps, which raises ``StopTraining``), ``background`` runs each Run in a thread so
    the kernel still hears Stop, and ``panel.progress(done, total, text)`` shows a progress bar
    in the status line. ``done(panel)`` runs after each Run (e.g. to say that it was stopped).

    One thing at a time: while the panel computes, Run and the extra buttons are disabled and
    a Run or a button click from any thread does nothing (``start`` returns False); a change
    of an auto panel's controls is not stacked up, the latest one is computed afterwards.
    """

    def __init__(self, title, controls, compute, draw, auto=True, run_label=None, stoppable=False,
                 background=False, done=None, initial=None, buttons=None, remember=False):
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.result = None
        self.figure = None
        self.error = None
        self.updates = 0  # figures drawn from a result (the initial one included)
        self.background = background
        self._done = done
        self._memory = {} if remember else None
        self._lock = threading.Lock()  # guards _busy and _pending: Run may come from any thread
        self._busy = False
        self._pending = False
        self._stop = threading.Event()
        self._thread = None
        self.output = widgets.Output()
        self.status = widgets.HTML(value="")
        self.button = None
        self.stop_button = None
        self.buttons = {}
        rows = list(self.controls.values())
        for control in rows:
            fit_width(control)
        rows = [read_only_readout(control) for control in rows]
        if auto:
            for control in self.controls.values():
                control.observe(self._on_change, names="value")
        else:
            self.button = widgets.Button(description=run_label or t("run"), button_style="primary", icon="play")
            self.button.on_click(lambda _: self.start())
            rows.append(self.button)
            if stoppable:
                self.stop_button = widgets.Button(description=t("stop"), icon="stop", button_style="warning",
                                                  disabled=True)
                self.stop_button.on_click(lambda _: self.stop())
                rows.append(self.stop_button)
        for name, (label, icon, action) in (buttons or {}).items():
            self.buttons[name] = widgets.Button(description=label, icon=icon)
            self.buttons[name].on_click(self._button_handler(action))
            rows.append(self.buttons[name])
        header = widgets.HTML(value=f"<b>{title}</b>")
        self.row = widgets.HBox(rows, layout=widgets.Layout(flex_flow="row wrap"))
        self.ui = widgets.VBox([header, self.row, self.status, self.output])
        # CSS classes name the parts for a browser test (and custom styles): the panel, whether it
        # redraws on every change ("auto") or on its Run button ("run"), its controls, status and figure.
        self.ui.add_class("resnet-panel")
        self.ui.add_class("resnet-panel-auto" if auto else "resnet-panel-run")
        self.row.add_class("resnet-panel-controls")
        self.status.add_class("resnet-panel-status")
        self.output.add_class("resnet-panel-output")
        # The first figure.
        if initial is None:
            self.update()
        elif callable(initial):
            self._show(lambda: initial(self.values()))
        else:
            self._show(lambda: initial)

    @property
    def run_button(self):
        return self.button

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change):
        self.update()

    def _button_handler(self, action):
        return lambda _: self._show(lambda: action(self.values()))

    def _computed(self):
        """``compute`` for the current values (from memory when ``remember`` and seen before)."""
        values = self.values()
        if self._memory is None:
            return self.compute(values)
        key = tuple(values.items())
        if key not in self._memory:
            self._memory[key] = self.compute(values)
        return self._memory[key]

    # --- Run and Stop ------------------------------------------------------------------------------
    def start(self):
        """What Run does: compute and draw, in a thread when ``background``.

        Returns True if a run started; False, doing nothing, while the panel is busy (a second
        click, or a Run from another thread, never starts a second run)."""
        if not self._claim(queue=False):
            return False
        if self.background:
            self._thread = threading.Thread(target=self._work, args=(self._computed, True), name="resnet-panel",
                                            daemon=True)
            self._thread.start()
        else:
            self._work(self._computed, run=True)
        return True

    def stop(self):
        """Ask the running computation to stop at its next ``check_stop``."""
        self._stop.set()

    def check_stop(self):
        """Raise ``StopTraining`` if Stop was pressed (call it from ``compute`` between steps)."""
        from resnet_lessons.train import StopTraining

        if self._stop.is_set():
            raise StopTraining()

    def wait(self, timeout=None):
        """Wait for a background Run to finish."""
        if self._thread is not None:
            self._thread.join(timeout)

    def progress(self, done, total, text):
        self.status.value = progress_html(done, total, text)

    def show(self, figure):
        """Show ``figure`` now (e.g. live curves during a run), keeping the panel's own figure unchanged."""
        show_figure(self.output, figure)

    # --- recompute and redraw ----------------------------------------------------------------------
    def update(self):
        """Recompute and redraw; returns the figure (the last good one if the computation failed).

        A call while the panel is busy returns at once: the panel computes once more when the
        current work ends (changes never pile up)."""
        if self._claim(queue=True):
            self._work(self._computed)
        return self.figure

    def _show(self, make_result):
        """Draw ``make_result()`` without computing (the initial figure, an extra button); not while busy."""
        if self._claim(queue=False):
            self._work(make_result)

    def _claim(self, queue):
        """Take the panel for one piece of work; if it is busy, False (and, with ``queue``, compute again later)."""
        with self._lock:
            if self._busy:
                self._pending = self._pending or queue
                return False
            self._busy = True
            self._pending = False
        self._stop.clear()
        self._set_running(True)
        return True

    def _work(self, make_result, run=False):
        """Draw ``make_result()``, compute again while changes are pending, then free the panel."""
        try:
            while True:
                self._redraw(make_result)
                if run and self._done is not None:
                    self._done(self)
                with self._lock:  # checked and freed under one lock: no change is lost in between
                    if not self._pending:
                        self._free()
                        return
                    self._pending = False
                make_result = self._computed  # a change came meanwhile: compute for it
        except BaseException:  # e.g. KeyboardInterrupt: never leave the panel busy for good
            with self._lock:
                self._free()
            raise

    def _free(self):
        """The panel is free again (called with ``_lock`` held, so no Run starts in between)."""
        self._busy = False
        self._set_running(False)

    def _set_running(self, running):
        for button in (self.button, *self.buttons.values()):
            if button is not None:
                button.disabled = running
        if self.stop_button is not None:
            self.stop_button.disabled = not running

    def _redraw(self, make_result):
        self.status.value = t("running")
        try:
            result = make_result()
            figure = self.draw(result)
        except Exception as err:  # shown to the learner in both languages, not swallowed
            self.error = err
            # the theme's error red (readable on a light and on a dark theme); #b00 where there is no theme
            self.status.value = ("<span style='color:var(--jp-error-color1, #b00)'>"
                                 + html.escape(f"{t('callback_error', lang='both')}: {type(err).__name__}: {err}", quote=False) + "</span>")
            return
        self.result = result
        self.error = None
        self.updates += 1
        self.figure = figure
        self.status.value = ""
        if figure is not None:
            show_figure(self.output, figure)  # the old figure stays until this one replaces it

    def _ipython_display_(self):
        from resnet_lessons.plots.style import alt_text

        static = {"text/plain": f"{self.title}\n[{t('static_copy')}]"}
        metadata = {}
        if self.figure is not None:
            static["image/png"] = base64.b64encode(figure_png(self.figure)).decode("ascii")
            alt = alt_text(self.figure)
            if alt:
                metadata = {"image/png": {"alt": alt}}
        display_widget(self.ui, static, metadata)
