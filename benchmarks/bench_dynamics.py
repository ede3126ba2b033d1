"""Time replicator trajectories from many starts: one vectorised call against nashpy.

Run: ``python benchmarks/bench_dynamics.py [--quick] [--json PATH]``.

The game is the bank–SME lending game with every cluster mechanism on, at the
bistable point of ``docs/explanation/dynamics.md``. For N initial conditions and the
same output times, it times

* ``LendingDynamics.trajectories`` — classical Runge–Kutta in log-odds, all N starts
  in one numpy call (default step), and
* nashpy's ``Game.asymmetric_replicator_dynamics`` — scipy's ``odeint``, one start at a
  time (the only way it runs),

checks that they agree, and gives the ratio (nashpy timed on a sample of starts and
scaled). It then times the basin of (Lend, Repay) on a grid of starts (orbits followed
until decided). Timed with ``benchmarks/timing.py``: sides interleaved, CPU and wall
time, medians with min–max; ratio = nashpy ÷ vectorised.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: keep BLAS single-threaded
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from collections.abc import Sequence
from fractions import Fraction

import nashpy
import numpy as np
from timing import Row, emit, interleave, parse_args

import gametheory_cluster as gc

WORK = "replicator trajectories"
BASIN = "basin of (Lend, Repay)"

POINT = dict(I=100, R=110, lam=Fraction(3, 10), g=Fraction(1, 2), q=Fraction(1, 2), C=200,
             s=20, k=3)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv)
    quick = args.quick
    rounds = 2 if quick else 5
    model = gc.LendingDynamics(recovery=True, guarantee=True, exit_cost=True, cluster_rent=True,
                               detection=True, credit_cost=True)
    values = {k: float(v) for k, v in POINT.items()}
    A, B = (np.asarray(m, dtype=float)
            for m in model.to_nashpy(**POINT, Y=150, w=0).payoff_matrices)
    game = nashpy.Game(A, B)
    t = np.linspace(0, 1, 201)
    rng = np.random.default_rng(2024)
    rows = []
    for n in ((100,) if quick else (100, 1000)):
        x0, y0 = rng.uniform(0.01, 0.99, n), rng.uniform(0.01, 0.99, n)
        sample = min(n, 20 if quick else 100)  # nashpy on a sample, scaled to n starts

        def one_by_one(x0=x0, y0=y0, sample=sample):
            return [game.asymmetric_replicator_dynamics(
                x0=np.array([x0[i], 1 - x0[i]]), y0=np.array([y0[i], 1 - y0[i]]), timepoints=t)
                for i in range(sample)]

        run = model.trajectories(x0, y0, t, **values)
        diff = max(max(np.max(np.abs(xs[:, 0] - run.x[:, i])),
                       np.max(np.abs(ys[:, 0] - run.y[:, i])))
                   for i, (xs, ys) in enumerate(one_by_one()))
        timings = interleave({
            "vectorised": lambda x0=x0, y0=y0: model.trajectories(x0, y0, t, **values),
            "nashpy": one_by_one,
        }, rounds, min_time=0)
        note = f"max |difference| {diff:.1e}" + (
            "" if sample == n else f"; nashpy timed on {sample} starts, scaled to {n}")
        rows.append(Row(WORK, f"{n:,} starts, 201 output times", timings["vectorised"],
                        timings["nashpy"].scaled(n / sample), per=n, unit="starts", note=note))
    big = 10_000 if quick else 100_000
    x0, y0 = rng.uniform(0.01, 0.99, big), rng.uniform(0.01, 0.99, big)
    timings = interleave({"vectorised": lambda: model.trajectories(x0, y0, t, **values)}, 1,
                         warmup=0, min_time=0)
    rows.append(Row(WORK, f"{big:,} starts, vectorised alone", timings["vectorised"], per=big,
                    unit="starts"))
    for res in ((51,) if quick else (101, 301)):
        timings = interleave({"basin": lambda res=res: model.basin(res, **POINT)}, 1, warmup=0,
                             min_time=0)
        share = timings["basin"].result.share
        rows.append(Row(BASIN, f"{res}×{res} starts", timings["basin"], per=res * res,
                        unit="starts", note=f"share {share:.4f}"))
    emit(rows, args.json, title="replicator dynamics")


if __name__ == "__main__":
    main()
