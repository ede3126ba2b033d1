"""Grid evaluation: compiled functions agree with exact solving point by point."""

from fractions import Fraction

import numpy as np
import pytest

import gametheory_cluster as gc
from gametheory_cluster.errors import DomainError, MissingParameterError, UnknownParameterError
from gametheory_cluster.sweep import honest_region, threshold_curve

BASE = {"Y": 150, "R": 110, "w": 0}


def test_region_agrees_with_exact_check():
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    deltas = np.linspace(0.05, 0.95, 7)
    qs = np.linspace(0, 1, 5)
    grid_d, grid_q = np.meshgrid(deltas, qs, indexing="ij")
    region = honest_region(model, **BASE, I=100, C=10, delta=grid_d, q=grid_q)
    for i, d in enumerate(deltas):
        for j, q in enumerate(qs):
            exact = model.is_honest(**BASE, I=100, C=10, delta=Fraction(d).limit_denominator(10**6),
                                    q=Fraction(q).limit_denominator(10**6))
            assert region[i, j] == bool(exact)


def test_threshold_curve_agrees_with_pointwise_threshold():
    model = gc.RepeatedLending(detection=True)
    grid = [0.75, 0.8, 0.9, 0.95]
    curve = threshold_curve(model, "q", "delta", grid, **BASE)
    for x, y, ok in zip(grid, curve.values, curve.attainable):
        t = model.threshold("q", **BASE, delta=x)
        assert ok and y == pytest.approx(t.value)


def test_unattainable_points_are_flagged():
    curve = threshold_curve(gc.RepeatedLending(detection=True), "q", "delta", [0.5, 0.9], **BASE)
    assert curve.attainable.tolist() == [False, True]


@pytest.mark.parametrize("values, error", [
    ({"delta": np.array([0.5, 1.2])}, DomainError),
    ({"delta": np.array([np.nan])}, DomainError),
    ({"delta": np.array([])}, DomainError),
    ({"delta": 0.5, "Q": 1}, UnknownParameterError),
    ({"delta": 0.5}, MissingParameterError),
])
def test_bad_grids(values, error):
    args = {**BASE, "I": 100, **values} if error is not MissingParameterError else values
    with pytest.raises(error):
        honest_region(gc.RepeatedLending(), **args)
