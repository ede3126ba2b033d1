r"""Subgame-perfect equilibrium payoff sets of two-player repeated games, with or without states.

Definitions
-----------
A *game with states* has two players, finite states :math:`s \in S` and in each
state finite action sets :math:`A_1(s), A_2(s)`. An action profile :math:`a` in
state :math:`s` gives the expected period payoffs :math:`u(s, a) \in \mathbb{R}^2`
and moves to state :math:`s'` with probability :math:`P(s' \mid s, a)`. A repeated
game is the case of one state. Play has *perfect monitoring* (the profile and the
state are public), a *public randomisation* device each period, and a common
discount factor :math:`\delta \in (0, 1)`. Payoffs are *normalised*:
:math:`(1-\delta)\sum_t \delta^t u_t`.

:math:`V(s) \subset \mathbb{R}^2` is the set of payoffs of the pure-strategy
subgame-perfect equilibria that start in :math:`s`. Write
:math:`\underline w_i(s) = \min\{x_i : x \in W(s)\}` for the worst payoff of player
:math:`i` in a family :math:`W = (W(s))_s` of sets. The Abreu–Pearce–Stacchetti
(1990) operator is

.. math::

    B(W)(s) = \operatorname{conv} \bigcup_{a}\Bigl\{(1-\delta)\,u(s,a) + \delta\,e :
        e \in E(s,a) := \textstyle\sum_{s'} P(s' \mid s,a)\, W(s'),\;
        (1-\delta)\,u_i(s,a) + \delta e_i \ge D_i(s,a)\ \ (i = 1, 2)\Bigr\}

(:math:`E` is a weighted Minkowski sum: the continuation may depend on the next
state), where the best deviation is punished by the deviator's worst continuation
(Abreu's optimal penal codes):

.. math::

    D_i(s,a) = \max_{a_i' \ne a_i}\; (1-\delta)\,u_i(s,a_i',a_{-i})
        + \delta \textstyle\sum_{s'} P(s' \mid s,a_i',a_{-i})\, \underline w_i(s').

:math:`V` is the largest fixed point of :math:`B`; a family with
:math:`W \subseteq B(W)` (*self-generating*) lies inside :math:`V`; and iterating
:math:`B` from any family that contains :math:`V` gives sets that contain
:math:`V` and decrease to it. For two players every set is a convex polygon, so
:math:`B` is computed exactly by clipping polygons with the two incentive
constraints (a quadrant) — the geometry of Abreu and Sannikov (2014).

Certificate
-----------
:func:`spe_payoff_sets` returns, for every state, two polygons:

* an **outer** one (``vertices``): the APS iterates from the hull of the feasible
  payoffs, until they move less than ``tol`` times the payoff range; incentive
  constraints are relaxed by a rounding-sized amount, so floating point never cuts
  :math:`V`. It contains :math:`V` (so a payoff outside it is *proved* not to be an
  equilibrium payoff).
* an **inner** one (``inner``): the fixed point of the operator with every
  incentive constraint tightened by a small margin, then *proved* self-generating
  in exact rational arithmetic. Each inner vertex :math:`y_j` gets a witness — a
  profile :math:`a_j` and a lottery over inner vertices as continuation — which
  together form an automaton with public randomisation; its values solve
  :math:`y = (1-\delta)u + \delta M y` exactly (fractions) and every one-shot
  deviation is checked exactly against the deviator's worst inner vertex. So the
  inner polygon lies inside :math:`V` (a payoff inside it is *proved* to be one).

``hausdorff_gap`` is the Hausdorff distance between the two, a certified bound on
the error of either. Empty sets, points and segments are ordinary answers. Near a
:math:`\delta` where the shape of :math:`V` changes the margin may not fit and the
gap is reported as it is (possibly infinite), never hidden. Floats (the vertices)
come from the geometry; exact inputs are used exactly in the certificate.

References: D. Abreu, D. Pearce and E. Stacchetti (1990), Econometrica 58(5):1041–1063;
K. L. Judd, S. Yeltekin and J. Conklin (2003), Econometrica 71(4):1239–1254;
D. Abreu and Y. Sannikov (2014), Theoretical Economics 9(2):313–338.

Examples
--------
The prisoner's dilemma of QuantEcon's tests at :math:`\delta = 0.9`:

>>> from gametheory_cluster.payoff_sets import spe_payoffs
>>> pd = ([[9, 1], [10, 3]], [[9, 10], [1, 3]])
>>> V = spe_payoffs(pd, 0.9)
>>> sorted(V.vertices.round(6).tolist())
[[3.0, 3.0], [3.0, 9.75], [9.0, 9.0], [9.75, 3.0]]
>>> V.hausdorff_gap < 1e-6, V.shape
(True, 'polygon')

The one-shot lending game (bank Lend/Refuse, SME Repay/Default) at I=100, Y=150,
R=110, w=0 has only the punishment point below :math:`\delta = 11/15`:

>>> lending = ([[10, -100], [0, 0]], [[40, 150], [0, 0]])
>>> spe_payoffs(lending, 0.7).vertices.tolist(), spe_payoffs(lending, 0.8).dimension
([[0.0, 0.0]], 1)
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from .algebra import evaluate
from .automata import Outcome
from .errors import (
    DomainError,
    GameError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from .models.repeated_lending import RepeatedLending
from .parameters import coerce_value, symbol, validate
from .plotting import FigureData, attach_data, new_axes, style_context

__all__ = [
    "EntryThreshold",
    "GameWithStates",
    "PayoffSet",
    "entry_threshold",
    "honest_payoff",
    "lending_game",
    "payoff_sets_data",
    "plot_payoff_sets",
    "spe_payoff_sets",
    "spe_payoffs",
]

Point = tuple[float, float]
Polygon = list[Point]  # convex, counter-clockwise, no repeated or collinear vertices

# ---------------------------------------------------------------------------
# Plane geometry of convex polygons that may be empty, a point or a segment.
# ---------------------------------------------------------------------------


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _nearest_on_segment(p: Point, a: Point, b: Point) -> tuple[Point, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    along = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length if length else 0.0
    t = min(1.0, max(0.0, along))
    q = (a[0] + t * dx, a[1] + t * dy)
    return q, math.hypot(p[0] - q[0], p[1] - q[1])


def _edges(n: int) -> list[tuple[int, int]]:
    return [(0, 1)] if n == 2 else [(k, (k + 1) % n) for k in range(n)]


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distances from points ``p`` to segments ``a``–``b`` (arrays broadcasting on ``[..., 2]``)."""
    ab, rel = b - a, p - a
    length = (ab * ab).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.clip(np.where(length > 0, (rel * ab).sum(axis=-1) / length, 0.0), 0.0, 1.0)
    gap = rel - t[..., None] * ab
    return np.hypot(gap[..., 0], gap[..., 1])


