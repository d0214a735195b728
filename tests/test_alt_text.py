"""Figures carry a bilingual description (alt text): in the notebook output, on panels' static copies, in the site."""
import sys

import ipywidgets as widgets
import nbformat
import pytest
from helpers import CJK

from resnet_lessons import course, i18n
from resnet_lessons.plots.style import _figure_png, alt_text, describe, new_figure
from resnet_lessons.widgets.panel import Panel, show_figure

sys.path.insert(0, str(course.ROOT / "tools"))
import build_site  # noqa: E402


def figure(alt=True):
    fig, ax = new_figure()
    ax.plot([1, 2, 3], [3, 1, 2])
    return describe(fig, "A line through 3 points; lowest 1 at x = 2.", "一条经过 3 个点的线；x = 2 处最低，为 1。") \
        if alt else fig


def test_describe_and_alt_text_follow_the_language():
    fig = figure()
    assert alt_text(fig) == "A line through 3 points; lowest 1 at x = 2. / 一条经过 3 个点的线；x = 2 处最低，为 1。"
    try:
        i18n.set_language("en")
        assert not CJK.search(alt_text(fig))
        i18n.set_language("zh")
        assert "lowest" not in alt_text(fig)
    finally:
        i18n.set_language("both")
    assert alt_text(figure(alt=False)) is None


@pytest.mark.parametrize("bad", [("", "中文"), ("English", None), (1, 2)])
def test_describe_needs_two_texts(bad):
    with pytest.raises(TypeError) as err:
        describe(figure(alt=False), *bad)
    assert CJK.search(str(err.value))


def test_the_png_formatter_stores_the_alt_text_as_metadata():
    png, metadata = _figure_png(figure())
    assert png.startswith("iVBOR") and "lowest 1" in metadata["alt"]
    assert isinstance(_figure_png(figure(alt=False)), str)


def test_panels_put_the_alt_text_on_their_static_copy_and_live_figure(monkeypatch):
    from resnet_lessons.widgets import display as display_module

    panel = Panel("t", {"n": widgets.IntSlider(value=1, min=1, max=3)}, compute=lambda v: v, draw=lambda r: figure())
    assert panel.output.outputs[0]["metadata"]["image/png"]["alt"].startswith("A line")
    shown = []
    monkeypatch.setattr(display_module, "display", lambda bundle, raw, metadata: shown.append((bundle, metadata)))
    panel._ipython_display_()
    bundle, metadata = shown[-1]
    assert "image/png" in bundle and "lowest 1" in metadata["image/png"]["alt"]
    output = widgets.Output()
    show_figure(output, figure(alt=False))
    assert output.outputs[0]["metadata"] == {}


def test_the_static_site_uses_it_as_img_alt(tmp_path):
    png, metadata = _figure_png(figure())
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("fig")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"},
                                           metadata={"image/png": metadata})]
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), cell]
    path = tmp_path / "99_t.ipynb"
    nbformat.write(nb, path)
    page = build_site.export(path, tmp_path).read_text(encoding="utf-8")
    assert 'alt="A line through 3 points; lowest 1 at x = 2. / 一条经过 3 个点的线' in page


# --- every plot function describes its figure, with numbers from the result it draws ------------------------

import functools  # noqa: E402
import importlib  # noqa: E402
import inspect  # noqa: E402
import pkgutil  # noqa: E402

import resnet_lessons.plots  # noqa: E402
from resnet_lessons.experiments.base import fmt3  # noqa: E402

PLOT_MODULES = [name for _, name, _ in pkgutil.iter_modules(resnet_lessons.plots.__path__) if name != "style"]
TINY_RUNS = {  # the experiment test modules' tiny configs: a few seconds in all on one thread
    "gradients": dict(depth=8, batch_size=8, progress=False, device="cpu"),
    "shattered": dict(depths=(1, 4), width=16, points=32, seeds=2, progress=False, device="cpu"),
    "signal": dict(blocks=4, width=16, batch_size=16, progress=False, device="cpu"),
    "residual_fit": dict(points=32, width=8, steps=20, progress=False, device="cpu"),
    "recipes": dict(variants=("baseline", "zero_init"), depth=8, width=4, max_steps=3, train_subset=384, eval_size=64,
                    device="cpu", progress=False),
    "transfer": dict(depth=8, width=4, pretrain_epochs=1, labels_per_class=(3,), draws=1, epochs=2, progress=False,
                     device="cpu"),
    "complexity": dict(models=("cifar_resnet20", "cifar_plain20"), timing=True, repeats=1, warmup=0, progress=False),
    "fullscale": dict(dataset="synthetic", depths=(8,), kinds=("plain", "residual"), iterations=6, batch_size=16,
                      eval_every=3, progress=False, device="cpu"),
}


