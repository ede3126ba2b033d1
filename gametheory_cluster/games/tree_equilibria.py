r"""All Nash equilibria of two-player trees, and subgame-perfect ones subgame by subgame.

*Nash equilibria.* The reduced strategic form of a two-player tree is a bimatrix
game; the stage-game engine finds all its extreme equilibria, maximal Nash subsets
and components exactly (degenerate games included), and Kuhn's map turns each
extreme equilibrium into behaviour strategies (equal profiles are listed once).
This is what pygambit's ``enummixed_solve`` does on a tree.

*Subgame perfection.* A node starts a proper subgame when no information set
crosses its boundary. Working bottom-up (Selten 1965), each lowest subgame is
solved, replaced by a leaf with the equilibrium payoffs, and the game above it is
solved again, once per equilibrium chosen below. The result lists every
subgame-perfect equilibrium whose restriction to each subgame is an *extreme*
equilibrium of that subgame (in a degenerate subgame the convex combinations within
a component are subgame perfect too). Games of perfect information go to backward
induction instead, which handles any number of players.

See docs/explanation/extensive_forms.md.
"""

from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING, Any

from ..errors import GameError
from ._coerce import _missing
from .behaviour import BehaviourEquilibrium, TreeEquilibria, behaviour_from_mixed
from .strategic import strategic_form
from .trees import Chance, Decision, GameTree, Leaf

if TYPE_CHECKING:
    from .trees import Path

__all__ = ["MAX_SUBGAME_PROFILES", "nash_equilibria", "subgame_perfect"]

#: Most subgame-perfect profiles assembled before the search is refused.
MAX_SUBGAME_PROFILES = 10_000


def _two_players(tree: GameTree, what: str) -> None:
    if len(tree.players) != 2:
        raise GameError(
            f"unsupported: {what} are computed for two-player trees, this one has "
            f"{len(tree.players)} players; tree.strategic_form().to_normal_form()"
            ".pure_equilibria() lists its pure equilibria"
        )


def nash_equilibria(tree: GameTree, **values: Any) -> TreeEquilibria:
    """Every Nash equilibrium of a two-player tree: the extreme ones in behaviour strategies.

    Raises
    ------
    GameError
        ``unsupported: …`` for a tree with other than two players.
    MissingParameterError
        Payoffs that still depend on parameters.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.games import Chance, Decision, GameTree
    >>> half = Fraction(1, 2)
    >>> bet = lambda card: Decision("1", {"Raise": Decision("2", {"Meet": (2 * card, -2 * card),
    ...     "Pass": (1, -1)}, infoset="raised"), "Fold": (card, -card)}, infoset=f"card {card}")
    >>> poker = GameTree(Chance({"Red": (half, bet(1)), "Black": (half, bet(-1))}))
    >>> print(poker.equilibria())
    1 equilibria in behaviour strategies
      1 at card 1: Raise; 2 at raised: 2/3·Meet + 1/3·Pass;
      1 at card -1: 1/3·Raise + 2/3·Fold — payoffs (1/3, -1/3)
    """
    _two_players(tree, "all Nash equilibria")
    form = strategic_form(tree, **values)
    game = form.to_stage_game()
    if game.parameters:
        raise _missing([*game.A, *game.B], "the equilibria of a game tree")
    strategic = game.equilibria()
    if not tree.has_perfect_recall:
        return TreeEquilibria([], strategic, form, note=tree.recall_problem or "")
    found: list[BehaviourEquilibrium] = []
    for eq in strategic:
        behaviour = behaviour_from_mixed(tree, form, (eq.row, eq.col))
        candidate = BehaviourEquilibrium(behaviour, eq.value, tree.players, (eq.row, eq.col))
        if candidate not in found:
            found.append(candidate)
    return TreeEquilibria(found, strategic, form)


