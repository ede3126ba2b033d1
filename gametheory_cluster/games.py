r"""Stage games: bimatrix games with symbolic payoffs, all their equilibria, and game trees.

Definitions
-----------
A two-player game in normal form is a pair of :math:`m \times n` payoff matrices
:math:`(A, B)`: the row player picks a row :math:`i`, the column player a column
:math:`j`, and they receive :math:`A_{ij}` and :math:`B_{ij}`. Mixed strategies are
points :math:`x \in \Delta_m`, :math:`y \in \Delta_n`; :math:`(x, y)` is a Nash
equilibrium when every pure action in the support of :math:`x` maximises
:math:`(Ay)_i` and every one in the support of :math:`y` maximises
:math:`(B^\top x)_j`.

After shifting the payoffs to be positive (which changes no equilibrium), the
*best-response polytopes* are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

A point of :math:`P` has the *label* :math:`i` when :math:`x_i = 0` and the label
:math:`m + j` when :math:`(B^\top x)_j = 1` (column :math:`j` is a best response to
:math:`x`); labels of :math:`Q` are defined the same way. A pair
:math:`(x, y) \ne (0, 0)` is *completely labelled* when every label
:math:`1, \dots, m + n` appears at :math:`x` or at :math:`y`; after normalisation
these pairs are exactly the Nash equilibria. The *extreme equilibria* are the
completely labelled pairs of vertices. All labels of a vertex are counted, not only
those of one basis: that is what makes degenerate games (a strategy with more best
responses than its support size) come out right.

In a degenerate game equilibria need not be isolated. Join an extreme equilibrium
:math:`(x, y)` by an edge of the bipartite graph on the vertices of :math:`P` and
:math:`Q`; every maximal biclique :math:`(X, Y)` of that graph gives a *maximal
Nash subset* :math:`\operatorname{conv} X \times \operatorname{conv} Y`, and the
connected components of the graph are the *components* of the equilibrium set
(Avis, Rosenberg, Savani & von Stengel 2010, *Economic Theory* 42:9–37).

Computation is exact: payoffs become :class:`fractions.Fraction` (a float becomes
the exact value of its binary form), vertices are found by fraction-free Gaussian
elimination on integer matrices, and only the final answer is converted back —
to sympy ``Rational`` when every input was exact, to ``float`` when any was a
float. A batched numpy solve first discards the candidate bases that are clearly
infeasible; every basis it cannot clearly reject (including every ill-conditioned
one) is decided exactly.

A 2×2 game with free parameters is solved symbolically: its equilibria are
derived from the signs of the four payoff differences, one case per parameter
region (:class:`PiecewiseEquilibria`).

A :class:`GameTree` is a finite game with perfect information, solved by backward
induction; all subgame-perfect equilibria are returned when there are ties.

Examples
--------
>>> from gametheory_cluster.games import StageGame
>>> game = StageGame([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                  row_actions=("C", "D"), col_actions=("C", "D"))
>>> print(game.equilibria())
Nash equilibria of a non-degenerate 2×2 game (row: C, D; column: C, D)
1 extreme equilibrium in 1 component
  component 1: {D} × {D}
    (D, D) payoffs (1, 1)
"""

from __future__ import annotations

import decimal
import functools
import math
import numbers
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product
from typing import Any, NamedTuple

import numpy as np
import sympy as sp

from .errors import DomainError, GameError, MissingParameterError, UnknownParameterError
from .parameters import PARAMETERS, Value, symbol, validate

__all__ = [
    "Case",
    "Component",
    "Decision",
    "Equilibrium",
    "EquilibriumSet",
    "GameTree",
    "Leaf",
    "NashSubset",
    "PiecewiseEquilibria",
    "StageGame",
    "SubgamePerfectEquilibrium",
]

#: A payoff or probability in a result: exact sympy number, float, or sympy expression.
Number = sp.Expr | float

# A basis whose float condition number exceeds this is decided exactly, not by numpy.
_CONDITION_LIMIT = 1e7
# Slack allowed to the float prefilter before it rejects a basis (payoffs scaled to [1, 2]).
_PREFILTER_TOL = 1e-6
# Batches of fewer candidate bases than this are solved exactly without screening.
_SCREEN_FROM = 16
# Default tolerance of Equilibrium.is_nash for float results.
_FLOAT_TOL = 1e-9


# --------------------------------------------------------------------------- input


def _coerce_entry(value: Any, where: str) -> sp.Expr:
    """A payoff entry as a sympy expression; reject anything that is not a finite real."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise GameError(
            f"{where} = {value!r} is not a number or sympy expression "
            "(strings are not parsed: build formulas from sympy symbols)"
        )
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr) or isinstance(value, sp.MatrixBase):
            raise GameError(f"{where} = {value!r} is not a payoff expression")
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is False:
            raise GameError(f"{where} = {value} is not a finite real number")
        return value
    if isinstance(value, numbers.Integral):
        return sp.Integer(int(value))
    if isinstance(value, (Fraction, decimal.Decimal)):
        if isinstance(value, decimal.Decimal) and not value.is_finite():
            raise GameError(f"{where} = {value!r} is not a finite real number")
        exact = Fraction(value)
        return sp.Rational(exact.numerator, exact.denominator)
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise GameError(f"{where} = {value!r} is not a finite real number")
        return sp.Float(as_float)
    raise GameError(f"{where} = {value!r} is not a real number (type {type(value).__name__})")


def _rows(matrix: Any, name: str) -> list[list[Any]]:
    """Nested rows of a 2-D matrix-like input, checked for shape."""
    if isinstance(matrix, sp.MatrixBase):
        rows = matrix.tolist()
    elif isinstance(matrix, np.ndarray):
        if matrix.ndim != 2:
            raise GameError(f"payoff matrix {name} must be 2-D, got {matrix.ndim}-D")
        rows = matrix.tolist()
    elif isinstance(matrix, Sequence) and not isinstance(matrix, (str, bytes)):
        rows = list(matrix)
        for i, row in enumerate(rows):
            if not isinstance(row, (Sequence, np.ndarray)) or isinstance(row, (str, bytes)):
                raise GameError(
                    f"payoff matrix {name} must be 2-D (a list of rows); row {i} is {row!r}"
                )
        rows = [list(row) for row in rows]
    else:
        raise GameError(
            f"payoff matrix {name} must be a nested list, numpy array or sympy Matrix, "
            f"got {type(matrix).__name__}"
        )
    if not rows or not rows[0]:
        raise GameError(f"payoff matrix {name} is empty: each player needs at least one action")
    for i, row in enumerate(rows):
        if len(row) != len(rows[0]):
            raise GameError(
                f"payoff matrix {name} is ragged: row {i} has {len(row)} entries, "
                f"row 0 has {len(rows[0])}"
            )
        for j, entry in enumerate(row):
            if isinstance(entry, (Sequence, np.ndarray)) and not isinstance(entry, (str, bytes)):
                raise GameError(f"payoff matrix {name} must be 2-D; entry [{i}, {j}] is a sequence")
    return rows


def _coerce_matrix(matrix: Any, name: str) -> list[list[sp.Expr]]:
    return [
        [_coerce_entry(entry, f"{name}[{i}, {j}]") for j, entry in enumerate(row)]
        for i, row in enumerate(_rows(matrix, name))
    ]


def _canonical_symbols(exprs: Sequence[sp.Expr]) -> dict[sp.Symbol, sp.Symbol]:
    """Map each free symbol to one symbol per name (the table's symbol for a table name)."""
    by_name: dict[str, set[sp.Symbol]] = {}
    for expr in exprs:
        for s in expr.free_symbols:
            by_name.setdefault(s.name, set()).add(s)
    mapping: dict[sp.Symbol, sp.Symbol] = {}
    for name, found in by_name.items():
        if name in PARAMETERS:
            target = symbol(name)
        elif len(found) == 1:
            continue
        else:
            raise GameError(
                f"two different symbols are both named {name!r} (different assumptions); "
                "parameters are matched by name, so use one symbol per name"
            )
        mapping.update({s: target for s in found if s != target})
    return mapping


def _labels(labels: Sequence[str] | None, count: int, what: str, prefix: str) -> tuple[str, ...]:
    if labels is None:
        return tuple(f"{prefix}{k + 1}" for k in range(count))
    if isinstance(labels, str):
        raise GameError(f"{what} labels must be a sequence of strings, not one string {labels!r}")
    labels = tuple(labels)
    if len(labels) != count:
        raise GameError(f"{count} {what} labels needed, got {len(labels)}: {labels!r}")
    for label in labels:
        if not isinstance(label, str) or not label:
            raise GameError(f"{what} labels must be non-empty strings, got {label!r}")
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise GameError(f"{what} labels must be unique; repeated: {', '.join(duplicates)}")
    return labels


def _validate_values(
    values: Mapping[str, Any], symbols_: Iterable[sp.Symbol], what: str
) -> dict[str, Value]:
    """Check values by name: the parameter table's domains, and the assumptions of a
    user's own symbols (a value breaking them would void a symbolic answer)."""
    by_name = {s.name: s for s in symbols_}
    if not by_name and values:
        unknown = next(iter(values))
        raise UnknownParameterError(
            f"unknown parameter {unknown!r}: {what} has no parameters (its payoffs are numbers)"
        )
    checked = validate(values, allowed=sorted(by_name))
    for name, value in checked.items():
        s = by_name[name]
        if name in PARAMETERS or (isinstance(value, sp.Basic) and value.free_symbols):
            continue
        broken = [
            kind
            for kind, holds in (
                ("positive", value > 0),
                ("nonnegative", value >= 0),
                ("negative", value < 0),
                ("nonpositive", value <= 0),
                ("integer", float(value).is_integer()),
            )
            if getattr(s, f"is_{kind}") and not holds
        ]
        if broken:
            raise DomainError(f"{name}={value} contradicts the symbol's assumption: {broken[0]}")
    return checked


def _substitute(expr: sp.Expr, values: Mapping[str, Value]) -> sp.Expr:
    """Substitute named values (a float as a sympy Float, kept at full precision)."""
    subs = {s: sp.sympify(values[s.name]) for s in expr.free_symbols if s.name in values}
    return expr.xreplace(subs) if subs else expr


def _missing(exprs: Sequence[sp.Expr], what: str) -> MissingParameterError:
    names = sorted({s.name for e in exprs for s in e.free_symbols})
    example = ", ".join(f"{n}=..." for n in names)
    return MissingParameterError(
        f"{what} needs values for: {', '.join(names)} (e.g. equilibria({example}))"
    )


def _has_float(expr: sp.Expr) -> bool:
    return expr.has(sp.Float)


# --------------------------------------------------------------------------- numbers


def _to_fraction(value: sp.Expr, where: str) -> Fraction:
    """An exact Fraction for a sympy number (a Float gives the exact value of its double)."""
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, sp.Float):
        return Fraction(float(value))
    raise GameError(
        f"{where} = {value} is not rational; exact enumeration needs rational payoffs "
        "(pass floats, e.g. float(value), for a floating-point answer)"
    )


