"""Firm-periods per second of the cluster simulation: vectorised vs a plain Python loop.

Run: ``python benchmarks/bench_simulate.py``. Model: T-period exclusion with
detection and project failure (q = 0.8, T = 10, pi = 0.95), delta ~ U(0.5, 1).

* ``simulate_cluster`` on 10,000 firms x 1,000 periods (one core, no executor),
  and with a two-thread ``ThreadPoolExecutor`` over 4 chunks (same result);
* the same dynamics written as a plain Python loop over firms and periods
  (``random.random`` per draw, behaviour from the same delta*, the same
  per-period and per-firm counts), on 1,000 firms x 200 periods;

and prints firm-periods per second and the ratio. Target: >= 1e7 firm-periods/s
on one core.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import gametheory_cluster as gc
from gametheory_cluster.simulate import simulate_cluster

VALUES = {"Y": 150, "R": 110, "w": 0, "q": 0.8, "T": 10, "pi": 0.95}
MODEL = gc.RepeatedLending(punishment="exclusion", detection=True, monitoring=True)


def plain_loop(n_firms: int, periods: int, star: float, seed: int) -> float:
    """The naive way: one firm, one period, one draw at a time, with the same bookkeeping
    (defaults and loans per period, defaults per firm); returns the default rate."""
    rng = random.Random(seed)
    q, T, pi = VALUES["q"], VALUES["T"], VALUES["pi"]
    defaults, loans = [0] * periods, [0] * periods
    per_firm = []
    for _ in range(n_firms):
        cheat = rng.uniform(0.5, 1.0) < star
        excluded = mine = 0
        for t in range(periods):
            if excluded:
                excluded -= 1
                continue
            loans[t] += 1
            if cheat or rng.random() >= pi:
                defaults[t] += 1
                mine += 1
                if rng.random() < q:
                    excluded = T
        per_firm.append(mine)
    return sum(defaults) / (n_firms * periods)


def main() -> None:
    warm = simulate_cluster(MODEL, 1000, 10, rng=0, **VALUES)  # derivations are cached
    star = float(warm.threshold)
    fast = simulate_cluster(MODEL, 10_000, 1000, rng=0, **VALUES)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pooled = simulate_cluster(MODEL, 10_000, 1000, rng=0, executor=pool, chunk_size=2500,
                                  **VALUES)
    start = time.perf_counter()
    naive_rate = plain_loop(1000, 200, star, seed=0)
    t_naive = time.perf_counter() - start
    naive = 1000 * 200 / t_naive
    lo, hi = fast.confidence_interval()
    print(f"delta* = {star:.6f}")
    print(f"vectorised, one core : {fast.firm_periods_per_second:>14,.0f} firm-periods/s "
          f"(10,000 x 1,000 in {fast.seconds:.2f}s)")
    print(f"vectorised, 2 threads: {pooled.firm_periods_per_second:>14,.0f} firm-periods/s "
          f"(4 chunks of 2,500)")
    print(f"plain Python loop    : {naive:>14,.0f} firm-periods/s (1,000 x 200 in {t_naive:.2f}s)")
    print(f"ratio vectorised / loop: {fast.firm_periods_per_second / naive:,.0f}x")
    print(f"default rate: simulated {fast.default_rate:.5f} [{lo:.5f}, {hi:.5f}], "
          f"predicted {fast.predicted_default_rate:.5f}, plain loop {naive_rate:.5f}")
    print(f"target >= 1e7 firm-periods/s on one core: "
          f"{'met' if fast.firm_periods_per_second >= 1e7 else 'NOT met'}")
    assert np.isfinite(fast.default_rate)


if __name__ == "__main__":
    main()
