"""Lesson 04's exercises: a warm-up + cosine schedule, and reading batch norm's two modes."""
import math
from types import SimpleNamespace

from resnet_lessons.checks import CheckReport, _print_report, check_schedule
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import STRINGS, t

SCHEDULE_SOLUTION = '''
import math


def my_lr(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup  # 1/warmup of the peak at step 0, the peak at step warmup - 1
    progress = (step - warmup) / (total - warmup)  # 0 right after the warm-up
    return peak * 0.5 * (1 + math.cos(math.pi * progress))
'''

BN_SOLUTION = '''
def read_bn_modes(runs):
    """The reading of section 2.3's table, from the runs themselves (runs: one RecipesResult per seed)."""
    every_run = [run for result in runs for run in result.runs]
    variants = dict.fromkeys(run.variant for run in every_run)
    # eval-mode loss / train-mode loss, in the worst seed of each variant: the smallest is the calmest
    worst = {v: max(r.train_loss[-1] / r.train_mode_loss for r in every_run if r.variant == v) for v in variants}
    calmest = min(worst, key=worst.get)
    # same weights, recomputed statistics: if that closes the gap to train mode, the statistics were to blame
    recomputed_agrees = all(abs(r.recalibrated_error - r.train_mode_error) <= 0.03 for r in every_run)
    return {"runs": runs, "calmest": calmest, "cause": "statistics" if recomputed_agrees else "weights"}
'''

CAUSES = ("statistics", "weights")


def _runs(results):
    """Every RecipeRun of ``results`` (a RecipesResult or a list of them)."""
    results = results if isinstance(results, (list, tuple)) else [results]
    return [run for result in results for run in getattr(result, "runs", [])]


def bn_reading(results):
    """What section 2.3's measurement says: {"calmest": variant, "cause": "statistics" | "weights", ...}.

    calmest: the variant whose eval-mode loss stayed closest to its train-mode loss in its worst seed;
    cause: "statistics" when eval mode with recomputed running statistics (same weights) agrees with
    train mode within 3 points of training error in every run, else "weights".
    """
    runs = [r for r in _runs(results) if r.train_mode_loss and math.isfinite(r.train_loss[-1])]
    worst = {}
    for r in runs:
        ratio = r.train_loss[-1] / r.train_mode_loss
        worst[r.variant] = max(worst.get(r.variant, 0.0), ratio)
    calmest = min(worst, key=worst.get) if worst else None
    gaps = [abs(r.recalibrated_error - r.train_mode_error) for r in runs]
    cause = "statistics" if gaps and max(gaps) <= 0.03 else "weights"
    return {"calmest": calmest, "cause": cause, "worst": worst, "largest_gap": max(gaps) if gaps else math.nan}


def _example_run(variant, eval_loss, train_mode_loss, eval_error, train_mode_error, recalibrated_error):
    return SimpleNamespace(variant=variant, train_loss=[eval_loss], train_mode_loss=train_mode_loss,
                           train_error=[eval_error], train_mode_error=train_mode_error,
                           recalibrated_error=recalibrated_error)


def example_measurements():
    """Two made-up measurements shaped like section 2.3's, with different answers: to check a reading *rule*."""
    stale = [SimpleNamespace(runs=[_example_run("baseline", 2.1 * k, 2.05, 0.85, 0.77, 0.78),
                                   _example_run("zero_init", 1.7, 1.57, 0.68, 0.63, 0.63),
                                   _example_run("warmup", 2.6 * k, 2.6, 0.85, 0.61, 0.62)]) for k in (1.5, 90, 9)]
    weights = [SimpleNamespace(runs=[_example_run("baseline", 2.2, 2.1, 0.80, 0.75, 0.79),
                                     _example_run("zero_init", 30.0, 1.6, 0.90, 0.60, 0.88)]) for _ in range(2)]
    return stale, weights


def check_bn_reading(answer):
    """Check a reading of batch norm's two modes: ``{"runs": seed_runs, "calmest": ..., "cause": ...}``.

    The right answers are computed from ``answer["runs"]`` (the measurement of the notebook), now.
    A function ``read(runs) -> {"runs": runs, "calmest": ..., "cause": ...}`` (a reading rule, like the
    solution) is checked on the made-up measurements of ``example_measurements``.
    """
    if callable(answer):
        reports = [check_bn_reading(answer(runs)) for runs in example_measurements()]
        return CheckReport("check_bn_reading", [line for r in reports for line in r.passed],
                           [line for r in reports for line in r.failed])
    report = CheckReport("check_bn_reading")
    if not isinstance(answer, dict) or "runs" not in answer or not _runs(answer["runs"]):
        raise TypeError(t("ex04_check_bn_reading_1", type_answer_name=type(answer).__name__))
    calmest, cause = answer.get("calmest"), answer.get("cause")
    if calmest is None and cause is None:
        report.failed.append(t("ex04_check_bn_reading_2"))
        return _print_report(report)
    truth = bn_reading(answer["runs"])
    worst = truth["worst"]
    right = truth["calmest"]
    if calmest == right:
        report.passed.append(t("ex04_check_bn_reading_3", right=right, worst_right=worst[right]))
    elif calmest not in worst:
        report.failed.append(t("ex04_check_bn_reading_4", join_map_repr_worst=', '.join(map(repr, worst)),
                               calmest=calmest))
    else:
        report.failed.append(t("ex04_check_bn_reading_5", calmest=calmest, worst_calmest=worst[calmest], right=right,
                               worst_right=worst[right]))
    if cause == truth["cause"]:
        report.passed.append(t("ex04_check_bn_reading_6", cause=cause, truth_largest_gap=100 * truth['largest_gap']))
    elif cause not in CAUSES:
        report.failed.append(t("ex04_check_bn_reading_7", cause=cause))
    elif cause == "weights":
        report.failed.append(t("ex04_check_bn_reading_8", truth_largest_gap=100 * truth['largest_gap']))
    else:
        report.failed.append(t("ex04_check_bn_reading_9", truth_largest_gap=100 * truth['largest_gap']))
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="04-schedule",
        title=STRINGS["ex04_schedule_title"],
        checker=check_schedule,
        hints=(
            STRINGS["ex04_schedule_hint_1"],
            STRINGS["ex04_schedule_hint_2"],
        ),
        solution_code=SCHEDULE_SOLUTION,
        defines="my_lr",
        explanation=STRINGS["ex04_schedule_explanation"],
    ),
    Exercise(
        name="04-bn-modes",
        title=STRINGS["ex04_bn_modes_title"],
        checker=check_bn_reading,
        hints=(
            STRINGS["ex04_bn_modes_hint_1"],
            STRINGS["ex04_bn_modes_hint_2"],
        ),
        solution_code=BN_SOLUTION,
        defines="read_bn_modes",
        explanation=STRINGS["ex04_bn_modes_explanation"],
    ),
]
