"""Progress of long work: a bar on a terminal, a plain line per step when piped, or nothing.

Every call that can run long (``reproduce``, sweeps, simulations, large
enumerations) takes ``progress=True | False`` and reports through :func:`steps`.
On a terminal the bar is tqdm's; when standard error is a file or a pipe each
step is one plain line, so logs stay readable; ``progress=False`` is silent.

Examples
--------
>>> [x * x for x in steps(range(3), "squares", progress=False)]
[0, 1, 4]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["steps"]

T = TypeVar("T")


def steps(
    items: Iterable[T],
    description: str,
    *,
    progress: bool = True,
    total: int | None = None,
    label: object = None,
) -> Iterator[T]:
    """Yield ``items``, reporting each step on standard error when ``progress`` is true.

    ``label`` (a function of the item) names each step in the plain-line form.
    """
    if not progress:
        yield from items
        return
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, desc=description, total=total, leave=False)
        return
    for index, item in enumerate(items, 1):
        name = label(item) if callable(label) else item
        of = f"/{total}" if total is not None else ""
        print(f"{description} [{index}{of}]: {name}", file=sys.stderr, flush=True)
        yield item
