r"""Subgame-perfect equilibrium payoff sets of two-player repeated games, with or without states.

See docs/explanation/payoff_sets.md. One idea per module:

* :mod:`.geometry` — convex polygons that may be empty, a point or a segment;
* :mod:`.operator` — the Abreu–Pearce–Stacchetti (1990) operator on polygons, its outer
  iteration and the exact inner certificate;
* :mod:`.payoff_set` — the answer, :class:`PayoffSet`, from :func:`spe_payoffs` and
  :func:`spe_payoff_sets`;
* :mod:`.states` — games with states (:class:`GameWithStates`) and the lending game's
  cluster states (:func:`lending_game`, :func:`honest_payoff`);
* :mod:`.entry` — the δ at which a payoff enters the set (:func:`entry_threshold`) and
  the numbers of the isolated-vs-cluster figure (:func:`payoff_sets_data`, drawn by
  :mod:`gametheory_cluster.plotting.lending`).

Examples
--------
The prisoner's dilemma of QuantEcon's tests at :math:`\delta = 0.9`:

>>> from gametheory_cluster.payoff_sets import spe_payoffs
>>> pd = ([[9, 1], [10, 3]], [[9, 10], [1, 3]])
>>> V = spe_payoffs(pd, 0.9)
>>> sorted(V.vertices.round(6).tolist())
[[3.0, 3.0], [3.0, 9.75], [9.0, 9.0], [9.75, 3.0]]
>>> V.hausdorff_gap < 1e-6, V.shape
(True, 'polygon')

The one-shot lending game (bank Lend/Refuse, SME Repay/Default) at I=100, Y=150,
R=110, w=0 has only the punishment point below :math:`\delta = 11/15`:

>>> lending = ([[10, -100], [0, 0]], [[40, 150], [0, 0]])
>>> spe_payoffs(lending, 0.7).vertices.tolist(), spe_payoffs(lending, 0.8).dimension
([[0.0, 0.0]], 1)
"""

from .entry import EntryThreshold, entry_threshold, payoff_sets_data
from .payoff_set import PayoffSet, spe_payoff_sets, spe_payoffs
from .states import GameWithStates, honest_payoff, lending_game

__all__ = [
    "EntryThreshold",
    "GameWithStates",
    "PayoffSet",
    "entry_threshold",
    "honest_payoff",
    "lending_game",
    "payoff_sets_data",
    "spe_payoff_sets",
    "spe_payoffs",
]
