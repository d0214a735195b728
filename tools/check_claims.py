"""Every number a lesson's prose states is printed by that lesson or registered as cited.

    python tools/check_claims.py                      # all lessons: list every unsupported number
    python tools/check_claims.py notebooks/04_training.ipynb

A number in a markdown cell is *supported* when

- an output of the same notebook prints it (to the precision the prose gives: prose "51 %" is
  supported by a printed 51.0 or 50.8, prose "0.27" by 0.27 or 0.2700; a fraction printed as 0.51
  supports "51 %"), or
- it is registered in :data:`resnet_lessons.citations.CITED` with its source (paper + table/figure,
  or torchvision's metadata).

Numbers that are names, not claims, are skipped: model and dataset names (ResNet-56, CIFAR-10,
MNIST-1D), arXiv ids, years, section/table/figure numbers, kernel sizes (3x3, 1×1), anything inside
inline code or math, and small bare integers (counts below 100 with no unit: "9 blocks", "6
epochs"). Everything else — decimals, percentages, points, x-factors, times, parameter and MAC
counts, integers of 100 and more — must be supported. The test ``tests/test_claims.py`` runs this on
every lesson, and checks that a made-up number fails it.
"""
import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resnet_lessons.citations import cited_values  # noqa: E402

# --- what a number in prose is ------------------------------------------------------------------------

UNITS = (r"%|％|percentage points?|points?|个百分点|百分点|×|x\b|times\b|倍|ms\b|s\b|秒|seconds?\b|min\b|minutes?\b|"
         r"分钟|h\b|hours?\b|小时|M\b|million|百万|万|k\b|K\b|G\b|GMACs?\b|GFLOPs?\b|MACs?\b|FLOPs?\b|img/s|"
         r"images/s|张/秒|MB\b|GB\b|GiB\b|MiB\b")
NUMBER = re.compile(
    r"(?P<sign>[−\-+]?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e[−\-+]?\d+)?)"
    r"(?P<space>\s?)(?P<unit>" + UNITS + r")?")

# Spans removed before numbers are read: they hold code, math, links and names, not claims.
REMOVE = [
    re.compile(r"```.*?```", re.S),  # fenced code
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"\$[^$]*\$"),  # inline math
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<[^>]+>"),  # HTML tags
    re.compile(r"https?://\S+"),
    re.compile(r"arXiv:\s?\d{4}\.\d{4,5}(v\d)?", re.I),
    # versions: torchvision 0.29, Python 3.11, ipywidgets 7.7
    re.compile(r"\b(?:torch|torchvision|Python|python|ipywidgets|PyTorch|JupyterLab|nbval|numpy|version|v)\s?"
               r"(?:[<>=]=?\s?)?\d+(?:\.\d+)+"),
    # section, table, figure, equation, cell, question numbers (English and Chinese)
    re.compile(r"\b(?:Sec(?:tion)?s?|Tables?|Fig(?:ure)?s?|Eqs?|Equation|Chapter|Lesson|lessons?|step|Step|"
               r"question|Question|Q|part|Part|Algorithm|Appendix|cell|c|Exercise|exercise|TODO|no\.)"
               r"\.?\s?\d+(?:\.\d+)*(?:\s?(?:[-–—/,]|and|or|to)\s?\d+(?:\.\d+)*)*[a-z]?", re.I),
    re.compile(r"(?:表|图|第|节|问题|练习|课|步)\s?\d+(?:\.\d+)*(?:\s?[-–—/、，,和到]\s?\d+(?:\.\d+)*)*"),
    re.compile(r"\d+(?:\.\d+)*\s?(?:节|课)"),
    re.compile(r"\b\d+\s?[x×]\s?\d+(?:\s?[x×]\s?\d+)*"),  # kernel sizes and shapes: 3x3, 1×1, 224 x 224
    re.compile(r"\b(?:19|20)\d\d[a-z]?\b"),  # years (He et al. 2015, 2016a)
    re.compile(r"\d+n\s?\+\s?\d+"),  # 6n+2
    re.compile(r"\b[A-Za-z][A-Za-z0-9_]*(?:[-_.]\d+[A-Za-z0-9_.]*)+"),  # names: ResNet-56, CIFAR-10, layer1.0, V1.5
    re.compile(r"[\u4e00-\u9fff]+-\d+(?:\.\d+)?"),  # 普通网络-56, 残差网络-110
    re.compile(r"\b\d+-[A-Za-z]+\b"),  # 1-D, 2-D, 10-crop, 8-bit
    re.compile(r"\b[A-Za-z]+\d+[A-Za-z0-9]*\b"),  # bf16, conv2, fp32, c2, top1
    re.compile(r"^\s*\d+[.)]\s", re.M),  # list item numbers
    re.compile(r"^#+\s*\d+(?:\.\d+)*", re.M),  # heading numbers
]


@dataclass
class Claim:
    text: str  # as written
    value: float  # as a plain number in the unit of the prose
    decimals: int  # digits after the point in the prose
    unit: str
    cell: int
    context: str
    start: int = 0  # where the number starts in the cleaned text

    def __str__(self):
        return f"cell {self.cell}: {self.text!r} in …{self.context}…"


