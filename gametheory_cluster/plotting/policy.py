"""Figures of the policy family: the guarantee, the levers, joint liability, guarantee networks.

Models compute, this module draws: each function takes the numbers from its model's
``*_data`` function (the modules of :mod:`gametheory_cluster.models.policy` import no
plotting library), draws them, and attaches them to the figure, where
:func:`~gametheory_cluster.plotting.base.figure_data` reads them back. Every function
takes ``ax=None`` and a ``style`` and returns the :class:`matplotlib.figure.Figure`.
See docs/explanation/policy.md and docs/explanation/contagion.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..errors import ModelError
from ..models.policy.contagion import GuaranteeNetwork, guarantee_contagion_data
from ..models.policy.guarantee import guarantee_data
from ..models.policy.levers import LeverRanking, lever_ranking_data
from ..models.policy.repayment_game import OUTCOMES, repayment_rates_data, repayment_regions_data
from .base import attach_data, new_axes, new_figure, style_context

__all__ = [
    "plot_guarantee",
    "plot_guarantee_contagion",
    "plot_lever_ranking",
    "plot_repayment_rates",
    "plot_repayment_regions",
]


# ---------------------------------------------------------------------------------------
# credit guarantee and levers
# ---------------------------------------------------------------------------------------
def plot_guarantee(
    coverage: Sequence[float] | None = None,
    ax: Axes | None = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Draw the bank's expected profit and the fair fee against the coverage ``g``.

    The shaded band is the working window: coverage high enough that the bank
    lends, low enough that it still monitors. Parameters as
    :func:`~gametheory_cluster.models.policy.guarantee.guarantee_data`.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_guarantee()
    >>> round(float(figure_data(fig).notes["monitoring_cap"]), 3)
    0.805
    """
    data = guarantee_data(coverage, **values)
    cols, notes = data.columns, data.notes
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(cols["g"], cols["bank_profit_monitor"], label="bank profit, monitoring")
        ax.plot(
            cols["g"], cols["bank_profit_no_monitor"], "--", label="bank profit, not monitoring"
        )
        ax.plot(cols["g"], cols["fair_fee"], ":", label="fair fee (total)")
        ax.plot(cols["g"], cols["fee_reguarantor"], "-.", label="re-guarantor's share of the fee")
        ax.axhline(0, color="0.5", linewidth=0.8)
        ax.axvspan(
            float(notes["minimum_coverage"]),
            float(notes["monitoring_cap"]),
            alpha=0.15,
            label="lends and monitors",
        )
        ax.set_xlabel("coverage $g$")
        ax.set_ylabel("per loan")
        ax.set_title(data.title)
        ax.legend()
    return attach_data(fig, data)


