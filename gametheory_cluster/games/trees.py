r"""Finite games in extensive form: chance moves, information sets, any number of players.

A :class:`GameTree` is built from :class:`Decision` nodes (the player who moves, the
child reached by each action and, optionally, the information set the node belongs
to), :class:`Chance` nodes (each move with its probability, exact or a formula) and
:class:`Leaf` nodes (one payoff per player). Nodes of one player that share an
``infoset`` label form one information set: the player cannot tell them apart, so
they must offer the same actions. A node without a label is alone in its set.

The game has *perfect recall* when, at every information set, all its nodes share the
mover's own past — the same earlier information sets, and the same actions taken
there (Kuhn 1953, *Contributions to the Theory of Games* II). It has *perfect
information* when every information set is a single node. The solvers live beside
this module: backward induction (:mod:`.backward`), the reduced strategic form
(:mod:`.strategic`), behaviour strategies and beliefs (:mod:`.behaviour`), all Nash
and subgame-perfect equilibria of two-player trees (:mod:`.tree_equilibria`) and the
sequence form solved by Lemke's algorithm (:mod:`.sequence_form`).

See docs/explanation/extensive_forms.md.

Examples
--------
>>> from gametheory_cluster.games import Chance, Decision, GameTree
>>> from fractions import Fraction
>>> bank = lambda sme: Decision("bank", {"Lend": sme, "Refuse": (0, 0)}, infoset="no news")
>>> tree = GameTree(Chance({"good": (Fraction(1, 2), bank((1, 2))),
...                         "bad": (Fraction(1, 2), bank((-1, 2)))}), players=("bank", "SME"))
>>> tree.is_perfect_information, tree.has_perfect_recall
(False, True)
>>> [(s.player, s.name, s.nodes) for s in tree.information_sets]
[('bank', 'no news', ('good', 'bad'))]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

import sympy as sp

from ..algebra import plain
from ..algebra.signs import possible_signs as _possible_signs
from ..errors import GameError
from ..parameters import Value
from ._coerce import (
    _canonical_symbols,
    _coerce_entry,
    _labels,
    _substitute,
    _validate_values,
)

__all__ = ["Chance", "Decision", "GameTree", "InformationSet", "Leaf"]

Node = Union["Decision", "Chance", "Leaf"]
Path = tuple[str, ...]

# Tolerance of the check that float chance probabilities add up to one.
_FLOAT_TOL = 1e-9


class Leaf:
    """A terminal node: one payoff per player (numbers or sympy expressions).

    Examples
    --------
    >>> from gametheory_cluster.games import Leaf
    >>> Leaf((1, 2)).payoffs
    (1, 2)
    """

    def __init__(self, payoffs: Sequence[Any]) -> None:
        if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence) or not payoffs:
            raise GameError(f"a leaf needs a non-empty sequence of payoffs, got {payoffs!r}")
        self.payoffs: tuple[sp.Expr, ...] = tuple(
            _coerce_entry(v, f"leaf payoff {k}") for k, v in enumerate(payoffs)
        )

    def __repr__(self) -> str:
        return f"Leaf({', '.join(sp.sstr(v) for v in self.payoffs)})"


def _child(value: Any) -> Node:
    return value if isinstance(value, (Decision, Chance, Leaf)) else Leaf(value)


def _check_actions(moves: Any, owner: str) -> None:
    if not isinstance(moves, Mapping) or not moves:
        raise GameError(f"{owner} needs at least one action")
    for action in moves:
        if not isinstance(action, str) or not action:
            raise GameError(f"actions must be non-empty strings, got {action!r}")


def _check_name(name: Any, what: str) -> None:
    if name is not None and (not isinstance(name, str) or not name):
        raise GameError(f"{what} must be a non-empty string, got {name!r}")


class Decision:
    """A decision node: the player who moves and the child reached by each action.

    Children are :class:`Decision`, :class:`Chance` or :class:`Leaf` nodes, or
    payoff tuples (made into leaves). ``name`` labels the node; by default it is the
    sequence of moves leading to it (``"root"`` for the root). Nodes of one player
    with the same ``infoset`` label form one information set (default: the node is
    alone in a set named after it).

    Examples
    --------
    >>> from gametheory_cluster.games import Decision
    >>> node = Decision("bank", {"Lend": (1, 1), "Refuse": (0, 0)}, infoset="no news")
    >>> node.actions, node.infoset
    (('Lend', 'Refuse'), 'no news')
    """

    def __init__(
        self,
        player: str,
        moves: Mapping[str, Node | Sequence[Any]],
        name: str | None = None,
        infoset: str | None = None,
    ) -> None:
        if not isinstance(player, str) or not player:
            raise GameError(f"a decision node's player must be a non-empty string, got {player!r}")
        _check_actions(moves, f"{player}'s decision node")
        _check_name(name, "a node name")
        _check_name(infoset, "an information set label")
        self.player = player
        self.name = name
        self.infoset = infoset
        self.moves: dict[str, Node] = {action: _child(c) for action, c in moves.items()}

    @property
    def actions(self) -> tuple[str, ...]:
        """The actions available at this node."""
        return tuple(self.moves)

    def __repr__(self) -> str:
        return f"Decision({self.player!r}, {self.moves!r})"


class Chance:
    """A move of nature: each outcome with its probability and the node it leads to.

    ``moves`` maps each label to ``(probability, child)``. Probabilities are exact
    numbers, floats or sympy expressions (e.g. a prior ``mu`` and ``1 - mu``); they
    must add up to one, and each must lie in [0, 1] once values are given (a formula
    that is negative everywhere is refused at once).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.games import Chance
    >>> Chance({"H": (Fraction(1, 3), (1,)), "T": (Fraction(2, 3), (0,))}).probabilities
    {'H': 1/3, 'T': 2/3}
    """

    def __init__(self, moves: Mapping[str, tuple[Any, Node | Sequence[Any]]],
                 name: str | None = None) -> None:
        _check_actions(moves, "a chance node")
        _check_name(name, "a node name")
        self.name = name
        self.moves: dict[str, Node] = {}
        self.probabilities: dict[str, sp.Expr] = {}
        for action, pair in moves.items():
            if not isinstance(pair, Sequence) or isinstance(pair, (str, bytes)) or len(pair) != 2:
                raise GameError(
                    f"chance move {action!r} must be a pair (probability, child), got {pair!r}"
                )
            p = _coerce_entry(pair[0], f"the probability of {action!r}")
            if not p.free_symbols and not 0 <= p <= 1:
                raise GameError(f"the probability of {action!r} is {p}, not in [0, 1]")
            if p.free_symbols and _possible_signs(p.xreplace(_canonical_symbols([p]))) == {-1}:
                raise GameError(f"the probability of {action!r} is {p}, which is negative")
            self.probabilities[action] = p
            self.moves[action] = _child(pair[1])
        total = sp.nsimplify(0) + sum(self.probabilities.values())
        gap = sp.simplify(total - 1)
        if gap != 0 and not (gap.is_number and gap.has(sp.Float) and abs(gap) < _FLOAT_TOL):
            raise GameError(f"chance probabilities add up to {sp.sstr(total)}, not 1")

    @property
    def actions(self) -> tuple[str, ...]:
        """The outcomes of the chance move."""
        return tuple(self.moves)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{a!r}: ({sp.sstr(self.probabilities[a])}, {c!r})" for a, c in self.moves.items()
        )
        return f"Chance({{{parts}}})"


@dataclass(frozen=True)
class InformationSet:
    """One information set: the player, its label, its nodes (by name) and its actions."""

    player: str
    name: str
    nodes: tuple[str, ...]
    actions: tuple[str, ...]


class GameTree:
    """A finite extensive-form game: any number of players, chance moves, information sets.

    Parameters
    ----------
    root : Decision, Chance or Leaf
        The root node.
    players : sequence of str, optional
        The players, in the order of the payoff tuples (default: in order of first
        appearance, breadth first).

    Examples
    --------
    >>> from gametheory_cluster.games import Decision, GameTree
    >>> tree = GameTree(Decision("A", {"In": Decision("B", {"Fight": (-1, -1), "Share": (1, 1)}),
    ...                               "Out": (0, 2)}))
    >>> [str(spe) for spe in tree.solve()]
    ['A at root: In; B at In: Share — path In → Share, payoffs (1, 1)']
    """

    def __init__(self, root: Node, players: Sequence[str] | None = None) -> None:
        if not isinstance(root, (Decision, Chance, Leaf)):
            raise GameError(
                "the root must be a Decision or a Leaf (or a Chance node), got "
                f"{type(root).__name__}"
            )
        self.root = root
        self._nodes: list[tuple[Path, Node]] = []
        queue: list[tuple[Path, Node]] = [((), root)]
        while queue:
            path, node = queue.pop(0)
            self._nodes.append((path, node))
            if not isinstance(node, Leaf):
                queue.extend(((*path, a), child) for a, child in node.moves.items())
        self._preorder: list[tuple[Path, Node]] = []
        self._walk(root, ())
        movers = [n.player for _, n in self._nodes if isinstance(n, Decision)]
        if players is None:
            players = list(dict.fromkeys(movers))
        self.players = _labels(players, len(players), "player", "player ")
        for name in movers:
            if name not in self.players:
                raise GameError(f"player {name!r} moves but is not in players {self.players}")
        self._names: dict[Path, str] = {}
        for path, node in self._nodes:
            if isinstance(node, Leaf):
                if len(node.payoffs) != len(self.players):
                    raise GameError(
                        f"the leaf after {' → '.join(path) or 'the root'} has "
                        f"{len(node.payoffs)} payoffs for {len(self.players)} players"
                    )
                continue
            name = node.name or (" → ".join(path) if path else "root")
            if name in self._names.values():
                raise GameError(f"two decision nodes are named {name!r}")
            self._names[path] = name
        self._build_infosets()
        exprs = [e for _, n in self._nodes if isinstance(n, Leaf) for e in n.payoffs]
        exprs += [p for _, n in self._nodes if isinstance(n, Chance)
                  for p in n.probabilities.values()]
        self._mapping = _canonical_symbols(exprs)

    def _walk(self, node: Node, path: Path) -> None:
        self._preorder.append((path, node))
        if not isinstance(node, Leaf):
            for action, child in node.moves.items():
                self._walk(child, (*path, action))

    def _build_infosets(self) -> None:
        """Group decision nodes into information sets and check actions and recall."""
        self._infoset_of: dict[Path, tuple[str, str]] = {}
        members: dict[tuple[str, str], list[Path]] = {}
        for path, node in self._preorder:
            if isinstance(node, Decision):
                key = (node.player, node.infoset or self._names[path])
                self._infoset_of[path] = key
                members.setdefault(key, []).append(path)
        self._members = members
        for (player, label), paths in members.items():
            first = self._node(paths[0]).actions
            for other in paths[1:]:
                if self._node(other).actions != first:
                    raise GameError(
                        f"information set {label!r} of {player} joins nodes with different "
                        f"actions: {first} at {self._names[paths[0]]!r}, "
                        f"{self._node(other).actions} at {self._names[other]!r}"
                    )
        self._own: dict[Path, tuple[tuple[tuple[str, str], str], ...]] = {}
        for path in self._infoset_of:
            player = self._node(path).player
            self._own[path] = tuple(
                (self._infoset_of[path[:k]], path[k])
                for k in range(len(path))
                if path[:k] in self._infoset_of and self._infoset_of[path[:k]][0] == player
            )
        self.recall_problem: str | None = None
        """Why the game lacks perfect recall (None when it has it)."""
        for (player, label), paths in members.items():
            pasts = {self._own[p] for p in paths}
            if len(pasts) > 1:
                self.recall_problem = (
                    f"imperfect recall: at information set {label!r}, {player} cannot tell "
                    f"{self._names[paths[0]]!r} from {self._names[paths[-1]]!r} although its "
                    "own earlier moves differ"
                )
                break

    # -- description
    @property
    def parameters(self) -> list[str]:
        """Sorted names of the parameters in the payoffs and chance probabilities."""
        return sorted(s.name for s in self._symbols())

    def _symbols(self) -> set[sp.Symbol]:
        found: set[sp.Symbol] = set()
        for _, n in self._nodes:
            exprs = n.payoffs if isinstance(n, Leaf) else (
                n.probabilities.values() if isinstance(n, Chance) else ())
            for e in exprs:
                found |= {self._mapping.get(s, s) for s in e.free_symbols}
        return found

    @property
    def information_sets(self) -> list[InformationSet]:
        """Every information set, in order of first appearance (depth first)."""
        return [
            InformationSet(p, label, tuple(self._names[x] for x in paths),
                           self._node(paths[0]).actions)
            for (p, label), paths in self._members.items()
        ]

    @property
    def is_perfect_information(self) -> bool:
        """Whether every information set is a single node."""
        return all(len(paths) == 1 for paths in self._members.values())

    @property
    def has_chance(self) -> bool:
        """Whether nature moves somewhere in the tree."""
        return any(isinstance(n, Chance) for _, n in self._nodes)

    @property
    def has_perfect_recall(self) -> bool:
        """Whether every player always remembers its own earlier information and moves."""
        return self.recall_problem is None

    def _node(self, path: Path) -> Any:
        node = self.root
        for action in path:
            node = node.moves[action]  # type: ignore[union-attr]
        return node

    def _payoffs(self, leaf: Leaf, values: Mapping[str, Value]) -> tuple[sp.Expr, ...]:
        return tuple(_substitute(e.xreplace(self._mapping), values) for e in leaf.payoffs)

    def _probabilities(self, node: Chance, values: Mapping[str, Value]) -> dict[str, sp.Expr]:
        out = {a: _substitute(p.xreplace(self._mapping), values)
               for a, p in node.probabilities.items()}
        for a, p in out.items():
            if not p.free_symbols and not 0 <= p <= 1:
                raise GameError(f"at these values the probability of {a!r} is {p}, not in [0, 1]")
        return out

    def _check(self, values: Mapping[str, Any]) -> dict[str, Value]:
        return _validate_values(values, self._symbols(), "this game tree")

    def _terminal(self) -> list[tuple[Path, Leaf]]:
        return [(p, n) for p, n in self._nodes if isinstance(n, Leaf)]

    # -- solving (the algorithms are in the neighbouring modules)
    def solve(self, **values: Any) -> list[Any]:
        """All subgame-perfect equilibria of a game of perfect information, by backward induction.

        Chance nodes are averaged over; ties give several equilibria. Every
        comparison must be decided by the values given or by the parameters' domains.
        See :func:`.backward.backward_induction`.

        Raises
        ------
        MissingParameterError
            A comparison that depends on parameters without values.
        GameError
            ``unsupported: …`` for a tree with information sets.
        """
        from .backward import backward_induction

        return backward_induction(self, **values)

    def strategic_form(self, **values: Any) -> Any:
        """The reduced strategic form (:class:`.strategic.StrategicForm`)."""
        from .strategic import strategic_form

        return strategic_form(self, **values)

    def equilibria(self, **values: Any) -> Any:
        """All Nash equilibria of a two-player tree, as behaviour strategies.

        See :func:`.tree_equilibria.nash_equilibria`.
        """
        from .tree_equilibria import nash_equilibria

        return nash_equilibria(self, **values)

    def subgame_perfect(self, **values: Any) -> Any:
        """Subgame-perfect equilibria of a two-player tree, subgame by subgame.

        See :func:`.tree_equilibria.subgame_perfect`.
        """
        from .tree_equilibria import subgame_perfect

        return subgame_perfect(self, **values)

    def sequence_form_equilibrium(self, **values: Any) -> Any:
        """One Nash equilibrium from the sequence form by Lemke's algorithm (exact).

        See :func:`.sequence_form.lemke_equilibrium`.
        """
        from .sequence_form import lemke_equilibrium

        return lemke_equilibrium(self, **values)

    def subgame_roots(self) -> list[str]:
        """The nodes (by name) that start a proper subgame, the root first (depth first).

        A node starts a subgame when every information set that meets the part of
        the tree below it lies entirely below it.
        """
        below: dict[Path, set[Path]] = {}
        for path, _ in reversed(self._preorder):
            below[path] = {path}
            node = self._node(path)
            if not isinstance(node, Leaf):
                for action in node.moves:
                    below[path] |= below[(*path, action)]
        roots = []
        for path, node in self._preorder:
            if isinstance(node, Leaf):
                continue
            inside = below[path]
            if all(set(self._members[self._infoset_of[p]]) <= inside
                   for p in inside if p in self._infoset_of):
                roots.append(self._names[path])
        return roots

    # -- rendering
    def __repr__(self) -> str:
        return f"GameTree(players={self.players}, parameters={self.parameters})"

    def __str__(self) -> str:
        lines = [f"game tree, players {', '.join(self.players)}"]
        for path, leaf in self._terminal():
            payoffs = ", ".join(sp.sstr(e.xreplace(self._mapping)) for e in leaf.payoffs)
            lines.append(f"  {' → '.join(path) or '(root)'}: ({payoffs})")
        shared = [s for s in self.information_sets if len(s.nodes) > 1]
        for s in shared:
            lines.append(f"  {s.player} cannot tell apart: {', '.join(s.nodes)} ({s.name})")
        return "\n".join(lines)

    def latex(self) -> str:
        """The terminal histories and their payoffs as a LaTeX ``array``."""
        head = " & ".join([r"\text{history}", *(rf"\text{{{p}}}" for p in self.players)])
        body = r" \\ ".join(
            " & ".join(
                [rf"\text{{{', '.join(path) or 'root'}}}"]
                + [sp.latex(e.xreplace(self._mapping)) for e in leaf.payoffs]
            )
            for path, leaf in self._terminal()
        )
        return (
            rf"\begin{{array}}{{l{'c' * len(self.players)}}} {head} \\ \hline {body} \end{{array}}"
        )

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: the nested tree."""

        def as_data(node: Node) -> dict[str, Any]:
            if isinstance(node, Leaf):
                return {"payoffs": [plain(_exact(e.xreplace(self._mapping)))
                                    for e in node.payoffs]}
            if isinstance(node, Chance):
                return {
                    "chance": {
                        a: {"probability": plain(_exact(node.probabilities[a].xreplace(
                            self._mapping))), **as_data(c)}
                        for a, c in node.moves.items()
                    }
                }
            out: dict[str, Any] = {"player": node.player}
            if node.infoset is not None:
                out["infoset"] = node.infoset
            out["moves"] = {a: as_data(c) for a, c in node.moves.items()}
            return out

        return plain({"players": list(self.players), "root": as_data(self.root)})


def _exact(value: sp.Expr) -> Any:
    """A payoff for plain data: a float stays a float."""
    return float(value) if isinstance(value, sp.Float) else value
