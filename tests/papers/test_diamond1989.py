"""Diamond (1989): the rate path against Bayes and zero profit, recomputed here."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
import sympy as sp

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "diamond1989")


def rates_by_hand(choices, f_G, f_B, pi=F(1, 2), r=1):
    g, b, c = F(f_G), F(f_B), 1 - F(f_G) - F(f_B)
    out = []
    for s in choices:
        out.append(r * (g + b + c) / (g + pi * b + (s + (1 - s) * pi) * c))
        b, c = pi * b, (s + (1 - s) * pi) * c
    return out


def test_figure_1_rate_path_and_switch(paper):
    data = figure_data(paper.make_figure_1_rate_against_record())
    cols = data.columns
    choices = [int(s) for s in cols["safe"]]
    assert choices == [0, 0] + [1] * 16 + [0, 0]
    assert data.notes["switch_period"] == 3
    assert [sp.Rational(x) for x in rates_by_hand(choices, F(3, 5), F(3, 10))] == cols["rate"]
    rates = cols["rate"]
    assert all(b < a for a, b in itertools.pairwise(rates[:18]))  # falls
    assert rates[18] > rates[17]  # the end game: risky again, the rate ticks up
    assert all(r > 1 for r in rates)


def test_figure_2_closed_form_without_choosing_types(paper):
    cols = figure_data(paper.make_figure_2_adverse_selection_only()).columns
    pi, f_B = sp.Rational(1, 2), sp.Rational(2, 5)
    expected = [(pi ** (t - 1) * f_B + 1 - f_B) / (pi**t * f_B + 1 - f_B) for t in range(1, 21)]
    assert cols["rate"] == expected


def test_headline(paper):
    h = paper.headline()
    assert h["switch to the safe project in period"] == "3"
    assert h["rate, new borrower"] == "5/4"
    assert h["rate, record of 2 (first safe period)"] == "56/53"
