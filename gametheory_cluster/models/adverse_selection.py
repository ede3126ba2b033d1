r"""Adverse selection and screening in the credit market (MODELS.md §3).

Stiglitz–Weiss (1981)
---------------------
A borrower's project pays :math:`X` per unit lent with probability :math:`p` and
nothing otherwise. Types differ in risk but not in mean: every type has the same
mean return :math:`\bar Y = pX`, so a riskier type is a mean-preserving spread of a
safer one. A one-unit loan at the gross rate :math:`R` (the repayment due) is
secured by collateral :math:`C`. Limited liability: on a project return :math:`y`
the bank receives :math:`\min(R,\, y + C)` and the borrower keeps
:math:`\max(y - R,\, -C)`; the two add up to :math:`y`. So the bank's expected
receipt from a type and the type's expected profit are

.. math:: \rho(R) = E\,\min(R,\, y + C), \qquad \pi(R) = \bar Y - \rho(R).

A type applies iff :math:`\pi(R) \ge u` (its reservation value). As :math:`\rho`
is continuous and nondecreasing, that is iff :math:`R \le \hat R`, the type's
*drop-out rate*, the root of :math:`\rho(\hat R) = \bar Y - u`. The bank's expected
return per loan is the applicants' average receipt,
:math:`\bar\rho(R) = E[\rho_\theta(R) \mid R \le \hat R_\theta]`, and loan demand
is the mass of applicants (one unit each).

* :class:`StiglitzWeiss` — finitely many types, exact and symbolic: every receipt
  is piecewise linear in :math:`R`, so :math:`\bar\rho` is a ``Piecewise`` whose
  pieces end at the drop-out rates, where it jumps down (SW Theorem 4).
* :class:`StiglitzWeissContinuous` — a distribution over the risk index
  :math:`\theta = 1 - p` (the failure probability, so :math:`X_\theta = \bar Y/(1-\theta)`):
  any scipy distribution (numeric, by quadrature) or a ``sympy.stats`` one (exact
  where sympy integrates). Applicants are the types with :math:`\theta \ge \hat\theta(R)`.

Every applicant's receipt is at most :math:`\bar Y - u`, with equality at its own
drop-out rate. So, with a common reservation value, :math:`\bar\rho` never exceeds
its value at the highest rate at which anyone borrows: the return curve can rise,
fall and rise again, but its global maximum is at the top rate (Arnold & Riley
2009). :meth:`~StiglitzWeiss.shape` reports what the curve does; nothing here
assumes a hump.

The market (:meth:`~StiglitzWeiss.market`): depositors supply :math:`S(r_d)` at the
deposit return :math:`r_d = \bar\rho(R) - c` (:math:`c` the intermediation cost), or
funds are perfectly elastic at a given cost. Below the first interior peak of
:math:`\bar\rho` the market clears if demand meets supply there; otherwise the
applicants are rationed at the peak (Stiglitz–Weiss). When the return recovers at
a higher rate :math:`R_2` with :math:`\bar\rho(R_2) = \bar\rho(R_1)`, rejected
applicants may borrow there: the two-rate equilibrium of Stiglitz & Weiss that
Arnold & Riley show to be the natural outcome.

Bester (1985)
-------------
Two types, low and high risk, succeed with probabilities :math:`p_l > p_h`. A
contract is collateral :math:`C` and repayment :math:`R`. The borrower's utility is
:math:`U_i = p_i (X_i - R) - (1 - p_i) C`; the bank, which realises only
:math:`\beta C` of seized collateral (:math:`0 < \beta \le 1`, the collateral-cost
factor), earns :math:`p_i R + (1 - p_i)\beta C - \rho` per loan at funding cost
:math:`\rho`. Competitive banks offer, for each type, the contract the type likes
best among those that break even on it and that the other type does not prefer to
its own (incentive compatibility). :class:`Bester` derives these contracts from
the constraints (sympy, exact): the high-risk type gets no collateral, the
low-risk type posts collateral and pays a lower rate. If the low-risk SME's wealth
:math:`W` is below the collateral required, it is offered the most collateral it
can post and is rationed with the probability that keeps the high-risk type from
mimicking (Bester 1987; Besanko & Thakor 1987).

Examples
--------
>>> from fractions import Fraction as F
>>> sw = StiglitzWeiss.two_type(p_safe=F(9, 10), p_risky=F(1, 2), mean=F(27, 20),
...                             safe_share=F(1, 2), collateral=F(1, 5), reservation=F(1, 10))
>>> sw.dropout_rates()
{'safe': 41/30, 'risky': 23/10}
>>> sw.expected_return()
Piecewise((R, R <= 1/5), (7*R/10 + 3/50, R <= 41/30), (R/2 + 1/10, R <= 23/10), (nan, True))
>>> sw.jump("safe")
7/30
>>> print(sw.shape())
not hump-shaped: the return peaks at R = 41/30 (61/60), falls, and rises again to its
global maximum 5/4 at the top rate R = 23/10, where only the last types borrow (Arnold & Riley 2009)
"""

from __future__ import annotations

import functools
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ..errors import DomainError, ModelError, NoSolutionError, SolveError
from ..parameters import coerce_value, symbol
from ..plotting import FigureData, attach_data, new_axes, style_context

__all__ = [
    "Bester",
    "Contract",
    "CreditMarket",
    "ReturnShape",
    "RiskType",
    "Screening",
    "StiglitzWeiss",
    "StiglitzWeissContinuous",
    "credit_market_data",
    "expected_return_data",
    "plot_credit_market",
    "plot_expected_return",
    "plot_screening",
    "plot_wealth_rationing",
    "screening_data",
    "wealth_rationing_data",
]

#: The gross loan rate (repayment due per unit lent).
RATE = symbol("R")
#: Collateral per unit lent.
COLLATERAL = sp.Symbol("C", nonnegative=True)
_THETA = sp.Symbol("theta", real=True)


# ============================================================== exact numbers
def _coerce(
    value: Any,
    name: str,
    low: Any = None,
    high: Any = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    meaning: str = "",
) -> sp.Expr:
    """A number or sympy expression, checked against ``(low, high)`` when numeric."""
    v = coerce_value(value, name)
    expr = sp.Float(v, 17) if isinstance(v, float) else sp.sympify(v)
    if expr.free_symbols:
        return expr
    bad = (low is not None and (expr < low if not low_open else expr <= low)) or (
        high is not None and (expr > high if not high_open else expr >= high)
    )
    if bad:
        lo = "(" if low_open else "["
        hi = ")" if high_open else "]"
        span = f"{lo}{'-oo' if low is None else low}, {'oo' if high is None else high}{hi}"
        what = f" ({meaning})" if meaning else ""
        raise DomainError(f"{name}={value!r} is outside {span}{what}")
    return expr


def _is_exact(*exprs: Any) -> bool:
    return not any(sp.sympify(e).has(sp.Float) for e in exprs)


