r"""Registry, law and capital markets as levers: which one lowers the critical discount factor most.

The source paper recommends a credit registry, better law and multi-level capital
markets (§3 of 产业集群与我国中小企业融资, *Industrial clusters and the financing of
China's SMEs*; see papers/cluster_financing/README.md). See docs/explanation/policy.md.

Levers (:func:`rank_levers`)
----------------------------
The detection probability :math:`q` (credit registry), the legal recovery
:math:`\lambda` (law) and the outside option :math:`w` (capital markets) are
parameters of ``RepeatedLending(detection=True, recovery=True)``. A derivative
:math:`\partial\delta^*/\partial x` has the units of :math:`1/x`: measure :math:`w`
in hundreds and its slope is a hundred times larger, so slopes cannot rank levers
measured in different units. The levers are ranked two unit-free ways instead:

* by the **elasticity** :math:`(x/\delta^*)\,\partial\delta^*/\partial x` (the
  percentage change of :math:`\delta^*` for a one per cent move of the lever; zero for
  a lever that stands at zero);
* by a **standardized feasible reform**: the lever closes the share ``closing``
  (default 1/10) of the distance to the end of its feasible range in the reform's
  direction, and the ranking is by the exact change of :math:`\delta^*`. The range is
  derived, not typed: the values of the lever, all else fixed, at which the lever's
  domain, the threshold's own conditions and :math:`0 \le \delta^* \le 1` hold. In
  the base model that is :math:`q \to 1`, :math:`\lambda \to I/R` (beyond it lending
  to a known defaulter pays and the punishment is not credible) and
  :math:`w \to Y - R` (where :math:`\delta^* = 1`).

Both rankings are **local**: they hold at the point given, and a larger reform, or
another point, can reorder them. Scaling every money amount (``Y``, ``R``, ``I``,
``w``, ``C``, ``s``) by the same factor leaves both unchanged (the tests check it).
:func:`lever_ranking_data` gives the numbers of the ranking's bar chart
(:func:`gametheory_cluster.plotting.policy.plot_lever_ranking`).

Examples
--------
>>> from fractions import Fraction
>>> ranking = rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
>>> [e.name for e in ranking.ranked()]
['q', 'lam', 'w']
>>> [e.target for e in ranking.effects]      # ends of the feasible ranges
[1, 10/11, 40]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.solvers.inequalities import reduce_rational_inequalities

from ... import notation
from ...algebra import evaluate, exact_values, plain, tidy
from ...errors import DomainError, ModelError, NoSolutionError, UnknownParameterError
from ...figure_data import FigureData
from ...parameters import PARAMETERS, Value, coerce_value, is_exact, symbol, validate
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

#: The ways :meth:`LeverRanking.ranked` can order the levers.
RANKINGS = ("elasticity", "reform")

#: The share of the gap to the end of its feasible range a standardized reform closes.
CLOSING = sp.Rational(1, 10)


@dataclass(frozen=True)
class LeverEffect:
    """How one lever moves the critical discount factor at a point.

    ``derivative`` is :math:`\\partial\\delta^*/\\partial x` as an expression and
    ``slope`` its value (in units of :math:`1/x`: not comparable across levers);
    ``elasticity`` is :math:`(x/\\delta^*)\\,\\partial\\delta^*/\\partial x`. ``target`` is
    the end of the lever's feasible range in the reform's direction (``None`` when the
    range has no end), ``reformed`` the lever's value after the standardized reform
    (closing a share of the gap to ``target``) and ``reform`` the exact change of
    :math:`\\delta^*` it brings (negative: honest repayment gets easier).
    """

    name: str
    label: str
    direction: int
    derivative: sp.Expr
    slope: Any
    elasticity: Any
    target: Any = None
    reformed: Any = None
    reform: Any = None

    @property
    def directed_elasticity(self) -> Any:
        """The elasticity of δ* in the reform's direction (``direction * elasticity``)."""
        return self.direction * self.elasticity

    def to_dict(self) -> dict[str, Any]:
        """Plain data (see :func:`~gametheory_cluster.algebra.plain`)."""
        return plain(self._raw())

    def _raw(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "direction": self.direction,
            "derivative": sp.sstr(self.derivative),
            "slope": self.slope,
            "elasticity": self.elasticity,
            "target": self.target,
            "reformed": self.reformed,
            "reform": self.reform,
        }


