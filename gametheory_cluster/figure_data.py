"""The numbers behind a figure, kept apart from drawing.

Models compute a :class:`FigureData` (named columns of equal length, plus notes);
the plotting layer draws it and attaches it to the figure, and ``reproduce``
writes it beside the picture as CSV and JSON. This module imports no plotting
library, so a model can return figure data without loading matplotlib.

Examples
--------
>>> data = FigureData({"delta": [0.5, 0.9], "honest": [0, 1]}, title="a region")
>>> print(data.to_csv(), end="")
delta,honest
0.5,0
0.9,1
"""

from __future__ import annotations

import csv
import io
import json
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .errors import GameTheoryClusterError

__all__ = ["FigureData"]


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

    def to_frame(self) -> Any:
        """The columns as a pandas DataFrame: numbers as floats, exact values beside them.

        A column of numbers becomes a float column; when it holds exact numbers
        (sympy rationals, surds, fractions) their exact text is in ``<name>_exact``.
        Other columns (labels) are kept as they are. The title and notes go to
        ``frame.attrs``.

        Examples
        --------
        >>> import sympy as sp
        >>> data = FigureData({"C": [0, 50], "delta": [sp.Rational(11, 15), sp.Rational(3, 5)]})
        >>> frame = data.to_frame()
        >>> list(frame.columns), str(frame.dtypes["delta"]), frame["delta_exact"].tolist()
        (['C', 'delta', 'delta_exact'], 'float64', ['11/15', '3/5'])
        """
        import pandas as pd

        from .algebra import floats  # sympy only when a frame is asked for

        columns: dict[str, Any] = {}
        for name, column in self.columns.items():
            values = list(column)
            if values and all(_is_number(v) for v in values):
                columns[name] = floats(values)
                if any(_is_exact_fraction(v) for v in values):
                    columns[f"{name}_exact"] = [
                        None if isinstance(v, float) else str(v) for v in values
                    ]
            else:
                columns[name] = values
        frame = pd.DataFrame(columns)
        frame.attrs["title"] = self.title
        frame.attrs["notes"] = dict(self.notes)
        return frame

    def notes_json(self) -> str:
        """Title and notes as stable, sorted JSON."""
        payload = {"title": self.title, "notes": {k: _cell(v) for k, v in self.notes.items()}}
        return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return value is None
    if isinstance(value, numbers.Number):
        return True
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):  # numpy scalars
        return _is_number(value.item())
    return bool(getattr(value, "is_number", False))


def _is_exact_fraction(value: Any) -> bool:
    """An exact number that a float does not hold as written (``11/15``, ``sqrt(2)``)."""
    if isinstance(value, Fraction):
        return value.denominator != 1
    return bool(getattr(value, "is_number", False)) and not (
        getattr(value, "is_Integer", False) or getattr(value, "is_Float", False)
    )


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):  # numpy scalars
        return _cell(value.item())
    if isinstance(value, (int, str)):
        return value
    return str(value)
