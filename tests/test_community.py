"""Community enforcement with many lenders and many cluster partners.

Second roads, each independent of the engine's derivation:

* closed forms derived by hand (below, in each test's docstring);
* Monte Carlo play of the economics itself (lenders with identities, random
  matching, publicity draws; partners learning one by one), comparing the
  simulated gain from repaying over defaulting once with the engine's slack;
* a plain linear scan over N against the doubling-and-bisection search.

Hand derivation, many lenders. With k lenders refusing and honest play, k never
changes, so the value before the matching draw is
U_k = [(N-k)/N (Y-R) + k/N w] / (1-delta). At a state where the SME is matched
with a trusting lender, repaying beats defaulting once iff
R <= delta [U_k - q U_N - (1-q) U_{k+1}]
  = delta (Y-R-w) [1 + q (N-k-1)] / (N (1-delta)).
On the path k = 0; the tightest reachable state is k = N-1 (when q < 1), where
publicity no longer matters: the bilateral threshold N R / (N R + Y - R - w).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from gametheory_cluster.models.community import (
    ClusterPartners,
    MultilateralLending,
    ThresholdPair,
    plot_threshold_nq,
    threshold_nq_data,
)
from gametheory_cluster.plotting import figure_data

BASE = {"Y": 150, "R": 110, "w": 0, "I": 100}
LENDERS = MultilateralLending()
PARTNERS = ClusterPartners()
FAST = settings(max_examples=6, deadline=None, derandomize=True)

fractions = st.fractions


def on_path_delta(N, q, Y, R, w):
    return Fraction(N * R) / (N * R + (Y - R - w) * (1 + q * (N - 1)))


def bilateral_delta(N, Y, R, w):
    return Fraction(N * R) / (N * R + Y - R - w)


@st.composite
def lending_points(draw):
    Y = draw(st.integers(120, 200))
    R = draw(st.integers(50, Y - 10))
    w = draw(st.integers(0, Y - R - 5))
    return {
        "N": draw(st.integers(1, 3)),
        "q": draw(fractions(0, 1, max_denominator=8)),
        "Y": Y,
        "R": R,
        "w": w,
    }


# ------------------------------------------------------------ closed forms
@settings(max_examples=4, deadline=None, derandomize=True)
@given(lending_points())
def test_multilateral_delta_matches_hand_closed_forms(point):
    """On path: N R / (N R + (Y-R-w)(1 + q(N-1))); subgame perfect: bilateral unless q = 1."""
    N, q, Y, R, w = (point[k] for k in ("N", "q", "Y", "R", "w"))
    pair = LENDERS.thresholds("delta", **point, I=R)
    assert pair.on_path.value == on_path_delta(N, q, Y, R, w)
    expected = Fraction(R, Y - w) if q == 1 else bilateral_delta(N, Y, R, w)
    assert pair.subgame_perfect.value == expected
    assert pair.on_path.direction == pair.subgame_perfect.direction == ">="


def test_one_lender_is_grim_trigger_and_so_is_full_publicity():
    """N = 1 (any q) and q = 1 (any N): delta* = R/(Y - w), as RepeatedLending's grim trigger."""
    grim = gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).value
    assert grim == Fraction(11, 15)
    for q in (0, Fraction(1, 3), 1):
        assert LENDERS.thresholds("delta", N=1, q=q, **BASE).on_path.value == grim
        assert LENDERS.thresholds("delta", N=1, q=q, **BASE).subgame_perfect.value == grim
    for N in (2, 5):
        pair = LENDERS.thresholds("delta", N=N, q=1, **BASE)
        assert pair.on_path.value == pair.subgame_perfect.value == grim


def test_symbolic_threshold_in_every_parameter():
    """With nothing but N given, delta* is a formula; at N = 1 it is R/(Y - w)."""
    t = LENDERS.threshold("delta", "on_path", N=1)
    R, Y, w = gc.symbols("R Y w")
    assert sp.simplify(t.value - R / (Y - w)) == 0
    t2 = LENDERS.threshold("delta", "on_path", N=2)
    q = gc.symbol("q")
    assert sp.simplify(t2.value - 2 * R / (2 * R + (Y - R - w) * (1 + q))) == 0


