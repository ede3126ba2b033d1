r"""Kreps–Wilson on the game-tree engine: the reputation game as a game of incomplete information.

The second road to :class:`~.reputation.ReputationGame`. Nature first makes the SME
*honest* (probability :math:`\mu`) or *strategic*; then, for :math:`t = 1, \dots, T`,
a short-lived bank :math:`t` lends or refuses and, after a loan, the SME repays or
defaults (the honest type can only repay). Banks see the public history — loans,
repayments, defaults, refusals — but not the type, so bank :math:`t`'s information
set joins the honest and the strategic node with the same public history. Each
bank's payoff is its own loan's profit; the strategic SME's is the (discounted) sum
of its stage payoffs (table in :mod:`.reputation`).

:func:`reputation_tree` builds that tree. :func:`solve_on_tree` writes the
equilibrium of :class:`~.reputation.ReputationGame` as behaviour strategies at every
information set and lets the engine redo the economics: the beliefs at every bank's
information set by Bayes' rule from the strategic type's strategy
(:func:`~gametheory_cluster.games.behaviour.beliefs`), the probability of each
outcome period by period, and sequential rationality at every information set, on
and off the path (:func:`~gametheory_cluster.games.behaviour.sequential_rationality_violations`).
Where a set is reached with probability zero the belief is the one the model's
recursion assigns (the prior after a refusal, zero after a default).

Kreps, D. M. and R. Wilson (1982), *JET* 27(2): 253–279. See
docs/explanation/extensive_forms.md.

Examples
--------
>>> from fractions import Fraction
>>> check = solve_on_tree(3, I=100, R=110, Y=150, w=0, mu=Fraction(17, 20))
>>> check.beliefs, check.violations
([17/20, 17/20, 10/11], [])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from ...errors import ModelError
from ...games import Chance, Decision, GameTree
from ...games.behaviour import beliefs, reach_probabilities, sequential_rationality_violations
from .reputation import ReputationEquilibrium, ReputationGame

__all__ = ["TreeCheck", "reputation_tree", "solve_on_tree"]

#: The longest horizon built as a tree (the tree has about 2·3^T leaves).
MAX_HORIZON = 6

_OUTCOMES = {"Repay": "r", "Default": "d", "Refuse": "n"}


def reputation_tree(horizon: int, I: Any, R: Any, Y: Any, w: Any, mu: Any,
                    delta: Any = 1) -> GameTree:
    """The finite reputation game as a tree: nature picks the type, banks cannot see it.

    Examples
    --------
    >>> tree = reputation_tree(2, I=100, R=110, Y=150, w=0, mu=Fraction(1, 2))
    >>> tree.players, len(tree.information_sets), tree.has_perfect_recall
    (('bank 1', 'bank 2', 'SME'), 11, True)
    """
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= MAX_HORIZON:
        raise ModelError(f"horizon must be a whole number from 1 to {MAX_HORIZON} for the tree, "
                         f"not {horizon!r}")
    banks = [f"bank {t}" for t in range(1, horizon + 1)]
    I, R, Y, w, mu, delta = (sp.nsimplify(v) for v in (I, R, Y, w, mu, delta))

    def node(kind: str, t: int, history: str, profits: list, sme: Any) -> Any:
        if t > horizon:
            return (*profits, sme)
        weight = delta ** (t - 1)
        after = {
            "Repay": node(kind, t + 1, history + "r",
                          [*profits[: t - 1], R - I, *profits[t:]], sme + weight * (Y - R)),
            "Default": node(kind, t + 1, history + "d",
                            [*profits[: t - 1], -I, *profits[t:]], sme + weight * Y),
        }
        if kind == "honest":
            after = {"Repay": after["Repay"]}
        sme_node = Decision("SME", after, infoset=f"{kind} t{t} {history or '-'}")
        refused = node(kind, t + 1, history + "n", profits, sme + weight * w)
        return Decision(banks[t - 1], {"Lend": sme_node, "Refuse": refused},
                        infoset=f"t{t} {history or '-'}")

    zeros = [sp.Integer(0)] * horizon
    return GameTree(Chance({
        "honest": (mu, node("honest", 1, "", zeros, sp.Integer(0))),
        "strategic": (1 - mu, node("strategic", 1, "", zeros, sp.Integer(0))),
    }), players=(*banks, "SME"))


@dataclass(frozen=True)
class TreeCheck:
    """What the engine finds on the tree for the model's equilibrium.

    Attributes
    ----------
    equilibrium : ReputationEquilibrium
        The model's own solution.
    beliefs : list
        The bank's belief that the SME is honest in each period on the model's path —
        every loan so far made and repaid, refusals where the bank never lends —
        by Bayes' rule on the tree.
    loan, repaid : list
        Ex-ante probability, period by period, that a loan is made and repaid.
    violations : list of str
        Information sets where a choice is not a best reply (empty: sequentially rational).
    """

    equilibrium: ReputationEquilibrium
    beliefs: list[Any]
    loan: list[Any]
    repaid: list[Any]
    violations: list[str]


def solve_on_tree(horizon: int, **values: Any) -> TreeCheck:
    """The Kreps–Wilson equilibrium on the tree; beliefs and best replies by the engine.

    Raises
    ------
    ModelError
        A horizon the tree is not built for.
    """
    game = ReputationGame(horizon, discounting="delta" in values)
    eq = game.solve(**values)
    x = {k: sp.nsimplify(v) for k, v in values.items()}
    tree = reputation_tree(horizon, x["I"], x["R"], x["Y"], x["w"], x["mu"], x.get("delta", 1))
    behaviour, assessment = _profile(tree, eq, horizon, Fraction(str(x["mu"])))
    bayes = beliefs(tree, behaviour)
    path_beliefs, history = [], ""
    for t in range(1, horizon + 1):
        key = (f"bank {t}", f"t{t} {history or '-'}")
        found = bayes[key] if bayes[key] is not None else assessment[key]
        path_beliefs.append(sum((p for n, p in found.items() if n.startswith("honest")),
                                sp.Integer(0)))
        # the model's path: loans made and repaid; a period without a loan keeps the belief
        history += "r" if behaviour[key]["Lend"] > 0 else "n"
    reach = reach_probabilities(tree, behaviour)
    loan = [sp.Integer(0)] * horizon
    repaid = [sp.Integer(0)] * horizon
    for path, probability in reach.items():
        t = sum(1 for a in path if a in _OUTCOMES) + 1
        if path and path[-1] == "Lend":
            loan[t - 1] += probability
        if path and path[-1] == "Repay":
            repaid[t - 2] += probability
    violations = sequential_rationality_violations(tree, behaviour, assessment)
    return TreeCheck(eq, path_beliefs, loan, repaid, violations)


def _profile(tree: GameTree, eq: ReputationEquilibrium, horizon: int, mu: Fraction
             ) -> tuple[dict, dict]:
    """Behaviour at every information set, and the model's beliefs where Bayes' rule is silent."""
    behaviour: dict[tuple[str, str], Any] = {}
    assessment: dict[tuple[str, str], Any] = {}

    def walk(t: int, history: str, belief: Fraction) -> None:
        if t > horizon:
            return
        lend, repay, posterior = (Fraction(str(v)) for v in eq.play(horizon - t + 1, belief))
        label = history or "-"
        key = (f"bank {t}", f"t{t} {label}")
        behaviour[key] = {"Lend": sp.Rational(lend), "Refuse": sp.Rational(1 - lend)}
        nodes = tree._members[key]
        assessment[key] = {tree._names[p]: sp.Rational(belief if p[0] == "honest" else 1 - belief)
                           for p in nodes}
        behaviour[("SME", f"honest t{t} {label}")] = {"Repay": sp.Integer(1)}
        behaviour[("SME", f"strategic t{t} {label}")] = {
            "Repay": sp.Rational(repay), "Default": sp.Rational(1 - repay)}
        for kind in ("honest", "strategic"):
            for key2 in ((("SME", f"{kind} t{t} {label}")),):
                if key2 in tree._members:
                    assessment[key2] = {tree._names[p]: sp.Integer(1) for p in tree._members[key2]}
        walk(t + 1, history + "r", posterior)
        walk(t + 1, history + "d", Fraction(0))
        walk(t + 1, history + "n", belief)

    walk(1, "", mu)
    behaviour = {k: behaviour[k] for k in tree._members if k in behaviour}
    return behaviour, assessment
