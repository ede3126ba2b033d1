"""Bolton & Scharfstein (1990) with an exit cost: the figure data against the hand formulas."""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "bolton_scharfstein1990")


def test_figure_1_termination_against_exit_cost(paper):
    data = figure_data(paper.make_figure_1_termination_against_exit_cost())
    cols = data.columns
    assert data.notes["min_exit_cost"] == sp.Rational(55, 6)
    for C, financed, beta, term in zip(cols["C"], cols["financed"], cols["beta_L"],
                                       cols["termination"], strict=True):
        assert financed == (sp.Rational(55, 6) <= C)
        if not financed:
            continue
        # by hand: 1 - beta_L = 2 (I - Y_L) / ((1 - pi)(I - Y_L) + pi (rho + C)), with
        # I - Y_L = 20, pi = 3/4, rho = pi (Y_H - Y_L) = 75/2; capped at 1/2 by the bank
        gap, pi, rho = 20, sp.Rational(3, 4), sp.Rational(75, 2)
        hand = 1 - 2 * gap / ((1 - pi) * gap + pi * (rho + C))
        assert beta == min(hand, sp.Rational(1, 2))
        assert term == sp.Rational(1, 4) * (1 - beta)


def test_headline(paper):
    h = paper.headline()
    assert h["smallest exit cost with a loan"] == "55/6"
    assert h["termination probability at C = 20"] == "16/77"
    assert h["R_H reaches Y_H (the bank's cap starts) at C"] == "125/2"
