"""A new depth-56 pair on the depth slider: the plain and residual twins one after another, or in parallel.

    python benchmarks/bench_twins_parallel.py                  # depth 56, lecture budget, median of 3
    python benchmarks/bench_twins_parallel.py --depth 32 --repeats 1

What the slider's Run does (``degradation.run`` with one depth, both kinds, no cache): ``workers=1``
trains the two nets in this process on one thread (the lessons' setting); ``workers=2`` trains them
in two worker processes, one net each on one thread (the widget's default on a machine with 2 or
more cores). The first parallel run spawns the workers (~2-3 s); later runs reuse them, as a
second Run of the slider does. The results are bit-identical (tests/test_exp_degradation.py); this
prints the wall times and their ratio, and the load average, since on a shared machine the second
core may not be free. ``benchmarks/bench_step_floor.py`` says how fast a pair can be on this CPU.
"""
import argparse
import os
import statistics
import time

import torch

from resnet_lessons.experiments import degradation


def pair_seconds(config, workers):
    start = time.perf_counter()
    result = degradation.run(config, workers=workers)
    return time.perf_counter() - start, [r.train_error for r in result.runs]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depth", type=int, default=56)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    config = degradation.Config(depths=(args.depth,), device="cpu", progress=False)
    degradation.load_data(config)
    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"depth {args.depth}, {config.epochs} epochs, batch {config.batch_size}", flush=True)
    times = {1: [], 2: []}
    for repeat in range(args.repeats):
        for workers in (1, 2):
            seconds, errors = pair_seconds(config, workers)
            times[workers].append(seconds)
            note = " (spawns the workers)" if workers == 2 and repeat == 0 else ""
            print(f"  workers={workers}: {seconds:.1f} s{note} (train errors "
                  f"{', '.join(f'{100 * e:.1f} %' for e in errors)})", flush=True)
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"median: one after another {one:.1f} s, in parallel {two:.1f} s; ratio {one / two:.2f}x "
          f"(load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
