"""The command line: ``gametheory-cluster <command> …`` (also ``python -m gametheory_cluster``).

Commands
--------
``reproduce``    rebuild every paper figure (and its data) on the built-in defaults
``threshold``    the threshold of a repeated lending model in one parameter
``proposition``  the proposition "honest repayment is SPE iff …" with its proof
``equilibria``   all Nash equilibria of a stage game
``parameters``   the table of named parameters

Values are given as ``--set NAME=VALUE ...``; a value such as ``0.7`` or ``3/5`` is
read exactly (as the fraction it writes), so answers are exact. Bad input exits
with status 2 and a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from .errors import GameTheoryClusterError

__all__ = ["main"]

_SWITCHES = ("continuation", "exit_cost", "cluster_rent", "detection", "monitoring", "recovery")


class CliError(GameTheoryClusterError):
    """A command-line usage problem."""


def parse_assignments(items: Sequence[str]) -> dict[str, Fraction]:
    """Read ``NAME=VALUE`` pairs; values are decimals or fractions, read exactly.

    Examples
    --------
    >>> parse_assignments(["Y=150", "delta=0.7", "q=3/5"])
    {'Y': Fraction(150, 1), 'delta': Fraction(7, 10), 'q': Fraction(3, 5)}
    """
    values: dict[str, Fraction] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.isidentifier():
            raise CliError(f"expected NAME=VALUE, got {item!r}")
        if len(text) > 100:
            raise CliError(f"value of {name} is too long")
        try:
            values[name] = Fraction(text.strip())
        except (ValueError, ZeroDivisionError):
            raise CliError(f"value of {name} is not a number: {text!r}") from None
    return values


def _emit(result: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(result)


def _model(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The model named by ``--model`` (``lending`` or a model file) and its default values."""
    if args.model.endswith((".toml", ".json")):
        from .io.model_file import load_model

        model = load_model(args.model)
        return model, dict(model.defaults)
    if args.model != "lending":
        raise CliError(
            f"unknown model {args.model!r}; valid models: lending, or a .toml/.json file"
        )
    from .models.repeated_lending import RepeatedLending

    switches = {name: getattr(args, name) for name in _SWITCHES}
    return RepeatedLending(args.punishment, lag=args.lag, **switches), {}


def _values(args: argparse.Namespace, defaults: dict[str, Any], solving: str) -> dict[str, Any]:
    given = parse_assignments(args.set)
    return {**{k: v for k, v in defaults.items() if k != solving}, **given}


def _cmd_threshold(args: argparse.Namespace) -> int:
    model, defaults = _model(args)
    _emit(model.threshold(args.parameter, **_values(args, defaults, args.parameter)), args.json)
    return 0


def _cmd_proposition(args: argparse.Namespace) -> int:
    model, _ = _model(args)
    prop = model.proposition(args.parameter, **parse_assignments(args.set))
    if args.tex:
        from pathlib import Path

        from .reproduce import write_atomic

        write_atomic(Path(args.tex), prop.to_tex(args.lang))
        print(f"wrote {args.tex}")
    elif args.markdown:
        print(prop.markdown(args.lang))
    else:
        print(prop.latex(args.lang))
    return 0


def _cmd_equilibria(args: argparse.Namespace) -> int:
    if args.game != "lending":
        raise CliError(f"unknown game {args.game!r}; valid games: lending")
    from .models.lending import LendingGame

    _emit(LendingGame(recovery=args.recovery).equilibria(**parse_assignments(args.set)), args.json)
    return 0


def _cmd_parameters(args: argparse.Namespace) -> int:
    from .parameters import parameter_table

    rows = parameter_table()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['name']:>6}  {row['domain']:<28} {row['meaning']}")
    return 0


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from .reproduce import find_papers_dir, list_papers, reproduce

    papers_dir = find_papers_dir(args.papers_dir)
    if args.list:
        for paper in list_papers(papers_dir):
            print(paper)
        return 0
    show = not args.quiet and sys.stderr.isatty()

    def progress(message: str) -> None:
        if show:
            print(f"  drawing {message}", file=sys.stderr, flush=True)

    results = reproduce(args.out, args.paper or None, papers_dir, progress)
    for paper, result in results.items():
        print(f"{paper}: {len(result['files'])} files in {args.out}/{paper}")
        for key, value in result["headline"].items():
            print(f"    {key:<45} {value}")
    return 0


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", default="lending", help="lending (default) or a model file (.toml/.json)"
    )
    parser.add_argument("--punishment", choices=("grim", "exclusion"), default="grim")
    for name in _SWITCHES:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, action="store_true")
    parser.add_argument("--lag", type=int, help="detection lag in periods")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gametheory-cluster``."""
    parser = argparse.ArgumentParser(
        prog="gametheory-cluster",
        description="Game-theoretic models of bank-SME lending in industrial clusters.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("reproduce", help="rebuild every paper figure and its data")
    rep.add_argument("--paper", action="append", help="only this paper (repeatable)")
    rep.add_argument("--out", default="figures", help="output folder (default: figures)")
    rep.add_argument("--papers-dir", help="where the papers/ entries are")
    rep.add_argument("--list", action="store_true", help="list the paper entries and stop")
    rep.add_argument("--quiet", action="store_true", help="no progress messages")
    rep.set_defaults(run=_cmd_reproduce)

    thr = sub.add_parser("threshold", help="threshold of a repeated lending model")
    thr.add_argument("parameter", help="the parameter to solve for (delta, C, q, T, R, ...)")
    _model_options(thr)
    thr.add_argument("--json", action="store_true", help="print JSON")
    thr.set_defaults(run=_cmd_threshold)

    pro = sub.add_parser("proposition", help="the proposition and its proof, derived")
    pro.add_argument(
        "--parameter", default="delta", help="the threshold parameter (default: delta)"
    )
    pro.add_argument("--lang", choices=("en", "zh"), default="en")
    pro.add_argument("--tex", metavar="FILE", help="write a standalone .tex document")
    pro.add_argument("--markdown", action="store_true", help="print Markdown instead of LaTeX")
    _model_options(pro)
    pro.set_defaults(run=_cmd_proposition)

    eq = sub.add_parser("equilibria", help="all Nash equilibria of a stage game")
    eq.add_argument("game", help="the stage game (lending)")
    eq.add_argument("--recovery", action="store_true", help="legal recovery lam")
    eq.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE")
    eq.add_argument("--json", action="store_true", help="print JSON")
    eq.set_defaults(run=_cmd_equilibria)

    par = sub.add_parser("parameters", help="the table of named parameters")
    par.add_argument("--json", action="store_true", help="print JSON")
    par.set_defaults(run=_cmd_parameters)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except GameTheoryClusterError as err:
        print(f"gametheory-cluster: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into a reader that stopped early (| head)
        sys.stderr.close()
        return 0
