"""Where a ResNet's parameters live: bars per part (stem, stages, classifier).

The input is the plain dict of ``resnet_lessons.summary.describe_variant``.
"""
from resnet_lessons.experiments.base import fmt3
from resnet_lessons.i18n import error, t
from resnet_lessons.plots.common import two_lines
from resnet_lessons.plots.style import OTHER_COLORS, RESIDUAL_COLOR, describe, listed, new_figure

OTHER_COLOR = "#999999"  # stem and classifier: not residual stages
PART_KEYS = ("name", "total_params", "parts", "label")


def _check_description(description, arg="description"):
    if not isinstance(description, dict) or not all(key in description for key in PART_KEYS):
        raise TypeError(error("arch_err_description", arg=arg, got=type(description).__name__))
    return description


def _scale(total):
    """Millions for ImageNet-size nets, thousands for CIFAR-size nets."""
    return (1e6, "complexity_params_axis", "M") if total >= 2e6 else (1e3, "arch_params_axis_k", "K")


def _shape_text(shape):
    return "×".join(str(s) for s in shape[1:])


def _part_label(part):
    if part["part"] == "stem":
        name = two_lines("arch_stem")
    elif part["part"] == "fc":
        name = two_lines("arch_head")
    else:
        name = f"{part['part']}\n{part['blocks']} × {part['block_type']}"
    return f"{name}\n→ {_shape_text(part['output_shape'])}"


def _part_alt(part, lang):
    """A part's name in an alt text: the stem and the classifier in ``lang``, a stage by its name."""
    if part == "stem":
        return t("arch_stem", lang=lang)
    return t("arch_head", lang=lang) if part == "fc" else part


def plot_stage_params(description):
    """Bar chart: parameters of the stem, each stage and the classifier of one variant."""
    _check_description(description)
    parts = description["parts"]
    unit, axis_key, suffix = _scale(description["total_params"])
    fig, ax = new_figure(figsize=(8.5, 4.8))
    heights = [p["params"] / unit for p in parts]
    colors = [RESIDUAL_COLOR if p["blocks"] else OTHER_COLOR for p in parts]
    positions = range(len(parts))
    bars = ax.bar(positions, heights, color=colors, width=0.65)
    for bar, height in zip(bars, heights):
        ax.annotate(f"{height:,.2f} {suffix}", (bar.get_x() + bar.get_width() / 2, height),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom", fontsize=10)
    ax.set_xticks(list(positions), [_part_label(p) for p in parts], fontsize=9)
    ax.set_ylabel(t(axis_key))
    ax.set_ylim(0, max(heights) * 1.15)
    ax.grid(axis="x", visible=False)
    ax.set_title(two_lines("arch_title", label=description["label"], total=description["total_params"],
                            blocks=description["blocks"]))
    largest = max(parts, key=lambda p: p["params"])

    def alt(lang):
        items = [f"{_part_alt(p['part'], lang)} {fmt3(p['params'] / unit)} {suffix}" for p in parts]
        return t("alt_architecture_stages", lang=lang, label=description["label"], total=description["total_params"],
                 items=listed(items, lang), largest=_part_alt(largest["part"], lang),
                 share=100 * largest["params"] / description["total_params"])

    return describe(fig, alt("en"), alt("zh"))


def plot_family_params(descriptions):
    """Stacked bars: for each variant, its parameters split into stem, stages and classifier."""
    if not isinstance(descriptions, (list, tuple)) or not descriptions:
        raise TypeError(error("arch_err_descriptions", got=type(descriptions).__name__))
    for i, description in enumerate(descriptions):
        _check_description(description, arg=f"descriptions[{i}]")
    unit, axis_key, suffix = _scale(max(d["total_params"] for d in descriptions))
    names = []  # every part name, in order of first appearance (CIFAR nets have three stages)
    for description in descriptions:
        names += [p["part"] for p in description["parts"] if p["part"] not in names]
    fig, ax = new_figure(figsize=(9, 4.8))
    positions = range(len(descriptions))
    bottoms = [0.0] * len(descriptions)
    stage_colors = iter(OTHER_COLORS[1:] * 2)  # stages: neither the stem's dark grey nor the net colours
    for name in names:
        values = [next((p["params"] for p in d["parts"] if p["part"] == name), 0) / unit for d in descriptions]
        if name == "stem":
            color, label = "#333333", t("arch_stem")
        elif name == "fc":
            color, label = OTHER_COLOR, t("arch_head")
        else:
            color, label = next(stage_colors), name
        ax.bar(positions, values, bottom=bottoms, color=color, label=label, width=0.65)
        bottoms = [b + v for b, v in zip(bottoms, values)]
    for x, total in zip(positions, bottoms):
        ax.annotate(f"{total:,.1f} {suffix}", (x, total), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=10)
    ax.set_xticks(list(positions), [d["label"].replace(" ", "\n", 1) for d in descriptions], fontsize=10)
    ax.set_ylabel(t(axis_key))
    ax.set_ylim(0, max(bottoms) * 1.12)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=10)
    ax.set_title(t("arch_family_title"))

    def alt(lang):
        items = []
        for d in descriptions:
            stages = [p for p in d["parts"] if p["blocks"]]
            last = 100 * stages[-1]["params"] / d["total_params"] if stages else 0.0
            items.append(t("alt_architecture_family_item", lang=lang, label=d["label"],
                           total=f"{fmt3(d['total_params'] / unit)} {suffix}", last=last))
        return t("alt_architecture_family", lang=lang, n=len(descriptions), items=listed(items, lang, strong=True))

    return describe(fig, alt("en"), alt("zh"))
