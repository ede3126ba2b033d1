r"""The text layer of Gambit's file formats: tokens, exact numbers, and labels Gambit reads.

A file is read by a small tokenizer — never ``eval`` — into braces, commas, quoted
strings (``\"`` escapes a quote) and bare words; a malformed file raises
:class:`~gametheory_cluster.errors.GameError` naming the line and the token. Numbers
are exact: an integer ``7``, a fraction ``-2/3`` or a decimal ``0.25`` / ``1e-3``
(read as the exact decimal value, as Gambit does, unless floats are asked for).

Gambit 16 reads a label only if it is printable ASCII without a leading, trailing or
doubled space (and its tokenizer mishandles backslashes). Labels are written in that
form — ``→`` as ``->``, accents dropped, other characters as ``U+XXXX`` — made unique
where they must be, and every label so changed is kept, percent-encoded, on one line
of the file's comment (``gametheory-cluster labels: p1=... a3.1=...``), from which
:func:`~gametheory_cluster.io.gambit.read_nfg` and
:func:`~gametheory_cluster.io.gambit.read_efg` restore the originals.

See docs/howto/export_gambit.md.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Literal
from urllib.parse import quote, unquote

import sympy as sp

from ..errors import GameError, MissingParameterError

#: Longest number token accepted, in characters.
MAX_NUMBER_LENGTH = 400
#: Largest decimal exponent accepted in a number such as ``1e-300``.
MAX_EXPONENT = 400
#: The comment line that keeps the original labels of a written file.
LABELS_LINE = "gametheory-cluster labels:"

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

    def __init__(self, text: str, kind: str, floats: bool = False) -> None:
        if not isinstance(text, str):
            raise GameError(f"a .{kind} file must be text, got {type(text).__name__}")
        self.tokens = list(_tokenize(text))
        self.position = 0
        self.kind = kind
        self.floats = bool(floats)

    def error(self, message: str, token: _Token | None = None) -> GameError:
        token = token or self.peek()
        where = f"line {token.line}, at {token}" if token else "at the end of the file"
        return GameError(f"malformed .{self.kind} file ({where}): {message}")

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def peek_kind(self) -> str | None:
        token = self.peek()
        return None if token is None else token.kind

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

    def version(self, expected: str) -> None:
        """The format version: ``expected``, or ``unsupported: …`` for another number."""
        token = self.expect("word", f"the format version {expected}")
        if token.text != expected:
            if token.text.isdigit():
                raise GameError(
                    f"unsupported: .{self.kind} format version {token.text}; version "
                    f"{expected} (the one Gambit writes) is read"
                )
            raise self.error(f"expected the format version {expected}", token)

    def string(self, expected: str) -> str:
        return self.expect("string", f"{expected} (a quoted string)").text

    def strings(self, expected: str) -> list[str]:
        self.expect("{", f"'{{' opening the {expected}")
        items = []
        while self.peek_kind() == "string":
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

    def header(self, version: str) -> list[str]:
        """The start of a file, ``NFG 1 R "title" { "player" ... }`` (``EFG 2`` …): the players."""
        self.word(self.kind.upper())
        self.version(version)
        self.word("R", "D")
        self.string("title")
        players = self.strings("player name")
        if not players:
            raise self.error("a game needs at least one player")
        return players

    def comment(self) -> dict[str, str]:
        """The optional comment; returns the original labels kept in it (if any)."""
        if self.peek_kind() != "string":
            return {}
        return _read_mapping(self.string("comment"))

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


# --------------------------------------------------------------------------- writing


def _quote(label: str) -> str:
    """A label already made Gambit-safe (:class:`_Labels`), as a quoted string."""
    return '"' + label.replace('"', '\\"') + '"'


def _number_text(value: sp.Expr, where: str) -> str:
    """An exact number as ``p`` or ``p/q``; a float as its shortest decimal form."""
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


_TRANSLITERATION = {
    "→": "->", "←": "<-", "⇒": "=>", "×": "x", "–": "-", "—": "-", "−": "-", "·": ".",
    "≥": ">=", "≤": "<=", "≠": "!=", "\\": "/", "μ": "mu", "δ": "delta", "λ": "lambda",
}


def gambit_label(text: str) -> str:
    """``text`` as a label Gambit reads: printable ASCII, single inner spaces, no backslash.

    Examples
    --------
    >>> gambit_label("B → F"), gambit_label(" a  b "), gambit_label("借"), gambit_label("café")
    ('B -> F', 'a b', 'U+501F', 'cafe')
    """
    out = []
    for char in text:
        char = _TRANSLITERATION.get(char, char)
        if len(char) == 1 and not (" " <= char <= "~"):
            if char.isspace():
                char = " "
            else:
                plain = "".join(c for c in unicodedata.normalize("NFKD", char)
                                if " " <= c <= "~")
                char = plain or f"U+{ord(char):04X}"
        out.append(char)
    return re.sub(" +", " ", "".join(out)).strip()


class _Labels:
    """Gambit-safe labels for one file, remembering each original that had to change."""

    def __init__(self) -> None:
        self.changed: dict[str, str] = {}

    def __call__(self, key: str, label: str, taken: set[str] | None = None) -> str:
        """The safe form of ``label`` (unique within ``taken``, which it joins)."""
        safe = gambit_label(label) or ("_" if label else "")
        if taken is not None:
            base, k = safe, 2
            while safe in taken:
                safe, k = f"{base}~{k}", k + 1
            taken.add(safe)
        if safe != label:
            self.changed[key] = label
        return safe

    def comment(self) -> str:
        """The comment of the file: the line of changed labels, or nothing."""
        if not self.changed:
            return '""'
        pairs = " ".join(f"{k}={quote(v, safe='')}" for k, v in self.changed.items())
        return _quote(f"{LABELS_LINE} {pairs}")


def _read_mapping(comment: str) -> dict[str, str]:
    for line in comment.splitlines():
        if line.startswith(LABELS_LINE):
            pairs = (item.split("=", 1) for item in line[len(LABELS_LINE):].split())
            return {k: unquote(v) for k, v in pairs}
    return {}
