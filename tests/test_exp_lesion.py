"""The lesion study (Veit et al. 2016): deletions, runs, cache, CLI, plots, widget."""
import json

import pytest
import torch
from helpers import CJK, assert_cli_refuses, without_seconds
from matplotlib.figure import Figure
from torch import nn

from resnet_lessons import cli
from resnet_lessons.blocks import ShortcutA
from resnet_lessons.experiments import base, lesion
from resnet_lessons.models import cifar_resnet

pytestmark = pytest.mark.usefixtures("one_thread_and_private_cache")

# Depth 14 (6 blocks, 2 of them downsampling), width 4, one epoch: a few seconds on one thread.
TINY = dict(depth=14, width=4, epochs=1, draws=3, progress=False, device="cpu")
TINY_ARGS = ["--depth", "14", "--width", "4", "--epochs", "1", "--draws", "3", "--no-progress", "--device", "cpu"]


@pytest.fixture(scope="module")
def tiny_result(one_thread_for_module):
    return lesion.run(**TINY)


# --- deleting blocks --------------------------------------------------------------------------------

def test_block_names_and_downsampling():
    model = cifar_resnet(14, dim=1, in_channels=1, width=4)
    assert lesion.block_names(model) == ["layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0", "layer3.1"]
    assert lesion.downsampling_blocks(model) == ["layer2.0", "layer3.0"]
    plain = cifar_resnet(14, dim=1, in_channels=1, width=4, plain=True)
    assert lesion.downsampling_blocks(plain) == ["layer2.0", "layer3.0"]


def test_deleting_keeps_the_shortcut_and_restores_the_block():
    torch.manual_seed(0)
    model = cifar_resnet(14, dim=1, in_channels=1, width=4).eval()
    x = torch.randn(5, 1, 40)
    before = model(x)
    original = model.layer2[0]
    with lesion.deleted(model, ["layer1.1", "layer2.0"]):
        assert isinstance(model.layer1[1], nn.Identity) and isinstance(model.layer2[0], ShortcutA)
        after = model(x)
        # by hand: the deleted blocks pass their input through their shortcut only
        h = model.relu(model.bn1(model.conv1(x)))
        h = original.downsample(model.layer1[0](h))
        h = model.layer3(model.layer2[1](h))
        torch.testing.assert_close(after, model.fc(torch.flatten(model.avgpool(h), 1)))
    assert model.layer2[0] is original
    torch.testing.assert_close(model(x), before)


def test_plain_downsampling_block_cannot_be_deleted_and_nothing_is_left_changed():
    model = cifar_resnet(14, dim=1, in_channels=1, width=4, plain=True)
    block = model.layer1[0]
    with pytest.raises(ValueError, match="layer3.0") as info:
        with lesion.deleted(model, ["layer1.0", "layer3.0"]):
            pass
    assert CJK.search(str(info.value)) and model.layer1[0] is block
    with lesion.deleted(model, ["layer1.1"]):
        assert isinstance(model.layer1[1], nn.Identity)


def test_bad_block_names():
    model = cifar_resnet(14, dim=1, in_channels=1, width=4)
    with pytest.raises(ValueError, match="layer9.0"):
        lesion.get_block(model, "layer9.0")
    with pytest.raises(TypeError, match="names"):
        with lesion.deleted(model, "layer1.0"):
            pass
    with pytest.raises(TypeError, match="model"):
        lesion.block_names(nn.Linear(2, 2))


def test_random_subsets_are_distinct_deterministic_and_complete_when_few():
    blocks = [f"b{i}" for i in range(5)]
    subsets = lesion.random_subsets(blocks, 5, 4, seed=0)
    assert [len(s) for s in subsets] == [4, 4, 4, 4, 1]
    assert all(len({tuple(x) for x in s}) == len(s) for s in subsets)
    assert all(len(x) == k for k, s in enumerate(subsets, 1) for x in s)
    assert subsets == lesion.random_subsets(blocks, 5, 4, seed=0) != lesion.random_subsets(blocks, 5, 4, seed=1)
    assert lesion.random_subsets(blocks, 2, 100, seed=0)[1] == [list(c) for c in __import__("itertools")
                                                                  .combinations(blocks, 2)]


# --- runs ---------------------------------------------------------------------------------------------

