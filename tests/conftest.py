"""Shared test set-up: Agg backend, the tests folder on the path, and pygambit as a second road."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from fractions import Fraction

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, os.path.dirname(__file__))

#: Scripts that tests/test_typing.py hands to mypy; one of them is wrong on purpose.
collect_ignore = ["typing"]


def _gambit_extreme_points(A, B) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Extreme equilibria by pygambit's enummixed, in exact rationals (payoffs exact too)."""
    gbt = pytest.importorskip("pygambit")
    game = gbt.Game.from_arrays(A, B)
    result = gbt.nash.enummixed_solve(game, rational=True)
    row, col = game.players
    return {
        (
            tuple(Fraction(eq[s]) for s in row.strategies),
            tuple(Fraction(eq[s]) for s in col.strategies),
        )
        for eq in result.equilibria
    }


@pytest.fixture(scope="session")
def gambit_extreme_points() -> Callable:
    """``f(A, B)`` → the set of extreme equilibria found by pygambit (exact)."""
    return _gambit_extreme_points
