r"""The Stiglitz–Weiss loan market: the bank's return curve, its shape and the market outcome.

What the two Stiglitz–Weiss models (:class:`~.stiglitz_weiss.StiglitzWeiss`, finitely
many types, and :class:`~.stiglitz_weiss_continuous.StiglitzWeissContinuous`, a
continuum) share. A one-unit loan at the gross rate :math:`R`, secured by collateral
:math:`C`, pays the bank :math:`\min(R,\, y + C)` on a project return :math:`y`; a
type's expected receipt :math:`\rho(R) = E\,\min(R,\, y + C)` is piecewise linear
in :math:`R` (:func:`_receipt_pieces`). The bank's expected return per loan is the
applicants' average receipt, :math:`\bar\rho(R) = E[\rho_\theta(R) \mid R \le
\hat R_\theta]`, and loan demand is the mass of applicants.

Every applicant's receipt is at most :math:`\bar Y - u`, with equality at its own
drop-out rate. So, with a common reservation value, :math:`\bar\rho` never exceeds
its value at the highest rate at which anyone borrows: the return curve can rise,
fall and rise again, but its global maximum is at the top rate (Arnold & Riley
2009). :class:`ReturnShape` reports what the curve does; nothing here assumes a hump.

The market (:meth:`_ReturnCurve.market`, :class:`CreditMarket`): depositors supply
:math:`S(r_d)` at the deposit return :math:`r_d = \bar\rho(R) - c` (:math:`c` the
intermediation cost), or funds are perfectly elastic at a given cost. Below the first
interior peak of :math:`\bar\rho` the market clears if demand meets supply there;
otherwise the applicants are rationed at the peak (Stiglitz–Weiss). When the return
recovers at a higher rate :math:`R_2` with :math:`\bar\rho(R_2) = \bar\rho(R_1)`,
rejected applicants may borrow there: the two-rate equilibrium of Stiglitz & Weiss
that Arnold & Riley show to be the natural outcome.

Stiglitz, J. E. and A. Weiss (1981), *American Economic Review* 71(3): 393–410;
Arnold, L. G. and J. G. Riley (2009), *American Economic Review* 99(5): 2012–2021.
See docs/explanation/information.md.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import plain
from ...errors import DomainError, NoSolutionError
from ...figure_data import FigureData
from ._credit_algebra import RATE, _coerce

__all__ = [
    "CreditMarket",
    "ReturnShape",
    "credit_market_data",
    "expected_return_data",
]


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
        """``(rate, return)`` of the global maximum (the lowest rate among ties).

        Exact returns are compared exactly; float returns tie within 1e-12.
        """
        if all(isinstance(rv[1], sp.Rational) for rv in self.peaks):
            top = max(rv[1] for rv in self.peaks)
            return next(rv for rv in self.peaks if rv[1] == top)
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
        return plain({
            "peaks": plain([list(p) for p in self.peaks]),
            "top_rate": plain(self.top_rate),
            "top_return": plain(self.top_return),
            "top_is_limit": self.top_is_limit,
            "global_peak": plain(list(self.global_peak)),
            "interior_peak": plain(list(self.interior_peak) if self.interior_peak else None),
            "hump_shaped": self.hump_shaped,
            "monotone": self.monotone,
        })


@dataclass(frozen=True)
class CreditMarket:
    """The loan market at one supply of funds (floats).

    ``kind`` is ``"clears"`` (demand meets supply; nobody is rationed),
    ``"rationing"`` (excess demand at the bank-optimal rate, with no higher rate that
    pays banks as much), ``"two rates"`` (rationed applicants borrow at a higher rate
    ``upper_rate`` paying banks the same return) or ``"no lending"``.

    ``rate`` is the (lower) loan rate; ``demand`` and ``supply`` are the applicants
    and funds at it; ``lent`` the total lent (at both rates); ``rationed`` the excess
    demand at ``rate``, the applicants there who get no loan at that rate
    (Stiglitz–Weiss's gap: ``demand - supply`` with one rate, ``demand`` times the
    chance of rejection with two, of whom some borrow at the higher rate);
    ``credit_probability`` an applicant's chance of a loan at ``rate``; ``unserved``
    the applicants who get credit nowhere (with two rates: the rejected applicants
    who do not apply at the higher rate, the safer types).
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
                f" (lent there {self.lent - self.lent_upper:.6g}); rejected applicants borrow "
                f"{self.lent_upper:.6g} at R = {self.upper_rate:.6g}; unserved {self.unserved:.6g}"
            )
        return text

    def __repr__(self) -> str:
        return f"CreditMarket({self})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return plain({k: getattr(self, k) for k in self.__dataclass_fields__})


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

    def _top_bound(self) -> float:
        """The highest rate at which anyone applies, for checking rates (may be infinite)."""
        return self._top_float()

    def _check_rates(self, rate: Any) -> np.ndarray:
        arr = np.asarray(rate, dtype=float)
        if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise DomainError(f"loan rates must be finite and positive, got {rate!r}")
        top = self._top_bound()
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

    def break_even_rate(self, cost: Any) -> float:
        """The lowest loan rate at which the bank's expected return covers ``cost`` (numeric).

        The rate at which perfectly elastic funds at ``cost`` clear the market; the
        discrete model (:class:`~.stiglitz_weiss.StiglitzWeiss`) derives it exactly.

        Raises
        ------
        NoSolutionError
            If no rate pays the bank ``cost``.
        """
        outcome = self.market(cost)
        if outcome.rate is None:
            raise NoSolutionError(
                f"no loan rate pays the bank {cost} per loan: the return never reaches it"
            )
        return outcome.rate

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
                (1 - a) * d1,
                a,
                (1 - a) * (d1 - d2),
                optimum,
                r2,
                (1 - a) * d2,
            )
        start = r2
    d, s = dem(stop), funds(stop)
    return CreditMarket("rationing", stop, ret(stop), d, s, s, d - s, s / d, d - s, optimum)


# Kept over bare brentq: the grid test allows 1e-12 slack, so f may not change sign (brentq raises).
def _bisect(f: Callable[[float], float], lo: float, hi: float) -> float:
    """The point in [lo, hi] where ``f`` changes sign (``f(lo) > 0 >= f(hi)`` or vice versa)."""
    from scipy.optimize import brentq

    flo, fhi = f(lo), f(hi)
    if flo == 0:
        return lo
    if fhi == 0 or (flo > 0) == (fhi > 0):
        return hi
    return float(brentq(f, lo, hi, xtol=1e-13, rtol=1e-13))


# ================================================================== figures
def _models(models: Any) -> dict[str, Any]:
    if isinstance(models, Mapping):
        return dict(models)
    return {"expected return": models}


def expected_return_data(models: Any, points: int = 400) -> FigureData:
    """The numbers behind :func:`.plot_expected_return`: rate and each model's return.

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


def credit_market_data(model: Any, supply: Any, *, cost: Any = 0, points: int = 400) -> FigureData:
    """The numbers behind :func:`.plot_credit_market`: return, demand and supply by rate."""
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
