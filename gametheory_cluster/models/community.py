r"""Community enforcement of repayment: many lenders, many cluster partners (MODELS.md §2).

Both models are automata on the engine (:mod:`gametheory_cluster.automata`): a bank
moves first (Lend / Refuse), then the SME (Repay / Default). A loan repaid pays the
SME :math:`Y - R` and the bank :math:`R - I`; a default pays the SME :math:`Y` and
the bank :math:`-I`; a refused SME earns its outside option :math:`w`. The engine
derives the values and every one-shot-deviation constraint; the thresholds below
are solved from those constraints, never typed in.

Many lenders, random matching (:class:`MultilateralLending`)
------------------------------------------------------------
There are :math:`N` lenders. Each period the SME is matched with one of them, each
with probability :math:`1/N`. A lender that trusts the SME lends; one that refuses
does not, and the SME earns :math:`w` that period. After a default, with
probability :math:`q` the default becomes public and every lender refuses for ever;
otherwise only the cheated lender refuses for ever. The state records :math:`k`,
the number of lenders that refuse, and whether this period's lender trusts the SME
(``"k:open"``) or refuses (``"k:shut"``). Honest repayment never changes
:math:`k`, so the expected per-period payoff in state :math:`k` is
:math:`\tfrac{N-k}{N}(Y-R) + \tfrac{k}{N}w`. A lender that refuses expects the SME
to default if it lent after all, so refusing is its best reply.

Cluster partners (:class:`ClusterPartners`)
-------------------------------------------
The SME borrows from one bank and trades with :math:`N` cluster partners, each
worth :math:`s` per period. After a default the bank refuses for ever (it was the
one cheated) and each partner learns of it independently with probability
:math:`q` and stops trading from the next period on. State ``"punished:j"``:
:math:`j \sim \mathrm{Binomial}(N, 1-q)` partners still trade.

Two thresholds
--------------
When a default can stay private, the states after an undetected default differ
from the start, and two questions have different answers:

``which="on_path"``
    Honest repayment is the SME's (and the banks') best response on the
    equilibrium path: the one-shot deviations at the states play actually reaches
    (:attr:`Constraint.on_path <gametheory_cluster.automata.Constraint>`).
``which="subgame_perfect"``
    Repaying is optimal in **every** state that some sequence of moves can reach,
    including those after undetected defaults.

Only states reachable with positive probability are built, so at ``q = 1`` the
states after a private default do not exist and both thresholds coincide with
grim trigger. A threshold in ``q`` checks the end points of ``q``'s domain
separately for that reason. The number of states grows with :math:`N`, so a
threshold in ``N`` builds the model for each :math:`N` tried (doubling, then
bisection up to ``max_N``).

Examples
--------
>>> from fractions import Fraction
>>> from gametheory_cluster.models.community import MultilateralLending
>>> pair = MultilateralLending().thresholds("delta", N=2, q=Fraction(1, 2), Y=150, R=110, w=0)
>>> pair.on_path.value, pair.subgame_perfect.value
(11/14, 11/13)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from ..algebra import sign, tidy
from ..automata import Certificate, Constraint, Outcome, RepeatedGame, State
from ..errors import (
    DomainError,
    MissingParameterError,
    ModelError,
    NoSolutionError,
    UnknownParameterError,
)
from ..parameters import PARAMETERS, Value, is_exact, symbol, validate
from ..plotting import FigureData, attach_data, new_axes, style_context
from ..thresholds import Threshold, solve_threshold

__all__ = [
    "WHICH",
    "ClusterPartners",
    "MultilateralLending",
    "ThresholdPair",
    "plot_threshold_nq",
    "threshold_nq_data",
]

#: The two questions a threshold can answer (see the module docstring).
WHICH = ("on_path", "subgame_perfect")

_PLAYERS = ("bank", "sme")
_ACTIONS = {"bank": ("Lend", "Refuse"), "sme": ("Repay", "Default")}
_HONEST = {"bank": "Lend", "sme": "Repay"}
_REFUSE = {"bank": "Refuse", "sme": "Default"}
_MEANING = {
    "on_path": "on the equilibrium path (repaying is the SME's best response where play goes)",
    "subgame_perfect": "subgame perfect (repaying is optimal in every reachable state, "
    "also after undetected defaults)",
}

Rule = Callable[[tuple[str, ...]], list[Outcome]]
Describe = Callable[[str], tuple[Mapping[str, str], Rule]]


@dataclass(frozen=True)
class ThresholdPair:
    """The on-path and the subgame-perfect threshold in one parameter.

    Attributes
    ----------
    on_path : Threshold
        Where honest repayment is the best response on the equilibrium path.
    subgame_perfect : Threshold
        Where repaying is optimal in every reachable state.
    """

    on_path: Threshold
    subgame_perfect: Threshold

    def __str__(self) -> str:
        return "\n".join(f"{_MEANING[w]}: {getattr(self, w)}" for w in WHICH)

    def __repr__(self) -> str:
        return f"ThresholdPair(on_path={self.on_path}, subgame_perfect={self.subgame_perfect})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: each threshold's :meth:`Threshold.to_dict`."""
        return {w: getattr(self, w).to_dict() for w in WHICH}

    def latex(self) -> str:
        """Both conditions in LaTeX."""
        return (rf"\text{{on path: }} {self.on_path.latex()} \qquad "
                rf"\text{{subgame perfect: }} {self.subgame_perfect.latex()}")

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def _check_which(which: str) -> None:
    if which not in WHICH:
        raise ModelError(f"which must be one of {', '.join(WHICH)}, not {which!r}")


