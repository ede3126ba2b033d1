"""Exact linear programmes in parameters: the optimum, its binding constraints, where it holds.

Both stages of :class:`~gametheory_cluster.models.information.refinancing.Refinancing`
are linear programmes in the contract. :class:`_Programme` splits the objective and
the constraints into coefficients once and solves at any parameter values:
:func:`_maximise` enumerates the vertices in floating point, re-solves the best
bases in exact rationals and certifies the optimum by non-negative dual
multipliers; with parameters left symbolic, the basis optimal at reference values
gives closed forms and the conditions under which they stay optimal.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ....algebra import exact_value, fraction, gauss_jordan, sign, tidy
from ....errors import ModelError, NoSolutionError, SolveError


# ----------------------------------------------------------- exact linear programmes
@dataclass(frozen=True)
class _Vertex:
    point: tuple[Fraction, ...]
    basis: tuple[int, ...]
    duals: tuple[Fraction, ...]


def _solve_exact(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> list[Fraction] | None:
    """Gauss–Jordan elimination in rationals; None if the square system is singular."""
    try:
        return [x for (x,) in gauss_jordan([[*A[i], b[i]] for i in range(len(b))], len(b))]
    except ZeroDivisionError:
        return None


def _dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))


def _maximise(
    c: Sequence[Fraction],
    A: Sequence[Sequence[Fraction]],
    b: Sequence[Fraction],
    prefer: Sequence[Sequence[Fraction]] = (),
) -> _Vertex | None:
    """Maximise ``c·x`` subject to ``A x <= b`` exactly; None if nothing is feasible.

    All bases are tried in floating point (one batched solve); those feasible up to
    rounding are re-solved in rationals and checked exactly, best first, until no
    basis left can reach the best exact value. Among the exact
    optimal vertices the one with the largest ``prefer`` values (in order) is
    returned, with a basis whose dual multipliers are non-negative (the certificate
    of optimality, which exists at every optimal vertex by Carathéodory's theorem).
    """
    n = len(c)
    found: dict[tuple[Fraction, ...], list[tuple[int, ...]]] = {}
    top: Fraction | None = None
    for value, basis in _candidates(c, A, b):
        if top is not None and value < float(top) - 1e-7 * (1 + abs(float(top))):
            break  # no basis left can reach the best exact value
        point = _exact_vertex(A, b, basis)
        if point is not None:
            found.setdefault(point, []).append(basis)
            top = max(_dot(c, point), top) if top is not None else _dot(c, point)
    if top is None:
        return None  # nothing feasible, or feasible only up to rounding
    optimal = sorted((p for p in found if _dot(c, p) == top),
                     key=lambda p: [_dot(v, p) for v in prefer], reverse=True)
    for point in optimal:
        for basis in found[point]:
            duals = _solve_exact([[A[i][k] for i in basis] for k in range(n)], list(c))
            if duals is not None and all(y >= 0 for y in duals):
                return _Vertex(point, basis, tuple(duals))
    raise SolveError("the contract programme is degenerate here: no basis certifies the optimum")


def _candidates(c: Sequence[Fraction], A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]
                ) -> list[tuple[float, tuple[int, ...]]]:
    """The bases of ``A x <= b`` feasible in floating point (one batched solve), with their
    values ``c·x``, best first."""
    m, n = len(A), len(c)
    Af, bf = (np.array(v, dtype=float) for v in (A, b))
    bases = np.array(list(itertools.combinations(range(m), n)))
    mats = Af[bases]
    ok = np.abs(np.linalg.det(mats)) > 1e-12
    bases, mats = bases[ok], mats[ok]
    points = np.linalg.solve(mats, bf[bases][..., None])[..., 0]
    scale = 1e-9 * (1 + np.abs(bf).max())
    feasible = np.all(points @ Af.T <= bf + scale, axis=1)
    values = points @ np.array(c, dtype=float)
    return [(values[j], tuple(int(i) for i in bases[j]))
            for j in sorted(np.flatnonzero(feasible), key=lambda j: -values[j])]


def _exact_vertex(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction],
                  basis: tuple[int, ...]) -> tuple[Fraction, ...] | None:
    """The vertex of ``basis`` in rationals; None if singular or not feasible exactly."""
    point = _solve_exact([A[i] for i in basis], [b[i] for i in basis])
    if point is None or any(_dot(row, point) > bi for row, bi in zip(A, b, strict=True)):
        return None
    return tuple(point)


def _linear(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> tuple[list[sp.Expr], sp.Expr]:
    """Coefficients and constant of an expression linear in ``variables``."""
    expr = sp.expand(expr)
    coeffs = [expr.coeff(v) for v in variables]
    rest = sp.expand(expr - sum(c * v for c, v in zip(coeffs, variables, strict=True)))
    if any(c.has(*variables) for c in coeffs) or rest.has(*variables):
        raise ModelError(f"{expr} is not linear in {', '.join(map(str, variables))}")
    return coeffs, rest


class _Programme:
    """Maximise a linear objective subject to ``expression >= 0`` constraints, in parameters.

    The objective and constraints are split into coefficients once; :meth:`solve`
    then works at any parameter values.
    """

    def __init__(self, objective: sp.Expr, constraints: Sequence[tuple[str, sp.Expr]],
                 variables: Sequence[sp.Symbol], prefer: Sequence[sp.Symbol] = (), *,
                 symbol: Callable[[str], sp.Symbol]) -> None:
        self.symbol = symbol  # a parameter's name -> its symbol (the model's table)
        self.variables = tuple(variables)
        self.prefer = [[Fraction(int(v == u)) for v in variables] for u in prefer]
        self.names = [n for n, _ in constraints]
        self.objective, _ = _linear(objective, variables)
        self.rows = [_linear(e, variables) for _, e in constraints]
        self.constraints = [e for _, e in constraints]
        params = {s for _, e in constraints for s in e.free_symbols} | objective.free_symbols
        self.params = params - set(variables)

    def solve(
        self, values: Mapping[str, Any], reference: Mapping[str, Any]
    ) -> tuple[dict[sp.Symbol, sp.Expr], tuple[str, ...], tuple[Any, ...]]:
        """The optimum: exact numbers, or expressions in the parameters not given.

        Returns the solution, the names of the binding constraints and, in the
        symbolic case, the conditions under which that basis stays optimal.
        Parameters not given take their ``reference`` values to pick the basis.
        """
        given = {self.symbol(k): exact_value(v, k) for k, v in values.items()}
        point = given | {s: exact_value(reference[s.name], s.name)
                         for s in self.params if s not in given}
        # A x <= b at the point
        A = [[fraction(-a.xreplace(point)) for a in coeffs] for coeffs, _ in self.rows]
        b = [fraction(rest.xreplace(point)) for _, rest in self.rows]
        vertex = _maximise([fraction(x.xreplace(point)) for x in self.objective], A, b,
                           self.prefer)
        if vertex is None:
            raise NoSolutionError(_infeasible(A, b, self.names))
        binding = tuple(self.names[i] for i in vertex.basis)
        if self.params <= set(given):
            return ({v: sp.Rational(x.numerator, x.denominator)
                     for v, x in zip(self.variables, vertex.point, strict=True)}, binding, ())
        # symbolic: the same basis, solved with the parameters not given left free
        basis_a = sp.Matrix([[-a.xreplace(given) for a in self.rows[i][0]] for i in vertex.basis])
        basis_b = sp.Matrix([self.rows[i][1].xreplace(given) for i in vertex.basis])
        solved = {v: tidy(x) for v, x in zip(self.variables, basis_a.LUsolve(basis_b), strict=True)}
        duals = basis_a.T.LUsolve(sp.Matrix([x.xreplace(given) for x in self.objective]))
        slacks = [sp.cancel(e.xreplace(given).xreplace(solved))
                  for i, e in enumerate(self.constraints) if i not in vertex.basis]
        conditions = [*slacks, *(sp.cancel(y) for y in duals)]
        valid = tuple(sp.Ge(x, 0) for x in conditions if not _proved_nonnegative(x))
        return solved, binding, valid


def _proved_nonnegative(expr: sp.Expr) -> bool:
    """Whether ``expr >= 0`` over the parameters' domains (a quick, sufficient test)."""
    if expr.is_number:
        return bool(expr >= 0)
    return sp.count_ops(expr) <= 30 and sign(expr) in (0, 1)


def _infeasible(A: list[list[Fraction]], b: list[Fraction], names: list[str]) -> str:
    """A message naming the constraints whose removal alone would make the programme feasible."""
    culprits = [
        names[k] for k in range(len(names))
        if _feasible(A[:k] + A[k + 1:], b[:k] + b[k + 1:])
    ]
    message = "no contract satisfies every constraint: the bank cannot be repaid"
    if culprits:
        message += f" (dropping any one of {', '.join(culprits)} would leave a solution)"
    return message


def _feasible(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> bool:
    """Whether some point satisfies ``A x <= b`` exactly (the first exact vertex will do)."""
    zero = [Fraction(0)] * len(A[0])
    return any(_exact_vertex(A, b, basis) is not None for _, basis in _candidates(zero, A, b))
