"""The cluster's mechanisms as model switches, and the parameter each one brings in.

The repeated lending game (:class:`~gametheory_cluster.models.lending.RepeatedLending`)
and the lending dynamics (:class:`~gametheory_cluster.dynamics.LendingDynamics`) switch
mechanisms on by name; a name stands for the same mechanism, with the same parameter of
:data:`gametheory_cluster.parameters.PARAMETERS`, in every model that offers it.

Examples
--------
>>> switches("exit_cost", "detection")
{'exit_cost': 'C', 'detection': 'q'}
"""

from __future__ import annotations

from ...parameters.data import SWITCHES as PARAMETER_OF  # every switch and its parameter

__all__ = ["PARAMETER_OF", "switches"]


def switches(*names: str) -> dict[str, str]:
    """The switches ``names``, in that order, each with its parameter."""
    return {name: PARAMETER_OF[name] for name in names}
