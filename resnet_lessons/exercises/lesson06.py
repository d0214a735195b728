"""Lesson 06's exercise: freeze a backbone for a linear probe (the BN trap included)."""
from resnet_lessons.checks import check_freeze
from resnet_lessons.exercises import Exercise
from resnet_lessons.i18n import STRINGS

FREEZE_SOLUTION = '''
from torch import nn


def my_freeze_backbone(model):
    for p in model.parameters():
        p.requires_grad = False  # no weight of the backbone trains ...
    for p in model.fc.parameters():
        p.requires_grad = True   # ... except the new classifier
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.eval()             # and BN keeps the running statistics of pretraining
    return model
'''

EXERCISES = [
    Exercise(
        name="06-freeze",
        title=STRINGS["ex06_freeze_title"],
        checker=check_freeze,
        hints=(
            STRINGS["ex06_freeze_hint_1"],
            STRINGS["ex06_freeze_hint_2"],
        ),
        solution_code=FREEZE_SOLUTION,
        defines="my_freeze_backbone",
        explanation=STRINGS["ex06_freeze_explanation"],
    ),
]
