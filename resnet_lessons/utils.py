"""What a notebook's setup cell needs: seeding, device choice, threads, showing source."""
import inspect
import os
import random

import numpy as np
import torch

from resnet_lessons.i18n import error

DEVICES = ("auto", "cpu", "cuda", "mps")


def seed_everything(seed=0):
    """Seed Python, NumPy and torch (CPU and CUDA); returns the seed."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(error("arg_err_int_min", arg="seed", low=0, got=type(seed).__name__))
    if seed < 0:
        raise ValueError(error("arg_err_int_min", arg="seed", low=0, got=seed))
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return seed


def pick_device(prefer="auto"):
    """The device to run on: 'auto' picks cuda, then mps, then cpu; or name one.

    The environment variable RESNET_LESSONS_DEVICE overrides 'auto'.
    """
    if prefer not in DEVICES:
        raise ValueError(error("arg_err_choice", arg="prefer", allowed=", ".join(DEVICES), got=repr(prefer)))
    if prefer == "auto":
        prefer = os.environ.get("RESNET_LESSONS_DEVICE", "auto")
    if prefer == "cuda" or (prefer == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise ValueError(error("utils_err_no_cuda"))
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    mps_ok = mps is not None and mps.is_available()
    if prefer == "mps" or (prefer == "auto" and mps_ok):
        if not mps_ok:
            raise ValueError(error("utils_err_no_mps"))
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
        raise ValueError(error("arg_err_int_min", arg="n", low=1, got=repr(n)))
    torch.set_num_threads(n)
    return n


def show_source(obj):
    """Display the source of a package function or class with syntax highlighting.

    In a notebook this renders highlighted HTML; elsewhere it returns the plain text.
    """
    try:
        source = inspect.getsource(obj)
    except (TypeError, OSError) as err:
        raise TypeError(error("utils_err_source", got=repr(obj))) from err
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
