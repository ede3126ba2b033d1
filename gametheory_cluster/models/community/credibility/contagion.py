"""Kandori's contagion: the punishers are infected players, kept to it by the off-path condition.

The check of :class:`~gametheory_cluster.models.community.kandori.KandoriCommunity`;
see the package docstring, :mod:`gametheory_cluster.models.community.credibility`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from ..kandori import KandoriCommunity
from .verdict import _UNIT, Credibility, _no_delta


def _contagion(model: KandoriCommunity, values: Mapping[str, Any]) -> Credibility:
    _no_delta(values)
    pair = model.thresholds(**values)
    on = pair.on_path.region if pair.on_path.region is not None else sp.Interval.Ropen(
        pair.on_path.value, 1)
    off = pair.off_path.region if pair.off_path.region is not None else sp.Interval.Lopen(
        0, pair.off_path.value)
    on, off = sp.Intersection(on, _UNIT), sp.Intersection(off, _UNIT)
    return Credibility(
        repr(model), "delta", "contagion", on, sp.Intersection(on, off), sp.EmptySet,
        sp.Complement(_UNIT, off),
        note="an infected player keeps defecting rather than slow the contagion "
             "(Kandori's off-path condition)",
    )
