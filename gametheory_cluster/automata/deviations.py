r"""Every one-shot deviation constraint of an automaton profile, derived.

For player :math:`i` in state :math:`s`,
:math:`Q_i(s, a) = \mathbb{E}\,[\,u_i(s, a) + \delta\, V_i(s')\,]` is the payoff
from the profile :math:`a` now and conforming afterwards. Every alternative
action :math:`a_i'` gives the constraint
:math:`Q_i(s, a^*) - Q_i(s, a_i', a^*_{-i}) \ge 0`, unless both sides are
identical. A timed phase must not react to actions, so there only period payoffs
are compared. With sequential timing the second player's constraints are checked
at the node after **every** first-player action (subgame perfection of the stage
game's tree); a constraint is *on path* when its state and node are reached from
the initial state.
"""

from __future__ import annotations

from functools import cached_property

import sympy as sp

from ..algebra import tidy
from ..errors import ModelError
from .automaton import _nonzero
from .constraints import Constraint, _LazyConstraint
from .polynomial import _difference
from .words import describe_constraint


class _Deviations:
    """The constraints of :class:`~gametheory_cluster.automata.game.RepeatedGame` (mixed in)."""

    def _q(self, state: str, profile: tuple[str, ...], player: int) -> sp.Expr:
        """Expected payoff of ``player`` from ``profile`` now and conforming afterwards."""
        outs = self.outcomes(state, profile)
        stage = sum(sp.sympify(o.probability) * sp.sympify(o.payoffs[player]) for o in outs)
        if self.states[state].timed:
            return stage  # continuation does not depend on the actions (checked below)
        values = self._values
        return stage + self.delta * sum(
            sp.sympify(o.probability) * values[o.next][player] for o in outs
        )

    def _same_transitions(self, state: str, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        def law(profile: tuple[str, ...]) -> dict[str, sp.Expr]:
            dist: dict[str, sp.Expr] = {}
            for o in self.outcomes(state, profile):
                dist[o.next] = dist.get(o.next, 0) + sp.sympify(o.probability)
            return {k: v for k, v in dist.items() if _nonzero(v)}

        la, lb = law(a), law(b)
        return la.keys() == lb.keys() and not any(_nonzero(la[k] - lb[k]) for k in la)

    def _nodes(self, state: str, player: int) -> list[tuple[str | None, tuple[str, ...]]]:
        """Decision nodes of ``player`` in ``state``: (first mover's action, profile)."""
        base = self.prescribed(state)
        if self.timing == "sequential" and player == 1:
            return [(lead, (lead, *base[1:])) for lead in self.actions[self.players[0]]]
        return [(None, base)]

    @cached_property
    def _on_path_states(self) -> set[str]:
        reached, frontier = {self.initial}, [self.initial]
        field = self._field is not None
        while frontier:
            name = frontier.pop()
            _, weights = (self._field_system if field else self._system)[name]
            for nxt, wgt in weights.items():
                if nxt not in reached and (wgt != 0 if field else _nonzero(wgt)):
                    reached.add(nxt)
                    frontier.append(nxt)
        return reached

    @cached_property
    def _constraints(self) -> list[Constraint]:
        found: list[Constraint] = []
        for name, st in self.states.items():
            checked = st.observed_by if st.observed_by is not None else self.players
            for i, player in enumerate(self.players):
                if player not in checked:
                    continue
                for node, profile in self._nodes(name, i):
                    conform, q = None, None
                    for alt in self.actions[player]:
                        if alt == profile[i]:
                            continue
                        deviated = (*profile[:i], alt, *profile[i + 1:])
                        if st.timed and not self._same_transitions(name, profile, deviated):
                            raise ModelError(
                                f"timed state {name!r} must not react to actions, but "
                                f"{profile} and {deviated} lead to different states"
                            )
                        if self._field is not None:  # tidy once, at the end
                            # numerator/denominator terms: only the slack is cancelled
                            q = self._field_q_terms(name, profile, i) if q is None else q
                            other = self._field_q_terms(name, deviated, i)
                            difference = _difference(self._field, q, other)
                            if difference == 0:
                                continue
                            # conform and deviate are for reading: tidied when first read
                            if conform is None:
                                conform = self._later(q, name, profile, i)
                            deviate = self._later(other, name, deviated, i)
                            slack = self._tidy(difference)
                        else:
                            if conform is None:
                                conform = tidy(self._q(name, profile, i))
                            deviate = tidy(self._q(name, deviated, i))
                            slack = tidy(conform - deviate)
                            if slack == 0:
                                continue
                        on_path = name in self._on_path_states and (
                            node is None or node == self.prescribed(name)[0]
                        )
                        kind = _LazyConstraint if self._field is not None else Constraint
                        found.append(
                            kind(
                                name,
                                player,
                                profile[i],
                                alt,
                                slack,
                                node,
                                on_path,
                                conform,
                                deviate,
                                describe_constraint(
                                    player, name, profile[i], alt, node, self.players
                                ),
                            )
                        )
        return found
