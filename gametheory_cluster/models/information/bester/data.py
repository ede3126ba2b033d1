"""The numbers of Bester's figures: the (C, R) plane and the rationing of a poor SME.

Drawn by :func:`gametheory_cluster.plotting.information.plot_screening` and
:func:`~gametheory_cluster.plotting.information.plot_wealth_rationing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from ....algebra import plain
from ....errors import DomainError, SolveError
from ....figure_data import FigureData
from .._credit_algebra import COLLATERAL
from .model import Bester

__all__ = ["screening_data", "wealth_rationing_data"]


def screening_data(model: Bester, *, collateral_max: Any = None, points: int = 200) -> FigureData:
    """The numbers behind :func:`.plot_screening` (numbers needed)."""
    sep = model.separating()
    eq = model.equilibrium()
    low, high = sep.contracts["low"], sep.contracts["high"]
    cmax = (
        float(collateral_max)
        if collateral_max is not None
        else 1.4 * max(float(low.collateral), 1e-9)
    )
    cs = np.linspace(0, cmax, points)
    lines = {
        "zero profit (low)": model.zero_profit_line("low"),
        "zero profit (high)": model.zero_profit_line("high"),
        "indifference (high)": model.indifference_curve("high", high),
        "indifference (low)": model.indifference_curve("low", low),
    }
    if not model.values["low_share"].free_symbols:
        lines["zero profit (pooled)"] = model.zero_profit_line("pooled")
    columns: dict[str, list[Any]] = {"C": cs.tolist()}
    for label, expr in lines.items():
        if expr.free_symbols - {COLLATERAL}:
            raise SolveError("the screening figure needs numbers for every parameter")
        f = sp.lambdify(COLLATERAL, expr, "numpy")
        columns[label] = np.broadcast_to(np.asarray(f(cs), dtype=float), cs.shape).tolist()
    notes: dict[str, Any] = {"low": low.to_dict(), "high": high.to_dict()}
    if not model.values["low_share"].free_symbols:
        check = model.rothschild_stiglitz()
        notes["rothschild_stiglitz"] = check.holds
        notes["best pooling deviation"] = None if check.deviation is None else (
            check.deviation.to_dict())
        notes["max low share"] = plain(model.max_low_share())
    if eq.wealth_constrained:
        notes["wealth"] = plain(model.wealth)
        notes["rationed (low)"] = plain(eq.rationed)
        notes["capped (low)"] = eq.contracts["low"].to_dict()
    return FigureData(columns, title="Screening with collateral: the (C, R) plane", notes=notes)


def wealth_rationing_data(model: Bester, wealths: Sequence[float]) -> FigureData:
    """The low-risk SME's chance of credit, its collateral and repayment, against its wealth.

    Below the separating collateral the SME posts all it has and is granted credit with
    the probability that keeps the high-risk type from mimicking; above it, it always
    gets the separating contract. The credit probability is derived once, with the
    wealth symbolic, and evaluated over the grid.
    """
    grid = np.asarray(wealths, dtype=float)
    if grid.size == 0 or np.any(~np.isfinite(grid)) or np.any(grid < 0):
        raise DomainError("wealths must be finite and nonnegative")
    low = model.separating().contracts["low"]
    needed = float(low.collateral)
    w = sp.Symbol("W", nonnegative=True)
    capped, prob = model._capped(w)
    functions = [sp.lambdify(w, e, "numpy") for e in (prob, capped.repayment)]
    if any(e.free_symbols - {w} for e in (prob, sp.sympify(capped.repayment))):
        raise SolveError("the rationing figure needs numbers for every parameter")
    short = grid < needed
    credit = np.where(short, np.broadcast_to(functions[0](grid), grid.shape), 1.0)
    repayment = np.where(
        short, np.broadcast_to(functions[1](grid), grid.shape), float(low.repayment)
    )
    columns = {
        "W": grid.tolist(),
        "credit probability (low)": credit.tolist(),
        "collateral (low)": np.minimum(grid, needed).tolist(),
        "repayment (low)": repayment.tolist(),
    }
    notes = {
        "separating collateral": plain(low.collateral),
        "separating repayment": plain(low.repayment),
    }
    return FigureData(columns, title="Rationing of a wealth-constrained low-risk SME", notes=notes)
