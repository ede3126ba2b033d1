r"""Solve a set of incentive constraints for one parameter: thresholds, exact or numeric.

Given constraints :math:`g_k(x, \theta) \ge 0` derived by the engine, a *threshold*
in the parameter :math:`x` is the boundary of the set of :math:`x` (inside its
domain) where all of them hold, together with the direction in which they hold.

* With every other parameter given, the set is computed exactly (sympy's
  univariate inequality solver on exact numbers; floats are turned into the exact
  rationals they are, and the answer back into floats). Integer parameters give
  the smallest (or largest) whole number that works.
* With parameters left free, the threshold is the root of the binding
  constraint's boundary, a sympy expression; the direction is proved where the
  domains allow (:func:`gametheory_cluster.algebra.sign`) and otherwise stated
  with the condition it needs (``valid_when``). Constraints without :math:`x`
  become side conditions (``requires``).
* A set that is empty raises :class:`~gametheory_cluster.errors.NoSolutionError`
  naming the constraint that cannot hold; a set that is the whole domain reports
  the domain's edge with the reason.

The modules of the package, one idea each:

:mod:`~gametheory_cluster.thresholds.threshold`
    the answer: :class:`Threshold`, and each :class:`Step` of its derivation.
:mod:`~gametheory_cluster.thresholds.solve`
    :func:`solve_threshold`: which path a question takes.
:mod:`~gametheory_cluster.thresholds.numeric`
    exact univariate solving, by real root isolation.
:mod:`~gametheory_cluster.thresholds.region`
    from a set of values to a threshold: domain edges, whole numbers, no solution.
:mod:`~gametheory_cluster.thresholds.symbolic`
    the closed form, step by step, with the conditions it needs.
:mod:`~gametheory_cluster.thresholds.exponents`
    exponents too large to write out, kept as symbols.

Examples
--------
>>> from gametheory_cluster.automata import Constraint
>>> from gametheory_cluster.parameters import symbols
>>> delta, R, Y, w = symbols("delta R Y w")
>>> ic = Constraint("honest", "sme", "Repay", "Default", (delta * (Y - w) - R) / (1 - delta))
>>> solve_threshold([ic], "delta", {"Y": 150, "R": 110, "w": 0})
Threshold(δ ≥ 11/15 ≈ 0.733)
>>> solve_threshold([ic], "delta", {})
Threshold(δ ≥ R/(Y - w), valid when Y > w)
"""

from .solve import solve_threshold
from .threshold import Step, Threshold, as_nonnegative

__all__ = ["Step", "Threshold", "as_nonnegative", "solve_threshold"]
