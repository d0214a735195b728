"""The figure defects of issues 14 and 17, one test each, on real results (shipped or made small here)."""
import base64
import functools
import io
import math
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.ft2font import FT2Font  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import test_alt_text as cases  # noqa: E402
from test_plots_layout import covered, draw, legends  # noqa: E402

from resnet_lessons import i18n  # noqa: E402
from resnet_lessons.plots import style  # noqa: E402
from resnet_lessons.plots.style import (  # noqa: E402
    LINESTYLES, MARKERS, OTHER_COLORS, PLAIN_COLOR, RESIDUAL_COLOR, new_figure)


def _lines_of(ax, color):
    """The data lines of ``ax`` drawn in ``color`` (not faint per-seed lines, not reference lines across the axes,
    not dots without a line)."""
    rgba = matplotlib.colors.to_rgba(color)
    return [line for line in ax.lines if matplotlib.colors.to_rgba(line.get_color()) == rgba
            and (line.get_alpha() is None or line.get_alpha() >= 0.5) and line.get_transform() is ax.transData
            and len(line.get_xydata()) > 1 and line.get_linestyle() not in ("None", "", " ")]


# --- 1. legends never cover data: the shipped results -----------------------------------------------------

@functools.cache
def shipped():
    from resnet_lessons.experiments import degradation

    return degradation.load_sweep("degradation_full"), degradation.load_sweep("degradation_lecture")


@pytest.mark.parametrize("name", ["plot_training_curves", "plot_degradation",
                                  "plot_sweep_curves", "plot_sweep_vs_depth", "small_training_curves"])
def test_legends_cover_no_data_of_the_shipped_degradation_results(name):
    from resnet_lessons.plots import degradation as plots

    full, lecture = shipped()
    if name.startswith("plot_sweep"):
        fig = getattr(plots, name)(full)
    elif name == "small_training_curves":  # lesson 01's live run: plain-20 and plain-56, 6 epochs
        fig = plots.plot_training_curves(lecture.results[0])
    else:
        fig = getattr(plots, name)(full.results[0])
    draw(fig)
    found = legends(fig)
    assert found
    for _, legend in found:
        assert not covered(legend, fig), [t.get_text() for t in legend.get_texts()]


# --- 2. a diverged run is cut off and marked ---------------------------------------------------------------

def test_a_diverged_run_is_clipped_and_marked_not_stretching_the_axis():
    from resnet_lessons.plots.debugging import plot_loss_curves

    good = [2.3 * math.exp(-k / 40) + 0.2 for k in range(60)]
    curves = {"original": good, "weights x10, no BN": [1e13, float("nan")],
              "lr 10": [2.3, 3.0, 50.0, 4e4, float("inf")]}
    fig = plot_loss_curves(curves)
    drawn = draw(fig)
    ax = fig.axes[0]
    assert ax.get_ylim()[1] < 1e3  # the curves that matter keep the axis (was: stretched to 1e13)
    cap = 100 * 2.3  # 100 x the runs' median first loss
    for line in ax.lines:
        y = np.asarray(line.get_ydata(), dtype=float)
        assert not (y[np.isfinite(y)] > cap).any(), line.get_label()
    marks = [text.get_text() for text, _ in drawn if text.get_text() == i18n.t("debug_plot_diverged_mark")]
    assert len(marks) == 2  # "diverged / 发散" at each diverged run
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert sum("diverged at step" in label for label in labels) == 2 and "发散" in " ".join(labels)
    assert "diverged at step 1" in " ".join(labels) and "diverged at step 4" in " ".join(labels)  # 4e4 > cap
    assert "diverges at step 4" in fig.resnet_alt[0] and "第 4 步发散" in fig.resnet_alt[1]


# --- 3. point labels: no overlaps, each nearest its own point ---------------------------------------------

@functools.cache
def complexity_result():
    """torchvision's metadata for every ResNet and the reference models (counted on the meta device: no timing)."""
    from resnet_lessons.experiments import complexity

    return complexity.run(models=("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d",
                                  "wide_resnet50_2"), progress=False)


