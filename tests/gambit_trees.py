"""Helpers shared by the tests that compare game trees with pygambit's."""

from __future__ import annotations

import itertools
from fractions import Fraction

from gametheory_cluster.games import GameTree


def frac(value) -> Fraction:
    return Fraction(str(value))


def paid(node, player) -> Fraction:
    """The payoff of ``player`` in the outcome at ``node`` (0 without an outcome)."""
    try:
        return frac(node.outcome[player])
    except (KeyError, TypeError, AttributeError):
        return Fraction(0)


# ----------------------------------------------------------------- tree structure


def index_path(node) -> tuple[int, ...]:
    path = []
    while node.parent is not None:
        parent = node.parent
        path.append(next(k for k, c in enumerate(parent.children) if c == node))
        node = parent
    return tuple(reversed(path))


def label_path(tree: GameTree, indices: tuple[int, ...]) -> tuple[str, ...]:
    node, path = tree.root, []
    for k in indices:
        action = list(node.moves)[k]
        path.append(action)
        node = node.moves[action]
    return tuple(path)


def shape(game) -> list:
    """The tree as pygambit sees it: kinds, movers, infoset numbering, chance, payoffs."""
    out, numbering = [], {}

    def visit(node, above):
        here = [a + paid(node, p) for a, p in zip(above, game.players, strict=True)]
        if node.is_terminal:
            out.append(("t", tuple(here)))
            return
        h = node.infoset
        player = "chance" if h.player.is_chance else h.player.label
        key = numbering.setdefault((player, h), len([k for k in numbering if k[0] == player]))
        probs = tuple(frac(a.prob) for a in h.actions) if h.player.is_chance else None
        out.append(("n", player, key, len(h.actions), probs))
        for child in node.children:
            visit(child, here)

    visit(game.root, [0] * len(game.players))
    return out


# ----------------------------------------------------------------- strategies


def strategy_map(tree: GameTree, form, game) -> list[list[int]]:
    """``theirs[k][j]`` = the index of our strategy equal to pygambit's strategy ``j``."""
    result = []
    for k, player in enumerate(game.players):
        infosets = list(player.infosets)
        ours = []
        for h in infosets:
            path = label_path(tree, index_path(next(iter(h.members))))
            ours.append((tree._infoset_of[path][1], tree._node(path).actions))
        mine = {
            tuple(None if label not in s else actions.index(s[label]) for label, actions in ours): i
            for i, s in enumerate(form.strategies[k])
        }
        row = []
        for s in player.strategies:
            key = []
            for h in infosets:
                a = s.action(h)
                key.append(None if a is None else next(i for i, x in enumerate(h.actions) if x == a))
            row.append(mine[tuple(key)])
        assert sorted(row) == list(range(len(form.strategies[k])))
        result.append(row)
    return result


def gambit_backward(game) -> list[tuple[dict, tuple]]:
    """Every SPE of a perfect-information pygambit tree: ({index path: action}, payoffs)."""
    players = list(game.players)

    def solve(node, above):
        here = tuple(a + paid(node, p) for a, p in zip(above, players, strict=True))
        if node.is_terminal:
            return [({}, here)]
        below = [solve(c, here) for c in node.children]
        out = []
        for combo in itertools.product(*below):
            merged = {}
            for choice, _ in combo:
                merged.update(choice)
            if node.infoset.player.is_chance:
                probs = [frac(a.prob) for a in node.infoset.actions]
                out.append((merged, tuple(sum(p * v[k] for p, (_, v) in zip(probs, combo,
                                                                              strict=True))
                                          for k in range(len(players)))))
                continue
            k = players.index(node.infoset.player)
            best = max(v[k] for _, v in combo)
            for a, (_, v) in enumerate(combo):
                if v[k] == best:
                    out.append(({index_path(node): a, **merged}, v))
        return out

    return solve(game.root, (0,) * len(players))
