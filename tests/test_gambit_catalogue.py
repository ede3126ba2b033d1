"""Every game in pygambit's catalogue: read, written back, and solved as pygambit solves it.

For each file: our reader parses it; the file we write is read by pygambit with the
same tree (chance probabilities, information sets, payoffs); the reduced strategic
form has the same strategies and payoffs as pygambit's; two-player games have the
same extreme equilibria as pygambit's exact ``enummixed`` (on pygambit's strategic
form where pygambit refuses imperfect recall); games of perfect information have
the subgame-perfect equilibria of a backward induction run on pygambit's own parse;
games with more players have pygambit's pure equilibria.
"""

from __future__ import annotations

import io
import itertools
from fractions import Fraction
from pathlib import Path

import pytest
from gambit_trees import frac, gambit_backward, shape, strategy_map

from gametheory_cluster.games import GameTree, NormalFormGame, StageGame
from gametheory_cluster.io.gambit import read_efg, read_nfg, to_efg, to_nfg

gbt = pytest.importorskip("pygambit")

def read_theirs(path: Path):
    return gbt.read_efg(str(path)) if path.suffix == ".efg" else gbt.read_nfg(str(path))


CATALOGUE = Path(gbt.__file__).parent / "catalog_data"
FILES = sorted(p for p in CATALOGUE.rglob("*") if p.suffix in (".efg", ".nfg"))
IDS = [str(p.relative_to(CATALOGUE)) for p in FILES]


def test_the_catalogue_is_there():
    assert len(FILES) >= 38


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_read_and_written_back(path: Path) -> None:
    ours = read_efg(path) if path.suffix == ".efg" else read_nfg(path)
    theirs = read_theirs(path)
    text = to_efg(ours) if path.suffix == ".efg" else to_nfg(ours)
    back = (gbt.read_efg if path.suffix == ".efg" else gbt.read_nfg)(io.StringIO(text))
    if path.suffix == ".efg":
        assert isinstance(ours, GameTree)
        assert shape(back) == shape(theirs)
        assert ours.has_perfect_recall == theirs.is_perfect_recall
        assert (read_efg(text).to_dict()) == ours.to_dict()
    else:
        assert [a.tolist() for a in back.to_arrays()] == [a.tolist() for a in theirs.to_arrays()]
        assert read_nfg(text).to_dict() == ours.to_dict()
    assert [p.label for p in back.players] == [p.label for p in theirs.players]


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".efg"],
                         ids=[i for i in IDS if i.endswith(".efg")])
def test_reduced_strategic_form_is_gambits(path: Path) -> None:
    tree, game = read_efg(path), read_theirs(path)
    form = tree.strategic_form()
    theirs = strategy_map(tree, form, game)
    arrays = game.to_arrays()
    for index in itertools.product(*(range(len(p.strategies)) for p in game.players)):
        mine = tuple(theirs[k][j] for k, j in enumerate(index))
        assert [frac(a[index]) for a in arrays] == [Fraction(str(v)) for v in form.payoffs[mine]]


def exact_pairs(pairs) -> set:
    return {tuple(tuple(frac(v) for v in side) for side in pair) for pair in pairs}


def two_player(path: Path) -> bool:
    return len(read_theirs(path).players) == 2


@pytest.mark.parametrize("path", [p for p in FILES if two_player(p)],
                         ids=[i for p, i in zip(FILES, IDS, strict=True) if two_player(p)])
def test_two_player_equilibria_equal_enummixed(path: Path) -> None:
    game = read_theirs(path)
    if path.suffix == ".nfg":
        ours = read_nfg(path)
        assert isinstance(ours, StageGame)
        mine = exact_pairs(tuple(eq) for eq in ours.equilibria())
        theirs = gbt.nash.enummixed_solve(game, rational=True).equilibria
        rows, cols = (list(p.strategies) for p in game.players)
        assert mine == exact_pairs(
            ([eq[s] for s in rows], [eq[s] for s in cols]) for eq in theirs)
        return
    tree = read_efg(path)
    result = tree.equilibria()
    order = strategy_map(tree, result.form, game)
    mine = exact_pairs(
        ([eq.row[i] for i in order[0]], [eq.col[i] for i in order[1]]) for eq in result.strategic)
    if game.is_perfect_recall:
        solved = gbt.nash.enummixed_solve(game, rational=True).equilibria
        assert len(result) >= 1
    else:  # pygambit refuses imperfect recall: enummixed on its strategic form
        assert len(result) == 0 and "imperfect recall" in result.note
        game = gbt.Game.from_arrays(*game.to_arrays())
        solved = gbt.nash.enummixed_solve(game, rational=True).equilibria
    rows, cols = (list(p.strategies) for p in game.players)
    assert mine == exact_pairs(([eq[s] for s in rows], [eq[s] for s in cols]) for eq in solved)


