r"""A seeded, vectorised simulation of a cluster population borrowing over time (MODELS.md §5).

Definitions
-----------
``F`` firms, firm :math:`i` with its own discount factor :math:`\delta_i` drawn
from a distribution, each borrow from a bank that follows the automaton of a
:class:`~gametheory_cluster.models.repeated_lending.RepeatedLending` model:
lend in good standing, refuse a detected defaulter (for ever, or for ``T``
periods), with the model's mechanisms — exit cost ``C`` and cluster rent ``s``
for members (a detected defaulter leaves the cluster), detection probability
``q``, project success probability ``pi`` (a failed project defaults
involuntarily), survival probability ``p`` of the relationship.

*Behaviour.* In each state where the bank lends (``honest``, and ``honest_out``
for a firm readmitted outside the cluster) firm :math:`i` defaults when the
model's one-shot-deviation constraint there fails at :math:`\delta_i`: the
slack the engine derived, lambdified once and evaluated for every firm. A firm
with :math:`\delta_i` at or above the SME's :math:`\delta^*` (the threshold of
its constraints) therefore never defaults on purpose. (With a single lending
state this is the firm's optimal policy: a profitable one-shot deviation from
"always repay" makes "always default" better, by policy improvement.)

*Dynamics.* Each firm is a Markov chain on the model's states (exclusion
unrolled into ``T`` periods); every period one outcome is drawn per firm —
repay, strategic or involuntary default, detected or not, relationship ending
or not — from a table built once, and the chain moves on. The same table
propagated exactly gives the equilibrium prediction: the expected default rate
per period given the firms' types.

*Randomness.* Firms are split into fixed chunks; chunk ``k`` uses the ``k``-th
child of ``SeedSequence(rng).spawn``, so the result is the same whatever
``executor`` runs the chunks.

Examples
--------
>>> from fractions import Fraction
>>> import gametheory_cluster as gc
>>> from scipy import stats
>>> model = gc.RepeatedLending(detection=True)
>>> result = simulate_cluster(model, 2000, 50, delta_dist=stats.uniform(0.5, 0.5), rng=1,
...                           Y=150, R=110, w=0, q=Fraction(1, 2))
>>> result.threshold
11/13
>>> bool(result.strategic[result.delta >= 11 / 13].sum() == 0)
True
>>> lo, hi = result.confidence_interval()
>>> bool(lo <= result.predicted_default_rate <= hi)
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy import stats

from .errors import DomainError, GameTheoryClusterError, MissingParameterError, ModelError
from .models.repeated_lending import RepeatedLending
from .parameters import symbol, validate
from .plotting import FigureData, attach_data, new_axes, style_context
from .thresholds import Threshold, solve_threshold

__all__ = [
    "EVENTS",
    "FirmChain",
    "SimulationResult",
    "firm_chain",
    "plot_simulation",
    "simulate_cluster",
    "simulation_data",
]

#: What can happen to a firm in a period (columns of the event counts).
EVENTS = ("loan", "default", "strategic", "involuntary", "detected", "exit", "ends")
_LENDING_STATES = ("honest", "honest_out")
_CHUNK = 8192


# ----------------------------------------------------------- the firm's chain
@dataclass(frozen=True)
class FirmChain:
    """The Markov chain of one firm of each behaviour type, as outcome tables.

    Types are bit patterns: bit ``k`` set means the firm defaults in the ``k``-th
    lending state of ``lending``. For type ``t``, state ``i`` and outcome ``k``:
    ``probability[t, i, k]``, ``next[t, i, k]``, ``events[t, i, k, e]`` (one
    column per :data:`EVENTS`) and the SME's period payoff ``payoff[t, i, k]``.
    State 0 is ``honest`` (the start).
    """

    states: tuple[str, ...]
    lending: tuple[str, ...]
    probability: np.ndarray
    next: np.ndarray
    events: np.ndarray
    payoff: np.ndarray

    @property
    def n_types(self) -> int:
        """Number of behaviour types."""
        return self.probability.shape[0]

    def transition(self, kind: int) -> np.ndarray:
        """The state-to-state transition matrix of type ``kind``."""
        n = len(self.states)
        matrix = np.zeros((n, n))
        for i in range(n):
            np.add.at(matrix[i], self.next[kind, i], self.probability[kind, i])
        return matrix


def firm_chain(model: RepeatedLending, **values: Any) -> FirmChain:
    """Build the outcome tables of ``model``'s automaton for every behaviour type.

    ``values`` are the model's parameters other than ``delta``, as numbers (``T``
    a whole number for exclusion). Mirrors the timing conventions of
    :class:`~gametheory_cluster.models.repeated_lending.RepeatedLending`.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> chain = firm_chain(gc.RepeatedLending(punishment="exclusion"), Y=150, R=110, w=0, T=2)
    >>> chain.states
    ('honest', 'punished_1', 'punished_2')
    >>> chain.transition(1)[0].tolist()
    [0.0, 1.0, 0.0]
    """
    if model.lag is not None:
        raise ModelError("the simulation does not support a detection lag; use lag=None")
    given = _numbers(model, values)
    on = model.switches
    get = given.get
    q = get("q", 1.0) if on["detection"] else 1.0
    pi = get("pi", 1.0) if on["monitoring"] else 1.0
    p = get("p", 1.0) if on["continuation"] else 1.0
    lam = get("lam", 0.0) if on["recovery"] else 0.0
    rent = get("s", 0.0) if on["cluster_rent"] else 0.0
    cost = get("C", 0.0) if on["exit_cost"] else 0.0
    in_cluster = on["exit_cost"] or on["cluster_rent"]
    readmit = model.punishment == "exclusion"
    lending = ("honest", "honest_out") if in_cluster and readmit else ("honest",)
    span = int(given["T"]) if readmit else 1
    punished = [f"punished_{j}" for j in range(1, span + 1)] if readmit else ["punished"]
    states = (*lending, *punished, *(["ended"] if on["continuation"] else []))
    at = {name: i for i, name in enumerate(states)}
    Y, R, w = given["Y"], given["R"], given["w"]
    rows: list[list[list[tuple[float, int, tuple[int, ...], float]]]] = []
    for kind in range(1 << len(lending)):
        table = []
        for name in states:
            outcomes: list[tuple[float, int, tuple[int, ...], float]] = []
            if name in lending:
                member = name == "honest" and in_cluster
                s_m, c_m = (rent, cost) if member else (0.0, 0.0)
                defaults = bool(kind >> lending.index(name) & 1)
                fall = at[punished[0]]
                stay = at[name]
                draws = [(pi, "strategic" if defaults else None, Y - (lam * R if defaults else R)),
                         (1 - pi, "involuntary", 0.0)]
                for prob, default, pay in draws:
                    if default is None:
                        outcomes.append((prob, stay, _flags("loan"), pay + s_m))
                        continue
                    outcomes.append((prob * q, fall,
                                     _flags("loan", "default", default, "detected",
                                            *(["exit"] if member else [])), pay + s_m - c_m))
                    outcomes.append((prob * (1 - q), stay, _flags("loan", "default", default),
                                     pay + s_m))
            elif name == "ended":
                outcomes.append((1.0, at[name], _flags(), w))
            else:
                j = punished.index(name)
                back = lending[-1] if readmit else name
                after = punished[j + 1] if j + 1 < len(punished) else back
                outcomes.append((1.0, at[after], _flags(), w))
            if on["continuation"] and name != "ended":
                outcomes = [o for prob, nxt, flags, pay in outcomes for o in (
                    (prob * p, nxt, flags, pay),
                    (prob * (1 - p), at["ended"], _with(flags, "ends"), pay),
                )]
            table.append([o for o in outcomes if o[0] > 0] or outcomes[:1])
        rows.append(table)
    width = max(len(t) for table in rows for t in table)
    shape = (len(rows), len(states), width)
    probability, nxt = np.zeros(shape), np.zeros(shape, dtype=np.intp)
    events, payoff = np.zeros((*shape, len(EVENTS)), dtype=bool), np.zeros(shape)
    for kind, table in enumerate(rows):
        for i, outs in enumerate(table):
            for k, (prob, target, flags, pay) in enumerate(outs):
                probability[kind, i, k], nxt[kind, i, k], payoff[kind, i, k] = prob, target, pay
                events[kind, i, k] = flags
            nxt[kind, i, len(outs):] = nxt[kind, i, len(outs) - 1]
    return FirmChain(states, lending, probability, nxt, events, payoff)


def _flags(*names: str) -> tuple[int, ...]:
    return tuple(int(e in names) for e in EVENTS)


def _with(flags: tuple[int, ...], name: str) -> tuple[int, ...]:
    return tuple(f or int(e == name) for f, e in zip(flags, EVENTS, strict=True))


def _numbers(model: RepeatedLending, values: Mapping[str, Any]) -> dict[str, float]:
    """The model's parameters other than delta, validated, as floats; all must be given."""
    allowed = [n for n in model.parameters if n != "delta"]
    if "delta" in values:
        raise ModelError("delta is drawn for each firm (delta_dist); do not give it")
    given = validate(values, allowed=allowed)
    needed = {s.name for c in _decisions(model) for s in c.slack.free_symbols} - {"delta"}
    needed |= {"Y", "R", "w"} | ({"T"} if model.punishment == "exclusion" else set())
    needed |= {name for switch, name in (("detection", "q"), ("monitoring", "pi"),
               ("continuation", "p")) if model.switches[switch]}
    missing = sorted(needed - set(given))
    if missing:
        raise MissingParameterError(f"values needed for: {', '.join(missing)}")
    return {k: float(v) for k, v in given.items()}


