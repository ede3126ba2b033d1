"""The benchmarks' one way of timing: sides interleaved, CPU and wall time, medians with spread.

Every comparison in ``benchmarks/`` goes through :func:`interleave` (Python callables)
or :func:`interleave_commands` (whole processes):

* the sides take turns, round by round, so a machine that slows down or speeds up
  during the run (it is shared) slows every side alike; the order rotates from round
  to round (A, B, C; B, C, A; C, A, B; …), so no side always runs right after the
  same one (a sample that follows seconds of heavy work runs measurably slower);
* each sample records CPU time (:func:`time.process_time`, or the children's
  ``rusage`` for a process) and wall time (:func:`time.perf_counter`), per call;
* a sample repeats the call until ``min_time`` seconds have passed, so calls of a few
  microseconds are timed as a loop (the count is recorded);
* with ``timeout``, each sample runs in a forked child that is killed at the bound,
  so one slow side cannot stall a run; a side that times out is not sampled again.
  The child starts from the parent's state: what the parent computed is cached in the
  child too, and what the child computes is forgotten (a cold cache each sample).

Results are :class:`Timing` objects (all samples kept), summarised by :class:`Spread`
(median, quartiles, min and max); :func:`ratio` pairs the samples of one round, so the
ratio's spread is that of the per-round ratios. A :class:`Row` is one line of a
benchmark's report — a toolkit timing against a peer's (ratio = peer ÷ toolkit, above
1 = the toolkit is faster) or against a goal in seconds (ratio = goal ÷ toolkit) — and
:func:`emit` prints the rows and, with ``--json PATH``, writes them for ``run_all.py``.
"""

from __future__ import annotations

import datetime
import json
import math
import multiprocessing
import os
import pickle
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = [
    "Row",
    "Spread",
    "Timing",
    "emit",
    "fmt_ratio",
    "fmt_seconds",
    "fmt_timing",
    "format_rows",
    "interleave",
    "interleave_commands",
    "machine",
    "markdown_table",
    "parse_args",
    "ratio",
]

KINDS = ("cpu", "wall")


@dataclass(frozen=True)
class Spread:
    """Median, quartiles and range of a list of numbers."""

    median: float
    q1: float
    q3: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        xs = sorted(values)
        if not xs:
            return cls(math.nan, math.nan, math.nan, math.nan, math.nan, 0)
        if len(xs) == 1:
            return cls(xs[0], xs[0], xs[0], xs[0], xs[0], 1)
        q1, _, q3 = statistics.quantiles(xs, n=4, method="inclusive")
        return cls(statistics.median(xs), q1, q3, xs[0], xs[-1], len(xs))

    def as_dict(self) -> dict[str, float]:
        return {"median": self.median, "q1": self.q1, "q3": self.q3, "min": self.low,
                "max": self.high, "n": self.n}


@dataclass
class Timing:
    """Seconds per call of one side, one entry per round (``cpu`` and ``wall``).

    ``calls`` is how many calls each sample averaged; ``timed_out`` says a sample hit
    the bound (then ``timeout`` is that bound and later rounds were skipped);
    ``result`` is the last call's result (for checks; from the child with a timeout).
    """

    name: str
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    timed_out: bool = False
    timeout: float | None = None
    result: Any = None

    def spread(self, kind: str = "cpu") -> Spread:
        return Spread.of(getattr(self, kind))

    def median(self, kind: str = "cpu") -> float:
        return self.spread(kind).median

    def scaled(self, factor: float, name: str | None = None) -> Timing:
        """The same samples times ``factor`` (per item, or extrapolated to more items)."""
        return Timing(name or self.name, [t * factor for t in self.cpu],
                      [t * factor for t in self.wall], list(self.calls), self.timed_out,
                      None if self.timeout is None else self.timeout * factor, self.result)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "calls_per_sample": self.calls}
        out.update({k: self.spread(k).as_dict() for k in KINDS})
        if self.timed_out:
            out["timed_out_after"] = self.timeout
        return out


