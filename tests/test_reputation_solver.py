"""The reputation solver on trees other than the lending game, against closed forms.

Kreps and Wilson's (1982) chain store: an incumbent meets ``n`` entrants; a tough
incumbent always fights, a weak one prefers to acquiesce (0 > -1) but likes entrants to
stay out (a > 0); an entrant gains b - 1 < 0 from a fight, b > 0 from acquiescence.
Their sequential equilibrium (Kreps & Wilson 1982, JET 27:253–279, §3), with ``k``
entrants left and belief ``p`` that the incumbent is tough: the entrant stays out if
``p > b^k``, enters if ``p < b^k`` and stays out with probability ``1/a`` at ``p = b^k``;
the weak incumbent acquiesces to the last entrant, fights if ``p >= b^(k-1)`` and
otherwise fights with probability ``(1 - b^(k-1)) p / ((1 - p) b^(k-1))``. The solver
knows none of this: it reads the leaves.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
import sympy as sp

from gametheory_cluster.errors import GameError, MissingParameterError
from gametheory_cluster.games import Chance, Decision, GameTree
from gametheory_cluster.games.behaviour import beliefs, sequential_rationality_violations
from gametheory_cluster.games.reputation_solver import solve_reputation_tree
from gametheory_cluster.parameters import symbol


def chain_store(n: int, a, b, p) -> GameTree:
    """Entrants ``1..n`` then the incumbent; leaves hold each entrant's and the incumbent's sum."""

    def node(kind: str, t: int, history: str, pay: list):
        if t > n:
            return tuple(pay)

        def then(move: str, entrant, incumbent):
            after = list(pay)
            after[t - 1], after[n] = entrant, pay[n] + incumbent
            return node(kind, t + 1, history + move, after)

        reply = {"Fight": then("f", b - 1, -1)}
        if kind == "weak":
            reply["Acquiesce"] = then("a", b, 0)
        return Decision(f"entrant {t}", {
            "In": Decision("incumbent", reply, infoset=f"{kind} {t} {history}"),
            "Out": then("o", 0, a)}, infoset=f"{t} {history or '-'}")

    zero = [0] * (n + 1)
    return GameTree(Chance({"tough": (p, node("tough", 1, "", zero)),
                            "weak": (1 - p, node("weak", 1, "", zero))}),
                    players=(*[f"entrant {t}" for t in range(1, n + 1)], "incumbent"))


def closed_form(k: int, p, a, b) -> tuple:
    """Kreps–Wilson: (probability of entry, probability that the weak incumbent fights)."""
    enter = 1 if p < b**k else (0 if p > b**k else 1 - 1 / a)
    if k == 1:
        fight = 0
    elif p >= b ** (k - 1):
        fight = 1
    else:
        fight = (1 - b ** (k - 1)) * p / ((1 - p) * b ** (k - 1))
    return enter, fight


@pytest.mark.parametrize(("a", "b"), [(F(3), F(1, 2)), (F(2), F(2, 5))])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_chain_store_at_every_information_set(n: int, a, b) -> None:
    cuts = [b**k for k in range(1, n + 1)]
    priors = {F(1, 10), F(1, 2), F(9, 10)} | set(cuts) | {c + s for c in cuts
                                                          for s in (F(-1, 1000), F(1, 1000))}
    for p in sorted(priors):
        eq = solve_reputation_tree(chain_store(n, a, b, p))
        assert eq.types == ("tough", "weak") and eq.long_run == "incumbent"
        for (player, label), belief in eq.belief.items():
            t = int(player.split()[1])
            history = label.split()[1].strip("-")
            k = n - t + 1
            if "a" in history:  # revealed weak: a single node, belief 0
                assert belief == 0
            enter, fight = closed_form(k, belief, a, b)
            weak = eq.behaviour[("incumbent", f"weak {t} {history}")]
            assert weak["Fight"] == fight, (p, label)
            if t == 1 and belief == b**k:
                continue  # the first entrant at its cutoff: nothing earlier pins its mixing
            assert eq.behaviour[(player, label)]["In"] == enter, (p, label)
            assert eq.cutoffs[(player, label)] == (() if "a" in history else (b**k,))
        if n <= 3:
            assert eq.violations() == []


def test_first_entrant_at_its_cutoff_mixes_as_the_next_one() -> None:
    """Kreps and Wilson's stationary choice, and ``tie`` where there is no next entrant."""
    a, b = F(3), F(1, 2)
    eq = solve_reputation_tree(chain_store(2, a, b, b**2))
    assert eq.behaviour[("entrant 1", "1 -")] == {"In": F(2, 3), "Out": F(1, 3)}
    one = solve_reputation_tree(chain_store(1, a, b, b))
    assert one.behaviour[("entrant 1", "1 -")] == {"In": 1, "Out": 0}  # the first tied action
    tied = solve_reputation_tree(chain_store(1, a, b, b), tie={"In": F(2, 3), "Out": F(1, 3)})
    assert tied.behaviour[("entrant 1", "1 -")] == {"In": F(2, 3), "Out": F(1, 3)}
    assert tied.violations() == []


