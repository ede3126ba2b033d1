"""Tests of news spreading on a cluster network: detection, lost partners, thresholds.

Second roads: hand closed forms (a single tie, a path of three, the complete
graph with r = 1), the cluster-rent model of RepeatedLending, the repeated-game
engine run on the chain of informed sets, and Monte Carlo within its interval.
"""

from __future__ import annotations

import json
from fractions import Fraction

import matplotlib
import networkx as nx
import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.automata import Outcome, RepeatedGame, State
from gametheory_cluster.errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from gametheory_cluster.models.community.detection import _discounted_news
from gametheory_cluster.models.community.networks import NetworkPunishment
from gametheory_cluster.models.community.shapes import (
    SHAPES,
    network_shapes,
    threshold_by_network_data,
)
from gametheory_cluster.parameters import symbols
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.community import plot_threshold_by_network

matplotlib.use("Agg")

BASE = {"Y": 150, "R": 110, "w": 0}
delta_sym, r_sym = symbols("delta r")
probabilities = st.fractions(
    min_value=Fraction(1, 20), max_value=Fraction(19, 20), max_denominator=40
)


def geometric_pgf(r, delta):
    """E[delta^T] for T geometric on {1, 2, ...} with success probability r."""
    return r * delta / (1 - (1 - r) * delta)


def sme_slack(model, **values):
    return next(c for c in model.constraints(**values) if c.player == "sme" and c.on_path)


# ------------------------------------------------------------------ closed forms
@settings(max_examples=25, deadline=None)
@given(r=probabilities, delta=probabilities)
def test_single_tie_is_geometric(r, delta):
    model = NetworkPunishment(nx.path_graph(2), 0)
    expected = geometric_pgf(sp.Rational(r), sp.Rational(delta))
    assert model.lost_partners(delta=delta, r=r) == expected
    row = model.detection(5, r=r).by_period(1)
    assert row == [1 - (1 - sp.Rational(r)) ** t for t in range(6)]


def test_single_tie_threshold_is_the_root_of_a_quadratic():
    # (delta*Y - R)(1 - (1-r) delta) + s r delta = 0, the smaller root in (0, 1)
    r, s = Fraction(1, 3), 30
    model = NetworkPunishment(nx.path_graph(2), 0)
    t = model.threshold("delta", r=r, s=s, **BASE)
    d = sp.Symbol("d")
    roots = sp.solve((150 * d - 110) * (1 - (1 - sp.Rational(r)) * d) + s * sp.Rational(r) * d, d)
    expected = min(x for x in roots if 0 < x < 1)
    assert t.direction == ">="
    assert sp.simplify(t.value - expected) == 0


@settings(max_examples=20, deadline=None)
@given(r=probabilities, delta=probabilities)
def test_path_of_three(r, delta):
    r, delta = sp.Rational(r), sp.Rational(delta)
    g = geometric_pgf(r, delta)
    end = NetworkPunishment(nx.path_graph(3), 0)
    middle = NetworkPunishment(nx.path_graph(3), 1)
    assert end.lost_partners(delta=delta, r=r) == sp.cancel(g + g**2)
    assert middle.lost_partners(delta=delta, r=r) == sp.cancel(2 * g)
    far = end.detection(6, r=r).by_period(2)  # a sum of two geometric delays
    assert far == [1 - (1 - r) ** t - t * r * (1 - r) ** (t - 1) if t else 0 for t in range(7)]
    market = middle.detection(6, r=r).market
    assert list(market) == [(1 - (1 - r) ** t) ** 2 for t in range(7)]


@pytest.mark.parametrize("n", [3, 5, 8])
def test_complete_graph_with_sure_news_is_detection_next_period(n):
    model = NetworkPunishment(nx.complete_graph(n), 0)
    found = model.detection(3, r=1)
    for node in range(1, n):
        assert found.by_period(node) == [0, 1, 1, 1]
    assert list(found.market) == [0, 1, 1, 1]
    assert model.lost_partners(delta=Fraction(2, 3), r=1) == sp.Rational(2 * (n - 1), 3)


