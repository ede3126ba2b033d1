r"""The named parameters of every model: symbol, meaning, domain and paper notation.

This module is the one table of parameter names. A model's payoffs are sympy
expressions in these symbols; values given by name (``delta=Fraction(3, 5)``) are
checked here, once, before any algebra runs.

Exactness is kept: ``int``, :class:`fractions.Fraction` and sympy ``Rational`` become
exact sympy numbers; ``float`` stays ``float``. Nothing is rounded.

Examples
--------
>>> from fractions import Fraction
>>> from gametheory_cluster.parameters import validate, parameter
>>> validate({"delta": Fraction(3, 5), "Y": 150, "w": 0.5})
{'delta': 3/5, 'Y': 150, 'w': 0.5}
>>> parameter("delta").domain
Interval.open(0, 1)
>>> validate({"dleta": 0.9})
Traceback (most recent call last):
...
gametheory_cluster.errors.UnknownParameterError: unknown parameter 'dleta' (did you mean 'delta'?); valid names: ...
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Union

import sympy as sp

from .errors import DomainError, UnknownParameterError

__all__ = [
    "PARAMETERS",
    "Parameter",
    "Value",
    "coerce_value",
    "is_exact",
    "parameter",
    "parameter_table",
    "symbol",
    "symbols",
    "unknown_parameter",
    "validate",
]

#: A parameter value: exact (int, Fraction, sympy number) or float.
Value = Union[int, float, Fraction, sp.Basic]

_OPEN_UNIT = sp.Interval.open(0, 1)
_UNIT = sp.Interval(0, 1)
_POSITIVE = sp.Interval.open(0, sp.oo)
_NONNEGATIVE = sp.Interval(0, sp.oo)
_REAL = sp.Interval(-sp.oo, sp.oo)


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
        A typical value (the base case of MODELS.md: ``I=100, Y=150, R=110, w=0``);
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
                f"{self.name}={value!r} is outside its domain {_describe(self)} ({self.meaning})"
            )
        return coerced


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
    return f"{kind}{sp.sstr(p.domain)}"


_TABLE: tuple[Parameter, ...] = (
    # the lending relationship (MODELS.md §1)
    Parameter("I", "loan principal the bank advances", _POSITIVE, "I", typical=100),
    Parameter("Y", "gross return of the SME's project on the loan", _POSITIVE, "Y", typical=150),
    Parameter("R", "gross repayment due to the bank", _POSITIVE, "R", typical=110),
    Parameter("w", "SME's per-period outside option without a loan", _NONNEGATIVE, "w", typical=0),
    Parameter(
        "delta", "discount factor per period", _OPEN_UNIT, r"\delta", typical=Fraction(9, 10)
    ),
    Parameter(
        "p",
        "probability that the relationship survives a period",
        sp.Interval.Lopen(0, 1),
        "p",
        typical=Fraction(9, 10),
    ),
    # cluster mechanisms (MODELS.md §1-2)
    Parameter(
        "C",
        "one-off exit cost paid by a detected defaulter (forced exit)",
        _NONNEGATIVE,
        "C",
        typical=20,
    ),
    Parameter(
        "s", "per-period cluster rent, lost after a detected default", _NONNEGATIVE, "s", typical=5
    ),
    Parameter("q", "probability that a default becomes known", _UNIT, "q", typical=Fraction(1, 2)),
    Parameter(
        "pi", "probability that the project succeeds", _UNIT, r"\pi", typical=Fraction(9, 10)
    ),
    Parameter(
        "lam",
        "legal recovery rate of a defaulted repayment",
        _UNIT,
        r"\lambda",
        typical=Fraction(3, 10),
    ),
    Parameter(
        "T",
        "number of periods a defaulter is refused credit",
        sp.Interval(1, sp.oo),
        "T",
        integer=True,
        typical=3,
    ),
    Parameter(
        "L",
        "periods until a default is seen (detection lag)",
        sp.Interval(1, sp.oo),
        "L",
        integer=True,
        typical=2,
    ),
    Parameter(
        "N",
        "number of lenders or cluster partners",
        sp.Interval(1, sp.oo),
        "N",
        integer=True,
        typical=5,
    ),
    Parameter(
        "M",
        "size of a community matched in pairs",
        sp.Interval(2, sp.oo),
        "M",
        integer=True,
        typical=10,
    ),
    # community enforcement and networks (MODELS.md §2)
    Parameter(
        "gain",
        "extra payoff from defecting on a cooperator (prisoner's dilemma)",
        _POSITIVE,
        "g",
        typical=1,
    ),
    Parameter(
        "loss",
        "loss of a cooperator who meets a defector (prisoner's dilemma)",
        _POSITIVE,
        r"\ell",
        typical=1,
    ),
    Parameter("W", "per-period wage (rent) paid to an honest agent", _NONNEGATIVE, "W", typical=40),
    Parameter(
        "alpha", "agent's payoff in a period in which he cheats", _POSITIVE, r"\alpha", typical=150
    ),
    Parameter(
        "phi", "unemployed agent's per-period reservation payoff", _NONNEGATIVE, r"\phi", typical=0
    ),
    Parameter(
        "sigma",
        "probability that an employment relation ends for outside reasons",
        _UNIT,
        r"\sigma",
        typical=Fraction(1, 10),
    ),
    Parameter(
        "h_h",
        "probability that an unemployed honest agent is hired in a period",
        _UNIT,
        "h_h",
        typical=Fraction(1, 2),
    ),
    Parameter(
        "h_c",
        "probability that an unemployed agent who cheated is hired in a period",
        _UNIT,
        "h_c",
        typical=Fraction(1, 10),
    ),
    Parameter(
        "r",
        "probability that a tie passes news of a default on in a period",
        _UNIT,
        "r",
        typical=Fraction(1, 2),
    ),
    # information asymmetry (MODELS.md §3)
    Parameter(
        "mu", "prior share of SMEs that always repay", _UNIT, r"\mu", typical=Fraction(1, 10)
    ),
    Parameter(
        "pi_r",
        "success probability of the risky project (moral hazard)",
        _UNIT,
        r"\pi_r",
        typical=Fraction(1, 2),
    ),
    Parameter(
        "Y_r", "gross return of the risky project when it succeeds", _POSITIVE, "Y_r", typical=250
    ),
    # policy instruments (MODELS.md §4)
    Parameter(
        "g", "share of the bank's loss a guarantor covers", _UNIT, "g", typical=Fraction(4, 5)
    ),
    Parameter("f", "guarantee fee per loan", _NONNEGATIVE, "f", typical=1),
    Parameter(
        "rho",
        "share of the guarantor's loss a re-guarantor covers",
        _UNIT,
        r"\rho",
        typical=Fraction(1, 2),
    ),
    Parameter("m", "bank's cost of monitoring a loan", _NONNEGATIVE, "m", typical=Fraction(3, 2)),
    Parameter(
        "pi0",
        "probability that the project succeeds when the bank does not monitor",
        _UNIT,
        r"\pi_0",
        typical=Fraction(3, 4),
    ),
    Parameter(
        "kappa",
        "share of a proven firm's surplus its relationship bank keeps (information rent)",
        _UNIT,
        r"\kappa",
        typical=Fraction(1, 2),
    ),
    Parameter(
        "c",
        "joint-liability payment a borrower owes when its partner fails",
        _NONNEGATIVE,
        "c",
        typical=1,
    ),
    Parameter("e", "private cost of the safe action (effort)", _NONNEGATIVE, "e", typical=0),
    # dynamics (MODELS.md §5)
    Parameter(
        "k",
        "per-round cost an SME pays to keep its credit standing (disclosure, audited accounts), "
        "lent or not",
        _NONNEGATIVE,
        "k",
        typical=1,
    ),
)

#: Every named parameter, by name.
PARAMETERS: Mapping[str, Parameter] = {p.name: p for p in _TABLE}


def unknown_parameter(name: str, valid: Iterable[str]) -> UnknownParameterError:
    """The error for an unknown name: lists the valid names and the nearest one."""
    valid = sorted(valid)
    close = difflib.get_close_matches(name, valid, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return UnknownParameterError(
        f"unknown parameter {name!r}{hint}; valid names: {', '.join(valid)}"
    )


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


def is_exact(value: Any) -> bool:
    """Whether a (coerced) value is exact rather than floating point."""
    return not isinstance(value, float) and not (
        isinstance(value, sp.Basic) and value.has(sp.Float)
    )


def coerce_value(value: Any, name: str = "value") -> Value:
    """Coerce a number to an exact sympy number or a float; reject anything else.

    ``bool``, strings, complex, NaN and infinities raise :class:`DomainError`.

    Examples
    --------
    >>> coerce_value(Fraction(1, 3))
    1/3
    >>> coerce_value(float("nan"), "q")
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.DomainError: q=nan is not a finite real number
    """
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        raise DomainError(f"{name}={value!r} is not a number")
    if isinstance(value, numbers.Integral):
        return _sized(sp.Integer(int(value)), name)
    if isinstance(value, Fraction):
        return _sized(sp.Rational(value.numerator, value.denominator), name)
    if isinstance(value, numbers.Real) and not isinstance(value, sp.Basic):
        value = float(value)
        if not math.isfinite(value):
            raise DomainError(f"{name}={value!r} is not a finite real number")
        return value
    if isinstance(value, sp.Basic):
        if value.free_symbols:
            return value  # a symbolic value, kept as it is
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is not True:
            raise DomainError(f"{name}={value!r} is not a finite real number")
        if isinstance(value, sp.Float):
            return float(value)
        return _sized(value, name) if isinstance(value, sp.Rational) else value
    raise DomainError(f"{name}={value!r} is not a number (type {type(value).__name__})")


#: Most decimal digits an exact value's numerator or denominator may have.
MAX_DIGITS = 60


def _sized(value: sp.Rational, name: str) -> sp.Rational:
    """Refuse exact numbers too large for exact algebra to stay fast."""
    if max(len(str(abs(value.p))), len(str(value.q))) > MAX_DIGITS:
        raise DomainError(
            f"{name} has more than {MAX_DIGITS} digits; exact algebra on it would not finish "
            "(pass a float, or a smaller number)"
        )
    return value


def _as_integer(value: Value, name: str) -> Value:
    if isinstance(value, sp.Basic) and value.free_symbols:
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise DomainError(f"{name}={value!r} must be a whole number")
        return sp.Integer(int(value))
    if not (isinstance(value, sp.Basic) and value.is_integer):
        raise DomainError(f"{name}={value!r} must be a whole number")
    return value


def _in_interval(value: Value, domain: sp.Interval) -> bool:
    if isinstance(value, sp.Basic) and value.free_symbols:
        return True  # symbolic values are checked when numbers arrive
    if isinstance(value, sp.Rational):  # exact and fast: compare as Python fractions
        value = Fraction(int(value.p), int(value.q))
    elif not isinstance(value, float):
        return bool(domain.contains(value))
    lo, hi = _bound(domain.inf), _bound(domain.sup)
    above = value > lo if domain.left_open else value >= lo
    below = value < hi if domain.right_open else value <= hi
    return bool(above and below)


def _bound(edge: sp.Expr) -> Fraction | float:
    """A domain edge as a Python number (the table's edges are integers or infinite)."""
    return Fraction(int(edge)) if edge.is_finite else float(edge)


def validate(values: Mapping[str, Any], allowed: Iterable[str] | None = None) -> dict[str, Value]:
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

    Examples
    --------
    >>> validate({"q": 2})
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.DomainError: q=2 is outside its domain Interval(0, 1) (probability that a default becomes known)
    """
    valid = set(PARAMETERS) if allowed is None else set(allowed)
    result: dict[str, Value] = {}
    for name, value in values.items():
        if name not in valid:
            raise unknown_parameter(name, valid)
        if name in PARAMETERS:
            result[name] = PARAMETERS[name].check(value)
        else:
            result[name] = coerce_value(value, name)
    return result


def parameter_table() -> list[dict[str, str]]:
    """The table as rows of plain strings, for documentation and ``--help``.

    Examples
    --------
    >>> parameter_table()[4]["name"], parameter_table()[4]["domain"]
    ('delta', 'Interval.open(0, 1)')
    """
    return [
        {
            "name": p.name,
            "notation": p.notation,
            "meaning": p.meaning,
            "domain": _describe(p),
        }
        for p in _TABLE
    ]
