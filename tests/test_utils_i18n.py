import torch
import pytest
from helpers import CJK

from resnet_lessons import i18n, utils


def test_seed_everything_repeats_random_numbers():
    utils.seed_everything(3)
    a = torch.randn(4)
    utils.seed_everything(3)
    assert torch.equal(a, torch.randn(4))


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_seed_everything_rejects_bad_seeds(bad):
    with pytest.raises((ValueError, TypeError), match="seed"):
        utils.seed_everything(bad)


def test_pick_device_cpu_and_bad_name(monkeypatch):
    assert utils.pick_device("cpu").type == "cpu"
    monkeypatch.setenv("RESNET_LESSONS_DEVICE", "cpu")
    assert utils.pick_device().type == "cpu"
    with pytest.raises(ValueError, match="prefer"):
        utils.pick_device("tpu")


def test_set_threads_sets_torch_threads():
    before = torch.get_num_threads()
    try:
        assert utils.set_threads(1) == 1
        assert torch.get_num_threads() == 1
        with pytest.raises(ValueError, match="n must"):
            utils.set_threads(0)
    finally:
        torch.set_num_threads(before)


def test_show_source_has_text_and_highlighted_html():
    view = utils.show_source(utils.seed_everything)
    assert "def seed_everything" in repr(view)
    assert "<span" in view._repr_html_()
    with pytest.raises(TypeError, match="obj"):
        utils.show_source(3)


def test_languages_switch_and_format():
    try:
        i18n.set_language("en")
        assert i18n.t("train_error") == "training error"
        i18n.set_language("zh")
        assert i18n.t("train_error") == "训练误差"
        i18n.set_language("both")
        assert i18n.t("train_error") == "training error / 训练误差"
        assert "3.0 秒" in i18n.t("seconds", s=3.0)
    finally:
        i18n.set_language("both")
    with pytest.raises(ValueError, match="lang"):
        i18n.set_language("fr")
    with pytest.raises(KeyError):
        i18n.t("no-such-key")


def test_every_string_has_both_languages():
    for key, pair in i18n.STRINGS.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        en, zh = pair
        assert en.strip() and zh.strip(), key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), f"{key}: Chinese text has no Chinese characters"


def test_error_messages_are_always_bilingual():
    i18n.set_language("en")
    try:
        assert "/" in i18n.error("unknown_experiment", name="x", allowed="a")
        assert "未知实验" in i18n.error("unknown_experiment", name="x", allowed="a")
    finally:
        i18n.set_language("both")


def test_glossary_terms_are_unique():
    assert len(set(i18n.GLOSSARY.values())) == len(i18n.GLOSSARY)


def test_avoided_renderings_are_not_used():
    """One term per concept: the renderings in i18n.AVOID appear in no string and no lesson."""
    import json
    from pathlib import Path

    strings = " ".join(zh for _, zh in i18n.STRINGS.values())
    for word, instead in i18n.AVOID.items():
        assert word not in strings, f"i18n uses {word!r}; the glossary says {instead!r}"
    for path in sorted(Path(__file__).resolve().parents[1].joinpath("notebooks").glob("*.ipynb")):
        text = "".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
        for word, instead in i18n.AVOID.items():
            assert word not in text, f"{path.name} uses {word!r}; the glossary says {instead!r}"


def test_set_language_applies_to_printed_summaries():
    """summary() follows set_language (it was always bilingual); "both" stays the default."""
    from resnet_lessons.experiments import degradation

    sweep = degradation.load_sweep("degradation_lecture")
    result = sweep.results[0]
    try:
        i18n.set_language("en")
        assert not CJK.search(result.summary()) and not CJK.search(sweep.summary())
        i18n.set_language("zh")
        assert CJK.search(result.summary()) and "training error" not in result.summary()
    finally:
        i18n.set_language("both")
    assert CJK.search(result.summary()) and "training error" in result.summary()
