"""Figures of Diamond (1989), "Reputation Acquisition in Debt Markets", in the toolkit's version.

:class:`gametheory_cluster.models.information.credit_record.CreditRecordGame`: borrowers who can
only take a safe project (G), only a risky one (B), or choose each period (BG);
lenders see only the record of defaults and charge a clean record the rate at which
they break even. Base case: ``G = 13/10, B = 9/5, pi = 1/2, r = 1``, initial shares
``f_G = 3/5, f_B = 3/10`` (so ``f_BG = 1/10``), ``delta = 1/2``, 20 periods.
"""

from __future__ import annotations

from fractions import Fraction

from matplotlib.figure import Figure

from gametheory_cluster.models.information.credit_record import CreditRecordGame
from gametheory_cluster.plotting.information import plot_rate_path

BASE = {
    "G": Fraction(13, 10),
    "B": Fraction(9, 5),
    "pi": Fraction(1, 2),
    "r": 1,
    "f_G": Fraction(3, 5),
    "f_B": Fraction(3, 10),
    "delta": Fraction(1, 2),
}
HORIZON = 20


def equilibrium(**changes):
    """The equilibrium on the base case (with ``changes`` to it)."""
    return CreditRecordGame(HORIZON, discounting=True).solve(**{**BASE, **changes})


def make_figure_1_rate_against_record() -> Figure:
    """The loan rate against the length of a clean record; the choosing type's switch to safe."""
    return plot_rate_path(equilibrium())


def make_figure_2_adverse_selection_only() -> Figure:
    """The same with no choosing borrowers (f_B = 2/5, f_BG = 0): rates fall as B types default."""
    return plot_rate_path(equilibrium(f_G=Fraction(3, 5), f_B=Fraction(2, 5)))


def headline() -> dict[str, str]:
    """The switch period, the end game and the rates (base case)."""
    eq = equilibrium()
    return {
        "choosing type's projects (1 = safe)": eq.choices,
        "switch to the safe project in period": str(eq.switch_period),
        "back to the risky project in period": str(eq.reverts_period),
        "rate, new borrower": str(eq.rates[0]),
        "rate, record of 2 (first safe period)": str(eq.rates[2]),
        "rate, record of 17": f"{float(eq.rates[17]):.6f}",
        "equilibria with one run of safe periods": str(eq.count),
    }
