r"""Stiglitz–Weiss (1981) with finitely many risk types: the bank's return, exact and symbolic.

A borrower's project pays :math:`X` per unit lent with probability :math:`p` and
nothing otherwise. Types differ in risk but not in mean: every type has the same
mean return :math:`\bar Y = pX`, so a riskier type is a mean-preserving spread of a
safer one. A one-unit loan at the gross rate :math:`R` (the repayment due) is
secured by collateral :math:`C`. Limited liability: on a project return :math:`y`
the bank receives :math:`\min(R,\, y + C)` and the borrower keeps
:math:`\max(y - R,\, -C)`; the two add up to :math:`y`. So the bank's expected
receipt from a type and the type's expected profit are

.. math:: \rho(R) = E\,\min(R,\, y + C), \qquad \pi(R) = \bar Y - \rho(R).

A type applies iff :math:`\pi(R) \ge u` (its reservation value): *a type that is
indifferent applies* — the one rule of indifference, used by the symbolic and the
numeric roads alike. As :math:`\rho` is continuous and nondecreasing, a type applies
iff :math:`R \le \hat R`, its *drop-out rate*: the largest rate with
:math:`\rho(\hat R) \le \bar Y - u`, the root of :math:`\rho(\hat R) = \bar Y - u`
where the receipt still rises. When :math:`C = u = 0` the receipt levels off at
:math:`\bar Y` for :math:`R \ge X`, the type is indifferent at every such rate, and
it never drops out (:math:`\hat R = \infty`; the return curve then has no top). The
bank's expected return per loan is the applicants' average receipt,
:math:`\bar\rho(R) = E[\rho_\theta(R) \mid R \le \hat R_\theta]`, and loan demand
is the mass of applicants (one unit each).

:class:`StiglitzWeiss` takes finitely many types (:class:`RiskType`), exact and
symbolic: every receipt is piecewise linear in :math:`R`, so :math:`\bar\rho` is a
``Piecewise`` whose pieces end at the drop-out rates, where it jumps down (SW
Theorem 4). The shape of the curve (:meth:`~StiglitzWeiss.shape`) and the loan market
(:meth:`~StiglitzWeiss.market`) are shared with the continuous model
(:mod:`.credit_market`); a continuum of types is :mod:`.stiglitz_weiss_continuous`.

Why one file: it is one model, :class:`StiglitzWeiss`, whose drop-out rates, return
curve and its numeric form are all read off the same per-type receipt pieces.

Stiglitz, J. E. and A. Weiss (1981), *American Economic Review* 71(3): 393–410;
Arnold, L. G. and J. G. Riley (2009), *American Economic Review* 99(5): 2012–2021.
See docs/explanation/information.md.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import Domains
from ...errors import DomainError, ModelError, NoSolutionError, SolveError
from ...parameters import TABLES
from ._credit_algebra import COLLATERAL, RATE, _coerce, _is_exact, _solve_linear
from .credit_market import ReturnShape, _receipt_pieces, _ReturnCurve

__all__ = ["PARAMETERS", "RiskType", "StiglitzWeiss"]

#: The model's own parameter table: ``C`` is collateral (not the exit cost), ``u`` the
#: reservation value (see :data:`gametheory_cluster.parameters.TABLES`).
PARAMETERS = TABLES["StiglitzWeiss"]


def _linear_root(expr: sp.Expr, target: Any) -> sp.Expr:
    """The rate at which the linear piece ``expr`` (in R) equals ``target``."""
    return _solve_linear(expr, target, RATE)


def _dropout_piecewise(pieces: list[tuple[sp.Expr, Any]], target: Any) -> sp.Expr:
    """Where the nondecreasing receipt reaches ``target``: the largest rate a type accepts.

    A type applies while its receipt is at most ``target`` (indifference: it applies);
    if the last, flat piece of the receipt is still at most ``target`` it never leaves.
    """
    branches = []
    finite = pieces[:-1]
    for k, (expr, upper) in enumerate(finite):
        at_upper = sp.expand(expr.subs(RATE, upper))
        last = k == len(finite) - 1
        cond = sp.Gt(sp.expand(at_upper - target), 0) if last else sp.Le(target, at_upper)
        branches.append((sp.factor_terms(_linear_root(expr, target)), cond))
    branches.append((sp.oo, True))
    return sp.Piecewise(*branches)


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

    #: The symbols :meth:`two_type` uses for arguments it is not given, from the model's own
    #: parameter table (:data:`PARAMETERS`; ``u >= 0``: a positive ``u`` can be assumed).
    SYMBOLS: Mapping[str, sp.Symbol] = {
        "p_safe": PARAMETERS.symbol("p_s"),
        "p_risky": PARAMETERS.symbol("p_r"),
        "mean": PARAMETERS.symbol("Ybar"),
        "safe_share": PARAMETERS.symbol("n_s"),
        "collateral": COLLATERAL,
        "reservation": PARAMETERS.symbol("u"),
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
        self.signs = Domains()
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
                self.signs.declare(s, 0, low_open=bool(s.is_positive))
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
        >>> regime = [S["mean"] - S["reservation"] > S["collateral"], S["reservation"] > 0]
        >>> sw = StiglitzWeiss.two_type(assumptions=regime)
        >>> sw.dropout_rate("safe")
        (C*p_s - C + Ybar - u)/p_s
        >>> sw.jump("safe")
        n_s*(p_r - p_s)*(C - Ybar + u)/p_s

        Without the assumption the drop-out rate keeps all of its cases (the last: with
        ``C = u = 0`` an indifferent type applies at every rate):

        >>> StiglitzWeiss.two_type().dropout_rate("safe")
        Piecewise((Ybar - u, C >= Ybar - u), ((C*p_s - C + Ybar - u)/p_s, C + u > 0), (oo, True))
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

        A type indifferent between borrowing and its reservation value applies, so the
        type applies at the drop-out rate itself. A value ``<= 0`` means the type applies
        at no positive rate.
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
        given = self._scalar_rate(rate)
        value = self.signs.refine(curve.subs(RATE, self._snap(given)))
        return float(value) if given.has(sp.Float) and not value.free_symbols else self._out(value)

    def _snap(self, r: sp.Expr) -> sp.Expr:
        """A float rate within rounding (1e-12) of a piece's end is that end, exactly: so a
        float at a kink or a drop-out rate is on the same side as the exact rate (and as
        the array road, which allows the same rounding)."""
        if not r.has(sp.Float):
            return r
        for _, hi, _, _ in self.intervals:
            if (hi is not sp.oo and not sp.sympify(hi).free_symbols
                    and abs(float(hi) - float(r)) <= 1e-12 * float(hi)):
                return sp.sympify(hi)
        return r

    def break_even_rate(self, cost: Any) -> Any:
        """The lowest loan rate at which the bank's expected return covers ``cost`` per loan.

        ``cost`` is the bank's gross cost of funds per unit lent. The return rises on
        each piece and only falls at a drop-out rate, so the first piece whose end
        reaches ``cost`` holds the rate, the root of a linear equation there: exact for
        exact inputs, symbolic where the pieces can be ordered.

        Raises
        ------
        NoSolutionError
            If no rate pays the bank ``cost`` (the cost exceeds the highest return).

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> sw = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), safe_share=F(1, 2),
        ...                             collateral=F(1, 5), reservation=F(1, 10))
        >>> sw.break_even_rate(1), sw.break_even_rate(F(61, 60))
        (47/35, 41/30)
        >>> sw.break_even_rate(F(11, 10))  # only where the risky types alone borrow
        2
        """
        c = _coerce(cost, "cost", 0, low_open=True, meaning="the cost of funds per loan")
        for lo, hi, _, value in self.intervals:
            end = value.subs(RATE, hi) if hi is not sp.oo else sp.limit(value, RATE, sp.oo)
            if self.signs.compare(end, c, " (the return against the cost)") < 0:
                continue
            slope = sp.diff(value, RATE)
            if self.signs.compare(slope, 0) == 0:
                return self._out(lo)
            root = _linear_root(value, c)
            if self.signs.compare(root, lo) < 0:  # pragma: no cover - jumps are downward
                root = lo
            return self._out(sp.factor_terms(root))
        raise NoSolutionError(
            f"no loan rate pays the bank {sp.sstr(c)} per loan: the return never reaches it"
        )

    def applicants(self, rate: Any) -> tuple[str, ...]:
        """The types that apply at a (numeric) rate."""
        r = self._snap(_coerce(rate, "rate", 0, low_open=True))
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

    def _top_bound(self) -> float:
        return self._numeric()[-1][1]

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
