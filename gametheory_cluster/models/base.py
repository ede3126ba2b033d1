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
from dataclasses import replace
from typing import Any, SupportsFloat  # values: numbers (int, float, Fraction, sympy)

import sympy as sp

from ..algebra import evaluate, forms, sign, tidy
from ..automata import Certificate, Constraint, RepeatedGame
from ..errors import MissingParameterError, SolveError
from ..parameters import table_for, unknown_parameter, validate
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

    @property
    def equilibrium(self) -> str:
        """The equilibrium notion the one-shot constraints check.

        ``"subgame perfect"`` (every state public, actions seen); a model whose
        automaton moves on a public signal of hidden actions says
        ``"perfect public"``, one with private histories ``"sequential"``.
        """
        return "subgame perfect"

    @property
    def fixed(self) -> dict[str, int]:
        """Values held for symbols that enter only as exponents (a long lag or duration).

        The derivation keeps each as a symbol (the closed form in it), and every
        question puts the value in; they are not among :attr:`parameters`.
        """
        return dict(getattr(self.game, "fixed", None) or {})

    def _derived(self, player: str | None = None) -> list[Constraint]:
        """The constraints to solve: the :attr:`fixed` exponents still symbols."""
        if not self.fixed:
            return self.constraints(player)  # a subclass may add constraints of its own
        return [c for c in self.game.constraints() if player is None or c.player == player]

    def constraints(self, player: str | None = None) -> list[Constraint]:
        """The one-shot-deviation constraints (optionally of one player only)."""
        derived = [c for c in self.game.constraints() if player is None or c.player == player]
        if not self.fixed:
            return derived
        fixed = self.fixed

        def at(e: Any) -> Any:
            if e is None:
                return None
            e = sp.sympify(e)
            return e.xreplace({s: fixed[s.name] for s in e.free_symbols if s.name in fixed})

        return [
            replace(c, slack=at(c.slack), conform=at(c.conform), deviate=at(c.deviate))
            for c in derived
        ]

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
        for c in self._derived():
            if sign(c.slack) in (0, 1):
                continue
            num, den = sp.fraction(forms.cancel_together(c.slack))
            s = sign(den)
            parts.append(sp.Ge(tidy(num * s), 0) if s else sp.Ge(c.slack, 0))
        condition = sp.And(*parts)
        if self.fixed:
            put = {s: self.fixed[s.name] for s in condition.free_symbols if s.name in self.fixed}
            condition = condition.xreplace(put)
        return condition

    def threshold(self, name: str, /, **values: SupportsFloat) -> Threshold:
        """The value of ``name`` at which the prescribed play becomes subgame perfect.

        Give the other parameters as keywords; the ones left out stay symbolic.
        """
        if name not in self.parameters:
            raise unknown_parameter(name, self.parameters)
        return self._solve(self._derived(), name, values)

    def _solve(self, constraints: list[Constraint], name: str, values: Mapping[str, Any]
               ) -> Threshold:
        """Solve ``constraints`` for ``name`` at ``values`` (checked) and the fixed exponents."""
        return solve_threshold(constraints, name, {**self._validate(values), **self.fixed})

    def _validate(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check values: names and domains (models add their own assumptions here)."""
        return validate(values, allowed=self.parameters, table=table_for(self))

    def is_honest(self, **values: SupportsFloat) -> Certificate:
        """Check every constraint at a parameter point; truthy when the play is SPE."""
        given = self._validate(values)
        missing = sorted(set(self.parameters) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        given = {**given, **self.fixed}
        return Certificate([(c, self._slack_at(c.slack, given)) for c in self._derived()], 1e-12,
                           self.equilibrium)

    def _slack_at(self, slack: Any, given: Mapping[str, Any]) -> Any:
        """A slack at ``given``; with a fixed exponent above the limit, to 60 digits.

        ``(3/5)**1000000`` written out exactly has a million digits: the numbers
        to such powers are evaluated with 60 significant digits instead (a float).
        """
        if not any(v > forms.MAX_EXPANDED_EXPONENT for v in self.fixed.values()):
            return evaluate(slack, given)
        expr = sp.sympify(slack)
        with sp.evaluate(False):
            at = expr.xreplace({s: sp.sympify(given[s.name]) for s in expr.free_symbols
                                if s.name in given})
        return float(sp.N(at, 60)) if not at.free_symbols else evaluate(slack, given)

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
        if self.fixed:
            given = ", ".join(f"{k} = {v}" for k, v in self.fixed.items())
            raise SolveError(
                f"{given} is an exponent above {forms.MAX_EXPANDED_EXPONENT}: a proposition "
                "writes every constraint out; state it with the exponent as a symbol (e.g. "
                "RepeatedLending(lag=True)) or set the environment variable "
                "GAMETHEORY_CLUSTER_MAX_EXPONENT higher (slow)"
            )
        return derive_proposition(self, parameter, **values)

    def latex(self) -> str:
        """The condition, in LaTeX."""
        return sp.latex(self.condition())

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"
