r"""Moral hazard in project choice: the one-shot switch to risk, and what repetition changes.

Stage game
----------
The bank lends :math:`I` at the gross repayment :math:`R` or refuses (the SME then
earns :math:`w`). After a loan the SME picks a project the bank cannot see:

* safe: succeeds with probability :math:`\pi`, returning :math:`Y`;
* risky: succeeds with probability :math:`\pi_r < \pi`, returning :math:`Y_r > Y`,
  with a lower mean, :math:`\pi_r Y_r < \pi Y`.

A successful project repays :math:`R`; a failed one returns nothing and repays
nothing (limited liability). So the SME earns :math:`\pi_j (Y_j - R)` and the bank
:math:`\pi_j R - I`. The one-shot choice is safe iff
:math:`\pi (Y - R) \ge \pi_r (Y_r - R)`: the SME switches to the risky project
above the *one-shot switch rate* — limited liability makes a higher rate push it
toward risk (the incentive effect of Stiglitz & Weiss 1981).

Repeated game
-------------
An automaton on the engine (:mod:`gametheory_cluster.automata`), bank moving first:

``trusted``
    The bank lends, the SME picks the safe project. A failed project is a default
    the bank cannot tell from a risky gamble; it is *detected* (becomes known to the
    market and the cluster) with probability :math:`q` (``detection=True``; else 1)
    and then the SME is punished and, with ``exit_cost=True``, pays :math:`C` for
    its forced exit from the cluster. An undetected failure leaves it trusted.
``punished``
    The bank refuses. ``punishment="grim"``: for ever; ``"exclusion"``: for
    :math:`T` periods, then trusted again. Offered a loan off the path, the SME
    takes the risky project (the one-shot choice above the switch rate), so the
    bank's refusal is credible iff :math:`\pi_r R \le I`.

The engine derives the values and every one-shot-deviation constraint; the
thresholds (:math:`\delta^*`, :math:`C^*`, :math:`q_{min}`, :math:`T_{min}`) and the
*repeated switch rate* (the largest :math:`R` at which the SME stays safe) come
from :func:`gametheory_cluster.thresholds.solve_threshold`. The SME's choice after
an off-path loan in ``punished`` is the premise of the problem (the one-shot
choice is risky, :math:`R` above the one-shot switch rate); it is left out of
:meth:`MoralHazard.constraints` and reported by :meth:`MoralHazard.one_shot_choice`.

Examples
--------
>>> from fractions import Fraction as F
>>> base = dict(I=100, Y=150, pi=1, Y_r=250, pi_r=F(1, 2), w=0)
>>> MoralHazard().one_shot_switch_rate(**base).value
50
>>> MoralHazard().threshold("delta", R=110, **base).value
3/5
>>> MoralHazard(exit_cost=True).switch_rate(delta=F(1, 2), C=20, **base).value
110
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ..algebra import evaluate, tidy
from ..automata import Certificate, Constraint, Outcome, RepeatedGame, State
from ..errors import ModelError
from ..parameters import symbol, validate
from ..plotting import FigureData, attach_data, new_axes, style_context
from ..thresholds import Threshold, solve_threshold
from .base import AutomatonModel

__all__ = ["MoralHazard", "plot_risk_switch", "risk_switch_data"]

_PLAYERS = ("bank", "sme")
_ACTIONS = {"bank": ("Lend", "Refuse"), "sme": ("Safe", "Risky")}


class MoralHazard(AutomatonModel):
    """Project-choice moral hazard, one-shot and repeated, with cluster punishments.

    Parameters
    ----------
    punishment : {"grim", "exclusion"}
        Refuse credit for ever, or for ``T`` periods, after a detected failure.
    exit_cost : bool
        A detected defaulter pays ``C`` (forced exit from the cluster).
    detection : bool
        A failure becomes known with probability ``q`` (otherwise always).
    """

    def __init__(
        self, punishment: str = "grim", *, exit_cost: bool = False, detection: bool = False
    ) -> None:
        if punishment not in ("grim", "exclusion"):
            raise ModelError(f"punishment must be 'grim' or 'exclusion', not {punishment!r}")
        for key, value in (("exit_cost", exit_cost), ("detection", detection)):
            if not isinstance(value, bool):
                raise ModelError(f"{key} must be True or False, not {value!r}")
        self.punishment = punishment
        self.exit_cost = exit_cost
        self.detection = detection

    def __repr__(self) -> str:
        on = [f", {k}=True" for k in ("exit_cost", "detection") if getattr(self, k)]
        return f"MoralHazard(punishment={self.punishment!r}{''.join(on)})"

    # -------------------------------------------------------------- the game
    @staticmethod
    def _stage(profile: tuple[str, str]) -> list[tuple[Any, tuple[Any, Any], bool]]:
        """One period: (probability, (bank, SME) payoffs, whether the project failed)."""
        principal, R, w = symbol("I"), symbol("R"), symbol("w")
        if profile[0] == "Refuse":
            return [(1, (0, w), False)]
        p, y = (
            (symbol("pi"), symbol("Y")) if profile[1] == "Safe" else (symbol("pi_r"), symbol("Y_r"))
        )
        return [(p, (R - principal, y - R), False), (1 - p, (-principal, 0), True)]

    @cached_property
    def game(self) -> RepeatedGame:
        """The automaton game (states ``trusted`` and ``punished``), bank moving first."""
        q = symbol("q") if self.detection else 1
        cost = symbol("C") if self.exit_cost else 0

        def trusted(profile: tuple[str, str]) -> list[Outcome]:
            result = []
            for prob, (bank, sme), failed in self._stage(profile):
                if not failed:
                    result.append(Outcome((bank, sme), "trusted", prob))
                    continue
                result.append(Outcome((bank, sme - cost), "punished", prob * q))
                if self.detection:
                    result.append(Outcome((bank, sme), "trusted", prob * (1 - q)))
            return result

        def punished(profile: tuple[str, str]) -> list[Outcome]:
            return [Outcome(pay, "punished", prob) for prob, pay, _ in self._stage(profile)]

        rules = {"trusted": trusted, "punished": punished}
        if self.punishment == "grim":
            punish = State("punished", {"bank": "Refuse", "sme": "Risky"})
        else:
            punish = State(
                "punished", {"bank": "Refuse", "sme": "Risky"}, duration=symbol("T"), then="trusted"
            )
        return RepeatedGame(
            _PLAYERS,
            _ACTIONS,
            [State("trusted", {"bank": "Lend", "sme": "Safe"}), punish],
            lambda state, profile: rules[state](profile),
            timing="sequential",
        )

    # ----------------------------------------------------------- constraints
    def constraints(self, player: str | None = None) -> list[Constraint]:
        """The one-shot-deviation constraints of the automaton (optionally one player's).

        Left out: the SME's project after an off-path loan while punished, whose
        slack is the one-shot preference for risk (the premise; see the module notes).
        """
        found = [
            c for c in self.game.constraints() if not (c.state == "punished" and c.player == "sme")
        ]
        return [c for c in found if player is None or c.player == player]

    @cached_property
    def _one_shot(self) -> Constraint:
        def sme(profile: tuple[str, str]) -> sp.Expr:
            return sum(sp.sympify(prob) * pay[1] for prob, pay, _ in self._stage(profile))

        return Constraint(
            "stage",
            "sme",
            "Safe",
            "Risky",
            tidy(sme(("Lend", "Safe")) - sme(("Lend", "Risky"))),
            node="Lend",
        )

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the model uses, sorted."""
        names = {"delta"}
        for c in self.constraints():
            names |= {s.name for s in c.slack.free_symbols}
        names |= {s.name for s in self._one_shot.slack.free_symbols}
        return tuple(sorted(names))

    def _validate(self, values: Mapping[str, Any]) -> dict[str, Any]:
        given = validate(values, allowed=self.parameters)
        checks = (
            ("pi_r", "pi", "the risky project must succeed less often (pi_r < pi)"),
            ("Y", "Y_r", "the risky project must pay more when it succeeds (Y_r > Y)"),
        )
        for low, high, text in checks:
            if (
                low in given
                and high in given
                and not _free(given[low], given[high])
                and not given[low] < given[high]
            ):
                raise ModelError(
                    f"moral-hazard assumption violated: {text}; got {low}={given[low]}, "
                    f"{high}={given[high]}"
                )
        keys = ("pi_r", "Y_r", "pi", "Y")
        known = all(k in given for k in keys) and not _free(*(given[k] for k in keys))
        if known and not given["pi_r"] * given["Y_r"] < given["pi"] * given["Y"]:
            risky, safe = given["pi_r"] * given["Y_r"], given["pi"] * given["Y"]
            raise ModelError(
                "moral-hazard assumption violated: the risky project must have the lower mean "
                f"(pi_r·Y_r = {risky} >= pi·Y = {safe})"
            )
        return given

    # -------------------------------------------------------------- questions
    def one_shot_switch_rate(self, **values: Any) -> Threshold:
        """The one-shot game: the SME picks the safe project iff ``R <=`` this rate."""
        values.pop("delta", None)
        return solve_threshold([self._one_shot], "R", self._validate(values))

    def one_shot_choice(self, **values: Any) -> str:
        """``"Safe"`` or ``"Risky"``: the SME's project in the one-shot game (ties: safe)."""
        given = self._validate(values)
        missing = sorted({s.name for s in self._one_shot.slack.free_symbols} - set(given))
        if missing:
            raise ModelError(f"values needed for: {', '.join(missing)}")
        return "Safe" if evaluate(self._one_shot.slack, given) >= 0 else "Risky"

    def switch_rate(self, **values: Any) -> Threshold:
        """The repeated game: the largest repayment at which the SME stays with the safe project."""
        if "R" in values:
            raise ModelError("switch_rate solves for R; do not give R")
        return solve_threshold(self.constraints("sme"), "R", self._validate(values))

    def is_safe(self, **values: Any) -> Certificate:
        """Check every constraint at a parameter point; truthy when the safe project is SPE."""
        return self.is_honest(**values)


def _free(*values: Any) -> bool:
    return any(isinstance(v, sp.Basic) and v.free_symbols for v in values)


# ================================================================== figure
def risk_switch_data(
    model: MoralHazard, deltas: Sequence[float], exit_costs: Sequence[float] = (0,), **values: Any
) -> FigureData:
    """The repeated switch rate ``R*(δ)`` for each exit cost, and the one-shot rate.

    Columns: ``delta``, ``one-shot`` and one ``C=<value>`` column per exit cost
    (empty where no rate keeps the SME safe).
    """
    from ..sweep import threshold_curve

    if any(float(c) != 0 for c in exit_costs) and not model.exit_cost:
        raise ModelError("exit costs other than 0 need MoralHazard(exit_cost=True)")
    grid = np.asarray(deltas, dtype=float)
    one_shot = float(model.one_shot_switch_rate(**values).value)
    columns: dict[str, list[Any]] = {"delta": grid.tolist(), "one-shot": [one_shot] * len(grid)}
    for c in exit_costs:
        extra = {"C": c} if model.exit_cost else {}
        curve = threshold_curve(model, "R", "delta", grid, player="sme", **values, **extra)
        columns[f"C={c}"] = [
            float(v) if ok else "" for v, ok in zip(curve.values, curve.attainable, strict=True)
        ]
    return FigureData(
        columns,
        title="Repayment at which the SME switches to the risky project",
        notes={k: str(v) for k, v in values.items()},
    )


def plot_risk_switch(
    model: MoralHazard,
    deltas: Sequence[float],
    exit_costs: Sequence[float] = (0,),
    *,
    ax: Any = None,
    style: str = "paper",
    title: str = "",
    **values: Any,
) -> Any:
    """Draw the switch rate against δ: one-shot (flat) and repeated, for each exit cost.

    Below a curve the SME keeps the safe project; the gap above the one-shot line is
    what the repeated relationship and the cluster's exit cost add.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_risk_switch(MoralHazard(exit_cost=True), [0.5, 0.6], [0, 20], I=100, Y=150,
    ...                        pi=1, Y_r=250, pi_r=F(1, 2), w=0)
    >>> figure_data(fig).columns["C=20"]
    [110.0, 118.0]
    """
    data = risk_switch_data(model, deltas, exit_costs, **values)
    grid = np.asarray(data.columns["delta"])
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(grid, data.columns["one-shot"], color="k", linestyle="--", label="one-shot")
        for label, col in data.columns.items():
            if not label.startswith("C="):
                continue
            ys = np.array([np.nan if v == "" else v for v in col], dtype=float)
            ax.plot(grid, ys, label=f"repeated, {label}" if model.exit_cost else "repeated")
        ax.set_xlabel(r"discount factor $\delta$")
        ax.set_ylabel("switch rate $R^*$ (safe below)")
        ax.legend()
        ax.set_title(title or data.title)
    if title:
        data.title = title
    return attach_data(fig, data)
