r"""Besley & Coate (1995): the repayment game of a jointly liable group, and repayment rates.

Joint liability is the economics of mutual guarantee (互保, 联保), which the source
paper recommends (§3.1 of 产业集群与我国中小企业融资; see
papers/cluster_financing/README.md). See docs/explanation/policy.md.

The repayment game (:class:`RepaymentGame`)
-------------------------------------------
Each borrower's project returns :math:`\theta` drawn independently from a
distribution :math:`F`; the loan asks :math:`r` of each. A borrower who defaults
suffers the bank's penalty :math:`c(\theta)`. *Individual lending*: repay iff
:math:`c(\theta) \ge r`. *Group lending* (two members, jointly liable for
:math:`2r`): each member first chooses to Contribute (``C``) its :math:`r` or Not
(``N``); if exactly one contributed, it then repays for both (pays :math:`2r`) if
:math:`c(\theta) \ge 2r` and otherwise defaults (its contribution is returned); if
nobody contributes the group defaults and each suffers :math:`c(\theta)`. With
*social sanctions* a member who does not contribute while its partner does
suffers the social penalty :math:`s(\theta)`. Payoffs (member 1, member 2):

==========  ========================================  ========================================
profile     member 1                                   member 2
==========  ========================================  ========================================
(C, C)      :math:`\theta_1 - r`                       :math:`\theta_2 - r`
(C, N)      :math:`\theta_1 - \min(2r, c_1)`           :math:`\theta_2 - s_2 - [c_1 < 2r]\,c_2`
(N, C)      :math:`\theta_1 - s_1 - [c_2 < 2r]\,c_1`   :math:`\theta_2 - \min(2r, c_2)`
(N, N)      :math:`\theta_1 - c_1`                     :math:`\theta_2 - c_2`
==========  ========================================  ========================================

The loan is repaid when some pure-strategy equilibrium of this game repays it
(members coordinate on repayment whenever it is self-enforcing). The outcome
is *both repay* when (C, C) is an equilibrium, *one repays for both* when only a
lone contributor's repayment is, and *both default* otherwise.

The repayment rate is :math:`\Pr[\text{repaid}]` for independent draws. Exactly:
every comparison a member makes is a sign of a difference of its own payoffs,
whose roots in :math:`\theta` (solved by sympy) cut the support into cells on
which the outcome is constant; the rate is :math:`\sum_{ij} P_i P_j\,[\text{repaid in cell } ij]`
with :math:`P_i = F(b_{i+1}) - F(b_i)` — exact for a sympy distribution
(``sympy.stats.Uniform``), numeric for a ``scipy.stats`` one.
:meth:`RepaymentGame.simulate` estimates the same rate by Monte Carlo.
:func:`repayment_rates_data` and :func:`repayment_regions_data` give the numbers of
the figures in :mod:`gametheory_cluster.plotting.policy`.

Besley, T., and S. Coate (1995). Group lending, repayment incentives and social
collateral. *Journal of Development Economics* 46(1): 1–18.

Examples
--------
>>> import sympy.stats as st
>>> game = RepaymentGame(penalty=lambda t: t / 2)
>>> theta = st.Uniform("theta", 0, 10)
>>> game.repayment_rate(1, theta, lending="individual"), game.repayment_rate(1, theta)
(4/5, 22/25)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import combinations, pairwise
from typing import Any

import numpy as np
import sympy as sp
import sympy.stats as sps

from ...algebra import tidy
from ...errors import DomainError, ModelError, SolveError
from ...figure_data import FigureData
from ...parameters import coerce_value, is_exact
from ._common import _check_choice

__all__ = [
    "OUTCOMES",
    "THETA",
    "RepaymentGame",
    "repayment_rates_data",
    "repayment_regions_data",
]

#: The project return of a group member, the variable of penalty functions.
THETA = sp.Symbol("theta", real=True)
#: Outcome codes of the repayment game, by index.
OUTCOMES = ("both default", "one repays for both", "both repay")
_LENDING = ("group", "individual")

Penalty = Callable[[Any], Any]


# ---------------------------------------------------------------------------------------
# distributions of project returns
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Returns:
    """A distribution of returns: its CDF, support and whether it is exact (sympy)."""

    cdf: Callable[[Any], Any]
    lo: Any
    hi: Any
    exact: bool
    frozen: Any = None
    # the CDF at the points asked so far, by (type, value): the edges of a cell recur
    # from one repayment and lending to the next
    _known: dict = field(default_factory=dict, compare=False, repr=False)

    def probability(self, a: Any, b: Any) -> Any:
        return self._at(b) - self._at(a)

    def _at(self, x: Any) -> Any:
        if x == -sp.oo or x == -np.inf:
            return 0
        if x == sp.oo or x == np.inf:
            return 1
        key = (type(x), x)
        if key not in self._known:
            self._known[key] = self.cdf(x)
        return self._known[key]


@lru_cache(maxsize=64)
def _sympy_returns(distribution: sps.rv.RandomSymbol) -> _Returns:
    support = distribution.pspace.domain.set
    if not isinstance(support, sp.Interval):
        raise DomainError(
            f"the returns need a continuous distribution on an interval, not {support}"
        )
    return _Returns(sps.cdf(distribution), support.inf, support.sup, True)


def _returns(distribution: Any) -> _Returns:
    if isinstance(distribution, sps.rv.RandomSymbol):
        return _sympy_returns(distribution)
    import scipy.stats  # here, not at import: it costs about half a second

    dist = getattr(distribution, "dist", None)
    if isinstance(dist, scipy.stats.rv_continuous):
        lo, hi = (float(v) for v in distribution.support())
        return _Returns(lambda x: float(distribution.cdf(float(x))), lo, hi, False, distribution)
    raise DomainError(
        "distribution must be a sympy.stats continuous random symbol (exact) or a frozen "
        f"scipy.stats continuous distribution (numeric), not {type(distribution).__name__}"
    )


def _as_function(penalty: Penalty | Any, name: str) -> sp.Expr:
    expr = penalty(THETA) if callable(penalty) else sp.sympify(penalty)
    expr = sp.sympify(expr)
    extra = expr.free_symbols - {THETA}
    if extra:
        raise ModelError(
            f"{name} may depend on theta only, not on {', '.join(sorted(map(str, extra)))}"
        )
    return expr


# ---------------------------------------------------------------------------------------
# Besley–Coate repayment game
# ---------------------------------------------------------------------------------------
class RepaymentGame:
    """The Besley–Coate (1995) repayment game of a two-member group.

    Parameters
    ----------
    penalty : callable or sympy expression, optional
        The bank's penalty on a defaulter, :math:`c(\\theta)`, as a function of the
        project return (called with the sympy symbol :data:`THETA`, so
        ``lambda t: t / 2`` works). Default :math:`\\theta/2`.
    social_penalty : callable or sympy expression, optional
        The social sanction :math:`s(\\theta)` on a member who does not contribute
        while its partner does. Default: none.

    Examples
    --------
    >>> game = RepaymentGame(social_penalty=lambda t: t / 4)
    >>> [OUTCOMES[k] for k in game.outcome([8, 5, 2], [1, 5, 7], r=2)]
    ['one repays for both', 'both repay', 'both default']
    >>> game.stage_game(5, 5, r=2)[0].tolist()
    [[3.0, 2.5], [1.25, 2.5]]
    """

    def __init__(self, penalty: Penalty | Any = None, social_penalty: Penalty | Any = None) -> None:
        self.penalty = _as_function(THETA / 2 if penalty is None else penalty, "penalty")
        self.social_penalty = _as_function(
            0 if social_penalty is None else social_penalty, "social_penalty"
        )
        self._c = sp.lambdify(THETA, self.penalty, "numpy")
        self._s = sp.lambdify(THETA, self.social_penalty, "numpy")

    def __repr__(self) -> str:
        social = (
            f", social_penalty={sp.sstr(self.social_penalty)}" if self.social_penalty != 0 else ""
        )
        return f"RepaymentGame(penalty={sp.sstr(self.penalty)}{social})"

    @property
    def sanctions(self) -> bool:
        """Whether members impose social sanctions."""
        return self.social_penalty != 0

    def _eval(self, f: Callable[[Any], Any], theta: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(f(theta), dtype=float), theta.shape)

    def stage_game(
        self, theta1: Any, theta2: Any, r: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The contribution stage with the lone contributor's choice folded in.

        Returns ``(A, B, repaid)``: member 1's and member 2's payoffs and whether the
        loan is repaid, each of shape ``(..., 2, 2)`` indexed by (member 1's action,
        member 2's action), action 0 = Contribute, 1 = Not.
        """
        t1, t2 = np.broadcast_arrays(
            np.asarray(theta1, dtype=float), np.asarray(theta2, dtype=float)
        )
        r = float(r)
        c1, c2 = self._eval(self._c, t1), self._eval(self._c, t2)
        s1, s2 = self._eval(self._s, t1), self._eval(self._s, t2)
        pays1, pays2 = c1 >= 2 * r, c2 >= 2 * r  # a lone contributor repays for both
        shape = (*t1.shape, 2, 2)
        A, B, repaid = np.empty(shape), np.empty(shape), np.zeros(shape, dtype=bool)
        A[..., 0, 0], B[..., 0, 0], repaid[..., 0, 0] = t1 - r, t2 - r, True
        A[..., 0, 1] = t1 - np.where(pays1, 2 * r, c1)
        B[..., 0, 1] = t2 - s2 - np.where(pays1, 0, c2)
        repaid[..., 0, 1] = pays1
        A[..., 1, 0] = t1 - s1 - np.where(pays2, 0, c1)
        B[..., 1, 0] = t2 - np.where(pays2, 2 * r, c2)
        repaid[..., 1, 0] = pays2
        A[..., 1, 1], B[..., 1, 1] = t1 - c1, t2 - c2
        return A, B, repaid

    def equilibria(self, theta1: Any, theta2: Any, r: Any) -> np.ndarray:
        """Which profiles are pure-strategy Nash equilibria, shape ``(..., 2, 2)``."""
        A, B, _ = self.stage_game(theta1, theta2, r)
        return (A[..., ::-1, :] <= A) & (B[..., :, ::-1] <= B)

    def outcome(self, theta1: Any, theta2: Any, r: Any) -> np.ndarray:
        """The outcome code (index into :data:`OUTCOMES`) for each pair of returns."""
        A, B, repaid = self.stage_game(theta1, theta2, r)
        nash = (A[..., ::-1, :] <= A) & (B[..., :, ::-1] <= B)
        both = nash[..., 0, 0]
        alone = (nash & repaid)[..., [0, 1], [1, 0]].any(axis=-1)
        return np.where(both, 2, np.where(alone, 1, 0))

    def repays_alone(self, theta: Any, r: Any) -> np.ndarray:
        """Whether a borrower under individual lending repays: :math:`c(\\theta) \\ge r`."""
        theta = np.asarray(theta, dtype=float)
        return self._eval(self._c, theta) >= float(r)

    def _repaid(self, lending: str, theta1: np.ndarray, theta2: np.ndarray, r: Any) -> np.ndarray:
        if lending == "individual":
            return self.repays_alone(theta1, r).astype(float)
        return (self.outcome(theta1, theta2, r) > 0).astype(float)

    # -------------------------------------------------------------- exact rates
    @cached_property
    def _boundaries(self) -> dict[str, list[sp.Expr]]:
        """Roots in theta (functions of r) of every difference of a member's own payoffs."""
        r = sp.Symbol("r", positive=True)
        c, s = self.penalty, self.social_penalty
        found = {}
        for lending, payoffs in (("individual", [-r, -c]), ("group", [-r, -2 * r, -c, -s, -s - c])):
            roots: list[sp.Expr] = []
            for a, b in combinations(payoffs, 2):
                diff = sp.cancel(a - b)
                if THETA not in diff.free_symbols:
                    continue
                try:
                    solved = sp.solve(diff, THETA)
                except NotImplementedError:
                    raise SolveError(
                        f"cannot solve {sp.sstr(diff)} = 0 for theta; "
                        "give penalties sympy can invert"
                    ) from None
                roots += [root for root in solved if root not in roots]
            found[lending] = roots
        return found

    def cutoffs(
        self, r: Any, lo: Any = -sp.oo, hi: Any = sp.oo, lending: str = "group"
    ) -> list[Any]:
        """The returns in ``(lo, hi)`` at which some comparison of a member flips, sorted.

        Examples
        --------
        >>> RepaymentGame(social_penalty=lambda t: t / 4).cutoffs(1, 0, 10)
        [4/3, 2, 8/3, 4, 8]
        """
        _check_choice("lending", lending, _LENDING)
        value = coerce_value(r, "r")
        points = set()
        for root in self._boundaries[lending]:
            x = sp.sympify(root).subs(sp.Symbol("r", positive=True), value)
            if x.is_real is False or x.has(sp.I):
                continue
            if float(lo) < float(x) < float(hi):
                points.add(x if is_exact(value) else float(x))
        return sorted(points, key=float)

    def repayment_rate(self, r: Any, distribution: Any, lending: str = "group") -> Any:
        """The probability that a loan is repaid when returns are drawn from ``distribution``.

        Exact for a sympy.stats distribution and exact ``r``; a float for a
        ``scipy.stats`` distribution or a float ``r``.
        """
        _check_choice("lending", lending, _LENDING)
        r = _check_rate(r)
        returns = _returns(distribution)
        edges = [returns.lo, *self.cutoffs(r, returns.lo, returns.hi, lending), returns.hi]
        mids = np.array([_midpoint(a, b) for a, b in pairwise(edges)], dtype=float)
        probs = [returns.probability(a, b) for a, b in pairwise(edges)]
        if lending == "individual":
            repaid = self._repaid(lending, mids, mids, r)
            total = sum(p for p, k in zip(probs, repaid, strict=False) if k)
        else:
            repaid = self._repaid(lending, mids[:, None], mids[None, :], r)
            total = sum(probs[i] * probs[j] for i, j in zip(*np.nonzero(repaid), strict=False))
        exact = returns.exact and is_exact(r)
        if not exact:
            return float(total)
        return tidy(total) if isinstance(total, sp.Basic) else sp.Integer(total)

    def simulate(
        self,
        r: Any,
        distribution: Any,
        lending: str = "group",
        n: int = 100_000,
        rng: int | np.random.Generator | None = None,
    ) -> tuple[float, float]:
        """Monte Carlo estimate of the repayment rate and its standard error.

        ``distribution`` is a frozen ``scipy.stats`` continuous distribution; groups
        draw two independent returns each.

        Examples
        --------
        >>> import scipy.stats
        >>> rate, se = RepaymentGame().simulate(1, scipy.stats.uniform(0, 10), n=20_000, rng=1)
        >>> abs(rate - 0.88) < 4 * se
        True
        """
        _check_choice("lending", lending, _LENDING)
        r = _check_rate(r)
        returns = _returns(distribution)
        if returns.frozen is None:
            raise DomainError("simulate needs a frozen scipy.stats distribution")
        if not isinstance(n, (int, np.integer)) or n < 2:
            raise DomainError(f"n must be a whole number >= 2, not {n!r}")
        draws = returns.frozen.rvs(size=(2, int(n)), random_state=np.random.default_rng(rng))
        repaid = self._repaid(lending, draws[0], draws[1], r)
        return float(repaid.mean()), float(repaid.std(ddof=1) / np.sqrt(n))


