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
from :func:`gametheory_cluster.thresholds.solve_threshold`.

Two limits bound every repayment (:meth:`MoralHazard.limits`): *limited liability*
— a successful safe project must cover the repayment, :math:`R \le Y` — and the
SME's *participation* — borrowing on these terms is worth at least its outside
option for ever, :math:`V_{trusted} \ge w/(1-\delta)`, which the engine's values
reduce to :math:`\pi (Y - R) - (1 - \pi) q C \ge w` (so :math:`R \le Y - w`).
Without them the incentive bound alone can exceed :math:`Y` (with :math:`C = 200`
it is 200 at :math:`\delta = 1/2`): a large exit cost deters gambling at rates
the SME could never pay. The switch rate is the smaller of the incentive bound
and these limits.

Whether the switch rate rises with patience is a condition, not a rule
(:meth:`MoralHazard.rises_with`): the exit cost is paid once, so it weighs more
for an impatient SME. With grim punishment the incentive bound rises with
:math:`\delta` iff :math:`\pi\pi_r (Y_r - Y) > (\pi - \pi_r)(C + w)`; with a safe
project that never fails and :math:`w = 0`, iff :math:`(1 - \pi_r) C < \pi_r (Y_r - Y)`.

The SME's choice after an off-path loan in ``punished`` is the premise of the problem (the one-shot
choice is risky, :math:`R` above the one-shot switch rate); it is left out of
:meth:`MoralHazard.constraints` and reported by :meth:`MoralHazard.one_shot_choice`.

Stiglitz, J. E. and A. Weiss (1981), *American Economic Review* 71(3): 393–410 (the
incentive effect). See docs/explanation/information.md.

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
>>> MoralHazard(exit_cost=True).switch_rate(delta=F(1, 2), C=200, **base).value  # R <= Y - w
150
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import evaluate, sign, tidy
from ...automata import Certificate, Constraint, Outcome, RepeatedGame, State
from ...errors import MissingParameterError, ModelError
from ...figure_data import FigureData
from ...parameters import TABLES, symbol, validate
from ...thresholds import Threshold, solve_threshold
from ..base import AutomatonModel

__all__ = ["PARAMETERS", "MoralHazard", "risk_switch_data"]

