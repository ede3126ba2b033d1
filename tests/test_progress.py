"""Progress of long work: reported when piped, silent when small or when asked."""

from __future__ import annotations

import numpy as np
import pytest

import gametheory_cluster.games.enumeration as enumeration
from gametheory_cluster import StageGame
from gametheory_cluster.progress import Meter, steps


def test_steps_writes_one_plain_line_per_step_when_piped(capsys):
    assert list(steps(["a", "b"], "drawing")) == ["a", "b"]
    assert capsys.readouterr().err.splitlines() == ["drawing [1/2]: a", "drawing [2/2]: b"]


def test_a_meter_is_silent_until_the_work_runs_long(capsys):
    meter = Meter("bases", unit="bases", after=3000, every=2000)
    for _ in range(7):
        meter.advance(1000)
    meter.close()
    assert capsys.readouterr().err.splitlines() == ["bases: 3,000 bases", "bases: 5,000 bases",
                                                    "bases: 7,000 bases"]
    quiet = Meter("bases", progress=False)
    quiet.advance(10**6)
    assert quiet.count == 10**6 and capsys.readouterr().err == ""


@pytest.fixture
def large_game():
    rng = np.random.default_rng(0)
    return StageGame(rng.integers(-50, 50, (12, 12)).tolist(),
                     rng.integers(-50, 50, (12, 12)).tolist())


def test_a_long_enumeration_reports_the_bases_visited(large_game, capsys, monkeypatch):
    monkeypatch.setattr(enumeration, "QUIET_BASES", 1024)
    found = large_game.equilibria()
    lines = capsys.readouterr().err.splitlines()
    assert lines and all(line.startswith("equilibria of a 12×12 game: ") for line in lines)
    assert lines[-1].endswith(" bases")
    # silenced, the same answer and no line
    assert large_game.equilibria(progress=False).to_dict() == found.to_dict()
    assert capsys.readouterr().err == ""


def test_a_small_enumeration_says_nothing(capsys):
    StageGame([[3, 0, 1], [0, 2, 1], [1, 1, 1]], [[1, 0, 2], [0, 3, 1], [2, 1, 0]]).equilibria()
    assert capsys.readouterr().err == ""
