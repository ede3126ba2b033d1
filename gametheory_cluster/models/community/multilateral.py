r"""Community enforcement of repayment: many lenders, many cluster partners.

The source paper's claim that a cluster punishes a defaulter collectively, made
precise (产业集群与我国中小企业融资, *Industrial clusters and the financing of China's
small and medium-sized enterprises*, §2.2–2.3); see docs/explanation/community.md.

Both models are automata on the engine (:mod:`gametheory_cluster.automata`): a bank
moves first (Lend / Refuse), then the SME (Repay / Default). A loan repaid pays the
SME :math:`Y - R` and the bank :math:`R - I`; a default pays the SME :math:`Y` and
the bank :math:`-I`; a refused SME earns its outside option :math:`w`. The engine
derives the values and every one-shot-deviation constraint, once, on one block of
states with :math:`N` a symbol (:mod:`~gametheory_cluster.models.community.blocks`);
the thresholds below are solved from those conditions, never typed in.

Many lenders, random matching (:class:`MultilateralLending`)
------------------------------------------------------------
There are :math:`N` lenders. Each period the SME is matched with one of them, each
with probability :math:`1/N`. A lender that trusts the SME lends; one that refuses
does not, and the SME earns :math:`w` that period. After a default, with
probability :math:`q` the default becomes public and every lender refuses for ever;
otherwise only the cheated lender refuses for ever. The state records :math:`k`,
the number of lenders that refuse, and whether this period's lender trusts the SME
(``"k:open"``) or refuses (``"k:shut"``). A lender that refuses expects the SME
to default if it lent after all, so refusing is its best reply.

Cluster partners (:class:`ClusterPartners`)
-------------------------------------------
The SME borrows from one bank and trades with :math:`N` cluster partners, each
worth :math:`s` per period. After a default the bank refuses for ever (it was the
one cheated) and each partner learns of it independently with probability
:math:`q` and stops trading from the next period on. State ``"punished:j"``:
:math:`j \sim \mathrm{Binomial}(N, 1-q)` partners still trade. ``N = 0`` is the
isolated SME (one bank, no partners).

Three questions
---------------
When a default can stay private, three questions have different answers:

``which="one_shot_at_start"``
    Defaulting once at the start and repaying for ever after does not pay (and the
    bank wants to lend): one deviation on the equilibrium path. Necessary only.
``which="on_path"``
    Repaying at every chance is the SME's *optimal policy* given the lenders'
    strategies: no plan of defaults does better from the start. This is the
    SME's own decision problem over the states the lenders' strategies reach.
``which="sequential"``
    Repaying is optimal after **every** history, also after undetected defaults
    (states :math:`k \ge 1`, where the SME has already lost lenders). A lender does
    not see defaults on others, so a private default starts no proper subgame: the
    notion is sequential equilibrium (with a lender's belief that the SME has
    repaid everyone else; his strategy does not depend on it). At ``q = 1`` every
    default is public and it is subgame perfection. ``"subgame_perfect"`` is a
    deprecated alias.

Each region contains the next, so the thresholds in :math:`\delta` are ordered
one-shot at start :math:`\le` on path :math:`\le` sequential.

The SME's plan on the path (many lenders). Repaying keeps :math:`k`, so a plan that
repays at some :math:`k` repays there for ever: the plans from the start are
:math:`\pi_j` — default at every chance until :math:`j` lenders refuse, then repay —
for :math:`j = 0, \dots, N`. Two neighbours differ only at :math:`k = j`:
:math:`V(\pi_{j+1}) - V(\pi_j) = -c_j\, s_j` with :math:`c_j > 0` and :math:`s_j` the
one-shot slack at :math:`j`, which the engine derives affine in :math:`k` with
slope :math:`-\delta q (Y-R-w)/(N(1-\delta))`. So :math:`V(\pi_j)` falls, then
rises, and the best plan is :math:`\pi_0` (repay for ever) or :math:`\pi_N` (default
at every chance): on path iff :math:`V(\pi_0) \ge V(\pi_N)` (when
:math:`Y - R - w \le 0` both fail). The engine derives
:math:`V(\pi_N)` as the recursion :math:`X_k = a(k) + b(k) X_{k+1}`,
:math:`X_N = w/(1-\delta)`; the condition is a polynomial of degree :math:`N` in
:math:`\delta`. Defaulting at every chance yields :math:`Y - w` in periods whose
probability falls over time, so :math:`(1-\delta)V(\pi_N)` falls with
:math:`\delta` (more weight on later periods): the region in :math:`\delta` is one
interval :math:`[\delta^*, 1)`. It is solved exactly up to ``N = EXACT_UP_TO`` and
beyond that bracketed by exact arithmetic and returned as a float
(``method="exact"`` gives the algebraic number, slowly).

Thresholds in ``N`` come from the conditions derived with :math:`N` a symbol: the
one-shot and sequential conditions are linear in :math:`N` (the SME's slack is
affine in :math:`k`, so the states :math:`k = 0` and :math:`k = N - 1` decide) and
the real-valued edge is :attr:`Threshold.boundary`. On the path the value of
defaulting at every chance rises with :math:`N` (each term of its sum does) toward
the value with infinitely many lenders, so the numbers of lenders that work are
:math:`1, \dots, \bar N`, found by doubling and bisection on exact values with no cap
— or every :math:`N`, when repaying beats defaulting even in that limit.

Examples
--------
>>> from fractions import Fraction
>>> from gametheory_cluster.models.community.multilateral import MultilateralLending
>>> point = dict(N=2, q=Fraction(1, 2), Y=150, R=110, w=0)
>>> [MultilateralLending().threshold("delta", which, **point).value for which in WHICH]
[11/14, 4/5, 11/13]
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from ...algebra import exact_values, fraction, sign, tidy
from ...automata import Certificate, Constraint, Outcome, RepeatedGame, State
from ...errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from ...figure_data import FigureData
from ...parameters import PARAMETERS, Value, coerce_value, is_exact, symbol, validate
from ...thresholds import Threshold, solve_threshold
from .blocks import K, at, lender_block, lender_functions, partner_block, stage_payoffs

__all__ = [
    "EXACT_UP_TO",
    "WHICH",
    "ClusterPartners",
    "MultilateralLending",
    "ThresholdPair",
    "threshold_notions_data",
    "threshold_nq_data",
]

#: The three questions a threshold can answer (see the module docstring).
WHICH = ("one_shot_at_start", "on_path", "sequential")
#: Old names kept for a while (each use warns).
_ALIASES = {"subgame_perfect": "sequential"}
#: ``method="auto"`` solves the on-path condition exactly up to this many lenders.
EXACT_UP_TO = 6

_PLAYERS = ("bank", "sme")
_ACTIONS = {"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")}
_HONEST = {"bank": "Lend", "sme": "Repay"}
_REFUSE = {"bank": "Refuse", "sme": "Default"}
_MEANING = {
    "one_shot_at_start": "one-shot deviation at the start (default once, then repay for ever)",
    "on_path": "optimal on the equilibrium path (repaying at every chance is the SME's best "
    "plan given the lenders' strategies)",
    "sequential": "sequential equilibrium (repaying is optimal after every history, also "
    "after undetected defaults)",
}
_NOTION = {"one_shot_at_start": "one-shot deviation at the start",
           "on_path": "optimal on the equilibrium path", "sequential": "sequential equilibrium"}
_POLICY = ("always Repay", "always Default")

Rule = Callable[[tuple[str, ...]], list[Outcome]]
Describe = Callable[[str], tuple[Mapping[str, str], Rule]]


@dataclass(frozen=True)
class ThresholdPair:
    """The on-path and the sequential-equilibrium threshold in one parameter.

    Attributes
    ----------
    on_path : Threshold
        Where repaying at every chance is the SME's optimal policy on the path.
    sequential : Threshold
        Where repaying is optimal after every history (sequential equilibrium).
    """

    on_path: Threshold
    sequential: Threshold

    @property
    def subgame_perfect(self) -> Threshold:
        """Deprecated name of :attr:`sequential`."""
        warnings.warn("ThresholdPair.subgame_perfect is deprecated: use .sequential (after a "
                      "private default there is no proper subgame)", DeprecationWarning,
                      stacklevel=2)
        return self.sequential

    def __str__(self) -> str:
        return "\n".join(f"{_MEANING[w]}: {getattr(self, w)}" for w in ("on_path", "sequential"))

    def __repr__(self) -> str:
        return f"ThresholdPair(on_path={self.on_path}, sequential={self.sequential})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: each threshold's :meth:`Threshold.to_dict`."""
        return {w: getattr(self, w).to_dict() for w in ("on_path", "sequential")}

    def latex(self) -> str:
        """Both conditions in LaTeX."""
        return (rf"\text{{on path: }} {self.on_path.latex()} \qquad "
                rf"\text{{sequential: }} {self.sequential.latex()}")

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def _check_which(which: str) -> str:
    """The canonical name of ``which`` (an old name warns)."""
    if which in _ALIASES:
        warnings.warn(
            f"which={which!r} is deprecated: use {_ALIASES[which]!r} (after a private "
            "default there is no proper subgame; the equilibrium is sequential)",
            DeprecationWarning, stacklevel=3)
        return _ALIASES[which]
    if which not in WHICH:
        raise ModelError(f"which must be one of {', '.join(WHICH)}, not {which!r}")
    return which


