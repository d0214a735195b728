"""The course's rules for every lesson notebook, checked on the stored .ipynb files."""
import re
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest
from helpers import CJK

from resnet_lessons import course

NOTEBOOKS = sorted((course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LATIN = re.compile(r"[A-Za-z]{3,}")
FORBIDDEN = {
    "pretrained=True": re.compile(r"pretrained\s*=\s*True"),
    "simulated accuracy list": re.compile(r"\[\s*92\s*,\s*89\s*,\s*85"),
    "simulated gradients 0.9 ** depth": re.compile(r"0\.9\s*\*\*\s*(depth|np\.|layers)"),
}


def load(path):
    return nbformat.read(path, as_version=4)


def ids(paths):
    return [p.name for p in paths]


def test_every_lesson_file_is_known():
    names = {name for name, *_ in course.LESSONS}
    for path in NOTEBOOKS:
        assert path.name in names, f"{path.name} is not in resnet_lessons.course.LESSONS"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_header_has_badge_and_both_languages(path):
    """The Colab link is text (an <img> badge from colab.research.google.com is broken offline)."""
    first = load(path).cells[0]
    assert first.cell_type == "markdown"
    assert course.badge_markdown(path.name) in first.source, \
        "Colab link missing or stale: run tools/stamp_notebooks.py"
    assert "<img" not in first.source and "colab-badge.svg" not in first.source
    assert CJK.search(first.source) and LATIN.search(first.source)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_kernelspec_is_the_one_make_setup_installs(path):
    """Otherwise JupyterLab rewrites it on opening, and the lesson shows as modified."""
    assert load(path).metadata.get("kernelspec") == course.KERNELSPEC, "run tools/stamp_notebooks.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_setup_cell_installs_only_on_colab(path):
    cells = [c for c in load(path).cells if "setup" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "exactly one code cell tagged 'setup'"
    assert cells[0].source.startswith(course.setup_source().split("from resnet_lessons")[0])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_markdown_cells_are_bilingual(path):
    for i, cell in enumerate(load(path).cells):
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"<[^>]+>|\$[^$]*\$|`[^`]*`|\([^)]*\)", "", cell.source)
        if len(text.strip()) < 40:
            continue
        assert LATIN.search(text) and CJK.search(text), f"cell {i} is not English + 中文: {cell.source[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_all_code_cells_executed_without_errors(path):
    nb = load(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        assert cell.execution_count is not None, f"cell {i} was never run: run `make execute`"
        for out in cell.outputs:
            assert out.output_type != "error", f"cell {i} stored an error: {out.get('ename')}"


LESSONS = [p for p in NOTEBOOKS if p.name[:2] != "09"]  # 01-08 teach; 09 is the summary and its quiz
MAX_MARKDOWN = 3000  # characters of one markdown cell, both languages together: one idea per cell


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_has_an_exercise_with_check_hint_and_solution(path):
    """Each lesson 01-08 uses its exercises through resnet_lessons.exercises (check, hint, solution), and the
    solution is not sitting in plain sight under the exercise."""
    from resnet_lessons.exercises import all_exercises

    nb = load(path)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    text = "\n".join(c.source for c in nb.cells)
    used = set(re.findall(r'exercise\("(\d\d-[\w-]+)"\)', code))
    known = {item.name for item in all_exercises()}
    assert used, "a lesson needs an exercise: exercise(\"NN-name\").check(...)"
    assert used <= known, f"unknown exercises {sorted(used - known)}"
    assert all(name.startswith(path.name[:2]) for name in used)
    assert re.search(r"\.check\(", code) and ".hint()" in text and ".solution()" in text
    assert "<details>" not in text, "solutions live in exercise(...).solution(), not under the exercise"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_has_a_predict_then_measure_step(path):
    nb = load(path)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "Predict" in markdown and "预测" in markdown
    assert "Prediction(" in code and ".reveal(" in code, "the prediction is compared with the measurement"


def test_the_course_has_the_students_own_training_loop():
    from resnet_lessons.exercises import exercise

    loop = exercise("01-loop").solution_code
    assert ".backward()" in loop and ".step()" in loop and "zero_grad()" in loop
    lesson = load(next(p for p in NOTEBOOKS if p.name.startswith("01")))
    assert any('exercise("01-loop")' in c.source for c in lesson.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_markdown_cells_are_short(path):
    long = [(i, len(c.source)) for i, c in enumerate(load(path).cells)
            if c.cell_type == "markdown" and len(c.source) > MAX_MARKDOWN]
    assert not long, f"markdown cells over {MAX_MARKDOWN} characters (index, length): {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_no_simulated_figures_or_deprecated_api(path):
    code = "\n".join(c.source for c in load(path).cells if c.cell_type == "code")
    for what, pattern in FORBIDDEN.items():
        assert not pattern.search(code), f"{what} found"


def test_setup_cell_runs_pip_only_on_colab(monkeypatch):
    """Simulate Colab: the setup cell must call pip without deps; outside Colab it must not."""
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: calls.append(cmd))
    source = course.setup_source(repo="https://github.com/someone/fork")
    exec(compile(source, "setup", "exec"), {})
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(compile(source, "setup", "exec"), {})
    assert len(calls) == 1
    cmd = calls[0]
    assert cmd[1:5] == ["-m", "pip", "install", "-q"] and "--no-deps" in cmd
    assert "git+https://github.com/someone/fork.git" in cmd
    assert not any(part.startswith(("torch", "ipywidgets")) for part in cmd)


def test_badges_follow_the_repository_url():
    assert course.colab_url("03_architecture.ipynb", repo="https://github.com/a/b") == (
        "https://colab.research.google.com/github/a/b/blob/main/notebooks/03_architecture.ipynb")
    assert course.badge_markdown("03_architecture.ipynb", repo="https://github.com/a/b") == (
        "[Open in Colab · 在 Colab 中打开]"
        "(https://colab.research.google.com/github/a/b/blob/main/notebooks/03_architecture.ipynb)")
    with pytest.raises(ValueError, match="repo"):
        course.colab_url("03_architecture.ipynb", repo="gitlab.com/a/b")


def test_stamp_check_passes():
    result = subprocess.run([sys.executable, str(course.ROOT / "tools" / "stamp_notebooks.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_readme_lesson_table_and_glossary_are_current():
    result = subprocess.run([sys.executable, str(course.ROOT / "tools" / "update_readme.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_stored_figure_has_bilingual_alt_text(path):
    """Each PNG a lesson stores (figures and the static copies of widgets) carries a description (issue 14)."""
    missing = []
    for i, cell in enumerate(load(path).cells):
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
                if not (alt and CJK.search(alt) and LATIN.search(alt)):
                    missing.append(i)
    assert not missing, f"figures without bilingual alt text in cells {missing}"
