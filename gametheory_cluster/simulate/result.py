"""What a simulation returns: :class:`SimulationResult` and its figure data.

The result keeps the firms' draws and the counts of what happened, and reads them
beside the exact prediction (the outcome tables propagated, given the firms' types):
default rates with a confidence interval, the banks' profits, whether banks and
firms are mutual best responses; :func:`simulation_data` is the figure of it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy import stats

from .. import notation
from ..algebra import plain
from ..errors import DomainError, GameTheoryClusterError, MissingParameterError, ModelError
from ..figure_data import FigureData
from ..models.lending.repeated import RepeatedLending
from ..parameters import validate
from ..thresholds import Threshold, solve_threshold
from .banks import _RULES, _pool_profit, _propagate
from .chain import EVENTS, FirmChain

__all__ = ["SimulationResult", "simulation_data"]


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """What happened in a simulated cluster, with the exact prediction beside it.

    With ``lending="all"`` the firms play their best responses to a fixed lending
    rule (banks lend to every firm in good standing); :attr:`is_equilibrium`
    says whether the banks break even under it.

    Attributes
    ----------
    events : numpy.ndarray
        ``events[t, e]``: how many firms had event ``EVENTS[e]`` in period ``t``.
    occupancy : numpy.ndarray
        ``occupancy[t, i]``: firms in state ``chain.states[i]`` at the start of ``t``.
    delta, kind : numpy.ndarray
        Each firm's discount factor and behaviour type (bit ``k``: defaults in
        the ``k``-th lending state).
    loans, defaults, strategic : numpy.ndarray
        Per firm, over the run.
    seconds : float
        Wall time of the simulation proper.
    lending : str
        The banks' rule (:data:`LENDING_RULES`).
    idle : numpy.ndarray or None
        ``idle[t, i]``: banks did not lend in state ``chain.states[i]`` in period
        ``t`` (``lending="break_even"`` only).
    bank : numpy.ndarray or None
        The banks' total profit in each period (None when ``I`` was not given).
    """

    model: RepeatedLending
    values: Mapping[str, Any]
    n_firms: int
    periods: int
    delta: np.ndarray
    kind: np.ndarray
    chain: FirmChain
    events: np.ndarray
    occupancy: np.ndarray
    loans: np.ndarray
    defaults: np.ndarray
    strategic: np.ndarray
    seconds: float = 0.0
    lending: str = "all"
    idle: np.ndarray | None = None
    bank: np.ndarray | None = None

    @cached_property
    def _threshold(self) -> tuple[Threshold | None, str]:
        try:
            values = validate(self.values, allowed=self.model.parameters)
            return solve_threshold(self.model.constraints("sme"), "delta", values), ""
        except GameTheoryClusterError as err:
            return None, str(err)

    @property
    def threshold(self) -> Any:
        """The SME's δ* at these values: its constraints all hold for δ >= δ*.

        (The banks follow the automaton; their own constraints are not imposed.)

        ``None`` when the model has no such lower threshold (see :attr:`threshold_note`).
        """
        found, _ = self._threshold
        return found.value if found is not None and found.direction == ">=" else None

    @property
    def threshold_note(self) -> str:
        """Why there is no threshold, when there is none."""
        found, note = self._threshold
        if found is not None and found.direction != ">=":
            return f"the threshold is not a lower bound: {found}"
        return note

    def series(self, event: str) -> np.ndarray:
        """Per period, the share of firms with ``event`` (one of :data:`EVENTS`)."""
        if event not in EVENTS:
            raise ModelError(f"unknown event {event!r}; valid events: {', '.join(EVENTS)}")
        return self.events[:, EVENTS.index(event)] / self.n_firms

    @property
    def default_rate(self) -> float:
        """Defaults per firm and period over the run."""
        return float(self.defaults.sum() / (self.n_firms * self.periods))

    @property
    def default_rate_per_loan(self) -> float:
        """Share of loans that defaulted."""
        loans = self.loans.sum()
        return float(self.defaults.sum() / loans) if loans else 0.0

    def confidence_interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """Confidence interval of the expected default rate (firms are independent)."""
        if not 0 < confidence < 1:
            raise DomainError(f"confidence must lie in (0, 1), not {confidence!r}")
        z = float(stats.norm.ppf(0.5 + confidence / 2))
        rates = self.defaults / self.periods
        half = z * float(rates.std(ddof=1)) / math.sqrt(self.n_firms)
        return self.default_rate - half, self.default_rate + half

    @property
    def firm_periods_per_second(self) -> float:
        """Simulation speed."""
        return self.n_firms * self.periods / self.seconds if self.seconds else math.inf

    def predicted(self, event: str = "default") -> np.ndarray:
        """The expected share of firms with ``event`` per period, given the firms' types.

        The outcome tables propagated exactly: the prediction given the firms' types.
        """
        if event not in EVENTS:
            raise ModelError(f"unknown event {event!r}; valid events: {', '.join(EVENTS)}")
        e = EVENTS.index(event)
        return self._expected(self.chain.events[..., e])

    @cached_property
    def _mass(self) -> np.ndarray:
        shares = np.bincount(self.kind, minlength=self.chain.n_types) / self.n_firms
        return _propagate(self.chain, shares, self.periods, self.idle)

    def _expected(self, quantity: np.ndarray) -> np.ndarray:
        """Per period, the expected ``quantity`` of an outcome, summed over firms / firms."""
        rate = (self.chain.probability * quantity).sum(axis=2)  # (types, states)
        if self.idle is not None:
            rate = np.where(self.idle[:, None, :], 0.0, rate[None])
            return np.einsum("tki,tki->t", self._mass, rate)
        return np.einsum("tki,ki->t", self._mass, rate)

    # ------------------------------------------------------------ the banks
    def _need_bank(self) -> np.ndarray:
        if self.bank is None or self.chain.bank is None or np.isnan(self.chain.bank).any():
            raise MissingParameterError("the banks' profits need I: give I to simulate_cluster")
        return self.chain.bank

    def bank_profit(self) -> np.ndarray:
        """Per period, the banks' simulated profit per firm (loans repaid, defaults lost)."""
        self._need_bank()
        return self.bank / self.n_firms

    def predicted_bank_profit(self) -> np.ndarray:
        """Per period, the banks' expected profit per firm, from the exact propagation."""
        return self._expected(self._need_bank())

    @property
    def pool_profit(self) -> np.ndarray:
        """``[t, k]``: the expected profit of a loan to the firms in ``chain.lending[k]`` at ``t``.

        What a bank that sees a firm's standing, not its patience, expects from
        lending to it (NaN where no firm is in that state), whether or not banks
        lent then.
        """
        self._need_bank()
        return _pool_profit(self.chain, self._mass)

    @property
    def first_loan_profit(self) -> float:
        """The expected profit of a loan in period 0, to a firm drawn from the population."""
        return float(self.pool_profit[0, 0])

    @property
    def bank_profit_per_loan(self) -> float:
        """The banks' simulated profit per loan over the run (NaN without loans)."""
        loans = self.loans.sum()
        return float(self.bank_profit().sum() * self.n_firms / loans) if loans else math.nan

    @property
    def is_equilibrium(self) -> bool:
        """Whether banks and firms are mutual best responses in this run.

        The firms' behaviour assumes banks lend in every lending state for ever.
        That is consistent when banks break even on every pool they lend to and
        lend to every pool firms reach (``"all"``: when the fixed rule happens to
        break even), or when no bank ever lends (then no firm's choice matters).
        """
        pools = self.pool_profit
        reached = ~np.isnan(pools)
        if self.idle is None:
            return bool(np.all(pools[reached] >= -1e-12))
        lent = ~np.array([[self.idle[t, self.chain.states.index(n)] for n in self.chain.lending]
                          for t in range(self.periods)])
        return bool(np.all(lent[reached]) or not np.any(lent[reached]))

    @property
    def predicted_default_rate(self) -> float:
        """The exact prediction of :attr:`default_rate`."""
        return float(self.predicted("default").mean())

    @property
    def share_below_threshold(self) -> float | None:
        """Share of firms whose δ is below the model's δ*."""
        if self.threshold is None:
            return None
        return float(np.mean(self.delta < float(self.threshold)))

    def to_dict(self) -> dict[str, Any]:
        """Plain data: sizes, rates, the interval, and the per-period event shares.

        Numbers are JSON numbers; exact ones (the values given, δ*) have their exact
        text beside them (``threshold_exact``).
        """
        lo, hi = self.confidence_interval()
        return plain({
            "model": repr(self.model),
            "values": dict(self.values),
            "n_firms": self.n_firms,
            "periods": self.periods,
            "threshold": self.threshold,
            "share_below_threshold": self.share_below_threshold,
            "default_rate": self.default_rate,
            "confidence_interval": [lo, hi],
            "predicted_default_rate": self.predicted_default_rate,
            "default_rate_per_loan": self.default_rate_per_loan,
            "series": {e: self.series(e).tolist() for e in EVENTS},
            "states": list(self.chain.states),
            "occupancy": self.occupancy.tolist(),
            "lending": self.lending,
            **({"bank_profit": self.bank_profit().tolist(),
                "first_loan_profit": self.first_loan_profit,
                "is_equilibrium": self.is_equilibrium} if self.bank is not None else {}),
        })

    def to_frame(self) -> Any:
        """One row per period: the share of firms with each event, simulated and predicted.

        Float columns (``default``, ``predicted_default``, …); pandas needed.

        Examples
        --------
        >>> import gametheory_cluster as gc
        >>> from gametheory_cluster.simulate import simulate_cluster
        >>> res = simulate_cluster(gc.RepeatedLending(), 100, 5, rng=0, Y=150, R=110, w=0)
        >>> frame = res.to_frame()
        >>> frame.shape, str(frame.dtypes["default"])
        ((5, 9), 'float64')
        """
        import pandas as pd

        columns: dict[str, Any] = {"period": np.arange(self.periods)}
        columns |= {e: self.series(e) for e in EVENTS}
        columns["predicted_default"] = self.predicted("default")
        return pd.DataFrame(columns)

    def __str__(self) -> str:
        lo, hi = self.confidence_interval()
        star = self.threshold_note if self.threshold is None else notation.number(self.threshold)
        below = self.share_below_threshold
        return "\n".join([
            f"{self.model}: {self.n_firms} firms × {self.periods} periods",
            f"  δ* = {star}; share of firms below: "
            f"{'—' if below is None else f'{below:.4f}'}",
            f"  default rate {self.default_rate:.5f} per firm-period, 95% CI [{lo:.5f}, {hi:.5f}]",
            f"  predicted    {self.predicted_default_rate:.5f}",
            *([f"  banks ({_RULES[self.lending]}): first-loan profit "
               f"{self.first_loan_profit:.2f}, profit per loan {self.bank_profit_per_loan:.2f}; "
               f"equilibrium: {self.is_equilibrium}"] if self.bank is not None else []),
        ])

    def __repr__(self) -> str:
        star = "" if self.threshold is None else f", δ* {notation.number(self.threshold)}"
        return (f"SimulationResult({self.n_firms} firms x {self.periods} periods, "
                f"default_rate={self.default_rate:.5f}{star})")


