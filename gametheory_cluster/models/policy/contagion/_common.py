"""Numbers and per-firm inputs shared by the guarantee-network modules.

Every input is checked and kept either exact (``Fraction``: ``int``, ``Fraction`` or
sympy ``Rational`` given) or ``float``; answers go out as sympy numbers (exact) or
floats (:func:`_out`), and as JSON-friendly values in ``to_dict``
(:func:`gametheory_cluster.algebra.plain`).
See docs/explanation/contagion.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ....errors import DomainError, ModelError
from ....parameters import coerce_value, validate


def _number(value: Any, name: str, *, positive: bool = False) -> Fraction | float:
    """A non-negative (or positive) real as an exact ``Fraction`` or a ``float``."""
    coerced = coerce_value(value, name)
    if isinstance(coerced, sp.Basic) and coerced.free_symbols:
        raise DomainError(f"{name}={value!r} must be a number, not a symbol")
    number = coerced if isinstance(coerced, float) else Fraction(int(coerced.p), int(coerced.q))
    if number < 0 or (positive and number == 0):
        raise DomainError(f"{name}={value!r} must be {'positive' if positive else 'non-negative'}")
    return number


def _out(x: Any) -> Any:
    """Internal number → public number: ``Fraction`` → sympy ``Rational``, numpy → float."""
    if isinstance(x, Fraction):
        return sp.Rational(x.numerator, x.denominator)
    if isinstance(x, (int, np.integer)):
        return sp.Integer(int(x))
    return float(x)


def _as_values(value: Any, nodes: Sequence, name: str, attr: Mapping, *,
               positive: bool = False) -> list:
    """One number per node: a scalar, a mapping node → value, or the nodes' attribute."""
    if value is None:
        missing = [v for v in nodes if attr.get(v) is None]
        if missing:
            raise ModelError(
                f"no {name} for firm(s) {missing[:5]}: pass {name}= (a number or a mapping "
                f"firm → number) or set the node attribute {name!r}"
            )
        return [_number(attr[v], f"{name}[{v!r}]", positive=positive) for v in nodes]
    if isinstance(value, Mapping):
        unknown = set(value) - set(nodes)
        if unknown:
            raise ModelError(f"{name} given for unknown firm(s) {sorted(map(str, unknown))[:5]}")
        missing = [v for v in nodes if v not in value]
        if missing:
            raise ModelError(f"no {name} for firm(s) {missing[:5]}")
        return [_number(value[v], f"{name}[{v!r}]", positive=positive) for v in nodes]
    if isinstance(value, (list, tuple, np.ndarray)):
        if len(value) != len(nodes):
            raise ModelError(f"{name} has {len(value)} entries for {len(nodes)} firms")
        return [_number(x, f"{name}[{i}]", positive=positive) for i, x in enumerate(value)]
    number = _number(value, name, positive=positive)
    return [number] * len(nodes)


def _count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise DomainError(f"{name}={value!r} must be a whole number >= {minimum}")
    if value < minimum:
        raise DomainError(f"{name}={value!r} must be >= {minimum}")
    return int(value)


def _probability(prob: Any) -> Fraction | float:
    """A probability in [0, 1], exact or float."""
    p = _number(prob, "prob")
    if p > 1:
        raise DomainError(f"prob={prob!r} must be a probability in [0, 1]")
    return p


def _coverage(g: Any) -> Any:
    """The coverage share ``g`` (the parameter table's guarantee coverage, in [0, 1])."""
    value = validate({"g": g})["g"]
    return value if isinstance(value, float) else Fraction(int(value.p), int(value.q))

