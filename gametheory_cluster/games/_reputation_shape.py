"""The shape of a reputation tree, read and checked for :mod:`.reputation_solver`.

Nature draws one of two types of a long-run player at the root; one type (the
commitment type) has one action at each of its nodes; every other player moves in
one period, at information sets that join the two types' nodes with one public
history, and its payoff is settled in that period. Anything else is refused with a
one-line ``unsupported: …`` error.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from ..algebra import fraction
from ..errors import GameError
from ._coerce import _missing
from .trees import Chance, Decision, GameTree, Leaf, Path

_ZERO, _ONE = Fraction(0), Fraction(1)


def _memo(method: Any) -> Any:
    """Keep a method's results on the solver, by arguments."""
    def cached(self: _Shape, *args: Any) -> Any:
        key = (method.__name__, *args)
        if key not in self.memo:
            self.memo[key] = method(self, *args)
        return self.memo[key]
    return cached


def _path(history: Path) -> str:
    return " → ".join(history) or "the root"


class _Shape:
    """A reputation tree read and checked: its types, players, periods and payoffs."""

    def __init__(self, tree: GameTree, tie: Mapping[str, Any] | None, checked: dict) -> None:
        self.tree, self.nodes, self.memo = tree, dict(tree._nodes), {}
        exprs = [e for _, n in tree._terminal() for e in tree._payoffs(n, checked)]
        if any(e.free_symbols for e in exprs):
            raise _missing(exprs, "this reputation tree")
        self.exact = not any(isinstance(e, sp.Float) for e in exprs)
        self.pay = {p: tuple(fraction(v) for v in tree._payoffs(n, checked))
                    for p, n in tree._terminal()}
        if any(isinstance(n, Chance) for p, n in tree._nodes if p):
            raise GameError("unsupported: nature moves only at the root of a reputation tree")
        self.tie = None if tie is None else {a: fraction(p) for a, p in tie.items()}
        if self.tie is not None and (sum(self.tie.values()) != 1
                                     or any(p < 0 for p in self.tie.values())):
            raise GameError(f"tie must be a mixture (probabilities >= 0 adding up to 1), not {tie}")
        self._players(tuple(tree.root.moves))

    # ------------------------------------------------------------ the tree's shape
    def _players(self, types: tuple[str, ...]) -> None:
        tree = self.tree
        short = {key[0] for key, paths in tree._members.items() if len({p[0] for p in paths}) > 1}
        long_run = [p for p in tree.players if p not in short
                    and any(k[0] == p for k in tree._members)]
        if len(long_run) != 1:
            raise GameError("unsupported: a reputation tree has one long-run player, whose "
                            f"information sets are single nodes; found {long_run or 'none'}")
        self.long_run, self.short_run = long_run[0], tuple(p for p in tree.players if p in short)
        self.lr = tree.players.index(long_run[0])
        committed = [t for t in types if all(
            len(n.moves) == 1 for p, n in tree._nodes
            if p[:1] == (t,) and isinstance(n, Decision) and n.player == self.long_run)]
        if len(committed) != 1:
            raise GameError("unsupported: one type of the long-run player must be a commitment "
                            "type (one action at each of its nodes) and the other strategic")
        self.types = (committed[0], next(t for t in types if t != committed[0]))
        for (player, label), paths in tree._members.items():
            if player == self.long_run and len(paths) > 1:
                raise GameError(f"unsupported: the long-run player's set {label!r} joins nodes; "
                                "it must know its type and the history")
            every = {(t, *paths[0][1:]) for t in types} & set(tree._infoset_of)
            if player in short and set(paths) != every:
                raise GameError(f"unsupported: {player}'s set {label!r} must join the nodes "
                                "of both types with one public history")
        for q, (player, _) in tree._infoset_of.items():
            if player in short and any(tree._infoset_of.get(q[:j], ("",))[0] == player
                                       for j in range(len(q))):
                raise GameError(f"unsupported: {player} moves twice on a path; a short-run "
                                "player moves in one period")

    def at(self, history: Path, kind: int) -> Any:
        """The node of type ``kind`` (0 commitment, 1 strategic) with this public history."""
        return self.nodes.get((self.types[kind], *history))

    @_memo
    def kind(self, history: Path) -> str:
        """``leaf``, ``stage`` (a short-run player moves) or ``long`` (the long-run player)."""
        found = [n for n in (self.at(history, 0), self.at(history, 1)) if n is not None]
        kinds = {"leaf" if isinstance(n, Leaf) else
                 "long" if n.player == self.long_run else "stage" for n in found}
        if len(kinds) != 1:
            raise GameError(f"unsupported: after {_path(history)} the two types' games differ")
        kind = kinds.pop()
        if kind == "long" and any(self.kind((*history, a)) == "long" for a in found[-1].moves):
            raise GameError("unsupported: the long-run player replies once per period")
        return kind

    @_memo
    def depth(self, history: Path) -> int:
        return sum(1 for j in range(len(history)) if self.kind(history[:j]) == "stage")

    def own(self, kind: int, history: Path, k: int) -> Fraction:
        """Player ``k``'s payoff below a node, which must not depend on later play."""
        low, high = self._below((self.types[kind], *history), k)
        if low != high:
            raise GameError(f"unsupported: {self.tree.players[k]}'s payoff after "
                            f"{_path(history)} depends on later play; a short-run player's "
                            "payoff is settled in its own period")
        return low

    @_memo
    def _below(self, path: Path, k: int) -> tuple[Fraction, Fraction]:
        """The least and the greatest payoff of player ``k`` at the leaves below ``path``."""
        if isinstance(self.nodes[path], Leaf):
            return self.pay[path][k], self.pay[path][k]
        found = [self._below((*path, a), k) for a in self.nodes[path].moves]
        return min(f[0] for f in found), max(f[1] for f in found)

    def fixed(self, history: Path, mu: Fraction) -> Fraction:
        """The belief, forced where only one type has a node."""
        if self.at(history, 0) is None:
            return _ZERO
        return _ONE if self.at(history, 1) is None else mu

    def committed(self, history: Path) -> str:
        (c,) = self.at(history, 0).moves
        return c

