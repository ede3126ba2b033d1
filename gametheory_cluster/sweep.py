r"""Evaluate derived conditions and thresholds over parameter grids, fast.

The engine derives every condition once, symbolically; this module compiles it
(``sympy.lambdify`` to numpy, cached) and evaluates it over arrays — never by
substituting into sympy point by point.

* :func:`compile_expressions` — a cached numpy function of named parameters.
* :func:`sweep` — a model's condition, a threshold or any expression over a
  grid, optionally chunked onto an executor (a process pool, a Dask cluster).
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

from . import notation
from .errors import (
    DomainError,
    GameTheoryClusterError,
    MissingParameterError,
    NoSolutionError,
    SolveError,
)
from .parameters import PARAMETERS, validate
from .progress import steps
from .thresholds import Threshold, solve_threshold

__all__ = [
    "SweepResult",
    "ThresholdCurve",
    "compile_expressions",
    "honest_region",
    "sweep",
    "threshold_curve",
]


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
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise DomainError(f"{name} must be numbers, not {type(value).__name__}") from None
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
                raise DomainError(
                    f"{name} has values outside its domain {notation.text(p.domain)}"
                )
        arrays[name] = arr
    return arrays


def _split(
    values: Mapping[str, Any], names: Sequence[str]
) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Checked values, split into fixed scalars (as floats) and grid arrays."""
    arrays = _check_arrays(values, names)
    missing = sorted(set(names) - set(arrays))
    if missing:
        raise MissingParameterError(f"values needed for: {', '.join(missing)}")
    scalars = {k: float(v) for k, v in arrays.items() if v.ndim == 0}
    return scalars, {k: v for k, v in arrays.items() if v.ndim}


def _reduced(exprs: Sequence[Any], scalars: Mapping[str, float]) -> list[sp.Expr]:
    """The expressions with the fixed values substituted (so only swept names remain)."""
    return [
        sp.sympify(e).xreplace(
            {s: sp.Float(scalars[s.name]) for s in sp.sympify(e).free_symbols if s.name in scalars}
        )
        for e in exprs
    ]


@dataclass(frozen=True)
class _Folded:
    """Expressions with the fixed values folded in: the constant ones as floats, the others
    compiled into one numpy function of ``names`` (one output per entry of ``varying``)."""

    names: tuple[str, ...]
    varying: tuple[int, ...]
    constants: tuple[tuple[int, float], ...]
    function: Callable[..., Any] | None


@lru_cache(maxsize=512)
def _fold(
    exprs: tuple[Any, ...], fixed: tuple[tuple[str, float], ...], names: tuple[str, ...]
) -> _Folded:
    """Substitute, split and compile once; later calls with the same inputs touch no sympy."""
    reduced = _reduced(exprs, dict(fixed))
    varying = tuple(i for i, e in enumerate(reduced) if e.free_symbols)
    constants = tuple((i, float(e)) for i, e in enumerate(reduced) if not e.free_symbols)
    function = compile_expressions([reduced[i] for i in varying], names) if varying else None
    return _Folded(names, varying, constants, function)


def _owned(value: Any, shape: tuple[int, ...], inputs: Sequence[np.ndarray]) -> bool:
    """Whether ``value`` is a fresh float array of the full shape (safe to reuse in place)."""
    return (
        isinstance(value, np.ndarray)
        and value.shape == shape
        and value.dtype == np.float64
        and value.flags.owndata
        and value.flags.writeable
        and not any(np.may_share_memory(value, a) for a in inputs)
    )


def _full(value: Any, shape: tuple[int, ...], inputs: Sequence[np.ndarray]) -> np.ndarray:
    """``value`` as a float array of ``shape``: itself when fresh, else one broadcast copy."""
    if _owned(value, shape, inputs):
        return value
    out = np.empty(shape)
    np.copyto(out, value)
    return out


