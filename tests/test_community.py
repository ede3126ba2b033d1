"""Community enforcement with many lenders and many cluster partners.

Second roads, each independent of the engine's derivation:

* closed forms derived by hand (below, in each test's docstring);
* the SME's own decision problem solved by brute force: every plan (default or
  repay at each k, 2**N of them) evaluated exactly in fractions;
* the whole automaton (2N states, the engine on it) against the conditions derived
  once on one block of states with N a symbol;
* Monte Carlo play of the economics itself (lenders with identities, random
  matching, publicity draws; partners learning one by one), comparing the
  simulated gain from repaying over defaulting once with the engine's slack;
* a plain scan over N against the derived thresholds in N.

Hand derivation, many lenders. With k lenders refusing and honest play, k never
changes, so the value before the matching draw is
U_k = [(N-k)/N (Y-R) + k/N w] / (1-delta). At a state where the SME is matched
with a trusting lender, repaying beats defaulting once iff
R <= delta [U_k - q U_N - (1-q) U_{k+1}]
  = delta (Y-R-w) [1 + q (N-k-1)] / (N (1-delta)).
At the start k = 0 (the one-shot question); the tightest reachable state is
k = N-1 (when q < 1), where publicity no longer matters: the bilateral threshold
N R / (N R + Y - R - w) (the sequential question). Defaulting at every chance,
relative to w for ever, is worth Z_0 = (Y-w) sum_{m<N} (delta(1-q))^m
prod_{i<=m} (N-i)/(N-delta i): on the path repaying at every chance is optimal
iff (Y-R-w)/(1-delta) >= Z_0 (the module docstring shows no other plan can do
better; the brute force below checks it).
"""

from __future__ import annotations

import itertools
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
from gametheory_cluster.models.community.exclusion import grim_vs_exclusion
from gametheory_cluster.models.community.multilateral import (
    WHICH,
    ClusterPartners,
    MultilateralLending,
    ThresholdPair,
    threshold_notions_data,
    threshold_nq_data,
)
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.community import plot_threshold_notions, plot_threshold_nq

BASE = {"Y": 150, "R": 110, "w": 0, "I": 100}
LENDERS = MultilateralLending()
PARTNERS = ClusterPartners()
FAST = settings(max_examples=6, deadline=None, derandomize=True)
F = Fraction

fractions = st.fractions


def one_shot_delta(N, q, Y, R, w):
    return Fraction(N * R) / (N * R + (Y - R - w) * (1 + q * (N - 1)))


def bilateral_delta(N, Y, R, w):
    return Fraction(N * R) / (N * R + Y - R - w)


# ------------------------------------------------------------ the SME's problem, by brute force
def plan_value(N, q, Y, R, w, d, defaults):
    """The SME's value at the start of a plan: ``defaults[k]`` says Default at k (open lender).

    Values before the draw, by hand: repaying at k keeps k for ever; defaulting at k
    moves to N (public, q) or k + 1 (private).
    """
    U = [None] * (N + 1)
    U[N] = Fraction(w) / (1 - d)
    for k in range(N - 1, -1, -1):
        if not defaults[k]:
            U[k] = (Fraction(k, N) * w + Fraction(N - k, N) * (Y - R)) / (1 - d)
        else:
            later = q * U[N] + (1 - q) * U[k + 1]
            U[k] = (Fraction(k, N) * w + Fraction(N - k, N) * (Y + d * later)) / (
                1 - d * Fraction(k, N))
    return U[0]


def best_plan(N, q, Y, R, w, d):
    """Every plan (2**N of them): the best value and the value of repaying for ever."""
    plans = itertools.product([False, True], repeat=N)
    return max(plan_value(N, q, Y, R, w, d, p) for p in plans), plan_value(
        N, q, Y, R, w, d, [False] * N)


def always_default_by_sum(N, q, Y, R, w, d):
    """The closed form of the docstring: w/(1-d) + Z_0."""
    total, product = Fraction(0), Fraction(1)
    for m in range(N):
        product *= Fraction(N - m) / (N - d * m)
        total += (d * (1 - q)) ** m * product
    return Fraction(w) / (1 - d) + (Y - w) * total


