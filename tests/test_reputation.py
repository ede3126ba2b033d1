"""Reputation with types: the honest-type lending game and credit records (Diamond 1989).

Second roads, each independent of the library's backward induction:

* closed forms: the cutoffs (I/R)^k and the bank's mixing R/(δ(Y − w)) (Kreps–Wilson's
  b^k and 1/a in lending terms); Diamond's rate path r(π^{t−1} f_B + 1 − f_B)/(π^t f_B + 1 − f_B)
  when no borrower chooses;
* a direct numeric solution of the sequential-equilibrium conditions (Bayes
  consistency and both players' indifference, with continuation values built from
  the unknowns) by scipy root-finding, searching over where mixing starts;
* a best-response check at every node, with values recomputed here;
* Monte Carlo play of the equilibrium against its exact outcome probabilities;
* for credit records, brute force over every pure choice profile.
"""

from __future__ import annotations

import itertools
import json
import re
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import root

from gametheory_cluster.errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    SolveError,
    UnknownParameterError,
)
from gametheory_cluster.models.information.credit_record import CreditRecordGame
from gametheory_cluster.models.information.reputation import ReputationGame
from gametheory_cluster.plotting import figure_data
from gametheory_cluster.plotting.information import plot_rate_path, plot_reputation_path

BASE = {"I": 100, "R": 110, "Y": 150, "w": 0}


def frac(x) -> F:
    x = sp.Rational(x)
    return F(int(x.p), int(x.q))


# ------------------------------------------------------------- closed forms
@settings(max_examples=40, deadline=None)
@given(
    I=st.integers(1, 200),
    markup=st.fractions(F(1, 100), 2),
    Y=st.integers(1, 400),
    w=st.integers(0, 50),
    mu=st.fractions(0, 1),
    T=st.integers(1, 12),
)
def test_cutoffs_and_mixing_match_kreps_wilson(I, markup, Y, w, mu, T):
    R = I * (1 + markup)
    eq = ReputationGame(T).solve(I=I, R=R, Y=Y, w=w, mu=mu)
    b = sp.Rational(I) / sp.Rational(R)
    if Y - w >= R:  # reputation regime: cutoffs b^k, bank mixes with R / (Y - w)
        assert eq.reputation
        assert eq.cutoffs == tuple(b**k for k in range(1, T + 1))
        assert eq.bank_mixing == sp.Rational(R) / (Y - w)
    else:  # no reputation: the strategic type always defaults, cutoff b every period
        assert not eq.reputation
        assert eq.bank_mixing is None
        assert eq.cutoffs == (b,) * T
        assert all(p.repay == 0 for p in eq.periods)


def test_discounting_scales_the_bank_mixing():
    eq = ReputationGame(5, discounting=True).solve(**BASE, mu=F(1, 2), delta=F(9, 10))
    assert eq.bank_mixing == sp.Rational(110) / (sp.Rational(9, 10) * 150)
    eq = ReputationGame(5, discounting=True).solve(**BASE, mu=F(1, 2), delta=F(7, 10))
    assert not eq.reputation  # 0.7 * 150 = 105 < 110
    assert eq.cutoffs == (sp.Rational(10, 11),) * 5


def test_structure_repays_early_mixes_late_defaults_last():
    eq = ReputationGame(30).solve(**BASE, mu=F(1, 10))
    phases = [p.phase for p in eq.periods]
    # mixing starts when mu < b^(k-1): (10/11)^24 < 1/10 <= (10/11)^23 ... first k-1 = 24, k = 25
    assert phases == ["repays"] * 5 + ["mixes"] * 24 + ["defaults"]
    assert eq.mixing_starts == 6
    b = sp.Rational(10, 11)
    for p in eq.periods:
        if p.phase == "mixes":
            assert p.posterior == b ** (p.remaining - 1)  # Bayes lands on the next cutoff
            assert p.repay_gain == 0
        if p.phase == "repays":
            assert p.repay_gain > 0
            assert p.posterior == p.belief
    for p in eq.periods[6:]:  # on the path after mixing began: the bank mixes at the cutoff
        assert p.belief == p.cutoff
        assert p.lend == sp.Rational(11, 15)
        assert p.bank_profit == 0
    assert eq.periods[-1].posterior == 1


