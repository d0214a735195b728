"""check_parameter_count, the "predict, then count" exercise of lesson 03."""

import pytest
from helpers import CJK
from torch import nn

from resnet_lessons.checks import check_parameter_count


def test_right_wrong_and_missing_guesses(capsys):
    bn = nn.BatchNorm2d(8)  # 16 parameters
    assert check_parameter_count(16, bn)
    assert "✅" in capsys.readouterr().out
    for guess, word in ((20, "too high"), (8, "too low"), (None, "no guess")):
        report = check_parameter_count(guess, bn)
        out = capsys.readouterr().out
        assert not report and word in out and "❌" in out and CJK.search(out)
        assert "16" not in out.replace(f"{guess}", "")  # the answer is never given away


@pytest.mark.parametrize("guess, module, match", [(1.5, nn.ReLU(), "guess"), (True, nn.ReLU(), "guess"),
                                                  ("10", nn.ReLU(), "guess"), (10, "conv", "module")])
def test_bad_arguments(guess, module, match):
    with pytest.raises(TypeError, match=match) as info:
        check_parameter_count(guess, module)
    assert CJK.search(str(info.value))
