"""Sphinx configuration: MyST Markdown pages, API reference from the docstrings.

The parameter table page is generated from ``gametheory_cluster.parameters`` at
build time, so it cannot drift from the code. Build with warnings as errors:
``sphinx-build -W -b html docs docs/_build/html``.
"""

from __future__ import annotations

from pathlib import Path

import gametheory_cluster

project = "gametheory_cluster"
author = "gametheory_cluster developers"
release = gametheory_cluster.__version__
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
myst_enable_extensions = ["dollarmath", "amsmath"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_generated", "**/*.toml"]
napoleon_numpy_docstring = True
napoleon_google_docstring = False
autodoc_member_order = "bysource"
autodoc_typehints = "none"
html_theme = "alabaster"
suppress_warnings = ["myst.header"]


def _parameter_table(app) -> None:
    from gametheory_cluster.parameters import parameter_table

    rows = ["| name | notation | meaning | domain |", "|---|---|---|---|"]
    rows += [
        f"| `{r['name']}` | ${r['notation']}$ | {r['meaning']} | `{r['domain']}` |"
        for r in parameter_table()
    ]
    target = Path(app.srcdir) / "reference" / "parameter_table.md.inc"
    text = "\n".join(rows) + "\n"
    if not target.exists() or target.read_text() != text:
        target.write_text(text)


def _gallery(app) -> None:
    """Rebuild every paper figure into _generated/ and write the gallery page."""
    from gametheory_cluster.reproduce import (
        find_papers_dir,
        list_papers,
        load_paper,
        paper_figures,
        reproduce,
    )

    src = Path(app.srcdir)
    papers_dir = find_papers_dir(src.parent / "papers")
    out = src / "_generated"
    reproduce(out, papers_dir=papers_dir)
    lines = [
        "# Gallery",
        "",
        "Every figure of every `papers/` entry, rebuilt when the documentation is built,",
        "with the one-line call that makes it (data beside each image as CSV).",
        "",
    ]
    for paper in list_papers(papers_dir):
        lines += [f"## {paper}", ""]
        for figure in paper_figures(load_paper(papers_dir, paper), paper):
            lines += [
                f"### {figure.name}",
                "",
                figure.description,
                "",
                f"![{figure.name}](_generated/{paper}/{figure.name}.png)",
                "",
                f"`gametheory-cluster reproduce --paper {paper}` — or in Python: "
                f'`load_paper(find_papers_dir(), "{paper}").make_{figure.name}()`',
                "",
            ]
    target = src / "gallery.md"
    text = "\n".join(lines)
    if not target.exists() or target.read_text() != text:
        target.write_text(text)


def setup(app):
    app.connect("builder-inited", _parameter_table)
    app.connect("builder-inited", _gallery)
