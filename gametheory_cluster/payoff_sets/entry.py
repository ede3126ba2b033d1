r"""When a payoff enters the equilibrium set, and the isolated against the clustered SME.

Under public randomisation the set :math:`V(\delta)` of subgame-perfect payoffs grows
with :math:`\delta` (Abreu, Pearce and Stacchetti 1990), so a payoff :math:`v` has an
entry threshold :math:`\delta^*(v) = \inf\{\delta : v \in V(\delta)\}`.
:func:`entry_threshold` brackets it by bisection, deciding membership only by the
certificate of :mod:`.operator`: a δ counts as below :math:`\delta^*` when :math:`v`
is proved outside the outer polygon, above it when :math:`v` is proved inside the
inner one. For honest repayment in the lending game at the base case (I=100, Y=150,
R=110, w=0) it meets the engine's thresholds by a second road: :math:`11/15` for an
isolated SME, :math:`9/13` in a cluster with exit cost C=20.

:func:`payoff_sets_data` holds the numbers of the figure that compares the two as δ
grows (drawn by :func:`gametheory_cluster.plotting.lending.plot_payoff_sets`).

See docs/explanation/payoff_sets.md. Reference: D. Abreu, D. Pearce and
E. Stacchetti (1990), Econometrica 58(5):1041–1063.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..algebra import plain
from ..errors import DomainError, GameError, NoSolutionError, UnknownParameterError
from ..figure_data import FigureData
from ..models.lending.repeated import RepeatedLending
from .geometry import _nearest
from .operator import _solve, _tolerances
from .payoff_set import spe_payoffs
from .states import _numbers, honest_payoff, lending_game

__all__ = ["EntryThreshold", "entry_threshold", "payoff_sets_data"]


@dataclass(frozen=True)
class EntryThreshold:
    """The smallest δ at which a payoff is an equilibrium payoff, bracketed.

    The point is proved outside the set at ``lower`` (and below, the set growing in δ)
    and proved inside at ``upper``.
    """

    point: tuple[float, float]
    lower: float
    upper: float
    state: Any = None

    @property
    def value(self) -> float:
        """The middle of the bracket."""
        return (self.lower + self.upper) / 2

    @property
    def tolerance(self) -> float:
        """Half the bracket's width."""
        return (self.upper - self.lower) / 2

    def __float__(self) -> float:
        return self.value

    def __repr__(self) -> str:
        return f"EntryThreshold(delta = {self.value:.10g} ± {self.tolerance:.2g})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return plain({"point": list(self.point), "state": plain(self.state), "lower": self.lower,
                "upper": self.upper, "value": self.value})