def test_no_loan_when_the_prior_is_below_the_first_cutoff():
    eq = ReputationGame(3).solve(**BASE, mu=F(1, 2))  # (10/11)^3 = 0.75 > 1/2
    assert [p.lend for p in eq.periods] == [0, 0, 0]
    assert [p.phase for p in eq.periods] == ["no loan"] * 3
    assert eq.outcome_probabilities()["loan"] == [0, 0, 0]


# -------------------------------------------- numeric sequential-equilibrium road
def _numeric_equilibrium(T, I, R, Y, w, mu, d=1.0):
    """Solve the SE conditions by root-finding for each possible start m of mixing.

    Periods 1..m-1: the strategic type repays for sure (beliefs stay at mu); the bank
    lends for sure up to m; from m on the strategic type mixes (Bayes puts the next
    belief where the bank is indifferent and mixes), and defaults in period T. Unknowns:
    beta_t (t = m..T-1), mu_t and ell_t (t = m+1..T). Returns the valid candidates.
    """

    def W(k):  # value of k periods without credit
        return w * sum(d**j for j in range(k))

    found = []
    for m in range(1, T + 1):
        n = T - m

        def unpack(x, m=m, n=n):
            beta = dict(zip(range(m, T), x[:n], strict=True))
            beta[T] = 0.0
            belief = {m: mu} | dict(zip(range(m + 1, T + 1), x[n : 2 * n], strict=True))
            ell = dict(zip(range(m + 1, T + 1), x[2 * n :], strict=True))
            return beta, belief, ell

        def values(beta, ell, m=m):
            """Strategic type's value when lent in period t, and at the start of t (t >= m)."""
            lent, start = {}, {T + 1: 0.0}
            for t in range(T, m - 1, -1):
                repay = Y - R + d * start[t + 1] if t < T else 0.0
                lent[t] = beta[t] * repay + (1 - beta[t]) * (Y + d * W(T - t))
                refused = w + d * W(T - t)  # refused at a cutoff: refused for ever after
                start[t] = ell[t] * lent[t] + (1 - ell[t]) * refused if t > m else None
            return lent, start

        def equations(x, m=m):
            beta, belief, ell = unpack(x)
            _, start = values(beta, ell)
            eqs = []
            for t in range(m, T):
                eqs.append(belief[t + 1] * (belief[t] + (1 - belief[t]) * beta[t]) - belief[t])
                eqs.append((belief[t + 1] + (1 - belief[t + 1]) * beta[t + 1]) * R - I)
                eqs.append((Y - R + d * start[t + 1]) - (Y + d * W(T - t)))
            return eqs

        x0 = np.full(3 * n, 0.5)
        if n:
            sol = root(equations, x0, method="hybr", tol=1e-13)
            if not sol.success or np.max(np.abs(equations(sol.x))) > 1e-9:
                continue
            x = sol.x
        else:
            x = x0
        beta, belief, ell = unpack(x)
        unknowns = [*beta.values(), *belief.values(), *ell.values()]
        if not all(-1e-9 <= v <= 1 + 1e-9 for v in unknowns):
            continue
        # inequalities: the bank lends for sure in period m; the strategic type prefers to
        # repay for sure before m; it does mix at m (beta in [0, 1)).
        if (mu + (1 - mu) * beta[m]) * R - I < -1e-9:
            continue
        value = values(beta, ell)[0][m]  # value when lent in period m
        ok = True
        for t in range(m - 1, 0, -1):
            repay, default = Y - R + d * value, Y + d * W(T - t)
            ok &= repay >= default - 1e-9
            value = repay
        if ok and (n == 0 or beta[m] < 1 - 1e-9):
            found.append((m, beta, belief, ell))
    return found


