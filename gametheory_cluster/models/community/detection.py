r"""How news of a default spreads through a cluster network, and when each firm learns.

The source paper's "reputation chain" (信誉链): partners hear of a default along
the cluster's ties (产业集群与我国中小企业融资, *Industrial clusters and the financing
of China's small and medium-sized enterprises*, §2.2). See
docs/explanation/networks.md; the lending game built on it is
:class:`~gametheory_cluster.models.community.networks.NetworkPunishment`.

*News.* Cluster firms are the nodes of a graph :math:`G = (V, E)`; the defaulter
is :math:`d`. In period 0 the informed set is :math:`I_0 = \{d\} \cup C`, where
:math:`C` are the parties that see the default at once (none by default, so news
starts at the defaulter and its own ties carry it: its partners notice). At each
step every tie from an informed to an uninformed node passes the news on with
probability :math:`r`, independently, so an uninformed node with :math:`k`
informed neighbours learns with probability :math:`1 - (1 - r)^k`. A step takes
``lag`` :math:`= L` periods. Let :math:`T_j` be the step at which node :math:`j`
learns (:math:`T_j = \infty` if the news never reaches it); equivalently
:math:`T_j` is the first-passage time from :math:`I_0` to :math:`j` when every tie
carries an independent geometric delay with success probability :math:`r` (the
Monte Carlo road below).

*Exact road*: the informed set is a Markov chain on subsets of :math:`V`; from
:math:`S` it moves to :math:`S \cup A` with probability
:math:`\prod_{j \in A} p_j(S) \prod_{j \in B(S) \setminus A} (1 - p_j(S))`,
where :math:`B(S)` are the uninformed nodes with an informed neighbour. The
distribution by step is :math:`\pi_{k+1} = \pi_k P`, and for the partners
:math:`P`,
:math:`h(S) = \mathbb{E}[\sum_{j \in P \setminus S} z^{T_j - k} \mid S_k = S]`
(:math:`z = \delta^L`) solves the triangular system
:math:`h(S) = z \sum_{S'} P(S, S')\,[\,|P \cap (S' \setminus S)| + h(S')\,]`,
so the expected discounted number of partners who learn is
:math:`G(\delta) = \delta\,|P \cap I_0| + h(I_0)`. Exact rationals in, exact out.

*Monte Carlo road*: seeded, vectorised first-passage times (Bellman–Ford over
geometric tie delays), with Wilson intervals for probabilities.

Examples
--------
>>> import networkx as nx
>>> from fractions import Fraction
>>> from gametheory_cluster.models.community.networks import NetworkPunishment
>>> print(NetworkPunishment(nx.path_graph(3), 0).detection(2, r=Fraction(1, 2)))
P(knows by period t), exact
node          0       1       2
0        1.0000  1.0000  1.0000
1        0.0000  0.5000  0.7500
2        0.0000  0.0000  0.2500
market   0.0000  0.0000  0.2500
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse
import sympy as sp

from ...algebra import plain
from ...errors import DomainError, ModelError, SolveError

__all__ = ["Detection"]

_STATE_LIMIT = 1 << 16  # the exact chain refuses to grow beyond this many informed sets
_CHUNK = 4096  # Monte Carlo samples drawn per block


# ------------------------------------------------------------------ the chain
@dataclass(frozen=True, eq=False)
class _Chain:
    """The Markov chain of informed sets (bitmasks), sorted by size.

    ``P(states[i] -> states[targets[i][m]]) = numerators[i][m] / denominators[i]``;
    exact chains (``r = a / b``) hold Python ints with denominators powers of ``b``,
    float chains floats with denominator 1.
    """

    states: tuple[int, ...]
    targets: tuple[tuple[int, ...], ...]
    numerators: tuple[tuple[Any, ...], ...]
    denominators: tuple[Any, ...]
    exponents: tuple[int, ...]  # denominators[i] == base ** exponents[i]
    base: Any

    @cached_property
    def matrix(self) -> scipy.sparse.csr_matrix:
        """The transition matrix in floats (upper triangular; built once, not to be changed)."""
        n = len(self.states)
        sizes = [len(ks) for ks in self.targets]
        rows = np.repeat(np.arange(n), sizes)
        flat = itertools.chain.from_iterable
        cols = np.fromiter(flat(self.targets), np.intp, len(rows))
        nums = np.fromiter(map(float, flat(self.numerators)), float, len(rows))
        vals = nums / np.repeat(np.array([float(d) for d in self.denominators]), sizes)
        return scipy.sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))

    @cached_property
    def levels(self) -> list[tuple[int, int, scipy.sparse.csr_matrix]]:
        """``(lo, hi, block)`` per size of the informed set, largest last: ``states[lo:hi]``
        move to themselves or, by ``block = matrix[lo:hi, hi:]``, to bigger sets."""
        sizes = np.array([state.bit_count() for state in self.states])
        cuts = [0, *(np.flatnonzero(np.diff(sizes)) + 1).tolist(), len(self.states)]
        return [(lo, hi, self.matrix[lo:hi, hi:]) for lo, hi in itertools.pairwise(cuts)]

    @cached_property
    def moves(self) -> tuple[tuple[tuple[int, ...], tuple[Any, ...], Any, Any], ...]:
        """Per state: the other states it moves to, their numerators, the numerator of
        staying, and the numerators' sum over the moves."""
        out = []
        for i, (ks, nums) in enumerate(zip(self.targets, self.numerators, strict=True)):
            stay = 0
            if i in ks:
                j = ks.index(i)
                stay, ks, nums = nums[j], ks[:j] + ks[j + 1:], nums[:j] + nums[j + 1:]
            out.append((ks, nums, stay, sum(nums)))
        return tuple(out)


