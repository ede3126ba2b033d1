"""Whole commands: start-up, ``--help``, ``gametheory-cluster reproduce`` and the test suite.

Run: ``python benchmarks/bench_commands.py [--quick] [--json PATH] [--suite]``.

Each command runs as its own process, the commands of a row taking turns in a rotating
order after one warm-up run each (``benchmarks/timing.py``: ``interleave_commands``); CPU
time is the process's user + system time from the operating system, wall time is measured
around it, and output is discarded.

* start-up: ``import gametheory_cluster`` and ``gametheory-cluster --help`` each against
  ``import nashpy`` (a peer's import) and ``import sympy`` (the floor: the engine needs
  sympy), measured side by side in one interleaved run; the first model touched
  (``gc.RepeatedLending``) against ``import sympy``; ``--help`` against the bare
  interpreter (``python -c pass``);
* ``gametheory-cluster reproduce`` (issue 19: every paper in < 10 s wall on 2 cores) into a
  temporary folder — all papers (``--quick``: one small paper);
* the test suite as README gives it (issue 19: < 5 min), only with ``--suite`` (it takes
  minutes); otherwise the row says it was not measured.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from timing import Row, Timing, emit, interleave_commands, parse_args

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
STARTUP = "start-up"
REPRODUCE = "`gametheory-cluster reproduce`"
SUITE = "the test suite"


def startup(rounds: int) -> list[Row]:
    t = interleave_commands({  # one warm-up run each (disk caches), then the rounds
        "import gametheory_cluster": [PY, "-c", "import gametheory_cluster"],
        "import nashpy": [PY, "-c", "import nashpy"],
        "first model": [PY, "-c", "import gametheory_cluster as gc; gc.RepeatedLending"],
        "import sympy": [PY, "-c", "import sympy"],
        "--help": [PY, "-m", "gametheory_cluster", "--help"],
        "python -c pass": [PY, "-c", "pass"],
    }, rounds, cwd=ROOT)
    for name, timing in t.items():
        assert timing.result == 0, f"{name} exited with {timing.result}"
    floor = "import sympy is the floor: the engine needs sympy"
    return [Row(STARTUP, "import gametheory_cluster", t["import gametheory_cluster"],
                t["import nashpy"]),
            Row(STARTUP, "import gametheory_cluster", t["import gametheory_cluster"],
                t["import sympy"], note=floor),
            Row(STARTUP, "import + gc.RepeatedLending", t["first model"], t["import sympy"]),
            Row(STARTUP, "gametheory-cluster --help", t["--help"], t["import nashpy"]),
            Row(STARTUP, "gametheory-cluster --help", t["--help"], t["import sympy"],
                note=floor),
            Row(STARTUP, "gametheory-cluster --help", t["--help"], t["python -c pass"],
                note="a ratio below 1: the interpreter alone is faster")]


def reproduce(quick: bool, rounds: int) -> Row:
    with tempfile.TemporaryDirectory() as out:
        args = [PY, "-m", "gametheory_cluster", "reproduce", "--quiet", "--out", out]
        label = "all papers"
        if quick:
            args += ["--paper", "bester1985"]
            label = "one paper (bester1985)"
        t = interleave_commands({"reproduce": args}, rounds, warmup=0, cwd=ROOT, timeout=600)
    timing = t["reproduce"]
    assert timing.timed_out or timing.result == 0, f"reproduce exited with {timing.result}"
    return Row(REPRODUCE, label, timing, goal="every paper < 10 s wall on 2 cores",
               goal_seconds=10.0, goal_kind="wall")


def suite(run: bool) -> Row:
    if not run:
        return Row(SUITE, "python -m pytest (README's command)", Timing("pytest"),
                   goal="< 5 min", goal_seconds=300.0, goal_kind="wall",
                   note="not measured: pass --suite (it runs the whole suite)")
    t = interleave_commands({"pytest": [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"]},
                            1, warmup=0, cwd=ROOT, timeout=3600)
    return Row(SUITE, "python -m pytest (README's command)", t["pytest"], goal="< 5 min",
               goal_seconds=300.0, goal_kind="wall", note=f"exit code {t['pytest'].result}")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv, suite=(bool, False, "also time the whole test suite"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    rows = startup(2 if args.quick else 7)
    rows.append(reproduce(args.quick, 1 if args.quick else 3))
    rows.append(suite(args.suite))
    emit(rows, args.json, title="whole commands (each a process of its own)")


if __name__ == "__main__":
    main()
