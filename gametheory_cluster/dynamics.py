r"""Evolutionary dynamics of banks and SMEs: two-population replicator dynamics.

Definitions
-----------
A population of banks and a population of SMEs are matched at random, one bank with
one SME, to play a 2×2 stage game :math:`(A, B)`: banks (rows) choose Lend or Refuse,
SMEs (columns) Repay or Default. Let :math:`x` be the share of banks that lend and
:math:`y` the share of SMEs that repay. With :math:`\mathbf y = (y, 1-y)` and
:math:`\mathbf x = (x, 1-x)`, the payoff *advantages* of the first action are

.. math::

    \Delta_B(y) = (A\mathbf y)_1 - (A\mathbf y)_2, \qquad
    \Delta_S(x) = (B^\top \mathbf x)_1 - (B^\top \mathbf x)_2 ,

both linear: :math:`\Delta_B(y) = a_0 + a_1 y`, :math:`\Delta_S(x) = b_0 + b_1 x`. The
asymmetric (two-population) replicator dynamics (Taylor 1979; Hofbauer & Sigmund
1998, *Evolutionary Games and Population Dynamics*, ch. 10) are

.. math::

    \dot x = x(1-x)\,\Delta_B(y), \qquad \dot y = y(1-y)\,\Delta_S(x).

*Rest points.* The four corners; the interior point :math:`\Delta_S(x^*) = 0`,
:math:`\Delta_B(y^*) = 0` when it lies in :math:`(0, 1)^2` (that is, when
:math:`b_0(b_0 + b_1) < 0` and :math:`a_0(a_0 + a_1) < 0`); and a whole edge when the
advantage of the population that moves along it vanishes there (the edge
:math:`x = 0` when :math:`\Delta_S(0) = 0`). If an advantage vanishes identically the
dynamics reduce to one population and :class:`~gametheory_cluster.errors.ModelError`
is raised.

*Stability.* The Jacobian is

.. math::

    J = \begin{pmatrix} (1-2x)\Delta_B(y) & x(1-x)\,a_1 \\
                        y(1-y)\,b_1 & (1-2y)\Delta_S(x) \end{pmatrix}.

At a corner it is diagonal, the eigenvalues are :math:`\pm` the two advantages, and
the corner is asymptotically stable exactly when it is a strict Nash equilibrium —
an evolutionarily stable state of the two-population game (Selten 1980, *J. Theor.
Biol.* 84:93–101); it is labelled ``"ESS"``. At the interior point the trace is 0,
so it is a ``"saddle"`` (:math:`\det J < 0`) or a ``"centre"`` (:math:`\det J > 0`);
never asymptotically stable. Other labels: ``"source"``, and ``"non-hyperbolic"`` (a
zero eigenvalue). Everything is derived with sympy from the payoff matrices: exact
(``Rational``) values give exact rest points and eigenvalues; floats give floats.

*Constant of motion.* Dividing the two equations separates the variables, so

.. math::

    H(x, y) = \int \frac{\Delta_B(y)}{y(1-y)}\,dy - \int \frac{\Delta_S(x)}{x(1-x)}\,dx

is constant along every orbit (:meth:`ReplicatorDynamics.first_integral`). Level sets of
:math:`H` are the orbits; the one through a saddle bounds the basins.

The lending game with the cluster's mechanisms (:class:`LendingDynamics`)
-----------------------------------------------------------------------------
The stage game is :class:`~gametheory_cluster.models.lending.LendingGame` (with legal
recovery ``lam`` when switched on), changed by the mechanisms switched on:

=================  ==========================================  ==============================
outcome            bank                                        SME
=================  ==========================================  ==============================
Lend, Repay        :math:`R - I`                               :math:`Y - R - k`
Lend, Default      :math:`u_D + g\,(R - I - u_D)`,             :math:`Y - \lambda R - q\,(C + s)`
                   :math:`u_D = -I + \lambda R`
Refuse, Repay      :math:`0`                                   :math:`w - k`
Refuse, Default    :math:`0`                                   :math:`w`
=================  ==========================================  ==============================

``guarantee`` (``g``): a guarantor pays the bank a share :math:`g` of its shortfall
against a repaid loan, as in :class:`~gametheory_cluster.models.policy.GuaranteedLending`.
``detection`` (``q``): a default is found out with probability :math:`q` (without the
switch, always). ``exit_cost`` (``C``): a detected defaulter is forced out of the
cluster at cost :math:`C`. ``cluster_rent`` (``s``): it loses the cluster rent :math:`s`
of the round (for the capitalised loss of a rent lost for ever, pass
:math:`s\,\delta/(1-\delta)` as ``s``). ``credit_cost`` (``k``): an SME that repays keeps
its credit standing (audited accounts, disclosure) at cost :math:`k` each round, lent or
not. ``Y`` and ``w`` cancel from the dynamics. The advantages are

.. math::

    \Delta_B(y) = y\,(1-g)(1-\lambda)R - \big(I - \lambda R - g(1-\lambda)R\big), \qquad
    \Delta_S(x) = x\,\big(q(C+s) - (1-\lambda)R\big) - k .

*The basin of (Lend, Repay).* When :math:`a_1 \ge 0` and :math:`b_1 \ge 0` the system
is cooperative, and by Kamke's comparison theorem (Smith 1995, *Monotone Dynamical
Systems*, ch. 3) raising both advantages pointwise keeps every orbit above the old
one, so the basin of :math:`(1, 1)` can only grow. :meth:`ReplicatorDynamics.basin_effects`
derives, for each parameter, the sign of its effect on :math:`\Delta_B` and
:math:`\Delta_S` over the whole square: :math:`C, s, q` raise the SMEs' advantage,
:math:`g` the banks', :math:`\lambda` both; :math:`k` lowers the SMEs'.

Numerics
--------
Trajectories are integrated in log-odds coordinates :math:`u = \ln\frac{x}{1-x}`,
:math:`v = \ln\frac{y}{1-y}`, where the dynamics read :math:`\dot u = \Delta_B(y)`,
:math:`\dot v = \Delta_S(x)` (no stiffness near the edges, which are never crossed), by
the classical fourth-order Runge–Kutta method applied to the whole stack of initial
conditions at once. Basins follow orbits rather than time: the field is divided by its
length (plus a small constant), so every start needs about the same number of steps.

Examples
--------
>>> from fractions import Fraction
>>> model = LendingDynamics(recovery=True, guarantee=True, exit_cost=True,
...                         cluster_rent=True, detection=True, credit_cost=True)
>>> point = dict(I=100, R=110, lam=Fraction(3, 10), g=Fraction(1, 2), q=Fraction(1, 2),
...              C=200, s=20, k=3)
>>> print(model.rest_points(**point))
rest point         x     y      eigenvalues                        stability
(Lend, Repay)      1     1      -10, -30                           ESS
(Lend, Default)    1     0      57/2, 30                           source
(Refuse, Repay)    0     1      10, 3                              source
(Refuse, Default)  0     0      -57/2, -3                          ESS
interior           1/11  57/77  -30*sqrt(133)/77, 30*sqrt(133)/77  saddle
>>> model.ess_condition()
(-I + R > 0) & (C*q + R*lam - R - k + q*s > 0)
>>> round(model.basin(resolution=101, **point).share, 3)
0.631
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import product
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .algebra import sign, tidy
from .automata import Constraint
from .errors import DomainError, GameError, MissingParameterError, ModelError
from .games import StageGame
from .models.lending import BANK_ACTIONS, SME_ACTIONS, LendingGame
from .parameters import Value, is_exact, symbol, validate
from .plotting import FigureData, attach_data, new_axes, style_context
from .thresholds import Threshold, solve_threshold

__all__ = [
    "MECHANISMS",
    "STABILITY",
    "Basin",
    "BasinEffect",
    "LendingDynamics",
    "ReplicatorDynamics",
    "RestPoint",
    "RestPoints",
    "Trajectories",
    "cluster_stage_game",
    "phase_portrait_data",
    "plot_phase_portrait",
]

#: The stability classes of a rest point.
STABILITY = ("ESS", "source", "saddle", "centre", "non-hyperbolic")

#: :class:`LendingDynamics` switches and the parameter each one brings in.
MECHANISMS: Mapping[str, str] = {
    "recovery": "lam",
    "guarantee": "g",
    "exit_cost": "C",
    "cluster_rent": "s",
    "detection": "q",
    "credit_cost": "k",
}

#: The population shares: x (rows play their first action), y (columns play theirs).
X, Y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)

# Log-odds beyond which a share counts as having reached 0 or 1 (1 - sigma(30) < 1e-13).
_SETTLED = 30.0
# Scaled speed below which an orbit counts as having stopped (at a rest point or line).
_STOPPED = 1e-9
# Orbit integration: step in scaled log-odds units, and the softening of the speed.
_ORBIT_STEP = 0.05
_SOFTEN = 1e-2
# Time integration: largest step, relative to 1 / (largest advantage on the square).
_TIME_STEP = 0.1


# --------------------------------------------------------------------------- the stage game


def cluster_stage_game(
    *,
    recovery: bool = False,
    guarantee: bool = False,
    exit_cost: bool = False,
    cluster_rent: bool = False,
    detection: bool = False,
    credit_cost: bool = False,
) -> StageGame:
    """The lending stage game with the cluster's mechanisms (see the module docstring).

    Built from :class:`~gametheory_cluster.models.lending.LendingGame`; with no switch on
    it is that game.

    Examples
    --------
    >>> print(cluster_stage_game(exit_cost=True, credit_cost=True))
    bank (rows) vs SME (columns)
           | Repay              | Default
    Lend   | -I + R, -R + Y - k | -I, -C + Y
    Refuse | 0, -k + w          | 0, w
    """
    flags = dict(recovery=recovery, guarantee=guarantee, exit_cost=exit_cost,
                 cluster_rent=cluster_rent, detection=detection, credit_cost=credit_cost)
    for name, flag in flags.items():
        if not isinstance(flag, bool):
            raise ModelError(f"{name} must be True or False, not {flag!r}")

    def param(switch: str, off: Any) -> Any:
        return symbol(MECHANISMS[switch]) if flags[switch] else sp.sympify(off)

    base = LendingGame(recovery=recovery)  # brings in lam
    A, B = base.A.as_mutable(), base.B.as_mutable()
    repaid, g = A[0, 0], param("guarantee", 0)
    for j in range(2):  # the guarantor pays a share g of the shortfall against a repaid loan
        A[0, j] = A[0, j] + g * (repaid - A[0, j])
    taken = param("detection", 1) * (param("exit_cost", 0) + param("cluster_rent", 0))
    B[0, 1] = B[0, 1] - taken
    for i in range(2):  # repaying SMEs keep their credit standing, lent or not
        B[i, 0] = B[i, 0] - param("credit_cost", 0)
    return StageGame(A, B, row_actions=BANK_ACTIONS, col_actions=SME_ACTIONS,
                     players=("bank", "SME"))


# --------------------------------------------------------------------------- results


def _plain(value: Any) -> Any:
    """JSON-ready: floats stay floats, complex numbers become [re, im], the rest strings."""
    if isinstance(value, complex):
        return [value.real, value.imag]
    if isinstance(value, sp.Float):
        return float(value)
    if isinstance(value, (float, int, str)) or value is None:
        return value
    return sp.sstr(value)


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, complex):
        return f"{value.real:.6g}{value.imag:+.6g}j"
    return sp.sstr(value)


@dataclass(frozen=True)
class RestPoint:
    """A rest point (or a line of rest points on an edge) with its linear stability.

    Attributes
    ----------
    label : str
        ``"(Lend, Repay)"`` for a corner, ``"interior"``, or ``"edge x = 0"`` and the like.
    kind : {"corner", "interior", "edge"}
    x, y : number or sympy expression
        Its coordinates (on an edge, the coordinate along it is the symbol ``x`` or ``y``).
    jacobian : sympy Matrix
        The Jacobian of the field there.
    eigenvalues : tuple
        The Jacobian's two eigenvalues.
    exists : sympy Boolean
        When it exists (``True`` for corners); with every value given, always ``True``.
    cases : mapping
        Each stability class it can have (see :data:`STABILITY`) and the condition on the
        parameters under which it has it. With every value given, one class, ``True``.
    """

    label: str
    kind: str
    x: Any
    y: Any
    jacobian: sp.ImmutableMatrix
    eigenvalues: tuple[Any, Any]
    exists: Any = sp.true
    cases: Mapping[str, Any] = field(default_factory=dict)

    @property
    def stability(self) -> str:
        """The stability class, or ``"depends"`` when it depends on free parameters."""
        settled = [name for name, cond in self.cases.items() if cond is sp.true]
        return settled[0] if len(settled) == 1 else "depends"

    @property
    def is_ess(self) -> bool | None:
        """Whether it is an evolutionarily stable state (``None``: depends on parameters)."""
        if self.stability == "depends":
            return None if "ESS" in self.cases else False
        return self.stability == "ESS"

    def __str__(self) -> str:
        head = (f"{self.label} at ({_text(self.x)}, {_text(self.y)}): eigenvalues "
                f"{', '.join(_text(e) for e in self.eigenvalues)}")
        if self.exists is not sp.true:
            head += f"; exists if {sp.sstr(self.exists)}"
        if self.stability != "depends":
            return f"{head}; {self.stability}"
        return head + "".join(f"\n  {k} if {sp.sstr(c)}" for k, c in self.cases.items())

    def latex(self) -> str:
        """The point, its eigenvalues and its stability in LaTeX."""
        eig = ",\\ ".join(sp.latex(sp.sympify(e)) for e in self.eigenvalues)
        return (rf"\text{{{self.label}}}:\ ({sp.latex(sp.sympify(self.x))},\ "
                rf"{sp.latex(sp.sympify(self.y))}),\ \lambda = {eig},\ \text{{{self.stability}}}")

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: exact numbers as strings such as ``"1/11"``."""
        return {
            "label": self.label, "kind": self.kind, "x": _plain(self.x), "y": _plain(self.y),
            "jacobian": [[_plain(v) for v in row] for row in self.jacobian.tolist()],
            "eigenvalues": [_plain(e) for e in self.eigenvalues],
            "exists": sp.sstr(self.exists), "stability": self.stability,
            "cases": {k: sp.sstr(c) for k, c in self.cases.items()},
        }


