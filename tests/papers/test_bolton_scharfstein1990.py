"""Bolton & Scharfstein (1990) with an exit cost: the figure data against the hand formulas."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "bolton_scharfstein1990")


def hand_beta_L(C, Y_L, cap=None):
    """1 - beta_L = 2 (I - Y_L) / ((1 - pi)(I - Y_L) + pi (rho + C)), rho = pi (Y_H - Y_L)."""
    gap, pi = 100 - Y_L, sp.Rational(3, 4)
    rho = pi * (130 - Y_L)
    beta = 1 - 2 * gap / ((1 - pi) * gap + pi * (rho + C))
    return beta if cap is None else min(beta, cap)


def hand_welfare(C, Y_L, beta):
    """Two periods of surplus E[Y] - I, the second one lost (and C paid) on termination."""
    pi = sp.Rational(3, 4)
    surplus = pi * 130 + (1 - pi) * Y_L - 100
    term = (1 - pi) * (1 - beta)
    return surplus + (1 - term) * surplus - term * C


def test_figure_1_termination_at_the_base_case(paper):
    data = figure_data(paper.make_figure_1_termination_against_exit_cost())
    cols = data.columns
    assert data.notes["min_exit_cost"] == 0  # Bolton–Scharfstein's own contract exists
    assert all(cols["financed"])
    for C, beta, term in zip(cols["C"], cols["beta_L"], cols["termination"], strict=True):
        assert beta == hand_beta_L(C, 90) == (3 * C + 20) / (3 * C + 100)
        assert term == sp.Rational(1, 4) * (1 - beta)
    assert cols["termination"][0] == sp.Rational(1, 5)  # at C = 0


def test_the_c_zero_contract_at_the_new_base_case(paper):
    from gametheory_cluster.models.information.refinancing import Refinancing

    c = Refinancing().optimal_contract(**paper.BASE, C=0)
    assert (c.beta_H, c.beta_L, c.R_L, c.R_H) == (1, sp.Rational(1, 5), 90, 114)
    assert c.bank_payoff == 0 and c.welfare == c.sme_payoff == 36


def test_figure_2_welfare_falls_above_the_minimum_exit_cost(paper):
    data = figure_data(paper.make_figure_2_welfare_against_exit_cost())
    cols = data.columns
    assert data.notes["min_exit_cost (Y_L = 90)"] == 0
    assert data.notes["min_exit_cost (Y_L = 80)"] == sp.Rational(55, 6)
    assert data.notes["first_best (Y_L = 90)"] == 40
    for Y_L, cap in ((90, None), (80, sp.Rational(1, 2))):
        welfare = cols[f"welfare (Y_L = {Y_L})"]
        for C, w in zip(cols["C"], welfare, strict=True):
            if w is None:
                assert data.notes[f"min_exit_cost (Y_L = {Y_L})"] > C
                continue
            assert w == hand_welfare(C, Y_L, hand_beta_L(C, Y_L, cap))
        kept = [w for w in welfare if w is not None]
        assert all(a > b for a, b in itertools.pairwise(kept))  # any C above the minimum hurts
        assert kept[0] < data.notes[f"first_best (Y_L = {Y_L})"]


def test_headline(paper):
    h = paper.headline()
    assert h["termination probability at C = 0 (Bolton–Scharfstein)"] == "1/5"
    assert h["total surplus at C = 0 and C = 20"] == "36, 35"
    assert h["d(surplus)/dC at the base case"] == "-800/(3*C + 100)**2"
    assert h["Y_L = 80: smallest exit cost with a loan"] == "55/6"
    assert h["Y_L = 80: R_H reaches Y_H (the bank's cap starts) at C"] == "125/2"
