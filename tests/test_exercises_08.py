"""Lesson 08's exercises: each reference passes its own check, and typical wrong answers are named."""
import pytest
from helpers import CJK
from torch import nn

from resnet_lessons.data import load_dataset
from resnet_lessons.debugging import BrokenBlock, gradient_flow, make_variant
from resnet_lessons.exercises import exercise
from resnet_lessons.exercises.lesson08 import (
    EXERCISES,
    check_fixed_block,
    check_gradient_reading,
)

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_lesson_has_its_exercises():
    assert [e.name for e in EXERCISES] == ["08-fixed-block", "08-gradient-reading"]
    for item in EXERCISES:
        assert len(item.hints) == 2 and all(CJK.search(zh) for _, zh in item.hints)
        assert all(item.title) and all(item.explanation)


# --- 08-fixed-block ----------------------------------------------------------------------------------

def test_fixed_block_reference_passes(capsys):
    item = exercise("08-fixed-block")
    assert item.check(item.reference())
    assert "❌" not in capsys.readouterr().out


class StrideOnly(BrokenBlock):
    """Only the shortcut's stride fixed: the ReLU is still before the addition."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__(in_channels, out_channels, stride)
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(out_channels))


class ReluOnly(BrokenBlock):
    """Only the ReLU moved after the addition: the shortcut still has no stride."""

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


class TwoRelus(StrideOnly):
    """A ReLU added after the addition, but the one before it kept."""

    def forward(self, x):
        return self.relu(super().forward(x))


def test_broken_block_lines_come_in_the_explained_order(capsys):
    assert not check_fixed_block(BrokenBlock)
    failed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("❌")]
    assert len(failed) == 3
    assert failed[0].startswith("❌ (16, 16, 1)") and "ReLU is applied to the branch before the addition" in failed[0]
    assert failed[1].startswith("❌ (16, 32, 1)") and "before the addition" in failed[1]
    assert failed[2].startswith("❌ (16, 32, 2)") and "its 1x1 conv needs the stride too" in failed[2]
    # the explanation describes them in this order
    explanation = exercise("08-fixed-block").explanation[0]
    assert explanation.index("(16, 16, 1)") < explanation.index("(16, 32, 2)")


def test_fixed_block_stride_only_names_the_relu(capsys):
    assert not check_fixed_block(StrideOnly)
    out = capsys.readouterr().out
    assert "ReLU is applied to the branch before the addition" in out and "needs the stride" not in out
    assert CJK.search(out)


def test_fixed_block_relu_only_names_the_stride(capsys):
    assert not check_fixed_block(ReluOnly)
    out = capsys.readouterr().out
    assert "its 1x1 conv needs the stride too" in out and "before the addition" not in out


def test_fixed_block_two_relus_are_named(capsys):
    assert not check_fixed_block(TwoRelus)
    assert "still has a ReLU before the addition" in capsys.readouterr().out


def test_fixed_block_starter_says_not_done_yet(capsys):
    class Starter(BrokenBlock):
        def forward(self, x):
            raise NotImplementedError("TODO")

    report = exercise("08-fixed-block").check(Starter)
    out = capsys.readouterr().out
    assert not report and "not done yet: forward raises NotImplementedError" in out and "Traceback" not in out and "hint()" in out


# --- 08-gradient-reading -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def flow_plain(one_thread_for_module):
    data = load_dataset("mnist1d")
    return gradient_flow(make_variant("plain", depth=56), data.x_train[:64], data.y_train[:64])


def ratio(flow):
    return flow["layers"][0]["mean_abs"] / flow["layers"][-2]["mean_abs"]


def reading(flow, toward, factor):
    return check_gradient_reading({"flow": flow, "explodes_toward": toward, "first_over_last": factor})


def test_gradient_reading_reference_passes(capsys):
    item = exercise("08-gradient-reading")
    assert item.check(item.reference())
    out = capsys.readouterr().out
    assert "❌" not in out and "plain-56" in out and "plain-20" in out


def test_gradient_reading_right_answer_is_computed_from_the_norms(flow_plain, capsys):
    assert ratio(flow_plain) > 100  # with BN the plain net's gradient grows toward the input
    assert reading(flow_plain, "input", ratio(flow_plain) * 2)  # within the factor 3
    assert "grows toward the input" in capsys.readouterr().out


def test_gradient_reading_vanishing_is_named(flow_plain, capsys):
    # the textbook answer: the gradient vanishes toward the input
    assert not reading(flow_plain, "output", ratio(flow_plain))
    out = capsys.readouterr().out
    assert "it grows toward the input" in out and "it does not vanish" in out and CJK.search(out)


def test_gradient_reading_inverted_ratio_is_named(flow_plain, capsys):
    assert not reading(flow_plain, "input", 1 / ratio(flow_plain))
    assert "that is last over first" in capsys.readouterr().out


def test_gradient_reading_fc_as_last_layer_is_named(flow_plain, capsys):
    layers = flow_plain["layers"]
    assert layers[-1]["name"] == "fc"
    assert not reading(flow_plain, "input", layers[0]["mean_abs"] / layers[-1]["mean_abs"])
    assert "fc is a linear layer with no BN after it" in capsys.readouterr().out


def test_gradient_reading_far_off_factor_is_named(flow_plain, capsys):
    assert not reading(flow_plain, "input", 10.0)
    assert "count the decades" in capsys.readouterr().out


def test_gradient_reading_starter_says_not_done_yet(flow_plain, capsys):
    report = exercise("08-gradient-reading").check({"flow": flow_plain, "explodes_toward": None,
                                                    "first_over_last": None})
    out = capsys.readouterr().out
    assert not report and "not done yet" in out and "Traceback" not in out and "hint()" in out


def test_gradient_reading_bad_answers(flow_plain, capsys):
    with pytest.raises(TypeError, match="answer must be a dict"):
        check_gradient_reading("input")
    assert not reading(flow_plain, "left", -1)
    out = capsys.readouterr().out
    assert "must be 'input' or 'output'" in out and "must be a positive number" in out
