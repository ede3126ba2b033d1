"""Credible community punishment: the punishers' constraints against hand derivations.

Second roads: closed forms derived by hand (a partner's gain s a period for ever
against the partners it loses; the rehired cheater's Bellman equations solved
directly; the bilateral lender's grim threshold), the complete graph with news
passed at once against ClusterPartners with q = 1, and exact against float
evaluation of the network's losses. Every model: credible >= mechanical.
"""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import pytest
import sympy as sp

import gametheory_cluster as gc
from gametheory_cluster.errors import DomainError, MissingParameterError, ModelError
from gametheory_cluster.models.community import (
    ClusterPartners,
    Coalition,
    KandoriCommunity,
    MultilateralLending,
    NetworkPunishment,
)
from gametheory_cluster.models.community.credibility import (
    PartnerBoycott,
    _NetworkGame,
    bilateral_deal,
    credibility,
    credibility_region_data,
)
from gametheory_cluster.parameters import symbols

BASE = {"Y": 150, "R": 110, "w": 0, "I": 100}
delta, q, s, N, C = symbols("delta q s N C")
F = Fraction


# ----------------------------------------------------------- the partner's constraint
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_partner_constraint_independent_news_by_hand(n):
    # boycott for ever: (n-1)s/(1-d); trade for ever: s/(1-d) more, and each of the n-1 others
    # hears w.p. q and shuns it from the next period: -d q (n-1) s/(1-d)
    slack = PartnerBoycott(n).boycott_constraint().slack
    hand = (delta * q * (n - 1) * s - s) / (1 - delta)
    assert sp.simplify(slack - hand) == 0


def test_partner_constraint_public_news_by_hand():
    # rent s from N partners; trading with the defaulter adds s/N; the cluster hears w.p. q,
    # fines C and expels (the others' s(N-1)/N lost from the next period)
    slack = PartnerBoycott(news="public", exit_cost=True).boycott_constraint().slack
    stay = s * (N - 1) / N
    boycott = stay / (1 - delta)
    trade = s - q * C + delta * (q * s / N + (1 - q) * s) / (1 - delta)
    assert sp.simplify(slack - (boycott - trade)) == 0
    # the one-shot loss, numerically: a truncated sum of discounted flows
    point = {delta: F(4, 5), q: F(1, 2), s: 10, N: 4, C: 3}
    flows = [(10 * 3 / 4, 10 - F(1, 2) * 3)] + [(10 * 3 / 4, F(1, 2) * 10 / 4 + F(1, 2) * 10)] * 400
    diff = sum((b - t) * F(4, 5) ** k for k, (b, t) in enumerate(flows))
    assert float(slack.subs(point)) == pytest.approx(float(diff), abs=1e-9)


def test_partner_thresholds():
    assert PartnerBoycott(3).threshold("delta", q=F(3, 4), s=1).value == F(2, 3)
    with pytest.raises(gc.NoSolutionError):  # one other partner at most, q <= 1: never
        PartnerBoycott(2).threshold("delta", q=F(9, 10), s=1)
    with pytest.raises(ModelError):
        PartnerBoycott(3, news="gossip")
    with pytest.raises(MissingParameterError):
        PartnerBoycott()
    with pytest.raises(DomainError):
        PartnerBoycott(0)


# ----------------------------------------------------------- ClusterPartners
@pytest.mark.parametrize(("n", "qq", "ss"), [
    (1, F(1), 20), (2, F(1), 40), (3, F(3, 4), 20), (3, F(1, 4), 20), (4, F(1, 2), 5),
    (4, F(1, 2), 10), (5, F(1), 200),
])
def test_cluster_partners_by_hand(n, qq, ss):
    report = credibility(ClusterPartners(), N=n, q=qq, s=ss, **BASE)
    mech = sp.Rational(110, 150 + qq * n * ss)  # R/(Y - w + qNs)
    iso = sp.Rational(11, 15)  # R/(Y - w)
    punish = 1 / (qq * (n - 1)) if qq * (n - 1) > 1 else 1  # 1: never below 1
    assert report.mechanical_threshold == mech
    assert report.isolated_threshold == iso
    assert report.credible_threshold == min(max(mech, punish), iso)
    assert report.credible_threshold >= report.mechanical_threshold
    assert report.not_credible == sp.Interval.open(0, min(punish, 1))


