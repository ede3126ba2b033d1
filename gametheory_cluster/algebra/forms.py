r"""Forms of expressions: tidy fractions, orientation, evaluation at named values.

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> delta, R, Y = symbols("delta R Y")
>>> tidy((R - Y) / (delta - 1))
(-R + Y)/(1 - delta)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy as sp
from sympy.core.mul import _keep_coeff
from sympy.polys.fields import FracElement, FracField

from ..parameters import PARAMETERS, Value, is_exact
from .positive import plain_rational
from .signs import MAX_EXPANDED_EXPONENT, sign, typical_sign

__all__ = [
    "MAX_EXPANDED_EXPONENT",
    "evaluate",
    "orient",
    "rational_field",
    "tidy",
    "tidy_fraction",
]



def tidy(expr: Any) -> sp.Expr:
    """A canonical, compact form: cancelled, factored, denominator positive where provable."""
    return _tidy_cancelled(cancel(sp.sympify(expr)))


def cancel_together(expr: Any) -> sp.Expr:
    """``sympy.cancel(sympy.together(expr))``, the same result, faster on a rational function."""
    expr = sp.sympify(expr)
    if isinstance(expr, sp.Expr) and not expr.is_Number and plain_rational(expr):
        return cancel(expr)  # one cancelled fraction either way: together adds nothing
    return sp.cancel(sp.together(expr))


def cancel(expr: Any) -> sp.Expr:
    """``sympy.cancel``: the same result, faster on a rational function of symbols.

    sympy's ``cancel`` first rewrites the whole expression (``signsimp``,
    ``factor_terms``); on a rational function of symbols with rational coefficients
    that changes nothing once numerator and denominator are cancelled in the
    polynomial ring, so it is skipped. Anything else goes to ``sympy.cancel``.
    """
    expr = sp.sympify(expr)
    if not isinstance(expr, sp.Expr) or expr.is_Number or not plain_rational(expr):
        return sp.cancel(expr)
    p, q = expr.as_numer_denom()
    ring, (f, g) = sp.sring((p, q))
    if not ring.ngens:
        return sp.cancel(expr)
    P, Q = f.cancel(g)
    return P.as_expr() / Q.as_expr()


def rational_field(exprs: Iterable[Any]) -> FracField | None:
    """The field of rational functions in the symbols of ``exprs``, or None if one is not in it.

    A cheap canonical form for building many expressions: an element is a numerator
    and a denominator polynomial without common factor, so sums and products stay
    cancelled without sympy's expression-level ``cancel``. Turn the results back
    with :func:`tidy_fraction` (the same form :func:`tidy` gives), once, at the end.

    Examples
    --------
    >>> from gametheory_cluster.parameters import symbols
    >>> delta, R, Y = symbols("delta R Y")
    >>> K = rational_field([delta, R, Y])
    >>> tidy_fraction(K.from_expr(R / (delta - 1)) + K.from_expr(Y))
    (-R - Y*delta + Y)/(1 - delta)
    >>> rational_field([delta**R]) is None
    True
    """
    exprs = [sp.sympify(e) for e in exprs]
    gens = sorted(set().union(*(e.free_symbols for e in exprs)), key=sp.default_sort_key)
    if not gens:
        gens = [sp.Dummy("x")]
    K = FracField(tuple(gens), sp.QQ)
    for e in exprs:
        try:
            K.from_expr(e)
        except (ValueError, TypeError, sp.PolynomialError):
            return None
    return K


def tidy_fraction(f: FracElement, back: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """:func:`tidy` of an element of a :func:`rational_field` (already cancelled: no ``cancel``).

    ``back`` maps generators that stood for other expressions (``delta**T``) back to them.
    The numerator and denominator are expanded polynomials already: their minus signs
    are counted, and common factors taken out, on the coefficients (the same result).
    """
    back = back or {}
    num, den = (part.as_expr().xreplace(back) for part in (f.numer, f.denom))
    images = [back.get(g, g) for g in f.field.symbols]
    if den == 1 or sp.fraction(num / den) != (num, den) or not all(map(_monomial_factor, images)):
        return _tidy_cancelled(num / den)  # a whole denominator, or generators of another kind
    polys = (f.numer, f.denom)
    if _prefers_negation(den, sum(_poly_balance(part) for part in polys)):
        polys = (-f.numer, -f.denom)
    top, bottom = (_taken_out(part, images) for part in polys)
    return top / bottom


def _tidy_cancelled(expr: sp.Expr) -> sp.Expr:
    num, den = sp.fraction(expr)
    if den == 1:
        return factor_terms(num)
    if _prefers_negation(den, _balance(num) + _balance(den)):
        num, den = -num, -den
    return factor_terms(sp.expand(num)) / factor_terms(sp.expand(den))


def factor_terms(expr: Any) -> sp.Expr:
    """``sympy.factor_terms``: the same result, read off the coefficients of a polynomial.

    On an expanded polynomial (a sum of monomials with rational coefficients) the
    common rational content, a common minus sign and the common monomial are taken
    out exactly as sympy does, without its term-by-term gcd; anything else goes to
    ``sympy.factor_terms``.

    Examples
    --------
    >>> from gametheory_cluster.parameters import symbols
    >>> R, lam, pi = symbols("R lam pi")
    >>> factor_terms(R * pi - R * lam * pi)
    R*pi*(1 - lam)
    """
    expr = sp.sympify(expr)
    if not expr.is_Add or not _monomials(expr):
        return sp.factor_terms(expr)
    ring, f = sp.sring(expr)
    if not ring.ngens or ring.domain not in (sp.ZZ, sp.QQ):
        return sp.factor_terms(expr)
    return _taken_out(f, [g.as_expr() for g in ring.gens])


def _taken_out(f: Any, gens: list[sp.Expr]) -> sp.Expr:
    """:func:`factor_terms` of the polynomial ``f`` whose generators stand for ``gens``."""
    if len(f.terms()) < 2:
        return factor_terms(f.as_expr().xreplace(dict(zip(f.ring.gens, gens, strict=True))))
    terms = [(monom, f.ring.domain.to_sympy(c)) for monom, c in f.terms()]
    # Add.as_content_primitive(clear=False): a fractional content n/d is kept only if
    # dividing by d would leave no term with a whole coefficient
    content = sp.Rational(
        sp.igcd(*(c.p for _, c in terms)), sp.ilcm(*(c.q for _, c in terms))
    )
    if not content.is_Integer and any((c / content.p).is_Integer for _, c in terms):
        content = sp.Integer(content.p)
    if all(c < 0 for _, c in terms):
        content = -content
    low = [min(m[i] for m, _ in terms) for i in range(len(gens))]
    rest = sp.Add(*(
        c / content * sp.Mul(*(g ** (k - lo) for g, k, lo in zip(gens, m, low, strict=True)))
        for m, c in terms
    ))
    common = sp.Mul(*(g**lo for g, lo in zip(gens, low, strict=True)))
    return _keep_coeff(content, common * rest, clear=False, sign=True)


def _monomials(expr: sp.Expr) -> bool:
    """Whether ``expr`` is a sum of monomials: rationals times symbols to positive powers."""
    return all(_monomial_factor(factor) or factor.is_Rational
               for term in sp.Add.make_args(expr) for factor in sp.Mul.make_args(term))


def _monomial_factor(factor: sp.Expr) -> bool:
    """Whether ``factor`` is a symbol to a positive whole power, as a polynomial's generator.

    A power ``x**(k*T)`` (``k`` a positive whole number, ``T`` a positive symbol)
    counts as the generator ``x**T`` to the power ``k``, as sympy's polynomials read
    it; sympy's ``factor_terms`` takes such a power out the same way
    (``delta*delta**T*(...)``).
    """
    if factor.is_Symbol:
        return True
    if not (factor.is_Pow and factor.base.is_Symbol):
        return False
    k, rest = factor.exp.as_coeff_Mul()
    return k.is_Integer and k > 0 and (rest == 1 or (rest.is_Symbol and rest.is_positive))


def _balance(expr: sp.Expr) -> int:
    """Minus terms minus plus terms of the expanded expression."""
    terms = sp.Add.make_args(sp.expand(expr))
    return sum(1 if t.could_extract_minus_sign() else -1 for t in terms)


def _poly_balance(f: Any) -> int:
    """:func:`_balance` of an expanded polynomial, from the signs of its coefficients."""
    return sum(1 if c < 0 else -1 for c in f.coeffs())


def _prefers_negation(den: sp.Expr, balance: int) -> bool:
    """Whether ``-num / -den`` reads better: a proved-negative denominator, or fewer minus signs.

    ``balance`` is the minus terms minus the plus terms of both (:func:`_balance`).
    The proof is the slow part, and often needless: a denominator positive at a point
    inside the domains cannot be proved negative, so where fewer minus signs also keep
    it as it is, no proof can change the choice (likewise negative and negate).
    """
    fewer = balance > 0 if balance != 0 else den.could_extract_minus_sign()
    if typical_sign(den) == (-1 if fewer else 1):
        return fewer
    known = sign(den)
    if known is not None:
        return known == -1
    return fewer


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