def _distances(points: Sequence[Point], poly: Polygon) -> np.ndarray:
    """Distance from each point to the convex polygon ``poly`` (0 inside; inf if empty)."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    if not poly:
        return np.full(len(pts), math.inf)
    verts = np.asarray(poly, dtype=float)
    if len(verts) == 1:
        return np.hypot(*(pts - verts[0]).T)
    pairs = np.array(_edges(len(verts)))
    a, b = verts[pairs[:, 0]], verts[pairs[:, 1]]
    dist = _segment_distance(pts[:, None, :], a[None], b[None]).min(axis=1)
    if len(verts) >= 3:
        ab, rel = b - a, pts[:, None, :] - a[None, :, :]
        cross = ab[None, :, 0] * rel[:, :, 1] - ab[None, :, 1] * rel[:, :, 0]
        dist[(cross >= 0).all(axis=1)] = 0.0
    return dist


def _hull_indices(points: Sequence[Point], tol: float) -> list[int]:
    """Indices of the convex hull's vertices (counter-clockwise), sliver vertices dropped.

    A vertex closer than ``tol`` to the segment joining its neighbours is removed,
    so a hull that is a point or a segment up to ``tol`` comes out as one.
    """
    order = sorted(range(len(points)), key=lambda k: points[k])
    unique = [k for i, k in enumerate(order) if i == 0 or points[k] != points[order[i - 1]]]
    if len(unique) <= 1:
        return unique

    def chain(seq: list[int]) -> list[int]:
        out: list[int] = []
        for k in seq:
            while len(out) >= 2 and _cross(points[out[-2]], points[out[-1]], points[k]) <= 0:
                out.pop()
            out.append(k)
        return out

    hull = chain(unique)[:-1] + chain(unique[::-1])[:-1]
    while len(hull) >= 3:
        n = len(hull)
        slack = [_nearest_on_segment(points[hull[k]], points[hull[k - 1]],
                                     points[hull[(k + 1) % n]])[1] for k in range(n)]
        k = min(range(n), key=slack.__getitem__)
        if slack[k] > tol:
            return hull
        del hull[k]
    if len(hull) == 2 and math.dist(points[hull[0]], points[hull[1]]) <= tol:
        return hull[:1]
    return hull


def _hull(points: Sequence[Point], tol: float) -> Polygon:
    return [points[k] for k in _hull_indices(points, tol)]


def _nearest(p: Point, poly: Polygon) -> tuple[Point | None, float]:
    """The point of ``poly`` (a clean hull) nearest to ``p`` and its distance (inf if empty)."""
    if not poly:
        return None, math.inf
    if len(poly) == 1:
        return poly[0], math.dist(p, poly[0])
    pairs = _edges(len(poly))
    if len(poly) >= 3 and all(_cross(poly[i], poly[j], p) >= 0 for i, j in pairs):
        return p, 0.0
    return min((_nearest_on_segment(p, poly[i], poly[j]) for i, j in pairs), key=lambda qd: qd[1])


def _hausdorff(a: Polygon, b: Polygon) -> float:
    if not a and not b:
        return 0.0
    if not a or not b:
        return math.inf
    return float(max(_distances(a, b).max(), _distances(b, a).max()))


def _movement(a: Polygon, b: Polygon) -> float:
    """An upper bound on the Hausdorff distance, cheap when the vertices correspond."""
    if len(a) != len(b) or not a:
        return _hausdorff(a, b)
    j = min(range(len(b)), key=lambda k: math.dist(a[0], b[k]))
    return max(math.dist(p, b[(i + j) % len(b)]) for i, p in enumerate(a))


def _clip(poly: Polygon, axis: int, level: float | None) -> Polygon:
    """``poly`` ∩ {x : x[axis] >= level}, walked in order (no constraint when ``level`` is None).

    The result is convex and in order but may repeat a point; :func:`_hull` cleans it.
    """
    if level is None or not poly:
        return poly
    signs = [v[axis] - level for v in poly]
    if min(signs) >= 0:
        return poly
    if max(signs) < 0:
        return []
    n, kept = len(poly), []
    for i in range(n):
        a, b, sa, sb = poly[i], poly[(i + 1) % n], signs[i], signs[(i + 1) % n]
        if sa >= 0:
            kept.append(a)
        if (sa < 0) != (sb < 0):
            t = sa / (sa - sb)
            cut = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
            cut[axis] = level
            kept.append((cut[0], cut[1]))
    return kept


def _weighted_sum(
    polys: Sequence[Polygon], weights: Sequence[float], tol: float
) -> tuple[Polygon, list[tuple[int, ...]]]:
    """The Minkowski sum Σ w_k P_k and, for each vertex, the vertex of each P_k it sums."""
    combos = list(itertools.product(*(range(len(p)) for p in polys)))
    points = [
        (sum(w * p[m][0] for w, p, m in zip(weights, polys, c, strict=True)),
         sum(w * p[m][1] for w, p, m in zip(weights, polys, c, strict=True)))
        for c in combos
    ]
    if sum(len(p) > 1 for p in polys) <= 1:  # a scaled, shifted copy: convex and in order
        return points, combos
    keep = _hull_indices(points, tol)
    return [points[k] for k in keep], [combos[k] for k in keep]


def _barycentric(p: Point, poly: Polygon) -> dict[int, float]:
    """Convex weights on the vertices of ``poly`` that reproduce ``p`` (p in poly)."""
    n = len(poly)
    if n == 1:
        return {0: 1.0}
    if n == 2:
        (ax, ay), (bx, by) = poly
        length = (bx - ax) ** 2 + (by - ay) ** 2
        t = min(1.0, max(0.0, ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / length))
        return {0: 1 - t, 1: t}
    best: tuple[float, dict[int, float]] | None = None
    for k in range(1, n - 1):
        a, b, c = poly[0], poly[k], poly[k + 1]
        area = _cross(a, b, c)
        if area == 0:
            continue
        wb, wc = _cross(a, p, c) / area, _cross(a, b, p) / area
        lam = (1 - wb - wc, wb, wc)
        worst = min(lam)
        if best is None or worst > best[0]:
            best = (worst, {0: lam[0], k: lam[1], k + 1: lam[2]})
    weights = {i: max(0.0, w) for i, w in best[1].items()}  # type: ignore[index]
    total = sum(weights.values())
    return {i: w / total for i, w in weights.items()}


# ---------------------------------------------------------------------------
# Games with states
# ---------------------------------------------------------------------------


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


@dataclass
class _Numbers:
    """A game with states at numbers: floats for the geometry, fractions for the proof."""

    players: tuple[str, str]
    states: tuple[Any, ...]
    profiles: list[list[tuple[Any, Any]]]  # per state, row-major over (a1, a2)
    shape: list[tuple[int, int]]
    payoff: list[list[tuple[float, float]]]
    move: list[list[list[tuple[int, float]]]]  # (next state index, probability > 0)
    exact_payoff: list[list[tuple[Fraction, Fraction]]]
    exact_move: list[list[dict[int, Fraction]]]

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
    def deviation_table(self) -> list[list[tuple[list[tuple[float, Any]], ...]]]:
        """For each state, profile and player: (period payoff, transitions) of each deviation."""
        return [[tuple([(self.payoff[s][d][i], self.move[s][d]) for d in self.deviations(s, k, i)]
                       for i in (0, 1)) for k in range(len(self.payoff[s]))]
                for s in range(len(self.states))]


def _fraction(value: Any) -> Fraction:
    """A checked number as a fraction: exact for rationals and floats (an irrational: its float)."""
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    return Fraction(float(value))


def _number(value: Any, where: str) -> Any:
    """A checked real number (exact sympy number or float)."""
    if isinstance(value, sp.Basic) and value.free_symbols:
        raise MissingParameterError(
            f"{where} still depends on {', '.join(sorted(s.name for s in value.free_symbols))}"
        )
    return coerce_value(value, where)


def _from_outcomes(
    players: tuple[str, str],
    states: Sequence[Any],
    actions: Mapping[Any, tuple[Sequence[Any], Sequence[Any]]],
    outcomes: Callable[[Any, tuple[Any, Any]], Sequence[tuple[Any, Any, Any, Any]]],
) -> _Numbers:
    """Collect ``(probability, payoff_1, payoff_2, next)`` draws into a :class:`_Numbers`."""
    index = {s: i for i, s in enumerate(states)}
    nums = _Numbers(players, tuple(states), [], [], [], [], [], [])
    for state in states:
        rows, cols = actions[state]
        profiles = [(r, c) for r in rows for c in cols]
        payoff, move, exact_payoff, exact_move = [], [], [], []
        for profile in profiles:
            where = f"profile {profile}" + (f" in state {state!r}" if state is not None else "")
            total, u1, u2, law = Fraction(0), Fraction(0), Fraction(0), {}
            for prob, x1, x2, nxt in outcomes(state, profile):
                p = _fraction(_number(prob, f"probability in {where}"))
                if p < 0:
                    raise DomainError(f"{where}: negative probability {p}")
                total += p
                u1 += p * _fraction(_number(x1, f"payoff in {where}"))
                u2 += p * _fraction(_number(x2, f"payoff in {where}"))
                law[index[nxt]] = law.get(index[nxt], Fraction(0)) + p
            if abs(total - 1) > Fraction(1, 10**12):
                raise GameError(f"{where}: probabilities sum to {float(total)}, not 1")
            law = {t: p / total for t, p in law.items() if p != 0}
            exact_payoff.append((u1 / total, u2 / total))
            exact_move.append(law)
            payoff.append((float(u1 / total), float(u2 / total)))
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

    def outcomes(_state: Any, profile: tuple[Any, Any]) -> list[tuple[Any, Any, Any, Any]]:
        i, j = pos[profile]
        return [(1, a[i][j], b[i][j], None)]

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
            return [
                (evaluate(o.probability, given), evaluate(o.payoffs[0], given),
                 evaluate(o.payoffs[1], given), o.next)
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


# ---------------------------------------------------------------------------
# The APS operator on polygons, the outer iteration and the exact certificate
# ---------------------------------------------------------------------------


def _continuations(nums: _Numbers, W: list[Polygon], s: int, k: int, tol: float):
    nexts = nums.move[s][k]
    return _weighted_sum([W[t] for t, _ in nexts], [p for _, p in nexts], tol)


def _worst(W: list[Polygon]) -> list[tuple[float, float]]:
    """Each player's lowest payoff in each set (inf for an empty set)."""
    return [(min(v[0] for v in w), min(v[1] for v in w)) if w else (math.inf, math.inf) for w in W]


