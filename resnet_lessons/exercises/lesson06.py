"""Lesson 06's exercise: freeze a backbone for a linear probe (the BN trap included)."""
from resnet_lessons.checks import check_freeze
from resnet_lessons.exercises import Exercise

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
        title=("Freeze a backbone for a linear probe", "为线性探测冻结骨干网络"),
        checker=check_freeze,
        hints=(
            ("Three loops over the model: model.parameters() (turn requires_grad off), model.fc.parameters() "
             "(turn it back on), model.modules() (find the BatchNorm layers). Why is requires_grad = False not "
             "enough for a BN layer in training mode? Section 2 says it.",
             "对模型做三次循环：model.parameters()（关掉 requires_grad）、model.fc.parameters()（重新打开）、"
             "model.modules()（找出批归一化层）。为什么对处于训练模式的 BN 层来说 requires_grad = False 还不够？"
             "第 2 节讲过。"),
            ("For the BN layers: `if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)): m.eval()`. Do not call "
             "model.eval() on the whole model instead of that, and return the model at the end.",
             "对 BN 层：`if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)): m.eval()`。不要用对整个模型调用 "
             "model.eval() 来代替，最后要返回模型。"),
        ),
        solution_code=FREEZE_SOLUTION,
        defines="my_freeze_backbone",
        explanation=(
            "requires_grad = False stops the weights, but a BN layer in training mode still normalises with each "
            "batch's statistics and updates its running mean and variance: the 'frozen' backbone would drift. "
            "Eval mode stops that. Remember that a later model.train() switches the BN layers back to training "
            "mode: in the training loop use set_train_mode(model), or call .eval() on the frozen BN layers after "
            "every model.train(). torchvision's detection models use FrozenBatchNorm2d for the same reason.",
            "requires_grad = False 只能让权重不变，但处于训练模式的 BN 层仍然用每个批次的统计量做归一化，并更新它的"
            "滑动均值和方差：“冻结”的骨干网络照样会漂移。评估模式能阻止这一点。记住，之后调用 model.train() 会把 BN 层"
            "切回训练模式：在训练循环中请用 set_train_mode(model)，或在每次 model.train() 之后对被冻结的 BN 层调用 "
            ".eval()。torchvision 的检测模型出于同样的原因使用 FrozenBatchNorm2d。"),
    ),
]
