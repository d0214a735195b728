"""The results shipped with the package, and the commands that made them (see README.md here).

Each precomputed result is made once per seed by ``tools/precompute.py``, which runs the package's
own command line; seed ``S`` of result ``name`` lives in ``results/<name>/seed-<S>.json``, holding what
``python -m resnet_lessons <experiment> <options> --seed S --json`` prints plus ``command`` and
``machine`` (CPU, cores, threads, versions, device).
"""
import json
from collections import namedtuple
from importlib import resources
from pathlib import Path

from resnet_lessons.i18n import error
from resnet_lessons.validate import check_choice

RESULTS = Path(__file__).resolve().parent

Spec = namedtuple("Spec", "experiment options seeds")
_FULL_BUDGET = ("--epochs", "20", "--batch-size", "64", "--lr", "0.02")  # the budget of degradation_full

# name -> how it is made: the experiment, its command-line options (the experiment's defaults for the rest)
# and the seeds shipped.
PRECOMPUTED = {
    # He et al. 2015, Fig. 6 at our scale: every depth, plain and residual, a budget long enough to converge.
    "degradation_full": Spec("degradation", ("--depths", "20", "32", "44", "56", "110", "--epochs", "20",
                                             "--batch-size", "64", "--lr", "0.02"), (0, 1, 2, 3, 4)),
    # The lecture budget of lesson 01 (the experiment's defaults), for the band a live run is compared with.
    "degradation_lecture": Spec("degradation", ("--depths", "20", "56"), (0, 1, 2, 3, 4)),
    # Every depth the slider of lessons 01 and 02 offers, at the lecture budget and the slider's seed: each position
    # shows at once (the slider trains only another budget).
    "degradation_slider": Spec("degradation", ("--depths", "8", "14", "20", "32", "44", "56", "110"), (0,)),
    # Veit et al. 2016 in their setting's depth: lesions and path lengths of the deep nets of degradation_full
    # (the same trained nets: the experiments load them from the cache when degradation_full made them).
    "lesion_56": Spec("lesion", ("--depth", "56") + _FULL_BUDGET, (0, 1, 2)),
    "lesion_110": Spec("lesion", ("--depth", "110") + _FULL_BUDGET, (0, 1, 2)),
    "paths_56": Spec("paths", ("--depth", "56") + _FULL_BUDGET, (0, 1, 2)),
    "paths_110": Spec("paths", ("--depth", "110") + _FULL_BUDGET, (0, 1, 2)),
    # Li et al. 2018, Fig. 5 at our scale: plain-56 and ResNet-56 of degradation_full, a 21 x 21 slice.
    "landscape_56": Spec("landscape", ("--depth", "56", "--resolution", "21") + _FULL_BUDGET, (0,)),
}

# Made where a GPU is (not on this project's 2-core CPU, where the sweep would take ~11 days): an instructor
# runs ``python tools/precompute.py fullscale`` on a GPU (the same command as every result here) and the file
# lands in results/fullscale/; lesson 01 shows it when it is present. None ships yet.
ON_A_GPU = {
    "fullscale": Spec("fullscale", ("--depths", "20", "32", "44", "56", "110", "--dataset", "cifar10", "--download"),
                      (0,)),
}


def known():
    """Every result this package knows how to make: the precomputed ones and those made on a GPU."""
    return {**PRECOMPUTED, **ON_A_GPU}


def seed_file(name, seed):
    """Where seed ``seed`` of the precomputed result ``name`` is stored."""
    check_choice("name", name, tuple(known()))
    return RESULTS / name / f"seed-{seed}.json"


def shipped_seeds(name):
    """The seeds of ``name`` present in this copy of the package, ascending."""
    check_choice("name", name, tuple(known()))
    folder = resources.files("resnet_lessons").joinpath("results").joinpath(name)
    seeds = []
    if folder.is_dir():
        for item in folder.iterdir():
            stem = item.name
            if stem.startswith("seed-") and stem.endswith(".json") and stem[5:-5].isdigit():
                seeds.append(int(stem[5:-5]))
    return sorted(seeds)


def load_seed_dicts(name):
    """Every shipped seed of ``name`` as the JSON dicts stored (ascending seed); FileNotFoundError if none."""
    seeds = shipped_seeds(name)
    if not seeds:
        raise FileNotFoundError(error("results_err_missing", name=name))
    items = []
    for seed in seeds:
        path = resources.files("resnet_lessons").joinpath("results").joinpath(name).joinpath(f"seed-{seed}.json")
        try:
            items.append(json.loads(path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise ValueError(error("results_err_corrupt", name=name, file=f"{name}/seed-{seed}.json",
                                   err=type(err).__name__)) from None
    return items


def load(name):
    """Every shipped seed of ``name`` as its experiment's result objects (ascending seed).

    Each carries ``command`` and ``machine`` as attributes when the result class has no field for them."""
    from resnet_lessons.experiments import get_experiment
    from resnet_lessons.experiments.base import from_dict

    check_choice("name", name, tuple(known()))
    module = get_experiment(known()[name].experiment)
    results = []
    for item in load_seed_dicts(name):
        try:
            result = from_dict(module.RESULT, item)
        except (TypeError, KeyError) as err:
            raise ValueError(error("results_err_corrupt", name=name, file=f"{name}/seed-*.json",
                                   err=type(err).__name__)) from None
        for extra in ("command", "machine"):
            if not hasattr(result, extra):
                setattr(result, extra, item.get(extra))
        results.append(result)
    return sorted(results, key=lambda r: r.seed)
