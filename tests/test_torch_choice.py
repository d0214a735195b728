"""Which PyTorch `make setup` installs (tools/torch_choice.py), with the machine and the network mocked, and
what the Makefile then runs (a real `make` with a stand-in python that only logs: nothing is installed)."""
import io
import os
import re
import shutil
import stat
import sys

import pytest
from helpers import bilingual, run_make

from resnet_lessons import course

sys.path.insert(0, str(course.ROOT / "tools"))
import torch_choice  # noqa: E402


def never(*_):
    raise AssertionError("should not have been asked")


@pytest.mark.parametrize("nvidia, reachable, expected", [
    (False, True, "cpu"),     # a laptop without NVIDIA, online: the light install
    (False, False, "cuda"),   # no NVIDIA, but the CPU index cannot be reached (offline, a mirror): the plain install
    (True, True, "cuda"),     # an NVIDIA driver: CUDA
])
def test_auto_on_linux(nvidia, reachable, expected):
    choice, reason = torch_choice.choose("auto", "Linux", nvidia=lambda: nvidia, reachable=lambda: reachable)
    assert choice == expected and bilingual(reason)


def test_with_an_nvidia_driver_the_index_is_not_probed():
    assert torch_choice.choose("auto", "Linux", nvidia=lambda: True, reachable=never)[0] == "cuda"


@pytest.mark.parametrize("system", ["Darwin", "Windows"])
def test_auto_elsewhere_keeps_the_default_wheels(system):
    assert torch_choice.choose("auto", system, nvidia=never, reachable=never)[0] == "cuda"


@pytest.mark.parametrize("requested", ["cpu", "cuda", "CPU ", "Cuda"])
def test_an_explicit_choice_wins_without_probing(requested):
    choice, _ = torch_choice.choose(requested, "Linux", nvidia=never, reachable=never)
    assert choice == requested.strip().lower()


@pytest.mark.parametrize("requested", ["", None])
def test_empty_means_auto(requested):
    assert torch_choice.choose(requested, "Linux", nvidia=lambda: False, reachable=lambda: True)[0] == "cpu"


@pytest.mark.parametrize("requested", ["rocm", "gpu", "yes"])
def test_unknown_choice_is_a_bilingual_value_error(requested):
    with pytest.raises(ValueError, match="TORCH must be one of auto, cpu, cuda") as info:
        torch_choice.choose(requested, "Linux")
    assert bilingual(info.value)


@pytest.mark.parametrize("smi, proc, expected", [
    (None, False, False), ("/usr/bin/nvidia-smi", False, True), (None, True, True)])
def test_nvidia_driver_detection(smi, proc, expected):
    found = torch_choice.has_nvidia_driver(which=lambda name: smi if name == "nvidia-smi" else None,
                                           exists=lambda path: proc and path == "/proc/driver/nvidia")
    assert found is expected


class Response:
    def __init__(self, status):
        self.status = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_index_probe_asks_for_torch_with_a_timeout_and_treats_any_failure_as_unreachable():
    asked = []

    def urlopen(url, timeout):
        asked.append((url, timeout))
        return Response(200)

    assert torch_choice.index_reachable(urlopen=urlopen) is True
    assert asked == [("https://download.pytorch.org/whl/cpu/torch/", torch_choice.PROBE_TIMEOUT)]
    assert torch_choice.index_reachable(urlopen=lambda url, timeout: Response(404)) is False
    for error in (OSError("Name or service not known"), TimeoutError(), ValueError("bad proxy")):
        def failing(url, timeout, error=error):
            raise error
        assert torch_choice.index_reachable(urlopen=failing) is False


def test_index_probe_under_the_test_suites_network_block_is_unreachable():
    assert torch_choice.index_reachable(timeout=1) is False  # conftest blocks the network: no hang, no error


