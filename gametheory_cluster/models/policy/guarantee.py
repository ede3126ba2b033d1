r"""Credit guarantees: one loan's coverage and fair fee, and the guarantee in the repeated game.

The source paper recommends credit guarantees and re-guarantee funds (§3 of
产业集群与我国中小企业融资, *Industrial clusters and the financing of China's SMEs*;
see papers/cluster_financing/README.md). Here they become models whose answers are
derived from their primitives. See docs/explanation/policy.md.

Credit guarantee on one loan (:class:`CreditGuarantee`)
-------------------------------------------------------
The bank lends :math:`I` and is owed :math:`R`. The project succeeds with
probability :math:`\pi`; on failure the bank recovers :math:`\lambda R`, so its loss is
the shortfall :math:`L = (1 - \lambda) R`. A guarantor pays :math:`gL` of it, for a
fee :math:`f` paid by the SME (``fee_payer="sme"``) or by the bank; a re-guarantor
reimburses the guarantor a share :math:`\rho` of what it pays, for a premium
:math:`f_r`. With ``monitoring=True`` the bank chooses between lending blind
(success :math:`\pi_0 < \pi`) and monitoring at cost :math:`m` (success :math:`\pi`).
Each action has a list of outcomes with probabilities and the cash of every party;
from them:

* the **minimum coverage** :math:`g_{\min}` is the least :math:`g` with
  :math:`\mathbb E[u_b \mid \text{Lend}] \ge \mathbb E[u_b \mid \text{Refuse}] = 0`
  (:math:`u_b`: the bank's cash);
* the **actuarially fair fee** :math:`f^*` and premium :math:`f_r^*` solve
  :math:`\mathbb E[u_{\text{guarantor}}] = \mathbb E[u_{\text{re-guarantor}}] = 0`; the split is
  :math:`(f^* - f_r^*, f_r^*)`;
* the **monitoring cap** :math:`\bar g` is the largest :math:`g` with
  :math:`\mathbb E[u_b \mid \text{Monitor}] \ge \mathbb E[u_b \mid \text{Lend}]`:
  the bank monitors only while it keeps enough of the loss. Above :math:`\bar g` the
  loans fail with :math:`1 - \pi_0` instead of :math:`1 - \pi`, and a fee priced for a
  monitored loan loses money — why schemes leave the bank a fifth or more of the loss.

The guarantee in the repeated game (:class:`GuaranteedLending`)
---------------------------------------------------------------
The same guarantee on every loan of :class:`~gametheory_cluster.RepeatedLending`:
in each outcome of a period in which the bank lends, the bank's payoff :math:`u`
becomes :math:`u + g\,(R - I - u)` (it is paid a share :math:`g` of its shortfall
against a repaid loan) and the fee :math:`f` is paid by its payer. The engine then
derives the new constraints: the bank's participation, the SME's repayment
constraint (a fee the SME pays lowers its rent and raises :math:`\delta^*`), and — if
the guarantor also covers loans to known defaulters — the credibility of the
bank's refusal to lend to them.

:func:`guarantee_data` gives the numbers of the guarantee figure
(:func:`gametheory_cluster.plotting.policy.plot_guarantee`).

Examples
--------
>>> from fractions import Fraction
>>> cg = CreditGuarantee()
>>> cg.minimum_coverage(I=100, R=110, pi=Fraction(17, 20), lam=Fraction(3, 10)).value
31/231
>>> cg.fair_fee(I=100, R=110, pi=Fraction(17, 20), lam=Fraction(3, 10), g=Fraction(4, 5)).total
231/25
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import evaluate, plain, tidy
from ...automata import Constraint, Outcome, RepeatedGame
from ...errors import DomainError, ModelError
from ...figure_data import FigureData
from ...parameters import Value, symbol, validate
from ...thresholds import Threshold, solve_threshold
from ..lending import RepeatedLending
from ._common import _check_choice, _check_flag, _free_names, _need

__all__ = [
    "GUARANTEE_POINT",
    "CreditGuarantee",
    "FeeSplit",
    "GuaranteedLending",
    "guarantee_data",
]

_PARTIES = ("bank", "sme", "guarantor", "reguarantor")
_FEE_PAYERS = ("sme", "bank")
#: The re-guarantee premium the guarantor pays the re-guarantor (solved for, never given).
_PREMIUM = sp.Symbol("f_r", nonnegative=True)


# ---------------------------------------------------------------------------------------
# credit guarantee on one loan
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeeSplit:
    """The actuarially fair guarantee fee and how it splits between guarantor and re-guarantor.

    ``total`` is the fee, ``guarantor`` what the guarantor keeps, ``reguarantor`` the
    premium it passes on; ``total == guarantor + reguarantor``.
    """

    total: Any
    guarantor: Any
    reguarantor: Any

    def __str__(self) -> str:
        return (
            f"fair fee {sp.sstr(self.total)} = guarantor {sp.sstr(self.guarantor)}"
            f" + re-guarantor {sp.sstr(self.reguarantor)}"
        )

    def __repr__(self) -> str:
        return f"FeeSplit({self})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data (see :func:`~gametheory_cluster.algebra.plain`)."""
        return plain({k: getattr(self, k) for k in ("total", "guarantor", "reguarantor")})

    def latex(self) -> str:
        """The split in LaTeX."""
        return (
            f"f^* = {sp.latex(self.total)} = {sp.latex(self.guarantor)}"
            f" + {sp.latex(self.reguarantor)}"
        )

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