def test_beliefs_are_bayes_wherever_it_is_defined() -> None:
    for p in (F(1, 10), F(1, 8), F(1, 3)):
        eq = solve_reputation_tree(chain_store(3, F(3), F(1, 2), p))
        for key, belief in beliefs(eq.tree, eq.behaviour).items():
            if belief is not None:
                assert belief == eq.assessment[key], key


def test_a_prior_given_as_a_parameter_is_solved_once_for_every_prior() -> None:
    mu = symbol("mu")
    tree = chain_store(3, F(3), F(1, 2), mu)
    with pytest.raises(MissingParameterError, match="mu"):
        solve_reputation_tree(tree)
    for p in (F(1, 10), F(1, 8), F(1, 2)):
        assert solve_reputation_tree(tree, mu=p) == solve_reputation_tree(chain_store(3, F(3),
                                                                                       F(1, 2), p))
    assert solve_reputation_tree(tree, mu=F(1, 8)).violations() == []


def test_float_payoffs_give_floats() -> None:
    eq = solve_reputation_tree(chain_store(2, 3.0, 0.5, 0.1))
    weak = eq.behaviour[("incumbent", "weak 1 ")]
    assert isinstance(weak["Fight"], float)
    assert weak["Fight"] == pytest.approx(float(closed_form(2, F(1, 10), 3, F(1, 2))[1]))


def test_trees_outside_the_class_are_refused() -> None:
    with pytest.raises(GameError, match="unsupported: a reputation tree starts with nature"):
        solve_reputation_tree(GameTree(Decision("A", {"L": (1, 1), "R": (0, 0)}),
                                       players=("A", "B")))
    both = GameTree(Chance({
        "x": (F(1, 2), Decision("B", {"In": Decision("L", {"u": (1, 1), "v": (0, 0)}),
                                      "Out": (0, 0)}, infoset="b")),
        "y": (F(1, 2), Decision("B", {"In": Decision("L", {"u": (1, 1), "v": (0, 0)}),
                                      "Out": (0, 0)}, infoset="b"))}), players=("B", "L"))
    with pytest.raises(GameError, match="commitment type"):
        solve_reputation_tree(both)

    def later_play(kind: str):  # the first player's payoff depends on the second period
        second = Decision("B2", {"In": (5, 0, 0), "Out": (0, 0, 0)}, infoset="2")
        first = {"Go": second}
        if kind == "s":
            first["Stop"] = (0, 0, 1)
        return Decision("B1", {"In": Decision("L", first, infoset=kind), "Out": (0, 0, 0)},
                        infoset="1")

    with pytest.raises(GameError, match="depends on later play"):
        solve_reputation_tree(GameTree(Chance({"c": (F(1, 2), later_play("c")),
                                               "s": (F(1, 2), later_play("s"))}),
                                       players=("B1", "B2", "L")))
    with pytest.raises(GameError, match="tie must be a mixture"):
        solve_reputation_tree(chain_store(1, F(3), F(1, 2), F(1, 2)), tie={"In": F(1, 2)})


def test_the_rationality_check_compares_exact_payoffs_exactly() -> None:
    """Regression: ``nsimplify`` rounded 13717421/109739369 to 1/8, hiding a worse reply."""
    close = sp.Rational(13717421, 109739369)
    tree = GameTree(Decision("A", {"L": (sp.Rational(1, 8), 0), "R": (close, 0)}),
                    players=("A", "B"))
    problems = sequential_rationality_violations(tree, {("A", "root"): {"L": 0, "R": 1}})
    assert problems == ["A at 'root': 'R' earns 13717421/109739369 < 1/8"]
