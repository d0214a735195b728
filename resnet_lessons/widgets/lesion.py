"""Delete blocks of a trained ResNet and of its plain twin, and see the test error at once.

    >>> from resnet_lessons.widgets.lesion import lesion_explorer
    >>> panel = lesion_explorer()                       # trains both nets once (cached), ~20 s
    >>> panel.controls["blocks"].value = ("layer1.1",)  # instant: no retraining

The nets are trained (or loaded from the cache) when the explorer is made; every change of
the selection only runs the test set through the nets with those blocks swapped for their
shortcut (residual) or the identity (plain).
"""
import ipywidgets as widgets

from resnet_lessons.experiments import lesion
from resnet_lessons.i18n import error, t


def lesion_explorer(blocks=(), nets=None, use_cache=True, **config):
    """A Panel with a multi-select of blocks to delete; the figure compares both nets' test errors.

    ``nets``: ``(models, data)`` as :func:`resnet_lessons.experiments.lesion.train_nets` returns, to
    reuse nets trained already; otherwise they are trained (or loaded) for ``lesion.Config(**config)``.
    """
    from resnet_lessons.models import cifar_resnet
    from resnet_lessons.plots.lesion import plot_selection
    from resnet_lessons.widgets.panel import Panel

    if nets is None:
        settings = lesion.Config(**config)
        shape = cifar_resnet(settings.depth, dim=1, in_channels=1, width=1)  # untrained: only its block names
        for name in tuple(blocks):
            lesion.get_block(shape, name)  # a bilingual ValueError for an unknown block, before training
        nets = lesion.train_nets(settings, use_cache=use_cache)
    if not isinstance(nets, tuple) or len(nets) != 2 or not isinstance(nets[0], dict) or not nets[0]:
        raise TypeError(error("lesion_err_nets", got=type(nets).__name__))
    models, data = nets
    reference = models.get("residual", next(iter(models.values())))
    names = lesion.block_names(reference)
    down = set(lesion.downsampling_blocks(reference))
    blocks = tuple(blocks)
    for name in blocks:
        lesion.get_block(reference, name)
    options = [(f"{name} ({t('lesion_w_down')})" if name in down else name, name) for name in names]
    controls = {
        "blocks": widgets.SelectMultiple(options=options, value=blocks, rows=min(len(names), 12),
                                         description=t("lesion_w_blocks"), style={"description_width": "initial"}),
    }

    def compute(values):
        return lesion.lesion_selection(models, data, values["blocks"])

    panel = Panel(t("lesion_w_title"), controls, compute, plot_selection, auto=True)
    return panel