def _levels(nums: _Numbers, worst: list[tuple[float, float]], delta: float, s: int, k: int,
            shift: float, tol: float) -> list[float | None]:
    """Lower bounds on the expected continuation from the incentive constraints.

    ``None`` where the constraint holds for every continuation (no profitable deviation).
    """
    levels: list[float | None] = []
    for i, devs in enumerate(nums.deviation_table[s][k]):
        floor = sum(p * worst[t][i] for t, p in nums.move[s][k])
        best = max(((1 - delta) * u + delta * sum(p * worst[t][i] for t, p in moves)
                    for u, moves in devs), default=-math.inf)
        need = (best - (1 - delta) * nums.payoff[s][k][i]) / delta
        levels.append(need + shift if need > floor + tol else None)
    return levels


def _pieces(nums: _Numbers, W: list[Polygon], delta: float, shift: float,
            tol: float) -> list[list[Polygon]]:
    """For each state and profile, the payoffs it generates from ``W``."""
    worst = _worst(W)
    result = []
    for s in range(len(nums.states)):
        per = []
        for k, u in enumerate(nums.payoff[s]):
            if any(not W[t] for t, _ in nums.move[s][k]):
                per.append([])
                continue
            nexts = nums.move[s][k]
            E = W[nexts[0][0]] if len(nexts) == 1 else _continuations(nums, W, s, k, tol)[0]
            lo = _levels(nums, worst, delta, s, k, shift, tol)
            piece = _clip(_clip(E, 0, lo[0]), 1, lo[1])
            per.append([((1 - delta) * u[0] + delta * x, (1 - delta) * u[1] + delta * y)
                        for x, y in piece])
        result.append(per)
    return result


