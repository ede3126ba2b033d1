r"""One-shot deviation constraints, and the certificate that checks them at a point.

By the one-shot deviation principle (Blackwell 1965; Mailath and Samuelson 2006,
§2.2) an automaton profile is a subgame-perfect equilibrium iff no player gains
from deviating once, in any state, and conforming afterwards. Each such inequality
is a :class:`Constraint` whose *slack*
:math:`Q_i(s, a^*) - Q_i(s, a_i', a^*_{-i}) \ge 0` compares player :math:`i`'s
payoff :math:`Q_i` from the prescribed action (now, and conforming afterwards)
with the payoff from deviating once. A :class:`Certificate` evaluates every slack
at one parameter point: the profile is an equilibrium there iff no slack is
negative, and the smallest slack names the binding constraint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .. import notation
from ..algebra import floats, plain
from ..parameters import Value
from .words import describe_constraint


@dataclass(frozen=True)
class Constraint:
    """A one-shot-deviation incentive constraint: ``slack >= 0``.

    ``slack = conform - deviate``: the player's payoff from the prescribed action
    (now, and conforming afterwards) minus its payoff from deviating once. ``node``
    is the first mover's action at which the second mover deviates (sequential
    timing), ``on_path`` whether the node is reached on the equilibrium path from
    the initial state.
    """

    state: str
    player: str
    action: str
    deviation: str
    slack: sp.Expr
    node: str | None = None
    on_path: bool = True
    conform: sp.Expr | None = None
    deviate: sp.Expr | None = None
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.description:
            text = describe_constraint(self.player, self.state, self.action, self.deviation,
                                       self.node)
            object.__setattr__(self, "description", text)

    def __str__(self) -> str:
        where = f"{self.player} in {self.state}" + (f" after {self.node}" if self.node else "")
        return f"{where}: {self.action} over {self.deviation}: {sp.sstr(self.slack)} >= 0"

    @property
    def label(self) -> str:
        """The machine key: ``player@state[/node]:action>deviation``.

        :attr:`description` says the same in words ("the SME, trusted and given a
        loan, prefers repaying to defaulting").
        """
        node = f"/{self.node}" if self.node else ""
        return f"{self.player}@{self.state}{node}:{self.action}>{self.deviation}"

    def fails(self) -> str:
        """The constraint failing, in words: "the SME, …, never prefers repaying to defaulting"."""
        return self.description.replace(" prefers ", " never prefers ", 1)


class _LazyConstraint(Constraint):
    """A :class:`Constraint` whose ``conform`` and ``deviate`` are tidied when first read.

    Only the slack is needed to solve; the two sides are for reading (propositions).
    """

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in ("conform", "deviate") and callable(value) and not isinstance(value, sp.Basic):
            value = value()
            object.__setattr__(self, name, value)
        return value

    def __repr__(self) -> str:
        return Constraint.__repr__(self).replace("_LazyConstraint(", "Constraint(", 1)


@dataclass
class Certificate:
    """The numeric check of every constraint at one parameter point.

    ``slacks`` pairs each constraint with its value there; ``holds`` is true when
    every slack is >= 0; ``binding`` is the constraint with the smallest slack.
    ``notion`` names what holding means (``"subgame perfect"``; a model with private
    or public signals says ``"sequential equilibrium"`` or ``"perfect public"``).
    """

    slacks: list[tuple[Constraint, Value]]
    tolerance: float = 0.0
    notion: str = "subgame perfect"

    @property
    def holds(self) -> bool:
        """Whether no one-shot deviation is profitable."""
        return all(_nonnegative(v, self.tolerance) for _, v in self.slacks)

    @property
    def binding(self) -> Constraint | None:
        """The constraint with the smallest slack (None if there are none)."""
        return min(self.slacks, key=lambda cv: float(cv[1]))[0] if self.slacks else None

    @property
    def violated(self) -> list[Constraint]:
        """The constraints with negative slack."""
        return [c for c, v in self.slacks if not _nonnegative(v, self.tolerance)]

    def __bool__(self) -> bool:
        return self.holds

    def _verdict(self) -> str:
        if self.holds:
            return "holds"
        return "fails at " + ", ".join(c.label for c in self.violated)

    def __str__(self) -> str:
        """The verdict, then every constraint in words with its slack (✓ holds, ✗ fails)."""
        rows = [
            f"  {'✓' if _nonnegative(v, self.tolerance) else '✗'} {c.description}: "
            f"slack {notation.number(v)}  [{c.label}]"
            for c, v in self.slacks
        ]
        return "\n".join([f"{self.notion}: {self._verdict()}", *rows])

    def __repr__(self) -> str:
        """One line: the verdict and the binding constraint with its slack."""
        binding = min(self.slacks, key=lambda cv: float(cv[1])) if self.slacks else None
        tail = (f"; binding {binding[0].label}, slack {notation.number(binding[1])}"
                if binding else "")
        n = len(self.slacks)
        verdict = "holds" if self.holds else f"fails ({len(self.violated)} of {n} violated)"
        return f"Certificate({self.notion}: {verdict}{tail}; {n} constraints)"

    def _repr_html_(self) -> str:
        rows = [
            ("✓" if _nonnegative(v, self.tolerance) else "✗", c.description, c.label,
             notation.value(v) if isinstance(v, float) else notation.text(v),
             notation.decimal(v) or "")
            for c, v in self.slacks
        ]
        return notation.html_table(
            ("", "constraint", "key", "slack", "≈"), rows, f"{self.notion}: {self._verdict()}"
        )

    def to_frame(self) -> Any:
        """One row per constraint: key, description, slack (float), exact slack, holds.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> check = gc.RepeatedLending().is_honest(I=100, Y=150, R=110, w=0, delta=0.7)
        >>> check.to_frame().dtypes["slack"], check.to_frame()["holds"].tolist()
        (dtype('float64'), [True, False, True, True])
        """
        import pandas as pd

        binding = self.binding
        return pd.DataFrame(
            {
                "key": [c.label for c, _ in self.slacks],
                "description": [c.description for c, _ in self.slacks],
                "slack": floats([v for _, v in self.slacks]),
                "slack_exact": [None if isinstance(v, float) else sp.sstr(v)
                                for _, v in self.slacks],
                "holds": [bool(_nonnegative(v, self.tolerance)) for _, v in self.slacks],
                "binding": [c is binding for c, _ in self.slacks],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data: verdict, binding constraint and every slack (numbers, exact beside)."""
        binding = self.binding
        return plain(
            {
                "holds": self.holds,
                "notion": self.notion,
                "binding": binding.label if binding else None,
                "binding_description": binding.description if binding else None,
                "slacks": {c.label: v for c, v in self.slacks},
                "constraints": [
                    {"key": c.label, "description": c.description, "slack": v,
                     "holds": bool(_nonnegative(v, self.tolerance))}
                    for c, v in self.slacks
                ],
            }
        )


def _nonnegative(value: Value, tolerance: float) -> bool:
    if isinstance(value, float):
        return value >= -tolerance
    return bool(value >= 0)
