"""Exact linear systems: the fraction-free road for rationals against elimination in a field."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.algebra import gauss_jordan

fractions = st.fractions(min_value=-20, max_value=20, max_denominator=12)


def systems(entries, most, sides):
    """``(n, rows)``: n equations in n unknowns with ``sides`` right-hand sides, n <= most."""
    return st.integers(1, most).flatmap(lambda n: st.tuples(
        st.just(n), st.lists(st.lists(entries, min_size=n + sides, max_size=n + sides),
                             min_size=n, max_size=n)))


@settings(max_examples=60, deadline=None)
@given(systems(fractions, 6, 2))
def test_rational_rows_agree_with_sympy_elimination(case):
    n, rows = case
    matrix = sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in row] for row in rows])
    A, B = matrix[:, :n], matrix[:, n:]
    if A.det() == 0:
        with pytest.raises(ZeroDivisionError, match="singular system"):
            gauss_jordan(rows, n)
        return
    ours = gauss_jordan(rows, n)  # Fractions: the fraction-free road
    field = gauss_jordan([[sp.Rational(x.numerator, x.denominator) for x in row]
                          for row in rows], n)  # sympy numbers: elimination in the field
    expected = A.LUsolve(B)
    assert all(type(x) is Fraction for row in ours for x in row)
    assert [[sp.Rational(x.numerator, x.denominator) for x in row] for row in ours] == \
        [list(expected.row(i)) for i in range(n)] == field


_K = sp.polys.fields.FracField(sp.symbols("x y"), sp.QQ)
_X, _Y = _K.gens
_ENTRIES = st.builds(
    lambda a, b, c, d: (a + b * _X + _Y * _X) / (c + d * _Y if c or d else 1),
    *(st.integers(-3, 3) for _ in range(4)),
)


@settings(max_examples=40, deadline=None)
@given(systems(_ENTRIES, 3, 1))
def test_rational_function_rows_agree_with_elimination_in_the_field(case):
    from gametheory_cluster.algebra.numbers import _fraction_free_polynomials, pivot_on

    n, rows = case
    field = [row[:] for row in rows]  # Gauss-Jordan in the field, as for any field
    for c in range(n):
        pivot = next((r for r in range(c, n) if field[r][c] != 0), None)
        if pivot is None:
            with pytest.raises(ZeroDivisionError, match="singular system"):
                _fraction_free_polynomials(rows, n)
            return
        field[c], field[pivot] = field[pivot], field[c]
        pivot_on(field, c, c)
    ours = _fraction_free_polynomials(rows, n)  # polynomials, one cancellation per answer
    assert ours == [row[n:] for row in field]
    if n > 1:
        assert gauss_jordan(rows, n) == ours
