r"""How results read: one presentation layer for text, LaTeX, Markdown and HTML.

Every result object of the toolkit (thresholds, certificates, equilibria,
propositions, …) is shown through the two printers here, built on sympy's own
(:class:`~sympy.printing.str.StrPrinter` and
:class:`~sympy.printing.latex.LatexPrinter`), so that a condition reads the same in
a ``repr``, a terminal, a notebook's LaTeX, a Markdown proof and a proposition.
They write what a paper would print:

* **Greek letters** in text (``δ``, ``λ``, ``π``, ``∂δ*/∂s``) and the papers'
  notation in LaTeX (from :data:`~gametheory_cluster.parameters.PARAMETERS`);
* **terms in the economics' order**: positive terms first, then by the
  parameter table (``Y, R, w, δ, …, C, s``), constants last; ``δY``, not ``Y*delta``;
* **fractions the right way up**: a denominator that is negative in the region
  (an assumed ``valid_when`` condition, a sign proved over the domains, or the
  typical parameter values) is printed negated, with its numerator:
  ``(R - C)/(Y + s - w - C)``, not ``(C - R)/(C - Y - s + w)``;
* **relations as inequalities between positive sides**: ``R ≥ I`` for
  ``-I + R >= 0``, and variables before constants: ``I ≤ 110``;
* **numbers with a decimal** when they are not whole: ``11/15 ≈ 0.733``,
  ``√165/15 ≈ 0.856``, ``∛(11/15) ≈ 0.902``; sets as intervals ``(0, ∞)``;
  values as typed: ``Y = -150``, never ``Fraction(-150, 1)``.

The printers change how an expression is *shown*, never its value: the result
objects keep their sympy expressions (``str(t.value)`` is still sympy's).

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> C, I, R, Y, s, w, delta = symbols("C I R Y s w delta")
>>> text((C - R) / (C - Y - s + w))
'(R - C)/(Y + s - w - C)'
>>> text(-I + R >= 0), text(110 - I >= 0), text(Y * delta - R - delta * w >= 0)
('R ≥ I', 'I ≤ 110', 'δY ≥ R + δw')
>>> import sympy as sp
>>> number(sp.sqrt(sp.Rational(11, 15))), number(sp.Rational(11, 15)), number(-150)
('√165/15 ≈ 0.856', '11/15 ≈ 0.733', '-150')
>>> text(sp.Interval.open(0, sp.oo)), derivative("delta", "s")
('(0, ∞)', '∂δ*/∂s')
>>> latex(Y * delta - R - delta * w >= 0)
'\\delta Y \\ge R + \\delta w'
"""

from __future__ import annotations

import html
import itertools
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, ClassVar

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from .algebra import orient, sign
from .parameters import PARAMETERS

__all__ = [
    "EconomicLatexPrinter",
    "EconomicTextPrinter",
    "assignment",
    "decimal",
    "derivative",
    "html_table",
    "latex",
    "markdown",
    "name",
    "number",
    "text",
    "value",
]

#: Greek names as they are typed in code, and the letter they stand for.
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lam": "λ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
}
_LATEX_GREEK = {k: "\\lambda" if k == "lam" else f"\\{k}" for k in GREEK}
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ORDER = {p: k for k, p in enumerate(PARAMETERS)}
_RELATIONS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}
_LATEX_RELATIONS = {">=": r"\ge", "<=": r"\le", ">": ">", "<": "<", "==": "=", "!=": r"\neq"}
_REVERSED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!="}
#: An exact form longer than this is shown by its decimal alone.
_LONGEST_EXACT = 40


# ------------------------------------------------------------------ names
def name(parameter: str) -> str:
    """A parameter's name as text: ``delta`` → ``δ``, ``pi0`` → ``π₀``, ``pi_r`` → ``π_r``."""
    if parameter in GREEK:
        return GREEK[parameter]
    match = re.fullmatch(r"([A-Za-z]+?)(\d+)", parameter)
    if match and match[1] in GREEK:
        return GREEK[match[1]] + match[2].translate(_SUBSCRIPT)
    base, sep, rest = parameter.partition("_")
    if sep and base in GREEK:
        return f"{GREEK[base]}_{rest}"
    return parameter


