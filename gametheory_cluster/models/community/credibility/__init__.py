r"""Credible community punishment: do the punishers want to punish?

The source paper's central claim (产业集群与我国中小企业融资, *Industrial clusters and
the financing of China's small and medium-sized enterprises*, §2.2–2.3) is that a
cluster punishes a defaulter collectively. In
:class:`~gametheory_cluster.models.community.multilateral.ClusterPartners`,
:class:`~gametheory_cluster.models.community.networks.NetworkPunishment` and
``RepeatedLending(cluster_rent=True)`` the partners stop trading with a defaulter
*mechanically*; in Greif's :class:`~gametheory_cluster.models.community.greif.Coalition`
a cheater's rehiring probability is exogenous. Here the punishers get incentive
constraints of their own, derived on the engine, and :func:`credibility` reports
for each community model three sets of the discount factor (of the wage for Greif):

``mechanical``
    honest repayment when the punishment is imposed, as in the model;
``credible``
    honest repayment when only punishments the punishers want to carry out count
    (a punishment that is not credible is dropped, and the SME faces what is left);
``without``
    honest repayment when nobody but the cheated party punishes;

and ``not_credible``, where the punishers' own constraint fails. A punishment can
only add to the cheated party's, so ``without`` lies inside both other sets and
the credible threshold is never below the mechanical one.

Partners: punish the non-punisher
---------------------------------
Trade between cluster firms is paid on delivery (it needs no trust) and every tie
is worth :math:`s` per period to *both* firms (symmetric ties). A partner who
boycotts a defaulter therefore forgoes :math:`s` a period: punishing is costly.
It is kept up by a *standing* norm: firms shun anyone known to have defaulted or
to have traded with a known defaulter; firms in bad standing trade with each
other freely. A partner who resumes trading with the defaulter gains :math:`s` a
period for ever; the news that it did spreads once, by the model's own news
technology, and every partner that hears of it stops trading with it. With
:class:`PartnerBoycott` on the engine, the partner's constraint in the state
``boycott`` is

* ``news="independent"`` (:class:`ClusterPartners`: the SME and its :math:`N`
  partners all trade with each other; each of the partner's :math:`N-1` other
  partners hears w.p. :math:`q`):
  :math:`\big[\delta q (N-1) - 1\big] s / (1-\delta) \ge 0`, i.e.
  :math:`\delta \ge 1/(q(N-1))`: never with a single other partner to punish;
* ``news="public"`` (``RepeatedLending(cluster_rent=True)``: the rent :math:`s`
  comes from :math:`N` partners, :math:`s/N` each; the cluster hears w.p.
  :math:`q`, expels the partner — at the exit cost :math:`C` with
  ``exit_cost=True`` — and it loses the other partners' :math:`s(N-1)/N`);
* networks (:class:`NetworkPunishment`): the news that partner :math:`j` traded
  with the defaulter starts at :math:`j` and travels along the ties; :math:`j`
  keeps boycotting iff :math:`G_j(\delta) \ge 1`, where :math:`G_j` is the
  expected discounted number of :math:`j`'s partners who hear of it and punish.
  Only credible punishers count, so the set of punishers is the largest set
  :math:`S` in which every member's constraint holds when the members of
  :math:`S` are its punishers (found by deleting those whose constraint fails,
  until none does); the SME faces the partners in :math:`S`. The sets are
  found by bisection in :math:`\delta` on the exact chain of informed sets
  (evaluated in floats), so graphs are limited to what that chain can hold
  (about a dozen firms).

The same norm punishes the punishers of a non-punisher, so one condition covers
every level.

Lenders and merchants: Greif's logic
------------------------------------
A loan, or a merchant's goods in an agent's hands, needs trust. A lender (or
merchant) who shuns a known cheater gives up nothing if the cheater would cheat
it too (Greif 1993): the cheater has already lost the others' business, so it has
less to lose.

* :class:`MultilateralLending`: a lender who offered a known defaulter a
  *bilateral* relationship (lend while repaid) is repaid iff
  :math:`\delta \ge NR/(NR + Y - R - w)`, derived on the engine from that
  relationship (:func:`bilateral_deal`). Below it the lenders' refusal is
  credible; above it the SME repays under bilateral punishment anyway, so the
  credible threshold is the mechanical one.
* :class:`Coalition`: a merchant who hires a cheater at the wage :math:`W` is
  cheated iff :math:`W < W_c^*` (:meth:`Coalition.cheater_wage`). Never rehiring
  cheaters (``"multilateral"``) is a best response at every wage (strict below
  :math:`W_c^*`, a tie above). An exogenous :math:`0 < h_c < h_h`
  (``"partial"``) needs merchants indifferent, :math:`W \ge W_c^*(h_c)`.
* :class:`KandoriCommunity`: the punishers are infected players; their
  constraint is Kandori's off-path condition, already on the engine.

Examples
--------
>>> from fractions import Fraction
>>> from gametheory_cluster.models.community import ClusterPartners
>>> report = credibility(ClusterPartners(), N=3, q=Fraction(3, 4), s=20,
...                      Y=150, R=110, w=0, I=100)
>>> report.mechanical_threshold, report.credible_threshold
(22/39, 2/3)
>>> report.not_credible
Interval.open(0, 2/3)
"""

from .dispatch import credibility
from .lenders import bilateral_deal
from .network import _NetworkGame as _NetworkGame  # for the tests' second road
from .partners import NEWS, PartnerBoycott
from .region_map import REGIONS, credibility_region_data
from .verdict import Credibility

__all__ = [
    "NEWS",
    "REGIONS",
    "Credibility",
    "PartnerBoycott",
    "bilateral_deal",
    "credibility",
    "credibility_region_data",
]