@pytest.mark.parametrize(
    ("T", "values"),
    [
        (30, {**BASE, "mu": F(1, 10)}),
        (8, {**BASE, "mu": F(3, 4)}),
        (6, {"I": 50, "R": 80, "Y": 100, "w": 10, "mu": F(1, 5)}),
        (10, {"I": 90, "R": 100, "Y": 130, "w": 5, "mu": F(1, 2)}),
    ],
)
def test_numeric_root_finding_reproduces_the_exact_equilibrium(T, values):
    eq = ReputationGame(T).solve(**values)
    found = _numeric_equilibrium(T, *(float(values[k]) for k in ("I", "R", "Y", "w", "mu")))
    assert len(found) == 1, "exactly one start of mixing satisfies every condition"
    m, beta, belief, ell = found[0]
    assert m == eq.mixing_starts
    for p in eq.periods[m - 1 :]:
        t = p.period
        assert float(p.repay) == pytest.approx(beta[t], abs=1e-9)
        assert float(p.belief) == pytest.approx(belief[t], abs=1e-9)
        if t > m:
            assert float(p.lend) == pytest.approx(ell[t], abs=1e-9)


def test_numeric_root_finding_with_discounting():
    values = {**BASE, "mu": F(1, 2), "delta": F(19, 20)}
    eq = ReputationGame(12, discounting=True).solve(**values)
    found = _numeric_equilibrium(12, 100.0, 110.0, 150.0, 0.0, 0.5, d=0.95)
    assert [f[0] for f in found] == [eq.mixing_starts]
    assert float(eq.periods[-1].lend) == pytest.approx(found[0][3][12], abs=1e-9)


# ------------------------------------------------------- best responses at every node
def _check_every_node(eq, values, d=F(1)):
    """Recompute the strategic type's values from the strategy and test every deviation."""
    I, R, Y, w = (frac(values[k]) for k in ("I", "R", "Y", "w"))
    memo = {}

    def play(k, mu):
        return tuple(frac(v) for v in eq.play(k, mu))

    def V(k, mu):
        if k == 0:
            return F(0)
        if (k, mu) not in memo:
            lend, beta, post = play(k, mu)
            lent = beta * (Y - R + d * V(k - 1, post)) + (1 - beta) * (Y + d * V(k - 1, F(0)))
            memo[(k, mu)] = lend * lent + (1 - lend) * (w + d * V(k - 1, mu))
        return memo[(k, mu)]

    beliefs = {F(0), F(1), frac(values["mu"]), F(1, 7), F(1, 2), F(9, 10)}
    beliefs |= {frac(c) for c in eq.cutoffs} | {frac(p.posterior) for p in eq.periods}
    for k in range(1, eq.horizon + 1):
        for mu in sorted(beliefs):
            lend, beta, post = play(k, mu)
            profit = (mu + (1 - mu) * beta) * R - I
            assert (lend == 1 and profit >= 0) or (lend == 0 and profit <= 0) or profit == 0
            gain = (Y - R + d * V(k - 1, post)) - (Y + d * V(k - 1, F(0)))
            assert (beta == 1 and gain >= 0) or (beta == 0 and gain <= 0) or gain == 0
            if mu + (1 - mu) * beta > 0:
                assert post == mu / (mu + (1 - mu) * beta)  # Bayes' rule
            assert V(k, mu) == frac(eq.value(k, mu))


@pytest.mark.parametrize(
    ("T", "values", "discounting"),
    [
        (12, {**BASE, "mu": F(1, 10)}, False),
        (6, {**BASE, "mu": F(17, 20)}, False),
        (7, {**BASE, "mu": F(2, 5), "delta": F(9, 10)}, True),
        (5, {**BASE, "mu": F(2, 5), "delta": F(1, 2)}, True),  # no reputation
    ],
)
def test_every_node_is_a_best_response(T, values, discounting):
    eq = ReputationGame(T, discounting=discounting).solve(**values)
    _check_every_node(eq, values, frac(values.get("delta", 1)))


