"""Time the derivation of thresholds in the repeated lending game, and region maps against sympy.

Run: ``python benchmarks/bench_thresholds.py``. For each mechanism alone it times the
full symbolic derivation (automaton → values → constraints → threshold δ* with no
values given, on a fresh model so nothing is cached), and the exact numeric
threshold at the base case. Then it times a region map of a derived condition on a
grid, compiled (``gametheory_cluster.sweep.honest_region``) against per-point sympy
substitution, and prints the ratio.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

import gametheory_cluster as gc
from gametheory_cluster.algebra import evaluate
from gametheory_cluster.sweep import honest_region

BASE = {"Y": 150, "R": 110, "w": 0}
MECHANISMS = {
    "grim": {},
    "exclusion (T)": {"punishment": "exclusion"},
    "continuation (p)": {"continuation": True},
    "exit cost (C)": {"exit_cost": True},
    "cluster rent (s)": {"cluster_rent": True},
    "detection (q)": {"detection": True},
    "monitoring (pi)": {"monitoring": True},
    "lag (L symbolic)": {"lag": True},
    "recovery (lam)": {"recovery": True},
}
EXTRA = {
    "T": 4,
    "p": Fraction(9, 10),
    "C": 20,
    "s": 5,
    "q": Fraction(1, 2),
    "pi": Fraction(19, 20),
    "L": 2,
    "lam": Fraction(1, 5),
}


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    print(f"{'mechanism':<20} {'symbolic delta*':>16} {'exact delta* (s)':>17}  result")
    for label, kwargs in MECHANISMS.items():

        def symbolic():
            model = gc.RepeatedLending(**kwargs)
            try:
                return model.threshold("delta")
            except gc.SolveError as err:
                return f"no closed form ({str(err)[:30]}...)"

        t_sym, sym = timed(symbolic)
        model = gc.RepeatedLending(**kwargs)
        given = {k: v for k, v in EXTRA.items() if k in model.parameters}
        t_num, num = timed(lambda: model.threshold("delta", **BASE, **given))
        print(f"{label:<20} {t_sym:>15.3f}s {t_num:>16.3f}s  {num.value}")

    model = gc.RepeatedLending(exit_cost=True, detection=True)
    n = 200
    deltas, qs = np.meshgrid(np.linspace(0.01, 0.99, n), np.linspace(0, 1, n), indexing="ij")
    t_fast, _ = timed(lambda: honest_region(model, **BASE, I=100, C=10, delta=deltas, q=qs))
    big = np.linspace(0.01, 0.99, 1000)
    grid_d, grid_q = np.meshgrid(big, np.linspace(0, 1, 1000), indexing="ij")
    t_big, _ = timed(lambda: honest_region(model, **BASE, I=100, C=10, delta=grid_d, q=grid_q))
    slacks = [c.slack for c in model.constraints()]
    sample = 200
    points = list(zip(deltas.ravel()[:sample], qs.ravel()[:sample], strict=False))
    t_slow, _ = timed(
        lambda: [
            all(
                evaluate(
                    s, {"Y": 150.0, "R": 110.0, "w": 0.0, "I": 100.0, "C": 10.0, "delta": d, "q": q}
                )
                >= 0
                for s in slacks
            )
            for d, q in points
        ]
    )
    per_fast = t_big / grid_d.size
    per_slow = t_slow / sample
    print()
    print(
        f"region map, compiled : {grid_d.size:>9,} points in {t_big:.3f}s "
        f"({grid_d.size / t_big:,.0f} points/s)"
    )
    print(
        f"region map, sympy    : {sample:>9,} points in {t_slow:.3f}s ({sample / t_slow:,.0f} points/s)"
    )
    print(f"ratio (per point)    : {per_slow / per_fast:,.0f}x faster compiled")
    del t_fast


if __name__ == "__main__":
    main()
