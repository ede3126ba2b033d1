"""Gambit .nfg/.efg files: round trips against pygambit, exact for rational payoffs."""

from __future__ import annotations

import io
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import GameError, MissingParameterError
from gametheory_cluster.games import Decision, GameTree, StageGame
from gametheory_cluster.io.gambit import (
    read_efg,
    read_nfg,
    to_efg,
    to_nfg,
    write_efg,
    write_nfg,
)
from gametheory_cluster.models.lending import LendingGame

gbt = pytest.importorskip("pygambit")

LENDING = {"I": 100, "Y": 150, "R": 110, "w": 0}
RATIONAL_LENDING = {
    "I": sp.Rational(201, 2),
    "Y": sp.Rational(451, 3),
    "R": sp.Rational(110),
    "w": sp.Rational(1, 7),
}

rationals = st.fractions(min_value=-1000, max_value=1000, max_denominator=60)


@st.composite
def rational_games(draw: st.DrawFn) -> StageGame:
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    cells = st.lists(st.lists(rationals, min_size=n, max_size=n), min_size=m, max_size=m)
    return StageGame(draw(cells), draw(cells))


def gambit_stage(game: gbt.Game) -> tuple[sp.Matrix, sp.Matrix, list[list[str]], list[str]]:
    """Payoffs (exact), strategy labels and player names of a two-player pygambit game."""
    A, B = (
        sp.Matrix([[sp.Rational(v.numerator, v.denominator) for v in row] for row in a])
        for a in game.to_arrays()
    )
    labels = [[s.label for s in p.strategies] for p in game.players]
    return A, B, labels, [p.label for p in game.players]


def to_gambit(game: StageGame) -> gbt.Game:
    """The same game built with pygambit's own API (Fractions, labels)."""
    A, B = (
        np.array([[Fraction(str(v)) for v in row] for row in M.tolist()], dtype=object)
        for M in (game.A, game.B)
    )
    g = gbt.Game.from_arrays(A, B, title="built by pygambit")
    for player, name, labels in zip(
        g.players, game.players, (game.row_actions, game.col_actions), strict=True
    ):
        player.label = name
        for strategy, label in zip(player.strategies, labels, strict=True):
            strategy.label = label
    return g


def same_stage(ours: StageGame, theirs: StageGame) -> None:
    assert ours.A == theirs.A and ours.B == theirs.B
    assert ours.row_actions == theirs.row_actions
    assert ours.col_actions == theirs.col_actions
    assert ours.players == theirs.players


# --------------------------------------------------------------------------- .nfg


@pytest.mark.parametrize("version", ["payoff", "outcome"])
@pytest.mark.parametrize("values", [LENDING, RATIONAL_LENDING])
def test_lending_nfg_read_by_pygambit(version: str, values: dict) -> None:
    game = LendingGame()
    text = to_nfg(game, version=version, **values)
    A, B, labels, players = gambit_stage(gbt.read_nfg(io.StringIO(text)))
    expected_A, expected_B = game.payoffs(**values)
    assert expected_A == A and expected_B == B
    assert labels == [list(game.row_actions), list(game.col_actions)]
    assert players == ["bank", "SME"]


def test_lending_nfg_from_pygambit_read_by_us() -> None:
    expected = StageGame(
        *LendingGame().payoffs(**RATIONAL_LENDING),
        row_actions=("Lend", "Refuse"),
        col_actions=("Repay", "Default"),
        players=("bank", "SME"),
    )
    same_stage(read_nfg(to_gambit(expected).to_nfg()), expected)


@settings(max_examples=40, deadline=None)
@given(rational_games(), st.sampled_from(["payoff", "outcome"]))
def test_random_rational_games_round_trip_through_pygambit(game: StageGame, version: str) -> None:
    A, B, labels, _players = gambit_stage(gbt.read_nfg(io.StringIO(to_nfg(game, version=version))))
    assert A == game.A and B == game.B
    assert labels == [list(game.row_actions), list(game.col_actions)]
    same_stage(read_nfg(to_gambit(game).to_nfg()), game)
    same_stage(read_nfg(to_nfg(game, version=version)), game)


