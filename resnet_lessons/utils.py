"""What a notebook's setup cell needs: seeding, device choice, threads, showing source."""
import inspect
import os
import random

import numpy as np
import torch

DEVICES = ("auto", "cpu", "cuda", "mps")


def seed_everything(seed=0):
    """Seed Python, NumPy and torch (CPU and CUDA); returns the seed."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} / seed 必须是整数")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed} / seed 必须 >= 0")
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return seed


def pick_device(prefer="auto"):
    """The device to run on: 'auto' picks cuda, then mps, then cpu; or name one.

    The environment variable RESNET_LESSONS_DEVICE overrides 'auto'.
    """
    if prefer not in DEVICES:
        raise ValueError(f"prefer must be one of {DEVICES}, got {prefer!r} / prefer 只能是 {DEVICES} 之一")
    if prefer == "auto":
        prefer = os.environ.get("RESNET_LESSONS_DEVICE", "auto")
    if prefer == "cuda" or (prefer == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise ValueError("prefer='cuda' but no CUDA device is available / 没有可用的 CUDA 设备")
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    mps_ok = mps is not None and mps.is_available()
    if prefer == "mps" or (prefer == "auto" and mps_ok):
        if not mps_ok:
            raise ValueError("prefer='mps' but Apple MPS is not available / Apple MPS 不可用")
        return torch.device("mps")
    return torch.device("cpu")


def set_threads(n=None):
    """Set torch's CPU thread count (default: all cores, at most 8); returns it.

    Small models on small batches gain little from more threads and lose to
    oversubscription on shared machines, hence the cap.
    """
    if n is None:
        n = min(os.cpu_count() or 1, 8)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r} / n 必须是正整数")
    torch.set_num_threads(n)
    return n


def show_source(obj):
    """Display the source of a package function or class with syntax highlighting.

    In a notebook this renders highlighted HTML; elsewhere it returns the plain text.
    """
    try:
        source = inspect.getsource(obj)
    except (TypeError, OSError) as err:
        raise TypeError(f"obj must be a function, class or method defined in Python, got {obj!r} "
                        f"/ obj 必须是 Python 定义的函数、类或方法") from err
    return SourceView(source)


class SourceView:
    """Source code that shows highlighted in Jupyter and as text in a terminal."""

    def __init__(self, source):
        self.source = source

    def __repr__(self):
        return self.source

    def _repr_html_(self):
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        formatter = HtmlFormatter(noclasses=True, style="default")
        return highlight(self.source, PythonLexer(), formatter)
