"""Checking what a user passes: numbers coerced exactly, unknown names with a suggestion.

Exactness is kept: ``int``, :class:`fractions.Fraction` and sympy ``Rational`` become
exact sympy numbers; ``float`` stays ``float``. Nothing is rounded. ``bool``, text,
complex numbers, NaN, infinities and exact numbers too large for fast algebra raise
:class:`~gametheory_cluster.errors.DomainError`; an unknown name raises
:class:`~gametheory_cluster.errors.UnknownParameterError` naming the nearest valid one.

Examples
--------
>>> coerce_value(7), coerce_value(0.5), is_exact(coerce_value(0.5))
(7, 0.5, False)
>>> unknown_parameter("dleta", ["delta", "q"])
UnknownParameterError("unknown parameter 'dleta' (did you mean 'delta'?); valid names: delta, q")
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import sympy as sp

from ..errors import DomainError, UnknownParameterError

__all__ = ["MAX_DIGITS", "Value", "coerce_value", "is_exact", "unknown_parameter"]

#: A parameter value: exact (int, Fraction, sympy number) or float.
Value = int | float | Fraction | sp.Basic

#: Most decimal digits an exact value's numerator or denominator may have.
MAX_DIGITS = 60


def unknown_parameter(name: str, valid: Iterable[str]) -> UnknownParameterError:
    """The error for an unknown name: lists the valid names and the nearest one."""
    valid = sorted(valid)
    close = difflib.get_close_matches(name, valid, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return UnknownParameterError(
        f"unknown parameter {name!r}{hint}; valid names: {', '.join(valid)}"
    )


def _typed(value: Any) -> str:
    """A value as it was typed, for messages: ``-150``, ``3/5``, ``0.5``, ``'abc'``."""
    if isinstance(value, (Fraction, sp.Basic)):
        return str(value)
    return repr(value)


def is_exact(value: Any) -> bool:
    """Whether a (coerced) value is exact rather than floating point."""
    return not isinstance(value, float) and not (
        isinstance(value, sp.Basic) and value.has(sp.Float)
    )


def coerce_value(value: Any, name: str = "value") -> Value:
    """Coerce a number to an exact sympy number or a float; reject anything else.

    ``bool``, strings, complex, NaN and infinities raise :class:`DomainError`.

    Examples
    --------
    >>> coerce_value(Fraction(1, 3))
    1/3
    >>> coerce_value(float("nan"), "q")
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.DomainError: q=nan is not a finite real number
    """
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise DomainError(f"{name}={_typed(value)} is not a number")
    if isinstance(value, numbers.Integral):
        return _sized(sp.Integer(int(value)), name)
    if isinstance(value, Fraction):
        return _sized(sp.Rational(value.numerator, value.denominator), name)
    if isinstance(value, numbers.Real) and not isinstance(value, sp.Basic):
        value = float(value)
        if not math.isfinite(value):
            raise DomainError(f"{name}={_typed(value)} is not a finite real number")
        return value
    if isinstance(value, sp.Basic):
        if value.free_symbols:
            return value  # a symbolic value, kept as it is
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is not True:
            raise DomainError(f"{name}={_typed(value)} is not a finite real number")
        if isinstance(value, sp.Float):
            return float(value)
        return _sized(value, name) if isinstance(value, sp.Rational) else value
    raise DomainError(f"{name}={_typed(value)} is not a number (type {type(value).__name__})")


def _digits(n: int) -> float:
    """Decimal digits of ``n``; huge numbers count as infinite (no slow, limited ``str``)."""
    n = abs(int(n))
    return len(str(n)) if n.bit_length() <= 4 * MAX_DIGITS else math.inf


def _sized(value: sp.Rational, name: str) -> sp.Rational:
    """Refuse exact numbers too large for exact algebra to stay fast."""
    if max(_digits(value.p), _digits(value.q)) > MAX_DIGITS:
        raise DomainError(
            f"{name} has more than {MAX_DIGITS} digits; exact algebra on it would not finish "
            "(pass a float, or a smaller number)"
        )
    return value


def _as_integer(value: Value, name: str) -> Value:
    if isinstance(value, sp.Basic) and value.free_symbols:
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise DomainError(f"{name}={_typed(value)} must be a whole number")
        return sp.Integer(int(value))
    if not (isinstance(value, sp.Basic) and value.is_integer):
        raise DomainError(f"{name}={_typed(value)} must be a whole number")
    return value


def _in_interval(value: Value, domain: sp.Interval) -> bool:
    if isinstance(value, sp.Basic) and value.free_symbols:
        return True  # symbolic values are checked when numbers arrive
    if isinstance(value, sp.Rational):  # exact and fast: compare as Python fractions
        value = Fraction(int(value.p), int(value.q))
    elif not isinstance(value, float):
        return bool(domain.contains(value))
    lo, hi = _bound(domain.inf), _bound(domain.sup)
    above = value > lo if domain.left_open else value >= lo
    below = value < hi if domain.right_open else value <= hi
    return bool(above and below)


def _bound(edge: sp.Expr) -> Fraction | float:
    """A domain edge as a Python number (the table's edges are integers or infinite)."""
    return Fraction(int(edge)) if edge.is_finite else float(edge)
