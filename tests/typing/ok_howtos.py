"""The how-to guides (docs/howto/), as a user types them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import numpy as np

import gametheory_cluster as gc
from gametheory_cluster.games import StageGame
from gametheory_cluster.plotting import plot_region
from gametheory_cluster.sweep import honest_region, sweep, threshold_curve

# minimum exit cost
model = gc.RepeatedLending(exit_cost=True)
t = model.threshold("C", Y=150, R=110, w=0, delta=Fraction(3, 5))
if t.binding is not None:
    print(t.value, t.direction, t.binding.label)

# region map: numpy grids in, a boolean array out
both = gc.RepeatedLending(exit_cost=True, detection=True)
delta, q = np.meshgrid(np.linspace(0.05, 0.95, 300), np.linspace(0, 1, 300), indexing="ij")
region: np.ndarray = honest_region(both, delta=delta, q=q, Y=150, R=110, w=0, I=100, C=20)
share = float(region.mean())
fig = plot_region(both, ("delta", np.linspace(0.05, 0.95, 50)), ("q", np.linspace(0, 1, 50)),
                  Y=150, R=110, w=0, I=100, C=20)

# a large sweep on an executor
grid = {"delta": np.linspace(0.05, 0.95, 91), "q": np.linspace(0, 1, 51)}
with ThreadPoolExecutor(2) as pool:
    pooled = sweep(both, grid, executor=pool, chunks=8, progress=False,
                   Y=150, R=110, w=0, I=100, C=10)
honest_share = float(pooled.values["honest"].mean())
curve = threshold_curve(model, "delta", "C", np.linspace(0, 120, 13), Y=150, R=110, w=0)
values: np.ndarray = curve.values

# a custom model file
custom = gc.load_model(Path("docs/howto/exit_cost_model.toml"))
print(custom.threshold("delta", Y=150, R=110, w=0, C=20).value)

# LaTeX
prop = gc.RepeatedLending(exit_cost=True).proposition()
print(prop.threshold, prop.corollaries[0].text(), prop.statement("zh"))

# Gambit
lending = gc.LendingGame()
text: str = gc.to_nfg(lending, I=100, Y=150, R=110, w=0)
back = gc.read_nfg(text)

# stage games: every equilibrium, no cast
eqs = StageGame([[1, 0], [0, 1]], [[1, 0], [0, 1]]).equilibria()
first = eqs.extreme_points[0]
print(first.row, first.col, first.value, len(eqs.components))

# a simulated population
result = gc.simulate_cluster(gc.RepeatedLending(detection=True), 1000, 25, rng=9,
                             progress=False, Y=150, R=110, w=0, q=Fraction(1, 3))
rate: float = result.default_rate
