"""A progress bar for long loads: on stderr, only on a terminal, only after about a second.

Quiet in CI (``CI`` set) and when stderr is not a terminal, so logs and pipes stay clean; small
drafts finish before it would appear.
"""

from __future__ import annotations

import os
import sys
import time

DELAY_SECONDS = 1.0


class LoadProgress:
    def __init__(self, total: int, label: str):
        self.total = total
        self.label = label
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")
        self._progress = None
        self._task = None

    def advance(self, done: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.started < DELAY_SECONDS:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
