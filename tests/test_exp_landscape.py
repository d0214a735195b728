"""The loss-landscape experiment (Li et al. 2018): directions, roughness numbers, runs, cache, CLI, plots, widget."""
import dataclasses
import json

import numpy as np
import pytest
import torch
from helpers import CJK, assert_cli_refuses, assert_shows_failure, without_seconds
from matplotlib.figure import Figure

from resnet_lessons import cli
from resnet_lessons.experiments import base, landscape
from resnet_lessons.models import cifar_resnet

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

# A tiny setting: depth 8, width 4, one epoch, 3x3 grid on 100 examples (about a second on one thread).
TINY = dict(depth=8, width=4, epochs=1, batch_size=256, resolution=3, resolution_1d=5, subset=100, progress=False,
            device="cpu")


@pytest.fixture(scope="module")
def tiny_result(one_thread_for_module):
    return landscape.run(**TINY)


# --- directions and roughness ------------------------------------------------------------------------

def test_directions_are_filter_normalised_and_skip_biases_and_bn():
    torch.manual_seed(0)
    model = cifar_resnet(8, dim=1, in_channels=1, width=4)
    direction = landscape.filter_normalized_direction(model, torch.Generator().manual_seed(1))
    params = list(model.parameters())
    assert len(direction) == len(params)
    for p, d in zip(params, direction):
        assert d.shape == p.shape
        if p.dim() <= 1:  # biases, BN weights and biases
            assert torch.count_nonzero(d) == 0
        else:  # each filter (output channel / fc row) has the trained filter's norm
            torch.testing.assert_close(d.flatten(1).norm(dim=1), p.detach().flatten(1).norm(dim=1))
    again = landscape.filter_normalized_direction(model, torch.Generator().manual_seed(1))
    assert all(torch.equal(a, b) for a, b in zip(direction, again))
    with pytest.raises(TypeError, match="model"):
        landscape.filter_normalized_direction("not a model")


def test_roughness_numbers_on_known_surfaces():
    a = np.linspace(-1, 1, 21)
    bowl = (a[None, :] ** 2 + a[:, None] ** 2).tolist()
    assert landscape.count_local_minima(bowl) == 1
    assert landscape.nonconvexity(bowl) == 0.0
    assert landscape.count_minima_1d(a ** 2) == 1
    bumpy = (np.cos(6 * a[None, :]) * np.cos(6 * a[:, None]) + a[None, :] ** 2).tolist()
    assert landscape.count_local_minima(bumpy) > 1
    assert landscape.nonconvexity(bumpy) > 0.1
    saddle = (a[None, :] ** 2 - a[:, None] ** 2).tolist()  # lambda_min / lambda_max = -1 everywhere
    assert landscape.nonconvexity(saddle) == pytest.approx(1.0)


def test_slices_restore_the_trained_weights():
    torch.manual_seed(0)
    model = cifar_resnet(8, dim=1, in_channels=1, width=4)
    before = [p.detach().clone() for p in model.parameters()]
    x, y = torch.randn(16, 1, 40), torch.randint(0, 10, (16,))
    d = landscape.filter_normalized_direction(model, torch.Generator().manual_seed(0))
    losses = landscape.slice_2d(model, x, y, d, d, [-1.0, 0.0, 1.0])
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    assert losses[1][1] == pytest.approx(landscape.loss_at(model, x, y), rel=1e-5)
    # along d1 = d2 the grid point (a, b) is w + (a + b) d: symmetric in a and b
    assert losses[0][2] == pytest.approx(losses[2][0], rel=1e-5)


# --- the run ------------------------------------------------------------------------------------------

def test_result_shapes_and_contents(tiny_result):
    r = tiny_result
    assert r.experiment == "landscape" and r.dataset == "mnist1d" and r.bn_mode == "eval" and r.subset == 100
    assert r.alphas == [-1.0, -0.5, 0.0, 0.5, 1.0] and r.coords == [-1.0, 0.0, 1.0]
    assert [s.kind for s in r.slices] == ["plain", "residual"]
    for s in r.slices:
        assert len(s.losses_1d) == 5 and len(s.losses_2d) == 3 and all(len(row) == 3 for row in s.losses_2d)
        assert s.center_loss == s.losses_2d[1][1] == s.losses_1d[2]  # the trained weights are on both grids
        assert s.min_loss <= s.center_loss <= s.max_loss
        assert 0 <= s.train_error <= 1 and s.params == r.slices[0].params  # option A: same parameters
        assert isinstance(s.local_minima, int) and isinstance(s.nonconvexity, float)
    text = r.summary()
    assert "plain-8" in text and "ResNet-8" in text and CJK.search(text) and "seconds" not in text


