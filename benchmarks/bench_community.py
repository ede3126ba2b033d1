"""Community enforcement: δ* with N lenders, Kandori's contagion chain, thresholds in N.

Run: ``python benchmarks/bench_community.py [--quick] [--json PATH] [--timeout S]``.

1. N lenders (issue 19: < 0.5 s at N = 100, any N costing the same): the subgame-perfect
   δ* of ``MultilateralLending`` with every other parameter symbolic, for N = 2 … 100,
   each derivation in a forked child (a cold cache) killed after ``--timeout`` seconds;
   ratio = 0.5 s ÷ time.
2. Kandori (1992), g = l = 1: the on-path slack over the model's grid of δ for M up to
   1,000 — the chain as numpy arrays, values by back substitution vectorised over δ —
   against the naive way (a dense ``numpy.linalg.solve`` of ``(I − δP)V = u`` per δ); and
   the numeric threshold against the exact one (sympy on the engine) for small M.
3. The largest / smallest N by doubling and bisection against checking every N up to 32.

Timed with ``benchmarks/timing.py``: sides interleaved, CPU and wall time, medians with
min–max; ratio = anchor ÷ toolkit.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from fractions import Fraction
from functools import partial

import numpy as np
from timing import Row, emit, interleave, parse_args

import gametheory_cluster as gc

BASE = {"Y": 150, "R": 110, "w": 0, "I": 100}
LENDERS = "community thresholds, N lenders"
KANDORI = "Kandori contagion chain"
SEARCH = "threshold in N"


def lenders_delta(N: int) -> str:
    value = gc.MultilateralLending().threshold("delta", N=N).value
    text = str(value)
    return text if len(text) <= 50 else text[:47] + "..."


def lenders(sizes: Sequence[int], rounds: int, timeout: float) -> list[Row]:
    gc.MultilateralLending().threshold("delta", N=1, q=Fraction(1, 2), **BASE)  # imports
    timings = interleave({f"N = {N}": partial(lenders_delta, N) for N in sizes}, rounds,
                         warmup=0, min_time=0, timeout=timeout)
    return [Row(LENDERS, f"symbolic SPE δ*, {label}", t, goal="< 0.5 s at N = 100",
                goal_seconds=0.5, note=t.result or "") for label, t in timings.items()]


def naive_grid(model, grid: np.ndarray, M: int) -> np.ndarray:
    """The same on-path slack on the same grid, one dense solve per delta."""
    tables = model._tables(M, 1.0, 1.0)
    (P, u), (Pd, ud) = tables["conform"], tables["deviate"]
    eye = np.eye(len(u))
    out = []
    for d in grid:
        V = np.linalg.solve(eye - d * P, u)
        out.append(((u[0] - ud[0]) + d * (P[0] - Pd[0]) @ V) * (1 - d))
    return np.array(out)


def kandori(sizes: Sequence[int], exact_sizes: Sequence[int], rounds: int,
            timeout: float) -> list[Row]:
    model = gc.KandoriCommunity()
    grid = sys.modules[type(model).__module__]._GRID  # the model's own grid of delta
    rows = []
    for M in sizes:
        slack = model._slack_function(M, 1.0, 1.0, "on_path")
        naive = partial(naive_grid, model, grid, M)
        assert np.allclose(slack(grid), naive())
        t = interleave({"vectorised": partial(slack, grid), "dense solve per δ": naive}, rounds,
                       min_time={"vectorised": 0.05, "dense solve per δ": 0})
        rows.append(Row(KANDORI, f"on-path slack on {len(grid)} δ, M = {M}", t["vectorised"],
                        t["dense solve per δ"]))
    for M in exact_sizes:
        sides = {method: partial(gc.KandoriCommunity().threshold, "delta", M=M, gain=1, loss=1,
                                 method=method) for method in ("numeric", "exact")}
        t = interleave(sides, rounds, warmup=0, min_time=0, timeout=timeout)
        rows.append(Row(KANDORI, f"δ* on path, M = {M}", t["numeric"], t["exact"],
                        note="anchor: the exact method (sympy); cold cache each sample"))
    return rows


def search(rounds: int, timeout: float) -> list[Row]:
    cases = {
        "lenders, on path, largest N": (gc.MultilateralLending, "on_path",
                                        {"q": Fraction(1, 5), "delta": Fraction(9, 10)}),
        "partners, smallest N": (gc.ClusterPartners, "sequential",
                                 {"q": Fraction(1, 2), "s": 5, "delta": Fraction(7, 10)}),
    }
    rows = []
    for label, (kind, which, point) in cases.items():
        found = kind().threshold("N", which, **point, **BASE)
        check = partial(kind().is_honest, which, **point, **BASE)
        assert [bool(check(N=n)) for n in range(1, 33)] == [n in found.region
                                                             for n in range(1, 33)]
        t = interleave({  # a fresh model on each side
            "derived condition": lambda kind=kind, which=which, point=point: kind().threshold(
                "N", which, **point, **BASE),
            "scan of N = 1 … 32": lambda kind=kind, which=which, point=point: [
                bool(kind().is_honest(which, N=n, **point, **BASE)) for n in range(1, 33)],
        }, rounds, warmup=0, min_time=0, timeout=timeout)
        rows.append(Row(SEARCH, label, t["derived condition"], t["scan of N = 1 … 32"],
                        note=f"N {found.direction} {found.value}; a fresh model on each side"))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv, timeout=(float, 30.0, "seconds per derivation"))
    quick = args.quick
    rounds = 2 if quick else 3
    rows = lenders((2, 5) if quick else (2, 5, 10, 20, 100), rounds, args.timeout)
    rows += kandori((10, 100) if quick else (10, 100, 1000), (4,) if quick else (4, 6, 8),
                    rounds, args.timeout)
    rows += search(rounds, args.timeout)
    emit(rows, args.json, title="community enforcement")


if __name__ == "__main__":
    main()
