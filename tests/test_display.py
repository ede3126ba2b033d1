"""How results read (issue 16): notation, constraint words, reprs, LaTeX, HTML, frames, JSON.

The engine's answers are checked elsewhere; here, only how they are shown. The second
road for every printed form is the value itself: a printed expression must parse back
(through sympy, with the Greek letters and ``≥`` read back) to the one the engine holds.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from html.parser import HTMLParser

import numpy as np
import pytest
import sympy as sp

import gametheory_cluster as gc
from gametheory_cluster import notation
from gametheory_cluster.algebra import plain
from gametheory_cluster.cli import main
from gametheory_cluster.figure_data import FigureData
from gametheory_cluster.parameters import symbols
from gametheory_cluster.sweep import sweep, threshold_curve

pd = pytest.importorskip("pandas")

BASE = {"Y": 150, "R": 110, "w": 0}
C, I, R, Y, s, w, delta, q, lam = symbols("C I R Y s w delta q lam")


def _parse(text: str) -> sp.Expr:
    """A printed expression read back by sympy: Greek names, juxtaposition, roots, powers."""
    names = {g: n for n, g in notation.GREEK.items() if n != "lambda"}
    for letter, code in names.items():
        text = text.replace(letter, f" {code} ")
    text = text.replace("√", " sqrt").replace("·", "*").replace("^", "**")
    text = re.sub(r"(\d)\s*([A-Za-z(])", r"\1*\2", text)
    text = re.sub(r"\)\s*\(", ")*(", text)
    text = re.sub(r"([A-Za-z)])\s+([A-Za-z(])", r"\1*\2", text)
    text = re.sub(r"\b([A-Za-z])([A-Za-z])\b", r"\1*\2", text)
    local = {n: sp.Symbol(n, real=True) for n in ("C", "I", "R", "Y", "s", "w", "delta", "q",
                                                  "lam", "p", "pi", "T", "L", "N")}
    return sp.sympify(text, locals=local)


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    plain_b = b.xreplace({x: sp.Symbol(x.name, real=True) for x in b.free_symbols})
    return sp.simplify(a - plain_b) == 0


# ------------------------------------------------------------------ notation
@pytest.mark.parametrize(
    ("expr", "shown"),
    [
        ((C - R) / (C - Y - s + w), "(R - C)/(Y + s - w - C)"),  # both signs flipped back
        (R / (Y - w), "R/(Y - w)"),
        ((-R + Y * delta - delta * w) / (1 - delta), "(δY - R - δw)/(1 - δ)"),
        (lam * R - I, "λR - I"),
        (sp.Rational(3, 4) * Y, "3Y/4"),
    ],
)
def test_expressions_read_as_a_paper_prints_them(expr, shown):
    assert notation.text(expr) == shown
    assert _same(_parse(shown), expr)  # the printed form is the same expression


@pytest.mark.parametrize(
    ("relation", "shown"),
    [
        (-I + R >= 0, "R ≥ I"),  # positive sides
        (110 - I >= 0, "I ≤ 110"),  # variables before constants
        (Y * delta - R - delta * w >= 0, "δY ≥ R + δw"),
        (-C + Y + s - w > 0, "Y + s > w + C"),
    ],
)
def test_relations_have_positive_sides_and_variables_first(relation, shown):
    assert notation.text(relation) == shown


def test_the_symbolic_threshold_is_oriented_by_its_own_region():
    t = gc.RepeatedLending(exit_cost=True, cluster_rent=True).threshold("delta")
    assert str(t) == "δ ≥ (R - C)/(Y + s - w - C), valid when Y + s > w + C, requires R ≥ I"
    assert _same(_parse("(R - C)/(Y + s - w - C)"), t.value)  # the same value, shown
    assert str(t.value) == "(C - R)/(C - Y - s + w)"  # the value itself is sympy's, unchanged


def test_numbers_show_exact_and_decimal():
    assert notation.number(sp.sqrt(sp.Rational(11, 15))) == "√165/15 ≈ 0.856"
    assert notation.number(sp.Rational(11, 15) ** sp.Rational(1, 3)) == "∛(11/15) ≈ 0.902"
    assert notation.number(sp.Rational(11, 15)) == "11/15 ≈ 0.733"
    assert notation.number(sp.Rational(3, 5)) == "3/5 = 0.6"
    assert notation.number(4) == "4" and notation.number(0.7333333333333333) == "0.733333"
    long = -2 * (sp.log(5) - sp.log(6)) / (sp.log(10) - 2 * sp.log(3))
    assert notation.number(long) == "3.46…"  # a long exact form: its decimal, cut not rounded


def test_values_as_typed_and_domains_as_intervals():
    assert notation.assignment({"Y": Fraction(-150), "delta": Fraction(3, 5), "q": 0.5}) == (
        "Y = -150, δ = 3/5, q = 0.5"
    )
    assert notation.text(sp.Interval.open(0, sp.oo)) == "(0, ∞)"
    assert notation.text(sp.Interval.Ropen(sp.Rational(11, 15), 1)) == "[11/15 ≈ 0.733, 1)"
    assert notation.derivative("delta", "s") == "∂δ*/∂s" and notation.name("pi0") == "π₀"


def test_a_bad_value_is_named_as_typed(capsys):
    assert main(["threshold", "delta", "--set", "Y=-150", "R=110", "w=0"]) == 2
    err = capsys.readouterr().err
    assert "Y=-150 is outside its domain (0, ∞)" in err and "Fraction" not in err


def test_latex_uses_the_papers_notation():
    assert notation.latex(lam * R - I >= 0) == r"\lambda R \ge I"
    assert notation.latex(sp.Rational(11, 15) ** sp.Rational(1, 3)) == r"\sqrt[3]{\frac{11}{15}}"


# ------------------------------------------------------------------ constraints in words
def test_every_constraint_has_words_beside_its_key():
    for model in (gc.RepeatedLending(), gc.RepeatedLending(punishment="exclusion", exit_cost=True,
                                                           continuation=True),
                  gc.RepeatedLending(detection=True, lag=2)):
        constraints = model.constraints()
        descriptions = [c.description for c in constraints]
        assert len(set(descriptions)) == len(descriptions)  # one sentence per constraint
        for c in constraints:
            assert "@" not in c.description and " prefers " in c.description
            assert c.description.startswith({"bank": "the bank", "sme": "the SME"}[c.player])


def test_the_words_come_from_the_automaton():
    (sme,) = [c for c in gc.RepeatedLending().constraints() if c.label.startswith("sme@honest")]
    assert sme.label == "sme@honest/Lend:Repay>Default"
    assert sme.description == "the SME, trusted and given a loan, prefers repaying to defaulting"
    # the same structure, another automaton: the sentence follows player, state and actions
    stage = {("Trust", "Pay"): (1, 1), ("Trust", "Cheat"): (-1, 2),
             ("Shun", "Pay"): (0, 0), ("Shun", "Cheat"): (0, 0)}

    def outcomes(state, profile):
        kept = state == "deal" and profile == ("Trust", "Pay")
        return [gc.Outcome(stage[profile], "deal" if kept else "feud")]

    game = gc.RepeatedGame(
        ("lender", "borrower"), {"lender": ("Trust", "Shun"), "borrower": ("Pay", "Cheat")},
        [gc.State("deal", {"lender": "Trust", "borrower": "Pay"}),
         gc.State("feud", {"lender": "Shun", "borrower": "Cheat"})],
        outcomes, timing="sequential",
    )
    said = {c.label: c.description for c in game.constraints()}
    assert said["borrower@deal/Trust:Pay>Cheat"] == (
        "the borrower, trusted and trusted with a deal, prefers paying to cheating"
    )
    assert said["borrower@feud/Trust:Cheat>Pay"].startswith("the borrower, in state feud")


def test_no_discount_factor_works_says_so_in_words():
    with pytest.raises(gc.NoSolutionError) as err:
        gc.RepeatedLending().threshold("delta", Y=100, R=110, w=0)
    message = str(err.value)
    assert message.startswith("no δ < 1 works: the SME, trusted and given a loan, never prefers "
                              "repaying to defaulting")
    assert "sme@honest/Lend:Repay>Default" in message and "\n" not in message


# ------------------------------------------------------------------ reprs
def _results() -> dict[str, object]:
    model = gc.RepeatedLending(exit_cost=True)
    return {
        "Threshold": model.threshold("delta", **BASE, C=20),
        "Certificate": model.is_honest(I=100, **BASE, C=20, delta=Fraction(3, 5)),
        "EquilibriumSet": gc.LendingGame().equilibria(I=100, **BASE),
        "Proposition": model.proposition(),
        "SweepResult": sweep(model, {"delta": [0.5, 0.8], "C": [0, 50]}, I=100, **BASE),
        "ThresholdCurve": threshold_curve(model, "delta", "C", [0, 50, 200], **BASE),
        "PayoffSet": gc.spe_payoffs(([[10, -100], [0, 0]], [[40, 150], [0, 0]]), Fraction(4, 5)),
        "SimulationResult": gc.simulate_cluster(gc.RepeatedLending(), 200, 5, rng=0, **BASE),
        "ThresholdPair": gc.MultilateralLending().thresholds("delta", N=2, q=Fraction(1, 2),
                                                             **BASE),
    }


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    return _results()


@pytest.mark.parametrize(
    "kind",
    ["Threshold", "Certificate", "EquilibriumSet", "Proposition", "SweepResult",
     "ThresholdCurve", "PayoffSet", "SimulationResult", "ThresholdPair"],
)
def test_reprs_are_short_and_strs_readable(results, kind):
    result = results[kind]
    shown = repr(result)
    assert shown.count("\n") <= 1 and len(shown) <= 240, shown  # Certificate was 800+ chars
    assert str(result).strip() and "Interval." not in str(result) and "Fraction(" not in shown


def test_certificate_and_proposition_reprs_name_the_verdict(results):
    cert = repr(results["Certificate"])
    assert cert.startswith("Certificate(subgame perfect: fails") and "sme@honest" in cert
    assert repr(results["Proposition"]).startswith("Proposition(δ ≥ (R - C)/(Y - w - C) and R ≥ I")


# ------------------------------------------------------------------ LaTeX
def test_latex_keeps_the_side_conditions():
    numeric = gc.RepeatedLending().threshold("delta", **BASE)
    assert numeric._repr_latex_() == (
        r"$\delta \ge \frac{11}{15} \approx 0.733 \quad \text{requires } I \le 110$"
    )
    symbolic = gc.RepeatedLending(exit_cost=True, cluster_rent=True).threshold("delta")
    shown = symbolic._repr_latex_()
    assert r"\text{if } Y + s > w + C" in shown and r"\text{requires } R \ge I" in shown
    prop = gc.RepeatedLending(exit_cost=True).proposition()
    assert r"\text{requires } R \ge I" in prop._repr_latex_()
    assert r"\begin{proof}" in prop.latex() and "prefers repaying to defaulting" in prop.latex()


# ------------------------------------------------------------------ HTML
class _Table(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.rows = 0
        self.cells: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.rows += tag == "tr"

    def handle_endtag(self, tag):
        assert self.open.pop() == tag, f"</{tag}> closes <{self.open[-1] if self.open else ''}>"

    def handle_data(self, data):
        if self.open and self.open[-1] == "td":
            self.cells.append(data)


def _table(html_text: str) -> _Table:
    parser = _Table()
    parser.feed(html_text)
    parser.close()
    assert not parser.open and html_text.startswith("<table>")
    return parser


@pytest.mark.parametrize(
    ("kind", "rows"),
    [("Certificate", 1 + 4), ("EquilibriumSet", 1 + 2), ("SweepResult", 1 + 2),
     ("PayoffSet", None)],
)
def test_html_reprs_parse_as_tables(results, kind, rows):
    table = _table(results[kind]._repr_html_())
    assert table.rows == rows if rows is not None else table.rows >= 2


def test_the_certificate_table_says_each_constraint_in_words(results):
    table = _table(results["Certificate"]._repr_html_())
    assert "the SME, trusted and given a loan, prefers repaying to defaulting" in table.cells
    assert "✗" in table.cells and "✓" in table.cells


def test_the_lever_ranking_is_a_table():
    ranking = gc.rank_levers(Y=150, R=110, I=100, w=10, q=Fraction(1, 2), lam=Fraction(3, 10))
    table = _table(ranking._repr_html_())
    assert table.rows == 1 + len(ranking.effects)


# ------------------------------------------------------------------ pandas
def test_equilibrium_frame_has_float_columns_and_the_exact_profile(results):
    frame = results["EquilibriumSet"].to_frame()
    numeric = frame.drop(columns=["component", "exact"])
    assert all(str(t) == "float64" for t in numeric.dtypes)
    assert frame["bank:Lend"].tolist() == [0.0, 0.0]
    assert "10/11·Repay" in frame["exact"].iloc[0] or "10/11·Repay" in frame["exact"].iloc[1]


def test_frames_of_the_other_results(results):
    cert = results["Certificate"].to_frame()
    assert str(cert.dtypes["slack"]) == "float64" and cert["holds"].dtype == bool
    assert cert.loc[~cert["holds"], "slack_exact"].tolist() == ["-30"]
    curve = results["ThresholdCurve"].to_frame()
    assert str(curve.dtypes["delta"]) == "float64" and curve.attrs["exact"]
    grid = results["SweepResult"].to_frame()
    assert str(grid.dtypes["min_slack"]) == "float64" and grid.shape == (4, 4)
    sim = results["SimulationResult"].to_frame()
    assert len(sim) == 5 and str(sim.dtypes["default"]) == "float64"
    payoffs = results["PayoffSet"].to_frame()
    assert str(payoffs.dtypes["player 1"]) == "float64"


def test_figure_data_frame_keeps_exact_values_beside_the_floats():
    data = FigureData({"C": [0, 50], "delta": [sp.Rational(11, 15), sp.Rational(3, 5)],
                       "label": ["isolated", "cluster"]}, title="t")
    frame = data.to_frame()
    assert str(frame.dtypes["delta"]) == "float64" and str(frame.dtypes["C"]) == "float64"
    assert frame["delta_exact"].tolist() == ["11/15", "3/5"] and "C_exact" not in frame
    assert frame["label"].tolist() == ["isolated", "cluster"] and frame.attrs["title"] == "t"


# ------------------------------------------------------------------ JSON
def test_json_numbers_are_numbers_with_the_exact_value_beside(capsys):
    assert main(["threshold", "delta", "--set", "Y=150", "R=110", "w=0", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == pytest.approx(11 / 15) and data["value_exact"] == "11/15"
    assert sp.Rational(data["value_exact"]) == sp.Rational(11, 15)
    assert data["requires"] == ["I ≤ 110"] and data["binding_description"].startswith("the SME")


def _walk(node, where):
    """Every ``<key>_exact`` sits beside ``<key>``; a number there, or the same text."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.endswith("_exact"):
                number = node[key[: -len("_exact")]]
                assert not isinstance(number, str) or number == value, (where, key)
            _walk(value, where)
    elif isinstance(node, list):
        for value in node:
            _walk(value, where)


