r"""The fast path: values and deviation payoffs in sympy's field of rational functions.

When every payoff, probability and duration is a rational function of the
symbols, the system :math:`(I - \delta P)\, V = u` of
:mod:`~gametheory_cluster.automata.values` is solved in the field
:math:`\mathbb{Q}(x_1, \dots, x_m)` (``sympy.polys.fields``) by Gauss–Jordan
elimination: every element is a cancelled numerator/denominator pair of
polynomials, so there is no expression-level simplification, and each result is
tidied once, at the end. A power with a symbolic exponent (:math:`\delta^T`) is
one more generator :math:`g = \delta^T`, as sympy's ``cancel`` treats it. The
answers are those of the expression path, several times faster.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

import sympy as sp
from sympy.polys.polyutils import decompose_power

from ..algebra import gauss_jordan, tidy
from ..algebra.forms import rational_field, tidy_fraction
from .automaton import _whole


class _RationalFunctions:
    """The fast path of :class:`~gametheory_cluster.automata.game.RepeatedGame` (mixed in)."""

    @cached_property
    def _field(self) -> Any:
        """The field of rational functions holding the game's numbers, or None.

        A power with a symbolic exponent (``delta**T``) is one more generator, as
        sympy's ``cancel`` treats it.
        """
        exprs: list[Any] = [self.delta]
        for name, st in self.states.items():
            outs = self.outcomes(name, self.prescribed(name))
            if st.timed and not _whole(st.duration):
                stay = sum((sp.sympify(o.probability) for o in outs if o.next == name), sp.S.Zero)
                exprs.append((self.delta * stay) ** sp.sympify(st.duration))
            for profile in self.profiles():
                for o in self.outcomes(name, profile):
                    exprs += [*o.payoffs, o.probability]
        self._powers: dict[sp.Expr, sp.Dummy] = {}
        self._inverse_powers = False
        prepared = [self._opaque(e) for e in dict.fromkeys(sp.sympify(e) for e in exprs)]
        if prepared and any(e is None for e in prepared):
            return None
        return rational_field(dict.fromkeys(prepared))

    def _opaque(self, expr: Any) -> sp.Expr | None:
        """``expr`` with each power ``b**(k*T)`` written ``g**k`` for a generator ``g = b**T``.

        None when a power cannot be one generator's. A negative power of a symbol
        in the expansion (``delta**(L - 1) = delta**L / delta``) is noted in
        ``_inverse_powers``: sympy's ``cancel`` treats ``1/delta`` as a generator of
        its own there, so the values are then tidied from expressions (see
        :meth:`_later`).
        """
        expr = sp.sympify(expr)
        if not any(not p.exp.is_Integer for p in expr.atoms(sp.Pow)):
            return expr
        expanded = sp.expand(expr)
        replace = {}
        for p in expanded.atoms(sp.Pow):
            if p.exp.is_Integer:
                if p.exp < 0:  # delta**(L - 1) = delta**L / delta: cancel writes 1/delta apart
                    self._inverse_powers = True
                continue
            base, k = decompose_power(p)
            if k < 0 or not isinstance(base, sp.Pow) or not base.base.is_Symbol:
                return None
            if base.exp.could_extract_minus_sign() or base.exp.is_Add:
                return None
            hold = self._powers.setdefault(base, sp.Dummy(f"power{len(self._powers)}"))
            replace[p] = hold**k
        return expanded.xreplace(replace)

    def _later(self, f: Any, state: str, profile: tuple[str, ...], player: int
               ) -> Callable[[], sp.Expr]:
        """The tidy form of ``f`` (``_q(state, profile, player)``), computed when first read.

        With ``delta**(L - 1)`` in the game (``_inverse_powers``) sympy's ``cancel``
        keeps ``1/delta`` apart and writes some values differently (equal, not the
        same text): they are then tidied from the expressions, as always. The
        slack's form is the same either way (the tests compare them).
        """
        memo: list[sp.Expr] = []

        def tidied() -> sp.Expr:
            if not memo:
                if self._inverse_powers:
                    memo.append(tidy(self._q(state, profile, player)))
                else:
                    element = f
                    if isinstance(f, list):  # terms (numerator, denominator)
                        element = self._field.new(*_fraction_sum(self._field, f))
                    memo.append(self._tidy(element))
            return memo[0]

        return tidied

    def _tidy(self, f: Any) -> sp.Expr:
        """A field element as :func:`~gametheory_cluster.algebra.tidy` writes it."""
        back = {hold: power for power, hold in self._powers.items()}
        return tidy_fraction(f, back)

    def _in_field(self, expr: Any) -> Any:
        expr = sp.sympify(expr)
        cache = self.__dict__.setdefault("_field_cache", {})
        if expr not in cache:
            cache[expr] = self._field.from_expr(self._opaque(expr))
        return cache[expr]

    def _field_transition(self, state: str) -> tuple[list[Any], dict[str, Any]]:
        """:meth:`_transition` in the field."""
        st = self.states[state]
        outs = self.outcomes(state, self.prescribed(state))
        d, zero = self._in_field(self.delta), self._field.zero
        weights: dict[str, Any] = {}
        flow = [
            sum((self._in_field(o.probability) * self._in_field(o.payoffs[i]) for o in outs), zero)
            for i in range(len(self.players))
        ]
        if not st.timed:
            for o in outs:
                weights[o.next] = weights.get(o.next, zero) + d * self._in_field(o.probability)
            return flow, weights
        stay = sum((self._in_field(o.probability) for o in outs if o.next == state), zero)
        if _whole(st.duration):
            decay = (d * stay) ** int(sp.sympify(st.duration))
        else:
            expr_stay = sum(
                (sp.sympify(o.probability) for o in outs if o.next == state), sp.S.Zero
            )
            decay = self._in_field((self.delta * expr_stay) ** sp.sympify(st.duration))
        geometric = (1 - decay) / (1 - d * stay)
        for o in outs:
            if o.next != state:
                weights[o.next] = (
                    weights.get(o.next, zero) + geometric * d * self._in_field(o.probability)
                )
        weights[st.then] = weights.get(st.then, zero) + decay
        return [geometric * u for u in flow], weights

    @cached_property
    def _field_system(self) -> dict[str, tuple[list[Any], dict[str, Any]]]:
        return {name: self._field_transition(name) for name in self.states}

    @cached_property
    def _field_values(self) -> dict[str, tuple[Any, ...]]:
        solved: dict[str, tuple[Any, ...]] = {}
        k, one, zero = len(self.players), self._field.one, self._field.zero
        for members in self._blocks(self._field_system):
            n, index = len(members), {m: j for j, m in enumerate(members)}
            rows = [[one if r == c else zero for c in range(n)] + [zero] * k for r in range(n)]
            for row, name in enumerate(members):
                flow, weights = self._field_system[name]
                for i in range(k):
                    rows[row][n + i] = flow[i]
                for nxt, wgt in weights.items():
                    if wgt == 0:
                        continue
                    if nxt in index:
                        rows[row][index[nxt]] -= wgt
                    else:
                        for i in range(k):
                            rows[row][n + i] += wgt * solved[nxt][i]
            solution = gauss_jordan(rows, n)  # I - delta P is nonsingular
            solved.update({name: tuple(solution[j]) for j, name in enumerate(members)})
        return solved

    def _field_q(self, state: str, profile: tuple[str, ...], player: int) -> Any:
        """:meth:`_q` in the field."""
        return self._field.new(*self._field_q_pair(state, profile, player))

    def _field_q_pair(self, state: str, profile: tuple[str, ...], player: int
                      ) -> tuple[Any, Any]:
        """:meth:`_q` as a numerator and denominator polynomial, not yet cancelled."""
        return _fraction_sum(self._field, self._field_q_terms(state, profile, player))

    def _field_q_terms(self, state: str, profile: tuple[str, ...], player: int
                       ) -> list[tuple[Any, Any]]:
        """The terms of :meth:`_q`, each a numerator and denominator polynomial.

        Each sum or product in the field cancels (a polynomial gcd), and those gcds
        were most of the time: the terms are kept as pairs instead, added over a
        common denominator and cancelled once, where an element is needed (the
        slack, from the terms of both sides). An element of the field is cancelled
        and normalised, so it is the same element either way.
        """
        outs = self.outcomes(state, profile)
        terms = []
        for o in outs:
            share, pay = self._in_field(o.probability), self._in_field(o.payoffs[player])
            terms.append((share.numer * pay.numer, share.denom * pay.denom))
        if not self.states[state].timed:
            values, d = self._field_values, self._in_field(self.delta)
            for o in outs:
                share, v = self._in_field(o.probability), values[o.next][player]
                terms.append((d.numer * share.numer * v.numer, d.denom * share.denom * v.denom))
        return terms


def _fraction_sum(field: Any, terms: list[tuple[Any, Any]]) -> tuple[Any, Any]:
    """``sum(n / d for n, d in terms)`` as one numerator and denominator (not cancelled).

    The denominator is the least common multiple of the terms' denominators: the
    values' denominators share factors, and a product of them would leave the one
    cancellation at the end a far larger gcd to find.
    """
    by_denominator: dict[Any, Any] = {}
    for n, d in terms:
        if n:
            by_denominator[d] = by_denominator.get(d, field.ring.zero) + n
    numer, denom = field.ring.zero, field.ring.one
    for d, n in by_denominator.items():
        _, mine, theirs = denom.cofactors(d)
        numer, denom = numer * theirs + n * mine, denom * theirs
    return (numer, denom) if numer else (field.ring.zero, field.ring.one)


def _difference(field: Any, a: list[tuple[Any, Any]], b: list[tuple[Any, Any]]) -> Any:
    """The element ``sum(a) - sum(b)`` of ``field`` from two lists of terms, cancelled once.

    Terms over one denominator are added first, on both sides together.
    """
    return field.new(*_fraction_sum(field, [*a, *((-n, d) for n, d in b)]))