@functools.cache
def made(name):
    """A small real result, made once: a tiny run of the experiment, or what the package ships."""
    import torch

    from resnet_lessons import results
    from resnet_lessons.experiments import degradation

    if name == "sweep":
        return degradation.load_sweep()
    if name == "lecture":
        return degradation.load_sweep("degradation_lecture")
    if name in ("lesion_56", "paths_56", "landscape_56"):
        return results.load(name)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return importlib.import_module(f"resnet_lessons.experiments.{name}").run(**TINY_RUNS[name])
    finally:
        torch.set_num_threads(threads)


def _flow():
    import torch

    from resnet_lessons import debugging

    x, y = torch.randn(8, 1, 40, generator=torch.Generator().manual_seed(0)), torch.arange(8) % 10
    return (debugging.gradient_flow(debugging.make_variant("relu_before_add", depth=8, width=4), x, y),
            debugging.gradient_flow(debugging.make_variant("original", depth=8, width=4), x, y),
            debugging.feature_maps(debugging.make_variant(depth=8, width=4), x, ["layer1", "layer3"]))


def _pct(fraction):
    return f"{100 * fraction:.1f} %"


def _case_degradation(name):
    from resnet_lessons.plots import degradation as plots

    sweep, lecture = made("sweep"), made("lecture")
    result = sweep.results[0]
    deepest = max(result.depths(False))
    plain = result.run_for(deepest, False)
    if name in ("plot_sweep_curves", "plot_sweep_vs_depth"):
        return getattr(plots, name)(sweep), [_pct(sweep.final(deepest, False).mean)]
    if name == "plot_run_against_band":
        live = lecture.results[0]
        return plots.plot_run_against_band(live, lecture), [_pct(live.run_for(56, False).train_error)]
    return getattr(plots, name)(result), [_pct(plain.train_error)]


def _case_gradients(name):
    from resnet_lessons.plots.gradients import plot_gradient_norms

    result = made("gradients")
    return plot_gradient_norms(result), [fmt3(result.runs[0].grad_norms[0]), fmt3(result.runs[1].grad_norms[-1])]


def _case_landscape(name):
    import numpy as np

    from resnet_lessons.plots import landscape as plots

    result = made("landscape_56")[0]
    plain = result.slice("plain")
    centre = plain.losses_1d[int(np.argmin(np.abs(result.alphas)))]
    return getattr(plots, name)(result), [fmt3(centre)]


def _case_lesion(name):
    from resnet_lessons.experiments.lesion import Selection
    from resnet_lessons.plots import lesion as plots

    seeds = made("lesion_56")
    result = seeds[0]
    if name == "plot_lesion_seeds":
        return plots.plot_lesion_seeds(seeds), [_pct(sum(r.net("residual").test_error for r in seeds) / len(seeds))]
    if name == "plot_selection":  # the widget's figure, made of the numbers the experiment measured
        block = result.blocks[1]
        after = {kind: next(d["test_error"] for d in result.net(kind).single if d["block"] == block)
                 for kind in ("plain", "residual")}
        selection = Selection(blocks=[block], baseline={k: result.net(k).test_error for k in after}, errors=after,
                              depth=result.net("plain").depth)
        return plots.plot_selection(selection), [_pct(after["residual"])]
    return getattr(plots, name)(result), [_pct(result.net("plain").test_error)]


def _case_paths(name):
    from resnet_lessons.plots.paths import plot_paths

    result = made("paths_56")[0]
    low, high = result.effective
    return plot_paths(result), [f"{low}–{high}", fmt3(result.grad[0])]


