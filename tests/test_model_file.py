"""Model files: a TOML/JSON model answers like the built-in one; bad files get clear errors."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import tomllib

import gametheory_cluster as gc
from gametheory_cluster.cli import main
from gametheory_cluster.errors import DomainError, FormulaError, ModelError, UnknownParameterError
from gametheory_cluster.io.model_file import CustomModel, load_model

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "howto" / "exit_cost_model.toml"


def spec():
    return tomllib.loads(EXAMPLE.read_text())


def test_file_model_equals_builtin():
    custom = load_model(EXAMPLE)
    builtin = gc.RepeatedLending(exit_cost=True)
    for name, values in [
        ("delta", {"Y": 150, "R": 110, "w": 0, "C": 20}),
        ("C", {"Y": 150, "R": 110, "w": 0, "delta": Fraction(3, 5)}),
    ]:
        assert custom.threshold(name, **values).value == builtin.threshold(name, **values).value


def test_json_round_trip(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(spec()))
    assert load_model(path).threshold("C", Y=150, R=110, w=0, delta=Fraction(3, 5)).value == 50


def test_cli_uses_file_and_defaults(capsys):
    assert main(["threshold", "C", "--model", str(EXAMPLE), "--set", "delta=0.6"]) == 0
    assert capsys.readouterr().out.startswith("C ≥ 50")


def test_proposition_from_file():
    prop = load_model(EXAMPLE).proposition("delta", Y=150, R=110, w=0)
    assert "lending with exit cost" in prop.statement()


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda s: s.update(colour="red"), ModelError, "unknown key"),
        (lambda s: s.update(players="bank"), ModelError, "players"),
        (lambda s: s["actions"].pop("sme"), ModelError, "actions"),
        (lambda s: s.update(states=[]), ModelError, "states"),
        (
            lambda s: s["states"][0].update(play={"bank": "Lend", "sme": "Steal"}),
            ModelError,
            "Steal",
        ),
        (
            lambda s: s["states"][0]["outcomes"][0].update(payoffs=["__import__('os')", "Y"]),
            FormulaError,
            "__import__",
        ),
        (
            lambda s: s["states"][0]["outcomes"][0].update(payoffs=["R - I + Z", "Y"]),
            FormulaError,
            "unknown name 'Z'",
        ),
        (lambda s: s["states"][0]["outcomes"][0].update(next="nowhere"), ModelError, "nowhere"),
        (lambda s: s["states"][0]["outcomes"][0].update(probability="1/2"), ModelError, "sum to"),
        (lambda s: s["states"][0]["outcomes"].pop(2), ModelError, "no outcome"),
        (lambda s: s.update(timing="whenever"), ModelError, "timing"),
        # pieces of the wrong kind: a clear message, never a TypeError
        (lambda s: s.update(defaults=None), ModelError, r"\[defaults\] must be a table"),
        (lambda s: s.update(defaults={"Z": 1}), UnknownParameterError, "Z"),
        (lambda s: s.update(defaults={"Y": float("nan")}), DomainError, "Y"),
        (lambda s: s["states"][0].update(play=3), ModelError, r"play must be a table"),
        (lambda s: s["states"][0].update(observed_by=3), ModelError, "observed_by"),
        (lambda s: s["states"][0].update(outcomes=3), ModelError, "outcomes must be a list"),
        (lambda s: s["states"][0]["outcomes"][0].update(payoffs=3), ModelError, "payoffs"),
        (lambda s: s["states"][0]["outcomes"][0].update(payoffs="Y"), ModelError, "payoffs"),
    ],
)
def test_bad_model_specs(change, error, message):
    s = spec()
    change(s)
    with pytest.raises(error, match=message):
        CustomModel(s, "test")  # every problem is found when the file is read


@pytest.mark.parametrize(("given", "read"), [([], ()), (["sme"], ("sme",)), (None, None)])
def test_observed_by_may_be_empty(given, read):
    s = spec()
    s["states"][0]["observed_by"] = given
    state = next(iter(CustomModel(s, "test").game.states.values()))
    assert state.observed_by == read


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.yaml", "x", "end in .toml or .json"),
        ("m.toml", "players = [", "not valid TOML"),
        ("m.json", "[" * 100000, "not valid JSON"),
        ("m.json", "[1, 2]", "table of keys"),
    ],
)
def test_bad_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="cannot read"):
        load_model(tmp_path / "none.toml")


@pytest.mark.parametrize("duration", [12, 5000, 10**6])
def test_a_long_timed_phase_is_an_exponent(duration):
    data = spec()
    punished = next(s for s in data["states"] if s["name"] == "punished")
    punished.update(duration=str(duration), then="honest")
    model = CustomModel(data, "timed.toml")
    values = {"I": 100, "Y": 150, "R": 110, "w": 0, "delta": Fraction(3, 5)}
    t = model.threshold("C", **values)
    # by hand: C >= Y - (1 - d**(D + 1)) (Y - R)/(1 - d) = 50 + 60 (3/5)**D
    expected = 50 + 60 * Fraction(3, 5) ** min(duration, 5000)
    assert float(t.value) == pytest.approx(float(expected), rel=1e-15)
    if duration > 32:  # kept as a symbol, never written out; not a parameter to give
        assert model.fixed == {"duration_punished": duration}
        assert "duration_punished" not in model.parameters
    else:
        assert t.value == expected and not model.fixed
    # second road: the one-shot deviation check on both sides of the boundary
    assert model.is_honest(**{**values, "C": 51}) and not model.is_honest(**{**values, "C": 49})
