"""Figures of Spence (1973), "Job Market Signaling", and its reading for collateral in credit.

Spence's example: group I (share ``q1 = 1/2``) has productivity 1 and pays ``y`` for
education ``y``; group II has productivity 2 and pays ``y/2``; education levels 0 to 2
by 1/4. The credit reading (:mod:`gametheory_cluster.models.information.signaling`):
an SME succeeds with probability 9/10 (good) or 1/2 (bad), earns ``Y = 2`` on success,
repays ``R = 3/2`` on a loan of ``I = 1``, pays a fee ``f = 1/20`` to pledge, and the
bank realises ``beta = 2/5`` of seized collateral; a quarter of SMEs are good, and a
cluster association turns away ``h = 3/5`` of the bad ones that apply through it.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from matplotlib.figure import Figure

from gametheory_cluster.models.information.signaling import (
    DEFAULTS,
    CollateralSignaling,
    cluster_prior,
    collateral_data,
    education_data,
)
from gametheory_cluster.plotting.information import (
    plot_collateral_signaling,
    plot_education_signaling,
    plot_signaling_survival,
)

F = Fraction
LEVELS = [F(k, 4) for k in range(9)]
PRIORS = [F(k, 40) for k in range(1, 40)]


def make_figure_1_education_equilibria() -> Figure:
    """Spence's separating and pooling equilibria by education level, and the refinements."""
    return plot_education_signaling(F(1, 2), LEVELS)


def make_figure_2_collateral_separation() -> Figure:
    """Collateral as the good SME's signal outside a cluster: the least-cost separation."""
    return plot_collateral_signaling(LEVELS, cluster=False, **DEFAULTS)


def make_figure_3_cluster_and_the_intuitive_criterion() -> Figure:
    """Against the share of good SMEs: where lending to all without collateral survives."""
    return plot_signaling_survival(CollateralSignaling(levels=(0, 1)), PRIORS, **DEFAULTS)


def headline() -> dict[str, object]:
    """Spence's equilibria and refinements; the credit reading inside and outside a cluster."""
    spence = education_data(F(1, 2), LEVELS).columns
    collateral = collateral_data(LEVELS, **DEFAULTS)
    model = CollateralSignaling(levels=(0, 1))
    values = {k: v for k, v in DEFAULTS.items() if k not in ("mu", "h")}
    threshold = model.pooling_threshold().subs(
        {s: values[s.name] for s in model.pooling_threshold().free_symbols})

    def chosen(columns: dict, key: str) -> list[str]:
        return [y for y, flag in zip(columns["y"], columns[key], strict=True) if flag]

    isolated = model.survivors(False, **DEFAULTS)
    inside = model.survivors(True, **DEFAULTS)
    return {
        "separating education levels": chosen(spence, "separating"),
        "pooling education levels": chosen(spence, "pooling"),
        "separating levels passing the Intuitive Criterion": chosen(spence, "separating (IC)"),
        "separating levels passing D1": chosen(spence, "separating (D1)"),
        "pooling equilibria passing the Intuitive Criterion": chosen(spence, "pooling (IC)"),
        "least separating collateral": collateral.notes["least separating collateral"],
        "collateral levels passing the Intuitive Criterion": chosen(collateral.columns,
                                                                    "separating (IC)"),
        "prior above which the pool is lent to": sp.nsimplify(threshold),
        "members' prior at mu = 1/4": cluster_prior(DEFAULTS["mu"], DEFAULTS["h"]),
        "surviving outside the cluster": [e.kind for e in isolated],
        "surviving inside the cluster": [e.kind for e in inside],
    }
