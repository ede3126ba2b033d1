"""Run every ``benchmarks/bench_*.py``, print all rows, record them in results.json and the READMEs.

Run: ``python benchmarks/run_all.py [--quick] [--only NAME ...] [--suite] [--timeout S]
[--write | --no-write]``.

Each benchmark runs in its own subprocess (the same Python, numpy on one thread), one after
another (two benchmarks must not compete for the cores), with a timeout. Each times its
comparisons with ``benchmarks/timing.py`` — the sides interleaved in one run, CPU and wall
time, medians with min–max over the rounds, ratio = anchor ÷ toolkit (above 1 = the
toolkit is faster; against a goal in seconds, goal ÷ time) — and hands its rows back as
JSON. This script prints the machine and every row, issue 19's table first, and (a full
run, or ``--write``) records them:

* ``benchmarks/results.json`` — the machine and, per benchmark, its status, date, mode and
  rows (``--only`` replaces the benchmarks it ran and keeps the others);
* ``benchmarks/README.md`` — the generated table between its ``results`` markers;
* ``README.md`` — the speed summary between its ``speed`` markers.

``--quick`` runs each benchmark's short version (a smoke run: it writes nothing unless
``--write``). ``--suite`` also times the whole test suite (minutes). ``--rewrite`` only
regenerates the READMEs from results.json. The exit status is 1 when a benchmark fails or
times out.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from timing import fmt_timing, format_rows, machine, markdown_table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.json"
#: The rows of issue 19's table, in its order; other rows follow.
ISSUE_ROWS = [
    "all equilibria, lending game and 2×2",
    "3×3 … 10×10",
    "growth with n",
    "δ* for combinations of mechanisms",
    "community thresholds, N lenders",
    "region map through `sweep`",
    "SPE payoff sets",
    "`gametheory-cluster reproduce`",
    "the test suite",
]
MARKERS = {
    HERE / "README.md": ("<!-- results:start (written by benchmarks/run_all.py) -->",
                         "<!-- results:end -->"),
    ROOT / "README.md": ("<!-- speed:start (written by benchmarks/run_all.py) -->",
                         "<!-- speed:end -->"),
}
#: README's sentence on how long its two commands take, written from the same rows.
COMMAND_TIMES = ("<!-- times:start (written by benchmarks/run_all.py) -->", "<!-- times:end -->")


def discover(only: Sequence[str] | None) -> list[Path]:
    """The benchmark scripts, sorted; ``only`` keeps those whose name contains a pattern."""
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [p for p in found if any(o in p.stem for o in only)]
    return found


def run_one(path: Path, quick: bool, suite: bool, timeout: float) -> dict[str, Any]:
    """Run one benchmark as a subprocess; its status, time, output and rows."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        args = [sys.executable, str(path), "--json", str(out)]
        args += ["--quick"] if quick else []
        args += ["--suite"] if suite and path.stem == "bench_commands" else []
        start = time.perf_counter()
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                                  cwd=ROOT, env=env, check=False)
            status = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
            output = done.stdout + (f"\n[stderr]\n{done.stderr}" if done.returncode else "")
        except subprocess.TimeoutExpired as err:
            status = f"timeout after {timeout:g} s"
            output = str(err.stdout or "")
        seconds = time.perf_counter() - start
        rows = json.loads(out.read_text())["rows"] if out.exists() else []
    return {"status": status, "seconds": round(seconds, 1), "mode": "quick" if quick else "full",
            "date": machine()["date"], "rows": rows, "output": output}


