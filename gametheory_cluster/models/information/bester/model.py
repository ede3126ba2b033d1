r"""Bester's screening model: the contracts derived from the constraints (:class:`Bester`).

The mathematics is in the package docstring,
:mod:`gametheory_cluster.models.information.bester`; the results are in
:mod:`.results`, the figures' numbers in :mod:`.data`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import sympy as sp

from ....algebra import Domains
from ....errors import ModelError, NoSolutionError, SolveError
from ....parameters import TABLES
from .._credit_algebra import COLLATERAL, RATE, _coerce, _is_exact, _solve_linear
from .results import Contract, Screening, SeparatingCheck

__all__ = ["PARAMETERS", "Bester"]

#: The model's own parameter table: ``C`` is collateral, ``rho`` the bank's gross cost
#: of funds and ``W`` the low-risk SME's wealth (see
#: :data:`gametheory_cluster.parameters.TABLES`).
PARAMETERS = TABLES["Bester"]


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
    least-cost separating
    low: (C=105/104, R=14/13), credit with probability 1
    high: (C=0, R=7/4), credit with probability 1
    >>> b.with_wealth(F(1, 2)).equilibrium().rationed
    53/143
    """

    #: The symbols used for arguments left out (from the model's table, :data:`PARAMETERS`).
    SYMBOLS: Mapping[str, sp.Symbol] = {
        "p_low": PARAMETERS.symbol("p_l"),
        "p_high": PARAMETERS.symbol("p_h"),
        "funding": PARAMETERS.symbol("rho"),
        "beta": PARAMETERS.symbol("beta"),
        "return_low": PARAMETERS.symbol("X_l"),
        "return_high": PARAMETERS.symbol("X_h"),
        "low_share": PARAMETERS.symbol("n_l"),
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
        self.signs = Domains()
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
        """The least-cost separating contracts, ignoring any wealth limit (derived, exact).

        The high-risk type's best contract on its zero-profit line, and the low-risk
        type's best contract on its own that the high-risk type does not prefer to its
        own. Whether the pair is a Rothschild–Stiglitz equilibrium: :meth:`rothschild_stiglitz`.
        """
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

    def rothschild_stiglitz(self) -> SeparatingCheck:
        """Whether the least-cost separating pair is a Rothschild–Stiglitz equilibrium.

        It is unless a bank can offer a pooling contract that the low-risk type prefers
        to its separating contract and that breaks even when both types take it. The
        high-risk type takes any pooling contract it weakly prefers to its own (a
        contract only the low-risk type takes cannot beat its separating contract, which
        is the best such contract that breaks even). So the check maximises the low-risk
        type's utility on the pooled zero-profit line subject to the high-risk type
        joining (a linear programme on a line, as for the contracts), and compares.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5),
        ...            return_low=F(3, 2), return_high=F(9, 4), low_share=F(1, 2))
        >>> check = b.rothschild_stiglitz()
        >>> check.holds, check.deviation, check.margin
        (True, Contract(collateral=7/8, repayment=7/6), -7/104)
        """
        _, low, keep_high = self._separating
        sep = self.utility("low").subs({COLLATERAL: low.collateral, RATE: low.repayment})
        joins = ("the high-risk type joins the pool", self.utility("high") - keep_high)
        try:
            best = self._best_on_line("low", self.zero_profit_line("pooled"), [joins])
        except NoSolutionError:  # no pooling contract that breaks even attracts both types
            return SeparatingCheck(True, None, self._out(sep), None, None)
        dev = self.utility("low").subs({COLLATERAL: best.collateral, RATE: best.repayment})
        margin = sp.cancel(dev - sep)
        holds = self.signs.compare(margin, 0, " (the pooling deviation's gain)") <= 0
        return SeparatingCheck(holds, best, self._out(sep), self._out(dev), self._out(margin))

    def max_low_share(self) -> Any:
        """The share of low-risk borrowers above which the separating pair is no equilibrium.

        The share at which the low-risk type is indifferent between its separating
        contract and the pooled contract without collateral, ``(0, rho / p̄)`` (the
        pooling deviation it likes best whenever collateral costs it more than it
        lowers the pooled rate; checked at the cutoff). Exact for exact inputs.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5),
        ...            return_low=F(3, 2), return_high=F(9, 4))
        >>> b.max_low_share(), float(b.max_low_share())
        (50/53, 0.9433962264150944)
        """
        n = self.SYMBOLS["low_share"]
        v = dict(self.values)
        symbolic = Bester(v["p_low"], v["p_high"], funding=v["funding"], beta=v["beta"],
                          return_low=v["return_low"], return_high=v["return_high"],
                          reservation=self.reservation)
        _, low, _ = symbolic._separating
        sep = symbolic.utility("low").subs({COLLATERAL: low.collateral, RATE: low.repayment})
        pooled = symbolic.utility("low").subs(
            {COLLATERAL: 0, RATE: symbolic.zero_profit_line("pooled").subs(COLLATERAL, 0)})
        share = sp.factor_terms(_solve_linear(pooled, sep, n))
        if not share.free_symbols and not 0 < share < 1:
            raise NoSolutionError(
                f"the separating pair is an equilibrium at every share of low-risk borrowers "
                f"(the pooled contract ties with it only at n_l = {share})"
            )
        if not share.free_symbols:
            at = symbolic._with_share(share)
            slope = sp.diff(at.utility("low").subs(RATE, at.zero_profit_line("pooled")), COLLATERAL)
            if slope > 0:
                raise SolveError(
                    "at the cutoff the low-risk type prefers pooled contracts with collateral; "
                    "use rothschild_stiglitz() share by share"
                )
        return self._out(share)

    def _with_share(self, share: Any) -> Bester:
        v = self.values
        return Bester(v["p_low"], v["p_high"], funding=v["funding"], beta=v["beta"],
                      return_low=v["return_low"], return_high=v["return_high"],
                      reservation=self.reservation, low_share=share, wealth=self.wealth)

    def pooling(self, collateral: Any = 0) -> Contract:
        """The pooled contract at ``collateral`` on which the bank breaks even over both types."""
        c = _coerce(collateral, "collateral", 0)
        return Contract(
            self._out(c), self._out(self.zero_profit_line("pooled").subs(COLLATERAL, c))
        )
