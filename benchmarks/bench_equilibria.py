"""Time ``StageGame.equilibria`` against nashpy and pygambit, side by side in one run.

Run with ``python benchmarks/bench_equilibria.py [--repeat K] [--games G] [--max-n N]``.

Games: the one-shot lending game at the base case (I=100, Y=150, R=110, w=0), and
random n×n games with integer payoffs in [1, 1000] (positive, so that nashpy's
vertex enumeration applies) for n = 2..8. Each cell is the best of ``--repeat``
runs, summed over ``--games`` games of that size; every solver gets the same games
and starts from the payoff arrays (building its own game object is timed).

Columns: milliseconds for ours (exact, all equilibria), nashpy support enumeration,
nashpy vertex enumeration, pygambit ``enummixed`` (exact rationals); then the
ratios other/ours (> 1: ours is faster); then the number of equilibria each found
(nashpy's support enumeration drops some mixed equilibria through rounding; see
tests/test_games.py).
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import nashpy
import numpy as np
import pygambit

from gametheory_cluster.games import StageGame
from gametheory_cluster.models.lending import LendingGame

Solver = Callable[[np.ndarray, np.ndarray], int]


def ours(A: np.ndarray, B: np.ndarray) -> int:
    return len(StageGame(A.tolist(), B.tolist()).equilibria())


def nashpy_support(A: np.ndarray, B: np.ndarray) -> int:
    return len(list(nashpy.Game(A, B).support_enumeration()))


def nashpy_vertex(A: np.ndarray, B: np.ndarray) -> int:
    return len(list(nashpy.Game(A, B).vertex_enumeration()))


def gambit(A: np.ndarray, B: np.ndarray) -> int:
    game = pygambit.Game.from_arrays(A.tolist(), B.tolist())
    return len(pygambit.nash.enummixed_solve(game, rational=True).equilibria)


SOLVERS: dict[str, Solver] = {
    "ours": ours,
    "nashpy SE": nashpy_support,
    "nashpy VE": nashpy_vertex,
    "gambit": gambit,
}


def best_time(solver: Solver, games: Sequence[tuple[np.ndarray, np.ndarray]], repeat: int):
    """Best-of-``repeat`` total seconds over the games, and the equilibria counted."""
    best, found = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = sum(solver(A, B) for A, B in games)
        best = min(best, time.perf_counter() - start)
    return best, found


def lending_games() -> list[tuple[np.ndarray, np.ndarray]]:
    A, B = LendingGame().payoffs(I=100, Y=150, R=110, w=0)
    return [(np.array(A.tolist(), dtype=int), np.array(B.tolist(), dtype=int))]


def random_games(n: int, count: int, rng: np.random.Generator) -> list[tuple[Any, Any]]:
    return [(rng.integers(1, 1001, (n, n)), rng.integers(1, 1001, (n, n))) for _ in range(count)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--games", type=int, default=3, help="random games per size")
    parser.add_argument("--max-n", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    rows = [("lending", lending_games())]
    rows += [
        (f"random {n}×{n}", random_games(n, args.games, rng)) for n in range(2, args.max_n + 1)
    ]
    names = list(SOLVERS)
    header = (
        f"{'game':<14}"
        + "".join(f"{name + ' ms':>13}" for name in names)
        + "".join(f"{name + '/ours':>15}" for name in names[1:])
        + "   equilibria found"
    )
    print(header)
    print("-" * len(header))
    for label, games in rows:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nashpy warns on degenerate games
            results = {
                name: best_time(solver, games, args.repeat) for name, solver in SOLVERS.items()
            }
        base = results["ours"][0]
        print(
            f"{label:<14}"
            + "".join(f"{results[name][0] * 1000:>13.1f}" for name in names)
            + "".join(f"{results[name][0] / base:>15.2f}" for name in names[1:])
            + "   "
            + " / ".join(str(results[name][1]) for name in names)
        )


if __name__ == "__main__":
    main()
