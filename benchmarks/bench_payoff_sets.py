"""SPE payoff sets against QuantEcon's Abreu–Sannikov routine: vertices, time ratios, failures.

Run: ``python benchmarks/bench_payoff_sets.py [--quick] [--json PATH]``.

1. The prisoner's dilemma, the one-shot lending game (bank Lend/Refuse, SME Repay/Default
   at I=100, Y=150, R=110, w=0) and Abreu and Sannikov (2014)'s 3 × 3 example (as in
   QuantEcon's tests) at δ = 0.3, 0.4, …, 0.9 and 0.99, wherever QuantEcon succeeds (it
   raises below 0.3, and below 0.9 on the lending game; issue 19: within 1.5× of
   QuantEcon wherever it succeeds): ``spe_payoffs`` with its exact certificate, and with
   ``certify=False`` (the outer polygon only), against QuantEcon's
   ``RepeatedGame.equilibrium_payoffs`` after a warm-up call that compiles its numba
   kernels. The note gives the largest distance between the two vertex sets.
2. The lending game on δ = 0.05, 0.10, …, 0.95: at how many δ QuantEcon raises, and
   that ``spe_payoffs`` returns a set at every one (full run only).

Timed with ``benchmarks/timing.py``: sides interleaved, CPU and wall time, medians with
min–max; ratio = QuantEcon ÷ toolkit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from quantecon.game_theory import NormalFormGame, RepeatedGame
from timing import Row, emit, interleave, parse_args

import gametheory_cluster as gc

PD = ([[9, 1], [10, 3]], [[9, 10], [1, 3]])
AS_BIMATRIX = [[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)],
               [(9, 0), (5, -4), (-5, -15)]]
AS_GAME = tuple([[cell[i] for cell in row] for row in AS_BIMATRIX] for i in (0, 1))
LENDING = ([[10, -100], [0, 0]], [[40, 150], [0, 0]])
WORK = "SPE payoff sets"
GAMES = {"prisoner's dilemma": PD, "lending game": LENDING, "Abreu–Sannikov 3×3": AS_GAME}
#: δ from the smallest where QuantEcon succeeds (it raises below) up to 0.99, every 0.1
DELTAS = {"prisoner's dilemma": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99),
          "lending game": (0.9, 0.99),
          "Abreu–Sannikov 3×3": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99)}
CASES = [(name, delta) for name, deltas in DELTAS.items() for delta in deltas]
QUICK = [("prisoner's dilemma", 0.6), ("lending game", 0.9), ("Abreu–Sannikov 3×3", 0.3)]


def bimatrix(game):
    A, B = game
    return [[(A[i][j], B[i][j]) for j in range(len(A[0]))] for i in range(len(A))]


def quantecon(game, delta: float) -> np.ndarray:
    hull = RepeatedGame(NormalFormGame(bimatrix(game)), delta).equilibrium_payoffs()
    return hull.points[hull.vertices]


def distance(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Hausdorff distance between two vertex lists (as point sets)."""
    if ours.shape[0] == 0 or theirs.shape[0] == 0:
        return float("inf")
    d = np.linalg.norm(ours[:, None, :] - theirs[None, :, :], axis=2)
    return float(max(d.min(axis=1).max(), d.min(axis=0).max()))


def compare(name: str, delta: float, rounds: int) -> list[Row]:
    game = GAMES[name]
    case = f"{name}, δ = {delta}"
    ours = gc.spe_payoffs(game, delta)
    try:
        gap = distance(ours.vertices, quantecon(game, delta))
    except Exception as exc:  # QuantEcon's failures are part of what is measured
        t = interleave({"toolkit": lambda: gc.spe_payoffs(game, delta)}, rounds)
        return [Row(WORK, case, t["toolkit"], note=f"QuantEcon raised {type(exc).__name__}")]
    t = interleave({
        "toolkit": lambda: gc.spe_payoffs(game, delta),
        "outer only": lambda: gc.spe_payoffs(game, delta, certify=False),
        "QuantEcon": lambda: quantecon(game, delta),
    }, rounds)
    note = f"max vertex distance {gap:.1e}"
    goal = "within 1.5× of QuantEcon wherever it succeeds (ratio ≥ 0.67)"
    return [Row(WORK, case, t["toolkit"], t["QuantEcon"], note=note, goal=goal),
            Row(WORK, f"{case}, certify=False", t["outer only"], t["QuantEcon"], note=note)]


def failures() -> str:
    failed = []
    deltas = np.round(np.arange(0.05, 0.951, 0.05), 2)
    for delta in deltas:
        try:
            quantecon(LENDING, float(delta))
        except Exception:  # counted, not raised
            failed.append(float(delta))
        assert gc.spe_payoffs(LENDING, float(delta)).vertices.shape[0] > 0
    return (f"lending game on {len(deltas)} values of δ: QuantEcon raised at {len(failed)} "
            f"({', '.join(f'{d:g}' for d in failed)}); spe_payoffs returned a set at all")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv)
    quantecon(PD, 0.9)  # numba compiles QuantEcon's kernels on the first call
    cases = QUICK if args.quick else CASES
    rows = [row for name, delta in cases for row in compare(name, delta, 3 if args.quick else 7)]
    if not args.quick:
        found = failures()
        for row in rows:
            if row.case.startswith("lending game") and not row.case.endswith("False"):
                row.note = f"{row.note}; {found}"
    emit(rows, args.json, title="SPE payoff sets against QuantEcon")


if __name__ == "__main__":
    main()