def _apply(nums: _Numbers, W: list[Polygon], delta: float, shift: float,
           tol: float) -> list[Polygon]:
    new = [_hull([p for piece in per for p in piece], tol)
           for per in _pieces(nums, W, delta, shift, tol)]
    empty = {s for s, w in enumerate(new) if not w}
    return [[] if nums.reach[s] & empty else w for s, w in enumerate(new)]


def _iterate(nums: _Numbers, W: list[Polygon], delta: float, shift: float, tol: float,
             max_iter: int, stop: Callable[[list[Polygon]], bool] | None = None
             ) -> tuple[list[Polygon], int, bool]:
    """Apply the operator until the sets move less than ``tol`` (or ``stop`` says so)."""
    for n in range(1, max_iter + 1):
        new = _apply(nums, W, delta, shift, tol)
        change = max(_movement(a, b) for a, b in zip(W, new, strict=True))
        W = new
        if change <= tol or (stop is not None and stop(W)):
            return W, n, change <= tol
    return W, max_iter, False


def _solve_exact(matrix: list[list[Fraction]], rhs: list[list[Fraction]]) -> list[list[Fraction]]:
    """Gauss–Jordan elimination in exact fractions (the matrix is nonsingular)."""
    n = len(matrix)
    rows = [matrix[r][:] + rhs[r][:] for r in range(n)]
    for c in range(n):
        pivot = next(r for r in range(c, n) if rows[r][c] != 0)
        rows[c], rows[pivot] = rows[pivot], rows[c]
        head = rows[c][c]
        rows[c] = [x / head for x in rows[c]]
        for r in range(n):
            factor = rows[r][c]
            if r != c and factor != 0:
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[c], strict=True)]
    return [row[n:] for row in rows]


def _certify(nums: _Numbers, Z: list[Polygon], delta: float, exact_delta: Fraction,
             margin: float, tol: float) -> list[list[tuple[Fraction, Fraction]]] | None:
    """Values of a witness automaton on ``Z``'s vertices, if every deviation check passes.

    Each vertex gets the profile and the continuation lottery that reproduce it best
    (constraints tightened by ``margin``); the automaton's values are solved and its
    one-shot deviations checked in exact arithmetic. ``None`` when a check fails.
    """
    cells = [(s, j) for s, w in enumerate(Z) for j in range(len(w))]
    index = {cell: n for n, cell in enumerate(cells)}
    size = len(index)
    matrix = [[Fraction(0)] * size for _ in range(size)]
    rhs: list[list[Fraction]] = []
    plays: list[tuple[int, int]] = []
    worst = _worst(Z)
    for (s, j), row in index.items():
        x = Z[s][j]
        best = None
        for k, u in enumerate(nums.payoff[s]):
            if any(not Z[t] for t, _ in nums.move[s][k]):
                continue
            E, labels = _continuations(nums, Z, s, k, tol)
            lo = _levels(nums, worst, delta, s, k, margin, tol)
            piece = _hull(_clip(_clip(E, 0, lo[0]), 1, lo[1]), tol)
            target = ((x[0] - (1 - delta) * u[0]) / delta, (x[1] - (1 - delta) * u[1]) / delta)
            e, dist = _nearest(target, piece)
            if e is not None and (best is None or dist < best[0]):
                best = (dist, k, e, E, labels)
        if best is None:
            return None
        _, k, e, E, labels = best
        weights = {m: w for m, w in _barycentric(e, E).items() if w > 1e-13}
        exact = {m: Fraction(w) for m, w in weights.items()}
        total = sum(exact.values())
        nexts = [t for t, _ in nums.move[s][k]]
        matrix[row][row] += 1
        for m, w in exact.items():
            for t, vertex in zip(nexts, labels[m], strict=True):
                matrix[row][index[t, vertex]] -= exact_delta * nums.exact_move[s][k][t] * w / total
        u = nums.exact_payoff[s][k]
        rhs.append([(1 - exact_delta) * u[0], (1 - exact_delta) * u[1]])
        plays.append((s, k))
    if not size:
        return [[] for _ in Z]
    values = _solve_exact(matrix, rhs)
    lowest = [
        tuple(min(values[index[s, j]][i] for j in range(len(w))) for i in (0, 1)) if w else None
        for s, w in enumerate(Z)
    ]
    for row, (s, k) in enumerate(plays):
        for i in (0, 1):
            for d in nums.deviations(s, k, i):
                deviation = (1 - exact_delta) * nums.exact_payoff[s][d][i] + exact_delta * sum(
                    p * lowest[t][i] for t, p in nums.exact_move[s][d].items()  # type: ignore[index]
                )
                if values[row][i] < deviation:
                    return None
    return [[(values[index[s, j]][0], values[index[s, j]][1]) for j in range(len(w))]
            for s, w in enumerate(Z)]


@dataclass
class _Solution:
    outer: list[Polygon]
    inner: list[Polygon]
    gaps: list[float]
    generators: list[list[tuple[tuple[Any, Any], ...]]]
    iterations: int
    converged: bool


