"""Progress of long work: a bar on a terminal, a plain line per step when piped, or nothing.

Every call that can run long (``reproduce``, sweeps, simulations, large
enumerations) takes ``progress=True | False`` and reports through :func:`steps`.
On a terminal the bar is tqdm's; when standard error is a file or a pipe each
step is one plain line, so logs stay readable; ``progress=False`` is silent.

Work whose length is not known in advance (the simplex bases of a vertex
enumeration) reports through a :class:`Meter`, which stays silent until the work
has run long enough to be worth a line.

Examples
--------
>>> [x * x for x in steps(range(3), "squares", progress=False)]
[0, 1, 4]
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["Meter", "steps"]

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


class Meter:
    """A count of open-ended work, reported once it passes ``after`` units.

    On a terminal the count is a tqdm bar (with ``total`` as its end when known);
    when standard error is a file or a pipe, one plain line every ``every`` units;
    with ``progress=False``, nothing. Call :meth:`close` when the work ends.

    Examples
    --------
    >>> meter = Meter("bases", progress=False)
    >>> meter.advance(5000); meter.count
    5000
    >>> meter.close()
    """

    def __init__(self, description: str, *, progress: bool = True, unit: str = "steps",
                 total: int | None = None, after: int = 0, every: int = 10_000) -> None:
        self.description, self.unit, self.total = description, unit, total
        self.progress, self.after, self.every = progress, after, every
        self.count = 0
        self._bar: Any = None
        self._next_line = max(after, every)

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more units of work."""
        self.count += n
        if not self.progress or self.count < self.after:
            return
        if sys.stderr.isatty():
            if self._bar is None:
                from tqdm import tqdm

                self._bar = tqdm(desc=self.description, unit=self.unit, total=self.total,
                                 initial=self.count - n, leave=False)
            self._bar.update(n)
        elif self.count >= self._next_line:
            of = f" of at most {self.total:,}" if self.total is not None else ""
            print(f"{self.description}: {self.count:,} {self.unit}{of}", file=sys.stderr,
                  flush=True)
            self._next_line = self.count + self.every

    def close(self) -> None:
        """End the report (the bar, if one was shown, is cleared)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
