"""Input audit: the public API under random and hostile input.

Every call must end in a verified result or a documented exception (a subclass of
``GameTheoryClusterError``) — never another exception type, a hang, or a NaN passed
off as a result. The CLI must exit 0 or 2 and never print a traceback.
"""

from __future__ import annotations

import contextlib
import io
import math
import signal
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory_cluster as gc
from gametheory_cluster.cli import main
from gametheory_cluster.io.formula import parse_formula
from gametheory_cluster.io.gambit import read_efg, read_nfg

#: Hostile values tried wherever a number goes.
HOSTILE_VALUES: list[Any] = [
    float("nan"),
    float("inf"),
    -float("inf"),
    1e308,
    -1e308,
    5e-324,
    0,
    -1,
    0.0,
    10**100,
    -(10**100),
    Fraction(1, 10**50),
    "0.5",
    "abc",
    "",
    None,
    True,
    False,
    [],
    [0.5],
    {},
    (),
    complex(0.5, 1),
    np.float64("nan"),
    np.array([]),
    np.array([[0.5]]),
    sp.nan,
    sp.oo,
    sp.zoo,
    sp.Symbol("x"),
    object(),
]

#: Sensible values, so that hostile ones meet otherwise valid calls.
SANE_VALUES: list[Any] = [
    Fraction(3, 5),
    sp.Rational(9, 10),
    0.7,
    150,
    110,
    100,
    2,
    sp.Rational(1, 2),
]

#: Names tried as parameters: the model's own, others from the table, and unknown ones.
NAMES = ["delta", "Y", "R", "w", "C", "I", "q", "s", "N", "lam", "bogus", "", "__class__"]

#: Hostile formulas and command lines.
HOSTILE_TEXT = [
    "__import__('os').system('echo hi')",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "9**9**9**9",
    "(" * 500 + "1" + ")" * 500,
    "1" * 10_000,
    "Y if R else w",
    "Y; import os",
    "Y\x00",
    "exp(exp(exp(1000)))",
    "1/0",
    "nan",
    "inf",
    "",
]

HOSTILE_ARGV = [
    [],
    ["--help-me"],
    ["threshold"],
    ["threshold", "delta", "--set", "Y=nan"],
    ["threshold", "delta", "--set", "Y="],
    ["threshold", "delta", "--set", "=1"],
    ["threshold", "delta", "--set", "Y=1e999"],
    ["threshold", "delta", "--set", "bogus=1"],
    ["threshold", "bogus"],
    ["threshold", "delta", "--lag", "-5"],
    ["threshold", "delta", "--set", "Y=__import__('os')"],
    ["equilibria", "nothing"],
    ["equilibria", "lending", "--set", "I=abc"],
    ["proposition", "--lang", "xx"],
    ["parameters", "--json", "extra"],
]

ALLOWED = gc.GameTheoryClusterError


class Hang(Exception):
    """A call that did not return in time."""


