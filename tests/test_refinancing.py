"""The refinancing threat (Bolton–Scharfstein 1990) with an exit cost.

Second roads, independent of the library's exact vertex enumeration:

* hand closed forms (β_H = 1, R_L = Y_L, truth-telling and break-even binding):
  1 − β_L = (I − Y_L)(1 + δ) / (δ[(1 − π)(I − Y_L) + π(ρ + C)]), ρ = π(Y_H − Y_L),
  and, once R_H reaches Y_H, β_L from the bank's break-even alone;
* scipy's ``linprog`` on the same programme, and ``minimize`` (SLSQP) on the
  non-linear programme in which the last-period repayment R_2 is a choice too;
* the minimum exit cost (I − Y_L)(1 + δπ)/(δπ) − ρ at which a contract exists.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog, minimize

from gametheory_cluster.errors import (
    DomainError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from gametheory_cluster.models.information.refinancing import Refinancing, termination_data
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.information import plot_termination

BASE = {"I": 100, "Y_H": 130, "Y_L": 80, "pi": F(3, 4)}


def hand_contract(I, Y_H, Y_L, pi, C, d=1):
    """The optimum by hand (beta_H = 1, R_L = Y_L): incentive region first, then the bank's
    break-even cap; also the SME's expected payoff, which must be >= 0 for it to borrow."""
    rho = pi * (Y_H - Y_L)
    gap = I - Y_L
    beta_l = (pi * d * (rho + C) - gap * (1 + d * pi)) / (d * (1 - pi) * gap + pi * d * (rho + C))
    r_h = (I - (1 - pi) * Y_L + d * (pi + (1 - pi) * beta_l) * gap) / pi
    if r_h > Y_H:  # limited liability binds: refinancing is capped by the bank's break-even
        r_h = Y_H
        beta_l = (pi * Y_H + (1 - pi) * Y_L - I - d * pi * gap) / (d * (1 - pi) * gap)
    refi = pi + (1 - pi) * beta_l
    sme = pi * (Y_H - r_h) + d * (refi * rho - (1 - refi) * C)
    return {"beta_L": beta_l, "R_H": r_h, "termination": (1 - pi) * (1 - beta_l), "sme": sme}


def min_exit_cost_by_hand(I, Y_H, Y_L, pi, d=1):
    return max(F(0), (I - Y_L) * (1 + d * pi) / (d * pi) - pi * (Y_H - Y_L))


# ----------------------------------------------------------------- closed forms
def test_last_period_repayment_and_rent_are_derived():
    m = Refinancing()
    plain = {s: sp.Symbol(s.name) for s in m.rent.free_symbols | m.last_repayment.free_symbols}
    pi, Y_H, Y_L = sp.symbols("pi Y_H Y_L")
    assert m.last_repayment.xreplace(plain) == Y_L
    assert sp.simplify(m.rent.xreplace(plain) - pi * (Y_H - Y_L)) == 0


def test_base_case_contract():
    c = Refinancing().optimal_contract(**BASE, C=20)
    hand = hand_contract(F(100), F(130), F(80), F(3, 4), F(20))
    assert (c.beta_H, c.R_L, c.R_2) == (1, 80, 80)
    assert c.beta_L == sp.Rational(13, 77) == hand["beta_L"]
    assert hand["R_H"] == c.R_H
    assert c.termination == hand["termination"] == sp.Rational(16, 77)
    assert c.bank_payoff == 0
    assert set(c.binding) == {
        "truth-telling",
        "bank breaks even",
        "limited liability (low)",
        "beta_H <= 1",
    }


@settings(max_examples=30, deadline=None)
@given(
    I=st.integers(50, 150),
    Y_L=st.fractions(0, F(99, 100)),
    extra=st.fractions(0, 1),
    pi=st.fractions(F(1, 10), F(9, 10)),
    C=st.fractions(0, 300),
    d=st.sampled_from([None, F(1, 2), F(9, 10)]),
)
def test_matches_hand_closed_form(I, Y_L, extra, pi, C, d):
    # Y_L < I, and Y_H high enough that refinancing after a high return pays for itself
    Y_L = I * Y_L
    Y_H = (I - (1 - pi) * Y_L + (d or 1) * pi * (I - Y_L)) / pi + extra * I
    model = Refinancing(discounting=d is not None)
    values = {"I": I, "Y_H": Y_H, "Y_L": Y_L, "pi": pi, "C": C}
    if d is not None:
        values["delta"] = d
    d = d or F(1)
    hand = hand_contract(F(I), Y_H, Y_L, pi, C, d)
    financed = (
        min_exit_cost_by_hand(F(I), Y_H, Y_L, pi, d) <= C
        and hand["beta_L"] >= 0
        and hand["sme"] >= 0
    )
    if not financed:
        with pytest.raises(NoSolutionError, match="cannot be repaid"):
            model.optimal_contract(**values)
        return
    c = model.optimal_contract(**values)
    assert c.beta_L == hand["beta_L"]
    assert c.termination == hand["termination"]
    assert c.beta_H == 1
    assert c.R_L == Y_L
    assert c.sme_payoff == hand["sme"]


