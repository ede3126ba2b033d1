"""Generated propositions: every displayed step follows from the one before; the .tex compiles."""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess

import pytest
import sympy as sp

import gametheory_cluster as gc
from gametheory_cluster.algebra import sign
from gametheory_cluster.cli import main
from gametheory_cluster.parameters import PARAMETERS
from gametheory_cluster.propositions import _signed
from gametheory_cluster.thresholds import as_nonnegative

CASES = {
    "grim": ({}, "delta"),
    "exclusion": ({"punishment": "exclusion"}, "T"),
    "continuation": ({"continuation": True}, "delta"),
    "exit_cost": ({"exit_cost": True}, "delta"),
    "cluster_rent": ({"cluster_rent": True}, "delta"),
    "detection": ({"detection": True}, "delta"),
    "monitoring": ({"monitoring": True}, "delta"),
    "lag": ({"lag": 3}, "delta"),
    "recovery": ({"recovery": True}, "delta"),
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    kwargs, parameter = CASES[request.param]
    model = gc.RepeatedLending(**kwargs)
    return model, model.proposition(parameter)


def random_point(symbols, assumptions, rng):
    """A random parameter point in the domains that satisfies the assumptions."""
    for _ in range(2000):
        point = {}
        for s in symbols:
            p = PARAMETERS[s.name]
            typical = float(p.typical)
            if p.integer:
                point[s] = rng.randint(int(p.domain.inf), int(p.domain.inf) + 8)
            elif p.domain.sup == 1:
                point[s] = rng.uniform(0.02, 0.98)
            else:
                point[s] = rng.uniform(0, 2 * typical + 50)
        if all(bool(a.xreplace(point)) for a in assumptions):
            return point
    raise AssertionError("no point satisfies the assumptions")


def test_each_step_follows_from_the_previous(case):
    model, prop = case
    assumptions = [*prop.threshold.valid_when, *model.assumptions()]
    steps = prop.steps
    assert steps[0].reason == "constraint" and len(steps) >= 2
    rng = random.Random(0)
    for before, after in itertools.pairwise(steps):
        if after.factor is not None:
            # the new line is a positive multiple of the old one
            assert (
                sp.simplify(
                    as_nonnegative(after.claim) - after.factor * as_nonnegative(before.claim)
                )
                == 0
            )
            assert sign(after.factor) == 1 or _signed(after.factor, assumptions) == 1
        else:
            # a monotone inversion or an integer rounding: same truth value everywhere
            # (points where the threshold itself is not real — no value works — are skipped)
            symbols = sorted(before.claim.free_symbols | after.claim.free_symbols, key=str)
            checked = 0
            for _ in range(60):
                point = random_point(symbols, assumptions, rng)
                if not all(
                    c.rhs.xreplace(point).is_extended_real for c in (before.claim, after.claim)
                ):
                    continue
                assert bool(before.claim.xreplace(point)) == bool(after.claim.xreplace(point))
                checked += 1
            assert checked >= 10


def test_last_step_is_the_threshold(case):
    _, prop = case
    last = prop.steps[-1].claim
    assert sp.simplify(last.rhs - prop.threshold.value) == 0


def test_first_step_is_the_binding_constraint(case):
    _, prop = case
    binding = prop.threshold.binding
    assert sp.simplify(prop.steps[0].claim.lhs - binding.slack) == 0


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_tex_compiles(case, tmp_path):
    _, prop = case
    (tmp_path / "p.tex").write_text(prop.to_tex("en"), encoding="utf-8")
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "p.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]


def test_chinese_wording(case):
    model, prop = case
    name = "完美公共均衡" if model.equilibrium == "perfect public" else "子博弈精炼均衡"
    assert name in prop.statement("zh") and r"\usepackage{ctex}" in prop.to_tex("zh")


@pytest.mark.parametrize(("switch", "notion"), [
    ({}, "subgame-perfect"), ({"exit_cost": True}, "subgame-perfect"),
    ({"detection": True}, "perfect public"), ({"monitoring": True}, "perfect public"),
    ({"lag": 3}, "perfect public"),
])
def test_the_proposition_names_its_equilibrium_and_principle(switch, notion):
    """A default seen only through a public signal: a perfect public equilibrium, proved by
    the one-shot deviation principle for perfect public equilibria (Fudenberg, Levine, Maskin)."""
    prop = gc.RepeatedLending(**switch).proposition()
    assert f"is a {notion} equilibrium if and only if" in prop.statement()
    public = notion == "perfect public"
    assert ("perfect public equilibria" in prop.latex()) == public
    assert ("after any public history" in prop.markdown()) == public


def test_markdown_and_jupyter_hooks(case):
    _, prop = case
    assert "$" in prop.markdown() and r"\begin{proposition}" in prop.latex()
    # the notebook shows the claim as display math, side conditions kept
    shown = prop._repr_latex_()
    assert shown.startswith("$") and shown.endswith("$")
    assert (r"\text{requires" in shown) == bool(prop.threshold.requires)
    assert len(repr(prop)) < 300 and repr(prop).count("\n") <= 1


def test_exit_cost_corollary():
    prop = gc.RepeatedLending(exit_cost=True).proposition()
    signs = {c.parameter: c.sign for c in prop.corollaries}
    assert signs["C"] == -1 and signs["R"] == 1  # delta* falls as C rises, rises with R
    assert "falls as C rises" in prop.corollaries[0].text()


def test_numeric_proposition_states_the_point():
    from fractions import Fraction

    prop = gc.RepeatedLending(exit_cost=True).proposition(
        "C", Y=150, R=110, w=0, delta=Fraction(3, 5)
    )
    assert prop.threshold.value == 50 and "C ≥ 50" in prop.statement()


def test_unknown_language():
    with pytest.raises(gc.GameTheoryClusterError, match="valid languages"):
        gc.RepeatedLending().proposition().statement("fr")


def test_cli_writes_tex(tmp_path, capsys):
    out = tmp_path / "prop.tex"
    assert main(["proposition", "--exit-cost", "--lang", "zh", "--tex", str(out)]) == 0
    assert "命题" in out.read_text(encoding="utf-8")
