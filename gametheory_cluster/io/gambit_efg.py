r"""Game trees in Gambit's ``.efg`` format: chance moves, information sets, any number of players.

A tree is written node by node in depth-first order:

* a decision node as ``p "node" player infoset "label" { "action" ... } outcome`` —
  the label and the actions are given where the information set first appears,
  later nodes of the set give only its number;
* a chance node as ``c "node" infoset "label" { "action" probability ... } outcome``;
* a leaf as ``t "node" outcome "name" { payoffs }``.

An outcome number may be followed by its name and payoffs (a definition); ``0`` is
the null outcome. A player's payoff at a leaf is the sum of the outcomes met on the
way to it. Empty action labels (``{ "" "" }``, which Gambit allows) are read as the
actions' numbers, and a label repeated at one node gets a suffix (``1/2``, ``1/2~2``).
Node labels become node names (made unique where a file repeats one); information
sets keep their label, or are named ``#k`` after their number.

See docs/howto/export_gambit.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sympy as sp

from ..errors import GameError
from ..games import Chance, Decision, GameTree, Leaf
from ._gambit_text import _Labels, _number_text, _quote, _Reader, _source, _Token, gambit_label
from .files import write_atomic

__all__ = ["MAX_DEPTH", "read_efg", "to_efg", "write_efg"]

#: Deepest game tree read from an ``.efg`` file, in moves.
MAX_DEPTH = 200


def to_efg(tree: GameTree, title: str | None = None, **values: Any) -> str:
    """A game tree, at the given values, as the text of a Gambit ``.efg`` file.

    Node names, information sets (with their labels), chance probabilities and the
    payoffs are written; every leaf gets an outcome named after its history. Labels
    are written as Gambit reads them and the originals kept in the comment.

    Raises
    ------
    MissingParameterError
        A payoff or probability still depends on a parameter.
    GameError
        An irrational exact payoff.

    Examples
    --------
    >>> from gametheory_cluster.models.lending import LendingGame
    >>> print(to_efg(LendingGame().sequential(), I=100, Y=150, R=110, w=0))
    EFG 2 R "bank vs SME" { "bank" "SME" }
    ""
    <BLANKLINE>
    p "root" 1 1 "" { "Lend" "Refuse" } 0
    p "Lend" 2 1 "" { "Repay" "Default" } 0
    t "" 1 "Lend, Repay" { 10, 40 }
    t "" 2 "Lend, Default" { -100, 150 }
    t "" 3 "Refuse" { 0, 0 }
    <BLANKLINE>
    """
    if not isinstance(tree, GameTree):
        raise GameError(f"to_efg needs a GameTree, got {type(tree).__name__}")
    checked = tree._check(values)
    safe = _Labels()
    taken: set[str] = set()
    players = [safe(f"p{k + 1}", p, taken) for k, p in enumerate(tree.players)]
    numbers: dict[tuple[str, str], int] = {}
    for key in tree._members:
        numbers[key] = 1 + sum(1 for other in numbers if other[0] == key[0])
    chance_sets = outcomes = 0
    lines = []
    for n, (path, node) in enumerate(tree._preorder, start=1):
        if isinstance(node, Leaf):
            outcomes += 1
            payoffs = ", ".join(
                _number_text(v, f"the payoff of {p} after {', '.join(path) or 'the root'}")
                for p, v in zip(tree.players, tree._payoffs(node, checked), strict=True)
            )
            name = _quote(gambit_label(", ".join(path) or "root"))
            lines.append(f't "" {outcomes} {name} {{ {payoffs} }}')
            continue
        label = _quote(safe(f"n{n}", tree._names[path]))
        used: set[str] = set()
        actions = [safe(f"a{n}.{j + 1}", a, used) for j, a in enumerate(node.actions)]
        if isinstance(node, Chance):
            chance_sets += 1
            probabilities = tree._probabilities(node, checked)
            moves = " ".join(
                f"{_quote(s)} {_number_text(probabilities[a], f'the probability of {a!r}')}"
                for s, a in zip(actions, node.actions, strict=True)
            )
            lines.append(f'c {label} {chance_sets} "" {{ {moves} }} 0')
            continue
        key = tree._infoset_of[path]
        player = tree.players.index(node.player) + 1
        members = tree._members[key]
        if members[0] != path:
            lines.append(f"p {label} {player} {numbers[key]} 0")
            continue
        implicit = node.infoset is None and len(members) == 1
        infoset = _quote("" if implicit else safe(f"i{n}", key[1]))
        lines.append(
            f"p {label} {player} {numbers[key]} {infoset} "
            f"{{ {' '.join(_quote(a) for a in actions)} }} 0"
        )
    title = " vs ".join(tree.players) if title is None else str(title)
    head = f"EFG 2 R {_quote(safe('t', title))} {{ {' '.join(_quote(p) for p in players)} }}"
    return "\n".join([head, safe.comment(), "", *lines]) + "\n"


def write_efg(
    tree: GameTree, path: str | os.PathLike[str], title: str | None = None, **values: Any
) -> Path:
    """Write :func:`to_efg` to ``path`` atomically; returns the path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gametheory_cluster.models.lending import LendingGame
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_efg(LendingGame().sequential(), folder / "lending.efg",
    ...                  I=100, Y=150, R=110, w=0)
    >>> [spe.path for spe in read_efg(path).solve()]
    [('Refuse',)]
    """
    text = to_efg(tree, title=title, **values)
    target = Path(path)
    write_atomic(target, text)
    return target


class _Tree:
    """The nodes of an ``.efg`` file as read, before they become a :class:`GameTree`."""

    def __init__(self, reader: _Reader, players: int) -> None:
        self.reader = reader
        self.players = players
        self.outcomes: dict[int, list[Any]] = {}
        self.infosets: dict[tuple[int, int], tuple[str, list[str], list[Any] | None, int]] = {}
        self.members: dict[tuple[int, int], int] = {}
        self.count = 0

    def outcome(self, token: _Token) -> list[Any]:
        k = int(token.text)
        if self.reader.peek_kind() == "string":
            self.reader.position += 1  # the outcome's name; a new definition replaces the old
            self.outcomes[k] = self.reader.payoff_list(self.players)
        if k == 0:
            return [sp.Integer(0)] * self.players
        if k not in self.outcomes:
            raise self.reader.error(f"outcome {k} is used before it is defined", token)
        return self.outcomes[k]

    def outcome_number(self) -> list[Any]:
        token = self.reader.expect("word", "an outcome number")
        if not token.text.isdigit():
            raise self.reader.error("expected an outcome number", token)
        return self.outcome(token)

    def infoset(self, key: tuple[int, int], chance: bool, where: _Token) -> tuple[Any, ...]:
        """Read (or recall) an information set's label, actions and chance probabilities."""
        reader = self.reader
        if reader.peek_kind() == "string":
            label = reader.string("information set label")
            reader.expect("{", "'{' opening the actions")
            actions, probabilities = [], []
            while reader.peek_kind() == "string":
                actions.append(reader.string("action label"))
                if chance:
                    probabilities.append(reader.number())
            reader.expect("}", "a quoted action label or '}'")
            if not actions:
                raise reader.error("a node without actions", where)
            known = self.infosets.get(key)
            if known is not None and known[1] != actions:
                raise reader.error(
                    f"information set {key[1]} of player {key[0]} is given the actions "
                    f"{actions} here and {known[1]} before", where)
            if known is None or chance:
                self.infosets[key] = (label, actions, probabilities if chance else None,
                                      self.count)
        elif key not in self.infosets:
            raise reader.error(f"information set {key[1]} is used before its actions are given",
                               where)
        self.members[key] = self.members.get(key, 0) + 1
        return self.infosets[key]

    def node(self, above: list[Any], depth: int) -> tuple:
        reader = self.reader
        if depth > MAX_DEPTH:
            raise reader.error(f"the tree is more than {MAX_DEPTH} moves deep")
        kind = reader.word("p", "t", "c")
        self.count += 1
        index = self.count
        label = reader.string("node label")
        if kind == "t":
            return ("t", index, label, [a + b for a, b in zip(above, self.outcome_number(),
                                                               strict=True)])
        where = reader.peek()
        if kind == "c":
            key = (0, reader.integer("a chance information set number", 1))
        else:
            player = reader.integer(f"a player number from 1 to {self.players}", 1)
            if player > self.players:
                raise reader.error(f"there is no player {player}", where)
            key = (player, reader.integer("an information set number", 1))
        _, actions, probabilities, _ = self.infoset(key, kind == "c", where or reader.peek())
        here = [a + b for a, b in zip(above, self.outcome_number(), strict=True)]
        children = [self.node(here, depth + 1) for _ in actions]
        return (kind, index, label, key, probabilities, children)