def _feasible(nums: _Numbers, tol: float) -> list[Polygon]:
    """For each state, the hull of the period payoffs of the states it can reach: contains V."""
    return [_hull([u for t in sorted(nums.reach[s]) for u in nums.payoff[t]], tol)
            for s in range(len(nums.states))]


#: Incentive constraints are relaxed by this much (times the payoff range) in the outer
#: iteration, so that rounding never cuts an equilibrium payoff off.
_RELAX = 1e-14


def _tolerances(nums: _Numbers, delta: float, tol: float) -> tuple[float, float]:
    """``fine`` (stopping, relaxation, geometry inside the loop) and ``coarse`` (reported)."""
    return max(tol * (1 - delta), 1e-14) * nums.scale, 10 * tol * nums.scale


def _snap(outer: Polygon, inner: Polygon, tol: float) -> Polygon:
    """Outer vertices within ``tol`` of a proved inner vertex take its (exactly derived) value."""
    snapped = []
    for v in outer:
        near = min(inner, key=lambda u: math.dist(u, v), default=None)
        snapped.append(near if near is not None and math.dist(near, v) <= tol else v)
    return snapped


def _solve(nums: _Numbers, delta: float, exact_delta: Fraction, tol: float, max_iter: int,
           certify: bool = True, stop: Callable[[list[Polygon]], bool] | None = None) -> _Solution:
    """Outer iteration, then (``certify``) the proved inner polygon and the generators."""
    if not (isinstance(tol, float) and 0 < tol < 1e-3):
        raise DomainError(f"tol={tol!r} must be a float in (0, 1e-3)")
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise DomainError(f"max_iter={max_iter!r} must be a whole number >= 1")
    fine, coarse = _tolerances(nums, delta, tol)
    outer, n, converged = _iterate(nums, _feasible(nums, fine), delta, -_RELAX * nums.scale, fine,
                                   max_iter, stop)
    if stop is not None and stop(outer):
        return _Solution(outer, [[] for _ in outer], [], [], n, converged)
    inner: list[Polygon] = [[] for _ in outer]
    if certify and any(outer):
        margin = 10 * tol * nums.scale / (1 - delta)
        Z = outer
        while margin <= 1e-3 * nums.scale:
            Z, m, _ = _iterate(nums, Z, delta, margin, fine, max_iter)
            n += m
            values = _certify(nums, Z, delta, exact_delta, margin / 2, fine)
            if values is not None:
                inner = [_hull([(float(x), float(y)) for x, y in v], coarse) for v in values]
                break
            margin *= 100
    outer = [_hull(w, coarse) for w in outer]
    gaps = [_hausdorff(v, w) for v, w in zip(inner, outer, strict=True)]
    outer = [_hull(_snap(w, v, coarse), coarse) for w, v in zip(outer, inner, strict=True)]
    pieces = _pieces(nums, outer, delta, -_RELAX * nums.scale, fine)
    generators = [
        [tuple(nums.profiles[s][k] for k, piece in enumerate(pieces[s])
               if _nearest(v, _hull(piece, fine))[1] <= coarse) for v in outer[s]]
        for s in range(len(outer))
    ]
    return _Solution(outer, inner, gaps, generators, n, converged)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    return str(value)


_SHAPES = {-1: "empty", 0: "point", 1: "segment", 2: "polygon"}


