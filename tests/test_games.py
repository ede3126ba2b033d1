"""Stage games and game trees: all equilibria, exactness, piecewise 2×2 answers, errors, rendering.

Second roads:

* pygambit's ``enummixed`` (exact rationals) on random games up to 6×6, degenerate
  (small integer payoffs with many ties) and not;
* nashpy's support enumeration on non-degenerate games;
* a hand check of the best-response property at points inside every maximal Nash
  subset, in exact arithmetic, independent of the certificates the library reports;
* for symbolic 2×2 games, the numeric enumeration at random parameter points.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import pickle
import warnings
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from gmpy2 import mpz
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import (
    DomainError,
    GameError,
    MissingParameterError,
    UnknownParameterError,
)
from gametheory_cluster.games import (
    Decision,
    EquilibriumSet,
    GameTree,
    Leaf,
    PiecewiseEquilibria,
    StageGame,
)
from gametheory_cluster.games.enumeration import _bits, _direction, _polytope_vertices
from gametheory_cluster.parameters import symbol, symbols

# --------------------------------------------------------------------------- helpers


def exact_points(eqs: EquilibriumSet) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    def frac(v):
        assert isinstance(v, sp.Rational), f"{v!r} is not exact"
        return Fraction(int(v.p), int(v.q))

    return {(tuple(map(frac, e.row)), tuple(map(frac, e.col))) for e in eqs}


def is_nash_by_hand(A, B, x, y) -> bool:
    """Best-response check in Fractions, written independently of the library."""
    m, n = len(A), len(A[0])
    row = [sum(Fraction(A[i][j]) * y[j] for j in range(n)) for i in range(m)]
    col = [sum(Fraction(B[i][j]) * x[i] for i in range(m)) for j in range(n)]
    return all(row[i] == max(row) for i in range(m) if x[i]) and all(
        col[j] == max(col) for j in range(n) if y[j]
    )


@st.composite
def bimatrix(draw, max_size=6, low=-3, high=3):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    entries = st.integers(low, high)
    A = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    return A, B


# --------------------------------------------------------------------------- anchors


@settings(max_examples=30, deadline=None)
@given(bimatrix(low=0, high=2))
def test_degenerate_games_agree_with_pygambit(gambit_extreme_points, game):
    A, B = game
    assert exact_points(StageGame(A, B).equilibria()) == gambit_extreme_points(A, B)


@settings(max_examples=40, deadline=None)
@given(bimatrix(low=-1000, high=1000))
def test_generic_games_agree_with_pygambit(gambit_extreme_points, game):
    A, B = game
    assert exact_points(StageGame(A, B).equilibria()) == gambit_extreme_points(A, B)


@settings(max_examples=30, deadline=None)
@given(bimatrix(max_size=5, low=0, high=30), st.sampled_from([10, 1000]))
def test_float_games_agree_with_pygambit_on_their_exact_binary_values(
        gambit_extreme_points, game, scale):
    """Floats are read as their exact binary values (integers of some 60 bits over one
    denominator, pivoted as GMP integers): the answer is pygambit's exact answer on the
    same values, correctly rounded. Tenths make ties, hence degenerate games."""
    A, B = ([[v / scale for v in row] for row in M] for M in game)
    theirs = gambit_extreme_points(*([[Fraction(v) for v in row] for row in M] for M in (A, B)))
    assert sorted(e.row + e.col for e in StageGame(A, B).equilibria()) == sorted(
        tuple(float(v) for v in x + y) for x, y in theirs)


@settings(max_examples=15, deadline=None)
@given(
    bimatrix(max_size=5, low=-4, high=4),
    st.integers(1, 10**6),
)
def test_nearly_degenerate_rational_games_agree_with_pygambit(gambit_extreme_points, game, k):
    """Ties broken by perturbations of order 1e-9: exact arithmetic must see them."""
    A, B = game
    eps = Fraction(1, 10**9)
    A = [
        [a + eps * ((k * (i + 1) * (j + 2)) % 7) for j, a in enumerate(r)] for i, r in enumerate(A)
    ]
    B = [
        [b + eps * ((k * (i + 3) * (j + 1)) % 5) for j, b in enumerate(r)] for i, r in enumerate(B)
    ]
    assert exact_points(StageGame(A, B).equilibria()) == gambit_extreme_points(A, B)


def as_floats(pairs):
    return {
        (tuple(np.round(np.asarray(x, float), 9)), tuple(np.round(np.asarray(y, float), 9)))
        for x, y in pairs
    }


@settings(max_examples=20, deadline=None)
@given(bimatrix(max_size=5, low=1, high=1000).filter(lambda g: len(g[0]) > 1 and len(g[0][0]) > 1))
def test_non_degenerate_games_agree_with_nashpy(game):
    """nashpy's vertex enumeration finds the same set; its support enumeration a subset.

    (Its support enumeration drops a mixed equilibrium whenever rounding leaves a
    probability at -1e-17: see the next test.)
    """
    A, B = game
    eqs = StageGame(A, B).equilibria()
    if eqs.is_degenerate:
        return
    ours = as_floats((e.row, e.col) for e in eqs)
    nash = StageGame(A, B).to_nashpy()
    assert as_floats(nash.vertex_enumeration()) == ours
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert as_floats(nash.support_enumeration()) <= ours


def test_nashpy_support_enumeration_drops_a_mixed_equilibrium(gambit_extreme_points):
    """A generic 4×5 game with three equilibria; nashpy's support enumeration returns two.

    Its indifference solve rejects a probability vector with an entry of -1e-17
    (``all(prob >= 0)``), so the equilibrium with supports of size 3 is lost.
    """
    A = [
        [-324, 273, -570, -681, -1000],
        [-3, 43, -843, -545, 222],
        [-271, -537, -988, -923, 276],
        [-770, 690, 111, -497, 274],
    ]
    B = [
        [-678, -351, -7, 287, -725],
        [-296, -817, -739, -553, -370],
        [817, -210, -782, 826, 139],
        [-769, -835, -828, 822, 123],
    ]
    eqs = StageGame(A, B).equilibria()
    assert not eqs.is_degenerate
    assert exact_points(eqs) == gambit_extreme_points(A, B)
    assert eqs.extreme_points[1].row == (
        0,
        sp.Rational(181121, 228858),
        sp.Rational(885, 10898),
        sp.Rational(14576, 114429),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        found = list(StageGame(A, B).to_nashpy().support_enumeration())
    assert len(eqs) == 3
    assert len(found) == 2


def test_float_payoffs_are_solved_exactly_then_returned_as_floats(gambit_extreme_points):
    rng = np.random.default_rng(5)
    A, B = rng.random((4, 5)), rng.random((4, 5))
    eqs = StageGame(A, B).equilibria()
    exact = gambit_extreme_points(
        [[Fraction(float(v)) for v in row] for row in A],
        [[Fraction(float(v)) for v in row] for row in B],
    )
    assert all(isinstance(p, float) for e in eqs for p in e.row + e.col + e.value)
    ours = sorted((e.row, e.col) for e in eqs)
    theirs = sorted((tuple(map(float, x)), tuple(map(float, y))) for x, y in exact)
    assert ours == theirs


# --------------------------------------------------------------------------- structure


@settings(max_examples=40, deadline=None)
@given(bimatrix(max_size=4, low=0, high=2))
def test_maximal_subsets_are_nash_and_maximal(game):
    A, B = game
    eqs = StageGame(A, B).equilibria()
    extreme = exact_points(eqs)
    rows = {x for x, _ in extreme}
    cols = {y for _, y in extreme}
    covered = set()
    for component in eqs.components:
        for subset in component.maximal_subsets:
            X = [tuple(Fraction(str(p)) for p in x) for x in subset.rows]
            Y = [tuple(Fraction(str(p)) for p in y) for y in subset.cols]
            assert {(x, y) for x in X for y in Y} <= extreme
            covered |= {(x, y) for x in X for y in Y}
            # the centre of the product is an equilibrium (convexity of a Nash subset)
            cx = tuple(sum(c) / len(X) for c in zip(*X, strict=True))
            cy = tuple(sum(c) / len(Y) for c in zip(*Y, strict=True))
            assert is_nash_by_hand(A, B, cx, cy)
            # maximal: no further extreme strategy pairs with the whole other side
            assert not any(all((x, y) in extreme for y in Y) for x in rows - set(X))
            assert not any(all((x, y) in extreme for x in X) for y in cols - set(Y))
    assert covered == extreme
    for eq in eqs:
        assert eq.is_nash()
        assert all(s >= 0 for s in eq.slack()[0] + eq.slack()[1])


def test_a_component_with_three_maximal_subsets():
    """Row indifferent, column coordinates: the equilibria form a Z-shaped component."""
    eqs = StageGame([[1, 1], [1, 1]], [[1, 0], [0, 1]]).equilibria()
    half = (sp.Rational(1, 2), sp.Rational(1, 2))
    assert eqs.is_degenerate
    assert len(eqs.components) == 1
    (component,) = eqs.components
    assert len(component.extreme_points) == 4
    assert [(s.rows, s.cols) for s in component.maximal_subsets] == [
        (((1, 0), half), ((1, 0),)),
        ((half,), ((1, 0), (0, 1))),
        ((half, (0, 1)), ((0, 1),)),
    ]
    assert str(component) == (
        "conv{r1, 1/2·r1 + 1/2·r2} × {c1} ∪ {1/2·r1 + 1/2·r2} × conv{c1, c2} "
        "∪ conv{1/2·r1 + 1/2·r2, r2} × {c2}"
    )


def test_non_degenerate_game_has_isolated_equilibria():
    eqs = StageGame([[3, 0], [0, 2]], [[2, 0], [0, 3]]).equilibria()
    assert not eqs.is_degenerate
    assert len(eqs.components) == 3
    assert all(c.is_isolated for c in eqs.components)
    mixed = eqs.extreme_points[1]
    assert mixed.row == (sp.Rational(3, 5), sp.Rational(2, 5))
    assert mixed.col == (sp.Rational(2, 5), sp.Rational(3, 5))
    assert mixed.row_payoffs == (sp.Rational(6, 5), sp.Rational(6, 5))
    assert mixed.support == (("r1", "r2"), ("c1", "c2"))


def random_game(n, seed, high=100):
    rng = np.random.default_rng(seed)
    return rng.integers(0, high, (n, n)).tolist(), rng.integers(0, high, (n, n)).tolist()


def test_eight_by_eight_equilibria_pass_the_hand_check():
    A, B = random_game(8, seed=8)
    eqs = StageGame(A, B).equilibria()
    assert len(eqs) % 2 == 1 or eqs.is_degenerate  # Lemke–Howson parity, non-degenerate case
    for x, y in exact_points(eqs):
        assert is_nash_by_hand(A, B, x, y)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_eight_by_eight_agrees_with_pygambit(gambit_extreme_points, seed):
    A, B = random_game(8, seed=seed, high=4 if seed else 100)
    assert exact_points(StageGame(A, B).equilibria()) == gambit_extreme_points(A, B)


def test_constant_game_is_everything():
    eqs = StageGame(np.zeros((3, 3)), np.zeros((3, 3))).equilibria()
    assert len(eqs) == 9
    assert len(eqs.components) == 1
    (subset,) = eqs.components[0].maximal_subsets
    assert len(subset.rows) == len(subset.cols) == 3
    assert all(isinstance(p, float) for e in eqs for p in e.row)


@pytest.mark.slow
@pytest.mark.parametrize("n", [9, 10, 11, 12])
def test_random_games_up_to_twelve_by_twelve_agree_with_pygambit(gambit_extreme_points, n):
    """Exactly against pygambit's exact solver at 9×9; against its float solver above (its
    exact solver needs minutes there), every equilibrium matched within 1e-9."""
    A, B = random_game(n, seed=100 + n, high=1000)
    eqs = StageGame(A, B).equilibria()
    ours = exact_points(eqs)
    if n <= 9:
        assert ours == gambit_extreme_points(A, B)
        return
    gbt = pytest.importorskip("pygambit")
    game = gbt.Game.from_arrays(A, B)
    row, col = game.players
    theirs = [
        [float(eq[s]) for s in row.strategies] + [float(eq[s]) for s in col.strategies]
        for eq in gbt.nash.enummixed_solve(game, rational=False).equilibria
    ]
    mine = [[float(v) for v in x + y] for x, y in ours]
    assert len(theirs) == len(mine) == len(eqs)
    for point in mine:
        assert min(np.abs(np.subtract(point, other)).max() for other in theirs) < 1e-9
    for point in theirs:
        assert min(np.abs(np.subtract(point, other)).max() for other in mine) < 1e-9


@st.composite
def structured_degenerate(draw, max_size=5):
    """Small games with the usual sources of degeneracy built in: a repeated strategy, a
    player indifferent against a strategy or everywhere, a payoff-equivalent scaling."""
    A, B = (np.array(M) for M in draw(bimatrix(max_size=max_size, low=-2, high=2)))
    m, n = A.shape
    kind = draw(st.sampled_from(["row twice", "column twice", "flat column", "flat row",
                                 "indifferent", "common interest"]))
    i, k = draw(st.integers(0, m - 1)), draw(st.integers(0, m - 1))
    j, l = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
    if kind == "row twice":
        A[k], B[k] = A[i], B[i]
    elif kind == "column twice":
        A[:, l], B[:, l] = A[:, j], B[:, j]
    elif kind == "flat column":  # the row player is indifferent when column j is played
        A[:, j] = draw(st.integers(-2, 2))
    elif kind == "flat row":
        B[i, :] = draw(st.integers(-2, 2))
    elif kind == "indifferent":
        A[:, :] = draw(st.integers(-2, 2))
    else:
        B = 3 * A + 1
    return A.tolist(), B.tolist()


@settings(max_examples=40, deadline=None)
@given(structured_degenerate())
def test_structured_degenerate_games_agree_with_pygambit(gambit_extreme_points, game):
    A, B = game
    eqs = StageGame(A, B).equilibria()
    assert exact_points(eqs) == gambit_extreme_points(A, B)
    for component in eqs.components:
        for subset in component.maximal_subsets:
            for x in subset.rows:
                for y in subset.cols:
                    assert is_nash_by_hand(A, B, [Fraction(str(v)) for v in x],
                                           [Fraction(str(v)) for v in y])


def brute_force_vertices(M):
    """Vertices z != 0 of {z >= 0 : Mᵀ z <= 1} (M positive, d × c) and their labels, by
    trying every choice of d tight constraints (Fractions, Gauss–Jordan); an independent
    second road for the library's reverse search."""
    d, c = len(M), len(M[0])
    found = {}
    for chosen in itertools.combinations(range(d + c), d):
        rows = [
            [Fraction(int(i == t)) for i in range(d)] + [Fraction(0)]
            if t < d
            else [Fraction(M[i][t - d]) for i in range(d)] + [Fraction(1)]
            for t in chosen
        ]
        for col in range(d):
            pivot = next((r for r in range(col, d) if rows[r][col] != 0), None)
            if pivot is None:
                break
            rows[col], rows[pivot] = rows[pivot], rows[col]
            rows[col] = [v / rows[col][col] for v in rows[col]]
            for r in range(d):
                if r != col and rows[r][col] != 0:
                    rows[r] = [a - rows[r][col] * b for a, b in zip(rows[r], rows[col], strict=True)]
        else:
            z = [rows[i][d] for i in range(d)]
            loads = [sum(M[i][k] * z[i] for i in range(d)) for k in range(c)]
            if min(z) >= 0 and any(z) and max(loads) <= 1:
                labels = sum(1 << i for i in range(d) if z[i] == 0)
                labels |= sum(1 << (d + k) for k in range(c) if loads[k] == 1)
                found[tuple(v / sum(z) for v in z)] = labels
    return found


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda d: st.integers(1, 5).flatmap(
            lambda c: st.sampled_from([2, 3, 1000]).flatmap(
                lambda high: st.lists(
                    st.lists(st.integers(1, high), min_size=c, max_size=c),
                    min_size=d, max_size=d,
                )
            )
        )
    ),
    st.sampled_from([0, -1, -1000]),
)
def test_reverse_search_finds_every_vertex_with_its_labels(M, shift):
    """Every vertex of a best-response polytope, degenerate ones included, with every label
    (2×2 and smaller polytopes take the closed form); payoffs that are not positive are
    shifted first, which changes no direction and no label."""
    found = _polytope_vertices([[v + shift for v in row] for row in M])
    points = {labels: _direction(vertex, len(M)) for labels, vertex in found.items()}
    mine = {tuple(Fraction(v, sum(z)) for v in z): labels for labels, z in points.items()}
    assert mine == brute_force_vertices(M)


