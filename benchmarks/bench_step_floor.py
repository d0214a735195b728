"""How fast can a new depth-56 pair be on this CPU? The arithmetic of one SGD step, against the CPU's peak.

    python benchmarks/bench_step_floor.py            # depth 56, the lecture budget, one thread

Counts the floating-point operations of one training step of plain-56 and ResNet-56 (torch's
FlopCounterMode: forward and backward), times the step on one thread (median of 30), and times a
large single-thread matrix product, the best this core does. From these it prints the time a pair
needs at the lecture budget when each net has a core of its own: the measured steps, and the floor
if every convolution ran at the matrix-product peak. A pair faster than that floor needs a faster
CPU, a GPU, or a smaller budget.
"""
import os
import statistics
import time

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from resnet_lessons.experiments import degradation
from resnet_lessons.train import steps_per_epoch


def step_function(model, xb, yb):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return step


def median_seconds(function, repeats):
    function()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def matmul_gflops(n=1024, repeats=10):
    a, b = torch.randn(n, n), torch.randn(n, n)
    return 2 * n ** 3 / median_seconds(lambda: a @ b, repeats) / 1e9


def main():
    torch.set_num_threads(1)
    config = degradation.Config(depths=(56,), device="cpu", progress=False)
    data = degradation.load_data(config)
    xb, yb = data.x_train[:config.batch_size], data.y_train[:config.batch_size]
    steps = config.epochs * steps_per_epoch(len(data.x_train), config.batch_size)
    peak = matmul_gflops()
    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; one thread; "
          f"single-thread matrix-product peak {peak:.1f} GFLOP/s")
    print(f"lecture budget: {config.epochs} epochs x {steps // config.epochs} steps = {steps} steps, batch {config.batch_size}")
    for residual in (False, True):
        model = degradation.build_model(config, 56, residual, data)
        step = step_function(model, xb, yb)
        with FlopCounterMode(display=False) as counter:
            step()
        flops = counter.get_total_flops()
        seconds = median_seconds(step, 30)
        name = "ResNet-56" if residual else "plain-56"
        print(f"{name}: {flops / 1e9:.2f} GFLOP per step, {1000 * seconds:.1f} ms per step = {flops / seconds / 1e9:.1f} "
              f"GFLOP/s ({100 * flops / seconds / 1e9 / peak:.0f} % of the peak); training alone "
              f"{steps * seconds:.1f} s; at the peak {steps * flops / peak / 1e9:.1f} s")


if __name__ == "__main__":
    main()
