r"""What an explorer shows for a model: its sliders and its derived conditions, compiled once.

An explorer reads everything from the engine, never from formulas typed by hand:

* the **sliders** come from the parameter table (:mod:`gametheory_cluster.parameters`):
  a bounded domain is the slider's range; an unbounded payoff (``I, Y, R, w, C, s``)
  runs from 0 to twice the largest typical payoff of the model, so all payoffs share
  one scale; an integer runs in whole steps;
* the **critical discount factor** :math:`\delta^*` is the engine's symbolic threshold
  (``model.threshold("delta")``) where its validity conditions hold, and otherwise the
  boundary of :math:`\{\delta \in (0, 1) : \min_k g_k(\delta) \ge 0\}` found by a scan
  and bisection on the constraints' slacks :math:`g_k` — the same rule the engine
  applies at numbers;
* the **region map** is where every slack is non-negative, and the **binding
  constraint** the one with the smallest slack.

Every expression is compiled once with :func:`gametheory_cluster.sweep.compile_expressions`
and then evaluated on numpy arrays, so redrawing after a slider move costs
microseconds. :mod:`.page` translates the same expressions to JavaScript.

Examples
--------
>>> import gametheory_cluster as gc
>>> c = DerivedConditions(gc.RepeatedLending(exit_cost=True, cluster_rent=True))
>>> c.x, [s.name for s in c.sliders]
('C', ['C', 'I', 'R', 'Y', 'delta', 's', 'w'])
>>> r = c.reading(c.point(C=20, delta=0.7))
>>> round(r.delta_star, 12), r.honest, r.status
(0.666666666667, True, 'threshold')
>>> print(r.binding)
SME in state honest, after Lend: Repay rather than Default (slack 15)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..automata import Constraint
from ..errors import GameTheoryClusterError, ModelError, UnknownParameterError
from ..parameters import PARAMETERS
from ..sweep import compile_expressions
from ..thresholds import Threshold

__all__ = ["DerivedConditions", "Reading", "SliderSpec", "constraint_words"]

#: The parameter whose threshold an explorer shows.
TARGET = "delta"
#: Preferred horizontal axis of the threshold curve and region map, in order.
X_PREFERENCE = ("C", "q", "s", "T", "L", "N", "M", "pi", "lam", "p", "R")
#: A slack counts as holding from this value up (the engine's certificate tolerance).
TOLERANCE = 1e-12
#: Points of the scan of (0, 1) that brackets δ* when the closed form does not apply.
SCAN = 512
BISECTIONS = 60
_EDGE = 1e-9


@dataclass(frozen=True)
class SliderSpec:
    """One slider: the parameter ``name`` from ``start`` to ``end`` in steps of ``step``."""

    name: str
    meaning: str
    start: float
    end: float
    step: float
    value: float
    integer: bool = False


@dataclass(frozen=True)
class Reading:
    """What the explorer shows at one point.

    ``status`` is ``"threshold"`` (honesty holds for δ ``direction`` ``delta_star``),
    ``"always"`` (for every δ: ``delta_star`` is the domain's edge), ``"never"`` (no δ
    works: ``reason`` says why) or ``"two-sided"`` (δ must lie in a bounded interval).
    """

    delta_star: float
    direction: str
    status: str
    honest: bool
    binding: str
    reason: str = ""


def constraint_words(c: Constraint, slack: float | None = None) -> str:
    """A constraint in words: who, where, and what it prefers to what.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> constraint_words(gc.RepeatedLending().constraints()[0], 10.0)
    'bank in state honest: Lend rather than Refuse (slack 10)'
    """
    player = c.player.upper() if c.player.lower() == "sme" else c.player
    where = f"{player} in state {c.state}" + (f", after {c.node}" if c.node else "")
    text = f"{where}: {c.action} rather than {c.deviation}"
    return text if slack is None else f"{text} (slack {_number(slack)})"


def _number(v: float) -> str:
    return f"{v:.6g}" if math.isfinite(v) else str(v)


def _nice(v: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at least ``v``."""
    if v <= 0:
        return 100.0
    k = 10 ** math.floor(math.log10(v))
    return next(m * k for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * k >= v - 1e-12)


