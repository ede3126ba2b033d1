r"""Which network shapes punish a defaulter fastest: δ* by the shape of the cluster's ties.

The source paper's "reputation chain" (产业集群与我国中小企业融资, *Industrial
clusters and the financing of China's small and medium-sized enterprises*, §2.2):
every cluster beats the isolated SME. What sets δ* is how far the defaulter's
partners are, not how many ties the cluster has: at 12 firms the star with the
defaulter at its hub (11 ties) deters better than 24-tie graphs, and the ring is
the hardest to deter (column ``distance`` of the data). For
:math:`n` firms, every other firm a partner worth :math:`s`, each tie passing news
on with probability :math:`r` per step, :func:`threshold_by_network_data` computes
the threshold :math:`\delta^*` of
:class:`~gametheory_cluster.models.community.networks.NetworkPunishment` on the
complete graph, a small world, a random graph, a ring and a star (the defaulter
at the hub or at a leaf), between two bounds from
:class:`~gametheory_cluster.models.lending.RepeatedLending`: the isolated SME
(bank only, :math:`R/(Y-w)`) and news reaching every partner at once. See
docs/explanation/networks.md.

Examples
--------
>>> sorted(network_shapes(6)) == sorted(SHAPES)
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np

from ...errors import DomainError, SolveError
from ...figure_data import FigureData
from ..lending.repeated import RepeatedLending
from .networks import NetworkPunishment

__all__ = ["SHAPES", "network_shapes", "threshold_by_network_data"]

#: The network shapes compared by :func:`threshold_by_network_data`, in drawing order.
SHAPES = ("complete", "small world", "random", "ring", "star (hub)", "star (leaf)")


def network_shapes(
    n: int, *, k: int = 4, p: float = 0.1, seed: int = 0
) -> dict[str, tuple[nx.Graph, int]]:
    """Graphs of ``n`` firms and the defaulter in each: the shapes of :data:`SHAPES`.

    ``small world`` is a connected Watts–Strogatz graph (each firm tied to its
    ``k`` nearest neighbours, ties rewired with probability ``p``); ``random`` is
    a connected Erdős–Rényi graph with the same number of ties (the first
    connected draw from ``seed`` on). The defaulter is node 0 (the hub of the
    star), or node 1 for ``star (leaf)``.

    Examples
    --------
    >>> {name: g.number_of_edges() for name, (g, _) in network_shapes(6).items()}
    {'complete': 15, 'small world': 12, 'random': 12, 'ring': 6, 'star (hub)': 5, 'star (leaf)': 5}
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 3:
        raise DomainError(f"n must be a whole number of firms >= 3, not {n!r}")
    if not 2 <= k < n or k % 2:
        raise DomainError(f"k must be an even number with 2 <= k < n, not {k!r}")
    small = nx.connected_watts_strogatz_graph(n, k, p, seed=seed)
    ties = small.number_of_edges()
    for attempt in range(1000):
        random_graph = nx.gnm_random_graph(n, ties, seed=seed + attempt)
        if nx.is_connected(random_graph):
            break
    else:  # pragma: no cover - a connected draw is all but certain
        raise SolveError(f"no connected random graph with {n} nodes and {ties} ties found")
    return {
        "complete": (nx.complete_graph(n), 0),
        "small world": (small, 0),
        "random": (random_graph, 0),
        "ring": (nx.cycle_graph(n), 0),
        "star (hub)": (nx.star_graph(n - 1), 0),
        "star (leaf)": (nx.star_graph(n - 1), 1),
    }


def threshold_by_network_data(
    n: int = 12,
    *,
    r: Any = Fraction(1, 2),
    s: Any = 2,
    Y: Any = 150,
    R: Any = 110,
    w: Any = 0,
    method: str = "auto",
    samples: int = 20_000,
    rng: int | np.random.Generator | None = 0,
    k: int = 4,
    p: float = 0.1,
    seed: int = 0,
) -> FigureData:
    """δ* for each network shape of ``n`` firms (every other firm a partner worth ``s``).

    Columns: ``network``, ``ties``, ``distance`` (the mean number of ties from the
    defaulter to its partners along shortest paths), ``delta_star``, ``lower``,
    ``upper`` (equal to ``delta_star`` when exact), ``method``. Notes: the
    isolated SME's δ* (grim trigger, no partners) and the δ* when news reaches
    every partner at once — both from
    :class:`~gametheory_cluster.models.lending.RepeatedLending`. δ* follows the
    distance, not the number of ties: news that must cross more ties arrives
    later and is discounted more.

    Examples
    --------
    >>> data = threshold_by_network_data(5, r=1)
    >>> data.columns["delta_star"][0] == float(data.notes["instant news"])
    True
    """
    shapes = network_shapes(n, k=k, p=p, seed=seed)
    children = np.random.default_rng(rng).spawn(len(shapes))
    columns: dict[str, list[Any]] = {k_: [] for k_ in ("network", "ties", "distance", "delta_star",
                                                       "lower", "upper", "method")}
    values = {"Y": Y, "R": R, "w": w, "s": s, "r": r}
    for (name, (graph, defaulter)), child in zip(shapes.items(), children, strict=True):
        model = NetworkPunishment(graph, defaulter)
        used = model._method(method)
        est, lo, hi = model.threshold_interval("delta", method=used, samples=samples,
                                               rng=child, **values)
        for key, value in zip(columns, (name, graph.number_of_edges(),
                                        _mean_distance(graph, defaulter, model.partners),
                                        est, lo, hi, used), strict=True):
            columns[key].append(value)
    isolated = RepeatedLending().threshold("delta", Y=Y, R=R, w=w).value
    instant = RepeatedLending(cluster_rent=True).threshold(
        "delta", Y=Y, R=R, w=w, s=(n - 1) * s
    ).value
    notes = {"n": n, "r": r, "s": s, "Y": Y, "R": R, "w": w, "isolated": isolated,
             "instant news": instant}
    return FigureData(columns, title=f"delta* by network shape ({n} firms, r = {r})", notes=notes)


def _mean_distance(graph: nx.Graph, source: Any, targets: Any) -> float:
    """The mean shortest-path length from ``source`` to ``targets`` (``inf`` if one is cut off)."""
    lengths = nx.single_source_shortest_path_length(graph, source)
    found = [lengths.get(t, np.inf) for t in targets]
    return float(np.mean(found)) if found else 0.0
