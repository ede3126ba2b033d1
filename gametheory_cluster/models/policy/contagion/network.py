r"""The guarantee network (担保圈): who guarantees whose loan, and the cascades it carries.

:class:`GuaranteeNetwork` holds the shares :math:`W_{ij}` (firm :math:`i` guarantees
that share of firm :math:`j`'s loan), the loans :math:`\ell` and the buffers :math:`e`;
it builds the standard shapes (ring, complete group 联保, star, clustered, random) and
answers the model's questions: the cascade after given shocks (the least fixed point
:math:`L^* = \min(\ell, [s + W L^* - e]^+)`), the exact distribution of the cascade
size under independent shocks or one firm hit at random, how many simultaneous
failures a group absorbs, the exact shock sizes at which a cascade changes, and Monte
Carlo estimates for large networks. The class holds the model's data and its public
questions; the work is in the sibling modules: the layouts of the standard shapes in
:mod:`.shapes`, the network as arrays in :mod:`.arrays`, the exact cascade in
:mod:`.fixed_point`, orbits of shock sets in :mod:`.symmetry`, sampling in
:mod:`.monte_carlo` and the answers' types in :mod:`.results`. See
docs/explanation/contagion.md.

Acemoglu, D., A. Ozdaglar and A. Tahbaz-Salehi (2015). Systemic risk and stability
in financial networks. *American Economic Review* 105(2): 564–608.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sps

from ....errors import DomainError, ModelError
from ._common import _as_values, _count, _number, _out, _probability
from .arrays import _Arrays, _float_arrays, _rational_arrays
from .fixed_point import _clear_many, _shock_path
from .monte_carlo import MonteCarloCascades, _mc_chunk, _mc_summary
from .results import Absorption, Cascade, CascadeDistribution, ShockPath, StepCurve, _mix_steps
from .shapes import clustered_pattern, complete_pattern, random_pattern, ring_pattern, star_pattern
from .symmetry import _firm_orbits, _orbits, _rotation, _twin_classes

__all__ = ["EXACT_LIMIT", "GuaranteeNetwork"]

#: Largest network handled in exact arithmetic (dense rational matrices).
EXACT_LIMIT = 500


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
        return cls._shape(_count(n, "n", 2), ring_pattern(n, g), buffer, loan)

    @classmethod
    def complete(cls, n: int, *, buffer: Any, loan: Any = 1, g: Any = 1) -> GuaranteeNetwork:
        """A complete group (联保): every other firm guarantees ``g/(n−1)`` of each loan."""
        return cls._shape(_count(n, "n", 2), complete_pattern(n, g), buffer, loan)

    @classmethod
    def star(cls, n: int, *, buffer: Any, loan: Any = 1, g: Any = 1) -> GuaranteeNetwork:
        """A star: firm 0 (the core firm) guarantees ``g`` of each leaf's loan; the
        ``n − 1`` leaves guarantee ``g/(n−1)`` each of the core firm's loan."""
        return cls._shape(_count(n, "n", 2), star_pattern(n, g), buffer, loan)

    @classmethod
    def clustered(cls, groups: int, size: int, *, bridge: Any, buffer: Any, loan: Any = 1,
                  g: Any = 1) -> GuaranteeNetwork:
        """Complete groups in a circle, weakly linked (Acemoglu et al.'s δ-connected networks).

        Firm ``c·size + k`` is member ``k`` of group ``c``. Each loan is covered to ``g``:
        the share ``(1 − bridge)·g`` by the other members of its group (equally), the share
        ``bridge·g`` by the members of the next group (equally).
        """
        pattern = clustered_pattern(groups, size, bridge, g)
        return cls._shape(groups * size, pattern, buffer, loan)

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
        return cls._shape(_count(n, "n", 2), random_pattern(n, guarantors, g, rng), buffer, loan)

    @classmethod
    def _shape(cls, n: int, pattern: tuple[list, list, list], buffer: Any,
               loan: Any) -> GuaranteeNetwork:
        rows, cols, shares = pattern
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

    def _triplets(self) -> tuple:
        return (self._pattern, self._rows, self._cols, self._shares, self._loans, self._buffers)

    @cached_property
    def _exact_arrays(self) -> _Arrays:
        if self.n > EXACT_LIMIT:
            raise ModelError(f"exact arithmetic is limited to {EXACT_LIMIT} firms (this one has "
                             f"{self.n}); give floats (e.g. buffer=1.0) for a numeric network")
        return _rational_arrays(*self._triplets(), self._full(True))

    @cached_property
    def _float_arrays(self) -> _Arrays:
        return _float_arrays(*self._triplets(), self._full(False))

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
    @cached_property
    def _symmetry(self) -> tuple[list[list[int]], int]:
        """The twin classes and the rotation period (``n`` if none)."""
        if self.n > 2000:
            return [[i] for i in range(self.n)], self.n
        W = self._arrays(self.exact).W
        M = W.toarray() if sps.issparse(W) else W
        loans, buffers = self._loans, self._buffers
        return _twin_classes(M, loans, buffers), _rotation(M, loans, buffers)

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
        method_used, reps, masks = self._orbit_masks(method)
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
        orbits = _firm_orbits(self.n, *self._symmetry)
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
            _, reps = _orbits(self.n, *self._symmetry, method, hits=k)
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
        arr = (self._exact_arrays if self.exact
               else _rational_arrays(*self._triplets(), self._full(False)))
        v = np.full(self.n, Fraction(0), dtype=object)
        for f in firms:
            v[self._index[f]] = Fraction(1)
        thresholds, failed = _shock_path(arr, v)
        out = _out if self.exact else float
        return ShockPath(tuple(firms), tuple(out(t) for t in thresholds),
                         tuple(tuple(self.nodes[i] for i in fs) for fs in failed))

    def _orbit_masks(self, method: str) -> tuple[str, list[tuple[np.ndarray, int]], np.ndarray]:
        """:func:`_orbits` of the network for ``method``, and the masks as columns.

        They depend on the network's symmetries only: found once, shared by every
        shock size and probability (read only).
        """
        cache = self.__dict__.setdefault("_orbit_cache", {})
        if method not in cache:
            method_used, reps = _orbits(self.n, *self._symmetry, method)
            cache[method] = (method_used, reps, np.array([m for m, _ in reps]).T)
        return cache[method]

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

    @cached_property
    def _single_paths(self) -> list[tuple[StepCurve, Fraction]]:
        """Cascade size against shock size for one firm of each orbit, with its weight."""
        return [(self.shock_path([self.nodes[i]]).sizes, Fraction(mult, self.n))
                for i, mult in _firm_orbits(self.n, *self._symmetry)]

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

