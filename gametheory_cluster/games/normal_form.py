r"""Two-player games in normal form whose payoffs may depend on named parameters.

A two-player game in normal form is a pair of :math:`m \times n` payoff matrices
:math:`(A, B)`: the row player picks a row :math:`i`, the column player a column
:math:`j`, and they receive :math:`A_{ij}` and :math:`B_{ij}`. Mixed strategies are
points :math:`x \in \Delta_m`, :math:`y \in \Delta_n`; :math:`(x, y)` is a Nash
equilibrium (Nash 1951, *Annals of Mathematics* 54:286–295) when every pure action in
the support of :math:`x` maximises :math:`(Ay)_i` and every one in the support of
:math:`y` maximises :math:`(B^\top x)_j`.

:class:`StageGame` holds such a game with payoffs that are numbers or sympy
expressions. With every parameter given, :meth:`StageGame.equilibria` finds all
equilibria exactly by vertex enumeration (:mod:`.enumeration`) and returns an
:class:`~gametheory_cluster.games.results.EquilibriumSet`; a 2×2 game with free
parameters is solved symbolically, one case per parameter region (:mod:`.two_by_two`).

See docs/explanation/stage_games.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from ..algebra import plain
from ..errors import DomainError, GameError
from ..parameters import Value
from ._coerce import (
    _canonical_symbols,
    _coerce_matrix,
    _fraction_matrix,
    _has_float,
    _labels,
    _missing,
    _plain_matrix,
    _substitute,
    _validate_values,
)
from .enumeration import MAX_BASES, _solve
from .results import EquilibriumSet
from .two_by_two import PiecewiseEquilibria, _piecewise

__all__ = ["StageGame"]


class StageGame:
    """A two-player normal-form game whose payoffs may depend on named parameters.

    Parameters
    ----------
    A, B : array-like
        The row and column player's payoff matrices (same shape, 2-D, non-empty):
        nested lists, numpy arrays or sympy matrices of numbers (int, Fraction,
        float, sympy) or sympy expressions. Symbols are matched by name; a name from
        the parameter table takes the table's symbol and domain.
    row_actions, col_actions : sequence of str, optional
        Action labels (default ``r1, r2, …`` and ``c1, c2, …``).
    players : pair of str
        Player names.

    Raises
    ------
    GameError
        Bad shapes, labels, NaN or infinite payoffs, strings.

    Examples
    --------
    >>> import sympy as sp
    >>> from gametheory_cluster.games import StageGame
    >>> x = sp.Symbol("x")
    >>> game = StageGame([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> game.parameters
    ['x']
    >>> game.payoffs(x=2)[0]
    Matrix([
    [2, 0],
    [0, 1]])
    >>> [(eq.row, eq.col) for eq in game.equilibria(x=2)]
    [((1, 0), (1, 0)), ((1/2, 1/2), (1/3, 2/3)), ((0, 1), (0, 1))]
    """

    def __init__(
        self,
        A: Any,
        B: Any,
        row_actions: Sequence[str] | None = None,
        col_actions: Sequence[str] | None = None,
        players: Sequence[str] = ("row", "column"),
    ) -> None:
        plain_a, plain_b = _plain_matrix(A), _plain_matrix(B)
        if (
            plain_a is not None
            and plain_b is not None
            and len(plain_a[0]) == len(plain_b[0])
            and len(plain_a[0][0]) == len(plain_b[0][0])
        ):
            # numbers only: keep them as they are; sympy matrices are built on demand
            self._numbers: tuple[list[list[Any]], list[list[Any]]] | None = (
                plain_a[0],
                plain_b[0],
            )
            self._floating = plain_a[1] or plain_b[1]
            self._A: sp.ImmutableMatrix | None = None
            self._B: sp.ImmutableMatrix | None = None
            shape_a = (len(plain_a[0]), len(plain_a[0][0]))
        else:
            a, b = _coerce_matrix(A, "A"), _coerce_matrix(B, "B")
            shape_a, shape_b = (len(a), len(a[0])), (len(b), len(b[0]))
            if shape_a != shape_b:
                raise GameError(
                    f"payoff matrices have different shapes: A is {shape_a}, B is {shape_b}"
                )
            mapping = _canonical_symbols([e for row in a + b for e in row])
            self._numbers = None
            self._A = sp.ImmutableMatrix(a).xreplace(mapping)
            self._B = sp.ImmutableMatrix(b).xreplace(mapping)
        self._shape = shape_a
        self._rows: tuple[list[list[Any]], list[list[Any]]] | None = None  # A, B as lists
        self._row_actions = _labels(row_actions, shape_a[0], "row action", "r")
        self._col_actions = _labels(col_actions, shape_a[1], "column action", "c")
        self._players = _labels(players, 2, "player", "player ")

    # -- description
    @property
    def A(self) -> sp.ImmutableMatrix:
        """The row player's payoffs."""
        if self._A is None:
            self._A = sp.ImmutableMatrix(_coerce_matrix(self._numbers[0], "A"))  # type: ignore[index]
        return self._A

    @property
    def B(self) -> sp.ImmutableMatrix:
        """The column player's payoffs."""
        if self._B is None:
            self._B = sp.ImmutableMatrix(_coerce_matrix(self._numbers[1], "B"))  # type: ignore[index]
        return self._B

    @property
    def shape(self) -> tuple[int, int]:
        """``(number of row actions, number of column actions)``."""
        return self._shape

    @property
    def row_actions(self) -> tuple[str, ...]:
        """The row player's action labels."""
        return self._row_actions

    @property
    def col_actions(self) -> tuple[str, ...]:
        """The column player's action labels."""
        return self._col_actions

    @property
    def players(self) -> tuple[str, str]:
        """The two players' names."""
        return self._players  # type: ignore[return-value]

    @property
    def parameters(self) -> list[str]:
        """Sorted names of the parameters the payoffs depend on."""
        return sorted(s.name for s in self._symbols())

    def _symbols(self) -> set[sp.Symbol]:
        if self._numbers is not None:
            return set()
        return self.A.free_symbols | self.B.free_symbols

    def _has_float(self) -> bool:
        if self._numbers is not None:
            return self._floating
        return _has_float(self.A) or _has_float(self.B)

    # -- instantiation
    def payoffs(self, **values: Any) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
        """The payoff matrices with the given parameter values substituted.

        Values are checked against the parameters' domains; parameters not given
        stay symbolic.

        Raises
        ------
        UnknownParameterError
            A name the game does not use (the valid names are listed).
        DomainError
            A value outside its parameter's domain.
        """
        return self._substituted(_validate_values(values, self._symbols(), "this game"))

    def _substituted(
        self, checked: Mapping[str, Value]
    ) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
        if not checked:
            return self.A, self.B
        return (
            self.A.applyfunc(lambda e: _substitute(e, checked)),
            self.B.applyfunc(lambda e: _substitute(e, checked)),
        )

    def _numeric(
        self, checked: Mapping[str, Value]
    ) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
        A, B = self._substituted(checked)
        if A.free_symbols or B.free_symbols:
            raise _missing([*A, *B], "a numeric answer")
        return A, B

    def to_nashpy(self, **values: Any) -> Any:
        """A :class:`nashpy.Game` with float payoffs at the given values.

        Examples
        --------
        >>> from gametheory_cluster.games import StageGame
        >>> StageGame([[1, 2], [3, 4]], [[0, 0], [1, 1]]).to_nashpy().payoff_matrices[0]
        array([[1., 2.],
               [3., 4.]])
        """
        import nashpy

        A, B = self._numeric(_validate_values(values, self._symbols(), "this game"))
        return nashpy.Game(np.array(A.tolist(), dtype=float), np.array(B.tolist(), dtype=float))

    # -- equilibria
    def equilibria(
        self, *, max_bases: int | None = MAX_BASES, progress: bool = True, **values: Any
    ) -> EquilibriumSet | PiecewiseEquilibria:
        """All Nash equilibria: extreme points, components and maximal Nash subsets.

        With every parameter given (or none to give), the answer is an
        :class:`EquilibriumSet`, exact when the payoffs and values are exact and in
        floats when any is a float. A 2×2 game with parameters left free gives a
        :class:`PiecewiseEquilibria` (one case per parameter region).

        ``max_bases`` bounds the work: the simplex bases that the vertex enumeration
        may visit in each player's best-response polytope (a random 15×15 game needs
        about 30,000, a fraction of a millisecond each). ``None`` lifts the bound.
        An enumeration that runs long reports the bases visited on standard error
        (silent for small games; ``progress=False`` silences it).

        Raises
        ------
        MissingParameterError
            Free parameters left in a game larger than 2×2.
        UnknownParameterError, DomainError
            Bad names or values; ``max_bases`` not a positive whole number or None.
        GameError
            Irrational exact payoffs (give floats instead); more than ``max_bases``
            bases needed (the message says how to lift the bound).
        """
        if max_bases is not None and (
            isinstance(max_bases, bool) or not isinstance(max_bases, int) or max_bases < 1
        ):
            raise DomainError(f"max_bases={max_bases!r} must be a whole number >= 1, or None")
        if self._numbers is not None:
            if values:
                _validate_values(values, (), "this game")  # raises: there is no parameter
            A, B = self._numbers
            floating = self._floating
        else:
            checked = _validate_values(values, self._symbols(), "this game")
            if self._rows is None:
                self._rows = (self.A.tolist(), self.B.tolist())
            rows_a, rows_b = self._rows
            if checked:  # entry by entry: no sympy matrix is built on the way
                rows_a = [[_substitute(e, checked) for e in row] for row in rows_a]
                rows_b = [[_substitute(e, checked) for e in row] for row in rows_b]
            entries = [e for row in rows_a + rows_b for e in row]
            if any(e.free_symbols for e in entries):
                if self.shape != (2, 2):
                    raise _missing(
                        entries, f"the equilibria of a {self.shape[0]}×{self.shape[1]} game"
                    )
                return _piecewise(self._with(rows_a, rows_b))
            floating = self._has_float() or any(isinstance(v, float) for v in checked.values())
            A, B = _fraction_matrix(rows_a, "A"), _fraction_matrix(rows_b, "B")
        return _solve(A, B, floating, self, max_bases, progress)

    def _with(self, A: Any, B: Any) -> StageGame:
        return StageGame(A, B, self.row_actions, self.col_actions, self.players)

    # -- rendering
    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(shape={self.shape}, players={self.players}, "
            f"row_actions={self.row_actions}, col_actions={self.col_actions}, "
            f"parameters={self.parameters})"
        )

    def __str__(self) -> str:
        cells = [
            [f"{sp.sstr(self.A[i, j])}, {sp.sstr(self.B[i, j])}" for j in range(self.shape[1])]
            for i in range(self.shape[0])
        ]
        first = max(len(a) for a in self.row_actions)
        widths = [
            max(len(self.col_actions[j]), *(len(row[j]) for row in cells))
            for j in range(self.shape[1])
        ]
        header = (
            " " * first
            + " | "
            + " | ".join(c.ljust(w) for c, w in zip(self.col_actions, widths, strict=True))
        )
        lines = [f"{self.players[0]} (rows) vs {self.players[1]} (columns)", header]
        lines += [
            a.ljust(first)
            + " | "
            + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
            for a, row in zip(self.row_actions, cells, strict=True)
        ]
        return "\n".join(line.rstrip() for line in lines)

    def latex(self) -> str:
        """The bimatrix as a LaTeX ``array`` (row payoff, column payoff in each cell)."""
        head = " & ".join(rf"\text{{{a}}}" for a in self.col_actions)
        body = r" \\ ".join(
            rf"\text{{{a}}} & "
            + " & ".join(
                rf"{sp.latex(self.A[i, j])},\ {sp.latex(self.B[i, j])}"
                for j in range(self.shape[1])
            )
            for i, a in enumerate(self.row_actions)
        )
        return (
            rf"\begin{{array}}{{r|{'c' * self.shape[1]}}} & {head} \\ \hline {body} \end{{array}}"
        )

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> dict[str, Any]:
        """Plain Python data: labels, payoffs (numbers, exact text beside), parameters."""
        return plain({
            "players": list(self.players),
            "row_actions": list(self.row_actions),
            "col_actions": list(self.col_actions),
            "A": self.A.tolist(),
            "B": self.B.tolist(),
            "parameters": self.parameters,
        })
