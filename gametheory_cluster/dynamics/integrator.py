r"""Integrating the replicator dynamics: many initial conditions at once.

Numerics
--------
Trajectories are integrated in log-odds coordinates :math:`u = \ln\frac{x}{1-x}`,
:math:`v = \ln\frac{y}{1-y}`, where the dynamics read :math:`\dot u = \Delta_B(y)`,
:math:`\dot v = \Delta_S(x)` (no stiffness near the edges, which are never crossed), by
the classical fourth-order Runge–Kutta method applied to the whole stack of initial
conditions at once. Basins follow orbits rather than time: the field is divided by its
length (plus a small constant), so every start needs about the same number of steps.

:class:`Trajectories` holds the shares at the output times. Reference: J. C. Butcher
(2016), *Numerical Methods for Ordinary Differential Equations*, 3rd ed., Wiley, ch. 3.

See docs/explanation/dynamics.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import DomainError

__all__ = ["Trajectories"]

# Log-odds beyond which a share counts as having reached 0 or 1 (1 - sigma(30) < 1e-13).
_SETTLED = 30.0
# Scaled speed below which an orbit counts as having stopped (at a rest point or line).
_STOPPED = 1e-9
# Orbit integration: step in scaled log-odds units, and the softening of the speed.
_ORBIT_STEP = 0.05
_SOFTEN = 1e-2
# Time integration: largest step, relative to 1 / (largest advantage on the square).
_TIME_STEP = 0.1


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
