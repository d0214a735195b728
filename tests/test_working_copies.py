"""Students' own copies (tools/working_copies.py, `make lab`, `make reset-lesson`), in temporary folders."""
import io
import shutil
import sys

import pytest
from helpers import bilingual, run_make

from resnet_lessons import course

sys.path.insert(0, str(course.ROOT / "tools"))
import working_copies  # noqa: E402

NAMES = ["01_degradation_problem.ipynb", "02_skip_connections.ipynb", "09_summary.ipynb"]
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def dirs(tmp_path):
    source, target = tmp_path / "notebooks", tmp_path / "my-lessons"
    source.mkdir()
    for name in NAMES:
        (source / name).write_text(f'{{"shipped": "{name}"}}', encoding="utf-8")
    (source / "run_times.json").write_text("{}")  # not a lesson: not copied
    return source, target


def test_sync_copies_every_lesson_on_first_run(dirs):
    source, target = dirs
    assert working_copies.sync(source, target) == NAMES
    assert sorted(p.name for p in target.iterdir()) == NAMES
    for name in NAMES:
        assert (target / name).read_bytes() == (source / name).read_bytes()


def test_sync_never_overwrites_a_students_copy_and_adds_only_missing_lessons(dirs):
    source, target = dirs
    working_copies.sync(source, target)
    (target / NAMES[0]).write_text("my answers")
    (target / NAMES[1]).unlink()
    (source / NAMES[0]).write_text("a newer shipped version")
    assert working_copies.sync(source, target) == [NAMES[1]]
    assert (target / NAMES[0]).read_text() == "my answers"
    assert working_copies.sync(source, target) == []


def test_copies_are_writable_even_when_the_shipped_file_is_not(dirs):
    source, target = dirs
    (source / NAMES[0]).chmod(0o444)
    working_copies.sync(source, target)
    (target / NAMES[0]).write_text("saved")  # would raise PermissionError if the mode had been copied


@pytest.mark.parametrize("number", ["01", "1", " 01 ", "01_degradation_problem", "01_degradation_problem.ipynb"])
def test_find_lesson_accepts_number_or_name(dirs, number):
    assert working_copies.find_lesson(number, dirs[0]).name == NAMES[0]


@pytest.mark.parametrize("number", ["", None, "   "])
def test_missing_n_is_a_clear_bilingual_error(dirs, number):
    with pytest.raises(working_copies.LessonNotFound, match="N is missing") as info:
        working_copies.find_lesson(number, dirs[0])
    assert bilingual(info.value) and "make reset-lesson N=01" in str(info.value)


@pytest.mark.parametrize("number", ["42", "03", "abc", "001", "01_other"])
def test_unknown_lesson_is_a_clear_bilingual_error(dirs, number):
    with pytest.raises(working_copies.LessonNotFound, match="matches no lesson") as info:
        working_copies.find_lesson(number, dirs[0])
    assert bilingual(info.value) and "01, 02, 09" in str(info.value)


def test_reset_restores_one_lesson_and_keeps_the_old_copy(dirs):
    source, target = dirs
    working_copies.sync(source, target)
    (target / NAMES[0]).write_text("my answers")
    (target / NAMES[1]).write_text("other work")
    restored, backup = working_copies.reset("01", source, target, now=0)
    assert restored == target / NAMES[0]
    assert restored.read_bytes() == (source / NAMES[0]).read_bytes()
    assert backup.parent == target / ".backup" and backup.read_text() == "my answers"
    assert (target / NAMES[1]).read_text() == "other work"  # only the one lesson
    assert not list(target.glob(".*.tmp"))


def test_reset_of_a_lesson_not_copied_yet_just_copies_it(dirs):
    source, target = dirs
    restored, backup = working_copies.reset("9", source, target)
    assert restored.name == NAMES[2] and backup is None


def test_command_line_messages_and_exit_codes(dirs):
    source, target = dirs

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        code = working_copies.main(list(argv), source, target, out, err)
        return code, out.getvalue(), err.getvalue()

    code, out, _ = run("sync")
    assert code == 0 and "Copied 3 lesson(s)" in out and bilingual(out)
    code, out, _ = run("sync")
    assert code == 0 and "nothing overwritten" in out and bilingual(out)
    code, out, _ = run("reset", "02")
    assert code == 0 and "Restored" in out and NAMES[1] in out and "previous copy" in out and bilingual(out)
    for argv in (["reset"], ["reset", ""]):
        code, out, err = run(*argv)
        assert code == 2 and out == "" and "N is missing" in err and bilingual(err)
    code, _, err = run("reset", "77")
    assert code == 2 and "N=77 matches no lesson" in err
    code, _, err = run("bogus")
    assert code == 2 and "usage" in err


def test_the_real_lessons_are_what_sync_copies():
    assert [p.name for p in working_copies.lessons()] == [
        name for name, *_ in course.LESSONS if (course.ROOT / "notebooks" / name).exists()]
    assert working_copies.TARGET == course.ROOT / "my-lessons"


def test_my_lessons_is_git_ignored():
    assert "my-lessons/" in (course.ROOT / ".gitignore").read_text().split("\n")


@needs_make
def test_make_lab_opens_the_copies_and_tests_and_html_read_notebooks_only():
    def dry(target):
        return run_make("-n", "-B", target, "TORCH=cuda", check=True).stdout

    lab = dry("lab")
    assert "tools/working_copies.py sync" in lab and "jupyter lab my-lessons/" in lab
    for target in ("test-unit", "test-notebooks", "html", "execute", "test-rerun"):
        assert "my-lessons" not in dry(target), target
    assert "notebooks/01_degradation_problem.ipynb" in dry("test-notebooks")


@needs_make
def test_make_reset_lesson_refuses_without_n():
    result = run_make("-s", "reset-lesson")
    assert result.returncode != 0 and "N is missing" in result.stderr and bilingual(result.stderr)
