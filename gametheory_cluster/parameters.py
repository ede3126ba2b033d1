r"""The named parameters of every model: symbol, meaning, domain and paper notation.

This module holds the global table of parameter names and, for every model, its own
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
gametheory_cluster.errors.UnknownParameterError: unknown parameter 'dleta' (did you mean ...

One name, one meaning per model: Diamond's ``r`` is a gross rate, not a probability.

>>> validate({"r": Fraction(21, 20)}, table="CreditRecordGame")
{'r': 21/20}
>>> TABLES["CreditRecordGame"].own
('B', 'G', 'f_B', 'f_G', 'pi', 'r')
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from .errors import DomainError, UnknownParameterError

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

#: A parameter value: exact (int, Fraction, sympy number) or float.
Value = int | float | Fraction | sp.Basic

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


def _typed(value: Any) -> str:
    """A value as it was typed, for messages: ``-150``, ``3/5``, ``0.5``, ``'abc'``."""
    if isinstance(value, (Fraction, sp.Basic)):
        return str(value)
    return repr(value)


_TABLE: tuple[Parameter, ...] = (
    # the lending relationship (docs/explanation/repeated_lending.md)
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
    # cluster mechanisms (docs/explanation/repeated_lending.md)
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
    # community enforcement and networks (docs/explanation/community.md)
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
    # information asymmetry (docs/explanation/information.md)
    Parameter(
        "mu", "prior share of SMEs that always repay", _UNIT, r"\mu", typical=Fraction(1, 10)
    ),
    Parameter(
        "pi_r",
        "success probability of the risky project (or of a risky borrower's project)",
        _UNIT,
        r"\pi_r",
        typical=Fraction(1, 2),
    ),
    Parameter(
        "Y_r", "gross return of the risky project when it succeeds", _POSITIVE, "Y_r", typical=250
    ),
    # policy instruments (docs/explanation/policy.md)
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
    # dynamics (docs/explanation/dynamics.md)
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


def _own(name, meaning, domain, notation, typical, integer=False) -> Parameter:
    return Parameter(name, meaning, domain, notation, integer=integer, typical=typical)


_COLLATERAL = _own("C", "collateral pledged per unit lent", _NONNEGATIVE, "C", Fraction(1, 5))
#: Shared by both Stiglitz–Weiss tables.
_RESERVATION = _own(
    "u", "borrowers' reservation value (indifferent types apply)", _NONNEGATIVE, "u",
    Fraction(1, 10),
)
_MEAN_RETURN = _own(
    "Ybar", "common mean return per unit lent", _POSITIVE, r"\bar Y", Fraction(27, 20)
)
_GLOBAL = ParameterTable("global", PARAMETERS)

#: Each model's own parameter table, by model (class) name.
TABLES: Mapping[str, ParameterTable] = {
    t.model: t
    for t in (
        # the lending relationship
        ParameterTable("LendingGame", "I Y R w lam",
                       summary="the one-shot lending game (trust game)"),
        ParameterTable("RepeatedLending", "C I L R T Y delta lam p pi q s w",
                       summary="repeated lending with the cluster's mechanisms"),
        ParameterTable("LendingDynamics", "C I R Y g k lam q s w",
                       summary="replicator dynamics of the lending stage game"),
        # community enforcement and networks
        ParameterTable("MultilateralLending", "I N R Y delta q w",
                       summary="N lenders who may learn of a default"),
        ParameterTable("ClusterPartners", "I N R Y delta q s w",
                       summary="a borrower with N cluster partners"),
        ParameterTable("KandoriCommunity", "M delta gain loss",
                       summary="Kandori's community enforcement"),
        ParameterTable("Coalition", "W alpha delta h_c h_h phi sigma",
                       summary="Greif's coalition of merchants and agents"),
        ParameterTable("NetworkPunishment", "I R Y delta r s w",
                       summary="punishment spreading over a network of ties"),
        # policy
        ParameterTable("CreditGuarantee", "I R Y f g lam m pi pi0 rho w",
                       summary="a credit guarantee in the one-shot game"),
        ParameterTable("GuaranteedLending", "C I L R T Y delta f g lam p pi q s w",
                       summary="repeated lending with a guarantee"),
        ParameterTable("MainBank", "I R Y delta kappa p pi w",
                       summary="a relationship (main) bank"),
        ParameterTable("JointLiabilityScreening", "I R Y Y_r c pi pi_r",
                       summary="joint liability screening safe from risky borrowers"),
        ParameterTable("PeerMonitoring", "R Y Y_r c e pi pi_r",
                       summary="project choice of two jointly liable borrowers"),
        ParameterTable("GuaranteeNetwork", ["g"], summary="contagion in a guarantee network"),
        # information
        ParameterTable("MoralHazard", "C I R T Y Y_r delta pi pi_r q w",
                       summary="project choice after the loan, one-shot and repeated"),
        ParameterTable("ReputationGame", "I R Y delta mu w",
                       summary="Kreps–Wilson reputation with an honest type"),
        ParameterTable(
            "CreditRecordGame",
            ["delta"],
            (
                _own("G", "gross return of the safe project (type G, and BG when safe)",
                     _POSITIVE, "G", Fraction(13, 10)),
                _own("B", "gross return of the risky project when it succeeds", _POSITIVE, "B",
                     Fraction(9, 5)),
                _own("pi", "probability that the risky project succeeds", _OPEN_UNIT, r"\pi",
                     Fraction(1, 2)),
                _own("r", "riskless gross interest rate (the lenders' cost of funds)", _POSITIVE,
                     "r", 1),
                _own("f_G", "initial share of borrowers with only the safe project", _UNIT, "f_G",
                     Fraction(3, 5)),
                _own("f_B", "initial share of borrowers with only the risky project", _UNIT,
                     "f_B", Fraction(3, 10)),
            ),
            summary="Diamond's credit records",
        ),
        ParameterTable(
            "Refinancing",
            ["I", "delta"],
            (
                _own("C", "exit cost an SME loses when the bank does not refinance it "
                     "(its place in the cluster)", _NONNEGATIVE, "C", 20),
                _own("pi", "probability that the project returns Y_H", _OPEN_UNIT, r"\pi",
                     Fraction(3, 4)),
                _own("Y_H", "high return of the project", _POSITIVE, "Y_H", 130),
                _own("Y_L", "low return of the project (below the loan)", _NONNEGATIVE, "Y_L", 90),
            ),
            summary="Bolton–Scharfstein's threat of not refinancing",
        ),
        ParameterTable(
            "StiglitzWeiss",
            ["R"],
            (
                _COLLATERAL,
                _RESERVATION,
                _MEAN_RETURN,
                _own("p_s", "success probability of the safe type", sp.Interval.Lopen(0, 1),
                     "p_s", Fraction(9, 10)),
                _own("p_r", "success probability of the risky type", sp.Interval.Lopen(0, 1),
                     "p_r", Fraction(1, 2)),
                _own("n_s", "share of safe borrowers", _OPEN_UNIT, "n_s", Fraction(1, 2)),
            ),
            summary="Stiglitz–Weiss with finitely many risk types",
        ),
        ParameterTable(
            "StiglitzWeissContinuous",
            ["R"],
            (
                _COLLATERAL,
                _RESERVATION,
                _MEAN_RETURN,
                _own("theta", "risk index: a type's failure probability", _UNIT, r"\theta",
                     Fraction(1, 4)),
            ),
            summary="Stiglitz–Weiss with a continuum of risk types",
        ),
        ParameterTable(
            "CollateralSignaling",
            "I R Y mu",
            (
                _own("C", "collateral the SME offers (one of the levels)", _NONNEGATIVE, "C", 1),
                _own("f", "fee for registering and appraising a pledge, loan or no loan",
                     _NONNEGATIVE, "f", Fraction(1, 20)),
                _own("h", "share of bad SMEs the cluster's association turns away", _UNIT, "h",
                     Fraction(3, 5)),
                _own("beta", "share of seized collateral the bank realises", _UNIT, r"\beta",
                     Fraction(2, 5)),
                _own("p_g", "success probability of a good SME", _UNIT, "p_g", Fraction(9, 10)),
                _own("p_b", "success probability of a bad SME", _UNIT, "p_b", Fraction(1, 2)),
            ),
            summary="collateral as a signal, outside and inside a cluster",
        ),
        ParameterTable(
            "Bester",
            ["R"],
            (
                _COLLATERAL,
                _own("rho", "bank's gross cost of funds per unit lent", _POSITIVE, r"\rho",
                     Fraction(21, 20)),
                _own("beta", "share of seized collateral the bank realises",
                     sp.Interval.Lopen(0, 1), r"\beta", Fraction(4, 5)),
                _own("p_l", "success probability of the low-risk type", sp.Interval.Lopen(0, 1),
                     "p_l", Fraction(9, 10)),
                _own("p_h", "success probability of the high-risk type", _OPEN_UNIT, "p_h",
                     Fraction(3, 5)),
                _own("X_l", "low-risk type's return on success", _POSITIVE, "X_l",
                     Fraction(3, 2)),
                _own("X_h", "high-risk type's return on success", _POSITIVE, "X_h",
                     Fraction(9, 4)),
                _own("n_l", "share of low-risk borrowers", _OPEN_UNIT, "n_l", Fraction(1, 2)),
                _own("W", "wealth the low-risk SME can post as collateral", _NONNEGATIVE, "W",
                     Fraction(1, 2)),
            ),
            summary="Bester's screening by collateral",
        ),
    )
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
        raise DomainError(f"{name}={_typed(value)} is not a number")
    if isinstance(value, numbers.Integral):
        return _sized(sp.Integer(int(value)), name)
    if isinstance(value, Fraction):
        return _sized(sp.Rational(value.numerator, value.denominator), name)
    if isinstance(value, numbers.Real) and not isinstance(value, sp.Basic):
        value = float(value)
        if not math.isfinite(value):
            raise DomainError(f"{name}={_typed(value)} is not a finite real number")
        return value
    if isinstance(value, sp.Basic):
        if value.free_symbols:
            return value  # a symbolic value, kept as it is
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_real is not True:
            raise DomainError(f"{name}={_typed(value)} is not a finite real number")
        if isinstance(value, sp.Float):
            return float(value)
        return _sized(value, name) if isinstance(value, sp.Rational) else value
    raise DomainError(f"{name}={_typed(value)} is not a number (type {type(value).__name__})")


#: Most decimal digits an exact value's numerator or denominator may have.
MAX_DIGITS = 60


def _digits(n: int) -> float:
    """Decimal digits of ``n``; huge numbers count as infinite (no slow, limited ``str``)."""
    n = abs(int(n))
    return len(str(n)) if n.bit_length() <= 4 * MAX_DIGITS else math.inf


def _sized(value: sp.Rational, name: str) -> sp.Rational:
    """Refuse exact numbers too large for exact algebra to stay fast."""
    if max(_digits(value.p), _digits(value.q)) > MAX_DIGITS:
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
            raise DomainError(f"{name}={_typed(value)} must be a whole number")
        return sp.Integer(int(value))
    if not (isinstance(value, sp.Basic) and value.is_integer):
        raise DomainError(f"{name}={_typed(value)} must be a whole number")
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
        for p in _TABLE
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
