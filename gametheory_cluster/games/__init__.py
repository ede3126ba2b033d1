r"""Stage games: bimatrix games with symbolic payoffs, all their equilibria, and game trees.

A *stage game* here is a two-player game in normal form — a pair of :math:`m \times n`
payoff matrices :math:`(A, B)` for the row and the column player — whose payoffs are
numbers or sympy expressions in named parameters (a name from the parameter table
takes the table's symbol and domain). It is the one-shot game that a repeated game
plays every period; the one-shot lending game is one.

:class:`StageGame` finds **every** Nash equilibrium, exactly, and says how they hang
together: the extreme equilibria, the maximal Nash subsets
:math:`\operatorname{conv} X \times \operatorname{conv} Y` and the connected
components of the equilibrium set, in an :class:`EquilibriumSet` (degenerate games
included; Avis, Rosenberg, Savani & von Stengel 2010, *Economic Theory* 42:9–37). A
2×2 game with free parameters is solved symbolically, one :class:`Case` per
parameter region, in a :class:`PiecewiseEquilibria`. A :class:`GameTree` is a finite
game with perfect information, solved by backward induction; all subgame-perfect
equilibria are returned when there are ties.

The pieces:

* :mod:`~gametheory_cluster.games.normal_form` — :class:`StageGame`;
* :mod:`~gametheory_cluster.games.results` — :class:`Equilibrium`, :class:`NashSubset`,
  :class:`Component`, :class:`EquilibriumSet`;
* :mod:`~gametheory_cluster.games.enumeration` — exact vertex enumeration of the
  best-response polytopes, components and maximal Nash subsets;
* :mod:`~gametheory_cluster.games.two_by_two` — :class:`PiecewiseEquilibria`,
  :class:`Case`;
* :mod:`~gametheory_cluster.games.trees` — :class:`GameTree`, :class:`Decision`,
  :class:`Chance`, :class:`Leaf` (chance moves, information sets, any number of players);
* :mod:`~gametheory_cluster.games.backward` — backward induction,
  :class:`SubgamePerfectEquilibrium`;
* :mod:`~gametheory_cluster.games.strategic` — the reduced strategic form;
* :mod:`~gametheory_cluster.games.behaviour` — behaviour strategies, beliefs;
* :mod:`~gametheory_cluster.games.tree_equilibria` — all Nash equilibria and
  subgame-perfect equilibria of two-player trees;
* :mod:`~gametheory_cluster.games.sequence_form` — one equilibrium by Lemke's algorithm;
* :mod:`~gametheory_cluster.games.n_player` — :class:`NormalFormGame`, pure equilibria
  of n-player games;
* :mod:`~gametheory_cluster.games.signaling` — :class:`SignalingGame`, perfect Bayesian
  equilibria and their refinements;
* :mod:`~gametheory_cluster.games.reputation_solver` — the sequential equilibrium of a
  long-run player of unknown type facing short-run players (Kreps–Wilson reputation).

See docs/explanation/stage_games.md for the mathematics.

Examples
--------
>>> from gametheory_cluster.games import StageGame
>>> game = StageGame([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                  row_actions=("C", "D"), col_actions=("C", "D"))
>>> print(game.equilibria())
Nash equilibria of a non-degenerate 2×2 game (row: C, D; column: C, D)
1 extreme equilibrium in 1 component
  component 1: {D} × {D}
    (D, D) payoffs (1, 1)
"""

from __future__ import annotations

from .backward import SubgamePerfectEquilibrium
from .behaviour import BehaviourEquilibrium, TreeEquilibria
from .beliefs import BeliefSet
from .n_player import NormalFormGame, PureEquilibrium
from .normal_form import StageGame
from .results import Component, Equilibrium, EquilibriumSet, NashSubset
from .signaling import SignalingEquilibria, SignalingEquilibrium, SignalingGame
from .strategic import StrategicForm
from .trees import Chance, Decision, GameTree, InformationSet, Leaf
from .two_by_two import Case, PiecewiseEquilibria

__all__ = [
    "BehaviourEquilibrium",
    "BeliefSet",
    "Case",
    "Chance",
    "Component",
    "Decision",
    "Equilibrium",
    "EquilibriumSet",
    "GameTree",
    "InformationSet",
    "Leaf",
    "NashSubset",
    "NormalFormGame",
    "PiecewiseEquilibria",
    "PureEquilibrium",
    "SignalingEquilibria",
    "SignalingEquilibrium",
    "SignalingGame",
    "StageGame",
    "StrategicForm",
    "SubgamePerfectEquilibrium",
    "TreeEquilibria",
]