# ------------------------------------------------------------ the on-path question
def test_issue_example_defaulting_at_every_chance_beats_repaying():
    """N=5, q=1/5, delta=89/100: one deviation at the start does not pay, a plan of them does."""
    point = {"N": 5, "q": F(1, 5), "Y": 150, "R": 110, "w": 0, "I": 1, "delta": F(89, 100)}
    assert LENDERS.is_honest("one_shot_at_start", **point)
    cert = LENDERS.is_honest("on_path", **point)
    assert not cert and cert.binding.label == "sme@0:open/Lend:always Repay>always Default"
    best, honest = best_plan(5, F(1, 5), 150, 110, 0, F(89, 100))
    assert best > honest
    assert honest - always_default_by_sum(5, F(1, 5), 150, 110, 0, F(89, 100)) == cert.binding.slack


@pytest.mark.parametrize("N", [1, 2, 3, 4, 5])
def test_on_path_verdict_agrees_with_every_plan(N):
    """Repaying at every chance is optimal iff no plan of the 2**N does better."""
    for q, d in itertools.product([0, F(1, 5), F(1, 2), 1], [F(7, 10), F(4, 5), F(17, 20),
                                                            F(89, 100), F(19, 20)]):
        best, honest = best_plan(N, q, 150, 110, 0, d)
        verdict = LENDERS.is_honest("on_path", N=N, q=q, delta=d, **BASE)
        assert bool(verdict) == (honest >= best), (N, q, d)


@settings(max_examples=6, deadline=None, derandomize=True)
@given(st.integers(1, 6), fractions(0, 1, max_denominator=6),
       fractions(F(1, 2), F(49, 50), max_denominator=50))
def test_policy_slack_matches_hand_sum(N, q, d):
    slack = next(c.slack for c in LENDERS.constraints("on_path", N=N, q=q, delta=d, **BASE)
                 if c.player == "sme")
    honest = Fraction(40) / (1 - d)
    assert slack == honest - always_default_by_sum(N, q, 150, 110, 0, d)


@pytest.mark.parametrize(("N", "q"), [(2, F(1, 2)), (3, F(1, 5)), (5, F(1, 5)), (4, 0)])
def test_on_path_threshold_is_smallest_delta_where_repaying_is_optimal(N, q):
    """At delta* repaying ties with defaulting at every chance; just below, a plan beats it."""
    t = LENDERS.threshold("delta", "on_path", N=N, q=q, **BASE)
    assert t.exact and t.direction == ">="
    star = sp.Rational(t.value) if t.value.is_Rational else t.value
    best_below, honest_below = best_plan(N, q, 150, 110, 0, Fraction(str(sp.N(star - sp.Rational(1, 10**6), 30))))
    assert best_below > honest_below
    above = Fraction(str(sp.N(star + sp.Rational(1, 10**6), 30)))
    best_above, honest_above = best_plan(N, q, 150, 110, 0, above)
    assert best_above == honest_above


def test_on_path_two_lenders_by_hand():
    """N = 2: 40/(1-d) >= 150 [1 + d(1-q)/(2-d)]; at q = 1/2 the root is 4/5, at q = 0 11/13."""
    assert LENDERS.threshold("delta", "on_path", N=2, q=F(1, 2), **BASE).value == F(4, 5)
    assert LENDERS.threshold("delta", "on_path", N=2, q=0, **BASE).value == F(11, 13)


def test_on_path_many_lenders_is_bracketed_exactly():
    """N = 40: the degree-40 root, bracketed by exact arithmetic (checked by the hand sum)."""
    t = LENDERS.threshold("delta", "on_path", N=40, q=F(1, 5), **BASE)
    assert not t.exact and isinstance(t.value, float)
    below, above = (Fraction(t.value) * (1 + s * Fraction(1, 10**9)) for s in (-1, 1))
    for d, holds in ((below, False), (above, True)):
        gap = Fraction(40) / (1 - d) - always_default_by_sum(40, F(1, 5), 150, 110, 0, d)
        assert (gap >= 0) == holds
    exact = LENDERS.threshold("delta", "on_path", N=3, q=F(1, 5), method="numeric", **BASE)
    assert exact.value == pytest.approx(float(
        LENDERS.threshold("delta", "on_path", N=3, q=F(1, 5), **BASE).value), abs=1e-14)


