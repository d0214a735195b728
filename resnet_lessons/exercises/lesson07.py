"""Lesson 07's exercises: the multiply-adds of a convolution, and picking a model for a budget of
multiply-adds from the complexity/accuracy table (torchvision's metadata, read at run time)."""
from resnet_lessons.checks import CheckReport, _print_report, check_conv_macs
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import get_language

CONV_MACS_SOLUTION = '''
def my_conv_macs(in_ch, out_ch, k, h_out, w_out):
    # one output value: a k x k x in_ch window times one filter; out_ch filters at h_out x w_out positions
    return k * k * in_ch * out_ch * h_out * w_out
'''

BUDGET_SOLUTION = '''
from resnet_lessons.experiments import complexity


def best_within_budget(result, budget):
    """The most accurate ResNet-family model (V1 weights) whose multiply-adds fit the budget (GMACs)."""
    family = [result.reference(name) for name in complexity.DEFAULT_MODELS]
    fits = [ref for ref in family if ref.gmacs <= budget]
    return max(fits, key=lambda ref: ref.acc1_v1).name
'''

BUDGETS = (2.0, 4.0, 5.0, 8.0, 12.0)  # GMACs per image: the budgets a reading rule is checked on


def _line(en, zh):
    lang = get_language()
    return en if lang == "en" else zh if lang == "zh" else f"{en} / {zh}"


def _family(result):
    from resnet_lessons.experiments import complexity

    return {name: result.reference(name) for name in complexity.DEFAULT_MODELS}


def _judge(result, budget, given, report):
    """Add one line to ``report``: is ``given`` the most accurate family model (V1) within ``budget`` GMACs?"""
    family = _family(result)
    fits = {name: ref for name, ref in family.items() if ref.gmacs <= budget}
    if not fits:
        report.failed.append(_line(f"no model of the family fits {budget:g} GMACs: the cheapest needs "
                                   f"{min(ref.gmacs for ref in family.values()):.2f}",
                                   f"家族中没有模型能放进 {budget:g} GMACs：最便宜的也需要 "
                                   f"{min(ref.gmacs for ref in family.values()):.2f}"))
        return
    best = max(fits.values(), key=lambda ref: ref.acc1_v1)
    where, where_zh = f"budget {budget:g} GMACs", f"预算 {budget:g} GMACs"
    if given is None:
        report.failed.append(_line("not done yet: set my_pick to a model name of the table, e.g. 'resnet34', "
                                   "then run the cell again",
                                   "尚未完成：把 my_pick 设为表中的一个模型名，例如 'resnet34'，然后重新运行这个单元格"))
        return
    if given not in family:
        report.failed.append(_line(
            f"{where}: {given!r} is not one of the seven ResNet-family models: {', '.join(family)}",
            f"{where_zh}：{given!r} 不是七个 ResNet 家族模型之一：{', '.join(family)}"))
        return
    ref = family[given]
    if given == best.name:
        report.passed.append(_line(
            f"{where}: {given} ({ref.gmacs:.2f} GMACs, {ref.acc1_v1:.2f} % top-1) is the most accurate model "
            "that fits: the point of the Pareto front at this budget",
            f"{where_zh}：{given}（{ref.gmacs:.2f} GMACs，top-1 {ref.acc1_v1:.2f} %）是放得进预算的模型中最准的："
            "这就是帕累托前沿在这个预算下的那个点"))
    elif ref.gmacs > budget:
        report.failed.append(_line(
            f"{where}: {given} needs {ref.gmacs:.2f} GMACs per image, over the budget — read the GMACs column "
            "before the accuracy",
            f"{where_zh}：{given} 每张图像需要 {ref.gmacs:.2f} GMACs，超出了预算——先看 GMACs 这一列，再看准确率"))
    else:
        better = [o for o in family.values() if o.gmacs <= ref.gmacs and o.acc1_v1 > ref.acc1_v1]
        if better:
            other = max(better, key=lambda o: o.acc1_v1)
            report.failed.append(_line(
                f"{where}: {given} ({ref.gmacs:.2f} GMACs, {ref.acc1_v1:.2f} %) is dominated: {other.name} is "
                f"cheaper ({other.gmacs:.2f} GMACs) and more accurate ({other.acc1_v1:.2f} %), so {given} is not "
                "on the Pareto front — more layers are not always worth their cost",
                f"{where_zh}：{given}（{ref.gmacs:.2f} GMACs，{ref.acc1_v1:.2f} %）被支配了：{other.name} 更便宜"
                f"（{other.gmacs:.2f} GMACs）又更准（{other.acc1_v1:.2f} %），所以 {given} 不在帕累托前沿上——"
                "层数更多并不总是值得它的代价"))
        else:
            report.failed.append(_line(
                f"{where}: {given} fits ({ref.gmacs:.2f} GMACs, {ref.acc1_v1:.2f} %) and is on the front, but "
                f"{best.name} also fits ({best.gmacs:.2f} GMACs) and is more accurate ({best.acc1_v1:.2f} %): "
                "spend the budget",
                f"{where_zh}：{given} 放得进预算（{ref.gmacs:.2f} GMACs，{ref.acc1_v1:.2f} %），也在前沿上，但 "
                f"{best.name} 同样放得进（{best.gmacs:.2f} GMACs），而且更准（{best.acc1_v1:.2f} %）：把预算用足"))


