r"""Guarantee networks (担保圈) and contagion: firms guaranteeing each other's loans (MODELS.md §4).

Model
-----
Firms :math:`i = 1, \dots, n` each owe the bank a loan :math:`\ell_i > 0` and hold a
buffer :math:`e_i \ge 0` (equity: assets net of the loan). Firm :math:`i` guarantees a
share :math:`W_{ij} \ge 0` of the loss on firm :math:`j`'s loan (:math:`W_{ii} = 0`); the
loan of :math:`j` is covered in total by :math:`g_j = \sum_i W_{ij} \le 1`, the rest is
the bank's own risk. A shock :math:`s_i \ge 0` destroys part of firm :math:`i`'s assets.

When the loan of :math:`j` loses :math:`L_j`, the bank calls its guarantors: firm
:math:`i` owes :math:`c_i = \sum_j W_{ij} L_j`. A firm pays shock and calls out of its
buffer and **fails** when :math:`s_i + c_i > e_i`; the bank applies a failed firm's
assets first to the calls (claims nobody else guarantees) and the shortfall falls on
its own loan, up to the loan's size:

.. math::

    L = f(L), \qquad f(L) = \min\bigl(\ell,\ [\,s + W L - e\,]^{+}\bigr).

:math:`f` is monotone, so the round-by-round cascade :math:`L^0 = 0`,
:math:`L^{t+1} = f(L^t)` (each round the bank calls the guarantors of the loans that
failed in the previous round) increases to the least fixed point :math:`L^*`
(Tarski); that limit is *the cascade*. Failed firms:
:math:`F = \{i : s_i + (W L^*)_i > e_i\}`; the cascade size is :math:`|F|` and the group
*collapses* when :math:`F` is every firm. The bank loses
:math:`\sum_j (1 - g_j) L^*_j + \sum_i [\,c_i - (\ell_i + e_i - s_i)^{+}]^{+}` (its own
share of each loss, and calls a failed firm cannot pay).

With full coverage (:math:`g = 1`) this is the payment equilibrium of Acemoglu,
Ozdaglar and Tahbaz-Salehi (2015, AER 105(2)) in a regular network: a loan plays
their interbank liability :math:`y`, the guarantors' shares their creditors' shares
:math:`y_{ji}/y`, the buffer their :math:`a - v` (liquidation aside), and their
threshold :math:`\epsilon^* = n(a - v)` becomes :math:`n e` here.

Computing :math:`L^*` exactly
-----------------------------
The rounds may need infinitely many steps (losses circling a cycle of mutual
guarantees). The library uses a finite algorithm that only ever moves through
*sub-solutions* :math:`x \le f(x)` below :math:`L^*`, so it can never overshoot:

* a round :math:`L \leftarrow f(L)`;
* with the failed / capped firms fixed, the losses of the failed, uncapped firms
  :math:`U` solve the linear system :math:`(I - W_{UU}) x = s_U - e_U + W_{UC}\ell_C`;
  the segment from :math:`L` towards :math:`x` consists of sub-solutions up to the first
  point where a new firm fails or a loss reaches its loan, and the algorithm jumps
  there (or returns :math:`x` when the segment reaches it: then :math:`x = L^*`);
* a set :math:`K` of failed firms whose loans are fully guaranteed inside :math:`K`
  (:math:`I - W_{KK}` singular) conserves loss: its total grows by
  :math:`\rho = \mathbf 1^\top r_K` per round. When :math:`\rho > 0` some member must hit
  its loan cap, and the path :math:`x_p + \tau\pi` (:math:`\pi` the Perron vector of
  :math:`W_{KK}`) is a path of sub-solutions along which the algorithm jumps to the cap.

The same code runs on exact rationals (``int`` / ``Fraction`` / sympy ``Rational``
inputs: exact sympy answers), on floats (scipy.sparse; vectorised over many shock
scenarios), and on numbers :math:`\theta + \eta` with :math:`\eta` an infinitesimal,
which gives the exact shock sizes at which the cascade changes
(:meth:`GuaranteeNetwork.shock_path`).

Probabilities
-------------
Under independent shocks (each firm hit with probability :math:`p` by a shock of size
:math:`\epsilon`) the cascade size distribution is a sum over shock sets. The library
sums over *orbits* of shock sets under the network's symmetries: structurally
equivalent firms (swapping them is an automorphism) enter only through how many of
them are hit (complete and star groups: :math:`O(n)` cascades), and a rotation
:math:`i \mapsto i + t` gives necklaces (rings: about :math:`2^n / n` cascades). Large
networks use seeded, vectorised Monte Carlo with confidence intervals.

Examples
--------
>>> from gametheory_cluster.models.contagion import GuaranteeNetwork
>>> ring = GuaranteeNetwork.ring(6, buffer=1, loan=10)
>>> ring.cascade(firms=[0], size=4).size          # the loss 3 travels, each firm absorbs 1
3
>>> complete = GuaranteeNetwork.complete(6, buffer=1, loan=10)
>>> complete.cascade(firms=[0], size=4).size      # spread over 5 guarantors: absorbed
1
>>> complete.stability_curve().points             # one firm hit: 0, 1, then all 6 fail
(1, 6)
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from statistics import NormalDist
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sps
import sympy as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import spsolve

from ..errors import DomainError, ModelError, NoSolutionError, SolveError
from ..parameters import coerce_value, validate
from ..plotting import FigureData, attach_data, new_axes, style_context

__all__ = [
    "Absorption",
    "Cascade",
    "CascadeDistribution",
    "GuaranteeNetwork",
    "MonteCarloCascades",
    "PhaseTransition",
    "ShockPath",
    "StepCurve",
    "default_shapes",
    "guarantee_contagion_data",
    "phase_transition",
    "plot_guarantee_contagion",
]

#: Largest network handled in exact arithmetic (dense rational matrices).
EXACT_LIMIT = 500
#: Largest number of cascades an exact probability may sum over.
ENUMERATION_LIMIT = 2**20
_DENSE_LIMIT = 400  # float networks up to this size use dense matrices (faster when small)
_EPS = 1e-12  # float tolerance, relative to the largest loan / buffer / shock


# ----------------------------------------------------------------------------- numbers
def _number(value: Any, name: str, *, positive: bool = False) -> Fraction | float:
    """A non-negative (or positive) real as an exact ``Fraction`` or a ``float``."""
    coerced = coerce_value(value, name)
    if isinstance(coerced, sp.Basic) and coerced.free_symbols:
        raise DomainError(f"{name}={value!r} must be a number, not a symbol")
    number = coerced if isinstance(coerced, float) else Fraction(int(coerced.p), int(coerced.q))
    if number < 0 or (positive and number == 0):
        raise DomainError(f"{name}={value!r} must be {'positive' if positive else 'non-negative'}")
    return number


def _out(x: Any) -> Any:
    """Internal number → public number: ``Fraction`` → sympy ``Rational``, numpy → float."""
    if isinstance(x, Fraction):
        return sp.Rational(x.numerator, x.denominator)
    if isinstance(x, (int, np.integer)):
        return sp.Integer(int(x))
    return float(x)


def _plain(x: Any) -> Any:
    """A JSON-friendly number: exact ones as strings such as ``"11/15"``."""
    if isinstance(x, (float, np.floating)):
        return float(x)
    if isinstance(x, (sp.Rational, Fraction)):
        return str(x)
    return x


_FIELD: Any = None


def _field() -> Any:
    global _FIELD
    if _FIELD is None:
        from sympy.polys.domains import QQ
        from sympy.polys.fields import field as make_field

        _FIELD = (make_field("eta", QQ), QQ)
    return _FIELD


class _Eta:
    r"""An exact number :math:`a(\eta)` (a rational function of an infinitesimal
    :math:`\eta > 0`), ordered by its sign as :math:`\eta \to 0^+`.

    Running the cascade on a shock :math:`\theta + \eta` gives the cascade just above
    :math:`\theta` exactly: the status that holds on an interval :math:`(\theta, \theta')`.
    """

    __slots__ = ("f",)

    def __init__(self, f: Any) -> None:
        self.f = f

    @staticmethod
    def eta() -> _Eta:
        (_, eta), _ = _field()
        return _Eta(eta)

    @staticmethod
    def _lift(x: Any) -> Any:
        if isinstance(x, _Eta):
            return x.f
        (K, _), QQ = _field()
        x = Fraction(x)
        return K(QQ(x.numerator, x.denominator))

    def _op(self, o: Any, fn: Any) -> Any:
        if isinstance(o, np.ndarray):
            return NotImplemented  # let numpy apply the operation elementwise
        return _Eta(fn(self.f, _Eta._lift(o)))

    def __add__(self, o: Any) -> Any:
        return self._op(o, lambda a, b: a + b)

    __radd__ = __add__

    def __sub__(self, o: Any) -> Any:
        return self._op(o, lambda a, b: a - b)

    def __rsub__(self, o: Any) -> Any:
        return self._op(o, lambda a, b: b - a)

    def __mul__(self, o: Any) -> Any:
        return self._op(o, lambda a, b: a * b)

    __rmul__ = __mul__

    def __truediv__(self, o: Any) -> Any:
        return self._op(o, lambda a, b: a / b)

    def __rtruediv__(self, o: Any) -> Any:
        return self._op(o, lambda a, b: b / a)

    def __neg__(self) -> _Eta:
        return _Eta(-self.f)

    def sign(self) -> int:
        num, den = self.f.numer, self.f.denom
        if not num:
            return 0
        low = lambda poly: min(poly.terms(), key=lambda t: t[0])[1]
        return 1 if (low(num) > 0) == (low(den) > 0) else -1

    def _cmp(self, o: Any) -> int:
        return (self - o).sign()

    def __lt__(self, o: Any) -> bool:
        return self._cmp(o) < 0

    def __le__(self, o: Any) -> bool:
        return self._cmp(o) <= 0

    def __gt__(self, o: Any) -> bool:
        return self._cmp(o) > 0

    def __ge__(self, o: Any) -> bool:
        return self._cmp(o) >= 0

    def __eq__(self, o: object) -> bool:
        return self._cmp(o) == 0

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"_Eta({self.f})"


# ----------------------------------------------------------------------------- arrays
class _Arrays:
    """The network as arrays for one kind of arithmetic: exact (dense rationals) or float
    (dense for small networks, ``scipy.sparse`` for large ones)."""

    __slots__ = ("W", "buffer", "exact", "flow", "flow_dense", "full", "loan", "n", "pattern",
                 "rows", "scale")

    def __init__(self, W: Any, pattern: sps.csr_matrix, loan: np.ndarray, buffer: np.ndarray,
                 full: np.ndarray, exact: bool) -> None:
        self.W, self.pattern, self.loan, self.buffer, self.full = W, pattern, loan, buffer, full
        self.flow = pattern.T.tocsr()  # row j: the guarantors of j (where j's loss flows)
        self.flow_dense = self.flow.toarray() if len(loan) <= _DENSE_LIMIT else None
        # exact: each row's nonzero (column, share) pairs, for products that skip the zeros
        ptr, idx = pattern.indptr, pattern.indices
        self.rows = ([[(j, W[i, j]) for j in idx[ptr[i]:ptr[i + 1]]] for i in range(len(loan))]
                     if exact else None)
        self.exact = exact
        self.n = loan.shape[0]
        self.scale = 1.0 if exact else float(max(1.0, np.max(loan), np.max(buffer)))

    def matvec(self, x: np.ndarray) -> np.ndarray:
        """``W @ x`` (in exact arithmetic, skipping the zero shares)."""
        if not self.exact:
            return self.W @ x
        out = np.empty(self.n, dtype=object)
        for i, row in enumerate(self.rows):
            out[i] = sum((w * x[j] for j, w in row), Fraction(0))
        return out

    def zeros(self) -> np.ndarray:
        return np.full(self.n, Fraction(0), dtype=object) if self.exact else np.zeros(self.n)

    def tol(self, s: np.ndarray) -> float:
        if self.exact:
            return 0
        return _EPS * max(self.scale, float(np.max(np.abs(s), initial=0.0)))

    def block(self, rows: np.ndarray, cols: np.ndarray) -> Any:
        return self.W[rows][:, cols]

    def solve(self, M: Any, rhs: np.ndarray) -> np.ndarray:
        """Solve ``M x = rhs`` (``rhs`` 1-D or 2-D); :class:`SolveError` if singular."""
        if self.exact:
            return _gauss(M, rhs)
        if sps.issparse(M):
            if M.shape[0] > 200:
                x = spsolve(M.tocsc(), rhs)
                if not np.all(np.isfinite(x)):
                    raise SolveError("singular system in the cascade (float)")
                return x
            M = M.toarray()
        try:
            return np.linalg.solve(M, rhs)
        except np.linalg.LinAlgError:
            raise SolveError("singular system in the cascade (float)") from None

    def identity_minus(self, A: Any) -> Any:
        k = A.shape[0]
        if sps.issparse(A):
            return sps.identity(k, format="csr") - A
        return np.identity(k, dtype=object if self.exact else float) - A


def _gauss(M: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Exact Gauss–Jordan elimination on object arrays (rationals, or ``_Eta`` right sides)."""
    A = np.array(M, dtype=object)
    b = np.array(rhs, dtype=object)
    k = A.shape[0]
    for col in range(k):
        pivot = next((r for r in range(col, k) if A[r, col] != 0), None)
        if pivot is None:
            raise SolveError("singular system in the cascade (exact)")
        if pivot != col:
            A[[col, pivot]] = A[[pivot, col]]
            b[[col, pivot]] = b[[pivot, col]]
        p = A[col, col]
        A[col] = A[col] / p
        b[col] = b[col] / p
        for r in range(k):
            if r != col and A[r, col] != 0:
                factor = A[r, col]
                A[r] = A[r] - factor * A[col]
                b[r] = b[r] - factor * b[col]
    return b