@settings(max_examples=5, deadline=None)
@given(n=st.integers(2, 9), s=st.integers(0, 30), w=st.integers(0, 30), R=st.integers(60, 130))
def test_complete_graph_with_sure_news_equals_the_cluster_rent_model(n, s, w, R):
    values = {"Y": 150, "R": R, "w": w}
    network = NetworkPunishment(nx.complete_graph(n), 0)
    rent = gc.RepeatedLending(cluster_rent=True)
    try:
        expected = rent.threshold("delta", s=(n - 1) * s, **values)
    except NoSolutionError:
        with pytest.raises(NoSolutionError):
            network.threshold("delta", r=1, s=s, **values)
        return
    assert network.threshold("delta", r=1, s=s, **values) == expected
    assert network.threshold("delta", r=1, s=s, **values).value == expected.value


def test_minimum_rent_on_a_ring_by_hand():
    # ring of 6, r = 1: two partners at period 1, two at 2, one at 3
    model = NetworkPunishment(nx.cycle_graph(6), 0)
    d = Fraction(1, 2)
    lost = 2 * d + 2 * d**2 + d**3
    t = model.threshold("s", r=1, delta=d, **BASE)
    assert t.value == sp.Rational((110 - d * 150) / lost)
    assert t.direction == ">="


def test_lag_stretches_time():
    ring = nx.cycle_graph(5)
    fast = NetworkPunishment(ring, 0).detection(6, r=Fraction(1, 2))
    slow = NetworkPunishment(ring, 0, lag=2).detection(12, r=Fraction(1, 2))
    for node in ring:
        assert slow.by_period(node) == [fast.by_period(node)[t // 2] for t in range(13)]
    d = Fraction(3, 4)
    g_fast = NetworkPunishment(nx.path_graph(2), 0).lost_partners(delta=d**2, r=Fraction(1, 3))
    g_slow = NetworkPunishment(nx.path_graph(2), 0, lag=2).lost_partners(delta=d, r=Fraction(1, 3))
    assert g_slow == g_fast


def test_cheated_partner_knows_at_once_and_stops_next_period():
    model = NetworkPunishment(nx.path_graph(3), 0, cheated=[2])
    found = model.detection(2, r=0)
    assert found.by_period(2) == [1, 1, 1]
    assert found.by_period(1) == [0, 0, 0]
    assert model.lost_partners(delta=Fraction(1, 2), r=0) == sp.Rational(1, 2)


def test_partners_can_be_the_defaulters_ties():
    star = nx.star_graph(4)
    assert NetworkPunishment(star, 1, partners="neighbours").partners == (0,)
    assert NetworkPunishment(star, 0, partners="neighbours").partners == (1, 2, 3, 4)
    model = NetworkPunishment(star, 1, partners=[2, 3])
    g = geometric_pgf(sp.Rational(1, 2), sp.Rational(1, 2))
    assert model.lost_partners(delta=Fraction(1, 2), r=Fraction(1, 2)) == sp.cancel(2 * g**2)


def test_directed_ties_carry_news_one_way():
    model = NetworkPunishment(nx.DiGraph([(1, 0), (0, 2)]), 0)
    found = model.detection(3, r=1)
    assert found.by_period(2) == [0, 1, 1, 1]
    assert found.by_period(1) == [0, 0, 0, 0]


# ------------------------------------------------------------- the engine road
def engine_on_informed_sets(graph, defaulter, r, s):
    """Build the punishment as a RepeatedGame whose states are the informed sets (tiny graphs)."""
    Y, R, w = symbols("Y R w")
    nodes = list(graph)
    partners = [v for v in nodes if v != defaulter]

    def step(informed):
        boundary = [
            v for v in nodes if v not in informed and any(u in informed for u in graph.neighbors(v))
        ]
        moves = {}
        for bits in range(1 << len(boundary)):
            prob, new = sp.Integer(1), set(informed)
            for j, v in enumerate(boundary):
                p = 1 - (1 - r) ** len([u for u in graph.neighbors(v) if u in informed])
                prob *= p if bits >> j & 1 else 1 - p
                if bits >> j & 1:
                    new.add(v)
            key = frozenset(new)
            moves[key] = moves.get(key, 0) + prob
        return moves

    sets, frontier = {}, [frozenset({defaulter})]
    while frontier:
        current = frontier.pop()
        if current not in sets:
            sets[current] = step(current)
            frontier += list(sets[current])
    names = {k: "news_" + "".join(str(v) for v in sorted(k)) for k in sets}

    def outcomes(state, profile):
        if state == "honest":
            if profile == ("Lend", "Repay"):
                return [Outcome((R, Y - R + s * len(partners)), "honest")]
            if profile == ("Lend", "Default"):
                start = frozenset({defaulter})
                return [
                    Outcome((0, Y + s * len(partners)), names[k], p) for k, p in sets[start].items()
                ]
            return [Outcome((0, w + s * len(partners)), "honest")]
        informed = next(k for k, n in names.items() if n == state)
        rent = s * len([v for v in partners if v not in informed])
        return [Outcome((0, w + rent), names[k], p) for k, p in sets[informed].items()]

    states = [State("honest", {"bank": "Lend", "sme": "Repay"})] + [
        State(n, {"bank": "Refuse", "sme": "Default"}) for n in names.values()
    ]
    return RepeatedGame(
        ("bank", "sme"),
        {"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")},
        states,
        outcomes,
        timing="sequential",
    )


@pytest.mark.parametrize(
    ("graph", "defaulter"),
    [
        (nx.path_graph(3), 0),
        (nx.path_graph(3), 1),
        (nx.star_graph(3), 1),
    ],
)
def test_the_engine_on_informed_sets_gives_the_same_constraint(graph, defaulter):
    r, s = sp.Rational(1, 3), 7
    game = engine_on_informed_sets(graph, defaulter, r, s)
    engine = next(
        c
        for c in game.constraints()
        if c.player == "sme" and c.state == "honest" and c.node == "Lend"
    )
    ours = sme_slack(NetworkPunishment(graph, defaulter), r=r, s=s)
    assert sp.simplify(engine.slack - ours.slack.subs(symbols("s")[0], s)) == 0


# ---------------------------------------------------------------- Monte Carlo
@pytest.fixture(scope="module")
def small_world():
    return NetworkPunishment(nx.connected_watts_strogatz_graph(8, 4, 0.3, seed=2), 0)


def test_monte_carlo_detection_is_within_its_interval(small_world):
    exact = small_world.detection(6, r=Fraction(2, 5), method="exact")
    mc = small_world.detection(
        6, r=0.4, method="monte_carlo", samples=20_000, rng=5, confidence=0.999
    )
    values = np.array(exact.informed, dtype=float)
    assert np.all((mc.lower <= values + 1e-12) & (values <= mc.upper + 1e-12))
    market = np.array(exact.market, dtype=float)
    assert np.all((mc.market_lower <= market + 1e-12) & (market <= mc.market_upper + 1e-12))


def test_monte_carlo_thresholds_bracket_the_exact_ones(small_world):
    values = {"r": Fraction(2, 5), "s": 3, **BASE}
    exact = float(small_world.threshold("delta", **values).value)
    _est, lo, hi = small_world.threshold_interval(
        "delta", method="monte_carlo", samples=20_000, rng=3, confidence=0.999, **values
    )
    assert lo <= exact <= hi
    assert hi - lo < 0.01
    exact_s = float(
        small_world.threshold("s", delta=Fraction(7, 10), r=Fraction(2, 5), **BASE).value
    )
    _est_s, lo_s, hi_s = small_world.threshold_interval(
        "s", method="monte_carlo", samples=20_000, rng=3, confidence=0.999, delta=0.7, r=0.4, **BASE
    )
    assert lo_s <= exact_s <= hi_s
    mc = small_world.threshold("delta", method="monte_carlo", samples=2000, rng=3, **values)
    assert "confidence interval" in mc.reason
    assert not mc.exact


def test_monte_carlo_is_seeded(small_world):
    a = small_world.detection(4, r=0.4, method="monte_carlo", samples=3000, rng=11)
    b = small_world.detection(4, r=0.4, method="monte_carlo", samples=3000, rng=11)
    c = small_world.detection(4, r=0.4, method="monte_carlo", samples=3000, rng=12)
    assert np.array_equal(a.informed, b.informed)
    assert not np.array_equal(a.informed, c.informed)


def test_large_graphs_use_monte_carlo():
    model = NetworkPunishment(nx.cycle_graph(30), 0)
    found = model.detection(3, r=1, samples=200, rng=0)
    assert found.method == "monte_carlo"
    assert [float(v) for v in found.by_period(2)] == [0, 0, 1, 1]


# ------------------------------------------------------ exact, float, certified
def test_floats_give_floats_and_agree_with_exact(small_world):
    exact = small_world.lost_partners(delta=Fraction(4, 5), r=Fraction(1, 2))
    approx = small_world.lost_partners(delta=0.8, r=0.5)
    assert isinstance(approx, float)
    assert approx == pytest.approx(float(exact), rel=1e-12)
    d_exact = small_world.detection(3, r=Fraction(1, 2))
    d_float = small_world.detection(3, r=0.5)
    assert np.allclose(np.array(d_exact.informed, dtype=float), d_float.informed)


def test_big_chains_give_a_certified_root():
    model = NetworkPunishment(nx.star_graph(7), 0)  # 128 informed sets
    values = {"r": Fraction(1, 2), "s": 4, "I": 100, **BASE}
    t = model.threshold("delta", **values)
    assert not t.exact
    assert "certified" in t.reason
    lo, hi = (sp.Rational(x) for x in t.reason.split("[")[1].split("]")[0].split(", "))
    assert lo < t.value < hi
    assert hi - lo < 1e-8
    assert model.is_honest(delta=hi, **values)
    assert not model.is_honest(delta=lo, **values)
    # every partner is tied to the hub: independent geometric delays
    g = geometric_pgf(sp.Rational(1, 2), delta_sym)
    closed = sp.nsolve((150 * delta_sym - 110) + 4 * 7 * g, delta_sym, 0.7)
    assert float(t.value) == pytest.approx(float(closed), abs=1e-12)


def test_twelve_nodes_exact_detection_runs():
    model = NetworkPunishment(nx.connected_watts_strogatz_graph(12, 4, 0.2, seed=1), 0)
    found = model.detection(4, r=Fraction(1, 2))
    assert found.method == "exact"
    assert found.by_period(0)[0] == 1
    assert all(0 <= v <= 1 for v in found.market)


# ---------------------------------------------------------------- results data
def test_detection_results_are_plain_data():
    found = NetworkPunishment(nx.path_graph(3), 1).detection(3, r=Fraction(1, 2))
    data = json.loads(json.dumps(found.to_dict()))
    assert data["informed"]["0"] == [0, 0.5, 0.75, 0.875]
    assert data["informed_exact"]["0"] == ["0", "1/2", "3/4", "7/8"]
    assert data["market_exact"] == ["0", "1/4", "9/16", "49/64"]
    assert sum(found.pmf(0)) == found.by_period(0)[-1]
    assert found.expected_partners() == [0, 1, sp.Rational(3, 2), sp.Rational(7, 4)]
    assert "market" in str(found)
    assert "Detection(3 nodes" in repr(found)
    assert found.probability(2, 1) == sp.Rational(1, 2)
    with pytest.raises(DomainError):
        found.probability(2, 9)
    with pytest.raises(ModelError, match="unknown node"):
        found.by_period("x")


def test_is_honest_certificate():
    model = NetworkPunishment(nx.cycle_graph(5), 0)
    values = {"r": Fraction(1, 2), "s": 5, "I": 100, **BASE}
    t = model.threshold("delta", **values)
    above = model.is_honest(delta=sp.Rational(float(t.value) + 0.01), **values)
    below = model.is_honest(delta=sp.Rational(float(t.value) - 0.01), **values)
    assert above
    assert not below
    assert below.binding.player == "sme"


# ---------------------------------------------------------------- bad inputs
def test_bad_inputs_raise_clear_errors():
    ring = nx.cycle_graph(4)
    with pytest.raises(ModelError, match="not a node"):
        NetworkPunishment(ring, 9)
    with pytest.raises(ModelError, match="networkx"):
        NetworkPunishment([(0, 1)], 0)
    with pytest.raises(ModelError, match="lag"):
        NetworkPunishment(ring, 0, lag=0)
    with pytest.raises(ModelError, match="partners"):
        NetworkPunishment(ring, 0, partners=[0])
    with pytest.raises(ModelError, match="cheated"):
        NetworkPunishment(ring, 0, cheated=[7])
    model = NetworkPunishment(ring, 0)
    with pytest.raises(DomainError):
        model.detection(3, r=2)
    with pytest.raises(DomainError):
        model.detection(3, r=float("nan"))
    with pytest.raises(ModelError, match="valid methods"):
        model.detection(3, r=0.5, method="fast")
    with pytest.raises(MissingParameterError, match="delta"):
        model.lost_partners(r=0.5)
    with pytest.raises(UnknownParameterError, match="valid names"):
        model.threshold("q", r=0.5, **BASE)
    with pytest.raises(UnknownParameterError, match="did you mean 'delta'"):
        model.lost_partners(dleta=0.5, r=0.5)
    with pytest.raises(DomainError, match="solve for"):
        model.threshold("s", s=1, r=0.5, delta=0.5, **BASE)
    with pytest.raises(NoSolutionError):  # a project worth less than the repayment, no partners
        model.threshold("delta", r=Fraction(1, 2), s=0, Y=100, R=110, w=0)
    with pytest.raises(NoSolutionError):  # the bank would not lend
        model.threshold("delta", r=Fraction(1, 2), s=1, I=120, **BASE)
    with pytest.raises(DomainError, match="samples"):
        model.detection(3, r=0.5, method="monte_carlo", samples=1)


# ------------------------------------------------------------------ figures
def test_network_shapes_have_equal_size():
    shapes = network_shapes(10, seed=4)
    assert tuple(shapes) == SHAPES
    assert all(g.number_of_nodes() == 10 for g, _ in shapes.values())
    assert shapes["small world"][0].number_of_edges() == shapes["random"][0].number_of_edges()
    assert all(nx.is_connected(g) for g, _ in shapes.values())
    with pytest.raises(DomainError):
        network_shapes(2)


def test_threshold_by_network_orders_the_shapes():
    data = threshold_by_network_data(6, r=Fraction(1, 2), s=3)
    cols = data.columns
    star = dict(zip(cols["network"], cols["delta_star"], strict=True))
    isolated, instant = float(data.notes["isolated"]), float(data.notes["instant news"])
    assert all(instant < v < isolated for v in cols["delta_star"])
    assert star["complete"] == min(cols["delta_star"])
    assert star["star (leaf)"] == max(cols["delta_star"])
    assert star["complete"] < star["star (hub)"]  # partners also hear from each other
    assert cols["lower"] == cols["delta_star"] == cols["upper"]
    assert isolated == pytest.approx(110 / 150)


def test_plot_threshold_by_network_draws_monte_carlo_bars():
    fig = plot_threshold_by_network(13, r=0.5, s=2, samples=1000, rng=1)
    data = figure_data(fig)
    assert set(data.columns["method"]) == {"monte_carlo"}
    lows, highs = data.columns["lower"], data.columns["upper"]
    assert all(
        lo < v < hi for lo, v, hi in zip(lows, data.columns["delta_star"], highs, strict=True)
    )
    assert fig.axes[0].get_ylabel() == r"threshold $\delta^*$"
    again = figure_data(plot_threshold_by_network(13, r=0.5, s=2, samples=1000, rng=1))
    assert again.to_csv() == data.to_csv()


# ------------------------------------------------- the chain's numeric roads (issue 19)
def _news_by_loop(chain, z, partner_mask):
    """h(start) by the definition: every move's gain counted bit by bit, exact rationals."""
    h = [Fraction(0)] * len(chain.states)
    for i in range(len(chain.states) - 1, -1, -1):
        acc, stay = Fraction(0), Fraction(0)
        for k, num in zip(chain.targets[i], chain.numerators[i], strict=True):
            p = Fraction(num, chain.denominators[i])
            if k == i:
                stay = p
                continue
            gained = (chain.states[k] & ~chain.states[i] & partner_mask).bit_count()
            acc += p * (gained + h[k])
        h[i] = z * acc / (1 - z * stay)
    return h[0]


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 6), st.integers(0, 10_000), st.fractions(0, 1, max_denominator=5),
       st.fractions(Fraction(1, 10), Fraction(9, 10), max_denominator=10))