@dataclass(frozen=True, eq=False)
class PayoffSet:
    """The set of subgame-perfect equilibrium payoffs (normalised), with its certificate.

    Attributes
    ----------
    vertices : ndarray, shape (n, 2)
        The outer polygon, counter-clockwise (n = 0 empty, 1 point, 2 segment).
        It contains the true set.
    inner : ndarray, shape (m, 2)
        A polygon proved to lie inside the true set (exact self-generation check).
    hausdorff_gap : float
        Hausdorff distance between ``inner`` and ``vertices``: a bound on the error
        of either (``inf`` when no inner polygon could be proved).
    generators : tuple
        For each vertex, the pure action profiles that generate it.
    delta : number
        The discount factor.
    players : tuple of str
    state : str or None
        The state the set belongs to (games with states).
    tolerance : float
        The numerical tolerance used (absolute, in payoff units).
    iterations : int
        Applications of the APS operator.
    converged : bool
        Whether the outer iteration stopped moving before ``max_iter``.
    """

    vertices: np.ndarray
    inner: np.ndarray
    hausdorff_gap: float
    generators: tuple[tuple[tuple[Any, Any], ...], ...]
    delta: Any
    players: tuple[str, str]
    state: Any = None
    tolerance: float = 0.0
    iterations: int = 0
    converged: bool = True

    @property
    def is_empty(self) -> bool:
        """Whether no pure-strategy subgame-perfect equilibrium exists."""
        return len(self.vertices) == 0

    @property
    def dimension(self) -> int:
        """-1 (empty), 0 (a point), 1 (a segment) or 2 (a polygon with interior)."""
        return min(len(self.vertices), 3) - 1

    @property
    def worst(self) -> tuple[float, float]:
        """Each player's lowest equilibrium payoff (the optimal punishments)."""
        if self.is_empty:
            raise NoSolutionError("the payoff set is empty: there is no worst equilibrium payoff")
        low = self.vertices.min(axis=0)
        return (float(low[0]), float(low[1]))

    def _distance(self, point: Sequence[float], polygon: np.ndarray) -> float:
        try:
            p = tuple(float(x) for x in point)
        except (TypeError, ValueError):
            p = ()
        if len(p) != 2 or not all(math.isfinite(x) for x in p):
            raise DomainError(f"a point is two finite payoffs, not {point!r}")
        return _nearest(p, [tuple(v) for v in polygon.tolist()])[1]  # type: ignore[arg-type]

    def contains(self, point: Sequence[float], tol: float | None = None) -> bool:
        """Whether ``point`` lies within ``tol`` of the set (default: ``tolerance``).

        The set is the outer polygon; :meth:`classify` says what is proved.

        Examples
        --------
        >>> V = spe_payoffs(([[10, -100], [0, 0]], [[40, 150], [0, 0]]), 0.8)
        >>> V.contains((10, 40)), V.contains((10, 41)), V.contains((5, 20))
        (True, False, True)
        """
        return self._distance(point, self.vertices) <= (self.tolerance if tol is None else tol)

    def classify(self, point: Sequence[float]) -> str:
        """``"inside"`` (proved), ``"outside"`` (proved) or ``"undecided"`` (within the gap)."""
        if self._distance(point, self.vertices) > self.tolerance:
            return "outside"
        if len(self.inner) and self._distance(point, self.inner) <= self.tolerance:
            return "inside"
        return "undecided"

    @property
    def shape(self) -> str:
        """``"empty"``, ``"point"``, ``"segment"`` or ``"polygon"``."""
        return _SHAPES[self.dimension]

    def __repr__(self) -> str:
        where = f", state={self.state!r}" if self.state is not None else ""
        return (f"PayoffSet({self.shape}, {len(self.vertices)} vertices, delta={self.delta}"
                f"{where}, gap={self.hausdorff_gap:.3g})")

    def __str__(self) -> str:
        head = f"SPE payoff set ({self.shape}) at delta={self.delta}"
        if self.state is not None:
            head += f" in state {self.state!r}"
        lines = [head + f"; certified Hausdorff gap {self.hausdorff_gap:.3g}"]
        for v, gens in zip(self.vertices.tolist(), self.generators, strict=True):
            made = ", ".join(_label(g) for g in gens)
            lines.append(f"  ({v[0]:.6g}, {v[1]:.6g})  by {made}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (exact numbers as strings such as ``"11/15"``)."""
        return {
            "players": list(self.players),
            "state": _plain(self.state),
            "delta": _plain(self.delta),
            "shape": self.shape,
            "vertices": self.vertices.tolist(),
            "generators": [[[_plain(a) for a in g] for g in gens] for gens in self.generators],
            "inner": self.inner.tolist(),
            "hausdorff_gap": _plain(self.hausdorff_gap),
            "tolerance": self.tolerance,
            "iterations": self.iterations,
            "converged": self.converged,
        }

    def data(self) -> FigureData:
        """The vertices and their generators as figure data."""
        return FigureData(
            {
                "vertex": list(range(len(self.vertices))),
                self.players[0]: self.vertices[:, 0].tolist(),
                self.players[1]: self.vertices[:, 1].tolist(),
                "generators": [" ".join(_label(g) for g in gens) for gens in self.generators],
            },
            title=f"SPE payoff set at delta={self.delta}",
            notes={"shape": self.shape, "hausdorff_gap": self.hausdorff_gap},
        )

    def plot(self, ax: Any = None, style: str = "paper") -> Any:
        """Draw the set (filled polygon, segment or point) and return the Figure."""
        with style_context(style):
            fig, ax = new_axes(ax)
            _draw(ax, self.vertices, color="C0", label=f"δ = {self.delta}")
            for (x, y), gens in zip(self.vertices.tolist(), self.generators, strict=True):
                ax.annotate(", ".join(_label(g) for g in gens), (x, y),
                            textcoords="offset points", xytext=(4, 4), fontsize="small")
            ax.set_xlabel(f"{self.players[0]} payoff (per period)")
            ax.set_ylabel(f"{self.players[1]} payoff (per period)")
            ax.set_title(f"SPE payoffs at δ = {self.delta}: {self.shape}")
        return attach_data(fig, self.data())


def _label(profile: tuple[Any, Any]) -> str:
    return "/".join(map(str, profile))


def _draw(ax: Any, vertices: np.ndarray, color: str, label: str) -> None:
    """A point, a thick segment or a filled polygon (nothing for the empty set)."""
    if len(vertices) == 1:
        ax.plot(vertices[:, 0], vertices[:, 1], "o", color=color, label=label)
    elif len(vertices) == 2:
        ax.plot(vertices[:, 0], vertices[:, 1], "-o", color=color, lw=2.5, ms=3, label=label)
    elif len(vertices) >= 3:
        closed = np.vstack([vertices, vertices[:1]])
        ax.fill(vertices[:, 0], vertices[:, 1], color=color, alpha=0.2)
        ax.plot(closed[:, 0], closed[:, 1], "-", color=color, label=label)


def _delta(delta: Any) -> tuple[Any, float, Fraction]:
    given = validate({"delta": delta})["delta"]
    return given, float(given), _fraction(given)


def spe_payoff_sets(
    game: Any, delta: Any, *, tol: float = 1e-12, max_iter: int = 100_000,
    certify: bool = True, **values: Any,
) -> dict[Any, PayoffSet]:
    """The subgame-perfect equilibrium payoff set of every state of ``game``.

    Parameters
    ----------
    game : (A, B), stage game, GameWithStates or RepeatedLending
        Payoff matrices of the row and column player (numbers), an object with
        ``.payoffs(**values) -> (A, B)``, a game with states, or a lending model
        (see :func:`lending_game`).
    delta : number in (0, 1)
        The discount factor.
    tol : float
        Relative tolerance (times the range of the payoffs) of the geometry and of
        the convergence test.
    max_iter : int
        Most applications of the operator (``converged`` says whether it sufficed).
    certify : bool
        Compute the proved inner polygon (``False`` is faster; the gap is then ``inf``).
    **values
        Parameter values for symbolic games.

    Returns
    -------
    dict
        ``{state: PayoffSet}`` (the key is ``None`` for a repeated game).

    Examples
    --------
    >>> from gametheory_cluster.models.repeated_lending import RepeatedLending
    >>> sets = spe_payoff_sets(RepeatedLending(exit_cost=True), 0.7, I=100, Y=150, R=110, w=0, C=20)
    >>> {s: V.vertices.tolist() for s, V in sets.items()}
    {'in_cluster': [[0.0, 0.0], [10.0, 40.0]], 'exited': [[0.0, 0.0]]}
    """
    given, d, exact_d = _delta(delta)
    nums = _numbers(game, values)
    return _sets(nums, given, d, exact_d, tol, max_iter, certify)


def _sets(nums: _Numbers, given: Any, d: float, exact_d: Fraction, tol: float, max_iter: int,
          certify: bool) -> dict[Any, PayoffSet]:
    sol = _solve(nums, d, exact_d, tol, max_iter, certify)
    eps = _tolerances(nums, d, tol)[1]
    result = {}
    for s, state in enumerate(nums.states):
        outer = np.array(sol.outer[s], dtype=float).reshape(-1, 2)
        inner = np.array(sol.inner[s], dtype=float).reshape(-1, 2)
        result[state] = PayoffSet(outer, inner, sol.gaps[s], tuple(sol.generators[s]), given,
                                  nums.players, state, eps, sol.iterations, sol.converged)
    return result


def spe_payoffs(game: Any, delta: Any, *, state: Any = None, tol: float = 1e-12,
                max_iter: int = 100_000, certify: bool = True, **values: Any) -> PayoffSet:
    """The set of subgame-perfect equilibrium payoffs of ``game`` repeated with discount ``delta``.

    Pure strategies, perfect monitoring, public randomisation; payoffs normalised
    (per period). Never fails on an empty set, a point or a segment. For a game
    with states the set of ``state`` (default: the initial state). Arguments as in
    :func:`spe_payoff_sets`.

    Examples
    --------
    >>> V = spe_payoffs(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), 0.9)  # matching pennies
    >>> V.is_empty, V.dimension
    (True, -1)
    """
    sets = spe_payoff_sets(game, delta, tol=tol, max_iter=max_iter, certify=certify, **values)
    key = next(iter(sets)) if state is None else state
    if key not in sets:
        raise GameError(f"unknown state {state!r}; states: {', '.join(map(str, sets))}")
    return sets[key]


# ---------------------------------------------------------------------------
# The lending game, isolated or in a cluster
# ---------------------------------------------------------------------------

_UNSUPPORTED = ("continuation", "monitoring")


def lending_game(model: RepeatedLending | None = None) -> GameWithStates:
    """The game (with states) behind a :class:`RepeatedLending` model with grim punishment.

    The period payoffs and nature's draws are read from the model's automaton: the
    ``honest`` state's outcomes for every profile are the stage game. An isolated
    SME gives a repeated game (one state, ``"lending"``). With a cluster
    (``exit_cost`` or ``cluster_rent``) a detected default moves the SME to the
    absorbing state ``"exited"``, whose payoffs are those of the automaton's
    ``punished`` state (the bank earns 0, the SME its outside option ``w``), with
    no choice left; the bank still sees every default (perfect monitoring), so
    ``detection`` (q) is the chance that the *cluster* learns it.

    Examples
    --------
    >>> g = lending_game(RepeatedLending(exit_cost=True))
    >>> g.states, g.parameters
    (('in_cluster', 'exited'), ('C', 'I', 'R', 'Y', 'w'))
    >>> g.outcomes("in_cluster", ("Lend", "Default"))
    [Outcome(payoffs=(-I, -C + Y), next='exited', probability=1)]
    """
    model = RepeatedLending() if model is None else model
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
    if cluster:
        actions["exited"] = {"bank": (exit_play[0],), "sme": ("Outside",)}

    def outcomes(state: str, profile: tuple[Any, Any]) -> list[Outcome]:
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
# When does a payoff enter the set?
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryThreshold:
    """The smallest δ at which a payoff is an equilibrium payoff, bracketed.

    The point is proved outside the set at ``lower`` (and below, the set growing in δ)
    and proved inside at ``upper``.
    """

    point: tuple[float, float]
    lower: float
    upper: float
    state: Any = None

    @property
    def value(self) -> float:
        """The middle of the bracket."""
        return (self.lower + self.upper) / 2

    @property
    def tolerance(self) -> float:
        """Half the bracket's width."""
        return (self.upper - self.lower) / 2

    def __float__(self) -> float:
        return self.value

    def __repr__(self) -> str:
        return f"EntryThreshold(delta = {self.value:.10g} ± {self.tolerance:.2g})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"point": list(self.point), "state": _plain(self.state), "lower": self.lower,
                "upper": self.upper, "value": self.value}


