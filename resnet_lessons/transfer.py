"""Transfer learning tools: freezing, layer-wise learning rates, trainable counts, features, safe loading.

    >>> from resnet_lessons.models import cifar_resnet
    >>> from resnet_lessons.transfer import freeze_backbone, trainable_parameters
    >>> model = freeze_backbone(cifar_resnet(20))   # only the fc layer still trains
    >>> trainable_parameters(model)
    650

Pretrained ImageNet weights come from torchvision (``torchvision.models.ResNet50_Weights``). They are
downloaded once into torch.hub's cache folder; :func:`load_pretrained` looks there first and, offline,
fails at once with a bilingual :class:`WeightsNotAvailable` instead of hanging on the network.
Checkpoints are always read with ``torch.load(path, weights_only=True)`` (:func:`load_weights`):
a plain pickle can run any code while it loads, a weights-only load only rebuilds tensors.
"""
import math
import os
import pickle
import socket
from pathlib import Path

import torch
from torch import nn

from resnet_lessons.i18n import error
from resnet_lessons.models import BUILDERS, count_parameters
from resnet_lessons.validate import check_bool, check_int, check_number

__all__ = ["HEAD", "WeightsNotAvailable", "freeze", "unfreeze", "freeze_backbone", "set_train_mode",
           "trainable_parameters", "parameter_table", "parameter_groups", "layerwise_param_groups",
           "feature_extractor", "multiscale_shapes", "extract_features", "save_weights", "load_weights",
           "weights_enum", "weights_info", "hub_checkpoint_path", "load_pretrained"]

HEAD = "fc"  # the classifier of torchvision's ResNets and of ours
BATCH_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)


class WeightsNotAvailable(RuntimeError):
    """Pretrained weights are not in torch.hub's cache and could not be downloaded."""


# --- argument checks -------------------------------------------------------------------------------

def _check_module(arg, value):
    if not isinstance(value, nn.Module):
        raise TypeError(error("arg_err_module", arg=arg, got=type(value).__name__))
    return value


def _check_head(model, head):
    if not isinstance(head, str):
        raise TypeError(error("transfer_err_head", head=repr(head), children=_children(model)))
    if not isinstance(getattr(model, head, None), nn.Module):
        raise ValueError(error("transfer_err_head", head=repr(head), children=_children(model)))
    return getattr(model, head)


def _children(model):
    return ", ".join(name for name, _ in model.named_children()) or "-"


# --- freezing ----------------------------------------------------------------------------------------

def freeze(module):
    """Turn off gradients for every parameter of ``module``; returns it."""
    _check_module("module", module)
    for p in module.parameters():
        p.requires_grad_(False)
    return module


def unfreeze(module):
    """Turn gradients back on for every parameter of ``module``; returns it."""
    _check_module("module", module)
    for p in module.parameters():
        p.requires_grad_(True)
    return module


def _frozen_batchnorms(model):
    """BN layers whose parameters are all frozen (or that have none): they must not learn statistics either."""
    for m in model.modules():
        if isinstance(m, BATCH_NORMS) and not any(p.requires_grad for p in m.parameters(recurse=False)):
            yield m


def freeze_backbone(model, head=HEAD):
    """Freeze everything but ``model.<head>``: the "linear probe" of transfer learning.

    Besides ``requires_grad=False``, a frozen BatchNorm layer must stop *learning its running
    statistics*: in train mode BN normalises with the batch's statistics and updates its running
    mean and variance, so the "frozen" backbone would still change. Each frozen BN layer is put in
    eval mode here; use :func:`set_train_mode` instead of ``model.train()`` in the training loop,
    since ``model.train()`` switches every layer back to train mode. Returns the model.
    """
    _check_module("model", model)
    head_module = _check_head(model, head)
    freeze(model)
    unfreeze(head_module)
    for bn in _frozen_batchnorms(model):
        bn.eval()
    return model


def set_train_mode(model):
    """``model.train()``, except that BN layers with frozen parameters stay in eval mode. Returns the model.

    This is what detection libraries do with their pretrained backbones (torchvision uses
    ``FrozenBatchNorm2d`` there): the running statistics stay those of pretraining.
    """
    _check_module("model", model)
    model.train()
    for bn in _frozen_batchnorms(model):
        bn.eval()
    return model


def trainable_parameters(model):
    """The number of parameters that will be trained (``requires_grad`` True)."""
    return count_parameters(_check_module("model", model), trainable_only=True)


def parameter_table(model):
    """One row per top-level child of ``model``: name, parameters, trainable parameters."""
    _check_module("model", model)
    rows = []
    for name, child in model.named_children():
        total = count_parameters(child)
        if total:
            rows.append({"name": name, "params": total, "trainable": count_parameters(child, trainable_only=True)})
    return rows


# --- layer-wise learning rates ----------------------------------------------------------------------

