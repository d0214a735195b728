"""Pick a trained ResNet and a seed; see its path lengths (Veit et al. 2016, Fig. 6) in three panels.

    >>> from resnet_lessons.widgets.paths import paths_explorer
    >>> panel = paths_explorer()                   # the shipped results (paths_56, paths_110)
    >>> panel.controls["net"].value = "paths_110"

The measurements are precomputed (``python tools/precompute.py paths_56 paths_110``: each trains or loads
the net of the degradation sweep and samples its paths), so every change redraws at once.
"""
import ipywidgets as widgets

from resnet_lessons.i18n import error, t

SHIPPED = ("paths_56", "paths_110")
ALL = -1  # the seed choice "all seeds"


def paths_explorer(results=None, net=None):
    """A Panel: choose the network ({name: [PathsResult per seed]}, default: the shipped ones) and one seed or
    all of them; the figure shows the three curves of Veit et al.'s Fig. 6."""
    from resnet_lessons.experiments.paths import PathsResult
    from resnet_lessons.plots.paths import plot_paths
    from resnet_lessons.widgets.panel import Panel

    if results is None:
        from resnet_lessons.results import load

        results = {}
        for name in SHIPPED:
            try:
                results[name] = load(name)
            except FileNotFoundError:
                continue
    if (not isinstance(results, dict) or not results
            or not all(isinstance(v, list) and v and all(isinstance(r, PathsResult) for r in v)
                       for v in results.values())):
        raise TypeError(error("paths_err_results", got=type(results).__name__))
    names = list(results)
    net = names[-1] if net is None else net
    if net not in results:
        raise ValueError(error("arg_err_choice", arg="net", allowed=", ".join(names), got=repr(net)))
    style = {"description_width": "initial"}

    def label(name):
        first = results[name][0]
        return t("paths_w_net_label", depth=first.config["depth"], n=first.blocks)

    def seed_options(name):
        return [(t("paths_w_all_seeds"), ALL)] + [(str(r.seed), r.seed) for r in results[name]]

    controls = {
        "net": widgets.Dropdown(options=[(label(n), n) for n in names], value=net, description=t("paths_w_net"),
                                style=style),
        "seed": widgets.Dropdown(options=seed_options(net), value=ALL, description=t("paths_w_seed"), style=style),
    }

    def compute(values):
        chosen = results[values["net"]]
        if values["seed"] == ALL:
            return chosen
        return [r for r in chosen if r.seed == values["seed"]] or chosen

    panel = Panel(t("paths_w_title"), controls, compute, plot_paths, auto=True)

    def on_net(change):  # each network has its own seeds
        controls["seed"].options = seed_options(change["new"])
        controls["seed"].value = ALL

    controls["net"].observe(on_net, names="value")
    return panel
