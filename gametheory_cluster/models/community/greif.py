r"""Greif (1993): the Maghribi traders' coalition and the efficiency wage that keeps agents honest.

Avner Greif (1993), "Contract Enforceability and Economic Institutions in Early
Trade: The Maghribi Traders' Coalition", *American Economic Review* 83(3): 525–548.
See docs/explanation/community.md.

Definitions
-----------
Merchants employ overseas agents. In each period an employed agent is either
honest, and is paid the wage :math:`W`, or cheats, takes :math:`\alpha` that
period and is fired. An honest agent's relation ends for outside reasons with
probability :math:`\sigma` at the end of a period. An unemployed agent earns his
reservation payoff :math:`\phi` per period and is hired with probability
:math:`h_h` in a period if he has never cheated, :math:`h_c` if he has. Once
hired again an agent is treated like any other employed agent. Discount factor
:math:`\delta`. The agent's automaton has three states — ``employed``,
``unemployed`` (honest record) and ``cheater`` (unemployed, has cheated) — and the
engine (:mod:`gametheory_cluster.automata`) derives the values

.. math::

   V^e = W + \delta[(1-\sigma)V^e + \sigma V^u], \quad
   V^u = \phi + \delta[h_h V^e + (1-h_h)V^u], \quad
   V^c = \phi + \delta[h_c V^e + (1-h_c)V^c]

and the one honesty constraint :math:`V^e \ge \alpha + \delta V^c`. Its boundary
in :math:`W` is the *minimum (efficiency) wage* :math:`W^*`.

Punishment regimes (``punishment=``):

``"multilateral"``
    Coalition merchants never hire an agent who cheated anyone: :math:`h_c = 0`.
``"bilateral"``
    Only the cheated merchant refuses; others hire a cheater like anyone else:
    :math:`h_c = h_h`.
``"partial"``
    :math:`h_c` is a free parameter.

In lending terms the agent is the SME and the wage the per-period rent the bank
must leave it: :math:`\alpha = Y` (a defaulter keeps the project's return),
:math:`\phi = w`, :math:`\sigma` the chance a relationship ends, :math:`h_h` and
:math:`h_c` the chances that an SME without a bank finds a new one with a clean or
a bad record. An isolated SME is punished bilaterally; a cluster spreads the
news, so punishment is multilateral (:func:`rent_isolated_vs_cluster`).

Examples
--------
>>> from fractions import Fraction
>>> from gametheory_cluster.models.community.greif import Coalition
>>> base = dict(alpha=150, phi=0, delta=Fraction(9, 10), sigma=Fraction(1, 10), h_h=Fraction(1, 2))
>>> Coalition("multilateral").minimum_wage(**base).value
192/11
>>> Coalition("bilateral").minimum_wage(**base).value
1920/29
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import exact_values, sign
from ...automata import Constraint, Outcome, RepeatedGame, State
from ...errors import DomainError, ModelError, UnknownParameterError
from ...figure_data import FigureData
from ...parameters import Value, is_exact, symbol, validate
from ...thresholds import Threshold, solve_threshold

__all__ = [
    "PUNISHMENTS",
    "Coalition",
    "minimum_wage_by_rehiring_data",
    "minimum_wage_data",
    "rent_isolated_vs_cluster",
]

#: How the other merchants treat an agent who cheated one of them.
PUNISHMENTS = ("multilateral", "bilateral", "partial")
_AGENT = "agent"
#: Base case (lending flavour): alpha = Y, phi = w of the lending game.
_BASE = {"alpha": 150, "phi": 0, "delta": sp.Rational(9, 10), "sigma": sp.Rational(1, 10),
         "h_h": sp.Rational(1, 2)}


class Coalition:
    """The merchant–agent game of Greif (1993) under one punishment regime.

    Parameters
    ----------
    punishment : {"multilateral", "bilateral", "partial"}
        How an agent who cheated is rehired: never (``h_c = 0``), like anyone else
        (``h_c = h_h``), or with a free probability ``h_c``.

    Examples
    --------
    >>> Coalition("bilateral").parameters
    ('W', 'alpha', 'delta', 'h_h', 'phi', 'sigma')
    """

    def __init__(self, punishment: str = "multilateral") -> None:
        if punishment not in PUNISHMENTS:
            raise ModelError(
                f"punishment must be one of {', '.join(PUNISHMENTS)}, not {punishment!r}"
            )
        self.punishment = punishment
        self._games: dict[Any, RepeatedGame] = {}

    def __repr__(self) -> str:
        return f"Coalition({self.punishment!r})"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters of the model, sorted."""
        names = {"W", "alpha", "delta", "h_h", "phi", "sigma"}
        return tuple(sorted(names | ({"h_c"} if self.punishment == "partial" else set())))

    def _rehire_cheater(self) -> Any:
        rates = {"multilateral": 0, "bilateral": symbol("h_h"), "partial": symbol("h_c")}
        return rates[self.punishment]

    @property
    def game(self) -> RepeatedGame:
        """The agent's automaton (symbolic).

        Examples
        --------
        >>> [str(c.state) for c in Coalition().game.constraints()]
        ['employed']
        """
        return self._game({})

    def _game(self, values: Mapping[str, sp.Expr]) -> RepeatedGame:
        key = tuple(sorted(values.items(), key=lambda kv: kv[0]))
        if key not in self._games:
            def p(name: str) -> Any:
                return values.get(name, symbol(name))

            h_c = sp.sympify(self._rehire_cheater()).xreplace(
                {symbol(k): v for k, v in values.items()})
            sigma, h_h, phi = p("sigma"), p("h_h"), p("phi")
            rules = {
                ("employed", "Honest"): [Outcome((p("W"),), "employed", 1 - sigma),
                                         Outcome((p("W"),), "unemployed", sigma)],
                ("employed", "Cheat"): [Outcome((p("alpha"),), "cheater")],
                "unemployed": [Outcome((phi,), "employed", h_h),
                               Outcome((phi,), "unemployed", 1 - h_h)],
                "cheater": [Outcome((phi,), "employed", h_c), Outcome((phi,), "cheater", 1 - h_c)],
            }

            def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
                found = rules[(state, profile[0])] if state == "employed" else rules[state]
                return [o for o in found if sp.sympify(o.probability) != 0]

            self._games[key] = RepeatedGame(
                (_AGENT,), {_AGENT: ("Honest", "Cheat")},
                [State(s, {_AGENT: "Honest"}) for s in ("employed", "unemployed", "cheater")],
                outcomes, delta=p("delta"),
            )
        return self._games[key]

    def constraints(self) -> list[Constraint]:
        """The agent's incentive constraint(s), symbolic."""
        return self.game.constraints()

    def threshold(self, name: str, /, **values: Any) -> Threshold:
        """The boundary, in ``name``, of the region where the agent stays honest.

        Examples
        --------
        >>> from fractions import Fraction
        >>> t = Coalition().threshold("h_h", W=20, alpha=150, phi=0, delta=Fraction(9, 10),
        ...                           sigma=Fraction(1, 10))
        >>> t.direction, t.value
        ('>=', 17/90)
        """
        if name not in self.parameters:
            raise UnknownParameterError(
                f"{name!r} is not a parameter of {self!r}; "
                f"valid names: {', '.join(self.parameters)}"
            )
        given = validate(values, allowed=self.parameters)
        return solve_threshold(self._game(exact_values(given)).constraints(), name, given)

    def minimum_wage(self, **values: Any) -> Threshold:
        """The efficiency wage :math:`W^*`: the agent is honest iff :math:`W \\ge W^*`.

        Examples
        --------
        Never separated (``sigma = 0``) and never rehired after cheating, the agent
        must get the annuity value of the cheating gain over his reservation payoff:

        >>> Coalition().minimum_wage(sigma=0, phi=0).value
        alpha*(1 - delta)
        """
        return self.threshold("W", **values)

    # ------------------------------------------------------- the merchants' side
    def _cheater_game(self, values: Mapping[str, sp.Expr]) -> RepeatedGame:
        """A cheater whom a merchant hired again: the automaton of his record after rehiring."""
        key = ("cheater", *sorted(values.items(), key=lambda kv: kv[0]))
        if key not in self._games:
            def p(name: str) -> Any:
                return values.get(name, symbol(name))

            h_c = sp.sympify(self._rehire_cheater()).xreplace(
                {symbol(k): v for k, v in values.items()})
            sigma = p("sigma")
            rules = {
                ("rehired", "Honest"): [Outcome((p("W"),), "rehired", 1 - sigma),
                                        Outcome((p("W"),), "cheater", sigma)],
                ("rehired", "Cheat"): [Outcome((p("alpha"),), "cheater")],
                "cheater": [Outcome((p("phi"),), "rehired", h_c),
                            Outcome((p("phi"),), "cheater", 1 - h_c)],
            }

            def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
                found = rules[(state, profile[0])] if state == "rehired" else rules[state]
                return [o for o in found if sp.sympify(o.probability) != 0]

            self._games[key] = RepeatedGame(
                (_AGENT,), {_AGENT: ("Honest", "Cheat")},
                [State(s, {_AGENT: "Honest"}) for s in ("rehired", "cheater")],
                outcomes, delta=p("delta"),
            )
        return self._games[key]

    def cheater_wage(self, **values: Any) -> Threshold:
        """The wage :math:`W_c^*` at which a cheater whom a merchant hires again stays honest.

        Greif's (1993) argument for why the coalition's boycott is
        self-enforcing: a cheater has a bad record for ever, so after his next
        separation he is rehired only with probability :math:`h_c`, not
        :math:`h_h`. He has less to lose than an honest agent and needs a higher
        wage, :math:`W_c^* \\ge W^*`. A merchant who hires him at a wage below
        :math:`W_c^*` is cheated, so he prefers an agent with a clean record.
        Derived on the engine from the rehired cheater's automaton
        (``rehired`` / ``cheater``).

        Examples
        --------
        >>> from fractions import Fraction
        >>> base = dict(alpha=150, phi=0, delta=Fraction(9, 10), sigma=Fraction(1, 10),
        ...             h_h=Fraction(1, 2))
        >>> Coalition().cheater_wage(**base).value, Coalition().minimum_wage(**base).value
        (57/2, 192/11)
        >>> Coalition().cheater_wage(sigma=0, phi=0).value   # never separated: no difference
        alpha*(1 - delta)
        """
        given = validate(values, allowed=self.parameters)
        game = self._cheater_game(exact_values(given))
        return solve_threshold(game.constraints(), "W", given)

    @cached_property
    def wage(self) -> sp.Expr:
        """The minimum wage :math:`W^*` as a formula in the other parameters (derived once)."""
        return self.minimum_wage().value

    def comparative_statics(self) -> dict[str, int | None]:
        """Signs of :math:`\\partial W^*/\\partial x`, proved over the parameters' domains.

        Assumes :math:`\\alpha > \\phi` (cheating pays more than unemployment),
        by writing :math:`\\alpha = \\phi + e` with :math:`e > 0`. ``None`` means
        the sign depends on the parameters.

        Examples
        --------
        >>> Coalition("multilateral").comparative_statics()
        {'alpha': 1, 'delta': -1, 'h_h': -1, 'phi': 1, 'sigma': 1}
        """
        wage = sp.factor(self.wage)
        excess = sp.Symbol("excess", positive=True)
        alpha, phi = symbol("alpha"), symbol("phi")
        return {
            name: sign(sp.diff(wage, symbol(name)).xreplace({alpha: phi + excess}))
            for name in self.parameters if name != "W"
        }


