r"""LaTeX, Markdown and HTML: the papers' notation for notebooks, proofs and tables.

:class:`EconomicLatexPrinter` is sympy's LaTeX printer with the layout of
:mod:`~gametheory_cluster.notation.layout` and the papers' symbols (``\delta``,
``\lambda``, ``\pi_0``); :func:`markdown` wraps it in ``$…$``; :func:`html_table`
writes a plain, escaped table for ``_repr_html_``.

Examples
--------
>>> from gametheory_cluster.parameters import symbols
>>> R, Y, lam = symbols("R Y lam")
>>> markdown(lam * R <= Y)
'$\\lambda R \\le Y$'
>>> html_table(["a"], [["<b>"]])
'<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import sympy as sp
from sympy.printing.latex import LatexPrinter

from . import layout  # the same order and orientation as the text printer
from .names import _latex_name

__all__ = ["EconomicLatexPrinter", "html_table", "latex", "markdown"]

_LATEX_RELATIONS = {">=": r"\ge", "<=": r"\le", ">": ">", "<": "<", "==": "=", "!=": r"\neq"}


class EconomicLatexPrinter(LatexPrinter):
    """sympy's LaTeX printer with the papers' notation, order and orientation."""

    printmethod = "_latex"
    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings, "assume": ()
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self._assume = layout._positive_parts(self._settings["assume"])

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        return _latex_name(expr.name)

    _print_Dummy = _print_Symbol

    def _as_ordered_terms(self, expr: sp.Expr, order: Any = None) -> list[sp.Expr]:
        return sorted(sp.Add.make_args(expr), key=layout._term_key)

    def _print_Mul(self, expr: sp.Expr) -> str:
        lead, num, den = layout.oriented(expr, self._settings["assume"])
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
        for f in sorted(factors, key=layout._factor_key):
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
        if layout._splits(expr):
            return self._print_Mul(expr)
        base = layout._even_base(expr, self._assume)
        if base is not expr.base:
            expr = sp.Pow(base, expr.exp, evaluate=False)
        return super()._print_Pow(expr)

    def _print_Relational(self, expr: Any) -> str:
        lhs, op, rhs = layout.canonical_relation(expr)
        return f"{self._print(lhs)} {_LATEX_RELATIONS[op]} {self._print(rhs)}"

    def _print_And(self, expr: Any) -> str:
        return r" \text{ and } ".join(self._print(a) for a in expr.args)


def latex(expr: Any, assume: Iterable[Any] = ()) -> str:
    """``expr`` in LaTeX, with the papers' notation (``\\delta``, ``\\lambda``, ``\\pi_0``)."""
    if isinstance(expr, str):
        return rf"\text{{{expr}}}"
    expr = layout._expression(expr)
    if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Rational:
        for k in range(3, 13):
            powered = sp.Pow(expr, k)
            if powered.is_Rational and powered > 0 and not layout._is_square_root_form(expr):
                return rf"\sqrt[{k}]{{{latex(powered)}}}"
    return EconomicLatexPrinter({"assume": tuple(assume)}).doprint(expr)


def markdown(expr: Any, assume: Iterable[Any] = ()) -> str:
    """``expr`` as inline Markdown math, ``$…$``."""
    return f"${latex(expr, assume)}$"


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
