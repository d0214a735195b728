"""The toy fully-connected net of the signal and shattered-gradient lessons (resnet_lessons.mlp)."""

import pytest
import torch
from helpers import CJK
from torch import nn

from resnet_lessons.mlp import MLPBlock, ResidualMLP, residual_mlp

pytestmark = pytest.mark.usefixtures("one_thread")


def test_shapes_and_layout():
    net = residual_mlp(in_features=40, width=32, depth=3, num_classes=10)
    assert isinstance(net, ResidualMLP) and len(net.blocks) == 3
    assert all(isinstance(b, MLPBlock) for b in net.blocks)
    assert net(torch.randn(5, 40)).shape == (5, 10)
    assert residual_mlp(1, 8, 0, 1)(torch.randn(4, 1)).shape == (4, 1)  # depth 0: input -> output


def test_plain_twin_has_the_same_parameters_and_weights():
    torch.manual_seed(0)
    residual = residual_mlp(1, 16, 4, 1)
    torch.manual_seed(0)
    plain = residual_mlp(1, 16, 4, 1, residual=False)
    assert [(n, p.shape) for n, p in residual.named_parameters()] == [(n, p.shape) for n, p in plain.named_parameters()]
    assert all(torch.equal(a, b) for a, b in zip(residual.parameters(), plain.parameters()))
    x = torch.randn(8, 1)
    assert not torch.allclose(residual(x), plain(x))


@pytest.mark.parametrize("preact", [False, True])
def test_block_adds_its_input_back(preact):
    block = MLPBlock(8, residual=True, norm="none", preact=preact)
    plain = MLPBlock(8, residual=False, norm="none", preact=preact)
    plain.load_state_dict(block.state_dict())
    x = torch.randn(4, 8)
    assert torch.allclose(block(x), plain(x) + x)
    branch = block.linear(torch.relu(x)) if preact else torch.relu(block.linear(x))
    assert torch.allclose(block(x), x + branch)


def test_skipinit_starts_as_the_identity_and_learns():
    net = residual_mlp(4, 8, 3, 2, branch_scale="skipinit")
    x = torch.randn(6, 4)
    h = net.input(x)
    assert torch.equal(net.blocks(h), h)
    alphas = [b.alpha for b in net.blocks]
    assert all(isinstance(a, nn.Parameter) and a.item() == 0 for a in alphas)
    net(x).sum().backward()
    assert any(a.grad is not None and a.grad.abs().item() > 0 for a in alphas)


def test_constant_branch_scale():
    block = MLPBlock(8, norm="none", branch_scale=0.5)
    x = torch.randn(3, 8)
    assert torch.allclose(block(x), x + 0.5 * torch.relu(block.linear(x)))


def test_norm_and_init_options():
    bn = residual_mlp(2, 8, 2, 1, norm="bn")
    assert isinstance(bn.blocks[0].bn, nn.BatchNorm1d) and bn.blocks[0].linear.bias is None  # BN has the bias
    none = residual_mlp(2, 8, 2, 1, norm="none")
    assert isinstance(none.blocks[0].bn, nn.Identity) and none.blocks[0].linear.bias is not None
    kaiming = residual_mlp(2, 8, 2, 1, norm="none", init="kaiming")
    assert all(torch.count_nonzero(m.bias) == 0 for m in kaiming.modules() if isinstance(m, nn.Linear))
    torch.manual_seed(0)
    default = residual_mlp(2, 8, 2, 1, norm="none", init="default")
    assert any(torch.count_nonzero(m.bias) > 0 for m in default.modules() if isinstance(m, nn.Linear))
    # He init keeps E[x^2] through Linear + ReLU: a wide layer's weights have variance 2 / fan_in
    torch.manual_seed(0)
    wide = residual_mlp(500, 500, 1, 1, init="kaiming")
    assert abs(wide.blocks[0].linear.weight.var().item() * 500 / 2 - 1) < 0.05


@pytest.mark.parametrize("kwargs, exc, field", [
    (dict(width=0), ValueError, "width"),
    (dict(width=2.5), TypeError, "width"),
    (dict(depth=-1), ValueError, "depth"),
    (dict(in_features="1"), TypeError, "in_features"),
    (dict(num_classes=0), ValueError, "num_classes"),
    (dict(norm="ln"), ValueError, "norm"),
    (dict(init="xavier"), ValueError, "init"),
    (dict(residual="yes"), TypeError, "residual"),
    (dict(preact=1), TypeError, "preact"),
    (dict(branch_scale=-1.0), ValueError, "branch_scale"),
    (dict(branch_scale="sqrt"), ValueError, "branch_scale"),
    (dict(residual=False, branch_scale=0.5), ValueError, "branch_scale"),
])
def test_bad_arguments_name_the_argument_in_both_languages(kwargs, exc, field):
    args = dict(in_features=1, width=8, depth=2, num_classes=1)
    args.update(kwargs)
    with pytest.raises(exc, match=field) as info:
        residual_mlp(**args)
    assert CJK.search(str(info.value))