def test_shapes(tiny_result):
    r = tiny_result
    assert r.blocks == ["layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0", "layer3.1"]
    assert r.downsampling == ["layer2.0", "layer3.0"] and [len(s) for s in r.subsets] == [3, 3, 3, 1]
    assert [n.kind for n in r.nets] == ["plain", "residual"]
    plain, res = r.net("plain"), r.net("residual")
    assert plain.parameters == res.parameters and plain.depth == res.depth == 14
    assert [d["test_error"] is None for d in plain.single] == [False, False, True, False, True, False]
    assert all(d["test_error"] is not None for d in res.single)
    assert set(res.single_errors()) == {"layer1.0", "layer1.1", "layer2.1", "layer3.1"}
    assert set(res.single_errors(downsampling=True)) == {"layer2.0", "layer3.0"}
    for item in r.nets:
        assert [x["k"] for x in item.random] == [1, 2, 3, 4]
        assert all(len(x["errors"]) == len(s) for x, s in zip(item.random, r.subsets))
        assert all(0 <= e <= 1 for x in item.random for e in x["errors"])


def test_same_seed_same_result(tiny_result):
    assert without_seconds(lesion.run(**TINY)) == without_seconds(tiny_result)


def test_json_round_trip(tiny_result):
    back = base.from_dict(lesion.LesionResult, json.loads(base.to_json(tiny_result)))
    assert back == tiny_result and isinstance(back.nets[0], lesion.NetLesions)


def test_summary(tiny_result):
    text = tiny_result.summary()
    assert "plain-14" in text and "ResNet-14" in text and "layer2.0" in text and CJK.search(text)
    assert "->" in text


def test_trained_nets_are_cached(tmp_path):
    nets, data = lesion.train_nets(**TINY)
    assert len(list(tmp_path.glob("degradation-run-*.pt"))) == 2  # the degradation experiment's nets, shared
    again, _ = lesion.train_nets(**{**TINY, "draws": 7})  # draws do not change the nets: loaded
    for kind in lesion.KINDS:
        for (name, a), b in zip(nets[kind].state_dict().items(), again[kind].state_dict().values()):
            assert torch.equal(a, b), name
    for path in tmp_path.glob("degradation-run-*.pt"):
        path.write_bytes(b"garbage")  # a corrupt file: trained again, not trusted
    third, _ = lesion.train_nets(**TINY)
    assert torch.equal(third["plain"].fc.weight, nets["plain"].fc.weight)


def test_run_cached_returns_the_same_result(tmp_path):
    first = lesion.run_cached(**TINY)
    assert len(list(tmp_path.glob("lesion-*.json"))) == 1
    second = lesion.run_cached(**{**TINY, "progress": True})  # progress is not part of the key
    assert without_seconds(second) == without_seconds(first) and second.seconds == first.seconds


def test_lesion_selection():
    nets, data = lesion.train_nets(**TINY)
    sel = lesion.lesion_selection(nets, data, ["layer1.1"])
    assert sel.depth == 14 and set(sel.errors) == {"plain", "residual"}
    assert sel.errors["residual"] == lesion.lesioned_error(nets["residual"], data, ["layer1.1"])
    sel = lesion.lesion_selection(nets, data, ["layer2.0"])
    assert sel.errors["plain"] is None and sel.errors["residual"] is not None
    none = lesion.lesion_selection(nets, data, [])
    assert none.errors == none.baseline
    with pytest.raises(ValueError, match="layer7.0"):
        lesion.lesion_selection(nets, data, ["layer7.0"])
    with pytest.raises(TypeError, match="nets"):
        lesion.lesion_selection([], data, [])


@pytest.mark.parametrize("field, value, exc", [
    ("depth", 21, ValueError), ("depth", "20", TypeError), ("epochs", 0, ValueError), ("batch_size", 1, ValueError),
    ("lr", 0, ValueError), ("lr", None, TypeError), ("width", 0, ValueError), ("draws", 0, ValueError),
    ("max_k", 0, ValueError), ("seed", -1, ValueError), ("device", "tpu", ValueError), ("progress", 1, TypeError),
])
def test_bad_config_names_the_field(field, value, exc):
    with pytest.raises(exc, match=field) as info:
        lesion.Config(**{field: value})
    assert CJK.search(str(info.value))


def test_max_k():
    r = lesion.run(**{**TINY, "max_k": 2})
    assert [len(s) for s in r.subsets] == [3, 3] and [x["k"] for x in r.net("plain").random] == [1, 2]


