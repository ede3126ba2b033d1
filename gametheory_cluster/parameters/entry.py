r"""One named parameter (:class:`Parameter`) and the global table of them (:data:`PARAMETERS`).

An entry knows its meaning, its domain (a sympy interval, read from the interval
notation of :mod:`~gametheory_cluster.parameters.data`), its paper notation, and the
sympy symbol whose assumptions that domain implies; :meth:`Parameter.check` checks a
value against the domain.

Examples
--------
>>> parameter("delta").domain, parameter("T").domain
(Interval.open(0, 1), Interval(1, oo))
>>> symbol("delta").is_positive, symbol("T").is_integer
(True, True)
>>> parameter("q").check(2)
Traceback (most recent call last):
...
gametheory_cluster.errors.DomainError: q=2 is outside its domain [0, 1] (probability ...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..errors import DomainError
from .data import GLOBAL, Row
from .values import Value, _as_integer, _in_interval, _typed, coerce_value, unknown_parameter

__all__ = ["PARAMETERS", "Parameter", "entry", "parameter", "symbol", "symbols"]


@dataclass(frozen=True)
class Parameter:
    """One named parameter.

    Attributes
    ----------
    name : str
        The keyword used in code (``delta``).
    meaning : str
        One line saying what it is.
    domain : sympy.Interval
        The values it may take; integer parameters take the integers in it.
    notation : str
        How papers write it, in LaTeX (``\\delta``).
    integer : bool
        Whether only whole numbers are allowed.
    typical : number
        A typical value (the base case: ``I=100, Y=150, R=110, w=0``);
        used for examples and to state the usual case of a sign the domains
        cannot settle.
    """

    name: str
    meaning: str
    domain: sp.Interval
    notation: str
    integer: bool = False
    typical: Any = None

    @property
    def symbol(self) -> sp.Symbol:
        """The sympy symbol, with the assumptions its domain implies."""
        return _symbol_for(self)

    def check(self, value: Any) -> Value:
        """Return ``value`` coerced (exact stays exact) or raise :class:`DomainError`."""
        coerced = coerce_value(value, self.name)
        if self.integer:
            coerced = _as_integer(coerced, self.name)
        if not _in_interval(coerced, self.domain):
            raise DomainError(
                f"{self.name}={_typed(value)} is outside its domain {_describe(self)} "
                f"({self.meaning})"
            )
        return coerced


def entry(row: Row) -> Parameter:
    """The :class:`Parameter` of a data row (its domain read from interval notation).

    Examples
    --------
    >>> entry(Row("x", "a share", "(0, 1]", "x", 1)).domain
    Interval.Lopen(0, 1)
    """
    return Parameter(row.name, row.meaning, _domain(row.domain), row.notation,
                     integer=row.integer, typical=row.typical)


def _domain(text: str) -> sp.Interval:
    """``"(0, 1]"`` → ``Interval.Lopen(0, 1)``: interval notation as :func:`_interval` writes it."""
    def edge(x: str) -> sp.Expr:
        return sp.oo if x == "∞" else -sp.oo if x == "-∞" else sp.Integer(x)

    lo, hi = text[1:-1].split(", ")
    return sp.Interval(edge(lo), edge(hi), text[0] == "(", text[-1] == ")")


def _symbol_for(p: Parameter) -> sp.Symbol:
    assumptions: dict[str, bool] = {"real": True}
    lo = p.domain.inf
    if p.integer:
        assumptions["integer"] = True
    if lo.is_finite and lo >= 0:
        if lo > 0 or p.domain.left_open:
            assumptions["positive"] = True
        else:
            assumptions["nonnegative"] = True
    return sp.Symbol(p.name, **assumptions)


def _describe(p: Parameter) -> str:
    kind = "integers in " if p.integer else ""
    return f"{kind}{_interval(p.domain)}"


def _interval(domain: sp.Interval) -> str:
    """``(0, ∞)``: a domain in interval notation, for messages."""
    def end(x: sp.Expr) -> str:
        return "∞" if x == sp.oo else "-∞" if x == -sp.oo else str(x)

    left = "(" if domain.left_open or domain.inf.is_infinite else "["
    right = ")" if domain.right_open or domain.sup.is_infinite else "]"
    return f"{left}{end(domain.inf)}, {end(domain.sup)}{right}"


#: Every named parameter, by name.
PARAMETERS: Mapping[str, Parameter] = {name: entry(row) for name, row in GLOBAL.items()}


def parameter(name: str) -> Parameter:
    """Return the table entry for ``name``; an unknown name lists the valid ones.

    Examples
    --------
    >>> parameter("lam").meaning
    'legal recovery rate of a defaulted repayment'
    """
    try:
        return PARAMETERS[name]
    except (KeyError, TypeError):
        raise unknown_parameter(str(name), PARAMETERS) from None


def symbol(name: str) -> sp.Symbol:
    """The sympy symbol of a named parameter.

    Examples
    --------
    >>> symbol("delta").is_positive
    True
    """
    return parameter(name).symbol


def symbols(names: str) -> tuple[sp.Symbol, ...]:
    """Symbols for a space-separated list of names.

    Examples
    --------
    >>> Y, R, w = symbols("Y R w")
    >>> Y - R - w
    -R + Y - w
    """
    return tuple(symbol(n) for n in names.split())