def _evaluate(
    folded: _Folded, inputs: Sequence[np.ndarray], shape: tuple[int, ...], tightest: bool
) -> Any:
    """Evaluate on broadcastable ``inputs`` (in ``folded.names`` order).

    With ``tightest``, the smallest of all the values as one array of ``shape``, reduced in
    place (the constants stay scalars); otherwise each value by position, as computed
    (an array that broadcasts to ``shape``, or a float).
    """
    computed = folded.function(*inputs) if folded.function is not None else []
    if not tightest:
        values: list[Any] = [None] * (len(folded.varying) + len(folded.constants))
        for i, v in zip(folded.varying, computed, strict=True):
            values[i] = v
        for i, c in folded.constants:
            values[i] = c
        return values
    out: np.ndarray | None = None
    for v in computed:
        if out is None:
            out = _full(v, shape, inputs)
        else:
            np.minimum(out, v, out=out)
    constant = min((c for _, c in folded.constants), default=np.inf)
    if out is None:
        return np.full(shape, constant)
    if constant < np.inf:
        np.minimum(out, constant, out=out)
    return out


def _fixed_key(scalars: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted(scalars.items()))


def honest_region(model: Any, **values: Any) -> np.ndarray:
    """Boolean array: where every incentive constraint of ``model`` holds.

    ``values`` give every parameter of the model, as scalars or broadcastable arrays.
    Fixed values are substituted before compiling, so only the swept names are
    evaluated point by point.
    """
    scalars, arrays = _split(values, model.parameters)
    slacks = tuple(c.slack for c in model.constraints())
    names = tuple(sorted(arrays))
    folded = _fold(slacks, _fixed_key(scalars), names)
    if not arrays:
        return np.asarray(min((c for _, c in folded.constants), default=np.inf) >= -1e-12)
    inputs = [arrays[n] for n in names]
    shape = np.broadcast_shapes(*(a.shape for a in inputs))
    return _evaluate(folded, inputs, shape, tightest=True) >= -1e-12


