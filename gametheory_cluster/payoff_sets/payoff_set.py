"""The answer of the payoff-set engine: :class:`PayoffSet`, from :func:`spe_payoff_sets`.

:func:`spe_payoff_sets` (every state) and :func:`spe_payoffs` (one state) reduce a
game to numbers (:mod:`.states`), run the Abreu–Pearce–Stacchetti operator and its
exact certificate (:mod:`.operator`, where the definitions are), and return for each
state a :class:`PayoffSet`: the outer polygon, the proved inner one, the gap between
them and the profiles that generate each vertex. See docs/explanation/payoff_sets.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .. import notation
from ..algebra import plain
from ..errors import DomainError, GameError, NoSolutionError
from ..figure_data import FigureData
from ..parameters import validate
from .geometry import _nearest
from .operator import _solve, _tolerances
from .states import _fraction, _Numbers, _numbers

__all__ = ["PayoffSet", "spe_payoff_sets", "spe_payoffs"]


_SHAPES = {-1: "empty", 0: "point", 1: "segment", 2: "polygon"}


@dataclass(frozen=True, eq=False)
class PayoffSet:
    """The set of subgame-perfect equilibrium payoffs (normalised), with its certificate.

    Attributes
    ----------
    vertices : ndarray, shape (n, 2)
        The outer polygon, counter-clockwise (n = 0 empty, 1 point, 2 segment).
        It contains the true set.
    inner : ndarray, shape (m, 2)
        A polygon proved to lie inside the true set (exact self-generation check).
    hausdorff_gap : float
        Hausdorff distance between ``inner`` and ``vertices``: a bound on the error
        of either (``inf`` when no inner polygon could be proved).
    generators : tuple
        For each vertex, the pure action profiles that generate it.
    delta : number
        The discount factor.
    players : tuple of str
    state : str or None
        The state the set belongs to (games with states).
    tolerance : float
        The numerical tolerance used (absolute, in payoff units).
    iterations : int
        Applications of the APS operator.
    converged : bool
        Whether the outer iteration stopped moving before ``max_iter``.
    """

    vertices: np.ndarray
    inner: np.ndarray
    hausdorff_gap: float
    generators: tuple[tuple[tuple[Any, Any], ...], ...]
    delta: Any
    players: tuple[str, str]
    state: Any = None
    tolerance: float = 0.0
    iterations: int = 0
    converged: bool = True

    @property
    def is_empty(self) -> bool:
        """Whether no pure-strategy subgame-perfect equilibrium exists."""
        return len(self.vertices) == 0

    @property
    def dimension(self) -> int:
        """-1 (empty), 0 (a point), 1 (a segment) or 2 (a polygon with interior)."""
        return min(len(self.vertices), 3) - 1

    @property
    def worst(self) -> tuple[float, float]:
        """Each player's lowest equilibrium payoff (the optimal punishments)."""
        if self.is_empty:
            raise NoSolutionError("the payoff set is empty: there is no worst equilibrium payoff")
        low = self.vertices.min(axis=0)
        return (float(low[0]), float(low[1]))

    def _distance(self, point: Sequence[float], polygon: np.ndarray) -> float:
        try:
            p = tuple(float(x) for x in point)
        except (TypeError, ValueError):
            p = ()
        if len(p) != 2 or not all(math.isfinite(x) for x in p):
            raise DomainError(f"a point is two finite payoffs, not {point!r}")
        return _nearest(p, [tuple(v) for v in polygon.tolist()])[1]  # type: ignore[arg-type]

    def contains(self, point: Sequence[float], tol: float | None = None) -> bool:
        """Whether ``point`` lies within ``tol`` of the set (default: ``tolerance``).

        The set is the outer polygon; :meth:`classify` says what is proved.

        Examples
        --------
        >>> V = spe_payoffs(([[10, -100], [0, 0]], [[40, 150], [0, 0]]), 0.8)
        >>> V.contains((10, 40)), V.contains((10, 41)), V.contains((5, 20))
        (True, False, True)
        """
        return self._distance(point, self.vertices) <= (self.tolerance if tol is None else tol)

    def classify(self, point: Sequence[float]) -> str:
        """``"inside"`` (proved), ``"outside"`` (proved) or ``"undecided"`` (within the gap)."""
        if self._distance(point, self.vertices) > self.tolerance:
            return "outside"
        if len(self.inner) and self._distance(point, self.inner) <= self.tolerance:
            return "inside"
        return "undecided"

    @property
    def shape(self) -> str:
        """``"empty"``, ``"point"``, ``"segment"`` or ``"polygon"``."""
        return _SHAPES[self.dimension]

    def __repr__(self) -> str:
        where = f", state={self.state!r}" if self.state is not None else ""
        return (f"PayoffSet({self.shape}, {len(self.vertices)} vertices, "
                f"δ = {notation.value(self.delta)}{where}, gap {self.hausdorff_gap:.3g})")

    def _repr_html_(self) -> str:
        """A table of the vertices and the action profiles that generate them."""
        rows = [(k, f"{v[0]:.6g}", f"{v[1]:.6g}", ", ".join(_label(g) for g in gens))
                for k, (v, gens) in enumerate(zip(self.vertices.tolist(), self.generators,
                                                  strict=True))]
        caption = (f"SPE payoff set ({self.shape}) at δ = {notation.value(self.delta)}; "
                   f"certified Hausdorff gap {self.hausdorff_gap:.3g}")
        return notation.html_table(("vertex", *self.players, "generated by"), rows, caption)

    def to_frame(self) -> Any:
        """One row per vertex: the two payoffs (floats) and the generating profiles."""
        return self.data().to_frame()

    def __str__(self) -> str:
        head = f"SPE payoff set ({self.shape}) at δ = {notation.value(self.delta)}"
        if self.state is not None:
            head += f" in state {self.state!r}"
        lines = [head + f"; certified Hausdorff gap {self.hausdorff_gap:.3g}"]
        for v, gens in zip(self.vertices.tolist(), self.generators, strict=True):
            made = ", ".join(_label(g) for g in gens)
            lines.append(f"  ({v[0]:.6g}, {v[1]:.6g})  by {made}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (exact numbers as strings such as ``"11/15"``)."""
        return plain({
            "players": list(self.players),
            "state": plain(self.state),
            "delta": plain(self.delta),
            "shape": self.shape,
            "vertices": self.vertices.tolist(),
            "generators": [[[plain(a) for a in g] for g in gens] for gens in self.generators],
            "inner": self.inner.tolist(),
            "hausdorff_gap": plain(self.hausdorff_gap),
            "tolerance": self.tolerance,
            "iterations": self.iterations,
            "converged": self.converged,
        })

    def data(self) -> FigureData:
        """The vertices and their generators as figure data."""
        return FigureData(
            {
                "vertex": list(range(len(self.vertices))),
                self.players[0]: self.vertices[:, 0].tolist(),
                self.players[1]: self.vertices[:, 1].tolist(),
                "generators": [" ".join(_label(g) for g in gens) for gens in self.generators],
            },
            title=f"SPE payoff set at delta={self.delta}",
            notes={"shape": self.shape, "hausdorff_gap": self.hausdorff_gap},
        )


def _label(profile: tuple[Any, Any]) -> str:
    return "/".join(map(str, profile))


def _delta(delta: Any) -> tuple[Any, float, Fraction]:
    given = validate({"delta": delta})["delta"]
    return given, float(given), _fraction(given)


def spe_payoff_sets(
    game: Any, delta: Any, *, tol: float = 1e-12, max_iter: int = 100_000,
    certify: bool = True, **values: Any,
) -> dict[Any, PayoffSet]:
    """The subgame-perfect equilibrium payoff set of every state of ``game``.

    Parameters
    ----------
    game : (A, B), stage game, GameWithStates or RepeatedLending
        Payoff matrices of the row and column player (numbers), an object with
        ``.payoffs(**values) -> (A, B)``, a game with states, or a lending model
        (see :func:`lending_game`).
    delta : number in (0, 1)
        The discount factor.
    tol : float
        Relative tolerance (times the range of the payoffs) of the geometry and of
        the convergence test.
    max_iter : int
        Most applications of the operator (``converged`` says whether it sufficed).
    certify : bool
        Compute the proved inner polygon (``False`` is faster; the gap is then ``inf``).
    **values
        Parameter values for symbolic games.

    Returns
    -------
    dict
        ``{state: PayoffSet}`` (the key is ``None`` for a repeated game).

    Examples
    --------
    >>> from gametheory_cluster.models.lending import RepeatedLending
    >>> sets = spe_payoff_sets(RepeatedLending(exit_cost=True), 0.7, I=100, Y=150, R=110, w=0, C=20)
    >>> {s: V.vertices.tolist() for s, V in sets.items()}
    {'in_cluster': [[0.0, 0.0], [10.0, 40.0]], 'exited': [[0.0, 0.0]]}
    """
    given, d, exact_d = _delta(delta)
    nums = _numbers(game, values)
    return _sets(nums, given, d, exact_d, tol, max_iter, certify)


def _sets(nums: _Numbers, given: Any, d: float, exact_d: Fraction, tol: float, max_iter: int,
          certify: bool) -> dict[Any, PayoffSet]:
    sol = _solve(nums, d, exact_d, tol, max_iter, certify)
    eps = _tolerances(nums, d, tol)[1]
    result = {}
    for s, state in enumerate(nums.states):
        outer = np.array(sol.outer[s], dtype=float).reshape(-1, 2)
        inner = np.array(sol.inner[s], dtype=float).reshape(-1, 2)
        result[state] = PayoffSet(outer, inner, sol.gaps[s], tuple(sol.generators[s]), given,
                                  nums.players, state, eps, sol.iterations, sol.converged)
    return result


def spe_payoffs(game: Any, delta: Any, *, state: Any = None, tol: float = 1e-12,
                max_iter: int = 100_000, certify: bool = True, **values: Any) -> PayoffSet:
    """The set of subgame-perfect equilibrium payoffs of ``game`` repeated with discount ``delta``.

    Pure strategies, perfect monitoring, public randomisation; payoffs normalised
    (per period). Never fails on an empty set, a point or a segment. For a game
    with states the set of ``state`` (default: the initial state). Arguments as in
    :func:`spe_payoff_sets`.

    Examples
    --------
    >>> V = spe_payoffs(([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), 0.9)  # matching pennies
    >>> V.is_empty, V.dimension
    (True, -1)
    """
    sets = spe_payoff_sets(game, delta, tol=tol, max_iter=max_iter, certify=certify, **values)
    key = next(iter(sets)) if state is None else state
    if key not in sets:
        raise GameError(f"unknown state {state!r}; states: {', '.join(map(str, sets))}")
    return sets[key]
