r"""Rest points of the replicator dynamics and their linear stability, derived exactly.

The rest points of :math:`\dot x = x(1-x)\Delta_B(y)`, :math:`\dot y = y(1-y)\Delta_S(x)`
are the four corners, the interior point where both advantages vanish (when it lies in
the open square) and a whole edge where the advantage along it vanishes. At a corner the
Jacobian is diagonal, its eigenvalues are :math:`\pm` the two advantages, and the corner
is asymptotically stable exactly when it is a strict Nash equilibrium — an evolutionarily
stable state of the two-population game (Selten 1980, *J. Theor. Biol.* 84:93–101),
labelled ``"ESS"``. At the interior point the trace is 0, so it is a ``"saddle"``
(:math:`\det J < 0`) or a ``"centre"`` (:math:`\det J > 0`). Other labels: ``"source"``
and ``"non-hyperbolic"`` (a zero eigenvalue).

This module holds the results (:class:`RestPoint`, :class:`RestPoints`) and the exact
algebra behind them: compact forms, the two eigenvalues of a 2×2 matrix, and the
condition on the parameters for each sign of an expression and each stability class
(signs proved over the parameters' domains by :func:`~gametheory_cluster.algebra.sign`).

See docs/explanation/dynamics.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sympy as sp

from ..algebra import plain, sign

__all__ = ["STABILITY", "RestPoint", "RestPoints"]

#: The stability classes of a rest point.
STABILITY = ("ESS", "source", "saddle", "centre", "non-hyperbolic")


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, complex):
        return f"{value.real:.6g}{value.imag:+.6g}j"
    return sp.sstr(value)


@dataclass(frozen=True)
class RestPoint:
    """A rest point (or a line of rest points on an edge) with its linear stability.

    Attributes
    ----------
    label : str
        ``"(Lend, Repay)"`` for a corner, ``"interior"``, or ``"edge x = 0"`` and the like.
    kind : {"corner", "interior", "edge"}
    x, y : number or sympy expression
        Its coordinates (on an edge, the coordinate along it is the symbol ``x`` or ``y``).
    jacobian : sympy Matrix
        The Jacobian of the field there.
    eigenvalues : tuple
        The Jacobian's two eigenvalues.
    exists : sympy Boolean
        When it exists (``True`` for corners); with every value given, always ``True``.
    cases : mapping
        Each stability class it can have (see :data:`STABILITY`) and the condition on the
        parameters under which it has it. With every value given, one class, ``True``.
    """

    label: str
    kind: str
    x: Any
    y: Any
    jacobian: sp.ImmutableMatrix
    eigenvalues: tuple[Any, Any]
    exists: Any = sp.true
    cases: Mapping[str, Any] = field(default_factory=dict)

    @property
    def stability(self) -> str:
        """The stability class, or ``"depends"`` when it depends on free parameters."""
        settled = [name for name, cond in self.cases.items() if cond is sp.true]
        return settled[0] if len(settled) == 1 else "depends"

    @property
    def is_ess(self) -> bool | None:
        """Whether it is an evolutionarily stable state (``None``: depends on parameters)."""
        if self.stability == "depends":
            return None if "ESS" in self.cases else False
        return self.stability == "ESS"

    def __str__(self) -> str:
        head = (f"{self.label} at ({_text(self.x)}, {_text(self.y)}): eigenvalues "
                f"{', '.join(_text(e) for e in self.eigenvalues)}")
        if self.exists is not sp.true:
            head += f"; exists if {sp.sstr(self.exists)}"
        if self.stability != "depends":
            return f"{head}; {self.stability}"
        return head + "".join(f"\n  {k} if {sp.sstr(c)}" for k, c in self.cases.items())

    def latex(self) -> str:
        """The point, its eigenvalues and its stability in LaTeX."""
        eig = ",\\ ".join(sp.latex(sp.sympify(e)) for e in self.eigenvalues)
        return (rf"\text{{{self.label}}}:\ ({sp.latex(sp.sympify(self.x))},\ "
                rf"{sp.latex(sp.sympify(self.y))}),\ \lambda = {eig},\ \text{{{self.stability}}}")

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: exact numbers as strings such as ``"1/11"``."""
        return plain({
            "label": self.label, "kind": self.kind, "x": plain(self.x), "y": plain(self.y),
            "jacobian": [[plain(v) for v in row] for row in self.jacobian.tolist()],
            "eigenvalues": [plain(e) for e in self.eigenvalues],
            "exists": sp.sstr(self.exists), "stability": self.stability,
            "cases": {k: sp.sstr(c) for k, c in self.cases.items()},
        })


