"""Figures of the information family: adverse selection, screening, moral hazard, reputation.

Models compute, this module draws: each function takes the numbers from its model's
``*_data`` function (the modules of :mod:`gametheory_cluster.models.information`
import no plotting library), draws them, and attaches them to the figure, where
:func:`~gametheory_cluster.plotting.base.figure_data` reads them back. Every function
takes ``ax=None`` and a ``style`` and returns the :class:`matplotlib.figure.Figure`.
See docs/explanation/information.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..models.information.bester import Bester, screening_data, wealth_rationing_data
from ..models.information.credit_market import _models, credit_market_data, expected_return_data
from ..models.information.credit_record import CreditRecordEquilibrium, rate_path_data
from ..models.information.moral_hazard import MoralHazard, risk_switch_data
from ..models.information.refinancing import Refinancing, termination_data, welfare_data
from ..models.information.reputation import (
    ReputationEquilibrium,
    loan_probability_data,
    reputation_path_data,
)
from ..models.information.signaling import (
    CollateralSignaling,
    collateral_data,
    education_data,
    survival_data,
)
from ..models.information.stiglitz_weiss import StiglitzWeiss
from .base import attach_data, new_axes, new_figure, style_context

__all__ = [
    "plot_collateral_signaling",
    "plot_credit_market",
    "plot_education_signaling",
    "plot_expected_return",
    "plot_loan_probability",
    "plot_rate_path",
    "plot_refinancing_welfare",
    "plot_reputation_path",
    "plot_risk_switch",
    "plot_screening",
    "plot_signaling_survival",
    "plot_termination",
    "plot_wealth_rationing",
]


def _column(values: Sequence[Any]) -> np.ndarray:
    """A data column as floats, with its gaps (``""``) as NaN so the line breaks there."""
    return np.array([np.nan if v == "" else v for v in values], dtype=float)


def _two_panels(ax: Any) -> tuple[Figure, Axes, Axes]:
    """The figure and its left and right axes: a new pair side by side, or the pair ``ax``."""
    if ax is None:
        fig, (left, right) = new_figure(1, 2, figsize=(9, 3.6))
        return fig, left, right
    left, right = ax
    return left.get_figure(), left, right


def _titled(fig: Figure, set_title: Any, data: Any, title: str) -> Figure:
    """Set the title (``title``, else the data's own) with ``set_title``; attach the data."""
    set_title(title or data.title)
    if title:
        data.title = title
    return attach_data(fig, data)


# ===================================================== Stiglitz–Weiss: the return curve
def plot_expected_return(
    models: Any, *, points: int = 400, ax: Any = None, style: str = "paper", title: str = ""
) -> Any:
    """Draw the bank's expected return against the gross loan rate for one or more models.

    Discrete models are drawn piece by piece (the drops are gaps); local maxima are
    marked. ``models`` is one model or a ``{label: model}`` mapping, one curve each.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> from gametheory_cluster.models.information import StiglitzWeiss
    >>> def market(collateral):
    ...     return StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), safe_share=F(1, 2),
    ...                                   collateral=collateral, reservation=F(1, 10))
    >>> fig = plot_expected_return({"C = 1/5": market(F(1, 5)), "C = 0": market(0)}, points=4)
    >>> data = figure_data(fig)  # a column is empty above its model's top rate
    >>> data.columns["C = 0"][-1], data.columns["C = 1/5"][-1]
    (1.25, '')
    """
    data = expected_return_data(models, points)
    named = _models(models)
    rates = np.asarray(data.columns["R"])
    with style_context(style):
        fig, ax = new_axes(ax)
        for label, m in named.items():
            col = _column(data.columns[label])
            if isinstance(m, StiglitzWeiss):
                line = None
                for lo, hi, _, _ in m._numeric():
                    seg = (rates > lo) & (rates <= hi * (1 + 1e-12))
                    (line,) = ax.plot(
                        rates[seg],
                        col[seg],
                        color=None if line is None else line.get_color(),
                        label=None if line is not None else label,
                    )
            else:
                (line,) = ax.plot(rates, col, label=label)
            shape = m.shape()
            for r, v in shape.peaks:
                ax.plot([float(r)], [float(v)], "o", color=line.get_color(), markersize=4)
        ax.set_xlabel("gross loan rate $R$")
        ax.set_ylabel(r"bank's expected return $\bar\rho(R)$")
        if len(named) > 1:
            ax.legend()
        return _titled(fig, ax.set_title, data, title)


def plot_credit_market(
    model: Any, supply: Any, *, cost: Any = 0, points: int = 400, ax: Any = None,
    style: str = "paper", title: str = "",
) -> Any:
    """The Stiglitz–Weiss market diagram: the return curve, and loan demand against supply.

    Left: the bank's return with the bank-optimal rate marked. Right: loan demand
    and the supply of funds at the deposit return each rate pays, with the rationing
    gap at the bank-optimal rate (and the second rate, if there is one). ``ax`` may
    be a pair of axes.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> from gametheory_cluster.models.information import StiglitzWeiss
    >>> sw = StiglitzWeiss.two_type(F(9, 10), F(1, 2), F(27, 20), safe_share=F(1, 2),
    ...                             collateral=F(1, 5), reservation=F(1, 10))
    >>> fig = plot_credit_market(sw, lambda r: 0.6 * r, points=20)
    >>> figure_data(fig).notes["kind"]
    'two rates'
    """
    data = credit_market_data(model, supply, cost=cost, points=points)
    n = data.notes
    rates = np.asarray(data.columns["R"])
    with style_context(style):
        fig, left, right = _two_panels(ax)
        left.plot(rates, data.columns["return"], color="C0")
        left.set_xlabel("gross loan rate $R$")
        left.set_ylabel(r"bank's expected return $\bar\rho(R)$")
        right.plot(rates, data.columns["demand"], label="loan demand", color="C1")
        supply_col = np.asarray(data.columns["supply"], dtype=float)
        if np.all(np.isfinite(supply_col)):
            right.plot(rates, supply_col, label="supply of funds", color="C2")
        for r, style_ in ((n["rate"], "--"), (n["upper_rate"], ":")):
            if r is not None:
                left.axvline(r, color="grey", linestyle=style_, linewidth=0.8)
                right.axvline(r, color="grey", linestyle=style_, linewidth=0.8)
        if n["kind"] in ("rationing", "two rates"):
            served = n["demand"] - n["rationed"]  # lent at the bank-optimal rate
            right.annotate("", xy=(n["rate"], served), xytext=(n["rate"], n["demand"]),
                           arrowprops={"arrowstyle": "<->", "color": "C3"})
            right.text(
                n["rate"], (served + n["demand"]) / 2, " rationed", color="C3", va="center"
            )
        right.set_xlabel("gross loan rate $R$")
        right.set_ylabel("loans")
        right.legend()
        return _titled(fig, fig.suptitle, data, title)


# ============================================================ Bester: screening
def plot_screening(
    model: Bester, *, collateral_max: Any = None, points: int = 200, ax: Any = None,
    style: str = "paper", title: str = "",
) -> Any:
    """Bester's (collateral, repayment) plane: zero-profit lines, indifference curves, contracts.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> from gametheory_cluster.models.information import Bester
    >>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5), return_low=F(3, 2),
    ...            return_high=F(9, 4), low_share=F(1, 2))
    >>> low = figure_data(plot_screening(b, points=3)).notes["low"]
    >>> low["collateral_exact"], low["repayment_exact"]
    ('105/104', '14/13')
    """
    data = screening_data(model, collateral_max=collateral_max, points=points)
    cs = np.asarray(data.columns["C"])
    styles = {"zero profit (low)": ("C0", "-"), "zero profit (high)": ("C3", "-"),
              "zero profit (pooled)": ("grey", ":"), "indifference (high)": ("C3", "--"),
              "indifference (low)": ("C0", "--")}
    with style_context(style):
        fig, ax = new_axes(ax)
        for label, (color, ls) in styles.items():
            if label in data.columns:
                ax.plot(cs, data.columns[label], color=color, linestyle=ls, label=label)
        for kind, color in (("low", "C0"), ("high", "C3")):
            c = model.separating().contracts[kind]
            ax.plot([float(c.collateral)], [float(c.repayment)], "o", color=color)
        if "wealth" in data.notes:
            ax.axvline(float(model.wealth), color="k", linewidth=0.8, linestyle="-.",
                       label="wealth of the low-risk SME")
        ax.set_xlabel("collateral $C$")
        ax.set_ylabel("repayment $R$")
        ax.legend(fontsize="small")
        return _titled(fig, ax.set_title, data, title)


def plot_wealth_rationing(
    model: Bester, wealths: Sequence[float], *, ax: Any = None, style: str = "paper",
    title: str = "",
) -> Any:
    """Draw the low-risk SME's probability of credit against the collateral it can post.

    Examples
    --------
    >>> from gametheory_cluster.models.information import Bester
    >>> from gametheory_cluster.plotting import figure_data
    >>> from fractions import Fraction as F
    >>> b = Bester(F(9, 10), F(3, 5), funding=F(21, 20), beta=F(4, 5), return_low=F(3, 2),
    ...            return_high=F(9, 4))
    >>> data = figure_data(plot_wealth_rationing(b, [0.5, 2.0]))
    >>> [round(p, 6) for p in data.columns["credit probability (low)"]]
    [0.629371, 1.0]
    """
    data = wealth_rationing_data(model, wealths)
    grid = np.asarray(data.columns["W"])
    needed = float(model.separating().contracts["low"].collateral)
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(grid, data.columns["credit probability (low)"], color="C0")
        ax.axvline(needed, color="grey", linestyle="--", linewidth=0.8)
        ax.set_xlabel("wealth of the low-risk SME $W$ (collateral it can post)")
        ax.set_ylabel("probability of credit")
        ax.set_ylim(0, 1.05)
        return _titled(fig, ax.set_title, data, title)


# ============================================================== moral hazard
def plot_risk_switch(
    model: MoralHazard, deltas: Sequence[float], exit_costs: Sequence[float] = (0,), *,
    ax: Any = None, style: str = "paper", title: str = "", **values: Any,
) -> Any:
    """Draw the switch rate against δ: one-shot (flat) and repeated, for each exit cost.

    Below a curve the SME keeps the safe project; the gap above the one-shot line is
    what the repeated relationship and the cluster's exit cost add.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> from gametheory_cluster.models.information import MoralHazard
    >>> fig = plot_risk_switch(MoralHazard(exit_cost=True), [0.5, 0.6], [0, 20], I=100, Y=150,
    ...                        pi=1, Y_r=250, pi_r=F(1, 2), w=0)
    >>> figure_data(fig).columns["C=20"]
    [110.0, 118.0]
    """
    data = risk_switch_data(model, deltas, exit_costs, **values)
    grid = np.asarray(data.columns["delta"])
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(grid, data.columns["one-shot"], color="k", linestyle="--", label="one-shot")
        for label, col in data.columns.items():
            if not label.startswith("C="):
                continue
            name = f"repeated, {label}" if model.exit_cost else "repeated"
            ax.plot(grid, _column(col), label=name)
        ax.set_xlabel(r"discount factor $\delta$")
        ax.set_ylabel("switch rate $R^*$ (safe below)")
        ax.legend()
        return _titled(fig, ax.set_title, data, title)


# ================================================== reputation and credit records
def plot_reputation_path(
    eq: ReputationEquilibrium, ax: Axes | None = None, style: str = "paper"
) -> Figure:
    """Draw the strategic type's repayment probability, the posterior and the cutoffs over time.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.models.information import ReputationGame
    >>> eq = ReputationGame(horizon=10).solve(I=100, R=110, Y=150, w=0, mu=Fraction(1, 2))
    >>> fig = plot_reputation_path(eq)
    """
    data = reputation_path_data(eq)
    c = {k: [float(v) for v in col] for k, col in data.columns.items()}
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.step(c["period"], c["repay_strategic"], where="mid", marker="o", ms=3,
                label="strategic SME repays (prob.)")
        ax.plot(c["period"], c["posterior"], marker="s", ms=3, label="belief after repayment")
        ax.plot(c["period"], c["cutoff"], ls="--", label="cutoff belief (bank breaks even)")
        ax.step(c["period"], c["lend"], where="mid", ls=":", label="bank lends (prob.)")
        _reputation_axes(ax, eq, "probability", legend="center left")
    return attach_data(fig, data)


def plot_loan_probability(
    eq: ReputationEquilibrium, ax: Axes | None = None, style: str = "paper"
) -> Figure:
    """Draw the ex-ante probabilities of a loan, a repayment and a default, period by period.

    A refusal is absorbing, so once the bank mixes the probability of a loan falls by
    the factor ``bank_mixing * I / R`` each period (marked).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.plotting import figure_data
    >>> from gametheory_cluster.models.information import ReputationGame
    >>> eq = ReputationGame(horizon=30).solve(I=100, R=110, Y=150, w=0, mu=Fraction(1, 10))
    >>> figure_data(plot_loan_probability(eq)).notes["loan_decay"]
    2/3
    """
    data = loan_probability_data(eq)
    c = {k: [float(v) for v in data.columns[k]] for k in ("period", "p_loan", "p_repaid",
                                                          "p_default")}
    n = data.notes
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(c["period"], c["p_loan"], marker="o", ms=3, label="a loan is made")
        ax.plot(c["period"], c["p_repaid"], marker="s", ms=3, ls="--", label="a loan is repaid")
        ax.plot(c["period"], c["p_default"], marker="^", ms=3, ls=":",
                label="a loan is defaulted on")
        if n["bank_mixes_from"] is not None:
            t0 = n["bank_mixes_from"]
            ax.axvline(t0, color="0.5", lw=0.8, ls="--")
            ax.annotate(
                f"bank mixes from period {t0}: loan w.p. {float(n['p_loan_then']):.2f},\n"
                f"then × {n['loan_decay']} a period (a refusal is absorbing)",
                xy=(t0, float(n["p_loan_then"])), xytext=(t0 + 1.5, 0.45),
                arrowprops={"arrowstyle": "->", "color": "0.4"}, fontsize="small")
        _reputation_axes(ax, eq, "ex-ante probability", legend="upper right")
    return attach_data(fig, data)


def plot_rate_path(
    eq: CreditRecordEquilibrium, ax: Axes | None = None, style: str = "paper"
) -> Figure:
    """Draw the zero-profit loan rate against the length of a clean record.

    Records on which the choosing type takes the safe project are shaded; the switch
    is marked.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.models.information import CreditRecordGame
    >>> eq = CreditRecordGame(horizon=8).solve(G=F(13, 10), B=F(17, 10), pi=F(1, 2), r=1,
    ...                                        f_G=F(3, 5), f_B=F(3, 10))
    >>> fig = plot_rate_path(eq)
    >>> from gametheory_cluster.plotting import figure_data
    >>> figure_data(fig).notes["choices"]
    '11111110'
    """
    data = rate_path_data(eq)
    record = data.columns["record"]
    rate = [float(v) for v in data.columns["rate"]]
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(record, rate, marker="o", ms=3, label="loan rate $r_t$ (clean record)")
        ax.axhline(float(eq.values["r"]), ls=":", color="0.4", label="riskless rate $r$")
        for p in eq.periods:
            if p.safe == 1:
                first = p.period == eq.switch_period
                ax.axvspan(p.record - 0.5, p.record + 0.5, color="C2", alpha=0.12, lw=0,
                           label="choosing type takes the safe project" if first else None)
        if eq.switch_period is not None:
            ax.axvline(eq.switch_period - 1, color="C2", ls="--",
                       label=f"choosing type turns safe (record {eq.switch_period - 1})")
        ax.set(xlabel="length of clean record (periods)", ylabel="gross loan rate",
               title="Reputation in debt markets: rates fall with the record")
        ax.legend(loc="upper right")
    return attach_data(fig, data)


def _reputation_axes(ax: Axes, eq: ReputationEquilibrium, ylabel: str, legend: str) -> None:
    """Periods along the bottom, a probability up the side, the game in the title; the legend."""
    ax.set(xlabel="period t", ylabel=ylabel, ylim=(-0.03, 1.03),
           title=f"Reputation: T = {eq.horizon}, prior μ = {float(eq.values['mu']):.3g}")
    ax.legend(loc=legend)


# ================================================================ refinancing
def plot_termination(
    exit_costs: Sequence[Any] | None = None, model: Refinancing | None = None,
    ax: Axes | None = None, style: str = "paper", **values: Any,
) -> Figure:
    """Draw the termination probability of the optimal contract against the exit cost ``C``.

    Examples
    --------
    >>> fig = plot_termination([0, 10, 50])
    """
    data = termination_data(exit_costs, model, **values)
    pts = [(float(c), float(t), float(b)) for c, f, t, b in zip(
        data.columns["C"], data.columns["financed"], data.columns["termination"],
        data.columns["beta_L"], strict=True) if f]
    with style_context(style):
        fig, ax = new_axes(ax)
        if pts:
            xs, term, beta = zip(*pts, strict=True)
            ax.plot(xs, term, marker="o", ms=2.5, label="probability the SME is cut off")
            ax.plot(xs, beta, ls="--", label=r"refinancing after a low report $\beta_L$")
        c_min = float(data.notes["min_exit_cost"])
        if c_min > 0:
            ax.axvspan(float(data.columns["C"][0]), c_min, color="0.85", lw=0,
                       label=f"no loan (C < {c_min:.3g})")
        ax.set(xlabel="exit cost C (lost when cut off)", ylabel="probability", ylim=(-0.02, 1.02),
               title="Bolton–Scharfstein: an exit cost replaces termination")
        ax.legend(loc="center right")
    return attach_data(fig, data)


# ============================================================ signaling (Spence, collateral)
def plot_education_signaling(
    q1: Any = None, levels: Sequence[Any] | None = None, ax: Axes | None = None,
    style: str = "paper", title: str = "",
) -> Figure:
    """Draw Spence's equilibria by education level and the ones the refinements keep.

    Examples
    --------
    >>> fig = plot_education_signaling()
    """
    data = education_data(*(() if q1 is None else (q1,)), levels=levels)
    return _plot_levels(data, "education level y", ("separating", "pooling"),
                        ax, style, title or "Spence (1973): signaling equilibria")


def plot_collateral_signaling(
    levels: Sequence[Any], cluster: bool = False, ax: Axes | None = None, style: str = "paper",
    title: str = "", **values: Any,
) -> Figure:
    """Draw the collateral game's equilibria by collateral level and the ones the refinements keep.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.models.information.signaling import DEFAULTS
    >>> fig = plot_collateral_signaling([Fraction(k, 4) for k in range(5)], **DEFAULTS)
    """
    data = collateral_data(levels, cluster, **values)
    where = "inside the cluster" if cluster else "outside the cluster"
    return _plot_levels(data, "collateral offered c", ("separating", "pooling"),
                        ax, style, title or f"Collateral as a signal, {where}")


def _plot_levels(data: Any, xlabel: str, rows: tuple[str, str], ax: Axes | None, style: str,
                 title: str) -> Figure:
    x = np.arange(len(data.columns["y"]))
    with style_context(style):
        fig, ax = new_axes(ax)
        for kind, height in (("separating", 0.0), ("pooling", 1.0)):
            marks = [
                (f"{kind}: a PBE", "", "o", 10, "none"),
                (f"{kind}: passes the Intuitive Criterion", " (IC)", "s", 6, None),
                (f"{kind}: passes D1", " (D1)", "*", 9, None),
            ]
            for label, suffix, marker, size, face in marks:
                flags = np.asarray(data.columns[kind + suffix])
                ax.plot(x[flags == 1], np.full(int(flags.sum()), height), ls="none",
                        marker=marker, ms=size, mfc=face, label=label)
        ax.set(xticks=x, xticklabels=data.columns["y"], yticks=[0, 1], ylim=(-1.7, 1.5),
               xlabel=xlabel, title=title)
        ax.set_yticklabels(list(rows), rotation=90, va="center")
        ax.legend(loc="lower center", ncol=2, fontsize="x-small")
    return attach_data(fig, data)


def plot_signaling_survival(
    model: CollateralSignaling, mus: Sequence[Any], ax: Axes | None = None,
    style: str = "paper", title: str = "", **values: Any,
) -> Figure:
    """Draw, against the prior, where pooling without collateral survives the Intuitive Criterion.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from gametheory_cluster.models.information.signaling import DEFAULTS
    >>> model = CollateralSignaling(levels=(0, 1))
    >>> fig = plot_signaling_survival(model, [Fraction(k, 10) for k in range(1, 10)], **DEFAULTS)
    """
    data = survival_data(model, mus, **values)
    mu = [float(v) for v in data.columns["mu"]]
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.step(mu, data.columns["isolated pooling (IC)"], where="mid",
                label="outside the cluster: pooling survives the IC")
        ax.step(mu, [v + 0.03 for v in data.columns["cluster pooling (IC)"]], where="mid", ls="--",
                label="inside the cluster: pooling survives the IC")
        ax.step(mu, data.columns["isolated separating (IC)"], where="mid", ls=":",
                label="separating (collateral) survives the IC")
        ax.axvline(float(data.notes["pooling threshold"]), color="grey", lw=0.8)
        ax.set(xlabel="share of good SMEs μ", ylabel="survives (1) or not (0)",
               ylim=(-0.1, 1.2), title=title or "Collateral signaling: what the cluster changes")
        ax.legend(loc="center right", fontsize="small")
    return attach_data(fig, data)


def plot_refinancing_welfare(
    exit_costs: Sequence[Any] | None = None, cases: Any = None, model: Refinancing | None = None,
    ax: Any = None, style: str = "paper",
) -> Figure:
    """Termination (left) and total surplus (right) of the optimal contract against ``C``.

    The bank breaks even, so the surplus is the SME's payoff. By default two cases:
    the base case (``Y_L = 90``, Bolton–Scharfstein's contract exists at ``C = 0``)
    and ``Y_L = 80`` (no loan below ``C = 55/6``). The exit cost makes lending
    possible where it is not, but any ``C`` above the minimum lowers the surplus.
    ``ax`` may be a pair of axes.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> data = figure_data(plot_refinancing_welfare([0, 10, 20]))
    >>> data.columns["welfare (Y_L = 90)"]
    [36, 460/13, 35]
    """
    data = welfare_data(exit_costs, cases, model)
    labels = [k[len("welfare ("):-1] for k in data.columns if k.startswith("welfare (")]
    costs = [float(c) for c in data.columns["C"]]
    with style_context(style):
        fig, left, right = _two_panels(ax)
        for k, label in enumerate(labels):
            color = f"C{k}"
            for axis, key in ((left, "termination"), (right, "welfare")):
                pts = [(x, float(v)) for x, v in zip(costs, data.columns[f"{key} ({label})"],
                                                     strict=True) if v is not None]
                if pts:
                    xs, ys = zip(*pts, strict=True)
                    axis.plot(xs, ys, color=color, marker="o", ms=2, label=label)
            best = float(data.notes[f"first_best ({label})"])
            right.axhline(best, color=color, ls=":", lw=0.8)
            c_min = float(data.notes[f"min_exit_cost ({label})"])
            if c_min > 0:
                for axis in (left, right):
                    axis.axvline(c_min, color=color, ls="--", lw=0.8)
        left.set(xlabel="exit cost C", ylabel="probability the SME is cut off",
                 ylim=(-0.02, None))
        right.set(xlabel="exit cost C", ylabel="total surplus (= SME's payoff)")
        right.text(0.98, 0.02, "dotted: first best (no termination)", transform=right.transAxes,
                   ha="right", va="bottom", fontsize="small", color="0.4")
        left.legend(title="low return", fontsize="small")
        fig.suptitle("Bolton–Scharfstein: the exit cost makes lending possible, but any C above "
                     "the minimum lowers welfare", fontsize="medium")
    return attach_data(fig, data)
