"""The text printer (:class:`EconomicTextPrinter`) and numbers in words.

:func:`text` writes an expression as a paper prints it, in Unicode; :func:`number`
writes an exact number with its decimal (``11/15 ≈ 0.733``), :func:`value` a value
as it was typed, :func:`assignment` named values. The printer and the numbers call
each other (an interval's end is a number; a number's exact form is text), so they
are one module.

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> delta, T = symbols("delta T")
>>> text(delta**T / (1 - delta)), number(0.5), value(-150), assignment({"delta": 0.9})
('δ^T/(1 - δ)', '0.5', '-150', 'δ = 0.9')
"""

from __future__ import annotations

import itertools
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, ClassVar

import sympy as sp
from sympy.printing.str import StrPrinter

from .layout import (
    _even_base,
    _expression,
    _factor_key,
    _is_square_root_form,
    _positive_parts,
    _splits,
    _term_key,
    canonical_relation,
    oriented,
)
from .names import name

__all__ = ["EconomicTextPrinter", "assignment", "decimal", "number", "text", "value"]

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_RELATIONS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
#: An exact form longer than this is shown by its decimal alone.
_LONGEST_EXACT = 40


_SIMPLE_LEFT = re.compile(r"\d+|[^\W\d_][₀-₉]*|\(.*\)")
_SIMPLE_RIGHT = re.compile(r"(?:[^\W\d_][₀-₉]*(?![\w]))|\(|√|∛|∜")


def _glue(pieces: Sequence[str]) -> str:
    """Factors side by side where that reads unambiguously (``δY``, ``2δ``), else with ``·``."""
    out = pieces[0]
    for left, right in itertools.pairwise(pieces):
        plain = _SIMPLE_LEFT.fullmatch(left) and _SIMPLE_RIGHT.match(right)
        if plain and left[0].isdigit() and right[0].isdigit():
            plain = None
        out += ("" if plain else "·") + right
    return out


