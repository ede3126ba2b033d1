"""Sphinx configuration: MyST Markdown pages, API reference from the docstrings.

The teaching sessions and the tutorial are MyST *notebooks* (``{code-cell}`` blocks,
paired with ``.ipynb`` files by jupytext): myst-nb executes them at build time (cached
in ``_build/.jupyter_cache``) and the pages show every output and figure; any cell
error fails the build. The gallery ends with a screenshot of the explorer page, taken
by headless Chromium (skipped, with a message, where Chromium is not installed).

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
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
myst_enable_extensions = ["dollarmath", "amsmath"]
source_suffix = {".md": "myst-nb"}
exclude_patterns = ["_build", "_generated", "**/*.toml", "*.ipynb", "**/*.ipynb", "**/.ipynb_checkpoints"]
napoleon_numpy_docstring = True
napoleon_google_docstring = False
# "Attributes" sections as :ivar: fields, so a property documented by autodoc is not described twice
napoleon_use_ivar = True
autodoc_member_order = "bysource"
autodoc_typehints = "none"
html_theme = "alabaster"
suppress_warnings = ["myst.header"]
nb_execution_mode = "cache"  # execute notebooks whose code changed; reuse the rest
nb_execution_timeout = 600
nb_execution_raise_on_error = True  # a failing cell fails the build
nb_merge_streams = True


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
    from gametheory_cluster.parameters import parameter_tables_markdown

    models = Path(app.srcdir) / "reference" / "model_tables.md.inc"
    text = parameter_tables_markdown() + "\n"
    if not models.exists() or models.read_text() != text:
        models.write_text(text)


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
    reproduce(out, papers_dir=papers_dir, progress=False)
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
    lines += _explorer_gallery(out / "explorer")
    target = src / "gallery.md"
    text = "\n".join(lines)
    if not target.exists() or target.read_text() != text:
        target.write_text(text)


#: The command that makes the gallery's explorer page and its screenshot.
EXPLORER_COMMAND = [
    "explore", "--exit-cost", "--cluster-rent",
    "--out", "explorer.html", "--screenshot", "explorer.png",
]


def _explorer_gallery(out: Path) -> list[str]:
    """The explorer page of the clustered SME and its screenshot, with the command that made them."""
    import contextlib
    import io

    from sphinx.util import logging

    from gametheory_cluster.cli import main

    out.mkdir(parents=True, exist_ok=True)
    args = [a if a not in ("explorer.html", "explorer.png") else str(out / a) for a in EXPLORER_COMMAND]
    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        status = main(args)
    lines = [
        "## The explorer page",
        "",
        "Sliders for every parameter of the clustered SME's model; the threshold curve, the",
        "region map and δ* redrawn in the browser, offline (see the teaching index).",
        "",
    ]
    if status == 0:
        lines += ["![The explorer page of the clustered SME](_generated/explorer/explorer.png)", ""]
    else:  # no Chromium here: the page is still made, the picture is not
        logging.getLogger(__name__).info("explorer screenshot skipped: %s", errors.getvalue().strip())
        lines += [f"(No screenshot on this build: {errors.getvalue().strip()})", ""]
    lines += [f"`gametheory-cluster {' '.join(EXPLORER_COMMAND)}`", ""]
    return lines


def setup(app):
    app.connect("builder-inited", _parameter_table)
    app.connect("builder-inited", _gallery)