# ----------------------------------------------------------------- lending terms
def rent_isolated_vs_cluster(**values: Any) -> dict[str, Value]:
    """The rent a bank must leave an SME each period, isolated (bilateral) vs in a cluster.

    The SME is Greif's agent with :math:`\\alpha = Y` and :math:`\\phi = w`; an
    isolated SME's default stays between it and its bank (bilateral punishment), a
    cluster spreads the news (multilateral). Also returned: the largest
    repayment :math:`R = Y - W^*` the SME can credibly promise in each case.

    Parameters
    ----------
    **values
        ``Y``, ``w``, ``delta``, ``sigma``, ``h_h``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> out = rent_isolated_vs_cluster(Y=150, w=0, delta=Fraction(9, 10),
    ...                                sigma=Fraction(1, 10), h_h=Fraction(1, 2))
    >>> {k: round(float(v), 2) for k, v in out.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'isolated': 66.21, 'cluster': 17.45,
     'max_repayment_isolated': 83.79, 'max_repayment_cluster': 132.55}
    """
    given = validate(values, allowed=("Y", "w", "delta", "sigma", "h_h"))
    missing = sorted({"Y", "w", "delta", "sigma", "h_h"} - set(given))
    if missing:
        raise DomainError(f"values needed for: {', '.join(missing)}")
    greif = {"alpha": given["Y"], "phi": given["w"], "delta": given["delta"],
             "sigma": given["sigma"], "h_h": given["h_h"]}
    rents = {where: Coalition(kind).minimum_wage(**greif).value
             for where, kind in (("isolated", "bilateral"), ("cluster", "multilateral"))}
    return {**rents, **{f"max_repayment_{k}": given["Y"] - v for k, v in rents.items()}}