@FAST
@given(st.integers(2, 5), fractions(Fraction(3, 4), Fraction(19, 20), max_denominator=20))
def test_q_min_on_path(N, delta):
    """q >= (N R (1-delta) / (delta (Y-R-w)) - 1) / (N - 1), clipped to [0, 1]."""
    Y, R, w = 150, 110, 0
    need = (Fraction(N * R) * (1 - delta) / (delta * (Y - R - w)) - 1) / (N - 1)
    if need > 1:
        with pytest.raises(NoSolutionError):
            LENDERS.threshold("q", "on_path", N=N, delta=delta, **BASE)
        return
    t = LENDERS.threshold("q", "on_path", N=N, delta=delta, **BASE)
    assert t.value == max(need, 0)


def test_q_threshold_subgame_perfect_only_full_publicity():
    """When the bilateral condition fails, only q = 1 removes the states after private defaults."""
    delta = Fraction(4, 5)  # grim holds (4/5 >= 11/15), bilateral with N = 3 does not (needs 33/37)
    t = LENDERS.threshold("q", "subgame_perfect", N=3, delta=delta, **BASE)
    assert (t.value, t.direction, t.region) == (1, ">=", sp.FiniteSet(1))
    assert "only at q = 1" in t.reason
    generous = LENDERS.threshold("q", "subgame_perfect", N=3, delta=Fraction(19, 20), **BASE)
    assert generous.region == sp.Interval(0, 1)


def n_on_path(q, delta, Y=150, R=110, w=0):
    """N (R(1-delta) - q delta (Y-R-w)) <= delta (Y-R-w)(1-q): an upper bound on N, or none."""
    slope = R * (1 - delta) - q * delta * (Y - R - w)
    if slope <= 0:
        return 1, ">="  # every N works
    return math.floor(delta * (Y - R - w) * (1 - q) / slope), "<="


@pytest.mark.parametrize(
    ("q", "delta"),
    [(Fraction(1, 5), Fraction(9, 10)), (Fraction(1, 2), Fraction(17, 20)), (0, Fraction(4, 5))],
)
def test_number_of_lenders_on_path(q, delta):
    t = LENDERS.threshold("N", "on_path", q=q, delta=delta, max_N=32, **BASE)
    assert (t.value, t.direction) == n_on_path(q, delta)
    assert t.integer


def test_n_search_agrees_with_linear_scan():
    """The set of N that work is one block: doubling + bisection = checking every N."""
    point = {"q": Fraction(1, 4), "delta": Fraction(17, 20), **BASE}
    works = [bool(LENDERS.is_honest("on_path", N=n, **point)) for n in range(1, 9)]
    n_max = LENDERS.threshold("N", "on_path", max_N=8, **point).value
    assert n_max == 3 and works == [n <= n_max for n in range(1, 9)]
    partners = {"q": Fraction(1, 2), "s": 5, "delta": Fraction(1, 2), **BASE}
    works = [bool(PARTNERS.is_honest(N=n, **partners)) for n in range(20, 36)]
    n_min = PARTNERS.threshold("N", **partners).value
    assert works == [n >= n_min for n in range(20, 36)]


def test_no_number_of_lenders_works():
    """delta below grim: even one lender is not enough, and more lenders only hurt."""
    with pytest.raises(NoSolutionError, match="no number of lenders N from 1 to 16"):
        LENDERS.threshold("N", q=Fraction(1, 2), delta=Fraction(1, 2), max_N=16, **BASE)


@settings(max_examples=4, deadline=None, derandomize=True)
@given(st.integers(1, 6), fractions(0, 1, max_denominator=6), st.integers(1, 20))
def test_partners_closed_forms(N, q, s):
    """delta* = R / (Y - w + q N s); s_min = (R(1-delta) - delta(Y-R-w)) / (delta q N)."""
    Y, R, w = 150, 110, 0
    assert PARTNERS.threshold("delta", N=N, q=q, s=s, **BASE).value == Fraction(
        R, Y - w + q * N * s
    )
    delta = Fraction(1, 2)
    need = (R * (1 - delta) - delta * (Y - R - w)) / (delta * N * q) if q else None
    if need is None:
        with pytest.raises(NoSolutionError):
            PARTNERS.threshold("s", N=N, q=q, delta=delta, **BASE)
    else:
        assert PARTNERS.threshold("s", N=N, q=q, delta=delta, **BASE).value == need


