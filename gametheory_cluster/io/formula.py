"""Read a payoff formula written by a user — safely, without ``eval``.

The text is parsed by Python's own parser (:func:`ast.parse`, which reads but never
runs code) and the syntax tree is then *rebuilt* into a sympy expression from a
whitelist: numbers, declared names, ``+ - * /``, powers (``**`` or ``^``) with
small constant exponents, parentheses, and the functions ``min, max, log, exp,
sqrt, abs``. Anything else — attribute access, calls to other names, lambdas,
subscripts, comparisons, strings — is rejected with a :class:`FormulaError` that
says what was found, and nothing runs. Size limits stop input that would hang the
machine: the text's length, the nesting depth, the size of number literals and
of exponents.

Decimal literals are read exactly (``0.1`` is ``1/10``).

Examples
--------
>>> parse_formula("Y - R + 0.5*s", names=["Y", "R", "s"])
-R + Y + s/2
>>> parse_formula("__import__('os')", names=["Y"])
Traceback (most recent call last):
...
gametheory_cluster.errors.FormulaError: call to '__import__' is not allowed in a formula; ...
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

import sympy as sp

from ..errors import FormulaError
from ..parameters import PARAMETERS

__all__ = ["FUNCTIONS", "MAX_DEGREE", "MAX_DEPTH", "MAX_EXPONENT", "MAX_LENGTH", "parse_formula"]

#: Longest formula accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of operations accepted.
MAX_DEPTH = 60
#: Largest constant exponent accepted (in absolute value).
MAX_EXPONENT = 100
#: Longest number literal accepted, in characters.
MAX_DIGITS = 40
#: Largest constant power accepted, in decimal digits.
MAX_DIGITS_RESULT = 1000
#: Largest total degree of a formula (``((Y**100)**100)**100`` would be 10**6).
MAX_DEGREE = 200

#: The functions a formula may call.
FUNCTIONS = {
    "abs": sp.Abs,
    "exp": sp.exp,
    "log": sp.log,
    "max": sp.Max,
    "min": sp.Min,
    "sqrt": sp.sqrt,
}

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def _symbol(name: str) -> sp.Symbol:
    return PARAMETERS[name].symbol if name in PARAMETERS else sp.Symbol(name, real=True)


class _Builder:
    def __init__(self, names: Iterable[str]) -> None:
        self.names = {n: _symbol(n) for n in names}

    def build(self, node: ast.AST, depth: int = 0) -> sp.Expr:
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula is nested more than {MAX_DEPTH} levels deep")
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise FormulaError(f"{_describe(node)} is not allowed in a formula")
        return method(node, depth + 1)

    def _Expression(self, node: ast.Expression, depth: int) -> sp.Expr:
        return self.build(node.body, depth)

    def _Constant(self, node: ast.Constant, depth: int) -> sp.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormulaError(f"constant {value!r} is not allowed in a formula (numbers only)")
        text = repr(value)
        if len(text) > MAX_DIGITS:
            raise FormulaError(f"number literal longer than {MAX_DIGITS} characters")
        if isinstance(value, float) and not sp.Float(value).is_finite:
            raise FormulaError(f"number {text} is not finite")
        return sp.Rational(text) if isinstance(value, float) else sp.Integer(value)

    def _Name(self, node: ast.Name, depth: int) -> sp.Expr:
        if node.id not in self.names:
            valid = ", ".join(sorted(self.names)) or "(none declared)"
            raise FormulaError(f"unknown name {node.id!r} in formula; declared names: {valid}")
        return self.names[node.id]

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> sp.Expr:
        operand = self.build(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise FormulaError(f"operator {type(node.op).__name__} is not allowed in a formula")

    def _BinOp(self, node: ast.BinOp, depth: int) -> sp.Expr:
        left = self.build(node.left, depth)
        right = self.build(node.right, depth)
        if isinstance(node.op, (ast.Pow, ast.BitXor)):
            if not right.is_number or not right.is_rational:
                raise FormulaError("exponents must be constant whole numbers or fractions")
            if abs(right) > MAX_EXPONENT:
                raise FormulaError(
                    f"exponent {right} is larger than {MAX_EXPONENT} in absolute value"
                )
            if (
                left.is_number
                and left != 0
                and abs(right) * sp.log(abs(left), 10) > MAX_DIGITS_RESULT
            ):
                raise FormulaError(f"a power with more than {MAX_DIGITS_RESULT} digits")
            if _degree(left) * abs(right) > MAX_DEGREE:
                raise FormulaError(
                    f"formula of degree above {MAX_DEGREE}; exact algebra on it would not finish"
                )
            return left**right
        op = _BINARY.get(type(node.op))
        if op is None:
            raise FormulaError(f"operator {type(node.op).__name__} is not allowed in a formula")
        if isinstance(node.op, ast.Div) and right == 0:
            raise FormulaError("division by zero in formula")
        return op(left, right)

    def _Call(self, node: ast.Call, depth: int) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            raise FormulaError(f"{_describe(node.func)} is not allowed in a formula")
        if node.func.id not in FUNCTIONS:
            raise FormulaError(
                f"call to {node.func.id!r} is not allowed in a formula; allowed functions: "
                f"{', '.join(sorted(FUNCTIONS))}"
            )
        if node.keywords or not node.args:
            raise FormulaError(f"{node.func.id}() takes positional arguments only")
        value = FUNCTIONS[node.func.id](*(self.build(a, depth) for a in node.args))
        if value.is_number and value.is_real is not False:
            try:
                float(value.evalf(20))
            except (OverflowError, TypeError):
                raise FormulaError(f"{node.func.id}(...) is too large a number") from None
        return value


def _degree(expr: sp.Expr) -> float:
    """An upper bound on the total degree of ``expr`` (functions count as their argument)."""
    if expr.is_Symbol:
        return 1
    if expr.is_number:
        return 0
    if expr.is_Mul:
        return sum(_degree(a) for a in expr.args)
    if expr.is_Pow:
        exponent = expr.exp
        return _degree(expr.base) * abs(exponent) if exponent.is_number else float("inf")
    return max(_degree(a) for a in expr.args)


def _describe(node: ast.AST) -> str:
    kinds = {
        ast.Attribute: "attribute access",
        ast.Subscript: "subscripting",
        ast.Lambda: "a lambda",
        ast.Compare: "a comparison",
        ast.BoolOp: "a boolean operation",
        ast.IfExp: "a conditional expression",
        ast.JoinedStr: "an f-string",
        ast.NamedExpr: "an assignment",
    }
    return kinds.get(type(node), f"syntax {type(node).__name__}")


def parse_formula(text: str, names: Iterable[str]) -> sp.Expr:
    """Parse ``text`` into a sympy expression in the declared ``names``.

    Names in the parameter table get their symbols (with domain assumptions);
    other declared names become real symbols.
    """
    if not isinstance(text, str):
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            text = repr(text)
        else:
            raise FormulaError(f"a formula must be text or a number, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise FormulaError("empty formula")
    try:
        tree = ast.parse(text.strip().replace("^", "**"), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as err:
        raise FormulaError(f"cannot read formula {text[:60]!r}: {type(err).__name__}") from None
    try:
        return _Builder(names).build(tree)
    except RecursionError:
        raise FormulaError(f"formula is nested more than {MAX_DEPTH} levels deep") from None
