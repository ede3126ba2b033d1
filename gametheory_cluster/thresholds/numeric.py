r"""Exact univariate solving: where a slack is nonnegative, by real root isolation.

With every other parameter a number, each slack is a function :math:`e(x)` of the
one parameter. For a rational function :math:`e = p/q` the real roots of
:math:`p` and :math:`q` in the domain are isolated exactly (rationals, or certified
``CRootOf`` roots from sympy's Vincent–Akritas–Strzeboński continued-fraction
method: Akritas and Strzeboński 2005); between two neighbouring roots the sign of
:math:`e` is constant and is read at an exact rational point, and each root and
finite domain edge is checked by itself. Other functions go to sympy's univariate
inequality solver. The regions of all constraints are intersected and read as a
threshold (:mod:`~gametheory_cluster.thresholds.region`).
"""

from __future__ import annotations

import itertools

import sympy as sp

from ..algebra import tidy
from ..automata import Constraint
from ..errors import NoSolutionError, SolveError
from .region import _describe, _domain, _named, _none_works
from .threshold import Threshold


def _numeric(involved: list[tuple[Constraint, sp.Expr]], name: str) -> Threshold:
    domain, integer = _domain(name)
    x = _named(involved[0][1], name)
    real = sp.Symbol(name, real=True)
    sets = []
    for c, e in involved:
        e = tidy(e.xreplace({x: real}))
        try:
            region = _nonnegative_set(e, real, domain)
        except (NotImplementedError, ValueError) as err:
            raise SolveError(f"cannot solve {c.label} for {name}: {err}") from None
        if region is sp.S.EmptySet:
            raise NoSolutionError(_none_works(name, domain, [(c, e)]))
        sets.append((c, e, region))
    region = sp.Intersection(domain, *(r for _, _, r in sets))
    if region is sp.S.EmptySet:
        raise NoSolutionError(_none_works(name, domain, [(c, e) for c, e, _ in sets]))
    return _describe(name, region, sets, domain, integer)


def _nonnegative_set(e: sp.Expr, x: sp.Symbol, domain: sp.Interval) -> sp.Set:
    """``{x in domain: e(x) >= 0}``, exactly.

    A rational function is split at the real roots of its numerator and denominator
    (exact, or certified ``CRootOf`` roots) and its sign is read between them; other
    functions go to sympy's univariate inequality solver.
    """
    num, den = sp.fraction(sp.together(e))
    try:
        pnum, pden = sp.Poly(num, x), sp.Poly(den, x)
    except sp.PolynomialError:
        return sp.solve_univariate_inequality(e >= 0, x, relational=False, domain=domain)
    if not (pnum.free_symbols | pden.free_symbols) <= {x}:
        raise ValueError("more than one unknown")
    zeros = set(pnum.real_roots()) if not pnum.is_zero else set()
    poles = set(pden.real_roots())
    cuts = sorted((r for r in zeros | poles if r in domain), key=lambda r: r.evalf(60))
    points = [domain.inf, *cuts, domain.sup]
    pieces: list[sp.Set] = []
    for a, b in itertools.pairwise(points):
        if a == b:
            continue
        probe = _between(a, b)
        if bool(e.subs(x, probe) >= 0):
            pieces.append(sp.Interval(a, b, True, True))
    pieces += [sp.FiniteSet(r) for r in zeros if r in domain and r not in poles]
    for edge in (domain.inf, domain.sup):
        if edge.is_finite and edge in domain and edge not in poles and bool(e.subs(x, edge) >= 0):
            pieces.append(sp.FiniteSet(edge))
    return sp.Intersection(domain, sp.Union(*pieces)) if pieces else sp.S.EmptySet


def _between(a: sp.Expr, b: sp.Expr) -> sp.Rational:
    """An exact rational strictly between ``a`` and ``b`` (either may be infinite)."""
    if a == -sp.oo:
        return sp.floor(b.evalf(60)) - 1 if b != sp.oo else sp.Integer(0)
    if b == sp.oo:
        return sp.ceiling(a.evalf(60)) + 1
    return sp.Rational((a.evalf(60) + b.evalf(60)) / 2)
