"""ResNets: ImageNet-style (state_dict-compatible with torchvision) and CIFAR-style (the paper's Sec. 4.2).

    >>> from resnet_lessons.models import resnet50, cifar_resnet, count_parameters
    >>> count_parameters(resnet50())          # same as torchvision.models.resnet50()
    25557032
    >>> count_parameters(cifar_resnet(20))    # the paper's ResNet-20 (option A shortcuts)
    269722

Every builder makes an untrained model; nothing is downloaded. torchvision's ImageNet
weights load into ours with ``model.load_state_dict(state_dict, strict=True)``.
"""
import math
from typing import Optional

import torch
import torch.fx
from torch import nn

from resnet_lessons.blocks import (  # noqa: F401  (re-exported: models is the one import for lessons)
    DIMS,
    NORMS,
    BasicBlock,
    Bottleneck,
    PreActBasicBlock,
    PreActBottleneck,
    ShortcutA,
    check_branch_scale,
    conv1x1,
    conv3x3,
    norm_layer_for,
)
from resnet_lessons.i18n import error
from resnet_lessons.validate import check_bool, check_choice, check_int, is_cifar_depth, is_int

SHORTCUTS = ("A", "B", "C")
INITS = ("kaiming", "default")

# Blocks per stage, from Table 1 of He et al. 2015 (keyed by the number of layers).
# 18 and 34 use BasicBlock, 50 and deeper use Bottleneck.
PAPER_BLOCKS = {
    18: (2, 2, 2, 2),
    34: (3, 4, 6, 3),
    50: (3, 4, 6, 3),
    101: (3, 4, 23, 3),
    152: (3, 8, 36, 3),
}


