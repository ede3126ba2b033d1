"""The algebra every model shares: signs over domains, exact numbers, tidy forms.

* :mod:`.signs` — prove a sign over the parameter table (:func:`sign`) or a model's
  own declared domains (:class:`Domains`); the signs an expression may take
  (:func:`possible_signs`);
* :mod:`.positive` — parameters written in free positive variables, the first step
  of every sign proof;
* :mod:`.numbers` — exact values (:func:`exact_value`, :func:`fraction`,
  :func:`nearest_rational`), JSON-friendly ones (:func:`plain`: numbers, with the
  exact text beside), float columns (:func:`floats`) and exact elimination
  (:func:`gauss_jordan`, :func:`pivot_on`);
* :mod:`.forms` — tidy fractions (:func:`tidy`), orientation (:func:`orient`),
  evaluation at named values (:func:`evaluate`).

One piece of code per idea: a model never keeps its own copy of these.
"""

from . import numbers, signs
from .forms import evaluate, orient, tidy
from .numbers import *  # noqa: F403 -- every name of numbers.__all__
from .signs import *  # noqa: F403 -- every name of signs.__all__

__all__ = ["evaluate", "orient", "tidy"]
__all__ += numbers.__all__
__all__ += signs.__all__
