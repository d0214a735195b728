"""Students' own copies of the lessons, in my-lessons/ (git-ignored), so notebooks/ stays as shipped.

    python tools/working_copies.py sync        # copy the lessons missing from my-lessons/ (never overwrites)
    python tools/working_copies.py reset 01    # restore my-lessons/01_….ipynb from notebooks/

``make lab`` runs ``sync`` and opens my-lessons/; ``make reset-lesson N=01`` runs ``reset``. A reset keeps
the student's old copy in my-lessons/.backup/ (hidden in JupyterLab's file browser). ``make html`` and the
tests read notebooks/ only. Standard library only: it runs before (and without) the .venv.
"""
import os
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "notebooks"
TARGET = ROOT / "my-lessons"
LESSON = "[0-9][0-9]_*.ipynb"


class LessonNotFound(ValueError):
    """The lesson asked for is missing or matches no lesson (the message is bilingual)."""


def lessons(source=SOURCE):
    """The lesson notebooks shipped in ``source``, in order."""
    return sorted(Path(source).glob(LESSON))


def _copy(src, dst):
    """Copy the notebook's bytes (not its permissions) through a temporary file, so a copy is whole or absent."""
    tmp = dst.with_name(f".{dst.name}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def sync(source=SOURCE, target=TARGET):
    """Copy into ``target`` each lesson it lacks; never touch one already there. Return the names copied."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in lessons(source):
        dst = target / path.name
        if not dst.exists():
            _copy(path, dst)
            copied.append(path.name)
    style = Path(source) / "rise.css"  # the slides' stylesheet, read by RISE next to a lesson: always the shipped one
    if style.is_file() and (not (target / style.name).is_file()
                            or (target / style.name).read_bytes() != style.read_bytes()):
        _copy(style, target / style.name)
    return copied


def find_lesson(number, source=SOURCE):
    """The shipped lesson that ``number`` names: "01", "1", "01_degradation_problem" or the file name."""
    available = lessons(source)
    names = ", ".join(p.name[:2] for p in available)
    text = str(number or "").strip()
    if not text:
        raise LessonNotFound(f"N is missing: say which lesson, e.g. make reset-lesson N=01 (lessons: {names}) "
                             f"/ 缺少 N：请指明要恢复的课程，例如 make reset-lesson N=01（可选：{names}）")
    key = text[:-len(".ipynb")] if text.endswith(".ipynb") else text
    if re.fullmatch(r"\d{1,2}", key):
        matches = [p for p in available if p.name[:2] == key.zfill(2)]
    else:
        matches = [p for p in available if p.stem == key]
    if len(matches) != 1:
        raise LessonNotFound(f"N={text} matches no lesson (lessons: {names}) "
                             f"/ N={text} 不对应任何课程（可选：{names}）")
    return matches[0]


def reset(number, source=SOURCE, target=TARGET, now=None):
    """Restore one lesson in ``target`` from ``source``; keep the old copy in ``target``/.backup/.

    Return (restored path, backup path or None)."""
    src = find_lesson(number, source)
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    dst = target / src.name
    backup = None
    if dst.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
        backup = target / ".backup" / f"{src.stem}.{stamp}.ipynb"
        backup.parent.mkdir(exist_ok=True)
        shutil.copy2(dst, backup)
    _copy(src, dst)
    return dst, backup


def _shown(path):
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv, source=SOURCE, target=TARGET, out=None, err=None):
    out, err = out or sys.stdout, err or sys.stderr
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "sync" and not args:
        copied = sync(source, target)
        where = _shown(target)
        if copied:
            print(f"Copied {len(copied)} lesson(s) into {where}/ — your own copies; notebooks/ stays as shipped. "
                  f"/ 已将 {len(copied)} 课复制到 {where}/——这是你自己的副本，notebooks/ 保持原样。", file=out)
        else:
            print(f"Your lessons are in {where}/ (nothing overwritten). / 你的课程在 {where}/（未覆盖任何文件）。",
                  file=out)
        return 0
    if command == "reset" and len(args) <= 1:
        try:
            dst, backup = reset(args[0] if args else "", source, target)
        except LessonNotFound as error:
            print(f"error / 错误: {error}", file=err)
            return 2
        print(f"Restored {_shown(dst)} from notebooks/. / 已从 notebooks/ 恢复 {_shown(dst)}。", file=out)
        if backup:
            print(f"Your previous copy is kept as {_shown(backup)}. "
                  f"/ 你之前的副本已保存为 {_shown(backup)}。", file=out)
        print("If the lesson is open in JupyterLab, reload it (File > Reload Notebook from Disk). "
              "/ 如果该课已在 JupyterLab 中打开，请重新载入（File > Reload Notebook from Disk）。", file=out)
        return 0
    print("usage: python tools/working_copies.py sync | reset NN "
          "/ 用法：python tools/working_copies.py sync | reset NN", file=err)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
