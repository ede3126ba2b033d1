"""The drawing layer: every figure of the toolkit, by family; models only compute.

Each ``plot_*`` function takes ``ax=None``, returns the
:class:`matplotlib.figure.Figure` and carries the numbers it drew
(:func:`figure_data`). The shared helpers are in :mod:`.base`; the figures of
each model family in a module named after it.
"""

from ..figure_data import FigureData
from .base import STYLES, attach_data, figure_data, label, new_axes, style_context
from .thresholds import plot_region, plot_threshold_curves

__all__ = [
    "STYLES",
    "FigureData",
    "attach_data",
    "figure_data",
    "label",
    "new_axes",
    "plot_region",
    "plot_threshold_curves",
    "style_context",
]
