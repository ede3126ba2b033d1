r"""Move stage games to and from nashpy and QuantEcon.

A two-player game :math:`(A, B)` (row player's payoffs :math:`A_{ij}`, column
player's :math:`B_{ij}`) is

* a :class:`nashpy.Game` holding the two matrices ``(A, B)``;
* a :class:`quantecon.game_theory.NormalFormGame` of two players, each holding a
  payoff array indexed by *its own action first*: player 0 holds :math:`A`, player
  1 holds :math:`B^\top`.

Numbers keep their type where the other library allows it: integers stay integers
both ways, ``Fraction`` entries of an object-dtype nashpy game stay exact, floats
stay floats. QuantEcon computes in machine numbers, so an exact non-integer payoff
becomes a float on the way there.

Examples
--------
>>> from gametheory_cluster.io.convert import from_quantecon, to_quantecon
>>> from gametheory_cluster.models.lending import LendingGame
>>> nfg = to_quantecon(LendingGame(), I=100, Y=150, R=110, w=0)
>>> nfg.players[1].payoff_array
array([[ 40,   0],
       [150,   0]])
>>> from_quantecon(nfg).A
Matrix([
[10, -100],
[ 0,    0]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from ..errors import GameError
from ..games import StageGame
from ..games._coerce import _missing

__all__ = ["from_nashpy", "from_quantecon", "to_nashpy", "to_quantecon"]

_INT64 = np.iinfo(np.int64)


def to_nashpy(game: StageGame, **values: Any) -> Any:
    """A :class:`nashpy.Game` at the given values (:meth:`StageGame.to_nashpy`).

    Examples
    --------
    >>> from gametheory_cluster.models.lending import LendingGame
    >>> to_nashpy(LendingGame(), I=100, Y=150, R=110, w=0).payoff_matrices[1]
    array([[ 40., 150.],
           [  0.,   0.]])
    """
    if not isinstance(game, StageGame):
        raise GameError(f"to_nashpy needs a StageGame, got {type(game).__name__}")
    return game.to_nashpy(**values)


def from_nashpy(
    nashpy_game: Any,
    row_actions: Sequence[str] | None = None,
    col_actions: Sequence[str] | None = None,
    players: Sequence[str] = ("row", "column"),
) -> StageGame:
    """A :class:`StageGame` with the payoff matrices of a :class:`nashpy.Game`.

    Examples
    --------
    >>> import nashpy
    >>> from_nashpy(nashpy.Game([[1, -1], [-1, 1]]), row_actions=("H", "T")).B
    Matrix([
    [-1,  1],
    [ 1, -1]])
    """
    matrices = getattr(nashpy_game, "payoff_matrices", None)
    if not isinstance(matrices, tuple) or len(matrices) != 2:
        raise GameError(
            "from_nashpy needs a nashpy.Game (two payoff matrices), "
            f"got {type(nashpy_game).__name__}"
        )
    return StageGame(*matrices, row_actions=row_actions, col_actions=col_actions, players=players)


def to_quantecon(game: StageGame, **values: Any) -> Any:
    """A two-player :class:`quantecon.game_theory.NormalFormGame` at the given values.

    Integer payoffs give ``int64`` arrays (exact); any other payoff makes the
    arrays ``float``.

    Raises
    ------
    MissingParameterError
        A payoff still depends on a parameter.
    GameError
        QuantEcon is not installed, or ``game`` is not a StageGame.
    """
    game_theory = _quantecon()
    if not isinstance(game, StageGame):
        raise GameError(f"to_quantecon needs a StageGame, got {type(game).__name__}")
    A, B = game.payoffs(**values)
    if A.free_symbols or B.free_symbols:
        raise _missing([*A, *B], "a QuantEcon game")
    entries = [*A, *B]
    exact = all(isinstance(v, sp.Integer) and _INT64.min <= int(v) <= _INT64.max for v in entries)
    dtype = np.int64 if exact else float
    arrays = [np.array(M.tolist(), dtype=object).astype(dtype) for M in (A, B.T)]
    return game_theory.NormalFormGame(tuple(game_theory.Player(a) for a in arrays))


def from_quantecon(
    nfg: Any,
    row_actions: Sequence[str] | None = None,
    col_actions: Sequence[str] | None = None,
    players: Sequence[str] = ("row", "column"),
) -> StageGame:
    """A :class:`StageGame` from a two-player QuantEcon ``NormalFormGame``.

    Raises
    ------
    GameError
        Not a two-player NormalFormGame, or QuantEcon is not installed.
    """
    game_theory = _quantecon()
    if not isinstance(nfg, game_theory.NormalFormGame):
        raise GameError(f"from_quantecon needs a NormalFormGame, got {type(nfg).__name__}")
    if nfg.N != 2:
        raise GameError(f"a StageGame has 2 players; this NormalFormGame has {nfg.N}")
    first, second = (p.payoff_array for p in nfg.players)
    return StageGame(
        first, second.T, row_actions=row_actions, col_actions=col_actions, players=players
    )


def _quantecon() -> Any:
    try:
        from quantecon import game_theory
    except ImportError as error:
        raise GameError(
            "QuantEcon is not installed; install it with `pip install quantecon`"
        ) from error
    return game_theory