def _build_chain(in_masks: tuple[int, ...], start: int, r: Any) -> _Chain:
    """Every informed set reachable from ``start`` and its transitions (exact or float)."""
    a, b = (r, 1.0) if isinstance(r, float) else (int(r.p), int(r.q))
    degree = max((m.bit_count() for m in in_masks), default=0)
    passes = [b**k - (b - a) ** k for k in range(degree + 1)]
    stays = [(b - a) ** k for k in range(degree + 1)]
    # per informed set: the sets it moves to, their probabilities (parallel lists), the cut
    raw: dict[int, tuple[list[int], list[Any], int]] = {}
    frontier = [start]
    while frontier:
        state = frontier.pop()
        if state in raw:
            continue
        masks: list[int] = [state]
        probs: list[Any] = [1]
        cut = 0
        for j, mask in enumerate(in_masks):
            k = (mask & state).bit_count()
            if not k or state >> j & 1:
                continue
            cut += k
            bit, go, stay = 1 << j, passes[k], stays[k]
            if stay == 0:  # the news surely passes: every set gains j
                masks, probs = [m | bit for m in masks], [x * go for x in probs]
            elif go == 0:  # the news never passes
                probs = [x * stay for x in probs]
            else:
                masks = masks + [m | bit for m in masks]
                probs = [x * stay for x in probs] + [x * go for x in probs]
        raw[state] = (masks, probs, cut)
        frontier.extend(m for m in masks if m not in raw)
        if len(raw) > _STATE_LIMIT:
            raise SolveError(
                f"the exact chain has more than {_STATE_LIMIT} informed sets; "
                "use method='monte_carlo'"
            )
    states = tuple(sorted(raw, key=lambda m: (m.bit_count(), m)))
    index = {s: i for i, s in enumerate(states)}
    targets = tuple(tuple(map(index.__getitem__, raw[s][0])) for s in states)
    numerators = tuple(tuple(raw[s][1]) for s in states)
    exponents = tuple(raw[s][2] for s in states)
    return _Chain(states, targets, numerators, tuple(b**e for e in exponents), exponents, b)


def _discounted_news(
    chain: _Chain, c: Any, e: Any, partner_mask: int, one: Any = 1, divide: Any = operator.truediv
) -> Any:
    """``h(start)`` times ``one``: the expected discounted count of partners learning later.

    The per-step discount is ``z = c / e``. ``divide`` is exact division (numbers
    or sympy), or floor / ceiling division of integers scaled by ``one`` — every
    term is nonnegative and increasing in the others, so rounding all divisions
    down (up) gives a lower (upper) bound.
    """
    # value[k] = h(k) + one * (partners informed in k): a move's gain is a difference of them
    held = [(state & partner_mask).bit_count() * one for state in chain.states]
    value: list[Any] = [0] * len(chain.states)
    h: Any = 0
    for i in range(len(chain.states) - 1, -1, -1):
        ks, nums, stay, out = chain.moves[i]
        acc = sum(map(operator.mul, nums, map(value.__getitem__, ks))) - held[i] * out
        h = divide(c * acc, e * chain.denominators[i] - c * stay)
        value[i] = h + held[i]
    return h


def _discounted_news_float(chain: _Chain, gains: np.ndarray, z: float) -> float:
    """The same quantity in floats, one size of informed set at a time (largest first).

    ``gains[i]`` is the expected number of partners learning in the step from
    ``states[i]``: ``h = z (gains + P_diag h + block h_bigger)``.
    """
    h = np.zeros(len(chain.states))
    stay = chain.matrix.diagonal()
    for lo, hi, block in reversed(chain.levels):
        h[lo:hi] = z * (gains[lo:hi] + block @ h[hi:]) / (1 - z * stay[lo:hi])
    return float(h[0])