def parameter_groups(model, head=HEAD):
    """The model's parameters split into ordered groups, from the input to the head.

    For a ResNet: ``stem`` (conv1, bn1: everything before the first stage), ``layer1``, ``layer2``, …,
    then the head (``fc``). Modules after the last stage other than the head (the final BN of a
    pre-activation net) join the last stage. Returns a list of ``(name, [parameters])``.
    """
    _check_module("model", model)
    _check_head(model, head)
    groups = []
    seen_stage = False
    for name, child in model.named_children():
        params = list(child.parameters())
        if name == head:
            continue
        if name.startswith("layer"):
            groups.append((name, params))
            seen_stage = True
        elif not seen_stage:
            if groups and groups[-1][0] == "stem":
                groups[-1][1].extend(params)
            else:
                groups.append(("stem", params))
        else:
            groups[-1][1].extend(params)
    groups.append((head, list(getattr(model, head).parameters())))
    return [(name, params) for name, params in groups if params]


def layerwise_param_groups(model, lr, decay=0.5, head=HEAD):
    """Optimizer parameter groups with discriminative learning rates (Howard & Ruder 2018).

    The head trains at ``lr``, the last stage at ``lr * decay``, the one before at ``lr * decay**2``,
    … down to the stem: layers near the input hold general features (edges, textures) that need
    little change, layers near the output are task specific. Frozen parameters are left out.
    Pass the result to ``torch.optim.SGD(groups, ...)``; each group keeps its ``name``.
    """
    lr = float(check_number("lr", lr, 0, math.inf))
    decay = float(check_number("decay", decay, 0, 1))
    groups = parameter_groups(model, head)
    result = []
    for distance, (name, params) in enumerate(reversed(groups)):
        params = [p for p in params if p.requires_grad]
        if params:
            result.append({"name": name, "params": params, "lr": lr * decay ** distance})
    return result[::-1]


# --- features ----------------------------------------------------------------------------------------

def _stage_names(model):
    names = [name for name, _ in model.named_children() if name.startswith("layer")]
    if not names:
        raise ValueError(error("models_err_not_resnet", got=type(model).__name__))
    return names


def feature_extractor(model, stages=None):
    """A module returning the output of each stage as a dict ``{"c2": ..., "c3": ..., ...}``.

    The names follow detection papers (FPN, Lin et al. 2017): ``c2`` is ``layer1`` (stride 4 in an
    ImageNet ResNet), ``c3`` ``layer2`` (8), ``c4`` ``layer3`` (16), ``c5`` ``layer4`` (32). Built with
    torchvision's ``create_feature_extractor`` (torch.fx): the graph stops after the last stage asked for.
    """
    from torchvision.models.feature_extraction import create_feature_extractor

    _check_module("model", model)
    names = _stage_names(model)
    stages = names if stages is None else stages
    if isinstance(stages, str) or not isinstance(stages, (list, tuple)) or not stages \
            or any(s not in names for s in stages):
        raise ValueError(error("transfer_err_stages", allowed=", ".join(names), got=repr(stages)))
    return create_feature_extractor(model, return_nodes={s: f"c{names.index(s) + 2}" for s in stages})


def multiscale_shapes(model, input_shape=(1, 3, 224, 224)):
    """Shape, channels and stride (input size / map size) of each stage's output, as rows of plain data.

    Build the model on the ``"meta"`` device to get the shapes without computing anything.
    """
    _check_module("model", model)
    if not (isinstance(input_shape, (tuple, list)) and len(input_shape) >= 3
            and all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in input_shape)):
        raise ValueError(error("models_err_input_shape_arg", got=repr(input_shape)))
    extractor = feature_extractor(model)
    first = next(model.parameters(), None)
    x = torch.zeros(tuple(input_shape), device=first.device if first is not None else "cpu")
    was_training = model.training
    extractor.eval()
    try:
        with torch.no_grad():
            outputs = extractor(x)
    finally:
        model.train(was_training)
    names = _stage_names(model)
    rows = []
    for key, value in outputs.items():
        shape = tuple(value.shape)
        rows.append({"name": key, "stage": names[int(key[1:]) - 2], "channels": shape[1], "shape": shape,
                     "stride": input_shape[-1] // shape[-1]})
    return rows


def extract_features(model, x, batch_size=256, head=HEAD):
    """The inputs of the head (the pooled features) for every example of ``x``, as an (N, C) tensor.

    Runs in eval mode without gradients: what a frozen backbone hands to a linear classifier.
    """
    _check_module("model", model)
    head_module = _check_head(model, head)
    if not isinstance(x, torch.Tensor):
        raise TypeError(error("arg_err_tensor", arg="x", got=type(x).__name__))
    check_int("batch_size", batch_size)
    captured = []
    handle = head_module.register_forward_pre_hook(lambda module, inputs: captured.append(inputs[0].detach()))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            for i in range(0, len(x), batch_size):
                model(x[i:i + batch_size])
    finally:
        handle.remove()
        model.train(was_training)
    return torch.cat(captured) if captured else torch.zeros(0)


# --- saving and loading weights ---------------------------------------------------------------------

def save_weights(model, path):
    """Save ``model.state_dict()`` (tensors only) to ``path``; returns the path."""
    _check_module("model", model)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), path)
    return path


