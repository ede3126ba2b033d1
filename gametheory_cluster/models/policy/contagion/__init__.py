r"""Guarantee networks (担保圈) and contagion: firms guaranteeing each other's loans.

The source paper recommends mutual guarantees among cluster firms (互保, 联保; §3.1
of 产业集群与我国中小企业融资, see papers/cluster_financing/README.md); chains and
circles of guarantees (担保链, 担保圈) also spread a local shock through a cluster. See
docs/explanation/contagion.md. The pieces: :mod:`.network` (:class:`GuaranteeNetwork`),
:mod:`.shapes` (who guarantees whom in the standard shapes), :mod:`.arrays` (the network
as exact or float arrays), :mod:`.fixed_point` (the exact cascade and its shock path),
:mod:`.symmetry` (orbits of shock sets), :mod:`.monte_carlo`, :mod:`.results` and
:mod:`.transition` (the phase transition, with its ties, and the default shapes).

Model
-----
Firms :math:`i = 1, \dots, n` each owe the bank a loan :math:`\ell_i > 0` and hold a
buffer :math:`e_i \ge 0` (equity: assets net of the loan). Firm :math:`i` guarantees a
share :math:`W_{ij} \ge 0` of the loss on firm :math:`j`'s loan (:math:`W_{ii} = 0`); the
loan of :math:`j` is covered in total by :math:`g_j = \sum_i W_{ij} \le 1`, the rest is
the bank's own risk. A shock :math:`s_i \ge 0` destroys part of firm :math:`i`'s assets.

When the loan of :math:`j` loses :math:`L_j`, the bank calls its guarantors: firm
:math:`i` owes :math:`c_i = \sum_j W_{ij} L_j`. A firm pays shock and calls out of its
buffer and **fails** when :math:`s_i + c_i > e_i`; the bank applies a failed firm's
assets first to the calls (claims nobody else guarantees) and the shortfall falls on
its own loan, up to the loan's size:

.. math::

    L = f(L), \qquad f(L) = \min\bigl(\ell,\ [\,s + W L - e\,]^{+}\bigr).

:math:`f` is monotone, so the round-by-round cascade :math:`L^0 = 0`,
:math:`L^{t+1} = f(L^t)` (each round the bank calls the guarantors of the loans that
failed in the previous round) increases to the least fixed point :math:`L^*`
(Tarski); that limit is *the cascade*. Failed firms:
:math:`F = \{i : s_i + (W L^*)_i > e_i\}`; the cascade size is :math:`|F|` and the group
*collapses* when :math:`F` is every firm. The bank loses
:math:`\sum_j (1 - g_j) L^*_j + \sum_i [\,c_i - (\ell_i + e_i - s_i)^{+}]^{+}` (its own
share of each loss, and calls a failed firm cannot pay).

With full coverage (:math:`g = 1`) this is the payment equilibrium of Acemoglu,
Ozdaglar and Tahbaz-Salehi (2015, AER 105(2)) in a regular network: a loan plays
their interbank liability :math:`y`, the guarantors' shares their creditors' shares
:math:`y_{ji}/y`, the buffer their :math:`a - v` (liquidation aside), and their
threshold :math:`\epsilon^* = n(a - v)` becomes :math:`n e` here.

Computing :math:`L^*` exactly
-----------------------------
The rounds may need infinitely many steps (losses circling a cycle of mutual
guarantees). The library uses a finite algorithm that only ever moves through
*sub-solutions* :math:`x \le f(x)` below :math:`L^*`, so it can never overshoot:

* a round :math:`L \leftarrow f(L)`;
* with the failed / capped firms fixed, the losses of the failed, uncapped firms
  :math:`U` solve the linear system :math:`(I - W_{UU}) x = s_U - e_U + W_{UC}\ell_C`;
  the segment from :math:`L` towards :math:`x` consists of sub-solutions up to the first
  point where a new firm fails or a loss reaches its loan, and the algorithm jumps
  there (or returns :math:`x` when the segment reaches it: then :math:`x = L^*`);
* a set :math:`K` of failed firms whose loans are fully guaranteed inside :math:`K`
  (:math:`I - W_{KK}` singular) conserves loss: its total grows by
  :math:`\rho = \mathbf 1^\top r_K` per round. When :math:`\rho > 0` some member must hit
  its loan cap, and the path :math:`x_p + \tau\pi` (:math:`\pi` the Perron vector of
  :math:`W_{KK}`) is a path of sub-solutions along which the algorithm jumps to the cap.

The same code runs on exact rationals (``int`` / ``Fraction`` / sympy ``Rational``
inputs: exact sympy answers), on floats (scipy.sparse; vectorised over many shock
scenarios), and on numbers :math:`\theta + \eta` with :math:`\eta` an infinitesimal,
which gives the exact shock sizes at which the cascade changes
(:meth:`GuaranteeNetwork.shock_path`).

Probabilities
-------------
Under independent shocks (each firm hit with probability :math:`p` by a shock of size
:math:`\epsilon`) the cascade size distribution is a sum over shock sets. The library
sums over *orbits* of shock sets under the network's symmetries: structurally
equivalent firms (swapping them is an automorphism) enter only through how many of
them are hit (complete and star groups: :math:`O(n)` cascades), and a rotation
:math:`i \mapsto i + t` gives necklaces (rings: about :math:`2^n / n` cascades). Large
networks use seeded, vectorised Monte Carlo with confidence intervals.

Acemoglu, D., A. Ozdaglar and A. Tahbaz-Salehi (2015). Systemic risk and stability
in financial networks. *American Economic Review* 105(2): 564–608.

Examples
--------
>>> from gametheory_cluster.models.policy.contagion import GuaranteeNetwork
>>> ring = GuaranteeNetwork.ring(6, buffer=1, loan=10)
>>> ring.cascade(firms=[0], size=4).size          # the loss 3 travels, each firm absorbs 1
3
>>> complete = GuaranteeNetwork.complete(6, buffer=1, loan=10)
>>> complete.cascade(firms=[0], size=4).size      # spread over 5 guarantors: absorbed
1
>>> complete.stability_curve().points             # one firm hit: 0, 1, then all 6 fail
(1, 6)
"""

from .monte_carlo import MonteCarloCascades
from .network import EXACT_LIMIT, GuaranteeNetwork
from .results import Absorption, Cascade, CascadeDistribution, ShockPath, StepCurve
from .symmetry import ENUMERATION_LIMIT
from .transition import PhaseTransition, default_shapes, guarantee_contagion_data, phase_transition

__all__ = [
    "ENUMERATION_LIMIT",
    "EXACT_LIMIT",
    "Absorption",
    "Cascade",
    "CascadeDistribution",
    "GuaranteeNetwork",
    "MonteCarloCascades",
    "PhaseTransition",
    "ShockPath",
    "StepCurve",
    "default_shapes",
    "guarantee_contagion_data",
    "phase_transition",
]