class _Community(ABC):
    """What both models share: the automaton, the derived conditions, thresholds."""

    #: Parameters besides ``N``.
    _names: tuple[str, ...] = ()
    #: What the N are ("lenders", "partners").
    _noun = ""
    #: The smallest N allowed.
    _N_min = 1

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters of the model, sorted (``N`` among them)."""
        return tuple(sorted((*self._names, "N")))

    # ------------------------------------------------------------ the automaton
    @abstractmethod
    def _automaton(self, N: int, p: Callable[[str], Any]) -> tuple[str, Describe]:
        """The initial state and the rule of the automaton with ``N`` lenders or partners."""

    @abstractmethod
    def _conditions(self, which: str, N: Any, values: Mapping[str, sp.Expr],
                    full: bool) -> list[Constraint]:
        """The constraints ``which`` asks about, ``N`` (a number or the symbol) substituted.

        ``full``: one constraint per reachable state; otherwise the fewest that decide
        (for solving).
        """

    def _reachable(self, N: int, values: Mapping[str, sp.Expr]) -> dict[str, tuple[Mapping, Rule]]:
        """The states some sequence of moves reaches with positive probability, in order."""
        initial, describe = self._automaton(N, lambda n: values.get(n, symbol(n)))
        table: dict[str, tuple[Mapping, Rule]] = {}
        frontier = [initial]
        profiles = [(b, a) for b in _ACTIONS["bank"] for a in _ACTIONS["sme"]]
        while frontier:
            name = frontier.pop(0)
            if name in table:
                continue
            play, rule = describe(name)
            kept = _positive(rule)
            table[name] = (play, kept)
            frontier += [o.next for prof in profiles for o in kept(prof) if o.next not in table]
        return table

    def _check_N(self, value: Any) -> int:
        coerced = coerce_value(value, "N")
        if isinstance(coerced, sp.Basic) and coerced.free_symbols:
            raise DomainError(f"N={value!r} must be a number")
        whole = isinstance(coerced, (int, sp.Integer)) or (
            isinstance(coerced, (float, sp.Rational)) and int(coerced) == coerced)
        if not whole or coerced < self._N_min:
            extra = " (0: the isolated SME)" if self._N_min == 0 else ""
            raise DomainError(f"N={value!r} must be a whole number >= {self._N_min}: the number "
                              f"of {self._noun}{extra}")
        return int(coerced)

    def _split(self, values: Mapping[str, Any]) -> tuple[int, dict[str, Value]]:
        values = dict(values)
        if "N" not in values:
            raise MissingParameterError(
                f"give N (the number of {self._noun}): the automaton's states depend on it"
            )
        N = self._check_N(values.pop("N"))
        return N, validate(values, allowed=self._names)

    def game(self, **values: Any) -> RepeatedGame:
        """The whole automaton for ``N`` (required), the other given values substituted.

        The conditions themselves are derived on one block of states with ``N`` a
        symbol (any ``N`` costs the same); this automaton is the same model state by
        state, for inspection and as a check.

        Examples
        --------
        >>> list(MultilateralLending().game(N=2).states)
        ['0:open', '2:shut', '1:open', '1:shut']
        """
        N, given = self._split(values)
        values = exact_values(given)
        table = self._reachable(N, values)
        return RepeatedGame(
            _PLAYERS, _ACTIONS, [State(name, play) for name, (play, _) in table.items()],
            lambda state, profile: table[state][1](profile),
            delta=values.get("delta", symbol("delta")), timing="sequential",
        )

    def constraints(self, which: str = "sequential", **values: Any) -> list[Constraint]:
        """The constraints that ``which`` asks about, one per reachable state (``N`` required).

        Examples
        --------
        >>> [c.label for c in MultilateralLending().constraints("on_path", N=2)]
        ['bank@0:open:Lend>Refuse', 'sme@0:open/Lend:always Repay>always Default']
        """
        which = _check_which(which)
        N, given = self._split(values)
        return self._conditions(which, N, exact_values(given), full=True)

    def is_honest(self, which: str = "sequential", **values: Any) -> Certificate:
        """Check the constraints at a point (every parameter needed); truthy when they hold.

        Examples
        --------
        >>> from fractions import Fraction
        >>> point = dict(N=5, q=Fraction(1, 5), Y=150, R=110, w=0, I=1, delta=Fraction(89, 100))
        >>> bool(MultilateralLending().is_honest("one_shot_at_start", **point))
        True
        >>> bool(MultilateralLending().is_honest("on_path", **point))  # default at every chance
        False
        """
        which = _check_which(which)
        N, given = self._split(values)
        missing = sorted(set(self._names) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        slacks = [(c, c.slack) for c in self._conditions(which, N, exact_values(given), True)]
        if all(is_exact(v) for v in given.values()):
            return Certificate(slacks, notion=_NOTION[which])
        return Certificate([(c, float(v)) for c, v in slacks], 1e-12, _NOTION[which])

    # --------------------------------------------------------------- thresholds
    def threshold(
        self, name: str, /, which: str = "sequential", *, method: str = "auto",
        max_N: int | None = None, **values: Any,
    ) -> Threshold:
        """The boundary in ``name`` of the region where the constraints ``which`` names hold.

        Parameters
        ----------
        name : str
            The parameter to solve for (``delta``, ``q``, ``N``, ``s``, ``R``, ...).
        which : {"sequential", "on_path", "one_shot_at_start"}
            Which question (see the module docstring).
        method : {"auto", "exact", "numeric"}
            For the on-path condition in ``delta`` or ``q`` with many lenders: exact
            (an algebraic number) or bracketed by exact arithmetic and returned as a
            float; ``"auto"`` is exact up to ``N = EXACT_UP_TO``.
        max_N : int, optional
            Deprecated and ignored: a threshold in ``N`` comes from the derived
            condition, with no cap.
        **values
            The other parameters; ``N`` is required unless it is ``name``. Those left
            out stay symbolic where the conditions allow.
        """
        which = _check_which(which)
        if max_N is not None:
            warnings.warn("max_N is deprecated and ignored: the threshold in N comes from the "
                          "derived condition, with no cap", DeprecationWarning, stacklevel=2)
        if method not in ("auto", "exact", "numeric"):
            raise ModelError(f"method must be 'auto', 'exact' or 'numeric', not {method!r}")
        if name not in self.parameters:
            raise UnknownParameterError(
                f"{name!r} is not a parameter of {self!r}; "
                f"valid names: {', '.join(self.parameters)}"
            )
        if name == "N":
            return self._threshold_N(which, values)
        N, given = self._split(values)
        if name in given:
            raise DomainError(f"{name} is the parameter to solve for; do not also give it a value")
        if which == "on_path" and self._numeric_on_path(name, N, given, method):
            return self._on_path_numeric(name, N, given)
        exact = exact_values(given)
        try:
            generic = solve_threshold(self._conditions(which, N, exact, False), name, given)
            generic = replace(generic, requires=tuple(dict.fromkeys(generic.requires)))
        except NoSolutionError as err:
            generic, failure = None, err
        result = self._with_edges(generic, name, N, exact, which)
        if result is None:
            raise failure
        return result

    def thresholds(self, name: str, /, *, method: str = "auto", **values: Any) -> ThresholdPair:
        """Both thresholds in ``name``: optimal on the equilibrium path, and sequential.

        Examples
        --------
        >>> from fractions import Fraction
        >>> pair = ClusterPartners().thresholds("N", q=Fraction(1, 2), s=5, Y=150, R=110, w=0,
        ...                                     I=100, delta=Fraction(1, 2))
        >>> pair.on_path.value, pair.sequential.value, pair.sequential.direction
        (28, 28, '>=')
        """
        return ThresholdPair(*(self.threshold(name, w, method=method, **values)
                               for w in ("on_path", "sequential")))

    def _numeric_on_path(self, name: str, N: int, given: Mapping[str, Value], method: str) -> bool:
        """Whether the on-path threshold is found numerically (models with a long recursion)."""
        return False

    def _on_path_numeric(self, name: str, N: int, given: Mapping[str, Value]) -> Threshold:
        raise NotImplementedError

    def _edge_differs(self, name: str, edge: sp.Expr, N: int, which: str) -> bool:
        """Whether fewer states can be reached at the end point ``edge`` of ``name``'s domain."""
        return False

    def _with_edges(
        self, generic: Threshold | None, name: str, N: int,
        values: Mapping[str, sp.Expr], which: str,
    ) -> Threshold | None:
        """Account for end points of ``name``'s domain where fewer states can be reached.

        At ``q = 1`` no default stays private, so the states after one are never
        reached and their constraints must not count there.
        """
        domain = PARAMETERS[name].domain
        edges = [e for e in (domain.inf, domain.sup) if e.is_finite and e in domain]
        result = generic
        for edge in edges:
            if not self._edge_differs(name, edge, N, which):
                continue
            slacks = [c.slack for c in self._conditions(which, N, {**values, name: edge}, False)]
            holds = all(v >= 0 for v in slacks if not v.free_symbols)
            conditions = tuple(dict.fromkeys(
                sp.Ge(tidy(v), 0) for v in slacks if v.free_symbols and sign(v) not in (0, 1)))
            result = _merge_edge(result, name, edge, holds, conditions, domain)
        return result

    def _threshold_N(self, which: str, values: Mapping[str, Any]) -> Threshold:
        if "N" in values:
            raise DomainError("N is the parameter to solve for; do not also give it a value")
        given = validate(values, allowed=self._names)
        if which == "on_path" and self._searches_N:
            return self._on_path_N(given)
        N = symbol("N")
        constraints = self._conditions(which, N, exact_values(given), False)
        how = "from the derived condition, linear in N"
        if not any(N in c.slack.free_symbols for c in constraints):
            result = self._every_N(constraints, how)
        else:
            result = solve_threshold(constraints, "N", given)
            result = replace(result, reason=f"{result.reason}; {how}" if result.reason else how)
        return self._with_zero(result, constraints) if self._N_min == 0 else result

    #: Whether the on-path threshold in N is found by a search over whole numbers.
    _searches_N = False

    def _on_path_N(self, given: Mapping[str, Value]) -> Threshold:
        raise NotImplementedError

    def _every_N(self, constraints: list[Constraint], how: str) -> Threshold:
        """N does not enter the conditions: every N works, or none does."""
        failing = [c for c in constraints if not c.slack.free_symbols and c.slack < 0]
        if failing:
            raise NoSolutionError(
                f"no number of {self._noun} N makes honest repayment work: {failing[0].label} "
                f"fails whatever N is (slack {failing[0].slack})")
        requires = tuple(dict.fromkeys(sp.Ge(tidy(c.slack), 0) for c in constraints
                                       if c.slack.free_symbols and sign(c.slack) not in (0, 1)))
        return Threshold("N", self._N_min, ">=", sp.Range(self._N_min, sp.oo), requires=requires,
                         integer=True, reason=f"every N works: N does not enter the conditions; "
                         f"{how}")

    def _with_zero(self, result: Threshold, constraints: list[Constraint]) -> Threshold:
        """Add ``N = 0`` (the isolated SME), below the parameter table's domain of N."""
        if result.region is None:
            return _remark(result, "N = 0 (the isolated SME) not checked: give numbers")
        at_zero = [c.slack.xreplace({symbol("N"): 0}) for c in constraints]
        if any(v.free_symbols for v in at_zero) or not all(v >= 0 for v in at_zero):
            return result
        region = sp.Union(sp.FiniteSet(0), result.region)
        if result.direction == ">=":
            edges = [sp.solve(sp.numer(sp.together(c.slack)), symbol("N"))
                     for c in constraints if symbol("N") in c.slack.free_symbols]
            edge = max((r for roots in edges for r in roots), default=None)
            reason = result.reason.replace("every N >= 1 works", "every N >= 0 works")
            return replace(result, value=0, region=region, boundary=edge, binding=None,
                           reason=f"{reason}; N = 0 is the isolated SME")
        return _remark(replace(result, region=region), "N = 0 (the isolated SME) also works")


