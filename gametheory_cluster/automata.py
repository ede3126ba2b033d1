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
>>> for c in game.constraints():
...     print(c)
bank in honest: Lend over Refuse: -I + R >= 0
sme in honest after Lend: Repay over Default: (-R + Y*delta - delta*w)/(1 - delta) >= 0
bank in punished: Refuse over Lend: I >= 0
sme in punished after Lend: Default over Repay: R >= 0
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import networkx as nx
import sympy as sp
from sympy.polys.polyutils import decompose_power

from . import notation
from .algebra import evaluate, floats, forms, gauss_jordan, plain, tidy
from .algebra.forms import cancel, rational_field, tidy_fraction
from .algebra.signs import plain_rational
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
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.description:
            text = describe_constraint(self.player, self.state, self.action, self.deviation,
                                       self.node)
            object.__setattr__(self, "description", text)

    def __str__(self) -> str:
        where = f"{self.player} in {self.state}" + (f" after {self.node}" if self.node else "")
        return f"{where}: {self.action} over {self.deviation}: {sp.sstr(self.slack)} >= 0"

    @property
    def label(self) -> str:
        """The machine key: ``player@state[/node]:action>deviation``.

        :attr:`description` says the same in words ("the SME, trusted and given a
        loan, prefers repaying to defaulting").
        """
        node = f"/{self.node}" if self.node else ""
        return f"{self.player}@{self.state}{node}:{self.action}>{self.deviation}"

    def fails(self) -> str:
        """The constraint failing, in words: "the SME, …, never prefers repaying to defaulting"."""
        return self.description.replace(" prefers ", " never prefers ", 1)


#: How the players, states and actions of the package's automata read in a sentence.
#: A name not listed reads as itself ("the partner", "in state k:open", "monitoring").
PLAYER_WORDS: dict[str, str] = {"sme": "the SME", "bank": "the bank"}
#: A state as the standing of the player whose history it tracks (the last player).
STATE_WORDS: dict[str, str] = {
    "honest": "trusted",
    "trusted": "trusted",
    "deal": "trusted",
    "honest_out": "trusted again outside the cluster",
    "young": "new to the bank",
    "proven": "proven",
    "punished": "punished after a default",
    "shunned": "shunned after cheating",
    "lag": "defaulting unseen",
    "lag_out": "defaulting unseen outside the cluster",
    "ended": "out of the relationship",
    "employed": "employed",
    "unemployed": "unemployed",
    "rehired": "rehired after cheating",
    "cheater": "known to have cheated",
}
#: An action as a gerund ("prefers repaying to defaulting").
ACTION_WORDS: dict[str, str] = {
    "Safe": "the safe project",
    "Risky": "the risky project",
    "Outside": "the outside option",
    "Honour": "honouring the deal",
    "Honest": "staying honest",
    "C": "cooperating",
    "D": "defecting",
}
#: The first mover's action, as the second mover's situation ("given a loan").
NODE_WORDS: dict[str, str] = {
    "Lend": "given a loan",
    "Refuse": "refused a loan",
    "Trust": "trusted with a deal",
    "Shun": "shunned",
}


def _player_words(player: str) -> str:
    return PLAYER_WORDS.get(player, f"the {player}")


