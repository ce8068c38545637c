"""Where a command's time and memory go, stage by stage, in one process: what the CLI does,
cut at each stage and timed (wall and CPU seconds, and the peak resident set after it).

```sh
.venv/bin/python bench/stages.py bench/out/drafts/sample-20000-seed1-results            # progress
.venv/bin/python bench/stages.py DRAFT --command check                                   # the check
.venv/bin/python bench/stages.py DRAFT --profile analysis                                # one stage
PYTHONPATH=/path/to/other/tree/src .venv/bin/python bench/stages.py DRAFT                # a commit
```

``progress`` (the default) is ``progress --format json`` after a check: the config, framework and
results, the measures (from the parse cache when a check filled it: run once first), the check
without its rules, the analysis, and the JSON written to a scratch file. ``check`` is the check
with its rules, the measures read as the cache has them. The cache is the draft's own unless
``SETA_ALIGN_CACHE_DIR`` says. The garbage collector is set as the CLI sets it.

``--profile STAGE`` prints that stage's profile (by own time). Compare two commits by running
this script with each one's ``src`` on ``PYTHONPATH``, in turn, a few times (``--repeat``): on a
shared machine one run says little.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

STAGES = {
    "progress": ("imports", "inputs", "measures", "check", "analysis", "json"),
    "check": ("imports", "inputs", "measures", "check"),
}


class Clock:
    def __init__(self, profiled: str | None) -> None:
        self.profiled = profiled
        self.rows: list[tuple[str, float, float, int]] = []
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        self._profile: cProfile.Profile | None = None

    def start(self, stage: str) -> None:
        if stage == self.profiled:
            self._profile = cProfile.Profile()
            self._profile.enable()

    def stop(self, stage: str) -> None:
        if self._profile is not None:
            self._profile.disable()
        wall, cpu = time.perf_counter(), time.process_time()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        self.rows.append((stage, wall - self._wall, cpu - self._cpu, peak))
        self._wall, self._cpu = wall, cpu

    def profile_text(self) -> str:
        if self._profile is None:
            return ""
        out = io.StringIO()
        pstats.Stats(self._profile, stream=out).sort_stats("tottime").print_stats(30)
        return out.getvalue()


def run(draft: Path, command: str, profiled: str | None) -> Clock:
    import gc

    os.chdir(draft)
    gc.set_threshold(200_000, 30, 30)  # as cli.tune_garbage_collector
    clock = Clock(profiled)
    clock.start("imports")
    from seta_align.cli import register_commands

    register_commands([command])  # what a run of the command imports (its own module)
    from seta_align.engine import run_check
    from seta_align.loading.measures import load_draft
    from seta_align.runner import resolve_inputs

    clock.stop("imports")
    clock.start("inputs")
    inputs = resolve_inputs([Path("measures")], None, None, None, use_cache=True)
    clock.stop("inputs")
    clock.start("measures")
    draft_read = load_draft(inputs.files, inputs.cache, None)
    clock.stop("measures")
    clock.start("check")
    result = run_check(
        inputs.framework,
        draft_read,
        inputs.settings,
        inputs.interactions,
        results=inputs.results,
        indicators=inputs.indicators,
        rules=command == "check",
        saved=None if command == "check" else inputs.cache,
    )
    clock.stop("check")
    if command == "check":
        return clock
    from seta_align.analysis.progress import progress_of_context
    from seta_align.documents.progress import document
    from seta_align.documents.writing import pieces
    from seta_align.views.progress import ProgressView

    clock.start("analysis")
    analysis = progress_of_context(result.context)
    clock.stop("analysis")
    clock.start("json")
    view = ProgressView(result.context, analysis, "ja", "node", None, None)
    with tempfile.TemporaryFile("w", encoding="utf-8") as scratch:
        for piece in pieces(document(view)):
            scratch.write(piece)
    clock.stop("json")
    return clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("draft", type=Path, help="a folder with measures/ (and its config)")
    parser.add_argument("--command", choices=sorted(STAGES), default="progress")
    parser.add_argument("--profile", metavar="STAGE", help="print this stage's profile")
    parser.add_argument("--repeat", type=int, default=1, help="runs, each its own process")
    args = parser.parse_args()
    if args.profile is not None and args.profile not in STAGES[args.command]:
        parser.error(f"--profile: one of {', '.join(STAGES[args.command])}")
    if os.environ.get("SETA_ALIGN_STAGES_CHILD"):
        clock = run(args.draft.resolve(), args.command, args.profile)
        for stage, wall, cpu, peak in clock.rows:
            print(f"{stage}\t{wall:.3f}\t{cpu:.3f}\t{peak}")
        print(clock.profile_text(), file=sys.stderr)
        return
    import subprocess

    print(f"{args.command} on {args.draft} ({sys.executable}; PYTHONPATH="
          f"{os.environ.get('PYTHONPATH', '')!r})")
    print(f"{'stage':10} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}   (one line per run)")
    for _ in range(args.repeat):
        child = subprocess.run(
            [sys.executable, __file__, *sys.argv[1:]],
            env={**os.environ, "SETA_ALIGN_STAGES_CHILD": "1", "SETA_ALIGN_LANG": "ja"},
            capture_output=True,
            text=True,
            check=True,
        )
        for line in child.stdout.splitlines():
            stage, wall, cpu, peak = line.split("\t")
            print(f"{stage:10} {float(wall):8.2f} {float(cpu):8.2f} {int(peak) / 1e6:8.0f}")
        if child.stderr.strip():
            print(child.stderr)
        print()


if __name__ == "__main__":
    main()
