"""Figures of Greif (1993), "Contract Enforceability and Economic Institutions in Early Trade".

The minimum (efficiency) wage W* that keeps an agent honest, derived from the
agent's automaton (:class:`gametheory_cluster.models.community.greif.Coalition`): under the
Maghribi coalition's multilateral punishment a cheater is never hired again
(h_c = 0); under bilateral punishment he is hired like anyone else (h_c = h_h).
Base case (lending flavour): alpha = 150 (= Y), phi = 0 (= w), delta = 9/10,
sigma = 1/10, h_h = 1/2.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gametheory_cluster.models.community.greif import Coalition, rent_isolated_vs_cluster
from gametheory_cluster.plotting.community import plot_minimum_wage, plot_minimum_wage_by_rehiring

GRID = np.linspace(0.0, 1.0, 51)


def make_figure_1_wage_vs_cheater_rehiring() -> Figure:
    """W* against the cheater's rehiring probability h_c; multilateral and bilateral marked."""
    return plot_minimum_wage(GRID)


def make_figure_2_wage_vs_rehiring() -> Figure:
    """W* against the rehiring probability h_h: bilateral (h_c = h_h) vs multilateral (h_c = 0)."""
    return plot_minimum_wage_by_rehiring(GRID[1:])


def headline() -> dict[str, str]:
    """W* under each regime at the base case, and the same in lending terms."""
    signs = Coalition("multilateral").comparative_statics()
    rents = rent_isolated_vs_cluster(Y=150, w=0, delta=0.9, sigma=0.1, h_h=0.5)
    return {
        "W* multilateral": f"{rents['cluster']:.4f}",
        "W* bilateral": f"{rents['isolated']:.4f}",
        "max repayment R, isolated SME": f"{rents['max_repayment_isolated']:.4f}",
        "max repayment R, cluster SME": f"{rents['max_repayment_cluster']:.4f}",
        "signs of dW*/dx (multilateral)": ", ".join(
            f"{k}: {'+' if v > 0 else '-'}" for k, v in signs.items()
        ),
    }