# ------------------------------------------------------------------- simulation
def test_monte_carlo_matches_exact_outcome_probabilities():
    eq = ReputationGame(8).solve(**BASE, mu=F(2, 3))
    n = 100_000
    sample = eq.simulate(n, rng=20240601)
    exact = eq.outcome_probabilities()
    for name, freq in (("loan", sample.lent.mean(0)), ("repaid", sample.repaid.mean(0))):
        p = np.array([float(v) for v in exact[name]])
        se = np.sqrt(p * (1 - p) / n) + 1e-12
        assert np.all(np.abs(freq - p) <= 5 * se + 1e-12), name
    # Bayes by frequency: the honest share among paths with every loan made and repaid
    clean = np.ones(n, dtype=bool)
    for t, period in enumerate(eq.periods[:-1]):
        clean &= sample.lent[:, t] & sample.repaid[:, t]
        share = sample.honest[clean].mean()
        target = float(period.posterior)
        se = np.sqrt(target * (1 - target) / clean.sum()) + 1e-12
        assert abs(share - target) <= 5 * se


def test_simulation_is_reproducible_and_honest_types_always_repay():
    eq = ReputationGame(6).solve(**BASE, mu=F(3, 4))
    a, b = eq.simulate(500, rng=7), eq.simulate(500, rng=np.random.default_rng(7))
    assert np.array_equal(a.repaid, b.repaid)
    assert np.array_equal(a.honest, b.honest)
    assert np.array_equal(a.repaid[a.honest], a.lent[a.honest])
    with pytest.raises(ModelError):
        eq.simulate(0)


# --------------------------------------------------------- exactness and errors
def test_floats_in_floats_out_and_agree_with_exact():
    exact = ReputationGame(10).solve(**BASE, mu=F(1, 4))
    rough = ReputationGame(10).solve(**BASE, mu=0.25)
    assert all(isinstance(p.repay, float) for p in rough.periods)
    for a, b in zip(exact.periods, rough.periods, strict=True):
        assert float(a.repay) == pytest.approx(b.repay, abs=1e-12)
        assert float(a.posterior) == pytest.approx(b.posterior, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({**BASE, "R": 100, "mu": F(1, 2)}, DomainError, "I < R"),
        ({**BASE, "mu": F(3, 2)}, DomainError, "mu"),
        ({**BASE, "mu": float("nan")}, DomainError, "mu"),
        ({**BASE, "mu": F(1, 2), "delta": F(1, 2)}, UnknownParameterError, "valid names"),
        ({**BASE, "mu_": F(1, 2)}, UnknownParameterError, "did you mean 'mu'"),
        ({"I": 100, "R": 110, "Y": 150, "mu": F(1, 2)}, MissingParameterError, "w"),
        ({**BASE, "mu": sp.sqrt(2) / 2}, DomainError, "rational"),
    ],
)
def test_bad_input_is_refused(kwargs, error, text):
    with pytest.raises(error, match=text):
        ReputationGame(4).solve(**kwargs)


@pytest.mark.parametrize("horizon", [0, -2, 2.5, True, "3"])
def test_bad_horizon(horizon):
    with pytest.raises(ModelError, match="horizon"):
        ReputationGame(horizon)


def test_bad_nodes():
    eq = ReputationGame(3).solve(**BASE, mu=F(1, 2))
    with pytest.raises(ModelError):
        eq.play(4, F(1, 2))
    with pytest.raises(DomainError):
        eq.play(2, F(3, 2))


