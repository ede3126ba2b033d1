"""Figures of Besley & Coate (1995): repayment under group lending and social collateral.

The toolkit's version of the paper's repayment game (see README.md): returns
uniform on [0, 10], the bank's penalty on a defaulter c(θ) = θ/2 and, with social
sanctions, a social penalty s(θ) = θ/4 on a member who lets its partner down.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
import sympy.stats as sps
from matplotlib.figure import Figure
from scipy.optimize import brentq

from gametheory_cluster.algebra import nearest_rational
from gametheory_cluster.models.policy import RepaymentGame
from gametheory_cluster.plotting.policy import plot_repayment_rates, plot_repayment_regions

RETURNS = sps.Uniform("theta", 0, 10)
PENALTY = sp.Rational(1, 2)  # c(θ) = θ/2
SANCTION = sp.Rational(1, 4)  # s(θ) = θ/4


def make_figure_1_repayment_rates() -> Figure:
    """Repayment rates against r: individual lending, group lending, group with social sanctions."""
    return plot_repayment_rates(
        distribution=RETURNS, penalty=lambda t: PENALTY * t, social_penalty=lambda t: SANCTION * t
    )


def make_figure_2_outcomes_without_sanctions() -> Figure:
    """Outcomes of the repayment game over (θ1, θ2) at r = 2, without social sanctions."""
    return plot_repayment_regions(r=2, penalty=lambda t: PENALTY * t)


def make_figure_3_outcomes_with_sanctions() -> Figure:
    """Outcomes of the repayment game over (θ1, θ2) at r = 2, with social sanctions."""
    return plot_repayment_regions(
        r=2, penalty=lambda t: PENALTY * t, social_penalty=lambda t: SANCTION * t
    )


def headline() -> dict[str, Any]:
    """Repayment rates at r = 1 and the r at which group and individual lending repay equally."""
    plain = RepaymentGame(lambda t: PENALTY * t)
    social = RepaymentGame(lambda t: PENALTY * t, lambda t: SANCTION * t)

    def gap(r: Any) -> Any:
        return plain.repayment_rate(r, RETURNS) - plain.repayment_rate(r, RETURNS, "individual")

    # the crossing, found in floats, then named exactly: the nearest simple fraction, kept
    # only if the exact repayment rates agree there (no float noise in an exact result)
    root = brentq(lambda r: float(gap(r)), 0.5, 2.5, xtol=1e-12)
    exact = nearest_rational(root, 1000)
    crossing = exact if gap(exact) == 0 else root
    return {
        "individual repayment rate at r=1": plain.repayment_rate(1, RETURNS, "individual"),
        "group repayment rate at r=1": plain.repayment_rate(1, RETURNS),
        "group repayment rate at r=1, social sanctions": social.repayment_rate(1, RETURNS),
        "r at which group and individual lending repay equally": crossing,
    }
