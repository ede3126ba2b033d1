r"""Monte Carlo cascades: seeded, vectorised draws of independent shocks, with intervals.

Each firm is hit independently with probability :math:`p` by a shock :math:`\epsilon`.
Draws run in chunks of scenarios (one sparse matrix product per round for the whole
chunk); chunk :math:`k` uses the :math:`k`-th child of the seed sequence, so results do
not depend on how chunks are scheduled. The mean cascade size gets a normal
interval, the collapse probability a Wilson score interval
(:math:`\hat p` with :math:`z = \Phi^{-1}(1/2 + \text{level}/2)`). See
docs/explanation/contagion.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from .arrays import _Arrays
from .fixed_point import _clear_many


@dataclass(frozen=True)
class MonteCarloCascades:
    """Monte Carlo estimates of the cascade size distribution, with confidence intervals.

    Attributes
    ----------
    draws : int
        Number of simulated shock scenarios.
    mean, mean_ci : float, (float, float)
        Mean cascade size and its normal-approximation interval.
    collapse, collapse_ci : float, (float, float)
        Share of draws where every firm failed and its Wilson interval.
    counts : tuple of int
        ``counts[k]``: draws with ``k`` failed firms.
    level : float
        Confidence level of the intervals.
    """

    n: int
    draws: int
    mean: float
    mean_ci: tuple[float, float]
    collapse: float
    collapse_ci: tuple[float, float]
    counts: tuple[int, ...]
    level: float

    def __repr__(self) -> str:
        lo, hi = self.mean_ci
        clo, chi = self.collapse_ci
        return (f"MonteCarloCascades(draws={self.draws}, "
                f"mean={self.mean:.4g} [{lo:.4g}, {hi:.4g}], "
                f"collapse={self.collapse:.4g} [{clo:.4g}, {chi:.4g}], level={self.level})")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return {
            "n": self.n,
            "draws": self.draws,
            "mean": self.mean,
            "mean_ci": list(self.mean_ci),
            "collapse": self.collapse,
            "collapse_ci": list(self.collapse_ci),
            "counts": list(self.counts),
            "level": self.level,
        }


def _mc_chunk(arr: _Arrays, eps: float, prob: float, m: int,
              seed: np.random.SeedSequence) -> np.ndarray:
    """Cascade sizes of ``m`` independent-shock scenarios drawn from ``seed``."""
    gen = np.random.default_rng(seed)
    S = (gen.random((arr.n, m)) < prob) * eps
    _, failed = _clear_many(arr, S)
    return failed.sum(axis=0)


def _mc_summary(n: int, sizes: np.ndarray, level: float) -> MonteCarloCascades:
    draws = sizes.size
    z = NormalDist().inv_cdf(0.5 + level / 2)
    mean = float(sizes.mean())
    half = z * float(sizes.std(ddof=1)) / math.sqrt(draws) if draws > 1 else math.inf
    k = int((sizes == n).sum())
    phat = k / draws
    centre = (phat + z * z / (2 * draws)) / (1 + z * z / draws)
    spread = z * math.sqrt(phat * (1 - phat) / draws + z * z / (4 * draws**2)) / (1 + z * z / draws)
    counts = np.bincount(sizes, minlength=n + 1)
    low = 0.0 if k == 0 else max(0.0, centre - spread)
    high = 1.0 if k == draws else min(1.0, centre + spread)
    return MonteCarloCascades(n, draws, mean, (mean - half, mean + half), phat, (low, high),
                              tuple(int(c) for c in counts), level)
