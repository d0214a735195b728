"""Path lengths (Veit et al. 2016, Fig. 6): single-path gradients add up to the whole gradient; result, CLI, widget."""
import itertools
import json

import pytest
import torch
from helpers import CJK

from resnet_lessons import cli
from resnet_lessons.experiments import paths
from resnet_lessons.experiments.base import from_dict, to_dict
from resnet_lessons.models import cifar_resnet

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

TINY = dict(depth=8, epochs=1, samples=2, examples=8, progress=False)


def test_single_paths_add_up_to_the_whole_gradient():
    torch.manual_seed(0)
    model = cifar_resnet(14, dim=1, in_channels=1).eval()  # 6 blocks: 64 paths
    x, y = torch.randn(4, 1, 40), torch.tensor([0, 1, 2, 3])
    whole = paths.input_gradient(model, x, y, None)
    total = sum(paths.input_gradient(model, x, y, list(on)) for on in itertools.product([False, True], repeat=6))
    assert torch.allclose(total, whole, rtol=1e-4, atol=1e-6)


def test_result_is_consistent():
    result = paths.run(**TINY)
    n = result.blocks
    assert n == 3 and result.lengths == [0, 1, 2, 3]
    assert sum(result.path_share) == pytest.approx(1.0, abs=1e-5)
    assert sum(result.contribution) == pytest.approx(1.0, abs=1e-5)
    assert all(low <= g <= high for low, g, high in zip(result.grad_low, result.grad, result.grad_high))
    low, high = result.effective
    covered = sum(c for k, c in zip(result.lengths, result.contribution) if low <= k <= high)
    assert covered >= paths.SHARE - 1e-5
    assert CJK.search(result.summary()) and "ResNet-8" in result.summary()
    again = from_dict(paths.PathsResult, json.loads(json.dumps(to_dict(result))))
    assert again.summary() == result.summary()


def test_effective_range_is_the_narrowest():
    assert paths.effective_range([0, 1, 2, 3, 4], [0.02, 0.5, 0.45, 0.02, 0.01]) == [1, 2]
    assert paths.effective_range([0, 1, 2], [0.3, 0.3, 0.4]) == [0, 2]


@pytest.mark.parametrize("bad, error", [
    (dict(depth=9), ValueError), (dict(depth=300), ValueError), (dict(samples=0), ValueError),
    (dict(examples="10"), TypeError), (dict(device="tpu"), ValueError),
])
def test_bad_config_names_the_argument(bad, error):
    name = next(iter(bad))
    with pytest.raises(error, match=name):
        paths.Config(**bad)


def test_cli_json(capsys):
    assert cli.main(["paths", "--depth", "8", "--epochs", "1", "--samples", "2", "--examples", "8", "--no-progress",
                     "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "paths" and data["blocks"] == 3 and len(data["grad"]) == 4


def test_widget_switches_seed_and_net():
    from resnet_lessons.widgets.paths import paths_explorer

    results = {"a": [paths.run(**TINY, seed=s) for s in (0, 1)], "b": [paths.run(**TINY, seed=2)]}
    panel = paths_explorer(results, net="a")
    assert panel.error is None and panel.figure is not None
    panel.controls["seed"].value = 1
    assert panel.error is None and [r.seed for r in panel.result] == [1]
    panel.controls["net"].value = "b"
    assert panel.error is None and [r.seed for r in panel.result] == [2]
    with pytest.raises(TypeError, match="results"):
        paths_explorer({"a": [1, 2]})
    with pytest.raises(ValueError, match="net"):
        paths_explorer(results, net="c")
