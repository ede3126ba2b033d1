"""Grid evaluation: compiled functions agree with exact solving point by point."""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

import gametheory_cluster as gc
from gametheory_cluster import sweep as sweep_module
from gametheory_cluster.errors import DomainError, MissingParameterError, UnknownParameterError
from gametheory_cluster.sweep import honest_region, sweep, threshold_curve

BASE = {"Y": 150, "R": 110, "w": 0}


def test_region_agrees_with_exact_check():
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    deltas = np.linspace(0.05, 0.95, 7)
    qs = np.linspace(0, 1, 5)
    grid_d, grid_q = np.meshgrid(deltas, qs, indexing="ij")
    region = honest_region(model, **BASE, I=100, C=10, delta=grid_d, q=grid_q)
    for i, d in enumerate(deltas):
        for j, q in enumerate(qs):
            exact = model.is_honest(
                **BASE,
                I=100,
                C=10,
                delta=Fraction(d).limit_denominator(10**6),
                q=Fraction(q).limit_denominator(10**6),
            )
            assert region[i, j] == bool(exact)


def test_threshold_curve_agrees_with_pointwise_threshold():
    model = gc.RepeatedLending(detection=True)
    grid = [0.75, 0.8, 0.9, 0.95]
    curve = threshold_curve(model, "q", "delta", grid, **BASE)
    for x, y, ok in zip(grid, curve.values, curve.attainable, strict=False):
        t = model.threshold("q", **BASE, delta=x)
        assert ok and y == pytest.approx(t.value)


def test_unattainable_points_are_flagged():
    curve = threshold_curve(gc.RepeatedLending(detection=True), "q", "delta", [0.5, 0.9], **BASE)
    assert curve.attainable.tolist() == [False, True]


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"delta": np.array([0.5, 1.2])}, DomainError),
        ({"delta": np.array([np.nan])}, DomainError),
        ({"delta": np.array([])}, DomainError),
        ({"delta": 0.5, "Q": 1}, UnknownParameterError),
        ({"delta": 0.5}, MissingParameterError),
    ],
)
def test_bad_grids(values, error):
    args = {**BASE, "I": 100, **values} if error is not MissingParameterError else values
    with pytest.raises(error):
        honest_region(gc.RepeatedLending(), **args)


# ------------------------------------------------------------------ sweep()
GRID = {"delta": np.linspace(0.05, 0.95, 37), "C": np.linspace(0, 120, 25)}


def test_sweep_model_matches_region():
    model = gc.RepeatedLending(exit_cost=True)
    result = sweep(model, GRID, **BASE, I=100)
    d, c = np.meshgrid(*GRID.values(), indexing="ij")
    assert np.array_equal(
        result.values["honest"], honest_region(model, delta=d, C=c, **BASE, I=100)
    )
    assert result.values["min_slack"].shape == (37, 25)


def test_sweep_threshold_expression_matches_exact():
    t = gc.RepeatedLending(exit_cost=True).threshold("delta", **BASE)
    result = sweep(t, {"C": [0, 20, 50]})
    exact = [
        float(gc.RepeatedLending(exit_cost=True).threshold("delta", **BASE, C=c).value)
        for c in (0, 20, 50)
    ]
    assert np.allclose(result.values["delta"], exact)


@pytest.mark.parametrize("make", [lambda: ThreadPoolExecutor(2), lambda: ProcessPoolExecutor(2)])
def test_executors_give_identical_results(make):
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    grid = {"delta": np.linspace(0.05, 0.95, 41), "q": np.linspace(0, 1, 9)}
    local = sweep(model, grid, **BASE, I=100, C=10)
    with make() as pool:
        remote = sweep(model, grid, executor=pool, chunks=5, **BASE, I=100, C=10)
    assert np.array_equal(local.values["min_slack"], remote.values["min_slack"])


