"""tools/rerun_notebooks.py (`make test-rerun`) finds cells that are not idempotent."""
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from resnet_lessons import course

sys.path.insert(0, str(course.ROOT / "tools"))
import rerun_notebooks  # noqa: E402


def notebook(tmp_path, *sources, tags=None):
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for index, cell_tags in (tags or {}).items():
        nb.cells[index].metadata["tags"] = cell_tags
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def test_hidden_state_is_reported_and_the_clean_notebook_passes(tmp_path):
    state = notebook(tmp_path, "import time", "count = globals().get('count', 0) + 1\nprint('count', count)",
                     "print('took 0.5 s')")
    _, problems = rerun_notebooks.run_twice(state)
    assert len(problems) == 1 and "cell 1" in problems[0] and "count 1" in problems[0] and "count 2" in problems[0]

    # The same cell tagged nbval-ignore-output is not compared; timings are sanitized as nbval does.
    ignored = notebook(tmp_path, "import time", "count = globals().get('count', 0) + 1\nprint('count', count)",
                       "print('took', round(time.time() % 7, 3), 's')", tags={1: ["nbval-ignore-output"]})
    assert rerun_notebooks.run_twice(ignored)[1] == []


def test_an_error_on_the_second_pass_is_reported(tmp_path):
    once = notebook(tmp_path, "assert 'done' not in globals(), 'ran before'\ndone = True")
    _, problems = rerun_notebooks.run_twice(once)
    assert problems and problems[0].startswith("pass 2, cell 0") and "ran before" in problems[0]
    assert rerun_notebooks.main([str(once)]) == 1
