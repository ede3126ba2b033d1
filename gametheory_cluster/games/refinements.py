r"""Refinements of signaling equilibria: the Intuitive Criterion and D1.

Fix an equilibrium with sender payoffs :math:`u^*(t)` and a message :math:`m` that
no type sends. Write :math:`BR(S, m)` for the replies that are best replies to some
belief concentrated on the types in :math:`S`.

*Intuitive Criterion* (Cho & Kreps 1987, *QJE* 102:179–221). The message is
*equilibrium-dominated* for the types in
:math:`J = \{t : u^*(t) > \max_{a \in BR(T, m)} u_S(t, m, a)\}`: they cannot gain
from it whatever the receiver believes. The equilibrium fails if some type
:math:`t' \notin J` would gain from :math:`m` under every reply to beliefs that
exclude :math:`J`: :math:`\min_{a \in BR(T \setminus J, m)} u_S(t', m, a) > u^*(t')`.

*D1* (Banks & Sobel 1987, *Econometrica* 55:647–661; Cho & Kreps 1987, §IV). Over the
receiver's mixed best replies :math:`\alpha` to beliefs on :math:`T`, let
:math:`D^0_t` be those with :math:`u_S(t, m, \alpha) \ge u^*(t)` and :math:`D_t`
those with strict inequality. A type :math:`t` is deleted when
:math:`D^0_t \subseteq D_{t'}` for some other type :math:`t'` — whenever :math:`t`
would weakly gain, :math:`t'` strictly gains. The equilibrium fails D1 if no reply
that deters the deviation is a best reply to a belief on the types left (when
every type is deleted, nothing is required).

Both need numbers: solve the game with values first. The mixed replies are handled
exactly: on each face :math:`\Delta(K)` of replies that are jointly optimal at some
belief, the payoffs are linear, so the inclusion is checked at the face's vertices
and where :math:`u_S(t, m, \cdot)` crosses :math:`u^*(t)` on its edges.

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any, NamedTuple

import sympy as sp

from ..errors import MissingParameterError
from .beliefs import BeliefSet

if TYPE_CHECKING:
    from .signaling import SignalingEquilibrium, _Instance

__all__ = ["Refinement", "d1", "intuitive_criterion"]


class Refinement(NamedTuple):
    """Whether an equilibrium passes a test, and why (the message and type that break it)."""

    passed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.passed


def _numbers(eq: SignalingEquilibrium) -> _Instance:
    game = eq._game
    symbols = {s.name for v in game.payoff.values() for e in v for s in e.free_symbols}
    symbols |= {s.name for v in eq.payoffs.values() for s in sp.sympify(v).free_symbols}
    if symbols or eq.region != sp.true:
        raise MissingParameterError(
            "refinements need numbers: solve the game with values for "
            + ", ".join(sorted(symbols) or ["its parameters"]))
    return game


def _replies(game: _Instance, m: str, support: Sequence[str]) -> list[str]:
    """BR(support, m): the replies that are best replies to some belief on ``support``."""
    return [a for a in game.game.actions[m] if not game.belief_set(m, a, support).is_empty()]


def _test(eq: SignalingEquilibrium, breaks: Callable[..., str | None], passed: str) -> Refinement:
    """Ask ``breaks(game, eq, m, replies)`` of each unsent message ``m``; a reason fails ``eq``."""
    game = _numbers(eq)
    for m, options in eq.off_path.items():
        reason = breaks(game, eq, m, options)
        if reason is not None:
            return Refinement(False, reason)
    return Refinement(True, passed)


def intuitive_criterion(eq: SignalingEquilibrium) -> Refinement:
    """Cho and Kreps's Intuitive Criterion.

    Examples
    --------
    >>> from gametheory_cluster.games.signaling import SignalingGame
    >>> game = SignalingGame({"weak": 0.1, "strong": 0.9}, ("beer", "quiche"), ("duel", "not"),
    ...     lambda t, m, a: (int((t == "strong") == (m == "beer")) + 2 * (a == "not"),
    ...                      (1 if t == "weak" else -1) * (a == "duel")))
    >>> [(eq.path, bool(eq.intuitive_criterion())) for eq in game.equilibria()]
    [(('beer',), True), (('quiche',), False)]
    >>> print(game.equilibria()[1].intuitive_criterion().reason)
    beer is equilibrium-dominated for weak;
    strong gets at least 3 > 2 from it once they are excluded
    """
    return _test(eq, _dominance_breaks, "no unsent message breaks it")


def _dominance_breaks(
    game: _Instance, eq: SignalingEquilibrium, m: str, _options: Any
) -> str | None:
    """Why unsent ``m`` breaks ``eq`` under the Intuitive Criterion (None if it does not)."""
    types = game.game.types
    everyone = _replies(game, m, types)
    best = {t: max(game.payoff[t, m, a][0] for a in everyone) for t in types}
    dominated = [t for t in types if eq.payoffs[t] > best[t]]
    rest = [t for t in types if t not in dominated]
    if not rest:
        return None
    credible = _replies(game, m, rest)
    for t in rest:
        worst = min(game.payoff[t, m, a][0] for a in credible)
        if worst > eq.payoffs[t]:
            return (f"{m} is equilibrium-dominated for {', '.join(dominated) or 'no type'}; "
                    f"{t} gets at least {worst} > {eq.payoffs[t]} from it once they are excluded")
    return None


def _faces(game: _Instance, m: str) -> list[tuple[str, ...]]:
    """Sets of replies that are all best replies at one belief (faces of the mixed replies)."""
    actions, types = game.game.actions[m], game.game.types
    faces = []
    for size in range(1, len(actions) + 1):
        for face in combinations(actions, size):
            gains = {b: {t: game.payoff[t, m, b][1] for t in types} for b in actions}
            constraints = [
                {t: gains[face[0]][t] - gains[b][t] for t in types} for b in actions
                if b != face[0]
            ] + [{t: gains[b][t] - gains[face[0]][t] for t in types} for b in face[1:]]
            if not BeliefSet(types, tuple(constraints)).is_empty():
                faces.append(face)
    return faces


def _points(face: Sequence[str], u: dict[str, Any], level: Any) -> list[dict[str, Any]]:
    """Vertices of {α ∈ Δ(face) : Σ α_a u_a >= level}: corners and edge crossings."""
    points = [{a: sp.Integer(int(a == b)) for a in face} for b in face if u[b] >= level]
    for a, b in combinations(face, 2):
        if (u[a] - level) * (u[b] - level) < 0:
            share = (level - u[b]) / (u[a] - u[b])
            points.append({a: share, b: 1 - share})
    return points


def _deleted(game: _Instance, m: str, t: str, eq: SignalingEquilibrium, faces: list) -> bool:
    """Whether, wherever ``t`` weakly gains from ``m``, some other type strictly gains."""
    types = game.game.types
    for other in types:
        if other == t:
            continue
        inside = True
        for face in faces:
            u_t = {a: game.payoff[t, m, a][0] for a in face}
            u_o = {a: game.payoff[other, m, a][0] for a in face}
            for point in _points(face, u_t, eq.payoffs[t]):
                if sum(p * u_o[a] for a, p in point.items()) <= eq.payoffs[other]:
                    inside = False
                    break
            if not inside:
                break
        if inside:
            return True
    return False


def d1(eq: SignalingEquilibrium) -> Refinement:
    """Criterion D1: beliefs off the path go to the types most eager to deviate.

    Examples
    --------
    >>> from gametheory_cluster.games import SignalingGame
    >>> def beer_quiche(t, m, a):  # a taste for the matching breakfast, and avoiding the duel
    ...     taste = int((t == "strong") == (m == "beer"))
    ...     return taste + 2 * (a == "not"), (1 if t == "weak" else -1) * (a == "duel")
    >>> game = SignalingGame({"weak": 0.1, "strong": 0.9}, ("beer", "quiche"), ("duel", "not"),
    ...                      beer_quiche)
    >>> pooling_on_beer, pooling_on_quiche = game.equilibria()
    >>> bool(pooling_on_beer.d1())
    True
    >>> print(pooling_on_quiche.d1().reason)
    at beer, beliefs must rest on strong, and no reply that keeps every type away
    is a best reply to such a belief
    """
    return _test(eq, _d1_breaks, "every unsent message keeps a deterring reply under D1 beliefs")


def _d1_breaks(game: _Instance, eq: SignalingEquilibrium, m: str, options: Any) -> str | None:
    """Why unsent ``m`` breaks ``eq`` under D1 (None if it does not)."""
    faces = _faces(game, m)
    left = [t for t in game.game.types if not _deleted(game, m, t, eq, faces)]
    if left and not any(not game.belief_set(m, a, left).is_empty() for a in options):
        return (f"at {m}, beliefs must rest on {', '.join(left)}, and no reply that keeps "
                "every type away is a best reply to such a belief")
    return None