def test_results_render_and_serialise():
    eq = ReputationGame(5).solve(**BASE, mu=F(9, 10))
    data = json.loads(json.dumps(eq.to_dict()))
    # JSON numbers, each exact one beside its exact text (the toolkit's to_dict convention)
    assert data["cutoffs_exact"][0] == "10/11" and data["cutoffs"][0] == pytest.approx(10 / 11)
    assert data["bank_mixing_exact"] == "11/15"
    assert "mixes" in str(eq)
    assert "ReputationEquilibrium" in repr(eq)
    assert eq.latex().startswith(r"\begin{tabular}")
    assert "\\frac{10}{11}" in eq.latex()
    assert list(eq.to_frame()["phase"]) == [p.phase for p in eq.periods]


def test_plot_data_matches_the_path():
    eq = ReputationGame(10).solve(**BASE, mu=F(1, 2))
    fig = plot_reputation_path(eq)
    cols = figure_data(fig).columns
    assert cols["repay_strategic"] == [p.repay for p in eq.periods]
    assert cols["p_repaid"] == eq.outcome_probabilities()["repaid"]


# ================================================================ credit records
DIAMOND = {
    "G": F(13, 10),
    "B": F(9, 5),
    "pi": F(1, 2),
    "r": 1,
    "f_G": F(3, 5),
    "f_B": F(3, 10),
    "delta": F(1, 2),
}


def _profile_outcome(choices, G, B, pi, r, f_G, f_B, delta):
    """Bayes and zero profit written out again; the choosing type's optimal choices."""
    g, b, c = f_G, f_B, 1 - f_G - f_B
    rates = []
    for s in choices:
        repay = (g + pi * b + (s + (1 - s) * pi) * c) / (g + b + c)
        rates.append(r / repay)
        b, c = pi * b, (s + (1 - s) * pi) * c
    V, gains = F(0), []
    for rate in reversed(rates):
        safe, risky = G - rate + delta * V, pi * (B - rate + delta * V)
        gains.insert(0, safe - risky)
        V = max(safe, risky)
    ok = all((gain >= 0) if s else (gain <= 0) for gain, s in zip(gains, choices, strict=True))
    return rates, gains, ok


def test_rates_without_choosing_types_match_diamond_closed_form():
    f_B = F(2, 5)
    game = CreditRecordGame(12, discounting=True)
    eq = game.solve(**{**DIAMOND, "f_G": 1 - f_B, "f_B": f_B})
    pi, r = sp.Rational(1, 2), 1
    fb = sp.Rational(f_B)
    expected = [r * (pi ** (t - 1) * fb + 1 - fb) / (pi**t * fb + 1 - fb) for t in range(1, 13)]
    assert list(eq.rates) == expected
    assert all(a > b for a, b in itertools.pairwise(eq.rates))  # falling with the record
    assert eq.count == 1


def test_base_case_switch_and_end_game():
    eq = CreditRecordGame(20, discounting=True).solve(**DIAMOND)
    assert eq.choices == "00" + "1" * 16 + "00"
    assert eq.switch_period == 3
    assert eq.reverts_period == 19
    assert eq.rates[:3] == (sp.Rational(5, 4), sp.Rational(8, 7), sp.Rational(56, 53))
    # within each phase the rate falls with the record; the switch itself lowers it too
    for a, b, pa, pb in zip(eq.rates, eq.rates[1:], eq.periods, eq.periods[1:], strict=False):
        if pa.safe == pb.safe or pb.safe == 1:
            assert b < a
    # Diamond's condition: safe iff r_t - delta V_{t+1} <= (G - pi B)/(1 - pi)
    rates, gains, ok = _profile_outcome([int(c) for c in eq.choices], **DIAMOND)
    assert ok
    assert [sp.Rational(x) for x in rates] == list(eq.rates)
    assert [sp.Rational(g) for g in gains] == [p.safe_gain for p in eq.periods]


