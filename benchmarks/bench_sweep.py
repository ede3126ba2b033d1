"""Region maps: ``sweep`` and ``honest_region`` against hand numpy and point-by-point solving.

Run: ``python benchmarks/bench_sweep.py [--quick] [--json PATH]``.

1. *Against hand numpy* (issue 19: within 1.5×, ratio ≥ 0.67): where honest repayment is
   subgame perfect in ``RepeatedLending(exit_cost=True, detection=True)`` over a (δ, q)
   grid of 10⁶ (and 10⁷) points, with Y, R, w, I, C fixed. The toolkit derives the
   constraints, folds the fixed values in and compiles them once; the hand-written numpy
   is the same condition typed in directly on broadcast axes. Both return the tightest
   slack and the region, and are checked to agree.
2. *Against point-by-point solving* (issue 8: ≥ 1,000× sympy substitution): the same map
   against substituting each point into the sympy constraints, and the stage-game map
   ((Lend, Repay) an equilibrium of ``LendingDynamics`` with every mechanism on, over
   (C, q)) against sympy substitution and against nashpy's ``support_enumeration`` at each
   point (payoff matrices precompiled, so only the solving is timed). The per-point sides
   run on a sample and are scaled to the full grid (the note says so); every sample is
   checked to agree with the compiled map.

Timed with ``benchmarks/timing.py``: sides interleaved, CPU and wall time, medians with
min–max; ratio = anchor ÷ toolkit. numpy runs on one thread (``run_all.py`` sets it).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import nashpy
import numpy as np
import sympy as sp
from timing import Row, emit, interleave, parse_args

import gametheory_cluster as gc
from gametheory_cluster.sweep import honest_region, sweep

REPEATED_FIXED = {"Y": 150.0, "R": 110.0, "w": 0.0, "I": 100.0, "C": 10.0}
STAGE_FIXED = {"I": 100.0, "R": 110.0, "lam": 0.3, "g": 0.5, "s": 20.0, "k": 3.0}
HAND = "region map through `sweep`"
POINTWISE = "region map against per-point solving"


def hand_numpy(deltas: np.ndarray, qs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same condition written by hand: the repayment constraint on broadcast axes,
    the constant constraints (R ≥ I, I ≥ 0, R ≥ 0) folded in; tightest slack and region."""
    Y, R, w, I, C = (REPEATED_FIXED[k] for k in ("Y", "R", "w", "I", "C"))
    d, q = deltas[:, None], qs[None, :]
    slack = ((Y - R - C - w) * d * q + C * q + R * d - R) / (1 - d)
    np.minimum(slack, min(R - I, I, R), out=slack)
    return slack, slack >= -1e-12


def per_point(exprs: Sequence[sp.Expr], points: Sequence[dict[str, float]]) -> list[bool]:
    """The naive way: substitute one grid point into every sympy constraint."""
    syms = {s.name: s for e in exprs for s in e.free_symbols}
    return [all(bool(e.subs({syms[n]: v for n, v in p.items() if n in syms}) >= 0)
                for e in exprs) for p in points]


def against_hand(sides: Sequence[int], rounds: int) -> list[Row]:
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    rows = []
    for side in sides:
        deltas, qs = np.linspace(0.01, 0.99, side), np.linspace(0, 1, side)
        n = side * side
        result = sweep(model, {"delta": deltas, "q": qs}, **REPEATED_FIXED)
        slack, region = hand_numpy(deltas, qs)
        assert np.array_equal(result.values["honest"], region)
        assert np.allclose(result.values["min_slack"], slack, rtol=1e-12, atol=1e-9)
        open_mesh = {"delta": deltas[:, None], "q": qs[None, :]}
        assert np.array_equal(honest_region(model, **REPEATED_FIXED, **open_mesh), region)
        t = interleave({
            "sweep": lambda d=deltas, q=qs: sweep(model, {"delta": d, "q": q}, **REPEATED_FIXED),
            "honest_region": lambda m=open_mesh: honest_region(model, **REPEATED_FIXED, **m),
            "hand numpy": lambda d=deltas, q=qs: hand_numpy(d, q),
        }, rounds, min_time=0.1)
        label = f"(δ, q), {n:,} points"
        rows += [Row(HAND, f"sweep, {label}", t["sweep"], t["hand numpy"], per=n,
                     unit="points", goal="within 1.5× of hand numpy (ratio ≥ 0.67)"),
                 Row(HAND, f"honest_region, {label}", t["honest_region"], t["hand numpy"],
                     per=n, unit="points", note="honest_region on broadcast axes")]
    return rows


