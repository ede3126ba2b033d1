r"""Whole-number exponents too large to write out: kept as symbols, put in at the end.

A lag or a duration enters the slacks only as an exponent (:math:`\delta^L`). A
value above :data:`~gametheory_cluster.algebra.forms.MAX_EXPANDED_EXPONENT` is
never expanded (:math:`(3/5)^{10^6}` has a million digits): the symbol is kept
while solving, each boundary comes from the closed form in it
(:mod:`~gametheory_cluster.thresholds.symbolic`: linear in the generator
:math:`\delta^L`, so the root is the slack's only sign change in the domain), and
the value is put in at the end. A number to such a power becomes a 60-digit
``Float`` (the answer then says it is not exact); signs are read with 60 digits.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy as sp

from ..algebra import forms
from ..automata import Constraint
from ..errors import NoSolutionError, SolveError
from .numeric import _between
from .region import _describe, _domain, _named
from .symbolic import _Boundary, _boundary
from .threshold import Threshold, as_nonnegative


def _too_long(kept: Mapping[sp.Symbol, sp.Integer], why: str) -> str:
    """The one-line refusal for an exponent too large to write out."""
    given = ", ".join(f"{s.name} = {v}" for s, v in kept.items())
    return (
        f"{given} is an exponent above {forms.MAX_EXPANDED_EXPONENT}, too long to write out, "
        f"{why}; give a smaller value, or set the environment variable "
        "GAMETHEORY_CLUSTER_MAX_EXPONENT higher to expand it anyway (slow)"
    )


def _only_in_exponents(expr: sp.Expr, s: sp.Symbol) -> bool:
    """Whether ``s`` occurs in ``expr`` only inside exponents (``delta**(L - 1)``)."""
    stripped = expr.replace(
        lambda a: isinstance(a, sp.Pow) and s in a.exp.free_symbols, lambda a: sp.Integer(2)
    )
    return s not in stripped.free_symbols


def _exponents(
    constraints: Sequence[Constraint], values: Mapping[str, sp.Expr]
) -> dict[sp.Symbol, sp.Integer]:
    """The symbols given a whole number above the limit that enter the slacks only as exponents."""
    big = {
        k: v
        for k, v in values.items()
        if isinstance(v, sp.Integer) and abs(v) > forms.MAX_EXPANDED_EXPONENT
    }
    if not big:
        return {}
    slacks = [sp.sympify(c.slack) for c in constraints]
    found = {}
    for e in slacks:
        for s in e.free_symbols:
            if s.name in big:
                found.setdefault(s, True)
                found[s] = found[s] and _only_in_exponents(e, s)
    return {s: big[s.name] for s, ok in found.items() if ok}


def _put(expr: Any, kept: Mapping[sp.Symbol, sp.Integer]) -> Any:
    """``expr`` with the kept exponents put in; a number to such a power becomes 60 digits.

    ``(3/5)**1000000`` has a million digits: it is replaced by its value to 60
    significant digits (a ``Float``, so the answer says it is not exact); a symbol
    to the power (``delta**5000``) stays as it is. A relation between numbers
    becomes ``true`` or ``false``.
    """
    if not kept or not isinstance(expr, sp.Basic) or not expr.has(*kept):
        return expr

    def power(p: sp.Pow) -> sp.Expr:
        base, exp = p.base.xreplace(dict(kept)), p.exp.xreplace(dict(kept))
        if base.is_number and exp.is_Integer and abs(exp) > forms.MAX_EXPANDED_EXPONENT:
            return sp.Float(sp.N(sp.Pow(base, exp, evaluate=False), 60), 60)
        return sp.Pow(base, exp)

    staged = expr.replace(lambda a: isinstance(a, sp.Pow) and a.exp.has(*kept), power)
    staged = staged.xreplace(dict(kept))
    if isinstance(staged, sp.core.relational.Relational) and not staged.free_symbols:
        return sp.true if _number_sign(as_nonnegative(staged)) >= 0 else sp.false
    return staged


def _number_sign(expr: sp.Expr) -> int:
    """The sign of a closed number (evaluated with 60 digits, no exact expansion)."""
    value = sp.N(expr, 60)
    return 0 if value == 0 else (1 if value > 0 else -1)


def _numeric_exponents(
    involved: list[tuple[Constraint, sp.Expr]], name: str, kept: Mapping[sp.Symbol, sp.Integer]
) -> Threshold:
    """The numeric case with kept exponents: each boundary from its closed form.

    Each constraint is solved in closed form with the exponents as symbols
    (:func:`_boundary`: linear in one generator such as ``delta**L``, so its only
    sign change in the domain is the root); the root is then evaluated, and the
    side of it where the constraint holds is read at exact probe points, with
    60 digits (``delta**1000000`` is never written out).
    """
    domain, integer = _domain(name)
    sets, rounded = [], False
    for c, e in involved:
        x = _named(e, name)
        found = _boundary(c.label, e, x, False)
        if not isinstance(found, _Boundary):  # holds or fails whatever x is
            holds = _put(found, kept)
            if holds is sp.false:
                raise NoSolutionError(f"no value of {name} works: {c.label} fails ({found})")
            if holds is not sp.true:
                raise SolveError(f"{c.label} has a side condition left: {holds}")
            region = domain
        else:
            root = _put(sp.sympify(found.root), kept)
            if root.free_symbols or not sp.N(root, 60).is_real:
                raise SolveError(f"{c.label} has no real boundary in {name}")
            rounded = rounded or root.has(sp.Float)
            region = _probe_region(_put(e, kept), x, root, domain)
        if region is sp.S.EmptySet:
            raise NoSolutionError(
                f"no value of {name} in {sp.sstr(domain)} satisfies {c.label} "
                f"({sp.sstr(c.slack)} >= 0)"
            )
        sets.append((c, _put(e, kept), region))
    region = sp.Intersection(domain, *(r for _, _, r in sets))
    if region is sp.S.EmptySet:
        labels = ", ".join(c.label for c, _, _ in sets)
        raise NoSolutionError(f"no value of {name} satisfies all of {labels} at once")
    found = _describe(name, region, sets, domain, integer)
    return replace(found, exact=False) if rounded else found


def _probe_region(e: sp.Expr, x: sp.Symbol, root: sp.Expr, domain: sp.Interval) -> sp.Set:
    """``{x in domain: e(x) >= 0}`` when ``root`` is ``e``'s only sign change in the domain."""
    cuts = [root] if root in domain and root not in (domain.inf, domain.sup) else []
    points = [domain.inf, *cuts, domain.sup]
    pieces: list[sp.Set] = [sp.FiniteSet(*cuts)]  # e(root) = 0
    for a, b in itertools.pairwise(points):
        if _number_sign(_at(e, x, _between(a, b))) >= 0:
            pieces.append(sp.Interval(a, b, True, True))
    for edge in (domain.inf, domain.sup):
        if edge.is_finite and edge in domain and _number_sign(_at(e, x, edge)) >= 0:
            pieces.append(sp.FiniteSet(edge))
    return sp.Intersection(domain, sp.Union(*pieces))


def _at(e: sp.Expr, x: sp.Symbol, value: sp.Expr) -> sp.Expr:
    """``e`` at ``x = value``, powers of numbers left unexpanded (evaluate with ``sp.N``)."""
    with sp.evaluate(False):
        return e.xreplace({x: value})


def _put_threshold(t: Threshold, kept: Mapping[sp.Symbol, sp.Integer]) -> Threshold:
    """A symbolic threshold with the kept exponents put in (powers of numbers unexpanded)."""
    if not kept:
        return t
    steps = tuple(replace(step, claim=_put(step.claim, kept)) for step in t.steps)
    return replace(
        t,
        value=_put(t.value, kept),
        boundary=_put(t.boundary, kept),
        region=_put(t.region, kept),
        requires=tuple(_put(r, kept) for r in t.requires),
        valid_when=tuple(_put(r, kept) for r in t.valid_when),
        steps=steps,
    )
