"""Stiglitz–Weiss and Bester: every result against a second, independent road.

Second roads:

* ``brute_return`` — the bank's return computed straight from the primitives
  (``min(R, y + C)`` and the borrowers' participation), with numpy, no sympy;
* hand closed forms — drop-out rates, the drop, the uniform-θ return, Bester's
  contracts from the two binding constraints;
* numeric optimisation — ``scipy.optimize.brute`` for the bank-optimal rate,
  ``scipy.optimize.linprog`` and a grid search for Bester's contracts;
* Monte Carlo — simulated borrowers for the continuous-type return.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
import sympy.stats as ss
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from gametheory_cluster.errors import DomainError, ModelError, NoSolutionError, SolveError
from gametheory_cluster.models.information import (
    Bester,
    RiskType,
    StiglitzWeiss,
    StiglitzWeissContinuous,
    credit_market_data,
    expected_return_data,
    screening_data,
    wealth_rationing_data,
)

BASE = dict(safe_share=F(1, 2), collateral=F(1, 5), reservation=F(1, 10))
SW = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), **BASE)


# ------------------------------------------------------------------ second road
def brute_return(types, collateral, rate):
    """(return, demand) at ``rate`` from the primitives; types are (p, X, share, u)."""
    num = den = 0.0
    for p, x, n, u in types:
        profit = p * max(x - rate, -collateral) + (1 - p) * max(-rate, -collateral)
        if profit >= u - 1e-12:
            num += n * (p * min(rate, x + collateral) + (1 - p) * min(rate, collateral))
            den += n
    return (num / den if den else np.nan), den


def primitives(model):
    return [
        (float(t.success), float(t.payoff), float(t.share), float(t.reservation))
        for t in model.types
    ]


def two_type_strategy():
    """Random exact two-type markets in the interior regime (mean - u > C)."""
    probability = st.fractions(F(1, 20), 1)
    return st.tuples(
        probability,
        probability,
        st.fractions(F(1, 2), 3),
        st.fractions(F(1, 10), F(9, 10)),
        st.fractions(0, 1),
        st.fractions(F(1, 100), 1),
    ).filter(lambda v: v[0] != v[1] and v[2] - v[5] > v[4])


def build(v):
    ps, pr, mean, n, c, u = v
    ps, pr = max(ps, pr), min(ps, pr)
    return StiglitzWeiss.two_type(ps, pr, mean, safe_share=n, collateral=c, reservation=u)


# ------------------------------------------------------------- hand closed forms
@settings(max_examples=15, deadline=None)
@given(two_type_strategy())
def test_dropout_rates_and_drop_match_hand_formulas(v):
    sw = build(v)
    ps, pr = max(v[0], v[1]), min(v[0], v[1])
    mean, n, c, u = v[2], v[3], v[4], v[5]
    hand = {"safe": c + (mean - u - c) / ps, "risky": c + (mean - u - c) / pr}
    assert sw.dropout_rates() == {k: sp.Rational(h) for k, h in hand.items()}
    # the drop when the safe type leaves: n (p_s - p_r) (R̂_s - C)
    assert sw.jump("safe") == sp.Rational(n * (ps - pr) * (hand["safe"] - c))


def test_symbolic_two_type_matches_hand_formulas():
    S = StiglitzWeiss.SYMBOLS
    ps, pr, mean, n, c, u = (
        S[k] for k in ("p_safe", "p_risky", "mean", "safe_share", "collateral", "reservation")
    )
    sw = StiglitzWeiss.two_type(assumptions=[mean - u > c, u > 0])
    safe = c + (mean - u - c) / ps
    assert sp.simplify(sw.dropout_rate("safe") - safe) == 0
    assert sp.simplify(sw.dropout_rate("risky") - (c + (mean - u - c) / pr)) == 0
    assert sp.simplify(sw.jump("safe") - n * (ps - pr) * (safe - c)) == 0
    pieces = sw.intervals
    assert [names for _, _, names, _ in pieces] == [("safe", "risky")] * 2 + [("risky",)]
    mix = n * (ps * sp.Symbol("R", positive=True) + (1 - ps) * c) + (1 - n) * (
        pr * sp.Symbol("R", positive=True) + (1 - pr) * c
    )
    assert sp.simplify(pieces[1][3] - mix) == 0


def test_symbolic_without_regime_keeps_both_cases_and_asks_for_numbers():
    sw = StiglitzWeiss.two_type()
    assert isinstance(sw.dropout_rate("safe"), sp.Piecewise)
    with pytest.raises(SolveError, match="assumption"):
        sw.expected_return()


def test_fully_secured_regime_drops_out_at_mean_minus_reservation():
    # collateral above mean - u: a type applies only while its loan is fully secured
    sw = StiglitzWeiss.two_type(
        F(9, 10), F(1, 2), 1, safe_share=F(1, 2), collateral=F(9, 10), reservation=F(1, 5)
    )
    assert sw.dropout_rates() == {"safe": F(4, 5), "risky": F(4, 5)}
    assert sw.expected_return() == sp.Piecewise(
        (sp.Symbol("R", positive=True), sp.Symbol("R", positive=True) <= F(4, 5)), (sp.nan, True)
    )


def test_no_collateral_and_no_reservation_means_nobody_drops_out():
    sw = StiglitzWeiss.two_type(
        F(9, 10), F(1, 2), 1, safe_share=F(1, 2), collateral=0, reservation=0
    )
    assert sw.dropout_rate("safe") == sp.oo
    with pytest.raises(SolveError, match="max_rate"):
        sw.shape()


# ------------------------------------------- one rule of indifference, two roads
SYM = StiglitzWeiss.two_type()  # every primitive symbolic: the dropout rates keep all cases
GRID_POINTS = [
    # (p_safe, p_risky, mean, safe share, C, u)
    (F(9, 10), F(1, 2), F(27, 20), F(1, 2), 0, 0),  # C = u = 0: indifferent at every high rate
    (F(9, 10), F(1, 2), F(27, 20), F(1, 2), F(1, 5), 0),
    (F(9, 10), F(1, 2), F(27, 20), F(1, 2), 0, F(1, 10)),
    (F(9, 10), F(1, 2), F(27, 20), F(1, 2), F(1, 5), F(1, 10)),
    (F(9, 10), F(1, 2), 1, F(1, 2), F(9, 10), F(1, 5)),  # fully secured: C > mean - u
    (F(9, 10), F(1, 2), F(27, 20), F(1, 2), F(23, 20), F(1, 5)),  # C = mean - u exactly
    (1, F(1, 2), F(27, 20), F(1, 3), F(1, 5), F(1, 10)),  # a safe type that never fails
]


def symbolic_road(point, rate):
    """(return, demand) from the *symbolic* model's drop-out rates and receipts, evaluated at
    the point: indifferent types apply (drop-out rate >= rate)."""
    ps, pr, mean, n, c, u = point
    S = StiglitzWeiss.SYMBOLS
    subs = {S["p_safe"]: ps, S["p_risky"]: pr, S["mean"]: mean, S["safe_share"]: n,
            S["collateral"]: c, S["reservation"]: u}
    R = sp.Symbol("R", positive=True)
    num = den = sp.Integer(0)
    for name, share in (("safe", sp.Rational(n)), ("risky", 1 - sp.Rational(n))):
        dropout = SYM.dropout_rate(name).subs(subs)
        if dropout >= rate:
            num += share * SYM.receipt(name).subs(subs).subs(R, rate)
            den += share
    return (num / den if den else None), den


def kinks(model, point):
    """Every kink of the receipts and every finite drop-out rate, and points between them."""
    ps, pr, mean, _, c, _ = point
    points = {sp.Rational(c), mean / ps + c, mean / pr + c}
    points |= {r for r in model.dropout_rates().values() if r != sp.oo}
    points = sorted(p for p in points if p > 0)
    between = [(a + b) / 2 for a, b in zip([0, *points], points, strict=False)]
    return [*points, *between, points[-1] + 1, 3 * points[-1]]


@pytest.mark.parametrize("point", GRID_POINTS)
def test_symbolic_and_numeric_roads_agree_on_a_grid_with_the_kinks(point):
    ps, pr, mean, n, c, u = point
    model = StiglitzWeiss.two_type(ps, pr, mean, safe_share=n, collateral=c, reservation=u)
    for name in ("safe", "risky"):  # the symbolic drop-out rate, evaluated, is the numeric one
        assert SYM.dropout_rate(name).subs(
            dict(zip([StiglitzWeiss.SYMBOLS[k] for k in ("p_safe", "p_risky", "mean",
                                                         "safe_share", "collateral",
                                                         "reservation")], point, strict=True))
        ) == model.dropout_rate(name)
    top = model.intervals[-1][1]
    for rate in kinks(model, point):
        ret, dem = symbolic_road(point, rate)
        if rate > top:  # nobody applies above the top: the symbolic road agrees
            assert dem == 0
            with pytest.raises(DomainError, match="top rate"):
                model.expected_return(rate)
            continue
        assert model.demand(rate) == dem
        assert model.expected_return(rate) == ret  # exact scalar
        assert model.expected_return(float(rate)) == pytest.approx(float(ret))  # float scalar
        assert model.expected_return(np.array([float(rate)]))[0] == pytest.approx(float(ret))
        brute, brute_dem = brute_return(primitives(model), float(c), float(rate))
        assert brute == pytest.approx(float(ret)) and brute_dem == pytest.approx(float(dem))


def test_no_collateral_no_reservation_value_is_finite_where_the_piecewise_is():
    sw = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), safe_share=F(1, 2), collateral=0,
                                reservation=0)
    # formerly: 3/2 by the symbolic road and a SolveError for the return at 3/2
    assert sw.expected_return(F(3, 2)) == F(21, 20) == sw.expected_return().subs(
        sp.Symbol("R", positive=True), F(3, 2))
    assert sw.expected_return(10) == F(27, 20) and sw.demand(10) == 1
    assert sw.break_even_rate(F(27, 20)) == F(27, 10)


def test_a_positive_reservation_value_can_be_assumed():
    S = StiglitzWeiss.SYMBOLS
    mean, c, u = S["mean"], S["collateral"], S["reservation"]
    assert u.is_nonnegative and not u.is_positive  # u = 0 is allowed ...
    sw = StiglitzWeiss.two_type(assumptions=[u > 0, mean - u > c])  # ... and u > 0 assumable
    assert sp.simplify(sw.dropout_rate("safe") - (c + (mean - u - c) / S["p_safe"])) == 0
    without = StiglitzWeiss.two_type(assumptions=[mean - u > c])
    assert without.dropout_rate("safe").args[-1] == (sp.oo, True)  # C = u = 0 stays possible


@pytest.mark.parametrize("cost", [F(1, 2), F(9, 10), 1, F(61, 60), F(11, 10), F(5, 4), F(13, 10)])
@pytest.mark.parametrize("v", GRID_POINTS[1:])
def test_break_even_rate_is_the_lowest_rate_that_covers_the_cost(v, cost):
    sw = build(v)
    try:
        rate = sw.break_even_rate(cost)
    except NoSolutionError:
        assert all(brute_return(primitives(sw), float(v[4]), r)[0] < float(cost) + 1e-12
                   for r in sw.grid(400))
        return
    assert sw.expected_return(rate) >= cost
    grid = sw.grid(400)
    below = grid[grid < float(rate) * (1 - 1e-9)]
    values = sw.expected_return(below) if below.size else np.array([])
    assert np.all(values < float(cost) + 1e-12)  # no lower rate pays the cost
    if rate > v[4]:  # interior: the return equals the cost there (a root, not a jump)
        assert sw.expected_return(rate) == cost
    assert sw.market(cost).rate == pytest.approx(float(rate), rel=1e-9)  # elastic funds


def test_continuous_break_even_rate():
    m = StiglitzWeissContinuous(ss.Uniform("theta", 0, F(1, 2)), mean=F(27, 20),
                                collateral=F(1, 5), reservation=F(1, 10))
    assert m.break_even_rate(1) == pytest.approx(13 / 10)  # R/4 + 27/40 = 1
    with pytest.raises(NoSolutionError):
        m.break_even_rate(2)


# --------------------------------------------------------------- brute-force road
@settings(max_examples=12, deadline=None)
@given(two_type_strategy(), st.lists(st.floats(0.01, 0.999), min_size=3, max_size=3))
def test_return_and_demand_match_primitives(v, fractions):
    sw = build(v)
    top = float(sw.intervals[-1][1])
    for f in fractions:
        rate = f * top
        ret, dem = brute_return(primitives(sw), float(sw.collateral), rate)
        assert sw.expected_return(rate) == pytest.approx(ret, rel=1e-9, abs=1e-12)
        assert float(sw.demand(rate)) == pytest.approx(dem)


def test_three_types_match_primitives_and_drop_at_each_exit():
    types = [
        RiskType(name, p, F(6, 5) / p, n)
        for name, p, n in (("a", F(19, 20), 1), ("b", F(3, 5), 2), ("c", F(3, 10), 1))
    ]
    sw = StiglitzWeiss(types, collateral=F(1, 10), reservation=F(1, 20))
    rates = np.linspace(0.05, float(sw.intervals[-1][1]), 97)
    brute = np.array([brute_return(primitives(sw), 0.1, r)[0] for r in rates])
    assert np.allclose(sw.expected_return(rates), brute, rtol=1e-12)
    shape = sw.shape()
    assert [r for r, _ in shape.interior_peaks] == [sw.dropout_rate("a"), sw.dropout_rate("b")]
    assert all(sw.jump(name) > 0 for name in ("a", "b"))  # SW Theorem 4


def test_exact_in_exact_out_and_floats_out_for_floats():
    assert SW.expected_return(2) == F(11, 10)
    floats = StiglitzWeiss.two_type(0.9, 0.5, 1.35, safe_share=0.5, collateral=0.2, reservation=0.1)
    value = floats.expected_return(2.0)
    assert isinstance(value, float) and value == pytest.approx(1.1)
    assert isinstance(floats.dropout_rate("safe"), float)


# ------------------------------------------ bank-optimal rate: numeric optimisation
@pytest.mark.parametrize("risky_u", [None, F(2, 5)])
def test_global_peak_matches_brute_force_optimisation(risky_u):
    types = [
        RiskType("safe", F(9, 10), F(3, 2), F(1, 2)),
        RiskType("risky", F(1, 2), F(27, 10), F(1, 2), reservation=risky_u),
    ]
    sw = StiglitzWeiss(types, collateral=F(1, 5), reservation=F(1, 10))
    top = float(sw.shape().top_rate)

    def minus(r):
        return -brute_return(primitives(sw), 0.2, float(np.atleast_1d(r)[0]))[0]

    best = optimize.brute(minus, [(0.01, top)], Ns=20001, finish=None)
    rate, value = sw.shape().global_peak
    assert float(rate) == pytest.approx(float(best), abs=top / 20000)
    assert float(value) == pytest.approx(-minus(best), abs=1e-3)
    # Arnold & Riley: with a common reservation value the global maximum is at the top
    assert sw.shape().hump_shaped is (risky_u is not None)


@settings(max_examples=12, deadline=None)
@given(two_type_strategy())
def test_global_maximum_is_at_the_top_rate_with_common_reservation(v):
    shape = build(v).shape()
    assert shape.global_peak[0] == shape.top_rate
    assert shape.top_return == v[2] - v[5]  # mean - u: the last type's surplus, all to the bank
    assert not shape.hump_shaped and shape.rises_at_top


def test_rate_ceiling_makes_the_curve_hump_shaped():
    capped = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), max_rate=F(3, 2), **BASE)
    shape = capped.shape()
    assert shape.top_rate == F(3, 2) and shape.hump_shaped
    assert shape.global_peak == (F(41, 30), F(61, 60))
    assert "hump-shaped" in str(shape)


# --------------------------------------------------------------------- the market
def supply(r):
    return 0.6 * r


def test_two_rate_equilibrium_by_hand():
    m = SW.market(supply)
    assert m.kind == "two rates"
    assert m.rate == pytest.approx(41 / 30) and m.bank_return == pytest.approx(61 / 60)
    assert m.supply == pytest.approx(0.6 * 61 / 60)  # demand 1, supply 0.61
    # the second rate pays the banks as much: 1/5 + (R - 1/5)/2 = 61/60
    assert m.upper_rate == pytest.approx(11 / 6)
    a = (0.61 - 0.5) / (1 - 0.5)
    assert m.credit_probability == pytest.approx(a)
    # excess demand at the bank-optimal rate: all applicants but the 0.22 lent there (0.78),
    # not demand - supply (0.39, which is what is left unserved: the rejected safe types)
    assert m.rationed == pytest.approx(1 - a) == pytest.approx(0.78)
    assert m.lent - m.lent_upper == pytest.approx(a)
    assert m.lent_upper == pytest.approx((1 - a) * 0.5)
    assert m.unserved == pytest.approx((1 - a) * 0.5)  # rejected safe borrowers
    assert brute_return(primitives(SW), 0.2, m.upper_rate)[0] == pytest.approx(m.bank_return)


def test_market_clears_below_the_peak_when_funds_are_plentiful():
    m = SW.market(lambda r: 1.2 * r)
    assert m.kind == "clears" and m.rationed == 0
    ret, dem = brute_return(primitives(SW), 0.2, m.rate)
    assert dem == pytest.approx(1.2 * ret)  # demand equals supply at the clearing rate
    assert m.rate < float(SW.dropout_rate("safe"))


def test_market_rationing_without_a_second_rate_under_a_ceiling():
    capped = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), max_rate=F(3, 2), **BASE)
    m = capped.market(supply)
    assert m.kind == "rationing" and m.upper_rate is None
    assert m.rationed == pytest.approx(1 - 0.61)
    assert "rationing" in str(m) and m.to_dict()["kind"] == "rationing"


@pytest.mark.parametrize("funding", [0.9, 1.1, 1.3])
def test_elastic_funding_lends_at_the_lowest_break_even_rate(funding):
    m = SW.market(funding)
    grid = np.linspace(0.001, 2.3, 230001)
    values = np.array([brute_return(primitives(SW), 0.2, r)[0] for r in grid[::100]])
    ok = np.nonzero(values >= funding)[0]
    if funding > 1.25:
        assert m.kind == "no lending" and ok.size == 0
        return
    assert m.kind == "clears"
    assert m.rate == pytest.approx(grid[::100][ok[0]], abs=2e-3)
    assert m.bank_return == pytest.approx(funding)


def test_market_cost_lowers_the_deposit_return():
    m = SW.market(supply, cost=0.05)
    assert m.supply == pytest.approx(0.6 * (m.bank_return - 0.05))


# ---------------------------------------------------------------- continuous types
UNIFORM = dict(mean=F(27, 20), collateral=F(1, 5), reservation=F(1, 10))


@pytest.mark.parametrize("hi", [F(1, 2), F(4, 5)])
def test_uniform_risk_is_exact_and_matches_the_hand_formula(hi):
    m = StiglitzWeissContinuous(ss.Uniform("theta", 0, hi), **UNIFORM)
    R = sp.Symbol("R", positive=True)
    mean, c, u = UNIFORM["mean"], UNIFORM["collateral"], UNIFORM["reservation"]
    cut = (R - mean + u) / (R - c)
    assert sp.simplify(m.cutoff() - cut) == 0
    curve = m.expected_return()
    # all apply up to mean - u: R - (R - C)·E[θ]; then R - (R - C)(θ̂ + hi)/2
    assert sp.simplify(curve.args[1][0] - (R - (R - c) * hi / 2)) == 0
    assert sp.simplify(curve.args[2][0] - (R - (R - c) * (cut + hi) / 2)) == 0
    assert m.top_rate == sp.Rational((mean - u - hi * c) / (1 - hi))
    # scipy's uniform gives the same numbers by quadrature
    numeric = StiglitzWeissContinuous(
        stats.uniform(0, float(hi)), mean=1.35, collateral=0.2, reservation=0.1
    )
    rates = [m.top_rate * k / 40 for k in range(1, 41)]
    exact = np.array([float(m.expected_return(r)) for r in rates])
    rates = np.array(rates, dtype=float)
    assert np.allclose(numeric.expected_return(rates), exact, rtol=1e-10)
    assert np.allclose(numeric.demand(rates), [float(m.demand(r)) for r in rates])
    assert m.shape().monotone  # a uniform θ never gives a hump


def simulate(dist, rate, mean, c, u, n, rng):
    """Monte Carlo: draw borrowers and projects; the average receipt of the applicants."""
    theta = dist.rvs(size=n, random_state=rng)
    success = rng.random(n) >= theta
    y = np.where(success, mean / (1 - theta), 0.0)
    profit = (1 - theta) * np.maximum(mean / (1 - theta) - rate, -c) + theta * np.maximum(-rate, -c)
    applies = profit >= u
    receipt = np.minimum(rate, y + c)[applies]
    return receipt.mean(), receipt.std(ddof=1) / np.sqrt(applies.sum()), applies.mean()


@pytest.mark.parametrize("rate", [0.9, 1.5, 2.1])
def test_continuous_return_matches_monte_carlo(rate):
    dist = stats.truncexpon(b=10, scale=0.05)
    m = StiglitzWeissContinuous(dist, mean=1.35, collateral=0.2, reservation=0.1)
    est, se, share = simulate(dist, rate, 1.35, 0.2, 0.1, 400_000, np.random.default_rng(7))
    assert abs(m.expected_return(rate) - est) < 4.5 * se
    assert m.demand(rate) == pytest.approx(share, abs=4.5 * np.sqrt(share * (1 - share) / 4e5))


@pytest.mark.parametrize(
    "dist",
    [
        stats.truncexpon(b=10, scale=0.05),
        stats.beta(2, 3, scale=0.6),
        stats.beta(0.5, 5, scale=0.7),
    ],
    ids=["expon", "beta", "beta-sing"],
)
def test_continuous_global_maximum_is_at_the_top(dist):
    m = StiglitzWeissContinuous(dist, mean=1.35, collateral=0.2, reservation=0.1)
    shape = m.shape()
    assert shape.global_peak[0] == pytest.approx(shape.top_rate)
    assert shape.top_return == pytest.approx(1.25, abs=1e-9)
    assert np.all(m.expected_return(m.grid(300)) <= 1.25 + 1e-9)  # no applicant pays more


def test_truncated_exponential_has_an_interior_peak_at_the_all_apply_rate():
    m = StiglitzWeissContinuous(
        stats.truncexpon(b=10, scale=0.05), mean=1.35, collateral=0.2, reservation=0.1
    )
    rate, value = m.shape().interior_peak
    assert rate == pytest.approx(1.25)  # the kink where the safest types start leaving
    res = optimize.minimize_scalar(
        lambda r: -m.expected_return(r), bounds=(1.0, 1.6), method="bounded"
    )
    assert res.x == pytest.approx(1.25, abs=1e-4)
    assert value >= -res.fun - 1e-12 and value == pytest.approx(-res.fun, abs=1e-6)


def test_support_reaching_one_approaches_the_limit():
    m = StiglitzWeissContinuous(stats.beta(0.5, 5), mean=1.35, collateral=0.2, reservation=0.1)
    shape = m.shape()
    assert shape.top_is_limit and not shape.hump_shaped
    assert "approaches" in str(shape)


def test_cutoff_rises_with_the_rate():  # SW Theorem 2
    m = StiglitzWeissContinuous(ss.Uniform("theta", 0, F(1, 2)), **UNIFORM)
    assert sp.simplify(
        sp.diff(m.cutoff(), sp.Symbol("R", positive=True))
        * (sp.Symbol("R", positive=True) - F(1, 5)) ** 2
    ) == F(21, 20)


def test_continuous_market_two_rates():
    m = StiglitzWeissContinuous(
        stats.truncexpon(b=10, scale=0.05), mean=1.35, collateral=0.2, reservation=0.1
    )
    out = m.market(supply)
    assert out.kind == "two rates" and out.rate == pytest.approx(1.25)
    assert m.expected_return(out.upper_rate) == pytest.approx(out.bank_return, abs=1e-9)
    assert out.lent == pytest.approx(0.6 * out.bank_return)


# --------------------------------------------------------------------- validation
def test_unequal_means_are_rejected_naming_the_assumption():
    with pytest.raises(ModelError, match="equal mean returns"):
        StiglitzWeiss([RiskType("a", F(1, 2), 2), RiskType("b", F(1, 4), 3)])


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        (dict(p_safe=F(1, 2), p_risky=F(9, 10)), ModelError, "higher success probability"),
        (dict(p_safe=F(3, 2), p_risky=F(1, 2)), DomainError, "success"),
        (dict(p_safe=F(9, 10), p_risky=0), DomainError, "success"),
        (dict(p_safe=F(9, 10), p_risky=F(1, 2), collateral=-1), DomainError, "collateral"),
        (dict(p_safe=F(9, 10), p_risky=F(1, 2), safe_share=F(3, 2)), DomainError, "safe_share"),
        (dict(p_safe=F(9, 10), p_risky=F(1, 2), mean=float("nan")), DomainError, "nan"),
    ],
)
def test_bad_two_type_inputs(kwargs, error, text):
    args = dict(mean=1, safe_share=F(1, 2), collateral=F(1, 10), reservation=F(1, 20)) | kwargs
    with pytest.raises(error, match=text):
        StiglitzWeiss.two_type(**args)


def test_other_bad_inputs():
    with pytest.raises(ModelError, match="at least two"):
        StiglitzWeiss([RiskType("a", F(1, 2), 2)])
    with pytest.raises(ModelError, match="unique"):
        StiglitzWeiss([RiskType("a", F(1, 2), 2), RiskType("a", F(1, 4), 4)])
    with pytest.raises(ModelError, match="same risk"):
        StiglitzWeiss([RiskType("a", F(1, 2), 2), RiskType("b", F(1, 2), 2)])
    with pytest.raises(ModelError, match="unknown type 'medium'; valid types: safe, risky"):
        SW.dropout_rate("medium")
    with pytest.raises(DomainError, match="top rate"):
        SW.expected_return(3)
    with pytest.raises(DomainError, match="positive"):
        SW.expected_return(np.array([0.0, 1.0]))
    with pytest.raises(NoSolutionError, match="last"):
        SW.jump("risky")
    with pytest.raises(DomainError, match="supply"):
        SW.market(lambda r: -r)


def test_bad_continuous_inputs():
    with pytest.raises(ModelError, match=r"\[0, 1\]"):
        StiglitzWeissContinuous(stats.norm(), mean=1.35, collateral=0.2)
    with pytest.raises(ModelError, match="continuous"):
        StiglitzWeissContinuous(stats.poisson(1), mean=1.35)
    with pytest.raises(ModelError, match="collateral < mean - reservation"):
        StiglitzWeissContinuous(stats.uniform(0, 0.5), mean=1, collateral=0.95, reservation=0.1)
    with pytest.raises(ModelError, match=r"scipy\.stats"):
        StiglitzWeissContinuous([0.1, 0.2], mean=1)
    with pytest.raises(SolveError, match=r"sympy\.stats"):
        StiglitzWeissContinuous(stats.uniform(0, 0.5), mean=1.35).expected_return()


# ------------------------------------------------------------------------ Bester
BESTER = Bester(
    F(9, 10),
    F(3, 5),
    funding=F(21, 20),
    beta=F(4, 5),
    return_low=F(3, 2),
    return_high=F(9, 4),
    low_share=F(1, 2),
)


def hand_contracts(pl, ph, rho, beta):
    """The two binding constraints solved by hand (zero profit on low, high indifferent)."""
    c = rho * (pl - ph) / (pl * (1 - ph) - beta * ph * (1 - pl))
    return (c, rho / ph - (1 - ph) * c / ph), (0, rho / ph)


def bester_strategy():
    probability = st.fractions(F(1, 20), 1)
    return st.tuples(
        probability, probability, st.fractions(F(1, 2), 2), st.fractions(F(1, 20), 1)
    ).filter(lambda v: v[0] != v[1])


@settings(max_examples=20, deadline=None)
@given(bester_strategy())
def test_bester_contracts_match_the_binding_constraints(v):
    pl, ph, rho, beta = max(v[0], v[1]), min(v[0], v[1]), v[2], v[3]
    model = Bester(pl, ph, funding=rho, beta=beta, return_low=100, return_high=100)
    sep = model.separating()
    (cl, rl), (ch, rh) = hand_contracts(pl, ph, rho, beta)
    assert tuple(sep.contracts["low"]) == (cl, rl)
    assert tuple(sep.contracts["high"]) == (ch, rh)
    slacks = sep.slacks
    assert slacks["zero profit (low)"] == 0 and slacks["zero profit (high)"] == 0
    assert slacks["incentive (high)"] == 0 and slacks["incentive (low)"] >= 0


def test_bester_symbolic_contracts():
    sep = Bester().separating()
    S = Bester.SYMBOLS
    pl, ph, rho, beta = S["p_low"], S["p_high"], S["funding"], S["beta"]
    (cl, rl), (_, rh) = hand_contracts(pl, ph, rho, beta)
    assert sp.simplify(sep.contracts["low"].collateral - cl) == 0
    assert sp.simplify(sep.contracts["low"].repayment - rl) == 0
    assert sep.contracts["high"].collateral == 0
    assert sp.simplify(sep.contracts["high"].repayment - rh) == 0


def test_bester_costless_collateral_fully_secures_the_low_type():
    sep = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=1, return_low=2, return_high=2)
    assert tuple(sep.separating().contracts["low"]) == (F(21, 20), F(21, 20))


def test_bester_low_contract_by_linear_programming_and_grid_search():
    high = BESTER.separating().contracts["high"]
    keep = 0.6 * (2.25 - float(high.repayment))  # U_h at its own contract (no collateral)
    # maximise U_l = 0.9(1.5 - R) - 0.1 C  s.t. bank breaks even on low, high does not mimic
    res = optimize.linprog(
        c=[0.1, 0.9],  # minimise -U_l up to a constant: 0.1 C + 0.9 R
        A_ub=[[-0.1 * 0.8, -0.9], [-0.4, -0.6]],
        b_ub=[-1.05, keep - 0.6 * 2.25],
        bounds=[(0, None), (0, None)],
    )
    low = BESTER.separating().contracts["low"]
    assert res.x == pytest.approx([float(low.collateral), float(low.repayment)], abs=1e-9)
    cs, rs = np.meshgrid(np.linspace(0, 2, 801), np.linspace(0.8, 1.8, 801))
    feasible = (0.9 * rs + 0.1 * 0.8 * cs >= 1.05 - 1e-12) & (
        0.6 * (2.25 - rs) - 0.4 * cs <= keep + 1e-12
    )
    utility = np.where(feasible, 0.9 * (1.5 - rs) - 0.1 * cs, -np.inf)
    i = np.unravel_index(np.argmax(utility), utility.shape)
    assert cs[i] == pytest.approx(float(low.collateral), abs=0.01)
    assert rs[i] == pytest.approx(float(low.repayment), abs=0.01)


def test_bester_wealth_constrained_low_type_is_rationed():
    eq = BESTER.with_wealth(F(1, 2)).equilibrium()
    assert eq.wealth_constrained
    capped = eq.contracts["low"]
    assert tuple(capped) == (F(1, 2), (F(21, 20) - F(1, 10) * F(4, 5) * F(1, 2)) / F(9, 10))
    u_own = F(3, 5) * F(9, 4) - F(21, 20)
    u_mimic = F(3, 5) * (F(9, 4) - capped.repayment) - F(2, 5) * F(1, 2)
    assert eq.credit_probability["low"] == u_own / u_mimic  # high just indifferent
    assert eq.rationed == 1 - u_own / u_mimic == F(53, 143)
    assert eq.slacks["incentive (high)"] == 0 and eq.slacks["zero profit (low)"] == 0
    assert not BESTER.with_wealth(2).equilibrium().wealth_constrained


def test_bester_pooling_and_floats():
    assert BESTER.pooling().repayment == F(21, 20) / F(3, 4)
    assert BESTER.value("low", BESTER.pooling()) < BESTER.separating().utilities["low"]
    floats = Bester(0.9, 0.6, funding=1.05, beta=0.8, return_low=1.5, return_high=2.25)
    c = floats.separating().contracts["low"].collateral
    assert isinstance(c, float) and c == pytest.approx(105 / 104)


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        (dict(p_low=F(1, 2), p_high=F(9, 10)), ModelError, "low-risk type to succeed more often"),
        (dict(p_low=F(9, 10), p_high=F(1, 2), beta=F(3, 2)), DomainError, "beta"),
        (dict(p_low=F(9, 10), p_high=F(1, 2), funding=-1), DomainError, "funding"),
        (dict(p_low=F(9, 10), p_high=F(1, 2), wealth=-1), DomainError, "wealth"),
    ],
)
def test_bester_bad_inputs(kwargs, error, text):
    args = dict(funding=1, beta=F(1, 2), return_low=2, return_high=2) | kwargs
    with pytest.raises(error, match=text):
        Bester(**args)


def test_bester_contracts_the_borrowers_cannot_take_are_errors():
    with pytest.raises(ModelError, match="limited liability violated"):
        Bester(
            F(9, 10),
            F(3, 5),
            funding=F(21, 20),
            beta=F(4, 5),
            return_low=F(3, 2),
            return_high=F(3, 2),
        ).separating()
    with pytest.raises(NoSolutionError, match="does not borrow"):
        Bester(
            F(9, 10),
            F(3, 5),
            funding=F(21, 20),
            beta=F(4, 5),
            return_low=F(3, 2),
            return_high=F(9, 4),
            reservation=1,
        ).separating()


def test_bester_unknown_type():
    with pytest.raises(ModelError, match="valid types: low, high"):
        BESTER.utility("medium")


# ------------------------------------------------------------------- figure data
def test_figure_data():
    data = expected_return_data(SW, points=50)
    assert max(v for v in data.columns["expected return"] if v != "") == pytest.approx(1.25)
    market = credit_market_data(SW, supply, points=50)
    assert market.notes["kind"] == "two rates"
    plane = screening_data(BESTER, points=5)
    low = BESTER.separating().contracts["low"]
    ic = np.interp(float(low.collateral), plane.columns["C"], plane.columns["indifference (high)"])
    assert ic == pytest.approx(float(low.repayment))  # the high type's curve passes through both
    wealth = wealth_rationing_data(BESTER, [0, 0.5, 1.2])
    assert wealth.columns["credit probability (low)"][1] == pytest.approx(90 / 143)
    assert wealth.columns["credit probability (low)"][2] == 1.0


# ------------------------------------------------- Bester: Rothschild–Stiglitz check
def brute_pooling_gain(model, n):
    """Best low-risk utility over pooled break-even contracts the high type accepts (grid)."""
    pl, ph, rho, beta, xl, xh = 0.9, 0.6, 1.05, 0.8, 1.5, 2.25
    pbar = n * pl + (1 - n) * ph
    sep = model.separating()
    (cl, rl), (ch, rh) = (tuple(map(float, sep.contracts[k])) for k in ("low", "high"))
    u_high = ph * (xh - rh) - (1 - ph) * ch
    best = -np.inf
    for C in np.linspace(0, 3, 30001):
        R = (rho - (1 - pbar) * beta * C) / pbar
        if ph * (xh - R) - (1 - ph) * C >= u_high - 1e-12:
            best = max(best, pl * (xl - R) - (1 - pl) * C)
    return best - (pl * (xl - rl) - (1 - pl) * cl)


@pytest.mark.parametrize("n", [F(1, 10), F(1, 2), F(9, 10), F(50, 53), F(19, 20), F(99, 100)])
def test_rothschild_stiglitz_check_against_a_grid_search(n):
    model = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5), return_low=F(3, 2),
                   return_high=F(9, 4), low_share=n)
    check = model.rothschild_stiglitz()
    assert float(check.margin) == pytest.approx(brute_pooling_gain(model, float(n)), abs=1e-4)
    assert check.holds is (n <= F(50, 53))  # fails above the exact cutoff
    assert bool(check) is check.holds and "Rothschild" in str(check)
    assert check.to_dict()["holds"] is check.holds


def test_max_low_share_by_hand_and_least_cost_naming():
    assert BESTER.max_low_share() == F(50, 53)
    assert str(BESTER.separating()).startswith("least-cost separating")
    # costless collateral: the low type posts enough to be safe for any pool
    costless = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=1, return_low=F(3, 2),
                      return_high=F(9, 4), low_share=F(1, 2))
    assert costless.rothschild_stiglitz().holds