def load_weights(model, path, strict=True, map_location="cpu"):
    """Load a state_dict file into ``model`` safely: ``torch.load(path, weights_only=True)``.

    A checkpoint is a pickle, and unpickling can call any function (``os.system`` included) that the
    file names. ``weights_only=True`` only rebuilds tensors and plain containers and refuses anything
    else: a hostile file raises a ``ValueError`` here instead of running its code. A dict holding the
    weights under ``"state_dict"`` or ``"model"`` (a training checkpoint) is accepted too.
    Returns what ``load_state_dict`` returns (the missing and unexpected keys).
    """
    _check_module("model", model)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(error("transfer_err_path", got=type(path).__name__))
    check_bool("strict", strict)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(error("transfer_err_no_file", path=path))
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as err:
        raise ValueError(error("transfer_err_unsafe", path=path, reason=_unpickling_reason(err))) from err
    if isinstance(state, dict) and not any(isinstance(v, torch.Tensor) for v in state.values()):
        for key in ("state_dict", "model"):
            if isinstance(state.get(key), dict):
                state = state[key]
                break
    if not isinstance(state, dict):
        raise ValueError(error("transfer_err_not_state_dict", path=path, got=type(state).__name__))
    return model.load_state_dict(state, strict=strict)


def _unpickling_reason(err):
    """The informative line of torch's long weights-only error (the refused global), else its first line."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    for line in lines:
        if "GLOBAL" in line or "nsupported" in line:
            return line
    return lines[0][:200] if lines else type(err).__name__


# --- torchvision's pretrained weights -----------------------------------------------------------------

def weights_enum(name="resnet50", weights="DEFAULT"):
    """torchvision's weights entry (``ResNet50_Weights.IMAGENET1K_V2`` …) for one of our builders."""
    import torchvision

    if name not in BUILDERS:
        raise ValueError(error("transfer_err_builder", allowed=", ".join(BUILDERS), got=repr(name)))
    enum = torchvision.models.get_model_weights(name)
    allowed = ["DEFAULT"] + [w.name for w in enum]
    if weights not in allowed:
        raise ValueError(error("complexity_err_weights", allowed=", ".join(allowed), got=repr(weights)))
    return enum[weights] if weights != "DEFAULT" else enum.DEFAULT


def weights_info(name="resnet50", weights="DEFAULT"):
    """What torchvision's metadata says about a set of weights, read offline, as a plain dict."""
    entry = weights_enum(name, weights)
    meta = entry.meta
    metrics = meta.get("_metrics", {}).get("ImageNet-1K", {})
    return {
        "weights": f"{type(entry).__name__}.{entry.name}",
        "url": entry.url,
        "file": os.path.basename(entry.url),
        "file_size_mb": meta.get("_file_size"),
        "num_params": meta.get("num_params"),
        "acc@1": metrics.get("acc@1"),
        "acc@5": metrics.get("acc@5"),
        "gmacs": meta.get("_ops"),
        "num_categories": len(meta.get("categories", [])),
        "categories": list(meta.get("categories", [])),
        "min_size": meta.get("min_size"),
        "recipe": meta.get("recipe"),
        "transforms": str(entry.transforms()),
    }


def hub_checkpoint_path(name="resnet50", weights="DEFAULT"):
    """Where torch.hub keeps (or would keep) the weights file: ``<torch.hub.get_dir()>/checkpoints/<file>``."""
    entry = weights_enum(name, weights)
    return Path(torch.hub.get_dir()) / "checkpoints" / os.path.basename(entry.url)


def load_pretrained(name="resnet50", weights="DEFAULT", download=False, timeout=5.0):
    """Our ``name`` model with torchvision's pretrained weights, loaded with ``strict=True``.

    The file is looked up in torch.hub's cache first. When it is not there: with ``download=False``
    (the default: the course runs offline) raise :class:`WeightsNotAvailable` at once; with
    ``download=True`` try to download it with a socket timeout of ``timeout`` seconds, so a machine
    without internet fails in seconds instead of hanging.
    """
    check_bool("download", download)
    timeout = float(check_number("timeout", timeout, 0, 600))
    entry = weights_enum(name, weights)
    path = hub_checkpoint_path(name, weights)
    if path.is_file():
        model = BUILDERS[name]()
        load_weights(model, path)
        return model
    if not download:
        raise WeightsNotAvailable(error("transfer_weights_missing", weights=f"{type(entry).__name__}.{entry.name}",
                                        path=path))
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)
    try:
        state = entry.get_state_dict(progress=False, check_hash=True, weights_only=True)
    except Exception as err:  # URLError, timeout, a corrupt download ...
        raise WeightsNotAvailable(error("transfer_weights_download_failed", url=entry.url,
                                        reason=f"{type(err).__name__}: {err}")) from None
    finally:
        socket.setdefaulttimeout(previous)
    model = BUILDERS[name]()
    model.load_state_dict(state, strict=True)
    return model