def test_pygambit_payoff_version_with_counts_and_decimals() -> None:
    text = 'NFG 1 D "x" { "p" "q" } { 2 1 }\n"comment"\n1e-3 .5 2.25 -7/3\n'
    game = read_nfg(text)
    theirs = gbt.read_nfg(io.StringIO(text))
    assert gambit_stage(theirs)[:2] == (game.A, game.B)
    assert game.A[0, 0] == sp.Rational(1, 1000)
    assert game.row_actions == ("r1", "r2")
    assert read_nfg(text, floats=True).A[1, 0] == sp.Float(2.25)


def test_null_outcome_is_zero() -> None:
    text = 'NFG 1 R "" { "1" "2" } { 1 2 } "" { { "o" 3, 4 } } 1 0'
    assert read_nfg(text).B.tolist() == [[4, 0]]


def test_float_payoffs_round_trip_with_floats_true() -> None:
    game = StageGame([[0.1, 1e-300], [2.5e300, -3.0]], [[1 / 3, 0.0], [7.0, -0.25]])
    text = to_nfg(game)
    assert "e+" not in text
    back = read_nfg(text, floats=True)
    assert back.A == game.A and back.B == game.B
    assert read_nfg(text).A[0, 0] == sp.Rational(1, 10)
    A, _, _, _ = gambit_stage(gbt.read_nfg(io.StringIO(text)))
    assert A[0, 0] == sp.Rational(1, 10)


def test_labels_with_quotes_survive_pygambit() -> None:
    game = StageGame(
        [[1, 2]],
        [[3, 4]],
        row_actions=['say "yes"'],
        col_actions=["a b", "{c}"],
        players=("Ann's bank", "SME"),
    )
    theirs = gbt.read_nfg(io.StringIO(to_nfg(game)))
    assert gambit_stage(theirs)[2] == [['say "yes"'], ["a b", "{c}"]]
    same_stage(read_nfg(to_nfg(game)), game)


def test_write_and_read_files(tmp_path) -> None:
    path = write_nfg(LendingGame(), tmp_path / "lending.nfg", version="outcome", **LENDING)
    assert path.read_text().startswith("NFG 1 R")
    same_stage(read_nfg(path), read_nfg(str(path)))
    assert [p.name for p in tmp_path.iterdir()] == ["lending.nfg"]  # no temporary left
    assert gambit_stage(gbt.read_nfg(str(path)))[0] == LendingGame().payoffs(**LENDING)[0]


def test_writing_needs_numbers() -> None:
    with pytest.raises(MissingParameterError, match="I, R"):
        to_nfg(LendingGame(), Y=150, w=0)
    with pytest.raises(GameError, match="not rational"):
        to_nfg(StageGame([[sp.sqrt(2)]], [[0]]))
    with pytest.raises(GameError, match="version"):
        to_nfg(StageGame([[1]], [[0]]), version="strategic")
    with pytest.raises(GameError, match="StageGame"):
        to_nfg([[1]])


MALFORMED_NFG = [
    ("", "end of the file"),
    ("NFG 2 R", "unsupported: .nfg format version 2"),
    ("NFG x R", "line 1, at x"),
    ('NFG 1 R "t" { "1" "2" } { 1 0 }', "number of strategies"),
    ('NFG 1 R "t" { "1" "2" } { 2 2 } 1 2 3 4 5 6 7', "end of the file"),
    ('NFG 1 R "t" { "1" "2" } { 1 1 } 1 2 3', "after the end"),
    ('NFG 1 R "t" { "1" "2" } { 1 1 } 1 __import__', "at __import__"),
    ('NFG 1 R "t" { "1" "2" } { 1 1 } 1 1/0', "at 1/0"),
    ('NFG 1 R "t" { "1" "2" } { 1 1 } 1 1e999999999', "1e999999999"),
    ('NFG 1 R "t" { "1" "2" } { 1 1 } 1 nan', "at nan"),
    ('NFG 1 R "t" { "1" "2" } { 1 1 }\n"" { { "o" 1 2 } }\n2', "line 3, at 2"),
    ('NFG 1 R "t" { "1" "2" } { 1 1 } "" { { "o" 1 } } 1', "1 payoffs for 2 players"),
    ('NFG 1 R "t\n\n { "1" "2" } { 1 1 } 1 2', "never closed"),
    ('NFG 1 R "t" { "1" "2" } { { "a" "a" } { "b" } } 1 2 3 4', "unique"),
    ('NFG 1 R "t" { "1" "2" } { { } { "b" } }', "without strategies"),
]


