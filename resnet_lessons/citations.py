"""Numbers the course quotes from papers and from torchvision's metadata, each with its source.

A lesson's prose may state a number only if the lesson prints it or it is registered here
(``tests/test_claims.py`` checks every lesson). Add a number with what it is and exactly where it
comes from (paper, table or figure or section; or the torchvision metadata field).
"""
from collections import namedtuple

Citation = namedtuple("Citation", "value what source")  # what: "..., %" marks a percentage

HE2015 = "He, Zhang, Ren, Sun 2015, Deep Residual Learning for Image Recognition (arXiv:1512.03385)"
HE2016 = "He, Zhang, Ren, Sun 2016, Identity Mappings in Deep Residual Networks (arXiv:1603.05027)"
VEIT2016 = "Veit, Wilber, Belongie 2016, Residual Networks Behave Like Ensembles of Relatively Shallow Networks"
LI2018 = "Li, Xu, Taylor, Studer, Goldstein 2018, Visualizing the Loss Landscape of Neural Nets (arXiv:1712.09913)"
TORCHVISION = "torchvision.models weight metadata (read at run time in lesson 07)"

CITED = [
    # He et al. 2015
    Citation(27.94, "plain-18 ImageNet top-1 error, %", HE2015 + ", Table 2"),
    Citation(28.54, "plain-34 ImageNet top-1 error, %", HE2015 + ", Table 2"),
    Citation(27.88, "ResNet-18 ImageNet top-1 error, %", HE2015 + ", Table 2"),
    Citation(25.03, "ResNet-34 (option A) ImageNet top-1 error, %", HE2015 + ", Tables 2 and 3"),
    Citation(24.52, "ResNet-34 option B top-1 error, %", HE2015 + ", Table 3"),
    Citation(24.19, "ResNet-34 option C top-1 error, %", HE2015 + ", Table 3"),
    Citation(22.85, "ResNet-50 top-1 error (10-crop), %", HE2015 + ", Table 3"),
    Citation(21.75, "ResNet-101 top-1 error (10-crop), %", HE2015 + ", Table 3"),
    Citation(21.43, "ResNet-152 top-1 error (10-crop), %", HE2015 + ", Table 3"),
    Citation(1.8, "ResNet-18 multiply-adds, 10^9", HE2015 + ", Table 1"),
    Citation(3.6, "ResNet-34 multiply-adds, 10^9", HE2015 + ", Table 1"),
    Citation(3.8, "ResNet-50 multiply-adds, 10^9", HE2015 + ", Table 1"),
    Citation(7.6, "ResNet-101 multiply-adds, 10^9", HE2015 + ", Table 1"),
    Citation(11.3, "ResNet-152 multiply-adds, 10^9", HE2015 + ", Table 1"),
    Citation(8.75, "ResNet-20 CIFAR-10 test error, %", HE2015 + ", Table 6"),
    Citation(7.51, "ResNet-32 CIFAR-10 test error, %", HE2015 + ", Table 6"),
    Citation(7.17, "ResNet-44 CIFAR-10 test error, %", HE2015 + ", Table 6"),
    Citation(6.97, "ResNet-56 CIFAR-10 test error, %", HE2015 + ", Table 6"),
    Citation(6.43, "ResNet-110 CIFAR-10 test error, %", HE2015 + ", Table 6"),
    Citation(7.93, "ResNet-1202 CIFAR-10 test error, %", HE2015 + ", Table 6"),
    Citation(0.27, "ResNet-20 parameters, millions", HE2015 + ", Table 6"),
    Citation(0.46, "ResNet-32 parameters, millions", HE2015 + ", Table 6"),
    Citation(0.66, "ResNet-44 parameters, millions", HE2015 + ", Table 6"),
    Citation(0.85, "ResNet-56 parameters, millions", HE2015 + ", Table 6"),
    Citation(1.7, "ResNet-110 parameters, millions", HE2015 + ", Table 6"),
    Citation(19.4, "ResNet-1202 parameters, millions", HE2015 + ", Table 6"),
    Citation(60, "plain-110 training error is higher than, %", HE2015 + ", Sec. 4.2"),
    Citation(0.1, "initial learning rate (CIFAR-10 and ImageNet)", HE2015 + ", Sec. 3.4 and 4.2"),
    Citation(0.01, "ResNet-110 warm-up learning rate", HE2015 + ", Sec. 4.2"),
    Citation(80, "ResNet-110 warms up until the training error is below, %", HE2015 + ", Sec. 4.2"),
    Citation(400, "ResNet-110 warm-up lasts about 400 iterations", HE2015 + ", Sec. 4.2"),
    Citation(0.9, "SGD momentum", HE2015 + ", Sec. 3.4 and 4.2"),
    Citation(0.0001, "weight decay", HE2015 + ", Sec. 3.4 and 4.2"),
    Citation(128, "CIFAR-10 mini-batch size", HE2015 + ", Sec. 4.2"),
    Citation(256, "ImageNet mini-batch size", HE2015 + ", Sec. 3.4"),
    Citation(32000, "first lr division (iterations)", HE2015 + ", Sec. 4.2"),
    Citation(48000, "second lr division (iterations)", HE2015 + ", Sec. 4.2"),
    Citation(64000, "end of training (iterations)", HE2015 + ", Sec. 4.2"),
    Citation(1202, "deepest CIFAR-10 ResNet", HE2015 + ", Sec. 4.2"),
    Citation(152, "deepest ImageNet ResNet", HE2015 + ", Table 1"),
    Citation(224, "ImageNet crop size", HE2015 + ", Sec. 3.4"),
    # He et al. 2016
    Citation(6.61, "ResNet-110 CIFAR-10 test error, identity shortcut, %", HE2016 + ", Table 1"),
    Citation(12.35, "ResNet-110 constant scaling 0.5 shortcut, %", HE2016 + ", Table 1"),
    Citation(12.22, "ResNet-110 1x1 conv shortcut, %", HE2016 + ", Table 1"),
    Citation(6.37, "ResNet-110 full pre-activation, %", HE2016 + ", Table 2"),
    Citation(8.17, "ResNet-110 with BN after the addition, CIFAR-10 test error, %", HE2016 + ", Table 2 (Fig. 4b)"),
    Citation(7.84, "ResNet-110 with ReLU before the addition, CIFAR-10 test error, %", HE2016 + ", Table 2 (Fig. 4c)"),
    Citation(5.46, "ResNet-164 full pre-activation, %", HE2016 + ", Table 3"),
    Citation(7.61, "ResNet-1001 original unit, CIFAR-10, %", HE2016 + ", Table 3"),
    Citation(4.92, "ResNet-1001 pre-activation, CIFAR-10, %", HE2016 + ", Table 3"),
    Citation(4.62, "ResNet-1001 pre-activation at batch 64, %", HE2016 + ", Table 4"),
    Citation(1001, "ResNet-1001", HE2016 + ", Table 3"),
    Citation(0.5, "ResNet-110 constant scaling: the shortcut multiplied by 0.5", HE2016 + ", Table 1"),
    Citation(0.01, "CIFAR warm-up learning rate, all CIFAR nets ('not necessary' for pre-activation units)",
             HE2016 + ", Appendix"),
    Citation(400, "CIFAR warm-up length in iterations", HE2016 + ", Appendix"),
    # Veit et al. 2016
    Citation(110, "ResNet-110 of the lesion study", VEIT2016 + ", Sec. 4"),
    # Li et al. 2018
    Citation(7.37, "ResNet-20 CIFAR-10 test error with skips, %", LI2018 + ", Table 2"),
    Citation(5.89, "ResNet-56 with skips, %", LI2018 + ", Table 2"),
    Citation(5.79, "ResNet-110 with skips, %", LI2018 + ", Table 2"),
    Citation(8.18, "ResNet-20 without skips, %", LI2018 + ", Table 2"),
    Citation(13.31, "ResNet-56 without skips, %", LI2018 + ", Table 2"),
    Citation(16.44, "ResNet-110 without skips, %", LI2018 + ", Table 2"),
    # torchvision metadata (acc@1 of the V1 weights; GMACs from _ops), also read at run time in lesson 07
    Citation(69.758, "resnet18 ImageNet acc@1 (V1 weights), %", TORCHVISION),
    Citation(73.314, "resnet34 acc@1, %", TORCHVISION),
    Citation(76.13, "resnet50 acc@1 (V1), %", TORCHVISION),
    Citation(80.858, "resnet50 acc@1 (V2), %", TORCHVISION),
    Citation(77.374, "resnet101 acc@1 (V1), %", TORCHVISION),
    Citation(78.312, "resnet152 acc@1 (V1), %", TORCHVISION),
    Citation(77.618, "resnext50_32x4d acc@1 (V1), %", TORCHVISION),
    Citation(78.468, "wide_resnet50_2 acc@1 (V1), %", TORCHVISION),
    Citation(1.814, "resnet18 GMACs (_ops)", TORCHVISION),
    Citation(3.664, "resnet34 GMACs (_ops)", TORCHVISION),
    Citation(4.089, "resnet50 GMACs (_ops)", TORCHVISION),
    Citation(7.801, "resnet101 GMACs (_ops)", TORCHVISION),
    Citation(11.514, "resnet152 GMACs (_ops)", TORCHVISION),
    Citation(4.23, "resnext50_32x4d GMACs (_ops)", TORCHVISION),
    Citation(11.398, "wide_resnet50_2 GMACs (_ops)", TORCHVISION),
    Citation(11.689512, "resnet18 parameters, millions (num_params 11,689,512)", TORCHVISION),
    Citation(21.797672, "resnet34 parameters, millions", TORCHVISION),
    Citation(25.557032, "resnet50 parameters, millions", TORCHVISION),
    Citation(44.54916, "resnet101 parameters, millions", TORCHVISION),
    Citation(60.192808, "resnet152 parameters, millions", TORCHVISION),
    Citation(25.028904, "resnext50_32x4d parameters, millions", TORCHVISION),
    Citation(68.88324, "wide_resnet50_2 parameters, millions", TORCHVISION),
    # recipes and records
    Citation(80.4, "ResNet-50 top-1 with a modern recipe, %",
             "Wightman, Touvron, Jégou 2021, ResNet strikes back (arXiv:2110.00476), Table 1"),
    Citation(79.0, "ResNet baseline top-1 before training changes, %",
             "Bello et al. 2021, Revisiting ResNets (arXiv:2103.07579), Fig. 1 / Table 1"),
    Citation(82.2, "top-1 after training and regularisation changes, %",
             "Bello et al. 2021, Revisiting ResNets (arXiv:2103.07579), Table 1"),
    Citation(83.4, "top-1 with two small architecture changes, %",
             "Bello et al. 2021, Revisiting ResNets (arXiv:2103.07579), Table 1"),
    # fast CIFAR-10 training on one GPU (lesson 04)
    Citation(94, "DAWNBench CIFAR-10 target test accuracy, %",
             "David Page, How to Train Your ResNet (Myrtle.ai blog series, 2018), introduction"),
    Citation(341, "best single-GPU DAWNBench time to 94% on CIFAR-10 at the end of the competition, seconds",
             "David Page, How to Train Your ResNet (Myrtle.ai blog series, 2018), introduction"),
    Citation(26, "time to 94% on CIFAR-10 on one V100, seconds",
             "David Page, How to Train Your ResNet 8: Bag of Tricks (Myrtle.ai blog, 2018); also the "
             "KellerJordan/cifar10-airbench README, prior work"),
    Citation(94.01, "airbench94 mean CIFAR-10 test accuracy, %",
             "Keller Jordan, KellerJordan/cifar10-airbench README, records table (airbench94_compiled.py)"),
    Citation(3.09, "airbench94_compiled time to 94.01% on one A100, seconds",
             "Keller Jordan, KellerJordan/cifar10-airbench README, records table (airbench94_compiled.py)"),
    # datasets
    Citation(4000, "MNIST-1D training examples", "mnist1d package defaults (Greydanus 2020, Scaling down deep "
                                                 "learning, Sec. 2)"),
    Citation(1000, "MNIST-1D test examples", "Greydanus 2020, mnist1d package defaults"),
    Citation(1797, "images in scikit-learn's digits dataset", "scikit-learn load_digits documentation"),
    Citation(50000, "CIFAR-10 training images", "Krizhevsky 2009, CIFAR-10"),
    Citation(10000, "CIFAR-10 test images", "Krizhevsky 2009, CIFAR-10"),
    Citation(1000, "ImageNet classes", "Russakovsky et al. 2015, ImageNet Large Scale Visual Recognition Challenge, Sec. 2 and Table 2"),
    Citation(1.28, "ImageNet training images, millions", "Russakovsky et al. 2015, ImageNet Large Scale Visual Recognition Challenge, Sec. 2 and Table 2"),
    Citation(50000, "ImageNet (ILSVRC 2012) validation images", "Russakovsky et al. 2015, ImageNet Large Scale Visual "
                                                                "Recognition Challenge, Table 2"),
]


def is_percentage(citation):
    return citation.what.endswith(", %")


def cited_values(percentages=None):
    """The numbers registered above: all, only percentages (True) or only the others (False).

    Parameter counts registered in millions are also given as plain counts."""
    values = set()
    for c in CITED:
        if percentages is None or is_percentage(c) == percentages:
            values.add(float(c.value))
            if "millions" in c.what:
                values.add(round(float(c.value) * 1e6))
    return values
