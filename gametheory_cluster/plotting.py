"""Drawing helpers shared by every figure: style sheets, axes, and the data behind a figure.

Every plotting function in the toolkit takes ``ax=None`` and returns the
:class:`matplotlib.figure.Figure`. The numbers it drew are attached to the figure
with :func:`attach_data`, so a test (or ``reproduce``) reads them back with
:func:`figure_data` and compares data, not pixels. Styles are applied with
:func:`style_context`, never by changing global ``rcParams``.

Examples
--------
>>> import numpy as np
>>> from gametheory_cluster.plotting import FigureData, attach_data, figure_data, new_axes
>>> with style_context():
...     fig, ax = new_axes()
...     _ = ax.plot([0, 1], [0, 1])
>>> data = FigureData({"x": [0, 1], "y": [0, 1]}, title="a line")
>>> figure_data(attach_data(fig, data)).columns["y"]
[0, 1]
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .errors import GameTheoryClusterError

__all__ = [
    "STYLES",
    "FigureData",
    "attach_data",
    "figure_data",
    "new_axes",
    "plot_region",
    "plot_threshold_curves",
    "style_context",
]

#: The style sheets shipped with the package.
STYLES = ("paper", "slides")


@contextlib.contextmanager
def style_context(style: str = "paper") -> Iterator[None]:
    """Apply one of the package's style sheets inside a ``with`` block.

    Examples
    --------
    >>> with style_context("slides"):
    ...     pass
    >>> with style_context("poster"):
    ...     pass
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.GameTheoryClusterError: unknown style 'poster'; valid styles: paper, slides
    """
    if style not in STYLES:
        raise GameTheoryClusterError(f"unknown style {style!r}; valid styles: {', '.join(STYLES)}")
    sheet = resources.files("gametheory_cluster") / "styles" / f"{style}.mplstyle"
    with resources.as_file(sheet) as path, matplotlib.style.context(str(path)):
        yield


def new_axes(ax: Axes | None = None, **subplot_kw: Any) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax``'s own, or a new pair."""
    if ax is not None:
        return ax.get_figure(), ax
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(subplot_kw=subplot_kw or None)
    return fig, ax


@dataclass
class FigureData:
    """The numbers behind a figure: named columns of equal length, plus notes.

    Columns hold numbers (exact sympy numbers are written as exact strings such as
    ``11/15``) so that a CSV written twice from the same inputs is byte-identical.
    """

    columns: Mapping[str, Sequence[Any]]
    title: str = ""
    notes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lengths = {name: len(col) for name, col in self.columns.items()}
        if len(set(lengths.values())) > 1:
            raise GameTheoryClusterError(f"figure data columns differ in length: {lengths}")

    def to_csv(self) -> str:
        """The columns as CSV text (one header row)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        names = list(self.columns)
        writer.writerow(names)
        for row in zip(*(self.columns[n] for n in names), strict=False):
            writer.writerow([_cell(v) for v in row])
        return out.getvalue()

    def notes_json(self) -> str:
        """Title and notes as stable, sorted JSON."""
        payload = {"title": self.title, "notes": {k: _cell(v) for k, v in self.notes.items()}}
        return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):  # numpy scalars
        return _cell(value.item())
    if isinstance(value, (int, str)):
        return value
    return str(value)


def attach_data(fig: Figure, data: FigureData) -> Figure:
    """Attach the numbers behind ``fig`` to it and return ``fig``."""
    fig.gc_data = data  # type: ignore[attr-defined]
    return fig


def figure_data(fig: Figure) -> FigureData:
    """The :class:`FigureData` attached to ``fig`` by :func:`attach_data`."""
    try:
        return fig.gc_data  # type: ignore[attr-defined]
    except AttributeError:
        raise GameTheoryClusterError("this figure carries no data (see attach_data)") from None


def _used(model: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values ``model`` takes (models compared in one figure use different parameters)."""
    return {k: v for k, v in values.items() if k in model.parameters}


def _label(name: str) -> str:
    from .parameters import PARAMETERS

    return f"${PARAMETERS[name].notation}$" if name in PARAMETERS else name


def plot_threshold_curves(
    models: Mapping[str, Any],
    name: str,
    swept: str,
    grid: Sequence[float],
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
    >>> fig = plot_threshold_curves(
    ...     {"isolated": gc.RepeatedLending(), "cluster": gc.RepeatedLending(exit_cost=True)},
    ...     "delta", "C", [0, 40, 80], Y=150, R=110, w=0)
    >>> figure_data(fig).columns["cluster"]
    [0.7333333333333333, 0.6363636363636364, 0.42857142857142855]
    """
    import numpy as np

    from .sweep import threshold_curve

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
                from .parameters import validate
                from .thresholds import solve_threshold

                t = solve_threshold(constraints, name, validate(given, allowed=model.parameters))
                ys = np.full(len(columns[swept]), float(t.value))
                ok = np.ones(len(ys), dtype=bool)
            ax.plot(np.asarray(columns[swept])[ok], ys[ok], label=label)
            columns[label] = [float(y) if k else "" for y, k in zip(ys, ok, strict=False)]
        ax.set_xlabel(_label(swept))
        ax.set_ylabel(_label(name) + "*")
        ax.legend()
        if title:
            ax.set_title(title)
    notes = {k: v for k, v in values.items()}
    return attach_data(
        fig, FigureData(columns, title=title or f"{name}* against {swept}", notes=notes)
    )


def plot_region(
    model: Any,
    x: tuple[str, Sequence[float]],
    y: tuple[str, Sequence[float]],
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
    >>> fig = plot_region(gc.RepeatedLending(exit_cost=True), ("delta", [0.5, 0.8]),
    ...                   ("C", [0, 60]), Y=150, R=110, w=0, I=100)
    >>> figure_data(fig).columns["honest"]
    [0, 0, 1, 1]
    """
    import numpy as np

    from .sweep import honest_region

    (xn, xs), (yn, ys) = x, y
    gx, gy = np.meshgrid(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), indexing="ij")
    ok = honest_region(model, **{**_used(model, values), xn: gx, yn: gy})
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.contourf(
            gx, gy, ok.astype(float), levels=[-0.5, 0.5, 1.5], colors=["#f2f2f2", "#9ecae1"]
        )
        ax.set_xlabel(_label(xn))
        ax.set_ylabel(_label(yn))
        ax.set_title(title or "honest repayment is subgame perfect (shaded)")
    columns = {
        xn: gx.ravel().tolist(),
        yn: gy.ravel().tolist(),
        "honest": ok.ravel().astype(int).tolist(),
    }
    return attach_data(fig, FigureData(columns, title=title or "honest region", notes=dict(values)))
