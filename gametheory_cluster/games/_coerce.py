r"""Input checking and number conversion shared by stage games, their results and game trees.

A payoff arrives as an int, ``Fraction``, ``Decimal``, float, numpy scalar or sympy
expression, alone or in a nested list, numpy array or sympy matrix; it becomes a
sympy expression (a float a sympy ``Float``, kept at full precision), and anything
that is not a finite real number is rejected with a
:class:`~gametheory_cluster.errors.GameError`. Symbols are matched by name: a name
from the parameter table takes the table's symbol and domain. Parameter values are
checked against those domains and against the assumptions of a user's own symbols
(a value breaking them would void a symbolic answer).

For exact enumeration a number becomes a :class:`fractions.Fraction` — a float the
exact value of its binary form — and an answer goes back to sympy ``Rational`` when
every input was exact, to ``float`` when any was a float. The display helpers print
such numbers as text and LaTeX and make them JSON-ready.

See docs/explanation/stage_games.md.
"""

from __future__ import annotations

import decimal
import functools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .. import notation
from ..algebra import tidy
from ..errors import DomainError, GameError, MissingParameterError, UnknownParameterError
from ..parameters import PARAMETERS, Value, symbol, validate

#: A payoff or probability in a result: exact sympy number, float, or sympy expression.
Number = sp.Expr | float


