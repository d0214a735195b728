"""The building blocks of a ResNet: convolutions, residual blocks, shortcuts.

``BasicBlock`` and ``Bottleneck`` have torchvision's constructor signature and
attribute names, so a torchvision state_dict loads into them unchanged. Extra,
keyword-only options turn each block into a variant used in the lessons:

- ``plain=True``: the "plain twin": the same layers, but no shortcut is added.
- ``dim=1``: Conv1d / BatchNorm1d instead of Conv2d / BatchNorm2d (1-D signals).
- ``branch_scale``: multiply the residual branch F(x) by a constant (e.g. 1/sqrt(L))
  or by a learnable scalar ``alpha`` that starts at 0 ("skipinit", De & Smith 2020).

``PreActBasicBlock`` and ``PreActBottleneck`` are the pre-activation blocks of
He et al. 2016, "Identity Mappings in Deep Residual Networks". ``ShortcutA`` is
the paper's parameter-free shortcut (option A).
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from resnet_lessons.i18n import error
from resnet_lessons.validate import check_bool, check_choice, check_int, shown

DIMS = (1, 2)
NORMS = ("bn", "none")


# --- argument checks ------------------------------------------------------------------------------

def check_branch_scale(value):
    """Check a branch_scale: None, "skipinit" or a positive finite number (returned as a float)."""
    if value is None or (isinstance(value, str) and value == "skipinit"):
        return value
    if isinstance(value, str):
        raise ValueError(error("models_err_branch_scale", got=shown(value)))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(error("models_err_branch_scale", got=shown(value)))
    if not (math.isfinite(value) and value > 0):
        raise ValueError(error("models_err_branch_scale", got=shown(value)))
    return float(value)


# --- convolutions and normalisation ----------------------------------------------------------------

def _conv_class(dim):
    check_choice("dim", dim, DIMS)
    return nn.Conv1d if dim == 1 else nn.Conv2d


def conv3x3(in_planes, out_planes, stride=1, groups=1, dilation=1, dim=2):
    """3x3 convolution with padding (3-tap for dim=1); no bias, a norm layer follows."""
    conv = _conv_class(dim)
    return conv(in_planes, out_planes, kernel_size=3, stride=stride, padding=dilation,
                groups=groups, bias=False, dilation=dilation)


def conv1x1(in_planes, out_planes, stride=1, dim=2):
    """1x1 convolution: mixes channels, changes their number, and can subsample with stride."""
    conv = _conv_class(dim)
    return conv(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


def norm_layer_for(norm="bn", dim=2):
    """The norm layer class: BatchNorm1d / BatchNorm2d for "bn", nn.Identity for "none".

    nn.Identity accepts (and ignores) the channel count, so it can stand in for BN anywhere.
    """
    check_choice("norm", norm, NORMS)
    check_choice("dim", dim, DIMS)
    if norm == "none":
        return nn.Identity
    return nn.BatchNorm1d if dim == 1 else nn.BatchNorm2d


def _branch_scale_param(branch_scale, plain):
    """What a block multiplies F(x) by: None (nothing), a float, or a learnable scalar at 0."""
    branch_scale = check_branch_scale(branch_scale)
    if branch_scale is not None and plain:
        raise ValueError(error("models_err_plain_option", arg="branch_scale"))
    if branch_scale == "skipinit":
        return nn.Parameter(torch.zeros(()))
    return branch_scale


def _check_block_args(inplanes, planes, stride, downsample, groups, base_width, dilation, plain, dim):
    check_int("inplanes", inplanes)
    check_int("planes", planes)
    check_int("stride", stride)
    check_int("groups", groups)
    check_int("base_width", base_width)
    check_int("dilation", dilation)
    check_bool("plain", plain)
    check_choice("dim", dim, DIMS)
    if downsample is not None and not callable(downsample):
        raise TypeError(error("models_err_downsample", got=shown(downsample)))
    if plain and downsample is not None:
        raise ValueError(error("models_err_plain_downsample"))


# --- blocks -------------------------------------------------------------------------------------------

class BasicBlock(nn.Module):
    """Two 3x3 convolutions and a shortcut: out = relu(F(x) + x).  (ResNet-18/34, CIFAR ResNets)"""

    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None, *, plain=False, dim=2, branch_scale=None):
        super().__init__()
        _check_block_args(inplanes, planes, stride, downsample, groups, base_width, dilation, plain, dim)
        if groups != 1 or base_width != 64:
            raise ValueError(error("models_err_basic_groups"))
        if dilation > 1:
            raise NotImplementedError(error("models_err_basic_dilation"))
        if norm_layer is None:
            norm_layer = norm_layer_for("bn", dim)
        # Both self.conv1 and self.downsample subsample the input when stride != 1.
        self.conv1 = conv3x3(inplanes, planes, stride, dim=dim)
        self.bn1 = norm_layer(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes, dim=dim)
        self.bn2 = norm_layer(planes)
        self.downsample = downsample
        self.stride = stride
        self.plain = plain
        self.alpha = _branch_scale_param(branch_scale, plain)

    def forward(self, x):                    # x: (N, inplanes, H, W); (N, C, L) when dim=1
        identity = x

        out = self.conv1(x)                  # (N, planes, H/s, W/s), s = stride
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)                # (N, planes, H/s, W/s)
        out = self.bn2(out)                  # F(x)

        if self.alpha is not None:
            out = out * self.alpha  # scaled residual branch: alpha * F(x)

        if not self.plain:  # the plain twin stops here: no shortcut
            if self.downsample is not None:
                identity = self.downsample(x)  # (N, planes, H/s, W/s): the shapes must match to add
            out += identity                  # F(x) + x

        out = self.relu(out)
        return out                           # (N, planes, H/s, W/s)


class Bottleneck(nn.Module):
    """1x1 (reduce) -> 3x3 -> 1x1 (expand x4), plus a shortcut.  (ResNet-50/101/152, ResNeXt, Wide ResNet)

    groups > 1 makes the 3x3 a grouped convolution (ResNeXt); base_width > 64 widens it (Wide ResNet).
    """

    # The paper puts the stride on the first 1x1 conv (conv1); torchvision, and so this class,
    # puts it on the 3x3 conv (conv2): "ResNet V1.5". A strided 1x1 simply drops 3 of every 4
    # positions; a strided 3x3 looks at all of them. NVIDIA's model card "ResNet50 v1.5 for
    # PyTorch" (DeepLearningExamples; torchvision's resnet.py links to it: ngc.nvidia.com/catalog/
    # model-scripts/nvidia:resnet_50_v1_5_for_pytorch) says v1.5 is "slightly more accurate (~0.5%
    # top1) than v1" with "a small performance drawback (~5% imgs/sec)". It costs more
    # multiply-adds: ResNet-50 has 4.089 G instead of 3.858 G (counted in lesson 03).

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None, *, plain=False, dim=2, branch_scale=None):
        super().__init__()
        _check_block_args(inplanes, planes, stride, downsample, groups, base_width, dilation, plain, dim)
        if norm_layer is None:
            norm_layer = norm_layer_for("bn", dim)
        width = int(planes * (base_width / 64.0)) * groups
        self.conv1 = conv1x1(inplanes, width, dim=dim)
        self.bn1 = norm_layer(width)
        self.conv2 = conv3x3(width, width, stride, groups, dilation, dim=dim)
        self.bn2 = norm_layer(width)
        self.conv3 = conv1x1(width, planes * self.expansion, dim=dim)
        self.bn3 = norm_layer(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride
        self.plain = plain
        self.alpha = _branch_scale_param(branch_scale, plain)

    def forward(self, x):                    # x: (N, inplanes, H, W)
        identity = x

        out = self.conv1(x)                  # (N, width, H, W): 1x1 reduces the channels
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)                # (N, width, H/s, W/s): the 3x3 (strided, grouped for ResNeXt)
        out = self.bn2(out)
        out = self.relu(out)

        out = self.conv3(out)                # (N, 4 * planes, H/s, W/s): 1x1 expands again
        out = self.bn3(out)                  # F(x)

        if self.alpha is not None:
            out = out * self.alpha  # scaled residual branch: alpha * F(x)

        if not self.plain:  # the plain twin stops here: no shortcut
            if self.downsample is not None:
                identity = self.downsample(x)  # (N, 4 * planes, H/s, W/s)
            out += identity                  # F(x) + x

        out = self.relu(out)
        return out                           # (N, 4 * planes, H/s, W/s)


class PreActBasicBlock(nn.Module):
    """Pre-activation basic block (He et al. 2016): BN -> ReLU -> conv -> BN -> ReLU -> conv, then add.

    Nothing follows the addition, so the shortcut path is a clean identity from block to block.
    A network of these blocks ends with one BN + ReLU before pooling.
    """

    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None, *, plain=False, dim=2, branch_scale=None):
        super().__init__()
        _check_block_args(inplanes, planes, stride, downsample, groups, base_width, dilation, plain, dim)
        if groups != 1 or base_width != 64:
            raise ValueError(error("models_err_basic_groups"))
        if dilation > 1:
            raise NotImplementedError(error("models_err_basic_dilation"))
        if norm_layer is None:
            norm_layer = norm_layer_for("bn", dim)
        self.bn1 = norm_layer(inplanes)
        self.relu = nn.ReLU()  # not in-place: with norm "none", bn1 is nn.Identity and hands back x itself
        self.conv1 = conv3x3(inplanes, planes, stride, dim=dim)
        self.bn2 = norm_layer(planes)
        self.conv2 = conv3x3(planes, planes, dim=dim)
        self.downsample = downsample
        self.stride = stride
        self.plain = plain
        self.alpha = _branch_scale_param(branch_scale, plain)

    def forward(self, x):                    # x: (N, inplanes, H, W)
        identity = x

        out = self.bn1(x)
        out = self.relu(out)
        if self.downsample is not None:
            # Where the shape changes, the shortcut sees the pre-activated input (as in He's code).
            identity = self.downsample(out)  # (N, planes, H/s, W/s)
        out = self.conv1(out)                # (N, planes, H/s, W/s)

        out = self.bn2(out)
        out = self.relu(out)
        out = self.conv2(out)                # (N, planes, H/s, W/s): F(x), nothing after the addition

        if self.alpha is not None:
            out = out * self.alpha  # scaled residual branch: alpha * F(x)

        if not self.plain:  # the plain twin stops here: no shortcut
            out = out + identity
        return out


class PreActBottleneck(nn.Module):
    """Pre-activation bottleneck (He et al. 2016): (BN -> ReLU -> conv) x 3 with 1x1, 3x3, 1x1 convs, then add."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None, *, plain=False, dim=2, branch_scale=None):
        super().__init__()
        _check_block_args(inplanes, planes, stride, downsample, groups, base_width, dilation, plain, dim)
        if norm_layer is None:
            norm_layer = norm_layer_for("bn", dim)
        width = int(planes * (base_width / 64.0)) * groups
        self.bn1 = norm_layer(inplanes)
        self.relu = nn.ReLU()  # not in-place: with norm "none", bn1 is nn.Identity and hands back x itself
        self.conv1 = conv1x1(inplanes, width, dim=dim)
        self.bn2 = norm_layer(width)
        self.conv2 = conv3x3(width, width, stride, groups, dilation, dim=dim)  # stride on the 3x3, as above
        self.bn3 = norm_layer(width)
        self.conv3 = conv1x1(width, planes * self.expansion, dim=dim)
        self.downsample = downsample
        self.stride = stride
        self.plain = plain
        self.alpha = _branch_scale_param(branch_scale, plain)

    def forward(self, x):
        identity = x

        out = self.bn1(x)
        out = self.relu(out)
        if self.downsample is not None:
            # Where the shape changes, the shortcut sees the pre-activated input (as in He's code).
            identity = self.downsample(out)
        out = self.conv1(out)

        out = self.bn2(out)
        out = self.relu(out)
        out = self.conv2(out)

        out = self.bn3(out)
        out = self.relu(out)
        out = self.conv3(out)

        if self.alpha is not None:
            out = out * self.alpha  # scaled residual branch: alpha * F(x)

        if not self.plain:  # the plain twin stops here: no shortcut
            out = out + identity
        return out


class ShortcutA(nn.Module):
    """The paper's option A shortcut: identity, with zeros for the extra channels. No parameters.

    Where a stage halves the feature map, keep every `stride`-th position, like the strided conv
    of the residual branch does.
    """

    def __init__(self, in_planes, out_planes, stride, dim=2):
        super().__init__()
        check_int("in_planes", in_planes)
        check_int("out_planes", out_planes)
        check_int("stride", stride)
        check_choice("dim", dim, DIMS)
        if out_planes < in_planes:
            raise ValueError(error("models_err_shortcut_a", in_planes=in_planes, out_planes=out_planes))
        self.in_planes = in_planes
        self.out_planes = out_planes
        self.stride = stride
        self.dim = dim

    def forward(self, x):
        if self.dim == 2:
            x = x[:, :, ::self.stride, ::self.stride]
        else:
            x = x[:, :, ::self.stride]
        extra = self.out_planes - self.in_planes
        # F.pad lists (before, after) pairs from the last dimension backwards; the channels come last.
        return F.pad(x, [0, 0] * self.dim + [0, extra])

    def extra_repr(self):
        return f"{self.in_planes}, {self.out_planes}, stride={self.stride}, dim={self.dim}"
