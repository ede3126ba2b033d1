"""Threshold curves and honest-repayment regions, for any model.

These two figures draw what :mod:`gametheory_cluster.sweep` computes: the
threshold in one parameter against another, and the region of a parameter plane
where honest repayment is an equilibrium.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..figure_data import FigureData
from .base import attach_data, new_axes, style_context
from .base import label as axis_label

__all__ = ["plot_region", "plot_threshold_curves"]


def _used(model: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values ``model`` takes (models compared in one figure use different parameters)."""
    return {k: v for k, v in values.items() if k in model.parameters}


def plot_threshold_curves(
    models: Mapping[str, Any],
    name: str,
    swept: str,
    grid: Sequence[float] | np.ndarray,
    *,
    player: str | None = None,
    ax: Axes | None = None,
    style: str = "paper",
    title: str = "",
    **values: Any,
) -> Figure:
    """Draw the threshold in ``name`` against ``swept`` for several models.

    A model that does not use ``swept`` draws a flat line; each model receives only
    the values it uses. The data columns are ``swept`` and, per model,
    ``<label>`` (the threshold, empty where no value works).

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_threshold_curves(
    ...     {"isolated": gc.RepeatedLending(), "cluster": gc.RepeatedLending(exit_cost=True)},
    ...     "delta", "C", [0, 40, 80], Y=150, R=110, w=0)
    >>> figure_data(fig).columns["cluster"]
    [0.7333333333333333, 0.6363636363636364, 0.42857142857142855]
    """
    import numpy as np

    from ..sweep import threshold_curve

    columns: dict[str, list[Any]] = {swept: [float(x) for x in grid]}
    with style_context(style):
        fig, ax = new_axes(ax)
        for label, model in models.items():
            given = _used(model, values)
            if swept in model.parameters:
                curve = threshold_curve(model, name, swept, grid, player=player, **given)
                ys, ok = curve.values, curve.attainable
            else:
                constraints = model.constraints(player)
                from ..parameters import validate
                from ..thresholds import solve_threshold

                t = solve_threshold(constraints, name, validate(given, allowed=model.parameters))
                ys = np.full(len(columns[swept]), float(t.value))
                ok = np.ones(len(ys), dtype=bool)
            ax.plot(np.asarray(columns[swept])[ok], ys[ok], label=label)
            columns[label] = [float(y) if k else "" for y, k in zip(ys, ok, strict=False)]
        ax.set_xlabel(axis_label(swept))
        ax.set_ylabel(axis_label(name) + "*")
        ax.legend()
        if title:
            ax.set_title(title)
    notes = {k: v for k, v in values.items()}
    return attach_data(
        fig, FigureData(columns, title=title or f"{name}* against {swept}", notes=notes)
    )


def plot_region(
    model: Any,
    x: tuple[str, Sequence[float] | np.ndarray],
    y: tuple[str, Sequence[float] | np.ndarray],
    *,
    ax: Axes | None = None,
    style: str = "paper",
    title: str = "",
    **values: Any,
) -> Figure:
    """Shade where honest repayment is subgame perfect over a grid of two parameters.

    The data columns are the two parameters and ``honest`` (1 or 0), one row per grid point.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_region(gc.RepeatedLending(exit_cost=True), ("delta", [0.5, 0.8]),
    ...                   ("C", [0, 60]), Y=150, R=110, w=0, I=100)
    >>> figure_data(fig).columns["honest"]
    [0, 0, 1, 1]
    """
    import numpy as np

    from ..sweep import honest_region

    (xn, xs), (yn, ys) = x, y
    gx, gy = np.meshgrid(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), indexing="ij")
    ok = honest_region(model, **{**_used(model, values), xn: gx, yn: gy})
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.contourf(
            gx, gy, ok.astype(float), levels=[-0.5, 0.5, 1.5], colors=["#f2f2f2", "#9ecae1"]
        )
        ax.set_xlabel(axis_label(xn))
        ax.set_ylabel(axis_label(yn))
        ax.set_title(title or "honest repayment is subgame perfect (shaded)")
    columns = {
        xn: gx.ravel().tolist(),
        yn: gy.ravel().tolist(),
        "honest": ok.ravel().astype(int).tolist(),
    }
    return attach_data(fig, FigureData(columns, title=title or "honest region", notes=dict(values)))
