r"""The reduced strategic form of a game tree: pure strategies and expected payoffs.

A pure strategy of player :math:`i` picks an action at each of its information sets.
Two strategies that differ only at information sets their own earlier choices make
unreachable lead to the same play against everything; the *reduced* strategic form
keeps one of each class, leaving those sets unspecified (written ``*``), as Gambit
does. The payoff of a profile is the expectation over chance moves of the payoffs
at the leaves it reaches (von Stengel 2002, *Handbook of Game Theory* 3, ch. 45).

Strategies are listed in Gambit's order — the first information set of the player
(depth first) varies slowest — and labelled by their actions, e.g. ``B/G`` or
``A/*``. Two players give a :class:`~gametheory_cluster.games.StageGame`, whose exact
engine finds every Nash equilibrium; any number give a
:class:`~gametheory_cluster.games.n_player.NormalFormGame`.

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from math import prod
from typing import TYPE_CHECKING, Any

import sympy as sp

from ..errors import GameError
from .trees import Chance, Decision, Leaf

if TYPE_CHECKING:
    from .n_player import NormalFormGame
    from .normal_form import StageGame
    from .trees import GameTree

__all__ = ["MAX_PROFILES", "MAX_STRATEGIES", "StrategicForm", "strategic_form"]

#: Most reduced pure strategies one player may have before the strategic form is refused.
MAX_STRATEGIES = 4096
#: Most strategy profiles (cells of the payoff table) before the strategic form is refused.
MAX_PROFILES = 1_000_000

InfosetKey = tuple[str, str]


@dataclass(frozen=True)
class StrategicForm:
    """The reduced strategic form of a tree at given parameter values.

    Attributes
    ----------
    players : tuple of str
    infosets : tuple of tuple of str
        Each player's information sets, in order.
    strategies : tuple of tuple of dict
        Each player's reduced pure strategies: ``{information set: action}`` at the
        sets the strategy does not itself rule out.
    labels : tuple of tuple of str
        A label per strategy (actions joined by ``/``, ``*`` where unspecified).
    payoffs : dict
        ``{profile (one strategy index per player): payoffs}``.

    Examples
    --------
    >>> from gametheory_cluster.games import Decision, GameTree
    >>> tree = GameTree(Decision("1", {"A": (3, 8), "B": Decision("2", {"E": (5, 5),
    ...     "F": Decision("1", {"G": (2, 10), "H": (1, 0)})})}))
    >>> form = tree.strategic_form()
    >>> form.labels
    (('A/*', 'B/G', 'B/H'), ('E', 'F'))
    >>> form.to_stage_game().A
    Matrix([
    [3, 3],
    [5, 2],
    [5, 1]])
    """

    players: tuple[str, ...]
    infosets: tuple[tuple[str, ...], ...]
    strategies: tuple[tuple[dict[str, str], ...], ...]
    labels: tuple[tuple[str, ...], ...]
    payoffs: dict[tuple[int, ...], tuple[sp.Expr, ...]]

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of strategies of each player."""
        return tuple(len(s) for s in self.strategies)

    def to_stage_game(self) -> StageGame:
        """The two-player strategic form as a :class:`StageGame` (exact payoffs kept)."""
        from .normal_form import StageGame

        if len(self.players) != 2:
            raise GameError(
                f"unsupported: a StageGame has 2 players, this game has {len(self.players)}; "
                "use to_normal_form()"
            )
        m, n = self.shape
        return StageGame(
            [[self.payoffs[i, j][0] for j in range(n)] for i in range(m)],
            [[self.payoffs[i, j][1] for j in range(n)] for i in range(m)],
            row_actions=self.labels[0],
            col_actions=self.labels[1],
            players=self.players,
        )

    def to_normal_form(self) -> NormalFormGame:
        """The strategic form as an n-player :class:`~.n_player.NormalFormGame`."""
        from .n_player import NormalFormGame

        return NormalFormGame.from_profiles(self.payoffs, self.labels, self.players)

    def index(self, player: str, choice: Mapping[str, str]) -> int:
        """The index of ``player``'s reduced strategy that makes the choices in ``choice``."""
        k = self.players.index(player)
        for index, strategy in enumerate(self.strategies[k]):
            if strategy == dict(choice):
                return index
        raise GameError(f"{player} has no reduced strategy {dict(choice)!r}")


def _relevant(tree: GameTree, key: InfosetKey, choice: Mapping[InfosetKey, str]) -> bool:
    """Whether some node of ``key`` is reachable given the player's own ``choice``."""
    return any(
        all(choice.get(h) == a for h, a in tree._own[path]) for path in tree._members[key]
    )