def test_partners_minimum_size_and_its_failure():
    """N_min = ceil((R(1-delta) - delta(Y-R-w)) / (delta q s)); with q = 0 none works."""
    point = {"q": Fraction(1, 2), "s": 5, "delta": Fraction(1, 2), **BASE}
    pair = PARTNERS.thresholds("N", **point)
    assert (
        pair.on_path.value == pair.subgame_perfect.value == math.ceil(Fraction(35) / Fraction(5, 4))
    )
    assert pair.on_path.direction == ">="
    with pytest.raises(NoSolutionError, match="partners"):
        PARTNERS.threshold("N", **{**point, "q": 0}, max_N=8)


# ------------------------------------------------------------ Monte Carlo play
def simulate_lenders(N, k, q, Y, R, w, delta, rng, paths=4000):
    """Discounted gain of repaying over defaulting once, matched with a trusting lender.

    Lenders 0..k-1 refuse already; the SME faces lender k. Same matching draws
    for both plans (common random numbers).
    """
    horizon = math.ceil(math.log(1e-9) / math.log(delta))
    refusing_honest = np.zeros((paths, N), dtype=bool)
    refusing_honest[:, :k] = True
    refusing_cheat = refusing_honest.copy()
    refusing_cheat[:, k] = True
    public = rng.random(paths) < q
    refusing_cheat[public] = True
    gain = np.full(paths, -float(R))  # period 0: Y - R against Y
    for t in range(1, horizon):
        lender = rng.integers(0, N, size=paths)
        rows = np.arange(paths)
        honest = np.where(refusing_honest[rows, lender], w, Y - R)
        cheat = np.where(refusing_cheat[rows, lender], w, Y - R)
        gain += delta**t * (honest - cheat)
    return gain.mean(), gain.std(ddof=1) / math.sqrt(paths)


@st.composite
def mc_points(draw):
    N = draw(st.integers(1, 4))
    k = draw(st.integers(0, N - 1))
    q = draw(st.sampled_from([0, Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)]))
    delta = draw(st.sampled_from([Fraction(1, 2), Fraction(3, 4), Fraction(9, 10)]))
    return N, k, q, delta


@settings(max_examples=5, deadline=None, derandomize=True)
@given(mc_points(), st.integers(0, 2**32 - 1))
def test_monte_carlo_lenders(point, seed):
    N, k, q, delta = point
    Y, R, w = 150, 110, 10
    slack = next(
        c.slack
        for c in LENDERS.constraints(N=N, q=q, delta=delta, Y=Y, R=R, w=w, I=100)
        if c.player == "sme" and c.state == f"{k}:open" and c.node == "Lend"
    )
    mean, se = simulate_lenders(N, k, float(q), Y, R, w, float(delta), np.random.default_rng(seed))
    assert abs(mean - float(slack)) <= 4 * se + 1e-6


@settings(max_examples=4, deadline=None, derandomize=True)
@given(
    st.integers(1, 6),
    st.sampled_from([Fraction(1, 4), Fraction(2, 3)]),
    st.sampled_from([Fraction(3, 5), Fraction(17, 20)]),
    st.integers(0, 2**32 - 1),
)
def test_monte_carlo_partners(N, q, delta, seed):
    """Partners learn of the default one by one (probability q each) and stop trading."""
    Y, R, w, s, paths = 150, 110, 0, 7, 20000
    rng = np.random.default_rng(seed)
    lost = rng.binomial(N, float(q), size=paths) * s  # rent lost per period from t = 1
    d = float(delta)
    tail = d / (1 - d)
    gain = -R + tail * ((Y - R + N * s) - (w + N * s - lost))
    slack = next(
        c.slack
        for c in PARTNERS.constraints(N=N, q=q, s=s, delta=delta, Y=Y, R=R, w=w, I=100)
        if c.player == "sme" and c.state == "honest" and c.node == "Lend"
    )
    se = gain.std(ddof=1) / math.sqrt(paths)
    assert abs(gain.mean() - float(slack)) <= 4 * se + 1e-9