@dataclass(frozen=True)
class RestPoints:
    """The rest points of a replicator dynamics, corners first."""

    points: tuple[RestPoint, ...]

    def __iter__(self) -> Iterator[RestPoint]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, key: int | str) -> RestPoint:
        if isinstance(key, str):
            for p in self.points:
                if p.label == key:
                    return p
            raise KeyError(f"no rest point {key!r}; rest points: "
                           f"{', '.join(p.label for p in self.points)}")
        return self.points[key]

    @property
    def ess(self) -> tuple[RestPoint, ...]:
        """The evolutionarily stable states."""
        return tuple(p for p in self.points if p.is_ess)

    def __str__(self) -> str:
        if any(p.stability == "depends" or p.exists is not sp.true for p in self.points):
            return "\n".join(str(p) for p in self.points)
        rows = [("rest point", "x", "y", "eigenvalues", "stability")]
        rows += [(p.label, _text(p.x), _text(p.y), ", ".join(_text(e) for e in p.eigenvalues),
                  p.stability) for p in self.points]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        return "\n".join(
            "  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
            for r in rows
        )

    def __repr__(self) -> str:
        return f"RestPoints({', '.join(f'{p.label}: {p.stability}' for p in self.points)})"

    def latex(self) -> str:
        """One line per rest point."""
        return r" \\ ".join(p.latex() for p in self.points)

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> list[dict[str, Any]]:
        """Plain data, one dict per rest point."""
        return plain([p.to_dict() for p in self.points])


# --------------------------------------------------------------------------- algebra


@lru_cache(maxsize=4096)
def _neat(expr: Any) -> sp.Expr:
    """A compact form: numbers as they are, expressions factored."""
    expr = sp.sympify(expr)
    return expr if expr.is_number else sp.factor(expr)


def _linear(expr: sp.Expr, s: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """``(c0, c1)`` with ``expr = c0 + c1*s`` (an advantage is linear in the other share)."""
    expr = sp.expand(expr)
    return _neat(expr.subs(s, 0)), _neat(expr.coeff(s))


def _det(J: sp.MatrixBase) -> sp.Expr:
    return _neat(J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0])


def _eigenvalues(J: sp.MatrixBase) -> tuple[sp.Expr, sp.Expr]:
    """The two eigenvalues of a 2×2 matrix: the roots of its characteristic polynomial."""
    if J[0, 1] == 0 or J[1, 0] == 0:
        return J[0, 0], J[1, 1]
    tr, det = _neat(J.trace()), _det(J)
    root = sp.sqrt(_neat(tr**2 - 4 * det))
    return _neat(tr / 2) - root / 2, _neat(tr / 2) + root / 2


@dataclass(frozen=True)
class _SignCases:
    """The conditions ``e < 0``, ``e > 0`` and ``e = 0`` for one expression, each as ``… > 0``."""

    lt: Any
    gt: Any
    eq: Any


@lru_cache(maxsize=4096)
def _sign_cases(expr: Any) -> _SignCases:
    """Readable conditions on the sign of ``expr``; those the domains rule out are False."""
    expr = _neat(expr)
    if expr.is_number:
        return _SignCases(sp.sympify(expr < 0), sp.sympify(expr > 0), sp.sympify(sp.Eq(expr, 0)))
    known = sign(expr)  # 1: expr >= 0 on the whole domain; -1: expr <= 0
    return _SignCases(
        sp.false if known is not None and known >= 0 else sp.StrictGreaterThan(-expr, 0),
        sp.false if known is not None and known <= 0 else sp.StrictGreaterThan(expr, 0),
        sp.Eq(-expr if expr.could_extract_minus_sign() else expr, 0),
    )


def _nonnegative(expr: sp.Expr) -> Any:
    """``expr >= 0`` as a sympy condition: ``True`` when the domains prove it."""
    expr = _neat(expr)
    if expr.is_number:
        return sp.sympify(expr >= 0)
    return sp.true if sign(expr) in (0, 1) else sp.GreaterThan(expr, 0)


def _classify(J: sp.MatrixBase) -> dict[str, Any]:
    """Each stability class and the condition for it, from the Jacobian ``J`` (2×2)."""
    if J[0, 1] == 0 or J[1, 0] == 0:  # triangular: the eigenvalues are the diagonal
        e1, e2 = _sign_cases(J[0, 0]), _sign_cases(J[1, 1])
        cases = {
            "ESS": sp.And(e1.lt, e2.lt),
            "source": sp.And(e1.gt, e2.gt),
            "saddle": sp.Or(sp.And(e1.lt, e2.gt), sp.And(e1.gt, e2.lt)),
            "non-hyperbolic": sp.Or(e1.eq, e2.eq),
        }
    else:
        tr, det = _sign_cases(J.trace()), _sign_cases(_det(J))
        cases = {
            "ESS": sp.And(det.gt, tr.lt),
            "source": sp.And(det.gt, tr.gt),
            "saddle": det.lt,
            "centre": sp.And(det.gt, tr.eq),
            "non-hyperbolic": det.eq,
        }
    return {k: c for k, c in cases.items() if c is not sp.false}


def _number_out(value: Any, floating: bool) -> Any:
    """Exact stays exact; with float inputs, a float (or complex) when no symbol is left."""
    value = sp.sympify(value)
    if not floating or value.free_symbols:
        return value
    n = complex(sp.N(value))
    return n.real if n.imag == 0 else n