PERFECT = [p for p in FILES if p.suffix == ".efg" and read_efg(p).is_perfect_information]


@pytest.mark.parametrize("path", PERFECT, ids=[str(p.relative_to(CATALOGUE)) for p in PERFECT])
def test_perfect_information_backward_induction(path: Path) -> None:
    tree, game = read_efg(path), read_theirs(path)
    names = {name: p for p, name in tree._names.items()}

    def indices(labels):
        node, out = tree.root, []
        for a in labels:
            out.append(list(node.moves).index(a))
            node = node.moves[a]
        return tuple(out)

    ours = {
        (frozenset((indices(names[n]), list(tree._node(names[n]).moves).index(a))
                   for n, a in spe.strategy.items()), tuple(frac(v) for v in spe.payoffs))
        for spe in tree.solve()
    }
    theirs = {(frozenset(c.items()), v) for c, v in gambit_backward(game)}
    assert ours == theirs


MANY = [p for p in FILES if len(read_theirs(p).players) != 2]


@pytest.mark.parametrize("path", MANY, ids=[str(p.relative_to(CATALOGUE)) for p in MANY])
def test_other_player_counts_list_their_pure_equilibria(path: Path) -> None:
    game = read_theirs(path)
    if path.suffix == ".nfg":
        ours = read_nfg(path)
        assert isinstance(ours, NormalFormGame)
        order = [list(range(len(p.strategies))) for p in game.players]
    else:
        tree = read_efg(path)
        form = tree.strategic_form()
        ours = form.to_normal_form()
        order = strategy_map(tree, form, game)
    mine = {
        tuple(ours.strategies[k].index(label) for k, label in enumerate(eq.strategies))
        for eq in ours.pure_equilibria()
    }
    if game.is_perfect_recall:
        found = gbt.nash.enumpure_solve(game).equilibria
        theirs = {
            tuple(order[k][next(j for j, s in enumerate(p.strategies) if eq[s] == 1)]
                  for k, p in enumerate(game.players))
            for eq in found
        }
    else:  # pygambit refuses imperfect recall: best replies checked on its payoff arrays
        arrays = list(game.to_arrays())
        theirs = set()
        for index in itertools.product(*(range(n) for n in arrays[0].shape)):
            if all(arrays[k][index] >= arrays[k][(*index[:k], j, *index[k + 1:])]
                   for k in range(len(arrays)) for j in range(arrays[0].shape[k])):
                theirs.add(tuple(order[k][j] for k, j in enumerate(index)))
    assert mine == theirs


LEMKE = [p for p in FILES if p.suffix == ".efg" and two_player(p)
         and read_theirs(p).is_perfect_recall]


@pytest.mark.parametrize("path", LEMKE, ids=[str(p.relative_to(CATALOGUE)) for p in LEMKE])
def test_sequence_form_lemke_finds_an_equilibrium(path: Path) -> None:
    tree = read_efg(path)
    eq = tree.sequence_form_equilibrium()
    values = {tuple(frac(v) for v in e.payoffs) for e in tree.equilibria()}
    strategic = tree.equilibria().strategic
    # the payoffs of some equilibrium: on the segment of a component, or an extreme one
    assert tuple(frac(v) for v in eq.payoffs) in values or len(strategic.components) < len(
        strategic.extreme_points)
    form = tree.strategic_form()
    # a certificate: no pure strategy of either player beats its equilibrium payoff
    from gametheory_cluster.games.behaviour import expected_payoffs

    base = expected_payoffs(tree, eq.behaviour)
    assert base == tuple(eq.payoffs)
    for k, player in enumerate(tree.players):
        for strategy in form.strategies[k]:
            deviation = dict(eq.behaviour)
            for h, a in strategy.items():
                deviation[(player, h)] = {b: int(b == a) for b in tree._node(
                    tree._members[(player, h)][0]).actions}
            for p, h in list(deviation):
                if p == player and h not in strategy:
                    deviation[(p, h)] = None
            assert expected_payoffs(tree, deviation)[k] <= base[k]
