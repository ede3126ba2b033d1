r"""Joint liability and mutual guarantee (互保, 联保): repayment, screening, peer monitoring.

MODELS.md §4. Three classic models of group lending, each derived from its
primitives.

Besley & Coate (1995): the repayment game (:class:`RepaymentGame`)
-------------------------------------------------------------------
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

Ghatak (2000), Ghatak & Guinnane (1999): screening (:class:`JointLiabilityScreening`)
--------------------------------------------------------------------------------------
Safe borrowers succeed with :math:`p_s` (return :math:`R_s`), risky ones with
:math:`p_r < p_s` (return :math:`R_r`). A contract :math:`(r, c)` asks :math:`r` on success
and a joint-liability payment :math:`c` when one succeeds and the partner fails:
:math:`EU_{ij} = p_i p_j (R_i - r) + p_i (1 - p_j)(R_i - r - c)`. Borrowers match
assortatively when :math:`EU_{ss} + EU_{rr} \ge EU_{sr} + EU_{rs}`; the separating
contracts offer the risky individual liability and the safe the least
joint liability :math:`c` at which the risky, matched with risky partners, do not
take the safe contract, both contracts breaking even for a bank whose cost of
funds per loan is :math:`I`.

Stiglitz (1990): peer monitoring (:class:`PeerMonitoring`)
----------------------------------------------------------
Each of two jointly liable borrowers picks the safe action (success :math:`p_s`,
return :math:`R_s`, private cost :math:`e`: effort) or the risky one (:math:`p_r`,
:math:`R_r`, no cost), with payoff :math:`p_a (R_a - r) - p_a (1 - p_b) c - e_a`.
Without monitoring the pair plays a Nash equilibrium; with peer monitoring
(cooperative) they choose the profile with the largest joint payoff. The
highest interest rate at which both choose safe is derived in each case.

Examples
--------
>>> import sympy.stats as st
>>> game = RepaymentGame(penalty=lambda t: t / 2)
>>> theta = st.Uniform("theta", 0, 10)
>>> game.repayment_rate(1, theta, lending="individual"), game.repayment_rate(1, theta)
(4/5, 22/25)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import combinations, pairwise
from typing import Any

import numpy as np
import scipy.stats
import sympy as sp
import sympy.stats as sps
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..algebra import evaluate, sign, tidy
from ..automata import Constraint
from ..errors import DomainError, ModelError, SolveError
from ..parameters import coerce_value, is_exact, symbol, validate
from ..plotting import FigureData, attach_data, new_axes, style_context
from ..thresholds import Threshold, solve_threshold

__all__ = [
    "OUTCOMES",
    "THETA",
    "JointLiabilityScreening",
    "PeerMonitoring",
    "RepaymentGame",
    "SeparatingContracts",
    "plot_repayment_rates",
    "plot_repayment_regions",
    "repayment_rates_data",
    "repayment_regions_data",
]

#: The project return of a group member, the variable of penalty functions.
THETA = sp.Symbol("theta", real=True)
#: Outcome codes of the repayment game, by index.
OUTCOMES = ("both default", "one repays for both", "both repay")
_LENDING = ("group", "individual")

Penalty = Callable[[Any], Any]


def _choice(name: str, value: Any, valid: Sequence[str]) -> None:
    if value not in valid:
        raise ModelError(f"{name} must be one of {', '.join(map(repr, valid))}, not {value!r}")


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

    def probability(self, a: Any, b: Any) -> Any:
        def at(x: Any) -> Any:
            if x == -sp.oo or x == -np.inf:
                return 0
            if x == sp.oo or x == np.inf:
                return 1
            return self.cdf(x)

        return at(b) - at(a)


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
        _choice("lending", lending, _LENDING)
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
        _choice("lending", lending, _LENDING)
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
        _choice("lending", lending, _LENDING)
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
# the Besley–Coate figure
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


def plot_repayment_rates(
    rates: Sequence[Any] | None = None,
    distribution: Any = None,
    penalty: Penalty | Any = None,
    social_penalty: Penalty | Any = None,
    ax: Axes | None = None,
    style: str = "paper",
) -> Figure:
    """Draw Besley–Coate repayment rates against ``r`` (see :func:`repayment_rates_data`)."""
    data = repayment_rates_data(rates, distribution, penalty, social_penalty)
    cols = data.columns
    x = [float(v) for v in cols["r"]]
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(x, [float(v) for v in cols["individual"]], label="individual lending")
        ax.plot(x, [float(v) for v in cols["group"]], "--", label="group lending")
        ax.plot(
            x,
            [float(v) for v in cols["group_sanctions"]],
            ":",
            label="group lending, social sanctions",
        )
        ax.set_xlabel("repayment per member $r$")
        ax.set_ylabel("repayment rate")
        ax.set_ylim(0, 1.02)
        ax.set_title(data.title)
        ax.legend()
    return attach_data(fig, data)


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


def plot_repayment_regions(
    r: Any = 2,
    upper: float = 10,
    points: int = 101,
    penalty: Penalty | Any = None,
    social_penalty: Penalty | Any = None,
    ax: Axes | None = None,
    style: str = "paper",
) -> Figure:
    """Draw where in (θ1, θ2) both repay, one repays for both, or both default."""
    data = repayment_regions_data(r, upper, points, penalty, social_penalty)
    n = int(points)
    codes = np.asarray(data.columns["outcome"]).reshape(n, n)
    palette = ["0.85", "tab:orange", "tab:blue"]
    colours = ListedColormap(palette)
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.imshow(
            codes.T,
            origin="lower",
            extent=(0, upper, 0, upper),
            cmap=colours,
            vmin=0,
            vmax=2,
            aspect="equal",
            interpolation="nearest",
        )
        ax.legend(
            handles=[Patch(color=palette[k], label=OUTCOMES[k]) for k in range(3)],
            loc="upper left",
            bbox_to_anchor=(1.02, 1),
        )
        ax.set_xlabel(r"member 1's return $\theta_1$")
        ax.set_ylabel(r"member 2's return $\theta_2$")
        ax.set_title(data.title)
    return attach_data(fig, data)


# ---------------------------------------------------------------------------------------
# shared by the two-type models
# ---------------------------------------------------------------------------------------
#: The two kinds of project (or borrower): success probability and return on success.
_KINDS = {"safe": ("pi", "Y"), "risky": ("pi_r", "Y_r")}
#: Stands for ``pi - pi_r > 0`` so that signs that need ``pi_r < pi`` can be proved.
_GAP = sp.Symbol("pi_gap", positive=True)


def _kind(name: str) -> tuple[sp.Symbol, sp.Symbol]:
    _choice("type", name, tuple(_KINDS))
    return tuple(symbol(n) for n in _KINDS[name])  # type: ignore[return-value]


def _two_type_values(values: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    """Validate values; the risky kind must succeed less often than the safe one."""
    given = validate(values, allowed=allowed)
    if {"pi", "pi_r"} <= given.keys() and not given["pi_r"] < given["pi"]:
        raise DomainError(
            f"the risky kind must succeed less often: pi_r={given['pi_r']} "
            f"must be below pi={given['pi']}"
        )
    return given


def _solve_with_order(
    constraints: list[Constraint], name: str, given: Mapping[str, Any]
) -> Threshold:
    """:func:`solve_threshold` with ``pi_r = pi - gap`` (gap > 0) when ``pi_r`` is symbolic."""
    if "pi_r" in given or "pi" in given:
        return solve_threshold(constraints, name, given)
    pi, pi_r = symbol("pi"), symbol("pi_r")
    ordered = [
        Constraint(
            c.state,
            c.player,
            c.action,
            c.deviation,
            tidy(c.slack.xreplace({pi_r: pi - _GAP})),
            c.node,
            c.on_path,
        )
        for c in constraints
    ]
    found = solve_threshold(ordered, name, given)
    back = {_GAP: pi - pi_r}

    def undo(x: Any) -> Any:
        return tidy(x.xreplace(back)) if isinstance(x, sp.Expr) else x.xreplace(back)

    return replace(
        found,
        value=None if found.value is None else undo(found.value),
        region=None if found.region is None else found.region.xreplace(back),
        requires=tuple(undo(c) for c in found.requires),
        valid_when=tuple(undo(c) for c in found.valid_when),
    )


# ---------------------------------------------------------------------------------------
# Ghatak screening
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SeparatingContracts:
    """The separating joint-liability contracts: (R, c) for safe and for risky borrowers.

    ``threshold`` is the least joint liability that separates (the safe contract
    uses it); ``limited_liability`` whether a successful safe borrower can pay
    ``R + c`` from its return (an expression when values are missing).
    """

    safe: tuple[Any, Any]
    risky: tuple[Any, Any]
    threshold: Threshold
    limited_liability: Any

    def __str__(self) -> str:
        s, k = (tuple(sp.sstr(v) for v in pair) for pair in (self.safe, self.risky))
        return f"safe (R, c) = ({s[0]}, {s[1]}); risky (R, c) = ({k[0]}, {k[1]})"

    def __repr__(self) -> str:
        return f"SeparatingContracts({self})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data (exact numbers as strings)."""
        return {
            "safe": [str(v) for v in self.safe],
            "risky": [str(v) for v in self.risky],
            "threshold": self.threshold.to_dict(),
            "limited_liability": str(self.limited_liability),
        }

    def latex(self) -> str:
        """Both contracts in LaTeX."""
        s, k = ([sp.latex(v) for v in pair] for pair in (self.safe, self.risky))
        return rf"(R_s, c_s) = ({s[0]}, {s[1]}),\ (R_r, c_r) = ({k[0]}, {k[1]})"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


