r"""Stiglitz–Weiss (1981) with a continuum of risk types: a distribution over the risk index.

The risk index :math:`\theta = 1 - p` is the failure probability: type θ succeeds
with probability :math:`1 - \theta` and then returns :math:`X_\theta = \bar Y/(1-\theta)`,
so every type has the same mean :math:`\bar Y` and a riskier type is a mean-preserving
spread of a safer one. With collateral :math:`C`, the bank's expected receipt from
type θ at the gross rate :math:`R` is :math:`\rho_\theta(R) = E\,\min(R,\, y + C)`,
and the type applies iff its expected profit :math:`\bar Y - \rho_\theta(R)` is at
least its reservation value :math:`u`: the applicants are the types with
:math:`\theta \ge \hat\theta(R)`, the cutoff derived from that condition. The bank's
return is :math:`\bar\rho(R) = E[\rho_\theta(R) \mid \theta \ge \hat\theta(R)]`.

The distribution is any scipy one (numeric, by quadrature) or a ``sympy.stats`` one
(exact where sympy integrates). The shape of the curve and the loan market are shared
with the discrete model (:mod:`.credit_market`).

Stiglitz, J. E. and A. Weiss (1981), *American Economic Review* 71(3): 393–410;
Arnold, L. G. and J. G. Riley (2009), *American Economic Review* 99(5): 2012–2021.
See docs/explanation/information.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import Domains
from ...errors import ModelError, SolveError
from ._credit_algebra import RATE, _coerce, _is_exact, _solve_linear
from .credit_market import ReturnShape, _receipt_pieces, _ReturnCurve

__all__ = ["StiglitzWeissContinuous"]

_THETA = sp.Symbol("theta", real=True)


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

        signs = Domains()
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
