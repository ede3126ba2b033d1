"""What Bester's screening model returns: a contract, the screening outcome, the RS check.

Plain results of :class:`~gametheory_cluster.models.information.bester.Bester` (the
mathematics is in the package docstring, :mod:`gametheory_cluster.models.information.bester`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ....algebra import plain

__all__ = ["Contract", "Screening", "SeparatingCheck"]


@dataclass(frozen=True)
class Contract:
    """A loan contract: collateral ``C`` and repayment ``R`` per unit lent."""

    collateral: Any
    repayment: Any

    def __iter__(self):
        return iter((self.collateral, self.repayment))

    def __str__(self) -> str:
        return f"(C={self.collateral}, R={self.repayment})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return plain({"collateral": plain(self.collateral), "repayment": plain(self.repayment)})


@dataclass(frozen=True)
class Screening:
    """Bester's screening outcome: each type's contract and chance of getting credit.

    ``slacks`` holds every constraint's slack (``>= 0`` when it holds): both zero-profit
    conditions, both incentive constraints and the participation constraints.
    """

    contracts: Mapping[str, Contract]
    credit_probability: Mapping[str, Any]
    utilities: Mapping[str, Any]
    slacks: Mapping[str, Any]
    wealth_constrained: bool = False

    @property
    def rationed(self) -> Any:
        """The probability that a low-risk SME is refused credit."""
        p = self.credit_probability["low"]
        return 1 - p if isinstance(p, float) else 1 - sp.sympify(p)

    def __str__(self) -> str:
        rows = [
            f"{k}: {c}, credit with probability {self.credit_probability[k]}"
            for k, c in self.contracts.items()
        ]
        head = (
            "wealth-constrained: the low-risk SME is rationed"
            if self.wealth_constrained
            else "least-cost separating"
        )
        return "\n".join([head, *rows])

    def __repr__(self) -> str:
        return f"Screening({'; '.join(f'{k}={c}' for k, c in self.contracts.items())})"

    def latex(self) -> str:
        """The contracts as a LaTeX array."""
        rows = " \\\\ ".join(
            f"\\text{{{k}}} & {sp.latex(c.collateral)} & {sp.latex(c.repayment)} & "
            f"{sp.latex(self.credit_probability[k])}"
            for k, c in self.contracts.items()
        )
        return r"\begin{array}{lccc} & C & R & \Pr(\text{credit}) \\ " + rows + r"\end{array}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return plain({
            "contracts": {k: c.to_dict() for k, c in self.contracts.items()},
            "credit_probability": plain(dict(self.credit_probability)),
            "utilities": plain(dict(self.utilities)),
            "slacks": plain(dict(self.slacks)),
            "wealth_constrained": self.wealth_constrained,
        })


@dataclass(frozen=True)
class SeparatingCheck:
    """The Rothschild–Stiglitz check of the least-cost separating pair.

    Returned by :meth:`Bester.rothschild_stiglitz`.

    Attributes
    ----------
    holds : bool
        Whether the separating pair is an equilibrium: no pooling contract that breaks
        even over both types is strictly preferred by the low-risk type.
    deviation : Contract or None
        The pooling contract on the pooled zero-profit line that the low-risk type likes
        best among those the high-risk type also accepts (None: there is none).
    separating_utility, deviation_utility : number
        The low-risk type's utility at its separating contract and at the deviation.
    margin : number
        ``deviation_utility - separating_utility``; the check holds iff ``margin <= 0``.
    """

    holds: bool
    deviation: Contract | None
    separating_utility: Any
    deviation_utility: Any
    margin: Any

    def __bool__(self) -> bool:
        return self.holds

    def __str__(self) -> str:
        if self.deviation is None:
            return "Rothschild–Stiglitz equilibrium: no pooling contract attracts both types"
        verdict = "holds" if self.holds else "fails"
        return (f"Rothschild–Stiglitz check {verdict}: the best pooling deviation "
                f"{self.deviation} gives the low-risk type {self.deviation_utility} against "
                f"{self.separating_utility} at its separating contract")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return plain({
            "holds": self.holds,
            "deviation": None if self.deviation is None else self.deviation.to_dict(),
            "separating_utility": plain(self.separating_utility),
            "deviation_utility": plain(self.deviation_utility),
            "margin": plain(self.margin),
        })
