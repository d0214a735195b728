"""Lesson 01's exercises: the training loop, and per-layer gradient norms."""
from resnet_lessons.checks import check_grad_norms, check_train_loop
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import STRINGS

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
        title=STRINGS["ex01_loop_title"],
        checker=check_train_loop,
        hints=(
            STRINGS["ex01_loop_hint_1"],
            STRINGS["ex01_loop_hint_2"],
        ),
        solution_code=LOOP_SOLUTION,
        defines="my_train",
        explanation=STRINGS["ex01_loop_explanation"],
    ),
    Exercise(
        name="01-grad-norms",
        title=STRINGS["ex01_grad_norms_title"],
        checker=check_grad_norms,
        hints=(
            STRINGS["ex01_grad_norms_hint_1"],
            STRINGS["ex01_grad_norms_hint_2"],
        ),
        solution_code=GRAD_NORMS_SOLUTION,
        defines="my_grad_norms",
        explanation=STRINGS["ex01_grad_norms_explanation"],
    ),
]
