r"""Symmetries of a guarantee network: sums over orbits of shock sets instead of all :math:`2^n`.

Under independent shocks the cascade size distribution is a sum over the :math:`2^n`
shock sets. Two shock sets related by an automorphism of the network give the same
cascade size, so the sum runs over *orbits*, each counted with its size:

* **twins** — structurally equivalent firms (same loan and buffer, swapping two is an
  automorphism) enter only through how many of them are hit: :math:`\prod_c (|c| + 1)`
  representatives, weighted by :math:`\prod_c \binom{|c|}{k_c}` (complete and star
  groups: :math:`O(n)` cascades);
* **rotation** — when :math:`i \mapsto i + t` is an automorphism (:math:`t \mid n`), a
  shock set is a necklace of :math:`n/t` beads over :math:`2^t` colours, weighted by its
  number of distinct rotations (rings: about :math:`2^n / n` cascades; the count of
  necklaces is :math:`\frac1m \sum_{d \mid m} \varphi(d)\, k^{m/d}`);
* **enumerate** — all :math:`2^n` sets.

See docs/explanation/contagion.md.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import numpy as np
import sympy as sp
from sympy.utilities.iterables import necklaces

from ....errors import ModelError, SolveError

#: Largest number of cascades an exact probability may sum over.
ENUMERATION_LIMIT = 2**20


def _necklaces(k: int, m: int) -> Iterator[tuple[tuple[int, ...], int]]:
    """Every necklace of length ``m`` over ``k`` letters with its number of distinct rotations.

    sympy's ``necklaces`` (the FKM algorithm) lists them in lexicographic order; the
    number of rotations is the least period, and a word has a period below ``m`` only
    if rotating it by ``m/q`` for some prime ``q`` dividing ``m`` leaves it unchanged.
    """
    checks = [m // q for q in sp.primefactors(m)]
    for word in necklaces(m, k):
        for p in checks:
            if word[p] == word[0] and word[p:] + word[:p] == word:
                yield word, next(d for d in sp.divisors(m) if word[d:] + word[:d] == word)
                break
        else:
            yield word, m


def _necklace_count(k: int, m: int) -> int:
    """The number of necklaces: ``(1/m) Σ_{d | m} φ(d) k^(m/d)``."""
    return sum(int(sp.totient(d)) * k ** (m // d) for d in sp.divisors(m)) // m


def _twins(M: np.ndarray, i: int, j: int) -> bool:
    others = np.ones(M.shape[0], dtype=bool)
    others[[i, j]] = False
    return bool(np.all(M[i, others] == M[j, others]) and np.all(M[others, i] == M[others, j])
                and M[i, j] == M[j, i])


def _twin_classes(M: np.ndarray, loans: np.ndarray, buffers: np.ndarray) -> list[list[int]]:
    """Classes of structurally equivalent firms (swapping two is an automorphism)."""
    key = list(zip(loans.tolist(), buffers.tolist(), strict=True))
    classes: list[list[int]] = []
    for i in range(M.shape[0]):
        for cls_ in classes:
            j = cls_[0]
            if key[i] == key[j] and _twins(M, i, j):
                cls_.append(i)
                break
        else:
            classes.append([i])
    return classes


def _rotation(M: np.ndarray, loans: np.ndarray, buffers: np.ndarray) -> int:
    """Smallest ``t < n`` (dividing ``n``) such that ``i ↦ i + t`` is an automorphism."""
    n = M.shape[0]
    for t in range(1, n):
        if n % t:
            continue
        if (np.all(np.roll(loans, t) == loans) and np.all(np.roll(buffers, t) == buffers)
                and np.all(np.roll(np.roll(M, t, axis=0), t, axis=1) == M)):
            return t
    return n


def _orbits(n: int, classes: list[list[int]], t: int, method: str,
            hits: int | None = None) -> tuple[str, list[tuple[np.ndarray, int]]]:
    """Representative shock sets (boolean masks) with the sizes of their orbits.

    ``classes`` are the twin classes and ``t`` the rotation period (``n`` if none).
    """
    counts = {
        "classes": math.prod(len(c) + 1 for c in classes),
        "rotation": _necklace_count(2**t, n // t) if t < n else None,
        "enumerate": 2**n,
    }
    if method == "auto":
        method = min((k for k, v in counts.items() if v is not None), key=lambda k: counts[k])
    if method not in counts:
        raise ModelError(f"unknown method {method!r}; valid methods: auto, classes, rotation, "
                         "enumerate")
    if counts[method] is None:
        raise ModelError("method='rotation' needs a network invariant under i ↦ i + t (node "
                         "order) for some t < n; this one is not")
    if counts[method] > ENUMERATION_LIMIT:
        raise SolveError(f"an exact sum needs {counts[method]:,} cascades (limit "
                         f"{ENUMERATION_LIMIT:,}); use monte_carlo() for a network this large")
    reps: list[tuple[np.ndarray, int]] = []
    if method == "classes":
        for ks in itertools.product(*(range(len(c) + 1) for c in classes)):
            if hits is not None and sum(ks) != hits:
                continue
            mask = np.zeros(n, dtype=bool)
            for c, k in zip(classes, ks, strict=True):
                mask[c[:k]] = True
            sizes = zip(classes, ks, strict=True)
            reps.append((mask, math.prod(math.comb(len(c), k) for c, k in sizes)))
    elif method == "rotation":
        for word, period in _necklaces(2**t, n // t):
            bits = [(letter >> b) & 1 for letter in word for b in range(t)]
            mask = np.array(bits, dtype=bool)
            if hits is None or mask.sum() == hits:
                reps.append((mask, period))
    else:
        for bits in itertools.product((False, True), repeat=n):
            mask = np.array(bits, dtype=bool)
            if hits is None or mask.sum() == hits:
                reps.append((mask, 1))
    return method, reps


def _firm_orbits(n: int, classes: list[list[int]], t: int) -> list[tuple[int, int]]:
    """Representatives of single firms under twins and rotation, with multiplicities."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for cls_ in classes:
        for i in cls_[1:]:
            parent[find(i)] = find(cls_[0])
    if t < n:
        for i in range(n):
            parent[find((i + t) % n)] = find(i)
    roots: dict[int, int] = {}
    for i in range(n):
        roots[find(i)] = roots.get(find(i), 0) + 1
    return sorted(roots.items())
