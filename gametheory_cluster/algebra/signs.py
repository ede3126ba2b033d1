r"""Signs of expressions over parameter domains: every sign argument of the toolkit.

Three questions, one module:

* :func:`sign` — *prove* the sign of an expression over the parameter table's
  domains (a sufficient test: ``None`` means "not proved", never "wrong"). Every
  parameter is mapped onto free positive variables — :math:`x = t/(1+t)` for a
  probability or discount factor, :math:`x = k + t` for an integer at least
  :math:`k` — and a numerator and denominator whose polynomial coefficients all
  share one sign settle it.
* :class:`Domains` — the same proof for a model's own symbols, with declared
  intervals and assumptions such as ``Ybar - u > C``.
* :func:`possible_signs` — a *superset* of the signs an expression takes (for
  case analysis: the 2×2 stage games, backward induction). A polynomial seen to
  take both signs at fixed sample points takes every sign; otherwise sympy's
  assumptions decide, after each bounded parameter in which the expression is
  affine is replaced by the ends of its domain (an affine function on a box is a
  convex combination of its corner values). Sample points come from a seeded
  generator, never from global state.

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> delta, lam, R, Y, w = symbols("delta lam R Y w")
>>> sign(1 - delta), sign(R * (1 - lam)), sign(Y - w)
(1, 1, None)
>>> sorted(possible_signs(Y - w)), sorted(possible_signs(R * (1 - lam)))
([-1, 0, 1], [0, 1])
"""

from __future__ import annotations

import functools
import os
import random
from typing import Any

import sympy as sp

from ..errors import ModelError, SolveError
from ..parameters import PARAMETERS
from .positive import _positive_cancelled, _positive_form, plain_rational

__all__ = ["Domains", "possible_signs", "sign"]

#: The largest whole-number exponent (a lag, a duration) the engine writes out as a
#: polynomial. A longer one stays a symbol while values and constraints are derived and
#: thresholds solved (the answer is the closed form in it, evaluated); where there is no
#: closed form the solver refuses at once, and a sign proof does not try to cancel it.
#: Set the environment variable ``GAMETHEORY_CLUSTER_MAX_EXPONENT`` to move the limit
#: (the time grows fast above it).
MAX_EXPANDED_EXPONENT = 32


def _limit_from_environment() -> int:
    text = os.environ.get("GAMETHEORY_CLUSTER_MAX_EXPONENT", "").strip()
    return int(text) if text.isdigit() else MAX_EXPANDED_EXPONENT


MAX_EXPANDED_EXPONENT = _limit_from_environment()


def _long_power(expr: sp.Expr) -> bool:
    """Whether a parameter stands in ``expr`` to a whole power above :data:`MAX_EXPANDED_EXPONENT`.

    >>> from gametheory_cluster.parameters import symbols
    >>> delta, = symbols("delta")
    >>> _long_power(delta**5000 - 1), _long_power(delta**2 - 1)
    (True, False)
    """
    return any(p.exp.is_Integer and abs(p.exp) > MAX_EXPANDED_EXPONENT and p.base.free_symbols
               for p in expr.atoms(sp.Pow))


def _coefficient_sign(expr: sp.Expr) -> str | None:
    """The sign of a polynomial in nonnegative variables whose coefficients share one sign.

    One of ``"+" "+0" "0" "-0" "-"`` (``+0``: nonnegative, zero possible at the
    boundary), or None when the coefficients are mixed or the variables not all
    nonnegative.
    """
    expr = sp.expand(expr)
    if expr == 0:
        return "0"
    if expr.is_number:
        return "+" if expr > 0 else "-"
    gens = sorted(expr.free_symbols, key=str)
    if not all(g.is_nonnegative for g in gens):
        return None
    if any(not p.exp.is_Integer and p.free_symbols for p in expr.atoms(sp.Pow)):
        return None  # a power like delta**T is no polynomial in the symbols: sp.Poly refuses it
    try:
        poly = sp.Poly(expr, *gens)
    except sp.PolynomialError:
        return None
    coeffs = poly.coeffs()
    if not all(c.is_number for c in coeffs):
        return None
    # strict when one monomial is a product of positive variables only (or the constant):
    # it is positive and every other term is nonnegative
    strict = any(
        all(g.is_positive for g, k in zip(gens, monom, strict=True) if k)
        for monom in poly.monoms()
    )
    if all(c > 0 for c in coeffs):
        return "+" if strict else "+0"
    if all(c < 0 for c in coeffs):
        return "-" if strict else "-0"
    return None


