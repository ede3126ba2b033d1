r"""Reputation with types: the lending game with an honest SME, and clean credit records.

Two models of reputation in lending (MODELS.md §3), each solved exactly (sympy
``Rational`` in → ``Rational`` out; floats in → floats out).

The lending game with an honest type (Kreps–Wilson, Milgrom–Roberts, KMRW 1982)
---------------------------------------------------------------------------------
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

Credit records (Diamond 1989)
-----------------------------
A continuum of borrowers, each needing a loan of 1 every period for :math:`T`
periods. Type G (share :math:`f_G`) has only a safe project returning :math:`G`;
type B (:math:`f_B`) only a risky one returning :math:`B` with probability
:math:`\pi` and 0 otherwise; type BG (:math:`f_{BG} = 1 - f_G - f_B`) chooses each
period. Lenders are competitive, lend at the riskless gross rate :math:`r`, see
only whether a borrower has ever defaulted, and charge a clean record the rate
:math:`r_t` at which they break even: :math:`r_t \, P_t = r`, with
:math:`P_t` the probability of repayment in the clean-record pool (Bayes' rule on
the types that have survived). The model assumes :math:`\pi B < r < G < B` (a
known risky borrower gets no loan, so a default ends credit) and
:math:`(G - \pi B)/(1 - \pi) < r` (without a reputation at stake the choosing type
prefers the risky project at every rate). A choosing borrower with a clean record
takes the safe project at :math:`t` iff

.. math:: G - r_t + \delta V_{t+1} \ge \pi (B - r_t + \delta V_{t+1}),

:math:`V_{t+1}` its value of a clean record. The equilibrium is a fixed point: the
choices set the rates through the pool, the rates set the choices.

Examples
--------
>>> from fractions import Fraction
>>> eq = ReputationGame(horizon=3).solve(I=100, R=110, Y=150, w=0, mu=Fraction(17, 20))
>>> [p.repay for p in eq.periods], eq.cutoffs
([1, 17/30, 0], (10/11, 100/121, 1000/1331))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..errors import DomainError, MissingParameterError, ModelError, SolveError
from ..parameters import Value, coerce_value, is_exact, symbols, validate
from ..plotting import FigureData, attach_data, new_axes, style_context

__all__ = [
    "CreditRecordEquilibrium",
    "CreditRecordGame",
    "RecordPeriod",
    "ReputationEquilibrium",
    "ReputationGame",
    "ReputationPeriod",
    "ReputationSample",
    "plot_rate_path",
    "plot_reputation_path",
    "rate_path_data",
    "reputation_path_data",
]

_I, _R, _Y, _w = symbols("I R Y w")


# ------------------------------------------------------------- shared helpers
def _check_horizon(horizon: Any) -> int:
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ModelError(f"horizon must be a whole number of periods >= 1, not {horizon!r}")
    return int(horizon)


def _fraction(value: Any, name: str) -> Fraction:
    """One number as an exact rational (a float exactly as it is); symbols are refused."""
    value = coerce_value(value, name)
    if isinstance(value, float):
        return Fraction(value)
    value = sp.sympify(value)
    if value.free_symbols or not value.is_Rational:
        raise DomainError(f"{name}={value} must be a rational number or a float here")
    return Fraction(int(value.p), int(value.q))


def _as_fractions(
    values: Mapping[str, Value], required: Sequence[str], model: str
) -> tuple[dict[str, Fraction], bool]:
    """Exact rationals for validated values and an "all inputs exact" flag."""
    missing = [n for n in required if n not in values]
    if missing:
        raise MissingParameterError(
            f"{model} needs numbers for {', '.join(missing)} (required: {', '.join(required)})"
        )
    out = {name: _fraction(value, name) for name, value in values.items()}
    return out, all(is_exact(v) for v in values.values())


def _exporter(exact: bool):
    """Fractions out as sympy Rationals (exact inputs) or floats."""

    def export(x: Fraction | int) -> Value:
        x = Fraction(x)
        return sp.Rational(x.numerator, x.denominator) if exact else float(x)

    return export


def _plain(value: Any) -> Any:
    """JSON-friendly: floats and ints stay, exact numbers become strings such as ``"11/15"``."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _frame(rows: list[dict[str, Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - pandas is an optional extra
        raise ImportError("to_frame() needs pandas (pip install pandas)") from err
    return pd.DataFrame(rows)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [list(header)] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[j]) for r in cells) for j in range(len(header))]
    return "\n".join("  ".join(c.rjust(wd) for c, wd in zip(r, widths, strict=True)) for r in cells)


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
        return {f: _plain(getattr(self, f)) for f in fields} | {"phase": self.phase}


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


