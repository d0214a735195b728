"""`make help`: every target of the Makefile, one line each, in English and Chinese."""
import re
import shutil

import pytest
from helpers import CJK, run_make

from resnet_lessons import course

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def phony_targets():
    text = (course.ROOT / "Makefile").read_text().replace("\\\n", " ")
    return [t for line in re.findall(r"^\.PHONY:(.*)$", text, re.M) for t in line.split()]


def test_make_help_lists_every_phony_target_in_both_languages():
    result = run_make("-s", "help")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    targets = phony_targets()
    assert {"help", "setup", "lab", "reset-lesson", "test", "html"} <= set(targets)
    for target in targets:
        line = [row for row in lines if re.match(rf"\s*make {re.escape(target)}(\s|$)", row)]
        assert len(line) == 1, f"make help: no (or several) lines for {target}"
        assert " · " in line[0] and CJK.search(line[0]) and re.search(r"[A-Za-z]{3,}", line[0].split(" · ")[0])
    assert any("make reset-lesson N=01" in row for row in lines)
    assert len(lines) == len(targets)


def test_setup_stays_the_default_target():
    result = run_make("-n", "-p", "--no-builtin-rules", input="")
    assert re.search(r"^\.DEFAULT_GOAL := setup$", result.stdout, re.M)
