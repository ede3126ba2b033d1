"""Exact rationals in, exact rationals out: helpers of the solved information games.

Shared by :mod:`.reputation` (Kreps–Wilson), :mod:`.credit_record` (Diamond) and
:mod:`.refinancing` (Bolton–Scharfstein), which solve their equilibria in
:class:`fractions.Fraction`: a number is read as an exact rational (a float exactly as
it is), results go out as sympy ``Rational`` when every input was exact and as floats
otherwise, and results become plain data (exact numbers as strings such as ``"11/15"``),
pandas frames or text tables. See docs/explanation/information.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import fraction
from ...errors import MissingParameterError, ModelError
from ...parameters import Value, is_exact


def _check_horizon(horizon: Any) -> int:
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ModelError(f"horizon must be a whole number of periods >= 1, not {horizon!r}")
    return int(horizon)


def _as_fractions(
    values: Mapping[str, Value], required: Sequence[str], model: str
) -> tuple[dict[str, Fraction], bool]:
    """Exact rationals for validated values and an "all inputs exact" flag."""
    missing = [n for n in required if n not in values]
    if missing:
        raise MissingParameterError(
            f"{model} needs numbers for {', '.join(missing)} (required: {', '.join(required)})"
        )
    out = {name: fraction(value, name) for name, value in values.items()}
    return out, all(is_exact(v) for v in values.values())


def _exporter(exact: bool):
    """Fractions out as sympy Rationals (exact inputs) or floats."""

    def export(x: Fraction | int) -> Value:
        x = Fraction(x)
        return sp.Rational(x.numerator, x.denominator) if exact else float(x)

    return export


def _frame(rows: list[dict[str, Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - pandas is an optional extra
        raise ImportError("to_frame() needs pandas (pip install pandas)") from err
    return pd.DataFrame(rows)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [list(header)] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[j]) for r in cells) for j in range(len(header))]
    return "\n".join("  ".join(c.rjust(wd) for c, wd in zip(r, widths, strict=True)) for r in cells)


class _FiniteHorizonGame:
    """What the finite-horizon information games share: the horizon, discounting, parameters."""

    #: The parameters besides ``delta`` (which discounting adds).
    _NAMES: tuple[str, ...] = ()

    def __init__(self, horizon: int, *, discounting: bool = False) -> None:
        self.horizon = _check_horizon(horizon)
        if not isinstance(discounting, bool):
            raise ModelError(f"discounting must be True or False, not {discounting!r}")
        self.discounting = discounting

    def __repr__(self) -> str:
        extra = ", discounting=True" if self.discounting else ""
        return f"{type(self).__name__}(horizon={self.horizon}{extra})"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the game needs, sorted."""
        return tuple(sorted(self._NAMES + (("delta",) if self.discounting else ())))
