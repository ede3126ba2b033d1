"""What the speed of deriving constraints rests on (issue 19), asserted without timing.

* Orientation of a tidy fraction asks for a sign proof only when the proof could
  change the choice: a denominator whose sign at a point inside the domains agrees
  with the fewer-minus-signs rule is never proved.
* A sign proof gives up at once on an expression seen to take both signs.
* Values and deviation payoffs are added as numerator/denominator pairs and
  cancelled once: the same field elements as adding in the field.

Each shortcut is checked against the slow road it replaces.
"""

from __future__ import annotations

import pytest
import sympy as sp

import gametheory_cluster as gc
from gametheory_cluster.algebra import forms, signs
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
