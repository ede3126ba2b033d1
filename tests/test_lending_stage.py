"""The one-shot lending game: the degenerate bimatrix and the sequential form.

Oracles: the payoff table of docs/explanation/repeated_lending.md written out by hand;
pygambit's enummixed on the same numbers; a hand best-response check along the equilibrium
component; the textbook backward induction (the SME defaults on any loan, so the bank
refuses).
"""

from __future__ import annotations

import json
import warnings
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import MissingParameterError
from gametheory_cluster.games import EquilibriumSet, PiecewiseEquilibria
from gametheory_cluster.models.lending import LendingGame, stage_payoffs
from gametheory_cluster.parameters import symbols

BASE = {"I": 100, "Y": 150, "R": 110, "w": 0}
LEND, REFUSE = (1, 0), (0, 1)
DEFAULT = (0, 1)

positive = st.integers(1, 200) | st.fractions(Fraction(1, 2), 200, max_denominator=7)
points = st.fixed_dictionaries(
    {"I": positive, "Y": positive, "R": positive, "w": st.integers(0, 50) | st.just(0)}
)
recovery_points = st.fixed_dictionaries(
    {
        "I": positive,
        "Y": positive,
        "R": positive,
        "w": st.integers(0, 50),
        "lam": st.sampled_from([0, 1, Fraction(1, 2)]) | st.fractions(0, 1, max_denominator=9),
    }
)


def hand_matrices(I, Y, R, w, lam=0):
    """The stage game of docs/explanation/repeated_lending.md: bank Lend/Refuse, SME Repay/Default."""
    bank = [[R - I, -I + lam * R], [0, 0]]
    sme = [[Y - R, Y - lam * R], [w, w]]
    return bank, sme


def exact(eqs: EquilibriumSet):
    def frac(v):
        assert isinstance(v, sp.Rational)
        return Fraction(int(v.p), int(v.q))

    return {(tuple(map(frac, e.row)), tuple(map(frac, e.col))) for e in eqs}


# --------------------------------------------------------------------------- the game


def test_payoffs_follow_the_model_table():
    I, Y, R, w, lam = symbols("I Y R w lam")
    bank, sme = hand_matrices(I, Y, R, w, lam)
    game = LendingGame(recovery=True)
    assert sp.simplify(game.A - sp.Matrix(bank)) == sp.zeros(2, 2)
    assert sp.simplify(game.B - sp.Matrix(sme)) == sp.zeros(2, 2)
    bank, sme = hand_matrices(I, Y, R, w)
    assert sp.Matrix(bank) == LendingGame().A
    assert sp.Matrix(sme) == LendingGame().B
    assert LendingGame().players == ("bank", "SME")
    assert stage_payoffs("Refuse", None) == (0, w)


def test_base_case_component_with_exact_endpoints():
    eqs = LendingGame().equilibria(**BASE)
    assert eqs.is_degenerate
    assert exact(eqs) == {
        (REFUSE, (Fraction(10, 11), Fraction(1, 11))),
        (REFUSE, DEFAULT),
    }
    (component,) = eqs.components
    (subset,) = component.maximal_subsets
    assert subset.rows == (REFUSE,)
    assert set(subset.cols) == {(sp.Rational(10, 11), sp.Rational(1, 11)), DEFAULT}
    for eq in eqs:
        assert eq.is_nash()
        assert eq.value == (0, 0)
        assert eq.support[0] == ("Refuse",)


@pytest.mark.parametrize(
    ("repay", "is_equilibrium"),
    [(0, True), (Fraction(1, 2), True), (Fraction(10, 11), True), (Fraction(11, 12), False)],
)
def test_refuse_is_a_best_response_exactly_up_to_break_even(repay, is_equilibrium):
    """Hand check along the component: lending pays repay·R − I ≤ 0 iff repay ≤ I/R."""
    bank, _ = hand_matrices(**BASE)
    lend = repay * bank[0][0] + (1 - repay) * bank[0][1]
    assert (lend <= 0) == is_equilibrium


def test_base_case_rendering():
    eqs = LendingGame().equilibria(**BASE)
    assert str(eqs).splitlines()[:3] == [
        "Nash equilibria of a degenerate 2×2 game (bank: Lend, Refuse; SME: Repay, Default)",
        "2 extreme equilibria in 1 component",
        "  component 1: {Refuse} × conv{10/11·Repay + 1/11·Default, Default}",
    ]
    data = json.loads(json.dumps(eqs.to_dict()))
    assert data["extreme_points"][0]["col_exact"] == ["10/11", "1/11"]
    assert data["extreme_points"][0]["col"] == [10 / 11, 1 / 11]
    assert data["extreme_points"][0]["row_payoffs"] == [0, 0]
    assert r"\frac{10}{11}\,\text{Repay}" in eqs.latex()
    assert repr(LendingGame(recovery=True)) == "LendingGame(recovery=True)"


def test_floats_give_floats():
    eqs = LendingGame().equilibria(I=100.0, Y=150, R=110, w=0)
    assert eqs.extreme_points[0].col == pytest.approx((10 / 11, 1 / 11))
    assert all(isinstance(p, float) for e in eqs for p in e.col)


# --------------------------------------------------------------------------- anchors


