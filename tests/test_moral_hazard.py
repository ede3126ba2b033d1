"""Moral hazard in project choice: the engine's thresholds against independent roads.

Second roads:

* hand closed forms (safe project that never fails, ``pi = 1``): the one-shot switch
  rate, δ*, the repeated switch rate R*(δ, C), T_min by direct search;
* ``automaton_play.play`` — the automaton played forward: the SME's discounted payoff
  from the safe path and from one risky gamble must differ by the engine's slack;
* ``automaton_play.monte_carlo`` — the same by simulation, within its error.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from automaton_play import monte_carlo, play
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.algebra import evaluate
from gametheory_cluster.errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from gametheory_cluster.models.information.moral_hazard import MoralHazard, risk_switch_data
from gametheory_cluster.parameters import validate

BASE = dict(I=100, Y=150, pi=1, Y_r=250, pi_r=F(1, 2), w=0)
GRIM = MoralHazard()
EXIT = MoralHazard(exit_cost=True)
FULL = MoralHazard(exit_cost=True, detection=True)


def hand_switch_rate(delta, C, Y=150, Y_r=250, pi_r=F(1, 2)):
    """R* with a safe project that never fails, grim punishment, w = 0 (by hand)."""
    return (Y * (1 - delta * pi_r) - (1 - delta) * pi_r * Y_r + (1 - delta) * (1 - pi_r) * C) / (
        1 - pi_r
    )


def sme_slack(model, values):
    (c,) = [c for c in model.constraints("sme") if c.on_path]
    return float(evaluate(c.slack, validate(values, allowed=model.parameters)))


# ------------------------------------------------------------------ one-shot game
@settings(max_examples=15, deadline=None)
@given(
    st.fractions(F(1, 2), 1),
    st.fractions(F(1, 10), F(49, 100)),
    st.fractions(100, 200),
    st.fractions(F(11, 10), 3),
)
def test_one_shot_switch_rate_by_hand(pi, pi_r, Y, ratio):
    Y_r = Y * ratio
    if pi_r * Y_r >= pi * Y:
        return
    t = GRIM.one_shot_switch_rate(I=100, Y=Y, pi=pi, Y_r=Y_r, pi_r=pi_r, w=0)
    assert t.value == (pi * Y - pi_r * Y_r) / (pi - pi_r) and t.direction == "<="
    rate = t.value
    assert (
        GRIM.one_shot_choice(R=rate * F(99, 100), I=100, Y=Y, pi=pi, Y_r=Y_r, pi_r=pi_r) == "Safe"
    )
    assert GRIM.one_shot_choice(R=rate + 1, I=100, Y=Y, pi=pi, Y_r=Y_r, pi_r=pi_r) == "Risky"


# --------------------------------------------------------------- repeated game
@settings(max_examples=8, deadline=None)
@given(st.fractions(100, 149), st.fractions(0, 80))
def test_delta_threshold_by_hand(R, C):
    A = 150 - R
    B = F(1, 2) * (250 - R) - F(1, 2) * C
    if B <= A:  # the one-shot choice is already safe: see the test below
        return
    assert EXIT.threshold("delta", R=R, C=C, **BASE).value == (B - A) / (B - A / 2)


def test_delta_threshold_when_the_one_shot_choice_is_already_safe():
    t = EXIT.threshold("delta", R=110, C=70, **BASE)  # B = 35 <= A = 40
    assert t.direction == ">=" and t.value == 0


@pytest.mark.parametrize(("delta", "C"), [(F(1, 10), 0), (F(1, 2), 20), (F(9, 10), 60)])
def test_switch_rate_by_hand(delta, C):
    assert EXIT.switch_rate(delta=delta, C=C, **BASE).value == hand_switch_rate(delta, C)


def test_switch_rate_rises_with_patience_and_exit_cost_from_the_one_shot_rate():
    one_shot = float(GRIM.one_shot_switch_rate(**BASE).value)
    assert float(GRIM.switch_rate(delta=1e-9, **BASE).value) == pytest.approx(one_shot)
    data = risk_switch_data(EXIT, np.linspace(0.05, 0.95, 19), [0, 20, 60], **BASE)
    for c in ("C=0", "C=20", "C=60"):
        col = np.asarray(data.columns[c], dtype=float)
        assert np.all(np.diff(col) > 0) and np.all(col >= one_shot)
        assert np.allclose(
            col, [float(hand_switch_rate(d, int(c[2:]))) for d in data.columns["delta"]]
        )
    assert np.all(np.asarray(data.columns["C=60"]) > np.asarray(data.columns["C=20"]))


@settings(max_examples=4, deadline=None)
@given(
    st.floats(0.6, 0.99),
    st.floats(0.2, 0.55),
    st.floats(0.2, 0.8),
    st.floats(0, 60),
    st.floats(0.5, 1),
    st.floats(0, 20),
    st.floats(105, 140),
)
def test_engine_slack_equals_the_played_value_difference(pi, pi_r, delta, C, q, w, R):
    values = dict(I=100, Y=150, pi=pi, Y_r=260, pi_r=pi_r, w=w, R=R, delta=delta, C=C, q=q)
    if pi_r * 260 >= pi * 150:
        return
    conform = play(FULL.game, values, "trusted", "sme")
    deviate = play(FULL.game, values, "trusted", "sme", first_profile=("Lend", "Risky"))
    assert conform - deviate == pytest.approx(sme_slack(FULL, values), rel=1e-7, abs=1e-7)


def test_engine_slack_against_monte_carlo():
    values = dict(I=100, Y=150, pi=0.9, Y_r=260, pi_r=0.5, w=5, R=115, delta=0.5, C=30, q=0.8)
    game = FULL.game
    est, se = monte_carlo(game, values, "trusted", "sme", paths=1500, rng=1)
    dev, se_dev = monte_carlo(game, values, "trusted", "sme", ("Lend", "Risky"), paths=1500, rng=2)
    assert abs((est - dev) - sme_slack(FULL, values)) < 4.5 * np.hypot(se, se_dev)


def test_exclusion_minimum_T_by_direct_search():
    model = MoralHazard(punishment="exclusion")
    values = dict(R=110, delta=F(4, 5), **BASE)
    t = model.threshold("T", **values)
    V = F(40) / (1 - F(4, 5))  # safe value with pi = 1, w = 0
    works = [
        T
        for T in range(1, 60)
        if F(1, 2) * 140 + F(4, 5) * (F(1, 2) * V + F(1, 2) * F(4, 5) ** T * V) <= V
    ]
    assert t.value == works[0] and t.direction == ">="
    assert model.is_safe(T=t.value, **values)
    assert not model.is_safe(T=t.value - 1, **values)


def test_detection_lowers_the_punishment_and_raises_delta_star():
    mh = MoralHazard(detection=True)
    values = dict(R=120, I=100, Y=150, pi=F(9, 10), Y_r=250, pi_r=F(1, 2), w=0)
    full = mh.threshold("delta", q=1, **values).value
    half = mh.threshold("delta", q=F(1, 2), **values).value
    assert half > full
    q_min = mh.threshold("q", delta=F(9, 10), **values)
    assert q_min.direction == ">=" and 0 < q_min.value < 1


def test_punishment_must_be_credible():
    # the bank would finance a risky project (pi_r R > I): refusing is not credible
    values = dict(R=110, I=100, Y=150, pi=1, Y_r=155, pi_r=F(19, 20), w=0)
    with pytest.raises(NoSolutionError, match="punished"):
        GRIM.threshold("delta", **values)


def test_certificate_and_condition():
    cert = EXIT.is_safe(R=110, delta=F(1, 2), C=20, **BASE)
    assert cert.holds
    assert not EXIT.is_safe(R=111, delta=F(1, 2), C=20, **BASE)
    assert "sme" in str(cert) and EXIT.latex()


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("change", "text"),
    [
        (dict(pi_r=1), "succeed less often"),
        (dict(Y_r=100), "pay more when it succeeds"),
        (dict(Y_r=400), "lower mean"),
    ],
)
def test_violated_assumptions_are_named(change, text):
    with pytest.raises(ModelError, match=text):
        GRIM.threshold("delta", R=110, **(BASE | change))


def test_bad_inputs():
    with pytest.raises(ModelError, match="punishment"):
        MoralHazard(punishment="forgive")
    with pytest.raises(ModelError, match="exit_cost"):
        MoralHazard(exit_cost="yes")
    with pytest.raises(UnknownParameterError, match="valid names"):
        GRIM.threshold("C", R=110, **BASE)
    with pytest.raises(UnknownParameterError, match="did you mean"):
        GRIM.threshold("delta", R=110, Yr=250, **{k: v for k, v in BASE.items() if k != "Y_r"})
    with pytest.raises(DomainError, match="pi_r"):
        GRIM.threshold("delta", R=110, **(BASE | dict(pi_r=2)))
    with pytest.raises(ModelError, match="do not give R"):
        GRIM.switch_rate(R=110, **BASE)
    with pytest.raises(ModelError, match="exit_cost=True"):
        risk_switch_data(GRIM, [0.5], [0, 20], **BASE)
    with pytest.raises(MissingParameterError, match="values needed"):
        GRIM.is_safe(**BASE)


# ------------------------------------------------- limited liability and participation
@pytest.mark.parametrize("C", [0, 20, 60, 200, 1000])
@pytest.mark.parametrize("delta", [F(1, 10), F(1, 2), F(9, 10)])
@pytest.mark.parametrize(("pi", "w"), [(1, 0), (F(9, 10), 5), (F(17, 20), 10)])
def test_switch_rate_never_exceeds_what_the_sme_can_pay(C, delta, pi, w):
    values = dict(BASE, pi=pi, w=w)
    if values["Y"] - (w + (1 - pi) * C) / pi <= 0:  # no repayment lets the SME participate
        with pytest.raises(NoSolutionError):
            EXIT.switch_rate(delta=delta, C=C, **values)
        return
    rate = EXIT.switch_rate(delta=delta, C=C, **values)
    assert rate.value <= values["Y"] - w  # formerly 200 at C = 200, delta = 1/2
    # by hand: participation pi (Y - R) - (1 - pi) C >= w, and R <= Y
    cap = min(values["Y"], values["Y"] - (w + (1 - pi) * C) / pi)
    incentive = EXIT.incentive_rate(delta=delta, C=C, **values).value
    assert rate.value == min(cap, incentive)

    def sme_ok(R):  # the SME's side only: its incentive constraint and both limits
        cert = EXIT.is_safe(R=R, delta=delta, C=C, **values)
        return all(slack >= 0 for c, slack in cert.slacks if c.player == "sme")

    assert sme_ok(rate.value) and not sme_ok(rate.value + F(1, 100))


def test_large_exit_cost_hits_limited_liability():
    incentive = EXIT.incentive_rate(delta=F(1, 2), C=200, **BASE)
    assert incentive.value == 200 == hand_switch_rate(F(1, 2), 200)  # above Y = 150
    capped = EXIT.switch_rate(delta=F(1, 2), C=200, **BASE)
    assert capped.value == 150 and capped.binding.label.endswith("Limited liability")
    assert EXIT.switch_rate(delta=F(9, 10), C=200, **BASE).value == 150  # 160 uncapped


def test_participation_is_derived_from_the_engine_values():
    model = MoralHazard(exit_cost=True, detection=True)
    limited, participation = model.limits()
    values = dict(I=100, Y=150, pi=F(9, 10), Y_r=250, pi_r=F(1, 2), w=5, R=120, delta=F(4, 5),
                  C=30, q=F(1, 2))
    given = validate(values, allowed=model.parameters)
    v = play(model.game, {k: float(x) for k, x in values.items()}, "trusted", "sme")
    outside = 5 / (1 - 0.8)
    # the slack is the value of borrowing minus the outside option, times a positive factor
    by_hand = F(9, 10) * (150 - 120) - F(1, 10) * F(1, 2) * 30 - 5
    assert evaluate(participation.slack, given) == by_hand
    assert (v - outside > 0) == (by_hand > 0)
    assert evaluate(limited.slack, given) == 30


@settings(max_examples=20, deadline=None)
@given(
    st.fractions(F(3, 5), 1),
    st.fractions(F(1, 10), F(1, 2)),
    st.fractions(0, 300),
    st.fractions(0, 20),
    st.fractions(F(1, 10), F(9, 10)),
)
def test_rising_with_patience_condition_against_finite_differences(pi, pi_r, C, w, delta):
    values = dict(I=100, Y=150, pi=pi, Y_r=250, pi_r=pi_r, w=w)
    if pi_r * 250 >= pi * 150:
        return
    condition = EXIT.rises_with("delta")
    holds = bool(condition.subs({gsym(k): v for k, v in {**values, "C": C}.items()}))
    h = F(1, 1000)
    lo = EXIT.incentive_rate(delta=delta, C=C, **values).value
    hi = EXIT.incentive_rate(delta=delta + h, C=C, **values).value
    slope = (hi - lo) / h  # linear in delta: the difference quotient is the derivative
    assert (slope > 0) == holds
    # the closed form of the page: pi pi_r (Y_r - Y) > (pi - pi_r)(C + w)
    assert holds == (pi * pi_r * 100 > (pi - pi_r) * (C + w))


def test_rising_with_patience_fails_for_a_large_exit_cost():
    # (1 - pi_r) C < pi_r (Y_r - Y): 100 < 50 is false at C = 200, so R* falls with delta
    lo = EXIT.incentive_rate(delta=F(1, 2), C=200, **BASE).value
    hi = EXIT.incentive_rate(delta=F(9, 10), C=200, **BASE).value
    assert hi < lo and EXIT.rises_with("C") is sp.true


def gsym(name):
    from gametheory_cluster.parameters import symbol

    return symbol(name)
