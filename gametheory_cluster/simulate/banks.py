"""The banks' side: the firms' chain propagated exactly, and the break-even lending rule.

:func:`_propagate` gives the share of firms of each type in each state, period by
period; :func:`_pool_profit` the expected profit of a loan to the firms in a lending
state; :func:`_break_even` decides, period by period, where banks that see a firm's
standing but not its patience stop lending (``lending="break_even"``), and
:func:`_with_idle` adds the states in which they do not lend.
"""

from __future__ import annotations

import numpy as np

from .chain import FirmChain

__all__ = ["LENDING_RULES"]

#: The banks' lending rules of :func:`simulate_cluster`.
LENDING_RULES = ("all", "break_even")
_RULES = {"all": "SMEs' best responses to a fixed lending rule",
          "break_even": "banks lend while the pool breaks even"}


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
