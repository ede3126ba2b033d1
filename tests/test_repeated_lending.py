"""The repeated lending game: contract values, hand-derived closed forms, and play of the automaton.

Second roads, each independent of the engine's linear-algebra derivation:

* ``hand_slack`` — the SME's incentive constraint written out by hand from the
  timing conventions (values of honesty, of the unseen-default phase and of
  punishment, solved recursion by recursion);
* ``automaton_play.play`` — the automaton played forward, summing the discounted
  payoff stream of honest play and of each one-shot deviation;
* ``automaton_play.monte_carlo`` — the same by simulation, within its confidence interval.
"""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction

import pytest
import sympy as sp
from automaton_play import monte_carlo, play
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)

BASE = {"Y": 150, "R": 110, "w": 0}

# each mechanism: constructor switch and how to draw its parameter(s)
MECHANISMS = {
    "exclusion": ({"punishment": "exclusion"}, {"T": st.integers(1, 6)}),
    "continuation": ({"continuation": True}, {"p": st.fractions(Fraction(1, 2), 1)}),
    "exit_cost": ({"exit_cost": True}, {"C": st.fractions(0, 120)}),
    "cluster_rent": ({"cluster_rent": True}, {"s": st.fractions(0, 30)}),
    "detection": ({"detection": True}, {"q": st.fractions(0, 1)}),
    "monitoring": ({"monitoring": True}, {"pi": st.fractions(Fraction(1, 2), 1)}),
    "lag": ({"lag": True}, {"L": st.integers(1, 4)}),
    "recovery": ({"recovery": True}, {"lam": st.fractions(0, Fraction(9, 10))}),
}
PAIRS = list(itertools.combinations(MECHANISMS, 2))
CONFIGS = [(m,) for m in MECHANISMS] + PAIRS


def build(names):
    kwargs = {}
    for name in names:
        kwargs.update(MECHANISMS[name][0])
    return gc.RepeatedLending(**kwargs)


def points(names):
    """A hypothesis strategy for a full parameter point of the combined model."""
    draws = {
        "I": st.fractions(50, 100),
        "Y": st.fractions(120, 300),
        "R": st.fractions(100, 119),
        "w": st.fractions(0, 15),
        "delta": st.fractions(Fraction(1, 20), Fraction(19, 20)),
    }
    for name in names:
        draws.update(MECHANISMS[name][1])
    return st.fixed_dictionaries(draws)


def hand_slack(model, v, member=True):
    """The SME's constraint at the honest state, derived by hand (see module docstring).

    Returns ``pi * (gain from honesty - gain from default)`` like the engine, whose
    slack is ex ante (the SME decides after a successful project).
    """
    sw = model.switches
    v = {k: sp.Rational(x) for k, x in v.items()}
    delta = v["delta"]
    p = v.get("p", 1) if sw["continuation"] else 1
    pi = v.get("pi", 1) if sw["monitoring"] else 1
    q = v.get("q", 1) if sw["detection"] else 1
    lam = v.get("lam", 0) if sw["recovery"] else 0
    L = v.get("L", 1) if model.lag is not None else 1
    Y, R, w = v["Y"], v["R"], v["w"]
    beta = delta * p
    ended = w / (1 - delta)  # w for ever
    end_term = delta * (1 - p) * ended  # the relationship ends after a period

    def honest_value(rent, cost, punished_value):
        lag_flow = pi * (Y - lam * R) + rent  # keeps defaulting until seen
        detected = (lag_flow + end_term) * (1 - beta ** (L - 1)) / (1 - beta) + beta ** (
            L - 1
        ) * punished_value
        stay = pi + (1 - pi) * (1 - q)
        value = (
            pi * (Y - R)
            + rent
            - (1 - pi) * q * cost * beta ** (L - 1)
            + end_term
            + beta * (1 - pi) * q * detected
        ) / (1 - beta * stay)
        return value, detected

    if model.punishment == "grim":
        punished = ended
    else:
        T = v["T"]
        h0 = sp.Symbol("h0")
        punished_if = ended * (1 - beta**T) + beta**T * h0
        value0, _ = honest_value(0, 0, punished_if)
        (h0_value,) = sp.solve(sp.Eq(h0, value0), h0)
        punished = punished_if.subs(h0, h0_value)
    rent = v.get("s", 0) if (sw["cluster_rent"] and member) else 0
    cost = v.get("C", 0) if (sw["exit_cost"] and member) else 0
    value, detected = honest_value(rent, cost, punished)
    conditional = beta * q * (value - detected) + q * cost * beta ** (L - 1) - R * (1 - lam)
    return pi * conditional


