r"""From a set of values to a :class:`Threshold`: domain edges, whole numbers, no solution.

Given the region :math:`X = \{x \in D : g_k(x) \ge 0 \text{ for all } k\}` inside the
parameter's domain :math:`D`, the threshold is its edge: :math:`x \ge \inf X` when
:math:`X` reaches the top of :math:`D`, :math:`x \le \sup X` when it reaches the
bottom, and the region itself (``within``) otherwise; the constraint whose own
region ends there binds. When :math:`X = D` the answer is the domain's edge on
the side where the tightest slack grows, with the reason; when :math:`X` is empty,
:class:`~gametheory_cluster.errors.NoSolutionError` says which constraints cannot
hold. For a whole-number parameter the answer is the first whole number in
:math:`X`, :math:`\lceil \inf X \rceil` (or the last, :math:`\lfloor \sup X \rfloor`),
and the real edge is kept as ``boundary``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from .. import notation
from ..automata import Constraint
from ..errors import NoSolutionError
from ..parameters import PARAMETERS
from .threshold import Threshold

_REAL_LINE = sp.Interval(-sp.oo, sp.oo)


def _domain(name: str) -> tuple[sp.Interval, bool]:
    p = PARAMETERS.get(name)
    return (p.domain, p.integer) if p else (_REAL_LINE, False)


def _named(expr: sp.Expr, name: str) -> sp.Symbol | None:
    return next((s for s in expr.free_symbols if s.name == name), None)


def _none_works(
    name: str, domain: sp.Set, constraints: Sequence[tuple[Constraint, sp.Expr]]
) -> str:
    """The error when no value in the domain works, in words (with the constraint keys)."""
    where = f"{notation.name(name)} in {notation.text(domain)}"
    if domain == sp.Interval.open(0, 1):
        where = f"{notation.name(name)} < 1"
    if len(constraints) == 1:
        ((c, e),) = constraints
        return (f"no {where} works: {c.fails()}; {c.label}: "
                f"{notation.text(sp.Ge(e, 0, evaluate=False))} fails for every {where}")
    said = "; ".join(f"{c.description} ({c.label})" for c, _ in constraints)
    return f"no {where} makes all of these hold at once: {said}"


def _fails_whatever(c: Constraint, name: str, slack: Any) -> str:
    """The error when a constraint fails whatever the parameter is, in words."""
    shown = notation.text(slack) if isinstance(slack, sp.Basic) else str(slack)
    return (f"no value of {notation.name(name)} works: {c.fails()}, whatever "
            f"{notation.name(name)} is; {c.label}: slack {shown}")


def _describe(name, region, sets, domain, integer) -> Threshold:
    lo, hi = region.inf, region.sup
    whole = region == domain
    if integer:
        return _integer(name, region, sets, domain)
    if whole:
        increasing = _increasing(sets, domain)
        edge = domain.inf if increasing else domain.sup
        return Threshold(
            name,
            edge,
            ">=" if increasing else "<=",
            region,
            reason=f"holds for every {notation.name(name)} in {notation.text(domain)}",
        )
    if hi == domain.sup and (
        region.right_open == domain.right_open if isinstance(region, sp.Interval) else False
    ):
        return Threshold(name, lo, ">=", region, _binding(sets, lo))
    if (
        lo == domain.inf
        and isinstance(region, sp.Interval)
        and region.left_open == domain.left_open
    ):
        return Threshold(name, hi, "<=", region, _binding(sets, hi))
    return Threshold(name, None, "within", region)


def _integer(name, region, sets, domain) -> Threshold:
    lo, hi = region.inf, region.sup
    first = sp.ceiling(lo)
    if first not in region:
        first += 1
    if hi == sp.oo:
        if first == domain.inf:
            return Threshold(
                name, first, ">=", region, reason=f"every {notation.name(name)} ≥ {first} works",
                integer=True,
                boundary=lo,
            )
        return Threshold(
            name, first, ">=", region, _binding(sets, lo), integer=True, boundary=lo
        )
    last = sp.floor(hi)
    if last not in region:
        last -= 1
    if last < first:
        raise NoSolutionError(
            f"no whole number {notation.name(name)} lies in {notation.text(region)}"
        )
    if first == domain.inf:
        return Threshold(name, last, "<=", region, _binding(sets, hi), integer=True, boundary=hi)
    return Threshold(name, None, "within", sp.Range(first, last + 1), integer=True)


def _increasing(sets, domain) -> bool:
    """Whether the tightest slack grows with the parameter (used only to pick an edge)."""
    lo = domain.inf if domain.inf.is_finite else sp.Integer(-100)
    hi = domain.sup if domain.sup.is_finite else lo + 200
    a, b = lo + (hi - lo) / 4, lo + 3 * (hi - lo) / 4

    def tightest(x):
        values = []
        for _, e, _ in sets:
            with sp.evaluate(False):  # a kept exponent (delta**5000) is never written out
                at = e.xreplace({s: x for s in e.free_symbols})
            values.append(float(sp.N(at)))
        return min(values)

    return tightest(b) >= tightest(a)


def _binding(sets, boundary) -> Constraint | None:
    for c, _, region in sets:
        if boundary in (region.inf, region.sup):
            return c
    return None
