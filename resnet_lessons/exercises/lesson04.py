"""Lesson 04's exercises: a warm-up + cosine schedule, and reading batch norm's two modes."""
import math
from types import SimpleNamespace

from resnet_lessons.checks import CheckReport, _print_report, check_schedule
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import get_language

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


def _line(en, zh):
    lang = get_language()
    return en if lang == "en" else zh if lang == "zh" else f"{en} / {zh}"


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
        raise TypeError(_line("answer must be a dict {'runs': seed_runs, 'calmest': ..., 'cause': ...}, got "
                              f"{type(answer).__name__}",
                              "answer 必须是字典 {'runs': seed_runs, 'calmest': ..., 'cause': ...}，收到 "
                              f"{type(answer).__name__}"))
    calmest, cause = answer.get("calmest"), answer.get("cause")
    if calmest is None and cause is None:
        report.failed.append(_line("not done yet: set calmest and cause, then run the cell again",
                                   "尚未完成：填写 calmest 和 cause，然后重新运行这个单元格"))
        return _print_report(report)
    truth = bn_reading(answer["runs"])
    worst = truth["worst"]
    right = truth["calmest"]
    if calmest == right:
        report.passed.append(_line(
            f"calmest = {right!r}: its eval-mode loss was at most {worst[right]:.2f} times its train-mode loss",
            f"calmest = {right!r}：它评估模式的损失至多是训练模式的 {worst[right]:.2f} 倍"))
    elif calmest not in worst:
        report.failed.append(_line(
            f"calmest must be one of the variants in the table ({', '.join(map(repr, worst))}), got {calmest!r}",
            f"calmest 必须是表中的变体之一（{', '.join(map(repr, worst))}），收到 {calmest!r}"))
    else:
        report.failed.append(_line(
            f"calmest = {calmest!r}: in its worst seed its eval-mode loss was {worst[calmest]:.3g} times its "
            f"train-mode loss, but {right!r} stayed within {worst[right]:.2f} times — compare the two loss "
            "numbers of each row, in the worst seed (the largest of the range)",
            f"calmest = {calmest!r}：在最差的种子上，它评估模式的损失是训练模式的 {worst[calmest]:.3g} 倍，"
            f"而 {right!r} 始终在 {worst[right]:.2f} 倍以内——比较每一行的两个损失数字，看最差的种子（范围中的最大值）"))
    if cause == truth["cause"]:
        report.passed.append(_line(
            f"cause = {cause!r}: with the same weights and recomputed statistics, the training error came within "
            f"{100 * truth['largest_gap']:.1f} points of train mode in every run",
            f"cause = {cause!r}：权重不变、重新计算统计量后，每次训练的训练误差与训练模式相差都在 "
            f"{100 * truth['largest_gap']:.1f} 个百分点以内"))
    elif cause not in CAUSES:
        report.failed.append(_line(f"cause must be 'statistics' or 'weights', got {cause!r}",
                                   f"cause 必须是 'statistics' 或 'weights'，收到 {cause!r}"))
    elif cause == "weights":
        report.failed.append(_line(
            "cause = 'weights': but the third number of each row keeps the same weights and only recomputes "
            f"BN's running statistics — and it comes within {100 * truth['largest_gap']:.1f} points of train mode "
            "in every run. The weights were fine; the running statistics were stale",
            "cause = 'weights'：但每行的第三个数保持权重不变，只重新计算 BN 的滑动统计量——它在每次训练中与训练模式"
            f"相差都在 {100 * truth['largest_gap']:.1f} 个百分点以内。权重没有问题，是滑动统计量过时了"))
    else:
        report.failed.append(_line(
            "cause = 'statistics': but recomputing the statistics left a gap of "
            f"{100 * truth['largest_gap']:.1f} points to train mode in some run: fresh statistics do not explain it",
            "cause = 'statistics'：但重新计算统计量后，某次训练与训练模式仍相差 "
            f"{100 * truth['largest_gap']:.1f} 个百分点：新的统计量解释不了这个差距"))
    return _print_report(report)