def entry_threshold(
    game: Any, point: Sequence[Any] | None = None, *, state: Any = None, hi: float = 0.99,
    delta_tol: float = 1e-8, tol: float = 1e-10, **values: Any,
) -> EntryThreshold:
    """The smallest δ at which ``point`` is a subgame-perfect equilibrium payoff.

    Bisection on δ, with membership decided by the certificate: a δ counts as
    "below" only when the point is proved outside the outer polygon, "above" only
    when it is proved inside the inner one (the set grows with δ under public
    randomisation, Abreu–Pearce–Stacchetti 1990).

    Parameters
    ----------
    game : as in :func:`spe_payoffs`
    point : pair of numbers, optional
        Default for a :class:`RepeatedLending` model: the honest payoff
        (:func:`honest_payoff`).
    state : optional
        The state whose set is searched (default: the initial one).
    hi : float
        The largest δ searched.
    delta_tol : float
        Width of the final bracket.

    Raises
    ------
    NoSolutionError
        When the point is not proved inside the set at ``hi``.

    Examples
    --------
    >>> t = entry_threshold(RepeatedLending(), I=100, Y=150, R=110, w=0)
    >>> t.lower <= 11 / 15 <= t.upper, t.upper - t.lower < 1e-7
    (True, True)
    """
    if point is None:
        if not isinstance(game, RepeatedLending):
            raise GameError("give the payoff point whose entry into the set is sought")
        point = honest_payoff(game, **values)
    p = (float(point[0]), float(point[1]))
    nums = _numbers(game, values)
    s = 0 if state is None else nums.states.index(state) if state in nums.states else None
    if s is None:
        raise GameError(f"unknown state {state!r}; states: {', '.join(map(str, nums.states))}")
    if not (0 < hi < 1) or not (0 < delta_tol < 0.5):
        raise DomainError("need 0 < hi < 1 and 0 < delta_tol < 0.5")

    def status(d: float) -> str:
        eps = _tolerances(nums, d, tol)[1]
        sol = _solve(nums, d, Fraction(d), tol, 100_000,
                     stop=lambda W: _nearest(p, W[s])[1] > eps)
        if _nearest(p, sol.outer[s])[1] > eps:
            return "out"
        return "in" if _nearest(p, sol.inner[s])[1] <= eps else "undecided"

    def bisect(lo: float, up: float, below: Callable[[str], bool]) -> tuple[float, float]:
        while up - lo > delta_tol:
            mid = (lo + up) / 2
            lo, up = (mid, up) if below(status(mid)) else (lo, mid)
        return lo, up

    lo, up = 0.0, hi  # up moves only to a delta where the point is proved inside
    while up - lo > delta_tol:
        mid = (lo + up) / 2
        verdict = status(mid)
        if verdict == "undecided":
            lo = bisect(lo, mid, lambda v: v == "out")[0]
            up = bisect(mid, up, lambda v: v != "in")[1]
            break
        lo, up = (mid, up) if verdict == "out" else (lo, mid)
    if up == hi and (top := status(hi)) != "in":
        raise NoSolutionError(
            f"the point {p} is {'not' if top == 'out' else 'not proved to be'} an equilibrium "
            f"payoff at delta={hi}; it does not enter the set for delta <= {hi}"
        )
    return EntryThreshold(p, lo, up, nums.states[s])


