r"""The answer to a threshold question: :class:`Threshold`, and each :class:`Step` behind it.

A threshold in the parameter :math:`x` is the edge of the set of :math:`x` where
every constraint :math:`g_k(x, \theta) \ge 0` holds, with the direction in which
they hold (:math:`x \ge x^*`, :math:`x \le x^*`, or :math:`x` within a region),
the constraint that binds at the edge, side conditions without :math:`x`
(``requires``) and the conditions an unproved direction needs (``valid_when``).
A :class:`Step` is one line of the algebra from the binding constraint
:math:`g(x) \ge 0` to :math:`x \ge x^*`, each line's :math:`\text{lhs} - \text{rhs}`
a positive multiple of the line before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import sympy as sp

from .. import notation
from ..algebra import plain
from ..automata import Constraint
from ..errors import SolveError


@dataclass(frozen=True)
class Threshold:
    """The boundary of the region where a set of constraints holds, in one parameter.

    Attributes
    ----------
    parameter : str
        The parameter solved for.
    value : number or sympy expression or None
        The boundary (``None`` when the region is bounded on both sides: see ``region``).
    direction : {">=", "<=", "within"}
        The constraints hold for ``parameter direction value``.
    region : sympy Set or None
        The exact set of values that work (numeric case).
    binding : Constraint or None
        The constraint whose boundary is the threshold.
    requires : tuple of sympy relationals
        Side conditions that do not involve the parameter but must also hold.
    valid_when : tuple of sympy relationals
        Conditions under which the direction holds (symbolic case, when unproved).
    reason : str
        Why the value sits at the domain's edge, when it does.
    steps : tuple of Step
        The algebra from the binding constraint to the threshold (closed-form case).
    boundary : number or sympy expression or None
        The real-valued edge of the region. For a whole-number parameter (``T``,
        ``N``) ``value`` is the first whole number that works and ``boundary`` the
        real number where the constraints start (or stop) holding: ``T >= 4``
        because ``T >= 3.46…``. For a continuous parameter it equals ``value``;
        ``None`` when the region is two-sided or the edge is not known.
    """

    parameter: str
    value: Any
    direction: str
    region: sp.Set | None = None
    binding: Constraint | None = None
    requires: tuple[Any, ...] = ()
    valid_when: tuple[Any, ...] = ()
    reason: str = ""
    exact: bool = True
    integer: bool = False
    steps: tuple[Step, ...] = field(default=(), compare=False)
    boundary: Any = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.boundary is None and not self.integer and self.value is not None:
            object.__setattr__(self, "boundary", self.value)

    def __float__(self) -> float:
        if self.value is None:
            raise SolveError(f"the region for {self.parameter} is two-sided: {self.region}")
        return float(self.value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Threshold):
            return (self.parameter, self.value, self.direction) == (
                other.parameter,
                other.value,
                other.direction,
            )
        if self.value is None:
            return False
        if isinstance(other, (int, float, Fraction)) and not isinstance(other, bool):
            other = sp.Rational(other) if not isinstance(other, float) else other
        if not isinstance(other, (sp.Basic, float)):
            return NotImplemented  # never parse text: "11/15" is not a number here
        return bool(sp.simplify(sp.sympify(self.value) - other) == 0)

    def __hash__(self) -> int:
        return hash((self.parameter, str(self.value), self.direction))

    @property
    def condition(self) -> Any:
        """The condition as a sympy relational (or set membership)."""
        x = sp.Symbol(self.parameter)
        if self.direction == ">=":
            return sp.Ge(x, self.value, evaluate=False)
        if self.direction == "<=":
            return sp.Le(x, self.value, evaluate=False)
        return sp.Contains(x, self.region, evaluate=False)

    def _head(self, render: Any, latex_form: bool = False) -> str:
        """The condition itself: ``δ ≥ 11/15 ≈ 0.733`` (``render``: text or LaTeX)."""
        x = sp.Symbol(self.parameter)
        name = render(x)
        if self.direction == "within":
            member = r"\in" if latex_form else "∈"
            return f"{name} {member} {render(self.region)}"
        rel = {">=": (r"\ge", "≥"), "<=": (r"\le", "≤")}[self.direction][not latex_form]
        head = f"{name} {rel} {_shown(self.value, self.valid_when, latex_form)}"
        if self.integer and self.boundary is not None and self.boundary != self.value:
            edge = _shown(self.boundary, self.valid_when, latex_form)
            head += (rf" \quad (\text{{real boundary }} {name} {rel} {edge})" if latex_form
                     else f" (real boundary {name} {rel} {edge})")
        return head

    def __str__(self) -> str:
        """The condition as a paper writes it, with its side conditions.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> print(gc.RepeatedLending(exit_cost=True, cluster_rent=True).threshold("delta"))
        δ ≥ (R - C)/(Y + s - w - C), valid when Y + s > w + C, requires R ≥ I
        """
        extras = []
        if self.valid_when:
            extras.append("valid when " + " and ".join(notation.text(c) for c in self.valid_when))
        if self.requires:
            extras.append("requires " + " and ".join(notation.text(c) for c in self.requires))
        if self.reason:
            extras.append(self.reason)
        return ", ".join([self._head(lambda e: notation.text(e, self.valid_when)), *extras])

    def __repr__(self) -> str:
        return f"Threshold({self})"

    def latex(self) -> str:
        r"""The condition in LaTeX, with its side conditions (``valid_when``, ``requires``).

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).latex()
        '\\delta \\ge \\frac{11}{15} \\approx 0.733 \\quad \\text{requires } I \\le 110'
        """
        body = self._head(lambda e: notation.latex(e, self.valid_when), latex_form=True)
        if self.valid_when:
            body += r" \quad \text{if } " + r" \wedge ".join(
                notation.latex(c) for c in self.valid_when
            )
        if self.requires:
            body += r" \quad \text{requires } " + r" \wedge ".join(
                notation.latex(c) for c in self.requires
            )
        if self.reason:
            body += rf" \quad \text{{({self.reason})}}"
        return body

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: numbers as numbers, the exact value beside (``value_exact``).

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> data = gc.RepeatedLending().threshold("delta", Y=150, R=110, w=0).to_dict()
        >>> data["value"], data["value_exact"], data["condition"], data["requires"]
        (0.7333333333333333, '11/15', 'δ ≥ 11/15 ≈ 0.733', ['I ≤ 110'])
        """
        return plain(
            {
                "parameter": self.parameter,
                "value": self.value,
                "direction": self.direction,
                "condition": self._head(lambda e: notation.text(e, self.valid_when)),
                "region": None if self.region is None else sp.sstr(self.region),
                "binding": self.binding.label if self.binding else None,
                "binding_description": self.binding.description if self.binding else None,
                "requires": [notation.text(c) for c in self.requires],
                "valid_when": [notation.text(c) for c in self.valid_when],
                "reason": self.reason,
                "boundary": self.boundary,
                "exact": self.exact,
            }
        )


