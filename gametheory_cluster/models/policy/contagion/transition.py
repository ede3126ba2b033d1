r"""The phase transition of guarantee networks, and the standard shapes it compares.

Acemoglu, Ozdaglar and Tahbaz-Salehi (2015): for small shocks the densest network
(the complete group) is the most stable — a loss is spread thin over many
guarantors — and for large shocks the most fragile — the loss reaches everyone.
:func:`phase_transition` computes every network's exact step curve (expected
failures, or the probability of collapse, when one firm at random is hit), ranks
the networks on each interval of shock sizes, and returns the shock
:math:`\epsilon^*` at which the dense network flips from most stable to most fragile
(with full coverage, equal buffers :math:`e` and large loans, :math:`\epsilon^* = n e`:
the system's total buffer). :func:`default_shapes` builds ring, complete, star and
clustered groups with the same balance sheets; :func:`guarantee_contagion_data` gives
the numbers of the contagion figure
(:func:`gametheory_cluster.plotting.policy.plot_guarantee_contagion`). See
docs/explanation/contagion.md.

Acemoglu, D., A. Ozdaglar and A. Tahbaz-Salehi (2015). Systemic risk and stability
in financial networks. *American Economic Review* 105(2): 564–608.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ....algebra import plain
from ....errors import DomainError, ModelError, NoSolutionError
from ....figure_data import FigureData
from ._common import _count, _number, _probability
from .network import GuaranteeNetwork

__all__ = ["PhaseTransition", "default_shapes", "guarantee_contagion_data", "phase_transition"]


@dataclass(frozen=True)
class PhaseTransition:
    """Where the densest network turns from the most stable to the most fragile.

    Attributes
    ----------
    dense : str
        The network followed.
    threshold : number
        The shock size beyond which ``dense`` is (weakly) the most fragile, having been
        (weakly) the most stable below.
    rankings : tuple
        ``(lower, upper, ((name, value), ...))`` for each interval of shock sizes on which
        the curves are constant, networks sorted from most to least stable (networks
        with equal values keep the order they were given in: see :attr:`tiers`).
    measure : str
        ``"failures"`` (expected failures, one firm hit) or ``"collapse"``.

    Examples
    --------
    Above the threshold the ring and the complete group both fail entirely: a tie.

    >>> pt = phase_transition(default_shapes(6))
    >>> pt.tiers[-1]
    (6, None, (('clustered',), ('star',), ('ring', 'complete')))
    >>> print(pt)                                   # doctest: +NORMALIZE_WHITESPACE
    'complete' flips at shock 6 (expected failures when one firm is hit; most stable first)
      [0, 1]: ring = complete = star = clustered (0)
      (1, 2]: ring = complete = star = clustered (1)
      (2, 23/11]: complete = clustered (1) < star (11/6) < ring (2)
      (23/11, 3]: complete (1) < star (11/6) < ring = clustered (2)
      (3, 4]: complete (1) < star (11/6) < clustered (2) < ring (3)
      (4, 5]: complete (1) < star (11/6) < clustered (2) < ring (4)
      (5, 6]: complete (1) < star (11/6) < clustered (2) < ring (5)
      (6, oo): clustered (2) < star (8/3) < ring = complete (6)
    """

    dense: str
    threshold: Any
    rankings: tuple
    measure: str

    @property
    def tiers(self) -> tuple:
        """The rankings with ties made explicit: ``(lower, upper, (names, ...))`` per interval.

        Each entry of the inner tuple is a tuple of the networks with the same value,
        most stable first; a tuple of more than one name is a tie.
        """
        return tuple((lo, hi, _tiers(ranking)) for lo, hi, ranking in self.rankings)

    def __repr__(self) -> str:
        return (f"PhaseTransition({self.dense!r} flips at shock {self.threshold}, "
                f"measure={self.measure!r})")

    def __str__(self) -> str:
        what = ("expected failures when one firm is hit" if self.measure == "failures"
                else "probability of total collapse when one firm is hit")
        rows = [f"{self.dense!r} flips at shock {self.threshold} ({what}; most stable first)"]
        for lo, hi, ranking in self.rankings:
            values = dict(ranking)
            groups = " < ".join(f"{' = '.join(names)} ({values[names[0]]})"
                                for names in _tiers(ranking))
            span = f"[{lo}, {hi}]" if lo == 0 else f"({lo}, {'oo)' if hi is None else f'{hi}]'}"
            rows.append(f"  {span}: {groups}")
        return "\n".join(rows)

    def latex(self) -> str:
        """The threshold as a LaTeX equation."""
        return rf"\epsilon^* = {sp.latex(self.threshold)}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (see :func:`~gametheory_cluster.algebra.plain`)."""
        return plain({
            "dense": self.dense,
            "threshold": self.threshold,
            "measure": self.measure,
            "rankings": [
                {"lower": lo, "upper": hi,
                 "ranking": [[name, v] for name, v in ranking],
                 "tiers": [list(names) for names in _tiers(ranking)]}
                for lo, hi, ranking in self.rankings
            ],
        })


