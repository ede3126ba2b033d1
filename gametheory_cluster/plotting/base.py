"""Drawing helpers shared by every figure: style sheets, axes, and the data behind a figure.

Every plotting function in the toolkit takes ``ax=None`` and returns the
:class:`matplotlib.figure.Figure`. The numbers it drew are attached to the figure
with :func:`attach_data`, so a test (or ``reproduce``) reads them back with
:func:`figure_data` and compares data, not pixels. Styles are applied with
:func:`style_context`, never by changing global ``rcParams``.

Examples
--------
>>> from gametheory_cluster.figure_data import FigureData
>>> from gametheory_cluster.plotting.base import attach_data, figure_data, new_axes
>>> with style_context():
...     fig, ax = new_axes()
...     _ = ax.plot([0, 1], [0, 1])
>>> data = FigureData({"x": [0, 1], "y": [0, 1]}, title="a line")
>>> figure_data(attach_data(fig, data)).columns["y"]
[0, 1]
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..errors import GameTheoryClusterError
from ..figure_data import FigureData

__all__ = [
    "STYLES",
    "FigureData",
    "attach_data",
    "figure_data",
    "label",
    "new_axes",
    "new_figure",
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
    gametheory_cluster.errors.GameTheoryClusterError: unknown style 'poster'; valid ...
    """
    if style not in STYLES:
        raise GameTheoryClusterError(f"unknown style {style!r}; valid styles: {', '.join(STYLES)}")
    sheet = resources.files("gametheory_cluster") / "styles" / f"{style}.mplstyle"
    with resources.as_file(sheet) as path, matplotlib.style.context(str(path)):
        yield


def new_figure(
    nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None, **kw: Any
) -> tuple[Figure, Any]:
    """A new figure and its axes (``Figure.subplots`` arguments).

    The figure is not registered with pyplot: a figure returned in Jupyter shows once,
    and a long session never collects hundreds of open figures.
    """
    fig = Figure(figsize=figsize)
    return fig, fig.subplots(nrows, ncols, **kw)


def new_axes(ax: Axes | None = None, **subplot_kw: Any) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax``'s own, or a new pair (see :func:`new_figure`)."""
    if ax is not None:
        return ax.get_figure(), ax
    return new_figure(subplot_kw=subplot_kw or None)


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


def label(name: str) -> str:
    """An axis label for parameter ``name``: its paper notation in math mode."""
    from ..parameters import PARAMETERS

    return f"${PARAMETERS[name].notation}$" if name in PARAMETERS else name


