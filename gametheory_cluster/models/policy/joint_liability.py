r"""Ghatak (2000), Ghatak & Guinnane (1999): joint liability screens safe from risky borrowers.

Joint liability is the economics of mutual guarantee (互保, 联保), which the source
paper recommends (§3.1 of 产业集群与我国中小企业融资; see
papers/cluster_financing/README.md). See docs/explanation/policy.md.

Screening (:class:`JointLiabilityScreening`)
--------------------------------------------
Safe borrowers succeed with :math:`p_s` (return :math:`R_s`), risky ones with
:math:`p_r < p_s` (return :math:`R_r`). A contract :math:`(r, c)` asks :math:`r` on success
and a joint-liability payment :math:`c` when one succeeds and the partner fails:
:math:`EU_{ij} = p_i p_j (R_i - r) + p_i (1 - p_j)(R_i - r - c)`. Borrowers match
assortatively when :math:`EU_{ss} + EU_{rr} \ge EU_{sr} + EU_{rs}`; the separating
contracts (:class:`SeparatingContracts`) offer the risky individual liability and
the safe the least joint liability :math:`c` at which the risky, matched with risky
partners, do not take the safe contract, both contracts breaking even for a bank
whose cost of funds per loan is :math:`I`. (In the code :math:`p_s, R_s, p_r, R_r`
are the parameters ``pi``, ``Y``, ``pi_r``, ``Y_r`` and the repayment is ``R``.)

Ghatak, M. (2000). Screening by the company you keep: joint liability lending and the
peer selection effect. *Economic Journal* 110(465): 601–631.
Ghatak, M., and T. W. Guinnane (1999). The economics of lending with joint liability:
theory and practice. *Journal of Development Economics* 60(1): 195–228.

Examples
--------
>>> JointLiabilityScreening().sorting_gain()
c*(pi - pi_r)**2
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sympy as sp

from ...algebra import evaluate, plain, sign, tidy
from ...automata import Constraint
from ...errors import SolveError
from ...parameters import symbol
from ...thresholds import Threshold
from ._common import _KINDS, _kind, _solve_with_order, _two_type_values

__all__ = ["JointLiabilityScreening", "SeparatingContracts"]


@dataclass(frozen=True)
class SeparatingContracts:
    """The separating joint-liability contracts: (R, c) for safe and for risky borrowers.

    ``threshold`` is the least joint liability that separates (the safe contract
    uses it); ``limited_liability`` whether a successful safe borrower can pay
    ``R + c`` from its return (an expression when values are missing).
    """

    safe: tuple[Any, Any]
    risky: tuple[Any, Any]
    threshold: Threshold
    limited_liability: Any

    def __str__(self) -> str:
        s, k = (tuple(sp.sstr(v) for v in pair) for pair in (self.safe, self.risky))
        return f"safe (R, c) = ({s[0]}, {s[1]}); risky (R, c) = ({k[0]}, {k[1]})"

    def __repr__(self) -> str:
        return f"SeparatingContracts({self})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: numbers, with the exact values beside (``safe_exact``, …)."""
        return plain({
            "safe": list(self.safe),
            "risky": list(self.risky),
            "threshold": self.threshold.to_dict(),
            "limited_liability": str(self.limited_liability),
        })

    def latex(self) -> str:
        """Both contracts in LaTeX."""
        s, k = ([sp.latex(v) for v in pair] for pair in (self.safe, self.risky))
        return rf"(R_s, c_s) = ({s[0]}, {s[1]}),\ (R_r, c_r) = ({k[0]}, {k[1]})"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


