r"""Evaluate derived conditions and thresholds over parameter grids, fast.

The engine derives every condition once, symbolically; this module compiles it
(``sympy.lambdify`` to numpy, cached) and evaluates it over arrays — never by
substituting into sympy point by point.

* :func:`compile_expressions` — a cached numpy function of named parameters.
* :func:`honest_region` — where every incentive constraint of a model holds.
* :func:`threshold_curve` — a threshold as a function of one swept parameter,
  with a mask of the points where some value of the threshold parameter works.

Examples
--------
>>> import numpy as np
>>> import gametheory_cluster as gc
>>> model = gc.RepeatedLending()
>>> honest_region(model, delta=np.array([0.7, 0.75]), Y=150, R=110, w=0, I=100)
array([False,  True])
>>> curve = threshold_curve(gc.RepeatedLending(exit_cost=True), "delta", "C", [0, 50, 200],
...                         Y=150, R=110, w=0)
>>> curve.values.round(4).tolist(), curve.attainable.tolist()
([0.7333, 0.6, 0.0], [True, True, True])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from .errors import DomainError, MissingParameterError, NoSolutionError, SolveError
from .parameters import PARAMETERS, validate
from .thresholds import Threshold, solve_threshold

__all__ = ["ThresholdCurve", "compile_expressions", "honest_region", "threshold_curve"]


@lru_cache(maxsize=512)
def _compiled(exprs: tuple[sp.Expr, ...], names: tuple[str, ...]) -> Callable[..., Any]:
    args = [sp.Symbol(n) for n in names]
    renamed = [
        sp.sympify(e).xreplace({s: sp.Symbol(s.name) for s in sp.sympify(e).free_symbols})
        for e in exprs
    ]
    return sp.lambdify(args, renamed, modules="numpy")


def compile_expressions(
    exprs: Sequence[Any], names: Sequence[str]
) -> Callable[..., list[np.ndarray]]:
    """A numpy function ``f(*arrays)`` returning each expression evaluated (cached).

    Symbols are matched by name, so expressions built from any sympy symbols work.
    """
    return _compiled(tuple(sp.sympify(e) for e in exprs), tuple(names))


def _check_arrays(values: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, np.ndarray]:
    scalars = {k: v for k, v in values.items() if np.ndim(v) == 0}
    validate(scalars, allowed=allowed)  # names, types and domains of the scalars
    arrays: dict[str, np.ndarray] = {}
    for name, value in values.items():
        if name not in allowed:
            validate({name: 0}, allowed=allowed)  # raises the unknown-name error
        arr = np.asarray(value, dtype=float)
        if arr.size == 0:
            raise DomainError(f"{name} is an empty array")
        if not np.all(np.isfinite(arr)):
            raise DomainError(f"{name} contains NaN or infinite values")
        p = PARAMETERS.get(name)
        if p is not None and arr.ndim:
            lo, hi = float(p.domain.inf), float(p.domain.sup)
            low_ok = arr > lo if p.domain.left_open else arr >= lo
            high_ok = arr < hi if p.domain.right_open else arr <= hi
            if not np.all(low_ok & high_ok):
                raise DomainError(f"{name} has values outside its domain {sp.sstr(p.domain)}")
        arrays[name] = arr
    return arrays


def honest_region(model: Any, **values: Any) -> np.ndarray:
    """Boolean array: where every incentive constraint of ``model`` holds.

    ``values`` give every parameter of the model, as scalars or broadcastable arrays.
    """
    names = tuple(model.parameters)
    arrays = _check_arrays(values, names)
    missing = sorted(set(names) - set(arrays))
    if missing:
        raise MissingParameterError(f"values needed for: {', '.join(missing)}")
    slacks = [c.slack for c in model.constraints()]
    if not slacks:
        return np.broadcast_to(True, np.broadcast(*arrays.values()).shape).copy()
    evaluated = compile_expressions(slacks, names)(*(arrays[n] for n in names))
    shape = np.broadcast(*arrays.values()).shape
    ok = np.ones(shape, dtype=bool)
    for slack in evaluated:
        ok &= np.broadcast_to(np.asarray(slack, dtype=float) >= -1e-12, shape)
    return ok


@dataclass(frozen=True)
class ThresholdCurve:
    """A threshold over a swept parameter.

    ``values[i]`` is the threshold at ``grid[i]``; it means something only where
    ``attainable[i]`` (elsewhere no value in the parameter's domain works, and the
    entry is NaN — read ``attainable``, never the NaN).
    """

    parameter: str
    swept: str
    grid: np.ndarray
    values: np.ndarray
    attainable: np.ndarray
    direction: str
    expression: Any


def threshold_curve(
    model: Any,
    name: str,
    swept: str,
    grid: Sequence[float],
    player: str | None = None,
    **values: Any,
) -> ThresholdCurve:
    """The threshold in ``name`` as ``swept`` runs over ``grid`` (other values fixed).

    The threshold is derived once with ``swept`` symbolic, compiled, and clipped to
    the domain of ``name``; points where its validity conditions fail are solved
    exactly one by one. ``player`` restricts the constraints to one player's (for
    example ``"sme"`` for the debt capacity).
    """
    grid_arr = _check_arrays({swept: np.asarray(grid, dtype=float)}, model.parameters)[swept]
    domain = PARAMETERS[name].domain if name in PARAMETERS else sp.Interval(-sp.oo, sp.oo)
    lo, hi = float(domain.inf), float(domain.sup)
    constraints = model.constraints(player)

    def solve(**given: Any) -> Threshold:
        return solve_threshold(constraints, name, validate(given, allowed=model.parameters))

    try:
        symbolic = solve(**values)
        if symbolic.value is None:
            raise SolveError("two-sided region")
    except SolveError:
        symbolic = None
    if symbolic is not None:
        free = [swept]
        (raw,) = compile_expressions([symbolic.value], free)(grid_arr)
        raw = np.broadcast_to(np.asarray(raw, dtype=float), grid_arr.shape).copy()
        valid = np.ones(grid_arr.shape, dtype=bool)
        for cond in symbolic.valid_when:
            (holds,) = compile_expressions([cond.lhs - cond.rhs], free)(grid_arr)
            valid &= np.broadcast_to(np.asarray(holds, dtype=float) > 0, grid_arr.shape)
        direction = symbolic.direction
    else:
        raw = np.full(grid_arr.shape, np.nan)
        valid = np.zeros(grid_arr.shape, dtype=bool)
        direction = ""
    result = np.full(grid_arr.shape, np.nan)
    attainable = np.zeros(grid_arr.shape, dtype=bool)
    for i, x in enumerate(grid_arr):
        if valid[i] and np.isfinite(raw[i]):
            v = raw[i]
            inside = v <= hi if direction == ">=" else v >= lo
            if inside:
                result[i], attainable[i] = min(max(v, lo), hi), True
            continue
        try:
            t = solve(**values, **{swept: float(x)})
        except NoSolutionError:
            continue
        if t.value is not None:
            result[i], attainable[i] = float(t.value), True
            direction = direction or t.direction
    return ThresholdCurve(
        name, swept, grid_arr, result, attainable, direction,
        None if symbolic is None else symbolic.value,
    )
