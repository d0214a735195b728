"""One training step of a small CIFAR net in float64, alone or as one of several torchrun processes; saves the
gradients (rank 0). Used by tests/test_exp_fullscale.py to show that DDP + global batch norm gives the
gradient of the whole batch, to float64 rounding.

    python tests/ddp_grad_worker.py OUT.pt plain|residual
    python -m torch.distributed.run --standalone --nproc_per_node 2 tests/ddp_grad_worker.py OUT.pt plain
"""
import sys

import torch
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from resnet_lessons import distributed
from resnet_lessons.models import cifar_resnet

BATCH = 16


def main(out, kind):
    torch.set_num_threads(1)
    world = distributed.world_from_env()
    created = distributed.start(world, torch.device("cpu"))
    torch.manual_seed(0)
    net = cifar_resnet(8, plain=kind == "plain", width=4).double()
    g = torch.Generator().manual_seed(1)
    x = torch.randn(BATCH, 3, 16, 16, generator=g, dtype=torch.float64)   # the global batch
    y = torch.randint(0, 10, (BATCH,), generator=g)
    model = net
    if world.size > 1:
        net = distributed.global_batchnorm(net, torch.device("cpu"))
        model = DistributedDataParallel(net)
        share = BATCH // world.size
        x, y = x[world.rank * share:(world.rank + 1) * share], y[world.rank * share:(world.rank + 1) * share]
    F.cross_entropy(model(x), y).backward()
    if world.main:
        state = {name: p.grad for name, p in net.named_parameters()}
        state.update({"buffer." + name: b for name, b in net.named_buffers()})  # running statistics
        torch.save(state, out)
    distributed.stop(created)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
