"""Debugging tools for ResNets, and a small zoo of the classic bugs to practise on.

    >>> from resnet_lessons.debugging import gradient_flow, feature_maps, run_checklist, make_variant
    >>> model = make_variant("original", depth=20)          # a 1-D CIFAR-style ResNet-20 for MNIST-1D
    >>> x, y = torch.randn(32, 1, 40), torch.randint(0, 10, (32,))
    >>> rows = gradient_flow(model, x, y)["layers"]         # mean/max |grad| of every weight, one backward pass
    >>> maps = feature_maps(model, x, ["layer1", "layer3"])  # forward hooks, removed afterwards
    >>> report = run_checklist(model.eval(), x)             # prints ✓/✗ for each item

Every tool leaves the model as it found it: train/eval mode, BN running statistics, gradients and
hooks. Results are plain data (dicts, lists, tensors); plotting is in ``resnet_lessons.plots.debugging``.
"""
import copy
import math
from dataclasses import dataclass, field

import torch
from torch import nn

from resnet_lessons.i18n import error, t
from resnet_lessons.models import cifar_resnet, count_parameters
from resnet_lessons.summary import model_summary, shape_trace

__all__ = ["summary", "hook_counts", "gradient_flow", "feature_maps", "activation_rms", "run_checklist", "Checklist",
           "ChecklistItem", "VARIANTS", "ORDERS", "OrderedBlock", "make_variant", "BrokenBlock"]

BATCH_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)


def _check_module(arg, value):
    if not isinstance(value, nn.Module):
        raise TypeError(error("arg_err_module", arg=arg, got=type(value).__name__))
    return value


def _check_tensor(arg, value):
    if not isinstance(value, torch.Tensor):
        raise TypeError(error("arg_err_tensor", arg=arg, got=type(value).__name__))
    return value


def _device(model):
    for tensor in model.parameters():
        return tensor.device
    for tensor in model.buffers():
        return tensor.device
    return torch.device("cpu")


class _Preserved:
    """Restore a model's train/eval mode, gradients and buffers (BN running statistics) on exit."""

    def __init__(self, model):
        self.model = model

    def __enter__(self):
        self.training = {m: m.training for m in self.model.modules()}
        self.grads = {p: p.grad for p in self.model.parameters()}
        self.buffers = {name: b.detach().clone() for name, b in self.model.named_buffers()}
        for p in self.model.parameters():
            p.grad = None
        return self.model

    def __exit__(self, *exc):
        for m, mode in self.training.items():
            m.training = mode
        for p, grad in self.grads.items():
            p.grad = grad
        with torch.no_grad():
            for name, b in self.model.named_buffers():
                if name in self.buffers:
                    b.copy_(self.buffers[name])
        return False


# --- summary and hooks -------------------------------------------------------------------------------

def hook_counts(model):
    """How many hooks are registered on ``model`` and its submodules, by kind (plain data)."""
    _check_module("model", model)
    counts = {"forward": 0, "forward_pre": 0, "backward": 0}
    for m in model.modules():
        counts["forward"] += len(m._forward_hooks)
        counts["forward_pre"] += len(m._forward_pre_hooks)
        counts["backward"] += len(m._backward_hooks) + len(getattr(m, "_backward_pre_hooks", {}))
    counts["total"] = sum(counts.values())
    return counts


def summary(model, input_shape=None):
    """Totals of a model (parameters, trainable, size in MB, blocks, BN layers, hooks) and its output shape.

    ``input_shape`` (e.g. ``(1, 1, 40)``): also run one zero input through it and give the output shape.
    """
    _check_module("model", model)
    info = model_summary(model)
    info["buffers"] = sum(b.numel() for b in model.buffers())
    info["batchnorm_layers"] = sum(isinstance(m, BATCH_NORMS) for m in model.modules())
    info["training"] = model.training
    info["hooks"] = hook_counts(model)["total"]
    if input_shape is not None:
        info["output_shape"] = shape_trace(model, input_shape)[-1]["output_shape"]
    return info