def _fraction_matrix(matrix: sp.MatrixBase, name: str) -> list[list[Fraction]]:
    return [
        [_to_fraction(v, f"{name}[{i}, {j}]") for j, v in enumerate(row)]
        for i, row in enumerate(matrix.tolist())
    ]


def _number_out(value: Fraction, floating: bool) -> Number:
    return float(value) if floating else sp.Rational(value.numerator, value.denominator)


def _text(value: Number) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return sp.sstr(value)


def _tex(value: Number) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return sp.latex(value)


def _plain(value: Number) -> str | float:
    """JSON-ready: floats stay floats, exact numbers and expressions become strings."""
    return value if isinstance(value, float) else sp.sstr(value)


def _tidy(value: sp.Expr) -> sp.Expr:
    """A cancelled fraction, factored, with a denominator that is positive where provable."""
    num, den = sp.fraction(value)
    if den.free_symbols and _possible_signs(den) <= {-1, 0}:
        num, den = -num, -den
    return sp.factor_terms(sp.expand(num)) / sp.factor_terms(sp.expand(den))


@functools.lru_cache(maxsize=4096)
def _simplify(value: sp.Expr) -> sp.Expr:
    """Cancelled, factored, denominator positive where provable."""
    return _tidy(sp.cancel(value)) if value.free_symbols else value


def _arithmetic(
    entries: Sequence[sp.Expr],
) -> tuple[Callable[[sp.Expr], Any], Callable[[Any], sp.Expr]]:
    """``(to, back)``: fast exact arithmetic on the payoffs, and the way back to sympy.

    Rational functions of the parameters are computed in sympy's rational function
    field (always cancelled, and much faster than ``cancel`` on expressions); any
    other payoff (``sqrt``, ``Max`` …) keeps plain sympy expressions.
    """
    symbols_ = sorted({s for e in entries for s in e.free_symbols}, key=str)
    domain = sp.RR if any(_has_float(e) for e in entries) else sp.QQ
    field = sp.field(symbols_, domain)[0]
    try:
        for e in entries:
            field.from_expr(e)
    except ValueError:
        return (lambda e: e), _simplify
    return field.from_expr, functools.cache(lambda f: _tidy(f.as_expr()))


# --------------------------------------------------------------------------- signs


def _assumed_signs(expr: sp.Expr) -> frozenset[int]:
    """The signs (-1, 0, 1) that ``expr`` may take, as far as sympy's assumptions tell."""
    if expr.is_zero:
        return frozenset({0})
    if expr.is_positive:
        return frozenset({1})
    if expr.is_negative:
        return frozenset({-1})
    signs = {-1, 0, 1}
    if expr.is_nonnegative:
        signs.discard(-1)
    if expr.is_nonpositive:
        signs.discard(1)
    if expr.is_zero is False:
        signs.discard(0)
    return frozenset(signs)


