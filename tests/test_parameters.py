"""The parameter table: names, domains, exactness, and the errors for bad values."""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.errors import DomainError, UnknownParameterError
from gametheory_cluster.parameters import PARAMETERS, coerce_value, validate

REQUIRED = {"I", "Y", "R", "w", "delta", "p", "C", "s", "q", "pi", "lam", "T", "N"}


def test_required_parameters_present():
    assert set(PARAMETERS) >= REQUIRED


def test_every_typical_value_is_in_its_domain():
    for p in PARAMETERS.values():
        assert p.typical is not None, p.name
        p.check(p.typical)


def test_symbols_carry_assumptions():
    assert gc.symbol("delta").is_positive and gc.symbol("q").is_nonnegative
    assert gc.symbol("T").is_integer


@given(st.fractions(Fraction(1, 10**6), 1 - Fraction(1, 10**6)))
def test_exact_values_stay_exact(x):
    assert validate({"delta": x})["delta"] == sp.Rational(x.numerator, x.denominator)


def test_floats_stay_floats():
    assert isinstance(validate({"delta": 0.5})["delta"], float)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("delta", 0),
        ("delta", 1),
        ("delta", 1.5),
        ("q", -0.1),
        ("q", Fraction(11, 10)),
        ("T", 0),
        ("T", 2.5),
        ("Y", -1),
        ("delta", float("nan")),
        ("Y", float("inf")),
        ("Y", "150"),
        ("Y", True),
        ("Y", None),
        ("Y", 1j),
        ("Y", sp.zoo),
    ],
)
def test_out_of_domain(name, value):
    with pytest.raises(DomainError, match=name):
        validate({name: value})


def test_unknown_name_suggests_nearest():
    with pytest.raises(UnknownParameterError, match="did you mean 'lam'"):
        validate({"lamb": 0.5})


def test_coerce_integral_and_fraction():
    assert coerce_value(3) == sp.Integer(3) and coerce_value(Fraction(1, 3)) == sp.Rational(1, 3)
