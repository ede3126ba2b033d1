"""Rebuild the figures of the ``papers/`` entries: the toolkit's main job.

A paper entry is a folder ``papers/<paper-id>/`` with a ``README.md`` and a
``figures.py`` that defines one ``make_figure_<n>_<slug>() -> Figure`` per figure
(each with its data attached by :func:`gametheory_cluster.plotting.attach_data`)
and, optionally, ``headline() -> dict`` with the numbers worth printing.

:func:`reproduce` writes, for every figure, ``<name>.png``, ``<name>.csv`` (the
numbers behind it) and ``<name>.json`` (title and notes), only inside the output
directory, each file atomically (a temporary file, then a rename).

Examples
--------
>>> from gametheory_cluster.reproduce import find_papers_dir, list_papers
>>> "cluster_financing" in list_papers(find_papers_dir())
True
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import io
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from threadpoolctl import threadpool_limits

from .errors import GameTheoryClusterError
from .io.files import write_atomic
from .plotting import figure_data
from .progress import steps

__all__ = [
    "Interrupted",
    "PaperFigure",
    "find_papers_dir",
    "list_papers",
    "load_paper",
    "reproduce",
]


@dataclass(frozen=True)
class PaperFigure:
    """One figure of a paper entry: its id, file stem and the function that draws it."""

    paper: str
    name: str
    make: Callable[[], Any]

    @property
    def description(self) -> str:
        """The first line of the figure function's docstring."""
        return (self.make.__doc__ or "").strip().splitlines()[0] if self.make.__doc__ else ""


def find_papers_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The ``papers/`` folder: ``explicit``, else ``./papers``, else the source checkout's."""
    candidates = (
        [Path(explicit)]
        if explicit is not None
        else [Path.cwd() / "papers", Path(__file__).resolve().parent.parent / "papers"]
    )
    for path in candidates:
        if (path / "cluster_financing" / "figures.py").is_file() or (
            explicit is not None and path.is_dir()
        ):
            return path
    tried = ", ".join(str(p) for p in candidates)
    raise GameTheoryClusterError(f"no papers/ folder found (tried {tried}); pass --papers-dir")


def list_papers(papers_dir: Path) -> list[str]:
    """The ids of the paper entries (folders with a ``figures.py``), sorted."""
    return sorted(p.parent.name for p in papers_dir.glob("*/figures.py"))


def load_paper(papers_dir: Path, paper: str) -> ModuleType:
    """Import ``papers/<paper>/figures.py`` as a module."""
    known = list_papers(papers_dir)
    if paper not in known:
        raise GameTheoryClusterError(f"unknown paper {paper!r}; valid papers: {', '.join(known)}")
    path = papers_dir / paper / "figures.py"
    name = f"gametheory_cluster_papers.{paper}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise GameTheoryClusterError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def paper_figures(module: ModuleType, paper: str) -> list[PaperFigure]:
    """The ``make_figure_*`` functions of a loaded paper module, in order."""
    names = sorted(
        (n for n in vars(module) if n.startswith("make_figure_") and callable(getattr(module, n))),
        key=_figure_order,
    )
    return [PaperFigure(paper, n.removeprefix("make_"), getattr(module, n)) for n in names]


def _figure_order(name: str) -> tuple[int, str]:
    number = name.removeprefix("make_figure_").split("_", 1)[0]
    return (int(number) if number.isdigit() else 10**6, name)