#: The model's parameter table (every name shared with the global table).
PARAMETERS = TABLES["MoralHazard"]

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
        given = validate(values, allowed=self.parameters, table=PARAMETERS)
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

    @cached_property
    def _limits(self) -> list[Constraint]:
        w, delta = symbol("w"), symbol("delta")
        value = self.game.values()["trusted"][_PLAYERS.index("sme")]
        surplus = value - w / (1 - delta)  # borrowing for ever against the outside option
        num, den = sp.fraction(sp.cancel(sp.together(surplus)))
        s = sign(den)
        participation = _positive_part(num * s) if s else tidy(surplus)
        return [
            Constraint("trusted", "sme", "Repay", "Limited liability",
                       tidy(symbol("Y") - symbol("R")), node="Success"),
            Constraint("trusted", "sme", "Borrow", "Outside option", participation),
        ]

    def limits(self) -> list[Constraint]:
        """Limited liability and participation: the bounds on any repayment.

        * ``sme@trusted/Success:Repay>Limited liability`` — a successful safe project
          covers the repayment: ``Y - R >= 0``;
        * ``sme@trusted:Borrow>Outside option`` — borrowing for ever on these terms
          is worth at least the outside option for ever: ``(1 - δ) V_trusted - w >= 0``,
          with ``V_trusted`` the engine's value of the SME in ``trusted``.

        Examples
        --------
        >>> [str(c.slack) for c in MoralHazard(exit_cost=True).limits()]
        ['-R + Y', 'C*pi - C - R*pi + Y*pi - w']
        """
        return list(self._limits)

    @cached_property
    def _one_shot_limits(self) -> list[Constraint]:
        def sme(profile: tuple[str, str]) -> sp.Expr:
            return sum(sp.sympify(prob) * pay[1] for prob, pay, _ in self._stage(profile))

        return [
            self._limits[0],
            Constraint("stage", "sme", "Borrow", "Outside option",
                       tidy(sme(("Lend", "Safe")) - sme(("Refuse", "Safe")))),
        ]

    # -------------------------------------------------------------- questions
    def one_shot_switch_rate(self, **values: Any) -> Threshold:
        """The one-shot game: the SME borrows and picks the safe project iff ``R <=`` this rate.

        Bounded by limited liability and the one-period participation
        ``pi (Y - R) >= w`` as well as by the choice itself.
        """
        values.pop("delta", None)
        return solve_threshold(
            [self._one_shot, *self._one_shot_limits], "R", self._validate(values)
        )

    def one_shot_choice(self, **values: Any) -> str:
        """``"Safe"`` or ``"Risky"``: the SME's project in the one-shot game (ties: safe)."""
        given = self._validate(values)
        missing = sorted({s.name for s in self._one_shot.slack.free_symbols} - set(given))
        if missing:
            raise ModelError(f"values needed for: {', '.join(missing)}")
        return "Safe" if evaluate(self._one_shot.slack, given) >= 0 else "Risky"

    def switch_rate(self, **values: Any) -> Threshold:
        """The repeated game: the largest repayment at which the SME borrows, can repay and
        stays with the safe project.

        The smaller of the incentive bound (the SME's one-shot-deviation constraints) and
        the limits (:meth:`limits`: ``R <= Y``, participation); ``binding`` says which.
        """
        if "R" in values:
            raise ModelError("switch_rate solves for R; do not give R")
        return solve_threshold(
            [*self.constraints("sme"), *self._limits], "R", self._validate(values)
        )

    def incentive_rate(self, **values: Any) -> Threshold:
        """The incentive bound alone: the largest ``R`` at which the safe project is the SME's
        best response, ignoring limited liability and participation (it may exceed ``Y``)."""
        if "R" in values:
            raise ModelError("incentive_rate solves for R; do not give R")
        return solve_threshold(self.constraints("sme"), "R", self._validate(values))

    def rises_with(self, name: str = "delta", **values: Any) -> Any:
        """The condition under which the incentive bound on ``R`` rises with ``name`` (derived).

        The sign of the derivative of :meth:`incentive_rate` in ``name``, as a sympy
        relation (``True``/``False`` when the sign is proved). The switch rate
        itself is capped by :meth:`limits` and is flat where the cap binds.

        Examples
        --------
        >>> MoralHazard(exit_cost=True).rises_with("delta", pi=1, w=0)
        C*pi_r - C - Y*pi_r + Y_r*pi_r > 0
        >>> MoralHazard(exit_cost=True).rises_with("C")
        True
        """
        if name in values:
            raise ModelError(f"rises_with differentiates in {name}; do not give {name}")
        bound = self.incentive_rate(**values)
        if bound.value is None:
            raise ModelError("the incentive bound is two-sided here; give fewer values")
        x = next((s for s in sp.sympify(bound.value).free_symbols if s.name == name), None)
        if x is None:
            return sp.false
        num, den = sp.fraction(sp.cancel(sp.together(sp.diff(bound.value, x))))
        s = _sign(den)
        slope = _positive_part(num * den if s is None else num * s)
        n = _sign(slope)
        return sp.true if n == 1 else sp.false if n in (-1, 0) else sp.Gt(slope, 0)

    def is_safe(self, **values: Any) -> Certificate:
        """Check every constraint and both limits at a parameter point; truthy when the SME
        borrows, can repay, and the safe project is subgame perfect."""
        given = self._validate(values)
        missing = sorted(set(self.parameters) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        checks = [*self.constraints(), *self._limits]
        return Certificate([(c, evaluate(c.slack, given)) for c in checks], 1e-12)


def _free(*values: Any) -> bool:
    return any(isinstance(v, sp.Basic) and v.free_symbols for v in values)


def _sign(expr: sp.Expr) -> int | None:
    """The sign over the domains, with the model's assumption ``pi > pi_r``."""
    gap = sp.Symbol("_gap", positive=True)
    return sign(sp.sympify(expr).xreplace({symbol("pi"): symbol("pi_r") + gap}))


def _positive_part(expr: sp.Expr) -> sp.Expr:
    """``expr`` without its factors of proved sign (the sign kept): same sign, simpler."""
    const, factors = sp.factor_list(sp.expand(expr))
    keep, s = sp.Integer(1), 1 if const >= 0 else -1
    for f, k in factors:
        fs = _sign(f)
        if fs in (1, -1):
            s *= fs**k
        else:
            keep *= f**k
    return tidy(s * keep) if keep != 1 else sp.Integer(s)


# ================================================================== figure
def risk_switch_data(
    model: MoralHazard, deltas: Sequence[float], exit_costs: Sequence[float] = (0,), **values: Any
) -> FigureData:
    """The repeated switch rate ``R*(δ)`` for each exit cost, and the one-shot rate.

    Columns: ``delta``, ``one-shot`` and one ``C=<value>`` column per exit cost
    (empty where no rate keeps the SME safe). Each curve is the incentive bound
    capped by limited liability and participation (:meth:`MoralHazard.limits`);
    ``notes["cap C=<value>"]`` is the cap.
    """
    from ...sweep import threshold_curve

    if any(float(c) != 0 for c in exit_costs) and not model.exit_cost:
        raise ModelError("exit costs other than 0 need MoralHazard(exit_cost=True)")
    grid = np.asarray(deltas, dtype=float)
    one_shot = float(model.one_shot_switch_rate(**values).value)
    columns: dict[str, list[Any]] = {"delta": grid.tolist(), "one-shot": [one_shot] * len(grid)}
    notes: dict[str, Any] = {k: str(v) for k, v in values.items()}
    for c in exit_costs:
        extra = {"C": c} if model.exit_cost else {}
        curve = threshold_curve(model, "R", "delta", grid, player="sme", **values, **extra)
        caps = _caps(model, grid, {**values, **extra})
        notes[f"cap C={c}"] = caps[0] if len(set(caps)) == 1 else "depends on delta"
        columns[f"C={c}"] = [
            min(float(v), cap) if ok else ""
            for v, ok, cap in zip(curve.values, curve.attainable, caps, strict=True)
        ]
    return FigureData(
        columns,
        title="Repayment at which the SME switches to the risky project",
        notes=notes,
    )


def _caps(model: MoralHazard, grid: np.ndarray, values: Mapping[str, Any]) -> list[float]:
    """The limits' bound on R at each δ of the grid (one solve when it does not depend on δ)."""
    limits = model.limits()
    bound = solve_threshold(limits, "R", model._validate(values))
    if bound.value is not None and not sp.sympify(bound.value).free_symbols:
        return [float(bound.value)] * len(grid)
    return [
        float(solve_threshold(limits, "R", model._validate({**values, "delta": float(d)})).value)
        for d in grid
    ]