def _exact_values(given: Mapping[str, Value]) -> dict[str, sp.Expr]:
    """Floats become the exact rationals they stand for; the engine then works exactly."""
    return {k: sp.Rational(v) if isinstance(v, float) else sp.sympify(v) for k, v in given.items()}


class _Community(ABC):
    """What both models share: the automaton for one N, constraints, thresholds."""

    #: Parameters besides ``N``.
    _names: tuple[str, ...] = ()
    #: What the N are ("lenders", "partners").
    _noun = ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters of the model, sorted (``N`` among them)."""
        return tuple(sorted((*self._names, "N")))

    # ------------------------------------------------------------ the automaton
    @abstractmethod
    def _automaton(self, N: int, p: Callable[[str], Any]) -> tuple[str, Describe]:
        """The initial state and the rule of the automaton with ``N`` lenders or partners."""

    def _reachable(self, N: int, values: Mapping[str, sp.Expr]) -> dict[str, tuple[Mapping, Rule]]:
        """The states some sequence of moves reaches with positive probability, in order."""
        initial, describe = self._automaton(N, lambda n: values.get(n, symbol(n)))
        table: dict[str, tuple[Mapping, Rule]] = {}
        frontier = [initial]
        profiles = [(b, a) for b in _ACTIONS["bank"] for a in _ACTIONS["sme"]]
        while frontier:
            name = frontier.pop(0)
            if name in table:
                continue
            play, rule = describe(name)
            kept = _positive(rule)
            table[name] = (play, kept)
            frontier += [o.next for prof in profiles for o in kept(prof) if o.next not in table]
        return table

    def _game(self, N: int, values: Mapping[str, sp.Expr]) -> RepeatedGame:
        key = (N, tuple(sorted(values.items(), key=lambda kv: kv[0])))
        cache = self.__dict__.setdefault("_games", {})
        if key not in cache:
            table = self._reachable(N, values)
            cache[key] = RepeatedGame(
                _PLAYERS,
                _ACTIONS,
                [State(name, play) for name, (play, _) in table.items()],
                lambda state, profile: table[state][1](profile),
                delta=values.get("delta", symbol("delta")),
                timing="sequential",
            )
        return cache[key]

    def _split(self, values: Mapping[str, Any]) -> tuple[int, dict[str, Value]]:
        given = validate(values, allowed=self.parameters)
        if "N" not in given:
            raise MissingParameterError(
                f"give N (the number of {self._noun}): the automaton's states depend on it"
            )
        return int(given.pop("N")), given

    def game(self, **values: Any) -> RepeatedGame:
        """The automaton for ``N`` (required), with the other given values substituted.

        Examples
        --------
        >>> list(MultilateralLending().game(N=2).states)
        ['0:open', '2:shut', '1:open', '1:shut']
        """
        N, given = self._split(values)
        return self._game(N, _exact_values(given))

    def constraints(self, which: str = "subgame_perfect", **values: Any) -> list[Constraint]:
        """The one-shot-deviation constraints that ``which`` asks about (``N`` required)."""
        _check_which(which)
        return _select(self.game(**values), which)

    def is_honest(self, which: str = "subgame_perfect", **values: Any) -> Certificate:
        """Check the constraints at a point (every parameter needed); truthy when they hold.

        Examples
        --------
        >>> from fractions import Fraction
        >>> bool(MultilateralLending().is_honest(N=3, q=1, Y=150, R=110, w=0, I=100,
        ...                                     delta=Fraction(3, 4)))
        True
        """
        _check_which(which)
        N, given = self._split(values)
        missing = sorted(set(self._names) - set(given))
        if missing:
            raise MissingParameterError(f"values needed for: {', '.join(missing)}")
        slacks = [(c, c.slack) for c in _select(self._game(N, _exact_values(given)), which)]
        if all(is_exact(v) for v in given.values()):
            return Certificate(slacks)
        return Certificate([(c, float(v)) for c, v in slacks], tolerance=1e-12)

    # --------------------------------------------------------------- thresholds
    def threshold(
        self, name: str, /, which: str = "subgame_perfect", *, max_N: int = 64, **values: Any
    ) -> Threshold:
        """The boundary in ``name`` of the region where the constraints ``which`` names hold.

        Parameters
        ----------
        name : str
            The parameter to solve for (``delta``, ``q``, ``N``, ``s``, ``R``, ...).
        which : {"subgame_perfect", "on_path"}
            Which constraints (see the module docstring).
        max_N : int
            How far a threshold in ``N`` searches.
        **values
            The other parameters; ``N`` is required unless it is ``name``. Those left
            out stay symbolic (except for a threshold in ``N``, which needs numbers).
        """
        _check_which(which)
        if name not in self.parameters:
            raise UnknownParameterError(
                f"{name!r} is not a parameter of {self!r}; "
                f"valid names: {', '.join(self.parameters)}"
            )
        if name == "N":
            return self._threshold_N(which, values, max_N)
        N, given = self._split(values)
        exact_values = _exact_values(given)
        constraints = _select(self._game(N, exact_values), which)
        try:
            generic = solve_threshold(constraints, name, given)
            generic = replace(generic, requires=tuple(dict.fromkeys(generic.requires)))
        except NoSolutionError as err:
            generic, failure = None, err
        result = self._with_edges(generic, name, N, exact_values, which)
        if result is None:
            raise failure
        return result

    def thresholds(self, name: str, /, *, max_N: int = 64, **values: Any) -> ThresholdPair:
        """Both thresholds in ``name``: on the equilibrium path and subgame perfect.

        Examples
        --------
        >>> from fractions import Fraction
        >>> print(ClusterPartners().thresholds("N", q=Fraction(1, 2), s=5, Y=150, R=110, w=0,
        ...                                    I=100, delta=Fraction(1, 2)))
        on the equilibrium path (...): N >= 28, searched N = 1 ... 64 by doubling and bisection ...
        subgame perfect (...): N >= 28, searched ...
        """
        return ThresholdPair(
            *(self.threshold(name, w, max_N=max_N, **values) for w in WHICH)
        )

    def _with_edges(
        self, generic: Threshold | None, name: str, N: int,
        values: Mapping[str, sp.Expr], which: str,
    ) -> Threshold | None:
        """Account for end points of ``name``'s domain where fewer states can be reached.

        At ``q = 1`` no default stays private, so the states after one are never
        reached and their constraints must not count there.
        """
        domain = PARAMETERS[name].domain
        edges = [e for e in (domain.inf, domain.sup) if e.is_finite and e in domain]
        result = generic
        for edge in edges:
            at_edge = {**values, name: edge}
            if set(self._reachable(N, at_edge)) == set(self._reachable(N, values)):
                continue
            slacks = [c.slack for c in _select(self._game(N, at_edge), which)]
            holds = all(v >= 0 for v in slacks if not v.free_symbols)
            conditions = tuple(dict.fromkeys(
                sp.Ge(tidy(v), 0) for v in slacks if v.free_symbols and sign(v) not in (0, 1)))
            result = _merge_edge(result, name, edge, holds, conditions, domain)
        return result

    def _threshold_N(self, which: str, values: Mapping[str, Any], max_N: int) -> Threshold:
        if "N" in values:
            raise DomainError("N is the parameter to solve for; do not also give it a value")
        if not isinstance(max_N, int) or max_N < 1:
            raise DomainError(f"max_N must be a whole number >= 1, not {max_N!r}")
        given = validate(values, allowed=self.parameters)
        missing = sorted(set(self._names) - set(given) - {"I"})
        if missing:
            raise MissingParameterError(
                "a threshold in N needs numbers for every other parameter; "
                f"missing: {', '.join(missing)}"
            )
        exact_values = _exact_values(given)
        requires: dict[str, sp.Expr] = {}

        def check(n: int) -> tuple[bool, Constraint | None, Any]:
            worst = None
            for c in _select(self._game(n, exact_values), which):
                if c.slack.free_symbols:
                    if sign(c.slack) not in (0, 1):
                        requires[sp.sstr(c.slack)] = sp.Ge(tidy(c.slack), 0)
                elif c.slack < 0 and (worst is None or c.slack < worst[1]):
                    worst = (c, c.slack)
            return (True, None, None) if worst is None else (False, *worst)

        found = {1: check(1)}
        first = found[1][0]
        low, high, n = 1, None, 1
        while n < max_N:  # double until the verdict changes
            n = min(2 * n, max_N)
            found[n] = check(n)
            if found[n][0] != first:
                high = n
                break
            low = n
        how = (f"searched N = 1 ... {max_N} by doubling and bisection (the N that work "
               "are taken to form one block that starts at 1 or runs to max_N)")
        req = tuple(requires.values())
        if high is None:
            if first:
                return Threshold("N", 1, ">=", sp.Range(1, max_N + 1), requires=req, integer=True,
                                 reason=f"every N from 1 to {max_N} works; {how}")
            _, c, v = found[max_N]
            raise NoSolutionError(
                f"no number of {self._noun} N from 1 to {max_N} makes honest repayment "
                f"{which.replace('_', ' ')}: {c.label} fails with slack {found[1][2]} at N = 1 "
                f"and {v} at N = {max_N}; raise max_N to search further"
            )
        while high - low > 1:
            mid = (low + high) // 2
            found[mid] = check(mid)
            if found[mid][0] == first:
                low = mid
            else:
                high = mid
        if first:  # works up to `low`, fails from `high` on
            return Threshold("N", low, "<=", sp.Range(1, low + 1), found[high][1], req,
                             reason=how, integer=True)
        return Threshold("N", high, ">=", sp.Range(high, max_N + 1), found[low][1], req,
                         reason=how, integer=True)


def _positive(rule: Rule) -> Rule:
    """``rule`` without the outcomes whose probability is exactly zero."""

    def kept(profile: tuple[str, ...]) -> list[Outcome]:
        return [o for o in rule(profile) if sp.sympify(o.probability) != 0]

    return kept


def _select(game: RepeatedGame, which: str) -> list[Constraint]:
    found = game.constraints()
    return [c for c in found if c.on_path] if which == "on_path" else found


def _merge_edge(
    result: Threshold | None, name: str, edge: sp.Expr, holds: bool,
    conditions: tuple[Any, ...], domain: sp.Interval,
) -> Threshold | None:
    """Add (or remove) a domain end point where the reachable states differ.

    ``conditions`` are what must also hold at the end point (on other parameters).
    """
    if result is None:
        if not holds:
            return None
        return Threshold(
            name, edge, ">=" if edge == domain.sup else "<=", sp.FiniteSet(edge),
            requires=conditions,
            reason=f"only at {name} = {edge}: for any other value the SME can reach states "
            "after undetected defaults where repaying does not pay",
        )
    if result.region is None:
        return _remark(result, f"at {name} = {edge} fewer states can be reached; give numbers "
                       "for the other parameters to include that point")
    inside = bool(result.region.contains(edge))
    if holds == inside:
        return result
    point = sp.FiniteSet(edge)
    region = sp.Union(result.region, point) if holds else sp.Complement(result.region, point)
    verb = "also holds" if holds else "fails"
    return _remark(replace(result, region=region),
                   f"{verb} at {name} = {edge}, where fewer states can be reached")


def _remark(result: Threshold, text: str) -> Threshold:
    """``result`` with ``text`` added to its reason."""
    return replace(result, reason=f"{result.reason}; {text}" if result.reason else text)


def _refused(I: Any, Y: Any, R: Any, w: Any, extra: Any = 0) -> Callable[[tuple[str, ...]], tuple]:
    """Period payoffs (bank, SME) for a profile; ``extra`` is what the SME earns on the side."""

    def pay(profile: tuple[str, ...]) -> tuple[Any, Any]:
        bank, sme = profile
        if bank == "Refuse":
            return (0, w + extra)
        return (R - I, Y - R + extra) if sme == "Repay" else (-I, Y + extra)

    return pay


class MultilateralLending(_Community):
    r"""N lenders matched at random with the SME; a default is public with probability ``q``.

    Parameters are given to the methods: ``N`` (lenders), ``q``, ``Y``, ``R``, ``w``,
    ``I``, ``delta``. See the module docstring for the automaton.

    Examples
    --------
    With ``q = 1`` every lender punishes and the threshold is grim trigger's
    :math:`R/(Y-w)` whatever ``N``:

    >>> MultilateralLending().threshold("delta", N=4, q=1, Y=150, R=110, w=0, I=100)
    Threshold(delta >= 11/15)

    With private defaults more lenders make each default cheaper: honest
    repayment on the path needs few enough lenders.

    >>> from fractions import Fraction
    >>> MultilateralLending().threshold("N", "on_path", q=Fraction(1, 5), Y=150, R=110, w=0,
    ...                                 I=100, delta=Fraction(9, 10)).value
    7
    """

    _names = ("I", "R", "Y", "delta", "q", "w")
    _noun = "lenders"

    def _automaton(self, N: int, p: Callable[[str], Any]) -> tuple[str, Describe]:
        q = p("q")
        pay = _refused(p("I"), p("Y"), p("R"), p("w"))

        def draw(k: int) -> list[tuple[sp.Rational, str]]:
            """This period's lender when ``k`` refuse: trusting or refusing."""
            return [(sp.Rational(n, N), f"{k}:{side}")
                    for n, side in ((N - k, "open"), (k, "shut")) if n > 0]

        def describe(name: str) -> tuple[Mapping[str, str], Rule]:
            k, side = int(name.split(":")[0]), name.split(":")[1]

            def rule(profile: tuple[str, ...]) -> list[Outcome]:
                if side == "shut" or profile != ("Lend", "Default"):
                    return [Outcome(pay(profile), nxt, pr) for pr, nxt in draw(k)]
                public = [Outcome(pay(profile), nxt, q * pr) for pr, nxt in draw(N)]
                private = [Outcome(pay(profile), nxt, (1 - q) * pr) for pr, nxt in draw(k + 1)]
                return public + private

            return (_HONEST if side == "open" else _REFUSE), rule

        return "0:open", describe