@pytest.mark.parametrize(
    "kind", ["Threshold", "Certificate", "EquilibriumSet", "PayoffSet", "SimulationResult"]
)
def test_one_convention_for_every_to_dict(results, kind):
    text = json.dumps(results[kind].to_dict())
    _walk(json.loads(text), kind)
    assert "_exact" in text


def test_plain_keeps_symbolic_values_as_text():
    data = plain({"value": R / (Y - w), "delta": sp.Rational(3, 4), "x": 0.5})
    assert data == {"value": "R/(Y - w)", "value_exact": "R/(Y - w)", "delta": 0.75,
                    "delta_exact": "3/4", "x": 0.5}


# ------------------------------------------------------------------ progress
def test_sweep_reports_progress_when_asked_and_is_silent_otherwise(capsys):
    grid = {"delta": np.linspace(0.5, 0.9, 8), "R": [100, 120]}
    model = gc.RepeatedLending()
    sweep(model, grid, chunks=4, progress=True, Y=150, w=0, I=90)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 4 and lines[-1].startswith("sweep over delta × R [4/4]")
    sweep(model, grid, chunks=4, progress=False, Y=150, w=0, I=90)
    assert capsys.readouterr().err == ""


def test_simulation_reports_progress_per_chunk(capsys):
    gc.simulate_cluster(gc.RepeatedLending(), 300, 3, rng=0, chunk_size=100, progress=True,
                        **BASE)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and "[3/3]" in lines[-1]
    gc.simulate_cluster(gc.RepeatedLending(), 300, 3, rng=0, chunk_size=100, progress=False,
                        **BASE)
    assert capsys.readouterr().err == ""
