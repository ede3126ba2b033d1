r"""What the guarantee-network computations return: cascades, distributions, step curves.

A :class:`Cascade` is one least fixed point :math:`L^*` (who fails, each loan's loss,
the calls :math:`c = W L^*`, the bank's loss); a :class:`CascadeDistribution` the
probabilities of the cascade sizes :math:`|F|`; :class:`Absorption` the largest number
of simultaneous failures a group absorbs; a :class:`StepCurve` a non-decreasing step
function of the shock size :math:`\epsilon`, and a :class:`ShockPath` the exact
breakpoints of one cascade as :math:`\epsilon` grows. Each has ``to_dict`` (exact
numbers as strings). See docs/explanation/contagion.md.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from ....algebra import plain
from ._common import _out


@dataclass(frozen=True)
class Cascade:
    """The outcome of one cascade: who fails, each loan's loss, the calls, the bank's loss.

    Attributes
    ----------
    failed : tuple
        The failed firms, in the network's node order.
    losses, calls, shocks : dict
        Per firm: the loss on its loan :math:`L^*_i`, the calls it received
        :math:`c_i = (W L^*)_i`, the shock it was hit by.
    bank_loss : number
        The bank's loss: its uncovered share of each loan loss plus calls nobody paid.
    n : int
        Number of firms.
    """

    failed: tuple
    losses: Mapping[Any, Any]
    calls: Mapping[Any, Any]
    shocks: Mapping[Any, Any]
    bank_loss: Any
    n: int

    @property
    def size(self) -> int:
        """Number of failed firms."""
        return len(self.failed)

    @property
    def collapse(self) -> bool:
        """Whether every firm failed."""
        return self.size == self.n

    def __repr__(self) -> str:
        return f"Cascade({self.size} of {self.n} firms fail, bank loss {self.bank_loss})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (see :func:`~gametheory_cluster.algebra.plain`)."""
        return plain({
            "failed": [str(f) for f in self.failed],
            "size": self.size,
            "n": self.n,
            "collapse": self.collapse,
            "bank_loss": self.bank_loss,
            "losses": {str(k): v for k, v in self.losses.items()},
            "calls": {str(k): v for k, v in self.calls.items()},
            "shocks": {str(k): v for k, v in self.shocks.items()},
        })


@dataclass(frozen=True)
class CascadeDistribution:
    """The probability distribution of the cascade size.

    Attributes
    ----------
    n : int
        Number of firms.
    pmf : dict
        ``{size: probability}`` for the sizes with positive probability (exact sympy
        numbers when the inputs were exact).
    model : str
        The shock model.
    method : str
        How the sum over shock sets was done (``classes``, ``rotation``, ``enumerate``,
        ``single``).
    evaluations : int
        Number of cascades computed.
    """

    n: int
    pmf: Mapping[int, Any]
    model: str
    method: str
    evaluations: int

    @property
    def mean(self) -> Any:
        """Expected number of failed firms."""
        return sum((k * p for k, p in self.pmf.items()), _zero_like(self.pmf))

    @property
    def collapse(self) -> Any:
        """Probability that every firm fails."""
        return self.pmf.get(self.n, _zero_like(self.pmf))

    def at_least(self, k: int) -> Any:
        """Probability that at least ``k`` firms fail."""
        return sum((p for size, p in self.pmf.items() if size >= k), _zero_like(self.pmf))

    def __repr__(self) -> str:
        return (f"CascadeDistribution(n={self.n}, mean={self.mean}, collapse={self.collapse}, "
                f"{self.model}, method={self.method!r})")

    def latex(self) -> str:
        """The distribution as a LaTeX array: size, probability."""
        rows = r" \\ ".join(f"{k} & {sp.latex(sp.nsimplify(p) if isinstance(p, float) else p)}"
                            for k, p in sorted(self.pmf.items()))
        return r"\begin{array}{rl} |F| & \Pr \\ \hline " + rows + r" \end{array}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (see :func:`~gametheory_cluster.algebra.plain`)."""
        return plain({
            "n": self.n,
            "pmf": {str(k): v for k, v in sorted(self.pmf.items())},
            "mean": self.mean,
            "collapse": self.collapse,
            "model": self.model,
            "method": self.method,
            "evaluations": self.evaluations,
        })


def _zero_like(pmf: Mapping[int, Any]) -> Any:
    first = next(iter(pmf.values()), 0.0)
    return 0.0 if isinstance(first, float) else sp.Integer(0)


@dataclass(frozen=True)
class Absorption:
    """How many simultaneous failures a group absorbs without contagion.

    Attributes
    ----------
    absorbed : int
        The largest :math:`k` such that, for every :math:`j \\le k` and every set of
        :math:`j` firms hit, no firm outside the set fails.
    breaking : tuple or None
        A smallest set of hit firms whose failure spreads (``None`` if none does).
    size : number
        The shock each hit firm suffers (default: its whole assets, loan plus buffer).
    evaluations : int
        Cascades computed.
    """

    absorbed: int
    breaking: tuple | None
    size: Any
    evaluations: int

    def __repr__(self) -> str:
        return f"Absorption(absorbed={self.absorbed}, breaking={self.breaking})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return plain({
            "absorbed": self.absorbed,
            "breaking": None if self.breaking is None else [str(f) for f in self.breaking],
            "size": self.size,
            "evaluations": self.evaluations,
        })


@dataclass(frozen=True)
class StepCurve:
    """A non-decreasing step function of the shock size :math:`\\epsilon \\ge 0`.

    ``values[0]`` holds on :math:`[0, x_1]`, ``values[m]`` on :math:`(x_m, x_{m+1}]` and
    ``values[-1]`` beyond the last point (cascades need a strictly positive deficit, so
    each step is closed on the right).
    """

    points: tuple
    values: tuple

    def __call__(self, eps: Any) -> Any:
        """The value at shock size ``eps``."""
        return self.values[bisect.bisect_left(self.points, eps)]

    def __repr__(self) -> str:
        pairs = zip(self.points, self.values[1:], strict=True)
        steps = ", ".join(f"{v} after {p}" for p, v in pairs)
        return f"StepCurve({self.values[0]} up to the first point; {steps})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return plain({"points": list(self.points), "values": list(self.values)})


@dataclass(frozen=True)
class ShockPath:
    """The cascade as the shock on one set of firms grows: exact breakpoints.

    ``failed[m]`` is the set of failed firms for shock sizes in
    :math:`(\\theta_m, \\theta_{m+1}]` (``failed[0]``: up to :math:`\\theta_1`).
    """

    hit: tuple
    thresholds: tuple
    failed: tuple

    @property
    def sizes(self) -> StepCurve:
        """Cascade size as a step function of the shock size."""
        return StepCurve(self.thresholds, tuple(len(f) for f in self.failed))

    def __repr__(self) -> str:
        return f"ShockPath(hit={self.hit}, thresholds={self.thresholds}, sizes={self.sizes.values})"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return plain({"hit": [str(h) for h in self.hit],
                      "thresholds": list(self.thresholds),
                      "failed": [[str(f) for f in fs] for fs in self.failed]})


def _mix_steps(curves: Sequence[tuple[StepCurve, Fraction]], exact: bool) -> StepCurve:
    """The weighted sum of step functions (points merged)."""
    points = sorted({p for c, _ in curves for p in c.points})
    grid = [*points, None]
    values = []
    for right in grid:
        total = Fraction(0)
        for c, w in curves:
            v = c.values[bisect.bisect_left(c.points, right)] if right is not None else c.values[-1]
            total += w * Fraction(v)
        values.append(_out(total) if exact else float(total))
    return StepCurve(tuple(points), tuple(values))