class CreditGuarantee:
    """A partial credit guarantee on one loan, with an optional re-guarantee and bank monitoring.

    Parameters
    ----------
    monitoring : bool
        The bank chooses between ``"Lend"`` (success ``pi0``) and ``"Monitor"``
        (cost ``m``, success ``pi``); without it the bank's only way to lend is
        ``"Lend"`` with success ``pi``.
    reguarantee : bool
        A re-guarantor covers the share ``rho`` of the guarantor's payments.
    fee_payer : {"sme", "bank"}
        Who pays the fee ``f`` to the guarantor.

    Examples
    --------
    >>> from fractions import Fraction
    >>> cg = CreditGuarantee(monitoring=True, reguarantee=True)
    >>> point = dict(I=100, R=110, lam=Fraction(3, 10), pi=Fraction(17, 20),
    ...              pi0=Fraction(3, 4), m=Fraction(3, 2))
    >>> cg.coverage_window(**point)
    Threshold(g ∈ [61/231 ≈ 0.264, 62/77 ≈ 0.805])
    >>> cg.monitoring_cap(**point).value
    62/77
    >>> print(cg.fair_fee(g=Fraction(4, 5), rho=Fraction(1, 2), **point))
    fair fee 231/25 = guarantor 231/50 + re-guarantor 231/50
    >>> cg.decision(g=Fraction(9, 10), **point)
    'Lend'
    """

    def __init__(
        self, *, monitoring: bool = False, reguarantee: bool = False, fee_payer: str = "sme"
    ) -> None:
        _check_flag("monitoring", monitoring)
        _check_flag("reguarantee", reguarantee)
        _check_choice("fee_payer", fee_payer, _FEE_PAYERS)
        self.monitoring = monitoring
        self.reguarantee = reguarantee
        self.fee_payer = fee_payer

    def __repr__(self) -> str:
        return (
            f"CreditGuarantee(monitoring={self.monitoring}, reguarantee={self.reguarantee}, "
            f"fee_payer={self.fee_payer!r})"
        )

    @property
    def actions(self) -> tuple[str, ...]:
        """The bank's actions: Refuse, Lend and (with monitoring) Monitor."""
        return ("Refuse", "Lend", "Monitor") if self.monitoring else ("Refuse", "Lend")

    @property
    def intended(self) -> str:
        """The action a guarantee should induce: Monitor with monitoring, else Lend."""
        return self.actions[-1]

    def outcomes(self, action: str) -> list[tuple[sp.Expr, dict[str, sp.Expr]]]:
        """``(probability, cash of each party)`` for each outcome of the bank's ``action``."""
        _check_choice("action", action, self.actions)
        I, R, Y, w, lam, g, f = (symbol(n) for n in ("I", "R", "Y", "w", "lam", "g", "f"))
        if action == "Refuse":
            return [
                (
                    sp.Integer(1),
                    {
                        "bank": sp.Integer(0),
                        "sme": w,
                        "guarantor": sp.Integer(0),
                        "reguarantor": sp.Integer(0),
                    },
                )
            ]
        rho = symbol("rho") if self.reguarantee else 0
        premium = _PREMIUM if self.reguarantee else 0
        success = symbol("pi0") if action == "Lend" and self.monitoring else symbol("pi")
        cost = symbol("m") if action == "Monitor" else 0
        loss = (1 - lam) * R
        fee_bank, fee_sme = (f, 0) if self.fee_payer == "bank" else (0, f)
        repaid = {
            "bank": R - I - cost - fee_bank,
            "sme": Y - R - fee_sme,
            "guarantor": f - premium,
            "reguarantor": premium,
        }
        failed = {
            "bank": lam * R - I + g * loss - cost - fee_bank,
            "sme": -lam * R - fee_sme,
            "guarantor": f - premium - (1 - rho) * g * loss,
            "reguarantor": premium - rho * g * loss,
        }
        return [(success, repaid), (1 - success, failed)]

    def expected(self, party: str, action: str) -> sp.Expr:
        """A party's expected cash when the bank takes ``action`` (sympy)."""
        _check_choice("party", party, _PARTIES)
        return tidy(sum(prob * cash[party] for prob, cash in self.outcomes(action)))

    def constraints(self) -> list[Constraint]:
        """The bank's participation and (with monitoring) its monitoring constraint."""
        return list(self._constraints)

    @cached_property
    def _constraints(self) -> tuple[Constraint, ...]:
        bank = {a: self.expected("bank", a) for a in self.actions}
        found = [
            Constraint(
                "loan", "bank", self.intended, "Refuse", tidy(bank[self.intended] - bank["Refuse"])
            )
        ]
        if self.monitoring:
            found.append(
                Constraint("loan", "bank", "Monitor", "Lend", tidy(bank["Monitor"] - bank["Lend"]))
            )
        return tuple(found)

    @cached_property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the cash flows use, sorted."""
        exprs = [cash[p] for a in self.actions for prob, cash in self.outcomes(a) for p in _PARTIES]
        exprs += [prob for a in self.actions for prob, _ in self.outcomes(a)]
        return tuple(sorted(_free_names(exprs) - {_PREMIUM.name}))

    def _values(self, values: Mapping[str, Any]) -> dict[str, Value]:
        given = validate(values, allowed=self.parameters)
        if self.monitoring and {"pi", "pi0"} <= given.keys():
            pi, pi0 = given["pi"], given["pi0"]
            if not (isinstance(pi, sp.Basic) and pi.free_symbols) and not pi0 < pi:
                raise DomainError(
                    f"monitoring must raise the success probability: pi0={pi0} "
                    f"must be below pi={pi}"
                )
        return given

    def minimum_coverage(self, **values: Any) -> Threshold:
        """The least coverage ``g`` at which the bank lends (and, with monitoring, monitors).

        Raises :class:`NoSolutionError` when no coverage in [0, 1] is enough, or when the
        coverage cannot matter (a fair fee paid by the bank cancels it).
        """
        return solve_threshold(self.constraints()[:1], "g", self._values(values))

    def monitoring_cap(self, **values: Any) -> Threshold:
        """The largest coverage ``g`` at which the bank still prefers to monitor."""
        if not self.monitoring:
            raise ModelError("the monitoring cap needs CreditGuarantee(monitoring=True)")
        return solve_threshold(self.constraints()[1:], "g", self._values(values))

    def coverage_window(self, **values: Any) -> Threshold:
        """The coverages at which the bank lends and monitors (all constraints at once)."""
        return solve_threshold(self.constraints(), "g", self._values(values))

    def fair_fee(self, action: str | None = None, **values: Any) -> FeeSplit:
        """The fee (and re-guarantee premium) at which guarantor and re-guarantor break even.

        ``action`` is the bank's behaviour the fee is priced for (default: the
        intended one, ``Monitor`` with monitoring); ``f`` must not be given.
        """
        action = self.intended if action is None else action
        if action == "Refuse":
            raise ModelError("there is no fee to price when the bank refuses")
        if "f" in values:
            raise ModelError("fair_fee solves for the fee f; do not give it")
        f = symbol("f")
        unknowns = [f, _PREMIUM] if self.reguarantee else [f]
        parties = ["guarantor", "reguarantor"] if self.reguarantee else ["guarantor"]
        solution = sp.solve([self.expected(p, action) for p in parties], unknowns, dict=True)
        total = tidy(solution[0][f])
        premium = tidy(solution[0][_PREMIUM]) if self.reguarantee else sp.Integer(0)
        given = self._values(values)
        parts = [evaluate(e, given) for e in (total, total - premium, premium)]
        return FeeSplit(*(tidy(v) if isinstance(v, sp.Basic) else v for v in parts))

    def decision(self, **values: Any) -> str:
        """The bank's best action at a parameter point (ties go to lending and monitoring)."""
        given = self._values(values)
        payoffs = {a: self.expected("bank", a) for a in self.actions}
        _need(given, list(payoffs.values()), "the bank's decision")
        order = list(reversed(self.actions))  # Monitor, Lend, Refuse: ties favour the first
        return max(order, key=lambda a: (float(evaluate(payoffs[a], given)), -order.index(a)))