# --- gradient flow -----------------------------------------------------------------------------------

def gradient_flow(model, x, y, weights_only=True):
    """Mean and max |gradient| of every layer after one real forward and backward pass (cross-entropy).

    The pass runs in train mode, as in training. ``weights_only``: list only the weights of conv and
    linear layers (tensors of 2 or more dimensions), in the order they are created (input to output);
    else every parameter. A parameter that gets no gradient (frozen, or not used) has ``grad=False``
    and zeros. The model's mode, gradients and BN statistics are restored afterwards.
    Returns ``{"loss": float, "layers": [{"name", "mean_abs", "max_abs", "norm", "weight_norm",
    "numel", "grad"}, ...]}``.
    """
    _check_module("model", model)
    _check_tensor("x", x)
    _check_tensor("y", y)
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(error("train_err_eval_lengths", nx=len(x), ny=len(y)))
    device = _device(model)
    with _Preserved(model):
        model.train()
        loss = nn.functional.cross_entropy(model(x.to(device)), y.to(device))
        loss.backward()
        rows = []
        for name, p in model.named_parameters():
            if weights_only and p.dim() < 2:
                continue
            g = p.grad
            has = g is not None
            g = g.detach().abs() if has else torch.zeros(1)
            rows.append({"name": name[:-len(".weight")] if name.endswith(".weight") else name,
                         "mean_abs": _float(g.mean()), "max_abs": _float(g.max()),
                         "norm": _float(g.norm()) if has else 0.0, "weight_norm": _float(p.detach().norm()),
                         "numel": p.numel(), "grad": has})
        value = _float(loss.detach())
    return {"loss": value, "layers": rows}


def _float(tensor):
    return float(tensor.item())


# --- feature maps ------------------------------------------------------------------------------------

def feature_maps(model, x, layers=None, mode="eval"):
    """The outputs of the named submodules for input ``x``, captured with forward hooks.

    ``layers``: module names as in ``model.named_modules()`` (default: each top-level child with
    parameters or a stage: ``conv1``, ``layer1`` … for a ResNet). The hooks are removed in a
    ``finally`` block, so even an error leaves none behind; the model runs without gradients in
    ``mode`` ("eval" or "train") and gets its mode back. Returns ``{name: tensor}`` (detached, CPU),
    in the order of ``layers``.
    """
    _check_module("model", model)
    _check_tensor("x", x)
    if mode not in ("eval", "train"):
        raise ValueError(error("debug_err_mode", got=repr(mode)))
    modules = dict(model.named_modules())
    if layers is None:
        layers = [name for name, child in model.named_children()
                  if name.startswith("layer") or any(True for _ in child.parameters(recurse=False))]
    if isinstance(layers, str) or not isinstance(layers, (list, tuple)) or not layers \
            or any(not isinstance(name, str) or name not in modules or name == "" for name in layers):
        allowed = ", ".join(name for name, _ in model.named_children())
        raise ValueError(error("debug_err_layers", allowed=allowed, got=repr(layers)))
    captured = {}

    def hook_for(name):
        def hook(module, inputs, output):
            captured[name] = output.detach().cpu().clone()
        return hook

    handles = []
    with _Preserved(model):
        try:
            for name in layers:
                handles.append(modules[name].register_forward_hook(hook_for(name)))
            model.train(mode == "train")
            with torch.no_grad():
                model(x.to(_device(model)))
        finally:
            for handle in handles:
                handle.remove()
    return {name: captured[name] for name in layers if name in captured}


def activation_rms(maps):
    """Root-mean-square of each captured feature map: ``{name: float}`` (how big the signal is there)."""
    if not isinstance(maps, dict):
        raise TypeError(error("debug_err_maps", got=type(maps).__name__))
    return {name: _float(v.float().pow(2).mean().sqrt()) for name, v in maps.items()}


# --- the checklist -----------------------------------------------------------------------------------

@dataclass
class ChecklistItem:
    key: str
    passed: bool
    text: str


