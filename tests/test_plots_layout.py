"""Every figure of every plot function, drawn as a reader sees it: nothing runs out of the figure, y labels stay
beside their axes, no legend covers data, log axes show at least two labelled ticks, minus signs are U+2212.

The figures are those of tests/test_alt_text.py (the registry of all plot_* functions, made from small real
results); each is drawn once and every check runs on that one drawing.
"""
import contextlib
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import test_alt_text as cases  # noqa: E402  (the plot registry: CASES, the _case_* makers, made())

SLACK = 1.0  # pixels


@contextlib.contextmanager
def recording_texts():
    """Collect ``(text, window extent)`` of every non-empty text that is really drawn (ticks out of view are not)."""
    drawn = []
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self, Text.get_window_extent(self, renderer)))

    Text.draw = draw
    try:
        yield drawn
    finally:
        Text.draw = original


def draw(fig):
    """Draw ``fig`` with Agg (the PNG path) and return the texts drawn, with their extents."""
    FigureCanvasAgg(fig)
    with recording_texts() as drawn:
        fig.canvas.draw()
    return drawn


def data_points(ax, step=3.0):
    """Display points of the data of ``ax``: every line's vertices and points along its segments (``step`` px
    apart), every scatter point."""
    points = []
    for line in ax.lines:
        if not line.get_visible() or line.get_alpha() == 0:
            continue
        xy = np.asarray(line.get_xydata(), dtype=float)
        if xy.size == 0:
            continue
        shown = line.get_transform().transform(xy)
        if line.get_linestyle() not in ("None", "", " "):
            for a, b in zip(shown[:-1], shown[1:]):
                if np.isfinite(a).all() and np.isfinite(b).all():
                    n = min(int(np.hypot(*(b - a)) / step) + 1, 2000)
                    points.append(a + np.linspace(0, 1, n + 1)[:, None] * (b - a))
        points.append(shown)
    for coll in ax.collections:
        if hasattr(coll, "get_offsets") and type(coll).__name__ == "PathCollection":
            offsets = np.asarray(coll.get_offsets(), dtype=float)
            if offsets.size:
                points.append(coll.get_offset_transform().transform(offsets))
    if not points:
        return np.empty((0, 2))
    points = np.concatenate(points)
    return points[np.isfinite(points).all(axis=1)]


def legends(fig):
    found = [(ax, ax.get_legend()) for ax in fig.axes if ax.get_legend() is not None]
    return found + [(None, legend) for legend in fig.legends]


def covered(legend, fig):
    """The data points of any axes of ``fig`` that lie inside ``legend``'s window extent."""
    box = legend.get_window_extent(fig.canvas.get_renderer()).padded(-SLACK)
    hits = []
    for ax in fig.axes:
        points = data_points(ax)
        inside = (points[:, 0] > box.x0) & (points[:, 0] < box.x1) & (points[:, 1] > box.y0) & (points[:, 1] < box.y1)
        hits += [tuple(p.round()) for p in points[inside]]
        for patch in ax.patches:  # bars
            if patch.get_visible() and patch.get_window_extent().padded(-SLACK).overlaps(box):
                hits.append(("bar", tuple(patch.get_window_extent().extents.round())))
    return hits


def outside(extent, bbox):
    return (extent.x0 < bbox.x0 - SLACK or extent.y0 < bbox.y0 - SLACK or extent.x1 > bbox.x1 + SLACK
            or extent.y1 > bbox.y1 + SLACK)


def layout_problems(fig):
    """Everything these tests forbid, as readable lines (empty: the figure is fine)."""
    drawn = draw(fig)
    shown = {id(text) for text, _ in drawn}
    problems = []
    for text, extent in drawn:  # (6) every text inside the figure
        if outside(extent, fig.bbox):
            problems.append(f"text {text.get_text()[:50]!r} at {extent.extents.round()} is outside the figure "
                            f"{fig.bbox.extents.round()}")
    for ax in fig.axes:
        label = ax.yaxis.label
        if id(label) in shown:  # (6) a y label never runs above or below its axes
            extent = label.get_window_extent()
            if extent.y1 > ax.bbox.y1 + 2 or extent.y0 < ax.bbox.y0 - 2:
                problems.append(f"y label {label.get_text()[:40]!r} ({extent.y0:.0f}–{extent.y1:.0f} px) runs past "
                                f"its axes ({ax.bbox.y0:.0f}–{ax.bbox.y1:.0f} px)")
        for axis in (ax.xaxis, ax.yaxis):
            labels = [tick.label1.get_text() or tick.label2.get_text() for tick in axis.get_major_ticks()
                      if id(tick.label1) in shown or id(tick.label2) in shown]
            if axis.get_scale() == "log" and len(labels) < 2:  # (9) a log axis needs two labels to be read
                problems.append(f"log {axis.axis_name} axis with {len(labels)} tick label(s): {labels}")
            hyphens = [text for text in labels if re.match(r"^\s*-\s*\d", text)]
            if hyphens:  # (5) a minus sign, not a hyphen
                problems.append(f"tick labels with a hyphen for minus: {hyphens}")
    for ax, legend in legends(fig):  # (1) no legend covers data
        if legend.get_visible():
            hits = covered(legend, fig)
            if hits:
                problems.append(f"legend {[t.get_text()[:20] for t in legend.get_texts()]} covers {len(hits)} data "
                                f"point(s), e.g. {hits[:3]}")
    return problems


@pytest.mark.parametrize("module,name", cases.CASES, ids=[f"{m}.{n}" for m, n in cases.CASES])
def test_every_figure_is_laid_out_for_its_reader(module, name):
    fig, _ = getattr(cases, f"_case_{module}")(name)
    problems = layout_problems(fig)
    assert not problems, f"{module}.{name}:\n" + "\n".join(problems)


def test_the_checks_can_fail():
    """The checks above see the defects they are about (a figure made badly on purpose)."""
    from resnet_lessons.plots.style import new_figure

    fig, (ax, log) = new_figure(1, 2, layout="none")  # no house layout: nothing fixes it
    ax.plot([0, 10], [10, 10], marker="o", label="data")  # along the top, where the legend goes
    ax.plot([0, 10], [0, 0])
    ax.legend(loc="upper left")
    ax.set_ylabel("a y label far too long for its axes " * 4)
    log.plot([1, 2], [2, 5])
    log.set_yscale("log")
    log.set_ylim(2, 5)  # no decade in view: no labelled major tick
    ax.set_xticks([-5, 0, 5], ["-5", "0", "5"])  # a hyphen where the minus sign belongs
    fig.text(0.9, 0.5, "a caption that runs out of the figure")
    problems = "\n".join(layout_problems(fig))
    for expected in ("outside the figure", "runs past its axes", "log y axis", "covers", "hyphen"):
        assert expected in problems, (expected, problems)
