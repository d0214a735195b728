"""The course's experiments: each module holds ``Config``, a result dataclass and ``run(config)``.

    >>> from resnet_lessons.experiments import get_experiment
    >>> module = get_experiment("gradients")
    >>> result = module.run(module.Config(depth=20))

Every module declares itself once, at its bottom: ``EXPERIMENT = Experiment(name, config, run, result,
description_key, run_cached)`` (see :class:`resnet_lessons.experiments.base.Experiment`). The command line
(``python -m resnet_lessons NAME --help``), tools/precompute.py, the determinism test and the docs read
``EXPERIMENT``; ``EXPERIMENTS`` below is the one list of experiments.
"""
import importlib

from resnet_lessons.i18n import error

# name -> module; modules are imported only when used.
EXPERIMENTS = {
    "degradation": "resnet_lessons.experiments.degradation",
    "gradients": "resnet_lessons.experiments.gradients",
    "signal": "resnet_lessons.experiments.signal",
    "shattered": "resnet_lessons.experiments.shattered",
    "lesion": "resnet_lessons.experiments.lesion",
    "paths": "resnet_lessons.experiments.paths",
    "landscape": "resnet_lessons.experiments.landscape",
    "complexity": "resnet_lessons.experiments.complexity",
    "transfer": "resnet_lessons.experiments.transfer",
    "recipes": "resnet_lessons.experiments.recipes",
    "residual_fit": "resnet_lessons.experiments.residual_fit",
    "fullscale": "resnet_lessons.experiments.fullscale",
}


def available():
    """Names of the experiments whose module is present."""
    names = []
    for name, module in EXPERIMENTS.items():
        if importlib.util.find_spec(module) is not None:
            names.append(name)
    return names


def get_experiment(name):
    """The module of experiment ``name``; ``get_experiment(name).EXPERIMENT`` is what it declares."""
    if name not in available():
        raise ValueError(error("unknown_experiment", name=name, allowed=", ".join(available())))
    return importlib.import_module(EXPERIMENTS[name])
