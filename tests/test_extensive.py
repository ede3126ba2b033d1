"""Game trees with chance and information sets: structure, recall, solvers, n-player forms."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp

from gametheory_cluster.errors import GameError, MissingParameterError
from gametheory_cluster.games import Chance, Decision, GameTree, NormalFormGame
from gametheory_cluster.games.behaviour import (
    beliefs,
    expected_payoffs,
    sequential_rationality_violations,
)
from gametheory_cluster.parameters import symbol

HALF = F(1, 2)


def selten_horse() -> GameTree:
    """A three-player 'horse' in the shape of Selten's (1975): player 3 cannot tell who moved."""
    three = lambda a, b: Decision("3", {"L": a, "R": b}, infoset="3")  # noqa: E731
    return GameTree(Decision("1", {
        "C": Decision("2", {"c": (1, 1, 1), "d": three((0, 0, 1), (3, 2, 2))}),
        "D": three((0, 0, 0), (4, 4, 0)),
    }))


def test_chance_backward_induction_with_symbolic_prior() -> None:
    mu = symbol("mu")
    tree = GameTree(Chance({
        "good": (mu, Decision("bank", {"Lend": (1,), "Refuse": (0,)}, name="g")),
        "bad": (1 - mu, Decision("bank", {"Lend": (-1,), "Refuse": (0,)}, name="b")),
    }), players=("bank",))
    (spe,) = tree.solve()  # the bank sees the type: no uncertainty left at its nodes
    assert spe.strategy == {"g": "Lend", "b": "Refuse"} and spe.payoffs == (mu,)
    assert spe.outcomes == ((("good", "Lend"), mu), (("bad", "Refuse"), 1 - mu))
    assert spe.path == ()
    (numeric,) = tree.solve(mu=F(1, 4))
    assert numeric.payoffs == (F(1, 4),)


def test_ties_at_chance_trees_keep_every_equilibrium() -> None:
    tree = GameTree(Chance({"H": (HALF, Decision("A", {"x": (1,), "y": (1,)}, name="h")),
                            "T": (HALF, (0,))}), players=("A",))
    assert len(tree.solve()) == 2


def test_perfect_recall_and_subgames() -> None:
    horse = selten_horse()
    assert horse.has_perfect_recall and not horse.is_perfect_information
    assert horse.subgame_roots() == ["root"]
    forgetful = GameTree(Decision("A", {"x": Decision("B", {"u": Decision("A", {"l": (1, 0),
        "r": (0, 1)}, infoset="late"), "v": (2, 2)}), "y": Decision("A", {"l": (0, 0),
        "r": (1, 1)}, infoset="late")}))
    assert not forgetful.has_perfect_recall
    assert "imperfect recall" in forgetful.recall_problem


def test_three_player_tree_pure_equilibria_and_pygambit_mixed() -> None:
    normal = selten_horse().strategic_form().to_normal_form()
    pure = {eq.strategies for eq in normal.pure_equilibria()}
    gbt = pytest.importorskip("pygambit")
    game = normal.to_gambit()
    theirs = {
        tuple(next(s.label for s in p.strategies if eq[s] == 1) for p in game.players)
        for eq in gbt.nash.enumpure_solve(game).equilibria
    }
    assert pure == theirs
    mixed = normal.mixed_equilibria(method="enumpoly")
    assert mixed and all(len(profile) == 3 for profile in mixed)
    with pytest.raises(GameError, match=r"^unsupported: method 'magic'"):
        normal.mixed_equilibria(method="magic")


def test_normal_form_game_checks_and_symbols() -> None:
    x = sp.Symbol("x")
    game = NormalFormGame([[[x, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(MissingParameterError, match="give values for: x"):
        game.pure_equilibria()
    assert [eq.strategies for eq in game.pure_equilibria(x=-1)] == [("s2", "s2")]
    with pytest.raises(GameError, match="shape"):
        NormalFormGame([[[1, 2]], [[1]]])
    assert game.to_stage_game().shape == (2, 2)


def test_subgame_perfect_removes_incredible_threats() -> None:
    # the entrant enters; inside, a simultaneous pricing game with a unique equilibrium
    inner = lambda a: Decision("I", {"war": (a, -1), "peace": (a + 2, 1)}, infoset="I")  # noqa: E731
    tree = GameTree(Decision("E", {"out": (0, 4), "in": Decision("E", {
        "fight": inner(-2), "share": inner(-1)})}))
    nash = tree.equilibria()
    spe = tree.subgame_perfect()
    assert len(spe) == 1 and spe[0].payoffs == (1, 1)
    assert len(nash) >= len(spe)
    assert all(eq.behaviour[("I", "I")]["peace"] == 1 for eq in spe)


def test_beliefs_and_sequential_rationality() -> None:
    sme = lambda u: Decision("SME", {"C": Decision("bank", {"L": u, "R": (0, 0)},  # noqa: E731
                                                   infoset="C"), "N": (0, 0)})
    tree = GameTree(Chance({"good": (F(1, 3), sme((1, 1))), "bad": (F(2, 3), sme((1, -1)))}))
    play = {("SME", "good"): {"C": 1, "N": 0}, ("SME", "bad"): {"C": 0, "N": 1},
            ("bank", "C"): {"L": 1, "R": 0}}
    assert beliefs(tree, play)[("bank", "C")] == {"good → C": 1, "bad → C": 0}
    assert expected_payoffs(tree, play) == (F(1, 3), F(1, 3))
    assert any("bad" in p for p in sequential_rationality_violations(tree, play))
    pooled = {**play, ("SME", "bad"): {"C": 1, "N": 0}, ("bank", "C"): {"L": 0, "R": 1}}
    assert sequential_rationality_violations(tree, pooled) == []  # the pool is refused


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Chance({"a": (F(1, 2), (1,))}), "add up to 1/2"),
        (lambda: Chance({"a": (F(3, 2), (1,)), "b": (-HALF, (0,))}), "not in"),
        (lambda: Chance({"a": (1,)}), "pair"),
        (lambda: Chance({"a": (-symbol("mu") - 1, (1,)), "b": (symbol("mu") + 2, (0,))}),
         "negative"),
        (lambda: GameTree(Decision("A", {"x": Decision("B", {"l": (1, 1)}, infoset="b"),
                                         "y": Decision("B", {"r": (0, 0)}, infoset="b")})),
         "different actions"),
        (lambda: Decision("A", {"x": (1,)}, infoset=""), "information set label"),
    ],
)
def test_bad_trees(build, message) -> None:
    with pytest.raises(GameError, match=message):
        build()


def test_probabilities_checked_at_values() -> None:
    x = sp.Symbol("x")
    tree = GameTree(Chance({"a": (x, (1,)), "b": (1 - x, (0,))}), players=("A",))
    with pytest.raises(GameError, match="not in \\[0, 1\\]"):
        tree.solve(x=2)
    assert tree.solve(x=HALF)[0].payoffs == (HALF,)


def test_strategic_form_limits(monkeypatch) -> None:
    from gametheory_cluster.games import strategic

    monkeypatch.setattr(strategic, "MAX_STRATEGIES", 1)
    with pytest.raises(GameError, match=r"^unsupported: .* more than 1 pure strategies"):
        selten_horse().strategic_form()
