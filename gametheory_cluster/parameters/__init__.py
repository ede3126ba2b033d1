r"""The named parameters of every model: symbol, meaning, domain and paper notation.

This package holds the global table of parameter names and, for every model, its own
table (:data:`TABLES`). A model's table *inherits* the global entries it really
shares (the same name with the same meaning and domain) and *declares* its own
entries for the rest; a name may be declared with another meaning in one model
(Diamond's ``r`` is a gross riskless rate, the network models' ``r`` a probability
that news travels), and each model checks values against its own table only, so a
domain error always speaks of the model's own parameter. A model's payoffs are
sympy expressions in these symbols; values given by name (``delta=Fraction(3, 5)``)
are checked here, once, before any algebra runs.

Exactness is kept: ``int``, :class:`fractions.Fraction` and sympy ``Rational`` become
exact sympy numbers; ``float`` stays ``float``. Nothing is rounded.

One idea a module:

* :mod:`~gametheory_cluster.parameters.data` — the tables as text and numbers
  (no sympy: the command line's ``--help`` reads meanings from it);
* :mod:`~gametheory_cluster.parameters.values` — coercing and checking values,
  and the error for an unknown name (with the nearest valid one);
* :mod:`~gametheory_cluster.parameters.entry` — one entry (:class:`Parameter`),
  its domain and symbol, and the global table (:data:`PARAMETERS`);
* :mod:`~gametheory_cluster.parameters.tables` — each model's table
  (:class:`ParameterTable`, :data:`TABLES`), :func:`validate`, and the tables
  printed for the documentation.

Every name is importable from here; the modules behind them (and sympy) load when a
name is first used (PEP 562).

Examples
--------
>>> from fractions import Fraction
>>> from gametheory_cluster.parameters import TABLES, validate, parameter
>>> validate({"delta": Fraction(3, 5), "Y": 150, "w": 0.5})
{'delta': 3/5, 'Y': 150, 'w': 0.5}
>>> parameter("delta").domain
Interval.open(0, 1)
>>> validate({"dleta": 0.9})
Traceback (most recent call last):
...
gametheory_cluster.errors.UnknownParameterError: unknown parameter 'dleta' (did you mean ...

One name, one meaning per model: Diamond's ``r`` is a gross rate, not a probability.

>>> validate({"r": Fraction(21, 20)}, table="CreditRecordGame")
{'r': 21/20}
>>> TABLES["CreditRecordGame"].own
('B', 'G', 'f_B', 'f_G', 'pi', 'r')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "PARAMETERS",
    "TABLES",
    "Parameter",
    "ParameterTable",
    "Value",
    "coerce_value",
    "is_exact",
    "parameter",
    "parameter_table",
    "parameter_tables_markdown",
    "symbol",
    "symbols",
    "table_for",
    "unknown_parameter",
    "validate",
]

#: Where each name lives; loaded when first used, so that importing this package
#: (for :mod:`.data`, say) does not import sympy.
_LOCATIONS: dict[str, str] = {
    "MAX_DIGITS": ".values",
    "Value": ".values",
    "coerce_value": ".values",
    "is_exact": ".values",
    "unknown_parameter": ".values",
    "PARAMETERS": ".entry",
    "Parameter": ".entry",
    "parameter": ".entry",
    "symbol": ".entry",
    "symbols": ".entry",
    "TABLES": ".tables",
    "ParameterTable": ".tables",
    "parameter_table": ".tables",
    "parameter_tables_markdown": ".tables",
    "table_for": ".tables",
    "validate": ".tables",
}

if TYPE_CHECKING:
    from .entry import PARAMETERS, Parameter, parameter, symbol, symbols
    from .tables import (
        TABLES,
        ParameterTable,
        parameter_table,
        parameter_tables_markdown,
        table_for,
        validate,
    )
    from .values import Value, coerce_value, is_exact, unknown_parameter


def __getattr__(name: str) -> Any:
    try:
        where = _LOCATIONS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    found = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted({*globals(), *_LOCATIONS})