def _latex_name(parameter: str) -> str:
    if parameter in PARAMETERS:
        return PARAMETERS[parameter].notation
    if parameter in _LATEX_GREEK:
        return _LATEX_GREEK[parameter]
    match = re.fullmatch(r"([A-Za-z]+?)(\d+)", parameter)
    if match and match[1] in _LATEX_GREEK:
        return f"{_LATEX_GREEK[match[1]]}_{{{match[2]}}}"
    base, sep, rest = parameter.partition("_")
    if sep and rest:
        head = _LATEX_GREEK.get(base, base if len(base) == 1 else rf"\mathrm{{{base}}}")
        return f"{head}_{{\\mathrm{{{rest}}}}}" if len(rest) > 1 else f"{head}_{{{rest}}}"
    return parameter if len(parameter) == 1 else rf"\mathrm{{{parameter}}}"


def derivative(threshold: str, parameter: str) -> str:
    """``∂δ*/∂s``: the derivative of a threshold in a parameter, as text."""
    return f"∂{name(threshold)}*/∂{name(parameter)}"


# ------------------------------------------------------------------ ordering
def _rank(symbol: sp.Symbol) -> tuple[int, str]:
    return (_ORDER.get(symbol.name, len(_ORDER)), symbol.name)


def _term_key(term: sp.Expr) -> tuple[Any, ...]:
    """Positive terms first; within each sign, by the parameter table; constants last."""
    negative = term.could_extract_minus_sign()
    symbols = sorted(term.free_symbols, key=_rank)
    if not symbols:
        return (negative, 1, ())
    degree = sp.Poly(term, *symbols).total_degree() if term.is_polynomial(*symbols) else 9
    return (negative, 0, tuple(_rank(s) for s in symbols), -degree)


def _factor_key(factor: sp.Expr) -> tuple[Any, ...]:
    """Numbers, then Greek letters (``δY``), then the parameter table, then compound factors."""
    base = factor.base if factor.is_Pow else factor
    if factor.is_number:
        return (0, (), "")
    if base.is_Symbol:
        greek = name(base.name) != base.name and base.name not in ("pi_r",)
        return (1, (not greek, _rank(base)), str(factor))
    return (2, (), sp.default_sort_key(factor))


def _positive_parts(assume: Iterable[Any]) -> tuple[sp.Expr, ...]:
    """Expressions ``e`` known to be positive, from relations ``a > b`` (``e = a - b``)."""
    parts = []
    for rel in assume:
        if not isinstance(rel, sp.core.relational.Relational):
            continue
        if rel.rel_op in (">", ">="):
            parts.append(sp.expand(rel.lhs - rel.rhs))
        elif rel.rel_op in ("<", "<="):
            parts.append(sp.expand(rel.rhs - rel.lhs))
    return tuple(parts)


def _reads_negative(expr: sp.Expr, assume: Sequence[sp.Expr]) -> bool:
    """Whether ``expr`` is negative in the region: assumed, proved, or at typical values."""
    if expr.is_number:
        return bool(expr < 0) if expr.is_real else False
    expanded = sp.expand(expr)
    for part in assume:
        if sp.expand(part - expanded) == 0:
            return False
        if sp.expand(part + expanded) == 0:
            return True
    proved = sign(expr)
    if proved is not None:
        return proved < 0
    return orient(expr)[1] == -1


def _negated(expr: sp.Expr, assume: Sequence[sp.Expr]) -> sp.Expr:
    """``-expr``, keeping a product's factors: the factor that reads negative is negated."""
    if expr.is_Mul:
        args = list(expr.args)
        for k, f in enumerate(args):
            if (f.is_Add or (f.is_Pow and f.exp.is_odd)) and _reads_negative(f, assume):
                args[k] = _negated(f, assume)
                return sp.Mul(*args)
        c, rest = expr.as_coeff_Mul()
        return sp.Mul(-c, rest)
    if expr.is_Pow and expr.exp.is_odd and expr.exp.is_Integer:
        return sp.Pow(_negated(expr.base, assume), expr.exp)
    return -expr


