"""Policy instruments: guarantees, the guarantee in the repeated game, the main bank, levers.

Second roads: hand-derived closed forms, Monte Carlo of the loan's cash flows,
the forward play of the automaton (tests/automaton_play.py) and finite
differences of numerically solved thresholds.
"""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from automaton_play import play
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from gametheory_cluster.algebra import evaluate
from gametheory_cluster.errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from gametheory_cluster.models.lending import RepeatedLending
from gametheory_cluster.models.policy import (
    CreditGuarantee,
    GuaranteedLending,
    MainBank,
    rank_levers,
)
from gametheory_cluster.models.policy.guarantee import guarantee_data
from gametheory_cluster.parameters import symbols, validate
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.policy import plot_guarantee, plot_lever_ranking

I, R, Y, w, pi, pi0, lam, g, f, m, rho, q, delta, p, kappa = symbols(
    "I R Y w pi pi0 lam g f m rho q delta p kappa"
)
POINT = dict(I=100, R=110, lam=Fraction(3, 10), pi=Fraction(17, 20))
MONITOR = dict(POINT, pi0=Fraction(3, 4), m=Fraction(3, 2))

RELATIONSHIP, TRANSACTIONAL = MainBank(), MainBank(relationship=False)
GUARANTEE = CreditGuarantee()
LEVER_MODEL = RepeatedLending(detection=True, recovery=True)
LEVER_POINT = dict(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
fractions = st.fractions(min_value=Fraction(1, 20), max_value=Fraction(19, 20), max_denominator=40)


def value(expr, values) -> float:
    return float(evaluate(expr, validate(values)))


def same(a, b) -> bool:
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


# ------------------------------------------------------------------ the one-loan guarantee
def test_minimum_coverage_symbolic_matches_hand_form():
    hand = (I - pi * R - (1 - pi) * lam * R) / ((1 - pi) * (1 - lam) * R)
    t = CreditGuarantee().minimum_coverage()
    assert t.direction == ">=" and same(t.value, hand)


@settings(max_examples=20, deadline=None)
@given(pi_=fractions, lam_=fractions, R_=st.integers(101, 200))
def test_minimum_coverage_exact_points(pi_, lam_, R_):
    values = dict(I=100, R=R_, pi=pi_, lam=lam_)
    hand = (100 - pi_ * R_ - (1 - pi_) * lam_ * R_) / ((1 - pi_) * (1 - lam_) * R_)
    if hand > 1:
        with pytest.raises(NoSolutionError):
            GUARANTEE.minimum_coverage(**values)
        return
    t = GUARANTEE.minimum_coverage(**values)
    assert t.direction == ">=" and t.value == max(hand, 0)


def test_minimum_coverage_turns_refuse_into_lend():
    cg = CreditGuarantee()
    g_min = cg.minimum_coverage(**POINT).value
    assert g_min == Fraction(31, 231)
    assert cg.decision(g=g_min - Fraction(1, 1000), f=0, **POINT) == "Refuse"
    assert cg.decision(g=g_min, f=0, **POINT) == "Lend"
    assert cg.minimum_coverage(**{k: float(v) for k, v in POINT.items()}).value == pytest.approx(
        31 / 231
    )


def test_fee_paid_by_the_sme_does_not_move_the_bank_but_a_bank_fee_does():
    by_sme = CreditGuarantee().minimum_coverage(f=3, **POINT).value
    by_bank = CreditGuarantee(fee_payer="bank").minimum_coverage(f=3, **POINT).value
    assert by_sme == Fraction(31, 231)
    assert by_bank - by_sme == Fraction(3) / ((1 - POINT["pi"]) * (1 - POINT["lam"]) * 110)


def test_a_fair_fee_paid_by_the_bank_cancels_the_guarantee():
    cg = CreditGuarantee(fee_payer="bank")
    slack = cg.constraints()[0].slack.subs(f, cg.fair_fee().total)
    assert g not in sp.simplify(slack).free_symbols
    with pytest.raises(NoSolutionError):
        _fair_bank_threshold(cg)


def _fair_bank_threshold(cg):
    # substitute the fair fee (a function of g) into the bank's participation and solve for g
    from gametheory_cluster.automata import Constraint
    from gametheory_cluster.parameters import validate
    from gametheory_cluster.thresholds import solve_threshold

    c = cg.constraints()[0]
    slack = c.slack.subs(f, cg.fair_fee().total)
    return solve_threshold(
        [Constraint(c.state, c.player, c.action, c.deviation, slack)], "g", validate(POINT)
    )


def test_fair_fee_and_split_match_hand_form_and_monte_carlo():
    cg = CreditGuarantee(reguarantee=True)
    fee = cg.fair_fee()
    loss = (1 - pi) * g * (1 - lam) * R
    assert same(fee.total, loss)
    assert same(fee.reguarantor, rho * loss) and same(fee.guarantor, (1 - rho) * loss)
    values = dict(POINT, g=Fraction(4, 5), rho=Fraction(1, 2))
    split = cg.fair_fee(**values)
    assert split.total == split.guarantor + split.reguarantor == Fraction(231, 25)
    # Monte Carlo: average payout of guarantor and re-guarantor on simulated loans
    rng = np.random.default_rng(7)
    fails = rng.random(200_000) >= float(values["pi"])
    payout = fails * float(values["g"] * (1 - values["lam"]) * 110)
    se = payout.std() / np.sqrt(payout.size)
    assert abs(payout.mean() - float(split.total)) < 4 * se
    assert abs(0.5 * payout.mean() - float(split.reguarantor)) < 4 * se
    data = split.to_dict()
    assert json.dumps(data)
    exact = {k: sp.sympify(data.get(f"{k}_exact", data[k])) for k in ("total", "guarantor")}
    assert exact == {"total": Fraction(231, 25), "guarantor": Fraction(231, 50)}
    assert "re-guarantor 231/50" in str(split) and split.latex().startswith("f^*")


def test_fee_priced_for_monitoring_loses_money_above_the_cap():
    cg = CreditGuarantee(monitoring=True)
    values = dict(MONITOR, g=Fraction(9, 10))
    assert cg.decision(**values, f=0) == "Lend"  # above the cap: no monitoring
    priced = cg.fair_fee(**values).total
    needed = cg.fair_fee("Lend", **values).total
    assert needed > priced  # the guarantor would lose needed - priced per loan


def test_monitoring_cap_matches_hand_form_and_the_decision():
    cg = CreditGuarantee(monitoring=True)
    hand = 1 - m / ((pi - pi0) * (1 - lam) * R)
    t = cg.monitoring_cap()
    assert t.direction == "<=" and same(t.value, hand)
    cap = cg.monitoring_cap(**MONITOR).value
    assert cap == Fraction(62, 77)
    assert cg.decision(g=cap - Fraction(1, 100), **MONITOR) == "Monitor"
    assert cg.decision(g=cap + Fraction(1, 100), **MONITOR) == "Lend"
    window = cg.coverage_window(**MONITOR)
    assert window.direction == "within" and window.region == sp.Interval(Fraction(61, 231), cap)


def test_coverage_cap_near_eighty_percent():
    # the bank must keep m / (Δπ·(1-λ)R) of the loss: here 1.5 / 7.7 ≈ 19.5 %
    cap = CreditGuarantee(monitoring=True).monitoring_cap(**MONITOR).value
    assert 0.79 < float(cap) < 0.81


def test_guarantee_errors():
    with pytest.raises(ModelError, match="fee_payer"):
        CreditGuarantee(fee_payer="state")
    with pytest.raises(ModelError):
        CreditGuarantee(monitoring="yes")
    with pytest.raises(DomainError, match="pi0"):
        CreditGuarantee(monitoring=True).monitoring_cap(**dict(MONITOR, pi0=Fraction(9, 10)))
    with pytest.raises(UnknownParameterError, match="valid names"):
        CreditGuarantee().minimum_coverage(lamda=Fraction(1, 2))
    with pytest.raises(ModelError, match="monitoring"):
        CreditGuarantee().monitoring_cap(**POINT)
    with pytest.raises(ModelError):
        CreditGuarantee().fair_fee(f=1)
    with pytest.raises(DomainError):
        CreditGuarantee().minimum_coverage(**dict(POINT, pi=float("nan")))
    with pytest.raises(MissingParameterError):
        CreditGuarantee().decision(**POINT)
    with pytest.raises(NoSolutionError):  # R < I: even full coverage leaves a loss
        CreditGuarantee().minimum_coverage(**dict(POINT, R=90))


# ------------------------------------------------------- the guarantee in the repeated game
def test_sme_fee_raises_delta_star_by_the_hand_form():
    t = GuaranteedLending().threshold("delta")
    assert same(t.value, R / (Y - f - w))
    assert GuaranteedLending().threshold("delta", Y=150, R=110, w=0, f=5).value == Fraction(22, 29)


def test_bank_fee_leaves_delta_star_and_tightens_participation():
    model = GuaranteedLending(fee_payer="bank")
    t = model.threshold("delta", Y=150, R=110, w=0, I=100)
    assert t.value == Fraction(11, 15)
    with pytest.raises(NoSolutionError):
        model.threshold("delta", Y=150, R=110, w=0, I=100, f=20)  # R - I - f < 0


def test_guarantee_moves_the_banks_lending_decision_like_the_one_shot_model():
    # failures recover nothing in RepeatedLending: compare with the one-shot model at lam = 0
    repeated = GuaranteedLending(monitoring=True).threshold(
        "g", I=100, R=110, pi=Fraction(17, 20), Y=150, w=0, f=0, delta=Fraction(9, 10)
    )
    one_shot = CreditGuarantee().minimum_coverage(I=100, R=110, pi=Fraction(17, 20), lam=0)
    assert repeated.value == one_shot.value == Fraction(13, 33)


def test_guarantee_for_known_defaulters_undermines_the_punishment():
    covered = GuaranteedLending(monitoring=True, recovery=True, covers_known_defaulters=True)
    refuse = next(c for c in covered.constraints("bank") if c.state == "punished")
    cap = sp.solve(refuse.slack, g)[0]
    assert same(cap, (I - lam * pi * R) / (R * (1 - lam * pi)))
    plain = GuaranteedLending(monitoring=True, recovery=True)
    assert all(
        g not in c.slack.free_symbols for c in plain.constraints("bank") if c.state == "punished"
    )
    values = dict(
        I=100,
        R=110,
        pi=Fraction(9, 10),
        lam=Fraction(3, 10),
        Y=150,
        w=0,
        f=0,
        delta=Fraction(9, 10),
    )
    assert not covered.is_honest(g=Fraction(19, 20), **values)  # bank would lend to defaulters
    assert plain.is_honest(g=Fraction(19, 20), **values)


def test_guaranteed_values_against_forward_play():
    model = GuaranteedLending(monitoring=True, detection=True)
    values = dict(I=100, R=110, pi=0.85, Y=150, w=5.0, f=2.0, g=0.5, q=0.6, delta=0.5)
    game = model.game
    bank, sme = game.values()["honest"]
    num = {k: v for k, v in values.items()}
    lend = play(game, num, "honest", "bank")
    assert lend == pytest.approx(value(bank, num), rel=1e-8)
    assert play(game, num, "honest", "sme") == pytest.approx(value(sme, num), rel=1e-8)
    refuse = play(game, num, "honest", "bank", first_profile=("Refuse", "Repay"))
    slack = next(c for c in model.constraints("bank") if c.state == "honest").slack
    assert lend - refuse == pytest.approx(value(slack, num), rel=1e-8)


def test_guaranteed_lending_repr_and_baseline():
    model = GuaranteedLending(detection=True, fee_payer="bank")
    assert "fee_payer='bank'" in repr(model) and "detection=True" in repr(model)
    assert repr(model.baseline) == repr(RepeatedLending(detection=True))
    with pytest.raises(ModelError):
        GuaranteedLending(fee_payer="guarantor")


# ---------------------------------------------------------------------------- main bank
def test_main_bank_thresholds_match_hand_forms():
    rent = delta * p * kappa * (Y - I) / (1 - delta * p)
    assert same(MainBank().threshold("pi").value, I / (R + rent))
    assert same(MainBank(relationship=False).threshold("pi").value, I / R)


@settings(max_examples=25, deadline=None)
@given(pi_=fractions, kappa_=fractions, p_=fractions, delta_=fractions)
def test_relationship_bank_lends_where_transactional_rations(pi_, kappa_, p_, delta_):
    values = dict(I=100, R=110, Y=150, w=0, pi=pi_, p=p_, delta=delta_)
    rel = bool(RELATIONSHIP.lends(kappa=kappa_, **values))
    tr = bool(TRANSACTIONAL.lends(**values))
    rent = delta_ * p_ * kappa_ * 50 / (1 - delta_ * p_)
    assert rel == (pi_ * (110 + rent) >= 100)
    assert tr == (pi_ * 110 >= 100)
    assert not tr or rel  # the relationship bank lends whenever the transactional one does


def test_main_bank_gap_and_early_loss():
    point = dict(I=100, R=110, Y=150, w=0, p=Fraction(9, 10), delta=Fraction(9, 10))
    rent = dict(kappa=Fraction(1, 2))
    gap = RELATIONSHIP.gap("pi", **point, **rent)
    assert gap == sp.Interval.Ropen(Fraction(380, 823), Fraction(10, 11))
    inside = Fraction(1, 2)
    assert RELATIONSHIP.first_loan_profit(pi=inside, **point, **rent) < 0  # a loss early on
    assert RELATIONSHIP.lends(pi=inside, **point, **rent)
    assert not TRANSACTIONAL.lends(pi=inside, **point)


def test_main_bank_value_against_forward_play():
    bank = RELATIONSHIP
    values = dict(I=100.0, R=110.0, Y=150.0, w=0.0, pi=0.6, p=0.9, delta=0.6, kappa=0.5)
    v = bank.game.values()["young"][0]
    assert play(bank.game, values, "young", "bank") == pytest.approx(value(v, values), rel=1e-8)


def test_main_bank_errors():
    with pytest.raises(UnknownParameterError):
        MainBank().threshold("q")
    with pytest.raises(ModelError):
        MainBank(relationship=False).gap("pi")
    with pytest.raises(ModelError):
        MainBank(relationship="yes")


# ---------------------------------------------------------------------------------- levers
def hand_delta_star():
    return R * (1 - lam) / (R * (1 - lam) + q * (Y - w - R))


def test_lever_derivatives_match_hand_forms():
    ranking = rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    star = hand_delta_star()
    assert same(ranking.threshold, star)
    for e in ranking.effects:
        x = {"q": q, "lam": lam, "w": w}[e.name]
        assert same(e.derivative, sp.diff(star, x))
    assert [e.name for e in ranking.ranked()] == ["q", "lam", "w"]
    assert ranking.delta_star == Fraction(77, 92)


def numeric_delta_star(values: dict) -> float:
    """The critical δ by bisection (brentq) on the SME's on-path constraint, no algebra."""
    slack = NUMERIC_SLACK(values)
    return brentq(lambda d: slack(d), 1e-9, 1 - 1e-9, xtol=1e-14)


def _numeric_slack():
    constraint = next(c for c in LEVER_MODEL.constraints("sme") if c.on_path)
    names = ("delta", "Y", "R", "w", "q", "lam")
    f = sp.lambdify(symbols(" ".join(names)), constraint.slack, "math")
    return lambda values: lambda d: f(d, *(values[n] for n in names[1:]))


NUMERIC_SLACK = _numeric_slack()


@settings(max_examples=30, deadline=None)
@given(
    q_=fractions,
    lam_=st.fractions(min_value=0, max_value=Fraction(4, 5), max_denominator=20),
    w_=st.integers(0, 20),
)
def test_lever_slopes_against_finite_differences(q_, lam_, w_):
    point = dict(Y=150, R=110, I=100, w=w_, q=q_, lam=lam_)
    ranking = rank_levers(LEVER_MODEL, **point)
    base = {k: float(v) for k, v in point.items()}
    assert numeric_delta_star(base) == pytest.approx(float(ranking.delta_star), rel=1e-9)
    for e in ranking.effects:
        h = 1e-5
        up, down = dict(base), dict(base)
        up[e.name] += h
        down[e.name] = max(0.0, down[e.name] - h)
        numeric = (numeric_delta_star(up) - numeric_delta_star(down)) / (up[e.name] - down[e.name])
        assert numeric == pytest.approx(float(e.slope), rel=1e-4, abs=1e-8)
        assert float(e.elasticity) == pytest.approx(
            base[e.name] * float(e.slope) / float(ranking.delta_star), abs=1e-12
        )


def test_lever_ranking_by_elasticity_and_output():
    ranking = rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    by_elasticity = [e.name for e in ranking.ranked("elasticity")]
    assert by_elasticity == [e.name for e in ranking.ranked()] == ["q", "lam", "w"]
    data = ranking.to_dict()
    assert json.dumps(data) and data["ranking"][0]["name"] == "q"

    def exact(key, where=data):
        return sp.sympify(where.get(f"{key}_exact", where[key]))

    assert exact("delta_star") == Fraction(77, 92) and exact("closing") == Fraction(1, 10)
    assert exact("target", data["ranking"][1]) == Fraction(10, 11)
    text = str(ranking)
    assert "registry" in text and "local" in text and "per unit" not in text
    assert "closing 1/10 of the gap to lam = 10/11" in text
    assert repr(ranking) == "LeverRanking(q, lam, w)"
    assert "\\partial" in ranking.latex() and "closing" in ranking.latex()
    assert list(ranking.to_frame().index) == ["q", "lam", "w"]


def test_lever_targets_are_the_ends_of_the_feasible_ranges():
    """q ends at 1 (its domain), lam at I/R (beyond it lending to a known defaulter pays:
    the model's own requirement), w at Y − R (where δ* reaches 1); the reform's change of
    δ* is the hand formula at the reformed point."""
    point = dict(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    ranking = rank_levers(**point)
    effects = {e.name: e for e in ranking.effects}
    hand = {"q": 1, "lam": Fraction(100, 110), "w": 150 - 110}
    star = hand_delta_star()
    at = {Y: 150, R: 110, w: 10, q: Fraction(1, 2), lam: Fraction(3, 10)}
    for name, target in hand.items():
        e = effects[name]
        assert e.target == target
        assert e.reformed == point[name] + Fraction(target - point[name]) / 10
        moved = {**at, symbols(name)[0]: e.reformed}
        assert e.reform == star.subs(moved) - star.subs(at)
    assert star.subs({**at, w: 40}) == 1
    with pytest.raises(NoSolutionError, match="needs"):  # just past lam = I/R
        rank_levers(**dict(point, lam=Fraction(100, 110) + Fraction(1, 1000)))


def scaled(point: dict, k) -> dict:
    money = {"Y", "R", "I", "w", "C", "s"}
    return {n: v * k if n in money else v for n, v in point.items()}


@pytest.mark.parametrize("k", [Fraction(1, 100), 100, Fraction(7, 3)])
def test_lever_rankings_do_not_depend_on_units(k):
    """Measure every money amount (Y, R, I, w, C, s) in other units: δ*, the elasticities,
    the standardized reforms and both rankings stay; a slope in money scales by 1/k."""
    model = RepeatedLending(detection=True, recovery=True, exit_cost=True, cluster_rent=True)
    point = dict(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10), C=20, s=5)
    base = rank_levers(model, targets={"s": 40}, **point)
    other = rank_levers(model, targets={"s": 40 * k}, **scaled(point, k))
    assert other.delta_star == base.delta_star
    for e, f_ in zip(base.effects, other.effects, strict=True):
        assert (e.name, e.elasticity, e.reform) == (f_.name, f_.elasticity, f_.reform)
        money = e.name in ("w", "C", "s")
        assert f_.slope == (e.slope / k if money else e.slope)
        assert f_.target == (e.target * k if money else e.target)
    for by in ("elasticity", "reform"):
        assert [e.name for e in other.ranked(by)] == [e.name for e in base.ranked(by)]


def test_a_slope_would_rank_by_units():
    """Why the slope is no ranking: with w in hundreds its slope is 100 times larger and
    outgrows the registry's, while its elasticity does not move."""
    ranking = rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    effects = {e.name: e for e in ranking.effects}
    assert abs(effects["w"].slope) < abs(effects["q"].slope) < abs(100 * effects["w"].slope)
    # elasticity in w' = w/100: (w/100)·(100·∂δ*/∂w)/δ* — the same number
    assert (ranking.point["w"] / 100) * (100 * effects["w"].slope) / ranking.delta_star == (
        effects["w"].elasticity
    )


def test_the_lever_ranking_is_local():
    """Closing a tenth of each gap, the registry lowers δ* most; closing half, the law does.
    The reforms tie where the two hand formulas cross (c = 10/67)."""
    point = dict(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    c = sp.Symbol("c", positive=True)
    star = hand_delta_star().subs({Y: 150, R: 110, w: 10})
    by_q = star.subs({lam: Fraction(3, 10), q: Fraction(1, 2) + c / 2})
    by_lam = star.subs(
        {q: Fraction(1, 2), lam: Fraction(3, 10) + c * (Fraction(10, 11) - Fraction(3, 10))}
    )
    crossing = sp.solve(sp.Eq(by_q, by_lam), c)
    assert crossing == [Fraction(10, 67)]
    for closing, first in ((Fraction(1, 10), "q"), (Fraction(1, 2), "lam")):
        ranking = rank_levers(closing=closing, **point)
        assert ranking.ranked("reform")[0].name == first
    tied = {e.name: e.reform for e in rank_levers(closing=Fraction(10, 67), **point).effects}
    assert tied["q"] == tied["lam"]


def test_levers_on_a_richer_model_and_floats():
    model = RepeatedLending(detection=True, recovery=True, exit_cost=True)
    ranking = rank_levers(model, Y=150.0, R=110.0, I=100.0, w=10.0, q=0.5, lam=0.3, C=20.0)
    assert {e.name for e in ranking.effects} == {"q", "lam", "w", "C"}
    assert isinstance(ranking.delta_star, float)
    assert ranking.ranked()[-1].name == "w"
    effects = {e.name: e for e in ranking.effects}
    # C ends where δ* reaches 0: C·q = R(1 − lam)
    assert effects["C"].target == pytest.approx(110 * 0.7 / 0.5)
    exact = rank_levers(
        model, Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10), C=20
    )
    for e in exact.effects:
        assert effects[e.name].reform == pytest.approx(float(e.reform), rel=1e-9)


def test_lever_errors():
    point = dict(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    with pytest.raises(UnknownParameterError, match="valid names"):
        rank_levers(levers=["C"], **point)
    with pytest.raises(UnknownParameterError, match="valid names"):
        rank_levers(targets={"s": 10}, **point)
    with pytest.raises(MissingParameterError):
        rank_levers(Y=150, R=110)
    with pytest.raises(NoSolutionError, match="needs"):
        rank_levers(**dict(point, lam=1))  # the court gives the bank more than the loan
    with pytest.raises(ModelError, match="none of the levers"):
        rank_levers(RepeatedLending(), levers=[], Y=150, R=110, I=100, w=0)
    with pytest.raises(DomainError, match="closing"):
        rank_levers(closing=0, **point)
    with pytest.raises(NoSolutionError, match="nearer target"):
        rank_levers(targets={"lam": 1}, closing=1, **point)
    ranking = rank_levers(**point)
    with pytest.raises(ModelError, match="units"):
        ranking.ranked("effect")
    with pytest.raises(ModelError, match="elasticity"):
        ranking.ranked("slope")
    rent = RepeatedLending(detection=True, recovery=True, cluster_rent=True)
    open_ended = rank_levers(rent, s=5, **point)
    assert {e.name: e.target for e in open_ended.effects}["s"] is None
    with pytest.raises(NoSolutionError, match="targets="):
        open_ended.ranked("reform")


# --------------------------------------------------------------------------------- figures
def test_guarantee_figure_data():
    data = guarantee_data(coverage=[0, 0.5, 0.9])
    assert data.notes["minimum_coverage"] == Fraction(61, 231)
    assert data.notes["monitoring_cap"] == Fraction(62, 77)
    assert data.columns["bank_action"] == ["Monitor", "Monitor", "Lend"]
    assert data.columns["bank_profit_monitor"][0] == pytest.approx(-3.05)
    fig = plot_guarantee(coverage=np.linspace(0, 1, 11), style="slides")
    cols = figure_data(fig).columns
    assert cols["fair_fee"][5] == pytest.approx(0.15 * 0.5 * 77)
    assert cols["fee_reguarantor"][5] == pytest.approx(cols["fair_fee"][5] / 2)


def test_lever_figure_data_and_axes():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = plot_lever_ranking(by="elasticity", ax=ax)
    assert out is fig
    data = figure_data(fig)
    assert data.columns["lever"] == ["q", "lam", "w"]
    assert data.notes["delta_star"] == Fraction(77, 92)
    assert "per unit" not in ax.get_xlabel()
    plt.close(fig)
    fig = plot_lever_ranking(rank_levers(closing=Fraction(1, 2), **LEVER_POINT))
    axes = fig.get_axes()
    assert len(axes) == 2 and "1/2" in axes[1].get_xlabel()
    labels = [t.get_text() for t in axes[1].get_yticklabels()]
    assert labels == ["law (lam)", "registry (q)", "capital markets (w)"]  # top first
    with pytest.raises(ModelError, match="both"):
        plot_lever_ranking(by="effect")