EXERCISES = [
    Exercise(
        name="04-schedule",
        title=("Write a warm-up + cosine schedule", "编写“预热 + 余弦”学习率调度"),
        checker=check_schedule,
        hints=(
            ("Two cases. While step < warmup the rate grows in equal steps and reaches the peak at the *last* "
             "warm-up step, step = warmup - 1: what fraction of the peak is step 0 then? After the warm-up, "
             "half a cosine: cos(0) = 1 gives the peak, cos(pi) = -1 gives 0; map it with 0.5 * (1 + cos(...)).",
             "分两种情况。step < warmup 时，学习率等量上升，并在预热的*最后*一步（step = warmup - 1）达到峰值："
             "那么第 0 步是峰值的几分之几？预热之后是半个余弦：cos(0) = 1 对应峰值，cos(pi) = -1 对应 0；"
             "用 0.5 * (1 + cos(...)) 做映射。"),
            ("Warm-up: peak * (step + 1) / warmup. Afterwards: progress = (step - warmup) / (total - warmup) "
             "and peak * 0.5 * (1 + math.cos(math.pi * progress)). With warmup = 0 the first branch never runs.",
             "预热：peak * (step + 1) / warmup。之后：progress = (step - warmup) / (total - warmup)，"
             "学习率为 peak * 0.5 * (1 + math.cos(math.pi * progress))。warmup = 0 时第一个分支永远不会执行。"),
        ),
        solution_code=SCHEDULE_SOLUTION,
        defines="my_lr",
        explanation=(
            "The warm-up starts at peak / warmup, not at 0: a step with learning rate 0 would be wasted. The cosine "
            "starts at the first step after the warm-up with progress 0, so the schedule is continuous, and it never "
            "quite reaches 0 (the last step has progress (total - 1 - warmup) / (total - warmup) < 1). This is the "
            "trainer's own lr_at with schedule='cosine' and a linear warm-up.",
            "预热从 peak / warmup 开始，而不是 0：学习率为 0 的一步是浪费。余弦从预热之后的第一步开始，此时进度为 0，"
            "所以调度是连续的；它也永远不会真正降到 0（最后一步的进度是 (total - 1 - warmup) / (total - warmup) < 1）。"
            "这就是训练器自己的 lr_at 在 schedule='cosine' 加线性预热时的做法。"),
    ),
    Exercise(
        name="04-bn-modes",
        title=("Read batch norm's two modes", "解读批归一化的两种模式"),
        checker=check_bn_reading,
        hints=(
            ("calmest: in each row of the table of section 2.3, compare the loss in eval mode with the loss in "
             "train mode — take the largest number of each range (the worst seed). cause: the third training "
             "error of each row keeps the weights and only recomputes BN's running statistics. Does it land near "
             "the eval-mode number or near the train-mode number?",
             "calmest：在第 2.3 节表格的每一行中，比较评估模式与训练模式的损失——取每个范围中最大的数（最差的种子）。"
             "cause：每行的第三个训练误差保持权重不变，只重新计算 BN 的滑动统计量。它接近评估模式的数字，"
             "还是接近训练模式的数字？"),
            ("The row whose two losses are within a factor of 2 in every seed is the answer for calmest. The "
             "recomputed statistics give back the train-mode error in every run, so the weights are not to blame.",
             "两个损失在每个种子下都相差不到 2 倍的那一行就是 calmest 的答案。重新计算统计量后，每次训练都得回了"
             "训练模式的误差，所以问题不在权重。"),
        ),
        solution_code=BN_SOLUTION,
        defines="read_bn_modes",
        explanation=(
            "Zero-init γ starts every block as the identity, so its first steps move the weights least and BN's "
            "running averages, which lag behind the weights, stay close to the statistics of the final weights. "
            "The gap of the other runs is the lag of those running averages (momentum 0.1 averages over about 10 "
            "past batches, each computed with older weights): recompute them and eval mode agrees with train mode.",
            "γ 置零让每个残差块从恒等映射开始，所以它最初几步对权重的改动最小，跟在权重后面的 BN 滑动平均也就与最终权重的"
            "统计量相差不大。其他训练的差距来自这些滑动平均的滞后（momentum 0.1 大约平均了过去 10 个小批量，每个都是用"
            "更早的权重算出的）：重新计算它们，评估模式就与训练模式一致了。"),
    ),
]