def engine_slack(model, v, state="honest"):
    label = f"sme@{state}/Lend:Repay>Default"
    (c,) = [c for c in model.constraints() if c.label == label]
    return gc.algebra.evaluate(c.slack, gc.validate(v, allowed=model.parameters))


def used(model, point):
    return {k: val for k, val in point.items() if k in model.parameters}


# ------------------------------------------------------------------ contract
def test_contract_values():
    assert gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).value == sp.Rational(11, 15)
    assert (
        gc.RepeatedLending(exit_cost=True)
        .threshold("C", Y=150, R=110, w=0, delta=Fraction(3, 5))
        .value
        == 50
    )
    t = gc.RepeatedLending(punishment="exclusion").threshold(
        "T", Y=150, R=110, w=0, delta=Fraction(9, 10)
    )
    assert t.value == 4 and t.direction == ">="


def test_grim_threshold_is_textbook_symbolically():
    t = gc.RepeatedLending().threshold("delta")
    R, Y, w = gc.symbols("R Y w")
    assert sp.simplify(t.value - R / (Y - w)) == 0
    assert t.direction == ">="
    assert [sp.simplify(c.lhs - c.rhs - (Y - w)) for c in t.valid_when] == [0]


@pytest.mark.parametrize(("Y", "R", "w"), [(150, 110, 0), (200, 120, 30), (Fraction(301, 2), 99, 7)])
def test_grim_threshold_exact(Y, R, w):
    t = gc.RepeatedLending().threshold("delta", Y=Y, R=R, w=w)
    assert t.value == sp.Rational(R) / (sp.Rational(Y) - w)
    assert isinstance(t.value, sp.Rational)


def test_floats_give_floats():
    t = gc.RepeatedLending().threshold("delta", Y=150.0, R=110, w=0)
    assert isinstance(t.value, float) and t.value == pytest.approx(11 / 15, rel=1e-15)


# --------------------------------------------------- hand-derived closed forms
@pytest.mark.parametrize("names", CONFIGS, ids=lambda n: "+".join(n))
def test_engine_matches_hand_closed_form(names):
    model = build(names)

    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        phases=[Phase.explicit, Phase.generate],
    )
    @given(points(names))
    def check(point):
        v = used(model, point)
        assert sp.simplify(engine_slack(model, v) - hand_slack(model, v)) == 0
        if "honest_out" in model.game.states:  # readmitted after exclusion, out of the cluster
            assert (
                sp.simplify(
                    engine_slack(model, v, "honest_out") - hand_slack(model, v, member=False)
                )
                == 0
            )

    check()


# ------------------------------------------------ playing the automaton forward
def deviations(game):
    """(state, first-period profile, player) of every one-shot deviation the engine checks."""
    for c in game.constraints():
        profile = list(game.prescribed(c.state))
        if c.node is not None:
            profile[0] = c.node
        conform = tuple(profile)
        i = game.players.index(c.player)
        profile[i] = c.deviation
        yield c, conform, tuple(profile)