class JointLiabilityScreening:
    """Screening by joint liability with two borrower types (Ghatak 2000).

    Safe borrowers succeed with ``pi`` and return ``Y``; risky ones with
    ``pi_r < pi`` and return ``Y_r``. A contract asks ``R`` on success and ``c`` more
    when the partner fails; the bank's cost of funds per loan is ``I``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> model = JointLiabilityScreening()
    >>> model.sorting_gain()
    c*(pi - pi_r)**2
    >>> point = dict(pi=Fraction(9, 10), pi_r=Fraction(3, 5), Y=5, Y_r=Fraction(15, 2), I=1)
    >>> print(model.separating_contracts(**point))
    safe (R, c) = (25/27, 50/27); risky (R, c) = (5/3, 0)
    """

    types = tuple(_KINDS)

    def __repr__(self) -> str:
        return "JointLiabilityScreening()"

    def outcomes(
        self, kind: str, partner: str, R: Any = None, c: Any = None
    ) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
        """``(probability, borrower's payoff, bank's receipt)`` for one borrower of type ``kind``.

        Both succeed: it pays ``R``; it succeeds and the partner fails: ``R + c``;
        it fails: nothing (limited liability).
        """
        R = symbol("R") if R is None else R
        c = symbol("c") if c is None else c
        (p, Y), (q, _) = _kind(kind), _kind(partner)
        return [(p * q, Y - R, R), (p * (1 - q), Y - R - c, R + c), (1 - p, 0, 0)]

    def payoff(self, kind: str, partner: str, R: Any = None, c: Any = None) -> sp.Expr:
        """Expected payoff of a ``kind`` borrower with a ``partner`` under contract (R, c)."""
        return tidy(sum(prob * pay for prob, pay, _ in self.outcomes(kind, partner, R, c)))

    def revenue(self, kind: str, partner: str, R: Any = None, c: Any = None) -> sp.Expr:
        """The bank's expected repayment from one borrower of type ``kind``."""
        return tidy(sum(prob * paid for prob, _, paid in self.outcomes(kind, partner, R, c)))

    def sorting_gain(self) -> sp.Expr:
        """:math:`EU_{ss} + EU_{rr} - EU_{sr} - EU_{rs}`: positive means assortative matching."""
        gain = (
            self.payoff("safe", "safe")
            + self.payoff("risky", "risky")
            - self.payoff("safe", "risky")
            - self.payoff("risky", "safe")
        )
        return sp.factor(gain).xreplace(
            {symbol("pi_r") - symbol("pi"): symbol("pi") - symbol("pi_r")}
        )

    def matching(self, **values: Any) -> str:
        """``"assortative"``, ``"mixed"`` or ``"indifferent"``; proved from the domains if symbolic.

        Examples
        --------
        >>> JointLiabilityScreening().matching(), JointLiabilityScreening().matching(c=0)
        ('assortative', 'indifferent')
        """
        given = _two_type_values(values, ("pi", "pi_r", "c"))
        gain = evaluate(self.sorting_gain(), given)
        if isinstance(gain, float) or not sp.sympify(gain).free_symbols:
            proved = int(bool(gain > 0)) - int(bool(gain < 0))
        else:
            proved = sign(gain) if sign(gain) is not None else (1 if gain.is_nonnegative else None)
        if proved is None:
            raise SolveError(f"the sign of the sorting gain {sp.sstr(gain)} needs numbers")
        return {1: "assortative", 0: "indifferent", -1: "mixed"}[int(proved)]

    @cached_property
    def _separation(self) -> tuple[sp.Expr, sp.Expr, Constraint]:
        """Break-even repayments (risky: c = 0; safe: in terms of c) and the risky IC."""
        R, c, I = symbol("R"), symbol("c"), symbol("I")
        risky_R = sp.solve(self.revenue("risky", "risky", R, 0) - I, R)[0]
        safe_R = sp.solve(self.revenue("safe", "safe", R, c) - I, R)[0]
        # the risky borrowers' incentive constraint: their own contract beats the safe one
        ic = self.payoff("risky", "risky", risky_R, 0) - self.payoff("risky", "risky", safe_R, c)
        return (
            risky_R,
            safe_R,
            Constraint("contracts", "risky", "risky contract", "safe contract", tidy(ic)),
        )

    def separating_contracts(self, **values: Any) -> SeparatingContracts:
        """The break-even separating contracts under assortative matching.

        Risky borrowers get individual liability (``c = 0``) at their break-even
        repayment; safe borrowers get the least joint liability ``c`` at which a
        risky pair does not take the safe contract, with ``R`` set so the bank breaks
        even on it.
        """
        given = _two_type_values(values, ("pi", "pi_r", "Y", "Y_r", "I"))
        c = symbol("c")
        risky_R, safe_R, constraint = self._separation
        threshold = _solve_with_order([constraint], "c", given)
        c_min = threshold.value
        safe = (evaluate(tidy(safe_R.subs(c, c_min)), given), c_min)
        risky = (evaluate(risky_R, given), sp.Integer(0))
        room = evaluate(symbol("Y") - safe[0] - c_min, given)
        room = room >= 0 if not sp.sympify(room).free_symbols else tidy(room)
        return SeparatingContracts(safe, risky, threshold, room)