class ClusterPartners(_Community):
    r"""One bank and ``N`` cluster partners worth ``s`` each; each learns of a default w.p. ``q``.

    Parameters are given to the methods: ``N`` (partners), ``s``, ``q``, ``Y``,
    ``R``, ``w``, ``I``, ``delta``. See the module docstring for the automaton.

    Examples
    --------
    >>> from fractions import Fraction
    >>> ClusterPartners().threshold("s", N=10, q=Fraction(1, 2), Y=150, R=110, w=0,
    ...                             delta=Fraction(1, 2)).value
    14
    """

    _names = ("I", "R", "Y", "delta", "q", "s", "w")
    _noun = "partners"

    def _automaton(self, N: int, p: Callable[[str], Any]) -> tuple[str, Describe]:
        q, s = p("q"), p("s")
        args = (p("I"), p("Y"), p("R"), p("w"))

        def describe(name: str) -> tuple[Mapping[str, str], Rule]:
            if name == "honest":
                pay = _refused(*args, N * s)

                def rule(profile: tuple[str, ...]) -> list[Outcome]:
                    if profile != ("Lend", "Default"):
                        return [Outcome(pay(profile), "honest")]
                    return [Outcome(pay(profile), f"punished:{j}",
                                    sp.binomial(N, j) * (1 - q) ** j * q ** (N - j))
                            for j in range(N + 1)]

                return _HONEST, rule
            j = int(name.split(":")[1])
            pay = _refused(*args, j * s)
            return _REFUSE, lambda profile: [Outcome(pay(profile), name)]

        return "honest", describe