@pytest.mark.parametrize(
    "values",
    [
        DIAMOND,
        {**DIAMOND, "B": F(8, 5), "pi": F(3, 5), "f_G": F(1, 2), "f_B": F(3, 10)},
        {**DIAMOND, "delta": F(4, 5), "f_B": F(1, 5)},
        {
            "G": F(6, 5),
            "B": F(8, 5),
            "pi": F(3, 5),
            "r": 1,
            "f_G": F(3, 5),
            "f_B": F(2, 5),
            "delta": F(4, 5),
        },
    ],
)
def test_brute_force_over_every_pure_profile(values):
    T = 9
    brute = {
        "".join(map(str, ch))
        for ch in itertools.product((0, 1), repeat=T)
        if _profile_outcome(ch, **values)[2]
    }
    found = {e.choices for e in CreditRecordGame(T, discounting=True).equilibria(**values)}
    runs = {c for c in brute if re.fullmatch("0*1*0*", c)}
    assert found == runs  # every equilibrium with one run of safe periods, and only those
    assert found <= brute


def test_selection_prefers_the_choosing_types_payoff():
    eqs = CreditRecordGame(8).equilibria(
        **{k: v for k, v in DIAMOND.items() if k != "delta"},
    )
    assert len(eqs) >= 1
    assert eqs[0].count == len(eqs)
    values = [e.value for e in eqs]
    assert values == sorted(values, reverse=True)


def test_monte_carlo_lenders_break_even_and_pool_follows_bayes():
    eq = CreditRecordGame(10, discounting=True).solve(**DIAMOND)
    n = 200_000
    sim = eq.simulate(n, rng=11)
    for t, p in enumerate(eq.periods):
        clean = sim["clean"][:, t]
        repaid = sim["repaid"][clean, t]
        # lenders' average gross return per unit lent at the rate r_t is r = 1
        ret = repaid.mean() * float(p.rate)
        q = float(p.repayment)
        assert abs(ret - 1) <= 5 * float(p.rate) * np.sqrt(q * (1 - q) / clean.sum())
        shares = np.bincount(sim["type"][clean], minlength=3) / clean.sum()
        for j in range(3):
            s = float(p.shares[j])
            assert abs(shares[j] - s) <= 5 * np.sqrt(s * (1 - s) / clean.sum()) + 1e-12


def test_rates_for_given_choices_and_floats():
    game = CreditRecordGame(3)
    kw = {k: v for k, v in DIAMOND.items() if k != "delta"}
    assert game.rates([1, 1, 1], **kw)[0] == 1 / (
        sp.Rational(3, 5) + sp.Rational(3, 20) + sp.Rational(1, 10)
    )
    rough = game.rates([0.5, 0, 0], **{k: float(v) for k, v in kw.items()})
    assert isinstance(rough[0], float)
    with pytest.raises(ModelError, match="one choice per period"):
        game.rates([1, 1], **kw)
    with pytest.raises(DomainError):
        game.rates([2, 0, 0], **kw)


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"B": F(5, 2)}, "pi\\*B < r"),
        ({"G": F(9, 10)}, "r < G"),
        ({"G": F(19, 10)}, "G < B"),
        ({"G": F(7, 5), "B": F(3, 2)}, "without a reputation"),
        ({"f_G": F(1, 10), "f_B": F(4, 5)}, "financed even"),
        ({"f_G": F(4, 5), "f_B": F(2, 5)}, "exceeds 1"),
        ({"pi": 1}, "outside its domain \\(0, 1\\) \\(probability that the risky"),
        ({"f_G": 0, "f_B": 0}, "nothing to learn"),
    ],
)
def test_credit_record_assumptions_are_enforced(change, text):
    with pytest.raises(DomainError, match=text):
        CreditRecordGame(5, discounting=True).solve(**{**DIAMOND, **change})