@pytest.mark.parametrize("names", CONFIGS, ids=lambda n: "+".join(n))
def test_slacks_equal_played_payoff_streams(names):
    model = build(names)
    game = model.game

    @settings(
        max_examples=3,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        phases=[Phase.explicit, Phase.generate],
    )
    @given(points(names))
    def check(point):
        v = used(model, point)
        v["delta"] = min(v["delta"], Fraction(4, 5))  # keeps the streams short
        given_values = gc.validate(v, allowed=model.parameters)
        for c, conform, deviate in deviations(game):
            if game.states[c.state].timed:
                continue  # inside a phase only the period payoff differs: checked by the engine test
            on = play(game, v, c.state, c.player, conform)
            off = play(game, v, c.state, c.player, deviate)
            assert on - off == pytest.approx(
                float(gc.algebra.evaluate(c.slack, given_values)), abs=1e-7
            )

    check()


def test_monte_carlo_agrees_with_values():
    model = gc.RepeatedLending(detection=True, monitoring=True, exit_cost=True, continuation=True)
    v = {
        "I": 100,
        "Y": 150,
        "R": 110,
        "w": 5,
        "delta": Fraction(3, 4),
        "q": Fraction(1, 2),
        "pi": Fraction(9, 10),
        "C": 20,
        "p": Fraction(9, 10),
    }
    exact = float(
        gc.algebra.evaluate(
            model.game.values()["honest"][1], gc.validate(v, allowed=model.parameters)
        )
    )
    mean, se = monte_carlo(model.game, v, "honest", "sme", paths=3000, rng=7)
    assert abs(mean - exact) < 4 * se


# ------------------------------------------------------------------ thresholds
def test_exit_cost_threshold_sits_at_domain_edge_when_not_needed():
    t = gc.RepeatedLending(exit_cost=True).threshold("C", Y=150, R=110, w=0, delta=Fraction(4, 5))
    assert t.value == 0 and t.direction == ">=" and "every C" in t.reason


def test_exclusion_never_works_below_grim_threshold():
    with pytest.raises(NoSolutionError, match="T"):
        gc.RepeatedLending(punishment="exclusion").threshold(
            "T", Y=150, R=110, w=0, delta=Fraction(7, 10)
        )


def test_exclusion_T_min_is_smallest_whole_number():
    model = gc.RepeatedLending(punishment="exclusion")
    for delta in (Fraction(3, 4), Fraction(4, 5), Fraction(9, 10), Fraction(19, 20)):
        t = model.threshold("T", **BASE, delta=delta)
        # closed form: R <= beta (1 - delta^T)/(1 - delta) (Y - R - w)
        bound = math.log(1 - 110 * (1 - delta) / (delta * 40)) / math.log(delta)
        assert t.value == math.ceil(bound - 1e-12)
        assert model.is_honest(**BASE, I=100, delta=delta, T=t.value)
        if t.value > 1:
            assert not model.is_honest(**BASE, I=100, delta=delta, T=t.value - 1)


def test_one_period_exclusion_never_deters_when_rent_below_gain():
    # with Y - R - w < R even T = 1 cannot work: the threshold is above 1
    t = gc.RepeatedLending(punishment="exclusion").threshold("T", **BASE, delta=Fraction(99, 100))
    assert t.value > 1


def test_min_detection_closed_form():
    # q (1 - d)... : (1 - d + d q)(Y - R)/(1 - d) >= Y + d q w/(1-d) - (1-q) ... with w = 0
    model = gc.RepeatedLending(detection=True)
    d = Fraction(9, 10)
    t = model.threshold("q", **BASE, delta=d)
    assert t.value == sp.Rational(110 * (1 - d), d * 40)


def test_debt_capacity_is_grim_bound():
    t = gc.RepeatedLending().debt_capacity(Y=150, w=10, delta=Fraction(4, 5))
    assert t.value == sp.Rational(4, 5) * 140 and t.direction == "<="


def test_cluster_lowers_threshold():
    iso = gc.RepeatedLending().threshold("delta", **BASE).value
    clu = (
        gc.RepeatedLending(exit_cost=True, cluster_rent=True)
        .threshold("delta", **BASE, C=20, s=5)
        .value
    )
    assert clu < iso


def test_lag_raises_threshold_symbolically():
    t = gc.RepeatedLending(lag=True).threshold("delta", **BASE, L=3)
    assert t.value == (sp.Rational(110, 150)) ** sp.Rational(1, 3)


