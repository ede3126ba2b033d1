r"""Lenders and merchants, Greif's logic: shunning a cheater costs nothing if it would cheat again.

The checks of :class:`~gametheory_cluster.models.community.multilateral.MultilateralLending`
(from :func:`bilateral_deal`, a lender that trusts a known defaulter again) and of
Greif's :class:`~gametheory_cluster.models.community.greif.Coalition` (the rehired
cheater's wage). See the package docstring,
:mod:`gametheory_cluster.models.community.credibility`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from ....algebra import exact_values
from ....automata import Outcome, RepeatedGame, State
from ....errors import DomainError, MissingParameterError
from ....parameters import symbol, validate
from ....thresholds import solve_threshold
from ..greif import Coalition
from ..multilateral import MultilateralLending
from .verdict import _UNIT, _WAGES, Credibility, _combine, _no_delta, _region, _which

__all__ = ["bilateral_deal"]


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