def _plain(value: Any) -> Any:
    """JSON-friendly: floats stay floats, exact numbers become strings such as ``'11/15'``."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, sp.Float):
        return float(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


# =================================================================== signs
class _Signs:
    """Proves signs over a model's domains (a sufficient test: ``None`` is "not proved").

    Every declared symbol is written in free nonnegative variables that encode its
    domain — ``x = lo + v`` for ``x > lo``, ``x = lo + (hi - lo)/(1 + v)`` for
    ``lo < x <= hi`` — and assumptions ``e > 0`` are solved for one variable
    (``e = v'``). A rational function whose numerator and denominator have
    coefficients of one sign has that sign (the idea of
    :func:`gametheory_cluster.algebra.sign`, extended to model-specific symbols).
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
                signs = {self._poly_sign(num), self._poly_sign(den)}
                candidates.append((not signs <= {"+", "+0"}, v, solved[0]))
        if not candidates:
            raise ModelError(
                f"cannot use the assumption {relation}: it is not linear in any one parameter"
            )
        _, v, solution = min(candidates, key=lambda c: c[0])
        self.forms = {k: e.xreplace({v: solution}) for k, e in self.forms.items()}

    @staticmethod
    def _poly_sign(expr: sp.Expr) -> str | None:
        expr = sp.expand(expr)
        if expr == 0:
            return "0"
        if expr.is_number:
            return "+" if expr > 0 else "-"
        gens = sorted(expr.free_symbols, key=str)
        if not all(g.is_nonnegative for g in gens):
            return None
        try:
            poly = sp.Poly(expr, *gens)
        except sp.PolynomialError:
            return None
        coeffs = poly.coeffs()
        if not all(c.is_number for c in coeffs):
            return None
        strict = poly.coeff_monomial(1) != 0 or all(g.is_positive for g in gens)
        if all(c > 0 for c in coeffs):
            return "+" if strict else "+0"
        if all(c < 0 for c in coeffs):
            return "-" if strict else "-0"
        return None

    def sign(self, expr: Any) -> str | None:
        """One of ``"+" "+0" "0" "-0" "-"`` (``+0``: nonnegative), or None if not proved."""
        expr = sp.sympify(expr)
        if expr.is_number:
            if expr.is_infinite:
                return "+" if expr.is_extended_positive else "-"
            return "0" if expr == 0 else ("+" if expr > 0 else "-")
        num, den = sp.fraction(sp.cancel(sp.together(self._form(expr))))
        sn, sd = self._poly_sign(num), self._poly_sign(den)
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


# ============================================================ per-type algebra
def _receipt_pieces(
    outcomes: Sequence[tuple[Any, Any]], collateral: Any
) -> list[tuple[sp.Expr, Any]]:
    r"""The bank's expected receipt :math:`E\min(R, y + C)` as linear pieces in ``R``.

    ``outcomes`` are ``(y, probability)`` with ``y`` increasing. Piece ``k`` holds for
    ``R`` up to ``upper_k`` (from the previous upper end): the outcomes above ``R`` pay
    ``R`` in full, the others pay ``y + C``.
    """
    pieces = []
    for k in range(len(outcomes) + 1):
        above = sum((prob for _, prob in outcomes[k:]), sp.Integer(0))
        below = sum((prob * (y + collateral) for y, prob in outcomes[:k]), sp.Integer(0))
        upper = outcomes[k][0] + collateral if k < len(outcomes) else sp.oo
        pieces.append((sp.expand(above * RATE + below), upper))
    return pieces


def _solve_linear(lhs: Any, rhs: Any, var: sp.Symbol) -> sp.Expr:
    """The root in ``var`` of ``lhs = rhs``, an equation linear in ``var`` once cleared of
    denominators (every equation of these models is)."""
    num, _ = sp.fraction(sp.together(sp.sympify(lhs) - rhs))
    num = sp.expand(num)
    slope, rest = num.coeff(var), num.subs(var, 0)
    if slope == 0 or sp.expand(num - slope * var - rest) != 0:
        raise SolveError(f"{sp.sstr(lhs)} = {sp.sstr(rhs)} is not linear in {var}")
    return sp.cancel(-rest / slope)


def _linear_root(expr: sp.Expr, target: Any) -> sp.Expr:
    """The rate at which the linear piece ``expr`` (in R) equals ``target``."""
    return _solve_linear(expr, target, RATE)


def _dropout_piecewise(pieces: list[tuple[sp.Expr, Any]], target: Any) -> sp.Expr:
    """Where the nondecreasing receipt reaches ``target``: the largest rate a type accepts."""
    branches = []
    finite = pieces[:-1]
    for k, (expr, upper) in enumerate(finite):
        at_upper = sp.expand(expr.subs(RATE, upper))
        last = k == len(finite) - 1
        cond = sp.Lt(target, at_upper) if last else sp.Le(target, at_upper)
        branches.append((sp.factor_terms(_linear_root(expr, target)), cond))
    branches.append((sp.oo, True))
    return sp.Piecewise(*branches)


# ================================================================= results
@dataclass(frozen=True)
class ReturnShape:
    """What the bank's return curve does: its local maxima and where the global one is.

    Attributes
    ----------
    peaks : tuple of (rate, return)
        Every local maximum, by rate (the top rate is one when the curve rises into it).
    top_rate, top_return : number
        The highest rate at which anyone borrows (or the rate ceiling), and the return
        there (for an unbounded top: the limit as the rate grows).
    top_is_limit : bool
        Whether the top return is a limit the curve only approaches.
    """

    peaks: tuple[tuple[Any, Any], ...]
    top_rate: Any
    top_return: Any
    top_is_limit: bool = False
    rises_at_top: bool = True

    @property
    def global_peak(self) -> tuple[Any, Any]:
        """``(rate, return)`` of the global maximum (the lowest rate among ties)."""
        best = max(self.peaks, key=lambda rv: float(rv[1]))
        return next(
            rv
            for rv in self.peaks
            if float(rv[1]) >= float(best[1]) - 1e-12 * (1 + abs(float(best[1])))
        )

    @property
    def interior_peaks(self) -> tuple[tuple[Any, Any], ...]:
        """The local maxima below the top rate."""
        return tuple(rv for rv in self.peaks if float(rv[0]) < float(self.top_rate))

    @property
    def interior_peak(self) -> tuple[Any, Any] | None:
        """The first local maximum below the top: Stiglitz–Weiss's bank-optimal rate as drawn."""
        inner = self.interior_peaks
        return inner[0] if inner else None

    @property
    def hump_shaped(self) -> bool:
        """Whether the global maximum is interior: the curve rises, peaks and ends lower."""
        return (float(self.global_peak[0]) < float(self.top_rate) and not self.top_is_limit) or (
            self.top_is_limit and float(self.global_peak[1]) > float(self.top_return)
        )

    @property
    def monotone(self) -> bool:
        """Whether the return never falls (no interior local maximum)."""
        return not self.interior_peaks

    def __str__(self) -> str:
        top = f"the top rate R = {self.top_rate}" if not self.top_is_limit else "high rates"
        if self.monotone:
            return f"monotone: the return rises all the way to {self.top_return} at {top}"
        rate, value = self.interior_peak
        if self.hump_shaped:
            g_rate, g_value = self.global_peak
            return (
                f"hump-shaped: the global maximum {g_value} is at R = {g_rate}, above the "
                f"return {self.top_return} at {top}"
            )
        approach = "approaches" if self.top_is_limit else "rises again to"
        return (
            f"not hump-shaped: the return peaks at R = {rate} ({value}), falls, and "
            f"{approach} its global maximum {self.top_return} at {top}, where only the last "
            "types borrow (Arnold & Riley 2009)"
        )

    def __repr__(self) -> str:
        return f"ReturnShape({self})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "peaks": _plain([list(p) for p in self.peaks]),
            "top_rate": _plain(self.top_rate),
            "top_return": _plain(self.top_return),
            "top_is_limit": self.top_is_limit,
            "global_peak": _plain(list(self.global_peak)),
            "interior_peak": _plain(list(self.interior_peak) if self.interior_peak else None),
            "hump_shaped": self.hump_shaped,
            "monotone": self.monotone,
        }


@dataclass(frozen=True)
class CreditMarket:
    """The loan market at one supply of funds (floats).

    ``kind`` is ``"clears"`` (demand meets supply; nobody is rationed),
    ``"rationing"`` (excess demand at the bank-optimal rate, with no higher rate that
    pays banks as much), ``"two rates"`` (rationed applicants borrow at a higher rate
    ``upper_rate`` paying banks the same return) or ``"no lending"``.

    ``rate`` is the (lower) loan rate; ``demand`` and ``supply`` are the applicants
    and funds at it; ``rationed`` the excess demand there (Stiglitz–Weiss's gap);
    ``credit_probability`` an applicant's chance of a loan at ``rate``; ``unserved``
    the applicants who get credit nowhere.
    """

    kind: str
    rate: float | None
    bank_return: float | None
    demand: float
    supply: float
    lent: float
    rationed: float
    credit_probability: float
    unserved: float
    bank_optimal_rate: float | None
    upper_rate: float | None = None
    lent_upper: float = 0.0

    def __str__(self) -> str:
        if self.kind == "no lending":
            return "no lending: no rate pays the banks their cost of funds"
        text = (
            f"{self.kind} at R = {self.rate:.6g} (bank return {self.bank_return:.6g}), "
            f"lent {self.lent:.6g}"
        )
        if self.kind in ("rationing", "two rates"):
            text += f"; excess demand {self.rationed:.6g} at the bank-optimal rate"
        if self.kind == "two rates":
            text += (
                f"; rejected applicants borrow {self.lent_upper:.6g} at R = {self.upper_rate:.6g}"
                f"; unserved {self.unserved:.6g}"
            )
        return text

    def __repr__(self) -> str:
        return f"CreditMarket({self})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


