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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