def test_discounted_news_and_matrix_match_the_definition(n, seed, r, z):
    graph = nx.gnm_random_graph(n, n + 1, seed=seed)
    model = NetworkPunishment(graph, 0, partners=[v for v in graph if v != 0][: n // 2 + 1])
    chain = model._chain(r)
    mask = model._partner_mask
    exact = _news_by_loop(chain, z, mask)
    assert _discounted_news(chain, z.numerator, z.denominator, mask, divide=Fraction) == exact
    one = 1 << 64
    low = _discounted_news(chain, z.numerator, z.denominator, mask, one, lambda x, y: x // y)
    high = _discounted_news(chain, z.numerator, z.denominator, mask, one, lambda x, y: -(-x // y))
    assert Fraction(low, one) <= exact <= Fraction(high, one)
    dense = np.zeros((len(chain.states),) * 2)
    for i, (ks, nums) in enumerate(zip(chain.targets, chain.numerators, strict=True)):
        for k, num in zip(ks, nums, strict=True):
            dense[i, k] = float(num) / float(chain.denominators[i])
    assert np.array_equal(chain.matrix.toarray(), dense)
    float_news = model._float_news(chain, float(z))
    assert float_news == pytest.approx(float(exact), rel=1e-12, abs=1e-15)
    # the level-by-level solve against one sparse triangular solve of (I - zP) h = z gains
    gains = model._float_gains[chain]
    system = scipy.sparse.identity(len(chain.states), format="csr") - float(z) * chain.matrix
    h = scipy.sparse.linalg.spsolve_triangular(system.tocsr(), float(z) * gains, lower=False)
    assert float_news == pytest.approx(h[0], rel=1e-13, abs=1e-15)


def test_float_path_with_an_exact_r_reuses_the_exact_chain():
    model = NetworkPunishment(nx.cycle_graph(7), 0)
    r = Fraction(1, 3)
    exact = model.lost_partners(delta=Fraction(4, 5), r=r)
    assert model.lost_partners(delta=0.8, r=r) == pytest.approx(float(exact), rel=1e-13)
    model.threshold("delta", Y=150, R=110, w=0, s=2, r=r)  # numeric root, certified
    assert list(model._chains) == [sp.Rational(1, 3)]  # no second chain in floats