# --- command line ---------------------------------------------------------------------------------------

def test_cli_json(capsys):
    assert cli.main(["lesion", *TINY_ARGS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "lesion" and [n["kind"] for n in data["nets"]] == ["plain", "residual"]


def test_cli_help(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["lesion", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "--draws" in out and CJK.search(out)


def test_cli_bad_input_exit_2(capsys):
    assert cli.main(["lesion", "--depth", "21"]) == 2
    err = capsys.readouterr().err
    assert "depth" in err and CJK.search(err) and "Traceback" not in err


def test_module_entry_point_subprocess(tmp_path):
    env = {"RESNET_LESSONS_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
    assert_cli_refuses(["lesion", "--draws", "0"], "draws", env=env)


# --- plots and widget ---------------------------------------------------------------------------------

def test_plots(tiny_result):
    from resnet_lessons.plots.lesion import plot_lesion

    fig = plot_lesion(tiny_result, lang="en")  # single deletions | random deletions
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and len(ax.get_xticklabels()) == 6
    assert len([p for p in ax.patches if p.get_height() == p.get_height()]) >= 10  # 4 plain + 6 residual bars
    assert sum(1 for line in ax.lines if line.get_linestyle() in (":", "-.")) == 2  # the intact nets (plain dotted)
    lines = fig.axes[1].lines
    assert len(lines) == 2 and list(lines[0].get_xdata()) == [0, 1, 2, 3, 4]
    assert not CJK.search(fig.axes[1].get_xlabel())
    assert len(plot_lesion(tiny_result, lang="zh").axes) == 2
    with pytest.raises(TypeError, match="result"):
        plot_lesion({"nets": []})


@pytest.fixture(scope="module")
def tiny_nets(one_thread_for_module):
    return lesion.train_nets(**TINY, use_cache=False)


def test_widget_recomputes_without_training(monkeypatch):
    from resnet_lessons.widgets.lesion import lesion_explorer

    panel = lesion_explorer(**TINY)
    assert panel.updates == 1 and panel.result.blocks == [] and panel.figure is not None
    monkeypatch.setattr(lesion, "train_nets", lambda *a, **k: pytest.fail("no retraining on a change"))
    panel.controls["blocks"].value = ("layer1.1",)
    assert panel.updates == 2 and panel.result.blocks == ["layer1.1"]
    panel.controls["blocks"].value = ("layer1.1", "layer2.0")
    assert panel.updates == 3 and panel.result.errors["plain"] is None


def test_widget_shows_compute_errors_without_raising(monkeypatch, tiny_nets):
    from resnet_lessons.widgets.lesion import lesion_explorer

    panel = lesion_explorer(nets=tiny_nets)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(lesion, "lesion_selection", broken)
    panel.controls["blocks"].value = ("layer1.0",)
    assert "injected failure" in panel.status.value and CJK.search(panel.status.value) and panel.updates == 1


def test_widget_bad_block():
    from resnet_lessons.widgets.lesion import lesion_explorer

    with pytest.raises(ValueError, match="layer5.0"):
        lesion_explorer(blocks=("layer5.0",), **TINY)  # checked before any training
    with pytest.raises(TypeError, match="nets"):
        lesion_explorer(nets={"plain": None})


def test_selection_figure_with_nothing_deleted_says_so_once_and_its_legend_is_fixed():
    from resnet_lessons.experiments.lesion import Selection
    from resnet_lessons.i18n import set_language
    from resnet_lessons.plots.lesion import plot_selection

    empty = Selection(depth=20, blocks=[], baseline={"plain": 0.5, "residual": 0.05},
                      errors={"plain": 0.5, "residual": 0.05})
    set_language("both")
    title = plot_selection(empty).axes[0].get_title()
    assert "nothing deleted" in title and title.count("/") == 1 and "none" not in title
    one = Selection(depth=20, blocks=["layer1.1"], baseline={"plain": 0.5, "residual": 0.05},
                    errors={"plain": None, "residual": 0.3})
    colours = [tuple(h.get_facecolor()) for h in plot_selection(one).axes[0].get_legend().get_patches()]
    colours_empty = [tuple(h.get_facecolor()) for h in plot_selection(empty).axes[0].get_legend().get_patches()]
    assert colours == colours_empty  # the legend does not change colour with which bars exist