# ---------------------------------------------------------------------------
# Figure: isolated vs clustered SME as δ grows
# ---------------------------------------------------------------------------

_BASE = {"I": 100, "Y": 150, "R": 110, "w": 0, "C": 20}
_FIGURE_DELTAS = (0.65, 0.7, 0.75, 0.95)


def _model_values(model: RepeatedLending, values: Mapping[str, Any]) -> dict[str, Any]:
    names = set(lending_game(model).parameters)
    return {k: v for k, v in values.items() if k in names}


def payoff_sets_data(
    deltas: Sequence[float] = _FIGURE_DELTAS, cluster: RepeatedLending | None = None,
    **values: Any,
) -> FigureData:
    """The numbers behind :func:`plot_payoff_sets`: vertices per setting and δ.

    ``cluster`` defaults to ``RepeatedLending(exit_cost=True)``; ``values`` default
    to the base case I=100, Y=150, R=110, w=0 and C=20. The notes give the honest
    payoff and the δ at which it enters each set.

    Examples
    --------
    >>> data = payoff_sets_data([0.7])
    >>> data.columns["setting"], data.columns["sme"]
    (['isolated', 'cluster', 'cluster'], [0.0, 0.0, 40.0])
    """
    cluster = RepeatedLending(exit_cost=True) if cluster is None else cluster
    given = {**_BASE, **values}
    unknown = sorted(set(values) - set(lending_game(cluster).parameters) - {"I", "Y", "R", "w"})
    if unknown:
        raise UnknownParameterError(f"unknown parameter(s) {', '.join(unknown)} for {cluster!r}")
    columns: dict[str, list[Any]] = {k: [] for k in
                                     ("setting", "delta", "vertex", "bank", "sme", "shape")}
    notes: dict[str, Any] = {}
    for setting, model in (("isolated", RepeatedLending()), ("cluster", cluster)):
        vals = _model_values(model, given)
        for d in deltas:
            V = spe_payoffs(model, d, **vals)
            for j, (x, y) in enumerate(V.vertices.tolist()):
                for key, val in zip(columns, (setting, d, j, x, y, V.shape), strict=True):
                    columns[key].append(val)
        entry = entry_threshold(model, delta_tol=1e-5, **vals)
        notes[f"entry_delta_{setting}"] = round(entry.value, 4)
        notes["honest_payoff"] = str(entry.point)
    notes["parameters"] = str(given)
    return FigureData(columns, title="SPE payoff sets: isolated vs clustered SME", notes=notes)


def plot_payoff_sets(
    deltas: Sequence[float] = _FIGURE_DELTAS, cluster: RepeatedLending | None = None, *,
    ax: Any = None, style: str = "paper", **values: Any,
) -> Any:
    """The SPE payoff set of an isolated vs a clustered SME as δ grows (small multiples).

    One row per setting (isolated, cluster), one column per δ; the star is honest
    repayment. ``ax`` may be a 2 × len(deltas) array of Axes; other arguments as in
    :func:`payoff_sets_data`.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_payoff_sets([0.7, 0.95])
    >>> sorted(set(figure_data(fig).columns["shape"]))
    ['point', 'polygon', 'segment']
    """
    data = payoff_sets_data(deltas, cluster, **values)
    cols = data.columns
    with style_context(style):
        if ax is None:
            import matplotlib.pyplot as plt

            fig, axes = plt.subplots(2, len(deltas), sharex=True, sharey=True, squeeze=False,
                                     figsize=(2.6 * len(deltas) + 1, 5.2))
        else:
            axes = np.asarray(ax, dtype=object).reshape(2, -1)
            if axes.shape[1] != len(deltas):
                raise GameError(f"ax must be a 2 x {len(deltas)} array of Axes")
            fig = axes[0, 0].get_figure()
        honest = [float(x) for x in data.notes["honest_payoff"].strip("()").split(",")]
        for r, setting in enumerate(("isolated", "cluster")):
            for c, d in enumerate(deltas):
                panel = axes[r, c]
                rows = [k for k in range(len(cols["setting"]))
                        if cols["setting"][k] == setting and cols["delta"][k] == d]
                verts = np.array([[cols["bank"][k], cols["sme"][k]] for k in rows]).reshape(-1, 2)
                _draw(panel, verts, color=f"C{r}", label=setting)
                panel.plot(*honest, "*", color="k", ms=9)
                if r == 0:
                    panel.set_title(f"δ = {d}")
                if r == 1:
                    panel.set_xlabel("bank payoff")
            entry = data.notes[f"entry_delta_{setting}"]
            axes[r, 0].set_ylabel(f"{setting} SME payoff\n(honest from δ ≈ {entry})")
        fig.suptitle("SPE payoff sets (per period); ★ honest repayment")
    return attach_data(fig, data)
