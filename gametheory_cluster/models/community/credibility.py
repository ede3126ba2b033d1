r"""Credible community punishment: do the punishers want to punish?

The source paper's central claim (产业集群与我国中小企业融资, *Industrial clusters and
the financing of China's small and medium-sized enterprises*, §2.2–2.3) is that a
cluster punishes a defaulter collectively. In
:class:`~gametheory_cluster.models.community.multilateral.ClusterPartners`,
:class:`~gametheory_cluster.models.community.networks.NetworkPunishment` and
``RepeatedLending(cluster_rent=True)`` the partners stop trading with a defaulter
*mechanically*; in Greif's :class:`~gametheory_cluster.models.community.greif.Coalition`
a cheater's rehiring probability is exogenous. Here the punishers get incentive
constraints of their own, derived on the engine, and :func:`credibility` reports
for each community model three sets of the discount factor (of the wage for Greif):

``mechanical``
    honest repayment when the punishment is imposed, as in the model;
``credible``
    honest repayment when only punishments the punishers want to carry out count
    (a punishment that is not credible is dropped, and the SME faces what is left);
``without``
    honest repayment when nobody but the cheated party punishes;

and ``not_credible``, where the punishers' own constraint fails. A punishment can
only add to the cheated party's, so ``without`` lies inside both other sets and
the credible threshold is never below the mechanical one.

Partners: punish the non-punisher
---------------------------------
Trade between cluster firms is paid on delivery (it needs no trust) and every tie
is worth :math:`s` per period to *both* firms (symmetric ties). A partner who
boycotts a defaulter therefore forgoes :math:`s` a period: punishing is costly.
It is kept up by a *standing* norm: firms shun anyone known to have defaulted or
to have traded with a known defaulter; firms in bad standing trade with each
other freely. A partner who resumes trading with the defaulter gains :math:`s` a
period for ever; the news that it did spreads once, by the model's own news
technology, and every partner that hears of it stops trading with it. With
:class:`PartnerBoycott` on the engine, the partner's constraint in the state
``boycott`` is

* ``news="independent"`` (:class:`ClusterPartners`: the SME and its :math:`N`
  partners all trade with each other; each of the partner's :math:`N-1` other
  partners hears w.p. :math:`q`):
  :math:`\big[\delta q (N-1) - 1\big] s / (1-\delta) \ge 0`, i.e.
  :math:`\delta \ge 1/(q(N-1))`: never with a single other partner to punish;
* ``news="public"`` (``RepeatedLending(cluster_rent=True)``: the rent :math:`s`
  comes from :math:`N` partners, :math:`s/N` each; the cluster hears w.p.
  :math:`q`, expels the partner — at the exit cost :math:`C` with
  ``exit_cost=True`` — and it loses the other partners' :math:`s(N-1)/N`);
* networks (:class:`NetworkPunishment`): the news that partner :math:`j` traded
  with the defaulter starts at :math:`j` and travels along the ties; :math:`j`
  keeps boycotting iff :math:`G_j(\delta) \ge 1`, where :math:`G_j` is the
  expected discounted number of :math:`j`'s partners who hear of it and punish.
  Only credible punishers count, so the set of punishers is the largest set
  :math:`S` in which every member's constraint holds when the members of
  :math:`S` are its punishers (found by deleting those whose constraint fails,
  until none does); the SME faces the partners in :math:`S`. The sets are
  found by bisection in :math:`\delta` on the exact chain of informed sets
  (evaluated in floats), so graphs are limited to what that chain can hold
  (about a dozen firms).

The same norm punishes the punishers of a non-punisher, so one condition covers
every level.

Lenders and merchants: Greif's logic
------------------------------------
A loan, or a merchant's goods in an agent's hands, needs trust. A lender (or
merchant) who shuns a known cheater gives up nothing if the cheater would cheat
it too (Greif 1993): the cheater has already lost the others' business, so it has
less to lose.

* :class:`MultilateralLending`: a lender who offered a known defaulter a
  *bilateral* relationship (lend while repaid) is repaid iff
  :math:`\delta \ge NR/(NR + Y - R - w)`, derived on the engine from that
  relationship (:func:`bilateral_deal`). Below it the lenders' refusal is
  credible; above it the SME repays under bilateral punishment anyway, so the
  credible threshold is the mechanical one.
* :class:`Coalition`: a merchant who hires a cheater at the wage :math:`W` is
  cheated iff :math:`W < W_c^*` (:meth:`Coalition.cheater_wage`). Never rehiring
  cheaters (``"multilateral"``) is a best response at every wage (strict below
  :math:`W_c^*`, a tie above). An exogenous :math:`0 < h_c < h_h`
  (``"partial"``) needs merchants indifferent, :math:`W \ge W_c^*(h_c)`.
* :class:`KandoriCommunity`: the punishers are infected players; their
  constraint is Kandori's off-path condition, already on the engine.

Examples
--------
>>> from fractions import Fraction
>>> from gametheory_cluster.models.community import ClusterPartners
>>> report = credibility(ClusterPartners(), N=3, q=Fraction(3, 4), s=20,
...                      Y=150, R=110, w=0, I=100)
>>> report.mechanical_threshold, report.credible_threshold
(22/39, 2/3)
>>> report.not_credible
Interval.open(0, 2/3)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import exact_values, plain, tidy
from ...automata import Constraint, Outcome, RepeatedGame, State
from ...errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
)
from ...figure_data import FigureData
from ...parameters import symbol, validate
from ...thresholds import Threshold, solve_threshold
from ..base import AutomatonModel
from ..lending.repeated import RepeatedLending
from .detection import _discounted_news, _discounted_news_float
from .greif import Coalition
from .kandori import KandoriCommunity
from .multilateral import ClusterPartners, MultilateralLending
from .networks import NetworkPunishment

__all__ = [
    "NEWS",
    "REGIONS",
    "Credibility",
    "PartnerBoycott",
    "bilateral_deal",
    "credibility",
    "credibility_region_data",
]

#: How the news that a partner traded with a known defaulter spreads.
NEWS = ("independent", "public")
#: The categories of :func:`credibility_region_data`, by code.
REGIONS = (
    "no honest repayment",
    "honest only under a mechanical boycott",
    "honest with a credible boycott",
    "honest without any boycott",
)
_UNIT = sp.Interval.open(0, 1)
_WAGES = sp.Interval(0, sp.oo)


# ------------------------------------------------------------------ the report
@dataclass(frozen=True)
class Credibility:
    """Where honest repayment holds with a mechanical and with a self-enforcing punishment.

    Attributes
    ----------
    model : str
        The community model.
    parameter : str
        The parameter the sets are in (``delta``, or ``W`` for Greif).
    logic : str
        How the punishers are kept to their task: ``"non-punisher"``, ``"greif"``
        or ``"contagion"``.
    mechanical, credible, without : sympy Set
        Honest repayment with the punishment imposed; with only credible
        punishments; with no third-party punishment.
    not_credible : sympy Set
        Where the punishers' own constraint fails.
    punishers : tuple of Constraint
        The punishers' constraints at this point (derived), where they are finite.
    note : str
        What the punishers compare, in words.
    """

    model: str
    parameter: str
    logic: str
    mechanical: sp.Set
    credible: sp.Set
    without: sp.Set
    not_credible: sp.Set
    punishers: tuple[Constraint, ...] = field(default=(), repr=False)
    note: str = ""

    @property
    def mechanical_threshold(self) -> Any:
        """The smallest value with honest repayment under the mechanical punishment."""
        return _inf(self.mechanical)

    @property
    def credible_threshold(self) -> Any:
        """The smallest value with honest repayment under credible punishments only."""
        return _inf(self.credible)

    @property
    def isolated_threshold(self) -> Any:
        """The smallest value with honest repayment when only the cheated party punishes."""
        return _inf(self.without)

    def __str__(self) -> str:
        name = self.parameter
        return "\n".join([
            f"{self.model} ({self.logic}):",
            f"  mechanical punishment: {name} in {sp.sstr(self.mechanical)}",
            f"  credible punishment:   {name} in {sp.sstr(self.credible)}",
            f"  no third party:        {name} in {sp.sstr(self.without)}",
            f"  punishment not credible for {name} in {sp.sstr(self.not_credible)}",
            *([f"  {self.note}"] if self.note else []),
        ])

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the thresholds (numbers, with their exact text) and the sets as text."""
        return plain({
            "model": self.model, "parameter": self.parameter, "logic": self.logic,
            "mechanical_threshold": self.mechanical_threshold,
            "credible_threshold": self.credible_threshold,
            "isolated_threshold": self.isolated_threshold,
            **{k: sp.sstr(getattr(self, k))
               for k in ("mechanical", "credible", "without", "not_credible")},
            "punishers": [str(c) for c in self.punishers],
            "note": self.note,
        })


