r"""A seeded, vectorised simulation of a cluster population borrowing over time.

See docs/explanation/networks.md.

Definitions
-----------
``F`` firms, firm :math:`i` with its own discount factor :math:`\delta_i` drawn
from a distribution, each borrow from a bank that follows the automaton of a
:class:`~gametheory_cluster.models.lending.RepeatedLending` model:
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
propagated exactly gives the prediction: the expected default rate
per period given the firms' types.

*Banks.* With ``lending="all"`` (the default) banks lend to every firm in good
standing, whatever its patience: the firms' behaviour is then the SMEs' best
responses to a fixed lending rule, not an equilibrium of the population — in
the source paper's figure 6 two thirds of the firms default and a first loan
loses about 63 of its principal of 100. With ``lending="break_even"`` banks see
a firm's standing (its state) and the period, not its patience, and lend to a
pool only while a loan to it breaks even in expectation; with certain projects
and no recovery that is a defaulters' share of at most :math:`(R - I)/R`. The
banks' profits (:meth:`SimulationResult.bank_profit`, the exact
:meth:`SimulationResult.predicted_bank_profit`, the profit of a loan to each pool
:attr:`SimulationResult.pool_profit`) are reported for both rules, and
:attr:`SimulationResult.is_equilibrium` says whether banks and firms are mutual
best responses.

*Randomness.* Firms are split into fixed chunks; chunk ``k`` uses the ``k``-th
child of ``SeedSequence(rng).spawn``, so the result is the same whatever
``executor`` runs the chunks.

The module is longer than most (about 850 lines) because the firms' outcome
tables, the sampler that draws from them, the banks' side that propagates them
and the results that read them are one idea sharing private tables.

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
from typing import Any, Literal

import numpy as np
import sympy as sp
from scipy import stats

from . import notation
from .algebra import plain
from .errors import DomainError, GameTheoryClusterError, MissingParameterError, ModelError
from .figure_data import FigureData
from .models.lending.repeated import RepeatedLending
from .parameters import symbol, validate
from .progress import steps
from .thresholds import Threshold, solve_threshold

__all__ = [
    "EVENTS",
    "LENDING_RULES",
    "FirmChain",
    "SimulationResult",
    "firm_chain",
    "simulate_cluster",
    "simulation_data",
]

#: What can happen to a firm in a period (columns of the event counts).
EVENTS = ("loan", "default", "strategic", "involuntary", "detected", "exit", "ends")
#: The banks' lending rules of :func:`simulate_cluster`.
LENDING_RULES = ("all", "break_even")
_RULES = {"all": "SMEs' best responses to a fixed lending rule",
          "break_even": "banks lend while the pool breaks even"}
_LENDING_STATES = ("honest", "honest_out")
_CHUNK = 8192


# ----------------------------------------------------------- the firm's chain
@dataclass(frozen=True)
class FirmChain:
    """The Markov chain of one firm of each behaviour type, as outcome tables.

    Types are bit patterns: bit ``k`` set means the firm defaults in the ``k``-th
    lending state of ``lending``. For type ``t``, state ``i`` and outcome ``k``:
    ``probability[t, i, k]``, ``next[t, i, k]``, ``events[t, i, k, e]`` (one
    column per :data:`EVENTS`), the SME's period payoff ``payoff[t, i, k]`` and
    the bank's ``bank[t, i, k]`` (``R - I`` on a repaid loan, ``lam R - I`` on a
    strategic default, ``-I`` on a failed project; NaN when ``I`` was not given).
    State 0 is ``honest`` (the start).
    """

    states: tuple[str, ...]
    lending: tuple[str, ...]
    probability: np.ndarray
    next: np.ndarray
    events: np.ndarray
    payoff: np.ndarray
    bank: np.ndarray | None = None

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
    :class:`~gametheory_cluster.models.lending.RepeatedLending`.

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
    I = given.get("I", math.nan)
    rows: list[list[list[tuple[float, int, tuple[int, ...], float, float]]]] = []
    for kind in range(1 << len(lending)):
        table = []
        for name in states:
            outcomes: list[tuple[float, int, tuple[int, ...], float, float]] = []
            if name in lending:
                member = name == "honest" and in_cluster
                s_m, c_m = (rent, cost) if member else (0.0, 0.0)
                defaults = bool(kind >> lending.index(name) & 1)
                fall = at[punished[0]]
                stay = at[name]
                draws = [(pi, "strategic" if defaults else None, Y - (lam * R if defaults else R),
                          (lam * R if defaults else R) - I),
                         (1 - pi, "involuntary", 0.0, -I)]
                for prob, default, pay, gets in draws:
                    if default is None:
                        outcomes.append((prob, stay, _flags("loan"), pay + s_m, gets))
                        continue
                    outcomes.append((prob * q, fall,
                                     _flags("loan", "default", default, "detected",
                                            *(["exit"] if member else [])), pay + s_m - c_m, gets))
                    outcomes.append((prob * (1 - q), stay, _flags("loan", "default", default),
                                     pay + s_m, gets))
            elif name == "ended":
                outcomes.append((1.0, at[name], _flags(), w, 0.0))
            else:
                j = punished.index(name)
                back = lending[-1] if readmit else name
                after = punished[j + 1] if j + 1 < len(punished) else back
                outcomes.append((1.0, at[after], _flags(), w, 0.0))
            if on["continuation"] and name != "ended":
                outcomes = [o for prob, nxt, flags, pay, gets in outcomes for o in (
                    (prob * p, nxt, flags, pay, gets),
                    (prob * (1 - p), at["ended"], _with(flags, "ends"), pay, gets),
                )]
            table.append([o for o in outcomes if o[0] > 0] or outcomes[:1])
        rows.append(table)
    width = max(len(t) for table in rows for t in table)
    shape = (len(rows), len(states), width)
    probability, nxt = np.zeros(shape), np.zeros(shape, dtype=np.intp)
    events, payoff = np.zeros((*shape, len(EVENTS)), dtype=bool), np.zeros(shape)
    bank = np.zeros(shape)
    for kind, table in enumerate(rows):
        for i, outs in enumerate(table):
            for k, (prob, target, flags, pay, gets) in enumerate(outs):
                probability[kind, i, k], nxt[kind, i, k], payoff[kind, i, k] = prob, target, pay
                events[kind, i, k], bank[kind, i, k] = flags, gets
            nxt[kind, i, len(outs):] = nxt[kind, i, len(outs) - 1]
    return FirmChain(states, lending, probability, nxt, events, payoff, bank)


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
    bank: np.ndarray  # the bank's payoff of each outcome

    @classmethod
    def of(cls, chain: FirmChain) -> _Sampler:
        rows = chain.probability.reshape(-1, chain.probability.shape[2])
        cum = np.full(rows.shape, np.inf)
        lookup = np.empty((len(rows), _BINS), dtype=np.intp)
        edges = np.arange(_BINS + 1) / _BINS
        target, flags, starts, bank = [], [], [], []
        gets = np.full(rows.shape, np.nan) if chain.bank is None else chain.bank
        gets = gets.reshape(rows.shape)
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
            bank += gets[row, real].tolist()
        flags_arr = np.array(flags, dtype=np.int64)
        cols = [EVENTS.index(e) for e in ("loan", "default", "strategic")]
        packed = flags_arr[:, cols] @ (np.int64(1) << np.array([0, _BITS, 2 * _BITS]))
        return cls(len(chain.states), cum, lookup.reshape(-1), np.array(target, dtype=np.intp),
                   flags_arr, np.array(starts, dtype=np.intp), packed, np.array(bank))

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


def _run_chunk(task: tuple[Any, ...]) -> dict[str, Any]:
    """Simulate one chunk of firms (a pure function of its arguments: picklable, seeded).

    ``shift[t, i]`` (optional) moves a firm in state ``i`` at period ``t`` to the
    idle copy of that state (banks do not lend there in that period).
    """
    kinds, periods, sampler, rng, *rest = task
    shift = rest[0] if rest else None
    base = kinds * sampler.n_states
    row = base.copy() if shift is None else base + shift[0, 0]
    n_out = len(sampler.target)
    counts = np.zeros((periods, n_out), dtype=np.int32)
    per_firm = np.zeros(len(kinds), dtype=np.int64)
    draw = np.empty(len(kinds))
    for t in range(periods):
        outcome = sampler.outcome(row, rng.random(out=draw))
        counts[t] = np.bincount(outcome, minlength=n_out)
        per_firm += sampler.packed[outcome]
        state = sampler.target[outcome]
        row = base + state
        if shift is not None and t + 1 < periods:
            row += shift[t + 1, state]
    by_row = np.add.reduceat(counts, sampler.starts, axis=1)
    occupancy = by_row.reshape(periods, -1, sampler.n_states).sum(axis=1)
    if shift is not None:  # fold the idle copies onto their states
        half = sampler.n_states // 2
        occupancy = occupancy[:, :half] + occupancy[:, half:]
    mask = (1 << _BITS) - 1
    return {
        "series": counts.astype(np.int64) @ sampler.flags,
        "bank": counts.astype(float) @ np.nan_to_num(sampler.bank),
        "bank_known": bool(not np.isnan(sampler.bank).any()),
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
    lending: Literal["all", "break_even"] = "all",
    progress: bool | None = None,
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
    lending : {"all", "break_even"}
        The banks' rule. ``"all"``: banks lend to every firm in good standing,
        whatever its patience — the firms' behaviour is then the SMEs' best
        responses to a fixed lending rule, not an equilibrium of the population.
        ``"break_even"``: banks see a firm's standing (its state) and the period,
        not its patience; in each period they lend to the pool of firms in a
        lending state only if a loan to that pool breaks even in expectation
        (with ``pi = 1`` and no recovery: the defaulters' share is at most
        ``(R - I)/R``). Needs ``I``.
    progress : bool, optional
        Report each chunk of firms as it finishes (a bar on a terminal, a line per
        chunk when piped); ``False`` is silent. Default: on for long runs (several
        chunks and at least five million firm-periods).
    **values
        The model's other parameters (``Y, R, w`` and those of its mechanisms;
        ``I`` for the banks' profits).

    Returns
    -------
    SimulationResult

    Examples
    --------
    Figure 6 of the source paper: two thirds of the firms are below δ* = 5/6, so a
    first loan loses money; with the break-even rule no bank lends at all.

    >>> import gametheory_cluster as gc
    >>> model = gc.RepeatedLending(detection=True, exit_cost=True)
    >>> fixed = simulate_cluster(model, 3000, 10, rng=0, Y=150, R=110, w=0, q=0.5, C=20, I=100)
    >>> round(fixed.first_loan_profit, 1), fixed.is_equilibrium
    (-62.6, False)
    >>> closed = simulate_cluster(model, 3000, 10, rng=0, lending="break_even",
    ...                           Y=150, R=110, w=0, q=0.5, C=20, I=100)
    >>> int(closed.loans.sum()), closed.is_equilibrium
    (0, True)
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
    if lending not in LENDING_RULES:
        raise ModelError(f"lending must be one of {', '.join(LENDING_RULES)}, not {lending!r}")
    if lending == "break_even" and "I" not in values:
        raise MissingParameterError("lending='break_even' needs I: banks compare a loan's "
                                    "expected repayment with the principal")
    chain = firm_chain(model, **values)
    kind_of = _behaviour(model, chain.lending, values)
    dist = stats.uniform(0.5, 0.5) if delta_dist is None else delta_dist
    sizes = [min(chunk_size, n_firms - lo) for lo in range(0, n_firms, chunk_size)]
    children = np.random.default_rng(rng).spawn(len(sizes))
    deltas, kinds = [], []
    for size, child in zip(sizes, children, strict=True):
        d = _draw_deltas(dist, size, child)
        deltas.append(d)
        kinds.append(kind_of(d))
    shares = np.bincount(np.concatenate(kinds), minlength=chain.n_types) / n_firms
    idle = _break_even(chain, shares, periods) if lending == "break_even" else None
    if idle is None:
        sampler, extra = _Sampler.of(chain), ()
    else:
        sampler = _Sampler.of(_with_idle(chain, float(validate(values)["w"])))
        extra = (idle.astype(np.intp) * len(chain.states),)
    tasks = [(kind, periods, sampler, child, *extra)
             for kind, child in zip(kinds, children, strict=True)]
    start = time.perf_counter()
    done = executor.map(_run_chunk, tasks) if executor is not None else map(_run_chunk, tasks)
    if progress is None:
        progress = len(tasks) > 1 and n_firms * periods >= 5_000_000
    runs = list(steps(done, f"simulating {n_firms} firms", progress=progress, total=len(tasks),
                      label=lambda run: f"{len(run['per_firm'][0])} firms"))
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
        lending=lending,
        idle=idle,
        bank=sum(r["bank"] for r in runs) if all(r["bank_known"] for r in runs) else None,
    )


# ------------------------------------------------------------------ the banks' side
def _with_idle(chain: FirmChain, w: float) -> FirmChain:
    """The chain with an idle copy of each state: no loan, the firm stays and earns ``w``."""
    n_types, n, width = chain.probability.shape
    idle_prob = np.zeros((n_types, n, width))
    idle_prob[:, :, 0] = 1.0
    idle_next = np.broadcast_to(np.arange(n)[None, :, None], (n_types, n, width)).copy()
    pay = np.zeros((n_types, n, width))
    pay[:, :, 0] = w
    bank = np.zeros((n_types, n, width)) if chain.bank is None else chain.bank
    return FirmChain(
        (*chain.states, *(f"idle:{name}" for name in chain.states)), chain.lending,
        np.concatenate([chain.probability, idle_prob], axis=1),
        np.concatenate([chain.next, idle_next], axis=1),
        np.concatenate([chain.events, np.zeros_like(chain.events)], axis=1),
        np.concatenate([chain.payoff, pay], axis=1),
        np.concatenate([bank, np.zeros((n_types, n, width))], axis=1),
    )


def _propagate(chain: FirmChain, shares: np.ndarray, periods: int,
               idle: np.ndarray | None = None) -> np.ndarray:
    """``mass[t, kind, i]``: the share of firms of each type in each state at period ``t``.

    Where ``idle[t, i]`` banks do not lend: the firm stays put.
    """
    n = len(chain.states)
    steps = np.array([chain.transition(kind) for kind in range(chain.n_types)])
    mass = np.zeros((periods, chain.n_types, n))
    dist = np.zeros((chain.n_types, n))
    dist[:, 0] = shares
    for t in range(periods):
        mass[t] = dist
        if idle is None or not idle[t].any():
            dist = np.einsum("ki,kij->kj", dist, steps)
        else:
            still = np.where(idle[t][None, :], dist, 0.0)
            dist = np.einsum("ki,kij->kj", dist - still, steps) + still
    return mass


def _pool_profit(chain: FirmChain, mass: np.ndarray) -> np.ndarray:
    """Expected profit of a loan to the pool in each lending state, by period (NaN: empty)."""
    per_loan = (chain.probability * (chain.bank if chain.bank is not None else np.nan)).sum(axis=2)
    out = np.full((len(mass), len(chain.lending)), np.nan)
    for k, name in enumerate(chain.lending):
        i = chain.states.index(name)
        weight = mass[:, :, i].sum(axis=1)
        got = (mass[:, :, i] * per_loan[None, :, i]).sum(axis=1)
        out[:, k] = np.where(weight > 0, got / np.where(weight > 0, weight, 1.0), np.nan)
    return out


def _break_even(chain: FirmChain, shares: np.ndarray, periods: int) -> np.ndarray:
    """``idle[t, i]``: banks do not lend to the pool in state ``i`` at ``t`` (it loses money)."""
    n = len(chain.states)
    idle = np.zeros((periods, n), dtype=bool)
    for t in range(periods):  # decide period by period: the pools depend on earlier lending
        pool = _pool_profit(chain, _propagate(chain, shares, t + 1, idle)[t:])[0]
        for k, name in enumerate(chain.lending):
            idle[t, chain.states.index(name)] = bool(pool[k] < -1e-12)
    return idle


# ------------------------------------------------------------------ results
@dataclass(frozen=True, eq=False)
class SimulationResult:
    """What happened in a simulated cluster, with the exact prediction beside it.

    With ``lending="all"`` the firms play their best responses to a fixed lending
    rule (banks lend to every firm in good standing); :attr:`is_equilibrium`
    says whether the banks break even under it.

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
    lending : str
        The banks' rule (:data:`LENDING_RULES`).
    idle : numpy.ndarray or None
        ``idle[t, i]``: banks did not lend in state ``chain.states[i]`` in period
        ``t`` (``lending="break_even"`` only).
    bank : numpy.ndarray or None
        The banks' total profit in each period (None when ``I`` was not given).
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
    lending: str = "all"
    idle: np.ndarray | None = None
    bank: np.ndarray | None = None

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

        The outcome tables propagated exactly: the prediction given the firms' types.
        """
        if event not in EVENTS:
            raise ModelError(f"unknown event {event!r}; valid events: {', '.join(EVENTS)}")
        e = EVENTS.index(event)
        return self._expected(self.chain.events[..., e])

    @cached_property
    def _mass(self) -> np.ndarray:
        shares = np.bincount(self.kind, minlength=self.chain.n_types) / self.n_firms
        return _propagate(self.chain, shares, self.periods, self.idle)

    def _expected(self, quantity: np.ndarray) -> np.ndarray:
        """Per period, the expected ``quantity`` of an outcome, summed over firms / firms."""
        rate = (self.chain.probability * quantity).sum(axis=2)  # (types, states)
        if self.idle is not None:
            rate = np.where(self.idle[:, None, :], 0.0, rate[None])
            return np.einsum("tki,tki->t", self._mass, rate)
        return np.einsum("tki,ki->t", self._mass, rate)

    # ------------------------------------------------------------ the banks
    def _need_bank(self) -> np.ndarray:
        if self.bank is None or self.chain.bank is None or np.isnan(self.chain.bank).any():
            raise MissingParameterError("the banks' profits need I: give I to simulate_cluster")
        return self.chain.bank

    def bank_profit(self) -> np.ndarray:
        """Per period, the banks' simulated profit per firm (loans repaid, defaults lost)."""
        self._need_bank()
        return self.bank / self.n_firms

    def predicted_bank_profit(self) -> np.ndarray:
        """Per period, the banks' expected profit per firm, from the exact propagation."""
        return self._expected(self._need_bank())

    @property
    def pool_profit(self) -> np.ndarray:
        """``[t, k]``: the expected profit of a loan to the firms in ``chain.lending[k]`` at ``t``.

        What a bank that sees a firm's standing, not its patience, expects from
        lending to it (NaN where no firm is in that state), whether or not banks
        lent then.
        """
        self._need_bank()
        return _pool_profit(self.chain, self._mass)

    @property
    def first_loan_profit(self) -> float:
        """The expected profit of a loan in period 0, to a firm drawn from the population."""
        return float(self.pool_profit[0, 0])

    @property
    def bank_profit_per_loan(self) -> float:
        """The banks' simulated profit per loan over the run (NaN without loans)."""
        loans = self.loans.sum()
        return float(self.bank_profit().sum() * self.n_firms / loans) if loans else math.nan

    @property
    def is_equilibrium(self) -> bool:
        """Whether banks and firms are mutual best responses in this run.

        The firms' behaviour assumes banks lend in every lending state for ever.
        That is consistent when banks break even on every pool they lend to and
        lend to every pool firms reach (``"all"``: when the fixed rule happens to
        break even), or when no bank ever lends (then no firm's choice matters).
        """
        pools = self.pool_profit
        reached = ~np.isnan(pools)
        if self.idle is None:
            return bool(np.all(pools[reached] >= -1e-12))
        lent = ~np.array([[self.idle[t, self.chain.states.index(n)] for n in self.chain.lending]
                          for t in range(self.periods)])
        return bool(np.all(lent[reached]) or not np.any(lent[reached]))

    @property
    def predicted_default_rate(self) -> float:
        """The exact prediction of :attr:`default_rate`."""
        return float(self.predicted("default").mean())

    @property
    def share_below_threshold(self) -> float | None:
        """Share of firms whose δ is below the model's δ*."""
        if self.threshold is None:
            return None
        return float(np.mean(self.delta < float(self.threshold)))

    def to_dict(self) -> dict[str, Any]:
        """Plain data: sizes, rates, the interval, and the per-period event shares.

        Numbers are JSON numbers; exact ones (the values given, δ*) have their exact
        text beside them (``threshold_exact``).
        """
        lo, hi = self.confidence_interval()
        return plain({
            "model": repr(self.model),
            "values": dict(self.values),
            "n_firms": self.n_firms,
            "periods": self.periods,
            "threshold": self.threshold,
            "share_below_threshold": self.share_below_threshold,
            "default_rate": self.default_rate,
            "confidence_interval": [lo, hi],
            "predicted_default_rate": self.predicted_default_rate,
            "default_rate_per_loan": self.default_rate_per_loan,
            "series": {e: self.series(e).tolist() for e in EVENTS},
            "states": list(self.chain.states),
            "occupancy": self.occupancy.tolist(),
            "lending": self.lending,
            **({"bank_profit": self.bank_profit().tolist(),
                "first_loan_profit": self.first_loan_profit,
                "is_equilibrium": self.is_equilibrium} if self.bank is not None else {}),
        })

    def to_frame(self) -> Any:
        """One row per period: the share of firms with each event, simulated and predicted.

        Float columns (``default``, ``predicted_default``, …); pandas needed.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> res = simulate_cluster(gc.RepeatedLending(), 100, 5, rng=0, Y=150, R=110, w=0)
        >>> frame = res.to_frame()
        >>> frame.shape, str(frame.dtypes["default"])
        ((5, 9), 'float64')
        """
        import pandas as pd

        columns: dict[str, Any] = {"period": np.arange(self.periods)}
        columns |= {e: self.series(e) for e in EVENTS}
        columns["predicted_default"] = self.predicted("default")
        return pd.DataFrame(columns)

    def __str__(self) -> str:
        lo, hi = self.confidence_interval()
        star = self.threshold_note if self.threshold is None else notation.number(self.threshold)
        below = self.share_below_threshold
        return "\n".join([
            f"{self.model}: {self.n_firms} firms × {self.periods} periods",
            f"  δ* = {star}; share of firms below: "
            f"{'—' if below is None else f'{below:.4f}'}",
            f"  default rate {self.default_rate:.5f} per firm-period, 95% CI [{lo:.5f}, {hi:.5f}]",
            f"  predicted    {self.predicted_default_rate:.5f}",
            *([f"  banks ({_RULES[self.lending]}): first-loan profit "
               f"{self.first_loan_profit:.2f}, profit per loan {self.bank_profit_per_loan:.2f}; "
               f"equilibrium: {self.is_equilibrium}"] if self.bank is not None else []),
        ])

    def __repr__(self) -> str:
        star = "" if self.threshold is None else f", δ* {notation.number(self.threshold)}"
        return (f"SimulationResult({self.n_firms} firms x {self.periods} periods, "
                f"default_rate={self.default_rate:.5f}{star})")


# ------------------------------------------------------------------ figure
def simulation_data(result: SimulationResult, confidence: float = 0.95) -> FigureData:
    """Simulated and predicted default rate by period, with a confidence band.

    Drawn by :func:`~gametheory_cluster.plotting.community.plot_simulation`.

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
             "predicted_default_rate": result.predicted_default_rate,
             "lending": _RULES[result.lending]}
    if result.bank is not None:
        columns["bank_profit"] = result.bank_profit().tolist()
        columns["predicted_bank_profit"] = result.predicted_bank_profit().tolist()
        notes |= {"first_loan_profit": result.first_loan_profit,
                  "is_equilibrium": result.is_equilibrium}
    title = ("Default rate over time: simulation vs prediction"
             + (" (SMEs' best responses to a fixed lending rule)" if result.lending == "all"
                else " (banks lend while the pool breaks even)"))
    return FigureData(columns, title=title, notes=notes)