@dataclass(frozen=True)
class RestPoints:
    """The rest points of a replicator dynamics, corners first."""

    points: tuple[RestPoint, ...]

    def __iter__(self) -> Iterator[RestPoint]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, key: int | str) -> RestPoint:
        if isinstance(key, str):
            for p in self.points:
                if p.label == key:
                    return p
            raise KeyError(f"no rest point {key!r}; rest points: "
                           f"{', '.join(p.label for p in self.points)}")
        return self.points[key]

    @property
    def ess(self) -> tuple[RestPoint, ...]:
        """The evolutionarily stable states."""
        return tuple(p for p in self.points if p.is_ess)

    def __str__(self) -> str:
        if any(p.stability == "depends" or p.exists is not sp.true for p in self.points):
            return "\n".join(str(p) for p in self.points)
        rows = [("rest point", "x", "y", "eigenvalues", "stability")]
        rows += [(p.label, _text(p.x), _text(p.y), ", ".join(_text(e) for e in p.eigenvalues),
                  p.stability) for p in self.points]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        return "\n".join(
            "  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
            for r in rows
        )

    def __repr__(self) -> str:
        return f"RestPoints({', '.join(f'{p.label}: {p.stability}' for p in self.points)})"

    def latex(self) -> str:
        """One line per rest point."""
        return r" \\ ".join(p.latex() for p in self.points)

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def to_dict(self) -> list[dict[str, Any]]:
        """Plain data, one dict per rest point."""
        return [p.to_dict() for p in self.points]


