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

One idea a module:

* :mod:`~gametheory_cluster.notation.names` — parameter names (``δ``, ``π₀``, ``\pi_0``);
* :mod:`~gametheory_cluster.notation.layout` — term order, fractions the right way
  up, relations between positive sides (shared by both printers);
* :mod:`~gametheory_cluster.notation.text` — the text printer and numbers in words
  (:func:`text`, :func:`number`, :func:`value`, :func:`assignment`);
* :mod:`~gametheory_cluster.notation.markup` — LaTeX, Markdown and HTML
  (:func:`latex`, :func:`markdown`, :func:`html_table`).

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

from .layout import canonical_relation, oriented  # noqa: F401 (importable from here, as before)
from .markup import EconomicLatexPrinter, html_table, latex, markdown
from .names import GREEK, derivative, name  # noqa: F401 (GREEK: the letters, for callers)
from .text import EconomicTextPrinter, assignment, decimal, number, text, value

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
