"""Policy instruments: guarantees, the main bank, levers, joint liability, guarantee networks.

The recommendations of the source paper (§3 of 产业集群与我国中小企业融资; see
papers/cluster_financing/README.md) as models whose answers are derived from their
primitives. See docs/explanation/policy.md (guarantees, joint liability, the main bank,
the levers) and docs/explanation/contagion.md (guarantee networks).

* :mod:`.guarantee` — :class:`CreditGuarantee` on one loan (coverage, fair fee,
  monitoring cap) and :class:`GuaranteedLending` in the repeated game;
* :mod:`.main_bank` — :class:`MainBank` (Petersen & Rajan 1995);
* :mod:`.levers` — :func:`rank_levers`: registry, law, capital markets;
* :mod:`.repayment_game` — :class:`RepaymentGame` (Besley & Coate 1995);
* :mod:`.joint_liability` — :class:`JointLiabilityScreening` (Ghatak 2000);
* :mod:`.peer_monitoring` — :class:`PeerMonitoring` (Stiglitz 1990);
* :mod:`.contagion` — :class:`GuaranteeNetwork` and :func:`phase_transition`
  (Acemoglu, Ozdaglar & Tahbaz-Salehi 2015).

Their figures are drawn by :mod:`gametheory_cluster.plotting.policy`.
"""

from .contagion import GuaranteeNetwork, default_shapes, phase_transition
from .guarantee import CreditGuarantee, FeeSplit, GuaranteedLending
from .joint_liability import JointLiabilityScreening, SeparatingContracts
from .levers import LeverEffect, LeverRanking, rank_levers
from .main_bank import MainBank
from .peer_monitoring import PeerMonitoring
from .repayment_game import RepaymentGame

__all__ = [
    "CreditGuarantee",
    "FeeSplit",
    "GuaranteeNetwork",
    "GuaranteedLending",
    "JointLiabilityScreening",
    "LeverEffect",
    "LeverRanking",
    "MainBank",
    "PeerMonitoring",
    "RepaymentGame",
    "SeparatingContracts",
    "default_shapes",
    "phase_transition",
    "rank_levers",
]
