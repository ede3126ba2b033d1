"""Signaling games: published equilibria and refinements, and agreement with the game tree.

* Beer–quiche (Cho & Kreps 1987, *QJE* 102(2): 179–221, §II, the example of their
  Figure I; prior 0.1 weak): exactly two perfect Bayesian equilibria, pooling on beer
  and pooling on quiche, each sustained by the belief that the unsent breakfast comes
  from the weak type with probability at least 1/2; the Intuitive Criterion rules out
  pooling on quiche (the strong type would gain from beer).
* Beer–quiche with a weak prior above 1/2: no pooling equilibrium; the weak type
  mixes (beer with probability ``(1 - μ)/μ``), the receiver duels after beer with
  probability 1/2 and always after quiche (the standard hybrid equilibrium).
* Spence (1973), *QJE* 87(3): 355–374, §IV's example (productivities 1 and 2,
  education costs ``y`` and ``y/2``): see ``tests/papers/test_spence1973.py``.

Every equilibrium found is checked on the game tree: its profile is a Nash
equilibrium of the tree's strategic form, and its beliefs come from Bayes' rule.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp

from gametheory_cluster.errors import GameError, MissingParameterError
from gametheory_cluster.games import BeliefSet, SignalingGame
from gametheory_cluster.games.behaviour import beliefs, expected_payoffs


def beer_quiche(t: str, m: str, a: str) -> tuple[int, int]:
    taste = int((t == "strong") == (m == "beer"))
    return taste + 2 * (a == "not"), (1 if t == "weak" else -1) * (a == "duel")


def game(weak) -> SignalingGame:
    return SignalingGame({"weak": weak, "strong": 1 - weak}, ("beer", "quiche"),
                         ("duel", "not"), beer_quiche)


def behaviour_of(g: SignalingGame, eq) -> dict:
    """The equilibrium as a behaviour profile on ``g.to_tree()`` (deterring reply off path)."""
    sender, receiver = g.players
    out = {}
    for t in g.types:
        out[(sender, t)] = dict(eq.sender[t])
    for m in g.messages:
        if m in eq.receiver:
            out[(receiver, m)] = dict(eq.receiver[m])
        else:
            reply = next(iter(eq.off_path[m]))
            out[(receiver, m)] = {a: int(a == reply) for a in g.actions[m]}
    return out


def assert_is_nash_on_the_tree(g: SignalingGame, eq) -> None:
    tree = g.to_tree()
    profile = behaviour_of(g, eq)
    value = expected_payoffs(tree, profile)
    assert sp.simplify(value[0] - sum(g.prior[t] * eq.payoffs[t] for t in g.types)) == 0
    assert sp.simplify(value[1] - eq.receiver_payoff) == 0
    form = tree.strategic_form()
    for k, player in enumerate(tree.players):
        for strategy in form.strategies[k]:
            deviation = dict(profile)
            for h, a in strategy.items():
                deviation[(player, h)] = {b: int(b == a) for b in
                                          tree._node(tree._members[(player, h)][0]).actions}
            assert expected_payoffs(tree, deviation)[k] <= value[k]
    bayes = beliefs(tree, profile)
    for m, belief in eq.beliefs.items():
        assert bayes[(g.players[1], m)] == {f"{t}, {m}": belief[t] for t in g.types}


def test_beer_quiche_published_equilibria() -> None:
    g = game(F(1, 10))
    found = g.equilibria()
    assert [(e.kind, e.path) for e in found] == [("pooling", ("beer",)), ("pooling", ("quiche",))]
    beer, quiche = found
    assert beer.receiver == {"beer": {"duel": 0, "not": 1}}
    assert str(beer.off_path["quiche"]["duel"]) == "μ(weak) ∈ [1/2, 1]"
    assert list(beer.off_path["quiche"]) == ["duel"]
    assert beer.payoffs == {"weak": 2, "strong": 3} and quiche.payoffs == {"weak": 3, "strong": 2}
    assert beer.intuitive_criterion().passed and beer.d1().passed
    verdict = quiche.intuitive_criterion()
    assert not verdict.passed and "strong" in verdict.reason
    assert not quiche.d1().passed
    for eq in found:
        assert_is_nash_on_the_tree(g, eq)


@pytest.mark.parametrize("weak", [F(3, 5), F(3, 4), F(9, 10)])
def test_beer_quiche_hybrid_when_weak_is_likely(weak) -> None:
    g = game(weak)
    (eq,) = g.equilibria()
    assert eq.kind == "hybrid"
    assert eq.sender["weak"]["beer"] == (1 - weak) / weak
    assert eq.sender["strong"] == {"beer": 1, "quiche": 0}
    assert eq.receiver == {"beer": {"duel": F(1, 2), "not": F(1, 2)},
                           "quiche": {"duel": 1, "not": 0}}
    assert eq.beliefs["beer"]["weak"] == F(1, 2)
    assert eq.off_path == {}
    assert_is_nash_on_the_tree(g, eq)


def test_symbolic_prior_gives_regions() -> None:
    mu = sp.Symbol("mu")
    found = game(mu).equilibria()
    assert [e.kind for e in found] == ["pooling", "pooling", "hybrid"]
    for e in found[:2]:
        assert e.region.subs({s: F(1, 3) for s in e.region.free_symbols}) in (True, sp.true)
        assert e.region.subs({s: F(2, 3) for s in e.region.free_symbols}) in (False, sp.false)
    hybrid = found[2].region
    assert hybrid.subs({s: F(2, 3) for s in hybrid.free_symbols}) in (True, sp.true)
    assert hybrid.subs({s: F(1, 3) for s in hybrid.free_symbols}) in (False, sp.false)
    with pytest.raises(MissingParameterError, match="refinements need numbers"):
        found[0].intuitive_criterion()


def test_all_pure_equilibria_are_nash_on_the_tree() -> None:
    from gametheory_cluster.models.information.signaling import spence_game

    g = spence_game(F(1, 2), [0, F(1, 2), 1, F(3, 2)])
    for eq in g.equilibria():
        assert_is_nash_on_the_tree(g, eq)


def test_belief_sets() -> None:
    s = BeliefSet(("a", "b", "c"), ({"a": 1, "b": -1, "c": 0},))
    assert {tuple(F(str(x)) for x in v.values()) for v in s.vertices()} == {
        (1, 0, 0), (F(1, 2), F(1, 2), 0), (0, 0, 1)}
    assert str(s).startswith("conv{")
    assert BeliefSet(("a", "b"), ({"a": -1, "b": -1},)).is_empty()
    x = sp.Symbol("x")
    condition = BeliefSet(("a", "b"), ({"a": x, "b": -1},)).condition()
    assert condition.subs(x, 1) in (True, sp.true) and condition.subs(x, -1) in (False, sp.false)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: SignalingGame({}, ("m",), ("a",), beer_quiche), "non-empty mapping"),
        (lambda: SignalingGame({"t": 1}, ("m",), {"n": ("a",)}, lambda *k: (0, 0)), "after message"),
        (lambda: SignalingGame({"t": 1}, ("m",), ("a",), {}), "no payoffs given"),
        (lambda: SignalingGame({"t": 1}, ("m",), ("a",), lambda *k: (0,)), "must be a pair"),
        (lambda: SignalingGame({"t": F(1, 2)}, ("m",), ("a",), lambda *k: (0, 0)), "add up"),
    ],
)
def test_bad_signaling_games(build, message) -> None:
    with pytest.raises(GameError, match=message):
        build()


@pytest.mark.parametrize("cluster", [False, True])
def test_collateral_game_is_built_once_and_answers_as_a_fresh_one(cluster) -> None:
    from gametheory_cluster.models.information.signaling import DEFAULTS, CollateralSignaling

    model = CollateralSignaling(levels=(0, 1))
    assert model.game(cluster) is model.game(cluster) is not model.game(not cluster)
    values = {k: v for k, v in DEFAULTS.items() if k != "mu"}
    for mu in (F(1, 40), F(1, 4), F(3, 4)):
        fresh = CollateralSignaling(levels=(0, 1)).equilibria(cluster, mu=mu, **values)
        assert str(model.equilibria(cluster, mu=mu, **values)) == str(fresh)


def test_pooling_threshold_is_derived_once_and_breaks_even() -> None:
    from gametheory_cluster.models.information.signaling import CollateralSignaling

    first, second = CollateralSignaling().pooling_threshold(), CollateralSignaling((0, 1))
    assert second.pooling_threshold() is first
    I, R, mu, p_b, p_g = (next(s for s in first.free_symbols | {sp.Symbol("mu")} if s.name == n)
                          for n in ("I", "R", "mu", "p_b", "p_g"))
    profit = (mu * p_g + (1 - mu) * p_b) * R - I  # the bank's break-even at the threshold
    assert sp.cancel(profit.subs(mu, first)) == 0
