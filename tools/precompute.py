"""Precompute the heavy results shipped with the package in ``resnet_lessons/results/``.

    python tools/precompute.py degradation_full     # 10-60 min on a 2-core CPU, resumable
    python tools/precompute.py --list                # what can be precomputed, and the commands

Each result is made by the package's own command line, with the options listed in
``PRECOMPUTED`` below: ``python -m resnet_lessons <experiment> <options> --json`` prints the
same JSON (apart from ``seconds`` and the ``command`` field this script adds). Every finished
net is cached with atomic writes under ``$RESNET_LESSONS_CACHE`` (default
``~/.cache/resnet_lessons``), so a run that is killed resumes where it stopped when started again.
Run it in the background at low priority, e.g.

    nohup nice -n 10 python tools/precompute.py degradation_full > /tmp/precompute.log 2>&1 &
"""
import argparse
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resnet_lessons.cli import build_parser  # noqa: E402
from resnet_lessons.experiments import get_experiment  # noqa: E402
from resnet_lessons.experiments.base import to_dict, write_json_atomic  # noqa: E402

RESULTS = ROOT / "resnet_lessons" / "results"

# name -> (experiment, command-line options). The lecture defaults of the experiment are kept for
# everything not listed here.
PRECOMPUTED = {
    "degradation_full": ("degradation", ["--depths", "20", "32", "44", "56", "110", "--epochs", "20",
                                         "--batch-size", "64", "--lr", "0.02", "--seed", "0"]),
}


def command(name):
    """The package command that makes result ``name``."""
    experiment, options = PRECOMPUTED[name]
    return shlex.join(["python", "-m", "resnet_lessons", experiment, *options, "--json"])


def precompute(name, threads=1, use_cache=True):
    """Run the command of ``name`` in this process and write ``resnet_lessons/results/<name>.json``."""
    import torch

    experiment, options = PRECOMPUTED[name]
    module = get_experiment(experiment)
    args = vars(build_parser().parse_args([experiment, *options]))
    for key in ("experiment", "json", "no_cache"):
        args.pop(key, None)
    config = module.Config(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in args.items()})
    torch.set_num_threads(threads)
    started = time.perf_counter()
    result = module.run_cached(config, use_cache=use_cache) if hasattr(module, "run_cached") else module.run(config)
    result.command = command(name)
    path = RESULTS / f"{name}.json"
    write_json_atomic(path, to_dict(result))
    print(f"wrote {path} in {time.perf_counter() - started:.0f} s")
    if hasattr(result, "summary"):
        print(result.summary())
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME", help="results to make: " + ", ".join(PRECOMPUTED))
    parser.add_argument("--list", action="store_true", help="list the results and their commands")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (default 1: a shared machine)")
    parser.add_argument("--no-cache", action="store_true", help="retrain every net (no resuming)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in PRECOMPUTED]
    if unknown:
        parser.error(f"unknown result(s) {', '.join(unknown)}; choose from: {', '.join(PRECOMPUTED)}")
    if args.list or not args.names:
        for name in PRECOMPUTED:
            print(f"{name}: {command(name)}")
        return 0
    for name in args.names:
        precompute(name, threads=args.threads, use_cache=not args.no_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
