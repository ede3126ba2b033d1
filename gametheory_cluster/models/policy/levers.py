r"""Registry, law and capital markets as levers: which one lowers the critical discount factor most.

The source paper recommends a credit registry, better law and multi-level capital
markets (§3 of 产业集群与我国中小企业融资, *Industrial clusters and the financing of
China's SMEs*; see papers/cluster_financing/README.md). See docs/explanation/policy.md.

Levers (:func:`rank_levers`)
----------------------------
The detection probability :math:`q` (credit registry), the legal recovery
:math:`\lambda` (law) and the outside option :math:`w` (capital markets) are
parameters of ``RepeatedLending(detection=True, recovery=True)``. For each lever
:math:`x`, the derivative :math:`\partial\delta^*/\partial x` of the model's own
threshold expression and the elasticity :math:`(x/\delta^*)\,\partial\delta^*/\partial x`,
evaluated at a point, rank the levers by how much they lower :math:`\delta^*`.
:func:`lever_ranking_data` gives the numbers of the ranking's bar chart
(:func:`gametheory_cluster.plotting.policy.plot_lever_ranking`).

Examples
--------
>>> from fractions import Fraction
>>> ranking = rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
>>> [e.name for e in ranking.ranked()]
['q', 'lam', 'w']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp

from ...algebra import evaluate, plain, tidy
from ...errors import ModelError, NoSolutionError, UnknownParameterError
from ...figure_data import FigureData
from ...parameters import PARAMETERS, Value, is_exact, symbol, validate
from ...thresholds import Threshold
from ..lending import RepeatedLending
from ._common import _check_choice, _need

__all__ = [
    "LEVERS",
    "LeverEffect",
    "LeverRanking",
    "lever_ranking_data",
    "rank_levers",
]


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
            "slope": plain(self.slope),
            "elasticity": plain(self.elasticity),
            "effect": plain(self.effect),
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
            "delta_star": plain(self.delta_star),
            "point": {k: plain(v) for k, v in self.point.items()},
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
# the numbers of the lever figure
# ---------------------------------------------------------------------------------------
def lever_ranking_data(
    ranking: LeverRanking | None = None, by: str = "effect", **values: Any
) -> FigureData:
    """The levers in rank order with their effect and elasticity: the bar chart's numbers.

    ``ranking`` defaults to :func:`rank_levers` at ``values`` (or, with none given, at
    ``Y=150, R=110, I=100, w=10, q=1/2, lam=3/10``); rows are ordered by
    ``ranking.ranked(by)``. Drawn by
    :func:`gametheory_cluster.plotting.policy.plot_lever_ranking`.

    Examples
    --------
    >>> lever_ranking_data().columns["lever"]
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
    return FigureData(
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
