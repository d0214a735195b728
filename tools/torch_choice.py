"""Which PyTorch build ``make setup`` installs: ``cpu`` (PyTorch's CPU-only wheels) or ``cuda`` (the default
wheels from the normal package index, which on Linux x86-64 bring CUDA: several GB).

    python tools/torch_choice.py [auto|cpu|cuda]          # prints cpu or cuda (the reason goes to stderr)
    python tools/torch_choice.py --requirements FILE      # the torch and torchvision lines of FILE

``auto`` (the default, ``make setup``) picks ``cpu`` only when all of these hold: the machine runs Linux,
no NVIDIA driver is present (no ``nvidia-smi`` on the PATH and no /proc/driver/nvidia), and PyTorch's CPU
index answers. Otherwise it picks ``cuda``, the plain install that works wherever the normal index does
(an offline mirror, a registry without the CPU wheels). On macOS and Windows the default wheels carry no
CUDA anyway. ``make setup TORCH=cpu`` or ``TORCH=cuda`` overrides the choice. Standard library only.
"""
import os
import platform
import re
import shutil
import sys
import urllib.request

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
CHOICES = ("auto", "cpu", "cuda")
PROBE_TIMEOUT = 5.0  # seconds: a missing index must not slow `make setup` down


def has_nvidia_driver(which=shutil.which, exists=os.path.exists):
    """True when an NVIDIA driver is installed: ``nvidia-smi`` on the PATH or /proc/driver/nvidia."""
    return which("nvidia-smi") is not None or exists("/proc/driver/nvidia")


def index_reachable(url=CPU_INDEX, timeout=PROBE_TIMEOUT, urlopen=urllib.request.urlopen):
    """True when PyTorch's CPU index answers for torch within ``timeout`` seconds (proxies from the environment
    are used, as pip uses them)."""
    try:
        with urlopen(f"{url.rstrip('/')}/torch/", timeout=timeout) as response:
            return 200 <= getattr(response, "status", 200) < 300
    except Exception:  # no network, no DNS, a firewall, a proxy that refuses, a bad certificate ...
        return False


def choose(requested="auto", system=None, nvidia=has_nvidia_driver, reachable=index_reachable):
    """Return (choice, reason): choice is "cpu" or "cuda"; reason is one bilingual line.

    ``nvidia`` and ``reachable`` are called only when the answer depends on them (tests pass stand-ins)."""
    requested = (requested or "auto").strip().lower()
    if requested not in CHOICES:
        raise ValueError(f"TORCH must be one of {', '.join(CHOICES)}, got {requested!r} "
                         f"/ TORCH 必须是 {', '.join(CHOICES)} 之一")
    if requested != "auto":
        return requested, f"TORCH={requested} was asked for / 按要求使用 TORCH={requested}"
    system = system or platform.system()
    if system != "Linux":
        return "cuda", (f"{system}: the default wheels (no CUDA download there) / {system}：使用默认的 wheel"
                        "（该系统上不会下载 CUDA）")
    if nvidia():
        return "cuda", "an NVIDIA driver is present: CUDA wheels / 检测到 NVIDIA 驱动：安装 CUDA 版"
    if not reachable():
        return "cuda", (f"no NVIDIA driver, but {CPU_INDEX} cannot be reached: the default wheels "
                        f"/ 没有 NVIDIA 驱动，但无法访问 {CPU_INDEX}：安装默认的 wheel")
    return "cpu", (f"no NVIDIA driver: CPU-only wheels from {CPU_INDEX} (set TORCH=cuda for the default ones) "
                   f"/ 没有 NVIDIA 驱动：从 {CPU_INDEX} 安装仅 CPU 版（设置 TORCH=cuda 可改用默认版本）")


def torch_requirements(path):
    """The torch and torchvision requirements of a requirements file, comments and spaces removed."""
    lines = []
    for line in open(path, encoding="utf-8"):
        line = re.sub(r"\s+#.*$|^#.*$", "", line).strip()
        if re.match(r"(torch|torchvision)\s*([<>=!~;\[]|$)", line, re.I):
            lines.append(line.replace(" ", ""))
    return lines


def main(argv, out=None, err=None):
    out, err = out or sys.stdout, err or sys.stderr
    if argv[:1] == ["--requirements"] and len(argv) == 2:
        print("\n".join(torch_requirements(argv[1])), file=out)
        return 0
    if len(argv) > 1:
        print("usage: python tools/torch_choice.py [auto|cpu|cuda] | --requirements FILE", file=err)
        return 2
    try:
        choice, reason = choose(argv[0] if argv else "auto")
    except ValueError as error:
        print(f"error / 错误: {error}", file=err)
        return 2
    print(f"PyTorch: {choice} — {reason}", file=err)
    print(choice, file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
