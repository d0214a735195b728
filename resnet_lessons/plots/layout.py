"""The house layout: what every figure of :func:`~resnet_lessons.plots.style.new_figure` does when it is drawn.

Matplotlib's constrained layout makes room for every axis label, title and legend. On top of it, when a
figure is drawn (shown, saved, or turned into a PNG by a panel), :class:`HouseLayoutEngine`

- wraps a label, title or caption that is longer than its axes (or the figure) at " / " (English above
  Chinese), then between words, so that no text runs past its axes or out of the figure;
- moves a legend that sits inside the axes to the first corner or edge where it covers no data (lines,
  points, bars, bands, labels), and outside the axes when there is no such place (to the right, or under
  the x label when that takes less of the axes' size); a legend placed with ``bbox_to_anchor`` stays put;
- places the labels of :func:`label_points` next to their own point: no two labels overlap, no label covers
  a point, and each label is nearer to its own point than to any other (a thin leader line when it had
  to move away);
- in the lecture style, raises every text to 14 pt and every line to 2.5 pt.

All of it is measured on the figure as drawn, so it holds for any data a widget brings, and for a figure
made bigger or smaller later.
"""
import math
import re

import numpy as np
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.contour import ContourSet
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

LECTURE_MIN_FONT = 14.0
LECTURE_MIN_LINE = 2.5
# Where a legend inside the axes may go, in the order tried after the one it was asked for.
LEGEND_LOCS = ("upper right", "upper left", "lower left", "lower right", "center right", "center left",
               "upper center", "lower center")
PAD = 2.0  # pixels of free space kept around a legend or a label


class HouseLayoutEngine(ConstrainedLayoutEngine):
    """Constrained layout, plus: long texts wrapped, legends moved off the data, point labels placed,
    and (``lecture=True``) the lecture style's minimum text size and line width."""

    def __init__(self, lecture=False, **kwargs):
        super().__init__(**kwargs)
        self.lecture = bool(lecture)
        self._size = None  # the figure's size and dpi at the last layout

    def execute(self, fig):
        renderer = fig._get_renderer()
        if self.lecture:
            enforce_minimums(fig)
        size = (*fig.get_size_inches(), fig.dpi)
        if size != self._size:  # a new size: wrap again, from the texts as they were written
            unwrap_texts(fig)
            self._size = size
        result = super().execute(fig)
        for _ in range(4):  # each round only wraps more or moves a legend out: it ends
            changed = wrap_long_texts(fig, renderer)
            place_all_point_labels(fig, renderer)
            changed = place_legends(fig, renderer) or changed
            if not changed:
                break
            result = super().execute(fig)
        place_all_point_labels(fig, renderer)
        for _ in range(2):  # constrained layout can end a few pixels short: run it again until all fits
            if _fits(fig, renderer):
                break
            result = super().execute(fig)
            place_all_point_labels(fig, renderer)
        return result


def _fits(fig, renderer):
    """Whether every legend, axis label, title and figure-level text is inside the figure (1 px of slack)."""
    texts = [fig._suptitle, fig._supxlabel, fig._supylabel, *fig.texts]
    boxes = [legend.get_window_extent(renderer) for legend in fig.legends if legend.get_visible()]
    for ax in fig.axes:
        if ax.get_visible():
            texts += [ax.xaxis.label, ax.yaxis.label, ax.title, ax._left_title, ax._right_title]
            legend = ax.get_legend()
            if legend is not None and legend.get_visible():
                boxes.append(legend.get_window_extent(renderer))
    boxes += [text.get_window_extent(renderer) for text in texts
              if text is not None and text.get_visible() and text.get_text()]
    whole = fig.bbox.padded(1)
    return all(box is None or (whole.x0 <= box.x0 and box.x1 <= whole.x1 and whole.y0 <= box.y0 and box.y1 <= whole.y1)
               for box in boxes)


# --- lecture style ------------------------------------------------------------------------------------

def enforce_minimums(fig, font=LECTURE_MIN_FONT, line=LECTURE_MIN_LINE):
    """Every text of ``fig`` at least ``font`` points, every drawn line at least ``line`` points wide."""
    for ax in fig.axes:
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            if any(tick.label1.get_fontsize() < font or tick.label2.get_fontsize() < font for tick in ticks):
                ax.tick_params(axis=name, which="both", labelsize=font)
        lines = list(ax.lines)
        legend = ax.get_legend()
        if legend is not None:
            lines += legend.get_lines()
        for item in lines:
            if _has_line(item) and item.get_linewidth() < line:
                item.set_linewidth(line)
    for legend in fig.legends:
        for item in legend.get_lines():
            if _has_line(item) and item.get_linewidth() < line:
                item.set_linewidth(line)
    for text in fig.findobj(Text):
        if text.get_fontsize() < font:
            text.set_fontsize(font)


