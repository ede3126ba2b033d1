"""Kandori (1992) contagious equilibrium: closed forms, brute force, simulation, two methods.

Second roads:

* the mixed-pairs law against brute-force enumeration of every perfect matching;
* hand-derived closed forms for M = 2 (grim trigger) and M = 4;
* Monte Carlo simulation of the matching process (player identities, random
  perfect matchings, infection) for the on-path and the off-path condition;
* the exact (sympy, engine) and the numeric (numpy chain) methods against each other.

Hand derivation, M = 4, prisoner's dilemma (1, 1+g, -l, 0). V(k) is an infected
player's value with k infected. V(4) = 0. From k = 3 the last healthy player is
infected next period whatever happens: V(3) = (1+g)/3. From k = 2: the partner is
healthy w.p. 2/3 (then everyone is infected next period), else the two healthy
players meet each other and nothing changes: V(2) = (2/3)(1+g) + (delta/3) V(2),
so V(2) = 2(1+g)/(3-delta). On path: 1/(1-delta) >= 1+g + delta V(2), i.e.
(1+g)(3+delta)(1-delta) <= 3-delta. Off path at k = 2:
(2/3)[g - delta V(3)] + l/3 >= 0; at k = 3: (1/3)[g - delta V(3)] + (2/3) l >= 0
(cooperating keeps one healthy player only until next period).
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from itertools import pairwise

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import DomainError, MissingParameterError, ModelError
from gametheory_cluster.models.community.kandori import (
    _GRID,
    ContagionThresholds,
    KandoriCommunity,
    _values,
    _values_at,
    threshold_by_size_data,
)
from gametheory_cluster.models.community.matching import _mixed_pairs_exact, mixed_pairs
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.community import plot_threshold_by_size

NONE = KandoriCommunity()
PUBLIC = KandoriCommunity("public")


# ------------------------------------------------------------ the matching law
def matchings(players):
    if not players:
        yield []
        return
    first, rest = players[0], players[1:]
    for i, other in enumerate(rest):
        for m in matchings(rest[:i] + rest[i + 1 :]):
            yield [(first, other), *m]


@pytest.mark.parametrize("n", [2, 4, 6, 8])
def test_mixed_pairs_law_by_brute_force(n):
    everyone = list(matchings(list(range(n))))
    for infected in range(n + 1):
        counts = Counter(sum((a < infected) != (b < infected) for a, b in m) for m in everyone)
        want = {m: Fraction(c, len(everyone)) for m, c in counts.items()}
        assert dict(_mixed_pairs_exact(n, infected)) == want
        ms, p = mixed_pairs(n, infected)
        assert dict(zip(ms.tolist(), p.tolist(), strict=True)) == pytest.approx(
            {m: float(v) for m, v in want.items()}
        )


def test_mixed_pairs_is_a_distribution_for_large_n():
    ms, p = mixed_pairs(998, 499)
    assert p.sum() == pytest.approx(1) and np.all(p >= 0) and ms.max() <= 499


def test_mixed_pairs_rejects_an_odd_group():
    with pytest.raises(DomainError):
        mixed_pairs(5, 2)


# ------------------------------------------------------------ closed forms
@settings(max_examples=5, deadline=None, derandomize=True)
@given(st.fractions(Fraction(1, 10), 5, max_denominator=10))
def test_two_players_is_grim_trigger(gain):
    """M = 2: the partner is the only other player; delta* = g/(1+g), both methods."""
    exact = NONE.threshold("delta", M=2, gain=gain, loss=1)
    assert exact.value == gain / (1 + gain)
    numeric = NONE.threshold("delta", M=2, gain=gain, loss=1, method="numeric")
    assert numeric.value == pytest.approx(float(gain / (1 + gain)), abs=1e-12)
    assert PUBLIC.threshold("delta", M=2, gain=gain, loss=1).value == gain / (1 + gain)


def test_grim_symbolically():
    t = NONE.threshold("delta", M=2)
    g = sp.Symbol("gain", positive=True)
    assert sp.simplify(t.value - g / (1 + g)) == 0


@pytest.mark.parametrize(
    ("gain", "loss"), [(1, 1), (Fraction(1, 5), Fraction(1, 100)), (Fraction(1, 2), Fraction(3, 2))]
)
def test_four_players_by_hand(gain, loss):
    d = sp.Symbol("d", positive=True)
    g, ell = sp.Rational(gain), sp.Rational(loss)
    roots = [r for r in sp.Poly((1 + g) * (3 + d) * (1 - d) - (3 - d), d).real_roots() if 0 < r < 1]
    t = NONE.thresholds(M=4, gain=gain, loss=loss)
    assert sp.simplify(t.on_path.value - roots[0]) == 0
    bound = min(3 * (2 * g + ell) / (2 * (1 + g)), 3 * (g + 2 * ell) / (1 + g))
    if bound >= 1:
        assert t.off_path.region == sp.Interval.open(0, 1)
    else:
        assert (t.off_path.value, t.off_path.direction) == (bound, "<=")


def test_public_information_is_grim_for_every_size():
    for M in (2, 10, 1000):
        assert PUBLIC.threshold("delta", M=M, gain=Fraction(1, 3), loss=1).value == Fraction(1, 4)


# ------------------------------------------------------------ exact vs numeric
@pytest.mark.parametrize("M", [4, 6, 8])
def test_exact_and_numeric_agree(M):
    for gain, loss in ((1, 1), (Fraction(1, 5), Fraction(1, 10))):
        exact = NONE.thresholds(M=M, gain=gain, loss=loss, method="exact")
        numeric = NONE.thresholds(M=M, gain=gain, loss=loss, method="numeric")
        assert float(exact.on_path.value) == pytest.approx(numeric.on_path.value, abs=1e-10)
        assert float(exact.off_path.region.sup) == pytest.approx(
            float(numeric.off_path.region.sup), abs=1e-10
        )


def test_exact_threshold_is_certified_root():
    t = NONE.threshold("delta", M=6, gain=1, loss=1)
    assert isinstance(t.value, sp.CRootOf) and t.exact
    assert t.value.is_real and 0 < t.value < 1


def test_threshold_grows_with_community_size():
    Ms = [2, 4, 6, 8, 10, 14, 20, 30, 50, 100, 300, 1000]
    stars = [NONE.threshold("delta", M=M, gain=1, loss=1, method="numeric").value for M in Ms]
    assert all(a < b for a, b in pairwise(stars))
    assert stars[0] == pytest.approx(0.5) and stars[-1] < 1


# ------------------------------------------------------------ Monte Carlo
def contagion_paths(M, paths, horizon, rng, start_infected=1, deviate_first=False):
    """Play the community forward. Player 0 is infected, with ``start_infected - 1`` others.

    Returns, per path and period, player 0's payoff factor: 1 if his partner was
    healthy (he earns 1+g defecting, 1 cooperating), else 0 (he earns 0 or -l);
    and whether the partner was healthy. If ``deviate_first``, player 0 cooperates
    in period 0 (his healthy partner stays healthy).
    """
    infected = np.zeros((paths, M), dtype=bool)
    infected[:, :start_infected] = True
    rows = np.arange(paths)[:, None]
    healthy_partner = np.zeros((paths, horizon), dtype=bool)
    base = np.tile(np.arange(M), (paths, 1))
    for t in range(horizon):
        perm = rng.permuted(base, axis=1)
        a, b = perm[:, 0::2], perm[:, 1::2]
        ia, ib = infected[rows, a], infected[rows, b]
        pos = np.argmax(perm == 0, axis=1)
        partner = perm[np.arange(paths), pos ^ 1]
        healthy_partner[:, t] = ~infected[np.arange(paths), partner]
        spread = ia | ib
        new_a = new_b = spread
        if t == 0 and deviate_first:  # player 0 cooperates: nothing changes in his pair
            mine = (a == 0) | (b == 0)
            new_a, new_b = np.where(mine, ia, spread), np.where(mine, ib, spread)
        infected[rows, a] = new_a
        infected[rows, b] = new_b
    return healthy_partner


@pytest.mark.parametrize(("M", "method"), [(6, "exact"), (20, "numeric")])
def test_on_path_threshold_agrees_with_simulation(M, method):
    gain = 1.0
    star = float(NONE.threshold("delta", M=M, gain=1, loss=1, method=method).value)
    horizon = math.ceil(math.log(1e-10) / math.log(star + 0.05))
    rng = np.random.default_rng(20240601 + M)
    # player 0 defects in period 0 against a healthy partner: two infected from period 1
    healthy = contagion_paths(M, 4000, horizon, rng, start_infected=2)
    for delta, expect in ((star, 0), (star - 0.05, 1), (star + 0.05, -1)):
        weights = delta ** np.arange(1, horizon + 1)
        deviation = (1 + gain) + (healthy * (1 + gain)) @ weights
        gap = deviation - 1 / (1 - delta)  # deviating minus conforming
        mean, se = gap.mean(), gap.std(ddof=1) / math.sqrt(len(gap))
        if expect == 0:
            assert abs(mean) <= 4 * se
        else:
            assert expect * mean > 4 * se


def test_off_path_slack_agrees_with_simulation():
    """Two infected (player 0 and one other): keep defecting vs cooperate once, then defect."""
    M, gain, loss, delta = 6, Fraction(1, 5), Fraction(1, 10), Fraction(7, 10)
    slack = next(
        c.slack
        for c in NONE.constraints("off_path", M=M, gain=gain, loss=loss, delta=delta)
        if c.state == "infected:2"
    )
    g, ell, d = float(gain), float(loss), float(delta)
    horizon = math.ceil(math.log(1e-10) / math.log(d))
    weights = d ** np.arange(horizon)
    values = []
    for deviate in (False, True):
        rng = np.random.default_rng(7)
        healthy = contagion_paths(M, 20000, horizon, rng, start_infected=2, deviate_first=deviate)
        first = np.where(healthy[:, 0], 1.0 if deviate else 1 + g, -ell if deviate else 0.0)
        later = (healthy[:, 1:] * (1 + g)) @ weights[1:]
        values.append(first + later)
    gap = values[0] - values[1]
    se = gap.std(ddof=1) / math.sqrt(len(gap))
    assert abs(gap.mean() - float(slack)) <= 4 * se


# ------------------------------------------------------------ results, errors, figure
def test_contagion_thresholds_result():
    t = NONE.thresholds(M=4, gain=Fraction(1, 5), loss=Fraction(1, 100))
    assert isinstance(t, ContagionThresholds) and t.sustainable
    assert t.region == sp.Interval(Fraction(1, 3), Fraction(41, 80))
    assert float(sp.sympify(t.to_dict()["off_path"]["value"])) == pytest.approx(41 / 80)
    assert "on path" in str(t) and t.latex().startswith(r"\delta \in")


def test_numeric_band_at_large_size():
    t = NONE.thresholds(M=1000, gain=0.2, loss=0.1)
    assert not t.on_path.exact
    assert 0.8 < t.on_path.value < t.off_path.value < 0.95


def test_bad_input():
    with pytest.raises(DomainError, match="even"):
        NONE.threshold("delta", M=5, gain=1, loss=1)
    with pytest.raises(MissingParameterError, match="give M"):
        NONE.threshold("delta", gain=1, loss=1)
    with pytest.raises(ModelError, match="method"):
        NONE.threshold("delta", M=4, gain=1, loss=1, method="fast")
    with pytest.raises(ModelError, match="which"):
        NONE.threshold("delta", "sometimes", M=4, gain=1, loss=1)
    with pytest.raises(DomainError, match="cannot solve for 'M'"):
        NONE.threshold("M", gain=1, loss=1, M=4)
    with pytest.raises(DomainError, match="delta only"):
        NONE.threshold("gain", M=20, loss=1, delta=0.9, method="numeric")
    with pytest.raises(MissingParameterError, match="loss"):
        NONE.threshold("delta", M=20, gain=1, method="numeric")
    with pytest.raises(DomainError):
        NONE.threshold("delta", M=4, gain=-1, loss=1)
    with pytest.raises(ModelError, match="information"):
        KandoriCommunity("gossip")


def test_threshold_by_size_figure_data():
    data = threshold_by_size_data([2, 4, 10, 100])
    cols = data.columns
    assert cols["public"] == [0.5] * 4
    assert cols["on_path"][0] == pytest.approx(0.5)
    assert all(a < b for a, b in pairwise(cols["on_path"]))
    assert cols["off_path"] == [1.0] * 4  # gain = loss = 1: infected players keep defecting
    fig = plot_threshold_by_size([2, 4, 10], gain=Fraction(1, 5), loss=Fraction(1, 10))
    band = figure_data(fig).columns
    assert all(lo < hi for lo, hi in zip(band["on_path"][1:], band["off_path"][1:], strict=True))
    assert band["off_path"][1] < 1


def test_equilibrium_is_named_by_what_players_see():
    """Private matches: no proper subgame after a defection elsewhere -> sequential equilibrium;
    every defection public -> grim trigger on the public record, a perfect public equilibrium."""
    assert NONE.equilibrium == "sequential equilibrium"
    assert PUBLIC.equilibrium == "perfect public equilibrium"
    t = NONE.thresholds(M=4, gain=Fraction(1, 5), loss=Fraction(1, 100))
    assert t.equilibrium == "sequential equilibrium"
    assert "sequential equilibrium (both): delta in Interval(1/3, 41/80)" in str(t)
    assert "subgame" not in str(t)


# ------------------------------------------------- one δ by one triangular solve (issue 19)
@settings(max_examples=30, deadline=None)
@given(st.sampled_from([4, 10, 36, 200]), st.floats(1e-6, 1 - 1e-6),
       st.sampled_from(["conform", "deviate"]))
def test_one_delta_solve_matches_back_substitution(M, delta, kind):
    P, u = KandoriCommunity()._tables(M, 1.0, 1.0)[kind]
    loop = _values(P, u, np.array([delta]))[:, 0]
    work = P.copy()
    solved = _values_at(work, P, u, delta)
    assert np.allclose(solved, loop, rtol=1e-12, atol=1e-12 * np.abs(loop).max())
    assert np.array_equal(np.triu(work, 1), np.triu(P, 1))  # only the diagonal is overwritten


def test_slack_at_one_delta_matches_the_grid_and_the_grid_is_solved_once():
    model = KandoriCommunity()
    for which in ("on_path", "off_path"):
        slack = model._slack_function(50, 0.2, 0.1, which)
        on_grid = slack(_GRID)
        one_by_one = np.array([slack(d)[0] for d in _GRID[::25]])
        assert np.allclose(one_by_one, on_grid[::25], rtol=1e-10, atol=1e-12)
    assert list(model._grid_values) == [(50, 0.2, 0.1)]