def _expression(value: Any) -> Any:
    """``value`` as a sympy object; text is refused, never parsed (parsing can run code)."""
    try:
        return sp.sympify(value, strict=True)
    except sp.SympifyError:
        raise TypeError(f"cannot print {type(value).__name__} {value!r} as an expression") from None


def oriented(expr: Any, assume: Iterable[Any] = ()) -> tuple[str, sp.Expr, sp.Expr]:
    """``(sign, numerator, denominator)`` of ``expr``, both positive in the region.

    The denominator is negated with the numerator when it reads negative; a sum in
    the numerator that reads negative is negated and its sign (``"-"``) put in front.
    """
    expr = _expression(expr)
    num, den = sp.fraction(expr)
    parts = _positive_parts(assume)
    if den != 1 and any(f.is_Add for f in sp.Mul.make_args(den)) and _reads_negative(den, parts):
        num, den = _negated(num, parts), _negated(den, parts)
    if den != 1 and num.is_Add and _mostly_negative(num, parts):
        return "-", -num, den
    return "", num, den


def _mostly_negative(expr: sp.Expr, assume: Sequence[sp.Expr]) -> bool:
    """Whether a sum reads better negated: assumed or proved negative, or every term minus."""
    expanded = sp.expand(expr)
    for part in assume:
        if sp.expand(part + expanded) == 0:
            return True
    if sign(expr) == -1:
        return True
    return all(t.could_extract_minus_sign() for t in sp.Add.make_args(expr))


def canonical_relation(rel: Any) -> tuple[sp.Expr, str, sp.Expr]:
    """``(lhs, op, rhs)`` of an inequality as a paper writes it.

    ``e ≥ 0`` becomes *positive terms ≥ negative terms*; a side that is only a
    number goes to the right (``I ≤ 110``). Other relations are kept as given.
    """
    lhs, rhs, op = rel.lhs, rel.rhs, rel.rel_op
    if lhs == 0 and rhs != 0:
        lhs, rhs, op = rhs, lhs, _REVERSED[op]
    if rhs != 0 or op in ("==", "!="):
        return lhs, op, rhs
    terms = sp.Add.make_args(lhs)
    if len(terms) == 1 and not lhs.could_extract_minus_sign():
        return lhs, op, rhs
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    negative = [-t for t in terms if t.could_extract_minus_sign()]
    left, right = sp.Add(*positive), sp.Add(*negative)
    if not positive:  # every term negative: -I - R >= 0 is I + R <= 0
        return right, _REVERSED[op], sp.Integer(0)
    if left.is_number and not right.is_number:
        return right, _REVERSED[op], left
    return left, op, right


