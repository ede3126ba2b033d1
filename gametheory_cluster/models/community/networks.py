r"""The lending game when news of a default travels through a cluster network: thresholds.

The source paper's "reputation chain" (信誉链): a cluster punishes a defaulter
promptly and collectively because its partners hear of the default along the
cluster's ties (产业集群与我国中小企业融资, *Industrial clusters and the financing of
China's small and medium-sized enterprises*, §2.2–2.3). See
docs/explanation/networks.md.

Definitions
-----------
Cluster firms are the nodes of a graph :math:`G = (V, E)` (directed or not); a
tie :math:`u \to v` is a channel along which news travels. The SME is the node
:math:`d`. It defaults on its bank loan in period 0: it keeps the repayment
:math:`R` once, and the bank — the cheated lender, who sees the default at once —
refuses it credit from period 1 on (grim trigger, as in
:class:`~gametheory_cluster.models.lending.RepeatedLending`).

*News* (:mod:`~gametheory_cluster.models.community.detection`). In period 0 the
informed set is :math:`I_0 = \{d\} \cup C`, where :math:`C` are the parties that
see the default at once (``cheated``; none by default). At each step every tie
from an informed to an uninformed node passes the news on with probability
:math:`r`, independently. A step takes ``lag`` :math:`= L` periods; :math:`T_j`
is the step at which node :math:`j` learns (:math:`T_j = \infty` if the news
never reaches it).

*Punishment.* Each partner :math:`j \in P` (by default every other firm) is
worth :math:`s` per period to the SME and stops trading once it knows: from
period :math:`\tau_j = \max(L\,T_j, 1)`. The expected discounted number of
lost partners is

.. math:: G(\delta) = \sum_{j \in P} \mathbb{E}\,\delta^{\tau_j},

and the SME's loss from default is the bank's grim punishment plus
:math:`s\,G(\delta) / (1 - \delta)`. The incentive constraint is the one the
repeated-game engine derives for grim trigger, with the partners' punishment
added:

.. math:: \frac{\delta (Y - w) - R}{1 - \delta} + \frac{s\,G(\delta)}{1 - \delta} \ge 0 .

Thresholds (:math:`\delta^*`, the minimum per-partner rent :math:`s`, the
debt capacity :math:`R`, …) are solved from it by
:func:`~gametheory_cluster.thresholds.solve_threshold`. :math:`G` is computed on
the Markov chain of informed sets (graphs of at most 12 nodes by default) or by
Monte Carlo (see :mod:`~gametheory_cluster.models.community.detection`). Exact
rationals in, exact out: when the chain is small :math:`G` is a rational function
of :math:`\delta` and :math:`\delta^*` is exact; otherwise :math:`\delta^*` is a
numeric root certified by exact evaluations on both sides. Monte Carlo gives
normal intervals for :math:`G` and the thresholds.

Why one file: it is one class, :class:`NetworkPunishment`, whose detection, lost
partners and thresholds all work on the chain of informed sets it builds and caches.

Examples
--------
Two firms: the partner notices the default in each period with probability
:math:`r`, so :math:`G(\delta) = r\delta / (1 - (1 - r)\delta)`:

>>> import networkx as nx
>>> from fractions import Fraction
>>> model = NetworkPunishment(nx.path_graph(2), 0)
>>> model.lost_partners(delta=Fraction(1, 2), r=Fraction(1, 2))
1/3
>>> model.threshold("delta", Y=150, R=110, w=0, s=40, r=1).value
11/19
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import replace
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Any

import networkx as nx
import numpy as np
import sympy as sp
from scipy.optimize import brentq

from ...algebra import evaluate, sign, tidy
from ...automata import Certificate, Constraint
from ...errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    SolveError,
    UnknownParameterError,
)
from ...parameters import is_exact, symbol, validate
from ...thresholds import Threshold, solve_threshold
from ..lending.repeated import RepeatedLending
from .detection import (
    Detection,
    _build_chain,
    _Chain,
    _discounted_news,
    _discounted_news_float,
    _exact_detection,
    _passage_steps,
    _sampled_detection,
)

__all__ = ["METHODS", "NetworkPunishment"]

#: How detection and thresholds are computed; ``"auto"`` is exact up to 12 nodes.
METHODS = ("auto", "exact", "monte_carlo")

_EXACT_NODES = 12  # "auto" is exact up to this many nodes
_SYMBOLIC_STATES = 64  # up to this many informed sets, G(delta) is built as a rational function
_EXACT_ROOT_STATES = 8  # up to this many, delta* is solved exactly (sympy); beyond, certified
_SOLVABLE = ("delta", "s", "R", "Y", "w")


# --------------------------------------------------------------------- model
@lru_cache(maxsize=1)
def _grim_constraints() -> tuple[Constraint, ...]:
    """The constraints the engine derives for the bank's grim trigger (computed once)."""
    return tuple(RepeatedLending().constraints())


