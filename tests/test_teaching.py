"""The teaching sessions in docs/teaching run from top to bottom, cell by cell."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest

TEACHING = Path(__file__).resolve().parent.parent / "docs" / "teaching"
SESSIONS = sorted(TEACHING.glob("session_*.md"))
CELL = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def cells(path: Path) -> list[str]:
    """The ```python cells of a page (doctest-style cells are run by pytest's doctest)."""
    return [
        c
        for c in CELL.findall(path.read_text(encoding="utf-8"))
        if not c.lstrip().startswith(">>>")
    ]


def test_there_is_a_course():
    assert len(SESSIONS) >= 5


@pytest.mark.parametrize("path", SESSIONS, ids=[p.stem for p in SESSIONS])
def test_session_runs(path, monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(TEACHING.parent.parent)
    text = path.read_text(encoding="utf-8")
    for heading in ("Learning goals", "Exercises", "Solution"):
        assert heading in text, f"{path.name} lacks a {heading!r} section"
    namespace: dict[str, object] = {"__name__": f"teaching_{path.stem}"}
    for code in cells(path):
        exec(compile(code, str(path), "exec"), namespace)  # trusted: our own course pages
    import matplotlib.pyplot as plt

    plt.close("all")
