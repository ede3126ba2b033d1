"""Hostile input on the command line: one line on stderr, a documented exit code, no traceback.

Each case runs ``python -m gametheory_cluster`` in a subprocess with a timeout (a hang
fails the test), in an empty working folder, and checks that nothing was written
outside the target.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy as sp

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60
EXIT_OK, EXIT_OS, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
BASE = ["threshold", "delta", "--set", "Y=150", "R=110", "w=0"]


def cli(tmp_path: Path, *argv: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "gametheory_cluster", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=timeout,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("gametheory-cluster: error:"), lines[0]
    for word in words:
        assert word in lines[0], lines[0]


def files_in(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def model_file(tmp_path: Path, payoff: str = "Y - C", duration: str | None = None) -> Path:
    text = (REPO / "docs" / "howto" / "exit_cost_model.toml").read_text(encoding="utf-8")
    text = text.replace('"Y - C"', f'"{payoff}"')
    if duration is not None:
        text = text.replace(
            'name = "punished"\n', f'name = "punished"\nduration = "{duration}"\nthen = "honest"\n'
        )
    path = tmp_path / "model.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_repeated_set_options_accumulate(tmp_path: Path) -> None:
    split = cli(tmp_path, "threshold", "delta", "--set", "Y=150", "--set", "R=110", "w=0")
    whole = cli(tmp_path, *BASE)
    assert split.returncode == EXIT_OK, split.stderr
    assert split.stdout == whole.stdout
    assert "11/15" in split.stdout


def test_a_name_given_twice_is_an_error(tmp_path: Path) -> None:
    assert_one_line_error(cli(tmp_path, *BASE, "Y=200"), EXIT_INPUT, "Y is given twice")


@pytest.mark.parametrize("value", ["1e999999", "1e999999999", "-1e-999999999"])
def test_huge_exponents_are_refused_at_once(tmp_path: Path, value: str) -> None:
    result = cli(tmp_path, "threshold", "delta", "--set", f"Y={value}", "R=110", "w=0", timeout=20)
    assert_one_line_error(result, EXIT_INPUT, "Y")


def test_pdf_minus_and_fullwidth_digits_are_read(tmp_path: Path) -> None:
    plain = cli(tmp_path, "threshold", "C", "--exit-cost", "--set", "Y=150", "R=110", "w=0",
                "delta=0.6")
    copied = cli(tmp_path, "threshold", "C", "--exit-cost", "--set", "Y=\uff11\uff15\uff10",
                 "R=110", "w=0", "delta=0.6")
    assert copied.returncode == EXIT_OK, copied.stderr
    assert copied.stdout == plain.stdout
    negative = cli(tmp_path, "threshold", "delta", "--set", "Y=\u2212150", "R=110", "w=0")
    assert_one_line_error(negative, EXIT_INPUT, "Y")


def test_an_unreadable_character_is_named(tmp_path: Path) -> None:
    result = cli(tmp_path, "threshold", "delta", "--set", "Y=\u2248150", "R=110", "w=0")
    assert_one_line_error(result, EXIT_INPUT, "U+2248")


def test_reproduce_on_a_folder_without_papers(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    before = files_in(tmp_path)
    result = cli(tmp_path, "reproduce", "--papers-dir", str(empty), "--quiet")
    assert_one_line_error(result, EXIT_INPUT, "no paper entries")
    assert files_in(tmp_path) == before


def test_reproduce_with_an_empty_output_name(tmp_path: Path) -> None:
    before = files_in(tmp_path)
    result = cli(tmp_path, "reproduce", "--out", "", "--quiet", "--papers-dir", str(REPO / "papers"))
    assert_one_line_error(result, EXIT_INPUT, "output folder")
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("where", ["file", "missing-parent-file"])
def test_reproduce_into_a_place_that_cannot_be_written(tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker if where == "file" else blocker / "figures"
    result = cli(tmp_path, "reproduce", "--out", str(out), "--quiet", "--paper", "zhang2002",
                 "--papers-dir", str(REPO / "papers"))
    assert_one_line_error(result, EXIT_OS, "cannot write")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_tex_into_a_missing_folder(tmp_path: Path) -> None:
    result = cli(tmp_path, "proposition", "--exit-cost", "--tex", str(tmp_path / "no" / "x.tex"))
    assert_one_line_error(result, EXIT_OS, "cannot write")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    "payoff",
    ["exp(exp(exp(exp(exp(1000)))))", "((Y**100)**100)**100"],
)
def test_model_file_formulas_that_would_overflow_or_hang(tmp_path: Path, payoff: str) -> None:
    path = model_file(tmp_path, payoff=payoff)
    result = cli(tmp_path, "threshold", "C", "--model", str(path), "--set", "delta=0.6", timeout=30)
    assert_one_line_error(result, EXIT_INPUT)


def test_ctrl_c_is_one_line_and_names_finished_figures(tmp_path: Path) -> None:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gametheory_cluster", "reproduce", "--quiet", "--out", "figs",
         "--papers-dir", str(REPO / "papers")],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(4)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=TIMEOUT)
    lines = err.strip().splitlines()
    assert process.returncode == EXIT_INTERRUPTED, err
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("gametheory-cluster: error: interrupted"), lines[0]


def test_version(tmp_path: Path) -> None:
    result = cli(tmp_path, "--version")
    assert result.returncode == EXIT_OK
    assert result.stdout.startswith("gametheory-cluster ")


@pytest.mark.parametrize(
    ("switch", "name"),
    [("--exit-cost", "C"), ("--cluster-rent", "s"), ("--detection", "q"), ("--monitoring", "pi"),
     ("--recovery", "lam"), ("--continuation", "p"), ("--lag", "L")],
)
def test_every_switch_says_what_it_brings_in(tmp_path: Path, switch: str, name: str) -> None:
    text = " ".join(cli(tmp_path, "threshold", "--help").stdout.split())
    assert f"brings in {name}," in text
    assert f"e.g. {switch}" in text


# ---- a lag or a duration is an exponent: a closed form in it, or a refusal at once ----
@pytest.mark.parametrize("lag", ["5000", "1000000"])
def test_a_long_lag_is_answered_from_its_closed_form(tmp_path: Path, lag: str) -> None:
    result = cli(tmp_path, "threshold", "delta", "--lag", lag, "--set", "Y=150", "R=110", "w=0",
                 "--json", timeout=30)
    assert result.returncode == EXIT_OK, result.stderr
    # delta >= (R / (Y - w))**(1/L): the closed form in L, never delta**L written out
    answer = json.loads(result.stdout)
    assert answer["value_exact"] == f"11**(1/{lag})*15**({int(lag) - 1}/{lag})/15"
    assert answer["direction"] == ">=" and answer["exact"] is True


@pytest.mark.parametrize("name", ["Y", "w", "I", "R"])
def test_a_long_lag_prints_every_symbolic_threshold(tmp_path: Path, name: str) -> None:
    """δ^5000 in the answer: printed in its closed form, its sign never sought by cancelling
    degree-5000 polynomials (that ran for hours)."""
    result = cli(tmp_path, "threshold", name, "--lag", "5000", timeout=60)
    assert result.returncode == EXIT_OK, result.stderr
    assert "δ^5000" in result.stdout and name in result.stdout


def test_a_long_lag_without_a_closed_form_is_refused_at_once(tmp_path: Path) -> None:
    result = cli(tmp_path, "threshold", "delta", "--lag", "5000", "--monitoring", "--set",
                 "Y=150", "R=110", "w=0", "pi=0.9", "I=90", timeout=30)
    assert_one_line_error(result, EXIT_INPUT, "L = 5000", "GAMETHEORY_CLUSTER_MAX_EXPONENT")


def test_a_long_lag_in_a_proposition_is_refused_at_once(tmp_path: Path) -> None:
    result = cli(tmp_path, "proposition", "--lag", "1000000", timeout=30)
    assert_one_line_error(result, EXIT_INPUT, "L = 1000000", "lag=True")


def test_a_long_duration_in_a_model_file_is_answered_from_its_closed_form(tmp_path: Path) -> None:
    path = model_file(tmp_path, duration="10**6")
    result = cli(tmp_path, "threshold", "C", "--model", str(path), "--set", "delta=0.6", "--json",
                 timeout=30)
    assert result.returncode == EXIT_OK, result.stderr
    # by hand: C >= Y - (1 - delta**(D + 1)) (Y - R)/(1 - delta) = 50 + 60 (3/5)**D; the
    # million-digit power is kept to 60 digits (so the answer says it is not exact)
    answer = json.loads(result.stdout)
    assert answer["value"] == answer["boundary"] == 50.0 and answer["exact"] is False


def test_a_long_duration_can_be_expanded_when_the_limit_is_lifted(tmp_path: Path) -> None:
    path = model_file(tmp_path, duration="40")
    env = {**os.environ, "MPLBACKEND": "Agg", "GAMETHEORY_CLUSTER_MAX_EXPONENT": "64"}
    lifted = subprocess.run(
        [sys.executable, "-m", "gametheory_cluster", "threshold", "C", "--model", str(path),
         "--set", "delta=1/2", "--json"], capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=TIMEOUT,
    )
    kept = cli(tmp_path, "threshold", "C", "--model", str(path), "--set", "delta=1/2", "--json")
    assert lifted.returncode == kept.returncode == EXIT_OK, lifted.stderr + kept.stderr
    delta = sp.Rational(1, 2)  # C >= Y - (1 - delta**(D + 1)) (Y - R)/(1 - delta), as above
    expected = 150 - (1 - delta**41) * 40 / (1 - delta)
    # written out (limit lifted): exact; kept as a symbol: (1/2)**40 to 60 digits
    exact, rounded = json.loads(lifted.stdout), json.loads(kept.stdout)
    assert sp.Rational(exact["value_exact"]) == expected and exact["exact"] is True
    assert rounded["value"] == pytest.approx(float(expected), rel=1e-15)


@pytest.mark.parametrize("build", [
    lambda gc: gc.Outcome(("__import__('os').system('echo hacked')", 0), "honest"),
    lambda gc: gc.Outcome((1, 0), "honest", probability="1/2"),
    lambda gc: gc.State("punished", {"bank": "Refuse"}, duration="T"),
])
def test_text_in_an_automaton_is_refused_not_parsed(build) -> None:
    """Payoffs, probabilities and durations are numbers or expressions: text never reaches sympify."""
    import gametheory_cluster as gc

    with pytest.raises(gc.ModelError, match="is text; write it as a number"):
        build(gc)