@dataclass
class Checklist:
    """The result of :func:`run_checklist`: one item per check; ``bool(checklist)`` is True if all passed."""
    items: list = field(default_factory=list)

    def __bool__(self):
        return all(item.passed for item in self.items)

    def failed(self):
        return [item.key for item in self.items if not item.passed]

    def summary(self):
        passed = sum(item.passed for item in self.items)
        if self:
            return t("checklist_all_ok", n=passed)
        return t("checklist_some_bad", n=passed, total=len(self.items))

    def __str__(self):
        lines = [("✓ " if item.passed else "✗ ") + item.text for item in self.items]
        return "\n".join(lines + [self.summary()])


def run_checklist(model, sample_input, target=None, num_classes=None, max_params=10**9, for_inference=True,
                  verbose=True):
    """Inspect ``model`` with one batch and report each item of the implementation checklist.

    Items: the forward pass runs; the output has shape (N, classes); outputs are finite; the loss is
    finite and not far above chance (log C); the gradient reaches the first layer; every trainable
    parameter gets a finite gradient; in eval mode BN uses its running statistics (one example's
    prediction does not depend on the rest of the batch) and, with ``for_inference``, the model *is*
    in eval mode; no hooks are left registered; the parameter count is sane (0 < trainable, total <=
    ``max_params``). The model itself is not changed: the checks that train run on a copy.
    ``target``: the labels of ``sample_input``; without them random labels are used, which is right for
    an untrained model — pass the real labels for a trained one (it is confidently right on them).
    Prints ✓/✗ lines in the current language (``verbose``) and returns a :class:`Checklist`.
    """
    _check_module("model", model)
    _check_tensor("sample_input", sample_input)
    if len(sample_input) < 2:
        raise ValueError(error("debug_err_batch", got=tuple(sample_input.shape)))
    if target is not None:
        _check_tensor("target", target)
        if len(target) != len(sample_input):
            raise ValueError(error("train_err_eval_lengths", nx=len(sample_input), ny=len(target)))
    if num_classes is None:
        fc = getattr(model, "fc", None)
        num_classes = fc.out_features if isinstance(fc, nn.Linear) else None
    elif isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(error("debug_err_num_classes", got=repr(num_classes)))
    if isinstance(max_params, bool) or not isinstance(max_params, int) or max_params < 1:
        raise ValueError(error("debug_err_max_params", got=repr(max_params)))

    checklist = Checklist()

    def add(key, passed, text_key, **fields):
        checklist.items.append(ChecklistItem(key, bool(passed), t(text_key, **fields)))

    trial = copy.deepcopy(model)  # everything that runs the model runs on a copy
    device = _device(trial)
    x = sample_input.to(device)
    n = len(x)

    # 1. forward pass and 2. output shape
    trial.eval()
    try:
        with torch.no_grad():
            out = trial(x)
        forward_ok = isinstance(out, torch.Tensor)
        add("forward", forward_ok, "checklist_forward_ok" if forward_ok else "checklist_forward_bad",
            shape=tuple(out.shape) if forward_ok else None, err=type(out).__name__)
    except Exception as err:  # the model under test is broken: report it, do not crash
        out, forward_ok = None, False
        add("forward", False, "checklist_forward_bad", err=_short(err), shape=None)
    if forward_ok:
        expected = (n, num_classes) if num_classes is not None else None
        ok = out.dim() == 2 and out.shape[0] == n and (expected is None or tuple(out.shape) == expected)
        add("output_shape", ok, "checklist_shape_ok" if ok else "checklist_shape_bad", shape=tuple(out.shape),
            expected=expected if expected is not None else f"({n}, C)")
        finite = bool(torch.isfinite(out).all())
        add("finite", finite, "checklist_finite_ok" if finite else "checklist_finite_bad")
    else:
        for key in ("output_shape", "finite"):
            add(key, False, "checklist_skipped", what=key)

    # 3. loss and gradients, in train mode as in training
    classes = num_classes or (out.shape[1] if forward_ok and out.dim() == 2 else None)
    if forward_ok and classes is not None and classes >= 2:
        if target is None:
            target = torch.randint(0, classes, (n,), generator=torch.Generator().manual_seed(0))
        trial.train()
        try:
            loss = nn.functional.cross_entropy(trial(x), target.to(device))
            loss.backward()
            loss_value = _float(loss.detach())
        except Exception as err:
            loss_value = math.nan
            add("loss", False, "checklist_forward_bad", err=_short(err), shape=None)
        else:
            chance = math.log(classes)
            ok = math.isfinite(loss_value) and loss_value < 3 * chance
            add("loss", ok, "checklist_loss_ok" if ok else "checklist_loss_bad", loss=loss_value, chance=chance)
        named = [(name, p) for name, p in trial.named_parameters() if p.requires_grad]
        if named and math.isfinite(loss_value):
            first_name, first = next(((name, p) for name, p in named if p.dim() >= 2), named[0])
            g = first.grad
            ok = g is not None and bool(torch.isfinite(g).all()) and _float(g.abs().max()) > 0
            add("first_layer_grad", ok, "checklist_first_grad_ok" if ok else "checklist_first_grad_bad",
                name=first_name, value=_float(g.abs().mean()) if g is not None else 0.0)
            missing = [name for name, p in named if p.grad is None or not bool(torch.isfinite(p.grad).all())]
            add("all_grads", not missing, "checklist_all_grads_ok" if not missing else "checklist_all_grads_bad",
                n=len(named), bad=len(missing), names=", ".join(missing[:3]) + (" …" if len(missing) > 3 else ""))
        else:
            for key in ("first_layer_grad", "all_grads"):
                add(key, False, "checklist_skipped", what=key)
    else:
        for key in ("loss", "first_layer_grad", "all_grads"):
            add(key, False, "checklist_skipped", what=key)

    # 4. batch norm at inference
    bns = [m for m in model.modules() if isinstance(m, BATCH_NORMS)]
    if forward_ok:
        fresh = copy.deepcopy(model).eval()
        try:
            with torch.no_grad():
                diff = _float((fresh(x)[:1] - fresh(x[:1])).abs().max())
        except Exception as err:
            diff = math.inf
            add("bn_eval", False, "checklist_forward_bad", err=_short(err), shape=None)
        else:
            ok = diff <= 1e-4 * (1 + _float(out.abs().max()))
            if ok and for_inference and model.training and bns:
                add("bn_eval", False, "checklist_bn_train_mode", n=len(bns))
            elif ok:
                add("bn_eval", True, "checklist_bn_ok" if bns else "checklist_bn_none", n=len(bns))
            else:
                add("bn_eval", False, "checklist_bn_bad", diff=diff)
    else:
        add("bn_eval", False, "checklist_skipped", what="bn_eval")

    # 5. hooks and 6. parameter count, on the model itself
    hooks = hook_counts(model)["total"]
    add("hooks", hooks == 0, "checklist_hooks_ok" if hooks == 0 else "checklist_hooks_bad", n=hooks)
    total, trainable = count_parameters(model), count_parameters(model, trainable_only=True)
    ok = 0 < trainable and total <= max_params
    add("params", ok, "checklist_params_ok" if ok else "checklist_params_bad", total=total, trainable=trainable,
        mb=total * 4 / 1e6, max=max_params)

    if verbose:
        print(checklist)
    return checklist


