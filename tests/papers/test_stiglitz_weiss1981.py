"""Stiglitz & Weiss (1981) with Arnold & Riley (2009): the data behind each figure.

The paper's figures are diagrams; what is checked is what its theorems imply for
the default market (hand closed forms) and Arnold & Riley's statement that the
global maximum of the return is at the top rate.
"""

from fractions import Fraction as F

import numpy as np
import pytest

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "stiglitz_weiss1981")


def column(fig, name):
    return np.array([np.nan if v == "" else float(v) for v in figure_data(fig).columns[name]])


def hand_return(R):
    """Two types, p = 9/10 and 1/2, mean 27/20, C = 1/5, u = 1/10, equal numbers (by hand)."""
    c, safe_out, top = 0.2, 0.2 + 1.05 / 0.9, 0.2 + 1.05 / 0.5
    mix = 0.5 * (0.9 * R + 0.1 * c) + 0.5 * (0.5 * R + 0.5 * c)
    return np.where(
        c >= R, R, np.where(safe_out >= R, mix, np.where(top >= R, 0.5 * R + 0.5 * c, np.nan))
    )


def test_figure_1_two_types_drop_then_rise_to_the_top(paper):
    fig = paper.make_figure_1_return_two_types()
    R = column(fig, "R")
    assert np.allclose(column(fig, "expected return"), hand_return(R), equal_nan=True)
    notes = figure_data(fig).notes["expected return: shape"]
    assert "not hump-shaped" in notes and "41/30" in notes and "23/10" in notes


def test_figure_2_continuum_global_maximum_at_the_top(paper):
    fig = paper.make_figure_2_return_continuous()
    R = column(fig, "R")
    for label in ("θ truncated exponential", "θ uniform on [0, 1/2]"):
        values = column(fig, label)
        ok = ~np.isnan(values)
        assert np.nanargmax(values) == np.flatnonzero(ok)[-1]  # the maximum is the last point
        assert np.nanmax(values) == pytest.approx(1.25)  # mean - u
    uniform = column(fig, "θ uniform on [0, 1/2]")
    assert np.all(np.diff(uniform[~np.isnan(uniform)]) >= -1e-12)  # monotone
    # uniform θ above the all-apply rate 5/4: R/4 + 27/40 (exact, by hand)
    part = (R > 1.25) & (R <= 2.3)
    assert np.allclose(uniform[part], R[part] / 4 + 27 / 40)
    expo = column(fig, "θ truncated exponential")
    assert np.nanmin(expo[(R > 1.25) & (R < 2.3)]) < expo[np.argmin(np.abs(R - 1.25))]  # dips


def test_figure_3_market_rationing(paper):
    notes = figure_data(paper.make_figure_3_credit_market()).notes
    assert notes["kind"] == "two rates"
    assert notes["rate"] == pytest.approx(41 / 30)
    assert notes["demand"] == pytest.approx(1) and notes["supply"] == pytest.approx(0.61)
    # excess demand at the bank-optimal rate 0.78; left unserved 0.39 (the rejected safe types)
    assert notes["rationed"] == pytest.approx(0.78)
    assert notes["unserved"] == pytest.approx(0.39)
    assert notes["lent_upper"] == pytest.approx(0.39)  # the rejected risky types, at 11/6
    assert notes["upper_rate"] == pytest.approx(11 / 6)


def test_figure_4_hump_shaped_only_with_the_outside_option(paper):
    fig = paper.make_figure_4_where_hump_shaped()
    common = column(fig, "common reservation value")
    option = column(fig, "risky type's reservation 2/5")
    assert np.nanargmax(common) == np.flatnonzero(~np.isnan(common))[-1]
    R = column(fig, "R")
    assert R[np.nanargmax(option)] == pytest.approx(41 / 30)  # interior global maximum
    assert np.nanmax(option) == pytest.approx(61 / 60)


def test_headline(paper):
    h = paper.headline()
    assert h["safe type drops out at R"] == F(41, 30)
    assert h["return falls there by"] == F(7, 30)
    assert h["global peak (R, return)"] == (F(23, 10), F(5, 4))
    assert h["uniform θ: return at R = 2"] == F(47, 40)
    assert h["hump-shaped with the risky outside option"] is True
    assert h["excess demand at the bank-optimal rate"] == pytest.approx(0.78)
    # the 0.39 left unserved are all safe types: only the risky apply at the second rate
    assert h["left unserved"] == pytest.approx(0.39)
    assert h["types applying at the second rate"] == ("risky",)
    assert h["break-even rate at a cost of funds of 1"] == F(47, 35)
