"""Figures in Jupyter: a figure a cell returns is shown once, and none piles up in pyplot.

A real kernel (nbclient + ipykernel) runs a small notebook with ``%matplotlib
inline``, as a user's would. Figures made by the plotting layer are
``matplotlib.figure.Figure`` objects that pyplot does not know: the inline backend
does not show them again at the end of the cell, and a long session never reaches
matplotlib's "More than 20 figures have been opened" warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent

CELLS = [
    "%matplotlib inline\n"
    "import warnings\n"
    "warnings.simplefilter('error')  # 'More than 20 figures' would fail the cell\n"
    "import numpy as np\n"
    "import gametheory_cluster as gc\n"
    "from gametheory_cluster.plotting import plot_threshold_curves\n"
    "models = {'isolated': gc.RepeatedLending(), 'clustered': gc.RepeatedLending(exit_cost=True)}\n"
    "grid = np.linspace(0, 120, 7)",
    # 1: the returned figure, the cell's last expression: shown once
    "plot_threshold_curves(models, 'delta', 'C', grid, Y=150, R=110, w=0)",
    # 2: a figure kept in a variable: not shown (nothing registered with pyplot)
    "fig = plot_threshold_curves(models, 'delta', 'C', grid, Y=150, R=110, w=0)",
    # 3: the kept figure, shown when asked for
    "fig",
    # 4: many figures in one cell: no warning, none left open in pyplot
    "import matplotlib.pyplot as plt\n"
    "figures = [plot_threshold_curves(models, 'delta', 'C', grid, Y=150, R=110, w=0)\n"
    "           for _ in range(25)]\n"
    "print(len(plt.get_fignums()))",
    # 5: ax= still draws into a figure the user made with pyplot: shown once
    "user_fig, ax = plt.subplots()\n"
    "_ = plot_threshold_curves(models, 'delta', 'C', grid, ax=ax, Y=150, R=110, w=0)",
]


@pytest.fixture(scope="module")
def executed() -> list:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()  # a failing cell (a warning turned error) raises here
    return nb.cells


def _images(cell) -> int:
    return sum("image/png" in o.get("data", {}) for o in cell.outputs)


def test_a_returned_figure_shows_once(executed: list) -> None:
    assert _images(executed[1]) == 1


def test_a_kept_figure_shows_only_when_asked_for(executed: list) -> None:
    assert _images(executed[2]) == 0
    assert _images(executed[3]) == 1


def test_many_figures_leave_nothing_open_in_pyplot(executed: list) -> None:
    printed = "".join(o.get("text", "") for o in executed[4].outputs if o.output_type == "stream")
    assert printed.strip() == "0" and _images(executed[4]) == 0


def test_drawing_into_a_users_axes_shows_their_figure_once(executed: list) -> None:
    assert _images(executed[5]) == 1
