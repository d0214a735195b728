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
    """Choose the language of plot labels, widget labels, printed messages and summaries.

    It applies to everything made after the call: figures drawn, summaries printed and widgets
    created from then on. A widget already on the page keeps the labels it was made with (run its
    cell again to rebuild it). Error messages stay bilingual."""
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
    "stop": ("Stop", "停止"),
    "done": ("done", "完成"),
    "seconds": ("{s:.1f} s", "{s:.1f} 秒"),
    "callback_error": ("Something went wrong", "出错了"),  # + ": " + the error, itself bilingual
    # the argument checks the whole package shares (validate.py)
    "arg_err_int": ("{arg} must be an integer from {low} to {high}, got {got}",
                    "{arg} 必须是 {low} 到 {high} 之间的整数，收到 {got}"),
    "arg_err_int_min": ("{arg} must be an integer >= {low}, got {got}", "{arg} 必须是 >= {low} 的整数，收到 {got}"),
    "arg_err_number": ("{arg} must be a finite number in {interval}, got {got}",
                       "{arg} 必须是区间 {interval} 内的有限数，收到 {got}"),
    "arg_err_choice": ("{arg} must be one of {allowed}, got {got}", "{arg} 只能是 {allowed} 之一，收到 {got}"),
    "arg_err_bool": ("{arg} must be True or False, got {got}", "{arg} 必须是 True 或 False，收到 {got}"),
    # --- course (course.py: the lessons' titles and summaries, utils.py) ----------------------------------
    "lesson_01_title": ("The degradation problem", "退化问题"),
    "lesson_01_summary": ("Deeper plain networks train worse: measured live.", "更深的普通网络训练得更差：现场测量。"),
    "lesson_02_title": ("Skip connections and residual learning", "跳跃连接与残差学习"),
    "lesson_02_summary": ("y = F(x) + x, and why gradients flow.", "y = F(x) + x，以及梯度为何能顺畅传播。"),
    "lesson_03_title": ("ResNet architecture", "ResNet 架构"),
    "lesson_03_summary": ("Blocks, stages, shapes and parameter counts.", "残差块、阶段、张量形状与参数量。"),
    "lesson_04_title": ("Training ResNets", "训练 ResNet"),
    "lesson_04_summary": ("Initialisation, schedules and training tricks, measured.", "初始化、学习率调度与训练技巧的实测。"),
    "lesson_05_title": ("Variants: pre-activation, ResNeXt, Wide ResNet", "变体：预激活、ResNeXt、Wide ResNet"),
    "lesson_05_summary": ("What changed after 2015 and what it costs.", "2015 年之后的改进及其代价。"),
    "lesson_06_title": ("Transfer learning and backbones", "迁移学习与骨干网络"),
    "lesson_06_summary": ("Pretrain, freeze, fine-tune — offline.", "预训练、冻结、微调——全部离线完成。"),
    "lesson_07_title": ("Performance and comparisons", "性能分析与比较"),
    "lesson_07_summary": ("Parameters, multiply-adds, latency and accuracy.", "参数量、乘加运算、延迟与准确率。"),
    "lesson_08_title": ("Common mistakes and debugging", "常见错误与调试"),
    "lesson_08_summary": ("Each classic bug, shown live and fixed.", "每个经典错误的现场演示与修复。"),
    "lesson_09_title": ("Summary and self-check", "总结与自测"),
    "lesson_09_summary": ("What we measured, and a quiz.", "我们测得了什么，以及小测验。"),
    "course_err_repo": ("repo must be a https://github.com/OWNER/NAME address, got {got}",
                        "repo 必须是 https://github.com/OWNER/NAME 形式的地址，收到 {got}"),
    "utils_err_no_cuda": ("prefer='cuda' but no CUDA device is available", "prefer='cuda'，但没有可用的 CUDA 设备"),
    "utils_err_no_mps": ("prefer='mps' but Apple MPS is not available", "prefer='mps'，但 Apple MPS 不可用"),
    "utils_err_source": ("obj must be a function, class or method defined in Python, got {got}",
                         "obj 必须是 Python 定义的函数、类或方法，收到 {got}"),
    # --- fullscale (experiments/fullscale.py: CIFAR-10 Fig. 6 on a GPU or with torchrun) ---------------------
    "fullscale_err_depths": ("depths must be a tuple of distinct depths 6n+2 from 8 to {high}, e.g. (20, 56), "
                             "got {got}",
                             "depths 必须是互不相同的 6n+2 深度（8 到 {high}）组成的元组，例如 (20, 56)，收到 {got}"),
    "fullscale_err_path": ("{arg} must be None or a folder path (a non-empty string), got {got}",
                           "{arg} 必须是 None 或文件夹路径（非空字符串），收到 {got}"),
    "fullscale_err_no_cifar": ("dataset='cifar10': CIFAR-10 is not on disk under {root}. Get it once where the "
                               "internet is reachable (add --download, or download=True), or point --data-root "
                               "to it; to try the pipeline offline, use --dataset synthetic.",
                               "dataset='cifar10'：在 {root} 下没有找到 CIFAR-10。请在能联网的地方获取一次"
                               "（加 --download，或 download=True），或用 --data-root 指向它；"
                               "想离线试运行整个流程，请用 --dataset synthetic。"),
    "fullscale_err_no_cuda": ("device='cuda' but no CUDA GPU is available; use device='auto' or 'cpu'",
                              "device='cuda'，但没有可用的 CUDA GPU；请用 device='auto' 或 'cpu'"),
    "fullscale_err_batch_world": ("batch_size ({batch}) is the global batch and must be divisible by the number "
                                  "of processes ({world})",
                                  "batch_size（{batch}）是全局批量，必须能被进程数（{world}）整除"),
    "fullscale_err_batch_data": ("batch_size ({batch}) must be at most the number of training images ({n})",
                                 "batch_size（{batch}）不能超过训练图像数（{n}）"),
    "fullscale_err_callback": ("callback must be None or a function callback(iteration), got {got}",
                               "callback 必须是 None 或函数 callback(iteration)，收到 {got}"),
    "fullscale_progress": ("full scale", "完整规模"),
    "fullscale_plot_title_plain": ("plain, full scale, {dataset}", "普通网络，完整规模，{dataset}"),
    "fullscale_plot_title_residual": ("ResNets, full scale, {dataset}", "残差网络，完整规模，{dataset}"),
    "fullscale_plot_iterations_axis": ("iterations (thousands)", "迭代次数（千）"),
    "fullscale_plot_suptitle": ("Top: our scale (MNIST-1D, CPU, mean of {n} seeds). Bottom: the paper's recipe, "
                                "{iterations} iterations, {world} process(es) on {device}",
                                "上：我们的规模（MNIST-1D，CPU，{n} 个种子的均值）。下：论文的训练方案，{iterations} 次迭代，"
                                "{world} 个进程，设备 {device}"),
    "alt_fullscale": ("Training error curves of plain nets and ResNets at our scale (top) and at full scale on "
                      "{dataset} (bottom); final training error at full scale: {finals}.",
                      "我们的规模（上）与 {dataset} 上完整规模（下）的普通网络和残差网络训练误差曲线；"
                      "完整规模的最终训练误差：{finals}。"),
    "fullscale_err_throughput": ("the loss of the depth-{depth} net was not finite while measuring its speed",
                                 "测量速度时，{depth} 层网络的损失不是有限值"),
    "fullscale_cost_head": ("The paper's sweep on this machine ({device}, {threads} thread(s)): {iterations} iterations "
                            "of batch {batch} per net:",
                            "在本机（{device}，{threads} 个线程）上运行论文的完整实验：每个网络 {iterations} 次迭代，"
                            "批大小 {batch}："),
    "fullscale_cost_net": ("ResNet-{depth}: {rate:.0f} images/s ({how_en}) -> {hours:.1f} h per net",
                           "ResNet-{depth}：每秒 {rate:.0f} 张图像（{how_zh}）-> 每个网络 {hours:.1f} 小时"),
    "fullscale_cost_measured": ("measured now", "刚刚测得"),
    "fullscale_cost_estimated": ("estimated from the measured depths by layer count",
                                 "按层数由已测深度估算"),
    "fullscale_cost_total": ("estimate for all {nets} nets (plain nets cost about the same): {hours:.0f} h, "
                             "{days:.1f} days",
                             "全部 {nets} 个网络的估算（普通网络的开销大致相同）：{hours:.0f} 小时，{days:.1f} 天"),
    "fullscale_postfix": ("{net_en}: loss {loss:.3f}, train err {train:.1%}, val err {val:.1%}",
                          "{net_zh}：损失 {loss:.3f}，训练误差 {train:.1%}，验证误差 {val:.1%}"),
    "fullscale_summary_head": ("CIFAR-10 Fig. 6 at full scale (He et al. 2015) on {dataset}: {iterations} iterations, "
                               "global batch {batch}, {world} process(es) on {device}",
                               "完整复现 CIFAR-10 图 6（He 等，2015），数据集 {dataset}：{iterations} 次迭代，"
                               "全局批量 {batch}，{world} 个进程，设备 {device}"),
    "fullscale_summary_run": ("{net_en}: training error {train:.1f} %, validation error {val:.1f} %, "
                              "test error {test:.1f} % ({done} iterations)",
                              "{net_zh}：训练误差 {train:.1f} %，验证误差 {val:.1f} %，测试误差 {test:.1f} %"
                              "（{done} 次迭代）"),
    # --- models ----------------------------------------------------------------------------------
    "models_err_depth": ("depth must be 6n+2: 8, 14, 20, 26, … (the paper uses 20, 32, 44, 56, 110), got {got}",
                         "depth 必须是 6n+2：8, 14, 20, 26, …（论文用 20, 32, 44, 56, 110），收到 {got}"),
    "models_err_branch_scale": ("branch_scale must be None, a positive number, 'skipinit' or (cifar_resnet only) "
                                "'sqrt', got {got}",
                                "branch_scale 必须是 None、正数、'skipinit' 或（仅 cifar_resnet）'sqrt'，收到 {got}"),
    "models_err_plain_option": ("{arg} acts on the residual branch, which a plain network (plain=True) does not have",
                                "{arg} 作用于残差分支，而普通网络（plain=True）没有残差分支"),
    "models_err_plain_downsample": ("a plain block (plain=True) has no shortcut, so downsample must be None",
                                    "普通块（plain=True）没有捷径连接，所以 downsample 必须是 None"),
    "models_err_downsample": ("downsample must be None or a module, got {got}",
                              "downsample 必须是 None 或一个模块（module），收到 {got}"),
    "models_err_basic_groups": ("BasicBlock only supports groups=1 and base_width=64 "
                                "(ResNeXt and Wide ResNet use Bottleneck)",
                                "BasicBlock 只支持 groups=1 和 base_width=64（ResNeXt 与 Wide ResNet 用 Bottleneck）"),
    "models_err_basic_dilation": ("dilation > 1 is not supported in BasicBlock", "BasicBlock 不支持 dilation > 1"),
    "models_err_shortcut_a": ("option A pads the extra channels with zeros, so out_planes ({out_planes}) "
                              "must be >= in_planes ({in_planes})",
                              "选项 A 用零填充多出的通道，所以 out_planes（{out_planes}）必须 >= in_planes（{in_planes}）"),
    "models_err_input_type": ("expected a torch.Tensor of shape {expected} as input, got {got}",
                              "输入必须是形状为 {expected} 的 torch.Tensor，收到 {got}"),
    "models_err_input_shape": ("expected input of shape {expected}, got {got}",
                               "输入的形状应为 {expected}，收到 {got}"),
    "models_err_input_dtype": ("expected input of shape {expected} and dtype {dtype} (the dtype of the model's "
                               "weights), got dtype {got}; convert it with x.to({dtype})",
                               "输入的形状应为 {expected}、数据类型应为 {dtype}（与模型权重相同），收到的数据类型为 {got}；"
                               "请用 x.to({dtype}) 转换"),
    "arg_err_module": ("{arg} must be a torch.nn.Module, got {got}", "{arg} 必须是 torch.nn.Module，收到 {got}"),
    "models_err_block": ("block must be a block class such as BasicBlock or Bottleneck "
                         "(an nn.Module subclass with an 'expansion' attribute), got {got}",
                         "block 必须是 BasicBlock 或 Bottleneck 这样的块类（带 'expansion' 属性的 nn.Module 子类），"
                         "收到 {got}"),
    "models_err_layers": ("layers must be a list of 4 block counts, e.g. [3, 4, 6, 3], got {got}",
                          "layers 必须是 4 个阶段的块数列表，例如 [3, 4, 6, 3]，收到 {got}"),
    "models_err_dilation_list": ("replace_stride_with_dilation must be None or a list of 3 bools, got {got}",
                                 "replace_stride_with_dilation 必须是 None 或 3 个布尔值的列表，收到 {got}"),
    "models_err_norm_layer": ("norm_layer must be None or a callable that makes a norm layer from a channel "
                              "count, got {got}",
                              "norm_layer 必须是 None 或一个可调用对象（由通道数构造归一化层），收到 {got}"),
    "models_err_weights": ("{name}() builds an untrained model and downloads nothing, so it takes no {arg}=. "
                           "For torchvision's ImageNet weights (needs the internet once): "
                           "model.load_state_dict(torchvision.models.{name}(weights='DEFAULT').state_dict())",
                           "{name}() 只构建未训练的模型、不下载任何东西，所以不接受 {arg}=。"
                           "要用 torchvision 的 ImageNet 权重（需联网一次）："
                           "model.load_state_dict(torchvision.models.{name}(weights='DEFAULT').state_dict())"),
    "models_err_fixed": ("{name} fixes {arg}={value}, got {got}", "{name} 固定 {arg}={value}，收到 {got}"),
    "models_err_not_resnet": ("model must be a ResNet with stages layer1, layer2, … (ImageNet or CIFAR style), "
                              "got {got}",
                              "model 必须是带有 layer1, layer2, … 阶段的 ResNet（ImageNet 或 CIFAR 风格），收到 {got}"),
    "models_err_input_shape_arg": ("input_shape must be a tuple of positive ints such as (1, 3, 224, 224), got {got}",
                                   "input_shape 必须是正整数元组，例如 (1, 3, 224, 224)，收到 {got}"),
    # --- data ------------------------------------------------------------------------------------
    "data_desc_mnist1d": ("MNIST-1D (Greydanus 2020): 1-D signals of length 40, 10 classes, generated offline",
                          "MNIST-1D（Greydanus 2020）：长度为 40 的一维信号，10 个类别，离线生成"),
    "data_desc_digits": ("scikit-learn digits: 8x8 handwritten digits shown at {size}x{size}, 10 classes",
                         "scikit-learn 手写数字：8x8 图像，以 {size}x{size} 呈现，10 个类别"),
    "data_desc_cifar10": ("CIFAR-10 (Krizhevsky 2009): 32x32 colour photos, 10 classes",
                          "CIFAR-10（Krizhevsky 2009）：32x32 彩色照片，10 个类别"),
    "data_cifar_missing": ("CIFAR-10 is not on disk under {root}. Download it once where the internet is reachable "
                           "(load_dataset('cifar10', download=True)), pass root= to where it is, or use fallback=True "
                           "to continue with an offline dataset.",
                           "在 {root} 下没有找到 CIFAR-10。请在能联网的地方下载一次（load_dataset('cifar10', download=True)），"
                           "或用 root= 指向它所在的目录，或用 fallback=True 改用离线数据集继续。"),
    "data_cifar_download_failed": ("CIFAR-10 could not be downloaded to {root} ({reason}). Without internet, use an offline "
                                   "dataset ('mnist1d' or 'digits') or fallback=True.",
                                   "无法把 CIFAR-10 下载到 {root}（{reason}）。没有网络时，请使用离线数据集"
                                   "（'mnist1d' 或 'digits'），或设置 fallback=True。"),
    "data_fallback": ("Continuing with the offline dataset '{name}' instead of CIFAR-10.",
                      "改用离线数据集 '{name}' 代替 CIFAR-10 继续。"),
    "data_err_size_other": ("size applies only to 'digits'; {name} has a fixed size, got size={value!r}",
                            "size 只适用于 'digits'；{name} 的尺寸是固定的，收到 size={value!r}"),
    "data_err_subset": ("{name} must be at most {n} (the number of examples), got {value}",
                        "{name} 不能超过样本数 {n}，收到 {value}"),
    "data_err_lengths": ("x and y must have the same length, got {nx} and {ny}",
                         "x 和 y 的长度必须相同，收到 {nx} 和 {ny}"),
    "data_err_tensor": ("{name} must be a torch.Tensor, got {type}", "{name} 必须是 torch.Tensor，收到 {type}"),
    "data_err_dims": ("{name} must have one of {dims} dimensions, (N, C, L) or (N, C, H, W); got shape {shape}",
                      "{name} 的维数必须是 {dims} 之一，即 (N, C, L) 或 (N, C, H, W)；收到形状 {shape}"),
    # --- train -----------------------------------------------------------------------------------
    "train_progress": ("training", "训练"),
    "train_postfix": ("loss {loss:.3f}, train err {train:.1%}, test err {test:.1%}",
                      "损失 {loss:.3f}，训练误差 {train:.1%}，测试误差 {test:.1%}"),
    "train_diverged": ("Training diverged: the loss became {loss} at step {step}; stopped early.",
                       "训练发散：第 {step} 步的损失变为 {loss}，已提前停止。"),
    "train_err_type": ("{name} must be {expected}, got {type}", "{name} 必须是 {expected}，收到 {type}"),
    "train_err_nesterov": ("nesterov=True needs momentum > 0", "nesterov=True 需要 momentum > 0"),
    "train_err_milestones": ("milestones must be increasing fractions of training in (0, 1), e.g. (0.5, 0.75); "
                             "got {value!r}",
                             "milestones 必须是 (0, 1) 之间递增的训练进度比例，例如 (0.5, 0.75)；收到 {value!r}"),
    "train_err_fp16": ("autocast='fp16' needs a CUDA device, got {device}; use 'bf16' or None",
                       "autocast='fp16' 需要 CUDA 设备，当前为 {device}；请改用 'bf16' 或 None"),
    "train_err_flip": ("augment='shift+flip' needs images (N, C, H, W), got data of shape {shape}; use 'shift'",
                       "augment='shift+flip' 需要图像 (N, C, H, W)，收到的数据形状为 {shape}；请改用 'shift'"),
    "train_err_data": ("data must be a Dataset with tensors x_train, y_train, x_test, y_test (from "
                       "resnet_lessons.data.load_dataset), got {type}",
                       "data 必须是含有张量 x_train、y_train、x_test、y_test 的 Dataset"
                       "（由 resnet_lessons.data.load_dataset 得到），收到 {type}"),
    "train_err_eval_lengths": ("x and y must be non-empty and of the same length, got {nx} and {ny}",
                               "x 和 y 必须非空且长度相同，收到 {nx} 和 {ny}"),
    "train_err_history_keys": ("a History dict needs 'config' and only these keys: {allowed}; unknown: {unknown}",
                               "History 字典必须含有 'config'，且只能有这些键：{allowed}；未知的键：{unknown}"),
    # --- transfer and debugging tools (transfer.py, debugging.py) ---------------------------------
    "transfer_err_head": ("head must name a child module of the model ({children}), got {head}",
                          "head 必须是模型的一个子模块名（{children}），收到 {head}"),
    "transfer_err_stages": ("stages must be a non-empty list of stage names from {allowed}, got {got}",
                            "stages 必须是由 {allowed} 中的阶段名组成的非空列表，收到 {got}"),
    "arg_err_tensor": ("{arg} must be a torch.Tensor, got {got}", "{arg} 必须是 torch.Tensor，收到 {got}"),
    "transfer_err_path": ("path must be a str or an os.PathLike, got {got}", "path 必须是 str 或 os.PathLike，收到 {got}"),
    "transfer_err_no_file": ("no weights file at {path}", "{path} 处没有权重文件"),
    "transfer_err_unsafe": ("refused to load {path}: it is not a plain weights file (torch.load with weights_only=True "
                            "says: {reason}). Loading it with weights_only=False could run code hidden in the file: "
                            "do that only for files you trust.",
                            "拒绝载入 {path}：它不是单纯的权重文件（torch.load 在 weights_only=True 时报告：{reason}）。"
                            "用 weights_only=False 载入可能会执行文件中隐藏的代码：只对你信任的文件这样做。"),
    "transfer_err_not_state_dict": ("{path} holds a {got}, not a state_dict (a dict of tensors)",
                                    "{path} 中是 {got}，而不是 state_dict（由张量组成的字典）"),
    "transfer_err_builder": ("name must be one of {allowed}, got {got}", "name 只能是 {allowed} 之一，收到 {got}"),
    "transfer_weights_missing": ("Pretrained weights {weights} are not on this machine ({path}) and downloading is off "
                                 "(download=False), so we continue without them. Where the internet is reachable, "
                                 "run load_pretrained(..., download=True) once.",
                                 "本机没有预训练权重 {weights}（{path}），且未开启下载（download=False），"
                                 "因此在没有预训练权重的情况下继续。在能联网的地方运行一次 load_pretrained(..., download=True) 即可。"),
    "transfer_weights_download_failed": ("Could not download {url} ({reason}): no internet? We continue without "
                                         "pretrained weights.",
                                         "无法下载 {url}（{reason}）：没有网络？将在没有预训练权重的情况下继续。"),
    "debug_err_mode": ("mode must be 'eval' or 'train', got {got}", "mode 只能是 'eval' 或 'train'，收到 {got}"),
    "debug_err_layers": ("layers must be a non-empty list of module names of the model (top level: {allowed}; "
                         "deeper ones such as 'layer1.0'), got {got}",
                         "layers 必须是模型中模块名组成的非空列表（顶层：{allowed}；也可以是更深的，如 'layer1.0'），"
                         "收到 {got}"),
    "debug_err_maps": ("maps must be a dict {{name: tensor}} from feature_maps(), got {got}",
                       "maps 必须是 feature_maps() 返回的字典 {{名称: 张量}}，收到 {got}"),
    "debug_err_batch": ("sample_input must be a batch of at least 2 examples, got shape {got}",
                        "sample_input 必须是至少含 2 个样本的批次，收到形状 {got}"),
    "debug_err_num_classes": ("num_classes must be None or an int >= 2, got {got}",
                              "num_classes 必须是 None 或 >= 2 的整数，收到 {got}"),
    "debug_err_max_params": ("max_params must be a positive int, got {got}", "max_params 必须是正整数，收到 {got}"),
    "checklist_forward_ok": ("forward pass runs: output shape {shape}", "前向传播正常：输出形状 {shape}"),
    "checklist_forward_bad": ("forward pass failed: {err}", "前向传播失败：{err}"),
    "checklist_shape_ok": ("output shape {shape} is (batch, classes)", "输出形状 {shape} 为（批大小，类别数）"),
    "checklist_shape_bad": ("output shape {shape}, expected {expected}", "输出形状为 {shape}，应为 {expected}"),
    "checklist_finite_ok": ("outputs are finite (no NaN or inf)", "输出都是有限值（没有 NaN 或 inf）"),
    "checklist_finite_bad": ("outputs contain NaN or inf", "输出中含有 NaN 或 inf"),
    "checklist_loss_ok": ("loss {loss:.3f} is finite and not far above chance (ln C = {chance:.3f})",
                          "损失 {loss:.3f} 是有限值，且不远高于随机猜测（ln C = {chance:.3f}）"),
    "checklist_loss_bad": ("loss {loss:.3g} is NaN/inf or far above chance (ln C = {chance:.3f}): check the "
                           "initialisation and the last layer",
                           "损失 {loss:.3g} 为 NaN/inf 或远高于随机猜测（ln C = {chance:.3f}）：检查初始化和最后一层"),
    "checklist_first_grad_ok": ("the gradient reaches the first layer ({name}: mean |grad| {value:.2e})",
                                "梯度能传到第一层（{name}：平均 |梯度| {value:.2e}）"),
    "checklist_first_grad_bad": ("no usable gradient at the first layer ({name}): zero, NaN or missing",
                                 "第一层（{name}）没有可用的梯度：为零、NaN 或不存在"),
    "checklist_all_grads_ok": ("all {n} trainable parameter tensors get a finite gradient",
                               "全部 {n} 个可训练参数张量都得到有限的梯度"),
    "checklist_all_grads_bad": ("{bad} of {n} trainable parameter tensors get no finite gradient: {names}",
                                "{n} 个可训练参数张量中有 {bad} 个没有得到有限的梯度：{names}"),
    "checklist_bn_ok": ("in eval mode the {n} BN layers use their running statistics: one example's prediction does "
                        "not depend on the rest of the batch",
                        "评估模式下 {n} 个 BN 层使用其滑动统计量：单个样本的预测与批次中的其他样本无关"),
    "checklist_bn_none": ("no BN layers: a prediction does not depend on the rest of the batch",
                          "没有 BN 层：预测与批次中的其他样本无关"),
    "checklist_bn_bad": ("in eval mode one example's prediction changes with the batch (max difference {diff:.3g}): "
                         "BN is not using running statistics",
                         "评估模式下单个样本的预测随批次改变（最大差异 {diff:.3g}）：BN 没有使用滑动统计量"),
    "checklist_bn_train_mode": ("the model is in training mode: at inference its {n} BN layers would normalise each "
                                "batch with that batch's statistics — call model.eval() first",
                                "模型处于训练模式：推理时它的 {n} 个 BN 层会用每个批次自身的统计量做归一化——"
                                "请先调用 model.eval()"),
    "checklist_hooks_ok": ("no hooks left registered", "没有残留的钩子（hook）"),
    "checklist_hooks_bad": ("{n} hook(s) still registered: remove them (handle.remove()), or they run on every "
                            "forward pass",
                            "仍有 {n} 个钩子（hook）注册着：请移除它们（handle.remove()），否则每次前向传播都会运行"),
    "checklist_params_ok": ("{total:,} parameters ({trainable:,} trainable, {mb:.2f} MB as float32)",
                            "{total:,} 个参数（可训练 {trainable:,} 个，float32 下 {mb:.2f} MB）"),
    "checklist_params_bad": ("parameter count not sane: {total:,} in all, {trainable:,} trainable (expected "
                             "0 < trainable and total <= {max:,})",
                             "参数量不合理：共 {total:,} 个，可训练 {trainable:,} 个（应满足 0 < 可训练，且总数 <= {max:,}）"),
    "checklist_skipped": ("{what}: skipped (an earlier check failed)", "{what}：已跳过（前面的检查失败）"),
    "checklist_all_ok": ("checklist: all {n} items passed", "检查清单：全部 {n} 项通过"),
    "checklist_some_bad": ("checklist: {n} of {total} items passed", "检查清单：{total} 项中通过 {n} 项"),
    "debug_variant_original": ("correct ResNet (original block)", "正确的 ResNet（原始残差块）"),
    "debug_variant_preact": ("pre-activation blocks", "预激活残差块"),
    "debug_variant_bn_after_add": ("BN after the addition", "BN 放在加法之后"),
    "debug_variant_relu_before_add": ("ReLU before the addition", "ReLU 放在加法之前"),
    "debug_variant_relu_before_bn": ("ReLU before BN", "ReLU 放在 BN 之前"),
    "debug_variant_no_relu_after_add": ("no ReLU after the addition", "加法之后没有 ReLU"),
    "debug_variant_plain": ("shortcuts forgotten (plain net)", "忘了捷径连接（普通网络）"),
    "debug_variant_no_bn": ("no batch normalization", "没有批归一化"),
    "debug_variant_zero_init": ("all-zero initialisation", "全零初始化"),
    "debug_variant_init_x10": ("weights x10 (with BN)", "权重 x10（有 BN）"),
    "debug_variant_init_x10_no_bn": ("weights x10, no BN", "权重 x10，无 BN"),
    "debug_variant_stride_forgotten": ("stride forgotten in stages 2 and 3", "第 2、3 阶段忘了步幅"),
    # --- experiments -----------------------------------------------------------------------------
    "mlp_err_plain_branch_scale": ("branch_scale acts on the residual branch, which a plain MLP (residual=False) "
                                   "does not have",
                                   "branch_scale 作用于残差分支，而普通 MLP（residual=False）没有残差分支"),
    # the checks of every experiment's Config (experiments/base.py)
    "exp_err_depth": ("{arg} must be 6n+2 from 8 to {high}: 8, 14, 20, 26, 32, ..., 56, ..., 110, got {got}",
                      "{arg} 必须是 8 到 {high} 之间的 6n+2：8, 14, 20, 26, 32, …, 56, …, 110，收到 {got}"),
    "exp_err_names": ("{arg} must be a non-empty tuple of distinct names from {allowed}, got {got}",
                      "{arg} 必须是由 {allowed} 中不重复的名字组成的非空元组，收到 {got}"),
    "exp_err_unknown_arg": ("{cls} has no option {arg!r}; the options are: {allowed}",
                            "{cls} 没有选项 {arg!r}；可用的选项：{allowed}"),
    # gradients (experiments/gradients.py)
    "gradients_err_mps_float64": ("precision='float64' does not run on MPS (Apple GPUs have no float64); use "
                                  "device='cpu' or precision='float32'",
                                  "precision='float64' 无法在 MPS 上运行（Apple GPU 不支持 float64）；"
                                  "请用 device='cpu' 或 precision='float32'"),
    "gradients_progress": ("SGD steps", "SGD 步"),
    "gradients_at_init": ("at initialisation", "初始化时"),
    "gradients_after_steps": ("after {k} SGD steps (lr {lr})", "{k} 步 SGD 之后（学习率 {lr}）"),
    "gradients_summary_head": ("Gradient norm per layer, depth {depth}, norm={norm}, init={init}, one batch of {n} "
                               "MNIST-1D examples, {when}:",
                               "每层的梯度范数，深度 {depth}，norm={norm}，init={init}，一批 {n} 个 MNIST-1D 样本，{when}："),
    "gradients_summary_line": ("  {kind}-{depth}: {text}", "  {kind}-{depth} 层：{text}"),
    "gradients_v_underflow": ("the gradient vanished: {zeros} of {total} layers, the first included, get exactly 0 "
                              "in float32 (underflow); last layer {last}",
                              "梯度消失：{total} 层中有 {zeros} 层（包括第一层）的梯度在 float32 下恰好为 0（下溢）；"
                              "最后一层为 {last}"),
    "gradients_v_vanishing": ("first-layer gradient is {ratio} of the last: vanishing",
                              "第一层的梯度只有最后一层的 {ratio}：梯度消失"),
    "gradients_v_exploding": ("first-layer gradient is {ratio}x the last: exploding toward the input",
                              "第一层的梯度是最后一层的 {ratio} 倍：梯度向输入方向爆炸"),
    "gradients_v_exploding_bn": ("first-layer gradient is {ratio}x the last: exploding toward the input, as Yang et al. "
                                 "2019 predict for deep BN nets at initialisation",
                                 "第一层的梯度是最后一层的 {ratio} 倍：梯度向输入方向爆炸，正如 Yang 等（2019）"
                                 "对初始化时的深层 BN 网络所预言的"),
    "gradients_v_stable": ("first-layer gradient is {ratio}x the last, all layers within a factor {spread}: "
                           "no vanishing or exploding from layer to layer",
                           "第一层的梯度是最后一层的 {ratio} 倍，各层相差不超过 {spread} 倍：逐层看既不消失也不爆炸"),
    "gradients_v_huge": ("; but every gradient is huge (median {median}) and so is the loss ({loss}): the forward "
                         "signal blows up",
                         "；但所有梯度都极大（中位数 {median}），损失也极大（{loss}）：前向信号爆炸"),
    "gradients_v_tiny": ("; but every layer's gradient is tiny (median {median}), the last as much as the first: "
                         "the gradient vanishes everywhere at once, because the signal dies out on its way forward "
                         "(loss {loss}; ln 10 = 2.303 means the output ignores the input)",
                         "；但每一层的梯度都极小（中位数 {median}），最后一层和第一层一样：梯度处处同时消失，"
                         "因为信号在前向传播中逐渐消失（损失 {loss}；ln 10 = 2.303 表示输出与输入无关）"),
    "gradients_v_diverged": ("training diverged (the loss became inf or nan) before the measurement",
                             "测量前训练已发散（损失变为 inf 或 nan）"),
    # signal (experiments/signal.py)
    "signal_err_cifar_blocks": ("blocks must be a multiple of 3 for model='cifar' (3 stages; depth = 2*blocks + 2, "
                                "e.g. 27 for ResNet-56), got {got}",
                                "model='cifar' 时 blocks 必须是 3 的倍数（3 个阶段；深度 = 2*blocks + 2，"
                                "例如 ResNet-56 为 27），收到 {got}"),
    "signal_progress": ("measuring", "测量中"),
    "signal_summary_head": ("Mean squared activation E[x²] after each of {blocks} blocks at initialisation "
                            "(model={model}, norm={norm}, scaling={scaling}):",
                            "初始化时 {blocks} 个块中每个块之后的均方激活 E[x²]（model={model}，norm={norm}，"
                            "scaling={scaling}）："),
    "signal_summary_line": ("  {kind}: {first} after the first layer -> {last} after block {blocks}: {text}",
                            "  {kind}：第一层之后 {first} -> 第 {blocks} 块之后 {last}：{text}"),
    "signal_shape_exponential": ("grows exponentially, x{factor} per block", "指数增长，每块 x{factor}"),
    "signal_shape_linear": ("grows about linearly, +{slope} per block", "大致线性增长，每块 +{slope}"),
    "signal_shape_bounded": ("stays bounded (x{ratio} overall)", "保持有界（总体 x{ratio}）"),
    "signal_shape_identity": ("unchanged: every branch starts at 0, so every block starts as the identity",
                              "不变：每个分支都从 0 开始，所以每个块一开始都是恒等映射"),
    "signal_shape_shrinking": ("shrinks, x{factor} per block", "逐渐缩小，每块 x{factor}"),
    "signal_summary_cite": ("De & Smith 2020: without BN a residual net's variance grows ~2^L, with BN ~L.",
                            "De & Smith（2020）：无 BN 时残差网络的方差按 ~2^L 增长，有 BN 时按 ~L 增长。"),
    # shattered (experiments/shattered.py)
    "shattered_err_depths": ("depths must be a non-empty tuple of increasing block counts from 1 to 1000, "
                             "e.g. (1, 2, 4, 8, 16, 24, 32, 50), got {got}",
                             "depths 必须是由 1 到 1000 之间递增的块数组成的非空元组，例如 (1, 2, 4, 8, 16, 24, 32, 50)，"
                             "收到 {got}"),
    "shattered_err_curve": ("no gradient curve for kind={kind}, depth={depth}; stored: {allowed}",
                            "没有 kind={kind}、depth={depth} 的梯度曲线；已保存：{allowed}"),
    "shattered_progress": ("nets", "网络"),
    "shattered_summary_head": ("Lag-1 autocorrelation of df/dx over {n} inputs in [-2, 2] (width {width}, {norm}, "
                               "mean of {seeds} seeds; 1 = smooth, 0 = white noise):",
                               "[-2, 2] 中 {n} 个输入上 df/dx 的滞后 1 自相关（宽度 {width}，{norm}，{seeds} 个随机种子"
                               "的平均；1 = 平滑，0 = 白噪声）："),
    "shattered_bn_train": ("BN in train mode over the batch of inputs", "BN 以训练模式作用于整批输入"),
    "shattered_no_bn": ("no BN", "无 BN"),
    "shattered_depth": ("blocks", "块数"),
    "shattered_v_shattered": ("{kind}: shattered (|autocorrelation| < 0.1) from {depth} blocks on",
                              "{kind}：从 {depth} 个块起梯度破碎（|自相关| < 0.1）"),
    "shattered_v_kept": ("{kind}: did not shatter: autocorrelation between {low} and {high} at every depth",
                         "{kind}：没有破碎：各深度的自相关都在 {low} 与 {high} 之间"),
    "shattered_no_bn_note": ("Without BN this toy feedforward net does not shatter (as in the UDL book's replication); "
                             "Balduzzi et al.'s contrast shows up with BN.",
                             "没有 BN 时，这个玩具前馈网络的梯度并不破碎（与 UDL 一书的复现结果相同）；"
                             "Balduzzi 等人所说的对比要在有 BN 时才出现。"),
    "bad_config_type": ("config must be a {cls}, got {got}", "config 必须是 {cls}，实际为 {got}"),
    "cache_corrupt": ("the cached result {path} is unreadable ({err}); computing it again",
                      "缓存结果 {path} 无法读取（{err}），将重新计算"),
    # landscape (experiments/landscape.py)
    "landscape_err_odd": ("{arg} must be odd (so that the trained weights lie on the grid), got {got}",
                          "{arg} 必须是奇数（使训练得到的权重落在网格上），收到 {got}"),
    "landscape_err_module": ("model must be a torch.nn.Module, got {got}", "model 必须是 torch.nn.Module，收到 {got}"),
    "landscape_progress": ("slicing {kind}", "切片：{kind}"),
    "landscape_summary_head": ("Loss landscape, depth {depth} (training loss on {n} examples, BN in eval mode):",
                               "损失曲面，深度 {depth}（{n} 个训练样本上的训练损失，BN 为评估模式）："),
    "landscape_summary_net": ("  {net_en}: training error {train:.1f}%, loss at the trained weights {center:.4g}",
                              "{net_zh}：训练误差 {train:.1f}%，训练所得权重处的损失 {center:.4g}"),
    "landscape_summary_2d": ("2-D slice: local minima {minima}, non-convexity {nonconvexity:.3f}, loss {lo:.3g} to {hi:.3g}",
                             "二维切片：局部极小值 {minima} 个，非凸度 {nonconvexity:.3f}，损失 {lo:.3g} 至 {hi:.3g}"),
    "landscape_summary_1d": ("1-D slice: local minima {minima}", "一维切片：局部极小值 {minima} 个"),
    "landscape_summary_note": ("Qualitative: one pair of random filter-normalised directions (Li et al. 2018).",
                               "仅作定性参考：只取了一对滤波器归一化的随机方向（Li 等，2018）。"),
    # complexity (experiments/complexity.py)
    "complexity_err_names": ("{arg} must be a non-empty tuple of model names, got {got}",
                             "{arg} 必须是由模型名组成的非空元组，收到 {got}"),
    "complexity_err_model": ("{arg}: unknown model {got}; allowed: {allowed} (cifar_resnetD / cifar_plainD for any "
                             "D = 6n+2 up to 1202)",
                             "{arg}：未知模型 {got}；可选：{allowed}（cifar_resnetD / cifar_plainD，D 为不超过 1202 的任意 6n+2）"),
    "complexity_err_tv_name": ("{arg} must name a torchvision classification model with weights, such as {examples}; "
                               "got {got}",
                               "{arg} 必须是带权重的 torchvision 分类模型，例如 {examples}；收到 {got}"),
    "complexity_err_shape": ("{arg} must be a tuple of positive ints such as (1, 3, 32, 32), got {got}",
                             "{arg} 必须是由正整数组成的元组，例如 (1, 3, 32, 32)，收到 {got}"),
    "complexity_summary_head": ("Model                    parameters     multiply-adds (FlopCounterMode FLOPs / 2)",
                                "模型                         参数量     乘加运算（FlopCounterMode 的 FLOPs / 2）"),
    "complexity_summary_tv_same": ("= torchvision", "与 torchvision 一致"),
    "complexity_summary_tv_diff": ("differs from torchvision!", "与 torchvision 不一致！"),
    "complexity_summary_paper": ("paper Table 1: {g:.1f}", "论文表 1：{g:.1f}"),
    "complexity_summary_v1": ("{name}: stride on the 3x3 conv (V1.5, torchvision) {v15:.3f} GMACs; on the first 1x1 conv "
                              "(the paper's V1) {v1:.3f} GMACs",
                              "{name}：步幅在 3x3 卷积上（V1.5，torchvision）{v15:.3f} GMACs；在第一个 1x1 卷积上（论文的 V1）"
                              "{v1:.3f} GMACs"),
    # degradation (experiments/degradation.py)
    "degradation_err_depths": ("depths must be a non-empty tuple of distinct depths 6n+2 (8, 14, 20, 26, 32, ..., 56, "
                               "..., 110; at most 1202), got {got}",
                               "depths 必须是由不重复的 6n+2 深度组成的非空元组（8, 14, 20, 26, 32, …, 56, …, 110；"
                               "最多 1202），收到 {got}"),
    "degradation_err_nets": ("nets must be a non-empty list of (depth, residual) pairs that the shipped result holds: "
                             "{allowed}; got {got}",
                             "nets 必须是预先计算结果中存在的 (depth, residual) 对组成的非空列表：{allowed}；收到 {got}"),
    "degradation_err_loop": ("loop must be a function loop(model, data, recipe) and cannot be combined with a cache, got {got}",
                             "loop 必须是函数 loop(model, data, recipe)，且不能与缓存同时使用，收到 {got}"),
    "degradation_err_loop_log": ("loop must return a dict with the lists step_loss, train_error and test_error, got {got}",
                                 "loop 必须返回包含列表 step_loss、train_error 和 test_error 的字典，收到 {got}"),
    "degradation_err_callback": ("callback must be a function callback(partial_result) or None, got {got}",
                                 "callback 必须是函数 callback(partial_result) 或 None，收到 {got}"),
    "degradation_err_no_run": ("this result has no {kind} net of depth {depth}; it has: {have}",
                               "该结果中没有深度为 {depth} 的 {kind} 网络；已有：{have}"),
    "degradation_err_precomputed_missing": ("the precomputed result {name}.json is not in resnet_lessons/results; "
                                            "make it with: python tools/precompute.py {name}",
                                            "resnet_lessons/results 中没有预先计算的结果 {name}.json；"
                                            "请用以下命令生成：python tools/precompute.py {name}"),
    "degradation_err_precomputed_corrupt": ("the precomputed result {name}.json is unreadable ({err}); make it again "
                                            "with: python tools/precompute.py {name}",
                                            "预先计算的结果 {name}.json 无法读取（{err}）；请用以下命令重新生成："
                                            "python tools/precompute.py {name}"),
    # --- paths (Veit et al. 2016, Fig. 6) ---
    "paths_progress": ("measuring paths", "测量路径"),
    "paths_err_result": ("result must be a PathsResult (from paths.run), got {got}",
                         "result 必须是 PathsResult（来自 paths.run），收到 {got}"),
    "paths_summary_head": ("Path lengths of ResNet-{depth} ({n} blocks, {epochs} epochs on MNIST-1D; training error "
                           "{train:.1f} %, test error {test:.1f} %):",
                           "残差网络-{depth} 的路径长度（{n} 个块，在 MNIST-1D 上训练 {epochs} 轮；训练误差 {train:.1f} %，"
                           "测试误差 {test:.1f} %）："),
    "paths_summary_binomial": ("2^{n} paths; their lengths follow a binomial distribution around {half:g} blocks",
                               "共 2^{n} 条路径；路径长度服从以 {half:g} 个块为中心的二项分布"),
    "paths_summary_decay": ("gradient through one path: {g0:.3g} at length 0, {gk:.3g} at length {k} "
                            "({ratio:.3g} times smaller)",
                            "单条路径传递的梯度：长度 0 时为 {g0:.3g}，长度 {k} 时为 {gk:.3g}（小 {ratio:.3g} 倍）"),
    "paths_verdict": ("-> {share} % of the gradient comes from paths of {low} to {high} blocks (of {n}); most from "
                      "length {peak}; gradient-weighted mean length {mean:.1f}",
                      "-> {share} % 的梯度来自长度为 {low} 到 {high} 个块的路径（共 {n} 个块）；贡献最大的长度为 {peak}；"
                      "按梯度加权的平均长度为 {mean:.1f}"),
    "seeds_err_band": ("a band needs one value per seed and at least one seed; got {n} values for {m} seeds",
                       "区间需要每个种子一个值且至少一个种子；收到 {n} 个值、{m} 个种子"),
    "sweep_summary_head": ("{name}: {n} seeds ({seeds}) on {dataset}, {epochs} epochs, batch {batch}, lr {lr}; final "
                           "error, mean (lowest–highest seed):",
                           "{name}：{n} 个随机种子（{seeds}），数据集 {dataset}，{epochs} 轮，批大小 {batch}，学习率 {lr}；"
                           "最终误差，均值（最低–最高的种子）："),
    "sweep_summary_run": ("{net_en}: training error {mean:.1f} % ({low:.1f}–{high:.1f} %), test error {test:.1f} % "
                          "({test_low:.1f}–{test_high:.1f} %)",
                          "{net_zh}：训练误差 {mean:.1f} %（{low:.1f}–{high:.1f} %），测试误差 {test:.1f} %"
                          "（{test_low:.1f}–{test_high:.1f} %）"),
    "paths_plot_share_title": ("(a) paths of each length: C({n}, k) / 2^{n}", "(a) 各长度路径所占比例：C({n}, k) / 2^{n}"),
    "paths_plot_share_axis": ("share of all paths (%)", "占全部路径的比例（%）"),
    "paths_plot_grad_title": ("(b) gradient through one path of length k", "(b) 长度为 k 的单条路径传递的梯度"),
    "paths_plot_grad_axis": ("input-gradient norm (log scale)", "输入梯度范数（对数刻度）"),
    "paths_plot_mean": ("mean of {n} seeds (faint: each seed)", "{n} 个种子的均值（淡线：各种子）"),
    "paths_plot_spread": ("lowest–highest sampled path", "抽样路径中最低–最高"),
    "paths_plot_contribution_title": ("(c) share of the whole gradient: (a) x (b)", "(c) 占总梯度的比例：(a) x (b)"),
    "paths_plot_contribution_axis": ("share of the gradient (%)", "占梯度的比例（%）"),
    "paths_plot_effective": ("90 % of it: lengths {low}–{high}", "其中 90 %：长度 {low}–{high}"),
    "paths_plot_length_axis": ("path length k (residual branches taken)", "路径长度 k（经过的残差分支数）"),
    "paths_plot_suptitle": ("ResNet-{depth} ({n} blocks), trained {epochs} epochs on MNIST-1D, seeds {seeds} "
                            "(Veit et al. 2016, Fig. 6)",
                            "残差网络-{depth}（{n} 个块），在 MNIST-1D 上训练 {epochs} 轮，随机种子 {seeds}（Veit 等 2016，图 6）"),
    "paths_w_title": ("Path lengths: which paths carry the gradient?", "路径长度：哪些路径传递梯度？"),
    "paths_w_net": ("network", "网络"),
    "paths_w_seed": ("seed", "随机种子"),
    "paths_w_all_seeds": ("all seeds", "全部种子"),
    "paths_w_net_label": ("ResNet-{depth} ({n} blocks)", "残差网络-{depth}（{n} 个块）"),
    "paths_err_results": ("results must be a dict {{name: [PathsResult, ...]}} (one list of seeds per network), got {got}",
                          "results 必须是字典 {{名称: [PathsResult, ...]}}（每个网络一个种子列表），收到 {got}"),
    "results_err_missing": ("no seed of the precomputed result {name} is in resnet_lessons/results/{name}/; "
                            "make it with: python tools/precompute.py {name}",
                            "resnet_lessons/results/{name}/ 中没有预先计算的结果 {name} 的任何种子；"
                            "请用以下命令生成：python tools/precompute.py {name}"),
    "results_err_corrupt": ("the precomputed result {name} ({file}) is unreadable ({err}); make it again "
                            "with: python tools/precompute.py {name} --force",
                            "预先计算的结果 {name}（{file}）无法读取（{err}）；请用 python tools/precompute.py {name} --force "
                            "重新生成"),
    "net_plain": ("plain-{depth}", "普通网络-{depth}"),  # experiments.common.net_label, every experiment
    "net_residual": ("ResNet-{depth}", "残差网络-{depth}"),
    "degradation_progress": ("training nets", "训练网络"),
    "degradation_summary_head": ("Degradation (He et al. 2015, Fig. 6) on {dataset}: {epochs} epochs, batch {batch}, "
                                 "lr {lr}, the same budget for every net:",
                                 "退化问题（He 等 2015，图 6），数据集 {dataset}：{epochs} 轮，批大小 {batch}，"
                                 "学习率 {lr}，每个网络的训练预算相同："),
    "degradation_summary_run": ("{net_en}: training error {train:.1f} %, test error {test:.1f} %",
                                "{net_zh}：训练误差 {train:.1f} %，测试误差 {test:.1f} %"),
    "degradation_summary_gap_plain": ("plain nets, {deep} vs {shallow} layers: training error {gap:+.1f} points",
                                      "普通网络，{deep} 层对 {shallow} 层：训练误差 {gap:+.1f} 个百分点"),
    "degradation_summary_gap_residual": ("ResNets, {deep} vs {shallow} layers: training error {gap:+.1f} points",
                                         "残差网络，{deep} 层对 {shallow} 层：训练误差 {gap:+.1f} 个百分点"),
    "degradation_verdict_yes": ("-> the deeper plain net fits its training data worse, the deeper ResNet does not: "
                                "the degradation problem, and shortcuts remove it.",
                                "-> 更深的普通网络连训练数据都拟合得更差，更深的残差网络则没有：这就是退化问题，"
                                "而捷径连接消除了它。"),
    "degradation_verdict_no": ("-> this budget does not show the degradation problem cleanly (the deeper plain net is "
                               "not >= 10 points worse, or the deeper ResNet is > 2 points worse).",
                               "-> 这个训练预算没有清楚地显示退化问题（更深的普通网络没有差 10 个百分点以上，"
                               "或更深的残差网络差了 2 个百分点以上）。"),
    "degradation_summary_stopped": ("(stopped early)", "（已提前停止）"),
    # lesion (experiments/lesion.py)
    "lesion_err_block": ("unknown block {got}; the blocks are: {allowed}", "未知的块 {got}；可选的块：{allowed}"),
    "lesion_err_names": ("names must be a list of block names such as ['layer1.0', 'layer2.1'], got {got}",
                         "names 必须是块名列表，例如 ['layer1.0', 'layer2.1']，收到 {got}"),
    "lesion_err_plain_downsampling": ("block {block} of a plain net changes the shape of its input (downsampling), "
                                      "so it cannot be replaced by the identity",
                                      "普通网络的块 {block} 会改变输入的形状（下采样），因此不能用恒等映射代替"),
    "lesion_err_model": ("model must be a CIFAR-style net with stages layer1, layer2, layer3 (cifar_resnet), got {got}",
                         "model 必须是带有 layer1、layer2、layer3 三个阶段的 CIFAR 风格网络（cifar_resnet），收到 {got}"),
    "lesion_err_nets": ("nets must be a dict {{kind: trained model}} such as train_nets() returns, got {got}",
                        "nets 必须是 train_nets() 返回的 {{kind: 已训练模型}} 字典，收到 {got}"),
    "lesion_err_result": ("{arg} must be a {cls}, got {got}", "{arg} 必须是 {cls}，收到 {got}"),
    "lesion_summary_head": ("Lesion study (Veit et al. 2016), depth {depth} ({blocks} blocks), {epochs} epochs on "
                            "MNIST-1D; test errors, no retraining:",
                            "损伤实验（Veit 等 2016），深度 {depth}（{blocks} 个块），在 MNIST-1D 上训练 {epochs} 轮；"
                            "测试误差，不重新训练："),
    "lesion_summary_net": ("{net_en}: intact {base:.1f} %; one same-shape block deleted: mean {mean:.1f} %, "
                           "worst {worst:.1f} % ({n} blocks)",
                           "{net_zh}：完整 {base:.1f} %；删除一个形状不变的块：平均 {mean:.1f} %，"
                           "最差 {worst:.1f} %（{n} 个块）"),
    "lesion_summary_down": ("downsampling blocks deleted one at a time: {text}", "逐个删除下采样块：{text}"),
    "lesion_summary_random": ("k random blocks deleted: mean {first:.1f} % for k = 1, {mean:.1f} % for k = {k}",
                              "随机删除 k 个块：k = 1 时平均 {first:.1f} %，k = {k} 时平均 {mean:.1f} %"),
    # One verdict line; its ending says which of three outcomes was measured (lesion.LesionResult.verdict).
    "lesion_verdict": ("-> deleting one same-shape block: the plain net loses {plain:+.1f} points on average "
                       "({plain_ok} of {n} deletions within {harmless} points of intact), the ResNet "
                       "{res:+.1f} points ({res_ok} of {n} within {harmless} points): {ending_en}",
                       "-> 删除一个形状不变的块：普通网络的误差平均变化 {plain:+.1f} 个百分点（{n} 次删除中有 "
                       "{plain_ok} 次与完整网络相差不超过 {harmless} 个百分点），残差网络为 {res:+.1f} 个百分点"
                       "（{n} 次中有 {res_ok} 次不超过 {harmless} 个百分点）：{ending_zh}"),
    "lesion_verdict_veit": ("at least two thirds of the single deletions barely change the ResNet's error while every one "
                            "breaks the plain net (or the plain net never trained), as Veit et al. found.",
                            "至少三分之二的单块删除几乎不改变残差网络的误差，而每一次删除都会破坏普通网络（或者普通网络根本"
                            "没有训练成功），与 Veit 等的发现一致。"),
    "lesion_verdict_partial": ("the ResNet is hurt far less than the plain net, but fewer than two thirds of its single "
                               "deletions are harmless: Veit et al.'s 'barely changes' holds only in part here.",
                               "残差网络受到的损害远小于普通网络，但它的单块删除中无害的不到三分之二：Veit 等所说的"
                               "“几乎不变”在这里只部分成立。"),
    "lesion_verdict_hurt": ("most single deletions hurt the ResNet; its plain twin never trained (chance-level "
                            "error), so it offers no comparison.",
                            "大多数单块删除都会损害残差网络；它的普通孪生网络根本没有训练成功（误差接近随机猜测），"
                            "因此无法作比较。"),
    "lesion_verdict_none": ("no clear difference between the two nets at this budget.",
                            "在这个训练预算下，两个网络之间没有明显差别。"),
    # recipes (experiments/recipes.py)
    "recipes_err_no_run": ("no run of variant {got} in this result; it has: {have}", "该结果中没有变体 {got}；已有：{have}"),
    "recipes_summary_head": ("recipes: ResNet-{depth} (1-D) on MNIST-1D, {steps} SGD steps, batch {batch}, lr {lr} "
                             "({schedule_en}), seed {seed}",
                             "recipes：ResNet-{depth}（一维）在 MNIST-1D 上，{steps} 步 SGD，批大小 {batch}，学习率 {lr}"
                             "（{schedule_zh}），种子 {seed}"),
    "recipes_summary_run": ("loss of the last {k} batches {loss:.2f} (highest {high:.2f}), training error {train:.1f}%, "
                            "test error {test:.1f}%, confidence {conf:.0f}%",
                            "最后 {k} 个小批量的损失 {loss:.2f}（最高 {high:.2f}），训练误差 {train:.1f}%，测试误差 {test:.1f}%，"
                            "置信度 {conf:.0f}%"),
    "recipes_summary_diverged": ("diverged (the loss became nan or inf)", "发散（损失变为 nan 或 inf）"),
    "recipes_err_results": ("results must be a RecipesResult or a non-empty list of them (e.g. one per seed), got {got}",
                            "results 必须是 RecipesResult 或由它们组成的非空列表（例如每个种子一个），收到 {got}"),
    "recipes_seeds_head": ("mini-batch loss, mean (smallest–largest) over the seeds:",
                           "小批量损失，各随机种子的平均值（最小–最大）："),
    "recipes_seeds_run": ("  {name} ({seeds}): highest loss in steps 1–{split} {early}, in steps {after}–{steps} "
                          "{late}; loss of the last {k} batches {final}",
                          "{name}（{seeds_zh}）：第 1–{split} 步的最高损失 {early}，第 {after}–{steps} 步的最高损失 "
                          "{late}；最后 {k} 个小批量的损失 {final}"),
    "recipes_modes_head": ("at the end, on the first {n} training examples, mean (smallest–largest) over the seeds:",
                           "训练结束时，在前 {n} 个训练样本上，各随机种子的平均值（最小–最大）："),
    "recipes_modes_run": ("  {name} ({seeds}): training error in eval mode {eval_error}, in train mode "
                          "{train_error}, in eval mode with recomputed BN statistics {recal_error}; loss in eval mode "
                          "{eval_loss}, in train mode {train_loss}",
                          "{name}（{seeds_zh}）：训练误差——评估模式 {eval_error}，训练模式 {train_error}，"
                          "重新计算 BN 统计量后的评估模式 {recal_error}；损失——评估模式 {eval_loss}，训练模式 {train_loss}"),
    "recipes_variant_baseline": ("baseline: original blocks, Kaiming init", "基线：原始残差块，Kaiming 初始化"),
    "recipes_variant_default_init": ("PyTorch default init", "PyTorch 默认初始化"),
    "recipes_variant_zero_init": ("Kaiming + zero-init last BN γ", "Kaiming + 最后一个 BN 的 γ 置零"),
    "recipes_variant_preact": ("pre-activation blocks", "预激活残差块"),
    "recipes_variant_warmup": ("Kaiming + linear warm-up", "Kaiming + 线性预热"),
    "recipes_variant_label_smoothing": ("label smoothing", "标签平滑"),
    "recipes_variant_shift": ("random shifts (augmentation)", "随机平移（数据增强）"),
    "recipes_variant_no_weight_decay": ("no weight decay", "无权重衰减"),
    "recipes_variant_bf16": ("bfloat16 autocast", "bfloat16 自动混合精度"),
    # transfer (experiments/transfer.py)
    "transfer_exp_err_labels": ("labels_per_class must be a non-empty tuple of distinct ints from 1 to 100, got {got}",
                                "labels_per_class 必须是由 1 到 100 之间不重复的整数组成的非空元组，收到 {got}"),
    "transfer_exp_err_no_run": ("this result has no run of strategy {strategy!r} with {k} labels per class",
                                "该结果中没有策略 {strategy!r} 在每类 {k} 个标签下的运行"),
    "transfer_exp_err_too_many": ("labels_per_class={k} is more than the {n} training examples of target class {c}",
                                  "labels_per_class={k} 超过了目标类别 {c} 的训练样本数 {n}"),
    "transfer_progress": ("transfer runs", "迁移运行"),
    "transfer_strategy_scratch": ("from scratch", "从头训练"),
    "transfer_strategy_linear_probe": ("linear probe", "线性探测"),
    "transfer_strategy_finetune": ("full fine-tuning", "全部微调"),
    "transfer_strategy_layerwise": ("layer-wise learning rates", "分层学习率"),
    "transfer_summary_pretrain": ("Pretrained ResNet-{depth} on {dataset} digits 0-4 ({n:,} examples, {epochs} epochs): "
                                  "test accuracy {acc:.1f}% on digits 0-4",
                                  "在 {dataset} 数字 0–4 上预训练 ResNet-{depth}（{n:,} 个样本，{epochs} 轮）："
                                  "数字 0–4 上的测试准确率 {acc:.1f}%"),
    "transfer_summary_target": ("Digits 5-9 with {k} labels per class ({draws} random draws), test accuracy on {n} examples:",
                                "数字 5–9，每类 {k} 个标签（随机抽取 {draws} 次），在 {n} 个样本上的测试准确率："),
    "transfer_summary_line": ("{strategy_en}: {mean:.1f}% (draws {low:.1f}–{high:.1f}%), {trainable:,} trainable parameters",
                              "{strategy_zh}：{mean:.1f}%（各次 {low:.1f}–{high:.1f}%），可训练参数 {trainable:,} 个"),
    "transfer_verdict_helps": ("-> with {k} labels per class pretraining helps: {best_en} beats training from scratch "
                               "by {gain:.1f} points",
                               "-> 每类 {k} 个标签时预训练有帮助：{best_zh}比从头训练高 {gain:.1f} 个百分点"),
    "transfer_verdict_no_help": ("-> with {k} labels per class no transfer strategy beats training from scratch by more "
                                 "than 2 points (best: {best_en}, {gain:+.1f})",
                                 "-> 每类 {k} 个标签时，没有哪种迁移策略比从头训练高出 2 个百分点以上"
                                 "（最好的是{best_zh}，{gain:+.1f}）"),
    # residual_fit (experiments/residual_fit.py)
    "residual_fit_progress": ("Adam steps", "Adam 步"),
    "residual_fit_summary_head": ("Fit H(x) = x + {a} sin({b}x), {n} points in [-{r}, {r}]; F = MLP with {layers} "
                                  "hidden layers of {width}, {steps} full-batch Adam steps, lr {lr}, the same initial F "
                                  "for both nets:",
                                  "拟合 H(x) = x + {a} sin({b}x)，[-{r}, {r}] 中 {n} 个点；F = {layers} 个隐藏层、每层 "
                                  "{width} 个单元的 MLP，全批量 Adam {steps} 步，学习率 {lr}，两个网络的初始 F 相同："),
    "residual_fit_summary_line": ("{kind}: loss {start} at step 0, {end} at the end, {reached}; "
                                  "the learned F has RMS {rms}",
                                  "{kind}：第 0 步损失 {start}，结束时 {end}，{reached}；学到的 F 的均方根为 {rms}"),
    "residual_fit_reached": ("below {target} from step {step} on", "从第 {step} 步起低于 {target}"),
    "residual_fit_not_reached": ("never below {target}", "始终没有低于 {target}"),
    "residual_fit_verdict_yes": ("-> editing beats writing from a blank page: the residual net gets below the target "
                                 "loss {speedup}x sooner (its F only has to learn the small wiggle H(x) - x)",
                                 "-> 编辑文档胜过从空白页写起：残差网络低于目标损失的速度快 {speedup} 倍"
                                 "（它的 F 只需学习很小的波动 H(x) - x）"),
    "residual_fit_verdict_no": ("-> with these settings the residual net is not faster ({speedup}x)",
                                "-> 在这些设置下残差网络并不更快（{speedup} 倍）"),
    # --- plots -----------------------------------------------------------------------------------
    "plots_bad_grid": ("{name} must be a positive int (1, 2, ...), got {value!r}",
                       "{name} 必须是正整数（1、2……），收到 {value!r}"),
    "plots_bad_alt": ("a figure's description needs two non-empty strings (English, 中文), got {got}",
                      "图的描述需要两个非空字符串（英文，中文），收到 {got}"),
    "plots_font_missing": ("the bundled CJK font {path} is missing; reinstall resnet-lessons "
                           "or run tools/make_font_subset.py",
                           "缺少内置中文字体 {path}；请重新安装 resnet-lessons 或运行 tools/make_font_subset.py"),
    # gradients (plots/gradients.py)
    "gradients_plot_xlabel": ("layer (input → output)", "层（输入 → 输出）"),
    "gradients_plot_ylabel": ("gradient norm ‖∂loss/∂W‖ (log)", "梯度范数 ‖∂loss/∂W‖（对数）"),
    "gradients_plot_title": ("Gradient norm per layer: depth {depth}, {norm}, {init}{when}",
                             "每层的梯度范数：深度 {depth}，{norm}，{init}{when}"),
    "gradients_plot_when": (", after {k} SGD steps", "，{k} 步 SGD 之后"),
    "gradients_plot_bn": ("with BN", "有 BN"),
    "gradients_init_kaiming": ("Kaiming (He) init", "Kaiming（何恺明）初始化"),
    "gradients_init_default": ("PyTorch default init", "PyTorch 默认初始化"),
    "gradients_plot_zero": ("{kind}: {n} of {total} layers have a gradient of exactly 0 (not shown on a log axis)",
                            "{kind}：{total} 层中有 {n} 层的梯度恰好为 0（对数坐标轴上无法显示）"),
    # signal (plots/signal.py)
    "signal_err_statistic": ("statistic must be one of {allowed}, got {got}", "statistic 只能是 {allowed} 之一，收到 {got}"),
    "signal_plot_xlabel": ("block (0 = after the first layer)", "块（0 = 第一层之后）"),
    "signal_plot_ylabel_mean_square": ("mean squared activation E[x²] (log)", "均方激活 E[x²]（对数）"),
    "signal_plot_ylabel_variance": ("activation variance across the batch (log)", "激活在批次上的方差（对数）"),
    "signal_plot_title": ("Activation size after each block at initialisation: {model}, {norm}",
                          "初始化时每个块之后的激活大小：{model}，{norm}"),
    "signal_model_mlp": ("fully connected net", "全连接网络"),
    "signal_model_cifar": ("1-D CIFAR-style ResNet", "一维 CIFAR 风格 ResNet"),
    "signal_scaling_sqrt": ("branch × 1/√L", "分支 × 1/√L"),
    "signal_scaling_skipinit": ("SkipInit: branch × α, α = 0 at init", "SkipInit：分支 × α，初始 α = 0"),
    # shattered (plots/shattered.py)
    "shattered_plot_xlabel": ("blocks (log scale)", "块数（对数刻度）"),
    "shattered_plot_ylabel": ("lag-1 autocorrelation of df/dx", "df/dx 的滞后 1 自相关"),
    "shattered_plot_title": ("Gradient autocorrelation, {n} inputs ({norm}, {seeds} seeds)",
                             "{n} 个输入上的梯度自相关（{norm}，{seeds} 个随机种子）"),
    "shattered_plot_bn": ("BN, train mode", "BN，训练模式"),
    "shattered_curve_title": ("df/dx, L = {depth} blocks", "df/dx，L = {depth} 个块"),
    "shattered_curve_xlabel": ("input x", "输入 x"),
    "shattered_curve_ylabel": ("df/dx (standardised)", "df/dx（标准化）"),
    # landscape (plots/landscape.py)
    "landscape_alpha": ("coefficient α of direction 1", "方向 1 的系数 α"),
    "landscape_beta": ("coefficient β of direction 2", "方向 2 的系数 β"),
    "landscape_loss": ("training loss", "训练损失"),
    "landscape_log_loss": ("training loss (log scale)", "训练损失（对数刻度）"),
    "landscape_title_1d": ("1-D slices", "一维切片"),
    "landscape_trained": ("trained weights", "训练所得权重"),
    "landscape_suptitle": ("Loss landscape (Li et al. 2018 filter-normalised directions; qualitative)",
                           "损失曲面（Li 等 2018 的滤波器归一化方向；定性）"),
    "landscape_no_2d": ("this result has no 2-D slice (slices='1d')", "该结果没有二维切片（slices='1d'）"),
    # complexity (plots/complexity.py)
    "complexity_params_axis": ("parameters (millions)", "参数量（百万）"),
    "complexity_gmacs_axis": ("multiply-adds per image (billions)", "每张图像的乘加运算（十亿次）"),
    "complexity_paper": ("paper, Table 1 (cited)", "论文表 1（引用）"),
    "complexity_acc_axis": ("top-1 accuracy (%)", "top-1 准确率（%）"),
    "complexity_acc_title": ("ImageNet, torchvision {weights} weights, 224 centre crop (metadata)",
                             "ImageNet，torchvision {weights} 权重，224 中心裁剪（元数据）"),
    "complexity_resnets": ("ResNet family", "ResNet 家族"),
    "complexity_others": ("other torchvision models", "其他 torchvision 模型"),
    "complexity_latency_axis": ("latency, batch 1 (ms)", "延迟，批大小 1（毫秒）"),
    "complexity_throughput_axis": ("throughput (images/s)", "吞吐量（张/秒）"),
    "complexity_timing_title": ("{device}, {threads} thread(s), median of {n} runs", "{device}，{threads} 个线程，{n} 次运行的中位数"),
    "complexity_no_timing": ("no timings in this result: run it with timing=True",
                             "该结果没有计时数据：请以 timing=True 运行"),
    "complexity_err_axis": ("axis must be one of {allowed}, got {got}", "axis 只能是 {allowed} 之一，收到 {got}"),
    "complexity_err_weights": ("weights must be one of {allowed}, got {got}", "weights 只能是 {allowed} 之一，收到 {got}"),
    # every plot (plots/common.py)
    "plot_err_result": ("{arg} must be a {cls} (from {module}), got {got}",
                        "{arg} 必须是 {cls}（来自 {module}），收到 {got}"),
    "plot_err_result_or_none": ("{arg} must be a {cls} (from {module}) or None, got {got}",
                                "{arg} 必须是 {cls}（来自 {module}）或 None，收到 {got}"),
    # architecture (plots/architecture.py)
    "arch_params_axis_k": ("parameters (thousands)", "参数量（千）"),
    "arch_stem": ("stem", "起始层"),
    "arch_head": ("fc", "全连接层"),
    "arch_title": ("{label}: {total:,} parameters, {blocks} residual blocks",
                   "{label}：{total:,} 个参数，{blocks} 个残差块"),
    "arch_family_title": ("Parameters per stage, counted from our models",
                          "各阶段的参数量（由我们的模型统计）"),
    "arch_err_description": ("{arg} must be a dict from describe_variant(name), got {got}",
                             "{arg} 必须是 describe_variant(name) 返回的字典，收到 {got}"),
    "arch_err_descriptions": ("descriptions must be a non-empty list of dicts from describe_variant(name), got {got}",
                              "descriptions 必须是由 describe_variant(name) 返回的字典组成的非空列表，收到 {got}"),
    # degradation (plots/degradation.py)
    "degradation_plot_iteration_axis": ("iterations (SGD steps)", "迭代次数（SGD 步）"),
    "degradation_plot_error_axis": ("error (%)", "误差（%）"),
    "degradation_plot_plain_train": ("plain: training error", "普通网络：训练误差"),
    "degradation_plot_plain_test": ("plain: test error", "普通网络：测试误差"),
    "degradation_plot_residual_train": ("ResNet: training error", "残差网络：训练误差"),
    "degradation_plot_residual_test": ("ResNet: test error", "残差网络：测试误差"),
    "degradation_plot_title_plain": ("plain networks", "普通网络"),
    "degradation_plot_title_residual": ("residual networks (ResNets)", "残差网络（ResNet）"),
    "degradation_plot_final_title": ("Final error vs depth", "最终误差与深度"),
    "degradation_plot_final_axis": ("final error (%)", "最终误差（%）"),
    "degradation_plot_loss_axis": ("mini-batch loss (log scale)", "小批量损失（对数刻度）"),
    "degradation_plot_suptitle": ("{dataset}, {epochs} epochs, batch {batch}, lr {lr}, seed {seed}: "
                                  "the same budget for every net",
                                  "{dataset}，{epochs} 轮，批大小 {batch}，学习率 {lr}，种子 {seed}：每个网络的训练预算相同"),
    "degradation_plot_precomputed": ("precomputed with", "预先计算的命令"),
    "sweep_plot_suptitle": ("{dataset}, {epochs} epochs, batch {batch}, lr {lr}: mean of {n} seeds, band = lowest to "
                            "highest seed, faint = each seed",
                            "{dataset}，{epochs} 轮，批大小 {batch}，学习率 {lr}：{n} 个种子的均值，色带 = 最低到最高，淡线 = 各种子"),
    "sweep_plot_train_error_axis": ("training error (%)", "训练误差（%）"),
    "sweep_plot_test_error_axis": ("test error (%)", "测试误差（%）"),
    "sweep_plot_final_title": ("Final error vs depth ({n} seeds)", "最终误差与深度（{n} 个随机种子）"),
    "sweep_plot_your_run": ("your run", "你的运行"),
    "sweep_plot_band": ("{n} seeds on our machine (band: lowest–highest)", "我们机器上的 {n} 个随机种子（色带：最低–最高）"),
    "sweep_plot_live_title": ("Your run against the shipped seeds (same budget)", "你的运行与随附的多个种子对比（相同预算）"),
    "degradation_plot_empty": ("nothing trained yet: press Run", "尚未训练：请按“运行”"),
    # lesion (plots/lesion.py)
    "lesion_plot_block_axis": ("deleted block (stage.index)", "删除的块（阶段.序号）"),
    "lesion_plot_k_axis": ("number of blocks deleted at random", "随机删除的块数"),
    "lesion_plot_baseline": ("{net_en}, intact", "{net_zh}，完整"),
    "lesion_plot_deleted": ("{net_en}, this block deleted", "{net_zh}，删除该块"),
    "lesion_plot_down": ("downsampling block", "下采样块"),
    "lesion_plot_na": ("plain: cannot delete (shape changes)", "普通网络：无法删除（形状改变）"),
    "lesion_plot_na_short": ("cannot delete", "无法删除"),
    "lesion_plot_single_title": ("Deleting one block at a time", "每次删除一个块"),
    "lesion_plot_random_title": ("k random blocks deleted (mean ± std, ≤ {draws} subsets)",
                                 "随机删除 k 个块（均值 ± 标准差，≤ {draws} 个子集）"),
    "lesion_plot_suptitle": ("Lesion study (Veit et al. 2016): depth {depth}, {epochs} epochs on MNIST-1D, seed {seed}; "
                             "no retraining after a deletion",
                             "损伤实验（Veit 等 2016）：深度 {depth}，在 MNIST-1D 上训练 {epochs} 轮，种子 {seed}；"
                             "删除后不重新训练"),
    "lesion_plot_single_seeds_title": ("Deleting one block at a time (mean of {n} seeds; dots: each seed)",
                                       "每次删除一个块（{n} 个随机种子的均值；点：各种子）"),
    "lesion_plot_random_seeds_title": ("k random blocks deleted (mean of {n} seeds, band: lowest–highest)",
                                       "随机删除 k 个块（{n} 个种子的均值，色带：最低–最高）"),
    "lesion_plot_seeds_suptitle": ("Lesion study (Veit et al. 2016) at depth {depth}: {epochs} epochs on MNIST-1D, seeds "
                                   "{seeds}", "损伤实验（Veit 等 2016），深度 {depth}：在 MNIST-1D 上训练 {epochs} 轮，"
                                   "随机种子 {seeds}"),
    "lesion_plot_intact": ("intact (light)", "完整（浅色）"),
    "lesion_plot_selected": ("chosen blocks deleted (dark)", "删除所选块（深色）"),
    "lesion_plot_selection_title": ("deleted: {blocks}", "删除：{blocks}"),
    "lesion_plot_selection_none": ("nothing deleted yet: both nets intact (pick blocks above)",
                                   "尚未删除任何块：两个网络都完整（在上方选择要删除的块）"),
    # schedules (plots/schedules.py)
    "schedules_err_curves": ("curves must be a non-empty list of dicts with a 'label' (str) and an 'lr' list, got {got}",
                             "curves 必须是非空列表，每项是含 'label'（字符串）和 'lr'（列表）的字典，收到 {got}"),
    "schedules_err_values": ("the learning rates of curve {label!r} must be finite numbers >= 0",
                             "曲线 {label!r} 的学习率必须是 >= 0 的有限数"),
    "schedules_err_steps_per_epoch": ("steps_per_epoch must be a positive number or None, got {got}",
                                      "steps_per_epoch 必须是正数或 None，收到 {got}"),
    "schedules_err_linestyle": ("the linestyle of curve {label!r} must be one of {allowed}",
                                "曲线 {label!r} 的 linestyle 只能是 {allowed} 之一"),
    "schedules_err_log": ("log must be True or False, got {got}", "log 必须是 True 或 False，收到 {got}"),
    "schedules_step_axis": ("optimizer step (iteration)", "优化器步数（迭代）"),
    "schedules_lr_axis": ("learning rate", "学习率"),
    "schedules_title": ("Learning-rate schedules", "学习率调度"),
    "schedules_name_constant": ("constant", "常数"),
    "schedules_name_step": ("step", "阶梯"),
    "schedules_name_cosine": ("cosine", "余弦"),
    "schedules_name_linear": ("linear decay", "线性衰减"),
    "schedules_at": ("÷{gamma} at {where}", "（在 {where} 处 ÷{gamma}）"),
    "schedules_peak": ("peak {lr:g}", "峰值 {lr:g}"),
    "schedules_warmup_linear": ("{epochs:g}-epoch linear warm-up", "{epochs:g} 轮线性预热"),
    "schedules_warmup_constant": ("lr/10 for the first {epochs:g} epoch(s)", "前 {epochs:g} 轮用 lr/10"),
    "schedules_paper": ("paper: 0.1, ÷10 at 32k and 48k of 64k", "论文：0.1，在 64k 中的 32k 和 48k 处 ÷10"),
    # recipes (plots/recipes.py)
    "recipes_err_empty": ("this result has no runs to plot", "该结果没有可绘制的训练记录"),
    "recipes_err_histories": ("histories must be a non-empty dict: label -> History (from resnet_lessons.train.train), "
                              "got {got}",
                              "histories 必须是非空字典：标签 -> History（由 resnet_lessons.train.train 返回），收到 {got}"),
    "recipes_plot_errors_title": ("Training and test error after every epoch", "每轮之后的训练误差与测试误差"),
    "recipes_err_smooth": ("smooth must be an int >= 1 (1: no smoothing), got {got}", "smooth 必须是 >= 1 的整数（1：不平滑），收到 {got}"),
    "recipes_plot_step_axis": ("SGD step", "SGD 步数"),
    "recipes_plot_loss_axis_smooth": ("loss, mean of {k} steps (log)", "损失，{k} 步平均（对数）"),
    "recipes_plot_chance": ("ln 10: a uniform guess", "ln 10：均匀猜测"),
    "recipes_plot_title": ("ResNet-{depth} (1-D) on MNIST-1D, batch {batch}, lr {lr}, same seed",
                           "ResNet-{depth}（一维）在 MNIST-1D 上，批大小 {batch}，学习率 {lr}，相同种子"),
    "recipes_plot_seeds_title": ("ResNet-{depth} (1-D) on MNIST-1D, batch {batch}, lr {lr}: seeds {seeds} (thin), "
                                 "their mean (thick)",
                                 "ResNet-{depth}（一维）在 MNIST-1D 上，批大小 {batch}，学习率 {lr}：种子 {seeds}（细线）"
                                 "及其平均（粗线）"),
    "recipes_plot_warmup_end": ("end of the warm-up", "预热结束"),
    # transfer (plots/transfer.py)
    "transfer_err_result": ("result must be a TransferResult (from experiments.transfer.run) or None, got {got}",
                            "result 必须是 TransferResult（由 experiments.transfer.run 得到）或 None，收到 {got}"),
    "transfer_plot_axis": ("test accuracy, digits 5-9 (%)", "测试准确率，数字 5–9（%）"),
    "transfer_plot_labels_axis": ("labelled examples per class", "每类标注样本数"),
    "transfer_plot_title": ("Pretrained on digits 0-4, transferred to 5-9 ({dataset}, ResNet-{depth}): bars = mean, dots = draws",
                            "在数字 0–4 上预训练，迁移到 5–9（{dataset}，ResNet-{depth}）：柱 = 平均，点 = 各次抽样"),
    "transfer_plot_chance": ("chance (20%)", "随机猜测（20%）"),
    "transfer_plot_legend": ("{strategy_en} ({trainable:,} trainable)", "{strategy_zh}（可训练 {trainable:,} 个）"),
    "transfer_plot_empty": ("nothing trained yet: choose a strategy and press Run", "尚未训练：选择策略后按“运行”"),
    # debugging (plots/debugging.py)
    "debug_err_flow": ("{arg} must be the dict of debugging.gradient_flow() (keys 'loss' and 'layers'), got {got}",
                       "{arg} 必须是 debugging.gradient_flow() 返回的字典（含 'loss' 和 'layers'），收到 {got}"),
    "debug_err_channels": ("channels must be an int from 1 to 16, got {got}", "channels 必须是 1 到 16 之间的整数，收到 {got}"),
    "debug_err_curves": ("curves must be a non-empty dict {{label: [loss, ...]}}, got {got}",
                         "curves 必须是非空字典 {{标签: [损失, ...]}}，收到 {got}"),
    "debug_plot_grad_axis": ("|gradient| (log scale)", "|梯度|（对数刻度）"),
    "debug_plot_grad_axis_linear": ("|gradient|", "|梯度|"),
    "debug_plot_nonfinite": ("{n} of {total} layers have a NaN or infinite gradient (not drawn)",
                             "{total} 层中有 {n} 层的梯度为 NaN 或无穷大（未画出）"),
    "debug_plot_mean": ("mean |grad|", "平均 |梯度|"),
    "debug_plot_max": ("max |grad|", "最大 |梯度|"),
    "debug_plot_grad_title": ("Gradient flow, one backward pass: {label_en} (loss {loss:.3g})",
                              "一次反向传播的梯度流：{label_zh}（损失 {loss:.3g}）"),
    "debug_plot_reference": ("reference: mean |grad|", "参照：平均 |梯度|"),
    "debug_plot_zero": ("{n} of {total} layers have a gradient of exactly 0 (not shown on the log axis)",
                        "{total} 层中有 {n} 层的梯度恰好为 0（对数坐标轴上无法显示）"),
    "debug_plot_maps_title": ("Feature maps: the first {n} channels of each layer", "特征图：每层的前 {n} 个通道"),
    "debug_plot_position": ("position", "位置"),
    "debug_plot_loss_axis": ("mini-batch training loss (log scale)", "小批量训练损失（对数刻度）"),
    "debug_plot_step_axis": ("SGD step", "SGD 步"),
    "debug_plot_losses_title": ("Training loss of every mini-batch", "每个小批量的训练损失"),
    "debug_plot_seeds": ("mean of {n} seeds; band: their min to max; faint: each seed",
                         "{n} 个种子的平均值；色带：最小到最大；淡线：每个种子"),
    # recap (plots/recap.py, lesson 09)
    "recap_title_degradation": ("Deeper plain nets train worse, ResNets do not (lesson 01)",
                                "更深的普通网络训练得更差，残差网络则不会（第 01 课）"),
    "recap_title_gradients": ("Gradient norm per layer at initialisation, depth {depth} (lessons 01, 02)",
                              "初始化时每层的梯度范数，深度 {depth}（第 01、02 课）"),
    "recap_title_shattered": ("Without skips the gradient shatters (lesson 01)", "没有跳跃连接，梯度会破碎（第 01 课）"),
    "recap_title_accuracy": ("ImageNet top-1 vs parameters, torchvision {weights} (lesson 07)",
                             "ImageNet top-1 与参数量，torchvision {weights}（第 07 课）"),
    "recap_suptitle": ("What the course measured", "本课程测得了什么"),
    "recap_missing": ("not computed: pass a {cls}", "未计算：请传入 {cls}"),
    "recap_precomputed": ("degradation panel precomputed with: {command}", "退化面板的预先计算命令：{command}"),
    "recap_live": ("degradation panel trained live: {epochs} epochs, batch {batch}, lr {lr}",
                   "退化面板为现场训练：{epochs} 轮，批大小 {batch}，学习率 {lr}"),
    # residual_fit (plots/residual_fit.py)
    "residual_fit_plot_fit_title": ("What each net outputs", "每个网络的输出"),
    "residual_fit_plot_target": ("target H(x)", "目标 H(x)"),
    "residual_fit_plot_identity": ("identity x", "恒等映射 x"),
    "residual_fit_plot_plain": ("plain: F(x)", "普通网络：F(x)"),
    "residual_fit_plot_residual": ("residual: x + F(x)", "残差网络：x + F(x)"),
    "input": ("input", "输入"),
    "output": ("output", "输出"),
    "residual_fit_plot_branch_title": ("What the layers F learned", "层 F 学到了什么"),
    "residual_fit_plot_branch_plain": ("plain F: must become H", "普通网络的 F：必须变成 H"),
    "residual_fit_plot_branch_residual": ("residual F: must become H - x", "残差网络的 F：必须变成 H - x"),
    "residual_fit_plot_residual_target": ("the residual H(x) - x", "残差 H(x) - x"),
    "residual_fit_plot_branch_axis": ("layers' output F(x)", "层的输出 F(x)"),
    "residual_fit_plot_loss_title": ("Training loss after each step", "每步之后的训练损失"),
    "residual_fit_plot_loss_axis": ("mean squared error (log scale)", "均方误差（对数刻度）"),
    "residual_fit_plot_step_axis": ("Adam step", "Adam 步"),
    "residual_fit_plot_target_loss": ("target loss {target}", "目标损失 {target}"),
    # --- plots: figure fixes (issue 14) ---
    "signal_model_cifar_plain": ("1-D CIFAR-style plain net (no shortcuts)", "一维 CIFAR 风格普通网络（无捷径连接）"),
    "signal_model_cifar_both": ("1-D CIFAR-style nets, plain and residual", "一维 CIFAR 风格网络，普通网络与残差网络"),
    "signal_model_mlp_plain": ("fully connected plain net", "全连接普通网络"),
    "debug_plot_diverged_mark": ("diverged", "发散"),
    "debug_plot_diverged_clip": ("diverged at step {step}: loss NaN/inf or above {cap} (cut off at ×)",
                                 "在第 {step} 步发散：损失为 NaN/inf 或超过 {cap}（在 × 处截断）"),
    "schedules_clipped": ("values below {low} are not shown (log axis)", "低于 {low} 的值未显示（对数轴）"),
    # --- widgets ---------------------------------------------------------------------------------
    "static_copy": ("interactive widget; a static copy of its figure is stored for readers without widgets",
                    "交互控件；为无法运行控件的读者保存了图的静态副本"),
    # gradients (widgets/gradients.py)
    "gradients_w_title": ("Gradient norm of every layer at initialisation: plain vs residual",
                          "初始化时每一层的梯度范数：普通网络与残差网络"),
    "gradients_w_depth": ("depth", "深度"),
    "gradients_w_bn": ("batch norm", "批归一化"),
    "gradients_w_init": ("init", "初始化"),
    # signal (widgets/signal.py)
    "signal_w_title": ("Signal propagation at initialisation: activation size after each block",
                       "初始化时的信号传播：每个块之后的激活大小"),
    "signal_w_scaling": ("branch scaling", "分支缩放"),
    "signal_w_scaling_none": ("none", "无"),
    "signal_w_scaling_sqrt": ("1/√L", "1/√L 缩放"),
    "signal_w_scaling_skipinit": ("SkipInit (α = 0)", "SkipInit（α 初始为 0）"),
    # landscape (widgets/landscape.py)
    "landscape_w_title": ("Loss landscape: plain vs residual", "损失曲面：普通网络与残差网络"),
    "landscape_w_resolution": ("grid", "网格"),
    "landscape_w_both": ("plain + residual", "普通 + 残差"),
    "landscape_w_empty": ("No stored result for this setting yet.\nPress Run: it trains the nets, then slices them.",
                          "此设置还没有保存的结果。\n请按“运行”：先训练网络，再切片。"),
    # complexity (widgets/complexity.py)
    "complexity_w_title": ("Model size and speed", "模型大小与速度"),
    "complexity_w_models": ("models", "模型"),
    "complexity_w_axis": ("show", "显示"),
    "complexity_w_timing": ("measure speed (slow)", "测量速度（较慢）"),
    "complexity_w_params": ("parameters", "参数量"),
    "complexity_w_gmacs": ("multiply-adds", "乘加运算"),
    "complexity_w_latency": ("latency", "延迟"),
    "complexity_w_need_timing": ("latency needs timings: tick \u201c{box}\u201d", "显示延迟需要计时：请勾选“{box}”"),
    # architecture (widgets/architecture.py)
    "arch_w_title": ("ResNet explorer: where the parameters live", "ResNet 探索器：参数都在哪里"),
    "arch_w_variant": ("model", "模型"),
    "arch_err_variant": ("variant must be one of {allowed}, got {got}", "variant 只能是 {allowed} 之一，收到 {got}"),
    # degradation (widgets/degradation.py)
    "degradation_w_title": ("The degradation problem: train plain and residual nets of growing depth, same budget",
                            "退化问题：用相同的训练预算训练深度递增的普通网络与残差网络"),
    "degradation_w_slider_title": ("Depth slider: each Run trains a plain and a residual net at this depth and adds "
                                   "them to the figure",
                                   "深度滑块：每次“运行”都在该深度训练一个普通网络和一个残差网络，并加入图中"),
    "degradation_w_depths": ("depths", "深度"),
    "degradation_w_epochs": ("epochs", "轮数"),
    "degradation_w_plain": ("plain nets", "普通网络"),
    "degradation_w_residual": ("residual nets", "残差网络"),
    "degradation_w_clear": ("Clear", "清除"),
    "degradation_w_live": ("net {i} of {n}, {net}: epoch {epoch} of {epochs}…",
                           "第 {i}/{n} 个网络，{net}：第 {epoch}/{epochs} 轮…"),
    "degradation_w_stopped": ("stopped: the figure shows the {n} net(s) trained so far (the last one cut short)",
                              "已停止：图中是目前训练的 {n} 个网络（最后一个未训练完）"),
    "degradation_err_w_depths": ("depths must be distinct values from {allowed}, at least one, got {got}",
                                 "depths 必须是 {allowed} 中不重复的值，至少一个，收到 {got}"),
    # lesion (widgets/lesion.py)
    "lesion_w_title": ("Lesion study: delete blocks of the trained nets (no retraining)",
                       "损伤实验：删除已训练网络的块（不重新训练）"),
    "lesion_w_blocks": ("blocks to delete", "要删除的块"),
    "lesion_w_down": ("downsampling", "下采样"),
    # schedules (widgets/schedules.py)
    "schedules_w_title": ("Learning-rate schedule explorer (nothing is trained: instant)",
                          "学习率调度探索器（不训练，即时重绘）"),
    "schedules_w_schedule": ("schedule", "调度"),
    "schedules_w_lr": ("peak lr", "峰值学习率"),
    "schedules_w_warmup": ("warm-up (epochs)", "预热（轮）"),
    "schedules_w_warmup_kind": ("warm-up kind", "预热方式"),
    "schedules_w_warmup_linear": ("linear", "线性"),
    "schedules_w_warmup_constant": ("constant lr/10", "常数 lr/10"),
    "schedules_w_milestones": ("step milestones", "阶梯位置"),
    "schedules_w_log": ("log scale", "对数刻度"),
    "schedules_w_figure_title": ("{steps:,} steps of batch 128 on CIFAR-10's 50,000 images (391 per epoch)",
                                 "在 CIFAR-10 的 50,000 张图像上以批大小 128 训练 {steps:,} 步（每轮 391 步）"),
    "schedules_err_int": ("{arg} must be a positive int (at most 10,000,000), got {got}",
                          "{arg} 必须是正整数（不超过 10,000,000），收到 {got}"),
    "schedules_err_widget_range": ("the explorer's sliders allow lr in [0.001, 10] and warm-up in [0, {max}] epochs; "
                                   "got lr={lr!r}, warmup_epochs={warmup!r}",
                                   "探索器的滑块只允许学习率在 [0.001, 10]、预热在 [0, {max}] 轮之内；"
                                   "收到 lr={lr!r}，warmup_epochs={warmup!r}"),
    # transfer (widgets/transfer.py)
    "transfer_w_title": ("Transfer learning: choose a strategy and the labels per class, then press Run",
                         "迁移学习：选择策略和每类标签数，然后按“运行”"),
    "transfer_w_strategy": ("strategy", "策略"),
    "transfer_w_labels": ("labels per class", "每类标签数"),
    # debugging (widgets/debugging.py)
    "debug_w_title": ("Gradient-flow explorer: one backward pass through a ResNet with a classic mistake",
                      "梯度流探索器：带有经典错误的 ResNet 的一次反向传播"),
    "debug_w_label": ("{variant_en}, depth {depth}", "{variant_zh}，深度 {depth}"),
    "debug_w_reference": ("correct ResNet-{depth}: mean |grad|", "正确的 ResNet-{depth}：平均 |梯度|"),
    # quiz (widgets/quiz.py, lesson 09)
    "quiz_title": ("Self-check: what did the course measure?", "自测：本课程测得了什么？"),
    "quiz_question": ("Question {i}", "第 {i} 题"),
    "quiz_answer": ("answer", "答案"),
    "quiz_right": ("✅ Right.", "✅ 正确。"),
    "quiz_wrong": ("❌ Not quite. Hint:", "❌ 不太对。提示："),
    "quiz_see": ("see {lesson}", "参见 {lesson}"),
    "quiz_score": ("{right} of {total} right ({answered} answered)", "{total} 题中答对 {right} 题（已答 {answered} 题）"),
    "quiz_static": ("interactive quiz: choose a letter under each question for instant feedback; the questions are "
                    "stored as text for readers without widgets",
                    "交互测验：在每道题下选择一个字母即可得到即时反馈；题目以文本形式保存，供无法运行控件的读者阅读"),
    "quiz_err_questions": ("questions must be a non-empty list of Question objects, got {got}",
                           "questions 必须是由 Question 对象组成的非空列表，收到 {got}"),
    "quiz_err_text": ("{arg} must be a non-empty str or an (English, 中文) pair of str, got {got}",
                      "{arg} 必须是非空字符串，或 (English, 中文) 两个字符串组成的元组，收到 {got}"),
    "quiz_err_options": ("options must be a list of 2 to 6 texts, got {got}", "options 必须是含 2 到 6 个文本的列表，收到 {got}"),
    "quiz_err_answer": ("answer must be an int from 0 to {high} (the index of the right option), got {got}",
                        "answer 必须是 0 到 {high} 之间的整数（正确选项的序号），收到 {got}"),
    "quiz_err_lang": ("lang must be None or one of {allowed}, got {got}", "lang 必须是 None 或 {allowed} 之一，收到 {got}"),
    # the course's self-check questions (lesson 09): question, options o1..o4, explanation, hint
    "quiz_q1": ("With the same budget, a 56-layer plain net ends with a higher training error than a 20-layer one. "
                "Why is this not overfitting?",
                "在相同的训练预算下，56 层普通网络最终的训练误差高于 20 层的。为什么这不是过拟合（overfitting）？"),
    "quiz_q1_o1": ("Because its test error is lower than the 20-layer net's.", "因为它的测试误差比 20 层网络的低。"),
    "quiz_q1_o2": ("Overfitting fits the training set too well; the deeper net cannot even fit the training set: "
                   "the optimisation fails.",
                   "过拟合是把训练集拟合得太好；更深的网络连训练集都拟合不好：是优化失败了。"),
    "quiz_q1_o3": ("Because it has fewer parameters than the 20-layer net.", "因为它的参数比 20 层网络少。"),
    "quiz_q1_o4": ("Because batch normalization prevents overfitting.", "因为批归一化能防止过拟合。"),
    "quiz_q1_why": ("Overfitting means a low training error and a high test error. The deeper plain net is worse on the "
                    "training set itself, although it could copy the shallow net and make its extra layers identities: "
                    "the degradation problem.",
                    "过拟合指训练误差低而测试误差高。更深的普通网络在训练集上就更差，尽管它本可以复制浅层网络、"
                    "把多出的层变成恒等映射：这就是退化问题。"),
    "quiz_q1_hint": ("what does overfitting do to the training error?", "过拟合会让训练误差怎样变化？"),
    "quiz_q2": ("How many parameters does an option A shortcut add to a CIFAR ResNet?",
                "选项 A 捷径会给 CIFAR ResNet 增加多少参数？"),
    "quiz_q2_o1": ("None: it is the identity, with the extra channels filled with zeros.",
                   "一个也不增加：它是恒等映射，多出的通道用零填充。"),
    "quiz_q2_o2": ("The weights of a 1x1 convolution wherever the shape changes.", "在形状改变处，一个 1x1 卷积的权重。"),
    "quiz_q2_o3": ("One learnable scalar per block.", "每个块一个可学习的标量。"),
    "quiz_q2_o4": ("As many as the first convolution of the block.", "与块中第一个卷积一样多。"),
    "quiz_q2_why": ("ResNet-20 with option A has 269,722 parameters, exactly as many as its plain twin, so the comparison "
                    "of plain and residual nets is fair; option B's 1x1 projections make it 272,474.",
                    "选项 A 的 ResNet-20 有 269,722 个参数，与其普通孪生网络完全相同，所以普通网络与残差网络的比较是公平的；"
                    "选项 B 的 1x1 投影使它变为 272,474 个。"),
    "quiz_q2_hint": ("compare ResNet-20's parameter count with its plain twin's.", "比较 ResNet-20 与其普通孪生网络的参数量。"),
    "quiz_q3": ("At initialisation, with BN, how do the per-layer gradient norms of a 56-layer plain net behave?",
                "初始化时（有 BN），56 层普通网络各层的梯度范数表现如何？"),
    "quiz_q3_o1": ("They vanish toward the input: the first layers get almost nothing.", "向输入方向消失：前几层几乎得不到梯度。"),
    "quiz_q3_o2": ("They are all exactly equal.", "各层完全相等。"),
    "quiz_q3_o3": ("They grow toward the input, by orders of magnitude; the residual twin's stay within a narrow band.",
                   "向输入方向增大，相差几个数量级；残差孪生网络的梯度则保持在一个窄带内。"),
    "quiz_q3_o4": ("They are all zero because BN removes the gradient.", "全部为零，因为 BN 消除了梯度。"),
    "quiz_q3_why": ("With BN a deep plain net's gradients explode toward the input at initialisation (Yang et al. 2019); "
                    "they do not vanish. So the degradation problem is not a vanishing-gradient problem: the paper checks "
                    "that BN keeps the gradients healthy.",
                    "有 BN 时，深层普通网络的梯度在初始化时向输入方向爆炸（Yang 等 2019），并没有消失。所以退化问题"
                    "不是梯度消失问题：论文检查过 BN 使梯度保持正常。"),
    "quiz_q3_hint": ("look at the recap figure's gradient panel: which end of the plain net has the larger norms?",
                     "看回顾图中的梯度面板：普通网络哪一端的范数更大？"),
    "quiz_q4": ("torchvision's ResNet-50 costs 4.09 billion multiply-adds, the paper's Table 1 says 3.8. Why?",
                "torchvision 的 ResNet-50 需要 40.9 亿次乘加运算，论文表 1 却是 38 亿。为什么？"),
    "quiz_q4_o1": ("torchvision counts FLOPs, the paper counts multiply-adds.", "torchvision 统计的是 FLOPs，论文统计的是乘加运算。"),
    "quiz_q4_o2": ("torchvision puts the stride on the 3x3 conv (V1.5), which then runs on the larger map; with the stride "
                   "on the first 1x1 conv, as in the paper, we count 3.86.",
                   "torchvision 把步幅放在 3x3 卷积上（V1.5），3x3 卷积因此在更大的特征图上运行；像论文那样把步幅放在"
                   "第一个 1x1 卷积上，我们统计得到 3.86。"),
    "quiz_q4_o3": ("torchvision's ResNet-50 has more layers.", "torchvision 的 ResNet-50 层数更多。"),
    "quiz_q4_o4": ("The paper left out the fully connected layer.", "论文没有计入全连接层。"),
    "quiz_q4_why": ("The weights are the same; only the place of the stride differs. to_paper_v1 moves it back and "
                    "FlopCounterMode counts 3.858 billion. (FLOPs would be twice the multiply-adds: 8.2 billion.)",
                    "权重完全相同，只是步幅的位置不同。to_paper_v1 把步幅移回原处，FlopCounterMode 统计得到 38.58 亿。"
                    "（FLOPs 是乘加运算的两倍：82 亿。）"),
    "quiz_q4_hint": ("the weights are identical in both versions; what else changes the cost of a convolution?",
                     "两个版本的权重完全相同；还有什么会改变卷积的计算量？"),
    "quiz_q5": ("Why must torchvision's ImageNet accuracy (76.1 % for ResNet-50 V1) not be compared one to one with the "
                "paper's 22.85 % top-1 error?",
                "为什么不能把 torchvision 的 ImageNet 准确率（ResNet-50 V1 为 76.1 %）与论文的 22.85 % top-1 误差直接对比？"),
    "quiz_q5_o1": ("They are the same measurement: 100 - 22.85 = 77.15, close to 76.1.",
                   "它们是同一种测量：100 - 22.85 = 77.15，与 76.1 接近。"),
    "quiz_q5_o2": ("The paper used a different version of ImageNet.", "论文用的是另一个版本的 ImageNet。"),
    "quiz_q5_o3": ("torchvision's number is a top-5 accuracy.", "torchvision 的数字是 top-5 准确率。"),
    "quiz_q5_o4": ("torchvision scores one 224 centre crop, the paper averages 10 crops; the training recipe and the "
                   "stride placement differ too.",
                   "torchvision 只评估一个 224 的中心裁剪，论文对 10 个裁剪取平均；训练方案和步幅位置也不同。"),
    "quiz_q5_why": ("10-crop testing averages the predictions of ten views of each image and scores higher than one centre "
                    "crop; the weights were also trained by a different recipe. Compare numbers measured the same way.",
                    "10 裁剪测试对每张图像的十个视图的预测取平均，得分高于单个中心裁剪；权重也是用不同的训练方案训练的。"
                    "只比较用同样方法测得的数字。"),
    "quiz_q5_hint": ("how many views of each image does each number use?", "每个数字各用了每张图像的几个视图？"),
    "quiz_q6": ("In a 24-block feedforward net with BN, how are the gradients df/dx at neighbouring inputs related?",
                "在 24 个块、带 BN 的前馈网络中，相邻输入处的梯度 df/dx 之间有什么关系？"),
    "quiz_q6_o1": ("Almost perfectly correlated: df/dx is smooth.", "几乎完全相关：df/dx 很平滑。"),
    "quiz_q6_o2": ("Exactly zero everywhere.", "处处恰好为零。"),
    "quiz_q6_o3": ("Uncorrelated, like white noise (shattered); the residual net's stay correlated.",
                   "不相关，像白噪声（破碎）；残差网络的梯度则保持相关。"),
    "quiz_q6_o4": ("Anti-correlated, close to -1.", "负相关，接近 -1。"),
    "quiz_q6_why": ("Balduzzi et al. 2017: in a deep feedforward net the gradient's correlation across inputs decays "
                    "exponentially with depth, with skips only slowly; the recap figure measures it.",
                    "Balduzzi 等 2017：在深层前馈网络中，梯度在不同输入间的相关性随深度指数衰减，有跳跃连接时只缓慢衰减；"
                    "回顾图测量了这一点。"),
    "quiz_q6_hint": ("read the recap figure's autocorrelation panel at 24 blocks.", "看回顾图中自相关面板在 24 个块处的值。"),
    "quiz_q7": ("What happens when you delete one same-shape block of a trained ResNet at test time, without retraining?",
                "测试时删除已训练残差网络中一个形状不变的块（不重新训练），会怎样？"),
    "quiz_q7_o1": ("Its error barely changes; deleting a layer of a plain net destroys it.",
                   "误差几乎不变；而删除普通网络的一层会使它崩溃。"),
    "quiz_q7_o2": ("It breaks down, just like a plain net.", "它会崩溃，和普通网络一样。"),
    "quiz_q7_o3": ("It is hurt far less than its plain twin, but more than a third of the deletions raise its error by "
                   "more than 5 points.", "它受到的损害远小于普通孪生网络，但超过三分之一的删除会使误差上升 5 个百分点以上。"),
    "quiz_q7_o4": ("It cannot be done: the shapes no longer match.", "做不到：形状不再匹配。"),
    # The explanation shown for the option the measurement made right (lesson 02, the deep lesion study).
    "quiz_q7_why_veit": ("Measured in lesson 02 on ResNet-56 and ResNet-110 (shipped seeds): most single deletions change "
                         "the error by at most 5 points — a few early blocks are the exception — while every deletion "
                         "breaks plain-56, as Veit et al. 2016 found: the shortcut still carries the signal past the "
                         "deleted block.",
                         "在第 02 课中对 ResNet-56 和 ResNet-110 测得（随附的随机种子）：大多数单块删除使误差变化不超过 "
                         "5 个百分点——少数靠前的块例外——而每一次删除都会破坏普通网络-56，与 Veit 等 2016 的发现一致："
                         "捷径仍然把信号送过被删除的块。"),
    "quiz_q7_why_partial": ("Measured in lesson 02 on ResNet-56 and ResNet-110 (shipped seeds): the shortcut keeps the "
                            "ResNet far better than its plain twin, but more than a third of the deletions cost it more "
                            "than 5 points: Veit et al.'s 'barely changes' holds only in part here.",
                            "在第 02 课中对 ResNet-56 和 ResNet-110 测得（随附的随机种子）：捷径让残差网络远好于它的普通"
                            "孪生网络，但超过三分之一的删除使它的误差上升 5 个百分点以上：Veit 等所说的“几乎不变”在这里"
                            "只部分成立。"),
    "quiz_q7_why_hurt": ("Measured in lesson 02 (shipped seeds): most single deletions hurt the deep ResNets, and their "
                         "plain twins never trained, so there is no comparison.",
                         "在第 02 课中测得（随附的随机种子）：大多数单块删除都会损害深层残差网络，而它们的普通孪生网络"
                         "根本没有训练成功，因此无法比较。"),
    "quiz_q7_why_none": ("Measured on ResNet-110 (lesson 02, shipped seeds): at our scale deleting a block breaks the "
                         "ResNet about as badly as its plain twin.",
                         "在 ResNet-110 上测得（第 02 课，随附的随机种子）：在我们的规模下，删除一个块对残差网络的破坏"
                         "与对普通孪生网络差不多。"),
    "quiz_q7_hint": ("look at the deep lesion study of lesson 02: how many single deletions stayed within 5 points?",
                     "看第 02 课的深层损伤实验：有多少次单块删除的误差变化不超过 5 个百分点？"),
    "quiz_q8": ("Why can ResNet-50 have 50 layers at about the cost of ResNet-34?",
                "为什么 ResNet-50 有 50 层，计算量却与 ResNet-34 相近？"),
    "quiz_q8_o1": ("It uses smaller input images.", "它使用更小的输入图像。"),
    "quiz_q8_o2": ("It has no projection shortcuts.", "它没有投影捷径。"),
    "quiz_q8_o3": ("Its blocks have no batch normalization.", "它的块没有批归一化。"),
    "quiz_q8_o4": ("Bottleneck blocks do their 3x3 convolution on a quarter of the channels, between two cheap 1x1 convs.",
                   "瓶颈块在四分之一的通道上做 3x3 卷积，前后各有一个便宜的 1x1 卷积。"),
    "quiz_q8_why": ("A 3x3 conv at width C costs 9·C² per position; at C/4 it costs 16 times less. ResNet-50 has 25.6 M "
                    "parameters against ResNet-34's 21.8 M, and 4.09 against 3.66 billion multiply-adds (torchvision).",
                    "宽度为 C 的 3x3 卷积每个位置需要 9·C² 次乘加；宽度为 C/4 时便宜 16 倍。ResNet-50 有 2560 万个参数，"
                    "ResNet-34 有 2180 万个；乘加运算为 40.9 亿对 36.6 亿（torchvision）。"),
    "quiz_q8_hint": ("where in a block is most of the computation, and how wide is it in a bottleneck?",
                     "残差块中大部分计算在哪里？它在瓶颈块中有多宽？"),
    # --- checks ----------------------------------------------------------------------------------
    "check_all_passed": ("{name}: all {n} tests passed. Well done!", "{name}：全部 {n} 项测试通过，做得好！"),
    "check_some_failed": ("{name}: {n} of {total} tests passed — read the ❌ lines above.",
                          "{name}：{total} 项测试中通过 {n} 项——请查看上面标有 ❌ 的行。"),
    "check_build_failed": ("building your class with {args} raised {err}", "用参数 {args} 创建你的类时出错：{err}"),
    "check_forward_failed": ("forward pass with {args} raised {err}", "参数 {args} 的前向传播出错：{err}"),
    "check_shape_ok": ("{args}: output shape {shape}", "{args}：输出形状 {shape} 正确"),
    "check_shape_bad": ("{args}: output shape should be {shape}, got {got}", "{args}：输出形状应为 {shape}，实际为 {got}"),
    "check_params_ok": ("{args}: {n:,} parameters, as expected", "{args}：参数量 {n:,}，与预期一致"),
    "check_params_bad": ("{args}: expected {n:,} parameters, got {got:,} (check the convs, BN layers and the projection shortcut)",
                         "{args}：参数量应为 {n:,}，实际为 {got:,}（检查卷积层、BN 层和投影捷径）"),
    "check_grad_ok": ("{args}: the gradient reaches the input", "{args}：梯度能传回输入"),
    "check_grad_bad": ("{args}: no gradient reaches the input", "{args}：梯度没有传回输入"),
    "check_identity_ok": ("{args}: with the branch at zero the block returns relu(x): the identity shortcut works",
                          "{args}：残差分支为零时输出 relu(x)：恒等捷径正确"),
    "check_identity_bad": ("{args}: with every weight at zero the output should be relu(x) — is the input added back (out + identity) before the last ReLU?",
                           "{args}：所有权重为零时输出应为 relu(x)——在最后的 ReLU 之前是否把输入加回去了（out + identity）？"),
    # check_parameter_count (lesson 03)
    "check_count_missing": ("no guess yet: set `guess` to your prediction (an int), then run the cell again",
                            "还没有猜测值：把 `guess` 设为你预测的整数，然后重新运行此单元格"),
    "check_count_ok": ("{n:,} parameters: exactly right", "{n:,} 个参数：完全正确"),
    "check_count_high": ("{guess:,} is too high — count each conv as k·k·C_in·C_out (no bias), "
                         "each BN as 2·C, and the projection shortcut only if the block has one",
                         "{guess:,} 偏大——每个卷积的参数为 k·k·C_in·C_out（无偏置），每个 BN 为 2·C，"
                         "只有当块中有投影捷径时才计入它"),
    "check_count_low": ("{guess:,} is too low — did you count the BN layers (2 per channel) and the "
                        "projection shortcut (1x1 conv + BN)?",
                        "{guess:,} 偏小——是否计入了 BN 层（每个通道 2 个参数）和投影捷径（1x1 卷积 + BN）？"),
    "check_err_module": ("module must be a torch.nn.Module, got {got}", "module 必须是 torch.nn.Module，收到 {got}"),
    "check_err_guess": ("guess must be an int (or None while you have not answered), got {got}",
                        "guess 必须是整数（尚未作答时为 None），收到 {got}"),
    # check_schedule (lesson 04)
    "check_err_callable": ("{arg} must be a function, got {got}", "{arg} 必须是函数，收到 {got}"),
    "check_function_todo": ("not done yet: your function raises NotImplementedError", "尚未完成：你的函数抛出了 NotImplementedError"),
    "check_sched_raised": ("at step {step} your function raised {err}", "在第 {step} 步你的函数出错：{err}"),
    "check_sched_ok_warmup": ("{case}: the warm-up rises linearly to the peak", "{case}：预热阶段线性上升到峰值，正确"),
    "check_sched_ok_decay": ("{case}: the cosine decay after the warm-up matches", "{case}：预热之后的余弦衰减正确"),
    "check_sched_bad_warmup": ("during the warm-up, at step {step}, expected {want:.6g}, got {got} "
                               "(hint: peak * (step + 1) / warmup)",
                               "预热阶段第 {step} 步应为 {want:.6g}，实际为 {got}（提示：peak * (step + 1) / warmup）"),
    "check_sched_bad_decay": ("after the warm-up, at step {step}, expected {want:.6g}, got {got} "
                              "(hint: the cosine starts at step = warmup with progress 0)",
                              "预热之后第 {step} 步应为 {want:.6g}，实际为 {got}（提示：余弦从 step = warmup 开始，此时进度为 0）"),
    # check_resnext_block (lesson 05)
    "check_err_class": ("pass your class itself (a subclass of nn.Module), got {got}",
                        "请传入你的类本身（nn.Module 的子类），收到 {got}"),
    "check_resnext_todo": ("{args}: not done yet: your class raises NotImplementedError",
                           "{args}：尚未完成：你的类抛出了 NotImplementedError"),
    "check_resnext_grouped_ok": ("{args}: the 3x3 conv is grouped: {groups} groups over {mid} channels",
                                 "{args}：3x3 卷积是分组卷积：{mid} 个通道分成 {groups} 组"),
    "check_resnext_grouped_bad": ("{args}: no 3x3 conv from {mid} to {mid} channels with groups={groups} — "
                                  "ResNeXt's 3x3 conv is grouped: nn.Conv2d(mid, mid, 3, stride, 1, groups=groups, bias=False)",
                                  "{args}：没有找到 {mid} → {mid} 通道、groups={groups} 的 3x3 卷积——ResNeXt 的 3x3 卷积是分组卷积："
                                  "nn.Conv2d(mid, mid, 3, stride, 1, groups=groups, bias=False)"),
    "check_resnext_params_bad": ("{args}: expected {n:,} parameters, got {got:,} (a grouped conv has "
                                 "9 * mid * mid / groups weights; check the BN layers and the projection shortcut)",
                                 "{args}：参数量应为 {n:,}，实际为 {got:,}（分组卷积有 9 * mid * mid / groups 个权重；"
                                 "检查 BN 层和投影捷径）"),
    # check_freeze (lesson 06)
    "check_freeze_err_fn": ("{arg} must be a function (your freeze_backbone), got {got}",
                            "{arg} 必须是一个函数（你的 freeze_backbone），收到 {got}"),
    "check_freeze_raised": ("your function raised {err}", "你的函数出错：{err}"),
    "check_freeze_todo": ("not done yet: your function raised NotImplementedError — write it, then run the cell again",
                          "尚未完成：你的函数抛出了 NotImplementedError——写好之后重新运行此单元格"),
    "check_freeze_return_ok": ("it returns the model", "它返回了模型"),
    "check_freeze_return_bad": ("return the model at the end (got {got})", "在最后返回模型（收到 {got}）"),
    "check_freeze_fc_ok": ("only fc.weight and fc.bias are trainable ({n} parameters)",
                           "只有 fc.weight 和 fc.bias 可训练（{n} 个参数）"),
    "check_freeze_fc_bad": ("the trainable parameters should be exactly fc.weight and fc.bias, got: {names}",
                            "可训练参数应当恰好是 fc.weight 和 fc.bias，实际为：{names}"),
    "check_freeze_bn_ok": ("every BN layer is in eval mode", "每个 BN 层都处于评估模式"),
    "check_freeze_bn_bad": ("{n} of {total} BN layers are still in training mode: call .eval() on them, so their "
                            "running statistics stay those of pretraining",
                            "{total} 个 BN 层中有 {n} 个仍处于训练模式：对它们调用 .eval()，使滑动统计量保持预训练时的值"),
    "check_freeze_step_ok": ("after an SGD step only fc changed: backbone weights and BN statistics are untouched",
                             "一步 SGD 之后只有 fc 改变：骨干网络的权重和 BN 统计量都没有变"),
    "check_freeze_step_bad": ("after an SGD step {what} changed: the backbone is not really frozen",
                              "一步 SGD 之后 {what} 改变了：骨干网络并没有真正冻结"),
    "check_freeze_head_bad": ("after an SGD step fc did not change: the head must stay trainable",
                              "一步 SGD 之后 fc 没有改变：分类头必须保持可训练"),
    # check_conv_macs (lesson 07)
    "check_macs_err_fn": ("fn must be a function my_conv_macs(in_ch, out_ch, k, h_out, w_out), got {got}",
                          "fn 必须是函数 my_conv_macs(in_ch, out_ch, k, h_out, w_out)，收到 {got}"),
    "check_macs_todo": ("not done yet: your function raises NotImplementedError — write the formula, then run the cell again",
                        "尚未完成：你的函数抛出了 NotImplementedError——写好公式后重新运行此单元格"),
    "check_raised": ("{case}: your function raised {err}", "{case}：你的函数出错：{err}"),
    "check_macs_type": ("{case}: return a whole number (an int), got {got}", "{case}：应返回整数（int），实际为 {got}"),
    "check_macs_ok": ("{case}: {n:,} multiply-adds, as FlopCounterMode counts", "{case}：{n:,} 次乘加运算，与 FlopCounterMode 的统计一致"),
    "check_macs_flops": ("{case}: {got:,} is twice the right number: that counts FLOPs (one multiply-add = 2 FLOPs); "
                         "return multiply-adds",
                         "{case}：{got:,} 是正确答案的两倍：这是 FLOPs（一次乘加 = 2 次浮点运算）；请返回乘加运算次数"),
    "check_macs_one_position": ("{case}: {got:,} is the cost of one output position: multiply by the number of output "
                                "positions",
                                "{case}：{got:,} 只是一个输出位置的计算量：还要乘以输出位置的个数"),
    "check_macs_bad": ("{case}: {got:,} is not right (hint: each output value needs k·k·in_ch multiply-adds, and there "
                       "are out_ch·h_out·w_out output values)",
                       "{case}：{got:,} 不对（提示：每个输出值需要 k·k·in_ch 次乘加运算，共有 out_ch·h_out·w_out 个输出值）"),
    # check_quiz_answers (lesson 09)
    "check_quiz_err_answers": ("answers must be a list or tuple with one entry per question ({n}), got {got}",
                               "answers 必须是列表或元组，每道题一项（共 {n} 题），收到 {got}"),
    "check_quiz_err_entry": ("answers[{i}] must be None, an option letter ({letters}) or its index (0 to {high}), got {got}",
                             "answers[{i}] 必须是 None、选项字母（{letters}）或其序号（0 到 {high}），收到 {got}"),
    "check_quiz_none": ("no answers yet: answer the {n} questions (in the quiz above, or in `my_answers`), then run "
                        "this cell again",
                        "还没有答案：回答这 {n} 道题（在上面的测验中，或在 `my_answers` 中），然后重新运行此单元格"),
    "check_quiz_missing": ("question {i}: not answered yet", "第 {i} 题：尚未作答"),
    "check_quiz_ok": ("question {i}: right — {why_en}", "第 {i} 题：正确——{why_zh}"),
    "check_quiz_wrong": ("question {i}: not quite — hint: {hint_en}", "第 {i} 题：不太对——提示：{hint_zh}"),
    # exercises (resnet_lessons.exercises)
    "exercise_after_fail": ("stuck? exercise('{name}').hint() gives a hint, .solution() the answer",
                            "卡住了？exercise('{name}').hint() 给出提示，.solution() 给出参考答案"),
    "exercise_hint": ("hint {i} of {n}:", "提示 {i}/{n}："),
    "exercise_solution": ("solution of {name}:", "{name} 的参考答案："),
    # predictions (widgets/predict.py)
    "predict_label": ("Predict:", "预测："),
    "predict_number": ("your number", "你的数字"),
    "predict_none": ("No prediction yet: choose or type your answer above (or call .choose(...)), then run this cell again.",
                     "还没有预测：先在上面选择或输入你的答案（或调用 .choose(...)），再重新运行此单元格。"),
    "predict_measured": ("measured: {answer}", "测量结果：{answer}"),
    "predict_right": ("✅ you predicted {guess}: that is what we measured.", "✅ 你预测的是“{guess}”：与测量结果一致。"),
    "predict_wrong": ("❌ you predicted {guess}; the measurement says {answer}. Surprised? Read the next cell.",
                      "❌ 你预测的是“{guess}”；测量结果是“{answer}”。意外吗？请看下一个单元格。"),
    "predict_number_close": ("✅ you predicted {guess}: within {tol:.0%} of the measured {answer}.",
                             "✅ 你预测的是 {guess}：与测量值 {answer} 相差不到 {tol:.0%}。"),
    "predict_number_far": ("❌ you predicted {guess}; measured {answer} ({ratio:.2g}× your guess).",
                           "❌ 你预测的是 {guess}；测量值为 {answer}（是你预测的 {ratio:.2g} 倍）。"),
    # check_train_loop (lesson 01)
    "check_loop_todo": ("not done yet: your loop raises NotImplementedError — fill in the TODOs, then run the cell again",
                        "尚未完成：你的循环抛出了 NotImplementedError——补全各个 TODO 之后重新运行此单元格"),
    "check_loop_raised": ("your loop raised {err}", "你的循环出错：{err}"),
    "check_loop_type_bad": ("return a dict with the lists {keys}, got {got}", "请返回包含列表 {keys} 的字典，收到 {got}"),
    "check_loop_len_bad": ("{name}: expected {n} numbers, got {got} (step_loss: one per optimizer step; "
                           "train_error and test_error: one per epoch)",
                           "{name}：应有 {n} 个数，实际为 {got} 个（step_loss：每个优化器步一个；"
                           "train_error 和 test_error：每轮一个）"),
    "check_loop_ok_step_loss": ("all {n} mini-batch losses equal the package's train loop",
                                "全部 {n} 个小批量损失与软件包的训练循环一致"),
    "check_loop_ok_train_error": ("the training error after each of the {n} epochs matches (eval mode)",
                                  "{n} 轮中每一轮之后的训练误差都一致（评估模式）"),
    "check_loop_ok_test_error": ("the test error after each of the {n} epochs matches",
                                 "{n} 轮中每一轮之后的测试误差都一致"),
    "check_loop_bad": ("{name}: number {i} should be {want:.6g}, got {got:.6g}", "{name}：第 {i} 个数应为 {want:.6g}，实际为 {got:.6g}"),
    "check_loop_bug_zero_grad": ("your numbers are exactly those of a loop WITHOUT optimizer.zero_grad(): every "
                                 "step adds its gradient to the old ones. Clear them before loss.backward().",
                                 "你的数字与一个没有 optimizer.zero_grad() 的循环完全相同：每一步的梯度都累加到旧梯度上。"
                                 "请在 loss.backward() 之前清除梯度。"),
    "check_loop_bug_schedule": ("your numbers are exactly those of a loop WITHOUT the learning-rate schedule: "
                                "set group['lr'] = lr_at(config, step, total) for every optimizer.param_groups "
                                "before each step.",
                                "你的数字与一个没有学习率调度的循环完全相同：每一步之前，对 optimizer.param_groups 中的"
                                "每一组设置 group['lr'] = lr_at(config, step, total)。"),
    "check_loop_bug_train_mode": ("your numbers are exactly those of a loop that trains in EVAL mode: call "
                                  "model.train() at the start of every epoch (measuring the errors switched it to "
                                  "eval mode, and the model may arrive in eval mode).",
                                  "你的数字与一个在评估模式下训练的循环完全相同：在每一轮开始时调用 model.train()"
                                  "（测量误差时切换到了评估模式，而且模型传进来时也可能处于评估模式）。"),
    "check_loop_bug_eval_mode": ("the losses match, but the errors are those measured in TRAINING mode: call "
                                 "model.eval() before measuring (batch norm must use its running statistics).",
                                 "损失一致，但误差是在训练模式下测得的：测量之前调用 model.eval()"
                                 "（批归一化必须使用它的滑动统计量）。"),
    # check_grad_norms (lesson 01)
    "check_gradnorms_err_fn": ("{arg} must be a function my_grad_norms(model, x, y), got {got}",
                               "{arg} 必须是函数 my_grad_norms(model, x, y)，收到 {got}"),
    "check_gradnorms_todo": ("not done yet: your function raises NotImplementedError — write it, then run the cell again",
                             "尚未完成：你的函数抛出了 NotImplementedError——写好之后重新运行此单元格"),
    "check_gradnorms_type_bad": ("{case}: return a list of numbers, one per conv/linear layer",
                                 "{case}：请返回一个数字列表，每个卷积层/线性层一个数"),
    "check_gradnorms_len_bad": ("{case}: expected {n} numbers, one per conv and linear layer (input to output), "
                                "got {got} — did you skip the fc layer, or include BN layers?",
                                "{case}：应有 {n} 个数，每个卷积层和线性层一个（从输入到输出），实际为 {got} 个——"
                                "是否漏掉了 fc 层，或者把 BN 层也算进去了？"),
    "check_gradnorms_ok": ("{case}: all {n} gradient norms match the package's measurement",
                           "{case}：全部 {n} 个梯度范数与软件包的测量一致"),
    "check_gradnorms_bad": ("{case}: layer {i} ({name}) should have a gradient norm of {want:.4g}, got {got:.4g} "
                            "(hint: train mode, mean cross-entropy, one backward pass, m.weight.grad.norm(), "
                            "layers in model.modules() order)",
                            "{case}：第 {i} 层（{name}）的梯度范数应为 {want:.4g}，实际为 {got:.4g}"
                            "（提示：训练模式、平均交叉熵、一次反向传播、m.weight.grad.norm()，"
                            "按 model.modules() 的顺序排列各层）"),
    "check_gradnorms_repeat_ok": ("{case}: a second call gives the same norms: the gradients are zeroed before "
                                  "each backward pass",
                                  "{case}：第二次调用得到相同的范数：每次反向传播之前都把梯度清零了"),
    "check_gradnorms_repeat_bad": ("{case}: a second call gives different norms — zero the gradients "
                                   "(model.zero_grad()) before loss.backward(), or they add up",
                                   "{case}：第二次调用得到的范数不同——在 loss.backward() 之前把梯度清零"
                                   "（model.zero_grad()），否则梯度会累加"),
    # --- experiment descriptions and Config help (the command line's --help; experiments/*.py) -----------
    "help_device": ('device to run on', '运行设备'),
    "help_progress": ('show progress bars', '显示进度条'),
    "description_complexity": (
        "Parameters, multiply-adds and CPU speed of ResNets, next to torchvision's reference numbers",
        'ResNet 的参数量、乘加运算量与 CPU 速度，并与 torchvision 的参考数据对照'),
    "help_complexity_models": (
        "models to measure: resnet18 ... wide_resnet50_2, resnet50_v1 (paper stride placement), cifar_resnet20, cifar_plain56, ..., and torchvision's efficientnet_b0, mobilenet_v3_large",
        '要测量的模型：resnet18 … wide_resnet50_2、resnet50_v1（论文的步幅位置）、cifar_resnet20、cifar_plain56 等，以及 torchvision 的 efficientnet_b0、mobilenet_v3_large'),
    "help_complexity_references": (
        'other torchvision models whose metadata (size, accuracy) is read for comparison',
        '读取其元数据（大小、准确率）用于对照的其他 torchvision 模型'),
    "help_complexity_timing": (
        'also measure latency and throughput (slow for big models on a CPU)',
        '同时测量延迟与吞吐量（大模型在 CPU 上较慢）'),
    "help_complexity_repeats": ('timed runs per measurement (the median is reported)', '每次测量的计时运行次数（报告中位数）'),
    "help_complexity_warmup": ('untimed runs before timing', '计时前的预热运行次数'),
    "help_complexity_batch_size": ('batch size for throughput (latency always uses batch 1)', '测吞吐量的批大小（延迟总用批大小 1）'),
    "help_complexity_threads": (
        "CPU threads for timing (default: leave torch's setting)",
        '计时用的 CPU 线程数（默认不改 torch 的设置）'),
    "help_complexity_channels_last": ('time with channels_last memory format', '以 channels_last 内存格式计时'),
    "help_complexity_device": ('device for timing (counting needs none)', '计时所用设备（计数不需要设备）'),
    "help_complexity_seed": ("random seed for the models' init", '模型初始化的随机种子'),
    "description_degradation": (
        'Plain vs residual nets of growing depth, same budget: the degradation problem (He et al. 2015, Fig. 6)',
        '深度递增的普通网络与残差网络，相同训练预算：退化问题（He 等，2015，图 6）'),
    "help_depths": (
        'depths to train, each 6n+2 (20, 32, 44, 56, 110 in the paper)',
        '要训练的深度，每个都是 6n+2（论文用 20, 32, 44, 56, 110）'),
    "help_kinds": ('which nets: plain and/or residual', '哪些网络：plain（普通）和/或 residual（残差）'),
    "help_degradation_dataset": (
        'mnist1d (1-D convolutions) or digits (2-D, 16x16)',
        'mnist1d（一维卷积）或 digits（二维，16x16）'),
    "help_degradation_epochs": ('training epochs of every net', '每个网络的训练轮数'),
    "help_batch_size": ('mini-batch size', '小批量大小'),
    "help_lr": (
        'learning rate (SGD, momentum 0.9, divided by 10 after half and after three quarters of training)',
        '学习率（SGD，动量 0.9，训练过半和过四分之三时各除以 10）'),
    "help_width": ('channels of the first stage', '第一阶段的通道数'),
    "help_degradation_train_subset": (
        'train on the first k training examples only (default: all)',
        '只用前 k 个训练样本（默认：全部）'),
    "help_seed": ('seed of the initialisation and the data order', '初始化与数据顺序的随机种子'),
    "description_fullscale": (
        "The paper's CIFAR-10 Figure 6 at full scale: 64k iterations on a GPU, or on many with torchrun",
        '论文 CIFAR-10 图 6 的完整复现：在 GPU 上训练 64k 次迭代，或用 torchrun 在多块 GPU 上训练'),
    "help_fullscale_dataset": (
        "cifar10 (the paper's 45k/5k split; must be on disk or --download) or synthetic (CIFAR-shaped, offline)",
        'cifar10（论文的 45k/5k 划分；需已在磁盘上或加 --download）或 synthetic（CIFAR 形状的离线合成数据）'),
    "help_fullscale_iterations": (
        'training iterations of every net; the learning rate drops at 50 % and 75 % (paper: 64000)',
        '每个网络的训练迭代次数；学习率在 50 % 和 75 % 处下降（论文：64000）'),
    "help_fullscale_batch_size": (
        'global mini-batch size, split evenly over the torchrun processes',
        '全局小批量大小，平均分给各 torchrun 进程'),
    "help_fullscale_warmup_depth": (
        'nets this deep or deeper start at lr 0.01 until the training error is below 80 % (0: none)',
        '不浅于此深度的网络先用学习率 0.01，直到训练误差低于 80 %（0：都不预热）'),
    "help_fullscale_eval_every": (
        'measure training, validation and test error every this many iterations (and at the end)',
        '每隔多少次迭代测量一次训练、验证和测试误差（结束时也测）'),
    "help_fullscale_checkpoint_dir": (
        'folder for checkpoints: a rerun resumes where a stopped run ended (default: none)',
        '检查点文件夹：重新运行时从中断处继续（默认：不保存）'),
    "help_fullscale_checkpoint_every": ('write a checkpoint every this many iterations', '每隔多少次迭代写一次检查点'),
    "help_fullscale_data_root": (
        "where CIFAR-10 is (default: the package's cache folder)",
        'CIFAR-10 所在目录（默认：本包的缓存目录）'),
    "help_fullscale_download": ('download CIFAR-10 (170 MB) if it is not on disk', '若磁盘上没有 CIFAR-10 则下载（170 MB）'),
    "help_fullscale_seed": ('seed of the initialisation, the data order and the augmentation', '初始化、数据顺序与数据增强的随机种子'),
    "help_fullscale_compile": (
        'torch.compile the model (faster on a GPU after a minute of compiling)',
        '用 torch.compile 编译模型（在 GPU 上编译约一分钟后更快）'),
    "help_fullscale_progress": ('show a progress bar (rank 0)', '显示进度条（rank 0）'),
    "description_gradients": (
        'Gradient norm of every layer at initialisation (or after k SGD steps), plain vs residual',
        '初始化时（或 k 步 SGD 之后）每一层的梯度范数：普通网络与残差网络对比'),
    "help_gradients_depth": (
        'layers of both nets, 6n+2 (8, 14, 20, ..., 56, ..., 110)',
        '两个网络的层数，6n+2（8, 14, 20, …, 56, …, 110）'),
    "help_norm": ('batch normalisation on (bn) or off (none)', '使用（bn）或不使用（none）批归一化'),
    "help_init": (
        "weight init: kaiming (He) or default (PyTorch's)",
        '权重初始化：kaiming（He）或 default（PyTorch 默认）'),
    "help_gradients_steps": ('SGD steps before measuring (0 = at initialisation)', '测量前的 SGD 步数（0 = 初始化时）'),
    "help_gradients_lr": ('learning rate of those steps (momentum 0.9)', '这些步的学习率（动量 0.9）'),
    "help_gradients_batch_size": ('examples in the measured batch (and in each SGD step)', '测量所用批次（以及每步 SGD）的样本数'),
    "help_gradients_seed": (
        'seed of the init (the same for both nets) and of the SGD steps',
        '初始化（两个网络相同）与 SGD 步的随机种子'),
    "help_gradients_precision": (
        'float32 is what training uses (values below ~1e-38 underflow to 0); float64 measures even tiny gradients (about 2x slower)',
        'float32 是训练所用的精度（小于约 1e-38 的值下溢为 0）；float64 能测量极小的梯度（约慢 2 倍）'),
    "help_gradients_device": ('device to run on (MPS has no float64)', '运行设备（MPS 不支持 float64）'),
    "help_gradients_progress": ('show a progress bar (for steps > 0)', '显示进度条（steps > 0 时）'),
    "description_landscape": (
        'Loss-landscape slices of a plain and a residual net along filter-normalised random directions (Li et al. 2018)',
        '沿滤波器归一化的随机方向切开普通网络与残差网络的损失曲面（Li 等，2018）'),
    "help_landscape_depth": (
        'layers of both nets, 6n+2 (8, 14, 20, ..., 56, ...)',
        '两个网络的层数，6n+2（8, 14, 20, …, 56, …）'),
    "help_epochs": ('training epochs of each net', '每个网络的训练轮数'),
    "help_landscape_batch_size": ('mini-batch size of the training', '训练的小批量大小'),
    "help_landscape_lr": (
        'learning rate (SGD, momentum 0.9, divided by 10 at 50 % and 75 % of training)',
        '学习率（SGD，动量 0.9，在训练的 50 % 和 75 % 处除以 10）'),
    "help_landscape_slices": ('1-D slice, 2-D slice or both', '一维切片、二维切片或两者'),
    "help_landscape_resolution": (
        'points per side of the 2-D grid (odd, so that the trained weights are on it)',
        '二维网格每边的点数（奇数，使训练得到的权重在网格上）'),
    "help_landscape_resolution_1d": ('points of the 1-D slice (odd)', '一维切片的点数（奇数）'),
    "help_landscape_span": ('the slices go from -span to +span along each direction', '切片沿每个方向从 -span 到 +span'),
    "help_landscape_subset": ('training examples on which the loss is evaluated', '用于计算损失的训练样本数'),
    "help_landscape_seed": ('seed of the data, the init, the training order and the directions', '数据、初始化、训练顺序与方向的随机种子'),
    "description_lesion": (
        'Delete blocks of a trained ResNet and of its plain twin, without retraining (Veit et al. 2016)',
        '在不重新训练的情况下删除已训练的残差网络及其普通孪生网络的块（Veit 等，2016）'),
    "help_lesion_depth": (
        'layers of both nets, 6n+2 (20: 9 blocks, 32: 15 blocks, ...)',
        '两个网络的层数，6n+2（20：9 个块，32：15 个块，…）'),
    "help_lesion_draws": (
        'random subsets of k blocks per k (all subsets when there are fewer)',
        '每个 k 随机抽取的 k 块子集数（子集总数更少时取全部）'),
    "help_lesion_max_k": (
        'delete up to this many random blocks (default: all same-shape blocks)',
        '最多随机删除的块数（默认：所有形状不变的块）'),
    "help_lesion_seed": ('seed of the initialisation, the data order and the random subsets', '初始化、数据顺序与随机子集的随机种子'),
    "description_paths": (
        'Path lengths of a trained ResNet: how many paths of each length, and the gradient each carries (Veit et al. 2016, Fig. 6)',
        '已训练残差网络的路径长度：各长度的路径有多少条、各自传递多少梯度（Veit 等，2016，图 6）'),
    "help_paths_depth": (
        'layers of the ResNet, 6n+2 (56: 27 blocks, 110: 54 blocks)',
        '残差网络的层数，6n+2（56：27 个块，110：54 个块）'),
    "help_paths_epochs": ('training epochs of the net', '网络的训练轮数'),
    "help_paths_samples": ('random paths measured per path length', '每个路径长度随机测量的路径数'),
    "help_paths_examples": ('test examples whose input gradients are averaged', '取平均输入梯度的测试样本数'),
    "help_paths_seed": (
        'seed of the net (as in the degradation experiment) and of the sampled paths',
        '网络（与退化实验相同）及路径抽样的随机种子'),
    "description_recipes": (
        'Train one small ResNet several ways (init, warm-up, label smoothing, augmentation, block type) and compare the runs',
        '用几种方式（初始化、预热、标签平滑、数据增强、残差块类型）训练同一个小 ResNet 并比较'),
    "help_recipes_depth": (
        'depth of the CIFAR-style net, 6n+2 (20, 32, 44, 56, 110 ...)',
        'CIFAR 风格网络的深度，6n+2（20、32、44、56、110……）'),
    "help_recipes_epochs": ('training epochs', '训练轮数'),
    "help_recipes_max_steps": (
        'stop after this many SGD steps (the schedule spans them); omit for whole epochs',
        '训练这么多步 SGD 后停止（学习率调度覆盖这些步）；不设则训练完整的轮次'),
    "help_recipes_lr": ('peak learning rate (SGD, momentum 0.9)', '峰值学习率（SGD，动量 0.9）'),
    "help_recipes_weight_decay": (
        "weight decay (the 'no_weight_decay' variant sets 0)",
        "权重衰减（'no_weight_decay' 变体设为 0）"),
    "help_recipes_schedule": (
        'learning-rate schedule: constant, step (÷10 at 1/2 and 3/4 of training), cosine, linear',
        '学习率调度：constant、step（在训练的 1/2 和 3/4 处 ÷10）、cosine、linear'),
    "help_recipes_warmup_epochs": ("linear warm-up length of the 'warmup' variant, in epochs", "'warmup' 变体的线性预热长度（轮）"),
    "help_recipes_label_smoothing": (
        "smoothing of the 'label_smoothing' variant, in [0, 1)",
        "'label_smoothing' 变体的平滑系数，取值 [0, 1)"),
    "help_recipes_eval_size": (
        'measure the training error on the first k training examples (omit: all)',
        '用前 k 个训练样本测量训练误差（不设：全部）'),
    "help_recipes_train_subset": (
        'train on the first k training examples only (default: all 4,000)',
        '只用前 k 个训练样本（默认：全部 4,000 个）'),
    "description_residual_fit": (
        'Fit a near-identity function H(x) = x + a sin(bx) with a plain and a residual MLP: editing (learn F = H - x) beats writing from a blank page (learn H)',
        '用普通与残差 MLP 拟合接近恒等的函数 H(x) = x + a sin(bx)：编辑文档（学习 F = H - x）比从空白页写起（学习 H）更容易'),
    "help_residual_fit_amplitude": (
        'a in H(x) = x + a sin(bx): how far the target is from the identity',
        'H(x) = x + a sin(bx) 中的 a：目标函数离恒等映射有多远'),
    "help_residual_fit_frequency": ('b in H(x) = x + a sin(bx)', 'H(x) = x + a sin(bx) 中的 b'),
    "help_residual_fit_interval": (
        'the inputs are evenly spaced in [-interval, interval]',
        '输入在 [-interval, interval] 中均匀分布'),
    "help_residual_fit_points": ('training points (one full batch)', '训练点数（一个完整批次）'),
    "help_residual_fit_width": ('units per hidden layer of F', 'F 每个隐藏层的单元数'),
    "help_residual_fit_layers": ('hidden layers of F', 'F 的隐藏层数'),
    "help_residual_fit_steps": ('full-batch Adam steps', '全批量 Adam 的步数'),
    "help_residual_fit_lr": ('Adam learning rate', 'Adam 学习率'),
    "help_residual_fit_target_loss": ('report the first step whose loss is below this', '报告损失首次低于该值的步数'),
    "help_residual_fit_seed": ("seed of F's initialisation (the same for both nets)", 'F 的初始化随机种子（两个网络相同）'),
    "description_shattered": (
        'Shattered gradients: autocorrelation of df/dx over 256 inputs vs depth, plain vs residual (Balduzzi et al. 2017)',
        '梯度破碎：256 个输入上 df/dx 的自相关随深度的变化，普通与残差网络对比（Balduzzi 等，2017）'),
    "help_shattered_depths": ('numbers of blocks to measure (increasing)', '要测量的块数（递增）'),
    "help_shattered_preact": (
        'blocks x + relu(BN(W x)); --preact: pre-activation blocks x + W relu(BN(x))',
        '块 x + relu(BN(W x))；--preact：预激活块 x + W relu(BN(x))'),
    "help_shattered_width": ('units per hidden layer', '每个隐藏层的单元数'),
    "help_shattered_points": ('inputs evenly spaced in [-2, 2] (one batch)', '在 [-2, 2] 中均匀分布的输入点数（一个批次）'),
    "help_shattered_init": (
        "weight init: kaiming (He, zero biases) or default (PyTorch's)",
        '权重初始化：kaiming（He，偏置为 0）或 default（PyTorch 默认）'),
    "help_shattered_seeds": ('initialisations to average over', '取平均的初始化次数'),
    "help_shattered_seed": (
        'first seed (seed, seed+1, ...; the same for both nets)',
        '第一个随机种子（seed, seed+1, …；两个网络相同）'),
    "description_signal": (
        'Activation size after each block at initialisation: plain vs residual, BN on/off, 1/sqrt(L) or SkipInit branch scaling (De & Smith 2020)',
        '初始化时每个块之后的激活大小：普通与残差、有无 BN、1/sqrt(L) 或 SkipInit 分支缩放（De & Smith，2020）'),
    "help_signal_blocks": (
        'residual blocks (for model=cifar a multiple of 3: depth = 2*blocks + 2)',
        '残差块的数目（model=cifar 时须为 3 的倍数：深度 = 2*blocks + 2）'),
    "help_signal_scaling": (
        'residual branch scaling: none, sqrt (1/sqrt(blocks)) or skipinit (a learnable scalar starting at 0)',
        '残差分支缩放：none、sqrt（1/sqrt(块数)）或 skipinit（从 0 开始的可学习标量）'),
    "help_signal_model": (
        'mlp (fully connected, the cleanest picture) or cifar (1-D CIFAR-style ResNet)',
        'mlp（全连接，图像最清晰）或 cifar（一维 CIFAR 风格 ResNet）'),
    "help_signal_preact": (
        'pre-activation branches (BN -> ReLU -> weights), the form De & Smith analyse',
        '预激活分支（BN -> ReLU -> 权重），即 De & Smith 分析的形式'),
    "help_signal_width": (
        'units per layer (mlp, default 256) or channels of the first stage (cifar, default 16)',
        '每层的单元数（mlp，默认 256）或第一阶段的通道数（cifar，默认 16）'),
    "help_signal_batch_size": ('MNIST-1D examples in the batch', '批次中的 MNIST-1D 样本数'),
    "help_signal_kinds": (
        'which nets: plain and/or residual (the scaling applies to residual only)',
        '哪些网络：plain（普通）和/或 residual（残差）（缩放只作用于残差网络）'),
    "help_signal_seed": ('seed of the init (the same for both nets)', '初始化的随机种子（两个网络相同）'),
    "description_transfer": (
        'Pretrain a small ResNet on digits 0-4, transfer to 5-9 with few labels: scratch, linear probe, fine-tuning, layer-wise learning rates',
        '在数字 0–4 上预训练小型 ResNet，再用少量标签迁移到数字 5–9：从头训练、线性探测、微调、分层学习率'),
    "help_transfer_dataset": (
        'mnist1d (1-D convolutions) or digits (sklearn 8x8 digits at 16x16, 2-D)',
        'mnist1d（一维卷积）或 digits（sklearn 8x8 手写数字，放大到 16x16，二维）'),
    "help_transfer_depth": (
        'depth of the CIFAR-style ResNet, 6n+2 (8, 14, 20, ...)',
        'CIFAR 风格 ResNet 的深度，6n+2（8, 14, 20, …）'),
    "help_transfer_pretrain_epochs": ('epochs of pretraining on digits 0-4', '在数字 0–4 上预训练的轮数'),
    "help_transfer_labels_per_class": (
        'labelled examples per class of the target task (one or more settings)',
        '目标任务每个类别的标注样本数（可给多个设置）'),
    "help_transfer_strategies": (
        'strategies: scratch, linear_probe, finetune, layerwise',
        '策略：scratch、linear_probe、finetune、layerwise'),
    "help_transfer_draws": ('random draws of the labelled examples per setting', '每个设置随机抽取标注样本的次数'),
    "help_transfer_epochs": ('epochs of training on the target task', '在目标任务上训练的轮数'),
    "help_transfer_batch_size": ('mini-batch size on the target task', '目标任务的小批量大小'),
    "help_transfer_lr": (
        'learning rate of pretraining, scratch, the linear probe and the new fc (SGD, cosine schedule)',
        '预训练、从头训练、线性探测和新 fc 层的学习率（SGD，余弦调度）'),
    "help_transfer_finetune_lr": ('learning rate of every layer when fine-tuning', '微调时所有层的学习率'),
    "help_transfer_layer_decay": (
        "layer-wise strategy: each stage's rate is this times the next stage's",
        '分层策略：每个阶段的学习率是后一阶段的这个倍数'),
    "help_transfer_seed": ('seed of the initialisation, the draws and the data order', '初始化、抽样和数据顺序的随机种子'),
    # --- cli -------------------------------------------------------------------------------------
    "unknown_experiment": ("unknown experiment {name!r}; allowed: {allowed}", "未知实验 {name!r}；可选：{allowed}"),
    "recipes_err_seeds": ("seeds must be a non-empty list of ints, e.g. (1, 2); got {got}",
                          "seeds 必须是非空的整数列表，例如 (1, 2)；得到的是 {got}"),
    "parallel_err_died": ("a worker process training a net ended unexpectedly (out of memory?); run again, or with "
                          "workers=1", "一个训练网络的工作进程意外退出（内存不足？）；请重新运行，或使用 workers=1"),
    "cli_error": ("error", "错误"),
    "cli_description": ("Run one of the course's experiments.", "运行课程中的一个实验。"),
    "cli_example": ("Example", "例如"),
    "cli_one_of": ("one of", "可选"),
    "cli_default": ("default", "默认"),
    "cli_json_help": ("print the result as JSON on stdout", "以 JSON 格式输出结果"),
    "cli_no_cache_help": ("ignore cached results", "不使用缓存结果"),
    # --- alt text (plots.style.describe) ---
    # One or two sentences per figure: what it shows and the key numbers, filled in from the result drawn.
    "alt_and": (" and ", "和"),
    "alt_and_numbers": ("{a} and {b}", "{a} 和 {b}"),
    # degradation (plots/degradation.py)
    "alt_degradation_empty": ("Error against iteration and depth: no run has finished yet, the axes are empty.",
                              "误差随迭代和深度的变化：还没有完成的运行，坐标轴是空的。"),
    "alt_degradation_curves": ("Training error (solid) and test error (dashed) in % against iteration, one panel each "
                               "for {kinds} nets, one colour per depth. Final training error: {finals}.",
                               "训练误差（实线）和测试误差（虚线）（%）随迭代的变化，{kinds}各一个面板，每种深度一种颜色。"
                               "最终训练误差：{finals}。"),
    "alt_degradation_all": ("Training error against iteration (plain | residual) and final error against depth. "
                            "Final training error: {finals}.",
                            "训练误差随迭代的变化（普通网络 | 残差网络）以及最终误差随深度的变化。最终训练误差：{finals}。"),
    "alt_degradation_band_item": ("{net} {mean:.1f} % (seeds {low:.1f}–{high:.1f} %)",
                                  "{net} {mean:.1f} %（各种子 {low:.1f}–{high:.1f} %）"),
    "alt_degradation_sweep_curves": ("Mean {metric} in % over {n} seeds against iteration (band: lowest to highest "
                                     "seed), one panel each for {kinds} nets. Final: {finals}.",
                                     "{n} 个种子的平均{metric}（%）随迭代的变化（阴影：最低到最高的种子），{kinds}各一个面板。"
                                     "最终：{finals}。"),
    "alt_degradation_sweep_depth": ("Final {metric} in % against depth, mean over {n} seeds, bars from the lowest to "
                                    "the highest seed: {finals}.",
                                    "最终{metric}（%）随深度的变化，{n} 个种子的平均值，误差棒从最低到最高的种子：{finals}。"),
    "alt_degradation_run_item": ("{net} {pct:.1f} % (seeds {low:.1f}–{high:.1f} %)",
                                 "{net} {pct:.1f} %（种子 {low:.1f}–{high:.1f} %）"),
    "alt_degradation_shipped_item": ("{net} shipped seeds only, {low:.1f}–{high:.1f} %",
                                  "{net} 仅有预先计算的种子，{low:.1f}–{high:.1f} %"),
    "alt_degradation_run_band": ("Your run's final training error (stars) against the band of the {n} shipped seeds "
                                 "with the same budget: {items}.",
                                 "你这次运行的最终训练误差（星号）与相同预算下 {n} 个预先计算的种子的范围对比：{items}。"),
    # gradients, signal, shattered (plots/gradients.py, plots/signal.py, plots/shattered.py)
    "alt_gradients_norms": ("Gradient norm of each of the {n} weight layers (log scale), input to output, {when}: {items}.",
                            "{n} 个权重层各自的梯度范数（对数坐标），从输入到输出，{when}：{items}。"),
    "alt_gradients_item": ("{net} {first} at the input, {last} at the output", "{net} 输入端 {first}，输出端 {last}"),
    "alt_gradients_zero": (" ({n} of {total} layers exactly 0)", "（{total} 层中有 {n} 层恰好为 0）"),
    "alt_signal": ("{statistic} after each block at initialisation (log scale), from the stem (block 0) to block {n}: "
                   "{items}.",
                   "初始化时每个块之后的{statistic}（对数坐标），从起始层（第 0 块）到第 {n} 块：{items}。"),
    "alt_signal_mean_square": ("Mean squared activation E[x²]", "均方激活 E[x²]"),
    "alt_signal_variance": ("Activation variance across the batch", "激活在批次上的方差"),
    "alt_signal_item": ("{net} from {first} to {last}", "{net}从 {first} 到 {last}"),
    "alt_shattered_autocorrelation": ("Lag-1 autocorrelation of df/dx against the number of blocks (log scale; 1: "
                                      "smooth, 0: white noise): {items}.",
                                      "df/dx 的滞后 1 自相关随块数的变化（对数坐标；1：平滑，0：白噪声）：{items}。"),
    "alt_shattered_item": ("{net} {first} at {d0} block(s), {last} at {d1}",
                           "{net} {d0} 个块时为 {first}，{d1} 个块时为 {last}"),
    "alt_shattered_undefined": ("undefined at every depth (constant gradients)", "每个深度都无定义（梯度为常数）"),
    "alt_shattered_curves": ("df/dx over the {points} inputs, standardised; lag-1 autocorrelation of each curve: "
                             "{items}.",
                             "df/dx 在 {points} 个输入点上的曲线（已标准化）；每条曲线的滞后 1 自相关：{items}。"),
    "alt_shattered_curve_item": ("{net} with {depth} block(s) {value}", "{net} {depth} 个块 {value}"),
    "alt_shattered_all": ("Lag-1 autocorrelation of df/dx against depth, and df/dx itself at {depths} blocks: {items}.",
                          "df/dx 的滞后 1 自相关随深度的变化，以及 {depths} 个块时的 df/dx 曲线：{items}。"),
    # landscape (plots/landscape.py)
    "alt_landscape_contours": ("Loss on a 2-D slice around the trained weights (star, centre), both directions from "
                               "{low} to {high}, the same contour levels in every panel: {items}.",
                               "训练后权重（中心的星号）周围二维切片上的损失，两个方向都从 {low} 到 {high}，"
                               "各面板的等高线相同：{items}。"),
    "alt_landscape_item_2d": ("{net} from {low} to {high}, local minima: {minima}",
                              "{net}从 {low} 到 {high}，局部极小值：{minima} 个"),
    "alt_landscape_curves": ("Loss along a 1-D slice, α from {low} to {high} (α = 0: the trained weights): {items}.",
                             "沿一维切片的损失，α 从 {low} 到 {high}（α = 0：训练后的权重）：{items}。"),
    "alt_landscape_item_1d": ("{net} {centre} at α = 0, at most {high}, local minima: {minima}",
                              "{net}在 α = 0 处为 {centre}，最高 {high}，局部极小值：{minima} 个"),
    "alt_landscape_all": ("Loss around the trained weights (centre): a 2-D slice per net with the same contour "
                          "levels, and the 1-D slices: {items}.",
                          "训练后权重（中心）周围的损失：每个网络一个二维切片（等高线相同），以及一维切片：{items}。"),
    "alt_landscape_item_all": ("{net} {centre} at the centre, up to {high} on the 2-D slice, local minima: {m2} (2-D), "
                               "{m1} (1-D)",
                               "{net}中心处为 {centre}，二维切片上最高 {high}，局部极小值：二维 {m2} 个，一维 {m1} 个"),
    # lesion (plots/lesion.py)
    "alt_lesion_both": ("Test error in % after deleting one block at a time (left) and k random blocks (right): "
                        "{items}.",
                        "每次删除一个块（左）和随机删除 k 个块（右）之后的测试误差（%）：{items}。"),
    "alt_lesion_both_item": ("{net} {base:.1f} % intact, {mean:.1f} % on average with one block deleted, {last:.1f} % "
                             "with {k} deleted",
                             "{net}完整时 {base:.1f} %，删掉一个块后平均 {mean:.1f} %，删掉 {k} 个块后 {last:.1f} %"),
    "alt_lesion_seeds": ("Test error in % after deleting one block at a time (left) and k random blocks (right), mean "
                         "over {n} seeds: {items}.",
                         "每次删除一个块（左）和随机删除 k 个块（右）之后的测试误差（%），{n} 个种子的平均值：{items}。"),
    "alt_lesion_selection": ("Test error in % of both nets, intact (hatched) and with {blocks} deleted (solid): {items}.",
                             "两个网络的测试误差（%），完整（斜线）与删掉 {blocks} 之后（实心）：{items}。"),
    "alt_lesion_selection_item": ("{net} {base:.1f} % → {after}", "{net}从 {base:.1f} % 变为 {after}"),
    "alt_lesion_selection_none": ("Test error in % of both nets, no block deleted yet: {items}.",
                                  "两个网络的测试误差（%），还没有删除任何块：{items}。"),
    # paths (plots/paths.py)
    "alt_paths": ("Paths through a ResNet with {blocks} blocks ({seeds} seed(s)): the commonest path length is {peak}; the "
                  "gradient through one path goes from {g0} at length {k0} to {gn} at length {n} (log scale); "
                  "{share:.1f} % of the gradient comes from paths of {low}–{high} blocks, most from {top}.",
                  "经过一个有 {blocks} 个块的 ResNet 的路径（{seeds} 个种子）：最常见的路径长度是 {peak}；经过一条路径的"
                  "梯度从长度 {k0} 的 {g0} 变为长度 {n} 的 {gn}（对数坐标）；{share:.1f} % 的梯度来自长度为 "
                  "{low}–{high} 个块的路径，最多来自长度 {top}。"),
    # recipes (plots/recipes.py)
    "alt_recipes_step_losses": ("Loss of every mini-batch against SGD step, one line per variant, ln 10 (a uniform "
                                "guess) dotted: {items}.",
                                "每个小批量的损失随 SGD 步数的变化，每个变体一条线，点线为 ln 10（均匀猜测）：{items}。"),
    "alt_recipes_seed_losses": ("Loss of every mini-batch against SGD step over {n} seed(s): each seed thin, their "
                                "mean thick, ln 10 dotted: {items}.",
                                "{n} 个种子上每个小批量的损失随 SGD 步数的变化：每个种子为细线，平均值为粗线，点线为 ln 10："
                                "{items}。"),
    "alt_recipes_loss_item": ("“{variant}” {final} over the last {k} steps, highest {peak}",
                              "“{variant}”最后 {k} 步平均 {final}，最高 {peak}"),
    "alt_recipes_seeds_item": ("“{variant}” {final} over the last {k} steps (seeds {low}–{high})",
                               "“{variant}”最后 {k} 步平均 {final}（各种子 {low}–{high}）"),
    "alt_recipes_diverged": ("“{variant}” diverged (the loss became inf or nan)", "“{variant}”发散（损失变为 inf 或 nan）"),
    "alt_recipes_errors": ("Training error (solid) and test error (dashed) in % after each epoch: {items}.",
                           "每轮之后的训练误差（实线）和测试误差（虚线）（%）：{items}。"),
    "alt_recipes_errors_item": ("“{label}” training {train:.1f} %, test {test:.1f} % after epoch {epoch:g}",
                                "“{label}”第 {epoch:g} 轮后训练 {train:.1f} %，测试 {test:.1f} %"),
    # residual_fit (plots/residual_fit.py)
    "alt_residual_fit_fits": ("The target H(x) (wide grey), the identity (dotted) and each net's output after {steps} "
                              "steps; final mean squared error: {items}.",
                              "目标 H(x)（宽灰线）、恒等映射（点线）以及每个网络训练 {steps} 步后的输出；最终均方误差：{items}。"),
    "alt_residual_fit_branches": ("What the layers F output after training: all of H(x) in the plain net, only "
                                  "H(x) − x in the residual net (wide grey, rms {rms}). Root mean square of F: {items}.",
                                  "训练后层 F 的输出：普通网络中是整个 H(x)，残差网络中只是 H(x) − x（宽灰线，均方根 {rms}）。"
                                  "F 的均方根：{items}。"),
    "alt_residual_fit_losses": ("Mean squared error after each step (log scale), the target {target} dotted: {items}.",
                                "每一步之后的均方误差（对数坐标），点线为目标 {target}：{items}。"),
    "alt_residual_fit_reached": ("{net} reaches it at step {step}, ends at {loss}", "{net}在第 {step} 步达到，最终 {loss}"),
    "alt_residual_fit_never": ("{net} never reaches it, ends at {loss}", "{net}始终没有达到，最终 {loss}"),
    "alt_residual_fit_all": ("The fits, what F learned (rms {branches}; H(x) − x: {rms}) and the loss per step against "
                             "the target {target}: {items}.",
                             "拟合结果、F 学到的内容（均方根 {branches}；H(x) − x：{rms}）以及每一步的损失与目标 {target} 的对比："
                             "{items}。"),
    # schedules (plots/schedules.py)
    "alt_schedules": ("Learning rate against optimizer step, one line per schedule: {items}.",
                      "学习率随优化器步数的变化，每个调度一条线：{items}。"),
    "alt_schedules_item": ("“{label}” starts at {first}, peaks at {peak} at step {at}, ends at {last} at step {end}",
                           "“{label}”从 {first} 开始，第 {at} 步达到峰值 {peak}，第 {end} 步为 {last}"),
    "alt_schedules_item_flat": ("“{label}” starts at its peak {peak}, ends at {last} at step {end}",
                                "“{label}”从峰值 {peak} 开始，第 {end} 步为 {last}"),
    # transfer (plots/transfer.py)
    "alt_transfer": ("Mean test accuracy of each strategy by number of labels per class (chance: 20 %): {items}.",
                     "按每类标签数划分的各策略平均测试准确率（随机猜测：20 %）：{items}。"),
    "alt_transfer_group": ("{k} labels: {items}", "{k} 个标签：{items}"),
    "alt_transfer_empty": ("Test accuracy per strategy: no result yet, only the chance line at 20 %.",
                           "各策略的测试准确率：还没有结果，只有 20 % 处的随机猜测线。"),
    # complexity (plots/complexity.py)
    "alt_complexity_params": ("Parameters", "参数量"),
    "alt_complexity_gmacs": ("Multiply-adds per image", "每张图像的乘加运算"),
    "alt_complexity_latency": ("Latency at batch 1", "批大小 1 时的延迟"),
    "alt_complexity_metric": ("{metric} of {n} model(s): {items}.", "{n} 个模型的{metric}：{items}。"),
    "alt_complexity_range": ("from {low} to {high}", "从 {low} 到 {high}"),
    "alt_complexity_size": ("Parameters and multiply-adds per image of {n} model(s){cited}: {items}.",
                            "{n} 个模型的参数量和每张图像的乘加运算{cited}：{items}。"),
    "alt_complexity_cited": (" ({n} with the paper's Table 1 value as a diamond)", "（其中 {n} 个以菱形标出论文表 1 的值）"),
    "alt_complexity_speed": ("Latency at batch 1 and throughput at batch {batch} on {device}, {threads} thread(s): "
                             "{items}.",
                             "{device}、{threads} 个线程上批大小 1 的延迟和批大小 {batch} 的吞吐量：{items}。"),
    "alt_complexity_not_timed": ("Latency and throughput: not measured (this result was not timed).",
                                 "延迟和吞吐量：没有测量（这个结果没有计时）。"),
    "alt_complexity_accuracy": ("ImageNet top-1 accuracy ({weights}, torchvision's metadata) against parameters and "
                                "multiply-adds, {n} models; best: {best}.",
                                "ImageNet top-1 准确率（{weights}，torchvision 的元数据）与参数量和乘加运算的关系，"
                                "{n} 个模型；最高：{best}。"),
    "alt_complexity_best_resnet": (" Best ResNet: {best}.", "ResNet 中最高：{best}。"),
    "alt_complexity_accuracy_empty": ("ImageNet top-1 accuracy ({weights}): no model has that number.",
                                      "ImageNet top-1 准确率（{weights}）：没有模型有这个数值。"),
    # architecture (plots/architecture.py)
    "alt_architecture_stages": ("Parameters of {label} per part, {total:,} in all: {items}. The largest part, {largest}, "
                                "holds {share:.1f} %.",
                                "{label} 各部分的参数量，共 {total:,} 个：{items}。最大的部分 {largest} 占 {share:.1f} %。"),
    "alt_architecture_family": ("Parameters of {n} variants, each split into stem, stages and classifier: {items}.",
                                "{n} 个变体的参数量，每个分为起始层、各阶段和分类器：{items}。"),
    "alt_architecture_family_item": ("{label} {total} in all, {last:.1f} % in the last stage",
                                     "{label} 共 {total}，最后一个阶段占 {last:.1f} %"),
    # debugging (plots/debugging.py)
    "alt_debugging_flow": ("Mean and max |gradient| of each of the {n} layers{label} (log scale), input on the left: "
                           "mean |gradient| {first} at the input, {last} at the output; loss {loss}.",
                           "{label}{n} 个层各自的平均和最大 |梯度|（对数坐标），输入在左：平均 |梯度| 输入端 {first}，"
                           "输出端 {last}；损失 {loss}。"),
    "alt_debugging_flow_label": (" of “{label}”", "“{label}”的 "),
    "alt_debugging_nonfinite": (" {n} of {total} layers have a NaN or infinite gradient.",
                                "{total} 层中有 {n} 层的梯度为 NaN 或无穷大。"),
    "alt_debugging_zero": (" {n} of {total} layers have a gradient of exactly 0.", "{total} 层中有 {n} 层的梯度恰好为 0。"),
    "alt_debugging_reference": (" Grey: {label}, {first} at the input, {last} at the output.",
                                "灰线：{label}，输入端 {first}，输出端 {last}。"),
    "alt_debugging_maps": ("The first {c} channels of {n} feature maps, one row per layer: {items}.",
                           "{n} 个特征图的前 {c} 个通道，每层一行：{items}。"),
    "alt_debugging_losses": ("Training loss per step (log scale) of {n} run(s): {items}.",
                             "{n} 次运行每一步的训练损失（对数坐标）：{items}。"),
    "alt_debugging_loss_item": ("“{label}” {first} at step 1, {last} at step {steps}",
                                "“{label}”第 1 步 {first}，第 {steps} 步 {last}"),
    "alt_debugging_loss_seeds": ("“{label}” {first} at step 1, {last} at step {steps} (mean of {seeds} seeds)",
                                 "“{label}”第 1 步 {first}，第 {steps} 步 {last}（{seeds} 个种子的平均值）"),
    "alt_debugging_loss_diverged": ("“{label}” starts at {first} and diverges at step {step}",
                                    "“{label}”从 {first} 开始，在第 {step} 步发散"),
    # recap (plots/recap.py)
    "alt_recap": ("Recap of the course in four panels. {parts}", "用四个面板回顾本课程。{parts}"),
    "alt_recap_empty": ("The course's measurements in four panels: no result was given, every panel is empty.",
                        "用四个面板回顾本课程的测量结果：没有给出任何结果，所有面板都是空的。"),
    "alt_recap_degradation": ("Final training error: {finals}.", "最终训练误差：{finals}。"),
    "alt_recap_degradation_seeds": ("Final training error, mean of {n} seeds: {finals}.",
                                    "最终训练误差（{n} 个种子的平均值）：{finals}。"),
    "alt_recap_gradients": ("Gradient norm at the input: {items}.", "输入端的梯度范数：{items}。"),
    "alt_recap_shattered": ("Gradient autocorrelation at {depth} blocks: {items}.", "{depth} 个块时的梯度自相关：{items}。"),
    "alt_recap_accuracy": ("Best ResNet on ImageNet: {name} {acc:.1f} % top-1 with {params} M parameters.",
                           "ImageNet 上最好的 ResNet：{name}，top-1 {acc:.1f} %，参数量 {params} M。"),
    "alt_recap_accuracy_other": ("Best on ImageNet: {name} {acc:.1f} % top-1 with {params} M parameters.",
                                 "ImageNet 上最好的模型：{name}，top-1 {acc:.1f} %，参数量 {params} M。"),
    # --- exercises (exercises/lessonNN.py: titles, hints, explanations and the checks' feedback) -----------
    # exercises/lesson01.py
    "ex01_loop_title": ("Write the training loop", "编写训练循环"),
    "ex01_loop_explanation": ("This is the loop inside resnet_lessons.train.train, without its progress bar, timing "
                              "and divergence handling: the check shows they give the same numbers. model.train() "
                              "must come at the start of every epoch because measuring the errors switched the "
                              "model to eval mode; optimizer.zero_grad() must come before backward() because PyTorch "
                              "adds new gradients to the old ones.",
                              "这就是 resnet_lessons.train.train 内部的循环，只是少了进度条、计时和发散处理：检查表明两者给出相同的数字。每一轮开始时都必须调用 model.train()，"
                              "因为测量误差时模型被切换到了评估模式；optimizer.zero_grad() 必须在 backward() 之前，因为 PyTorch 会把新梯度加到旧梯度"
                              "上。"),
    "ex01_loop_hint_1": ("Every step does five things in this order: set the learning rate, forward pass and loss, "
                         "clear the old gradients, backward pass, optimizer step. Every epoch starts with model.train() "
                         "and ends with the two error measurements.",
                         "每一步按顺序做五件事：设置学习率、前向传播并计算损失、清除旧梯度、反向传播、优化器更新。每一轮以 model.train() 开始，以两次误差测量结束。"),
    "ex01_loop_hint_2": ("The schedule: `for group in optimizer.param_groups: group['lr'] = lr_at(config, step, "
                         "total)`. The error: model.eval(), then under torch.no_grad() the fraction of examples "
                         "where model(x).argmax(1) != y — as a float, with .float().mean().item().",
                         "学习率调度：`for group in optimizer.param_groups: group['lr'] = lr_at(config, step, total)`。"
                         "误差：先 model.eval()，再在 torch.no_grad() 下计算 model(x).argmax(1) != y 的样本比例——用 .float().mean().item() "
                         "得到浮点数。"),
    "ex01_grad_norms_title": ("Measure the gradient norms yourself", "自己测量梯度范数"),
    "ex01_grad_norms_explanation": ("Without model.zero_grad() the second call adds its gradients to the first "
                                    "call's. The package's version, gradients.grad_norms, also returns the loss "
                                    "and computes each norm in float64, so that gradients as small as 1e-22 (section "
                                    "2.2) do not underflow when they are squared.",
                                    "如果没有 model.zero_grad()，第二次调用会把梯度加到第一次的梯度上。软件包中的版本 gradients.grad_norms 还会返"
                                    "回损失，并用 float64 计算每个范数，这样像 1e-22 这么小的梯度（第 2.2 节）在平方时也不会下溢。"),
    "ex01_grad_norms_hint_1": ("Three steps: model.train() and model.zero_grad(); loss = F.cross_entropy(model(x), "
                               "y) and loss.backward(); then one number per Conv1d/Conv2d/Linear module, in model.modules() "
                               "order.",
                               "三步：model.train() 和 model.zero_grad()；loss = F.cross_entropy(model(x), y) 与 loss.backward()；"
                               "然后按 model.modules() 的顺序，每个 Conv1d/Conv2d/Linear 模块一个数。"),
    "ex01_grad_norms_hint_2": ("The number of a layer m is m.weight.grad.norm().item(). If the second call of the "
                               "check fails, the gradients piled up: clear them before backward().",
                               "层 m 的数是 m.weight.grad.norm().item()。如果检查的第二次调用失败，说明梯度累加了：在 backward() 之前清除它们。"),
    # exercises/lesson02.py
    "ex02_zero_branch_diagnosis_1": ("with every weight at zero your block returns zeros: the shortcut must not "
                                     "have weights (no 1x1 conv) — it passes x on, so the block returns relu(x)",
                                     "所有权重为零时，你的块输出全零：捷径不应有权重（不要 1x1 卷积）——它把 x 原样传下去，所以块应输出 relu(x)"),
    "ex02_zero_branch_diagnosis_2": ("the zeros come first and x's channels last: pad the channels after x, F.pad(x, "
                                     "(0, 0, 0, extra))",
                                     "零在前、x 的通道在后：应在 x 之后补零通道，F.pad(x, (0, 0, 0, extra))"),
    "ex02_zero_branch_diagnosis_3": ("x's {in_channels} channels are right, but the extra {out_channels_in_channels} "
                                     "channels are not zero: fill them with zeros",
                                     "x 的 {in_channels} 个通道正确，但多出的 {out_channels_in_channels} 个通道不是零：应该用零填充"),
    "ex02_zero_branch_diagnosis_4": ("the shortcut keeps positions 1, 3, 5, …; the strided conv1 sees positions "
                                     "0, 2, 4, …: keep x[:, :, ::stride]",
                                     "捷径保留了第 1、3、5……个位置；带步幅的 conv1 看的是第 0、2、4……个位置：应保留 x[:, :, ::stride]"),
    "ex02_zero_branch_diagnosis_5": ("the shortcut averages neighbouring positions; option A keeps every stride-th "
                                     "position as it is: x[:, :, ::stride]",
                                     "捷径对相邻位置取了平均；选项 A 原样保留每隔 stride 个位置的值：x[:, :, ::stride]"),
    "ex02_zero_branch_diagnosis_6": ("the output can be negative: the last ReLU comes after the addition",
                                     "输出中有负数：最后的 ReLU 应在加法之后"),
    "ex02_zero_branch_diagnosis_7": ("with the branch at zero the block must return relu(shortcut(x)) = relu(option "
                                     "A(x)); yours returns something else",
                                     "残差分支为零时，块应输出 relu(shortcut(x)) = relu(选项 A(x))；你的块输出了别的东西"),
    "exercise_class_todo": ("not done yet: your class raises NotImplementedError",
                                    "尚未完成：你的类抛出了 NotImplementedError"),
    "exercise_block_raised": ("{args}: building the block raised {type_err_name}: {err}",
                                    "{args}：构建残差块时出错：{type_err_name}: {err}"),
    "exercise_forward_todo": ("not done yet: forward raises NotImplementedError",
                                    "尚未完成：forward 抛出了 NotImplementedError"),
    "ex02_check_option_a_block_4": ("{args}: the forward pass on signals of shape {tuple_x_shape} raised {type_err_name}: "
                                    "{err} (signals need nn.Conv1d and nn.BatchNorm1d)",
                                    "{args}：对形状为 {tuple_x_shape} 的信号做前向传播时出错：{type_err_name}: {err}（信号要用 nn.Conv1d "
                                    "和 nn.BatchNorm1d）"),
    "exercise_shape_wrong": ("{args}: output shape {tuple_out_shape}, expected {want}",
                                    "{args}：输出形状为 {tuple_out_shape}，应为 {want}"),
    "exercise_shape_ok": ("{args}: output shape {want}", "{args}：输出形状 {want} 正确"),
    "exercise_params_ok": ("{args}: {want_params:,} parameters, as expected",
                                    "{args}：参数量 {want_params:,}，与预期一致"),
    "ex02_check_option_a_block_8": ("{args}: {got_params:,} parameters, {got_params_want_params:,} more than the "
                                    "{want_params:,} expected: option A's shortcut has no parameters (no 1x1 conv, "
                                    "no BN on the shortcut)",
                                    "{args}：参数量 {got_params:,}，比预期的 {want_params:,} 多 {got_params_want_params:,}："
                                    "选项 A 的捷径没有参数（捷径上没有 1x1 卷积，也没有 BN）"),
    "ex02_check_option_a_block_9": ("{args}: {got_params:,} parameters, expected {want_params:,}: two 3x3 Conv1d "
                                    "without bias, each followed by its own BatchNorm1d",
                                    "{args}：参数量 {got_params:,}，应为 {want_params:,}：两个不带偏置的 3x3 Conv1d，后面各接一个 BatchNorm1d"),
    "exercise_no_input_grad": ("{args}: no gradient reaches the input", "{args}：没有梯度传回输入"),
    "ex02_check_option_a_block_12": ("{args}: with the branch at zero the block returns relu(option A(x)): the "
                                     "shortcut works",
                                     "{args}：残差分支为零时输出 relu(选项 A(x))：捷径正确"),
    "ex02_summary_1": ("Trained briefly ({depth} layers, {examples:,} MNIST-1D training examples, one epoch = {steps} "
                       "steps of {batch_size}, lr {lr}, seed {seed}):",
                       "简短训练（{depth} 层，{examples:,} 个 MNIST-1D 训练样本，一轮 = {steps} 步、每步 {batch_size} 个样本，学习率 {lr}，"
                       "随机种子 {seed}）："),
    "ex02_reference_block": ("the reference block", "参考答案的块"),
    "ex02_your_block": ("your {block}", "你的 {block} "),
    "ex02_summary_2": ("plain-{self_depth}: training error {plain:.1f} %", "普通网络-{self_depth}：训练误差 {plain:.1f} %"),
    "ex02_summary_3": ("ResNet-{self_depth} built from {self_name_0}: training error {res:.1f} %",
                       "用{self_name_1}搭建的 ResNet-{self_depth}：训练误差 {res:.1f} %"),
    "ex02_check_no_degradation_1": ("expected the result of train_twins(...), got {type_twins_name}",
                                    "应传入 train_twins(...) 的结果，收到 {type_twins_name}"),
    "ex02_check_no_degradation_2": ("ResNet-{twins_depth} from {twins_name_0}: {res:.1f} % training error, {plain_res:.1f} "
                                    "points below plain-{twins_depth}'s {plain:.1f} %: with the shortcuts the deep "
                                    "net trains",
                                    "用{twins_name_1}搭建的 ResNet-{twins_depth}：训练误差 {res:.1f} %，比普通网络-{twins_depth} "
                                    "的 {plain:.1f} % 低 {plain_res:.1f} 个百分点：有了捷径，深层网络能够训练"),
    "ex02_check_no_degradation_3": ("ResNet-{twins_depth} from {twins_name_0}: {res:.1f} % training error, not "
                                    "at least {MARGIN:.0f} points below plain-{twins_depth}'s {plain:.1f} %: does "
                                    "your block add the shortcut, and does it pass check_option_a_block?",
                                    "用{twins_name_1}搭建的 ResNet-{twins_depth}：训练误差 {res:.1f} %，没有比普通网络-{twins_depth} "
                                    "的 {plain:.1f} % 低至少 {MARGIN:.0f} 个百分点：你的块加上捷径了吗？它通过 check_option_a_block 了"
                                    "吗？"),
    "ex02_check_lesion_reading_1": ("answer must be a dict {{'result': lesions, 'block': 'layerS.B'}}, got {type_answer_name}",
                                    "answer 必须是字典 {{'result': lesions, 'block': 'layerS.B'}}，收到 {type_answer_name}"),
    "ex02_check_one_reading_1": ("not done yet: set worst_block to a block name, e.g. 'layer2.1', then run the "
                                 "cell again",
                                 "尚未完成：把 worst_block 设为一个块的名字，例如 'layer2.1'，然后重新运行这个单元格"),
    "ex02_check_one_reading_2": ("{where}: {given!r} is not a block of this net; its blocks are {join_errors}",
                                 "{where}：{given!r} 不是这个网络的块；它的块是 {join_errors}"),
    "ex02_check_one_reading_3": ("{where}: deleting {given} raises the ResNet's test error most, to {worst:.1f} "
                                 "%",
                                 "{where}：删除 {given} 使残差网络的测试误差上升最多，达到 {worst:.1f} %"),
    "ex02_check_one_reading_4": ("{where}: deleting {given} raises the ResNet's test error to {errors_given:.1f} "
                                 "%, but deleting {right_0} raises it to {worst:.1f} %: look for the tallest bar "
                                 "of the ResNet{extra}",
                                 "{where}：删除 {given} 使残差网络的测试误差升到 {errors_given:.1f} %，而删除 {right_0} 使它升到 {worst:.1f} "
                                 "%：找残差网络最高的那根柱子{extra_zh}"),
    "ex02_option_a_title": ("Write a residual block with option A's shortcut", "编写带选项 A 捷径的残差块"),
    "ex02_option_a_explanation": ("Option A keeps the shortcut an identity even where the shape changes: the first "
                                  "in_channels channels of the output receive x itself, the new channels start "
                                  "from zero, and there is nothing to learn on the shortcut, so a ResNet and its "
                                  "plain twin have exactly the same parameters. Keeping positions 0, 2, 4, … lines "
                                  "the shortcut up with the strided conv1, which is centred on the same positions. "
                                  "The package's ShortcutA (shown below the exercise) does the same for 1-D and "
                                  "2-D inputs.",
                                  "选项 A 让捷径在形状改变的地方也保持恒等映射：输出的前 in_channels 个通道直接接收 x，新增的通道从零开始，捷径上没有任何需要学习的东西，"
                                  "所以 ResNet 与它的普通孪生网络参数完全相同。保留第 0、2、4……个位置，使捷径与带步幅的 conv1 对齐——conv1 正以这些位置为中心。"
                                  "软件包中的 ShortcutA（在练习下方展示）对一维和二维输入做同样的事。"),
    "ex02_option_a_hint_1": ("The branch is BasicBlock's, with nn.Conv1d and nn.BatchNorm1d for signals: conv1 "
                             "(3, stride, padding 1) → BN → ReLU → conv2 (3, padding 1) → BN. The shortcut has "
                             "no modules at all: it is a few tensor operations on x in forward. Two steps: keep "
                             "every stride-th position, then add zero channels until there are out_channels.",
                             "分支与 BasicBlock 相同，只是信号要用 nn.Conv1d 和 nn.BatchNorm1d：conv1（3，步幅，padding 1）→ BN → ReLU "
                             "→ conv2（3，padding 1）→ BN。捷径完全没有模块：它只是在 forward 中对 x 做几步张量运算。两步：先每隔 stride 个位置取一个值"
                             "，再补零通道，直到有 out_channels 个通道。"),
    "ex02_option_a_hint_2": ("x[:, :, ::stride] keeps positions 0, stride, 2·stride, … (the ones the strided conv1 "
                             "is centred on). F.pad pads the last dimension first: F.pad(x, (0, 0, 0, extra)) adds "
                             "nothing to the length and extra = out_channels - in_channels zero channels after "
                             "x's channels. Then return relu(branch + shortcut).",
                             "x[:, :, ::stride] 保留第 0、stride、2·stride……个位置（带步幅的 conv1 正以这些位置为中心）。F.pad 从最后一维开始填"
                             "充：F.pad(x, (0, 0, 0, extra)) 不改变长度，并在 x 的通道之后补 extra = out_channels - in_channels "
                             "个零通道。最后返回 relu(分支 + 捷径)。"),
    "ex02_lesion_reading_title": ("Read the lesion study", "解读损伤实验"),
    "ex02_lesion_reading_explanation": ("The answer comes from the measurement, not from the paper: Veit et al. "
                                        "found the downsampling blocks to be the exceptions in their CIFAR-10 ResNet-110; "
                                        "section 3.5 prints which blocks are costly in our deeper MNIST-1D nets. "
                                        "The check computes the answer from the lesion result at run time, so it "
                                        "holds for any seed and any machine.",
                                        "答案来自测量，而不是论文：Veit 等人在 CIFAR-10 的 ResNet-110 中发现例外是下采样块；第 3.5 节会输出在我们更深"
                                        "的 MNIST-1D 网络中哪些块代价高。检查函数在运行时根据损伤实验的结果计算答案，所以对任何随机种子、任何机器都成立。"),
    "ex02_lesion_reading_hint_1": ("Look at the ResNet's bars in the lesion figure (or at lesions.net('residual').single_errors(), "
                                   "and single_errors(downsampling=True) for the two downsampling blocks): which "
                                   "single deletion gives the highest test error?",
                                   "看损伤实验图中残差网络的柱子（或者 lesions.net('residual').single_errors()，以及两个下采样块的 single_errors(downsampling=True)）"
                                   "：删除哪一个块后测试误差最高？"),
    "ex02_lesion_reading_hint_2": ("Merge the two dicts and take the key of the largest value: errors = {{**net.single_errors(), **net.single_errors(downsampling=True)}}; "
                                   "max(errors, key=errors.get).",
                                   "把两个字典合并，取值最大的键：errors = {{**net.single_errors(), **net.single_errors(downsampling=True)}}；"
                                   "max(errors, key=errors.get)。"),
    # exercises/lesson03.py
    "ex03_check_v1_bottleneck_4": ("{args}: {got_1000_0:,.1f} k multiply-adds on {SIZE}x{SIZE}, the paper's V1 "
                                   "block ({v15_1000_0:,.1f} k with the stride on the 3x3 conv)",
                                   "{args}：在 {SIZE}x{SIZE} 上 {got_1000_0:,.1f} k 次乘加，与论文的 V1 块一致（步幅放在 3x3 卷积上时为"
                                   " {v15_1000_0:,.1f} k）"),
    "ex03_check_v1_bottleneck_5": ("{args}: {got_1000_0:,.1f} k multiply-adds on {SIZE}x{SIZE}, as torchvision's "
                                   "V1.5 block: the stride is on the 3x3 conv; the paper puts it on the first 1x1 "
                                   "conv, so that the 3x3 conv runs on the halved map ({want_1000_0:,.1f} k)",
                                   "{args}：在 {SIZE}x{SIZE} 上 {got_1000_0:,.1f} k 次乘加，与 torchvision 的 V1.5 块相同：步"
                                   "幅在 3x3 卷积上；论文把它放在第一个 1x1 卷积上，这样 3x3 卷积在减半后的特征图上运行（{want_1000_0:,.1f} k）"),
    "ex03_check_v1_bottleneck_6": ("{args}: {got_1000_0:,.1f} k multiply-adds on {SIZE}x{SIZE}, the paper's V1 "
                                   "block does {want_1000_0:,.1f} k: the stride belongs on conv1 (and on the shortcut), "
                                   "nowhere else",
                                   "{args}：在 {SIZE}x{SIZE} 上 {got_1000_0:,.1f} k 次乘加，论文的 V1 块为 {want_1000_0:,.1f} "
                                   "k：步幅只应放在 conv1（以及捷径）上"),
    "ex03_check_family_reading_1": ("answer must be a dict {{'family': family, 'grown': ['layer…', …]}}, got {type_answer_name}",
                                    "answer 必须是字典 {{'family': family, 'grown': ['layer…', …]}}，收到 {type_answer_name}"),
    "ex03_check_family_reading_2": ("family must contain resnet101 and resnet152", "family 必须包含 resnet101 和 resnet152"),
    "ex03_check_family_reading_3": ("not done yet: set grown to a list of stages, e.g. ['layer1'], then run the "
                                    "cell again",
                                    "尚未完成：把 grown 设为一个阶段列表，例如 ['layer1']，然后重新运行这个单元格"),
    "ex03_check_family_reading_4": ("{join_map_repr_unknown}: not a stage; the stages are {join_STAGES}",
                                    "{join_map_repr_unknown}：不是阶段；阶段是 {join_STAGES}"),
    "ex03_check_family_reading_5": ("{change} blocks: it grows", "{change} 个块：它变大了"),
    "ex03_check_family_reading_6": ("{change} blocks: this stage grows too", "{change} 个块：这个阶段也变大了"),
    "ex03_check_family_reading_7": ("{change} blocks: this stage does not grow", "{change} 个块：这个阶段没有变大"),
    "ex03_bottleneck_v1_title": ("Write the paper's bottleneck block (V1)", "编写论文中的瓶颈块（V1）"),
    "ex03_bottleneck_v1_explanation": ("The weights are exactly those of the V1.5 block — the check counts the "
                                       "same parameters — but the 3x3 conv, the block's most expensive layer, now "
                                       "runs on the halved map, so a downsampling block costs fewer multiply-adds "
                                       "(the check prints both). A strided 1x1 conv simply drops 3 of every 4 positions "
                                       "before anything has looked at them; that is why torchvision moved the stride "
                                       "to the 3x3 conv, which is reported to be slightly more accurate at a small "
                                       "cost in speed (NVIDIA's ResNet50 v1.5 model card).",
                                       "权重与 V1.5 块完全相同——检查统计到的参数量一样——但块中最昂贵的 3x3 卷积现在在减半后的特征图上运行，所以下采样块的乘加次数更少（"
                                       "检查会输出两者）。带步幅的 1x1 卷积在任何层看到之前就直接丢掉每 4 个位置中的 3 个；这就是 torchvision 把步幅移到 3x3 "
                                       "卷积上的原因，据报告这样略微更准确，速度稍有损失（NVIDIA 的 ResNet50 v1.5 模型说明）。"),
    "ex03_bottleneck_v1_hint_1": ("Start from the Bottleneck shown in section 1.2 and change only where the map "
                                  "is halved: which conv gets stride=stride, and which one loses it? The shortcut "
                                  "still needs the stride, since it must have the block's output shape.",
                                  "从第 1.2 节展示的 Bottleneck 出发，只改变特征图减半的位置：哪个卷积得到 stride=stride，哪个卷积不再带步幅？捷径仍然需要步"
                                  "幅，因为它必须与块的输出形状相同。"),
    "ex03_bottleneck_v1_hint_2": ("conv1 = nn.Conv2d(in_channels, mid_channels, kernel_size=1, stride=stride, bias=False); "
                                  "conv2 = nn.Conv2d(mid_channels, mid_channels, kernel_size=3, padding=1, bias=False). "
                                  "Everything else is the V1.5 block: three BNs, ReLU after the first two, a projection "
                                  "(1x1 conv with the stride + BN) only when stride != 1 or in_channels != 4 * "
                                  "mid_channels, and relu(out + shortcut) at the end.",
                                  "conv1 = nn.Conv2d(in_channels, mid_channels, kernel_size=1, stride=stride, bias=False)；"
                                  "conv2 = nn.Conv2d(mid_channels, mid_channels, kernel_size=3, padding=1, bias=False)。"
                                  "其余与 V1.5 块相同：三个 BN，前两个之后接 ReLU，只有当 stride != 1 或 in_channels != 4 * mid_channels "
                                  "时使用投影（带步幅的 1x1 卷积 + BN），最后是 relu(out + shortcut)。"),
    "ex03_param_count_title": ("Count the parameters of a bottleneck block", "统计一个瓶颈块的参数量"),
    "ex03_param_count_explanation": ("Even at this narrow width the 3x3 conv is about half of the block; the shortcut "
                                     "projection costs as much as conv3, which is why only the first block of a "
                                     "stage, where the shape changes, has one. The cell below the exercise counts "
                                     "each layer from the block itself.",
                                     "即使宽度这么窄，3x3 卷积仍约占残差块的一半；投影捷径的代价与 conv3 相同，这就是为什么只有每个阶段的第一个残差块（形状改变的地方）才有投"
                                     "影捷径。练习下方的单元格直接从残差块统计每一层的参数。"),
    "ex03_param_count_hint_1": ("A conv has k·k·C_in·C_out weights (no bias here); a BN layer has 2 parameters "
                                "per channel. Add up the eight layers listed: conv1, bn1, conv2, bn2, conv3, bn3 "
                                "and the two layers of the downsample shortcut.",
                                "卷积有 k·k·C_in·C_out 个权重（这里没有偏置）；BN 层每个通道有 2 个参数。把列出的八层加起来：conv1、bn1、conv2、bn2、conv3、"
                                "bn3，以及 downsample 捷径的两层。"),
    "ex03_param_count_hint_2": ("The convs: 1·1·64·64, 3·3·64·64, 1·1·64·256 and the shortcut's 1·1·64·256. The "
                                "BNs: 2·64 for bn1 and bn2, 2·256 for bn3 and the shortcut's BN.",
                                "卷积：1·1·64·64、3·3·64·64、1·1·64·256，以及捷径的 1·1·64·256。BN：bn1 和 bn2 各 2·64，bn3 和捷径"
                                "的 BN 各 2·256。"),
    "ex03_family_reading_title": ("Read the family: where do the extra blocks go?", "解读家族：多出的块加在哪里？"),
    "ex03_family_reading_explanation": ("The deeper nets add blocks in the middle stages, most of them in layer3 "
                                        "(14x14). A bottleneck block costs about the same multiply-adds in every "
                                        "stage (twice the channels on a quarter of the positions), but a layer4 "
                                        "block has four times the parameters of a layer3 block, and layer1's big "
                                        "maps make every activation costly in memory; the middle stages add depth "
                                        "at a moderate price.",
                                        "更深的网络把块加在中间的阶段，大部分加在 layer3（14x14）。一个瓶颈块在每个阶段的乘加次数大致相同（通道数加倍、位置数变为四分之一"
                                        "），但 layer4 的一个块的参数是 layer3 的一个块的四倍，而 layer1 的大特征图使每个激活都很占内存；中间的阶段以适中的代"
                                        "价增加深度。"),
    "ex03_family_reading_hint_1": ("Compare the 'blocks per stage' column of ResNet-101 and ResNet-152 in the table "
                                   "of section 3, stage by stage (layer1 to layer4).",
                                   "在第 3 节的表格中逐个阶段（layer1 到 layer4）比较 ResNet-101 与 ResNet-152 的“每个阶段的块数”一列。"),
    "ex03_family_reading_hint_2": ("ResNet-101 has (3, 4, 23, 3) blocks, ResNet-152 (3, 8, 36, 3): list every stage "
                                   "whose number grows, e.g. grown = ['layer…', 'layer…'].",
                                   "ResNet-101 有 (3, 4, 23, 3) 个块，ResNet-152 有 (3, 8, 36, 3) 个：列出块数增加的每个阶段，例如 grown "
                                   "= ['layer…', 'layer…']。"),
    # exercises/lesson04.py
    "ex04_check_bn_reading_1": ("answer must be a dict {{'runs': seed_runs, 'calmest': ..., 'cause': ...}}, got "
                                "{type_answer_name}",
                                "answer 必须是字典 {{'runs': seed_runs, 'calmest': ..., 'cause': ...}}，收到 {type_answer_name}"),
    "ex04_check_bn_reading_2": ("not done yet: set calmest and cause, then run the cell again",
                                "尚未完成：填写 calmest 和 cause，然后重新运行这个单元格"),
    "ex04_check_bn_reading_3": ("calmest = {right!r}: its eval-mode loss was at most {worst_right:.2f} times its "
                                "train-mode loss",
                                "calmest = {right!r}：它评估模式的损失至多是训练模式的 {worst_right:.2f} 倍"),
    "ex04_check_bn_reading_4": ("calmest must be one of the variants in the table ({join_map_repr_worst}), got "
                                "{calmest!r}",
                                "calmest 必须是表中的变体之一（{join_map_repr_worst}），收到 {calmest!r}"),
    "ex04_check_bn_reading_5": ("calmest = {calmest!r}: in its worst seed its eval-mode loss was {worst_calmest:.3g} "
                                "times its train-mode loss, but {right!r} stayed within {worst_right:.2f} times "
                                "— compare the two loss numbers of each row, in the worst seed (the largest of "
                                "the range)",
                                "calmest = {calmest!r}：在最差的种子上，它评估模式的损失是训练模式的 {worst_calmest:.3g} 倍，而 {right!r} "
                                "始终在 {worst_right:.2f} 倍以内——比较每一行的两个损失数字，看最差的种子（范围中的最大值）"),
    "ex04_check_bn_reading_6": ("cause = {cause!r}: with the same weights and recomputed statistics, the training "
                                "error came within {truth_largest_gap:.1f} points of train mode in every run",
                                "cause = {cause!r}：权重不变、重新计算统计量后，每次训练的训练误差与训练模式相差都在 {truth_largest_gap:.1f} 个百分"
                                "点以内"),
    "ex04_check_bn_reading_7": ("cause must be 'statistics' or 'weights', got {cause!r}",
                                "cause 必须是 'statistics' 或 'weights'，收到 {cause!r}"),
    "ex04_check_bn_reading_8": ("cause = 'weights': but the third number of each row keeps the same weights and "
                                "only recomputes BN's running statistics — and it comes within {truth_largest_gap:.1f} "
                                "points of train mode in every run. The weights were fine; the running statistics "
                                "were stale",
                                "cause = 'weights'：但每行的第三个数保持权重不变，只重新计算 BN 的滑动统计量——它在每次训练中与训练模式相差都在 {truth_largest_gap:.1f} "
                                "个百分点以内。权重没有问题，是滑动统计量过时了"),
    "ex04_check_bn_reading_9": ("cause = 'statistics': but recomputing the statistics left a gap of {truth_largest_gap:.1f} "
                                "points to train mode in some run: fresh statistics do not explain it",
                                "cause = 'statistics'：但重新计算统计量后，某次训练与训练模式仍相差 {truth_largest_gap:.1f} 个百分点：新的统计量"
                                "解释不了这个差距"),
    "ex04_schedule_title": ("Write a warm-up + cosine schedule", "编写“预热 + 余弦”学习率调度"),
    "ex04_schedule_explanation": ("The warm-up starts at peak / warmup, not at 0: a step with learning rate 0 would "
                                  "be wasted. The cosine starts at the first step after the warm-up with progress "
                                  "0, so the schedule is continuous, and it never quite reaches 0 (the last step "
                                  "has progress (total - 1 - warmup) / (total - warmup) < 1). This is the trainer's "
                                  "own lr_at with schedule='cosine' and a linear warm-up.",
                                  "预热从 peak / warmup 开始，而不是 0：学习率为 0 的一步是浪费。余弦从预热之后的第一步开始，此时进度为 0，所以调度是连续的；它也永远"
                                  "不会真正降到 0（最后一步的进度是 (total - 1 - warmup) / (total - warmup) < 1）。这就是训练器自己的 lr_at "
                                  "在 schedule='cosine' 加线性预热时的做法。"),
    "ex04_schedule_hint_1": ("Two cases. While step < warmup the rate grows in equal steps and reaches the peak "
                             "at the *last* warm-up step, step = warmup - 1: what fraction of the peak is step "
                             "0 then? After the warm-up, half a cosine: cos(0) = 1 gives the peak, cos(pi) = -1 "
                             "gives 0; map it with 0.5 * (1 + cos(...)).",
                             "分两种情况。step < warmup 时，学习率等量上升，并在预热的*最后*一步（step = warmup - 1）达到峰值：那么第 0 步是峰值的几分之几？"
                             "预热之后是半个余弦：cos(0) = 1 对应峰值，cos(pi) = -1 对应 0；用 0.5 * (1 + cos(...)) 做映射。"),
    "ex04_schedule_hint_2": ("Warm-up: peak * (step + 1) / warmup. Afterwards: progress = (step - warmup) / (total "
                             "- warmup) and peak * 0.5 * (1 + math.cos(math.pi * progress)). With warmup = 0 the "
                             "first branch never runs.",
                             "预热：peak * (step + 1) / warmup。之后：progress = (step - warmup) / (total - warmup)，学习"
                             "率为 peak * 0.5 * (1 + math.cos(math.pi * progress))。warmup = 0 时第一个分支永远不会执行。"),
    "ex04_bn_modes_title": ("Read batch norm's two modes", "解读批归一化的两种模式"),
    "ex04_bn_modes_explanation": ("Zero-init γ starts every block as the identity, so its first steps move the "
                                  "weights least and BN's running averages, which lag behind the weights, stay "
                                  "close to the statistics of the final weights. The gap of the other runs is the "
                                  "lag of those running averages (momentum 0.1 averages over about 10 past batches, "
                                  "each computed with older weights): recompute them and eval mode agrees with "
                                  "train mode.",
                                  "γ 置零让每个残差块从恒等映射开始，所以它最初几步对权重的改动最小，跟在权重后面的 BN 滑动平均也就与最终权重的统计量相差不大。其他训练的差距来自这些"
                                  "滑动平均的滞后（momentum 0.1 大约平均了过去 10 个小批量，每个都是用更早的权重算出的）：重新计算它们，评估模式就与训练模式一致了。"),
    "ex04_bn_modes_hint_1": ("calmest: in each row of the table of section 2.3, compare the loss in eval mode with "
                             "the loss in train mode — take the largest number of each range (the worst seed). "
                             "cause: the third training error of each row keeps the weights and only recomputes "
                             "BN's running statistics. Does it land near the eval-mode number or near the train-mode "
                             "number?",
                             "calmest：在第 2.3 节表格的每一行中，比较评估模式与训练模式的损失——取每个范围中最大的数（最差的种子）。cause：每行的第三个训练误差保持权重不变，"
                             "只重新计算 BN 的滑动统计量。它接近评估模式的数字，还是接近训练模式的数字？"),
    "ex04_bn_modes_hint_2": ("The row whose two losses are within a factor of 2 in every seed is the answer for "
                             "calmest. The recomputed statistics give back the train-mode error in every run, so "
                             "the weights are not to blame.",
                             "两个损失在每个种子下都相差不到 2 倍的那一行就是 calmest 的答案。重新计算统计量后，每次训练都得回了训练模式的误差，所以问题不在权重。"),
    # exercises/lesson05.py
    "ex05_check_resnext_width_2": ("{args}: building the block raised {type_err_name}: {err} (the inner width should "
                                   "be int({planes} * {per_group} / 64) * {groups} = {width}, a multiple of groups)",
                                   "{args}：构建残差块时出错：{type_err_name}: {err}（内部宽度应为 int({planes} * {per_group} / "
                                   "64) * {groups} = {width}，是 groups 的倍数）"),
    "ex05_check_resnext_width_3": ("{args}: the 3x3 conv has {width} channels in {groups} groups",
                                   "{args}：3x3 卷积有 {width} 个通道，分成 {groups} 组"),
    "ex05_check_resnext_width_4": ("{args}: expected a 3x3 conv of width = int({planes} * {per_group} / 64) * {groups} "
                                   "= {width} channels in {groups} groups; found 3x3 convs: {found}",
                                   "{args}：应有一个 3x3 卷积，宽度 = int({planes} * {per_group} / 64) * {groups} = {width} "
                                   "个通道，分成 {groups} 组；实际找到的 3x3 卷积：{found}"),
    "ex05_check_timings_reading_1": ("answer must be a dict {{'times': times, 'costs': costs, 'slowest_rate': ..., 'fastest': ...}}, "
                                     "got {type_answer_name}",
                                     "answer 必须是字典 {{'times': times, 'costs': costs, 'slowest_rate': ..., 'fastest': ...}}，"
                                     "收到 {type_answer_name}"),
    "ex05_check_timings_reading_2": ("not done yet: set slowest_rate and fastest, then run the cell again",
                                     "尚未完成：填写 slowest_rate 和 fastest，然后重新运行这个单元格"),
    "ex05_check_timings_reading_3": ("{key_name} = {given!r}: {numbers_given:.1f} {unit} on this CPU",
                                     "{key_name} = {given!r}：在这台 CPU 上为 {numbers_given:.1f} {unit}"),
    "ex05_check_timings_reading_4": ("{key_name} must be one of {join_map_repr_BLOCKS}, got {given!r}",
                                     "{key_name} 必须是 {join_map_repr_BLOCKS} 之一，收到 {given!r}"),
    "ex05_check_timings_reading_5": ("slowest_rate = {given!r}: it did {rates_given:.1f} G multiply-adds per second, "
                                     "but {right!r} only {rates_right:.1f} — the rate is the number in brackets, "
                                     "not the time",
                                     "slowest_rate = {given!r}：它每秒完成 {rates_given:.1f} G 次乘加，而 {right!r} 只有 {rates_right:.1f}——速"
                                     "率是括号里的数字，不是耗时"),
    "ex05_check_timings_reading_6": ("fastest = {given!r}: it took {ms_given:.1f} ms, but {right!r} took {ms_right:.1f} "
                                     "ms — fewer multiply-adds or a higher rate alone do not decide it: time = "
                                     "multiply-adds / rate",
                                     "fastest = {given!r}：它用了 {ms_given:.1f} 毫秒，而 {right!r} 只用了 {ms_right:.1f} "
                                     "毫秒——单看乘加次数少或速率高都不能决定快慢：耗时 = 乘加次数 / 速率"),
    "ex05_resnext_title": ("Turn the bottleneck into a ResNeXt block", "把瓶颈块改成 ResNeXt 块"),
    "ex05_resnext_explanation": ("The block keeps the ResNet's outputs (planes * 4), so it drops into any ResNet "
                                 "stage; only its inside is width = int(planes * width_per_group / 64) * groups "
                                 "channels wide, and the 3x3 conv is grouped. That rule is torchvision's (its width_per_group "
                                 "is the course's base_width): groups=1, width_per_group=64 gives the plain bottleneck "
                                 "back, width_per_group=128 the Wide ResNet-50-2 block. With 32 groups the 3x3 "
                                 "conv has 9 * width * width / 32 weights: 4,608 for width 128, against 36,864 "
                                 "for a dense 3x3 conv of width 64.",
                                 "这个块保持 ResNet 的输出（planes * 4），所以能放进任何 ResNet 阶段；只有内部宽度变为 width = int(planes * "
                                 "width_per_group / 64) * groups 个通道，并且 3x3 卷积是分组的。这条规则与 torchvision 相同（其 width_per_group "
                                 "就是本课程的 base_width）：groups=1、width_per_group=64 时又回到普通瓶颈块，width_per_group=128 "
                                 "时就是 Wide ResNet-50-2 的块。分成 32 组时，3x3 卷积有 9 * width * width / 32 个权重：width 为 128 "
                                 "时是 4,608 个，而宽度 64 的普通 3x3 卷积有 36,864 个。"),
    "ex05_resnext_hint_1": ("Only the inside changes: compute width = int(planes * width_per_group / 64) * groups "
                            "first, and use it where the bottleneck used planes (conv1's outputs, conv2, conv3's "
                            "inputs, bn1, bn2). conv3 still gives planes * 4 channels. Which of the three convs "
                            "is split into groups?",
                            "只有内部改变：先算出 width = int(planes * width_per_group / 64) * groups，然后在瓶颈块用 planes 的地方（"
                            "conv1 的输出、conv2、conv3 的输入、bn1、bn2）改用它。conv3 的输出仍是 planes * 4 个通道。三个卷积中哪一个被分组？"),
    "ex05_resnext_hint_2": ("conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1, groups=groups, "
                            "bias=False). ResNeXt-50 32x4d: planes 64 → width int(64 * 4 / 64) * 32 = 128; 32x8d: "
                            "256. The shortcut is the bottleneck's: a 1x1 conv with the stride + BN when stride "
                            "!= 1 or in_channels != planes * 4.",
                            "conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1, groups=groups, "
                            "bias=False)。ResNeXt-50 32x4d：planes 为 64 → width = int(64 * 4 / 64) * 32 = 128；32x8d "
                            "为 256。捷径与瓶颈块相同：当 stride != 1 或 in_channels != planes * 4 时用带步幅的 1x1 卷积加 BN。"),
    "ex05_timings_title": ("Read the block timings", "解读残差块的计时"),
    "ex05_timings_explanation": ("Time is multiply-adds divided by the rate. The ResNeXt block and the bottleneck "
                                 "do almost the same multiply-adds, so the rate decides: a grouped conv has little "
                                 "work per group and uses the CPU's vector units less well than a dense conv. The "
                                 "wide block does three times the work at the highest rate, and is still the slowest "
                                 "in time.",
                                 "耗时等于乘加次数除以速率。ResNeXt 块与瓶颈块的乘加次数几乎相同，所以由速率决定：分组卷积每组的工作量小，对 CPU 向量单元的利用不如普通卷积。加"
                                 "宽块的工作量是三倍，速率最高，但耗时仍然最长。"),
    "ex05_timings_hint_1": ("slowest_rate: the number in brackets after each time is the rate, in G multiply-adds "
                            "per second: take the smallest. fastest: the smallest time in ms. Answer with 'bottleneck', "
                            "'resnext' or 'wide'.",
                            "slowest_rate：每个耗时后面括号里的数字是速率（每秒 G 次乘加）：取最小的。fastest：毫秒数最小的那个。用 'bottleneck'、'resnext' "
                            "或 'wide' 回答。"),
    "ex05_timings_hint_2": ("The grouped conv of the ResNeXt block does its few multiply-adds at the lowest rate, "
                            "so with the same multiply-adds as the bottleneck it takes longer; the dense bottleneck "
                            "is usually the fastest.",
                            "ResNeXt 块的分组卷积完成其少量乘加的速率最低，所以与瓶颈块乘加次数相同却耗时更长；普通的瓶颈块通常最快。"),
    # exercises/lesson06.py
    "ex06_freeze_title": ("Freeze a backbone for a linear probe", "为线性探测冻结骨干网络"),
    "ex06_freeze_explanation": ("requires_grad = False stops the weights, but a BN layer in training mode still "
                                "normalises with each batch's statistics and updates its running mean and variance: "
                                "the 'frozen' backbone would drift. Eval mode stops that. Remember that a later "
                                "model.train() switches the BN layers back to training mode: in the training loop "
                                "use set_train_mode(model), or call .eval() on the frozen BN layers after every "
                                "model.train(). torchvision's detection models use FrozenBatchNorm2d for the same "
                                "reason.",
                                "requires_grad = False 只能让权重不变，但处于训练模式的 BN 层仍然用每个批次的统计量做归一化，并更新它的滑动均值和方差：“冻结”的骨"
                                "干网络照样会漂移。评估模式能阻止这一点。记住，之后调用 model.train() 会把 BN 层切回训练模式：在训练循环中请用 set_train_mode(model)，"
                                "或在每次 model.train() 之后对被冻结的 BN 层调用 .eval()。torchvision 的检测模型出于同样的原因使用 FrozenBatchNorm2d。"),
    "ex06_freeze_hint_1": ("Three loops over the model: model.parameters() (turn requires_grad off), model.fc.parameters() "
                           "(turn it back on), model.modules() (find the BatchNorm layers). Why is requires_grad "
                           "= False not enough for a BN layer in training mode? Section 2 says it.",
                           "对模型做三次循环：model.parameters()（关掉 requires_grad）、model.fc.parameters()（重新打开）、model.modules()（"
                           "找出批归一化层）。为什么对处于训练模式的 BN 层来说 requires_grad = False 还不够？第 2 节讲过。"),
    "ex06_freeze_hint_2": ("For the BN layers: `if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)): m.eval()`. "
                           "Do not call model.eval() on the whole model instead of that, and return the model at "
                           "the end.",
                           "对 BN 层：`if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)): m.eval()`。不要用对整个模型调用 model.eval() "
                           "来代替，最后要返回模型。"),
    # exercises/lesson07.py
    "ex07_where": ("budget {budget:g} GMACs", "预算 {budget:g} GMACs"),
    "ex07_judge_1": ("no model of the family fits {budget:g} GMACs: the cheapest needs {value1:.2f}",
                     "家族中没有模型能放进 {budget:g} GMACs：最便宜的也需要 {value1:.2f}"),
    "ex07_judge_2": ("not done yet: set my_pick to a model name of the table, e.g. 'resnet34', then run the cell "
                     "again",
                     "尚未完成：把 my_pick 设为表中的一个模型名，例如 'resnet34'，然后重新运行这个单元格"),
    "ex07_judge_3": ("{where}: {given!r} is not one of the seven ResNet-family models: {join_family}",
                     "{where_zh}：{given!r} 不是七个 ResNet 家族模型之一：{join_family}"),
    "ex07_judge_4": ("{where}: {given} ({ref_gmacs:.2f} GMACs, {ref_acc1_v1:.2f} % top-1) is the most accurate "
                     "model that fits: the point of the Pareto front at this budget",
                     "{where_zh}：{given}（{ref_gmacs:.2f} GMACs，top-1 {ref_acc1_v1:.2f} %）是放得进预算的模型中最准的：这就是帕累托前沿"
                     "在这个预算下的那个点"),
    "ex07_judge_5": ("{where}: {given} needs {ref_gmacs:.2f} GMACs per image, over the budget — read the GMACs "
                     "column before the accuracy",
                     "{where_zh}：{given} 每张图像需要 {ref_gmacs:.2f} GMACs，超出了预算——先看 GMACs 这一列，再看准确率"),
    "ex07_judge_6": ("{where}: {given} ({ref_gmacs:.2f} GMACs, {ref_acc1_v1:.2f} %) is dominated: {other_name} "
                     "is cheaper ({other_gmacs:.2f} GMACs) and more accurate ({other_acc1_v1:.2f} %), so {given} "
                     "is not on the Pareto front — more layers are not always worth their cost",
                     "{where_zh}：{given}（{ref_gmacs:.2f} GMACs，{ref_acc1_v1:.2f} %）被支配了：{other_name} 更便宜（{other_gmacs:.2f} "
                     "GMACs）又更准（{other_acc1_v1:.2f} %），所以 {given} 不在帕累托前沿上——层数更多并不总是值得它的代价"),
    "ex07_judge_7": ("{where}: {given} fits ({ref_gmacs:.2f} GMACs, {ref_acc1_v1:.2f} %) and is on the front, but "
                     "{best_name} also fits ({best_gmacs:.2f} GMACs) and is more accurate ({best_acc1_v1:.2f} %): "
                     "spend the budget",
                     "{where_zh}：{given} 放得进预算（{ref_gmacs:.2f} GMACs，{ref_acc1_v1:.2f} %），也在前沿上，但 {best_name} 同"
                     "样放得进（{best_gmacs:.2f} GMACs），而且更准（{best_acc1_v1:.2f} %）：把预算用足"),
    "ex07_check_budget_pick_2": ("answer must be a dict {{'result': result, 'budget': gmacs, 'model': name}} with "
                                 "the complexity result of section 1.1, got {type_answer_name}",
                                 "answer 必须是字典 {{'result': result, 'budget': gmacs, 'model': name}}，其中 result 是"
                                 "第 1.1 节的复杂度结果，收到 {type_answer_name}"),
    "ex07_check_budget_pick_3": ("budget must be a positive number of GMACs, got {budget!r}",
                                 "budget 必须是正数（单位 GMACs），收到 {budget!r}"),
    "ex07_conv_macs_title": ("The multiply-adds of a convolution", "一个卷积的乘加运算次数"),
    "ex07_conv_macs_explanation": ("Each output value is a dot product of a k x k x in_ch window with one filter: "
                                   "k·k·in_ch multiply-adds. There are out_ch filters and h_out·w_out positions. "
                                   "The stem: 7·7·3·64·112·112 = 118,013,952, the number counted in section 1. "
                                   "The stride and the padding only enter through h_out and w_out. A bias would "
                                   "add one addition per output value (out_ch·h_out·w_out); ResNet's convs have "
                                   "none, since a BN layer follows each of them. FLOPs are twice the multiply-adds.",
                                   "每个输出值是一个 k x k x in_ch 的窗口与一个滤波器的点积：k·k·in_ch 次乘加。共有 out_ch 个滤波器和 h_out·w_out "
                                   "个位置。起始卷积：7·7·3·64·112·112 = 118,013,952，正是第 1 节统计的数字。步幅和填充只通过 h_out 和 w_out "
                                   "起作用。偏置会给每个输出值多一次加法（out_ch·h_out·w_out 次）；ResNet 的卷积没有偏置，因为每个卷积后面都跟着一个 BN 层。"
                                   "FLOPs 是乘加运算次数的两倍。"),
    "ex07_conv_macs_hint_1": ("Count for one output value first: it is the dot product of one filter with the window "
                              "under it. How many numbers does that window hold (its height, its width, and the "
                              "input channels)? Then count the output values: one per output channel and per position "
                              "of the output map.",
                              "先数一个输出值：它是一个滤波器与它下面的窗口的点积。这个窗口有多少个数（高、宽，以及输入通道）？再数输出值有多少个：每个输出通道、输出特征图的每个位置各一个。"),
    "ex07_conv_macs_hint_2": ("One output value costs k·k·in_ch multiply-adds, and there are out_ch·h_out·w_out "
                              "output values: multiply the two. Do not multiply by 2 (that would be FLOPs) and "
                              "do not add a bias term.",
                              "一个输出值需要 k·k·in_ch 次乘加，共有 out_ch·h_out·w_out 个输出值：把两者相乘。不要乘以 2（那是 FLOPs），也不要加上偏置项"
                              "。"),
    "ex07_budget_title": ("Pick a model for a budget of multiply-adds", "在乘加运算预算内挑选模型"),
    "ex07_budget_explanation": ("The most accurate model that fits a budget is always on the Pareto front: if another "
                                "model were both cheaper and more accurate, it would fit the budget too and win. "
                                "With torchvision's V1 weights that makes ResNeXt-50 the pick for budgets between "
                                "its own cost and Wide ResNet-50-2's, ahead of the deeper ResNet-101 (dominated: "
                                "more multiply-adds, lower accuracy). The check reads the table at run time, so "
                                "the answer follows the metadata of the installed torchvision; with V2 weights, "
                                "or on measured latency instead of multiply-adds, the front can differ — repeat "
                                "the reading for the cost that matters to you.",
                                "在预算内最准的模型总是在帕累托前沿上：如果另一个模型既更便宜又更准，它也放得进预算，而且会胜出。用 torchvision 的 V1 权重时，对于介于 ResNeXt-50 "
                                "自身代价与 Wide ResNet-50-2 代价之间的预算，应选 ResNeXt-50，而不是更深的 ResNet-101（它被支配：乘加运算更多，准确率"
                                "却更低）。检查函数在运行时读取这张表，所以答案取决于所安装的 torchvision 的元数据；换成 V2 权重，或者用实测延迟代替乘加运算，前沿可能不同——针"
                                "对你真正关心的代价重新读一遍。"),
    "ex07_budget_hint_1": ("Two steps, in this order: first cross out every ResNet-family model whose GMACs are "
                           "above the budget; then, among the ones left, take the highest top-1 in the V1 column. "
                           "Deeper is not always better: compare accuracy, not depth.",
                           "按顺序做两步：先划掉 GMACs 超出预算的所有 ResNet 家族模型；再在剩下的模型中取 V1 列 top-1 最高的。更深不一定更好：比较准确率，而不是深度。"),
    "ex07_budget_hint_2": ("In code: family = [result.reference(n) for n in complexity.DEFAULT_MODELS]; keep those "
                           "with ref.gmacs <= budget; the answer is the .name of the one with the largest ref.acc1_v1. "
                           "Check that no model left is both cheaper and more accurate than your pick.",
                           "写成代码：family = [result.reference(n) for n in complexity.DEFAULT_MODELS]；保留 ref.gmacs "
                           "<= budget 的模型；答案是其中 ref.acc1_v1 最大的那个模型的 .name。检查一下：剩下的模型中没有一个比你选的既更便宜又更准。"),
    # exercises/lesson08.py
    "ex08_not_done_building": ("not done yet: building your block raises NotImplementedError — fix the block, then "
                               "run the cell again",
                               "尚未完成：构建你的残差块时抛出了 NotImplementedError——修好残差块后重新运行这个单元格"),
    "ex08_not_done_forward": ("not done yet: forward raises NotImplementedError — fix the block, then run the cell "
                              "again",
                              "尚未完成：forward 抛出了 NotImplementedError——修好残差块后重新运行这个单元格"),
    "ex08_diagnose_output_1": ("{args}: the last ReLU is applied to the branch before the addition, and nothing "
                               "follows the addition: the block can then only add to its input, and its output "
                               "can be negative — return relu(out + shortcut(x)) instead",
                               "{args}：最后的 ReLU 作用在加法之前的分支上，加法之后什么也没有：这样残差块只能往输入上加东西，输出还可能是负数——应返回 relu(out + shortcut(x))"),
    "ex08_diagnose_output_2": ("{args}: the ReLU after the addition is there, but the branch still has a ReLU before "
                               "the addition (after bn2): remove that one, so that F(x) can be negative",
                               "{args}：加法之后的 ReLU 有了，但分支在加法之前（bn2 之后）仍有一个 ReLU：去掉它，让 F(x) 可以为负"),
    "ex08_diagnose_output_3": ("{args}: nothing follows the addition: the block's last step is relu(out + shortcut(x))",
                               "{args}：加法之后什么也没有：残差块的最后一步应是 relu(out + shortcut(x))"),
    "ex08_diagnose_output_4": ("{args}: the shortcut is not added: return relu(out + shortcut(x))",
                               "{args}：没有加上捷径：应返回 relu(out + shortcut(x))"),
    "ex08_diagnose_output_5": ("{args}: with the same weights your block's output differs from relu(bn2(conv2(relu(bn1(conv1(x))))) "
                               "+ shortcut(x))",
                               "{args}：在相同权重下，你的残差块的输出与 relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)) 不同"),
    "ex08_check_fixed_block_2": ("{args}: the forward pass raised RuntimeError: {err} — the branch halves the {SIZE}x{SIZE} "
                                 "map (conv1 has stride {stride}) but the shortcut keeps it: its 1x1 conv needs "
                                 "the stride too",
                                 "{args}：前向传播出错 RuntimeError: {err}——残差分支把 {SIZE}x{SIZE} 的特征图减半了（conv1 的步幅为 {stride}）"
                                 "，捷径却保持原样：捷径的 1x1 卷积也需要这个步幅"),
    "ex08_check_fixed_block_3": ("{args}: the forward pass raised RuntimeError: {err}",
                                 "{args}：前向传播出错 RuntimeError: {err}"),
    "ex08_check_fixed_block_4": ("{args}: the forward pass raised {type_err_name}: {err}",
                                 "{args}：前向传播出错 {type_err_name}: {err}"),
    "ex08_check_fixed_block_7": ("{args}: {got_params:,} parameters, expected {want_params:,}: two 3x3 convs without "
                                 "bias with their BN, and a 1x1 conv + BN on the shortcut only where the shape "
                                 "changes",
                                 "{args}：参数量 {got_params:,}，应为 {want_params:,}：两个不带偏置的 3x3 卷积及各自的 BN，只在形状改变时捷径上"
                                 "才有 1x1 卷积 + BN"),
    "ex08_check_fixed_block_11": ("{args}: your layers are not in the order conv1, bn1, conv2, bn2, shortcut: keep "
                                  "BrokenBlock's layers and fix what they do",
                                  "{args}：你的层顺序不是 conv1、bn1、conv2、bn2、shortcut：保留 BrokenBlock 的层，修正它们的用法"),
    "ex08_check_fixed_block_12": ("{args}: with the same weights it computes what the package's BasicBlock computes: "
                                  "relu(F(x) + shortcut(x))",
                                  "{args}：在相同权重下，它的计算与软件包中的 BasicBlock 一致：relu(F(x) + shortcut(x))"),
    "ex08_judge_reading_1": ("{where}: expected a dict {{'explodes_toward': ..., 'first_over_last': ...}}, got "
                             "{type_reading_name}",
                             "{where}：应为字典 {{'explodes_toward': ..., 'first_over_last': ...}}，收到 {type_reading_name}"),
    "ex08_judge_reading_2": ("not done yet: fill in my_reading ('input' or 'output', and a number), then run the "
                             "cell again",
                             "尚未完成：填写 my_reading（'input' 或 'output'，以及一个数），然后重新运行这个单元格"),
    "ex08_judge_reading_3": ("{where}: explodes_toward must be 'input' or 'output', got {toward!r}",
                             "{where}：explodes_toward 必须是 'input' 或 'output'，收到 {toward!r}"),
    "ex08_judge_reading_4": ("{where}: the gradient grows toward the {measured}: {first_name} {first_mean_abs:.2g}, "
                             "{last_name} {last_mean_abs:.2g}",
                             "{where}：梯度朝{measured_zh}方向增大：{first_name} {first_mean_abs:.2g}，{last_name} {last_mean_abs:.2g}"),
    "ex08_judge_reading_5": ("{where}: the mean |grad| is largest at {first_name} ({first_mean_abs:.2g}), next "
                             "to the input, and small at the last conv {last_name} ({last_mean_abs:.2g}): it grows "
                             "toward the input — with BN the plain net's gradient explodes there, it does not vanish",
                             "{where}：平均 |梯度| 在紧挨输入的 {first_name} 最大（{first_mean_abs:.2g}），在最后一个卷积 {last_name} "
                             "很小（{last_mean_abs:.2g}）：它朝输入方向增大——有 BN 时普通网络的梯度在那里爆炸，而不是消失"),
    "ex08_judge_reading_6": ("{where}: the mean |grad| is larger at the last conv {last_name} ({last_mean_abs:.2g}) "
                             "than at {first_name} ({first_mean_abs:.2g}): it grows toward the output",
                             "{where}：最后一个卷积 {last_name} 的平均 |梯度|（{last_mean_abs:.2g}）比 {first_name} 的（{first_mean_abs:.2g}）"
                             "大：它朝输出方向增大"),
    "ex08_judge_reading_7": ("{where}: first_over_last must be a positive number, got {factor!r}",
                             "{where}：first_over_last 必须是正数，收到 {factor!r}"),
    "ex08_judge_reading_8": ("{where}: first conv / last conv = {ratio:.2g}; your {given:.2g} is within a factor "
                             "{FACTOR}",
                             "{where}：第一个卷积 / 最后一个卷积 = {ratio:.2g}；你的 {given:.2g} 在 {FACTOR} 倍以内"),
    "ex08_judge_reading_9": ("that is last over first: divide the first conv's mean |grad| by the last conv's",
                             "这是最后一层除以第一层：应该用第一个卷积的平均 |梯度| 除以最后一个卷积的"),
    "ex08_judge_reading_10": ("that is the first conv over {fc_name} ({over_fc:.2g}): {fc_name} is a linear layer "
                              "with no BN after it — use the last conv",
                              "这是第一个卷积除以 {fc_name}（{over_fc:.2g}）：{fc_name} 是线性层，后面没有 BN——应使用最后一个卷积"),
    "ex08_judge_reading_11": ("on the log axis each decade is a factor 10: count the decades between the first "
                              "and the last conv of the plain net",
                              "在对数坐标轴上每一格是 10 倍：数一数普通网络的第一个卷积与最后一个卷积之间隔了几格"),
    "ex08_judge_reading_12": ("{where}: first conv / last conv = {ratio:.2g}; your {given:.2g} is off by more than "
                              "a factor {FACTOR} — ",
                              "{where}：第一个卷积 / 最后一个卷积 = {ratio:.2g}；你的 {given:.2g} 相差超过 {FACTOR} 倍——"),
    "ex08_check_gradient_reading_2": ("answer must be a dict {{'flow': flow_plain, 'explodes_toward': ..., 'first_over_last': ...}}, "
                                      "got {type_answer_name}",
                                      "answer 必须是字典 {{'flow': flow_plain, 'explodes_toward': ..., 'first_over_last': ...}}，"
                                      "收到 {type_answer_name}"),
    "ex08_fixed_block_title": ("Find and fix the two bugs of BrokenBlock", "找出并修复 BrokenBlock 的两个 bug"),
    "ex08_fixed_block_explanation": ("The ❌ lines of BrokenBlock, in the order the check prints them: first (16, "
                                     "16, 1) and (16, 32, 1) — with the same weights the block computes relu(F(x)) "
                                     "+ shortcut(x): the last ReLU is applied to the branch *before* the addition "
                                     '(the "ReLU before the addition" order of section 1.2), and nothing follows '
                                     "the addition, so the output can be negative and the branch can only add to "
                                     "its input. Then (16, 32, 2) — a size mismatch: the projection shortcut has "
                                     "no stride, so it keeps the 8x8 map while the branch halves it. The first "
                                     "bug is fixed in forward, the second in __init__ (the 1x1 conv gets stride=stride).",
                                     "BrokenBlock 的 ❌ 行，按检查打印的顺序：先是 (16, 16, 1) 和 (16, 32, 1)——在相同权重下，这个残差块计算的是"
                                     " relu(F(x)) + shortcut(x)：最后的 ReLU 作用在加法*之前*的分支上（即第 1.2 节中“ReLU 放在加法之前”的顺"
                                     "序），加法之后什么也没有，所以输出可能为负，分支也只能往输入上加东西。然后是 (16, 32, 2)——尺寸不匹配：投影捷径没有步幅，所以它保持 "
                                     "8x8，而残差分支把特征图减半了。第一个 bug 在 forward 中修复，第二个在 __init__ 中修复（1x1 卷积加上 stride=stride）"
                                     "。"),
    "ex08_fixed_block_hint_1": ("Read the ❌ lines of the check on BrokenBlock: one bug shows in every configuration "
                                "(what happens after the addition?), the other only where the block has stride "
                                "2 (what does the shortcut do to the size of the map?). One bug sits in __init__, "
                                "the other in forward.",
                                "读一读对 BrokenBlock 运行检查时标有 ❌ 的行：一个 bug 在每种配置下都出现（加法之后发生了什么？），另一个只在步幅为 2 时出现（捷径对特"
                                "征图的大小做了什么？）。一个 bug 在 __init__ 中，另一个在 forward 中。"),
    "ex08_fixed_block_hint_2": ("In __init__: after super().__init__(...), rebuild self.shortcut where the shape "
                                "changes with nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False) "
                                "and nn.BatchNorm2d. In forward: out = self.bn2(self.conv2(out)) without a ReLU, "
                                "then return self.relu(out + self.shortcut(x)).",
                                "在 __init__ 中：调用 super().__init__(...) 之后，在形状改变时用 nn.Conv2d(in_channels, out_channels, "
                                "1, stride=stride, bias=False) 和 nn.BatchNorm2d 重建 self.shortcut。在 forward 中：out "
                                "= self.bn2(self.conv2(out))，不加 ReLU，然后返回 self.relu(out + self.shortcut(x))。"),
    "ex08_gradient_reading_title": ("Read the gradient flow of plain-56", "解读普通网络-56 的梯度流"),
    "ex08_gradient_reading_explanation": ("With BN the plain net does not suffer from vanishing gradients at initialisation: "
                                          "its gradient grows layer after layer toward the input, by orders of "
                                          "magnitude over 56 layers, so the first layers would take steps far too "
                                          "large for the same learning rate while the last ones barely move. ResNet-56's "
                                          "gradient stays in a narrow band (section 2.2's next cell). fc is left "
                                          "out because no BN follows it: its gradient has another scale. The check "
                                          "computes the answer from the measured norms, so it holds for any seed "
                                          "and machine.",
                                          "有 BN 时，普通网络在初始化时并没有梯度消失：它的梯度朝输入方向逐层增大，56 层下来相差几个数量级，所以在同样的学习率下，前面的层步"
                                          "子大得多，最后的层几乎不动。ResNet-56 的梯度保持在一个窄带内（见第 2.2 节的下一个单元格）。不算 fc，是因为它后面没有 "
                                          "BN：它的梯度是另一个量级。检查函数根据测得的范数计算答案，所以对任何随机种子、任何机器都成立。"),
    "ex08_gradient_reading_hint_1": ("Look at plain-56's mean |grad| in the plot (the line with round markers; "
                                     "the wide pale line is ResNet-56): at which end — the first layers, next to "
                                     "the input, or the last ones, next to the output — is it largest? For the "
                                     "factor, count the decades of the log axis between the first conv and the "
                                     "last conv (leave out fc, the last point).",
                                     "看图中普通网络-56 的平均 |梯度|（带圆点标记的线；宽而浅的线是 ResNet-56）：平均 |梯度| 在哪一端最大——靠近输入的前几层，还是"
                                     "靠近输出的最后几层？至于倍数，数一数对数坐标轴上第一个卷积与最后一个卷积之间隔了几个数量级（不算最后一个点 fc）。"),
    "ex08_gradient_reading_hint_2": ("Or read the numbers: layers = flow_plain['layers']; layers[0]['mean_abs'] "
                                     "is the first conv's, layers[-2]['mean_abs'] the last conv's (layers[-1] is "
                                     "fc). Their ratio is the factor; it is above 1 when the gradient grows toward "
                                     "the input.",
                                     "或者直接读数：layers = flow_plain['layers']；layers[0]['mean_abs'] 是第一个卷积的，layers[-2]['mean_abs'] "
                                     "是最后一个卷积的（layers[-1] 是 fc）。两者之比就是倍数；梯度朝输入方向增大时它大于 1。"),
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
    "plain twin (of a ResNet)": "普通孪生网络",
    "training recipe": "训练方案",
    "explorer (interactive widget)": "探索器",
    "outline": "大纲",
    "prediction (predict, then measure)": "预测",
    "exercise": "练习",
    "hint": "提示",
    "solution": "参考答案",
    "Pareto front": "帕累托前沿",
    "dominated (model)": "被支配",
    "knowledge distillation": "知识蒸馏",
    "depthwise separable convolution": "深度可分离卷积",
    "inference engine": "推理引擎",
}

# Renderings the course does not use (a test keeps them out of the lessons and the strings): the term to use instead.
AVOID = {
    "训练配方": "训练方案",
    "提纲": "大纲",
    "浏览器": "探索器",
    "白白删掉": "删掉",
}
