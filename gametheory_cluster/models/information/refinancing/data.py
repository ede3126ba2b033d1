"""The numbers of the refinancing figures: termination and surplus against the exit cost.

Drawn by :func:`gametheory_cluster.plotting.information.plot_termination` and
:func:`~gametheory_cluster.plotting.information.plot_refinancing_welfare`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from ....errors import NoSolutionError
from ....figure_data import FigureData
from .model import EXAMPLE, Refinancing

__all__ = ["termination_data", "welfare_data"]


def termination_data(
    exit_costs: Sequence[Any] | None = None, model: Refinancing | None = None, **values: Any
) -> FigureData:
    """Termination probability and refinancing after a low report, against the exit cost.

    ``values`` default to :data:`EXAMPLE` (without ``C``; ``delta`` only with
    discounting). Exit costs at which no contract exists have ``financed`` False.

    Examples
    --------
    >>> data = termination_data([0, 20, 100])
    >>> data.columns["termination"], data.columns["welfare"]
    ([1/5, 1/8, 1/20], [36, 35, 34])
    >>> termination_data([0, 20, 100], Y_L=80).columns["financed"]
    [False, True, True]
    """
    model = model or Refinancing()
    base = {k: v for k, v in EXAMPLE.items() if k in model.parameters and k != "C"}
    base.update(values)
    grid = list(exit_costs) if exit_costs is not None else [sp.Integer(5 * j) for j in range(41)]
    cols: dict[str, list[Any]] = {"C": [], "financed": [], "beta_L": [], "termination": [],
                                  "welfare": []}
    for cost in grid:
        cols["C"].append(cost)
        try:
            contract = model.optimal_contract(**base, C=cost)
        except NoSolutionError:
            cols["financed"].append(False)
            for key in ("beta_L", "termination", "welfare"):
                cols[key].append(None)
            continue
        cols["financed"].append(True)
        cols["beta_L"].append(contract.beta_L)
        cols["termination"].append(contract.termination)
        cols["welfare"].append(contract.welfare)
    notes = dict(base) | {"min_exit_cost": model.min_exit_cost(**base),
                          "first_best": model.first_best(**base)}
    return FigureData(cols, title="Refinancing threat: termination against the exit cost",
                      notes=notes)


def welfare_data(
    exit_costs: Sequence[Any] | None = None,
    cases: Mapping[str, Mapping[str, Any]] | None = None,
    model: Refinancing | None = None,
) -> FigureData:
    """Termination and total surplus of the optimal contract against the exit cost, by case.

    ``cases`` maps a label to parameter values (without ``C``); by default the base
    case :data:`EXAMPLE` (``Y_L = 90``: Bolton–Scharfstein's contract exists at
    ``C = 0``) and the same with ``Y_L = 80`` (no loan below ``C = 55/6``). The
    bank breaks even, so the surplus is the SME's payoff. Columns ``C``, then
    ``termination (label)`` and ``welfare (label)`` (None where no contract exists).

    Examples
    --------
    >>> data = welfare_data([0, 10, 20])
    >>> data.columns["welfare (Y_L = 90)"], data.columns["welfare (Y_L = 80)"]
    ([36, 460/13, 35], [None, 367/13, 2095/77])
    """
    model = model or Refinancing()
    base = {k: v for k, v in EXAMPLE.items() if k in model.parameters and k != "C"}
    cases = cases if cases is not None else {
        "Y_L = 90": base, "Y_L = 80": {**base, "Y_L": 80}}
    grid = list(exit_costs) if exit_costs is not None else [sp.Integer(5 * j) for j in range(41)]
    cols: dict[str, list[Any]] = {"C": list(grid)}
    notes: dict[str, Any] = {}
    for label, values in cases.items():
        data = termination_data(grid, model, **values)
        cols[f"termination ({label})"] = data.columns["termination"]
        cols[f"welfare ({label})"] = data.columns["welfare"]
        notes[f"min_exit_cost ({label})"] = data.notes["min_exit_cost"]
        notes[f"first_best ({label})"] = data.notes["first_best"]
    return FigureData(cols, title="Refinancing threat: the exit cost and total surplus",
                      notes=notes)
