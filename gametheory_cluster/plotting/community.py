"""Figures of community enforcement: the reputation chain of a cluster.

Many lenders (δ* over the (N, q) plane, and the three questions side by side),
Kandori's contagion (δ against community size), Greif's coalition (the efficiency
wage), news on a cluster network (δ* by network shape) and a simulated cluster
population (default rate over time). Each
``plot_*`` function draws the :class:`~gametheory_cluster.figure_data.FigureData`
that the ``*_data`` function beside its model computes, takes ``ax=None`` and
returns the figure with the data attached. See docs/explanation/community.md and
docs/explanation/networks.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..models.community.credibility import REGIONS, credibility_region_data
from ..models.community.greif import minimum_wage_by_rehiring_data, minimum_wage_data
from ..models.community.kandori import threshold_by_size_data
from ..models.community.multilateral import threshold_notions_data, threshold_nq_data
from ..models.community.shapes import threshold_by_network_data
from ..parameters import Value
from ..simulate import SimulationResult, simulation_data
from .base import attach_data, new_axes, style_context

__all__ = [
    "plot_credibility_region",
    "plot_minimum_wage",
    "plot_minimum_wage_by_rehiring",
    "plot_simulation",
    "plot_threshold_by_network",
    "plot_threshold_by_size",
    "plot_threshold_notions",
    "plot_threshold_nq",
]


# ---------------------------------------------------------------- many lenders
def plot_threshold_nq(
    N_values: Iterable[int] = range(1, 9),
    q_values: Sequence[float] | np.ndarray | None = None,
    which: str = "on_path",
    *,
    ax: Any = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Draw δ* over the (N, q) plane: N lenders, a default public with probability q.

    ``which`` is the question (default: repaying at every chance is the SME's
    optimal policy on the path; see
    :mod:`~gametheory_cluster.models.community.multilateral`).

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_threshold_nq([1, 2], [0.0, 0.5, 1.0])
    >>> sorted(set(figure_data(fig).columns["N"]))
    [1, 2]
    """
    data = threshold_nq_data(N_values, q_values, which, **values)
    Ns = sorted(set(data.columns["N"]))
    qs = sorted(set(data.columns["q"]))
    table = np.array(data.columns["delta_star"]).reshape(len(Ns), len(qs))
    with style_context(style):
        fig, ax = new_axes(ax)
        mesh = ax.pcolormesh(qs, Ns, table, shading="nearest", cmap="viridis")
        ax.grid(False)
        if len(Ns) > 1 and len(qs) > 1:
            lines = ax.contour(qs, Ns, table, colors="white", linewidths=0.8)
            ax.clabel(lines, fmt="%.2f", fontsize="small")
        fig.colorbar(mesh, ax=ax, label=r"$\delta^*$")
        ax.set_xlabel(r"probability $q$ that a default becomes public")
        ax.set_ylabel(r"number of lenders $N$")
        ax.set_title(r"$\delta^*$ with random matching: " + data.title.split(", ", 1)[1])
    return attach_data(fig, data)


