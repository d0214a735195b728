"""How long the lecture's degradation run takes: depths 20 and 56, plain and residual, default budget.

    python benchmarks/bench_degradation.py                 # 1 torch thread, median of 3
    python benchmarks/bench_degradation.py --threads 2 --repeats 1

Each net is trained on its own (``degradation.run`` with one depth and one kind: the same seeded
run as inside the full experiment) and timed: wall seconds, and the CPU seconds of this process.
With one thread the CPU time is close to what the run takes on an idle core; the wall time is
what a learner waits on this machine now, sharing the cores with others (the load average is
printed). Also prints the final training errors, which must not change from repeat to repeat.
"""
import argparse
import os
import statistics
import time

import torch

from resnet_lessons.experiments import degradation

MODELS = [(20, "plain"), (56, "plain"), (20, "residual"), (56, "residual")]


def time_model(config, depth, kind):
    """(wall seconds, CPU seconds, final training error) of training one net of ``config``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = degradation.run(config, depths=(depth,), kinds=(kind,), progress=False)
    return time.perf_counter() - wall, time.process_time() - cpu, result.runs[0].train_error


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (default 1)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per net; the median is shown")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    config = degradation.Config(device="cpu", progress=False)
    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, {args.threads} torch thread(s), "
          f"load average {os.getloadavg()[0]:.1f}; budget: {config.epochs} epochs, batch {config.batch_size}, "
          f"lr {config.lr} on {config.dataset}", flush=True)
    degradation.load_data(config)  # warm up: MNIST-1D generated or read from the cache
    print(f"{'net':>12} {'wall (s)':>9} {'CPU (s)':>8} {'train err':>10}   all wall times")
    total_wall = total_cpu = 0.0
    for depth, kind in MODELS:
        times = [time_model(config, depth, kind) for _ in range(args.repeats)]
        wall = statistics.median(w for w, _, _ in times)
        cpu = statistics.median(c for _, c, _ in times)
        errors = {e for _, _, e in times}
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        label = f"{'ResNet' if kind == 'residual' else 'plain'}-{depth}"
        note = "" if len(errors) == 1 else "  (errors differ between repeats!)"
        print(f"{label:>12} {wall:9.1f} {cpu:8.1f} {100 * times[0][2]:9.1f}%   "
              + ", ".join(f"{w:.1f}" for w, _, _ in times) + note, flush=True)
    print(f"{'total':>12} {total_wall:9.1f} {total_cpu:8.1f}   (load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