def ratio(peer: Timing, toolkit: Timing, kind: str = "cpu") -> Spread:
    """Peer ÷ toolkit, round by round (above 1: the toolkit is faster).

    When the peer timed out, its bound stands in for its time (the ratio is then a
    lower bound); a toolkit that timed out gives NaN.
    """
    mine, theirs = getattr(toolkit, kind), getattr(peer, kind)
    if toolkit.timed_out and not mine:
        return Spread.of([])
    if peer.timed_out and not theirs:
        bound = peer.timeout or math.nan
        return Spread.of([bound / t for t in mine])
    pairs = list(zip(theirs, mine, strict=False))
    return Spread.of([a / b for a, b in pairs if b > 0])


def _repeat(fn: Callable[[], Any], min_time: float) -> tuple[float, float, int, Any]:
    """Call ``fn`` until ``min_time`` seconds of wall time have passed (at least once)."""
    calls, result = 0, None
    c0, w0 = time.process_time(), time.perf_counter()
    while True:
        result = fn()
        calls += 1
        wall = time.perf_counter() - w0
        if wall >= min_time:
            break
    cpu = time.process_time() - c0
    return cpu / calls, wall / calls, calls, result


def _child(conn: Any, fn: Callable[[], Any], warmup: int, min_time: float) -> None:
    try:
        for _ in range(warmup):
            fn()
        cpu, wall, calls, result = _repeat(fn, min_time)
        try:
            payload = pickle.dumps(("ok", cpu, wall, calls, result))
        except Exception:  # an unpicklable result: send the timing alone
            payload = pickle.dumps(("ok", cpu, wall, calls, None))
        conn.send_bytes(payload)
    except BaseException as exc:  # report, never hang the parent
        conn.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def _bounded(fn: Callable[[], Any], timeout: float, warmup: int, min_time: float):
    """One sample in a forked child; None when it exceeds ``timeout`` seconds of wall time."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, warmup, min_time), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            return None
        message = pickle.loads(parent.recv_bytes())
    except EOFError:
        message = ("error", f"the child died (exit code {proc.exitcode})")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if message[0] == "error":
        raise RuntimeError(message[1])
    return message[1:]


def _turns(sides: Mapping[str, Any], turn: int) -> list[str]:
    """The order of the sides in round ``turn``: A, B, C; then B, C, A; then C, A, B; …"""
    names = list(sides)
    start = turn % len(names) if names else 0
    return names[start:] + names[:start]


def interleave(
    sides: Mapping[str, Callable[[], Any]],
    rounds: int = 5,
    *,
    warmup: int = 1,
    min_time: float | Mapping[str, float] = 0.05,
    timeout: float | None = None,
) -> dict[str, Timing]:
    """Time each side ``rounds`` times, taking turns in a rotating order (:func:`_turns`).

    ``warmup`` calls of each side run first and are not counted (in the child, with a
    timeout; set 0 for a cold cache). Each sample averages calls over at least
    ``min_time`` seconds (0: exactly one call; a mapping gives it per side). With
    ``timeout`` every sample runs in a forked child killed after that many seconds.
    """
    least = {name: min_time.get(name, 0.05) if isinstance(min_time, Mapping) else min_time
             for name in sides}
    out = {name: Timing(name, timeout=timeout) for name in sides}
    if timeout is None:
        for name, fn in sides.items():
            for _ in range(warmup):
                out[name].result = fn()
    for turn in range(rounds):
        for name in _turns(sides, turn):
            fn, timing = sides[name], out[name]
            if timing.timed_out:
                continue
            if timeout is None:
                cpu, wall, calls, result = _repeat(fn, least[name])
            else:
                sample = _bounded(fn, timeout, warmup, least[name])
                if sample is None:
                    timing.timed_out = True
                    continue
                cpu, wall, calls, result = sample
            timing.cpu.append(cpu)
            timing.wall.append(wall)
            timing.calls.append(calls)
            timing.result = result
    return out


def _run_process(args: Sequence[str], timeout: float | None, env: Mapping[str, str] | None,
                 cwd: str | Path | None):
    """(cpu, wall, exit code) of one process; CPU is the child's user + system time."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=None if env is None else dict(env), cwd=cwd)
    killer = threading.Timer(timeout, proc.kill) if timeout else None
    if killer:
        killer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        if killer:
            killer.cancel()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, proc.returncode


