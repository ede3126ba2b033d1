r"""The community models' conditions, derived once on one block of states, with N a symbol.

See docs/explanation/community.md. The automaton of
:class:`~gametheory_cluster.models.community.multilateral.MultilateralLending` has
:math:`2N` states, but they come in blocks: honest play never changes :math:`k`, the
number of lenders that refuse, and a default at :math:`k` moves to :math:`k+1`
(private, probability :math:`1-q`) or to :math:`N` (public, probability :math:`q`).
So every condition lives on one *block*, an automaton with :math:`k` and :math:`N`
as symbols and four states:

* ``k:open`` / ``k:shut`` — :math:`k` lenders refuse; this period's lender trusts
  the SME (probability :math:`(N-k)/N`) or refuses;
* ``N:shut`` — every lender refuses (the SME earns :math:`w` for ever);
* ``next`` — where a private default leads; it stands for the block at
  :math:`k+1` and pays the SME the symbol :math:`X` (its value) for ever.

The engine (:class:`~gametheory_cluster.automata.RepeatedGame`) derives the values
and the one-shot-deviation constraints of the block once. Putting :math:`X` equal to
the honest value at :math:`k+1` (the block's own value with :math:`k \to k+1`) gives
the SME's one-shot constraint at every :math:`k`; prescribing Default at ``k:open``
gives the recursion :math:`X_k = a(k) + b(k)\,X_{k+1}` of the value of defaulting at
every chance. Any :math:`N` then costs the same: a threshold substitutes :math:`N`
(and :math:`k = 0` or :math:`N-1`), and a value sums the recursion.

:class:`~gametheory_cluster.models.community.multilateral.ClusterPartners` has one
block too: after a default, :math:`J \sim \mathrm{Binomial}(N, 1-q)` partners still
trade. The engine derives the constraints with :math:`J` a symbol; they are affine
in :math:`J` (checked), so their expectation puts :math:`J = E[J] = N(1-q)`.

Examples
--------
>>> block = lender_block()
>>> for c in block.constraints:
...     print(c.label)
bank@k:open:Lend>Refuse
sme@k:open/Lend:Repay>Default
bank@k:shut:Refuse>Lend
sme@k:shut/Lend:Default>Repay
>>> block.honest  # the SME's honest value with k lenders refusing, before the draw
(-N*R + N*Y + R*k - Y*k + k*w)/(N*(1 - delta))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

from ...algebra import tidy
from ...automata import Constraint, Outcome, RepeatedGame, State
from ...errors import ModelError
from ...parameters import symbol, symbols

__all__ = [
    "K",
    "LenderBlock",
    "PartnerBlock",
    "at",
    "exact_function",
    "lender_block",
    "lender_functions",
    "partner_block",
    "stage_payoffs",
]

#: The number of lenders that refuse, in the block's expressions.
K = sp.Symbol("k", integer=True, nonnegative=True)
#: The number of partners still trading after a default.
J = sp.Symbol("J", integer=True, nonnegative=True)
#: The value of the state a private default leads to (the block at k + 1).
X = sp.Symbol("X", real=True)

_PLAYERS = ("bank", "sme")
_ACTIONS = {"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")}
_REFUSE = {"bank": "Refuse", "sme": "Default"}
_LENDER_ARGS = ("N", "k", "delta", "q", "Y", "R", "w")


def stage_payoffs(I: Any, Y: Any, R: Any, w: Any, extra: Any = 0) -> Callable[[tuple], tuple]:
    """Period payoffs (bank, SME) of a profile; ``extra`` is what the SME earns on the side."""

    def pay(profile: tuple[str, ...]) -> tuple[Any, Any]:
        bank, sme = profile
        if bank == "Refuse":
            return (0, w + extra)
        return (R - I, Y - R + extra) if sme == "Repay" else (-I, Y + extra)

    return pay


@dataclass(frozen=True)
class LenderBlock:
    """What the engine derives on the block of ``MultilateralLending`` (symbols N, k).

    Attributes
    ----------
    constraints : tuple of Constraint
        The one-shot-deviation constraints at ``k:open`` and ``k:shut``, the
        continuation after a private default put at the honest value of block k + 1.
    open_value : sympy expression
        The SME's value at ``k:open`` under honest play.
    honest : sympy expression
        The SME's honest value at k before the matching draw.
    step : (sympy expression, sympy expression)
        ``(a, b)``: defaulting at every chance, :math:`X_k = a + b X_{k+1}` (values
        before the draw).
    shut : sympy expression
        The SME's value once every lender refuses.
    """

    constraints: tuple[Constraint, ...]
    open_value: sp.Expr
    honest: sp.Expr
    step: tuple[sp.Expr, sp.Expr]
    shut: sp.Expr


@dataclass(frozen=True)
class PartnerBlock:
    """What the engine derives on the block of ``ClusterPartners`` (symbol N, J averaged out).

    Attributes
    ----------
    constraints : tuple of Constraint
        The one-shot-deviation constraints at ``honest`` and ``punished``.
    honest : sympy expression
        The SME's value of repaying for ever.
    default : sympy expression
        The SME's value of defaulting at every chance (the bank lends once).
    """

    constraints: tuple[Constraint, ...]
    honest: sp.Expr
    default: sp.Expr


def _block_game(sme_open: str) -> RepeatedGame:
    """The block of states k of ``MultilateralLending``; the SME plays ``sme_open`` at k:open."""
    I, Y, R, w, q, N, delta = symbols("I Y R w q N delta")
    pay = stage_payoffs(I, Y, R, w)
    trusting = (N - K) / N

    def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
        if state == "next":
            return [Outcome((0, (1 - delta) * X), "next")]
        if state == "N:shut":
            return [Outcome(pay(profile), "N:shut")]
        if state == "k:shut" or profile != ("Lend", "Default"):
            return [Outcome(pay(profile), "k:open", trusting),
                    Outcome(pay(profile), "k:shut", 1 - trusting)]
        return [Outcome(pay(profile), "N:shut", q), Outcome(pay(profile), "next", 1 - q)]

    states = [State("k:open", {"bank": "Lend", "sme": sme_open}), State("k:shut", _REFUSE),
              State("next", _REFUSE, observed_by=()), State("N:shut", _REFUSE, observed_by=())]
    return RepeatedGame(_PLAYERS, _ACTIONS, states, outcomes, timing="sequential")


@cache
def lender_block() -> LenderBlock:
    """The block of ``MultilateralLending``, derived by the engine (once per process)."""
    N = symbol("N")
    honest_game = _block_game("Repay")
    values = honest_game.values()
    open_value, shut_k = values["k:open"][1], values["k:shut"][1]
    honest = tidy((N - K) / N * open_value + K / N * shut_k)
    following = {X: honest.xreplace({K: K + 1})}
    constraints = tuple(
        Constraint(c.state, c.player, c.action, c.deviation, tidy(c.slack.xreplace(following)),
                   c.node, c.state == "k:open", _maybe(c.conform, following),
                   _maybe(c.deviate, following))
        for c in honest_game.constraints()
    )
    default_game = _block_game("Default")
    dvalues = default_game.values()
    before = (N - K) / N * dvalues["k:open"][1] + K / N * dvalues["k:shut"][1]
    b = tidy(sp.diff(before, X))
    a = tidy(before.xreplace({X: 0}))
    if sp.cancel(sp.together(before - a - b * X)) != 0:
        raise ModelError("the value of defaulting at every chance is not affine in the next one")
    return LenderBlock(constraints, open_value, honest, (a, b), values["N:shut"][1])


def _maybe(expr: sp.Expr | None, subs: dict) -> sp.Expr | None:
    return None if expr is None else tidy(expr.xreplace(subs))


def _partner_game(sme_honest: str) -> RepeatedGame:
    I, Y, R, w, s, N = symbols("I Y R w s N")

    def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
        if state == "honest":
            nxt = "punished" if profile == ("Lend", "Default") else "honest"
            return [Outcome(stage_payoffs(I, Y, R, w, N * s)(profile), nxt)]
        return [Outcome(stage_payoffs(I, Y, R, w, J * s)(profile), "punished")]

    states = [State("honest", {"bank": "Lend", "sme": sme_honest}), State("punished", _REFUSE)]
    return RepeatedGame(_PLAYERS, _ACTIONS, states, outcomes, timing="sequential")


@cache
def partner_block() -> PartnerBlock:
    """The block of ``ClusterPartners``, derived by the engine (once per process)."""
    N, q = symbols("N q")
    mean = {J: N * (1 - q)}

    def expected(expr: sp.Expr | None) -> sp.Expr | None:
        if expr is None:
            return None
        if sp.Poly(sp.numer(sp.together(expr)), J).degree() > 1 or J in sp.denom(
                sp.together(expr)).free_symbols:
            raise ModelError(f"{expr} is not affine in the partners still trading")
        return tidy(expr.xreplace(mean))

    honest_game = _partner_game("Repay")
    constraints = tuple(
        Constraint(c.state, c.player, c.action, c.deviation, expected(c.slack), c.node,
                   c.state == "honest", expected(c.conform), expected(c.deviate))
        for c in honest_game.constraints()
    )
    honest = expected(honest_game.values()["honest"][1])
    default = expected(_partner_game("Default").values()["honest"][1])
    return PartnerBlock(constraints, honest, default)


def at(
    c: Constraint, k: Any, subs: dict[sp.Symbol, Any], on_path: bool | None = None
) -> Constraint:
    """Constraint ``c`` of a block at ``k`` lenders refusing, with ``subs`` substituted.

    The state is renamed (``k:open`` becomes ``3:open``); ``k=None`` keeps it (a
    block without k).
    """
    where = subs if k is None else {**subs, K: k}

    def put(e: sp.Expr | None) -> sp.Expr | None:  # the values beside the slack stay as they come
        return None if e is None else sp.sympify(e).xreplace(where)

    state = c.state.replace("k", sp.sstr(k), 1) if k is not None else c.state
    return Constraint(state, c.player, c.action, c.deviation, tidy(put(c.slack)), c.node,
                      c.on_path if on_path is None else on_path, put(c.conform), put(c.deviate))


class _FractionPrinter(PythonCodePrinter):
    """Python code in which sympy's rationals stay exact (Fraction)."""

    def _print_Rational(self, expr: sp.Rational) -> str:
        return f"Fraction({expr.p}, {expr.q})"

    _print_Half = _print_Rational


def exact_function(expr: sp.Expr, names: tuple[str, ...]) -> Callable[..., Any]:
    """``expr`` as a plain Python function of the parameters ``names`` (``k`` is the block's k).

    Exact with :class:`~fractions.Fraction` arguments (rational constants are printed
    as fractions), float with float arguments: a rational function needs nothing else.
    """
    args = [K if n == "k" else symbol(n) for n in names]
    return sp.lambdify(args, expr, modules=[{"Fraction": Fraction}], printer=_FractionPrinter)


@cache
def lender_functions() -> tuple[Callable[..., Any], ...]:
    """The block's honest value at k:open, the step (a, b) and the shut value as functions.

    Arguments: ``N, k, delta, q, Y, R, w``.
    """
    block = lender_block()
    return tuple(exact_function(e, _LENDER_ARGS)
                 for e in (block.open_value, *block.step, block.shut))
