r"""The Abreu–Pearce–Stacchetti operator on polygons: the outer iteration and the certificate.

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
:func:`~gametheory_cluster.payoff_sets.payoff_set.spe_payoff_sets` returns, for every
state, a :class:`~gametheory_cluster.payoff_sets.payoff_set.PayoffSet` with two polygons:

* an **outer** one (``vertices``): the APS iterates from the hull of the feasible
  payoffs (a stage payoff enforceable by itself standing in for its whole piece,
  see :func:`_apply`), until they move less than ``tol`` times the payoff range; incentive
  constraints are relaxed by a rounding-sized amount, so floating point never cuts
  :math:`V`. It contains :math:`V` (so a payoff outside it is *proved* not to be an
  equilibrium payoff).
* an **inner** one (``inner``): the fixed point of the operator with every
  incentive constraint tightened by a small margin, then *proved* self-generating
  in exact rational arithmetic. Each inner vertex :math:`y_j` gets a witness — a
  profile :math:`a_j` and a lottery over inner vertices as continuation — which
  together form an automaton with public randomisation; its values solve
  :math:`y = (1-\delta)u + \delta M y` exactly (rationals) and every one-shot
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

See docs/explanation/payoff_sets.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from gmpy2 import mpq

from ..algebra import gauss_jordan
from ..errors import DomainError
from .geometry import (
    Polygon,
    _barycentric,
    _box,
    _clip,
    _hausdorff,
    _hull,
    _inside,
    _moved,
    _nearest,
    _weighted_sum,
)
from .states import _Numbers

__all__: list[str] = []  # the engine of .payoff_set, which holds the public answers


# ---------------------------------------------------------------------------
# The APS operator on polygons, the outer iteration and the exact certificate
# ---------------------------------------------------------------------------


def _continuations(nums: _Numbers, W: list[Polygon], s: int, k: int, tol: float):
    """The expected continuations of profile ``k`` in state ``s`` and their vertex labels."""
    nexts = nums.move[s][k]
    if len(nexts) == 1:  # a certain next state: its set itself
        return W[nexts[0][0]], [(m,) for m in range(len(W[nexts[0][0]]))]
    return _weighted_sum([W[t] for t, _ in nexts], [p for _, p in nexts], tol)


def _worst(W: list[Polygon]) -> list[tuple[float, float]]:
    """Each player's lowest payoff in each set (inf for an empty set)."""
    return [(min([v[0] for v in w]), min([v[1] for v in w])) if w else (math.inf, math.inf)
            for w in W]


def _levels(nums: _Numbers, worst: list[tuple[float, float]], delta: float, s: int,
            shift: float, tol: float, profiles: Sequence[int] | None = None
            ) -> list[tuple[float | None, float | None]]:
    """For each profile of state ``s`` (or each of ``profiles``): lower bounds on the
    expected continuation from the incentive constraints.

    ``None`` where the constraint holds for every continuation (no profitable deviation).
    """
    keep = 1 - delta
    punish = [(delta * w0, delta * w1) for w0, w1 in worst]
    payoff, targets, certain_table = nums.payoff[s], nums.targets[s], nums.deviation_targets[s]
    result = []
    for k in range(len(payoff)) if profiles is None else profiles:
        u, own, simple = payoff[k], targets[k], certain_table[k]
        levels = []
        for i in (0, 1):
            if own is not None and (certain := simple[i]) is not None:  # certain moves: unrolled
                floor = worst[own][i]
                best = max([keep * v + punish[t][i] for v, t in certain], default=-math.inf)
            else:
                floor = sum(p * worst[t][i] for t, p in nums.move[s][k])
                best = max([keep * v + delta * sum(p * worst[t][i] for t, p in law)
                            for v, law in nums.deviation_table[s][k][i]], default=-math.inf)
            need = (best - keep * u[i]) / delta
            levels.append(need + shift if need > floor + tol else None)
        result.append((levels[0], levels[1]))
    return result


