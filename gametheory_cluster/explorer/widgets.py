r"""The live explorer in Jupyter: ``gc.explore(model)``.

A slider for each parameter of the model (ranges from the parameter table, see
:class:`~.conditions.DerivedConditions`) and, redrawn whenever one moves:

* the threshold curve :math:`\delta^*(x)` with the current point marked;
* the region map in :math:`(x, \delta)` where every incentive constraint holds;
* :math:`\delta^*`, the verdict at the point and the binding constraint in words;
* for the repeated lending game, the set of subgame-perfect payoffs
  (:func:`gametheory_cluster.spe_payoffs`).

Everything is drawn from the engine's derived conditions, compiled once, so any
:class:`~gametheory_cluster.models.base.AutomatonModel` works, a model file's
included. Needs ``ipywidgets`` (``pip install "gametheory_cluster[explore]"``).

Examples
--------
>>> import pytest; _ = pytest.importorskip("ipywidgets")  # the [explore] extra
>>> import gametheory_cluster as gc
>>> w = gc.explore(gc.RepeatedLending())
>>> w.sliders["R"].value = 120
>>> round(w.reading.delta_star, 12)  # R / (Y - w)
0.8
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import GameTheoryClusterError
from .conditions import TARGET, DerivedConditions, Reading

__all__ = ["Explorer", "explore"]


def _ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        raise GameTheoryClusterError(
            'explore needs ipywidgets: pip install "gametheory_cluster[explore]"'
        ) from None
    return ipywidgets


def explore(
    model: Any,
    *,
    x: str | None = None,
    values: Mapping[str, Any] | None = None,
    ranges: Mapping[str, Sequence[float]] | None = None,
) -> Explorer:
    """Sliders for ``model``'s parameters and its conditions, redrawn live (Jupyter).

    ``x`` is the parameter on the horizontal axis, ``values`` the starting values and
    ``ranges`` overrides slider ranges, as in :class:`~.conditions.DerivedConditions`.
    The result displays itself as the last expression of a cell.
    """
    return Explorer(DerivedConditions(model, x=x, values=values, ranges=ranges))


class Explorer:
    """The explorer's widgets (``widget``), sliders, readout and figure; shown in Jupyter."""

    def __init__(self, conditions: DerivedConditions) -> None:
        w = _ipywidgets()
        import gametheory_cluster as gc

        self.conditions = c = conditions
        #: the repeated lending game also shows its set of subgame-perfect payoffs
        self.payoff_set = isinstance(c.model, gc.RepeatedLending)
        self._panels = 3 if self.payoff_set else 2
        self.sliders: dict[str, Any] = {}
        for s in c.sliders:
            kind = w.IntSlider if s.integer else w.FloatSlider
            options: dict[str, Any] = {} if s.integer else {"readout_format": ".4g"}
            self.sliders[s.name] = kind(
                value=int(s.value) if s.integer else s.value, min=s.start, max=s.end,
                step=s.step, description=s.name, tooltip=s.meaning,
                continuous_update=False, **options,
            )
        self.readout = w.HTML()
        self.image = w.Image(format="png")
        self.figure = self._new_figure()
        self.widget = w.VBox([
            w.HBox([w.VBox(list(self.sliders.values())), self.readout]),
            self.image,
        ])
        for slider in self.sliders.values():
            slider.observe(self._redraw, names="value")
        self.reading: Reading
        self._redraw()

    @property
    def point(self) -> dict[str, float]:
        """The current slider values."""
        return {name: float(s.value) for name, s in self.sliders.items()}

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _new_figure(self) -> Any:
        from matplotlib.figure import Figure

        return Figure(figsize=(4.2 * self._panels, 3.6), layout="constrained")

    def _redraw(self, _change: Any = None) -> None:
        c, point = self.conditions, self.point
        self.reading = r = c.reading(point)
        self.readout.value = _readout(c, r)
        fig = self.figure
        fig.clear()
        axes = fig.subplots(1, self._panels, squeeze=False)[0]
        xs, star = c.curve(point)
        ax = axes[0]
        ax.plot(xs, star, color="C0", label="δ*")
        ax.plot([point[c.x]], [point[TARGET]], "o", color="k", label="current (x, δ)")
        if r.status in ("threshold", "always"):
            ax.plot([point[c.x]], [r.delta_star], "D", color="crimson", label="δ* here")
        ax.set(xlabel=c.x, ylabel="δ*", ylim=(0, 1),
               title=f"Critical discount factor against {c.x}")
        ax.legend(loc="best", fontsize="small")
        x, d, honest = c.region(point)
        ax = axes[1]
        ax.pcolormesh(x, d, honest.astype(float), cmap="RdYlGn", vmin=-0.6, vmax=1.6,
                      shading="nearest")
        ax.plot(xs, star, color="C0")
        ax.plot([point[c.x]], [point[TARGET]], "o", color="k")
        ax.set(xlabel=c.x, ylabel="δ", ylim=(d[0], d[-1]),
               title=f"Honest repayment is SPE (green), in ({c.x}, δ)")
        if self.payoff_set:
            self._draw_payoff_set(axes[2], point)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
        self.image.value = buffer.getvalue()

    def _draw_payoff_set(self, ax: Any, point: Mapping[str, float]) -> None:
        import gametheory_cluster as gc

        values = {k: v for k, v in point.items() if k != TARGET}
        try:
            V = gc.spe_payoffs(self.conditions.model, point[TARGET], certify=False, **values)
        except GameTheoryClusterError as err:
            ax.text(0.5, 0.5, str(err), ha="center", va="center", wrap=True, fontsize="small")
            ax.set(title="SPE payoff set", xticks=[], yticks=[])
            return
        v = V.vertices
        if len(v) >= 3:
            ax.fill(v[:, 0], v[:, 1], color="C2", alpha=0.3)
            ax.plot([*v[:, 0], v[0, 0]], [*v[:, 1], v[0, 1]], color="C2")
        elif len(v):
            ax.plot(v[:, 0], v[:, 1], "-o", color="C2", lw=2.5)
        ax.set(xlabel=f"{V.players[0]} payoff (per period)",
               ylabel=f"{V.players[1]} payoff (per period)",
               title=f"SPE payoff set at δ = {point[TARGET]:.4g}: {V.shape}")


def _readout(c: DerivedConditions, r: Reading) -> str:
    if r.status == "threshold":
        sign = "≥" if r.direction == ">=" else "≤"
        head = f"δ* = {r.delta_star:.10f} (honest for δ {sign} δ*)"
    elif r.status == "always":
        head = "δ* = 0 (every δ in (0, 1) works)"
    else:
        head = r.reason
    verdict = "is" if r.honest else "is <b>not</b>"
    formula = "found by scan and bisection" if c.threshold is None else str(c.threshold)
    return (
        f"<p style='font-size:1.3em'><b>{html.escape(head)}</b></p>"
        f"<p>Honest repayment {verdict} subgame perfect at this point.</p>"
        f"<p>Binding constraint: {html.escape(r.binding)}</p>"
        f"<p style='color:#555'>δ*: {html.escape(formula)}</p>"
    )