def repeated_pointwise(side: int, sample: int, rounds: int, rng: np.random.Generator) -> Row:
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    slacks = [c.slack for c in model.constraints()]
    deltas, qs = np.linspace(0.01, 0.99, side), np.linspace(0, 1, side)
    grid = {"delta": deltas, "q": qs}
    region = sweep(model, grid, **REPEATED_FIXED).values["honest"]
    i, j = rng.integers(0, side, sample), rng.integers(0, side, sample)
    points = [REPEATED_FIXED | {"delta": deltas[a], "q": qs[b]} for a, b in zip(i, j, strict=True)]
    assert per_point(slacks, points) == region[i, j].tolist(), "sympy and compiled disagree"
    t = interleave({"sweep": lambda: sweep(model, grid, **REPEATED_FIXED),
                    "sympy .subs": lambda: per_point(slacks, points)}, rounds,
                   min_time={"sympy .subs": 0})
    n = side * side
    return Row(POINTWISE, f"repeated game (δ, q), {n:,} points", t["sweep"],
               t["sympy .subs"].scaled(n / sample), per=n, unit="points",
               goal="≥ 1,000× per-point sympy substitution",
               note=f"per-point side timed on {sample} points, scaled to the grid")


def stage_pointwise(side: int, sample: int, rounds: int, rng: np.random.Generator) -> list[Row]:
    model = gc.LendingDynamics(recovery=True, guarantee=True, exit_cost=True, cluster_rent=True,
                               detection=True, credit_cost=True)
    # offset grids so that no point sits exactly on the boundary (a tie for nashpy)
    Cs, qs = np.linspace(0.3, 400.3, side), np.linspace(0.0013, 0.9987, side)
    mesh = {"C": Cs[:, None], "q": qs[None, :]}
    region = honest_region(model, **STAGE_FIXED, **mesh)
    i, j = rng.integers(0, side, sample), rng.integers(0, side, sample)
    points = [STAGE_FIXED | {"C": Cs[a], "q": qs[b]} for a, b in zip(i, j, strict=True)]
    truth = region[i, j].tolist()
    slacks = [c.slack for c in model.constraints()]
    assert per_point(slacks, points) == truth, "sympy and compiled disagree"

    game = model.game
    params = sorted(STAGE_FIXED.keys() | {"C", "q", "Y", "w"})
    plain = {s: sp.Symbol(s.name) for s in game.A.free_symbols | game.B.free_symbols}
    matrices = sp.lambdify([sp.Symbol(p) for p in params],
                           [game.A.xreplace(plain), game.B.xreplace(plain)])
    tables = [matrices(*[(p | {"Y": 150.0, "w": 0.0})[m] for m in params]) for p in points]

    def nashpy_region() -> list[bool]:
        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for A, B in tables:
                eqs = nashpy.Game(np.asarray(A, float), np.asarray(B, float)).support_enumeration()
                out.append(any(r[0] == 1 and c[0] == 1 for r, c in eqs))
        return out

    assert nashpy_region() == truth, "nashpy and compiled disagree"
    t = interleave({"honest_region": lambda: honest_region(model, **STAGE_FIXED, **mesh),
                    "sympy .subs": lambda: per_point(slacks, points),
                    "nashpy support enumeration": nashpy_region}, rounds,
                   min_time={"sympy .subs": 0, "nashpy support enumeration": 0})
    n = side * side
    note = f"per-point sides timed on {sample} points, scaled to the grid"
    return [Row(POINTWISE, f"stage game (C, q), {n:,} points", t["honest_region"],
                t[peer].scaled(n / sample), per=n, unit="points", note=note)
            for peer in ("sympy .subs", "nashpy support enumeration")]


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv)
    rng = np.random.default_rng(8)
    quick = args.quick
    rows = against_hand([1000] if quick else [1000, 3163], 3 if quick else 7)
    sample, rounds = (50, 2) if quick else (300, 3)
    rows.append(repeated_pointwise(1000, sample, rounds, rng))
    rows += stage_pointwise(1000, sample, rounds, rng)
    emit(rows, args.json, title="region maps (times per map)")


if __name__ == "__main__":
    main()
