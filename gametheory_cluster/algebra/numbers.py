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
>>> plain({"delta": exact_value(0.75), "n": 3, "x": 0.5, "row": [sp.Rational(1, 3), 0]})
{'delta': 0.75, 'delta_exact': '3/4', 'n': 3, 'x': 0.5,
 'row': [0.3333333333333333, 0], 'row_exact': ['1/3', 0]}
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.polys.fields import FracElement

from ..errors import DomainError
from ..parameters import coerce_value

__all__ = [
    "exact_value",
    "exact_values",
    "floats",
    "fraction",
    "gauss_jordan",
    "nearest_rational",
    "pivot_on",
    "plain",
]


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


def floats(values: Any) -> list[float]:
    """Each value as a float, NaN where it is not a real number (a symbol, ``None``).

    For the float columns of a ``to_frame``: exact values go beside as text.

    Examples
    --------
    >>> floats([sp.Rational(1, 3), 2, None, sp.Symbol("x")])
    [0.3333333333333333, 2.0, nan, nan]
    """
    out = []
    for v in values:
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            out.append(math.nan)
    return out


class _Exact:
    """A JSON value (a number, or the text of an expression) that stands for an exact one.

    What :func:`plain` returns for a single exact value: it *is* the JSON number (a
    ``float``, ``int`` or ``str`` subclass, so ``json.dumps`` writes it as such) and
    carries the exact text in ``exact``; a mapping passed through :func:`plain` turns
    it into the number and the ``<key>_exact`` beside it.
    """

    exact: str


class _ExactFloat(_Exact, float):
    pass


class _ExactInt(_Exact, int):
    pass


class _ExactText(_Exact, str):
    pass


def _marked(kind: type, number: Any, exact: str) -> Any:
    marked = kind(number)
    marked.exact = exact
    return marked