def test_report_prints_and_serialises():
    report = credibility(ClusterPartners(), N=3, q=F(3, 4), s=20, **BASE)
    assert "credible punishment:   delta in Interval.Ropen(2/3, 1)" in str(report)
    data = report.to_dict()
    assert data["credible_threshold"] == pytest.approx(2 / 3)
    assert data["credible_threshold_exact"] == "2/3"
    assert data["mechanical_threshold_exact"] == "22/39"
    assert data["credible"] == "Interval.Ropen(2/3, 1)"
    assert data["punishers"] == ["partner in boycott: Boycott over Trade: "
                                 "10*(3*delta - 2)/(1 - delta) >= 0"]


# ----------------------------------------------------------- cluster rent
@pytest.mark.parametrize(("n", "qq", "cc"), [(1, 1, 0), (1, 1, 400), (2, F(1, 2), 20),
                                             (4, 1, 0), (5, F(3, 4), 20)])
def test_cluster_rent_by_hand(n, qq, cc):
    model = gc.RepeatedLending(cluster_rent=True, exit_cost=True, detection=True)
    report = credibility(model, N=n, s=40, C=cc, q=qq, **BASE)
    d = sp.Symbol("d")
    # SME (hand): d >= (R - qC)/(R - qC + q(Y - R + s - w)), at least 0
    mech = sp.Rational(110 - qq * cc, 110 - qq * cc + qq * 80) if qq * cc < 110 else 0
    iso = sp.Rational(110, 110 + qq * 40)
    # partner (hand): (1 - d) q C + (s/N)(d q (N - 1) - 1) >= 0
    ok = sp.solve_univariate_inequality((1 - d) * qq * cc + sp.Rational(40, n) *
                                        (d * qq * (n - 1) - 1) >= 0, d, relational=False)
    punish = sp.Intersection(ok, sp.Interval.open(0, 1))
    assert report.mechanical_threshold == mech
    expected = sp.Union(sp.Intersection(sp.Interval.Ropen(mech, 1), punish),
                        sp.Interval.Ropen(iso, 1))
    assert sp.Intersection(report.credible, sp.Interval.open(0, 1)) == \
        sp.Intersection(expected, sp.Interval.open(0, 1))
    assert report.credible_threshold >= report.mechanical_threshold


def test_cluster_rent_needs_partners_and_rent():
    with pytest.raises(MissingParameterError):
        credibility(gc.RepeatedLending(cluster_rent=True), s=5, **BASE)
    with pytest.raises(ModelError):
        credibility(gc.RepeatedLending(exit_cost=True), N=3, C=5, **BASE)
    with pytest.raises(ModelError):
        credibility(gc.RepeatedLending(cluster_rent=True, continuation=True), N=3, s=5, p=1,
                    **BASE)
    with pytest.raises(ModelError):
        credibility("a model", N=3)


# ----------------------------------------------------------- networks
def test_complete_graph_with_instant_news_is_cluster_partners_with_q_one():
    # r = 1 on a complete graph of n firms: every partner hears next period, q = 1, N = n - 1
    for ss in (20, 60):
        net = credibility(NetworkPunishment(nx.complete_graph(4), 0), s=ss, r=1, **BASE)
        hand = credibility(ClusterPartners(), N=3, q=1, s=ss, **BASE)
        assert float(net.credible_threshold) == pytest.approx(float(hand.credible_threshold),
                                                              abs=1e-9)
        assert float(net.not_credible.sup) == pytest.approx(0.5, abs=1e-9)
        assert float(net.credible_threshold) >= float(net.mechanical_threshold) - 1e-12


