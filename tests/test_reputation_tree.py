"""Kreps–Wilson twice: the model's recursion and the game tree of incomplete information agree.

For horizons 1–4 and priors across every regime (no reputation, mixing, the cutoffs
themselves, certainty), the engine's Bayes beliefs on the path, its period-by-period
probabilities of a loan and a repayment, and its check of sequential rationality at
every information set agree with :class:`ReputationGame`.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from gametheory_cluster.errors import ModelError
from gametheory_cluster.models.information.reputation import ReputationGame
from gametheory_cluster.models.information.reputation_tree import reputation_tree, solve_on_tree

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
