"""Training speed of the full-scale experiment: images per second of its real training step on this device.

    python benchmarks/fullscale_throughput.py                      # CPU or GPU, whichever is here
    python benchmarks/fullscale_throughput.py --depths 20 56 110 --steps 50 --compile   # on a GPU

What is timed is what ``python -m resnet_lessons fullscale`` does every iteration
(``fullscale.measure_throughput``: ``augmented_batch`` + ``train_step``): pick the mini-batch from data held on the
device, crop and flip it there, forward (bf16 autocast on CUDA), backward, SGD step. Synthetic
CIFAR-shaped data, batch 128 (the paper's), one process. Median of ``--repeats`` runs of ``--steps``
steps each, after ``--warmup`` steps (and compilation, with ``--compile``). The load average is
printed before and after: on a shared machine read the figures as rough.

To estimate a full run: 64,000 iterations x 128 images / (images per second) per net.
"""
import argparse
import os
import statistics
import time

import torch

from resnet_lessons.experiments import fullscale


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", type=int, nargs="+", default=[20, 56])
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: torch's)")
    parser.add_argument("--compile", action="store_true")
    args = parser.parse_args()

    if args.threads:
        torch.set_num_threads(args.threads)
    cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    device = torch.device("cuda") if cuda else torch.device("cpu")
    if cuda:
        torch.backends.cudnn.benchmark = True
    where = torch.cuda.get_device_name(device) if cuda else f"CPU, {torch.get_num_threads()} thread(s)"
    print(f"device: {where}; torch {torch.__version__}; load average before: {os.getloadavg()[0]:.2f}")
    for depth in args.depths:
        rates = [fullscale.measure_throughput(depth, True, args.batch_size, args.steps, args.warmup, device.type,
                                              args.compile)
                 for _ in range(args.repeats)]
        per_net = 64000 * args.batch_size / statistics.median(rates)
        print(f"ResNet-{depth}, batch {args.batch_size}{', compiled' if args.compile else ''}: "
              f"{statistics.median(rates):.0f} images/s (median of {args.repeats}; runs: "
              f"{', '.join(f'{r:.0f}' for r in rates)}); at this rate 64k iterations would take "
              f"about {per_net / 3600:.1f} h (an estimate, evaluation not included)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