class ReputationGame:
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

    def __init__(self, horizon: int, *, discounting: bool = False) -> None:
        self.horizon = _check_horizon(horizon)
        if not isinstance(discounting, bool):
            raise ModelError(f"discounting must be True or False, not {discounting!r}")
        self.discounting = discounting

    def __repr__(self) -> str:
        extra = ", discounting=True" if self.discounting else ""
        return f"ReputationGame(horizon={self.horizon}{extra})"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the game needs, sorted."""
        return tuple(sorted(("I", "R", "Y", "w", "mu") + (("delta",) if self.discounting else ())))

    def solve(self, **values: Any) -> ReputationEquilibrium:
        """The sequential equilibrium at the given parameter values.

        Raises
        ------
        DomainError
            If ``R <= I`` (a repaid loan must be profitable) or a value is outside its domain.
        """
        checked = validate(values, allowed=self.parameters)
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
        mu = _fraction(belief, "belief")
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
        return {
            "horizon": self.horizon,
            "values": {k: _plain(v) for k, v in self.values.items()},
            "reputation": self.reputation,
            "bank_mixing": _plain(self.bank_mixing),
            "cutoffs": [_plain(c) for c in self.cutoffs],
            "periods": [p.to_dict() for p in self.periods],
        }

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
    """The numbers behind :func:`plot_reputation_path`: the path plus ex-ante probabilities.

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


def plot_reputation_path(
    eq: ReputationEquilibrium, ax: Axes | None = None, style: str = "paper"
) -> Figure:
    """Draw the strategic type's repayment probability, the posterior and the cutoffs over time.

    Examples
    --------
    >>> from fractions import Fraction
    >>> eq = ReputationGame(horizon=10).solve(I=100, R=110, Y=150, w=0, mu=Fraction(1, 2))
    >>> fig = plot_reputation_path(eq)
    """
    data = reputation_path_data(eq)
    c = {k: [float(v) for v in col] for k, col in data.columns.items()}
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.step(c["period"], c["repay_strategic"], where="mid", marker="o", ms=3,
                label="strategic SME repays (prob.)")
        ax.plot(c["period"], c["posterior"], marker="s", ms=3, label="belief after repayment")
        ax.plot(c["period"], c["cutoff"], ls="--", label="cutoff belief (bank breaks even)")
        ax.step(c["period"], c["lend"], where="mid", ls=":", label="bank lends (prob.)")
        ax.set(xlabel="period t", ylabel="probability", ylim=(-0.03, 1.03),
               title=f"Reputation: T = {eq.horizon}, prior μ = {float(eq.values['mu']):.3g}")
        ax.legend(loc="center left")
    return attach_data(fig, data)


# ============================================================ credit records
@dataclass(frozen=True)
class RecordPeriod:
    """One period of the credit-record equilibrium (borrowers with a clean record).

    ``record`` is the length of the clean record, ``period - 1``; ``shares`` are the
    shares of types G, B and BG among clean records; ``safe`` the choosing type's
    probability of taking the safe project; ``repayment`` the pool's repayment
    probability; ``rate`` the zero-profit gross loan rate; ``safe_gain`` the choosing
    type's payoff from the safe project minus the risky one.
    """

    period: int
    record: int
    shares: tuple[Value, Value, Value]
    safe: Value
    repayment: Value
    rate: Value
    safe_gain: Value

    def to_dict(self) -> dict[str, Any]:
        """Plain data (exact numbers as strings)."""
        return {
            "period": self.period,
            "record": self.record,
            "share_G": _plain(self.shares[0]),
            "share_B": _plain(self.shares[1]),
            "share_BG": _plain(self.shares[2]),
            "safe": _plain(self.safe),
            "repayment": _plain(self.repayment),
            "rate": _plain(self.rate),
            "safe_gain": _plain(self.safe_gain),
        }


