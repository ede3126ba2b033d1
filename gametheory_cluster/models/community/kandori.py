r"""Kandori (1992): community enforcement by contagion when no information is passed on.

Michihiro Kandori (1992), "Social Norms and Community Enforcement", *Review of
Economic Studies* 59(1): 63–80. See docs/explanation/community.md.

Definitions
-----------
A community of :math:`M` players (:math:`M` even) is matched in pairs uniformly at
random every period (a uniform random perfect matching) to play the prisoner's
dilemma, normalised as usual (row player's payoff first):

.. math::

   \begin{array}{c|cc}
     & C & D \\ \hline
   C & 1,\ 1 & -\ell,\ 1+g \\
   D & 1+g,\ -\ell & 0,\ 0
   \end{array}
   \qquad g > 0 \ (\texttt{gain}),\ \ell > 0 \ (\texttt{loss}).

*Contagious strategy*: cooperate until you have defected or met a defection; from
then on you are *infected* and defect for ever. With ``information="none"`` a
player sees only his own matches (Kandori's contagious equilibrium). With
``information="public"`` every defection is seen by everyone and the defector is
punished by all at once: community enforcement is then grim trigger.

*The chain.* In a uniform perfect matching of :math:`n` players of whom
:math:`a` are infected, the number :math:`m` of mixed (infected–healthy) pairs has
:math:`m \equiv a \pmod 2`, :math:`m \le \min(a, n-a)` and, counting pairings,

.. math:: \frac{P(m+2)}{P(m)} = \frac{(a-m)(n-a-m)}{(m+1)(m+2)}

(:mod:`~gametheory_cluster.models.community.matching`).

From an infected player's point of view the state is the number :math:`k` of
infected players, himself included. His partner is healthy with probability
:math:`(M-k)/(M-1)`; the other :math:`M-2` players form a uniform matching with
:math:`k-1` (or :math:`k-2`) infected among them. Defecting (as prescribed) he
earns :math:`1+g` against a healthy partner, who becomes infected, and :math:`0`
against an infected one; cooperating once (slowing the contagion) he earns
:math:`1` against a healthy partner, who stays healthy, and :math:`-\ell`
against an infected one. The next state is the number infected in his pair plus
those among the others plus the new infections among the others.

*The two conditions*, derived as one-shot deviations on that chain:

- **on path** — nobody wants to start the contagion: in state ``cooperate``,
  :math:`C` for ever against :math:`D` once (:math:`1+g`, then state 2);
- **off path** — an infected player prefers to keep defecting rather than slow
  the contagion: :math:`D` against :math:`C` once, in every state
  :math:`k = 2, \dots, M`. He does not observe :math:`k`, so asking it at every
  :math:`k` makes it hold whatever he believes (a sufficient condition).

*The equilibrium.* A player sees only his own matches, so after a defection
elsewhere nobody's information set starts a proper subgame: subgame perfection
says nothing there. Where both conditions hold, the contagious strategy is a
**sequential equilibrium** (as in Kandori 1992): by the one-shot deviation
principle for sequential rationality, no one-shot deviation pays at any
information set, whatever the player believes about :math:`k`. With
``information="public"`` every defection is seen by all; punishing the defector is
grim trigger on the public record, a **perfect public equilibrium**
(:attr:`KandoriCommunity.equilibrium`).

For small :math:`M` the automaton is built on the engine
(:class:`~gametheory_cluster.automata.RepeatedGame`) and solved exactly: the
threshold is a root of a polynomial in :math:`\delta`, returned in radicals or as
a certified ``CRootOf``. For large :math:`M` the same chain is assembled as numpy
arrays and the values are found by back substitution (the chain only moves
up), vectorised over a grid of :math:`\delta`; roots are refined with Brent's
method, each step one triangular solve (LAPACK) at its :math:`\delta`.

Examples
--------
>>> from gametheory_cluster.models.community.kandori import KandoriCommunity
>>> KandoriCommunity().threshold("delta", M=2, gain=1, loss=1).value
1/2
>>> KandoriCommunity().threshold("delta", M=4, gain=1, loss=1).value
-3/4 + sqrt(33)/4
>>> round(KandoriCommunity().threshold("delta", M=1000, gain=1, loss=1).value, 6)
0.929702
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.linalg
import sympy as sp
from scipy.optimize import brentq

from ...algebra import exact_values, plain
from ...automata import Constraint, Outcome, RepeatedGame, State
from ...errors import DomainError, MissingParameterError, ModelError, NoSolutionError
from ...figure_data import FigureData
from ...parameters import Value, is_exact, symbol, validate
from ...thresholds import Threshold, solve_threshold
from .matching import _mixed_pairs_exact, mixed_pairs

__all__ = [
    "EQUILIBRIUM",
    "EXACT_UP_TO",
    "INFORMATION",
    "ContagionThresholds",
    "KandoriCommunity",
    "threshold_by_size_data",
]

#: Who learns of a defection: only the players involved, or everyone.
INFORMATION = ("none", "public")
#: The equilibrium notion each kind of information makes the conditions check.
EQUILIBRIUM = {"none": "sequential equilibrium", "public": "perfect public equilibrium"}
#: ``method="auto"`` solves exactly (sympy) when the chain has at most this many states
#: (``M <= 8`` without information; always with public information).
EXACT_UP_TO = 8
#: Automata with at most this many states are compared by their states and outcomes; an
#: identical one (public information: the same for every M) is derived only once.
_SHARED_UP_TO = 8
_WHICH = ("on_path", "off_path")
_PLAYER = "member"
_DOMAIN = sp.Interval.open(0, 1)
#: δ grid on which the numeric path looks for sign changes (dense near 0 and near 1).
_GRID = np.concatenate([np.geomspace(1e-9, 1e-2, 15)[:-1], np.linspace(0.01, 0.99, 246),
                        1 - np.geomspace(1e-2, 1e-9, 15)[1:]])


# ----------------------------------------------------------------- results
@dataclass(frozen=True)
class ContagionThresholds:
    """Where the contagious strategy is an equilibrium, in the discount factor.

    Both conditions together: a sequential equilibrium without information (no
    proper subgame starts after a private history), a perfect public equilibrium
    with public information (:attr:`equilibrium`).

    Attributes
    ----------
    M : int
        Community size.
    information : str
        ``"none"`` or ``"public"``.
    on_path : Threshold
        Nobody wants to start the contagion.
    off_path : Threshold
        An infected player prefers to keep defecting (in every state).
    """

    M: int
    information: str
    on_path: Threshold
    off_path: Threshold

    @property
    def region(self) -> sp.Set:
        """The discount factors at which both conditions hold."""
        return sp.Intersection(self.on_path.region, self.off_path.region)

    @property
    def sustainable(self) -> bool:
        """Whether some discount factor supports the contagious equilibrium."""
        return self.region is not sp.S.EmptySet

    @property
    def equilibrium(self) -> str:
        """What holding both conditions makes the strategy: a sequential equilibrium
        without information, a perfect public equilibrium with public information."""
        return EQUILIBRIUM[self.information]

    def __str__(self) -> str:
        return (f"M = {self.M}, information {self.information}\n"
                f"on path (nobody starts the contagion): {self.on_path}\n"
                f"off path (an infected player keeps defecting): {self.off_path}\n"
                f"{self.equilibrium} (both): delta in {sp.sstr(self.region)}")

    def __repr__(self) -> str:
        return (f"ContagionThresholds(M={self.M}, on_path={self.on_path}, "
                f"off_path={self.off_path})")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return plain({"M": self.M, "information": self.information,
                "on_path": self.on_path.to_dict(), "off_path": self.off_path.to_dict(),
                "region": sp.sstr(self.region)})

    def latex(self) -> str:
        """The region of discount factors in LaTeX."""
        return rf"\delta \in {sp.latex(self.region)}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


# ----------------------------------------------------------------- the model
Move = tuple[Any, Any, int, int]


class KandoriCommunity:
    """The contagious equilibrium in a community of ``M`` players matched in pairs.

    Parameters
    ----------
    information : {"none", "public"}
        ``"none"``: players see only their own matches (contagion). ``"public"``:
        every defection is seen by all, who punish the defector at once.

    Notes
    -----
    Parameters are given to the methods: ``M`` (even, required), ``gain``,
    ``loss``, ``delta``.
    """

    parameters = ("M", "delta", "gain", "loss")

    def __init__(self, information: str = "none") -> None:
        if information not in INFORMATION:
            raise ModelError(
                f"information must be one of {', '.join(INFORMATION)}, not {information!r}"
            )
        self.information = information
        self._games: dict[Any, RepeatedGame] = {}
        self._arrays: dict[Any, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
        self._grid_values: dict[Any, np.ndarray] = {}  # the values on _GRID, by table
        # solved thresholds by (constraints, name, values): sizes with the same conditions
        # (public information) share one derivation
        self._solved: dict[Any, Threshold] = {}
        self._shapes: dict[Any, RepeatedGame] = {}  # small automata by states and outcomes

    def __repr__(self) -> str:
        return f"KandoriCommunity(information={self.information!r})"

    @property
    def equilibrium(self) -> str:
        """The notion the two conditions together check (see the module docstring).

        Examples
        --------
        >>> KandoriCommunity().equilibrium, KandoriCommunity("public").equilibrium
        ('sequential equilibrium', 'perfect public equilibrium')
        """
        return EQUILIBRIUM[self.information]

    # ---------------------------------------------------------- the automaton
    def _states(self, M: int) -> list[int]:
        """State indices: 0 cooperate; then 1 punished (public) or k infected (none)."""
        return [0, 1] if self.information == "public" else [0, *range(2, M + 1)]

    def _name(self, index: int) -> str:
        if index == 0:
            return "cooperate"
        return "punished" if self.information == "public" else f"infected:{index}"

    def _moves(
        self, M: int, k: int, action: str, gain: Any, loss: Any,
        ratio: Callable[[int, int], Any] = sp.Rational,
    ) -> list[Move]:
        """(probability, payoff, base, others) for one period of ``action`` in state ``k``.

        The next state is ``base + others + m`` with ``m`` the new infections among
        ``M - 2`` other players of whom ``others`` are infected. ``ratio`` makes the
        probabilities (exact by default).
        """
        if k == 0:  # nobody infected yet; a defection infects both partners (or is seen by all)
            caught = 1 if self.information == "public" else 2
            return [(1, 1, 0, 0)] if action == "C" else [(1, 1 + gain, caught, 0)]
        if self.information == "public":  # everyone defects against the known defector
            return [(1, 0, 1, 0)] if action == "D" else [(1, -loss, 1, 0)]
        moves = []
        if k < M:  # partner healthy
            defect = action == "D"
            moves.append((ratio(M - k, M - 1), 1 + gain if defect else 1,
                          2 if defect else 1, k - 1))
        if k > 1:  # partner infected
            moves.append((ratio(k - 1, M - 1), 0 if action == "D" else -loss, 2, k - 2))
        return moves

    def _prescribed(self, k: int) -> str:
        return "C" if k == 0 else "D"

    def _game(self, M: int, values: Mapping[str, sp.Expr]) -> RepeatedGame:
        key = (M, tuple(sorted(values.items(), key=lambda kv: kv[0])))
        if key not in self._games:
            gain, loss = (values.get(n, symbol(n)) for n in ("gain", "loss"))
            names = {self._name(k): k for k in self._states(M)}

            def outcomes(state: str, profile: tuple[str, ...]) -> list[Outcome]:
                found = []
                for prob, pay, base, others in self._moves(M, names[state], profile[0], gain, loss):
                    law = _mixed_pairs_exact(M - 2, others) if others else [(0, 1)]
                    found += [Outcome((pay,), self._name(base + others + m), prob * pm)
                              for m, pm in law]
                return found

            states = [State(name, {_PLAYER: self._prescribed(k)}) for name, k in names.items()]
            delta = values.get("delta", symbol("delta"))
            shape = None
            if len(names) <= _SHARED_UP_TO:  # a small automaton: the same one for another M?
                shape = (tuple((n, self._prescribed(k)) for n, k in names.items()), delta, tuple(
                    (name, a, tuple((o, tuple(map(type, o.payoffs)), type(o.probability))
                                    for o in outcomes(name, (a,))))
                    for name in names for a in ("C", "D")))
            if shape is not None and shape in self._shapes:
                self._games[key] = self._shapes[shape]  # its constraints are derived once
            else:
                self._games[key] = RepeatedGame((_PLAYER,), {_PLAYER: ("C", "D")}, states,
                                                outcomes, delta=delta)
                if shape is not None:
                    self._shapes[shape] = self._games[key]
        return self._games[key]

    def _split(self, values: Mapping[str, Any]) -> tuple[int, dict[str, Value]]:
        given = validate(values, allowed=self.parameters)
        if "M" not in given:
            raise MissingParameterError(
                "give M, the community size: the chain's states depend on it")
        M = int(given.pop("M"))
        if M % 2:
            raise DomainError(f"M={M} must be even: players are matched in pairs")
        return M, given

    def game(self, **values: Any) -> RepeatedGame:
        """The automaton from one player's point of view (``M`` required; exact).

        Examples
        --------
        >>> list(KandoriCommunity().game(M=4).states)
        ['cooperate', 'infected:2', 'infected:3', 'infected:4']
        """
        M, given = self._split(values)
        return self._game(M, exact_values(given))

    def constraints(self, which: str = "on_path", **values: Any) -> list[Constraint]:
        """The one-shot-deviation constraints on or off the path (exact, small ``M``).

        Examples
        --------
        >>> [str(c) for c in KandoriCommunity().constraints(M=2)]
        ['member in cooperate: C over D: (delta*gain + delta - gain)/(1 - delta) >= 0']
        """
        _check(which)
        return [c for c in self.game(**values).constraints() if c.on_path == (which == "on_path")]

    # ---------------------------------------------------------- thresholds
    def threshold(
        self, name: str = "delta", /, which: str = "on_path", *, method: str = "auto",
        **values: Any,
    ) -> Threshold:
        """The boundary, in ``name``, of the region where condition ``which`` holds.

        Parameters
        ----------
        name : str
            ``"delta"`` (any method), or ``"gain"`` / ``"loss"`` (exact only).
        which : {"on_path", "off_path"}
            Nobody starts the contagion / an infected player keeps defecting.
        method : {"auto", "exact", "numeric"}
            ``"auto"``: exact when the chain has at most ``EXACT_UP_TO`` states and
            the inputs are exact.
        **values
            ``M`` (required), ``gain``, ``loss`` and, unless solved for, ``delta``.
        """
        _check(which)
        M, given = self._split(values)
        if name not in ("delta", "gain", "loss"):
            raise DomainError(
                f"cannot solve for {name!r}; valid names: delta, gain, loss "
                "(the states depend on M: compute thresholds for several M instead)"
            )
        if name in given:
            raise DomainError(f"{name} is the parameter to solve for; do not also give it a value")
        if self._exact(method, M, given):
            return self._exact_threshold(name, which, M, given)
        if name != "delta":
            raise DomainError(
                f"the numeric method solves for delta only, not {name}; use method='exact'")
        missing = sorted({"gain", "loss"} - set(given))
        if missing:
            raise MissingParameterError(
                f"the numeric method needs numbers for {', '.join(missing)}")
        slack = self._slack_function(M, float(given["gain"]), float(given["loss"]), which)
        return _numeric_threshold(slack, which)

    def thresholds(self, *, method: str = "auto", **values: Any) -> ContagionThresholds:
        """Both conditions in ``delta`` and the region where both hold.

        Examples
        --------
        >>> from fractions import Fraction
        >>> t = KandoriCommunity().thresholds(M=4, gain=Fraction(1, 5), loss=Fraction(1, 100))
        >>> t.on_path.value, t.off_path.value
        (1/3, 41/80)
        """
        M, _ = self._split(values)
        on, off = (self.threshold("delta", w, method=method, **values) for w in _WHICH)
        return ContagionThresholds(M, self.information, on, off)

    def _exact(self, method: str, M: int, given: Mapping[str, Value]) -> bool:
        if method not in ("auto", "exact", "numeric"):
            raise ModelError(f"method must be 'auto', 'exact' or 'numeric', not {method!r}")
        if method == "auto":
            small = len(self._states(M)) <= EXACT_UP_TO
            return small and all(is_exact(v) for v in given.values())
        return method == "exact"

    def _exact_threshold(
        self, name: str, which: str, M: int, given: Mapping[str, Value]
    ) -> Threshold:
        found = [c for c in self._game(M, exact_values(given)).constraints()
                 if c.on_path == (which == "on_path")]
        if any(name in {s.name for s in c.slack.free_symbols} for c in found):
            key = (tuple(found), name, tuple((n, type(v), v) for n, v in sorted(given.items())))
            if key not in self._solved:
                self._solved[key] = solve_threshold(found, name, given)
            return self._solved[key]
        if any(c.slack.free_symbols for c in found):
            raise MissingParameterError(
                f"give numbers for the parameters in {[str(c) for c in found]}")
        if all(c.slack >= 0 for c in found):  # nothing depends on `name` (off path at M = 2)
            return Threshold(name, _DOMAIN.sup, "<=", _DOMAIN,
                             reason=f"holds for every {name}: no constraint depends on it")
        raise NoSolutionError(f"no value of {name} works: {[str(c) for c in found]}")

    # ---------------------------------------------------------- numeric path
    def _tables(self, M: int, gain: float, loss: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Transition matrix and period payoff of conforming and of deviating, per state."""
        key = (M, gain, loss)
        if key in self._arrays:
            return self._arrays[key]
        size = max(self._states(M)) + 1
        laws: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        tables = {}
        for kind in ("conform", "deviate"):
            P, u = np.zeros((size, size)), np.zeros(size)
            for k in self._states(M):
                action = self._prescribed(k)
                if kind == "deviate":
                    action = "D" if action == "C" else "C"
                for prob, pay, base, others in self._moves(M, k, action, gain, loss, _divide):
                    if others not in laws:
                        laws[others] = mixed_pairs(M - 2, others)
                    ms, pm = laws[others]
                    P[k, base + others + ms] += prob * pm
                    u[k] += prob * pay
            tables[kind] = (P, u)
        self._arrays[key] = tables
        return tables

    def _slack_function(
        self, M: int, gain: float, loss: float, which: str
    ) -> Callable[[np.ndarray], np.ndarray]:
        """δ ↦ the tightest slack of condition ``which``, vectorised over δ."""
        key = (M, gain, loss)
        tables = self._tables(M, gain, loss)
        (P, u), (Pd, ud) = tables["conform"], tables["deviate"]
        rows = [0] if which == "on_path" else [k for k in self._states(M) if k]
        gap_P, gap_u = P[rows] - Pd[rows], u[rows] - ud[rows]
        work = P.copy()  # P with the diagonal the one-δ solve needs

        def slack(deltas: np.ndarray) -> np.ndarray:
            deltas = np.atleast_1d(np.asarray(deltas, dtype=float))
            if deltas.size == 1 and deltas[0] > 0:  # Brent's steps: one triangular solve
                V = _values_at(work, P, u, float(deltas[0]))[:, None]
            elif deltas is _GRID:  # both conditions scan the grid: solve it once per table
                if key not in self._grid_values:
                    self._grid_values[key] = _values(P, u, deltas)
                V = self._grid_values[key]
            else:
                V = _values(P, u, deltas)
            scale = (1 - deltas) if which == "on_path" else 1.0  # keeps the values finite near 1
            return ((gap_u[:, None] + deltas * (gap_P @ V)) * scale).min(axis=0)

        return slack