_AS_INT = {"+": 1, "+0": 1, "0": 0, "-0": -1, "-": -1, None: None}


def _poly_sign(expr: sp.Expr) -> int | None:
    return _AS_INT[_coefficient_sign(expr)]


def sign(expr: Any) -> int | None:
    """The sign (1, 0 or -1) of ``expr`` for every parameter value in its domain, or None.

    Zero means identically zero; 1 means positive except possibly on the boundary
    of a domain (a *weak* proof is all the engine needs).
    """
    return _sign(sp.sympify(expr))


@functools.lru_cache(maxsize=8192)
def _sign(expr: sp.Expr) -> int | None:
    """:func:`sign` of a sympy expression, cached: the engine asks about the same ones often."""
    form = None
    # a parameter to a power above MAX_EXPANDED_EXPONENT (δ^5000) is never cancelled as a
    # polynomial (the gcd of degree-5000 polynomials runs for hours): the sound tests
    # that stay cheap decide, or the sign is unknown
    expanded = not _long_power(expr)
    if expanded and expr.free_symbols and plain_rational(expr):
        # the coefficient test first: it is exact polynomial arithmetic, while sympy's
        # assumptions below walk the expression; every test here is sound, so when it
        # decides, the tests below could only agree with it
        form = _positive_cancelled(expr)
        if form is not None:
            sn, sd = (_poly_sign(part) for part in sp.fraction(form))
            if sn is not None and sd is not None:
                return sn * sd
    if expr.is_zero:
        return 0
    if isinstance(expr, sp.log):
        return _sign(expr.args[0] - 1)
    if isinstance(expr, sp.Mul):
        signs = [_sign(a) for a in expr.args]
        if None not in signs:
            return int(sp.prod(signs))
    if isinstance(expr, sp.Pow) and expr.exp.is_integer:
        return 1 if expr.exp.is_even else _sign(expr.base)
    if _takes_both_signs(expr):
        # every test below is sound: none can prove a sign the expression does not
        # have, so a positive and a negative value settle it at once (the tests below
        # are the slow ones, and failing them costs the most)
        return None
    if expr.is_positive:
        return 1
    if expr.is_negative:
        return -1
    if not expanded:
        return None
    if form is None:
        form = _positive_cancelled(expr)
    if form is None:
        form = sp.cancel(sp.together(_positive_form(expr)))
    if form.is_positive:
        return 1
    if form.is_negative:
        return -1
    num, den = sp.fraction(form)
    sn = _poly_sign(num)
    sd = None if sn is None else _poly_sign(den)
    if sn is None or sd is None:
        return None
    return sn * sd



@functools.lru_cache(maxsize=256)
def _interior_values(s: sp.Symbol) -> tuple[sp.Expr, ...]:
    """Values inside a table parameter's domain, the typical one first, or ().

    Whole numbers for an integer parameter; a typical value on the edge of its
    domain (``w = 0``) is left out.
    """
    p = PARAMETERS.get(s.name)
    if p is None or s != p.symbol:
        return ()
    lo, hi = p.domain.inf, p.domain.sup
    if p.integer:
        first = sp.ceiling(lo) if lo.is_finite else sp.Integer(-3)
        values = (first, first + 1, first + 2, first + 4)
        values = tuple(v for v in values if v in p.domain)
    elif lo.is_finite and hi.is_finite:
        values = tuple(lo + (hi - lo) * sp.Rational(k, 9) for k in (1, 3, 5, 8))
    elif lo.is_finite:
        values = tuple(lo + sp.Rational(v) for v in ("1/10", "1", "3", "20", "150"))
    elif hi.is_finite:
        values = tuple(hi - sp.Rational(v) for v in ("1/10", "1", "3", "20", "150"))
    else:
        values = tuple(sp.Rational(v) for v in ("-20", "-1", "1/10", "1", "20", "150"))
    if p.typical is not None:
        v = sp.Rational(str(p.typical))
        inside = v in p.domain and (v.is_integer if p.integer else lo < v < hi)
        if inside:
            values = (v, *(x for x in values if x != v))
    return values


_REFUTING_POINTS = 24