def test_credit_record_errors_and_output():
    with pytest.raises(UnknownParameterError):
        CreditRecordGame(5).solve(**DIAMOND)  # delta without discounting
    with pytest.raises(MissingParameterError, match="f_B"):
        CreditRecordGame(5, discounting=True).solve(
            **{k: v for k, v in DIAMOND.items() if k != "f_B"}
        )
    eq = CreditRecordGame(6, discounting=True).solve(**DIAMOND)
    data = json.loads(json.dumps(eq.to_dict()))
    assert data["periods"][0]["rate_exact"] == "5/4" and data["periods"][0]["rate"] == 1.25
    assert data["choices"] == eq.choices
    assert "rate" in str(eq)
    assert len(eq.to_frame()) == 6
    fig = plot_rate_path(eq)
    assert figure_data(fig).columns["rate"] == list(eq.rates)


def test_no_pure_equilibrium_is_reported_not_hidden(monkeypatch):
    game = CreditRecordGame(4, discounting=True)
    monkeypatch.setattr(CreditRecordGame, "equilibria", lambda self, **v: [])
    with pytest.raises(SolveError, match="mixed"):
        game.solve(**DIAMOND)


# ------------------------------------------------ Diamond: one name, one meaning
def test_a_positive_net_riskless_rate_is_accepted():
    # formerly refused: r was checked against the network models' news probability in [0, 1]
    game = CreditRecordGame(horizon=4)
    rates = game.rates([0] * 4, G=F(6, 5), B=2, pi=F(1, 2), r=F(21, 20), f_G=F(4, 5),
                       f_B=F(1, 5))
    # by hand (Bayes): B types survive with pi each period, G types always; r_t = r / P_t
    r, m = F(21, 20), [F(4, 5), F(1, 5)]
    expected = []
    for _ in range(4):
        expected.append(r * sum(m) / (m[0] + F(1, 2) * m[1]))
        m = [m[0], F(1, 2) * m[1]]
    assert list(rates) == expected
    assert game.solve(G=F(6, 5), B=2, pi=F(1, 2), r=F(21, 20), f_G=F(4, 5), f_B=F(1, 5)).rates


def test_rates_need_only_the_pool():
    game = CreditRecordGame(horizon=3)
    pool = dict(pi=F(1, 2), r=1, f_G=F(3, 5), f_B=F(2, 5))
    assert game.rates([0, 0, 0], **pool) == game.rates([0, 0, 0], **pool, G=F(13, 10),
                                                       B=F(17, 10))
    with pytest.raises(MissingParameterError, match="r"):
        game.rates([0, 0, 0], pi=F(1, 2), f_G=F(3, 5), f_B=F(2, 5))


def test_domain_errors_name_the_model_and_its_own_parameter():
    with pytest.raises(DomainError, match=r"r=-1 .*riskless gross interest rate.*CreditRecordGame"):
        CreditRecordGame(horizon=2).rates([0, 0], pi=F(1, 2), r=-1, f_G=F(1, 2), f_B=F(1, 2))


# ---------------------------------------- Kreps–Wilson: the ex-ante loan probability
def test_ex_ante_loan_probability_falls_by_the_decay_factor():
    from gametheory_cluster.models.information.reputation import loan_probability_data

    eq = ReputationGame(horizon=30).solve(**BASE, mu=F(1, 10))
    data = loan_probability_data(eq)
    loan = data.columns["p_loan"]
    assert eq.loan_decay == sp.Rational(11, 15) * sp.Rational(100, 110) == sp.Rational(2, 3)
    assert float(loan[6]) == pytest.approx(0.7223, abs=1e-4)
    assert all(b == a * sp.Rational(2, 3) for a, b in itertools.pairwise(loan[6:]))
    # second road: simulate and count loans per period
    sample = eq.simulate(40000, rng=3)
    freq = sample.lent.mean(axis=0)
    for t in (5, 6, 7, 9):
        p = float(loan[t])
        assert abs(freq[t] - p) <= 5 * np.sqrt(p * (1 - p) / 40000) + 1e-9
    # a refusal is absorbing in the simulation too
    refused = ~sample.lent
    for t in range(29):
        assert not (refused[:, t] & sample.lent[:, t + 1]).any()