def _check(which: str) -> None:
    if which not in _WHICH:
        raise ModelError(f"which must be one of {', '.join(_WHICH)}, not {which!r}")


def _divide(a: int, b: int) -> float:
    return a / b


def _values(P: np.ndarray, u: np.ndarray, deltas: np.ndarray) -> np.ndarray:
    """Solve ``V = u + δ P V`` for every δ at once; ``P`` is upper triangular."""
    V = np.zeros((len(u), deltas.size))
    for k in range(len(u) - 1, -1, -1):
        V[k] = (u[k] + deltas * (P[k, k + 1:] @ V[k + 1:])) / (1 - deltas * P[k, k])
    return V


def _values_at(work: np.ndarray, P: np.ndarray, u: np.ndarray, delta: float) -> np.ndarray:
    """``V = u + δ P V`` for one ``δ > 0`` by one LAPACK solve of ``(P - I/δ) V = -u/δ``.

    ``work`` is a copy of ``P`` whose diagonal is overwritten here; the diagonal is
    formed as ``-(1 - δ P_kk)/δ``, as accurate as back substitution's ``1 - δ P_kk``.
    """
    diagonal = np.arange(len(u))
    work[diagonal, diagonal] = -(1 - delta * P[diagonal, diagonal]) / delta
    return scipy.linalg.solve_triangular(work, -u / delta, check_finite=False)


