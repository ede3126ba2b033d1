"""Greif (1993): the data behind each figure, checked against the hand-derived closed form."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper

ALPHA, PHI, DELTA, SIGMA, H = 150, 0, 0.9, 0.1, 0.5


def wage(h_h, h_c):
    """W* = phi + (alpha - phi)(1 - d + d h_c)(1 - d + d sigma + d h_h) / ((1 + d h_c)(1 - d + d h_h))."""
    d = DELTA
    return PHI + (ALPHA - PHI) * (1 - d + d * h_c) * (1 - d + d * SIGMA + d * h_h) / (
        (1 + d * h_c) * (1 - d + d * h_h)
    )


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "greif1993")


def test_figure_1_wage_against_cheater_rehiring(paper):
    data = figure_data(paper.make_figure_1_wage_vs_cheater_rehiring())
    h_c = np.array(data.columns["h_c"])
    assert np.allclose(data.columns["W_star"], wage(H, h_c))
    assert data.notes["multilateral"] == pytest.approx(wage(H, 0))
    assert data.notes["bilateral"] == pytest.approx(wage(H, H))


def test_figure_2_bilateral_vs_multilateral(paper):
    cols = figure_data(paper.make_figure_2_wage_vs_rehiring()).columns
    h = np.array(cols["h_h"])
    assert np.allclose(cols["bilateral"], wage(h, h))
    assert np.allclose(cols["multilateral"], wage(h, 0))
    assert np.all(np.array(cols["multilateral"]) < np.array(cols["bilateral"]))


def test_headline(paper):
    h = paper.headline()
    assert float(h["W* multilateral"]) == pytest.approx(192 / 11, abs=1e-4)
    assert float(h["W* bilateral"]) == pytest.approx(1920 / 29, abs=1e-4)
    assert (
        float(h["max repayment R, isolated SME"]) < 100 < float(h["max repayment R, cluster SME"])
    )
    assert h["signs of dW*/dx (multilateral)"] == "alpha: +, delta: -, h_h: -, phi: +, sigma: +"
