"""Firm-periods per second of the cluster simulation: vectorised vs a plain Python loop.

Run: ``python benchmarks/bench_simulate.py [--quick] [--json PATH]``. Model: T-period
exclusion with detection and project failure (q = 0.8, T = 10, pi = 0.95), delta ~ U(0.5, 1).

* ``simulate_cluster`` on 10,000 firms x 1,000 periods (one core, no executor),
  and with a two-thread ``ThreadPoolExecutor`` over 4 chunks (same result);
* the same dynamics written as a plain Python loop over firms and periods
  (``random.random`` per draw, behaviour from the same delta*, the same
  per-period and per-firm counts), on 1,000 firms x 200 periods;

timed with ``benchmarks/timing.py`` (sides interleaved, CPU and wall time, medians with
min–max), per firm-period; ratio = loop ÷ vectorised. Target (issue 8): >= 1e7
firm-periods/s on one core.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from timing import Row, emit, interleave, parse_args

import gametheory_cluster as gc

simulate_cluster = gc.simulate_cluster
WORK = "population simulation"

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


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv)
    quick = args.quick
    warm = simulate_cluster(MODEL, 1000, 10, rng=0, **VALUES)  # derivations are cached
    star = float(warm.threshold)
    firms, periods = (2_000, 500) if quick else (10_000, 1_000)
    loop_firms, loop_periods = (200, 100) if quick else (1_000, 200)

    def pooled():
        with ThreadPoolExecutor(max_workers=2) as pool:
            return simulate_cluster(MODEL, firms, periods, rng=0, executor=pool,
                                    chunk_size=firms // 4, **VALUES)

    t = interleave({
        "vectorised": lambda: simulate_cluster(MODEL, firms, periods, rng=0, **VALUES),
        "2 threads": pooled,
        "plain loop": lambda: plain_loop(loop_firms, loop_periods, star, seed=0),
    }, 2 if quick else 5, min_time=0)
    fast = t["vectorised"].result
    lo, hi = fast.confidence_interval()
    n, m = firms * periods, loop_firms * loop_periods
    note = (f"default rate {fast.default_rate:.5f} [{lo:.5f}, {hi:.5f}], predicted "
            f"{fast.predicted_default_rate:.5f}, plain loop {t['plain loop'].result:.5f}; "
            f"times per firm-period (loop on {loop_firms:,} × {loop_periods})")
    assert np.isfinite(fast.default_rate)
    rows = [Row(WORK, f"{firms:,} firms × {periods:,} periods", t["vectorised"].scaled(1 / n),
                t["plain loop"].scaled(1 / m), per=1, unit="firm-periods", note=note),
            Row(WORK, "same, 2 threads (4 chunks)", t["2 threads"].scaled(1 / n),
                t["plain loop"].scaled(1 / m), per=1, unit="firm-periods",
                note="CPU time counts both threads")]
    emit(rows, args.json, title="population simulation")


if __name__ == "__main__":
    main()