def _check_rate(r: Any) -> Any:
    value = coerce_value(r, "r")
    if isinstance(value, sp.Basic) and value.free_symbols:
        raise DomainError("the repayment r must be a number")
    if not value > 0:
        raise DomainError(f"the repayment r={r!r} must be positive")
    return value


def _midpoint(a: Any, b: Any) -> float:
    a, b = float(a), float(b)
    if np.isinf(a) and np.isinf(b):
        return 0.0
    if np.isinf(a):
        return b - 1.0
    if np.isinf(b):
        return a + 1.0
    return (a + b) / 2


# ---------------------------------------------------------------------------------------
# the numbers of the Besley–Coate figures
# ---------------------------------------------------------------------------------------
def repayment_rates_data(
    rates: Sequence[Any] | None = None,
    distribution: Any = None,
    penalty: Penalty | Any = None,
    social_penalty: Penalty | Any = None,
) -> FigureData:
    """Repayment rates against the repayment ``r``: individual, group, group with sanctions.

    Defaults: returns uniform on [0, 10] (exact), penalty :math:`\\theta/2`, social
    penalty :math:`\\theta/4`, ``r = 0, 0.1, …, 5`` (``r = 0`` is left out: no loan).

    Examples
    --------
    >>> data = repayment_rates_data(rates=[1, 2])
    >>> data.columns["group"], data.columns["group_sanctions"]
    ([22/25, 13/25], [41/45, 29/45])
    """
    distribution = sps.Uniform("theta", 0, 10) if distribution is None else distribution
    rates = [sp.Rational(k, 10) for k in range(1, 51)] if rates is None else list(rates)
    plain = RepaymentGame(penalty)
    social = RepaymentGame(penalty, (lambda t: t / 4) if social_penalty is None else social_penalty)
    columns = {
        "r": rates,
        "individual": [plain.repayment_rate(r, distribution, "individual") for r in rates],
        "group": [plain.repayment_rate(r, distribution) for r in rates],
        "group_sanctions": [social.repayment_rate(r, distribution) for r in rates],
    }
    return FigureData(
        columns,
        title="Repayment rates: individual vs group lending",
        notes={
            "penalty": sp.sstr(plain.penalty),
            "social_penalty": sp.sstr(social.social_penalty),
            "distribution": str(distribution),
        },
    )


