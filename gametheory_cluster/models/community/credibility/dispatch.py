"""Which check :func:`credibility` runs: one per community model family.

See the package docstring, :mod:`gametheory_cluster.models.community.credibility`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ....errors import ModelError
from ...lending.repeated import RepeatedLending
from ..greif import Coalition
from ..kandori import KandoriCommunity
from ..multilateral import ClusterPartners, MultilateralLending
from ..networks import NetworkPunishment
from .contagion import _contagion
from .lenders import _coalition, _lenders
from .network import _network
from .partners import _cluster_rent, _partners
from .verdict import Credibility

__all__ = ["credibility"]

#: The model families :func:`credibility` checks, in the order it tries them.
_CHECKS: tuple[tuple[type, Callable[[Any, Mapping[str, Any]], Credibility]], ...] = (
    (ClusterPartners, _partners),
    (RepeatedLending, _cluster_rent),
    (NetworkPunishment, _network),
    (MultilateralLending, _lenders),
    (Coalition, _coalition),
    (KandoriCommunity, _contagion),
)


def credibility(model: Any, **values: Any) -> Credibility:
    """Mechanical vs self-enforcing punishment for a community model at a parameter point.

    Parameters
    ----------
    model : ClusterPartners, RepeatedLending, NetworkPunishment, MultilateralLending, \
Coalition or KandoriCommunity
        The community model (``RepeatedLending`` needs ``cluster_rent=True``).
    **values
        Every parameter but the one the sets are in (``delta``; ``W`` for
        :class:`Coalition`), as numbers. ``RepeatedLending`` also needs ``N``, the
        number of partners its rent ``s`` comes from. ``NetworkPunishment`` takes
        ``r`` and, optionally, ``tol`` (precision of its numeric thresholds).

    Returns
    -------
    Credibility

    Examples
    --------
    >>> from fractions import Fraction
    >>> import gametheory_cluster as gc
    >>> out = credibility(gc.RepeatedLending(cluster_rent=True), N=4, s=200, Y=150, R=110,
    ...                   w=0, I=100)
    >>> out.mechanical_threshold, out.credible_threshold
    (11/35, 1/3)
    """
    for family, check in _CHECKS:
        if isinstance(model, family):
            return check(model, values)
    raise ModelError(
        "credibility needs a community model: ClusterPartners, RepeatedLending(cluster_rent=True), "
        f"NetworkPunishment, MultilateralLending, Coalition or KandoriCommunity, "
        f"not {type(model).__name__}"
    )
