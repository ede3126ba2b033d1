"""Running a simulation: draws, chunks, seeds and executors (:func:`simulate_cluster`).

Firms are split into fixed chunks; chunk ``k`` uses the ``k``-th child of
``SeedSequence(rng).spawn`` for its discount factors and its outcomes, so the
result is the same whatever ``executor`` runs the chunks.
"""

from __future__ import annotations

import time
from concurrent.futures import Executor
from typing import Any, Literal

import numpy as np
from scipy import stats

from ..errors import DomainError, MissingParameterError, ModelError
from ..models.lending.repeated import RepeatedLending
from ..parameters import validate
from ..progress import steps
from .banks import LENDING_RULES, _break_even, _with_idle
from .chain import _behaviour, firm_chain
from .result import SimulationResult
from .sampler import _BITS, _run_chunk, _Sampler

__all__ = ["simulate_cluster"]

_CHUNK = 8192


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