@dataclass(frozen=True)
class SweepResult:
    """Values on a grid: ``axes`` (one 1-D array per swept name, in order) and ``values``.

    Each entry of ``values`` has the grid's shape (``len(axis)`` per axis).
    """

    axes: dict[str, np.ndarray]
    values: dict[str, np.ndarray]

    def _grid(self) -> str:
        return " × ".join(f"{notation.name(k)} ({len(v)})" for k, v in self.axes.items())

    def _summary(self, name: str) -> str:
        v = self.values[name]
        if v.dtype == bool:
            return f"{name}: true at {v.mean():.1%} of the points"
        finite = v[np.isfinite(v)]
        if not finite.size:
            return f"{name}: no finite value"
        return f"{name}: from {finite.min():.6g} to {finite.max():.6g}"

    def __repr__(self) -> str:
        """One line: the grid and the values computed on it."""
        return f"SweepResult({self._grid()}: {', '.join(self.values)})"

    def __str__(self) -> str:
        """The grid, then each value's range (or share of true points)."""
        ranges = "; ".join(
            f"{notation.name(k)} from {v.min():.6g} to {v.max():.6g}" for k, v in self.axes.items()
        )
        lines = [f"  {self._summary(n)}" for n in self.values]
        return "\n".join([f"sweep over {self._grid()}: {ranges}", *lines])

    def _repr_html_(self) -> str:
        rows = [(n, str(self.values[n].dtype), self._summary(n).split(": ", 1)[1])
                for n in self.values]
        return notation.html_table(("value", "type", "over the grid"), rows,
                                   f"sweep over {self._grid()}")

    def to_frame(self) -> Any:
        """A long pandas DataFrame: one row per grid point (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise GameTheoryClusterError("to_frame needs pandas: pip install pandas") from None
        mesh = np.meshgrid(*self.axes.values(), indexing="ij")
        columns = {name: m.ravel() for name, m in zip(self.axes, mesh, strict=False)}
        columns.update({name: v.ravel() for name, v in self.values.items()})
        return pd.DataFrame(columns)

    def to_dict(self) -> dict[str, Any]:
        """Plain lists, for JSON."""
        return {
            "axes": {k: v.tolist() for k, v in self.axes.items()},
            "values": {k: v.tolist() for k, v in self.values.items()},
        }


def _evaluate_chunk(
    exprs: tuple[Any, ...],
    fixed: tuple[tuple[str, float], ...],
    names: tuple[str, ...],
    axes: tuple[np.ndarray, ...],
    tightest: bool,
) -> Any:
    """Evaluate on the outer product of ``axes`` (runs in a worker; compiled once per process).

    The axes are reshaped to broadcast against each other (an open mesh), so no full-size
    grid of inputs is built and a value that depends on some axes only stays that small.
    """
    folded = _fold(exprs, fixed, names)
    k = len(axes)
    inputs = [a.reshape((1,) * i + (-1,) + (1,) * (k - i - 1)) for i, a in enumerate(axes)]
    shape = tuple(len(a) for a in axes)
    return _evaluate(folded, inputs, shape, tightest)


def sweep(
    target: Any,
    grid: Mapping[str, Sequence[float] | np.ndarray],
    *,
    executor: Any = None,
    chunks: int | None = None,
    progress: bool | Callable[[int, int], None] | None = None,
    **values: Any,
) -> SweepResult:
    """Evaluate a model's condition, or any derived expression, over a parameter grid.

    Parameters
    ----------
    target : model, sympy expression, Threshold, or mapping of name to expression
        A model gives ``min_slack`` (the tightest incentive constraint) and
        ``honest``; a :class:`~gametheory_cluster.thresholds.Threshold` its value;
        an expression itself.
    grid : mapping
        The swept parameters and their values (the grid is their outer product).
    executor : concurrent.futures.Executor, optional
        Run chunks of the first axis on it (a process pool, or a Dask cluster's
        ``client.get_executor()``); the result is identical whatever the executor.
    chunks : int, optional
        How many chunks to split the first axis into (default: 1 without an
        executor, 4 per worker-ish with one).
    progress : bool or callable, optional
        Report each chunk as it finishes: ``True`` shows a bar on a terminal (a
        plain line per chunk when piped), ``False`` is silent, a callable is called
        as ``progress(done, total)``. Default: on for several chunks of a grid of a
        million points or more.
    **values
        The fixed parameters.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> result = sweep(gc.RepeatedLending(), {"delta": [0.5, 0.8], "R": [100, 130]},
    ...                Y=150, w=0, I=90)
    >>> result.values["honest"].tolist()
    [[False, False], [True, False]]
    """
    if not isinstance(grid, Mapping) or not grid:
        raise DomainError("grid must be a non-empty mapping of parameter names to values")
    exprs, labels, allowed = _targets(target)
    checked = _check_arrays(dict(grid), allowed)
    axes = {k: np.atleast_1d(v).astype(float) for k, v in checked.items()}
    if any(v.ndim != 1 for v in axes.values()):
        raise DomainError("each grid axis must be a 1-D sequence of values")
    overlap = set(axes) & set(values)
    if overlap:
        raise DomainError(f"{', '.join(sorted(overlap))} given both as a grid axis and as a value")
    scalars, _ = _split({**values, **{k: v[:1] for k, v in axes.items()}}, allowed)
    names = tuple(axes)
    spec = (tuple(exprs), _fixed_key(scalars), names)
    tightest = labels is None  # a model: only the tightest slack is kept
    first, rest = axes[names[0]], tuple(axes[n] for n in names[1:])
    n_chunks = max(1, min(len(first), chunks or (1 if executor is None else 8)))
    pieces = np.array_split(first, n_chunks)
    futures: Any
    if executor is None:  # lazily, so that progress is reported as each chunk is done
        futures = (_evaluate_chunk(*spec, (piece, *rest), tightest) for piece in pieces)
    else:
        futures = [
            executor.submit(_evaluate_chunk, *spec, (piece, *rest), tightest) for piece in pieces
        ]
    shape = tuple(len(a) for a in axes.values())
    inputs = tuple(axes.values())
    count = 1 if tightest else len(exprs)
    out: list[np.ndarray | None] = [None] * count
    start = 0
    report = progress if callable(progress) else None
    show = (len(pieces) > 1 and int(np.prod(shape)) >= 10**6) if progress is None else (
        bool(progress) and report is None)
    chunk_label = f"sweep over {' × '.join(names)}"
    for i, f in enumerate(steps(futures, chunk_label, progress=show, total=len(pieces),
                                label=lambda _: "chunk")):
        part = f if executor is None else f.result()
        values = [part] if tightest else part
        stop = start + len(pieces[i])
        for k, v in enumerate(values):
            if len(pieces) == 1:
                out[k] = _full(v, shape, inputs)
            else:
                if out[k] is None:
                    out[k] = np.empty(shape)
                out[k][start:stop] = v
        start = stop
        if report is not None:
            report(i + 1, len(pieces))
    if tightest:
        (low,) = out
        return SweepResult(axes, {"min_slack": low, "honest": low >= -1e-12})
    return SweepResult(axes, dict(zip(labels, out, strict=True)))


def _targets(target: Any) -> tuple[list[sp.Expr], list[str] | None, tuple[str, ...]]:
    """(expressions, their labels or None for a model's slacks, allowed names)."""
    if hasattr(target, "constraints") and hasattr(target, "parameters"):
        return [c.slack for c in target.constraints()], None, tuple(target.parameters)
    if isinstance(target, Threshold):
        if target.value is None:
            raise SolveError("a two-sided threshold has no single value to sweep; use its region")
        target = {target.parameter: target.value}
    if isinstance(target, Mapping):
        exprs = [sp.sympify(e) for e in target.values()]
        labels = [str(k) for k in target]
    elif isinstance(target, sp.Basic):
        exprs, labels = [target], ["value"]
    else:
        raise GameTheoryClusterError(
            f"cannot sweep a {type(target).__name__}: "
            "give a model, a Threshold or a sympy expression"
        )
    names = tuple(sorted({s.name for e in exprs for s in e.free_symbols}))
    return exprs, labels, names


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

    def __repr__(self) -> str:
        """One line: which threshold over what, and where it is attainable."""
        rel = {">=": "≥", "<=": "≤"}.get(self.direction, self.direction)
        head = f"{notation.name(self.parameter)} {rel} "
        head += (notation.text(self.expression) if self.expression is not None
                 else f"{notation.name(self.parameter)}*")
        return (f"ThresholdCurve({head} over {notation.name(self.swept)} in "
                f"[{self.grid.min():.6g}, {self.grid.max():.6g}] ({len(self.grid)} points, "
                f"attainable at {int(self.attainable.sum())})")

    def to_frame(self) -> Any:
        """One row per grid point: the swept value, the threshold (float) and attainability.

        The threshold is NaN where no value of the parameter works (``attainable``
        false). The exact expression, when there is one, is ``frame.attrs["exact"]``.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> curve = threshold_curve(gc.RepeatedLending(exit_cost=True), "delta", "C",
        ...                         [0, 50], Y=150, R=110, w=0)
        >>> frame = curve.to_frame()
        >>> list(frame.columns), str(frame.dtypes["delta"]), frame.attrs["exact"]
        (['C', 'delta', 'attainable'], 'float64', '(C - 110)/(C - 150)')
        """
        import pandas as pd

        frame = pd.DataFrame({self.swept: np.asarray(self.grid, dtype=float),
                              self.parameter: np.asarray(self.values, dtype=float),
                              "attainable": np.asarray(self.attainable, dtype=bool)})
        if self.expression is not None:
            frame.attrs["exact"] = sp.sstr(self.expression)
        frame.attrs["direction"] = self.direction
        return frame


def threshold_curve(
    model: Any,
    name: str,
    swept: str,
    grid: Sequence[float] | np.ndarray,
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
                result[i], attainable[i] = min(max(v, lo), hi) + 0.0, True
            continue
        try:
            t = solve(**values, **{swept: float(x)})
        except NoSolutionError:
            continue
        if t.value is not None:
            result[i], attainable[i] = float(t.value), True
            direction = direction or t.direction
    return ThresholdCurve(
        name,
        swept,
        grid_arr,
        result,
        attainable,
        direction,
        None if symbolic is None else symbolic.value,
    )