def _pieces(nums: _Numbers, W: list[Polygon], delta: float, shift: float, tol: float,
            stationary: bool = False, live: list[list[int]] | None = None
            ) -> list[list[tuple[int, Polygon]]]:
    """For each state, each profile ``k`` (or each one ``live`` lists) and the payoffs it
    generates from ``W``: pairs ``(k, piece)``.

    With ``stationary``, a profile that stays in its state and whose own payoff is an
    allowed continuation there contributes that payoff alone (the bound of
    :func:`_apply`).
    """
    worst = _worst(W)
    keep = 1 - delta
    result = []
    for s in range(len(nums.states)):
        profiles = range(len(nums.payoff[s])) if live is None else live[s]
        per: list[tuple[int, Polygon]] = []
        for k, (lo0, lo1) in zip(profiles, _levels(nums, worst, delta, s, shift, tol, profiles),
                                 strict=True):
            own, (u0, u1) = nums.targets[s][k], nums.payoff[s][k]
            if own is not None:
                E = W[own]
            elif all(W[t] for t, _ in nums.move[s][k]):
                E = _continuations(nums, W, s, k, tol)[0]
            else:  # a next state without equilibria
                E = []
            if (stationary and own == s and (lo0 is None or u0 >= lo0)
                    and (lo1 is None or u1 >= lo1) and _inside((u0, u1), E)):
                per.append((k, [(u0, u1)]))
                continue
            ux, uy = keep * u0, keep * u1
            per.append((k, [(ux + delta * x, uy + delta * y)
                            for x, y in _clip(_clip(E, 0, lo0), 1, lo1)]))
        result.append(per)
    return result


def _apply(nums: _Numbers, W: list[Polygon], delta: float, shift: float, tol: float,
           live: list[list[int]] | None = None) -> tuple[list[Polygon], list[list[int]]]:
    r"""One step of the outer iteration: :math:`B(W)` with the stationary bound.

    A profile :math:`a` that keeps the state :math:`s` and whose payoff :math:`u(a)`
    is an allowed continuation in :math:`W(s)` adds only :math:`u(a)`, not its whole
    piece. The result still contains :math:`V(s)` when :math:`W` does: in any
    direction :math:`\theta`, let :math:`x` be a point of :math:`V(s)` furthest along
    :math:`\theta`, made by a profile :math:`a` and a continuation :math:`w \in V(s)`
    (a state kept for certain). Then :math:`\theta x = (1-\delta)\theta u(a) +
    \delta\,\theta w \le (1-\delta)\theta u(a) + \delta\,\theta x`, so
    :math:`\theta x \le \theta u(a)`: the point :math:`u(a)` reaches as far along
    :math:`\theta` as :math:`x`. (A profile whose payoff is no allowed continuation
    keeps its piece.) And :math:`u(a) = (1-\delta)u(a) + \delta u(a)` lies in the piece
    it replaces, so the step stays inside plain :math:`B(W)`: the iterates still
    decrease to :math:`V`. The bound is the observation of Abreu and Sannikov (2014) that
    a stage payoff enforceable by itself is all such a profile contributes; it
    removes the slivers that plain APS iterates shave off only at rate
    :math:`\delta`.

    Only the profiles ``live`` lists are tried (default: all); those whose piece comes
    out empty are left out of the ``live`` lists returned, for they generate no payoff
    of :math:`V`, in this step or any later one: with :math:`V \subseteq W` each
    player's worst payoff in :math:`V` is at least his worst in :math:`W`, so the
    incentive constraints cut from :math:`V` a part of the quadrant :math:`Q_a(W)` they
    cut from :math:`W`, and :math:`V \cap Q_a(V) \subseteq W \cap Q_a(W) =
    \varnothing`. (The certificate's tightened iteration drops them too; what it
    reaches is checked exactly.)
    """
    pieces = _pieces(nums, W, delta, shift, tol, stationary=True, live=live)
    new = [_hull([p for _, piece in per for p in piece], tol) for per in pieces]
    empty = {s for s, w in enumerate(new) if not w}
    return ([[] if nums.reach[s] & empty else w for s, w in enumerate(new)],
            [[k for k, piece in per if piece] for per in pieces])


def _iterate(nums: _Numbers, W: list[Polygon], delta: float, shift: float, tol: float,
             max_iter: int, stop: Callable[[list[Polygon]], bool] | None = None
             ) -> tuple[list[Polygon], int, bool]:
    """Apply the operator until the sets move less than ``tol`` (or ``stop`` says so)."""
    live = None
    for n in range(1, max_iter + 1):
        new, live = _apply(nums, W, delta, shift, tol, live)
        settled = not any(_moved(a, b, tol) for a, b in zip(W, new, strict=True))
        W = new
        if settled or (stop is not None and stop(W)):
            return W, n, settled
    return W, max_iter, False


