"""Test helper: play an automaton forward and add up the discounted payoff stream.

An independent road to the engine's values: instead of solving ``V = u + δPV``,
push the probability distribution over (state, periods spent in a timed phase)
forward period by period and sum ``δ^t · E[u_t]`` until the tail is negligible.
Optionally the player deviates once, in the first period.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np


def _entry(game, state, durations):
    """Entering ``state``: a zero-length timed phase passes straight to its successor."""
    st = game.states[state]
    while st.timed and durations[state] == 0:
        state = st.then
        st = game.states[state]
    return state


def play(game, values, start, player, first_profile=None, tol=1e-11):
    """Expected discounted payoff of ``player`` from ``start`` (floats)."""
    num = {k: float(v) for k, v in values.items()}
    delta = num["delta"]

    def f(expr):
        import sympy as sp

        expr = sp.sympify(expr)
        return float(expr.xreplace({s: num[s.name] for s in expr.free_symbols}))

    durations = {n: int(f(s.duration)) for n, s in game.states.items() if s.timed}
    index = game.players.index(player)
    dist = {(_entry(game, start, durations), 0): 1.0}
    total, t = 0.0, 0
    bound = max(1, math.ceil(math.log(tol) / math.log(delta)))
    while t < bound and dist:
        new = defaultdict(float)
        for (state, k), mass in dist.items():
            profile = first_profile if (t == 0 and first_profile) else game.prescribed(state)
            for o in game.outcomes(state, profile):
                prob = f(o.probability)
                if prob == 0:
                    continue
                total += delta**t * mass * prob * f(o.payoffs[index])
                st = game.states[state]
                if st.timed and o.next == state:
                    nxt = (
                        (state, k + 1)
                        if k + 1 < durations[state]
                        else (_entry(game, st.then, durations), 0)
                    )
                else:
                    nxt = (_entry(game, o.next, durations), 0)
                new[nxt] += mass * prob
        dist, t = new, t + 1
    return total


def monte_carlo(game, values, start, player, first_profile=None, paths=4000, rng=0):
    """Monte Carlo estimate and standard error of the same discounted payoff."""
    import sympy as sp

    num = {k: float(v) for k, v in values.items()}
    delta = num["delta"]
    gen = np.random.default_rng(rng)

    def f(expr):
        expr = sp.sympify(expr)
        return float(expr.xreplace({s: num[s.name] for s in expr.free_symbols}))

    durations = {n: int(f(s.duration)) for n, s in game.states.items() if s.timed}
    index = game.players.index(player)
    horizon = math.ceil(math.log(1e-9) / math.log(delta))
    cache = {}

    def law(state, profile):
        key = (state, profile)
        if key not in cache:
            outs = game.outcomes(state, profile)
            cache[key] = (
                np.array([f(o.probability) for o in outs]),
                [f(o.payoffs[index]) for o in outs],
                [o.next for o in outs],
            )
        return cache[key]

    results = np.empty(paths)
    for n in range(paths):
        state, k, value = _entry(game, start, durations), 0, 0.0
        for t in range(horizon):
            profile = first_profile if (t == 0 and first_profile) else game.prescribed(state)
            probs, pays, nexts = law(state, profile)
            j = gen.choice(len(probs), p=probs / probs.sum())
            value += delta**t * pays[j]
            st = game.states[state]
            if st.timed and nexts[j] == state:
                if k + 1 < durations[state]:
                    k += 1
                else:
                    state, k = _entry(game, st.then, durations), 0
            else:
                state, k = _entry(game, nexts[j], durations), 0
        results[n] = value
    return results.mean(), results.std(ddof=1) / math.sqrt(paths)
