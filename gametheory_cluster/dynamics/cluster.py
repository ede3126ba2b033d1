r"""The lending stage game with the cluster's mechanisms, and its replicator dynamics.

The stage game is :class:`~gametheory_cluster.models.lending.LendingGame` (with legal
recovery ``lam`` when switched on), changed by the mechanisms switched on:

=================  ==========================================  ==============================
outcome            bank                                        SME
=================  ==========================================  ==============================
Lend, Repay        :math:`R - I`                               :math:`Y - R - k`
Lend, Default      :math:`u_D + g\,(R - I - u_D)`,             :math:`Y - \lambda R - q\,(C + s)`
                   :math:`u_D = -I + \lambda R`
Refuse, Repay      :math:`0`                                   :math:`w - k`
Refuse, Default    :math:`0`                                   :math:`w`
=================  ==========================================  ==============================

``guarantee`` (``g``): a guarantor pays the bank a share :math:`g` of its shortfall
against a repaid loan, as in :class:`~gametheory_cluster.models.policy.GuaranteedLending`.
``detection`` (``q``): a default is found out with probability :math:`q` (without the
switch, always). ``exit_cost`` (``C``): a detected defaulter is forced out of the
cluster at cost :math:`C`. ``cluster_rent`` (``s``): it loses the cluster rent :math:`s`
of the round (for the capitalised loss of a rent lost for ever, pass
:math:`s\,\delta/(1-\delta)` as ``s``). ``credit_cost`` (``k``): an SME that repays keeps
its credit standing (audited accounts, disclosure) at cost :math:`k` each round, lent or
not. ``Y`` and ``w`` cancel from the dynamics. The advantages are

.. math::

    \Delta_B(y) = y\,(1-g)(1-\lambda)R - \big(I - \lambda R - g(1-\lambda)R\big), \qquad
    \Delta_S(x) = x\,\big(q(C+s) - (1-\lambda)R\big) - k .

Raising :math:`C, s, q` raises the SMEs' advantage, :math:`g` the banks', :math:`\lambda`
both; :math:`k` lowers the SMEs' (see :mod:`.basins` for what this does to the basin
of (Lend, Repay)).

See docs/explanation/dynamics.md and docs/explanation/repeated_lending.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from ..errors import ModelError
from ..games import StageGame
from ..models.lending.mechanisms import switches
from ..models.lending.stage import BANK_ACTIONS, SME_ACTIONS, LendingGame
from ..parameters import symbol
from .replicator import ReplicatorDynamics

__all__ = ["MECHANISMS", "LendingDynamics", "cluster_stage_game"]

#: :class:`LendingDynamics` switches and the parameter each one brings in.
MECHANISMS: Mapping[str, str] = switches(
    "recovery", "guarantee", "exit_cost", "cluster_rent", "detection", "credit_cost")


def cluster_stage_game(
    *,
    recovery: bool = False,
    guarantee: bool = False,
    exit_cost: bool = False,
    cluster_rent: bool = False,
    detection: bool = False,
    credit_cost: bool = False,
) -> StageGame:
    """The lending stage game with the cluster's mechanisms (see the module docstring).

    Built from :class:`~gametheory_cluster.models.lending.LendingGame`; with no switch on
    it is that game.

    Examples
    --------
    >>> print(cluster_stage_game(exit_cost=True, credit_cost=True))
    bank (rows) vs SME (columns)
           | Repay              | Default
    Lend   | -I + R, -R + Y - k | -I, -C + Y
    Refuse | 0, -k + w          | 0, w
    """
    flags = dict(recovery=recovery, guarantee=guarantee, exit_cost=exit_cost,
                 cluster_rent=cluster_rent, detection=detection, credit_cost=credit_cost)
    for name, flag in flags.items():
        if not isinstance(flag, bool):
            raise ModelError(f"{name} must be True or False, not {flag!r}")

    def param(switch: str, off: Any) -> Any:
        return symbol(MECHANISMS[switch]) if flags[switch] else sp.sympify(off)

    base = LendingGame(recovery=recovery)  # brings in lam
    A, B = base.A.as_mutable(), base.B.as_mutable()
    repaid, g = A[0, 0], param("guarantee", 0)
    for j in range(2):  # the guarantor pays a share g of the shortfall against a repaid loan
        A[0, j] = A[0, j] + g * (repaid - A[0, j])
    taken = param("detection", 1) * (param("exit_cost", 0) + param("cluster_rent", 0))
    B[0, 1] = B[0, 1] - taken
    for i in range(2):  # repaying SMEs keep their credit standing, lent or not
        B[i, 0] = B[i, 0] - param("credit_cost", 0)
    return StageGame(A, B, row_actions=BANK_ACTIONS, col_actions=SME_ACTIONS,
                     players=("bank", "SME"))


class LendingDynamics(ReplicatorDynamics):
    """Banks (Lend/Refuse) against SMEs (Repay/Default) with the cluster's mechanisms.

    Parameters
    ----------
    recovery, guarantee, exit_cost, cluster_rent, detection, credit_cost : bool
        Switch a mechanism on (see the module docstring and :data:`MECHANISMS`).

    Examples
    --------
    >>> LendingDynamics(exit_cost=True, detection=True).advantages
    (-I + R*y, C*q*x - R*x)
    """

    def __init__(self, *, recovery: bool = False, guarantee: bool = False,
                 exit_cost: bool = False, cluster_rent: bool = False,
                 detection: bool = False, credit_cost: bool = False) -> None:
        self.switches = dict(recovery=recovery, guarantee=guarantee, exit_cost=exit_cost,
                             cluster_rent=cluster_rent, detection=detection,
                             credit_cost=credit_cost)
        super().__init__(cluster_stage_game(**self.switches))

    def __repr__(self) -> str:
        on = ", ".join(f"{k}=True" for k, v in self.switches.items() if v)
        return f"LendingDynamics({on})"