@dataclass(frozen=True)
class LeverRanking:
    """Levers ranked, at one parameter point, by elasticity or by a standardized reform.

    The ranking is local: it holds at ``point``; ``closing`` is the share of the gap
    to the end of each lever's feasible range that the standardized reform closes.
    """

    model: str
    threshold: sp.Expr
    delta_star: Any
    point: Mapping[str, Any]
    effects: tuple[LeverEffect, ...]
    closing: Any = CLOSING

    def ranked(self, by: str = "elasticity") -> list[LeverEffect]:
        """The levers, most helpful first.

        ``by="elasticity"``: the elasticity of δ* in the reform's direction;
        ``by="reform"``: the change of δ* when the lever closes the share ``closing``
        of the gap to the end of its feasible range.
        """
        if by == "effect":
            raise ModelError(
                "by='effect' was removed: a change of delta* per unit of a lever depends on "
                "the units it is measured in; valid choices: 'elasticity', 'reform'"
            )
        _check_choice("by", by, RANKINGS)
        if by == "elasticity":
            return sorted(self.effects, key=lambda e: float(e.directed_elasticity))
        open_ended = [e.name for e in self.effects if e.reform is None]
        if open_ended:
            raise NoSolutionError(
                f"lever(s) {', '.join(open_ended)} have no end to their feasible range here; "
                "give targets={name: value} to rank by reform"
            )
        return sorted(self.effects, key=lambda e: float(e.reform))

    def __str__(self) -> str:
        rows = [
            f"δ* = {notation.number(self.delta_star)} in {self.model}; a local ranking, "
            "at this point"
        ]
        ordered = self.ranked()
        for e in ordered:
            rank = 1 + sum(bool(o.directed_elasticity < e.directed_elasticity) for o in ordered)
            row = f"  {rank}. {e.label}: elasticity {float(e.directed_elasticity):+.4g}"
            if e.reform is not None:
                row += (
                    f"; closing {_show(self.closing)} of the gap to {e.name} = "
                    f"{_show(e.target)} moves δ* by {float(e.reform):+.4g}"
                )
            rows.append(row)
        return "\n".join(rows)

    def __repr__(self) -> str:
        return f"LeverRanking({', '.join(e.name for e in self.ranked())})"

    def _repr_html_(self) -> str:
        """The ranking as a table: lever, ∂δ*/∂x, elasticity and the standardized reform."""
        rows = [
            (k, e.label, notation.text(e.derivative), f"{float(e.directed_elasticity):+.4g}",
             "—" if e.reform is None else f"{float(e.reform):+.4g}")
            for k, e in enumerate(self.ranked(), 1)
        ]
        header = ("rank", "lever", "∂δ*/∂x", "elasticity",
                  f"Δδ* (closing {_show(self.closing)} of the gap)")
        caption = f"δ* = {notation.number(self.delta_star)} in {self.model}"
        return notation.html_table(header, rows, caption)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the threshold, the point and the levers in order of elasticity."""
        return plain(
            {
                "model": self.model,
                "threshold": sp.sstr(self.threshold),
                "delta_star": self.delta_star,
                "point": dict(self.point),
                "closing": self.closing,
                "ranking": [e._raw() for e in self.ranked()],
            }
        )

    def to_frame(self) -> Any:
        """The ranking as a pandas DataFrame (needs pandas)."""
        import pandas as pd

        return pd.DataFrame([e.to_dict() for e in self.ranked()]).set_index("name")

    def latex(self) -> str:
        r"""A LaTeX table of :math:`\partial\delta^*/\partial x`, the elasticities and reforms."""
        rows = [
            rf"{PARAMETERS[e.name].notation if e.name in PARAMETERS else e.name} & "
            rf"{sp.latex(e.derivative)} & {sp.latex(sp.sympify(e.elasticity))} & "
            rf"{'-' if e.reform is None else sp.latex(sp.sympify(e.reform))} \\"
            for e in self.ranked()
        ]
        closing = sp.latex(sp.sympify(self.closing))
        head = (
            r"x & \partial\delta^*/\partial x & \text{elasticity} & "
            rf"\Delta\delta^* \text{{ (closing {closing} of the gap)}} \\"
        )
        return "\\begin{array}{cccc}\n" + "\n".join([head, *rows]) + "\n\\end{array}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"


def _show(value: Any) -> str:
    return sp.sstr(value) if is_exact(value) else f"{float(value):.4g}"


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


def _feasible_range(
    threshold: Threshold, expr: sp.Expr, name: str, given: Mapping[str, Value]
) -> sp.Set:
    """The values of lever ``name``, all else as given, at which the model still applies.

    The lever's domain, the threshold's ``requires`` and ``valid_when`` conditions and
    ``0 <= delta* <= 1``, solved exactly in the lever; the interval that holds the
    lever's current value.
    """
    x = symbol(name)
    fixed = {symbol(k): v for k, v in exact_values(given).items() if k != name}
    star = expr.xreplace(fixed)
    feasible = PARAMETERS[name].domain if name in PARAMETERS else sp.S.Reals
    for condition in (*threshold.requires, *threshold.valid_when, sp.Ge(star, 0), sp.Le(star, 1)):
        relation = condition.xreplace(fixed) if isinstance(condition, sp.Basic) else condition
        if x in getattr(relation, "free_symbols", ()):
            feasible = feasible & _solve_in(relation, x)
    here = exact_values({name: given[name]})[name]
    pieces = feasible.args if isinstance(feasible, sp.Union) else (feasible,)
    for piece in pieces:
        if here in piece.closure:
            return piece
    raise NoSolutionError(  # pragma: no cover - the point's own conditions were checked
        f"{name}={given[name]} lies outside its feasible range {feasible}"
    )


def _solve_in(relation: sp.Basic, x: sp.Symbol) -> sp.Set:
    """The real ``x`` where ``relation`` holds (rational inequalities fast, others by solveset)."""
    try:
        return reduce_rational_inequalities([[relation]], x, relational=False)
    except (NotImplementedError, sp.PolynomialError):  # pragma: no cover - not rational in x
        return sp.solveset(relation, x, sp.S.Reals)


def _reform(
    threshold: Threshold,
    expr: sp.Expr,
    name: str,
    direction: int,
    given: Mapping[str, Value],
    star: Any,
    closing: Any,
    target: Any,
) -> tuple[Any, Any, Any]:
    """``(target, reformed value, change of delta*)`` of the standardized reform."""
    here = given[name]
    if target is None:
        span = _feasible_range(threshold, expr, name, given)
        end = span.sup if direction > 0 else span.inf
        if not end.is_finite:
            return None, None, None
        target = end if is_exact(here) else float(end)
    else:
        target = validate({name: target}, allowed=[name])[name]
    reformed = here + closing * (target - here)
    moved = dict(given, **{name: reformed})
    for condition in (*threshold.requires, *threshold.valid_when):
        if not _holds(condition, moved):
            raise NoSolutionError(
                f"closing {closing} of the gap to {name} = {target} breaks "
                f"{sp.sstr(condition)}; choose a nearer target"
            )
    return target, reformed, evaluate(threshold.value, moved) - star


def rank_levers(
    model: Any = None,
    levers: Sequence[str] | None = None,
    *,
    closing: Any = CLOSING,
    targets: Mapping[str, Any] | None = None,
    **values: Any,
) -> LeverRanking:
    """Rank policy levers by their effect on the critical discount factor at a point.

    Each lever gets the derivative of the model's own threshold expression, its
    elasticity, and a standardized reform: the lever closes the share ``closing`` of
    the gap to the end of its feasible range (derived from the model's conditions; see
    the module notes). Rankings are local to the point.

    Parameters
    ----------
    model : RepeatedLending-like, optional
        Anything with ``.parameters`` and ``.threshold("delta")`` (default
        ``RepeatedLending(detection=True, recovery=True)``).
    levers : sequence of str, optional
        Parameters to rank (default: those of :data:`LEVERS` in the model).
    closing : number in (0, 1]
        The share of the gap to the end of the feasible range the reform closes.
    targets : mapping, optional
        Ends to use instead of the derived ones (needed for a lever whose feasible
        range has no end, such as the cluster rent ``s``).
    **values
        Every parameter of the model except ``delta``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> ranking = rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    >>> ranking.delta_star
    77/92
    >>> [(e.name, e.elasticity) for e in ranking.ranked()]
    [('q', -15/92), ('lam', -45/644), ('w', 5/92)]
    >>> [(e.name, e.reformed, e.reform) for e in ranking.ranked("reform")]
    [('q', 11/20, -21/1564), ('lam', 397/1100, -1005/78476), ('w', 13, 231/16652)]
    """
    model = RepeatedLending(detection=True, recovery=True) if model is None else model
    names = set(model.parameters) - {"delta"}
    levers = [n for n in LEVERS if n in names] if levers is None else list(levers)
    for name in [*levers, *(targets or {})]:
        if name not in names:
            raise UnknownParameterError(
                f"lever {name!r} is not a parameter of {model!r}; "
                f"valid names: {', '.join(sorted(names))}"
            )
    if not levers:
        raise ModelError(f"{model!r} has none of the levers {', '.join(LEVERS)}")
    closing = coerce_value(closing, "closing")
    if not 0 < closing <= 1:
        raise DomainError(f"closing={closing} must be a share of the gap in (0, 1]")
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
        target, reformed, reform = _reform(
            threshold, expr, name, direction, given, star, closing, (targets or {}).get(name)
        )
        effects.append(
            LeverEffect(
                name,
                label,
                direction,
                derivative,
                slope,
                elasticity if is_exact(elasticity) else float(elasticity),
                target,
                reformed,
                reform if reform is None or is_exact(reform) else float(reform),
            )
        )
    return LeverRanking(repr(model), expr, star, given, tuple(effects), closing)


# ---------------------------------------------------------------------------------------
# the numbers of the lever figure
# ---------------------------------------------------------------------------------------
def lever_ranking_data(
    ranking: LeverRanking | None = None, by: str = "elasticity", **values: Any
) -> FigureData:
    """The levers with their elasticity and standardized reform: the bar chart's numbers.

    ``ranking`` defaults to :func:`rank_levers` at ``values`` (or, with none given, at
    ``Y=150, R=110, I=100, w=10, q=1/2, lam=3/10``); rows are ordered by
    ``ranking.ranked(by)``. ``reform`` is the change of δ* when the lever closes the
    share ``closing`` (a note) of the gap to ``target``, the end of its feasible range.
    Drawn by :func:`gametheory_cluster.plotting.policy.plot_lever_ranking`.

    Examples
    --------
    >>> data = lever_ranking_data()
    >>> data.columns["lever"], data.columns["target"]
    (['q', 'lam', 'w'], [1, 10/11, 40])
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
            "elasticity": [e.directed_elasticity for e in ordered],
            "reform": [e.reform for e in ordered],
            "target": [e.target for e in ordered],
            "reformed": [e.reformed for e in ordered],
        },
        title=r"Which lever lowers $\delta^*$ most, locally",
        notes={
            "delta_star": ranking.delta_star,
            "threshold": sp.sstr(ranking.threshold),
            "model": ranking.model,
            "by": by,
            "closing": ranking.closing,
            **ranking.point,
        },
    )
