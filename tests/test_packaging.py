"""What Colab's setup cell installs: the package as a wheel, with its font and precomputed results.

The setup cell runs ``pip install --no-deps git+<repository>``: pip builds a wheel from the
repository. Here the same wheel is built from this checkout, installed into an empty folder, and
imported from there in a fresh interpreter — no editable install, no source tree behind it.
"""
import subprocess
import sys
import zipfile

import pytest

from resnet_lessons import course


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(out), str(course.ROOT)], check=True, capture_output=True)
    (path,) = out.glob("resnet_lessons-*.whl")
    return path


def test_wheel_holds_every_module_the_font_and_the_results(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(p.relative_to(course.ROOT)) for p in (course.ROOT / "resnet_lessons").rglob("*.py")}
    assert modules <= names, sorted(modules - names)[:5]
    assert "resnet_lessons/fonts/NotoSansCJKscSubset-Regular.ttf" in names
    assert "resnet_lessons/results/degradation_full/seed-0.json" in names
    assert any(name.endswith("licenses/LICENSE-CONTENT") for name in names)


def test_installed_wheel_works_without_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    probe = (
        "import resnet_lessons, pathlib\n"
        "from resnet_lessons.experiments import degradation\n"
        "from resnet_lessons.plots.style import CJK_FONT_PATH\n"
        f"assert pathlib.Path(resnet_lessons.__file__).is_relative_to({str(target)!r}), resnet_lessons.__file__\n"
        "assert CJK_FONT_PATH.is_file()\n"
        "print(len(degradation.load_sweep('degradation_full').results[0].runs))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) >= 10
