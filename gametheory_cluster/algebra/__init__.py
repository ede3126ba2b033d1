"""The algebra every model shares: signs over domains, exact numbers, tidy forms.

* :mod:`.signs` — prove a sign over the parameter table (:func:`sign`) or a model's
  own declared domains (:class:`Domains`); the signs an expression may take
  (:func:`possible_signs`);
* :mod:`.numbers` — exact values (:func:`exact_value`, :func:`fraction`,
  :func:`nearest_rational`), JSON-friendly ones (:func:`plain`: numbers, with the
  exact text beside) and float columns (:func:`floats`);
* :mod:`.forms` — tidy fractions (:func:`tidy`), orientation (:func:`orient`),
  evaluation at named values (:func:`evaluate`).

One piece of code per idea: a model never keeps its own copy of these.
"""

from .forms import evaluate, orient, tidy
from .numbers import (
    exact_value,
    exact_values,
    floats,
    fraction,
    gauss_jordan,
    nearest_rational,
    plain,
)
from .signs import Domains, possible_signs, sign

__all__ = [
    "Domains",
    "evaluate",
    "exact_value",
    "exact_values",
    "floats",
    "fraction",
    "gauss_jordan",
    "nearest_rational",
    "orient",
    "plain",
    "possible_signs",
    "sign",
    "tidy",
]
