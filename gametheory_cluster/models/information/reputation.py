r"""Reputation with an honest type: the finite lending game of Kreps–Wilson (1982).

Solved exactly (sympy ``Rational`` in → ``Rational`` out; floats in → floats out).

One SME meets the bank for :math:`T` periods :math:`t = 1, \dots, T`; in period
:math:`t`, :math:`k = T - t + 1` periods remain. Each period the bank lends
:math:`I` or refuses; after a loan the SME repays :math:`R` or defaults:

============  ================  =================
outcome       bank              SME
============  ================  =================
Repay         :math:`R - I`     :math:`Y - R`
Default       :math:`-I`        :math:`Y`
Refuse        :math:`0`         :math:`w`
============  ================  =================

With prior probability :math:`\mu` the SME is *honest* and always repays; otherwise
it is *strategic* and maximises :math:`\sum_t \delta^{t-1} u_t` (:math:`\delta = 1`
unless ``discounting=True``). Play is public. Each loan is judged on its own (a
line of short-lived lenders, as Kreps and Wilson's entrants): the bank lends when
its expected profit :math:`\rho R - I` is positive (:math:`\rho` the probability of
repayment given its belief), refuses when it is negative, and may mix when it is
zero. Beliefs follow Bayes' rule: a repayment moves :math:`\mu` to
:math:`\mu / (\mu + (1 - \mu)\beta)`, :math:`\beta` the strategic type's repayment
probability; a default reveals the strategic type (:math:`\mu = 0`); a refusal
reveals nothing.

The sequential equilibrium is found by backward induction from two conditions,
each derived below with sympy from the stage payoffs:

* *Bank's break-even belief.* If the strategic type repays just often enough to
  keep the posterior at a target :math:`m`, the repayment probability is
  :math:`\rho = \mu / m`; the bank breaks even at :math:`\mu = m I / R`. With
  :math:`\mu^*_0 = 1` this gives the cutoffs :math:`\mu^*_k` one by one.
* *Strategic type's indifference.* Repaying costs :math:`R` now; it buys, next
  period, a loan it will not repay, with the probability :math:`\ell` that the
  bank lends at the cutoff. Indifference gives :math:`\ell = R / (\delta (Y - w))`.

With :math:`k` periods left and belief :math:`\mu` the bank lends if
:math:`\mu > \mu^*_k`, lends with probability :math:`\ell` if
:math:`\mu = \mu^*_k`, refuses otherwise; the strategic type repays for sure if
:math:`\mu \ge \mu^*_{k-1}`, and otherwise repays with the probability that
makes the posterior exactly :math:`\mu^*_{k-1}`; it defaults in the last period.
When :math:`\delta (Y - w) < R` a reputation is not worth one repayment: the
strategic type always defaults and the bank lends iff :math:`\mu R \ge I`.

This is a *trust game with short-run lenders* (the SME is the long-run player, the
trustee), not the chain store: there the long-run player wants the short-run
players to stay *out*, here it wants them to come *in*. So the dynamics differ. A
refusal reveals nothing and the cutoff rises as the horizon shortens, so a refusal
is absorbing: once refused, the SME is never lent to again. On the path the bank
mixes at every cutoff and a loan there is repaid with probability :math:`I/R`, so
from the bank's first mixing the ex-ante probability of a loan falls by the factor
:math:`\ell I/R` each period (:attr:`ReputationEquilibrium.loan_decay`; 2/3 on the
base case, from 0.72 in period 7 of 30: :func:`loan_probability_data`).

Kreps, D. M. and R. Wilson (1982), *Journal of Economic Theory* 27(2): 253–279;
Milgrom, P. and J. Roberts (1982), *JET* 27(2): 280–312; Kreps, Milgrom, Roberts and
Wilson (1982), *JET* 27(2): 245–252. See docs/explanation/information.md.

Examples
--------
>>> from fractions import Fraction
>>> eq = ReputationGame(horizon=3).solve(I=100, R=110, Y=150, w=0, mu=Fraction(17, 20))
>>> [p.repay for p in eq.periods], eq.cutoffs
([1, 17/30, 0], (10/11, 100/121, 1000/1331))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import fraction, plain
from ...errors import DomainError, ModelError
from ...figure_data import FigureData
from ...parameters import Value, symbols, validate
from ._rational import _as_fractions, _exporter, _FiniteHorizonGame, _frame, _table

__all__ = [
    "ReputationEquilibrium",
    "ReputationGame",
    "ReputationPeriod",
    "ReputationSample",
    "loan_probability_data",
    "reputation_path_data",
]

_I, _R, _Y, _w = symbols("I R Y w")


# ======================================================= the honest-type game
@cache
def _kw_conditions() -> tuple[Any, Any]:
    """The two equilibrium conditions of one period, derived from the stage payoffs.

    Returns callables ``cutoff(target, I, R)`` (the belief at which the bank breaks
    even when the strategic type steers the posterior to ``target``) and
    ``mixing(d, R, Y, w)`` (the bank's lending probability at a cutoff that leaves
    the strategic type indifferent one period earlier).
    """
    rho, mu, target, ell, d = sp.symbols("rho mu target ell d", positive=True)
    bank = {"repay": _R - _I, "default": -_I, "refuse": sp.Integer(0)}
    sme = {"repay": _Y - _R, "default": _Y, "refuse": _w}
    profit = rho * bank["repay"] + (1 - rho) * bank["default"] - bank["refuse"]
    (cutoff,) = sp.solve(sp.Eq(profit.subs(rho, mu / target), 0), mu)
    cost = sme["default"] - sme["repay"]
    gain = ell * (sme["default"] - sme["refuse"])  # lent at the cutoff rather than refused
    (mixing,) = sp.solve(sp.Eq(d * gain, cost), ell)
    return (
        sp.lambdify((target, _I, _R), cutoff, modules=[{}]),
        sp.lambdify((d, _R, _Y, _w), mixing, modules=[{}]),
    )


@dataclass(frozen=True)
class ReputationPeriod:
    """One period on the path along which every loan so far was made and repaid.

    Attributes
    ----------
    period, remaining : int
        Calendar period :math:`t` and periods left :math:`k = T - t + 1`.
    belief : number
        The bank's belief that the SME is honest at the start of the period.
    cutoff : number
        :math:`\\mu^*_k`, the lowest belief at which the bank lends.
    lend : number
        The bank's probability of lending.
    repay : number
        The strategic type's probability of repaying a loan.
    repayment : number
        The probability that a loan is repaid, :math:`\\mu + (1 - \\mu)\\beta`.
    posterior : number
        The belief after a repayment (Bayes' rule).
    bank_profit : number
        The bank's expected profit from lending at this belief.
    repay_gain : number
        The strategic type's payoff from repaying minus defaulting (0 when it mixes).
    """

    period: int
    remaining: int
    belief: Value
    cutoff: Value
    lend: Value
    repay: Value
    repayment: Value
    posterior: Value
    bank_profit: Value
    repay_gain: Value

    @property
    def phase(self) -> str:
        """The strategic type's play: ``no loan``, ``repays``, ``mixes`` or ``defaults``."""
        if self.lend == 0:
            return "no loan"
        if self.repay == 1:
            return "repays"
        return "defaults" if self.repay == 0 else "mixes"

    def to_dict(self) -> dict[str, Any]:
        """Plain data (exact numbers as strings)."""
        fields = ("period", "remaining", "belief", "cutoff", "lend", "repay", "repayment",
                  "posterior", "bank_profit", "repay_gain")
        return plain({f: plain(getattr(self, f)) for f in fields} | {"phase": self.phase})


@dataclass(frozen=True)
class _Play:
    lend: Fraction
    repay: Fraction
    posterior: Fraction


@dataclass
class ReputationSample:
    """Simulated play: ``honest[i]`` the type of SME ``i``; ``lent[i, t]``, ``repaid[i, t]``."""

    honest: np.ndarray
    lent: np.ndarray
    repaid: np.ndarray


class ReputationGame(_FiniteHorizonGame):
    """The finite-horizon lending game with an honest type (Kreps–Wilson reputation).

    Parameters
    ----------
    horizon : int
        The number of periods :math:`T`.
    discounting : bool
        Discount the strategic type's payoffs by ``delta`` (default: undiscounted).

    Examples
    --------
    >>> from fractions import Fraction
    >>> game = ReputationGame(horizon=30)
    >>> eq = game.solve(I=100, R=110, Y=150, w=0, mu=Fraction(1, 10))
    >>> eq.bank_mixing, eq.mixing_starts
    (11/15, 6)
    >>> eq.periods[5].phase, eq.periods[5].posterior == eq.cutoffs[23]
    ('mixes', True)
    """

    _NAMES = ("I", "R", "Y", "w", "mu")

    def solve(self, **values: Any) -> ReputationEquilibrium:
        """The sequential equilibrium at the given parameter values.

        Raises
        ------
        DomainError
            If ``R <= I`` (a repaid loan must be profitable) or a value is outside its domain.
        """
        checked = validate(values, allowed=self.parameters, table="ReputationGame")
        numbers, exact = _as_fractions(checked, self.parameters, repr(self))
        if numbers["R"] <= numbers["I"]:
            raise DomainError(
                f"the model assumes I < R (a repaid loan is profitable); got I={checked['I']}, "
                f"R={checked['R']}"
            )
        return ReputationEquilibrium(self, numbers, exact)


class ReputationEquilibrium:
    """The sequential equilibrium of a :class:`ReputationGame` at one parameter point.

    Attributes
    ----------
    periods : list of ReputationPeriod
        The path along which every loan so far was made and repaid.
    cutoffs : tuple
        ``cutoffs[k - 1]`` is :math:`\\mu^*_k`, the cutoff belief with ``k`` periods left.
    bank_mixing : number or None
        The bank's lending probability at a cutoff (None without a reputation regime).
    reputation : bool
        Whether a reputation is worth a repayment, :math:`\\delta (Y - w) \\ge R`.
    """

    def __init__(self, game: ReputationGame, numbers: dict[str, Fraction], exact: bool) -> None:
        self.game = game
        self.horizon = game.horizon
        self._x = numbers
        self._export = _export = _exporter(exact)
        self.exact = exact
        self.values = {k: _export(v) for k, v in numbers.items()}
        cutoff, mixing = _kw_conditions()
        R, Y, w = (numbers[n] for n in ("R", "Y", "w"))
        self._d = numbers.get("delta", Fraction(1))
        ell = mixing(self._d, R, Y, w) if w < Y else None
        self.reputation = ell is not None and ell <= 1
        self._ell = ell if self.reputation else None
        cuts, target = [], Fraction(1)
        for _ in range(self.horizon):
            cuts.append(Fraction(cutoff(target, numbers["I"], R)))
            if self.reputation:
                target = cuts[-1]
        self._cuts = cuts
        self._memo: dict[tuple[int, Fraction], Fraction] = {}
        self.cutoffs = tuple(_export(c) for c in cuts)
        self.bank_mixing = None if self._ell is None else _export(self._ell)
        self.periods = self._path()

    # ------------------------------------------------------------- the strategy
    def _play(self, k: int, mu: Fraction) -> _Play:
        cut = self._cuts[k - 1]
        if mu > cut:
            lend = Fraction(1)
        elif mu == cut:
            lend = self._ell if self.reputation else Fraction(1)
        else:
            lend = Fraction(0)
        if not self.reputation or k == 1:
            repay = Fraction(0)
        else:
            target = self._cuts[k - 2]
            repay = Fraction(1) if mu >= target else mu * (1 - target) / ((1 - mu) * target)
        mass = mu + (1 - mu) * repay
        return _Play(lend, repay, mu / mass if mass > 0 else Fraction(0))

    def _value(self, k: int, mu: Fraction) -> Fraction:
        """The strategic type's expected payoff with ``k`` periods left at belief ``mu``."""
        if k == 0:
            return Fraction(0)
        key = (k, mu)
        if key not in self._memo:
            x, d, play = self._x, self._d, self._play(k, mu)
            lent = play.repay * self._repaid(k, play) + (1 - play.repay) * self._defaulted(k)
            refused = x["w"] + d * self._value(k - 1, mu)
            self._memo[key] = play.lend * lent + (1 - play.lend) * refused
        return self._memo[key]

    def _repaid(self, k: int, play: _Play) -> Fraction:
        return self._x["Y"] - self._x["R"] + self._d * self._value(k - 1, play.posterior)

    def _defaulted(self, k: int) -> Fraction:
        return self._x["Y"] + self._d * self._value(k - 1, Fraction(0))

    def play(self, remaining: int, belief: Any) -> tuple[Value, Value, Value]:
        """``(lend, repay, posterior)`` at any node: ``remaining`` periods left, ``belief`` μ.

        The equilibrium is sequential: it says what happens off the path too.

        Examples
        --------
        >>> eq = ReputationGame(horizon=2).solve(I=100, R=110, Y=150, w=0, mu=0)
        >>> eq.play(2, eq.cutoffs[1])
        (11/15, 10/21, 10/11)
        """
        mu = self._belief(remaining, belief)
        p = self._play(remaining, mu)
        return self._export(p.lend), self._export(p.repay), self._export(p.posterior)

    def value(self, remaining: int, belief: Any) -> Value:
        """The strategic type's expected payoff from a node on (undiscounted to that node)."""
        return self._export(self._value(remaining, self._belief(remaining, belief)))

    def _belief(self, remaining: int, belief: Any) -> Fraction:
        if isinstance(remaining, bool) or not isinstance(remaining, int):
            raise ModelError(f"remaining must be a whole number, not {remaining!r}")
        if not 1 <= remaining <= self.horizon:
            raise ModelError(f"remaining must be between 1 and {self.horizon}, not {remaining}")
        mu = fraction(belief, "belief")
        if not 0 <= mu <= 1:
            raise DomainError(f"belief={belief!r} must lie in [0, 1]")
        return mu

    # ---------------------------------------------------------------- the path
    def _path(self) -> list[ReputationPeriod]:
        x, e = self._x, self._export
        mu, rows = x["mu"], []
        for t in range(1, self.horizon + 1):
            k = self.horizon - t + 1
            p = self._play(k, mu)
            repayment = mu + (1 - mu) * p.repay
            gain = self._repaid(k, p) - self._defaulted(k)
            rows.append(ReputationPeriod(
                t, k, e(mu), e(self._cuts[k - 1]), e(p.lend), e(p.repay), e(repayment),
                e(p.posterior), e(repayment * x["R"] - x["I"]), e(gain)))
            if p.lend > 0:
                mu = p.posterior
        return rows

    @property
    def loan_decay(self) -> Value | None:
        """The factor by which the ex-ante probability of a loan falls each period once the
        bank mixes: ``bank_mixing * I / R`` (None without a reputation regime).

        A refusal is absorbing: it reveals nothing, so the belief stays where it was,
        while the cutoff rises as the horizon shortens (``(I/R)^(k-1) > (I/R)^k``); the
        bank refuses for ever after. A loan at a cutoff is made with probability
        ``bank_mixing`` and repaid with probability ``I/R`` (the belief at the cutoff
        over the next cutoff), so the chance that lending goes on falls by their product.

        Examples
        --------
        >>> ReputationGame(horizon=3).solve(I=100, R=110, Y=150, w=0, mu=0).loan_decay
        2/3
        """
        if self._ell is None:
            return None
        return self._export(self._ell * self._x["I"] / self._x["R"])

    @property
    def mixing_starts(self) -> int | None:
        """The first period in which the strategic type mixes on the path (None if never)."""
        return next((p.period for p in self.periods if p.phase == "mixes"), None)

    def outcome_probabilities(self) -> dict[str, list[Value]]:
        """Ex-ante probabilities, period by period, that a loan is made, repaid, defaulted on.

        Computed exactly by carrying the distribution over (type, belief) forward.

        Examples
        --------
        >>> eq = ReputationGame(horizon=2).solve(I=100, R=110, Y=150, w=0, mu=1)
        >>> eq.outcome_probabilities()["repaid"]
        [1, 1]
        """
        dist: dict[tuple[bool, Fraction], Fraction] = {}
        mu = self._x["mu"]
        for honest, mass in ((True, mu), (False, 1 - mu)):
            if mass:
                dist[(honest, mu)] = mass
        out: dict[str, list[Value]] = {"loan": [], "repaid": [], "default": []}
        for t in range(1, self.horizon + 1):
            k = self.horizon - t + 1
            loan = repaid = Fraction(0)
            nxt: dict[tuple[bool, Fraction], Fraction] = {}
            for (honest, b), mass in dist.items():
                p = self._play(k, b)
                r = Fraction(1) if honest else p.repay
                loan += mass * p.lend
                repaid += mass * p.lend * r
                for key, m in (((honest, p.posterior), p.lend * r),
                               ((honest, Fraction(0)), p.lend * (1 - r)),
                               ((honest, b), 1 - p.lend)):
                    if m:
                        nxt[key] = nxt.get(key, Fraction(0)) + mass * m
            dist = nxt
            for name, v in (("loan", loan), ("repaid", repaid), ("default", loan - repaid)):
                out[name].append(self._export(v))
        return out

    def simulate(self, n: int, rng: int | np.random.Generator | None = None) -> ReputationSample:
        """Play the equilibrium ``n`` times (types drawn from the prior); vectorised over paths.

        Beliefs are tracked exactly; paths that share a belief share one strategy lookup.

        Examples
        --------
        >>> eq = ReputationGame(horizon=4).solve(I=100, R=110, Y=150, w=0, mu=1)
        >>> bool(eq.simulate(5, rng=1).repaid.all())
        True
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ModelError(f"n must be a whole number >= 1, not {n!r}")
        gen = np.random.default_rng(rng)
        honest = gen.random(n) < float(self._x["mu"])
        beliefs = [self._x["mu"]]
        state = np.zeros(n, dtype=np.intp)
        lent = np.zeros((n, self.horizon), dtype=bool)
        repaid = np.zeros((n, self.horizon), dtype=bool)
        for t in range(self.horizon):
            plays = [self._play(self.horizon - t, b) for b in beliefs]
            lend_p = np.array([float(p.lend) for p in plays])[state]
            repay_p = np.where(honest, 1.0, np.array([float(p.repay) for p in plays])[state])
            lent[:, t] = gen.random(n) < lend_p
            repaid[:, t] = lent[:, t] & (gen.random(n) < repay_p)
            # next beliefs: posterior after a repayment, 0 after a default, unchanged otherwise
            outcome = np.where(repaid[:, t], 0, np.where(lent[:, t], 1, 2))
            nxt: dict[Fraction, int] = {}
            new_state = np.empty_like(state)
            for (j, o) in {(int(j), int(o)) for j, o in zip(state, outcome, strict=True)}:
                b = (plays[j].posterior, Fraction(0), beliefs[j])[o]
                new_state[(state == j) & (outcome == o)] = nxt.setdefault(b, len(nxt))
            beliefs, state = list(nxt), new_state
        return ReputationSample(honest, lent, repaid)

    # ------------------------------------------------------------ presentation
    def to_dict(self) -> dict[str, Any]:
        """Plain data: parameters, cutoffs, the bank's mixing and the path."""
        return plain({
            "horizon": self.horizon,
            "values": {k: plain(v) for k, v in self.values.items()},
            "reputation": self.reputation,
            "bank_mixing": plain(self.bank_mixing),
            "cutoffs": [plain(c) for c in self.cutoffs],
            "periods": [p.to_dict() for p in self.periods],
        })

    def to_frame(self) -> Any:
        """The path as a pandas DataFrame (needs pandas)."""
        return _frame([p.to_dict() for p in self.periods])

    def __repr__(self) -> str:
        mix = f", mixing from period {self.mixing_starts}" if self.mixing_starts else ""
        return f"<ReputationEquilibrium T={self.horizon}, mu={self.values['mu']}{mix}>"

    def __str__(self) -> str:
        fmt = (lambda v: f"{float(v):.4f}") if not self.exact else str
        rows = [(p.period, p.remaining, fmt(p.belief), fmt(p.cutoff), fmt(p.lend), fmt(p.repay),
                 fmt(p.posterior), p.phase) for p in self.periods]
        head = ("t", "k", "belief", "cutoff", "lend", "repay", "posterior", "strategic type")
        note = (f"bank lends w.p. {self.bank_mixing} at a cutoff" if self.reputation
                else "no reputation: delta*(Y - w) < R, the strategic type always defaults")
        return f"{self!r}\n{note}\n{_table(head, rows)}"

    def latex(self) -> str:
        """The path as a LaTeX tabular."""
        lines = [r"\begin{tabular}{rrllll}", r"$t$ & $k$ & $\mu_t$ & $\mu^*_k$ & lend & "
                 r"$\beta_t$ \\ \hline"]
        for p in self.periods:
            cells = [sp.latex(sp.sympify(v)) for v in (p.belief, p.cutoff, p.lend, p.repay)]
            lines.append(f"{p.period} & {p.remaining} & " + " & ".join(f"${c}$" for c in cells)
                         + r" \\")
        return "\n".join([*lines, r"\end{tabular}"])

    def _repr_latex_(self) -> str:
        return self.latex()


def reputation_path_data(eq: ReputationEquilibrium) -> FigureData:
    """The numbers behind :func:`.plot_reputation_path`: the path plus ex-ante probabilities.

    Examples
    --------
    >>> eq = ReputationGame(horizon=3).solve(I=100, R=110, Y=150, w=0, mu=1)
    >>> reputation_path_data(eq).columns["posterior"]
    [1, 1, 1]
    """
    probs = eq.outcome_probabilities()
    cols = {
        "period": [p.period for p in eq.periods],
        "belief": [p.belief for p in eq.periods],
        "cutoff": [p.cutoff for p in eq.periods],
        "lend": [p.lend for p in eq.periods],
        "repay_strategic": [p.repay for p in eq.periods],
        "repayment": [p.repayment for p in eq.periods],
        "posterior": [p.posterior for p in eq.periods],
        "p_loan": probs["loan"],
        "p_repaid": probs["repaid"],
    }
    notes = {k: v for k, v in eq.values.items()} | {
        "horizon": eq.horizon, "bank_mixing": eq.bank_mixing, "mixing_starts": eq.mixing_starts}
    return FigureData(cols, title="Reputation with an honest type: repayment and beliefs",
                      notes=notes)


def loan_probability_data(eq: ReputationEquilibrium) -> FigureData:
    """The numbers behind :func:`.plot_loan_probability`: ex-ante probabilities by period.

    Columns ``period``, ``p_loan`` (a loan is made), ``p_repaid``, ``p_default`` and
    ``ratio`` (``p_loan`` over its value a period earlier; empty in period 1 and where
    no loan was possible). Notes: the first period in which the bank mixes, the
    probability of a loan then, and the decay factor ``bank_mixing * I / R``
    (:attr:`ReputationEquilibrium.loan_decay`). A refusal is absorbing, so from the
    bank's first mixing on the probability of a loan falls by that factor each period.

    Examples
    --------
    >>> from fractions import Fraction
    >>> eq = ReputationGame(horizon=30).solve(I=100, R=110, Y=150, w=0, mu=Fraction(1, 10))
    >>> data = loan_probability_data(eq)
    >>> data.notes["bank_mixes_from"], round(float(data.notes["p_loan_then"]), 4)
    (7, 0.7223)
    >>> set(data.columns["ratio"][7:])
    {2/3}
    """
    probs = eq.outcome_probabilities()
    loan = probs["loan"]
    ratio: list[Any] = [""] + [
        (b / a if eq.exact else float(b) / float(a)) if a else ""
        for a, b in itertools.pairwise(loan)
    ]
    first = next((p.period for p in eq.periods if 0 < p.lend < 1), None)
    notes = dict(eq.values) | {
        "horizon": eq.horizon,
        "bank_mixing": eq.bank_mixing,
        "loan_decay": eq.loan_decay,
        "bank_mixes_from": first,
        "p_loan_then": loan[first - 1] if first else None,
        "mixing_starts": eq.mixing_starts,
    }
    cols = {
        "period": [p.period for p in eq.periods],
        "p_loan": loan,
        "p_repaid": probs["repaid"],
        "p_default": probs["default"],
        "ratio": ratio,
    }
    return FigureData(cols, title="Reputation: the ex-ante probability of a loan, by period",
                      notes=notes)
