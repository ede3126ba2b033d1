"""Each model's parameter table (:data:`TABLES`), and checking named values against one.

A model's table *inherits* the global entries it really shares (the very same
:class:`~gametheory_cluster.parameters.Parameter` objects) and *declares* its own,
possibly under a global name with another meaning; values are checked against the
model's table only (:func:`validate`), so a domain error names the model's own
parameter. The tables are also printed here for the documentation and ``--help``.

Examples
--------
>>> table_for("CreditRecordGame").own
('B', 'G', 'f_B', 'f_G', 'pi', 'r')
>>> validate({"delta": 0.9}, table="CreditRecordGame")
{'delta': 0.9}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy as sp

from ..errors import DomainError
from .data import MODELS
from .entry import PARAMETERS, Parameter, _describe, entry
from .values import Value, coerce_value, unknown_parameter

__all__ = [
    "TABLES",
    "ParameterTable",
    "parameter_table",
    "parameter_tables_markdown",
    "table_for",
    "validate",
]


class ParameterTable(Mapping[str, Parameter]):
    """One model's parameters: the global entries it shares, and its own.

    A table maps names to :class:`Parameter` entries. An entry *shared* with the
    global table is the very same object (same meaning, same domain); an *own* entry
    is declared by the model, possibly under a global name with another meaning,
    which the model's table then shadows. Values are checked against the model's
    table only (:meth:`validate`), so a domain error names the model's own parameter.

    Parameters
    ----------
    model : str
        The model's name (its class name, e.g. ``"CreditRecordGame"``).
    shared : iterable of str, or a space-separated string
        Names inherited from the global table (:data:`PARAMETERS`).
    own : iterable of Parameter
        The model's own entries.
    summary : str
        One line on what the model is (for the documentation).

    Examples
    --------
    >>> t = TABLES["Refinancing"]
    >>> t.shared, t.own
    (('I', 'delta'), ('C', 'Y_H', 'Y_L', 'pi'))
    >>> t["C"].meaning
    'exit cost an SME loses when the bank does not refinance it (its place in the cluster)'
    >>> t.validate({"pi": 1})
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.DomainError: pi=1 is outside its domain ... [Refinancing]
    """

    def __init__(
        self,
        model: str,
        shared: Iterable[str] | str = (),
        own: Iterable[Parameter] = (),
        summary: str = "",
    ) -> None:
        shared = tuple(shared.split() if isinstance(shared, str) else shared)
        own = tuple(own)
        entries: dict[str, Parameter] = {}
        for name in shared:
            if name not in PARAMETERS:
                raise unknown_parameter(name, PARAMETERS)
            entries[name] = PARAMETERS[name]
        for p in own:
            if p.name in entries:
                raise ValueError(f"{model}: {p.name} is declared both shared and own")
            entries[p.name] = p
        self.model = model
        self.summary = summary
        self._entries = dict(sorted(entries.items()))

    def __getitem__(self, name: str) -> Parameter:
        return self._entries[name]

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"ParameterTable({self.model!r}: {', '.join(self._entries)})"

    @property
    def shared(self) -> tuple[str, ...]:
        """Names whose entry is the global one."""
        return tuple(n for n, p in self._entries.items() if PARAMETERS.get(n) is p)

    @property
    def own(self) -> tuple[str, ...]:
        """Names the model declares itself (new names, or global names it gives another meaning)."""
        return tuple(n for n, p in self._entries.items() if PARAMETERS.get(n) is not p)

    def parameter(self, name: str) -> Parameter:
        """The entry for ``name``; an unknown name lists this table's names."""
        try:
            return self._entries[name]
        except (KeyError, TypeError):
            raise unknown_parameter(str(name), self._entries) from None

    def symbol(self, name: str) -> sp.Symbol:
        """The sympy symbol of ``name`` in this model (assumptions from its own domain)."""
        return self.parameter(name).symbol

    def symbols(self, names: str) -> tuple[sp.Symbol, ...]:
        """Symbols for a space-separated list of names."""
        return tuple(self.symbol(n) for n in names.split())

    def validate(
        self, values: Mapping[str, Any], allowed: Iterable[str] | None = None
    ) -> dict[str, Value]:
        """Check named values against this table's domains (see :func:`validate`)."""
        valid = set(self._entries) if allowed is None else set(allowed)
        result: dict[str, Value] = {}
        for name, value in values.items():
            if name not in valid:
                raise unknown_parameter(name, valid)
            if name in self._entries:
                try:
                    result[name] = self._entries[name].check(value)
                except DomainError as err:
                    if name not in self.own:  # a shared entry: the global message says it all
                        raise
                    raise DomainError(f"{err} [{self.model}]") from None
            else:
                result[name] = coerce_value(value, name)
        return result

    def rows(self) -> list[dict[str, str]]:
        """The table as rows of plain strings (``source``: ``shared`` or ``own``)."""
        own = set(self.own)
        return [
            {
                "name": p.name,
                "notation": p.notation,
                "meaning": p.meaning,
                "domain": _describe(p),
                "source": "own" if p.name in own else "shared",
            }
            for p in self._entries.values()
        ]