def test_three_notions_are_ordered_over_a_grid():
    """one-shot at start <= optimal on the path <= sequential, in delta, over (N, q)."""
    for N, q in itertools.product([1, 2, 3, 5, 8, 20], [0, F(1, 10), F(1, 3), F(3, 4), 1]):
        point = {"N": N, "q": q, **BASE}
        stars = [float(LENDERS.threshold("delta", w, **point).value) for w in WHICH]
        assert stars[0] <= stars[1] + 1e-12 and stars[1] <= stars[2] + 1e-12, (N, q, stars)
        if N == 1 or q == 1:  # nothing stays private, or one lender: all grim trigger
            assert stars == pytest.approx([11 / 15] * 3)


# ------------------------------------------------------------ closed forms
@settings(max_examples=4, deadline=None, derandomize=True)
@given(st.integers(1, 3), fractions(0, 1, max_denominator=8), st.integers(120, 200))
def test_one_shot_and_sequential_match_hand_closed_forms(N, q, Y):
    R, w = 80, 10
    point = {"N": N, "q": q, "Y": Y, "R": R, "w": w, "I": R}
    assert LENDERS.threshold("delta", "one_shot_at_start", **point).value == one_shot_delta(
        N, q, Y, R, w)
    expected = Fraction(R, Y - w) if q == 1 else bilateral_delta(N, Y, R, w)
    assert LENDERS.threshold("delta", **point).value == expected


def test_block_derivation_agrees_with_the_whole_automaton():
    """The engine on all 2N states gives the constraints derived once on one block."""
    for N, q in ((3, F(1, 3)), (2, 1)):
        game = LENDERS.game(N=N, q=q, **BASE)
        whole = {c.label: c.slack for c in game.constraints()}
        block = {c.label: c.slack for c in LENDERS.constraints(N=N, q=q, **BASE)}
        assert whole.keys() == block.keys()
        assert all(sp.cancel(whole[k] - block[k]) == 0 for k in whole)
        on_path = {c.label for c in game.constraints() if c.on_path}
        assert on_path == {c.label for c in LENDERS.constraints(N=N, q=q, **BASE) if c.on_path}


def test_symbolic_thresholds_any_number_of_lenders():
    """With nothing but N given: one-shot NR/(NR + (Y-R-w)(1+q(N-1))); sequential at k = N-1."""
    R, Y, w, q = gc.symbols("R Y w q")
    for N in (1, 2, 100):
        t = LENDERS.threshold("delta", "one_shot_at_start", N=N)
        assert sp.simplify(t.value - N * R / (N * R + (Y - R - w) * (1 + q * (N - 1)))) == 0
        seq = LENDERS.threshold("delta", N=N)
        hand = N * R / (N * R + Y - R - w)
        assert any(sp.simplify(v - hand) == 0 for v in sp.Max.make_args(seq.value))


def test_one_lender_is_grim_trigger_and_so_is_full_publicity():
    grim = gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).value
    assert grim == F(11, 15)
    for q in (0, F(1, 3), 1):
        pair = LENDERS.thresholds("delta", N=1, q=q, **BASE)
        assert pair.on_path.value == pair.sequential.value == grim
    for N in (2, 5):
        pair = LENDERS.thresholds("delta", N=N, q=1, **BASE)
        assert pair.on_path.value == pair.sequential.value == grim


@FAST
@given(st.integers(2, 5), fractions(F(3, 4), F(19, 20), max_denominator=20))
def test_q_min_one_shot_at_start(N, delta):
    """q >= (N R (1-delta) / (delta (Y-R-w)) - 1) / (N - 1), clipped to [0, 1]."""
    need = (Fraction(N * 110) * (1 - delta) / (delta * 40) - 1) / (N - 1)
    if need > 1:
        with pytest.raises(NoSolutionError):
            LENDERS.threshold("q", "one_shot_at_start", N=N, delta=delta, **BASE)
        return
    assert LENDERS.threshold("q", "one_shot_at_start", N=N, delta=delta, **BASE).value == max(
        need, 0)


def test_q_min_on_path_against_brute_force():
    t = LENDERS.threshold("q", "on_path", N=3, delta=F(17, 20), **BASE)
    q = t.value
    lo, hi = (Fraction(str(sp.N(q + s * sp.Rational(1, 10**6), 30))) for s in (-1, 1))
    assert operator_gap(3, lo, F(17, 20)) < 0 <= operator_gap(3, hi, F(17, 20))


def operator_gap(N, q, d):
    best, honest = best_plan(N, q, 150, 110, 0, d)
    return honest - best


