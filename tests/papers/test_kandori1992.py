"""Kandori (1992): the data behind each figure and the headline numbers."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from gametheory_cluster.plotting import figure_data
from gametheory_cluster.reproduce import find_papers_dir, load_paper


@pytest.fixture(scope="module")
def paper():
    return load_paper(find_papers_dir(), "kandori1992")


@pytest.fixture(scope="module")
def figure_1(paper):
    return figure_data(paper.make_figure_1_threshold_vs_size()).columns


def test_figure_1_grows_with_size_and_starts_at_grim(figure_1, paper):
    M, on, public = (np.array(figure_1[k], dtype=float) for k in ("M", "on_path", "public"))
    assert list(M) == paper.SIZES
    assert on[0] == pytest.approx(0.5) and np.allclose(public, 0.5)  # g/(1+g), g = 1
    assert np.all(np.diff(on) > 0) and on[-1] < 1
    assert on[1] == pytest.approx((np.sqrt(33) - 3) / 4)  # M = 4, by hand
    assert np.allclose(figure_1["off_path"], 1.0)  # g = l = 1: infected players keep defecting


def test_figure_2_band(paper):
    cols = figure_data(paper.make_figure_2_band_vs_size()).columns
    on, off = np.array(cols["on_path"]), np.array(cols["off_path"])
    assert np.all(on[1:] < off[1:]) and np.all(off[1:] < 1)
    assert on[0] == pytest.approx(1 / 6)  # M = 2: grim with g = 1/5


def test_headline(paper):
    h = paper.headline()
    assert h["delta* M=2 (grim trigger)"] == "1/2"
    assert sp.simplify(sp.sympify(h["delta* M=4"]) - (sp.sqrt(33) - 3) / 4) == 0
    assert float(h["delta* M=1000"]) == pytest.approx(0.929702, abs=1e-6)