def _has_line(line):
    return line.get_linestyle() not in ("None", "none", "", " ")


# --- long texts ---------------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _extent(artist, renderer, along):
    box = artist.get_window_extent(renderer)
    return box.width if along == "width" else box.height


def fit_text(artist, renderer, limit, along="width"):
    """Wrap ``artist``'s text so that its ``along`` size ("width" or "height", for a rotated y label) is at
    most ``limit`` pixels: first at " / " (English above Chinese), then between words or Chinese characters.
    Returns True when the text changed (:func:`unwrap_texts` gives the text as written back)."""
    text = artist.get_text()
    if not text or "$" in text or limit < 20 or _extent(artist, renderer, along) <= limit:
        return False
    limit = max(limit, 100)  # never one word per line
    if " / " in text:
        artist.set_text(text.replace(" / ", "\n"))
        if _extent(artist, renderer, along) <= limit:
            return True
    lines = []
    for line in artist.get_text().split("\n"):
        current = ""
        for token in _TOKENS.findall(line):
            trial = current + token
            artist.set_text(trial.strip())
            if current.strip() and not token.isspace() and _extent(artist, renderer, along) > limit:
                lines.append(current.rstrip())
                current = token
            else:
                current = trial
        lines.append(current.strip())
    artist.set_text("\n".join(lines))
    if artist.get_text() == text:
        return False
    artist._resnet_wrapped = (artist.__dict__.get("_resnet_wrapped", (text, None))[0], artist.get_text())
    return True


def unwrap_texts(fig):
    """Give every text that :func:`fit_text` wrapped (and nobody changed since) its text as written."""
    for text in fig.findobj(Text):
        wrapped = text.__dict__.pop("_resnet_wrapped", None)
        if wrapped is not None and text.get_text() == wrapped[1]:
            text.set_text(wrapped[0])


def wrap_long_texts(fig, renderer):
    """Wrap every axis label longer than its axes, every title wider than its axes and every figure-level
    text wider than the figure. Returns True when a text changed."""
    changed = False
    whole = fig.bbox
    for ax in fig.axes:
        box = ax.bbox
        if not ax.get_visible() or box.width < 20 or box.height < 20:
            continue
        # a text centred on the axes may be a little longer than the axes, never longer than twice the room
        # between the axes' centre and the nearer edge of the figure
        room_x = 2 * min(box.x0 + box.width / 2 - whole.x0, whole.x1 - box.x0 - box.width / 2) - 8
        room_y = 2 * min(box.y0 + box.height / 2 - whole.y0, whole.y1 - box.y0 - box.height / 2) - 8
        label = ax.yaxis.label
        if label.get_visible():
            changed |= fit_text(label, renderer, min(box.height, room_y), "height")
        label = ax.xaxis.label
        if label.get_visible():
            changed |= fit_text(label, renderer, min(max(1.05 * box.width, 150), room_x), "width")
        for title in (ax.title, ax._left_title, ax._right_title):
            if title.get_visible():  # wider than its axes, a title runs into the next panel's
                changed |= fit_text(title, renderer, min(max(1.05 * box.width, 150), room_x), "width")
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    for legend in legends:
        if legend is None or not legend.get_visible():
            continue
        # a legend entry (or title) wider than the figure allows pushes the axes to nothing: wrap it
        columns = max(1, getattr(legend, "_ncols", 1))
        limit = (0.9 * whole.width - 60 * columns) / columns
        for text in legend.get_texts() + [legend.get_title()]:
            changed |= fit_text(text, renderer, limit, "width")
    for text in [fig._suptitle, fig._supxlabel, *fig.texts]:
        if text is not None and text.get_visible():
            changed |= fit_text(text, renderer, fig.bbox.width - 8, "width")
    if fig._supylabel is not None and fig._supylabel.get_visible():
        changed |= fit_text(fig._supylabel, renderer, fig.bbox.height - 8, "height")
    return changed


# --- what a legend or a label must not cover ----------------------------------------------------------

def _display_runs(points):
    """The finite runs of an (N, 2) array of display points (NaN or inf ends a run)."""
    finite = np.isfinite(points).all(axis=1)
    runs, start = [], None
    for i, ok in enumerate(finite):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append(points[start:i])
            start = None
    if start is not None:
        runs.append(points[start:])
    return runs