class CreditRecordGame:
    """Reputation acquisition in debt markets (Diamond 1989): rates against clean records.

    Parameters
    ----------
    horizon : int
        The number of periods :math:`T`.
    discounting : bool
        Discount the borrowers' payoffs by ``delta`` (default: undiscounted).

    Notes
    -----
    Values: ``G`` (safe return), ``B`` (risky return on success), ``pi`` (success
    probability of the risky project), ``r`` (riskless gross rate), ``f_G`` and
    ``f_B`` (initial shares of the safe-only and risky-only types; the choosing type
    has ``1 - f_G - f_B``, possibly 0) and, with discounting, ``delta``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> game = CreditRecordGame(horizon=10, discounting=True)
    >>> eq = game.solve(G=F(13, 10), B=F(9, 5), pi=F(1, 2), r=1, f_G=F(3, 5), f_B=F(3, 10),
    ...                 delta=F(1, 2))
    >>> eq.choices, eq.switch_period, eq.reverts_period
    ('0011111100', 3, 9)
    >>> eq.rates[:3]
    (5/4, 8/7, 56/53)
    """

    _NAMES = ("B", "G", "f_B", "f_G", "pi", "r")

    def __init__(self, horizon: int, *, discounting: bool = False) -> None:
        self.horizon = _check_horizon(horizon)
        if not isinstance(discounting, bool):
            raise ModelError(f"discounting must be True or False, not {discounting!r}")
        self.discounting = discounting

    def __repr__(self) -> str:
        extra = ", discounting=True" if self.discounting else ""
        return f"CreditRecordGame(horizon={self.horizon}{extra})"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the game needs, sorted."""
        return tuple(sorted(self._NAMES + (("delta",) if self.discounting else ())))

    def _numbers(self, values: Mapping[str, Any]) -> tuple[dict[str, Fraction], bool]:
        checked = validate(values, allowed=self.parameters)
        x, exact = _as_fractions(checked, self.parameters, repr(self))
        for name in ("f_G", "f_B"):
            if not 0 <= x[name] <= 1:
                raise DomainError(f"{name}={checked[name]} must be a share in [0, 1]")
        if x["f_G"] + x["f_B"] > 1:
            raise DomainError(f"f_G + f_B = {checked['f_G'] + checked['f_B']} exceeds 1")
        if x["f_G"] + x["f_B"] == 0:
            raise DomainError("f_G + f_B = 0: every borrower chooses, nothing to learn about")
        if not 0 < x["pi"] < 1:
            raise DomainError(f"pi={checked['pi']} must lie strictly between 0 and 1")
        G, B, pi, r = x["G"], x["B"], x["pi"], x["r"]
        assumptions = (
            (pi * B < r, "pi*B < r (a known risky borrower gets no loan)"),
            (r < G, "r < G (the safe project is worth financing)"),
            (G < B, "G < B (the risky project pays more when it succeeds)"),
            ((G - pi * B) / (1 - pi) < r,
             "(G - pi*B)/(1 - pi) < r (without a reputation at stake the choosing type takes "
             "the risky project)"),
            (r <= G * (x["f_G"] + pi * (1 - x["f_G"])),
             "r <= G*(f_G + pi*(1 - f_G)) (a clean record is financed even when the pool is at "
             "its riskiest)"),
        )
        for holds, text in assumptions:
            if not holds:
                shown = ", ".join(f"{k}={checked[k]}" for k in self._NAMES)
                raise DomainError(f"the model assumes {text}; got {shown}")
        x.setdefault("delta", Fraction(1))
        return x, exact

    # ------------------------------------------------------ the two derivations
    @staticmethod
    def _pool(x: Mapping[str, Fraction], safe: Sequence[Fraction]) -> list[tuple]:
        """Bayes: the masses of each type with a clean record, and the zero-profit rate."""
        pi = x["pi"]
        m = (x["f_G"], x["f_B"], 1 - x["f_G"] - x["f_B"])
        out = []
        for s in safe:
            survive_bg = s + (1 - s) * pi
            repay = (m[0] + pi * m[1] + survive_bg * m[2]) / sum(m)
            out.append((m, repay, x["r"] / repay))
            m = (m[0], pi * m[1], survive_bg * m[2])
        return out

    @staticmethod
    def _gains(x: Mapping[str, Fraction], rates: Sequence[Fraction]) -> tuple[list, Fraction]:
        """The choosing type's safe-minus-risky payoff each period (optimal play after) and V_1."""
        G, B, pi, d = x["G"], x["B"], x["pi"], x["delta"]
        V, gains = Fraction(0), []
        for rate in reversed(rates):
            safe, risky = G - rate + d * V, pi * (B - rate + d * V)  # a default ends credit
            gains.append(safe - risky)
            V = max(safe, risky)
        return gains[::-1], V

    @classmethod
    def _outcome(cls, x: Mapping[str, Any], choices: Sequence[Any]) -> tuple[list, list, Any, bool]:
        """Pool and rates the choices imply, the choosing type's gains, its value, and whether
        every period's choice is optimal against those rates (up to ``x["slack"]``)."""
        pool = cls._pool(x, choices)
        gains, value = cls._gains(x, [rate for _, _, rate in pool])
        slack = x.get("slack", 0)
        optimal = all((g >= -slack) if s == 1 else (g <= slack)
                      for g, s in zip(gains, choices, strict=True))
        return pool, gains, value, optimal

    def rates(self, safe: Sequence[Any], **values: Any) -> tuple[Value, ...]:
        """The zero-profit rate for each record length, given the choosing type's choices.

        ``safe[t]`` is the probability that a choosing borrower takes the safe project
        in period ``t + 1``.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> g = CreditRecordGame(horizon=3)
        >>> g.rates([0, 0, 0], G=F(13, 10), B=F(17, 10), pi=F(1, 2), r=1, f_G=F(3, 5), f_B=F(2, 5))
        (5/4, 8/7, 14/13)
        """
        x, exact = self._numbers(values)
        probs = self._choices(safe)
        return tuple(_exporter(exact)(rate) for _, _, rate in self._pool(x, probs))

    def _choices(self, safe: Sequence[Any]) -> list[Fraction]:
        if len(safe) != self.horizon:
            raise ModelError(f"give one choice per period: {self.horizon}, not {len(safe)}")
        out = []
        for s in safe:
            v = _fraction(s, "safe")
            if not 0 <= v <= 1:
                raise DomainError(f"a probability of the safe project must lie in [0, 1], not {s}")
            out.append(v)
        return out

    def solve(self, **values: Any) -> CreditRecordEquilibrium:
        """The equilibrium (see :meth:`equilibria` for the selection among several)."""
        found = self.equilibria(**values)
        if not found:
            raise SolveError(
                "no equilibrium in which the choosing type takes the safe project in one run of "
                "consecutive periods (its choices would have to be mixed); try a smaller share "
                "of choosing borrowers, 1 - f_G - f_B"
            )
        return found[0]

    def equilibria(self, **values: Any) -> list[CreditRecordEquilibrium]:
        """Every pure-strategy equilibrium whose safe periods form one run, best first.

        Diamond's structure: risky while the record is short, safe once it is long
        enough, risky again when too few periods are left. The list is sorted by the
        choosing type's expected payoff (highest first), then by the number of safe
        periods; ``solve`` returns the first. With ``f_G + f_B = 1`` the choices do not
        move the rates and the equilibrium is unique up to ties.
        """
        x, exact = self._numbers(values)
        rough = {k: float(v) for k, v in x.items()} | {"slack": 1e-9}
        T, found = self.horizon, []
        runs = {(0, 0)} | {(a, b) for a in range(T) for b in range(a + 1, T + 1)}
        for start, stop in sorted(runs):
            choices = tuple(int(start <= t < stop) for t in range(T))
            if not self._outcome(rough, choices)[3]:  # screen in floats, then decide exactly
                continue
            exact_choices = tuple(Fraction(c) for c in choices)
            pool, gains, value, optimal = self._outcome(x, exact_choices)
            if optimal:
                found.append((value, sum(choices), exact_choices, pool, gains))
        found.sort(key=lambda f: (-f[0], -f[1]))
        return [CreditRecordEquilibrium(self, x, exact, f[2], f[3], f[4], f[0], len(found))
                for f in found]


