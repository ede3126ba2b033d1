r"""Punishment on a network: the largest set of partners whose boycott is credible.

The check of :class:`~gametheory_cluster.models.community.networks.NetworkPunishment`:
partner :math:`j` keeps boycotting iff :math:`G_j(\delta) \ge 1`, the expected
discounted number of its partners who hear, along the ties, that it traded with the
defaulter and punish it. The sets are found by bisection in :math:`\delta` on the
exact chain of informed sets (evaluated in floats). See the package docstring,
:mod:`gametheory_cluster.models.community.credibility`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ....errors import MissingParameterError, ModelError, NoSolutionError
from ....parameters import validate
from ....thresholds import Threshold
from ...lending.repeated import RepeatedLending
from ..detection import _discounted_news, _discounted_news_float
from ..networks import NetworkPunishment
from .verdict import _UNIT, Credibility, _no_delta, _region


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
            coo = chain.matrix.tocoo()
            states = np.array(chain.states, dtype=np.int64)
            new = states[coo.col] & ~states[coo.row]
            self._chains[j] = (chain, coo, new)
        return self._chains[j]

    def lost(self, j: Hashable, punishers: Iterable[Hashable], delta: float) -> float:
        """G: expected discounted number of ``punishers`` hearing news that starts at ``j``."""
        chain, coo, new = self._system(j)
        index = self.model._index
        mask = sum(1 << index[k] for k in punishers)
        if j != self.model.defaulter:
            mask &= self.partners[j]
        gains = np.bincount(coo.row, weights=coo.data * np.bitwise_count(new & mask),
                            minlength=len(chain.states))
        return _discounted_news_float(chain, gains, delta ** self.model.lag)

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
