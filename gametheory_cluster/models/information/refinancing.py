r"""The threat of not refinancing as the repayment incentive (Bolton & Scharfstein 1990).

A two-period lending contract in which the bank cannot see the SME's cash flow.

Model
-----
In each of two periods a project needs a loan :math:`I` and returns :math:`Y_H`
with probability :math:`\pi` or :math:`Y_L` otherwise, with :math:`Y_L < I`
(the low return does not cover the loan) and :math:`\pi Y_H + (1 - \pi) Y_L > I`.
Only the SME sees the return; the SME has no other wealth (limited liability).
After period 1 the SME reports the return by paying :math:`R_H` or :math:`R_L`,
and the bank refinances the second period with probability :math:`\beta_H` or
:math:`\beta_L`. An SME that is not refinanced loses its place in the cluster, an
exit cost :math:`C \ge 0`. Payoffs of period 2 are discounted by :math:`\delta`
(1 unless ``discounting=True``).

Derivation (backward induction, both stages solved as linear programmes)
-------------------------------------------------------------------------
*Period 2.* Nothing is at stake after it, so the SME claims whatever return
pays least: the bank collects at most :math:`R_2` solving
:math:`\max \pi r_H + (1 - \pi) r_L` s.t. :math:`r_H \le r_L` (truth-telling) and
:math:`r_L \le Y_L` — derived here, :math:`R_2 = Y_L`. The SME's rent from being
refinanced is :math:`\rho = \pi Y_H + (1 - \pi) Y_L - R_2`.

*Period 1.* The contract :math:`(R_H, R_L, \beta_H, \beta_L)` maximises the SME's
expected payoff subject to

* truth-telling by an SME with the high return:
  :math:`Y_H - R_H + \delta[\beta_H \rho - (1 - \beta_H) C] \ge
  Y_H - R_L + \delta[\beta_L \rho - (1 - \beta_L) C]`;
* the bank breaking even:
  :math:`\pi R_H + (1 - \pi) R_L - I + \delta[\pi\beta_H + (1 - \pi)\beta_L](R_2 - I) \ge 0`;
* limited liability :math:`0 \le R_H \le Y_H`, :math:`0 \le R_L \le Y_L`,
  probabilities in :math:`[0, 1]`, and the SME's participation.

(An SME with the low return cannot pay :math:`R_H`: any contract the bank accepts
has :math:`R_H > Y_L` when :math:`Y_L < I`.) When several contracts are optimal
(once :math:`R_H = Y_H`, only the total probability of refinancing matters to the
bank), the one that refinances most after a high report, then after a low one, is
reported. The programme is solved exactly by
enumerating vertices in floating point, then re-solving the best basis in exact
rationals and certifying it with non-negative dual multipliers. With parameters
left symbolic, the basis optimal at a reference point gives closed forms and the
conditions (``valid_when``) under which they stay optimal.

Termination after a low report is inefficient (the second project is worth
:math:`\pi Y_H + (1 - \pi) Y_L - I > 0`); it is the price of truth-telling. An exit
cost raises what the SME loses when cut off, so less termination is needed.

Welfare. The bank breaks even, so the SME's payoff is the total surplus
(:attr:`RefinancingContract.welfare`). The exit cost is paid by the SMEs that are
cut off and received by no one: it is a deadweight loss. Where lending is possible
without it (the base case, :math:`Y_L = 90`: termination 1/5 at :math:`C = 0`) any
:math:`C > 0` lowers the surplus (36 at :math:`C = 0`, 35 at :math:`C = 20`): the
termination it saves is worth less than the exit cost paid in the states that are
still terminated. Where it is not (:math:`Y_L = 80`), the exit cost makes lending
possible from :math:`C_{min} = 55/6`, and any :math:`C` above that minimum again
lowers the surplus (:func:`welfare_data`).

Bolton, P. and D. S. Scharfstein (1990), *American Economic Review* 80(1): 93–106.
See docs/explanation/information.md.

Examples
--------
>>> model = Refinancing()
>>> c = model.optimal_contract(I=100, Y_H=130, Y_L=80, pi=Fraction(3, 4), C=20)
>>> c.beta_H, c.beta_L, c.R_L
(1, 13/77, 80)
>>> c.termination, c.binding
(16/77, ('truth-telling', 'bank breaks even', 'limited liability (low)', 'beta_H <= 1'))
>>> base = model.optimal_contract(I=100, Y_H=130, Y_L=90, pi=Fraction(3, 4), C=0)
>>> base.termination, base.welfare
(1/5, 36)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ...algebra import exact_value, fraction, plain, sign, tidy
from ...errors import DomainError, ModelError, NoSolutionError, SolveError
from ...figure_data import FigureData
from ...parameters import TABLES, Value, is_exact, validate

__all__ = [
    "EXAMPLE",
    "PARAMETERS",
    "Refinancing",
    "RefinancingContract",
    "termination_data",
    "welfare_data",
]

#: The model's own parameter table: ``C`` is the exit cost of an SME that is not
#: refinanced, ``pi`` the probability of the high return (see
#: :data:`gametheory_cluster.parameters.TABLES`).
PARAMETERS = TABLES["Refinancing"]

_I, _C, _pi, _delta, _YH, _YL = PARAMETERS.symbols("I C pi delta Y_H Y_L")
_RH, _RL, _BH, _BL = sp.symbols("R_H R_L beta_H beta_L", real=True)
_CONTRACT = (_RH, _RL, _BH, _BL)

#: Reference values: the toolkit's base case (a loan I = 100) with a low return of 90 and a
#: 3/4 chance of 130, as in docs/explanation/information.md. Here Bolton–Scharfstein's own
#: contract (no exit cost, C = 0) exists; with a low return of 80 it needs C >= 55/6.
EXAMPLE: Mapping[str, Value] = {
    "I": 100, "Y_H": 130, "Y_L": 90, "pi": Fraction(3, 4), "C": 20, "delta": Fraction(9, 10)}


# ----------------------------------------------------------- exact linear programmes
@dataclass(frozen=True)
class _Vertex:
    point: tuple[Fraction, ...]
    basis: tuple[int, ...]
    duals: tuple[Fraction, ...]


def _solve_exact(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> list[Fraction] | None:
    """Gauss–Jordan elimination in rationals; None if the square system is singular."""
    n = len(b)
    rows = [[*A[i], b[i]] for i in range(n)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [v / lead for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                f = rows[r][col]
                rows[r] = [a - f * p for a, p in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] for i in range(n)]


def _dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))


def _maximise(
    c: Sequence[Fraction],
    A: Sequence[Sequence[Fraction]],
    b: Sequence[Fraction],
    prefer: Sequence[Sequence[Fraction]] = (),
) -> _Vertex | None:
    """Maximise ``c·x`` subject to ``A x <= b`` exactly; None if nothing is feasible.

    All bases are tried in floating point (one batched solve); those feasible up to
    rounding are re-solved in rationals and checked exactly, best first, until no
    basis left can reach the best exact value. Among the exact
    optimal vertices the one with the largest ``prefer`` values (in order) is
    returned, with a basis whose dual multipliers are non-negative (the certificate
    of optimality, which exists at every optimal vertex by Carathéodory's theorem).
    """
    m, n = len(A), len(c)
    Af, bf = (np.array(v, dtype=float) for v in (A, b))
    bases = np.array(list(itertools.combinations(range(m), n)))
    mats = Af[bases]
    ok = np.abs(np.linalg.det(mats)) > 1e-12
    bases, mats = bases[ok], mats[ok]
    points = np.linalg.solve(mats, bf[bases][..., None])[..., 0]
    scale = 1e-9 * (1 + np.abs(bf).max())
    feasible = np.all(points @ Af.T <= bf + scale, axis=1)
    if not feasible.any():
        return None
    values = points @ np.array(c, dtype=float)
    found: dict[tuple[Fraction, ...], list[tuple[int, ...]]] = {}
    top: Fraction | None = None
    for j in sorted(np.flatnonzero(feasible), key=lambda j: -values[j]):
        if top is not None and values[j] < float(top) - 1e-7 * (1 + abs(float(top))):
            break  # no basis left can reach the best exact value
        basis = tuple(int(i) for i in bases[j])
        point = _solve_exact([A[i] for i in basis], [b[i] for i in basis])
        if point is not None and all(_dot(row, point) <= bi for row, bi in zip(A, b, strict=True)):
            found.setdefault(tuple(point), []).append(basis)
            top = max(_dot(c, point), top) if top is not None else _dot(c, point)
    if top is None:
        return None  # feasible only up to rounding
    optimal = sorted((p for p in found if _dot(c, p) == top),
                     key=lambda p: [_dot(v, p) for v in prefer], reverse=True)
    for point in optimal:
        for basis in found[point]:
            duals = _solve_exact([[A[i][k] for i in basis] for k in range(n)], list(c))
            if duals is not None and all(y >= 0 for y in duals):
                return _Vertex(point, basis, tuple(duals))
    raise SolveError("the contract programme is degenerate here: no basis certifies the optimum")


# ---------------------------------------------------------------------- the model
@dataclass(frozen=True)
class RefinancingContract:
    """The optimal contract: repayments, refinancing probabilities and what they cost.

    Attributes
    ----------
    R_H, R_L : number or sympy expression
        Repayment after a high / low report.
    beta_H, beta_L : number or sympy expression
        Probability of refinancing after a high / low report.
    R_2 : number or sympy expression
        What the bank collects in period 2 (derived: the low return).
    termination : number or sympy expression
        The ex-ante probability that the SME is cut off, ``pi(1 - beta_H) + (1 - pi)(1 - beta_L)``.
    sme_payoff, bank_payoff : number or sympy expression
        Expected payoffs under the contract.
    binding : tuple of str
        The constraints that hold with equality at the optimum.
    valid_when : tuple of sympy relationals
        Symbolic case: where this basis stays optimal (each must hold).
    """

    R_H: Any
    R_L: Any
    beta_H: Any
    beta_L: Any
    R_2: Any
    termination: Any
    sme_payoff: Any
    bank_payoff: Any
    binding: tuple[str, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    valid_when: tuple[Any, ...] = ()

    @property
    def welfare(self) -> Any:
        """Total surplus, ``sme_payoff + bank_payoff``: the SME's payoff when the bank breaks
        even. The exit cost paid by an SME that is cut off is a loss to no one's gain."""
        return self.sme_payoff + self.bank_payoff

    def to_dict(self) -> dict[str, Any]:
        """Plain data (exact numbers and formulas as strings)."""
        keys = ("R_H", "R_L", "beta_H", "beta_L", "R_2", "termination", "sme_payoff",
                "bank_payoff", "welfare")
        return plain({k: plain(getattr(self, k)) for k in keys} | {
            "binding": list(self.binding),
            "values": {k: plain(v) for k, v in self.values.items()},
            "valid_when": [sp.sstr(c) for c in self.valid_when],
        })

    def __str__(self) -> str:
        lines = [f"{k} = {sp.sstr(getattr(self, k))}" for k in
                 ("R_H", "R_L", "beta_H", "beta_L", "R_2", "termination")]
        lines.append("binding: " + ", ".join(self.binding))
        if self.valid_when:
            lines.append("valid when " + " and ".join(sp.sstr(c) for c in self.valid_when))
        return "optimal refinancing contract\n  " + "\n  ".join(lines)

    def latex(self) -> str:
        """The contract as a LaTeX ``aligned`` block."""
        names = {"R_H": "R_H", "R_L": "R_L", "beta_H": r"\beta_H", "beta_L": r"\beta_L",
                 "termination": r"\Pr(\text{termination})"}
        rows = [f"{tex} &= {sp.latex(sp.sympify(getattr(self, k)))}" for k, tex in names.items()]
        return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"


class Refinancing:
    """Two-period lending in which the threat of not refinancing makes the SME repay.

    Parameters
    ----------
    discounting : bool
        Discount period 2 by ``delta`` (default: undiscounted).

    Examples
    --------
    >>> Refinancing().last_repayment
    Y_L
    >>> c = Refinancing().optimal_contract(I=100, Y_H=130, Y_L=80, pi=Fraction(3, 4))
    >>> c.beta_L
    (6*C - 55)/(6*C + 265)
    >>> c.valid_when
    ((1250 - 20*C)/(6*C + 265) >= 0, (6*C - 55)/(6*C + 265) >= 0)
    """

    def __init__(self, *, discounting: bool = False) -> None:
        if not isinstance(discounting, bool):
            raise ModelError(f"discounting must be True or False, not {discounting!r}")
        self.discounting = discounting

    def __repr__(self) -> str:
        return "Refinancing(discounting=True)" if self.discounting else "Refinancing()"

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the model uses, sorted."""
        return tuple(sorted(("C", "I", "Y_H", "Y_L", "pi") + (("delta",) if self.discounting
                                                              else ())))

    @property
    def _d(self) -> Any:
        return _delta if self.discounting else sp.Integer(1)

    # ------------------------------------------------------------ derivations
    @cached_property
    def last_repayment(self) -> sp.Expr:
        """What the bank can collect in the last period, derived from a one-period programme."""
        r_h, r_l = sp.symbols("r_h r_l", real=True)
        constraints = [("truth-telling", r_l - r_h), ("limited liability (low)", _YL - r_l),
                       ("limited liability (high)", _YH - r_h), ("r_h >= 0", r_h),
                       ("r_l >= 0", r_l)]
        solution, _, _ = _Programme(_pi * r_h + (1 - _pi) * r_l, constraints, (r_h, r_l)).solve({})
        return tidy(solution[r_h])

    @cached_property
    def rent(self) -> sp.Expr:
        """The SME's expected rent from being refinanced, ``E[Y] - R_2``."""
        return tidy(_pi * _YH + (1 - _pi) * _YL - self.last_repayment)

    def payoffs(self) -> tuple[sp.Expr, sp.Expr]:
        """(SME, bank) expected payoffs of a contract, in the contract variables."""
        d, refinanced = self._d, _pi * _BH + (1 - _pi) * _BL
        sme = (_pi * (_YH - _RH) + (1 - _pi) * (_YL - _RL)
               + d * (refinanced * self.rent - (1 - refinanced) * _C))
        bank = _pi * _RH + (1 - _pi) * _RL - _I + d * refinanced * (self.last_repayment - _I)
        return sme, bank

    def constraints(self) -> list[tuple[str, sp.Expr]]:
        """Every constraint as ``(name, expression >= 0)``, linear in the contract."""
        d = self._d
        stake = self.rent + _C  # what an SME cut off loses
        sme, bank = self.payoffs()
        return [
            ("truth-telling", (_YH - _RH + d * (_BH * stake - _C))
             - (_YH - _RL + d * (_BL * stake - _C))),
            ("bank breaks even", bank),
            ("SME participates", sme),
            ("limited liability (high)", _YH - _RH),
            ("limited liability (low)", _YL - _RL),
            ("R_H >= 0", _RH),
            ("R_L >= 0", _RL),
            ("beta_H >= 0", _BH),
            ("beta_H <= 1", 1 - _BH),
            ("beta_L >= 0", _BL),
            ("beta_L <= 1", 1 - _BL),
        ]

    # -------------------------------------------------------------- questions
    def _checked(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
        checked = validate(values, allowed=self.parameters, table=PARAMETERS)
        nums = {k: fraction(v, k) for k, v in checked.items()}
        tests = (
            (("Y_L", "Y_H"), lambda x: x["Y_L"] < x["Y_H"], "Y_L < Y_H"),
            (("Y_L", "I"), lambda x: x["Y_L"] < x["I"],
             "Y_L < I (the low return does not cover the loan, or no incentive is needed)"),
            (("Y_L", "Y_H", "I", "pi"),
             lambda x: x["pi"] * x["Y_H"] + (1 - x["pi"]) * x["Y_L"] > x["I"],
             "pi*Y_H + (1 - pi)*Y_L > I (the project is worth financing)"),
        )
        for names, holds, text in tests:
            if all(n in nums for n in names) and not holds(nums):
                shown = ", ".join(f"{n}={checked[n]}" for n in names)
                raise DomainError(f"the model assumes {text}; got {shown}")
        return checked, all(is_exact(v) for v in checked.values())

    def optimal_contract(self, **values: Any) -> RefinancingContract:
        """The contract that maximises the SME's payoff; exact, or symbolic in omitted values.

        Omitted parameters stay symbolic: the basis that is optimal at
        :data:`EXAMPLE` values for them gives closed forms, with ``valid_when``.

        Raises
        ------
        NoSolutionError
            If no contract satisfies the constraints (the bank cannot be repaid); the
            message names the constraints that cannot hold together.
        """
        checked, exact = self._checked(values)
        sme, bank = self.payoffs()
        solution, binding, valid = self._solve(checked)
        out = {k: solution[v] for k, v in zip(("R_H", "R_L", "beta_H", "beta_L"), _CONTRACT,
                                              strict=True)}
        subs = {_sym(k): exact_value(v, k) for k, v in checked.items()}

        def finish(expr: Any) -> Any:
            expr = tidy(sp.sympify(expr).xreplace(subs | dict(solution)))
            return expr if exact or expr.free_symbols else float(expr)

        termination = _pi * (1 - _BH) + (1 - _pi) * (1 - _BL)
        return RefinancingContract(
            *(finish(out[k]) for k in ("R_H", "R_L", "beta_H", "beta_L")),
            R_2=finish(self.last_repayment), termination=finish(termination),
            sme_payoff=finish(sme), bank_payoff=finish(bank), binding=binding,
            values=dict(checked), valid_when=valid)

    def first_best(self, **values: Any) -> Value:
        """Total surplus with no termination: ``(1 + delta)(pi Y_H + (1 - pi) Y_L - I)``.

        What the contract would give if the bank could see the return; the optimal
        contract falls short of it by the expected surplus lost to termination plus the
        exit cost an SME that is cut off pays.

        Examples
        --------
        >>> Refinancing().first_best(I=100, Y_H=130, Y_L=90, pi=Fraction(3, 4))
        40
        """
        values = {k: v for k, v in values.items() if k != "C"}
        checked, exact = self._checked(values)
        missing = sorted(set(self.parameters) - {"C"} - set(checked))
        if missing:
            raise ModelError(f"first_best needs numbers for {', '.join(missing)}")
        x = {k: fraction(v, k) for k, v in checked.items()}
        d = x.get("delta", Fraction(1))
        value = (1 + d) * (x["pi"] * x["Y_H"] + (1 - x["pi"]) * x["Y_L"] - x["I"])
        return sp.Rational(value.numerator, value.denominator) if exact else float(value)

    def min_exit_cost(self, **values: Any) -> Value:
        """The smallest exit cost ``C`` at which some contract lets the bank break even.

        0 when lending works without any exit cost. Found from the closed form of the
        refinancing probability after a low report, in ``C``, at the basis that is
        optimal once lending works; the root is certified by solving there. Assumes
        that refinancing after a high return pays for itself (so that ``beta_H = 1``).

        Examples
        --------
        >>> Refinancing().min_exit_cost(I=100, Y_H=130, Y_L=80, pi=Fraction(3, 4))
        55/6
        """
        if "C" in values:
            raise ModelError("min_exit_cost solves for C; do not give C")
        checked, exact = self._checked(values)
        missing = sorted(set(self.parameters) - {"C"} - set(checked))
        if missing:
            raise ModelError(f"min_exit_cost needs numbers for {', '.join(missing)}")
        x = {k: fraction(v, k) for k, v in checked.items()}
        d = x.get("delta", Fraction(1))
        surplus = x["pi"] * x["Y_H"] + (1 - x["pi"]) * x["Y_L"] - x["I"]
        if surplus < d * x["pi"] * (x["I"] - x["Y_L"]):
            raise DomainError(
                "min_exit_cost assumes that refinancing after a high return pays for itself, "
                "pi*Y_H + (1 - pi)*Y_L - I >= delta*pi*(I - Y_L); otherwise the bank must also "
                "threaten an SME that reports a high return"
            )

        def works(cost: Any) -> bool:
            return self._works(checked, cost)

        if works(0):
            return sp.Integer(0) if exact else 0.0
        high = sp.Integer(20)
        while not works(high):
            high *= 2
            if high > 2**60:
                raise NoSolutionError("no exit cost makes lending possible at these values")
        beta_l = self._solve(checked, reference={"C": high})[0][_BL]
        roots = [r for r in sp.solve(sp.numer(sp.together(beta_l)), _C) if 0 < r <= high]
        if len(roots) != 1 or not works(roots[0]):
            raise SolveError(
                f"cannot locate the exit cost at which lending starts (roots {roots}); at the "
                "root the SME may prefer not to borrow at all"
            )
        return roots[0] if exact else float(roots[0])

    def _works(self, checked: Mapping[str, Any], cost: Any) -> bool:
        try:
            self._solve({**checked, "C": cost})
        except NoSolutionError:
            return False
        return True

    @cached_property
    def _programme(self) -> _Programme:
        return _Programme(self.payoffs()[0], self.constraints(), _CONTRACT, prefer=(_BH, _BL))

    def _solve(self, checked: Mapping[str, Any], reference: Mapping[str, Any] = EXAMPLE):
        return self._programme.solve(checked, reference)


def _sym(name: str) -> sp.Symbol:
    return PARAMETERS.symbol(name)


def _linear(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> tuple[list[sp.Expr], sp.Expr]:
    """Coefficients and constant of an expression linear in ``variables``."""
    expr = sp.expand(expr)
    coeffs = [expr.coeff(v) for v in variables]
    rest = sp.expand(expr - sum(c * v for c, v in zip(coeffs, variables, strict=True)))
    if any(c.has(*variables) for c in coeffs) or rest.has(*variables):
        raise ModelError(f"{expr} is not linear in {', '.join(map(str, variables))}")
    return coeffs, rest


class _Programme:
    """Maximise a linear objective subject to ``expression >= 0`` constraints, in parameters.

    The objective and constraints are split into coefficients once; :meth:`solve`
    then works at any parameter values.
    """

    def __init__(self, objective: sp.Expr, constraints: Sequence[tuple[str, sp.Expr]],
                 variables: Sequence[sp.Symbol], prefer: Sequence[sp.Symbol] = ()) -> None:
        self.variables = tuple(variables)
        self.prefer = [[Fraction(int(v == u)) for v in variables] for u in prefer]
        self.names = [n for n, _ in constraints]
        self.objective, _ = _linear(objective, variables)
        self.rows = [_linear(e, variables) for _, e in constraints]
        self.constraints = [e for _, e in constraints]
        params = {s for _, e in constraints for s in e.free_symbols} | objective.free_symbols
        self.params = params - set(variables)

    def solve(
        self, values: Mapping[str, Any], reference: Mapping[str, Any] = EXAMPLE
    ) -> tuple[dict[sp.Symbol, sp.Expr], tuple[str, ...], tuple[Any, ...]]:
        """The optimum: exact numbers, or expressions in the parameters not given.

        Returns the solution, the names of the binding constraints and, in the
        symbolic case, the conditions under which that basis stays optimal.
        Parameters not given take their ``reference`` values to pick the basis.
        """
        given = {_sym(k): exact_value(v, k) for k, v in values.items()}
        point = given | {s: exact_value(reference[s.name], s.name)
                         for s in self.params if s not in given}
        # A x <= b at the point
        A = [[fraction(-a.xreplace(point)) for a in coeffs] for coeffs, _ in self.rows]
        b = [fraction(rest.xreplace(point)) for _, rest in self.rows]
        vertex = _maximise([fraction(x.xreplace(point)) for x in self.objective], A, b,
                           self.prefer)
        if vertex is None:
            raise NoSolutionError(_infeasible(A, b, self.names))
        binding = tuple(self.names[i] for i in vertex.basis)
        if self.params <= set(given):
            return ({v: sp.Rational(x.numerator, x.denominator)
                     for v, x in zip(self.variables, vertex.point, strict=True)}, binding, ())
        # symbolic: the same basis, solved with the parameters not given left free
        basis_a = sp.Matrix([[-a.xreplace(given) for a in self.rows[i][0]] for i in vertex.basis])
        basis_b = sp.Matrix([self.rows[i][1].xreplace(given) for i in vertex.basis])
        solved = {v: tidy(x) for v, x in zip(self.variables, basis_a.LUsolve(basis_b), strict=True)}
        duals = basis_a.T.LUsolve(sp.Matrix([x.xreplace(given) for x in self.objective]))
        slacks = [sp.cancel(e.xreplace(given).xreplace(solved))
                  for i, e in enumerate(self.constraints) if i not in vertex.basis]
        conditions = [*slacks, *(sp.cancel(y) for y in duals)]
        valid = tuple(sp.Ge(x, 0) for x in conditions if not _proved_nonnegative(x))
        return solved, binding, valid


def _proved_nonnegative(expr: sp.Expr) -> bool:
    """Whether ``expr >= 0`` over the parameters' domains (a quick, sufficient test)."""
    if expr.is_number:
        return bool(expr >= 0)
    return sp.count_ops(expr) <= 30 and sign(expr) in (0, 1)


def _infeasible(A: list[list[Fraction]], b: list[Fraction], names: list[str]) -> str:
    """A message naming the constraints whose removal alone would make the programme feasible."""
    zero = [Fraction(0)] * len(A[0])
    culprits = [
        names[k] for k in range(len(names))
        if _maximise(zero, A[:k] + A[k + 1:], b[:k] + b[k + 1:]) is not None
    ]
    message = "no contract satisfies every constraint: the bank cannot be repaid"
    if culprits:
        message += f" (dropping any one of {', '.join(culprits)} would leave a solution)"
    return message


# ---------------------------------------------------------------------- figures
def termination_data(
    exit_costs: Sequence[Any] | None = None, model: Refinancing | None = None, **values: Any
) -> FigureData:
    """Termination probability and refinancing after a low report, against the exit cost.

    ``values`` default to :data:`EXAMPLE` (without ``C``; ``delta`` only with
    discounting). Exit costs at which no contract exists have ``financed`` False.

    Examples
    --------
    >>> data = termination_data([0, 20, 100])
    >>> data.columns["termination"], data.columns["welfare"]
    ([1/5, 1/8, 1/20], [36, 35, 34])
    >>> termination_data([0, 20, 100], Y_L=80).columns["financed"]
    [False, True, True]
    """
    model = model or Refinancing()
    base = {k: v for k, v in EXAMPLE.items() if k in model.parameters and k != "C"}
    base.update(values)
    grid = list(exit_costs) if exit_costs is not None else [sp.Integer(5 * j) for j in range(41)]
    cols: dict[str, list[Any]] = {"C": [], "financed": [], "beta_L": [], "termination": [],
                                  "welfare": []}
    for cost in grid:
        cols["C"].append(cost)
        try:
            contract = model.optimal_contract(**base, C=cost)
        except NoSolutionError:
            cols["financed"].append(False)
            for key in ("beta_L", "termination", "welfare"):
                cols[key].append(None)
            continue
        cols["financed"].append(True)
        cols["beta_L"].append(contract.beta_L)
        cols["termination"].append(contract.termination)
        cols["welfare"].append(contract.welfare)
    notes = dict(base) | {"min_exit_cost": model.min_exit_cost(**base),
                          "first_best": model.first_best(**base)}
    return FigureData(cols, title="Refinancing threat: termination against the exit cost",
                      notes=notes)


def welfare_data(
    exit_costs: Sequence[Any] | None = None,
    cases: Mapping[str, Mapping[str, Any]] | None = None,
    model: Refinancing | None = None,
) -> FigureData:
    """Termination and total surplus of the optimal contract against the exit cost, by case.

    ``cases`` maps a label to parameter values (without ``C``); by default the base
    case :data:`EXAMPLE` (``Y_L = 90``: Bolton–Scharfstein's contract exists at
    ``C = 0``) and the same with ``Y_L = 80`` (no loan below ``C = 55/6``). The
    bank breaks even, so the surplus is the SME's payoff. Columns ``C``, then
    ``termination (label)`` and ``welfare (label)`` (None where no contract exists).

    Examples
    --------
    >>> data = welfare_data([0, 10, 20])
    >>> data.columns["welfare (Y_L = 90)"], data.columns["welfare (Y_L = 80)"]
    ([36, 460/13, 35], [None, 367/13, 2095/77])
    """
    model = model or Refinancing()
    base = {k: v for k, v in EXAMPLE.items() if k in model.parameters and k != "C"}
    cases = cases if cases is not None else {
        "Y_L = 90": base, "Y_L = 80": {**base, "Y_L": 80}}
    grid = list(exit_costs) if exit_costs is not None else [sp.Integer(5 * j) for j in range(41)]
    cols: dict[str, list[Any]] = {"C": list(grid)}
    notes: dict[str, Any] = {}
    for label, values in cases.items():
        data = termination_data(grid, model, **values)
        cols[f"termination ({label})"] = data.columns["termination"]
        cols[f"welfare ({label})"] = data.columns["welfare"]
        notes[f"min_exit_cost ({label})"] = data.notes["min_exit_cost"]
        notes[f"first_best ({label})"] = data.notes["first_best"]
    return FigureData(cols, title="Refinancing threat: the exit cost and total surplus",
                      notes=notes)