# ---------------------------------------------------------------- the (N, q) plane
def threshold_nq_data(
    N_values: Iterable[int] = range(1, 9),
    q_values: Sequence[float] | np.ndarray | None = None,
    which: str = "on_path",
    **values: Any,
) -> FigureData:
    """δ* of :class:`MultilateralLending` over a grid of ``N`` and ``q``.

    For each ``N`` the threshold is derived once as a function of ``q`` (exact,
    symbolic in ``q``) and evaluated on the ``q`` grid; the end points of ``q``'s
    domain are solved directly (at ``q = 1`` no default stays private).

    Parameters
    ----------
    N_values : iterable of int
        Numbers of lenders.
    q_values : sequence of float, optional
        Publicity probabilities (default: 21 points from 0 to 1).
    which : {"on_path", "subgame_perfect"}
        Which threshold.
    **values
        ``Y``, ``R``, ``w`` (and optionally ``I``) as numbers (default: the base case
        ``Y=150, R=110, w=0``).

    Examples
    --------
    >>> data = threshold_nq_data([1, 2], [0.0, 0.5, 1.0])
    >>> [round(x, 4) for x in data.columns["delta_star"]]
    [0.7333, 0.7333, 0.7333, 0.8462, 0.7857, 0.7333]
    """
    _check_which(which)
    values = {"Y": 150, "R": 110, "w": 0} | dict(values)
    grid = np.linspace(0.0, 1.0, 21) if q_values is None else np.asarray(q_values, dtype=float)
    if grid.ndim != 1 or not len(grid) or np.any((grid < 0) | (grid > 1)) or np.any(np.isnan(grid)):
        raise DomainError("q_values must be a non-empty list of probabilities in [0, 1]")
    model = MultilateralLending()
    rows: dict[str, list[Any]] = {"N": [], "q": [], "delta_star": []}
    q = symbol("q")
    exact = _exact_values(validate(values, allowed=model.parameters))
    for N in N_values:
        general = model.threshold("delta", which, N=N, **values)
        if general.direction != ">=" or general.valid_when:
            raise NoSolutionError(f"no closed-form threshold in delta at N = {N}: {general}")
        curve = sp.lambdify(q, general.value, "numpy")
        reachable = set(model._reachable(N, exact))
        for x in grid:
            if x in (0.0, 1.0) and set(model._reachable(N, {**exact, "q": int(x)})) != reachable:
                star = float(model.threshold("delta", which, N=N, q=int(x), **values).value)
            else:
                star = float(curve(x))
            rows["N"].append(int(N))
            rows["q"].append(float(x))
            rows["delta_star"].append(star)
    return FigureData(
        rows,
        title=f"delta* over (N, q), {which.replace('_', ' ')}",
        notes={"model": "MultilateralLending", "which": which,
               **{k: str(v) for k, v in values.items()}},
    )