@torch.jit.ignore  # TorchScript calls this as plain Python
def check_input(x: torch.Tensor, channels: int, dim: int, weight: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Fail early, naming the expected shape (and dtype: that of the first layer's ``weight``), instead of
    deep inside the first convolution. Under autocast any floating-point input is fine: autocast casts it."""
    if torch.jit.is_tracing():  # shapes are traced tensors there; torch.jit.trace checks them itself
        return x
    expected = f"(N, {channels}, H, W)" if dim == 2 else f"(N, {channels}, L)"
    if not isinstance(x, torch.Tensor):
        raise TypeError(error("models_err_input_type", expected=expected, got=type(x).__name__))
    if x.dim() != dim + 2 or x.shape[1] != channels or min(x.shape[2:]) < 1:
        raise ValueError(error("models_err_input_shape", expected=expected, got=tuple(x.shape)))
    if weight is not None and x.dtype != weight.dtype and not (x.is_floating_point()
                                                               and torch.is_autocast_enabled(x.device.type)):
        raise TypeError(error("models_err_input_dtype", expected=expected, dtype=str(weight.dtype), got=str(x.dtype)))
    return x


# torch.fx (and so torchvision's create_feature_extractor) records check_input as one call
# instead of tracing into it, where it would have to turn a symbolic shape into a bool.
torch.fx.wrap("check_input")


def count_parameters(model, trainable_only=False):
    """The number of parameters of `model` (only those with requires_grad if trainable_only)."""
    if not isinstance(model, nn.Module):
        raise TypeError(error("arg_err_module", arg="model", got=type(model).__name__))
    check_bool("trainable_only", trainable_only)
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


# --- ImageNet ResNets -------------------------------------------------------------------------------

class ResNet(nn.Module):
    """The ImageNet ResNet of He et al. 2015, with torchvision's module names, shapes and init.

    stem (7x7 conv, stride 2 + max pool) -> 4 stages (64, 128, 256, 512 planes) -> average pool -> fc.
    plain=True builds the plain twin: the same layers without any shortcut.
    """

    def __init__(self, block, layers, num_classes=1000, zero_init_residual=False, groups=1,
                 width_per_group=64, replace_stride_with_dilation=None, norm_layer=None, plain=False):
        super().__init__()
        _check_resnet_args(block, layers, num_classes, zero_init_residual, groups, width_per_group,
                           replace_stride_with_dilation, norm_layer, plain)
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer
        self.plain = plain

        self.inplanes = 64
        self.dilation = 1
        if replace_stride_with_dilation is None:
            # each element says whether to replace the stride 2 of layer2/3/4 by a dilated convolution
            replace_stride_with_dilation = [False, False, False]
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2, dilate=replace_stride_with_dilation[0])
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2, dilate=replace_stride_with_dilation[1])
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2, dilate=replace_stride_with_dilation[2])
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)

        # Zero the last BN of each residual branch: every block starts as the identity
        # (Goyal et al. 2017, +0.2-0.3% top-1).
        if zero_init_residual:
            for m in self.modules():
                if isinstance(m, Bottleneck) and m.bn3.weight is not None:
                    nn.init.constant_(m.bn3.weight, 0)
                elif isinstance(m, BasicBlock) and m.bn2.weight is not None:
                    nn.init.constant_(m.bn2.weight, 0)

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        norm_layer = self._norm_layer
        downsample = None
        previous_dilation = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        if not self.plain and (stride != 1 or self.inplanes != planes * block.expansion):
            downsample = nn.Sequential(
                conv1x1(self.inplanes, planes * block.expansion, stride),
                norm_layer(planes * block.expansion),
            )
        options = {"plain": True} if self.plain else {}  # so torchvision's own blocks work too

        layers = []
        layers.append(block(self.inplanes, planes, stride, downsample, self.groups, self.base_width,
                            previous_dilation, norm_layer, **options))
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups, base_width=self.base_width,
                                dilation=self.dilation, norm_layer=norm_layer, **options))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = check_input(x, self.conv1.in_channels, 2, self.conv1.weight)
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)

        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)

        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x


def _check_resnet_args(block, layers, num_classes, zero_init_residual, groups, width_per_group,
                       replace_stride_with_dilation, norm_layer, plain):
    if not (isinstance(block, type) and issubclass(block, nn.Module) and hasattr(block, "expansion")):
        raise TypeError(error("models_err_block", got=repr(block)))
    if not isinstance(layers, (list, tuple)) or len(layers) != 4:
        raise TypeError(error("models_err_layers", got=repr(layers)))
    for count in layers:
        check_int("layers[i]", count)
    check_int("num_classes", num_classes)
    check_bool("zero_init_residual", zero_init_residual)
    check_int("groups", groups)
    check_int("width_per_group", width_per_group)
    if replace_stride_with_dilation is not None:
        rswd = replace_stride_with_dilation
        if not isinstance(rswd, (list, tuple)) or len(rswd) != 3 or not all(isinstance(d, bool) for d in rswd):
            raise ValueError(error("models_err_dilation_list", got=repr(rswd)))
    if norm_layer is not None and not callable(norm_layer):
        raise TypeError(error("models_err_norm_layer", got=repr(norm_layer)))
    check_bool("plain", plain)
    if plain and zero_init_residual:
        raise ValueError(error("models_err_plain_option", arg="zero_init_residual"))


def _resnet(name, block, layers, num_classes, kwargs):
    for key in ("weights", "pretrained", "progress"):
        if key in kwargs:
            raise TypeError(error("models_err_weights", name=name, arg=key))
    return ResNet(block, layers, num_classes=num_classes, **kwargs)


def _fix(name, kwargs, **fixed):
    for key, value in fixed.items():
        if key in kwargs and kwargs[key] != value:
            raise ValueError(error("models_err_fixed", name=name, arg=key, value=value, got=repr(kwargs[key])))
        kwargs[key] = value
    return kwargs


def resnet18(*, num_classes=1000, **kwargs):
    """ResNet-18: BasicBlock, [2, 2, 2, 2] (11.7 M parameters)."""
    return _resnet("resnet18", BasicBlock, [2, 2, 2, 2], num_classes, kwargs)


def resnet34(*, num_classes=1000, **kwargs):
    """ResNet-34: BasicBlock, [3, 4, 6, 3] (21.8 M parameters)."""
    return _resnet("resnet34", BasicBlock, [3, 4, 6, 3], num_classes, kwargs)


def resnet50(*, num_classes=1000, **kwargs):
    """ResNet-50: Bottleneck, [3, 4, 6, 3] (25.6 M parameters)."""
    return _resnet("resnet50", Bottleneck, [3, 4, 6, 3], num_classes, kwargs)


def resnet101(*, num_classes=1000, **kwargs):
    """ResNet-101: Bottleneck, [3, 4, 23, 3] (44.5 M parameters)."""
    return _resnet("resnet101", Bottleneck, [3, 4, 23, 3], num_classes, kwargs)


def resnet152(*, num_classes=1000, **kwargs):
    """ResNet-152: Bottleneck, [3, 8, 36, 3] (60.2 M parameters)."""
    return _resnet("resnet152", Bottleneck, [3, 8, 36, 3], num_classes, kwargs)


def resnext50_32x4d(*, num_classes=1000, **kwargs):
    """ResNeXt-50 32x4d (Xie et al. 2017): ResNet-50 whose 3x3 conv has 32 groups of 4 channels each."""
    kwargs = _fix("resnext50_32x4d", kwargs, groups=32, width_per_group=4)
    return _resnet("resnext50_32x4d", Bottleneck, [3, 4, 6, 3], num_classes, kwargs)


def wide_resnet50_2(*, num_classes=1000, **kwargs):
    """Wide ResNet-50-2 (Zagoruyko & Komodakis 2016): ResNet-50 with a 3x3 conv twice as wide."""
    kwargs = _fix("wide_resnet50_2", kwargs, width_per_group=64 * 2)
    return _resnet("wide_resnet50_2", Bottleneck, [3, 4, 6, 3], num_classes, kwargs)


BUILDERS = {
    "resnet18": resnet18,
    "resnet34": resnet34,
    "resnet50": resnet50,
    "resnet101": resnet101,
    "resnet152": resnet152,
    "resnext50_32x4d": resnext50_32x4d,
    "wide_resnet50_2": wide_resnet50_2,
}


# --- CIFAR ResNets ------------------------------------------------------------------------------------

class CifarResNet(nn.Module):
    """The CIFAR-10 ResNet of He et al. 2015, Sec. 4.2: 6n+2 layers.

    3x3 conv (width channels) -> 3 stages of n BasicBlocks (width, 2*width, 4*width channels; the
    2nd and 3rd halve the map) -> global average pool -> fc. See `cifar_resnet` for the options.
    """

    def __init__(self, depth, shortcut="A", plain=False, num_classes=10, in_channels=3, dim=2, width=16,
                 norm="bn", init="kaiming", zero_init_residual=False, preact=False, branch_scale=None):
        super().__init__()
        n = _check_cifar_args(depth, shortcut, plain, num_classes, in_channels, dim, width, norm, init,
                              zero_init_residual, preact, branch_scale)
        if branch_scale == "sqrt":
            branch_scale = 1 / math.sqrt(3 * n)  # 1/sqrt(number of blocks)
        self.depth = depth
        self.shortcut = shortcut
        self.plain = plain
        self.preact = preact
        self.dim = dim
        self.in_channels = in_channels
        self._norm_layer = norm_layer_for(norm, dim)
        block = PreActBasicBlock if preact else BasicBlock

        self.inplanes = width
        self.conv1 = conv3x3(in_channels, width, dim=dim)
        # A pre-activation net has no BN + ReLU after conv1 (the first block starts with its own),
        # and ends with BN + ReLU, since nothing follows the last addition. Unused ones are Identity.
        self.bn1 = nn.Identity() if preact else self._norm_layer(width)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(block, width, n, stride=1, branch_scale=branch_scale)
        self.layer2 = self._make_layer(block, 2 * width, n, stride=2, branch_scale=branch_scale)
        self.layer3 = self._make_layer(block, 4 * width, n, stride=2, branch_scale=branch_scale)
        self.bn_final = self._norm_layer(4 * width) if preact else nn.Identity()
        self.avgpool = nn.AdaptiveAvgPool1d(1) if dim == 1 else nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4 * width, num_classes)

        if init == "kaiming":
            for m in self.modules():
                if isinstance(m, (nn.Conv1d, nn.Conv2d)):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                    nn.init.constant_(m.weight, 1)
                    nn.init.constant_(m.bias, 0)
        if zero_init_residual:
            for stage in (self.layer1, self.layer2, self.layer3):
                for b in stage:
                    _zero_last_layer(b)

    def _shortcut(self, planes, stride):
        """The shortcut module of one block; None means the identity."""
        shape_changes = stride != 1 or self.inplanes != planes
        if self.plain or (self.shortcut != "C" and not shape_changes):
            return None
        if self.shortcut == "A":
            return ShortcutA(self.inplanes, planes, stride, dim=self.dim)
        if self.preact:  # He's pre-activation code projects with a bare 1x1 conv
            return conv1x1(self.inplanes, planes, stride, dim=self.dim)
        return nn.Sequential(conv1x1(self.inplanes, planes, stride, dim=self.dim), self._norm_layer(planes))

    def _make_layer(self, block, planes, blocks, stride, branch_scale):
        layers = []
        for i in range(blocks):
            block_stride = stride if i == 0 else 1
            downsample = self._shortcut(planes, block_stride)
            layers.append(block(self.inplanes, planes, block_stride, downsample, norm_layer=self._norm_layer,
                                plain=self.plain, dim=self.dim, branch_scale=branch_scale))
            self.inplanes = planes
        return nn.Sequential(*layers)

    def forward(self, x):
        x = check_input(x, self.in_channels, self.dim, self.conv1.weight)
        x = self.conv1(x)
        if not self.preact:
            x = self.bn1(x)
            x = self.relu(x)

        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)

        if self.preact:
            x = self.bn_final(x)
            x = self.relu(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x


def _zero_last_layer(block):
    """Make a residual branch output zero at init, so that the block starts as the identity.

    Post-activation blocks with BN: zero the last BN's weight (as torchvision does). Pre-activation
    blocks, or no BN: zero the last conv's weight (a zero BN weight there would be followed by a
    ReLU, whose gradient at 0 is 0, and the branch could never wake up).
    """
    if isinstance(block, BasicBlock) and isinstance(block.bn2, nn.modules.batchnorm._BatchNorm):
        nn.init.zeros_(block.bn2.weight)
    else:
        nn.init.zeros_(block.conv2.weight)


def _check_cifar_args(depth, shortcut, plain, num_classes, in_channels, dim, width, norm, init,
                      zero_init_residual, preact, branch_scale):
    """Check every argument of cifar_resnet; returns n, the number of blocks per stage."""
    if not is_cifar_depth(depth):
        raise (ValueError if is_int(depth) else TypeError)(error("models_err_depth", got=repr(depth)))
    check_choice("shortcut", shortcut, SHORTCUTS)
    check_bool("plain", plain)
    check_int("num_classes", num_classes)
    check_int("in_channels", in_channels)
    check_choice("dim", dim, DIMS)
    check_int("width", width)
    check_choice("norm", norm, NORMS)
    check_choice("init", init, INITS)
    check_bool("zero_init_residual", zero_init_residual)
    check_bool("preact", preact)
    if not (isinstance(branch_scale, str) and branch_scale == "sqrt"):
        check_branch_scale(branch_scale)
    if plain and zero_init_residual:
        raise ValueError(error("models_err_plain_option", arg="zero_init_residual"))
    if plain and branch_scale is not None:
        raise ValueError(error("models_err_plain_option", arg="branch_scale"))
    return (depth - 2) // 6


def cifar_resnet(depth, shortcut="A", plain=False, num_classes=10, in_channels=3, dim=2, width=16,
                 norm="bn", init="kaiming", zero_init_residual=False, preact=False, branch_scale=None):
    """A CIFAR-style ResNet of `depth` = 6n+2 layers (He et al. 2015, Sec. 4.2), or its plain twin.

    shortcut: "A" zero-padding identity where the shape changes (no parameters, the paper's CIFAR
      choice), "B" 1x1 conv + BN projection only where the shape changes, "C" projection in every block.
    plain: no shortcuts at all; with option A the plain net has exactly the residual net's parameters.
    dim: 2 for images (N, in_channels, H, W), 1 for signals (N, in_channels, L), e.g. MNIST-1D.
    width: channels of the first stage (16 in the paper); the others have 2x and 4x.
    norm: "bn" or "none" (nn.Identity in place of every BN).
    init: "kaiming" (He init, as torchvision) or "default" (PyTorch's default init).
    zero_init_residual: every residual branch starts at zero, so every block starts as the identity.
    preact: pre-activation blocks (He et al. 2016), with a final BN + ReLU before pooling.
    branch_scale: None, a number c (each block computes c * F(x) + x), "sqrt" (c = 1/sqrt(number of
      blocks)) or "skipinit" (a learnable c per block starting at 0, De & Smith 2020).
    """
    return CifarResNet(depth, shortcut=shortcut, plain=plain, num_classes=num_classes, in_channels=in_channels,
                       dim=dim, width=width, norm=norm, init=init, zero_init_residual=zero_init_residual,
                       preact=preact, branch_scale=branch_scale)
