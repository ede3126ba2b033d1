"""What the speed of deriving constraints rests on (issue 19), asserted without timing.

* Orientation of a tidy fraction asks for a sign proof only when the proof could
  change the choice: a denominator whose sign at a point inside the domains agrees
  with the fewer-minus-signs rule is never proved.
* A sign proof gives up at once on an expression seen to take both signs.
* Values and deviation payoffs are added as numerator/denominator pairs and
  cancelled once: the same field elements as adding in the field.
* A field element is tidied on its polynomials (minus signs counted, common factors
  taken out from the coefficients), powers such as ``delta**T`` included: the same
  form as tidying the expression with sympy's ``factor_terms``.
* A sign proof writes an expression with ``delta**T`` in positive variables on
  polynomials too: the same form as sympy's ``cancel(together(...))``.
* (In tests/test_linear_systems.py: a block of rational functions is solved
  fraction-free, cancelled once per answer: the same as elimination in the field.)

Each shortcut is checked against the slow road it replaces.
"""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.algebra import forms, positive, signs
from gametheory_cluster.algebra.forms import rational_field
from gametheory_cluster.automata.polynomial import _difference, _fraction_sum
from gametheory_cluster.parameters import symbols

SIX = {"continuation": True, "exit_cost": True, "cluster_rent": True, "detection": True,
       "monitoring": True, "recovery": True}


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[sp.Expr]:
    """Count the sign proofs that orientation asks for."""
    asked: list[sp.Expr] = []
    proved = forms.sign

    def counted(expr: sp.Expr) -> int | None:
        asked.append(expr)
        return proved(expr)

    monkeypatch.setattr(forms, "sign", counted)
    return asked


def test_orientation_of_six_mechanisms_with_exclusion_asks_no_proof(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = _counting(monkeypatch)
    constraints = gc.RepeatedLending(punishment="exclusion", **SIX).game.constraints()
    assert constraints
    assert asked == []


def test_orientation_shortcut_agrees_with_the_proof(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [c.slack for c in gc.RepeatedLending(punishment="exclusion", **SIX).game.constraints()]
    monkeypatch.setattr(forms, "typical_sign", lambda expr: None)  # always prove
    slow = [c.slack for c in gc.RepeatedLending(punishment="exclusion", **SIX).game.constraints()]
    assert [sp.srepr(e) for e in fast] == [sp.srepr(e) for e in slow]


def test_orientation_still_proves_where_the_rules_disagree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    delta, R, Y = symbols("delta R Y")
    asked = _counting(monkeypatch)
    assert str(forms.tidy((R - Y) / (delta - 1))) == "(-R + Y)/(1 - delta)"
    assert asked  # negative at the typical point, fewer minus signs keep it: proved


def test_six_mechanisms_with_exclusion_still_cannot_tell_the_denominator() -> None:
    with pytest.raises(gc.SolveError, match="sign of the denominator of bank@honest:Lend>Refuse"):
        gc.RepeatedLending(punishment="exclusion", **SIX).threshold("delta")


def test_sign_gives_up_at_once_on_both_signs(monkeypatch: pytest.MonkeyPatch) -> None:
    delta, T = symbols("delta T")
    expr = delta**T - sp.Rational(1, 2)  # positive for T = 1, delta = 8/9; negative for delta = 1/9

    def slow(*args: object) -> None:
        raise AssertionError("the slow proof was tried")

    monkeypatch.setattr(signs, "_positive_form", slow)
    assert signs._sign.__wrapped__(expr) is None


def test_typical_sign_needs_table_parameters() -> None:
    delta, Y, w = symbols("delta Y w")
    assert signs.typical_sign(delta - 1) == -1
    assert signs.typical_sign(Y - w) == 1  # w = 0 is on the edge: moved inside
    assert signs.typical_sign(sp.Symbol("z") + 1) is None
    assert signs.typical_sign(sp.Symbol("delta") - 2) is None  # not the table's own symbol


def test_fraction_pairs_give_the_field_elements() -> None:
    delta, p, q = symbols("delta p q")
    K = rational_field([delta, p, q])
    a = K.from_expr(p / (1 - delta * p))
    b = K.from_expr(q / (1 - delta * p))
    c = K.from_expr((1 - q) / (1 - delta))
    terms = [(x.numer, x.denom) for x in (a, b, c)]
    assert K.new(*_fraction_sum(K, terms)) == a + b + c
    d = _difference(K, terms, [(c.numer, c.denom)])
    assert (d.numer, d.denom) == ((a + b).numer, (a + b).denom)
    assert _difference(K, terms, terms) == 0


def test_field_values_are_tidied_as_the_expressions_are() -> None:
    for kwargs in ({"punishment": "exclusion", **SIX}, {"punishment": "exclusion", "lag": 2, **SIX}):
        game = gc.RepeatedLending(**kwargs).game
        solved = game._field_values
        back = {hold: power for power, hold in game._powers.items()}
        assert back  # delta**T and p**T are generators of the field
        for values in solved.values():
            for f in values:
                num, den = (part.as_expr().xreplace(back) for part in (f.numer, f.denom))
                assert forms.tidy_fraction(f, back) == forms._tidy_cancelled(num / den)
                assert not f or forms._poly_balance(f.numer) == forms._balance(num)


_DELTA, _T, _P, _Q, _L = symbols("delta T p q L")
_MONOMIAL = st.tuples(
    st.sampled_from([1, -1, 2, -3, sp.Rational(1, 2), sp.Rational(-2, 3)]),
    st.lists(st.sampled_from([_DELTA, _DELTA**_T, _P, _P**_T, _Q, _DELTA**_L, _DELTA**(2 * _T)]),
             max_size=5),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_MONOMIAL, min_size=2, max_size=6))
def test_factor_terms_with_symbolic_powers_is_sympys(terms: list) -> None:
    expr = sp.expand(sp.Add(*(c * sp.Mul(*factors) for c, factors in terms)))
    assert forms.factor_terms(expr) == sp.factor_terms(expr)


@pytest.mark.parametrize("kwargs", [{"punishment": "exclusion", "exit_cost": True},
                                    {"punishment": "exclusion", "lag": True, "continuation": True}])
def test_positive_form_with_powers_is_cancelled_on_polynomials(kwargs: dict) -> None:
    delta, T, p, pi, q = symbols("delta T p pi q")
    denominator = (delta**2 * delta**T * p**2 * p**T * pi * q - delta**2 * delta**T * p**2 * p**T * q
                   - delta * p * pi * q + delta * p * q - delta * p + 1)  # six mechanisms, lag 2
    exprs = [denominator, delta ** (2 * T) * p - q * delta**T + 1]
    for c in gc.RepeatedLending(**kwargs).game.constraints():
        exprs += [c.slack, *sp.fraction(sp.cancel(sp.together(c.slack)))]
    for e in (e for e in exprs if e.free_symbols):
        assert positive._positive_cancelled(e) == sp.cancel(sp.together(positive._positive_form(e)))
