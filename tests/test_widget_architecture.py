"""The architecture explorer (lesson 03): descriptions, the Panel's behaviour, the figures."""

import pytest
from helpers import CJK
from matplotlib.figure import Figure

from resnet_lessons import i18n, models
from resnet_lessons.plots.architecture import plot_family_params, plot_stage_params
from resnet_lessons.summary import VARIANTS, build_variant, describe_variant
from resnet_lessons.widgets.architecture import architecture_explorer


def test_description_adds_up_and_matches_a_real_model():
    d = describe_variant("resnet18")
    assert d["total_params"] == models.count_parameters(models.resnet18()) == 11689512
    assert sum(p["params"] for p in d["parts"]) == d["total_params"]
    assert [p["part"] for p in d["parts"]] == ["stem", "layer1", "layer2", "layer3", "layer4", "fc"]
    assert d["blocks"] == 8 and d["parts"][0]["params"] == 64 * 3 * 7 * 7 + 2 * 64


def test_resnet50_shapes_and_cifar_counts():
    d = describe_variant("resnet50")
    shapes = [p["output_shape"] for p in d["parts"]]
    assert shapes == [(1, 64, 56, 56), (1, 256, 56, 56), (1, 512, 28, 28), (1, 1024, 14, 14),
                      (1, 2048, 7, 7), (1, 1000)]
    assert [p["blocks"] for p in d["parts"][1:5]] == list(models.PAPER_BLOCKS[50])
    c = describe_variant("cifar_resnet20")
    assert c["total_params"] == 269722 and c["input_shape"] == (1, 3, 32, 32)
    assert [p["output_shape"][2] for p in c["parts"][1:4]] == [32, 16, 8]


def test_descriptions_are_copies_of_the_cache():
    d = describe_variant("cifar_resnet20")
    d["parts"].clear()
    assert len(describe_variant("cifar_resnet20")["parts"]) == 5


def test_build_variant_gives_a_real_model_and_its_input():
    model, shape = build_variant("cifar_resnet32")
    assert shape == (1, 3, 32, 32) and models.count_parameters(model) == 464154


@pytest.mark.parametrize("bad, exc", [("resnet99", ValueError), ("ResNet-50", ValueError), (50, TypeError),
                                      (None, TypeError)])
def test_bad_variant_names_the_argument_in_both_languages(bad, exc):
    with pytest.raises(exc, match="variant") as info:
        describe_variant(bad)
    assert CJK.search(str(info.value)) and "resnet50" in str(info.value)
    with pytest.raises(exc, match="variant"):
        architecture_explorer(bad)


def test_dropdown_redraws_the_panel():
    panel = architecture_explorer("resnet18")
    assert set(panel.controls["variant"].options) >= {(label, name) for name, label in VARIANTS.items()}
    first_figure, updates = panel.figure, panel.updates
    assert panel.result["name"] == "resnet18" and isinstance(first_figure, Figure)
    assert "11,689,512" in first_figure.axes[0].get_title()

    panel.controls["variant"].value = "cifar_resnet20"
    assert panel.updates == updates + 1 and panel.error is None
    assert panel.result["total_params"] == 269722
    assert panel.figure is not first_figure and "269,722" in panel.figure.axes[0].get_title()
    assert panel.status.value == ""


def test_a_bad_variant_shows_a_bilingual_error_in_the_status_line():
    panel = architecture_explorer("cifar_resnet20")
    dropdown = panel.controls["variant"]
    dropdown.options = list(dropdown.options) + [("??", "resnet99")]  # may redraw (ipywidgets resets .value)
    figure = panel.figure
    dropdown.value = "resnet99"
    assert isinstance(panel.error, ValueError)
    assert "resnet99" in panel.status.value and "variant" in panel.status.value
    assert CJK.search(panel.status.value)
    assert panel.figure is figure  # the last good figure stays


def test_static_copy_is_stored_for_readers_without_widgets(monkeypatch):
    import resnet_lessons.widgets.display as display_module

    panel = architecture_explorer("cifar_resnet20")
    shown = {}
    monkeypatch.setattr(display_module, "display", lambda bundle, raw=False, **kw: shown.update(bundle))
    panel._ipython_display_()
    assert "image/png" in shown and CJK.search(shown["text/plain"])


def test_figures_have_bilingual_labels_and_follow_the_language():
    d = describe_variant("resnet50")
    fig = plot_stage_params(d)
    ax = fig.axes[0]
    assert CJK.search(ax.get_ylabel()) and "parameters" in ax.get_ylabel()
    ticks = [label.get_text() for label in ax.get_xticklabels()]
    assert any("3 × Bottleneck" in tick and "2048×7×7" in tick for tick in ticks)
    try:
        i18n.set_language("en")
        en = plot_stage_params(describe_variant("cifar_resnet20")).axes[0]
        assert not CJK.search(en.get_ylabel() + en.get_title()) and "thousands" in en.get_ylabel()
    finally:
        i18n.set_language("both")


def test_family_figure_stacks_every_part():
    ds = [describe_variant(name) for name in ("resnet18", "cifar_resnet20")]
    fig = plot_family_params(ds)
    ax = fig.axes[0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[0].startswith("stem") and "layer4" in legend and CJK.search(" ".join(legend))
    heights = {}
    for patch in ax.patches:
        heights[patch.get_x()] = heights.get(patch.get_x(), 0) + patch.get_height()
    assert sorted(round(h, 3) for h in heights.values()) == [0.27, 11.69]


@pytest.mark.parametrize("bad", [None, {"name": "x"}, [1, 2]])
def test_plots_reject_bad_input(bad):
    with pytest.raises(TypeError, match="describe_variant"):
        plot_stage_params(bad)
    with pytest.raises(TypeError, match="describe_variant"):
        plot_family_params(bad if isinstance(bad, list) else [bad])
    with pytest.raises(TypeError, match="descriptions"):
        plot_family_params([])