def test_symbolic_formula_is_the_hand_formula():
    m = Refinancing(discounting=True)
    c = m.optimal_contract()
    I, C, pi, d = sp.symbols("I C pi delta")
    Y_H, Y_L = sp.symbols("Y_H Y_L")
    plain = {s: sp.Symbol(s.name) for s in c.beta_L.free_symbols}
    rho = pi * (Y_H - Y_L)
    one_minus = (I - Y_L) * (1 + d) / (d * ((1 - pi) * (I - Y_L) + pi * (rho + C)))
    assert sp.simplify(1 - c.beta_L.xreplace(plain) - one_minus) == 0
    assert c.valid_when  # the region where this basis stays optimal is reported


# ------------------------------------------------------------- scipy second roads
def _lp_by_scipy(I, Y_H, Y_L, pi, C, d=1.0):
    """max SME payoff over (R_H, R_L, beta_H, beta_L) with R_2 = Y_L, by scipy's HiGHS."""
    rho = pi * (Y_H - Y_L)
    # SME payoff = const - pi R_H - (1-pi) R_L + d (pi b_H + (1-pi) b_L)(rho + C) - d C
    c = -np.array([-pi, -(1 - pi), d * pi * (rho + C), d * (1 - pi) * (rho + C)])
    A = [
        [1, -1, -d * (rho + C), d * (rho + C)],  # truth-telling
        [-pi, -(1 - pi), -d * pi * (Y_L - I), -d * (1 - pi) * (Y_L - I)],  # bank
    ]
    b = [0, -I]
    bounds = [(0, Y_H), (0, Y_L), (0, 1), (0, 1)]
    return linprog(c, A_ub=A, b_ub=b, bounds=bounds, method="highs")


@pytest.mark.parametrize("C", [10, 20, 40, 62, 63, 100, 200])
def test_linprog_agrees(C):
    res = _lp_by_scipy(100.0, 130.0, 80.0, 0.75, float(C))
    c = Refinancing().optimal_contract(**BASE, C=C)
    assert res.status == 0
    assert float(c.sme_payoff) == pytest.approx(-res.fun + _constant(C), abs=1e-7)
    # the termination probability is the same at every optimum (beyond C = 125/2 several
    # contracts are optimal: only the total probability of refinancing matters to the bank)
    term = 0.75 * (1 - res.x[2]) + 0.25 * (1 - res.x[3])
    assert float(c.termination) == pytest.approx(term, abs=1e-7)
    if C <= 62:
        assert float(c.beta_L) == pytest.approx(res.x[3], abs=1e-7)


def _constant(C, I=100.0, Y_H=130.0, Y_L=80.0, pi=0.75, d=1.0):
    """The part of the SME's payoff that does not depend on the contract."""
    return pi * Y_H + (1 - pi) * Y_L - d * C


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=4, max_size=7),
       st.lists(st.integers(-4, 4), min_size=7, max_size=7))
def test_feasibility_against_a_zero_objective_and_linprog(rows, rhs):
    """The first exact vertex decides feasibility: as maximising nothing does, and linprog."""
    from gametheory_cluster.models.information.refinancing.programme import _feasible, _maximise

    A = [[F(a) for a in row] for row in rows] + [[F(-int(i == k)) for i in range(3)]
                                                 for k in range(3)]  # x >= 0: a vertex exists
    b = [F(x) for x in rhs[: len(rows)]] + [F(0)] * 3
    assert _feasible(A, b) == (_maximise([F(0)] * 3, A, b) is not None)
    lp = linprog([0, 0, 0], A_ub=np.array(A, dtype=float), b_ub=np.array(b, dtype=float),
                 bounds=[(None, None)] * 3, method="highs")
    assert _feasible(A, b) == (lp.status == 0)


def test_linprog_agrees_on_infeasibility():
    assert _lp_by_scipy(100.0, 130.0, 80.0, 0.75, 5.0).status == 2  # infeasible
    with pytest.raises(NoSolutionError, match="truth-telling"):
        Refinancing().optimal_contract(**BASE, C=5)