def _label_problems(ax, renderer):
    annotations = [a for a in ax.texts if hasattr(a, "xyann") and a.get_visible()]
    boxes = [Text.get_window_extent(a, renderer) for a in annotations]
    points = [ax.transData.transform(a.xy) for a in annotations]
    problems = []
    for i, (box, ann) in enumerate(zip(boxes, annotations)):
        if not ax.bbox.padded(1).contains(box.x0, box.y0) or not ax.bbox.padded(1).contains(box.x1, box.y1):
            problems.append(f"{ann.get_text()} outside its axes")
        for j in range(i + 1, len(boxes)):
            if box.overlaps(boxes[j]):
                problems.append(f"{ann.get_text()} overlaps {annotations[j].get_text()}")

        def gap(point, box=box):
            x, y = point
            return math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))

        nearest = min(range(len(points)), key=lambda k: gap(points[k]))
        if nearest != i and gap(points[nearest]) < gap(points[i]):
            problems.append(f"{ann.get_text()} is nearer to {annotations[nearest].get_text()}'s point")
    return annotations, problems


@pytest.mark.parametrize("where", ["plot_accuracy", "plot_recap"])
def test_point_labels_do_not_overlap_and_sit_next_to_their_own_point(where):
    from resnet_lessons.plots.complexity import plot_accuracy
    from resnet_lessons.plots.recap import plot_recap

    result = complexity_result()
    fig = plot_accuracy(result) if where == "plot_accuracy" else plot_recap(complexity=result)
    draw(fig)
    renderer = fig.canvas.get_renderer()
    names = {ref.name for ref in result.references if ref.acc1_v1 is not None}
    for ax in fig.axes:
        annotations, problems = _label_problems(ax, renderer)
        if annotations:
            assert {a.get_text() for a in annotations} == names  # every point named, the grey ones too
            assert not problems, problems


def test_recap_shows_alexnet_instead_of_clipping_it():
    from resnet_lessons.plots.recap import plot_recap

    result = complexity_result()
    fig = plot_recap(complexity=result)
    draw(fig)
    ax = fig.axes[3]
    alexnet = result.reference("alexnet") if hasattr(result, "reference") else \
        next(ref for ref in result.references if ref.name == "alexnet")
    low, high = ax.get_ylim()
    assert low < alexnet.acc1_v1 < high  # 56.5 %, in view
    assert "alexnet" in [a.get_text() for a in ax.texts]
    assert not covered(ax.get_legend(), fig)


# --- 4 and 9. titles say what is drawn -----------------------------------------------------------------

def test_the_signal_title_names_a_plain_net_when_only_plain_nets_are_drawn():
    from resnet_lessons.experiments import signal
    from resnet_lessons.plots.signal import plot_signal

    plain = signal.run(model="cifar", blocks=3, width=8, batch_size=8, norm="none", kinds=("plain",), progress=False)
    title = plot_signal(plain, lang="en").axes[0].get_title()
    assert "ResNet" not in title and "plain" in title
    both = signal.run(model="cifar", blocks=3, width=8, batch_size=8, norm="none", progress=False)
    assert "plain and residual" in plot_signal(both, lang="en").axes[0].get_title()


# --- 5. the minus sign ----------------------------------------------------------------------------------

