"""Time news spreading on 12-firm networks: exact chain vs Monte Carlo, and thresholds.

Run: ``python benchmarks/bench_networks.py``. For each network shape of 12 firms
(the defaulter's news starts at the defaulter, r = 1/2) it times

* the exact detection probabilities (Markov chain over informed sets, exact
  rationals) for periods 0..10, with the size of the chain;
* the same by Monte Carlo (20,000 seeded samples): the largest gap to the
  exact values and the share of exact values inside the 95% Wilson intervals;
* the threshold delta* (s = 2 per partner, Y = 150, R = 110, w = 0): exact
  inputs (certified numeric root) against float inputs (sparse solve) and
  Monte Carlo;

and prints the ratio exact / Monte Carlo. Acceptance: every exact detection
computation on 12 nodes under 5 s.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from gametheory_cluster.models.networks import NetworkPunishment, network_shapes

VALUES = {"Y": 150, "R": 110, "w": 0, "s": 2}
SAMPLES = 20_000


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    shapes = network_shapes(12)
    print(f"{'12 firms':<12} {'sets':>5} {'exact det':>10} {'MC det':>8} {'ratio':>6} "
          f"{'max err':>8} {'in CI':>6} {'delta* exact':>13} {'float':>7} {'MC':>7}  delta*")
    worst = 0.0
    for name, (graph, defaulter) in shapes.items():
        model = NetworkPunishment(graph, defaulter)
        t_exact, exact = timed(lambda m=model: m.detection(10, r=Fraction(1, 2), method="exact"))
        worst = max(worst, t_exact)
        t_mc, mc = timed(lambda m=model: m.detection(10, r=0.5, method="monte_carlo",
                                                     samples=SAMPLES, rng=1))
        p = np.array(exact.informed, dtype=float)
        err = float(np.max(np.abs(mc.informed - p)))
        inside = float(np.mean((mc.lower <= p) & (p <= mc.upper)))
        sets = len(model._chain(Fraction(1, 2)).states)
        t_thr, thr = timed(lambda m=model: m.threshold("delta", r=Fraction(1, 2), **VALUES))
        t_flt, _ = timed(lambda m=model: m.threshold("delta", r=0.5, **VALUES))
        t_thm, _ = timed(lambda m=model: m.threshold("delta", r=0.5, method="monte_carlo",
                                                     samples=SAMPLES, rng=1, **VALUES))
        print(f"{name:<12} {sets:>5} {t_exact:>9.2f}s {t_mc:>7.2f}s {t_exact / t_mc:>6.2f} "
              f"{err:>8.4f} {inside:>6.0%} {t_thr:>12.2f}s {t_flt:>6.2f}s {t_thm:>6.2f}s  "
              f"{float(thr.value):.6f}")
    print(f"\nslowest exact detection on 12 nodes: {worst:.2f}s (acceptance: < 5 s)")


if __name__ == "__main__":
    main()
