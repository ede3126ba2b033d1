"""Replicator dynamics of banks and SMEs: every result checked by a second road.

Oracles: hand-derived closed forms for the advantages, rest points, eigenvalues, the
ESS threshold and the constant of motion; sympy's own ``solve`` and ``eigenvals`` on
the field; nashpy (the field, trajectories, equilibria); the exact basin from the
separatrix of the hand constant of motion.
"""

from __future__ import annotations

import json
from fractions import Fraction

import nashpy
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from nashpy.learning.replicator_dynamics import get_derivative_of_asymmetric_fitness
from scipy.integrate import quad
from scipy.optimize import brentq

from gametheory_cluster.dynamics import (
    LendingDynamics,
    ReplicatorDynamics,
    X,
    Y,
    cluster_stage_game,
    phase_portrait_data,
)
from gametheory_cluster.errors import (
    DomainError,
    GameError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from gametheory_cluster.games import StageGame
from gametheory_cluster.models.lending import LendingGame
from gametheory_cluster.parameters import symbols
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.dynamics import plot_phase_portrait

ALL = dict(recovery=True, guarantee=True, exit_cost=True, cluster_rent=True, detection=True,
           credit_cost=True)
#: A bistable point: (Lend, Repay) and (Refuse, Default) are both ESS, the interior a saddle.
POINT = dict(I=100, R=110, lam=Fraction(3, 10), g=Fraction(1, 2), q=Fraction(1, 2), C=200,
             s=20, k=3)
I, R, lam, g, q, C, s, k, Yp, w = symbols("I R lam g q C s k Y w")


def hand(values=None):
    """The hand-derived quantities of the full model (module docstring of the tests)."""
    G = (1 - g) * (1 - lam) * R  # the bank's stake in repayment
    B0 = I - lam * R - g * (1 - lam) * R  # the bank's net loss on a default
    D = q * (C + s) - (1 - lam) * R  # the SME's gain from repaying a loan
    out = {
        "G": G, "B0": B0, "D": D,
        "corners": {"(Lend, Repay)": (I - R, k - D), "(Lend, Default)": (B0, D - k),
                    "(Refuse, Repay)": (R - I, k), "(Refuse, Default)": (-B0, -k)},
        "x*": k / D, "y*": B0 / G,
        "eig2": (k / D) * (1 - k / D) * (B0 / G) * (1 - B0 / G) * G * D,
        "H": -B0 * sp.log(Y) - (G - B0) * sp.log(1 - Y) + k * sp.log(X) + (D - k) * sp.log(1 - X),
    }
    if values is None:
        return out
    subs = {symbols(name)[0]: sp.nsimplify(v) for name, v in values.items()}

    def at(e):
        return tuple(at(v) for v in e) if isinstance(e, tuple) else sp.sympify(e).xreplace(subs)

    return {key: ({c: at(v) for c, v in val.items()} if isinstance(val, dict) else at(val))
            for key, val in out.items()}


def same(a, b) -> bool:
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


# --------------------------------------------------------------------------- the stage game


def test_no_switch_is_the_lending_game():
    for recovery in (False, True):
        game, base = cluster_stage_game(recovery=recovery), LendingGame(recovery=recovery)
        assert game.A == base.A and game.B == base.B
        assert game.row_actions == ("Lend", "Refuse") and game.col_actions == ("Repay", "Default")


def test_payoff_table_by_hand():
    game = cluster_stage_game(**ALL)
    default_bank = -I + lam * R
    A = [[R - I, default_bank + g * (R - I - default_bank)], [0, 0]]
    B = [[Yp - R - k, Yp - lam * R - q * (C + s)], [w - k, w]]
    for i in range(2):
        for j in range(2):
            assert same(game.A[i, j], A[i][j]) and same(game.B[i, j], B[i][j])


def test_advantages_by_hand():
    h = hand()
    row, col = LendingDynamics(**ALL).advantages
    assert same(row, Y * h["G"] - h["B0"])
    assert same(col, X * h["D"] - k)
    assert LendingDynamics(**ALL).parameters == ["C", "I", "R", "g", "k", "lam", "q", "s"]


# --------------------------------------------------------------------------- rest points


def test_symbolic_rest_points_by_hand():
    h = hand()
    points = LendingDynamics(**ALL).rest_points()
    for label, (e1, e2) in h["corners"].items():
        p = points[label]
        assert same(p.eigenvalues[0], e1) and same(p.eigenvalues[1], e2)
    inner = points["interior"]
    assert same(inner.x, h["x*"]) and same(inner.y, h["y*"])
    assert same(inner.eigenvalues[1] ** 2, h["eig2"])
    assert same(inner.eigenvalues[0] + inner.eigenvalues[1], 0)
    # with k free the edge x = 0 is at rest exactly when k = 0
    assert points["edge x = 0"].exists == sp.Eq(k, 0)


def test_exact_rest_points_at_rational_values():
    points = LendingDynamics(**ALL).rest_points(**POINT)
    assert [p.label for p in points] == [
        "(Lend, Repay)", "(Lend, Default)", "(Refuse, Repay)", "(Refuse, Default)", "interior"]
    assert [p.stability for p in points] == ["ESS", "source", "source", "ESS", "saddle"]
    inner = points["interior"]
    assert (inner.x, inner.y) == (sp.Rational(1, 11), sp.Rational(57, 77))
    assert inner.eigenvalues == (-30 * sp.sqrt(133) / 77, 30 * sp.sqrt(133) / 77)
    assert points["(Lend, Repay)"].eigenvalues == (-10, -30)
    assert [p.label for p in points.ess] == ["(Lend, Repay)", "(Refuse, Default)"]


def test_float_values_give_floats():
    points = LendingDynamics(**ALL).rest_points(**{**POINT, "lam": 0.3})
    inner = points["interior"]
    assert isinstance(inner.x, float) and inner.x == pytest.approx(1 / 11)
    assert all(isinstance(e, float) for e in inner.eigenvalues)
    assert inner.eigenvalues[1] == pytest.approx(30 * np.sqrt(133) / 77)


def test_rest_points_agree_with_sympy_solve_and_eigenvals():
    """Second road: sympy solves the field itself and diagonalises its Jacobian."""
    model = LendingDynamics(**ALL)
    values = {symbols(n)[0]: sp.nsimplify(v) for n, v in POINT.items()}
    field = [e.xreplace(values) for e in model.field]
    solved = {(sol[X], sol[Y]) for sol in sp.solve(field, [X, Y], dict=True)}
    points = model.rest_points(**POINT)
    assert solved == {(p.x, p.y) for p in points}
    jac = sp.Matrix(field).jacobian([X, Y])
    for p in points:
        expected = sorted(jac.subs({X: p.x, Y: p.y}).eigenvals(multiple=True), key=float)
        assert [sp.simplify(a - b) for a, b in zip(expected, sorted(p.eigenvalues, key=float),
                                                   strict=True)] == [0, 0]


@settings(max_examples=15, deadline=None)
@given(
    I_=st.integers(50, 150), R_=st.integers(50, 200), k_=st.integers(0, 10),
    lam_=st.fractions(0, 1, max_denominator=10), g_=st.fractions(0, 1, max_denominator=10),
    q_=st.fractions(0, 1, max_denominator=10), C_=st.integers(0, 400), s_=st.integers(0, 50),
)
def test_random_points_match_hand_forms(I_, R_, k_, lam_, g_, q_, C_, s_):
    values = dict(I=I_, R=R_, k=k_, lam=lam_, g=g_, q=q_, C=C_, s=s_)
    h = hand(values)
    model = LendingDynamics(**ALL)
    if (h["G"] == 0 and h["B0"] == 0) or (h["D"] == 0 and k_ == 0):  # one side indifferent
        with pytest.raises(ModelError):
            model.rest_points(**values)
        return
    points = model.rest_points(**values)
    for label, (e1, e2) in h["corners"].items():
        assert points[label].eigenvalues == (e1, e2)
        hyperbolic = e1 != 0 and e2 != 0
        assert points[label].is_ess == (hyperbolic and e1 < 0 and e2 < 0)
    inside = 0 < h["x*"] < 1 and 0 < h["y*"] < 1 if h["D"] != 0 and h["G"] != 0 else False
    labels = [p.label for p in points]
    assert ("interior" in labels) == inside
    if inside:
        inner = points["interior"]
        assert (inner.x, inner.y) == (h["x*"], h["y*"])
        assert sp.simplify(inner.eigenvalues[1] ** 2 - h["eig2"]) == 0
        # k >= 0 and G >= 0: the interior point is always a saddle (never a centre)
        assert inner.stability == "saddle"
    assert ("edge x = 0" in labels) == (k_ == 0)
    # ESS of (Lend, Repay) by the derived condition = the hand rule
    condition = model.ess_condition().xreplace({symbols(n)[0]: sp.nsimplify(v)
                                                for n, v in values.items()})
    assert bool(condition) == (R_ > I_ and h["D"] > k_)


def test_interior_point_is_nashpy_mixed_equilibrium_and_ess_are_strict_equilibria():
    model = LendingDynamics(**ALL)
    game = model.to_nashpy(**POINT, Y=150, w=0)
    equilibria = list(game.support_enumeration())
    mixed = [(r, c) for r, c in equilibria if 0 < r[0] < 1]
    inner = model.rest_points(**POINT)["interior"]
    assert len(mixed) == 1
    assert mixed[0][0][0] == pytest.approx(float(inner.x))
    assert mixed[0][1][0] == pytest.approx(float(inner.y))
    pure = {(int(r[0] == 1), int(c[0] == 1)) for r, c in equilibria if r[0] in (0, 1)}
    ess = {(int(p.x), int(p.y)) for p in model.rest_points(**POINT).ess}
    assert ess == pure == {(1, 1), (0, 0)}


# --------------------------------------------------------------------------- the ESS condition


def test_ess_threshold_in_exit_cost_by_hand():
    model = LendingDynamics(**ALL)
    given_ = {n: v for n, v in POINT.items() if n != "C"} | {"g": 0}
    t = model.threshold("C", **given_)
    expected = ((1 - POINT["lam"]) * POINT["R"] + POINT["k"]) / POINT["q"] - POINT["s"]
    assert t.value == sp.nsimplify(expected) == 140 and t.direction == ">="
    given_q = {n: v for n, v in given_.items() if n != "q"} | {"C": 200}
    assert model.threshold("q", **given_q).value == sp.Rational(4, 11)


def test_ess_threshold_without_detection_has_no_solution():
    values = {n: v for n, v in POINT.items() if n != "C"} | {"q": 0}
    with pytest.raises(NoSolutionError):
        LendingDynamics(**ALL).threshold("C", **values)


def test_ess_condition_by_hand():
    cond = LendingDynamics(**ALL).ess_condition()
    h = hand()
    assert cond == sp.And(sp.StrictGreaterThan(sp.factor(R - I), 0),
                          sp.StrictGreaterThan(sp.factor(h["D"] - k), 0))


def test_dynamics_sweep_like_a_model():
    """honest_region / threshold_curve on the dynamics = the exact ESS condition point by point."""
    from gametheory_cluster.sweep import honest_region, threshold_curve

    model = LendingDynamics(**ALL)
    fixed = {n: float(v) for n, v in POINT.items() if n not in ("C", "q")}
    Cs, qs = np.meshgrid([50.0, 150.0, 250.0, 400.0], [0.2, 0.5, 0.9], indexing="ij")
    region = honest_region(model, C=Cs, q=qs, **fixed)
    condition = model.ess_condition()
    for i, j in np.ndindex(Cs.shape):
        point = {**fixed, "C": Cs[i, j], "q": qs[i, j]}
        assert region[i, j] == bool(condition.xreplace(
            {symbols(n)[0]: sp.nsimplify(v) for n, v in point.items()}))
    curve = threshold_curve(model, "C", "q", [0.5, 0.8], **fixed)
    assert curve.values.tolist() == pytest.approx([140.0, 80.0])
    assert [c.player for c in model.constraints("SME")] == ["SME"]


# --------------------------------------------------------------------------- numerics vs nashpy


@settings(max_examples=30, deadline=None)
@given(
    payoffs=st.lists(st.floats(-10, 10), min_size=8, max_size=8),
    x=st.floats(0, 1), y=st.floats(0, 1),
)
def test_field_matches_nashpy(payoffs, x, y):
    A = np.array(payoffs[:4]).reshape(2, 2)
    B = np.array(payoffs[4:]).reshape(2, 2)
    if np.all(A[0] == A[1]) or np.all(B[:, 0] == B[:, 1]):
        return  # a population indifferent whatever the other does (refused, see below)
    dyn = ReplicatorDynamics(StageGame(A, B))
    dx, dy = dyn.velocity(x, y)
    ref = get_derivative_of_asymmetric_fitness(np.array([x, 1 - x, y, 1 - y]), 0, A, B)
    assert dx == pytest.approx(ref[0], abs=1e-9) and dy == pytest.approx(ref[2], abs=1e-9)


def test_trajectories_match_nashpy():
    model = LendingDynamics(**ALL)
    floats = {n: float(v) for n, v in POINT.items()}
    A, B = (np.asarray(m, dtype=float) for m in model.to_nashpy(**POINT, Y=150, w=0)
            .payoff_matrices)
    starts = [(0.05, 0.5), (0.3, 0.9), (0.7, 0.2), (0.95, 0.95), (0.5, 0.74)]
    t = np.linspace(0, 0.5, 11)
    run = model.trajectories([a for a, _ in starts], [b for _, b in starts], t,
                             step=1e-4, **floats)
    for n, (x0, y0) in enumerate(starts):
        xs, ys = nashpy.Game(A, B).asymmetric_replicator_dynamics(
            x0=np.array([x0, 1 - x0]), y0=np.array([y0, 1 - y0]), timepoints=t)
        np.testing.assert_allclose(run.x[:, n], xs[:, 0], atol=1e-6)
        np.testing.assert_allclose(run.y[:, n], ys[:, 0], atol=1e-6)


def test_trajectories_are_vectorised_over_any_shape():
    model = LendingDynamics(exit_cost=True)
    x0, y0 = np.meshgrid(np.linspace(0, 1, 4), np.linspace(0, 1, 3), indexing="ij")
    run = model.trajectories(x0, y0, [0, 0.1, 0.2], I=100, R=110, C=150)
    assert run.x.shape == run.y.shape == (3, 4, 3)
    # edges are invariant: a start on an edge stays on it
    assert np.all(run.x[:, 0, :] == 0) and np.all(run.x[:, -1, :] == 1)
    one = model.trajectories(x0[1, 2], y0[1, 2], [0, 0.1, 0.2], I=100, R=110, C=150)
    np.testing.assert_allclose(one.x, run.x[:, 1, 2])


def test_default_step_is_accurate():
    model = LendingDynamics(**ALL)
    starts = (np.array([0.2, 0.6]), np.array([0.8, 0.3]))
    coarse = model.trajectories(*starts, [0, 0.3], **POINT)
    fine = model.trajectories(*starts, [0, 0.3], step=1e-4, **POINT)
    np.testing.assert_allclose(coarse.x, fine.x, atol=1e-6)
    np.testing.assert_allclose(coarse.y, fine.y, atol=1e-6)


# --------------------------------------------------------------------------- constant of motion


def test_first_integral_is_constant_along_the_field_and_matches_hand():
    model = LendingDynamics(**ALL)
    H = model.first_integral()
    dH = sp.diff(H, X) * model.field[0] + sp.diff(H, Y) * model.field[1]
    assert sp.simplify(dH) == 0
    h = hand()["H"]
    for v in (X, Y):  # equal up to a constant
        assert same(sp.diff(H, v), sp.diff(h, v))


def test_first_integral_is_conserved_by_the_integrator():
    model = LendingDynamics(**ALL)
    H = sp.lambdify((X, Y), model.first_integral().xreplace(
        {symbols(n)[0]: sp.nsimplify(v) for n, v in POINT.items()}))
    run = model.trajectories([0.3, 0.05], [0.6, 0.7], np.linspace(0, 0.4, 5), **POINT)
    values = H(run.x, run.y)
    np.testing.assert_allclose(values, np.broadcast_to(values[0], values.shape), rtol=1e-7)


# --------------------------------------------------------------------------- basins


def exact_basin_share(B0, G, D, k_):
    """Area above the stable manifold of the saddle, from the hand constant of motion.

    The stable manifold runs from (0, 1) through the saddle to (1, 0); it is the level
    set of H through the saddle, on the branch y > y* left of x* and y < y* right of it.
    With k = 0 it is the orbit that ends at (0, y*) on the line of rest points.
    """
    def H(x, y):
        tail = k_ * np.log(x) if k_ else 0.0
        return -B0 * np.log(y) - (G - B0) * np.log(1 - y) + tail + (D - k_) * np.log(1 - x)

    xs, ys = k_ / D, B0 / G
    level = H(xs, ys) if k_ else -B0 * np.log(ys) - (G - B0) * np.log(1 - ys)

    def boundary(x):
        lo, hi = (ys, 1 - 1e-15) if x < xs else (1e-300, ys)
        f = lambda y: H(x, y) - level  # noqa: E731
        if f(lo) * f(hi) > 0:
            return hi if x < xs else lo
        return brentq(f, lo, hi, xtol=1e-14)

    return quad(lambda x: 1 - boundary(x), 0, 1, points=[xs] if k_ else None, limit=200)[0]


@pytest.mark.parametrize(
    "values",
    [POINT, {**POINT, "C": 260, "g": Fraction(4, 5)}, {**POINT, "k": 0}],
    ids=["bistable", "more-cluster", "rest-line"],
)
def test_basin_share_matches_exact_separatrix(values):
    h = hand(values)
    exact = exact_basin_share(*(float(h[n]) for n in ("B0", "G", "D")), float(values["k"]))
    share = LendingDynamics(**ALL).basin(101, **values).share
    assert share == pytest.approx(exact, abs=0.01)


def test_basin_shares_sum_to_one_and_label_corners():
    basin = LendingDynamics(**ALL).basin(31, **POINT)
    shares = basin.shares
    assert sum(shares.values()) == pytest.approx(1)
    assert shares["(Lend, Repay)"] + shares["(Refuse, Default)"] == pytest.approx(1)
    json.dumps(basin.to_dict())


@pytest.mark.parametrize(
    ("name", "higher", "direction"),
    [("C", 260, 1), ("s", 60, 1), ("q", Fraction(3, 5), 1), ("lam", Fraction(2, 5), 1),
     ("g", Fraction(4, 5), 1), ("k", 10, -1)],
)
def test_cluster_parameters_move_the_basin_as_derived(name, higher, direction):
    model = LendingDynamics(**ALL)
    low = model.basin(41, **POINT).share
    high = model.basin(41, **{**POINT, name: higher}).share
    assert np.sign(high - low) == direction
    effect = {e.parameter: e for e in model.basin_effects(**POINT)}[name]
    assert effect.verdict == ("enlarges" if direction > 0 else "shrinks")


def test_symbolic_basin_effects():
    effects = {e.parameter: e for e in LendingDynamics(**ALL).basin_effects()}
    assert {n: (e.row, e.column) for n, e in effects.items()} == {
        "C": (0, 1), "I": (-1, 0), "R": (1, -1), "g": (1, 0), "k": (0, -1),
        "lam": (1, 1), "q": (0, 1), "s": (0, 1)}
    assert effects["C"].verdict == "enlarges" and effects["R"].verdict == "ambiguous"
    assert effects["C"].requires == sp.GreaterThan(sp.factor(hand()["D"]), 0)


def test_centre_of_matching_pennies():
    pennies = ReplicatorDynamics(StageGame([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    inner = pennies.rest_points()["interior"]
    assert inner.stability == "centre" and (inner.x, inner.y) == (sp.S.Half, sp.S.Half)
    assert inner.eigenvalues == (-sp.I, sp.I)
    assert [p.stability for p in pennies.rest_points()][:4] == ["saddle"] * 4
    # orbits are closed: nothing converges, and nashpy agrees on the cycle
    assert pennies.basin(9, max_steps=2000).shares["other"] == 1
    t = np.linspace(0, 3, 7)
    run = pennies.trajectories(0.8, 0.5, t, step=1e-3)
    xs, ys = nashpy.Game(np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]])) \
        .asymmetric_replicator_dynamics(x0=np.array([0.8, 0.2]), y0=np.array([0.5, 0.5]),
                                        timepoints=t)
    np.testing.assert_allclose(run.x, xs[:, 0], atol=1e-6)
    np.testing.assert_allclose(run.y, ys[:, 0], atol=1e-6)


# --------------------------------------------------------------------------- figures


def test_phase_portrait_data_and_figure():
    model = LendingDynamics(**ALL)
    fig = plot_phase_portrait(model, ([0.2, 0.8], [0.5, 0.5]), basin_resolution=21, **POINT)
    data = figure_data(fig)
    cols = data.columns
    rest = {(i, n) for kind, i, n in zip(cols["kind"], cols["id"], cols["note"], strict=True)
            if kind == "rest point"}
    assert rest == {(p.label, p.stability) for p in model.rest_points(**POINT)}
    orbit0 = [(x, y) for kind, i, x, y in zip(cols["kind"], cols["id"], cols["x"], cols["y"],
                                              strict=True) if kind == "orbit" and i == 0]
    assert orbit0[0] == pytest.approx((0.2, 0.5))
    assert data.notes["basin share (Lend, Repay)"] == model.basin(21, **POINT).share
    assert cols["kind"].count("basin") == 21 * 21
    fig.clf()


def test_phase_portrait_draws_rest_lines_and_styles():
    data = phase_portrait_data(LendingDynamics(exit_cost=True), basin_resolution=0,
                               I=100, R=110, C=150)
    lines = [(x, y) for kind, x, y in zip(data.columns["kind"], data.columns["x"],
                                          data.columns["y"], strict=True) if kind == "rest line"]
    assert lines == [(0.0, 0.0), (0.0, 1.0)]
    plot_phase_portrait(LendingDynamics(exit_cost=True), style="slides", basin_resolution=0,
                        I=100, R=110, C=150).clf()
    from gametheory_cluster.errors import GameTheoryClusterError

    with pytest.raises(GameTheoryClusterError, match="valid styles"):
        plot_phase_portrait(LendingDynamics(exit_cost=True), style="poster", I=100, R=110, C=150)


# --------------------------------------------------------------------------- results and errors


def test_results_render_and_serialise():
    points = LendingDynamics(**ALL).rest_points(**POINT)
    json.dumps(points.to_dict())
    assert points.to_dict()[4]["x_exact"] == "1/11" and points.to_dict()[4]["x"] == 1 / 11
    assert "saddle" in str(points) and "interior" in repr(points)
    assert r"\text{interior}" in points.latex()
    symbolic = LendingDynamics(exit_cost=True).rest_points()
    json.dumps(symbolic.to_dict())
    assert "ESS if" in str(symbolic)
    run = LendingDynamics(exit_cost=True).trajectories([0.5], [0.5], [0, 1], I=100, R=110, C=150)
    json.dumps(run.to_dict())
    assert "1 starts" in repr(run)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: ReplicatorDynamics(StageGame([[1, 2, 3]], [[1, 2, 3]])), GameError, "2×2"),
        (lambda: ReplicatorDynamics([[1, 2], [3, 4]]), GameError, "StageGame"),
        (lambda: ReplicatorDynamics(StageGame([[sp.Symbol("x"), 0], [0, 1]], [[1, 0], [0, 1]])),
         GameError, "rename"),
        (lambda: LendingDynamics(exit_cost=1), ModelError, "True or False"),
        (lambda: LendingDynamics(**ALL).rest_points(Q=1), UnknownParameterError, "valid names"),
        (lambda: LendingDynamics(**ALL).rest_points(q=2), DomainError, "outside its domain"),
        (lambda: LendingDynamics(**ALL).basin(5, I=100), MissingParameterError, "need values"),
        (lambda: LendingDynamics(exit_cost=True).trajectories(1.5, 0.5, [0, 1], I=1, R=2, C=3),
         DomainError, r"\[0, 1\]"),
        (lambda: LendingDynamics(exit_cost=True).trajectories(np.nan, 0.5, [0, 1], I=1, R=2, C=3),
         DomainError, "NaN"),
        (lambda: LendingDynamics(exit_cost=True).trajectories(0.5, 0.5, [1, 0], I=1, R=2, C=3),
         DomainError, "increasing"),
        (lambda: LendingDynamics(exit_cost=True).basin(0, I=1, R=2, C=3), DomainError, ">= 1"),
        (lambda: LendingDynamics(exit_cost=True).threshold("C", corner="(Lend, Pay)", I=1, R=2),
         ModelError, "valid corners"),
        # the bank is indifferent whatever the SMEs do: R = I with a full guarantee
        (lambda: LendingDynamics(guarantee=True).rest_points(I=100, R=100, g=1), ModelError,
         "indifferent"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
