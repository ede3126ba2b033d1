r"""Solve a set of incentive constraints for one parameter: thresholds, exact or numeric.

Given constraints :math:`g_k(x, \theta) \ge 0` derived by the engine, a *threshold*
in the parameter :math:`x` is the boundary of the set of :math:`x` (inside its
domain) where all of them hold, together with the direction in which they hold.

* With every other parameter given, the set is computed exactly (sympy's
  univariate inequality solver on exact numbers; floats are turned into the exact
  rationals they are, and the answer back into floats). Integer parameters give
  the smallest (or largest) whole number that works.
* With parameters left free, the threshold is the root of the binding
  constraint's boundary, a sympy expression; the direction is proved where the
  domains allow (:func:`gametheory_cluster.algebra.sign`) and otherwise stated
  with the condition it needs (``valid_when``). Constraints without :math:`x`
  become side conditions (``requires``).
* A set that is empty raises :class:`~gametheory_cluster.errors.NoSolutionError`
  naming the constraint that cannot hold; a set that is the whole domain reports
  the domain's edge with the reason.

Examples
--------
>>> from gametheory_cluster.automata import Constraint
>>> from gametheory_cluster.parameters import symbols
>>> delta, R, Y, w = symbols("delta R Y w")
>>> ic = Constraint("honest", "sme", "Repay", "Default", (delta * (Y - w) - R) / (1 - delta))
>>> solve_threshold([ic], "delta", {"Y": 150, "R": 110, "w": 0})
Threshold(δ ≥ 11/15 ≈ 0.733)
>>> solve_threshold([ic], "delta", {})
Threshold(δ ≥ R/(Y - w), valid when Y > w)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.solvers.solvers import check_assumptions

from . import notation
from .algebra import forms, nearest_rational, orient, plain, sign, tidy
from .automata import Constraint
from .errors import DomainError, NoSolutionError, SolveError
from .parameters import PARAMETERS, Value, is_exact

__all__ = ["Step", "Threshold", "as_nonnegative", "solve_threshold"]

_REAL_LINE = sp.Interval(-sp.oo, sp.oo)


@dataclass(frozen=True)
class Threshold:
    """The boundary of the region where a set of constraints holds, in one parameter.

    Attributes
    ----------
    parameter : str
        The parameter solved for.
    value : number or sympy expression or None
        The boundary (``None`` when the region is bounded on both sides: see ``region``).
    direction : {">=", "<=", "within"}
        The constraints hold for ``parameter direction value``.
    region : sympy Set or None
        The exact set of values that work (numeric case).
    binding : Constraint or None
        The constraint whose boundary is the threshold.
    requires : tuple of sympy relationals
        Side conditions that do not involve the parameter but must also hold.
    valid_when : tuple of sympy relationals
        Conditions under which the direction holds (symbolic case, when unproved).
    reason : str
        Why the value sits at the domain's edge, when it does.
    steps : tuple of Step
        The algebra from the binding constraint to the threshold (closed-form case).
    boundary : number or sympy expression or None
        The real-valued edge of the region. For a whole-number parameter (``T``,
        ``N``) ``value`` is the first whole number that works and ``boundary`` the
        real number where the constraints start (or stop) holding: ``T >= 4``
        because ``T >= 3.46…``. For a continuous parameter it equals ``value``;
        ``None`` when the region is two-sided or the edge is not known.
    """

    parameter: str
    value: Any
    direction: str
    region: sp.Set | None = None
    binding: Constraint | None = None
    requires: tuple[Any, ...] = ()
    valid_when: tuple[Any, ...] = ()
    reason: str = ""
    exact: bool = True
    integer: bool = False
    steps: tuple[Step, ...] = field(default=(), compare=False)
    boundary: Any = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.boundary is None and not self.integer and self.value is not None:
            object.__setattr__(self, "boundary", self.value)

    def __float__(self) -> float:
        if self.value is None:
            raise SolveError(f"the region for {self.parameter} is two-sided: {self.region}")
        return float(self.value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Threshold):
            return (self.parameter, self.value, self.direction) == (
                other.parameter,
                other.value,
                other.direction,
            )
        if self.value is None:
            return False
        if isinstance(other, (int, float, Fraction)) and not isinstance(other, bool):
            other = sp.Rational(other) if not isinstance(other, float) else other
        if not isinstance(other, (sp.Basic, float)):
            return NotImplemented  # never parse text: "11/15" is not a number here
        return bool(sp.simplify(sp.sympify(self.value) - other) == 0)

    def __hash__(self) -> int:
        return hash((self.parameter, str(self.value), self.direction))

    @property
    def condition(self) -> Any:
        """The condition as a sympy relational (or set membership)."""
        x = sp.Symbol(self.parameter)
        if self.direction == ">=":
            return sp.Ge(x, self.value, evaluate=False)
        if self.direction == "<=":
            return sp.Le(x, self.value, evaluate=False)
        return sp.Contains(x, self.region, evaluate=False)

    def _head(self, render: Any, latex_form: bool = False) -> str:
        """The condition itself: ``δ ≥ 11/15 ≈ 0.733`` (``render``: text or LaTeX)."""
        x = sp.Symbol(self.parameter)
        name = render(x)
        if self.direction == "within":
            member = r"\in" if latex_form else "∈"
            return f"{name} {member} {render(self.region)}"
        rel = {">=": (r"\ge", "≥"), "<=": (r"\le", "≤")}[self.direction][not latex_form]
        head = f"{name} {rel} {_shown(self.value, self.valid_when, latex_form)}"
        if self.integer and self.boundary is not None and self.boundary != self.value:
            edge = _shown(self.boundary, self.valid_when, latex_form)
            head += (rf" \quad (\text{{real boundary }} {name} {rel} {edge})" if latex_form
                     else f" (real boundary {name} {rel} {edge})")
        return head

    def __str__(self) -> str:
        """The condition as a paper writes it, with its side conditions.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> print(gc.RepeatedLending(exit_cost=True, cluster_rent=True).threshold("delta"))
        δ ≥ (R - C)/(Y + s - w - C), valid when Y + s > w + C, requires R ≥ I
        """
        extras = []
        if self.valid_when:
            extras.append("valid when " + " and ".join(notation.text(c) for c in self.valid_when))
        if self.requires:
            extras.append("requires " + " and ".join(notation.text(c) for c in self.requires))
        if self.reason:
            extras.append(self.reason)
        return ", ".join([self._head(lambda e: notation.text(e, self.valid_when)), *extras])

    def __repr__(self) -> str:
        return f"Threshold({self})"

    def latex(self) -> str:
        r"""The condition in LaTeX, with its side conditions (``valid_when``, ``requires``).

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).latex()
        '\\delta \\ge \\frac{11}{15} \\approx 0.733 \\quad \\text{requires } I \\le 110'
        """
        body = self._head(lambda e: notation.latex(e, self.valid_when), latex_form=True)
        if self.valid_when:
            body += r" \quad \text{if } " + r" \wedge ".join(
                notation.latex(c) for c in self.valid_when
            )
        if self.requires:
            body += r" \quad \text{requires } " + r" \wedge ".join(
                notation.latex(c) for c in self.requires
            )
        if self.reason:
            body += rf" \quad \text{{({self.reason})}}"
        return body

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: numbers as numbers, the exact value beside (``value_exact``).

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> data = gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).to_dict()
        >>> data["value"], data["value_exact"], data["condition"], data["requires"]
        (0.7333333333333333, '11/15', 'δ ≥ 11/15 ≈ 0.733', ['I ≤ 110'])
        """
        return plain(
            {
                "parameter": self.parameter,
                "value": self.value,
                "direction": self.direction,
                "condition": self._head(lambda e: notation.text(e, self.valid_when)),
                "region": None if self.region is None else sp.sstr(self.region),
                "binding": self.binding.label if self.binding else None,
                "binding_description": self.binding.description if self.binding else None,
                "requires": [notation.text(c) for c in self.requires],
                "valid_when": [notation.text(c) for c in self.valid_when],
                "reason": self.reason,
                "boundary": self.boundary,
                "exact": self.exact,
            }
        )


