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
