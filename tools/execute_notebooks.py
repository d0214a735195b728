"""Execute notebooks in place, store their outputs, and print each one's run time.

    python tools/execute_notebooks.py notebooks/03_architecture.ipynb [...]
"""
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return seconds


RUN_TIMES = Path(__file__).resolve().parent.parent / "notebooks" / "run_times.json"


def record(name, seconds):
    """Keep the latest run time of each notebook in notebooks/run_times.json (shown in the README)."""
    times = json.loads(RUN_TIMES.read_text()) if RUN_TIMES.exists() else {}
    times[name] = {"seconds": round(seconds, 1), "cpus": os.cpu_count()}
    tmp = RUN_TIMES.with_suffix(".tmp")
    tmp.write_text(json.dumps(dict(sorted(times.items())), indent=1) + "\n")
    os.replace(tmp, RUN_TIMES)


def main(paths):
    if not paths:
        print("usage: python tools/execute_notebooks.py NOTEBOOK.ipynb ...")
        return 2
    for path in paths:
        seconds = execute(path)
        record(Path(path).name, seconds)
        print(f"{path}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
