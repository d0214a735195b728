"""The bundled CJK font covers the course's Chinese text and renders it in PNG, SVG and PDF."""
import base64
import importlib
import importlib.util
import io
import json
import logging
import warnings
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

import resnet_lessons.plots as plots  # noqa: E402
from resnet_lessons import i18n  # noqa: E402
from resnet_lessons.plots import style  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _load_tool():
    spec = importlib.util.spec_from_file_location("make_font_subset", ROOT / "tools" / "make_font_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _load_tool()  # one definition of "CJK character" for the tool and the tests
CMAP = set(FT2Font(str(plots.CJK_FONT_PATH)).get_charmap())


def _missing(texts):
    found = set()
    for text in texts:
        found.update(TOOL.CJK_RE.findall(text))
    return "".join(sorted(ch for ch in found if ord(ch) not in CMAP))


FIX = "; run `python tools/make_font_subset.py` to rebuild the font with them"


# --- (a) coverage ----------------------------------------------------------------------------------

def test_font_covers_i18n_strings_and_glossary():
    texts = [key for key in i18n.STRINGS] + [s for pair in i18n.STRINGS.values() for s in pair]
    texts += [s for item in i18n.GLOSSARY.items() for s in item]
    missing = _missing(texts)
    assert not missing, f"not in the bundled font: {missing}" + FIX


def test_font_covers_package_sources():
    paths = sorted((ROOT / "resnet_lessons").rglob("*.py"))
    assert paths
    missing = _missing(p.read_text(encoding="utf-8") for p in paths)
    assert not missing, f"not in the bundled font: {missing}" + FIX


def test_font_covers_notebooks():
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        pytest.skip("no notebooks yet")
    texts = []
    for path in paths:
        texts += list(TOOL._strings(json.loads(path.read_text(encoding="utf-8"))))
    missing = _missing(texts)
    assert not missing, f"not in the bundled font: {missing}" + FIX


def test_font_covers_gb2312_and_basic_blocks():
    hanzi, symbols = TOOL.gb2312_chars()
    assert len(hanzi) == 6763 and len(symbols) == 682
    assert {ord(ch) for ch in hanzi | symbols} <= CMAP
    for name in ("ASCII", "Latin-1 Supplement", "CJK Symbols and Punctuation"):
        first, last = TOOL.BLOCKS[name]
        assert set(range(first, last + 1)) <= CMAP, name


# --- (b) drawing emits no warning ------------------------------------------------------------------

def _bilingual_figure():
    fig, ax = plots.new_figure()
    depths = [20, 32, 44, 56]
    ax.plot(depths, [-1.5, 0.5, 1.0, 2.0], label=i18n.t("plain", lang="both"), color=plots.PLAIN_COLOR)
    ax.plot(depths, [1.0, 0.5, 0.2, 0.1], label=i18n.t("residual", lang="both"), color=plots.RESIDUAL_COLOR)
    ax.set_title("Degradation problem / 退化问题：更深的普通网络，训练误差反而更高")
    ax.set_xlabel(i18n.t("depth", lang="zh"))
    ax.set_ylabel(i18n.t("train_error", lang="both") + "（%）")
    ax.set_xticks(depths, ["二十层", "三十二层", "四十四层", "五十六层"])
    ax.legend(title="网络")
    fig.suptitle("残差网络 ResNet — 测试 «Ü» −1")
    return fig


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_drawing_chinese_emits_no_warning(fmt, caplog):
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = _bilingual_figure()
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt)
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "Glyph" in m or "findfont" in m]
    assert messages == []
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")]
    assert buffer.getbuffer().nbytes > 1000


def test_pdf_embeds_the_cjk_font():
    buffer = io.BytesIO()
    _bilingual_figure().savefig(buffer, format="pdf")
    assert b"NotoSansCJKscSubset-Regular" in buffer.getvalue()


# --- (c) matplotlib finds the bundled file ---------------------------------------------------------

def test_family_resolves_to_bundled_file():
    found = font_manager.findfont(font_manager.FontProperties(family=plots.CJK_FAMILY),
                                  fallback_to_default=False)
    assert Path(found).resolve() == plots.CJK_FONT_PATH.resolve()
    assert FT2Font(str(plots.CJK_FONT_PATH)).family_name == plots.CJK_FAMILY