def test_collecting_the_low_return_last_is_optimal_slsqp():
    """Let R_2 be chosen too (a non-linear programme): the optimum still has R_2 = Y_L."""
    I, Y_H, Y_L, pi, C, d = 100.0, 130.0, 80.0, 0.75, 20.0, 1.0

    def sme(x):
        r_h, r_l, b_h, b_l, r_2 = x
        refi = pi * b_h + (1 - pi) * b_l
        return (
            pi * (Y_H - r_h)
            + (1 - pi) * (Y_L - r_l)
            + d * (refi * (pi * Y_H + (1 - pi) * Y_L - r_2) - (1 - refi) * C)
        )

    def ic(x):
        r_h, r_l, b_h, b_l, r_2 = x
        stake = pi * Y_H + (1 - pi) * Y_L - r_2 + C
        return d * (b_h - b_l) * stake - (r_h - r_l)

    def bank(x):
        r_h, r_l, b_h, b_l, r_2 = x
        return pi * r_h + (1 - pi) * r_l - I + d * (pi * b_h + (1 - pi) * b_l) * (r_2 - I)

    best = None
    for start in ([120, 80, 1, 0.5, 80], [125, 70, 0.9, 0.2, 60], [129, 79, 1, 0.1, 79]):
        res = minimize(
            lambda x: -sme(x),
            start,
            method="SLSQP",
            bounds=[(0, Y_H), (0, Y_L), (0, 1), (0, 1), (0, Y_L)],
            constraints=[{"type": "ineq", "fun": ic}, {"type": "ineq", "fun": bank}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        # SLSQP flags the degenerate optimum as a failure: judge the point, not the flag
        feasible = min(ic(res.x), bank(res.x)) >= -1e-6
        if feasible and (best is None or res.fun < best.fun):
            best = res
    c = Refinancing().optimal_contract(**BASE, C=20)
    assert best.x[4] == pytest.approx(80, abs=1e-5)
    assert best.x[3] == pytest.approx(float(c.beta_L), abs=1e-5)
    assert -best.fun == pytest.approx(float(c.sme_payoff), abs=1e-5)


# ------------------------------------------------------------- the exit cost
def test_exit_cost_lowers_termination_until_the_bank_caps_refinancing():
    data = termination_data(list(range(0, 201, 5)), Y_L=80)
    rows = [
        (c, t)
        for c, f, t in zip(
            data.columns["C"], data.columns["financed"], data.columns["termination"], strict=True
        )
        if f
    ]
    terms = [t for _, t in rows]
    assert all(a >= b for a, b in itertools.pairwise(terms))  # never rises with C
    assert terms[0] > terms[-1]
    # the kink: R_H reaches Y_H at C = 125/2; from there termination stays at 1/8
    assert all(t == sp.Rational(1, 8) for c, t in rows if c >= 65)
    assert all(t > sp.Rational(1, 8) for c, t in rows if c <= 60)


@pytest.mark.parametrize(
    ("values", "discounting"),
    [
        (BASE, False),
        ({**BASE, "Y_H": 150}, False),
        ({**BASE, "delta": F(9, 10)}, True),
        ({"I": 100, "Y_H": 155, "Y_L": 60, "pi": F(4, 5)}, False),
    ],
)
def test_min_exit_cost(values, discounting):
    m = Refinancing(discounting=discounting)
    d = values.get("delta", F(1))
    expected = min_exit_cost_by_hand(*(F(values[k]) for k in ("I", "Y_H", "Y_L", "pi")), d)
    found = m.min_exit_cost(**values)
    assert found == expected
    if found > 0:
        m.optimal_contract(**values, C=found)  # lending works at the threshold
        with pytest.raises(NoSolutionError):
            m.optimal_contract(**values, C=found * (1 - sp.Rational(1, 10**6)))


# ----------------------------------------------------------- errors and output
@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({**BASE, "Y_L": 100, "C": 1}, DomainError, "Y_L < I"),
        ({**BASE, "Y_L": 140, "C": 1}, DomainError, "Y_L < Y_H"),
        ({**BASE, "Y_H": 101, "C": 1}, DomainError, "worth financing"),
        ({**BASE, "pi": 1, "C": 1}, DomainError, r"pi=1 is outside .* \[Refinancing\]"),
        ({**BASE, "C": -1}, DomainError, "C"),
        ({**BASE, "C": 1, "delta": F(1, 2)}, UnknownParameterError, "valid names"),
        ({**BASE, "Y_L": -5, "C": 1}, DomainError, "Y_L"),
        ({**BASE, "C": sp.pi}, DomainError, "rational"),
    ],
)
def test_bad_input_is_refused(kwargs, error, text):
    with pytest.raises(error, match=text):
        Refinancing().optimal_contract(**kwargs)


