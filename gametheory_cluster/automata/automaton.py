r"""The parts of an automaton: its states, and what can happen in a period.

A strategy profile of a repeated game is written as an automaton (Mailath and
Samuelson 2006, §2.3): a finite set of states :math:`S` with an initial state, in
every state :math:`s` a prescribed action profile :math:`a^*(s)`, and a transition.
Here the transition is a list of :class:`Outcome` for every state and action
profile :math:`a` (nature's draws): a probability, the period payoffs
:math:`u(s, a)` and the next state :math:`s'`; the probabilities sum to one. A
:class:`State` with a ``duration`` is a *timed phase*: it lasts that many periods
(a number or a symbol such as ``T``) and then moves to ``then``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..algebra.forms import cancel
from ..algebra.positive import plain_rational
from ..errors import ModelError

Expr = Any  # a sympy expression or a number


@dataclass(frozen=True)
class Outcome:
    """One thing that can happen in a period: payoffs (one per player), next state, probability.

    Payoffs and probability are numbers or sympy expressions; text is refused here, so
    that no formula is ever parsed on the way (a model file's formulas are read by
    :mod:`gametheory_cluster.io.formula`).

    >>> Outcome(("Y - R", 0), "honest")
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.ModelError: payoff 'Y - R' is text; write it as a number ...
    """

    payoffs: tuple[Expr, ...]
    next: str
    probability: Expr = 1

    def __post_init__(self) -> None:
        for what, v in [*(("payoff", p) for p in self.payoffs), ("probability", self.probability)]:
            _not_text(what, v)


@dataclass(frozen=True)
class State:
    """A state of the automaton.

    Parameters
    ----------
    name : str
        Unique name.
    play : mapping
        The action each player takes in this state.
    duration : int or sympy expression, optional
        Makes the state a *timed phase* lasting this many periods; an outcome whose
        ``next`` is the state itself means "the phase goes on".
    then : str, optional
        Where a timed phase goes when it ends.
    observed_by : tuple of str, optional
        Players who can tell this state apart from others; only their incentive
        constraints are checked here (default: every player).
    """

    name: str
    play: Mapping[str, str]
    duration: Expr | None = None
    then: str | None = None
    observed_by: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _not_text("duration", self.duration)

    @property
    def timed(self) -> bool:
        """Whether the state is a timed phase."""
        return self.duration is not None


def _not_text(what: str, value: Any) -> None:
    """Refuse text where a number or an expression belongs (text would be parsed)."""
    if isinstance(value, str):
        raise ModelError(f"{what} {value!r} is text; write it as a number or a sympy expression "
                         "(e.g. with symbols('Y R') from gametheory_cluster.parameters), or put "
                         "formulas in a model file")


def _whole(duration: Any) -> bool:
    """Whether a duration is a whole number (not a symbol such as ``T``)."""
    duration = sp.sympify(duration)
    return isinstance(duration, sp.Integer) and duration >= 0


def _nonzero(expr: Any) -> bool:
    """Whether ``expr`` is not identically zero (expansion first; ``simplify`` only if needed)."""
    expr = sp.sympify(expr)
    if expr == 0 or sp.expand(expr) == 0:
        return False
    if plain_rational(expr):  # a cancelled rational function is zero only if written as 0
        return cancel(expr) != 0
    return sp.simplify(expr) != 0