def _interior_points(expr: sp.Expr, count: int = _REFUTING_POINTS) -> Any:
    """Exact points inside the table domains of ``expr``'s symbols, the typical one first.

    No points unless every symbol is a table parameter's own symbol (its assumptions
    are then implied by its domain). After the typical point, ``count`` points drawn
    by a seeded generator (fixed, no global state).
    """
    ordered = sorted(expr.free_symbols, key=str)
    values = [_interior_values(s) for s in ordered]
    if not ordered or any(not v for v in values):
        return
    yield {s: v[0] for s, v in zip(ordered, values, strict=True)}
    draw = random.Random(len(ordered))
    for _ in range(count):
        yield {s: draw.choice(v) for s, v in zip(ordered, values, strict=True)}


def _signs_inside(expr: sp.Expr, points: Any) -> Any:
    """The signs (1, -1) of ``expr`` at ``points``, skipping zero and non-rational values."""
    for point in points:
        value = expr.xreplace(point)
        if value.is_Rational and value != 0:
            yield 1 if value > 0 else -1


def typical_sign(expr: Any) -> int | None:
    """The sign of ``expr`` at an exact point inside the table domains (typical values first).

    None when ``expr`` has a symbol outside the table or is zero or not a rational
    number there. Not a proof: a proved sign (:func:`sign`) can only agree with it,
    which is what makes it a cheap test of whether a proof could change a choice.

    Examples
    --------
    >>> from gametheory_cluster.parameters import symbols
    >>> delta, Y, w = symbols("delta Y w")
    >>> typical_sign(delta - 1), typical_sign(Y - w)
    (-1, 1)
    """
    expr = sp.sympify(expr)
    return next(_signs_inside(expr, _interior_points(expr, 0)), None)


def _takes_both_signs(expr: sp.Expr) -> bool:
    """Whether ``expr`` is seen positive and negative at points inside the table domains.

    Bounded work: a fixed set of exact points, for expressions in table parameters
    only. True only on evidence: then no sound test proves a sign.
    """
    seen = set()
    for s in _signs_inside(expr, _interior_points(expr)):
        seen.add(s)
        if len(seen) == 2:
            return True
    return False


