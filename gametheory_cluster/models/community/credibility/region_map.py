"""Where the cluster's punishment is credible: the (δ, q) map of :class:`ClusterPartners`.

The numbers of :func:`credibility_region_data` (drawn by
:func:`gametheory_cluster.plotting.community.plot_credibility_region`); see the
package docstring, :mod:`gametheory_cluster.models.community.credibility`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from ....errors import DomainError, NoSolutionError
from ....figure_data import FigureData
from ....parameters import symbol
from ..multilateral import ClusterPartners
from .dispatch import credibility
from .partners import PartnerBoycott
from .verdict import _UNIT, Credibility, _combine, _region

__all__ = ["REGIONS", "credibility_region_data"]

#: The categories of :func:`credibility_region_data`, by code.
REGIONS = (
    "no honest repayment",
    "honest only under a mechanical boycott",
    "honest with a credible boycott",
    "honest without any boycott",
)


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
