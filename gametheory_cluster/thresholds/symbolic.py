r"""The closed-form path: a threshold as an expression in the other parameters.

With parameters left free, each constraint :math:`e(x) \ge 0` is solved step by
step: clear the denominator (its sign proved by
:func:`~gametheory_cluster.algebra.sign`), drop the factors of proved sign,
isolate the generator the rest is linear in (:math:`x`, :math:`\delta^T` or
:math:`x^k`) and invert it; a quadratic or higher polynomial with a single
admissible root goes to sympy's ``solve``. The direction is the sign of
:math:`\partial e / \partial x`, which must not depend on :math:`x` (monotone).
A sign that cannot be proved becomes a condition in ``valid_when``. Several lower
bounds combine as :math:`\max`, upper bounds as :math:`\min`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.solvers.solvers import check_assumptions

from ..algebra import forms, orient, sign, tidy
from ..automata import Constraint
from ..errors import NoSolutionError, SolveError
from .region import _domain, _named
from .threshold import Step, Threshold


def _split_sign(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Expr, int]:
    """Factor ``expr`` into (part with ``x``, part without, sign) dropping proved-positive factors.

    The sign is that of the dropped proved-sign factors (1 or -1).
    """
    try:
        const, factors = sp.factor_list(sp.expand(expr))
    except (sp.PolynomialError, TypeError):  # symbolic powers (delta**L): split the product only
        args = sp.Mul.make_args(sp.factor(expr))
        const = sp.Mul(*(a for a in args if a.is_number))
        factors = [(a, 1) for a in args if not a.is_number]
    with_x, without, s = sp.Integer(1), sp.Integer(1), 1 if const > 0 else -1
    for f, k in factors:
        fs = sign(f)
        if fs in (1, -1):
            s *= fs**k
            continue
        f, flip = orient(f)
        s *= flip**k
        if x in f.free_symbols:
            with_x *= f**k
        else:
            without *= f**k
    return with_x, without, s


@dataclass(frozen=True)
class _Boundary:
    root: sp.Expr
    lower: bool  # the constraint holds for x >= root
    conditions: tuple[Any, ...]
    steps: tuple[Step, ...]
    real: sp.Expr = None  # the real root before rounding to a whole number


def _boundary(label: str, e: sp.Expr, x: sp.Symbol, integer: bool) -> _Boundary | Any:
    """Solve ``e >= 0`` for ``x`` in closed form, recording each step.

    Returns the side condition (a relational) instead when ``e`` does not depend on
    ``x`` once the signs of its factors are known.
    """
    name = x.name
    steps = [Step(sp.Ge(e, 0, evaluate=False), "constraint")]
    num, den = sp.fraction(forms.cancel_together(e))
    sd = sign(den)
    if sd is None:
        raise SolveError(f"cannot tell the sign of the denominator of {label}; give numbers")
    cleared = sp.expand(num * sd)
    if den != 1:
        steps.append(Step(sp.Ge(cleared, 0, evaluate=False), "clear_denominator", den * sd))
    part, free, s = _split_sign(cleared, x)
    if part == 1:  # the constraint does not depend on x once signs are known
        return sp.Ge(tidy(s * free), 0)
    conditions: list[Any] = []

    def assume_positive(expr: sp.Expr) -> None:
        condition = sp.Gt(tidy(expr), 0)
        if condition not in conditions:
            conditions.append(condition)

    if sign(free) is None:
        assume_positive(free)
    else:
        s *= sign(free)
    if sp.expand(s * part - cleared) != 0:
        steps.append(
            Step(sp.Ge(s * part, 0, evaluate=False), "drop_positive", sp.cancel(s * part / cleared))
        )
    root, generator, c1 = _root(part, x, label)
    slope_part, slope_free, slope_sign = _split_sign(sp.diff(part, x), x)
    if slope_part != 1:
        raise SolveError(
            f"{label} is not monotone in {name}; give numbers for the other parameters"
        )
    if sign(slope_free) is None:
        assume_positive(slope_free)
    else:
        slope_sign *= sign(slope_free)
    lower = s * slope_sign > 0
    root = tidy(root)
    final = sp.Ge(x, root, evaluate=False) if lower else sp.Le(x, root, evaluate=False)
    if c1 is None:  # a polynomial of higher degree with one admissible root
        steps.append(Step(final, "root"))
    else:
        value = tidy(-(part - c1 * generator) / c1)
        _, unknown, up = _split_sign(s * c1, x)
        if unknown != 1:
            assume_positive(unknown)
        iso = (
            sp.Ge(generator, value, evaluate=False)
            if up > 0
            else sp.Le(generator, value, evaluate=False)
        )
        steps.append(Step(iso, "isolate", 1 / (s * c1) if up > 0 else -1 / (s * c1)))
        if generator != x:
            steps.append(Step(final, "invert"))
    real = root
    if integer:
        whole = sp.ceiling(root) if lower else sp.floor(root)
        final = sp.Ge(x, whole, evaluate=False) if lower else sp.Le(x, whole, evaluate=False)
        steps.append(Step(final, "integer"))
        root = whole
    return _Boundary(root, lower, tuple(conditions), tuple(steps), real)


def _symbolic(
    involved: list[tuple[Constraint, sp.Expr]], name: str, requires: tuple[Any, ...]
) -> Threshold:
    _, integer = _domain(name)
    lower, upper, conditions, extra = [], [], [], list(requires)
    reals: list[sp.Expr] = []
    for c, e in involved:
        found = _boundary(c.label, e, _named(e, name), integer)
        if not isinstance(found, _Boundary):
            if found is not sp.true:
                extra.append(found)
            continue
        conditions += [k for k in found.conditions if k not in conditions]
        (lower if found.lower else upper).append((found.root, c, found.steps))
        reals.append(found.real)
    requires = tuple(extra)
    if not lower and not upper:
        raise NoSolutionError(f"{name} does not affect whether the constraints hold")
    common = dict(requires=requires, valid_when=tuple(conditions), integer=integer)
    if lower and not upper:
        value, binding, steps = _extreme(sp.Max, lower)
        edge = sp.Max(*reals) if integer else None
        return Threshold(name, value, ">=", None, binding, steps=steps, boundary=edge, **common)
    if upper and not lower:
        value, binding, steps = _extreme(sp.Min, upper)
        edge = sp.Min(*reals) if integer else None
        return Threshold(name, value, "<=", None, binding, steps=steps, boundary=edge, **common)
    lo, _, _ = _extreme(sp.Max, lower)
    hi, _, _ = _extreme(sp.Min, upper)
    return Threshold(name, None, "within", sp.Interval(lo, hi), None, **common)


def _root(part: sp.Expr, x: sp.Symbol, label: str) -> tuple[sp.Expr, sp.Expr, sp.Expr | None]:
    """The one real root of ``part`` in ``x``, with the generator it is linear in.

    Fast path: ``part`` linear in ``x`` or in a power containing it (``delta**T``):
    returns ``(root, generator, coefficient)``. A higher-degree polynomial in ``x``
    goes to sympy's ``solve`` (coefficient ``None``); anything else, or several
    admissible roots, raises :class:`SolveError`.
    """
    gens = [x, *sorted((a for a in part.atoms(sp.Pow) if x in a.free_symbols), key=str)]
    for g in gens:
        try:
            poly = sp.Poly(part, g)
        except sp.PolynomialError:
            continue
        if any(x in c.free_symbols for c in poly.coeffs()):
            continue
        if poly.degree() == 1:
            c1, c0 = poly.all_coeffs()
            return _invert(g, -c0 / c1, x), g, c1
        if g == x:
            if not _two_roots(poly, x):  # two admissible roots: sympy's solve cannot pick one
                roots = [
                    r for r in sp.solve(part, x) if r.is_real is not False and not r.has(sp.I)
                ]
                if len(roots) == 1:
                    return roots[0], x, None
            power = _single_power(poly, x)
            if power is not None:  # linear in x**k, x >= 0: the k-th root (a lag of k periods)
                ck, c0 = poly.coeff_monomial(x**power), poly.coeff_monomial(1)
                return (-c0 / ck) ** sp.Rational(1, power), x**power, ck
            break
    raise SolveError(
        f"{label} has no single closed-form boundary in {x.name}; "
        "give numbers for the other parameters"
    )


def _two_roots(poly: sp.Poly, x: sp.Symbol) -> bool:
    """Whether ``poly`` is a quadratic with two distinct roots that ``x``'s assumptions allow.

    ``sympy.solve`` keeps a root unless the assumptions on ``x`` (e.g. positive)
    rule it out; when neither root of ``a x**2 + b x + c`` is ruled out and the
    discriminant is not identically zero it returns both, never the single root
    asked for, so solving (slow with symbolic coefficients) is skipped.
    """
    if poly.degree() != 2:
        return False
    a, b, c = poly.all_coeffs()
    disc = sp.expand(b**2 - 4 * a * c)
    if disc == 0:
        return False
    assumed = x.assumptions0
    return all(
        check_assumptions((-b + sign * sp.sqrt(disc)) / (2 * a), **assumed) is not False
        for sign in (1, -1)
    )


def _single_power(poly: sp.Poly, x: sp.Symbol) -> int | None:
    """``k`` when ``poly`` is ``a x**k + b`` (``k >= 2``) and ``x`` is never negative."""
    degrees = {m[0] for m in poly.monoms()}
    k = max(degrees)
    if degrees - {0, k} or k < 2 or _domain(x.name)[0].inf < 0:
        return None
    return k


def _invert(g: sp.Expr, value: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """Solve ``g(x) = value`` for a generator ``g``: ``x``, ``b**e(x)`` or ``x**e``."""
    if g == x:
        return value
    base, exp = g.as_base_exp()
    if x in exp.free_symbols and x not in base.free_symbols:
        (root,) = sp.solve(sp.Eq(exp, sp.log(value) / sp.log(base)), x)
        return root
    if base == x:
        return value ** (1 / exp)
    raise SolveError(f"cannot invert {g} for {x}")


def _extreme(op, bounds):
    if len(bounds) == 1:
        return bounds[0]
    return op(*(b for b, _, _ in bounds)), None, ()
