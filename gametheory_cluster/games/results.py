r"""The answers of a stage game: extreme equilibria, maximal Nash subsets, components.

An :class:`Equilibrium` is one extreme equilibrium :math:`(x, y)` with its
best-response certificate: the payoff :math:`(Ay)_i` of each of the row player's
pure actions against :math:`y` and the payoff :math:`(B^\top x)_j` of each of the
column player's against :math:`x`. The pair is a Nash equilibrium exactly when no
action earns more than the equilibrium payoff and every action in the support earns
that payoff (:meth:`Equilibrium.is_nash`; for a symbolic certificate, for every
parameter value in the domains).

A :class:`NashSubset` :math:`\operatorname{conv} X \times \operatorname{conv} Y` is a
maximal product of convex hulls of extreme strategies every pair of which is an
equilibrium; a :class:`Component` is a connected component of the equilibrium set,
the union of its maximal Nash subsets (Avis, Rosenberg, Savani & von Stengel 2010,
*Economic Theory* 42:9–37); an :class:`EquilibriumSet` holds all of them for one
game. Each prints as text and LaTeX and converts to plain data (``to_dict``).

See docs/explanation/stage_games.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any

import sympy as sp

from .. import notation
from ..algebra import floats, plain
from ..algebra.signs import possible_signs as _possible_signs
from ._coerce import Number, _missing, _simplify, _tex, _text

__all__ = ["Component", "Equilibrium", "EquilibriumSet", "NashSubset"]


# Default tolerance of Equilibrium.is_nash for float results.
_FLOAT_TOL = 1e-9


def _strategy_text(probs: Sequence[Number], labels: Sequence[str]) -> str:
    terms = [(p, a) for p, a in zip(probs, labels, strict=True) if not _is_zero(p)]
    if len(terms) == 1 and _is_one(terms[0][0]):
        return terms[0][1]
    return " + ".join(f"{_wrapped(_text(p), p)}·{a}" for p, a in terms)


def _strategy_tex(probs: Sequence[Number], labels: Sequence[str]) -> str:
    terms = [(p, a) for p, a in zip(probs, labels, strict=True) if not _is_zero(p)]
    if len(terms) == 1 and _is_one(terms[0][0]):
        return rf"\text{{{terms[0][1]}}}"
    return " + ".join(rf"{_wrapped(_tex(p), p, tex=True)}\,\text{{{a}}}" for p, a in terms)


def _wrapped(text: str, value: Number, tex: bool = False) -> str:
    if isinstance(value, sp.Add):
        return rf"\left({text}\right)" if tex else f"({text})"
    return text


def _is_zero(value: Number) -> bool:
    return value == 0


def _is_one(value: Number) -> bool:
    return value == 1


class Equilibrium:
    """One extreme Nash equilibrium with its best-response certificate.

    Immutable and hashable; compared by value.

    Attributes
    ----------
    row, col : tuple
        The mixed strategies (probabilities of each action).
    row_payoffs : tuple
        The row player's payoff from each of its pure actions against ``col``.
    col_payoffs : tuple
        The column player's payoff from each of its pure actions against ``row``.
    value : tuple
        The two players' expected payoffs.
    row_actions, col_actions, players : tuple of str
        The labels, for display.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> eq = StageGame([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).equilibria().extreme_points[0]
    >>> eq.row, eq.col_payoffs, eq.value
    ((1/2, 1/2), (0, 0), (0, 0))
    >>> eq.slack(), eq.is_nash()
    (((0, 0), (0, 0)), True)
    >>> x, y = eq
    """

    # The five number tuples live in _numbers (row, col, row_payoffs, col_payoffs,
    # value). An equilibrium found by exact enumeration keeps each in _raw as integer
    # numerators over one denominator until first read, and _convert turns a
    # numerator and denominator into the number shown (sympy Rational or float): a
    # game's answer costs no sympy object unless it is looked at.
    __slots__ = ("_convert", "_numbers", "_raw", "col_actions", "players", "row_actions")

    row_actions: tuple[str, ...]
    col_actions: tuple[str, ...]
    players: tuple[str, str]

    def __init__(
        self,
        row: Sequence[Number],
        col: Sequence[Number],
        row_payoffs: Sequence[Number],
        col_payoffs: Sequence[Number],
        value: Sequence[Number],
        row_actions: tuple[str, ...],
        col_actions: tuple[str, ...],
        players: tuple[str, str],
    ) -> None:
        numbers = [tuple(row), tuple(col), tuple(row_payoffs), tuple(col_payoffs), tuple(value)]
        _set = object.__setattr__
        _set(self, "_numbers", numbers)
        _set(self, "_raw", None)
        _set(self, "_convert", None)
        _set(self, "row_actions", row_actions)
        _set(self, "col_actions", col_actions)
        _set(self, "players", players)

    @classmethod
    def _deferred(
        cls,
        raw: Sequence[tuple[Sequence[int], int]],
        convert: Callable[[int, int], Number],
        labels: tuple[tuple[str, ...], tuple[str, ...], tuple[str, str]],
    ) -> Equilibrium:
        """An equilibrium whose five number tuples are given in ``raw`` as integer
        numerators over one denominator each, ``convert``-ed when first read."""
        self = object.__new__(cls)
        _set = object.__setattr__
        _set(self, "_numbers", [None] * 5)
        _set(self, "_raw", list(raw))
        _set(self, "_convert", convert)
        _set(self, "row_actions", labels[0])
        _set(self, "col_actions", labels[1])
        _set(self, "players", labels[2])
        return self

    def _field(self, k: int) -> tuple[Number, ...]:
        raw = self._raw
        if raw is not None and raw[k] is not None:
            convert = self._convert
            numerators, q = raw[k]
            self._numbers[k] = tuple([convert(p, q) for p in numerators])
            raw[k] = None
        return self._numbers[k]

    @property
    def row(self) -> tuple[Number, ...]:
        """The row player's mixed strategy."""
        return self._field(0)

    @property
    def col(self) -> tuple[Number, ...]:
        """The column player's mixed strategy."""
        return self._field(1)

    @property
    def row_payoffs(self) -> tuple[Number, ...]:
        """The row player's payoff from each pure action against ``col``."""
        return self._field(2)

    @property
    def col_payoffs(self) -> tuple[Number, ...]:
        """The column player's payoff from each pure action against ``row``."""
        return self._field(3)

    @property
    def value(self) -> tuple[Number, Number]:
        """The two players' expected payoffs."""
        return self._field(4)  # type: ignore[return-value]

    def _key(self) -> tuple[Any, ...]:
        return (*(self._field(k) for k in range(5)), self.row_actions, self.col_actions,
                self.players)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (*(self._field(k) for k in range(5)), self.row_actions,
                             self.col_actions, self.players))

    def __iter__(self) -> Iterator[tuple[Number, ...]]:
        """Unpack as ``(row, col)``."""
        return iter((self.row, self.col))

    @property
    def support(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The actions played with positive probability, for each player."""
        return (
            tuple(a for p, a in zip(self.row, self.row_actions, strict=True) if not _is_zero(p)),
            tuple(a for p, a in zip(self.col, self.col_actions, strict=True) if not _is_zero(p)),
        )

    def slack(self) -> tuple[tuple[Number, ...], tuple[Number, ...]]:
        """Each pure action's shortfall from the equilibrium payoff, for each player.

        Zero on the support; never negative at an equilibrium.
        """
        return (
            tuple(_simplify_out(self.value[0] - u) for u in self.row_payoffs),
            tuple(_simplify_out(self.value[1] - u) for u in self.col_payoffs),
        )

    def is_nash(self, tol: float | None = None) -> bool:
        """Check the certificate: no action beats the equilibrium payoff, the support ties it.

        ``tol`` defaults to 0 for exact results and 1e-9 for floats. A symbolic
        equilibrium is checked for every parameter value in the domains: True when
        it holds for all, False when it holds for none; otherwise
        :class:`MissingParameterError` asks for values.
        """
        row_slack, col_slack = self.slack()
        slacks = row_slack + col_slack
        on_support = [
            s for p, s in zip(self.row + self.col, slacks, strict=True) if not _is_zero(p)
        ]
        if not any(isinstance(s, sp.Expr) and s.free_symbols for s in slacks):
            floating = any(isinstance(s, float) for s in slacks)
            tol = (_FLOAT_TOL if floating else 0) if tol is None else tol
            return all(s >= -tol for s in slacks) and all(abs(s) <= tol for s in on_support)
        signs = [_possible_signs(s) for s in slacks]
        support_signs = [_possible_signs(s) for s in on_support]
        if all(s <= {0, 1} for s in signs) and all(s == {0} for s in support_signs):
            return True
        if any(s == {-1} for s in signs) or any(0 not in s for s in support_signs):
            return False
        raise _missing(list(slacks), "checking this symbolic equilibrium")

    def __str__(self) -> str:
        row = _strategy_text(self.row, self.row_actions)
        col = _strategy_text(self.col, self.col_actions)
        return f"({row}, {col}) payoffs ({_text(self.value[0])}, {_text(self.value[1])})"

    def __repr__(self) -> str:
        row = ", ".join(_text(p) for p in self.row)
        col = ", ".join(_text(p) for p in self.col)
        value = ", ".join(_text(v) for v in self.value)
        return f"Equilibrium(row=({row}), col=({col}), value=({value}))"

    def latex(self) -> str:
        """The profile and its payoffs in LaTeX."""
        row = _strategy_tex(self.row, self.row_actions)
        col = _strategy_tex(self.col, self.col_actions)
        value = ", ".join(_tex(v) for v in self.value)
        return rf"\left({row},\ {col}\right),\quad u = \left({value}\right)"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data (exact numbers as strings such as ``"10/11"``)."""
        row_support, col_support = self.support
        return plain({
            "row": [plain(p) for p in self.row],
            "col": [plain(p) for p in self.col],
            "row_payoffs": [plain(u) for u in self.row_payoffs],
            "col_payoffs": [plain(u) for u in self.col_payoffs],
            "value": [plain(v) for v in self.value],
            "support": {"row": list(row_support), "col": list(col_support)},
        })


def _simplify_out(value: Number) -> Number:
    return _simplify(value) if isinstance(value, sp.Expr) else value


@dataclass(frozen=True)
class NashSubset:
    """A maximal Nash subset ``conv(rows) × conv(cols)``: every pair in it is an equilibrium.

    Attributes
    ----------
    rows, cols : tuple of tuple
        The extreme row and column strategies whose convex hulls form the product.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> eqs = StageGame([[1, 1], [0, 0]], [[1, 1], [0, 0]]).equilibria()
    >>> (subset,) = eqs.components[0].maximal_subsets
    >>> subset.rows, subset.cols
    (((1, 0),), ((1, 0), (0, 1)))
    >>> print(subset)
    {r1} × conv{c1, c2}
    """

    rows: tuple[tuple[Number, ...], ...]
    cols: tuple[tuple[Number, ...], ...]
    row_actions: tuple[str, ...] = field(repr=False)
    col_actions: tuple[str, ...] = field(repr=False)

    def __str__(self) -> str:
        def hull(points: Sequence[tuple[Number, ...]], labels: Sequence[str]) -> str:
            inner = ", ".join(_strategy_text(p, labels) for p in points)
            return f"{{{inner}}}" if len(points) == 1 else f"conv{{{inner}}}"

        return f"{hull(self.rows, self.row_actions)} × {hull(self.cols, self.col_actions)}"

    def latex(self) -> str:
        """``conv{...} × conv{...}`` in LaTeX."""

        def hull(points: Sequence[tuple[Number, ...]], labels: Sequence[str]) -> str:
            inner = ",\\ ".join(_strategy_tex(p, labels) for p in points)
            body = rf"\left\{{{inner}\right\}}"
            return body if len(points) == 1 else rf"\operatorname{{conv}}{body}"

        return rf"{hull(self.rows, self.row_actions)} \times {hull(self.cols, self.col_actions)}"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return plain({
            "row": [[plain(p) for p in x] for x in self.rows],
            "col": [[plain(p) for p in y] for y in self.cols],
        })


@dataclass(frozen=True)
class Component:
    r"""A connected component of the equilibrium set.

    Attributes
    ----------
    extreme_points : tuple of Equilibrium
        The extreme equilibria in it.
    maximal_subsets : tuple of NashSubset
        Its maximal Nash subsets; the component is their union.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> (component,) = StageGame([[1, 1], [0, 0]], [[1, 1], [0, 0]]).equilibria().components
    >>> len(component.extreme_points), component.is_isolated
    (2, False)
    >>> print(component.latex())
    \left\{\text{r1}\right\} \times \operatorname{conv}\left\{\text{c1},\ \text{c2}\right\}
    """

    extreme_points: tuple[Equilibrium, ...]
    maximal_subsets: tuple[NashSubset, ...]

    @property
    def is_isolated(self) -> bool:
        """Whether the component is a single equilibrium."""
        return len(self.extreme_points) == 1

    def __str__(self) -> str:
        return " ∪ ".join(str(s) for s in self.maximal_subsets)

    def latex(self) -> str:
        """The component as a union of products of convex hulls."""
        return r" \cup ".join(s.latex() for s in self.maximal_subsets)

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data."""
        return plain({
            "extreme_points": [e.to_dict() for e in self.extreme_points],
            "maximal_subsets": [s.to_dict() for s in self.maximal_subsets],
        })


class EquilibriumSet:
    """All Nash equilibria of a bimatrix game.

    Attributes
    ----------
    extreme_points : list of Equilibrium
        Every extreme equilibrium, in a canonical order.
    components : list of Component
        The connected components of the equilibrium set (worked out when first read).
    is_degenerate : bool
        Whether some strategy has more pure best responses than its support size.
    row_actions, col_actions, players : tuple of str
        Labels.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> eqs = StageGame([[1, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
    >>> len(eqs), [str(c) for c in eqs.components]
    (3, ['{r1} × {c1}', '{1/2·r1 + 1/2·r2} × {1/2·c1 + 1/2·c2}', '{r2} × {c2}'])
    >>> point = eqs.to_dict()["extreme_points"][1]
    >>> point["row"], point["row_exact"]
    ([0.5, 0.5], ['1/2', '1/2'])
    """

    def __init__(
        self,
        extreme_points: list[Equilibrium],
        components: list[Component] | Callable[[], list[Component]],
        is_degenerate: bool,
        row_actions: tuple[str, ...],
        col_actions: tuple[str, ...],
        players: tuple[str, str],
    ) -> None:
        self.extreme_points = extreme_points
        self._components = components
        self.is_degenerate = is_degenerate
        self.row_actions = row_actions
        self.col_actions = col_actions
        self.players = players

    @property
    def components(self) -> list[Component]:
        """The connected components of the equilibrium set."""
        if callable(self._components):
            self._components = self._components()
        return self._components

    @components.setter
    def components(self, value: list[Component]) -> None:
        self._components = value

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        fields = ("extreme_points", "components", "is_degenerate", "row_actions",
                  "col_actions", "players")
        return all(getattr(self, f) == getattr(other, f) for f in fields)

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_components": self.components}

    def __len__(self) -> int:
        return len(self.extreme_points)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.extreme_points)

    def _title(self) -> str:
        kind = "degenerate" if self.is_degenerate else "non-degenerate"
        m, n = len(self.row_actions), len(self.col_actions)
        return (
            f"Nash equilibria of a {kind} {m}×{n} game "
            f"({self.players[0]}: {', '.join(self.row_actions)}; "
            f"{self.players[1]}: {', '.join(self.col_actions)})"
        )

    def _body(self, indent: str = "") -> list[str]:
        k, c = len(self.extreme_points), len(self.components)
        lines = [
            f"{indent}{k} extreme equilibri{'um' if k == 1 else 'a'} "
            f"in {c} component{'' if c == 1 else 's'}"
        ]
        for number, component in enumerate(self.components, 1):
            lines.append(f"{indent}  component {number}: {component}")
            lines.extend(f"{indent}    {eq}" for eq in component.extreme_points)
        return lines

    def __str__(self) -> str:
        return "\n".join([self._title(), *self._body()])

    def __repr__(self) -> str:
        k, c = len(self.extreme_points), len(self.components)
        return (
            f"EquilibriumSet({k} extreme equilibri{'um' if k == 1 else 'a'}, "
            f"{c} component{'' if c == 1 else 's'}, degenerate={self.is_degenerate})"
        )

    def _repr_html_(self) -> str:
        """A table: one row per extreme equilibrium, by component."""
        rows = [
            (number, _strategy_text(eq.row, self.row_actions),
             _strategy_text(eq.col, self.col_actions),
             f"({_text(eq.value[0])}, {_text(eq.value[1])})")
            for number, component in enumerate(self.components, 1)
            for eq in component.extreme_points
        ]
        header = ("component", self.players[0], self.players[1], "payoffs")
        return notation.html_table(header, rows, self._title())

    def latex(self) -> str:
        """The equilibrium set as a union of maximal Nash subsets, in LaTeX."""
        if not self.components:
            return r"\emptyset"
        return r" \;\cup\; ".join(c.latex() for c in self.components)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data, ready for JSON."""
        index = {id(e): k for k, e in enumerate(self.extreme_points)}
        return plain({
            "players": list(self.players),
            "row_actions": list(self.row_actions),
            "col_actions": list(self.col_actions),
            "degenerate": self.is_degenerate,
            "extreme_points": [e.to_dict() for e in self.extreme_points],
            "components": [
                {
                    "extreme_points": [index[id(e)] for e in c.extreme_points],
                    "maximal_subsets": [s.to_dict() for s in c.maximal_subsets],
                }
                for c in self.components
            ],
        })

    def to_frame(self) -> Any:
        """One row per extreme equilibrium: float columns, and the exact profile as text.

        Each probability and payoff is a float column (NaN where it is symbolic);
        the column ``exact`` holds the equilibrium exactly as :meth:`__str__` writes
        it (pandas needed).

        Examples
        --------
        >>> from gametheory_cluster.games import StageGame
        >>> frame = StageGame([[2, 0], [0, 1]], [[1, 0], [0, 2]]).equilibria().to_frame()
        >>> frame.shape, str(frame.dtypes["u_row"]), frame["exact"][1]
        ((3, 8), 'float64', '(2/3·r1 + 1/3·r2, 1/3·c1 + 2/3·c2) payoffs (2/3, 2/3)')
        """
        import pandas as pd

        records = []
        for number, component in enumerate(self.components, 1):
            for eq in component.extreme_points:
                record: dict[str, Any] = {"component": number}
                row = floats(eq.row)
                col = floats(eq.col)
                record |= {f"{self.players[0]}:{a}": p
                           for a, p in zip(self.row_actions, row, strict=True)}
                record |= {f"{self.players[1]}:{a}": p
                           for a, p in zip(self.col_actions, col, strict=True)}
                record[f"u_{self.players[0]}"], record[f"u_{self.players[1]}"] = floats(eq.value)
                record["exact"] = str(eq)
                records.append(record)
        return pd.DataFrame.from_records(records)
