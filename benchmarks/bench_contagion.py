"""Time guarantee-network cascades against a naive implementation, exact sums against enumeration.

Run: ``python benchmarks/bench_contagion.py [--quick] [--json PATH]``. Three comparisons,
timed with ``benchmarks/timing.py`` (sides interleaved, CPU and wall time, medians with
min–max; ratio = naive ÷ library):

1. one cascade on a 10,000-firm random network (each loan guaranteed by 3 random firms,
   coverage 80%): the library (sparse, finite fixed-point algorithm) against plain rounds of
   calls in pure Python until the losses stop changing (how one would write it by hand);
2. Monte Carlo on the same network (independent shocks): the library's vectorised batches
   against the naive cascade drawn scenario by scenario;
3. exact cascade size distributions for 10-firm groups: the library's sum over orbits of
   shock sets (symmetry) against enumerating all 2^10 shock sets.

The naive code runs on fewer draws; both times are per draw. The cascade sizes of both are
compared, so the ratios are between implementations that agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
from timing import Row, emit, interleave, parse_args

import gametheory_cluster as gc

GuaranteeNetwork = gc.GuaranteeNetwork
WORK = "guarantee-network contagion"
N, K, G, BUFFER, LOAN = 10_000, 3, 0.8, 1.0, 4.0
M = 10  # firms in the groups summed exactly


def naive_network(net: GuaranteeNetwork) -> tuple[list, list, list]:
    """Plain Python lists: each loan's (guarantor, share) pairs, the loans, the buffers."""
    index = {v: i for i, v in enumerate(net.nodes)}
    guarantors: list[list[tuple[int, float]]] = [[] for _ in net.nodes]
    for u, v, data in net.graph().edges(data=True):
        guarantors[index[v]].append((index[u], float(data["share"])))
    loans, buffers = net.loans, net.buffers
    return guarantors, [float(loans[v]) for v in net.nodes], [float(buffers[v]) for v in net.nodes]


def naive_size(plain: tuple[list, list, list], shock: list[float], tol: float = 1e-12) -> int:
    """Rounds of calls in pure Python until the losses stop changing; the number failed."""
    guarantors, loan, buffer = plain
    losses = [0.0] * len(loan)
    while True:
        calls = [0.0] * len(loan)
        for j, loss in enumerate(losses):
            if loss:
                for i, share in guarantors[j]:
                    calls[i] += share * loss
        new = [min(loan[i], max(0.0, shock[i] + calls[i] - buffer[i])) for i in range(len(loan))]
        if max(abs(a - b) for a, b in zip(new, losses, strict=True)) <= tol:
            return sum(shock[i] + calls[i] > buffer[i] + tol for i in range(len(loan)))
        losses = new


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv)
    rounds = 2 if args.quick else 5
    net = GuaranteeNetwork.random(N, K, buffer=BUFFER, loan=LOAN, g=G, rng=1)
    plain = naive_network(net)
    rows = []
    for label, network, step, size in (
        (f"coverage {G:.0%}", net, 100, 6.0),
        ("coverage 95%",
         GuaranteeNetwork.random(N, K, buffer=BUFFER, loan=LOAN, g=0.95, rng=1), 20, 3.0),
    ):
        hit = list(range(0, N, step))
        shock = [size if i % step == 0 else 0.0 for i in range(N)]
        flat = plain if network is net else naive_network(network)
        t = interleave({
            "library": lambda network=network, hit=hit, size=size:
                network.cascade(firms=hit, size=size).size,
            "naive rounds": lambda flat=flat, shock=shock: naive_size(flat, shock),
        }, rounds, min_time={"naive rounds": 0})
        assert t["library"].result == t["naive rounds"].result
        rows.append(Row(WORK, f"one cascade, {N:,} firms, {label}", t["library"],
                        t["naive rounds"], note=f"{len(hit)} hit, {t['library'].result:,} fail"))

    eps, prob = 3.0, 0.01
    draws, naive_draws = (100, 5) if args.quick else (400, 20)
    rng = np.random.default_rng(7)
    scenarios = [list(np.where(rng.random(N) < prob, eps, 0.0)) for _ in range(naive_draws)]
    assert [naive_size(plain, s) for s in scenarios] == [net.cascade(s).size for s in scenarios]
    t = interleave({
        "library": lambda: net.monte_carlo(eps, prob, draws=draws, rng=7),
        "naive": lambda: [naive_size(plain, s) for s in scenarios],
    }, rounds, min_time=0)
    rows.append(Row(WORK, f"Monte Carlo, {N:,} firms, per draw", t["library"].scaled(1 / draws),
                    t["naive"].scaled(1 / naive_draws),
                    note=f"library {draws} draws, naive {naive_draws}; times per draw"))

    for shape in ("complete", "star", "ring") if not args.quick else ("star",):
        group = getattr(GuaranteeNetwork, shape)(M, buffer=1, loan=M)
        exact = {k: Fraction(str(v)) for k, v in
                 group.distribution(Fraction(5, 2), Fraction(1, 10)).pmf.items()}
        assert {k: v for k, v in enumerate_all(group).items() if v} == exact
        t = interleave({
            "symmetry classes": lambda g=group: g.distribution(Fraction(5, 2), Fraction(1, 10)),
            "all shock sets": lambda g=group: enumerate_all(g),
        }, 1 if args.quick else 3, min_time=0)
        rows.append(Row(WORK, f"exact distribution, {M} firms, {shape}", t["symmetry classes"],
                        t["all shock sets"], note=f"anchor: all {2**M} shock sets"))
    emit(rows, args.json, title="guarantee-network contagion")


def enumerate_all(g: GuaranteeNetwork) -> dict[int, Fraction]:
    """The cascade size distribution by enumerating every shock set."""
    pmf: dict[int, Fraction] = {}
    for bits in itertools.product((0, 1), repeat=g.n):
        firms = [v for v, b in zip(g.nodes, bits, strict=True) if b]
        k = g.cascade(firms=firms, size=Fraction(5, 2)).size if firms else 0
        w = Fraction(1, 10) ** len(firms) * Fraction(9, 10) ** (g.n - len(firms))
        pmf[k] = pmf.get(k, 0) + w
    return pmf


if __name__ == "__main__":
    main()
