r"""The number of mixed pairs in a uniform random perfect matching.

A community of :math:`n` players (:math:`n` even), :math:`a` of them infected, is
matched in pairs uniformly at random. The number :math:`m` of mixed
(infected–healthy) pairs has :math:`m \equiv a \pmod 2` and
:math:`m \le \min(a, n-a)`; counting the pairings with :math:`m` mixed pairs,

.. math:: \frac{P(m+2)}{P(m)} = \frac{(a-m)(n-a-m)}{(m+1)(m+2)}.

This law drives the contagion chain of Kandori (1992), "Social Norms and Community
Enforcement", *Review of Economic Studies* 59(1): 63–80
(:mod:`~gametheory_cluster.models.community.kandori`); see
docs/explanation/community.md. :func:`mixed_pairs` gives it in floats (through
logarithms, so it holds for thousands of players), ``_mixed_pairs_exact`` in exact
rationals.

Examples
--------
>>> ms, p = mixed_pairs(6, 3)
>>> ms.tolist(), p.round(4).tolist()
([1, 3], [0.6, 0.4])
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ...errors import DomainError

__all__ = ["mixed_pairs"]


def _support(n: int, infected: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The possible numbers of mixed pairs and the ratios P(m+2)/P(m) as integer fractions."""
    if n % 2 or not 0 <= infected <= n:
        raise DomainError(
            "need an even number of players n and 0 <= infected <= n, "
            f"not n={n}, infected={infected}"
        )
    healthy = n - infected
    ms = np.arange(infected % 2, min(infected, healthy) + 1, 2)
    m = ms[:-1]
    return ms, (infected - m) * (healthy - m), (m + 1) * (m + 2)


def mixed_pairs(n: int, infected: int) -> tuple[np.ndarray, np.ndarray]:
    """Law of the number of infected–healthy pairs in a uniform perfect matching.

    Parameters
    ----------
    n : int
        Number of players (even).
    infected : int
        How many of them are infected.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The possible numbers of mixed pairs and their probabilities (floats).

    Examples
    --------
    Four players, two infected: the two infected are paired together with
    probability 1/3, otherwise there are two mixed pairs.

    >>> ms, p = mixed_pairs(4, 2)
    >>> ms.tolist(), p.round(4).tolist()
    ([0, 2], [0.3333, 0.6667])
    """
    ms, num, den = _support(n, infected)
    logs = np.concatenate([[0.0], np.cumsum(np.log(num) - np.log(den))])
    weights = np.exp(logs - logs.max())
    return ms, weights / weights.sum()


def _mixed_pairs_exact(n: int, infected: int) -> list[tuple[int, sp.Rational]]:
    """The same law in exact rationals."""
    ms, num, den = _support(n, infected)
    weights = [sp.Integer(1)]
    for a, b in zip(num.tolist(), den.tolist(), strict=True):
        weights.append(weights[-1] * sp.Rational(a, b))
    total = sum(weights)
    return [(int(m), w / total) for m, w in zip(ms.tolist(), weights, strict=True)]
