r"""Bester (1985): screening borrowers by collateral, and rationing when wealth is short.

Two types, low and high risk, succeed with probabilities :math:`p_l > p_h`. A
contract is collateral :math:`C` and repayment :math:`R`. The borrower's utility is
:math:`U_i = p_i (X_i - R) - (1 - p_i) C`; the bank, which realises only
:math:`\beta C` of seized collateral (:math:`0 < \beta \le 1`, the collateral-cost
factor), earns :math:`p_i R + (1 - p_i)\beta C - \rho` per loan at funding cost
:math:`\rho`. Competitive banks offer, for each type, the contract the type likes
best among those that break even on it and that the other type does not prefer to
its own (incentive compatibility). :class:`Bester` derives these contracts from
the constraints (sympy, exact): the high-risk type gets no collateral, the
low-risk type posts collateral and pays a lower rate. This is the *least-cost
separating* outcome (Riley's reactive equilibrium): the separating pair that costs
the low-risk type least. It is a Rothschild–Stiglitz equilibrium only if no pooling
contract that breaks even over both types is preferred by the low-risk type
(the high-risk type then joins it): :meth:`Bester.rothschild_stiglitz` checks this,
and :meth:`Bester.max_low_share` gives the share of low-risk borrowers above which
it fails. If the low-risk SME's wealth
:math:`W` is below the collateral required, it is offered the most collateral it
can post and is rationed with the probability that keeps the high-risk type from
mimicking (Bester 1987; Besanko & Thakor 1987).

Bester, H. (1985), *American Economic Review* 75(4): 850–855; Bester, H. (1987),
*European Economic Review* 31: 887–899; Besanko, D. and A. V. Thakor (1987),
*International Economic Review* 28(3): 671–689. See docs/explanation/information.md.

Examples
--------
>>> from fractions import Fraction as F
>>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5),
...            return_low=F(3, 2), return_high=F(9, 4))
>>> b.separating().contracts["low"]
Contract(collateral=105/104, repayment=14/13)
"""

from .data import screening_data, wealth_rationing_data
from .model import PARAMETERS, Bester
from .results import Contract, Screening, SeparatingCheck

__all__ = [
    "PARAMETERS",
    "Bester",
    "Contract",
    "Screening",
    "SeparatingCheck",
    "screening_data",
    "wealth_rationing_data",
]