def _shown(value: Any, assume: Sequence[Any], latex_form: bool) -> str:
    """A threshold's value: exact with its decimal (``11/15 ≈ 0.733``), or the expression."""
    if value is None:
        return "?"
    if isinstance(value, sp.Basic) and value.free_symbols:
        return notation.latex(value, assume) if latex_form else notation.text(value, assume)
    if not latex_form:
        return notation.number(value)
    shown, described = notation.latex(value), notation.number(value)
    if "≈" in described:
        return rf"{shown} \approx {described.split('≈')[1].strip()}"
    if " = " in described:
        return f"{shown} = {described.split(' = ')[1]}"
    return shown


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


def _approximate(value: Any) -> float | None:
    """``value`` as a float when it is a number (``None`` otherwise)."""
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _domain(name: str) -> tuple[sp.Interval, bool]:
    p = PARAMETERS.get(name)
    return (p.domain, p.integer) if p else (_REAL_LINE, False)


def _exact(values: Mapping[str, Value]) -> tuple[dict[str, sp.Expr], bool]:
    """Values as exact sympy numbers, and whether all were exact to begin with.

    A float becomes the nearest fraction with a denominator up to 10**12 (its
    error is far below float precision, and the answer goes back to float), so
    that exact algebra on float inputs stays fast.
    """
    exact = all(is_exact(v) for v in values.values())
    return {
        k: nearest_rational(v) if isinstance(v, float) else sp.sympify(v) for k, v in values.items()
    }, exact