def entry_threshold(
    game: Any, point: Sequence[Any] | None = None, *, state: Any = None, hi: float = 0.99,
    delta_tol: float = 1e-8, tol: float = 1e-10, **values: Any,
) -> EntryThreshold:
    """The smallest δ at which ``point`` is a subgame-perfect equilibrium payoff.

    Bisection on δ, with membership decided by the certificate: a δ counts as
    "below" only when the point is proved outside the outer polygon, "above" only
    when it is proved inside the inner one (the set grows with δ under public
    randomisation, Abreu–Pearce–Stacchetti 1990).

    Parameters
    ----------
    game : as in :func:`spe_payoffs`
    point : pair of numbers, optional
        Default for a :class:`RepeatedLending` model: the honest payoff
        (:func:`honest_payoff`).
    state : optional
        The state whose set is searched (default: the initial one).
    hi : float
        The largest δ searched.
    delta_tol : float
        Width of the final bracket.

    Raises
    ------
    NoSolutionError
        When the point is not proved inside the set at ``hi``.

    Examples
    --------
    >>> t = entry_threshold(RepeatedLending(), I=100, Y=150, R=110, w=0)
    >>> t.lower <= 11 / 15 <= t.upper, t.upper - t.lower < 1e-7
    (True, True)
    """
    if point is None:
        if not isinstance(game, RepeatedLending):
            raise GameError("give the payoff point whose entry into the set is sought")
        point = honest_payoff(game, **values)
    p = (float(point[0]), float(point[1]))
    nums = _numbers(game, values)
    s = 0 if state is None else nums.states.index(state) if state in nums.states else None
    if s is None:
        raise GameError(f"unknown state {state!r}; states: {', '.join(map(str, nums.states))}")
    if not (0 < hi < 1) or not (0 < delta_tol < 0.5):
        raise DomainError("need 0 < hi < 1 and 0 < delta_tol < 0.5")

    def status(d: float) -> str:
        eps = _tolerances(nums, d, tol)[1]
        sol = _solve(nums, d, Fraction(d), tol, 100_000,
                     stop=lambda W: _nearest(p, W[s])[1] > eps)
        if _nearest(p, sol.outer[s])[1] > eps:
            return "out"
        return "in" if _nearest(p, sol.inner[s])[1] <= eps else "undecided"

    def bisect(lo: float, up: float, below: Callable[[str], bool]) -> tuple[float, float]:
        while up - lo > delta_tol:
            mid = (lo + up) / 2
            lo, up = (mid, up) if below(status(mid)) else (lo, mid)
        return lo, up

    lo, up = 0.0, hi  # up moves only to a delta where the point is proved inside
    while up - lo > delta_tol:
        mid = (lo + up) / 2
        verdict = status(mid)
        if verdict == "undecided":
            lo = bisect(lo, mid, lambda v: v == "out")[0]
            up = bisect(mid, up, lambda v: v != "in")[1]
            break
        lo, up = (mid, up) if verdict == "out" else (lo, mid)
    if up == hi and (top := status(hi)) != "in":
        raise NoSolutionError(
            f"the point {p} is {'not' if top == 'out' else 'not proved to be'} an equilibrium "
            f"payoff at delta={hi}; it does not enter the set for delta <= {hi}"
        )
    return EntryThreshold(p, lo, up, nums.states[s])


# ---------------------------------------------------------------------------
# Figure data: isolated vs clustered SME as δ grows
# ---------------------------------------------------------------------------

_BASE = {"I": 100, "Y": 150, "R": 110, "w": 0, "C": 20}
_FIGURE_DELTAS = (0.65, 0.7, 0.75, 0.95)


def _model_values(model: RepeatedLending, values: Mapping[str, Any]) -> dict[str, Any]:
    names = set(lending_game(model).parameters)
    return {k: v for k, v in values.items() if k in names}


def payoff_sets_data(
    deltas: Sequence[float] = _FIGURE_DELTAS, cluster: RepeatedLending | None = None,
    **values: Any,
) -> FigureData:
    """The numbers behind :func:`~gametheory_cluster.plotting.lending.plot_payoff_sets`: vertices
    per setting and δ.

    ``cluster`` defaults to ``RepeatedLending(exit_cost=True)``; ``values`` default
    to the base case I=100, Y=150, R=110, w=0 and C=20. The notes give the honest
    payoff and the δ at which it enters each set.

    Examples
    --------
    >>> data = payoff_sets_data([0.7])
    >>> data.columns["setting"], data.columns["sme"]
    (['isolated', 'cluster', 'cluster'], [0.0, 0.0, 40.0])
    """
    cluster = RepeatedLending(exit_cost=True) if cluster is None else cluster
    given = {**_BASE, **values}
    unknown = sorted(set(values) - set(lending_game(cluster).parameters) - {"I", "Y", "R", "w"})
    if unknown:
        raise UnknownParameterError(f"unknown parameter(s) {', '.join(unknown)} for {cluster!r}")
    columns: dict[str, list[Any]] = {k: [] for k in
                                     ("setting", "delta", "vertex", "bank", "sme", "shape")}
    notes: dict[str, Any] = {}
    for setting, model in (("isolated", RepeatedLending()), ("cluster", cluster)):
        vals = _model_values(model, given)
        for d in deltas:
            V = spe_payoffs(model, d, **vals)
            for j, (x, y) in enumerate(V.vertices.tolist()):
                for key, val in zip(columns, (setting, d, j, x, y, V.shape), strict=True):
                    columns[key].append(val)
        entry = entry_threshold(model, delta_tol=1e-5, **vals)
        notes[f"entry_delta_{setting}"] = round(entry.value, 4)
        notes["honest_payoff"] = str(entry.point)
    notes["parameters"] = str(given)
    return FigureData(columns, title="SPE payoff sets: isolated vs clustered SME", notes=notes)
