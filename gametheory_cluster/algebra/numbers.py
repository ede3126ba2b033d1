"""Numbers as the engine wants them: exact rationals, Python fractions, JSON-friendly values.

A float given by a user stands for the binary number it is: :func:`exact_value` turns it
into that rational exactly (so exact algebra on it is still right), while
:func:`nearest_rational` takes the simplest rational within float precision (so
exact algebra on it stays fast, and the answer goes back to a float).

Examples
--------
>>> exact_value(0.5), exact_value(3), fraction(0.25, "q")
(1/2, 3, Fraction(1, 4))
>>> nearest_rational(0.1)
1/10
>>> plain({"delta": exact_value(0.75), "n": 3, "x": 0.5})
{'delta': '3/4', 'n': 3, 'x': 0.5}
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from ..errors import DomainError
from ..parameters import coerce_value

__all__ = ["exact_value", "exact_values", "fraction", "nearest_rational", "plain"]


def exact_value(value: Any, name: str = "value") -> sp.Expr:
    """``value`` as an exact sympy number; a float becomes the rational it is exactly."""
    if isinstance(value, sp.Rational):
        return value
    value = coerce_value(value, name)
    if isinstance(value, float):
        return sp.Rational(value)
    return sp.sympify(value)


def exact_values(values: Mapping[str, Any]) -> dict[str, sp.Expr]:
    """Each named value as :func:`exact_value` gives it."""
    return {name: exact_value(value, name) for name, value in values.items()}


def fraction(value: Any, name: str = "value") -> Fraction:
    """``value`` as a :class:`~fractions.Fraction` (a float exactly); symbols and surds refused."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, sp.Rational):  # already exact: no size check on computed numbers
        return Fraction(int(value.p), int(value.q))
    value = coerce_value(value, name)
    if isinstance(value, float):
        return Fraction(value)
    value = sp.sympify(value)
    if value.free_symbols or not value.is_Rational:
        raise DomainError(f"{name}={value} must be a rational number or a float here")
    return Fraction(int(value.p), int(value.q))


def nearest_rational(value: float, max_denominator: int = 10**12) -> sp.Rational:
    """The rational nearest to ``value`` with a denominator up to ``max_denominator``."""
    f = Fraction(value).limit_denominator(max_denominator)
    return sp.Rational(f.numerator, f.denominator)


def plain(value: Any) -> Any:
    """JSON-friendly: Python numbers stay numbers, exact sympy numbers become strings (``"11/15"``).

    Mappings and sequences are converted item by item; a complex number becomes
    ``[re, im]``; a non-finite float becomes its text.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, sp.Basic):
        return float(value) if isinstance(value, sp.Float) else str(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, Fraction):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    if isinstance(value, complex):
        return [value.real, value.imag]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)