def _short(err):
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text[:300]}"


# --- a zoo of the classic mistakes -------------------------------------------------------------------

# Where BN, ReLU and the addition go in a basic block (He et al. 2016, "Identity Mappings", Fig. 4).
ORDERS = ("original", "preact", "bn_after_add", "relu_before_add", "relu_before_bn", "no_relu_after_add")

VARIANTS = ORDERS + ("plain", "no_bn", "zero_init", "init_x10", "init_x10_no_bn", "stride_forgotten")


class OrderedBlock(nn.Module):
    """A basic block with its BN / ReLU / addition in the order ``order`` (the layers of ``block``).

    original:          x + bn2(conv2(relu(bn1(conv1(x))))), then ReLU      (He et al. 2015)
    bn_after_add:      BN moved after the addition: relu(bn2(x + conv2(...)))
    relu_before_add:   the branch ends with a ReLU, so it can only add:    x + relu(bn2(...))
    relu_before_bn:    conv → ReLU → BN inside the branch, instead of conv → BN → ReLU
    no_relu_after_add: the original without the last ReLU
    (the full pre-activation block of He et al. 2016 is ``blocks.PreActBasicBlock``)
    """

    def __init__(self, block, order="original"):
        super().__init__()
        if order not in ORDERS or order == "preact":
            raise ValueError(error("arg_err_choice", arg="order",
                                   allowed=", ".join(o for o in ORDERS if o != "preact"), got=repr(order)))
        self.order = order
        self.conv1, self.bn1, self.conv2, self.bn2 = block.conv1, block.bn1, block.conv2, block.bn2
        self.downsample = block.downsample
        self.stride = block.stride
        self.relu = nn.ReLU()

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        if self.order == "relu_before_bn":
            out = self.bn1(self.relu(self.conv1(x)))
            out = self.bn2(self.relu(self.conv2(out)))
            return self.relu(out + identity)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.conv2(out)
        if self.order == "bn_after_add":
            return self.relu(self.bn2(out + identity))
        out = self.bn2(out)
        if self.order == "relu_before_add":
            return self.relu(out) + identity
        if self.order == "no_relu_after_add":
            return out + identity
        return self.relu(out + identity)

    def extra_repr(self):
        return f"order={self.order!r}"