# ----------------------------------------------------------------------------- the cascade
def _closed_classes(arr: _Arrays, U: np.ndarray) -> list[np.ndarray]:
    """Sets of firms in ``U`` whose loans are fully guaranteed inside the set (sink classes)."""
    Q = U & arr.full
    if not Q.any():
        return []
    dense = arr.flow_dense is not None
    guarantors = arr.flow_dense if dense else arr.flow
    while True:  # drop firms with a guarantor outside the set, until none is left
        outside = (guarantors[:, ~Q].any(axis=1) if dense
                   else guarantors @ (~Q).astype(np.int64) > 0)
        keep = Q & ~outside
        if keep.sum() == Q.sum():
            break
        Q = keep
    idx = np.flatnonzero(Q)
    if not idx.size:
        return []
    if dense:  # reachability by repeated squaring; a sink class reaches only itself
        reach = guarantors[idx][:, idx] | np.identity(idx.size, dtype=bool)
        while True:
            wider = (reach.astype(np.int64) @ reach.astype(np.int64)) > 0
            if np.array_equal(wider, reach):
                break
            reach = wider
        sink = np.all(~reach | reach.T, axis=1)
        classes: dict[bytes, list[int]] = {}
        for i in np.flatnonzero(sink):
            classes.setdefault(reach[i].tobytes(), []).append(i)
        return [idx[np.array(members)] for members in classes.values()]
    sub = arr.flow[idx][:, idx]
    _, labels = connected_components(sub, directed=True, connection="strong")
    coo = sub.tocoo()
    leaks = set(labels[coo.row[labels[coo.row] != labels[coo.col]]].tolist())
    return [idx[labels == c] for c in np.unique(labels) if c not in leaks]


def _closed_jump(arr: _Arrays, K: np.ndarray, L: np.ndarray, base: np.ndarray,
                 rho: Any) -> np.ndarray:
    """Losses of a closed class moved along ``x_p + τ π`` to the first loan cap."""
    rest = np.setdiff1d(np.arange(arr.n), K)
    r = base[K] + arr.block(K, rest) @ L[rest]
    M = arr.identity_minus(arr.block(K, K))
    if sps.issparse(M):
        M = sps.vstack([M.tocsr()[:-1], np.ones((1, len(K)))]).tocsr()
    else:
        M = M.copy()
        M[-1, :] = 1
    unit = arr.zeros()[: len(K)].copy()
    unit[-1] = Fraction(1) if arr.exact else 1.0
    pi = arr.solve(M, unit)
    rhs = r - rho * pi
    rhs[-1] = Fraction(0) if arr.exact else 0.0
    xp = arr.solve(M, rhs)
    tau = min((arr.loan[K] - xp) / pi)
    return xp + tau * pi


