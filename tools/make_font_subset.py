"""Build the bundled CJK font: a subset of Noto Sans CJK SC with TrueType outlines.

    python tools/make_font_subset.py            # writes resnet_lessons/fonts/NotoSansCJKscSubset-Regular.ttf
    python tools/make_font_subset.py --source /path/to/NotoSansCJK-Regular.ttc --output my.ttf

Needs fontTools (a matplotlib dependency, so it is in .venv); the package itself never imports it.
Re-run it after adding Chinese text to the package or the notebooks: it scans resnet_lessons/**/*.py
and notebooks/*.ipynb and keeps every CJK character found there, on top of the fixed set:

- ASCII, Latin-1, General Punctuation, the minus sign U+2212, CJK Symbols and Punctuation, Halfwidth and
  Fullwidth Forms;
- every character of GB2312 (6,763 hanzi and 682 symbols), enumerated with Python's "gb2312" codec.

The CFF outlines are converted to quadratic TrueType outlines (fontTools cu2qu, max error 1 unit of
1000), so matplotlib can embed the font as Type 3 or Type 42 in PDF and PostScript. Layout tables
(GSUB/GPOS), vertical metrics and hints are dropped: matplotlib uses none of them.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # Debian's fonts-noto-cjk
DEFAULT_OUTPUT = ROOT / "resnet_lessons" / "fonts" / "NotoSansCJKscSubset-Regular.ttf"
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "Noto Sans CJK SC Subset"
POSTSCRIPT_NAME = "NotoSansCJKscSubset-Regular"

# Unicode blocks kept whole (whatever of them the source font has).
BLOCKS = {
    "ASCII": (0x0020, 0x007E),
    "Latin-1 Supplement": (0x00A0, 0x00FF),
    "General Punctuation": (0x2000, 0x206F),
    "Minus sign": (0x2212, 0x2212),  # matplotlib's tick labels (axes.unicode_minus)
    "CJK Symbols and Punctuation": (0x3000, 0x303F),
    "Halfwidth and Fullwidth Forms": (0xFF00, 0xFFEF),
}

# What counts as a CJK character when scanning sources (same ranges as tests/test_fonts.py).
CJK_RE = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef\u3200-\u33ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]"
)


def gb2312_chars():
    """Every character of GB2312, as (hanzi, symbols): rows 16-87 are hanzi, rows 1-9 symbols."""
    hanzi, symbols = set(), set()
    for row in range(0xA1, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                ch = bytes([row, col]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            (hanzi if row >= 0xB0 else symbols).add(ch)
    return hanzi, symbols


def _strings(obj):
    """Every string inside a JSON value."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _strings(value)


def project_cjk_chars(root=ROOT):
    """CJK characters used in the package's .py files and the notebooks."""
    found = set()
    for path in sorted((root / "resnet_lessons").rglob("*.py")):
        found.update(CJK_RE.findall(path.read_text(encoding="utf-8")))
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for text in _strings(nb):
            found.update(CJK_RE.findall(text))
    return found


def wanted_codepoints(root=ROOT):
    hanzi, symbols = gb2312_chars()
    codepoints = set()
    for first, last in BLOCKS.values():
        codepoints.update(range(first, last + 1))
    codepoints.update(ord(ch) for ch in hanzi | symbols | project_cjk_chars(root))
    return codepoints, len(hanzi), len(symbols)


def load_face(source, family=SOURCE_FAMILY):
    """The face named ``family`` from a .ttc collection (or the font itself for .otf/.ttf)."""
    from fontTools.ttLib import TTCollection, TTFont

    if str(source).lower().endswith((".ttc", ".otc")):
        for index, face in enumerate(TTCollection(source, lazy=True).fonts):
            if face["name"].getDebugName(1) == family:
                return TTFont(source, fontNumber=index, recalcTimestamp=False)
        raise SystemExit(f"{source}: no face named {family!r}")
    return TTFont(source, recalcTimestamp=False)


def subset(font, codepoints):
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.layout_features = []  # matplotlib does no shaping
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF"]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 5, 7, 8, 9, 11, 12, 13, 14]  # names we rewrite are added back below
    options.name_languages = [0x409]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)


def cff_to_truetype(font, max_err=1.0):
    """Replace CFF (cubic) outlines by glyf (quadratic) outlines, as in fontTools' otf2ttf snippet."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():  # TrueType wants lsb == xMin
        width = hmtx[name][0]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))

    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.compile(font)

    post = font["post"]
    post.formatType = 3.0  # no glyph names (the CID font has none worth keeping)
    post.extraNames, post.mapping = [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font, version):
    """A family name of its own, so matplotlib never confuses it with an installed Noto Sans CJK SC."""
    name = font["name"]
    description = (f"Subset of {SOURCE_FAMILY} {version} (ASCII, Latin-1, punctuation, GB2312 and the "
                   "course's own text) with TrueType outlines, made by tools/make_font_subset.py of "
                   "ResNet Lessons. Licensed under the SIL Open Font License 1.1.")
    for name_id, text in ((1, FAMILY), (2, "Regular"), (3, f"{version};{POSTSCRIPT_NAME};resnet-lessons"),
                          (4, FAMILY), (6, POSTSCRIPT_NAME), (10, description)):
        name.setName(text, name_id, 3, 1, 0x409)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE,
                        help="Noto Sans CJK .ttc/.otf (default: %(default)s)")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="where to write (default: %(default)s)")
    parser.add_argument("--keep-cff", action="store_true", help="keep the CFF outlines (an .otf; smaller)")
    args = parser.parse_args(argv)

    codepoints, n_hanzi, n_symbols = wanted_codepoints()
    font = load_face(args.source)
    version = font["name"].getDebugName(5).split(";")[0].replace("Version ", "")  # "2.004"
    available = set(font.getBestCmap())
    missing_project = sorted(ch for ch in project_cjk_chars() if ord(ch) not in available)
    subset(font, codepoints)
    if not args.keep_cff:
        cff_to_truetype(font)
    rename(font, version)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(output)

    covered = len(font.getBestCmap())
    print(f"source: {args.source} ({SOURCE_FAMILY}, {version})")
    print(f"GB2312: {n_hanzi} hanzi + {n_symbols} symbols; "
          f"project CJK characters: {len(project_cjk_chars())}")
    print(f"requested {len(codepoints)} code points, covered {covered}, glyphs {len(font.getGlyphOrder())}")
    print(f"wrote {output} ({output.stat().st_size:,} bytes, {output.stat().st_size / 2**20:.2f} MiB)")
    if missing_project:
        print("WARNING: not in the source font: " + "".join(missing_project), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
