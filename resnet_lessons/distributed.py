"""Training on several processes (``torchrun``): the process group, and batch norm over the global batch.

    torchrun --standalone --nproc_per_node 2 -m resnet_lessons fullscale --dataset synthetic ...

``torchrun`` starts one process per GPU (or per CPU worker) and sets ``RANK``, ``LOCAL_RANK`` and
``WORLD_SIZE``. Each process trains the same model on its slice of every global mini-batch;
DistributedDataParallel (DDP) averages the gradients, so all copies take the same step.

Batch norm is the one layer that looks across the batch. To train as one process would on the
whole global batch, its statistics must be those of the global batch: ``nn.SyncBatchNorm`` does
that on CUDA, but torch does not support it on the CPU; :class:`GlobalBatchNorm2d` does the same
there with two small all-reduces per layer.
"""
import os
import warnings
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn

# Recent torch releases mark torch.distributed.nn.functional deprecated in favour of the private
# torch.distributed._functional_collectives; it still works, and is the public, autograd-aware all-reduce.
warnings.filterwarnings("ignore", message=r"torch\.distributed\.nn\.functional\.all_reduce is deprecated",
                        category=FutureWarning)


@dataclass(frozen=True)
class World:
    """Where this process stands: its rank, the number of processes and its rank on this machine."""
    rank: int = 0
    size: int = 1
    local_rank: int = 0

    @property
    def main(self):
        """The process that prints and writes files (rank 0)."""
        return self.rank == 0


def world_from_env():
    """The :class:`World` that ``torchrun`` describes in the environment (one process without it)."""
    return World(rank=int(os.environ.get("RANK", "0")), size=int(os.environ.get("WORLD_SIZE", "1")),
                 local_rank=int(os.environ.get("LOCAL_RANK", "0")))


def start(world, device):
    """Join the process group (NCCL on CUDA, gloo on the CPU); True if this call created it."""
    if world.size == 1 or dist.is_initialized():
        return False
    backend = "nccl" if device.type == "cuda" else "gloo"
    dist.init_process_group(backend, rank=world.rank, world_size=world.size)
    return True


def stop(created, wait=True):
    """Leave the process group if :func:`start` created it; with ``wait``, after all processes got here
    (gloo aborts a process that leaves while another still talks to it). No wait after an error: the
    others may never get here."""
    if created and dist.is_initialized():
        if wait:
            dist.barrier()
        dist.destroy_process_group()


def active():
    """True when running in a process group of more than one process."""
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


def sum_all(tensor):
    """The sum of ``tensor`` over all processes (in place; no gradient). Itself when alone."""
    if active():
        dist.all_reduce(tensor)
    return tensor


def broadcast(obj):
    """Rank 0's ``obj`` (any picklable value) on every process."""
    if not active():
        return obj
    box = [obj]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def barrier():
    if active():
        dist.barrier()


class GlobalBatchNorm2d(nn.BatchNorm2d):
    """BatchNorm2d whose training statistics are those of the global batch, over all processes.

    A drop-in for ``nn.SyncBatchNorm`` where torch lacks it (the CPU, gloo). Same parameters and
    buffers as ``nn.BatchNorm2d`` (checkpoints are interchangeable). The sums go through
    ``torch.distributed.nn.functional.all_reduce``, which is autograd-aware: its backward sums the
    gradients of all processes, so each process gets the gradient of the global batch's loss.
    Two passes (mean first, then the mean squared deviation), as BatchNorm2d computes them.
    """

    def forward(self, x):
        if not (self.training and active()):
            return super().forward(x)
        from torch.distributed.nn.functional import all_reduce

        # x: (n, C, H, W), this process's slice of the global batch
        dims = (0, 2, 3)
        count = torch.tensor([x.numel() // x.shape[1]], dtype=x.dtype, device=x.device)
        totals = all_reduce(torch.cat([x.sum(dims), count]))                  # (C + 1,)
        total_count = totals[-1]
        mean = totals[:-1] / total_count                                     # (C,)
        centred = x - mean[None, :, None, None]                              # (n, C, H, W)
        var = all_reduce(centred.square().sum(dims)) / total_count          # (C,) biased, as BN normalises
        if self.track_running_stats:
            with torch.no_grad():
                self.num_batches_tracked += 1
                m = self.momentum if self.momentum is not None else 1.0 / float(self.num_batches_tracked)
                unbiased = var * total_count / (total_count - 1).clamp(min=1)
                self.running_mean.mul_(1 - m).add_(m * mean.detach())
                self.running_var.mul_(1 - m).add_(m * unbiased.detach())
        scale = torch.rsqrt(var + self.eps)                                  # (C,)
        out = centred * scale[None, :, None, None]                           # (n, C, H, W)
        if self.affine:
            out = out * self.weight[None, :, None, None] + self.bias[None, :, None, None]
        return out


def global_batchnorm(model, device):
    """``model`` with every BatchNorm2d computing global-batch statistics: nn.SyncBatchNorm on CUDA,
    :class:`GlobalBatchNorm2d` elsewhere. Weights and running statistics are kept."""
    if device.type == "cuda":
        return nn.SyncBatchNorm.convert_sync_batchnorm(model)
    return _swap_batchnorm(model)


def _swap_batchnorm(module):
    if type(module) is nn.BatchNorm2d:
        like = next(iter(module.state_dict().values()), torch.empty(0))  # keep the dtype and the device
        new = GlobalBatchNorm2d(module.num_features, module.eps, module.momentum, module.affine,
                                module.track_running_stats, device=like.device,
                                dtype=like.dtype if like.is_floating_point() else None)
        new.load_state_dict(module.state_dict())
        new.train(module.training)
        return new
    for name, child in module.named_children():
        setattr(module, name, _swap_batchnorm(child))
    return module