# ----------------------------------------------------------------- figures
def _curve(model: Coalition, x: str, xs: np.ndarray, values: Mapping[str, Any]) -> list[float]:
    """W* along ``x``: derived once with ``x`` symbolic, then evaluated on the grid."""
    wage = model.minimum_wage(**values).value
    if not is_exact(wage) or wage.free_symbols - {symbol(x)}:
        raise DomainError(f"give numbers for every parameter except {x}")
    return [float(v) for v in np.broadcast_to(sp.lambdify(symbol(x), wage, "numpy")(xs), xs.shape)]


def _grid(points: Iterable[float] | None) -> np.ndarray:
    xs = np.linspace(0.0, 1.0, 51) if points is None else np.asarray(list(points), dtype=float)
    if xs.ndim != 1 or not len(xs) or np.any(np.isnan(xs)) or np.any((xs < 0) | (xs > 1)):
        raise DomainError("the probabilities on the x axis must lie in [0, 1]")
    return xs


def minimum_wage_data(h_c_values: Iterable[float] | None = None, **values: Any) -> FigureData:
    """W* against the cheater's rehiring probability ``h_c`` (other parameters fixed).

    Multilateral punishment is the point ``h_c = 0``, bilateral the point
    ``h_c = h_h`` (both in the notes).

    Examples
    --------
    >>> data = minimum_wage_data([0.0, 0.5])
    >>> [round(x, 2) for x in data.columns["W_star"]], round(data.notes["bilateral"], 2)
    ([17.45, 66.21], 66.21)
    """
    values = {**_BASE, **values}
    xs = _grid(h_c_values)
    wages = _curve(Coalition("partial"), "h_c", xs, values)
    ends = {kind: float(Coalition(kind).minimum_wage(**values).value)
            for kind in ("multilateral", "bilateral")}
    return FigureData({"h_c": xs.tolist(), "W_star": wages},
                      title="Greif (1993): minimum wage against the cheater's rehiring probability",
                      notes={**{k: str(v) for k, v in values.items()}, **ends})


def minimum_wage_by_rehiring_data(
    h_values: Iterable[float] | None = None, **values: Any
) -> FigureData:
    """W* against the rehiring probability ``h_h``: bilateral (``h_c = h_h``) vs multilateral.

    Examples
    --------
    >>> data = minimum_wage_by_rehiring_data([0.5])
    >>> round(data.columns["bilateral"][0], 2), round(data.columns["multilateral"][0], 2)
    (66.21, 17.45)
    """
    values = {k: v for k, v in {**_BASE, **values}.items() if k != "h_h"}
    xs = _grid(h_values)
    columns: dict[str, list[float]] = {"h_h": xs.tolist()}
    for kind in ("bilateral", "multilateral"):
        columns[kind] = _curve(Coalition(kind), "h_h", xs, values)
    return FigureData(columns,
                      title="Greif (1993): minimum wage, bilateral vs multilateral punishment",
                      notes={k: str(v) for k, v in values.items()})
