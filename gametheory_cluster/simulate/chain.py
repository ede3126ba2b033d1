r"""The firm's side: one firm's Markov chain on the model's states, as outcome tables.

A firm's *behaviour type* is a bit pattern (bit ``k``: it defaults in the ``k``-th
lending state), read from its discount factor by the model's one-shot-deviation
constraints, lambdified once (:func:`_behaviour`). For each type, state and
outcome the tables give the probability, the next state, the events, the SME's
payoff and the bank's (:class:`FirmChain`), following the timing conventions of
:class:`~gametheory_cluster.models.lending.RepeatedLending`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..errors import MissingParameterError, ModelError
from ..models.lending.repeated import RepeatedLending
from ..parameters import symbol, validate

__all__ = ["EVENTS", "FirmChain", "firm_chain"]

#: What can happen to a firm in a period (columns of the event counts).
EVENTS = ("loan", "default", "strategic", "involuntary", "detected", "exit", "ends")
_LENDING_STATES = ("honest", "honest_out")


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