def test_q_threshold_sequential_only_full_publicity():
    """When the bilateral condition fails, only q = 1 removes the states after private defaults."""
    t = LENDERS.threshold("q", "sequential", N=3, delta=F(4, 5), **BASE)
    assert (t.value, t.direction, t.region) == (1, ">=", sp.FiniteSet(1))
    assert "only at q = 1" in t.reason
    generous = LENDERS.threshold("q", "sequential", N=3, delta=F(19, 20), **BASE)
    assert generous.region == sp.Interval(0, 1)


# ------------------------------------------------------------ thresholds in N
def n_one_shot(q, delta, Y=150, R=110, w=0):
    """N (R(1-delta) - q delta (Y-R-w)) <= delta (Y-R-w)(1-q): an upper bound on N, or none."""
    slope = R * (1 - delta) - q * delta * (Y - R - w)
    if slope <= 0:
        return 1, ">="  # every N works
    return math.floor(delta * (Y - R - w) * (1 - q) / slope), "<="


@pytest.mark.parametrize(
    ("q", "delta"),
    [(F(1, 5), F(9, 10)), (F(1, 2), F(17, 20)), (0, F(4, 5)), (F(1, 2), F(199, 200))],
)
def test_number_of_lenders_one_shot(q, delta):
    t = LENDERS.threshold("N", "one_shot_at_start", q=q, delta=delta, **BASE)
    assert (t.value, t.direction) == n_one_shot(q, delta)
    assert t.integer


def test_number_of_lenders_sequential_has_no_cap_and_a_real_boundary():
    """N <= delta (Y-R-w) / (R (1-delta)): 72.36... at delta = 0.995 (beyond the old cap 64)."""
    delta = F(199, 200)
    t = LENDERS.threshold("N", "sequential", q=F(1, 2), delta=delta, **BASE)
    real = delta * 40 / (110 * (1 - delta))
    assert (t.value, t.direction, t.boundary) == (72, "<=", real)
    assert "real boundary" in str(t)
    assert float(sp.sympify(t.to_dict()["boundary"])) == pytest.approx(float(real))
    t = LENDERS.threshold("N", "sequential", q=F(1, 2), delta=F(9999, 10000), **BASE)
    assert t.value == math.floor(F(9999, 10000) * 40 / (110 * F(1, 10000)))  # 3636


def test_number_of_lenders_on_path_against_a_scan():
    """The on-path slack falls with N: the N that work are 1 ... N-bar (scan to 40)."""
    for q, delta in ((F(1, 5), F(9, 10)), (F(1, 4), F(17, 20)), (F(1, 10), F(19, 20))):
        t = LENDERS.threshold("N", "on_path", q=q, delta=delta, **BASE)
        works = [Fraction(40) / (1 - delta) >= always_default_by_sum(n, q, 150, 110, 0, delta)
                 for n in range(1, 41)]
        assert t.direction == "<=" and works == [n <= t.value for n in range(1, 41)]
    assert LENDERS.threshold("N", "on_path", q=F(1, 5), delta=F(9, 10), **BASE).value == 5


def test_number_of_lenders_on_path_beyond_the_old_cap_and_every_N():
    """Near the limit (Y-w)/(1-delta(1-q)) the largest N is large; above it every N works."""
    delta, q = F(19, 20), F(1, 3)
    # limit: 40/(1-d) = 800 against 150/(1 - d(1-q)) = 4500/11 < 800: every N works
    t = LENDERS.threshold("N", "on_path", q=q, delta=delta, **BASE)
    assert (t.value, t.direction) == (1, ">=") and "every N works" in t.reason
    q = F(1, 7)  # 150/(1 - d(1-q)) = 807.7 > 800, barely: a largest N, beyond 64
    t = LENDERS.threshold("N", "on_path", q=q, delta=delta, **BASE)
    slack = [Fraction(800) - always_default_by_sum(n, q, 150, 110, 0, delta)
             for n in (t.value, t.value + 1)]
    assert t.value > 64 and slack[0] >= 0 > slack[1]


def test_no_number_of_lenders_works():
    """delta below grim: even one lender is not enough, and more lenders only hurt."""
    for which in WHICH:
        with pytest.raises(NoSolutionError):
            LENDERS.threshold("N", which, q=F(1, 2), delta=F(1, 2), **BASE)