def plot_lever_ranking(
    ranking: LeverRanking | None = None,
    by: str = "both",
    ax: Axes | Sequence[Axes] | None = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Bar charts of the levers' effect on δ*, most helpful at the top.

    ``ranking`` defaults to :func:`~gametheory_cluster.models.policy.levers.rank_levers`
    at ``values`` (or, with none given, at ``Y=150, R=110, I=100, w=10, q=1/2,
    lam=3/10``). ``by="elasticity"`` draws the elasticity of δ* in the reform's
    direction, ``by="reform"`` the change of δ* when each lever closes the same share
    of the gap to the end of its feasible range, ``by="both"`` (default) the two side
    by side (``ax`` then a pair of axes). Both measures are unit-free and local to the
    point (numbers: :func:`~gametheory_cluster.models.policy.levers.lever_ranking_data`).

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> figure_data(plot_lever_ranking()).columns["lever"]
    ['q', 'lam', 'w']
    """
    if by not in ("both", "elasticity", "reform"):
        raise ModelError(f"by must be one of 'both', 'elasticity', 'reform', not {by!r}")
    data = lever_ranking_data(ranking, "elasticity" if by == "both" else by, **values)
    cols, notes = data.columns, data.notes
    panels = ("elasticity", "reform") if by == "both" else (by,)
    with style_context(style):
        if by == "both":
            fig, axes = new_figure(1, 2, figsize=(10, 3.8)) if ax is None else (None, ax)
            if len(axes) != 2:
                raise ModelError("by='both' draws two panels: give ax as two axes")
            fig = axes[0].get_figure() if fig is None else fig
        else:
            fig, one = new_axes(ax)  # type: ignore[arg-type]
            axes = [one]
        for panel, axis in zip(panels, axes, strict=True):
            order = sorted(range(len(cols["lever"])), key=lambda i: float(cols[panel][i]))
            positions = np.arange(len(order))[::-1]
            axis.barh(positions, [float(cols[panel][i]) for i in order])
            axis.set_yticks(positions, [cols["label"][i] for i in order])
            axis.axvline(0, color="0.3", linewidth=0.8)
            if panel == "elasticity":
                axis.set_xlabel(r"elasticity of $\delta^*$ (reform's direction)")
            else:
                axis.set_xlabel(
                    rf"change of $\delta^*$: each lever closes {notes['closing']} "
                    "of its gap"
                )
            if by == "both":
                axis.set_title("by elasticity" if panel == "elasticity" else "by standard reform")
        if by == "both":
            fig.suptitle(data.title)
        else:
            axes[0].set_title(data.title)
        if ax is None:
            fig.set_layout_engine("constrained")
    return attach_data(fig, data)


# ---------------------------------------------------------------------------------------
# joint liability: the Besley–Coate figures
# ---------------------------------------------------------------------------------------
def plot_repayment_rates(rates: Sequence[Any] | None = None, *, ax: Axes | None = None,
                         style: str = "paper", **values: Any) -> Figure:
    """Draw Besley–Coate repayment rates against ``r``.

    The numbers are
    :func:`~gametheory_cluster.models.policy.repayment_game.repayment_rates_data`
    at ``rates`` and ``values`` (``distribution``, ``penalty``, ``social_penalty``).
    """
    data = repayment_rates_data(rates, **values)
    cols = data.columns
    x = [float(v) for v in cols["r"]]
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(x, [float(v) for v in cols["individual"]], label="individual lending")
        ax.plot(x, [float(v) for v in cols["group"]], "--", label="group lending")
        ax.plot(
            x,
            [float(v) for v in cols["group_sanctions"]],
            ":",
            label="group lending, social sanctions",
        )
        ax.set_xlabel("repayment per member $r$")
        ax.set_ylabel("repayment rate")
        ax.set_ylim(0, 1.02)
        ax.set_title(data.title)
        ax.legend()
    return attach_data(fig, data)


def plot_repayment_regions(r: Any = 2, upper: float = 10, points: int = 101, *,
                           ax: Axes | None = None, style: str = "paper",
                           **penalties: Any) -> Figure:
    """Draw where in (θ1, θ2) both repay, one repays for both, or both default.

    The numbers are
    :func:`~gametheory_cluster.models.policy.repayment_game.repayment_regions_data`
    on the grid ``r, upper, points``, with ``penalties`` (``penalty``, ``social_penalty``).
    """
    data = repayment_regions_data(r, upper, points, **penalties)
    n = int(points)
    codes = np.asarray(data.columns["outcome"]).reshape(n, n)
    palette = ["0.85", "tab:orange", "tab:blue"]
    colours = ListedColormap(palette)
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.imshow(
            codes.T,
            origin="lower",
            extent=(0, upper, 0, upper),
            cmap=colours,
            vmin=0,
            vmax=2,
            aspect="equal",
            interpolation="nearest",
        )
        ax.legend(
            handles=[Patch(color=palette[k], label=OUTCOMES[k]) for k in range(3)],
            loc="upper left",
            bbox_to_anchor=(1.02, 1),
        )
        ax.set_xlabel(r"member 1's return $\theta_1$")
        ax.set_ylabel(r"member 2's return $\theta_2$")
        ax.set_title(data.title)
    return attach_data(fig, data)


# ---------------------------------------------------------------------------------------
# guarantee networks
# ---------------------------------------------------------------------------------------
def plot_guarantee_contagion(
    networks: Mapping[str, GuaranteeNetwork] | None = None,
    shocks: Sequence | None = None,
    *,
    measure: str = "failures",
    prob: Any = Fraction(1, 10),
    ax: Any = None,
    style: str = "paper",
) -> Any:
    """Contagion in guarantee networks against shock size, by network shape.

    Draws the columns of
    :func:`~gametheory_cluster.models.policy.contagion.guarantee_contagion_data`
    (expected failures when one firm is hit, or the probability of total collapse under
    independent shocks), one line per shape, and marks the shock at which the densest
    network flips from most stable to most fragile.

    Examples
    --------
    >>> from gametheory_cluster.models.policy.contagion import default_shapes
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_guarantee_contagion(default_shapes(6), shocks=[2, 7])
    >>> figure_data(fig).notes["flip_shock"]
    6.0
    """
    data = guarantee_contagion_data(networks, shocks, measure=measure, prob=prob)
    with style_context(style):
        fig, ax = new_axes(ax)
        x = data.columns["shock"]
        names = [name for name in data.columns if name != "shock"]
        for name, dashes in zip(names, itertools.cycle(["-", "--", "-.", ":"]), strict=False):
            # value at a grid point holds back to the previous one (failure needs a strict excess)
            ax.step(x, data.columns[name], where="pre", linestyle=dashes, label=name)
        if "flip_shock" in data.notes:
            ax.axvline(data.notes["flip_shock"], color="0.5", linestyle=":", linewidth=1)
            ax.annotate(
                r"$\epsilon^*$",
                (data.notes["flip_shock"], 0.02),
                xycoords=("data", "axes fraction"),
                ha="right",
            )
        ax.set_xlabel(r"shock size $\epsilon$")
        ax.set_ylabel("expected failed firms" if measure == "failures" else "P(all firms fail)")
        ax.set_title(data.title)
        ax.legend(title="network")
    return attach_data(fig, data)
