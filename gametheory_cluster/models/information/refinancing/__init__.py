r"""The threat of not refinancing as the repayment incentive (Bolton & Scharfstein 1990).

A two-period lending contract in which the bank cannot see the SME's cash flow.

Model
-----
In each of two periods a project needs a loan :math:`I` and returns :math:`Y_H`
with probability :math:`\pi` or :math:`Y_L` otherwise, with :math:`Y_L < I`
(the low return does not cover the loan) and :math:`\pi Y_H + (1 - \pi) Y_L > I`.
Only the SME sees the return; the SME has no other wealth (limited liability).
After period 1 the SME reports the return by paying :math:`R_H` or :math:`R_L`,
and the bank refinances the second period with probability :math:`\beta_H` or
:math:`\beta_L`. An SME that is not refinanced loses its place in the cluster, an
exit cost :math:`C \ge 0`. Payoffs of period 2 are discounted by :math:`\delta`
(1 unless ``discounting=True``).

Derivation (backward induction, both stages solved as linear programmes)
-------------------------------------------------------------------------
*Period 2.* Nothing is at stake after it, so the SME claims whatever return
pays least: the bank collects at most :math:`R_2` solving
:math:`\max \pi r_H + (1 - \pi) r_L` s.t. :math:`r_H \le r_L` (truth-telling) and
:math:`r_L \le Y_L` — derived here, :math:`R_2 = Y_L`. The SME's rent from being
refinanced is :math:`\rho = \pi Y_H + (1 - \pi) Y_L - R_2`.

*Period 1.* The contract :math:`(R_H, R_L, \beta_H, \beta_L)` maximises the SME's
expected payoff subject to

* truth-telling by an SME with the high return:
  :math:`Y_H - R_H + \delta[\beta_H \rho - (1 - \beta_H) C] \ge
  Y_H - R_L + \delta[\beta_L \rho - (1 - \beta_L) C]`;
* the bank breaking even:
  :math:`\pi R_H + (1 - \pi) R_L - I + \delta[\pi\beta_H + (1 - \pi)\beta_L](R_2 - I) \ge 0`;
* limited liability :math:`0 \le R_H \le Y_H`, :math:`0 \le R_L \le Y_L`,
  probabilities in :math:`[0, 1]`, and the SME's participation.

(An SME with the low return cannot pay :math:`R_H`: any contract the bank accepts
has :math:`R_H > Y_L` when :math:`Y_L < I`.) When several contracts are optimal
(once :math:`R_H = Y_H`, only the total probability of refinancing matters to the
bank), the one that refinances most after a high report, then after a low one, is
reported. The programme is solved exactly by
enumerating vertices in floating point, then re-solving the best basis in exact
rationals and certifying it with non-negative dual multipliers. With parameters
left symbolic, the basis optimal at a reference point gives closed forms and the
conditions (``valid_when``) under which they stay optimal.

Termination after a low report is inefficient (the second project is worth
:math:`\pi Y_H + (1 - \pi) Y_L - I > 0`); it is the price of truth-telling. An exit
cost raises what the SME loses when cut off, so less termination is needed.

Welfare. The bank breaks even, so the SME's payoff is the total surplus
(:attr:`RefinancingContract.welfare`). The exit cost is paid by the SMEs that are
cut off and received by no one: it is a deadweight loss. Where lending is possible
without it (the base case, :math:`Y_L = 90`: termination 1/5 at :math:`C = 0`) any
:math:`C > 0` lowers the surplus (36 at :math:`C = 0`, 35 at :math:`C = 20`): the
termination it saves is worth less than the exit cost paid in the states that are
still terminated. Where it is not (:math:`Y_L = 80`), the exit cost makes lending
possible from :math:`C_{min} = 55/6`, and any :math:`C` above that minimum again
lowers the surplus (:func:`welfare_data`).

Bolton, P. and D. S. Scharfstein (1990), *American Economic Review* 80(1): 93–106.
See docs/explanation/information.md.

Examples
--------
>>> from fractions import Fraction
>>> model = Refinancing()
>>> c = model.optimal_contract(I=100, Y_H=130, Y_L=80, pi=Fraction(3, 4), C=20)
>>> c.beta_H, c.beta_L, c.R_L
(1, 13/77, 80)
>>> c.termination, c.binding
(16/77, ('truth-telling', 'bank breaks even', 'limited liability (low)', 'beta_H <= 1'))
>>> base = model.optimal_contract(I=100, Y_H=130, Y_L=90, pi=Fraction(3, 4), C=0)
>>> base.termination, base.welfare
(1/5, 36)
"""

from .data import termination_data, welfare_data
from .model import EXAMPLE, PARAMETERS, Refinancing, RefinancingContract

__all__ = [
    "EXAMPLE",
    "PARAMETERS",
    "Refinancing",
    "RefinancingContract",
    "termination_data",
    "welfare_data",
]
