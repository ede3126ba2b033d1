r"""Gambit's file formats: ``.nfg`` for games in normal form, ``.efg`` for game trees.

A game in normal form with :math:`n` players is written in Gambit's *strategic
form* format. Contingencies are listed with the **first player's strategy varying
fastest**: for two players :math:`(1,1), (2,1), \dots, (m,1), (1,2), \dots, (m,n)`.

* The *payoff version* lists every player's payoff for each contingency in that
  order.
* The *outcome version* lists named outcomes ``{ "name" a, b }`` and then, for each
  contingency, the (1-based) number of its outcome; outcome ``0`` is the null
  outcome, worth zero to everyone.

A two-player file becomes a :class:`~gametheory_cluster.games.StageGame` (every
equilibrium, exactly); any other number of players a
:class:`~gametheory_cluster.games.NormalFormGame`. Game trees — chance moves and
information sets included — are read and written by :func:`read_efg` and
:func:`to_efg` (:mod:`.gambit_efg`). Numbers are exact (:mod:`._gambit_text`); labels
are written in the ASCII form Gambit 16 reads, the originals kept in the comment.

Examples
--------
>>> from gametheory_cluster.games import StageGame
>>> from gametheory_cluster.io.gambit import read_nfg, to_nfg
>>> game = StageGame([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                  row_actions=("C", "D"), col_actions=("C", "D"))
>>> print(to_nfg(game, title="Prisoners' dilemma"))
NFG 1 R "Prisoners' dilemma" { "row" "column" }
{ { "C" "D" }
{ "C" "D" }
}
""
<BLANKLINE>
3 3 5 0 0 5 1 1
<BLANKLINE>
>>> read_nfg(to_nfg(game)).A == game.A
True
"""

from __future__ import annotations

import os
from itertools import product
from pathlib import Path
from typing import Any, Literal

import sympy as sp

from ..errors import GameError
from ..games import NormalFormGame, StageGame
from ..games._coerce import _validate_values
from ._gambit_text import _Labels, _number_text, _quote, _Reader, _source
from .files import write_atomic
from .gambit_efg import read_efg, to_efg, write_efg

__all__ = ["read_efg", "read_nfg", "to_efg", "to_nfg", "write_efg", "write_nfg"]


def _table(game: StageGame | NormalFormGame, values: dict[str, Any]
           ) -> tuple[list[tuple[int, ...]], dict[tuple[int, ...], tuple[sp.Expr, ...]], Any]:
    """Contingencies in Gambit's order, the payoffs at each, and the strategy labels."""
    if isinstance(game, StageGame):
        A, B = game.payoffs(**values)
        labels = (game.row_actions, game.col_actions)
        shape = game.shape
        payoff = {(i, j): (A[i, j], B[i, j]) for i in range(shape[0]) for j in range(shape[1])}
    elif isinstance(game, NormalFormGame):
        checked = _validate_values(values, game._symbols(), "this game")
        labels, shape = game.strategies, game.shape
        payoff = {p: game.payoff(p, **checked) for p in product(*(range(c) for c in shape))}
    else:
        raise GameError(f"to_nfg needs a StageGame or a NormalFormGame, got {type(game).__name__}")
    order = [tuple(reversed(p)) for p in product(*(range(c) for c in reversed(shape)))]
    return order, payoff, labels