def plain(value: Any) -> Any:
    """JSON-friendly: numbers as JSON numbers, and beside each exact one its exact text.

    The one convention of every ``to_dict`` (and so of every ``--json`` output):

    * a number is a JSON number — an int, or a float (``11/15`` → ``0.7333…``);
    * in a mapping, a key whose value holds exact numbers (sympy numbers,
      fractions) gets a sibling ``<key>_exact`` with the same shape and each exact
      number as text (``"11/15"``, ``"sqrt(165)/15"``, sympy's syntax, so
      ``sympy.sympify`` reads it back); a float given by the user has no sibling;
    * a symbolic expression has no number: the key holds its text, and so does
      the sibling.

    Sequences are converted item by item, mappings key by key; a complex number
    becomes ``[re, im]``; a non-finite number becomes its text (``"inf"``). A single
    exact value given alone comes back as a number (or text) that also carries its
    exact text in the attribute ``exact``.
    """
    if value is None or isinstance(value, (bool, _Exact)):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, sp.Basic):
        return _plain_sympy(value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return _marked(_ExactInt, value.numerator, str(value))
        return _marked(_ExactFloat, float(value), str(value))
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    if isinstance(value, complex):
        return [value.real, value.imag]
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):  # numpy
        return plain(value.tolist())
    if isinstance(value, Mapping):
        return _plain_mapping(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def _plain_sympy(value: sp.Basic) -> Any:
    if isinstance(value, sp.Float):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    text = sp.sstr(value)
    if isinstance(value, sp.Integer):
        return _marked(_ExactInt, int(value), text)
    if value.is_number and not value.free_symbols:
        if value.is_infinite:
            return _marked(_ExactText, "inf" if value.is_extended_positive else "-inf", text)
        if value.is_real is not False:
            try:
                return _marked(_ExactFloat, float(value), text)
            except (TypeError, ValueError):
                pass
    return _marked(_ExactText, text, text)


def _has_exact(value: Any) -> bool:
    if isinstance(value, _Exact):
        return True
    return isinstance(value, list) and any(_has_exact(v) for v in value)


def _number(value: Any) -> Any:
    """``value`` with every marker turned into the bare JSON value."""
    if isinstance(value, _ExactFloat):
        return float(value)
    if isinstance(value, _ExactInt):
        return int(value)
    if isinstance(value, _ExactText):
        return str(value)
    if isinstance(value, list):
        return [_number(v) for v in value]
    return value


def _exact(value: Any) -> Any:
    """The exact text of every marker in ``value`` (other items as they are)."""
    if isinstance(value, _Exact):
        return value.exact
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return value


def _plain_mapping(mapping: Mapping[Any, Any]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key, item in mapping.items():
        converted = plain(item)
        out[key] = _number(converted)
        beside = f"{key}_exact"
        if isinstance(key, str) and _has_exact(converted) and beside not in mapping:
            out[beside] = _exact(converted)
    return out


def gauss_jordan(rows: list[list[Any]], n: int) -> list[list[Any]]:
    """Solve ``A X = B`` from the augmented rows ``[A | B]`` (``A`` n×n, nonsingular).

    Works in any exact field (fractions, sympy domain elements); returns the rows of ``X``.
    Rational rows (ints and Fractions) take the fraction-free road instead
    (:func:`_fraction_free`): the same solution, without a reduced fraction per step;
    so do two or more rows of rational functions (:func:`_fraction_free_polynomials`),
    where each step in the field would cancel a polynomial gcd (one row is one
    division per answer either way).

    Raises
    ------
    ZeroDivisionError
        ``A`` is singular (a column has no pivot).

    Examples
    --------
    >>> gauss_jordan([[Fraction(2), Fraction(1), Fraction(3)], [Fraction(1), Fraction(3), 4]], 2)
    [[Fraction(1, 1)], [Fraction(1, 1)]]
    >>> gauss_jordan([[Fraction(1), Fraction(2), Fraction(3)], [Fraction(2), Fraction(4), 1]], 2)
    Traceback (most recent call last):
    ...
    ZeroDivisionError: singular system: column 1 has no pivot
    """
    if all(type(x) is Fraction or type(x) is int for row in rows for x in row):
        return _fraction_free(rows, n)
    if n > 1 and all(isinstance(x, FracElement) for row in rows for x in row):
        return _fraction_free_polynomials(rows, n)
    rows = [row[:] for row in rows]
    for c in range(n):
        pivot = next((r for r in range(c, n) if rows[r][c] != 0), None)
        if pivot is None:
            raise ZeroDivisionError(f"singular system: column {c} has no pivot")
        rows[c], rows[pivot] = rows[pivot], rows[c]
        pivot_on(rows, c, c)
    return [row[n:] for row in rows]


def _fraction_free(rows: list[list[Any]], n: int) -> list[list[Fraction]]:
    """:func:`gauss_jordan` for rational rows: Bareiss elimination in integers.

    Each row is scaled to integers and solved fraction-free (:func:`_solve_scaled`);
    each answer is the fraction ``(d * x) / d``.

    >>> _fraction_free([[Fraction(1, 2), 1, 2], [1, Fraction(1, 3), 1]], 2)
    [[Fraction(2, 5)], [Fraction(9, 5)]]
    """
    scaled = []
    for row in rows:
        den = math.lcm(*[x.denominator for x in row])
        scaled.append([x.numerator * (den // x.denominator) for x in row])
    times, last = _solve_scaled(scaled, n, 0)
    return [[Fraction(v, last) for v in row] for row in times]


def _fraction_free_polynomials(rows: list[list[Any]], n: int) -> list[list[Any]]:
    """:func:`gauss_jordan` for rows of one field of rational functions, cancelled once per answer.

    Each row is scaled by the least common multiple of its denominators to
    polynomials and solved fraction-free (:func:`_solve_scaled`); each answer is the
    field element ``(d * x) / d``, the same as elimination in the field gives.
    """
    field = rows[0][0].field
    scaled = []
    for row in rows:
        den = functools.reduce(lambda a, b: a.lcm(b), (x.denom for x in row))
        scaled.append([x.numer * (den // x.denom) for x in row])
    times, last = _solve_scaled(scaled, n, field.ring.zero)
    return [[field.new(v, last) for v in row] for row in times]


def _solve_scaled(scaled: list[list[Any]], n: int, zero: Any) -> tuple[list[list[Any]], Any]:
    """``(d * X, d)`` for the ring rows ``[A | B]`` (integers or polynomials), ``d`` the last pivot.

    Eliminated fraction-free (:func:`_bareiss`), then solved back in the ring for
    ``d * x``: by Cramer's rule ``d * x`` lies in the ring, so every division is exact.
    """
    _bareiss(scaled, n)
    last = scaled[n - 1][n - 1]
    times = [[zero] * (len(scaled[0]) - n) for _ in range(n)]
    for t in range(len(scaled[0]) - n):
        for i in range(n - 1, -1, -1):
            row = scaled[i]
            known = sum((row[j] * times[j][t] for j in range(i + 1, n)), zero)
            times[i][t] = (last * row[n + t] - known) // row[i]
    return times, last


def _bareiss(scaled: list[list[Any]], n: int) -> None:
    """Fraction-free elimination in place below the diagonal of the first ``n`` columns.

    Entries stay in their ring (integers, polynomials): each division by the
    previous pivot is exact (Bareiss 1968).
    """
    previous = 1
    for c in range(n):
        pivot = next((r for r in range(c, n) if scaled[r][c]), None)
        if pivot is None:
            raise ZeroDivisionError(f"singular system: column {c} has no pivot")
        scaled[c], scaled[pivot] = scaled[pivot], scaled[c]
        top, p = scaled[c], scaled[c][c]
        for row in scaled[c + 1:]:
            q = row[c]
            for j in range(c + 1, len(row)):
                row[j] = (row[j] * p - q * top[j]) // previous
            row[c] = 0
        previous = p


def pivot_on(rows: list[list[Any]], r: int, c: int) -> None:
    """Pivot ``rows`` in place on the non-zero entry ``(r, c)``: 1 there, 0 in the rest of column c.

    Row ``r`` is divided by the entry; its multiples are subtracted from the other rows
    (a Gauss–Jordan step, and a simplex or Lemke pivot on a tableau).

    Examples
    --------
    >>> rows = [[Fraction(2), Fraction(4)], [Fraction(1), Fraction(3)]]
    >>> pivot_on(rows, 0, 0)
    >>> rows
    [[Fraction(1, 1), Fraction(2, 1)], [Fraction(0, 1), Fraction(1, 1)]]
    """
    head = rows[r][c]
    rows[r] = [x / head for x in rows[r]]
    for i, row in enumerate(rows):
        factor = row[c]
        if i != r and factor != 0:
            rows[i] = [x - factor * y for x, y in zip(row, rows[r], strict=True)]
