"""Effects over seeds: a value measured once per seed, summarised as a mean and a band.

A verdict that can flip with the seed is stated over seeds, never from one run. The band is the
range of the seeds (min to max): with five seeds that is what a reader can check by eye against the
faint per-seed lines, and it makes no assumption about the distribution.
"""
from dataclasses import dataclass

from resnet_lessons.i18n import error


@dataclass(frozen=True)
class Band:
    """``values`` (one per seed) with their mean, min and max."""
    values: tuple
    seeds: tuple

    def __post_init__(self):
        if not self.values or len(self.values) != len(self.seeds):
            raise ValueError(error("seeds_err_band", n=len(self.values), m=len(self.seeds)))

    @property
    def n(self):
        return len(self.values)

    @property
    def mean(self):
        return sum(self.values) / len(self.values)

    @property
    def low(self):
        return min(self.values)

    @property
    def high(self):
        return max(self.values)

    def contains(self, value, tolerance=0.0):
        """True when ``value`` lies in [low - tolerance, high + tolerance]."""
        return self.low - tolerance <= value <= self.high + tolerance

    def percent(self, digits=1):
        """"mean x % (seeds: low–high %)" numbers as percentages of fractions, rounded."""
        return (round(100 * self.mean, digits), round(100 * self.low, digits), round(100 * self.high, digits))


def band(values, seeds):
    """A :class:`Band` of one value per seed."""
    return Band(tuple(float(v) for v in values), tuple(int(s) for s in seeds))