def repayment_regions_data(
    r: Any = 2,
    upper: float = 10,
    points: int = 101,
    penalty: Penalty | Any = None,
    social_penalty: Penalty | Any = None,
) -> FigureData:
    """The outcome of the repayment game on a grid of returns ``(theta1, theta2)``.

    Columns ``theta1``, ``theta2`` and ``outcome`` (index into :data:`OUTCOMES`) for
    returns in ``[0, upper]``; default penalty :math:`\\theta/2`, no sanctions.

    Examples
    --------
    >>> data = repayment_regions_data(r=2, points=3)
    >>> list(zip(data.columns["theta1"], data.columns["theta2"], data.columns["outcome"]))[:4]
    [(0.0, 0.0, 0), (0.0, 5.0, 0), (0.0, 10.0, 1), (5.0, 0.0, 0)]
    """
    game = RepaymentGame(penalty, social_penalty)
    axis = np.linspace(0, float(upper), int(points))
    t1, t2 = np.meshgrid(axis, axis, indexing="ij")
    codes = game.outcome(t1, t2, _check_rate(r))
    return FigureData(
        {
            "theta1": t1.ravel().tolist(),
            "theta2": t2.ravel().tolist(),
            "outcome": codes.ravel().tolist(),
        },
        title=f"Repayment game outcomes at r = {r}",
        notes={
            "r": r,
            "penalty": sp.sstr(game.penalty),
            "social_penalty": sp.sstr(game.social_penalty),
            "outcomes": ", ".join(OUTCOMES),
        },
    )
