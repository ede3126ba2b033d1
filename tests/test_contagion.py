"""Guarantee networks and contagion: every result against an independent second road.

Roads used here: hand-derived closed forms for ring, complete and star groups; a brute-force
enumeration of every failed / capped status (each linear system solved by sympy) for the
least fixed point; plain rounds of the cascade in floats; brute-force enumeration of all
shock sets for the exact probabilities; Monte Carlo against exact probabilities.
"""

from __future__ import annotations

import itertools
import json
import math
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction as F

import networkx as nx
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import DomainError, ModelError, NoSolutionError, SolveError
from gametheory_cluster.models.policy.contagion import (
    GuaranteeNetwork,
    default_shapes,
    guarantee_contagion_data,
    phase_transition,
)
from gametheory_cluster.models.policy.contagion.fixed_point import _clear_many, _least_fixed_point
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.policy import plot_guarantee_contagion


# ----------------------------------------------------------------------------- second roads
def brute_force_least_fixed_point(net: GuaranteeNetwork, shocks: list) -> list[sp.Rational]:
    """Least fixed point by trying every status (solvent / failed below cap / capped)."""
    n = net.n
    W = sp.zeros(n, n)
    for u, v, data in net.graph().edges(data=True):
        W[net.nodes.index(u), net.nodes.index(v)] = data["share"]
    loan = [net.loans[v] for v in net.nodes]
    buf = [net.buffers[v] for v in net.nodes]
    s = [sp.Rational(x) for x in shocks]
    points = []
    for status in itertools.product("NUC", repeat=n):
        U = [i for i in range(n) if status[i] == "U"]
        L = [sp.Integer(0) if status[i] == "N" else loan[i] for i in range(n)]
        if U:
            A = sp.eye(len(U)) - W.extract(U, U)
            if A.det() == 0:
                continue
            capped = [j for j in range(n) if status[j] == "C"]
            rhs = sp.Matrix([s[i] - buf[i] + sum(W[i, j] * L[j] for j in capped) for i in U])
            for i, x in zip(U, A.LUsolve(rhs), strict=True):
                L[i] = x
        deficit = [s[i] - buf[i] + sum(W[i, j] * L[j] for j in range(n)) for i in range(n)]
        ok = all(
            (st_ == "N" and deficit[i] <= 0)
            or (st_ == "U" and 0 <= deficit[i] <= loan[i])
            or (st_ == "C" and deficit[i] >= loan[i])
            for i, st_ in enumerate(status)
        )
        if ok:
            points.append(L)
    least = [min(p[i] for p in points) for i in range(n)]
    assert least in points  # the least fixed point is itself a fixed point
    return least


def rounds_in_floats(net: GuaranteeNetwork, shocks: list, rounds: int = 5000) -> np.ndarray:
    """The cascade as the bank sees it: round after round of calls, in floats."""
    n = net.n
    W = np.zeros((n, n))
    for u, v, data in net.graph().edges(data=True):
        W[net.nodes.index(u), net.nodes.index(v)] = float(data["share"])
    loan = np.array([float(net.loans[v]) for v in net.nodes])
    buf = np.array([float(net.buffers[v]) for v in net.nodes])
    L = np.zeros(n)
    s = np.array(shocks, dtype=float)
    for _ in range(rounds):
        L, previous = np.clip(s - buf + W @ L, 0, loan), L
        if np.array_equal(L, previous):
            break
    return L


def brute_force_distribution(net: GuaranteeNetwork, size, prob) -> dict[int, sp.Rational]:
    """Cascade size distribution by enumerating every set of hit firms."""
    pmf: dict[int, sp.Rational] = {}
    for bits in itertools.product((0, 1), repeat=net.n):
        hit = [v for v, b in zip(net.nodes, bits, strict=True) if b]
        k = net.cascade(firms=hit, size=size).size if hit else 0
        w = sp.Rational(prob) ** len(hit) * (1 - sp.Rational(prob)) ** (net.n - len(hit))
        pmf[k] = pmf.get(k, 0) + w
    return {k: v for k, v in pmf.items() if v != 0}


def binomial(n: int, k: int, p) -> sp.Rational:
    p = sp.Rational(p)
    return math.comb(n, k) * p**k * (1 - p) ** (n - k)


