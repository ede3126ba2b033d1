r"""Backward induction in games of perfect information, chance moves averaged over.

Work up from the leaves: at a chance node the value of the subgame is the
expectation of its children's values, :math:`v(n) = \sum_a P(a)\, v(n a)`; at a
decision node the mover picks an action whose subgame value maximises its own
payoff. The profile of these choices — an action at every decision node, on and off
the path — is a subgame-perfect equilibrium (Kuhn 1953, *Contributions to the Theory
of Games* II; Selten 1965, *Zeitschrift für die gesamte Staatswissenschaft* 121).
Ties are kept, so **every** subgame-perfect equilibrium is returned, for any number
of players. Comparisons of symbolic payoffs are decided by the values given or by
the parameters' domains; one that neither decides asks for values.

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import product
from typing import TYPE_CHECKING, Any

import sympy as sp

from ..algebra import plain
from ..algebra.signs import possible_signs as _possible_signs
from ..errors import GameError, MissingParameterError
from ..parameters import Value
from ._coerce import Number, _has_float, _tex, _text
from .trees import Chance, Decision, Leaf

if TYPE_CHECKING:
    from .trees import GameTree, Node, Path

__all__ = ["SubgamePerfectEquilibrium", "backward_induction"]


@dataclass(frozen=True)
class SubgamePerfectEquilibrium:
    """A subgame-perfect equilibrium: an action at every decision node.

    Attributes
    ----------
    strategy : dict
        ``{node name: action}`` for every decision node, in tree order.
    movers : dict
        ``{node name: player}``.
    path : tuple of str
        The actions played on the equilibrium path up to the first chance move
        (the whole path when nature never moves on it).
    payoffs : tuple
        The (expected) payoffs.
    players : tuple of str
    outcomes : tuple
        ``(terminal history, probability)`` for every history reached with positive
        probability (one history with probability 1 without chance moves).

    Examples
    --------
    >>> from gametheory_cluster.games import Decision, GameTree
    >>> (spe,) = GameTree(Decision("A", {"L": (1, 0), "R": (0, 1)}), players=("A", "B")).solve()
    >>> spe.strategy, spe.path, spe.payoffs
    ({'root': 'L'}, ('L',), (1, 0))
    >>> spe.to_dict()["payoffs"], spe.to_dict()["payoffs_exact"]
    ([1, 0], ['1', '0'])
    """

    strategy: dict[str, str]
    movers: dict[str, str]
    path: tuple[str, ...]
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]
    outcomes: tuple[tuple[tuple[str, ...], Number], ...] = field(default=(), repr=False)

    def of(self, player: str) -> dict[str, str]:
        """One player's strategy: ``{node name: action}`` at the nodes where it moves."""
        if player not in self.players:
            raise GameError(f"unknown player {player!r}; players: {', '.join(self.players)}")
        return {node: a for node, a in self.strategy.items() if self.movers[node] == player}

    def __str__(self) -> str:
        moves = "; ".join(f"{self.movers[n]} at {n}: {a}" for n, a in self.strategy.items())
        payoffs = ", ".join(_text(v) for v in self.payoffs)
        return f"{moves} — path {' → '.join(self.path)}, payoffs ({payoffs})"

    def __repr__(self) -> str:
        payoffs = ", ".join(_text(v) for v in self.payoffs)
        return f"SubgamePerfectEquilibrium({self.strategy!r}, payoffs=({payoffs}))"

    def latex(self) -> str:
        """The strategy profile and outcome in LaTeX."""
        moves = r",\ ".join(
            rf"\text{{{self.movers[n]} at {n}: {a}}}" for n, a in self.strategy.items()
        )
        payoffs = ", ".join(_tex(v) for v in self.payoffs)
        return rf"\left({moves}\right),\quad u = \left({payoffs}\right)"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return plain({
            "strategy": dict(self.strategy),
            "movers": dict(self.movers),
            "path": list(self.path),
            "payoffs": [plain(v) for v in self.payoffs],
            "outcomes": [[list(h), plain(p)] for h, p in self.outcomes],
        })


_Solution = tuple[dict[tuple[str, ...], str], tuple[sp.Expr, ...]]