def plot_threshold_nq(
    N_values: Iterable[int] = range(1, 9),
    q_values: Sequence[float] | np.ndarray | None = None,
    which: str = "on_path",
    *,
    ax: Any = None,
    style: str = "paper",
    **values: Any,
) -> Figure:
    """Draw δ* over the (N, q) plane: N lenders, a default public with probability q.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_threshold_nq([1, 2], [0.0, 0.5, 1.0])
    >>> sorted(set(figure_data(fig).columns["N"]))
    [1, 2]
    """
    data = threshold_nq_data(N_values, q_values, which, **values)
    Ns = sorted(set(data.columns["N"]))
    qs = sorted(set(data.columns["q"]))
    table = np.array(data.columns["delta_star"]).reshape(len(Ns), len(qs))
    with style_context(style):
        fig, ax = new_axes(ax)
        mesh = ax.pcolormesh(qs, Ns, table, shading="nearest", cmap="viridis")
        ax.grid(False)
        if len(Ns) > 1 and len(qs) > 1:
            lines = ax.contour(qs, Ns, table, colors="white", linewidths=0.8)
            ax.clabel(lines, fmt="%.2f", fontsize="small")
        fig.colorbar(mesh, ax=ax, label=r"$\delta^*$")
        ax.set_xlabel(r"probability $q$ that a default becomes public")
        ax.set_ylabel(r"number of lenders $N$")
        ax.set_title(r"$\delta^*$ with random matching, " + which.replace("_", " "))
    return attach_data(fig, data)