def test_wide_entries_are_pivoted_as_gmp_integers_and_come_back_as_python_integers():
    """Floats read exactly are integers of some 60 bits: the search pivots them as mpz
    (what its speed on float games rests on), and the same vertices come back, as
    Python integers, as the search in Python integers finds for the narrow game."""
    wide = [[3 << 40, 1 << 40, 2 << 40], [1 << 40, 4 << 40, 1 << 40], [2 << 40, 2 << 40, 3 << 40]]
    narrow = [[v >> 40 for v in row] for row in wide]
    found, plain = _polytope_vertices(wide), _polytope_vertices(narrow)
    assert any(type(v) is mpz for _, values in found.values() for v in values)
    assert all(type(v) is int for _, values in plain.values() for v in values)
    assert {k: _direction(v, 3) for k, v in found.items()} == {
        k: _direction(v, 3) for k, v in plain.items()}
    assert all(type(v) is int for v in _direction(next(iter(found.values())), 3))
    game = StageGame([[0.3, 0.1, 0.2], [0.1, 0.4, 0.1], [0.2, 0.2, 0.3]],
                     [[0.1, 0.3, 0.2], [0.2, 0.1, 0.4], [0.3, 0.2, 0.1]])
    for eq in game.equilibria():
        assert all(type(p) is float for p in (*eq.row, *eq.col, *eq.row_payoffs, *eq.value))


