"""What every experiment shares: the devices it may run on, the Config fields every experiment has,
rounding for JSON, the names of the nets, and the CPU settings for measuring small nets.

An experiment module imports these instead of defining its own (see ``docs/DESIGN.md``).
"""
import contextlib
import math
from dataclasses import field

import torch

from resnet_lessons.i18n import STRINGS, t
from resnet_lessons.utils import DEVICES

__all__ = ["DEVICES", "KINDS", "device_field", "progress_field", "round_sig", "round_or_none", "kind_of",
           "net_label", "fast_cpu"]

KINDS = ("plain", "residual")


def device_field(default="auto", help=None):
    """The ``device`` field of an experiment's Config: one of :data:`DEVICES`."""
    return field(default=default, metadata={"help": help or STRINGS["help_device"], "choices": DEVICES})


def progress_field(help=None):
    """The ``progress`` field of an experiment's Config."""
    return field(default=True, metadata={"help": help or STRINGS["help_progress"]})


def round_sig(value, digits=6):
    """``value`` as a float to ``digits`` significant digits; 0, inf and nan unchanged."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def round_or_none(value, digits=6):
    """As :func:`round_sig`, but None for None, inf and nan (what JSON can hold)."""
    if value is None or not math.isfinite(value):
        return None
    return round_sig(value, digits)


def kind_of(residual):
    """"residual" or "plain"."""
    return "residual" if residual else "plain"


def net_label(kind, depth, lang=None):
    """"plain-56" / "ResNet-56" in the current language (or ``lang``); ``kind`` is "plain", "residual"
    or a bool (residual)."""
    if isinstance(kind, bool):
        kind = kind_of(kind)
    return t("net_" + kind, lang=lang, depth=depth)


@contextlib.contextmanager
def fast_cpu(device, dtype=torch.float32):
    """One CPU thread (and, in float32, denormals flushed to zero) while measuring small nets; restored afterwards.

    Small batches gain nothing from more threads, and on a busy 2-core machine two threads were
    10-20x slower than one (ResNet-110, batch 64: 0.37 s with 1 thread, 4-8 s with 2 at load 7).
    Denormal float32 numbers (below 1.2e-38), which a net without BN and with PyTorch's default
    init produces in its dying signal, made a ResNet-110 backward pass 5x slower; flushed, they
    read 0. float64 never gets near its denormals here and needs no flushing.
    """
    if device.type != "cpu":
        yield
        return
    threads = torch.get_num_threads()
    flush = dtype == torch.float32
    torch.set_num_threads(1)
    if flush:
        torch.set_flush_denormal(True)
    try:
        yield
    finally:
        if flush:
            torch.set_flush_denormal(False)
        torch.set_num_threads(threads)
