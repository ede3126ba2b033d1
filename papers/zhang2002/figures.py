"""Figures of Zhang Weiying (2002), 法律制度的信誉基础 (the reputational foundation of law).

Reputation disciplines a borrower only if cheating is found out in time. Here a
default is seen only ``L`` periods after it happens (``L = 1``: the next period,
the base case): until then the bank keeps lending and the SME keeps defaulting.
The engine derives the SME's constraint from that automaton
(:class:`gametheory_cluster.RepeatedLending` with ``lag=True``), on the base case
``I=100, Y=150, R=110, w=0`` and, for a clustered SME, an exit cost ``C=20`` paid
when the default is seen.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure

import gametheory_cluster as gc
from gametheory_cluster.plotting import plot_region, plot_threshold_curves

BASE = {"I": 100, "Y": 150, "R": 110, "w": 0}
EXIT_COST = 20

ISOLATED = gc.RepeatedLending(lag=True)
CLUSTERED = gc.RepeatedLending(lag=True, exit_cost=True)
LAGS = list(range(1, 13))
DELTA_GRID = np.linspace(0.5, 0.995, 100)


def make_figure_1_threshold_vs_lag() -> Figure:
    """δ* against the detection lag L: an isolated SME vs one that also pays an exit cost C=20."""
    return plot_threshold_curves(
        {"isolated SME": ISOLATED, "clustered SME (C=20)": CLUSTERED},
        "delta",
        "L",
        LAGS,
        title="Critical discount factor and detection lag",
        **BASE,
        C=EXIT_COST,
    )


def make_figure_2_region_delta_lag() -> Figure:
    """Where honest repayment is subgame perfect in the (δ, L) plane: isolated SME, grim trigger."""
    return plot_region(
        ISOLATED,
        ("delta", DELTA_GRID),
        ("L", LAGS),
        title="Honest repayment is subgame perfect (shaded)",
        **BASE,
    )


def headline() -> dict[str, object]:
    """Exact thresholds at short lags, and the longest lag a patient SME tolerates."""
    out: dict[str, object] = {}
    for lag in (1, 2, 3):
        out[f"delta* isolated, L={lag}"] = ISOLATED.threshold("delta", **BASE, L=lag).value
    for lag in (1, 2):
        out[f"delta* clustered (C=20), L={lag}"] = CLUSTERED.threshold(
            "delta", **BASE, C=EXIT_COST, L=lag
        ).value
    out["L_max at delta=0.9, isolated"] = ISOLATED.threshold(
        "L", **BASE, delta=Fraction(9, 10)
    ).value
    return out