def make_variant(name="original", depth=20, width=16, dim=1, in_channels=1, num_classes=10, seed=0):
    """A CIFAR-style ResNet (1-D for MNIST-1D by default) with one classic mistake built in, seeded.

    - ``original``: the paper's ResNet, correct; ``preact``: pre-activation blocks (He et al. 2016).
    - BN/ReLU order: ``bn_after_add``, ``relu_before_add``, ``relu_before_bn``, ``no_relu_after_add``.
    - ``plain``: the shortcuts forgotten; ``no_bn``: no batch normalization (Kaiming init).
    - initialisation: ``zero_init`` (every parameter 0), ``init_x10`` (every conv/linear weight x10),
      ``init_x10_no_bn`` (the same without BN, where nothing rescales the signal).
    - ``stride_forgotten``: stages 2 and 3 keep stride 1, so the feature maps never shrink.
    """
    if name not in VARIANTS:
        raise ValueError(error("arg_err_choice", arg="name", allowed=", ".join(VARIANTS), got=repr(name)))
    options = {"dim": dim, "in_channels": in_channels, "num_classes": num_classes, "width": width}
    torch.manual_seed(seed)
    if name == "preact":
        return cifar_resnet(depth, preact=True, **options)
    if name == "plain":
        return cifar_resnet(depth, plain=True, **options)
    if name in ("no_bn", "init_x10_no_bn"):
        model = cifar_resnet(depth, norm="none", **options)
    else:
        model = cifar_resnet(depth, **options)
    if name in ORDERS[2:]:
        for stage in (model.layer1, model.layer2, model.layer3):
            for i, block in enumerate(stage):
                stage[i] = OrderedBlock(block, name)
    elif name == "zero_init":
        with torch.no_grad():
            for p in model.parameters():
                p.zero_()
    elif name in ("init_x10", "init_x10_no_bn"):
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear)):
                    m.weight.mul_(10)
    elif name == "stride_forgotten":
        for stage in (model.layer2, model.layer3):
            first = stage[0]
            first.conv1.stride = (1,) * dim
            first.stride = 1
            if first.downsample is not None and hasattr(first.downsample, "stride"):
                first.downsample.stride = 1
    return model


# --- the exercise of lesson 08 -----------------------------------------------------------------------

class BrokenBlock(nn.Module):
    """A basic block with two bugs (lesson 08's exercise): find them with the tools, then fix them.

    ``BrokenBlock(in_channels, out_channels, stride)``, 2-D, projection shortcut where the shape changes.
    """

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return out + self.shortcut(x)
