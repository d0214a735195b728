"""A small fully-connected network, residual or plain: the toy model of the signal and shattered-gradient lessons.

    >>> from resnet_lessons.mlp import residual_mlp
    >>> net = residual_mlp(in_features=1, width=200, depth=24, num_classes=1)              # ResNet + BN
    >>> plain = residual_mlp(in_features=1, width=200, depth=24, num_classes=1, residual=False)

input Linear (in_features -> width) -> ``depth`` blocks -> output Linear (width -> num_classes).
Each block's branch F is Linear (+ BN) + ReLU, or (+ BN) + ReLU + Linear with ``preact=True``;
a residual block adds its input back, ``x + F(x)``, a plain block returns ``F(x)``. Plain and
residual nets have exactly the same parameters, so one seed gives both the same weights.
"""
import torch
from torch import nn

from resnet_lessons.blocks import NORMS, check_bool, check_branch_scale, check_choice, check_int
from resnet_lessons.i18n import error

INITS = ("kaiming", "default")


class MLPBlock(nn.Module):
    """One block: out = x + alpha * F(x) (residual) or F(x) (plain), where the branch F is

    ``relu(bn(linear(x)))`` (post-activation, as the paper's blocks), or with ``preact=True``
    ``linear(relu(bn(x)))`` (pre-activation, He et al. 2016: the branch ends with a zero-mean Linear).
    """

    def __init__(self, width, residual=True, norm="bn", branch_scale=None, preact=False):
        super().__init__()
        check_int("width", width)
        check_bool("residual", residual)
        check_choice("norm", norm, NORMS)
        check_bool("preact", preact)
        self.preact = preact
        self.linear = nn.Linear(width, width, bias=norm == "none" or preact)  # a BN right after has its own bias
        self.bn = nn.BatchNorm1d(width) if norm == "bn" else nn.Identity()
        self.relu = nn.ReLU()
        self.residual = residual
        self.alpha = _branch_scale(branch_scale, residual)

    def forward(self, x):
        if self.preact:
            out = self.linear(self.relu(self.bn(x)))
        else:
            out = self.relu(self.bn(self.linear(x)))
        if self.alpha is not None:
            out = out * self.alpha  # scaled branch: alpha * F(x)
        if self.residual:
            out = out + x
        return out


class ResidualMLP(nn.Module):
    """input Linear -> blocks (nn.Sequential of MLPBlock) -> output Linear. See `residual_mlp`."""

    def __init__(self, in_features, width, depth, num_classes, residual=True, norm="bn", branch_scale=None,
                 init="kaiming", preact=False):
        super().__init__()
        check_int("in_features", in_features)
        check_int("width", width)
        check_int("depth", depth, minimum=0)
        check_int("num_classes", num_classes)
        check_bool("residual", residual)
        check_choice("norm", norm, NORMS)
        check_choice("init", init, INITS)
        check_bool("preact", preact)
        _branch_scale(branch_scale, residual)  # validate before building anything
        self.residual = residual
        self.input = nn.Linear(in_features, width)
        self.blocks = nn.Sequential(*[MLPBlock(width, residual, norm, branch_scale, preact) for _ in range(depth)])
        self.output = nn.Linear(width, num_classes)
        if init == "kaiming":
            for m in self.modules():
                if isinstance(m, nn.Linear):
                    # He et al. 2015: keeps E[x^2] constant through Linear + ReLU
                    nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                    if m.bias is not None:
                        nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.output(self.blocks(self.input(x)))


def _branch_scale(branch_scale, residual):
    """None, a float, or a learnable scalar starting at 0 ("skipinit"); plain nets have no branch to scale."""
    branch_scale = check_branch_scale(branch_scale)
    if branch_scale is not None and not residual:
        raise ValueError(error("mlp_err_plain_branch_scale"))
    if branch_scale == "skipinit":
        return nn.Parameter(torch.zeros(()))
    return branch_scale


def residual_mlp(in_features, width, depth, num_classes, residual=True, norm="bn", branch_scale=None,
                 init="kaiming", preact=False):
    """A fully-connected net of ``depth`` blocks, each Linear (+ BN) + ReLU, with or without the identity skip.

    in_features, width, num_classes: sizes of the input, of every hidden layer, and of the output.
    depth: number of blocks (0 allowed: input Linear -> output Linear).
    residual: True adds each block's input to its output (x + F(x)); False gives the plain
      ("feedforward") twin with exactly the same parameters.
    norm: "bn" (BatchNorm1d after each block's Linear) or "none".
    branch_scale: None, a positive number c (x + c F(x)), or "skipinit" (a learnable c per block,
      starting at 0: De & Smith 2020). Residual nets only. For c = 1/sqrt(depth) pass the number.
    init: "kaiming" (He normal, fan_in, zero biases) or "default" (PyTorch's default init).
    preact: False: branch = Linear -> BN -> ReLU; True: branch = BN -> ReLU -> Linear (pre-activation).
    """
    return ResidualMLP(in_features, width, depth, num_classes, residual=residual, norm=norm,
                       branch_scale=branch_scale, init=init, preact=preact)

