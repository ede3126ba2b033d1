"""Kreps & Wilson (1982) in lending terms: the figure data against the closed forms."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy as sp

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper

B = sp.Rational(10, 11)  # the bank's break-even repayment probability I/R


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "kreps_wilson1982")


def test_figure_1_path(paper):
    data = figure_data(paper.make_figure_1_repayment_and_beliefs())
    cols, T = data.columns, 30
    assert cols["period"] == list(range(1, T + 1))
    assert cols["cutoff"] == [B ** (T - t + 1) for t in range(1, T + 1)]
    assert cols["repay_strategic"][:5] == [1] * 5  # repays for sure early
    assert all(0 < b < 1 for b in cols["repay_strategic"][5:29])  # mixes near the end
    assert cols["repay_strategic"][29] == 0  # defaults in the last period
    # each mixed repayment puts the bank's belief exactly on the next cutoff
    assert cols["posterior"][5:29] == [B ** (T - t) for t in range(6, 30)]
    assert cols["lend"][6:] == [sp.Rational(11, 15)] * 24  # the bank mixes at the cutoffs
    # the strategic type's mixing by hand: beta = mu (1 - m) / ((1 - mu) m), m the next cutoff
    mu, m = sp.Rational(1, 10), B**24
    assert cols["repay_strategic"][5] == mu * (1 - m) / ((1 - mu) * m)
    assert data.notes["mixing_starts"] == 6


def test_figure_2_discounting_changes_only_the_bank_mixing(paper):
    data = figure_data(paper.make_figure_2_discounted())
    plain = figure_data(paper.make_figure_1_repayment_and_beliefs())
    assert data.columns["cutoff"] == plain.columns["cutoff"]
    assert data.notes["bank_mixing"] == sp.Rational(110) / (Fraction(19, 20) * 150)


def test_headline(paper):
    h = paper.headline()
    assert h["bank's lending probability at a cutoff"] == "11/15"
    assert h["strategic SME mixes in periods"] == "6-29"
    assert float(h["smallest prior that gets a first loan (T = 30)"]) == pytest.approx(
        float(B**30), abs=1e-4)


def test_figure_3_ex_ante_loan_probability(paper):
    data = figure_data(paper.make_figure_3_ex_ante_loan_probability())
    loan = data.columns["p_loan"]
    assert loan[:6] == [1] * 6  # a loan is certain while the bank is above the cutoffs
    assert data.notes["bank_mixes_from"] == 7
    assert float(loan[6]) == pytest.approx(0.7223, abs=1e-4)
    # by hand: no default through period 6, then lent with probability 11/15
    repaid_through_6 = 1 - (1 - sp.Rational(1, 10)) * (1 - cols_repay_product(paper))
    assert loan[6] == repaid_through_6 * sp.Rational(11, 15)
    # a refusal is absorbing: lent w.p. 11/15, repaid w.p. I/R = 10/11, so x 2/3 a period
    assert all(b == sp.Rational(2, 3) * a for a, b in itertools.pairwise(loan[6:]))
    assert data.notes["loan_decay"] == sp.Rational(2, 3)
    assert all(r == sp.Rational(2, 3) for r in data.columns["ratio"][7:])
    assert next(t for t, p in enumerate(loan, 1) if p < sp.Rational(1, 100)) == 18


def cols_repay_product(paper):
    """The strategic SME's chance of repaying in every period 1-6 (figure 1's path)."""
    path = figure_data(paper.make_figure_1_repayment_and_beliefs()).columns["repay_strategic"]
    out = sp.Integer(1)
    for b in path[:6]:
        out *= b
    return out


def test_a_refusal_is_absorbing(paper):
    eq = paper.equilibrium()
    for k in range(2, eq.horizon + 1):
        cut = eq.cutoffs[k - 1]
        for belief in (cut, cut * sp.Rational(99, 100)):  # refused (at least sometimes) here
            assert eq.play(k - 1, belief)[0] == 0  # ... and refused for sure next period


def test_headline_counts_the_mixing_periods(paper):
    h = paper.headline()
    assert h["periods in which the strategic SME mixes"] == "24"
    assert h["bank first mixes in period"] == "7"
    assert h["ex-ante probability of a loan then"] == "0.7223"
    assert h["it falls each period after by the factor"] == "2/3"
