"""Run every ``benchmarks/bench_*.py`` and print one combined report.

Run: ``python benchmarks/run_all.py [--quick] [--timeout SECONDS] [--only NAME ...]
[--report PATH] [--summary-only]``.

Each benchmark runs in its own subprocess (the same Python), one after another (they
time themselves, so they must not compete for the two cores), with a timeout; its
output is captured. The report gives the machine, each benchmark's full output, and
a summary: status and wall time per benchmark, then the lines that carry ratios
(``123x``, "ratio", "faster", "target", and the rows of any table whose header
mentions ratios). ``--quick`` is passed to the benchmarks that accept it. The exit
status is 1 when any benchmark fails or times out.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATIO = re.compile(r"\d[\d,]*(\.\d+)?\s?[x×](?![\w])|(?i:\bratio|faster|slower|target|/ours)")
#: A table header naming ratio columns ("ratio", "a/b"), with no measured number in it.
HEADER = re.compile(r"(?i)ratio|[a-z]/[a-z]")
MEASURED = re.compile(r"\d\.\d|\d[x×](?![\w])")


@dataclass
class Run:
    """One benchmark's outcome."""

    name: str
    status: str  # "ok", "failed (exit N)", "timeout after S s"
    seconds: float
    output: str


def discover(only: list[str] | None) -> list[Path]:
    """The benchmark scripts, sorted; ``only`` keeps those whose name contains a pattern."""
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [p for p in found if any(o in p.stem for o in only)]
    return found


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def run_one(path: Path, timeout: float, quick: bool) -> Run:
    """Run one benchmark as a subprocess and capture what it prints."""
    args = [sys.executable, str(path)]
    if quick and '"--quick"' in path.read_text(encoding="utf-8"):
        args.append("--quick")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              cwd=HERE.parent, env=env, check=False)
    except subprocess.TimeoutExpired as err:
        output = _text(err.stdout) + _text(err.stderr)
        return Run(path.stem, f"timeout after {timeout:g} s", time.perf_counter() - start,
                   output)
    output = done.stdout + (f"\n[stderr]\n{done.stderr}" if done.stderr.strip() else "")
    status = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
    return Run(path.stem, status, time.perf_counter() - start, output)


def machine() -> list[str]:
    """A few lines describing the machine and the library versions."""
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    load = ", ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "-"
    return [
        f"date      : {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"machine   : {platform.platform()}, {platform.machine()}, {os.cpu_count()} cores "
        f"(load average {load})",
        f"python    : {platform.python_version()}",
        "libraries : " + ", ".join(f"{n} {version(n)}" for n in
                                   ("numpy", "scipy", "sympy", "nashpy", "pygambit",
                                    "quantecon", "gametheory_cluster")),
    ]


def ratio_lines(output: str) -> list[str]:
    """The lines of an output that carry ratios or targets (and rows of ratio tables)."""
    keep, in_table = [], False
    for line in output.splitlines():
        if not line.strip():
            in_table = False
            continue
        if HEADER.search(line) and not MEASURED.search(line):
            in_table = True  # a table header naming ratio columns: keep its rows
            keep.append(line)
        elif in_table or RATIO.search(line):
            keep.append(line)
    return keep


def report(runs: list[Run], summary_only: bool) -> str:
    """The combined report as text."""
    lines = ["# gametheory_cluster benchmarks", *machine(), ""]
    if not summary_only:
        for r in runs:
            lines += [f"## {r.name} — {r.status}, {r.seconds:.1f} s", r.output.rstrip(), ""]
    lines += ["## summary", f"{'benchmark':<22} {'status':<24} {'wall time':>10}"]
    lines += [f"{r.name:<22} {r.status:<24} {r.seconds:>9.1f}s" for r in runs]
    lines += ["", "## ratios (see each benchmark's output for the full table)"]
    for r in runs:
        found = ratio_lines(r.output)
        lines.append(f"{r.name}:")
        lines += [f"  {line.strip()}" for line in found] or ["  (no ratio lines)"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="pass --quick to the benchmarks that accept it")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed per benchmark (default 900)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only benchmarks whose name contains one of these")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    parser.add_argument("--summary-only", action="store_true",
                        help="leave each benchmark's full output out of the report")
    args = parser.parse_args(argv)
    paths = discover(args.only)
    if not paths:
        parser.error(f"no benchmark matches {args.only}; available: "
                     + ", ".join(p.stem for p in discover(None)))
    runs = []
    for path in paths:
        print(f"running {path.stem} ...", file=sys.stderr, flush=True)
        runs.append(run_one(path, args.timeout, args.quick))
    text = report(runs, args.summary_only)
    print(text, end="")
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    return 0 if all(r.status == "ok" for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
