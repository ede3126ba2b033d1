"""Conversions to and from nashpy and QuantEcon: exact round trips where types allow."""

from __future__ import annotations

import sys
from fractions import Fraction

import nashpy
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import GameError, MissingParameterError
from gametheory_cluster.games import StageGame
from gametheory_cluster.io.convert import from_nashpy, from_quantecon, to_nashpy, to_quantecon
from gametheory_cluster.models.lending import LendingGame

gt = pytest.importorskip("quantecon.game_theory")

LENDING = {"I": 100, "Y": 150, "R": 110, "w": 0}


@st.composite
def games(draw: st.DrawFn, entries: st.SearchStrategy) -> StageGame:
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    cells = st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m)
    return StageGame(draw(cells), draw(cells))


integers = st.integers(-(10**12), 10**12)
floats = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=30, deadline=None)
@given(games(integers))
def test_integer_games_round_trip_exactly(game: StageGame) -> None:
    nfg = to_quantecon(game)
    assert nfg.players[0].payoff_array.dtype == np.int64
    back = from_quantecon(nfg)
    assert back.A == game.A and back.B == game.B
    back = from_nashpy(
        nashpy.Game(
            np.array(game.A.tolist(), dtype=np.int64), np.array(game.B.tolist(), dtype=np.int64)
        )
    )
    assert back.A == game.A and back.B == game.B


@settings(max_examples=30, deadline=None)
@given(games(floats))
def test_float_games_round_trip(game: StageGame) -> None:
    for back in (from_quantecon(to_quantecon(game)), from_nashpy(to_nashpy(game))):
        assert back.A == game.A and back.B == game.B


def test_fractions_stay_exact_through_object_nashpy_games() -> None:
    A = np.array([[Fraction(1, 3), 2], [0, Fraction(-5, 7)]], dtype=object)
    game = from_nashpy(nashpy.Game(A, -A), row_actions=("a", "b"), players=("P", "Q"))
    assert game.A[0, 0] == sp.Rational(1, 3) and game.B[1, 1] == sp.Rational(5, 7)
    assert game.row_actions == ("a", "b") and game.players == ("P", "Q")
    nfg = to_quantecon(game)
    assert nfg.players[0].payoff_array.dtype == float
    assert nfg.players[0].payoff_array[0, 0] == pytest.approx(1 / 3, abs=0)


def test_lending_game_equilibria_agree_with_quantecon() -> None:
    """Second road: QuantEcon's best-response check accepts every equilibrium we find."""
    game = LendingGame()
    nfg = to_quantecon(game, **LENDING)
    assert nfg.players[1].payoff_array.tolist() == [[40, 0], [150, 0]]
    for eq in game.equilibria(**LENDING):
        assert nfg.is_nash((np.array(eq.row, dtype=float), np.array(eq.col, dtype=float)))
    assert not nfg.is_nash((np.array([1.0, 0.0]), np.array([1.0, 0.0])))


def test_conversion_errors() -> None:
    with pytest.raises(MissingParameterError, match="I, R, Y, w"):
        to_quantecon(LendingGame())
    with pytest.raises(MissingParameterError):
        to_nashpy(LendingGame())
    with pytest.raises(GameError, match="StageGame"):
        to_quantecon([[1]])
    with pytest.raises(GameError, match="StageGame"):
        to_nashpy([[1]])
    with pytest.raises(GameError, match=r"nashpy\.Game"):
        from_nashpy([[1, 2]])
    with pytest.raises(GameError, match="NormalFormGame"):
        from_quantecon(nashpy.Game([[1]]))
    with pytest.raises(GameError, match="3"):
        from_quantecon(gt.NormalFormGame((2, 2, 2)))
    huge = StageGame([[10**30]], [[0]])
    assert to_quantecon(huge).players[0].payoff_array.dtype == float


def test_missing_quantecon_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "quantecon", None)
    with pytest.raises(GameError, match="pip install quantecon"):
        to_quantecon(StageGame([[1]], [[0]]))
