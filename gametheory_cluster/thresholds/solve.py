r"""solve_threshold: one parameter's threshold from a set of constraints, exact or numeric.

The slacks :math:`g_k(x, \theta)` are first given the values supplied (floats as
the exact rationals nearest them, the answer back in floats). A constraint left
without :math:`x` is a side condition (``requires``) or, if it fails, the reason
nothing works. Then the constraints with :math:`x` go one of two ways: with no
other parameter free, the exact set where all hold
(:mod:`~gametheory_cluster.thresholds.numeric`); with parameters left free, the
closed-form root of the binding constraint
(:mod:`~gametheory_cluster.thresholds.symbolic`). Exponents too large to write
out are kept as symbols on either way
(:mod:`~gametheory_cluster.thresholds.exponents`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import sympy as sp

from ..algebra import nearest_rational, sign, tidy
from ..automata import Constraint
from ..errors import DomainError, NoSolutionError, SolveError
from ..parameters import Value, is_exact
from .exponents import (
    _exponents,
    _number_sign,
    _numeric_exponents,
    _put,
    _put_threshold,
    _too_long,
)
from .numeric import _numeric
from .region import _fails_whatever, _named
from .symbolic import _symbolic
from .threshold import Threshold, _as_float


def _exact(values: Mapping[str, Value]) -> tuple[dict[str, sp.Expr], bool]:
    """Values as exact sympy numbers, and whether all were exact to begin with.

    A float becomes the nearest fraction with a denominator up to 10**12 (its
    error is far below float precision, and the answer goes back to float), so
    that exact algebra on float inputs stays fast.
    """
    exact = all(is_exact(v) for v in values.values())
    return {
        k: nearest_rational(v) if isinstance(v, float) else sp.sympify(v) for k, v in values.items()
    }, exact


def solve_threshold(
    constraints: Sequence[Constraint], name: str, values: Mapping[str, Value]
) -> Threshold:
    """Solve ``constraints`` (all ``slack >= 0``) for the parameter ``name``.

    ``values`` are already validated (see :func:`gametheory_cluster.parameters.validate`).
    A whole number above :data:`~gametheory_cluster.algebra.forms.MAX_EXPANDED_EXPONENT`
    that enters only as an exponent (a lag or a duration: ``delta**L``) is kept as a
    symbol while solving and put in at the end, so the answer comes from the closed
    form in it; where there is no closed form,
    :class:`~gametheory_cluster.errors.SolveError` says so at once.
    """
    if name in values:
        raise DomainError(f"{name} is the parameter to solve for; do not also give it a value")
    exact_values, exact = _exact(values)
    kept = _exponents(constraints, exact_values)
    for s in kept:
        del exact_values[s.name]
    subs = [(c, sp.sympify(c.slack)) for c in constraints]
    subs = [
        (c, e.xreplace({s: exact_values[s.name] for s in e.free_symbols if s.name in exact_values}))
        for c, e in subs
    ]
    involved, requires = [], []
    for c, e in subs:
        if _named(e, name) is not None:
            involved.append((c, e))
        elif not e.free_symbols - set(kept):
            if (_number_sign(_put(e, kept)) if kept else e) < 0:
                raise NoSolutionError(_fails_whatever(c, name, _put(e, kept)))
        elif sign(e) not in (0, 1):
            condition = sp.Ge(_put(tidy(e), kept), 0)
            if condition is sp.false:
                raise NoSolutionError(_fails_whatever(c, name, condition))
            if condition is not sp.true:
                requires.append(condition)
    if not involved:
        raise NoSolutionError(f"no constraint involves {name}: it does not affect the outcome")
    free = set().union(*(e.free_symbols for _, e in involved)) - set(kept)
    try:
        if len(free) > 1:
            return _put_threshold(_symbolic(involved, name, tuple(requires)), kept)
        if kept:
            result = replace(_numeric_exponents(involved, name, kept), requires=tuple(requires))
        else:
            result = replace(_numeric(involved, name), requires=tuple(requires))
    except SolveError as err:
        if not kept:
            raise
        raise SolveError(_too_long(kept, f"and {str(err).split(';')[0]} with it")) from None
    return result if exact else _as_float(result)
