"""Acemoglu, Ozdaglar & Tahbaz-Salehi (2015): the phase transition, in guarantee networks.

Twelve firms, each with buffer 1 and a loan of 12 fully guaranteed by the others
(coverage g = 1), arranged as a ring, a complete group, a star and three groups of four
joined by a weak bridge (the δ-connected network, bridge share 1/24). Shapes and
balance sheets come from
:func:`gametheory_cluster.models.policy.contagion.default_shapes`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure

from gametheory_cluster.models.policy.contagion import default_shapes, phase_transition
from gametheory_cluster.plotting.policy import plot_guarantee_contagion

N = 12
SHAPES = default_shapes(N)
SHOCKS = [float(x) for x in np.linspace(0, 1.5 * N, 49)[1:]]
PROB = Fraction(1, 10)


def make_figure_1_expected_failures() -> Figure:
    """Expected failures when one firm at random is hit, against shock size (their stability)."""
    return plot_guarantee_contagion(SHAPES, SHOCKS, measure="failures")


def make_figure_2_collapse_probability() -> Figure:
    """Probability that every firm fails, each hit independently with probability 1/10."""
    return plot_guarantee_contagion(SHAPES, SHOCKS, measure="collapse", prob=PROB)


def headline() -> dict[str, object]:
    """The flip and the numbers around it, exact."""
    flip = phase_transition(SHAPES)
    small, large = 6, N + 1
    out: dict[str, object] = {
        "total buffer n*e": N,
        f"flip shock ({flip.dense} turns most fragile)": flip.threshold,
    }
    for name, net in SHAPES.items():
        curve = net.stability_curve()
        out[f"expected failures, {name}, shock {small} / {large}"] = (curve(small), curve(large))
    for name in ("complete", "clustered"):
        collapse = SHAPES[name].distribution(small, PROB).collapse
        out[f"P(collapse), {name}, shock {small}, p=1/10"] = collapse
    return out