class CreditRecordEquilibrium:
    """An equilibrium of :class:`CreditRecordGame`: rates, pool shares and choices by record.

    Attributes
    ----------
    periods : list of RecordPeriod
    rates : tuple
        The zero-profit rate for records of length 0, 1, ..., T - 1.
    choices : str
        The choosing type's project each period: ``1`` safe, ``0`` risky.
    switch_period : int or None
        The first period in which the choosing type takes the safe project.
    value : number
        The choosing type's expected payoff at the start.
    count : int
        How many equilibria of this form exist at these parameters.
    """

    def __init__(self, game, x, exact, choices, pool, gains, value, count) -> None:
        e = _exporter(exact)
        self.game, self.horizon, self.exact, self.count = game, game.horizon, exact, count
        self.values = {k: e(v) for k, v in x.items() if k != "delta" or game.discounting}
        self.periods = [
            RecordPeriod(t + 1, t, tuple(e(mi / sum(m)) for mi in m), e(s), e(repay), e(rate),
                         e(g))
            for t, (s, (m, repay, rate), g) in enumerate(zip(choices, pool, gains, strict=True))
        ]
        self.rates = tuple(p.rate for p in self.periods)
        self.choices = "".join(str(int(s)) for s in choices)
        self.switch_period = next((t + 1 for t, s in enumerate(choices) if s == 1), None)
        self.value = e(value)

    @property
    def safe_periods(self) -> tuple[int, ...]:
        """The periods in which the choosing type takes the safe project."""
        return tuple(p.period for p in self.periods if p.safe == 1)

    @property
    def reverts_period(self) -> int | None:
        """The first period after the safe run in which the choosing type is risky again."""
        safe = self.safe_periods
        return safe[-1] + 1 if safe and safe[-1] < self.horizon else None

    def simulate(
        self, n: int, rng: int | np.random.Generator | None = None
    ) -> dict[str, np.ndarray]:
        """Simulate ``n`` borrowers; returns ``type`` (0 G, 1 B, 2 BG) and ``clean[i, t]``.

        ``clean[i, t]`` says whether borrower ``i`` had a clean record when it borrowed in
        period ``t + 1``; ``repaid[i, t]`` whether it then repaid.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> eq = CreditRecordGame(horizon=3).solve(G=F(13, 10), B=F(17, 10), pi=F(1, 2), r=1,
        ...                                        f_G=1, f_B=0)
        >>> bool(eq.simulate(4, rng=0)["repaid"].all())
        True
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ModelError(f"n must be a whole number >= 1, not {n!r}")
        gen = np.random.default_rng(rng)
        f = [float(self.values["f_G"]), float(self.values["f_B"])]
        kind = gen.choice(3, size=n, p=[f[0], f[1], max(0.0, 1 - f[0] - f[1])])
        pi = float(self.values["pi"])
        clean = np.zeros((n, self.horizon), dtype=bool)
        repaid = np.zeros((n, self.horizon), dtype=bool)
        alive = np.ones(n, dtype=bool)
        for t, p in enumerate(self.periods):
            safe = (kind == 0) | ((kind == 2) & (gen.random(n) < float(p.safe)))
            success = safe | (gen.random(n) < pi)
            clean[:, t] = alive
            repaid[:, t] = alive & success
            alive = repaid[:, t]
        return {"type": kind, "clean": clean, "repaid": repaid}

    def to_dict(self) -> dict[str, Any]:
        """Plain data: parameters, choices, the rate path and the pool by record length."""
        return {
            "horizon": self.horizon,
            "values": {k: _plain(v) for k, v in self.values.items()},
            "choices": self.choices,
            "switch_period": self.switch_period,
            "value": _plain(self.value),
            "count": self.count,
            "periods": [p.to_dict() for p in self.periods],
        }

    def to_frame(self) -> Any:
        """The periods as a pandas DataFrame (needs pandas)."""
        return _frame([p.to_dict() for p in self.periods])

    def __repr__(self) -> str:
        return (f"<CreditRecordEquilibrium T={self.horizon} choices={self.choices} "
                f"switch={self.switch_period} ({self.count} of this form)>")

    def __str__(self) -> str:
        def fmt(v: Value) -> str:
            return str(v) if self.exact and len(str(v)) <= 12 else f"{float(v):.6f}"
        rows = [(p.period, p.record, "safe" if p.safe == 1 else "risky", fmt(p.rate),
                 fmt(p.shares[1])) for p in self.periods]
        return f"{self!r}\n" + _table(("t", "record", "BG project", "rate", "share of B"), rows)


def rate_path_data(eq: CreditRecordEquilibrium) -> FigureData:
    """The numbers behind :func:`plot_rate_path`: rates, pool shares and choices by record.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = CreditRecordGame(horizon=3).solve(G=F(13, 10), B=F(17, 10), pi=F(1, 2), r=1,
    ...                                        f_G=F(3, 5), f_B=F(2, 5))
    >>> rate_path_data(eq).columns["rate"]
    [5/4, 8/7, 14/13]
    """
    ps = eq.periods
    cols = {
        "record": [p.record for p in ps],
        "rate": [p.rate for p in ps],
        "safe": [p.safe for p in ps],
        "share_G": [p.shares[0] for p in ps],
        "share_B": [p.shares[1] for p in ps],
        "share_BG": [p.shares[2] for p in ps],
        "repayment": [p.repayment for p in ps],
    }
    notes = dict(eq.values) | {"horizon": eq.horizon, "choices": eq.choices,
                               "switch_period": eq.switch_period, "equilibria": eq.count}
    return FigureData(cols, title="Credit records: the loan rate against the clean record",
                      notes=notes)


def plot_rate_path(
    eq: CreditRecordEquilibrium, ax: Axes | None = None, style: str = "paper"
) -> Figure:
    """Draw the zero-profit loan rate against the length of a clean record.

    Records on which the choosing type takes the safe project are shaded; the switch
    is marked.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> eq = CreditRecordGame(horizon=8).solve(G=F(13, 10), B=F(17, 10), pi=F(1, 2), r=1,
    ...                                        f_G=F(3, 5), f_B=F(3, 10))
    >>> fig = plot_rate_path(eq)
    >>> from gametheory_cluster.plotting import figure_data
    >>> figure_data(fig).notes["choices"]
    '11111110'
    """
    data = rate_path_data(eq)
    record = data.columns["record"]
    rate = [float(v) for v in data.columns["rate"]]
    with style_context(style):
        fig, ax = new_axes(ax)
        ax.plot(record, rate, marker="o", ms=3, label="loan rate $r_t$ (clean record)")
        ax.axhline(float(eq.values["r"]), ls=":", color="0.4", label="riskless rate $r$")
        for p in eq.periods:
            if p.safe == 1:
                first = p.period == eq.switch_period
                ax.axvspan(p.record - 0.5, p.record + 0.5, color="C2", alpha=0.12, lw=0,
                           label="choosing type takes the safe project" if first else None)
        if eq.switch_period is not None:
            ax.axvline(eq.switch_period - 1, color="C2", ls="--",
                       label=f"choosing type turns safe (record {eq.switch_period - 1})")
        ax.set(xlabel="length of clean record (periods)", ylabel="gross loan rate",
               title="Reputation in debt markets: rates fall with the record")
        ax.legend(loc="upper right")
    return attach_data(fig, data)