class Obstacles:
    """The data of one Axes in display pixels: lines (as paths), points (with a radius), filled areas, boxes."""

    def __init__(self, ax, renderer, skip=()):
        self.paths, self.areas, self.points, self.boxes = [], [], [], []
        dpi = ax.figure.dpi
        skip = {id(artist) for artist in skip}
        for line in ax.lines:
            if id(line) in skip or not line.get_visible() or line.get_alpha() == 0:
                continue
            xy = np.asarray(line.get_xydata(), dtype=float)
            if xy.size == 0:
                continue
            shown = line.get_transform().transform(xy)
            if _has_line(line):
                self.paths += [Path(run) for run in _display_runs(shown) if len(run) > 1]
            marker = line.get_marker()
            if marker not in (None, "None", "none", "", " ") or len(xy) == 1:
                radius = max(line.get_markersize(), 2.0) / 2 * dpi / 72
                self.points += [(x, y, radius) for x, y in shown[np.isfinite(shown).all(axis=1)]]
        for coll in ax.collections:
            if id(coll) in skip or not coll.get_visible() or isinstance(coll, ContourSet):
                continue
            if isinstance(coll, PathCollection):
                offsets = np.asarray(coll.get_offsets(), dtype=float)
                if offsets.size == 0:
                    continue
                shown = coll.get_offset_transform().transform(offsets)
                sizes = coll.get_sizes() if len(coll.get_sizes()) else [36.0]
                for k, (x, y) in enumerate(shown):
                    if np.isfinite([x, y]).all():
                        self.points.append((x, y, math.sqrt(sizes[k % len(sizes)]) / 2 * dpi / 72))
            elif isinstance(coll, (PolyCollection, LineCollection)):
                transform = coll.get_transform()
                target = self.areas if isinstance(coll, PolyCollection) else self.paths
                for path in coll.get_paths():
                    if len(path.vertices):
                        shown = transform.transform(path.vertices)
                        if np.isfinite(shown).all():
                            target.append(Path(shown, path.codes))
        for patch in ax.patches:
            if id(patch) not in skip and patch.get_visible():
                box = patch.get_window_extent(renderer)
                if np.isfinite(box.extents).all() and box.width > 0 and box.height > 0:
                    self.boxes.append(box)
        for text in ax.texts:
            if id(text) not in skip and text.get_visible() and text.get_text().strip():
                self.boxes.append(Text.get_window_extent(text, renderer))

    def hit(self, box, pad=PAD):
        """Whether the display-pixel Bbox ``box`` (grown by ``pad``) covers any of the data."""
        big = box.padded(pad)
        for x, y, r in self.points:
            if big.x0 - r <= x <= big.x1 + r and big.y0 - r <= y <= big.y1 + r:
                return True
        for path in self.paths:
            if path.intersects_bbox(big, filled=False):
                return True
        for path in self.areas:
            if path.intersects_bbox(big, filled=True):
                return True
        return any(big.overlaps(other) for other in self.boxes)


# --- legends ------------------------------------------------------------------------------------------

def _is_inside(legend, ax):
    """A legend placed by ``loc`` alone (no bbox_to_anchor): inside the axes, and ours to move."""
    return legend.get_bbox_to_anchor() is ax.bbox and not getattr(legend, "_resnet_outside", False)


def _loc_name(code):
    from matplotlib.legend import Legend

    return next((name for name, value in Legend.codes.items() if value == code), "upper right")


def _set_loc(legend, name):
    """``legend.set_loc(name)`` (matplotlib 3.8+), or what it does in 3.7."""
    if hasattr(legend, "set_loc"):
        legend.set_loc(name)
    else:  # pragma: no cover - matplotlib 3.7
        from matplotlib.legend import Legend

        legend._set_loc(Legend.codes[name])


def place_legends(fig, renderer):
    """Put each legend that sits inside its axes where it covers no data, else outside on the right.
    Returns True when a legend moved outside (the layout must then make room for it)."""
    moved = False
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not legend.get_visible() or not _is_inside(legend, ax):
            continue
        obstacles = Obstacles(ax, renderer, skip=[legend])
        asked = _loc_name(legend._get_loc())
        if not hasattr(legend, "_resnet_asked"):
            legend._resnet_asked = asked if asked != "best" else LEGEND_LOCS[0]
        for loc in (legend._resnet_asked,) + tuple(loc for loc in LEGEND_LOCS if loc != legend._resnet_asked):
            _set_loc(legend, loc)
            box = legend.get_window_extent(renderer)
            if ax.bbox.contains(box.x0, box.y0) and ax.bbox.contains(box.x1, box.y1) and not obstacles.hit(box):
                break
        else:
            _put_outside(legend, ax, renderer)
            moved = True
    return moved


