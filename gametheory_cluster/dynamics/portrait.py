r"""The numbers of a phase portrait: orbits, rest points and the basin of (1, 1), in long form.

:func:`phase_portrait_data` follows a few orbits (the field divided by its length, so
each orbit is drawn at an even pace), lists the rest points with their stability and
the lines of rest points, and classifies a grid of starts by the corner their orbit
reaches. :func:`gametheory_cluster.plotting.dynamics.plot_phase_portrait` draws it.

See docs/explanation/dynamics.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from ..figure_data import FigureData
from .integrator import _shares, _sigmoid
from .replicator import ReplicatorDynamics

__all__ = ["phase_portrait_data"]


def _default_starts() -> tuple[np.ndarray, np.ndarray]:
    grid = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    gx, gy = np.meshgrid(grid, grid, indexing="ij")
    return gx.ravel(), gy.ravel()


def phase_portrait_data(
    dynamics: ReplicatorDynamics,
    starts: tuple[Sequence[float], Sequence[float]] | None = None,
    *,
    basin_resolution: int = 41,
    steps: int = 1000,
    **values: Any,
) -> FigureData:
    """The numbers of :func:`~gametheory_cluster.plotting.dynamics.plot_phase_portrait`, in
    long form.

    Parameters
    ----------
    dynamics : ReplicatorDynamics
    starts : pair of sequences, optional
        The starting shares ``(x0, y0)`` of the orbits drawn (default: a 5×5 grid from
        0.1 to 0.9).
    basin_resolution : int
        The grid of starts for the basin of (1, 1) (0: no basin).
    steps : int
        Length of each orbit, in steps of 0.05 (log-odds, the field divided by its length).
    **values
        The parameters the dynamics need.

    Columns ``kind``, ``id``, ``x``, ``y``, ``note``; one row per point of each orbit
    (``kind="orbit"``, ``id`` its number), per rest point (``"rest point"``, ``id`` its
    label, ``note`` its stability), per end of a line of rest points (``"rest line"``),
    and per start of the basin grid (``"basin"``, ``note`` the corner its orbit reaches or
    ``"other"``; none when ``basin_resolution=0``). Notes: the values and the basin share
    of (1, 1).

    Examples
    --------
    >>> from gametheory_cluster.dynamics import LendingDynamics
    >>> data = phase_portrait_data(LendingDynamics(exit_cost=True), ([0.5], [0.5]),
    ...                            basin_resolution=0, I=100, R=110, C=150)
    >>> sorted(set(data.columns["kind"]))
    ['orbit', 'rest line', 'rest point']
    """
    c = dynamics._coefficients(values)
    sx, sy = _default_starts() if starts is None else _shares(*starts)
    sx, sy = np.ravel(sx), np.ravel(sy)
    path = dynamics._paths(sx, sy, c, steps, every=5)
    cols: dict[str, list[Any]] = {"kind": [], "id": [], "x": [], "y": [], "note": []}

    def add(kind: str, ident: Any, x: float, y: float, note: str = "") -> None:
        for name, value in zip(cols, (kind, ident, float(x), float(y), note), strict=True):
            cols[name].append(value)

    for k in range(sx.size):
        for u, v in path:
            add("orbit", k, _sigmoid(u[k]), _sigmoid(v[k]))
    given = {n: values[n] for n in dynamics.parameters}
    for p in dynamics.rest_points(**given):
        if p.kind == "edge":
            for end in (0.0, 1.0):
                add("rest line", p.label, p.x if p.x in (0, 1) else end,
                    p.y if p.y in (0, 1) else end, p.stability)
        else:
            add("rest point", p.label, float(sp.re(p.x)), float(sp.re(p.y)), p.stability)
    notes: dict[str, Any] = dict(values)
    if basin_resolution:
        basin = dynamics.basin(basin_resolution, **given)
        gx, gy = np.meshgrid(basin.x, basin.y, indexing="ij")
        names = {key: label for key, label in basin.labels.items()}
        for i, j in np.ndindex(gx.shape):
            add("basin", "", gx[i, j], gy[i, j],
                names.get((int(basin.limit_x[i, j]), int(basin.limit_y[i, j])), "other"))
        notes["basin share " + basin.labels[(1, 1)]] = basin.share
    return FigureData(cols, title="Replicator dynamics: " + ", ".join(
        f"{k}={v}" for k, v in values.items()), notes=notes)
