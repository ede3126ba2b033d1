"""Bester (1985): the data behind each figure against the closed forms of the constraints."""

from fractions import Fraction as F

import numpy as np
import pytest

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper

PL, PH, RHO, BETA = 0.9, 0.6, 1.05, 0.8


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "bester1985")


def test_figure_1_lines_and_contracts(paper):
    data = figure_data(paper.make_figure_1_screening_plane())
    C = np.asarray(data.columns["C"])
    assert np.allclose(data.columns["zero profit (low)"], (RHO - (1 - PL) * BETA * C) / PL)
    assert np.allclose(data.columns["zero profit (high)"], (RHO - (1 - PH) * BETA * C) / PH)
    assert np.allclose(data.columns["zero profit (pooled)"], (RHO - 0.25 * BETA * C) / 0.75)
    # the high type's indifference curve through (0, rho/p_h): slope -(1 - p_h)/p_h
    assert np.allclose(data.columns["indifference (high)"], RHO / PH - (1 - PH) / PH * C)
    c_low = RHO * (PL - PH) / (PL * (1 - PH) - BETA * PH * (1 - PL))
    assert data.notes["low"]["collateral_exact"] == "105/104"
    assert data.notes["low"]["repayment_exact"] == "14/13"
    assert float(F(105, 104)) == pytest.approx(c_low)
    assert data.notes["high"]["collateral"] == 0
    assert data.notes["high"]["repayment_exact"] == "7/4"


def test_figure_2_rationing_below_the_separating_collateral(paper):
    data = figure_data(paper.make_figure_2_wealth_rationing())
    W = np.asarray(data.columns["W"])
    credit = np.asarray(data.columns["credit probability (low)"])
    c_low = 105 / 104
    assert np.all(credit[c_low <= W] == 1) and np.all(credit[c_low > W] < 1)
    # by hand: high just indifferent, phi = (p_h X_h - rho) / U_h(W, R_W)
    short = c_low > W
    r_w = (RHO - (1 - PL) * BETA * W[short]) / PL
    phi = (0.6 * 2.25 - RHO) / (0.6 * (2.25 - r_w) - 0.4 * W[short])
    assert np.allclose(credit[short], phi)
    assert np.all(np.diff(credit) >= -1e-12)  # more wealth, more credit


def test_headline(paper):
    h = paper.headline()
    assert h["low-risk contract (C, R)"] == (F(105, 104), F(14, 13))
    assert h["high-risk contract (C, R)"] == (0, F(7, 4))
    assert h["pooled repayment without collateral"] == F(7, 5)
    assert h["low-risk SME with wealth 1/2: rationed with probability"] == F(53, 143)


def test_rothschild_stiglitz_check_holds_at_the_base_case(paper):
    data = figure_data(paper.make_figure_1_screening_plane())
    assert data.notes["rothschild_stiglitz"] is True
    deviation = data.notes["best pooling deviation"]
    assert (deviation["collateral_exact"], deviation["repayment_exact"]) == ("7/8", "7/6")
    assert getattr(data.notes["max low share"], "exact", None) == "50/53"
    h = paper.headline()
    assert h["Rothschild–Stiglitz check of the least-cost separating pair"] is True
    assert h["fails above the low-risk share"] == F(50, 53)
    # by hand: U_l(0, rho / pbar) = U_l(separating) = 291/1040 at pbar = (9 n + 6 (1 - n))/10
    u_sep = F(9, 10) * (F(3, 2) - F(14, 13)) - F(1, 10) * F(105, 104)
    assert u_sep == F(291, 1040)
    pbar = F(21, 20) / (F(3, 2) - u_sep / F(9, 10))
    assert (pbar - F(3, 5)) / F(3, 10) == F(50, 53)
