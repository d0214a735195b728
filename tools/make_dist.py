"""`make dist`: the whole course in ONE zip, for readers with a slow, filtered or no connection.

    python tools/make_dist.py [OUT_DIR]     # default build/dist -> build/dist/resnet-lessons-<version>.zip

The zip holds one folder, resnet-lessons-<version>/, with

    notebooks/NN_*.ipynb                     the lessons, executed, with their outputs
    resnet_lessons-<version>-py3-none-any.whl  the course package (fonts, shipped results and data inside)
    requirements.txt                         the dependencies (ranges), as `make setup` installs them
    README-offline.txt                       how to install and start, in English and 中文
    site/index.html ...                      the static site of the lessons (tools/build_site.py): opens
                                             from disk in any browser, no internet, no Python
    LICENSE, LICENSE-CONTENT                 the licences of the code and of the course text

The wheel is built by `pip wheel --no-deps --no-build-isolation --no-index` from a clean copy of the
package's files (nothing is downloaded; setuptools >= 77 must be installed, as it is in .venv).
"""
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

from resnet_lessons import __version__, course  # noqa: E402

NAME = "resnet-lessons"
# What the wheel is built from: the package and the files pyproject.toml names (readme, licence files).
WHEEL_SOURCES = ["pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT", "resnet_lessons"]
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")

README_OFFLINE = """\
ResNet Lessons {version} · 残差网络课程 {version}
==================================================

English
-------
This folder is the whole course: nine lessons (notebooks/), the course package as a wheel, the list of
what it needs (requirements.txt), and the lessons as web pages (site/).

Read without installing anything: open site/index.html in a web browser (no internet needed). Every figure
is there; the interactive widgets appear as their static figures.

Run the lessons (Python >= 3.9). In this folder:

    python -m venv .venv
    .venv/bin/pip install -r requirements.txt {wheel}
    .venv/bin/jupyter lab notebooks/

On Windows write .venv\\Scripts\\pip and .venv\\Scripts\\jupyter. If the Python Package Index (PyPI) is slow or
blocked, install from a mirror, e.g.

    .venv/bin/pip install -i https://pypi.tuna.tsinghua.edu.cn/simple -r requirements.txt {wheel}

PyTorch is the big download: on Linux the default torch wheel brings CUDA (several GB). Without an NVIDIA
GPU, install the CPU-only build first (about 200 MB), then the line above:

    .venv/bin/pip install --index-url https://download.pytorch.org/whl/cpu torch torchvision

Nothing else needs the internet: the data and the precomputed results are inside the wheel.
Source: {repo}  (mirror: {mirror})

中文
----
这个文件夹就是整门课程：九节课（notebooks/）、课程软件包（wheel 文件）、依赖列表（requirements.txt），
以及网页版课程（site/）。

无需安装即可阅读：用浏览器打开 site/index.html（不需要联网）。所有的图都在；交互控件显示为静态图。

运行课程（Python >= 3.9）。在本文件夹中：

    python -m venv .venv
    .venv/bin/pip install -r requirements.txt {wheel}
    .venv/bin/jupyter lab notebooks/

Windows 上请写 .venv\\Scripts\\pip 和 .venv\\Scripts\\jupyter。如果访问 PyPI 很慢或无法访问，请使用镜像源，例如

    .venv/bin/pip install -i https://pypi.tuna.tsinghua.edu.cn/simple -r requirements.txt {wheel}

PyTorch 是最大的下载：在 Linux 上，默认的 torch wheel 会带上 CUDA（数 GB）。没有 NVIDIA GPU 时，先安装仅 CPU 版
（约 200 MB），再运行上面那一行：

    .venv/bin/pip install --index-url https://download.pytorch.org/whl/cpu torch torchvision

其他部分都不需要联网：数据和预先计算的结果都在 wheel 里。
源代码：{repo}（中国大陆镜像：{mirror}）
"""


def build_wheel(work):
    """The package's wheel, built offline from a clean copy of its files; returns its path."""
    src, out = work / "src", work / "wheel"
    for name in WHEEL_SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=JUNK)
        else:
            src.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, src / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                           "--no-index", "-w", str(out), str(src)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"pip wheel failed (setuptools >= 77 is needed: pip install 'setuptools>=77') / "
                         f"构建 wheel 失败（需要 setuptools >= 77）:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    (wheel,) = out.glob("resnet_lessons-*.whl")
    return wheel


def make(out_dir):
    """Write OUT_DIR/resnet-lessons-<version>.zip; return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    top = f"{NAME}-{__version__}"
    target = out_dir / f"{top}.zip"
    with tempfile.TemporaryDirectory(prefix="resnet-lessons-dist-") as tmp:
        work = Path(tmp)
        wheel = build_wheel(work)
        notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        build_site.build(work / "site", notebooks)
        readme = README_OFFLINE.format(version=__version__, wheel=wheel.name, repo=course.repository_url(),
                                       mirror=course.MIRROR_URL)
        files = [(wheel, wheel.name), (ROOT / "requirements.txt", "requirements.txt"),
                 (ROOT / "LICENSE", "LICENSE"), (ROOT / "LICENSE-CONTENT", "LICENSE-CONTENT")]
        files += [(path, f"notebooks/{path.name}") for path in notebooks]
        files += [(path, f"site/{path.relative_to(work / 'site').as_posix()}")
                  for path in sorted((work / "site").rglob("*")) if path.is_file()]
        partial = target.with_suffix(".zip.partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(f"{top}/README-offline.txt", readme)
            for path, name in files:
                # the wheel is a zip already: stored as it is
                kind = zipfile.ZIP_STORED if name.endswith(".whl") else zipfile.ZIP_DEFLATED
                zf.write(path, f"{top}/{name}", compress_type=kind)
        partial.replace(target)  # a half-written zip never carries the final name
    return target


def main(argv):
    target = make(Path(argv[0]) if argv else ROOT / "build" / "dist")
    print(f"wrote / 已写入 {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