# ======================================================== shared numeric curve
class _ReturnCurve(ABC):
    """What both Stiglitz–Weiss models share: numeric curves, the shape, the market."""

    # -- provided by subclasses
    @abstractmethod
    def _curve(self, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Provided by each model."""

    @abstractmethod
    def _peaks_float(self) -> list[float]:
        """Provided by each model."""

    @abstractmethod
    def _top_float(self) -> float:
        """Provided by each model."""

    def _breaks_float(self) -> list[float]:
        return []

    # -- shared
    def grid(self, points: int = 400, *, peaks: bool = True) -> np.ndarray:
        """Rates from near zero to the top, with every kink (and local maximum) included."""
        top = self._top_float()
        rates = np.linspace(top / points, top, points)
        extra = [
            r
            for r in (*self._breaks_float(), *(self._peaks_float() if peaks else ()))
            if 0 < r <= top
        ]
        return np.unique(np.concatenate([rates, np.asarray(extra, dtype=float)]))

    def _check_rates(self, rate: Any) -> np.ndarray:
        arr = np.asarray(rate, dtype=float)
        if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise DomainError(f"loan rates must be finite and positive, got {rate!r}")
        top = self._top_float()
        if np.any(arr > top * (1 + 1e-12)):
            raise DomainError(
                f"no borrower applies above the top rate R = {top:.6g}; "
                f"rates given reach {arr.max():.6g}"
            )
        return np.minimum(arr, top)

    @abstractmethod
    def _top_exact(self) -> Any:
        """Provided by each model."""

    def _scalar_rate(self, rate: Any) -> sp.Expr:
        """One rate, checked: an exact rate may not pass the top; a float within rounding is
        taken as the top."""
        r = _coerce(rate, "rate", 0, low_open=True)
        self._check_rates(float(r))
        top = self._top_exact()
        if top != sp.oo and r > top:
            if r.has(sp.Float):
                return sp.Float(top, 17)
            raise DomainError(f"no borrower applies above the top rate R = {top}; got {r}")
        return r

    def market(self, supply: Callable[[Any], Any] | Any, *, cost: Any = 0) -> CreditMarket:
        """The loan-market outcome for a deposit supply (or perfectly elastic funding).

        Parameters
        ----------
        supply : callable or number
            ``supply(r_d)``: funds offered at the deposit return ``r_d`` (vectorised,
            nondecreasing, nonnegative). A number is a cost of funds at which any amount
            is available.
        cost : number
            The bank's cost per unit lent; depositors earn ``bank return - cost``.
        """
        return _market(self, supply, float(_coerce(cost, "cost", 0)))


def _market(model: _ReturnCurve, supply: Any, cost: float) -> CreditMarket:
    top = model._top_float()
    peaks = [r for r in model._peaks_float() if r < top * (1 - 1e-12)]

    def ret(r: float) -> float:
        return float(model._curve(np.array([r]))[0][0])

    def dem(r: float) -> float:
        return float(model._curve(np.array([r]))[1][0])

    grid = model.grid(2000)
    values, demands = model._curve(grid)
    optimum = peaks[0] if peaks else top
    if not callable(supply):
        funding = float(_coerce(supply, "supply", 0, low_open=True, meaning="the cost of funds"))
        ok = np.nonzero(values - cost >= funding - 1e-12)[0]
        if ok.size == 0:
            return CreditMarket(
                "no lending", None, None, 0.0, 0.0, 0.0, 0.0, 0.0, float(demands[0]), optimum
            )
        i = ok[0]
        r = grid[i] if i == 0 else _bisect(lambda x: ret(x) - cost - funding, grid[i - 1], grid[i])
        d = dem(r)
        return CreditMarket("clears", r, ret(r), d, math.inf, d, 0.0, 1.0, 0.0, optimum)

    def funds(r: float) -> float:
        value = float(np.asarray(supply(ret(r) - cost), dtype=float))
        if not math.isfinite(value) or value < 0:
            raise DomainError(
                f"supply must be finite and nonnegative; supply({ret(r) - cost:.6g}) = {value}"
            )
        return value

    def excess(r: float) -> float:
        return dem(r) - funds(r)

    start = grid[0]
    stop = top
    for stop in [*peaks, top]:
        if stop < start:
            continue
        if excess(stop) <= 0:
            r = start if excess(start) <= 0 else _bisect(excess, start, stop)
            d = dem(r)
            return CreditMarket("clears", r, ret(r), d, funds(r), d, 0.0, 1.0, 0.0, optimum)
        if stop >= top * (1 - 1e-12):
            break
        level = ret(stop)
        d1, s1 = dem(stop), funds(stop)
        after = grid[(grid > stop) & (values >= level - 1e-12)]
        if after.size == 0:
            break
        prev = grid[grid < after[0]].max()
        r2 = (
            after[0]
            if prev <= stop
            else _bisect(lambda x, level=level: ret(x) - level, max(prev, stop), after[0])
        )
        d2 = dem(r2)
        if s1 >= d2:
            a = (s1 - d2) / (d1 - d2)
            return CreditMarket(
                "two rates",
                stop,
                level,
                d1,
                s1,
                s1,
                d1 - s1,
                a,
                (1 - a) * (d1 - d2),
                optimum,
                r2,
                (1 - a) * d2,
            )
        start = r2
    d, s = dem(stop), funds(stop)
    return CreditMarket("rationing", stop, ret(stop), d, s, s, d - s, s / d, d - s, optimum)


def _bisect(f: Callable[[float], float], lo: float, hi: float) -> float:
    """The point in [lo, hi] where ``f`` changes sign (``f(lo) > 0 >= f(hi)`` or vice versa)."""
    from scipy.optimize import brentq

    flo, fhi = f(lo), f(hi)
    if flo == 0:
        return lo
    if fhi == 0 or (flo > 0) == (fhi > 0):
        return hi
    return float(brentq(f, lo, hi, xtol=1e-13, rtol=1e-13))


# ============================================================ discrete types
@dataclass(frozen=True)
class RiskType:
    """One borrower type of the Stiglitz–Weiss model.

    Parameters
    ----------
    name : str
        A label such as ``"safe"``.
    success : number or sympy expression
        Probability ``p`` that the project succeeds, in (0, 1].
    payoff : number or sympy expression
        Gross return per unit lent on success (``X > 0``); a failure returns nothing.
    share : number or sympy expression
        Mass of borrowers of this type (each wants one unit).
    reservation : number, optional
        Its reservation value; by default the model's.
    """

    name: str
    success: Any
    payoff: Any
    share: Any = 1
    reservation: Any = None

    @property
    def mean(self) -> sp.Expr:
        """The mean return ``p·X``."""
        return sp.sympify(self.success) * sp.sympify(self.payoff)


class StiglitzWeiss(_ReturnCurve):
    """Stiglitz–Weiss credit market with finitely many risk types (exact, symbolic).

    Parameters
    ----------
    types : sequence of RiskType
        At least two types with equal means (``p·X``) and different risks.
    collateral : number or sympy expression
        Collateral per unit lent, ``C >= 0``.
    reservation : number or sympy expression
        Reservation value ``u >= 0`` of the types that do not set their own.
    max_rate : number, optional
        A ceiling on the loan rate (usury law).
    assumptions : sequence of sympy inequalities
        Facts about symbolic parameters that decide the pieces (e.g. ``Ybar - u > C``).

    Raises
    ------
    ModelError
        Unequal means (the model compares mean-preserving spreads), identical risks,
        fewer than two types, repeated names.
    DomainError
        A probability outside (0, 1], a negative collateral, and so on.
    """

    #: The symbols :meth:`two_type` uses for arguments it is not given.
    SYMBOLS: Mapping[str, sp.Symbol] = {
        "p_safe": sp.Symbol("p_s", positive=True),
        "p_risky": sp.Symbol("p_r", positive=True),
        "mean": sp.Symbol("Ybar", positive=True),
        "safe_share": sp.Symbol("n_s", positive=True),
        "collateral": COLLATERAL,
        "reservation": sp.Symbol("u", positive=True),
    }

    def __init__(
        self,
        types: Sequence[RiskType],
        *,
        collateral: Any = 0,
        reservation: Any = 0,
        max_rate: Any = None,
        assumptions: Sequence[Any] = (),
        _facts: Sequence[tuple[Any, Any, Any, bool, bool]] = (),
    ) -> None:
        types = list(types)
        if len(types) < 2 or not all(isinstance(t, RiskType) for t in types):
            raise ModelError("the Stiglitz–Weiss model needs at least two RiskType borrower types")
        names = [t.name for t in types]
        if len(set(names)) != len(names):
            raise ModelError(f"type names must be unique, got {names}")
        self.signs = _Signs()
        self.collateral = _coerce(collateral, "collateral", 0, meaning="collateral per unit lent")
        default_u = _coerce(reservation, "reservation", 0, meaning="reservation value")
        for sym, lo, hi, lo_open, hi_open in _facts:
            self.signs.declare(sym, lo, hi, low_open=lo_open, high_open=hi_open)
        clean = []
        for t in types:
            p = _coerce(
                t.success, f"{t.name}.success", 0, 1, low_open=True, meaning="a probability"
            )
            x = _coerce(t.payoff, f"{t.name}.payoff", 0, low_open=True, meaning="return on success")
            n = _coerce(t.share, f"{t.name}.share", 0, low_open=True, meaning="mass of borrowers")
            u = (
                default_u
                if t.reservation is None
                else _coerce(t.reservation, f"{t.name}.reservation", 0, meaning="reservation value")
            )
            self.signs.declare(p, 0, 1)
            for s in (x, n):
                self.signs.declare(s, 0)
            clean.append(RiskType(t.name, p, x, n, u))
        for s in (self.collateral, default_u):
            self.signs.declare(s, 0, low_open=False)
        for t in clean:
            for s in t.mean.free_symbols | t.reservation.free_symbols:
                self.signs.declare(s, 0, low_open=s.is_positive is not False)
        for relation in assumptions:
            self.signs.assume(sp.sympify(relation))
        self._check_means(clean)
        self.types = tuple(clean)
        self.max_rate = (
            None if max_rate is None else _coerce(max_rate, "max_rate", 0, low_open=True)
        )
        self.exact = _is_exact(
            self.collateral,
            *(v for t in clean for v in (t.success, t.payoff, t.share, t.reservation)),
        )

    def _check_means(self, types: list[RiskType]) -> None:
        first = types[0]
        for t in types[1:]:
            diff = sp.simplify(t.mean - first.mean)
            equal = diff == 0 or (
                diff.is_number and abs(float(diff)) <= 1e-9 * (1 + abs(float(first.mean)))
            )
            if not equal:
                if diff.free_symbols:
                    raise ModelError(
                        f"Stiglitz–Weiss assumption violated: equal mean returns (mean-preserving "
                        f"spreads) — {first.name} has p·X = {first.mean}, {t.name} has {t.mean}; "
                        "write the payoff as mean/p"
                    )
                raise ModelError(
                    "Stiglitz–Weiss assumption violated: equal mean returns (mean-preserving "
                    "spreads) "
                    f"— {first.name} has p·X = {first.mean}, {t.name} has {t.mean}"
                )
        for i, a in enumerate(types):
            for b in types[i + 1 :]:
                if sp.simplify(a.success - b.success) == 0:
                    raise ModelError(
                        f"types {a.name} and {b.name} have the same mean and the same risk "
                        f"(p = {a.success}): merge them into one type"
                    )

    @classmethod
    def two_type(
        cls,
        p_safe: Any = None,
        p_risky: Any = None,
        mean: Any = None,
        *,
        safe_share: Any = None,
        collateral: Any = None,
        reservation: Any = None,
        max_rate: Any = None,
        assumptions: Sequence[Any] = (),
    ) -> StiglitzWeiss:
        """A safe and a risky type with the common mean return ``mean`` (``X = mean/p``).

        Arguments left out stay symbolic (:attr:`SYMBOLS`). The masses are
        ``safe_share`` and ``1 - safe_share``.

        Examples
        --------
        >>> S = StiglitzWeiss.SYMBOLS
        >>> regime = S["mean"] - S["reservation"] > S["collateral"]
        >>> sw = StiglitzWeiss.two_type(assumptions=[regime])
        >>> sw.dropout_rate("safe")
        (C*p_s - C + Ybar - u)/p_s
        >>> sw.jump("safe")
        n_s*(p_r - p_s)*(C - Ybar + u)/p_s

        Without the assumption the drop-out rate keeps both of its cases:

        >>> StiglitzWeiss.two_type().dropout_rate("safe")
        Piecewise((Ybar - u, C >= Ybar - u), ((C*p_s - C + Ybar - u)/p_s, True))
        """
        given = {
            "p_safe": p_safe,
            "p_risky": p_risky,
            "mean": mean,
            "safe_share": safe_share,
            "collateral": collateral,
            "reservation": reservation,
        }
        v = {k: cls.SYMBOLS[k] if x is None else _coerce(x, k) for k, x in given.items()}
        if (
            not (v["p_safe"].free_symbols or v["p_risky"].free_symbols)
            and not v["p_safe"] > v["p_risky"]
        ):
            raise ModelError(
                f"the safe type must have the higher success probability: p_safe={v['p_safe']} "
                f"<= p_risky={v['p_risky']}"
            )
        facts = [
            (v["p_safe"], 0, 1, True, False),
            (v["p_risky"], 0, v["p_safe"], True, True),
            (v["safe_share"], 0, 1, True, True),
        ]
        n = v["safe_share"]
        if not n.free_symbols and not 0 < n < 1:
            raise DomainError(f"safe_share={n} is outside (0, 1)")
        types = [
            RiskType("safe", v["p_safe"], v["mean"] / v["p_safe"], n),
            RiskType("risky", v["p_risky"], v["mean"] / v["p_risky"], 1 - n),
        ]
        return cls(
            types,
            collateral=v["collateral"],
            reservation=v["reservation"],
            max_rate=max_rate,
            assumptions=assumptions,
            _facts=facts,
        )

    # --------------------------------------------------------------- types
    def __repr__(self) -> str:
        kinds = ", ".join(
            f"{t.name}(p={t.success}, X={t.payoff}, share={t.share})" for t in self.types
        )
        return f"StiglitzWeiss([{kinds}], collateral={self.collateral})"

    def _type(self, name: str) -> RiskType:
        for t in self.types:
            if t.name == name:
                return t
        raise ModelError(
            f"unknown type {name!r}; valid types: {', '.join(t.name for t in self.types)}"
        )

    def _out(self, expr: Any) -> Any:
        expr = sp.sympify(expr)
        if self.exact or expr.free_symbols:
            return expr
        return float(expr)

    @cached_property
    def _pieces(self) -> dict[str, list[tuple[sp.Expr, Any]]]:
        return {
            t.name: _receipt_pieces(
                [(sp.Integer(0), 1 - t.success), (t.payoff, t.success)], self.collateral
            )
            for t in self.types
        }

    def receipt(self, name: str) -> sp.Expr:
        """The bank's expected receipt per unit lent to type ``name``, piecewise in ``R``."""
        pieces = self._pieces[self._type(name).name]
        return sp.Piecewise(*[(e, u >= RATE if u is not sp.oo else True) for e, u in pieces])

    def profit(self, name: str) -> sp.Expr:
        """The borrower's expected profit ``mean - receipt``, piecewise in ``R``."""
        return sp.piecewise_fold(self._type(name).mean - self.receipt(name))

    @cached_property
    def _dropouts(self) -> dict[str, sp.Expr]:
        return {
            t.name: self.signs.refine(
                _dropout_piecewise(self._pieces[t.name], t.mean - t.reservation)
            )
            for t in self.types
        }

    def dropout_rate(self, name: str) -> Any:
        """The highest rate at which type ``name`` still applies (``oo``: it never drops out).

        A value ``<= 0`` means the type applies at no positive rate.
        """
        return self._out(self._dropouts[self._type(name).name])

    def dropout_rates(self) -> dict[str, Any]:
        """Every type's drop-out rate."""
        return {t.name: self.dropout_rate(t.name) for t in self.types}

    # ------------------------------------------------------------ the curve
    @cached_property
    def intervals(self) -> tuple[tuple[Any, Any, tuple[str, ...], sp.Expr], ...]:
        """``(lo, hi, applicants, return)``: the return on ``lo < R <= hi`` (exact or symbolic).

        The pieces follow from the breakpoints of the receipts and the drop-out rates,
        ordered exactly (numbers) or by proof over the parameters' domains.
        """
        rates = self._dropouts
        points: list[Any] = [r for r in rates.values()]
        for t in self.types:
            for _, upper in self._pieces[t.name][:-1]:
                if (
                    self.signs.compare(upper, rates[t.name], " (a kink against a drop-out rate)")
                    < 0
                ):
                    points.append(upper)
        if self.max_rate is not None:
            points.append(self.max_rate)
        order = functools.cmp_to_key(
            lambda a, b: self.signs.compare(a, b, " (ordering the pieces)")
        )
        ordered: list[Any] = []
        for p in sorted(points, key=order):
            if self.signs.compare(p, 0) <= 0:
                continue
            if not ordered or self.signs.compare(p, ordered[-1]) != 0:
                ordered.append(p)
        result = []
        lo: Any = sp.Integer(0)
        for hi in ordered:
            if self.max_rate is not None and self.signs.compare(hi, self.max_rate) > 0:
                break
            members = [t for t in self.types if self.signs.compare(rates[t.name], hi) >= 0]
            if not members:
                break
            total = sum((t.share for t in members), sp.Integer(0))
            value = sum((t.share * self._active(t, hi) for t in members), sp.Integer(0)) / total
            value = sp.collect(sp.expand(sp.cancel(value)), RATE, sp.factor)
            names = tuple(t.name for t in members)
            if result and result[-1][2] == names and sp.simplify(result[-1][3] - value) == 0:
                result[-1] = (result[-1][0], hi, names, value)
            else:
                result.append((lo, hi, names, value))
            lo = hi
        if not result:
            raise ModelError(
                "no type applies at any positive rate (every reservation value >= the mean)"
            )
        return tuple(result)

    def _active(self, t: RiskType, hi: Any) -> sp.Expr:
        """Type ``t``'s receipt on the piece of rates ending at ``hi``."""
        for expr, upper in self._pieces[t.name]:
            if self.signs.compare(upper, hi) >= 0:
                return expr
        raise AssertionError("the last receipt piece is unbounded")  # pragma: no cover

    def expected_return(self, rate: Any = None) -> Any:
        """The bank's expected return per loan: a ``Piecewise`` in ``R``, or its value at ``rate``.

        ``rate`` may be a number (exact in, exact out) or an array (floats). Above the
        top rate nobody applies and the return is undefined (``nan`` in the
        ``Piecewise``; an error for a number).
        """
        pieces = [
            (v, hi >= RATE) if hi is not sp.oo else (v, True) for _, hi, _, v in self.intervals
        ]
        if self.intervals[-1][1] is not sp.oo:
            pieces.append((sp.nan, True))
        curve = sp.Piecewise(*pieces)
        if rate is None:
            return curve if self.exact else curve.evalf()
        if np.ndim(rate) > 0:
            return self._curve(self._check_rates(rate))[0]
        r = self._scalar_rate(rate)
        return self._out(self.signs.refine(curve.subs(RATE, r)))

    def applicants(self, rate: Any) -> tuple[str, ...]:
        """The types that apply at a (numeric) rate."""
        r = _coerce(rate, "rate", 0, low_open=True)
        return tuple(
            t.name for t in self.types if self.signs.compare(self._dropouts[t.name], r) >= 0
        )

    def demand(self, rate: Any) -> Any:
        """Loan demand: the mass of applicants at ``rate``."""
        names = set(self.applicants(rate))
        return self._out(sum((t.share for t in self.types if t.name in names), sp.Integer(0)))

    def jump(self, name: str) -> Any:
        """How far the return falls when type ``name`` drops out: ``rho(R̂-) - rho(R̂+)``."""
        at = self._dropouts[self._type(name).name]
        for k, (_, hi, _, value) in enumerate(self.intervals):
            if self.signs.compare(hi, at) == 0:
                if k + 1 == len(self.intervals):
                    raise NoSolutionError(
                        f"{name} is among the last to leave: above R = {sp.sstr(at)} nobody borrows"
                    )
                after = self.intervals[k + 1][3]
                return self._out(
                    self.signs.refine(sp.factor(sp.cancel((value - after).subs(RATE, at))))
                )
        raise NoSolutionError(f"{name} drops out above the top rate or never borrows")

    # ------------------------------------------------------ numeric curve
    def _numeric(self) -> list[tuple[float, float, float, Callable[[np.ndarray], np.ndarray]]]:
        return self._numeric_rows

    @cached_property
    def _numeric_rows(self) -> list[tuple[float, float, float, Callable[[np.ndarray], np.ndarray]]]:
        if any(
            sp.sympify(v).free_symbols - {RATE} for iv in self.intervals for v in (iv[1], iv[3])
        ):
            raise SolveError(
                "numbers are needed for the numeric curve: give every parameter a value"
            )
        rows = []
        for lo, hi, names, value in self.intervals:
            mass = float(sum(t.share for t in self.types if t.name in names))
            rows.append((float(lo), float(hi), mass, sp.lambdify(RATE, value, "numpy")))
        return rows

    def _curve(self, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rates = np.asarray(rates, dtype=float)
        ret = np.full(rates.shape, np.nan)
        dem = np.zeros(rates.shape)
        for lo, hi, mass, f in reversed(self._numeric()):
            inside = (rates > lo) & (rates <= hi * (1 + 1e-12))
            ret = np.where(inside, np.broadcast_to(f(rates), rates.shape), ret)
            dem = np.where(inside, mass, dem)
        return ret, dem

    def _top_exact(self) -> Any:
        return self.intervals[-1][1]

    def _top_float(self) -> float:
        hi = self._numeric()[-1][1]
        if math.isinf(hi):
            raise SolveError(
                "some type never drops out (collateral = reservation = 0): the curve has no top; "
                "set max_rate"
            )
        return hi

    def _breaks_float(self) -> list[float]:
        return [row[1] for row in self._numeric()]

    def _peaks_exact(self) -> list[tuple[Any, Any]]:
        rows = self.intervals
        peaks = []
        for k, (_, hi, _, value) in enumerate(rows):
            if hi is sp.oo:
                continue
            end = value.subs(RATE, hi)
            slope = sp.diff(value, RATE)
            nxt = rows[k + 1][3].subs(RATE, hi) if k + 1 < len(rows) else None
            if self.signs.compare(slope, 0) >= 0 and (
                nxt is None or self.signs.compare(end, nxt) > 0
            ):
                peaks.append((hi, end))
        return peaks

    def _peaks_float(self) -> list[float]:
        return [float(r) for r, _ in self._peaks_exact()]

    def shape(self) -> ReturnShape:
        """Local maxima, global maximum and whether the curve is hump-shaped (numbers needed)."""
        self._numeric()
        peaks = self._peaks_exact()
        last = self.intervals[-1]
        if last[1] is sp.oo:
            raise SolveError("some type never drops out: the curve has no top; set max_rate")
        top_value = last[3].subs(RATE, last[1])
        rises = self.signs.compare(sp.diff(last[3], RATE), 0) > 0
        return ReturnShape(
            tuple((self._out(r), self._out(v)) for r, v in peaks),
            self._out(last[1]),
            self._out(top_value),
            rises_at_top=rises,
        )

    def latex(self) -> str:
        """The return function in LaTeX."""
        return sp.latex(self.expected_return())

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


# ========================================================== continuous types
class StiglitzWeissContinuous(_ReturnCurve):
    r"""Stiglitz–Weiss with a continuum of types: a distribution over the risk index θ.

    The risk index is the failure probability: type θ succeeds with probability
    :math:`1 - \theta` and then returns :math:`\bar Y / (1 - \theta)`, so every type has
    the mean :math:`\bar Y`.

    Parameters
    ----------
    risk : scipy frozen continuous distribution or sympy.stats random symbol
        The distribution of θ over borrowers; its support must lie in [0, 1]. A
        ``sympy.stats`` distribution with exact parameters gives exact results.
    mean : number
        The common mean return :math:`\bar Y` per unit lent.
    collateral, reservation : number
        Collateral per unit lent and the borrowers' reservation value; the model
        needs ``collateral < mean - reservation``.
    mass : number
        The mass of potential borrowers.
    max_rate : number, optional
        A rate ceiling; needed for an exact top when the support reaches θ = 1
        (otherwise the curve stops where all but 1e-6 of the borrowers have left).

    Examples
    --------
    >>> import sympy.stats as ss
    >>> from fractions import Fraction as F
    >>> m = StiglitzWeissContinuous(ss.Uniform("theta", 0, F(1, 2)), mean=F(27, 20),
    ...                             collateral=F(1, 5), reservation=F(1, 10))
    >>> m.cutoff()
    5*(4*R - 5)/(4*(5*R - 1))
    >>> m.expected_return()
    Piecewise((R, R <= 1/5), (3*R/4 + 1/20, R <= 5/4), (R/4 + 27/40, R <= 23/10), (nan, True))
    >>> m.expected_return(2), m.demand(2)
    (47/40, 1/6)
    """

    def __init__(
        self,
        risk: Any,
        *,
        mean: Any,
        collateral: Any = 0,
        reservation: Any = 0,
        mass: Any = 1,
        max_rate: Any = None,
    ) -> None:
        self.mean = _coerce(mean, "mean", 0, low_open=True, meaning="mean return per unit lent")
        self.collateral = _coerce(collateral, "collateral", 0)
        self.reservation = _coerce(reservation, "reservation", 0)
        self.mass = _coerce(mass, "mass", 0, low_open=True)
        for name, v in (
            ("mean", self.mean),
            ("collateral", self.collateral),
            ("reservation", self.reservation),
            ("mass", self.mass),
        ):
            if v.free_symbols:
                raise ModelError(f"{name} must be a number in the continuous model")
        if not self.collateral < self.mean - self.reservation:
            raise ModelError(
                f"Stiglitz–Weiss assumption violated: collateral < mean - reservation "
                f"({self.collateral} >= {self.mean - self.reservation}); otherwise every loan "
                "anyone takes is fully secured and the rate selects no one"
            )
        self.risk = risk
        self._sympy = self._is_sympy(risk)
        lo, hi = self._support()
        if not (0 <= lo < hi <= 1):
            raise ModelError(
                f"the risk index is a failure probability: its distribution must live on [0, 1], "
                f"but its support is [{lo}, {hi}]"
            )
        self.support = (lo, hi)
        self.max_rate = (
            None if max_rate is None else _coerce(max_rate, "max_rate", 0, low_open=True)
        )
        self.exact = self._sympy and _is_exact(self.mean, self.collateral, self.reservation, lo, hi)

    @staticmethod
    def _is_sympy(risk: Any) -> bool:
        from sympy.stats.rv import RandomSymbol

        if isinstance(risk, RandomSymbol):
            return True
        dist = getattr(risk, "dist", None)
        if dist is None or not hasattr(risk, "expect") or not hasattr(risk, "support"):
            raise ModelError(
                "risk must be a frozen scipy.stats distribution or a sympy.stats random symbol"
            )
        if not hasattr(dist, "_pdf") and not hasattr(risk, "pdf"):
            raise ModelError(
                "risk must be a continuous distribution; use StiglitzWeiss for discrete types"
            )
        if hasattr(risk, "pmf"):
            raise ModelError(
                "risk must be a continuous distribution; use StiglitzWeiss for discrete types"
            )
        return False

    def _support(self) -> tuple[Any, Any]:
        if self._sympy:
            domain = self.risk.pspace.domain.set
            return domain.inf, domain.sup
        lo, hi = self.risk.support()
        return float(lo), float(hi)

    def __repr__(self) -> str:
        return (
            f"StiglitzWeissContinuous(risk on [{self.support[0]}, {self.support[1]}], "
            f"mean={self.mean}, "
            f"collateral={self.collateral}, reservation={self.reservation})"
        )

    # ----------------------------------------------------------- algebra
    @cached_property
    def _piece(self) -> sp.Expr:
        """Receipt of type θ on the rates it accepts (above the collateral)."""
        pieces = _receipt_pieces(
            [(sp.Integer(0), _THETA), (self.mean / (1 - _THETA), 1 - _THETA)], self.collateral
        )
        return sp.expand(pieces[1][0])

    @cached_property
    def _cutoff(self) -> sp.Expr:
        root = _solve_linear(self.mean - self._piece, self.reservation, _THETA)
        return sp.factor_terms(sp.cancel(root))

    def cutoff(self, rate: Any = None) -> Any:
        r"""The riskiness :math:`\hat\theta(R)` above which types apply (derived, in ``R``)."""
        if rate is None:
            return self._cutoff
        return self._value(self._cutoff.subs(RATE, _coerce(rate, "rate", 0, low_open=True)))

    @cached_property
    def _inverse_cutoff(self) -> sp.Expr:
        t = sp.Symbol("t")
        rate = _solve_linear(self._cutoff, t, RATE)
        return sp.Lambda(t, rate)

    def _rate_at(self, theta: Any) -> Any:
        return sp.oo if theta == 1 else sp.cancel(self._inverse_cutoff(theta))

    @cached_property
    def all_apply_rate(self) -> Any:
        """Up to this rate every type applies."""
        return self._rate_at(self.support[0])

    @cached_property
    def top_rate(self) -> Any:
        """The highest rate at which anyone applies (``oo`` when the support reaches θ = 1)."""
        top = self._rate_at(self.support[1]) if self.support[1] < 1 else sp.oo
        if self.max_rate is not None and (top == sp.oo or self.max_rate < top):
            return self.max_rate
        return top

    def _value(self, expr: Any) -> Any:
        expr = sp.sympify(expr)
        return expr if self.exact else float(expr)

    @cached_property
    def _density(self) -> sp.Expr:
        import sympy.stats as ss

        signs = _Signs()
        t = sp.Symbol("t_", positive=True)
        lo, hi = self.support
        f = ss.density(self.risk)(_THETA)
        # on the support the density's own conditions hold: decide them there
        signs.declare(t, 0, 1, high_open=True)
        inside = lo + (hi - lo) * t
        return signs.refine(f.subs(_THETA, inside)).subs(t, (_THETA - lo) / (hi - lo))

    def expected_return(self, rate: Any = None) -> Any:
        """The bank's expected return per loan: exact ``Piecewise`` (sympy.stats), or values.

        ``rate`` may be a number or an array; with a scipy distribution the values
        come from quadrature (floats).
        """
        if rate is None:
            if not self._sympy:
                raise SolveError(
                    "an exact return function needs a sympy.stats distribution; "
                    "give rates for numeric values"
                )
            return self._exact_curve
        if np.ndim(rate) > 0:
            return self._curve(self._check_rates(rate))[0]
        r = self._scalar_rate(rate)
        if self._sympy:
            return self._value(self._exact_curve.subs(RATE, r))
        return float(self._curve(np.array([float(r)]))[0][0])

    @cached_property
    def _exact_curve(self) -> sp.Expr:
        a = sp.Symbol("a", real=True)
        hi = self.support[1]
        f = self._density
        num = sp.integrate(self._piece * f, (_THETA, a, hi))
        den = sp.integrate(f, (_THETA, a, hi))
        partial = sp.simplify((num / den).subs(a, self.cutoff()))
        full = sp.simplify((num / den).subs(a, self.support[0]))
        pieces = [(RATE, self.collateral >= RATE)]
        pieces.append((full, self.all_apply_rate >= RATE))
        top = self.top_rate
        pieces.append((partial, top >= RATE) if top != sp.oo else (partial, True))
        if top != sp.oo:
            pieces.append((sp.nan, True))
        return sp.Piecewise(*pieces)

    @cached_property
    def _exact_demand(self) -> sp.Expr:
        a = sp.Symbol("a", real=True)
        share = sp.integrate(self._density, (_THETA, a, self.support[1]))
        return sp.Piecewise(
            (self.mass, self.all_apply_rate >= RATE),
            (sp.simplify(self.mass * share.subs(a, self.cutoff())), True),
        )

    def demand(self, rate: Any) -> Any:
        """Loan demand: the mass of applicants at ``rate``."""
        if np.ndim(rate) > 0:
            return self._curve(self._check_rates(rate))[1]
        r = self._scalar_rate(rate)
        if self._sympy:
            return self._value(self._exact_demand.subs(RATE, r))
        return float(self._curve(np.array([float(r)]))[1][0])

    # ------------------------------------------------------- numeric curve
    @cached_property
    def _functions(self) -> tuple[Callable, Callable]:
        if self._sympy:
            ret = sp.lambdify(RATE, self._exact_curve, "numpy")
            dem = sp.lambdify(RATE, self._exact_demand, "numpy")
            return ret, dem
        # the receipt is a polynomial in θ: sum_k c_k(R) θ^k, so only partial moments are needed
        coeffs = [
            sp.lambdify(RATE, c, "numpy") for c in sp.Poly(self._piece, _THETA).all_coeffs()[::-1]
        ]
        cut = sp.lambdify(RATE, self.cutoff(), "numpy")
        lo, hi = self.support
        dist, C, mass = self.risk, float(self.collateral), float(self.mass)

        def lower(rates: np.ndarray) -> np.ndarray:
            with np.errstate(divide="ignore", invalid="ignore"):
                theta = np.where(rates <= C, lo, cut(np.where(rates <= C, C + 1.0, rates)))
            return np.clip(theta, lo, hi)

        def ret(rates: np.ndarray) -> np.ndarray:
            out = np.array(rates, dtype=float)  # up to C every loan is fully secured
            r = rates[rates > C]
            bounds, where = np.unique(lower(r), return_inverse=True)
            moments = _conditional_moments(dist, bounds, lo, hi, len(coeffs) - 1)[:, where]
            out[rates > C] = sum(
                np.broadcast_to(c(r), r.shape) * m for c, m in zip(coeffs, moments, strict=True)
            )
            return out

        def dem(rates: np.ndarray) -> np.ndarray:
            return mass * dist.sf(lower(rates)) / dist.sf(lo)

        return ret, dem

    def _curve(self, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rates = np.asarray(rates, dtype=float)
        ret, dem = self._functions
        with np.errstate(divide="ignore", invalid="ignore"):  # numpy evaluates every branch
            return (
                np.broadcast_to(np.asarray(ret(rates), dtype=float), rates.shape).copy(),
                np.broadcast_to(np.asarray(dem(rates), dtype=float), rates.shape).copy(),
            )

    def _top_exact(self) -> Any:
        return self.top_rate

    def _top_float(self) -> float:
        return self._top_cache

    @cached_property
    def _top_cache(self) -> float:
        top = self.top_rate
        if top != sp.oo:
            return float(top)
        if self._sympy:
            raise SolveError(
                "the support reaches θ = 1, so some borrowers apply at any rate; set max_rate"
            )
        q = float(self.risk.isf(1e-6 * float(self.risk.sf(self.support[0]))))
        return float(self._rate_at(sp.Float(q, 17)))

    def _breaks_float(self) -> list[float]:
        return [float(self.collateral), float(self.all_apply_rate)]

    @cached_property
    def _peaks_cache(self) -> list[float]:
        from scipy.optimize import minimize_scalar

        grid = self.grid(600, peaks=False)
        values = self._curve(grid)[0]
        kinks = self._breaks_float()
        peaks = []
        for i in range(1, len(grid) - 1):
            if values[i] >= values[i - 1] and values[i] > values[i + 1]:
                kink = [k for k in kinks if abs(k - grid[i]) <= 1e-12 * grid[i]]
                if kink:  # a kink of the curve: the maximum is exactly there
                    peaks.append(kink[0])
                    continue
                best = minimize_scalar(
                    lambda r: -float(self._curve(np.array([r]))[0][0]),
                    bounds=(grid[i - 1], grid[i + 1]),
                    method="bounded",
                    options={"xatol": 1e-10},
                )
                peaks.append(float(best.x))
        top = self._top_float()
        if values[-1] >= values[-2]:
            peaks.append(top)
        return peaks

    def _peaks_float(self) -> list[float]:
        return list(self._peaks_cache)

    def shape(self) -> ReturnShape:
        """Local maxima, the global maximum and whether the curve is hump-shaped (numeric)."""
        top = self._top_float()
        peaks = tuple((r, float(self._curve(np.array([r]))[0][0])) for r in self._peaks_cache)
        limit = self.top_rate == sp.oo and self.max_rate is None
        top_value = (
            float(self.mean - self.reservation)
            if limit
            else float(self._curve(np.array([top]))[0][0])
        )
        grid = self.grid(600, peaks=False)
        values = self._curve(grid)[0]
        return ReturnShape(
            peaks, top, top_value, top_is_limit=limit, rises_at_top=bool(values[-1] > values[-2])
        )


def _conditional_moments(
    dist: Any, bounds: np.ndarray, lo: float, hi: float, order: int
) -> np.ndarray:
    """``E[θ^k | θ >= b]`` for k = 0..order and every bound b (adaptive Gauss–Kronrod).

    A bound at the top of the support gives the point mass there.
    """
    powers = np.arange(order + 1)[:, None]
    result = np.asarray(bounds, dtype=float)[None, :] ** powers
    # the bottom of the support (where a density may be singular) apart from the rest,
    # so that one hard integral does not make the adaptive rule refine them all
    for part in (bounds <= lo, (bounds > lo) & (hi - bounds > 1e-12 * (hi - lo))):
        if part.any():
            result[:, part] = _moments(dist, bounds[part], hi, powers)
    return result


def _moments(dist: Any, lb: np.ndarray, hi: float, powers: np.ndarray) -> np.ndarray:
    from scipy.integrate import quad_vec

    span = hi - lb

    def smooth(t: float) -> tuple[float, float]:
        """``z = g(g(t))`` with ``g(t) = (1 - cos πt)/2``, and ``dz/dt``: flat at both ends,
        which tames integrable singularities of the density at the limits."""
        inner = math.sin(math.pi * t / 2) ** 2  # (1 - cos πt)/2 without cancellation
        z = math.sin(math.pi * inner / 2) ** 2
        return z, (math.pi / 2) ** 2 * math.sin(math.pi * inner) * math.sin(math.pi * t)

    def integrand(t: float) -> np.ndarray:
        z, dz = smooth(t)
        theta = lb + span * z
        with np.errstate(invalid="ignore", divide="ignore"):
            weight = np.nan_to_num(dist.pdf(theta), nan=0.0, posinf=0.0) * span * dz
        return (theta[None, :] ** powers * weight[None, :]).ravel()

    total, _ = quad_vec(integrand, 0.0, 1.0, epsabs=1e-14, epsrel=1e-11)
    total = total.reshape(len(powers), -1)
    return total / total[0]


# ================================================================= Bester
@dataclass(frozen=True)
class Contract:
    """A loan contract: collateral ``C`` and repayment ``R`` per unit lent."""

    collateral: Any
    repayment: Any

    def __iter__(self):
        return iter((self.collateral, self.repayment))

    def __str__(self) -> str:
        return f"(C={self.collateral}, R={self.repayment})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"collateral": _plain(self.collateral), "repayment": _plain(self.repayment)}


@dataclass(frozen=True)
class Screening:
    """Bester's screening outcome: each type's contract and chance of getting credit.

    ``slacks`` holds every constraint's slack (``>= 0`` when it holds): both zero-profit
    conditions, both incentive constraints and the participation constraints.
    """

    contracts: Mapping[str, Contract]
    credit_probability: Mapping[str, Any]
    utilities: Mapping[str, Any]
    slacks: Mapping[str, Any]
    wealth_constrained: bool = False

    @property
    def rationed(self) -> Any:
        """The probability that a low-risk SME is refused credit."""
        p = self.credit_probability["low"]
        return 1 - p if isinstance(p, float) else 1 - sp.sympify(p)

    def __str__(self) -> str:
        rows = [
            f"{k}: {c}, credit with probability {self.credit_probability[k]}"
            for k, c in self.contracts.items()
        ]
        head = (
            "wealth-constrained: the low-risk SME is rationed"
            if self.wealth_constrained
            else "separating"
        )
        return "\n".join([head, *rows])

    def __repr__(self) -> str:
        return f"Screening({'; '.join(f'{k}={c}' for k, c in self.contracts.items())})"

    def latex(self) -> str:
        """The contracts as a LaTeX array."""
        rows = " \\\\ ".join(
            f"\\text{{{k}}} & {sp.latex(c.collateral)} & {sp.latex(c.repayment)} & "
            f"{sp.latex(self.credit_probability[k])}"
            for k, c in self.contracts.items()
        )
        return r"\begin{array}{lccc} & C & R & \Pr(\text{credit}) \\ " + rows + r"\end{array}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "contracts": {k: c.to_dict() for k, c in self.contracts.items()},
            "credit_probability": _plain(dict(self.credit_probability)),
            "utilities": _plain(dict(self.utilities)),
            "slacks": _plain(dict(self.slacks)),
            "wealth_constrained": self.wealth_constrained,
        }


class Bester:
    r"""Bester (1985) screening with collateral: separating contracts for two risk types.

    Parameters
    ----------
    p_low, p_high : number or sympy expression
        Success probabilities of the low-risk and the high-risk type (``p_low > p_high``).
    funding : number
        The bank's gross cost of funds per unit lent (:math:`\rho`).
    beta : number
        Share of seized collateral the bank realises, in (0, 1] (1: costless collateral).
    return_low, return_high : number
        Project returns on success (they fix utility levels, not the contracts).
    reservation : number
        The borrowers' reservation utility.
    low_share : number, optional
        Share of low-risk borrowers (for the pooling contract).
    wealth : number, optional
        Collateral the low-risk SME can post (``None``: unlimited).

    Arguments left as ``None`` (except ``wealth`` and ``low_share``) stay symbolic.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5),
    ...            return_low=F(3, 2), return_high=F(9, 4))
    >>> print(b.separating())
    separating
    low: (C=105/104, R=14/13), credit with probability 1
    high: (C=0, R=7/4), credit with probability 1
    >>> b.with_wealth(F(1, 2)).equilibrium().rationed
    53/143
    """

    SYMBOLS: Mapping[str, sp.Symbol] = {
        "p_low": sp.Symbol("p_l", positive=True),
        "p_high": sp.Symbol("p_h", positive=True),
        "funding": sp.Symbol("rho", positive=True),
        "beta": sp.Symbol("beta", positive=True),
        "return_low": sp.Symbol("X_l", positive=True),
        "return_high": sp.Symbol("X_h", positive=True),
        "low_share": sp.Symbol("n_l", positive=True),
    }

    def __init__(
        self,
        p_low: Any = None,
        p_high: Any = None,
        *,
        funding: Any = None,
        beta: Any = None,
        return_low: Any = None,
        return_high: Any = None,
        reservation: Any = 0,
        low_share: Any = None,
        wealth: Any = None,
    ) -> None:
        given = {
            "p_low": p_low,
            "p_high": p_high,
            "funding": funding,
            "beta": beta,
            "return_low": return_low,
            "return_high": return_high,
            "low_share": low_share,
        }
        v = {k: self.SYMBOLS[k] if x is None else _coerce(x, k) for k, x in given.items()}
        domains = {
            "p_low": (0, 1, True, False),
            "p_high": (0, 1, True, True),
            "beta": (0, 1, True, False),
            "low_share": (0, 1, True, True),
        }
        for k, (lo, hi, lo_open, hi_open) in domains.items():
            if not v[k].free_symbols:
                _coerce(v[k], k, lo, hi, low_open=lo_open, high_open=hi_open)
        for k in ("funding", "return_low", "return_high"):
            if not v[k].free_symbols:
                _coerce(v[k], k, 0, low_open=True)
        if (
            not (v["p_low"].free_symbols or v["p_high"].free_symbols)
            and not v["p_low"] > v["p_high"]
        ):
            raise ModelError(
                f"Bester's model needs the low-risk type to succeed more often: p_low={v['p_low']} "
                f"<= p_high={v['p_high']}"
            )
        self.values = v
        self.reservation = _coerce(reservation, "reservation", 0)
        self.wealth = None if wealth is None else _coerce(wealth, "wealth", 0)
        self.signs = _Signs()
        self.signs.declare(v["p_low"], 0, 1)
        self.signs.declare(v["p_high"], 0, v["p_low"], high_open=True)
        self.signs.declare(v["beta"], 0, 1)
        self.signs.declare(v["low_share"], 0, 1, high_open=True)
        for k in ("funding", "return_low", "return_high"):
            self.signs.declare(v[k], 0)
        for s in (self.reservation, self.wealth):
            if s is not None:
                self.signs.declare(s, 0, low_open=False)
        self.exact = _is_exact(
            *v.values(), self.reservation, *(() if wealth is None else (self.wealth,))
        )

    def with_wealth(self, wealth: Any) -> Bester:
        """The same market with the low-risk SME's wealth limited to ``wealth``."""
        v = self.values
        return Bester(
            v["p_low"],
            v["p_high"],
            funding=v["funding"],
            beta=v["beta"],
            return_low=v["return_low"],
            return_high=v["return_high"],
            reservation=self.reservation,
            low_share=v["low_share"],
            wealth=wealth,
        )

    def __repr__(self) -> str:
        v = self.values
        return (
            f"Bester(p_low={v['p_low']}, p_high={v['p_high']}, funding={v['funding']}, "
            f"beta={v['beta']}, wealth={self.wealth})"
        )

    def _out(self, expr: Any) -> Any:
        expr = sp.sympify(expr)
        if self.exact or expr.free_symbols:
            return sp.factor_terms(sp.cancel(expr)) if expr.free_symbols else expr
        return float(expr)

    def _p(self, kind: str) -> sp.Expr:
        if kind == "pooled":
            n = self.values["low_share"]
            return n * self.values["p_low"] + (1 - n) * self.values["p_high"]
        if kind not in ("low", "high"):
            raise ModelError(f"unknown type {kind!r}; valid types: low, high")
        return self.values[f"p_{kind}"]

    # ------------------------------------------------------------- primitives
    def utility(self, kind: str) -> sp.Expr:
        """The borrower's expected utility ``p (X - R) - (1 - p) C`` in the contract terms."""
        p = self._p(kind)
        return p * (self.values[f"return_{kind}"] - RATE) - (1 - p) * COLLATERAL

    def bank_profit(self, kind: str) -> sp.Expr:
        """The bank's expected profit per loan to ``"low"``, ``"high"`` or ``"pooled"``."""
        p = self._p(kind)
        return p * RATE + (1 - p) * self.values["beta"] * COLLATERAL - self.values["funding"]

    def zero_profit_line(self, kind: str) -> sp.Expr:
        """The repayment ``R(C)`` at which the bank breaks even on ``kind``."""
        return _solve_linear(self.bank_profit(kind), 0, RATE)

    def indifference_curve(self, kind: str, through: Contract) -> sp.Expr:
        """The repayment ``R(C)`` leaving ``kind`` as well off as at the contract ``through``."""
        level = self.utility(kind).subs({COLLATERAL: through.collateral, RATE: through.repayment})
        return _solve_linear(self.utility(kind), level, RATE)

    def value(self, kind: str, contract: Contract) -> Any:
        """``kind``'s utility at ``contract``."""
        return self._out(
            self.utility(kind).subs({COLLATERAL: contract.collateral, RATE: contract.repayment})
        )

    # ------------------------------------------------------------- derivation
    def _best_on_line(
        self, kind: str, line: sp.Expr, constraints: Sequence[tuple[str, sp.Expr]], cap: Any = None
    ) -> Contract:
        """Maximise ``kind``'s utility on ``R = line(C)``, ``0 <= C (<= cap)``, s.t. constraints.

        Every constraint is ``expr(C, R) >= 0``, linear in ``C`` on the line. Ties go to
        the least collateral.
        """
        lower: list[tuple[Any, str]] = [(sp.Integer(0), "C >= 0")]
        upper: list[tuple[Any, str]] = [] if cap is None else [(cap, "C <= wealth")]
        for label, expr in constraints:
            on_line = sp.expand(expr.subs(RATE, line))
            slope, rest = on_line.coeff(COLLATERAL), on_line.subs(COLLATERAL, 0)
            s = self.signs.sign(slope)
            if s == "0":
                if self.signs.truth(rest >= 0) is False:
                    raise NoSolutionError(f"{label} fails for every collateral")
                continue
            bound = sp.cancel(-rest / slope)
            if s in ("+", "+0"):
                lower.append((bound, label))
            elif s in ("-", "-0"):
                upper.append((bound, label))
            else:
                raise SolveError(f"cannot sign the slope of {label} along the line; give numbers")
        lo = max(lower, key=functools.cmp_to_key(lambda a, b: self.signs.compare(a[0], b[0])))
        hi = (
            min(upper, key=functools.cmp_to_key(lambda a, b: self.signs.compare(a[0], b[0])))
            if upper
            else None
        )
        if hi is not None and self.signs.compare(lo[0], hi[0]) > 0:
            raise NoSolutionError(f"no contract on the line satisfies both {lo[1]} and {hi[1]}")
        gain = self.signs.sign(sp.diff(self.utility(kind).subs(RATE, line), COLLATERAL))
        if gain is None:
            raise SolveError(
                "cannot sign the utility gain from collateral along the line; give numbers"
            )
        if gain == "+":
            if hi is None:
                raise NoSolutionError(f"{kind} wants unbounded collateral")
            c = hi[0]
        else:
            c = lo[0]
        return Contract(self._out(c), self._out(line.subs(COLLATERAL, c)))

    @cached_property
    def _separating(self) -> tuple[Contract, Contract, Any]:
        high = self._best_on_line("high", self.zero_profit_line("high"), [])
        keep_high = self.utility("high").subs({COLLATERAL: high.collateral, RATE: high.repayment})
        ic_high = ("the high-risk type's incentive constraint", keep_high - self.utility("high"))
        unconstrained = self._best_on_line("low", self.zero_profit_line("low"), [ic_high])
        return high, unconstrained, keep_high

    def separating(self) -> Screening:
        """The separating contracts, ignoring any wealth limit (derived, exact)."""
        high, low, _ = self._separating
        return self._screening(
            {"low": low, "high": high}, {"low": sp.Integer(1), "high": sp.Integer(1)}
        )

    def equilibrium(self) -> Screening:
        """The screening outcome given the low-risk SME's wealth.

        If the wealth covers the separating collateral, the separating contracts. If
        not, the low-risk SME gets the most collateral it can post, with the repayment
        at which the bank breaks even on it, and only with the probability ``φ`` that
        leaves the high-risk type indifferent (so it does not mimic): it is rationed
        with probability ``1 - φ``.
        """
        high, low, _ = self._separating
        if self.wealth is None or self.signs.compare(low.collateral, self.wealth) <= 0:
            return self.separating()
        capped, prob = self._capped(self.wealth)
        return self._screening(
            {"low": capped, "high": high},
            {"low": self._out(prob), "high": sp.Integer(1)},
            wealth_constrained=True,
        )

    def _capped(self, wealth: Any) -> tuple[Contract, sp.Expr]:
        """The low-risk contract at collateral ``wealth`` and the chance ``φ`` it is granted.

        ``φ`` solves ``φ·U_h(capped) + (1 - φ)·u = U_h(own contract)``: the high-risk
        type is just indifferent between its contract and applying for the capped one.
        """
        _, _, keep_high = self._separating
        r = self.zero_profit_line("low").subs(COLLATERAL, wealth)
        phi = sp.Symbol("phi")
        mimic = self.utility("high").subs({COLLATERAL: wealth, RATE: r})
        prob = _solve_linear(phi * mimic + (1 - phi) * self.reservation, keep_high, phi)
        return Contract(self._out(wealth), self._out(r)), prob

    def _screening(
        self,
        contracts: dict[str, Contract],
        probs: dict[str, Any],
        wealth_constrained: bool = False,
    ) -> Screening:
        u = {
            k: self.utility(k).subs({COLLATERAL: c.collateral, RATE: c.repayment})
            for k, c in contracts.items()
        }
        slacks = {}
        for k, c in contracts.items():
            other = "high" if k == "low" else "low"
            o = contracts[other]
            mimic = self.utility(k).subs({COLLATERAL: o.collateral, RATE: o.repayment})
            slacks[f"zero profit ({k})"] = -self.bank_profit(k).subs(
                {COLLATERAL: c.collateral, RATE: c.repayment}
            )
            p, q = probs[k], probs[other]
            slacks[f"incentive ({k})"] = (p * u[k] + (1 - p) * self.reservation) - (
                q * mimic + (1 - q) * self.reservation
            )
            slacks[f"participation ({k})"] = u[k] - self.reservation
            slacks[f"limited liability ({k})"] = self.values[f"return_{k}"] - c.repayment
        for k in contracts:
            if self.signs.sign(slacks[f"limited liability ({k})"]) == "-":
                raise ModelError(
                    f"limited liability violated: the {k}-risk repayment {contracts[k].repayment} "
                    f"exceeds the project's return on success {self.values[f'return_{k}']}"
                )
            if self.signs.sign(slacks[f"participation ({k})"]) == "-":
                raise NoSolutionError(
                    f"the {k}-risk type does not borrow: its utility {self._out(u[k])} at the "
                    f"contract is below its reservation value {self.reservation}"
                )
        return Screening(
            contracts,
            {k: self._out(v) for k, v in probs.items()},
            {k: self._out(v) for k, v in u.items()},
            {k: self._out(v) for k, v in slacks.items()},
            wealth_constrained,
        )

    def pooling(self, collateral: Any = 0) -> Contract:
        """The pooled contract at ``collateral`` on which the bank breaks even over both types."""
        c = _coerce(collateral, "collateral", 0)
        return Contract(
            self._out(c), self._out(self.zero_profit_line("pooled").subs(COLLATERAL, c))
        )


# ================================================================== figures
def _models(models: Any) -> dict[str, Any]:
    if isinstance(models, Mapping):
        return dict(models)
    return {"expected return": models}


def expected_return_data(models: Any, points: int = 400) -> FigureData:
    """The numbers behind :func:`plot_expected_return`: rate and each model's return.

    ``models`` is a model or a ``{label: model}`` mapping. A model's column is empty
    above its top rate.
    """
    named = _models(models)
    top = max(m._top_float() for m in named.values())
    rates = np.unique(
        np.concatenate(
            [
                np.linspace(top / points, top, points),
                *[np.asarray(m._breaks_float() + m._peaks_float()) for m in named.values()],
            ]
        )
    )
    columns: dict[str, list[Any]] = {"R": rates.tolist()}
    notes: dict[str, Any] = {}
    for label, m in named.items():
        inside = rates <= m._top_float() * (1 + 1e-12)
        values = np.full(rates.shape, np.nan)
        values[inside] = m._curve(rates[inside])[0]
        columns[label] = [float(v) if ok else "" for v, ok in zip(values, inside, strict=True)]
        notes[f"{label}: shape"] = str(m.shape())
    return FigureData(columns, title="Bank's expected return against the loan rate", notes=notes)


def plot_expected_return(
    models: Any, *, points: int = 400, ax: Any = None, style: str = "paper", title: str = ""
) -> Any:
    """Draw the bank's expected return against the gross loan rate for one or more models.

    Discrete models are drawn piece by piece (the drops are gaps); local maxima are
    marked.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> sw = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), safe_share=F(1, 2),
    ...                             collateral=F(1, 5), reservation=F(1, 10))
    >>> fig = plot_expected_return(sw, points=4)
    >>> figure_data(fig).columns["expected return"][-1]
    1.25
    """
    data = expected_return_data(models, points)
    named = _models(models)
    rates = np.asarray(data.columns["R"])
    with style_context(style):
        fig, ax = new_axes(ax)
        for label, m in named.items():
            col = np.array([np.nan if v == "" else v for v in data.columns[label]], dtype=float)
            if isinstance(m, StiglitzWeiss):
                line = None
                for lo, hi, _, _ in m._numeric():
                    seg = (rates > lo) & (rates <= hi * (1 + 1e-12))
                    (line,) = ax.plot(
                        rates[seg],
                        col[seg],
                        color=None if line is None else line.get_color(),
                        label=None if line is not None else label,
                    )
            else:
                (line,) = ax.plot(rates, col, label=label)
            shape = m.shape()
            for r, v in shape.peaks:
                ax.plot([float(r)], [float(v)], "o", color=line.get_color(), markersize=4)
        ax.set_xlabel("gross loan rate $R$")
        ax.set_ylabel(r"bank's expected return $\bar\rho(R)$")
        if len(named) > 1:
            ax.legend()
        ax.set_title(title or data.title)
    if title:
        data.title = title
    return attach_data(fig, data)


def credit_market_data(model: Any, supply: Any, *, cost: Any = 0, points: int = 400) -> FigureData:
    """The numbers behind :func:`plot_credit_market`: return, demand and supply by rate."""
    outcome = model.market(supply, cost=cost)
    rates = model.grid(points)
    ret, dem = model._curve(rates)
    c = float(cost)
    funds = (
        np.asarray(supply(ret - c), dtype=float)
        if callable(supply)
        else np.full(rates.shape, np.inf)
    )
    notes = {k: v for k, v in outcome.to_dict().items()}
    notes["cost"] = c
    return FigureData(
        {
            "R": rates.tolist(),
            "return": ret.tolist(),
            "demand": dem.tolist(),
            "supply": np.broadcast_to(funds, rates.shape).tolist(),
        },
        title="Credit market: demand, supply and rationing",
        notes=notes,
    )


def plot_credit_market(
    model: Any,
    supply: Any,
    *,
    cost: Any = 0,
    points: int = 400,
    ax: Any = None,
    style: str = "paper",
    title: str = "",
) -> Any:
    """The Stiglitz–Weiss market diagram: the return curve, and loan demand against supply.

    Left: the bank's return with the bank-optimal rate marked. Right: loan demand
    and the supply of funds at the deposit return each rate pays, with the rationing
    gap at the bank-optimal rate (and the second rate, if there is one). ``ax`` may
    be a pair of axes.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> sw = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), safe_share=F(1, 2),
    ...                             collateral=F(1, 5), reservation=F(1, 10))
    >>> fig = plot_credit_market(sw, lambda r: 0.6 * r, points=20)
    >>> figure_data(fig).notes["kind"]
    'two rates'
    """
    data = credit_market_data(model, supply, cost=cost, points=points)
    n = data.notes
    rates = np.asarray(data.columns["R"])
    with style_context(style):
        if ax is None:
            import matplotlib.pyplot as plt

            fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
        else:
            left, right = ax
            fig = left.get_figure()
        left.plot(rates, data.columns["return"], color="C0")
        left.set_xlabel("gross loan rate $R$")
        left.set_ylabel(r"bank's expected return $\bar\rho(R)$")
        right.plot(rates, data.columns["demand"], label="loan demand", color="C1")
        supply_col = np.asarray(data.columns["supply"], dtype=float)
        if np.all(np.isfinite(supply_col)):
            right.plot(rates, supply_col, label="supply of funds", color="C2")
        for r, style_ in ((n["rate"], "--"), (n["upper_rate"], ":")):
            if r is not None:
                left.axvline(r, color="grey", linestyle=style_, linewidth=0.8)
                right.axvline(r, color="grey", linestyle=style_, linewidth=0.8)
        if n["kind"] in ("rationing", "two rates"):
            right.annotate(
                "",
                xy=(n["rate"], n["supply"]),
                xytext=(n["rate"], n["demand"]),
                arrowprops={"arrowstyle": "<->", "color": "C3"},
            )
            right.text(
                n["rate"], (n["supply"] + n["demand"]) / 2, " rationed", color="C3", va="center"
            )
        right.set_xlabel("gross loan rate $R$")
        right.set_ylabel("loans")
        right.legend()
        fig.suptitle(title or data.title)
    if title:
        data.title = title
    return attach_data(fig, data)


def screening_data(model: Bester, *, collateral_max: Any = None, points: int = 200) -> FigureData:
    """The numbers behind :func:`plot_screening` (numbers needed)."""
    sep = model.separating()
    eq = model.equilibrium()
    low, high = sep.contracts["low"], sep.contracts["high"]
    cmax = (
        float(collateral_max)
        if collateral_max is not None
        else 1.4 * max(float(low.collateral), 1e-9)
    )
    cs = np.linspace(0, cmax, points)
    lines = {
        "zero profit (low)": model.zero_profit_line("low"),
        "zero profit (high)": model.zero_profit_line("high"),
        "indifference (high)": model.indifference_curve("high", high),
        "indifference (low)": model.indifference_curve("low", low),
    }
    if not model.values["low_share"].free_symbols:
        lines["zero profit (pooled)"] = model.zero_profit_line("pooled")
    columns: dict[str, list[Any]] = {"C": cs.tolist()}
    for label, expr in lines.items():
        if expr.free_symbols - {COLLATERAL}:
            raise SolveError("the screening figure needs numbers for every parameter")
        f = sp.lambdify(COLLATERAL, expr, "numpy")
        columns[label] = np.broadcast_to(np.asarray(f(cs), dtype=float), cs.shape).tolist()
    notes: dict[str, Any] = {"low": low.to_dict(), "high": high.to_dict()}
    if eq.wealth_constrained:
        notes["wealth"] = _plain(model.wealth)
        notes["rationed (low)"] = _plain(eq.rationed)
        notes["capped (low)"] = eq.contracts["low"].to_dict()
    return FigureData(columns, title="Screening with collateral: the (C, R) plane", notes=notes)


def plot_screening(
    model: Bester,
    *,
    collateral_max: Any = None,
    points: int = 200,
    ax: Any = None,
    style: str = "paper",
    title: str = "",
) -> Any:
    """Bester's (collateral, repayment) plane: zero-profit lines, indifference curves, contracts.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5), return_low=F(3, 2),
    ...            return_high=F(9, 4), low_share=F(1, 2))
    >>> figure_data(plot_screening(b, points=3)).notes["low"]
    {'collateral': '105/104', 'repayment': '14/13'}
    """
    data = screening_data(model, collateral_max=collateral_max, points=points)
    cs = np.asarray(data.columns["C"])
    styles = {
        "zero profit (low)": ("C0", "-"),
        "zero profit (high)": ("C3", "-"),
        "zero profit (pooled)": ("grey", ":"),
        "indifference (high)": ("C3", "--"),
        "indifference (low)": ("C0", "--"),
    }
    with style_context(style):
        fig, ax = new_axes(ax)
        for label, (color, ls) in styles.items():
            if label in data.columns:
                ax.plot(cs, data.columns[label], color=color, linestyle=ls, label=label)
        for kind, color in (("low", "C0"), ("high", "C3")):
            c = model.separating().contracts[kind]
            ax.plot([float(c.collateral)], [float(c.repayment)], "o", color=color)
        if "wealth" in data.notes:
            ax.axvline(
                float(model.wealth),
                color="k",
                linewidth=0.8,
                linestyle="-.",
                label="wealth of the low-risk SME",
            )
        ax.set_xlabel("collateral $C$")
        ax.set_ylabel("repayment $R$")
        ax.legend(fontsize="small")
        ax.set_title(title or data.title)
    if title:
        data.title = title
    return attach_data(fig, data)


def wealth_rationing_data(model: Bester, wealths: Sequence[float]) -> FigureData:
    """The low-risk SME's chance of credit, its collateral and repayment, against its wealth.

    Below the separating collateral the SME posts all it has and is granted credit with
    the probability that keeps the high-risk type from mimicking; above it, it always
    gets the separating contract. The credit probability is derived once, with the
    wealth symbolic, and evaluated over the grid.
    """
    grid = np.asarray(wealths, dtype=float)
    if grid.size == 0 or np.any(~np.isfinite(grid)) or np.any(grid < 0):
        raise DomainError("wealths must be finite and nonnegative")
    low = model.separating().contracts["low"]
    needed = float(low.collateral)
    w = sp.Symbol("W", nonnegative=True)
    capped, prob = model._capped(w)
    functions = [sp.lambdify(w, e, "numpy") for e in (prob, capped.repayment)]
    if any(e.free_symbols - {w} for e in (prob, sp.sympify(capped.repayment))):
        raise SolveError("the rationing figure needs numbers for every parameter")
    short = grid < needed
    credit = np.where(short, np.broadcast_to(functions[0](grid), grid.shape), 1.0)
    repayment = np.where(
        short, np.broadcast_to(functions[1](grid), grid.shape), float(low.repayment)
    )
    columns = {
        "W": grid.tolist(),
        "credit probability (low)": credit.tolist(),
        "collateral (low)": np.minimum(grid, needed).tolist(),
        "repayment (low)": repayment.tolist(),
    }
    notes = {
        "separating collateral": _plain(low.collateral),
        "separating repayment": _plain(low.repayment),
    }
    return FigureData(columns, title="Rationing of a wealth-constrained low-risk SME", notes=notes)


def plot_wealth_rationing(
    model: Bester,
    wealths: Sequence[float],
    *,
    ax: Any = None,
    style: str = "paper",
    title: str = "",
) -> Any:
    """Draw the low-risk SME's probability of credit against the collateral it can post.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5), return_low=F(3, 2),
    ...            return_high=F(9, 4))
    >>> data = figure_data(plot_wealth_rationing(b, [0.5, 2.0]))
    >>> [round(p, 6) for p in data.columns["credit probability (low)"]]
    [0.629371, 1.0]
    """
    data = wealth_rationing_data(model, wealths)
    grid = np.asarray(data.columns["W"])
    needed = float(model.separating().contracts["low"].collateral)
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(grid, data.columns["credit probability (low)"], color="C0")
        ax.axvline(needed, color="grey", linestyle="--", linewidth=0.8)
        ax.set_xlabel("wealth of the low-risk SME $W$ (collateral it can post)")
        ax.set_ylabel("probability of credit")
        ax.set_ylim(0, 1.05)
        ax.set_title(title or data.title)
    if title:
        data.title = title
    return attach_data(fig, data)
