r"""Gambit's file formats: ``.nfg`` for stage games, ``.efg`` for game trees.

A two-player game in normal form with payoff matrices :math:`A, B` (row player
:math:`1` with :math:`m` actions, column player :math:`2` with :math:`n`) is written
in Gambit's *strategic form* format. Contingencies :math:`(i, j)` are listed with
the **first player's action varying fastest**: :math:`(1,1), (2,1), \dots, (m,1),
(1,2), \dots, (m,n)`.

* The *payoff version* lists :math:`A_{ij}\ B_{ij}` for each contingency in that
  order.
* The *outcome version* lists named outcomes ``{ "name" a, b }`` and then, for each
  contingency, the (1-based) number of its outcome; outcome ``0`` is the null
  outcome, worth zero to everyone.

A finite game with perfect information is written in the *extensive form* format:
its nodes in depth-first order, a decision node as
``p "node" player infoset "" { "action" ... } outcome`` (every decision node has an
information set of its own) and a leaf as ``t "" outcome "name" { payoffs }``. A
player's payoff at a leaf is the sum of the outcomes met on the way to it.

Numbers are exact: an integer ``7``, a fraction ``-2/3`` or a decimal ``0.25`` /
``1e-3`` (read as the exact decimal value, as Gambit does, unless ``floats=True``).
Exact payoffs are written as integers and fractions; float payoffs as their
shortest decimal form. Files are read by a small tokenizer — never ``eval`` — and
a malformed file raises :class:`~gametheory_cluster.errors.GameError` naming the
line and the token.

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
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import sympy as sp

from ..errors import GameError, MissingParameterError
from ..games import Decision, GameTree, Leaf, StageGame, _validate_values
from ..reproduce import write_atomic

__all__ = ["read_efg", "read_nfg", "to_efg", "to_nfg", "write_efg", "write_nfg"]

#: Longest number token accepted, in characters.
MAX_NUMBER_LENGTH = 400
#: Deepest game tree read from an ``.efg`` file, in moves.
MAX_DEPTH = 200
#: Largest decimal exponent accepted in a number such as ``1e-300``.
MAX_EXPONENT = 400

_NUMBER = re.compile(
    r"(?P<sign>-?)(?:(?P<num>\d+)/(?P<den>\d+)"
    r"|(?P<int>\d*)(?:\.(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d+))?)"
)


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    kind: Literal["{", "}", ",", "string", "word"]
    text: str
    line: int

    def __str__(self) -> str:
        return f'"{self.text}"' if self.kind == "string" else self.text


def _tokenize(text: str) -> Iterator[_Token]:
    """Braces, commas, quoted strings (``\\"`` escapes a quote) and bare words."""
    line, k, size = 1, 0, len(text)
    while k < size:
        char = text[k]
        if char == "\n":
            line += 1
            k += 1
        elif char.isspace():
            k += 1
        elif char in "{},":
            yield _Token(char, char, line)  # type: ignore[arg-type]
            k += 1
        elif char == '"':
            start_line, k, parts = line, k + 1, []
            while k < size and text[k] != '"':
                if text[k] == "\\" and k + 1 < size:
                    k += 1
                line += text[k] == "\n"
                parts.append(text[k])
                k += 1
            if k >= size:
                raise GameError(f"line {start_line}: a string is opened but never closed")
            yield _Token("string", "".join(parts), start_line)
            k += 1
        else:
            start = k
            while k < size and not text[k].isspace() and text[k] not in '{},"':
                k += 1
            yield _Token("word", text[start:k], line)


class _Reader:
    """A cursor over the tokens of one file, with errors that say where."""

    def __init__(self, text: str, kind: str) -> None:
        if not isinstance(text, str):
            raise GameError(f"a .{kind} file must be text, got {type(text).__name__}")
        self.tokens = list(_tokenize(text))
        self.position = 0
        self.kind = kind
        self.floats = False

    def error(self, message: str, token: _Token | None = None) -> GameError:
        token = token or self.peek()
        where = f"line {token.line}, at {token}" if token else "at the end of the file"
        return GameError(f"malformed .{self.kind} file ({where}): {message}")

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def next(self, expected: str) -> _Token:
        token = self.peek()
        if token is None:
            raise self.error(f"expected {expected}")
        self.position += 1
        return token

    def expect(self, kind: str, expected: str) -> _Token:
        token = self.next(expected)
        if token.kind != kind:
            raise self.error(f"expected {expected}", token)
        return token

    def word(self, *allowed: str) -> str:
        token = self.expect("word", " or ".join(allowed))
        if token.text not in allowed:
            raise self.error(f"expected {' or '.join(allowed)}", token)
        return token.text

    def string(self, expected: str) -> str:
        return self.expect("string", f"{expected} (a quoted string)").text

    def strings(self, expected: str) -> list[str]:
        self.expect("{", f"'{{' opening the {expected}")
        items = []
        while (token := self.peek()) is not None and token.kind == "string":
            items.append(self.string(expected))
        self.expect("}", f"a quoted {expected} or '}}'")
        return items

    def integer(self, expected: str, low: int = 0) -> int:
        token = self.expect("word", expected)
        if not token.text.isdigit() or int(token.text) < low:
            raise self.error(f"expected {expected}", token)
        return int(token.text)

    def number(self) -> sp.Expr | float:
        token = self.expect("word", "a number")
        value = _parse_number(token.text)
        if value is None:
            raise self.error("expected a number", token)
        if self.floats and not re.fullmatch(r"-?\d+(/\d+)?", token.text):
            return float(value)
        return sp.Rational(value.numerator, value.denominator)

    def payoff_list(self, players: int) -> list[sp.Expr | float]:
        """``{ a, b, ... }`` with one number per player (commas optional)."""
        self.expect("{", "'{' opening a list of payoffs")
        return self.payoffs_to_brace(players)

    def payoffs_to_brace(self, players: int) -> list[sp.Expr | float]:
        """One number per player (commas optional), then the closing ``}``."""
        values = []
        while (token := self.peek()) is not None and token.kind != "}":
            if token.kind == ",":
                self.position += 1
                continue
            values.append(self.number())
        self.expect("}", "'}' closing a list of payoffs")
        if len(values) != players:
            raise self.error(f"{len(values)} payoffs for {players} players")
        return values

    def end(self) -> None:
        if self.peek() is not None:
            raise self.error("unexpected text after the end of the game")


def _parse_number(text: str) -> Fraction | None:
    """The exact value of a Gambit number token, or None when it is not one."""
    match = _NUMBER.fullmatch(text)
    if len(text) > MAX_NUMBER_LENGTH or match is None:
        return None
    sign = -1 if match["sign"] else 1
    if match["num"] is not None:
        if int(match["den"]) == 0:
            return None
        return sign * Fraction(int(match["num"]), int(match["den"]))
    digits, decimals = match["int"] or "", match["frac"] or ""
    if not digits and not decimals:
        return None
    exponent = int(match["exp"] or 0) - len(decimals)
    if abs(exponent) > MAX_EXPONENT:
        return None
    mantissa = int(digits + decimals)
    if exponent >= 0:
        return sign * Fraction(mantissa * 10**exponent)
    return sign * Fraction(mantissa, 10**-exponent)


def _source(text_or_path: str | os.PathLike[str], kind: str) -> str:
    """The text itself, or the contents of the file it names."""
    if isinstance(text_or_path, str) and text_or_path.lstrip().startswith(kind.upper()):
        return text_or_path
    if isinstance(text_or_path, (str, os.PathLike)):
        return Path(text_or_path).read_text(encoding="utf-8")
    raise GameError(
        f"expected the text of a .{kind} file or a path to one, got {type(text_or_path).__name__}"
    )


# --------------------------------------------------------------------------- writing numbers


def _quote(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number_text(value: sp.Expr, where: str) -> str:
    """An exact payoff as ``p`` or ``p/q``; a float as its shortest decimal form."""
    if isinstance(value, sp.Rational):
        return str(value.p) if value.q == 1 else f"{value.p}/{value.q}"
    if isinstance(value, sp.Float):
        return repr(float(value)).replace("e+", "e")
    if value.free_symbols:
        names = ", ".join(sorted(s.name for s in value.free_symbols))
        raise MissingParameterError(f"{where} = {value} needs values for: {names}")
    raise GameError(
        f"{where} = {value} is not rational; Gambit files hold rational numbers "
        "(pass float values for a decimal approximation)"
    )


# --------------------------------------------------------------------------- .nfg


def to_nfg(
    game: StageGame,
    version: Literal["payoff", "outcome"] = "payoff",
    title: str | None = None,
    **values: Any,
) -> str:
    """A stage game, at the given parameter values, as the text of a Gambit ``.nfg`` file.

    Parameters
    ----------
    game : StageGame
    version : {"payoff", "outcome"}
        The payoff version (a list of numbers) or the outcome version (named
        outcomes, one per cell, and the outcome of each cell).
    title : str, optional
        The game's title (default: ``"<row player> vs <column player>"``).
    **values
        Values of the parameters in the payoffs (all of them must be given).

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
    """
    if not isinstance(game, StageGame):
        raise GameError(f"to_nfg needs a StageGame, got {type(game).__name__}")
    if version not in ("payoff", "outcome"):
        raise GameError(f"unknown .nfg version {version!r}; choose 'payoff' or 'outcome'")
    A, B = game.payoffs(**values)
    m, n = game.shape
    cells = [
        (i, j, _number_text(A[i, j], f"A[{i}, {j}]"), _number_text(B[i, j], f"B[{i}, {j}]"))
        for j in range(n)
        for i in range(m)
    ]
    title = f"{game.players[0]} vs {game.players[1]}" if title is None else str(title)
    lines = [
        f"NFG 1 R {_quote(title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        f"{{ {{ {' '.join(_quote(a) for a in game.row_actions)} }}",
        f"{{ {' '.join(_quote(a) for a in game.col_actions)} }}",
        "}",
        '""',
        "",
    ]
    if version == "payoff":
        lines.append(" ".join(f"{a} {b}" for _, _, a, b in cells))
    else:
        lines.append("{")
        lines += [
            f"{{ {_quote(f'{game.row_actions[i]}, {game.col_actions[j]}')} {a}, {b} }}"
            for i, j, a, b in cells
        ]
        lines += ["}", " ".join(str(k) for k in range(1, len(cells) + 1))]
    return "\n".join(lines) + "\n"


def write_nfg(
    game: StageGame,
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


def read_nfg(text_or_path: str | os.PathLike[str], floats: bool = False) -> StageGame:
    """A two-player stage game from a Gambit ``.nfg`` file (payoff or outcome version).

    Parameters
    ----------
    text_or_path : str or path-like
        The file's text (a string starting with ``NFG``) or its path.
    floats : bool
        Read decimal numbers (``0.1``) as floats instead of exact decimals.

    Raises
    ------
    GameError
        A malformed file (the message names the line and token), or a game that is
        not a two-player game.
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
    reader = _Reader(_source(text_or_path, "nfg"), "nfg")
    reader.floats = bool(floats)
    reader.word("NFG")
    reader.word("1")
    reader.word("R", "D")
    reader.string("title")
    players = reader.strings("player name")
    if len(players) != 2:
        raise reader.error(f"a stage game has 2 players, this file has {len(players)}")
    labels = _strategies(reader)
    if (token := reader.peek()) is not None and token.kind == "string":
        reader.position += 1  # the comment
    m, n = (len(s) for s in labels)
    contingencies = [(i, j) for j in range(n) for i in range(m)]
    A = [[sp.Integer(0)] * n for _ in range(m)]
    B = [[sp.Integer(0)] * n for _ in range(m)]
    if (token := reader.peek()) is not None and token.kind == "{":
        outcomes = _outcomes(reader)
        for i, j in contingencies:
            k = reader.integer(f"an outcome number from 0 to {len(outcomes)}")
            if k > len(outcomes):
                raise reader.error(
                    f"outcome {k} is not defined ({len(outcomes)} outcomes)",
                    reader.tokens[reader.position - 1],
                )
            if k:
                A[i][j], B[i][j] = outcomes[k - 1]
    else:
        for i, j in contingencies:
            A[i][j], B[i][j] = reader.number(), reader.number()
    reader.end()
    return StageGame(
        A,
        B,
        row_actions=_labels_or_default(labels[0]),
        col_actions=_labels_or_default(labels[1]),
        players=_labels_or_default(players) or ("row", "column"),
    )


def _strategies(reader: _Reader) -> list[list[str]]:
    """``{ m n }`` (counts) or ``{ { "a" ... } { "x" ... } }`` (labels)."""
    reader.expect("{", "'{' opening the strategies")
    token = reader.peek()
    if token is not None and token.kind == "{":
        labels = [reader.strings("strategy label"), reader.strings("strategy label")]
    else:
        counts = [reader.integer("a number of strategies", 1) for _ in range(2)]
        labels = [[""] * c for c in counts]
    reader.expect("}", "'}' closing the strategies of 2 players")
    for own in labels:
        if not own:
            raise reader.error("a player without strategies")
    return labels


def _outcomes(reader: _Reader) -> list[list[sp.Expr | float]]:
    reader.expect("{", "'{' opening the outcomes")
    outcomes = []
    while (token := reader.peek()) is not None and token.kind == "{":
        reader.position += 1
        reader.string("outcome name")
        outcomes.append(reader.payoffs_to_brace(2))
    reader.expect("}", "'}' closing the outcomes")
    return outcomes


def _labels_or_default(labels: Sequence[str]) -> tuple[str, ...] | None:
    """The labels, or None (default labels) when the file leaves them all empty."""
    return None if all(not label for label in labels) else tuple(labels)


# --------------------------------------------------------------------------- .efg


def to_efg(tree: GameTree, title: str | None = None, **values: Any) -> str:
    """A game tree with perfect information, at the given values, as a Gambit ``.efg`` text.

    Every decision node gets an information set of its own and keeps its name;
    every leaf gets an outcome named after the history that leads to it.

    Raises
    ------
    MissingParameterError
        A payoff still depends on a parameter.
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
    checked = _validate_values(values, tree._symbols(), "this game tree")
    infosets = dict.fromkeys(tree.players, 0)
    outcomes = 0
    lines = []

    def visit(node: Decision | Leaf, path: tuple[str, ...]) -> None:
        nonlocal outcomes
        if isinstance(node, Leaf):
            outcomes += 1
            payoffs = ", ".join(
                _number_text(v, f"the payoff of {p} after {', '.join(path) or 'the root'}")
                for p, v in zip(tree.players, tree._payoffs(node, checked), strict=True)
            )
            name = _quote(", ".join(path) or "root")
            lines.append(f't "" {outcomes} {name} {{ {payoffs} }}')
            return
        infosets[node.player] += 1
        player = tree.players.index(node.player) + 1
        actions = " ".join(_quote(a) for a in node.actions)
        lines.append(
            f'p {_quote(tree._names[path])} {player} {infosets[node.player]} "" {{ {actions} }} 0'
        )
        for action, child in node.moves.items():
            visit(child, (*path, action))

    visit(tree.root, ())
    title = " vs ".join(tree.players) if title is None else str(title)
    head = f"EFG 2 R {_quote(title)} {{ {' '.join(_quote(p) for p in tree.players)} }}"
    return "\n".join([head, '""', "", *lines]) + "\n"


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


def read_efg(text_or_path: str | os.PathLike[str], floats: bool = False) -> GameTree:
    """A game tree with perfect information from a Gambit ``.efg`` file.

    Outcomes met on the way to a leaf add up. Node labels become node names.

    Raises
    ------
    GameError
        A malformed file (the message names the line and token), chance moves, or
        an information set with more than one node (imperfect information).
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
    """
    reader = _Reader(_source(text_or_path, "efg"), "efg")
    reader.floats = bool(floats)
    reader.word("EFG")
    reader.word("2")
    reader.word("R", "D")
    reader.string("title")
    players = reader.strings("player name")
    if not players:
        raise reader.error("a game needs at least one player")
    if (token := reader.peek()) is not None and token.kind == "string":
        reader.position += 1  # the comment
    outcomes: dict[int, list[sp.Expr | float]] = {}
    seen: set[tuple[int, int]] = set()
    zero = [sp.Integer(0)] * len(players)

    def outcome(number_token: _Token) -> list[sp.Expr | float]:
        k = int(number_token.text)
        if (token := reader.peek()) is not None and token.kind == "string":
            reader.position += 1  # the outcome's name; a repeated definition replaces the first
            outcomes[k] = reader.payoff_list(len(players))
        if k == 0:
            return zero
        if k not in outcomes:
            raise reader.error(f"outcome {k} is used before it is defined", number_token)
        return outcomes[k]

    def node(above: list[sp.Expr | float], depth: int) -> Decision | Leaf:
        if depth > MAX_DEPTH:
            raise reader.error(f"the tree is more than {MAX_DEPTH} moves deep")
        kind = reader.word("p", "t", "c")
        if kind == "c":
            raise reader.error(
                "chance nodes are not supported (a GameTree has no moves by nature)",
                reader.tokens[reader.position - 1],
            )
        label = reader.string("node label")
        if kind == "t":
            token = reader.expect("word", "an outcome number")
            if not token.text.isdigit():
                raise reader.error("expected an outcome number", token)
            return Leaf([a + b for a, b in zip(above, outcome(token), strict=True)])
        player_token = reader.peek()
        player = reader.integer(f"a player number from 1 to {len(players)}", 1)
        if player > len(players):
            raise reader.error(f"there is no player {player}", player_token)
        infoset_token = reader.peek()
        infoset = reader.integer("an information set number", 1)
        if (player, infoset) in seen:
            raise reader.error(
                f"information set {infoset} of player {player} has more than one node; "
                "only games with perfect information are supported",
                infoset_token,
            )
        seen.add((player, infoset))
        reader.string("information set label")
        actions = reader.strings("action label")
        if not actions:
            raise reader.error("a decision node without actions")
        token = reader.expect("word", "an outcome number")
        if not token.text.isdigit():
            raise reader.error("expected an outcome number", token)
        here = [a + b for a, b in zip(above, outcome(token), strict=True)]
        children = {}
        for action in actions:
            if action in children:
                raise reader.error(f"action {action!r} appears twice at one node")
            children[action] = node(here, depth + 1)
        return Decision(players[player - 1], children, name=label or None)

    root = node(zero, 0)
    reader.end()
    return GameTree(root, players=players)