def _reduced_strategies(tree: GameTree, player: str) -> list[dict[InfosetKey, str]]:
    """The player's reduced pure strategies, the first information set varying slowest."""
    keys = [k for k in tree._members if k[0] == player]
    actions = {k: tree._node(tree._members[k][0]).actions for k in keys}
    if tree.has_perfect_recall:
        # own earlier sets come first in depth-first order, so decide set by set
        strategies: list[dict[InfosetKey, str]] = [{}]
        for key in keys:
            grown = []
            for choice in strategies:
                if _relevant(tree, key, choice):
                    grown += [{**choice, key: a} for a in actions[key]]
                else:
                    grown.append(choice)
            strategies = grown
            _check_count(len(strategies), player)
        return strategies
    _check_count(prod(len(actions[k]) for k in keys), player)
    seen: dict[tuple, dict[InfosetKey, str]] = {}
    for full in product(*(actions[k] for k in keys)):
        choice = dict(zip(keys, full, strict=True))
        reduced = {k: a for k, a in choice.items() if _relevant(tree, k, choice)}
        seen.setdefault(tuple(sorted(reduced.items())), reduced)
    return list(seen.values())


def _check_count(count: int, player: str) -> None:
    if count > MAX_STRATEGIES:
        raise GameError(
            f"unsupported: {player} has more than {MAX_STRATEGIES} pure strategies; the "
            "strategic form is too large (use sequence_form_equilibrium() for one equilibrium)"
        )


def _label(strategy: Mapping[InfosetKey, str], keys: Sequence[InfosetKey]) -> str:
    return "/".join(strategy.get(k, "*") for k in keys) or "-"


def strategic_form(tree: GameTree, **values: Any) -> StrategicForm:
    """The reduced strategic form of ``tree`` at the given parameter values.

    Raises
    ------
    GameError
        ``unsupported: …`` when a player has more than :data:`MAX_STRATEGIES`
        strategies or the table more than :data:`MAX_PROFILES` cells.
    """
    checked = tree._check(values)
    per_player = [_reduced_strategies(tree, p) for p in tree.players]
    cells = prod(len(s) for s in per_player)
    if cells > MAX_PROFILES:
        raise GameError(
            f"unsupported: the strategic form has {cells} profiles (more than {MAX_PROFILES}); "
            "use sequence_form_equilibrium() for one equilibrium"
        )
    n = len(tree.players)
    total: dict[tuple[int, ...], list[sp.Expr]] = {}
    for requirements, probability, leaf in _leaf_requirements(tree, checked):
        payoffs = tree._payoffs(leaf, checked)
        options = [
            [i for i, s in enumerate(per_player[k])
             if all(s.get(h) == a for h, a in requirements if h[0] == tree.players[k])]
            for k in range(n)
        ]
        for profile in product(*options):
            cell = total.setdefault(profile, [sp.Integer(0)] * n)
            for k in range(n):
                cell[k] += probability * payoffs[k]
    payoffs = {
        profile: tuple(sp.expand(v) for v in total.get(profile, [sp.Integer(0)] * n))
        for profile in product(*(range(len(s)) for s in per_player))
    }
    keys = [[k for k in tree._members if k[0] == p] for p in tree.players]
    return StrategicForm(
        tree.players,
        tuple(tuple(k[1] for k in ks) for ks in keys),
        tuple(tuple({h[1]: a for h, a in s.items()} for s in ss) for ss in per_player),
        _unique_labels([[_label(s, ks) for s in ss] for ss, ks in zip(per_player, keys,
                                                                       strict=True)]),
        payoffs,
    )


def _unique_labels(labels: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Labels made unique by a number where action labels run together."""
    out = []
    for own in labels:
        if len(set(own)) < len(own):
            own = [f"{label} ({k + 1})" for k, label in enumerate(own)]
        out.append(tuple(own))
    return tuple(out)


def _leaf_requirements(
    tree: GameTree, values: Mapping[str, Any]
) -> list[tuple[list[tuple[InfosetKey, str]], sp.Expr, Leaf]]:
    """For each leaf: the (information set, action) pairs on its path, and nature's probability."""
    out = []

    def visit(node: Any, path: tuple[str, ...], needs: list, probability: sp.Expr) -> None:
        if isinstance(node, Leaf):
            out.append((needs, probability, node))
            return
        if isinstance(node, Chance):
            for action, p in tree._probabilities(node, values).items():
                if p != 0:
                    visit(node.moves[action], (*path, action), needs, probability * p)
            return
        assert isinstance(node, Decision)
        key = tree._infoset_of[path]
        for action, child in node.moves.items():
            visit(child, (*path, action), [*needs, (key, action)], probability)

    visit(tree.root, (), [], sp.Integer(1))
    return out
