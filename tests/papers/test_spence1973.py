"""Spence (1973) and collateral as a signal: the data behind each figure against closed forms."""

from fractions import Fraction as F

import pytest

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper

# the credit defaults of the paper entry
PG, PB, Y, R, I, BETA, FEE, MU, H = F(9, 10), F(1, 2), 2, F(3, 2), 1, F(2, 5), F(1, 20), F(1, 4), F(3, 5)


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "spence1973")


def test_figure_1_spence_equilibria_and_refinements(paper):
    data = figure_data(paper.make_figure_1_education_equilibria())
    levels = [F(y) for y in data.columns["y"]]
    separating = [y for y, s in zip(levels, data.columns["separating"], strict=True) if s]
    # group I stays at 0 iff 1 >= 2 - y*, group II moves iff 2 - y*/2 >= 1 (Spence's example)
    assert separating == [y for y in levels if 2 - y <= 1 and 2 - y / 2 >= 1]
    pooling = [y for y, s in zip(levels, data.columns["pooling"], strict=True) if s]
    # pooling at y with wage 2 - q1 = 3/2: group I must prefer it to 0 education at wage 1
    assert pooling == [y for y in levels if F(3, 2) - y >= 1]
    assert [y for y, s in zip(levels, data.columns["separating (IC)"], strict=True) if s] == [
        1, F(5, 4)]
    assert [y for y, s in zip(levels, data.columns["separating (D1)"], strict=True) if s] == [1]
    assert not any(data.columns["pooling (IC)"]) and not any(data.columns["pooling (D1)"])


def test_figure_2_least_cost_collateral_is_bester_s(paper):
    data = figure_data(paper.make_figure_2_collateral_separation())
    least = (PB * (Y - R)) / (1 - PB)  # a bad SME indifferent between mimicking and refusal
    assert data.notes["least separating collateral"] == least == F(1, 2)
    levels = [F(c) for c in data.columns["y"]]
    kept = [c for c, s in zip(levels, data.columns["separating (IC)"], strict=True) if s]
    assert kept == [least]
    # separation at c: a bad SME will not match it, a good one pays it, and no cheaper level
    # exists at which the bank would lend to anybody (collateral alone covering the loan)
    lends_to_all = (I - PB * R) / ((1 - PB) * BETA)
    expected = [
        c for c in levels
        if PB * (Y - R) - (1 - PB) * c - FEE <= 0 <= PG * (Y - R) - (1 - PG) * c - FEE
        and not any(lends_to_all < d < c for d in levels)
    ]
    assert [c for c, s in zip(levels, data.columns["separating"], strict=True) if s] == expected


def test_figure_3_pooling_survives_once_the_pool_is_profitable(paper):
    data = figure_data(paper.make_figure_3_cluster_and_the_intuitive_criterion())
    threshold = (I - R * PB) / (R * (PG - PB))
    assert data.notes["pooling threshold"] == threshold == F(5, 12)
    for mu, inside, outside, members in zip(
        data.columns["mu"], data.columns["cluster pooling (IC)"],
        data.columns["isolated pooling (IC)"], data.columns["mu_cluster"], strict=True,
    ):
        assert members == mu / (mu + (1 - mu) * (1 - H))
        assert outside == int(mu >= threshold)
        assert inside == int(members >= threshold)
    assert all(data.columns["isolated separating (IC)"])


def test_headline(paper):
    h = paper.headline()
    assert h["separating levels passing D1"] == ["1"]
    assert h["pooling equilibria passing the Intuitive Criterion"] == []
    assert h["prior above which the pool is lent to"] == F(5, 12)
    assert h["members' prior at mu = 1/4"] == F(5, 11)
    assert h["surviving outside the cluster"] == ["separating"]
    assert h["surviving inside the cluster"] == ["pooling", "separating"]