@dataclass(frozen=True)
class Trajectories:
    """Trajectories from many initial conditions.

    ``x[i]`` and ``y[i]`` are the shares at time ``t[i]``, with the shape of the initial
    conditions.
    """

    t: np.ndarray
    x: np.ndarray
    y: np.ndarray

    def __repr__(self) -> str:
        return (f"Trajectories({self.x[0].size} starts, {len(self.t)} times "
                f"from t={self.t[0]:g} to {self.t[-1]:g})")

    def to_dict(self) -> dict[str, Any]:
        """Plain lists, for JSON."""
        return {"t": self.t.tolist(), "x": self.x.tolist(), "y": self.y.tolist()}


@dataclass(frozen=True)
class Basin:
    """Where orbits from a grid of initial conditions end up.

    ``limit_x[i, j]`` is 1 (the share ``x`` tends to 1), -1 (to 0) or 0 (neither: the
    orbit ends on a line of rest points, at an interior point, or cycles) for the
    start ``(x[i], y[j])``; likewise ``limit_y``. ``labels`` names the corners.
    """

    x: np.ndarray
    y: np.ndarray
    limit_x: np.ndarray
    limit_y: np.ndarray
    labels: Mapping[tuple[int, int], str]

    @property
    def share(self) -> float:
        """The share of starts that end at the corner (1, 1): (Lend, Repay)."""
        return float(np.mean((self.limit_x == 1) & (self.limit_y == 1)))

    @property
    def shares(self) -> dict[str, float]:
        """The share of starts ending at each corner, and ``"other"`` for the rest."""
        out = {label: float(np.mean((self.limit_x == cx) & (self.limit_y == cy)))
               for (cx, cy), label in self.labels.items()}
        out["other"] = 1.0 - sum(out.values())
        return out

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}: {v:.3f}" for k, v in self.shares.items() if v)
        return f"Basin({self.limit_x.size} starts; {parts})"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the grid, the limits and the shares."""
        return {"x": self.x.tolist(), "y": self.y.tolist(), "limit_x": self.limit_x.tolist(),
                "limit_y": self.limit_y.tolist(), "shares": self.shares}


@dataclass(frozen=True)
class BasinEffect:
    """How raising one parameter moves the two advantages and the basin of (1, 1).

    ``row`` and ``column`` are 1 (the advantage rises everywhere on the square), -1
    (falls), 0 (no effect) or ``None`` (mixed, or not proved). ``verdict`` is
    ``"enlarges"``, ``"shrinks"``, ``"no effect"`` or ``"ambiguous"``; it holds where
    ``requires`` (the system is cooperative) does.
    """

    parameter: str
    row: int | None
    column: int | None
    verdict: str
    requires: Any = sp.true

    def __str__(self) -> str:
        marks = {1: "+", -1: "-", 0: "0", None: "?"}
        where = "" if self.requires is sp.true else f" where {sp.sstr(self.requires)}"
        return (f"{self.parameter}: row advantage {marks[self.row]}, column advantage "
                f"{marks[self.column]}; {self.verdict} the basin{where}")

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"parameter": self.parameter, "row": self.row, "column": self.column,
                "verdict": self.verdict, "requires": sp.sstr(self.requires)}


# --------------------------------------------------------------------------- algebra


@lru_cache(maxsize=4096)
def _neat(expr: Any) -> sp.Expr:
    """A compact form: numbers as they are, expressions factored."""
    expr = sp.sympify(expr)
    return expr if expr.is_number else sp.factor(expr)


@lru_cache(maxsize=4096)
def _proved_sign(expr: sp.Expr) -> int | None:
    """:func:`~gametheory_cluster.algebra.sign`, factor by factor for a product."""
    if isinstance(expr, sp.Mul):
        signs = [_proved_sign(f) for f in expr.args]
        return None if None in signs else int(sp.prod(signs))
    if isinstance(expr, sp.Pow) and expr.exp.is_integer:
        return 1 if expr.exp.is_even else _proved_sign(expr.base)
    return sign(expr)


def _linear(expr: sp.Expr, s: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """``(c0, c1)`` with ``expr = c0 + c1*s`` (an advantage is linear in the other share)."""
    expr = sp.expand(expr)
    return _neat(expr.subs(s, 0)), _neat(expr.coeff(s))


def _det(J: sp.MatrixBase) -> sp.Expr:
    return _neat(J[0, 0] * J[1, 1] - J[0, 1] * J[1, 0])


def _eigenvalues(J: sp.MatrixBase) -> tuple[sp.Expr, sp.Expr]:
    """The two eigenvalues of a 2×2 matrix: the roots of its characteristic polynomial."""
    if J[0, 1] == 0 or J[1, 0] == 0:
        return J[0, 0], J[1, 1]
    tr, det = _neat(J.trace()), _det(J)
    root = sp.sqrt(_neat(tr**2 - 4 * det))
    return _neat(tr / 2) - root / 2, _neat(tr / 2) + root / 2


@dataclass(frozen=True)
class _Signs:
    """The conditions ``e < 0``, ``e > 0`` and ``e = 0`` for one expression, each as ``… > 0``."""

    lt: Any
    gt: Any
    eq: Any


@lru_cache(maxsize=4096)
def _signs(expr: Any) -> _Signs:
    """Readable conditions on the sign of ``expr``; those the domains rule out are False."""
    expr = _neat(expr)
    if expr.is_number:
        return _Signs(sp.sympify(expr < 0), sp.sympify(expr > 0), sp.sympify(sp.Eq(expr, 0)))
    known = _proved_sign(expr)  # 1: expr >= 0 on the whole domain; -1: expr <= 0
    return _Signs(
        sp.false if known is not None and known >= 0 else sp.StrictGreaterThan(-expr, 0),
        sp.false if known is not None and known <= 0 else sp.StrictGreaterThan(expr, 0),
        sp.Eq(-expr if expr.could_extract_minus_sign() else expr, 0),
    )


def _nonnegative(expr: sp.Expr) -> Any:
    """``expr >= 0`` as a sympy condition: ``True`` when the domains prove it."""
    expr = _neat(expr)
    if expr.is_number:
        return sp.sympify(expr >= 0)
    return sp.true if _proved_sign(expr) in (0, 1) else sp.GreaterThan(expr, 0)


def _classify(J: sp.MatrixBase) -> dict[str, Any]:
    """Each stability class and the condition for it, from the Jacobian ``J`` (2×2)."""
    if J[0, 1] == 0 or J[1, 0] == 0:  # triangular: the eigenvalues are the diagonal
        e1, e2 = _signs(J[0, 0]), _signs(J[1, 1])
        cases = {
            "ESS": sp.And(e1.lt, e2.lt),
            "source": sp.And(e1.gt, e2.gt),
            "saddle": sp.Or(sp.And(e1.lt, e2.gt), sp.And(e1.gt, e2.lt)),
            "non-hyperbolic": sp.Or(e1.eq, e2.eq),
        }
    else:
        tr, det = _signs(J.trace()), _signs(_det(J))
        cases = {
            "ESS": sp.And(det.gt, tr.lt),
            "source": sp.And(det.gt, tr.gt),
            "saddle": det.lt,
            "centre": sp.And(det.gt, tr.eq),
            "non-hyperbolic": det.eq,
        }
    return {k: c for k, c in cases.items() if c is not sp.false}


def _number_out(value: Any, floating: bool) -> Any:
    """Exact stays exact; with float inputs, a float (or complex) when no symbol is left."""
    value = sp.sympify(value)
    if not floating or value.free_symbols:
        return value
    n = complex(sp.N(value))
    return n.real if n.imag == 0 else n


# --------------------------------------------------------------------------- numerics


def _sigmoid(u: np.ndarray) -> np.ndarray:
    return 0.5 + 0.5 * np.tanh(0.5 * u)


def _logit(p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(p) - np.log1p(-p)


def _rates(u: np.ndarray, v: np.ndarray, c: tuple[float, ...],
           orbit: bool) -> tuple[np.ndarray, np.ndarray]:
    """(u', v') in log-odds; with ``orbit`` the (scaled) field divided by its length."""
    du = c[0] + c[1] * _sigmoid(v)
    dv = c[2] + c[3] * _sigmoid(u)
    if orbit:
        norm = np.hypot(du, dv) + _SOFTEN
        return du / norm, dv / norm
    return du, dv


def _rk4(u: np.ndarray, v: np.ndarray, c: tuple[float, ...], h: float, n: int,
         orbit: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``n`` classical Runge–Kutta steps of size ``h`` on the whole stack at once."""
    for _ in range(n):
        k1u, k1v = _rates(u, v, c, orbit)
        k2u, k2v = _rates(u + 0.5 * h * k1u, v + 0.5 * h * k1v, c, orbit)
        k3u, k3v = _rates(u + 0.5 * h * k2u, v + 0.5 * h * k2v, c, orbit)
        k4u, k4v = _rates(u + h * k3u, v + h * k3v, c, orbit)
        u = u + (h / 6) * (k1u + 2 * k2u + 2 * k3u + k4u)
        v = v + (h / 6) * (k1v + 2 * k2v + 2 * k3v + k4v)
    return u, v


