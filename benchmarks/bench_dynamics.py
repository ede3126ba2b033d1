"""Time replicator trajectories from many starts: one vectorised call against nashpy.

Run: ``python benchmarks/bench_dynamics.py`` (``--quick`` for a short run).

The game is the bank–SME lending game with every cluster mechanism on, at the
bistable point of ``docs/explanation/dynamics.md``. For N initial conditions and the
same output times, it times

* ``LendingDynamics.trajectories`` — classical Runge–Kutta in log-odds, all N starts
  in one numpy call (default step), and
* nashpy's ``Game.asymmetric_replicator_dynamics`` — scipy's ``odeint``, one start at a
  time (the only way it runs),

checks that they agree, and prints the ratio. It then times the basin of
(Lend, Repay) on a grid of starts (orbits followed until decided).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: keep BLAS single-threaded
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import sys
import time
from fractions import Fraction

import nashpy
import numpy as np

from gametheory_cluster.dynamics import LendingDynamics

POINT = dict(I=100, R=110, lam=Fraction(3, 10), g=Fraction(1, 2), q=Fraction(1, 2), C=200,
             s=20, k=3)


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(quick: bool = False) -> None:
    model = LendingDynamics(recovery=True, guarantee=True, exit_cost=True, cluster_rent=True,
                            detection=True, credit_cost=True)
    values = {k: float(v) for k, v in POINT.items()}
    A, B = (np.asarray(m, dtype=float)
            for m in model.to_nashpy(**POINT, Y=150, w=0).payoff_matrices)
    game = nashpy.Game(A, B)
    t = np.linspace(0, 1, 201)
    rng = np.random.default_rng(2024)

    print("trajectories, t in [0, 1] at 201 output times (lending game, all mechanisms on)")
    print(f"{'starts':>8} {'vectorised (s)':>15} {'nashpy (s)':>11} {'ratio':>9} "
          f"{'starts/s vectorised':>20} {'max |diff|':>11}")
    for n in ((100,) if quick else (100, 1000)):
        x0, y0 = rng.uniform(0.01, 0.99, n), rng.uniform(0.01, 0.99, n)
        t_vec = best_of(lambda x0=x0, y0=y0: model.trajectories(x0, y0, t, **values))
        run = model.trajectories(x0, y0, t, **values)
        sample = n if n <= 100 else 100  # nashpy on a sample, extrapolated to n starts
        start = time.perf_counter()
        diff = 0.0
        for i in range(sample):
            xs, ys = game.asymmetric_replicator_dynamics(
                x0=np.array([x0[i], 1 - x0[i]]), y0=np.array([y0[i], 1 - y0[i]]), timepoints=t)
            diff = max(diff, np.max(np.abs(xs[:, 0] - run.x[:, i])),
                       np.max(np.abs(ys[:, 0] - run.y[:, i])))
        t_nash = (time.perf_counter() - start) * n / sample
        note = "" if sample == n else f" (nashpy: {sample} run, extrapolated)"
        print(f"{n:>8,} {t_vec:>15.4f} {t_nash:>11.3f} {t_nash / t_vec:>8,.0f}x "
              f"{n / t_vec:>20,.0f} {diff:>11.1e}{note}")
    big = 10_000 if quick else 100_000
    x0, y0 = rng.uniform(0.01, 0.99, big), rng.uniform(0.01, 0.99, big)
    t_big = best_of(lambda: model.trajectories(x0, y0, t, **values), repeat=1)
    print(f"{big:>8,} {t_big:>15.4f} {'-':>11} {'-':>9} {big / t_big:>20,.0f}")

    print("\nbasin of (Lend, Repay) on a grid of starts (orbits followed until decided)")
    for res in ((51,) if quick else (101, 301)):
        t_basin = best_of(lambda res=res: model.basin(res, **POINT), repeat=1)
        share = model.basin(res, **POINT).share
        print(f"  {res}x{res} = {res * res:>7,} starts: {t_basin:.3f}s "
              f"({res * res / t_basin:,.0f} starts/s), share {share:.4f}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