def test_symbolic_thresholds_are_fast():
    import time

    for names in MECHANISMS:
        start = time.perf_counter()
        build((names,)).constraints()
        assert time.perf_counter() - start < 5  # generous; the benchmark reports the real numbers


# ------------------------------------------------- whole-number thresholds: the real boundary
def test_exclusion_T_carries_its_real_boundary():
    model = gc.RepeatedLending(punishment="exclusion")
    delta = Fraction(9, 10)
    t = model.threshold("T", **BASE, delta=delta)
    # by hand: R (1 - d) <= d (1 - d**T) (Y - R - w)  <=>  T >= ln(1 - R(1-d)/(d(Y-R-w)))/ln d
    real = math.log(1 - 110 * (1 - delta) / (delta * 40)) / math.log(delta)
    assert t.value == 4 == math.ceil(real) and t.integer
    assert float(t.boundary) == pytest.approx(real, rel=1e-14)
    assert 3.46 < float(t.boundary) < 3.47
    data = t.to_dict()
    assert data["boundary"] == pytest.approx(real, rel=1e-14)
    assert sp.sympify(data["boundary_exact"]).equals(t.boundary)
    json.dumps(data)  # plain data
    assert "3.46" in str(t)  # the repr shows it next to the whole number
    # float in, float out: the boundary too
    approx = model.threshold("T", **BASE, delta=0.9)
    assert approx.value == 4 and approx.boundary == pytest.approx(real, rel=1e-12)


def test_symbolic_whole_number_threshold_keeps_the_real_root():
    t = gc.RepeatedLending(punishment="exclusion").threshold("T")
    assert t.value == sp.ceiling(t.boundary)
    at = {gc.symbol(k): v for k, v in {**BASE, "delta": Fraction(9, 10)}.items()}
    assert float(t.boundary.subs(at)) == pytest.approx(3.4609085890595, rel=1e-12)


def test_continuous_threshold_boundary_is_its_value():
    t = gc.RepeatedLending().threshold("delta", **BASE)
    assert t.boundary == t.value == Fraction(11, 15)
    assert t.to_dict()["boundary_exact"] == "11/15"


# ------------------------------------------ a lag is an exponent: the closed form in it
@pytest.mark.parametrize("lag", [40, 5000, 10**6])
def test_a_long_lag_is_solved_in_closed_form(lag):
    model = gc.RepeatedLending(lag=lag)
    assert model.fixed == {"L": lag} and "L" not in model.parameters
    t = model.threshold("delta", **BASE)
    # by hand: delta**L (Y - w) >= R  <=>  delta >= (R/(Y - w))**(1/L)
    assert t.value == sp.Rational(110, 150) ** sp.Rational(1, lag)
    # second road: the constraint itself, checked on both sides of the boundary
    below, above = float(t.value) * (1 - 1e-9), min(float(t.value) * (1 + 1e-9), 1 - 1e-15)
    assert not model.is_honest(**BASE, I=100, delta=Fraction(below))
    assert model.is_honest(**BASE, I=100, delta=Fraction(above))
    assert f"delta**{lag}" in str(model.constraints("sme")[0].slack)


def test_a_long_lag_and_the_symbolic_lag_agree():
    fixed = gc.RepeatedLending(lag=40, exit_cost=True).threshold("C", **BASE, delta=Fraction(99, 100))
    symbolic = gc.RepeatedLending(lag=True, exit_cost=True).threshold(
        "C", **BASE, delta=Fraction(99, 100), L=40
    )
    assert sp.simplify(fixed.value - symbolic.value) == 0


def test_a_long_lag_without_closed_form_is_refused_at_once():
    import time

    start = time.process_time()
    with pytest.raises(gc.SolveError, match="L = 5000 is an exponent above 32"):
        gc.RepeatedLending(lag=5000, monitoring=True).threshold(
            "delta", **BASE, I=90, pi=Fraction(9, 10)
        )
    assert time.process_time() - start < 30  # it never writes delta**5000 out
    with pytest.raises(gc.SolveError, match="lag=True"):
        gc.RepeatedLending(lag=5000).proposition()