def _decisions(model: RepeatedLending) -> list[Any]:
    """The SME's Repay-over-Default constraints at the nodes where the bank lends."""
    return [c for c in model.constraints("sme")
            if c.state in _LENDING_STATES and c.node == "Lend" and c.action == "Repay"]


def _behaviour(model: RepeatedLending, lending: Sequence[str],
               values: Mapping[str, Any]) -> Callable[[np.ndarray], np.ndarray]:
    """A vectorised map from delta to the behaviour type (bit k: defaults in lending[k])."""
    subs = {symbol(k): sp.sympify(v) for k, v in validate(values).items()}
    delta = symbol("delta")
    found = {c.state: sp.lambdify(delta, c.slack.xreplace(subs), "numpy")
             for c in _decisions(model)}
    slacks = [found.get(name) for name in lending]

    def kind(deltas: np.ndarray) -> np.ndarray:
        out = np.zeros(deltas.shape, dtype=np.intp)
        for bit, slack in enumerate(slacks):
            if slack is not None:
                out |= (np.broadcast_to(slack(deltas), deltas.shape) < 0).astype(np.intp) << bit
        return out

    return kind


# ------------------------------------------------------------------ running
def _draw_deltas(delta_dist: Any, size: int, rng: np.random.Generator) -> np.ndarray:
    if hasattr(delta_dist, "rvs"):
        draws = np.asarray(delta_dist.rvs(size=size, random_state=rng), dtype=float)
    elif callable(delta_dist):
        draws = np.asarray(delta_dist(rng, size), dtype=float)
    elif isinstance(delta_dist, (int, float)) and not isinstance(delta_dist, bool):
        draws = np.full(size, float(delta_dist))
    else:
        raise ModelError(
            "delta_dist must be a scipy.stats distribution, a callable (rng, size) -> array, "
            f"or a number, not {type(delta_dist).__name__}"
        )
    if draws.shape != (size,) or not np.all((draws > 0) & (draws < 1)):
        raise DomainError("delta_dist must give `size` discount factors inside (0, 1)")
    return draws