def _certify(nums: _Numbers, Z: list[Polygon], delta: float, exact_delta: Fraction,
             margin: float, tol: float) -> list[list[tuple[mpq, mpq]]] | None:
    """Values of a witness automaton on ``Z``'s vertices, if every deviation check passes.

    Each vertex gets the profile and the continuation lottery that reproduce it best
    (constraints tightened by ``margin``); the automaton's values are solved and its
    one-shot deviations checked in exact rationals (``mpq``). ``None`` when a check fails.
    """
    cells = [(s, j) for s, w in enumerate(Z) for j in range(len(w))]
    index = {cell: n for n, cell in enumerate(cells)}
    size = len(index)
    matrix = [[mpq(0)] * size for _ in range(size)]
    rhs: list[list[mpq]] = []
    plays: list[tuple[int, int]] = []
    exact_delta = mpq(exact_delta)
    keep = 1 - exact_delta
    worst = _worst(Z)
    options = []  # per state: each usable profile, its continuations and the allowed part
    for s in range(len(Z)):
        per = []
        for k, (lo0, lo1) in enumerate(_levels(nums, worst, delta, s, margin, tol)):
            if any(not Z[t] for t, _ in nums.move[s][k]):
                continue
            E, labels = _continuations(nums, Z, s, k, tol)
            piece = _hull(_clip(_clip(E, 0, lo0), 1, lo1), tol)
            per.append((k, nums.payoff[s][k], E, labels, piece, _box(piece)))
        options.append(per)
    for (s, j), row in index.items():
        x = Z[s][j]
        best = None
        for k, u, E, labels, piece, box in options[s]:
            target = ((x[0] - (1 - delta) * u[0]) / delta, (x[1] - (1 - delta) * u[1]) / delta)
            e, dist = _nearest(target, piece, box, math.inf if best is None else best[0])
            if e is not None and (best is None or dist < best[0]):
                best = (dist, k, e, E, labels)
                if not dist:  # reproduced exactly: no later profile is chosen over it
                    break
        if best is None:
            return None
        _, k, e, E, labels = best
        weights = {m: w for m, w in _barycentric(e, E).items() if w > 1e-13}
        exact = {m: mpq(w) for m, w in weights.items()}
        total = sum(exact.values())
        coefs = [(t, exact_delta * nums.exact_move[s][k][t] / total) for t, _ in nums.move[s][k]]
        matrix[row][row] += 1
        for m, w in exact.items():
            for (t, coef), vertex in zip(coefs, labels[m], strict=True):
                matrix[row][index[t, vertex]] -= coef * w
        exact_u = nums.exact_payoff[s][k]
        rhs.append([keep * exact_u[0], keep * exact_u[1]])
        plays.append((s, k))
    if not size:
        return [[] for _ in Z]
    values = gauss_jordan([m + r for m, r in zip(matrix, rhs, strict=True)], len(matrix))
    punish = [  # delta times each player's lowest value in each state
        tuple(exact_delta * min(values[index[s, j]][i] for j in range(len(w))) for i in (0, 1))
        if w else None for s, w in enumerate(Z)
    ]
    threat: dict[tuple[int, int, int], mpq] = {}  # (state, deviation, player) -> its value
    for row, (s, k) in enumerate(plays):
        for i in (0, 1):
            for d in nums.deviations(s, k, i):
                if (s, d, i) not in threat:
                    threat[s, d, i] = keep * nums.exact_payoff[s][d][i] + sum(
                        p * punish[t][i] for t, p in nums.exact_move[s][d].items()  # type: ignore[index]
                    )
                if values[row][i] < threat[s, d, i]:
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


def _feasible(nums: _Numbers, tol: float, delta: float | None = None) -> list[Polygon]:
    """For each state, a polygon that contains V: the hull of the period payoffs of the
    states it can reach, cut (given ``delta``) by the floors of :func:`_floors`."""
    hulls = [_hull([u for t in sorted(nums.reach[s]) for u in nums.payoff[t]], tol)
             for s in range(len(nums.states))]
    if delta is None:
        return hulls
    floors = _floors(nums, delta)
    return [_hull(_clip(_clip(w, 0, f[0]), 1, f[1]), tol) if w else w
            for w, f in zip(hulls, floors, strict=True)]