@settings(max_examples=30, deadline=None)
@given(points)
def test_agrees_with_pygambit(gambit_extreme_points, point):
    assert exact(LendingGame().equilibria(**point)) == gambit_extreme_points(
        *hand_matrices(**point)
    )


@settings(max_examples=30, deadline=None)
@given(recovery_points)
def test_recovery_agrees_with_pygambit(gambit_extreme_points, point):
    assert exact(LendingGame(recovery=True).equilibria(**point)) == gambit_extreme_points(
        *hand_matrices(**point)
    )


def test_nashpy_misses_the_component():
    """Why the toolkit does not rely on nashpy for all equilibria.

    Support enumeration only considers supports of equal size, and for equal sizes
    solves the indifference equations as if the game were non-degenerate: it finds
    (Refuse, Default) and misses the segment of SME mixtures that keep the bank out.
    Vertex enumeration needs positive payoffs and returns nothing here.
    """
    nash = LendingGame().to_nashpy(**BASE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        found = list(nash.support_enumeration())
        vertices = list(nash.vertex_enumeration())
    assert len(found) == 1
    assert np.allclose(found[0][0], REFUSE)
    assert np.allclose(found[0][1], DEFAULT)
    assert vertices == []
    assert len(LendingGame().equilibria(**BASE)) == 2


# --------------------------------------------------------------------------- symbolic


def test_symbolic_answer_splits_on_the_sign_of_R_minus_I():
    I, R = symbols("I R")
    pw = LendingGame().equilibria()
    assert isinstance(pw, PiecewiseEquilibria)
    assert [str(c.condition) for c in pw] == ["R > I", "R <= I"]
    profitable, unprofitable = pw
    assert [(e.row, e.col) for e in profitable.equilibria] == [
        (REFUSE, DEFAULT),
        (REFUSE, (I / R, (R - I) / R)),
    ]
    # the break-even repayment probability is I/R: the bank's payoff from lending is 0
    assert sp.simplify(profitable.equilibria.extreme_points[1].row_payoffs[0]) == 0
    assert [(e.row, e.col) for e in unprofitable.equilibria] == [
        (REFUSE, (1, 0)),
        (REFUSE, DEFAULT),
    ]
    # the certificate holds for every R > I (inside its region, R <= I needs values)
    assert all(eq.is_nash() for eq in profitable.equilibria)


@settings(max_examples=40, deadline=None)
@given(points)
def test_symbolic_answer_agrees_with_enumeration(point):
    game = LendingGame()
    assert game.equilibria().at(**point) == game.equilibria(**point)


@settings(max_examples=25, deadline=None)
@given(recovery_points | st.builds(lambda p: {**p, "R": p["I"]}, recovery_points))
def test_symbolic_recovery_answer_agrees_with_enumeration(point):
    game = LendingGame(recovery=True)
    assert game.equilibria().at(**point) == game.equilibria(**point)


def test_recovery_cases_respect_the_domain_of_lam():
    """lam ≤ 1, so lam·R > R (the SME preferring to repay) never appears as a case."""
    pw = LendingGame(recovery=True).equilibria()
    conditions = [str(c.condition) for c in pw]
    assert not any("lam > 1" in c for c in conditions)
    assert "Eq(lam, 1) & (R > I)" in conditions


# --------------------------------------------------------------------------- sequential


def test_sequential_game_spe_is_refuse_default_for_every_parameter_value():
    (spe,) = LendingGame().sequential().solve()
    assert spe.strategy == {"root": "Refuse", "Lend": "Default"}
    assert spe.of("SME") == {"Lend": "Default"}
    assert spe.path == ("Refuse",)
    assert spe.payoffs == (0, symbols("w")[0])
    (numeric,) = LendingGame().sequential().solve(**BASE)
    assert numeric.payoffs == (0, 0)


def test_sequential_with_full_recovery_has_ties():
    """lam = 1: the SME is indifferent; with R > I the bank lends either way."""
    spes = LendingGame(recovery=True).sequential().solve(**BASE, lam=1)
    assert [s.strategy for s in spes] == [
        {"root": "Lend", "Lend": "Repay"},
        {"root": "Lend", "Lend": "Default"},
    ]
    assert {s.payoffs for s in spes} == {(10, 40)}


def test_sequential_with_partial_recovery():
    (spe,) = LendingGame(recovery=True).sequential().solve(**BASE, lam=Fraction(1, 2))
    assert spe.strategy == {"root": "Refuse", "Lend": "Default"}
    (spe,) = LendingGame(recovery=True).sequential().solve(**BASE, lam=Fraction(19, 20))
    assert spe.strategy == {"root": "Lend", "Lend": "Default"}  # 0.95·110 > 100


def test_sequential_with_recovery_needs_lam():
    with pytest.raises(MissingParameterError, match="lam"):
        LendingGame(recovery=True).sequential().solve()


def test_sequential_rendering():
    tree = LendingGame().sequential()
    assert str(tree).splitlines() == [
        "game tree, players bank, SME",
        "  Refuse: (0, w)",
        "  Lend → Repay: (-I + R, -R + Y)",
        "  Lend → Default: (-I, Y)",
    ]
    assert json.loads(json.dumps(tree.to_dict()))["root"]["moves"]["Refuse"] == {
        "payoffs": [0, "w"], "payoffs_exact": ["0", "w"]
    }