def _least_fixed_point(arr: _Arrays, s: np.ndarray,
                       start: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The cascade's losses ``L*`` and failed mask, from a sub-solution ``start`` (default 0).

    Each step keeps a sub-solution below ``L*``: a round ``f(L)``, a jump along the segment
    towards the linear solution of the current status, or a jump of a closed class to its
    first loan cap (see the module notes). Firms exactly at their buffer whose deficit is
    about to rise are counted with the failing ones, so that a cascade moving along a chain
    is followed in one step rather than one firm per round.
    """
    n, loan = arr.n, arr.loan
    tol = arr.tol(s)
    base = s - arr.buffer
    L = arr.zeros() if start is None else start.copy()
    for _ in range(20 * n + 200):
        deficit = base + arr.matvec(L)
        Lf = np.minimum(np.maximum(deficit, 0), loan)
        if _close(Lf, L, tol):
            return Lf, deficit > tol
        cap = deficit >= loan - tol
        work = (deficit >= -tol) & ~cap  # failing (or exactly at the edge), below the cap
        closed = _closed_classes(arr, work)
        in_closed = np.zeros(n, dtype=bool)
        for K in closed:
            in_closed[K] = True
        iU = np.flatnonzero(work & ~in_closed)
        iC, iN = np.flatnonzero(cap), np.flatnonzero(~work & ~cap)
        B = L.copy()
        B[iC] = loan[iC]
        # the segment from B towards the linear solution on U, up to the first status change
        tau: Any = 1
        d = B[iU]
        if iU.size:
            r = base[iU] + arr.block(iU, iC) @ loan[iC]
            d = arr.solve(arr.identity_minus(arr.block(iU, iU)), r) - B[iU]
        deficit_b = base + arr.matvec(B)
        if (deficit_b[iN] >= -tol).any() or (deficit_b[iU] >= loan[iU] - tol).any():
            tau = 0
        elif iU.size:
            up = d > tol
            slope = arr.block(iN, iU) @ d
            rising = slope > tol
            ratios = [*((loan[iU][up] - B[iU][up]) / d[up]),
                      *(-deficit_b[iN][rising] / slope[rising])]
            tau = min([1, *ratios])
        z = B.copy()
        z[iU] = B[iU] + tau * d
        jumps = False
        for K in closed:
            rho = sum(Lf[K] - L[K])
            if rho > tol:
                jumps = True
                z[K] = _closed_jump(arr, K, L, base, rho)
        if tau >= 1 and not jumps and (not closed or _close(z, L, tol)):
            z = np.maximum(z, 0)
            return z, base + arr.matvec(z) > tol
        L = np.maximum(Lf, z)
    raise SolveError(f"the cascade did not settle after {20 * n + 200} steps")


def _close(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    if tol == 0:
        return bool(np.all(a == b))
    return bool(np.max(np.abs(a - b), initial=0.0) <= tol)


def _clear_many(arr: _Arrays, S: np.ndarray, rounds: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """Cascades for the columns of the shock matrix ``S`` (``n × m``), vectorised.

    Rounds of ``L ← f(L)`` run on all scenarios at once (a sparse matrix product); the
    scenarios that have not settled then finish one by one from where they stand.
    """
    if arr.exact:
        results = [_least_fixed_point(arr, S[:, k]) for k in range(S.shape[1])]
        losses = np.array([r[0] for r in results], dtype=object).T.reshape(S.shape)
        failed = np.array([r[1] for r in results], dtype=bool).T.reshape(S.shape)
        return losses, failed
    L = np.zeros(S.shape)
    failed = np.zeros(S.shape, dtype=bool)
    base = S - arr.buffer[:, None]
    tol = arr.tol(S)
    active = np.arange(S.shape[1])
    for _ in range(rounds):
        if not active.size:
            break
        D = base[:, active] + arr.W @ L[:, active]
        Lf = np.clip(D, 0.0, arr.loan[:, None])
        done = np.all(Lf == L[:, active], axis=0)
        L[:, active] = Lf
        failed[:, active[done]] = D[:, done] > tol
        active = active[~done]
    for k in active:
        L[:, k], failed[:, k] = _least_fixed_point(arr, S[:, k], start=L[:, k])
    return L, failed


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Cascade:
    """The outcome of one cascade: who fails, each loan's loss, the calls, the bank's loss.

    Attributes
    ----------
    failed : tuple
        The failed firms, in the network's node order.
    losses, calls, shocks : dict
        Per firm: the loss on its loan :math:`L^*_i`, the calls it received
        :math:`c_i = (W L^*)_i`, the shock it was hit by.
    bank_loss : number
        The bank's loss: its uncovered share of each loan loss plus calls nobody paid.
    n : int
        Number of firms.
    """

    failed: tuple
    losses: Mapping[Any, Any]
    calls: Mapping[Any, Any]
    shocks: Mapping[Any, Any]
    bank_loss: Any
    n: int

    @property
    def size(self) -> int:
        """Number of failed firms."""
        return len(self.failed)

    @property
    def collapse(self) -> bool:
        """Whether every firm failed."""
        return self.size == self.n

    def __repr__(self) -> str:
        return f"Cascade({self.size} of {self.n} firms fail, bank loss {self.bank_loss})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (exact numbers as strings)."""
        return {
            "failed": [str(f) for f in self.failed],
            "size": self.size,
            "n": self.n,
            "collapse": self.collapse,
            "bank_loss": _plain(self.bank_loss),
            "losses": {str(k): _plain(v) for k, v in self.losses.items()},
            "calls": {str(k): _plain(v) for k, v in self.calls.items()},
            "shocks": {str(k): _plain(v) for k, v in self.shocks.items()},
        }


@dataclass(frozen=True)
class CascadeDistribution:
    """The probability distribution of the cascade size.

    Attributes
    ----------
    n : int
        Number of firms.
    pmf : dict
        ``{size: probability}`` for the sizes with positive probability (exact sympy
        numbers when the inputs were exact).
    model : str
        The shock model.
    method : str
        How the sum over shock sets was done (``classes``, ``rotation``, ``enumerate``,
        ``single``).
    evaluations : int
        Number of cascades computed.
    """

    n: int
    pmf: Mapping[int, Any]
    model: str
    method: str
    evaluations: int

    @property
    def mean(self) -> Any:
        """Expected number of failed firms."""
        return sum((k * p for k, p in self.pmf.items()), _zero_like(self.pmf))

    @property
    def collapse(self) -> Any:
        """Probability that every firm fails."""
        return self.pmf.get(self.n, _zero_like(self.pmf))

    def at_least(self, k: int) -> Any:
        """Probability that at least ``k`` firms fail."""
        return sum((p for size, p in self.pmf.items() if size >= k), _zero_like(self.pmf))

    def __repr__(self) -> str:
        return (f"CascadeDistribution(n={self.n}, mean={self.mean}, collapse={self.collapse}, "
                f"{self.model}, method={self.method!r})")

    def latex(self) -> str:
        """The distribution as a LaTeX array: size, probability."""
        rows = r" \\ ".join(f"{k} & {sp.latex(sp.nsimplify(p) if isinstance(p, float) else p)}"
                            for k, p in sorted(self.pmf.items()))
        return r"\begin{array}{rl} |F| & \Pr \\ \hline " + rows + r" \end{array}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (exact numbers as strings)."""
        return {
            "n": self.n,
            "pmf": {str(k): _plain(v) for k, v in sorted(self.pmf.items())},
            "mean": _plain(self.mean),
            "collapse": _plain(self.collapse),
            "model": self.model,
            "method": self.method,
            "evaluations": self.evaluations,
        }


def _zero_like(pmf: Mapping[int, Any]) -> Any:
    first = next(iter(pmf.values()), 0.0)
    return 0.0 if isinstance(first, float) else sp.Integer(0)


@dataclass(frozen=True)
class MonteCarloCascades:
    """Monte Carlo estimates of the cascade size distribution, with confidence intervals.

    Attributes
    ----------
    draws : int
        Number of simulated shock scenarios.
    mean, mean_ci : float, (float, float)
        Mean cascade size and its normal-approximation interval.
    collapse, collapse_ci : float, (float, float)
        Share of draws where every firm failed and its Wilson interval.
    counts : tuple of int
        ``counts[k]``: draws with ``k`` failed firms.
    level : float
        Confidence level of the intervals.
    """

    n: int
    draws: int
    mean: float
    mean_ci: tuple[float, float]
    collapse: float
    collapse_ci: tuple[float, float]
    counts: tuple[int, ...]
    level: float

    def __repr__(self) -> str:
        lo, hi = self.mean_ci
        clo, chi = self.collapse_ci
        return (f"MonteCarloCascades(draws={self.draws}, "
                f"mean={self.mean:.4g} [{lo:.4g}, {hi:.4g}], "
                f"collapse={self.collapse:.4g} [{clo:.4g}, {chi:.4g}], level={self.level})")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return {
            "n": self.n,
            "draws": self.draws,
            "mean": self.mean,
            "mean_ci": list(self.mean_ci),
            "collapse": self.collapse,
            "collapse_ci": list(self.collapse_ci),
            "counts": list(self.counts),
            "level": self.level,
        }


@dataclass(frozen=True)
class Absorption:
    """How many simultaneous failures a group absorbs without contagion.

    Attributes
    ----------
    absorbed : int
        The largest :math:`k` such that, for every :math:`j \\le k` and every set of
        :math:`j` firms hit, no firm outside the set fails.
    breaking : tuple or None
        A smallest set of hit firms whose failure spreads (``None`` if none does).
    size : number
        The shock each hit firm suffers (default: its whole assets, loan plus buffer).
    evaluations : int
        Cascades computed.
    """

    absorbed: int
    breaking: tuple | None
    size: Any
    evaluations: int

    def __repr__(self) -> str:
        return f"Absorption(absorbed={self.absorbed}, breaking={self.breaking})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return {
            "absorbed": self.absorbed,
            "breaking": None if self.breaking is None else [str(f) for f in self.breaking],
            "size": _plain(self.size),
            "evaluations": self.evaluations,
        }


@dataclass(frozen=True)
class StepCurve:
    """A non-decreasing step function of the shock size :math:`\\epsilon \\ge 0`.

    ``values[0]`` holds on :math:`[0, x_1]`, ``values[m]`` on :math:`(x_m, x_{m+1}]` and
    ``values[-1]`` beyond the last point (cascades need a strictly positive deficit, so
    each step is closed on the right).
    """

    points: tuple
    values: tuple

    def __call__(self, eps: Any) -> Any:
        """The value at shock size ``eps``."""
        return self.values[bisect.bisect_left(self.points, eps)]

    def __repr__(self) -> str:
        pairs = zip(self.points, self.values[1:], strict=True)
        steps = ", ".join(f"{v} after {p}" for p, v in pairs)
        return f"StepCurve({self.values[0]} up to the first point; {steps})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return {"points": [_plain(p) for p in self.points],
                "values": [_plain(v) for v in self.values]}


@dataclass(frozen=True)
class ShockPath:
    """The cascade as the shock on one set of firms grows: exact breakpoints.

    ``failed[m]`` is the set of failed firms for shock sizes in
    :math:`(\\theta_m, \\theta_{m+1}]` (``failed[0]``: up to :math:`\\theta_1`).
    """

    hit: tuple
    thresholds: tuple
    failed: tuple

    @property
    def sizes(self) -> StepCurve:
        """Cascade size as a step function of the shock size."""
        return StepCurve(self.thresholds, tuple(len(f) for f in self.failed))

    def __repr__(self) -> str:
        return f"ShockPath(hit={self.hit}, thresholds={self.thresholds}, sizes={self.sizes.values})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return {"hit": [str(h) for h in self.hit],
                "thresholds": [_plain(t) for t in self.thresholds],
                "failed": [[str(f) for f in fs] for fs in self.failed]}