# -------------------------------------------------------------- Monte Carlo
def _passage_steps(
    n: int, edges: np.ndarray, sources: list[int], r: float, samples: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Steps at which each node learns, ``(samples, n)`` floats (``inf``: never)."""
    out = np.empty((samples, n))
    if edges.size == 0:
        out.fill(np.inf)
        out[:, sources] = 0.0
        return out
    order = np.argsort(edges[:, 1], kind="stable")
    tails, heads = edges[order, 0], edges[order, 1]
    targets, starts = np.unique(heads, return_index=True)
    for lo in range(0, samples, _CHUNK):
        m = min(_CHUNK, samples - lo)
        if r == 0:
            delay = np.full((m, len(tails)), np.inf)
        else:
            delay = rng.geometric(r, size=(m, len(tails))).astype(float)
        times = np.full((m, n), np.inf)
        times[:, sources] = 0.0
        for _ in range(n):
            best = np.minimum.reduceat(times[:, tails] + delay, starts, axis=1)
            better = np.minimum(times[:, targets], best)
            if np.array_equal(better, times[:, targets]):
                break
            times[:, targets] = better
        out[lo : lo + m] = times
    return out


def _number(value: Any) -> int | float:
    """A probability as a JSON number (exact ones too)."""
    number = float(value)
    return int(number) if number.is_integer() else number


def _wilson(p: np.ndarray, n: int, z: float) -> tuple[np.ndarray, np.ndarray]:
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower = np.where(p == 0, 0.0, np.clip(centre - half, 0, 1))  # exact ends, not rounded ones
    upper = np.where(p == 1, 1.0, np.clip(centre + half, 0, 1))
    return lower, upper


# ------------------------------------------------------------------- results
@dataclass(frozen=True)
class Detection:
    """When news of a default reaches each firm: probabilities by period.

    Attributes
    ----------
    nodes : tuple
        The graph's nodes, in order (rows of ``informed``).
    partners : tuple
        The defaulter's partners.
    informed : numpy.ndarray
        ``informed[i, t]`` is the probability that ``nodes[i]`` has learned of the
        default by period ``t`` (exact sympy numbers or floats).
    market : numpy.ndarray
        The probability that every firm has learned by period ``t``.
    method : str
        ``"exact"`` or ``"monte_carlo"``.
    samples : int or None
        Monte Carlo sample size.
    lower, upper : numpy.ndarray or None
        Wilson confidence bounds for ``informed`` (Monte Carlo only).
    market_lower, market_upper : numpy.ndarray or None
        The same for ``market``.
    confidence : float
        The confidence level of the bounds.
    """

    nodes: tuple[Hashable, ...]
    partners: tuple[Hashable, ...]
    informed: np.ndarray
    market: np.ndarray
    method: str
    samples: int | None = None
    lower: np.ndarray | None = None
    upper: np.ndarray | None = None
    market_lower: np.ndarray | None = None
    market_upper: np.ndarray | None = None
    confidence: float = 0.95

    @property
    def periods(self) -> int:
        """The last period covered."""
        return self.informed.shape[1] - 1

    def _row(self, node: Hashable) -> int:
        try:
            return self.nodes.index(node)
        except ValueError:
            raise ModelError(f"unknown node {node!r}; nodes: {list(self.nodes)}") from None

    def probability(self, node: Hashable, t: int) -> Any:
        """The probability that ``node`` has learned of the default by period ``t``."""
        if not 0 <= t <= self.periods:
            raise DomainError(f"t={t} is outside 0..{self.periods}")
        return self.informed[self._row(node), t]

    def by_period(self, node: Hashable) -> list[Any]:
        """``[P(node knows by period t) for t = 0..periods]``."""
        return list(self.informed[self._row(node)])

    def pmf(self, node: Hashable) -> list[Any]:
        """The distribution of the period in which ``node`` learns: ``P(t) for t = 0..periods``.

        The rest, ``1 - sum(pmf)``, is the probability of learning later or never.
        """
        row = self.by_period(node)
        return [row[0]] + [row[t] - row[t - 1] for t in range(1, len(row))]

    def expected_partners(self) -> list[Any]:
        """The expected number of partners that know by period ``t``."""
        rows = [self._row(p) for p in self.partners]
        return [sum((self.informed[i, t] for i in rows), 0) for t in range(self.periods + 1)]

    def interval(self, node: Hashable) -> tuple[list[float], list[float]]:
        """Confidence bounds by period (the exact values twice for the exact method)."""
        i = self._row(node)
        if self.lower is None or self.upper is None:
            row = [float(v) for v in self.informed[i]]
            return row, row
        return list(self.lower[i]), list(self.upper[i])

    def to_dict(self) -> dict[str, Any]:
        """Plain data: probabilities by node and period (numbers, with their exact text)."""
        data: dict[str, Any] = {
            "method": self.method,
            "samples": self.samples,
            "confidence": self.confidence,
            "partners": [str(p) for p in self.partners],
            "market": list(self.market),
        }
        rows = {str(n): list(self.informed[i]) for i, n in enumerate(self.nodes)}
        if self.lower is not None and self.upper is not None:
            data["lower"] = {str(n): self.lower[i].tolist() for i, n in enumerate(self.nodes)}
            data["upper"] = {str(n): self.upper[i].tolist() for i, n in enumerate(self.nodes)}
        out = plain(data)
        out["informed"] = {k: [_number(v) for v in row] for k, row in rows.items()}
        if self.method == "exact":  # the exact probabilities beside them, as text
            out["informed_exact"] = {k: [sp.sstr(v) for v in row] for k, row in rows.items()}
        return out

    def __str__(self) -> str:
        head = f"P(knows by period t), {self.method}" + (
            f", {self.samples} samples" if self.samples else ""
        )
        lines = [head, "node    " + " ".join(f"{t:>7}" for t in range(self.periods + 1))]
        for i, node in enumerate(self.nodes):
            lines.append(f"{node!s:<7} " + " ".join(f"{float(v):7.4f}" for v in self.informed[i]))
        lines.append("market  " + " ".join(f"{float(v):7.4f}" for v in self.market))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"Detection({len(self.nodes)} nodes, periods 0..{self.periods}, "
                f"method={self.method!r})")


# ------------------------------------------------------------- detection by period
def _exact_detection(
    chain: _Chain, nodes: tuple[Hashable, ...], partners: tuple[Hashable, ...], periods: int,
    lag: int, exact: bool,
) -> Detection:
    """Detection by period from the chain's distribution, step by step (exact or floats)."""
    steps = periods // lag
    n_states = len(chain.states)
    bits = np.array([[s >> j & 1 for j in range(len(nodes))] for s in chain.states])
    full = (1 << len(nodes)) - 1
    by_step = []
    if exact:
        top = max(chain.exponents)
        rows = [[(k, num * chain.base ** (top - e)) for k, num in zip(ks, nums, strict=True)]
                for ks, nums, e in zip(chain.targets, chain.numerators, chain.exponents,
                                       strict=True)]
        dist = [1] + [0] * (n_states - 1)
        for step in range(steps + 1):
            scale = chain.base ** (top * step)
            weights = np.array(dist, dtype=object)
            marg = [sp.Rational(int(v), scale) for v in weights.dot(bits)] if n_states else []
            last = sp.Rational(dist[-1], scale) if chain.states[-1] == full else sp.Integer(0)
            by_step.append((marg, last))
            new = [0] * n_states
            for i, row in enumerate(rows):
                if dist[i]:
                    for k, num in row:
                        new[k] += dist[i] * num
            dist = new
    else:
        matrix = chain.matrix
        dist = np.zeros(n_states)
        dist[0] = 1.0
        for _ in range(steps + 1):
            last = float(dist[-1]) if chain.states[-1] == full else 0.0
            by_step.append((list(dist @ bits), last))
            dist = matrix.T @ dist
    cols = [by_step[t // lag] for t in range(periods + 1)]
    informed = np.array([[c[0][j] for c in cols] for j in range(len(nodes))],
                        dtype=object if exact else float)
    market = np.array([c[1] for c in cols], dtype=object if exact else float)
    return Detection(nodes, partners, informed, market, "exact")


def _sampled_detection(
    nodes: tuple[Hashable, ...], partners: tuple[Hashable, ...], times: np.ndarray, periods: int,
    samples: int, confidence: float,
) -> Detection:
    """Detection by period from Monte Carlo periods of learning, with Wilson bounds."""
    grid = np.arange(periods + 1)
    informed = (times[:, :, None] <= grid).mean(axis=0)
    market = (times.max(axis=1)[:, None] <= grid).mean(axis=0)
    from scipy.stats import norm  # imported when used: scipy.stats takes a second

    z = float(norm.ppf(0.5 + confidence / 2))
    lower, upper = _wilson(informed, samples, z)
    m_lower, m_upper = _wilson(market, samples, z)
    return Detection(nodes, partners, informed, market, "monte_carlo", samples,
                     lower, upper, m_lower, m_upper, confidence)