def _numeric_threshold(slack: Callable[[np.ndarray], np.ndarray], which: str) -> Threshold:
    """The region ``slack >= 0`` in (0, 1): sign changes on a grid, refined by Brent's method."""
    signs = slack(_GRID) >= 0
    cuts = [
        brentq(lambda d: float(slack(d)[0]), a, b, xtol=1e-14, rtol=4 * np.finfo(float).eps)
        for (a, b), (sa, sb) in zip(pairwise(_GRID), pairwise(signs), strict=True) if sa != sb
    ]
    if not cuts and signs[0]:
        return Threshold("delta", 1.0, "<=", _DOMAIN, exact=False,
                         reason="holds for every delta in (0, 1) (numeric)")
    points = [sp.Integer(0), *(sp.Float(c) for c in cuts), sp.Integer(1)]
    pieces, inside = [], bool(signs[0])
    for a, b in pairwise(points):
        if inside:  # a root is a boundary where the slack is zero: it belongs to the region
            pieces.append(sp.Interval(a, b, a == 0, b == 1))
        inside = not inside
    region = sp.Union(*pieces) if pieces else sp.S.EmptySet
    if region is sp.S.EmptySet:
        raise NoSolutionError(
            f"no delta in (0, 1) satisfies the {which.replace('_', ' ')} condition")
    lo, hi = float(region.inf), float(region.sup)
    if isinstance(region, sp.Interval) and hi == 1.0:
        return Threshold("delta", lo, ">=", region, exact=False)
    if isinstance(region, sp.Interval) and lo == 0.0:
        return Threshold("delta", hi, "<=", region, exact=False)
    return Threshold("delta", None, "within", region, exact=False)


