r"""Exact numbers for the credit-market models (Stiglitz–Weiss, Bester).

What :mod:`.stiglitz_weiss`, :mod:`.stiglitz_weiss_continuous`, :mod:`.bester` and
:mod:`.credit_market` share: the symbols of the gross loan rate :math:`R` and the
collateral :math:`C`; parameters coerced to exact numbers and checked against their
domains; and the root of an equation linear in one unknown (every equation of these
models is). Their signs are proved by :class:`gametheory_cluster.algebra.Domains`.
See docs/explanation/information.md.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ...errors import DomainError, SolveError
from ...parameters import TABLES, coerce_value

#: The gross loan rate (repayment due per unit lent; the global ``R``).
RATE = TABLES["StiglitzWeiss"].symbol("R")
#: Collateral per unit lent (the credit-market models' own ``C``, not the exit cost).
COLLATERAL = TABLES["StiglitzWeiss"].symbol("C")


# ============================================================== exact numbers
def _coerce(
    value: Any,
    name: str,
    low: Any = None,
    high: Any = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    meaning: str = "",
) -> sp.Expr:
    """A number or sympy expression, checked against ``(low, high)`` when numeric."""
    v = coerce_value(value, name)
    expr = sp.Float(v, 17) if isinstance(v, float) else sp.sympify(v)
    if expr.free_symbols:
        return expr
    bad = (low is not None and (expr < low if not low_open else expr <= low)) or (
        high is not None and (expr > high if not high_open else expr >= high)
    )
    if bad:
        lo = "(" if low_open else "["
        hi = ")" if high_open else "]"
        span = f"{lo}{'-oo' if low is None else low}, {'oo' if high is None else high}{hi}"
        what = f" ({meaning})" if meaning else ""
        raise DomainError(f"{name}={value!r} is outside {span}{what}")
    return expr


def _is_exact(*exprs: Any) -> bool:
    return not any(sp.sympify(e).has(sp.Float) for e in exprs)


def _solve_linear(lhs: Any, rhs: Any, var: sp.Symbol) -> sp.Expr:
    """The root in ``var`` of ``lhs = rhs``, an equation linear in ``var`` once cleared of
    denominators (every equation of these models is)."""
    num, _ = sp.fraction(sp.together(sp.sympify(lhs) - rhs))
    num = sp.expand(num)
    slope, rest = num.coeff(var), num.subs(var, 0)
    if slope == 0 or sp.expand(num - slope * var - rest) != 0:
        raise SolveError(f"{sp.sstr(lhs)} = {sp.sstr(rhs)} is not linear in {var}")
    return sp.cancel(-rest / slope)