def read_efg(text_or_path: str | os.PathLike[str], floats: bool = False) -> GameTree:
    """A game tree from a Gambit ``.efg`` file: chance moves, information sets, any players.

    Outcomes met on the way to a leaf add up. Node labels become node names.

    Raises
    ------
    GameError
        A malformed file (the message names the line and token); ``unsupported: …``
        for a format version other than 2.
    OSError
        The file cannot be read.

    Examples
    --------
    >>> tree = read_efg('''EFG 2 R "entry" { "A" "B" } ""
    ... p "" 1 1 "" { "In" "Out" } 0
    ... p "" 2 1 "" { "Fight" "Share" } 0
    ... t "" 1 "" { -1, -1 }
    ... t "" 2 "" { 1, 1 }
    ... t "" 3 "" { 0, 2 }''')
    >>> [spe.path for spe in tree.solve()]
    [('In', 'Share')]
    >>> read_efg('EFG 2 R "" { "A" } "" c "" 1 "" { "" 1/2 "" 1/2 } 0 t "" 1 "" { 1 } t "" 0'
    ...          ).root.probabilities
    {'1': 1/2, '2': 1/2}
    """
    reader = _Reader(_source(text_or_path, "efg"), "efg", floats)
    players = reader.header("2")
    original = reader.comment()
    parsed = _Tree(reader, len(players))
    top = parsed.node([sp.Integer(0)] * len(players), 0)
    reader.end()
    names = _unique([original.get(f"p{k + 1}", p) or f"Player {k + 1}"
                     for k, p in enumerate(players)])
    return GameTree(_Builder(parsed, names, original).build(top, ()), players=names)


