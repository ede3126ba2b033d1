"""The vectorised step: every firm of a chunk draws its period's outcome at once.

A :class:`_Sampler` flattens a :class:`~gametheory_cluster.simulate.chain.FirmChain`
into rows of cumulative probabilities with a lookup table; :func:`_run_chunk`
simulates one chunk of firms, period by period, and returns its counts. It is a
pure function of its arguments (picklable, seeded), so any executor may run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .chain import EVENTS, FirmChain


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