def subgame_perfect(tree: GameTree, **values: Any) -> list[BehaviourEquilibrium]:
    """Subgame-perfect equilibria, solving proper subgames from the bottom up.

    Perfect information: every one, by backward induction (any number of players).
    Otherwise (two players): every one whose restriction to each subgame is an
    extreme equilibrium of it.

    Raises
    ------
    GameError
        ``unsupported: …`` for more than two players with information sets, or when
        more than :data:`MAX_SUBGAME_PROFILES` profiles would be assembled.

    Examples
    --------
    >>> from gametheory_cluster.games import Decision, GameTree
    >>> inner = lambda a: Decision("B", {"l": (a, 1), "r": (0, 0)}, infoset="B")
    >>> tree = GameTree(Decision("A", {"Out": (1, 3), "In": Decision("A", {"U": inner(3),
    ...                 "D": Decision("B", {"l": (0, 0), "r": (1, 2)}, infoset="B")})}))
    >>> for eq in tree.subgame_perfect():
    ...     print(eq)
    A at root: In; A at In: U; B at B: l — payoffs (3, 1)
    A at root: Out; A at In: 2/3·U + 1/3·D; B at B: 1/4·l + 3/4·r — payoffs (1, 3)
    A at root: Out; A at In: D; B at B: r — payoffs (1, 3)
    A at root: In; A at In: D; B at B: r — payoffs (1, 2)
    """
    if tree.is_perfect_information:
        return [_pure(tree, spe) for spe in tree.solve(**values)]
    _two_players(tree, "subgame-perfect equilibria of trees with information sets")
    checked = tree._check(values)
    names = {name: path for path, name in tree._names.items()}
    roots = [names[n] for n in tree.subgame_roots()]
    return _solve_at(tree, (), roots, checked)


def _pure(tree: GameTree, spe: Any) -> BehaviourEquilibrium:
    behaviour = {}
    for path, key in tree._infoset_of.items():
        action = spe.strategy[tree._names[path]]
        behaviour[key] = {a: int(a == action) for a in tree._node(path).actions}
    return BehaviourEquilibrium(behaviour, spe.payoffs, tree.players)


def _solve_at(tree: GameTree, start: Path, roots: list[Path], values: Any
              ) -> list[BehaviourEquilibrium]:
    below = [r for r in roots if len(r) > len(start) and r[: len(start)] == start]
    nearest = [r for r in below
               if not any(len(o) < len(r) and r[: len(o)] == o for o in below)]
    options = [_solve_at(tree, r, roots, values) for r in nearest]
    count = 1
    for o in options:
        count *= len(o)
    if count > MAX_SUBGAME_PROFILES:
        raise GameError(f"unsupported: more than {MAX_SUBGAME_PROFILES} subgame-perfect "
                        "profiles to assemble")
    found: list[BehaviourEquilibrium] = []
    for combination in product(*options):
        replaced = {r: eq.payoffs for r, eq in zip(nearest, combination, strict=True)}
        truncated = GameTree(_copy(tree, start, start, replaced, values), players=tree.players)
        for eq in nash_equilibria(truncated):
            behaviour = dict(eq.behaviour)
            for sub in combination:
                behaviour.update(sub.behaviour)
            order = {k: behaviour[k] for k in tree._members if k in behaviour}
            candidate = BehaviourEquilibrium(order, eq.payoffs, tree.players)
            if candidate not in found:
                found.append(candidate)
    return found


def _copy(tree: GameTree, path: Path, start: Path, replaced: dict, values: Any) -> Any:
    """The subtree at ``path`` with payoffs evaluated and lower subgames replaced by leaves."""
    if path != start and path in replaced:
        return Leaf(replaced[path])
    node = tree._node(path)
    if isinstance(node, Leaf):
        return Leaf(tree._payoffs(node, values))
    children = {a: _copy(tree, (*path, a), start, replaced, values) for a in node.moves}
    if isinstance(node, Chance):
        probabilities = tree._probabilities(node, values)
        return Chance({a: (probabilities[a], c) for a, c in children.items()},
                      name=tree._names[path])
    assert isinstance(node, Decision)
    return Decision(node.player, children, name=tree._names[path],
                    infoset=tree._infoset_of[path][1])

