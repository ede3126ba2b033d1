r"""Reputation on a game tree: a long-run player of unknown type facing short-run players.

The class (Kreps & Wilson 1982, *JET* 27:253–279; read and checked by
:mod:`._reputation_shape`): nature draws the type of a long-run player — a
**commitment type**, one action at each of its nodes, or a **strategic type**. Then,
period after period, a short-run player moves, seeing the public history (the moves
after nature's) but not the type, and after some of its actions the long-run player
replies, in view of all. A short-run player's payoff is settled in its own period.
:func:`solve_reputation_tree` computes a sequential equilibrium exactly, reading every
payoff from the leaves, by backward induction over public histories with the belief
:math:`\mu` (the probability of the commitment type) as the state. As a function of
:math:`\mu` the strategic type's value is piecewise constant, with break points at the
short-run players' *cutoffs*, the beliefs at which one is indifferent:

* a short-run player best-replies to :math:`\mu` and the strategic type's reply; its
  expected payoff is affine in :math:`\mu` between break points (checked), so its
  cutoffs are found exactly;
* the strategic type plays the commitment action :math:`c` for sure if that is best
  while the belief stays at :math:`\mu`; otherwise with the probability :math:`\beta`
  that moves it, by Bayes' rule :math:`\mu' = \mu / (\mu + (1 - \mu)\beta)`, to the
  lowest belief at which :math:`c` is as good as its best other action (which reveals
  it: :math:`\mu' = 0`) — in the last period none, and it plays its stage best reply;
* at a cutoff so reached the short-run player mixes so that the strategic type one
  period earlier is indifferent. Where no earlier move pins that mixture (the first
  period, or after a short-run player's move) it is ``tie`` if given, else the one
  pinned for the same period's or the next period's short-run player (Kreps and
  Wilson's stationary choice), else the first tied action.

Off the path, beliefs follow Bayes' rule from the deviation on: a short-run player's
move keeps the belief, an action the commitment type lacks puts it at 0 — the standard
Kreps–Wilson convention, forced by consistency (a short-run player trembles alike at
the nodes it cannot tell apart; the commitment type has no node after such an action).
With sequential rationality (:meth:`ReputationAssessment.violations`) the assessment is
a sequential equilibrium. See docs/explanation/extensive_forms.md.

Examples
--------
A two-period trust game; the commitment type always repays. Stage payoffs: a bank
gets 1 from a repaid loan, -2 from a default, 0 from refusing; the SME 1, 3 and 0.

>>> from fractions import Fraction
>>> from gametheory_cluster.games import Chance, Decision, GameTree
>>> def period(kind, t, history, pay):  # pay: bank 1, bank 2, SME
...     if t == 3:
...         return pay
...     def then(move, bank, sme):
...         after = list(pay)
...         after[t - 1], after[2] = bank, pay[2] + sme
...         return period(kind, t + 1, history + move, after)
...     sme = {"Repay": then("r", 1, 1)} | ({"Default": then("d", -2, 3)} if kind == "s" else {})
...     return Decision(f"bank {t}", {"Lend": Decision("SME", sme, infoset=kind + history),
...                                   "Refuse": then("n", 0, 0)}, infoset=history or "-")
>>> half = Fraction(1, 2)
>>> tree = GameTree(Chance({"c": (half, period("c", 1, "", [0, 0, 0])),
...                         "s": (half, period("s", 1, "", [0, 0, 0]))}),
...                 players=("bank 1", "bank 2", "SME"))
>>> eq = solve_reputation_tree(tree)
>>> eq.types, eq.behaviour[("bank 1", "-")], eq.behaviour[("SME", "s")]
(('c', 's'), {'Lend': 1, 'Refuse': 0}, {'Repay': 1/2, 'Default': 1/2})
>>> eq.belief[("bank 2", "r")], eq.cutoffs[("bank 2", "r")], eq.mixing[("bank 2", "r")]
(2/3, (2/3,), {2/3: {'Lend': 2/3, 'Refuse': 1/3}})
>>> eq.cutoffs[("bank 1", "-")], eq.violations()
((4/9,), [])

The strategic SME repays half the time in period 1, which lifts the belief to the
second bank's cutoff 2/3; there the bank lends with probability 2/3, which leaves
the SME indifferent (:math:`1 + 3 \cdot 2/3 = 3`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise
from typing import Any
from weakref import WeakKeyDictionary

import sympy as sp

from ..algebra import fraction
from ..errors import GameError
from ._coerce import _missing
from ._reputation_shape import _memo, _path, _Shape
from .behaviour import Behaviour, sequential_rationality_violations
from .trees import Chance, GameTree, Path

__all__ = ["ReputationAssessment", "solve_reputation_tree"]

_ZERO, _ONE = Fraction(0), Fraction(1)
Key = tuple[str, str]


@dataclass(frozen=True)
class ReputationAssessment:
    """A sequential equilibrium of a reputation tree: behaviour and beliefs everywhere.

    Attributes
    ----------
    behaviour : dict
        ``{(player, information set): {action: probability}}`` at every set.
    assessment : dict
        ``{(player, information set): {node name: probability}}`` at every set: Bayes'
        rule where it applies, the convention of the module's docstring elsewhere.
    belief : dict
        At each short-run player's set, the probability of the commitment type.
    cutoffs : dict
        At each short-run player's set, the beliefs at which it is indifferent.
    mixing : dict
        ``{set: {cutoff: {action: probability}}}``: a short-run player's play at its cutoffs.
    values : dict
        At each short-run player's set, the strategic type's expected payoff (its leaf
        payoffs, past periods included) from its node on.
    long_run, short_run : str, tuple of str
        The players.
    types : tuple of str
        Nature's moves: the commitment type, then the strategic type.
    """

    behaviour: Behaviour
    assessment: dict[Key, dict[str, Any]]
    belief: dict[Key, Any]
    cutoffs: dict[Key, tuple[Any, ...]]
    mixing: dict[Key, dict[Any, dict[str, Any]]]
    values: dict[Key, Any]
    long_run: str
    short_run: tuple[str, ...]
    types: tuple[str, str]
    tree: GameTree = field(repr=False, compare=False)
    parameters: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def violations(self) -> list[str]:
        """Where the profile is not sequentially rational given the beliefs (empty: it is)."""
        return sequential_rationality_violations(self.tree, self.behaviour, self.assessment,
                                                 **self.parameters)


@dataclass(frozen=True)
class _Reply:
    beta: dict[str, Fraction]  # the strategic type's mixture at its node
    posterior: Fraction        # the belief after the commitment action
    value: Fraction            # the strategic type's expected payoff at its node


@dataclass(frozen=True)
class _Play:
    sigma: dict[str, Fraction]  # the short-run player's mixture
    replies: dict[str, _Reply]  # the strategic type's reply after each of its actions
    value: Fraction


def solve_reputation_tree(tree: GameTree, tie: Mapping[str, Any] | None = None,
                          **values: Any) -> ReputationAssessment:
    """A sequential equilibrium of a reputation tree, exactly, from its leaves alone.

    Parameters
    ----------
    tree : GameTree
        Of the class described in :mod:`.reputation_solver` (checked).
    tie : dict, optional
        A short-run player's mixture ``{action: probability}`` at a cutoff that no
        earlier move pins (see the module's docstring).
    **values
        Numbers for the tree's parameters.

    Raises
    ------
    GameError
        ``unsupported: …`` for a tree outside the class, or where no equilibrium of the
        form above exists.
    MissingParameterError
        Payoffs that still depend on parameters.

    Notes
    -----
    The solution is computed as a function of the belief, so a tree whose prior is a
    parameter (nature's probabilities a formula in, say, ``mu``) is solved once for
    every prior: the solution for its payoffs is kept with the tree and each new prior
    is one forward pass of Bayes' rule through it.
    """
    checked = tree._check(values)
    if not isinstance(tree.root, Chance) or len(tree.root.moves) != 2:
        raise GameError("unsupported: a reputation tree starts with nature choosing one of "
                        "two types of the long-run player")
    chance = tree._probabilities(tree.root, checked)
    if any(p.free_symbols for p in chance.values()):
        raise _missing(list(chance.values()), "this reputation tree")
    if tree not in _LEAF_NAMES:
        _LEAF_NAMES[tree] = frozenset(tree._mapping.get(x, x).name for _, leaf in tree._terminal()
                                      for e in leaf.payoffs for x in e.free_symbols)
    key = (tuple(sorted((k, v) for k, v in checked.items() if k in _LEAF_NAMES[tree])),
           None if tie is None else tuple(tie.items()))
    solvers = _SOLVERS.setdefault(tree, {})
    if key not in solvers:
        if len(solvers) >= _KEEP:
            solvers.clear()
        solvers[key] = _Solver(tree, tie, checked)
    solver = solvers[key]
    exact = solver.exact and not any(isinstance(p, sp.Float) for p in chance.values())
    return solver.result(fraction(chance[solver.types[0]]), exact, values)


#: Solutions kept per tree (one per set of payoff values and tie), and the names of
#: the parameters in each tree's leaves.
_SOLVERS: WeakKeyDictionary[GameTree, dict[Any, _Solver]] = WeakKeyDictionary()
_LEAF_NAMES: WeakKeyDictionary[GameTree, frozenset[str]] = WeakKeyDictionary()
_KEEP = 8


class _Solver(_Shape):
    """The belief-parametric solution of one reputation tree (payoffs fixed, any prior)."""

    # -------------------------------------------------------- the strategic type
    def later(self, history: Path, mu: Fraction) -> Fraction:
        """The strategic type's expected payoff from its node at ``history`` on."""
        kind = self.kind(history)
        if kind == "leaf":
            return self.pay[(self.types[1], *history)][self.lr]
        if kind == "long":
            return self.reply(history, mu).value
        # the value is constant between break points: one representative per interval
        mu, cuts = self.fixed(history, mu), self.breaks(history)
        if cuts and mu not in cuts:
            mu = (min(b for b in cuts if b > mu) + max(b for b in cuts if b < mu)) / 2
        return self.stage(history, mu).value

    @_memo
    def reply(self, g: Path, mu: Fraction) -> _Reply:
        """The strategic type's play at its node ``g`` after a short-run move, belief ``mu``."""
        mu, strategic = self.fixed(g, mu), self.at(g, 1)
        if strategic is None:
            return _Reply({}, _ONE, _ZERO)
        actions = tuple(strategic.moves)
        if self.at(g, 0) is None:  # the type is known: a best reply
            worth = {a: self.later((*g, a), _ZERO) for a in actions}
            best = max(actions, key=lambda a: worth[a])
            return _Reply({a: _ONE if a == best else _ZERO for a in actions}, _ZERO, worth[best])
        c = self.committed(g)
        if c not in actions:
            raise GameError(f"unsupported: the strategic type lacks the commitment action {c!r}")
        if len(actions) == 1:
            return _Reply({c: _ONE}, mu, self.later((*g, c), mu))
        others = {a: self.later((*g, a), _ZERO) for a in actions if a != c}
        alt = max(others, key=lambda a: others[a])

        def gap(m: Fraction) -> Fraction:
            return self.later((*g, c), m) - others[alt]

        if gap(mu) >= 0:
            post, beta = mu, _ONE
        elif mu in (0, 1):  # the belief cannot move: the strategic type reveals itself
            post, beta = mu, _ZERO
        else:
            post = self.steer(g, c, mu, gap)
            beta = mu * (1 - post) / ((1 - mu) * post)
        mix = {a: beta if a == c else (1 - beta if a == alt else _ZERO) for a in actions}
        return _Reply(mix, post, beta * self.later((*g, c), post) + (1 - beta) * others[alt])

    def steer(self, g: Path, c: str, mu: Fraction, gap: Any) -> Fraction:
        """The lowest belief above ``mu`` at which the strategic type is indifferent."""
        low = mu
        for b in [*sorted(b for b in self.breaks((*g, c)) if mu < b < 1), _ONE]:
            inside = gap((low + b) / 2)  # constant between break points
            if inside == 0:
                return (low + b) / 2
            if inside > 0 or gap(b) > 0:
                raise GameError(f"unsupported: after {_path(g)} the strategic type's gain from "
                                "the commitment action jumps over zero; no equilibrium in "
                                "which it steers the belief")
            if gap(b) == 0 or b == 1:
                return b
            low = b
        raise AssertionError("unreachable: the loop ends at belief 1")  # pragma: no cover

    # ----------------------------------------------------------- short-run players
    @_memo
    def decide(self, h: Path, mu: Fraction) -> tuple[dict[str, _Reply], dict[str, Fraction]]:
        """The long-run replies after each action and the short-run player's payoffs."""
        mu = self.fixed(h, mu)
        node = self.at(h, 0) or self.at(h, 1)
        k = self.tree.players.index(node.player)
        replies, worth = {}, {}
        for s in node.moves:
            after = (*h, s)
            if self.kind(after) == "long":
                replies[s] = r = self.reply(after, mu)
                honest = self.own(0, (*after, self.committed(after)), k) if mu > 0 else _ZERO
                other = sum(p * self.own(1, (*after, a), k) for a, p in r.beta.items() if p)
            else:
                honest = self.own(0, after, k) if mu > 0 else _ZERO
                other = self.own(1, after, k) if mu < 1 else _ZERO
            worth[s] = mu * honest + (1 - mu) * other
        return replies, worth

    @_memo
    def stage(self, h: Path, mu: Fraction) -> _Play:
        mu = self.fixed(h, mu)
        replies, worth = self.decide(h, mu)
        tied = [s for s in worth if worth[s] == max(worth.values())]
        sigma = (self.pinned(h, mu, tied, replies) or self.unpinned(h, tied)
                 if len(tied) > 1 else {tied[0]: _ONE})
        sigma = {s: sigma.get(s, _ZERO) for s in worth}
        value = sum((p * self.after(h, s, mu, replies) for s, p in sigma.items() if p), _ZERO)
        return _Play(sigma, replies, value)

    def after(self, h: Path, s: str, mu: Fraction, replies: dict[str, _Reply]) -> Fraction:
        if self.at(h, 1) is None:
            return _ZERO
        return replies[s].value if s in replies else self.later((*h, s), mu)

    def pinned(self, h: Path, mu: Fraction, tied: list[str], replies: dict) -> dict | None:
        """The mixture over two tied actions that leaves the strategic type one move back
        indifferent, if ``h`` follows the commitment action and the mixture exists."""
        g = h[:-1]
        if (len(tied) != 2 or not g or self.kind(g) != "long" or self.at(g, 0) is None
                or self.at(g, 1) is None or h[-1] != self.committed(g)):
            return None
        others = [self.later((*g, a), _ZERO) for a in self.at(g, 1).moves if a != h[-1]]
        v0, v1 = (self.after(h, s, mu, replies) for s in tied)
        if not others or v0 == v1:
            return None
        lam = (max(others) - v1) / (v0 - v1)
        return {tied[0]: lam, tied[1]: 1 - lam} if 0 <= lam <= 1 else None

    def unpinned(self, h: Path, tied: list[str]) -> dict[str, Fraction]:
        """``tie``, else the period's (or the next period's) pinned mixture, else ``tied[0]``."""
        def fits(m: dict) -> bool:
            return {a for a, p in m.items() if p} <= set(tied)

        if self.tie is not None and fits(self.tie):
            return dict(self.tie)
        for d in (self.depth(h), self.depth(h) + 1):
            found = [m for m in self.pinned_mixtures(d) if fits(m)]
            if found and all(m == found[0] for m in found):
                return found[0]
        return {tied[0]: _ONE}

    @_memo
    def pinned_mixtures(self, depth: int) -> list[dict[str, Fraction]]:
        """The mixtures pinned at the cutoffs of the short-run players of one period."""
        found = []
        for h in {p[1:] for (player, _), paths in self.tree._members.items()
                  if player in self.short_run for p in paths}:
            for x in self.ties(h) if self.depth(h) == depth else ():
                replies, worth = self.decide(h, x)
                tied = [s for s in worth if worth[s] == max(worth.values())]
                mix = self.pinned(h, x, tied, replies)
                if mix is not None:
                    found.append({s: mix.get(s, _ZERO) for s in worth})
        return found

    @_memo
    def ties(self, h: Path) -> tuple[Fraction, ...]:
        """The beliefs at which the short-run player at ``h`` is indifferent."""
        if self.at(h, 0) is None or self.at(h, 1) is None:
            return ()
        actions = tuple(self.at(h, 0).moves)
        points = {_ZERO, _ONE}
        for s in actions:
            if self.kind((*h, s)) == "long":
                points |= self.breaks((*h, s, self.committed((*h, s))))

        def tied_at(x: Fraction) -> bool:
            worth = self.decide(h, x)[1]
            return sum(1 for v in worth.values() if v == max(worth.values())) > 1

        found = {x for x in points if tied_at(x)}
        for a, b in pairwise(sorted(points)):  # between break points: affine, checked
            xs = (a + (b - a) / 3, a + 2 * (b - a) / 3, (a + b) / 2)
            ws = [self.decide(h, x)[1] for x in xs]
            slope = {s: (ws[1][s] - ws[0][s]) / (xs[1] - xs[0]) for s in actions}
            if any(ws[0][s] + slope[s] * (xs[2] - xs[0]) != ws[2][s] for s in actions):
                raise GameError(f"unsupported: at {_path(h)} a short-run player's payoff is "
                                "not affine in the belief between cutoffs")
            for i, s in enumerate(actions):
                for t in actions[i + 1:]:
                    if slope[s] != slope[t]:
                        x = xs[0] + (ws[0][t] - ws[0][s]) / (slope[s] - slope[t])
                        if a < x < b and tied_at(x):
                            found.add(x)
        return tuple(sorted(found))

    @_memo
    def breaks(self, h: Path) -> frozenset[Fraction]:
        """Beliefs at which the strategic type's value from ``h`` on may jump."""
        if self.kind(h) != "stage" or self.at(h, 0) is None or self.at(h, 1) is None:
            return frozenset()
        found = {_ZERO, _ONE, *self.ties(h)}
        for s in self.at(h, 0).moves:
            after = (*h, s)
            if self.kind(after) == "long":
                found |= self.breaks((*after, self.committed(after)))
            elif self.kind(after) == "stage":
                found |= self.breaks(after)
        return frozenset(found)

    # --------------------------------------------------------------- the result
    def result(self, prior: Fraction, exact: bool, values: dict) -> ReputationAssessment:
        """The assessment for one prior: Bayes' rule forward through the solution."""
        if self.kind(()) != "stage":
            raise GameError("unsupported: a short-run player moves first after nature")

        def out(x: Fraction) -> Any:
            return sp.Rational(x.numerator, x.denominator) if exact else float(x)

        behaviour: Behaviour = {}
        assessment, belief, cutoffs, mixing, worth = {}, {}, {}, {}, {}

        def record(history: Path, kind: int, mix: dict, weight: Fraction) -> Key:
            path = (self.types[kind], *history)
            key = self.tree._infoset_of[path]
            behaviour[key] = {a: out(p) for a, p in mix.items()}
            assessment.setdefault(key, {})[self.tree._names[path]] = out(weight)
            return key

        def walk(h: Path, mu: Fraction) -> None:
            mu, play = self.fixed(h, mu), self.stage(h, mu)
            for kind in (k for k in (0, 1) if self.at(h, k) is not None):
                key = record(h, kind, play.sigma, (mu, 1 - mu)[kind] if
                             self.at(h, 1 - kind) is not None else _ONE)
            belief[key], worth[key] = out(mu), out(play.value)
            cutoffs[key] = tuple(out(x) for x in self.ties(h))
            mixing[key] = {out(x): {s: out(p) for s, p in self.stage(h, x).sigma.items()}
                           for x in self.ties(h)}
            for s, reply in ((s, play.replies.get(s)) for s in play.sigma):
                if reply is None:
                    if self.kind((*h, s)) == "stage":
                        walk((*h, s), mu)
                    continue
                g = (*h, s)
                if self.at(g, 0) is not None:
                    record(g, 0, {self.committed(g): _ONE}, _ONE)
                if self.at(g, 1) is not None:
                    record(g, 1, reply.beta, _ONE)
                c = self.committed(g) if self.at(g, 0) is not None else None
                for a in (self.at(g, 1) or self.at(g, 0)).moves:
                    if self.kind((*g, a)) == "stage":
                        walk((*g, a), reply.posterior if a == c else _ZERO)

        walk((), prior)
        order = list(self.tree._members)
        return ReputationAssessment(
            {k: behaviour[k] for k in order}, {k: assessment[k] for k in order}, belief,
            cutoffs, mixing, worth, self.long_run, self.short_run, self.types, self.tree,
            dict(values))
