r"""Helpers shared by the policy models: argument checks, plain data, the two kinds of borrower.

The guarantee, the main bank and the levers check their switches and name their
missing parameters the same way. The two-type models of group lending
(:mod:`.joint_liability`, :mod:`.peer_monitoring`) share the safe kind of project
(success :math:`\pi`, return :math:`Y`) and the risky one (:math:`\pi_r < \pi`,
:math:`Y_r`); a sign that needs :math:`\pi_r < \pi` is proved by writing
:math:`\pi_r = \pi - \text{gap}` with a positive gap. See docs/explanation/policy.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy as sp

from ...algebra import tidy
from ...automata import Constraint
from ...errors import DomainError, MissingParameterError, ModelError
from ...parameters import Value, symbol, validate
from ...thresholds import Threshold, solve_threshold


def _check_choice(name: str, value: Any, valid: Sequence[Any]) -> None:
    if value not in valid:
        raise ModelError(f"{name} must be one of {', '.join(map(repr, valid))}, not {value!r}")


def _check_flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ModelError(f"{name} must be True or False, not {value!r}")


def _free_names(exprs: Sequence[Any]) -> set[str]:
    return {s.name for e in exprs for s in sp.sympify(e).free_symbols}


def _need(given: Mapping[str, Value], exprs: Sequence[Any], what: str) -> None:
    missing = sorted(_free_names(exprs) - set(given))
    if missing:
        raise MissingParameterError(f"{what} needs values for: {', '.join(missing)}")


# ---------------------------------------------------------------------------------------
# shared by the two-type models
# ---------------------------------------------------------------------------------------
#: The two kinds of project (or borrower): success probability and return on success.
_KINDS = {"safe": ("pi", "Y"), "risky": ("pi_r", "Y_r")}
#: Stands for ``pi - pi_r > 0`` so that signs that need ``pi_r < pi`` can be proved.
_GAP = sp.Symbol("pi_gap", positive=True)


def _kind(name: str) -> tuple[sp.Symbol, sp.Symbol]:
    _check_choice("type", name, tuple(_KINDS))
    return tuple(symbol(n) for n in _KINDS[name])  # type: ignore[return-value]


def _two_type_values(values: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    """Validate values; the risky kind must succeed less often than the safe one."""
    given = validate(values, allowed=allowed)
    if {"pi", "pi_r"} <= given.keys() and not given["pi_r"] < given["pi"]:
        raise DomainError(
            f"the risky kind must succeed less often: pi_r={given['pi_r']} "
            f"must be below pi={given['pi']}"
        )
    return given


def _solve_with_order(
    constraints: list[Constraint], name: str, given: Mapping[str, Any]
) -> Threshold:
    """:func:`solve_threshold` with ``pi_r = pi - gap`` (gap > 0) when ``pi_r`` is symbolic."""
    if "pi_r" in given or "pi" in given:
        return solve_threshold(constraints, name, given)
    pi, pi_r = symbol("pi"), symbol("pi_r")
    ordered = [
        Constraint(
            c.state,
            c.player,
            c.action,
            c.deviation,
            tidy(c.slack.xreplace({pi_r: pi - _GAP})),
            c.node,
            c.on_path,
        )
        for c in constraints
    ]
    found = solve_threshold(ordered, name, given)
    back = {_GAP: pi - pi_r}

    def undo(x: Any) -> Any:
        return tidy(x.xreplace(back)) if isinstance(x, sp.Expr) else x.xreplace(back)

    return replace(
        found,
        value=None if found.value is None else undo(found.value),
        region=None if found.region is None else found.region.xreplace(back),
        requires=tuple(undo(c) for c in found.requires),
        valid_when=tuple(undo(c) for c in found.valid_when),
    )

