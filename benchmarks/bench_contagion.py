"""Time guarantee-network cascades against a naive implementation, exact sums against enumeration.

Run: ``python benchmarks/bench_contagion.py``. Three comparisons, each printed as a ratio:

1. one cascade on a 10,000-firm random network (each loan guaranteed by 3 random firms,
   coverage 80%): the library (sparse, finite fixed-point algorithm) against plain rounds of
   calls in pure Python until the losses stop changing (how one would write it by hand);
2. Monte Carlo on the same network (independent shocks): the library's vectorised batches
   against the naive cascade drawn scenario by scenario;
3. exact cascade size distributions for 10-firm groups: the library's sum over orbits of
   shock sets (symmetry) against enumerating all 2^10 shock sets.

The naive code runs on fewer draws; its time is scaled per draw. The cascade sizes of both
are compared, so the ratios are between implementations that agree.
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import numpy as np

from gametheory_cluster.models.contagion import GuaranteeNetwork

N, K, G, BUFFER, LOAN = 10_000, 3, 0.8, 1.0, 4.0
M = 10  # firms in the groups summed exactly


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


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


def main() -> None:
    net = GuaranteeNetwork.random(N, K, buffer=BUFFER, loan=LOAN, g=G, rng=1)
    plain = naive_network(net)
    for label, network, step, size in (
        (f"coverage {G:.0%}", net, 100, 6.0),
        ("coverage 95%",
         GuaranteeNetwork.random(N, K, buffer=BUFFER, loan=LOAN, g=0.95, rng=1), 20, 3.0),
    ):
        hit = list(range(0, N, step))
        shock = [size if i % step == 0 else 0.0 for i in range(N)]
        flat = plain if network is net else naive_network(network)
        t_lib, c = timed(lambda network=network, hit=hit, size=size:
                         network.cascade(firms=hit, size=size))
        t_naive, failed = timed(lambda flat=flat, shock=shock: naive_size(flat, shock))
        assert c.size == failed, (c.size, failed)
        print(f"one cascade, {N:,} firms, {label}, {len(hit)} hit: {c.size:,} fail")
        print(f"  library {t_lib:8.3f}s   naive rounds {t_naive:8.3f}s   "
              f"ratio {t_naive / t_lib:6.1f}x")

    eps, prob, draws, naive_draws = 3.0, 0.01, 400, 20
    t_mc, mc = timed(lambda: net.monte_carlo(eps, prob, draws=draws, rng=7))
    rng = np.random.default_rng(7)
    scenarios = [list(np.where(rng.random(N) < prob, eps, 0.0)) for _ in range(naive_draws)]
    t_nv, sizes = timed(lambda: [naive_size(plain, s) for s in scenarios])
    check = [net.cascade(s).size for s in scenarios]
    assert sizes == check, (sizes, check)
    per_lib, per_naive = t_mc / draws, t_nv / naive_draws
    print(f"Monte Carlo, {N:,} firms, shock {eps}, prob {prob}: mean {mc.mean:.1f} failures "
          f"[{mc.mean_ci[0]:.1f}, {mc.mean_ci[1]:.1f}]")
    print(f"  library {draws} draws {t_mc:7.3f}s ({per_lib * 1e3:.1f} ms/draw)   naive "
          f"{naive_draws} draws {t_nv:7.3f}s ({per_naive * 1e3:.1f} ms/draw)   ratio "
          f"{per_naive / per_lib:6.1f}x")

    print(f"exact distribution, {M} firms, buffer 1, loan {M}, shock 5/2, prob 1/10:")
    for shape in ("complete", "star", "ring"):
        group = getattr(GuaranteeNetwork, shape)(M, buffer=1, loan=M)
        t_sym, d = timed(lambda g=group: g.distribution(Fraction(5, 2), Fraction(1, 10)))

        def enumerate_all(g=group):
            pmf: dict[int, Fraction] = {}
            for bits in itertools.product((0, 1), repeat=g.n):
                firms = [v for v, b in zip(g.nodes, bits, strict=True) if b]
                k = g.cascade(firms=firms, size=Fraction(5, 2)).size if firms else 0
                w = Fraction(1, 10) ** len(firms) * Fraction(9, 10) ** (g.n - len(firms))
                pmf[k] = pmf.get(k, 0) + w
            return pmf

        t_all, pmf = timed(enumerate_all)
        exact = {k: Fraction(str(v)) for k, v in d.pmf.items()}
        assert {k: v for k, v in pmf.items() if v} == exact
        print(f"  {shape:<9} {d.method:<9} {d.evaluations:>5} cascades {t_sym:7.3f}s   "
              f"all {2**M} shock sets {t_all:7.3f}s   ratio {t_all / t_sym:6.1f}x")


if __name__ == "__main__":
    main()