def test_star_leaves_are_kept_to_the_boycott_only_through_the_hub():
    # a leaf's trade with the defaulting hub reaches each other leaf over two ties, each a
    # geometric delay: G = 4 (d/(2 - d))**2 >= 1 iff d >= 2/3 (r = 1/2, by hand)
    report = credibility(NetworkPunishment(nx.star_graph(5), 0), s=20, r=F(1, 2), **BASE)
    assert float(report.not_credible.sup) == pytest.approx(2 / 3, abs=1e-9)
    assert float(report.credible_threshold) == pytest.approx(2 / 3, abs=1e-9)
    assert float(report.mechanical_threshold) < 0.51


def test_two_firms_never_punish_credibly():
    # one partner, nobody to punish it for trading with the defaulter
    report = credibility(NetworkPunishment(nx.path_graph(2), 0), s=40, r=F(1, 2), **BASE)
    assert report.credible_threshold == sp.Rational(11, 15)
    assert report.not_credible == sp.Interval.open(0, 1)


def test_network_losses_exact_and_float_agree():
    model = NetworkPunishment(nx.cycle_graph(5), 0)
    game = _NetworkGame(model, 0.5, None)
    for j in (1, 2):
        exact = game.exact_lost(j, {1, 2, 3, 4}, F(3, 4), F(1, 2))
        assert game.lost(j, {1, 2, 3, 4}, 0.75) == pytest.approx(float(exact), rel=1e-12)
    # a path 0 - 1 - 2: news from firm 1 reaches firm 2 over one tie, r d / (1 - (1 - r) d)
    path = _NetworkGame(NetworkPunishment(nx.path_graph(3), 0), 0.5, None)
    one = path.exact_lost(1, {2}, F(3, 4), F(1, 2))
    assert one == sp.Rational(1, 2) * F(3, 4) / (1 - F(1, 2) * F(3, 4))


@pytest.mark.parametrize("graph", [nx.cycle_graph(6), nx.star_graph(5), nx.complete_graph(5)])
def test_network_credible_at_least_mechanical(graph):
    report = credibility(NetworkPunishment(graph, 0), s=3, r=F(1, 2), **BASE)
    assert float(report.credible_threshold) >= float(report.mechanical_threshold) - 1e-12
    assert float(report.credible_threshold) <= 11 / 15


def test_network_needs_a_partner_rule():
    model = NetworkPunishment(nx.cycle_graph(4), 0, partners=[1, 2])
    with pytest.raises(ModelError):
        credibility(model, s=3, r=F(1, 2), **BASE)


# ----------------------------------------------------------- lenders (Greif's logic)
def test_bilateral_lender_is_the_bilateral_threshold():
    for n in (1, 2, 3):
        sme = [c for c in bilateral_deal(sp.Rational(1, n)).constraints()
               if c.state == "deal" and c.player == "sme" and c.node == "Trust"]
        found = gc.solve_threshold(sme, "delta", {"Y": 150, "R": 110, "w": 0}).value
        assert found == sp.Rational(n * 110, n * 110 + 40)  # NR/(NR + Y - R - w), by hand
        assert found == MultilateralLending().threshold("delta", N=n, q=0, **BASE).value


def test_lenders_refusal_is_credible_where_it_matters():
    # whatever notion the many-lenders threshold uses, it lies below the bilateral one, where
    # the lenders' refusal stops being credible and is no longer needed
    for which in ({}, {"which": "on_path"}):
        report = credibility(MultilateralLending(), N=3, q=F(1, 2), **which, **BASE)
        assert report.credible == report.mechanical
        assert report.mechanical_threshold <= sp.Rational(33, 37)
        assert report.not_credible == sp.Interval.Ropen(sp.Rational(33, 37), 1)