# ---------------------------------------------------------------------------------------
# the guarantee in the repeated lending game
# ---------------------------------------------------------------------------------------
class GuaranteedLending(RepeatedLending):
    """:class:`~gametheory_cluster.RepeatedLending` with a credit guarantee on every loan.

    Parameters
    ----------
    punishment, **switches
        As for :class:`~gametheory_cluster.RepeatedLending`.
    fee_payer : {"sme", "bank"}
        Who pays the per-loan fee ``f``.
    covers_known_defaulters : bool
        Whether the guarantor also covers loans to a known defaulter (the
        ``punished`` state). Without a registry telling it who defaulted it would;
        then a high coverage makes lending to defaulters pay and the punishment
        is no longer credible.

    Examples
    --------
    A fee paid by the SME lowers its rent and raises the critical discount factor:

    >>> GuaranteedLending().threshold("delta", Y=150, R=110, w=0, f=5).value
    22/29
    >>> RepeatedLending().threshold("delta", Y=150, R=110, w=0).value
    11/15

    With project failure, the coverage turns the bank's refusal into lending:

    >>> from fractions import Fraction
    >>> GuaranteedLending(monitoring=True).threshold(
    ...     "g", I=100, R=110, pi=Fraction(17, 20), Y=150, w=0, f=0, delta=Fraction(9, 10)).value
    13/33
    """

    def __init__(
        self,
        punishment: str = "grim",
        *,
        fee_payer: str = "sme",
        covers_known_defaulters: bool = False,
        **switches: Any,
    ) -> None:
        super().__init__(punishment, **switches)
        _check_choice("fee_payer", fee_payer, _FEE_PAYERS)
        _check_flag("covers_known_defaulters", covers_known_defaulters)
        self.fee_payer = fee_payer
        self.covers_known_defaulters = covers_known_defaulters

    def __repr__(self) -> str:
        base = super().__repr__().removeprefix("RepeatedLending(").removesuffix(")")
        return (
            f"GuaranteedLending({base}, fee_payer={self.fee_payer!r}, "
            f"covers_known_defaulters={self.covers_known_defaulters})"
        )

    @property
    def baseline(self) -> RepeatedLending:
        """The same lending game without the guarantee."""
        lag = True if isinstance(self.lag, sp.Symbol) else self.lag
        return RepeatedLending(self.punishment, lag=lag, **self.switches)

    def _covered(self, state: str) -> bool:
        return state != "ended" and (self.covers_known_defaulters or state != "punished")

    @cached_property
    def game(self) -> RepeatedGame:
        """The lending automaton with guaranteed bank payoffs and the fee, derived from the base."""
        base = RepeatedLending.game.func(self)
        I, R, g, f = (symbol(n) for n in ("I", "R", "g", "f"))
        bank_fee, sme_fee = (f, 0) if self.fee_payer == "bank" else (0, f)

        def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
            found = base.outcomes(state, profile)
            if profile[0] != "Lend" or not self._covered(state):
                return found
            guaranteed = []
            for o in found:
                bank, sme = o.payoffs
                paid = (bank + g * (R - I - bank) - bank_fee, sme - sme_fee)
                guaranteed.append(Outcome(paid, o.next, o.probability))
            return guaranteed

        return RepeatedGame(
            base.players,
            base.actions,
            list(base.states.values()),
            outcomes,
            delta=base.delta,
            timing=base.timing,
        )