def _put_outside(legend, ax, renderer):
    """Beside the axes (right) or under them (below the tick labels and the x label), whichever takes the
    smaller share of the axes' size."""
    from matplotlib.transforms import ScaledTranslation

    box = legend.get_window_extent(renderer)
    legend._resnet_outside = True
    legend.borderaxespad = 0.0
    if box.width / max(ax.bbox.width, 1) <= box.height / max(ax.bbox.height, 1):
        _set_loc(legend, "upper left")
        legend.set_bbox_to_anchor((1.02, 1.0), transform=ax.transAxes)
        return
    legend.set_visible(False)
    below = ax.get_tightbbox(renderer)
    legend.set_visible(True)
    drop = (ax.bbox.y0 - below.y0 + 6) / ax.figure.dpi  # inches from the axes' bottom edge: fixed by the texts
    _set_loc(legend, "upper center")
    legend.set_bbox_to_anchor((0.5, 0.0), transform=ax.transAxes + ScaledTranslation(0, -drop,
                                                                                       ax.figure.dpi_scale_trans))


# --- point labels -------------------------------------------------------------------------------------

def label_points(ax, points, labels, radius=None, fontsize=8, color="0.15"):
    """Label data points of ``ax``: ``labels[i]`` names ``points[i]`` (an (x, y) pair in data coordinates).

    Every point that may not be covered (labelled or not) must be drawn before the figure is; the labels are
    placed when the figure is drawn (:func:`place_point_labels`). ``radius``: the markers' radius in points
    (default: from the scatter sizes of the axes). Returns the annotations.
    """
    annotations = []
    for (x, y), text in zip(points, labels):
        ann = ax.annotate(text, (x, y), xytext=(4, 3), textcoords="offset points", ha="left", va="bottom",
                          fontsize=fontsize, color=color, zorder=4,
                          arrowprops={"arrowstyle": "-", "color": "0.45", "linewidth": 0.7, "shrinkA": 1,
                                      "shrinkB": 0})
        ann.arrow_patch.set_visible(False)
        annotations.append(ann)
    registry = ax.__dict__.setdefault("_resnet_point_labels", [])
    registry.append({"annotations": annotations, "radius": radius})
    return annotations


# (dx, dy, shift): the side of the point the label goes to; ``shift`` slides a label above or below the point
# to the right (1) or left (-1) of centre, or one beside it up (1) or down (-1)
DIRECTIONS = ((1, 0, 0), (-1, 0, 0), (1, 1, 0), (-1, 1, 0), (1, -1, 0), (-1, -1, 0), (0, 1, 0), (0, -1, 0),
              (0, 1, 1), (0, 1, -1), (0, -1, 1), (0, -1, -1), (1, 0, 1), (1, 0, -1), (-1, 0, 1), (-1, 0, -1))
DISTANCES = (2, 6, 12, 20, 32, 48)  # points between a marker's edge and its label
LEADER = 12  # points: from this distance on, a leader line joins the label to its point


def _box_at(px, py, r, w, h, dx, dy, gap, shift=0):
    """The label box of size (w, h) on side (dx, dy) of the point (px, py), ``gap`` beyond its marker."""
    if dx == 0:
        left = px - w / 2 + shift * (w / 2 - r)
    else:
        reach = (r + gap) * (0.75 if dy else 1.0)
        left = px + reach if dx > 0 else px - reach - w
    if dy == 0:
        bottom = py - h / 2 + shift * (h / 2 - r)
    else:
        reach = (r + gap) * (0.75 if dx else 1.0)
        bottom = py + reach if dy > 0 else py - reach - h
    return Bbox.from_bounds(left, bottom, w, h)


def _distance(box, x, y):
    """Pixels from the point (x, y) to the nearest point of ``box``."""
    return math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))


def place_point_labels(ax, renderer):
    """Place the labels of :func:`label_points` in ``ax`` (see the module's docstring). A label that finds no
    good place because its point is near an edge of the axes gets room: the axes' limits widen, once."""
    failed = _place(ax, renderer)
    if failed and not getattr(ax, "_resnet_label_room", False):
        ax._resnet_label_room = True
        if _make_room(ax, failed):
            _place(ax, renderer)


