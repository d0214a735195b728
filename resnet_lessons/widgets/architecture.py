"""Pick a ResNet and see where its parameters live: stem, stages, classifier.

    >>> from resnet_lessons.summary import describe_variant
    >>> from resnet_lessons.widgets.architecture import architecture_explorer
    >>> describe_variant("resnet50")["total_params"]
    25557032
    >>> panel = architecture_explorer("resnet18")      # in a notebook: the widget + a static figure
    >>> panel.controls["variant"].value = "resnet152"  # what a click in the dropdown does

A variant is described once, on PyTorch's "meta" device: its modules and tensor shapes exist, its
weights are never allocated or initialised, so even ResNet-152 takes a fraction of a second, and
the description is cached.
"""

import ipywidgets as widgets

from resnet_lessons.i18n import t
from resnet_lessons.summary import VARIANTS, check_variant, describe_variant


def architecture_explorer(variant="resnet50"):
    """A Panel: a dropdown of ResNet variants and a bar chart of parameters per stage.

    Each bar is labelled with its blocks and output shape; the title gives the total parameters.
    """
    from resnet_lessons.plots.architecture import plot_stage_params  # plots import matplotlib: on demand
    from resnet_lessons.widgets.panel import Panel

    check_variant(variant)
    dropdown = widgets.Dropdown(options=[(label, name) for name, label in VARIANTS.items()], value=variant,
                                description=t("arch_w_variant"), style={"description_width": "initial"})
    panel = Panel(t("arch_w_title"), {"variant": dropdown},
                  compute=lambda values: describe_variant(values["variant"]),
                  draw=plot_stage_params)
    return panel
