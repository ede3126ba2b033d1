r"""Collateral as a signal: which credit-market equilibria survive the Intuitive Criterion.

An SME is *good* (its project succeeds with probability :math:`p_g`) or *bad*
(:math:`p_b < p_g`); the bank believes it good with probability :math:`\mu`. The SME
offers collateral :math:`c` from a list of levels (:math:`0` = none); the bank, seeing
the offer but not the type, lends :math:`I` at the posted gross repayment :math:`R`
or refuses. A loan pays the SME :math:`Y - R` on success and costs it the collateral
on failure; the bank gets :math:`R` on success and realises :math:`\beta c` of the
collateral on failure. Offering collateral costs the SME a fee :math:`f` for
registering and appraising the pledge, loan or no loan (:math:`[c > 0]` below):

======  ==========================================  ===================================
reply   SME of type :math:`t`                       bank
======  ==========================================  ===================================
lend    :math:`p_t (Y - R) - (1 - p_t) c - f[c>0]`  :math:`p_t R + (1 - p_t)\beta c - I`
refuse  :math:`-f[c > 0]`                           :math:`0`
======  ==========================================  ===================================

Collateral is Spence's (1973) education: it costs the bad type more, because the
bad type loses it more often (single crossing). In a *separating* equilibrium the
good SME pledges collateral the bad one will not match — Bester's (1985) screening
contract read as a signal — and the bad SME is refused; in a *pooling* equilibrium
nobody pledges and the bank lends to all if the pool is profitable,
:math:`(\mu p_g + (1 - \mu) p_b) R \ge I`, and refuses all otherwise.

*The cluster.* An association of the cluster's firms turns away a share :math:`h` of
the bad SMEs that apply through it (peer screening), so the bank's prior for a
member is :math:`\mu_c = \mu / (\mu + (1 - \mu)(1 - h))`. Outside the cluster the
pool is unprofitable; the pooling equilibrium (refusal for all, propped up by the
belief that a pledge comes from a bad SME) fails the Intuitive Criterion — a bad SME
could not gain from pledging whatever the bank believed, a good one would — and only
costly collateral remains. Inside, the pool is profitable: lending to all without
collateral is an equilibrium that the Intuitive Criterion keeps (no type can gain
from pledging), and it spares the good SME the collateral.

Spence, A. M. (1973), *QJE* 87(3): 355–374; Bester, H. (1985), *AER* 75(4): 850–855;
Cho, I.-K. and D. M. Kreps (1987), *QJE* 102(2): 179–221. See
docs/explanation/extensive_forms.md.

Examples
--------
>>> model = CollateralSignaling(levels=(0, 1))
>>> isolated = model.survivors(cluster=False, **DEFAULTS)
>>> inside = model.survivors(cluster=True, **DEFAULTS)
>>> [(e.kind, e.path) for e in isolated], [(e.kind, e.path) for e in inside]
([('separating', ('0', '1'))], [('pooling', ('0',)), ('separating', ('0', '1'))])
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cache
from typing import Any

import sympy as sp

from ...errors import ModelError
from ...figure_data import FigureData
from ...games import SignalingGame
from ...games.signaling import SignalingEquilibria, SignalingEquilibrium
from ...parameters import symbols

__all__ = [
    "DEFAULTS",
    "CollateralSignaling",
    "cluster_prior",
    "collateral_data",
    "education_data",
    "spence_game",
    "survival_data",
]

_I, _R, _Y, _mu = symbols("I R Y mu")
#: The model's own parameters: success probabilities, the bank's recovery share, screening.
p_g, p_b, beta, h, fee = (sp.Symbol(n, positive=True) for n in ("p_g", "p_b", "beta", "h", "f"))

#: Default values: a good SME succeeds 9 times in 10, a bad one half the time.
DEFAULTS: dict[str, Any] = {
    "p_g": Fraction(9, 10), "p_b": Fraction(1, 2), "Y": 2, "R": Fraction(3, 2), "I": 1,
    "beta": Fraction(2, 5), "mu": Fraction(1, 4), "h": Fraction(3, 5), "f": Fraction(1, 20),
}


def cluster_prior(mu: Any, h: Any) -> Any:
    """The bank's prior that a cluster member is good when the association turns away ``h``.

    Examples
    --------
    >>> cluster_prior(Fraction(1, 4), Fraction(3, 5))
    Fraction(5, 11)
    """
    return mu / (mu + (1 - mu) * (1 - h))


class CollateralSignaling:
    """The collateral-signaling credit game, outside and inside a cluster.

    Parameters
    ----------
    levels : sequence
        The collateral the SME may offer (numbers or formulas; the first is usually 0).
    """

    def __init__(self, levels: Sequence[Any] = (0, sp.Symbol("C", nonnegative=True))) -> None:
        if len(levels) < 2:
            raise ModelError("give at least two collateral levels (e.g. 0 and C)")
        self.levels = tuple(sp.sympify(c) for c in levels)
        self.labels = tuple(sp.sstr(c) for c in self.levels)
        if len(set(self.labels)) < len(self.labels):
            raise ModelError(f"collateral levels must differ, got {self.labels}")

    def __repr__(self) -> str:
        return f"CollateralSignaling(levels={self.labels})"

    def game(self, cluster: bool = False) -> SignalingGame:
        """The signaling game (symbolic); ``cluster`` uses the members' prior.

        Built once per place: every prior and parameter value shares it.
        """
        games = self.__dict__.setdefault("_games", {})
        if bool(cluster) not in games:
            games[bool(cluster)] = self._build_game(bool(cluster))
        return games[bool(cluster)]

    def _build_game(self, cluster: bool) -> SignalingGame:
        prior = cluster_prior(_mu, h) if cluster else _mu
        collateral = dict(zip(self.labels, self.levels, strict=True))
        success = {"good": p_g, "bad": p_b}

        def payoffs(t: str, m: str, a: str) -> tuple[Any, Any]:
            p, c = success[t], collateral[m]
            cost = 0 if c == 0 else fee
            if a == "refuse":
                return -cost, 0
            return p * (_Y - _R) - (1 - p) * c - cost, p * _R + (1 - p) * beta * c - _I

        return SignalingGame({"good": prior, "bad": 1 - prior}, self.labels,
                             ("lend", "refuse"), payoffs, players=("SME", "bank"))

    def equilibria(self, cluster: bool = False, **values: Any) -> SignalingEquilibria:
        """The pure perfect Bayesian equilibria (pass ``hybrid=True`` for the mixed ones)."""
        hybrid = bool(values.pop("hybrid", False))
        return self.game(cluster).equilibria(hybrid=hybrid, **self._values(cluster, values))

    def survivors(self, cluster: bool = False, test: str = "intuitive",
                  **values: Any) -> list[SignalingEquilibrium]:
        """The equilibria that pass the Intuitive Criterion (``test="intuitive"``) or D1."""
        if test not in ("intuitive", "d1"):
            raise ModelError(f"test must be 'intuitive' or 'd1', not {test!r}")
        method = "intuitive_criterion" if test == "intuitive" else "d1"
        return [e for e in self.equilibria(cluster, **values) if getattr(e, method)().passed]

    @staticmethod
    def _values(cluster: bool, values: dict[str, Any]) -> dict[str, Any]:
        if not cluster:
            values = {k: v for k, v in values.items() if k != "h"}
        return values

    def pooling_threshold(self) -> sp.Expr:
        """The prior above which the bank lends to the pool without collateral.

        Derived from the bank's break-even at the prior, ``(μ p_g + (1 − μ) p_b) R = I``.

        Examples
        --------
        >>> CollateralSignaling().pooling_threshold()
        (I - R*p_b)/(R*(-p_b + p_g))
        """
        return _pooling_threshold()


@cache
def _pooling_threshold() -> sp.Expr:
    """:meth:`CollateralSignaling.pooling_threshold`, derived once (it depends on no level)."""
    profit = (_mu * p_g + (1 - _mu) * p_b) * _R - _I
    (mu_star,) = sp.solve(profit, _mu)
    readable = (_I - _R * p_b) / (_R * (p_g - p_b))
    assert sp.simplify(mu_star - readable) == 0
    return readable


def survival_data(model: CollateralSignaling, mus: Sequence[Any], **values: Any) -> FigureData:
    """Which equilibria exist and survive the Intuitive Criterion, by prior, outside and inside.

    Columns: the prior ``mu`` (outside the cluster), the members' prior ``mu_cluster``,
    and for each place the number of pooling and separating equilibria and how many
    of each pass the Intuitive Criterion.

    Examples
    --------
    >>> data = survival_data(CollateralSignaling(levels=(0, 1)), [Fraction(1, 4)], **DEFAULTS)
    >>> data.columns["isolated pooling (IC)"], data.columns["cluster pooling (IC)"]
    ([0], [1])
    """
    values = {k: v for k, v in values.items() if k != "mu"}
    columns: dict[str, list[Any]] = {"mu": [], "mu_cluster": []}
    for place in ("isolated", "cluster"):
        for kind in ("pooling", "separating"):
            columns[f"{place} {kind}"] = []
            columns[f"{place} {kind} (IC)"] = []
    for mu in mus:
        columns["mu"].append(mu)
        columns["mu_cluster"].append(cluster_prior(mu, values.get("h", DEFAULTS["h"])))
        for place, cluster in (("isolated", False), ("cluster", True)):
            found = model.equilibria(cluster, mu=mu, **values)
            for kind in ("pooling", "separating"):
                these = found.of_kind(kind)
                columns[f"{place} {kind}"].append(len(these))
                columns[f"{place} {kind} (IC)"].append(
                    sum(e.intuitive_criterion().passed for e in these))
    threshold = model.pooling_threshold().subs({sp.Symbol(k, positive=True): v
                                                for k, v in values.items()})
    threshold = threshold.subs({s: values[s.name] for s in threshold.free_symbols
                                if s.name in values})
    return FigureData(columns, title="Collateral signaling: equilibria surviving the "
                      "Intuitive Criterion", notes={"pooling threshold": threshold,
                                                    "levels": ", ".join(model.labels)})


def spence_game(q1: Any = Fraction(1, 2), levels: Sequence[Any] | None = None) -> SignalingGame:
    """Spence's (1973) job-market example as a finite signaling game.

    Group I (share ``q1``) has productivity 1 and pays ``y`` for education ``y``;
    group II has productivity 2 and pays ``y/2``. The employer, competitive, pays a
    wage equal to the expected productivity: its replies are the wages 1, ``2 - q1``
    and 2, and its payoff :math:`-(w - \theta)^2` makes the expected productivity
    the best reply. ``levels`` are the education levels (default 0 to 2 by 1/4).

    Examples
    --------
    >>> game = spence_game()
    >>> sorted({e.kind for e in game.equilibria(hybrid=False)})
    ['pooling', 'separating']
    """
    q1 = sp.sympify(q1)
    levels = [Fraction(k, 4) for k in range(9)] if levels is None else list(levels)
    wages = {"1": sp.Integer(1), "2 - q1": 2 - q1, "2": sp.Integer(2)}
    productivity = {"I": 1, "II": 2}
    cost = {"I": sp.Integer(1), "II": sp.Rational(1, 2)}
    names = {sp.sstr(sp.sympify(y)): sp.sympify(y) for y in levels}

    def payoffs(t: str, m: str, a: str) -> tuple[Any, Any]:
        w = wages[a]
        return w - cost[t] * names[m], -((w - productivity[t]) ** 2)

    return SignalingGame({"I": q1, "II": 1 - q1}, tuple(names), tuple(wages), payoffs,
                         players=("worker", "employer"))


def education_data(q1: Any = Fraction(1, 2), levels: Sequence[Any] | None = None) -> FigureData:
    """Spence's equilibria by education level, and which pass the Intuitive Criterion and D1.

    One row per level ``y``: whether a separating equilibrium has group II at ``y``
    (group I at 0), whether a pooling equilibrium has everyone at ``y``, and whether
    each passes the Intuitive Criterion and D1.

    Examples
    --------
    >>> data = education_data()
    >>> [y for y, s in zip(data.columns["y"], data.columns["separating"]) if s]
    ['1', '5/4', '3/2', '7/4', '2']
    >>> [y for y, s in zip(data.columns["y"], data.columns["separating (D1)"]) if s]
    ['1']
    """
    game = spence_game(q1, levels)
    return FigureData(_by_level(game, "I", "II"), title="Spence (1973): education as a signal",
                      notes={"q1": sp.sympify(q1), "pooling wage": 2 - sp.sympify(q1)})


def collateral_data(levels: Sequence[Any], cluster: bool = False, **values: Any) -> FigureData:
    """The collateral game's equilibria by collateral level, and which the refinements keep.

    Bester's screening read as signaling: the good SME separates by pledging, and the
    refinements keep the least collateral the bad SME will not match.

    Examples
    --------
    >>> data = collateral_data([Fraction(k, 4) for k in range(5)], **DEFAULTS)
    >>> [c for c, s in zip(data.columns["y"], data.columns["separating (IC)"]) if s]
    ['1/2']
    """
    model = CollateralSignaling(levels)
    game = model.game(cluster)
    columns = _by_level(game, "bad", "good", **model._values(cluster, dict(values)))
    return FigureData(columns, title="Collateral as a signal, by level",
                      notes={"cluster": cluster, "least separating collateral":
                             _least_collateral(values)})


def _least_collateral(values: dict[str, Any]) -> Any:
    """The collateral at which a bad SME is indifferent between mimicking and being refused."""
    c = sp.Symbol("c")
    mimic = p_b * (_Y - _R) - (1 - p_b) * c - fee + fee  # the fee is paid either way
    (level,) = sp.solve(mimic, c)
    return level.subs({s: values[s.name] for s in level.free_symbols if s.name in values})


def _by_level(game: SignalingGame, stay: str, move: str, **values: Any) -> dict[str, list[Any]]:
    """Per message: separating (``move`` there, ``stay`` at the first) and pooling equilibria."""
    first = game.messages[0]
    keys = ("separating", "separating (IC)", "separating (D1)", "pooling", "pooling (IC)",
            "pooling (D1)")
    rows = {m: dict.fromkeys(keys, 0) for m in game.messages}
    for eq in game.equilibria(hybrid=False, **values):
        if eq.kind == "separating" and eq.sender[stay][first] == 1:
            level, kind = next(m for m, p in eq.sender[move].items() if p == 1), "separating"
        elif eq.kind == "pooling":
            level, kind = eq.path[0], "pooling"
        else:
            continue
        rows[level][kind] = 1
        rows[level][f"{kind} (IC)"] = int(eq.intuitive_criterion().passed)
        rows[level][f"{kind} (D1)"] = int(eq.d1().passed)
    columns: dict[str, list[Any]] = {"y": list(game.messages)}
    for key in keys:
        columns[key] = [rows[m][key] for m in game.messages]
    return columns
