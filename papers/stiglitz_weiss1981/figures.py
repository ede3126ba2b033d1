"""Figures of Stiglitz & Weiss (1981), with the Arnold & Riley (2009) correction.

Defaults: a safe type (success probability 9/10) and a risky type (1/2) in equal
numbers, both with the mean return 27/20 per unit lent; collateral 1/5 and
reservation value 1/10 per unit. The continuous versions spread the failure
probability θ over [0, 1/2] with the same mean, collateral and reservation value.
Deposits are supplied in proportion to their return, S(r_d) = 0.6·r_d.
"""

from __future__ import annotations

from fractions import Fraction

import sympy.stats as ss
from matplotlib.figure import Figure

from gametheory_cluster.models.information import RiskType, StiglitzWeiss, StiglitzWeissContinuous
from gametheory_cluster.plotting.information import plot_credit_market, plot_expected_return

F = Fraction
MEAN, COLLATERAL, RESERVATION = F(27, 20), F(1, 5), F(1, 10)
TWO_TYPES = StiglitzWeiss.two_type(
    F(9, 10), F(1, 2), MEAN, safe_share=F(1, 2), collateral=COLLATERAL, reservation=RESERVATION
)
UNIFORM = StiglitzWeissContinuous(
    ss.Uniform("theta", 0, F(1, 2)), mean=MEAN, collateral=COLLATERAL, reservation=RESERVATION
)
#: the risky type has the better outside option (2/5): now the curve is hump-shaped
OUTSIDE_OPTION = StiglitzWeiss(
    [
        RiskType("safe", F(9, 10), MEAN / F(9, 10), F(1, 2)),
        RiskType("risky", F(1, 2), MEAN / F(1, 2), F(1, 2), reservation=F(2, 5)),
    ],
    collateral=COLLATERAL,
    reservation=RESERVATION,
)


def truncated_exponential() -> StiglitzWeissContinuous:
    """θ (failure probability) exponential with mean about 5%, truncated at 1/2.

    Built when drawn: scipy.stats takes half a second to import.
    """
    from scipy import stats

    return StiglitzWeissContinuous(
        stats.truncexpon(b=10, scale=0.05), mean=1.35, collateral=0.2, reservation=0.1
    )


def supply(deposit_return):
    """Deposits offered at the gross deposit return: proportional, 0.6 per unit of return."""
    return 0.6 * deposit_return


def make_figure_1_return_two_types() -> Figure:
    """The bank's return against the rate, two types: it drops when the safe type leaves (Thm 4)."""
    return plot_expected_return(
        TWO_TYPES, title="Two risk types: the return falls when the safe type drops out"
    )


def make_figure_2_return_continuous() -> Figure:
    """A continuum of types: non-monotone (truncated exponential) and monotone (uniform)."""
    return plot_expected_return(
        {"θ truncated exponential": truncated_exponential(), "θ uniform on [0, 1/2]": UNIFORM},
        title="A continuum of risk types: the global maximum is at the top rate",
    )


def make_figure_3_credit_market() -> Figure:
    """The market diagram: return, loan demand and deposit supply; the rationing gap."""
    return plot_credit_market(TWO_TYPES, supply, title="Credit rationing at the bank-optimal rate")


def make_figure_4_where_hump_shaped() -> Figure:
    """A common reservation value (not hump-shaped) against a risky type with a better option."""
    return plot_expected_return(
        {"common reservation value": TWO_TYPES, "risky type's reservation 2/5": OUTSIDE_OPTION},
        title="Where the return curve is hump-shaped",
    )


def headline() -> dict[str, object]:
    """The numbers worth printing: drop-out rates, the drop, the peaks and the market."""
    shape = TWO_TYPES.shape()
    market = TWO_TYPES.market(supply)
    return {
        "safe type drops out at R": TWO_TYPES.dropout_rate("safe"),
        "risky type drops out at R": TWO_TYPES.dropout_rate("risky"),
        "return falls there by": TWO_TYPES.jump("safe"),
        "interior peak (R, return)": shape.interior_peak,
        "global peak (R, return)": shape.global_peak,
        "market": market.kind,
        "excess demand at the bank-optimal rate": round(market.rationed, 6),
        "left unserved": round(market.unserved, 6),
        "types applying at the second rate": TWO_TYPES.applicants(market.upper_rate),
        "second rate": round(market.upper_rate, 6),
        "break-even rate at a cost of funds of 1": TWO_TYPES.break_even_rate(1),
        "uniform θ: return at R = 2": UNIFORM.expected_return(2),
        "hump-shaped with the risky outside option": OUTSIDE_OPTION.shape().hump_shaped,
    }
