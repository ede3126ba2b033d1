"""Explorers of a model's derived conditions, for the classroom: in Jupyter and as one HTML page.

* :func:`explore` — sliders for a model's parameters in Jupyter (needs ``ipywidgets``:
  ``pip install "gametheory_cluster[explore]"``), redrawing the threshold curve, the
  region map, the binding constraint and, for the repeated lending game, the SPE
  payoff set;
* :func:`write_page` — one self-contained HTML file (needs ``bokeh``) that does the
  same in any browser, offline, from the engine's conditions translated to JavaScript
  (``gametheory-cluster explore --out explorer.html``);
* :class:`DerivedConditions` — what both draw: the sliders and the compiled conditions.

See docs/teaching/index.md for how to use them in class.
"""

from __future__ import annotations

from typing import Any

from .conditions import DerivedConditions, Reading, SliderSpec, constraint_words

__all__ = [
    "DerivedConditions",
    "Reading",
    "SliderSpec",
    "constraint_words",
    "explore",
    "page_html",
    "write_page",
]


def __getattr__(name: str) -> Any:  # the optional front ends load their libraries only when used
    if name == "explore":
        from .widgets import explore

        return explore
    if name in ("page_html", "write_page"):
        from . import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
