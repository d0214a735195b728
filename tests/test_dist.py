"""`make dist` (tools/make_dist.py): one zip that a student installs and runs with nothing else.

The zip is unpacked into an empty folder; a fresh virtual environment gets the course package from the
wheel inside it, with pip held offline (``--no-index``); then a lesson from the unpacked folder runs in a
kernel of that environment, which imports the package from its own site-packages, not from this checkout.

Its other dependencies (torch, JupyterLab, ...) are not installed again: torch alone is several GB and a
minute or more to unpack, for nothing this test checks. A ``.pth`` file makes this checkout's .venv
site-packages visible *after* the fresh environment's own (a .pth line adds a folder; the .pth files in
that folder, such as the editable install's, are not run), so the package itself can only come from the
wheel. The whole file takes about 45 s on a 2-core CPU: `make dist` ~15 s, the lesson ~20 s.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest
from helpers import CJK, run_make

from resnet_lessons import __version__, course

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
# `make test-ipywidgets7` runs the unit tests again with ipywidgets 7: the bundle's checks (45 s) do not depend
# on it (the fresh environment's kernel does not see that PYTHONPATH), so they run in the normal run only.
needs_bundle = pytest.mark.skipif(os.environ.get("PYTHONPATH", "").rstrip("/").endswith("ipywidgets7"),
                                  reason="checked once, in the unit tests without ipywidgets 7")
MIRROR = "https://pypi.tuna.tsinghua.edu.cn/simple"
EXTRA = "https://mirror.example.org/extra/simple"

TOP = f"resnet-lessons-{__version__}"
WHEEL = f"resnet_lessons-{__version__}-py3-none-any.whl"
LESSON = "09_summary.ipynb"  # the shortest lesson; it reads the shipped results (package data)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    # -o: the .venv is set up already; `make dist` must not reinstall it (nor reach for the network)
    result = run_make("-o", ".venv/.installed", "dist", f"DIST_DIR={out}", env={**os.environ, "PIP_NO_INDEX": "1"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    (zip_path,) = out.glob("*.zip")
    assert zip_path.name == f"{TOP}.zip"
    return zip_path


@pytest.fixture(scope="module")
def unpacked(dist, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unpacked")
    assert not any(folder.iterdir())
    with zipfile.ZipFile(dist) as zf:
        zf.extractall(folder)
    return folder / TOP


@needs_bundle
def test_the_zip_holds_lessons_wheel_requirements_readme_and_site(dist):
    names = set(zipfile.ZipFile(dist).namelist())
    assert {n.split("/")[0] for n in names} == {TOP}  # one folder: unzipping never litters
    lessons = sorted(p.name for p in (course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(lessons) == 9
    for name in [*(f"notebooks/{n}" for n in lessons), WHEEL, "requirements.txt", "README-offline.txt",
                 "LICENSE", "LICENSE-CONTENT", "site/index.html", "site/mathjax/MathJax.js",
                 "site/assets/lang.js", "site/fonts/NotoSansCJKscSubset-Regular.ttf",
                 *(f"site/{Path(n).stem}.html" for n in lessons)]:
        assert f"{TOP}/{name}" in names, name
    assert not any("__pycache__" in n or "my-lessons" in n or ".ipynb_checkpoints" in n for n in names)
    assert dist.stat().st_size < 60e6, "the bundle should stay a download that a slow line can take"


@needs_bundle
def test_the_zip_carries_this_checkouts_lessons_and_requirements(unpacked):
    for name in ["requirements.txt", f"notebooks/{LESSON}"]:
        assert (unpacked / name).read_bytes() == (course.ROOT / name).read_bytes(), name


@needs_bundle
def test_readme_offline_says_how_to_install_in_both_languages(unpacked):
    text = (unpacked / "README-offline.txt").read_text(encoding="utf-8")
    assert "python -m venv .venv" in text and f"-r requirements.txt {WHEEL}" in text
    assert "jupyter lab notebooks/" in text and "site/index.html" in text
    assert "https://download.pytorch.org/whl/cpu" in text and "pypi.tuna.tsinghua.edu.cn" in text
    assert course.MIRROR_URL in text
    english, chinese = text.split("\n中文\n")
    assert not CJK.search(english.split("\n", 1)[1]) and len(CJK.findall(chinese)) > 100


@needs_bundle
def test_the_wheel_holds_every_file_of_the_package(unpacked):
    """Every file under resnet_lessons/ (modules, fonts, shipped results and data sets, READMEs) is in the
    wheel: a new kind of data file that pyproject.toml's package-data globs miss fails here."""
    names = set(zipfile.ZipFile(unpacked / WHEEL).namelist())
    package = course.ROOT / "resnet_lessons"
    files = {p.relative_to(course.ROOT).as_posix() for p in package.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert any(not f.endswith(".py") for f in files)
    assert files <= names, sorted(files - names)[:10]


@needs_bundle
def test_a_lesson_runs_from_the_unpacked_zip_in_a_fresh_environment(unpacked, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(fresh)], check=True, capture_output=True)
    python = fresh / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                                str(unpacked / WHEEL)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-2000:]
    # the dependencies, after the fresh site-packages (see the module docstring)
    (site / "zz_dependencies_from_main_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    # a kernel that runs the fresh environment's python, found first on JUPYTER_PATH
    kernels = tmp_path / "jupyter" / "kernels" / course.KERNEL_NAME
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fresh", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("RESNET_LESSONS_DEVICE", "cpu")
    monkeypatch.setenv("MPLBACKEND", "agg")

    lesson = unpacked / "notebooks" / LESSON
    nb = nbformat.read(lesson, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import sys, resnet_lessons\nprint(sys.executable)\nprint(resnet_lessons.__file__)"))
    NotebookClient(nb, timeout=600, kernel_name=course.KERNEL_NAME,
                   resources={"metadata": {"path": str(lesson.parent)}}).execute()

    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"]
    assert errors == []
    executable, package = nb.cells[-1].outputs[0].text.split()
    assert Path(executable).parent == python.parent, executable
    assert Path(package).is_relative_to(site), package  # the wheel's copy, not /work/main's
    assert not Path(package).is_relative_to(course.ROOT)


# --- a package mirror: `PIP_INDEX_URL=<mirror> make setup` (README: "In mainland China") --------------------------

def test_make_setup_passes_pip_index_url_on_and_sets_no_index_itself():
    """With the mirror in the environment, the commands `make setup` would run name no index of their own,
    except the CPU-only torch/torchvision line (TORCH=cpu), which names PyTorch's CPU index on purpose."""
    env = {**os.environ, "PIP_INDEX_URL": MIRROR, "PIP_EXTRA_INDEX_URL": EXTRA}
    result = run_make("-n", "-B", "setup", "TORCH=cpu", env=env)
    assert result.returncode == 0, result.stderr
    commands = result.stdout.replace("\\\n", " ").splitlines()
    pip = [line for line in commands if "pip install" in line]
    assert len(pip) >= 4, result.stdout  # pip itself, the CPU wheels, requirements.txt, the package
    cpu_index = "--index-url https://download.pytorch.org/whl/cpu"
    for line in pip:
        if "--index-url" in line:
            assert cpu_index in line and "--no-deps" in line and "torch_choice.py --requirements" in line, line
            assert line.count("--index-url") == 1, line
        for flag in ("--extra-index-url", " -i ", "--isolated", "--no-index", "--index ", "PIP_INDEX_URL",
                     "PIP_EXTRA_INDEX_URL", "PIP_CONFIG_FILE"):
            assert flag not in line, f"make setup overrides the user's index: {line}"
    assert sum("--index-url" in line for line in pip) == 1
    assert any("-r requirements.txt" in line and "--index-url" not in line for line in pip)


def test_the_makefile_never_sets_pip_variables():
    """Grep level: no assignment, export, unexport or override of pip's settings anywhere in the Makefile."""
    import re

    text = (course.ROOT / "Makefile").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # comments may name them
    assert not re.search(r"\bPIP_[A-Z_]+\s*[:?+!]?=", code)
    assert not re.search(r"^\s*(export|unexport|override)\b.*\bPIP_", code, re.M)
    assert not re.search(r"\benv\s+-i\b|\bunset\s+PIP_|--isolated|PIP_CONFIG_FILE", code)
    assert "PIP_INDEX_URL" in text  # ... and the comment above the install rule says that it is respected


def test_a_recipe_of_the_makefile_sees_the_mirror(tmp_path):
    """The variables reach the recipes: a probe target read together with the Makefile prints them."""
    probe = tmp_path / "probe.mk"
    probe.write_text("probe:\n\t@echo \"index=$$PIP_INDEX_URL extra=$$PIP_EXTRA_INDEX_URL\"\n")
    env = {**os.environ, "PIP_INDEX_URL": MIRROR, "PIP_EXTRA_INDEX_URL": EXTRA}
    result = run_make("-s", "-f", "Makefile", "-f", str(probe), "probe", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"index={MIRROR} extra={EXTRA}"


def test_the_mirror_is_written_once_and_the_readme_says_what_works_in_china():
    import re

    readme = (course.ROOT / "README.md").read_text(encoding="utf-8")
    assert course.MIRROR_URL.startswith("https://") and course.MIRROR_URL in readme
    english, chinese = readme.split("\n# 残差网络课程（中文）\n")
    for text in (english, chinese):
        assert f"PIP_INDEX_URL={MIRROR} make setup" in text
        assert "make setup TORCH=cpu" in text and "make dist" in text and course.MIRROR_URL in text
    assert "## 在中国大陆" in chinese and "Colab" in chinese
    # the URL is typed once: everything else reads resnet_lessons.course.MIRROR_URL
    typed = []
    for folder, subfolders, files in os.walk(course.ROOT):
        subfolders[:] = [d for d in subfolders if d not in (".venv", ".git", "build", "my-lessons", "__pycache__")]
        typed += [Path(folder, f).relative_to(course.ROOT).as_posix() for f in files if f.endswith((".py", ".j2", ".js"))
                  and course.MIRROR_URL in Path(folder, f).read_text(encoding="utf-8", errors="replace")]
    assert typed == ["resnet_lessons/course.py"]
    assert re.search(r'^MIRROR_URL = "https://', (course.ROOT / "resnet_lessons/course.py").read_text(), re.M)
