r"""Partners who boycott a defaulter: the partner's own constraint (:class:`PartnerBoycott`).

The checks of :class:`~gametheory_cluster.models.community.multilateral.ClusterPartners`
(news heard by each partner on its own) and of ``RepeatedLending(cluster_rent=True)``
(news heard by the whole cluster): a partner keeps boycotting iff trading with the
defaulter costs it more than it gains (the non-punisher is punished in turn). See the
package docstring, :mod:`gametheory_cluster.models.community.credibility`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

import sympy as sp

from ....algebra import exact_values, tidy
from ....automata import Constraint, Outcome, RepeatedGame, State
from ....errors import DomainError, MissingParameterError, ModelError
from ....parameters import symbol, validate
from ...base import AutomatonModel
from ...lending.repeated import RepeatedLending
from ..multilateral import ClusterPartners
from .verdict import _UNIT, Credibility, _combine, _no_delta, _region, _which

__all__ = ["NEWS", "PartnerBoycott"]

#: How the news that a partner traded with a known defaulter spreads.
NEWS = ("independent", "public")


# -------------------------------------------------------- the partner's constraint
class PartnerBoycott(AutomatonModel):
    r"""A partner who knows the SME defaulted: keep boycotting it, or trade with it again.

    The partner is the player (actions ``Boycott`` / ``Trade``); the SME's other
    partners and the cluster follow the standing norm of the module docstring.
    In ``boycott`` it trades with its other partners; trading with the defaulter
    adds :math:`s` a period (:math:`s/N` for ``news="public"``, where the rent
    :math:`s` comes from :math:`N` partners) and moves it, once the news has
    spread, to a state where those who heard shun it and it trades with the
    defaulter freely.

    Parameters
    ----------
    N : int, optional
        The SME's partners (the cluster has ``N + 1`` firms). Required for
        ``news="independent"``; symbolic if left out for ``"public"``.
    news : {"independent", "public"}
        Each other partner hears w.p. ``q`` on its own, or the whole cluster
        hears w.p. ``q`` and expels the partner.
    exit_cost : bool
        With ``news="public"``: an expelled partner pays the exit cost ``C``.

    Examples
    --------
    >>> PartnerBoycott(4).threshold("delta").value       # below 1 only when 3q > 1
    1/(3*q)
    >>> PartnerBoycott(news="public").threshold("delta", N=4, q=1, s=5).value
    1/3
    """

    def __init__(self, N: int | None = None, *, news: str = "independent",
                 exit_cost: bool = False) -> None:
        if news not in NEWS:
            raise ModelError(f"news must be one of {', '.join(NEWS)}, not {news!r}")
        if N is not None and (isinstance(N, bool) or not isinstance(N, int) or N < 1):
            raise DomainError(f"N must be a whole number of partners >= 1, not {N!r}")
        if news == "independent" and N is None:
            raise MissingParameterError("news='independent' needs N, the number of partners")
        if exit_cost and news != "public":
            raise ModelError("exit_cost needs news='public': only the cluster as a whole expels")
        self.N, self.news, self.exit_cost = N, news, exit_cost

    def __repr__(self) -> str:
        extra = "".join([f"{self.N}, " if self.N is not None else "", f"news={self.news!r}",
                         ", exit_cost=True" if self.exit_cost else ""])
        return f"PartnerBoycott({extra})"

    @cached_property
    def game(self) -> RepeatedGame:
        """The partner's automaton (symbolic in ``s``, ``q``, ``delta`` and ``C``, ``N``)."""
        s, q = symbol("s"), symbol("q")
        if self.news == "independent":
            others = self.N - 1
            spread = [(j, sp.binomial(others, j) * (1 - q) ** j * q ** (others - j))
                      for j in range(others + 1)]
            names = ["boycott", *(f"exposed:{j}" for j in range(others + 1))]

            def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
                trade = profile[0] == "Trade"
                if state == "boycott":
                    if not trade:
                        return [Outcome((others * s,), "boycott")]
                    return [Outcome((others * s + s,), f"exposed:{j}", pr) for j, pr in spread]
                j = int(state.split(":")[1])
                return [Outcome((j * s + (s if trade else 0),), state)]
        else:
            N = symbol("N") if self.N is None else sp.Integer(self.N)
            fine = symbol("C") if self.exit_cost else 0
            stay = s * (N - 1) / N  # what the other partners bring
            names = ["boycott", "expelled", "unseen"]

            def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
                trade = profile[0] == "Trade"
                if state == "boycott":
                    if not trade:
                        return [Outcome((stay,), "boycott")]
                    return [Outcome((s - fine,), "expelled", q), Outcome((s,), "unseen", 1 - q)]
                if state == "expelled":
                    return [Outcome((s / N if trade else 0,), state)]
                return [Outcome((s if trade else stay,), state)]

        return RepeatedGame(
            ("partner",), {"partner": ("Boycott", "Trade")},
            [State(n, {"partner": "Boycott" if n == "boycott" else "Trade"}) for n in names],
            outcomes,
        )

    def boycott_constraint(self) -> Constraint:
        """The partner's constraint in ``boycott``: keep boycotting rather than trade."""
        return next(c for c in self.constraints() if c.state == "boycott")


