"""Time news spreading on 12-firm networks: exact chain vs Monte Carlo, and thresholds.

Run: ``python benchmarks/bench_networks.py [--quick] [--json PATH]``. For each network
shape of 12 firms (the defaulter's news starts at the defaulter, r = 1/2) it times

* the exact detection probabilities (Markov chain over informed sets, exact
  rationals) for periods 0..10, with the size of the chain;
* the same by Monte Carlo (20,000 seeded samples): the largest gap to the
  exact values and the share of exact values inside the 95% Wilson intervals;
* the threshold delta* (s = 2 per partner, Y = 150, R = 110, w = 0): exact
  inputs (certified numeric root) against float inputs (sparse solve) and
  Monte Carlo;

timed with ``benchmarks/timing.py`` (sides interleaved, CPU and wall time, medians with
min–max; ratio = anchor ÷ exact, so below 1 the exact computation is slower). Acceptance:
every exact detection computation on 12 nodes under 5 s.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
from timing import Row, emit, interleave, parse_args

from gametheory_cluster.models.community.networks import NetworkPunishment
from gametheory_cluster.models.community.shapes import network_shapes

VALUES = {"Y": 150, "R": 110, "w": 0, "s": 2}
SAMPLES = 20_000
DETECTION = "detection on 12-firm networks"
THRESHOLD = "δ* on 12-firm networks"


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv)
    shapes = network_shapes(12)
    if args.quick:
        shapes = dict(list(shapes.items())[:2])
    samples = 2_000 if args.quick else SAMPLES
    rounds = 2 if args.quick else 3
    rows = []
    for name, (graph, defaulter) in shapes.items():
        model = NetworkPunishment(graph, defaulter)
        sides = {  # a fresh model each call: the exact chain is cached on the model
            "exact": lambda g=graph, d=defaulter: NetworkPunishment(g, d).detection(
                10, r=Fraction(1, 2), method="exact"),
            "Monte Carlo": lambda g=graph, d=defaulter: NetworkPunishment(g, d).detection(
                10, r=0.5, method="monte_carlo", samples=samples, rng=1),
        }
        t = interleave(sides, rounds, min_time=0)
        exact, mc = t["exact"].result, t["Monte Carlo"].result
        p = np.array(exact.informed, dtype=float)
        err = float(np.max(np.abs(mc.informed - p)))
        inside = float(np.mean((mc.lower <= p) & (p <= mc.upper)))
        sets = len(model._chain(Fraction(1, 2)).states)
        rows.append(Row(DETECTION, f"{name}, {sets} informed sets", t["exact"],
                        t["Monte Carlo"], goal="exact detection on 12 nodes < 5 s",
                        note=f"Monte Carlo {samples:,} samples: max error {err:.4f}, "
                             f"{inside:.0%} of exact values inside its 95% intervals"))
        sides = {
            "exact inputs": lambda g=graph, d=defaulter: NetworkPunishment(g, d).threshold(
                "delta", r=Fraction(1, 2), **VALUES),
            "float inputs": lambda g=graph, d=defaulter: NetworkPunishment(g, d).threshold(
                "delta", r=0.5, **VALUES),
            "Monte Carlo": lambda g=graph, d=defaulter: NetworkPunishment(g, d).threshold(
                "delta", r=0.5, method="monte_carlo", samples=samples, rng=1, **VALUES),
        }
        t = interleave(sides, rounds, min_time=0)
        value = float(t["exact inputs"].result.value)
        rows += [Row(THRESHOLD, f"{name}, δ* = {value:.6f}", t["exact inputs"], t[peer])
                 for peer in ("float inputs", "Monte Carlo")]
    emit(rows, args.json, title="news of a default on 12-firm networks")


if __name__ == "__main__":
    main()
