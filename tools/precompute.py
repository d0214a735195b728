"""Precompute the heavy results shipped with the package in ``resnet_lessons/results/``.

    python tools/precompute.py --list                          # what can be precomputed, and the commands
    python tools/precompute.py degradation_full                # every seed of it (hours on a 2-core CPU)
    python tools/precompute.py degradation_full --seeds 1 2    # only these seeds (run two such jobs at once)

Every result is made per seed by the package's own command line, with the options listed in
``PRECOMPUTED`` below: ``python -m resnet_lessons <experiment> <options> --seed S --json`` prints the
same JSON (apart from ``seconds`` and the ``command`` and ``machine`` fields this script adds). Each
seed is written to ``resnet_lessons/results/<name>/seed-<S>.json`` as soon as it is done (atomic
write), and every finished net is cached under ``$RESNET_LESSONS_CACHE`` (default
``~/.cache/resnet_lessons``), so a run that is killed resumes where it stopped, and a seed already
shipped is skipped (``--force`` makes it again). Run it in the background at low priority, e.g.

    nohup nice -n 19 python tools/precompute.py degradation_full --seeds 0 2 4 > /tmp/pre-a.log 2>&1 &
    nohup nice -n 19 python tools/precompute.py degradation_full --seeds 1 3 > /tmp/pre-b.log 2>&1 &
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
from resnet_lessons.cache import write_json_atomic  # noqa: E402
from resnet_lessons.experiments.base import machine, to_dict  # noqa: E402
from resnet_lessons.results import PRECOMPUTED, RESULTS, known, seed_file  # noqa: E402


def command(name, seed):
    """The package command that makes seed ``seed`` of result ``name``."""
    spec = known()[name]
    return shlex.join(["python", "-m", "resnet_lessons", spec.experiment, *spec.options, "--seed", str(seed),
                       "--json"])


def precompute(name, seed, threads=1, use_cache=True):
    """Run the command of seed ``seed`` of ``name`` in this process and write its file."""
    import torch

    spec = known()[name]
    experiment = get_experiment(spec.experiment).EXPERIMENT
    args = vars(build_parser().parse_args([spec.experiment, *spec.options, "--seed", str(seed)]))
    for key in ("experiment", "json", "no_cache"):
        args.pop(key, None)
    config = experiment.config(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in args.items()})
    torch.set_num_threads(threads)
    started = time.perf_counter()
    if experiment.run_cached is not None:
        result = experiment.run_cached(config, use_cache=use_cache)
    else:  # fullscale: resumable through its own checkpoints
        result = experiment.run(config)
    data = to_dict(result)
    data["command"] = command(name, seed)
    data["machine"] = machine(getattr(result, "device", "cpu"))
    path = seed_file(name, seed)
    write_json_atomic(path, data)
    print(f"wrote {path.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s", flush=True)
    print(result.summary(), flush=True)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME", help="results to make: " + ", ".join(known()))
    parser.add_argument("--seeds", nargs="+", type=int, help="only these seeds (default: all seeds of the result)")
    parser.add_argument("--list", action="store_true", help="list the results and their commands")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (default 1: a shared machine)")
    parser.add_argument("--no-cache", action="store_true", help="retrain every net (no resuming)")
    parser.add_argument("--force", action="store_true", help="make a seed again even if its file exists")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in known()]
    if unknown:
        parser.error(f"unknown result(s) {', '.join(unknown)}; choose from: {', '.join(known())}")
    if args.list or not args.names:
        for name, spec in known().items():
            where = " [on a GPU]" if name not in PRECOMPUTED else ""
            print(f"{name}{where} (seeds {', '.join(map(str, spec.seeds))}): {command(name, 'S')}")
        return 0
    for name in args.names:
        seeds = known()[name].seeds if args.seeds is None else args.seeds
        for seed in seeds:
            if seed_file(name, seed).exists() and not args.force:
                print(f"{name} seed {seed}: already in {RESULTS.relative_to(ROOT)} (--force to make it again)")
                continue
            precompute(name, seed, threads=args.threads, use_cache=not args.no_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