def _make_room(ax, failed):
    """Widen the data limits of ``ax`` so that each point of ``failed`` has a label's size to its edges."""
    area = ax.bbox
    need = {"left": 0.0, "right": 0.0, "bottom": 0.0, "top": 0.0}
    for px, py, r, w, h in failed:
        need["left"] = max(need["left"], w + r + 12 - (px - area.x0))
        need["right"] = max(need["right"], w + r + 12 - (area.x1 - px))
        need["bottom"] = max(need["bottom"], h + r + 12 - (py - area.y0))
        need["top"] = max(need["top"], h + r + 12 - (area.y1 - py))
    changed = False
    for axis, low, high, size, get, set_ in ((ax.xaxis, "left", "right", area.width, ax.get_xlim, ax.set_xlim),
                                             (ax.yaxis, "bottom", "top", area.height, ax.get_ylim, ax.set_ylim)):
        a, b = max(need[low], 0.0) / size, max(need[high], 0.0) / size
        if a + b <= 0:
            continue
        shrink = min(a + b, 0.4) / (a + b)
        a, b = a * shrink, b * shrink
        scale = axis.get_transform()
        s0, s1 = scale.transform(np.array(get(), dtype=float).reshape(-1, 1)).ravel()
        span = (s1 - s0) / (1 - a - b)
        new = np.array([s0 - span * a, s1 + span * b]).reshape(-1, 1)
        set_(*scale.inverted().transform(new).ravel())
        changed = True
    return changed


def _place(ax, renderer):
    """One placement of every label of ``ax``; returns (px, py, r, w, h) of the labels with no good place."""
    groups = getattr(ax, "_resnet_point_labels", None)
    if not groups:
        return []
    dpi = ax.figure.dpi
    legend = ax.get_legend()
    obstacles = Obstacles(ax, renderer, skip=[a for g in groups for a in g["annotations"]] + [legend])
    points = obstacles.points
    avoid = list(obstacles.boxes)
    if legend is not None and legend.get_visible():
        avoid.append(legend.get_window_extent(renderer))
    area = ax.bbox
    todo = []
    for group in groups:
        for ann in group["annotations"]:
            ann.xyann = (0, 0)
            ann.update_positions(renderer)
            px, py = ax.transData.transform(ann.xy)
            if not np.isfinite([px, py]).all():
                continue
            text_box = Text.get_window_extent(ann, renderer)
            ann._resnet_corner = (text_box.x0 - px, text_box.y0 - py)  # where xyann (0, 0) puts the text
            radius = group["radius"] * dpi / 72 if group["radius"] is not None else \
                min((r for x, y, r in points if abs(x - px) < 0.5 and abs(y - py) < 0.5), default=3.0)
            crowd = sum(1 for x, y, _ in points if math.hypot(x - px, y - py) < 4 * text_box.width)
            todo.append((crowd, ann, px, py, radius, text_box.width, text_box.height))
    todo.sort(key=lambda item: -item[0])
    for _ in range(4):  # a label left without a good place goes first in the next round
        placed, failed, late = [], [], []
        for item in todo:
            if not _place_one(item, placed, points, avoid, area, dpi):
                failed.append(item[2:])
                late.append(item)
        if not late:
            break
        todo = late + [item for item in todo if item not in late]
    return failed


def _place_one(item, placed, points, avoid, area, dpi):
    """Put one label at its best place; returns whether that place breaks no rule."""
    _, ann, px, py, r, w, h = item
    best, best_cost = None, None
    for gap_pt in DISTANCES:
        gap = gap_pt * dpi / 72
        for dx, dy, shift in DIRECTIONS:
            box = _box_at(px, py, r, w, h, dx, dy, gap, shift)
            cost = 0.0
            if not (area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1):
                cost += 1000
            own = _distance(box, px, py)
            for x, y, radius in points:
                if abs(x - px) < 0.5 and abs(y - py) < 0.5:
                    continue
                other = _distance(box, x, y)
                if other <= radius + 1:
                    cost += 100  # covers a point
                elif other <= own + 1:
                    cost += 50  # nearer to another point than to its own
            grown = box.padded(1)
            cost += 100 * sum(grown.overlaps(b) for b in placed + avoid)
            cost += gap_pt / 10  # nearer is better
            if best_cost is None or cost < best_cost:
                best, best_cost = (box, gap_pt), cost
        if best_cost is not None and best_cost < 10:
            break
    box, gap_pt = best
    placed.append(box)
    # the text's own box is anchored at its lower left corner (ha="left", va="bottom")
    cx, cy = ann._resnet_corner
    ann.xyann = ((box.x0 - px - cx) * 72 / dpi, (box.y0 - py - cy) * 72 / dpi)
    ann.arrow_patch.set_visible(gap_pt >= LEADER)
    return best_cost < 10


def place_all_point_labels(fig, renderer):
    for ax in fig.axes:
        place_point_labels(ax, renderer)