def to_nfg(
    game: StageGame | NormalFormGame,
    version: Literal["payoff", "outcome"] = "payoff",
    title: str | None = None,
    **values: Any,
) -> str:
    """A game in normal form, at the given parameter values, as the text of a Gambit ``.nfg`` file.

    Parameters
    ----------
    game : StageGame or NormalFormGame
        The game to write.
    version : {"payoff", "outcome"}
        The payoff version (a list of numbers) or the outcome version (named
        outcomes, one per cell, and the outcome of each cell).
    title : str, optional
        The game's title (default: the players' names joined by ``vs``).
    **values
        Values of the parameters in the payoffs (all of them must be given).

    Notes
    -----
    Labels are written as Gambit reads them (:func:`._gambit_text.gambit_label`);
    any that had to change are kept in the comment, and :func:`read_nfg` restores them.

    Raises
    ------
    MissingParameterError
        A payoff still depends on a parameter.
    GameError
        An irrational exact payoff, or a bad ``version``.

    Examples
    --------
    >>> from gametheory_cluster.models.lending import LendingGame
    >>> print(to_nfg(LendingGame(), version="outcome", I=100, Y=150, R=110, w=0))
    NFG 1 R "bank vs SME" { "bank" "SME" }
    { { "Lend" "Refuse" }
    { "Repay" "Default" }
    }
    ""
    <BLANKLINE>
    {
    { "Lend, Repay" 10, 40 }
    { "Refuse, Repay" 0, 0 }
    { "Lend, Default" -100, 150 }
    { "Refuse, Default" 0, 0 }
    }
    1 2 3 4
    <BLANKLINE>
    >>> text = to_nfg(StageGame([[1]], [[2]], row_actions=["借"], col_actions=["a  b"]))
    >>> for line in text.splitlines()[1:5]:
    ...     print(line)
    { { "U+501F" }
    { "a b" }
    }
    "gametheory-cluster labels: s1.1=%E5%80%9F s2.1=a%20%20b"
    """
    if version not in ("payoff", "outcome"):
        raise GameError(f"unknown .nfg version {version!r}; choose 'payoff' or 'outcome'")
    order, payoff, labels = _table(game, values)
    cells = [
        (p, [_number_text(v, f"the payoff of {game.players[k]} at {p}")
             for k, v in enumerate(payoff[p])])
        for p in order
    ]
    safe = _Labels()
    title = " vs ".join(game.players) if title is None else str(title)
    head_title = _quote(safe("t", title))
    taken: set[str] = set()
    players = [safe(f"p{k + 1}", p, taken) for k, p in enumerate(game.players)]
    strategies = []
    for k, own in enumerate(labels):
        used: set[str] = set()
        strategies.append([safe(f"s{k + 1}.{j + 1}", a, used) for j, a in enumerate(own)])
    rows = [f"{{ {' '.join(_quote(a) for a in s)} }}" for s in strategies]
    lines = [
        f"NFG 1 R {head_title} {{ {' '.join(_quote(p) for p in players)} }}",
        f"{{ {rows[0]}", *rows[1:], "}", safe.comment(), "",
    ]
    if version == "payoff":
        lines.append(" ".join(" ".join(v) for _, v in cells))
    else:
        lines.append("{")
        lines += [
            f"{{ {_quote(', '.join(strategies[k][s] for k, s in enumerate(p)))} {', '.join(v)} }}"
            for p, v in cells
        ]
        lines += ["}", " ".join(str(k) for k in range(1, len(cells) + 1))]
    return "\n".join(lines) + "\n"


def write_nfg(
    game: StageGame | NormalFormGame,
    path: str | os.PathLike[str],
    version: Literal["payoff", "outcome"] = "payoff",
    title: str | None = None,
    **values: Any,
) -> Path:
    """Write :func:`to_nfg` to ``path`` atomically (a temporary file, then a rename).

    Returns the path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gametheory_cluster.models.lending import LendingGame
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_nfg(LendingGame(), folder / "lending.nfg", I=100, Y=150, R=110, w=0)
    >>> read_nfg(path).A
    Matrix([
    [10, -100],
    [ 0,    0]])
    """
    text = to_nfg(game, version=version, title=title, **values)
    target = Path(path)
    write_atomic(target, text)
    return target


