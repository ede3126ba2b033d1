r"""Figures of the dynamics family: the phase portrait of a two-population replicator dynamics.

:func:`plot_phase_portrait` draws the numbers of
:func:`~gametheory_cluster.dynamics.phase_portrait_data`: the direction field, orbits,
rest points marked by their stability, lines of rest points, and the basin of (1, 1).

See docs/explanation/dynamics.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..dynamics.portrait import phase_portrait_data
from ..dynamics.replicator import ReplicatorDynamics
from .base import attach_data, new_axes, style_context

__all__ = ["plot_phase_portrait"]


_MARKERS = {
    "ESS": dict(marker="o", color="black"),
    "source": dict(marker="o", color="white", markeredgecolor="black"),
    "saddle": dict(marker="o", color="black", fillstyle="left", markerfacecoloralt="white"),
    "centre": dict(marker="P", color="black"),
    "non-hyperbolic": dict(marker="D", color="grey"),
}


def plot_phase_portrait(
    dynamics: ReplicatorDynamics,
    starts: tuple[Sequence[float], Sequence[float]] | None = None,
    *,
    ax: Axes | None = None,
    style: str = "paper",
    basin_resolution: int = 41,
    arrows: int = 15,
    title: str = "",
    **values: Any,
) -> Figure:
    """Draw the phase portrait: direction field, orbits, rest points, basin of (1, 1).

    Rest points: ESS filled, sources open, saddles half filled, centres a cross,
    non-hyperbolic points grey diamonds; lines of rest points grey. The basin of
    (1, 1) is shaded. Data: :func:`phase_portrait_data`.

    Examples
    --------
    >>> from gametheory_cluster.dynamics import LendingDynamics
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_phase_portrait(LendingDynamics(exit_cost=True), I=100, R=110, C=150)
    >>> round(figure_data(fig).notes["basin share (Lend, Repay)"], 3)
    0.429
    """
    data = phase_portrait_data(dynamics, starts, basin_resolution=basin_resolution, **values)
    cols = data.columns
    kind, ident = np.array(cols["kind"]), np.array(cols["id"], dtype=object)
    xs, ys, note = np.array(cols["x"]), np.array(cols["y"]), np.array(cols["note"])
    game = dynamics.game
    with style_context(style):
        fig, ax = new_axes(ax)
        cells = kind == "basin"
        if cells.any():
            n = round(math.sqrt(cells.sum()))
            top = dynamics.labels[(1, 1)]
            mask = (note[cells] == top).reshape(n, n).T.astype(float)
            ax.imshow(mask, origin="lower", extent=(0, 1, 0, 1), cmap="Blues", vmin=0, vmax=3,
                      interpolation="nearest", aspect="auto")
        if arrows:
            grid = (np.arange(arrows) + 0.5) / arrows
            gx, gy = np.meshgrid(grid, grid)
            dx, dy = dynamics.velocity(gx, gy, **{n: values[n] for n in dynamics.parameters})
            norm = np.hypot(dx, dy)
            norm[norm == 0] = 1
            ax.quiver(gx, gy, dx / norm, dy / norm, color="0.6", angles="xy", pivot="mid",
                      scale=arrows * 1.6, width=0.003)
        for k in sorted({int(i) for i, t in zip(ident, kind, strict=True) if t == "orbit"}):
            sel = (kind == "orbit") & np.array([i == k for i in ident])
            ax.plot(xs[sel], ys[sel], color="C0", lw=1)
        for label in {i for i, t in zip(ident, kind, strict=True) if t == "rest line"}:
            sel = (kind == "rest line") & (ident == label)
            ax.plot(xs[sel], ys[sel], color="0.5", lw=4, solid_capstyle="butt", zorder=3,
                    clip_on=False)
        for k in np.flatnonzero(kind == "rest point"):
            ax.plot(xs[k], ys[k], ls="none", markersize=8, zorder=4, clip_on=False,
                    **_MARKERS.get(note[k], _MARKERS["non-hyperbolic"]))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel(f"share of {game.players[0]}s playing {game.row_actions[0]}, $x$")
        ax.set_ylabel(f"share of {game.players[1]}s playing {game.col_actions[0]}, $y$")
        if title:
            ax.set_title(title)
    return attach_data(fig, data)
