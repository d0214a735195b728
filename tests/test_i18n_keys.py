"""Every literal key the package passes to i18n.t / i18n.error exists in STRINGS (no missing translations)."""
import re
from pathlib import Path

import resnet_lessons
from resnet_lessons.i18n import STRINGS

PACKAGE = Path(resnet_lessons.__file__).parent
CALL = re.compile(r"""\b(?:t|error|i18n\.t|i18n\.error)\(\s*["']([a-z0-9_]+)["']""")


def used_keys():
    keys = {}
    for path in PACKAGE.rglob("*.py"):
        for key in CALL.findall(path.read_text(encoding="utf-8")):
            keys.setdefault(key, path.relative_to(PACKAGE).as_posix())
    return keys


def test_every_used_key_is_defined():
    # a key ending in "_" is a prefix completed at run time (t("signal_scaling_" + name)): some key must extend it
    missing = {key: where for key, where in used_keys().items()
               if (key not in STRINGS if not key.endswith("_") else not any(k.startswith(key) for k in STRINGS))}
    assert not missing, f"keys used but not defined in i18n.STRINGS: {missing}"


def test_keys_are_not_defined_twice():
    source = (PACKAGE / "i18n.py").read_text(encoding="utf-8")
    keys = re.findall(r'^\s{4}"([a-z0-9_]+)":\s*\(', source, re.M)
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"defined twice (the later one silently wins): {sorted(duplicates)}"


def test_experiments_keep_their_strings_in_i18n():
    # Config help and DESCRIPTION come from i18n.STRINGS: no (English, 中文) pair of literals in an experiment
    # module (a help text built from the module's own constants, like recipes' list of variants, is allowed).
    import ast
    import re
    from pathlib import Path

    cjk = re.compile(r"[\u4e00-\u9fff]")
    folder = Path(__file__).resolve().parents[1] / "resnet_lessons" / "experiments"
    found = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Tuple) and len(node.elts) == 2
                    and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
                    and cjk.search(node.elts[1].value)):
                found.append(f"{path.name}:{node.lineno}")
    assert not found, f"bilingual literals outside i18n.py: {found}"


def test_no_two_help_keys_hold_the_same_text():
    from collections import Counter

    from resnet_lessons.i18n import STRINGS

    counts = Counter(v for k, v in STRINGS.items() if k.startswith(("help_", "description_")))
    assert not [v for v, n in counts.items() if n > 1]
