r"""The main bank: a relationship bank lends to a young SME where a transactional bank rations.

The source paper recommends a regional main bank (§3 of 产业集群与我国中小企业融资,
*Industrial clusters and the financing of China's SMEs*; see
papers/cluster_financing/README.md). See docs/explanation/policy.md.

Model (:class:`MainBank`)
-------------------------
In the spirit of Petersen & Rajan (1995): a young SME's project succeeds with
probability :math:`\pi` (a share :math:`\pi` of young firms are sound); a loan costs
:math:`I` and the young firm repays :math:`R`. A firm that has succeeded is proven
sound and then produces :math:`Y > I` every period; the relationship survives each
period with probability :math:`p`. A relationship bank keeps a share :math:`\kappa`
of a proven firm's surplus :math:`Y - I` (its information rent: outside lenders
cannot see what it has learnt); a transactional bank competes that surplus away
and keeps nothing. The engine derives when each lends to a young firm: the
automaton young → proven → ended and the bank's one-shot-deviation constraints.

Petersen, M. A., and R. G. Rajan (1995). The effect of credit market competition on
lending relationships. *Quarterly Journal of Economics* 110(2): 407–443.

Examples
--------
>>> from fractions import Fraction
>>> MainBank().first_loan_profit(I=100, R=110, pi=Fraction(17, 20))
-13/2
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import sympy as sp

from ...algebra import evaluate, tidy
from ...automata import Certificate, Constraint, Outcome, RepeatedGame, State
from ...errors import ModelError, UnknownParameterError
from ...parameters import symbol, validate
from ...thresholds import Threshold, solve_threshold
from ._common import _check_flag

__all__ = ["MainBank"]


class MainBank:
    """A bank deciding whether to lend to a young SME: relationship (main) bank or transactional.

    Parameters
    ----------
    relationship : bool
        True: the bank keeps the share ``kappa`` of a proven firm's surplus while the
        relationship lasts (continuation ``p``). False: competition leaves it nothing
        after the first loan, so that loan must pay for itself.

    Examples
    --------
    >>> from fractions import Fraction
    >>> point = dict(I=100, R=110, Y=150, p=Fraction(9, 10), delta=Fraction(9, 10))
    >>> MainBank().threshold("pi", kappa=Fraction(1, 2), **point).value
    380/823
    >>> MainBank(relationship=False).threshold("pi", **point).value
    10/11
    >>> MainBank().gap("pi", kappa=Fraction(1, 2), **point)
    Interval.Ropen(380/823, 10/11)
    """

    def __init__(self, relationship: bool = True) -> None:
        _check_flag("relationship", relationship)
        self.relationship = relationship

    def __repr__(self) -> str:
        return f"MainBank(relationship={self.relationship})"

    @cached_property
    def game(self) -> RepeatedGame:
        """The automaton: young → proven (after a success, while the relationship lasts) → ended."""
        I, R, Y, w, pi, p, kappa = (symbol(n) for n in ("I", "R", "Y", "w", "pi", "p", "kappa"))
        rent = kappa * (Y - I) if self.relationship else 0

        def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
            if state == "ended" or profile[0] == "Refuse":
                return [Outcome((0, w), "ended")]
            if state == "young":
                return [
                    Outcome((R - I, Y - R), "proven", pi * p),
                    Outcome((R - I, Y - R), "ended", pi * (1 - p)),
                    Outcome((-I, 0), "ended", 1 - pi),
                ]
            return [
                Outcome((rent, Y - I - rent), "proven", p),
                Outcome((rent, Y - I - rent), "ended", 1 - p),
            ]

        lend = {"bank": "Lend", "sme": "Borrow"}
        states = [
            State("young", lend),
            State("proven", lend),
            State("ended", {"bank": "Refuse", "sme": "Borrow"}, observed_by=()),
        ]
        return RepeatedGame(
            ("bank", "sme"),
            {"bank": ("Lend", "Refuse"), "sme": ("Borrow",)},
            states,
            outcomes,
            timing="sequential",
        )

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters this model uses, sorted."""
        return self.game.parameters

    def constraints(self) -> list[Constraint]:
        """The bank's one-shot-deviation constraints (lend to the young firm; keep lending)."""
        return self.game.constraints()

    def first_loan_profit(self, **values: Any) -> Any:
        """The bank's expected profit on the first loan alone (negative: it lends at a loss)."""
        given = validate(values, allowed=self.parameters)
        flow = sum(
            o.probability * o.payoffs[0] for o in self.game.outcomes("young", ("Lend", "Borrow"))
        )
        return evaluate(tidy(flow), given)

    def threshold(self, name: str, /, **values: Any) -> Threshold:
        """The value of ``name`` at which the bank starts lending to a young firm."""
        if name not in self.parameters:
            raise UnknownParameterError(
                f"{name!r} is not a parameter of {self!r}; "
                f"valid names: {', '.join(self.parameters)}"
            )
        return solve_threshold(self.constraints(), name, validate(values, allowed=self.parameters))

    def lends(self, **values: Any) -> Certificate:
        """Check the bank's constraints at a point; truthy when it lends to a young firm."""
        return self.game.check(values)

    def gap(self, name: str, /, **values: Any) -> sp.Set:
        """The values of ``name`` where a relationship bank lends and a transactional one does not.

        Both must be lower thresholds in ``name`` (as for ``pi``, ``R`` or ``Y``).
        """
        if not self.relationship:
            raise ModelError("gap compares MainBank() with MainBank(relationship=False)")
        other = MainBank(relationship=False)
        shared = {k: v for k, v in values.items() if k in other.parameters}
        rel, tr = self.threshold(name, **values), other.threshold(name, **shared)
        if rel.direction != ">=" or tr.direction != ">=":
            raise ModelError(f"{name} is not a lower threshold for both banks ({rel}; {tr})")
        return sp.Interval.Ropen(rel.value, tr.value)