def _gerund(action: str) -> str:
    """``Repay`` → ``repaying``, ``Refuse`` → ``refusing``, ``Shun`` → ``shunning``."""
    if action in ACTION_WORDS:
        return ACTION_WORDS[action]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", action).replace("_", " ").lower().split()
    if not words or not words[0].isalpha():
        return f"playing {action}"
    verb = words[0]
    if verb.endswith("ie"):
        verb = verb[:-2] + "y"
    elif verb.endswith("e") and not verb.endswith(("ee", "oe", "ye")) and len(verb) > 2:
        verb = verb[:-1]
    elif (len(re.findall(r"[aeiou]+", verb)) == 1
          and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", verb)):
        verb += verb[-1]
    return " ".join([verb + "ing", *words[1:]])


def describe_constraint(
    player: str,
    state: str,
    action: str,
    deviation: str,
    node: str | None = None,
    players: Sequence[str] = (),
) -> str:
    """A one-shot deviation constraint in words, from the automaton's structure.

    ``players`` (in order) tells whose standing a state describes (the last
    player's) and who moves first (the first player's action is the ``node``).

    Examples
    --------
    >>> describe_constraint("sme", "honest", "Repay", "Default", "Lend", ("bank", "sme"))
    'the SME, trusted and given a loan, prefers repaying to defaulting'
    >>> describe_constraint("bank", "punished", "Refuse", "Lend", None, ("bank", "sme"))
    'the bank, with the SME punished after a default, prefers refusing to lending'
    """
    tracked = players[-1] if players else player
    standing = STATE_WORDS.get(state)
    if standing is None:
        context = [f"in state {state}"]
    elif player == tracked:
        context = [standing]
    else:
        context = [f"with {_player_words(tracked)} {standing}"]
    if node is not None:
        first = _player_words(players[0]) if players else "the first mover"
        context.append(NODE_WORDS.get(node, f"after {first} plays {node}"))
    return (f"{_player_words(player)}, {' and '.join(context)}, "
            f"prefers {_gerund(action)} to {_gerund(deviation)}")


class _LazyConstraint(Constraint):
    """A :class:`Constraint` whose ``conform`` and ``deviate`` are tidied when first read.

    Only the slack is needed to solve; the two sides are for reading (propositions).
    """

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in ("conform", "deviate") and callable(value) and not isinstance(value, sp.Basic):
            value = value()
            object.__setattr__(self, name, value)
        return value

    def __repr__(self) -> str:
        return Constraint.__repr__(self).replace("_LazyConstraint(", "Constraint(", 1)


@dataclass
class Certificate:
    """The numeric check of every constraint at one parameter point.

    ``slacks`` pairs each constraint with its value there; ``holds`` is true when
    every slack is >= 0; ``binding`` is the constraint with the smallest slack.
    ``notion`` names what holding means (``"subgame perfect"``; a model with private
    or public signals says ``"sequential equilibrium"`` or ``"perfect public"``).
    """

    slacks: list[tuple[Constraint, Value]]
    tolerance: float = 0.0
    notion: str = "subgame perfect"

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

    def _verdict(self) -> str:
        if self.holds:
            return "holds"
        return "fails at " + ", ".join(c.label for c in self.violated)

    def __str__(self) -> str:
        """The verdict, then every constraint in words with its slack (✓ holds, ✗ fails)."""
        rows = [
            f"  {'✓' if _nonnegative(v, self.tolerance) else '✗'} {c.description}: "
            f"slack {notation.number(v)}  [{c.label}]"
            for c, v in self.slacks
        ]
        return "\n".join([f"{self.notion}: {self._verdict()}", *rows])

    def __repr__(self) -> str:
        """One line: the verdict and the binding constraint with its slack."""
        binding = min(self.slacks, key=lambda cv: float(cv[1])) if self.slacks else None
        tail = (f"; binding {binding[0].label}, slack {notation.number(binding[1])}"
                if binding else "")
        n = len(self.slacks)
        verdict = "holds" if self.holds else f"fails ({len(self.violated)} of {n} violated)"
        return f"Certificate({self.notion}: {verdict}{tail}; {n} constraints)"

    def _repr_html_(self) -> str:
        rows = [
            ("✓" if _nonnegative(v, self.tolerance) else "✗", c.description, c.label,
             notation.value(v) if isinstance(v, float) else notation.text(v),
             notation.decimal(v) or "")
            for c, v in self.slacks
        ]
        return notation.html_table(
            ("", "constraint", "key", "slack", "≈"), rows, f"{self.notion}: {self._verdict()}"
        )

    def to_frame(self) -> Any:
        """One row per constraint: key, description, slack (float), exact slack, holds.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> check = gc.RepeatedLending().is_honest(I=100, Y=150, R=110, w=0, delta=0.7)
        >>> check.to_frame().dtypes["slack"], check.to_frame()["holds"].tolist()
        (dtype('float64'), [True, False, True, True])
        """
        import pandas as pd

        binding = self.binding
        return pd.DataFrame(
            {
                "key": [c.label for c, _ in self.slacks],
                "description": [c.description for c, _ in self.slacks],
                "slack": floats([v for _, v in self.slacks]),
                "slack_exact": [None if isinstance(v, float) else sp.sstr(v)
                                for _, v in self.slacks],
                "holds": [bool(_nonnegative(v, self.tolerance)) for _, v in self.slacks],
                "binding": [c is binding for c, _ in self.slacks],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data: verdict, binding constraint and every slack (numbers, exact beside)."""
        binding = self.binding
        return plain(
            {
                "holds": self.holds,
                "notion": self.notion,
                "binding": binding.label if binding else None,
                "binding_description": binding.description if binding else None,
                "slacks": {c.label: v for c, v in self.slacks},
                "constraints": [
                    {"key": c.label, "description": c.description, "slack": v,
                     "holds": bool(_nonnegative(v, self.tolerance))}
                    for c, v in self.slacks
                ],
            }
        )



def _degrees(f: Any) -> list[int]:
    """The degree of a ring element in each generator (0 for the zero polynomial)."""
    return [max(f.degree(i), 0) if f else 0 for i in range(f.ring.ngens)]


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
        if self._field is not None and not self._inverse_powers:
            return {
                name: tuple(self._tidy(v) for v in vals)
                for name, vals in self._field_values.items()
            }
        solved: dict[str, tuple[sp.Expr, ...]] = {}
        for members in self._blocks(self._system):
            solved.update(self._solve_block(members, solved))
        return solved

    def _blocks(self, system: Mapping[str, tuple[Any, Mapping[str, Any]]]) -> list[list[str]]:
        """The strongly connected groups of states, each after the ones it leads to."""
        graph = nx.DiGraph()
        graph.add_nodes_from(self.states)
        for name, (_, weights) in system.items():
            graph.add_edges_from((name, nxt) for nxt, wgt in weights.items() if wgt != 0)
        condensed = nx.condensation(graph)
        return [
            sorted(condensed.nodes[component]["members"])
            for component in reversed(list(nx.topological_sort(condensed)))
        ]

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

    # ------------------------------------- the same, on numerator/denominator polynomials
    # When every payoff, probability and duration is a rational function of the symbols,
    # values and constraints are built in sympy's field of rational functions (always
    # cancelled, no expression-level simplification) and tidied once, at the end: the
    # same answers as the expression path above, several times faster.
    @cached_property
    def _field(self) -> Any:
        """The field of rational functions holding the game's numbers, or None.

        A power with a symbolic exponent (``delta**T``) is one more generator, as
        sympy's ``cancel`` treats it.
        """
        exprs: list[Any] = [self.delta]
        for name, st in self.states.items():
            outs = self.outcomes(name, self.prescribed(name))
            if st.timed and not _whole(st.duration):
                stay = sum((sp.sympify(o.probability) for o in outs if o.next == name), sp.S.Zero)
                exprs.append((self.delta * stay) ** sp.sympify(st.duration))
            for profile in self.profiles():
                for o in self.outcomes(name, profile):
                    exprs += [*o.payoffs, o.probability]
        self._powers: dict[sp.Expr, sp.Dummy] = {}
        self._inverse_powers = False
        prepared = [self._opaque(e) for e in exprs]
        if prepared and any(e is None for e in prepared):
            return None
        return rational_field(prepared)

    def _opaque(self, expr: Any) -> sp.Expr | None:
        """``expr`` with each power ``b**(k*T)`` written ``g**k`` for a generator ``g = b**T``.

        None when a power cannot be one generator's. A negative power of a symbol
        in the expansion (``delta**(L - 1) = delta**L / delta``) is noted in
        ``_inverse_powers``: sympy's ``cancel`` treats ``1/delta`` as a generator of
        its own there, so the values are then tidied from expressions (see
        :meth:`_later`).
        """
        expr = sp.sympify(expr)
        if not any(not p.exp.is_Integer for p in expr.atoms(sp.Pow)):
            return expr
        expanded = sp.expand(expr)
        replace = {}
        for p in expanded.atoms(sp.Pow):
            if p.exp.is_Integer:
                if p.exp < 0:  # delta**(L - 1) = delta**L / delta: cancel writes 1/delta apart
                    self._inverse_powers = True
                continue
            base, k = decompose_power(p)
            if k < 0 or not isinstance(base, sp.Pow) or not base.base.is_Symbol:
                return None
            if base.exp.could_extract_minus_sign() or base.exp.is_Add:
                return None
            hold = self._powers.setdefault(base, sp.Dummy(f"power{len(self._powers)}"))
            replace[p] = hold**k
        return expanded.xreplace(replace)

    def _later(self, f: Any, state: str, profile: tuple[str, ...], player: int
               ) -> Callable[[], sp.Expr]:
        """The tidy form of ``f`` (``_q(state, profile, player)``), computed when first read.

        With ``delta**(L - 1)`` in the game (``_inverse_powers``) sympy's ``cancel``
        keeps ``1/delta`` apart and writes some values differently (equal, not the
        same text): they are then tidied from the expressions, as always. The
        slack's form is the same either way (the tests compare them).
        """
        memo: list[sp.Expr] = []

        def tidied() -> sp.Expr:
            if not memo:
                if self._inverse_powers:
                    memo.append(tidy(self._q(state, profile, player)))
                else:
                    memo.append(self._tidy(f))
            return memo[0]

        return tidied

    def _tidy(self, f: Any) -> sp.Expr:
        """A field element as :func:`~gametheory_cluster.algebra.tidy` writes it."""
        back = {hold: power for power, hold in self._powers.items()}
        return tidy_fraction(f, back)

    def _in_field(self, expr: Any) -> Any:
        expr = sp.sympify(expr)
        cache = self.__dict__.setdefault("_field_cache", {})
        if expr not in cache:
            cache[expr] = self._field.from_expr(self._opaque(expr))
        return cache[expr]

    def _field_transition(self, state: str) -> tuple[list[Any], dict[str, Any]]:
        """:meth:`_transition` in the field."""
        st = self.states[state]
        outs = self.outcomes(state, self.prescribed(state))
        d, zero = self._in_field(self.delta), self._field.zero
        weights: dict[str, Any] = {}
        flow = [
            sum((self._in_field(o.probability) * self._in_field(o.payoffs[i]) for o in outs), zero)
            for i in range(len(self.players))
        ]
        if not st.timed:
            for o in outs:
                weights[o.next] = weights.get(o.next, zero) + d * self._in_field(o.probability)
            return flow, weights
        stay = sum((self._in_field(o.probability) for o in outs if o.next == state), zero)
        if _whole(st.duration):
            decay = (d * stay) ** int(sp.sympify(st.duration))
        else:
            expr_stay = sum(
                (sp.sympify(o.probability) for o in outs if o.next == state), sp.S.Zero
            )
            decay = self._in_field((self.delta * expr_stay) ** sp.sympify(st.duration))
        geometric = (1 - decay) / (1 - d * stay)
        for o in outs:
            if o.next != state:
                weights[o.next] = (
                    weights.get(o.next, zero) + geometric * d * self._in_field(o.probability)
                )
        weights[st.then] = weights.get(st.then, zero) + decay
        return [geometric * u for u in flow], weights

    @cached_property
    def _field_system(self) -> dict[str, tuple[list[Any], dict[str, Any]]]:
        return {name: self._field_transition(name) for name in self.states}

    @cached_property
    def _field_values(self) -> dict[str, tuple[Any, ...]]:
        solved: dict[str, tuple[Any, ...]] = {}
        k, one, zero = len(self.players), self._field.one, self._field.zero
        for members in self._blocks(self._field_system):
            n, index = len(members), {m: j for j, m in enumerate(members)}
            rows = [[one if r == c else zero for c in range(n)] + [zero] * k for r in range(n)]
            for row, name in enumerate(members):
                flow, weights = self._field_system[name]
                for i in range(k):
                    rows[row][n + i] = flow[i]
                for nxt, wgt in weights.items():
                    if wgt == 0:
                        continue
                    if nxt in index:
                        rows[row][index[nxt]] -= wgt
                    else:
                        for i in range(k):
                            rows[row][n + i] += wgt * solved[nxt][i]
            solution = gauss_jordan(rows, n)  # I - delta P is nonsingular
            solved.update({name: tuple(solution[j]) for j, name in enumerate(members)})
        return solved

    def _field_q(self, state: str, profile: tuple[str, ...], player: int) -> Any:
        """:meth:`_q` in the field."""
        outs = self.outcomes(state, profile)
        zero = self._field.zero
        stage = sum(
            (self._in_field(o.probability) * self._in_field(o.payoffs[player]) for o in outs), zero
        )
        if self.states[state].timed:
            return stage
        values = self._field_values
        return stage + self._in_field(self.delta) * sum(
            (self._in_field(o.probability) * values[o.next][player] for o in outs), zero
        )

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
            return {k: v for k, v in dist.items() if _nonzero(v)}

        la, lb = law(a), law(b)
        return la.keys() == lb.keys() and not any(_nonzero(la[k] - lb[k]) for k in la)

    def _nodes(self, state: str, player: int) -> list[tuple[str | None, tuple[str, ...]]]:
        """Decision nodes of ``player`` in ``state``: (first mover's action, profile)."""
        base = self.prescribed(state)
        if self.timing == "sequential" and player == 1:
            return [(lead, (lead, *base[1:])) for lead in self.actions[self.players[0]]]
        return [(None, base)]

    @cached_property
    def _on_path_states(self) -> set[str]:
        reached, frontier = {self.initial}, [self.initial]
        field = self._field is not None
        while frontier:
            name = frontier.pop()
            _, weights = (self._field_system if field else self._system)[name]
            for nxt, wgt in weights.items():
                if nxt not in reached and (wgt != 0 if field else _nonzero(wgt)):
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
                    conform, q = None, None
                    for alt in self.actions[player]:
                        if alt == profile[i]:
                            continue
                        deviated = (*profile[:i], alt, *profile[i + 1:])
                        if st.timed and not self._same_transitions(name, profile, deviated):
                            raise ModelError(
                                f"timed state {name!r} must not react to actions, but "
                                f"{profile} and {deviated} lead to different states"
                            )
                        if self._field is not None:  # tidy once, at the end
                            q = self._field_q(name, profile, i) if q is None else q
                            other = self._field_q(name, deviated, i)
                            if q == other:
                                continue
                            # conform and deviate are for reading: tidied when first read
                            if conform is None:
                                conform = self._later(q, name, profile, i)
                            deviate = self._later(other, name, deviated, i)
                            slack = self._tidy(q - other)
                        else:
                            if conform is None:
                                conform = tidy(self._q(name, profile, i))
                            deviate = tidy(self._q(name, deviated, i))
                            slack = tidy(conform - deviate)
                            if slack == 0:
                                continue
                        on_path = name in self._on_path_states and (
                            node is None or node == self.prescribed(name)[0]
                        )
                        kind = _LazyConstraint if self._field is not None else Constraint
                        found.append(
                            kind(
                                name,
                                player,
                                profile[i],
                                alt,
                                slack,
                                node,
                                on_path,
                                conform,
                                deviate,
                                describe_constraint(
                                    player, name, profile[i], alt, node, self.players
                                ),
                            )
                        )
        return found

    @cached_property
    def parameters(self) -> tuple[str, ...]:
        """Names of every parameter in the values and constraints, sorted."""
        names: set[str] = {str(self.delta)}
        if self._field is not None:  # read off the polynomials: no need to tidy the values
            back = {hold: power for power, hold in self._powers.items()}
            for vals in self._field_values.values():
                for f in vals:
                    for part in (f.numer, f.denom):
                        used = {g for g, k in zip(part.ring.gens, _degrees(part), strict=True)
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
