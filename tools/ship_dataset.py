"""Write the MNIST-1D arrays the package ships (resnet_lessons/datasets/mnist1d-seed0.npz).

    python tools/ship_dataset.py          # regenerate with the installed mnist1d and write atomically
    python tools/ship_dataset.py --check  # exit 1 when the shipped file differs from a fresh generation

Every lesson uses MNIST-1D with seed 0. Generating it takes ~3-5 s on a 2-core CPU, the first
cold run of every lesson paid that; the shipped file loads in milliseconds. The file records
the mnist1d version that made it; tests/test_data.py checks it equals a fresh generation.
"""
import argparse
import os
import sys
import tempfile
from importlib.metadata import version

import numpy as np

from resnet_lessons import data


def generate(seed):
    arrays = data._generate_mnist1d(seed)
    return arrays, version("mnist1d")


def write(seed):
    arrays, generator = generate(seed)
    path = data.shipped_mnist1d_path(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        np.savez_compressed(f, **arrays, generator=np.array(f"mnist1d {generator}"))
    os.replace(tmp, path)
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB, mnist1d {generator})")


def differs(seed):
    fresh, _ = generate(seed)
    with np.load(data.shipped_mnist1d_path(seed), allow_pickle=False) as shipped:
        return [k for k in fresh if not np.array_equal(fresh[k], shipped[k])]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    for seed in data.SHIPPED_MNIST1D_SEEDS:
        if args.check:
            bad = differs(seed)
            print(f"seed {seed}: " + (f"differs in {bad}" if bad else "equal to a fresh generation"))
            if bad:
                return 1
        else:
            write(seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
