"""The verdict of :func:`~gametheory_cluster.models.community.credibility.credibility`.

:class:`Credibility` holds the sets of honest repayment (mechanical, credible,
without third-party punishment) and where the punishers' own constraint fails; the
helpers here build those sets from derived thresholds for every model family the
package checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from ....algebra import plain
from ....automata import Constraint
from ....errors import DomainError, MissingParameterError, NoSolutionError
from ....thresholds import Threshold

__all__ = ["Credibility"]

_UNIT = sp.Interval.open(0, 1)
_WAGES = sp.Interval(0, sp.oo)


# ------------------------------------------------------------------ the report
@dataclass(frozen=True)
class Credibility:
    """Where honest repayment holds with a mechanical and with a self-enforcing punishment.

    Attributes
    ----------
    model : str
        The community model.
    parameter : str
        The parameter the sets are in (``delta``, or ``W`` for Greif).
    logic : str
        How the punishers are kept to their task: ``"non-punisher"``, ``"greif"``
        or ``"contagion"``.
    mechanical, credible, without : sympy Set
        Honest repayment with the punishment imposed; with only credible
        punishments; with no third-party punishment.
    not_credible : sympy Set
        Where the punishers' own constraint fails.
    punishers : tuple of Constraint
        The punishers' constraints at this point (derived), where they are finite.
    note : str
        What the punishers compare, in words.
    """

    model: str
    parameter: str
    logic: str
    mechanical: sp.Set
    credible: sp.Set
    without: sp.Set
    not_credible: sp.Set
    punishers: tuple[Constraint, ...] = field(default=(), repr=False)
    note: str = ""

    @property
    def mechanical_threshold(self) -> Any:
        """The smallest value with honest repayment under the mechanical punishment."""
        return _inf(self.mechanical)

    @property
    def credible_threshold(self) -> Any:
        """The smallest value with honest repayment under credible punishments only."""
        return _inf(self.credible)

    @property
    def isolated_threshold(self) -> Any:
        """The smallest value with honest repayment when only the cheated party punishes."""
        return _inf(self.without)

    def __str__(self) -> str:
        name = self.parameter
        return "\n".join([
            f"{self.model} ({self.logic}):",
            f"  mechanical punishment: {name} in {sp.sstr(self.mechanical)}",
            f"  credible punishment:   {name} in {sp.sstr(self.credible)}",
            f"  no third party:        {name} in {sp.sstr(self.without)}",
            f"  punishment not credible for {name} in {sp.sstr(self.not_credible)}",
            *([f"  {self.note}"] if self.note else []),
        ])

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the thresholds (numbers, with their exact text) and the sets as text."""
        return plain({
            "model": self.model, "parameter": self.parameter, "logic": self.logic,
            "mechanical_threshold": self.mechanical_threshold,
            "credible_threshold": self.credible_threshold,
            "isolated_threshold": self.isolated_threshold,
            **{k: sp.sstr(getattr(self, k))
               for k in ("mechanical", "credible", "without", "not_credible")},
            "punishers": [str(c) for c in self.punishers],
            "note": self.note,
        })


def _inf(region: sp.Set) -> Any:
    return None if region is sp.EmptySet else region.inf


def _combine(mechanical: sp.Set, punishers: sp.Set, without: sp.Set) -> sp.Set:
    """Honest with a credible punishment: the punishment where it is credible, or none needed."""
    return sp.Union(sp.Intersection(mechanical, punishers), without)


def _region(get: Callable[[], Threshold], domain: sp.Set) -> sp.Set:
    """The set where a threshold's constraints hold (empty when none works)."""
    try:
        found = get()
    except NoSolutionError:
        return sp.EmptySet
    if found.region is None:
        raise MissingParameterError(
            f"give numbers for every parameter: the region of {found} is symbolic"
        )
    return sp.Intersection(found.region, domain)


def _no_delta(values: Mapping[str, Any]) -> None:
    if "delta" in values:
        raise DomainError("the sets are in delta; do not give delta")


def _which(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split off ``which`` (the notion of the many-lenders models' thresholds)."""
    rest = dict(values)
    return rest, ({"which": rest.pop("which")} if "which" in rest else {})