class Domains:
    """Proves signs over a model's domains (a sufficient test: ``None`` is "not proved").

    Where :func:`sign` knows only the parameter table, a model declares the domains of
    its own symbols and its assumptions. Every declared symbol is written in free
    nonnegative variables that encode its
    domain — ``x = lo + v`` for ``x > lo``, ``x = lo + (hi - lo)/(1 + v)`` for
    ``lo < x <= hi`` — and assumptions ``e > 0`` are solved for one variable
    (``e = v'``). A rational function whose numerator and denominator have
    coefficients of one sign has that sign (the test :func:`sign` uses too).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", real=True)
    >>> d = Domains()
    >>> d.declare(a, 0, 1)
    >>> d.declare(b, 0)
    >>> d.sign(b / (1 - a)), d.sign(a - 2), d.truth(a * b >= 0)
    ('+0', '-', True)
    >>> d.assume(b > 3)
    >>> d.compare(b, 2)
    1
    """

    def __init__(self) -> None:
        self.forms: dict[sp.Symbol, sp.Expr] = {}
        self._count = 0

    def _fresh(self, positive: bool) -> sp.Symbol:
        self._count += 1
        kind = {"positive": True} if positive else {"nonnegative": True}
        return sp.Symbol(f"_v{self._count}", **kind)

    def _form(self, expr: Any) -> sp.Expr:
        return sp.sympify(expr).xreplace(self.forms)

    def declare(
        self,
        value: sp.Expr,
        low: Any = 0,
        high: Any = None,
        *,
        low_open: bool = True,
        high_open: bool = False,
    ) -> None:
        """Record that the symbol ``value`` lies between ``low`` and ``high``."""
        if not isinstance(value, sp.Symbol) or value in self.forms:
            return
        lo = self._form(low)
        if high is None:
            self.forms[value] = lo + self._fresh(low_open)
            return
        hi = self._form(high)
        if not high_open:  # (lo, hi]
            self.forms[value] = lo + (hi - lo) / (1 + self._fresh(False))
        else:  # (lo, hi) or [lo, hi)
            v = self._fresh(low_open)
            self.forms[value] = lo + (hi - lo) * v / (1 + v)

    def assume(self, relation: Any) -> None:
        """Add an assumption ``a > b`` (or ``>=``, ``<``, ``<=``) by solving it for one variable."""
        if not isinstance(relation, sp.core.relational.Relational) or relation.rel_op in (
            "==",
            "!=",
        ):
            raise ModelError(f"an assumption must be a strict or weak inequality, not {relation!r}")
        diff = (
            relation.lhs - relation.rhs
            if relation.rel_op in (">", ">=")
            else relation.rhs - relation.lhs
        )
        form = sp.expand(self._form(diff))
        slack = self._fresh(relation.rel_op in (">", "<"))
        candidates = []
        for v in sorted(form.free_symbols, key=str):
            if not str(v).startswith("_v") or sp.degree(form, v) != 1:
                continue
            solved = sp.solve(sp.Eq(form, slack), v)
            if len(solved) == 1:
                # prefer a solution that is itself manifestly nonnegative: nothing is lost
                num, den = sp.fraction(sp.cancel(sp.together(solved[0])))
                signs = {_coefficient_sign(num), _coefficient_sign(den)}
                candidates.append((not signs <= {"+", "+0"}, v, solved[0]))
        if not candidates:
            raise ModelError(
                f"cannot use the assumption {relation}: it is not linear in any one parameter"
            )
        _, v, solution = min(candidates, key=lambda c: c[0])
        self.forms = {k: e.xreplace({v: solution}) for k, e in self.forms.items()}


    def sign(self, expr: Any) -> str | None:
        """One of ``"+" "+0" "0" "-0" "-"`` (``+0``: nonnegative), or None if not proved."""
        expr = sp.sympify(expr)
        if expr.is_number:
            if expr.is_infinite:
                return "+" if expr.is_extended_positive else "-"
            return "0" if expr == 0 else ("+" if expr > 0 else "-")
        num, den = sp.fraction(sp.cancel(sp.together(self._form(expr))))
        sn, sd = _coefficient_sign(num), _coefficient_sign(den)
        if sn is None or sd is None or sd == "0":
            return None
        if sn == "0":
            return "0"
        positive = (sn[0] == "+") == (sd[0] == "+")
        weak = len(sn) + len(sd) > 2
        return ("+" if positive else "-") + ("0" if weak else "")

    def truth(self, cond: Any) -> bool | None:
        """Whether a condition always holds (True), never holds (False), or is undecided (None)."""
        if cond in (True, sp.true):
            return True
        if cond in (False, sp.false):
            return False
        if isinstance(cond, (sp.And, sp.Or)):
            parts = [self.truth(a) for a in cond.args]
            decisive = isinstance(cond, sp.Or)
            if decisive in parts:
                return decisive
            return (not decisive) if all(p is not None for p in parts) else None
        if isinstance(cond, sp.Not):
            inner = self.truth(cond.args[0])
            return None if inner is None else not inner
        if not isinstance(cond, sp.core.relational.Relational):
            return None
        s = self.sign(cond.lhs - cond.rhs)
        if s is None:
            return None
        table = {
            "<": ({"-"}, {"+", "+0", "0"}),
            "<=": ({"-", "-0", "0"}, {"+"}),
            ">": ({"+"}, {"-", "-0", "0"}),
            ">=": ({"+", "+0", "0"}, {"-"}),
            "==": ({"0"}, {"+", "-"}),
            "!=": ({"+", "-"}, {"0"}),
        }
        yes, no = table[cond.rel_op]
        return True if s in yes else False if s in no else None

    def refine(self, expr: Any) -> sp.Expr:
        """Drop the branches of every ``Piecewise`` whose condition is decided."""

        def fix(pw: sp.Piecewise) -> sp.Expr:
            kept = []
            for e, c in pw.args:
                t = self.truth(c)
                if t is False:
                    continue
                kept.append((e, True if t else c))
                if t:
                    break
            if kept and kept[0][1] is True:
                return kept[0][0]
            return sp.Piecewise(*kept) if kept else sp.nan

        return sp.sympify(expr).replace(lambda x: isinstance(x, sp.Piecewise), fix)

    def compare(self, a: Any, b: Any, what: str = "") -> int:
        """-1, 0 or 1 as ``a`` is below, equal to or above ``b`` (weakly); SolveError if unknown."""
        a, b = sp.sympify(a), sp.sympify(b)
        if a == b:
            return 0
        if a.is_infinite or b.is_infinite:
            if a.is_infinite and b.is_infinite:
                return 0
            return 1 if a.is_infinite else -1
        s = self.sign(a - b)
        if s is None:
            raise SolveError(
                f"cannot tell whether {sp.sstr(a)} or {sp.sstr(b)} is larger{what}; give numbers "
                "or add an assumption (e.g. assumptions=[Ybar - u > C])"
            )
        return 0 if s == "0" else (1 if s[0] == "+" else -1)


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
def possible_signs(expr: Any) -> frozenset[int]:
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
