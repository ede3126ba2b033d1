r"""Evolutionary dynamics of banks and SMEs: two-population replicator dynamics.

See docs/explanation/dynamics.md. One idea per module:

* :mod:`.replicator` — the replicator field of a 2×2 stage game, its Jacobian, ESS
  conditions and thresholds, the constant of motion (:class:`ReplicatorDynamics`);
* :mod:`.rest_points` — rest points and their linear stability, derived exactly;
* :mod:`.integrator` — Runge–Kutta in log-odds for many starts at once;
* :mod:`.basins` — where orbits end, and the sign of each parameter's effect on the
  basin of (1, 1);
* :mod:`.cluster` — the lending stage game with the cluster's mechanisms
  (:func:`cluster_stage_game`, :class:`LendingDynamics`);
* :mod:`.portrait` — the numbers of a phase portrait (drawn by
  :mod:`gametheory_cluster.plotting.dynamics`).

Examples
--------
>>> from fractions import Fraction
>>> model = LendingDynamics(recovery=True, guarantee=True, exit_cost=True,
...                         cluster_rent=True, detection=True, credit_cost=True)
>>> point = dict(I=100, R=110, lam=Fraction(3, 10), g=Fraction(1, 2), q=Fraction(1, 2),
...              C=200, s=20, k=3)
>>> print(model.rest_points(**point))
rest point         x     y      eigenvalues                        stability
(Lend, Repay)      1     1      -10, -30                           ESS
(Lend, Default)    1     0      57/2, 30                           source
(Refuse, Repay)    0     1      10, 3                              source
(Refuse, Default)  0     0      -57/2, -3                          ESS
interior           1/11  57/77  -30*sqrt(133)/77, 30*sqrt(133)/77  saddle
>>> model.ess_condition()
(-I + R > 0) & (C*q + R*lam - R - k + q*s > 0)
>>> round(model.basin(resolution=101, **point).share, 3)
0.631
"""

from .basins import Basin, BasinEffect
from .cluster import MECHANISMS, LendingDynamics, cluster_stage_game
from .integrator import Trajectories
from .portrait import phase_portrait_data
from .replicator import ReplicatorDynamics, X, Y
from .rest_points import STABILITY, RestPoint, RestPoints

__all__ = [
    "MECHANISMS",
    "STABILITY",
    "Basin",
    "BasinEffect",
    "LendingDynamics",
    "ReplicatorDynamics",
    "RestPoint",
    "RestPoints",
    "Trajectories",
    "X",
    "Y",
    "cluster_stage_game",
    "phase_portrait_data",
]
