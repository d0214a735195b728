"""Lesson 02's exercises: each reference passes its own check, and typical wrong answers are named."""
import pytest
import torch
import torch.nn.functional as F
from helpers import CJK
from torch import nn

from resnet_lessons import results
from resnet_lessons.exercises import exercise
from resnet_lessons.exercises.lesson02 import (
    EXERCISES,
    MARGIN,
    Twins,
    check_lesion_reading,
    check_no_degradation,
    check_option_a_block,
    resnet_from_block,
    train_twins,
)

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_lesson_has_its_exercises():
    assert [e.name for e in EXERCISES] == ["02-option-a", "02-lesion-reading"]
    for item in EXERCISES:
        assert len(item.hints) == 2 and all(CJK.search(zh) for _, zh in item.hints)
        assert all(item.title) and all(item.explanation)


# --- 02-option-a ---------------------------------------------------------------------------------------

def test_option_a_reference_passes(capsys):
    item = exercise("02-option-a")
    assert item.check(item.reference())
    out = capsys.readouterr().out
    assert "❌" not in out and "relu(option A(x))" in out


def make_block(shortcut):
    """A basic block for signals whose shortcut is ``shortcut(x, in_channels, out_channels, stride)``;
    ``shortcut`` may also be "projection" (option B)."""
    class Block(nn.Module):
        def __init__(self, in_channels, out_channels, stride=1):
            super().__init__()
            self.conv1 = nn.Conv1d(in_channels, out_channels, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm1d(out_channels)
            self.conv2 = nn.Conv1d(out_channels, out_channels, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm1d(out_channels)
            self.args = in_channels, out_channels, stride
            self.proj = None
            if shortcut == "projection" and (stride != 1 or in_channels != out_channels):
                self.proj = nn.Sequential(nn.Conv1d(in_channels, out_channels, 1, stride, bias=False),
                                          nn.BatchNorm1d(out_channels))

        def forward(self, x):
            out = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
            if shortcut == "projection":
                skip = x if self.proj is None else self.proj(x)
            else:
                skip = shortcut(x, *self.args)
            return torch.relu(out + skip)
    return Block


def right(x, cin, cout, stride):
    return F.pad(x[:, :, ::stride], (0, 0, 0, cout - cin))


def test_option_a_good_block_passes():
    assert check_option_a_block(make_block(right))


def test_option_a_projection_is_named(capsys):
    # option B where option A is asked for: parameters on the shortcut
    assert not check_option_a_block(make_block("projection"))
    out = capsys.readouterr().out
    assert "more than the" in out and "option A's shortcut has no parameters" in out


def test_option_a_zeros_first_is_named(capsys):
    assert not check_option_a_block(make_block(lambda x, cin, cout, s: F.pad(x[:, :, ::s], (0, 0, cout - cin, 0))))
    assert "the zeros come first" in capsys.readouterr().out


def test_option_a_odd_positions_are_named(capsys):
    assert not check_option_a_block(make_block(lambda x, cin, cout, s: F.pad(x[:, :, s - 1::s], (0, 0, 0, cout - cin))))
    assert "positions 1, 3, 5" in capsys.readouterr().out


def test_option_a_average_pooling_is_named(capsys):
    assert not check_option_a_block(
        make_block(lambda x, cin, cout, s: F.pad(F.avg_pool1d(x, s, s), (0, 0, 0, cout - cin))))
    assert "averages neighbouring positions" in capsys.readouterr().out


def test_option_a_extra_channels_not_zero_are_named(capsys):
    # the extra channels filled with a copy of x instead of zeros
    def copies(x, cin, cout, s):
        x = x[:, :, ::s]
        return torch.cat([x] * (cout // cin), dim=1)
    assert not check_option_a_block(make_block(copies))
    assert "channels are not zero" in capsys.readouterr().out


def test_option_a_starter_says_not_done_yet(capsys):
    class Starter(nn.Module):
        def __init__(self, in_channels, out_channels, stride=1):
            super().__init__()
            raise NotImplementedError("TODO")
    assert not exercise("02-option-a").check(Starter)
    out = capsys.readouterr().out
    assert "not done yet" in out and "Traceback" not in out and "hint()" in out


def test_option_a_2d_block_is_named(capsys):
    # a block for images (Conv2d) where signals are asked for
    class Images(nn.Module):
        def __init__(self, in_channels, out_channels, stride=1):
            super().__init__()
            self.conv = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)

        def forward(self, x):
            return self.conv(x)
    assert not check_option_a_block(Images)
    assert "nn.Conv1d" in capsys.readouterr().out


# --- the student's block, trained ---------------------------------------------------------------------

def test_resnet_from_block_has_the_package_nets_parameters():
    from resnet_lessons.models import cifar_resnet

    net = resnet_from_block(exercise("02-option-a").reference(), depth=20)
    assert sum(p.numel() for p in net.parameters()) == sum(
        p.numel() for p in cifar_resnet(20, dim=1, in_channels=1, num_classes=10).parameters())
    assert net(torch.randn(3, 1, 40)).shape == (3, 10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_brief_budget_shows_the_effect_on_every_seed(seed):
    """The notebook's budget: with the reference block ResNet-56 ends well below plain-56 on each seed."""
    twins = train_twins(exercise("02-option-a").reference(), seed=seed, reference=True)
    assert twins.train_error["residual"] <= twins.train_error["plain"] - MARGIN
    assert check_no_degradation(twins)


def fake_twins(plain, residual):
    return Twins(block="MyBlock", reference=False, depth=56, examples=1280, steps=40, batch_size=32, lr=0.01,
                 seed=0, train_error={"plain": plain, "residual": residual})


def test_no_degradation_names_a_block_that_does_not_train(capsys):
    # a block without its shortcut trains like plain-56
    assert not check_no_degradation(fake_twins(0.90, 0.88))
    out = capsys.readouterr().out
    assert "not at least 10 points below" in out and "your MyBlock" in out and "does your block add the shortcut" in out


def test_no_degradation_needs_a_clear_margin(capsys):
    assert not check_no_degradation(fake_twins(0.90, 0.81))
    assert check_no_degradation(fake_twins(0.90, 0.60))
    with pytest.raises(TypeError, match="train_twins"):
        check_no_degradation({"plain": 0.9})


# --- 02-lesion-reading --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lesion56():
    return results.load("lesion_56")[0]


def worst(result):
    net = result.net("residual")
    errors = {**net.single_errors(), **net.single_errors(downsampling=True)}
    return max(errors, key=errors.get), errors


def test_lesion_reference_passes_on_every_shipped_result(capsys):
    item = exercise("02-lesion-reading")
    assert item.check(item.reference())
    assert "❌" not in capsys.readouterr().out


def test_lesion_right_name_passes(lesion56):
    assert check_lesion_reading({"result": lesion56, "block": worst(lesion56)[0]})


def test_lesion_wrong_block_is_named_with_the_measured_errors(lesion56, capsys):
    name, errors = worst(lesion56)
    other = min(errors, key=errors.get)
    assert not check_lesion_reading({"result": lesion56, "block": other})
    out = capsys.readouterr().out
    assert f"deleting {other} raises" in out and f"deleting {name} raises it to {100 * errors[name]:.1f} %" in out


def test_lesion_downsampling_guess_is_named(lesion56, capsys):
    # the paper's answer (a downsampling block), where the measurement says otherwise
    name, _ = worst(lesion56)
    down = [b for b in lesion56.downsampling if b != name]
    assert not check_lesion_reading({"result": lesion56, "block": down[0]})
    out = capsys.readouterr().out
    if name not in lesion56.downsampling:
        assert "not a downsampling block" in out


def test_lesion_not_a_block_and_not_done_yet(lesion56, capsys):
    assert not check_lesion_reading({"result": lesion56, "block": "layer4.0"})
    assert "not a block of this net" in capsys.readouterr().out
    assert not check_lesion_reading({"result": lesion56, "block": None})
    assert "not done yet" in capsys.readouterr().out
    with pytest.raises(TypeError, match="answer must be a dict"):
        check_lesion_reading("layer1.0")


def test_lesion_reading_rule_that_reads_the_plain_net_fails(capsys):
    def plain_reader(result):
        net = result.net("plain")
        errors = {k: v for k, v in net.single_errors().items() if v is not None}
        return min(errors, key=errors.get)
    assert not check_lesion_reading(plain_reader)
    assert "look for the tallest bar" in capsys.readouterr().out