# ----------------------------------------------------------- Greif's coalition
def test_cheater_wage_from_the_bellman_equations():
    W, alpha, phi, sigma, h_c = symbols("W alpha phi sigma h_c")
    Vr, Vc = sp.symbols("Vr Vc")
    solution = sp.solve([sp.Eq(Vr, W + delta * ((1 - sigma) * Vr + sigma * Vc)),
                         sp.Eq(Vc, phi + delta * (h_c * Vr + (1 - h_c) * Vc))], [Vr, Vc])
    honest = solution[Vr] - alpha - delta * solution[Vc]
    hand = sp.solve(honest, W)[0]
    point = {"alpha": 150, "phi": 7, "delta": F(9, 10), "sigma": F(1, 10), "h_h": F(1, 2),
             "h_c": F(1, 4)}
    subs = {symbols(k)[0]: v for k, v in point.items()}
    assert Coalition("partial").cheater_wage(**point).value == hand.subs(subs)
    # multilateral (h_c = 0): phi + (1 - delta + delta sigma)(alpha - phi), Greif's W_c
    multi = {k: v for k, v in point.items() if k != "h_c"}
    assert Coalition().cheater_wage(**multi).value == 7 + (1 - F(9, 10) + F(9, 100)) * 143
    # bilateral: a cheater's record does not matter, W_c* = W*
    assert Coalition("bilateral").cheater_wage(**multi) == Coalition("bilateral").minimum_wage(
        **multi)


def test_coalition_boycott_is_credible_and_partial_rehiring_needs_indifference():
    point = {"alpha": 150, "phi": 0, "delta": F(9, 10), "sigma": F(1, 10), "h_h": F(1, 2)}
    multi = credibility(Coalition(), **point)
    assert multi.credible_threshold == multi.mechanical_threshold == F(192, 11)
    assert multi.not_credible is sp.EmptySet
    assert Coalition().cheater_wage(**point).value > multi.mechanical_threshold  # strict
    partial = credibility(Coalition("partial"), **point, h_c=F(1, 4))
    assert partial.mechanical_threshold == F(24960, 539)
    assert partial.credible_threshold == F(2490, 49) > partial.mechanical_threshold
    # never separated: the honest agent has no more to lose, W_c* = W* (the boycott is a tie)
    flat = {**point, "sigma": 0}
    assert Coalition().cheater_wage(**flat) == Coalition().minimum_wage(**flat)


# ----------------------------------------------------------- Kandori
def test_contagion_credible_region_is_the_band():
    report = credibility(KandoriCommunity(), M=4, gain=F(1, 5), loss=F(1, 100))
    assert report.credible == sp.Interval(sp.Rational(1, 3), sp.Rational(41, 80))
    assert report.mechanical_threshold == sp.Rational(1, 3)
    assert report.not_credible == sp.Interval.open(sp.Rational(41, 80), 1)


def test_delta_is_not_given():
    with pytest.raises(DomainError):
        credibility(ClusterPartners(), N=3, q=1, s=5, delta=F(1, 2), **BASE)
    with pytest.raises(DomainError):
        credibility(Coalition(), W=5, alpha=150, phi=0, delta=F(1, 2), sigma=0, h_h=0)


# ----------------------------------------------------------- the region map
def test_region_map_against_closed_forms():
    qs = [0.0, 0.25, 0.5, 0.75, 1.0]
    deltas = [0.3, 0.55, 0.6, 0.65, 0.7, 0.8]
    data = credibility_region_data(qs, deltas, N=3, s=20, **BASE)
    for qq, d, code in zip(data.columns["q"], data.columns["delta"], data.columns["region"],
                           strict=True):
        mech = 110 / (150 + qq * 60)
        punish = 1 / (2 * qq) if qq else float("inf")
        expected = (3 if d >= 11 / 15 else 2 if d >= max(mech, punish)
                    else 1 if d >= mech else 0)
        assert code == expected, (qq, d)
