"""Custom models from a TOML or JSON file: players, actions, payoff formulas, the automaton.

A model file describes a repeated game with an automaton (see
:mod:`gametheory_cluster.automata`); formulas are read by the whitelist parser
:func:`gametheory_cluster.io.formula.parse_formula`, never evaluated. The loaded
model answers every question a built-in one does (thresholds, checks,
propositions). The format, in TOML::

    name = "grim trigger lending"
    players = ["bank", "sme"]            # the first moves first when sequential
    timing = "sequential"                # or "simultaneous"
    parameters = ["I", "Y", "R", "w"]    # names used in formulas (delta is always there)

    [actions]
    bank = ["Lend", "Refuse"]
    sme = ["Repay", "Default"]

    [defaults]                           # optional values used when none are given
    I = 100

    [[states]]                           # the first state is the initial one
    name = "honest"
    play = { bank = "Lend", sme = "Repay" }
    outcomes = [
      { when = ["Lend", "Repay"], payoffs = ["R - I", "Y - R"], next = "honest" },
      { when = ["Lend", "Default"], payoffs = ["-I", "Y"], next = "punished" },
      { when = ["Refuse", "*"], payoffs = ["0", "w"], next = "honest" },
    ]

A state may be a timed phase (``duration = "T"``, ``then = "honest"``) and may
restrict whose constraints are checked (``observed_by = ["sme"]``); an outcome may
carry a ``probability`` formula (entries matching the same profile are nature's
draws). ``"*"`` in ``when`` matches any action.

Examples
--------
>>> import tempfile, pathlib
>>> text = '''
... players = ["bank", "sme"]
... timing = "sequential"
... parameters = ["I", "Y", "R", "w"]
... [actions]
... bank = ["Lend", "Refuse"]
... sme = ["Repay", "Default"]
... [[states]]
... name = "honest"
... play = { bank = "Lend", sme = "Repay" }
... outcomes = [
...   { when = ["Lend", "Repay"], payoffs = ["R - I", "Y - R"], next = "honest" },
...   { when = ["Lend", "Default"], payoffs = ["-I", "Y"], next = "punished" },
...   { when = ["Refuse", "*"], payoffs = ["0", "w"], next = "honest" },
... ]
... [[states]]
... name = "punished"
... play = { bank = "Refuse", sme = "Default" }
... outcomes = [
...   { when = ["Lend", "Repay"], payoffs = ["R - I", "Y - R"], next = "punished" },
...   { when = ["Lend", "Default"], payoffs = ["-I", "Y"], next = "punished" },
...   { when = ["Refuse", "*"], payoffs = ["0", "w"], next = "punished" },
... ]
... '''
>>> path = pathlib.Path(tempfile.mkdtemp()) / "grim.toml"
>>> _ = path.write_text(text)
>>> load_model(path).threshold("delta", Y=150, R=110, w=0).value
11/15
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from ..automata import Outcome, RepeatedGame, State
from ..errors import ModelError
from ..models.base import AutomatonModel
from ..parameters import validate
from .formula import parse_formula

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["CustomModel", "load_model"]

_TOP = {"name", "players", "timing", "parameters", "actions", "defaults", "states"}
_STATE = {"name", "play", "outcomes", "duration", "then", "observed_by"}
_OUTCOME = {"when", "payoffs", "next", "probability"}


def _keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ModelError(
            f"unknown key(s) {', '.join(unknown)} in {where}; "
            f"valid keys: {', '.join(sorted(allowed))}"
        )


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ModelError(f"{where} must be a table")
    return dict(value)


def _list_of_str(value: Any, where: str, empty: bool = False) -> list[str]:
    if (not isinstance(value, list) or not (value or empty)
            or not all(isinstance(v, str) for v in value)):
        raise ModelError(f"{where} must be a {'' if empty else 'non-empty '}list of names")
    return value


class CustomModel(AutomatonModel):
    """A model defined by a file (or the same data as a dict): see the module docstring."""

    def __init__(self, spec: Mapping[str, Any], source: str = "<model>") -> None:
        if not isinstance(spec, Mapping):
            raise ModelError(f"{source}: a model is a table of keys, not {type(spec).__name__}")
        _keys(spec, _TOP, source)
        self.source = source
        self.name = str(spec.get("name", Path(source).stem))
        self.players = _list_of_str(spec.get("players"), f"{source}: players")
        names = _list_of_str(spec.get("parameters", ["delta"]), f"{source}: parameters")
        self.names = sorted({*names, "delta"})
        actions = spec.get("actions")
        if not isinstance(actions, Mapping) or set(actions) != set(self.players):
            raise ModelError(
                f"{source}: [actions] needs one list per player: {', '.join(self.players)}"
            )
        self.actions = {
            p: _list_of_str(actions[p], f"{source}: actions of {p}") for p in self.players
        }
        self.timing = spec.get("timing", "simultaneous")
        self.defaults = _table(spec.get("defaults", {}), f"{source}: [defaults]")
        validate(self.defaults, allowed=self.names)
        states = spec.get("states")
        if not isinstance(states, list) or not states:
            raise ModelError(f"{source}: at least one [[states]] entry is needed")
        self._states = [self._state(s, k) for k, s in enumerate(states)]
        self.game.profiles()  # the game is built and checked now: a broken file fails at load

    def _f(self, text: Any) -> Any:
        return parse_formula(text, self.names)

    def _state(self, table: Any, k: int) -> tuple[State, list[tuple[list[str], Outcome]]]:
        where = f"{self.source}: states[{k}]"
        table = _table(table, where)
        _keys(table, _STATE, where)
        duration, observed = table.get("duration"), table.get("observed_by")
        state = State(
            str(table.get("name", "")),
            _table(table.get("play", {}), f"{where}.play"),
            duration=None if duration is None else self._f(duration),
            then=table.get("then"),
            observed_by=None if observed is None else
            tuple(_list_of_str(observed, f"{where}.observed_by", empty=True)),
        )
        outcomes = table.get("outcomes", [])
        if not isinstance(outcomes, list):
            raise ModelError(f"{where}.outcomes must be a list of tables")
        rules = []
        for j, o in enumerate(outcomes):
            at = f"{where}.outcomes[{j}]"
            o = _table(o, at)
            _keys(o, _OUTCOME, at)
            when = _list_of_str(o.get("when"), f"{at}.when")
            payoffs = o.get("payoffs")
            if not isinstance(payoffs, list):
                raise ModelError(f"{at}.payoffs must be a list of formulas, one per player")
            payoffs = [str(v) for v in payoffs]  # numbers are formulas too
            if len(when) != len(self.players) or len(payoffs) != len(self.players):
                raise ModelError(f"{at}: 'when' and 'payoffs' need one entry per player")
            outcome = Outcome(
                tuple(self._f(v) for v in payoffs),
                str(o.get("next")),
                self._f(o.get("probability", 1)),
            )
            rules.append((when, outcome))
        return state, rules

    def _outcomes(self, state: str, profile: tuple[str, ...]) -> list[Outcome]:
        rules = next(r for s, r in self._states if s.name == state)
        return [
            o for when, o in rules
            if all(w in ("*", a) for w, a in zip(when, profile, strict=False))
        ]

    @cached_property
    def game(self) -> RepeatedGame:
        """The automaton game the file defines."""
        return RepeatedGame(
            self.players,
            self.actions,
            [s for s, _ in self._states],
            self._outcomes,
            timing=self.timing,
        )

    def describe(self, lang: str = "en") -> list[str]:
        """The model's name as the phrase of a proposition."""
        return [f"{self.name} ({', '.join(self.game.states)})"]

    def __repr__(self) -> str:
        return f"CustomModel({self.name!r} from {self.source})"


def load_model(path: str | os.PathLike[str]) -> CustomModel:
    """Load a custom model from a ``.toml`` or ``.json`` file."""
    path = Path(path)
    if path.suffix not in (".toml", ".json"):
        raise ModelError(f"{path}: model files end in .toml or .json")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ModelError(f"cannot read {path}: {err.strerror}") from None
    if len(raw) > 1_000_000:
        raise ModelError(f"{path}: model file larger than 1 MB")
    try:
        spec = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise ModelError(f"{path}: not valid {path.suffix[1:].upper()}: {err}") from None
    return CustomModel(spec, str(path))