@dataclass(frozen=True)
class _Sampler:
    """A firm chain flattened for sampling: one row per (type, state), its outcomes in order.

    Row ``c``'s outcomes own the sub-intervals ``[F_{k-1}, F_k)`` of ``[0, 1)``
    (cumulative probabilities ``F``); a uniform draw ``u`` picks one. A lookup
    table over ``_BINS`` equal bins of ``[0, 1)`` answers at once when no
    boundary falls inside ``u``'s bin; the few other draws are settled by
    comparing ``u`` with the row's boundaries. Both give the same outcome.
    """

    n_states: int
    cum: np.ndarray  # (rows, width): boundaries F_1..F_K, padded with inf
    lookup: np.ndarray  # (rows * _BINS,): outcome of each bin, -1 when a boundary is inside
    target: np.ndarray  # next state of each outcome
    flags: np.ndarray  # (outcomes, events) 0/1
    starts: np.ndarray  # first outcome of each row
    packed: np.ndarray  # loan + default * 2**21 + strategic * 2**42, per outcome

    @classmethod
    def of(cls, chain: FirmChain) -> _Sampler:
        rows = chain.probability.reshape(-1, chain.probability.shape[2])
        cum = np.full(rows.shape, np.inf)
        lookup = np.empty((len(rows), _BINS), dtype=np.intp)
        edges = np.arange(_BINS + 1) / _BINS
        target, flags, starts = [], [], []
        for row, (prob, nxt, events) in enumerate(zip(
            rows, chain.next.reshape(rows.shape),
            chain.events.reshape(*rows.shape, -1), strict=True,
        )):
            real = np.flatnonzero(prob > 0)
            bounds = np.cumsum(prob[real])
            bounds[-1] = 1.0
            cum[row, : len(real) - 1] = bounds[:-1]
            first = np.searchsorted(bounds, edges[:-1], side="right")
            last = np.searchsorted(bounds, edges[1:], side="left")
            lookup[row] = np.where(first == last, len(target) + first, -1)
            starts.append(len(target))
            target += nxt[real].tolist()
            flags += events[real].tolist()
        flags_arr = np.array(flags, dtype=np.int64)
        cols = [EVENTS.index(e) for e in ("loan", "default", "strategic")]
        packed = flags_arr[:, cols] @ (np.int64(1) << np.array([0, _BITS, 2 * _BITS]))
        return cls(len(chain.states), cum, lookup.reshape(-1), np.array(target, dtype=np.intp),
                   flags_arr, np.array(starts, dtype=np.intp), packed)

    def outcome(self, row: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The outcome of a firm in ``row`` drawing ``u`` (vectorised)."""
        found = self.lookup[row * _BINS + (u * _BINS).astype(np.intp)]
        unsure = np.flatnonzero(found < 0)
        if unsure.size:
            r = row[unsure]
            found[unsure] = self.starts[r] + (u[unsure, None] >= self.cum[r]).sum(axis=1)
        return found


_BITS = 21  # per-firm counters are packed in one int64: periods must stay below 2**21
_BINS = 256  # lookup bins per row of the sampler


def _run_chunk(task: tuple[np.ndarray, int, _Sampler, np.random.Generator]) -> dict[str, Any]:
    """Simulate one chunk of firms (a pure function of its arguments: picklable, seeded)."""
    kinds, periods, sampler, rng = task
    base = kinds * sampler.n_states
    row = base.copy()
    n_out = len(sampler.target)
    counts = np.zeros((periods, n_out), dtype=np.int32)
    per_firm = np.zeros(len(kinds), dtype=np.int64)
    draw = np.empty(len(kinds))
    for t in range(periods):
        outcome = sampler.outcome(row, rng.random(out=draw))
        counts[t] = np.bincount(outcome, minlength=n_out)
        per_firm += sampler.packed[outcome]
        row = base + sampler.target[outcome]
    by_row = np.add.reduceat(counts, sampler.starts, axis=1)
    occupancy = by_row.reshape(periods, -1, sampler.n_states).sum(axis=1)
    mask = (1 << _BITS) - 1
    return {
        "series": counts.astype(np.int64) @ sampler.flags,
        "occupancy": occupancy,
        "per_firm": np.stack([per_firm & mask, per_firm >> _BITS & mask, per_firm >> 2 * _BITS]),
    }


def simulate_cluster(
    model: RepeatedLending,
    n_firms: int,
    periods: int,
    *,
    delta_dist: Any = None,
    rng: int | np.random.Generator | None = None,
    executor: Executor | None = None,
    chunk_size: int = _CHUNK,
    **values: Any,
) -> SimulationResult:
    """Simulate ``n_firms`` firms with heterogeneous patience for ``periods`` periods.

    Parameters
    ----------
    model : RepeatedLending
        The lending mechanisms (no detection lag).
    n_firms, periods : int
        Population size and length of the run.
    delta_dist : scipy.stats distribution, callable or number, optional
        Where each firm's discount factor comes from: a frozen distribution
        (``.rvs``), a function ``(rng, size) -> array``, or one number for all
        (default: uniform on (0.5, 1)).
    rng : int, numpy Generator or None
        Seed of the run; chunk ``k`` uses the ``k``-th spawned child.
    executor : concurrent.futures.Executor, optional
        Runs the chunks (``executor.map``); the result does not depend on it.
    chunk_size : int
        Firms per chunk.
    **values
        The model's other parameters (``Y, R, w`` and those of its mechanisms).

    Returns
    -------
    SimulationResult
    """
    for name, value, least, most in (("n_firms", n_firms, 2, None),
                                     ("periods", periods, 1, (1 << _BITS) - 1),
                                     ("chunk_size", chunk_size, 1, None)):
        if (isinstance(value, bool) or not isinstance(value, int) or value < least
                or (most is not None and value > most)):
            bound = f" and <= {most}" if most else ""
            raise DomainError(f"{name} must be a whole number >= {least}{bound}, not {value!r}")
    if not isinstance(model, RepeatedLending):
        raise ModelError(f"model must be a RepeatedLending, not {type(model).__name__}")
    chain = firm_chain(model, **values)
    kind_of = _behaviour(model, chain.lending, values)
    dist = stats.uniform(0.5, 0.5) if delta_dist is None else delta_dist
    sizes = [min(chunk_size, n_firms - lo) for lo in range(0, n_firms, chunk_size)]
    children = np.random.default_rng(rng).spawn(len(sizes))
    sampler = _Sampler.of(chain)
    deltas, kinds, tasks = [], [], []
    for size, child in zip(sizes, children, strict=True):
        d = _draw_deltas(dist, size, child)
        kind = kind_of(d)
        deltas.append(d)
        kinds.append(kind)
        tasks.append((kind, periods, sampler, child))
    start = time.perf_counter()
    runs = list(executor.map(_run_chunk, tasks) if executor is not None else map(_run_chunk, tasks))
    elapsed = time.perf_counter() - start
    return SimulationResult(
        model=model,
        values=dict(values),
        n_firms=n_firms,
        periods=periods,
        delta=np.concatenate(deltas),
        kind=np.concatenate(kinds),
        chain=chain,
        events=sum(r["series"] for r in runs),
        occupancy=sum(r["occupancy"] for r in runs),
        loans=np.concatenate([r["per_firm"][0] for r in runs]),
        defaults=np.concatenate([r["per_firm"][1] for r in runs]),
        strategic=np.concatenate([r["per_firm"][2] for r in runs]),
        seconds=elapsed,
    )


# ------------------------------------------------------------------ results
@dataclass(frozen=True, eq=False)
class SimulationResult:
    """What happened in a simulated cluster, with the equilibrium prediction beside it.

    Attributes
    ----------
    events : numpy.ndarray
        ``events[t, e]``: how many firms had event ``EVENTS[e]`` in period ``t``.
    occupancy : numpy.ndarray
        ``occupancy[t, i]``: firms in state ``chain.states[i]`` at the start of ``t``.
    delta, kind : numpy.ndarray
        Each firm's discount factor and behaviour type (bit ``k``: defaults in
        the ``k``-th lending state).
    loans, defaults, strategic : numpy.ndarray
        Per firm, over the run.
    seconds : float
        Wall time of the simulation proper.
    """

    model: RepeatedLending
    values: Mapping[str, Any]
    n_firms: int
    periods: int
    delta: np.ndarray
    kind: np.ndarray
    chain: FirmChain
    events: np.ndarray
    occupancy: np.ndarray
    loans: np.ndarray
    defaults: np.ndarray
    strategic: np.ndarray
    seconds: float = 0.0

    @cached_property
    def _threshold(self) -> tuple[Threshold | None, str]:
        try:
            values = validate(self.values, allowed=self.model.parameters)
            return solve_threshold(self.model.constraints("sme"), "delta", values), ""
        except GameTheoryClusterError as err:
            return None, str(err)

    @property
    def threshold(self) -> Any:
        """The SME's δ* at these values: its constraints all hold for δ >= δ*.

        (The banks follow the automaton; their own constraints are not imposed.)

        ``None`` when the model has no such lower threshold (see :attr:`threshold_note`).
        """
        found, _ = self._threshold
        return found.value if found is not None and found.direction == ">=" else None

    @property
    def threshold_note(self) -> str:
        """Why there is no threshold, when there is none."""
        found, note = self._threshold
        if found is not None and found.direction != ">=":
            return f"the threshold is not a lower bound: {found}"
        return note

    def series(self, event: str) -> np.ndarray:
        """Per period, the share of firms with ``event`` (one of :data:`EVENTS`)."""
        if event not in EVENTS:
            raise ModelError(f"unknown event {event!r}; valid events: {', '.join(EVENTS)}")
        return self.events[:, EVENTS.index(event)] / self.n_firms

    @property
    def default_rate(self) -> float:
        """Defaults per firm and period over the run."""
        return float(self.defaults.sum() / (self.n_firms * self.periods))

    @property
    def default_rate_per_loan(self) -> float:
        """Share of loans that defaulted."""
        loans = self.loans.sum()
        return float(self.defaults.sum() / loans) if loans else 0.0

    def confidence_interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """Confidence interval of the expected default rate (firms are independent)."""
        if not 0 < confidence < 1:
            raise DomainError(f"confidence must lie in (0, 1), not {confidence!r}")
        z = float(stats.norm.ppf(0.5 + confidence / 2))
        rates = self.defaults / self.periods
        half = z * float(rates.std(ddof=1)) / math.sqrt(self.n_firms)
        return self.default_rate - half, self.default_rate + half

    @property
    def firm_periods_per_second(self) -> float:
        """Simulation speed."""
        return self.n_firms * self.periods / self.seconds if self.seconds else math.inf

    def predicted(self, event: str = "default") -> np.ndarray:
        """The expected share of firms with ``event`` per period, given the firms' types.

        The outcome tables propagated exactly: the equilibrium prediction.
        """
        if event not in EVENTS:
            raise ModelError(f"unknown event {event!r}; valid events: {', '.join(EVENTS)}")
        e = EVENTS.index(event)
        counts = np.bincount(self.kind, minlength=self.chain.n_types) / self.n_firms
        out = np.zeros(self.periods)
        for kind, share in enumerate(counts):
            if not share:
                continue
            rate = (self.chain.probability[kind] * self.chain.events[kind, :, :, e]).sum(axis=1)
            step = self.chain.transition(kind)
            dist = np.zeros(len(self.chain.states))
            dist[0] = 1.0
            for t in range(self.periods):
                out[t] += share * dist @ rate
                dist = dist @ step
        return out

    @property
    def predicted_default_rate(self) -> float:
        """The equilibrium prediction of :attr:`default_rate`."""
        return float(self.predicted("default").mean())

    @property
    def share_below_threshold(self) -> float | None:
        """Share of firms whose δ is below the model's δ*."""
        if self.threshold is None:
            return None
        return float(np.mean(self.delta < float(self.threshold)))

    def to_dict(self) -> dict[str, Any]:
        """Plain data: sizes, rates, the interval, and the per-period event shares."""
        lo, hi = self.confidence_interval()
        return {
            "model": repr(self.model),
            "values": {k: v if isinstance(v, (float, int)) else str(v)
                       for k, v in self.values.items()},
            "n_firms": self.n_firms,
            "periods": self.periods,
            "threshold": None if self.threshold is None else str(self.threshold),
            "share_below_threshold": self.share_below_threshold,
            "default_rate": self.default_rate,
            "confidence_interval": [lo, hi],
            "predicted_default_rate": self.predicted_default_rate,
            "default_rate_per_loan": self.default_rate_per_loan,
            "series": {e: self.series(e).tolist() for e in EVENTS},
            "states": list(self.chain.states),
            "occupancy": self.occupancy.tolist(),
        }

    def __str__(self) -> str:
        lo, hi = self.confidence_interval()
        star = self.threshold_note if self.threshold is None else (
            f"{self.threshold} ({float(self.threshold):.4f})")
        return "\n".join([
            f"{self.model}: {self.n_firms} firms x {self.periods} periods",
            f"  delta* = {star}; share of firms below: {self.share_below_threshold}",
            f"  default rate {self.default_rate:.5f} per firm-period, 95% CI [{lo:.5f}, {hi:.5f}]",
            f"  predicted    {self.predicted_default_rate:.5f}",
        ])

    def __repr__(self) -> str:
        return (f"SimulationResult({self.n_firms} firms x {self.periods} periods, "
                f"default_rate={self.default_rate:.5f})")


