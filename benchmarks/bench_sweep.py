"""Region maps on 10^6–10^7 grid points: compiled sweeps against sympy and nashpy, point by point.

Run: ``python benchmarks/bench_sweep.py`` (``--quick``: 10^6 points and small samples).

Two region maps, each computed three ways side by side:

1. *Repeated game*: where honest repayment is subgame perfect in
   ``RepeatedLending(exit_cost=True, detection=True)`` over a (delta, q) grid —
   ``gametheory_cluster.sweep.honest_region`` on broadcast arrays and
   ``gametheory_cluster.sweep.sweep`` on the axes (both compiled, lambdified once),
   against substituting each grid point into the derived sympy constraints
   (``expr.subs``; on a sample, extrapolated). nashpy has no counterpart here.
2. *Stage game*: where (Lend, Repay) is an equilibrium of the cluster stage game
   (``LendingDynamics`` with every mechanism on: the closure of the region where it
   is an ESS) over a (C, q) grid — ``honest_region`` on the dynamics' constraints,
   against sympy substitution and against solving the 2×2 game with nashpy's
   ``support_enumeration`` at each point (payoff matrices precompiled so only the
   solving is timed; on a sample, extrapolated).

Every sample is checked to agree with the compiled map. Targets (issue 8): at least
10^7 grid points per second on one core, at least 1,000× per-point sympy substitution.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: keep BLAS single-threaded
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import sys
import time
import warnings

import nashpy
import numpy as np
import sympy as sp

import gametheory_cluster as gc
from gametheory_cluster.dynamics import LendingDynamics
from gametheory_cluster.sweep import honest_region, sweep

REPEATED_FIXED = {"Y": 150.0, "R": 110.0, "w": 0.0, "I": 100.0, "C": 10.0}
STAGE_FIXED = {"I": 100.0, "R": 110.0, "lam": 0.3, "g": 0.5, "s": 20.0, "k": 3.0}


def timed(fn, repeat: int = 1):
    """(best time of ``repeat`` runs, result)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def per_point(exprs, names, points) -> list[bool]:
    """The naive way: substitute one grid point into every sympy constraint."""
    syms = {s.name: s for e in exprs for s in e.free_symbols}
    return [all(bool(e.subs({syms[n]: v for n, v in zip(names, p, strict=True) if n in syms})
                     >= 0) for e in exprs) for p in points]


def report(label: str, n: int, seconds: float, base: float | None = None) -> None:
    rate = n / seconds
    ratio = "" if base is None else f"   ratio compiled / this: {base / rate:,.0f}x"
    print(f"  {label:<34} {n:>12,} points {seconds:>9.3f}s {rate:>16,.0f} points/s{ratio}")


def repeated_game(sizes: list[int], sample: int, rng: np.random.Generator) -> dict[str, float]:
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    slacks = [c.slack for c in model.constraints()]
    print("1. repeated game: honest repayment subgame perfect, (delta, q) grid")
    rates: dict[str, float] = {}
    for n in sizes:
        side = round(np.sqrt(n))
        deltas, qs = np.linspace(0.01, 0.99, side), np.linspace(0, 1, side)
        grid_d, grid_q = np.meshgrid(deltas, qs, indexing="ij")
        honest_region(model, **REPEATED_FIXED, delta=grid_d[:2, :2], q=grid_q[:2, :2])  # compile
        t_region, region = timed(lambda: honest_region(
            model, **REPEATED_FIXED, delta=grid_d, q=grid_q), repeat=3)  # noqa: B023
        report("honest_region (arrays)", region.size, t_region)
        t_sweep, result = timed(lambda: sweep(
            model, {"delta": deltas, "q": qs}, **REPEATED_FIXED), repeat=3)  # noqa: B023
        report("sweep (axes)", region.size, t_sweep)
        assert np.array_equal(result.values["honest"], region)
        rates["compiled"] = max(region.size / t_region, region.size / t_sweep)
    idx = rng.integers(0, region.size, sample)
    points = [(REPEATED_FIXED | {"delta": grid_d.flat[i], "q": grid_q.flat[i]}) for i in idx]
    names = sorted(points[0])
    t_sym, exact = timed(lambda: per_point(slacks, names, [[p[n] for n in names]
                                                            for p in points]))
    assert exact == [bool(region.flat[i]) for i in idx], "sympy and compiled disagree"
    report(f"sympy .subs (sample of {sample})", sample, t_sym, rates["compiled"])
    rates["sympy"] = sample / t_sym
    return rates


