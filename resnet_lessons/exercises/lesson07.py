"""Lesson 07's exercises: the multiply-adds of a convolution, and picking a model for a budget of
multiply-adds from the complexity/accuracy table (torchvision's metadata, read at run time)."""
from resnet_lessons.checks import CheckReport, _print_report, check_conv_macs
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import STRINGS, t

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


def _family(result):
    from resnet_lessons.experiments import complexity

    return {name: result.reference(name) for name in complexity.DEFAULT_MODELS}


def _judge(result, budget, given, report):
    """Add one line to ``report``: is ``given`` the most accurate family model (V1) within ``budget`` GMACs?"""
    family = _family(result)
    fits = {name: ref for name, ref in family.items() if ref.gmacs <= budget}
    if not fits:
        report.failed.append(t("ex07_judge_1", budget=budget, value1=min((ref.gmacs for ref in family.values()))))
        return
    best = max(fits.values(), key=lambda ref: ref.acc1_v1)
    where, where_zh = t("ex07_where", lang="en", budget=budget), t("ex07_where", lang="zh", budget=budget)
    if given is None:
        report.failed.append(t("ex07_judge_2"))
        return
    if given not in family:
        report.failed.append(t("ex07_judge_3", where=where, given=given, join_family=', '.join(family),
                               where_zh=where_zh))
        return
    ref = family[given]
    if given == best.name:
        report.passed.append(t("ex07_judge_4", where=where, given=given, ref_gmacs=ref.gmacs, ref_acc1_v1=ref.acc1_v1,
                               where_zh=where_zh))
    elif ref.gmacs > budget:
        report.failed.append(t("ex07_judge_5", where=where, given=given, ref_gmacs=ref.gmacs, where_zh=where_zh))
    else:
        better = [o for o in family.values() if o.gmacs <= ref.gmacs and o.acc1_v1 > ref.acc1_v1]
        if better:
            other = max(better, key=lambda o: o.acc1_v1)
            report.failed.append(t("ex07_judge_6", where=where, given=given, ref_gmacs=ref.gmacs,
                                   ref_acc1_v1=ref.acc1_v1, other_name=other.name, other_gmacs=other.gmacs,
                                   other_acc1_v1=other.acc1_v1, where_zh=where_zh))
        else:
            report.failed.append(t("ex07_judge_7", where=where, given=given, ref_gmacs=ref.gmacs,
                                   ref_acc1_v1=ref.acc1_v1, best_name=best.name, best_gmacs=best.gmacs,
                                   best_acc1_v1=best.acc1_v1, where_zh=where_zh))


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
                report.failed.append(t("check_function_todo"))
                break
            _judge(result, budget, given, report)
        return _print_report(report)
    if not isinstance(answer, dict) or not {"result", "budget", "model"} <= set(answer) \
            or not hasattr(answer["result"], "reference"):
        raise TypeError(t("ex07_check_budget_pick_2", type_answer_name=type(answer).__name__))
    budget = answer["budget"]
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget > 0:
        raise ValueError(t("ex07_check_budget_pick_3", budget=budget))
    _judge(answer["result"], float(budget), answer["model"], report)
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="07-conv-macs",
        title=STRINGS["ex07_conv_macs_title"],
        checker=check_conv_macs,
        hints=(
            STRINGS["ex07_conv_macs_hint_1"],
            STRINGS["ex07_conv_macs_hint_2"],
        ),
        solution_code=CONV_MACS_SOLUTION,
        defines="my_conv_macs",
        explanation=STRINGS["ex07_conv_macs_explanation"],
    ),
    Exercise(
        name="07-budget",
        title=STRINGS["ex07_budget_title"],
        checker=check_budget_pick,
        hints=(
            STRINGS["ex07_budget_hint_1"],
            STRINGS["ex07_budget_hint_2"],
        ),
        solution_code=BUDGET_SOLUTION,
        defines="best_within_budget",
        explanation=STRINGS["ex07_budget_explanation"],
    ),
]
