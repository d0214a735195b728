"""Run every cell of a notebook twice in one kernel: the second pass must raise nothing and print the same.

    python tools/rerun_notebooks.py notebooks/*.ipynb

A student re-runs cells all the time. This checks that each lesson is idempotent: running all
cells a second time in the same (not restarted) kernel raises no error, and every cell that nbval
compares (not tagged ``nbval-ignore-output``) prints the same text as on the first pass, after the
same sanitizing as ``make test-notebooks`` (tests/sanitize.cfg). A difference means hidden state:
a hook registered twice, a model that keeps training, a random draw that was not seeded in its cell.
The notebooks on disk are not changed. Exit status 1 if any notebook fails.
"""
import configparser
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
IGNORE_TAG = "nbval-ignore-output"


def sanitizers(path=ROOT / "tests" / "sanitize.cfg"):
    """The (regex, replacement) pairs nbval uses for this course."""
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def cell_text(cell, rules):
    """What nbval compares for one cell: streams and text/plain results, sanitized (images excluded)."""
    parts = []
    stream = None  # a stream may arrive in chunks that differ from run to run: join them
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text if out.name == stream else f"{out.name}:{out.text}")
            stream = out.name
            continue
        stream = None
        if out.output_type in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
        elif out.output_type == "error":
            parts.append(f"error:{out.ename}: {out.evalue}")
    text = "".join(parts)
    for regex, replacement in rules:
        text = regex.sub(replacement, text)
    return text


def run_twice(path, timeout=900):
    """Return (seconds, problems): problems is a list of strings, empty when the notebook is idempotent."""
    nb = nbformat.read(path, as_version=4)
    rules = sanitizers()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    problems = []
    first = {}
    start = time.perf_counter()
    with client.setup_kernel():
        for run in (1, 2):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as err:
                    problems.append(f"pass {run}, cell {index}: raised {str(err).strip().splitlines()[-1][:300]}")
                    return time.perf_counter() - start, problems
                if IGNORE_TAG in cell.metadata.get("tags", []):
                    continue
                text = cell_text(cell, rules)
                if run == 1:
                    first[index] = text
                elif text != first[index]:
                    problems.append(f"pass 2, cell {index}: printed something else than on pass 1\n"
                                    f"  pass 1: {first[index][:300]!r}\n  pass 2: {text[:300]!r}")
    return time.perf_counter() - start, problems


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    failed = 0
    for path in paths:
        seconds, problems = run_twice(path)
        status = "ok" if not problems else "FAILED"
        print(f"{path}: all cells twice in one kernel, {seconds:.0f} s: {status}", flush=True)
        for problem in problems:
            print("  " + problem)
        failed += bool(problems)
    print(f"{len(paths) - failed} of {len(paths)} notebooks are idempotent")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