# ----------------------------------------------------------------- figures
def threshold_by_size_data(
    M_values: Iterable[int] | None = None, gain: Value = 1, loss: Value = 1
) -> FigureData:
    """δ bounds of the contagious equilibrium against community size, with and without information.

    Columns: ``M``; ``on_path`` (δ* without information passed on); ``off_path``
    (the largest δ at which an infected player still keeps defecting, 1.0 when
    there is none below 1); ``public`` (δ* when every defection is public: grim
    trigger, the same for every ``M``).

    Examples
    --------
    >>> data = threshold_by_size_data([2, 4, 100])
    >>> [round(x, 4) for x in data.columns["on_path"]], data.columns["public"]
    ([0.5, 0.6861, 0.8938], [0.5, 0.5, 0.5])
    """
    default = [2, 4, 6, 10, 20, 50, 100, 200, 500, 1000]
    Ms = default if M_values is None else [int(m) for m in M_values]
    none, public = KandoriCommunity("none"), KandoriCommunity("public")
    columns: dict[str, list[Any]] = {"M": [], "on_path": [], "off_path": [], "public": []}
    for M in Ms:
        t = none.thresholds(M=M, gain=gain, loss=loss, method="numeric")
        columns["M"].append(M)
        columns["on_path"].append(float(t.on_path.value))
        columns["off_path"].append(float(t.off_path.region.sup))
        columns["public"].append(float(public.threshold("delta", M=M, gain=gain, loss=loss).value))
    return FigureData(columns, title="Kandori (1992): threshold against community size",
                      notes={"gain": str(gain), "loss": str(loss),
                             "off_path": "largest delta at which the off-path condition holds "
                                         "(1.0: it holds up to 1)"})