def backward_induction(tree: GameTree, **values: Any) -> list[SubgamePerfectEquilibrium]:
    """Every subgame-perfect equilibrium of a tree with perfect information.

    Raises
    ------
    GameError
        ``unsupported: …`` when the tree has information sets with several nodes.
    MissingParameterError
        A comparison that depends on parameters without values.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.games import Chance, Decision, GameTree
    >>> half = Fraction(1, 2)
    >>> tree = GameTree(Decision("A", {"bet": Chance({"win": (half, (2,)), "lose": (half, (-1,))}),
    ...                                 "pass": (0,)}))
    >>> [(s.strategy, s.payoffs) for s in tree.solve()]
    [({'root': 'bet'}, (1/2,))]
    """
    if not tree.is_perfect_information:
        shared = next(s for s in tree.information_sets if len(s.nodes) > 1)
        raise GameError(
            f"unsupported: backward induction needs perfect information, and {shared.player} "
            f"cannot tell apart {', '.join(shared.nodes)}; use equilibria() or "
            "subgame_perfect() (two players) or strategic_form()"
        )
    checked = tree._check(values)
    floating = any(isinstance(v, float) for v in checked.values()) or any(
        _has_float(e) for _, n in tree._nodes if isinstance(n, Leaf) for e in n.payoffs
    ) or any(_has_float(p) for _, n in tree._nodes if isinstance(n, Chance)
             for p in n.probabilities.values())
    solutions = _backward(tree, tree.root, (), checked)
    order = [path for path, n in tree._nodes if isinstance(n, Decision)]
    result = []
    for choice, payoffs in solutions:
        outcomes = _outcomes(tree, choice, checked)
        path: list[str] = []
        node = tree.root
        while isinstance(node, Decision):
            action = choice[tuple(path)]
            path.append(action)
            node = node.moves[action]
        result.append(
            SubgamePerfectEquilibrium(
                {tree._names[p]: choice[p] for p in order},
                {tree._names[p]: tree._node(p).player for p in order},
                tuple(path),
                tuple(_output(v, floating) for v in payoffs),
                tree.players,
                tuple((h, _output(p, floating)) for h, p in outcomes),
            )
        )
    return result


def _outcomes(
    tree: GameTree, choice: Mapping[tuple[str, ...], str], values: Mapping[str, Value]
) -> list[tuple[tuple[str, ...], sp.Expr]]:
    """The terminal histories reached with positive probability, and their probabilities."""
    reached: list[tuple[tuple[str, ...], sp.Expr]] = []

    def visit(node: Node, path: Path, probability: sp.Expr) -> None:
        if isinstance(node, Leaf):
            reached.append((path, probability))
        elif isinstance(node, Decision):
            action = choice[path]
            visit(node.moves[action], (*path, action), probability)
        else:
            for action, p in tree._probabilities(node, values).items():
                if p != 0:
                    visit(node.moves[action], (*path, action), sp.expand(probability * p))

    visit(tree.root, (), sp.Integer(1))
    return reached


def _backward(
    tree: GameTree, node: Node, path: Path, values: Mapping[str, Value]
) -> list[_Solution]:
    """Every SPE of the subgame at ``node``: (action at each decision node, payoffs)."""
    if isinstance(node, Leaf):
        return [({}, tree._payoffs(node, values))]
    below = [_backward(tree, child, (*path, a), values) for a, child in node.moves.items()]
    result = []
    for combination in product(*below):
        merged: dict[tuple[str, ...], str] = {}
        for choice, _ in combination:
            merged.update(choice)
        outcomes = dict(zip(node.actions, (payoffs for _, payoffs in combination), strict=True))
        if isinstance(node, Chance):
            probabilities = tree._probabilities(node, values)
            expected = tuple(
                sp.expand(sum(probabilities[a] * outcomes[a][k] for a in node.actions))
                for k in range(len(tree.players))
            )
            result.append((merged, expected))
            continue
        mover = tree.players.index(node.player)
        for action in _best_actions(tree, outcomes, mover, path):
            result.append(({path: action, **merged}, outcomes[action]))
    return result


def _best_actions(
    tree: GameTree, outcomes: Mapping[str, tuple[sp.Expr, ...]], mover: int, path: Path
) -> list[str]:
    best: list[str] = []
    for action, payoffs in outcomes.items():
        if not best:
            best = [action]
            continue
        difference = sp.expand(payoffs[mover] - outcomes[best[0]][mover])
        signs = _possible_signs(difference)
        if len(signs) != 1:
            where = tree._names[path]
            raise MissingParameterError(
                f"{tree.players[mover]}'s choice at {where!r} between {best[0]!r} and "
                f"{action!r} depends on the sign of {difference}; give values for: "
                f"{', '.join(sorted(s.name for s in difference.free_symbols))}"
            )
        (sign,) = signs
        if sign > 0:
            best = [action]
        elif sign == 0:
            best.append(action)
    return best


def _output(value: sp.Expr, floating: bool) -> Number:
    """A payoff for display: a float when the inputs were floats and it is a number."""
    if value.free_symbols:
        return value
    return float(value) if floating or isinstance(value, sp.Float) else value