def outcome(call: Callable[[], Any], seconds: int = 20) -> Any:
    """The call's result, or None for a documented error; fail on anything else."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return call()
    except ALLOWED:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def is_nan(value: Any) -> bool:
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, sp.Basic) and value.has(sp.nan)


values_ = st.sampled_from([*HOSTILE_VALUES, *SANE_VALUES])
exact = st.sampled_from([*SANE_VALUES[:2], 150, 110, 100, 0, 2, 5, sp.Rational(1, 3)])
settings_ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODELS = {
    "grim": lambda: gc.RepeatedLending(),
    "exclusion": lambda: gc.RepeatedLending(punishment="exclusion", exit_cost=True),
}


@settings_
@given(
    st.sampled_from(sorted(MODELS)),
    st.sampled_from(NAMES),
    st.dictionaries(st.sampled_from(NAMES), values_, max_size=4),
)
def test_threshold_under_hostile_values(kind: str, name: str, values: dict) -> None:
    model = MODELS[kind]()
    result = outcome(lambda: model.threshold(name, **values))
    if result is not None:
        assert not is_nan(result.value)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["delta", "C", "R"]),
    st.fixed_dictionaries({"Y": exact, "R": exact, "w": exact, "delta": exact, "C": exact}),
)
def test_thresholds_are_verified_by_is_honest(name: str, values: dict) -> None:
    """A numeric threshold bounds the region where the certificate holds."""
    model = gc.RepeatedLending(exit_cost=True)
    given_values = {k: v for k, v in values.items() if k != name}
    result = outcome(lambda: model.threshold(name, **given_values))
    if result is None or result.region is None or result.value is None:
        return
    if not sp.sympify(result.value).is_number:
        return
    if result.value in result.region:
        certificate = outcome(lambda: model.is_honest(**given_values, **{name: result.value}))
        assert certificate is None or certificate.holds


@settings_
@given(
    st.sampled_from(["is_honest", "debt_capacity", "proposition"]),
    st.dictionaries(st.sampled_from(NAMES), values_, max_size=5),
)
def test_model_methods_under_hostile_values(method: str, values: dict) -> None:
    model = gc.RepeatedLending()
    result = outcome(lambda: getattr(model, method)(**values))
    if method == "debt_capacity" and result is not None:
        assert not is_nan(getattr(result, "value", result))


matrices = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.lists(st.lists(values_, min_size=0, max_size=3), min_size=0, max_size=3),
    st.lists(
        st.lists(st.fractions(-5, 5, max_denominator=4), min_size=2, max_size=2),
        min_size=2,
        max_size=3,
    ),
)


@settings_
@given(matrices, matrices)
def test_stage_game_equilibria_are_certified(A: Any, B: Any) -> None:
    game = outcome(lambda: gc.StageGame(A, B))
    if game is None:
        return
    result = outcome(lambda: game.equilibria())
    if isinstance(result, gc.EquilibriumSet):
        assert result.extreme_points, "every finite game has an equilibrium"
        for eq in result.extreme_points:
            assert eq.is_nash()


@settings_
@given(st.dictionaries(st.sampled_from(NAMES), values_, max_size=4))
def test_validate(values: dict) -> None:
    result = outcome(lambda: gc.validate(values))
    if result is not None:
        assert not any(is_nan(v) for v in result.values())


@settings_
@given(
    st.dictionaries(st.sampled_from(["delta", "Y", "R", "w", "bogus"]), values_, max_size=4),
    st.sampled_from([*HOSTILE_VALUES, np.linspace(0.1, 0.9, 5)]),
)
def test_honest_region_and_sweep(values: dict, grid_values: Any) -> None:
    model = gc.RepeatedLending()
    region = outcome(lambda: gc.honest_region(model, **values))
    if region is not None:
        assert np.asarray(region).dtype == bool
    from gametheory_cluster.sweep import sweep

    outcome(lambda: sweep(model, {"delta": grid_values}, **values))


@settings_
@given(st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40)))
def test_parse_formula(text: str) -> None:
    result = outcome(lambda: parse_formula(text, names=["Y", "R", "w"]), seconds=5)
    if result is not None:
        assert not result.has(sp.nan, sp.zoo)


SPEC_PIECES = {
    "players": st.sampled_from([["bank", "sme"], [], "bank", None, [1, 2], ["a", "a"]]),
    "parameters": st.sampled_from([["Y", "R"], ["__import__"], "Y", None, [3]]),
    "actions": st.sampled_from([{"bank": ["L"], "sme": ["R"]}, {}, [], None, {"x": "y"}]),
    "states": st.sampled_from([
        [], None, [{}], [{"name": "s", "play": 3}], "s", [{"name": "s", "outcomes": 3}],
        [{"name": "s", "observed_by": 3}], [{"name": "s", "outcomes": [{"payoffs": 3}]}],
    ]),
    "defaults": st.sampled_from([{"Y": "nan"}, {"Y": float("inf")}, {}, None, {"Y": [1]},
                                 {"bogus": 1}]),
}


@settings_
@given(st.fixed_dictionaries({}, optional=SPEC_PIECES), st.sampled_from([".toml", ".json"]))
def test_load_model_on_hostile_specs(tmp_path_factory: Any, spec: dict, suffix: str) -> None:
    import json

    path = tmp_path_factory.mktemp("spec") / f"model{suffix}"
    text = json.dumps(spec)
    if suffix == ".toml":
        text = "\n".join(f"{k} = {json.dumps(v)}" for k, v in spec.items() if v is not None)
    path.write_text(text)
    outcome(lambda: gc.load_model(path))


@settings_
@given(st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=60)))
def test_gambit_readers(text: str) -> None:
    for reader, head in ((read_nfg, "NFG 1 R "), (read_efg, "EFG 2 R ")):
        outcome(lambda reader=reader, head=head: reader(head + text), seconds=5)


@settings_
@given(
    st.one_of(
        st.sampled_from(HOSTILE_ARGV),
        st.lists(
            st.one_of(
                st.sampled_from(["threshold", "equilibria", "delta", "--set", "Y=nan", "--json"]),
                st.text(max_size=8),
            ),
            max_size=5,
        ),
    )
)
def test_cli_exits_cleanly(argv: list[str]) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = outcome(lambda: main(argv))
        except SystemExit as exit_:
            code = exit_.code
    assert code in (0, 2), (argv, code)
    assert "Traceback" not in err.getvalue()


def test_hostile_lists_are_not_empty() -> None:
    assert len(HOSTILE_VALUES) > 25 and len(HOSTILE_TEXT) > 10 and len(HOSTILE_ARGV) > 10


@pytest.mark.parametrize("argv", HOSTILE_ARGV)
def test_each_hostile_command_line(argv: list[str]) -> None:
    test_cli_exits_cleanly.hypothesis.inner_test(argv)
