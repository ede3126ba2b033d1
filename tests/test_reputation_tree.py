"""Kreps–Wilson twice: the model's recursion and the game tree of incomplete information agree.

For horizons 1–4 and priors across every regime (no reputation, mixing, the cutoffs
themselves, certainty), the engine's Bayes beliefs on the path, its period-by-period
probabilities of a loan and a repayment, and its check of sequential rationality at
every information set agree with :class:`ReputationGame`.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import DomainError, ModelError
from gametheory_cluster.games.behaviour import beliefs
from gametheory_cluster.models.information.reputation import ReputationGame
from gametheory_cluster.models.information.reputation_tree import (
    derive_on_tree,
    reputation_tree,
    solve_on_tree,
)

BASE = {"I": 100, "R": 110, "Y": 150, "w": 0}
CUTOFFS = [F(10, 11), F(100, 121), F(1000, 1331)]
PRIORS = [F(0), F(1, 10), F(1, 2), F(17, 20), F(19, 20), F(1), *CUTOFFS]


@pytest.mark.parametrize("horizon", [1, 2, 3, 4])
@pytest.mark.parametrize("mu", PRIORS)
def test_tree_agrees_with_the_model(horizon: int, mu: F) -> None:
    check = solve_on_tree(horizon, **BASE, mu=mu)
    eq = ReputationGame(horizon).solve(**BASE, mu=mu)
    probabilities = eq.outcome_probabilities()
    assert check.violations == []
    assert check.loan == probabilities["loan"]
    assert check.repaid == probabilities["repaid"]
    reached = [p.belief for p in eq.periods]
    assert check.beliefs == reached


@pytest.mark.parametrize("values", [
    {**BASE, "mu": F(1, 2), "delta": F(9, 10)},
    {"I": 100, "R": 110, "Y": 150, "w": 60, "mu": F(1, 3)},  # no reputation: delta(Y - w) < R
])
def test_other_regimes(values: dict) -> None:
    check = solve_on_tree(3, **values)
    assert check.violations == []
    probabilities = check.equilibrium.outcome_probabilities()
    assert check.loan == probabilities["loan"] and check.repaid == probabilities["repaid"]


def test_a_wrong_strategy_is_caught() -> None:
    from gametheory_cluster.games.behaviour import sequential_rationality_violations
    from gametheory_cluster.models.information import reputation_tree as module

    eq = ReputationGame(2).solve(**BASE, mu=F(1, 2))
    tree = reputation_tree(2, **BASE, mu=F(1, 2))
    behaviour, assessment = module._profile(tree, eq, 2, F(1, 2))
    behaviour[("SME", "strategic t2 r")] = {"Repay": 1, "Default": 0}  # repaying in the last period
    problems = sequential_rationality_violations(tree, behaviour, assessment)
    assert any("strategic t2 r" in p for p in problems)


def test_horizon_limit() -> None:
    with pytest.raises(ModelError, match="horizon"):
        reputation_tree(7, **BASE, mu=F(1, 2))


# ===================================================== the equilibrium derived on the tree
# derive_on_tree solves the tree from its leaves (games.reputation_solver), without the
# model; every number is compared with ReputationGame's recursion, exactly.

REGIMES = {
    "undiscounted": dict(BASE),
    "discounted": {**BASE, "delta": F(9, 10)},
    "bank lends for sure at a cutoff": {**BASE, "delta": F(11, 15)},  # delta (Y - w) = R
    "no reputation": {"I": 100, "R": 110, "Y": 150, "w": 60},  # Y - w < R
    "outside option above Y": {"I": 100, "R": 110, "Y": 150, "w": 200},
    "small return": {"I": 3, "R": 4, "Y": 5, "w": 1, "delta": F(1, 2)},
}
EPS = F(1, 10**6)


def _priors(cutoffs: tuple) -> list[F]:
    """Both sides of every cutoff and the cutoffs themselves, the ends and a few between."""
    cuts = sorted({F(str(c)) for c in cutoffs})
    near = {c + s for c in cuts for s in (-EPS, 0, EPS)}
    return sorted({F(0), F(1), F(1, 10), F(1, 2), F(17, 20)} | {m for m in near if 0 <= m <= 1})


def _agree(derived, eq) -> None:
    """The derived equilibrium is the model's at every public history of the tree."""
    horizon = eq.horizon
    assert derived.cutoffs == eq.cutoffs
    for k in range(1, horizon + 1):
        assert derived.at_cutoffs[k - 1] == eq.play(k, eq.cutoffs[k - 1])[0], k
    assert len(derived.states) == sum(3 ** t for t in range(horizon))  # every public history
    for history, s in derived.states.items():
        lend, repay, posterior = eq.play(s.remaining, s.belief)
        assert (s.lend, s.repay, s.posterior) == (lend, repay, posterior), history
        assert s.value == eq.value(s.remaining, s.belief), history
    for s, p in zip(derived.path, eq.periods, strict=True):
        assert (s.belief, s.lend, s.repay, s.posterior) == (p.belief, p.lend, p.repay,
                                                           p.posterior), p.period
    probabilities = eq.outcome_probabilities()
    assert derived.loan == probabilities["loan"]
    assert derived.repaid == probabilities["repaid"]


