r"""Behaviour strategies on a game tree: Kuhn's map, reach probabilities, beliefs, best replies.

A *behaviour strategy* gives, at each information set :math:`h` of a player, a
probability :math:`b(a \mid h)` for each action. With perfect recall every mixed
strategy :math:`x` over the reduced pure strategies has a realization-equivalent
behaviour strategy (Kuhn 1953):

.. math::

    b(a \mid h) = \frac{\sum_{s \text{ reaches } h,\ s(h) = a} x(s)}
                       {\sum_{s \text{ reaches } h} x(s)},

left unspecified (``None``) where the player's own strategy never reaches :math:`h`.
The probability of reaching a node is the product of the chance and behaviour
probabilities on its path; at an information set reached with positive
probability the *belief* over its nodes follows from Bayes' rule,
:math:`\mu(n) = P(n) / \sum_{n' \in h} P(n')`. A profile with beliefs is
*sequentially rational* when, at every information set, each action played with
positive probability maximises the mover's expected payoff given the beliefs and
everybody's behaviour afterwards (Kreps & Wilson 1982, *Econometrica* 50:863–894).

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sympy as sp

from ..algebra import plain
from ..errors import GameError
from ._coerce import Number, _text
from .trees import Chance, Leaf

if TYPE_CHECKING:
    from .results import EquilibriumSet
    from .strategic import StrategicForm
    from .trees import GameTree, Path

__all__ = [
    "BehaviourEquilibrium",
    "TreeEquilibria",
    "behaviour_from_mixed",
    "beliefs",
    "expected_payoffs",
    "reach_probabilities",
    "sequential_rationality_violations",
]

#: ``{(player, information set): {action: probability}}``; ``None`` where unspecified.
Behaviour = dict[tuple[str, str], dict[str, Any] | None]


@dataclass(frozen=True)
class BehaviourEquilibrium:
    """An equilibrium of a game tree in behaviour strategies.

    Attributes
    ----------
    behaviour : dict
        ``{(player, information set): {action: probability}}``, ``None`` at a set the
        player's own strategy never reaches (any choice there is part of the equilibrium).
    payoffs : tuple
        The expected payoffs.
    players : tuple of str
    mixed : tuple, optional
        The mixed strategies over the reduced strategic form it comes from.

    Examples
    --------
    >>> from gametheory_cluster.games import Decision, GameTree
    >>> tree = GameTree(Decision("A", {"L": (1, 1), "R": (0, 0)}), players=("A", "B"))
    >>> (eq,) = tree.equilibria()
    >>> str(eq)
    'A at root: L — payoffs (1, 1)'
    """

    behaviour: Behaviour
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]
    mixed: tuple[tuple[Number, ...], ...] | None = field(default=None, compare=False)

    def of(self, player: str) -> dict[str, dict[str, Any] | None]:
        """One player's behaviour strategy: ``{information set: {action: probability}}``."""
        if player not in self.players:
            raise GameError(f"unknown player {player!r}; players: {', '.join(self.players)}")
        return {h: b for (p, h), b in self.behaviour.items() if p == player}

    def __str__(self) -> str:
        parts = [f"{p} at {h}: {_mix_text(b)}" for (p, h), b in self.behaviour.items()]
        payoffs = ", ".join(_text(v) for v in self.payoffs)
        return f"{'; '.join(parts)} — payoffs ({payoffs})"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return plain({
            "behaviour": [
                {"player": p, "infoset": h,
                 "actions": None if b is None else {a: plain(v) for a, v in b.items()}}
                for (p, h), b in self.behaviour.items()
            ],
            "payoffs": [plain(v) for v in self.payoffs],
        })


def _mix_text(mix: Mapping[str, Any] | None) -> str:
    if mix is None:
        return "any (not reached)"
    support = [(a, p) for a, p in mix.items() if p != 0]
    if len(support) == 1:
        return support[0][0]
    return " + ".join(f"{_text(p)}·{a}" for a, p in support)