def _positive(rule: Rule) -> Rule:
    """``rule`` without the outcomes whose probability is exactly zero."""

    def kept(profile: tuple[str, ...]) -> list[Outcome]:
        return [o for o in rule(profile) if sp.sympify(o.probability) != 0]

    return kept


def _merge_edge(
    result: Threshold | None, name: str, edge: sp.Expr, holds: bool,
    conditions: tuple[Any, ...], domain: sp.Interval,
) -> Threshold | None:
    """Add (or remove) a domain end point where the reachable states differ.

    ``conditions`` are what must also hold at the end point (on other parameters).
    """
    if result is None:
        if not holds:
            return None
        return Threshold(
            name, edge, ">=" if edge == domain.sup else "<=", sp.FiniteSet(edge),
            requires=conditions,
            reason=f"only at {name} = {edge}: for any other value the SME can reach states "
            "after undetected defaults where repaying does not pay",
        )
    if result.region is None:
        return _remark(result, f"at {name} = {edge} fewer states can be reached; give numbers "
                       "for the other parameters to include that point")
    inside = bool(result.region.contains(edge))
    if holds == inside:
        return result
    point = sp.FiniteSet(edge)
    region = sp.Union(result.region, point) if holds else sp.Complement(result.region, point)
    verb = "also holds" if holds else "fails"
    return _remark(replace(result, region=region),
                   f"{verb} at {name} = {edge}, where fewer states can be reached")