# ----------------------------------------------------------------------------- symmetry
def _necklaces(k: int, m: int) -> Iterator[tuple[tuple[int, ...], int]]:
    """Every necklace of length ``m`` over ``k`` letters with its number of distinct rotations.

    The FKM algorithm (Fredricksen, Kessler, Maiorana; Ruskey's recursive form).
    """
    a = [0] * (m + 1)

    def gen(t: int, p: int) -> Iterator[tuple[tuple[int, ...], int]]:
        if t > m:
            if m % p == 0:
                yield tuple(a[1:]), p
            return
        a[t] = a[t - p]
        yield from gen(t + 1, p)
        for j in range(a[t - p] + 1, k):
            a[t] = j
            yield from gen(t + 1, t)

    yield from gen(1, 1)


def _necklace_count(k: int, m: int) -> int:
    total = sum(_totient(d) * k ** (m // d) for d in range(1, m + 1) if m % d == 0)
    return total // m


def _totient(d: int) -> int:
    return sum(1 for j in range(1, d + 1) if math.gcd(j, d) == 1)


# ----------------------------------------------------------------------------- the network
def _as_values(value: Any, nodes: Sequence, name: str, attr: Mapping, *,
               positive: bool = False) -> list:
    """One number per node: a scalar, a mapping node → value, or the nodes' attribute."""
    if value is None:
        missing = [v for v in nodes if attr.get(v) is None]
        if missing:
            raise ModelError(
                f"no {name} for firm(s) {missing[:5]}: pass {name}= (a number or a mapping "
                f"firm → number) or set the node attribute {name!r}"
            )
        return [_number(attr[v], f"{name}[{v!r}]", positive=positive) for v in nodes]
    if isinstance(value, Mapping):
        unknown = set(value) - set(nodes)
        if unknown:
            raise ModelError(f"{name} given for unknown firm(s) {sorted(map(str, unknown))[:5]}")
        missing = [v for v in nodes if v not in value]
        if missing:
            raise ModelError(f"no {name} for firm(s) {missing[:5]}")
        return [_number(value[v], f"{name}[{v!r}]", positive=positive) for v in nodes]
    if isinstance(value, (list, tuple, np.ndarray)):
        if len(value) != len(nodes):
            raise ModelError(f"{name} has {len(value)} entries for {len(nodes)} firms")
        return [_number(x, f"{name}[{i}]", positive=positive) for i, x in enumerate(value)]
    number = _number(value, name, positive=positive)
    return [number] * len(nodes)


class GuaranteeNetwork:
    """Firms that guarantee each other's bank loans, and how failures spread among them.

    Parameters
    ----------
    graph : networkx.Graph or networkx.DiGraph
        Who guarantees whom and for how much. A directed edge ``u → v`` with attribute
        ``amount`` means firm ``u`` guarantees ``amount`` of firm ``v``'s loan; an
        undirected edge is a mutual guarantee (互保) of ``amount`` each way. The
        guarantees of a loan may not exceed the loan.
    buffer, loan : number, mapping or sequence, optional
        Each firm's buffer (equity) and loan; default: the node attributes ``buffer``
        and ``loan``.
    amount : str
        The edge attribute holding the guaranteed amount.

    Notes
    -----
    Exact inputs (``int``, ``Fraction``, sympy ``Rational``) give exact answers; any
    ``float`` makes the network numeric (sparse, for large networks). The classmethods
    :meth:`ring`, :meth:`complete`, :meth:`star`, :meth:`clustered` and :meth:`random`
    build the standard shapes, each loan covered to the share ``g`` (the coverage).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("A", "B", amount=6)     # A guarantees 6 of B's loan
    >>> G.add_edge("B", "A", amount=6)
    >>> net = GuaranteeNetwork(G, buffer=2, loan=10)
    >>> net.cascade({"B": 5})              # B's loan loses 3 + 0.6·(A's loss)...
    Cascade(1 of 2 firms fail, bank loss 6/5)
    >>> net.cascade({"B": 5}).losses["B"], net.cascade({"B": 5}).calls["A"]
    (3, 9/5)
    """

    def __init__(self, graph: nx.Graph, *, buffer: Any = None, loan: Any = None,
                 amount: str = "amount") -> None:
        if not isinstance(graph, nx.Graph):
            raise ModelError(f"graph must be a networkx graph, not {type(graph).__name__}")
        nodes = list(graph.nodes)
        if len(nodes) < 2:
            raise ModelError("a guarantee network needs at least 2 firms")
        attrs = dict(graph.nodes(data=True))
        loans = _as_values(loan, nodes, "loan", {v: a.get("loan") for v, a in attrs.items()},
                           positive=True)
        buffers = _as_values(buffer, nodes, "buffer",
                             {v: a.get("buffer") for v, a in attrs.items()})
        index = {v: i for i, v in enumerate(nodes)}
        rows, cols, amounts = [], [], []
        for u, v, data in graph.edges(data=True):
            if u == v:
                raise ModelError(f"firm {u!r} cannot guarantee its own loan (self-loop)")
            if amount not in data:
                raise ModelError(f"edge {u!r}–{v!r} has no {amount!r} attribute (the guaranteed "
                                 f"amount); attributes found: {sorted(data) or 'none'}")
            a = _number(data[amount], f"{amount} on edge {u!r}–{v!r}")
            pairs = [(u, v)] if graph.is_directed() else [(u, v), (v, u)]
            for g_, b_ in pairs:
                rows.append(index[g_])
                cols.append(index[b_])
                amounts.append(a)
        shares = [a / loans[c] for a, c in zip(amounts, cols, strict=True)]
        self._setup(nodes, rows, cols, shares, loans, buffers)

    # --------------------------------------------------------------- construction
    @classmethod
    def from_shares(cls, shares: Any, *, buffer: Any, loan: Any,
                    nodes: Sequence | None = None) -> GuaranteeNetwork:
        """From a matrix of shares: ``shares[i][j]`` is the share of ``j``'s loan ``i`` guarantees.

        Examples
        --------
        >>> GuaranteeNetwork.from_shares([[0, 1], [1, 0]], buffer=1, loan=5)
        GuaranteeNetwork(2 firms, 2 guarantees, coverage 1, exact)
        """
        if sps.issparse(shares):
            if shares.shape[0] != shares.shape[1]:
                raise ModelError(f"shares must be a square matrix, not of shape {shares.shape}")
            coo = sps.coo_matrix(shares)
            n = coo.shape[0]
            rows, cols, values = coo.row.tolist(), coo.col.tolist(), coo.data.tolist()
        else:
            matrix = shares if isinstance(shares, np.ndarray) else np.array(shares, dtype=object)
            if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
                raise ModelError(f"shares must be a square matrix, not of shape {matrix.shape}")
            n = matrix.shape[0]
            rows, cols = (x.tolist() for x in np.nonzero(matrix != 0))
            values = [matrix[i, j] for i, j in zip(rows, cols, strict=True)]
        nodes = list(range(n)) if nodes is None else list(nodes)
        if len(nodes) != n:
            raise ModelError(f"{len(nodes)} node labels for a {n}×{n} matrix")
        net = cls.__new__(cls)
        loans = _as_values(loan, nodes, "loan", {}, positive=True)
        buffers = _as_values(buffer, nodes, "buffer", {})
        checked = [_number(x, f"shares[{i}][{j}]")
                   for i, j, x in zip(rows, cols, values, strict=True)]
        if any(i == j for i, j in zip(rows, cols, strict=True)):
            raise ModelError("a firm cannot guarantee its own loan (nonzero diagonal share)")
        net._setup(nodes, rows, cols, checked, loans, buffers)
        return net

    @classmethod
    def ring(cls, n: int, *, buffer: Any, loan: Any = 1, g: Any = 1) -> GuaranteeNetwork:
        """A ring: firm ``i + 1`` guarantees the share ``g`` of firm ``i``'s loan (mod ``n``).

        Examples
        --------
        >>> GuaranteeNetwork.ring(4, buffer=1)
        GuaranteeNetwork(4 firms, 4 guarantees, coverage 1, exact)
        """
        n, g = _count(n, "n", 2), _coverage(g)
        rows = [(i + 1) % n for i in range(n)]
        return cls._shape(n, rows, list(range(n)), [g] * n, buffer, loan)

    @classmethod
    def complete(cls, n: int, *, buffer: Any, loan: Any = 1, g: Any = 1) -> GuaranteeNetwork:
        """A complete group (联保): every other firm guarantees ``g/(n−1)`` of each loan."""
        n, g = _count(n, "n", 2), _coverage(g)
        pairs = [(i, j) for j in range(n) for i in range(n) if i != j]
        return cls._shape(n, [p[0] for p in pairs], [p[1] for p in pairs],
                          [g / (n - 1)] * len(pairs), buffer, loan)

    @classmethod
    def star(cls, n: int, *, buffer: Any, loan: Any = 1, g: Any = 1) -> GuaranteeNetwork:
        """A star: firm 0 (the core firm) guarantees ``g`` of each leaf's loan; the
        ``n − 1`` leaves guarantee ``g/(n−1)`` each of the core firm's loan."""
        n, g = _count(n, "n", 2), _coverage(g)
        leaves = list(range(1, n))
        rows = [0] * (n - 1) + leaves
        cols = leaves + [0] * (n - 1)
        return cls._shape(n, rows, cols, [g] * (n - 1) + [g / (n - 1)] * (n - 1), buffer, loan)

    @classmethod
    def clustered(cls, groups: int, size: int, *, bridge: Any, buffer: Any, loan: Any = 1,
                  g: Any = 1) -> GuaranteeNetwork:
        """Complete groups in a circle, weakly linked (Acemoglu et al.'s δ-connected networks).

        Firm ``c·size + k`` is member ``k`` of group ``c``. Each loan is covered to ``g``:
        the share ``(1 − bridge)·g`` by the other members of its group (equally), the share
        ``bridge·g`` by the members of the next group (equally).
        """
        groups, size = _count(groups, "groups", 2), _count(size, "size", 2)
        g = _coverage(g)
        delta = _number(bridge, "bridge")
        if delta > 1:
            raise DomainError(f"bridge={bridge!r} must be in [0, 1] (a share of the coverage)")
        n = groups * size
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
        return cls._shape(n, rows, cols, shares, buffer, loan)

    @classmethod
    def random(cls, n: int, guarantors: int, *, buffer: Any, loan: Any = 1, g: Any = 1,
               rng: int | np.random.Generator | None = None) -> GuaranteeNetwork:
        """Each firm's loan guaranteed by ``guarantors`` other firms drawn at random, ``g/k`` each.

        Examples
        --------
        >>> net = GuaranteeNetwork.random(10_000, 3, buffer=1.0, g=0.8, rng=1)
        >>> net
        GuaranteeNetwork(10000 firms, 30000 guarantees, coverage 0.8, float)
        """
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
        return cls._shape(n, rows, borrowers.tolist(), [g / k] * (n * k), buffer, loan)

    @classmethod
    def _shape(cls, n: int, rows: list, cols: list, shares: list, buffer: Any,
               loan: Any) -> GuaranteeNetwork:
        net = cls.__new__(cls)
        nodes = list(range(n))
        net._setup(nodes, rows, cols, shares, _as_values(loan, nodes, "loan", {}, positive=True),
                   _as_values(buffer, nodes, "buffer", {}))
        return net

    def _setup(self, nodes: list, rows: list, cols: list, shares: list, loans: list,
               buffers: list) -> None:
        n = len(nodes)
        values = [*shares, *loans, *buffers]
        self.exact = not any(isinstance(x, float) for x in values)
        self.nodes = tuple(nodes)
        self._index = {v: i for i, v in enumerate(nodes)}
        self._rows, self._cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        kind = object if self.exact else float
        self._shares = np.array(shares, dtype=kind) if shares else np.zeros(0, dtype=kind)
        self._loans = np.array(loans, dtype=kind)
        self._buffers = np.array(buffers, dtype=kind)
        coverage = np.zeros(n, dtype=kind) if not self.exact else np.full(n, Fraction(0), object)
        np.add.at(coverage, self._cols, self._shares)
        over = [nodes[j] for j in range(n) if coverage[j] > 1 + (0 if self.exact else 1e-12)]
        if over:
            raise ModelError(f"the guarantees of firm(s) {over[:5]} exceed their loan "
                             f"(coverage {[str(coverage[self._index[v]]) for v in over[:5]]} > 1)")
        self._coverage = coverage
        self.n = n

    # --------------------------------------------------------------- views
    @cached_property
    def _pattern(self) -> sps.csr_matrix:
        data = np.ones(len(self._rows), dtype=bool)
        return sps.csr_matrix((data, (self._rows, self._cols)), shape=(self.n, self.n))

    def _full(self, exact: bool) -> np.ndarray:
        if exact:
            return np.array([c == 1 for c in self._coverage], dtype=bool)
        return np.abs(self._coverage.astype(float) - 1.0) <= 1e-12

    @cached_property
    def _exact_arrays(self) -> _Arrays:
        if self.n > EXACT_LIMIT:
            raise ModelError(f"exact arithmetic is limited to {EXACT_LIMIT} firms (this one has "
                             f"{self.n}); give floats (e.g. buffer=1.0) for a numeric network")
        zero = Fraction(0)
        W = np.full((self.n, self.n), zero, dtype=object)
        for i, j, w in zip(self._rows, self._cols, self._shares, strict=True):
            W[i, j] = W[i, j] + Fraction(w)
        to_frac = np.vectorize(Fraction, otypes=[object])
        return _Arrays(W, self._pattern, to_frac(self._loans), to_frac(self._buffers),
                       self._full(True), exact=True)

    @cached_property
    def _float_arrays(self) -> _Arrays:
        W = sps.csr_matrix((self._shares.astype(float), (self._rows, self._cols)),
                           shape=(self.n, self.n))
        if self.n <= _DENSE_LIMIT:
            W = W.toarray()
        return _Arrays(W, self._pattern, self._loans.astype(float), self._buffers.astype(float),
                       self._full(False), exact=False)

    def _arrays(self, exact: bool) -> _Arrays:
        return self._exact_arrays if exact else self._float_arrays

    @cached_property
    def coverage(self) -> Mapping[Any, Any]:
        """Share of each firm's loan that its guarantors cover, :math:`g_j = \\sum_i W_{ij}`."""
        return self._per_firm(self._coverage)

    @cached_property
    def loans(self) -> Mapping[Any, Any]:
        """Each firm's loan :math:`\\ell_i`."""
        return self._per_firm(self._loans)

    @cached_property
    def buffers(self) -> Mapping[Any, Any]:
        """Each firm's buffer :math:`e_i`."""
        return self._per_firm(self._buffers)

    def _per_firm(self, values: np.ndarray) -> Mapping[Any, Any]:
        return MappingProxyType({v: _out(c) for v, c in zip(self.nodes, values, strict=True)})

    @property
    def links(self) -> int:
        """Number of (guarantor, borrower) pairs."""
        return int(self._pattern.nnz)

    def graph(self) -> nx.DiGraph:
        """The network as a ``networkx.DiGraph``: ``u → v`` with the ``amount`` and ``share``
        of ``v``'s loan that ``u`` guarantees."""
        G = nx.DiGraph()
        for v, l_, e_ in zip(self.nodes, self._loans, self._buffers, strict=True):
            G.add_node(v, loan=_out(l_), buffer=_out(e_))
        for i, j, w in zip(self._rows, self._cols, self._shares, strict=True):
            G.add_edge(self.nodes[i], self.nodes[j], share=_out(w), amount=_out(w * self._loans[j]))
        return G

    def __repr__(self) -> str:
        cov = set(self._coverage.tolist())
        shown = str(_out(next(iter(cov)))) if len(cov) == 1 else "varies"
        return (f"GuaranteeNetwork({self.n} firms, {self.links} guarantees, coverage {shown}, "
                f"{'exact' if self.exact else 'float'})")

    # --------------------------------------------------------------- inputs
    def _shock_vector(self, shocks: Any, firms: Iterable | None,
                      size: Any) -> tuple[np.ndarray, bool]:
        """The shocks as an array (exact rationals or floats) and whether they are exact."""
        if (shocks is None) == (firms is None):
            raise ModelError("give either shocks (a mapping firm → shock) or firms= and size=")
        if firms is not None:
            if size is None:
                raise ModelError("firms= needs size= (the shock each of them suffers)")
            eps = _number(size, "size")
            firms = list(firms)
            self._check_firms(firms)
            given = dict.fromkeys((self._index[f] for f in firms), eps)
        elif isinstance(shocks, Mapping):
            self._check_firms(shocks)
            given = {self._index[v]: _number(x, f"shock[{v!r}]") for v, x in shocks.items()}
        else:
            given = dict(enumerate(_as_values(list(shocks), self.nodes, "shocks", {})))
        exact = self.exact and not any(isinstance(x, float) for x in given.values())
        values = np.full(self.n, Fraction(0), dtype=object) if exact else np.zeros(self.n)
        for i, x in given.items():
            values[i] = x if exact else float(x)
        return values, exact

    def _check_firms(self, firms: Iterable) -> None:
        unknown = [f for f in firms if f not in self._index]
        if unknown:
            raise ModelError(f"unknown firm(s) {unknown[:5]}; firms are {list(self.nodes)[:10]}"
                             f"{' …' if self.n > 10 else ''}")

    # --------------------------------------------------------------- one cascade
    def cascade(self, shocks: Mapping | Sequence | None = None, *, firms: Iterable | None = None,
                size: Any = None) -> Cascade:
        """The cascade after the shocks, computed to its fixed point.

        Parameters
        ----------
        shocks : mapping or sequence, optional
            ``{firm: shock}`` (others 0), or one shock per firm in node order.
        firms, size : optional
            Instead of ``shocks``: hit each of ``firms`` with the shock ``size``.

        Examples
        --------
        >>> net = GuaranteeNetwork.ring(5, buffer=1, loan=2)
        >>> c = net.cascade(firms=[0], size=4)      # loss capped at the loan 2
        >>> c.failed, c.losses[0], c.losses[1], c.bank_loss
        ((0, 1), 2, 1, 0)
        """
        s, exact = self._shock_vector(shocks, firms, size)
        arr = self._arrays(exact)
        L, failed = _clear_many(arr, s[:, None])
        return self._cascade_result(arr, s, L[:, 0], failed[:, 0])

    def _cascade_result(self, arr: _Arrays, s: np.ndarray, L: np.ndarray,
                        failed: np.ndarray) -> Cascade:
        calls = arr.matvec(L)
        coverage = self._coverage if arr.exact else self._coverage.astype(float)
        assets = np.maximum(arr.loan + arr.buffer - s, 0)
        unpaid = np.maximum(calls - assets, 0)
        bank = ((1 - coverage) * L).sum() + unpaid.sum()

        def per_firm(values: np.ndarray) -> dict[Any, Any]:
            numbers = [_out(x) for x in values] if arr.exact else values.tolist()
            return dict(zip(self.nodes, numbers, strict=True))

        return Cascade(
            failed=tuple(self.nodes[i] for i in np.flatnonzero(failed)),
            losses=per_firm(L),
            calls=per_firm(calls),
            shocks=per_firm(s),
            bank_loss=_out(bank),
            n=self.n,
        )

    def _sizes(self, S: np.ndarray, exact: bool) -> np.ndarray:
        """Cascade sizes for the shock scenarios in the columns of ``S``."""
        _, failed = _clear_many(self._arrays(exact), S)
        return failed.sum(axis=0)

    # --------------------------------------------------------------- symmetry
    def _dense(self, exact: bool) -> np.ndarray:
        W = self._arrays(exact).W
        return W.toarray() if sps.issparse(W) else W

    @cached_property
    def _symmetry(self) -> tuple[list[list[int]], int]:
        """The twin classes and the rotation period (``n`` if none)."""
        return self._twin_classes(self.exact), self._rotation(self.exact)

    def _twin_classes(self, exact: bool) -> list[list[int]]:
        """Classes of structurally equivalent firms (swapping two is an automorphism)."""
        if self.n > 2000:
            return [[i] for i in range(self.n)]
        M = self._dense(exact)
        key = list(zip(self._loans.tolist(), self._buffers.tolist(), strict=True))
        classes: list[list[int]] = []
        for i in range(self.n):
            for cls_ in classes:
                j = cls_[0]
                if key[i] == key[j] and _twins(M, i, j):
                    cls_.append(i)
                    break
            else:
                classes.append([i])
        return classes

    def _rotation(self, exact: bool) -> int:
        """Smallest ``t < n`` (dividing ``n``) such that ``i ↦ i + t`` is an automorphism."""
        if self.n > 2000:
            return self.n
        M = self._dense(exact)
        loans, buffers = self._loans, self._buffers
        for t in range(1, self.n):
            if self.n % t:
                continue
            if (np.all(np.roll(loans, t) == loans) and np.all(np.roll(buffers, t) == buffers)
                    and np.all(np.roll(np.roll(M, t, axis=0), t, axis=1) == M)):
                return t
        return self.n

    def _orbits(self, method: str,
                hits: int | None = None) -> tuple[str, list[tuple[np.ndarray, int]]]:
        """Representative shock sets (boolean masks) with the sizes of their orbits."""
        n = self.n
        classes, t = self._symmetry
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

    def _firm_orbits(self) -> list[tuple[int, int]]:
        """Representatives of single firms under twins and rotation, with multiplicities."""
        parent = list(range(self.n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        classes, t = self._symmetry
        for cls_ in classes:
            for i in cls_[1:]:
                parent[find(i)] = find(cls_[0])
        if t < self.n:
            for i in range(self.n):
                parent[find((i + t) % self.n)] = find(i)
        roots: dict[int, int] = {}
        for i in range(self.n):
            roots[find(i)] = roots.get(find(i), 0) + 1
        return sorted(roots.items())

    # --------------------------------------------------------------- probabilities
    def distribution(self, size: Any, prob: Any, *, method: str = "auto") -> CascadeDistribution:
        """Exact cascade size distribution when each firm is hit independently.

        Each firm is hit with probability ``prob`` by a shock ``size``. The sum runs over
        orbits of shock sets under the network's symmetries (see the module notes).

        Parameters
        ----------
        size : number
            The shock a hit firm suffers.
        prob : number in [0, 1]
            The probability that a firm is hit.
        method : {"auto", "classes", "rotation", "enumerate"}
            How to run through the shock sets; ``auto`` takes the one with fewest cascades.

        Examples
        --------
        >>> from fractions import Fraction
        >>> net = GuaranteeNetwork.complete(4, buffer=1, loan=10)
        >>> d = net.distribution(3, Fraction(1, 2))
        >>> d.collapse, d.method, d.evaluations     # collapse iff 2+ of 4 are hit: 11/16
        (11/16, 'classes', 5)
        """
        eps = _number(size, "size")
        p = _probability(prob)
        exact = self.exact and not isinstance(eps, float) and not isinstance(p, float)
        method_used, reps = self._orbits(method)
        masks = np.array([m for m, _ in reps]).T
        sizes = self._sizes(self._scenarios(masks, eps, exact), exact)
        pmf: dict[int, Any] = {}
        for (mask, mult), k in zip(reps, sizes.tolist(), strict=True):
            hit = int(mask.sum())
            weight = mult * p**hit * (1 - p) ** (self.n - hit)
            pmf[k] = pmf.get(k, 0) + weight
        pmf = {k: _out(v) if exact else float(v) for k, v in sorted(pmf.items()) if v != 0}
        return CascadeDistribution(self.n, pmf, f"independent shocks (size={_out(eps)}, "
                                   f"prob={_out(p)})", method_used, len(reps))

    def _scenarios(self, masks: np.ndarray, eps: Any, exact: bool) -> np.ndarray:
        if exact:
            zero, e = Fraction(0), Fraction(eps)
            return np.where(masks, e, zero).astype(object)
        return masks * float(eps)

    def single_shock(self, size: Any) -> CascadeDistribution:
        """Cascade size distribution when one firm, chosen uniformly at random, is hit.

        This is the shock model of Acemoglu, Ozdaglar and Tahbaz-Salehi (2015): its mean is
        their (in)stability measure, the expected number of defaults.

        Examples
        --------
        >>> GuaranteeNetwork.ring(5, buffer=1, loan=10).single_shock(3).pmf
        {2: 1}
        """
        eps = _number(size, "size")
        exact = self.exact and not isinstance(eps, float)
        orbits = self._firm_orbits()
        masks = np.zeros((self.n, len(orbits)), dtype=bool)
        for col, (i, _) in enumerate(orbits):
            masks[i, col] = True
        sizes = self._sizes(self._scenarios(masks, eps, exact), exact)
        pmf: dict[int, Any] = {}
        for (_, mult), k in zip(orbits, sizes.tolist(), strict=True):
            pmf[k] = pmf.get(k, 0) + (Fraction(mult, self.n) if exact else mult / self.n)
        pmf = {k: _out(v) if exact else float(v) for k, v in sorted(pmf.items())}
        return CascadeDistribution(self.n, pmf, f"one firm hit at random (size={_out(eps)})",
                                   "single", len(orbits))

    def absorption(self, size: Any = None, *, method: str = "auto") -> Absorption:
        """The number of simultaneous failures the group absorbs without contagion.

        Parameters
        ----------
        size : number, optional
            The shock each hit firm suffers; default its whole assets (loan plus buffer),
            so it fails and its loan is lost entirely.

        Examples
        --------
        >>> GuaranteeNetwork.complete(6, buffer=1, loan=2).absorption()   # k·2/5 ≤ 1
        Absorption(absorbed=2, breaking=(0, 1, 2))
        """
        exact = self.exact and not isinstance(size, float)
        if size is None:
            values = self._loans + self._buffers
        else:
            values = np.array([_number(size, "size")] * self.n, dtype=object)
        evaluations = 0
        for k in range(1, self.n):
            _, reps = self._orbits(method, hits=k)
            masks = np.array([m for m, _ in reps]).T
            if exact:
                S = np.where(masks, values[:, None].astype(object), Fraction(0)).astype(object)
            else:
                S = masks * values.astype(float)[:, None]
            _, failed = _clear_many(self._arrays(exact), S)
            evaluations += len(reps)
            spread = np.flatnonzero((failed & ~masks).any(axis=0))
            if spread.size:
                mask = masks[:, spread[0]]
                hit = tuple(v for v, m in zip(self.nodes, mask, strict=True) if m)
                return Absorption(k - 1, hit,
                                  _out(size) if size is not None else "loan + buffer", evaluations)
        return Absorption(self.n - 1, None, _out(size) if size is not None else "loan + buffer",
                          evaluations)

    # --------------------------------------------------------------- exact shock paths
    def shock_path(self, firms: Iterable) -> ShockPath:
        """Exact shock sizes at which the cascade changes when ``firms`` are hit by the same shock.

        The cascade is followed as the shock :math:`\\epsilon` grows: on each interval the
        failed and capped firms are fixed and the losses are affine in :math:`\\epsilon`; the
        interval ends where a new firm fails or a loss reaches its loan. The status just
        after a breakpoint :math:`\\theta` is found by running the cascade on
        :math:`\\theta + \\eta` with :math:`\\eta` infinitesimal.

        Examples
        --------
        >>> GuaranteeNetwork.ring(4, buffer=1, loan=10).shock_path([0]).thresholds
        (1, 2, 3, 4)
        """
        firms = list(firms)
        self._check_firms(firms)
        arr = self._exact_arrays if self.exact else self._exact_from_float()
        v = np.full(self.n, Fraction(0), dtype=object)
        for f in firms:
            v[self._index[f]] = Fraction(1)
        theta = Fraction(0)
        thresholds: list = []
        failed_sets: list = [()]
        at_theta = arr.zeros()
        for _ in range(4 * self.n + 4):
            # L*(θ) (rationals, from the previous breakpoint's) is a sub-solution at θ + η
            at_theta, _ = _least_fixed_point(arr, v * theta, start=at_theta)
            s = np.array([x * (theta + _Eta.eta()) if x else Fraction(0) for x in v], dtype=object)
            L, fail = _least_fixed_point(arr, s, start=at_theta)
            cap = (s - arr.buffer + arr.matvec(L)) >= arr.loan
            names = tuple(node for node, f in zip(self.nodes, fail, strict=True) if f)
            if names != failed_sets[-1]:
                thresholds.append(theta)
                failed_sets.append(names)
            theta = _validity_end(arr, v, fail, cap)
            if theta is None:
                out = _out if self.exact else float
                points = tuple(out(t) for t in thresholds)
                return ShockPath(tuple(firms), points, tuple(failed_sets))
        raise SolveError("the shock path did not end")  # pragma: no cover - bounded by statuses

    def as_float(self) -> GuaranteeNetwork:
        """The same network in float arithmetic (fast numeric sweeps; ``self`` if already float)."""
        return self._float_twin

    @cached_property
    def _float_twin(self) -> GuaranteeNetwork:
        if not self.exact:
            return self
        twin = GuaranteeNetwork.__new__(GuaranteeNetwork)
        twin._setup(list(self.nodes), self._rows.tolist(), self._cols.tolist(),
                    [float(x) for x in self._shares], [float(x) for x in self._loans],
                    [float(x) for x in self._buffers])
        return twin

    def _exact_from_float(self) -> _Arrays:
        W = np.full((self.n, self.n), Fraction(0), dtype=object)
        for i, j, w in zip(self._rows, self._cols, self._shares, strict=True):
            W[i, j] = W[i, j] + Fraction(float(w))
        to_frac = np.vectorize(lambda x: Fraction(float(x)), otypes=[object])
        return _Arrays(W, self._pattern, to_frac(self._loans), to_frac(self._buffers),
                       self._full(False), exact=True)

    @cached_property
    def _single_paths(self) -> list[tuple[StepCurve, Fraction]]:
        """Cascade size against shock size for one firm of each orbit, with its weight."""
        return [(self.shock_path([self.nodes[i]]).sizes, Fraction(mult, self.n))
                for i, mult in self._firm_orbits()]

    def stability_curve(self) -> StepCurve:
        """Expected number of failed firms when one firm at random is hit, as a function of the
        shock size (exact step function: Acemoglu et al.'s stability measure).

        Examples
        --------
        >>> curve = GuaranteeNetwork.ring(4, buffer=1, loan=10).stability_curve()
        >>> curve.points, curve.values
        ((1, 2, 3, 4), (0, 1, 2, 3, 4))
        """
        return _mix_steps(self._single_paths, exact=self.exact)

    def collapse_curve(self) -> StepCurve:
        """Probability that all firms fail when one firm at random is hit, against shock size.

        Examples
        --------
        >>> GuaranteeNetwork.complete(5, buffer=1, loan=10).collapse_curve()
        StepCurve(0 up to the first point; 0 after 1, 1 after 5)
        """
        indicator = [(StepCurve(c.points, tuple(int(v == self.n) for v in c.values)), w)
                     for c, w in self._single_paths]
        return _mix_steps(indicator, exact=self.exact)

    # --------------------------------------------------------------- Monte Carlo
    def monte_carlo(self, size: Any, prob: Any, draws: int = 10_000, *,
                    rng: int | np.random.Generator | None = None, chunk: int | None = None,
                    executor: Any = None, level: float = 0.95) -> MonteCarloCascades:
        """Monte Carlo cascade sizes under independent shocks, with confidence intervals.

        Draws are split into chunks of ``chunk`` scenarios; chunk ``k`` uses the ``k``-th child
        of the seed sequence (``SeedSequence.spawn``), so results do not depend on the
        ``executor`` (any object with a ``map`` method, e.g. a
        ``concurrent.futures.ProcessPoolExecutor``) or on how chunks are scheduled.

        Examples
        --------
        >>> net = GuaranteeNetwork.complete(4, buffer=1.0, loan=10.0)
        >>> mc = net.monte_carlo(3.0, 0.5, draws=2000, rng=7)
        >>> mc.collapse_ci[0] < 11 / 16 < mc.collapse_ci[1]
        True
        """
        eps = float(_number(size, "size"))
        p = float(_probability(prob))
        draws = _count(draws, "draws", 1)
        if not 0 < level < 1:
            raise DomainError(f"level={level!r} must be in (0, 1)")
        if chunk is None:
            chunk = max(1, min(1000, 2_000_000 // self.n))
        chunk = _count(chunk, "chunk", 1)
        sizes_ = [chunk] * (draws // chunk) + ([draws % chunk] if draws % chunk else [])
        seeds = np.random.default_rng(rng).bit_generator.seed_seq.spawn(len(sizes_))
        arr = self._float_arrays
        jobs = ([arr] * len(sizes_), [eps] * len(sizes_), [p] * len(sizes_), sizes_, seeds)
        mapper = map if executor is None else executor.map
        sizes = np.concatenate(list(mapper(_mc_chunk, *jobs)))
        return _mc_summary(self.n, sizes, level)


def _mc_chunk(arr: _Arrays, eps: float, prob: float, m: int,
              seed: np.random.SeedSequence) -> np.ndarray:
    """Cascade sizes of ``m`` independent-shock scenarios drawn from ``seed``."""
    gen = np.random.default_rng(seed)
    S = (gen.random((arr.n, m)) < prob) * eps
    _, failed = _clear_many(arr, S)
    return failed.sum(axis=0)


def _mc_summary(n: int, sizes: np.ndarray, level: float) -> MonteCarloCascades:
    draws = sizes.size
    z = NormalDist().inv_cdf(0.5 + level / 2)
    mean = float(sizes.mean())
    half = z * float(sizes.std(ddof=1)) / math.sqrt(draws) if draws > 1 else math.inf
    k = int((sizes == n).sum())
    phat = k / draws
    centre = (phat + z * z / (2 * draws)) / (1 + z * z / draws)
    spread = z * math.sqrt(phat * (1 - phat) / draws + z * z / (4 * draws**2)) / (1 + z * z / draws)
    counts = np.bincount(sizes, minlength=n + 1)
    low = 0.0 if k == 0 else max(0.0, centre - spread)
    high = 1.0 if k == draws else min(1.0, centre + spread)
    return MonteCarloCascades(n, draws, mean, (mean - half, mean + half), phat, (low, high),
                              tuple(int(c) for c in counts), level)


def _validity_end(arr: _Arrays, v: np.ndarray, fail: np.ndarray,
                  cap: np.ndarray) -> Fraction | None:
    """The largest shock size up to which the status (failed, capped) stays the cascade's.

    With the status fixed, the losses are affine in the shock size ε (shocks ``ε·v``):
    ``L = L0 + ε L1``; the status holds while every firm's deficit stays on its side.
    """
    U, C = np.flatnonzero(fail & ~cap), np.flatnonzero(cap)
    L0, L1 = (np.full(arr.n, Fraction(0), dtype=object) for _ in range(2))
    L0[C] = arr.loan[C]
    if U.size:
        rhs = np.empty((U.size, 2), dtype=object)
        rhs[:, 0] = -arr.buffer[U] + arr.block(U, C) @ arr.loan[C]
        rhs[:, 1] = v[U]
        X = _gauss(arr.identity_minus(arr.block(U, U)), rhs)
        L0[U], L1[U] = X[:, 0], X[:, 1]
    D0 = -arr.buffer + arr.matvec(L0)
    D1 = v + arr.matvec(L1)
    ends = []
    for i in range(arr.n):
        a, b = D0[i], D1[i]
        if not fail[i] and b > 0:
            ends.append(-a / b)
        elif fail[i] and not cap[i]:
            if b > 0:
                ends.append((arr.loan[i] - a) / b)
            elif b < 0:
                ends.append(-a / b)
        elif cap[i] and b < 0:
            ends.append((arr.loan[i] - a) / b)
    return min(ends) if ends else None


def _mix_steps(curves: Sequence[tuple[StepCurve, Fraction]], exact: bool) -> StepCurve:
    """The weighted sum of step functions (points merged)."""
    points = sorted({p for c, _ in curves for p in c.points})
    grid = [*points, None]
    values = []
    for right in grid:
        total = Fraction(0)
        for c, w in curves:
            v = c.values[bisect.bisect_left(c.points, right)] if right is not None else c.values[-1]
            total += w * Fraction(v)
        values.append(_out(total) if exact else float(total))
    return StepCurve(tuple(points), tuple(values))


def _twins(M: np.ndarray, i: int, j: int) -> bool:
    others = np.ones(M.shape[0], dtype=bool)
    others[[i, j]] = False
    return bool(np.all(M[i, others] == M[j, others]) and np.all(M[others, i] == M[others, j])
                and M[i, j] == M[j, i])


def _count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise DomainError(f"{name}={value!r} must be a whole number >= {minimum}")
    if value < minimum:
        raise DomainError(f"{name}={value!r} must be >= {minimum}")
    return int(value)


def _probability(prob: Any) -> Fraction | float:
    """A probability in [0, 1], exact or float."""
    p = _number(prob, "prob")
    if p > 1:
        raise DomainError(f"prob={prob!r} must be a probability in [0, 1]")
    return p


def _coverage(g: Any) -> Any:
    """The coverage share ``g`` (the parameter table's guarantee coverage, in [0, 1])."""
    value = validate({"g": g})["g"]
    return value if isinstance(value, float) else Fraction(int(value.p), int(value.q))


# ----------------------------------------------------------------------------- phase transition
@dataclass(frozen=True)
class PhaseTransition:
    """Where the densest network turns from the most stable to the most fragile.

    Attributes
    ----------
    dense : str
        The network followed.
    threshold : number
        The shock size beyond which ``dense`` is (weakly) the most fragile, having been
        (weakly) the most stable below.
    rankings : tuple
        ``(lower, upper, ((name, value), ...))`` for each interval of shock sizes on which
        the curves are constant, networks sorted from most to least stable.
    measure : str
        ``"failures"`` (expected failures, one firm hit) or ``"collapse"``.
    """

    dense: str
    threshold: Any
    rankings: tuple
    measure: str

    def __repr__(self) -> str:
        return (f"PhaseTransition({self.dense!r} flips at shock {self.threshold}, "
                f"measure={self.measure!r})")

    def latex(self) -> str:
        """The threshold as a LaTeX equation."""
        return rf"\epsilon^* = {sp.latex(self.threshold)}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return {
            "dense": self.dense,
            "threshold": _plain(self.threshold),
            "measure": self.measure,
            "rankings": [
                {"lower": _plain(lo), "upper": _plain(hi),
                 "ranking": [[name, _plain(v)] for name, v in ranking]}
                for lo, hi, ranking in self.rankings
            ],
        }


def phase_transition(networks: Mapping[str, GuaranteeNetwork], dense: str | None = None, *,
                     measure: str = "failures") -> PhaseTransition:
    """The shock size at which the densest network flips from most stable to most fragile.

    Every network's exact step curve (expected failures, or collapse probability, when one
    firm at random is hit) is computed; on each interval between breakpoints the networks
    are ranked, and the flip is the first interval where ``dense`` is the most fragile
    (its value at least every other's, above some) after one where it was the most stable.

    Parameters
    ----------
    networks : mapping name → GuaranteeNetwork
    dense : str, optional
        The network to follow; default the one with most guarantee links.
    measure : {"failures", "collapse"}

    Examples
    --------
    >>> nets = default_shapes(6)
    >>> phase_transition(nets).threshold       # n·e: the system's total buffer
    6
    """
    if len(networks) < 2:
        raise ModelError("phase_transition compares at least two networks")
    if measure not in ("failures", "collapse"):
        raise ModelError(f"unknown measure {measure!r}; valid measures: failures, collapse")
    dense = max(networks, key=lambda k: networks[k].links) if dense is None else dense
    if dense not in networks:
        raise ModelError(f"unknown network {dense!r}; valid names: {', '.join(networks)}")
    curves = {k: (net.stability_curve() if measure == "failures" else net.collapse_curve())
              for k, net in networks.items()}
    points = sorted({p for c in curves.values() for p in c.points})
    bounds = [0, *points]
    rankings = []
    was_stable = False
    threshold = None
    for lower, upper in zip(bounds, [*points, None], strict=True):
        at = upper if upper is not None else lower + 1
        values = {k: c(at) for k, c in curves.items()}
        ranking = tuple(sorted(values.items(), key=lambda kv: kv[1]))
        rankings.append((lower, upper, ranking))
        mine, others = values[dense], [v for k, v in values.items() if k != dense]
        if mine <= min(others) and mine < max(others):
            was_stable = True
        elif was_stable and threshold is None and mine >= max(others) and mine > min(others):
            threshold = lower
    if threshold is None:
        raise NoSolutionError(f"{dense!r} never turns from most stable to most fragile among "
                              f"{', '.join(networks)} (measure {measure!r})")
    return PhaseTransition(dense, threshold, tuple(rankings), measure)


# ----------------------------------------------------------------------------- figures
def default_shapes(n: int = 12, *, buffer: Any = 1, loan: Any = None, g: Any = 1,
                   groups: int | None = None, bridge: Any = None) -> dict[str, GuaranteeNetwork]:
    """Ring, complete, star and clustered (δ-connected) groups of ``n`` firms, same balance sheets.

    Defaults follow the regime of Acemoglu et al.'s propositions: full coverage, loans large
    enough that a loss can travel round the whole ring (``loan = n·buffer``), and groups
    (three, or two when ``n`` is not a multiple of three) joined by a weak bridge
    (``bridge = 1/(2n)``).

    Examples
    --------
    >>> sorted(default_shapes(6))
    ['clustered', 'complete', 'ring', 'star']
    """
    n = _count(n, "n", 4)
    loan = n * buffer if loan is None else loan
    groups = groups if groups is not None else (3 if n % 3 == 0 and n >= 6 else 2)
    if n % groups:
        raise DomainError(f"n={n} is not a multiple of groups={groups}")
    bridge = Fraction(1, 2 * n) if bridge is None else bridge
    if isinstance(buffer, float) or isinstance(loan, float) or isinstance(g, float):
        bridge = float(bridge)
    return {
        "ring": GuaranteeNetwork.ring(n, buffer=buffer, loan=loan, g=g),
        "complete": GuaranteeNetwork.complete(n, buffer=buffer, loan=loan, g=g),
        "star": GuaranteeNetwork.star(n, buffer=buffer, loan=loan, g=g),
        "clustered": GuaranteeNetwork.clustered(groups, n // groups, bridge=bridge, buffer=buffer,
                                                loan=loan, g=g),
    }


def guarantee_contagion_data(networks: Mapping[str, GuaranteeNetwork] | None = None,
                             shocks: Sequence | None = None, *, measure: str = "failures",
                             prob: Any = Fraction(1, 10)) -> FigureData:
    """The numbers behind :func:`plot_guarantee_contagion`: one column per network.

    Parameters
    ----------
    networks : mapping name → GuaranteeNetwork, optional
        Default :func:`default_shapes` (12 firms).
    shocks : sequence of numbers, optional
        Shock sizes; default 0 to 1.5·(total buffer) in 96 steps.
    measure : {"failures", "collapse"}
        ``failures``: expected number of failed firms when one firm at random is hit
        (exact step curves, Acemoglu et al.'s stability measure); ``collapse``: probability
        that every firm fails when each is hit independently with probability ``prob``.
    prob : number
        Hit probability for ``collapse``.

    Examples
    --------
    >>> data = guarantee_contagion_data(default_shapes(6), shocks=[2, 7])
    >>> data.columns["complete"], data.columns["ring"]
    ([1.0, 6.0], [1.0, 6.0])
    """
    networks = default_shapes() if networks is None else dict(networks)
    if measure not in ("failures", "collapse"):
        raise ModelError(f"unknown measure {measure!r}; valid measures: failures, collapse")
    if shocks is None:
        total = max(float(sum(net._buffers.astype(float))) for net in networks.values())
        shocks = list(np.linspace(0, 1.5 * total, 97)[1:])
    shocks = [float(_number(x, "shock")) for x in shocks]
    columns: dict[str, list] = {"shock": shocks}
    notes: dict[str, Any] = {"measure": measure}
    if measure == "failures":
        for name, net in networks.items():
            curve = net.stability_curve()
            columns[name] = [float(curve(Fraction(x))) for x in shocks]
        try:
            flip = phase_transition(networks)
            notes.update(flip_network=flip.dense, flip_shock=float(flip.threshold))
        except NoSolutionError:
            notes.update(flip_network="none")
        title = "Expected failures when one firm is hit"
    else:
        p = float(_probability(prob))
        notes["prob"] = p
        for name, net in networks.items():
            columns[name] = [float(net.as_float().distribution(x, p).collapse) for x in shocks]
        title = f"Probability of total collapse, each firm hit with probability {p:g}"
    return FigureData(columns, title=title, notes=notes)


def plot_guarantee_contagion(networks: Mapping[str, GuaranteeNetwork] | None = None,
                             shocks: Sequence | None = None, *, measure: str = "failures",
                             prob: Any = Fraction(1, 10), ax: Any = None,
                             style: str = "paper") -> Any:
    """Contagion in guarantee networks against shock size, by network shape.

    Draws the columns of :func:`guarantee_contagion_data` (expected failures when one firm
    is hit, or the probability of total collapse under independent shocks), one line per
    shape, and marks the shock at which the densest network flips from most stable to most
    fragile.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_guarantee_contagion(default_shapes(6), shocks=[2, 7])
    >>> figure_data(fig).notes["flip_shock"]
    6.0
    """
    data = guarantee_contagion_data(networks, shocks, measure=measure, prob=prob)
    with style_context(style):
        fig, ax = new_axes(ax)
        x = data.columns["shock"]
        names = [name for name in data.columns if name != "shock"]
        for name, dashes in zip(names, itertools.cycle(["-", "--", "-.", ":"]), strict=False):
            # value at a grid point holds back to the previous one (failure needs a strict excess)
            ax.step(x, data.columns[name], where="pre", linestyle=dashes, label=name)
        if "flip_shock" in data.notes:
            ax.axvline(data.notes["flip_shock"], color="0.5", linestyle=":", linewidth=1)
            ax.annotate(r"$\epsilon^*$", (data.notes["flip_shock"], 0.02),
                        xycoords=("data", "axes fraction"), ha="right")
        ax.set_xlabel(r"shock size $\epsilon$")
        ax.set_ylabel("expected failed firms" if measure == "failures" else "P(all firms fail)")
        ax.set_title(data.title)
        ax.legend(title="network")
    return attach_data(fig, data)