# ---------------------------------------------------------------------------------------
# the numbers of the guarantee figure
# ---------------------------------------------------------------------------------------
#: The point the guarantee figure uses by default: coverage cap near 80 %.
GUARANTEE_POINT: Mapping[str, Any] = {
    "I": 100,
    "R": 110,
    "lam": sp.Rational(3, 10),
    "pi": sp.Rational(17, 20),
    "pi0": sp.Rational(3, 4),
    "m": sp.Rational(3, 2),
    "rho": sp.Rational(1, 2),
}


def guarantee_data(coverage: Sequence[float] | None = None, **values: Any) -> FigureData:
    """The numbers of the guarantee figure: the bank's profit and the fair fee against ``g``.

    Columns: ``g``, the bank's expected profit lending with and without monitoring
    (fee paid by the SME), and the fair fee with its guarantor and re-guarantor
    parts (priced for what the bank actually does at that ``g``). Notes: the
    minimum coverage and the monitoring cap. Defaults: :data:`GUARANTEE_POINT`.
    Drawn by :func:`gametheory_cluster.plotting.policy.plot_guarantee`.
    """
    point = {**GUARANTEE_POINT, **values}
    model = CreditGuarantee(monitoring=True, reguarantee=True)
    given = model._values(point)
    grid = np.linspace(0, 1, 101) if coverage is None else np.asarray(coverage, dtype=float)
    g = symbol("g")
    rest = {k: v for k, v in given.items() if k != "g"}

    def curve(expr: sp.Expr) -> np.ndarray:
        fixed = sp.sympify(evaluate(expr, rest))
        return np.broadcast_to(sp.lambdify(g, fixed, "numpy")(grid), grid.shape).astype(float)

    monitor, blind = (curve(model.expected("bank", a)) for a in ("Monitor", "Lend"))
    fees = {a: model.fair_fee(a, **rest) for a in ("Monitor", "Lend")}
    chosen = np.where(monitor >= blind, "Monitor", "Lend")
    fee_cols = {}
    for part in ("total", "guarantor", "reguarantor"):
        by_action = {a: curve(getattr(fees[a], part)) for a in fees}
        fee_cols[part] = np.where(chosen == "Monitor", by_action["Monitor"], by_action["Lend"])
    window = model.coverage_window(**rest)
    lo, hi = (
        (window.region.inf, window.region.sup)
        if window.direction == "within"
        else ((window.value, 1) if window.direction == ">=" else (0, window.value))
    )
    return FigureData(
        {
            "g": grid.tolist(),
            "bank_profit_monitor": monitor.tolist(),
            "bank_profit_no_monitor": blind.tolist(),
            "fair_fee": fee_cols["total"].tolist(),
            "fee_guarantor": fee_cols["guarantor"].tolist(),
            "fee_reguarantor": fee_cols["reguarantor"].tolist(),
            "bank_action": chosen.tolist(),
        },
        title="Credit guarantee: coverage, the bank's choice and the fair fee",
        notes={"minimum_coverage": lo, "monitoring_cap": hi, **rest},
    )