def _save(fig: Any, out: Path, name: str) -> list[Path]:
    data = figure_data(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    written = []
    for suffix, content in (
        (".png", buffer.getvalue()),
        (".csv", data.to_csv()),
        (".json", data.notes_json()),
    ):
        path = out / f"{name}{suffix}"
        write_atomic(path, content)
        written.append(path)
    return written


class Interrupted(GameTheoryClusterError):
    """``reproduce`` was interrupted; ``finished`` names the figures written before it."""

    def __init__(self, finished: list[str]) -> None:
        done = ", ".join(finished) if finished else "none"
        super().__init__(f"interrupted; figures finished: {done}")
        self.finished = finished


#: The task name that computes a paper's headline numbers instead of drawing a figure.
_HEADLINE = "headline"


def _draw(task: tuple[Path, str, str, Path]) -> tuple[str, str, Any]:
    """Draw one figure of one paper and write its files, or compute the paper's headline.

    Runs in a worker process; the headline numbers come back to the parent.
    """
    root, paper, name, target = task
    module = _loaded(root, paper)
    if name == _HEADLINE:
        return paper, name, module.headline() if hasattr(module, "headline") else {}
    target.mkdir(parents=True, exist_ok=True)
    return paper, name, _save(getattr(module, f"make_{name}")(), target, name)


@functools.cache
def _loaded(root: Path, paper: str) -> ModuleType:
    return load_paper(root, paper)


def _pool(jobs: int) -> Any:
    """``jobs`` worker processes forked from this one, with the papers already loaded.

    The loaded modules live as long as the workers: frozen at the fork, they are
    skipped by the workers' full garbage collections (about a second of CPU in all).
    """
    gc.freeze()
    try:
        return multiprocessing.Pool(jobs, initializer=_ignore_interrupts)
    finally:
        gc.unfreeze()


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and reports once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def reproduce(
    out_dir: str | os.PathLike[str] = "figures",
    papers: Iterable[str] | None = None,
    papers_dir: str | os.PathLike[str] | None = None,
    *,
    progress: bool = True,
    jobs: int | None = None,
) -> dict[str, dict[str, Any]]:
    """Rebuild every figure of the chosen papers (all by default) into ``out_dir``.

    Returns ``{paper: {"files": [...], "headline": {...}}}``. Files are written only
    under ``out_dir/<paper>/``. Figures are drawn, and headlines computed, in ``jobs``
    worker processes (all cores by default; ``jobs=1`` works in this process); the
    files do not depend on it. ``progress`` reports each finished figure on standard error (see
    :mod:`gametheory_cluster.progress`). On Ctrl-C it raises :class:`Interrupted`,
    which names the figures already written.
    """
    if not str(out_dir).strip():
        raise GameTheoryClusterError("the output folder is empty; name a folder (e.g. figures)")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise GameTheoryClusterError(f"jobs must be a whole number >= 1, not {jobs!r}")
    root = find_papers_dir(papers_dir).resolve()
    known = list_papers(root)
    if not known:
        raise GameTheoryClusterError(f"no paper entries (folders with a figures.py) in {root}")
    chosen = list(papers) if papers is not None else known
    out_root = Path(out_dir)
    modules = {paper: _loaded(root, paper) for paper in chosen}
    # the headlines first: they are among the longest tasks and every worker can start one
    tasks = [(root, paper, _HEADLINE, out_root / paper) for paper in chosen] + [
        (root, f.paper, f.name, out_root / f.paper)
        for paper in chosen
        for f in paper_figures(modules[paper], paper)
    ]
    jobs = min(jobs or os.cpu_count() or 1, len(tasks) or 1)
    drawn: dict[tuple[str, str], Any] = {}
    finished: list[str] = []
    # one BLAS thread per process: the workers already use every core (the forked
    # workers inherit the limit; this process gets its own back at the end)
    limit = threadpool_limits(1)
    pool = None
    try:
        pool = _pool(jobs) if jobs > 1 else None
        results = pool.imap_unordered(_draw, tasks) if pool else map(_draw, tasks)
        for paper, name, files in steps(
            results, "reproduce", progress=progress, total=len(tasks),
            label=lambda r: f"{r[0]}: {r[1]}",
        ):
            drawn[paper, name] = files
            if name != _HEADLINE:
                finished.append(f"{paper}/{name}")
    except KeyboardInterrupt:
        if pool:
            pool.terminate()
        raise Interrupted(finished) from None
    finally:
        if pool:
            pool.close()
            pool.join()
        limit.restore_original_limits()
    return {
        paper: {
            "files": [p for t in tasks[len(chosen):] if t[1] == paper for p in drawn[paper, t[2]]],
            "headline": drawn[paper, _HEADLINE],
        }
        for paper in chosen
    }
