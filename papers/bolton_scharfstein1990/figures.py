"""Figures of Bolton & Scharfstein (1990), the threat of not refinancing, with an exit cost.

:class:`gametheory_cluster.models.information.refinancing.Refinancing`: a two-period loan whose
only repayment incentive is the threat of not refinancing; an SME that is cut off
also loses its place in the cluster, an exit cost ``C``. Base case
(:data:`gametheory_cluster.models.information.refinancing.EXAMPLE`): ``I = 100``, returns
``Y_H = 130`` with probability ``pi = 3/4`` or ``Y_L = 90``, no discounting. There
Bolton–Scharfstein's own contract (no exit cost) exists; with ``Y_L = 80`` it needs
``C >= 55/6``.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from matplotlib.figure import Figure

from gametheory_cluster.models.information.refinancing import PARAMETERS, Refinancing
from gametheory_cluster.plotting.information import plot_refinancing_welfare, plot_termination

BASE = {"I": 100, "Y_H": 130, "Y_L": 90, "pi": Fraction(3, 4)}
#: the low return at which lending needs an exit cost
SHORT = {**BASE, "Y_L": 80}
EXIT_COSTS = [sp.Integer(5 * j) for j in range(41)]  # 0, 5, ..., 200


def make_figure_1_termination_against_exit_cost() -> Figure:
    """Termination probability and refinancing after a low report against the exit cost C."""
    return plot_termination(EXIT_COSTS, **BASE)


def make_figure_2_welfare_against_exit_cost() -> Figure:
    """Termination and total surplus (= the SME's payoff) against C, for Y_L = 90 and 80."""
    return plot_refinancing_welfare(EXIT_COSTS, {"Y_L = 90": BASE, "Y_L = 80": SHORT})


def headline() -> dict[str, str]:
    """The contract at C = 0 (base case), the exit cost lending needs with Y_L = 80, welfare."""
    model = Refinancing()
    C = PARAMETERS.symbol("C")
    formula = model.optimal_contract(**BASE)
    at_0, at_20 = (model.optimal_contract(**BASE, C=c) for c in (0, 20))
    short = model.optimal_contract(**SHORT)
    return {
        "termination probability at C = 0 (Bolton–Scharfstein)": str(at_0.termination),
        "beta_L(C) at the base case": str(formula.beta_L),
        "total surplus at C = 0 and C = 20": f"{at_0.welfare}, {at_20.welfare}",
        "first best (no termination)": str(model.first_best(**BASE)),
        "d(surplus)/dC at the base case": str(sp.factor(sp.diff(formula.welfare, C))),
        "Y_L = 80: smallest exit cost with a loan": str(model.min_exit_cost(**SHORT)),
        "Y_L = 80: R_H reaches Y_H (the bank's cap starts) at C": str(
            sp.solve(sp.Eq(short.R_H, SHORT["Y_H"]), C)[0]),
    }