def _case_recap(name):
    from resnet_lessons.plots.recap import plot_recap

    sweep, gradients = made("sweep"), made("gradients")
    fig = plot_recap(sweep, gradients, made("shattered"), made("complexity"))
    return fig, [_pct(sweep.final(max(sweep.depths(False)), False).mean), fmt3(gradients.runs[0].grad_norms[0])]


def _case_recipes(name):
    from resnet_lessons.plots import recipes as plots

    result = made("recipes")
    run = result.runs[0]
    if name == "plot_step_losses":
        return plots.plot_step_losses(result), [fmt3(run.final_loss()), fmt3(run.max_loss())]
    if name == "plot_seed_losses":
        return plots.plot_seed_losses([result]), [fmt3(run.final_loss())]
    return plots.plot_histories({"baseline": run}), [_pct(run.test_error[-1])]


def _case_residual_fit(name):
    from resnet_lessons.plots import residual_fit as plots

    result = made("residual_fit")
    plain = result.run("plain")
    number = fmt3(plain.branch_rms) if name == "plot_branches" else fmt3(plain.losses[-1])
    return getattr(plots, name)(result), [number]


def _case_schedules(name):
    from resnet_lessons.plots.schedules import plot_schedules
    from resnet_lessons.widgets.schedules import schedule_curves

    data = schedule_curves(schedule="cosine", lr=0.2, warmup_epochs=2, total_steps=1000, steps_per_epoch=100)
    curves = data["curves"]
    lr = curves[0]["lr"]
    return plot_schedules(curves, steps_per_epoch=100), [fmt3(max(lr)), fmt3(lr[-1])]


def _case_shattered(name):
    from resnet_lessons.experiments.shattered import lag1_autocorrelation
    from resnet_lessons.plots import shattered as plots

    result = made("shattered")
    if name == "plot_gradient_curves":
        return plots.plot_gradient_curves(result), [fmt3(lag1_autocorrelation(result.curves[-1].gradient))]
    return getattr(plots, name)(result), [fmt3(result.run("plain").autocorrelation[-1])]


def _case_signal(name):
    from resnet_lessons.plots.signal import plot_signal

    result = made("signal")
    return plot_signal(result), [fmt3(result.run(kind).mean_square[-1]) for kind in ("plain", "residual")]


def _case_transfer(name):
    from resnet_lessons.plots.transfer import plot_transfer

    result = made("transfer")
    k = result.labels_settings()[0]
    return plot_transfer(result), [_pct(result.mean_accuracy(s, k)) for s in result.strategies()]


def _case_complexity(name):
    from resnet_lessons.plots import complexity as plots

    result = made("complexity")
    row = result.row("cifar_resnet20")
    if name == "plot_accuracy":
        best = max((ref for ref in result.references if ref.acc1_v1 is not None), key=lambda ref: ref.acc1_v1)
        return plots.plot_accuracy(result), [f"{best.name} {best.acc1_v1:.1f} %"]
    if name == "plot_speed":
        return plots.plot_speed(result), [f"{fmt3(row.latency_ms)} ms"]
    return getattr(plots, name)(result), [f"{fmt3(row.params / 1e6)} M"]


def _case_architecture(name):
    from resnet_lessons.plots import architecture as plots
    from resnet_lessons.summary import describe_variant

    if name == "plot_family_params":
        family = [describe_variant(n) for n in ("resnet18", "resnet50")]
        return plots.plot_family_params(family), [f"{fmt3(family[1]['total_params'] / 1e6)} M"]
    d = describe_variant("resnet50")
    return plots.plot_stage_params(d), [f"{d['total_params']:,}"]


def _case_fullscale(name):
    from resnet_lessons.plots.fullscale import plot_fullscale

    result = made("fullscale")
    return plot_fullscale(result, made("sweep")), [f"{100 * run.train_error:.1f} %" for run in result.runs]


