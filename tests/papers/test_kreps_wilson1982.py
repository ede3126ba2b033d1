"""Kreps & Wilson (1982) in lending terms: the figure data against the closed forms."""

from __future__ import annotations

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