# ------------------------------------------------------------------ one cascade: closed forms
@pytest.mark.parametrize("n", [2, 3, 5, 7])
@pytest.mark.parametrize("loan", [F(3, 2), 4, 100])
@pytest.mark.parametrize("g", [1, F(4, 5), F(1, 2)])
def test_ring_single_shock_closed_form(n, loan, g):
    """Ring: the loss x₁ = min(ℓ, ε − e) travels, x_k = min(ℓ, [g·x_{k−1} − e]⁺)."""
    e = 1
    net = GuaranteeNetwork.ring(n, buffer=e, loan=loan, g=g)
    for eps in [F(k, 4) for k in range(0, 4 * (n + 3))]:
        if eps <= e:
            expected = 0
        else:
            x, expected = min(F(loan), eps - e), 1
            while expected < n and g * x > e:
                x, expected = min(F(loan), g * x - e), expected + 1
        assert net.cascade(firms=[0], size=eps).size == expected, eps


def test_ring_full_coverage_count_and_losses():
    """g = 1, big loans: ⌈ε/e⌉ − 1 failures; beyond n·e all fail, L_k = ℓ − (k−1)·e."""
    n, e, loan = 6, 1, 20
    net = GuaranteeNetwork.ring(n, buffer=e, loan=loan)
    for eps in [F(k, 3) for k in range(4, 3 * n + 1)]:
        assert net.cascade(firms=[0], size=eps).size == math.ceil(eps / e) - 1
    c = net.cascade(firms=[0], size=n * e + F(1, 7))
    assert c.collapse
    assert [c.losses[k] for k in range(n)] == [loan - k * e for k in range(n)]
    small = GuaranteeNetwork.ring(3, buffer=e, loan=5)
    c3 = small.cascade(firms=[0], size=F(22, 7))
    least = brute_force_least_fixed_point(small, [F(22, 7), 0, 0])
    assert least == [c3.losses[k] for k in range(3)]


@pytest.mark.parametrize("n", [2, 4, 7])
@pytest.mark.parametrize("g", [1, F(3, 4)])
@pytest.mark.parametrize("loan", [2, 50])
def test_complete_single_shock_closed_form(n, g, loan):
    """Complete: no failure for ε ≤ e; all fail iff g·min(ℓ, ε − e) > (n − 1)·e; else one."""
    e = 1
    net = GuaranteeNetwork.complete(n, buffer=e, loan=loan, g=g)
    for eps in [F(k, 2) for k in range(0, 2 * (2 * n + 4))]:
        if eps <= e:
            expected = 0
        elif g * min(F(loan), eps - e) > (n - 1) * e:
            expected = n
        else:
            expected = 1
        assert net.cascade(firms=[0], size=eps).size == expected, eps


@pytest.mark.parametrize("n", [3, 5, 8])
@pytest.mark.parametrize("g", [1, F(3, 4)])
def test_star_single_shock_closed_form(n, g):
    """Star, big loans. Core hit: each leaf is called g(ε−e)/(n−1).

    Leaf hit: the core loses x_h = (g(ε−e) − e)/(1 − g²/(n−1)) once it fails.
    """
    e, loan = 1, 10**6
    net = GuaranteeNetwork.star(n, buffer=e, loan=loan, g=g)
    for eps in [F(k, 2) for k in range(0, 5 * n)]:
        core = 0 if eps <= e else (n if g * (eps - e) / (n - 1) > e else 1)
        assert net.cascade(firms=[0], size=eps).size == core, eps
        if eps <= e:
            leaf = 0
        elif g * (eps - e) <= e:
            leaf = 1
        else:
            x_h = (g * (eps - e) - e) / (1 - g**2 / (n - 1))
            leaf = n if g * x_h / (n - 1) > e else 2
        assert net.cascade(firms=[1], size=eps).size == leaf, eps


def test_mutual_pair_by_hand():
    """A and B guarantee 6 of each other's loan of 10; B hit by 5, buffers 2.

    B: 5 − 2 = 3 plus 0.6·L_A; A is called 0.6·L_B = 1.8 ≤ 2: A survives, L_B = 3.
    The bank loses 0.4·3 = 1.2 (its uncovered share).
    """
    G = nx.DiGraph()
    G.add_edge("A", "B", amount=6)
    G.add_edge("B", "A", amount=6)
    c = GuaranteeNetwork(G, buffer=2, loan=10).cascade({"B": 5})
    assert c.failed == ("B",)
    assert (c.losses["A"], c.losses["B"], c.calls["A"], c.bank_loss) == (
        0,
        3,
        sp.Rational(9, 5),
        sp.Rational(6, 5),
    )
    undirected = GuaranteeNetwork(nx.Graph([("A", "B", {"amount": 6})]), buffer=2, loan=10)
    assert undirected.cascade({"B": 5}).to_dict() == c.to_dict()


