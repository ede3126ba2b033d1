r"""RepeatedGame: a repeated game with an automaton profile, defined, checked and asked.

A :class:`RepeatedGame` holds the players, their actions, the automaton's states
(:class:`~gametheory_cluster.automata.automaton.State`) and a function listing
the :class:`~gametheory_cluster.automata.automaton.Outcome` of every state and
action profile; the definition is checked at once (every prescribed action
exists, every next state is known, probabilities sum to one). It answers the
values :math:`V = u + \delta P V` (:mod:`~gametheory_cluster.automata.values`,
:mod:`~gametheory_cluster.automata.polynomial`), every one-shot deviation
constraint (:mod:`~gametheory_cluster.automata.deviations`), the parameters they
use, and the :class:`~gametheory_cluster.automata.constraints.Certificate` of
subgame perfection at a point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

import sympy as sp

from ..algebra import evaluate, forms
from ..algebra.positive import degrees
from ..errors import MissingParameterError, ModelError
from ..parameters import symbol, validate
from .automaton import Outcome, State, _nonzero
from .constraints import Certificate, Constraint
from .deviations import _Deviations
from .polynomial import _RationalFunctions
from .values import _ExactValues


class RepeatedGame(_Deviations, _ExactValues, _RationalFunctions):
    """A repeated game with an automaton profile; derives values and constraints.

    Parameters
    ----------
    players : tuple of str
        Player names; with ``timing="sequential"`` the first moves first.
    actions : mapping
        Each player's actions.
    states : sequence of State
        The automaton; the first state is the initial one.
    outcomes : callable
        ``outcomes(state_name, profile) -> list[Outcome]`` for every profile (a
        tuple of actions in player order).
    delta : sympy expression, optional
        The discount factor (default: the parameter ``delta``).
    timing : {"simultaneous", "sequential"}
        Whether the stage game is played simultaneously or the first player leads.
    fixed : mapping, optional
        Whole numbers for symbols that enter only as exponents (a lag ``L``): the
        derivation keeps the symbol, and :attr:`fixed` carries the value to every
        question asked (they are not in :attr:`parameters`). A timed phase whose
        ``duration`` is a whole number above
        :data:`~gametheory_cluster.algebra.forms.MAX_EXPANDED_EXPONENT` gets such a
        symbol, ``duration_<state>``, by itself: ``delta**1000000`` is never written out.
    """

    def __init__(
        self,
        players: Sequence[str],
        actions: Mapping[str, Sequence[str]],
        states: Sequence[State],
        outcomes: Callable[[str, tuple[str, ...]], Sequence[Outcome]],
        delta: sp.Expr | None = None,
        timing: str = "simultaneous",
        fixed: Mapping[str, int] | None = None,
    ) -> None:
        self.fixed: dict[str, int] = dict(fixed or {})
        self._checked: dict[tuple[str, tuple[str, ...]], list[Outcome]] = {}
        states = [self._symbolic_duration(s) for s in states]
        self.players = tuple(players)
        self.actions = {p: tuple(actions[p]) for p in self.players}
        self.states = {s.name: s for s in states}
        self.initial = states[0].name if states else None
        self._outcomes = outcomes
        self.delta = symbol("delta") if delta is None else delta
        if timing not in ("simultaneous", "sequential"):
            raise ModelError(f"timing must be 'simultaneous' or 'sequential', not {timing!r}")
        self.timing = timing
        self._check_definition(states)

    def _symbolic_duration(self, state: State) -> State:
        """``state`` with a long whole-number duration replaced by a symbol (value in ``fixed``)."""
        duration = sp.sympify(state.duration) if state.timed else None
        if not isinstance(duration, sp.Integer) or duration <= forms.MAX_EXPANDED_EXPONENT:
            return state
        name = f"duration_{state.name}"
        self.fixed[name] = int(duration)
        return replace(state, duration=sp.Symbol(name, integer=True, positive=True))

    # ------------------------------------------------------------------ checks
    def _check_definition(self, states: Sequence[State]) -> None:
        if not states:
            raise ModelError("an automaton needs at least one state")
        if len(self.states) != len(states):
            raise ModelError("state names must be unique")
        if set(self.actions) != set(self.players) or any(not a for a in self.actions.values()):
            raise ModelError("every player needs a non-empty list of actions")
        for state in states:
            for player in self.players:
                if state.play.get(player) not in self.actions[player]:
                    raise ModelError(
                        f"state {state.name!r}: {player} must play one of "
                        f"{', '.join(self.actions[player])}, not {state.play.get(player)!r}"
                    )
            if state.timed and state.then not in self.states:
                raise ModelError(
                    f"timed state {state.name!r} needs 'then', one of {list(self.states)}"
                )
            for profile in self.profiles():
                self.outcomes(state.name, profile)

    def profiles(self) -> list[tuple[str, ...]]:
        """Every action profile, in player order."""
        result: list[tuple[str, ...]] = [()]
        for player in self.players:
            result = [(*prof, a) for prof in result for a in self.actions[player]]
        return result

    def outcomes(self, state: str, profile: tuple[str, ...]) -> list[Outcome]:
        """What can happen in ``state`` when ``profile`` is played (checked)."""
        key = (state, tuple(profile))
        if key not in self._checked:
            self._checked[key] = self._check_outcomes(state, tuple(profile))
        return list(self._checked[key])

    def _check_outcomes(self, state: str, profile: tuple[str, ...]) -> list[Outcome]:
        result = list(self._outcomes(state, profile))
        if not result:
            raise ModelError(f"no outcome in state {state!r} for profile {profile}")
        for o in result:
            if o.next not in self.states:
                raise ModelError(f"state {state!r}: unknown next state {o.next!r}")
            if len(o.payoffs) != len(self.players):
                raise ModelError(
                    f"state {state!r}: {len(o.payoffs)} payoffs for {len(self.players)} players"
                )
        total = sum(sp.sympify(o.probability) for o in result) - 1
        if _nonzero(total):
            raise ModelError(
                f"state {state!r}, profile {profile}: probabilities sum to {total + 1}, not 1"
            )
        return result

    def prescribed(self, state: str) -> tuple[str, ...]:
        """The profile the automaton prescribes in ``state``."""
        return tuple(self.states[state].play[p] for p in self.players)

    def values(self) -> dict[str, tuple[sp.Expr, ...]]:
        """Each state's value for each player (exact, symbolic), from ``V = u + δ P V``."""
        return dict(self._values)

    def constraints(self) -> list[Constraint]:
        """Every one-shot-deviation constraint whose slack is not identically zero."""
        return list(self._constraints)

    @cached_property
    def parameters(self) -> tuple[str, ...]:
        """Names of every parameter in the values and constraints, sorted."""
        names: set[str] = {str(self.delta)}
        if self._field is not None:  # read off the polynomials: no need to tidy the values
            back = {hold: power for power, hold in self._powers.items()}
            for vals in self._field_values.values():
                for f in vals:
                    for part in (f.numer, f.denom):
                        used = {g for g, k in zip(part.ring.gens, degrees(part), strict=True)
                                if k > 0}
                        for g in used:
                            names |= {s.name for s in g.as_expr().xreplace(back).free_symbols}
        else:
            for vals in self._values.values():
                for v in vals:
                    names |= {s.name for s in sp.sympify(v).free_symbols}
        for c in self._constraints:
            names |= {s.name for s in c.slack.free_symbols}
        return tuple(sorted(names - set(self.fixed)))

    def check(self, values: Mapping[str, Any], tolerance: float = 1e-12) -> Certificate:
        """Evaluate every constraint at ``values`` (all parameters needed).

        Exact inputs give exact slacks; any float gives float slacks compared with
        ``tolerance``.
        """
        given = validate(values, allowed=self.parameters)
        missing = sorted(set(self.parameters) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        given = {**given, **self.fixed}
        return Certificate([(c, evaluate(c.slack, given)) for c in self._constraints], tolerance)

    def is_subgame_perfect(self, **values: Any) -> Certificate:
        """Check every one-shot deviation at ``values``; truthy when none pays.

        The returned :class:`Certificate` names the binding constraint.
        """
        return self.check(values)
