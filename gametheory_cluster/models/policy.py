r"""Policy instruments: guarantees, the main bank, and registry, law, capital markets as levers.

MODELS.md §4: the recommendations of the source paper (SUMMARY.md §3) become
models whose answers are derived from their primitives.

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

The main bank (:class:`MainBank`)
---------------------------------
In the spirit of Petersen & Rajan (1995): a young SME's project succeeds with
probability :math:`\pi` (a share :math:`\pi` of young firms are sound); a loan costs
:math:`I` and the young firm repays :math:`R`. A firm that has succeeded is proven
sound and then produces :math:`Y > I` every period; the relationship survives each
period with probability :math:`p`. A relationship bank keeps a share :math:`\kappa`
of a proven firm's surplus :math:`Y - I` (its information rent: outside lenders
cannot see what it has learnt); a transactional bank competes that surplus away
and keeps nothing. The engine derives when each lends to a young firm.

Levers (:func:`rank_levers`)
----------------------------
The detection probability :math:`q` (credit registry), the legal recovery
:math:`\lambda` (law) and the outside option :math:`w` (capital markets) are
parameters of ``RepeatedLending(detection=True, recovery=True)``. For each lever
:math:`x`, the derivative :math:`\partial\delta^*/\partial x` of the model's own
threshold expression and the elasticity :math:`(x/\delta^*)\,\partial\delta^*/\partial x`,
evaluated at a point, rank the levers by how much they lower :math:`\delta^*`.

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
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..algebra import evaluate, tidy
from ..automata import Certificate, Constraint, Outcome, RepeatedGame, State
from ..errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from ..parameters import PARAMETERS, Value, is_exact, symbol, validate
from ..plotting import FigureData, attach_data, new_axes, style_context
from ..thresholds import Threshold, solve_threshold
from .repeated_lending import RepeatedLending

__all__ = [
    "GUARANTEE_POINT",
    "LEVERS",
    "CreditGuarantee",
    "FeeSplit",
    "GuaranteedLending",
    "LeverEffect",
    "LeverRanking",
    "MainBank",
    "guarantee_data",
    "plot_guarantee",
    "plot_lever_ranking",
    "rank_levers",
]

_PARTIES = ("bank", "sme", "guarantor", "reguarantor")
_FEE_PAYERS = ("sme", "bank")
#: The re-guarantee premium the guarantor pays the re-guarantor (solved for, never given).
_PREMIUM = sp.Symbol("f_r", nonnegative=True)


def _check_choice(name: str, value: Any, valid: Sequence[Any]) -> None:
    if value not in valid:
        raise ModelError(f"{name} must be one of {', '.join(map(repr, valid))}, not {value!r}")


def _check_flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ModelError(f"{name} must be True or False, not {value!r}")


def _free_names(exprs: Sequence[Any]) -> set[str]:
    return {s.name for e in exprs for s in sp.sympify(e).free_symbols}


def _need(given: Mapping[str, Value], exprs: Sequence[Any], what: str) -> None:
    missing = sorted(_free_names(exprs) - set(given))
    if missing:
        raise MissingParameterError(f"{what} needs values for: {', '.join(missing)}")


def _plain(value: Any) -> Any:
    return value if isinstance(value, (float, int, str)) or value is None else str(value)


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
        """Plain data (exact numbers as strings)."""
        return {k: _plain(getattr(self, k)) for k in ("total", "guarantor", "reguarantor")}

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
    Threshold(g in Interval(61/231, 62/77))
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
# the main bank
# ---------------------------------------------------------------------------------------
class MainBank:
    """A bank deciding whether to lend to a young SME: relationship (main) bank or transactional.

    Parameters
    ----------
    relationship : bool
        True: the bank keeps the share ``kappa`` of a proven firm's surplus while the
        relationship lasts (continuation ``p``). False: competition leaves it nothing
        after the first loan, so that loan must pay for itself.

    Examples
    --------
    >>> from fractions import Fraction
    >>> point = dict(I=100, R=110, Y=150, p=Fraction(9, 10), delta=Fraction(9, 10))
    >>> MainBank().threshold("pi", kappa=Fraction(1, 2), **point).value
    380/823
    >>> MainBank(relationship=False).threshold("pi", **point).value
    10/11
    >>> MainBank().gap("pi", kappa=Fraction(1, 2), **point)
    Interval.Ropen(380/823, 10/11)
    """

    def __init__(self, relationship: bool = True) -> None:
        _check_flag("relationship", relationship)
        self.relationship = relationship

    def __repr__(self) -> str:
        return f"MainBank(relationship={self.relationship})"

    @cached_property
    def game(self) -> RepeatedGame:
        """The automaton: young → proven (after a success, while the relationship lasts) → ended."""
        I, R, Y, w, pi, p, kappa = (symbol(n) for n in ("I", "R", "Y", "w", "pi", "p", "kappa"))
        rent = kappa * (Y - I) if self.relationship else 0

        def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
            if state == "ended" or profile[0] == "Refuse":
                return [Outcome((0, w), "ended")]
            if state == "young":
                return [
                    Outcome((R - I, Y - R), "proven", pi * p),
                    Outcome((R - I, Y - R), "ended", pi * (1 - p)),
                    Outcome((-I, 0), "ended", 1 - pi),
                ]
            return [
                Outcome((rent, Y - I - rent), "proven", p),
                Outcome((rent, Y - I - rent), "ended", 1 - p),
            ]

        lend = {"bank": "Lend", "sme": "Borrow"}
        states = [
            State("young", lend),
            State("proven", lend),
            State("ended", {"bank": "Refuse", "sme": "Borrow"}, observed_by=()),
        ]
        return RepeatedGame(
            ("bank", "sme"),
            {"bank": ("Lend", "Refuse"), "sme": ("Borrow",)},
            states,
            outcomes,
            timing="sequential",
        )

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters this model uses, sorted."""
        return self.game.parameters

    def constraints(self) -> list[Constraint]:
        """The bank's one-shot-deviation constraints (lend to the young firm; keep lending)."""
        return self.game.constraints()

    def first_loan_profit(self, **values: Any) -> Any:
        """The bank's expected profit on the first loan alone (negative: it lends at a loss)."""
        given = validate(values, allowed=self.parameters)
        flow = sum(
            o.probability * o.payoffs[0] for o in self.game.outcomes("young", ("Lend", "Borrow"))
        )
        return evaluate(tidy(flow), given)

    def threshold(self, name: str, /, **values: Any) -> Threshold:
        """The value of ``name`` at which the bank starts lending to a young firm."""
        if name not in self.parameters:
            raise UnknownParameterError(
                f"{name!r} is not a parameter of {self!r}; "
                f"valid names: {', '.join(self.parameters)}"
            )
        return solve_threshold(self.constraints(), name, validate(values, allowed=self.parameters))

    def lends(self, **values: Any) -> Certificate:
        """Check the bank's constraints at a point; truthy when it lends to a young firm."""
        return self.game.check(values)

    def gap(self, name: str, /, **values: Any) -> sp.Set:
        """The values of ``name`` where a relationship bank lends and a transactional one does not.

        Both must be lower thresholds in ``name`` (as for ``pi``, ``R`` or ``Y``).
        """
        if not self.relationship:
            raise ModelError("gap compares MainBank() with MainBank(relationship=False)")
        other = MainBank(relationship=False)
        shared = {k: v for k, v in values.items() if k in other.parameters}
        rel, tr = self.threshold(name, **values), other.threshold(name, **shared)
        if rel.direction != ">=" or tr.direction != ">=":
            raise ModelError(f"{name} is not a lower threshold for both banks ({rel}; {tr})")
        return sp.Interval.Ropen(rel.value, tr.value)


