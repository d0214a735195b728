"""Regenerate the README's lesson tables and glossary from resnet_lessons.course and i18n.GLOSSARY.

    python tools/update_readme.py           # rewrite README.md
    python tools/update_readme.py --check   # exit 1 if README.md is out of date

Run times come from notebooks/run_times.json, written by tools/execute_notebooks.py.
"""
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from resnet_lessons import course  # noqa: E402
from resnet_lessons.i18n import GLOSSARY  # noqa: E402

README = course.ROOT / "README.md"
RUN_TIMES = course.ROOT / "notebooks" / "run_times.json"


def lesson_rows(lang):
    times = json.loads(RUN_TIMES.read_text()) if RUN_TIMES.exists() else {}
    head = ("| # | Lesson | What you measure | Run time (2-core CPU) | Colab |\n|---|---|---|---|---|" if lang == "en"
            else "| # | 课程 | 你将测量什么 | 运行时间（双核 CPU） | Colab |\n|---|---|---|---|---|")
    rows = [head]
    for name, title_en, title_zh, summary_en, summary_zh in course.LESSONS:
        if not (course.ROOT / "notebooks" / name).exists():
            continue
        title, summary = (title_en, summary_en) if lang == "en" else (title_zh, summary_zh)
        seconds = times.get(name, {}).get("seconds")
        run = f"{seconds:.0f} s" if seconds else "—"
        badge = course.badge_markdown(name, lang=lang)  # the lessons' own text link, in this table's language
        rows.append(f"| {name[:2]} | [{title}](notebooks/{name}) | {summary} | {run} | {badge} |")
    return "\n".join(rows)


def glossary_rows():
    rows = ["| English | 中文 |", "|---|---|"]
    rows += [f"| {en} | {zh} |" for en, zh in GLOSSARY.items()]
    return "\n".join(rows)


def render(text):
    blocks = {"lessons-en": lesson_rows("en"), "lessons-zh": lesson_rows("zh"), "glossary": glossary_rows()}
    for name, body in blocks.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name}:start --> … <!-- {name}:end --> block")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main(argv):
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if "--check" in argv:
        if new != old:
            print("README.md is out of date: run python tools/update_readme.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
