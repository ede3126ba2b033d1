"""The tutorial (docs/tutorial.md), as a user types it."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import gametheory_cluster as gc
from gametheory_cluster.plotting import figure_data, plot_threshold_curves

# 1. One loan: the bank refuses
game = gc.LendingGame()
spe = game.sequential().solve(I=100, Y=150, R=110, w=0)[0]
path: tuple[str, ...] = spe.path
result = game.equilibria(I=100, Y=150, R=110, w=0)
n_components: int = len(result.components)
for eq in result.extreme_points:  # no cast: a list of Equilibrium
    row_probabilities = eq.row
    print(eq.value, row_probabilities, eq.is_nash())

# 2. Repetition
isolated = gc.RepeatedLending()
threshold = isolated.threshold("delta", Y=150, R=110, w=0)
print(threshold.value, threshold.direction, threshold.latex(), threshold.to_dict()["value"])
check = isolated.is_honest(I=100, Y=150, R=110, w=0, delta=Fraction(7, 10))
holds: bool = check.holds
binding = check.binding
if binding is not None:
    print(binding.label, binding.description)

# 3. The cluster
clustered = gc.RepeatedLending(exit_cost=True, cluster_rent=True, punishment="grim")
print(clustered.threshold("delta", Y=150, R=110, w=0, C=20, s=5).value)
prop = clustered.proposition()
corollaries: list[str] = [c.text() for c in prop.corollaries if c.parameter in ("C", "s")]
tex: str = prop.to_tex()

# 4. The figure, on a numpy grid
fig = plot_threshold_curves(
    {"isolated": isolated, "clustered": clustered},
    "delta", "C", np.linspace(0, 120, 121), Y=150, R=110, w=0, s=5,
)
curve = figure_data(fig).columns["clustered"]
print(curve[0])
