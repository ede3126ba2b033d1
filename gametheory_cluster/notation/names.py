r"""Parameter names as a paper writes them: Greek letters in text, the papers' notation in LaTeX.

Examples
--------
>>> name("delta"), name("pi0"), name("pi_r"), derivative("delta", "s")
('δ', 'π₀', 'π_r', '∂δ*/∂s')
>>> _latex_name("lam"), _latex_name("Y_r"), _latex_name("beta_hat")
('\\lambda', 'Y_r', '\\beta_{\\mathrm{hat}}')
"""

from __future__ import annotations

import re

from ..parameters import PARAMETERS

__all__ = ["GREEK", "derivative", "name"]

#: Greek names as they are typed in code, and the letter they stand for.
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lam": "λ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
}
_LATEX_GREEK = {k: "\\lambda" if k == "lam" else f"\\{k}" for k in GREEK}
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def name(parameter: str) -> str:
    """A parameter's name as text: ``delta`` → ``δ``, ``pi0`` → ``π₀``, ``pi_r`` → ``π_r``."""
    if parameter in GREEK:
        return GREEK[parameter]
    match = re.fullmatch(r"([A-Za-z]+?)(\d+)", parameter)
    if match and match[1] in GREEK:
        return GREEK[match[1]] + match[2].translate(_SUBSCRIPT)
    base, sep, rest = parameter.partition("_")
    if sep and base in GREEK:
        return f"{GREEK[base]}_{rest}"
    return parameter


def _latex_name(parameter: str) -> str:
    if parameter in PARAMETERS:
        return PARAMETERS[parameter].notation
    if parameter in _LATEX_GREEK:
        return _LATEX_GREEK[parameter]
    match = re.fullmatch(r"([A-Za-z]+?)(\d+)", parameter)
    if match and match[1] in _LATEX_GREEK:
        return f"{_LATEX_GREEK[match[1]]}_{{{match[2]}}}"
    base, sep, rest = parameter.partition("_")
    if sep and rest:
        head = _LATEX_GREEK.get(base, base if len(base) == 1 else rf"\mathrm{{{base}}}")
        return f"{head}_{{\\mathrm{{{rest}}}}}" if len(rest) > 1 else f"{head}_{{{rest}}}"
    return parameter if len(parameter) == 1 else rf"\mathrm{{{parameter}}}"


def derivative(threshold: str, parameter: str) -> str:
    """``∂δ*/∂s``: the derivative of a threshold in a parameter, as text."""
    return f"∂{name(threshold)}*/∂{name(parameter)}"