def _shown(value: Any, assume: Sequence[Any], latex_form: bool) -> str:
    """A threshold's value: exact with its decimal (``11/15 ≈ 0.733``), or the expression."""
    if value is None:
        return "?"
    if isinstance(value, sp.Basic) and value.free_symbols:
        return notation.latex(value, assume) if latex_form else notation.text(value, assume)
    if not latex_form:
        return notation.number(value)
    shown, described = notation.latex(value), notation.number(value)
    if "≈" in described:
        return rf"{shown} \approx {described.split('≈')[1].strip()}"
    if " = " in described:
        return f"{shown} = {described.split(' = ')[1]}"
    return shown


@dataclass(frozen=True)
class Step:
    """One line of a derivation; it follows from the line before.

    ``claim`` is a sympy relational. ``reason`` names the move: ``"constraint"``,
    ``"clear_denominator"``, ``"drop_positive"``, ``"isolate"``, ``"invert"``,
    ``"root"`` or ``"integer"``. When ``factor`` is set, the claim's
    ``lhs - rhs`` (``rhs - lhs`` for ``<=``) equals ``factor`` times the previous
    line's, with ``factor > 0`` (proved, or under the threshold's ``valid_when``).
    """

    claim: Any
    reason: str
    factor: Any = None


def as_nonnegative(claim: Any) -> sp.Expr:
    """The expression ``e`` with ``claim`` equivalent to ``e >= 0``."""
    if isinstance(claim, sp.GreaterThan):
        return claim.lhs - claim.rhs
    if isinstance(claim, sp.LessThan):
        return claim.rhs - claim.lhs
    raise TypeError(f"not a >= or <= relation: {claim}")


def _approximate(value: Any) -> float | None:
    """``value`` as a float when it is a number (``None`` otherwise)."""
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _as_float(t: Threshold) -> Threshold:
    value = None if t.value is None else float(t.value) if not t.integer else int(t.value)
    boundary = _approximate(t.boundary)
    return replace(t, value=value, exact=False, boundary=boundary)