def _inf(region: sp.Set) -> Any:
    return None if region is sp.EmptySet else region.inf


def _combine(mechanical: sp.Set, punishers: sp.Set, without: sp.Set) -> sp.Set:
    """Honest with a credible punishment: the punishment where it is credible, or none needed."""
    return sp.Union(sp.Intersection(mechanical, punishers), without)


def _region(get: Callable[[], Threshold], domain: sp.Set) -> sp.Set:
    """The set where a threshold's constraints hold (empty when none works)."""
    try:
        found = get()
    except NoSolutionError:
        return sp.EmptySet
    if found.region is None:
        raise MissingParameterError(
            f"give numbers for every parameter: the region of {found} is symbolic"
        )
    return sp.Intersection(found.region, domain)


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


# --------------------------------------------------------- Greif: a bilateral deal
def bilateral_deal(meet: Any = 1) -> RepeatedGame:
    r"""A lender and a known defaulter: would it repay a lender who trusted it again?

    Players ``lender`` (``Trust`` / ``Shun``) and ``sme`` (``Honour`` / ``Cheat``),
    the lender moving first. Each period they meet with probability ``meet``
    (:math:`1/N` with :math:`N` lenders); otherwise the SME earns ``w``. In
    ``deal`` the lender trusts while repaid; in ``shunned`` it refuses for ever.
    Lender and SME earn :math:`(R - I, Y - R)` on a repaid loan, :math:`(-I, Y)` on
    a default, :math:`(0, w)` without one. The SME's constraint in ``deal`` is
    Greif's test: when it fails, the defaulter would cheat anyone who trusted it,
    so shunning it costs nothing.

    Examples
    --------
    >>> sme = [c for c in bilateral_deal(sp.Rational(1, 3)).constraints()
    ...        if c.state == "deal" and c.player == "sme" and c.node == "Trust"]
    >>> solve_threshold(sme, "delta", {"Y": 150, "R": 110, "w": 0}).value
    33/37
    """
    I, Y, R, w = (symbol(n) for n in ("I", "Y", "R", "w"))
    meet = sp.sympify(meet)
    stage = {("Trust", "Honour"): (R - I, Y - R), ("Trust", "Cheat"): (-I, Y),
             ("Shun", "Honour"): (0, w), ("Shun", "Cheat"): (0, w)}

    def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
        cheated = state == "shunned" or profile == ("Trust", "Cheat")
        met = Outcome(stage[profile], "shunned" if cheated else "deal", meet)
        return [met, Outcome((0, w), state, 1 - meet)] if meet != 1 else [met]

    return RepeatedGame(
        ("lender", "sme"),
        {"lender": ("Trust", "Shun"), "sme": ("Honour", "Cheat")},
        [State("deal", {"lender": "Trust", "sme": "Honour"}),
         State("shunned", {"lender": "Shun", "sme": "Cheat"})],
        outcomes, timing="sequential",
    )


