"""Random game trees (chance moves, information sets, 2–3 players) against pygambit.

Each tree is written with ``to_efg`` and read by pygambit; the reduced strategic form
must be pygambit's (strategies and payoffs), two-player trees must have pygambit's
extreme equilibria (``enummixed``, exact) and an equilibrium from Lemke's algorithm,
three-player trees pygambit's pure equilibria, and trees of perfect information the
subgame-perfect equilibria of a backward induction on pygambit's parse.
"""

from __future__ import annotations

import io
import itertools
import math
from fractions import Fraction

import pytest
from gambit_trees import frac, gambit_backward, strategy_map
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gametheory_cluster.games import Chance, Decision, GameTree
from gametheory_cluster.io.gambit import read_efg, to_efg

gbt = pytest.importorskip("pygambit")


@st.composite
def trees(draw: st.DrawFn, players: int) -> GameTree:
    """A tree of depth <= 3; nodes of a player join an information set when recall allows."""
    names = [f"P{k + 1}" for k in range(players)]
    infosets: dict[tuple[str, str], tuple[int, tuple]] = {}  # label -> (actions, own past)
    members: dict[tuple[str, str], list[tuple]] = {}

    def build(depth: int, path: tuple, past: dict[str, tuple]) -> object:
        if depth == 3 or (path and draw(st.integers(0, 3)) == 0):
            return tuple(draw(st.integers(-4, 6)) for _ in names)
        if draw(st.integers(0, 4)) == 0:
            count = draw(st.integers(2, 3))
            weights = [draw(st.integers(0, 3)) for _ in range(count)]
            if not sum(weights):
                weights[0] = 1
            return Chance({f"c{k}": (Fraction(w, sum(weights)),
                                     build(depth + 1, (*path, f"c{k}"), past))
                           for k, w in enumerate(weights)})
        player = draw(st.sampled_from(names))
        count = draw(st.integers(2, 3 if depth == 0 else 2))
        own = past.get(player, ())
        options = [
            label for label, (n, history) in infosets.items()
            if label[0] == player and n == count and history == own
            and not any(path[: len(m)] == m for m in members[label])
        ]
        if options and draw(st.booleans()):
            label = draw(st.sampled_from(options))
        else:
            label = (player, f"h{len(infosets)}")
            infosets[label] = (count, own)
            members[label] = []
        members[label].append(path)
        return Decision(player, {
            f"a{k}": build(depth + 1, (*path, f"a{k}"), {**past, player: (*own, (label, k))})
            for k in range(count)
        }, infoset=label[1])

    return GameTree(build(0, (), {}), players=names)


def shared(tree: GameTree, game) -> tuple[object, list[list[int]]]:
    form = tree.strategic_form()
    assume(math.prod(form.shape) <= 150)  # pygambit's enummixed is slow beyond that
    order = strategy_map(tree, form, game)
    arrays = game.to_arrays()
    for index in itertools.product(*(range(len(p.strategies)) for p in game.players)):
        mine = tuple(order[k][j] for k, j in enumerate(index))
        assert [frac(a[index]) for a in arrays] == [frac(v) for v in form.payoffs[mine]]
    return form, order


SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(trees(2))
def test_two_player_trees_against_pygambit(tree: GameTree) -> None:
    game = gbt.read_efg(io.StringIO(to_efg(tree)))
    assert read_efg(to_efg(tree)).to_dict() == tree.to_dict()
    _, order = shared(tree, game)
    result = tree.equilibria()
    mine = {
        (tuple(frac(eq.row[i]) for i in order[0]), tuple(frac(eq.col[i]) for i in order[1]))
        for eq in result.strategic
    }
    rows, cols = (list(p.strategies) for p in game.players)
    theirs = {
        (tuple(frac(eq[s]) for s in rows), tuple(frac(eq[s]) for s in cols))
        for eq in gbt.nash.enummixed_solve(game, rational=True).equilibria
    }
    assert mine == theirs
    lemke = tree.sequence_form_equilibrium()  # certified inside
    assert len(lemke.payoffs) == 2
    if tree.is_perfect_information:
        ours = {tuple(frac(v) for v in spe.payoffs) for spe in tree.solve()}
        assert ours == {v for _, v in gambit_backward(game)}


@SETTINGS
@given(trees(3))
def test_three_player_trees_pure_equilibria(tree: GameTree) -> None:
    game = gbt.read_efg(io.StringIO(to_efg(tree)))
    form, order = shared(tree, game)
    normal = form.to_normal_form()
    mine = {tuple(normal.strategies[k].index(s) for k, s in enumerate(eq.strategies))
            for eq in normal.pure_equilibria()}
    theirs = {
        tuple(order[k][next(j for j, s in enumerate(p.strategies) if eq[s] == 1)]
              for k, p in enumerate(game.players))
        for eq in gbt.nash.enumpure_solve(game).equilibria
    }
    assert mine == theirs
    if tree.is_perfect_information:
        names = {name: p for p, name in tree._names.items()}
        ours = set()
        for spe in tree.solve():
            choice = {}
            for n, a in spe.strategy.items():
                path = names[n]
                node = tree._node(path)
                indices = tuple(list(tree._node(path[:k]).moves).index(path[k])
                                for k in range(len(path)))
                choice[indices] = list(node.moves).index(a)
            ours.add(frozenset(choice.items()))
        assert ours == {frozenset(c.items()) for c, _ in gambit_backward(game)}
