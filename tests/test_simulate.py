"""Tests of the cluster-population simulation against the equilibrium regions.

Second roads: hand closed forms for the default rate (grim trigger with
detection, T-period exclusion, project failure), the repeated-game engine's
values and constraints (the simulation's outcome tables must reproduce them),
and ``is_honest`` for each firm's behaviour.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import matplotlib
import numpy as np
import pytest
from scipy import stats

import gametheory_cluster as gc
from gametheory_cluster.algebra import evaluate
from gametheory_cluster.errors import DomainError, MissingParameterError, ModelError
from gametheory_cluster.parameters import validate
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.community import plot_simulation
from gametheory_cluster.simulate import (
    EVENTS,
    firm_chain,
    simulate_cluster,
    simulation_data,
)

matplotlib.use("Agg")

BASE = {"Y": 150, "R": 110, "w": 0}
UNIFORM = stats.uniform(0.5, 0.5)  # delta ~ U(0.5, 1)
Z = float(stats.norm.ppf(0.9995))  # 99.9% intervals: seeded runs, robust to reseeding


def share_below(threshold) -> float:
    return (float(threshold) - 0.5) / 0.5


# ------------------------------------------------------------ equilibrium regions
def test_grim_trigger_firms_below_the_threshold_default_once():
    model = gc.RepeatedLending()
    result = simulate_cluster(model, 5000, 20, delta_dist=UNIFORM, rng=7, **BASE)
    star = model.threshold("delta", **BASE).value
    assert result.threshold == star == Fraction(11, 15)
    below = result.delta < float(star)
    assert np.array_equal(result.strategic, below.astype(int))
    assert result.events[0, EVENTS.index("default")] == below.sum()
    assert result.events[1:, EVENTS.index("default")].sum() == 0
    assert result.share_below_threshold == pytest.approx(below.mean())


def test_behaviour_comes_from_the_models_constraints():
    model = gc.RepeatedLending(punishment="exclusion", cluster_rent=True, detection=True)
    values = {**BASE, "T": 4, "s": 6, "q": Fraction(3, 4)}
    result = simulate_cluster(model, 60, 3, delta_dist=UNIFORM, rng=2, **values)
    for delta, kind in zip(result.delta, result.kind, strict=True):
        cert = model.is_honest(delta=Fraction(delta), I=100, **values)
        violated = {c.state for c in cert.violated}
        assert (kind & 1 == 1) == ("honest" in violated)
        assert (kind & 2 == 2) == ("honest_out" in violated)


def test_grim_with_detection_matches_the_closed_form():
    # a firm below delta* defaults each period until found out: sum_t (1-q)^t defaults
    model = gc.RepeatedLending(detection=True)
    q, periods = Fraction(1, 4), 40
    result = simulate_cluster(model, 20_000, periods, delta_dist=UNIFORM, rng=1, **BASE, q=q)
    star = model.threshold("delta", **BASE, q=q).value
    expected = share_below(star) * (1 - (1 - q) ** periods) / q / periods
    lo, hi = result.confidence_interval(0.999)
    assert lo <= float(expected) <= hi
    assert result.strategic[result.delta >= float(star)].sum() == 0
    # per period: the share below delta* times the chance they still get a loan
    t = np.arange(periods)
    curve = share_below(star) * float(1 - q) ** t
    assert np.allclose(result.predicted("default"), curve, atol=0.02)
    sim = result.series("default")
    half = Z * np.sqrt(curve * (1 - curve) / result.n_firms) + 1e-3
    assert np.all(np.abs(sim - curve) <= half + 0.02)


def test_exclusion_with_sure_detection_defaults_every_t_plus_one_periods():
    model = gc.RepeatedLending(punishment="exclusion")
    T, periods = 3, 50
    result = simulate_cluster(model, 3000, periods, delta_dist=UNIFORM, rng=3, **BASE, T=T)
    star = model.threshold("delta", **BASE, T=T).value
    below = result.delta < float(star)
    assert np.all(result.strategic[below] == math.ceil(periods / (T + 1)))
    assert np.all(result.strategic[~below] == 0)
    assert np.all(result.loans[below] == math.ceil(periods / (T + 1)))


def test_exclusion_with_detection_tends_to_the_stationary_rate():
    # renewal: 1/q lending periods (each a default), then T excluded: rate 1/(1 + qT)
    model = gc.RepeatedLending(punishment="exclusion", detection=True)
    q, T, periods = Fraction(1, 2), 4, 600
    values = {**BASE, "q": q, "T": T}
    result = simulate_cluster(model, 10_000, periods, delta_dist=UNIFORM, rng=4, **values)
    cheats = np.mean(result.kind == 1)
    tail = result.predicted("default")[-100:]
    assert np.allclose(tail, cheats / (1 + float(q) * T), rtol=1e-6)
    lo, hi = result.confidence_interval(0.999)
    assert lo <= result.predicted_default_rate <= hi


def test_project_failure_makes_honest_firms_default_involuntarily():
    model = gc.RepeatedLending(monitoring=True)
    pi, periods = Fraction(19, 20), 30
    result = simulate_cluster(model, 20_000, periods, delta_dist=UNIFORM, rng=5, **BASE, pi=pi)
    star = float(model.threshold("delta", **BASE, pi=pi).value)
    honest = result.delta >= star
    failed = result.defaults[honest]
    p = 1 - float(pi) ** periods  # an honest firm defaults once, when its project first fails
    half = Z * math.sqrt(p * (1 - p) / honest.sum())
    assert abs(failed.mean() - p) <= half
    assert failed.max() == 1
    assert result.strategic[honest].sum() == 0
    per_period = result.events
    assert np.array_equal(
        per_period[:, EVENTS.index("default")],
        per_period[:, EVENTS.index("strategic")] + per_period[:, EVENTS.index("involuntary")],
    )


# ------------------------------------------------- the tables are the engine's
MODELS = [
    (gc.RepeatedLending(), {}),
    (
        gc.RepeatedLending(detection=True, monitoring=True, recovery=True),
        {"q": Fraction(2, 3), "pi": Fraction(9, 10), "lam": Fraction(3, 10)},
    ),
    (
        gc.RepeatedLending(
            punishment="exclusion", exit_cost=True, cluster_rent=True, detection=True
        ),
        {"T": 3, "C": 20, "s": 5, "q": Fraction(1, 2)},
    ),
    (
        gc.RepeatedLending(continuation=True, exit_cost=True, monitoring=True),
        {"C": 15, "p": Fraction(19, 20), "pi": Fraction(4, 5)},
    ),
]


@pytest.mark.parametrize(("model", "extra"), MODELS)
def test_outcome_tables_reproduce_the_engines_values_and_constraints(model, extra):
    values = {**BASE, **extra}
    delta = Fraction(7, 8)
    chain = firm_chain(model, **values)
    honest = chain.transition(0)
    flow = (chain.probability[0] * chain.payoff[0]).sum(axis=1)
    value = np.linalg.solve(np.eye(len(chain.states)) - float(delta) * honest, flow)
    exact = validate({**values, "delta": delta})
    engine = model.game.values()
    for i, name in enumerate(chain.states):
        if name.startswith("punished_") and name != "punished_1":
            continue  # the engine values a timed phase at its start only
        key = "punished" if name.startswith("punished") else name
        assert value[i] == pytest.approx(float(evaluate(engine[key][1], exact)))
    for bit, name in enumerate(chain.lending):
        i, kind = chain.states.index(name), 1 << bit
        deviate = (
            chain.probability[kind, i]
            * (chain.payoff[kind, i] + float(delta) * value[chain.next[kind, i]])
        ).sum()
        slack = value[i] - deviate
        constraint = next(
            c for c in model.constraints("sme") if c.state == name and c.node == "Lend"
        )
        assert slack == pytest.approx(float(evaluate(constraint.slack, exact)), abs=1e-9)


# ------------------------------------------------------------- seeds, executor
def test_results_do_not_depend_on_the_executor():
    model = gc.RepeatedLending(punishment="exclusion", cluster_rent=True, detection=True)
    values = {**BASE, "T": 2, "s": 5, "q": 0.5}
    plain = simulate_cluster(model, 5000, 60, rng=11, chunk_size=1200, **values)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pooled = simulate_cluster(model, 5000, 60, rng=11, chunk_size=1200, executor=pool, **values)
    for name in ("delta", "kind", "events", "occupancy", "loans", "defaults", "strategic"):
        assert np.array_equal(getattr(plain, name), getattr(pooled, name)), name
    other = simulate_cluster(model, 5000, 60, rng=12, chunk_size=1200, **values)
    assert not np.array_equal(plain.events, other.events)


def test_delta_distributions():
    model = gc.RepeatedLending()
    fixed = simulate_cluster(model, 100, 2, delta_dist=0.9, rng=0, **BASE)
    assert np.all(fixed.delta == 0.9)
    assert fixed.defaults.sum() == 0
    drawn = simulate_cluster(
        model, 100, 2, rng=0, **BASE, delta_dist=lambda rng, size: rng.uniform(0.1, 0.2, size)
    )
    assert drawn.defaults.sum() == 100
    with pytest.raises(DomainError, match="inside"):
        simulate_cluster(model, 100, 2, delta_dist=stats.uniform(0.5, 1.0), rng=0, **BASE)
    with pytest.raises(ModelError, match="delta_dist"):
        simulate_cluster(model, 100, 2, delta_dist="beta", rng=0, **BASE)


# --------------------------------------------------------------- bad inputs
def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ModelError, match="lag"):
        simulate_cluster(gc.RepeatedLending(lag=2), 10, 2, **BASE)
    with pytest.raises(ModelError, match="drawn"):
        simulate_cluster(gc.RepeatedLending(), 10, 2, delta=0.9, **BASE)
    with pytest.raises(MissingParameterError, match="q"):
        simulate_cluster(gc.RepeatedLending(detection=True), 10, 2, **BASE)
    with pytest.raises(DomainError, match="n_firms"):
        simulate_cluster(gc.RepeatedLending(), 1, 2, **BASE)
    with pytest.raises(DomainError, match="periods"):
        simulate_cluster(gc.RepeatedLending(), 10, 0, **BASE)
    with pytest.raises(ModelError, match="RepeatedLending"):
        simulate_cluster("grim", 10, 2, **BASE)
    result = simulate_cluster(gc.RepeatedLending(), 10, 2, rng=0, **BASE)
    with pytest.raises(ModelError, match="valid events"):
        result.series("bankrupt")
    with pytest.raises(DomainError):
        result.confidence_interval(1.5)


def test_no_threshold_is_reported_not_hidden():
    # outside the cluster a one-period exclusion cannot deter anyone: no delta*
    model = gc.RepeatedLending(punishment="exclusion", cluster_rent=True)
    result = simulate_cluster(model, 200, 10, rng=0, **BASE, T=1, s=40)
    assert result.threshold is None
    assert "honest_out" in result.threshold_note  # the constraint that fails is named
    assert np.all(result.kind & 2)  # every firm defaults once readmitted outside


# ------------------------------------------------------------- results, figure
def test_results_are_plain_data_and_plot():
    model = gc.RepeatedLending(detection=True)
    result = simulate_cluster(model, 1000, 25, rng=9, **BASE, q=Fraction(1, 3))
    data = json.loads(json.dumps(result.to_dict()))
    star = model.threshold("delta", **BASE, q=Fraction(1, 3)).value
    assert data["threshold_exact"] == str(star) and data["threshold"] == float(star)
    assert data["confidence_interval"][0] <= data["default_rate"] <= data["confidence_interval"][1]
    assert len(data["series"]["default"]) == 25
    assert "default rate" in str(result)
    assert "SimulationResult(1000 firms" in repr(result)
    assert result.firm_periods_per_second > 0
    fig = plot_simulation(result)
    cols = figure_data(fig).columns
    assert cols == simulation_data(result).columns
    assert all(
        lo <= s <= hi
        for lo, s, hi in zip(cols["lower"], cols["simulated"], cols["upper"], strict=True)
    )
    assert cols["predicted"][0] == pytest.approx(result.share_below_threshold)


def test_ten_thousand_firms_for_a_thousand_periods():
    model = gc.RepeatedLending(punishment="exclusion", detection=True, monitoring=True)
    values = {**BASE, "q": 0.5, "T": 3, "pi": 0.95}
    result = simulate_cluster(model, 10_000, 1000, rng=0, **values)
    lo, hi = result.confidence_interval(0.999)
    assert lo <= result.predicted_default_rate <= hi


# ------------------------------------------------------------ the banks' side
def _impatient(share, low=0.6, high=0.95):
    """A population with the given share at delta = low and the rest at high (deterministic)."""

    def draw(rng, size):
        out = np.full(size, high)
        out[: round(share * size)] = low
        return out

    return draw


def test_first_loan_profit_is_the_pools_repayment_minus_the_principal():
    # source figure 6: delta* = 5/6, two thirds below; a loan pays R (1 - d) - I
    model = gc.RepeatedLending(detection=True, exit_cost=True)
    values = {**BASE, "q": Fraction(1, 2), "C": 20, "I": 100}
    result = simulate_cluster(model, 20_000, 12, rng=6, **values)
    d = float(np.mean(result.delta < 5 / 6))
    assert result.first_loan_profit == pytest.approx(110 * (1 - d) - 100, abs=1e-9)
    half = Z * 110 * math.sqrt(2 / 9 / result.n_firms)  # the population's value, -63.3...
    assert abs(result.first_loan_profit - (110 / 3 - 100)) <= half
    assert not result.is_equilibrium
    # per period (hand): honest firms repay, the rest default until found out (w.p. 1/2)
    t = np.arange(12)
    hand = (1 - d) * 10 - d * 0.5 ** t * 100
    assert np.allclose(result.predicted_bank_profit(), hand)
    sim = result.bank_profit()
    sd = 110 * np.sqrt(d * 0.5 ** t * (1 - d * 0.5 ** t) / result.n_firms)
    assert np.all(np.abs(sim - hand) <= Z * sd + 1e-9)
    assert result.bank_profit_per_loan == pytest.approx(
        sim.sum() / result.loans.sum() * result.n_firms)


def test_break_even_lending_opens_or_closes_the_market():
    # grim, R = 110, I = 100: lend iff the defaulters' share is at most (R - I)/R = 1/11
    model = gc.RepeatedLending()
    values = {**BASE, "I": 100}
    opens = simulate_cluster(model, 2000, 8, delta_dist=_impatient(0.05), rng=2,
                             lending="break_even", **values)
    fixed = simulate_cluster(model, 2000, 8, delta_dist=_impatient(0.05), rng=2, **values)
    assert opens.first_loan_profit == pytest.approx(110 * 0.95 - 100)
    assert not opens.idle.any() and opens.is_equilibrium and fixed.is_equilibrium
    assert np.array_equal(opens.events, fixed.events)  # the fixed rule breaks even here
    closed = simulate_cluster(model, 2000, 8, delta_dist=_impatient(0.10), rng=2,
                              lending="break_even", **values)
    assert closed.first_loan_profit == pytest.approx(110 * 0.90 - 100)  # -1 < 0
    assert closed.idle[:, 0].all() and closed.loans.sum() == 0
    assert closed.is_equilibrium
    assert np.all(closed.bank_profit() == 0) and np.all(closed.predicted_bank_profit() == 0)
    assert closed.occupancy[:, 0].tolist() == [2000] * 8


def test_break_even_refusing_a_pool_is_flagged_when_firms_expected_credit():
    # exclusion from a cluster with T = 2: every firm defaults once readmitted outside, so
    # banks refuse that pool, which the firms' behaviour did not expect
    model = gc.RepeatedLending(punishment="exclusion", cluster_rent=True, detection=True)
    values = {**BASE, "I": 100, "T": 2, "s": 6, "q": Fraction(1, 2)}
    result = simulate_cluster(model, 2000, 30, delta_dist=_impatient(0.04, 0.8, 0.97), rng=1,
                              lending="break_even", **values)
    assert np.bincount(result.kind).tolist() == [0, 0, 1920, 80]  # all default once outside
    out = result.chain.states.index("honest_out")
    assert result.idle[:, out].any() and not result.idle[:, 0].any()
    assert not result.is_equilibrium
    lo, hi = result.confidence_interval(0.999)
    assert lo <= result.predicted_default_rate <= hi
    assert "banks lend while the pool breaks even" in str(result)


def test_bank_profits_need_the_principal():
    result = simulate_cluster(gc.RepeatedLending(), 50, 3, rng=0, **BASE)
    with pytest.raises(MissingParameterError):
        result.bank_profit()
    with pytest.raises(MissingParameterError):
        simulate_cluster(gc.RepeatedLending(), 50, 3, rng=0, lending="break_even", **BASE)
    with pytest.raises(ModelError):
        simulate_cluster(gc.RepeatedLending(), 50, 3, rng=0, lending="nobody", **BASE)
    assert "best responses to a fixed lending rule" in simulation_data(result).title
