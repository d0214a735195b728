"""Every user-facing string of the package, in English and 简体中文.

    >>> from resnet_lessons import i18n
    >>> i18n.set_language("zh")
    >>> i18n.t("train_error")
    '训练误差'

``set_language("both")`` (the default) joins the two with " / ". Error
messages are always given in both languages (``t(key, lang="both")``).
The glossary at the bottom is the one list of terms the whole course uses.
"""
LANGUAGES = ("en", "zh", "both")
SEPARATOR = " / "

_language = "both"


def set_language(lang):
    """Choose the language of plot labels, widget labels and printed messages."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r} / lang 只能是 {LANGUAGES} 之一")
    _language = lang


def get_language():
    return _language


def t(key, lang=None, sep=SEPARATOR, **fields):
    """The string ``key`` in the current language (or ``lang``), formatted with ``fields``."""
    if key not in STRINGS:
        raise KeyError(f"no string {key!r} in resnet_lessons.i18n.STRINGS / 没有这个字符串")
    lang = _language if lang is None else lang
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r} / lang 只能是 {LANGUAGES} 之一")
    en, zh = STRINGS[key]
    en, zh = en.format(**fields), zh.format(**fields)
    if lang == "en":
        return en
    if lang == "zh":
        return zh
    return en + sep + zh


def error(key, **fields):
    """An error message in both languages (errors are never monolingual)."""
    return t(key, lang="both", **fields)


# key: (English, 中文). Keep sections per module; keys are unique across the file.
STRINGS = {
    # --- general ---------------------------------------------------------------------------------
    "plain": ("plain", "普通网络"),
    "residual": ("residual", "残差网络"),
    "depth": ("depth (layers)", "深度（层数）"),
    "layer": ("layer", "层"),
    "parameters": ("parameters", "参数量"),
    "epoch": ("epoch", "轮次"),
    "iteration": ("iteration", "迭代"),
    "train_error": ("training error", "训练误差"),
    "test_error": ("test error", "测试误差"),
    "loss": ("loss", "损失"),
    "run": ("Run", "运行"),
    "running": ("running…", "运行中…"),
    "done": ("done", "完成"),
    "seconds": ("{s:.1f} s", "{s:.1f} 秒"),
    "callback_error": ("Something went wrong: {err}", "出错了：{err}"),
    # --- models ----------------------------------------------------------------------------------
    # --- data ------------------------------------------------------------------------------------
    # --- train -----------------------------------------------------------------------------------
    # --- experiments -----------------------------------------------------------------------------
    # --- plots -----------------------------------------------------------------------------------
    # --- widgets ---------------------------------------------------------------------------------
    # --- checks ----------------------------------------------------------------------------------
    # --- cli -------------------------------------------------------------------------------------
}

# The course glossary: one Chinese term for each English term, used everywhere.
GLOSSARY = {
    "residual network (ResNet)": "残差网络",
    "residual block": "残差块",
    "residual function F(x)": "残差函数 F(x)",
    "skip connection / shortcut": "跳跃连接 / 捷径连接",
    "identity mapping": "恒等映射",
    "projection shortcut": "投影捷径",
    "degradation problem": "退化问题",
    "plain network": "普通网络",
    "vanishing gradients": "梯度消失",
    "exploding gradients": "梯度爆炸",
    "shattered gradients": "梯度破碎",
    "batch normalization (BN)": "批归一化",
    "basic block": "基础块",
    "bottleneck block": "瓶颈块",
    "pre-activation": "预激活",
    "stage": "阶段",
    "stride": "步幅",
    "downsampling": "下采样",
    "feature map": "特征图",
    "channel": "通道",
    "parameter": "参数",
    "multiply-add (MAC)": "乘加运算",
    "FLOPs": "浮点运算次数",
    "throughput": "吞吐量",
    "latency": "延迟",
    "initialization": "初始化",
    "learning rate": "学习率",
    "learning-rate schedule": "学习率调度",
    "warm-up": "预热",
    "weight decay": "权重衰减",
    "momentum": "动量",
    "label smoothing": "标签平滑",
    "mixed precision": "混合精度",
    "data augmentation": "数据增强",
    "training error": "训练误差",
    "test error": "测试误差",
    "overfitting": "过拟合",
    "transfer learning": "迁移学习",
    "fine-tuning": "微调",
    "feature extractor": "特征提取器",
    "backbone": "骨干网络",
    "grouped convolution": "分组卷积",
    "cardinality": "基数",
    "lesion study": "损伤实验",
    "loss landscape": "损失曲面",
    "signal propagation": "信号传播",
    "gradient norm": "梯度范数",
}
