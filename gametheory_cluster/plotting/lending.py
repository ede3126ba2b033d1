r"""Figures of the lending family: subgame-perfect payoff sets of the repeated lending game.

:func:`plot_payoff_set` draws one :class:`~gametheory_cluster.payoff_sets.PayoffSet`;
:func:`plot_payoff_sets` compares an isolated and a clustered SME as δ grows, from
the numbers of :func:`~gametheory_cluster.payoff_sets.payoff_sets_data`. A set is
drawn as what it is: a filled polygon, a thick segment, a point, or nothing.

See docs/explanation/payoff_sets.md and docs/explanation/repeated_lending.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..errors import GameError
from ..models.lending.repeated import RepeatedLending
from ..payoff_sets.entry import _FIGURE_DELTAS, payoff_sets_data
from ..payoff_sets.payoff_set import PayoffSet, _label
from .base import attach_data, new_axes, new_figure, style_context

__all__ = ["plot_payoff_set", "plot_payoff_sets"]


def _draw(ax: Any, vertices: np.ndarray, color: str, label: str) -> None:
    """A point, a thick segment or a filled polygon (nothing for the empty set)."""
    if len(vertices) == 1:
        ax.plot(vertices[:, 0], vertices[:, 1], "o", color=color, label=label)
    elif len(vertices) == 2:
        ax.plot(vertices[:, 0], vertices[:, 1], "-o", color=color, lw=2.5, ms=3, label=label)
    elif len(vertices) >= 3:
        closed = np.vstack([vertices, vertices[:1]])
        ax.fill(vertices[:, 0], vertices[:, 1], color=color, alpha=0.2)
        ax.plot(closed[:, 0], closed[:, 1], "-", color=color, label=label)


def plot_payoff_set(
    payoff_set: PayoffSet, ax: Axes | None = None, style: str = "paper"
) -> Figure:
    """Draw one payoff set (filled polygon, segment or point) and return the Figure.

    Each vertex is labelled with the profiles that generate it; the data are
    :meth:`PayoffSet.data() <gametheory_cluster.payoff_sets.PayoffSet.data>`.

    Examples
    --------
    >>> from gametheory_cluster.payoff_sets import spe_payoffs
    >>> from gametheory_cluster.plotting import figure_data
    >>> V = spe_payoffs(([[9, 1], [10, 3]], [[9, 10], [1, 3]]), 0.9)
    >>> figure_data(plot_payoff_set(V)).notes["shape"]
    'polygon'
    """
    with style_context(style):
        fig, ax = new_axes(ax)
        _draw(ax, payoff_set.vertices, color="C0", label=f"δ = {payoff_set.delta}")
        vertices = payoff_set.vertices.tolist()
        for (x, y), gens in zip(vertices, payoff_set.generators, strict=True):
            ax.annotate(", ".join(_label(g) for g in gens), (x, y),
                        textcoords="offset points", xytext=(4, 4), fontsize="small")
        ax.set_xlabel(f"{payoff_set.players[0]} payoff (per period)")
        ax.set_ylabel(f"{payoff_set.players[1]} payoff (per period)")
        ax.set_title(f"SPE payoffs at δ = {payoff_set.delta}: {payoff_set.shape}")
    return attach_data(fig, payoff_set.data())


def plot_payoff_sets(
    deltas: Sequence[float] = _FIGURE_DELTAS, cluster: RepeatedLending | None = None, *,
    ax: Any = None, style: str = "paper", **values: Any,
) -> Any:
    """The SPE payoff set of an isolated vs a clustered SME as δ grows (small multiples).

    One row per setting (isolated, cluster), one column per δ; the star is honest
    repayment. ``ax`` may be a 2 × len(deltas) array of Axes; other arguments as in
    :func:`~gametheory_cluster.payoff_sets.payoff_sets_data`.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_payoff_sets([0.7, 0.95])
    >>> sorted(set(figure_data(fig).columns["shape"]))
    ['point', 'polygon', 'segment']
    """
    data = payoff_sets_data(deltas, cluster, **values)
    cols = data.columns
    with style_context(style):
        if ax is None:
            fig, axes = new_figure(2, len(deltas), sharex=True, sharey=True, squeeze=False,
                                   figsize=(2.6 * len(deltas) + 1, 5.2))
        else:
            axes = np.asarray(ax, dtype=object).reshape(2, -1)
            if axes.shape[1] != len(deltas):
                raise GameError(f"ax must be a 2 x {len(deltas)} array of Axes")
            fig = axes[0, 0].get_figure()
        honest = [float(x) for x in data.notes["honest_payoff"].strip("()").split(",")]
        for r, setting in enumerate(("isolated", "cluster")):
            for c, d in enumerate(deltas):
                panel = axes[r, c]
                rows = [k for k in range(len(cols["setting"]))
                        if cols["setting"][k] == setting and cols["delta"][k] == d]
                verts = np.array([[cols["bank"][k], cols["sme"][k]] for k in rows]).reshape(-1, 2)
                _draw(panel, verts, color=f"C{r}", label=setting)
                panel.plot(*honest, "*", color="k", ms=9)
                if r == 0:
                    panel.set_title(f"δ = {d}")
                if r == 1:
                    panel.set_xlabel("bank payoff")
            entry = data.notes[f"entry_delta_{setting}"]
            axes[r, 0].set_ylabel(f"{setting} SME payoff\n(honest from δ ≈ {entry})")
        fig.suptitle("SPE payoff sets (per period); ★ honest repayment")
    return attach_data(fig, data)
