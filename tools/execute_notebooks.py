"""Execute notebooks in place, store their outputs, and print each one's run time.

    python tools/execute_notebooks.py notebooks/03_architecture.ipynb [...]
"""
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


def main(paths):
    if not paths:
        print("usage: python tools/execute_notebooks.py NOTEBOOK.ipynb ...")
        return 2
    for path in paths:
        seconds = execute(path)
        print(f"{path}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
