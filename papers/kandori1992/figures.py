"""Figures of Kandori (1992), "Social Norms and Community Enforcement".

A community of M players is matched in pairs every period to play the prisoner's
dilemma (1, 1+g, -l, 0). With no information passed on, cooperation rests on
contagion; with every defection public it is grim trigger. The thresholds are
derived from the Markov chain of infected players
(:class:`gametheory_cluster.models.community.kandori.KandoriCommunity`).
"""

from __future__ import annotations

from fractions import Fraction

from matplotlib.figure import Figure

from gametheory_cluster.models.community.kandori import KandoriCommunity
from gametheory_cluster.plotting.community import plot_threshold_by_size

SIZES = [2, 4, 6, 8, 10, 14, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000]
#: A defection pays as much as cooperation is worth: infected players keep defecting.
BASE = {"gain": 1, "loss": 1}
#: A small gain from defecting: slowing the contagion tempts patient infected players.
SMALL_GAIN = {"gain": Fraction(1, 5), "loss": Fraction(1, 10)}


def make_figure_1_threshold_vs_size() -> Figure:
    """δ* against community size M, without information transmission and with it (grim trigger)."""
    return plot_threshold_by_size(SIZES, **BASE)


def make_figure_2_band_vs_size() -> Figure:
    """The band of δ that supports contagion when defecting gains little (g = 1/5, l = 1/10)."""
    return plot_threshold_by_size(SIZES, **SMALL_GAIN)


def headline() -> dict[str, str]:
    """δ* for a pair (grim trigger) and for larger communities."""
    none = KandoriCommunity()
    out = {
        "delta* M=2 (grim trigger)": str(none.threshold("delta", M=2, **BASE).value),
        "delta* M=4": str(none.threshold("delta", M=4, **BASE).value),
    }
    for M in (100, 1000):
        out[f"delta* M={M}"] = f"{none.threshold('delta', M=M, **BASE).value:.6f}"
    band = none.thresholds(M=1000, **SMALL_GAIN)
    out["M=1000, g=1/5, l=1/10: delta in"] = (
        f"[{float(band.on_path.value):.4f}, {float(band.off_path.value):.4f}]"
    )
    return out
