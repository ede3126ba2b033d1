"""SPE payoff sets against QuantEcon's Abreu–Sannikov routine: same vertices, time ratios, failures.

Run: ``python benchmarks/bench_payoff_sets.py``.

1. The prisoner's dilemma and Abreu and Sannikov (2014)'s 3 × 3 example (as in
   QuantEcon's tests) at several δ: the largest distance between our vertices and
   QuantEcon's, and the best-of-three times — ours with the exact certificate,
   ours without it (``certify=False``: the outer polygon only), and QuantEcon's
   after a warm-up call that compiles its numba kernels (the compile time is
   printed apart) — with ratios ours / QuantEcon.
2. The one-shot lending game (bank Lend/Refuse, SME Repay/Default) at I=100,
   Y=150, R=110, w=0 on δ = 0.05, 0.10, …, 0.95: what QuantEcon returns or raises,
   and what we return (shape, vertices, certified gap).

Timings are the best of three: the machine may be shared.
"""

from __future__ import annotations

import time
import timeit

import numpy as np

from gametheory_cluster.payoff_sets import spe_payoffs

PD = ([[9, 1], [10, 3]], [[9, 10], [1, 3]])
AS_BIMATRIX = [[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)],
               [(9, 0), (5, -4), (-5, -15)]]
AS_GAME = tuple([[cell[i] for cell in row] for row in AS_BIMATRIX] for i in (0, 1))
LENDING = ([[10, -100], [0, 0]], [[40, 150], [0, 0]])
CASES = [("prisoner's dilemma", PD, 0.6), ("prisoner's dilemma", PD, 0.9),
         ("Abreu-Sannikov", AS_GAME, 0.3), ("Abreu-Sannikov", AS_GAME, 0.5)]


def best(fn, repeat: int = 3) -> float:
    """The best of ``repeat`` timings, in seconds."""
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def bimatrix(game):
    A, B = game
    return [[(A[i][j], B[i][j]) for j in range(len(A[0]))] for i in range(len(A))]


def distance(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Hausdorff distance between two vertex lists (as point sets)."""
    if ours.shape[0] == 0 or theirs.shape[0] == 0:
        return float("inf")
    d = np.linalg.norm(ours[:, None, :] - theirs[None, :, :], axis=2)
    return float(max(d.min(axis=1).max(), d.min(axis=0).max()))


def main() -> None:
    start = time.perf_counter()
    from quantecon.game_theory import NormalFormGame, RepeatedGame

    imported = time.perf_counter() - start

    def quantecon(game, delta):
        hull = RepeatedGame(NormalFormGame(bimatrix(game)), delta).equilibrium_payoffs()
        return hull.points[hull.vertices]

    start = time.perf_counter()
    quantecon(PD, 0.9)
    compiled = time.perf_counter() - start
    print(f"QuantEcon import {imported:.1f} s, first call (numba compile) {compiled:.1f} s\n")

    print("1. Same vertices, times (best of 3)")
    head = (f"{'game':<20} {'delta':>5} {'max |dv|':>9} {'ours':>8} {'outer':>8} "
            f"{'QE':>8} {'ours/QE':>8} {'outer/QE':>8}")
    print(head)
    print("-" * len(head))
    for name, game, delta in CASES:
        ours = spe_payoffs(game, delta)
        gap = distance(ours.vertices, quantecon(game, delta))
        t_ours = best(lambda g=game, d=delta: spe_payoffs(g, d))
        t_outer = best(lambda g=game, d=delta: spe_payoffs(g, d, certify=False))
        t_qe = best(lambda g=game, d=delta: quantecon(g, d))
        print(f"{name:<20} {delta:>5} {gap:>9.1e} {t_ours * 1e3:>6.1f}ms {t_outer * 1e3:>6.1f}ms "
              f"{t_qe * 1e3:>6.1f}ms {t_ours / t_qe:>8.1f} {t_outer / t_qe:>8.1f}")

    print("\n2. The lending game, I=100, Y=150, R=110, w=0 (honest payoff (10, 40), "
          "delta* = 11/15 = 0.7333)")
    head = f"{'delta':>5}  {'QuantEcon':<44} {'ours':<9} {'vertices':<28} {'gap':>8}"
    print(head)
    print("-" * len(head))
    failures = 0
    for delta in np.round(np.arange(0.05, 0.951, 0.05), 2):
        try:
            qe = quantecon(LENDING, float(delta)).round(4).tolist()
            verdict = f"ok {qe}"
        except Exception as exc:  # the failures are what is measured
            failures += 1
            verdict = f"{type(exc).__name__}: {str(exc).split(chr(10))[0][:30]}"
        V = spe_payoffs(LENDING, float(delta))
        print(f"{delta:>5}  {verdict[:44]:<44} {V.shape:<9} "
              f"{V.vertices.round(4).tolist()!s:<28} {V.hausdorff_gap:>8.1e}")
    print(f"\nQuantEcon failed at {failures} of 19 values of delta; ours returned a set at all 19.")


if __name__ == "__main__":
    main()