def simulation_data(result: SimulationResult, confidence: float = 0.95) -> FigureData:
    """Simulated and predicted default rate by period, with a confidence band.

    Drawn by :func:`~gametheory_cluster.plotting.community.plot_simulation`.

    Examples
    --------
    >>> import gametheory_cluster as gc
    >>> from gametheory_cluster.simulate import simulate_cluster
    >>> res = simulate_cluster(gc.RepeatedLending(), 100, 5, rng=0, Y=150, R=110, w=0)
    >>> simulation_data(res).columns["period"]
    [0, 1, 2, 3, 4]
    """
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    rate = result.series("default")
    half = z * np.sqrt(rate * (1 - rate) / result.n_firms)
    columns = {
        "period": list(range(result.periods)),
        "simulated": rate.tolist(),
        "lower": np.clip(rate - half, 0, 1).tolist(),
        "upper": np.clip(rate + half, 0, 1).tolist(),
        "predicted": result.predicted("default").tolist(),
        "loans": result.series("loan").tolist(),
    }
    notes = {"model": repr(result.model), "n_firms": result.n_firms, "threshold": result.threshold,
             "share_below_threshold": result.share_below_threshold,
             "default_rate": result.default_rate,
             "predicted_default_rate": result.predicted_default_rate,
             "lending": _RULES[result.lending]}
    if result.bank is not None:
        columns["bank_profit"] = result.bank_profit().tolist()
        columns["predicted_bank_profit"] = result.predicted_bank_profit().tolist()
        notes |= {"first_loan_profit": result.first_loan_profit,
                  "is_equilibrium": result.is_equilibrium}
    title = ("Default rate over time: simulation vs prediction"
             + (" (SMEs' best responses to a fixed lending rule)" if result.lending == "all"
                else " (banks lend while the pool breaks even)"))
    return FigureData(columns, title=title, notes=notes)