def test_sweep_on_dask_localcluster_is_bit_identical():
    distributed = pytest.importorskip("distributed")
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    grid = {"delta": np.linspace(0.05, 0.95, 41), "q": np.linspace(0, 1, 9)}
    local = sweep(model, grid, **BASE, I=100, C=10)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = sweep(model, grid, executor=client.get_executor(), chunks=4, **BASE, I=100, C=10)
    assert np.array_equal(local.values["min_slack"], remote.values["min_slack"])


def test_sweep_frame_and_progress():
    seen = []
    result = sweep(
        gc.RepeatedLending(),
        {"delta": [0.5, 0.8]},
        chunks=2,
        progress=lambda done, total: seen.append((done, total)),
        **BASE,
        I=100,
    )
    frame = result.to_frame()
    assert list(frame.columns) == ["delta", "min_slack", "honest"] and seen == [(1, 2), (2, 2)]


@pytest.mark.parametrize(
    ("grid", "values", "error"),
    [
        ({}, {}, DomainError),
        ({"delta": [0.5, 1.5]}, {}, DomainError),
        ({"dleta": [0.5]}, {}, UnknownParameterError),
        ({"delta": [0.5]}, {"delta": 0.5}, DomainError),
        ({"delta": [[0.5]]}, {}, DomainError),
    ],
)
def test_sweep_bad_input(grid, values, error):
    with pytest.raises(error):
        sweep(gc.RepeatedLending(), grid, **{**BASE, "I": 100, **values})


def test_sweep_rejects_unknown_targets():
    with pytest.raises(gc.GameTheoryClusterError, match="cannot sweep"):
        sweep("delta", {"delta": [0.5]})


# ------------------------------------------------- what the sweep's speed rests on

def _forbid(*args, **kwargs):
    raise AssertionError("a numeric sweep called sympy or built a full-size grid")


def test_numeric_sweep_touches_no_sympy_once_compiled(monkeypatch):
    """The second sweep of the same model and fixed values reuses the compiled function."""
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    grid = {"delta": np.linspace(0.05, 0.95, 41), "q": np.linspace(0, 1, 9)}
    first = sweep(model, grid, **BASE, I=100, C=10)
    region = honest_region(model, **BASE, I=100, C=10, delta=grid["delta"][:, None], q=grid["q"])
    for name in ("lambdify", "sympify", "simplify", "nsimplify"):
        monkeypatch.setattr(sp, name, _forbid)
    for name in ("subs", "xreplace"):
        monkeypatch.setattr(sp.Basic, name, _forbid)
    again = sweep(model, grid, **BASE, I=100, C=10)
    assert np.array_equal(again.values["min_slack"], first.values["min_slack"])
    assert np.array_equal(
        honest_region(model, **BASE, I=100, C=10, delta=grid["delta"][:, None], q=grid["q"]),
        region,
    )


def test_sweep_broadcasts_axes_and_keeps_constants_scalar(monkeypatch):
    """The compiled function gets one small array per swept axis (an open mesh) and no
    fixed value; no full-size input grid is built and nothing is stacked or concatenated."""
    model = gc.RepeatedLending(exit_cost=True, detection=True)
    grid = {"delta": np.linspace(0.05, 0.95, 41), "q": np.linspace(0, 1, 9)}
    expected = sweep(model, grid, **BASE, I=100, C=10)
    seen = []
    fold = sweep_module._fold

    def spying_fold(*args):
        folded = fold(*args)

        def spy(*inputs):
            seen.append([np.shape(a) for a in inputs])
            return folded.function(*inputs)

        return sweep_module._Folded(folded.names, folded.varying, folded.constants, spy)

    monkeypatch.setattr(sweep_module, "_fold", spying_fold)
    for name in ("meshgrid", "stack", "concatenate"):
        monkeypatch.setattr(np, name, _forbid)
    result = sweep(model, grid, chunks=3, **BASE, I=100, C=10)
    assert np.array_equal(result.values["min_slack"], expected.values["min_slack"])
    assert len(seen) == 3  # one call per chunk, each with the two swept axes only
    assert all(len(shapes) == 2 and shapes[1] == (1, 9) for shapes in seen)
    assert [shapes[0] for shapes in seen] == [(14, 1), (14, 1), (13, 1)]
