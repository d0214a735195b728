"""Training throughput: the package's loop vs a bare hand-written loop, channels_last, threads.

    python benchmarks/bench_train.py [--repeats 3]

Prints medians and ratios measured in one run (timings on a shared machine are noisy:
compare the ratios, not the absolute numbers).
"""
import argparse
import statistics
import time

import torch
from torch import nn

from resnet_lessons.data import batches, load_dataset
from resnet_lessons.models import cifar_resnet
from resnet_lessons.train import TrainConfig, train


def bare_loop(model, data, epochs, batch_size, lr):
    """The shortest correct SGD loop on the same data: samples per second of training."""
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(0)
    model.train()
    samples, start = 0, time.perf_counter()
    for _ in range(epochs):
        for x, y in batches(data.x_train, data.y_train, batch_size, shuffle=True, generator=generator, drop_last=True):
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x), y).backward()
            opt.step()
            samples += len(x)
    return samples / (time.perf_counter() - start)


def package_loop(model, data, epochs, batch_size, lr):
    config = TrainConfig(epochs=epochs, batch_size=batch_size, lr=lr, schedule="constant", eval_every=epochs,
                         train_eval_size=256)
    return train(model, data, config, device="cpu", progress=False).samples_per_second


def images_per_second(model, x, y, steps=8):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for _ in range(2):  # warm-up
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    start = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    return steps * len(x) / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    data = load_dataset("mnist1d")
    torch.set_num_threads(1)
    ratios, ours, bare = [], [], []
    for r in range(args.repeats):
        for order in ((bare_loop, package_loop) if r % 2 == 0 else (package_loop, bare_loop)):
            torch.manual_seed(0)
            model = cifar_resnet(20, dim=1, in_channels=1)
            rate = order(model, data, args.epochs, 128, 0.1)
            (bare if order is bare_loop else ours).append(rate)
        ratios.append(ours[-1] / bare[-1])
    print("ResNet-20 (1-D) on MNIST-1D, batch 128, 1 thread, training samples/s (median of "
          f"{args.repeats}): package loop {statistics.median(ours):.0f}, bare loop {statistics.median(bare):.0f}, "
          f"ratio {statistics.median(ratios):.3f} (goal >= 0.95)")

    x = torch.randn(128, 3, 32, 32)
    y = torch.randint(0, 10, (128,))
    for threads in (1, 2):
        torch.set_num_threads(threads)
        rates = {}
        for layout in ("contiguous", "channels_last"):
            samples = []
            for _ in range(args.repeats):
                torch.manual_seed(0)
                model = cifar_resnet(20)
                xs = x
                if layout == "channels_last":
                    model = model.to(memory_format=torch.channels_last)
                    xs = x.contiguous(memory_format=torch.channels_last)
                samples.append(images_per_second(model, xs, y))
            rates[layout] = statistics.median(samples)
        print(f"ResNet-20 (2-D, 32x32), batch 128, {threads} thread(s): contiguous {rates['contiguous']:.0f} img/s, "
              f"channels_last {rates['channels_last']:.0f} img/s, ratio {rates['channels_last'] / rates['contiguous']:.2f}")
    torch.set_num_threads(1)


if __name__ == "__main__":
    main()
