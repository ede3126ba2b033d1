r"""Plane geometry of convex polygons that may be empty, a point or a segment.

For two players every payoff set is a convex polygon in :math:`\mathbb{R}^2`, and the
Abreu–Pearce–Stacchetti operator (:mod:`.operator`) needs only a few operations on
polygons, all here: the convex hull (Andrew's monotone chain; a vertex closer than
``tol`` to the segment joining its neighbours is dropped, so a hull that is a point or
a segment up to ``tol`` comes out as one); the intersection with a half-plane
:math:`\{x : x_i \ge c\}`; the weighted Minkowski sum :math:`\sum_k w_k P_k`, with
the vertex of each :math:`P_k` behind each of its vertices; nearest points and the
Hausdorff distance; and convex (barycentric) weights that reproduce a point from a
polygon's vertices, which the certificate turns into lotteries over continuations.

A polygon is a list of ``(x, y)`` pairs, counter-clockwise, without repeated or
collinear vertices: ``[]`` is empty, one vertex a point, two a segment.

See docs/explanation/payoff_sets.md. References: A. M. Andrew (1979), Information
Processing Letters 9(5):216–219; D. Abreu and Y. Sannikov (2014), Theoretical
Economics 9(2):313–338.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

__all__ = ["Point", "Polygon"]

Point = tuple[float, float]
Polygon = list[Point]  # convex, counter-clockwise, no repeated or collinear vertices


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _nearest_on_segment(p: Point, a: Point, b: Point) -> tuple[Point, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    along = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length if length else 0.0
    t = min(1.0, max(0.0, along))
    q = (a[0] + t * dx, a[1] + t * dy)
    return q, math.hypot(p[0] - q[0], p[1] - q[1])


def _slack(hull: Sequence[Point], k: int, tol: float) -> float:
    """The distance of vertex ``k`` of a closed chain to the segment joining its neighbours;
    ``inf`` when its distance to their line already exceeds ``2 tol`` (no sliver).

    The arithmetic of :func:`_nearest_on_segment`, without the tuples.
    """
    (px, py), (ax, ay), (bx, by) = hull[k], hull[k - 1], hull[k + 1 - len(hull)]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    cross = (px - ax) * dy - (py - ay) * dx  # |cross| / sqrt(length): the distance to the line
    if cross * cross > 4 * tol * tol * length:
        return math.inf
    along = ((px - ax) * dx + (py - ay) * dy) / length if length else 0.0
    t = min(1.0, max(0.0, along))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _edges(n: int) -> list[tuple[int, int]]:
    return [(0, 1)] if n == 2 else [(k, (k + 1) % n) for k in range(n)]


def _hull(points: Sequence[Point], tol: float) -> Polygon:
    """The convex hull's vertices (counter-clockwise), sliver vertices dropped.

    A vertex closer than ``tol`` to the segment joining its neighbours is removed,
    so a hull that is a point or a segment up to ``tol`` comes out as one.
    """
    unique = sorted(set(points))
    if len(unique) <= 1:
        return unique

    def chain(seq: list[Point]) -> list[Point]:
        out: list[Point] = []
        ax = ay = 0.0  # the last point of out
        for b in seq:
            bx, by = b
            while len(out) >= 2:
                ox, oy = out[-2]
                if (ax - ox) * (by - oy) - (ay - oy) * (bx - ox) > 0:  # _cross, inlined
                    break
                out.pop()
                ax, ay = ox, oy
            out.append(b)
            ax, ay = bx, by
        return out

    hull = chain(unique)[:-1] + chain(unique[::-1])[:-1]
    slack = [_slack(hull, k, tol) for k in range(len(hull))]
    while len(hull) >= 3:  # drop the thinnest sliver vertex; only its neighbours' slack moves
        low = min(slack)
        if low > tol:
            return hull
        k = slack.index(low)
        del hull[k], slack[k]
        if len(hull) >= 3:
            k %= len(hull)
            slack[k - 1], slack[k] = _slack(hull, k - 1, tol), _slack(hull, k, tol)
    if len(hull) == 2 and math.dist(hull[0], hull[1]) <= tol:
        return hull[:1]
    return hull


def _hull_indices(points: Sequence[Point], tol: float) -> list[int]:
    """:func:`_hull` as indices into ``points`` (the first of equal points)."""
    first: dict[Point, int] = {}
    for k, p in enumerate(points):
        first.setdefault(p, k)
    return [first[p] for p in _hull(points, tol)]


def _inside(p: Point, poly: Polygon) -> bool:
    """Whether ``p`` lies in ``poly`` (boundary included; False for a point or a segment)."""
    n = len(poly)
    return n >= 3 and all(_cross(poly[k - 1], poly[k], p) >= 0 for k in range(n))


Box = tuple[float, float, float, float]  # lowest x, lowest y, highest x, highest y


def _box(poly: Polygon) -> Box | None:
    """The bounding box of ``poly`` (None if empty)."""
    if not poly:
        return None
    xs, ys = [v[0] for v in poly], [v[1] for v in poly]
    return min(xs), min(ys), max(xs), max(ys)


def _nearest(p: Point, poly: Polygon, box: Box | None = None,
             beyond: float = math.inf) -> tuple[Point | None, float]:
    """The point of ``poly`` (a clean hull) nearest to ``p`` and its distance (inf if empty).

    Given ``poly``'s bounding ``box``: a point outside the polygon whose gap to the box
    exceeds ``beyond`` by more than rounding (1e-12 of the coordinates' size; every
    edge's distance, rounding included, is at least that gap less a few units in the
    last place) gets ``(None, inf)`` without the edges' distances.
    """
    if not poly:
        return None, math.inf
    if len(poly) == 1:
        return poly[0], math.dist(p, poly[0])
    if box is not None:  # (a point beyond the box lies outside the polygon)
        x, y = p
        lo_x, lo_y, hi_x, hi_y = box
        size = max(abs(x), abs(y), abs(lo_x), abs(lo_y), abs(hi_x), abs(hi_y))
        if max(lo_x - x, x - hi_x, lo_y - y, y - hi_y) > beyond + 1e-12 * size:
            return None, math.inf
    if _inside(p, poly):
        return p, 0.0
    best = _nearest_on_segment(p, poly[0], poly[1])
    for i, j in _edges(len(poly))[1:]:  # the first nearest segment, as min() picks it
        q, dist = _nearest_on_segment(p, poly[i], poly[j])
        if dist < best[1]:
            best = (q, dist)
    return best


def _hausdorff(a: Polygon, b: Polygon) -> float:
    """The Hausdorff distance of two clean hulls (inf when one is empty)."""
    if not a and not b:
        return 0.0
    if not a or not b:
        return math.inf
    return max(max(_nearest(p, b)[1] for p in a), max(_nearest(q, a)[1] for q in b))


def _moved(a: Polygon, b: Polygon, tol: float) -> bool:
    """Whether an upper bound on the Hausdorff distance of ``a`` and ``b`` exceeds ``tol``.

    The bound is cheap when the vertices correspond. When they do not, a side of the
    bounding box that moved by more than ``2 tol`` (a lower bound, ``tol`` far above
    rounding) decides it before the distances are computed.
    """
    if len(a) != len(b) or not a:
        if a and b and max(abs(f(p[i] for p in a) - f(p[i] for p in b))
                           for f in (min, max) for i in (0, 1)) > 2 * tol:
            return True
        return _hausdorff(a, b) > tol
    gaps = [math.dist(a[0], q) for q in b]
    j = gaps.index(min(gaps))  # b's vertex nearest to a's first
    return any(math.dist(p, b[(i + j) % len(b)]) > tol for i, p in enumerate(a))


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
    kept = []
    n, sb = len(poly), signs[0]
    for k in range(n):  # the edge from vertex k to the next
        sa, sb = sb, signs[k + 1 - n]
        if sa >= 0:
            kept.append(poly[k])
            if sb >= 0:
                continue
        elif sb < 0:
            continue
        a, b = poly[k], poly[k + 1 - n]  # it crosses the line
        t = sa / (sa - sb)
        kept.append((level, a[1] + t * (b[1] - a[1])) if axis == 0 else
                    (a[0] + t * (b[0] - a[0]), level))
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