def test_bank_loss_counts_unpaid_calls():
    """Guarantor with tiny assets: it owes the call but cannot pay; the bank bears it."""
    net = GuaranteeNetwork.from_shares([[0, 1], [0, 0]], buffer=[1, 0], loan=[1, 10])
    c = net.cascade({1: 10})  # firm 1 loses its loan 10; firm 0 is called 10, has assets 2
    assert c.losses == {0: 1, 1: 10}
    assert c.calls[0] == 10
    assert c.bank_loss == 1 + 8  # firm 0's uncovered loan loss, plus the unpaid call 10 − 2


# ------------------------------------------------------------------ one cascade: brute force
@st.composite
def small_networks(draw, full: bool = False):
    n = draw(st.integers(2, 4))
    weights = [[0 if i == j else draw(st.integers(0, 3)) for j in range(n)] for i in range(n)]
    shares = [[F(0)] * n for _ in range(n)]
    for j in range(n):
        total = sum(weights[i][j] for i in range(n))
        cover = F(1) if full else F(draw(st.integers(0, 9)), 10)
        for i in range(n):
            if total:
                shares[i][j] = cover * weights[i][j] / total
    buffers = [draw(st.integers(0, 3)) for _ in range(n)]
    loans = [draw(st.integers(1, 6)) for _ in range(n)]
    shocks = [draw(st.sampled_from([0, 0, 1, 2, 3, F(7, 2), 6, 9])) for _ in range(n)]
    return GuaranteeNetwork.from_shares(shares, buffer=buffers, loan=loans), shocks


@settings(max_examples=25, deadline=None)
@given(small_networks())
def test_least_fixed_point_against_status_enumeration(case):
    net, shocks = case
    c = net.cascade(shocks)
    least = brute_force_least_fixed_point(net, shocks)
    assert [c.losses[v] for v in net.nodes] == least
    deficits = [
        sp.Rational(shocks[i]) - net.buffers[v] + c.calls[v] for i, v in enumerate(net.nodes)
    ]
    assert c.failed == tuple(v for v, d in zip(net.nodes, deficits, strict=True) if d > 0)


