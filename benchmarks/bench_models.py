"""CPU speed of ResNets: latency (batch 1) and throughput, with 1 and 2 threads, with and without channels_last.

    python benchmarks/bench_models.py            # about 1-3 minutes on a 2-core laptop
    python benchmarks/bench_models.py --repeats 5 --models resnet18 cifar_resnet20

ImageNet nets run on 1x3x224x224 (throughput at batch 8), CIFAR nets on 1x3x32x32 (throughput at
batch 64); eval mode, ``torch.inference_mode``, median of ``--repeats`` runs after one warm-up run
(``resnet_lessons.experiments.complexity.median_seconds``). A shared machine can make identical runs
several times slower: read the ratios (channels_last / contiguous, 2 threads / 1 thread) more than the
times. The load average is printed before and after.
"""
import argparse
import os

import torch

from resnet_lessons.experiments.complexity import build_model, median_seconds

MODELS = ("resnet18", "resnet50", "cifar_resnet20", "cifar_resnet56")
THREADS = (1, 2)


def speed(name, threads, channels_last, repeats):
    """(latency in ms at batch 1, images per second at the model's throughput batch)."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, shape = build_model(name)
    batch = 64 if name.startswith("cifar") else 8
    x1, xb = torch.randn(shape), torch.randn((batch,) + tuple(shape[1:]))
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x1, xb = (x.contiguous(memory_format=torch.channels_last) for x in (x1, xb))
    latency = median_seconds(model, x1, repeats=repeats, warmup=1)
    batch_time = median_seconds(model, xb, repeats=repeats, warmup=1)
    return 1000 * latency, batch / batch_time, batch


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS), help="models / 模型")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per number / 每个数字的计时次数")
    args = parser.parse_args(argv)
    previous = torch.get_num_threads()
    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"median of {args.repeats} runs / {args.repeats} 次运行的中位数")
    print(f"{'model / 模型':<16} {'threads':>7} {'format':>14} {'latency ms':>11} {'images/s':>9} {'batch':>5}")
    results = {}
    try:
        for name in args.models:
            for threads in THREADS:
                for channels_last in (False, True):
                    latency, throughput, batch = speed(name, threads, channels_last, args.repeats)
                    results[name, threads, channels_last] = (latency, throughput)
                    layout = "channels_last" if channels_last else "contiguous"
                    print(f"{name:<16} {threads:>7} {layout:>14} {latency:>11.2f} {throughput:>9.1f} {batch:>5}")
    finally:
        torch.set_num_threads(previous)
    print()
    print("throughput ratios (> 1: faster) / 吞吐量之比（> 1 表示更快）")
    print(f"{'model / 模型':<16} {'channels_last/contiguous (1 thr)':>33} {'(2 thr)':>8} {'2 thr / 1 thr':>14}")
    for name in args.models:
        cl1 = results[name, 1, True][1] / results[name, 1, False][1]
        cl2 = results[name, 2, True][1] / results[name, 2, False][1]
        scale = results[name, 2, False][1] / results[name, 1, False][1]
        print(f"{name:<16} {cl1:>33.2f} {cl2:>8.2f} {scale:>14.2f}")
    print(f"load average now / 当前负载 {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
