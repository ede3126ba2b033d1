"""The explorers: sliders from the parameter table, δ* as the engine says, the page and the widget."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import gametheory_cluster as gc
from gametheory_cluster.cli import main
from gametheory_cluster.explorer import DerivedConditions

ROOT = Path(__file__).resolve().parent.parent
MODEL_FILE = ROOT / "docs" / "howto" / "exit_cost_model.toml"

MODELS = {
    "isolated": lambda: gc.RepeatedLending(),
    "clustered": lambda: gc.RepeatedLending(exit_cost=True, cluster_rent=True),
    "model-file": lambda: gc.load_model(MODEL_FILE),
    "exclusion": lambda: gc.RepeatedLending(punishment="exclusion"),  # no closed form: the scan
    "lag": lambda: gc.RepeatedLending(lag=True),
    "monitoring": lambda: gc.RepeatedLending(monitoring=True),
    "detection": lambda: gc.RepeatedLending(detection=True, exit_cost=True),
}


def engine_delta_star(model, point):
    """The engine's exact answer at a point of floats (read as the exact numbers they are)."""
    exact = {k: Fraction(v) for k, v in point.items() if k != "delta"}
    try:
        t = model.threshold("delta", **exact)
    except gc.NoSolutionError:
        return "never"
    return "two-sided" if t.value is None else float(t.value)


@pytest.mark.parametrize("name", list(MODELS))
def test_delta_star_is_the_engines_at_random_slider_points(name):
    model = MODELS[name]()
    c = DerivedConditions(model)
    rng = np.random.default_rng(17)
    for _ in range(25):
        point = {
            s.name: round(s.start + int(rng.integers(0, round((s.end - s.start) / s.step) + 1)) * s.step, 10)
            for s in c.sliders
        }
        r = c.reading(point)
        expected = engine_delta_star(model, point)
        if isinstance(expected, float):
            assert r.status in ("threshold", "always"), (point, r)
            assert abs(r.delta_star - expected) <= 1e-9, (point, r, expected)
        else:
            assert r.status == expected, (point, r)


def test_sliders_come_from_the_parameter_table_and_the_model_file():
    c = DerivedConditions(gc.load_model(MODEL_FILE))
    delta, C, R = c.slider("delta"), c.slider("C"), c.slider("R")
    assert (delta.start, delta.end, delta.step) == (0.01, 0.99, 0.01)  # open (0, 1)
    assert (C.start, R.value) == (0.0, 110.0)  # [0, oo); R from the file's defaults
    assert C.end == R.end == 300.0  # payoffs share one scale: twice the largest (Y = 150)
    t = DerivedConditions(gc.RepeatedLending(punishment="exclusion")).slider("T")
    assert t.integer and (t.start, t.step) == (1.0, 1.0)
    custom = DerivedConditions(gc.RepeatedLending(), x="Y", values={"w": 10}, ranges={"Y": (100, 200)})
    assert custom.x == "Y" and custom.slider("w").value == 10
    assert (custom.slider("Y").start, custom.slider("Y").end) == (100.0, 200.0)


def test_region_curve_and_binding_constraint():
    c = DerivedConditions(gc.RepeatedLending(exit_cost=True, cluster_rent=True))
    point = c.point(delta=0.7)
    xs, star = c.curve(point)
    assert star[0] == pytest.approx(110 / 155) and star[xs >= 110].max() == 0  # C ≥ R: no patience
    x, d, honest = c.region(point)
    assert honest.shape == (len(d), len(x))
    assert honest[d > 0.72][:, 0].all() and not honest[d < 0.70][:, 0].any()
    reading = c.reading(point)
    assert reading.binding.startswith("SME in state honest, after Lend: Repay rather than Default")
    failing = c.reading(c.point(delta=0.5, C=0))
    assert not failing.honest and "slack -" in failing.binding
    never = c.reading(c.point(R=90))  # R < I: the bank will not lend whatever δ is
    assert never.status == "never" and never.binding.startswith("bank in state honest")


def test_bad_arguments_are_one_line_errors():
    with pytest.raises(gc.UnknownParameterError, match="valid names"):
        DerivedConditions(gc.RepeatedLending(), x="q")
    with pytest.raises(gc.ModelError, match="automaton engine"):
        DerivedConditions(gc.LendingGame())


def test_page_holds_the_engines_formulas_in_javascript(tmp_path):
    pytest.importorskip("bokeh")
    out = tmp_path / "clustered.html"
    assert main(["explore", "--out", str(out), "--exit-cost", "--cluster-rent"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "(P.C - P.R)/(P.C - P.Y - P.s + P.w)" in html  # sympy's jscode of the threshold
    assert 'id="delta-star"' in html
    assert "gametheory-cluster explore --out clustered.html --exit-cost --cluster-rent" in html
    # self-contained: no script, style sheet or image of the page is loaded from anywhere
    tags = re.findall(r"<(?:script|link|img)\b[^>]*>", re.sub(r"(<script[^>]*>).*?</script>", r"\1", html, flags=re.S))
    assert tags and not [t for t in tags if re.search(r"\b(src|href)=", t)]


def test_page_for_a_model_file_and_without_a_closed_form(tmp_path):
    pytest.importorskip("bokeh")
    out = tmp_path / "file.html"
    assert main(["explore", "--out", str(out), "--model", str(MODEL_FILE), "--set", "C=30"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Explorer: lending with exit cost" in html and "(P.C - P.R)/(P.C - P.Y + P.w)" in html
    out = tmp_path / "exclusion.html"
    assert main(["explore", "--out", str(out), "--punishment", "exclusion"]) == 0
    assert "threshold: null" in out.read_text(encoding="utf-8")


def test_cli_errors_are_one_line(tmp_path, capsys):
    pytest.importorskip("bokeh")
    assert main(["explore", "--out", str(tmp_path / "x.html"), "--x", "q"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_widget_redraws_from_the_sliders():
    pytest.importorskip("ipywidgets")
    import matplotlib

    matplotlib.use("Agg")
    w = gc.explore(gc.RepeatedLending(exit_cost=True, cluster_rent=True))
    assert set(w.sliders) == {"C", "I", "R", "Y", "delta", "s", "w"}
    assert w.reading.delta_star == pytest.approx(2 / 3, abs=1e-12)
    w.sliders["C"].value = 50
    assert w.reading.delta_star == pytest.approx(60 / 105, abs=1e-12)  # (C - R)/(C - Y - s + w)
    assert "0.5714285714" in w.readout.value
    assert "application/vnd.jupyter.widget-view+json" in w._repr_mimebundle_()  # shows in Jupyter
    assert bytes(w.image.value[:4]) == b"\x89PNG"
    titles = [ax.get_title() for ax in w.figure.axes]
    assert any("payoff" in t for t in titles)  # the repeated lending game: its SPE payoff set
    w = gc.explore(gc.load_model(MODEL_FILE))  # any AutomatonModel
    assert "payoff" not in " ".join(ax.get_title() for ax in w.figure.axes)


def test_explore_without_ipywidgets_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ipywidgets(name, *args, **kwargs):
        if name.split(".")[0] == "ipywidgets":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ipywidgets)
    with pytest.raises(gc.GameTheoryClusterError, match=r"\[explore\]"):
        gc.explore(gc.RepeatedLending())