def _tiers(ranking: Sequence[tuple[str, Any]]) -> tuple[tuple[str, ...], ...]:
    """Networks grouped by equal value, in the order of ``ranking`` (sorted by value)."""
    groups: list[list[str]] = []
    last: Any = None
    for name, value in ranking:
        if groups and value == last:
            groups[-1].append(name)
        else:
            groups.append([name])
        last = value
    return tuple(tuple(g) for g in groups)


def phase_transition(networks: Mapping[str, GuaranteeNetwork], dense: str | None = None, *,
                     measure: str = "failures") -> PhaseTransition:
    """The shock size at which the densest network flips from most stable to most fragile.

    Every network's exact step curve (expected failures, or collapse probability, when one
    firm at random is hit) is computed; on each interval between breakpoints the networks
    are ranked, and the flip is the first interval where ``dense`` is the most fragile
    (its value at least every other's, above some) after one where it was the most stable
    (at most every other's, below some). Both are weak: ``dense`` may share the place
    with others — with the default shapes the ring fails entirely too above the flip.
    :attr:`PhaseTransition.tiers` and ``print(result)`` show the ties.

    Parameters
    ----------
    networks : mapping name → GuaranteeNetwork
    dense : str, optional
        The network to follow; default the one with most guarantee links.
    measure : {"failures", "collapse"}

    Examples
    --------
    >>> nets = default_shapes(6)
    >>> phase_transition(nets).threshold       # n·e: the system's total buffer
    6
    """
    if len(networks) < 2:
        raise ModelError("phase_transition compares at least two networks")
    if measure not in ("failures", "collapse"):
        raise ModelError(f"unknown measure {measure!r}; valid measures: failures, collapse")
    dense = max(networks, key=lambda k: networks[k].links) if dense is None else dense
    if dense not in networks:
        raise ModelError(f"unknown network {dense!r}; valid names: {', '.join(networks)}")
    curves = {k: (net.stability_curve() if measure == "failures" else net.collapse_curve())
              for k, net in networks.items()}
    points = sorted({p for c in curves.values() for p in c.points})
    bounds = [0, *points]
    rankings = []
    was_stable = False
    threshold = None
    for lower, upper in zip(bounds, [*points, None], strict=True):
        at = upper if upper is not None else lower + 1
        values = {k: c(at) for k, c in curves.items()}
        ranking = tuple(sorted(values.items(), key=lambda kv: kv[1]))
        rankings.append((lower, upper, ranking))
        mine, others = values[dense], [v for k, v in values.items() if k != dense]
        if mine <= min(others) and mine < max(others):
            was_stable = True
        elif was_stable and threshold is None and mine >= max(others) and mine > min(others):
            threshold = lower
    if threshold is None:
        raise NoSolutionError(f"{dense!r} never turns from most stable to most fragile among "
                              f"{', '.join(networks)} (measure {measure!r})")
    return PhaseTransition(dense, threshold, tuple(rankings), measure)