def test_min_exit_cost_needs_refinancing_after_high_returns_to_pay():
    with pytest.raises(DomainError, match="pays for itself"):
        Refinancing().min_exit_cost(I=100, Y_H=140, Y_L=50, pi=F(4, 5))
    # the contract itself is still solved: the bank then threatens high reports too
    c = Refinancing().optimal_contract(I=100, Y_H=120, Y_L=80, pi=F(9, 10), C=20)
    assert (c.beta_H, c.beta_L, c.R_H) == (sp.Rational(8, 9), 0, 120)


def test_min_exit_cost_needs_the_other_values():
    with pytest.raises(ModelError, match="do not give C"):
        Refinancing().min_exit_cost(**BASE, C=3)
    with pytest.raises(ModelError, match="Y_H"):
        Refinancing().min_exit_cost(I=100, Y_L=80, pi=F(3, 4))
    with pytest.raises(ModelError):
        Refinancing(discounting="yes")


def test_floats_in_floats_out():
    c = Refinancing().optimal_contract(I=100.0, Y_H=130.0, Y_L=80.0, pi=0.75, C=20.0)
    assert isinstance(c.beta_L, float)
    assert c.beta_L == pytest.approx(13 / 77)
    assert Refinancing().min_exit_cost(I=100.0, Y_H=130.0, Y_L=80.0, pi=0.75) == pytest.approx(
        55 / 6
    )


def test_output_renders():
    c = Refinancing().optimal_contract(**BASE, C=20)
    data = json.loads(json.dumps(c.to_dict()))
    assert data["beta_L_exact"] == "13/77" and data["beta_L"] == pytest.approx(13 / 77)
    assert "truth-telling" in data["binding"]
    assert "beta_L = 13/77" in str(c)
    assert r"\beta_L" in c.latex()
    fig = plot_termination([0, 20, 40], Y_L=80)
    cols = figure_data(fig).columns
    assert cols["financed"] == [False, True, True]
    assert figure_data(fig).notes["min_exit_cost"] == sp.Rational(55, 6)


# ----------------------------------------------------------------- welfare
NEW_BASE = {"I": 100, "Y_H": 130, "Y_L": 90, "pi": F(3, 4)}


def test_the_new_base_case_has_the_contract_without_exit_cost():
    c = Refinancing().optimal_contract(**NEW_BASE, C=0)
    assert (c.beta_H, c.beta_L, c.termination) == (1, F(1, 5), F(1, 5))
    assert Refinancing().min_exit_cost(**NEW_BASE) == 0
    with pytest.raises(NoSolutionError):  # the old base case has none
        Refinancing().optimal_contract(**BASE, C=0)


@pytest.mark.parametrize("values", [NEW_BASE, BASE, {**NEW_BASE, "Y_H": 150}])
def test_any_exit_cost_above_the_minimum_lowers_welfare(values):
    model = Refinancing()
    c_min = model.min_exit_cost(**values)
    costs = [c_min + k for k in (0, 1, 5, 20, 60, 150)]
    welfare = [model.optimal_contract(**values, C=c).welfare for c in costs]
    assert all(a > b for a, b in itertools.pairwise(welfare))
    for c, w in zip(costs, welfare, strict=True):  # by hand: first best less what termination costs
        k = model.optimal_contract(**values, C=c)
        lost = (1 - values["pi"]) * (1 - k.beta_L) + values["pi"] * (1 - k.beta_H)
        surplus = values["pi"] * values["Y_H"] + (1 - values["pi"]) * values["Y_L"] - 100
        assert w == model.first_best(**values) - lost * (surplus + c)
        assert k.bank_payoff == 0 and w == k.sme_payoff


def test_welfare_derivative_in_the_exit_cost_is_negative():
    C = sp.Symbol("C", nonnegative=True)
    welfare = Refinancing().optimal_contract(**NEW_BASE).welfare
    assert sp.factor(sp.diff(welfare, C)) == -800 / (3 * C + 100) ** 2


def test_parameter_table_of_the_model():
    from gametheory_cluster.models.information.refinancing import PARAMETERS

    assert PARAMETERS.own == ("C", "Y_H", "Y_L", "pi") and PARAMETERS.shared == ("I", "delta")
    assert "not refinance" in PARAMETERS["C"].meaning


@settings(max_examples=25, deadline=None)
@given(st.fractions(min_value=10, max_value=150, max_denominator=12))
def test_exact_contract_numbers_are_tidy_rationals(C):
    """Exact inputs: every number of the contract is a rational, as tidy would leave it."""
    from gametheory_cluster.algebra import tidy

    c = Refinancing().optimal_contract(**BASE, C=C)
    for x in (c.R_H, c.R_L, c.beta_H, c.beta_L, c.R_2, c.termination, c.sme_payoff,
              c.bank_payoff):
        assert isinstance(x, sp.Rational) and tidy(x) == x and type(tidy(x)) is type(x)