def read_nfg(text_or_path: str | os.PathLike[str],
             floats: bool = False) -> StageGame | NormalFormGame:
    """A game in normal form from a Gambit ``.nfg`` file (payoff or outcome version).

    Two players give a :class:`StageGame`, any other number a :class:`NormalFormGame`.

    Parameters
    ----------
    text_or_path : str or path-like
        The file's text (a string starting with ``NFG``) or its path.
    floats : bool
        Read decimal numbers (``0.1``) as floats instead of exact decimals.

    Raises
    ------
    GameError
        A malformed file (the message names the line and token).
    OSError
        The file cannot be read.

    Examples
    --------
    >>> game = read_nfg('NFG 1 R "" { "1" "2" } { 2 1 } 1/3 0 -2 0.5')
    >>> game.A, game.B
    (Matrix([
    [1/3],
    [ -2]]), Matrix([
    [  0],
    [1/2]]))
    >>> read_nfg('NFG 1 R "" { "1" "2" } { 2 1 } 1/3 0 -2 x')
    Traceback (most recent call last):
    ...
    gametheory_cluster.errors.GameError: malformed .nfg file (line 1, at x): expected a number
    """
    reader = _Reader(_source(text_or_path, "nfg"), "nfg", floats)
    players = reader.header("1")
    labels = _strategies(reader, len(players))
    original = reader.comment()
    shape = tuple(len(s) for s in labels)
    order = [tuple(reversed(p)) for p in product(*(range(c) for c in reversed(shape)))]
    zero = (sp.Integer(0),) * len(players)
    table: dict[tuple[int, ...], tuple[Any, ...]] = {}
    if reader.peek_kind() == "{":
        outcomes = _outcomes(reader, len(players))
        for profile in order:
            k = reader.integer(f"an outcome number from 0 to {len(outcomes)}")
            if k > len(outcomes):
                raise reader.error(
                    f"outcome {k} is not defined ({len(outcomes)} outcomes)",
                    reader.tokens[reader.position - 1],
                )
            table[profile] = tuple(outcomes[k - 1]) if k else zero
    else:
        for profile in order:
            table[profile] = tuple(reader.number() for _ in players)
    reader.end()
    players = [original.get(f"p{k + 1}", p) for k, p in enumerate(players)]
    labels = [[original.get(f"s{k + 1}.{j + 1}", a) for j, a in enumerate(own)]
              for k, own in enumerate(labels)]
    if len(players) == 2:
        m, n = shape
        return StageGame(
            [[table[i, j][0] for j in range(n)] for i in range(m)],
            [[table[i, j][1] for j in range(n)] for i in range(m)],
            row_actions=_labels_or_default(labels[0], "r"),
            col_actions=_labels_or_default(labels[1], "c"),
            players=_labels_or_default(players, "player ") or ("row", "column"),
        )
    return NormalFormGame.from_profiles(
        table, [_labels_or_default(s, "s") or _defaults(len(s), "s") for s in labels],
        _labels_or_default(players, "Player ") or _defaults(len(players), "Player "),
    )


def _defaults(count: int, prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{k + 1}" for k in range(count))


def _strategies(reader: _Reader, players: int) -> list[list[str]]:
    """``{ m n ... }`` (counts) or ``{ { "a" ... } { "x" ... } ... }`` (labels)."""
    reader.expect("{", "'{' opening the strategies")
    if reader.peek_kind() == "{":
        labels = [reader.strings("strategy label") for _ in range(players)]
    else:
        labels = [[""] * reader.integer("a number of strategies", 1) for _ in range(players)]
    reader.expect("}", f"'}}' closing the strategies of {players} players")
    for own in labels:
        if not own:
            raise reader.error("a player without strategies")
    return labels


def _outcomes(reader: _Reader, players: int) -> list[list[sp.Expr | float]]:
    reader.expect("{", "'{' opening the outcomes")
    outcomes = []
    while reader.peek_kind() == "{":
        reader.position += 1
        reader.string("outcome name")
        outcomes.append(reader.payoffs_to_brace(players))
    reader.expect("}", "'}' closing the outcomes")
    return outcomes


def _labels_or_default(labels: list[str], prefix: str) -> tuple[str, ...] | None:
    """The labels (an empty one named by its number), or None when all are empty."""
    if all(not label for label in labels):
        return None
    return tuple(label or f"{prefix}{k + 1}" for k, label in enumerate(labels))
