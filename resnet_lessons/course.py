"""The course itself: the lesson list, the repository address, and the cells every notebook starts with.

The repository address is written once, in ``pyproject.toml`` (``[project.urls]
Repository``); ``tools/stamp_notebooks.py`` re-stamps every Colab and Kaggle link and
install cell from it, so a fork fixes all its links with one command. The mirror for readers who
cannot reach GitHub is written once too, here (``MIRROR_URL``). The same tool stamps the
kernelspec that ``make setup`` installs (``KERNEL_NAME``, ``KERNEL_DISPLAY_NAME`` below).
"""
import re
from pathlib import Path

from resnet_lessons.i18n import STRINGS, error

ROOT = Path(__file__).resolve().parent.parent

# Each lesson's file; its title and summary are i18n's "lesson_NN_title" and "lesson_NN_summary".
FILES = [
    "01_degradation_problem.ipynb",
    "02_skip_connections.ipynb",
    "03_architecture.ipynb",
    "04_training.ipynb",
    "05_variants.ipynb",
    "06_transfer_learning.ipynb",
    "07_performance.ipynb",
    "08_debugging.ipynb",
    "09_summary.ipynb",
]
# (file, English title, 中文标题, English summary, 中文摘要)
LESSONS = [(name, *STRINGS[f"lesson_{name[:2]}_title"], *STRINGS[f"lesson_{name[:2]}_summary"]) for name in FILES]

_DEFAULT_REPO = "https://github.com/resnet-lessons/resnet-lessons"

# The course's mirror, for readers who cannot reach GitHub (mainland China): the README and the static site
# (tools/build_site.py, also inside `make dist`'s bundle) link to it from here. A fork changes this line.
MIRROR_URL = "https://gitee.com/resnet-lessons/resnet-lessons"

# The Jupyter kernel that `make setup` installs into .venv -- the Makefile reads these two lines (keep each
# on one line, as NAME = "value") -- and that every lesson's metadata names (tools/stamp_notebooks.py), so
# that opening a lesson in JupyterLab does not mark it modified.
KERNEL_NAME = "python3"
KERNEL_DISPLAY_NAME = "Python 3 (resnet-lessons)"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME, "language": "python"}

# The first cell's link to Colab: text, not the badge image, which is a broken image offline in JupyterLab.
COLAB_LINK_TEXT = {"en": "Open in Colab", "zh": "在 Colab 中打开"}
KAGGLE_LINK_TEXT = {"en": "Open in Kaggle", "zh": "在 Kaggle 中打开"}


def repository_url():
    """The repository address from pyproject.toml (or the installed package's metadata)."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.exists():
        match = re.search(r'^Repository\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1).rstrip("/")
    try:
        from importlib.metadata import metadata

        for entry in metadata("resnet-lessons").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip() == "Repository":
                return url.strip().rstrip("/")
    except Exception:  # not installed: fall back to the default address
        pass
    return _DEFAULT_REPO


def _github_repo(repo):
    repo = repo or repository_url()
    if not repo.startswith("https://github.com/"):
        raise ValueError(error("course_err_repo", got=repr(repo)))
    return repo


def colab_url(notebook, repo=None, branch="main"):
    """The "Open in Colab" address of ``notebooks/<notebook>``."""
    repo = _github_repo(repo)
    return f"https://colab.research.google.com/github/{repo[len('https://github.com/'):]}/blob/{branch}/notebooks/{notebook}"


def kaggle_url(notebook, repo=None, branch="main"):
    """The "Open in Kaggle" address of ``notebooks/<notebook>``: Kaggle imports the notebook from GitHub."""
    return f"https://kaggle.com/kernels/welcome?src={_github_repo(repo)}/blob/{branch}/notebooks/{notebook}"


def badge_markdown(notebook, repo=None, lang="both"):
    """The "Open in Colab" link of a lesson, as Markdown text: it reads the same online and offline
    (an <img> badge from colab.research.google.com is a broken image without the internet)."""
    if lang not in ("en", "zh", "both"):
        raise ValueError(error("arg_err_choice", arg="lang", allowed='"en", "zh", "both"', got=repr(lang)))
    text = " · ".join(COLAB_LINK_TEXT.values()) if lang == "both" else COLAB_LINK_TEXT[lang]
    return f"[{text}]({colab_url(notebook, repo)})"


def kaggle_markdown(notebook, repo=None):
    """The "Open in Kaggle" text link of a lesson, in both languages."""
    return f"[{' · '.join(KAGGLE_LINK_TEXT.values())}]({kaggle_url(notebook, repo)})"


def links_markdown(notebook, repo=None):
    """The first cell's links: Colab, then Kaggle (both run the setup cell's install)."""
    return f"{badge_markdown(notebook, repo)} · {kaggle_markdown(notebook, repo)}"


# Kaggle's notebooks are told apart by an environment variable that Kaggle sets in every kernel, or its folder.
KAGGLE_ENV = "KAGGLE_KERNEL_RUN_TYPE"
KAGGLE_DIR = "/kaggle/working"

SETUP_TEMPLATE = '''\
# Setup / 环境设置 — on Colab or Kaggle only, install the course package (their torch and ipywidgets are kept;
# on Kaggle turn on Settings → Internet first). 仅在 Colab 或 Kaggle 上安装课程包（保留其自带的 torch 和 ipywidgets；
# 在 Kaggle 上请先在 Settings 中打开 Internet）。
import os
import sys
if "google.colab" in sys.modules or "{kaggle_env}" in os.environ or os.path.isdir("{kaggle_dir}"):
    import subprocess
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "git+{repo}.git", "mnist1d"], check=True)

from resnet_lessons import i18n, pick_device, seed_everything, set_threads

# The language of figures and widget labels: "both" (English + 中文), "en" or "zh", e.g. i18n.set_language("zh").
# 图和控件标签的语言："both"（中英双语）、"en" 或 "zh"，例如 i18n.set_language("zh") 只用中文。
i18n.set_language("both")

seed_everything(0)
set_threads()
device = pick_device()  # cuda, then mps, then cpu; set RESNET_LESSONS_DEVICE=cpu to force the CPU
'''


def setup_source(repo=None):
    """The source of every notebook's setup cell (tagged "setup")."""
    return SETUP_TEMPLATE.format(repo=repo or repository_url(), kaggle_env=KAGGLE_ENV, kaggle_dir=KAGGLE_DIR)


def header_source(notebook, repo=None):
    """The first markdown cell: Colab and Kaggle links, bilingual title and summary (tagged "header")."""
    for name, title_en, title_zh, summary_en, summary_zh in LESSONS:
        if name == notebook:
            number = name[:2]
            return (f"{links_markdown(notebook, repo)}\n\n"
                    f"# {number} · {title_en}\n# {number} · {title_zh}\n\n{summary_en}\n\n{summary_zh}")
    raise ValueError(error("arg_err_choice", arg="notebook", allowed=", ".join(name for name, *_ in LESSONS),
                           got=repr(notebook)))