def _partners(model: ClusterPartners, values: Mapping[str, Any]) -> Credibility:
    _no_delta(values)
    values, which = _which(values)
    given = validate(values, allowed=[p for p in model.parameters if p != "delta"])
    if "N" not in given or "q" not in given:
        raise MissingParameterError("give N and q (and s, Y, R, w, I)")
    N = int(given["N"])
    mechanical = _region(lambda: model.threshold("delta", **which, **given), _UNIT)
    without = _region(lambda: model.threshold("delta", **which, **{**given, "q": 0}), _UNIT)
    partner = PartnerBoycott(N)
    point = {k: v for k, v in {"q": given["q"], "s": given.get("s", 1)}.items()
             if k in partner.parameters}
    return _boycott(
        model, mechanical, without, partner, point,
        "a partner keeps boycotting iff trading with the defaulter (s a period) costs it "
        "more: each of its N - 1 other partners hears w.p. q and shuns it",
    )


def _boycott(model: Any, mechanical: sp.Set, without: sp.Set, partner: PartnerBoycott,
             point: Mapping[str, Any], note: str) -> Credibility:
    """The verdict when the partners boycott: credible where ``partner``'s constraint holds."""
    punish = _region(lambda: partner.threshold("delta", **point), _UNIT)
    return Credibility(
        repr(model), "delta", "non-punisher", mechanical, _combine(mechanical, punish, without),
        without, sp.Complement(_UNIT, punish), _at(partner, point), note=note,
    )


def _at(partner: PartnerBoycott, values: Mapping[str, Any]) -> tuple[Constraint, ...]:
    c = partner.boycott_constraint()
    subs = {symbol(k): sp.sympify(v) for k, v in exact_values(
        {k: v for k, v in values.items() if v is not None}).items()}
    return (Constraint(c.state, c.player, c.action, c.deviation, tidy(c.slack.xreplace(subs)),
                       c.node, c.on_path),)


_UNSUPPORTED = ("continuation",)


def _cluster_rent(model: RepeatedLending, values: Mapping[str, Any]) -> Credibility:
    _no_delta(values)
    if not model.switches["cluster_rent"]:
        raise ModelError("credibility of a RepeatedLending needs cluster_rent=True: "
                         "the partners who stop trading are the punishers")
    if model.lag is not None or any(model.switches[k] for k in _UNSUPPORTED):
        raise ModelError("credibility of a RepeatedLending supports exit_cost, detection, "
                         "monitoring and recovery; not continuation or a lag")
    if "N" not in values:
        raise MissingParameterError("give N, the number of partners the cluster rent s comes from")
    own = {k: v for k, v in values.items() if k != "N"}
    given = validate(own, allowed=[p for p in model.parameters if p != "delta"])
    N = validate({"N": values["N"]})["N"]
    mechanical = _region(lambda: model.threshold("delta", **given), _UNIT)
    plain_model = RepeatedLending(
        model.punishment,
        **{k: v for k, v in model.switches.items() if k not in ("exit_cost", "cluster_rent")},
    )
    rest = {k: v for k, v in given.items() if k in plain_model.parameters}
    without = _region(lambda: plain_model.threshold("delta", **rest), _UNIT)
    partner = PartnerBoycott(news="public", exit_cost=model.switches["exit_cost"])
    point = {"N": N, "s": given["s"], "q": given.get("q", 1) if model.switches["detection"] else 1,
             **({"C": given["C"]} if model.switches["exit_cost"] else {})}
    point = {k: v for k, v in point.items() if k in partner.parameters}
    return _boycott(
        model, mechanical, without, partner, point,
        "a partner keeps boycotting iff trading with the defaulter (s/N a period) costs it "
        "more: the cluster hears w.p. q and expels it (losing s(N-1)/N a period, and C)",
    )
