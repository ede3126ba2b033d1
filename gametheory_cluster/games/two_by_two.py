r"""Symbolic 2×2 games: the equilibria case by case over the parameter space.

Let :math:`d_j = A_{0j} - A_{1j}` and :math:`e_i = B_{i0} - B_{i1}` be the four payoff
differences. Row's advantage of its first action is :math:`D(q) = q d_0 + (1 - q) d_1`
when the column plays its first action with probability :math:`q`; the column's is
:math:`E(p) = p e_0 + (1 - p) e_1`. Extreme equilibria lie on the grid
:math:`\{1, 0, \text{interior mix}\}` for each player — the mix
:math:`p^* = e_1 / (e_1 - e_0)` makes the column indifferent, :math:`q^* = d_1 / (d_1 -
d_0)` the row — and whether a grid point is a best response is a condition on the
signs of :math:`d_0, d_1, e_0, e_1`.

So every sign pattern that the parameters' domains allow has one answer, valid
throughout its region. Patterns that cannot hold jointly are dropped, neighbouring
regions with the same answer are merged, and each region is stated as readable
relations (``R > I``): a :class:`PiecewiseEquilibria` of :class:`Case` ``(condition,
equilibria)``.

See docs/explanation/stage_games.md.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from itertools import combinations, product
from typing import TYPE_CHECKING, Any, NamedTuple

import sympy as sp

from ..algebra import plain, tidy
from ..algebra.signs import _sample_points, _sign_of
from ..algebra.signs import possible_signs as _possible_signs
from ..errors import GameError, MissingParameterError
from ._coerce import (
    _fraction_matrix,
    _has_float,
    _missing,
    _number_out,
    _simplify,
    _substitute,
    _to_fraction,
    _validate_values,
)
from .enumeration import _assemble, _certifier
from .results import Component, Equilibrium, EquilibriumSet

if TYPE_CHECKING:
    from .normal_form import StageGame

__all__ = ["Case", "PiecewiseEquilibria"]


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

    def _one_case(self, what: str) -> MissingParameterError:
        return MissingParameterError(
            f"the {what} depend on {', '.join(self.parameters)}: give values "
            f"(game.equilibria({self.parameters[0]}=...), or .at(...) here) or read the "
            f"{len(self.cases)} cases (for case in ...: case.condition, case.equilibria)"
        )

    @property
    def extreme_points(self) -> list[Equilibrium]:
        """Not one list: the extreme equilibria differ by case (raises, saying what to do).

        There so that ``game.equilibria(**values).extreme_points`` type-checks whatever
        the game; with every parameter given the answer is an :class:`EquilibriumSet`.
        """
        raise self._one_case("extreme equilibria")

    @property
    def components(self) -> list[Component]:
        """Not one list: the components differ by case (raises, saying what to do)."""
        raise self._one_case("components")

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
        return plain({
            "parameters": self.parameters,
            "cases": [
                {
                    "condition": sp.sstr(c.condition),
                    "condition_latex": sp.latex(c.condition),
                    "equilibria": c.equilibria.to_dict(),
                }
                for c in self.cases
            ],
        })


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
    return field.from_expr, functools.cache(lambda f: tidy(f.as_expr()))


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