def stage_game(n: int, sample: int, rng: np.random.Generator) -> dict[str, float]:
    model = LendingDynamics(recovery=True, guarantee=True, exit_cost=True, cluster_rent=True,
                            detection=True, credit_cost=True)
    print("\n2. stage game: (Lend, Repay) an equilibrium of the cluster stage game, (C, q) grid")
    side = round(np.sqrt(n))
    # offset grids so that no point sits exactly on the boundary (a tie for nashpy)
    Cs, qs = np.linspace(0.3, 400.3, side), np.linspace(0.0013, 0.9987, side)
    grid_c, grid_q = np.meshgrid(Cs, qs, indexing="ij")
    honest_region(model, **STAGE_FIXED, C=grid_c[:2, :2], q=grid_q[:2, :2])  # compile
    t_region, region = timed(lambda: honest_region(model, **STAGE_FIXED, C=grid_c, q=grid_q),
                             repeat=3)
    report("honest_region (arrays)", region.size, t_region)
    compiled = region.size / t_region
    idx = rng.integers(0, region.size, sample)
    points = [STAGE_FIXED | {"C": grid_c.flat[i], "q": grid_q.flat[i]} for i in idx]
    slacks = [c.slack for c in model.constraints()]
    names = sorted(points[0])
    t_sym, exact = timed(lambda: per_point(slacks, names, [[p[m] for m in names]
                                                            for p in points]))
    truth = [bool(region.flat[i]) for i in idx]
    assert exact == truth, "sympy and compiled disagree"
    report(f"sympy .subs (sample of {sample})", sample, t_sym, compiled)

    game = model.game
    params = sorted(STAGE_FIXED.keys() | {"C", "q", "Y", "w"})
    matrices = sp.lambdify([sp.Symbol(p) for p in params],
                           [game.A.xreplace({s: sp.Symbol(s.name) for s in game.A.free_symbols}),
                            game.B.xreplace({s: sp.Symbol(s.name) for s in game.B.free_symbols})])
    tables = [matrices(*[(p | {"Y": 150.0, "w": 0.0})[m] for m in params]) for p in points]

    def nashpy_region() -> list[bool]:
        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for A, B in tables:
                eqs = nashpy.Game(np.asarray(A, float), np.asarray(B, float)).support_enumeration()
                out.append(any(r[0] == 1 and c[0] == 1 for r, c in eqs))
        return out

    t_nash, by_nashpy = timed(nashpy_region)
    assert by_nashpy == truth, "nashpy and compiled disagree"
    report(f"nashpy support enum. (sample {sample})", sample, t_nash, compiled)
    return {"compiled": compiled, "sympy": sample / t_sym, "nashpy": sample / t_nash}


def main(quick: bool = False) -> None:
    rng = np.random.default_rng(8)
    sizes = [10**6] if quick else [10**6, 10**7]
    sample = 100 if quick else 400
    first = repeated_game(sizes, sample, rng)
    second = stage_game(10**6, sample, rng)
    print("\nsummary (points per second, one core; compiled: best of 3 runs)")
    for label, rates in (("repeated game", first), ("stage game", second)):
        extra = (f", nashpy {rates['nashpy']:,.0f}/s ({rates['compiled'] / rates['nashpy']:,.0f}x)"
                 if "nashpy" in rates else "")
        print(f"  {label:<14} compiled {rates['compiled']:>14,.0f}/s, "
              f"sympy {rates['sympy']:,.0f}/s ({rates['compiled'] / rates['sympy']:,.0f}x){extra}")
    best = first["compiled"]
    ratio = best / first["sympy"]
    print(f"target >= 1e7 points/s on one core: {'met' if best >= 1e7 else 'NOT met'} "
          f"({best:,.0f}/s); target >= 1,000x sympy: {'met' if ratio >= 1000 else 'NOT met'} "
          f"({ratio:,.0f}x)")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