class NetworkPunishment:
    """The bank–SME lending game in which news of a default travels through the cluster.

    Parameters
    ----------
    graph : networkx.Graph or networkx.DiGraph
        The cluster's firms and the ties along which news travels.
    defaulter : node
        The SME that may default.
    cheated : iterable of nodes, optional
        Firms that see the default at once (period 0), besides the defaulter.
    partners : iterable of nodes or "neighbours", optional
        The firms worth ``s`` per period each to the SME (default: every other firm;
        ``"neighbours"``: the defaulter's own ties).
    lag : int
        Periods one step of the news takes (1: the next period).

    Notes
    -----
    Parameters: ``Y, R, w, delta`` (the lending game), ``s`` (rent per partner),
    ``r`` (probability that a tie passes news on in a step), and ``I`` for the
    bank's own constraint.
    """

    def __init__(
        self,
        graph: nx.Graph,
        defaulter: Hashable,
        *,
        cheated: Iterable[Hashable] = (),
        partners: Iterable[Hashable] | str | None = None,
        lag: int = 1,
    ) -> None:
        if not isinstance(graph, nx.Graph):
            raise ModelError(
                f"graph must be a networkx Graph or DiGraph, not {type(graph).__name__}"
            )
        if isinstance(graph, nx.MultiGraph):
            raise ModelError("multigraphs are not supported: give a Graph or DiGraph")
        self.graph = graph
        self.nodes: tuple[Hashable, ...] = tuple(graph.nodes)
        if defaulter not in graph:
            raise ModelError(
                f"the defaulter {defaulter!r} is not a node of the graph; nodes: {list(self.nodes)}"
            )
        self.defaulter = defaulter
        cheated = tuple(cheated)
        unknown = [c for c in cheated if c not in graph]
        if unknown:
            raise ModelError(f"cheated firms {unknown} are not nodes of the graph")
        self.cheated = tuple(dict.fromkeys(c for c in cheated if c != defaulter))
        self.partners = self._partners(partners)
        #: How the partners were chosen: None (every other firm), "neighbours" or "list".
        self._partner_rule = (partners if partners is None or isinstance(partners, str)
                              else "list")
        if isinstance(lag, bool) or not isinstance(lag, int) or lag < 1:
            raise ModelError(f"lag must be a whole number of periods >= 1, not {lag!r}")
        self.lag = lag
        self._chains: dict[Any, _Chain] = {}
        self._float_gains: dict[_Chain, np.ndarray] = {}

    def _partners(self, partners: Iterable[Hashable] | str | None) -> tuple[Hashable, ...]:
        if partners is None:
            return tuple(v for v in self.nodes if v != self.defaulter)
        if isinstance(partners, str):
            if partners not in ("neighbours", "neighbors"):
                raise ModelError(f"partners must be nodes, None or 'neighbours', not {partners!r}")
            succ = self.graph.successors if self.graph.is_directed() else self.graph.neighbors
            ties = set(succ(self.defaulter)) - {self.defaulter}
            return tuple(v for v in self.nodes if v in ties)
        chosen = tuple(dict.fromkeys(partners))
        bad = [p for p in chosen if p not in self.graph or p == self.defaulter]
        if bad:
            raise ModelError(f"partners {bad} are not other nodes of the graph")
        return chosen

    def __repr__(self) -> str:
        extras = "".join(
            [f", cheated={list(self.cheated)}" if self.cheated else "",
             f", lag={self.lag}" if self.lag != 1 else ""]
        )
        return (f"NetworkPunishment({self.graph.number_of_nodes()} firms, "
                f"{self.graph.number_of_edges()} ties, defaulter={self.defaulter!r}, "
                f"{len(self.partners)} partners{extras})")

    # ------------------------------------------------------------- structure
    @cached_property
    def _index(self) -> dict[Hashable, int]:
        return {v: i for i, v in enumerate(self.nodes)}

    @cached_property
    def _in_masks(self) -> tuple[int, ...]:
        masks = [0] * len(self.nodes)
        for u, v in self.graph.edges():
            if u == v:
                continue
            masks[self._index[v]] |= 1 << self._index[u]
            if not self.graph.is_directed():
                masks[self._index[u]] |= 1 << self._index[v]
        return tuple(masks)

    @cached_property
    def _sources(self) -> list[int]:
        return [self._index[v] for v in (self.defaulter, *self.cheated)]

    @cached_property
    def _start(self) -> int:
        return sum(1 << i for i in self._sources)

    @cached_property
    def _partner_mask(self) -> int:
        return sum(1 << self._index[p] for p in self.partners)

    @cached_property
    def _edges(self) -> np.ndarray:
        pairs = [(self._index[u], self._index[v]) for u, v in self.graph.edges() if u != v]
        if not self.graph.is_directed():
            pairs += [(b, a) for a, b in pairs]
        return np.array(pairs, dtype=np.intp).reshape(-1, 2)

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters this model uses, sorted."""
        return ("I", "R", "Y", "delta", "r", "s", "w")

    def _chain(self, r: Any) -> _Chain:
        key = r if isinstance(r, float) else sp.sympify(r)
        if key not in self._chains:
            self._chains[key] = _build_chain(self._in_masks, self._start, key)
        return self._chains[key]

    def _method(self, method: str) -> str:
        if method not in METHODS:
            raise ModelError(f"unknown method {method!r}; valid methods: {', '.join(METHODS)}")
        if method == "auto":
            return "exact" if len(self.nodes) <= _EXACT_NODES else "monte_carlo"
        return method

    def _values(self, values: Mapping[str, Any], needed: Iterable[str] = ()) -> dict[str, Any]:
        given = validate(values, allowed=self.parameters)
        missing = [n for n in needed if n not in given]
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        return given

    def _samples(self, r: Any, samples: int, rng: Any) -> np.ndarray:
        """Monte Carlo periods at which each node learns (``inf``: never)."""
        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
            raise DomainError(f"samples must be a whole number >= 2, not {samples!r}")
        steps = _passage_steps(len(self.nodes), self._edges, self._sources, float(r),
                               samples, np.random.default_rng(rng))
        return steps * self.lag

    # ------------------------------------------------------------- detection
    def detection(self, periods: int, *, r: Any, method: str = "auto", samples: int = 20_000,
                  rng: int | np.random.Generator | None = None,
                  confidence: float = 0.95) -> Detection:
        """The probability that each firm (and the whole market) knows by period ``t``.

        Parameters
        ----------
        periods : int
            Periods ``0..periods`` are reported.
        r : number
            Probability that a tie passes the news on in a step.
        method : {"auto", "exact", "monte_carlo"}
            ``"auto"``: exact up to 12 nodes, Monte Carlo beyond.
        samples, rng, confidence
            Monte Carlo sample size, seed and confidence level of the bounds.

        Examples
        --------
        >>> import networkx as nx
        >>> from fractions import Fraction
        >>> d = NetworkPunishment(nx.path_graph(3), 0).detection(3, r=Fraction(1, 2))
        >>> d.by_period(2)
        [0, 0, 1/4, 1/2]
        """
        if isinstance(periods, bool) or not isinstance(periods, int) or periods < 0:
            raise DomainError(f"periods must be a whole number >= 0, not {periods!r}")
        r = self._values({"r": r})["r"]
        if self._method(method) == "exact":
            return _exact_detection(self._chain(r), self.nodes, self.partners, periods, self.lag,
                                    exact=not isinstance(r, float))
        if not 0 < confidence < 1:
            raise DomainError(f"confidence must lie in (0, 1), not {confidence!r}")
        times = self._samples(r, samples, rng)
        return _sampled_detection(self.nodes, self.partners, times, periods, samples, confidence)

    # -------------------------------------------------------- lost partners
    def lost_partners(self, *, method: str = "auto", samples: int = 20_000,
                      rng: int | np.random.Generator | None = None, **values: Any) -> Any:
        """The expected discounted number of partners lost, :math:`G(\\delta)`.

        Needs ``delta`` and ``r``. Exact inputs give an exact number with the exact
        method; the Monte Carlo method gives a float.

        Examples
        --------
        >>> import networkx as nx
        >>> NetworkPunishment(nx.complete_graph(4), 0).lost_partners(delta=0.9, r=1)
        2.7
        """
        given = self._values(values, needed=("delta", "r"))
        if self._method(method) == "exact":
            return self._lost_exact(given["delta"], given["r"])
        times = self._samples(given["r"], samples, rng)
        return float(self._lost_samples(times, float(given["delta"])).mean())

    @cached_property
    def _at_once(self) -> int:
        """Partners that see the default in period 0 (they stop trading in period 1)."""
        return len([p for p in self.partners if self._index[p] in self._sources])

    def _lost_exact(self, delta: Any, r: Any) -> Any:
        """``G(delta)`` on the chain: exact number, float, or rational function of a symbol."""
        if isinstance(delta, float) or isinstance(r, float):  # an exact chain's floats are finer
            news = self._float_news(self._chain(r), float(delta))
            return self._at_once * float(delta) + news
        chain = self._chain(r)
        if isinstance(delta, sp.Symbol):
            news = _discounted_news(chain, delta**self.lag, 1, self._partner_mask,
                                    divide=lambda x, y: sp.cancel(x / y))
            return tidy(self._at_once * delta + news)
        z = sp.Rational(delta) ** self.lag
        news = _discounted_news(chain, int(z.p), int(z.q), self._partner_mask, divide=Fraction)
        return self._at_once * delta + sp.Rational(news.numerator, news.denominator)

    def _lost_bound(self, delta: sp.Rational, r: sp.Rational, upper: bool, bits: int = 256) -> Any:
        """A rigorous exact lower (upper) bound on ``G(delta)`` by fixed-point arithmetic.

        Much faster than exact rationals on big chains: every division rounds down (up).
        """
        chain, z, one = self._chain(r), sp.Rational(delta) ** self.lag, 1 << bits
        divide = (lambda x, y: -(-x // y)) if upper else operator.floordiv
        news = _discounted_news(chain, int(z.p), int(z.q), self._partner_mask, one, divide)
        return self._at_once * delta + sp.Rational(news, one)

    def _float_news(self, chain: _Chain, delta: float) -> float:
        if chain not in self._float_gains:
            matrix = chain.matrix.tocoo()
            # informed sets only grow: a move gains the difference of the partners informed
            held = np.array([(state & self._partner_mask).bit_count() for state in chain.states],
                            dtype=float)
            gained = held[matrix.col] - held[matrix.row]
            self._float_gains[chain] = np.bincount(matrix.row, weights=matrix.data * gained,
                                                   minlength=len(chain.states))
        return _discounted_news_float(chain, self._float_gains[chain], delta**self.lag)

    def _lost_samples(self, times: np.ndarray, delta: float) -> np.ndarray:
        """Per sample, ``sum_j delta ** tau_j`` over partners."""
        cols = [self._index[p] for p in self.partners]
        tau = np.maximum(times[:, cols], 1.0)
        return (delta**tau).sum(axis=1)

    # ----------------------------------------------------------- constraints
    def _network_constraints(self, lost: Any) -> list[Constraint]:
        """The engine's grim constraints, with ``s G / (1 - δ)`` added to the SME's on-path one."""
        s, delta = symbol("s"), symbol("delta")
        result = []
        for c in _grim_constraints():
            if c.player == "sme" and c.on_path:
                c = replace(c, slack=tidy(c.slack + s * lost / (1 - delta)))
            result.append(c)
        return result

    def constraints(self, **values: Any) -> list[Constraint]:
        """The incentive constraints with the network's punishment (needs ``r``; exact method).

        With ``delta`` left out, the lost partners enter as a rational function of
        ``delta`` (small chains only).

        Examples
        --------
        >>> import networkx as nx
        >>> model = NetworkPunishment(nx.path_graph(2), 0)
        >>> [str(c) for c in model.constraints(r=1) if c.player == "sme" and c.on_path]
        ['sme in honest after Lend: Repay over Default:
          (-R + Y*delta + delta*s - delta*w)/(1 - delta) >= 0']
        """
        given = self._values(values, needed=("r",))
        delta = given.get("delta", symbol("delta"))
        if isinstance(delta, sp.Symbol) and len(self._chain(given["r"]).states) > _SYMBOLIC_STATES:
            raise SolveError(
                f"the chain has {len(self._chain(given['r']).states)} informed sets: too many for "
                f"a closed form in delta; give delta"
            )
        return self._network_constraints(self._lost_exact(delta, given["r"]))

    def is_honest(self, *, method: str = "auto", samples: int = 20_000,
                  rng: int | np.random.Generator | None = None, **values: Any) -> Certificate:
        """Check every constraint at a parameter point; truthy when honest repayment is SPE.

        Examples
        --------
        >>> import networkx as nx
        >>> model = NetworkPunishment(nx.star_graph(3), 0)
        >>> bool(model.is_honest(Y=150, R=110, w=0, I=100, s=5, r=0.5, delta=0.7))
        True
        """
        given = self._values(values, needed=("r", "delta"))
        lost = self.lost_partners(method=method, samples=samples, rng=rng,
                                  **{k: values[k] for k in ("r", "delta")})
        missing = sorted({"I", "R", "Y", "s", "w"} - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        return Certificate([(c, evaluate(c.slack, given)) for c in self._network_constraints(lost)])

    # ------------------------------------------------------------ thresholds
    def threshold(
        self,
        name: str,
        /,
        *,
        method: str = "auto",
        samples: int = 20_000,
        rng: int | np.random.Generator | None = None,
        confidence: float = 0.95,
        **values: Any,
    ) -> Threshold:
        """The value of ``name`` at which honest repayment becomes subgame perfect.

        ``name`` is one of ``delta, s, R, Y, w``; give ``r`` and the others (``delta``
        too unless solving for it). Exact method with exact inputs: an exact
        threshold when the chain of informed sets is small, otherwise a numeric
        root certified by exact evaluation on both sides (see ``reason``). Monte
        Carlo: a float with its confidence interval in ``reason`` (and from
        :meth:`threshold_interval`).

        Examples
        --------
        >>> import networkx as nx
        >>> from fractions import Fraction
        >>> ring = NetworkPunishment(nx.cycle_graph(6), 0)
        >>> ring.threshold("s", Y=150, R=110, w=0, r=1, delta=Fraction(1, 2)).value
        280/13
        """
        return self._solve(name, values, method, samples, rng, confidence)[0]

    def threshold_interval(self, name: str, /, *, method: str = "auto", samples: int = 20_000,
                           rng: int | np.random.Generator | None = None,
                           confidence: float = 0.95, **values: Any) -> tuple[float, float, float]:
        """``(estimate, lower, upper)`` of a threshold; the bounds equal the value when exact.

        Examples
        --------
        >>> import networkx as nx
        >>> model = NetworkPunishment(nx.cycle_graph(20), 0)
        >>> est, lo, hi = model.threshold_interval("delta", Y=150, R=110, w=0, s=2, r=0.5,
        ...                                        samples=4000, rng=1)
        >>> lo < est < hi
        True
        """
        result, lower, upper = self._solve(name, values, method, samples, rng, confidence)
        if lower is None or upper is None:
            value = float(result.value)
            return value, value, value
        return float(result.value), lower, upper

    def _solve(self, name: str, values: Mapping[str, Any], method: str, samples: int, rng: Any,
               confidence: float) -> tuple[Threshold, float | None, float | None]:
        """The threshold, and its Monte Carlo confidence bounds (None by the exact method)."""
        fixed, r, method = self._threshold_inputs(name, values, method, confidence)
        if method == "monte_carlo":
            result, lower, upper = self._threshold_mc(name, fixed, r, samples, rng, confidence)
            note = (f"monte carlo: {samples} samples, {confidence:.0%} confidence interval "
                    f"[{lower:.6g}, {upper:.6g}]")
            return replace(result, reason=note), lower, upper
        exact = is_exact(r) and all(is_exact(v) for v in fixed.values())
        if name != "delta":
            lost = self._lost_exact(fixed["delta"], r)
            return solve_threshold(self._network_constraints(lost), name, fixed), None, None
        if exact and len(self._chain(r).states) <= _EXACT_ROOT_STATES:
            lost = self._lost_exact(symbol("delta"), r)
            return solve_threshold(self._network_constraints(lost), name, fixed), None, None
        return self._threshold_numeric(fixed, r, exact), None, None

    def _threshold_inputs(
        self, name: str, values: Mapping[str, Any], method: str, confidence: float
    ) -> tuple[dict[str, Any], Any, str]:
        if name not in _SOLVABLE:
            raise UnknownParameterError(
                f"cannot solve for {name!r}; valid names: {', '.join(_SOLVABLE)}"
            )
        given = self._values(values, needed=("r",) if name == "delta" else ("r", "delta"))
        if name in given:
            raise DomainError(f"{name} is the parameter to solve for; do not also give it a value")
        if not 0 < confidence < 1:
            raise DomainError(f"confidence must lie in (0, 1), not {confidence!r}")
        r = given.pop("r")
        return given, r, self._method(method)

    def _sme(self, fixed: Mapping[str, Any]) -> tuple[Constraint, sp.Expr, Any]:
        """The SME's on-path constraint with ``G`` left as a symbol, and its float function."""
        lost = sp.Symbol("G", nonnegative=True)
        c = next(c for c in _grim_constraints() if c.player == "sme" and c.on_path)
        c = replace(c, slack=c.slack + symbol("s") * lost / (1 - symbol("delta")))
        expr = c.slack.xreplace({symbol(k): sp.sympify(v) for k, v in fixed.items()})
        free = sorted(s.name for s in expr.free_symbols - {symbol("delta"), lost})
        if free:
            raise MissingParameterError(f"values needed for: {', '.join(free)}")
        return c, expr, sp.lambdify((symbol("delta"), lost), expr, "math")

    def _side_conditions(self, fixed: Mapping[str, Any]) -> tuple[Any, ...]:
        """The bank's constraints at ``fixed``: must hold; unresolved ones are returned."""
        requires = []
        for c in _grim_constraints():
            if c.player == "sme" and c.on_path:
                continue
            slack = c.slack.xreplace({symbol(k): sp.sympify(v) for k, v in fixed.items()})
            if slack.free_symbols:
                if sign(slack) not in (0, 1):
                    requires.append(sp.Ge(tidy(slack), 0))
            elif slack < 0:
                raise NoSolutionError(f"no value of delta works: {c.label} fails (slack {slack})")
        return tuple(requires)

    @staticmethod
    def _root(slack_at, name: str) -> float:
        """The lower end of the set of delta in (0, 1) where an increasing slack is >= 0."""
        grid = np.linspace(1e-9, 1 - 1e-9, 17)
        signs = np.array([slack_at(d) >= 0 for d in grid])
        if not signs.any():
            raise NoSolutionError(f"no {name} in (0, 1) makes honest repayment subgame perfect")
        first = int(np.argmax(signs))
        if not signs[first:].all():
            raise SolveError(f"the values of {name} where repayment is honest are not an interval")
        if first == 0:
            return 0.0
        return float(brentq(slack_at, grid[first - 1], grid[first], xtol=1e-15))

    def _threshold_numeric(self, fixed: Mapping[str, Any], r: Any, exact: bool) -> Threshold:
        c, expr, slack = self._sme(fixed)
        requires = self._side_conditions(fixed)
        root = self._root(lambda d: slack(d, self._lost_exact(d, r)), "delta")
        note = ""
        if exact and root > 0:
            lo, hi = self._certify(root, expr, r)
            note = (f"certified: delta* lies in [{lo}, {hi}] (exact slack < 0 at the left end, "
                    f">= 0 at the right)")
        return Threshold("delta", root, ">=", None, c, requires, reason=note, exact=False)

    def _certify(self, root: float, expr: sp.Expr, r: Any) -> tuple[sp.Rational, sp.Rational]:
        """Rationals either side of ``root`` where the slack is provably < 0 and >= 0.

        The slack increases in ``G``; it is evaluated at the upper bound of ``G`` on
        the left and at the lower bound on the right.
        """
        lost = sp.Symbol("G", nonnegative=True)
        for width in (1e-12, 1e-9, 1e-6):
            lo = sp.Rational(Fraction(root - width).limit_denominator(10**15))
            hi = sp.Rational(Fraction(root + width).limit_denominator(10**15))
            if lo <= 0 or hi >= 1:
                break
            left = expr.xreplace({symbol("delta"): lo, lost: self._lost_bound(lo, r, upper=True)})
            right = expr.xreplace({symbol("delta"): hi, lost: self._lost_bound(hi, r, upper=False)})
            if left < 0 <= right:
                return lo, hi
        raise SolveError(f"could not certify the numeric root delta* = {root!r}")

    def _threshold_mc(self, name: str, fixed: dict[str, Any], r: Any, samples: int,
                      rng: Any, confidence: float) -> tuple[Threshold, float, float]:
        """The threshold at the Monte Carlo mean of ``G`` and at its confidence bounds."""
        times = self._samples(r, samples, rng)
        from scipy.stats import norm  # imported when used: scipy.stats takes a second

        z = float(norm.ppf(0.5 + confidence / 2))

        def lost(d: float, k: float) -> float:
            draws = self._lost_samples(times, d)
            return float(draws.mean() + k * draws.std(ddof=1) / math.sqrt(samples))

        if name == "delta":
            c, _, slack = self._sme(fixed)
            requires = self._side_conditions(fixed)
            ends = [self._root(lambda d, k=k: slack(d, lost(d, k)), name) for k in (0.0, -z, z)]
            result = Threshold(name, ends[0], ">=", None, c, requires, exact=False)
        else:
            delta = float(fixed["delta"])
            found = [solve_threshold(self._network_constraints(lost(delta, k)), name,
                                     {**fixed, "delta": delta}) for k in (0.0, -z, z)]
            result = found[0]
            ends = [float(t.value) for t in found]
        return result, min(ends[1:]), max(ends[1:])
