r"""Expressions in positive variables: the first step of every sign proof.

Each parameter of the table is written in a free variable ``t`` that ranges over
[0, ∞) or (0, ∞): :math:`x = t/(1+t)` for a probability or discount factor,
:math:`x = k + t` for a whole number at least :math:`k`, :math:`x = t` for a
parameter in [0, ∞) (:func:`_positive_form`). A rational function rewritten this
way and cancelled (:func:`_positive_cancelled`, on polynomials) has a sign that
:mod:`.signs` reads off its coefficients.

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> delta, = symbols("delta")
>>> _positive_cancelled(1 - delta)
1/(_delta + 1)
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.polys.polyutils import _sort_gens
from sympy.polys.rings import PolyRing

from ..parameters import PARAMETERS

__all__ = ["degrees", "plain_rational"]


def _positive_form(expr: sp.Expr) -> sp.Expr:
    """Rewrite ``expr`` in free variables that range over [0, ∞) or (0, ∞)."""
    subs = {}
    for s in expr.free_symbols:
        kind, t, lo = _image(s)
        if kind == "unit":
            subs[s] = t / (1 + t)
        elif kind == "shift":
            subs[s] = lo + t
        elif t != s:
            subs[s] = t
    return expr.xreplace(subs)


def plain_rational(expr: sp.Basic) -> bool:
    """Whether ``expr`` is a rational function of symbols with rational coefficients."""
    for node in sp.preorder_traversal(expr):
        if node.is_Symbol or node.is_Rational or node.is_Add or node.is_Mul:
            continue
        if node.is_Pow and node.exp.is_Integer:
            continue
        return False
    return True


def _positive_cancelled(expr: sp.Expr) -> sp.Expr | None:
    r"""``cancel(together(_positive_form(expr)))`` on polynomials, without expression algebra.

    For a rational function of symbols (None otherwise): the substitution
    :math:`x = t/(1+t)` (or :math:`k + t`, or :math:`t`) is applied monomial by
    monomial in a polynomial ring, the common factor :math:`\prod (1+t)^{d}` of
    numerator and denominator is left out, and the pair is cancelled in the ring whose
    generators sympy's ``cancel`` would choose, so the result is the same expression.

    A power :math:`x^T` of a probability to a whole-number parameter
    (:math:`T = k + u`) is a generator too, as sympy's ``cancel`` reads it:
    :math:`(t/(1+t))^{k+u} = t^k\, t^u / ((1+t)^k (1+t)^u)`, with the generators
    :math:`t^u` and :math:`(1+t)^u` (:func:`_power_image`).
    """
    if not _rational_in_powers(expr):
        return None
    p, q = expr.as_numer_denom()
    if not expr.free_symbols:
        return None
    try:
        ring, (fp, fq) = sp.sring((p, q), domain=sp.QQ)
    except (sp.PolynomialError, sp.polys.polyerrors.GeneratorsError):
        return None
    images = {s: _image(s) for s in expr.free_symbols}
    powers = {}
    for g in ring.symbols:
        if not g.is_Symbol:
            powers[g] = _power_image(g, images)
            if powers[g] is None:
                return None
    new = _sort_gens(list(dict.fromkeys(
        [images[g][1] for g in ring.symbols if g.is_Symbol]
        + [v for image in powers.values() for v in image[:3]])))
    ring_new = PolyRing(new, sp.QQ)
    place = {v: ring_new.gens[k] for k, v in enumerate(new)}
    top = [max(fp.degree(i), fq.degree(i)) for i in range(ring.ngens)]
    cache: dict[tuple[int, int], Any] = {}

    def image(i: int, a: int) -> Any:
        """The image of ``gen_i**a`` times the common factor's share of this generator."""
        if (i, a) not in cache:
            g = ring.symbols[i]
            if g in powers:  # (t/(1+t))**((k + u)*a), times ((1+t)**(k + u))**top
                t, up, down = (place[v] for v in powers[g][:3])
                k, rest = int(powers[g][3]), top[i] - a
                cache[i, a] = t ** (k * a) * up**a * (1 + t) ** (k * rest) * down**rest
            else:
                kind, var, lo = images[g]
                t = place[var]
                if kind == "unit":
                    cache[i, a] = t**a * (1 + t) ** (top[i] - a)
                elif kind == "shift":
                    cache[i, a] = (ring_new(lo) + t) ** a
                else:
                    cache[i, a] = t**a
        return cache[i, a]

    def substitute(f: Any) -> Any:
        total = ring_new.zero
        for monom, coeff in f.terms():
            term = ring_new(coeff)
            for i, a in enumerate(monom):
                term *= image(i, a)
            total += term
        return total

    num, den = substitute(fp), substitute(fq)
    _, num = num.clear_denoms()
    _, den = den.clear_denoms()
    zz = PolyRing(new, sp.ZZ)
    num, den = zz.from_dict(dict(num.terms())), zz.from_dict(dict(den.terms()))
    used = {g for f in (num, den) for g, k in zip(new, degrees(f), strict=True) if k > 0}
    if not used:
        return sp.cancel(num.as_expr() / den.as_expr())
    P, Q = num.cancel(den)
    return P.as_expr() / Q.as_expr()


def _rational_in_powers(expr: sp.Basic) -> bool:
    """:func:`plain_rational`, where a symbol to a symbolic power also counts as a symbol."""
    for node in sp.preorder_traversal(expr):
        if node.is_Symbol or node.is_Rational or node.is_Add or node.is_Mul:
            continue
        if node.is_Pow and (node.exp.is_Integer or node.base.is_Symbol):
            continue
        return False
    return True


def _image(s: sp.Symbol) -> tuple[str, sp.Symbol, Any]:
    """How :func:`_positive_form` writes ``s`` in a free variable ``t``.

    ``("unit", t, None)``: ``t/(1+t)`` (a probability, a discount factor);
    ``("shift", t, k)``: ``k + t`` (a whole number at least ``k``); ``("same", t, None)``:
    ``t`` (a parameter in [0, ∞), or ``s`` itself outside the table).
    """
    param = PARAMETERS.get(s.name)
    if param is None:
        return ("same", s, None)
    lo, hi = param.domain.inf, param.domain.sup
    if param.integer and lo.is_finite:
        return ("shift", sp.Symbol(f"_{s.name}", nonnegative=True), lo)
    if lo == 0 and hi == 1:
        return ("unit", sp.Symbol(f"_{s.name}", positive=True), None)
    if lo == 0 and hi == sp.oo:
        kind = {"positive": True} if param.domain.left_open else {"nonnegative": True}
        return ("same", sp.Symbol(f"_{s.name}", **kind), None)
    return ("same", s, None)


def _power_image(g: sp.Expr, images: dict[sp.Symbol, tuple[str, sp.Symbol, Any]]) -> Any:
    """``(t, t**u, (1+t)**u, k)`` for a generator ``x**T``, ``x = t/(1+t)`` and ``T = k + u``.

    ``x`` a probability, ``T`` a whole-number parameter at least ``k``: the generators
    sympy's ``cancel`` finds in the expanded positive form. None for any other power.
    """
    if not (g.is_Pow and g.base.is_Symbol and g.exp.is_Symbol):
        return None
    (kind, t, _), (exp_kind, u, k) = images[g.base], images[g.exp]
    if kind != "unit" or exp_kind != "shift":
        return None
    return (t, t**u, (1 + t) ** u, k)


def degrees(f: Any) -> list[int]:
    """The degree of a ring element in each generator (0 for the zero polynomial)."""
    return [max(f.degree(i), 0) if f else 0 for i in range(f.ring.ngens)]