class _Compiled:
    """Expressions compiled once (by ``sweep.compile_expressions``) over their own names."""

    def __init__(self, exprs: Sequence[Any]) -> None:
        self.exprs = [sp.sympify(e, strict=True) for e in exprs]
        self.names = tuple(sorted({s.name for e in self.exprs for s in e.free_symbols}))
        self._f = compile_expressions(self.exprs, self.names) if self.exprs else None

    def __call__(self, values: Mapping[str, Any], shape: tuple[int, ...]) -> list[np.ndarray]:
        if self._f is None:
            return []
        with np.errstate(all="ignore"):
            out = self._f(*(np.asarray(values[n], dtype=float) for n in self.names))
        return [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in out]


class DerivedConditions:
    """A model's sliders and its conditions, compiled for fast evaluation.

    Parameters
    ----------
    model : AutomatonModel
        Any model built on the automaton engine (a model file's too).
    x : str, optional
        The parameter on the horizontal axis of the curve and the map (default: the
        first of ``C, q, s, T, L, N, M, pi, lam, p, R`` the model has).
    values : mapping, optional
        Starting values (default: the model file's defaults, then the typical values
        of the parameter table).
    ranges : mapping, optional
        ``{name: (start, end)}`` or ``(start, end, step)`` overriding a slider's range.
    """

    def __init__(
        self,
        model: Any,
        x: str | None = None,
        values: Mapping[str, Any] | None = None,
        ranges: Mapping[str, Sequence[float]] | None = None,
    ) -> None:
        if not hasattr(model, "constraints") or not hasattr(model, "parameters"):
            raise ModelError(
                f"explore needs a model built on the automaton engine, not {type(model).__name__}"
            )
        self.model = model
        self.names: tuple[str, ...] = tuple(model.parameters)
        if TARGET not in self.names:
            raise ModelError("explore needs a model with a discount factor delta")
        for name in [*(values or {}), *(ranges or {}), *([x] if x else [])]:
            if name not in self.names:
                raise UnknownParameterError(
                    f"unknown parameter {name!r}; valid names: {', '.join(self.names)}"
                )
        self.sliders = _sliders(model, self.names, dict(values or {}), dict(ranges or {}))
        others = [n for n in self.names if n != TARGET]
        self.x = x or next((n for n in X_PREFERENCE if n in others), others[0] if others else "")
        if self.x == TARGET or not self.x:
            raise ModelError("explore needs a parameter besides delta for the horizontal axis")
        self.constraints: list[Constraint] = list(model.constraints())
        self.words = [constraint_words(c) for c in self.constraints]
        involved = [TARGET in {s.name for s in c.slack.free_symbols} for c in self.constraints]
        self.involved = involved
        self.threshold = _symbolic_threshold(model)
        self._slacks = _Compiled([c.slack for c in self.constraints])
        t = self.threshold
        self._value = _Compiled([t.value] if t is not None else [])
        self._valid = _Compiled([c.lhs - c.rhs for c in t.valid_when] if t is not None else [])
        self._requires = _Compiled([c.lhs - c.rhs for c in t.requires] if t is not None else [])

    # -- points ------------------------------------------------------------------
    def point(self, **values: Any) -> dict[str, float]:
        """The sliders' starting values, with ``values`` put in."""
        point = {s.name: s.value for s in self.sliders}
        for name, value in values.items():
            if name not in point:
                raise UnknownParameterError(
                    f"unknown parameter {name!r}; valid names: {', '.join(self.names)}"
                )
            point[name] = float(value)
        return point

    def slider(self, name: str) -> SliderSpec:
        """The slider of parameter ``name``."""
        return next(s for s in self.sliders if s.name == name)

    # -- evaluation --------------------------------------------------------------
    def slacks(self, values: Mapping[str, Any]) -> list[np.ndarray]:
        """Every constraint's slack, on the broadcast shape of ``values``."""
        return self._slacks(values, _shape(values))

    def honest(self, values: Mapping[str, Any]) -> np.ndarray:
        """Where every incentive constraint holds (the region map)."""
        shape = _shape(values)
        out = np.ones(shape, dtype=bool)
        for s in self._slacks(values, shape):
            out &= s >= -TOLERANCE
        return out

    def delta_star(self, values: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """(δ*, status code) on the broadcast shape of ``values`` (``delta`` is ignored).

        Status codes: 0 threshold (δ ≥ δ*), 1 threshold (δ ≤ δ*), 2 every δ works
        (δ* = 0), 3 no δ works, 4 two-sided. δ* is NaN for codes 3 and 4.
        """
        values = {**values, TARGET: 0.5}
        shape = _shape({k: v for k, v in values.items() if k != TARGET})
        slacks = self._slacks(values, shape)
        fixed_ok = np.ones(shape, dtype=bool)
        for s, inv in zip(slacks, self.involved, strict=True):
            if not inv:
                fixed_ok &= s >= -TOLERANCE
        star = np.full(shape, np.nan)
        code = np.full(shape, -1)
        code[~fixed_ok] = 3
        for req in self._requires(values, shape):
            fixed_ok &= req >= -TOLERANCE
        code[~fixed_ok] = 3
        t = self.threshold
        if t is not None:
            (raw,) = self._value(values, shape)
            valid = np.isfinite(raw)
            for cond in self._valid(values, shape):
                valid &= cond > 0
            todo = fixed_ok & valid
            if t.direction == ">=":
                code[todo & (raw >= 1)] = 3
                code[todo & (raw <= 0)] = 2
                inside = todo & (raw > 0) & (raw < 1)
                star[inside], code[inside] = raw[inside], 0
                star[todo & (raw <= 0)] = 0.0
            else:
                code[todo & (raw <= 0)] = 3
                code[todo & (raw >= 1)] = 2
                inside = todo & (raw > 0) & (raw < 1)
                star[inside], code[inside] = raw[inside], 1
                star[todo & (raw >= 1)] = 0.0
        rest = code == -1
        if rest.any():
            s_star, s_code = self._scan({k: np.broadcast_to(np.asarray(v, float), shape)[rest]
                                         for k, v in values.items() if k != TARGET})
            star[rest], code[rest] = s_star, s_code
        return star, code

    def _scan(self, values: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """δ* by a scan of (0, 1) and bisection, for points without a closed form."""
        n = len(next(iter(values.values()))) if values else 1
        grid = np.linspace(_EDGE, 1 - _EDGE, SCAN + 1)
        vals = {**{k: np.asarray(v, dtype=float)[:, None] for k, v in values.items()},
                TARGET: grid[None, :]}
        holds = np.ones((n, len(grid)), dtype=bool)
        for s, inv in zip(self._slacks(vals, (n, len(grid))), self.involved, strict=True):
            if inv:
                holds &= s >= -TOLERANCE
        star, code = np.full(n, np.nan), np.full(n, 3)
        for i in range(n):
            h = holds[i]
            point = {k: v[i] for k, v in values.items()}
            if h.all():
                star[i], code[i] = 0.0, 2
            elif not h.any():
                continue
            elif np.all(np.diff(h.astype(int)) >= 0):  # false ... true: δ ≥ δ*
                k = int(np.argmax(h))
                star[i], code[i] = self._bisect(point, grid[k - 1], grid[k], True), 0
            elif np.all(np.diff(h.astype(int)) <= 0):  # true ... false: δ ≤ δ*
                k = int(len(h) - 1 - np.argmax(h[::-1]))
                star[i], code[i] = self._bisect(point, grid[k], grid[k + 1], False), 1
            else:
                code[i] = 4
        return star, code

    def _bisect(self, point: Mapping[str, float], lo: float, hi: float, rising: bool) -> float:
        def holds(d: float) -> bool:
            shape = ()
            vals = {**point, TARGET: d}
            return all(
                float(s) >= -TOLERANCE
                for s, inv in zip(self._slacks(vals, shape), self.involved, strict=True)
                if inv
            )

        for _ in range(BISECTIONS):
            mid = (lo + hi) / 2
            if holds(mid) == rising:
                hi = mid
            else:
                lo = mid
        return hi if rising else lo

    def reading(self, point: Mapping[str, float]) -> Reading:
        """δ*, the verdict and the binding constraint at one point.

        The binding constraint is the most violated one where honesty fails, and
        otherwise the one whose boundary is δ* (the smallest slack at δ = δ*).
        """
        star, code = self.delta_star(point)
        c, star = int(code), float(star)
        slacks = [float(s) for s in self.slacks(point)]
        honest = all(s >= -TOLERANCE for s in slacks)
        k = self.binding_index(point, star, c, slacks)
        binding = constraint_words(self.constraints[k], slacks[k]) if k >= 0 else "none"
        status = {0: "threshold", 1: "threshold", 2: "always", 3: "never", 4: "two-sided"}[c]
        reason = {2: "every delta in (0, 1) works", 3: "no delta in (0, 1) works",
                  4: "delta must lie in a bounded interval"}.get(c, "")
        return Reading(star, "<=" if c == 1 else ">=", status, honest, binding, reason)

    def binding_index(
        self, point: Mapping[str, float], star: float, code: int, slacks: Sequence[float]
    ) -> int:
        """Index of the binding constraint (see :meth:`reading`); -1 without constraints."""
        if not slacks:
            return -1
        if all(s >= -TOLERANCE for s in slacks) and code in (0, 1):
            at_star = [float(v) for v in self.slacks({**point, TARGET: star})]
            candidates = [i for i, inv in enumerate(self.involved) if inv]
            return min(candidates, key=lambda i: at_star[i])
        return int(np.argmin(slacks))

    def curve(self, point: Mapping[str, float], n: int = 201) -> tuple[np.ndarray, np.ndarray]:
        """δ* as the ``x`` parameter runs over its slider (NaN where no δ works)."""
        s = self.slider(self.x)
        xs = _axis(s, n)
        star, _ = self.delta_star({**point, self.x: xs})
        return xs, star

    def region(
        self, point: Mapping[str, float], n: int = 101
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x values, δ values, honest[δ, x]) over the two sliders."""
        xs, ds = _axis(self.slider(self.x), n), _axis(self.slider(TARGET), n)
        grid = {**point, self.x: xs[None, :], TARGET: ds[:, None]}
        return xs, ds, self.honest(grid)


def _axis(s: SliderSpec, n: int) -> np.ndarray:
    if s.integer:
        return np.arange(s.start, s.end + 0.5, 1.0)
    return np.linspace(s.start, s.end, n)


def _shape(values: Mapping[str, Any]) -> tuple[int, ...]:
    return np.broadcast_shapes(*(np.shape(v) for v in values.values()))


def _symbolic_threshold(model: Any) -> Threshold | None:
    """The engine's closed-form δ* (``None`` when it has none: the scan is used)."""
    try:
        t = model.threshold(TARGET)
    except GameTheoryClusterError:
        return None
    if t.value is None or t.direction not in (">=", "<=") or not isinstance(t.value, sp.Basic):
        return None
    if t.value.has(sp.CRootOf) or {s.name for s in t.value.free_symbols} - set(model.parameters):
        return None
    return t


def _sliders(
    model: Any, names: Sequence[str], values: dict[str, Any], ranges: dict[str, Sequence[float]]
) -> list[SliderSpec]:
    defaults: dict[str, float] = {}
    for name in names:
        p = PARAMETERS.get(name)
        if p is not None and p.typical is not None:
            defaults[name] = float(p.typical)
    defaults.update({k: float(v) for k, v in getattr(model, "defaults", {}).items()})
    defaults.update({k: float(v) for k, v in values.items()})

    def unbounded(name: str) -> bool:
        p = PARAMETERS.get(name)
        return p is None or (not p.integer and not p.domain.sup.is_finite)

    scale = _nice(2 * max((abs(defaults.get(n, 0.0)) for n in names if unbounded(n)), default=50))
    out = []
    for name in names:
        p = PARAMETERS.get(name)
        meaning = p.meaning if p is not None else name
        integer = bool(p is not None and p.integer)
        if p is None:
            lo_v, hi_v, lo_open, hi_open = -scale, scale, False, False
        else:
            lo_v = float(p.domain.inf) if p.domain.inf.is_finite else -scale
            hi_v = float(p.domain.sup) if p.domain.sup.is_finite else None
            lo_open, hi_open = bool(p.domain.left_open), bool(p.domain.right_open)
            if hi_v is None:
                typical = defaults.get(name, lo_v)
                hi_v = max(lo_v + 10, 4 * typical) if integer else scale
                hi_open = False
        if integer:
            step = 1.0
            start, end = math.ceil(lo_v + (1 if lo_open else 0)), math.floor(hi_v)
        else:
            step = (hi_v - lo_v) / (300 if unbounded(name) else 100)
            start, end = lo_v + (step if lo_open else 0), hi_v - (step if hi_open else 0)
        if name in ranges:
            given = [float(v) for v in ranges[name]]
            if len(given) not in (2, 3) or given[1] <= given[0]:
                raise GameTheoryClusterError(f"range of {name} must be (start, end[, step])")
            start, end = given[0], given[1]
            step = given[2] if len(given) == 3 else (1.0 if integer else (end - start) / 100)
        value = defaults.get(name, (start + end) / 2)
        value = min(max(value, start), end)
        value = start + round((value - start) / step) * step
        out.append(
            SliderSpec(name, meaning, float(start), float(end), float(step),
                       float(round(value, 12)), integer)
        )
    return out