def _case_debugging(name):
    from resnet_lessons.debugging import activation_rms
    from resnet_lessons.plots import debugging as plots

    flow, reference, maps = _flow()
    if name == "plot_gradient_flow":
        fig = plots.plot_gradient_flow(flow, label="relu_before_add", reference=reference, reference_label="original")
        return fig, [fmt3(flow["loss"]), fmt3(reference["layers"][0]["mean_abs"])]
    if name == "plot_feature_maps":
        return plots.plot_feature_maps(maps, channels=3), [fmt3(activation_rms(maps)["layer3"])]
    losses = made("recipes").runs[0].step_loss  # a real training run's loss of every mini-batch
    return plots.plot_loss_curves({"baseline": losses}), [fmt3(losses[-1])]


COVERED = {
    "architecture": ("plot_stage_params", "plot_family_params"),
    "complexity": ("plot_metric", "plot_size", "plot_speed", "plot_accuracy"),
    "debugging": ("plot_gradient_flow", "plot_feature_maps", "plot_loss_curves"),
    "degradation": ("plot_training_curves", "plot_degradation",
                    "plot_sweep_curves", "plot_sweep_vs_depth", "plot_run_against_band"),
    "gradients": ("plot_gradient_norms",),
    "landscape": ("plot_landscape",),
    "lesion": ("plot_lesion", "plot_selection", "plot_lesion_seeds"),
    "paths": ("plot_paths",),
    "recap": ("plot_recap",),
    "recipes": ("plot_step_losses", "plot_seed_losses", "plot_histories"),
    "residual_fit": ("plot_fits", "plot_branches", "plot_losses", "plot_residual_fit"),
    "schedules": ("plot_schedules",),
    "shattered": ("plot_autocorrelation", "plot_gradient_curves", "plot_shattered"),
    "signal": ("plot_signal",),
    "transfer": ("plot_transfer",),
    "fullscale": ("plot_fullscale",),
}
CASES = [(module, name) for module, names in COVERED.items() for name in names]
MAX_CHARS = 400  # per language: a sentence or two (about 300), never a table


@pytest.mark.parametrize("module,name", CASES, ids=[f"{m}.{n}" for m, n in CASES])
def test_every_plot_describes_its_figure_with_the_measured_numbers(module, name):
    fig, numbers = globals()[f"_case_{module}"](name)
    text = alt_text(fig)
    assert text and CJK.search(text), f"{module}.{name}: no bilingual alt text ({text!r})"
    for number in numbers:
        assert number in text, f"{module}.{name}: {number!r} (from the result) is not in the alt text {text!r}"
    en, zh = fig.resnet_alt
    # the English half has no Chinese (a schedule's label is the caller's text, in the language of its choice)
    assert not CJK.search(en) or module == "schedules", en
    assert CJK.search(zh) and len(en) <= MAX_CHARS and len(zh) <= MAX_CHARS, (len(en), len(zh))


def test_no_plot_function_is_left_without_alt_text():
    """A new plot_* function must be added to COVERED (and so describe its figure)."""
    found = set()
    for module in PLOT_MODULES:
        plots = importlib.import_module(f"resnet_lessons.plots.{module}")
        found |= {(module, name) for name, value in inspect.getmembers(plots, inspect.isfunction)
                  if name.startswith("plot_") and value.__module__ == plots.__name__}
    missing = found - set(CASES)
    assert not missing, f"plot functions without an alt-text test (add them to COVERED): {sorted(missing)}"
    assert not set(CASES) - found, f"COVERED names functions that do not exist: {sorted(set(CASES) - found)}"


def test_a_panel_drawn_into_given_axes_adds_to_the_figure_description():
    from resnet_lessons.plots.gradients import plot_gradient_norms
    from resnet_lessons.plots.residual_fit import plot_residual_fit
    from resnet_lessons.plots.signal import plot_signal

    fig, axes = new_figure(1, 2)
    plot_signal(made("signal"), ax=axes[0])
    plot_gradient_norms(made("gradients"), ax=axes[1])
    en, zh = fig.resnet_alt
    assert "E[x²]" in en and "Gradient norm" in en and "E[x²]" in zh and "梯度范数" in zh
    whole = plot_residual_fit(made("residual_fit"))  # its panels' texts give way to one for the whole figure
    assert whole.resnet_alt[0].count("mean squared error") <= 1 and whole.resnet_alt[0].startswith("The fits")