# ------------------------------------------------------------------ dispatch
def credibility(model: Any, **values: Any) -> Credibility:
    """Mechanical vs self-enforcing punishment for a community model at a parameter point.

    Parameters
    ----------
    model : ClusterPartners, RepeatedLending, NetworkPunishment, MultilateralLending, \
Coalition or KandoriCommunity
        The community model (``RepeatedLending`` needs ``cluster_rent=True``).
    **values
        Every parameter but the one the sets are in (``delta``; ``W`` for
        :class:`Coalition`), as numbers. ``RepeatedLending`` also needs ``N``, the
        number of partners its rent ``s`` comes from. ``NetworkPunishment`` takes
        ``r`` and, optionally, ``tol`` (precision of its numeric thresholds).

    Returns
    -------
    Credibility

    Examples
    --------
    >>> from fractions import Fraction
    >>> import gametheory_cluster as gc
    >>> out = credibility(gc.RepeatedLending(cluster_rent=True), N=4, s=200, Y=150, R=110,
    ...                   w=0, I=100)
    >>> out.mechanical_threshold, out.credible_threshold
    (11/35, 1/3)
    """
    if isinstance(model, ClusterPartners):
        return _partners(model, values)
    if isinstance(model, RepeatedLending):
        return _cluster_rent(model, values)
    if isinstance(model, NetworkPunishment):
        return _network(model, values)
    if isinstance(model, MultilateralLending):
        return _lenders(model, values)
    if isinstance(model, Coalition):
        return _coalition(model, values)
    if isinstance(model, KandoriCommunity):
        return _contagion(model, values)
    raise ModelError(
        "credibility needs a community model: ClusterPartners, RepeatedLending(cluster_rent=True), "
        f"NetworkPunishment, MultilateralLending, Coalition or KandoriCommunity, "
        f"not {type(model).__name__}"
    )


