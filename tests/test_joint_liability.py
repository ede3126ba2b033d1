"""Joint liability: Besley–Coate repayment, Ghatak screening, Stiglitz peer monitoring.

Second roads: Besley–Coate's closed forms for uniform returns, Monte Carlo and
numeric integration for other distributions, pygambit / nashpy on the stage games,
and hand-derived contracts and interest-rate bounds.
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import nashpy
import numpy as np
import pytest
import scipy.stats
import sympy as sp
import sympy.stats as sps
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import DomainError, ModelError, UnknownParameterError
from gametheory_cluster.models.policy import (
    JointLiabilityScreening,
    PeerMonitoring,
    RepaymentGame,
)
from gametheory_cluster.models.policy.repayment_game import OUTCOMES, repayment_rates_data
from gametheory_cluster.parameters import symbols
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.policy import plot_repayment_rates, plot_repayment_regions

I, Y, Y_r, pi, pi_r, c, e, R = symbols("I Y Y_r pi pi_r c e R")
PLAIN = RepaymentGame(lambda t: t / 2)
SOCIAL = RepaymentGame(lambda t: t / 2, lambda t: t / 4)
UNIFORM = sps.Uniform("theta", 0, 10)
MONITORING, SCREENING = PeerMonitoring(), JointLiabilityScreening()


# ------------------------------------------------------------------ Besley–Coate oracles
def F(x, top=10):
    """CDF of the uniform distribution on [0, top]."""
    return min(max(Fraction(x) / top, Fraction(0)), Fraction(1))


def bc_individual(phi_r):
    return 1 - F(phi_r)


def bc_group(phi_r, phi_2r):
    """Besley–Coate: 1 - F(φ(2r))² + (F(φ(2r)) - F(φ(r)))²."""
    return 1 - F(phi_2r) ** 2 + (F(phi_2r) - F(phi_r)) ** 2


rates = st.fractions(min_value=Fraction(1, 20), max_value=Fraction(6), max_denominator=30)


@settings(max_examples=25, deadline=None)
@given(r=rates)
def test_uniform_rates_match_besley_coate_closed_forms(r):
    # c(θ) = θ/2: φ(r) = 2r, φ(2r) = 4r; with s(θ) = θ/4 members contribute from ψ(r) = 4r/3
    assert PLAIN.repayment_rate(r, UNIFORM, "individual") == bc_individual(2 * r)
    assert PLAIN.repayment_rate(r, UNIFORM) == bc_group(2 * r, 4 * r)
    assert SOCIAL.repayment_rate(r, UNIFORM) == bc_group(Fraction(4, 3) * r, 4 * r)


@settings(max_examples=15, deadline=None)
@given(
    k=st.fractions(min_value=Fraction(1, 5), max_value=2, max_denominator=10),
    top=st.integers(2, 20),
    r=st.fractions(min_value=Fraction(1, 10), max_value=5, max_denominator=10),
)
def test_linear_penalties_on_any_uniform(k, top, r):
    game = RepaymentGame(lambda t: sp.Rational(k.numerator, k.denominator) * t)
    returns = sps.Uniform("theta", 0, top)
    assert game.repayment_rate(r, returns, "individual") == 1 - F(r / k, top)
    expected = 1 - F(2 * r / k, top) ** 2 + (F(2 * r / k, top) - F(r / k, top)) ** 2
    assert game.repayment_rate(r, returns) == expected


def test_group_beats_individual_lending_only_at_low_rates():
    # uniform, c = θ/2: group − individual = x − 3x² with x = r/5, zero at r = 5/3
    assert PLAIN.repayment_rate(1, UNIFORM) > PLAIN.repayment_rate(1, UNIFORM, "individual")
    assert PLAIN.repayment_rate(2, UNIFORM) < PLAIN.repayment_rate(2, UNIFORM, "individual")
    r = Fraction(5, 3)
    assert PLAIN.repayment_rate(r, UNIFORM) == PLAIN.repayment_rate(r, UNIFORM, "individual")


@pytest.mark.parametrize("game", [PLAIN, SOCIAL], ids=["plain", "social"])
@pytest.mark.parametrize(
    "dist",
    [scipy.stats.lognorm(0.6, scale=4), scipy.stats.gamma(3, scale=1.5)],
    ids=["lognormal", "gamma"],
)
def test_other_distributions_against_monte_carlo_and_quadrature(game, dist):
    r = 1.5
    exact = game.repayment_rate(r, dist)
    alone = game.repayment_rate(r, dist, "individual")
    estimate, se = game.simulate(r, dist, n=40_000, rng=11)
    assert abs(estimate - exact) < 4 * se
    individual, se_i = game.simulate(r, dist, "individual", n=40_000, rng=12)
    assert abs(individual - alone) < 4 * se_i
    # numeric integration: the midpoint rule in probability space, both members, vectorised
    grid = dist.ppf((np.arange(1500) + 0.5) / 1500)
    integral = (game.outcome(grid[:, None], grid[None, :], r) > 0).mean()
    assert integral == pytest.approx(exact, abs=3e-3)
    assert isinstance(exact, float)


def test_stage_game_equilibria_against_pygambit():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(3)
    for _ in range(20):
        t1, t2 = rng.uniform(0, 10, size=2)
        for game in (PLAIN, SOCIAL):
            A, B, _ = game.stage_game(t1, t2, 2)
            g = gbt.Game.from_arrays(A.tolist(), B.tolist())
            found = gbt.nash.enumpure_solve(g).equilibria
            row, col = g.players
            pure = {
                (
                    next(i for i, s in enumerate(row.strategies) if eq[s] == 1),
                    next(j for j, s in enumerate(col.strategies) if eq[s] == 1),
                )
                for eq in found
            }
            ours = {tuple(ix) for ix in np.argwhere(game.equilibria(t1, t2, 2))}
            assert ours == pure


def test_stage_game_equilibria_against_nashpy_on_generic_points():
    # points with no ties: nashpy's support enumeration finds every pure equilibrium there
    for t1, t2 in [(9.0, 1.0), (5.0, 5.0), (1.0, 1.0), (9.0, 9.0), (6.0, 2.0)]:
        A, B, _ = SOCIAL.stage_game(t1, t2, 2)
        if len({*A.ravel()}) < 4 or len({*B.ravel()}) < 4:
            continue
        pure = {
            (int(np.argmax(a)), int(np.argmax(b)))
            for a, b in nashpy.Game(A, B).support_enumeration()
            if max(a) == 1 and max(b) == 1
        }
        assert pure == {tuple(ix) for ix in np.argwhere(SOCIAL.equilibria(t1, t2, 2))}


def test_outcomes_of_the_repayment_game():
    # r = 2, c = θ/2: φ(r) = 4, φ(2r) = 8; with s = θ/4, ψ(r) = 8/3
    cases = [((9, 1), 1), ((9, 9), 1), ((5, 5), 2), ((5, 3), 0), ((1, 1), 0)]
    for (t1, t2), code in cases:
        assert PLAIN.outcome(t1, t2, 2) == code, (t1, t2)
    assert SOCIAL.outcome(5, 3, 2) == 2  # sanctions make the poorer member contribute
    assert OUTCOMES[int(SOCIAL.outcome(5, 2, 2))] == "both default"
    assert PLAIN.outcome(np.array([9, 5]), np.array([1, 5]), 2).tolist() == [1, 2]


def test_cutoffs_and_repr():
    assert PLAIN.cutoffs(1, 0, 10) == [2, 4]
    assert PLAIN.cutoffs(1, 0, 10, lending="individual") == [2]
    assert PLAIN.cutoffs(1.0, 0, 10) == [2.0, 4.0]
    assert repr(SOCIAL) == "RepaymentGame(penalty=theta/2, social_penalty=theta/4)"
    assert SOCIAL.sanctions and not PLAIN.sanctions


def test_nonlinear_penalty_exact():
    game = RepaymentGame(lambda t: sp.sqrt(t))  # φ(r) = r², φ(2r) = 4r²
    assert game.repayment_rate(1, UNIFORM) == bc_group(1, 4)
    assert game.repayment_rate(Fraction(1, 2), UNIFORM, "individual") == bc_individual(
        Fraction(1, 4)
    )


def test_repayment_errors():
    with pytest.raises(ModelError, match="lending"):
        PLAIN.repayment_rate(1, UNIFORM, lending="joint")
    with pytest.raises(DomainError, match="positive"):
        PLAIN.repayment_rate(-1, UNIFORM)
    with pytest.raises(DomainError):
        PLAIN.repayment_rate(float("nan"), UNIFORM)
    with pytest.raises(DomainError, match="distribution"):
        PLAIN.repayment_rate(1, scipy.stats.poisson(3))
    with pytest.raises(DomainError, match="distribution"):
        PLAIN.repayment_rate(1, [1, 2, 3])
    with pytest.raises(DomainError, match="scipy"):
        PLAIN.simulate(1, UNIFORM)
    with pytest.raises(DomainError):
        PLAIN.simulate(1, scipy.stats.uniform(0, 10), n=1)
    with pytest.raises(ModelError, match="theta only"):
        RepaymentGame(lambda t: t * sp.Symbol("k"))


def test_simulation_is_reproducible():
    dist = scipy.stats.uniform(0, 10)
    assert PLAIN.simulate(1, dist, n=1000, rng=5) == PLAIN.simulate(1, dist, n=1000, rng=5)


# -------------------------------------------------------------------------- Ghatak screening
def test_sorting_gain_is_the_hand_form():
    model = JointLiabilityScreening()
    assert sp.simplify(model.sorting_gain() - c * (pi - pi_r) ** 2) == 0
    assert model.matching() == "assortative" and model.matching(c=0) == "indifferent"
    assert model.matching(pi=Fraction(1, 2), pi_r=Fraction(1, 4), c=2) == "assortative"


def test_separating_contracts_match_ghatak():
    model = JointLiabilityScreening()
    contracts = model.separating_contracts()
    assert sp.simplify(contracts.safe[1] - I / (pi * pi_r)) == 0
    assert sp.simplify(contracts.safe[0] - I * (pi + pi_r - 1) / (pi * pi_r)) == 0
    assert sp.simplify(contracts.risky[0] - I / pi_r) == 0 and contracts.risky[1] == 0
    assert contracts.threshold.direction == ">="


@settings(max_examples=20, deadline=None)
@given(
    ps=st.fractions(min_value=Fraction(1, 2), max_value=Fraction(19, 20), max_denominator=20),
    gap=st.fractions(min_value=Fraction(1, 20), max_value=Fraction(9, 20), max_denominator=20),
)
def test_separating_contracts_numerically(ps, gap):
    pr = ps - gap
    model = SCREENING
    point = dict(pi=ps, pi_r=pr, Y=5, Y_r=8, I=1)
    contracts = model.separating_contracts(**point)
    (Rs, cs), (Rr, cr) = contracts.safe, contracts.risky
    subs = {pi: ps, pi_r: pr, Y: 5, Y_r: 8}

    def pay(kind, partner, R_, c_):
        return model.payoff(kind, partner, R_, c_).xreplace(subs)

    def revenue(kind, R_, c_):
        return model.revenue(kind, kind, R_, c_).xreplace(subs)

    assert revenue("safe", Rs, cs) == 1 and revenue("risky", Rr, cr) == 1  # bank breaks even
    assert pay("risky", "risky", Rr, cr) == pay("risky", "risky", Rs, cs)  # risky IC binds
    assert pay("safe", "safe", Rs, cs) >= pay("safe", "safe", Rr, cr)  # safe prefer theirs
    eps = Fraction(1, 100)
    lower_R = 1 / ps - (1 - ps) * (cs - eps)
    assert pay("risky", "risky", lower_R, cs - eps) > pay("risky", "risky", Rr, cr)  # less fails


def test_screening_bank_revenue_by_monte_carlo():
    model = JointLiabilityScreening()
    contracts = model.separating_contracts(
        pi=Fraction(9, 10), pi_r=Fraction(3, 5), Y=5, Y_r=Fraction(15, 2), I=1
    )
    Rs, cs = (float(v) for v in contracts.safe)
    rng = np.random.default_rng(2)
    own, partner = rng.random((2, 200_000)) < 0.9
    receipt = own * (Rs + cs * ~partner)
    assert abs(receipt.mean() - 1) < 4 * receipt.std() / np.sqrt(receipt.size)
    assert contracts.limited_liability is sp.true
    assert contracts.to_dict()["safe_exact"] == ["25/27", "50/27"]
    assert contracts.to_dict()["safe"] == [25 / 27, 50 / 27]


def test_screening_errors():
    with pytest.raises(DomainError, match="pi_r"):
        JointLiabilityScreening().separating_contracts(pi=Fraction(1, 2), pi_r=Fraction(3, 5))
    with pytest.raises(UnknownParameterError):
        JointLiabilityScreening().matching(p_s=Fraction(1, 2))
    with pytest.raises(ModelError):
        JointLiabilityScreening().payoff("honest", "safe")


# ---------------------------------------------------------------------- Stiglitz monitoring
def hand_rates():
    base = (Y * pi - Y_r * pi_r - e) / (pi - pi_r)
    return {
        "individual": base,
        "noncooperative": base - (1 - pi) * c,
        "cooperative": base + c * (pi + pi_r - 1),
    }


def test_max_rates_match_hand_forms():
    model = PeerMonitoring()
    point = dict(pi=Fraction(9, 10), pi_r=Fraction(1, 2), Y=3, Y_r=4, e=Fraction(1, 10), c=1)
    subs = {pi: point["pi"], pi_r: point["pi_r"], Y: 3, Y_r: 4, e: point["e"], c: 1}
    for mode, hand in hand_rates().items():
        assert model.max_rate(mode, **point).value == hand.xreplace(subs)
        assert model.max_rate(mode, **point).direction == "<="
    assert sp.simplify(model.max_rate("individual").value - hand_rates()["individual"]) == 0


@settings(max_examples=20, deadline=None)
@given(
    ps=st.fractions(min_value=Fraction(1, 2), max_value=Fraction(19, 20), max_denominator=20),
    gap=st.fractions(min_value=Fraction(1, 20), max_value=Fraction(9, 20), max_denominator=20),
    c_=st.fractions(min_value=0, max_value=2, max_denominator=10),
)
def test_choices_against_nashpy_and_brute_force(ps, gap, c_):
    model = MONITORING
    y = (4 * (ps - gap) + 1) / ps  # the safe project yields 1 more in expectation
    point = dict(pi=ps, pi_r=ps - gap, Y=y, Y_r=4, e=0, c=c_)
    for mode in ("noncooperative", "cooperative"):
        bound = model.max_rate(mode, **point).value
        for R_ in (bound - Fraction(1, 50), bound + Fraction(1, 50)):
            chosen = model.choice(mode, R=R_, **point)
            assert (("safe", "safe") in chosen) == (bound >= R_)
    # nashpy: pure equilibria of the numeric 2x2 game at one rate (support enumeration:
    # vertex enumeration needs positive payoffs)
    R_ = model.max_rate("noncooperative", **point).value - Fraction(1, 50)
    subs = {pi: ps, pi_r: ps - gap, Y: y, Y_r: 4, e: 0, c: c_, R: R_}
    table = {
        k: [float(sp.sympify(u).xreplace(subs)) for u in v] for k, v in model.payoffs().items()
    }
    A = np.array([[table[(a, b)][0] for b in model.actions] for a in model.actions])
    B = np.array([[table[(a, b)][1] for b in model.actions] for a in model.actions])
    pure = {
        (model.actions[int(np.argmax(x))], model.actions[int(np.argmax(z))])
        for x, z in nashpy.Game(A, B).support_enumeration()
        if max(x) == 1 and max(z) == 1
    }
    assert ("safe", "safe") in pure


def test_joint_liability_without_cooperation_lowers_the_safe_rate():
    model = PeerMonitoring()
    point = dict(pi=Fraction(9, 10), pi_r=Fraction(1, 2), Y=3, Y_r=4, e=0, c=1)
    individual, noncoop, coop = (model.max_rate(m, **point).value for m in PeerMonitoring.modes)
    assert noncoop < individual < coop


# --------------------------------------------------------------------------------- figures
def test_repayment_rates_data_matches_closed_forms():
    data = repayment_rates_data(rates=[Fraction(1, 2), 1, 3])
    cols = data.columns
    assert cols["individual"] == [bc_individual(2 * r) for r in (Fraction(1, 2), 1, 3)]
    assert cols["group"] == [bc_group(2 * r, 4 * r) for r in (Fraction(1, 2), 1, 3)]
    assert cols["group_sanctions"] == [
        bc_group(Fraction(4, 3) * r, 4 * r) for r in (Fraction(1, 2), 1, 3)
    ]
    assert data.notes["social_penalty"] == "theta/4"


def test_plots_attach_their_data():
    fig = plot_repayment_rates(rates=[1, 2], style="slides")
    assert figure_data(fig).columns["group"] == [Fraction(22, 25), Fraction(13, 25)]
    fig = plot_repayment_regions(r=2, points=11)
    cols = figure_data(fig).columns
    assert len(cols["outcome"]) == 121
    i = cols["theta1"].index(9.0)
    assert cols["outcome"][i] == 1  # θ1 = 9 ≥ φ(2r) = 8, θ2 = 0: one repays for both


def test_the_exact_road_does_not_import_scipy_stats():
    """scipy.stats is imported only for a scipy distribution (it takes about half a second)."""
    code = ("import sys, sympy.stats as sps\n"
            "from gametheory_cluster.models.policy.repayment_game import RepaymentGame\n"
            "RepaymentGame().repayment_rate(1, sps.Uniform('theta', 0, 10))\n"
            "print('scipy.stats' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False"]


def test_known_cdf_values_keep_exact_and_float_apart():
    """The CDF values kept by a distribution: a float r after an exact one stays a float."""
    from gametheory_cluster.models.policy.repayment_game import _returns

    theta = sps.Uniform("theta", 0, 10)
    game = RepaymentGame()
    exact = game.repayment_rate(sp.Rational(1, 2), theta)
    numeric = game.repayment_rate(0.5, theta)
    assert isinstance(exact, sp.Rational) and isinstance(numeric, float)
    assert numeric == pytest.approx(float(exact))
    returns = _returns(theta)
    for x in (sp.Rational(5, 2), 2.5, 1, sp.Rational(1, 3)):
        assert returns.probability(0, x) == sps.cdf(theta)(x)
        assert type(returns.probability(0, x)) is type(sps.cdf(theta)(x))
