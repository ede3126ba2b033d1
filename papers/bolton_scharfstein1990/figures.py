"""Figures of Bolton & Scharfstein (1990), the threat of not refinancing, with an exit cost.

:class:`gametheory_cluster.models.refinancing.Refinancing`: a two-period loan whose
only repayment incentive is the threat of not refinancing; an SME that is cut off
also loses its place in the cluster, an exit cost ``C``. Base case
(:data:`gametheory_cluster.models.refinancing.EXAMPLE`): ``I = 100``, returns
``Y_H = 130`` with probability ``pi = 3/4`` or ``Y_L = 80``, no discounting.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from matplotlib.figure import Figure

from gametheory_cluster.models.refinancing import Refinancing, plot_termination
from gametheory_cluster.parameters import symbol

BASE = {"I": 100, "Y_H": 130, "Y_L": 80, "pi": Fraction(3, 4)}
EXIT_COSTS = [sp.Integer(5 * j) for j in range(41)]  # 0, 5, ..., 200


def make_figure_1_termination_against_exit_cost() -> Figure:
    """Termination probability and refinancing after a low report against the exit cost C."""
    return plot_termination(EXIT_COSTS, **BASE)


def headline() -> dict[str, str]:
    """The contract at C = 0 (none), 20 and 100, and the exit cost at which lending starts."""
    model = Refinancing()
    formula = model.optimal_contract(**BASE)
    at_20, at_100 = (model.optimal_contract(**BASE, C=c) for c in (20, 100))
    return {
        "smallest exit cost with a loan": str(model.min_exit_cost(**BASE)),
        "beta_L(C) while truth-telling binds": str(formula.beta_L),
        "termination probability at C = 20": str(at_20.termination),
        "termination probability at C = 100 (bank's cap)": str(at_100.termination),
        "R_H reaches Y_H (the bank's cap starts) at C": str(
            sp.solve(sp.Eq(formula.R_H, BASE["Y_H"]), symbol("C"))[0]),
    }