# ---------------------------------------------------------------------------------------
# levers
# ---------------------------------------------------------------------------------------
#: Levers the paper recommends: parameter → (what pulls it, direction a reform moves it).
LEVERS: Mapping[str, tuple[str, int]] = {
    "q": ("registry (q)", 1),
    "lam": ("law (lam)", 1),
    "w": ("capital markets (w)", 1),
    "C": ("exit cost (C)", 1),
    "s": ("cluster rent (s)", 1),
    "p": ("main bank (p)", 1),
}


@dataclass(frozen=True)
class LeverEffect:
    """The comparative statics of the critical discount factor in one lever at a point.

    ``derivative`` is :math:`\\partial\\delta^*/\\partial x` as an expression, ``slope`` its
    value, ``elasticity`` :math:`(x/\\delta^*)\\,\\partial\\delta^*/\\partial x`, and ``effect``
    the change of :math:`\\delta^*` per unit of reform (``direction * slope``; negative
    means the reform makes honest repayment easier).
    """

    name: str
    label: str
    direction: int
    derivative: sp.Expr
    slope: Any
    elasticity: Any

    @property
    def effect(self) -> Any:
        """The change of δ* when the lever moves one unit in the reform's direction."""
        return self.direction * self.slope

    @property
    def effect_elasticity(self) -> Any:
        """The elasticity of δ* in the reform's direction."""
        return self.direction * self.elasticity

    def to_dict(self) -> dict[str, Any]:
        """Plain data (exact numbers as strings)."""
        return {
            "name": self.name,
            "label": self.label,
            "direction": self.direction,
            "derivative": sp.sstr(self.derivative),
            "slope": _plain(self.slope),
            "elasticity": _plain(self.elasticity),
            "effect": _plain(self.effect),
        }