def _unique(labels: list[str]) -> list[str]:
    return [label if labels.count(label) == 1 else f"{label} #{k + 1}"
            for k, label in enumerate(labels)]


class _Builder:
    """Turns the parsed nodes into :class:`Decision`, :class:`Chance` and :class:`Leaf`."""

    def __init__(self, parsed: _Tree, players: list[str], original: dict[str, str]) -> None:
        self.parsed, self.players, self.original = parsed, players, original
        self.names: set[str] = set()
        self.infoset_names: dict[tuple[int, int], str | None] = {}
        by_player: dict[int, list[str]] = {}
        for (player, _), (label, *_rest, at) in parsed.infosets.items():
            by_player.setdefault(player, []).append(original.get(f"i{at}", label))
        for key, (label, *_rest, at) in parsed.infosets.items():
            label = original.get(f"i{at}", label)
            if label and by_player[key[0]].count(label) == 1:
                self.infoset_names[key] = label
            elif parsed.members[key] > 1 or label:
                self.infoset_names[key] = f"{label} #{key[1]}".strip()
            else:
                self.infoset_names[key] = None
        self.explicit: dict[int, set[str]] = {}
        for key, name in self.infoset_names.items():
            if name is not None:
                self.explicit.setdefault(key[0], set()).add(name)

    def actions(self, key: tuple[int, int]) -> list[str]:
        """The actions' labels: an empty one is named by its number, a repeated one numbered."""
        _, actions, _, at = self.parsed.infosets[key]
        out = [self.original.get(f"a{at}.{j + 1}", a) or str(j + 1) for j, a in enumerate(actions)]
        named: list[str] = []
        for a in out:
            name, k = a, 2
            while name in named:
                name, k = f"{a}~{k}", k + 1
            named.append(name)
        return named

    def build(self, record: tuple, path: tuple[str, ...]) -> Any:
        if record[0] == "t":
            return Leaf(record[3])
        kind, index, label, key, _, children = record
        name = self.original.get(f"n{index}", label) or (" → ".join(path) or "root")
        while name in self.names:
            name = f"{name} #{index}"
        self.names.add(name)
        actions = self.actions(key)
        below = {a: self.build(c, (*path, a)) for a, c in zip(actions, children, strict=True)}
        if kind == "c":
            probabilities = self.parsed.infosets[key][2]
            return Chance({a: (p, below[a]) for a, p in zip(actions, probabilities, strict=True)},
                          name=name)
        infoset = self.infoset_names[key]
        if infoset is None and name in self.explicit.get(key[0], set()):
            infoset = f"{name} (node {index})"
        return Decision(self.players[key[0] - 1], below, name=name, infoset=infoset)