def _remark(result: Threshold, text: str) -> Threshold:
    """``result`` with ``text`` added to its reason."""
    return replace(result, reason=f"{result.reason}; {text}" if result.reason else text)


def _subs(values: Mapping[str, Any], N: Any) -> dict[sp.Symbol, Any]:
    return {**{symbol(n): v for n, v in values.items()}, symbol("N"): N}


def _pick(constraints: Iterable[Constraint], label: str) -> Constraint:
    return next(c for c in constraints if c.label == label)


class MultilateralLending(_Community):
    r"""N lenders matched at random with the SME; a default is public with probability ``q``.

    Parameters are given to the methods: ``N`` (lenders), ``q``, ``Y``, ``R``, ``w``,
    ``I``, ``delta``. See the module docstring for the automaton and the three
    questions.

    Examples
    --------
    With ``q = 1`` every lender punishes and the threshold is grim trigger's
    :math:`R/(Y-w)` whatever ``N``:

    >>> MultilateralLending().threshold("delta", N=4, q=1, Y=150, R=110, w=0, I=100).value
    11/15

    With private defaults more lenders make each default cheaper: repaying at
    every chance is optimal on the path only with few enough lenders.

    >>> from fractions import Fraction
    >>> MultilateralLending().threshold("N", "on_path", q=Fraction(1, 5), Y=150, R=110, w=0,
    ...                                 I=100, delta=Fraction(9, 10)).value
    5
    """

    _names = ("I", "R", "Y", "delta", "q", "w")
    _noun = "lenders"
    _searches_N = True

    def _automaton(self, N: int, p: Callable[[str], Any]) -> tuple[str, Describe]:
        q = p("q")
        pay = stage_payoffs(p("I"), p("Y"), p("R"), p("w"))

        def draw(k: int) -> list[tuple[sp.Rational, str]]:
            """This period's lender when ``k`` refuse: trusting or refusing."""
            return [(sp.Rational(n, N), f"{k}:{side}")
                    for n, side in ((N - k, "open"), (k, "shut")) if n > 0]

        def describe(name: str) -> tuple[Mapping[str, str], Rule]:
            k, side = int(name.split(":")[0]), name.split(":")[1]

            def rule(profile: tuple[str, ...]) -> list[Outcome]:
                if side == "shut" or profile != ("Lend", "Default"):
                    return [Outcome(pay(profile), nxt, pr) for pr, nxt in draw(k)]
                public = [Outcome(pay(profile), nxt, q * pr) for pr, nxt in draw(N)]
                private = [Outcome(pay(profile), nxt, (1 - q) * pr) for pr, nxt in draw(k + 1)]
                return public + private

            return (_HONEST if side == "open" else _REFUSE), rule

        return "0:open", describe

    # ------------------------------------------------------------ conditions
    @cached_property
    def _block(self) -> dict[str, Constraint]:
        """The block's constraints by role; checks the structure the reductions rely on."""
        found = lender_block().constraints
        roles = {"bank_open": "bank@k:open:Lend>Refuse",
                 "sme_open": "sme@k:open/Lend:Repay>Default",
                 "bank_shut": "bank@k:shut:Refuse>Lend",
                 "sme_shut": "sme@k:shut/Lend:Default>Repay"}
        block = {role: _pick(found, label) for role, label in roles.items()}
        if len(found) != len(block):
            raise ModelError(f"unexpected constraints on the block: {[c.label for c in found]}")
        num, den = sp.fraction(sp.together(block["sme_open"].slack))
        if K in den.free_symbols or sp.Poly(num, K).degree() > 1 or any(
                K in block[r].slack.free_symbols for r in ("bank_open", "bank_shut", "sme_shut")):
            raise ModelError("the SME's slack is not affine in k: every k would be needed")
        return block

    def _conditions(self, which: str, N: Any, values: Mapping[str, sp.Expr],
                    full: bool) -> list[Constraint]:
        block, subs = self._block, _subs(values, N)
        first = [at(block[r], 0, subs, True) for r in ("bank_open", "sme_open")]
        if which == "one_shot_at_start":
            return first
        if which == "on_path":
            return [first[0], self._policy(N, values)]
        if values.get("q") == 1:  # every default public: the states after a private one are gone
            opens, shuts = [0], [N]
        elif full:
            opens, shuts = list(range(N)), list(range(1, N + 1))
        else:  # the SME's slack is affine in k: k = 0 and k = N - 1 decide; the rest are k-free
            opens, shuts = list(dict.fromkeys([0, N - 1])), [N]
        result = []
        for k in opens:
            result += [at(block[r], k, subs, k == 0) for r in ("bank_open", "sme_open")]
        for k in shuts:
            result += [at(block[r], k, subs, False) for r in ("bank_shut", "sme_shut")]
        return result

    def _policy(self, N: Any, values: Mapping[str, sp.Expr]) -> Constraint:
        """The SME at the start: repaying at every chance against defaulting at every chance."""
        if not isinstance(N, int):
            raise ModelError("the on-path condition sums over the N lenders: give N as a number")
        block = lender_block()
        point = {n: values[n] for n in ("delta", "q", "Y", "R", "w") if n in values}
        if len(point) == 5 and not any(v.free_symbols for v in point.values()):
            conform, deviate = _plans(N, {n: fraction(v) for n, v in point.items()})
            conform, deviate = sp.Rational(conform), sp.Rational(deviate)
        else:
            subs = _subs(values, N)
            a, b = (e.xreplace(subs) for e in block.step)
            deviate = block.shut.xreplace(subs)
            for k in range(N - 1, -1, -1):
                deviate = sp.cancel(a.xreplace({K: k}) + b.xreplace({K: k}) * deviate)
            conform = block.open_value.xreplace({**subs, K: 0})
            deviate = tidy(deviate)
        return Constraint("0:open", "sme", *_POLICY, tidy(conform - deviate), "Lend", True,
                          conform, deviate)

    def _edge_differs(self, name: str, edge: sp.Expr, N: int, which: str) -> bool:
        return which == "sequential" and name == "q" and edge == 1 and N >= 2

    # ------------------------------------------------------------ the on-path search
    def _numeric_on_path(self, name: str, N: int, given: Mapping[str, Value], method: str) -> bool:
        point = {"delta", "q", "Y", "R", "w"} - {name}
        if name not in ("delta", "q") or not point <= set(given) or method == "exact":
            return False
        return method == "numeric" or N > EXACT_UP_TO or not all(
            is_exact(v) for v in given.values())

    def _on_path_numeric(self, name: str, N: int, given: Mapping[str, Value]) -> Threshold:
        """The on-path boundary in ``delta`` or ``q``: one sign change, bracketed exactly."""
        point = {n: fraction(v) for n, v in given.items() if n in ("delta", "q", "Y", "R", "w")}
        requires = self._bank_requires(given)

        def gap(x: Any) -> Any:  # same sign as the policy slack; finite as delta -> 1
            conform, deviate = _plans(N, {**point, name: x})
            scale = 1 - x if name == "delta" else 1
            return scale * (conform - deviate)

        lo, hi = Fraction(0), Fraction(1) if name == "q" else 1 - Fraction(1, 2**40)
        if gap(hi) < 0:
            raise NoSolutionError(f"no value of {name} makes repaying at every chance optimal on "
                                  f"the path with N = {N} (defaulting at every chance pays more "
                                  f"even at {name} = {float(hi):.12g})")
        if gap(lo) >= 0:
            return Threshold(name, 0.0, ">=", sp.Interval(0, 1), requires=requires, exact=False,
                             reason=f"holds for every {name} in [0, 1]")
        root = brentq(lambda x: float(gap(x)), float(lo), float(hi), xtol=1e-15, rtol=1e-15)
        a, b = Fraction(root), Fraction(root)
        step = Fraction(1, 2**50)
        while gap(a) >= 0:
            a = max(lo, a - step)
            step *= 2
        step = Fraction(1, 2**50)
        while gap(b) < 0:
            b = min(hi, b + step)
            step *= 2
        region = sp.Interval(sp.Float(float(b), 17), 1, False, name == "delta")
        return Threshold(
            name, float(b), ">=", region, requires=requires, exact=False,
            reason=f"the on-path condition is a polynomial of degree up to {N} in {name}; its "
            f"one sign change is bracketed by exact arithmetic in [{float(a)!r}, {float(b)!r}] "
            "(method='exact' gives the algebraic number)")

    def _bank_requires(self, given: Mapping[str, Value]) -> tuple[Any, ...]:
        bank = at(self._block["bank_open"], 0, _subs(exact_values(given), 1))
        if not bank.slack.free_symbols:
            if bank.slack < 0:
                raise NoSolutionError(f"{bank.label} fails: the bank loses on a loan repaid")
            return ()
        return (sp.Ge(bank.slack, 0),) if sign(bank.slack) not in (0, 1) else ()

    def _on_path_N(self, given: Mapping[str, Value]) -> Threshold:
        """Largest number of lenders: the on-path slack falls with N (module docstring)."""
        missing = sorted({"delta", "q", "Y", "R", "w"} - set(given))
        if missing:
            raise MissingParameterError(
                "the on-path threshold in N needs numbers for delta, q, Y, R, w; "
                f"missing: {', '.join(missing)}")
        requires = self._bank_requires(given)
        point = {n: fraction(v) for n, v in given.items() if n != "I"}

        def slack(n: int) -> Fraction:
            conform, deviate = _plans(n, point)
            return conform - deviate

        limit = _limit_slack(point)
        how = ("the slack of repaying at every chance against defaulting at every chance "
               "falls with N")
        if limit >= 0:
            return Threshold("N", 1, ">=", sp.Range(1, sp.oo), requires=requires, integer=True,
                             reason=f"every N works: {how} toward {limit}, still >= 0")
        if slack(1) < 0:
            raise NoSolutionError(
                f"no number of lenders makes repaying at every chance optimal on the path: even "
                f"with N = 1 defaulting pays more (slack {slack(1)})")
        low, high = 1, 2
        while slack(high) >= 0:
            low, high = high, 2 * high
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (mid, high) if slack(mid) >= 0 else (low, mid)
        binding = self._policy(high, exact_values(given))
        return Threshold("N", low, "<=", sp.Range(1, low + 1), binding, requires, integer=True,
                         reason=f"{how} (to {limit} with infinitely many lenders); "
                         "N = 1 ... "
                         f"{low} work, found by doubling and bisection on exact values")


