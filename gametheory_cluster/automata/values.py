r"""The players' values of an automaton profile, exactly: :math:`V = u + \delta P V`.

In every state :math:`s` the values solve
:math:`V(s) = \mathbb{E}\,[\,u(s, a^*(s)) + \delta\, V(s')\,]`, the linear system
:math:`(I - \delta P)\, V = u`, nonsingular for :math:`0 \le \delta < 1`. A timed
phase of length :math:`T` in which play stays with probability :math:`p` pays
:math:`\frac{1 - (\delta p)^T}{1 - \delta p}` times its period payoff and moves on
to ``then`` with weight :math:`(\delta p)^T`. The system is solved block by block: the
strongly connected components of the transition graph (Tarjan 1972), each after
the ones it leads to, so each block is a small system whose right-hand side holds
the values already known. When the game's numbers are rational functions the
values come from :mod:`~gametheory_cluster.automata.polynomial` instead (the
same answers, faster).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

import networkx as nx
import sympy as sp

from ..algebra import tidy


class _ExactValues:
    """The values of :class:`~gametheory_cluster.automata.game.RepeatedGame` (mixed in)."""

    def _transition(self, state: str) -> tuple[list[sp.Expr], dict[str, sp.Expr]]:
        """Effective period payoffs and next-state weights (discount included)."""
        st = self.states[state]
        outs = self.outcomes(state, self.prescribed(state))
        d = self.delta
        weights: dict[str, sp.Expr] = {}
        flow = [
            sum(sp.sympify(o.probability) * sp.sympify(o.payoffs[i]) for o in outs)
            for i in range(len(self.players))
        ]
        if not st.timed:
            for o in outs:
                weights[o.next] = weights.get(o.next, 0) + d * sp.sympify(o.probability)
            return flow, weights
        stay = sum((sp.sympify(o.probability) for o in outs if o.next == state), sp.Integer(0))
        decay = (d * stay) ** sp.sympify(st.duration)
        geometric = sp.cancel((1 - decay) / (1 - d * stay))
        for o in outs:
            if o.next != state:
                weights[o.next] = weights.get(o.next, 0) + geometric * d * sp.sympify(o.probability)
        weights[st.then] = weights.get(st.then, 0) + decay
        return [geometric * u for u in flow], weights

    @cached_property
    def _system(self) -> dict[str, tuple[list[sp.Expr], dict[str, sp.Expr]]]:
        return {name: self._transition(name) for name in self.states}

    @cached_property
    def _values(self) -> dict[str, tuple[sp.Expr, ...]]:
        if self._field is not None and not self._inverse_powers:
            return {
                name: tuple(self._tidy(v) for v in vals)
                for name, vals in self._field_values.items()
            }
        solved: dict[str, tuple[sp.Expr, ...]] = {}
        for members in self._blocks(self._system):
            solved.update(self._solve_block(members, solved))
        return solved

    def _blocks(self, system: Mapping[str, tuple[Any, Mapping[str, Any]]]) -> list[list[str]]:
        """The strongly connected groups of states, each after the ones it leads to."""
        graph = nx.DiGraph()
        graph.add_nodes_from(self.states)
        for name, (_, weights) in system.items():
            graph.add_edges_from((name, nxt) for nxt, wgt in weights.items() if wgt != 0)
        condensed = nx.condensation(graph)
        return [
            sorted(condensed.nodes[component]["members"])
            for component in reversed(list(nx.topological_sort(condensed)))
        ]

    def _solve_block(
        self, members: list[str], known: Mapping[str, tuple[sp.Expr, ...]]
    ) -> dict[str, tuple[sp.Expr, ...]]:
        n, k = len(members), len(self.players)
        index = {m: j for j, m in enumerate(members)}
        matrix = sp.eye(n)
        rhs = sp.zeros(n, k)
        for row, name in enumerate(members):
            flow, weights = self._system[name]
            for i in range(k):
                rhs[row, i] = flow[i]
            for nxt, wgt in weights.items():
                if wgt == 0:
                    continue
                if nxt in index:
                    matrix[row, index[nxt]] -= wgt
                else:
                    for i in range(k):
                        rhs[row, i] += wgt * known[nxt][i]
        solution = matrix.LUsolve(rhs)
        return {
            name: tuple(tidy(solution[row, i]) for i in range(k))
            for row, name in enumerate(members)
        }