class TreeEquilibria:
    """All Nash equilibria of a two-player tree: behaviour strategies and the strategic form.

    Iterating gives the :class:`BehaviourEquilibrium` of each extreme equilibrium of
    the reduced strategic form (equal behaviour profiles once); ``strategic`` is the
    strategic form's :class:`~gametheory_cluster.games.EquilibriumSet` (components and
    maximal Nash subsets). Without perfect recall, behaviour strategies can do
    something mixed strategies cannot, so only ``strategic`` is given.
    """

    def __init__(self, equilibria: Sequence[BehaviourEquilibrium], strategic: EquilibriumSet,
                 form: StrategicForm, note: str = "") -> None:
        self._list = list(equilibria)
        self.strategic = strategic
        self.form = form
        self.note = note

    def __iter__(self) -> Iterator[BehaviourEquilibrium]:
        return iter(self._list)

    def __len__(self) -> int:
        return len(self._list)

    def __getitem__(self, index: int) -> BehaviourEquilibrium:
        return self._list[index]

    def __str__(self) -> str:
        head = f"{len(self._list)} equilibria in behaviour strategies"
        lines = [head + (f" ({self.note})" if self.note else "")]
        lines += [f"  {eq}" for eq in self._list]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<TreeEquilibria: {len(self._list)} behaviour profiles>"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return plain({"equilibria": [e.to_dict() for e in self._list],
                "strategic": self.strategic.to_dict(), "note": self.note})


def behaviour_from_mixed(
    tree: GameTree, form: StrategicForm, mixed: Sequence[Sequence[Any]]
) -> Behaviour:
    """Kuhn's map: the behaviour strategies realization-equivalent to mixed strategies.

    Needs perfect recall.
    """
    if not tree.has_perfect_recall:
        raise GameError(
            f"unsupported: behaviour strategies need perfect recall ({tree.recall_problem})")
    out: Behaviour = {}
    for key, paths in tree._members.items():
        k = tree.players.index(key[0])
        strategies = form.strategies[k]
        own = tree._own[paths[0]]
        reach = [i for i, s in enumerate(strategies) if all(s.get(h[1]) == a for h, a in own)]
        total = sum((mixed[k][i] for i in reach), sp.Integer(0))
        if total == 0:
            out[key] = None
            continue
        out[key] = {
            a: _out(sum((mixed[k][i] for i in reach if strategies[i].get(key[1]) == a),
                        sp.Integer(0)) / total)
            for a in tree._node(paths[0]).actions
        }
    return out


def _out(value: Any) -> Any:
    """A probability for display: floats stay floats, exact numbers stay exact."""
    return float(value) if isinstance(value, (float, sp.Float)) else value


def _probability(behaviour: Behaviour, key: tuple[str, str], action: str) -> Any:
    mix = behaviour.get(key)
    if mix is None:
        return None
    return mix.get(action, 0)


def reach_probabilities(tree: GameTree, behaviour: Behaviour, **values: Any) -> dict[Path, Any]:
    """The probability of reaching each node (by path) under a behaviour profile.

    An unspecified set (``None``) must not be reached with positive probability.
    """
    checked = tree._check(values)
    out: dict[Path, Any] = {}

    def visit(node: Any, path: Path, probability: Any) -> None:
        out[path] = probability
        if isinstance(node, Leaf):
            return
        if isinstance(node, Chance):
            moves = tree._probabilities(node, checked)
        else:
            key = tree._infoset_of[path]
            if behaviour.get(key) is None:
                if probability != 0:
                    raise GameError(f"{key[0]}'s behaviour at {key[1]!r} is unspecified but the "
                                    "set is reached")
                moves = dict.fromkeys(node.moves, sp.Integer(0))
            else:
                moves = {a: _probability(behaviour, key, a) for a in node.moves}
        for action, child in node.moves.items():
            visit(child, (*path, action), sp.expand(probability * moves[action]))

    visit(tree.root, (), sp.Integer(1))
    return out


def expected_payoffs(tree: GameTree, behaviour: Behaviour, **values: Any) -> tuple[Any, ...]:
    """Each player's expected payoff under a behaviour profile."""
    checked = tree._check(values)
    reach = reach_probabilities(tree, behaviour, **values)
    return tuple(
        sp.expand(sum((reach[p] * tree._payoffs(leaf, checked)[k] for p, leaf in tree._terminal()),
                      sp.Integer(0)))
        for k in range(len(tree.players))
    )