def _plans(N: int, point: Mapping[str, Any]) -> tuple[Any, Any]:
    """The SME's values at the start: repaying at every chance, defaulting at every chance.

    ``point`` holds ``delta, q, Y, R, w`` as fractions (exact) or floats.
    """
    honest, a, b, shut = lender_functions()
    args = tuple(point[n] for n in ("delta", "q", "Y", "R", "w"))
    value = shut(N, 0, *args)
    for k in range(N - 1, -1, -1):
        value = a(N, k, *args) + b(N, k, *args) * value
    return honest(N, 0, *args), value


def _limit_slack(point: Mapping[str, Any]) -> Any:
    """The on-path slack with infinitely many lenders: the recursion's fixed point as N → ∞."""
    block = lender_block()
    N = symbol("N")
    subs = {symbol(n): sp.Rational(v) for n, v in point.items()}
    a, b = (sp.limit(e.xreplace(subs), N, sp.oo) for e in block.step)
    conform = sp.limit(block.open_value.xreplace(subs), N, sp.oo).xreplace({K: 0})
    return sp.Rational(conform - (a / (1 - b)).xreplace({K: 0}))


class ClusterPartners(_Community):
    r"""One bank and ``N`` cluster partners worth ``s`` each; each learns of a default w.p. ``q``.

    Parameters are given to the methods: ``N`` (partners, ``0`` for the isolated
    SME), ``s``, ``q``, ``Y``, ``R``, ``w``, ``I``, ``delta``. See the module
    docstring for the automaton. After a default the bank refuses for ever, so the
    SME never chooses again on the path: the three questions give the same answer.

    Examples
    --------
    >>> from fractions import Fraction
    >>> ClusterPartners().threshold("s", N=10, q=Fraction(1, 2), Y=150, R=110, w=0,
    ...                             delta=Fraction(1, 2)).value
    14
    >>> ClusterPartners().threshold("delta", N=0, q=Fraction(1, 2), s=5, Y=150, R=110, w=0).value
    11/15
    """

    _names = ("I", "R", "Y", "delta", "q", "s", "w")
    _noun = "partners"
    _N_min = 0

    def _automaton(self, N: int, p: Callable[[str], Any]) -> tuple[str, Describe]:
        q, s = p("q"), p("s")
        args = (p("I"), p("Y"), p("R"), p("w"))

        def describe(name: str) -> tuple[Mapping[str, str], Rule]:
            if name == "honest":
                pay = stage_payoffs(*args, N * s)

                def rule(profile: tuple[str, ...]) -> list[Outcome]:
                    if profile != ("Lend", "Default"):
                        return [Outcome(pay(profile), "honest")]
                    return [Outcome(pay(profile), f"punished:{j}",
                                    sp.binomial(N, j) * (1 - q) ** j * q ** (N - j))
                            for j in range(N + 1)]

                return _HONEST, rule
            j = int(name.split(":")[1])
            pay = stage_payoffs(*args, j * s)
            return _REFUSE, lambda profile: [Outcome(pay(profile), name)]

        return "honest", describe

    def _conditions(self, which: str, N: Any, values: Mapping[str, sp.Expr],
                    full: bool) -> list[Constraint]:
        block, subs = partner_block(), _subs(values, N)
        honest = [at(c, None, subs) for c in block.constraints if c.state == "honest"]
        if which == "one_shot_at_start":
            return honest
        if which == "on_path":
            conform, deviate = (tidy(e.xreplace(subs)) for e in (block.honest, block.default))
            policy = Constraint("honest", "sme", *_POLICY, tidy(conform - deviate), "Lend", True,
                                conform, deviate)
            return [_pick(honest, "bank@honest:Lend>Refuse"), policy]
        punished = [at(c, None, subs, False) for c in block.constraints if c.state == "punished"]
        if not full:
            return honest + punished
        q = values.get("q", symbol("q"))
        js = [N] if q == 0 else [0] if q == 1 else list(range(N + 1))
        return honest + [replace(c, state=f"punished:{j}") for j in js for c in punished]