# ------------------------------------------------------------ cluster partners
@settings(max_examples=4, deadline=None, derandomize=True)
@given(st.integers(0, 6), fractions(0, 1, max_denominator=6), st.integers(1, 20))
def test_partners_closed_forms(N, q, s):
    """delta* = R / (Y - w + q N s); s_min = (R(1-delta) - delta(Y-R-w)) / (delta q N)."""
    for which in WHICH:  # after a default the bank refuses: no later choice, one answer
        assert PARTNERS.threshold("delta", which, N=N, q=q, s=s, **BASE).value == Fraction(
            110, 150 + q * N * s)
    delta = F(1, 2)
    if not q or not N:
        with pytest.raises(NoSolutionError):
            PARTNERS.threshold("s", N=N, q=q, delta=delta, **BASE)
    else:
        need = (110 * (1 - delta) - delta * 40) / (delta * N * q)
        assert PARTNERS.threshold("s", N=N, q=q, delta=delta, **BASE).value == need


def test_partners_isolated_baseline_is_allowed():
    """N = 0: one bank, no partners: grim trigger's R/(Y - w)."""
    assert PARTNERS.threshold("delta", N=0, q=F(1, 2), s=5, **BASE).value == F(11, 15)
    assert list(PARTNERS.game(N=0, q=F(1, 2)).states) == ["honest", "punished:0"]
    assert PARTNERS.is_honest(N=0, q=F(1, 2), s=5, delta=F(3, 4), **BASE)
    every = PARTNERS.threshold("N", q=F(1, 2), s=5, delta=F(4, 5), **BASE)
    assert (every.value, every.direction) == (0, ">=") and 0 in every.region
    with pytest.raises(DomainError, match="whole number >= 0"):
        PARTNERS.threshold("delta", N=-1, q=F(1, 2), s=5, **BASE)


def test_partners_minimum_size_and_its_failure():
    """N_min = ceil((R(1-delta) - delta(Y-R-w)) / (delta q s)); with q = 0 none works."""
    point = {"q": F(1, 2), "s": 5, "delta": F(1, 2), **BASE}
    pair = PARTNERS.thresholds("N", **point)
    assert pair.on_path.value == pair.sequential.value == 28
    assert pair.on_path.boundary == 28 and pair.on_path.direction == ">="
    works = [bool(PARTNERS.is_honest(N=n, **point)) for n in range(20, 36)]
    assert works == [n >= 28 for n in range(20, 36)]
    with pytest.raises(NoSolutionError, match="partners"):
        PARTNERS.threshold("N", **{**point, "q": 0})


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
    q = draw(st.sampled_from([0, F(1, 4), F(1, 2), F(3, 4)]))
    delta = draw(st.sampled_from([F(1, 2), F(3, 4), F(9, 10)]))
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


def test_monte_carlo_defaulting_at_every_chance():
    """Simulated value of defaulting whenever a trusting lender is met, against the engine's."""
    N, q, d, paths = 4, 0.25, 0.8, 20000
    rng = np.random.default_rng(5)
    horizon = math.ceil(math.log(1e-9) / math.log(d))
    refusing = np.zeros((paths, N), dtype=bool)
    value = np.zeros(paths)
    rows = np.arange(paths)
    for t in range(horizon):
        lender = rng.integers(0, N, size=paths)
        trusting = ~refusing[rows, lender]
        value += d**t * np.where(trusting, 150.0, 0.0)  # w = 0
        public = trusting & (rng.random(paths) < q)
        refusing[rows[trusting], lender[trusting]] = True
        refusing[public] = True
    policy = next(c for c in LENDERS.constraints("on_path", N=N, q=F(1, 4), delta=F(4, 5), **BASE)
                  if c.player == "sme")
    se = value.std(ddof=1) / math.sqrt(paths)
    assert abs(value.mean() - float(policy.deviate)) <= 4 * se