def test_rcparams_give_per_glyph_fallback():
    assert list(matplotlib.rcParams["font.family"]) == ["DejaVu Sans", plots.CJK_FAMILY]
    assert matplotlib.rcParams["font.sans-serif"][:2] == ["DejaVu Sans", plots.CJK_FAMILY]
    assert matplotlib.rcParams["axes.unicode_minus"] is True  # "−1" (U+2212): DejaVu Sans and the subset have it
    assert 0x2212 in CMAP


# --- (d) the glyphs are really drawn ---------------------------------------------------------------

def _render(char, **text_kw):
    fig = Figure(figsize=(1, 1), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, char, fontsize=60, ha="center", va="center", **text_kw)
    fig.canvas.draw()
    gray = np.asarray(fig.canvas.buffer_rgba())[..., :3].mean(axis=-1)
    return gray < 128


def test_png_contains_rendered_glyph():
    can = _render("残", family=plots.CJK_FAMILY)
    other = _render("差", family=plots.CJK_FAMILY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a missing glyph warns; that is the point here
        box = _render("\ue000", family=plots.CJK_FAMILY)  # private use: drawn as the .notdef box
    assert can.sum() > 300  # a real glyph: many dark pixels
    assert (can != box).sum() > 200 and (can != other).sum() > 200
    # The default rcParams (DejaVu Sans first) fall back to this glyph (placed a few pixels
    # differently, since the line metrics then come from DejaVu Sans).
    fallback, alone = _crop(_render("残")), _crop(can)
    assert fallback.shape == alone.shape and (fallback != alone).mean() < 0.1


def _crop(mask):
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return mask[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


# --- (e) size --------------------------------------------------------------------------------------

def test_font_file_is_small():
    assert plots.CJK_FONT_PATH.stat().st_size < 6 * 2**20
    assert (plots.CJK_FONT_PATH.parent / "OFL.txt").is_file()


# --- the package and its style ---------------------------------------------------------------------

def test_import_is_idempotent_and_silent():
    def entries():
        return sum(e.fname == str(plots.CJK_FONT_PATH) for e in font_manager.fontManager.ttflist)

    before = entries()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        importlib.reload(style)
        importlib.reload(plots)
        plots.apply_style()
    assert [str(w.message) for w in caught] == []
    assert entries() == before >= 1


def test_new_figure_applies_house_style():
    with matplotlib.rc_context({"figure.dpi": 50, "figure.figsize": (3, 3)}):
        fig, ax = plots.new_figure()
    assert isinstance(fig, Figure)
    assert fig.dpi == style.DPI and tuple(fig.get_size_inches()) == style.FIGSIZE
    line, = ax.plot([0, 1])
    # a line of no stated kind never gets the residual (or plain) colour
    assert line.get_color() == style.OTHER_COLORS[0] and line.get_linewidth() == 2
    _, axes = plots.new_figure(2, 3, sharex=True, figsize=(12, 6))
    assert axes.shape == (2, 3)
    assert plots.PLAIN_COLOR != plots.RESIDUAL_COLOR


@pytest.mark.parametrize("kwargs, exc", [({"nrows": 0}, ValueError), ({"ncols": -1}, ValueError),
                                         ({"nrows": 1.5}, TypeError), ({"ncols": True}, TypeError),
                                         ({"nrows": "2"}, TypeError)])
def test_new_figure_rejects_bad_grid(kwargs, exc):
    with pytest.raises(exc, match="must be a positive int") as info:
        plots.new_figure(**kwargs)
    assert "必须是正整数" in str(info.value) and next(iter(kwargs)) in str(info.value)


def test_returned_figure_displays_in_ipython(monkeypatch):
    ipython = pytest.importorskip("IPython")
    from IPython.core.formatters import DisplayFormatter

    shell = SimpleNamespace(display_formatter=DisplayFormatter())  # a kernel's shell, as far as we use it
    monkeypatch.setattr(ipython, "get_ipython", lambda: shell)
    plots.show_figures_in_notebooks()
    fig, ax = plots.new_figure()
    ax.set_title("残差")
    data, _ = shell.display_formatter.format(fig)
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