# ---------------------------------------------------------------- the (N, q) plane
def _grid(q_values: Sequence[float] | np.ndarray | None) -> np.ndarray:
    grid = np.linspace(0.0, 1.0, 21) if q_values is None else np.asarray(q_values, dtype=float)
    if grid.ndim != 1 or not len(grid) or np.any((grid < 0) | (grid > 1)) or np.any(np.isnan(grid)):
        raise DomainError("q_values must be a non-empty list of probabilities in [0, 1]")
    return grid


def _stars(model: MultilateralLending, which: str, Ns: Iterable[int], grid: np.ndarray,
           values: Mapping[str, Any]) -> list[float]:
    """δ* for every ``N`` in ``Ns`` along ``grid`` of q, as floats (N-major order).

    One-shot and sequential: derived once with ``N`` and ``q`` as symbols (exact)
    and evaluated; at q = 1 the sequential one is solved directly (no default stays
    private there). On path: each point bracketed by exact arithmetic (a root of
    degree N).
    """
    Ns = [int(n) for n in Ns]
    if which == "on_path":
        return [float(model.threshold("delta", which, method="numeric", N=n, q=Fraction(x),
                                      **values).value) for n in Ns for x in grid]
    general = solve_threshold(
        model._conditions(which, symbol("N"), exact_values(values), False), "delta", values)
    if general.direction != ">=" or general.valid_when:
        raise NoSolutionError(f"no closed-form threshold in delta: {general}")
    curve = sp.lambdify((symbol("N"), symbol("q")), general.value, "numpy")
    stars = []
    for n in Ns:
        at_one = float(model.threshold("delta", which, N=n, q=1, **values).value)
        stars += [at_one if x == 1.0 else float(curve(n, x)) for x in grid]
    return stars


