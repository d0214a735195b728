"""How long the gradient widget takes to answer a change, at depth 20, 56 and 110, with and without BN.

    python benchmarks/bench_gradient_widget.py

One update = measure both nets (plain and residual: build, one forward and backward pass on a batch
of 64 MNIST-1D examples), draw the figure (``panel.update()``) and render it to PNG, as a
notebook's display does. Median of 5 fresh updates (the widget remembers settings it has seen, so
each timed update goes to a new panel). The course's target: at most 1 s per change. A shared
machine makes wall times noisy: the load average is printed with them, and the CPU time of this
process shows what an update costs on an idle machine.
"""
import os
import statistics
import time

import torch

from resnet_lessons.widgets.gradients import gradient_explorer
from resnet_lessons.widgets.panel import figure_png

REPEATS = 5


def time_update(depth, bn):
    """(wall seconds, CPU seconds) of one change to ``depth`` on a fresh panel, PNG rendering included.

    This process's CPU time is what the update costs on an idle machine (the work is single-threaded);
    the wall time is what a learner waits on this machine now, sharing the cores with others.
    """
    panel = gradient_explorer(depth=8 if depth != 8 else 14, bn=bn)
    wall, cpu = time.perf_counter(), time.process_time()
    panel.controls["depth"].value = depth
    figure_png(panel.figure)  # what the notebook's display does with the new figure
    if panel.error is not None:
        raise panel.error
    return time.perf_counter() - wall, time.process_time() - cpu


def main():
    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, {torch.get_num_threads()} torch threads "
          f"(the experiment uses 1 while measuring), load average {os.getloadavg()[0]:.1f}")
    time_update(20, True)  # warm up: imports, the MNIST-1D batch, matplotlib's fonts
    print(f"{'depth':>5} {'BN':>4} {'wall (s)':>9} {'CPU (s)':>8}")
    worst_wall = worst_cpu = 0.0
    for depth in (20, 56, 110):
        for bn in (True, False):
            times = [time_update(depth, bn) for _ in range(REPEATS)]
            wall = statistics.median(w for w, _ in times)
            cpu = statistics.median(c for _, c in times)
            worst_wall, worst_cpu = max(worst_wall, wall), max(worst_cpu, cpu)
            print(f"{depth:>5} {'on' if bn else 'off':>4} {wall:>9.3f} {cpu:>8.3f}")
    print(f"slowest median update (measure + draw + PNG): {worst_wall:.3f} s wall, {worst_cpu:.3f} s CPU "
          f"(target <= 1 s); load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
