"""tools/stamp_notebooks.py on copies in a temporary folder: kernelspec, Colab and Kaggle links, `--check`;
the setup cell's install on Colab and Kaggle (simulated) and its language line."""
import os
import re
import shutil
import subprocess
import sys
import types

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from resnet_lessons import course

sys.path.insert(0, str(course.ROOT / "tools"))
import stamp_notebooks  # noqa: E402

NAME = "03_architecture.ipynb"
NOTEBOOKS = sorted((course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
OLD_BADGE = ('<a href="https://colab.research.google.com/github/someone/old/blob/main/notebooks/03_architecture.ipynb"'
             ' target="_parent"><img src="https://colab.research.google.com/assets/colab-badge.svg" '
             'alt="Open In Colab"/></a>')


def old_lesson(folder, badge=OLD_BADGE, kernelspec=None):
    """A lesson as they were stamped before: the stock "Python 3" kernelspec and the <img> badge."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = kernelspec or {"name": "python3", "display_name": "Python 3", "language": "python"}
    header = f"{badge}\n\n# 03 · ResNet architecture\n# 03 · ResNet 架构"
    nb.cells = [new_markdown_cell(header, metadata={"tags": ["header"]}),
                new_code_cell(course.setup_source().rstrip("\n"), metadata={"tags": ["setup"]}),
                new_markdown_cell("## 1. Blocks\n\nText. 文字。")]
    path = folder / NAME
    nbformat.write(nb, path)
    return path


def check(*paths):
    return subprocess.run([sys.executable, str(course.ROOT / "tools" / "stamp_notebooks.py"), "--check",
                           *map(str, paths)], capture_output=True, text=True)


def test_check_fails_on_the_stock_kernelspec_and_stamping_writes_the_one_make_setup_installs(tmp_path):
    path = old_lesson(tmp_path)
    result = check(tmp_path)
    assert result.returncode == 1 and f"{NAME}: out of date" in result.stdout
    assert nbformat.read(path, as_version=4).metadata.kernelspec["display_name"] == "Python 3"  # --check wrote nothing
    assert stamp_notebooks.main([str(tmp_path)]) == 0
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec == course.KERNELSPEC
    assert nb.metadata.kernelspec == {"name": "python3", "display_name": "Python 3 (resnet-lessons)",
                                      "language": "python"}
    assert check(path).returncode == 0


@pytest.mark.parametrize("kernelspec", [
    {"name": "python3", "display_name": "Python 3 (resnet-lessons)"},                      # language missing
    {"name": "venv", "display_name": "Python 3 (resnet-lessons)", "language": "python"},   # another kernel
    {**course.KERNELSPEC, "env": {}},                                                      # something extra
])
def test_any_other_kernelspec_is_out_of_date(tmp_path, kernelspec):
    old_lesson(tmp_path, badge=course.badge_markdown(NAME), kernelspec=kernelspec)
    nb = nbformat.read(tmp_path / NAME, as_version=4)
    assert stamp_notebooks.stamp(nb, NAME) is True and nb.metadata.kernelspec == course.KERNELSPEC


def test_the_img_badge_becomes_a_text_link_and_stamping_twice_changes_nothing(tmp_path):
    path = old_lesson(tmp_path)
    stamp_notebooks.main([str(path)])
    first = nbformat.read(path, as_version=4).cells[0].source
    assert first.startswith(course.links_markdown(NAME) + "\n\n# 03 · ResNet architecture")
    assert "<img" not in first and "colab-badge.svg" not in first and "someone/old" not in first
    nb = nbformat.read(path, as_version=4)
    assert stamp_notebooks.stamp(nb, NAME) is False


@pytest.mark.parametrize("badge", [
    "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
    "(https://colab.research.google.com/github/a/b/blob/main/notebooks/03_architecture.ipynb)",
    "[Open in Colab](https://colab.research.google.com/github/a/b/blob/dev/notebooks/03_architecture.ipynb)",
])
def test_other_forms_of_the_link_are_replaced_whole(badge):
    source = f"{badge}\n\n# 03 · title"
    assert stamp_notebooks.stamp_badge(source, NAME) == f"{course.links_markdown(NAME)}\n\n# 03 · title"
    # with an old Kaggle link after it (another fork, another branch): both replaced, nothing doubled
    old_kaggle = "[Open in Kaggle](https://www.kaggle.com/kernels/welcome?src=https://github.com/a/b/blob/dev/x.ipynb)"
    source = f"{badge} · {old_kaggle}\n\n# 03 · title"
    stamped = stamp_notebooks.stamp_badge(source, NAME)
    assert stamped == f"{course.links_markdown(NAME)}\n\n# 03 · title"
    assert stamp_notebooks.stamp_badge(stamped, NAME) == stamped


def test_the_colab_link_is_text_in_both_languages_and_follows_the_repository():
    link = course.badge_markdown(NAME, repo="https://github.com/a/b")
    assert link == ("[Open in Colab · 在 Colab 中打开]"
                    "(https://colab.research.google.com/github/a/b/blob/main/notebooks/03_architecture.ipynb)")
    assert course.badge_markdown(NAME, lang="en").startswith("[Open in Colab](")
    assert course.badge_markdown(NAME, lang="zh").startswith("[在 Colab 中打开](")
    with pytest.raises(ValueError, match="lang"):
        course.badge_markdown(NAME, lang="fr")
    assert course.header_source(NAME).startswith(course.badge_markdown(NAME) + " · [Open in Kaggle")


def test_a_real_lesson_copy_stamps_clean(tmp_path):
    shutil.copy(course.ROOT / "notebooks" / NAME, tmp_path / NAME)
    stamp_notebooks.main([str(tmp_path)])
    nb = nbformat.read(tmp_path / NAME, as_version=4)
    assert nb.metadata.kernelspec == course.KERNELSPEC
    assert nb.cells[0].source.startswith(course.badge_markdown(NAME)) and "<img" not in nb.cells[0].source
    assert check(tmp_path / NAME).returncode == 0


def test_paths_that_are_not_notebooks_are_refused(tmp_path):
    with pytest.raises(SystemExit, match="not a notebook"):
        stamp_notebooks.main([str(tmp_path / "missing.ipynb")])


def test_the_kaggle_link_opens_the_lesson_from_github_beside_colab():
    assert course.kaggle_url(NAME, repo="https://github.com/a/b") == (
        "https://kaggle.com/kernels/welcome?src=https://github.com/a/b/blob/main/notebooks/03_architecture.ipynb")
    links = course.links_markdown(NAME, repo="https://github.com/a/b")
    assert links == (course.badge_markdown(NAME, repo="https://github.com/a/b") + " · [Open in Kaggle · 在 Kaggle 中打开]"
                     "(https://kaggle.com/kernels/welcome?src=https://github.com/a/b/blob/main/notebooks/03_architecture.ipynb)")
    assert course.header_source(NAME).startswith(course.links_markdown(NAME) + "\n\n# 03 · ResNet architecture")
    with pytest.raises(ValueError, match="repo"):
        course.kaggle_url(NAME, repo="https://gitee.com/a/b")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_has_both_links_and_the_language_line(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source.startswith(course.links_markdown(path.name)), "run tools/stamp_notebooks.py"
    (setup,) = [c for c in nb.cells if "setup" in c.metadata.get("tags", [])]
    assert setup.source.startswith(course.setup_source().split("seed_everything(0)")[0])


def run_setup(monkeypatch, env=None, kaggle_dir=False, colab=False):
    """Execute the setup cell's source with pip replaced by a recorder; return the pip commands it ran."""
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: calls.append(cmd))
    monkeypatch.delenv(course.KAGGLE_ENV, raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    real_isdir = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda p: kaggle_dir if p == course.KAGGLE_DIR else real_isdir(p))
    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(course.setup_source(repo="https://github.com/someone/fork"), "setup", "exec"), {})
    return calls


