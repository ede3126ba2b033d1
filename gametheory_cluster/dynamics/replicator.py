r"""Two-population replicator dynamics of a 2×2 stage game: the field and its analysis.

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

:class:`ReplicatorDynamics` derives all of this from the payoff matrices; the rest
points and their stability are in :mod:`.rest_points`, the integrator in
:mod:`.integrator`, the basins in :mod:`.basins`.

See docs/explanation/dynamics.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cached_property
from itertools import product
from typing import Any

import numpy as np
import sympy as sp

from ..algebra import sign, tidy
from ..automata import Constraint
from ..errors import DomainError, GameError, MissingParameterError, ModelError
from ..games import StageGame
from ..parameters import Value, is_exact, validate
from ..thresholds import Threshold, solve_threshold
from .basins import Basin, BasinEffect
from .integrator import (
    _ORBIT_STEP,
    _SETTLED,
    _STOPPED,
    _TIME_STEP,
    Trajectories,
    _logit,
    _rates,
    _rk4,
    _shares,
    _sigmoid,
)
from .rest_points import (
    RestPoint,
    RestPoints,
    _classify,
    _eigenvalues,
    _linear,
    _neat,
    _nonnegative,
    _number_out,
    _sign_cases,
)

__all__ = ["ReplicatorDynamics", "X", "Y"]

#: The population shares: x (rows play their first action), y (columns play theirs).
X, Y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)


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
        >>> from gametheory_cluster.dynamics import LendingDynamics
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
            found.append((f"edge x = {e}", "edge", sp.Integer(e), Y, _sign_cases(col_at[e]).eq))
        for e in (1, 0):
            found.append((f"edge y = {e}", "edge", X, sp.Integer(e), _sign_cases(row_at[e]).eq))
        if a1 != 0 and b1 != 0:  # the roots of the two (linear) advantages
            inside = sp.And(
                _sign_cases(col_at[0] * col_at[1]).lt, _sign_cases(row_at[0] * row_at[1]).lt
            )
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
        >>> from gametheory_cluster.dynamics import LendingDynamics
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
        >>> from gametheory_cluster.dynamics import LendingDynamics
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
        >>> from gametheory_cluster.dynamics import LendingDynamics
        >>> LendingDynamics(exit_cost=True, detection=True).ess_condition()
        (-I + R > 0) & (C*q - R > 0)
        """
        return sp.And(*(_sign_cases(con.slack).gt for con in self.ess_constraints(corner)))

    def threshold(self, name: str, corner: str | Sequence[str] | None = None,
                  **values: Any) -> Threshold:
        """The threshold in ``name`` at which a corner becomes (weakly) stable.

        At the boundary itself an eigenvalue is 0 (not hyperbolic); strictly beyond it the
        corner is an ESS.

        Examples
        --------
        >>> from gametheory_cluster.dynamics import LendingDynamics
        >>> from fractions import Fraction
        >>> LendingDynamics(exit_cost=True, detection=True).threshold(
        ...     "C", I=100, R=110, q=Fraction(1, 2))
        Threshold(C ≥ 220)
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
        >>> from gametheory_cluster.dynamics import LendingDynamics
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
        >>> from gametheory_cluster.dynamics import LendingDynamics
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
        >>> from gametheory_cluster.dynamics import LendingDynamics
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
        >>> from gametheory_cluster.dynamics import LendingDynamics
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