def threshold_nq_data(
    N_values: Iterable[int] = range(1, 9),
    q_values: Sequence[float] | np.ndarray | None = None,
    which: str = "on_path",
    **values: Any,
) -> FigureData:
    """δ* of :class:`MultilateralLending` over a grid of ``N`` and ``q``.

    The one-shot and sequential thresholds are derived once as functions of ``N``
    and ``q`` (exact, symbolic) and evaluated on the grid; the end points of
    ``q``'s domain are solved directly (at ``q = 1`` no default stays private). The
    on-path threshold (the SME's optimal policy) is a root of a polynomial of degree
    ``N``: each point is bracketed by exact arithmetic.

    Parameters
    ----------
    N_values : iterable of int
        Numbers of lenders.
    q_values : sequence of float, optional
        Publicity probabilities (default: 21 points from 0 to 1).
    which : {"on_path", "sequential", "one_shot_at_start"}
        Which threshold.
    **values
        ``Y``, ``R``, ``w`` (and optionally ``I``) as numbers (default: the base case
        ``Y=150, R=110, w=0``).

    Examples
    --------
    >>> data = threshold_nq_data([1, 2], [0.0, 0.5, 1.0])
    >>> [round(x, 4) for x in data.columns["delta_star"]]
    [0.7333, 0.7333, 0.7333, 0.8462, 0.8, 0.7333]
    """
    which = _check_which(which)
    values = {"Y": 150, "R": 110, "w": 0} | dict(values)
    grid = _grid(q_values)
    model = MultilateralLending()
    validate(values, allowed=model._names)
    rows: dict[str, list[Any]] = {"N": [], "q": [], "delta_star": []}
    Ns = [int(n) for n in N_values]
    rows["N"] = [n for n in Ns for _ in grid]
    rows["q"] = [float(x) for _ in Ns for x in grid]
    rows["delta_star"] = _stars(model, which, Ns, grid, values)
    return FigureData(
        rows,
        title=f"delta* over (N, q), {_NOTION[which]}",
        notes={"model": "MultilateralLending", "which": which,
               **{k: str(v) for k, v in values.items()}},
    )


