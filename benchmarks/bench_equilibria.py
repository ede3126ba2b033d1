"""All equilibria of bimatrix games: the toolkit against pygambit and nashpy, and growth with n.

Run: ``python benchmarks/bench_equilibria.py [--quick] [--json PATH] [--timeout S] [--max-n N]``.

Solvers, each starting from the payoff arrays (building its own game object is timed):

* toolkit — ``gc.StageGame(A, B).equilibria()``: every equilibrium, exact;
* pygambit ``enummixed_solve`` with ``rational=True`` (exact);
* nashpy ``support_enumeration``;
* with floats in (the payoffs ÷ 1000): pygambit ``enummixed_solve`` with ``rational=False``
  (float arithmetic) against the toolkit given the same floats (it solves them exactly, as
  their binary values, and answers in floats).

Three parts, all timed with ``benchmarks/timing.py`` (sides interleaved, CPU and wall time,
medians with min–max over the rounds; ratio = peer ÷ toolkit, above 1 = toolkit faster):

1. the one-shot lending game at the base case (I=100, Y=150, R=110, w=0) and random 2×2
   games: in process, each sample a loop of at least 50 ms;
2. random n×n games, n = 3 … ``--max-n``: the ratio against each peer;
3. growth with n, up to 15×15 (10 rounds to 7×7, 7 at 8×8, 3 to 10×10, 2 above): each
   sample runs in a forked child killed after ``--timeout`` seconds, and a solver that
   times out at n is not run at larger n (its time is then shown as "> bound", and a
   ratio against it is a lower bound). The row's ratio is pygambit's growth factor from
   n − 1 to n ÷ the toolkit's (above 1 = the toolkit grows more slowly), taken as the
   ratio of the interleaved speed ratios at the two sizes — the exact solver's while it
   finishes both sizes, then the float solver's; the factors of every solver are in the
   note. A last row gives the same per step over the whole range where the exact solver
   finishes (from 3×3: the geometric mean of those steps, less moved by the noise of one
   size).

Random games have integer payoffs in [1, 1000] (seeded) and are the same for every solver;
times are per game. The number of equilibria found is checked against pygambit's exact
solver wherever both finished.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable, Sequence
from functools import partial

import nashpy
import numpy as np
import pygambit
from timing import Row, Timing, emit, fmt_timing, interleave, parse_args, ratio

import gametheory_cluster as gc

Game = tuple[np.ndarray, np.ndarray]
TOOLKIT, EXACT, FLOAT, NASHPY = "toolkit", "pygambit exact", "pygambit float", "nashpy"
TOOLKIT_FLOAT = "toolkit, floats in"
SMALL = "all equilibria, lending game and 2×2"
MID = "3×3 … 10×10"
GROWTH = "growth with n"


def toolkit(A: np.ndarray, B: np.ndarray) -> int:
    return len(gc.StageGame(A.tolist(), B.tolist()).equilibria())


def toolkit_floats(A: np.ndarray, B: np.ndarray) -> int:
    return len(gc.StageGame((A / 1000).tolist(), (B / 1000).tolist()).equilibria())


def gambit(A: np.ndarray, B: np.ndarray, rational: bool) -> int:
    if rational:
        game = pygambit.Game.from_arrays(A.tolist(), B.tolist())
    else:  # floats in, as for toolkit_floats
        game = pygambit.Game.from_arrays((A / 1000).tolist(), (B / 1000).tolist())
    return len(pygambit.nash.enummixed_solve(game, rational=rational).equilibria)


def nashpy_support(A: np.ndarray, B: np.ndarray) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games
        return len(list(nashpy.Game(A, B).support_enumeration()))


SOLVERS: dict[str, Callable[[np.ndarray, np.ndarray], int]] = {
    TOOLKIT: toolkit,
    EXACT: partial(gambit, rational=True),
    FLOAT: partial(gambit, rational=False),
    NASHPY: nashpy_support,
    TOOLKIT_FLOAT: toolkit_floats,
}
#: The toolkit side each peer is compared with.
MINE = {EXACT: TOOLKIT, FLOAT: TOOLKIT_FLOAT, NASHPY: TOOLKIT}


def solve_all(solver: Callable[[np.ndarray, np.ndarray], int], games: Sequence[Game]) -> list:
    return [solver(A, B) for A, B in games]


def lending_game() -> list[Game]:
    A, B = gc.LendingGame().payoffs(I=100, Y=150, R=110, w=0)
    return [(np.array(A.tolist(), dtype=int), np.array(B.tolist(), dtype=int))]


def random_games(n: int, count: int, seed: int) -> list[Game]:
    rng = np.random.default_rng([seed, n])
    return [(rng.integers(1, 1001, (n, n)), rng.integers(1, 1001, (n, n))) for _ in range(count)]


def per_game(timings: dict[str, Timing], count: int) -> dict[str, Timing]:
    return {name: t.scaled(1 / count) for name, t in timings.items()}


def check(timings: dict[str, Timing], label: str) -> str:
    """Equilibria found, by solver; raise if the toolkit disagrees with pygambit exact."""
    found = {k: t.result for k, t in timings.items() if t.result is not None}
    if TOOLKIT in found and EXACT in found and found[TOOLKIT] != found[EXACT]:
        raise AssertionError(f"{label}: toolkit found {found[TOOLKIT]}, pygambit {found[EXACT]}")
    return "equilibria " + ", ".join(f"{k} {sum(v)}" for k, v in found.items())


def small(rounds: int, seed: int) -> list[Row]:
    rows = []
    for label, games in (("lending game, base case", lending_game()),
                         ("random 2×2, 5 games", random_games(2, 5, seed))):
        sides = {name: partial(solve_all, fn, games) for name, fn in SOLVERS.items()}
        timings = per_game(interleave(sides, rounds, min_time=0.05), len(games))
        note = check(timings, label)
        for peer in (EXACT, FLOAT, NASHPY):
            rows.append(Row(SMALL, label, timings[MINE[peer]], timings[peer], note=note,
                            goal="≥ 2× pygambit exact, ≥ 10× nashpy, ≥ 1× pygambit float "
                                 "(floats in)"))
    return rows


def growth(sizes: Sequence[int], rounds: Callable[[int], int], timeout: float,
           seed: int) -> list[Row]:
    """Per-game timings for each size (interleaved, bounded, ``rounds(n)`` rounds), as rows
    of parts 2 and 3."""
    solve_all(toolkit, random_games(3, 1, seed))  # warm every solver in the parent:
    for fn in SOLVERS.values():  # the forked children start from this state
        solve_all(fn, random_games(2, 1, seed))
    stopped: dict[str, Timing] = {}
    measured: dict[int, dict[str, Timing]] = {}
    rows: list[Row] = []
    for n in sizes:
        count = 3 if n <= 8 else 1
        games = random_games(n, count, seed)
        sides = {name: partial(solve_all, fn, games) for name, fn in SOLVERS.items()
                 if name not in stopped}
        timings = per_game(interleave(sides, rounds(n),
                                      warmup=0, min_time=0.02, timeout=timeout), count)
        stopped.update({k: t for k, t in timings.items() if t.timed_out and not t.cpu})
        now = {**stopped, **timings}
        measured[n] = now
        note = check(now, f"{n}×{n}")
        print(f"  {n}×{n}: " + ", ".join(f"{k} {fmt_timing(t, 'cpu')}" for k, t in now.items()),
              file=sys.stderr, flush=True)
        if n >= 3:  # (issue 19's row names 3×3 … 10×10; its goals run to 15×15)
            rows += [Row(MID, f"{n}×{n}, {count} games", now[MINE[peer]], now[peer], note=note,
                         goal="≥ 5× pygambit exact, ≥ 1× pygambit float (floats in), ≥ 100× "
                              "nashpy from 6×6")
                     for peer in (EXACT, FLOAT, NASHPY)]
        if n - 1 in measured:
            rows.append(growth_row(n - 1, n, measured))
    finished = [n for n, now in measured.items() if n >= 3 and now[EXACT].cpu]
    if len(finished) >= 3:  # over the whole range the exact anchor finishes
        rows.append(growth_row(finished[0], finished[-1], measured))
    return rows


def _factor(before: Timing, after: Timing, kind: str) -> float:
    if not getattr(before, kind) or not getattr(after, kind):
        return math.nan
    return after.median(kind) / before.median(kind)


def growth_row(first: int, last: int, measured: dict[int, dict[str, Timing]]) -> Row:
    """pygambit's growth factor per step from ``first`` to ``last`` ÷ the toolkit's: the exact
    solver's while it finishes both sizes, then the float solver's.

    It equals ((pygambit ÷ toolkit at last) ÷ (pygambit ÷ toolkit at first)) ** (1 / steps),
    and is computed that way, from the medians of the interleaved per-round ratios: the
    machine's speed may drift between two sizes, never between the two sides of one round.
    Over several steps it is the geometric mean of the steps' factors, which the noise of
    one size moves less than it moves a single step.
    """
    before, after, steps = measured[first], measured[last], last - first
    factors = {k: _factor(before[k], after[k], "cpu") ** (1 / steps) for k in after}
    anchor = EXACT if not math.isnan(factors.get(EXACT, math.nan)) else FLOAT
    given = {kind: (ratio(after[anchor], after[TOOLKIT], kind).median
                    / ratio(before[anchor], before[TOOLKIT], kind).median) ** (1 / steps)
             if after[anchor].cpu else math.nan  # (a bound is no growth factor)
             for kind in ("cpu", "wall")}
    per = "n−1 → n" if steps == 1 else "per step"
    note = f"CPU time ×, {per}: " + ", ".join(
        f"{k} {'-' if math.isnan(f) else f'{f:.1f}'}" for k, f in factors.items())
    case = f"{first}×{first} → {last}×{last}" + ("" if steps == 1 else ", per step")
    return Row(GROWTH, case, after[TOOLKIT], after[anchor], given=given, note=note,
               goal="grow no faster than pygambit (ratio of growth factors ≥ 1)")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv,
                      timeout=(float, None, "seconds per sample in part 3 (default 120; quick 5)"),
                      max_n=(int, None, "largest n (default 15; quick 8)"),
                      seed=(int, 2024, "seed of the random games"))
    quick = args.quick
    timeout = args.timeout or (5.0 if quick else 120.0)
    max_n = args.max_n or (8 if quick else 15)
    rows = small(3 if quick else 7, args.seed)
    # more rounds where one takes seconds, not minutes: steadier medians for the growth
    rounds = (lambda n: 2) if quick else (lambda n: 10 if n <= 7 else 7 if n == 8 else
                                          3 if n <= 10 else 2)
    rows += growth(range(2, max_n + 1), rounds, timeout, args.seed)
    emit(rows, args.json, title="all equilibria of bimatrix games (times per game)")


if __name__ == "__main__":
    main()