# ----------------------------------------------------------------------------- shapes
def default_shapes(n: int = 12, *, buffer: Any = 1, loan: Any = None, g: Any = 1,
                   groups: int | None = None, bridge: Any = None) -> dict[str, GuaranteeNetwork]:
    """Ring, complete, star and clustered (δ-connected) groups of ``n`` firms, same balance sheets.

    Defaults follow the regime of Acemoglu et al.'s propositions: full coverage, loans large
    enough that a loss can travel round the whole ring (``loan = n·buffer``), and groups
    (three, or two when ``n`` is not a multiple of three) joined by a weak bridge
    (``bridge = 1/(2n)``). At ``loan = n·buffer`` exactly, the loan cap of a hit leaf of
    the star binds: its core then calls each other leaf for exactly its buffer, so the
    star survives large shocks better than it would with any larger loan.

    Examples
    --------
    >>> sorted(default_shapes(6))
    ['clustered', 'complete', 'ring', 'star']
    """
    n = _count(n, "n", 4)
    loan = n * buffer if loan is None else loan
    groups = groups if groups is not None else (3 if n % 3 == 0 and n >= 6 else 2)
    if n % groups:
        raise DomainError(f"n={n} is not a multiple of groups={groups}")
    bridge = Fraction(1, 2 * n) if bridge is None else bridge
    if isinstance(buffer, float) or isinstance(loan, float) or isinstance(g, float):
        bridge = float(bridge)
    return {
        "ring": GuaranteeNetwork.ring(n, buffer=buffer, loan=loan, g=g),
        "complete": GuaranteeNetwork.complete(n, buffer=buffer, loan=loan, g=g),
        "star": GuaranteeNetwork.star(n, buffer=buffer, loan=loan, g=g),
        "clustered": GuaranteeNetwork.clustered(groups, n // groups, bridge=bridge, buffer=buffer,
                                                loan=loan, g=g),
    }


def guarantee_contagion_data(networks: Mapping[str, GuaranteeNetwork] | None = None,
                             shocks: Sequence | None = None, *, measure: str = "failures",
                             prob: Any = Fraction(1, 10)) -> FigureData:
    """The numbers behind the contagion figure: one column per network.

    Parameters
    ----------
    networks : mapping name → GuaranteeNetwork, optional
        Default :func:`default_shapes` (12 firms).
    shocks : sequence of numbers, optional
        Shock sizes; default 0 to 1.5·(total buffer) in 96 steps.
    measure : {"failures", "collapse"}
        "failures" is the expected number of failed firms when one firm at random is hit
        (exact step curves, Acemoglu et al.'s stability measure); "collapse" is the
        probability that every firm fails when each is hit independently with probability
        ``prob``.
    prob : number
        Hit probability for ``collapse``.

    Notes
    -----
    Drawn by :func:`gametheory_cluster.plotting.policy.plot_guarantee_contagion`.

    Examples
    --------
    >>> data = guarantee_contagion_data(default_shapes(6), shocks=[2, 7])
    >>> data.columns["complete"], data.columns["ring"]
    ([1.0, 6.0], [1.0, 6.0])
    """
    networks = default_shapes() if networks is None else dict(networks)
    if measure not in ("failures", "collapse"):
        raise ModelError(f"unknown measure {measure!r}; valid measures: failures, collapse")
    if shocks is None:
        total = max(float(sum(net._buffers.astype(float))) for net in networks.values())
        shocks = list(np.linspace(0, 1.5 * total, 97)[1:])
    shocks = [float(_number(x, "shock")) for x in shocks]
    columns: dict[str, list] = {"shock": shocks}
    notes: dict[str, Any] = {"measure": measure}
    if measure == "failures":
        for name, net in networks.items():
            curve = net.stability_curve()
            columns[name] = [float(curve(Fraction(x))) for x in shocks]
        try:
            flip = phase_transition(networks)
            notes.update(flip_network=flip.dense, flip_shock=float(flip.threshold))
        except NoSolutionError:
            notes.update(flip_network="none")
        title = "Expected failures when one firm is hit"
    else:
        p = float(_probability(prob))
        notes["prob"] = p
        for name, net in networks.items():
            columns[name] = [float(net.as_float().distribution(x, p).collapse) for x in shocks]
        title = f"Probability of total collapse, each firm hit with probability {p:g}"
    return FigureData(columns, title=title, notes=notes)

