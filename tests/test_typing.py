"""Static typing as a user meets it: ``mypy --strict`` on scripts written like the docs.

The scripts in ``tests/typing/`` are the tutorial's and the how-tos' code, typed the
way a user types it (numpy grids, ``equilibria().extreme_points`` without a cast).
Every ``ok_*.py`` must pass; every line marked ``# error:`` in a ``mistake_*.py``
must be rejected (a typo in a ``Literal`` choice, a string where a number is
needed), and nothing else. mypy runs from outside the repository, so it finds the
package only through the install (``pip install -e .``: a plain path entry).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip(
    "mypy", reason="mypy is not installed: pip install -e '.[test]' (it is in the test extra)"
)

FOLDER = Path(__file__).parent / "typing"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str]]]:
    """mypy --strict on the folder, run from an empty directory: errors by file name."""
    where = tmp_path_factory.mktemp("mypy")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(where / "cache"),
         "--no-color-output", "--show-error-codes", str(FOLDER)],
        capture_output=True, text=True, cwd=where, timeout=600,
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr  # 2: mypy itself failed
    found: dict[str, list[tuple[int, str]]] = {}
    for line in run.stdout.splitlines():
        match = re.match(r"(.+?\.py):(\d+): error: (.*)", line)
        if match:
            found.setdefault(Path(match[1]).name, []).append((int(match[2]), match[3]))
    return found


def _scripts(prefix: str) -> list[Path]:
    return sorted(FOLDER.glob(f"{prefix}*.py"))


def test_the_folder_has_scripts_that_pass_and_one_that_must_fail() -> None:
    assert _scripts("ok_") and _scripts("mistake_")


def test_mypy_finds_the_installed_package(report: dict[str, list[tuple[int, str]]]) -> None:
    missing = [m for errors in report.values() for _, m in errors if "import-not-found" in m]
    assert not missing, f"mypy does not see the install: {missing}"


@pytest.mark.parametrize("script", _scripts("ok_"), ids=lambda p: p.name)
def test_user_scripts_pass_strict(script: Path, report: dict[str, list[tuple[int, str]]]) -> None:
    assert report.get(script.name, []) == []


@pytest.mark.parametrize("script", _scripts("mistake_"), ids=lambda p: p.name)
def test_real_mistakes_are_rejected(
    script: Path, report: dict[str, list[tuple[int, str]]]
) -> None:
    marked = {
        n for n, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1)
        if "# error:" in line
    }
    flagged = {n for n, _ in report.get(script.name, [])}
    assert marked, f"{script.name} marks no line with '# error:'"
    assert flagged == marked, report.get(script.name)