def beliefs(tree: GameTree, behaviour: Behaviour, **values: Any) -> dict[tuple[str, str], Any]:
    """Bayes' rule at every information set: ``{(player, set): {node name: probability}}``.

    A set reached with probability zero gets ``None`` (Bayes' rule says nothing there).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.games import Chance, Decision, GameTree
    >>> sme = lambda u: Decision("SME", {"C": Decision("bank", {"L": u, "R": (0, 0)},
    ...                          infoset="C"), "N": (0, 0)})
    >>> tree = GameTree(Chance({"good": (Fraction(1, 3), sme((1, 1))),
    ...                         "bad": (Fraction(2, 3), sme((1, -1)))}))
    >>> half = Fraction(1, 2)
    >>> b = {("SME", "good"): {"C": 1, "N": 0}, ("SME", "bad"): {"C": half, "N": half},
    ...      ("bank", "C"): {"L": 1, "R": 0}}
    >>> beliefs(tree, b)[("bank", "C")]
    {'good → C': 1/2, 'bad → C': 1/2}
    """
    reach = reach_probabilities(tree, behaviour, **values)
    out: dict[tuple[str, str], Any] = {}
    for key, paths in tree._members.items():
        total = sp.expand(sum((reach[p] for p in paths), sp.Integer(0)))
        if total == 0:
            out[key] = None
        else:
            out[key] = {tree._names[p]: sp.simplify(reach[p] / total) for p in paths}
    return out


def _continuation(tree: GameTree, behaviour: Behaviour, checked: Mapping[str, Any]) -> Any:
    """A function giving every player's expected payoff from a node on, under ``behaviour``."""
    memo: dict[Path, tuple[Any, ...]] = {}

    def value(path: Path) -> tuple[Any, ...]:
        if path in memo:
            return memo[path]
        node = tree._node(path)
        if isinstance(node, Leaf):
            result = tree._payoffs(node, checked)
        else:
            if isinstance(node, Chance):
                weights = tree._probabilities(node, checked)
            else:
                mix = behaviour.get(tree._infoset_of[path])
                if mix is None:
                    weights = {a: sp.Rational(1, len(node.moves)) for a in node.moves}
                else:
                    weights = {a: mix.get(a, 0) for a in node.moves}
            result = tuple(
                sp.expand(sum((weights[a] * value((*path, a))[k] for a in node.moves),
                              sp.Integer(0)))
                for k in range(len(tree.players))
            )
        memo[path] = result
        return result

    return value


def _settled(worth: Any) -> Any:
    """An expected payoff for comparison: exact numbers as they are (``nsimplify`` would
    round ``13717421/109739369`` to ``1/8``), float round-off tidied by ``nsimplify``."""
    return sp.nsimplify(worth) if worth.has(sp.Float) else worth


def sequential_rationality_violations(
    tree: GameTree,
    behaviour: Behaviour,
    assessment: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
    **values: Any,
) -> list[str]:
    """Where a behaviour profile with beliefs is not sequentially rational (empty: it is).

    Beliefs come from Bayes' rule where it applies; ``assessment`` gives them at the
    sets reached with probability zero (``{(player, set): {node name: probability}}``),
    and such a set without a belief is reported. Payoffs must be numbers.
    """
    checked = tree._check(values)
    bayes = beliefs(tree, behaviour, **values)
    value = _continuation(tree, behaviour, checked)
    problems = []
    for key, paths in tree._members.items():
        belief = bayes[key] if bayes[key] is not None else (assessment or {}).get(key)
        if belief is None:
            problems.append(
                f"{key[0]} at {key[1]!r}: reached with probability 0 and no belief given")
            continue
        mix = behaviour.get(key)
        if mix is None:
            continue
        mover = tree.players.index(key[0])
        actions = tree._node(paths[0]).actions
        worth = {
            a: _settled(sum((belief[tree._names[p]] * value((*p, a))[mover] for p in paths),
                            sp.Integer(0)))
            for a in actions
        }
        best = max(worth.values())
        for a in actions:
            if mix.get(a, 0) != 0 and worth[a] < best:
                problems.append(f"{key[0]} at {key[1]!r}: {a!r} earns {worth[a]} < {best}")
    return problems
