"""Train plain and residual nets of growing depth and watch the curves: the degradation problem.

    >>> from resnet_lessons.widgets.degradation import degradation_runner, depth_slider_explorer
    >>> panel = degradation_runner()        # shows the precomputed full-budget result first
    >>> panel.controls["depths"].value = (20, 56)
    >>> panel.run_button.click()            # trains in the background; Stop interrupts it
    >>> explorer = depth_slider_explorer()  # each Run adds a plain and a residual net at one depth
    >>> explorer.buttons["clear"].click()   # forget the nets trained so far

In a notebook the runner trains in a background thread, so the Stop button stays responsive
and the curves are redrawn after every epoch. Figures are put into the panel's output through
its ``outputs`` trait, which (unlike ``with output:``) is safe from a thread. Finished nets are
cached (``degradation.run_cached``): a setting seen before is shown at once.
"""
import dataclasses
import time

import ipywidgets as widgets

from resnet_lessons.experiments import degradation, parallel
from resnet_lessons.i18n import error, t
from resnet_lessons.validate import check_bool, check_int

DEPTHS = degradation.DEPTH_CHOICES
# Nets trained at once by a Run, one per core, each on one thread (the same result as one after another;
# benchmarks/bench_twins_parallel.py measures the gain): the plain and residual twins of a depth in parallel.
WORKERS = parallel.WORKERS
MAX_EPOCHS = 30
LIVE_EVERY = 3.0  # seconds between live redraws of the curves


def _check_depths(depths):
    if (not isinstance(depths, (tuple, list)) or not depths or len(set(depths)) != len(depths)
            or not all(d in DEPTHS for d in depths)):
        raise ValueError(error("degradation_err_w_depths", allowed=", ".join(map(str, DEPTHS)), got=repr(depths)))
    return tuple(sorted(depths))


def _check_epochs(epochs):
    return check_int("epochs", epochs, 1, MAX_EPOCHS)


def _kinds(values):
    return tuple(kind for kind in degradation.KINDS if values.get(kind))


def _initial_result(config):
    """The shipped result of this budget and seed, else seed 0 of the precomputed full budget, else empty."""
    shipped = degradation.shipped_result(config)
    if shipped is not None:
        return shipped
    try:
        return degradation.load_sweep("degradation_full").results[0]
    except (FileNotFoundError, ValueError):
        return degradation.empty_result(config)


def degradation_runner(depths=(20, 56), epochs=None, background=True, use_cache=True, **config):
    """A Panel: pick depths, epochs and which nets; Run trains them with live curves; Stop interrupts.

    ``background``: train in a thread (the notebook default, so that Stop works). With False the
    Run button trains in the kernel's thread (what tests do). ``config``: other fields of
    ``degradation.Config`` kept fixed (``batch_size``, ``lr``, ``seed`` ...). The first figure is the
    precomputed result shipped with the package (labelled with the command that made it).
    """
    from resnet_lessons.plots.degradation import plot_degradation
    from resnet_lessons.train import StopTraining
    from resnet_lessons.widgets.panel import Panel

    depths = _check_depths(depths)
    epochs = degradation.Config().epochs if epochs is None else _check_epochs(epochs)
    config = {"progress": False, **config}
    base_config = degradation.Config(depths=depths, epochs=epochs, **config)  # validates ``config``
    check_bool("background", background)
    style = {"description_width": "initial"}
    controls = {
        "depths": widgets.SelectMultiple(options=list(DEPTHS), value=depths, rows=len(DEPTHS),
                                         description=t("degradation_w_depths"), style=style),
        "epochs": widgets.IntSlider(value=epochs, min=1, max=MAX_EPOCHS, continuous_update=False,
                                    description=t("degradation_w_epochs"), style=style),
        "plain": widgets.Checkbox(value=True, description=t("degradation_w_plain"), style=style),
        "residual": widgets.Checkbox(value=True, description=t("degradation_w_residual"), style=style),
    }
    drawn = 0.0  # when the curves were last redrawn live (time.perf_counter)

    def live(partial):
        """After every epoch: stop if asked, else show progress and redraw the curves so far."""
        nonlocal drawn
        panel.check_stop()
        last = partial.runs[-1]
        epoch, epochs = len(last.curves["epoch"]), partial.config["epochs"]
        nets = len(partial.config["depths"]) * len(partial.config["kinds"])
        done = sum(len(r.curves["epoch"]) for r in partial.runs)  # nets trained in parallel report in turn
        panel.progress(done, nets * epochs, t("degradation_w_live", net=last.label, epoch=epoch, epochs=epochs,
                                              i=len(partial.runs), n=nets))
        now = time.perf_counter()
        # A redraw costs ~0.5 s of CPU: at most one every LIVE_EVERY seconds, and one per finished net.
        if epoch == epochs or now - drawn >= LIVE_EVERY:
            panel.show(plot_degradation(partial))
            drawn = time.perf_counter()

    def compute(values):
        chosen = dataclasses.replace(base_config, depths=tuple(sorted(values["depths"])), kinds=_kinds(values),
                                     epochs=values["epochs"])
        return degradation.run_cached(chosen, use_cache=use_cache, callback=live, workers=WORKERS)

    panel = Panel(t("degradation_w_title"), controls, compute, plot_degradation, auto=False, stoppable=True,
                  background=background, done=_say_if_stopped, initial=_initial_result(base_config))
    return panel


