r"""Kreps–Wilson on the game-tree engine: the reputation game as a game of incomplete information.

The second road to :class:`~.reputation.ReputationGame`. Nature first makes the SME
*honest* (probability :math:`\mu`) or *strategic*; then, for :math:`t = 1, \dots, T`,
a short-lived bank :math:`t` lends or refuses and, after a loan, the SME repays or
defaults (the honest type can only repay). Banks see the public history — loans,
repayments, defaults, refusals — but not the type, so bank :math:`t`'s information
set joins the honest and the strategic node with the same public history. Each
bank's payoff is its own loan's profit; the strategic SME's is the (discounted) sum
of its stage payoffs (table in :mod:`.reputation`).

:func:`reputation_tree` builds that tree. Two roads run on it:

* :func:`derive_on_tree` *derives* the equilibrium from the tree alone:
  :func:`~gametheory_cluster.games.reputation_solver.solve_reputation_tree` reads
  the payoffs from the leaves and solves by backward induction over public histories
  with the belief as the state — the strategic SME's stage best reply (default) in
  the last period; earlier, its repayment probability pinned by the next bank's
  indifference, and each bank's lending by its expected profit under the belief (at
  its cutoff, by the strategic type's indifference one period earlier). Beliefs
  follow Bayes' rule; off the path they are the Kreps–Wilson convention, the prior
  kept after a refusal and zero after a default, which consistency forces. The
  tests find it equal to :class:`~.reputation.ReputationGame` at every information
  set — lending, repayment, beliefs, cutoffs and the strategic type's values.
* :func:`solve_on_tree` writes the model's equilibrium as behaviour strategies at
  every information set and lets the engine redo the economics: the beliefs by
  Bayes' rule from the strategic type's strategy
  (:func:`~gametheory_cluster.games.behaviour.beliefs`), the probability of each
  outcome period by period, and sequential rationality at every information set, on
  and off the path
  (:func:`~gametheory_cluster.games.behaviour.sequential_rationality_violations`).
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
>>> derived = derive_on_tree(3, I=100, R=110, Y=150, w=0, mu=Fraction(17, 20))
>>> [s.belief for s in derived.path] == check.beliefs, derived.loan == check.loan
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp

from ...algebra import exact_value
from ...errors import DomainError, ModelError
from ...games import Chance, Decision, GameTree
from ...games.behaviour import beliefs, reach_probabilities, sequential_rationality_violations
from ...games.reputation_solver import ReputationAssessment, solve_reputation_tree
from ...parameters import symbol, validate
from .reputation import ReputationEquilibrium, ReputationGame

__all__ = ["TreeCheck", "TreeDerivation", "TreeState", "derive_on_tree", "reputation_tree",
           "solve_on_tree"]

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
    I, R, Y, w, mu, delta = (v if isinstance(v, sp.Expr) and v.free_symbols else exact_value(v)
                             for v in (I, R, Y, w, mu, delta))

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
    loan, repaid = _outcomes(tree, behaviour, horizon)
    violations = sequential_rationality_violations(tree, behaviour, assessment)
    return TreeCheck(eq, path_beliefs, loan, repaid, violations)


def _outcomes(tree: GameTree, behaviour: dict, horizon: int, **values: Any
              ) -> tuple[list, list]:
    """Ex-ante probabilities, period by period, that a loan is made and that it is repaid."""
    loan = [sp.Integer(0)] * horizon
    repaid = [sp.Integer(0)] * horizon
    for path, probability in reach_probabilities(tree, behaviour, **values).items():
        t = sum(1 for a in path if a in _OUTCOMES) + 1
        if path and path[-1] == "Lend":
            loan[t - 1] += probability
        if path and path[-1] == "Repay":
            repaid[t - 2] += probability
    return loan, repaid


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


# ================================================ the equilibrium derived on the tree
@dataclass(frozen=True)
class TreeState:
    """The derived equilibrium at one public history (a bank's information set).

    Attributes
    ----------
    history : str
        The public history: ``r`` a repaid loan, ``d`` a default, ``n`` a refusal.
    period, remaining : int
        The calendar period :math:`t` and the periods left :math:`k = T - t + 1`.
    belief : number
        The bank's belief that the SME is honest (Bayes' rule on the tree).
    lend, repay : number
        The bank's probability of lending; the strategic type's of repaying a loan.
    posterior : number
        The belief after a repayment.
    value : number
        The strategic type's expected payoff from here on, in this period's money
        (its leaf payoffs less the past periods', over :math:`\\delta^{t-1}`).
    """

    history: str
    period: int
    remaining: int
    belief: Any
    lend: Any
    repay: Any
    posterior: Any
    value: Any


@dataclass(frozen=True)
class TreeDerivation:
    """The Kreps–Wilson equilibrium derived on the tree, from its leaves alone.

    Attributes
    ----------
    assessment : ReputationAssessment
        The engine's sequential equilibrium: behaviour and beliefs at every set.
    states : dict
        ``{history: TreeState}`` at every public history, on and off the path.
    path : list of TreeState
        The model's path: every loan so far made and repaid; a period without a loan
        keeps the history's refusal.
    cutoffs, at_cutoffs : tuple
        ``cutoffs[k - 1]``: the belief at which the bank with ``k`` periods left is
        indifferent (read at the history of repaid loans); ``at_cutoffs[k - 1]``: its
        probability of lending there.
    loan, repaid : list
        Ex-ante probability, period by period, that a loan is made and repaid.
    violations : list of str or None
        Sets where a choice is not a best reply (empty: a sequential equilibrium; None
        when not checked).
    """

    assessment: ReputationAssessment
    states: dict[str, TreeState]
    path: list[TreeState]
    cutoffs: tuple[Any, ...]
    at_cutoffs: tuple[Any, ...]
    loan: list[Any]
    repaid: list[Any]
    violations: list[str] | None


_NAMES = ("I", "R", "Y", "w", "mu")


def derive_on_tree(horizon: int, *, check: bool = True, **values: Any) -> TreeDerivation:
    """The Kreps–Wilson equilibrium derived on the tree by the engine, not by the model.

    :func:`~gametheory_cluster.games.reputation_solver.solve_reputation_tree` reads
    the payoffs from the leaves of :func:`reputation_tree` and computes the sequential
    equilibrium: the strategic SME's repayment, the banks' lending and the beliefs by
    Bayes' rule, at every information set. Off the path the belief is the prior's
    Bayes update from the deviation on — kept after a refusal, zero after a default —
    the standard Kreps–Wilson convention, forced by consistency.

    With one period nothing in the tree pins the bank's lending at the cutoff
    :math:`\\mu = I/R`, where it is indifferent; the model's stationary choice is the
    mixing pinned in a game one period longer, which is read from the two-period tree.

    Parameters
    ----------
    horizon : int
        The number of periods, 1 to ``MAX_HORIZON``.
    check : bool
        Check sequential rationality at every information set
        (:meth:`~gametheory_cluster.games.reputation_solver.ReputationAssessment.violations`;
        the slower part for long horizons). ``violations`` is None without it.
    **values
        ``I``, ``R``, ``Y``, ``w``, ``mu`` and, to discount, ``delta``.

    Raises
    ------
    ModelError
        A horizon the tree is not built for, or a missing parameter.
    DomainError
        A value outside its domain.

    Examples
    --------
    >>> from fractions import Fraction
    >>> eq = derive_on_tree(3, I=100, R=110, Y=150, w=0, mu=Fraction(17, 20))
    >>> [(s.belief, s.lend, s.repay) for s in eq.path]
    [(17/20, 1, 1), (17/20, 1, 17/30), (10/11, 11/15, 0)]
    >>> eq.cutoffs, eq.violations
    ((10/11, 100/121, 1000/1331), [])
    """
    checked = validate(values, allowed=(*_NAMES, "delta"), table="ReputationGame")
    missing = [n for n in _NAMES if n not in checked]
    if missing:
        raise ModelError(f"derive_on_tree needs {', '.join(missing)} "
                         f"(required: {', '.join(_NAMES)}; optional: delta)")
    x = {k: exact_value(v, k) for k, v in checked.items()}
    if x["R"] <= x["I"]:
        raise DomainError(f"the model assumes I < R (a repaid loan is profitable); got "
                          f"I={checked['I']}, R={checked['R']}")
    d = x.get("delta", sp.Integer(1))
    stage_values = (x["I"], x["R"], x["Y"], x["w"], d)
    tree = _any_prior(horizon, *stage_values)
    tie = None
    if horizon == 1:
        two = solve_reputation_tree(_any_prior(2, *stage_values), mu=x["mu"])
        (tie,) = two.mixing[("bank 2", "t2 r")].values() or (None,)
    found = solve_reputation_tree(tree, tie=tie, mu=x["mu"])
    stage = {"r": x["Y"] - x["R"], "d": x["Y"], "n": x["w"]}
    states: dict[str, TreeState] = {}

    def walk(t: int, history: str) -> None:
        label = history or "-"
        key = (f"bank {t}", f"t{t} {label}")
        if t > horizon or key not in found.belief:
            return
        mu = found.belief[key]
        repay = found.behaviour[("SME", f"strategic t{t} {label}")]["Repay"]
        if t < horizon and (f"bank {t + 1}", f"t{t + 1} {history}r") in found.belief:
            posterior = found.belief[(f"bank {t + 1}", f"t{t + 1} {history}r")]
        else:  # the last period: Bayes' rule on the derived repayment
            mass = mu + (1 - mu) * repay
            posterior = mu / mass if mass != 0 else sp.Integer(0)
        past = sum((d ** j * stage[a] for j, a in enumerate(history)), sp.Integer(0))
        states[history] = TreeState(history, t, horizon - t + 1, mu,
                                    found.behaviour[key]["Lend"], repay, posterior,
                                    (found.values[key] - past) / d ** (t - 1))
        for a in "rdn":
            walk(t + 1, history + a)

    walk(1, "")
    path, history = [], ""
    for _ in range(horizon):
        path.append(states[history])
        history += "r" if path[-1].lend > 0 else "n"
    cuts, at = [], []
    for t in range(horizon, 0, -1):
        key = (f"bank {t}", f"t{t} {'r' * (t - 1) or '-'}")
        (cut,) = found.cutoffs[key]
        cuts.append(cut)
        at.append(found.mixing[key][cut]["Lend"])
    loan, repaid = _outcomes(tree, found.behaviour, horizon, mu=x["mu"])
    return TreeDerivation(found, states, path, tuple(cuts), tuple(at), loan, repaid,
                          found.violations() if check else None)


@lru_cache(maxsize=16)
def _any_prior(horizon: int, I: Any, R: Any, Y: Any, w: Any, delta: Any) -> GameTree:
    """The tree with the prior left as the parameter ``mu``: solved once for every prior."""
    return reputation_tree(horizon, I, R, Y, w, symbol("mu"), delta)
