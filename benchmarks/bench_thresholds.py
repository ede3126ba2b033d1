"""Deriving δ* in the repeated lending game: each mechanism alone and in combination.

Run: ``python benchmarks/bench_thresholds.py [--quick] [--json PATH] [--timeout S]``.

For each case, the full symbolic derivation on a fresh model (automaton → values →
constraints → the threshold δ* with no values given), against the goal of issue 19:
every combination under 0.5 s (ratio = 0.5 s ÷ time, above 1 = met). Each sample runs
in a forked child (``benchmarks/timing.py``), so every derivation starts from a cold
cache; the parent only derives the grim δ* at the base case first, so that imports are
not timed. A derivation that ends without a closed form is timed to that end (the note
says so); one that runs past ``--timeout`` is shown as "> bound".
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from timing import Row, emit, interleave, parse_args

import gametheory_cluster as gc

WORK = "δ* for combinations of mechanisms"
SIX = {"continuation": True, "exit_cost": True, "cluster_rent": True, "detection": True,
       "monitoring": True, "recovery": True}
SINGLE = {
    "grim": {},
    "exclusion (T)": {"punishment": "exclusion"},
    "continuation (p)": {"continuation": True},
    "exit cost (C)": {"exit_cost": True},
    "cluster rent (s)": {"cluster_rent": True},
    "detection (q)": {"detection": True},
    "monitoring (pi)": {"monitoring": True},
    "lag (L symbolic)": {"lag": True},
    "recovery (lam)": {"recovery": True},
}
COMBINED = {
    "exit cost + detection": {"exit_cost": True, "detection": True},
    "monitoring + recovery + lag L = 2": {"monitoring": True, "recovery": True, "lag": 2},
    "all six switches, grim": SIX,
    "all six switches, exclusion (T)": {"punishment": "exclusion", **SIX},
    "all six switches, exclusion (T), lag L = 2": {"punishment": "exclusion", "lag": 2, **SIX},
}


def derive(switches: dict[str, Any]) -> str:
    """δ* on a fresh model, as text (or why there is none)."""
    try:
        value = gc.RepeatedLending(**switches).threshold("delta").value
    except gc.SolveError as err:
        return f"no closed form: {str(err)[:60]}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(__doc__, argv, timeout=(float, 30.0, "seconds per derivation"))
    gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0)  # imports, not timed
    cases = {**SINGLE, **COMBINED}
    if args.quick:
        cases = {k: cases[k] for k in ("grim", "exit cost (C)", "exit cost + detection",
                                       "all six switches, grim")}
    timings = interleave({label: partial(derive, sw) for label, sw in cases.items()},
                         2 if args.quick else 3, warmup=0, min_time=0, timeout=args.timeout)
    rows = [Row(WORK, label, t, goal="every combination < 0.5 s", goal_seconds=0.5,
                note=str(t.result) if t.result is not None else "")
            for label, t in timings.items()]
    emit(rows, args.json, title="symbolic δ* on a fresh model (cold cache)")


if __name__ == "__main__":
    main()