class JointLiabilityScreening:
    """Screening by joint liability with two borrower types (Ghatak 2000).

    Safe borrowers succeed with ``pi`` and return ``Y``; risky ones with
    ``pi_r < pi`` and return ``Y_r``. A contract asks ``R`` on success and ``c`` more
    when the partner fails; the bank's cost of funds per loan is ``I``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> model = JointLiabilityScreening()
    >>> model.sorting_gain()
    c*(pi - pi_r)**2
    >>> point = dict(pi=Fraction(9, 10), pi_r=Fraction(3, 5), Y=5, Y_r=Fraction(15, 2), I=1)
    >>> print(model.separating_contracts(**point))
    safe (R, c) = (25/27, 50/27); risky (R, c) = (5/3, 0)
    """

    types = tuple(_KINDS)

    def __repr__(self) -> str:
        return "JointLiabilityScreening()"

    def outcomes(
        self, kind: str, partner: str, R: Any = None, c: Any = None
    ) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
        """``(probability, borrower's payoff, bank's receipt)`` for one borrower of type ``kind``.

        Both succeed: it pays ``R``; it succeeds and the partner fails: ``R + c``;
        it fails: nothing (limited liability).
        """
        R = symbol("R") if R is None else R
        c = symbol("c") if c is None else c
        (p, Y), (q, _) = _kind(kind), _kind(partner)
        return [(p * q, Y - R, R), (p * (1 - q), Y - R - c, R + c), (1 - p, 0, 0)]

    def payoff(self, kind: str, partner: str, R: Any = None, c: Any = None) -> sp.Expr:
        """Expected payoff of a ``kind`` borrower with a ``partner`` under contract (R, c)."""
        return tidy(sum(prob * pay for prob, pay, _ in self.outcomes(kind, partner, R, c)))

    def revenue(self, kind: str, partner: str, R: Any = None, c: Any = None) -> sp.Expr:
        """The bank's expected repayment from one borrower of type ``kind``."""
        return tidy(sum(prob * paid for prob, _, paid in self.outcomes(kind, partner, R, c)))

    def sorting_gain(self) -> sp.Expr:
        """:math:`EU_{ss} + EU_{rr} - EU_{sr} - EU_{rs}`: positive means assortative matching."""
        gain = (
            self.payoff("safe", "safe")
            + self.payoff("risky", "risky")
            - self.payoff("safe", "risky")
            - self.payoff("risky", "safe")
        )
        return sp.factor(gain).xreplace(
            {symbol("pi_r") - symbol("pi"): symbol("pi") - symbol("pi_r")}
        )

    def matching(self, **values: Any) -> str:
        """``"assortative"``, ``"mixed"`` or ``"indifferent"``; proved from the domains if symbolic.

        Examples
        --------
        >>> JointLiabilityScreening().matching(), JointLiabilityScreening().matching(c=0)
        ('assortative', 'indifferent')
        """
        given = _two_type_values(values, ("pi", "pi_r", "c"))
        gain = evaluate(self.sorting_gain(), given)
        if isinstance(gain, float) or not sp.sympify(gain).free_symbols:
            proved = int(bool(gain > 0)) - int(bool(gain < 0))
        else:
            proved = sign(gain) if sign(gain) is not None else (1 if gain.is_nonnegative else None)
        if proved is None:
            raise SolveError(f"the sign of the sorting gain {sp.sstr(gain)} needs numbers")
        return {1: "assortative", 0: "indifferent", -1: "mixed"}[int(proved)]

    @cached_property
    def _separation(self) -> tuple[sp.Expr, sp.Expr, Constraint]:
        """Break-even repayments (risky: c = 0; safe: in terms of c) and the risky IC."""
        R, c, I = symbol("R"), symbol("c"), symbol("I")
        risky_R = sp.solve(self.revenue("risky", "risky", R, 0) - I, R)[0]
        safe_R = sp.solve(self.revenue("safe", "safe", R, c) - I, R)[0]
        # the risky borrowers' incentive constraint: their own contract beats the safe one
        ic = self.payoff("risky", "risky", risky_R, 0) - self.payoff("risky", "risky", safe_R, c)
        return (
            risky_R,
            safe_R,
            Constraint("contracts", "risky", "risky contract", "safe contract", tidy(ic)),
        )

    def separating_contracts(self, **values: Any) -> SeparatingContracts:
        """The break-even separating contracts under assortative matching.

        Risky borrowers get individual liability (``c = 0``) at their break-even
        repayment; safe borrowers get the least joint liability ``c`` at which a
        risky pair does not take the safe contract, with ``R`` set so the bank breaks
        even on it.
        """
        given = _two_type_values(values, ("pi", "pi_r", "Y", "Y_r", "I"))
        c = symbol("c")
        risky_R, safe_R, constraint = self._separation
        threshold = _solve_with_order([constraint], "c", given)
        c_min = threshold.value
        safe = (evaluate(tidy(safe_R.subs(c, c_min)), given), c_min)
        risky = (evaluate(risky_R, given), sp.Integer(0))
        room = evaluate(symbol("Y") - safe[0] - c_min, given)
        room = room >= 0 if not sp.sympify(room).free_symbols else tidy(room)
        return SeparatingContracts(safe, risky, threshold, room)