@pytest.mark.parametrize("horizon", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("regime", sorted(REGIMES))
def test_the_tree_derives_the_model_at_every_history(horizon: int, regime: str) -> None:
    values = REGIMES[regime]
    game = ReputationGame(horizon, discounting="delta" in values)
    for mu in _priors(game.solve(**values, mu=F(1, 2)).cutoffs):
        _agree(derive_on_tree(horizon, check=False, **values, mu=mu),
               game.solve(**values, mu=mu))


@pytest.mark.parametrize("horizon", [1, 2, 3, 4])
@pytest.mark.parametrize("regime", ["undiscounted", "discounted", "no reputation"])
def test_the_derived_profile_is_a_sequential_equilibrium(horizon: int, regime: str) -> None:
    """Zero violations of sequential rationality at every set; Bayes' rule wherever defined."""
    values = REGIMES[regime]
    cuts = ReputationGame(horizon, discounting="delta" in values).solve(**values, mu=0).cutoffs
    for mu in (F(0), cuts[-1], cuts[0] - EPS, F(19, 20), F(1)):
        derived = derive_on_tree(horizon, **values, mu=mu)
        assert derived.violations == []
        found = derived.assessment
        bayes = beliefs(found.tree, found.behaviour, mu=mu)
        for key, belief in bayes.items():
            if belief is not None:
                assert belief == found.assessment[key], key


def test_horizon_five_and_six_with_the_check() -> None:
    for horizon, mu in ((5, F(1, 2)), (6, F(17, 20))):
        derived = derive_on_tree(horizon, **BASE, mu=mu)
        assert derived.violations == []
        _agree(derived, ReputationGame(horizon).solve(**BASE, mu=mu))


@pytest.mark.parametrize("regime", ["undiscounted", "discounted"])
def test_horizon_six(regime: str) -> None:
    values = REGIMES[regime]
    game = ReputationGame(6, discounting="delta" in values)
    cuts = game.solve(**values, mu=0).cutoffs
    for mu in (F(1, 10), cuts[-1], cuts[-1] + EPS, cuts[2] - EPS, cuts[0]):
        _agree(derive_on_tree(6, check=False, **values, mu=mu), game.solve(**values, mu=mu))


def _kw_values(draw) -> dict:
    """A point of the model's domain: 0 < I < R < Y, w >= 0, a prior, maybe a discount."""
    fractions = st.fractions(min_value=F(1, 100), max_value=F(100), max_denominator=100)
    I = draw(fractions)
    R = I + draw(fractions)
    Y = R + draw(fractions)
    w = draw(st.one_of(st.just(F(0)), st.fractions(min_value=0, max_value=int(Y) + 10,
                                                   max_denominator=20)))
    values = {"I": I, "R": R, "Y": Y, "w": w}
    if draw(st.booleans()):
        values["delta"] = draw(st.fractions(min_value=F(1, 20), max_value=F(19, 20),
                                            max_denominator=40))
    return values


@st.composite
def _points(draw) -> tuple[int, dict]:
    horizon = draw(st.integers(min_value=1, max_value=4))
    values = _kw_values(draw)
    ratio = values["I"] / values["R"]
    mu = draw(st.one_of(
        st.fractions(min_value=0, max_value=1, max_denominator=200),
        st.sampled_from([ratio ** k for k in range(1, horizon + 1)]),  # exactly at a cutoff
        st.sampled_from([ratio ** k + s for k in range(1, horizon + 1) for s in (-EPS, EPS)
                         if 0 <= ratio ** k + s <= 1]),
    ))
    return horizon, values | {"mu": mu}


@settings(max_examples=40, deadline=None)
@given(_points())
def test_random_points_of_the_domain(point: tuple[int, dict]) -> None:
    horizon, values = point
    eq = ReputationGame(horizon, discounting="delta" in values).solve(**values)
    derived = derive_on_tree(horizon, check=horizon <= 2, **values)
    _agree(derived, eq)
    assert derived.violations in (None, [])


def test_derivation_errors() -> None:
    with pytest.raises(ModelError, match="needs mu"):
        derive_on_tree(2, **BASE)
    with pytest.raises(DomainError, match="I < R"):
        derive_on_tree(2, I=100, R=90, Y=150, w=0, mu=F(1, 2))
    with pytest.raises(ModelError, match="horizon"):
        derive_on_tree(7, **BASE, mu=F(1, 2))
    with pytest.raises(DomainError):
        derive_on_tree(2, **BASE, mu=F(3, 2))


@pytest.mark.parametrize("horizon", [2, 3])
def test_the_beliefs_are_consistent(horizon: int) -> None:
    """Kreps–Wilson consistency: the beliefs are the limit of Bayes' rule under trembles.

    Every action is played with probability at least ε/2 (ε = 10^-9): the engine's
    Bayes beliefs, defined at every set, lie within 10^-6 of the derived assessment, off
    the path too (after a refusal the prior, after a default the strategic type).
    """
    eps = F(1, 10**9)
    cuts = ReputationGame(horizon).solve(**BASE, mu=0).cutoffs
    for mu in (F(1, 10), cuts[-1], F(17, 20)):
        found = derive_on_tree(horizon, check=False, **BASE, mu=mu).assessment
        shaken = {key: {a: (1 - eps) * p + eps / len(mix) for a, p in mix.items()}
                  for key, mix in found.behaviour.items()}
        for key, belief in beliefs(found.tree, shaken, mu=mu).items():
            assert belief is not None, key
            assert all(abs(belief[n] - p) < F(1, 10**6)
                       for n, p in found.assessment[key].items()), key