def test_torch_requirements_are_read_from_the_requirements_file(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("# torch is great\ntorch >= 2.13  # comment\ntorchvision>=0.28\ntorchaudio>=2\n"
                   "torchmetrics\nnumpy>=1.24\n")
    assert torch_choice.torch_requirements(req) == ["torch>=2.13", "torchvision>=0.28"]
    assert torch_choice.torch_requirements(course.ROOT / "requirements.txt")[0].startswith("torch>=")


def test_command_line():
    out, err = io.StringIO(), io.StringIO()
    assert torch_choice.main(["cpu"], out, err) == 0 and out.getvalue() == "cpu\n" and "PyTorch: cpu" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert torch_choice.main(["rocm"], out, err) == 2 and out.getvalue() == "" and bilingual(err.getvalue())
    out = io.StringIO()
    assert torch_choice.main(["--requirements", str(course.ROOT / "requirements.txt")], out) == 0
    assert out.getvalue().split() == torch_choice.torch_requirements(course.ROOT / "requirements.txt")


# --- the Makefile's set-up recipe, run by make with a stand-in python --------------------------------------

FAKE_PYTHON = """#!/bin/sh
echo "PIP_INDEX_URL=$PIP_INDEX_URL | $*" >> "$FAKE_LOG"
if [ "$1" = tools/torch_choice.py ]; then
    if [ "$2" = --requirements ]; then exec {python} "$@"; fi
    echo "$FAKE_CHOICE"; exit 0
fi
case "$*" in *--index-url*) exit "$FAKE_CPU_STATUS";; esac
exit 0
"""


def run_setup(tmp_path, torch, choice, cpu_status=0):
    """`make setup TORCH=...` into a fake venv whose python only logs; return (make's result, log lines)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON.format(python=sys.executable))
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "log"
    log.unlink(missing_ok=True)
    env = dict(os.environ, FAKE_LOG=str(log), FAKE_CHOICE=choice, FAKE_CPU_STATUS=str(cpu_status),
               PIP_INDEX_URL="https://mirror.example/simple")
    result = run_make("-B", "setup", f"VENV={venv}", f"TORCH={torch}", env=env)
    lines = log.read_text().splitlines() if log.exists() else []
    return result, lines


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@needs_make
def test_make_setup_cpu_takes_only_torch_and_torchvision_from_the_cpu_index(tmp_path):
    result, lines = run_setup(tmp_path, "cpu", "cpu")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "venv" / ".installed").exists()
    assert any(line.endswith("tools/torch_choice.py cpu") for line in lines)
    cpu = [line for line in lines if "--index-url" in line]
    assert len(cpu) == 1
    assert cpu[0].endswith("-m pip install --no-deps --index-url https://download.pytorch.org/whl/cpu "
                           "torch>=2.13 torchvision>=0.28")
    after = lines[lines.index(cpu[0]) + 1:]
    assert any("-m pip install -r requirements.txt" in line for line in after)  # the rest: the normal index
    # the user's index is left alone for every call (the Makefile never sets PIP_INDEX_URL)
    assert all(line.startswith("PIP_INDEX_URL=https://mirror.example/simple |") for line in lines)


@needs_make
def test_make_setup_cuda_is_the_plain_install(tmp_path):
    result, lines = run_setup(tmp_path, "cuda", "cuda")
    assert result.returncode == 0, result.stderr
    assert not any("--index-url" in line for line in lines)
    assert any("-m pip install -r requirements.txt" in line for line in lines)


@needs_make
def test_make_setup_auto_falls_back_when_the_cpu_install_fails(tmp_path):
    result, lines = run_setup(tmp_path, "auto", "cpu", cpu_status=1)
    assert result.returncode == 0, result.stderr
    assert "using the default ones" in result.stdout + result.stderr
    assert any("-m pip install -r requirements.txt" in line for line in lines)


@needs_make
def test_make_setup_cpu_asked_for_fails_loudly_when_the_cpu_install_fails(tmp_path):
    result, lines = run_setup(tmp_path, "cpu", "cpu", cpu_status=1)
    assert result.returncode != 0
    assert not any("-m pip install -r requirements.txt" in line for line in lines)
    assert not (tmp_path / "venv" / ".installed").exists()


@needs_make
def test_make_setup_installs_the_kernel_the_lessons_name(tmp_path):
    result, lines = run_setup(tmp_path, "cuda", "cuda")
    assert result.returncode == 0, result.stderr
    install = [line for line in lines if "ipykernel install" in line]
    assert len(install) == 1
    assert install[0].endswith(f"--name {course.KERNEL_NAME} --display-name {course.KERNEL_DISPLAY_NAME}")
    assert course.KERNELSPEC == {"name": course.KERNEL_NAME, "display_name": course.KERNEL_DISPLAY_NAME,
                                 "language": "python"}


def test_the_makefile_never_sets_pip_index_url_and_uses_the_cpu_index_once():
    makefile = (course.ROOT / "Makefile").read_text()
    assert not re.search(r"PIP_INDEX_URL\s*[:?+!]?=|--extra-index-url", makefile)
    assert makefile.count("--index-url") == 1 and "--index-url $(TORCH_CPU_INDEX)" in makefile
    assert f"TORCH_CPU_INDEX := {torch_choice.CPU_INDEX}" in makefile and "TORCH ?= auto" in makefile
