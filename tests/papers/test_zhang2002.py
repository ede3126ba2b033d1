"""Zhang (2002): the data behind each figure, checked against hand-derived closed forms.

Grim trigger with a detection lag L (default seen L periods later, the SME keeps
defaulting meanwhile): repaying is worth (Y - R)/(1 - delta); defaulting is worth
Y (1 - delta^L)/(1 - delta) + delta^L w/(1 - delta). Honest repayment iff
delta^L (Y - w) >= R, i.e. delta* = (R/(Y - w))^(1/L) — by hand, not from the library.
With an exit cost C paid when the default is seen (period L - 1 after it), the
condition is delta^(L-1) [delta (Y - w - C) + C] >= R.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

import gametheory_cluster as gc
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper

Y, R, W, C = 150, 110, 0, 20


def grim_lag_threshold(L, Y=Y, R=R, w=W):
    """delta* = (R / (Y - w))^(1/L), by hand."""
    return (R / (Y - w)) ** (1 / L)


def cluster_lag_threshold(L):
    """The root in (0, 1) of delta^(L-1) [delta (Y - w - C) + C] = R, by bisection."""
    return brentq(lambda d: d ** (L - 1) * (d * (Y - W - C) + C) - R, 1e-9, 1 - 1e-12, xtol=1e-14)


def deviation_gain(delta, L, horizon=4000):
    """Default once and keep defaulting until seen, minus repaying for ever (summed numerically)."""
    t = np.arange(horizon)
    d = delta ** t
    honest = np.sum(d * (Y - R))
    deviate = np.sum(np.where(t < L, Y, W) * d)
    return deviate - honest


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "zhang2002")


@pytest.fixture(scope="module")
def figure_1(paper):
    return figure_data(paper.make_figure_1_threshold_vs_lag()).columns


def test_figure_1_isolated_is_the_closed_form(figure_1, paper):
    L = np.array(figure_1["L"])
    assert list(L) == paper.LAGS
    assert np.allclose(figure_1["isolated SME"], grim_lag_threshold(L), rtol=0, atol=1e-12)


def test_figure_1_cluster_solves_the_lagged_exit_cost_condition(figure_1):
    cluster = np.array(figure_1["clustered SME (C=20)"], dtype=float)
    expected = [cluster_lag_threshold(L) for L in figure_1["L"]]
    assert np.allclose(cluster, expected, rtol=0, atol=1e-10)


def test_figure_1_the_lag_erodes_reputation_and_the_cluster_advantage(figure_1):
    iso = np.array(figure_1["isolated SME"])
    cluster = np.array(figure_1["clustered SME (C=20)"], dtype=float)
    assert np.all(np.diff(iso) > 0) and np.all(np.diff(cluster) > 0)  # δ* rises with L
    gap = iso - cluster
    assert np.all(gap > 0) and np.all(np.diff(gap) < 0)  # the exit cost helps less the later it comes


def test_figure_1_matches_a_numeric_one_shot_deviation(figure_1):
    for L, star in zip(figure_1["L"][:6], figure_1["isolated SME"][:6], strict=True):
        L = int(L)
        assert deviation_gain(star - 1e-3, L) > 0 > deviation_gain(star + 1e-3, L)


def test_figure_2_region_is_the_closed_form(paper):
    data = figure_data(paper.make_figure_2_region_delta_lag()).columns
    delta, L, honest = (np.asarray(data[k], dtype=float) for k in ("delta", "L", "honest"))
    star = grim_lag_threshold(L)
    clear = np.abs(delta - star) > 1e-9
    assert np.array_equal((honest == 1)[clear], (delta >= star)[clear])
    assert 0 < honest.sum() < honest.size


def test_headline_numbers(paper):
    h = paper.headline()
    assert h["delta* isolated, L=1"] == sp.Rational(11, 15)
    assert h["delta* isolated, L=2"] ** 2 == sp.Rational(11, 15)
    assert sp.simplify(h["delta* isolated, L=3"] ** 3 - sp.Rational(11, 15)) == 0
    assert h["delta* clustered (C=20), L=1"] == sp.Rational(90, 130)  # (R - C)/(Y - w - C)
    assert h["delta* clustered (C=20), L=2"] == sp.Rational(11, 13)  # 13 d^2 + 2 d - 11 = 0
    # the longest tolerable lag: floor(log(R/(Y - w)) / log(delta))
    assert h["L_max at delta=0.9, isolated"] == math.floor(math.log(R / Y) / math.log(0.9))


def test_symbolic_threshold_is_the_closed_form():
    value = gc.RepeatedLending(lag=True).threshold("delta").value
    point = {"Y": 150, "R": 110, "w": 7, "L": 5}
    at = value.subs({s: point[s.name] for s in value.free_symbols})
    assert sp.simplify(at**5 - sp.Rational(110, 143)) == 0


@settings(max_examples=8, deadline=None)
@given(R=st.integers(1, 200), rent=st.integers(1, 100), w=st.integers(0, 50), L=st.integers(1, 5))
def test_threshold_at_random_points(R, rent, w, L):
    Yv = R + rent + w
    t = gc.RepeatedLending(lag=L).threshold("delta", Y=Yv, R=R, w=w)
    assert sp.simplify(t.value**L - sp.Rational(R, Yv - w)) == 0
