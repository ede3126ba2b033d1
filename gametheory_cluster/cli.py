"""The command line: ``gametheory-cluster <command> …`` (also ``python -m gametheory_cluster``).

Commands
--------
``reproduce``    rebuild every paper figure (and its data) on the built-in defaults
``threshold``    the threshold of a repeated lending model in one parameter
``proposition``  the proposition "honest repayment is SPE iff …" with its proof
``equilibria``   all Nash equilibria of a stage game
``parameters``   the table of named parameters
``explore``      write the explorer page: one self-contained HTML file with sliders

Values are given as ``--set NAME=VALUE ...``; a value such as ``0.7`` or ``3/5`` is
read exactly (as the fraction it writes), so answers are exact. Bad input exits
with status 2 and a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import GameTheoryClusterError
from .parameters.data import SWITCHES  # text only: --help imports no sympy

__all__ = ["main"]

#: The repeated lending game's mechanism switches offered as flags, and the parameter
#: each one brings in.
_SWITCHES = {name: SWITCHES[name] for name in (
    "continuation", "exit_cost", "cluster_rent", "detection", "monitoring", "recovery")}
#: Exit statuses: success, an operating-system error on output, bad input, interrupted.
EXIT_OK, EXIT_OS, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class CliError(GameTheoryClusterError):
    """A command-line usage problem."""


#: Characters copied from PDFs and word processors that stand for ASCII ones.
_LOOK_ALIKES = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                              "\u2044": "/", "\u2215": "/", "\u00a0": " "})
#: A decimal or a fraction, as ``fractions.Fraction`` reads it, with its exponent apart.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?(?:/[+-]?\d+)?")
#: The largest decimal exponent a typed value may carry (exact values hold 60 digits).
_MAX_EXPONENT = 60


def _plain_text(text: str, name: str) -> str:
    """``text`` with look-alike characters read as what they mean; others named in an error."""
    text = unicodedata.normalize("NFKC", text).translate(_LOOK_ALIKES).strip()
    for char in text:
        if not char.isascii():
            code = f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"
            raise CliError(f"value of {name} contains {char!r} ({code}); type it in ASCII")
    return text


def parse_assignments(items: Sequence[str]) -> dict[str, Fraction]:
    """Read ``NAME=VALUE`` pairs; values are decimals or fractions, read exactly.

    A name given twice is an error; a minus sign copied from a PDF (``−``) is a minus.

    Examples
    --------
    >>> parse_assignments(["Y=150", "delta=0.7", "q=3/5", "w=\u22122"])
    {'Y': Fraction(150, 1), 'delta': Fraction(7, 10), 'q': Fraction(3, 5), 'w': Fraction(-2, 1)}
    >>> parse_assignments(["Y=150", "Y=200"])
    Traceback (most recent call last):
    ...
    gametheory_cluster.cli.CliError: Y is given twice (150 and 200); give each parameter once
    """
    values: dict[str, Fraction] = {}
    texts: dict[str, str] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = _plain_text(name, "a name")
        if not sep or not name.isidentifier():
            raise CliError(f"expected NAME=VALUE, got {item!r}")
        if len(raw) > 100:
            raise CliError(f"value of {name} is too long")
        text = _plain_text(raw, name)
        if name in values:
            raise CliError(
                f"{name} is given twice ({texts[name]} and {text}); give each parameter once"
            )
        match = _NUMBER.fullmatch(text)
        if match is None:
            raise CliError(f"value of {name} is not a number: {raw!r}")
        if match["exp"] is not None and abs(int(match["exp"])) > _MAX_EXPONENT:
            raise CliError(
                f"value of {name} ({text}) is beyond 10^±{_MAX_EXPONENT}; exact algebra "
                "would not finish — rescale the units"
            )
        try:
            values[name] = Fraction(text)
        except ZeroDivisionError:
            raise CliError(f"value of {name} divides by zero: {raw!r}") from None
        texts[name] = text
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
    from .models.lending.repeated import RepeatedLending

    switches = {name: getattr(args, name) for name in _SWITCHES}
    return RepeatedLending(args.punishment, lag=args.lag, **switches), {}


def _values(args: argparse.Namespace, defaults: dict[str, Any], solving: str) -> dict[str, Any]:
    given = parse_assignments(args.set or [])
    return {**{k: v for k, v in defaults.items() if k != solving}, **given}


def _cmd_threshold(args: argparse.Namespace) -> int:
    model, defaults = _model(args)
    _emit(model.threshold(args.parameter, **_values(args, defaults, args.parameter)), args.json)
    return 0


def _cmd_proposition(args: argparse.Namespace) -> int:
    model, _ = _model(args)
    prop = model.proposition(args.parameter, **parse_assignments(args.set or []))
    if args.tex:
        from .io.files import write_atomic

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
    from .models.lending.stage import LendingGame

    game = LendingGame(recovery=args.recovery)
    _emit(game.equilibria(**parse_assignments(args.set or [])), args.json)
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


def _cmd_explore(args: argparse.Namespace) -> int:
    from .explorer.page import write_page

    model, defaults = _model(args)
    command = ["gametheory-cluster", "explore", "--out", Path(args.out).name]
    if args.model != "lending":
        command += ["--model", args.model]
    if args.punishment != "grim":
        command += ["--punishment", args.punishment]
    command += [f"--{k.replace('_', '-')}" for k in _SWITCHES if getattr(args, k)]
    command += ["--lag", str(args.lag)] if args.lag else []
    command += (["--x", args.x] if args.x else []) + (["--set", *args.set] if args.set else [])
    values = {**defaults, **parse_assignments(args.set or [])}
    path = write_page(args.out, model, x=args.x, values=values, command=" ".join(command))
    print(f"wrote {path}")
    if args.screenshot:
        from .explorer.browser import screenshot

        print(f"wrote {screenshot(path, args.screenshot)}")
    return 0


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from .reproduce import Interrupted, find_papers_dir, list_papers, reproduce

    papers_dir = find_papers_dir(args.papers_dir)
    if args.list:
        for paper in list_papers(papers_dir):
            print(paper)
        return 0
    try:
        results = reproduce(
            args.out, args.paper or None, papers_dir, progress=not args.quiet, jobs=args.jobs
        )
    except Interrupted as err:
        return _interrupted(str(err))
    for paper, result in results.items():
        print(f"{paper}: {len(result['files'])} files in {Path(args.out) / paper}")
        for key, value in result["headline"].items():
            print(f"    {key:<45} {_headline_value(value)}")
    return 0


def _headline_value(value: Any) -> str:
    """A headline number as a paper prints it (``5/3 ≈ 1.67``); words and lists as they read.

    >>> _headline_value(["separating", 5]), _headline_value([]), _headline_value(0.5)
    ('separating, 5', 'none', '0.5')
    """
    from .notation import number

    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_headline_value(v) for v in value) or "none"
    return number(value)


def _brings_in(name: str, flag: str) -> str:
    """Help for a switch: the parameter it brings in (from the parameter table), an example."""
    from .parameters.data import GLOBAL  # the table as text: no sympy for --help

    p = GLOBAL[name]
    return f"brings in {name}, the {p.meaning}; e.g. {flag} --set {name}={p.typical}"


def _set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        nargs="+",
        action="extend",
        metavar="NAME=VALUE",
        help="parameter values, exact (0.7 and 7/10 are the same); repeatable; "
        "e.g. --set Y=150 R=110 w=0",
    )


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", default="lending", help="lending (default) or a model file (.toml/.json)"
    )
    parser.add_argument(
        "--punishment",
        choices=("grim", "exclusion"),
        default="grim",
        help="grim: a defaulter is never lent to again (default); exclusion: "
        + _brings_in("T", "--punishment exclusion"),
    )
    for switch, name in _SWITCHES.items():
        flag = f"--{switch.replace('_', '-')}"
        parser.add_argument(flag, dest=switch, action="store_true", help=_brings_in(name, flag))
    parser.add_argument("--lag", type=int, metavar="L", help=_brings_in("L", "--lag 2"))
    _set_option(parser)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gametheory_cluster")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gametheory-cluster``."""
    parser = argparse.ArgumentParser(
        prog="gametheory-cluster",
        description="Game-theoretic models of bank-SME lending in industrial clusters.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("reproduce", help="rebuild every paper figure and its data")
    rep.add_argument("--paper", action="append", help="only this paper (repeatable)")
    rep.add_argument("--out", default="figures", help="output folder (default: figures)")
    rep.add_argument("--papers-dir", help="where the papers/ entries are")
    rep.add_argument("--list", action="store_true", help="list the paper entries and stop")
    rep.add_argument("--quiet", action="store_true", help="no progress messages")
    rep.add_argument(
        "--jobs", type=int, metavar="N", help="draw in N processes (default: every core)"
    )
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
    eq.add_argument("--recovery", action="store_true", help=_brings_in("lam", "--recovery"))
    _set_option(eq)
    eq.add_argument("--json", action="store_true", help="print JSON")
    eq.set_defaults(run=_cmd_equilibria)

    par = sub.add_parser("parameters", help="the table of named parameters")
    par.add_argument("--json", action="store_true", help="print JSON")
    par.set_defaults(run=_cmd_parameters)

    exp = sub.add_parser("explore", help="write the explorer page (one HTML file, works offline)")
    exp.add_argument("--out", default="explorer.html", help="the file (default: explorer.html)")
    exp.add_argument("--x", help="the parameter on the horizontal axis (default: C, q, … or R)")
    exp.add_argument("--screenshot", metavar="PNG", help="also save a picture of the page "
                     "(needs Chromium and playwright)")
    _model_options(exp)
    exp.set_defaults(run=_cmd_explore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0 success; 1 the output could not be written (a missing or read-only folder, …);
    2 bad input (usage, a parameter, a model file); 130 interrupted (Ctrl-C). Every
    error is one line on standard error, never a traceback.
    """
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args))
    except GameTheoryClusterError as err:
        return _fail(str(err), EXIT_INPUT)
    except OSError as err:
        if isinstance(err, BrokenPipeError):  # piped into a reader that stopped early (| head)
            sys.stderr.close()
            return EXIT_OK
        where = f": {err.filename}" if err.filename else ""
        return _fail(f"cannot write{where} ({err.strerror or err})", EXIT_OS)
    except KeyboardInterrupt:
        return _interrupted("interrupted")


def _interrupted(message: str) -> int:
    """Report an interrupt once; a second Ctrl-C while exiting is ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return _fail(message, EXIT_INTERRUPTED)


def _fail(message: str, status: int) -> int:
    print(f"gametheory-cluster: error: {message}", file=sys.stderr)
    return status
