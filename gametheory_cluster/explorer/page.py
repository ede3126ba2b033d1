r"""The standalone explorer page: one HTML file, all JavaScript inline, that works offline.

``gametheory-cluster explore --out explorer.html`` writes it. The page has a slider for
every parameter of the model (ranges from the parameter table, as in
:class:`~.conditions.DerivedConditions`), the threshold curve :math:`\delta^*(x)` with the
current point, the region map in :math:`(x, \delta)` where every incentive constraint
holds, the binding constraint in words, and :math:`\delta^*` as a number (the element
``<output id="delta-star">``; its ``data-value`` holds the full double).

Nothing is typed by hand: each constraint's slack, the closed-form threshold and its
validity conditions are the engine's sympy expressions printed by sympy's JavaScript
code printer (:func:`sympy.printing.jscode.jscode`), and the page applies the same rule
as :meth:`DerivedConditions.delta_star` (closed form where valid, else a scan of
(0, 1) and bisection). Drawing and the slider callbacks are Bokeh's (``CustomJS``), with
Bokeh's JavaScript inlined (``bokeh.resources.INLINE``), so the file opens from a USB
stick in a classroom with no internet and no Python. Needs ``bokeh``
(``pip install "gametheory_cluster[explore]"``).

Examples
--------
>>> import pytest; _ = pytest.importorskip("bokeh")  # the [explore] extra
>>> import gametheory_cluster as gc
>>> html = page_html(gc.RepeatedLending())
>>> 'id="delta-star"' in html, "P.R/(P.Y - P.w)" in html, "<script src=" in html
(True, True, False)
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import sympy as sp

from ..errors import GameTheoryClusterError
from .conditions import _EDGE, BISECTIONS, SCAN, TARGET, TOLERANCE, DerivedConditions

__all__ = ["js_expression", "page_html", "write_page"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CURVE_POINTS = 201
_MAP_POINTS = 101


def _bokeh() -> Any:
    try:
        import bokeh
    except ImportError:
        raise GameTheoryClusterError(
            'the explorer page needs bokeh: pip install "gametheory_cluster[explore]"'
        ) from None
    return bokeh


def js_expression(expr: Any) -> str:
    """A sympy expression as JavaScript over the object ``P`` of parameter values.

    Printed by sympy's JavaScript code printer (strict: an expression it cannot
    translate raises, never prints a comment).

    Examples
    --------
    >>> import sympy as sp
    >>> delta, L = sp.symbols("delta L")
    >>> js_expression(delta**L / 3)
    '(1/3)*Math.pow(P.delta, P.L)'
    """
    expr = sp.sympify(expr, strict=True)  # strict: text is refused, never parsed
    rename = {
        s: sp.Symbol(f"P.{s.name}" if _IDENT.match(s.name) else f"P[{json.dumps(s.name)}]")
        for s in expr.free_symbols
    }
    try:
        code = sp.jscode(expr.xreplace(rename), strict=True)
    except (NotImplementedError, ValueError) as err:  # what sympy's strict printers raise
        raise GameTheoryClusterError(
            f"cannot translate {sp.sstr(expr)} to JavaScript: {err}"
        ) from None
    return " ".join(code.split())  # Piecewise prints on several lines


def _engine_js(c: DerivedConditions) -> str:
    """The derived conditions of ``c`` as a JavaScript object literal."""
    t = c.threshold
    fns = lambda exprs: "[" + ", ".join(f"(P) => ({js_expression(e)})" for e in exprs) + "]"  # noqa: E731
    return "\n".join([
        "{",
        f"  slacks: {fns([k.slack for k in c.constraints])},",
        f"  involved: {json.dumps(c.involved)},",
        f"  words: {json.dumps(c.words, ensure_ascii=False)},",
        f"  threshold: {'null' if t is None else f'(P) => ({js_expression(t.value)})'},",
        f"  direction: {json.dumps('' if t is None else t.direction)},",
        f"  valid: {fns([] if t is None else [v.lhs - v.rhs for v in t.valid_when])},",
        f"  requires: {fns([] if t is None else [v.lhs - v.rhs for v in t.requires])},",
        "}",
    ])


def _callback_code(c: DerivedConditions) -> str:
    subs = {
        "__ENGINE__": _engine_js(c),
        "__TARGET__": json.dumps(TARGET),
        "__X__": json.dumps(c.x),
        "__TOL__": repr(TOLERANCE),
        "__SCAN__": str(SCAN),
        "__BIS__": str(BISECTIONS),
        "__EDGE__": repr(_EDGE),
        "__CURVE__": str(_CURVE_POINTS),
        "__MAP__": str(_MAP_POINTS),
    }
    code = (resources.files("gametheory_cluster") / "explorer" / "explorer.js").read_text("utf-8")
    for key, value in subs.items():
        code = code.replace(key, value)
    return code


_TEMPLATE = """
{% block postamble %}
<style>
  body { font-family: system-ui, sans-serif; padding: 1rem 2rem; color: #222; }
  header h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
  .readout { font-size: 1.3rem; margin: .4rem 0; }
  #delta-star { font-weight: bold; font-variant-numeric: tabular-nums; }
  .small { font-size: .85rem; color: #555; }
  pre { background: #f6f6f6; padding: .4rem; white-space: pre-wrap; }
</style>
{% endblock %}
{% block contents %}
<header>
  <h1>{{ gc_title }}</h1>
  <p class="small">{{ gc_describe }}</p>
  <p class="readout"><output id="delta-star" data-value="" data-status="">δ* = …</output></p>
  <p id="verdict"></p>
  <p>Binding constraint: <span id="binding"></span></p>
  <p class="small">At <span id="point" data-json="{}"></span></p>
</header>
{{ super() }}
<footer class="small">
  <p>The derived conditions, as the engine wrote them (the page evaluates exactly these,
  translated to JavaScript by sympy's code printer):</p>
  <pre>{{ gc_formulas }}</pre>
  <p>Made by <code>{{ gc_command }}</code> (gametheory_cluster {{ gc_version }}).
  Works offline: everything is in this file.</p>
</footer>
{% endblock %}
"""


def _formulas(c: DerivedConditions) -> str:
    lines = [f"{w}:  {sp.sstr(k.slack)} >= 0" for w, k in zip(c.words, c.constraints, strict=True)]
    t = c.threshold
    if t is None:
        lines.append("delta*: no closed form; found by scan and bisection of the slacks in delta")
    else:
        lines.append(f"delta* (closed form): {t}")
    return "\n".join(lines)


def page_html(
    model: Any,
    *,
    x: str | None = None,
    values: Mapping[str, Any] | None = None,
    ranges: Mapping[str, Sequence[float]] | None = None,
    title: str | None = None,
    command: str = "gametheory-cluster explore",
) -> str:
    """The explorer page of ``model`` as one self-contained HTML string.

    Arguments as in :class:`~.conditions.DerivedConditions`; ``title`` heads the page
    and ``command`` is the command quoted in its footer.
    """
    _bokeh()
    from bokeh.document import Document
    from bokeh.embed import file_html
    from bokeh.events import DocumentReady
    from bokeh.layouts import column, row
    from bokeh.models import ColumnDataSource, CustomJS, LinearColorMapper, Slider
    from bokeh.plotting import figure
    from bokeh.resources import INLINE

    import gametheory_cluster

    c = DerivedConditions(model, x=x, values=values, ranges=ranges)
    name = title or getattr(model, "name", None) or repr(model)
    sliders = [
        Slider(start=s.start, end=s.end, value=s.value, step=s.step,
               title=f"{s.name} — {s.meaning}", name=f"slider-{s.name}",
               tags=[s.name, "integer" if s.integer else "real"],
               format="0" if s.integer else "0[.]00", width=340)
        for s in c.sliders
    ]
    curve_source = ColumnDataSource({"x": [], "y": []}, name="curve")
    point_source = ColumnDataSource({"x": [], "y": []}, name="point")
    star_source = ColumnDataSource({"x": [], "y": []}, name="star")
    xs, ds = c.slider(c.x), c.slider(TARGET)
    grid_x, grid_d, honest = c.region(c.point(), _MAP_POINTS)
    map_source = ColumnDataSource(
        {"image": [honest.astype(float)], "x": [grid_x[0]], "y": [grid_d[0]],
         "dw": [grid_x[-1] - grid_x[0]], "dh": [grid_d[-1] - grid_d[0]]},
        name="map",
    )
    x_range, y_range = (xs.start, xs.end), (ds.start, ds.end)

    curve = figure(title=f"Critical discount factor δ* against {c.x}", width=460, height=340,
                   x_range=x_range, y_range=(0, 1), x_axis_label=c.x, y_axis_label="δ*")
    curve.line("x", "y", source=curve_source, line_width=2, legend_label="δ*")
    curve.scatter("x", "y", source=point_source, size=10, color="black",
                  legend_label="current (x, δ)")
    curve.scatter("x", "y", source=star_source, size=10, marker="diamond", color="crimson",
                  legend_label="δ* here")
    curve.legend.location = "top_right"

    region = figure(title=f"Where honest repayment is SPE, in ({c.x}, δ)", width=460, height=340,
                    x_range=x_range, y_range=y_range, x_axis_label=c.x, y_axis_label="δ")
    mapper = LinearColorMapper(palette=["#f2d0cc", "#cde8c8"], low=0, high=1)
    region.image(image="image", x="x", y="y", dw="dw", dh="dh", source=map_source,
                 color_mapper=mapper)
    region.line("x", "y", source=curve_source, line_width=2, color="#1f4e99")
    region.scatter("x", "y", source=point_source, size=10, color="black")

    callback = CustomJS(
        args={"sliders": sliders, "curve_source": curve_source, "point_source": point_source,
              "star_source": star_source, "map_source": map_source},
        code=_callback_code(c),
    )
    for s in sliders:
        s.js_on_change("value", callback)
    doc = Document()
    doc.add_root(row(column(*sliders), column(curve, region)))
    doc.js_on_event(DocumentReady, callback)
    return file_html(
        doc, INLINE, title=f"Explorer: {name}", template=_TEMPLATE,
        template_variables={
            "gc_title": html.escape(f"Explorer: {name}"),
            "gc_describe": html.escape("; ".join(model.describe()) + "."),
            "gc_formulas": html.escape(_formulas(c)),
            "gc_command": html.escape(command),
            "gc_version": gametheory_cluster.__version__,
        },
    )


def write_page(path: str | os.PathLike[str], model: Any, **options: Any) -> Path:
    """Write the explorer page of ``model`` to ``path`` (see :func:`page_html`); return the path."""
    target = Path(path)
    text = page_html(model, **options)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