def interleave_commands(
    commands: Mapping[str, Sequence[str]],
    rounds: int = 5,
    *,
    warmup: int = 1,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
) -> dict[str, Timing]:
    """Time whole processes, taking turns in a rotating order (:func:`_turns`); output is
    discarded.

    ``result`` of each timing is the last exit code; a command killed at ``timeout``
    is marked timed out and not run again.
    """
    out = {name: Timing(name, timeout=timeout) for name in commands}
    for _ in range(warmup):
        for args in commands.values():
            _run_process(args, timeout, env, cwd)
    for turn in range(rounds):
        for name in _turns(commands, turn):
            args, timing = commands[name], out[name]
            if timing.timed_out:
                continue
            cpu, wall, code = _run_process(args, timeout, env, cwd)
            if timeout and wall >= timeout and code != 0:
                timing.timed_out = True
                continue
            timing.cpu.append(cpu)
            timing.wall.append(wall)
            timing.calls.append(1)
            timing.result = code
    return out


@dataclass
class Row:
    """One line of a report: the toolkit's timing against a peer's or against a goal.

    ``work`` names the row of issue 19's table it measures (or the benchmark's own
    topic); ``case`` the instance; ``goal`` the target in words; ``goal_seconds`` an
    absolute target (the ratio is then goal ÷ toolkit, above 1 = met). ``per`` is how
    many items (points, starts) one call covers, for a rate in ``unit``/s. ``given``
    replaces the ratio by one the benchmark computed (per kind), e.g. of growth rates.
    ``goal_kind`` says which time the goal is about ("cpu" or "wall").
    """

    work: str
    case: str
    toolkit: Timing
    peer: Timing | None = None
    goal: str = ""
    goal_seconds: float | None = None
    note: str = ""
    per: float | None = None
    unit: str = ""
    given: dict[str, float] | None = None
    goal_kind: str = "cpu"

    def ratio(self, kind: str = "cpu") -> Spread:
        if self.given is not None:  # a ratio computed by the benchmark (e.g. of growth rates)
            value = self.given.get(kind, math.nan)
            return Spread.of([value] if math.isfinite(value) else [])
        if self.peer is not None:
            return ratio(self.peer, self.toolkit, kind)
        if self.goal_seconds is not None:
            if self.toolkit.timed_out and not getattr(self.toolkit, kind):
                return Spread.of([self.goal_seconds / (self.toolkit.timeout or math.nan)])
            return Spread.of([self.goal_seconds / t for t in getattr(self.toolkit, kind)])
        return Spread.of([])

    @property
    def bound(self) -> bool:
        """Whether the ratio is a lower bound (the peer timed out before any sample)."""
        return bool(self.given is None and self.peer is not None and self.peer.timed_out
                    and not self.peer.cpu)

    def as_dict(self) -> dict[str, Any]:
        return {
            "work": self.work,
            "case": self.case,
            "toolkit": self.toolkit.as_dict(),
            "peer": None if self.peer is None else self.peer.as_dict(),
            "anchor": (self.peer.name if self.peer is not None
                       else f"goal {self.goal_seconds:g} s" if self.goal_seconds else ""),
            "ratio": {k: self.ratio(k).as_dict() for k in KINDS},
            "ratio_is_bound": self.bound,
            "goal": self.goal,
            "goal_seconds": self.goal_seconds,
            "goal_kind": self.goal_kind,
            "per": self.per,
            "unit": self.unit,
            "note": self.note,
        }


def fmt_seconds(t: float) -> str:
    """Seconds with a unit that fits: 45.6 ns, 12.3 µs, 4.56 ms, 1.23 s."""
    if not math.isfinite(t):
        return "-"
    if t < 1e-6:
        return f"{t * 1e9:.1f} ns"
    if t < 1e-3:
        return f"{t * 1e6:.1f} µs"
    if t < 1:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def fmt_timing(t: Timing | Mapping[str, Any] | None, kind: str = "cpu") -> str:
    """``median [min–max]`` of a timing (or of its ``as_dict()``); "> bound" if it timed out."""
    if t is None:
        return "-"
    d = t.as_dict() if isinstance(t, Timing) else t
    s = d[kind]
    if not s["n"]:
        bound = d.get("timed_out_after")
        return f"> {fmt_seconds(bound)}" if bound else "-"
    if s["n"] == 1:
        return fmt_seconds(s["median"])
    return f"{fmt_seconds(s['median'])} [{fmt_seconds(s['min'])}–{fmt_seconds(s['max'])}]"


