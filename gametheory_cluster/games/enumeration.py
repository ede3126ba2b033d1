r"""Exact vertex enumeration of the best-response polytopes: every extreme equilibrium.

After shifting the payoffs to be positive (which changes no equilibrium), the
*best-response polytopes* of the bimatrix game :math:`(A, B)` are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

A point of :math:`P` has the *label* :math:`i` when :math:`x_i = 0` and the label
:math:`m + j` when :math:`(B^\top x)_j = 1` (column :math:`j` is a best response to
:math:`x`); labels of :math:`Q` are defined the same way. A pair
:math:`(x, y) \ne (0, 0)` is *completely labelled* when every label
:math:`1, \dots, m + n` appears at :math:`x` or at :math:`y`; after normalisation
these pairs are exactly the Nash equilibria (von Stengel 2002, *Handbook of Game
Theory* vol. 3, ch. 45). The *extreme equilibria* are the completely labelled pairs
of vertices. All labels of a vertex are counted, not only those of one basis: that
is what makes degenerate games (a strategy with more best responses than its
support size) come out right.

The vertices are found by *lexicographic reverse search* (Avis & Fukuda 1992,
*Discrete & Computational Geometry* 8:295–313; Avis 2000, lrs): the origin is a
vertex of each polytope and the unique optimum of :math:`\max -\mathbf 1^\top z`;
from any other lexicographically positive basis the simplex method (Bland's rule
for the entering variable, the lexicographic ratio test for the leaving one) leads
back to it, and reverse search walks that tree of simplex paths backwards, visiting
every lexicographically positive basis once, with no list of visited bases. The
lexicographic rule is a symbolic perturbation of the right-hand side, so degenerate
vertices (more tight constraints than the dimension) cost a few extra bases, never a
missed vertex or a cycle. Work grows with the number of vertices, not with the
:math:`\binom{m+n}{m}` square bases. Pivoting is exact and fraction-free (integer
dictionaries whose common denominator is the basis determinant, as in lrs), so the
answer is exact for every rational (or float, read as its exact binary value) input.
Wide entries (floats read exactly are integers of some 60 bits over one denominator)
are pivoted as GMP integers (gmpy2's ``mpz``), whose products and quotients of a few
hundred bits cost less than Python's; narrow ones stay Python integers, faster there.
A polytope of dimension and codimension at most 2 (a 2×2 game) takes a closed form.
The vertices of :math:`P` and :math:`Q` are then matched by their label sets (a
dictionary lookup of the complementary set when no vertex has surplus labels). The
constraints tight at a vertex determine it, so its labels name it: the search keeps each
vertex as the basis that found it and computes its point only when it pairs into an
equilibrium.
Everything stays in integers; the numbers of the answer become sympy Rationals (or
floats) when first read. ``max_bases`` bounds the bases visited per polytope.

In a degenerate game equilibria need not be isolated. Join an extreme equilibrium
:math:`(x, y)` by an edge of the bipartite graph on the vertices of :math:`P` and
:math:`Q`; every maximal biclique :math:`(X, Y)` of that graph gives a *maximal
Nash subset* :math:`\operatorname{conv} X \times \operatorname{conv} Y`, and the
connected components of the graph are the *components* of the equilibrium set
(Avis, Rosenberg, Savani & von Stengel 2010, *Economic Theory* 42:9–37).

See docs/explanation/stage_games.md.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from operator import mul
from typing import TYPE_CHECKING, Any

import sympy as sp
from gmpy2 import mpz

from ..errors import GameError
from ..progress import Meter
from ._coerce import Number
from .results import Component, Equilibrium, EquilibriumSet, NashSubset

if TYPE_CHECKING:
    from .normal_form import StageGame

#: Default bound on the bases that reverse search may visit in one best-response
#: polytope (a random 15×15 game needs about 30,000; each costs ~0.1 ms).
MAX_BASES = 250_000

#: Bases visited (a second or two of work) before an enumeration reports its progress.
QUIET_BASES = 10_000

#: Entries wider than this many bits are pivoted as GMP integers (see the module notes).
WIDE_BITS = 32


def _integer_matrix(rows: Sequence[Sequence[Any]]) -> tuple[list[list[int]], int]:
    """Exact numbers (int, Fraction, float) as integers over one common denominator.

    Returns ``(numerators, denominator)``.
    """
    if all([type(v) is int for row in rows for v in row]):
        return [list(row) for row in rows], 1
    ratios = [[v.as_integer_ratio() for v in row] for row in rows]
    scale = math.lcm(*[q for row in ratios for _, q in row])
    return [[p * (scale // q) for p, q in row] for row in ratios], scale


def _positive(rows: list[list[int]]) -> list[list[int]]:
    """The integer matrix shifted so that its smallest entry is 1."""
    shift = 1 - min(map(min, rows))
    return [[v + shift for v in row] for row in rows] if shift else rows


def _polytope_vertices(
    M: list[list[int]], limit: int | None = None, whose: str = "a", meter: Meter | None = None
) -> dict[tuple[int, ...], int]:
    """Vertices ``z != 0`` of ``{z >= 0 : Mᵀ z <= 1}`` for an integer ``M`` (d × c), shifted
    first to be positive (which changes no direction and no label).

    Returns ``{labels: (basis, values)}``: bit ``i < d`` of ``labels`` is set when
    ``z_i = 0``, bit ``d + k`` when ``(Mᵀ z)_k = 1``; these tight constraints determine the
    vertex, so the labels name it. ``basis`` lists the basic variables of one of its bases
    and ``values`` their numerators over its determinant; :func:`_direction` turns them
    into ``z``, whose ``z / sum(z)`` is the mixed strategy.

    Lexicographic reverse search over the dictionary ``D·s_k = D − Σ_i M[i][k] z_i``
    (one slack ``s_k`` per column of ``M``) with the objective ``max −Σ z_i``, in
    integer (fraction-free) arithmetic. ``limit`` bounds the bases visited: beyond it
    a :class:`GameError` says how to lift the bound. ``meter`` counts the bases visited.
    """
    d, c = len(M), len(M[0])
    if d <= 2 and c <= 2:
        return _small_polytope_vertices(M, d, c)
    M = _positive(M)
    if max(map(max, M)).bit_length() > WIDE_BITS:
        M = [[mpz(v) for v in row] for row in M]
    # Variables 0..d-1 are z, d..d+c-1 the slacks. Row i of a dictionary holds the
    # basic variable basis[i]: D·value = T[0][i] − Σ_q T[q][i]·(variable cobasis[q]);
    # the dictionary is stored by columns (0: right-hand side, q = 1..d: nonbasic
    # variables), entry c of each column being the objective row. A frame of the
    # depth-first search is [columns, basis, cobasis, D, labels of the nonbasic
    # variables, next column to try].
    root = [[1] * c + [0]] + [[*M[i], 1] for i in range(d)]
    found: dict[int, tuple[list[int], list[int]]] = {}
    stack = [[root, list(range(d, d + c)), [-1, *range(d)], 1, (1 << d) - 1, 1]]
    rows, cols = range(c), range(1, d + 1)
    visited = 0
    bound = math.inf if limit is None else limit
    while stack:
        frame = stack[-1]
        T, basis, cobasis, D, nonbasic, j = frame
        rhs = T[0]
        # the next column j whose pivot leads to a child of this basis
        while j <= d:
            column = T[j]
            oj = column[c]
            if oj > 0:
                # the lexicographic ratio test for column j (ties are rare: _tied_row)
                r, tie = -1, False
                for i in rows:
                    t = column[i]
                    if t > 0:
                        r, num, den = i, rhs[i], t
                        break
                for i in range(r + 1, c):
                    t = column[i]
                    if t > 0:
                        left, right = rhs[i] * den, num * t
                        if left < right:
                            r, num, den, tie = i, rhs[i], t, False
                        elif left == right:
                            tie = True
                if tie:
                    r = _tied_row(T, j, basis, cobasis, D, d, c)
                elif r < 0:  # cannot happen: M > 0 makes the polytope bounded
                    raise AssertionError("an unbounded edge in a best-response polytope")
                a, u = column[r], basis[r]
                # a child when the simplex rule (Bland's entering variable, then the
                # ratio test) pivots back from it to this basis
                for q in cols:
                    if cobasis[q] < u and q != j:
                        other = T[q]
                        if a * other[c] < oj * other[r]:
                            break
                else:
                    break
            j += 1
        if j > d:
            stack.pop()
            continue
        frame[5] = j + 1
        visited += 1
        if meter is not None and not visited & 1023:
            meter.advance(1024)
        if visited > bound:
            raise GameError(
                f"the vertices of {whose} best-response polytope ({d} strategies against "
                f"{c}) need more than {limit:,} simplex bases; pass max_bases=None (or a "
                "larger number) to StageGame.equilibria to lift this bound"
            )
        # pivot: variable v = cobasis[j] enters at row r, u = basis[r] leaves into column j
        pivot = T[j]
        child = []
        for q, column in enumerate(T):
            if q == j:
                new = [-x for x in column]
                new[r] = D
            else:
                f = column[r]
                if f:
                    if D == 1:
                        new = [a * x - f * y for x, y in zip(column, pivot, strict=False)]
                    else:
                        new = [(a * x - f * y) // D for x, y in zip(column, pivot, strict=False)]
                    new[r] = f
                elif a == D:
                    new = column[:]
                else:
                    new = [a * x // D for x in column]
            child.append(new)
        v = cobasis[j]
        new_basis, new_cobasis = basis[:], cobasis[:]
        new_basis[r], new_cobasis[j] = v, u
        nonbasic ^= (1 << v) | (1 << u)
        stack.append([child, new_basis, new_cobasis, a, nonbasic, 1])
        # the vertex of the new basis and its labels (a basic variable at 0 too)
        values = child[0]
        labels = nonbasic
        if 0 in values:  # (the objective, last, is not 0 away from the origin)
            for v, value in zip(new_basis, values, strict=False):
                if not value:
                    labels |= 1 << v
        found[labels] = (new_basis, values)
    return found


def _small_polytope_vertices(
    M: list[list[int]], d: int, c: int
) -> dict[int, tuple[range, list[int]]]:
    """:func:`_polytope_vertices` in closed form for ``d, c <= 2`` (a 2×2 game costs µs).

    On the axis of ``z_i`` the vertex is ``e_i / max_k M[i][k]`` (``M`` shifted to be
    positive: neither the directions nor the labels below depend on the shift), with
    the constraints attaining that maximum tight. For ``d = c = 2`` the two constraint lines meet
    inside the quadrant exactly when ``e0 = M[0][0] − M[0][1]`` and
    ``e1 = M[1][0] − M[1][1]`` have strictly opposite signs, at the direction
    ``(|e1|, |e0|)`` (there ``z_0 e0 + z_1 e1 = 0``).
    """
    if d == 1:
        top = max(M[0])
        return {sum([2 << k for k in range(c) if M[0][k] == top]): (range(1), [1])}
    first, second = M
    top, other = max(first), max(second)
    axes = range(2)  # every vertex given by the values of z_0, z_1
    found = {
        2 | sum([4 << k for k in range(c) if first[k] == top]): (axes, [1, 0]),
        1 | sum([4 << k for k in range(c) if second[k] == other]): (axes, [0, 1]),
    }
    if c == 2:
        e0, e1 = M[0][0] - M[0][1], M[1][0] - M[1][1]
        if (e0 > 0 > e1) or (e0 < 0 < e1):
            found[0b1100] = (axes, [abs(e1), abs(e0)])
    return found


def _direction(vertex: tuple[Sequence[int], list[int]], d: int) -> tuple[int, ...]:
    """The point ``z`` of a vertex ``(basis, values)`` of :func:`_polytope_vertices`,
    divided by the gcd of its numerators: one integer tuple per vertex (a ray from the
    origin meets at most one vertex)."""
    z = [0] * d
    for v, value in zip(*vertex, strict=False):  # (values ends with the objective)
        if v < d:
            z[v] = value
    g = math.gcd(*z)
    return tuple([int(v // g) for v in z])  # (Python integers again, if pivoted as mpz)


def _tied_row(
    T: list[list[int]], j: int, basis: list[int], cobasis: list[int], D: int, d: int, c: int
) -> int:
    """The row of the lexicographic minimum ratio test for column ``j`` when ratios tie.

    Ratios ``T[0][i] / T[j][i]`` over the rows with ``T[j][i] > 0``; ties are broken
    by the columns of the inverse basis (the slacks' coefficients, in order), which is
    the lexicographic perturbation ``1 + (ε, ε², …)`` of the right-hand side. The
    inverse basis is non-singular, so some column breaks every tie.
    """
    column = T[j]
    ties = [i for i in range(c) if column[i] > 0]
    position = {v: q for q, v in enumerate(cobasis) if q}
    row_of = {v: i for i, v in enumerate(basis)}
    for k in range(-1, c):  # -1: the right-hand side itself
        if k < 0:
            values = T[0]
        elif d + k in position:
            values = T[position[d + k]]
        else:
            values = [0] * c
            values[row_of[d + k]] = D
        kept = ties[:1]
        num, den = values[kept[0]], column[kept[0]]
        for i in ties[1:]:
            left, right = values[i] * den, num * column[i]
            if left < right:
                kept, num, den = [i], values[i], column[i]
            elif left == right:
                kept.append(i)
        if len(kept) == 1:
            return kept[0]
        ties = kept
    raise AssertionError("the lexicographic ratio test left a tie")  # a singular basis


def _extreme_equilibria(
    A: list[list[int]], B: list[list[int]], max_bases: int | None = MAX_BASES,
    progress: bool = False,
) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], bool]:
    """All extreme equilibria of the integer game ``(A, B)`` and whether it is degenerate.

    An equilibrium is a pair of integer directions ``(x, y)``: the strategies are
    ``x / sum(x)`` and ``y / sum(y)``. With ``progress``, an enumeration that runs
    past :data:`QUIET_BASES` bases reports the count (see :class:`.Meter`).
    """
    m, n = len(A), len(A[0])
    meter = Meter(f"equilibria of a {m}×{n} game", progress=progress, unit="bases",
                  after=QUIET_BASES, every=QUIET_BASES)
    try:
        P = _polytope_vertices(B, max_bases, "the row player's", meter)
        A_t = [list(column) for column in zip(*A, strict=True)]
        Q = _polytope_vertices(A_t, max_bases, "the column player's", meter)
    finally:
        meter.close()
    low = (1 << n) - 1  # Q's labels: bits 0..n-1 are y_j = 0, bits n.. tight rows
    by_mask = {((labels & low) << m) | (labels >> n): y for labels, y in Q.items()}
    # a vertex with more labels than its dimension: a strategy with more best responses
    # than its support size
    degenerate = max(map(int.bit_count, P)) > m or max(map(int.bit_count, by_mask)) > n
    full = (1 << (m + n)) - 1
    pairs = []
    if not degenerate:  # a vertex has exactly m (or n) labels: the complement must match
        get = by_mask.get
        for lx, x in P.items():
            y = get(full ^ lx)
            if y is not None:
                pairs.append((_direction(x, m), _direction(y, n)))
        return pairs, degenerate
    # y must carry every label x lacks: intersect, per missing label, the set (a bit
    # mask over the vertices of Q) of vertices that carry it
    masks = list(by_mask)
    having = [0] * (m + n)
    for t, ly in enumerate(masks):
        for label in _bits(ly):
            having[label] |= 1 << t
    everything = (1 << len(masks)) - 1
    ys = [_direction(by_mask[ly], n) for ly in masks]
    for lx, x in P.items():
        found = everything
        for label in _bits(full ^ lx):
            found &= having[label]
        if found:
            x = _direction(x, m)
            pairs += [(x, ys[t]) for t in _bits(found)]
    return pairs, degenerate


def _bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, lowest first."""
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


def _solve(
    A: Sequence[Sequence[Any]],
    B: Sequence[Sequence[Any]],
    floating: bool,
    game: StageGame,
    max_bases: int | None = MAX_BASES,
    progress: bool = False,
) -> EquilibriumSet:
    """Every equilibrium of a game with exact numeric payoffs (int, Fraction, or float
    read as its exact binary value), in integer arithmetic from start to end.

    The answer's numbers are sympy Rationals, or floats (correctly rounded) when
    ``floating``.
    """
    A_int, scale_a = _integer_matrix(A)
    B_int, scale_b = _integer_matrix(B)
    pairs, degenerate = _extreme_equilibria(A_int, B_int, max_bases, progress)
    if len(pairs) > 1:
        rank_x = _ranks({x for x, _ in pairs})
        rank_y = _ranks({y for _, y in pairs})
        pairs.sort(key=lambda p: (rank_x[p[0]], rank_y[p[1]]))
    certify = _integer_certifier(A_int, scale_a, B_int, scale_b, floating, game)
    return _assemble(pairs, certify, game, degenerate, ordered=False)


def _ranks(directions: set[tuple[int, ...]]) -> dict[tuple[int, ...], int]:
    """Position of each direction when the strategies ``z / sum(z)`` are sorted descending."""
    if len(directions) == 1:
        return dict.fromkeys(directions, 0)
    if len(directions) <= 8:  # over one common denominator, the numerators sort alike
        common = math.lcm(*map(sum, directions))
        keyed = sorted(
            ((tuple([v * (common // sum(z)) for v in z]), z) for z in directions), reverse=True
        )
        return {z: k for k, (_, z) in enumerate(keyed)}
    sums = {z: sum(z) for z in directions}

    def compare(a: tuple[int, ...], b: tuple[int, ...]) -> int:
        sa, sb = sums[a], sums[b]
        for u, v in zip(a, b, strict=True):
            left, right = u * sb, v * sa
            if left != right:
                return -1 if left > right else 1
        return 0

    ordered = sorted(directions, key=functools.cmp_to_key(compare))
    return {z: k for k, z in enumerate(ordered)}


def _integer_certifier(
    A: list[list[int]],
    scale_a: int,
    B: list[list[int]],
    scale_b: int,
    floating: bool,
    game: StageGame,
) -> Callable[[tuple[int, ...], tuple[int, ...]], Equilibrium]:
    """:func:`_certifier` for integer directions and payoffs ``A / scale_a``, ``B / scale_b``.

    Every tuple of numbers is kept as integer numerators over one denominator and
    turned into sympy Rationals (or correctly rounded floats) when first read.
    """
    B_t = [list(column) for column in zip(*B, strict=True)]
    labels = (game.row_actions, game.col_actions, game.players)
    scale = scale_a * scale_b
    numbers: dict[tuple[int, int], Number] = {}
    against_y: dict[tuple[int, ...], tuple[Any, ...]] = {}
    against_x: dict[tuple[int, ...], tuple[Any, ...]] = {}

    def convert(p: int, q: int) -> Number:
        got = numbers.get((p, q))
        if got is None:
            got = numbers[p, q] = p / q if floating else sp.Rational(p, q)
        return got

    def side(z: tuple[int, ...], matrix: list[list[int]], scale: int) -> tuple:
        """(z over its sum, the payoffs against z over their denominator)."""
        total = sum(z)
        return (z, total), ([sum(map(mul, row, z)) for row in matrix], total * scale)

    def certify(x: tuple[int, ...], y: tuple[int, ...]) -> Equilibrium:
        got_y = against_y.get(y)
        if got_y is None:
            got_y = against_y[y] = side(y, A, scale_a)
        got_x = against_x.get(x)
        if got_x is None:
            got_x = against_x[x] = side(x, B_t, scale_b)
        (_, x_total), (col_payoffs, _) = got_x
        (_, y_total), (row_payoffs, _) = got_y
        value = (
            (sum(map(mul, x, row_payoffs)) * scale_b, sum(map(mul, y, col_payoffs)) * scale_a),
            x_total * y_total * scale,
        )
        return Equilibrium._deferred((got_x[0], got_y[0], got_y[1], got_x[1], value), convert,
                                     labels)

    return certify


def _certifier(
    A: Sequence[Sequence[Any]],
    B: Sequence[Sequence[Any]],
    out: Callable[[Any], Number],
    game: StageGame,
) -> Callable[[tuple[Any, ...], tuple[Any, ...]], Equilibrium]:
    """A function giving the certified :class:`Equilibrium` of a strategy pair.

    The pair and the payoffs are in one arithmetic (Fractions, or sympy
    expressions); ``out`` converts the results for display. The payoffs against
    each strategy are computed once, however many equilibria share it.
    """
    m, n = len(A), len(A[0])
    B_t = [[B[i][j] for i in range(m)] for j in range(n)]
    labels = (game.row_actions, game.col_actions, game.players)
    converted: dict[Any, Number] = {}

    def conv(v: Any) -> Number:
        got = converted.get(v)
        if got is None:
            got = converted[v] = out(v)
        return got

    against: dict[tuple[int, tuple[Any, ...]], tuple[list[Any], tuple[Number, ...], ...]] = {}

    def side(z: tuple[Any, ...], matrix: Sequence[Sequence[Any]], key: int) -> tuple[Any, ...]:
        """(payoffs against z, z converted, those payoffs converted)."""
        got = against.get((key, z))
        if got is None:
            payoffs = [sum(row[k] * z[k] for k in range(len(z))) for row in matrix]
            got = against[key, z] = (
                payoffs, tuple(conv(v) for v in z), tuple(conv(u) for u in payoffs)
            )
        return got

    def certify(x: tuple[Any, ...], y: tuple[Any, ...]) -> Equilibrium:
        row_payoffs, y_out, row_out = side(y, A, 0)
        col_payoffs, x_out, col_out = side(x, B_t, 1)
        value = (
            sum(x[i] * row_payoffs[i] for i in range(m)),
            sum(y[j] * col_payoffs[j] for j in range(n)),
        )
        return Equilibrium(
            x_out, y_out, row_out, col_out, (conv(value[0]), conv(value[1])), *labels
        )

    return certify


def _assemble(
    pairs: Sequence[tuple[tuple[Any, ...], tuple[Any, ...]]],
    certify: Callable[[tuple[Any, ...], tuple[Any, ...]], Equilibrium],
    game: StageGame,
    degenerate: bool,
    ordered: bool,
) -> EquilibriumSet:
    """Certificates, components and maximal Nash subsets for a list of extreme equilibria.

    The components are worked out when first read.
    """
    if ordered:
        pairs = sorted(pairs, reverse=True)
    equilibria = {(x, y): certify(x, y) for x, y in pairs}
    return EquilibriumSet(
        list(equilibria.values()),
        lambda: _components(list(equilibria), equilibria, game),
        degenerate,
        game.row_actions,
        game.col_actions,
        game.players,
    )


def _components(
    pairs: list[tuple[Any, Any]], equilibria: dict[tuple[Any, Any], Equilibrium], game: StageGame
) -> list[Component]:
    """The connected components of the bipartite graph of equilibrium pairs, each with its
    maximal Nash subsets (maximal bicliques)."""
    parent: dict[Any, Any] = {}

    def root(node: Any) -> Any:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for x, y in pairs:
        a, b = root((0, x)), root((1, y))
        if a != b:
            parent[a] = b
    groups: dict[Any, list[tuple[Any, Any]]] = {}
    for x, y in pairs:
        groups.setdefault(root((0, x)), []).append((x, y))
    components = []
    for members in groups.values():
        first = equilibria[members[0]]
        if len(members) == 1:
            subsets = [NashSubset((first.row,), (first.col,), game.row_actions, game.col_actions)]
        else:
            position = {p: k for k, p in enumerate(members)}
            rows = {x: equilibria[x, y].row for x, y in members}
            cols = {y: equilibria[x, y].col for x, y in members}
            # ordered by where their equilibria come in the list (a canonical order)
            bicliques = sorted(
                _maximal_bicliques(members),
                key=lambda s: sorted(position[x, y] for x in s[0] for y in s[1]),
            )
            subsets = [
                NashSubset(
                    tuple(rows[x] for x in _in_order(xs, members, 0)),
                    tuple(cols[y] for y in _in_order(ys, members, 1)),
                    game.row_actions,
                    game.col_actions,
                )
                for xs, ys in bicliques
            ]
        components.append(Component(tuple(equilibria[p] for p in members), tuple(subsets)))
    return components


def _maximal_bicliques(edges: Sequence[tuple[Any, Any]]) -> list[tuple[frozenset, frozenset]]:
    """All maximal bicliques ``(X, Y)`` of a bipartite graph given by its edges.

    Every maximal ``Y`` is an intersection of neighbourhoods of left vertices, and
    ``X`` is then the common neighbourhood of ``Y``.
    """
    sets: dict[Any, set] = {}
    for u, v in edges:
        sets.setdefault(u, set()).add(v)
    neighbours = {u: frozenset(hood) for u, hood in sets.items()}
    family: set[frozenset] = set()
    for hood in neighbours.values():
        family |= {hood} | {other & hood for other in family if other & hood}
    return [(frozenset(u for u, hood in neighbours.items() if ys <= hood), ys) for ys in family]


def _in_order(items: frozenset, members: Sequence[tuple[Any, Any]], side: int) -> list[Any]:
    """``items`` in the order they first appear in ``members``."""
    seen = dict.fromkeys(p[side] for p in members)
    return [v for v in seen if v in items]
