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
    Run button triggers it (for expensive work). For long runs: ``stoppable`` adds a
    Stop button (``compute`` calls ``panel.check_stop()`` between steps, which raises
    ``StopTraining``), ``background`` runs each Run in a thread so the kernel still hears
    Stop, and ``panel.progress(done, total, text)`` shows a progress bar in the status line.
    ``done(panel)`` runs after each Run (e.g. to say that it was stopped).
    """

    def __init__(self, title, controls, compute, draw, auto=True, run_label=None, stoppable=False,
                 background=False, done=None):
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.result = None
        self.figure = None
        self.error = None
        self.updates = 0
        self.background = background
        self._done = done
        self._lock = threading.Lock()  # guards _busy and _pending: Run may come from a thread
        self._busy = False
        self._pending = False
        self._stop = threading.Event()
        self._thread = None
        self.output = widgets.Output()
        self.status = widgets.HTML(value="")
        self.button = None
        self.stop_button = None
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

    @property
    def run_button(self):
        return self.button

    def add_buttons(self, *buttons):
        """More buttons in the row of controls (e.g. Clear)."""
        self.row.children = tuple(self.row.children) + tuple(buttons)

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change):
        self.update()

    # --- Run and Stop ------------------------------------------------------------------------------
    def start(self):
        """What Run does: clear a Stop request and update, in a thread when ``background``."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._set_running(True)
        if self.background:
            self._thread = threading.Thread(target=self._run, name="resnet-panel", daemon=True)
            self._thread.start()
        else:
            self._run()

    def _run(self):
        try:
            self.update()
            if self._done is not None:
                self._done(self)
        finally:
            self._set_running(False)

    def _set_running(self, running):
        if self.button is not None:
            self.button.disabled = running
        if self.stop_button is not None:
            self.stop_button.disabled = not running

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
        """Recompute and redraw; returns the figure (None if the computation failed)."""
        with self._lock:
            if self._busy:  # a change arrived mid-run: run once more afterwards, never pile up
                self._pending = True
                return self.figure
            self._busy = True
        try:
            while True:
                with self._lock:
                    self._pending = False
                self._update_once()
                with self._lock:
                    if not self._pending:
                        break
        finally:
            with self._lock:
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
            # the theme's error red (readable on a light and on a dark theme); #b00 where there is no theme
            self.status.value = ("<span style='color:var(--jp-error-color1, #b00)'>"
                                 + html.escape(f"{t('callback_error', lang='both')}: {type(err).__name__}: {err}", quote=False) + "</span>")
            return
        finally:
            if self.button is not None and not (self.stop_button is not None and not self.stop_button.disabled):
                self.button.disabled = False
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