def test_a_two_period_lag_has_a_closed_form():
    # delta**2 (Y - w) >= R: the positive square root (it used to end "no closed form")
    t = gc.RepeatedLending(lag=2).threshold("delta")
    at = {gc.symbol(k): v for k, v in BASE.items()}
    assert sp.simplify(t.value.subs(at) - sp.sqrt(sp.Rational(110, 150))) == 0
    t = gc.RepeatedLending(lag=2, monitoring=True, recovery=True).threshold("delta")
    values = {**BASE, "I": 90, "pi": Fraction(9, 10), "lam": Fraction(1, 10)}
    numeric = gc.RepeatedLending(lag=2, monitoring=True, recovery=True).threshold(
        "delta", **values
    )
    lo = t.region.inf.subs({gc.symbol(k): v for k, v in values.items()})
    assert sp.simplify(lo - numeric.value) == 0


# ------------------------------------------ what the speed rests on (no timing asserted)
ALL_SWITCHES = dict(continuation=True, exit_cost=True, cluster_rent=True, detection=True,
                    monitoring=True, recovery=True)


@pytest.mark.parametrize("kwargs", [ALL_SWITCHES, {**ALL_SWITCHES, "lag": 2},
                                    {"punishment": "exclusion", "exit_cost": True}])
def test_constraints_are_built_on_polynomials_and_agree_with_sympy(kwargs):
    from gametheory_cluster.algebra import forms, positive

    game = gc.RepeatedLending(**kwargs).game
    assert game._field is not None  # numerator/denominator polynomials, tidied once
    for c in game.constraints():
        for e in (c.slack, c.conform, c.deviate):
            # the fast algebra against sympy's own road, expression by expression
            assert forms.cancel(e) == sp.cancel(e)
            num, den = sp.fraction(sp.cancel(e))
            for part in (sp.expand(num), sp.expand(den)):
                assert forms.factor_terms(part) == sp.factor_terms(part)
            if positive.plain_rational(e) and e.free_symbols:
                slow = sp.cancel(sp.together(positive._positive_form(e)))
                assert positive._positive_cancelled(e) == slow


# ------------------------------------------------------------------ bad input
def test_unknown_parameter_lists_valid_names():
    with pytest.raises(UnknownParameterError, match="did you mean 'delta'"):
        gc.RepeatedLending().threshold("dleta", **BASE)
    with pytest.raises(UnknownParameterError, match="valid names: I, R, Y, delta, w"):
        gc.RepeatedLending().threshold("delta", **BASE, C=3)


@pytest.mark.parametrize(
    "bad", [{"delta": 1}, {"delta": float("nan")}, {"q": Fraction(3, 2)}, {"T": 2.5}]
)
def test_out_of_domain(bad):
    model = gc.RepeatedLending(punishment="exclusion", detection=True)
    name = "C" if "C" in model.parameters else "R"
    with pytest.raises(DomainError):
        model.threshold(name if name not in bad else "Y", **{**BASE, **bad})


def test_missing_values_for_a_check():
    with pytest.raises(MissingParameterError, match="delta"):
        gc.RepeatedLending().is_honest(**BASE, I=100)


@pytest.mark.parametrize("kwargs", [{"punishment": "forgive"}, {"lag": 0}, {"exit_cost": "yes"}])
def test_bad_model_options(kwargs):
    with pytest.raises(ModelError):
        gc.RepeatedLending(**kwargs)


def test_solving_for_a_given_parameter_is_an_error():
    with pytest.raises(DomainError):
        gc.RepeatedLending().threshold("delta", **BASE, delta=Fraction(1, 2))


def test_certificate_names_binding_constraint():
    cert = gc.RepeatedLending().is_honest(**BASE, I=100, delta=Fraction(1, 2))
    assert not cert and cert.binding.label == "sme@honest/Lend:Repay>Default"
    assert cert.to_dict()["holds"] is False
