"""Besley & Coate (1995): the figure data against the paper's closed forms (uniform returns)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "besley_coate1995")


def F(x):
    """CDF of returns uniform on [0, 10]."""
    return min(max(Fraction(x) / 10, Fraction(0)), Fraction(1))


def group(phi_r, phi_2r):
    """Besley–Coate's group repayment rate: 1 - F(φ(2r))² + (F(φ(2r)) - F(φ(r)))²."""
    return 1 - F(phi_2r) ** 2 + (F(phi_2r) - F(phi_r)) ** 2


def test_figure_1_repayment_rates(paper):
    cols = figure_data(paper.make_figure_1_repayment_rates()).columns
    rates = [Fraction(str(r)) for r in cols["r"]]
    assert rates[0] == Fraction(1, 10) and rates[-1] == 5 and len(rates) == 50
    # c(θ) = θ/2 gives φ(r) = 2r; with s(θ) = θ/4 members contribute from ψ(r) = 4r/3
    assert cols["individual"] == [1 - F(2 * r) for r in rates]
    assert cols["group"] == [group(2 * r, 4 * r) for r in rates]
    assert cols["group_sanctions"] == [group(Fraction(4, 3) * r, 4 * r) for r in rates]
    # the paper's two claims: group lending wins at low r and loses at high r;
    # social sanctions raise group repayment
    assert cols["group"][4] > cols["individual"][4] and cols["group"][29] < cols["individual"][29]
    assert all(s >= g for s, g in zip(cols["group_sanctions"], cols["group"], strict=False))


@pytest.mark.parametrize(
    ("name", "sanctions"),
    [
        ("make_figure_2_outcomes_without_sanctions", False),
        ("make_figure_3_outcomes_with_sanctions", True),
    ],
)
def test_outcome_regions(paper, name, sanctions):
    cols = figure_data(getattr(paper, name)()).columns
    # r = 2: repaid iff both returns >= φ(r) = 4 (ψ = 8/3 with sanctions) or one >= φ(2r) = 8
    low = Fraction(8, 3) if sanctions else 4
    for t1, t2, code in zip(cols["theta1"], cols["theta2"], cols["outcome"], strict=False):
        t1, t2 = Fraction(t1).limit_denominator(1000), Fraction(t2).limit_denominator(1000)
        repaid = (min(t1, t2) >= low) or (max(t1, t2) >= 8)
        assert (code > 0) == repaid
        if max(t1, t2) >= 8 and min(t1, t2) < low:
            assert code == 1  # one repays for both


def test_headline(paper):
    numbers = paper.headline()
    assert numbers["individual repayment rate at r=1"] == Fraction(4, 5)
    assert numbers["group repayment rate at r=1"] == Fraction(22, 25)
    assert numbers["group repayment rate at r=1, social sanctions"] == Fraction(41, 45)
    # group − individual = x − 3x² with x = r/5: zero at r = 5/3
    assert numbers["r at which group and individual lending repay equally"] == pytest.approx(5 / 3)
    # exact, with no float noise (issue 16): the crossing is the fraction 5/3 itself
    assert str(numbers["r at which group and individual lending repay equally"]) == "5/3"