# ------------------------------------------------------------------ text
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
    """sympy's text printer, writing what a paper would print (see the module docstring).

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


def _even_base(power: sp.Pow, assume: Sequence[sp.Expr]) -> sp.Expr:
    """The base of an even power, negated when it reads negative: ``(Y - w - C)²``."""
    base = power.base
    if power.exp.is_Integer and power.exp.is_even and base.is_Add and _reads_negative(base, assume):
        return -base
    return base


def _splits(power: sp.Pow) -> bool:
    """Whether a power is a fraction (a negative exponent that sympy moves below the line)."""
    exp = power.exp
    negative = (exp.is_Rational and exp < 0) or (
        not exp.is_number and exp.could_extract_minus_sign()
    )
    return bool(negative) and sp.fraction(power)[1] != 1


# ------------------------------------------------------------------ LaTeX
class EconomicLatexPrinter(LatexPrinter):
    """sympy's LaTeX printer with the papers' notation, order and orientation."""

    printmethod = "_latex"
    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings, "assume": ()
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self._assume = _positive_parts(self._settings["assume"])

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        return _latex_name(expr.name)

    _print_Dummy = _print_Symbol

    def _as_ordered_terms(self, expr: sp.Expr, order: Any = None) -> list[sp.Expr]:
        return sorted(sp.Add.make_args(expr), key=_term_key)

    def _print_Mul(self, expr: sp.Expr) -> str:
        lead, num, den = oriented(expr, self._settings["assume"])
        if den == 1:
            return self._product(num)
        top = self._product(num)
        sign_text = "- " if lead else ""
        if top.startswith("-") and not num.is_Add:
            sign_text, top = "- ", top[1:].lstrip()
        return rf"{sign_text}\frac{{{top}}}{{{self._product(den)}}}"

    def _product(self, expr: sp.Expr) -> str:
        if not expr.is_Mul:
            return self._print(expr)
        c, factors = expr.as_coeff_mul()
        sign_text = "- " if c < 0 else ""
        c = abs(c)
        pieces = [self._print(c)] if c != 1 else []
        for f in sorted(factors, key=_factor_key):
            body = self._print(f)
            if f.is_Add or (f.is_number and f.could_extract_minus_sign()):
                body = rf"\left({body}\right)"
            pieces.append(body)
        out = pieces[0]
        for left, right in itertools.pairwise(pieces):
            out += r" \cdot " if left[-1].isdigit() and right[0].isdigit() else " "
            out += right
        return sign_text + out

    def _print_Pow(self, expr: sp.Pow) -> str:
        if _splits(expr):
            return self._print_Mul(expr)
        base = _even_base(expr, self._assume)
        if base is not expr.base:
            expr = sp.Pow(base, expr.exp, evaluate=False)
        return super()._print_Pow(expr)

    def _print_Relational(self, expr: Any) -> str:
        lhs, op, rhs = canonical_relation(expr)
        return f"{self._print(lhs)} {_LATEX_RELATIONS[op]} {self._print(rhs)}"

    def _print_And(self, expr: Any) -> str:
        return r" \text{ and } ".join(self._print(a) for a in expr.args)


# ------------------------------------------------------------------ entry points
def text(expr: Any, assume: Iterable[Any] = ()) -> str:
    """``expr`` as a paper would print it, in plain text (Unicode).

    ``assume``: relations known to hold, to print fractions the right way up.
    """
    if isinstance(expr, (str, bool)) or expr is None:
        return str(expr)
    if isinstance(expr, (int, float, Fraction)) and not isinstance(expr, bool):
        return value(expr)
    return EconomicTextPrinter({"assume": tuple(assume)}).doprint(_expression(expr))


def latex(expr: Any, assume: Iterable[Any] = ()) -> str:
    """``expr`` in LaTeX, with the papers' notation (``\\delta``, ``\\lambda``, ``\\pi_0``)."""
    if isinstance(expr, str):
        return rf"\text{{{expr}}}"
    expr = _expression(expr)
    if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Rational:
        for k in range(3, 13):
            powered = sp.Pow(expr, k)
            if powered.is_Rational and powered > 0 and not _is_square_root_form(expr):
                return rf"\sqrt[{k}]{{{latex(powered)}}}"
    return EconomicLatexPrinter({"assume": tuple(assume)}).doprint(expr)


def markdown(expr: Any, assume: Iterable[Any] = ()) -> str:
    """``expr`` as inline Markdown math, ``$…$``."""
    return f"${latex(expr, assume)}$"


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


def _is_square_root_form(expr: sp.Expr) -> bool:
    """Whether every root in ``expr`` is a square root (sympy's form reads well then)."""
    roots = [p.exp for p in expr.atoms(sp.Pow) if p.exp.is_Rational and not p.exp.is_Integer]
    return all(e.q == 2 for e in roots)


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


# ------------------------------------------------------------------ HTML
def html_table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = ""
) -> str:
    """A plain HTML table (every cell escaped), for ``_repr_html_``."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
               + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)