def threshold_notions_data(
    N_values: Iterable[int] = (1, 2, 3, 4, 6, 8, 12, 16),
    q_values: Sequence[float] = (0.0, 0.25, 0.5, 0.75),
    **values: Any,
) -> FigureData:
    """δ* of the three questions side by side over ``N`` and ``q`` (how far apart they are).

    Columns ``N``, ``q``, ``one_shot_at_start``, ``on_path``, ``sequential`` and
    ``gap`` (sequential minus one-shot).

    Examples
    --------
    >>> data = threshold_notions_data([2], [0.5])
    >>> [round(data.columns[w][0], 4) for w in ("one_shot_at_start", "on_path", "sequential")]
    [0.7857, 0.8, 0.8462]
    """
    values = {"Y": 150, "R": 110, "w": 0} | dict(values)
    grid = _grid(q_values)
    model = MultilateralLending()
    validate(values, allowed=model._names)
    rows: dict[str, list[Any]] = {"N": [], "q": [], **{w: [] for w in WHICH}, "gap": []}
    Ns = [int(n) for n in N_values]
    rows["N"] = [n for n in Ns for _ in grid]
    rows["q"] = [float(x) for _ in Ns for x in grid]
    for w in WHICH:
        rows[w] = _stars(model, w, Ns, grid, values)
    rows["gap"] = [c - a for a, c in zip(rows["one_shot_at_start"], rows["sequential"],
                                         strict=True)]
    return FigureData(rows, title="delta* by question: one-shot at start, on path, sequential",
                      notes={"model": "MultilateralLending",
                             **{k: str(v) for k, v in values.items()}})

