r"""Stiglitz (1990): peer monitoring — the safe project choice of two jointly liable borrowers.

Joint liability is the economics of mutual guarantee (互保, 联保), which the source
paper recommends (§3.1 of 产业集群与我国中小企业融资; see
papers/cluster_financing/README.md). See docs/explanation/policy.md.

Peer monitoring (:class:`PeerMonitoring`)
-----------------------------------------
Each of two jointly liable borrowers picks the safe action (success :math:`p_s`,
return :math:`R_s`, private cost :math:`e`: effort) or the risky one (:math:`p_r`,
:math:`R_r`, no cost), with payoff :math:`p_a (R_a - r) - p_a (1 - p_b) c - e_a`.
Without monitoring the pair plays a Nash equilibrium; with peer monitoring
(cooperative) they choose the profile with the largest joint payoff. The
highest interest rate at which both choose safe is derived in each case. (In the
code :math:`p_s, R_s, p_r, R_r` are the parameters ``pi``, ``Y``, ``pi_r``, ``Y_r`` and
the interest rate is ``R``.)

Stiglitz, J. E. (1990). Peer monitoring and credit markets. *World Bank Economic
Review* 4(3): 351–366.

Examples
--------
>>> PeerMonitoring().payoffs(c=0)[("safe", "risky")][0]
-R*pi + Y*pi - e
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import sympy as sp

from ...algebra import evaluate, tidy
from ...automata import Constraint
from ...parameters import symbol
from ...thresholds import Threshold
from ._common import _KINDS, _check_choice, _kind, _solve_with_order, _two_type_values

__all__ = ["PeerMonitoring"]


class PeerMonitoring:
    """Project (or effort) choice of two jointly liable borrowers (Stiglitz 1990).

    The safe action succeeds with ``pi``, returns ``Y`` and costs ``e`` (effort;
    ``e = 0`` for a pure project choice); the risky one succeeds with ``pi_r < pi``
    and returns ``Y_r``. Each owes ``R`` on success and ``c`` more when the partner
    fails.

    Examples
    --------
    >>> from fractions import Fraction
    >>> model = PeerMonitoring()
    >>> point = dict(pi=Fraction(9, 10), pi_r=Fraction(1, 2), Y=3, Y_r=4, e=0, c=1)
    >>> [model.max_rate(mode, **point).value for mode in PeerMonitoring.modes]
    [7/4, 33/20, 43/20]
    """

    actions = tuple(_KINDS)
    modes = ("individual", "noncooperative", "cooperative")

    def __repr__(self) -> str:
        return "PeerMonitoring()"

    def payoff(self, own: str, partner: str, c: Any = None) -> sp.Expr:
        """A borrower's expected payoff choosing ``own`` when its partner chooses ``partner``."""
        R, c = symbol("R"), symbol("c") if c is None else c
        (p, Y), (q, _) = _kind(own), _kind(partner)
        cost = symbol("e") if own == "safe" else 0
        return tidy(p * q * (Y - R) + p * (1 - q) * (Y - R - c) - cost)

    def payoffs(self, c: Any = None) -> dict[tuple[str, str], tuple[sp.Expr, sp.Expr]]:
        """Both borrowers' payoffs for every profile (the symmetric 2×2 game)."""
        return {
            (a, b): (self.payoff(a, b, c), self.payoff(b, a, c))
            for a in self.actions
            for b in self.actions
        }

    def constraints(self, mode: str = "noncooperative") -> list[Constraint]:
        """The conditions under which both borrowers choose the safe action.

        ``individual``: no joint liability (``c = 0``), each decides alone;
        ``noncooperative``: (safe, safe) is a Nash equilibrium; ``cooperative`` (peer
        monitoring enforces what the pair agrees): it maximises the joint payoff.
        """
        _check_choice("mode", mode, self.modes)
        return list(self._constraint_sets[mode])

    @cached_property
    def _constraint_sets(self) -> dict[str, tuple[Constraint, ...]]:
        found = {}
        for mode in self.modes:
            table = self.payoffs(0 if mode == "individual" else None)
            safe = table[("safe", "safe")]
            if mode == "cooperative":
                found[mode] = tuple(
                    Constraint(
                        "loan", "group", "safe, safe", ", ".join(p), tidy(sum(safe) - sum(pay))
                    )
                    for p, pay in table.items()
                    if p != ("safe", "safe")
                )
            else:
                found[mode] = (
                    Constraint(
                        "loan",
                        "borrower",
                        "safe",
                        "risky",
                        tidy(safe[0] - table[("risky", "safe")][0]),
                    ),
                )
        return found

    def max_rate(self, mode: str = "noncooperative", **values: Any) -> Threshold:
        """The highest repayment ``R`` at which both borrowers choose the safe action."""
        given = _two_type_values(values, ("pi", "pi_r", "Y", "Y_r", "c", "e"))
        return _solve_with_order(self.constraints(mode), "R", given)

    def choice(self, mode: str = "noncooperative", **values: Any) -> list[tuple[str, str]]:
        """The profiles chosen at a point: pure Nash equilibria, or the joint-payoff maximisers."""
        _check_choice("mode", mode, self.modes)
        given = _two_type_values(values, ("pi", "pi_r", "Y", "Y_r", "R", "c", "e"))
        table = {
            p: tuple(float(evaluate(u, given)) for u in pay)
            for p, pay in self.payoffs(0 if mode == "individual" else None).items()
        }
        if mode == "cooperative":
            best = max(sum(v) for v in table.values())
            return [p for p, v in table.items() if sum(v) >= best]
        return [
            (a, b)
            for (a, b), (u, v) in table.items()
            if all(u >= table[(x, b)][0] for x in self.actions)
            and all(v >= table[(a, y)][1] for y in self.actions)
        ]