class EconomicTextPrinter(StrPrinter):
    """sympy's text printer, writing what a paper would print.

    See :mod:`gametheory_cluster.notation` for what it writes.

    Settings: ``assume`` — relations known to hold (``valid_when``), used to print
    fractions the right way up.
    """

    printmethod = "_economic_text"
    _default_settings: ClassVar[dict[str, Any]] = {**StrPrinter._default_settings, "assume": ()}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self._assume = _positive_parts(self._settings["assume"])

    # names and numbers
    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Rational(self, expr: sp.Rational) -> str:
        return f"{expr.p}/{expr.q}" if expr.q != 1 else str(expr.p)

    def _print_Float(self, expr: sp.Float) -> str:
        return _float_text(float(expr))

    def _print_Infinity(self, expr: Any) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        return "-∞"

    def _print_ImaginaryUnit(self, expr: Any) -> str:
        return "i"

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    # sums and products
    def _as_ordered_terms(self, expr: sp.Expr, order: Any = None) -> list[sp.Expr]:
        return sorted(sp.Add.make_args(expr), key=_term_key)

    def _print_Mul(self, expr: sp.Expr) -> str:
        if not expr.is_Pow:
            expr = sp.powsimp(expr, combine="exp")
            if not expr.is_Mul:
                return self._print(expr)
        lead, num, den = oriented(expr, self._settings["assume"])
        if den == 1:
            return self._product(num)
        top = self._product(num)
        if num.is_Add:
            top = f"({top})"
        bottom = self._product(den)
        if den.is_Add or den.is_Mul:
            bottom = f"({bottom})"
        return f"{lead}{top}/{bottom}"

    def _product(self, expr: sp.Expr) -> str:
        if not expr.is_Mul:
            return self._factor(expr, alone=True)
        c, factors = expr.as_coeff_mul()
        sign_text = "-" if c < 0 else ""
        c = abs(c)
        pieces = [self._print(c)] if c != 1 else []
        pieces += [self._factor(f) for f in sorted(factors, key=_factor_key)]
        return sign_text + _glue(pieces)

    def _factor(self, expr: sp.Expr, alone: bool = False) -> str:
        body = self._print(expr)
        if alone:
            return body
        if expr.is_Add or (expr.is_Rational and not expr.is_Integer) or (
            expr.is_number and expr.could_extract_minus_sign()
        ):
            return f"({body})"
        return body

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exp = expr.base, expr.exp
        if _splits(expr):
            return self._print_Mul(expr)
        if exp.is_Rational and exp.p == 1 and exp.q in (2, 3, 4):
            root = {2: "√", 3: "∛", 4: "∜"}[exp.q]
            inner = self._print(base)
            atomic = base.is_Symbol or (base.is_Integer and base > 0)
            return root + (inner if atomic else f"({inner})")
        base = _even_base(expr, self._assume)
        b = self._print(base)
        if not (base.is_Symbol or (base.is_Integer and base >= 0)) or base.is_Pow:
            b = f"({b})"
        if exp.is_Integer and 0 <= exp < 10:
            return b + str(exp).translate(_SUPERSCRIPT)
        e = self._print(exp)
        if not (exp.is_Symbol or (exp.is_Integer and exp >= 0)):
            e = f"({e})"
        return f"{b}^{e}"

    # relations and logic
    def _print_Relational(self, expr: Any) -> str:
        lhs, op, rhs = canonical_relation(expr)
        return f"{self._print(lhs)} {_RELATIONS[op]} {self._print(rhs)}"

    def _print_And(self, expr: Any) -> str:
        return " and ".join(self._print(a) for a in expr.args)

    def _print_Or(self, expr: Any) -> str:
        return " or ".join(f"({self._print(a)})" if isinstance(a, sp.And) else self._print(a)
                           for a in expr.args)

    def _print_Not(self, expr: Any) -> str:
        return f"not ({self._print(expr.args[0])})"

    def _print_BooleanTrue(self, expr: Any) -> str:
        return "always"

    def _print_BooleanFalse(self, expr: Any) -> str:
        return "never"

    # functions
    def _print_Max(self, expr: Any) -> str:
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Min(self, expr: Any) -> str:
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_floor(self, expr: Any) -> str:
        return f"⌊{self._print(expr.args[0])}⌋"

    def _print_ceiling(self, expr: Any) -> str:
        return f"⌈{self._print(expr.args[0])}⌉"

    def _print_exp(self, expr: Any) -> str:
        arg = self._print(expr.args[0])
        return f"e^{arg}" if expr.args[0].is_Symbol else f"e^({arg})"

    def _print_Piecewise(self, expr: Any) -> str:
        parts = []
        for e, c in expr.args:
            tail = "otherwise" if c is sp.true else f"if {self._print(c)}"
            parts.append(f"{self._print(e)} {tail}")
        return "; ".join(parts)

    # sets
    def _print_Interval(self, expr: sp.Interval) -> str:
        left = "(" if expr.left_open or expr.start.is_infinite else "["
        right = ")" if expr.right_open or expr.end.is_infinite else "]"
        return f"{left}{self._endpoint(expr.start)}, {self._endpoint(expr.end)}{right}"

    def _endpoint(self, value: sp.Expr) -> str:
        if value.is_number and value.is_finite and not value.is_Integer:
            return number(value)
        return self._print(value)

    def _print_Union(self, expr: Any) -> str:
        return " ∪ ".join(self._print(a) for a in expr.args)

    def _print_Intersection(self, expr: Any) -> str:
        return " ∩ ".join(self._print(a) for a in expr.args)

    def _print_Complement(self, expr: Any) -> str:
        return " \\ ".join(self._print(a) for a in expr.args)

    def _print_FiniteSet(self, expr: Any) -> str:
        return "{" + ", ".join(self._print(a) for a in expr.args) + "}"

    def _print_EmptySet(self, expr: Any) -> str:
        return "∅"

    def _print_Reals(self, expr: Any) -> str:
        return "(-∞, ∞)"

    def _print_Range(self, expr: Any) -> str:
        if expr.size is sp.oo or expr.sup is sp.oo:
            return f"{{{self._print(expr.inf)}, {self._print(expr.inf + expr.step)}, …}}"
        if len(expr) <= 4:
            return "{" + ", ".join(self._print(v) for v in expr) + "}"
        first, second, last = (self._print(v) for v in (expr.inf, expr.inf + 1, expr.sup))
        return f"{{{first}, {second}, …, {last}}}"

    def _print_Contains(self, expr: Any) -> str:
        return f"{self._print(expr.args[0])} ∈ {self._print(expr.args[1])}"