def fmt_ratio(s: Spread | Mapping[str, Any], bound: bool = False) -> str:
    """``median× [min–max]``, with "≥" when the ratio is a lower bound."""
    d = s.as_dict() if isinstance(s, Spread) else s
    if not d["n"] or not math.isfinite(d["median"]):
        return "-"
    m = d["median"]
    digits = 2 if m < 10 else 1 if m < 100 else 0
    head = f"{'≥ ' if bound else ''}{m:,.{digits}f}×"
    return head if d["n"] == 1 else f"{head} [{d['min']:,.{digits}f}–{d['max']:,.{digits}f}]"


def _groups(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Rows grouped by ``work``, in order of first appearance."""
    order: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        order.setdefault(r["work"], []).append(r)
    return list(order.items())


def _rate(r: Mapping[str, Any]) -> str:
    wall = r["toolkit"]["wall"]
    if not r.get("per") or not wall["n"]:
        return ""
    return f"{r['per'] / wall['median']:,.3g} {r.get('unit', '')}/s"


def format_rows(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Rows (as dicts) as text, grouped by work: CPU median [min–max] of each side, the
    ratios of CPU and wall time with their range over the rounds, notes below."""
    lines = []
    for work, group in _groups(rows):
        goal = next((r["goal"] for r in group if r["goal"]), "")
        lines += ["", work + (f" — goal: {goal}" if goal else "")]
        lines.append(f"  {'case':<40} {'anchor':<28} {'toolkit CPU':<30} {'anchor CPU':<30} "
                     f"{'ratio CPU':<26} ratio wall")
        note = ""
        for r in group:
            bound = r["ratio_is_bound"]
            lines.append(
                f"  {r['case']:<40} {r['anchor']:<28} {fmt_timing(r['toolkit']):<30} "
                f"{fmt_timing(r['peer']):<30} {fmt_ratio(r['ratio']['cpu'], bound):<26} "
                f"{fmt_ratio(r['ratio']['wall'], bound)}"
            )
            extra = "; ".join(x for x in (_rate(r), r["note"]) if x)
            if extra and extra != note:
                lines.append(f"  {'':<40} {extra}")
                note = extra
    return lines


def markdown_table(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Rows (as dicts) as one Markdown table: the work and its goal on its first row."""
    lines = ["| work (goal) | case | anchor | toolkit CPU | anchor CPU | ratio CPU | ratio wall |",
             "|---|---|---|---|---|---|---|"]
    for work, group in _groups(rows):
        goal = next((r["goal"] for r in group if r["goal"]), "")
        for i, r in enumerate(group):
            head = (f"**{work}**" + (f" ({goal})" if goal else "")) if i == 0 else ""
            bound = r["ratio_is_bound"]
            cells = [head, r["case"], r["anchor"], fmt_timing(r["toolkit"]),
                     fmt_timing(r["peer"]), fmt_ratio(r["ratio"]["cpu"], bound),
                     fmt_ratio(r["ratio"]["wall"], bound)]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines


def machine() -> dict[str, Any]:
    """The machine: cores, CPU model, Python, libraries, date and load."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg")
        else None,
        "libraries": {n: version(n) for n in ("numpy", "scipy", "sympy", "nashpy", "pygambit",
                                               "quantecon", "gametheory_cluster")},
    }


def parse_args(doc: str | None, argv: Sequence[str] | None = None, **extra: Any):
    """The options every benchmark takes: ``--quick``, ``--json PATH`` (plus ``extra``:
    name -> (type, default, help))."""
    import argparse

    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--json", type=Path, help="write the rows as JSON to this file")
    for name, (kind, default, text) in extra.items():
        flag = f"--{name.replace('_', '-')}"
        if kind is bool:
            parser.add_argument(flag, action="store_true", help=text)
        else:
            parser.add_argument(flag, type=kind, default=default, help=text)
    return parser.parse_args(argv)


def emit(rows: Sequence[Row], path: Path | None, title: str = "") -> None:
    """Print the rows; write them (with the machine) as JSON to ``path`` if given."""
    if title:
        print(title)
    print("\n".join(format_rows([r.as_dict() for r in rows])))
    sys.stdout.flush()
    if path is not None:
        path.write_text(json.dumps({"machine": machine(), "rows": [r.as_dict() for r in rows]},
                                   indent=1, ensure_ascii=False), encoding="utf-8")
