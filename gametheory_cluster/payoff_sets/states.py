r"""Games with states, the lending game's cluster states, and a game reduced to numbers.

A *game with states* (:class:`GameWithStates`, a stochastic game in the sense of
Shapley 1953) has two players, finite states :math:`s \in S` and in each state finite
action sets :math:`A_1(s), A_2(s)`; a profile :math:`a` in state :math:`s` gives the
expected period payoffs :math:`u(s, a) \in \mathbb{R}^2` and moves to :math:`s'` with
probability :math:`P(s' \mid s, a)`. A repeated game is the case of one state.

The lending game is one (:func:`lending_game`), read from the automaton of a
:class:`~gametheory_cluster.models.lending.RepeatedLending` model with grim
punishment: an isolated SME has the one state ``"lending"``; in a cluster (exit cost
:math:`C` or cluster rent :math:`s`) a detected default moves the SME to the
absorbing state ``"exited"``, where the bank earns 0 and the SME its outside option
:math:`w`. :func:`honest_payoff` is the normalised payoff
:math:`(1-\delta)\,V(\text{honest})` of honest repayment, from the engine.

Every input the operator accepts — payoff matrices, a stage game, a game with states,
a lending model — is reduced here to one table of numbers (``_Numbers``): floats
for the geometry, exact fractions for the certificate.

See docs/explanation/payoff_sets.md. Reference: L. S. Shapley (1953), "Stochastic
games", PNAS 39(10):1095–1100.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from gmpy2 import mpq

from ..algebra import evaluate, fraction
from ..automata import Outcome
from ..errors import (
    DomainError,
    GameError,
    MissingParameterError,
    ModelError,
    UnknownParameterError,
)
from ..models.lending.repeated import RepeatedLending
from ..parameters import coerce_value, symbol, validate

__all__ = ["AFTER_EXIT", "GameWithStates", "honest_payoff", "lending_game"]


@dataclass(frozen=True)
class GameWithStates:
    """A two-player game whose payoffs and transitions depend on a state (a stochastic game).

    Parameters
    ----------
    players : tuple of two str
        Player names.
    actions : mapping
        ``{state: {player: actions}}``; a state where nobody chooses has one action each.
    outcomes : callable
        ``outcomes(state, profile) -> list[Outcome]``, for every profile of every state
        (:class:`~gametheory_cluster.automata.Outcome`: period payoffs, next state,
        probability — sympy expressions in named parameters, or numbers).
    initial : str, optional
        The state whose set :func:`spe_payoffs` returns (default: the first one).

    Examples
    --------
    >>> from gametheory_cluster.automata import Outcome
    >>> from gametheory_cluster.payoff_sets import spe_payoffs
    >>> g = GameWithStates(("a", "b"), {"only": {"a": ("x",), "b": ("y",)}},
    ...                    lambda s, p: [Outcome((1, 2), "only")])
    >>> spe_payoffs(g, 0.5).vertices.tolist()
    [[1.0, 2.0]]
    """

    players: tuple[str, str]
    actions: Mapping[str, Mapping[str, Sequence[Any]]]
    outcomes: Callable[[str, tuple[Any, Any]], Sequence[Outcome]]
    initial: str | None = None

    def __post_init__(self) -> None:
        if len(self.players) != 2:
            raise GameError(f"payoff sets need exactly two players, not {len(self.players)}")
        if not self.actions:
            raise GameError("a game needs at least one state")
        for state, acts in self.actions.items():
            if set(acts) != set(self.players) or any(not acts[p] for p in self.players):
                raise GameError(
                    f"state {state!r}: give a non-empty list of actions for each of "
                    f"{', '.join(self.players)}"
                )
        if self.initial is not None and self.initial not in self.actions:
            raise GameError(
                f"initial state {self.initial!r} is not one of {', '.join(self.actions)}"
            )

    @property
    def states(self) -> tuple[str, ...]:
        """The state names, the initial one first."""
        first = self.initial or next(iter(self.actions))
        return (first, *(s for s in self.actions if s != first))

    def profiles(self, state: str) -> list[tuple[Any, Any]]:
        """Every action profile of ``state``."""
        acts = self.actions[state]
        return list(itertools.product(acts[self.players[0]], acts[self.players[1]]))

    @cached_property
    def _table(self) -> dict[tuple[str, tuple[Any, Any]], list[Outcome]]:
        table = {}
        for state in self.states:
            for profile in self.profiles(state):
                outs = list(self.outcomes(state, profile))
                if not outs:
                    raise GameError(f"no outcome in state {state!r} for profile {profile}")
                for o in outs:
                    if not isinstance(o, Outcome):
                        raise GameError(f"state {state!r}, profile {profile}: outcomes must be "
                                        f"Outcome(payoffs, next, probability), not {o!r}")
                    if o.next not in self.actions:
                        raise GameError(
                            f"state {state!r}, profile {profile}: unknown next state {o.next!r}; "
                            f"states: {', '.join(self.actions)}"
                        )
                    if len(o.payoffs) != 2:
                        raise GameError(f"state {state!r}, profile {profile}: need 2 payoffs")
                table[state, profile] = outs
        return table

    @cached_property
    def parameters(self) -> tuple[str, ...]:
        """Names of the parameters in payoffs and probabilities, sorted."""
        names: set[str] = set()
        for outs in self._table.values():
            for o in outs:
                for expr in (*o.payoffs, o.probability):
                    names |= {s.name for s in sp.sympify(expr).free_symbols}
        return tuple(sorted(names))


# ---------------------------------------------------------------------------
# The lending game, isolated or in a cluster
# ---------------------------------------------------------------------------

_UNSUPPORTED = ("continuation", "monitoring")

#: What leaving the cluster means (``lending_game(..., after_exit=...)``).
AFTER_EXIT = {
    "no_credit": "exclusion from all credit: no bank ever lends again (the SME earns w)",
    "isolated_market": "exit into the isolated credit market: the SME borrows as an isolated "
    "SME does, without the cluster's exit cost and rent",
}


def lending_game(model: RepeatedLending | None = None, *, after_exit: str = "no_credit"
                 ) -> GameWithStates:
    """The game (with states) behind a :class:`RepeatedLending` model with grim punishment.

    The period payoffs and nature's draws are read from the model's automaton: the
    ``honest`` state's outcomes for every profile are the stage game. An isolated
    SME gives a repeated game (one state, ``"lending"``). With a cluster
    (``exit_cost`` or ``cluster_rent``) a detected default — any detected default,
    including one an equilibrium prescribes — moves the SME to the absorbing state
    ``"exited"``; the bank still sees every default (perfect monitoring), so
    ``detection`` (q) is the chance that the *cluster* learns it.

    ``after_exit`` says what ``exited`` means:

    * ``"no_credit"`` (default): exclusion from all credit. No bank ever lends again;
      the payoffs are those of the automaton's ``punished`` state (the bank earns 0,
      the SME its outside option ``w``), with no choice left.
    * ``"isolated_market"``: exit from the cluster into the isolated credit market.
      The SME and a bank play the isolated stage game for ever (the stage game of
      ``RepeatedLending(recovery=...)``: no exit cost, no rent; a court, if the model
      has one, still recovers), so every payoff an isolated SME can get in
      equilibrium remains open after an exit, and its worst one, refusal, is the
      same punishment as before.

    Both readings give the same δ* for honest repayment (the worst continuation
    is the same); they differ in what else a cluster can sustain.

    Examples
    --------
    >>> g = lending_game(RepeatedLending(exit_cost=True))
    >>> g.states, g.parameters
    (('in_cluster', 'exited'), ('C', 'I', 'R', 'Y', 'w'))
    >>> g.outcomes("in_cluster", ("Lend", "Default"))
    [Outcome(payoffs=(-I, -C + Y), next='exited', probability=1)]
    >>> market = lending_game(RepeatedLending(exit_cost=True), after_exit="isolated_market")
    >>> market.actions["exited"]
    {'bank': ('Lend', 'Refuse'), 'sme': ('Repay', 'Default')}
    >>> market.outcomes("exited", ("Lend", "Default"))
    [Outcome(payoffs=(-I, Y), next='exited', probability=1)]
    """
    model = RepeatedLending() if model is None else model
    if after_exit not in AFTER_EXIT:
        raise ModelError(
            f"after_exit must be one of {', '.join(AFTER_EXIT)}, not {after_exit!r}"
        )
    bad = [k for k in _UNSUPPORTED if model.switches[k]]
    if model.punishment != "grim" or model.lag is not None or bad:
        raise ModelError(
            "payoff sets need perfect monitoring and a game without timed phases: use "
            "RepeatedLending(punishment='grim') with any of exit_cost, cluster_rent, detection, "
            f"recovery; not {model!r}"
        )
    automaton = model.game
    cluster = model.switches["exit_cost"] or model.switches["cluster_rent"]
    home = "in_cluster" if cluster else "lending"
    rename = {"honest": home, "punished": "exited" if cluster else home}
    actions: dict[str, Mapping[str, Sequence[str]]] = {home: automaton.actions}
    exit_play = automaton.prescribed("punished")
    market = after_exit == "isolated_market"
    isolated = RepeatedLending(recovery=model.switches["recovery"]).game if market else None
    if cluster:
        actions["exited"] = (
            automaton.actions if market else {"bank": (exit_play[0],), "sme": ("Outside",)}
        )

    def outcomes(state: str, profile: tuple[Any, Any]) -> list[Outcome]:
        if state == "exited" and isolated is not None:
            return [Outcome(o.payoffs, "exited", o.probability)
                    for o in isolated.outcomes("honest", profile)
                    if sp.sympify(o.probability) != 0]
        source, play = ("punished", exit_play) if state == "exited" else ("honest", profile)
        return [Outcome(o.payoffs, rename[o.next], o.probability)
                for o in automaton.outcomes(source, play) if sp.sympify(o.probability) != 0]

    return GameWithStates(automaton.players, actions, outcomes)  # type: ignore[arg-type]


def honest_payoff(model: RepeatedLending, **values: Any) -> tuple[Any, Any]:
    """The normalised payoff ``(1 − δ)·V(honest)`` of honest repayment, from the engine.

    Examples
    --------
    >>> honest_payoff(RepeatedLending(), I=100, Y=150, R=110, w=0)
    (10, 40)
    """
    delta = symbol("delta")
    given = validate(values, allowed=model.parameters)
    honest = model.game.values()["honest"]
    payoff = tuple(evaluate(sp.cancel((1 - delta) * v), given) for v in honest)
    left = sorted({s.name for v in payoff if isinstance(v, sp.Basic) for s in v.free_symbols})
    if left:
        raise MissingParameterError(f"the honest payoff needs values for: {', '.join(left)}")
    return payoff  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# A game at numbers, from any accepted input
# ---------------------------------------------------------------------------


@dataclass
class _Numbers:
    """A game with states at numbers: floats for the geometry, exact rationals (gmpy2's
    ``mpq``, GMP's fractions) for the proof."""

    players: tuple[str, str]
    states: tuple[Any, ...]
    profiles: list[list[tuple[Any, Any]]]  # per state, row-major over (a1, a2)
    shape: list[tuple[int, int]]
    payoff: list[list[tuple[float, float]]]
    move: list[list[list[tuple[int, float]]]]  # (next state index, probability > 0)
    exact_payoff: list[list[tuple[mpq, mpq]]]
    exact_move: list[list[dict[int, mpq]]]

    @cached_property
    def scale(self) -> float:
        flat = np.array([u for per in self.payoff for u in per], dtype=float)
        spread = float(np.ptp(flat, axis=0).max())
        return spread if spread > 0 else max(1.0, float(np.abs(flat).max()))

    @cached_property
    def reach(self) -> list[set[int]]:
        """The states reachable from each state (itself included)."""
        step = [{t for moves in self.move[s] for t, _ in moves} for s in range(len(self.states))]
        closure = []
        for s in range(len(self.states)):
            seen, todo = {s}, [s]
            while todo:
                for t in step[todo.pop()] - seen:
                    seen.add(t)
                    todo.append(t)
            closure.append(seen)
        return closure

    def deviations(self, s: int, k: int, player: int) -> list[int]:
        """Profile indices where ``player`` deviates from profile ``k`` of state ``s``."""
        n1, n2 = self.shape[s]
        a1, a2 = divmod(k, n2)
        if player == 0:
            return [b * n2 + a2 for b in range(n1) if b != a1]
        return [a1 * n2 + b for b in range(n2) if b != a2]

    @cached_property
    def targets(self) -> list[list[int | None]]:
        """For each state and profile, the next state when it is certain (else None)."""
        return [[moves[0][0] if len(moves) == 1 and moves[0][1] == 1.0 else None
                 for moves in self.move[s]] for s in range(len(self.states))]

    @cached_property
    def deviation_targets(self) -> list[list[tuple[list[tuple[float, int]] | None, ...]]]:
        """Like :attr:`deviation_table` with certain next states: for each next state the
        best deviation payoff that leads there, or None.

        One deviation per next state suffices: the deviation value
        (1 − δ)·payoff + δ·worst is monotone in the payoff, rounding included.
        """
        table = []
        for s in range(len(self.states)):
            per = []
            for k in range(len(self.payoff[s])):
                pairs: list[list[tuple[float, int]] | None] = []
                for i in (0, 1):
                    best: dict[int, float] = {}
                    for d in self.deviations(s, k, i):
                        t = self.targets[s][d]
                        if t is None:
                            pairs.append(None)
                            break
                        best[t] = max(best.get(t, -np.inf), self.payoff[s][d][i])
                    else:
                        pairs.append([(u, t) for t, u in best.items()])
                per.append(tuple(pairs))
            table.append(per)
        return table

    @cached_property
    def deviation_table(self) -> list[list[tuple[list[tuple[float, Any]], ...]]]:
        """For each state, profile and player: (period payoff, transitions) of each deviation."""
        return [[tuple([(self.payoff[s][d][i], self.move[s][d]) for d in self.deviations(s, k, i)]
                       for i in (0, 1)) for k in range(len(self.payoff[s]))]
                for s in range(len(self.states))]


def _fraction(value: Any) -> Fraction:
    """A checked number as a fraction: exact for rationals and floats (an irrational: its float)."""
    return fraction(value) if isinstance(value, (sp.Rational, float)) else Fraction(float(value))


def _number(value: Any, where: str) -> Any:
    """A checked real number (exact sympy number or float)."""
    if isinstance(value, sp.Basic) and value.free_symbols:
        raise MissingParameterError(
            f"{where} still depends on {', '.join(sorted(s.name for s in value.free_symbols))}"
        )
    return coerce_value(value, where)


def _where(state: Any, profile: tuple[Any, Any]) -> str:
    return f"profile {profile}" + (f" in state {state!r}" if state is not None else "")


def _exact(value: Any, what: str) -> Fraction:
    """A checked number as a fraction (``what`` names it in errors)."""
    return _fraction(_number(value, what))


#: How far the probabilities of a profile's outcomes may sum from 1.
_SUM_SLACK = Fraction(1, 10**12)


def _from_outcomes(
    players: tuple[str, str],
    states: Sequence[Any],
    actions: Mapping[Any, tuple[Sequence[Any], Sequence[Any]]],
    outcomes: Callable[[Any, tuple[Any, Any]], Sequence[tuple[Fraction, Fraction, Fraction, Any]]],
) -> _Numbers:
    """Collect exact ``(probability, payoff_1, payoff_2, next)`` draws into a :class:`_Numbers`
    (summed as ``mpq``)."""
    index = {s: i for i, s in enumerate(states)}
    nums = _Numbers(players, tuple(states), [], [], [], [], [], [])
    for state in states:
        rows, cols = actions[state]
        profiles = [(r, c) for r in rows for c in cols]
        payoff, move, exact_payoff, exact_move = [], [], [], []
        for profile in profiles:
            total, u1, u2, law = mpq(0), mpq(0), mpq(0), {}
            for p, x1, x2, nxt in outcomes(state, profile):
                p, x1, x2 = mpq(p), mpq(x1), mpq(x2)
                if p < 0:
                    raise DomainError(f"{_where(state, profile)}: negative probability {p}")
                total += p
                u1 += p * x1
                u2 += p * x2
                law[index[nxt]] = law.get(index[nxt], mpq(0)) + p
            if abs(total - 1) > _SUM_SLACK:
                raise GameError(
                    f"{_where(state, profile)}: probabilities sum to {float(total)}, not 1")
            if total != 1:  # within _SUM_SLACK of 1: rescaled
                law = {t: p / total for t, p in law.items()}
                u1, u2 = u1 / total, u2 / total
            law = {t: p for t, p in law.items() if p != 0}
            exact = (u1, u2)
            exact_payoff.append(exact)
            exact_move.append(law)
            payoff.append((float(exact[0]), float(exact[1])))
            move.append([(t, float(p)) for t, p in sorted(law.items())])
        nums.profiles.append(profiles)
        nums.shape.append((len(rows), len(cols)))
        nums.payoff.append(payoff)
        nums.move.append(move)
        nums.exact_payoff.append(exact_payoff)
        nums.exact_move.append(exact_move)
    return nums


def _matrix(data: Any, name: str) -> list[list[Any]]:
    rows = data.tolist() if hasattr(data, "tolist") else data
    try:
        rows = [list(r) for r in rows]
    except TypeError:
        raise GameError(
            f"{name} must be a matrix (a list of rows), not {type(data).__name__}"
        ) from None
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise GameError(f"{name} must be a non-empty rectangular matrix")
    return [[_number(x, f"{name}[{i}][{j}]") for j, x in enumerate(r)] for i, r in enumerate(rows)]


def _bimatrix(A: Any, B: Any, labels: tuple[Sequence[Any], Sequence[Any]] | None,
              players: tuple[str, str]) -> _Numbers:
    a, b = _matrix(A, "A"), _matrix(B, "B")
    if (len(a), len(a[0])) != (len(b), len(b[0])):
        raise GameError(f"A is {len(a)}x{len(a[0])} but B is {len(b)}x{len(b[0])}")
    rows, cols = labels or (range(len(a)), range(len(a[0])))
    rows, cols = list(rows), list(cols)
    if (len(rows), len(cols)) != (len(a), len(a[0])):
        raise GameError("action labels do not match the payoff matrices' shape")
    pos = {(r, c): (i, j) for i, r in enumerate(rows) for j, c in enumerate(cols)}
    exact_a, exact_b = ([[_fraction(x) for x in r] for r in m] for m in (a, b))

    def outcomes(_state: Any, profile: tuple[Any, Any]) -> list[tuple[Any, Any, Any, Any]]:
        i, j = pos[profile]
        return [(Fraction(1), exact_a[i][j], exact_b[i][j], None)]

    return _from_outcomes(players, [None], {None: (rows, cols)}, outcomes)


def _stage_labels(game: Any) -> tuple[tuple[str, str], tuple[Sequence[Any], Sequence[Any]] | None]:
    """Players and action labels of a stage game (``StageGame`` or alike), if it has them."""
    players = tuple(getattr(game, "players", ("player 1", "player 2")))
    rows, cols = getattr(game, "row_actions", None), getattr(game, "col_actions", None)
    return players, (None if rows is None or cols is None else (rows, cols))  # type: ignore[return-value]


def _numbers(game: Any, values: Mapping[str, Any]) -> _Numbers:
    """The game at numbers, from any accepted input."""
    if isinstance(game, RepeatedLending):
        game = lending_game(game)
    if isinstance(game, GameWithStates):
        given = validate(values, allowed=game.parameters)
        missing = sorted(set(game.parameters) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        table = game._table

        def outcomes(state: str, profile: tuple[Any, Any]) -> list[tuple[Any, Any, Any, Any]]:
            where = _where(state, profile)
            return [
                (_exact(evaluate(o.probability, given), f"probability in {where}"),
                 _exact(evaluate(o.payoffs[0], given), f"payoff in {where}"),
                 _exact(evaluate(o.payoffs[1], given), f"payoff in {where}"), o.next)
                for o in table[state, profile]
            ]

        acts = {s: tuple(game.actions[s][p] for p in game.players) for s in game.states}
        return _from_outcomes(tuple(game.players), game.states, acts, outcomes)  # type: ignore[arg-type]
    if callable(getattr(game, "payoffs", None)):
        A, B = game.payoffs(**values)
        players, labels = _stage_labels(game)
        return _bimatrix(A, B, labels, players)
    if isinstance(game, (tuple, list)) and len(game) == 2:
        if values:
            raise UnknownParameterError(
                f"numeric payoff matrices take no parameters; got {', '.join(sorted(values))}"
            )
        return _bimatrix(game[0], game[1], None, ("player 1", "player 2"))
    raise GameError(
        "give a pair of payoff matrices (A, B), a stage game with .payoffs(**values), "
        f"a GameWithStates or a RepeatedLending model, not {type(game).__name__}"
    )
