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

__all__ = ["STYLES", "FigureData", "attach_data", "figure_data", "new_axes", "style_context"]

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
        for row in zip(*(self.columns[n] for n in names)):
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
