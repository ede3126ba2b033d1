"""What every model built on the automaton engine can answer.

A model defines one thing, its :class:`~gametheory_cluster.automata.RepeatedGame`
(``game``); :class:`AutomatonModel` turns it into the questions an economist asks:
the incentive constraints, the condition for the prescribed play to be subgame
perfect, thresholds in any parameter, a numeric check with its certificate, and
the proposition with its proof.

Examples
--------
>>> import gametheory_cluster as gc
>>> model = gc.RepeatedLending()
>>> isinstance(model, AutomatonModel), model.parameters
(True, ('I', 'R', 'Y', 'delta', 'w'))
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

import sympy as sp

from ..algebra import evaluate, sign, tidy
from ..automata import Certificate, Constraint, RepeatedGame
from ..errors import MissingParameterError
from ..parameters import unknown_parameter, validate
from ..propositions import Proposition, derive_proposition
from ..thresholds import Threshold, solve_threshold

__all__ = ["AutomatonModel"]


class AutomatonModel(ABC):
    """Base class: a model is its automaton game; the questions are derived from it."""

    @property
    @abstractmethod
    def game(self) -> RepeatedGame:
        """The automaton game (states, outcomes, timing)."""

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters this model uses, sorted."""
        return self.game.parameters

    def constraints(self, player: str | None = None) -> list[Constraint]:
        """The one-shot-deviation constraints (optionally of one player only)."""
        return [c for c in self.game.constraints() if player is None or c.player == player]

    def condition(self) -> sp.Basic:
        """The prescribed play is subgame perfect iff this holds (sympy).

        Constraints that hold for every parameter value in its domain are left out.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> gc.RepeatedLending().condition()
        (-I + R >= 0) & (-R + Y*delta - delta*w >= 0)
        """
        parts = []
        for c in self.constraints():
            if sign(c.slack) in (0, 1):
                continue
            num, den = sp.fraction(sp.cancel(sp.together(c.slack)))
            s = sign(den)
            parts.append(sp.Ge(tidy(num * s), 0) if s else sp.Ge(c.slack, 0))
        return sp.And(*parts)

    def threshold(self, name: str, /, **values: Any) -> Threshold:
        """The value of ``name`` at which the prescribed play becomes subgame perfect.

        Give the other parameters as keywords; the ones left out stay symbolic.
        """
        if name not in self.parameters:
            raise unknown_parameter(name, self.parameters)
        return solve_threshold(self.constraints(), name, self._validate(values))

    def _validate(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check values: names and domains (models add their own assumptions here)."""
        return validate(values, allowed=self.parameters)

    def is_honest(self, **values: Any) -> Certificate:
        """Check every constraint at a parameter point; truthy when the play is SPE."""
        given = self._validate(values)
        missing = sorted(set(self.parameters) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        return Certificate([(c, evaluate(c.slack, given)) for c in self.constraints()], 1e-12)

    def describe(self, lang: str = "en") -> list[str]:
        """The model's mechanisms as phrases for a proposition."""
        states = ", ".join(self.game.states)
        return [
            f"play follows the automaton with states {states}"
            if lang == "en"
            else f"策略由状态为 {states} 的自动机给出"
        ]

    def assumptions(self) -> list[sp.Basic]:
        """Relations ``e > 0`` the economics takes for granted (none by default)."""
        return []

    def proposition(self, parameter: str = "delta", **values: Any) -> Proposition:
        """The proposition "the play is SPE iff …" with its proof, derived.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> prop = gc.RepeatedLending().proposition()
        >>> [step.reason for step in prop.steps]
        ['constraint', 'clear_denominator', 'isolate']
        """
        return derive_proposition(self, parameter, **values)

    def latex(self) -> str:
        """The condition, in LaTeX."""
        return sp.latex(self.condition())

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"