def _coerce_entry(value: Any, where: str) -> sp.Expr:
    """A payoff entry as a sympy expression; reject anything that is not a finite real."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise GameError(
            f"{where} = {value!r} is not a number or sympy expression "
            "(strings are not parsed: build formulas from sympy symbols)"
        )
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr) or isinstance(value, sp.MatrixBase):
            raise GameError(f"{where} = {value!r} is not a payoff expression")
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is False:
            raise GameError(f"{where} = {value} is not a finite real number")
        return value
    if isinstance(value, numbers.Integral):
        return sp.Integer(int(value))
    if isinstance(value, (Fraction, decimal.Decimal)):
        if isinstance(value, decimal.Decimal) and not value.is_finite():
            raise GameError(f"{where} = {value!r} is not a finite real number")
        exact = Fraction(value)
        return sp.Rational(exact.numerator, exact.denominator)
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise GameError(f"{where} = {value!r} is not a finite real number")
        return sp.Float(as_float)
    raise GameError(f"{where} = {value!r} is not a real number (type {type(value).__name__})")


def _rows(matrix: Any, name: str) -> list[list[Any]]:
    """Nested rows of a 2-D matrix-like input, checked for shape."""
    if isinstance(matrix, sp.MatrixBase):
        rows = matrix.tolist()
    elif isinstance(matrix, np.ndarray):
        if matrix.ndim != 2:
            raise GameError(f"payoff matrix {name} must be 2-D, got {matrix.ndim}-D")
        rows = matrix.tolist()
    elif isinstance(matrix, Sequence) and not isinstance(matrix, (str, bytes)):
        rows = list(matrix)
        for i, row in enumerate(rows):
            if not isinstance(row, (Sequence, np.ndarray)) or isinstance(row, (str, bytes)):
                raise GameError(
                    f"payoff matrix {name} must be 2-D (a list of rows); row {i} is {row!r}"
                )
        rows = [list(row) for row in rows]
    else:
        raise GameError(
            f"payoff matrix {name} must be a nested list, numpy array or sympy Matrix, "
            f"got {type(matrix).__name__}"
        )
    if not rows or not rows[0]:
        raise GameError(f"payoff matrix {name} is empty: each player needs at least one action")
    for i, row in enumerate(rows):
        if len(row) != len(rows[0]):
            raise GameError(
                f"payoff matrix {name} is ragged: row {i} has {len(row)} entries, "
                f"row 0 has {len(rows[0])}"
            )
        for j, entry in enumerate(row):
            if isinstance(entry, (Sequence, np.ndarray)) and not isinstance(entry, (str, bytes)):
                raise GameError(f"payoff matrix {name} must be 2-D; entry [{i}, {j}] is a sequence")
    return rows


def _plain_number(value: Any) -> int | Fraction | float | None:
    """``value`` as an int, Fraction or finite float, or None when it is anything else.

    Only numbers whose sympy form is fixed by their value qualify (ints, Fractions,
    finite Decimals and floats, numpy integers and floats, sympy Integers and
    Rationals): the general road (:func:`_coerce_matrix`) takes the rest and reports
    what is wrong.
    """
    kind = type(value)
    if kind is int or kind is Fraction:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if isinstance(value, np.generic) and not isinstance(value, np.bool_):
        value = value.item()
        return _plain_number(value) if type(value) in (int, float) else None
    if isinstance(value, sp.Rational):
        return int(value.p) if value.q == 1 else Fraction(int(value.p), int(value.q))
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return Fraction(value)
    return None


def _plain_matrix(matrix: Any) -> tuple[list[list[int | Fraction | float]], bool] | None:
    """The rows of a non-empty rectangular matrix of plain numbers, and whether a float is
    among them; None when the matrix needs the general road (symbols, sympy matrices,
    sympy floats, bad shapes or entries: :func:`_coerce_matrix` names the problem).

    This road builds no sympy object, so numeric games stay cheap.
    """
    if isinstance(matrix, np.ndarray):
        if matrix.ndim != 2 or matrix.size == 0:
            return None
        if matrix.dtype.kind in "iu":
            return matrix.tolist(), False
        if matrix.dtype.kind == "f":
            return (matrix.tolist(), True) if np.isfinite(matrix).all() else None
        if matrix.dtype.kind != "O":
            return None
        matrix = matrix.tolist()
    elif not isinstance(matrix, (list, tuple)):
        return None
    if matrix and all([type(row) is list for row in matrix]):  # the common case: lists of ints
        width = len(matrix[0])
        if (width and all([len(row) == width for row in matrix])
                and all([type(v) is int for row in matrix for v in row])):
            return [row[:] for row in matrix], False
    rows: list[list[int | Fraction | float]] = []
    floating = False
    for row in matrix:
        if isinstance(row, np.ndarray):
            row = row.tolist()
        elif not isinstance(row, (list, tuple)):
            return None
        if not row or (rows and len(row) != len(rows[0])):
            return None
        plain = []
        for value in row:
            number = _plain_number(value)
            if number is None:
                return None
            floating = floating or type(number) is float
            plain.append(number)
        rows.append(plain)
    return (rows, floating) if rows else None


def _coerce_matrix(matrix: Any, name: str) -> list[list[sp.Expr]]:
    return [
        [_coerce_entry(entry, f"{name}[{i}, {j}]") for j, entry in enumerate(row)]
        for i, row in enumerate(_rows(matrix, name))
    ]


def _canonical_symbols(exprs: Sequence[sp.Expr]) -> dict[sp.Symbol, sp.Symbol]:
    """Map each free symbol to one symbol per name (the table's symbol for a table name)."""
    by_name: dict[str, set[sp.Symbol]] = {}
    for expr in exprs:
        for s in expr.free_symbols:
            by_name.setdefault(s.name, set()).add(s)
    mapping: dict[sp.Symbol, sp.Symbol] = {}
    for name, found in by_name.items():
        if name in PARAMETERS:
            target = symbol(name)
        elif len(found) == 1:
            continue
        else:
            raise GameError(
                f"two different symbols are both named {name!r} (different assumptions); "
                "parameters are matched by name, so use one symbol per name"
            )
        mapping.update({s: target for s in found if s != target})
    return mapping


@functools.lru_cache(maxsize=256)
def _default_labels(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{k + 1}" for k in range(count))


def _labels(labels: Sequence[str] | None, count: int, what: str, prefix: str) -> tuple[str, ...]:
    if labels is None:
        return _default_labels(prefix, count)
    if isinstance(labels, str):
        raise GameError(f"{what} labels must be a sequence of strings, not one string {labels!r}")
    labels = tuple(labels)
    if len(labels) != count:
        raise GameError(f"{count} {what} labels needed, got {len(labels)}: {labels!r}")
    for label in labels:
        if not isinstance(label, str) or not label:
            raise GameError(f"{what} labels must be non-empty strings, got {label!r}")
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise GameError(f"{what} labels must be unique; repeated: {', '.join(duplicates)}")
    return labels


def _validate_values(
    values: Mapping[str, Any], symbols_: Iterable[sp.Symbol], what: str
) -> dict[str, Value]:
    """Check values by name: the parameter table's domains, and the assumptions of a
    user's own symbols (a value breaking them would void a symbolic answer)."""
    by_name = {s.name: s for s in symbols_}
    if not by_name and values:
        unknown = next(iter(values))
        raise UnknownParameterError(
            f"unknown parameter {unknown!r}: {what} has no parameters (its payoffs are numbers)"
        )
    checked = validate(values, allowed=sorted(by_name))
    for name, value in checked.items():
        s = by_name[name]
        if name in PARAMETERS or (isinstance(value, sp.Basic) and value.free_symbols):
            continue
        broken = [
            kind
            for kind, holds in (
                ("positive", value > 0),
                ("nonnegative", value >= 0),
                ("negative", value < 0),
                ("nonpositive", value <= 0),
                ("integer", float(value).is_integer()),
            )
            if getattr(s, f"is_{kind}") and not holds
        ]
        if broken:
            raise DomainError(f"{name}={value} contradicts the symbol's assumption: {broken[0]}")
    return checked


def _substitute(expr: sp.Expr, values: Mapping[str, Value]) -> sp.Expr:
    """Substitute named values (a float as a sympy Float, kept at full precision)."""
    subs = {s: sp.sympify(values[s.name]) for s in expr.free_symbols if s.name in values}
    return expr.xreplace(subs) if subs else expr


def _missing(exprs: Sequence[sp.Expr], what: str) -> MissingParameterError:
    names = sorted({s.name for e in exprs for s in e.free_symbols})
    example = ", ".join(f"{n}=..." for n in names)
    return MissingParameterError(
        f"{what} needs values for: {', '.join(names)} (e.g. equilibria({example}))"
    )


def _has_float(expr: sp.Expr) -> bool:
    return expr.has(sp.Float)


def _to_fraction(value: sp.Expr, where: str) -> Fraction:
    """An exact Fraction for a sympy number (a Float gives the exact value of its double)."""
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, sp.Float):
        return Fraction(float(value))
    raise GameError(
        f"{where} = {value} is not rational; exact enumeration needs rational payoffs "
        "(pass floats, e.g. float(value), for a floating-point answer)"
    )


def _fraction_matrix(
    matrix: sp.MatrixBase | Sequence[Sequence[sp.Expr]], name: str
) -> list[list[Fraction]]:
    rows = matrix.tolist() if isinstance(matrix, sp.MatrixBase) else matrix
    return [
        [_to_fraction(v, f"{name}[{i}, {j}]") for j, v in enumerate(row)]
        for i, row in enumerate(rows)
    ]


def _number_out(value: Fraction, floating: bool) -> Number:
    return float(value) if floating else sp.Rational(value.numerator, value.denominator)


def _text(value: Number) -> str:
    """A payoff or probability as text (:func:`gametheory_cluster.notation.text`)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    return notation.text(value)


def _tex(value: Number) -> str:
    """The same in LaTeX (:func:`gametheory_cluster.notation.latex`)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    return notation.latex(value)


@functools.lru_cache(maxsize=4096)
def _simplify(value: sp.Expr) -> sp.Expr:
    """Cancelled, factored, denominator positive where provable (:func:`..algebra.tidy`)."""
    return tidy(value) if value.free_symbols else value
