"""The source paper's figures: the data behind each one, checked against closed forms."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "cluster_financing")


def column(fig, name):
    return np.array([np.nan if v == "" else float(v) for v in figure_data(fig).columns[name]])


def test_figure_1_threshold_against_exit_cost(paper):
    fig = paper.make_figure_1_threshold_vs_exit_cost()
    C = column(fig, "C")
    assert np.allclose(column(fig, "isolated SME"), 11 / 15)
    # clustered, grim + exit cost + rent s=5: delta* = max(0, (R - C)/(Y + s - w - C)) by hand
    expected = np.maximum(0, (110 - C) / (155 - C))
    assert np.allclose(column(fig, "clustered SME"), expected)


def test_figure_2_region_matches_threshold(paper):
    data = figure_data(paper.make_figure_2_region_delta_exit_cost()).columns
    delta, C, honest = (np.asarray(data[k], dtype=float) for k in ("delta", "C", "honest"))
    threshold = np.maximum(0, (110 - C) / (155 - C))
    clear = np.abs(delta - threshold) > 1e-9
    assert np.array_equal(honest[clear] == 1, (delta >= threshold)[clear])


def test_figure_3_debt_capacity(paper):
    fig = paper.make_figure_3_debt_capacity()
    delta = column(fig, "delta")
    assert np.allclose(column(fig, "isolated SME"), 150 * delta)
    # clustered: R <= delta (Y + s - w) + (1 - delta) C, by hand (grim, C = 20, s = 5)
    assert np.allclose(column(fig, "clustered SME (C=20)"), delta * 155 + (1 - delta) * 20)


def test_figure_4_min_detection(paper):
    fig = paper.make_figure_4_min_detection()
    delta = column(fig, "delta")
    iso = column(fig, "isolated SME")
    q_hand = 110 * (1 - delta) / (40 * delta)  # q >= R (1 - d) / (d (Y - R - w))
    ok = q_hand <= 1
    assert np.array_equal(~np.isnan(iso), ok)
    assert np.allclose(iso[ok], q_hand[ok])


def test_headline_numbers(paper):
    h = paper.headline()
    assert h["delta* isolated"] == sp.Rational(11, 15)
    assert h["delta* cluster (C=20, s=5)"] == sp.Rational(90, 135)
    assert h["T_min at delta=0.9"] == 4
    assert h["q_min at delta=0.9, isolated"] == sp.Rational(110, 10) / (Fraction(9, 10) * 40)


def test_figure_5_network_shapes(paper):
    data = figure_data(paper.make_figure_5_threshold_by_network()).columns
    by_shape = dict(zip(data["network"], data["delta_star"], strict=True))
    # every cluster beats the isolated SME; news spreads fastest on the complete graph
    assert all(v < 11 / 15 for v in by_shape.values())
    assert by_shape["complete"] == min(by_shape.values())
    assert by_shape["ring"] > by_shape["complete"]
    # distance, not density: the hub (11 ties) beats the 24-tie graphs; the ring is hardest
    ties = dict(zip(data["network"], data["ties"], strict=True))
    far = dict(zip(data["network"], data["distance"], strict=True))
    assert ties["star (hub)"] == 11 and ties["small world"] == ties["random"] == 24
    assert by_shape["star (hub)"] < min(by_shape["small world"], by_shape["random"])
    assert by_shape["ring"] == max(by_shape.values()) > by_shape["star (leaf)"]
    assert far["ring"] == max(far.values()) == pytest.approx(36 / 11)
    assert round(by_shape["star (hub)"], 3) == 0.661 and round(by_shape["ring"], 3) == 0.703
    assert round(by_shape["small world"], 3) == round(by_shape["random"], 3) == 0.679
    assert round(by_shape["star (leaf)"], 3) == 0.689 and round(far["star (leaf)"], 2) == 1.91


def test_figure_6_simulation_meets_equilibrium(paper):
    data = figure_data(paper.make_figure_6_simulated_default_rate()).columns
    slack = 1 / 5000  # one firm: a band of width zero (no defaults left) still covers 1e-60
    inside = [lo - slack <= p <= hi + slack
              for lo, p, hi in zip(data["lower"], data["predicted"], data["upper"], strict=True)]
    assert np.mean(inside) > 0.85  # a 95% band: most periods cover the prediction
    notes = figure_data(paper.make_figure_6_simulated_default_rate()).notes
    share = float(notes["share_below_threshold"])  # 0.6686 of the 5,000 firms below 5/6
    assert float(notes["first_loan_profit"]) == pytest.approx(110 * (1 - share) - 100)
    assert round(float(notes["first_loan_profit"]), 1) == -63.5
    assert str(notes["is_equilibrium"]) == "False"


def test_figure_7_guarantee_window(paper):
    data = figure_data(paper.make_figure_7_credit_guarantee()).columns
    g = np.asarray(data["g"], dtype=float)
    fee = np.asarray(data["fair_fee"], dtype=float)
    # the fair fee, (1 - pi) g (1 - lam) R, is linear in coverage while the bank's action
    # (and so the success probability) stays the same; it is split between the guarantors
    actions = np.asarray(data["bank_action"])
    for action in set(actions) - {"Refuse"}:
        on = (actions == action) & (g > 0)
        assert np.allclose(fee[on] / g[on], fee[on][0] / g[on][0])
    assert np.allclose(np.asarray(data["fee_guarantor"], dtype=float) + np.asarray(data["fee_reguarantor"], dtype=float), fee)


def test_figure_8_levers_ranked_unit_free(paper):
    """Elasticities and a standardized reform (a tenth of each gap to the end of the lever's
    feasible range: q -> 1, lam -> I/R, w -> Y - R), against the hand form of δ*."""
    data = figure_data(paper.make_figure_8_lever_ranking())
    cols = data.columns

    def star(q=Fraction(1, 2), lam=Fraction(3, 10), w=10, Y=150, R=110):
        return R * (1 - lam) / (R * (1 - lam) + q * (Y - w - R))

    base = star()
    hand_elasticity = {"q": Fraction(-15, 92), "lam": Fraction(-45, 644), "w": Fraction(5, 92)}
    reformed = {"q": Fraction(11, 20), "lam": Fraction(3, 10) + (Fraction(100, 110) - Fraction(3, 10)) / 10, "w": 13}
    assert cols["lever"] == ["q", "lam", "w"]  # by elasticity
    for i, name in enumerate(cols["lever"]):
        assert sp.Rational(cols["elasticity"][i]) == hand_elasticity[name]
        assert sp.Rational(cols["reform"][i]) == star(**{name: reformed[name]}) - base
    reform = dict(zip(cols["lever"], cols["reform"], strict=True))
    # the registry lowers delta* most, a better outside option raises it
    assert reform["q"] < reform["lam"] < 0 < reform["w"]
    assert data.notes["closing"] == Fraction(1, 10)


def test_figure_9_payoff_sets_meet_thresholds(paper):
    notes = figure_data(paper.make_figure_9_payoff_sets()).notes
    assert float(notes["entry_delta_isolated"]) == pytest.approx(11 / 15, abs=1e-4)
    assert float(notes["entry_delta_cluster"]) == pytest.approx(9 / 13, abs=1e-4)


def _defaulting_at_every_chance(N, q, d):
    """By hand: w/(1-d) + (Y-w) sum_{m<N} (d(1-q))^m prod_{i<=m} (N-i)/(N-d i), w = 0."""
    total, product = Fraction(0), Fraction(1)
    for m in range(N):
        product *= Fraction(N - m) / (N - d * m)
        total += (d * (1 - q)) ** m * product
    return 150 * total


def _on_path_holds(N, q, d):
    """Repaying at every chance (40/(1-d)) beats defaulting at every chance."""
    return Fraction(40) / (1 - d) >= _defaulting_at_every_chance(N, q, d)


def test_figure_10_lenders_and_detection(paper):
    data = figure_data(paper.make_figure_10_threshold_over_lenders_and_detection())
    assert data.notes["which"] == "on_path"
    cols = data.columns
    for N, q, star in zip(cols["N"], cols["q"], cols["delta_star"], strict=True):
        q, star = Fraction(q), Fraction(star)
        # the SME's problem by hand: the threshold is where repaying starts to be optimal
        assert not _on_path_holds(N, q, star * (1 - Fraction(1, 10**9)))
        assert _on_path_holds(N, q, star * (1 + Fraction(1, 10**9)))
    stars = dict(zip(zip(cols["N"], cols["q"], strict=True), cols["delta_star"], strict=True))
    assert stars[(2, 0.5)] == pytest.approx(0.8)  # by hand: 40(2-d) = 150(1-d)(2-d/2)
    assert all(stars[(n, 1.0)] == pytest.approx(11 / 15) for n in range(1, 7))  # grim
    assert stars[(6, 0.5)] > stars[(2, 0.5)]  # more lenders, each default cheaper


def test_figure_14_three_questions(paper):
    cols = figure_data(paper.make_figure_14_three_questions_over_lenders()).columns
    N = np.asarray(cols["N"], dtype=float)
    q = np.asarray(cols["q"], dtype=float)
    one_shot, on_path, sequential = (np.asarray(cols[k]) for k in
                                     ("one_shot_at_start", "on_path", "sequential"))
    # by hand: one-shot N R / (N R + (Y-R-w)(1 + q(N-1))); sequential (q < 1) N R / (N R + Y-R-w)
    assert np.allclose(one_shot, N * 110 / (N * 110 + 40 * (1 + q * (N - 1))))
    assert np.allclose(sequential, N * 110 / (N * 110 + 40))
    assert np.all(one_shot <= on_path + 1e-12) and np.all(on_path <= sequential + 1e-12)
    for n, x, star in zip(cols["N"], cols["q"], cols["on_path"], strict=True):
        if n in (2, 16):
            assert _on_path_holds(n, Fraction(x), Fraction(star) * (1 + Fraction(1, 10**9)))
            assert not _on_path_holds(n, Fraction(x), Fraction(star) * (1 - Fraction(1, 10**9)))


def test_figure_11_guarantee_contagion(paper):
    data = figure_data(paper.make_figure_11_guarantee_contagion()).columns
    assert "shock" in data and len(data) >= 3
    for name, column in data.items():
        if name != "shock":  # expected failures: between 0 and the group, rising with the shock
            values = np.asarray(column, dtype=float)
            assert np.all(values >= 0) and np.all(np.diff(values) >= -1e-12)


def test_figure_12_phase_portrait_basin(paper):
    data = figure_data(paper.make_figure_12_phase_portrait())
    assert float(data.notes["basin share (Lend, Repay)"]) == pytest.approx(0.631, abs=0.01)


def test_figure_13_credible_punishment_region(paper):
    data = figure_data(paper.make_figure_13_credible_punishment())
    cols = data.columns
    for q, d, code in zip(cols["q"], cols["delta"], cols["region"], strict=True):
        # by hand, N = 3 partners worth s = 20: SME R/(Y - w + qNs); a partner 1/(q(N - 1));
        # the bank alone R/(Y - w)
        mech, punish = 110 / (150 + 60 * q), (1 / (2 * q) if q else np.inf)
        if min(abs(d - mech), abs(d - punish), abs(d - 11 / 15)) < 1e-9:
            continue
        assert code == (3 if d > 11 / 15 else 2 if d > max(mech, punish) else 1 if d > mech
                        else 0), (q, d)
    qs = sorted(set(cols["q"]))
    by_q = {name: dict(zip(qs, data.notes[f"{name} threshold by q"].split(", "), strict=True))
            for name in ("mechanical", "credible")}
    assert [by_q["mechanical"][q] for q in (0.5, 0.75, 1.0)] == ["11/18", "22/39", "11/21"]
    assert [by_q["credible"][q] for q in (0.5, 0.75, 1.0)] == ["11/15", "2/3", "11/21"]
    assert all(sp.Rational(by_q["credible"][q]) >= sp.Rational(by_q["mechanical"][q]) for q in qs)

