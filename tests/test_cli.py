"""The command line: answers, JSON, and one-line errors with a non-zero exit."""

import json
import subprocess
import sys

import pytest

from gametheory_cluster.cli import main, parse_assignments
from gametheory_cluster.errors import GameTheoryClusterError


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_threshold_exit_cost(capsys):
    code, out, _ = run(
        capsys, "threshold", "delta", "--exit-cost", "--set", "Y=150", "R=110", "w=0", "C=50"
    )
    assert code == 0 and out.startswith("δ ≥ 3/5")


def test_threshold_json_is_exact(capsys):
    code, out, _ = run(
        capsys,
        "threshold",
        "T",
        "--punishment",
        "exclusion",
        "--set",
        "Y=150",
        "R=110",
        "w=0",
        "delta=0.9",
        "--json",
    )
    data = json.loads(out)
    # numbers as numbers, the exact value beside as text
    assert code == 0 and data["value"] == 4 and data["value_exact"] == "4"
    assert data["direction"] == ">=" and data["condition"].startswith("T ≥ 4")


def test_decimal_values_are_read_exactly(capsys):
    _, out, _ = run(
        capsys,
        "threshold",
        "C",
        "--exit-cost",
        "--set",
        "Y=150",
        "R=110",
        "w=0",
        "delta=0.6",
        "--json",
    )
    data = json.loads(out)
    assert data["value"] == 50 and data["value_exact"] == "50"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["threshold", "dleta", "--set", "Y=150"], "did you mean 'delta'"),
        (["threshold", "delta", "--set", "Y=abc"], "not a number"),
        (["threshold", "delta", "--set", "Y=nan"], "not a number"),
        (["threshold", "delta", "--set", "Y"], "NAME=VALUE"),
        (["threshold", "delta", "--set", "Y=150", "R=110", "w=0", "q=1/2"], "valid names"),
        (["threshold", "delta", "--model", "nope"], "valid models"),
        (["threshold", "delta", "--set", "Y=150", "R=110", "w=0", "delta=2"], "delta"),
        (["reproduce", "--paper", "nope", "--out", "unused"], "valid papers"),
    ],
)
def test_errors_are_one_line(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_parse_rejects_huge_values():
    with pytest.raises(GameTheoryClusterError):
        parse_assignments(["Y=" + "9" * 200])


def test_module_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "gametheory_cluster", "parameters", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = [row["name"] for row in json.loads(proc.stdout)]
    assert {"I", "Y", "R", "w", "delta", "p", "C", "s", "q", "pi", "lam", "T", "N"} <= set(names)


def test_reproduce_list(capsys):
    code, out, _ = run(capsys, "reproduce", "--list")
    assert code == 0 and "cluster_financing" in out.split()
