"""Bilingual labels are long: Panel widens sliders and choice boxes so the track and the options still show."""
import ipywidgets as widgets

from resnet_lessons.widgets.panel import Panel, fit_width, text_width

STYLE = {"description_width": "initial"}


def px(control):
    return int(control.layout.width.removesuffix("px"))


def test_cjk_characters_count_about_double():
    assert 1.8 * text_width("ab") < text_width("残差") < 2.2 * text_width("ab") and text_width("") == 0


def test_a_slider_keeps_room_for_its_track_whatever_the_label():
    short = widgets.FloatSlider(description="lr", style=STYLE)
    long = widgets.FloatSlider(description="warm-up (epochs) / 预热（轮）", style=STYLE)
    fit_width(short), fit_width(long)
    assert px(long) - text_width(long.description) == px(short) - text_width(short.description) >= 240


def test_a_dropdown_fits_its_longest_option_and_a_set_width_is_kept():
    menu = widgets.Dropdown(description="init / 初始化", style=STYLE,
                            options=[("default", 0), ("Kaiming (He) init / Kaiming（何恺明）初始化", 1)])
    fit_width(menu)
    assert px(menu) >= text_width(menu.description) + text_width(menu.options[1][0])
    fixed = widgets.Dropdown(description="x", options=["a"], layout=widgets.Layout(width="123px"))
    fit_width(fixed)
    assert fixed.layout.width == "123px"


def test_panel_fits_its_controls_and_leaves_others_alone():
    controls = {"depth": widgets.IntSlider(description="depth / 深度", style=STYLE),
                "blocks": widgets.SelectMultiple(options=["layer1.0", "layer2.0 (downsampling) / 降采样"],
                                                 description="blocks / 块", style=STYLE),
                "log": widgets.Checkbox(description="log scale / 对数刻度")}
    Panel("t", controls, compute=lambda values: values, draw=lambda result: None)
    assert px(controls["depth"]) > 240 and px(controls["blocks"]) > text_width("layer2.0 (downsampling) / 降采样")
    assert controls["log"].layout.width is None
