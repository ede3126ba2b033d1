"""The parameter table: names, domains, exactness, and the errors for bad values."""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.errors import DomainError, UnknownParameterError
from gametheory_cluster.parameters import PARAMETERS, coerce_value, validate

REQUIRED = {"I", "Y", "R", "w", "delta", "p", "C", "s", "q", "pi", "lam", "T", "N"}


def test_required_parameters_present():
    assert set(PARAMETERS) >= REQUIRED


def test_every_typical_value_is_in_its_domain():
    for p in PARAMETERS.values():
        assert p.typical is not None, p.name
        p.check(p.typical)


def test_symbols_carry_assumptions():
    assert gc.symbol("delta").is_positive and gc.symbol("q").is_nonnegative
    assert gc.symbol("T").is_integer


@given(st.fractions(Fraction(1, 10**6), 1 - Fraction(1, 10**6)))
def test_exact_values_stay_exact(x):
    assert validate({"delta": x})["delta"] == sp.Rational(x.numerator, x.denominator)


def test_floats_stay_floats():
    assert isinstance(validate({"delta": 0.5})["delta"], float)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("delta", 0),
        ("delta", 1),
        ("delta", 1.5),
        ("q", -0.1),
        ("q", Fraction(11, 10)),
        ("T", 0),
        ("T", 2.5),
        ("Y", -1),
        ("delta", float("nan")),
        ("Y", float("inf")),
        ("Y", "150"),
        ("Y", True),
        ("Y", None),
        ("Y", 1j),
        ("Y", sp.zoo),
    ],
)
def test_out_of_domain(name, value):
    with pytest.raises(DomainError, match=name):
        validate({name: value})


def test_unknown_name_suggests_nearest():
    with pytest.raises(UnknownParameterError, match="did you mean 'lam'"):
        validate({"lamb": 0.5})


def test_coerce_integral_and_fraction():
    assert coerce_value(3) == sp.Integer(3) and coerce_value(Fraction(1, 3)) == sp.Rational(1, 3)


# ------------------------------------------------- one name, one meaning per model
def _models():
    import networkx as nx

    from gametheory_cluster.models.policy.joint_liability import JointLiabilityScreening
    from gametheory_cluster.models.policy.peer_monitoring import PeerMonitoring

    # every switch, in light combinations (all at once takes minutes to derive)
    switches = [dict(continuation=True, exit_cost=True, cluster_rent=True, detection=True,
                     recovery=True), dict(lag=True), dict(monitoring=True),
                dict(punishment="exclusion")]
    return [
        gc.LendingGame(recovery=True),
        *(gc.RepeatedLending(**kw) for kw in switches),
        *(gc.GuaranteedLending(**kw) for kw in switches),
        gc.LendingDynamics(recovery=True, guarantee=True, exit_cost=True, cluster_rent=True,
                           detection=True, credit_cost=True),
        gc.MultilateralLending(),
        gc.ClusterPartners(),
        gc.KandoriCommunity("public"),
        gc.Coalition("partial"),
        gc.NetworkPunishment(nx.cycle_graph(4), 0),
        gc.CreditGuarantee(monitoring=True, reguarantee=True),
        gc.MainBank(),
        gc.MoralHazard("exclusion", exit_cost=True, detection=True),
        gc.ReputationGame(3, discounting=True),
        gc.CreditRecordGame(3, discounting=True),
        gc.Refinancing(discounting=True),
        JointLiabilityScreening(),
        PeerMonitoring(),
    ]


def test_every_model_has_a_table_that_covers_its_parameters():
    from gametheory_cluster.parameters import TABLES, table_for

    for model in _models():
        table = table_for(model)
        assert table.model == type(model).__name__ and table is TABLES[table.model]
        names = set(getattr(model, "parameters", ()) or ())
        assert names <= set(table), (table.model, names - set(table))


def test_shared_entries_are_the_global_ones_and_own_entries_mean_something_else():
    from gametheory_cluster.parameters import TABLES

    for table in TABLES.values():
        for name in table.shared:
            assert table[name] is PARAMETERS[name]
        for name in table.own:
            if name in PARAMETERS:  # a global name reused: it must say what it means here
                assert table[name].meaning != PARAMETERS[name].meaning, (table.model, name)
        for p in table.values():
            p.check(p.typical)


def test_reused_names_are_declared_by_their_models():
    from gametheory_cluster.parameters import TABLES

    clashes = {(t.model, n) for t in TABLES.values() for n in t.own if n in PARAMETERS}
    assert {("CreditRecordGame", "r"), ("Bester", "rho"), ("Bester", "W"), ("Bester", "C"),
            ("StiglitzWeiss", "C"), ("Refinancing", "C"), ("CreditRecordGame", "pi"),
            ("CollateralSignaling", "f")} <= clashes


def test_a_domain_error_comes_from_the_models_own_table():
    from gametheory_cluster.parameters import ParameterTable

    assert validate({"r": Fraction(21, 20)}, table="CreditRecordGame")["r"] == sp.Rational(21, 20)
    with pytest.raises(DomainError, match="news of a default"):
        validate({"r": Fraction(21, 20)})  # the global r is a probability
    with pytest.raises(DomainError, match=r"\[Refinancing\]"):
        validate({"pi": 1}, table="Refinancing")
    with pytest.raises(UnknownParameterError, match="valid names: B, G"):
        gc.parameters.TABLES["CreditRecordGame"].validate({"q": 1})
    with pytest.raises(ValueError, match="both shared and own"):
        ParameterTable("x", ["r"], [gc.parameters.TABLES["CreditRecordGame"]["r"]])
    with pytest.raises(UnknownParameterError):
        ParameterTable("x", ["not_a_name"])
    assert gc.parameters.table_for(object()).model == "global"


def test_docs_render_every_table():
    from gametheory_cluster.parameters import TABLES, parameter_table, parameter_tables_markdown

    text = parameter_tables_markdown()
    for name, table in TABLES.items():
        assert f"### {name}" in text
        for own in table.own:
            assert f"`{own}`" in text
    rows = parameter_table("Bester")
    assert {r["name"] for r in rows if r["source"] == "own"} >= {"rho", "W", "C"}
