"""How an expression is laid out before it is printed: order, orientation, relations.

Terms in the economics' order (positive terms first, then by the parameter table,
constants last; factors as ``δY``); fractions the right way up (a denominator that
reads negative in the region is negated with its numerator); relations as
inequalities between positive sides. Both printers
(:mod:`~gametheory_cluster.notation.text`, :mod:`~gametheory_cluster.notation.markup`)
share these rules, so text and LaTeX read alike.

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> C, R, Y, s, w = symbols("C R Y s w")
>>> oriented((C - R) / (C - Y - s + w))
('', -C + R, -C + Y + s - w)
>>> canonical_relation(110 - R >= 0)
(R, '<=', 110)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy as sp

from ..algebra import orient, sign
from ..parameters import PARAMETERS
from .names import name

__all__ = ["canonical_relation", "oriented"]

_ORDER = {p: k for k, p in enumerate(PARAMETERS)}
_REVERSED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!="}


def _rank(symbol: sp.Symbol) -> tuple[int, str]:
    return (_ORDER.get(symbol.name, len(_ORDER)), symbol.name)


def _term_key(term: sp.Expr) -> tuple[Any, ...]:
    """Positive terms first; within each sign, by the parameter table; constants last."""
    negative = term.could_extract_minus_sign()
    symbols = sorted(term.free_symbols, key=_rank)
    if not symbols:
        return (negative, 1, ())
    degree = sp.Poly(term, *symbols).total_degree() if term.is_polynomial(*symbols) else 9
    return (negative, 0, tuple(_rank(s) for s in symbols), -degree)


def _factor_key(factor: sp.Expr) -> tuple[Any, ...]:
    """Numbers, then Greek letters (``δY``), then the parameter table, then compound factors."""
    base = factor.base if factor.is_Pow else factor
    if factor.is_number:
        return (0, (), "")
    if base.is_Symbol:
        greek = name(base.name) != base.name and base.name not in ("pi_r",)
        return (1, (not greek, _rank(base)), str(factor))
    return (2, (), sp.default_sort_key(factor))


def _positive_parts(assume: Iterable[Any]) -> tuple[sp.Expr, ...]:
    """Expressions ``e`` known to be positive, from relations ``a > b`` (``e = a - b``)."""
    parts = []
    for rel in assume:
        if not isinstance(rel, sp.core.relational.Relational):
            continue
        if rel.rel_op in (">", ">="):
            parts.append(sp.expand(rel.lhs - rel.rhs))
        elif rel.rel_op in ("<", "<="):
            parts.append(sp.expand(rel.rhs - rel.lhs))
    return tuple(parts)


def _reads_negative(expr: sp.Expr, assume: Sequence[sp.Expr]) -> bool:
    """Whether ``expr`` is negative in the region: assumed, proved, or at typical values."""
    if expr.is_number:
        return bool(expr < 0) if expr.is_real else False
    expanded = sp.expand(expr)
    for part in assume:
        if sp.expand(part - expanded) == 0:
            return False
        if sp.expand(part + expanded) == 0:
            return True
    proved = sign(expr)
    if proved is not None:
        return proved < 0
    return orient(expr)[1] == -1


def _negated(expr: sp.Expr, assume: Sequence[sp.Expr]) -> sp.Expr:
    """``-expr``, keeping a product's factors: the factor that reads negative is negated."""
    if expr.is_Mul:
        args = list(expr.args)
        for k, f in enumerate(args):
            if (f.is_Add or (f.is_Pow and f.exp.is_odd)) and _reads_negative(f, assume):
                args[k] = _negated(f, assume)
                return sp.Mul(*args)
        c, rest = expr.as_coeff_Mul()
        return sp.Mul(-c, rest)
    if expr.is_Pow and expr.exp.is_odd and expr.exp.is_Integer:
        return sp.Pow(_negated(expr.base, assume), expr.exp)
    return -expr


def _expression(value: Any) -> Any:
    """``value`` as a sympy object; text is refused, never parsed (parsing can run code)."""
    try:
        return sp.sympify(value, strict=True)
    except sp.SympifyError:
        raise TypeError(f"cannot print {type(value).__name__} {value!r} as an expression") from None


def oriented(expr: Any, assume: Iterable[Any] = ()) -> tuple[str, sp.Expr, sp.Expr]:
    """``(sign, numerator, denominator)`` of ``expr``, both positive in the region.

    The denominator is negated with the numerator when it reads negative; a sum in
    the numerator that reads negative is negated and its sign (``"-"``) put in front.
    """
    expr = _expression(expr)
    num, den = sp.fraction(expr)
    parts = _positive_parts(assume)
    if den != 1 and any(f.is_Add for f in sp.Mul.make_args(den)) and _reads_negative(den, parts):
        num, den = _negated(num, parts), _negated(den, parts)
    if den != 1 and num.is_Add and _mostly_negative(num, parts):
        return "-", -num, den
    return "", num, den


def _mostly_negative(expr: sp.Expr, assume: Sequence[sp.Expr]) -> bool:
    """Whether a sum reads better negated: assumed or proved negative, or every term minus."""
    expanded = sp.expand(expr)
    for part in assume:
        if sp.expand(part + expanded) == 0:
            return True
    if sign(expr) == -1:
        return True
    return all(t.could_extract_minus_sign() for t in sp.Add.make_args(expr))


def canonical_relation(rel: Any) -> tuple[sp.Expr, str, sp.Expr]:
    """``(lhs, op, rhs)`` of an inequality as a paper writes it.

    ``e ≥ 0`` becomes *positive terms ≥ negative terms*; a side that is only a
    number goes to the right (``I ≤ 110``). Other relations are kept as given.
    """
    lhs, rhs, op = rel.lhs, rel.rhs, rel.rel_op
    if lhs == 0 and rhs != 0:
        lhs, rhs, op = rhs, lhs, _REVERSED[op]
    if rhs != 0 or op in ("==", "!="):
        return lhs, op, rhs
    terms = sp.Add.make_args(lhs)
    if len(terms) == 1 and not lhs.could_extract_minus_sign():
        return lhs, op, rhs
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    negative = [-t for t in terms if t.could_extract_minus_sign()]
    left, right = sp.Add(*positive), sp.Add(*negative)
    if not positive:  # every term negative: -I - R >= 0 is I + R <= 0
        return right, _REVERSED[op], sp.Integer(0)
    if left.is_number and not right.is_number:
        return right, _REVERSED[op], left
    return left, op, right


def _even_base(power: sp.Pow, assume: Sequence[sp.Expr]) -> sp.Expr:
    """The base of an even power, negated when it reads negative: ``(Y - w - C)²``."""
    base = power.base
    if power.exp.is_Integer and power.exp.is_even and base.is_Add and _reads_negative(base, assume):
        return -base
    return base


def _splits(power: sp.Pow) -> bool:
    """Whether a power is a fraction (a negative exponent that sympy moves below the line)."""
    exp = power.exp
    negative = (exp.is_Rational and exp < 0) or (
        not exp.is_number and exp.could_extract_minus_sign()
    )
    return bool(negative) and sp.fraction(power)[1] != 1


def _is_square_root_form(expr: sp.Expr) -> bool:
    """Whether every root in ``expr`` is a square root (sympy's form reads well then)."""
    roots = [p.exp for p in expr.atoms(sp.Pow) if p.exp.is_Rational and not p.exp.is_Integer]
    return all(e.q == 2 for e in roots)