def _decimals(num):
    return len(num.split(".", 1)[1]) if "." in num and "e" not in num else 0


def clean_text(text):
    """``text`` with code, math, links and names blanked out (see REMOVE)."""
    for pattern in REMOVE:
        text = pattern.sub(" ", text)
    return text


def claims_in(text, cell=0):
    """The numbers in one markdown cell's text that must be supported."""
    clean = clean_text(text)
    found = []
    for match in NUMBER.finditer(clean):
        num, unit = match.group("num"), (match.group("unit") or "").strip()
        start = match.start("num")
        before = clean[max(0, start - 1):start]
        if before.isalpha() or before == "_":  # part of a word
            continue
        if unit and not match.group("space") and unit[0].isalpha() and clean[match.end():match.end() + 1].isalpha():
            unit = ""  # "5min" fine, "3rd" not: a letter glued on is a word
        value = float(num.replace(",", ""))
        if match.group("sign") in ("−", "-") and not clean[max(0, match.start() - 1):match.start()].isalnum():
            value = -value
        if not _checkable(num, value, unit):
            continue
        context = clean[max(0, match.start() - 40):match.end() + 20].replace("\n", " ")
        found.append(Claim(match.group(0).strip(), value, _decimals(num), unit, cell, " ".join(context.split()),
                           start))
    return found


def _checkable(num, value, unit):
    if unit:
        return True
    if "." in num:
        return True
    return abs(value) >= 100


# --- what a notebook prints ---------------------------------------------------------------------------

OUTPUT_NUMBER = re.compile(r"[−\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[−\-]?\d+(?:\.\d+)?(?:[eE][−\-+]?\d+)?")


def printed_numbers(cells):
    """Every number in the stored outputs of ``cells`` (text, HTML and alt text; images skipped)."""
    values = set()
    for cell in cells:
        for output in cell.get("outputs", []):
            texts = []
            if "text" in output:
                texts.append(_joined(output["text"]))
            for mime, data in output.get("data", {}).items():
                if mime.startswith("text/") or mime == "application/json":
                    texts.append(html.unescape(_joined(data)) if isinstance(data, (str, list)) else json.dumps(data))
            for meta in output.get("metadata", {}).values():
                if isinstance(meta, dict) and isinstance(meta.get("alt"), str):
                    texts.append(meta["alt"])
            for text in texts:
                for match in OUTPUT_NUMBER.finditer(text):
                    token = match.group(0).replace("−", "-").replace(",", "")
                    try:
                        values.add(float(token))
                    except ValueError:
                        pass
    return values


def _joined(value):
    return "".join(value) if isinstance(value, list) else str(value)


PERCENT_UNITS = ("%", "％", "points", "point", "percentage points", "percentage point", "个百分点", "百分点")
SCALES = (1, 100, 0.01, 1e-3, 1e3, 1e-6, 1e6, 1e-9, 1e9)  # a fraction printed for a %, k/M/G written out


ARITHMETIC = re.compile(r"((?:[\d.,]+|[·×*+\-−/() ])+?)\s?=\s?$")


def arithmetic_holds(claim, text):
    """True when ``claim`` is the result of arithmetic written just before it: "64·256 = 16,384"."""
    match = ARITHMETIC.search(text[:claim.start])
    if not match or not re.search(r"\d\s?[·×*+\-−/]\s?\(?\d", match.group(1)):
        return False
    expression = match.group(1).replace("·", "*").replace("×", "*").replace("−", "-").replace(",", "")
    try:
        value = eval(expression, {"__builtins__": {}})  # noqa: S307 - digits and operators only
    except (SyntaxError, ZeroDivisionError, TypeError):
        return False
    return abs(value - claim.value) <= 0.5 * 10 ** -claim.decimals + 1e-9


def supported(claim, printed, cited):
    """True when an output or a citation gives ``claim`` to the precision of the prose."""
    target, decimals = abs(claim.value), claim.decimals
    if claim.unit == "万":  # 2560 万 = 25.60 million
        target, decimals = target / 100, decimals + 2
    half = 0.5 * 10 ** -decimals + 1e-9
    for value in cited[claim.unit in PERCENT_UNITS]:  # a % needs a cited percentage; a bare number any
        if abs(abs(value) - target) <= half:
            return True
    for value in printed:
        for scale in SCALES:
            if abs(abs(value) * scale - target) <= half * (1 + 1e-9):
                return True
    return False


# --- a notebook -------------------------------------------------------------------------------------

def unsupported(path):
    """The claims of notebook ``path`` that no output and no citation supports."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = notebook["cells"]
    printed = printed_numbers(cells)
    cited = {True: cited_values(percentages=True), False: cited_values()}
    missing = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = _joined(cell["source"])
        clean = clean_text(text)
        for claim in claims_in(text, index):
            if not supported(claim, printed, cited) and not arithmetic_holds(claim, clean):
                missing.append(claim)
    return missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="default: every lesson in notebooks/")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0
    for path in paths:
        missing = unsupported(path)
        total += len(missing)
        for claim in missing:
            print(f"{Path(path).name} {claim}")
    print(f"{total} unsupported number(s) in {len(paths)} notebook(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
