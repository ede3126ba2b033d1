"""Figures of the source paper: Industrial clusters and the financing of China's SMEs.

The paper argues in words; each figure below is the toolkit's exact version of one
of its claims, on the base case ``I=100, Y=150, R=110, w=0`` (10% interest on a
project returning 50%) and, for the cluster, a rent ``s=5`` per period.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from matplotlib.figure import Figure

import gametheory_cluster as gc
from gametheory_cluster.plotting import plot_region, plot_threshold_curves

BASE = {"I": 100, "Y": 150, "R": 110, "w": 0}
CLUSTER = {**BASE, "s": 5}

ISOLATED = gc.RepeatedLending()
CLUSTERED = gc.RepeatedLending(exit_cost=True, cluster_rent=True)
EXIT_COST_GRID = np.linspace(0, 120, 121)
DELTA_GRID = np.linspace(0.01, 0.99, 99)


def make_figure_1_threshold_vs_exit_cost() -> Figure:
    """δ* against the exit cost C: an isolated SME vs one inside a cluster (claim 2.1, 2.3)."""
    return plot_threshold_curves(
        {"isolated SME": ISOLATED, "clustered SME": CLUSTERED},
        "delta",
        "C",
        EXIT_COST_GRID,
        title="Critical discount factor and exit cost",
        **CLUSTER,
    )


def make_figure_2_region_delta_exit_cost() -> Figure:
    """Where honest repayment is subgame perfect in the (δ, C) plane, clustered SME."""
    return plot_region(
        CLUSTERED,
        ("delta", DELTA_GRID),
        ("C", EXIT_COST_GRID[::2]),
        title="Honest repayment is subgame perfect (shaded)",
        **CLUSTER,
    )


def make_figure_3_debt_capacity() -> Figure:
    """The largest credible repayment R against δ, isolated vs clustered SME."""
    return plot_threshold_curves(
        {"isolated SME": ISOLATED, "clustered SME (C=20)": CLUSTERED},
        "R",
        "delta",
        DELTA_GRID,
        player="sme",
        title="Debt capacity",
        **{k: v for k, v in CLUSTER.items() if k not in ("R", "I")},
        C=20,
    )


def make_figure_4_min_detection() -> Figure:
    """The minimum probability q that a default becomes known, against δ (claim 1.3, 3.1)."""
    return plot_threshold_curves(
        {
            "isolated SME": gc.RepeatedLending(detection=True),
            "clustered SME (C=20)": gc.RepeatedLending(
                detection=True, exit_cost=True, cluster_rent=True
            ),
        },
        "q",
        "delta",
        DELTA_GRID,
        title="Minimum detection probability",
        **CLUSTER,
        C=20,
    )


def make_figure_5_threshold_by_network() -> Figure:
    """δ* by the shape of the cluster's network: news of a default travels along ties (claim 2.2)."""  # noqa: E501
    from gametheory_cluster.plotting.community import plot_threshold_by_network

    return plot_threshold_by_network(12, r=Fraction(1, 2), s=2, Y=150, R=110, w=0, rng=0)


def make_figure_6_simulated_default_rate() -> Figure:
    """5,000 simulated firms with mixed patience: SMEs' best responses to a fixed lending rule."""
    from gametheory_cluster.plotting.community import plot_simulation
    from gametheory_cluster.simulate import simulate_cluster

    model = gc.RepeatedLending(detection=True, exit_cost=True)
    result = simulate_cluster(model, 5000, 40, rng=0, Y=150, R=110, w=0, q=0.5, C=20, I=100)
    return plot_simulation(result)


def make_figure_7_credit_guarantee() -> Figure:
    """A credit guarantee: the coverage window where the bank lends and monitors (claim 3.1)."""
    from gametheory_cluster.plotting.policy import plot_guarantee

    return plot_guarantee()


def make_figure_8_lever_ranking() -> Figure:
    """Which recommendation lowers δ* most, locally: registry (q), law (lam), capital markets (w).

    Two unit-free rankings side by side: the elasticity of δ*, and the change of δ* when
    each lever closes a tenth of the gap to the end of its feasible range.
    """
    from gametheory_cluster.plotting.policy import plot_lever_ranking

    return plot_lever_ranking()


def make_figure_9_payoff_sets() -> Figure:
    """All subgame-perfect payoffs (bank, SME) as δ grows: isolated vs clustered SME (C = 20)."""
    from gametheory_cluster.plotting.lending import plot_payoff_sets

    return plot_payoff_sets()


def make_figure_10_threshold_over_lenders_and_detection() -> Figure:
    """δ* over N lenders and the detection probability q: repaying is the SME's optimal policy."""
    from gametheory_cluster.plotting.community import plot_threshold_nq

    return plot_threshold_nq(N_values=range(1, 7), which="on_path")


def make_figure_11_guarantee_contagion() -> Figure:
    """Mutual-guarantee circles (担保圈): expected failures against the shock, by shape (§3.1)."""
    from gametheory_cluster.plotting.policy import plot_guarantee_contagion

    return plot_guarantee_contagion()


def make_figure_12_phase_portrait() -> Figure:
    """Populations of banks and SMEs under replicator dynamics: the basin of (Lend, Repay)."""
    from gametheory_cluster.dynamics import LendingDynamics
    from gametheory_cluster.plotting.dynamics import plot_phase_portrait

    dynamics = LendingDynamics(
        recovery=True,
        guarantee=True,
        exit_cost=True,
        cluster_rent=True,
        detection=True,
        credit_cost=True,
    )
    return plot_phase_portrait(
        dynamics,
        I=100,
        R=110,
        lam=Fraction(3, 10),
        g=Fraction(1, 2),
        q=Fraction(1, 2),
        C=200,
        s=20,
        k=3,
    )


def make_figure_13_credible_punishment() -> Figure:
    """Where the cluster's boycott of a defaulter is credible: the partners' side (claim 2.2–2.3)."""  # noqa: E501
    from gametheory_cluster.plotting.community import plot_credibility_region

    return plot_credibility_region(
        np.linspace(0.0, 1.0, 41), np.linspace(0.40, 0.99, 119), N=3, s=20, **BASE
    )


def make_figure_14_three_questions_over_lenders() -> Figure:
    """δ* of three questions over N and q: one deviation at the start, on path, sequential."""
    from gametheory_cluster.plotting.community import plot_threshold_notions

    return plot_threshold_notions()


def headline() -> dict[str, object]:
    """The numbers the figures rest on, exact."""
    d = Fraction(7, 10)
    return {
        "delta* isolated": ISOLATED.threshold("delta", **BASE).value,
        "delta* cluster (C=20, s=5)": CLUSTERED.threshold("delta", **CLUSTER, C=20).value,
        "C* at delta=0.7 (s=5)": CLUSTERED.threshold("C", **CLUSTER, delta=d).value,
        "T_min at delta=0.9": gc.RepeatedLending(punishment="exclusion")
        .threshold("T", **BASE, delta=Fraction(9, 10))
        .value,
        "debt capacity at delta=0.9, isolated": ISOLATED.debt_capacity(
            Y=150, w=0, delta=Fraction(9, 10)
        ).value,
        "q_min at delta=0.9, isolated": gc.RepeatedLending(detection=True)
        .threshold("q", **BASE, delta=Fraction(9, 10))
        .value,
    }