def _box(s: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """The finite closed hull of a table parameter's domain, if it is bounded."""
    p = PARAMETERS.get(s.name)
    if p is None or s != p.symbol:
        return None
    lo, hi = p.domain.inf, p.domain.sup
    return (lo, hi) if lo.is_finite and hi.is_finite else None


_SAMPLE_VALUES = tuple(
    sp.Rational(v) for v in ("0", "1/3", "1/2", "2/3", "1", "3/2", "2", "3", "5", "10")
)


@functools.lru_cache(maxsize=256)
def _sample_values(s: sp.Symbol) -> tuple[sp.Expr, ...]:
    """Values ``s`` can take: in its table domain, or allowed by its assumptions."""
    candidates = [*_SAMPLE_VALUES, *(-v for v in _SAMPLE_VALUES[1:])]
    p = PARAMETERS.get(s.name)
    if p is not None and s == p.symbol:
        lo, hi = p.domain.inf, p.domain.sup
        checks = [
            lambda v: v > lo or (v == lo and not p.domain.left_open),
            lambda v: v < hi or (v == hi and not p.domain.right_open),
            lambda v: v.is_integer or not p.integer,
        ]
    else:
        tests = [
            (s.is_positive, lambda v: v > 0),
            (s.is_nonnegative, lambda v: v >= 0),
            (s.is_negative, lambda v: v < 0),
            (s.is_nonpositive, lambda v: v <= 0),
            (s.is_integer, lambda v: v.is_integer),
        ]
        checks = [test for known, test in tests if known]
    return tuple(v for v in candidates if all(bool(check(v)) for check in checks))


@functools.lru_cache(maxsize=256)
def _sample_points(symbols: frozenset[sp.Symbol]) -> tuple[dict[sp.Symbol, sp.Expr], ...]:
    """A fixed set of points in the parameters' domains (deterministic, no global state)."""
    draw = random.Random(0)
    ordered = sorted(symbols, key=str)
    values = {s: _sample_values(s) for s in ordered}
    if any(not v for v in values.values()):
        return ()
    return tuple({s: draw.choice(values[s]) for s in ordered} for _ in range(12))


def _observed_signs(expr: sp.Expr) -> set[int]:
    """The signs ``expr`` takes at the sample points (each one is attained)."""
    signs = set()
    for point in _sample_points(frozenset(expr.free_symbols)):
        value = expr.xreplace(point)
        if value.is_finite:
            signs.add(_sign_of(value))
    return signs


@functools.lru_cache(maxsize=4096)
def _possible_signs(expr: Any) -> frozenset[int]:
    """A superset of the signs ``expr`` takes over the parameters' domains.

    A polynomial seen to take both signs at sample points takes every sign (its
    domain is connected). Otherwise symbols' assumptions decide what they can; a
    bounded table parameter in which ``expr`` is affine (a probability, ``lam``,
    ``delta``) is replaced by the two ends of its domain: an affine function on a
    box is a convex combination of its values at the corners, so the corners' signs
    bound its sign.
    """
    expr = sp.sympify(expr)
    continuous = expr.is_polynomial() and not any(s.is_integer for s in expr.free_symbols)
    if continuous and {-1, 1} <= _observed_signs(expr):
        return frozenset({-1, 0, 1})
    corners = [expr]
    for s in sorted(expr.free_symbols, key=str):
        bounds = _box(s)
        if bounds is None or not expr.is_polynomial(s) or sp.diff(expr, s, 2) != 0:
            continue
        corners = [c.xreplace({s: end}) for c in corners for end in bounds]
    sets = [_assumed_signs(sp.expand(c)) for c in corners]
    if len(sets) == 1:
        return sets[0]
    positive = any(1 in s for s in sets)
    negative = any(-1 in s for s in sets)
    zero = any(0 in s for s in sets) or (positive and negative)
    return frozenset(k for k, on in ((-1, negative), (0, zero), (1, positive)) if on)


def _sign_of(value: sp.Expr) -> int:
    """The sign of a number (exact or Float)."""
    return int(sp.sign(value))


@functools.lru_cache(maxsize=1024)
def _relation(expr: sp.Expr, signs: frozenset[int]) -> sp.Basic:
    """``expr`` restricted to ``signs`` as a readable relation, e.g. ``R > I``."""
    expr = sp.factor_terms(sp.expand(expr))
    factors = sp.Mul.make_args(expr)
    flip = 1
    kept = []
    for f in factors:
        if f.is_positive:
            continue
        if f.is_negative:
            flip = -flip
            continue
        kept.append(f)
    core = sp.expand(sp.Mul(*kept))
    if flip < 0:
        signs = frozenset(-s for s in signs)
    lhs = sp.Add(*[t for t in sp.Add.make_args(core) if not t.could_extract_minus_sign()])
    rhs = -sp.Add(*[t for t in sp.Add.make_args(core) if t.could_extract_minus_sign()])
    relations: dict[frozenset[int], Callable[[Any, Any], sp.Basic]] = {
        frozenset({1}): sp.StrictGreaterThan,
        frozenset({-1}): sp.StrictLessThan,
        frozenset({0}): sp.Eq,
        frozenset({0, 1}): sp.GreaterThan,
        frozenset({-1, 0}): sp.LessThan,
        frozenset({-1, 1}): sp.Ne,
    }
    relation = relations[signs](lhs, rhs, evaluate=False)
    return relation.reversed if lhs.is_number and not rhs.is_number else relation


# --------------------------------------------------------------------------- results


def _strategy_text(probs: Sequence[Number], labels: Sequence[str]) -> str:
    terms = [(p, a) for p, a in zip(probs, labels, strict=True) if not _is_zero(p)]
    if len(terms) == 1 and _is_one(terms[0][0]):
        return terms[0][1]
    return " + ".join(f"{_wrapped(_text(p), p)}·{a}" for p, a in terms)


def _strategy_tex(probs: Sequence[Number], labels: Sequence[str]) -> str:
    terms = [(p, a) for p, a in zip(probs, labels, strict=True) if not _is_zero(p)]
    if len(terms) == 1 and _is_one(terms[0][0]):
        return rf"\text{{{terms[0][1]}}}"
    return " + ".join(rf"{_wrapped(_tex(p), p, tex=True)}\,\text{{{a}}}" for p, a in terms)


def _wrapped(text: str, value: Number, tex: bool = False) -> str:
    if isinstance(value, sp.Add):
        return rf"\left({text}\right)" if tex else f"({text})"
    return text


def _is_zero(value: Number) -> bool:
    return value == 0


def _is_one(value: Number) -> bool:
    return value == 1


@dataclass(frozen=True)
class Equilibrium:
    """One extreme Nash equilibrium with its best-response certificate.

    Attributes
    ----------
    row, col : tuple
        The mixed strategies (probabilities of each action).
    row_payoffs : tuple
        The row player's payoff from each of its pure actions against ``col``.
    col_payoffs : tuple
        The column player's payoff from each of its pure actions against ``row``.
    value : tuple
        The two players' expected payoffs.
    row_actions, col_actions, players : tuple of str
        The labels, for display.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> eq = StageGame([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).equilibria().extreme_points[0]
    >>> eq.row, eq.col_payoffs, eq.value
    ((1/2, 1/2), (0, 0), (0, 0))
    >>> eq.slack(), eq.is_nash()
    (((0, 0), (0, 0)), True)
    >>> x, y = eq
    """

    row: tuple[Number, ...]
    col: tuple[Number, ...]
    row_payoffs: tuple[Number, ...]
    col_payoffs: tuple[Number, ...]
    value: tuple[Number, Number]
    row_actions: tuple[str, ...] = field(repr=False)
    col_actions: tuple[str, ...] = field(repr=False)
    players: tuple[str, str] = field(repr=False)

    def __iter__(self) -> Iterator[tuple[Number, ...]]:
        """Unpack as ``(row, col)``."""
        return iter((self.row, self.col))

    @property
    def support(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The actions played with positive probability, for each player."""
        return (
            tuple(a for p, a in zip(self.row, self.row_actions, strict=True) if not _is_zero(p)),
            tuple(a for p, a in zip(self.col, self.col_actions, strict=True) if not _is_zero(p)),
        )

    def slack(self) -> tuple[tuple[Number, ...], tuple[Number, ...]]:
        """Each pure action's shortfall from the equilibrium payoff, for each player.

        Zero on the support; never negative at an equilibrium.
        """
        return (
            tuple(_simplify_out(self.value[0] - u) for u in self.row_payoffs),
            tuple(_simplify_out(self.value[1] - u) for u in self.col_payoffs),
        )

    def is_nash(self, tol: float | None = None) -> bool:
        """Check the certificate: no action beats the equilibrium payoff, the support ties it.

        ``tol`` defaults to 0 for exact results and 1e-9 for floats. A symbolic
        equilibrium is checked for every parameter value in the domains: True when
        it holds for all, False when it holds for none; otherwise
        :class:`MissingParameterError` asks for values.
        """
        row_slack, col_slack = self.slack()
        slacks = row_slack + col_slack
        on_support = [
            s for p, s in zip(self.row + self.col, slacks, strict=True) if not _is_zero(p)
        ]
        if not any(isinstance(s, sp.Expr) and s.free_symbols for s in slacks):
            floating = any(isinstance(s, float) for s in slacks)
            tol = (_FLOAT_TOL if floating else 0) if tol is None else tol
            return all(s >= -tol for s in slacks) and all(abs(s) <= tol for s in on_support)
        signs = [_possible_signs(s) for s in slacks]
        support_signs = [_possible_signs(s) for s in on_support]
        if all(s <= {0, 1} for s in signs) and all(s == {0} for s in support_signs):
            return True
        if any(s == {-1} for s in signs) or any(0 not in s for s in support_signs):
            return False
        raise _missing(list(slacks), "checking this symbolic equilibrium")

    def __str__(self) -> str:
        row = _strategy_text(self.row, self.row_actions)
        col = _strategy_text(self.col, self.col_actions)
        return f"({row}, {col}) payoffs ({_text(self.value[0])}, {_text(self.value[1])})"

    def __repr__(self) -> str:
        row = ", ".join(_text(p) for p in self.row)
        col = ", ".join(_text(p) for p in self.col)
        value = ", ".join(_text(v) for v in self.value)
        return f"Equilibrium(row=({row}), col=({col}), value=({value}))"

    def latex(self) -> str:
        """The profile and its payoffs in LaTeX."""
        row = _strategy_tex(self.row, self.row_actions)
        col = _strategy_tex(self.col, self.col_actions)
        value = ", ".join(_tex(v) for v in self.value)
        return rf"\left({row},\ {col}\right),\quad u = \left({value}\right)"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data (exact numbers as strings such as ``"10/11"``)."""
        row_support, col_support = self.support
        return {
            "row": [_plain(p) for p in self.row],
            "col": [_plain(p) for p in self.col],
            "row_payoffs": [_plain(u) for u in self.row_payoffs],
            "col_payoffs": [_plain(u) for u in self.col_payoffs],
            "value": [_plain(v) for v in self.value],
            "support": {"row": list(row_support), "col": list(col_support)},
        }


def _simplify_out(value: Number) -> Number:
    return _simplify(value) if isinstance(value, sp.Expr) else value


@dataclass(frozen=True)
class NashSubset:
    """A maximal Nash subset ``conv(rows) × conv(cols)``: every pair in it is an equilibrium.

    Attributes
    ----------
    rows, cols : tuple of tuple
        The extreme row and column strategies whose convex hulls form the product.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> eqs = StageGame([[1, 1], [0, 0]], [[1, 1], [0, 0]]).equilibria()
    >>> (subset,) = eqs.components[0].maximal_subsets
    >>> subset.rows, subset.cols
    (((1, 0),), ((1, 0), (0, 1)))
    >>> print(subset)
    {r1} × conv{c1, c2}
    """

    rows: tuple[tuple[Number, ...], ...]
    cols: tuple[tuple[Number, ...], ...]
    row_actions: tuple[str, ...] = field(repr=False)
    col_actions: tuple[str, ...] = field(repr=False)

    def __str__(self) -> str:
        def hull(points: Sequence[tuple[Number, ...]], labels: Sequence[str]) -> str:
            inner = ", ".join(_strategy_text(p, labels) for p in points)
            return f"{{{inner}}}" if len(points) == 1 else f"conv{{{inner}}}"

        return f"{hull(self.rows, self.row_actions)} × {hull(self.cols, self.col_actions)}"

    def latex(self) -> str:
        """``conv{...} × conv{...}`` in LaTeX."""

        def hull(points: Sequence[tuple[Number, ...]], labels: Sequence[str]) -> str:
            inner = ",\\ ".join(_strategy_tex(p, labels) for p in points)
            body = rf"\left\{{{inner}\right\}}"
            return body if len(points) == 1 else rf"\operatorname{{conv}}{body}"

        return rf"{hull(self.rows, self.row_actions)} \times {hull(self.cols, self.col_actions)}"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return {
            "row": [[_plain(p) for p in x] for x in self.rows],
            "col": [[_plain(p) for p in y] for y in self.cols],
        }


@dataclass(frozen=True)
class Component:
    r"""A connected component of the equilibrium set.

    Attributes
    ----------
    extreme_points : tuple of Equilibrium
        The extreme equilibria in it.
    maximal_subsets : tuple of NashSubset
        Its maximal Nash subsets; the component is their union.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> (component,) = StageGame([[1, 1], [0, 0]], [[1, 1], [0, 0]]).equilibria().components
    >>> len(component.extreme_points), component.is_isolated
    (2, False)
    >>> print(component.latex())
    \left\{\text{r1}\right\} \times \operatorname{conv}\left\{\text{c1},\ \text{c2}\right\}
    """

    extreme_points: tuple[Equilibrium, ...]
    maximal_subsets: tuple[NashSubset, ...]

    @property
    def is_isolated(self) -> bool:
        """Whether the component is a single equilibrium."""
        return len(self.extreme_points) == 1

    def __str__(self) -> str:
        return " ∪ ".join(str(s) for s in self.maximal_subsets)

    def latex(self) -> str:
        """The component as a union of products of convex hulls."""
        return r" \cup ".join(s.latex() for s in self.maximal_subsets)

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return {
            "extreme_points": [e.to_dict() for e in self.extreme_points],
            "maximal_subsets": [s.to_dict() for s in self.maximal_subsets],
        }


@dataclass
class EquilibriumSet:
    """All Nash equilibria of a bimatrix game.

    Attributes
    ----------
    extreme_points : list of Equilibrium
        Every extreme equilibrium, in a canonical order.
    components : list of Component
        The connected components of the equilibrium set.
    is_degenerate : bool
        Whether some strategy has more pure best responses than its support size.
    row_actions, col_actions, players : tuple of str
        Labels.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> eqs = StageGame([[1, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    >>> len(eqs), [str(c) for c in eqs.components]
    (3, ['{r1} × {c1}', '{1/2·r1 + 1/2·r2} × {1/2·c1 + 1/2·c2}', '{r2} × {c2}'])
    >>> eqs.to_dict()["extreme_points"][1]["row"]
    ['1/2', '1/2']
    """

    extreme_points: list[Equilibrium]
    components: list[Component]
    is_degenerate: bool
    row_actions: tuple[str, ...]
    col_actions: tuple[str, ...]
    players: tuple[str, str]

    def __len__(self) -> int:
        return len(self.extreme_points)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.extreme_points)

    def _title(self) -> str:
        kind = "degenerate" if self.is_degenerate else "non-degenerate"
        m, n = len(self.row_actions), len(self.col_actions)
        return (
            f"Nash equilibria of a {kind} {m}×{n} game "
            f"({self.players[0]}: {', '.join(self.row_actions)}; "
            f"{self.players[1]}: {', '.join(self.col_actions)})"
        )

    def _body(self, indent: str = "") -> list[str]:
        k, c = len(self.extreme_points), len(self.components)
        lines = [
            f"{indent}{k} extreme equilibri{'um' if k == 1 else 'a'} "
            f"in {c} component{'' if c == 1 else 's'}"
        ]
        for number, component in enumerate(self.components, 1):
            lines.append(f"{indent}  component {number}: {component}")
            lines.extend(f"{indent}    {eq}" for eq in component.extreme_points)
        return lines

    def __str__(self) -> str:
        return "\n".join([self._title(), *self._body()])

    def __repr__(self) -> str:
        return (
            f"EquilibriumSet({len(self.extreme_points)} extreme equilibria, "
            f"{len(self.components)} components, degenerate={self.is_degenerate})"
        )

    def latex(self) -> str:
        """The equilibrium set as a union of maximal Nash subsets, in LaTeX."""
        if not self.components:
            return r"\emptyset"
        return r" \;\cup\; ".join(c.latex() for c in self.components)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data, ready for JSON."""
        index = {id(e): k for k, e in enumerate(self.extreme_points)}
        return {
            "players": list(self.players),
            "row_actions": list(self.row_actions),
            "col_actions": list(self.col_actions),
            "degenerate": self.is_degenerate,
            "extreme_points": [e.to_dict() for e in self.extreme_points],
            "components": [
                {
                    "extreme_points": [index[id(e)] for e in c.extreme_points],
                    "maximal_subsets": [s.to_dict() for s in c.maximal_subsets],
                }
                for c in self.components
            ],
        }

    def to_frame(self) -> Any:
        """One row per extreme equilibrium (pandas needed).

        Examples
        --------
        >>> from gametheory_cluster.games import StageGame
        >>> StageGame([[2, 0], [0, 1]], [[1, 0], [0, 2]]).equilibria().to_frame().shape
        (3, 7)
        """
        import pandas as pd

        records = []
        for number, component in enumerate(self.components, 1):
            for eq in component.extreme_points:
                record: dict[str, Any] = {"component": number}
                record.update(
                    {
                        f"{self.players[0]}:{a}": p
                        for a, p in zip(self.row_actions, eq.row, strict=True)
                    }
                )
                record.update(
                    {
                        f"{self.players[1]}:{a}": p
                        for a, p in zip(self.col_actions, eq.col, strict=True)
                    }
                )
                record[f"u_{self.players[0]}"] = eq.value[0]
                record[f"u_{self.players[1]}"] = eq.value[1]
                records.append(record)
        return pd.DataFrame.from_records(records)


class Case(NamedTuple):
    """One parameter region of a piecewise answer: ``(condition, equilibria)``.

    Examples
    --------
    >>> import sympy as sp
    >>> from gametheory_cluster.games import StageGame
    >>> a = sp.Symbol("a")
    >>> condition, equilibria = StageGame([[a, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()[2]
    >>> condition, [eq.row for eq in equilibria]
    (a < 0, [(0, 1)])
    """

    condition: sp.Basic
    equilibria: EquilibriumSet


class PiecewiseEquilibria:
    """The equilibria of a symbolic 2×2 game, case by case over the parameter space.

    Each case is a :class:`Case` ``(condition, equilibria)``; the conditions are
    relations between payoff differences and they partition the parameter domain
    (a case that the parameters' domains rule out is not listed). The equilibria of
    a case are an :class:`EquilibriumSet` whose probabilities and payoffs are sympy
    expressions, valid throughout the region.

    Examples
    --------
    >>> import sympy as sp
    >>> from gametheory_cluster.games import StageGame
    >>> a = sp.Symbol("a")
    >>> pw = StageGame([[a, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    >>> [str(case.condition) for case in pw]
    ['a > 0', 'Eq(a, 0)', 'a < 0']
    >>> [len(case.equilibria) for case in pw]
    [3, 3, 1]
    >>> pw.at(a=2).extreme_points[1].col
    (1/3, 2/3)
    """

    def __init__(
        self,
        game: StageGame,
        differences: tuple[sp.Expr, ...],
        regions: list[tuple[frozenset[int], ...]],
        cases: list[Case],
    ) -> None:
        self._game = game
        self._differences = differences
        self._regions = regions
        self.cases = cases

    def __iter__(self) -> Iterator[Case]:
        return iter(self.cases)

    def __len__(self) -> int:
        return len(self.cases)

    def __getitem__(self, index: int) -> Case:
        return self.cases[index]

    @property
    def parameters(self) -> list[str]:
        """The parameters the answer depends on."""
        return self._game.parameters

    def at(self, **values: Any) -> EquilibriumSet:
        """The equilibria at given parameter values, read off the case they fall in.

        Agrees with ``StageGame.equilibria(**values)``.
        """
        game = self._game
        checked = _validate_values(values, game._symbols(), "this game")
        differences = [_substitute(d, checked) for d in self._differences]
        if any(d.free_symbols for d in differences):
            raise _missing(differences, "choosing the case")
        signs = tuple(_sign_of(d) for d in differences)
        case = next(
            (
                c
                for c, region in zip(self.cases, self._regions, strict=True)
                if all(s in allowed for s, allowed in zip(signs, region, strict=True))
            ),
            None,
        )
        if case is None:  # the case analysis is conservative: this is a bug if reached
            raise GameError(f"no case covers the signs {signs} of {self._differences}")
        floating = any(isinstance(v, float) for v in checked.values()) or game._has_float()
        numeric_a, numeric_b = game._numeric(checked)
        A, B = _fraction_matrix(numeric_a, "A"), _fraction_matrix(numeric_b, "B")
        pairs = [
            (
                tuple(_to_fraction(_substitute(p, checked), "probability") for p in eq.row),
                tuple(_to_fraction(_substitute(q, checked), "probability") for q in eq.col),
            )
            for eq in case.equilibria.extreme_points
        ]
        certify = _certifier(A, B, lambda v: _number_out(v, floating), game)
        return _assemble(pairs, certify, game, 0 in signs, ordered=True)

    def __str__(self) -> str:
        lines = [f"Nash equilibria of the 2×2 game by parameter region ({len(self.cases)} cases)"]
        for case in self.cases:
            condition = "always" if case.condition is sp.true else f"if {case.condition}"
            lines.append(f"{condition}:")
            lines.extend(case.equilibria._body(indent="  "))
        return "\n".join(lines)

    def __repr__(self) -> str:
        conditions = "; ".join(sp.sstr(c.condition) for c in self.cases)
        return f"PiecewiseEquilibria({len(self.cases)} cases: {conditions})"

    def latex(self) -> str:
        """A ``cases`` environment: the equilibrium set in each region."""
        rows = [
            rf"{c.equilibria.latex()} & \text{{if }} {sp.latex(c.condition)}"
            if c.condition is not sp.true
            else rf"{c.equilibria.latex()} & \text{{always}}"
            for c in self.cases
        ]
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: each case's condition (text and LaTeX) and equilibria."""
        return {
            "parameters": self.parameters,
            "cases": [
                {
                    "condition": sp.sstr(c.condition),
                    "condition_latex": sp.latex(c.condition),
                    "equilibria": c.equilibria.to_dict(),
                }
                for c in self.cases
            ],
        }


# --------------------------------------------------------------------------- algorithm


def _solve_integer(rows: list[list[int]], rhs: int) -> tuple[list[int], int] | None:
    """Solve ``rows · z = rhs·1`` exactly: ``z = nums / det`` with ``det > 0``, or None if singular.

    Fraction-free Gauss–Jordan elimination: every division is exact, and at the
    end each diagonal entry is the determinant (of the row-permuted matrix).
    """
    k = len(rows)
    a = [[*row, rhs] for row in rows]
    previous = 1
    for c in range(k):
        pivot_row = next((r for r in range(c, k) if a[r][c]), None)
        if pivot_row is None:
            return None
        a[c], a[pivot_row] = a[pivot_row], a[c]
        pivot = a[c][c]
        for r in range(k):
            if r != c:
                factor = a[r][c]
                a[r] = [(pivot * a[r][j] - factor * a[c][j]) // previous for j in range(k + 1)]
        previous = pivot
    nums = [a[r][k] for r in range(k)]
    if previous < 0:
        return [-v for v in nums], -previous
    return nums, previous


def _polytope_vertices(M: list[list[Fraction]]) -> dict[tuple[Fraction, ...], tuple[int, int]]:
    """Vertices ``z != 0`` of ``{z >= 0 : Mᵀ z <= 1}`` for an entrywise positive ``M`` (d × c).

    Returns ``{z: (zero_mask, tight_mask)}``: bit ``i`` of ``zero_mask`` is set when
    ``z_i = 0``, bit ``j`` of ``tight_mask`` when ``(Mᵀ z)_j = 1``.

    A vertex with support ``K`` solves ``M[K, T]ᵀ z_K = 1`` for some ``|T| = |K|``
    with ``M[K, T]`` non-singular; every such basis is tried. numpy screens them in
    batches; the ones it cannot clearly reject are solved exactly.
    """
    d, c = len(M), len(M[0])
    scale = math.lcm(*(v.denominator for row in M for v in row))
    Mi = [[int(v * scale) for v in row] for row in M]
    Mf = np.array([[float(v) for v in row] for row in M])
    vertices: dict[tuple[Fraction, ...], tuple[int, int]] = {}
    for k in range(1, min(d, c) + 1):
        supports = np.array(list(combinations(range(d), k)))
        tights = np.array(list(combinations(range(c), k)))
        for a, b in _screen(Mf, supports, tights):
            K, T = supports[a].tolist(), tights[b].tolist()
            solution = _solve_integer([[Mi[r][j] for r in K] for j in T], scale)
            if solution is None:
                continue
            nums, det = solution
            if any(v <= 0 for v in nums):
                continue
            bound = scale * det
            sums = [sum(Mi[r][j] * v for r, v in zip(K, nums, strict=True)) for j in range(c)]
            if any(s > bound for s in sums):
                continue
            z = [Fraction(0)] * d
            for r, v in zip(K, nums, strict=True):
                z[r] = Fraction(v, det)
            zero_mask = sum(1 << i for i in range(d) if i not in K)
            tight_mask = sum(1 << j for j, s in enumerate(sums) if s == bound)
            vertices[tuple(z)] = (zero_mask, tight_mask)
    return vertices


def _screen(Mf: np.ndarray, supports: np.ndarray, tights: np.ndarray) -> Iterator[tuple[int, int]]:
    """Pairs (support index, tight-set index) that numpy cannot clearly rule out.

    Small batches are not worth screening: all their pairs are returned.
    """
    na, nb, k = len(supports), len(tights), supports.shape[1]
    if na * nb <= _SCREEN_FROM:
        yield from product(range(na), range(nb))
        return
    # mats[a, b, s, r] = M[K_a[r], T_b[s]]: row s is the constraint of column T_b[s].
    mats = Mf[supports[:, None, None, :], tights[None, :, :, None]].reshape(na * nb, k, k)
    singular_values = np.linalg.svd(mats, compute_uv=False)
    well = singular_values[:, -1] > singular_values[:, 0] / _CONDITION_LIMIT
    z = np.zeros((na * nb, k))
    if well.any():
        z[well] = np.linalg.solve(mats[well], np.ones((int(well.sum()), k, 1)))[..., 0]
    z = z.reshape(na, nb, k)
    loads = np.einsum("abk,akc->abc", z, Mf[supports])
    plausible = (z > -_PREFILTER_TOL).all(axis=2) & (loads <= 1 + _PREFILTER_TOL).all(axis=2)
    keep = plausible.reshape(-1) | ~well
    for index in np.flatnonzero(keep):
        yield divmod(int(index), nb)


def _normalised(matrix: list[list[Fraction]]) -> list[list[Fraction]]:
    """A positive affine transform of ``matrix`` with entries in [1, 2]."""
    low = min(v for row in matrix for v in row)
    span = max(v for row in matrix for v in row) - low
    if span == 0:
        return [[Fraction(1)] * len(row) for row in matrix]
    return [[(v - low) / span + 1 for v in row] for row in matrix]


def _extreme_equilibria(
    A: list[list[Fraction]], B: list[list[Fraction]]
) -> tuple[list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]], bool]:
    """All extreme equilibria (as exact strategy pairs) and whether the game is degenerate."""
    m, n = len(A), len(A[0])
    P = _polytope_vertices(_normalised(B))
    Q = _polytope_vertices([list(col) for col in zip(*_normalised(A), strict=True)])
    labels_p = [(x, zeros | (tight << m)) for x, (zeros, tight) in P.items()]
    labels_q = [(y, (zeros << m) | tight) for y, (zeros, tight) in Q.items()]
    complete = (1 << (m + n)) - 1
    pairs = [
        (_probabilities(x), _probabilities(y))
        for x, lx in labels_p
        for y, ly in labels_q
        if lx | ly == complete
    ]
    degenerate = any(lx.bit_count() > m for _, lx in labels_p) or any(
        ly.bit_count() > n for _, ly in labels_q
    )
    return pairs, degenerate


def _probabilities(z: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    total = sum(z)
    return tuple(v / total for v in z)


def _maximal_bicliques(edges: set[tuple[Any, Any]]) -> list[tuple[frozenset, frozenset]]:
    """All maximal bicliques ``(X, Y)`` of a bipartite graph given by its edges.

    Every maximal ``Y`` is an intersection of neighbourhoods of left vertices, and
    ``X`` is then the common neighbourhood of ``Y``.
    """
    neighbours: dict[Any, frozenset] = {}
    for u, v in edges:
        neighbours[u] = neighbours.get(u, frozenset()) | {v}
    family: set[frozenset] = set()
    for hood in neighbours.values():
        family |= {hood} | {other & hood for other in family if other & hood}
    return [(frozenset(u for u, hood in neighbours.items() if ys <= hood), ys) for ys in family]


def _certifier(
    A: Sequence[Sequence[Any]],
    B: Sequence[Sequence[Any]],
    out: Callable[[Any], Number],
    game: StageGame,
) -> Callable[[tuple[Any, ...], tuple[Any, ...]], Equilibrium]:
    """A function giving the certified :class:`Equilibrium` of a strategy pair.

    The pair and the payoffs are in one arithmetic (Fractions, or sympy
    expressions); ``out`` converts the results for display.
    """
    m, n = len(A), len(A[0])
    labels = (game.row_actions, game.col_actions, game.players)

    def certify(x: tuple[Any, ...], y: tuple[Any, ...]) -> Equilibrium:
        row_payoffs = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
        col_payoffs = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
        value = (
            sum(x[i] * row_payoffs[i] for i in range(m)),
            sum(y[j] * col_payoffs[j] for j in range(n)),
        )
        return Equilibrium(
            tuple(out(v) for v in x),
            tuple(out(v) for v in y),
            tuple(out(u) for u in row_payoffs),
            tuple(out(u) for u in col_payoffs),
            (out(value[0]), out(value[1])),
            *labels,
        )

    return certify


def _assemble(
    pairs: Sequence[tuple[tuple[Any, ...], tuple[Any, ...]]],
    certify: Callable[[tuple[Any, ...], tuple[Any, ...]], Equilibrium],
    game: StageGame,
    degenerate: bool,
    ordered: bool,
) -> EquilibriumSet:
    """Certificates, components and maximal Nash subsets for a list of extreme equilibria."""
    if ordered:
        pairs = sorted(pairs, reverse=True)
    equilibria = {(x, y): certify(x, y) for x, y in pairs}
    # connected components of the bipartite graph of equilibrium pairs (union-find)
    parent: dict[Any, Any] = {}

    def root(node: Any) -> Any:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for x, y in pairs:
        parent[root(("row", x))] = root(("col", y))
    groups: dict[Any, list[tuple[Any, Any]]] = {}
    for x, y in pairs:
        groups.setdefault(root(("row", x)), []).append((x, y))
    position = {p: k for k, p in enumerate(pairs)}
    components = []
    for members in groups.values():
        rows = {x: equilibria[x, y].row for x, y in members}
        cols = {y: equilibria[x, y].col for x, y in members}
        subsets = sorted(
            _maximal_bicliques(set(members)),
            key=lambda s: min(position[x, y] for x in s[0] for y in s[1]),
        )
        components.append(
            Component(
                tuple(equilibria[p] for p in members),
                tuple(
                    NashSubset(
                        tuple(rows[x] for x in _in_order(xs, members, 0)),
                        tuple(cols[y] for y in _in_order(ys, members, 1)),
                        game.row_actions,
                        game.col_actions,
                    )
                    for xs, ys in subsets
                ),
            )
        )
    return EquilibriumSet(
        [equilibria[p] for p in pairs],
        components,
        degenerate,
        game.row_actions,
        game.col_actions,
        game.players,
    )


def _in_order(items: frozenset, members: Sequence[tuple[Any, Any]], side: int) -> list[Any]:
    """``items`` in the order they first appear in ``members``."""
    seen = dict.fromkeys(p[side] for p in members)
    return [v for v in seen if v in items]


# --------------------------------------------------------------------------- 2×2 symbolic


@functools.lru_cache(maxsize=1024)
def _zero_substitution(
    differences: tuple[sp.Expr, ...], zeros: tuple[bool, ...]
) -> tuple[tuple[sp.Expr, ...], frozenset[int]]:
    """The differences after eliminating those set to zero, and which zeros are implied.

    Each difference set to zero is solved for one symbol — only when it is affine
    in that symbol with a slope nonzero throughout the domain, so that no solution
    is lost — and the solution is substituted into the others. A zero difference
    that the earlier ones already make zero is reported as implied.
    """
    subs: dict[sp.Symbol, sp.Expr] = {}
    implied: set[int] = set()
    for k, (expr, zero) in enumerate(zip(differences, zeros, strict=True)):
        if not zero:
            continue
        expr = sp.expand(expr.xreplace(subs))
        if expr == 0:
            implied.add(k)
            continue
        for sym in sorted(expr.free_symbols, key=str):
            slope = sp.cancel(sp.diff(expr, sym))
            if sym not in slope.free_symbols and 0 not in _possible_signs(slope):
                solution = sp.cancel(sym - expr / slope)
                subs = {key: v.xreplace({sym: solution}) for key, v in subs.items()}
                subs[sym] = solution
                break
    reduced = tuple(sp.cancel(e.xreplace(subs)) if subs else e for e in differences)
    return reduced, frozenset(implied)


@functools.lru_cache(maxsize=4096)
def _pair_facts(e1: sp.Expr, e2: sp.Expr) -> tuple[int | None, frozenset[int], frozenset[int]]:
    """For two differences: the sign of their ratio if it is a constant, and the
    possible signs of their sum and of their difference."""
    return (
        _constant_ratio_sign(e1, e2),
        _possible_signs(sp.expand(e1 + e2)),
        _possible_signs(sp.expand(e1 - e2)),
    )


def _constant_ratio_sign(e1: sp.Expr, e2: sp.Expr) -> int | None:
    """The sign of ``e1 / e2`` if that ratio is a nonzero constant, else None."""
    ratios = set()
    for point in _sample_points(frozenset(e1.free_symbols | e2.free_symbols)):
        v1, v2 = e1.xreplace(point), e2.xreplace(point)
        if v1.is_finite and v2.is_finite and (v1 != 0 or v2 != 0):
            ratios.add(v1 / v2 if v2 != 0 else sp.zoo)
    if len(ratios) > 1:
        return None  # seen to vary: not a constant
    ratio = sp.cancel(e1 / e2)
    return _sign_of(ratio) if ratio.is_number and ratio != 0 else None


def _consistent(differences: tuple[sp.Expr, ...], signs: Sequence[int]) -> bool:
    """Whether the sign pattern can hold jointly (False only when it provably cannot).

    Each difference, after eliminating the ones signed zero, must be able to take
    its sign; so must the sum of any two signed differences (a sum of two positive
    numbers is positive), and proportional differences must agree.
    """
    reduced, _ = _zero_substitution(differences, tuple(s == 0 for s in signs))
    if any(s not in _possible_signs(e) for e, s in zip(reduced, signs, strict=True)):
        return False
    nonzero = [(e, s) for e, s in zip(reduced, signs, strict=True) if s != 0]
    for (e1, s1), (e2, s2) in combinations(nonzero, 2):
        ratio, total, difference = _pair_facts(e1, e2)
        # s1*e1 + s2*e2 = s1*(e1 + (s1*s2)*e2) must be able to be positive
        if s1 not in (total if s1 * s2 == 1 else difference):
            return False
        if ratio is not None and ratio * s2 != s1:
            return False
    return True


def _piecewise(game: StageGame) -> PiecewiseEquilibria:
    """The equilibria of a symbolic 2×2 game from the signs of its payoff differences.

    Row's advantage of its first action is ``D(q) = q·d0 + (1 − q)·d1`` when the column
    plays its first action with probability ``q`` (``dj = A[0, j] − A[1, j]``); the
    column's is ``E(p) = p·e0 + (1 − p)·e1`` (``ei = B[i, 0] − B[i, 1]``). Extreme
    equilibria lie on the grid {1, 0, interior mix} for each player, and each
    membership test is a sign condition on the four differences.
    """
    to, back = _arithmetic([*game.A, *game.B])
    A = [[to(v) for v in row] for row in game.A.tolist()]
    B = [[to(v) for v in row] for row in game.B.tolist()]
    one, zero = to(sp.Integer(1)), to(sp.Integer(0))
    d0, d1 = (A[0][j] - A[1][j] for j in (0, 1))
    e0, e1 = (B[i][0] - B[i][1] for i in (0, 1))
    differences = tuple(back(d) for d in (d0, d1, e0, e1))
    p_star = e1 / (e1 - e0) if e1 != e0 else None  # makes the column indifferent
    q_star = d1 / (d1 - d0) if d1 != d0 else None  # makes the row indifferent
    possible = [_possible_signs(d) for d in differences]
    certify = functools.cache(_certifier(A, B, back, game))
    found: list[tuple[tuple[frozenset[int], ...], EquilibriumSet]] = []
    for signs in product(*(sorted(s, reverse=True) for s in possible)):
        if not _consistent(differences, signs):
            continue
        s_d0, s_d1, s_e0, s_e1 = signs
        # (kind, probability, sign of the opponent's advantage there) for each grid point
        row_grid = [("pure", one, s_e0), ("pure", zero, s_e1)]
        col_grid = [("pure", one, s_d0), ("pure", zero, s_d1)]
        if s_e0 * s_e1 == -1:
            row_grid.append(("mix", p_star, 0))
        if s_d0 * s_d1 == -1:
            col_grid.append(("mix", q_star, 0))
        pairs = [
            ((p, one - p), (q, one - q))
            for (kind_p, p, column_advantage), (kind_q, q, row_advantage) in product(
                row_grid, col_grid
            )
            if _best(kind_p, p == one, row_advantage) and _best(kind_q, q == one, column_advantage)
        ]
        eqs = _assemble(pairs, certify, game, 0 in signs, ordered=False)
        found.append((tuple(frozenset({s}) for s in signs), eqs))
    regions = _merge_regions(found)
    cases = [Case(_condition(differences, region, possible), eqs) for region, eqs in regions]
    return PiecewiseEquilibria(game, differences, [r for r, _ in regions], cases)


def _best(kind: str, first: bool, advantage: int) -> bool:
    """Whether a grid point is a best response.

    ``kind`` is ``"pure"`` (``first``: the first action) or ``"mix"``; ``advantage``
    is the sign of the first action's payoff minus the second's there.
    """
    if kind == "mix":
        return advantage == 0
    return advantage >= 0 if first else advantage <= 0


def _merge_regions(
    found: list[tuple[tuple[frozenset[int], ...], EquilibriumSet]],
) -> list[tuple[tuple[frozenset[int], ...], EquilibriumSet]]:
    """Join regions with the same answer that differ in the sign of one difference."""
    regions = list(found)
    merged = True
    while merged:
        merged = False
        for (i, (ri, ei)), (j, (rj, ej)) in combinations(enumerate(regions), 2):
            differ = [k for k in range(len(ri)) if ri[k] != rj[k]]
            if ei == ej and len(differ) == 1:
                k = differ[0]
                joined = (*ri[:k], ri[k] | rj[k], *ri[k + 1 :])
                regions[i] = (joined, ei)
                del regions[j]
                merged = True
                break
    return regions


def _condition(
    differences: tuple[sp.Expr, ...],
    region: Sequence[frozenset[int]],
    possible: Sequence[frozenset[int]],
) -> sp.Basic:
    """The region as a conjunction of readable relations, without repeats.

    Relations are stated after eliminating the differences fixed at zero, so that
    ``lam = 1`` turns ``R*lam > I`` into ``R > I``.
    """
    zeros = tuple(r == {0} for r in region)
    reduced, implied = _zero_substitution(differences, zeros)
    relations: dict[sp.Basic, sp.Basic] = {}
    for k, (signs, allowed) in enumerate(zip(region, possible, strict=True)):
        if signs == allowed or k in implied:
            continue
        expr = differences[k] if zeros[k] else reduced[k]
        if _possible_signs(expr) <= signs:
            continue  # implied by the equalities
        relation = _relation(expr, signs)
        relations.setdefault(relation.canonical, relation)
    return sp.And(*relations.values()) if relations else sp.true


# --------------------------------------------------------------------------- stage game


class StageGame:
    """A two-player normal-form game whose payoffs may depend on named parameters.

    Parameters
    ----------
    A, B : array-like
        The row and column player's payoff matrices (same shape, 2-D, non-empty):
        nested lists, numpy arrays or sympy matrices of numbers (int, Fraction,
        float, sympy) or sympy expressions. Symbols are matched by name; a name from
        the parameter table takes the table's symbol and domain.
    row_actions, col_actions : sequence of str, optional
        Action labels (default ``r1, r2, …`` and ``c1, c2, …``).
    players : pair of str
        Player names.

    Raises
    ------
    GameError
        Bad shapes, labels, NaN or infinite payoffs, strings.

    Examples
    --------
    >>> import sympy as sp
    >>> from gametheory_cluster.games import StageGame
    >>> x = sp.Symbol("x")
    >>> game = StageGame([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> game.parameters
    ['x']
    >>> game.payoffs(x=2)[0]
    Matrix([
    [2, 0],
    [0, 1]])
    >>> [(eq.row, eq.col) for eq in game.equilibria(x=2)]
    [((1, 0), (1, 0)), ((1/2, 1/2), (1/3, 2/3)), ((0, 1), (0, 1))]
    """

    def __init__(
        self,
        A: Any,
        B: Any,
        row_actions: Sequence[str] | None = None,
        col_actions: Sequence[str] | None = None,
        players: Sequence[str] = ("row", "column"),
    ) -> None:
        a, b = _coerce_matrix(A, "A"), _coerce_matrix(B, "B")
        shape_a, shape_b = (len(a), len(a[0])), (len(b), len(b[0]))
        if shape_a != shape_b:
            raise GameError(
                f"payoff matrices have different shapes: A is {shape_a}, B is {shape_b}"
            )
        mapping = _canonical_symbols([e for row in a + b for e in row])
        self._A = sp.ImmutableMatrix(a).xreplace(mapping)
        self._B = sp.ImmutableMatrix(b).xreplace(mapping)
        self._row_actions = _labels(row_actions, shape_a[0], "row action", "r")
        self._col_actions = _labels(col_actions, shape_a[1], "column action", "c")
        self._players = _labels(players, 2, "player", "player ")

    # -- description
    @property
    def A(self) -> sp.ImmutableMatrix:
        """The row player's payoffs."""
        return self._A

    @property
    def B(self) -> sp.ImmutableMatrix:
        """The column player's payoffs."""
        return self._B

    @property
    def shape(self) -> tuple[int, int]:
        """``(number of row actions, number of column actions)``."""
        return self._A.shape

    @property
    def row_actions(self) -> tuple[str, ...]:
        """The row player's action labels."""
        return self._row_actions

    @property
    def col_actions(self) -> tuple[str, ...]:
        """The column player's action labels."""
        return self._col_actions

    @property
    def players(self) -> tuple[str, str]:
        """The two players' names."""
        return self._players  # type: ignore[return-value]

    @property
    def parameters(self) -> list[str]:
        """Sorted names of the parameters the payoffs depend on."""
        return sorted(s.name for s in self._symbols())

    def _symbols(self) -> set[sp.Symbol]:
        return self._A.free_symbols | self._B.free_symbols

    def _has_float(self) -> bool:
        return _has_float(self._A) or _has_float(self._B)

    # -- instantiation
    def payoffs(self, **values: Any) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
        """The payoff matrices with the given parameter values substituted.

        Values are checked against the parameters' domains; parameters not given
        stay symbolic.

        Raises
        ------
        UnknownParameterError
            A name the game does not use (the valid names are listed).
        DomainError
            A value outside its parameter's domain.
        """
        return self._substituted(_validate_values(values, self._symbols(), "this game"))

    def _substituted(
        self, checked: Mapping[str, Value]
    ) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
        if not checked:
            return self._A, self._B
        return (
            self._A.applyfunc(lambda e: _substitute(e, checked)),
            self._B.applyfunc(lambda e: _substitute(e, checked)),
        )

    def _numeric(
        self, checked: Mapping[str, Value]
    ) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
        A, B = self._substituted(checked)
        if A.free_symbols or B.free_symbols:
            raise _missing([*A, *B], "a numeric answer")
        return A, B

    def to_nashpy(self, **values: Any) -> Any:
        """A :class:`nashpy.Game` with float payoffs at the given values.

        Examples
        --------
        >>> from gametheory_cluster.games import StageGame
        >>> StageGame([[1, 2], [3, 4]], [[0, 0], [1, 1]]).to_nashpy().payoff_matrices[0]
        array([[1., 2.],
               [3., 4.]])
        """
        import nashpy

        A, B = self._numeric(_validate_values(values, self._symbols(), "this game"))
        return nashpy.Game(np.array(A.tolist(), dtype=float), np.array(B.tolist(), dtype=float))

    # -- equilibria
    def equilibria(self, **values: Any) -> EquilibriumSet | PiecewiseEquilibria:
        """All Nash equilibria: extreme points, components and maximal Nash subsets.

        With every parameter given (or none to give), the answer is an
        :class:`EquilibriumSet`, exact when the payoffs and values are exact and in
        floats when any is a float. A 2×2 game with parameters left free gives a
        :class:`PiecewiseEquilibria` (one case per parameter region).

        Raises
        ------
        MissingParameterError
            Free parameters left in a game larger than 2×2.
        UnknownParameterError, DomainError
            Bad names or values.
        GameError
            Irrational exact payoffs (give floats instead).
        """
        checked = _validate_values(values, self._symbols(), "this game")
        A, B = self._substituted(checked)
        if A.free_symbols or B.free_symbols:
            if self.shape != (2, 2):
                raise _missing(
                    [*A, *B], f"the equilibria of a {self.shape[0]}×{self.shape[1]} game"
                )
            return _piecewise(self._with(A, B))
        floating = self._has_float() or any(isinstance(v, float) for v in checked.values())
        Af, Bf = _fraction_matrix(A, "A"), _fraction_matrix(B, "B")
        pairs, degenerate = _extreme_equilibria(Af, Bf)
        certify = _certifier(Af, Bf, lambda v: _number_out(v, floating), self)
        return _assemble(pairs, certify, self, degenerate, ordered=True)

    def _with(self, A: sp.ImmutableMatrix, B: sp.ImmutableMatrix) -> StageGame:
        return StageGame(A, B, self.row_actions, self.col_actions, self.players)

    # -- rendering
    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(shape={self.shape}, players={self.players}, "
            f"row_actions={self.row_actions}, col_actions={self.col_actions}, "
            f"parameters={self.parameters})"
        )

    def __str__(self) -> str:
        cells = [
            [f"{sp.sstr(self._A[i, j])}, {sp.sstr(self._B[i, j])}" for j in range(self.shape[1])]
            for i in range(self.shape[0])
        ]
        first = max(len(a) for a in self.row_actions)
        widths = [
            max(len(self.col_actions[j]), *(len(row[j]) for row in cells))
            for j in range(self.shape[1])
        ]
        header = (
            " " * first
            + " | "
            + " | ".join(c.ljust(w) for c, w in zip(self.col_actions, widths, strict=True))
        )
        lines = [f"{self.players[0]} (rows) vs {self.players[1]} (columns)", header]
        lines += [
            a.ljust(first)
            + " | "
            + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
            for a, row in zip(self.row_actions, cells, strict=True)
        ]
        return "\n".join(line.rstrip() for line in lines)

    def latex(self) -> str:
        """The bimatrix as a LaTeX ``array`` (row payoff, column payoff in each cell)."""
        head = " & ".join(rf"\text{{{a}}}" for a in self.col_actions)
        body = r" \\ ".join(
            rf"\text{{{a}}} & "
            + " & ".join(
                rf"{sp.latex(self._A[i, j])},\ {sp.latex(self._B[i, j])}"
                for j in range(self.shape[1])
            )
            for i, a in enumerate(self.row_actions)
        )
        return (
            rf"\begin{{array}}{{r|{'c' * self.shape[1]}}} & {head} \\ \hline {body} \end{{array}}"
        )

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: labels, payoffs as strings (floats stay floats), parameters."""

        def plain(matrix: sp.ImmutableMatrix) -> list[list[str | float]]:
            return [
                [float(v) if isinstance(v, sp.Float) else sp.sstr(v) for v in row]
                for row in matrix.tolist()
            ]

        return {
            "players": list(self.players),
            "row_actions": list(self.row_actions),
            "col_actions": list(self.col_actions),
            "A": plain(self._A),
            "B": plain(self._B),
            "parameters": self.parameters,
        }


# --------------------------------------------------------------------------- game trees


class Leaf:
    """A terminal node: one payoff per player (numbers or sympy expressions).

    Examples
    --------
    >>> from gametheory_cluster.games import Leaf
    >>> Leaf((1, 2)).payoffs
    (1, 2)
    """

    def __init__(self, payoffs: Sequence[Any]) -> None:
        if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence) or not payoffs:
            raise GameError(f"a leaf needs a non-empty sequence of payoffs, got {payoffs!r}")
        self.payoffs: tuple[sp.Expr, ...] = tuple(
            _coerce_entry(v, f"leaf payoff {k}") for k, v in enumerate(payoffs)
        )

    def __repr__(self) -> str:
        return f"Leaf({', '.join(sp.sstr(v) for v in self.payoffs)})"


class Decision:
    """A decision node: the player who moves and the child reached by each action.

    Children are :class:`Decision` or :class:`Leaf` nodes, or payoff tuples (made
    into leaves). ``name`` labels the node in strategies; by default it is the
    sequence of actions leading to it (``"root"`` for the root).

    Examples
    --------
    >>> from gametheory_cluster.games import Decision
    >>> node = Decision("bank", {"Lend": (1, 1), "Refuse": (0, 0)})
    >>> node.actions
    ('Lend', 'Refuse')
    """

    def __init__(
        self,
        player: str,
        moves: Mapping[str, Decision | Leaf | Sequence[Any]],
        name: str | None = None,
    ) -> None:
        if not isinstance(player, str) or not player:
            raise GameError(f"a decision node's player must be a non-empty string, got {player!r}")
        if not isinstance(moves, Mapping) or not moves:
            raise GameError(f"{player}'s decision node needs at least one action")
        for action in moves:
            if not isinstance(action, str) or not action:
                raise GameError(f"actions must be non-empty strings, got {action!r}")
        if name is not None and (not isinstance(name, str) or not name):
            raise GameError(f"a node name must be a non-empty string, got {name!r}")
        self.player = player
        self.name = name
        self.moves: dict[str, Decision | Leaf] = {
            action: child if isinstance(child, (Decision, Leaf)) else Leaf(child)
            for action, child in moves.items()
        }

    @property
    def actions(self) -> tuple[str, ...]:
        """The actions available at this node."""
        return tuple(self.moves)

    def __repr__(self) -> str:
        return f"Decision({self.player!r}, {self.moves!r})"


@dataclass(frozen=True)
class SubgamePerfectEquilibrium:
    """A subgame-perfect equilibrium: an action at every decision node.

    Attributes
    ----------
    strategy : dict
        ``{node name: action}`` for every decision node, in tree order.
    movers : dict
        ``{node name: player}``.
    path : tuple of str
        The actions played on the equilibrium path.
    payoffs : tuple
        The payoffs at the outcome.
    players : tuple of str

    Examples
    --------
    >>> from gametheory_cluster.games import Decision, GameTree
    >>> (spe,) = GameTree(Decision("A", {"L": (1, 0), "R": (0, 1)}), players=("A", "B")).solve()
    >>> spe.strategy, spe.path, spe.payoffs
    ({'root': 'L'}, ('L',), (1, 0))
    >>> spe.to_dict()["payoffs"]
    ['1', '0']
    """

    strategy: dict[str, str]
    movers: dict[str, str]
    path: tuple[str, ...]
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]

    def of(self, player: str) -> dict[str, str]:
        """One player's strategy: ``{node name: action}`` at the nodes where it moves."""
        if player not in self.players:
            raise GameError(f"unknown player {player!r}; players: {', '.join(self.players)}")
        return {node: a for node, a in self.strategy.items() if self.movers[node] == player}

    def __str__(self) -> str:
        moves = "; ".join(f"{self.movers[n]} at {n}: {a}" for n, a in self.strategy.items())
        payoffs = ", ".join(_text(v) for v in self.payoffs)
        return f"{moves} — path {' → '.join(self.path)}, payoffs ({payoffs})"

    def __repr__(self) -> str:
        payoffs = ", ".join(_text(v) for v in self.payoffs)
        return f"SubgamePerfectEquilibrium({self.strategy!r}, payoffs=({payoffs}))"

    def latex(self) -> str:
        """The strategy profile and outcome in LaTeX."""
        moves = r",\ ".join(
            rf"\text{{{self.movers[n]} at {n}: {a}}}" for n, a in self.strategy.items()
        )
        payoffs = ", ".join(_tex(v) for v in self.payoffs)
        return rf"\left({moves}\right),\quad u = \left({payoffs}\right)"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return {
            "strategy": dict(self.strategy),
            "movers": dict(self.movers),
            "path": list(self.path),
            "payoffs": [_plain(v) for v in self.payoffs],
        }


class GameTree:
    """A finite extensive-form game with perfect information.

    Parameters
    ----------
    root : Decision or Leaf
        The root node.
    players : sequence of str, optional
        The players, in the order of the payoff tuples (default: in order of first
        appearance, breadth first).

    Examples
    --------
    >>> from gametheory_cluster.games import Decision, GameTree
    >>> tree = GameTree(Decision("A", {"In": Decision("B", {"Fight": (-1, -1), "Share": (1, 1)}),
    ...                               "Out": (0, 2)}))
    >>> [str(spe) for spe in tree.solve()]
    ['A at root: In; B at In: Share — path In → Share, payoffs (1, 1)']
    """

    def __init__(self, root: Decision | Leaf, players: Sequence[str] | None = None) -> None:
        if not isinstance(root, (Decision, Leaf)):
            raise GameError(f"the root must be a Decision or a Leaf, got {type(root).__name__}")
        self.root = root
        self._nodes: list[tuple[tuple[str, ...], Decision | Leaf]] = []
        queue: list[tuple[tuple[str, ...], Decision | Leaf]] = [((), root)]
        while queue:
            path, node = queue.pop(0)
            self._nodes.append((path, node))
            if isinstance(node, Decision):
                queue.extend(((*path, a), child) for a, child in node.moves.items())
        movers = [n.player for _, n in self._nodes if isinstance(n, Decision)]
        if players is None:
            players = list(dict.fromkeys(movers))
        self.players = _labels(players, len(players), "player", "player ")
        for name in movers:
            if name not in self.players:
                raise GameError(f"player {name!r} moves but is not in players {self.players}")
        self._names: dict[tuple[str, ...], str] = {}
        for path, node in self._nodes:
            if isinstance(node, Leaf):
                if len(node.payoffs) != len(self.players):
                    raise GameError(
                        f"the leaf after {' → '.join(path) or 'the root'} has "
                        f"{len(node.payoffs)} payoffs for {len(self.players)} players"
                    )
                continue
            name = node.name or (" → ".join(path) if path else "root")
            if name in self._names.values():
                raise GameError(f"two decision nodes are named {name!r}")
            self._names[path] = name
        leaves = [e for _, n in self._nodes if isinstance(n, Leaf) for e in n.payoffs]
        self._mapping = _canonical_symbols(leaves)

    @property
    def parameters(self) -> list[str]:
        """Sorted names of the parameters in the payoffs."""
        return sorted(s.name for s in self._symbols())

    def _symbols(self) -> set[sp.Symbol]:
        return {
            self._mapping.get(s, s)
            for _, n in self._nodes
            if isinstance(n, Leaf)
            for e in n.payoffs
            for s in e.free_symbols
        }

    def _payoffs(self, leaf: Leaf, values: Mapping[str, Value]) -> tuple[sp.Expr, ...]:
        return tuple(_substitute(e.xreplace(self._mapping), values) for e in leaf.payoffs)

    def solve(self, **values: Any) -> list[SubgamePerfectEquilibrium]:
        """All subgame-perfect equilibria, by backward induction.

        Every comparison must be decided: by the values given, or by the
        parameters' domains (so some trees solve with no values at all). Ties give
        several equilibria.

        Raises
        ------
        MissingParameterError
            A comparison that depends on parameters without values.
        """
        checked = _validate_values(values, self._symbols(), "this game tree")
        floating = any(isinstance(v, float) for v in checked.values()) or any(
            _has_float(e) for _, n in self._nodes if isinstance(n, Leaf) for e in n.payoffs
        )
        solutions = self._backward(self.root, (), checked)
        order = [path for path, n in self._nodes if isinstance(n, Decision)]
        result = []
        for choice, payoffs in solutions:
            path: list[str] = []
            node = self.root
            while isinstance(node, Decision):
                action = choice[tuple(path)]
                path.append(action)
                node = node.moves[action]
            result.append(
                SubgamePerfectEquilibrium(
                    {self._names[p]: choice[p] for p in order},
                    {self._names[p]: self._node(p).player for p in order},
                    tuple(path),
                    tuple(_output(v, floating) for v in payoffs),
                    self.players,
                )
            )
        return result

    def _node(self, path: tuple[str, ...]) -> Decision:
        node = self.root
        for action in path:
            node = node.moves[action]  # type: ignore[union-attr]
        return node  # type: ignore[return-value]

    def _backward(
        self, node: Decision | Leaf, path: tuple[str, ...], values: Mapping[str, Value]
    ) -> list[tuple[dict[tuple[str, ...], str], tuple[sp.Expr, ...]]]:
        """Every SPE of the subgame at ``node``: (action at each node, payoffs)."""
        if isinstance(node, Leaf):
            return [({}, self._payoffs(node, values))]
        mover = self.players.index(node.player)
        below = [self._backward(child, (*path, a), values) for a, child in node.moves.items()]
        result = []
        for combination in product(*below):
            outcomes = dict(zip(node.actions, (payoffs for _, payoffs in combination), strict=True))
            merged: dict[tuple[str, ...], str] = {}
            for choice, _ in combination:
                merged.update(choice)
            for action in self._best_actions(outcomes, mover, path):
                result.append(({path: action, **merged}, outcomes[action]))
        return result

    def _best_actions(
        self, outcomes: Mapping[str, tuple[sp.Expr, ...]], mover: int, path: tuple[str, ...]
    ) -> list[str]:
        best: list[str] = []
        for action, payoffs in outcomes.items():
            if not best:
                best = [action]
                continue
            difference = sp.expand(payoffs[mover] - outcomes[best[0]][mover])
            signs = _possible_signs(difference)
            if len(signs) != 1:
                where = self._names[path]
                raise MissingParameterError(
                    f"{self.players[mover]}'s choice at {where!r} between {best[0]!r} and "
                    f"{action!r} depends on the sign of {difference}; give values for: "
                    f"{', '.join(sorted(s.name for s in difference.free_symbols))}"
                )
            (sign,) = signs
            if sign > 0:
                best = [action]
            elif sign == 0:
                best.append(action)
        return best

    def __repr__(self) -> str:
        return f"GameTree(players={self.players}, parameters={self.parameters})"

    def _terminal(self) -> list[tuple[tuple[str, ...], Leaf]]:
        return [(p, n) for p, n in self._nodes if isinstance(n, Leaf)]

    def __str__(self) -> str:
        lines = [f"game tree, players {', '.join(self.players)}"]
        for path, leaf in self._terminal():
            payoffs = ", ".join(sp.sstr(e.xreplace(self._mapping)) for e in leaf.payoffs)
            lines.append(f"  {' → '.join(path) or '(root)'}: ({payoffs})")
        return "\n".join(lines)

    def latex(self) -> str:
        """The terminal histories and their payoffs as a LaTeX ``array``."""
        head = " & ".join([r"\text{history}", *(rf"\text{{{p}}}" for p in self.players)])
        body = r" \\ ".join(
            " & ".join(
                [rf"\text{{{', '.join(path) or 'root'}}}"]
                + [sp.latex(e.xreplace(self._mapping)) for e in leaf.payoffs]
            )
            for path, leaf in self._terminal()
        )
        return (
            rf"\begin{{array}}{{l{'c' * len(self.players)}}} {head} \\ \hline {body} \end{{array}}"
        )

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: the nested tree."""

        def plain(node: Decision | Leaf) -> dict[str, Any]:
            if isinstance(node, Leaf):
                return {
                    "payoffs": [
                        _plain(_output(e.xreplace(self._mapping), False)) for e in node.payoffs
                    ]
                }
            return {"player": node.player, "moves": {a: plain(c) for a, c in node.moves.items()}}

        return {"players": list(self.players), "root": plain(self.root)}


def _output(value: sp.Expr, floating: bool) -> Number:
    """A payoff for display: a float when the inputs were floats and it is a number."""
    if value.free_symbols:
        return value
    return float(value) if floating or isinstance(value, sp.Float) else value
