r"""The guarantee network as arrays, in exact, infinitesimal or float arithmetic.

The cascade needs the shares :math:`W` (``W[i, j]``: the share of ``j``'s loan that ``i``
guarantees), the loans :math:`\ell`, the buffers :math:`e` and which loans are fully
guaranteed (:math:`g_j = 1`). :class:`_Arrays` holds them for one kind of arithmetic:
exact rationals (dense ``Fraction`` matrices, products that skip the zero shares) or
floats (dense up to ``_DENSE_LIMIT`` firms, ``scipy.sparse`` beyond), with the linear
solves :math:`(I - W_{UU}) x = r` the cascade makes. :class:`_Eta` is an exact number
:math:`a(\eta)` in an infinitesimal :math:`\eta > 0`: a shock :math:`\theta + \eta` gives
the cascade just above :math:`\theta` exactly (the breakpoints of
``GuaranteeNetwork.shock_path``). See docs/explanation/contagion.md.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import scipy.sparse as sps
from scipy.sparse.linalg import spsolve
from sympy import QQ
from sympy.polys.matrices import DomainMatrix
from sympy.polys.matrices.exceptions import DMNonInvertibleMatrixError

from ....algebra import gauss_jordan
from ....errors import SolveError

_DENSE_LIMIT = 400  # float networks up to this size use dense matrices (faster when small)
_EPS = 1e-12  # float tolerance, relative to the largest loan / buffer / shock

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
        (K, _), _ = _field()
        x = Fraction(x)  # in lowest terms, denominator positive: the field's own form, no cancel
        return K.raw_new(K.ring.ground_new(x.numerator), K.ring.ground_new(x.denominator))

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
        return _sign(self.f.numer, self.f.denom)

    def _cmp(self, o: Any) -> int:
        """The sign of ``self - o``, from polynomials: no fraction is formed or cancelled."""
        num, den = self.f.numer, self.f.denom
        if type(o) is _Eta:
            return _sign(num * o.f.denom - o.f.numer * den, den * o.f.denom)
        if type(o) is int or type(o) is Fraction:
            return _sign(num * o.denominator - den * o.numerator, den) if o else _sign(num, den)
        return (self - o).sign()

    @staticmethod
    def combine(terms: list[tuple[Fraction, _Eta]], const: Any) -> _Eta:
        """``sum(c * e for c, e in terms) + const`` (``const`` rational), with ``terms``
        not empty: one reduction when the ``e`` share a denominator (they usually do)."""
        (K, _), QQ = _field()
        den = terms[0][1].f.denom
        if any(e.f.denom != den for _, e in terms):
            total: Any = const
            for c, e in terms:
                total = total + c * e
            return total if isinstance(total, _Eta) else _Eta(K(total))
        numer = den * QQ(const.numerator, const.denominator) if const else K.ring.zero
        for c, e in terms:
            if c:
                numer = numer + e.f.numer * QQ(c.numerator, c.denominator)
        return _Eta(K.new(numer, den))

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


def _sign(num: Any, den: Any) -> int:
    """The sign of ``num / den`` (polynomials in η) as η → 0+."""
    if not num:
        return 0

    def low(poly: Any) -> Any:  # the coefficient of the lowest power of eta
        return min(poly.terms(), key=lambda t: t[0])[1]

    return 1 if (low(num) > 0) == (low(den) > 0) else -1


# ----------------------------------------------------------------------------- arrays
class _Arrays:
    """The network as arrays for one kind of arithmetic: exact (dense rationals) or float
    (dense for small networks, ``scipy.sparse`` for large ones)."""

    __slots__ = ("W", "buffer", "closed", "exact", "flow", "flow_dense", "full", "int_rows",
                 "loan", "n", "pattern", "rows", "scale", "unit_minus_W")

    def __init__(self, W: Any, pattern: sps.csr_matrix, loan: np.ndarray, buffer: np.ndarray,
                 full: np.ndarray, exact: bool) -> None:
        self.W, self.pattern, self.loan, self.buffer, self.full = W, pattern, loan, buffer, full
        self.flow = pattern.T.tocsr()  # row j: the guarantors of j (where j's loss flows)
        self.flow_dense = self.flow.toarray() if len(loan) <= _DENSE_LIMIT else None
        # exact: each row's nonzero (column, share) pairs, for products that skip the zeros
        ptr, idx = pattern.indptr, pattern.indices
        self.rows = ([[(j, W[i, j]) for j in idx[ptr[i]:ptr[i + 1]]] for i in range(len(loan))]
                     if exact else None)
        # exact: each row over one common denominator, ``(denominator, [(column, numerator)])``
        self.int_rows = [_over_common_denominator(row) for row in self.rows] if exact else None
        self.exact = exact
        self.n = loan.shape[0]
        self.closed: dict[bytes, list[np.ndarray]] = {}  # closed classes by set (fixed_point)
        self.scale = 1.0 if exact else float(max(1.0, np.max(loan), np.max(buffer)))
        n = self.n  # I - W, formed once: the linear solves take blocks of it
        self.unit_minus_W = (sps.identity(n, format="csr") - W if sps.issparse(W)
                             else np.identity(n, dtype=object if exact else float) - W)

    def matvec(self, x: np.ndarray) -> np.ndarray:
        """``W @ x`` (in exact arithmetic, skipping the zero shares)."""
        if not self.exact:
            return self.W @ x
        out = np.empty(self.n, dtype=object)
        if all(type(v) is Fraction or type(v) is int for v in x):
            # rationals: integer sums over common denominators, one reduction per entry
            # (the same Fractions as the sums below, which also take _Eta numbers)
            scale = math.lcm(*(v.denominator for v in x))
            xs = [v.numerator * (scale // v.denominator) for v in x]
            for i, (den, row) in enumerate(self.int_rows):
                out[i] = Fraction(sum(c * xs[j] for j, c in row), den * scale)
            return out
        if all(type(v) is Fraction or type(v) is int or type(v) is _Eta for v in x):
            for i, row in enumerate(self.rows):  # rational part and η part apart
                const = sum((w * x[j] for j, w in row if type(x[j]) is not _Eta), Fraction(0))
                terms = [(w, x[j]) for j, w in row if type(x[j]) is _Eta]
                out[i] = _Eta.combine(terms, const) if terms else const
            return out
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

    def identity_minus(self, idx: np.ndarray) -> Any:
        """``I - W`` on the firms ``idx`` (rows and columns)."""
        return self.unit_minus_W[idx][:, idx]


def _over_common_denominator(row: list[tuple[int, Fraction]]) -> tuple[int, list[tuple[int, int]]]:
    """A row of ``(column, share)`` as one denominator and integer numerators."""
    den = math.lcm(*(Fraction(w).denominator for _, w in row))
    return den, [(j, Fraction(w).numerator * (den // Fraction(w).denominator)) for j, w in row]


def _rational_arrays(pattern: sps.csr_matrix, rows: np.ndarray, cols: np.ndarray,
                     shares: np.ndarray, loans: np.ndarray, buffers: np.ndarray,
                     full: np.ndarray) -> _Arrays:
    """Exact arrays (dense ``Fraction`` matrices) from the ``(rows, cols, shares)`` pattern;
    float inputs become the rationals they are exactly."""
    n = len(loans)
    W = np.full((n, n), Fraction(0), dtype=object)
    for i, j, w in zip(rows, cols, shares, strict=True):
        W[i, j] = W[i, j] + Fraction(w)
    to_frac = np.vectorize(Fraction, otypes=[object])
    return _Arrays(W, pattern, to_frac(loans), to_frac(buffers), full, exact=True)


def _float_arrays(pattern: sps.csr_matrix, rows: np.ndarray, cols: np.ndarray,
                  shares: np.ndarray, loans: np.ndarray, buffers: np.ndarray,
                  full: np.ndarray) -> _Arrays:
    """Float arrays: dense up to ``_DENSE_LIMIT`` firms, ``scipy.sparse`` beyond."""
    n = len(loans)
    W = sps.csr_matrix((shares.astype(float), (rows, cols)), shape=(n, n))
    if n <= _DENSE_LIMIT:
        W = W.toarray()
    return _Arrays(W, pattern, loans.astype(float), buffers.astype(float), full, exact=False)


def _gauss(M: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve ``M x = rhs`` exactly (``rhs`` 1-D or 2-D).

    Rational throughout: :func:`~gametheory_cluster.algebra.gauss_jordan` (fraction-free).
    A right side holding ``_Eta`` numbers is multiplied by the exact inverse of ``M``
    from sympy's DomainMatrix over QQ (elimination over QQ(η) instead is 2–3× slower,
    measured).
    """
    k = len(M)
    b = np.asarray(rhs, dtype=object)
    if any(isinstance(x, _Eta) for x in b.flat):
        try:
            inverse = DomainMatrix([[_qq(x) for x in row] for row in M], (k, k), QQ).inv()
        except DMNonInvertibleMatrixError:
            raise SolveError("singular system in the cascade (exact)") from None
        return _dot_eta(_fractions(inverse), b)
    cols = b.reshape(k, -1)
    try:
        x = gauss_jordan([[Fraction(v) for v in (*M[i], *cols[i])] for i in range(k)], k)
    except ZeroDivisionError:
        raise SolveError("singular system in the cascade (exact)") from None
    return np.array(x, dtype=object).reshape(b.shape)


def _dot_eta(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``A @ b`` for a rational matrix ``A`` and a right side holding ``_Eta`` numbers."""
    if b.ndim != 1 or not all(type(v) in (Fraction, int, _Eta) for v in b):
        return A.dot(b)
    etas = [j for j, v in enumerate(b) if type(v) is _Eta]
    rest = [j for j, v in enumerate(b) if type(v) is not _Eta]
    out = np.empty(A.shape[0], dtype=object)
    for i, row in enumerate(A):
        const = sum((row[j] * b[j] for j in rest), Fraction(0))
        out[i] = _Eta.combine([(row[j], b[j]) for j in etas], const)
    return out


def _qq(x: Fraction | int) -> Any:
    return QQ(x.numerator, x.denominator)


def _fractions(m: DomainMatrix) -> np.ndarray:
    """The entries of a DomainMatrix over QQ as an object array of ``Fraction``."""
    return np.array([[Fraction(int(q.numerator), int(q.denominator)) for q in row]
                     for row in m.to_list()], dtype=object).reshape(m.shape)
