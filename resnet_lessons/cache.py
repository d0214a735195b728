"""The course's one cache folder and how files get into it: keys, atomic writes, tolerant reads.

Everything the package keeps between runs lives under :func:`cache_dir` ($RESNET_LESSONS_CACHE, default
``~/.cache/resnet_lessons``): generated data (``data.py``), cached experiment results and trained nets
(``experiments``). A key changes with the config, the package and torch versions and the kind of device, so a
stale result is never reused. Every file is written atomically (a temp file in the same folder, then
``os.replace``): a reader sees the old file or the new one, never half of one; a killed run loses nothing
that was finished. A file that cannot be read (truncated, corrupt) counts as missing, with a warning.
"""
import dataclasses
import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

import torch

from resnet_lessons import __version__
from resnet_lessons.i18n import t

__all__ = ["cache_dir", "cache_key", "write_atomic", "write_json_atomic", "read_json", "save_weights_atomic",
           "load_weights"]


def cache_dir():
    """The one cache folder (generated data, downloaded data, results, trained nets): $RESNET_LESSONS_CACHE or
    ~/.cache/resnet_lessons."""
    root = os.environ.get("RESNET_LESSONS_CACHE") or Path.home() / ".cache" / "resnet_lessons"
    return Path(root)


def _device_type(config):
    """The kind of device a config runs on ("cpu", "cuda", "mps"), its "auto" resolved; None without a device."""
    wanted = getattr(config, "device", None)
    if wanted is None:
        return None
    from resnet_lessons.utils import pick_device

    try:
        return pick_device(wanted).type
    except ValueError:
        return str(wanted)


def cache_key(experiment, config):
    """A key for a config: changes with any config field, the package and torch versions, and the kind of
    device it runs on (a net trained with another torch or on a GPU is not reused here)."""
    text = json.dumps({"experiment": experiment, "config": dataclasses.asdict(config), "version": __version__,
                       "torch": torch.__version__, "device": _device_type(config)}, sort_keys=True)
    return f"{experiment}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def write_atomic(path, write):
    """Call ``write(tmp)`` on a temp file beside ``path``, then rename it to ``path``: readers see the old file or
    the new one, never half a file, and two writers cannot interleave their bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(path, data):
    """Write JSON to ``path`` atomically (temp file in the same folder, flushed to disk, then rename)."""
    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())

    write_atomic(path, write)


def save_weights_atomic(model, path):
    """Save ``model``'s state_dict (on the CPU) to ``path`` atomically (temp file, then rename)."""
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    write_atomic(path, lambda tmp: torch.save(state, tmp))


def load_weights(model, path):
    """Load the weights at ``path`` into ``model`` (``weights_only``); False if missing, truncated or stale."""
    path = Path(path)
    if not path.exists():
        return False
    try:
        model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
        return True
    except Exception:  # a truncated or stale file: the caller trains again
        return False


def read_json(path):
    """Read a JSON file; None (with a bilingual warning) if it is missing, truncated or corrupt."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as err:
        warnings.warn(t("cache_corrupt", path=str(path), err=type(err).__name__), stacklevel=2)
        return None
