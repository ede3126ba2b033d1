r"""Sets of beliefs: the points of the type simplex at which an action is a best reply.

A belief is a probability :math:`\mu` over the sender's types. The receiver's action
:math:`a` is a best reply at message :math:`m` when, for every other action
:math:`a'`, :math:`\sum_t \mu_t \,[u_R(t, m, a) - u_R(t, m, a')] \ge 0`: a set of
linear inequalities, so the beliefs that support :math:`a` form a polytope in the
simplex (an interval of :math:`\mu(t_1)` with two types). It is non-empty exactly
when it has a vertex; the vertices are found by making :math:`d - 1` of the
constraints tight (:math:`d` types) and keeping the solutions that satisfy all of
them — exactly, or, with symbolic payoffs, as a condition on the parameters (a
disjunction over the candidate vertices, each side of a symbolic determinant kept).

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import Any

import sympy as sp

from ..algebra.signs import possible_signs
from ..errors import MissingParameterError
from ._coerce import _text

__all__ = ["BeliefSet", "best_reply_set", "holds"]


def holds(expr: Any, strict: bool = False) -> Any:
    """``expr > 0`` (``strict``) or ``expr >= 0``: True or False when the domains decide it.

    Otherwise the relation itself (a sympy condition on the parameters).

    Examples
    --------
    >>> import sympy as sp
    >>> holds(sp.Integer(2)), holds(sp.Integer(0), strict=True)
    (True, False)
    >>> holds(sp.Symbol("x") - 1)
    x - 1 >= 0
    """
    expr = sp.together(sp.sympify(expr))
    if not expr.free_symbols:
        return sp.true if (expr > 0 if strict else expr >= 0) else sp.false
    num, den = sp.fraction(expr)
    if den.free_symbols and possible_signs(den) == {1}:
        expr = num  # same sign, and reads better
    expr = sp.expand(expr)
    signs = possible_signs(expr)
    wanted = {1} if strict else {0, 1}
    if signs <= wanted:
        return sp.true
    if not signs & wanted:
        return sp.false
    return sp.StrictGreaterThan(expr, 0) if strict else sp.GreaterThan(expr, 0)


@dataclass(frozen=True)
class BeliefSet:
    """The beliefs over ``support`` (a subset of the types) satisfying linear constraints.

    Each constraint ``{type: coefficient}`` reads :math:`\\sum_t c_t \\mu_t \\ge 0`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> s = BeliefSet(("weak", "strong"), (({"weak": 1, "strong": -1}),))
    >>> str(s), s.contains({"weak": Fraction(2, 3), "strong": Fraction(1, 3)})
    ('μ(weak) ∈ [1/2, 1]', True)
    """

    types: tuple[str, ...]
    constraints: tuple[Mapping[str, Any], ...]
    support: tuple[str, ...] | None = None

    @property
    def _support(self) -> tuple[str, ...]:
        return self.support if self.support is not None else self.types

    def _rows(self) -> list[list[sp.Expr]]:
        """Every inequality over the support: the constraints, then each ``μ_t >= 0``."""
        sup = self._support
        rows = [[sp.sympify(c.get(t, 0)) for t in sup] for c in self.constraints]
        rows += [[sp.Integer(int(t == u)) for u in sup] for t in sup]
        return rows

    @cached_property
    def _candidates(self) -> list[tuple[sp.Expr, list[sp.Expr]]]:
        """For each choice of tight rows: (determinant, adjugate solution) of the vertex.

        The system is ``[1 … 1; tight rows]``, so the adjugate's first column is the
        first row's cofactors (Cramer's rule) and the determinant their sum.
        """
        sup = self._support
        d, rows, out = len(sup), self._rows(), []
        for tight in combinations(range(len(rows)), d - 1):
            minors = [[[r[j] for j in range(d) if j != k] for r in (rows[i] for i in tight)]
                      for k in range(d)]
            adj = [sp.expand((-1) ** k * _determinant(m)) for k, m in enumerate(minors)]
            det = sp.expand(sum(adj, sp.Integer(0)))
            if det != 0:
                out.append((det, adj))
        return out

    def vertices(self) -> list[dict[str, Any]]:
        """The vertices of the set (numbers needed); empty when no belief qualifies."""
        return [dict(v) for v in self._vertices]

    @cached_property
    def _vertices(self) -> list[dict[str, Any]]:
        """The vertices, found once (the set is immutable); :meth:`vertices` hands out copies."""
        found: list[dict[str, Any]] = []
        rows = self._rows()
        for det, adj in self._candidates:
            if det.free_symbols or any(v.free_symbols for v in adj):
                raise MissingParameterError(
                    "the belief set depends on parameters; give values for: "
                    + ", ".join(sorted({s.name for e in (det, *adj) for s in e.free_symbols})))
            point = [v / det for v in adj]
            if all(sum(c * p for c, p in zip(row, point, strict=True)) >= 0 for row in rows):
                vertex = dict.fromkeys(self.types, sp.Integer(0))
                vertex.update(zip(self._support, point, strict=True))
                if vertex not in found:
                    found.append(vertex)
        return found

    def is_empty(self) -> bool:
        """Whether no belief qualifies (numbers needed)."""
        return not self._vertices

    def condition(self) -> Any:
        """When the set is non-empty, as a condition on the parameters (True/False if decided)."""
        return self._condition

    @cached_property
    def _condition(self) -> Any:
        rows, options = self._rows(), []
        if not any(v.free_symbols for row in rows for v in row):
            return sp.true if self._vertices else sp.false
        for det, adj in self._candidates:
            for side in (1, -1):
                sign = holds(side * det, strict=True)
                if sign == sp.false:
                    continue
                inside = [holds(side * sum(c * a for c, a in zip(row, adj, strict=True)))
                          for row in rows]
                options.append(sp.And(sign, *inside))
        return sp.Or(*options) if options else sp.false

    def contains(self, belief: Mapping[str, Any]) -> bool:
        """Whether a belief (numbers) lies in the set."""
        if any(belief.get(t, 0) != 0 for t in self.types if t not in self._support):
            return False
        return all(sum(sp.sympify(c.get(t, 0)) * belief.get(t, 0) for t in self.types) >= 0
                   for c in self.constraints)

    def interval(self) -> tuple[Any, Any] | None:
        """With two types: the range of the first type's probability (None if empty)."""
        values = [v[self.types[0]] for v in self.vertices()]
        return (min(values), max(values)) if values else None

    def __str__(self) -> str:
        symbolic = any(sp.sympify(v).free_symbols for c in self.constraints for v in c.values())
        if not symbolic:
            if len(self.types) == 2:
                span = self.interval()
                if span is None:
                    return "no belief"
                lo, hi = span
                first = self.types[0]
                return (f"μ({first}) = {_text(lo)}" if lo == hi
                        else f"μ({first}) ∈ [{_text(lo)}, {_text(hi)}]")
            points = ["(" + ", ".join(_text(v[t]) for t in self.types) + ")"
                      for v in self.vertices()]
            return f"conv{{{', '.join(points)}}}" if points else "no belief"
        parts = [" + ".join(f"{sp.sstr(c.get(t, 0))}·μ({t})" for t in self._support) + " ≥ 0"
                 for c in self.constraints]
        return "; ".join(parts) or "any belief"


def _determinant(m: list[list[sp.Expr]]) -> sp.Expr:
    """The determinant of a small square matrix by expansion along the first row."""
    if not m:
        return sp.Integer(1)
    if len(m) > 3:
        return sp.Matrix(m).det()
    return sum(((-1) ** k * m[0][k] * _determinant([r[:k] + r[k + 1:] for r in m[1:]])
                for k in range(len(m))), sp.Integer(0))


def best_reply_set(types: Sequence[str], gains: Mapping[str, Mapping[str, Any]],
                   action: str, support: Sequence[str] | None = None) -> BeliefSet:
    """The beliefs at which ``action`` is a best reply, given ``gains[a][t] = u_R(t, ·, a)``."""
    constraints = tuple(
        {t: sp.sympify(gains[action][t]) - sp.sympify(gains[other][t]) for t in types}
        for other in gains if other != action
    )
    return BeliefSet(tuple(types), constraints, None if support is None else tuple(support))