def ordered(benchmarks: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """All rows, issue 19's in its order first, each with its benchmark's name."""
    rows = [{**r, "bench": name} for name, b in benchmarks.items() for r in b["rows"]]
    rank = {w: i for i, w in enumerate(ISSUE_ROWS)}
    return sorted(rows, key=lambda r: rank.get(r["work"], len(rank)))


def _num(x: float) -> str:
    return f"{x:,.2f}" if x < 10 else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def _range(values: list[float], bound: bool) -> str:
    lo, hi = min(values), max(values)
    mark = "≥ " if bound else ""
    if math.isclose(lo, hi, rel_tol=0.005):
        return f"{mark}{_num(lo)}×"
    return f"{_num(lo)}–{_num(hi)}×" + (" (≥: an anchor hit its time bound)" if bound else "")


def summary(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """One line per row of issue 19's table: per anchor, the range of the median ratios
    (CPU time; wall time where the goal is about wall time) and the weakest case."""
    lines = []
    for work in ISSUE_ROWS:
        mine = [r for r in rows if r["work"] == work]
        parts = []
        for anchor in dict.fromkeys(r["anchor"] for r in mine):
            group = [r for r in mine if r["anchor"] == anchor]
            kind = group[0].get("goal_kind", "cpu")
            done = [r for r in group if r["ratio"][kind]["n"]
                    and math.isfinite(r["ratio"][kind]["median"])]
            if not done:
                parts.append(f"{anchor}: not measured")
                continue
            ratios = [r["ratio"][kind]["median"] for r in done]
            bound = any(r["ratio_is_bound"] for r in done)
            weakest = min(done, key=lambda r: r["ratio"][kind]["median"])["case"]
            which = f"{len(done)} cases, lowest: {weakest}" if len(done) > 1 else weakest
            wall = " (wall time)" if kind == "wall" else ""
            parts.append(f"{_range(ratios, bound)} vs {anchor}{wall} ({which})")
        goal = next((r["goal"] for r in mine if r["goal"]), "")
        lines.append(f"* {work}: " + ("; ".join(parts) or "not measured in this run")
                     + (f" — goal: {goal}" if goal else ""))
    return lines


def machine_lines(m: Mapping[str, Any]) -> list[str]:
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
    load = ", ".join(str(v) for v in m.get("load_average") or [])
    return [f"Machine: {m['cpu']}, {m['cores']} cores, {m['platform']}; Python {m['python']}; "
            f"{libs}. Load average (1, 5, 15 min) at the end of the latest run: {load} (the "
            "machine is shared)."]


def command_times(rows: Sequence[Mapping[str, Any]], m: Mapping[str, Any]) -> str:
    """How long README's two commands take (wall time, median [min–max]) in the latest run."""
    def wall(work: str) -> str | None:
        found = [r for r in rows if r["work"] == work and r["toolkit"]["wall"]["n"]]
        return fmt_timing(found[0]["toolkit"], "wall") if found else None

    parts = [f"{what} takes {t} wall" for what, t in (
        ("`gametheory-cluster reproduce`", wall("`gametheory-cluster reproduce`")),
        ("the test run", wall("the test suite"))) if t]
    if not parts:
        return "(not measured in the latest benchmark run)"
    return (f"In the latest benchmark run ({m['date'][:10]}, {m['cores']} cores, shared), "
            + " and ".join(parts) + ", after the install (median [min–max]).")


def write_block(path: Path, text: str, markers: tuple[str, str] | None = None) -> None:
    """Replace what lies between the file's markers by ``text`` (re-read just before)."""
    start, end = markers or MARKERS[path]
    content = path.read_text(encoding="utf-8")
    if start not in content or end not in content:
        raise SystemExit(f"{path} lacks the markers {start} … {end}")
    head, rest = content.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{text.rstrip()}\n{end}{tail}", encoding="utf-8")


def record(results: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    rows = ordered(results["benchmarks"])
    benches = results["benchmarks"]
    status = [f"| `{name}` | {b['status']} | {b['mode']} | {b['date']} | {b['seconds']:.0f} s |"
              for name, b in benches.items()]
    table = [
        *machine_lines(results["machine"]),
        "",
        "| benchmark | status | mode | date | run time |",
        "|---|---|---|---|---|",
        *status,
        "",
        "Times are the median per call (CPU time, [min–max] over the rounds); ratios are "
        "anchor ÷ toolkit, median [min–max] of the per-round ratios (above 1: the toolkit "
        "is faster; against a goal in seconds, goal ÷ time; ≥: the anchor hit its time "
        "bound, so the ratio is a lower bound).",
        "",
        *markdown_table(rows),
    ]
    write_block(HERE / "README.md", "\n".join(table))
    m = results["machine"]
    speed = [f"Latest run of `python benchmarks/run_all.py` ({m['date'][:10]}, {m['cpu']}, "
             f"{m['cores']} cores, shared; median CPU-time ratios, anchor ÷ toolkit, above 1 = "
             "the toolkit is faster; full table in `benchmarks/README.md`):", "",
             *summary(rows)]
    write_block(ROOT / "README.md", "\n".join(speed))
    write_block(ROOT / "README.md", command_times(rows, m), COMMAND_TIMES)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short versions (a smoke run)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only benchmarks whose name contains one of these")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    parser.add_argument("--timeout", type=float, help="seconds per benchmark (1800; quick 600)")
    parser.add_argument("--rewrite", action="store_true",
                        help="only regenerate the READMEs from results.json (run nothing)")
    write = parser.add_mutually_exclusive_group()
    write.add_argument("--write", action="store_true", default=None,
                       help="record the results (the default for a full run)")
    write.add_argument("--no-write", dest="write", action="store_false",
                       help="only print (the default with --quick)")
    args = parser.parse_args(argv)
    if args.rewrite:
        record(json.loads(RESULTS.read_text()))
        return 0
    paths = discover(args.only)
    if not paths:
        parser.error(f"no benchmark matches {args.only}; available: "
                     + ", ".join(p.stem for p in discover(None)))
    timeout = args.timeout or (600 if args.quick else 1800)
    ran: dict[str, dict[str, Any]] = {}
    for path in paths:
        print(f"running {path.stem} ...", file=sys.stderr, flush=True)
        ran[path.stem] = run_one(path, args.quick, args.suite, timeout)
        print(f"  {ran[path.stem]['status']}, {ran[path.stem]['seconds']:.0f} s",
              file=sys.stderr, flush=True)
    m = machine()
    print(f"# gametheory_cluster benchmarks ({'quick' if args.quick else 'full'} run)")
    print("\n".join(machine_lines(m)))
    for name, b in ran.items():
        print(f"{name}: {b['status']}, {b['seconds']:.0f} s")
        if b["status"] != "ok":
            print(b["output"][-3000:])
    print("\n".join(format_rows(ordered(ran))))
    print("\nsummary (issue 19's table)")
    print("\n".join(summary(ordered(ran))))
    if args.write if args.write is not None else not args.quick:
        old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"benchmarks": {}}
        kept = {k: v for k, v in old.get("benchmarks", {}).items() if k not in ran}
        fresh = {k: {key: v for key, v in b.items() if key != "output"} for k, b in ran.items()}
        record({"machine": m, "benchmarks": dict(sorted({**kept, **fresh}.items()))})
        print(f"\nwrote {RESULTS.relative_to(ROOT)}, benchmarks/README.md and README.md")
    return 0 if all(b["status"] == "ok" for b in ran.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
