"""Bolton–Scharfstein's refinancing model: the optimal contract, derived (:class:`Refinancing`).

The mathematics is in the package docstring,
:mod:`gametheory_cluster.models.information.refinancing`; the exact linear
programmes both stages are solved by are in :mod:`.programme`, the figures' numbers
in :mod:`.data`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import sympy as sp

from ....algebra import exact_value, fraction, plain, tidy
from ....errors import DomainError, ModelError, NoSolutionError, SolveError
from ....parameters import TABLES, Value, is_exact, validate
from .programme import _Programme

__all__ = ["EXAMPLE", "PARAMETERS", "Refinancing", "RefinancingContract"]

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
        programme = _Programme(_pi * r_h + (1 - _pi) * r_l, constraints, (r_h, r_l), symbol=_sym)
        solution, _, _ = programme.solve({}, EXAMPLE)
        return tidy(solution[r_h])

    @cached_property
    def rent(self) -> sp.Expr:
        """The SME's expected rent from being refinanced, ``E[Y] - R_2``."""
        return tidy(_pi * _YH + (1 - _pi) * _YL - self.last_repayment)

    def payoffs(self) -> tuple[sp.Expr, sp.Expr]:
        """(SME, bank) expected payoffs of a contract, in the contract variables."""
        return self._payoffs

    @cached_property
    def _payoffs(self) -> tuple[sp.Expr, sp.Expr]:
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

    def _numbers(self, values: Mapping[str, Any], question: str
                 ) -> tuple[dict[str, Any], bool, dict[str, Fraction], Fraction]:
        """Checked values with every parameter but ``C``, their exact fractions and ``delta``.

        Returns the checked values, whether all are exact, the fractions and the
        discount factor (1 without discounting); ``question`` names the caller in the
        error when a number is missing.
        """
        checked, exact = self._checked(values)
        missing = sorted(set(self.parameters) - {"C"} - set(checked))
        if missing:
            raise ModelError(f"{question} needs numbers for {', '.join(missing)}")
        x = {k: fraction(v, k) for k, v in checked.items()}
        return checked, exact, x, x.get("delta", Fraction(1))

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
            expr = sp.sympify(expr).xreplace(subs | dict(solution))
            expr = expr if expr.is_Rational else tidy(expr)  # a rational is tidy already
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
        _, exact, x, d = self._numbers(values, "first_best")
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
        checked, exact, x, d = self._numbers(values, "min_exit_cost")
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
        return _Programme(self.payoffs()[0], self.constraints(), _CONTRACT, prefer=(_BH, _BL),
                          symbol=_sym)

    def _solve(self, checked: Mapping[str, Any], reference: Mapping[str, Any] = EXAMPLE):
        return self._programme.solve(checked, reference)


def _sym(name: str) -> sp.Symbol:
    return PARAMETERS.symbol(name)
