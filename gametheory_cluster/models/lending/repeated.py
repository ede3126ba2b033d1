r"""The repeated bank–SME lending game and the cluster's punishments.

See docs/explanation/repeated_lending.md.

Each period the bank chooses Lend or Refuse; after a loan the SME chooses Repay
(SME :math:`Y - R`, bank :math:`R - I`) or Default (SME :math:`Y`, bank :math:`-I`).
Refused, the SME earns its outside option :math:`w`. Honest repayment is supported
by an automaton: lend while the SME has repaid; punish a detected default. Every
mechanism below is a constructor switch, and any combination is allowed; the
engine (:mod:`gametheory_cluster.automata`) derives values, the one-shot
deviation constraints in every state, and thresholds from them.

Timing conventions
------------------
``punishment="grim"``
    After a detected default the SME is refused credit for ever (earning ``w``).
``punishment="exclusion"`` (parameter ``T``)
    The SME is refused credit in the ``T`` periods after the default and trusted
    again from then on (out of the cluster, if it was in one).
``continuation=True`` (``p``)
    After each period the relationship survives with probability ``p``; once it
    ends the SME earns ``w`` for ever.
``exit_cost=True`` (``C``)
    A detected defaulter is forced out of the cluster and pays ``C`` in the
    period of the default.
``cluster_rent=True`` (``s``)
    A member earns ``s`` per period; a detected defaulter loses it from the next
    period on.
``detection=True`` (``q``)
    A default becomes known with probability ``q`` in the period it happens;
    otherwise the SME borrows elsewhere as before.
``monitoring=True`` (``pi``)
    The project succeeds with probability ``pi``; a failed project pays the SME
    0 that period, cannot repay, and is treated as a default (it is punished,
    found out with probability ``q``).
``lag=L`` (an integer, or ``True`` for the symbol ``L``)
    A default is seen only ``L`` periods later (``L = 1``: the next period, the
    base case). Until then the bank still lends and the SME keeps defaulting; the
    exit cost is paid when the default is seen, in period ``L − 1`` after it.
``recovery=True`` (``lam``)
    A court takes ``lam·R`` from a strategic defaulter and gives it to the bank
    (a failed project has nothing to recover).

The bank's constraints are checked wherever it can tell the state apart (not
during an unseen default); its refusal to lend to a known defaulter must itself
be a best response (``lam·R ≤ I``).

Examples
--------
>>> from fractions import Fraction
>>> import gametheory_cluster as gc
>>> gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).value
11/15
>>> gc.RepeatedLending(exit_cost=True).threshold("C", Y=150, R=110, w=0, delta=Fraction(3, 5)).value
50
>>> gc.RepeatedLending(punishment="exclusion").threshold(
...     "T", Y=150, R=110, w=0, delta=Fraction(9, 10)).value
4
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, Literal

import sympy as sp

from ...algebra import forms
from ...automata import Outcome, RepeatedGame, State
from ...errors import ModelError
from ...parameters import symbol
from ...thresholds import Threshold
from ..base import AutomatonModel
from .mechanisms import switches

__all__ = ["MECHANISMS", "Punishment", "RepeatedLending"]

#: Constructor switches and the parameter each one brings in.
MECHANISMS: Mapping[str, str] = switches(
    "continuation", "exit_cost", "cluster_rent", "detection", "monitoring", "recovery")

#: How each mechanism reads in a proposition, in English and Chinese.
PHRASES: Mapping[str, Mapping[str, str]] = {
    "grim": {
        "en": "a detected defaulter is refused credit for ever",
        "zh": "违约一经发现银行永不再贷",
    },
    "exclusion": {
        "en": "a detected defaulter is refused credit for T periods",
        "zh": "违约一经发现银行在 T 期内拒绝贷款",
    },
    "continuation": {
        "en": "the relationship survives each period with probability p",
        "zh": "借贷关系每期以概率 p 延续",
    },
    "exit_cost": {
        "en": "a detected defaulter is forced out of the cluster at cost C",
        "zh": "被发现的违约者被迫退出集群并承担退出成本 C",
    },
    "cluster_rent": {
        "en": "a member earns a cluster rent s per period, lost after a detected default",
        "zh": "集群成员每期获得集群租金 s，违约被发现后丧失",
    },
    "detection": {"en": "a default becomes known with probability q", "zh": "违约以概率 q 被公开"},
    "monitoring": {
        "en": "the project succeeds with probability pi and a failure looks like a default",
        "zh": "项目以概率 pi 成功且失败与违约无法区分",
    },
    "lag": {"en": "a default is seen L periods later", "zh": "违约在 L 期后才被发现"},
    "recovery": {
        "en": "a court recovers a share lam of a defaulted repayment",
        "zh": "法院追回违约还款的比例 lam",
    },
}

#: The punishments a detected default can bring (``RepeatedLending(punishment=...)``).
Punishment = Literal["grim", "exclusion"]

_PLAYERS = ("bank", "sme")
_ACTIONS = {"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")}


class RepeatedLending(AutomatonModel):
    """The repeated bank–SME lending game with the cluster mechanisms switched on.

    Questions (``threshold``, ``is_honest``, ``condition``, ``proposition``, …) are
    those of every :class:`~gametheory_cluster.models.base.AutomatonModel`.

    Parameters
    ----------
    punishment : {"grim", "exclusion"}
        Exclusion for ever, or for ``T`` periods.
    continuation, exit_cost, cluster_rent, detection, monitoring, recovery : bool
        Switch a mechanism on (see the module docstring for its timing).
    lag : int or True, optional
        Detection lag in periods (``True``: the symbol ``L``).
    """

    def __init__(
        self,
        punishment: Punishment = "grim",
        *,
        continuation: bool = False,
        exit_cost: bool = False,
        cluster_rent: bool = False,
        detection: bool = False,
        monitoring: bool = False,
        lag: int | bool | None = None,
        recovery: bool = False,
    ) -> None:
        if punishment not in ("grim", "exclusion"):
            raise ModelError(f"punishment must be 'grim' or 'exclusion', not {punishment!r}")
        switches = dict(
            continuation=continuation,
            exit_cost=exit_cost,
            cluster_rent=cluster_rent,
            detection=detection,
            monitoring=monitoring,
            recovery=recovery,
        )
        for key, value in switches.items():
            if not isinstance(value, bool):
                raise ModelError(f"{key} must be True or False, not {value!r}")
        if lag is not None and not isinstance(lag, bool) and (not isinstance(lag, int) or lag < 1):
            raise ModelError(f"lag must be a whole number >= 1 or True (symbol L), not {lag!r}")
        self.punishment = punishment
        self.switches = switches
        self.lag = symbol("L") if lag is True else (None if lag in (None, False, 1) else lag)

    def __repr__(self) -> str:
        on = [f"{k}=True" for k, v in self.switches.items() if v]
        if self.lag is not None:
            on.append(f"lag={'True' if isinstance(self.lag, sp.Symbol) else self.lag}")
        return f"RepeatedLending(punishment={self.punishment!r}{''.join(', ' + s for s in on)})"

    # ------------------------------------------------------------ the automaton
    def _p(self, switch: str, off: Any) -> Any:
        return symbol(MECHANISMS[switch]) if self.switches[switch] else off

    @cached_property
    def game(self) -> RepeatedGame:
        """The automaton game the mechanisms define (states, outcomes, timing)."""
        I, Y, R, w, delta = (symbol(n) for n in ("I", "Y", "R", "w", "delta"))
        p = self._p("continuation", 1)
        pi = self._p("monitoring", 1)
        q = self._p("detection", 1)
        lam = self._p("recovery", 0)
        in_cluster = self.switches["exit_cost"] or self.switches["cluster_rent"]
        readmit = self.punishment == "exclusion"
        lagged = self.lag is not None
        # a long lag stays the symbol L in the algebra (delta**5000 is never written out)
        long_lag = isinstance(self.lag, int) and self.lag > forms.MAX_EXPANDED_EXPONENT
        lag = symbol("L") if long_lag else self.lag

        def rent(member: bool) -> Any:
            return self._p("cluster_rent", 0) if member else 0

        def exit_cost(member: bool) -> Any:
            cost = self._p("exit_cost", 0) if member else 0
            return cost * (delta * p) ** (lag - 1) if lagged else cost

        def honest_name(member: bool) -> str:
            return "honest" if member or not (in_cluster and readmit) else "honest_out"

        def lag_name(member: bool) -> str:
            return "lag" if member or not (in_cluster and readmit) else "lag_out"

        def survive(outcomes: list[Outcome]) -> list[Outcome]:
            if not self.switches["continuation"]:
                return outcomes
            return [
                o2
                for o in outcomes
                for o2 in (
                    Outcome(o.payoffs, o.next, o.probability * p),
                    Outcome(o.payoffs, "ended", o.probability * (1 - p)),
                )
            ]

        def stage(profile: tuple[str, str], member: bool) -> list[tuple[Any, tuple, bool]]:
            """(probability, payoffs, is a default) for one period's play."""
            s = rent(member)
            if profile[0] == "Refuse":
                return [(1, (0, w + s), False)]
            failure = (1 - pi, (-I, s), True)
            if profile[1] == "Repay":
                return [(pi, (R - I, Y - R + s), False), failure]
            return [(pi, (-I + lam * R, Y - lam * R + s), True), failure]

        def honest(member: bool):
            here = honest_name(member)
            punish = lag_name(member) if lagged else "punished"

            def outcomes(profile):
                result = []
                for prob, (bank, sme), default in stage(profile, member):
                    if not default:
                        result.append(Outcome((bank, sme), here, prob))
                        continue
                    result.append(Outcome((bank, sme - exit_cost(member)), punish, prob * q))
                    result.append(Outcome((bank, sme), here, prob * (1 - q)))
                return survive(result)

            return State(here, {"bank": "Lend", "sme": "Repay"}), outcomes

        def lag_phase(member: bool):
            here = lag_name(member)

            def outcomes(profile):
                return survive(
                    [Outcome(pay, here, prob) for prob, pay, _ in stage(profile, member)]
                )

            state = State(
                here,
                {"bank": "Lend", "sme": "Default"},
                duration=lag - 1,
                then="punished",
                observed_by=("sme",),
            )
            return state, outcomes

        def punished():
            back = honest_name(False)

            def outcomes(profile):
                return survive(
                    [Outcome(pay, "punished", prob) for prob, pay, _ in stage(profile, False)]
                )

            if readmit:
                state = State(
                    "punished",
                    {"bank": "Refuse", "sme": "Default"},
                    duration=symbol("T"),
                    then=back,
                )
            else:
                state = State("punished", {"bank": "Refuse", "sme": "Default"})
            return state, outcomes

        def ended():
            return (
                State("ended", {"bank": "Refuse", "sme": "Default"}, observed_by=()),
                lambda profile: [Outcome((0, w), "ended")],
            )

        parts = [honest(True)]
        if in_cluster and readmit:
            parts.append(honest(False))
        if lagged:
            parts.append(lag_phase(True))
            if in_cluster and readmit:
                parts.append(lag_phase(False))
        parts.append(punished())
        if self.switches["continuation"]:
            parts.append(ended())
        table = {state.name: rule for state, rule in parts}
        return RepeatedGame(
            _PLAYERS,
            _ACTIONS,
            [state for state, _ in parts],
            lambda state, profile: table[state](profile),
            timing="sequential",
            fixed={"L": self.lag} if long_lag else None,
        )

    def debt_capacity(self, **values: Any) -> Threshold:
        """The largest repayment ``R`` the SME can credibly promise (its constraints only).

        Examples
        --------
        >>> from fractions import Fraction
        >>> RepeatedLending().debt_capacity(Y=150, w=0, delta=Fraction(3, 4)).value
        225/2
        """
        if "R" in values:
            raise ModelError("debt_capacity solves for R; do not give R")
        return self._solve(self._derived("sme"), "R", values)

    @property
    def equilibrium(self) -> str:
        """``"perfect public"`` when a default is seen only through a public signal.

        With ``detection``, ``monitoring`` or a ``lag`` the bank does not see the
        SME's action, only whether (or when) a default comes to light, and the
        automaton moves on that signal: the constraints check a perfect public
        equilibrium. Otherwise actions are seen and it is subgame perfection.

        Examples
        --------
        >>> RepeatedLending().equilibrium, RepeatedLending(detection=True).equilibrium
        ('subgame perfect', 'perfect public')
        """
        hidden = self.switches["detection"] or self.switches["monitoring"] or self.lag is not None
        return "perfect public" if hidden else "subgame perfect"

    def describe(self, lang: str = "en") -> list[str]:
        """The switched-on mechanisms as phrases (``lang``: ``"en"`` or ``"zh"``)."""
        keys = [self.punishment, *(k for k, v in self.switches.items() if v)]
        if self.lag is not None:
            keys.append("lag")
        return [PHRASES[k][lang] for k in keys]

    def assumptions(self) -> list[sp.Basic]:
        """What the economics takes for granted: the honest relationship earns a rent.

        That is, Y − R − w > 0.
        """
        Y, R, w = (symbol(n) for n in ("Y", "R", "w"))
        return [sp.Gt(Y - R - w, 0)]