@dataclass(frozen=True)
class LeverRanking:
    """Levers ranked by how much a unit of reform lowers δ*, at one parameter point."""

    model: str
    threshold: sp.Expr
    delta_star: Any
    point: Mapping[str, Any]
    effects: tuple[LeverEffect, ...]

    def ranked(self, by: str = "effect") -> list[LeverEffect]:
        """The levers, most helpful first: ``by="effect"`` (per unit) or ``"elasticity"``."""
        _check_choice("by", by, ("effect", "elasticity"))
        key = "effect" if by == "effect" else "effect_elasticity"
        return sorted(self.effects, key=lambda e: float(getattr(e, key)))

    def __str__(self) -> str:
        rows = [f"delta* = {sp.sstr(self.delta_star)} in {self.model}"]
        for rank, e in enumerate(self.ranked(), 1):
            rows.append(
                f"  {rank}. {e.label}: {float(e.effect):+.4g} per unit, "
                f"elasticity {float(e.effect_elasticity):+.4g}"
            )
        return "\n".join(rows)

    def __repr__(self) -> str:
        return f"LeverRanking({', '.join(e.name for e in self.ranked())})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the threshold, the point and the levers in rank order."""
        return {
            "model": self.model,
            "threshold": sp.sstr(self.threshold),
            "delta_star": _plain(self.delta_star),
            "point": {k: _plain(v) for k, v in self.point.items()},
            "ranking": [e.to_dict() for e in self.ranked()],
        }

    def to_frame(self) -> Any:
        """The ranking as a pandas DataFrame (needs pandas)."""
        import pandas as pd

        return pd.DataFrame([e.to_dict() for e in self.ranked()]).set_index("name")

    def latex(self) -> str:
        r"""A LaTeX table of :math:`\partial\delta^*/\partial x` and the elasticities."""
        rows = [
            rf"{PARAMETERS[e.name].notation if e.name in PARAMETERS else e.name} & "
            rf"{sp.latex(e.derivative)} & {sp.latex(sp.sympify(e.slope))} & "
            rf"{sp.latex(sp.sympify(e.elasticity))} \\"
            for e in self.ranked()
        ]
        head = r"x & \partial\delta^*/\partial x & \text{at the point} & \text{elasticity} \\"
        return "\\begin{array}{cccc}\n" + "\n".join([head, *rows]) + "\n\\end{array}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"


def _holds(relation: Any, values: Mapping[str, Value]) -> bool:
    gap = evaluate(relation.lhs - relation.rhs, values)
    return bool(relation.func(gap, 0))


def _active(expr: sp.Expr, values: Mapping[str, Value]) -> sp.Expr:
    """The branch of a Max/Min threshold that is active at the point."""
    if isinstance(expr, (sp.Max, sp.Min)):
        pick = max if isinstance(expr, sp.Max) else min
        return _active(pick(expr.args, key=lambda a: float(evaluate(a, values))), values)
    return expr


_THRESHOLDS: dict[tuple[type, str], Threshold] = {}


def _symbolic_threshold(model: Any) -> Threshold:
    """``model.threshold("delta")`` with every other parameter free, derived once per model."""
    key = (type(model), repr(model))
    if key not in _THRESHOLDS:
        _THRESHOLDS[key] = model.threshold("delta")
    return _THRESHOLDS[key]


@lru_cache(maxsize=256)
def _derivative(expr: sp.Expr, name: str) -> sp.Expr:
    return tidy(sp.diff(expr, symbol(name)))


def rank_levers(
    model: Any = None, levers: Sequence[str] | None = None, **values: Any
) -> LeverRanking:
    """Rank policy levers by their effect on the critical discount factor at a point.

    Parameters
    ----------
    model : RepeatedLending-like, optional
        Anything with ``.parameters`` and ``.threshold("delta")`` (default
        ``RepeatedLending(detection=True, recovery=True)``).
    levers : sequence of str, optional
        Parameters to rank (default: those of :data:`LEVERS` in the model).
    **values
        Every parameter of the model except ``delta``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> ranking = rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    >>> ranking.delta_star
    77/92
    >>> [(e.name, e.slope) for e in ranking.ranked()]
    [('q', -1155/4232), ('lam', -825/4232), ('w', 77/16928)]
    """
    model = RepeatedLending(detection=True, recovery=True) if model is None else model
    names = set(model.parameters) - {"delta"}
    levers = [n for n in LEVERS if n in names] if levers is None else list(levers)
    for name in levers:
        if name not in names:
            raise UnknownParameterError(
                f"lever {name!r} is not a parameter of {model!r}; "
                f"valid names: {', '.join(sorted(names))}"
            )
    if not levers:
        raise ModelError(f"{model!r} has none of the levers {', '.join(LEVERS)}")
    given = validate(values, allowed=names)
    _need(given, [sp.Symbol(n) for n in names], "ranking the levers")
    threshold = _symbolic_threshold(model)
    if threshold.direction != ">=":
        raise NoSolutionError(f"delta is not a lower threshold in {model!r}: {threshold}")
    for condition in (*threshold.requires, *threshold.valid_when):
        if not _holds(condition, given):
            raise NoSolutionError(
                f"the threshold {sp.sstr(threshold.value)} needs {sp.sstr(condition)}, "
                "which fails here"
            )
    expr = _active(threshold.value, given)
    star = evaluate(expr, given)
    effects = []
    for name in levers:
        derivative = _derivative(expr, name)
        slope = evaluate(derivative, given)
        elasticity = given[name] * slope / star
        label, direction = LEVERS.get(name, (name, 1))
        effects.append(
            LeverEffect(
                name,
                label,
                direction,
                derivative,
                slope,
                elasticity if is_exact(elasticity) else float(elasticity),
            )
        )
    return LeverRanking(repr(model), expr, star, given, tuple(effects))


