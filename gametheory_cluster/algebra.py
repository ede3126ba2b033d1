r"""Small algebra shared by the engine: signs over parameter domains, tidy forms, evaluation.

:func:`sign` proves the sign of an expression over the parameters' domains (a
sufficient test: ``None`` means "not proved", never "wrong"). It maps every
parameter onto free positive variables — :math:`x = t/(1+t)` for a probability or
discount factor, :math:`x = k + t` for an integer at least :math:`k` — and then
looks for a numerator and denominator whose polynomial coefficients all share one
sign.

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> delta, lam, R, Y, w = symbols("delta lam R Y w")
>>> sign(1 - delta), sign(R * (1 - lam)), sign(Y - w)
(1, 1, None)
>>> tidy((R - Y) / (delta - 1))
(-R + Y)/(1 - delta)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from .parameters import PARAMETERS, Value, is_exact

__all__ = ["evaluate", "orient", "sign", "tidy"]


def _positive_form(expr: sp.Expr) -> sp.Expr:
    """Rewrite ``expr`` in free variables that range over [0, ∞) or (0, ∞)."""
    subs = {}
    for s in expr.free_symbols:
        p = PARAMETERS.get(s.name)
        if p is None:
            continue
        lo, hi = p.domain.inf, p.domain.sup
        if p.integer and lo.is_finite:
            subs[s] = lo + sp.Symbol(f"_{s.name}", nonnegative=True)
        elif lo == 0 and hi == 1:
            t = sp.Symbol(f"_{s.name}", positive=True)
            subs[s] = t / (1 + t)
        elif lo == 0 and hi == sp.oo:
            kind = {"positive": True} if p.domain.left_open else {"nonnegative": True}
            subs[s] = sp.Symbol(f"_{s.name}", **kind)
    return expr.xreplace(subs)


def _poly_sign(expr: sp.Expr) -> int | None:
    expr = sp.expand(expr)
    if expr == 0:
        return 0
    if expr.is_number:
        return 1 if expr > 0 else -1
    gens = sorted(expr.free_symbols, key=str)
    if not all(g.is_nonnegative for g in gens):
        return None
    try:
        coeffs = sp.Poly(expr, *gens).coeffs()
    except sp.PolynomialError:
        return None
    if not all(c.is_number for c in coeffs):
        return None
    if all(c > 0 for c in coeffs):
        return 1
    if all(c < 0 for c in coeffs):
        return -1
    return None


def sign(expr: Any) -> int | None:
    """The sign (1, 0 or -1) of ``expr`` for every parameter value in its domain, or None.

    Zero means identically zero; 1 means positive except possibly on the boundary
    of a domain (a *weak* proof is all the engine needs).
    """
    expr = sp.sympify(expr)
    if expr.is_zero:
        return 0
    if isinstance(expr, sp.log):
        return sign(expr.args[0] - 1)
    if isinstance(expr, sp.Mul):
        signs = [sign(a) for a in expr.args]
        if None not in signs:
            return int(sp.prod(signs))
    if expr.is_positive:
        return 1
    if expr.is_negative:
        return -1
    form = sp.cancel(sp.together(_positive_form(expr)))
    if form.is_positive:
        return 1
    if form.is_negative:
        return -1
    num, den = sp.fraction(form)
    sn, sd = _poly_sign(num), _poly_sign(den)
    if sn is None or sd is None:
        return None
    return sn * sd


def tidy(expr: Any) -> sp.Expr:
    """A canonical, compact form: cancelled, factored, denominator positive where provable."""
    expr = sp.cancel(sp.sympify(expr))
    num, den = sp.fraction(expr)
    if den == 1:
        return sp.factor_terms(num)
    if _prefers_negation(num, den):
        num, den = -num, -den
    return sp.factor_terms(sp.expand(num)) / sp.factor_terms(sp.expand(den))


def _balance(expr: sp.Expr) -> int:
    """Minus terms minus plus terms of the expanded expression."""
    terms = sp.Add.make_args(sp.expand(expr))
    return sum(1 if t.could_extract_minus_sign() else -1 for t in terms)


def _prefers_negation(num: sp.Expr, den: sp.Expr) -> bool:
    """Whether ``-num / -den`` reads better: a proved-negative denominator, or fewer minus signs."""
    known = sign(den)
    if known is not None:
        return known == -1
    total = _balance(num) + _balance(den)
    if total != 0:
        return total > 0
    return den.could_extract_minus_sign()


def orient(expr: Any) -> tuple[sp.Expr, int]:
    """``(e, s)`` with ``e * s == expr`` and ``e`` positive at the typical parameter values.

    When the typical values do not settle it, ``e`` is the form with fewer minus signs.

    Examples
    --------
    >>> from gametheory_cluster.parameters import symbols
    >>> Y, w, C = symbols("Y w C")
    >>> orient(w - Y), orient(C - Y + w)
    ((Y - w, -1), (-C + Y - w, -1))
    """
    expr = sp.sympify(expr)
    typical = {s: PARAMETERS[s.name].typical for s in expr.free_symbols if s.name in PARAMETERS}
    at = expr.xreplace({s: sp.sympify(v) for s, v in typical.items()})
    if at.is_number and at != 0:
        flip = bool(at < 0)
    else:
        flip = _balance(expr) > 0 or (_balance(expr) == 0 and expr.could_extract_minus_sign())
    return (sp.expand(-expr), -1) if flip else (expr, 1)


def evaluate(expr: Any, values: Mapping[str, Value]) -> Value:
    """Substitute named values into ``expr``: exact in, exact out; any float gives a float.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.parameters import symbols, validate
    >>> Y, R, delta = symbols("Y R delta")
    >>> evaluate(delta * Y - R, validate({"Y": 150, "R": 110, "delta": Fraction(3, 4)}))
    5/2
    >>> evaluate(delta * Y - R, validate({"Y": 150, "R": 110, "delta": 0.75}))
    2.5
    """
    expr = sp.sympify(expr)
    subs = {s: values[s.name] for s in expr.free_symbols if s.name in values}
    if all(is_exact(v) for v in subs.values()):
        return expr.xreplace({s: sp.sympify(v) for s, v in subs.items()})
    result = expr.xreplace(
        {s: sp.Float(v, 30) if isinstance(v, float) else v for s, v in subs.items()}
    )
    return result if result.free_symbols else float(result)