@pytest.mark.parametrize(("text", "where"), MALFORMED_NFG)
def test_malformed_nfg(text: str, where: str) -> None:
    with pytest.raises(GameError) as info:
        read_nfg(text if text else "NFG")
    assert where in str(info.value)


def test_read_nfg_rejects_non_text() -> None:
    with pytest.raises(GameError, match=r"text of a \.nfg file"):
        read_nfg(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- .efg


def gambit_leaves(game: gbt.Game) -> list[list[sp.Rational]]:
    """Payoffs at the terminal nodes, in depth-first order."""
    out = []

    def visit(node: gbt.Node) -> None:
        if node.is_terminal:
            out.append([sp.Rational(Fraction(node.outcome[p])) for p in game.players])
        for child in node.children:
            visit(child)

    visit(game.root)
    return out


def our_leaves(tree: GameTree, **values) -> list[list[sp.Expr]]:
    text = to_efg(tree, **values)
    return [
        [sp.Rational(Fraction(v)) for v in line.split("{")[1].rstrip(" }").split(",")]
        for line in text.splitlines()
        if line.startswith("t ")
    ]


@pytest.mark.parametrize("values", [LENDING, RATIONAL_LENDING])
def test_lending_tree_read_by_pygambit(values: dict) -> None:
    tree = LendingGame().sequential()
    theirs = gbt.read_efg(io.StringIO(to_efg(tree, **values)))
    assert [p.label for p in theirs.players] == ["bank", "SME"]
    assert gambit_leaves(theirs) == our_leaves(tree, **values)
    assert [a.label for a in theirs.root.infoset.actions] == ["Lend", "Refuse"]
    back = read_efg(to_efg(tree, **values))
    assert [s.to_dict() for s in back.solve()] == [s.to_dict() for s in tree.solve(**values)]


def test_pygambit_tree_read_by_us() -> None:
    g = gbt.Game.new_tree(players=["A", "B"], title="entry")
    g.append_move(g.root, "A", ["In", "Out"])
    inside, outside = list(g.root.children)
    g.append_move(inside, "B", ["Fight", "Share"])
    g.set_outcome(next(iter(inside.children)), g.add_outcome("fight", [-1, Fraction(-1, 3)]))
    g.set_outcome(list(inside.children)[1], g.add_outcome("share", [1, 1]))
    g.set_outcome(outside, g.add_outcome("out", [0, 2]))
    tree = read_efg(g.to_efg())
    assert tree.players == ("A", "B")
    (spe,) = tree.solve()
    assert spe.path == ("In", "Share") and spe.payoffs == (1, 1)
    assert gambit_leaves(gbt.read_efg(io.StringIO(to_efg(tree)))) == gambit_leaves(g)


def test_outcomes_along_the_path_add_up(tmp_path) -> None:
    text = """EFG 2 R "" { "A" "B" } ""
    p "" 1 1 "" { "L" "R" } 1 "entry fee" { -1/2, 0 }
    t "" 2 "left" { 3, 1 }
    t "" 2
    """
    tree = read_efg(text)
    assert [s.payoffs for s in tree.solve()] == [(sp.Rational(5, 2), 1)] * 2
    theirs = gbt.read_efg(io.StringIO(text))
    assert [s.payoffs for s in read_efg(theirs.to_efg()).solve()] == [(sp.Rational(5, 2), 1)] * 2
    path = write_efg(tree, tmp_path / "t.efg", title="fee")
    assert read_efg(path).to_dict() == read_efg(to_efg(tree)).to_dict()


def test_symbolic_tree_needs_values() -> None:
    with pytest.raises(MissingParameterError):
        to_efg(LendingGame().sequential())
    with pytest.raises(GameError, match="GameTree"):
        to_efg(LendingGame())
    tree = GameTree(Decision("A", {"x": (0.5, 1)}), players=("A", "B"))
    assert read_efg(to_efg(tree), floats=True).to_dict() == tree.to_dict()


MALFORMED_EFG = [
    ('EFG 1 R "" { "A" } "" t "" 0', "unsupported: .efg format version 1"),
    (
        'EFG 2 R "" { "A" } "" p "" 1 1 "" { "x" "y" } 0 p "" 1 1 "" { "a" } 0 t "" 0 t "" 0',
        "given the actions",
    ),
    ('EFG 2 R "" { "A" } "" p "" 1 1 0 t "" 0', "used before its actions"),
    ('EFG 2 R "" { "A" } "" c "" 1 "" { "h" 1/2 "t" 1/3 } 0 t "" 0 t "" 0', "add up to 5/6"),
    ('EFG 2 R "" { "A" } "" p "" 2 1 "" { "x" } 0 t "" 0', "no player 2"),
    ('EFG 2 R "" { "A" } "" t "" 3', "outcome 3 is used before"),
    ('EFG 2 R "" { "A" "B" } "" t "" 1 "o" { 1 }', "1 payoffs for 2 players"),
    ('EFG 2 R "" { "A" } "" p "" 1 1 "" { "x" } 0', "end of the file"),
    ('EFG 2 R "" { "A" } "" q', "expected p or t or c"),
    (
        'EFG 2 R "" { "A" } "" '
        + "".join(f'p "" 1 {k} "" {{ "x" }} 0 ' for k in range(1, 300))
        + 't "" 0',
        "deep",
    ),
]


@pytest.mark.parametrize(("text", "where"), MALFORMED_EFG)
def test_malformed_efg(text: str, where: str) -> None:
    with pytest.raises(GameError, match=where):
        read_efg(text)


# --------------------------------------------------------------------------- issue 15, items 5-7


def deep_tree() -> GameTree:
    """Three moves deep: default node names such as 'B → F' are not ASCII."""
    leaf = Decision("bank", {"Lend": (1, 2), "Refuse": (0, 0)})
    return GameTree(Decision("SME", {"B": Decision("bank", {"F": Decision("SME", {
        "Repay": (3, 1), "Default": (-1, 4)}), "G": (0, 1)}), "N": leaf}))


def test_deep_tree_is_written_in_labels_gambit_reads() -> None:
    tree = deep_tree()
    text = to_efg(tree)
    assert text.isascii() and "B -> F" in text
    theirs = gbt.read_efg(io.StringIO(text))
    assert gambit_leaves(theirs) == our_leaves(tree)
    back = read_efg(text)
    assert back.to_dict() == tree.to_dict()
    assert [s.to_dict() for s in back.solve()] == [s.to_dict() for s in tree.solve()]
    assert "B → F" in back.solve()[0].strategy


@pytest.mark.parametrize("version", ["payoff", "outcome"])
def test_nfg_labels_gambit_refuses_are_rewritten_and_restored(version: str) -> None:
    game = StageGame(
        [[1, 2], [3, 4]], [[5, 6], [7, 8]],
        row_actions=["借", " a"], col_actions=["a  b", 'say "no" \\ yes'],
        players=("银行", "SME "),
    )
    text = to_nfg(game, version=version)
    assert text.isascii()
    theirs = gbt.read_nfg(io.StringIO(text))
    A, B, labels, players = gambit_stage(theirs)
    assert A == game.A and B == game.B
    assert labels == [["U+501F", "a"], ["a b", 'say "no" / yes']]
    assert players == ["U+94F6U+884C", "SME"]
    same_stage(read_nfg(text), game)


def test_labels_made_unique_after_rewriting() -> None:
    game = StageGame([[1, 2]], [[3, 4]], col_actions=["é", "e"])
    text = to_nfg(game)
    assert [s.label for s in list(gbt.read_nfg(io.StringIO(text)).players)[1].strategies] == [
        "e", "e~2"]
    same_stage(read_nfg(text), game)


def test_lending_games_read_back_by_pygambit(tmp_path) -> None:
    for recovery in (False, True):
        game = LendingGame(recovery=recovery)
        values = {**LENDING, **({"lam": sp.Rational(1, 2)} if recovery else {})}
        nfg = write_nfg(game, tmp_path / "g.nfg", **values)
        efg = write_efg(game.sequential(), tmp_path / "g.efg", **values)
        assert gambit_stage(gbt.read_nfg(str(nfg)))[0] == game.payoffs(**values)[0]
        assert gambit_leaves(gbt.read_efg(str(efg))) == our_leaves(game.sequential(), **values)


def test_empty_action_labels_are_read() -> None:
    tree = read_efg('EFG 2 R "" { "A" "B" } "" p "" 1 1 "" { "" "" } 0 '
                    't "" 1 "" { 1, 0 } t "" 2 "" { 0, 1 }')
    assert tree.root.actions == ("1", "2")
    assert [s.strategy for s in tree.solve()] == [{"root": "1"}]
    game = read_nfg('NFG 1 R "" { "" "" } { { "" "x" } { "" } } "" 1 2 3 4')
    assert game.row_actions == ("r1", "x") and game.players == ("row", "column")


def test_chance_information_sets_and_more_players_are_read() -> None:
    text = """EFG 2 R "" { "A" "B" "C" } ""
    c "" 1 "" { "H" 1/3 "T" 2/3 } 0
    p "" 1 1 "" { "x" "y" } 0
    t "" 1 "" { 1, 0, 0 }
    t "" 2 "" { 0, 1, 0 }
    p "" 1 1 0
    t "" 3 "" { 0, 0, 1 }
    t "" 4 "" { 1, 1, 1 }
    """
    tree = read_efg(text)
    assert tree.players == ("A", "B", "C") and tree.has_chance
    assert [(s.player, s.nodes) for s in tree.information_sets] == [("A", ("H", "T"))]
    normal = tree.strategic_form().to_normal_form()
    assert [eq.strategies for eq in normal.pure_equilibria()] == [("y", "-", "-")]
    assert gambit_leaves(gbt.read_efg(io.StringIO(to_efg(tree)))) == [
        [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]
    three = read_nfg('NFG 1 R "" { "1" "2" "3" } { 2 1 1 } 1 2 3 4 5 6')
    assert three.payoff((1, 0, 0)) == (4, 5, 6)
    assert gbt.read_nfg(io.StringIO(to_nfg(three))).to_arrays()[2].tolist() == [[[3]], [[6]]]


def test_out_of_scope_says_unsupported() -> None:
    tree = read_efg('EFG 2 R "" { "A" "B" } "" c "" 1 "" { "H" 1/2 "T" 1/2 } 0 '
                    'p "" 1 1 "" { "x" "y" } 0 t "" 1 "" { 1, 0 } t "" 2 "" { 0, 1 } '
                    'p "" 1 1 0 t "" 1 t "" 2')
    with pytest.raises(GameError, match=r"^unsupported: backward induction needs perfect"):
        tree.solve()
    three = read_efg('EFG 2 R "" { "A" "B" "C" } "" p "" 1 1 "" { "x" } 0 t "" 1 "" { 1, 2, 3 }')
    with pytest.raises(GameError, match=r"^unsupported: all Nash equilibria are computed for two"):
        three.equilibria()
    absent = read_efg('EFG 2 R "" { "A" "B" } "" p "" 1 1 "" { "L" "R" } 0 p "" 1 1 0 '
                      't "" 1 "" { 1, 0 } t "" 2 "" { 4, 0 } t "" 3 "" { 0, 0 }')
    assert not absent.has_perfect_recall and "imperfect recall" in absent.recall_problem
    with pytest.raises(GameError, match=r"^unsupported: the sequence form needs perfect recall"):
        absent.sequence_form_equilibrium()