# ------------------------------------------------------------ exactness, errors, results
def test_exact_in_exact_out_and_float_in_float_out():
    exact = LENDERS.threshold("delta", N=2, q=Fraction(1, 2), **BASE)
    assert exact.value == Fraction(11, 13) and exact.exact
    approx = LENDERS.threshold("delta", N=2, q=0.5, **BASE)
    assert isinstance(approx.value, float) and approx.value == pytest.approx(11 / 13)
    cert = LENDERS.is_honest(N=2, q=0.5, delta=0.9, **BASE)
    assert cert.holds and all(isinstance(v, float) for _, v in cert.slacks)


def test_is_honest_names_the_binding_constraint():
    point = {"N": 3, "q": Fraction(1, 2), "delta": Fraction(17, 20), **BASE}
    cert = LENDERS.is_honest(**point)  # on path 33/41 <= 17/20 < 33/37 bilateral
    assert not cert and cert.binding.state == "2:open"
    assert LENDERS.is_honest("on_path", **point)


def test_states_after_private_defaults_exist_only_when_reachable():
    assert set(LENDERS.game(N=3, q=1).states) == {"0:open", "3:shut"}
    assert len(LENDERS.game(N=3).states) == 6
    assert set(PARTNERS.game(N=2, q=1).states) == {"honest", "punished:0"}


def test_bad_input():
    with pytest.raises(MissingParameterError, match="give N"):
        LENDERS.threshold("delta", q=Fraction(1, 2))
    with pytest.raises(UnknownParameterError, match="valid names"):
        LENDERS.threshold("delta", N=2, s=3)
    with pytest.raises(UnknownParameterError, match="not a parameter"):
        LENDERS.threshold("s", N=2)
    with pytest.raises(ModelError, match="which must be one of"):
        LENDERS.threshold("delta", "sometimes", N=2)
    with pytest.raises(DomainError):
        LENDERS.threshold("delta", N=0)
    with pytest.raises(DomainError):
        LENDERS.threshold("delta", N=2.5)
    with pytest.raises(DomainError):
        LENDERS.threshold("delta", N=2, q=float("nan"))
    with pytest.raises(DomainError, match="do not also give"):
        LENDERS.threshold("N", N=2)
    with pytest.raises(MissingParameterError, match="delta"):
        PARTNERS.threshold("N", q=Fraction(1, 2), s=5, Y=150, R=110, w=0)
    with pytest.raises(MissingParameterError, match="values needed"):
        LENDERS.is_honest(N=2)
    with pytest.raises(DomainError, match="max_N"):
        PARTNERS.threshold("N", q=Fraction(1, 2), s=5, delta=Fraction(1, 2), max_N=0, **BASE)


def test_threshold_pair_renders_and_serialises():
    pair = LENDERS.thresholds("delta", N=2, q=Fraction(1, 2), **BASE)
    assert isinstance(pair, ThresholdPair)
    text = str(pair)
    assert "on the equilibrium path" in text and "subgame perfect" in text
    assert pair.to_dict()["subgame_perfect"]["value"] == "11/13"
    assert r"\frac{11}{14}" in pair.latex() and pair._repr_latex_().startswith("$")


# ------------------------------------------------------------ the (N, q) figure
def test_threshold_nq_data_matches_closed_form():
    qs = [0.0, 0.25, 0.5, 1.0]
    data = threshold_nq_data([1, 3], qs)
    got = np.array(data.columns["delta_star"]).reshape(2, 4)
    want = np.array(
        [[float(on_path_delta(N, Fraction(q), 150, 110, 0)) for q in qs] for N in (1, 3)]
    )
    assert np.allclose(got, want)
    assert np.allclose(got[:, -1], 11 / 15)  # full publicity: grim, whatever N


def test_threshold_nq_subgame_perfect_jumps_at_full_publicity():
    data = threshold_nq_data([2], [0.0, 0.5, 1.0], which="subgame_perfect")
    assert data.columns["delta_star"] == pytest.approx([11 / 13, 11 / 13, 11 / 15])


def test_plot_threshold_nq_attaches_data():
    fig = plot_threshold_nq([1, 2], [0.0, 0.5, 1.0], Y=150, R=110, w=0)
    data = figure_data(fig)
    assert len(data.columns["delta_star"]) == 6 and data.notes["which"] == "on_path"
    with pytest.raises(DomainError):
        threshold_nq_data([1], [1.5])
