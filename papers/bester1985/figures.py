"""Figures of Bester (1985): screening with collateral, and rationing without wealth.

Defaults: the low-risk type succeeds with probability 9/10 and returns 3/2 per unit
lent; the high-risk type succeeds with probability 3/5 and returns 9/4 (both have the
mean 27/20); the bank's gross cost of funds is 21/20 and it realises 4/5 of seized
collateral; half the borrowers are low-risk.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure

from gametheory_cluster.models.information import Bester
from gametheory_cluster.plotting.information import plot_screening, plot_wealth_rationing

F = Fraction
MARKET = Bester(
    F(9, 10),
    F(3, 5),
    funding=F(21, 20),
    beta=F(4, 5),
    return_low=F(3, 2),
    return_high=F(9, 4),
    low_share=F(1, 2),
)
WEALTH = F(1, 2)


def make_figure_1_screening_plane() -> Figure:
    """The (collateral, repayment) plane: zero-profit lines, indifference curves, contracts."""
    return plot_screening(
        MARKET, title="Least-cost separating contracts: collateral buys a lower rate")


def make_figure_2_wealth_rationing() -> Figure:
    """The low-risk SME's probability of credit against the collateral it can post."""
    return plot_wealth_rationing(
        MARKET, np.linspace(0, 1.5, 151), title="A low-risk SME without collateral is rationed"
    )


def headline() -> dict[str, object]:
    """The least-cost separating contracts, their Rothschild–Stiglitz check, and rationing."""
    sep = MARKET.separating()
    constrained = MARKET.with_wealth(WEALTH).equilibrium()
    return {
        "low-risk contract (C, R)": (
            sep.contracts["low"].collateral,
            sep.contracts["low"].repayment,
        ),
        "high-risk contract (C, R)": (
            sep.contracts["high"].collateral,
            sep.contracts["high"].repayment,
        ),
        "pooled repayment without collateral": MARKET.pooling().repayment,
        "Rothschild–Stiglitz check of the least-cost separating pair": (
            MARKET.rothschild_stiglitz().holds),
        "best pooling deviation (C, R)": tuple(MARKET.rothschild_stiglitz().deviation),
        "fails above the low-risk share": MARKET.max_low_share(),
        "low-risk SME with wealth 1/2: rationed with probability": constrained.rationed,
    }
