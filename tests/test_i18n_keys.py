"""Every literal key the package passes to i18n.t / i18n.error exists in STRINGS (no missing translations)."""
import ast
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


# Keys that hold the same (English, 中文) pair as another key on purpose: the widget builds the key at run time from
# a prefix and a value (t("complexity_w_" + axis)), so each value needs its key under that prefix.
SAME_PAIR_BY_PREFIX = {
    "complexity_w_params": "parameters",            # widgets/complexity.py: t("complexity_w_" + axis)
    "debug_variant_preact": "recipes_variant_preact",              # widgets/debugging.py: t("debug_variant_" + v)
    "gradients_init_default": "recipes_variant_default_init",      # widgets/gradients.py: t("gradients_init_" + v)
}


def test_no_two_keys_hold_the_same_pair():
    first = {}
    same = []
    for key, pair in STRINGS.items():
        if key in SAME_PAIR_BY_PREFIX:
            assert STRINGS[SAME_PAIR_BY_PREFIX[key]] == pair, f"{key} no longer repeats {SAME_PAIR_BY_PREFIX[key]}"
            continue
        if pair in first:
            same.append((first[pair], key))
        first.setdefault(pair, key)
    assert not same, f"keys holding word-for-word the same (English, 中文) pair (keep one): {same}"


# --- no bilingual literal outside i18n.py -----------------------------------------------------------------------
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}")  # three English words in a row

# Allowed bilingual literals: (file, the name the literal is assigned to or passed as), each with its reason.
ALLOWED = {
    ("course.py", "SETUP_TEMPLATE"),  # Python source pasted into every lesson's setup cell, with bilingual comments
    ("cli.py", "description"),        # argparse texts of cli.py, owned by another branch: move them to i18n there
    ("cli.py", "help"),
}
# the reference solutions students read as code (exercises/lessonNN.py: *_SOLUTION = '''...''')
SOLUTION = re.compile(r"[A-Z0-9_]*SOLUTION$")


def _text(node):
    """The text of a str literal or the literal parts of an f-string; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _is_pair(a, b):
    ta, tb = _text(a), _text(b)
    return ta is not None and tb is not None and bool(CJK.search(ta)) != bool(CJK.search(tb))


def _skipped(tree, filename):
    """The nodes the check leaves alone: docstrings, solution sources and the allowed literals."""
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and _text(body[0].value) is not None:
            skipped.add(id(body[0].value))
        named = []
        if isinstance(node, ast.Assign):
            named = [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.keyword) and node.arg:
            named = [(node.arg, node.value)]
        for name, value in named:
            if SOLUTION.match(name) or name == "solution_code" or (filename, name) in ALLOWED:
                skipped.update(id(n) for n in ast.walk(value))
    return skipped


def bilingual_literals(source, filename="<snippet>"):
    """Line numbers of (English, 中文) literal pairs and of literals holding both languages in ``source``."""
    tree = ast.parse(source)
    skipped = _skipped(tree, filename)
    found = []
    for node in ast.walk(tree):
        rows = [node.elts] if isinstance(node, (ast.Tuple, ast.List)) else [node.args] if isinstance(node, ast.Call) else []
        for row in rows:
            row = [n for n in row if id(n) not in skipped]
            found += [a.lineno for a, b in zip(row, row[1:]) if _is_pair(a, b)]
        text = _text(node) if id(node) not in skipped else None
        if text and CJK.search(text) and ENGLISH_WORDS.search(text):
            found.append(node.lineno)
    return sorted(set(found))


def test_no_bilingual_literal_outside_i18n():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "i18n.py":
            continue
        name = path.relative_to(PACKAGE).as_posix()
        found += [f"{name}:{line}" for line in bilingual_literals(path.read_text(encoding="utf-8"), name)]
    assert not found, f"(English, 中文) literals outside i18n.py (give them a key in i18n.STRINGS): {found}"


def test_the_literal_check_finds_pairs_and_mixed_strings():
    snippet = '''
"""A docstring may say: English and 中文 are both fine here."""
title = ("Write the loop", "编写训练循环")
message = _line(f"got {n}, expected two", f"收到 {n}，应为 2")
raise ValueError(f"n must be a positive int, got {n} / n 必须是正整数")
LOOP_SOLUTION = """print("the solution is shown as code / 解答以代码形式展示")"""
ok = t("exercise_hint", i=1)
'''
    assert bilingual_literals(snippet) == [3, 4, 5]
