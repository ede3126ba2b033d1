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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from ...algebra import exact_values, fraction, sign, tidy
from ...automata import Constraint, Outcome
from ...errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
)
from ...figure_data import FigureData
from ...parameters import Value, is_exact, symbol, validate
from ...thresholds import Threshold, solve_threshold
from .blocks import K, at, lender_block, lender_functions, partner_block, stage_payoffs
from .questions import (
    HONEST,
    NOTION,
    POLICY,
    REFUSE,
    WHICH,
    Community,
    Describe,
    Rule,
    ThresholdPair,
    check_which,
    pick,
    substitutions,
)

__all__ = [
    "EXACT_UP_TO",
    "WHICH",
    "ClusterPartners",
    "MultilateralLending",
    "ThresholdPair",
    "threshold_notions_data",
    "threshold_nq_data",
]

#: ``method="auto"`` solves the on-path condition exactly up to this many lenders.
EXACT_UP_TO = 6


class MultilateralLending(Community):
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

            return (HONEST if side == "open" else REFUSE), rule

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
        block = {role: pick(found, label) for role, label in roles.items()}
        if len(found) != len(block):
            raise ModelError(f"unexpected constraints on the block: {[c.label for c in found]}")
        num, den = sp.fraction(sp.together(block["sme_open"].slack))
        if K in den.free_symbols or sp.Poly(num, K).degree() > 1 or any(
                K in block[r].slack.free_symbols for r in ("bank_open", "bank_shut", "sme_shut")):
            raise ModelError("the SME's slack is not affine in k: every k would be needed")
        return block

    def _conditions(self, which: str, N: Any, values: Mapping[str, sp.Expr],
                    full: bool) -> list[Constraint]:
        block, subs = self._block, substitutions(values, N)
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
            subs = substitutions(values, N)
            a, b = (e.xreplace(subs) for e in block.step)
            deviate = block.shut.xreplace(subs)
            for k in range(N - 1, -1, -1):
                deviate = sp.cancel(a.xreplace({K: k}) + b.xreplace({K: k}) * deviate)
            conform = block.open_value.xreplace({**subs, K: 0})
            deviate = tidy(deviate)
        return Constraint("0:open", "sme", *POLICY, tidy(conform - deviate), "Lend", True,
                          conform, deviate)

    def _edge_differs(self, name: str, edge: sp.Expr, N: int, which: str) -> bool:
        return which == "sequential" and name == "q" and edge == 1 and N >= 2

    # ------------------------------------------------------------ the on-path search
    def _numeric_on_path(self, name: str, N: int, given: Mapping[str, Value], method: str) -> bool:
        point = {"delta", "q", "Y", "R", "w"} - {name}
        if name not in ("delta", "q") or not point <= set(given) or method == "exact":
            return False
        if given.get("q") == 1:  # every default public: the recursion stops at once, exact
            return False
        return method == "numeric" or N > EXACT_UP_TO or not all(
            is_exact(v) for v in given.values())

    def _on_path_numeric(self, name: str, N: int, given: Mapping[str, Value]) -> Threshold:
        """The on-path boundary in ``delta`` or ``q``: one sign change, bracketed exactly."""
        point = {n: fraction(v) for n, v in given.items() if n in ("delta", "q", "Y", "R", "w")}
        requires = self._bank_requires(given)

        def gap(x: Any, at: Mapping[str, Any] = point) -> Any:
            """Same sign as the policy slack, finite as delta -> 1 (exact at exact ``at``)."""
            conform, deviate = _plans(N, {**at, name: x})
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
        floats = {n: float(v) for n, v in point.items()}  # the search in floats, the bracket exact
        root = brentq(lambda x: gap(x, floats), float(lo), float(hi), xtol=1e-15, rtol=1e-15)
        a = b = Fraction(root)
        step = Fraction(1, 2**50)
        if gap(a) >= 0:  # the float root is on the upper side: it is b; search below for a
            while True:
                a = max(lo, a - step)
                step *= 2
                if gap(a) < 0:
                    break
        else:  # on the lower side: it is a; search above for b
            while True:
                b = min(hi, b + step)
                step *= 2
                if gap(b) >= 0:
                    break
        region = sp.Interval(sp.Float(float(b), 17), 1, False, name == "delta")
        return Threshold(
            name, float(b), ">=", region, requires=requires, exact=False,
            reason=f"the on-path condition is a polynomial of degree up to {N} in {name}; its "
            f"one sign change is bracketed by exact arithmetic in [{float(a)!r}, {float(b)!r}] "
            "(method='exact' gives the algebraic number)")

    def _bank_requires(self, given: Mapping[str, Value]) -> tuple[Any, ...]:
        exact = exact_values(given)
        # only the values the bank's slack contains matter: one derivation per such point
        names = {s.name for s in self._block["bank_open"].slack.free_symbols}
        key = tuple(sorted((n, v) for n, v in exact.items() if n in names))
        cache = self.__dict__.setdefault("_bank_requires_cache", {})
        if key not in cache:
            cache[key] = self._bank_requires_at(exact)
        return cache[key]

    def _bank_requires_at(self, exact: Mapping[str, sp.Expr]) -> tuple[Any, ...]:
        bank = at(self._block["bank_open"], 0, substitutions(exact, 1))
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


class ClusterPartners(Community):
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

                return HONEST, rule
            j = int(name.split(":")[1])
            pay = stage_payoffs(*args, j * s)
            return REFUSE, lambda profile: [Outcome(pay(profile), name)]

        return "honest", describe

    def _conditions(self, which: str, N: Any, values: Mapping[str, sp.Expr],
                    full: bool) -> list[Constraint]:
        block, subs = partner_block(), substitutions(values, N)
        honest = [at(c, None, subs) for c in block.constraints if c.state == "honest"]
        if which == "one_shot_at_start":
            return honest
        if which == "on_path":
            conform, deviate = (tidy(e.xreplace(subs)) for e in (block.honest, block.default))
            policy = Constraint("honest", "sme", *POLICY, tidy(conform - deviate), "Lend", True,
                                conform, deviate)
            return [pick(honest, "bank@honest:Lend>Refuse"), policy]
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
        at_one = (float(model.threshold("delta", which, N=n, q=1, **values).value)
                  if (grid == 1.0).any() else None)  # solved only when the grid reaches q = 1
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
    which = check_which(which)
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
        title=f"delta* over (N, q), {NOTION[which]}",
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