@pytest.mark.parametrize("where", [dict(env={"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}),  # Kaggle sets it
                                   dict(env={"KAGGLE_KERNEL_RUN_TYPE": "Batch"}),        # "Save & Run All"
                                   dict(kaggle_dir=True),                                # its working folder
                                   dict(colab=True)],
                         ids=["kaggle-interactive", "kaggle-batch", "kaggle-folder", "colab"])
def test_setup_cell_installs_on_kaggle_and_colab_only(monkeypatch, where):
    assert run_setup(monkeypatch) == []  # here: neither Colab nor Kaggle
    (cmd,) = run_setup(monkeypatch, **where)
    assert cmd[1:5] == ["-m", "pip", "install", "-q"] and "--no-deps" in cmd
    assert "git+https://github.com/someone/fork.git" in cmd and "mnist1d" in cmd
    assert not any(part.startswith(("torch", "ipywidgets")) for part in cmd)  # Kaggle's and Colab's are kept


def test_setup_cell_says_how_to_switch_the_language_in_both_languages(monkeypatch):
    from resnet_lessons import i18n

    source = course.setup_source()
    lines = [line for line in source.splitlines() if 'set_language("zh")' in line]
    assert any(re.search(r"figures and widget labels", line) for line in lines)
    assert any(re.search(r"图和控件标签", line) for line in lines)
    assert "from resnet_lessons import i18n" in source and callable(i18n.set_language)
    # the cell leaves the default language, and the call it shows works
    monkeypatch.setattr(i18n, "_language", "zh")
    run_setup(monkeypatch)
    assert i18n.get_language() == "both"
    i18n.set_language("zh")
    assert i18n.t("plain") == "普通网络"