@settings(max_examples=40, deadline=None)
@given(small_networks())
def test_exact_cascade_against_rounds_in_floats(case):
    """Partial coverage: the rounds converge geometrically to the same losses."""
    net, shocks = case
    exact = net.cascade(shocks)
    approx = rounds_in_floats(net, shocks)
    assert np.allclose([float(exact.losses[v]) for v in net.nodes], approx, atol=1e-9)
    floats = net.as_float().cascade([float(x) for x in shocks])
    assert np.allclose([floats.losses[v] for v in net.nodes], approx, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(small_networks(), st.sampled_from([0, 1, 3, 24, 100, 1000]))
def test_float_scenarios_agree_whether_settled_by_rounds_or_by_the_walk(case, rounds):
    """Many float scenarios at once: the vectorised rounds hand over to the walk at any point."""
    net, shocks = case
    arr = net.as_float()._float_arrays
    S = np.array([[float(x) * k for k in (0, 1, F(1, 2), 3)] for x in shocks])
    L, failed = _clear_many(arr, S, rounds=rounds)
    walk = [_least_fixed_point(arr, S[:, k]) for k in range(S.shape[1])]
    assert np.array_equal(failed, np.array([f for _, f in walk]).T)
    assert np.allclose(L, np.array([x for x, _ in walk]).T, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(small_networks(), st.lists(st.sampled_from([0, 1, F(1, 2), 2, 3]), min_size=2,
                                  max_size=8))
def test_exact_scenarios_started_from_smaller_ones_agree_with_a_cold_start(case, factors):
    """Exact scenarios at once: each starts from a smaller one's cascade, as from zero."""
    net, shocks = case
    arr = net._arrays(True)
    S = np.array([[F(x) * F(k) for k in factors] for x in shocks], dtype=object)
    L, failed = _clear_many(arr, S)
    cold = [_least_fixed_point(arr, S[:, k]) for k in range(S.shape[1])]
    assert failed.tolist() == np.array([f for _, f in cold]).T.tolist()
    assert L.tolist() == np.array([x for x, _ in cold], dtype=object).T.tolist()


@settings(max_examples=30, deadline=None)
@given(small_networks(full=True))
def test_full_coverage_is_a_fixed_point_below_any_round(case):
    """Full coverage (closed classes): a fixed point, and no round of the cascade exceeds it."""
    net, shocks = case
    c = net.cascade(shocks)
    L = [c.losses[v] for v in net.nodes]
    for i, v in enumerate(net.nodes):
        deficit = sp.Rational(shocks[i]) - net.buffers[v] + c.calls[v]
        assert L[i] == min(net.loans[v], max(deficit, 0))
    rounds = rounds_in_floats(net, shocks, rounds=300)
    assert np.all(rounds <= np.array([float(x) for x in L]) + 1e-9)


def test_cascade_is_monotone_in_shocks():
    net = GuaranteeNetwork.clustered(2, 3, bridge=F(1, 5), buffer=1, loan=5)
    previous = -1
    for eps in [F(k, 2) for k in range(20)]:
        size = net.cascade(firms=[0, 3], size=eps).size
        assert size >= previous
        previous = size


# ----------------------------------------------------------------------------- absorption
@pytest.mark.parametrize("n", [3, 5, 6])
@pytest.mark.parametrize(("loan", "g"), [(1, 1), (2, 1), (3, F(1, 2)), (F(1, 3), 1)])
def test_absorption_closed_forms(n, loan, g):
    """Wiped-out firms lose their whole loan ℓ; each guarantor receives its share of it."""
    e = 1
    complete = GuaranteeNetwork.complete(n, buffer=e, loan=loan, g=g).absorption()
    assert complete.absorbed == min(n - 1, math.floor((n - 1) * e / (g * loan)))
    ring = GuaranteeNetwork.ring(n, buffer=e, loan=loan, g=g).absorption()
    assert ring.absorbed == (n - 1 if g * loan <= e else 0)
    star = GuaranteeNetwork.star(n, buffer=e, loan=loan, g=g).absorption()
    expected = 0 if g * F(loan) / (n - 1) > e else min(n - 1, math.floor(e / (g * loan)))
    assert star.absorbed == expected


def test_absorption_breaking_set_and_shock_size():
    net = GuaranteeNetwork.complete(6, buffer=1, loan=2)
    a = net.absorption()
    assert a.absorbed == 2
    assert len(a.breaking) == 3
    assert net.cascade(firms=a.breaking, size=10).size == 6
    small = net.absorption(size=F(3, 2))  # each hit firm loses only 1/2 (loss shared)
    assert small.absorbed > a.absorbed
    assert json.dumps(a.to_dict())


# ----------------------------------------------------------------------------- exact probabilities
CASES = [
    ("ring", GuaranteeNetwork.ring(7, buffer=1, loan=3), F(5, 2), F(1, 3)),
    ("complete", GuaranteeNetwork.complete(6, buffer=1, loan=3, g=F(4, 5)), 3, F(1, 4)),
    ("star", GuaranteeNetwork.star(6, buffer=1, loan=4), F(9, 4), F(1, 2)),
    ("clustered", GuaranteeNetwork.clustered(2, 3, bridge=F(1, 4), buffer=1, loan=6), 4, F(1, 5)),
]


@pytest.mark.parametrize(("name", "net", "eps", "p"), CASES, ids=[c[0] for c in CASES])
def test_symmetric_sums_against_brute_force_enumeration(name, net, eps, p):
    d = net.distribution(eps, p)
    assert d.method in ("classes", "rotation")
    assert d.evaluations < 2**net.n
    assert d.pmf == brute_force_distribution(net, eps, p)
    assert sum(d.pmf.values()) == 1


def test_methods_agree_and_are_chosen_by_symmetry():
    ring = GuaranteeNetwork.ring(6, buffer=1, loan=4)
    assert ring.distribution(3, F(1, 3)).method == "rotation"
    enumerated = ring.distribution(3, F(1, 3), method="enumerate")
    assert ring.distribution(3, F(1, 3)).pmf == enumerated.pmf
    complete = GuaranteeNetwork.complete(9, buffer=1, loan=4)
    assert complete.distribution(3, F(1, 3)).evaluations == 10
    star = GuaranteeNetwork.star(5, buffer=1, loan=4)
    assert star.distribution(3, F(1, 3)).evaluations == 2 * 5
    d = star.distribution(3, F(1, 3), method="classes")
    assert d.pmf == star.distribution(3, F(1, 3), method="enumerate").pmf
    with pytest.raises(ModelError, match="invariant under"):
        star.distribution(3, F(1, 3), method="rotation")
    with pytest.raises(ModelError, match="valid methods"):
        star.distribution(3, F(1, 3), method="smart")


@pytest.mark.parametrize("n", [4, 6, 9])
@pytest.mark.parametrize("eps", [F(1, 2), F(3, 2), F(5, 2), 4])
def test_complete_distribution_closed_form(n, eps):
    """k hit firms each lose x = (ε−e)/(1 − g(k−1)/(n−1)) (capped at ℓ);
    the others fail iff g·k·x/(n−1) > e."""
    e, loan, g, p = 1, 3, F(4, 5), F(1, 3)
    net = GuaranteeNetwork.complete(n, buffer=e, loan=loan, g=g)
    pmf: dict[int, sp.Rational] = {}
    for k in range(n + 1):
        if k == 0 or eps <= e:
            size = 0
        else:
            x = min(F(loan), (eps - e) / (1 - g * (k - 1) / (n - 1)))
            size = n if k == n or g * k * x / (n - 1) > e else k
        pmf[size] = pmf.get(size, 0) + binomial(n, k, p)
    assert net.distribution(eps, p).pmf == {k: v for k, v in pmf.items() if v != 0}


@pytest.mark.parametrize("shape", ["ring", "complete", "star"])
@pytest.mark.parametrize("eps", [F(3, 2), F(7, 3), 4])
def test_full_coverage_collapse_iff_total_shock_exceeds_total_buffer(shape, eps):
    """g = 1, loans ≥ n·e: loss is conserved, so all fail iff k·ε > n·e (ε > e)."""
    n, e, p = 7, 1, F(1, 4)
    net = getattr(GuaranteeNetwork, shape)(n, buffer=e, loan=n * e)
    collapse = sum(
        (binomial(n, k, p) for k in range(1, n + 1) if eps > e and k * eps > n * e), sp.Integer(0)
    )
    assert net.distribution(eps, p).collapse == collapse


def test_single_shock_model():
    ring = GuaranteeNetwork.ring(6, buffer=1, loan=20)
    assert ring.single_shock(F(7, 2)).pmf == {3: 1}
    star = GuaranteeNetwork.star(6, buffer=1, loan=20)
    d = star.single_shock(4)  # core: absorbed by 5 leaves; leaf: core fails too
    assert d.pmf == {1: sp.Rational(1, 6), 2: sp.Rational(5, 6)}
    assert d.mean == sp.Rational(11, 6)
    assert d.evaluations == 2


def test_distribution_floats_and_errors():
    net = GuaranteeNetwork.complete(5, buffer=1, loan=3)
    exact = net.distribution(2, F(1, 4))
    approx = net.distribution(2.0, 0.25)
    assert all(isinstance(v, float) for v in approx.pmf.values())
    assert approx.pmf.keys() == exact.pmf.keys()
    assert all(abs(approx.pmf[k] - float(exact.pmf[k])) < 1e-12 for k in exact.pmf)
    with pytest.raises(DomainError):
        net.distribution(2, F(5, 4))
    with pytest.raises(DomainError):
        net.distribution(-1, F(1, 4))
    with pytest.raises(SolveError, match="monte_carlo"):
        GuaranteeNetwork.random(40, 2, buffer=1, rng=0).distribution(2, F(1, 4))
    d = net.distribution(2, F(1, 4))
    assert json.dumps(d.to_dict())
    assert d.latex().startswith(r"\begin{array}")
    assert "collapse" in repr(d)


# ----------------------------------------------------------------------------- exact shock paths
@pytest.mark.parametrize("n", [3, 6])
@pytest.mark.parametrize("g", [1, F(2, 3)])
def test_shock_path_closed_forms(n, g):
    e = 1
    complete = GuaranteeNetwork.complete(n, buffer=e, loan=10**4, g=g).shock_path([0])
    assert complete.thresholds == (e, e * (1 + (n - 1) / sp.Rational(g)))
    assert complete.sizes.values == (0, 1, n)
    star = GuaranteeNetwork.star(n, buffer=e, loan=10**4, g=g)
    leaf = star.shock_path([1])
    x_h = (n - 1) * e / sp.Rational(g)  # core loss at which leaves fail
    last = e + (e + x_h * (1 - sp.Rational(g) ** 2 / (n - 1))) / g
    assert leaf.thresholds == (e, e + e / sp.Rational(g), last)
    assert leaf.sizes.values == (0, 1, 2, n)


@settings(max_examples=20, deadline=None)
@given(small_networks(), st.data())
def test_shock_path_against_cascades(case, data):
    """Between and at the breakpoints, the path's size is the cascade's size."""
    net, _ = case
    firm = data.draw(st.sampled_from(net.nodes))
    path = net.shock_path([firm])
    probes = list(path.thresholds)
    probes += [t + F(1, 10**6) for t in path.thresholds]
    probes += [F(1, 3), F(5, 2), (path.thresholds[-1] + 1) if path.thresholds else 7]
    for eps in probes:
        assert path.sizes(eps) == net.cascade(firms=[firm], size=eps).size, eps


def test_stability_curve_is_the_mean_of_single_shocks():
    net = GuaranteeNetwork.star(6, buffer=1, loan=20)
    curve = net.stability_curve()
    for eps in [F(1, 2), 1, F(3, 2), 2, F(5, 2), 6, 7, 15, 30]:
        assert curve(eps) == net.single_shock(eps).mean
    assert net.collapse_curve()(7) == net.single_shock(7).collapse
    float_curve = net.as_float().stability_curve()
    assert float_curve.values == tuple(float(v) for v in curve.values)


# ----------------------------------------------------------------------------- Acemoglu et al.
def test_phase_transition_at_total_buffer():
    """Small shocks: complete most stable, ring least; past ε* = n·e the complete network
    fails entirely, tied with the ring, while the weakly linked groups stop the loss."""
    for n in (6, 9):
        nets = default_shapes(n)
        pt = phase_transition(nets)
        assert pt.dense == "complete"
        assert pt.threshold == n
        for lower, upper, ranking in pt.rankings:
            values = dict(ranking)
            if upper is not None and upper <= n and lower >= 2:
                assert values["complete"] == min(values.values())
                assert values["ring"] == max(values.values())
            if upper is None:
                assert values["complete"] == values["ring"] == n
                assert values["clustered"] < n
        assert json.dumps(pt.to_dict())
        assert pt.latex() == rf"\epsilon^* = {n}"


def test_phase_transition_reports_ties():
    """The ranking output itself marks ties: above ε* the ring and the complete group both
    fail entirely; below ε = e + e/g = 2 every shape loses exactly the hit firm."""
    for n in (6, 12):
        pt = phase_transition(default_shapes(n))
        lower, upper, tiers = pt.tiers[-1]
        assert (lower, upper) == (n, None)
        assert ("ring", "complete") in tiers and tiers[-1] == ("ring", "complete")
        assert pt.tiers[1][2] == (("ring", "complete", "star", "clustered"),)
        for (_, _, ranking), (_, _, groups) in zip(pt.rankings, pt.tiers, strict=True):
            values = dict(ranking)
            assert [name for group in groups for name in group] == [k for k, _ in ranking]
            assert all(len({values[k] for k in group}) == 1 for group in groups)
            assert len({values[group[0]] for group in groups}) == len(groups)
        text = str(pt)
        assert f"({n}, oo): " in text and text.endswith(f"ring = complete ({n})")
        data = pt.to_dict()
        assert data["rankings"][-1]["tiers"][-1] == ["ring", "complete"]
        assert json.dumps(data)


@pytest.mark.parametrize("n", [6, 12])
def test_the_stars_rank_above_the_flip_comes_from_binding_loan_caps(n):
    """With loans ℓ = n·e (the default) a hit leaf loses at most ℓ, the core passes
    (ℓ − e)/(n − 1) = e to each other leaf — exactly its buffer, so it survives: a hit core
    fails everyone, a hit leaf two firms, (1/n)·n + ((n − 1)/n)·2 expected. With any larger
    loan the star fails entirely too, tied with ring and complete."""
    capped = phase_transition(default_shapes(n))
    values = dict(capped.rankings[-1][2])
    assert values["star"] == F(3 * n - 2, n) < n
    star = GuaranteeNetwork.star(n, buffer=1, loan=n)
    leaf = star.cascade(firms=[1], size=10 * n)
    assert leaf.losses[1] == n and leaf.losses[0] == n - 1 and leaf.size == 2
    assert all(leaf.calls[k] == 1 for k in range(2, n))  # called exactly its buffer
    bigger = phase_transition(default_shapes(n, loan=n + 1))
    assert bigger.threshold == n
    assert bigger.tiers[-1][2][-1] == ("ring", "complete", "star")


def test_phase_transition_with_partial_coverage():
    """With coverage g the complete network collapses at ε* = e(1 + (n − 1)/g)."""
    nets = default_shapes(6, g=F(3, 4), loan=60)
    assert phase_transition(nets).threshold == 1 + sp.Rational(5) / sp.Rational(3, 4)


def test_phase_transition_errors():
    with pytest.raises(ModelError, match="at least two"):
        phase_transition({"ring": GuaranteeNetwork.ring(4, buffer=1)})
    same = GuaranteeNetwork.ring(4, buffer=1, loan=9)
    nets = {"a": same, "b": GuaranteeNetwork.ring(4, buffer=1, loan=9)}
    with pytest.raises(NoSolutionError):
        phase_transition(nets)
    with pytest.raises(ModelError, match="valid names"):
        phase_transition(nets, dense="c")


# ----------------------------------------------------------------------------- Monte Carlo
@pytest.mark.parametrize("shape", ["complete", "ring"])
def test_monte_carlo_against_exact(shape):
    net = getattr(GuaranteeNetwork, shape)(6, buffer=1, loan=4, g=F(4, 5))
    exact = net.distribution(F(5, 2), F(1, 4))
    mc = net.as_float().monte_carlo(2.5, 0.25, draws=3000, rng=11, level=0.999)
    assert mc.collapse_ci[0] <= float(exact.collapse) <= mc.collapse_ci[1]
    assert mc.mean_ci[0] <= float(exact.mean) <= mc.mean_ci[1]
    for k, count in enumerate(mc.counts):
        p = float(exact.pmf.get(k, 0))
        assert abs(count / mc.draws - p) < 4 * math.sqrt(p * (1 - p) / mc.draws) + 1e-3


def test_monte_carlo_seeds_and_executor():
    net = GuaranteeNetwork.random(300, 2, buffer=1.0, loan=3.0, g=0.9, rng=5)
    serial = net.monte_carlo(2.5, 0.05, draws=120, rng=42, chunk=25)
    with ThreadPoolExecutor(max_workers=2) as pool:
        parallel = net.monte_carlo(2.5, 0.05, draws=120, rng=42, chunk=25, executor=pool)
    assert serial == parallel
    assert net.monte_carlo(2.5, 0.05, draws=120, rng=43, chunk=25) != serial
    assert sum(serial.counts) == 120
    assert json.dumps(serial.to_dict())
    gen = np.random.default_rng(42)
    assert net.monte_carlo(2.5, 0.05, draws=120, rng=gen, chunk=25) == serial


def test_large_random_network_cascade():
    net = GuaranteeNetwork.random(10_000, 3, buffer=1.0, loan=4.0, g=0.8, rng=1)
    c = net.cascade(firms=range(50), size=6.0)
    assert 50 < c.size < 10_000
    mc = net.monte_carlo(3.0, 0.01, draws=40, rng=3)
    assert mc.mean_ci[0] < mc.mean < mc.mean_ci[1]
    assert mc.collapse == 0
    assert mc.collapse_ci[0] == 0


# ----------------------------------------------------------------------------- inputs and errors
def test_graph_inputs_and_errors():
    G = nx.DiGraph()
    G.add_node("A", loan=10, buffer=2)
    G.add_node("B", loan=10, buffer=2)
    G.add_edge("A", "B", amount=4)
    net = GuaranteeNetwork(G)
    assert net.coverage == {"A": 0, "B": sp.Rational(2, 5)}
    assert net.graph().edges["A", "B"]["amount"] == 4
    G.add_edge("A", "B", amount=11)
    with pytest.raises(ModelError, match="exceed their loan"):
        GuaranteeNetwork(G)
    with pytest.raises(ModelError, match="no 'amount' attribute"):
        GuaranteeNetwork(nx.DiGraph([("A", "B")]), buffer=1, loan=1)
    with pytest.raises(ModelError, match="own loan"):
        GuaranteeNetwork(
            nx.DiGraph([("A", "A", {"amount": 1}), ("A", "B", {"amount": 1})]), buffer=1, loan=1
        )
    with pytest.raises(ModelError, match="no buffer"):
        GuaranteeNetwork(nx.DiGraph([("A", "B", {"amount": 1})]), loan=1)
    with pytest.raises(DomainError, match="non-negative"):
        GuaranteeNetwork.ring(3, buffer=-1)
    with pytest.raises(DomainError):
        GuaranteeNetwork.ring(3, buffer=float("nan"))
    with pytest.raises(DomainError):
        GuaranteeNetwork.ring(3, buffer=1, g=F(6, 5))
    with pytest.raises(DomainError, match="positive"):
        GuaranteeNetwork.ring(3, buffer=1, loan=0)
    with pytest.raises(DomainError):
        GuaranteeNetwork.ring(1, buffer=1)
    ring = GuaranteeNetwork.ring(3, buffer=1)
    with pytest.raises(ModelError, match="unknown firm"):
        ring.cascade({7: 1})
    with pytest.raises(ModelError, match="either shocks"):
        ring.cascade()
    with pytest.raises(ModelError, match="size="):
        ring.cascade(firms=[0])
    with pytest.raises(ModelError, match="square"):
        GuaranteeNetwork.from_shares([[0, 1, 0]], buffer=1, loan=1)
    with pytest.raises(ModelError, match="exact arithmetic is limited"):
        GuaranteeNetwork.ring(600, buffer=1).cascade(firms=[0], size=2)


def test_exact_and_float_kinds():
    exact = GuaranteeNetwork.ring(4, buffer=1, loan=3)
    c = exact.cascade(firms=[0], size=F(5, 2))
    assert isinstance(c.losses[0], sp.Rational)
    assert c.losses[0] == sp.Rational(3, 2)
    mixed = exact.cascade(firms=[0], size=2.5)
    assert isinstance(mixed.losses[0], float)
    assert mixed.losses[0] == 1.5
    assert repr(exact) == "GuaranteeNetwork(4 firms, 4 guarantees, coverage 1, exact)"
    assert json.dumps(c.to_dict())


# ----------------------------------------------------------------------------- figure data
def test_figure_data_and_plot():
    nets = default_shapes(6)
    data = guarantee_contagion_data(nets, shocks=[F(1, 2), 3, 7])
    assert data.columns["complete"] == [0.0, 1.0, 6.0]
    assert data.columns["ring"] == [0.0, 2.0, 6.0]
    assert data.notes["flip_shock"] == 6.0
    collapse = guarantee_contagion_data(nets, shocks=[3, 7], measure="collapse", prob=F(1, 2))
    assert collapse.columns["complete"][1] == pytest.approx(
        float(nets["complete"].distribution(7, F(1, 2)).collapse)
    )
    fig = plot_guarantee_contagion(nets, shocks=[F(1, 2), 3, 7], measure="collapse")
    assert figure_data(fig).notes["measure"] == "collapse"
    with pytest.raises(ModelError, match="valid measures"):
        guarantee_contagion_data(nets, measure="loss")


@settings(max_examples=50, deadline=None)
@given(st.fractions(max_denominator=50) | st.integers(-100, 100))
def test_rational_in_the_eta_field_is_its_cancelled_form(x):
    """A rational enters the field of rational functions in η already in lowest terms."""
    from sympy.polys.domains import QQ

    from gametheory_cluster.models.policy.contagion.arrays import _Eta, _field

    (K, _), _ = _field()
    lifted, cancelled = _Eta._lift(x), K(QQ(F(x).numerator, F(x).denominator))
    assert (lifted.numer, lifted.denom) == (cancelled.numer, cancelled.denom)


def test_unit_minus_w_blocks_are_the_blocks_of_w_subtracted_from_the_identity():
    for net in default_shapes(6).values():
        for arr in (net._arrays(True), net._float_arrays):
            for idx in (np.arange(net.n), np.array([0, 2, 3]), np.array([], dtype=int)):
                unit = np.identity(len(idx), dtype=object if arr.exact else float)
                old_road = unit - arr.block(idx, idx)
                new_road = arr.identity_minus(idx)
                assert np.array_equal(new_road, old_road)
                assert [type(x) for x in new_road.flat] == [type(x) for x in old_road.flat]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.fractions(max_denominator=9), min_size=4, max_size=4),
       st.fractions(max_denominator=9) | st.integers(-3, 3))
def test_eta_comparisons_agree_with_the_sign_of_the_difference(coeffs, rational):
    """Comparing numbers in η without forming the difference: the sign of the difference."""
    from gametheory_cluster.models.policy.contagion.arrays import _Eta

    a0, a1, b0, b1 = coeffs
    eta = _Eta.eta()
    x = (eta * a1 + a0) / (eta * b1 + (b0 or 1))  # a rational function of η
    y = eta * b0 + a1
    for other in (rational, y, x):
        assert x._cmp(other) == (x - other).sign()
        assert (x < other, x == other, x >= other) == (
            (x - other).sign() < 0, (x - other).sign() == 0, (x - other).sign() >= 0)