def _say_if_stopped(panel):
    if panel.error is None and getattr(panel.result, "stopped", False):
        panel.status.value = t("degradation_w_stopped", n=len(panel.result.runs))


def depth_slider_explorer(depth=20, epochs=None, use_cache=True, background=True, **config):
    """A Panel: a depth slider; each Run trains a plain and a residual net at that depth (same small
    budget) and adds their curves and final errors to the figure. "Clear" starts again. A run shows
    its progress (net, epoch, a bar), keeps the figure until the new one is ready, and Stop ends it
    after the current epoch (``background``: train in a thread, so that Stop is heard).

    Changing ``epochs`` starts a new figure too: nets trained with different budgets are not compared.
    """
    from resnet_lessons.plots.degradation import plot_degradation
    from resnet_lessons.widgets.panel import Panel

    if depth not in DEPTHS:
        raise ValueError(error("degradation_err_w_depths", allowed=", ".join(map(str, DEPTHS)), got=repr(depth)))
    check_bool("background", background)
    epochs = degradation.Config().epochs if epochs is None else _check_epochs(epochs)
    config = {"progress": False, **config}
    base_config = degradation.Config(depths=(depth,), epochs=epochs, **config)
    style = {"description_width": "initial"}
    controls = {
        "depth": widgets.SelectionSlider(options=list(DEPTHS), value=depth, continuous_update=False,
                                         description=t("gradients_w_depth"), style=style),
        "epochs": widgets.IntSlider(value=epochs, min=1, max=MAX_EPOCHS, continuous_update=False,
                                    description=t("degradation_w_epochs"), style=style),
    }
    nets = DepthComparison()

    def chosen(values):
        return dataclasses.replace(base_config, depths=(values["depth"],), epochs=values["epochs"])

    def live(partial):
        """After every epoch: stop if asked, else say which net and epoch, with a progress bar."""
        panel.check_stop()
        last = partial.runs[-1]
        epoch, epochs = len(last.curves["epoch"]), partial.config["epochs"]
        done = sum(len(r.curves["epoch"]) for r in partial.runs)  # the twins train in parallel, one per core
        panel.progress(done, 2 * epochs, t("degradation_w_live", net=last.label, epoch=epoch, epochs=epochs,
                                           i=len(partial.runs), n=2))

    panel = Panel(t("degradation_w_slider_title"), controls,
                  compute=lambda values: nets.add(chosen(values), use_cache=use_cache, callback=live),
                  draw=plot_degradation, auto=False, stoppable=True, background=background, done=_say_if_stopped,
                  # start from what was measured before class, not an empty figure; Clear empties it
                  initial=lambda values: nets.start_over(chosen(values)),
                  buttons={"clear": (t("degradation_w_clear"), "eraser",
                                     lambda values: nets.start_over(chosen(values), shipped=False))})
    return panel


class DepthComparison:
    """The nets a depth slider has trained so far, by (depth, residual), all with one training budget."""

    def __init__(self):
        self.runs = {}
        self.config = None  # the settings of the latest net added

    def start_over(self, config, shipped=True):
        """Forget every net (but keep the ones shipped for ``config``'s budget if ``shipped``); the result."""
        self.runs = _shipped_runs(config) if shipped else {}
        self.config = config
        return self.result(config)

    def add(self, config, use_cache=True, callback=None):
        """Add the plain and the residual net at ``config``'s depth (shipped ones at once, else trained); the result."""
        if self.config is None or config.epochs != self.config.epochs:  # a new budget: a new comparison
            self.runs = _shipped_runs(config)
        self.config = config
        depth = config.depths[0]
        known = degradation.shipped_runs(config)  # every depth of the slider ships at the lecture budget
        if all((depth, residual) in known for residual in (False, True)):  # never retrain a shipped net
            self.runs.update({key: run for key, run in known.items() if key[0] == depth})
            return self.result(config)
        new = degradation.run_cached(config, use_cache=use_cache, callback=callback, workers=WORKERS)
        for item in new.runs:
            self.runs[(item.depth, item.residual)] = item
        return self.result(config, new.seconds, new.device)

    def result(self, config, seconds=None, device="cpu"):
        """A DegradationResult of every net held: plain ones first, by depth."""
        runs = [self.runs[key] for key in sorted(self.runs, key=lambda k: (k[1], k[0]))]
        held = dataclasses.replace(config, depths=tuple(sorted({r.depth for r in runs})) or config.depths)
        result = dataclasses.replace(degradation.empty_result(held), runs=runs, seconds=seconds, device=device)
        # say where the shipped nets come from: the command of the shipped result that holds most of them
        held_nets = {(run.depth, run.residual) for run in runs}
        covered = [(len(held_nets & {(run.depth, run.residual) for run in known.runs}), known.command)
                   for known in degradation.shipped_results(config)]
        if covered and max(n for n, _ in covered) > 0:
            result.command = max(covered, key=lambda pair: pair[0])[1]
        return result


def _shipped_runs(config):
    """The nets shipped for this budget and seed (precomputed), by (depth, residual): shown at once, never retrained."""
    result = degradation.shipped_result(config)
    return {} if result is None else {(r.depth, r.residual): r for r in result.runs}