def _named(expr: sp.Expr, name: str) -> sp.Symbol | None:
    return next((s for s in expr.free_symbols if s.name == name), None)


def solve_threshold(
    constraints: Sequence[Constraint], name: str, values: Mapping[str, Value]
) -> Threshold:
    """Solve ``constraints`` (all ``slack >= 0``) for the parameter ``name``.

    ``values`` are already validated (see :func:`gametheory_cluster.parameters.validate`).
    A whole number above :data:`~gametheory_cluster.algebra.forms.MAX_EXPANDED_EXPONENT`
    that enters only as an exponent (a lag or a duration: ``delta**L``) is kept as a
    symbol while solving and put in at the end, so the answer comes from the closed
    form in it; where there is no closed form,
    :class:`~gametheory_cluster.errors.SolveError` says so at once.
    """
    if name in values:
        raise DomainError(f"{name} is the parameter to solve for; do not also give it a value")
    exact_values, exact = _exact(values)
    kept = _exponents(constraints, exact_values)
    for s in kept:
        del exact_values[s.name]
    subs = [(c, sp.sympify(c.slack)) for c in constraints]
    subs = [
        (c, e.xreplace({s: exact_values[s.name] for s in e.free_symbols if s.name in exact_values}))
        for c, e in subs
    ]
    involved, requires = [], []
    for c, e in subs:
        if _named(e, name) is not None:
            involved.append((c, e))
        elif not e.free_symbols - set(kept):
            if (_number_sign(_put(e, kept)) if kept else e) < 0:
                raise NoSolutionError(_fails_whatever(c, name, _put(e, kept)))
        elif sign(e) not in (0, 1):
            condition = sp.Ge(_put(tidy(e), kept), 0)
            if condition is sp.false:
                raise NoSolutionError(_fails_whatever(c, name, condition))
            if condition is not sp.true:
                requires.append(condition)
    if not involved:
        raise NoSolutionError(f"no constraint involves {name}: it does not affect the outcome")
    free = set().union(*(e.free_symbols for _, e in involved)) - set(kept)
    try:
        if len(free) > 1:
            return _put_threshold(_symbolic(involved, name, tuple(requires)), kept)
        if kept:
            result = replace(_numeric_exponents(involved, name, kept), requires=tuple(requires))
        else:
            result = replace(_numeric(involved, name), requires=tuple(requires))
    except SolveError as err:
        if not kept:
            raise
        raise SolveError(_too_long(kept, f"and {str(err).split(';')[0]} with it")) from None
    return result if exact else _as_float(result)


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


# ------------------------------------------------------------------ numeric path
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


def _as_float(t: Threshold) -> Threshold:
    value = None if t.value is None else float(t.value) if not t.integer else int(t.value)
    boundary = _approximate(t.boundary)
    return replace(t, value=value, exact=False, boundary=boundary)


# ----------------------------------------------------------------- symbolic path
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
class Step:
    """One line of a derivation; it follows from the line before.

    ``claim`` is a sympy relational. ``reason`` names the move: ``"constraint"``,
    ``"clear_denominator"``, ``"drop_positive"``, ``"isolate"``, ``"invert"``,
    ``"root"`` or ``"integer"``. When ``factor`` is set, the claim's
    ``lhs - rhs`` (``rhs - lhs`` for ``<=``) equals ``factor`` times the previous
    line's, with ``factor > 0`` (proved, or under the threshold's ``valid_when``).
    """

    claim: Any
    reason: str
    factor: Any = None


def as_nonnegative(claim: Any) -> sp.Expr:
    """The expression ``e`` with ``claim`` equivalent to ``e >= 0``."""
    if isinstance(claim, sp.GreaterThan):
        return claim.lhs - claim.rhs
    if isinstance(claim, sp.LessThan):
        return claim.rhs - claim.lhs
    raise TypeError(f"not a >= or <= relation: {claim}")


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