_GLOBAL = ParameterTable("global", PARAMETERS)

#: Each model's own parameter table, by model (class) name.
TABLES: Mapping[str, ParameterTable] = {
    m.model: ParameterTable(m.model, m.shared, map(entry, m.own), summary=m.summary)
    for m in MODELS
}


def table_for(model: Any) -> ParameterTable:
    """The parameter table of a model (an instance, a class, or its name).

    Looks the class and its bases up in :data:`TABLES`; a model without a table of
    its own (a user's game) uses the global table.

    Examples
    --------
    >>> table_for("CreditRecordGame")["r"].meaning
    "riskless gross interest rate (the lenders' cost of funds)"
    >>> table_for("a user's game").model
    'global'
    """
    if isinstance(model, ParameterTable):
        return model
    if model is None:
        return _GLOBAL
    if isinstance(model, str):
        return TABLES.get(model, _GLOBAL)
    cls = model if isinstance(model, type) else type(model)
    for base in cls.__mro__:
        if base.__name__ in TABLES:
            return TABLES[base.__name__]
    return _GLOBAL


def validate(
    values: Mapping[str, Any], allowed: Iterable[str] | None = None, *, table: Any = None
) -> dict[str, Value]:
    """Check named values against their domains; return them coerced.

    Parameters
    ----------
    values : mapping
        ``{name: value}``.
    allowed : iterable of str, optional
        The names this model uses. A name outside it raises
        :class:`UnknownParameterError` listing the allowed ones. Names outside the
        parameter table are accepted when they are in ``allowed`` (a user's own
        game may use its own symbols); they must be finite real numbers.
    table : ParameterTable, str or model, optional
        The model whose own table checks the values (see :func:`table_for`); by
        default the global table.

    Examples
    --------
    >>> validate({"q": 2})
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.DomainError: q=2 is outside its domain [0, 1] (probability ...
    """
    return table_for(table).validate(values, allowed)


def parameter_table(model: Any = None) -> list[dict[str, str]]:
    """The global table (or a model's own) as rows of plain strings, for docs and ``--help``.

    Examples
    --------
    >>> parameter_table()[4]["name"], parameter_table()[4]["domain"]
    ('delta', '(0, 1)')
    >>> [r["name"] for r in parameter_table("CreditRecordGame") if r["source"] == "shared"]
    ['delta']
    """
    if model is not None:
        return table_for(model).rows()
    return [
        {
            "name": p.name,
            "notation": p.notation,
            "meaning": p.meaning,
            "domain": _describe(p),
        }
        for p in PARAMETERS.values()
    ]


def parameter_tables_markdown() -> str:
    """Every model's table as Markdown (for docs/reference/parameters.md).

    Shared entries are listed by name (their meaning is the global table's); own
    entries are spelt out, marked *own meaning* where they reuse a global name.

    Examples
    --------
    >>> text = parameter_tables_markdown()
    >>> "### CreditRecordGame" in text and "riskless gross interest rate" in text
    True
    """
    out = []
    for name, t in TABLES.items():
        out.append(f"### {name}\n")
        if t.summary:
            out.append(f"{t.summary[0].upper()}{t.summary[1:]}.\n")
        if t.shared:
            out.append("Shared with the global table: " + ", ".join(f"`{n}`" for n in t.shared)
                       + ".\n")
        if t.own:
            out += ["| name | notation | meaning | domain |", "|---|---|---|---|"]
            for n in t.own:
                p = t[n]
                clash = " (*own meaning*)" if n in PARAMETERS else ""
                out.append(f"| `{n}`{clash} | ${p.notation}$ | {p.meaning} | `{_describe(p)}` |")
            out.append("")
    return "\n".join(out)