def _no_delta(values: Mapping[str, Any]) -> None:
    if "delta" in values:
        raise DomainError("the sets are in delta; do not give delta")


def _which(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split off ``which`` (the notion of the many-lenders models' thresholds)."""
    rest = dict(values)
    return rest, ({"which": rest.pop("which")} if "which" in rest else {})


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
    punish = _region(lambda: partner.threshold("delta", **point), _UNIT)
    return Credibility(
        repr(model), "delta", "non-punisher", mechanical, _combine(mechanical, punish, without),
        without, sp.Complement(_UNIT, punish), _at(partner, point),
        note="a partner keeps boycotting iff trading with the defaulter (s a period) costs it "
             "more: each of its N - 1 other partners hears w.p. q and shuns it",
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
    punish = _region(lambda: partner.threshold("delta", **point), _UNIT)
    return Credibility(
        repr(model), "delta", "non-punisher", mechanical, _combine(mechanical, punish, without),
        without, sp.Complement(_UNIT, punish), _at(partner, point),
        note="a partner keeps boycotting iff trading with the defaulter (s/N a period) costs it "
             "more: the cluster hears w.p. q and expels it (losing s(N-1)/N a period, and C)",
    )


def _lenders(model: MultilateralLending, values: Mapping[str, Any]) -> Credibility:
    _no_delta(values)
    values, which = _which(values)
    given = validate(values, allowed=[p for p in model.parameters if p != "delta"])
    if "N" not in given:
        raise MissingParameterError("give N, the number of lenders")
    mechanical = _region(lambda: model.threshold("delta", **which, **given), _UNIT)
    game = bilateral_deal(sp.Rational(1, int(given["N"])))
    sme = [c for c in game.constraints()
           if c.state == "deal" and c.player == "sme" and c.node == "Trust"]
    rest = {k: v for k, v in given.items() if k in ("Y", "R", "w")}
    without = _region(lambda: solve_threshold(sme, "delta", rest), _UNIT)
    trusted = sp.Complement(_UNIT, without)  # the defaulter would cheat a lender who trusted it
    return Credibility(
        repr(model), "delta", "greif", mechanical, _combine(mechanical, trusted, without),
        without, without, tuple(sme),
        note="a lender that knows of a default refuses; the refusal costs it nothing while the "
             "defaulter would default on a lender who trusted it again (outside 'without')",
    )


def _coalition(model: Coalition, values: Mapping[str, Any]) -> Credibility:
    if "W" in values:
        raise DomainError("the sets are in the wage W; do not give W")
    given = validate(values, allowed=[p for p in model.parameters if p != "W"])
    base = {k: v for k, v in given.items() if k != "h_c"}
    mechanical = _region(lambda: model.minimum_wage(**given), _WAGES)
    without = _region(lambda: Coalition("bilateral").minimum_wage(**base), _WAGES)
    cheater = model.cheater_wage(**given)
    if model.punishment == "bilateral":
        punish, not_credible = _WAGES, sp.EmptySet
        note = "no third party punishes: only the cheated merchant refuses to hire the cheater"
    elif model.punishment == "partial":
        punish = _region(lambda: cheater, _WAGES)
        note = ("merchants hire a cheater with probability h_c < h_h only if indifferent: "
                f"a rehired cheater must be honest, W >= W_c* = {cheater.value}")
        not_credible = sp.Complement(_WAGES, punish)
    else:
        punish, not_credible = _WAGES, sp.EmptySet
        note = ("a merchant never strictly prefers a cheater: at W < W_c* = "
                f"{cheater.value} a rehired cheater cheats; above it the merchant is indifferent")
    return Credibility(repr(model), "W", "greif", mechanical,
                       _combine(mechanical, punish, without), without, not_credible,
                       tuple(model._cheater_game(exact_values(given)).constraints()), note)


def _contagion(model: KandoriCommunity, values: Mapping[str, Any]) -> Credibility:
    _no_delta(values)
    pair = model.thresholds(**values)
    on = pair.on_path.region if pair.on_path.region is not None else sp.Interval.Ropen(
        pair.on_path.value, 1)
    off = pair.off_path.region if pair.off_path.region is not None else sp.Interval.Lopen(
        0, pair.off_path.value)
    on, off = sp.Intersection(on, _UNIT), sp.Intersection(off, _UNIT)
    return Credibility(
        repr(model), "delta", "contagion", on, sp.Intersection(on, off), sp.EmptySet,
        sp.Complement(_UNIT, off),
        note="an infected player keeps defecting rather than slow the contagion "
             "(Kandori's off-path condition)",
    )


# ------------------------------------------------------------------ networks
def _network(model: NetworkPunishment, values: Mapping[str, Any]) -> Credibility:
    _no_delta(values)
    values = dict(values)
    tol = float(values.pop("tol", 1e-10))
    given = validate(values, allowed=[p for p in model.parameters if p != "delta"])
    missing = sorted({"I", "R", "Y", "r", "s", "w"} - set(given))
    if missing:
        raise MissingParameterError(f"values needed for: {', '.join(missing)}")
    rule = model._partner_rule
    if rule == "list":
        raise ModelError("credibility on a network needs a rule for every firm's partners: "
                         "partners=None (every other firm) or 'neighbours'")
    fixed = {k: v for k, v in given.items() if k != "r"}
    mechanical = sp.Interval.Ropen(_value(model.threshold("delta", **given)), 1)
    without = _region(lambda: RepeatedLending().threshold(
        "delta", **{k: fixed[k] for k in ("Y", "R", "w", "I")}), _UNIT)
    game = _NetworkGame(model, float(given["r"]), rule)
    _, _, slack = model._sme(fixed)
    model._side_conditions(fixed)

    def honest(delta: float) -> bool:
        punishers = game.punishers(delta)
        return slack(delta, game.lost(model.defaulter, punishers & game.partners_of_sme,
                                      delta)) >= 0

    def everyone(delta: float) -> bool:
        return game.partners_of_sme <= game.punishers(delta)

    all_punish = _up_set(everyone, tol)
    start = float(mechanical.inf)
    if all_punish.contains(sp.Float(start, 15)) == sp.true:
        credible = mechanical  # every partner punishes from the mechanical threshold on
    else:
        credible = _up_set(honest, tol)
    return Credibility(
        repr(model), "delta", "non-punisher", mechanical, sp.Union(credible, without), without,
        sp.Complement(_UNIT, all_punish),
        note="partner j keeps boycotting iff G_j(delta) >= 1: the expected discounted number of "
             "its partners (credible punishers) who hear, along the ties, that it traded with "
             f"the defaulter; numeric (tolerance {tol:g})",
    )


def _value(found: Threshold) -> Any:
    if found.direction != ">=":
        raise NoSolutionError(f"the mechanical threshold is not a lower bound: {found}")
    return found.value if found.exact else sp.Float(float(found.value))


def _up_set(holds: Callable[[float], bool], tol: float) -> sp.Set:
    """The set ``[x, 1)`` of ``delta`` in (0, 1) where a monotone predicate holds, by bisection."""
    lo, hi = tol, 1 - tol
    if not holds(hi):
        return sp.EmptySet
    if holds(lo):
        return _UNIT
    while hi - lo > tol:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if holds(mid) else (mid, hi)
    return sp.Interval.Ropen(sp.Float(hi, 15), 1)


class _NetworkGame:
    """Every firm's loss from trading with the defaulter, and the largest credible punisher set."""

    def __init__(self, model: NetworkPunishment, r: float, rule: str | None) -> None:
        self.model, self.r = model, r
        index = model._index
        d = model.defaulter
        others = [v for v in model.nodes if v != d]
        succ = model.graph.successors if model.graph.is_directed() else model.graph.neighbors
        self.partners: dict[Hashable, int] = {}
        for j in others:
            near = set(succ(j)) if rule in ("neighbours", "neighbors") else set(model.nodes)
            self.partners[j] = sum(1 << index[k] for k in near - {j, d})
        self.partners_of_sme = {p for p in model.partners}
        self.others = others
        self._chains: dict[Hashable, Any] = {}

    def _system(self, j: Hashable) -> tuple[Any, Any, np.ndarray]:
        if j not in self._chains:
            start = self.model if j == self.model.defaulter else NetworkPunishment(
                self.model.graph, j, lag=self.model.lag)
            chain = start._chain(self.r)
            matrix = chain.matrix()
            coo = matrix.tocoo()
            states = np.array(chain.states, dtype=np.int64)
            new = states[coo.col] & ~states[coo.row]
            self._chains[j] = (chain, matrix.tocsr(), coo, new)
        return self._chains[j]

    def lost(self, j: Hashable, punishers: Iterable[Hashable], delta: float) -> float:
        """G: expected discounted number of ``punishers`` hearing news that starts at ``j``."""
        chain, matrix, coo, new = self._system(j)
        index = self.model._index
        mask = sum(1 << index[k] for k in punishers)
        if j != self.model.defaulter:
            mask &= self.partners[j]
        gains = np.bincount(coo.row, weights=coo.data * np.bitwise_count(new & mask),
                            minlength=len(chain.states))
        return _discounted_news_float(chain, matrix, gains, delta ** self.model.lag)

    def punishers(self, delta: float) -> set[Hashable]:
        """The largest set in which every member's boycott is credible (delete to a fixed point)."""
        alive = set(self.others)
        while True:
            drop = {j for j in alive if self.lost(j, alive, delta) < 1}
            if not drop:
                return alive
            alive -= drop

    def exact_lost(self, j: Hashable, punishers: Iterable[Hashable], delta: Any, r: Any) -> Any:
        """The same as :meth:`lost` in exact rationals (small chains; a second road for tests)."""
        start = self.model if j == self.model.defaulter else NetworkPunishment(
            self.model.graph, j, lag=self.model.lag)
        index = self.model._index
        mask = sum(1 << index[k] for k in punishers)
        if j != self.model.defaulter:
            mask &= self.partners[j]
        z = sp.Rational(delta) ** self.model.lag
        news = _discounted_news(start._chain(sp.Rational(r)), int(z.p), int(z.q), mask,
                                divide=Fraction)
        return sp.Rational(news.numerator, news.denominator)


# ------------------------------------------------------------------ the region map
def credibility_region_data(
    q_values: Sequence[float] | np.ndarray | None = None,
    delta_values: Sequence[float] | np.ndarray | None = None,
    **values: Any,
) -> FigureData:
    """Where the cluster's punishment is credible: :class:`ClusterPartners` over (δ, q).

    Each grid point gets a code of :data:`REGIONS`: 0 no honest repayment, 1
    honest only under a mechanical boycott (the partners would not carry it out),
    2 honest with a credible boycott, 3 honest without any boycott (the bank's
    punishment suffices). The sets come from :func:`credibility` at each ``q``
    (exact); ``delta`` is then placed in them.

    Parameters
    ----------
    q_values, delta_values : sequence of float, optional
        The grid (default: 41 values of ``q`` in [0, 1], 99 of ``delta`` in
        [0.01, 0.99]).
    **values
        ``N``, ``s``, ``Y``, ``R``, ``w``, ``I`` (default ``N=3, s=20`` on the base
        case ``Y=150, R=110, w=0, I=100``).

    Examples
    --------
    >>> data = credibility_region_data([0.5, 1.0], [0.5, 0.65, 0.75])
    >>> data.columns["region"]
    [0, 1, 3, 0, 2, 3]
    """
    values = {"N": 3, "s": 20, "Y": 150, "R": 110, "w": 0, "I": 100} | dict(values)
    qs = _grid(q_values, np.linspace(0.0, 1.0, 41), "q_values")
    deltas = _grid(delta_values, np.linspace(0.01, 0.99, 99), "delta_values")
    if np.any(deltas == 0) or np.any(deltas == 1):
        raise DomainError("delta_values must lie strictly between 0 and 1")
    rows: dict[str, list[Any]] = {"q": [], "delta": [], "region": [], "label": []}
    thresholds: dict[str, list[Any]] = {"mechanical": [], "credible": []}
    for q, report in zip(qs, _reports_by_q(qs, values), strict=True):
        thresholds["mechanical"].append(sp.sstr(report.mechanical_threshold))
        thresholds["credible"].append(sp.sstr(report.credible_threshold))
        for d in deltas:
            x = sp.Rational(d).limit_denominator(10**6)
            code = (3 if _member(report.without, x) else 2 if _member(report.credible, x)
                    else 1 if _member(report.mechanical, x) else 0)
            rows["q"].append(float(q))
            rows["delta"].append(float(d))
            rows["region"].append(code)
            rows["label"].append(REGIONS[code])
    return FigureData(
        rows,
        title=(f"Where the cluster's boycott is credible ({values['N']} partners, "
               f"s = {values['s']})"),
        notes={**{k: str(v) for k, v in values.items()}, "model": "ClusterPartners",
               "regions": "; ".join(f"{i}: {r}" for i, r in enumerate(REGIONS)),
               **{f"{k} threshold by q": ", ".join(str(v) for v in vs)
                  for k, vs in thresholds.items()}},
    )


def _reports_by_q(qs: np.ndarray, values: Mapping[str, Any]) -> list[Credibility]:
    """:func:`credibility` of :class:`ClusterPartners` at each ``q``, its thresholds derived once.

    The mechanical and the partners' thresholds are derived with ``q`` symbolic
    and evaluated at each grid point; the end points ``q = 0`` and ``q = 1``,
    where fewer states can be reached, are solved directly.
    """
    model, q = ClusterPartners(), symbol("q")
    rest = {k: v for k, v in values.items() if k != "q"}
    general = model.threshold("delta", **rest)
    punish = PartnerBoycott(int(values["N"])).threshold("delta", s=values["s"])
    if general.direction != ">=" or general.valid_when or punish.direction != ">=":
        raise NoSolutionError(f"no closed form in q: {general}; {punish}")
    without = _region(lambda: model.threshold("delta", **{**rest, "q": 0}), _UNIT)
    reports = []
    for x in qs:
        exact = sp.Rational(x).limit_denominator(10**6)
        if exact in (0, 1):
            reports.append(credibility(model, q=exact, **rest))
            continue
        mech = sp.Intersection(sp.Interval(general.value.xreplace({q: exact}), sp.oo), _UNIT)
        bound = punish.value.xreplace({q: exact})
        who = sp.Intersection(sp.Interval(bound, sp.oo), _UNIT) if bound.is_finite else sp.EmptySet
        reports.append(Credibility(repr(model), "delta", "non-punisher", mech,
                                   _combine(mech, who, without), without,
                                   sp.Complement(_UNIT, who)))
    return reports


def _member(region: sp.Set, x: sp.Rational) -> bool:
    """Whether ``x`` lies in ``region`` (fast for intervals and their unions)."""
    if region is sp.EmptySet:
        return False
    if isinstance(region, sp.Union):
        return any(_member(part, x) for part in region.args)
    if isinstance(region, sp.Interval):
        lo, hi = region.inf, region.sup
        above = x > lo if region.left_open else x >= lo
        below = x < hi if region.right_open else x <= hi
        return bool(above) and bool(below)
    return region.contains(x) == sp.true


def _grid(points: Sequence[float] | np.ndarray | None, default: np.ndarray,
          name: str) -> np.ndarray:
    xs = default if points is None else np.asarray(points, dtype=float)
    if xs.ndim != 1 or not len(xs) or np.any(np.isnan(xs)) or np.any((xs < 0) | (xs > 1)):
        raise DomainError(f"{name} must be a non-empty list of numbers in [0, 1]")
    return xs