@given(st.integers(0, 2**80))
def test_bits_lists_the_set_bits_lowest_first(mask):
    """The label sets of the degenerate matching are walked bit by bit."""
    assert _bits(mask) == [k for k in range(mask.bit_length()) if mask >> k & 1]


def test_a_numeric_game_builds_no_sympy_matrix(monkeypatch):
    """Numbers in, numbers through: a numeric game's equilibria need no sympy matrix (the
    payoffs as sympy matrices are built when first asked for)."""

    def refuse(*args, **kwargs):
        raise AssertionError("a sympy matrix was built")

    for cls in (sp.ImmutableDenseMatrix, sp.MutableDenseMatrix):
        monkeypatch.setattr(cls, "__new__", refuse)
        monkeypatch.setattr(cls, "_new", refuse)
    with pytest.raises(AssertionError, match="sympy matrix"):
        sp.Matrix([[1]])  # the patch bites
    for A, B in [
        ([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
        ([[0.5, 0], [0, 1]], [[1, 0], [0, 1]]),
        (np.array([[1, 0], [0, 1]]), np.array([[2, 0], [0, 1]])),
        ([[Fraction(1, 2), 0, 1], [0, 1, 0]], [[1, 0, 0], [0, 1, 1]]),
    ]:
        game = StageGame(A, B)
        eqs = game.equilibria()
        assert len(eqs) >= 1
        assert [e.is_nash() for e in eqs] == [True] * len(eqs)
        assert str(eqs).startswith("Nash equilibria")
    with pytest.raises(AssertionError, match="sympy matrix"):
        _ = game.A  # built on demand
    monkeypatch.undo()
    assert game.A.tolist() == [[sp.Rational(1, 2), 0, 1], [0, 1, 0]]


def test_only_the_vertices_in_an_equilibrium_are_reduced_to_points(monkeypatch):
    """What the search's speed rests on: every vertex is kept as its basis and values, and
    only those that pair into an equilibrium become points (a random 6×6 game has about
    60 vertices per polytope and a handful of equilibria)."""
    from gametheory_cluster.games import enumeration

    calls = []

    def counted(vertex, d):
        calls.append(d)
        return _direction(vertex, d)

    monkeypatch.setattr(enumeration, "_direction", counted)
    rng = np.random.default_rng(6)
    A, B = rng.integers(1, 1001, (6, 6)).tolist(), rng.integers(1, 1001, (6, 6)).tolist()
    eqs = StageGame(A, B).equilibria()
    assert not eqs.is_degenerate
    vertices = len(_polytope_vertices(B)) + len(_polytope_vertices(np.transpose(A).tolist()))
    assert len(calls) == 2 * len(eqs) < vertices / 5


def test_a_large_all_zero_game_is_one_component():
    """Issue 15 item 10: 20×20 with every payoff 0 answers at once — every profile is an
    equilibrium, one component, one maximal Nash subset (the product of the simplices)."""
    eqs = StageGame(np.zeros((20, 20)), np.zeros((20, 20))).equilibria()
    assert eqs.is_degenerate
    assert len(eqs) == 400  # the pure profiles
    (component,) = eqs.components
    (subset,) = component.maximal_subsets
    assert len(subset.rows) == len(subset.cols) == 20
    assert str(subset).startswith("conv{r1, r2, r3")


def test_the_work_is_bounded_and_the_bound_can_be_lifted():
    A, B = random_game(8, seed=3)
    with pytest.raises(GameError, match=r"more than 10 simplex bases; pass max_bases=None"):
        StageGame(A, B).equilibria(max_bases=10)
    everything = StageGame(A, B).equilibria(max_bases=None)
    assert everything == StageGame(A, B).equilibria()
    for bad in (0, -1, 2.5, True, "10"):
        with pytest.raises(DomainError, match="max_bases"):
            StageGame(A, B).equilibria(max_bases=bad)


def test_equilibria_are_immutable_values():
    eqs = StageGame([[1, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    mixed = eqs.extreme_points[1]
    again = StageGame([[1, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    assert mixed == again.extreme_points[1] and hash(mixed) == hash(again.extreme_points[1])
    assert mixed != eqs.extreme_points[0]
    assert pickle.loads(pickle.dumps(mixed)) == mixed
    assert pickle.loads(pickle.dumps(eqs)) == eqs
    with pytest.raises(dataclasses.FrozenInstanceError):
        mixed.row = (1, 0)
    assert eqs == again


# --------------------------------------------------------------------------- exactness


@pytest.mark.parametrize(
    "half",
    [Fraction(1, 2), sp.Rational(1, 2)],
)
def test_exact_in_exact_out(half):
    eqs = StageGame([[half, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    values = [v for e in eqs for v in e.row + e.col + e.row_payoffs + e.value]
    assert all(isinstance(v, sp.Rational) for v in values)
    assert eqs.extreme_points[1].col == (sp.Rational(2, 3), sp.Rational(1, 3))


def test_float_value_gives_float_answer():
    x = sp.Symbol("x")
    game = StageGame([[x, 0, 1], [0, 1, 0]], [[1, 0, 0], [0, 1, 1]])
    exact = game.equilibria(x=Fraction(1, 2))
    floating = game.equilibria(x=0.5)
    assert all(isinstance(v, float) for e in floating for v in e.row + e.col + e.value)
    assert len(exact) == len(floating)
    for e, f in zip(exact, floating, strict=True):
        assert [float(v) for v in e.row + e.col] == pytest.approx(list(f.row + f.col))


def test_inputs_numpy_and_sympy_matrix():
    A = np.array([[1, 0], [0, 1]], dtype=np.int64)
    game_np = StageGame(A, A.T)
    game_sp = StageGame(sp.Matrix([[1, 0], [0, 1]]), sp.Matrix([[1, 0], [0, 1]]))
    assert game_np.A == game_sp.A
    assert game_np.equilibria() == game_sp.equilibria()
    assert isinstance(game_np.A[0, 0], sp.Integer)


def test_symbols_are_matched_by_name():
    Y = sp.Symbol("Y")  # a plain symbol, not the table's
    game = StageGame([[Y, 0], [0, 1]], [[1, 0], [0, 1]])
    assert game.parameters == ["Y"]
    assert game.A[0, 0] == symbol("Y")  # the table's symbol, with its domain
    assert game.payoffs(Y=3)[0][0, 0] == 3
    with pytest.raises(DomainError, match="Y"):
        game.equilibria(Y=-1)


def test_to_nashpy():
    R, loan = symbols("R I")
    nash = StageGame([[R - loan, -loan], [0, 0]], [[1, 2], [0, 0]]).to_nashpy(R=3, I=1)
    assert nash.payoff_matrices[0].dtype == float
    assert nash.payoff_matrices[0].tolist() == [[2.0, -1.0], [0.0, 0.0]]


# --------------------------------------------------------------------------- piecewise 2×2

a_, b_ = sp.symbols("a b")
Y_, R_, lam_, q_ = symbols("Y R lam q")
POOL = [a_, b_, -a_, a_ - b_, 2 * a_ + 1, Y_, R_, Y_ - R_, lam_ * R_, q_, 1 - q_, 0, 1, -1, 2]
VALUES = {
    "a": st.sampled_from([-2, -1, 0, 1, 2]) | st.fractions(-3, 3, max_denominator=4),
    "b": st.sampled_from([-1, 0, 1]) | st.fractions(-3, 3, max_denominator=4),
    "Y": st.sampled_from([1, 2, 3]) | st.fractions(Fraction(1, 4), 4, max_denominator=4),
    "R": st.sampled_from([1, 2, 3]) | st.fractions(Fraction(1, 4), 4, max_denominator=4),
    "lam": st.sampled_from([0, 1, Fraction(1, 2)]) | st.fractions(0, 1, max_denominator=5),
    "q": st.sampled_from([0, 1, Fraction(1, 2)]) | st.fractions(0, 1, max_denominator=5),
}


@settings(max_examples=10, deadline=None)
@given(
    st.lists(st.sampled_from(POOL), min_size=8, max_size=8),
    st.data(),
)
def test_piecewise_agrees_with_enumeration_at_random_points(entries, data):
    game = StageGame([entries[0:2], entries[2:4]], [entries[4:6], entries[6:8]])
    answer = game.equilibria()
    if not game.parameters:
        assert isinstance(answer, EquilibriumSet)
        return
    assert isinstance(answer, PiecewiseEquilibria)
    for _ in range(6):
        point = {name: data.draw(VALUES[name]) for name in game.parameters}
        assert answer.at(**point) == game.equilibria(**point)


def test_piecewise_cases_and_expressions():
    a = sp.Symbol("a")
    pw = StageGame([[a, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    assert [str(c.condition) for c in pw] == ["a > 0", "Eq(a, 0)", "a < 0"]
    pure_high, pure_low, mixed = pw[0].equilibria.extreme_points
    assert (pure_high.row, pure_low.row) == ((1, 0), (0, 1))
    assert mixed.col == (1 / (a + 1), a / (a + 1))
    assert mixed.row == (sp.Rational(1, 2), sp.Rational(1, 2))
    assert pw[2].equilibria.extreme_points[0].row == (0, 1)
    assert (
        pw.at(a=Fraction(1, 3))
        == StageGame([[Fraction(1, 3), 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    )


def test_piecewise_uses_domains_to_prune():
    """With q in [0, 1], q - 1 is never positive: only q = 1 and q < 1 remain."""
    q = symbol("q")
    pw = StageGame([[q, 0], [1, 0]], [[1, 1], [0, 0]]).equilibria()
    # d0 = q - 1 <= 0, d1 = 0: row weakly prefers r2 always
    assert [str(c.condition) for c in pw] == ["Eq(q, 1)", "q < 1"]


def test_partial_values_leave_a_smaller_piecewise_answer():
    loan, R = symbols("I R")
    game = StageGame([[R - loan, -loan], [0, 0]], [[1, 2], [0, 0]])
    pw = game.equilibria(I=1)
    assert isinstance(pw, PiecewiseEquilibria)
    assert pw.parameters == ["R"]
    assert pw.at(R=3) == game.equilibria(I=1, R=3)


def test_piecewise_at_needs_every_value():
    a = sp.Symbol("a")
    pw = StageGame([[a, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    with pytest.raises(MissingParameterError, match="a"):
        pw.at()


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("A", "B", "message"),
    [
        ([[1, 2]], [[1, 2], [3, 4]], "different shapes"),
        ([], [], "empty"),
        ([[]], [[]], "empty"),
        ([[1, 2], [3]], [[1, 2], [3]], "ragged"),
        ([1, 2], [1, 2], "2-D"),
        (np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), "2-D"),
        ([[[1], [2]]], [[[1], [2]]], "2-D"),
        ([[float("nan"), 1]], [[1, 1]], "finite"),
        ([[math.inf, 1]], [[1, 1]], "finite"),
        ([[sp.oo, 1]], [[1, 1]], "finite"),
        ([[sp.I, 1]], [[1, 1]], "finite real"),
        ([["1", 1]], [[1, 1]], "strings are not parsed"),
        ([[True, 1]], [[1, 1]], "not a number"),
        ([[1 + 2j, 1]], [[1, 1]], "not a real number"),
        ("ab", "ab", "nested list"),
        ([[sp.Symbol("x"), sp.Symbol("x", positive=True)]], [[1, 1]], "both named 'x'"),
    ],
)
def test_bad_games(A, B, message):
    with pytest.raises(GameError, match=message):
        StageGame(A, B)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"row_actions": ("a",)}, "2 row action labels needed"),
        ({"row_actions": ("a", "a")}, "unique; repeated: a"),
        ({"col_actions": ("x", "")}, "non-empty strings"),
        ({"col_actions": "xy"}, "not one string"),
        ({"players": ("me",)}, "2 player labels needed"),
        ({"row_actions": (1, 2)}, "non-empty strings"),
    ],
)
def test_bad_labels(kwargs, message):
    with pytest.raises(GameError, match=message):
        StageGame([[1, 0], [0, 1]], [[1, 0], [0, 1]], **kwargs)


def test_unknown_parameter_lists_valid_ones():
    Y, R = symbols("Y R")
    game = StageGame([[Y, R], [0, 0]], [[1, 1], [0, 0]])
    with pytest.raises(UnknownParameterError, match=r"'Z'.*valid names: R, Y"):
        game.equilibria(Z=1)
    with pytest.raises(UnknownParameterError, match="did you mean 'Y'"):
        game.payoffs(Yy=1)
    with pytest.raises(UnknownParameterError, match="has no parameters"):
        StageGame([[1]], [[1]]).equilibria(Y=1)


def test_values_must_respect_a_users_assumptions():
    """The symbolic answer relies on them, so a value breaking them is refused."""
    a = sp.Symbol("a", positive=True)
    game = StageGame([[a, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(DomainError, match="a=-1 contradicts the symbol's assumption: positive"):
        game.equilibria(a=-1)
    with pytest.raises(DomainError, match="positive"):
        game.equilibria().at(a=0)
    n = sp.Symbol("n", integer=True)
    with pytest.raises(DomainError, match="integer"):
        StageGame([[n, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria(n=Fraction(1, 2))


def test_missing_values_are_named():
    loan, Y, R = symbols("I Y R")
    game = StageGame([[Y, R, loan], [0, 0, 0]], [[1, 1, 1], [0, 0, 0]])
    with pytest.raises(MissingParameterError, match="needs values for: I, R"):
        game.equilibria(Y=1)
    with pytest.raises(MissingParameterError, match="I, R, Y"):
        game.to_nashpy()


def test_irrational_payoffs_need_floats():
    game = StageGame([[sp.sqrt(2), 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(GameError, match="not rational"):
        game.equilibria()
    assert len(StageGame([[math.sqrt(2), 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()) == 3


# --------------------------------------------------------------------------- rendering


def test_rendering_of_an_equilibrium_set():
    game = StageGame(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], ("C", "D"), ("C", "D"), players=("Ann", "Bob")
    )
    eqs = game.equilibria()
    assert str(eqs).splitlines() == [
        "Nash equilibria of a non-degenerate 2×2 game (Ann: C, D; Bob: C, D)",
        "1 extreme equilibrium in 1 component",
        "  component 1: {D} × {D}",
        "    (D, D) payoffs (1, 1)",
    ]
    assert repr(eqs) == "EquilibriumSet(1 extreme equilibrium, 1 component, degenerate=False)"
    assert eqs.latex() == r"\left\{\text{D}\right\} \times \left\{\text{D}\right\}"
    assert eqs._repr_latex_().startswith("$")
    assert repr(eqs.extreme_points[0]) == "Equilibrium(row=(0, 1), col=(0, 1), value=(1, 1))"
    data = json.loads(json.dumps(eqs.to_dict()))
    # numbers as numbers, the exact values beside them as text
    assert data["extreme_points"][0]["row_payoffs"] == [0, 1]
    assert data["extreme_points"][0]["row_payoffs_exact"] == ["0", "1"]
    assert data["components"] == [
        {"extreme_points": [0], "maximal_subsets": [
            {"row": [[0, 1]], "row_exact": [["0", "1"]], "col": [[0, 1]], "col_exact": [["0", "1"]]}
        ]}
    ]


def test_float_results_serialise_as_floats():
    data = StageGame([[0.5, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria().to_dict()
    assert data["extreme_points"][1]["col"] == pytest.approx([2 / 3, 1 / 3])
    json.dumps(data)


def test_rendering_of_a_game_and_a_piecewise_answer():
    a = sp.Symbol("a")
    game = StageGame([[a, 0], [0, 1]], [[1, 0], [0, 1]])
    assert "a, 1" in str(game)
    assert game.latex().startswith(r"\begin{array}{r|cc}")
    assert game._repr_latex_().startswith("$$")
    data = json.loads(json.dumps(game.to_dict()))
    assert data["A"] == [["a", 0], [0, 1]] and data["A_exact"] == [["a", "0"], ["0", "1"]]
    assert "StageGame(shape=(2, 2)" in repr(game)
    pw = game.equilibria()
    assert str(pw).splitlines()[:2] == [
        "Nash equilibria of the 2×2 game by parameter region (3 cases)",
        "if a > 0:",
    ]
    assert repr(pw) == "PiecewiseEquilibria(3 cases: a > 0; Eq(a, 0); a < 0)"
    assert pw.latex().startswith(r"\begin{cases}")
    assert r"\text{if } a > 0" in pw.latex()
    data = json.loads(json.dumps(pw.to_dict()))
    assert data["cases"][0]["equilibria"]["extreme_points"][2]["col"] == ["1/(a + 1)", "a/(a + 1)"]


def test_symbolic_certificates():
    a = sp.Symbol("a", positive=True)
    game = StageGame([[a, 0], [0, 1]], [[1, 0], [0, 1]])
    (case,) = game.equilibria().cases
    assert case.condition is sp.true
    assert all(eq.is_nash() for eq in case.equilibria)
    assert str(game.equilibria()).splitlines()[1] == "always:"


def test_to_frame():
    frame = StageGame([[2, 0], [0, 1]], [[1, 0], [0, 2]]).equilibria().to_frame()
    assert list(frame.columns) == [
        "component",
        "row:r1",
        "row:r2",
        "column:c1",
        "column:c2",
        "u_row",
        "u_column",
        "exact",
    ]
    # numbers as floats, the exact profile beside them as text
    assert all(str(frame.dtypes[c]) == "float64" for c in frame.columns[1:-1])
    assert frame["exact"].tolist()[1] == "(2/3·r1 + 1/3·r2, 1/3·c1 + 2/3·c2) payoffs (2/3, 2/3)"


# --------------------------------------------------------------------------- game trees


def entry_game(fight=-1, out=0):
    incumbent = Decision("incumbent", {"Fight": (fight, fight), "Share": (1, 1)})
    return GameTree(Decision("entrant", {"In": incumbent, "Out": (out, 2)}))


def test_backward_induction():
    (spe,) = entry_game().solve()
    assert spe.strategy == {"root": "In", "In": "Share"}
    assert spe.path == ("In", "Share")
    assert spe.payoffs == (1, 1)
    assert spe.of("incumbent") == {"In": "Share"}


def test_ties_give_every_subgame_perfect_equilibrium():
    # the incumbent is indifferent; entering is still strictly better than staying out
    spes = entry_game(fight=1).solve()
    assert [s.strategy for s in spes] == [
        {"root": "In", "In": "Fight"},
        {"root": "In", "In": "Share"},
    ]
    # ties at both nodes: four equilibria, three outcomes
    spes = entry_game(fight=1, out=1).solve()
    assert len(spes) == 4
    assert {s.path for s in spes} == {("In", "Fight"), ("In", "Share"), ("Out",)}


def test_three_way_tie_count():
    # A: L leads to B's node (tie between two payoffs for B), R is a leaf equal for A
    tree = GameTree(
        Decision("A", {"L": Decision("B", {"x": (1, 0), "y": (1, 0)}), "R": (1, 5)}),
    )
    spes = tree.solve()
    assert len(spes) == 4  # B: x or y; A: L or R in each case
    assert {spe.path for spe in spes} == {("L", "x"), ("L", "y"), ("R",)}


def test_tree_symbolic_and_numeric():
    x = sp.Symbol("x")
    tree = GameTree(Decision("A", {"L": (x, 0), "R": (1, 1)}), players=("A", "B"))
    with pytest.raises(MissingParameterError, match=r"depends on the sign of .*give values for: x"):
        tree.solve()
    assert tree.solve(x=2)[0].path == ("L",)
    assert [s.path for s in tree.solve(x=1)] == [("L",), ("R",)]
    (spe,) = tree.solve(x=0.5)
    assert spe.payoffs == (1.0, 1.0)
    assert isinstance(spe.payoffs[0], float)
    with pytest.raises(UnknownParameterError, match="valid names: x"):
        tree.solve(y=1)


def test_tree_rendering():
    tree = entry_game()
    (spe,) = tree.solve()
    assert (
        str(spe) == "entrant at root: In; incumbent at In: Share — path In → Share, payoffs (1, 1)"
    )
    assert repr(spe) == "SubgamePerfectEquilibrium({'root': 'In', 'In': 'Share'}, payoffs=(1, 1))"
    assert spe.latex().startswith(r"\left(\text{entrant at root: In}")
    assert spe._repr_latex_().startswith("$")
    data = json.loads(json.dumps(spe.to_dict()))
    assert data["payoffs"] == [1, 1] and data["payoffs_exact"] == ["1", "1"]
    assert "In → Fight: (-1, -1)" in str(tree)
    assert tree.latex().startswith(r"\begin{array}{lcc}")
    assert tree._repr_latex_().startswith("$$")
    assert json.loads(json.dumps(tree.to_dict()))["root"]["moves"]["Out"] == {
        "payoffs": [0, 2], "payoffs_exact": ["0", "2"]}
    assert repr(tree) == "GameTree(players=('entrant', 'incumbent'), parameters=[])"
    assert repr(Leaf((1, 2))) == "Leaf(1, 2)"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: GameTree(Decision("A", {"L": (1,), "R": (1, 2)})), "2 payoffs for 1 players"),
        (lambda: GameTree(Decision("A", {"L": (1, 2)}), players=("B", "C")), "not in players"),
        (lambda: Decision("A", {}), "at least one action"),
        (lambda: Decision("A", {1: (1,)}), "non-empty strings"),
        (lambda: Decision("", {"L": (1,)}), "non-empty string"),
        (lambda: Leaf("12"), "non-empty sequence"),
        (lambda: Leaf((float("nan"),)), "finite"),
        (lambda: GameTree((1, 2)), "Decision or a Leaf"),
        (
            lambda: GameTree(
                Decision(
                    "A",
                    {
                        "L": Decision("A", {"x": (1,)}, name="n"),
                        "R": Decision("A", {"y": (1,)}, name="n"),
                    },
                )
            ),
            "two decision nodes are named 'n'",
        ),
    ],
)
def test_bad_trees(build, message):
    with pytest.raises(GameError, match=message):
        build()


def test_unknown_player_in_of():
    (spe,) = entry_game().solve()
    with pytest.raises(GameError, match="players: entrant, incumbent"):
        spe.of("bank")
