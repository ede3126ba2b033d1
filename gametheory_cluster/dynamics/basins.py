r"""Basins of attraction: where orbits from a grid of starts end, and what moves the basin.

:meth:`ReplicatorDynamics.basin <gametheory_cluster.dynamics.ReplicatorDynamics.basin>`
follows the orbit from each start of a grid and reports its limit (:class:`Basin`);
:meth:`~gametheory_cluster.dynamics.ReplicatorDynamics.basin_effects` signs the effect
of each parameter on the basin of :math:`(1, 1)` (:class:`BasinEffect`).

*The basin of (Lend, Repay).* When :math:`a_1 \ge 0` and :math:`b_1 \ge 0` the system
is cooperative, and by Kamke's comparison theorem (Smith 1995, *Monotone Dynamical
Systems*, ch. 3) raising both advantages pointwise keeps every orbit above the old
one, so the basin of :math:`(1, 1)` can only grow. ``basin_effects`` derives, for each
parameter, the sign of its effect on both advantages over the whole square (each
advantage is linear in the other share, so the signs at the two ends decide).

See docs/explanation/dynamics.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

__all__ = ["Basin", "BasinEffect"]


@dataclass(frozen=True)
class Basin:
    """Where orbits from a grid of initial conditions end up.

    ``limit_x[i, j]`` is 1 (the share ``x`` tends to 1), -1 (to 0) or 0 (neither: the
    orbit ends on a line of rest points, at an interior point, or cycles) for the
    start ``(x[i], y[j])``; likewise ``limit_y``. ``labels`` names the corners.
    """

    x: np.ndarray
    y: np.ndarray
    limit_x: np.ndarray
    limit_y: np.ndarray
    labels: Mapping[tuple[int, int], str]

    @property
    def share(self) -> float:
        """The share of starts that end at the corner (1, 1): (Lend, Repay)."""
        return float(np.mean((self.limit_x == 1) & (self.limit_y == 1)))

    @property
    def shares(self) -> dict[str, float]:
        """The share of starts ending at each corner, and ``"other"`` for the rest."""
        out = {label: float(np.mean((self.limit_x == cx) & (self.limit_y == cy)))
               for (cx, cy), label in self.labels.items()}
        out["other"] = 1.0 - sum(out.values())
        return out

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}: {v:.3f}" for k, v in self.shares.items() if v)
        return f"Basin({self.limit_x.size} starts; {parts})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the grid, the limits and the shares."""
        return {"x": self.x.tolist(), "y": self.y.tolist(), "limit_x": self.limit_x.tolist(),
                "limit_y": self.limit_y.tolist(), "shares": self.shares}


@dataclass(frozen=True)
class BasinEffect:
    """How raising one parameter moves the two advantages and the basin of (1, 1).

    ``row`` and ``column`` are 1 (the advantage rises everywhere on the square), -1
    (falls), 0 (no effect) or ``None`` (mixed, or not proved). ``verdict`` is
    ``"enlarges"``, ``"shrinks"``, ``"no effect"`` or ``"ambiguous"``; it holds where
    ``requires`` (the system is cooperative) does.
    """

    parameter: str
    row: int | None
    column: int | None
    verdict: str
    requires: Any = sp.true

    def __str__(self) -> str:
        marks = {1: "+", -1: "-", 0: "0", None: "?"}
        where = "" if self.requires is sp.true else f" where {sp.sstr(self.requires)}"
        return (f"{self.parameter}: row advantage {marks[self.row]}, column advantage "
                f"{marks[self.column]}; {self.verdict} the basin{where}")

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"parameter": self.parameter, "row": self.row, "column": self.column,
                "verdict": self.verdict, "requires": sp.sstr(self.requires)}