def check_budget_pick(answer):
    """Check ``{"result": result, "budget": gmacs, "model": name}``: is ``name`` the most accurate of the seven
    ResNet-family models (torchvision's V1 weights, from ``result``'s metadata) whose multiply-adds fit the
    budget — the point of the Pareto front at that budget?

    A function ``pick(result, budget) -> name`` (a reading rule, like the solution) is checked on the budgets
    ``BUDGETS`` of the package's own complexity result. The right answers are computed from the result at run
    time, nothing is hard-coded.
    """
    report = CheckReport("check_budget_pick")
    if callable(answer):
        from resnet_lessons.experiments import complexity

        result = complexity.run(progress=False)
        for budget in BUDGETS:
            try:
                given = answer(result, budget)
            except NotImplementedError:
                report.failed.append(_line("not done yet: your function raises NotImplementedError",
                                           "尚未完成：你的函数抛出了 NotImplementedError"))
                break
            _judge(result, budget, given, report)
        return _print_report(report)
    if not isinstance(answer, dict) or not {"result", "budget", "model"} <= set(answer) \
            or not hasattr(answer["result"], "reference"):
        raise TypeError(_line("answer must be a dict {'result': result, 'budget': gmacs, 'model': name} with the "
                              f"complexity result of section 1.1, got {type(answer).__name__}",
                              "answer 必须是字典 {'result': result, 'budget': gmacs, 'model': name}，其中 result 是"
                              f"第 1.1 节的复杂度结果，收到 {type(answer).__name__}"))
    budget = answer["budget"]
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget > 0:
        raise ValueError(_line(f"budget must be a positive number of GMACs, got {budget!r}",
                               f"budget 必须是正数（单位 GMACs），收到 {budget!r}"))
    _judge(answer["result"], float(budget), answer["model"], report)
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="07-conv-macs",
        title=("The multiply-adds of a convolution", "一个卷积的乘加运算次数"),
        checker=check_conv_macs,
        hints=(
            ("Count for one output value first: it is the dot product of one filter with the window under it. "
             "How many numbers does that window hold (its height, its width, and the input channels)? Then count "
             "the output values: one per output channel and per position of the output map.",
             "先数一个输出值：它是一个滤波器与它下面的窗口的点积。这个窗口有多少个数（高、宽，以及输入通道）？"
             "再数输出值有多少个：每个输出通道、输出特征图的每个位置各一个。"),
            ("One output value costs k·k·in_ch multiply-adds, and there are out_ch·h_out·w_out output values: "
             "multiply the two. Do not multiply by 2 (that would be FLOPs) and do not add a bias term.",
             "一个输出值需要 k·k·in_ch 次乘加，共有 out_ch·h_out·w_out 个输出值：把两者相乘。不要乘以 2"
             "（那是 FLOPs），也不要加上偏置项。"),
        ),
        solution_code=CONV_MACS_SOLUTION,
        defines="my_conv_macs",
        explanation=(
            "Each output value is a dot product of a k x k x in_ch window with one filter: k·k·in_ch multiply-adds. "
            "There are out_ch filters and h_out·w_out positions. The stem: 7·7·3·64·112·112 = 118,013,952, the "
            "number counted in section 1. The stride and the padding only enter through h_out and w_out. A bias "
            "would add one addition per output value (out_ch·h_out·w_out); ResNet's convs have none, since a BN "
            "layer follows each of them. FLOPs are twice the multiply-adds.",
            "每个输出值是一个 k x k x in_ch 的窗口与一个滤波器的点积：k·k·in_ch 次乘加。共有 out_ch 个滤波器和 "
            "h_out·w_out 个位置。起始卷积：7·7·3·64·112·112 = 118,013,952，正是第 1 节统计的数字。步幅和填充只通过 "
            "h_out 和 w_out 起作用。偏置会给每个输出值多一次加法（out_ch·h_out·w_out 次）；ResNet 的卷积没有偏置，"
            "因为每个卷积后面都跟着一个 BN 层。FLOPs 是乘加运算次数的两倍。"),
    ),
    Exercise(
        name="07-budget",
        title=("Pick a model for a budget of multiply-adds", "在乘加运算预算内挑选模型"),
        checker=check_budget_pick,
        hints=(
            ("Two steps, in this order: first cross out every ResNet-family model whose GMACs are above the "
             "budget; then, among the ones left, take the highest top-1 in the V1 column. Deeper is not always "
             "better: compare accuracy, not depth.",
             "按顺序做两步：先划掉 GMACs 超出预算的所有 ResNet 家族模型；再在剩下的模型中取 V1 列 top-1 最高的。"
             "更深不一定更好：比较准确率，而不是深度。"),
            ("In code: family = [result.reference(n) for n in complexity.DEFAULT_MODELS]; keep those with "
             "ref.gmacs <= budget; the answer is the .name of the one with the largest ref.acc1_v1. Check that "
             "no model left is both cheaper and more accurate than your pick.",
             "写成代码：family = [result.reference(n) for n in complexity.DEFAULT_MODELS]；保留 "
             "ref.gmacs <= budget 的模型；答案是其中 ref.acc1_v1 最大的那个模型的 .name。检查一下：剩下的模型中"
             "没有一个比你选的既更便宜又更准。"),
        ),
        solution_code=BUDGET_SOLUTION,
        defines="best_within_budget",
        explanation=(
            "The most accurate model that fits a budget is always on the Pareto front: if another model were both "
            "cheaper and more accurate, it would fit the budget too and win. With torchvision's V1 weights that "
            "makes ResNeXt-50 the pick for budgets between its own cost and Wide ResNet-50-2's, ahead of the deeper "
            "ResNet-101 (dominated: more multiply-adds, lower accuracy). The check reads the table at run time, so "
            "the answer follows the metadata of the installed torchvision; with V2 weights, or on measured latency "
            "instead of multiply-adds, the front can differ — repeat the reading for the cost that matters to you.",
            "在预算内最准的模型总是在帕累托前沿上：如果另一个模型既更便宜又更准，它也放得进预算，而且会胜出。用 "
            "torchvision 的 V1 权重时，对于介于 ResNeXt-50 自身代价与 Wide ResNet-50-2 代价之间的预算，应选 "
            "ResNeXt-50，而不是更深的 ResNet-101（它被支配：乘加运算更多，准确率却更低）。检查函数在运行时读取这张表，"
            "所以答案取决于所安装的 torchvision 的元数据；换成 V2 权重，或者用实测延迟代替乘加运算，前沿可能不同——"
            "针对你真正关心的代价重新读一遍。"),
    ),
]
