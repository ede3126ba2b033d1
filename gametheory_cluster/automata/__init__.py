r"""Repeated games whose strategies are automata: values and one-shot-deviation constraints.

Definitions
-----------
A *repeated game with an automaton* has players :math:`i = 1, \dots, n`, action sets
:math:`A_i`, a finite set of states :math:`S` with an initial state, and in every
state :math:`s` a prescribed action profile :math:`a^*(s)`. For every state and action
profile :math:`a`, *outcomes* list what can happen (nature's draws): a probability,
the period payoffs :math:`u(s, a)` and the next state. With discount factor
:math:`\delta`, the players' values solve

.. math:: V(s) = \mathbb{E}\,[\,u(s, a^*(s)) + \delta\, V(s')\,]

— a linear system, solved here exactly (sympy, by strongly connected components)
or numerically. A *timed phase* is a state that lasts ``duration`` periods (a
number or a symbol such as ``T``) and then moves to ``then``; its transitions may
not react to actions, so its one-shot deviations compare period payoffs only.

By the one-shot deviation principle the profile is a subgame-perfect equilibrium
iff no player gains from deviating once, in any state, and conforming afterwards.
:meth:`RepeatedGame.constraints` derives every such inequality as a *slack*
:math:`Q_i(s, a^*) - Q_i(s, a_i', a^*_{-i}) \ge 0`. With ``timing="sequential"``
the first player moves first and the second player's constraints are checked at
the node after **every** first-player action (subgame perfection of the stage
game's tree), not only on the path.

The modules of the package, one idea each:

:mod:`~gametheory_cluster.automata.automaton`
    the parts: :class:`State` and :class:`Outcome`.
:mod:`~gametheory_cluster.automata.game`
    :class:`RepeatedGame`: the definition, checked, and the questions it answers.
:mod:`~gametheory_cluster.automata.values`
    the exact values, block by block of the transition graph.
:mod:`~gametheory_cluster.automata.polynomial`
    the same values in the field of rational functions (the fast path).
:mod:`~gametheory_cluster.automata.deviations`
    every one-shot deviation constraint, derived.
:mod:`~gametheory_cluster.automata.constraints`
    :class:`Constraint` and :class:`Certificate` (the check at a point).
:mod:`~gametheory_cluster.automata.words`
    a constraint in words.

Examples
--------
Grim trigger in the bank–SME lending game (bank moves first):

>>> import sympy as sp
>>> from gametheory_cluster.automata import Outcome, RepeatedGame, State
>>> from gametheory_cluster.parameters import symbols
>>> I, Y, R, w = symbols("I Y R w")
>>> stage = {("Lend", "Repay"): (R - I, Y - R), ("Lend", "Default"): (-I, Y),
...          ("Refuse", "Repay"): (0, w), ("Refuse", "Default"): (0, w)}
>>> def outcomes(state, profile):
...     default = state == "punished" or profile == ("Lend", "Default")
...     return [Outcome(stage[profile], "punished" if default else "honest")]
>>> game = RepeatedGame(
...     players=("bank", "sme"),
...     actions={"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")},
...     states=[State("honest", {"bank": "Lend", "sme": "Repay"}),
...             State("punished", {"bank": "Refuse", "sme": "Default"})],
...     outcomes=outcomes, timing="sequential")
>>> game.values()["honest"]
((-I + R)/(1 - delta), (-R + Y)/(1 - delta))
>>> for c in game.constraints():
...     print(c)
bank in honest: Lend over Refuse: -I + R >= 0
sme in honest after Lend: Repay over Default: (-R + Y*delta - delta*w)/(1 - delta) >= 0
bank in punished: Refuse over Lend: I >= 0
sme in punished after Lend: Default over Repay: R >= 0
"""

from .automaton import Outcome, State
from .constraints import Certificate, Constraint
from .game import RepeatedGame
from .words import ACTION_WORDS as ACTION_WORDS
from .words import NODE_WORDS as NODE_WORDS
from .words import PLAYER_WORDS as PLAYER_WORDS
from .words import STATE_WORDS as STATE_WORDS
from .words import describe_constraint as describe_constraint

__all__ = ["Certificate", "Constraint", "Outcome", "RepeatedGame", "State"]