# ---------------------------------------------------------------------------------------
# Stiglitz peer monitoring
# ---------------------------------------------------------------------------------------
class PeerMonitoring:
    """Project (or effort) choice of two jointly liable borrowers (Stiglitz 1990).

    The safe action succeeds with ``pi``, returns ``Y`` and costs ``e`` (effort;
    ``e = 0`` for a pure project choice); the risky one succeeds with ``pi_r < pi``
    and returns ``Y_r``. Each owes ``R`` on success and ``c`` more when the partner
    fails.

    Examples
    --------
    >>> from fractions import Fraction
    >>> model = PeerMonitoring()
    >>> point = dict(pi=Fraction(9, 10), pi_r=Fraction(1, 2), Y=3, Y_r=4, e=0, c=1)
    >>> [model.max_rate(mode, **point).value for mode in PeerMonitoring.modes]
    [7/4, 33/20, 43/20]
    """

    actions = tuple(_KINDS)
    modes = ("individual", "noncooperative", "cooperative")

    def __repr__(self) -> str:
        return "PeerMonitoring()"

    def payoff(self, own: str, partner: str, c: Any = None) -> sp.Expr:
        """A borrower's expected payoff choosing ``own`` when its partner chooses ``partner``."""
        R, c = symbol("R"), symbol("c") if c is None else c
        (p, Y), (q, _) = _kind(own), _kind(partner)
        cost = symbol("e") if own == "safe" else 0
        return tidy(p * q * (Y - R) + p * (1 - q) * (Y - R - c) - cost)

    def payoffs(self, c: Any = None) -> dict[tuple[str, str], tuple[sp.Expr, sp.Expr]]:
        """Both borrowers' payoffs for every profile (the symmetric 2×2 game)."""
        return {
            (a, b): (self.payoff(a, b, c), self.payoff(b, a, c))
            for a in self.actions
            for b in self.actions
        }

    def constraints(self, mode: str = "noncooperative") -> list[Constraint]:
        """The conditions under which both borrowers choose the safe action.

        ``individual``: no joint liability (``c = 0``), each decides alone;
        ``noncooperative``: (safe, safe) is a Nash equilibrium; ``cooperative`` (peer
        monitoring enforces what the pair agrees): it maximises the joint payoff.
        """
        _choice("mode", mode, self.modes)
        return list(self._constraint_sets[mode])

    @cached_property
    def _constraint_sets(self) -> dict[str, tuple[Constraint, ...]]:
        found = {}
        for mode in self.modes:
            table = self.payoffs(0 if mode == "individual" else None)
            safe = table[("safe", "safe")]
            if mode == "cooperative":
                found[mode] = tuple(
                    Constraint(
                        "loan", "group", "safe, safe", ", ".join(p), tidy(sum(safe) - sum(pay))
                    )
                    for p, pay in table.items()
                    if p != ("safe", "safe")
                )
            else:
                found[mode] = (
                    Constraint(
                        "loan",
                        "borrower",
                        "safe",
                        "risky",
                        tidy(safe[0] - table[("risky", "safe")][0]),
                    ),
                )
        return found

    def max_rate(self, mode: str = "noncooperative", **values: Any) -> Threshold:
        """The highest repayment ``R`` at which both borrowers choose the safe action."""
        given = _two_type_values(values, ("pi", "pi_r", "Y", "Y_r", "c", "e"))
        return _solve_with_order(self.constraints(mode), "R", given)

    def choice(self, mode: str = "noncooperative", **values: Any) -> list[tuple[str, str]]:
        """The profiles chosen at a point: pure Nash equilibria, or the joint-payoff maximisers."""
        _choice("mode", mode, self.modes)
        given = _two_type_values(values, ("pi", "pi_r", "Y", "Y_r", "R", "c", "e"))
        table = {
            p: tuple(float(evaluate(u, given)) for u in pay)
            for p, pay in self.payoffs(0 if mode == "individual" else None).items()
        }
        if mode == "cooperative":
            best = max(sum(v) for v in table.values())
            return [p for p, v in table.items() if sum(v) >= best]
        return [
            (a, b)
            for (a, b), (u, v) in table.items()
            if all(u >= table[(x, b)][0] for x in self.actions)
            and all(v >= table[(a, y)][1] for y in self.actions)
        ]
