"""The whitelist formula parser: what it reads, and the hostile inputs it refuses.

HOSTILE lists every hostile input tried; each must raise FormulaError quickly and
run nothing.
"""

from __future__ import annotations

import time

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory_cluster.errors import FormulaError
from gametheory_cluster.io.formula import parse_formula

NAMES = ["Y", "R", "w", "delta", "k"]

HOSTILE = [
    "__import__('os').system('echo pwned')",
    "__import__('os')",
    "open('/etc/passwd').read()",
    "eval('1+1')",
    "exec('x=1')",
    "Y.__class__.__bases__[0].__subclasses__()",
    "(lambda: 1)()",
    "lambda x: x",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "Y if R else w",
    "Y and R",
    "Y < R",
    "'a' * 10",
    "b'bytes'",
    "f'{Y}'",
    "Y[0]",
    "{'a': 1}",
    "(Y := 3)",
    "9**9**9**9",
    "10**10**10",
    "((10**100)**100)**100",
    "2**1000000",
    "Y**(10**6)",
    "Y**R",
    "1" * 5000,
    "(" * 10000 + "Y" + ")" * 10000,
    "-" * 3000 + "Y",
    "Y" + "+Y" * 3000,
    "1e999",
    "Y/0",
    "",
    "   ",
    "unknown_name + 1",
    "sin(Y)",
    "max(Y, R, key=abs)",
    "Y; import os",
    "Y\nimport os",
    "...",
    "None",
    "True + Y",
    "Y @ R",
    "Y << 2",
    "Y % 2",
    "Y // 2",
    "~Y",
    "not Y",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_refused_quickly(text):
    start = time.perf_counter()
    with pytest.raises(FormulaError):
        parse_formula(text, NAMES)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Y - R", "-R + Y"),
        ("Y^2", "Y**2"),
        ("0.1*Y", "Y/10"),
        ("max(Y, R) - min(w, 1)", "Max(R, Y) - Min(1, w)"),
        ("sqrt(k) + log(delta) + exp(0) + abs(k)", "sqrt(k) + log(delta) + Abs(k) + 1"),
        ("-(Y + +R) / 2", "-R/2 - Y/2"),
        ("3/4", "3/4"),
        ("Y**(1/2)", "sqrt(Y)"),
    ],
)
def test_reads_arithmetic_exactly(text, expected):
    names = {n: parse_formula(n, NAMES) for n in NAMES}
    assert parse_formula(text, NAMES) == sp.parse_expr(expected, local_dict=names)  # our own text


def test_table_names_carry_domain_assumptions():
    assert parse_formula("delta", NAMES).is_positive
    assert parse_formula("k", NAMES).is_real and parse_formula("k", NAMES).is_positive is None


def test_not_text():
    with pytest.raises(FormulaError):
        parse_formula(["Y"], NAMES)
    assert parse_formula(3, NAMES) == 3


@settings(max_examples=300, deadline=2000)
@given(st.text(alphabet="YRw0123456789.+-*/^() ,maxlogsqrtekd_", max_size=60))
def test_random_text_parses_or_is_refused(text):
    try:
        expr = parse_formula(text, NAMES)
    except FormulaError:
        return
    assert isinstance(expr, sp.Basic)
    assert {s.name for s in expr.free_symbols} <= set(NAMES)