def test_same_seed_same_result(tiny_result):
    again = landscape.run(**TINY)
    assert without_seconds(again) == without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    data = json.loads(base.to_json(tiny_result))
    back = base.from_dict(landscape.LandscapeResult, data)
    assert back == tiny_result and isinstance(back.slices[0], landscape.Slice)


def test_one_kind_and_1d_only():
    r = landscape.run(**{**TINY, "kinds": ("residual",), "slices": "1d"})
    assert [s.kind for s in r.slices] == ["residual"] and r.coords == []
    assert r.slices[0].losses_2d == [] and r.slices[0].local_minima is None and len(r.slices[0].losses_1d) == 5


@pytest.mark.parametrize("field, value, exc", [
    ("depth", 9, ValueError), ("depth", "20", TypeError), ("kinds", ("plain", "plain"), ValueError),
    ("kinds", ("vgg",), ValueError), ("epochs", 0, ValueError), ("resolution", 4, ValueError),
    ("resolution_1d", 1, ValueError), ("span", 0, ValueError), ("subset", 5000, ValueError),
    ("slices", "3d", ValueError), ("lr", -0.1, ValueError), ("batch_size", 0, ValueError),
    ("device", "tpu", ValueError),
    ("progress", "yes", TypeError)])
def test_bad_config_names_the_field_in_both_languages(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        landscape.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_run_cached_reuses_results_and_trained_nets(monkeypatch):
    first = landscape.run_cached(landscape.Config(**TINY))
    assert landscape.lookup_cached(landscape.Config(**TINY)) == first
    assert landscape.lookup_cached(landscape.Config(**{**TINY, "progress": True})) == first  # same result

    from resnet_lessons.experiments import degradation  # trains landscape's nets

    def no_training(*args, **kwargs):
        raise AssertionError("trained again")

    monkeypatch.setattr(degradation, "train", no_training)
    assert landscape.run_cached(landscape.Config(**TINY)) == first  # the stored result
    finer = landscape.run_cached(landscape.Config(**{**TINY, "resolution": 5}))  # new grid, same nets
    assert len(finer.slices[0].losses_2d) == 5
    assert finer.slices[0].center_loss == first.slices[0].center_loss
    assert landscape.lookup_cached(landscape.Config(**{**TINY, "seed": 1})) is None


# --- command line -------------------------------------------------------------------------------------

TINY_ARGS = ["--depth", "8", "--width", "4", "--epochs", "1", "--batch-size", "256", "--resolution", "3",
             "--resolution-1d", "3", "--subset", "50", "--kinds", "residual", "--no-progress", "--device", "cpu"]


def test_cli_json(capsys):
    assert cli.main(["landscape", *TINY_ARGS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "landscape" and data["config"]["kinds"] == ["residual"]
    assert len(data["slices"][0]["losses_2d"]) == 3


def test_cli_bad_input_exits_2_with_one_bilingual_line():
    assert_cli_refuses(["landscape", "--depth", "9", "--no-progress"], "depth")


# --- plots --------------------------------------------------------------------------------------------

def test_plots(tiny_result):
    from resnet_lessons.plots import landscape as plots

    fig = plots.plot_landscape(tiny_result, lang="en")
    assert isinstance(fig, Figure) and len(fig.axes) == 4  # plain, residual, the 1-D slices, colour bar
    assert max(len(ax.get_lines()) for ax in fig.axes) == 3  # the 1-D panel: two slices + the line at 0
    levels, log = plots.contour_levels(tiny_result)
    assert levels[0] == min(s.min_loss for s in tiny_result.slices)
    one_d = dataclasses.replace(tiny_result, coords=[], slices=[dataclasses.replace(s, losses_2d=[])
                                                                for s in tiny_result.slices])
    assert len(plots.plot_landscape(one_d).axes) == 1
    with pytest.raises(TypeError, match="result"):
        plots.plot_landscape({"not": "a result"})


# --- widget -------------------------------------------------------------------------------------------

def test_widget_runs_on_click_and_shows_errors():
    from resnet_lessons.widgets.landscape import landscape_explorer

    small = {k: v for k, v in TINY.items() if k not in ("depth", "resolution")}
    panel = landscape_explorer(depth=8, resolution=5, kinds="residual", **small)
    assert panel.result is None and isinstance(panel.figure, Figure)  # nothing cached: a note, no training
    assert panel.updates == 1 and panel.button is not None
    panel.button.click()
    assert panel.updates == 2 and isinstance(panel.result, landscape.LandscapeResult)
    assert [s.kind for s in panel.result.slices] == ["residual"] and len(panel.result.coords) == 5
    # a new panel for the same setting shows the cached result at once
    again = landscape_explorer(depth=8, resolution=5, kinds="residual", **small)
    assert again.result == panel.result

    assert_shows_failure(panel)
    with pytest.raises(ValueError, match="depth"):
        landscape_explorer(depth=14)
    with pytest.raises(ValueError, match="kinds"):
        landscape_explorer(kinds="vgg")