def test_negative_ticks_use_the_minus_sign_and_both_fonts_have_it(caplog):
    assert matplotlib.rcParams["axes.unicode_minus"] is True
    assert 0x2212 in FT2Font(str(style.CJK_FONT_PATH)).get_charmap()  # the bundled subset has U+2212
    fig, ax = new_figure()
    ax.plot([-3, 0, 3], [-2, 0, 2])
    ax.set_title("残差 −1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drawn = draw(fig)
        fig.savefig(io.BytesIO(), format="png")
    assert not [str(w.message) for w in caught if "Glyph" in str(w.message)]
    ticks = [text.get_text() for text, _ in drawn if text.get_text().lstrip("\u2212").replace(".", "").isdigit()]
    negative = [text for text in ticks if text.startswith("\u2212")]
    assert negative and not [text for text in ticks if text.startswith("-")], ticks


def test_a_narrow_log_axis_still_shows_two_labelled_ticks():
    from resnet_lessons.plots.style import log_scale

    for low, high in ((0.15, 1.4), (2.0, 3.5), (1e-6, 2e-2), (3.1, 3.3)):
        fig, ax = new_figure()
        ax.plot([0, 1], [low, high])
        log_scale(ax, "y")
        ax.set_ylim(low, high)
        shown = {id(text) for text, _ in draw(fig)}
        labels = [tick.label1.get_text() for tick in ax.yaxis.get_major_ticks() if id(tick.label1) in shown]
        assert len(labels) >= 2, (low, high, labels)


# --- 8. plain and residual differ in colour, line style and marker ----------------------------------------

KIND_FIGURES = [("degradation", "plot_degradation"), ("degradation", "plot_sweep_vs_depth"),
                ("gradients", "plot_gradient_norms"), ("shattered", "plot_autocorrelation"),
                ("shattered", "plot_gradient_curves"), ("signal", "plot_signal"), ("landscape", "plot_landscape"),
                ("lesion", "plot_lesion"), ("lesion", "plot_lesion_seeds"), ("residual_fit", "plot_fits"),
                ("residual_fit", "plot_losses"), ("recap", "plot_recap")]


@pytest.mark.parametrize("module,name", KIND_FIGURES, ids=[f"{m}.{n}" for m, n in KIND_FIGURES])
def test_plain_and_residual_differ_in_colour_line_style_and_marker(module, name):
    fig, _ = getattr(cases, f"_case_{module}")(name)
    compared = 0
    for ax in fig.axes:
        plain, residual = _lines_of(ax, PLAIN_COLOR), _lines_of(ax, RESIDUAL_COLOR)
        for p in plain:
            for r in residual:
                compared += 1
                assert p.get_linestyle() != r.get_linestyle(), (p.get_label(), r.get_label())
                assert p.get_marker() != r.get_marker(), (p.get_label(), r.get_label())
    assert compared, f"{module}.{name}: no plain and residual lines side by side"
    assert LINESTYLES["plain"] != LINESTYLES["residual"] and MARKERS["plain"] != MARKERS["residual"]


# --- 9. single runs, integer ticks, captions, commands ------------------------------------------------------

def test_a_run_of_unknown_kind_never_gets_the_residual_or_the_plain_colour():
    kind_colors = {matplotlib.colors.to_rgba(c) for c in (PLAIN_COLOR, RESIDUAL_COLOR)}
    fig, ax = new_figure()
    (line,) = ax.plot([1, 2, 3])  # matplotlib's default colour in the house style
    assert matplotlib.colors.to_rgba(line.get_color()) not in kind_colors
    assert not kind_colors & {matplotlib.colors.to_rgba(c) for c in OTHER_COLORS}
    for module, name in [("debugging", "plot_gradient_flow"), ("debugging", "plot_loss_curves"),
                         ("schedules", "plot_schedules")]:
        fig, _ = getattr(cases, f"_case_{module}")(name)
        colors = {matplotlib.colors.to_rgba(line.get_color()) for ax in fig.axes for line in ax.lines}
        assert not colors & kind_colors, f"{module}.{name}: a net of unknown kind drawn in a plain/residual colour"


@pytest.mark.parametrize("module,name,axis", [("gradients", "plot_gradient_norms", "x"), ("signal", "plot_signal", "x"),
                                              ("paths", "plot_paths", "x"), ("residual_fit", "plot_losses", "x")])
def test_counted_axes_have_whole_number_ticks(module, name, axis):
    fig, _ = getattr(cases, f"_case_{module}")(name)
    draw(fig)
    for ax in fig.axes:
        target = ax.xaxis if axis == "x" else ax.yaxis
        low, high = sorted(target.get_view_interval())
        locs = [v for v in target.get_majorticklocs() if low <= v <= high]
        assert locs and all(float(v).is_integer() for v in locs), locs


def test_a_plain_savefig_keeps_the_caption_and_is_opaque_white(tmp_path):
    from PIL import Image

    assert matplotlib.rcParams["savefig.bbox"] == "tight"
    fig, _ = cases._case_debugging("plot_loss_curves")  # its legend is a caption below the axes
    path = tmp_path / "figure.png"
    fig.savefig(path)
    image = np.asarray(Image.open(path).convert("RGBA"))
    inches = fig.get_size_inches() * fig.dpi
    assert image.shape[0] >= inches[1] - 2  # nothing cut off the bottom
    assert tuple(image[-1, -1]) == (255, 255, 255, 255)


def test_precomputed_figures_print_the_same_command_as_the_lessons():
    from resnet_lessons.plots.degradation import plot_sweep_curves
    from resnet_lessons.plots.recap import plot_recap

    full, _ = shipped()
    printed = f"{full.command}  (S = {', '.join(map(str, full.seeds))})"  # lesson 01's "made with" line
    assert printed in plot_sweep_curves(full)._suptitle.get_text()
    assert printed in plot_recap(degradation=full)._supxlabel.get_text().replace("\n", " ")


# --- 7. a widget's figure before anything is trained -----------------------------------------------------

def test_the_empty_degradation_figure_has_a_percent_axis_and_notes_inside_their_panels():
    from resnet_lessons.experiments import degradation
    from resnet_lessons.plots.degradation import plot_degradation

    fig = plot_degradation(degradation.empty_result(degradation.Config(depths=(20, 56), epochs=2)))
    drawn = draw(fig)
    for ax in fig.axes:
        assert ax.get_ylim() == (0, 100)  # "%" runs 0-100, not 0-1
        for text in ax.texts:
            box = text.get_window_extent()
            assert ax.bbox.contains(box.x0, box.y0) and ax.bbox.contains(box.x1, box.y1), text.get_text()
    numbers = [text.get_text() for text, _ in drawn if text.get_text().replace(".", "").isdigit()]
    assert not [n for n in numbers if "." in n], numbers  # no 0.2, 0.4 ... on an axis with nothing on it


def test_the_depth_slider_cleared_shows_an_empty_figure_without_a_made_up_axis():
    from resnet_lessons.widgets.degradation import depth_slider_explorer

    panel = depth_slider_explorer(depth=20, background=False)
    panel.buttons["clear"].click()  # nothing trained: what the panel shows before its first Run
    assert not panel.figure.axes[0].lines and panel.error is None
    final = panel.figure.axes[2]
    assert final.get_ylim() == (0, 100) and list(final.get_xticks()) == [20]
    draw(panel.figure)
    for ax in panel.figure.axes:
        for text in ax.texts:
            box = text.get_window_extent()
            assert ax.bbox.contains(box.x0, box.y0) and ax.bbox.contains(box.x1, box.y1), text.get_text()


# --- 10. lecture style ----------------------------------------------------------------------------------

def _sizes(fig):
    drawn = draw(fig)
    fonts = [text.get_fontsize() for text, _ in drawn]
    widths = [line.get_linewidth() for ax in fig.axes for line in ax.lines
              if line.get_linestyle() not in ("None", "", " ") and line.get_visible()]
    return fonts, widths


def test_lecture_style_makes_every_text_14_pt_and_every_line_2_5_pt_and_then_goes_away():
    from resnet_lessons import plots

    assert style.current_style() == "default"
    with plots.lecture_style():
        assert style.current_style() == "lecture"
        figures = [cases._case_degradation("plot_sweep_vs_depth")[0], cases._case_debugging("plot_gradient_flow")[0],
                   cases._case_lesion("plot_lesion")[0]]
    assert style.current_style() == "default" and matplotlib.rcParams["font.size"] == 12
    for fig in figures:  # drawn after the block, as a notebook shows them
        fonts, widths = _sizes(fig)
        assert min(fonts) >= style.LECTURE_MIN_FONT and min(widths) >= style.LECTURE_MIN_LINE, (min(fonts),
                                                                                                 min(widths))
    fonts, widths = _sizes(cases._case_degradation("plot_sweep_vs_depth")[0])  # the default is back
    assert min(fonts) < style.LECTURE_MIN_FONT and min(widths) < style.LECTURE_MIN_LINE
    plots.use_style("lecture")
    try:
        fonts, _ = _sizes(cases._case_gradients("plot_gradient_norms")[0])
        assert min(fonts) >= style.LECTURE_MIN_FONT
    finally:
        plots.use_style("default")
    assert matplotlib.rcParams["font.size"] == 12
    with pytest.raises(ValueError, match="style"):
        plots.use_style("projector")


# --- 11. dark theme: opaque white PNGs -------------------------------------------------------------------

def test_the_notebook_and_panel_pngs_are_opaque_white_even_if_rcparams_say_transparent():
    from PIL import Image

    from resnet_lessons.plots.style import _figure_png
    from resnet_lessons.widgets.panel import figure_png

    with matplotlib.rc_context({"savefig.transparent": True, "figure.facecolor": "none"}):
        fig, ax = new_figure()
        ax.plot([1, 2, 3])
        for png in (base64.b64decode(_figure_png(fig)), figure_png(fig)):
            image = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
            for corner in (image[0, 0], image[0, -1], image[-1, 0], image[-1, -1]):
                assert tuple(corner) == (255, 255, 255, 255)
    for key in ("figure.facecolor", "savefig.facecolor"):
        assert matplotlib.colors.to_rgba(style.house_rc()[key]) == (1, 1, 1, 1)
    assert style.house_rc()["savefig.transparent"] is False