@settings(max_examples=4, deadline=None, derandomize=True)
@given(
    st.integers(1, 6),
    st.sampled_from([F(1, 4), F(2, 3)]),
    st.sampled_from([F(3, 5), F(17, 20)]),
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


# ------------------------------------------------------------ names, exactness, errors
def test_deprecated_names_warn_and_still_answer():
    with pytest.warns(DeprecationWarning, match="sequential"):
        old = LENDERS.threshold("delta", "subgame_perfect", N=2, q=F(1, 2), **BASE)
    assert old.value == F(11, 13)
    pair = LENDERS.thresholds("delta", N=2, q=F(1, 2), **BASE)
    with pytest.warns(DeprecationWarning, match="sequential"):
        assert pair.subgame_perfect is pair.sequential
    with pytest.warns(DeprecationWarning, match="max_N"):
        LENDERS.threshold("N", "sequential", q=F(1, 2), delta=F(9, 10), max_N=8, **BASE)


def test_exact_in_exact_out_and_float_in_float_out():
    exact = LENDERS.threshold("delta", N=2, q=F(1, 2), **BASE)
    assert exact.value == F(11, 13) and exact.exact
    approx = LENDERS.threshold("delta", N=2, q=0.5, **BASE)
    assert isinstance(approx.value, float) and approx.value == pytest.approx(11 / 13)
    on = LENDERS.threshold("delta", "on_path", N=2, q=0.5, **BASE)
    assert isinstance(on.value, float) and on.value == pytest.approx(0.8, abs=1e-14)
    cert = LENDERS.is_honest(N=2, q=0.5, delta=0.9, **BASE)
    assert cert.holds and all(isinstance(v, float) for _, v in cert.slacks)


def test_certificates_name_the_notion_and_the_binding_constraint():
    point = {"N": 3, "q": F(1, 2), "delta": F(17, 20), **BASE}
    cert = LENDERS.is_honest(**point)  # one-shot 33/41 <= 17/20 < 33/37 bilateral
    assert not cert and cert.binding.state == "2:open"
    assert str(cert).startswith("sequential equilibrium: fails")
    assert LENDERS.is_honest("one_shot_at_start", **point)
    assert str(LENDERS.is_honest("on_path", **point)).startswith("optimal on the equilibrium path")


def test_states_after_private_defaults_exist_only_when_reachable():
    assert set(LENDERS.game(N=3, q=1).states) == {"0:open", "3:shut"}
    assert len(LENDERS.game(N=3).states) == 6
    assert set(PARTNERS.game(N=2, q=1).states) == {"honest", "punished:0"}
    assert {c.state for c in LENDERS.constraints(N=3, q=1, **BASE)} == {"0:open", "3:shut"}


def test_bad_input():
    with pytest.raises(MissingParameterError, match="give N"):
        LENDERS.threshold("delta", q=F(1, 2))
    with pytest.raises(UnknownParameterError, match="valid names"):
        LENDERS.threshold("delta", N=2, s=3)
    with pytest.raises(UnknownParameterError, match="not a parameter"):
        LENDERS.threshold("s", N=2)
    with pytest.raises(ModelError, match="which must be one of"):
        LENDERS.threshold("delta", "sometimes", N=2)
    with pytest.raises(ModelError, match="method"):
        LENDERS.threshold("delta", "on_path", N=2, method="fast")
    with pytest.raises(DomainError, match="whole number >= 1"):
        LENDERS.threshold("delta", N=0)
    with pytest.raises(DomainError):
        LENDERS.threshold("delta", N=2.5)
    with pytest.raises(DomainError):
        LENDERS.threshold("delta", N=2, q=float("nan"))
    with pytest.raises(DomainError, match="do not also give"):
        LENDERS.threshold("N", N=2)
    with pytest.raises(MissingParameterError, match="delta"):
        LENDERS.threshold("N", "on_path", q=F(1, 2), Y=150, R=110, w=0)
    with pytest.raises(MissingParameterError, match="values needed"):
        LENDERS.is_honest(N=2)
    with pytest.raises(ModelError, match="give N as a number"):
        LENDERS._conditions("on_path", gc.symbol("N"), {}, True)


def test_threshold_pair_renders_and_serialises():
    pair = LENDERS.thresholds("delta", N=2, q=F(1, 2), **BASE)
    assert isinstance(pair, ThresholdPair)
    text = str(pair)
    assert "optimal on the equilibrium path" in text and "sequential equilibrium" in text
    data = pair.to_dict()
    assert float(sp.sympify(data["sequential"]["value"])) == pytest.approx(11 / 13)
    assert float(sp.sympify(data["on_path"]["value"])) == pytest.approx(4 / 5)
    assert r"\frac{11}{13}" in pair.latex() and pair._repr_latex_().startswith("$")


# ------------------------------------------------------------ the (N, q) figures
def test_threshold_nq_data_one_shot_matches_closed_form():
    qs = [0.0, 0.25, 0.5, 1.0]
    data = threshold_nq_data([1, 3], qs, which="one_shot_at_start")
    got = np.array(data.columns["delta_star"]).reshape(2, 4)
    want = np.array([[float(one_shot_delta(N, F(q), 150, 110, 0)) for q in qs] for N in (1, 3)])
    assert np.allclose(got, want)


def test_threshold_nq_data_on_path_matches_the_sme_problem():
    """Each on-path point: the hand sum changes sign there."""
    data = threshold_nq_data([2, 4], [0.0, 0.5, 1.0])
    assert data.notes["which"] == "on_path"
    for N, q, star in zip(*(data.columns[k] for k in ("N", "q", "delta_star")), strict=True):
        q = Fraction(q)
        for d, holds in ((Fraction(star) - F(1, 10**9), False), (Fraction(star) + F(1, 10**9),
                                                                   True)):
            gap = Fraction(40) / (1 - d) - always_default_by_sum(N, q, 150, 110, 0, d)
            assert (gap >= 0) == holds
    assert data.columns["delta_star"][2] == pytest.approx(11 / 15)  # full publicity: grim


def test_threshold_nq_sequential_jumps_at_full_publicity():
    data = threshold_nq_data([2], [0.0, 0.5, 1.0], which="sequential")
    assert data.columns["delta_star"] == pytest.approx([11 / 13, 11 / 13, 11 / 15])


def test_three_notions_figure_data():
    data = threshold_notions_data([1, 3], [0.0, 0.5])
    cols = data.columns
    assert cols["one_shot_at_start"][2] == pytest.approx(float(one_shot_delta(3, 0, 150, 110, 0)))
    assert cols["sequential"][3] == pytest.approx(float(bilateral_delta(3, 150, 110, 0)))
    for a, b, c, gap in zip(*(cols[k] for k in (*WHICH, "gap")), strict=True):
        assert a <= b + 1e-12 <= c + 2e-12 and gap == pytest.approx(c - a)


def test_plots_attach_data():
    fig = plot_threshold_nq([1, 2], [0.0, 0.5, 1.0], Y=150, R=110, w=0)
    data = figure_data(fig)
    assert len(data.columns["delta_star"]) == 6 and data.notes["which"] == "on_path"
    fig = plot_threshold_notions([1, 2], [0.0, 0.5])
    assert figure_data(fig).columns["N"] == [1, 1, 2, 2]
    with pytest.raises(DomainError):
        threshold_nq_data([1], [1.5])


# ------------------------------------------------------------ grim vs T-period exclusion
def test_exclusion_for_T_periods_beats_grim_under_imperfect_monitoring():
    """A failed project is punished like a default: grim ends every relationship in exclusion.

    By hand (pi = 19/20, delta = 9/10, Y=150, R=110, w=0, I=100), honest state:
    grim: V = pi (Y-R) + delta [pi V + (1-pi) w/(1-delta)]; exclusion for T periods:
    V = pi (Y-R) + delta [pi V + (1-pi) P], P = w (1-delta^T)/(1-delta) + delta^T V;
    the bank likewise with pi R - I per loan and 0 while it refuses.
    """
    pi, d = F(19, 20), F(9, 10)
    out = grim_vs_exclusion(pi=pi, delta=d, **BASE)
    T = out["T"]
    shortest = min(t for t in range(1, 30) if gc.RepeatedLending(
        "exclusion", monitoring=True).is_honest(T=t, pi=pi, delta=d, **BASE))
    assert shortest == T
    sme_grim = pi * 40 / (1 - d * pi)
    sme_excl = pi * 40 / (1 - d * pi - d * (1 - pi) * d**T)
    bank_grim = (pi * 110 - 100) / (1 - d * pi)
    bank_excl = (pi * 110 - 100) / (1 - d * pi - d * (1 - pi) * d**T)
    assert (out["grim"]["sme"], out["grim"]["bank"]) == (sme_grim, bank_grim)
    assert (out["exclusion"]["sme"], out["exclusion"]["bank"]) == (sme_excl, bank_excl)
    assert sme_excl > sme_grim and bank_excl > bank_grim
    share = (1 - pi) * T / (1 + (1 - pi) * T)  # long-run share of periods excluded
    assert out["grim"]["excluded_in_the_long_run"] == 1
    assert out["exclusion"]["excluded_in_the_long_run"] == share
