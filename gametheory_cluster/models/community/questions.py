r"""The questions a community model answers, and the thresholds built on them.

See docs/explanation/community.md and
:mod:`~gametheory_cluster.models.community.multilateral`, whose two models
(:class:`MultilateralLending`, :class:`ClusterPartners`) share this machinery. When
a default can stay private there are three questions (``which=``):

* ``"one_shot_at_start"`` — one default at the start, then repaying for ever, does
  not pay (and the bank wants to lend);
* ``"on_path"`` — repaying at every chance is the SME's optimal policy given the
  lenders' strategies;
* ``"sequential"`` — repaying is optimal after every history, also after
  undetected defaults: a sequential equilibrium, since a private default starts no
  proper subgame (``"subgame_perfect"`` is a deprecated alias).

A model supplies its automaton (for :meth:`Community.game`) and its conditions with
``N`` a number or the symbol; thresholds in any parameter, ``N`` included, are
solved from them. Thresholds in ``N`` come from the derived condition, with no cap.

Examples
--------
>>> WHICH
('one_shot_at_start', 'on_path', 'sequential')
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sympy as sp

from ...algebra import exact_values, sign, tidy
from ...automata import Certificate, Constraint, Outcome, RepeatedGame, State
from ...errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from ...parameters import PARAMETERS, Value, coerce_value, is_exact, symbol, validate
from ...thresholds import Threshold, solve_threshold

__all__ = [
    "HONEST",
    "NOTION",
    "POLICY",
    "REFUSE",
    "WHICH",
    "Community",
    "Describe",
    "Rule",
    "ThresholdPair",
    "check_which",
    "pick",
    "substitutions",
]

#: The three questions a threshold can answer (see the module docstring).
WHICH = ("one_shot_at_start", "on_path", "sequential")
#: Old names kept for a while (each use warns).
_ALIASES = {"subgame_perfect": "sequential"}

_PLAYERS = ("bank", "sme")
_ACTIONS = {"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")}
#: What the automaton prescribes when the lender trusts the SME, and when it refuses.
HONEST = {"bank": "Lend", "sme": "Repay"}
REFUSE = {"bank": "Refuse", "sme": "Default"}
_MEANING = {
    "one_shot_at_start": "one-shot deviation at the start (default once, then repay for ever)",
    "on_path": "optimal on the equilibrium path (repaying at every chance is the SME's best "
    "plan given the lenders' strategies)",
    "sequential": "sequential equilibrium (repaying is optimal after every history, also "
    "after undetected defaults)",
}
#: What each question calls a point where its constraints hold (certificates, titles).
NOTION = {"one_shot_at_start": "one-shot deviation at the start",
          "on_path": "optimal on the equilibrium path", "sequential": "sequential equilibrium"}
#: The SME's two plans the on-path question compares (the constraint's action, deviation).
POLICY = ("always Repay", "always Default")

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
        parts = [f"on path: {self.on_path}", f"sequential: {self.sequential}"]
        return f"ThresholdPair({'; '.join(parts)})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: each threshold's :meth:`Threshold.to_dict`."""
        return {w: getattr(self, w).to_dict() for w in ("on_path", "sequential")}

    def latex(self) -> str:
        """Both conditions in LaTeX."""
        return (rf"\text{{on path: }} {self.on_path.latex()} \qquad "
                rf"\text{{sequential: }} {self.sequential.latex()}")

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def check_which(which: str) -> str:
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


class Community(ABC):
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
        >>> from gametheory_cluster.models.community import MultilateralLending
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
        >>> from gametheory_cluster.models.community import MultilateralLending
        >>> [c.label for c in MultilateralLending().constraints("on_path", N=2)]
        ['bank@0:open:Lend>Refuse', 'sme@0:open/Lend:always Repay>always Default']
        """
        which = check_which(which)
        N, given = self._split(values)
        return self._conditions(which, N, exact_values(given), full=True)

    def is_honest(self, which: str = "sequential", **values: Any) -> Certificate:
        """Check the constraints at a point (every parameter needed); truthy when they hold.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from gametheory_cluster.models.community import MultilateralLending
        >>> point = dict(N=5, q=Fraction(1, 5), Y=150, R=110, w=0, I=1, delta=Fraction(89, 100))
        >>> bool(MultilateralLending().is_honest("one_shot_at_start", **point))
        True
        >>> bool(MultilateralLending().is_honest("on_path", **point))  # default at every chance
        False
        """
        which = check_which(which)
        N, given = self._split(values)
        missing = sorted(set(self._names) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        slacks = [(c, c.slack) for c in self._conditions(which, N, exact_values(given), True)]
        if all(is_exact(v) for v in given.values()):
            return Certificate(slacks, notion=NOTION[which])
        return Certificate([(c, float(v)) for c, v in slacks], 1e-12, NOTION[which])

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
        which = check_which(which)
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
        >>> from gametheory_cluster.models.community import ClusterPartners
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
        """The numeric on-path threshold, for a model whose ``_numeric_on_path`` can say yes."""
        raise NotImplementedError(f"{type(self).__name__} has no numeric on-path threshold")

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
        """The on-path threshold in N by search; a model with ``_searches_N = True`` defines it."""
        raise NotImplementedError(f"{type(self).__name__} does not search for N")

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


def substitutions(values: Mapping[str, Any], N: Any) -> dict[sp.Symbol, Any]:
    """Symbols to put in: the named values, and ``N`` (a number or the symbol)."""
    return {**{symbol(n): v for n, v in values.items()}, symbol("N"): N}


def pick(constraints: Iterable[Constraint], label: str) -> Constraint:
    """The constraint with ``label``."""
    return next(c for c in constraints if c.label == label)