def text(expr: Any, assume: Iterable[Any] = ()) -> str:
    """``expr`` as a paper would print it, in plain text (Unicode).

    ``assume``: relations known to hold, to print fractions the right way up.
    """
    if isinstance(expr, (str, bool)) or expr is None:
        return str(expr)
    if isinstance(expr, (int, float, Fraction)) and not isinstance(expr, bool):
        return value(expr)
    return EconomicTextPrinter({"assume": tuple(assume)}).doprint(_expression(expr))


def _float_text(x: float) -> str:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.6g}"


def decimal(x: Any, digits: int = 3) -> str | None:
    """``x`` rounded to ``digits`` significant figures (``None`` if it is not a real number)."""
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    if math.isnan(f):
        return None
    if math.isinf(f):
        return "∞" if f > 0 else "-∞"
    shown = f"{f:.{digits}g}"
    if "e" in shown and 1 <= abs(f) < 1e15:
        shown = f"{f:.0f}"
    return shown


def _root_form(v: sp.Expr) -> str | None:
    """``∛(11/15)`` for a number whose cube (fourth, …) power is rational."""
    for k in range(3, 13):
        powered = sp.Pow(v, k)
        if powered.is_Rational and powered > 0:
            inner = text(powered)
            if k in (3, 4):
                root = "∛" if k == 3 else "∜"
                return root + (inner if powered.is_Integer else f"({inner})")
            return f"({inner})^(1/{k})" if not powered.is_Integer else f"{inner}^(1/{k})"
    return None


def number(v: Any, digits: int = 3) -> str:
    """An exact number with its decimal: ``11/15 ≈ 0.733``, ``3/5 = 0.6``, ``√165/15 ≈ 0.856``.

    Whole numbers are shown as they are; floats with six significant figures; a
    symbolic expression as :func:`text` writes it; an exact form longer than 40
    characters by its decimal alone (``≈ 0.123``).
    """
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, float):
        return _float_text(v)
    if isinstance(v, Fraction):
        v = sp.Rational(v.numerator, v.denominator)
    if hasattr(v, "item") and not isinstance(v, sp.Basic):  # numpy scalar
        return number(v.item(), digits)
    expr = _expression(v)
    if expr.free_symbols or not expr.is_number:
        return text(expr)
    if isinstance(expr, sp.Float):
        return _float_text(float(expr))
    if expr.is_Integer or expr.is_infinite:
        return text(expr)
    if not expr.is_real:
        return text(expr)
    shown = decimal(expr, digits)
    if expr.is_Rational:
        exact = text(expr)
        terminating = _terminates(expr)
        return f"{exact} = {terminating}" if terminating else f"{exact} ≈ {shown}"
    exact = None if _is_square_root_form(expr) else _root_form(expr)
    if exact is None:
        exact = text(sp.together(expr) if expr.is_Add else expr)
    if len(exact) > _LONGEST_EXACT:
        return _truncated(expr, digits)
    return f"{exact} ≈ {shown}"


def _truncated(x: sp.Expr, digits: int) -> str:
    """``3.46…``: the first ``digits`` significant figures, cut (not rounded), and an ellipsis."""
    f = float(sp.N(x, 30))
    if f == 0 or not math.isfinite(f):
        return decimal(f, digits) or str(f)
    places = max(digits - 1 - math.floor(math.log10(abs(f))), 0)
    cut = math.trunc(sp.N(x * 10**places, 30)) / 10**places
    return f"{cut:.{places}f}…"


def _terminates(r: sp.Rational, places: int = 4) -> str | None:
    """The decimal of ``r`` when it has at most ``places`` digits after the point."""
    q = int(r.q)
    for p in (2, 5):
        while q % p == 0:
            q //= p
    if q != 1:
        return None
    shown = f"{float(r):.{places}f}".rstrip("0").rstrip(".")
    return shown if sp.Rational(shown) == r else None


def value(v: Any) -> str:
    """A value as it was typed: ``-150``, ``3/5``, ``0.75`` (never ``Fraction(-150, 1)``)."""
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, Fraction):
        return str(v)
    if hasattr(v, "item") and not isinstance(v, sp.Basic):
        return value(v.item())
    if isinstance(v, sp.Basic):
        return text(v)
    return str(v)


def assignment(values: Any) -> str:
    """``Y = 150, R = 110, δ = 3/5``: named values as typed."""
    return ", ".join(f"{name(k)} = {value(v)}" for k, v in dict(values).items())
