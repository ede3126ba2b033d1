r"""Repeated games whose strategies are automata: values and one-shot-deviation constraints.

Definitions
-----------
A *repeated game with an automaton* has players :math:`i = 1, \dots, n`, action sets
:math:`A_i`, a finite set of states :math:`S` with an initial state, and in every
state :math:`s` a prescribed action profile :math:`a^*(s)`. For every state and action
profile :math:`a`, *outcomes* list what can happen (nature's draws): a probability,
the period payoffs :math:`u(s, a)` and the next state. With discount factor
:math:`\delta`, the players' values solve

.. math:: V(s) = \mathbb{E}\,[\,u(s, a^*(s)) + \delta\, V(s')\,]

— a linear system, solved here exactly (sympy, by strongly connected components)
or numerically. A *timed phase* is a state that lasts ``duration`` periods (a
number or a symbol such as ``T``) and then moves to ``then``; its transitions may
not react to actions, so its one-shot deviations compare period payoffs only.

By the one-shot deviation principle the profile is a subgame-perfect equilibrium
iff no player gains from deviating once, in any state, and conforming afterwards.
:meth:`RepeatedGame.constraints` derives every such inequality as a *slack*
:math:`Q_i(s, a^*) - Q_i(s, a_i', a^*_{-i}) \ge 0`. With ``timing="sequential"``
the first player moves first and the second player's constraints are checked at
the node after **every** first-player action (subgame perfection of the stage
game's tree), not only on the path.

Examples
--------
Grim trigger in the bank–SME lending game (bank moves first):

>>> import sympy as sp
>>> from gametheory_cluster.automata import Outcome, RepeatedGame, State
>>> from gametheory_cluster.parameters import symbols
>>> I, Y, R, w = symbols("I Y R w")
>>> stage = {("Lend", "Repay"): (R - I, Y - R), ("Lend", "Default"): (-I, Y),
...          ("Refuse", "Repay"): (0, w), ("Refuse", "Default"): (0, w)}
>>> def outcomes(state, profile):
...     default = state == "punished" or profile == ("Lend", "Default")
...     return [Outcome(stage[profile], "punished" if default else "honest")]
>>> game = RepeatedGame(
...     players=("bank", "sme"),
...     actions={"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")},
...     states=[State("honest", {"bank": "Lend", "sme": "Repay"}),
...             State("punished", {"bank": "Refuse", "sme": "Default"})],
...     outcomes=outcomes, timing="sequential")
>>> game.values()["honest"]
((-I + R)/(1 - delta), (-R + Y)/(1 - delta))
>>> [str(c) for c in game.constraints()]
['bank in honest: Lend over Refuse: -I + R >= 0', 'sme in honest after Lend: Repay over Default: (-R + Y*delta - delta*w)/(1 - delta) >= 0', 'bank in punished: Refuse over Lend: I >= 0', 'sme in punished after Lend: Default over Repay: R >= 0']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import sympy as sp

from .algebra import evaluate, tidy
from .errors import MissingParameterError, ModelError
from .parameters import Value, symbol, validate

__all__ = ["Certificate", "Constraint", "Outcome", "RepeatedGame", "State"]

Expr = Any  # a sympy expression or a number


@dataclass(frozen=True)
class Outcome:
    """One thing that can happen in a period: payoffs (one per player), next state, probability."""

    payoffs: tuple[Expr, ...]
    next: str
    probability: Expr = 1


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

    @property
    def timed(self) -> bool:
        """Whether the state is a timed phase."""
        return self.duration is not None


@dataclass(frozen=True)
class Constraint:
    """A one-shot-deviation incentive constraint: ``slack >= 0``.

    ``slack = conform - deviate``: the player's payoff from the prescribed action
    (now, and conforming afterwards) minus its payoff from deviating once. ``node``
    is the first mover's action at which the second mover deviates (sequential
    timing), ``on_path`` whether the node is reached on the equilibrium path from
    the initial state.
    """

    state: str
    player: str
    action: str
    deviation: str
    slack: sp.Expr
    node: str | None = None
    on_path: bool = True
    conform: sp.Expr | None = None
    deviate: sp.Expr | None = None

    def __str__(self) -> str:
        where = f"{self.player} in {self.state}" + (f" after {self.node}" if self.node else "")
        return f"{where}: {self.action} over {self.deviation}: {sp.sstr(self.slack)} >= 0"

    @property
    def label(self) -> str:
        """A short name: ``player@state[/node]:action>deviation``."""
        node = f"/{self.node}" if self.node else ""
        return f"{self.player}@{self.state}{node}:{self.action}>{self.deviation}"


@dataclass
class Certificate:
    """The numeric check of every constraint at one parameter point.

    ``slacks`` pairs each constraint with its value there; ``holds`` is true when
    every slack is >= 0; ``binding`` is the constraint with the smallest slack.
    """

    slacks: list[tuple[Constraint, Value]]
    tolerance: float = 0.0

    @property
    def holds(self) -> bool:
        """Whether no one-shot deviation is profitable."""
        return all(_nonnegative(v, self.tolerance) for _, v in self.slacks)

    @property
    def binding(self) -> Constraint | None:
        """The constraint with the smallest slack (None if there are none)."""
        return min(self.slacks, key=lambda cv: float(cv[1]))[0] if self.slacks else None

    @property
    def violated(self) -> list[Constraint]:
        """The constraints with negative slack."""
        return [c for c, v in self.slacks if not _nonnegative(v, self.tolerance)]

    def __bool__(self) -> bool:
        return self.holds

    def __str__(self) -> str:
        rows = [f"  {c.label}: slack {v}" for c, v in self.slacks]
        verdict = "holds" if self.holds else f"fails at {', '.join(c.label for c in self.violated)}"
        return "\n".join([f"subgame perfect: {verdict}", *rows])

    def to_dict(self) -> dict[str, Any]:
        """Plain data: verdict, binding constraint and every slack."""
        binding = self.binding
        return {
            "holds": self.holds,
            "binding": binding.label if binding else None,
            "slacks": {c.label: _plain(v) for c, v in self.slacks},
        }


def _plain(value: Value) -> Any:
    return value if isinstance(value, float) else str(value)


def _nonnegative(value: Value, tolerance: float) -> bool:
    if isinstance(value, float):
        return value >= -tolerance
    return bool(value >= 0)


class RepeatedGame:
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
    """

    def __init__(
        self,
        players: Sequence[str],
        actions: Mapping[str, Sequence[str]],
        states: Sequence[State],
        outcomes: Callable[[str, tuple[str, ...]], Sequence[Outcome]],
        delta: sp.Expr | None = None,
        timing: str = "simultaneous",
    ) -> None:
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
        total = sp.simplify(sum(sp.sympify(o.probability) for o in result) - 1)
        if total != 0:
            raise ModelError(
                f"state {state!r}, profile {profile}: probabilities sum to {total + 1}, not 1"
            )
        return result

    def prescribed(self, state: str) -> tuple[str, ...]:
        """The profile the automaton prescribes in ``state``."""
        return tuple(self.states[state].play[p] for p in self.players)

    # ------------------------------------------------------------------ values
    def _transition(self, state: str) -> tuple[list[sp.Expr], dict[str, sp.Expr]]:
        """Effective period payoffs and next-state weights (discount included)."""
        st = self.states[state]
        outs = self.outcomes(state, self.prescribed(state))
        d = self.delta
        weights: dict[str, sp.Expr] = {}
        flow = [
            sum(sp.sympify(o.probability) * sp.sympify(o.payoffs[i]) for o in outs)
            for i in range(len(self.players))
        ]
        if not st.timed:
            for o in outs:
                weights[o.next] = weights.get(o.next, 0) + d * sp.sympify(o.probability)
            return flow, weights
        stay = sum((sp.sympify(o.probability) for o in outs if o.next == state), sp.Integer(0))
        decay = (d * stay) ** sp.sympify(st.duration)
        geometric = sp.cancel((1 - decay) / (1 - d * stay))
        for o in outs:
            if o.next != state:
                weights[o.next] = weights.get(o.next, 0) + geometric * d * sp.sympify(o.probability)
        weights[st.then] = weights.get(st.then, 0) + decay
        return [geometric * u for u in flow], weights

    @cached_property
    def _system(self) -> dict[str, tuple[list[sp.Expr], dict[str, sp.Expr]]]:
        return {name: self._transition(name) for name in self.states}

    def values(self) -> dict[str, tuple[sp.Expr, ...]]:
        """Each state's value for each player (exact, symbolic), from ``V = u + δ P V``."""
        return dict(self._values)

    @cached_property
    def _values(self) -> dict[str, tuple[sp.Expr, ...]]:
        graph = nx.DiGraph()
        graph.add_nodes_from(self.states)
        for name, (_, weights) in self._system.items():
            graph.add_edges_from((name, nxt) for nxt, wgt in weights.items() if wgt != 0)
        condensed = nx.condensation(graph)
        solved: dict[str, tuple[sp.Expr, ...]] = {}
        for component in reversed(list(nx.topological_sort(condensed))):
            members = sorted(condensed.nodes[component]["members"])
            solved.update(self._solve_block(members, solved))
        return solved

    def _solve_block(
        self, members: list[str], known: Mapping[str, tuple[sp.Expr, ...]]
    ) -> dict[str, tuple[sp.Expr, ...]]:
        n, k = len(members), len(self.players)
        index = {m: j for j, m in enumerate(members)}
        matrix = sp.eye(n)
        rhs = sp.zeros(n, k)
        for row, name in enumerate(members):
            flow, weights = self._system[name]
            for i in range(k):
                rhs[row, i] = flow[i]
            for nxt, wgt in weights.items():
                if wgt == 0:
                    continue
                if nxt in index:
                    matrix[row, index[nxt]] -= wgt
                else:
                    for i in range(k):
                        rhs[row, i] += wgt * known[nxt][i]
        solution = matrix.LUsolve(rhs)
        return {
            name: tuple(tidy(solution[row, i]) for i in range(k))
            for row, name in enumerate(members)
        }

    # ------------------------------------------------------------- constraints
    def _q(self, state: str, profile: tuple[str, ...], player: int) -> sp.Expr:
        """Expected payoff of ``player`` from ``profile`` now and conforming afterwards."""
        outs = self.outcomes(state, profile)
        stage = sum(sp.sympify(o.probability) * sp.sympify(o.payoffs[player]) for o in outs)
        if self.states[state].timed:
            return stage  # continuation does not depend on the actions (checked below)
        values = self._values
        return stage + self.delta * sum(
            sp.sympify(o.probability) * values[o.next][player] for o in outs
        )

    def _same_transitions(self, state: str, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        def law(profile: tuple[str, ...]) -> dict[str, sp.Expr]:
            dist: dict[str, sp.Expr] = {}
            for o in self.outcomes(state, profile):
                dist[o.next] = dist.get(o.next, 0) + sp.sympify(o.probability)
            return {k: v for k, v in dist.items() if sp.simplify(v) != 0}

        la, lb = law(a), law(b)
        return la.keys() == lb.keys() and all(sp.simplify(la[k] - lb[k]) == 0 for k in la)

    def _nodes(self, state: str, player: int) -> list[tuple[str | None, tuple[str, ...]]]:
        """Decision nodes of ``player`` in ``state``: (first mover's action, profile)."""
        base = self.prescribed(state)
        if self.timing == "sequential" and player == 1:
            return [(lead, (lead, *base[1:])) for lead in self.actions[self.players[0]]]
        return [(None, base)]

    @cached_property
    def _on_path_states(self) -> set[str]:
        reached, frontier = {self.initial}, [self.initial]
        while frontier:
            name = frontier.pop()
            _, weights = self._system[name]
            for nxt, wgt in weights.items():
                if sp.simplify(wgt) != 0 and nxt not in reached:
                    reached.add(nxt)
                    frontier.append(nxt)
        return reached

    def constraints(self) -> list[Constraint]:
        """Every one-shot-deviation constraint whose slack is not identically zero."""
        return list(self._constraints)

    @cached_property
    def _constraints(self) -> list[Constraint]:
        found: list[Constraint] = []
        for name, st in self.states.items():
            checked = st.observed_by if st.observed_by is not None else self.players
            for i, player in enumerate(self.players):
                if player not in checked:
                    continue
                for node, profile in self._nodes(name, i):
                    conform = tidy(self._q(name, profile, i))
                    for alt in self.actions[player]:
                        if alt == profile[i]:
                            continue
                        deviated = (*profile[:i], alt, *profile[i + 1:])
                        if st.timed and not self._same_transitions(name, profile, deviated):
                            raise ModelError(
                                f"timed state {name!r} must not react to actions, but "
                                f"{profile} and {deviated} lead to different states"
                            )
                        deviate = tidy(self._q(name, deviated, i))
                        slack = tidy(conform - deviate)
                        if slack == 0:
                            continue
                        on_path = name in self._on_path_states and (
                            node is None or node == self.prescribed(name)[0]
                        )
                        found.append(
                            Constraint(
                                name,
                                player,
                                profile[i],
                                alt,
                                slack,
                                node,
                                on_path,
                                conform,
                                deviate,
                            )
                        )
        return found

    @cached_property
    def parameters(self) -> tuple[str, ...]:
        """Names of every parameter in the values and constraints, sorted."""
        names: set[str] = {str(self.delta)}
        for vals in self._values.values():
            for v in vals:
                names |= {s.name for s in sp.sympify(v).free_symbols}
        for c in self._constraints:
            names |= {s.name for s in c.slack.free_symbols}
        return tuple(sorted(names))

    def check(self, values: Mapping[str, Any], tolerance: float = 1e-12) -> Certificate:
        """Evaluate every constraint at ``values`` (all parameters needed).

        Exact inputs give exact slacks; any float gives float slacks compared with
        ``tolerance``.
        """
        given = validate(values, allowed=self.parameters)
        missing = sorted(set(self.parameters) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        return Certificate([(c, evaluate(c.slack, given)) for c in self._constraints], tolerance)

    def is_subgame_perfect(self, **values: Any) -> Certificate:
        """Check every one-shot deviation at ``values``; truthy when none pays.

        The returned :class:`Certificate` names the binding constraint.
        """
        return self.check(values)