# ------------------------------------------------------------------ figure
def simulation_data(result: SimulationResult, confidence: float = 0.95) -> FigureData:
    """The numbers behind :func:`plot_simulation`: simulated and predicted default rate by period.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> res = simulate_cluster(gc.RepeatedLending(), 100, 5, rng=0, Y=150, R=110, w=0)
    >>> simulation_data(res).columns["period"]
    [0, 1, 2, 3, 4]
    """
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    rate = result.series("default")
    half = z * np.sqrt(rate * (1 - rate) / result.n_firms)
    columns = {
        "period": list(range(result.periods)),
        "simulated": rate.tolist(),
        "lower": np.clip(rate - half, 0, 1).tolist(),
        "upper": np.clip(rate + half, 0, 1).tolist(),
        "predicted": result.predicted("default").tolist(),
        "loans": result.series("loan").tolist(),
    }
    notes = {"model": repr(result.model), "n_firms": result.n_firms, "threshold": result.threshold,
             "share_below_threshold": result.share_below_threshold,
             "default_rate": result.default_rate,
             "predicted_default_rate": result.predicted_default_rate}
    return FigureData(columns, title="Default rate over time: simulation vs equilibrium",
                      notes=notes)


def plot_simulation(result: SimulationResult, *, ax: Axes | None = None,
                    style: str = "paper", confidence: float = 0.95) -> Figure:
    """Default rate per period (with a confidence band) against the equilibrium prediction.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> from gametheory_cluster.plotting import figure_data
    >>> res = simulate_cluster(gc.RepeatedLending(detection=True), 500, 20, rng=0,
    ...                        Y=150, R=110, w=0, q=0.3)
    >>> len(figure_data(plot_simulation(res)).columns["simulated"])
    20
    """
    data = simulation_data(result, confidence)
    cols = data.columns
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.fill_between(cols["period"], cols["lower"], cols["upper"], color="C0", alpha=0.25,
                        linewidth=0, label=f"{confidence:.0%} band")
        ax.plot(cols["period"], cols["simulated"], color="C0", label="simulated")
        ax.plot(cols["period"], cols["predicted"], color="C1", linestyle="--",
                label="equilibrium prediction")
        ax.set_xlabel("period")
        ax.set_ylabel("defaults per firm")
        ax.set_title(data.title)
        ax.legend()
    return attach_data(fig, data)
