"""Greif (1993) coalition: the efficiency wage, derived by hand and by simulation.

Hand derivation. Write D = V^e - V^u. Subtracting the value equations,
D = W - phi + delta (1 - sigma - h_h) D, so D = (W - phi) / (1 - delta + delta (sigma + h_h)).
From V^e = W + delta (V^e - sigma D): V^e = (W - delta sigma D) / (1 - delta).
From V^c = (phi + delta h_c V^e) / (1 - delta + delta h_c):
V^e - delta V^c = [V^e (1 - delta)(1 + delta h_c) - delta phi] / (1 - delta + delta h_c).
Setting V^e - delta V^c = alpha and solving for W:

    W* = phi + (alpha - phi) (1 - delta + delta h_c)(1 - delta + delta sigma + delta h_h)
                             / ((1 + delta h_c)(1 - delta + delta h_h)).

Multilateral punishment is h_c = 0, bilateral h_c = h_h. With sigma = 0 and
h_c = 0 the agent is never separated nor rehired: W* = alpha (1 - delta) + delta phi,
which in lending terms (alpha = Y, phi = w, W = Y - R) is grim trigger's
R <= delta (Y - w).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.errors import DomainError, ModelError, UnknownParameterError
from gametheory_cluster.models.community.greif import (
    Coalition,
    minimum_wage_by_rehiring_data,
    minimum_wage_data,
    rent_isolated_vs_cluster,
)
from gametheory_cluster.plotting.community import plot_minimum_wage

W, alpha, phi, delta, sigma, h_h, h_c = gc.symbols("W alpha phi delta sigma h_h h_c")
PARTIAL = Coalition("partial")
BASE = {
    "alpha": 150,
    "phi": 0,
    "delta": Fraction(9, 10),
    "sigma": Fraction(1, 10),
    "h_h": Fraction(1, 2),
}


def hand_wage(cheater_rehire):
    x = cheater_rehire
    return phi + (alpha - phi) * (1 - delta + delta * x) * (
        1 - delta + delta * sigma + delta * h_h
    ) / ((1 + delta * x) * (1 - delta + delta * h_h))


@pytest.fixture(scope="module")
def partial_wage():
    return PARTIAL.wage


@pytest.fixture(scope="module")
def partial_signs():
    return PARTIAL.comparative_statics()


def test_partial_wage_matches_hand_closed_form(partial_wage):
    assert sp.simplify(partial_wage - hand_wage(h_c)) == 0


@pytest.mark.parametrize(("punishment", "rehire"), [("multilateral", 0), ("bilateral", h_h)])
def test_regimes_match_hand_closed_form(punishment, rehire):
    point = {"phi": 3, "sigma": Fraction(1, 5)}
    got = Coalition(punishment).minimum_wage(**point).value
    want = hand_wage(rehire).subs({phi: 3, sigma: Fraction(1, 5)})
    assert sp.simplify(got - want) == 0


@settings(max_examples=8, deadline=None, derandomize=True)
@given(
    st.fractions(Fraction(1, 20), Fraction(19, 20), max_denominator=20),
    st.fractions(0, 1, max_denominator=10),
    st.fractions(Fraction(1, 10), 1, max_denominator=10),
    st.integers(0, 40),
    st.integers(41, 200),
)
def test_multilateral_never_needs_more_than_bilateral(d, s, h, p, a):
    point = {"delta": d, "sigma": s, "h_h": h, "phi": p, "alpha": a}
    multi = Coalition("multilateral").minimum_wage(**point).value
    bi = Coalition("bilateral").minimum_wage(**point).value
    assert phi.subs(phi, p) <= multi < bi
    assert multi == hand_wage(0).subs({delta: d, sigma: s, h_h: h, phi: p, alpha: a})


def test_no_separation_no_rehiring_is_grim_trigger():
    assert Coalition().minimum_wage(sigma=0).value.equals(alpha * (1 - delta) + delta * phi)
    # in lending terms the cluster SME's largest credible repayment is grim trigger's debt capacity
    out = rent_isolated_vs_cluster(Y=150, w=0, delta=Fraction(3, 4), sigma=0, h_h=Fraction(1, 2))
    grim = gc.RepeatedLending().debt_capacity(Y=150, w=0, delta=Fraction(3, 4)).value
    assert out["max_repayment_cluster"] == grim == Fraction(225, 2)
    assert out["max_repayment_isolated"] < grim


def test_rent_isolated_vs_cluster_base_case():
    out = rent_isolated_vs_cluster(
        Y=150, w=0, delta=Fraction(9, 10), sigma=Fraction(1, 10), h_h=Fraction(1, 2)
    )
    assert out["cluster"] == Fraction(192, 11) and out["isolated"] == Fraction(1920, 29)
    assert out["max_repayment_isolated"] < 100 < 110 < out["max_repayment_cluster"]


# ------------------------------------------------------------ comparative statics
def test_comparative_statics_signs(partial_signs):
    """Greif: W* falls with delta and h_h, rises with alpha, sigma, phi and h_c (under a coalition)."""
    assert Coalition("multilateral").comparative_statics() == {
        "alpha": 1,
        "delta": -1,
        "h_h": -1,
        "phi": 1,
        "sigma": 1,
    }
    bilateral = Coalition("bilateral").comparative_statics()
    assert bilateral["h_h"] == 1  # a cheater is rehired as fast as anyone: better rehiring hurts
    partial = partial_signs
    assert partial["h_c"] == 1 and partial["h_h"] == -1 and partial["sigma"] == 1
    assert (
        partial["phi"] is None
    )  # positive iff sigma (1 - delta + delta h_c) < 1 - delta + delta h_h


@settings(max_examples=6, deadline=None, derandomize=True)
@given(
    st.floats(0.05, 0.95),
    st.floats(0.0, 1.0),
    st.floats(0.05, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 50.0),
    st.floats(60.0, 200.0),
)
def test_signs_by_finite_differences(partial_wage, partial_signs, d, s, hh, hc, p, a):
    """Central differences of the derived W* agree with every proved sign."""
    f = sp.lambdify((delta, sigma, h_h, h_c, phi, alpha), partial_wage)
    point = np.array([d, s, hh, hc, p, a])
    signs = partial_signs
    for i, name in enumerate(("delta", "sigma", "h_h", "h_c", "phi", "alpha")):
        if signs[name] is None:
            continue
        step = np.zeros(6)
        step[i] = 1e-6
        diff = f(*(point + step)) - f(*(point - step))
        assert diff * signs[name] >= -1e-9


# ------------------------------------------------------------ simulation
def test_monte_carlo_indifference_at_the_minimum_wage():
    """Play the labour market forward: at W*, honesty and cheating once are worth the same."""
    point = {**BASE, "h_c": Fraction(1, 5)}
    wage = float(PARTIAL.minimum_wage(**point).value)
    d, s, hh, hc, a, p = (float(point[k]) for k in ("delta", "sigma", "h_h", "h_c", "alpha", "phi"))
    rng = np.random.default_rng(1993)
    paths, horizon = 20000, math.ceil(math.log(1e-10) / math.log(d))

    def discounted(first_cheat):
        employed = np.ones(paths, dtype=bool)
        record = np.zeros(paths, dtype=bool)  # has cheated and not been rehired since
        total = np.zeros(paths)
        for t in range(horizon):
            if t == 0 and first_cheat:
                total += a
                employed[:], record[:] = False, True
                continue
            total += d**t * np.where(employed, wage, p)
            u = rng.random(paths)
            hire = np.where(record, u < hc, u < hh)
            stay = u >= s
            employed, record = (
                np.where(employed, stay, hire),
                record & ~np.where(employed, False, hire),
            )
        return total

    gap = discounted(False) - discounted(True)
    assert abs(gap.mean()) <= 4 * gap.std(ddof=1) / math.sqrt(paths)


# ------------------------------------------------------------ errors and figures
def test_bad_input():
    with pytest.raises(ModelError, match="punishment"):
        Coalition("gossip")
    with pytest.raises(UnknownParameterError):
        Coalition("bilateral").minimum_wage(h_c=Fraction(1, 2))
    with pytest.raises(DomainError):
        Coalition().minimum_wage(sigma=2)
    with pytest.raises(UnknownParameterError, match="not a parameter"):
        Coalition().threshold("h_c", W=10)
    with pytest.raises(DomainError, match="values needed"):
        rent_isolated_vs_cluster(Y=150)


def test_float_in_float_out():
    t = Coalition().minimum_wage(**{k: float(v) for k, v in BASE.items()})
    assert isinstance(t.value, float) and t.value == pytest.approx(192 / 11)


def test_figure_data():
    data = minimum_wage_data([0.0, 0.5, 1.0])
    w = data.columns["W_star"]
    assert w[0] == pytest.approx(data.notes["multilateral"]) and w[1] == pytest.approx(
        data.notes["bilateral"]
    )
    assert w[0] < w[1] < w[2]
    by_h = minimum_wage_by_rehiring_data([0.1, 0.5, 0.9]).columns
    assert all(m < b for m, b in zip(by_h["multilateral"], by_h["bilateral"], strict=True))
    assert by_h["multilateral"] == sorted(by_h["multilateral"], reverse=True)
    assert by_h["bilateral"] == sorted(by_h["bilateral"])
    assert plot_minimum_wage([0.0, 1.0]).gc_data.columns["h_c"] == [0.0, 1.0]
    with pytest.raises(DomainError):
        minimum_wage_data([2.0])


def test_two_isolated_smes_differ_by_rematching_and_separation():
    # Greif's bilateral SME vs RepeatedLending()'s isolated SME at delta = 0.9 (issue 20, item 18)
    from gametheory_cluster.models.community import rent_isolated_vs_cluster

    def largest(sigma, h_h):
        out = rent_isolated_vs_cluster(Y=150, w=0, delta=Fraction(9, 10), sigma=sigma, h_h=h_h)
        return out["max_repayment_isolated"]

    assert largest(Fraction(1, 10), Fraction(1, 2)) == Fraction(2430, 29)  # 83.79 < 100
    assert largest(0, Fraction(1, 2)) == Fraction(2700, 29)  # 93.10: re-matching alone
    assert largest(Fraction(1, 10), 0) == Fraction(243, 2)  # 121.5: separation alone
    assert largest(0, 0) == 135 == gc.RepeatedLending().debt_capacity(
        Y=150, w=0, delta=Fraction(9, 10)).value


def test_cheater_wage_at_the_base_case():
    assert Coalition().cheater_wage(**{k: v for k, v in BASE.items() if k != "W"}).value == \
        Fraction(57, 2)
