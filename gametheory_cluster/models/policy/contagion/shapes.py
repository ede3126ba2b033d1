r"""The standard shapes of a guarantee network: who guarantees which share of whose loan.

Each function returns the pattern ``(rows, cols, shares)``: firm ``rows[k]`` guarantees
the share ``shares[k]`` of firm ``cols[k]``'s loan, every loan covered to the share
:math:`g` in total. :class:`~.network.GuaranteeNetwork` builds its classmethods
(:meth:`~.network.GuaranteeNetwork.ring`, ``complete``, ``star``, ``clustered``,
``random``) on them; :func:`~.transition.default_shapes` compares them. See
docs/explanation/contagion.md.

* **ring** — firm :math:`i + 1` guarantees firm :math:`i` (mod :math:`n`);
* **complete** (联保) — every other firm guarantees :math:`g/(n-1)` of each loan;
* **star** — a core firm guarantees every leaf's loan, the leaves share the core's;
* **clustered** — complete groups in a circle, each loan covered by its group and, for
  the share ``bridge``, by the next group (Acemoglu et al.'s δ-connected networks);
* **random** — each loan guaranteed by ``k`` other firms drawn at random.

Examples
--------
>>> from fractions import Fraction
>>> ring_pattern(3, Fraction(1))
([1, 2, 0], [0, 1, 2], [Fraction(1, 1), Fraction(1, 1), Fraction(1, 1)])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ....errors import DomainError
from ._common import _count, _coverage, _number

__all__ = [
    "clustered_pattern",
    "complete_pattern",
    "random_pattern",
    "ring_pattern",
    "star_pattern",
]

Pattern = tuple[list, list, list]


def ring_pattern(n: int, g: Any) -> Pattern:
    """Firm ``i + 1`` guarantees the share ``g`` of firm ``i``'s loan (mod ``n``)."""
    n, g = _count(n, "n", 2), _coverage(g)
    return [(i + 1) % n for i in range(n)], list(range(n)), [g] * n


def complete_pattern(n: int, g: Any) -> Pattern:
    """Every other firm guarantees ``g/(n−1)`` of each loan."""
    n, g = _count(n, "n", 2), _coverage(g)
    pairs = [(i, j) for j in range(n) for i in range(n) if i != j]
    return [p[0] for p in pairs], [p[1] for p in pairs], [g / (n - 1)] * len(pairs)


def star_pattern(n: int, g: Any) -> Pattern:
    """Firm 0 guarantees ``g`` of each leaf's loan; each leaf ``g/(n−1)`` of firm 0's."""
    n, g = _count(n, "n", 2), _coverage(g)
    leaves = list(range(1, n))
    rows = [0] * (n - 1) + leaves
    cols = leaves + [0] * (n - 1)
    return rows, cols, [g] * (n - 1) + [g / (n - 1)] * (n - 1)


def clustered_pattern(groups: int, size: int, bridge: Any, g: Any) -> Pattern:
    """Firm ``c·size + k`` is member ``k`` of group ``c``; ``(1 − bridge)·g`` of its loan is
    covered by the other members of its group, ``bridge·g`` by the members of the next."""
    groups, size = _count(groups, "groups", 2), _count(size, "size", 2)
    g = _coverage(g)
    delta = _number(bridge, "bridge")
    if delta > 1:
        raise DomainError(f"bridge={bridge!r} must be in [0, 1] (a share of the coverage)")
    rows, cols, shares = [], [], []
    for c in range(groups):
        for k in range(size):
            j = c * size + k
            for k2 in range(size):
                if k2 != k and delta != 1:
                    rows.append(c * size + k2)
                    cols.append(j)
                    shares.append((1 - delta) * g / (size - 1))
                if delta != 0:
                    rows.append(((c + 1) % groups) * size + k2)
                    cols.append(j)
                    shares.append(delta * g / size)
    return rows, cols, shares


def random_pattern(n: int, guarantors: int, g: Any,
                   rng: int | np.random.Generator | None = None) -> Pattern:
    """Each loan guaranteed by ``guarantors`` distinct other firms drawn at random, ``g/k`` each."""
    n, k = _count(n, "n", 2), _count(guarantors, "guarantors", 1)
    if k >= n:
        raise DomainError(f"guarantors={k} must be below the number of firms n={n}")
    g = _coverage(g)
    gen = np.random.default_rng(rng)
    offsets = gen.integers(1, n, size=(n, k))
    while True:  # redraw the rows that picked the same guarantor twice
        ordered = np.sort(offsets, axis=1)
        bad = np.flatnonzero((np.diff(ordered, axis=1) == 0).any(axis=1)) if k > 1 else []
        if not len(bad):
            break
        offsets[bad] = gen.integers(1, n, size=(len(bad), k))
    borrowers = np.repeat(np.arange(n), k)
    rows = ((borrowers + offsets.ravel()) % n).tolist()
    return rows, borrowers.tolist(), [g / k] * (n * k)
