"""Time community-enforcement thresholds: Kandori's contagion chain and the N-lender model.

Run: ``python benchmarks/bench_community.py``.

1. Kandori (1992), g = l = 1 and g = 1/5, l = 1/10: both conditions (on path and
   off path) for M up to 1,000 with the numeric method — the chain as numpy
   arrays, values by back substitution vectorised over a grid of delta — against
   the naive way (a dense ``numpy.linalg.solve`` of ``(I - delta P) V = u`` per grid
   point), with the ratio; and the exact method (sympy on the engine) for small M.
2. Many lenders: delta* on the path and subgame perfect for N = 1 ... 8 (exact), and
   the largest / smallest N by doubling and bisection against a plain scan of
   every N (the naive way), with the ratio.

Timings are the best of three where noted: the machine may be shared.
"""

from __future__ import annotations

import time
import timeit
from fractions import Fraction
from functools import partial

import numpy as np

from gametheory_cluster.models.community import ClusterPartners, MultilateralLending
from gametheory_cluster.models.kandori import _GRID, KandoriCommunity

BASE = {"Y": 150, "R": 110, "w": 0, "I": 100}


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def best(fn, repeat: int = 3) -> float:
    """The best of ``repeat`` timings."""
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def naive_grid(model: KandoriCommunity, M: int, gain: float, loss: float) -> np.ndarray:
    """The same on-path slack on the same grid, one dense solve per delta."""
    tables = model._tables(M, gain, loss)
    (P, u), (Pd, ud) = tables["conform"], tables["deviate"]
    eye = np.eye(len(u))
    out = []
    for d in _GRID:
        V = np.linalg.solve(eye - d * P, u)
        out.append(((u[0] - ud[0]) + d * (P[0] - Pd[0]) @ V) * (1 - d))
    return np.array(out)


def kandori_row(M: int, gain: Fraction, loss: Fraction) -> str:
    model = KandoriCommunity()
    t, res = timed(partial(model.thresholds, M=M, gain=gain, loss=loss, method="numeric"))
    slack = model._slack_function(M, float(gain), float(loss), "on_path")
    naive = partial(naive_grid, model, M, float(gain), float(loss))
    assert np.allclose(slack(_GRID), naive())
    ratio = best(naive, repeat=1) / best(partial(slack, _GRID))
    off = float(res.off_path.region.sup)
    return (f"{M:>6} {gain!s:>5} {loss!s:>6} {float(res.on_path.value):>10.6f} {off:>10.6f} "
            f"{t:>9.3f} {ratio:>23.1f}x")


def kandori() -> None:
    print("Kandori (1992): thresholds in delta, numeric method (off path 1.0: holds up to 1)")
    print(f"{'M':>6} {'g':>5} {'l':>6} {'on path':>10} {'off path':>10} {'time (s)':>9} "
          f"{'grid, naive/vectorised':>24}")
    for gain, loss in ((Fraction(1), Fraction(1)), (Fraction(1, 5), Fraction(1, 10))):
        for M in (10, 50, 100, 200, 500, 1000):
            print(kandori_row(M, gain, loss))
    print("\nexact (sympy, engine) vs numeric, g = l = 1, on path")
    print(f"{'M':>6} {'exact (s)':>10} {'numeric (s)':>12} {'ratio':>8}  |difference|")
    for M in (4, 6, 8):
        solve = partial(KandoriCommunity().threshold, "delta", M=M, gain=1, loss=1)
        t_exact, exact = timed(partial(solve, method="exact"))
        t_num, num = timed(partial(KandoriCommunity().threshold, "delta", M=M, gain=1, loss=1,
                                   method="numeric"))
        print(f"{M:>6} {t_exact:>10.3f} {t_num:>12.4f} {t_exact / t_num:>7.0f}x  "
              f"{abs(float(exact.value) - num.value):.1e}")


def lenders() -> None:
    print("\nMany lenders (q = 1/2): delta*, exact")
    print(f"{'N':>3} {'on path':>10} {'subgame perfect':>16} {'time (s)':>9}")
    for N in range(1, 9):
        t, pair = timed(partial(MultilateralLending().thresholds, "delta", N=N,
                                q=Fraction(1, 2), **BASE))
        print(f"{N:>3} {pair.on_path.value!s:>10} {pair.subgame_perfect.value!s:>16} {t:>9.3f}")

    print("\nthreshold in N: doubling + bisection vs checking every N (max_N = 32)")
    cases = {
        "lenders, on path, largest N": (MultilateralLending, "on_path",
                                        {"q": Fraction(1, 5), "delta": Fraction(9, 10)}),
        "partners, smallest N": (ClusterPartners, "subgame_perfect",
                                 {"q": Fraction(1, 2), "s": 5, "delta": Fraction(7, 10)}),
    }
    for label, (kind, which, point) in cases.items():
        t_search, found = timed(partial(kind().threshold, "N", which, max_N=32, **point, **BASE))
        check = partial(kind().is_honest, which, **point, **BASE)
        t_scan, works = timed(lambda check=check: [bool(check(N=n)) for n in range(1, 33)])
        agrees = works == [n in found.region for n in range(1, 33)]
        print(f"  {label:<28} N {found.direction} {found.value}: search {t_search:.2f}s, "
              f"scan {t_scan:.2f}s ({t_scan / t_search:.1f}x); scan agrees: {agrees}")


def main() -> None:
    kandori()
    lenders()


if __name__ == "__main__":
    main()
