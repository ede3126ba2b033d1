r"""Grim trigger against exclusion for T periods when honest failures look like defaults.

See docs/explanation/community.md. Under imperfect monitoring
(:class:`~gametheory_cluster.models.lending.repeated.RepeatedLending` with
``monitoring=True``) a project fails with probability :math:`1 - \pi`, the SME
cannot repay, and the failure is punished as a default would be: that is what keeps
strategic defaults away. Punishment then happens *on* the equilibrium path. Grim
trigger makes it absorbing, so every relationship ends in exclusion (a failure comes
with probability one); excluding for :math:`T` periods and trusting again from then
on (``punishment="exclusion"``) deters just as well once :math:`T` is long enough,
and both the bank and the SME earn more: the relationship comes back. The engine
derives both automata's values; the shortest deterrent :math:`T` is the first whole
number at which the one-shot constraints hold (a longer exclusion deters more, toward
grim trigger).

Examples
--------
>>> from fractions import Fraction
>>> out = grim_vs_exclusion(pi=Fraction(19, 20), delta=Fraction(9, 10),
...                         Y=150, R=110, w=0, I=100)
>>> out["T"], out["grim"]["sme"], round(float(out["exclusion"]["sme"]), 2)
(5, 7600/29, 320.87)
>>> out["grim"]["bank"], round(float(out["exclusion"]["bank"]), 2)
(900/29, 38.0)
>>> out["grim"]["excluded_in_the_long_run"], out["exclusion"]["excluded_in_the_long_run"]
(1, 1/5)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from ...algebra import evaluate, exact_values
from ...errors import NoSolutionError
from ..lending.repeated import RepeatedLending

__all__ = ["grim_vs_exclusion"]

#: The longest exclusion :func:`grim_vs_exclusion` looks for.
LONGEST = 2**16


def _long_run_exclusion(model: RepeatedLending, values: dict[str, Any]) -> sp.Expr:
    """The long-run share of periods spent excluded, from the automaton's transitions."""
    game = model.game
    outs = game.outcomes("honest", game.prescribed("honest"))
    fail = evaluate(sum(sp.sympify(o.probability) for o in outs if o.next == "punished"), values)
    punished = game.states["punished"]
    if fail == 0:
        return sp.Integer(0)
    if not punished.timed:  # absorbing: reached with probability one
        return sp.Integer(1)
    length = evaluate(punished.duration, values)
    return fail * length / (1 + fail * length)


def grim_vs_exclusion(T: int | None = None, **values: Any) -> dict[str, Any]:
    """Values of the honest state under grim trigger and under exclusion for ``T`` periods.

    Parameters
    ----------
    T : int, optional
        The length of the exclusion (default: the shortest that deters a default).
    **values
        ``pi, delta, Y, R, w, I`` of ``RepeatedLending(monitoring=True)``.

    Returns
    -------
    dict
        ``T``; for ``"grim"`` and ``"exclusion"`` the SME's and the bank's values at
        the start and the long-run share of periods spent excluded.
    """
    grim = RepeatedLending(monitoring=True)
    exclusion = RepeatedLending("exclusion", monitoring=True)
    point = exact_values(values)
    if not grim.is_honest(**point):
        raise NoSolutionError("grim trigger does not deter a default here, so no exclusion does")
    if T is None:
        T = _shortest(lambda t: bool(exclusion.is_honest(T=t, **point)))
    elif not exclusion.is_honest(T=T, **point):
        raise NoSolutionError(f"exclusion for T = {T} periods does not deter a default")
    result: dict[str, Any] = {"T": T}
    for name, model, at in (("grim", grim, point), ("exclusion", exclusion, {**point, "T": T})):
        bank, sme = (evaluate(v, at) for v in model.game.values()["honest"])
        result[name] = {"sme": sme, "bank": bank,
                        "excluded_in_the_long_run": _long_run_exclusion(model, at)}
    return result


def _shortest(deters: Callable[[int], bool]) -> int:
    """The first T that deters (the constraints tighten toward grim's as T grows): doubling,
    then bisection, up to :data:`LONGEST`."""
    low, high = 0, 1
    while not deters(high):
        if high >= LONGEST:
            raise NoSolutionError(f"no exclusion of up to {LONGEST} periods deters a default")
        low, high = high, 2 * high
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if deters(mid) else (mid, high)
    return high
