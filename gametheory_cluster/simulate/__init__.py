r"""A seeded, vectorised simulation of a cluster population borrowing over time.

See docs/explanation/networks.md.

Definitions
-----------
``F`` firms, firm :math:`i` with its own discount factor :math:`\delta_i` drawn
from a distribution, each borrow from a bank that follows the automaton of a
:class:`~gametheory_cluster.models.lending.RepeatedLending` model:
lend in good standing, refuse a detected defaulter (for ever, or for ``T``
periods), with the model's mechanisms — exit cost ``C`` and cluster rent ``s``
for members (a detected defaulter leaves the cluster), detection probability
``q``, project success probability ``pi`` (a failed project defaults
involuntarily), survival probability ``p`` of the relationship.

*Behaviour.* In each state where the bank lends (``honest``, and ``honest_out``
for a firm readmitted outside the cluster) firm :math:`i` defaults when the
model's one-shot-deviation constraint there fails at :math:`\delta_i`: the
slack the engine derived, lambdified once and evaluated for every firm. A firm
with :math:`\delta_i` at or above the SME's :math:`\delta^*` (the threshold of
its constraints) therefore never defaults on purpose. (With a single lending
state this is the firm's optimal policy: a profitable one-shot deviation from
"always repay" makes "always default" better, by policy improvement.)

*Dynamics.* Each firm is a Markov chain on the model's states (exclusion
unrolled into ``T`` periods); every period one outcome is drawn per firm —
repay, strategic or involuntary default, detected or not, relationship ending
or not — from a table built once, and the chain moves on. The same table
propagated exactly gives the prediction: the expected default rate
per period given the firms' types.

*Banks.* With ``lending="all"`` (the default) banks lend to every firm in good
standing, whatever its patience: the firms' behaviour is then the SMEs' best
responses to a fixed lending rule, not an equilibrium of the population — in
the source paper's figure 6 two thirds of the firms default and a first loan
loses about 63 of its principal of 100. With ``lending="break_even"`` banks see
a firm's standing (its state) and the period, not its patience, and lend to a
pool only while a loan to it breaks even in expectation; with certain projects
and no recovery that is a defaulters' share of at most :math:`(R - I)/R`. The
banks' profits (:meth:`SimulationResult.bank_profit`, the exact
:meth:`SimulationResult.predicted_bank_profit`, the profit of a loan to each pool
:attr:`SimulationResult.pool_profit`) are reported for both rules, and
:attr:`SimulationResult.is_equilibrium` says whether banks and firms are mutual
best responses.

*Randomness.* Firms are split into fixed chunks; chunk ``k`` uses the ``k``-th
child of ``SeedSequence(rng).spawn``, so the result is the same whatever
``executor`` runs the chunks.

One idea a module:

* :mod:`~gametheory_cluster.simulate.chain` — the firm's Markov chain as outcome
  tables, and its behaviour type from its patience;
* :mod:`~gametheory_cluster.simulate.sampler` — the vectorised step: a chunk of
  firms draws its outcomes at once;
* :mod:`~gametheory_cluster.simulate.banks` — the exact propagation and the banks'
  break-even rule;
* :mod:`~gametheory_cluster.simulate.result` — :class:`SimulationResult` and its
  figure data;
* :mod:`~gametheory_cluster.simulate.run` — :func:`simulate_cluster`: draws,
  chunks, seeds and executors.

Examples
--------
>>> from fractions import Fraction
>>> import gametheory_cluster as gc
>>> from scipy import stats
>>> model = gc.RepeatedLending(detection=True)
>>> result = simulate_cluster(model, 2000, 50, delta_dist=stats.uniform(0.5, 0.5), rng=1,
...                           Y=150, R=110, w=0, q=Fraction(1, 2))
>>> result.threshold
11/13
>>> bool(result.strategic[result.delta >= 11 / 13].sum() == 0)
True
>>> lo, hi = result.confidence_interval()
>>> bool(lo <= result.predicted_default_rate <= hi)
True
"""

from __future__ import annotations

from .banks import LENDING_RULES
from .chain import EVENTS, FirmChain, firm_chain
from .result import SimulationResult, simulation_data
from .run import simulate_cluster

__all__ = [
    "EVENTS",
    "LENDING_RULES",
    "FirmChain",
    "SimulationResult",
    "firm_chain",
    "simulate_cluster",
    "simulation_data",
]