def plot_threshold_notions(
    N_values: Iterable[int] = (1, 2, 3, 4, 6, 8, 12, 16),
    q_values: Sequence[float] = (0.0, 0.25, 0.5, 0.75),
    *,
    ax: Any = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Draw δ* against N for each q, one line style per question: how far apart they are.

    Dotted: one deviation at the start; solid: repaying at every chance is optimal
    on the path; dashed: sequential equilibrium (after every history).

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> figure_data(plot_threshold_notions([1, 2], [0.5])).columns["N"]
    [1, 2]
    """
    data = threshold_notions_data(N_values, q_values, **values)
    cols = data.columns
    styles = {"one_shot_at_start": (":", "one deviation at the start"),
              "on_path": ("-", "optimal on the path"),
              "sequential": ("--", "sequential equilibrium")}
    with style_context(style):
        fig, ax = new_axes(ax)
        for i, q in enumerate(sorted(set(cols["q"]))):
            rows = [j for j, x in enumerate(cols["q"]) if x == q]
            Ns = [cols["N"][j] for j in rows]
            for which, (line, label) in styles.items():
                ax.plot(Ns, [cols[which][j] for j in rows], linestyle=line, color=f"C{i}",
                        marker="o" if which == "on_path" else None, markersize=3,
                        label=f"$q = {q:g}$: {label}")
        ax.set_xscale("log")
        ax.set_xlabel(r"number of lenders $N$")
        ax.set_ylabel(r"threshold $\delta^*$")
        ax.set_title("Three questions, three thresholds (private defaults)")
        ax.legend(fontsize="x-small", ncol=2, loc="lower right")
    return attach_data(fig, data)



# ---------------------------------------------------------------- Kandori (1992)
def plot_threshold_by_size(
    M_values: Iterable[int] | None = None, gain: Value = 1, loss: Value = 1, *,
    ax: Any = None, style: str = "paper",
) -> Figure:
    """Draw the contagious equilibrium's δ region against ``M``, and grim trigger's δ*.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> figure_data(plot_threshold_by_size([2, 4])).columns["M"]
    [2, 4]
    """
    data = threshold_by_size_data(M_values, gain, loss)
    cols = data.columns
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.fill_between(cols["M"], cols["on_path"], cols["off_path"], alpha=0.25,
                        label="contagious equilibrium (no information)")
        ax.plot(cols["M"], cols["on_path"], marker="o", label=r"on path: $\delta^*(M)$")
        if any(x < 1.0 for x in cols["off_path"]):
            ax.plot(cols["M"], cols["off_path"], marker="s", linestyle="--",
                    label="off path: largest $\\delta$")
        ax.plot(cols["M"], cols["public"], color="black", linestyle=":",
                label="public information (grim trigger)")
        ax.set_xscale("log")
        ax.set_xlabel("community size $M$")
        ax.set_ylabel(r"discount factor $\delta$")
        ax.set_ylim(0, 1.02)
        ax.set_title(f"Community enforcement, $g={gain}$, $\\ell={loss}$")
        ax.legend(loc="lower right")
    return attach_data(fig, data)



# ---------------------------------------------------------------- Greif (1993)
def plot_minimum_wage(
    h_c_values: Iterable[float] | None = None, *, ax: Any = None, style: str = "paper",
    **values: Any,
) -> Figure:
    """Draw W* against ``h_c``, marking multilateral (``h_c = 0``) and bilateral (``h_c = h_h``).

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> len(figure_data(plot_minimum_wage([0.0, 0.25, 0.5])).columns["W_star"])
    3
    """
    data = minimum_wage_data(h_c_values, **values)
    h_h = float(sp.sympify(data.notes["h_h"]))
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(data.columns["h_c"], data.columns["W_star"], label=r"$W^*(h_c)$")
        ax.plot([0.0], [data.notes["multilateral"]], "o", label="multilateral ($h_c = 0$)")
        ax.plot([h_h], [data.notes["bilateral"]], "s", label="bilateral ($h_c = h_h$)")
        ax.axhline(float(sp.sympify(data.notes["phi"])), color="grey", linestyle=":",
                   label=r"reservation payoff $\phi$")
        ax.set_xlabel(r"probability $h_c$ that an agent who cheated is hired again")
        ax.set_ylabel(r"minimum wage $W^*$")
        ax.set_title("Efficiency wage and the cheater's prospects")
        ax.legend()
    return attach_data(fig, data)


def plot_minimum_wage_by_rehiring(
    h_values: Iterable[float] | None = None, *, ax: Any = None, style: str = "paper",
    **values: Any,
) -> Figure:
    """Draw W* against the rehiring probability under bilateral and multilateral punishment.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> figure_data(plot_minimum_wage_by_rehiring([0.1, 0.9])).columns["h_h"]
    [0.1, 0.9]
    """
    data = minimum_wage_by_rehiring_data(h_values, **values)
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(data.columns["h_h"], data.columns["bilateral"],
                label="bilateral: a cheater is hired like anyone ($h_c = h_h$)")
        ax.plot(data.columns["h_h"], data.columns["multilateral"],
                label="multilateral: a cheater is never hired ($h_c = 0$)")
        ax.set_xlabel(r"probability $h_h$ that an unemployed agent is hired")
        ax.set_ylabel(r"minimum wage $W^*$")
        ax.set_title("Coalition vs individual punishment")
        ax.legend()
    return attach_data(fig, data)


# ---------------------------------------------------------------- news on a network
def plot_threshold_by_network(
    n: int = 12, *, ax: Axes | None = None, style: str = "paper", **options: Any
) -> Figure:
    """Bar chart of δ* by network shape, with confidence bars where Monte Carlo was used.

    Options are those of
    :func:`~gametheory_cluster.models.community.shapes.threshold_by_network_data`.
    Horizontal lines mark the isolated SME (no partners) and news reaching every
    partner at once.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_threshold_by_network(5)
    >>> figure_data(fig).columns["network"][:2]
    ['complete', 'small world']
    """
    data = threshold_by_network_data(n, **options)
    cols = data.columns
    with style_context(style):
        fig, ax = new_axes(ax)
        x = np.arange(len(cols["network"]))
        est = np.array(cols["delta_star"], dtype=float)
        err = np.array([est - np.array(cols["lower"], dtype=float),
                        np.array(cols["upper"], dtype=float) - est])
        monte_carlo = np.array(cols["method"]) == "monte_carlo"
        ax.bar(x, est, color="C0", width=0.6,
               yerr=np.where(monte_carlo, err, 0.0) if monte_carlo.any() else None, capsize=3)
        ax.axhline(float(data.notes["isolated"]), color="C1", linestyle="--",
                   label="isolated SME (bank only)")
        ax.axhline(float(data.notes["instant news"]), color="C2", linestyle=":",
                   label="news reaches every partner at once")
        ax.set_xticks(x, cols["network"], rotation=30, ha="right")
        ax.set_ylabel(r"threshold $\delta^*$")
        low = min(est.min(), float(data.notes["instant news"]))
        ax.set_ylim(max(0.0, low - 0.05), min(1.0, float(data.notes["isolated"]) + 0.05))
        ax.set_title(data.title)
        ax.legend(loc="lower right")
    return attach_data(fig, data)


# ---------------------------------------------------------------- a simulated population
def plot_simulation(result: SimulationResult, *, ax: Axes | None = None,
                    style: str = "paper", confidence: float = 0.95) -> Figure:
    """Default rate per period (with a confidence band) against the exact prediction.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> from gametheory_cluster.plotting import figure_data
    >>> from gametheory_cluster.simulate import simulate_cluster
    >>> res = simulate_cluster(gc.RepeatedLending(detection=True), 500, 20, rng=0,
    ...                        Y=150, R=110, w=0, q=0.3)
    >>> len(figure_data(plot_simulation(res)).columns["simulated"])
    20
    """
    data = simulation_data(result, confidence)
    cols = data.columns
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.fill_between(cols["period"], cols["lower"], cols["upper"], color="C0", alpha=0.25,
                        linewidth=0, label=f"{confidence:.0%} band")
        ax.plot(cols["period"], cols["simulated"], color="C0", label="simulated")
        ax.plot(cols["period"], cols["predicted"], color="C1", linestyle="--",
                label="prediction (best responses to the lending rule)")
        ax.set_xlabel("period")
        ax.set_ylabel("defaults per firm")
        ax.set_title(data.title)
        ax.legend()
    return attach_data(fig, data)


# ---------------------------------------------------------------- credible punishment
_REGION_COLOURS = ("#f2f2f2", "#fdae6b", "#9ecae1", "#3182bd")


def plot_credibility_region(
    q_values: Sequence[float] | np.ndarray | None = None,
    delta_values: Sequence[float] | np.ndarray | None = None,
    *,
    ax: Axes | None = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Region map over (δ, q): where the cluster's boycott of a defaulter is credible.

    Draws :func:`~gametheory_cluster.models.community.credibility.credibility_region_data`
    (:class:`~gametheory_cluster.models.community.multilateral.ClusterPartners`):
    no honest repayment; honest only if the partners' boycott were imposed
    mechanically; honest with a boycott the partners want to carry out; honest
    with the bank's punishment alone.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_credibility_region([0.5, 1.0], [0.5, 0.75])
    >>> figure_data(fig).columns["region"]
    [0, 3, 0, 3]
    """
    from matplotlib.patches import Patch

    data = credibility_region_data(q_values, delta_values, **values)
    cols = data.columns
    qs = sorted(set(cols["q"]))
    deltas = sorted(set(cols["delta"]))
    table = np.array(cols["region"], dtype=float).reshape(len(qs), len(deltas))
    with style_context(style):
        fig, ax = new_axes(ax)
        from matplotlib.colors import BoundaryNorm, ListedColormap

        cmap = ListedColormap(_REGION_COLOURS)
        ax.pcolormesh(deltas, qs, table, shading="nearest", cmap=cmap,
                      norm=BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], cmap.N))
        ax.grid(False)
        ax.set_xlabel(r"discount factor $\delta$")
        ax.set_ylabel(r"probability $q$ that a partner hears of a default")
        ax.set_title(data.title)
        patches = [Patch(facecolor=c, edgecolor="grey", label=r)
                   for c, r in zip(_REGION_COLOURS, REGIONS, strict=True)]
        ax.legend(handles=patches, loc="lower left", fontsize="small")
    return attach_data(fig, data)