def _shares(x0: Any, y0: Any) -> tuple[np.ndarray, np.ndarray]:
    """Initial shares as broadcast float arrays, checked to lie in [0, 1]."""
    try:
        x, y = np.broadcast_arrays(np.asarray(x0, dtype=float), np.asarray(y0, dtype=float))
    except ValueError as err:
        raise DomainError(f"initial shares x0 and y0 do not broadcast: {err}") from None
    for name, arr in (("x0", x), ("y0", y)):
        if arr.size == 0:
            raise DomainError(f"{name} is empty")
        if not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
            raise DomainError(f"{name} must hold shares in [0, 1] (no NaN)")
    return x, y


# --------------------------------------------------------------------------- the dynamics


class ReplicatorDynamics:
    """Two-population replicator dynamics of a 2×2 stage game (rows: x, columns: y).

    Parameters
    ----------
    game : StageGame
        A 2×2 game; ``x`` is the share of the row population playing its first action,
        ``y`` that of the column population.

    Examples
    --------
    >>> from gametheory_cluster.games import StageGame
    >>> pennies = ReplicatorDynamics(StageGame([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    >>> pennies.rest_points()["interior"].stability
    'centre'
    >>> pennies.field
    (2*x*(1 - x)*(2*y - 1), 2*y*(1 - 2*x)*(1 - y))
    """

    def __init__(self, game: StageGame) -> None:
        if not isinstance(game, StageGame):
            raise GameError(f"replicator dynamics need a StageGame, not {type(game).__name__}")
        if game.shape != (2, 2):
            raise GameError(f"these dynamics are for 2×2 games; this game is "
                            f"{game.shape[0]}×{game.shape[1]}")
        clash = {"x", "y"} & set(game.parameters)
        if clash:
            raise GameError(f"the names x and y are the population shares; rename the "
                            f"parameter(s) {', '.join(sorted(clash))}")
        self._game = game

    @property
    def game(self) -> StageGame:
        """The stage game."""
        return self._game

    @cached_property
    def parameters(self) -> list[str]:
        """The parameters the dynamics depend on (others of the game cancel, like ``Y``, ``w``).

        Values for the stage game's other parameters are accepted and ignored.
        """
        return sorted({s.name for e in self.advantages for s in e.free_symbols - {X, Y}})

    @property
    def labels(self) -> dict[tuple[int, int], str]:
        """Corner labels by limits: ``(1, 1)`` is (first row action, first column action)."""
        r, c = self._game.row_actions, self._game.col_actions
        return {(sx, sy): f"({r[0 if sx == 1 else 1]}, {c[0 if sy == 1 else 1]})"
                for sx, sy in product((1, -1), (1, -1))}

    def __repr__(self) -> str:
        return f"ReplicatorDynamics({self._game!r})"

    # -- the derivation
    @staticmethod
    def _advantages(A: sp.MatrixBase, B: sp.MatrixBase) -> tuple[sp.Expr, sp.Expr]:
        # (A y)_1 - (A y)_2 and (B'x)_1 - (B'x)_2, differencing the payoffs first
        row = (A[0, :] - A[1, :]) * sp.Matrix([Y, 1 - Y])
        col = (B[:, 0] - B[:, 1]).T * sp.Matrix([X, 1 - X])
        return sp.expand(row[0]), sp.expand(col[0])

    @cached_property
    def advantages(self) -> tuple[sp.Expr, sp.Expr]:
        """``(Δ_row(y), Δ_col(x))``: each population's payoff advantage of its first action."""
        return self._advantages(self._game.A, self._game.B)

    @staticmethod
    def _field(adv: tuple[sp.Expr, sp.Expr]) -> tuple[sp.Expr, sp.Expr]:
        return (X * (1 - X) * sp.factor_terms(adv[0]), Y * (1 - Y) * sp.factor_terms(adv[1]))

    @cached_property
    def field(self) -> tuple[sp.Expr, sp.Expr]:
        """``(ẋ, ẏ)`` as sympy expressions in ``x``, ``y`` and the parameters."""
        return self._field(self.advantages)

    @cached_property
    def jacobian(self) -> sp.ImmutableMatrix:
        """The Jacobian of the field with respect to ``(x, y)``."""
        return sp.ImmutableMatrix(sp.Matrix(self.field).jacobian([X, Y]).applyfunc(sp.expand))

    def _given(self, values: Mapping[str, Any]) -> tuple[dict[str, Value], bool]:
        checked = validate(values, allowed=self._game.parameters)
        return checked, not all(is_exact(v) for v in checked.values())

    def _substituted(self, values: Mapping[str, Value]) -> tuple[sp.Expr, sp.Expr]:
        subs = {s: sp.sympify(values[s.name]) for e in self.advantages for s in e.free_symbols
                if s.name in values}
        adv = tuple(sp.expand(e.xreplace(subs)) for e in self.advantages)
        for e, who in zip(adv, ("row", "column"), strict=True):
            if e == 0:
                raise ModelError(
                    f"the {who} population is indifferent between its actions whatever the "
                    "other does: every share is at rest and the dynamics reduce to one population"
                )
        return adv  # type: ignore[return-value]

    def rest_points(self, **values: Any) -> RestPoints:
        """The rest points, their Jacobians, eigenvalues and stability, derived symbolically.

        Parameters left free stay symbolic: a rest point then carries the condition under
        which it exists and each stability class it can have with its condition.

        Examples
        --------
        >>> model = LendingDynamics(exit_cost=True, credit_cost=True)
        >>> print(model.rest_points()["(Lend, Repay)"])
        (Lend, Repay) at (1, 1): eigenvalues I - R, -C + R + k
          ESS if (-I + R > 0) & (C - R - k > 0)
          source if (I - R > 0) & (-C + R + k > 0)
          saddle if ((-I + R > 0) & (-C + R + k > 0)) | ((I - R > 0) & (C - R - k > 0))
          non-hyperbolic if Eq(I - R, 0) | Eq(-C + R + k, 0)
        """
        checked, floating = self._given(values)
        adv = self._substituted(checked)
        (a0, a1), (b0, b1) = _linear(adv[0], Y), _linear(adv[1], X)
        row_at, col_at = {0: a0, 1: _neat(a0 + a1)}, {0: b0, 1: _neat(b0 + b1)}
        J = sp.Matrix(self._field((a0 + a1 * Y, b0 + b1 * X))).jacobian([X, Y])
        found: list[tuple[str, str, Any, Any, Any]] = []
        for (sx, sy), label in self.labels.items():
            found.append((label, "corner", sp.Integer(int(sx == 1)), sp.Integer(int(sy == 1)),
                          sp.true))
        for e in (1, 0):  # a whole edge is at rest where the advantage along it vanishes
            found.append((f"edge x = {e}", "edge", sp.Integer(e), Y, _signs(col_at[e]).eq))
        for e in (1, 0):
            found.append((f"edge y = {e}", "edge", X, sp.Integer(e), _signs(row_at[e]).eq))
        if a1 != 0 and b1 != 0:  # the roots of the two (linear) advantages
            inside = sp.And(_signs(col_at[0] * col_at[1]).lt, _signs(row_at[0] * row_at[1]).lt)
            found.append(("interior", "interior", _neat(-b0 / b1), _neat(-a0 / a1), inside))

        def out(value: Any) -> Any:
            return _number_out(value, floating)

        points = []
        for label, kind, px, py, exists in found:
            if exists is sp.false:
                continue
            Jp = J.subs({X: px, Y: py}).applyfunc(_neat)
            if kind == "edge":  # the advantage along the edge is 0 there: so is its entry
                along = 1 if label.startswith("edge x") else 0
                Jp[along, along] = 0
            eig = _eigenvalues(Jp)
            points.append(RestPoint(
                label, kind, out(px), out(py), sp.ImmutableMatrix(Jp.applyfunc(out)),
                tuple(out(e) for e in eig), exists, _classify(Jp),
            ))
        return RestPoints(tuple(points))

    def _corner(self, corner: str | Sequence[str] | None) -> tuple[int, int]:
        if corner is None:
            return (0, 0)
        r, c = self._game.row_actions, self._game.col_actions
        wanted = corner if isinstance(corner, str) else f"({', '.join(corner)})"
        for i, j in product(range(2), range(2)):
            if wanted == f"({r[i]}, {c[j]})":
                return (i, j)
        valid = ", ".join(f"({r[i]}, {c[j]})" for i, j in product(range(2), range(2)))
        raise ModelError(f"unknown corner {wanted!r}; valid corners: {valid}")

    def ess_constraints(self, corner: str | Sequence[str] | None = None) -> list[Constraint]:
        """The two stability conditions of a corner as constraints ``slack >= 0``.

        Each slack is minus an eigenvalue of the Jacobian at the corner, so the corner is
        an ESS when both slacks are positive. Default corner: (first row action, first
        column action), e.g. (Lend, Repay).

        Examples
        --------
        >>> for constraint in LendingDynamics(exit_cost=True).ess_constraints():
        ...     print(constraint)
        bank in (Lend, Repay): Lend over Refuse: -I + R >= 0
        SME in (Lend, Repay): Repay over Default: C - R >= 0
        """
        i, j = self._corner(corner)
        J = self.jacobian.subs({X: 1 - i, Y: 1 - j})
        r, c = self._game.row_actions, self._game.col_actions
        state = f"({r[i]}, {c[j]})"
        return [
            Constraint(state, self._game.players[0], r[i], r[1 - i], tidy(-J[0, 0])),
            Constraint(state, self._game.players[1], c[j], c[1 - j], tidy(-J[1, 1])),
        ]

    def constraints(self, player: str | None = None) -> list[Constraint]:
        """The ESS constraints of (first row action, first column action), of one player or both.

        With :attr:`parameters`, this lets :func:`~gametheory_cluster.sweep.sweep`,
        :func:`~gametheory_cluster.sweep.honest_region` and
        :func:`~gametheory_cluster.sweep.threshold_curve` take the dynamics like a model.

        Examples
        --------
        >>> import numpy as np
        >>> from gametheory_cluster.sweep import honest_region
        >>> model = LendingDynamics(exit_cost=True, detection=True)
        >>> honest_region(model, C=np.array([100.0, 300.0]), q=0.5, I=100, R=110)
        array([False,  True])
        """
        return [c for c in self.ess_constraints() if player is None or c.player == player]

    def ess_condition(self, corner: str | Sequence[str] | None = None) -> Any:
        """The condition (sympy) under which a corner is an evolutionarily stable state.

        Examples
        --------
        >>> LendingDynamics(exit_cost=True, detection=True).ess_condition()
        (-I + R > 0) & (C*q - R > 0)
        """
        return sp.And(*(_signs(con.slack).gt for con in self.ess_constraints(corner)))

    def threshold(self, name: str, corner: str | Sequence[str] | None = None,
                  **values: Any) -> Threshold:
        """The threshold in ``name`` at which a corner becomes (weakly) stable.

        At the boundary itself an eigenvalue is 0 (not hyperbolic); strictly beyond it the
        corner is an ESS.

        Examples
        --------
        >>> from fractions import Fraction
        >>> LendingDynamics(exit_cost=True, detection=True).threshold(
        ...     "C", I=100, R=110, q=Fraction(1, 2))
        Threshold(C >= 220)
        """
        return solve_threshold(self.ess_constraints(corner), name,
                               validate(values, allowed=self._game.parameters))

    def first_integral(self) -> sp.Expr:
        """``H(x, y)``, constant along every orbit (derived by separating the variables).

        Examples
        --------
        >>> from gametheory_cluster.games import StageGame
        >>> ReplicatorDynamics(StageGame([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])).first_integral()
        -2*log(x) - 2*log(y) - 2*log(1 - x) - 2*log(1 - y)
        """

        def integral(adv: sp.Expr, s: sp.Symbol) -> sp.Expr:
            parts = sp.Add.make_args(sp.apart(sp.cancel(adv / (s * (1 - s))), s))
            total = sum((sp.integrate(p, s) for p in parts), sp.Integer(0))
            return total.subs(sp.log(s - 1), sp.log(1 - s))

        return sp.expand(integral(self.advantages[0], Y) - integral(self.advantages[1], X))

    def basin_effects(self, **values: Any) -> list[BasinEffect]:
        """For each parameter, the sign of its effect on both advantages and on the basin of (1, 1).

        An advantage is linear in the other share, so its derivative has one sign on the
        square when it has it at both ends. Without values the signs are proved over the
        parameters' domains (``None`` when not proved); with values, they are those of
        the derivatives there. The verdict uses Kamke's comparison theorem, which needs
        the system to be cooperative (``a_1 ≥ 0`` and ``b_1 ≥ 0``); when it is not, or
        when the two effects disagree, the verdict is ``"ambiguous"``.

        Examples
        --------
        >>> model = LendingDynamics(exit_cost=True, detection=True, guarantee=True,
        ...                         credit_cost=True)
        >>> for effect in model.basin_effects():
        ...     print(effect)
        C: row advantage 0, column advantage +; enlarges the basin where C*q - R >= 0
        I: row advantage -, column advantage 0; shrinks the basin where C*q - R >= 0
        R: row advantage +, column advantage -; ambiguous the basin
        g: row advantage +, column advantage 0; enlarges the basin where C*q - R >= 0
        k: row advantage 0, column advantage -; shrinks the basin where C*q - R >= 0
        q: row advantage 0, column advantage +; enlarges the basin where C*q - R >= 0
        """
        checked, _ = self._given(values)
        subs = {s: sp.sympify(checked[s.name])
                for e in self.advantages for s in e.free_symbols if s.name in checked}
        ends = (*(self.advantages[0].subs(Y, v) for v in (0, 1)),
                *(self.advantages[1].subs(X, v) for v in (0, 1)))
        at = [e.xreplace(subs) for e in ends]
        cooperative = sp.And(_nonnegative(at[1] - at[0]), _nonnegative(at[3] - at[2]))

        def signed(expr: sp.Expr) -> int | None:
            expr = sp.expand(expr)
            return int(sp.sign(expr)) if expr.is_number else sign(expr)

        def direction(derivatives: list[sp.Expr]) -> int | None:
            signs = [signed(d) for d in derivatives]
            if None in signs:
                return None
            if all(s >= 0 for s in signs):  # type: ignore[operator]
                return 1 if any(signs) else 0
            return -1 if all(s <= 0 for s in signs) else None  # type: ignore[operator]

        effects = []
        for name in sorted(self.parameters):
            s = next(v for e in self.advantages for v in e.free_symbols if v.name == name)
            slopes = [sp.diff(e, s).xreplace(subs) for e in ends]  # differentiate, then substitute
            row, col = direction(slopes[:2]), direction(slopes[2:])
            if row == 0 and col == 0:
                verdict = "no effect"
            elif cooperative is not sp.false and row in (0, 1) and col in (0, 1):
                verdict = "enlarges"
            elif cooperative is not sp.false and row in (0, -1) and col in (0, -1):
                verdict = "shrinks"
            else:
                verdict = "ambiguous"
            effects.append(BasinEffect(name, row, col, verdict,
                                       sp.true if verdict in ("ambiguous", "no effect")
                                       else cooperative))
        return effects

    # -- numerics
    def _coefficients(self, values: Mapping[str, Any]) -> tuple[float, float, float, float]:
        """``(a0, a1, b0, b1)`` as floats: Δ_row(y) = a0 + a1·y, Δ_col(x) = b0 + b1·x."""
        missing = sorted(set(self.parameters) - set(values))
        if missing:
            raise MissingParameterError(f"the dynamics need values for: {', '.join(missing)}")
        checked, _ = self._given(values)
        adv = self._substituted(checked)
        a0, a1 = float(adv[0].subs(Y, 0)), float(adv[0].coeff(Y))
        b0, b1 = float(adv[1].subs(X, 0)), float(adv[1].coeff(X))
        return a0, a1, b0, b1

    @staticmethod
    def _scale(c: tuple[float, ...]) -> float:
        """The largest advantage on the square (sets the time and step scales)."""
        return max(abs(c[0]), abs(c[0] + c[1]), abs(c[2]), abs(c[2] + c[3]))

    def velocity(self, x: Any, y: Any, **values: Any) -> tuple[np.ndarray, np.ndarray]:
        """``(ẋ, ẏ)`` at arrays of shares (vectorised).

        Examples
        --------
        >>> model = LendingDynamics(exit_cost=True)
        >>> model.velocity([0.5], [0.5], I=100, R=110, C=150)
        (array([-11.25]), array([5.]))
        """
        c = self._coefficients(values)
        x, y = _shares(x, y)
        return x * (1 - x) * (c[0] + c[1] * y), y * (1 - y) * (c[2] + c[3] * x)

    def trajectories(self, x0: Any, y0: Any, t: Any, *, step: float | None = None,
                     **values: Any) -> Trajectories:
        """Integrate from every initial condition at once (classical Runge–Kutta).

        Parameters
        ----------
        x0, y0 : array-like
            Initial shares (broadcast together; any shape).
        t : array-like
            Increasing output times; the initial condition is at ``t[0]``.
        step : float, optional
            Largest time step (default: 0.1 / the largest advantage on the square).
        **values
            The parameters the dynamics need (:attr:`parameters`).

        Examples
        --------
        >>> model = LendingDynamics(exit_cost=True)
        >>> run = model.trajectories([0.2, 0.9], [0.5, 0.9], [0, 0.5], I=100, R=110, C=150)
        >>> run.x[-1].round(4).tolist(), run.y[-1].round(4).tolist()
        ([0.0, 0.999], [0.5528, 1.0])
        """
        c = self._coefficients(values)
        x, y = _shares(x0, y0)
        times = np.asarray(t, dtype=float).ravel()
        if times.size == 0 or not np.all(np.isfinite(times)) or np.any(np.diff(times) <= 0):
            raise DomainError("t must be a non-empty, finite, increasing sequence of times")
        scale = self._scale(c)
        h_max = step if step is not None else _TIME_STEP / scale
        if not h_max > 0:
            raise DomainError(f"step must be positive, not {step!r}")
        u, v = _logit(x), _logit(y)
        xs, ys = [x.copy()], [y.copy()]
        for dt in np.diff(times):
            n = max(1, math.ceil(dt / h_max))
            u, v = _rk4(u, v, c, dt / n, n)
            xs.append(_sigmoid(u))
            ys.append(_sigmoid(v))
        return Trajectories(times, np.stack(xs), np.stack(ys))

    def _paths(self, x: np.ndarray, y: np.ndarray, c: tuple[float, ...], steps: int,
               every: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Orbits in log-odds (field divided by its length), recorded every ``every`` steps."""
        cs = tuple(v / self._scale(c) for v in c)
        u, v = _logit(x), _logit(y)
        path = [(u, v)]
        for _ in range(0, steps, every):
            u, v = _rk4(u, v, cs, _ORBIT_STEP, every, orbit=True)
            path.append((u, v))
        return path

    def _limits(self, x: np.ndarray, y: np.ndarray, c: tuple[float, ...],
                max_steps: int) -> tuple[np.ndarray, np.ndarray]:
        """Where each orbit ends: (limit of x, limit of y), each 1, -1 (share → 0) or 0.

        An orbit is decided as soon as it is *captured* by an ESS corner: both
        advantages point towards the corner there. Because each advantage is linear in
        the other share and points towards the corner both there and at the corner,
        the box between the point and the corner is forward invariant and the orbit
        converges monotonically to the corner. Other orbits are followed until both
        log-odds are beyond ±30 or have stopped moving (a line of rest points).
        """
        cs = tuple(v / self._scale(c) for v in c)
        sinks = [(sx, sy) for sx, sy in product((1, -1), (1, -1))
                 if sx * (cs[0] + cs[1] * (sy > 0)) > 0 and sy * (cs[2] + cs[3] * (sx > 0)) > 0]
        u, v = _logit(x.ravel()), _logit(y.ravel())
        lim_x, lim_y = np.zeros(u.size, np.int8), np.zeros(u.size, np.int8)
        active = np.arange(u.size)
        for done_steps in range(0, max_steps + 1, 50):
            ua, va = u[active], v[active]
            du, dv = _rates(ua, va, cs, orbit=False)
            decided = ((np.abs(ua) > _SETTLED) | (np.abs(du) < _STOPPED)) & (
                (np.abs(va) > _SETTLED) | (np.abs(dv) < _STOPPED))
            lim_x[active] = np.where(ua > _SETTLED, 1, np.where(ua < -_SETTLED, -1, 0))
            lim_y[active] = np.where(va > _SETTLED, 1, np.where(va < -_SETTLED, -1, 0))
            for sx, sy in sinks:
                caught = (sx * du > 0) & (sy * dv > 0)
                lim_x[active[caught]], lim_y[active[caught]] = sx, sy
                decided |= caught
            active = active[~decided]
            if active.size == 0 or done_steps == max_steps:
                break
            u[active], v[active] = _rk4(u[active], v[active], cs, _ORBIT_STEP, 50, orbit=True)
        return lim_x.reshape(x.shape), lim_y.reshape(y.shape)

    def basin(self, resolution: int = 101, *, max_steps: int = 20_000, **values: Any) -> Basin:
        """Where orbits from a ``resolution × resolution`` grid of starts end up.

        The starts are the centres of the grid's cells (inside the square). The share of
        starts reaching (1, 1) — (Lend, Repay) — is :attr:`Basin.share`.

        Examples
        --------
        >>> model = LendingDynamics(exit_cost=True)
        >>> basin = model.basin(resolution=20, I=100, R=110, C=150)
        >>> basin.share, round(basin.shares["other"], 4)
        (0.4325, 0.5675)
        """
        if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 1:
            raise DomainError(f"resolution must be a whole number >= 1, not {resolution!r}")
        c = self._coefficients(values)
        axis = (np.arange(resolution) + 0.5) / resolution
        gx, gy = np.meshgrid(axis, axis, indexing="ij")
        return Basin(axis, axis, *self._limits(gx, gy, c, max_steps), self.labels)

    def to_nashpy(self, **values: Any) -> Any:
        """The stage game as a :class:`nashpy.Game` at the given values."""
        return self._game.to_nashpy(**values)


class LendingDynamics(ReplicatorDynamics):
    """Banks (Lend/Refuse) against SMEs (Repay/Default) with the cluster's mechanisms.

    Parameters
    ----------
    recovery, guarantee, exit_cost, cluster_rent, detection, credit_cost : bool
        Switch a mechanism on (see the module docstring and :data:`MECHANISMS`).

    Examples
    --------
    >>> LendingDynamics(exit_cost=True, detection=True).advantages
    (-I + R*y, C*q*x - R*x)
    """

    def __init__(self, *, recovery: bool = False, guarantee: bool = False,
                 exit_cost: bool = False, cluster_rent: bool = False,
                 detection: bool = False, credit_cost: bool = False) -> None:
        self.switches = dict(recovery=recovery, guarantee=guarantee, exit_cost=exit_cost,
                             cluster_rent=cluster_rent, detection=detection,
                             credit_cost=credit_cost)
        super().__init__(cluster_stage_game(**self.switches))

    def __repr__(self) -> str:
        on = ", ".join(f"{k}=True" for k, v in self.switches.items() if v)
        return f"LendingDynamics({on})"


# --------------------------------------------------------------------------- figures


def _default_starts() -> tuple[np.ndarray, np.ndarray]:
    grid = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    gx, gy = np.meshgrid(grid, grid, indexing="ij")
    return gx.ravel(), gy.ravel()


def phase_portrait_data(
    dynamics: ReplicatorDynamics,
    starts: tuple[Sequence[float], Sequence[float]] | None = None,
    *,
    basin_resolution: int = 41,
    steps: int = 1000,
    **values: Any,
) -> FigureData:
    """The numbers of :func:`plot_phase_portrait`, in long form.

    Parameters
    ----------
    dynamics : ReplicatorDynamics
    starts : pair of sequences, optional
        The starting shares ``(x0, y0)`` of the orbits drawn (default: a 5×5 grid from
        0.1 to 0.9).
    basin_resolution : int
        The grid of starts for the basin of (1, 1) (0: no basin).
    steps : int
        Length of each orbit, in steps of 0.05 (log-odds, the field divided by its length).
    **values
        The parameters the dynamics need.

    Columns ``kind``, ``id``, ``x``, ``y``, ``note``; one row per point of each orbit
    (``kind="orbit"``, ``id`` its number), per rest point (``"rest point"``, ``id`` its
    label, ``note`` its stability), per end of a line of rest points (``"rest line"``),
    and per start of the basin grid (``"basin"``, ``note`` the corner its orbit reaches or
    ``"other"``; none when ``basin_resolution=0``). Notes: the values and the basin share
    of (1, 1).

    Examples
    --------
    >>> data = phase_portrait_data(LendingDynamics(exit_cost=True), ([0.5], [0.5]),
    ...                            basin_resolution=0, I=100, R=110, C=150)
    >>> sorted(set(data.columns["kind"]))
    ['orbit', 'rest line', 'rest point']
    """
    c = dynamics._coefficients(values)
    sx, sy = _default_starts() if starts is None else _shares(*starts)
    sx, sy = np.ravel(sx), np.ravel(sy)
    path = dynamics._paths(sx, sy, c, steps, every=5)
    cols: dict[str, list[Any]] = {"kind": [], "id": [], "x": [], "y": [], "note": []}

    def add(kind: str, ident: Any, x: float, y: float, note: str = "") -> None:
        for name, value in zip(cols, (kind, ident, float(x), float(y), note), strict=True):
            cols[name].append(value)

    for k in range(sx.size):
        for u, v in path:
            add("orbit", k, _sigmoid(u[k]), _sigmoid(v[k]))
    given = {n: values[n] for n in dynamics.parameters}
    for p in dynamics.rest_points(**given):
        if p.kind == "edge":
            for end in (0.0, 1.0):
                add("rest line", p.label, p.x if p.x in (0, 1) else end,
                    p.y if p.y in (0, 1) else end, p.stability)
        else:
            add("rest point", p.label, float(sp.re(p.x)), float(sp.re(p.y)), p.stability)
    notes: dict[str, Any] = dict(values)
    if basin_resolution:
        basin = dynamics.basin(basin_resolution, **given)
        gx, gy = np.meshgrid(basin.x, basin.y, indexing="ij")
        names = {key: label for key, label in basin.labels.items()}
        for i, j in np.ndindex(gx.shape):
            add("basin", "", gx[i, j], gy[i, j],
                names.get((int(basin.limit_x[i, j]), int(basin.limit_y[i, j])), "other"))
        notes["basin share " + basin.labels[(1, 1)]] = basin.share
    return FigureData(cols, title="Replicator dynamics: " + ", ".join(
        f"{k}={v}" for k, v in values.items()), notes=notes)


_MARKERS = {
    "ESS": dict(marker="o", color="black"),
    "source": dict(marker="o", color="white", markeredgecolor="black"),
    "saddle": dict(marker="o", color="black", fillstyle="left", markerfacecoloralt="white"),
    "centre": dict(marker="P", color="black"),
    "non-hyperbolic": dict(marker="D", color="grey"),
}


def plot_phase_portrait(
    dynamics: ReplicatorDynamics,
    starts: tuple[Sequence[float], Sequence[float]] | None = None,
    *,
    ax: Axes | None = None,
    style: str = "paper",
    basin_resolution: int = 41,
    arrows: int = 15,
    title: str = "",
    **values: Any,
) -> Figure:
    """Draw the phase portrait: direction field, orbits, rest points, basin of (1, 1).

    Rest points: ESS filled, sources open, saddles half filled, centres a cross,
    non-hyperbolic points grey diamonds; lines of rest points grey. The basin of
    (1, 1) is shaded. Data: :func:`phase_portrait_data`.

    Examples
    --------
    >>> from gametheory_cluster.plotting import figure_data
    >>> fig = plot_phase_portrait(LendingDynamics(exit_cost=True), I=100, R=110, C=150)
    >>> round(figure_data(fig).notes["basin share (Lend, Repay)"], 3)
    0.429
    """
    data = phase_portrait_data(dynamics, starts, basin_resolution=basin_resolution, **values)
    cols = data.columns
    kind, ident = np.array(cols["kind"]), np.array(cols["id"], dtype=object)
    xs, ys, note = np.array(cols["x"]), np.array(cols["y"]), np.array(cols["note"])
    game = dynamics.game
    with style_context(style):
        fig, ax = new_axes(ax)
        cells = kind == "basin"
        if cells.any():
            n = round(math.sqrt(cells.sum()))
            top = dynamics.labels[(1, 1)]
            mask = (note[cells] == top).reshape(n, n).T.astype(float)
            ax.imshow(mask, origin="lower", extent=(0, 1, 0, 1), cmap="Blues", vmin=0, vmax=3,
                      interpolation="nearest", aspect="auto")
        if arrows:
            grid = (np.arange(arrows) + 0.5) / arrows
            gx, gy = np.meshgrid(grid, grid)
            dx, dy = dynamics.velocity(gx, gy, **{n: values[n] for n in dynamics.parameters})
            norm = np.hypot(dx, dy)
            norm[norm == 0] = 1
            ax.quiver(gx, gy, dx / norm, dy / norm, color="0.6", angles="xy", pivot="mid",
                      scale=arrows * 1.6, width=0.003)
        for k in sorted({int(i) for i, t in zip(ident, kind, strict=True) if t == "orbit"}):
            sel = (kind == "orbit") & np.array([i == k for i in ident])
            ax.plot(xs[sel], ys[sel], color="C0", lw=1)
        for label in {i for i, t in zip(ident, kind, strict=True) if t == "rest line"}:
            sel = (kind == "rest line") & (ident == label)
            ax.plot(xs[sel], ys[sel], color="0.5", lw=4, solid_capstyle="butt", zorder=3,
                    clip_on=False)
        for k in np.flatnonzero(kind == "rest point"):
            ax.plot(xs[k], ys[k], ls="none", markersize=8, zorder=4, clip_on=False,
                    **_MARKERS.get(note[k], _MARKERS["non-hyperbolic"]))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel(f"share of {game.players[0]}s playing {game.row_actions[0]}, $x$")
        ax.set_ylabel(f"share of {game.players[1]}s playing {game.col_actions[0]}, $y$")
        if title:
            ax.set_title(title)
    return attach_data(fig, data)
