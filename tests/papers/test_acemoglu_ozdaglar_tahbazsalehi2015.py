"""Acemoglu, Ozdaglar & Tahbaz-Salehi (2015) in guarantee networks: the figures' data.

Roads: hand closed forms for the ring and the complete group, the loss-conservation rule
for total collapse with full coverage, and the paper's statements checked on the four
shapes and on random regular networks.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from gametheory_cluster.models.policy.contagion import GuaranteeNetwork
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper

N = 12  # firms; buffer 1 each, so the total buffer (their ε* = n(a − v)) is 12


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "acemoglu_ozdaglar_tahbazsalehi2015")


@pytest.fixture(scope="module")
def failures(paper):
    return figure_data(paper.make_figure_1_expected_failures())


def test_figure_1_closed_forms(failures):
    cols = failures.columns
    shocks = np.array(cols["shock"])
    complete = np.where(shocks <= 1, 0, np.where(shocks <= N, 1, N))
    ring = np.where(shocks <= 1, 0, np.minimum(N, np.ceil(shocks) - 1))
    assert np.array_equal(cols["complete"], complete)
    assert np.array_equal(cols["ring"], ring)


def test_figure_1_phase_transition(failures):
    """Below ε*: complete most stable, ring least. Above: both fail entirely, the δ-connected
    groups stop the loss in one group."""
    cols = failures.columns
    shapes = [k for k in cols if k != "shock"]
    for i, eps in enumerate(cols["shock"]):
        values = {k: cols[k][i] for k in shapes}
        if eps <= N:
            assert values["complete"] == min(values.values())
            assert values["ring"] == max(values.values())
        else:
            assert values["complete"] == values["ring"] == N
            assert values["clustered"] == N // 3
            assert values["star"] < N
    assert failures.notes["flip_network"] == "complete"
    assert failures.notes["flip_shock"] == N


def test_statements_on_random_regular_networks(paper):
    """Their propositions compare all regular networks. Below ε*: complete ≤ random ≤ ring;
    above: ring and complete both fail entirely, the least stable."""
    rng = np.random.default_rng(2015)
    shapes = paper.SHAPES
    for _ in range(3):
        shares = np.zeros((N, N), dtype=object)
        for _ in range(3):
            perm = rng.permutation(N)
            while np.any(perm == np.arange(N)):
                perm = rng.permutation(N)
            for j in range(N):
                shares[perm[j], j] += Fraction(1, 3)
        net = GuaranteeNetwork.from_shares(shares, buffer=1, loan=N)
        for eps in (Fraction(5, 2), Fraction(11, 2), Fraction(23, 2)):
            mean = net.single_shock(eps).mean
            assert shapes["complete"].single_shock(eps).mean <= mean
            assert mean <= shapes["ring"].single_shock(eps).mean
        assert net.single_shock(13).mean <= shapes["complete"].single_shock(13).mean == N
        assert shapes["ring"].single_shock(13).mean == N


def test_figure_2_collapse(paper):
    """Full coverage conserves loss: ring and complete collapse iff k·ε > n·e (k firms hit)."""
    cols = figure_data(paper.make_figure_2_collapse_probability()).columns
    p = 0.1
    for i, eps in enumerate(cols["shock"]):
        expected = sum(
            math.comb(N, k) * p**k * (1 - p) ** (N - k)
            for k in range(1, N + 1)
            if eps > 1 and k * eps > N
        )
        assert cols["ring"][i] == pytest.approx(expected, abs=1e-12)
        assert cols["complete"][i] == pytest.approx(expected, abs=1e-12)
        assert cols["clustered"][i] <= cols["complete"][i] + 1e-12


def test_headline(paper):
    h = paper.headline()
    assert h["flip shock (complete turns most fragile)"] == N
    assert h["expected failures, ring, shock 6 / 13"] == (5, N)
    assert h["expected failures, complete, shock 6 / 13"] == (1, N)
    collapse = h["P(collapse), complete, shock 6, p=1/10"]
    assert isinstance(collapse, sp.Rational)
    tenth = sp.Rational(1, 10)
    # three firms hit by 6 exceed the total buffer 12
    expected = sum(math.comb(N, k) * tenth**k * (1 - tenth) ** (N - k) for k in range(3, N + 1))
    assert collapse == expected