def _floors(nums: _Numbers, delta: float) -> list[tuple[float, float]]:
    r"""Lower bounds on each player's subgame-perfect payoff in each state.

    Whatever pure profile a public lottery selects, a player can deviate to his best
    reply and get at least his worst continuation next, so his worst payoff
    :math:`m_i(s)` satisfies :math:`m_i \ge T_i m_i` with

    .. math:: (T_i m)(s) = \min_{a_{-i}} \max_{a_i}\,(1-\delta)u_i(s, a)
        + \delta \textstyle\sum_{s'} P(s' \mid s, a)\, m(s'),

    a monotone δ-contraction; its fixed point is a floor below every SPE payoff (the
    pure minmax in a repeated game, which one step of :math:`T_i` tells). It is found
    by value iteration from below followed by one policy evaluation, whose residual
    :math:`r` bounds its error (:math:`m^* \ge m - r/(1-\delta)`); a rounding margin
    keeps the floor below.
    Cutting the feasible set by the floors starts the outer iteration where the
    threat points already are, instead of climbing to them at rate δ.
    """
    count = len(nums.states)
    slack = 1e-12 * nums.scale
    keep = 1 - delta
    laws: dict[tuple[tuple[int, float], ...], int] = {}  # each distinct transition law, numbered
    law = [[laws.setdefault(tuple(moves), len(laws)) for moves in nums.move[s]]
           for s in range(count)]
    floors = []
    for i in (0, 1):
        lowest = [min(u[i] for t in nums.reach[s] for u in nums.payoff[t]) for s in range(count)]
        replies = []  # per state and action of the other player: each own action's profile,
        for s in range(count):  # its (1 - delta) * payoff and its transition law
            n1, n2 = nums.shape[s]
            groups = ([[a * n2 + b for a in range(n1)] for b in range(n2)] if i == 0 else
                      [[a * n2 + b for b in range(n2)] for a in range(n1)])
            replies.append([[(k, keep * nums.payoff[s][k][i], law[s][k]) for k in ks]
                            for ks in groups])

        def apply(m: list[float], replies: list[Any] = replies) -> tuple[list[float], list[int]]:
            later = [delta * sum([p * m[t] for t, p in moves]) for moves in laws]  # per law
            values, policy = [], []
            for per in replies:
                best_value, best_k = math.inf, 0
                for options in per:
                    top, top_k = -math.inf, 0
                    for k, kept, j in options:
                        v = kept + later[j]
                        if v > top:
                            top, top_k = v, k
                    if top < best_value:
                        best_value, best_k = top, top_k
                values.append(best_value)
                policy.append(best_k)
            return values, policy

        m = lowest
        steps = 1 if count == 1 else 20
        for _ in range(steps):
            m, policy = apply(m)
        if count == 1:  # the pure minmax itself: T m = (1 - delta) v + delta m, one step tells v
            v = (m[0] - delta**steps * lowest[0]) / (1 - delta**steps)
            candidate = [v]
        else:  # evaluate the current policy, then bound its error by one more step
            matrix = np.eye(count)
            rhs = np.zeros(count)
            for s, k in enumerate(policy):
                rhs[s] = (1 - delta) * nums.payoff[s][k][i]
                for t, p in nums.move[s][k]:
                    matrix[s, t] -= delta * p
            candidate = np.linalg.solve(matrix, rhs).tolist()
        residual = max(abs(x - y) for x, y in zip(apply(candidate)[0], candidate, strict=True))
        bound = [x - residual / (1 - delta) - slack for x in candidate]
        floors.append([max(x, y - slack) for x, y in zip(bound, m, strict=True)])
    return [(floors[0][s], floors[1][s]) for s in range(count)]


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
    outer, n, converged = _iterate(nums, _feasible(nums, fine, delta), delta,
                                   -_RELAX * nums.scale, fine, max_iter, stop)
    if stop is not None and stop(outer):
        return _Solution(outer, [[] for _ in outer], [], [], n, converged)
    inner: list[Polygon] = [[] for _ in outer]
    if certify and any(outer):
        margin = 10 * tol * nums.scale / (1 - delta)
        Z = outer
        while margin <= 1e-3 * nums.scale:
            # the tightened iterates shrink toward a self-generating set; try the exact
            # certificate at growing checkpoints (1, 5, 21, ... steps) instead of only at
            # full convergence: one step usually suffices, and proves the largest polygon
            values, done, step = None, 0, 1
            while done < max_iter:
                Z, m, converged_inner = _iterate(nums, Z, delta, margin, fine,
                                                 min(step, max_iter - done))
                n, done, step = n + m, done + m, step * 4
                values = _certify(nums, Z, delta, exact_delta, margin / 2, fine)
                if values is not None or converged_inner:
                    break
            if values is not None:
                inner = [_hull([(float(x), float(y)) for x, y in v], coarse) for v in values]
                break
            margin *= 100
    outer = [_hull(w, coarse) for w in outer]
    gaps = [_hausdorff(v, w) for v, w in zip(inner, outer, strict=True)]
    outer = [_hull(_snap(w, v, coarse), coarse) for w, v in zip(outer, inner, strict=True)]
    pieces = [[(k, piece, _box(piece)) for k, piece in ((k, _hull(p, fine)) for k, p in per)]
              for per in _pieces(nums, outer, delta, -_RELAX * nums.scale, fine)]
    generators = [
        [tuple(nums.profiles[s][k] for k, piece, box in pieces[s]
               if _nearest(v, piece, box, coarse)[1] <= coarse) for v in outer[s]]
        for s in range(len(outer))
    ]
    return _Solution(outer, inner, gaps, generators, n, converged)
