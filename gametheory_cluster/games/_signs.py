"""Tidy forms of the stage games' answers; their signs come from :mod:`..algebra.signs`.

See docs/explanation/stage_games.md.
"""

from __future__ import annotations

import functools

import sympy as sp

from ..algebra.signs import _sample_points, _sign_of
from ..algebra.signs import possible_signs as _possible_signs

__all__ = ["_possible_signs", "_sample_points", "_sign_of", "_simplify", "_tidy"]


def _tidy(value: sp.Expr) -> sp.Expr:
    """A cancelled fraction, factored, with a denominator that is positive where provable."""
    num, den = sp.fraction(value)
    if den.free_symbols and _possible_signs(den) <= {-1, 0}:
        num, den = -num, -den
    return sp.factor_terms(sp.expand(num)) / sp.factor_terms(sp.expand(den))


@functools.lru_cache(maxsize=4096)
def _simplify(value: sp.Expr) -> sp.Expr:
    """Cancelled, factored, denominator positive where provable."""
    return _tidy(sp.cancel(value)) if value.free_symbols else value
