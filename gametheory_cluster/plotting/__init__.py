"""The drawing layer: every figure of the toolkit, by family; models only compute.

Each ``plot_*`` function takes ``ax=None``, returns the
:class:`matplotlib.figure.Figure` and carries the numbers it drew
(:func:`figure_data`). The shared helpers are in :mod:`.base`; the figures of
each model family in a module named after it.
"""

from . import base
from .base import *  # noqa: F403 -- every name of base.__all__
from .thresholds import plot_region, plot_threshold_curves

__all__ = ["plot_region", "plot_threshold_curves"]
__all__ += base.__all__
