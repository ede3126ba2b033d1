"""Community enforcement: many lenders, cluster partners, contagion, coalitions, networks.

See docs/explanation/community.md (many lenders and partners, Kandori's contagion,
Greif's coalition, grim trigger against exclusion for T periods) and
docs/explanation/networks.md (news of a default travelling
along the cluster's ties).
"""

from .credibility import Credibility, PartnerBoycott, credibility
from .detection import Detection
from .exclusion import grim_vs_exclusion
from .greif import Coalition, rent_isolated_vs_cluster
from .kandori import ContagionThresholds, KandoriCommunity
from .matching import mixed_pairs
from .multilateral import ClusterPartners, MultilateralLending, ThresholdPair
from .networks import NetworkPunishment
from .shapes import SHAPES, network_shapes

__all__ = [
    "SHAPES",
    "ClusterPartners",
    "Coalition",
    "ContagionThresholds",
    "Credibility",
    "Detection",
    "KandoriCommunity",
    "MultilateralLending",
    "NetworkPunishment",
    "PartnerBoycott",
    "ThresholdPair",
    "credibility",
    "grim_vs_exclusion",
    "mixed_pairs",
    "network_shapes",
    "rent_isolated_vs_cluster",
]
