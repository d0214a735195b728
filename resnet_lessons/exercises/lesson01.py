"""Lesson 01's exercises: the training loop, and per-layer gradient norms."""
from resnet_lessons.checks import check_grad_norms, check_train_loop
from resnet_lessons.exercises import Exercise

LOOP_SOLUTION = '''
import torch
import torch.nn.functional as F

from resnet_lessons.data import batches
from resnet_lessons.train import lr_at, total_steps


def my_error(model, x, y):
    model.eval()  # batch norm uses its running statistics
    with torch.no_grad():
        return (model(x).argmax(1) != y).float().mean().item()


def my_train(model, data, config):
    generator = torch.Generator().manual_seed(config.seed)  # the order of the mini-batches
    total = total_steps(config, len(data.x_train))
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=config.momentum,
                                weight_decay=config.weight_decay)
    log = {"step_loss": [], "train_error": [], "test_error": []}
    step = 0
    for epoch in range(config.epochs):
        model.train()  # every epoch: my_error left the model in eval mode
        for xb, yb in batches(data.x_train, data.y_train, config.batch_size, shuffle=True, generator=generator):
            for group in optimizer.param_groups:
                group["lr"] = lr_at(config, step, total)
            loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            log["step_loss"].append(loss.item())
            step += 1
        log["train_error"].append(my_error(model, data.x_train, data.y_train))
        log["test_error"].append(my_error(model, data.x_test, data.y_test))
    return log
'''

GRAD_NORMS_SOLUTION = '''
import torch.nn.functional as F
from torch import nn


def my_grad_norms(model, x, y):
    model.train()
    model.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    return [m.weight.grad.norm().item() for m in model.modules()
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear))]
'''

EXERCISES = [
    Exercise(
        name="01-loop",
        title=("Write the training loop", "编写训练循环"),
        checker=check_train_loop,
        hints=(
            ("Every step does five things in this order: set the learning rate, forward pass and loss, clear the "
             "old gradients, backward pass, optimizer step. Every epoch starts with model.train() and ends with "
             "the two error measurements.",
             "每一步按顺序做五件事：设置学习率、前向传播并计算损失、清除旧梯度、反向传播、优化器更新。"
             "每一轮以 model.train() 开始，以两次误差测量结束。"),
            ("The schedule: `for group in optimizer.param_groups: group['lr'] = lr_at(config, step, total)`. "
             "The error: model.eval(), then under torch.no_grad() the fraction of examples where "
             "model(x).argmax(1) != y — as a float, with .float().mean().item().",
             "学习率调度：`for group in optimizer.param_groups: group['lr'] = lr_at(config, step, total)`。"
             "误差：先 model.eval()，再在 torch.no_grad() 下计算 model(x).argmax(1) != y 的样本比例——"
             "用 .float().mean().item() 得到浮点数。"),
        ),
        solution_code=LOOP_SOLUTION,
        defines="my_train",
        explanation=(
            "This is the loop inside resnet_lessons.train.train, without its progress bar, timing and divergence "
            "handling: the check shows they give the same numbers. model.train() must come at the start of every "
            "epoch because measuring the errors switched the model to eval mode; optimizer.zero_grad() must come "
            "before backward() because PyTorch adds new gradients to the old ones.",
            "这就是 resnet_lessons.train.train 内部的循环，只是少了进度条、计时和发散处理：检查表明两者给出相同的数字。"
            "每一轮开始时都必须调用 model.train()，因为测量误差时模型被切换到了评估模式；optimizer.zero_grad() "
            "必须在 backward() 之前，因为 PyTorch 会把新梯度加到旧梯度上。"),
    ),
    Exercise(
        name="01-grad-norms",
        title=("Measure the gradient norms yourself", "自己测量梯度范数"),
        checker=check_grad_norms,
        hints=(
            ("Three steps: model.train() and model.zero_grad(); loss = F.cross_entropy(model(x), y) and "
             "loss.backward(); then one number per Conv1d/Conv2d/Linear module, in model.modules() order.",
             "三步：model.train() 和 model.zero_grad()；loss = F.cross_entropy(model(x), y) 与 loss.backward()；"
             "然后按 model.modules() 的顺序，每个 Conv1d/Conv2d/Linear 模块一个数。"),
            ("The number of a layer m is m.weight.grad.norm().item(). If the second call of the check fails, "
             "the gradients piled up: clear them before backward().",
             "层 m 的数是 m.weight.grad.norm().item()。如果检查的第二次调用失败，说明梯度累加了：在 backward() "
             "之前清除它们。"),
        ),
        solution_code=GRAD_NORMS_SOLUTION,
        defines="my_grad_norms",
        explanation=(
            "Without model.zero_grad() the second call adds its gradients to the first call's. The package's "
            "version, gradients.grad_norms, also returns the loss and computes each norm in float64, so that "
            "gradients as small as 1e-22 (section 2.2) do not underflow when they are squared.",
            "如果没有 model.zero_grad()，第二次调用会把梯度加到第一次的梯度上。软件包中的版本 gradients.grad_norms "
            "还会返回损失，并用 float64 计算每个范数，这样像 1e-22 这么小的梯度（第 2.2 节）在平方时也不会下溢。"),
    ),
]
