"""Figures of Kreps & Wilson (1982), "Reputation and Imperfect Information", in lending terms.

The finite-horizon lending game with an honest type
(:class:`gametheory_cluster.models.information.reputation.ReputationGame`): a prior share
``mu`` of SMEs always repays; the strategic SME repays early to be taken for honest,
mixes from period 6 on (24 of the 30 periods) and defaults in the last period. The
lenders are short-run (a trust game, not the chain store): a refusal is absorbing.
Base case of the toolkit: ``I = 100, R = 110, Y = 150, w = 0``, horizon 30, prior ``mu = 1/10``.
"""

from __future__ import annotations

from fractions import Fraction

from matplotlib.figure import Figure

from gametheory_cluster.models.information.reputation import ReputationGame
from gametheory_cluster.plotting.information import plot_loan_probability, plot_reputation_path

BASE = {"I": 100, "R": 110, "Y": 150, "w": 0}
HORIZON = 30
PRIOR = Fraction(1, 10)


def equilibrium():
    """The sequential equilibrium on the base case."""
    return ReputationGame(HORIZON).solve(**BASE, mu=PRIOR)


def make_figure_1_repayment_and_beliefs() -> Figure:
    """Strategic SME's repayment probability, the bank's posterior and the cutoffs over time."""
    return plot_reputation_path(equilibrium())


def make_figure_2_discounted() -> Figure:
    """The same game with discounting (delta = 19/20): the bank lends more often at a cutoff."""
    eq = ReputationGame(HORIZON, discounting=True).solve(**BASE, mu=PRIOR, delta=Fraction(19, 20))
    return plot_reputation_path(eq)


def make_figure_3_ex_ante_loan_probability() -> Figure:
    """Ex-ante probabilities of a loan, a repayment and a default: a refusal is absorbing."""
    return plot_loan_probability(equilibrium())


def headline() -> dict[str, str]:
    """Cutoffs, the bank's mixing, and when the strategic SME starts to mix (base case)."""
    eq = equilibrium()
    loan = eq.outcome_probabilities()["loan"]
    first_mix = next(p.period for p in eq.periods if 0 < p.lend < 1)
    return {
        "cutoff belief with k periods left": "(I/R)^k = (10/11)^k",
        "bank's lending probability at a cutoff": str(eq.bank_mixing),
        "strategic SME repays for sure in periods": f"1-{eq.mixing_starts - 1}",
        "strategic SME mixes in periods": f"{eq.mixing_starts}-{HORIZON - 1}",
        "periods in which the strategic SME mixes": str(HORIZON - eq.mixing_starts),
        "bank first mixes in period": str(first_mix),
        "ex-ante probability of a loan then": f"{float(loan[first_mix - 1]):.4f}",
        "it falls each period after by the factor": str(eq.loan_decay),
        "smallest prior that gets a first loan (T = 30)": f"{float(eq.cutoffs[-1]):.4f}",
    }
