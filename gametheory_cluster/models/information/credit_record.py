r"""Credit records (Diamond 1989): loan rates that fall as a clean record lengthens.

Solved exactly (sympy ``Rational`` in → ``Rational`` out; floats in → floats out).

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

Diamond, D. W. (1989), *Journal of Political Economy* 97(4): 828–862.
See docs/explanation/information.md.

Examples
--------
>>> from fractions import Fraction as F
>>> eq = CreditRecordGame(horizon=3).solve(G=F(13, 10), B=F(17, 10), pi=F(1, 2), r=1,
...                                        f_G=F(3, 5), f_B=F(2, 5))
>>> eq.rates
(5/4, 8/7, 14/13)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ...algebra import fraction, plain
from ...errors import DomainError, ModelError, SolveError
from ...figure_data import FigureData
from ...parameters import TABLES, Value, validate
from ._rational import _as_fractions, _exporter, _FiniteHorizonGame, _frame, _table

#: The model's own parameter table: ``r`` is the riskless gross rate, ``pi`` the risky
#: project's success probability (see :data:`gametheory_cluster.parameters.TABLES`).
PARAMETERS = TABLES["CreditRecordGame"]

__all__ = [
    "PARAMETERS",
    "CreditRecordEquilibrium",
    "CreditRecordGame",
    "RecordPeriod",
    "rate_path_data",
]


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
        return plain({
            "period": self.period,
            "record": self.record,
            "share_G": plain(self.shares[0]),
            "share_B": plain(self.shares[1]),
            "share_BG": plain(self.shares[2]),
            "safe": plain(self.safe),
            "repayment": plain(self.repayment),
            "rate": plain(self.rate),
            "safe_gain": plain(self.safe_gain),
        })


class CreditRecordGame(_FiniteHorizonGame):
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

    def _numbers(
        self, values: Mapping[str, Any], required: Sequence[str] | None = None
    ) -> tuple[dict[str, Fraction], bool]:
        """Values checked against the model's own table (``r`` is a gross rate here, not the
        network models' probability) and its assumptions; ``required`` names the ones needed
        (default: all). An assumption is checked when every value it involves is given."""
        checked = validate(values, allowed=self.parameters, table=PARAMETERS)
        needed = self.parameters if required is None else tuple(required)
        x, exact = _as_fractions(checked, needed, repr(self))
        if x["f_G"] + x["f_B"] > 1:
            raise DomainError(f"f_G + f_B = {checked['f_G'] + checked['f_B']} exceeds 1")
        if x["f_G"] + x["f_B"] == 0:
            raise DomainError("f_G + f_B = 0: every borrower chooses, nothing to learn about")
        assumptions = (
            (("pi", "B", "r"), lambda G, B, pi, r: pi * B < r,
             "pi*B < r (a known risky borrower gets no loan)"),
            (("r", "G"), lambda G, B, pi, r: r < G, "r < G (the safe project is worth financing)"),
            (("G", "B"), lambda G, B, pi, r: G < B,
             "G < B (the risky project pays more when it succeeds)"),
            (("G", "B", "pi", "r"), lambda G, B, pi, r: (G - pi * B) / (1 - pi) < r,
             "(G - pi*B)/(1 - pi) < r (without a reputation at stake the choosing type takes "
             "the risky project)"),
            (("G", "pi", "r"), lambda G, B, pi, r: r <= G * (x["f_G"] + pi * (1 - x["f_G"])),
             "r <= G*(f_G + pi*(1 - f_G)) (a clean record is financed even when the pool is at "
             "its riskiest)"),
        )
        for names, holds, text in assumptions:
            if all(n in x for n in names) and not holds(*(x.get(n) for n in ("G", "B", "pi", "r"))):
                shown = ", ".join(f"{k}={checked[k]}" for k in self._NAMES if k in checked)
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
        in period ``t + 1``. The rates need only ``pi``, ``r``, ``f_G`` and ``f_B``
        (the returns ``G`` and ``B`` matter for the choices, not for the pool).

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> g = CreditRecordGame(horizon=3)
        >>> g.rates([0, 0, 0], pi=F(1, 2), r=1, f_G=F(3, 5), f_B=F(2, 5))
        (5/4, 8/7, 14/13)
        >>> CreditRecordGame(horizon=2).rates([0, 0], pi=F(1, 2), r=F(21, 20), f_G=F(4, 5),
        ...                                   f_B=F(1, 5))
        (7/6, 189/170)
        """
        x, exact = self._numbers(values, required=("f_B", "f_G", "pi", "r"))
        probs = self._choices(safe)
        return tuple(_exporter(exact)(rate) for _, _, rate in self._pool(x, probs))

    def _choices(self, safe: Sequence[Any]) -> list[Fraction]:
        if len(safe) != self.horizon:
            raise ModelError(f"give one choice per period: {self.horizon}, not {len(safe)}")
        out = []
        for s in safe:
            v = fraction(s, "safe")
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
        return plain({
            "horizon": self.horizon,
            "values": {k: plain(v) for k, v in self.values.items()},
            "choices": self.choices,
            "switch_period": self.switch_period,
            "value": plain(self.value),
            "count": self.count,
            "periods": [p.to_dict() for p in self.periods],
        })

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
    """The numbers behind :func:`.plot_rate_path`: rates, pool shares and choices by record.

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