# ---------------------------------------------------------------------------------------
# figures
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
    """The numbers of :func:`plot_guarantee`: the bank's profit and the fair fee against ``g``.

    Columns: ``g``, the bank's expected profit lending with and without monitoring
    (fee paid by the SME), and the fair fee with its guarantor and re-guarantor
    parts (priced for what the bank actually does at that ``g``). Notes: the
    minimum coverage and the monitoring cap. Defaults: :data:`GUARANTEE_POINT`.
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


def plot_guarantee(
    coverage: Sequence[float] | None = None,
    ax: Axes | None = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Draw the bank's expected profit and the fair fee against the coverage ``g``.

    The shaded band is the working window: coverage high enough that the bank
    lends, low enough that it still monitors. Parameters as :func:`guarantee_data`.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_guarantee()
    >>> round(float(figure_data(fig).notes["monitoring_cap"]), 3)
    0.805
    """
    data = guarantee_data(coverage, **values)
    cols, notes = data.columns, data.notes
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(cols["g"], cols["bank_profit_monitor"], label="bank profit, monitoring")
        ax.plot(
            cols["g"], cols["bank_profit_no_monitor"], "--", label="bank profit, not monitoring"
        )
        ax.plot(cols["g"], cols["fair_fee"], ":", label="fair fee (total)")
        ax.plot(cols["g"], cols["fee_reguarantor"], "-.", label="re-guarantor's share of the fee")
        ax.axhline(0, color="0.5", linewidth=0.8)
        ax.axvspan(
            float(notes["minimum_coverage"]),
            float(notes["monitoring_cap"]),
            alpha=0.15,
            label="lends and monitors",
        )
        ax.set_xlabel("coverage $g$")
        ax.set_ylabel("per loan")
        ax.set_title(data.title)
        ax.legend()
    return attach_data(fig, data)


def plot_lever_ranking(
    ranking: LeverRanking | None = None,
    by: str = "effect",
    ax: Axes | None = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Bar chart of the levers' effect on δ*, most helpful at the top.

    ``ranking`` defaults to :func:`rank_levers` at ``values`` (or, with none given, at
    ``Y=150, R=110, I=100, w=10, q=1/2, lam=3/10``). ``by="effect"`` draws the change
    of δ* per unit of reform, ``by="elasticity"`` the elasticity.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> figure_data(plot_lever_ranking()).columns["lever"]
    ['q', 'lam', 'w']
    """
    if ranking is None:
        point = values or {
            "Y": 150,
            "R": 110,
            "I": 100,
            "w": 10,
            "q": sp.Rational(1, 2),
            "lam": sp.Rational(3, 10),
        }
        ranking = rank_levers(**point)
    ordered = ranking.ranked(by)
    attribute = "effect" if by == "effect" else "effect_elasticity"
    heights = [float(getattr(e, attribute)) for e in ordered]
    data = FigureData(
        {
            "lever": [e.name for e in ordered],
            "label": [e.label for e in ordered],
            "effect": [e.effect for e in ordered],
            "elasticity": [e.effect_elasticity for e in ordered],
        },
        title="Which lever lowers the critical discount factor most",
        notes={
            "delta_star": ranking.delta_star,
            "threshold": sp.sstr(ranking.threshold),
            "model": ranking.model,
            "by": by,
            **ranking.point,
        },
    )
    with style_context(style):
        fig, ax = new_axes(ax)
        positions = np.arange(len(ordered))[::-1]
        ax.barh(positions, heights)
        ax.set_yticks(positions, [e.label for e in ordered])
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_xlabel(
            r"change of $\delta^*$ per unit of reform"
            if by == "effect"
            else r"elasticity of $\delta^*$ in the reform's direction"
        )
        ax.set_title(data.title)
    return attach_data(fig, data)
