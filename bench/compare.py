"""Two commits side by side on the same generated draft: each command's wall time and peak
memory (RSS) at each commit, run in turn on one machine, and the ratio — so that a change is
never slower or hungrier without anybody seeing it (issue: "no regression, ever").

```sh
.venv/bin/python bench/compare.py 0770df4 HEAD --size 20000 --plain              # the plain path
.venv/bin/python bench/compare.py HEAD~5 HEAD --size 2000 --results --repeat 5    # everything on
.venv/bin/python bench/compare.py A B --commands check impacts --warm             # after a check
.venv/bin/python bench/compare.py A B --commands impacts --warm --again          # the same again
.venv/bin/python bench/compare.py A B --python-a /tmp/old-venv/bin/python        # another typer
```

How it stays fair:

- **One draft for both.** It is generated once, by this tree's ``bench/generate.py`` (cached in
  ``bench/out/drafts/`` like ``run.py``'s), and read by both commits.
- **In turn.** Each repetition runs commit A, then B (then A …), so that a machine that warms
  up or gets busy weighs on both alike; the median of the repetitions is reported, with the
  spread (min–max).
- **The commits as they were.** Each is a ``git worktree`` in ``bench/out/worktrees/`` (made
  once), run from its own ``src`` with this interpreter and its packages: a commit whose
  dependencies differ from this tree's is not measured faithfully (the script says which
  packages it ran with).
- **Cold or warm.** Cold (the default): every run gets an empty parse cache. ``--warm``: one
  untimed ``check`` fills a cache for each commit first, and every run starts from the cache
  as that check left it, as in CI after a check (``check`` then writes its saved report; a
  view is made from the parsed files, not from a saved output of an earlier run).
  ``--again``: each run follows one untimed run of the same command (a view written again
  from its saved output, when the commit saves one).
- **Memory.** The peak resident set of the command's process (``wait4``'s ``ru_maxrss``), which
  is what a machine must have, not Python's own allocations.

Writes the table to stdout and everything to ``bench/out/compare-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
COMMANDS = {
    # name: the arguments after `seta-align`, {draft} replaced by the draft's measures folder
    "check": ["check", "{measures}", "--format", "json"],
    "impacts": ["impacts", "{measures}", "--format", "json"],
    "impacts-html": ["impacts", "{measures}", "--format", "html"],
    "progress": ["progress", "{measures}", "--format", "json"],
    "report": ["report", "{measures}", "-o", "{scratch}/report.html", "--force"],
    "matrix": ["matrix", "{measures}", "--format", "csv"],
    "export": ["export", "{measures}", "--format", "csv", "-o", "{scratch}/measures.csv", "--force"],
    "export-xlsx": ["export", "{measures}", "-o", "{scratch}/measures.xlsx", "--force"],
}
# Runs the command of a commit's tree: the worktree's src first on the path.
RUNNER = "import sys; from seta_align.cli import main; sys.argv[0] = 'seta-align'; main()"


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def worktree(rev: str) -> tuple[str, Path]:
    """The commit's full hash and a worktree of it (made once, reused)."""
    sha = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    place = OUT / "worktrees" / sha[:12]
    if not (place / "src" / "seta_align").is_dir():
        place.parent.mkdir(parents=True, exist_ok=True)
        _git("worktree", "add", "--detach", "--force", str(place), sha)
    compile_sources(place / "src")
    return sha, place


def compile_sources(src: Path) -> None:
    """Compile ``src`` once, as ``pip install`` does: where PYTHONDONTWRITEBYTECODE is set, a
    tree run from its sources would otherwise compile every module on every run (~0.25 s
    each), and a larger tree pays more."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(src)], check=True, stdout=subprocess.DEVNULL
    )


def draft(size: int, profile: str, seed: int, *, results: bool, plain: bool) -> Path:
    """The generated draft's folder (generated once for these options, by this tree)."""
    name = f"{profile}-{size}-seed{seed}" + ("-results" if results else "") + ("-plain" if plain else "")
    place = OUT / "drafts" / name
    if not (place / "measures").is_dir():
        arguments = [sys.executable, str(HERE / "generate.py"), str(size), str(place)]
        arguments += ["--profile", profile, "--seed", str(seed)]
        arguments += ["--results"] if results else []
        arguments += ["--no-impacts"] if plain else []
        subprocess.run(arguments, check=True)
    return place


def _bare(place: Path) -> Path:
    """The draft's measure files alone, in a folder without its config: a commit older than
    the config's keys reads them with its defaults, as the newer one does."""
    bare = place.with_name(place.name + "-bare")
    if not (bare / "measures").is_dir():
        shutil.copytree(place / "measures", bare / "measures")
    return bare


def run_once(
    tree: Path, arguments: list[str], cache: Path, cwd: Path, python: str = sys.executable
) -> tuple[float, int, int]:
    """One run of the command at ``tree`` with the interpreter ``python`` (and the packages of
    its environment): wall seconds, peak RSS in bytes, exit code."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(tree / "src"),
        "SETA_ALIGN_CACHE_DIR": str(cache),
        "SETA_ALIGN_LANG": "ja",
        "COLUMNS": "120",
    }
    environment.pop("CI", None)
    start = time.perf_counter()
    process = subprocess.Popen(
        [python, "-c", RUNNER, *arguments],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS
    return seconds, peak, os.waitstatus_to_exitcode(status)


def compare(args: argparse.Namespace) -> dict:
    trees = [worktree(rev) for rev in (args.a, args.b)]
    pythons = [args.python_a, args.python_b]
    place = draft(args.size, args.profile, args.seed, results=args.results, plain=args.plain)
    if args.bare:
        place = _bare(place)
    measures = place / "measures"
    scratch = Path(tempfile.mkdtemp(prefix="seta-align-compare-"))
    rows = []
    try:
        caches = [scratch / f"cache-{i}" for i in range(2)]
        after_check = [scratch / f"after-check-{i}" for i in range(2)]
        if args.warm:  # one untimed check each, so that the timed runs find the parse cache
            for (_sha, tree), cache, kept, python in zip(
                trees, caches, after_check, pythons, strict=True
            ):
                run_once(tree, ["check", str(measures), "--format", "json"], cache, place, python)
                shutil.copytree(cache, kept)
        for name in args.commands:
            arguments = [
                part.format(measures=measures, scratch=scratch) for part in COMMANDS[name]
            ]
            timings: list[list[tuple[float, int, int]]] = [[], []]
            for _ in range(args.repeat):
                for side, (_sha, tree) in enumerate(trees):
                    cache = caches[side]
                    # Cold: an empty cache every run; warm: the cache as the check left it.
                    shutil.rmtree(cache, ignore_errors=True)
                    if args.warm:
                        shutil.copytree(after_check[side], cache)
                    python = pythons[side]
                    if args.again:
                        run_once(tree, arguments, cache, place, python)
                    timings[side].append(run_once(tree, arguments, cache, place, python))
            rows.append(_row(name, timings))
            _print_row(rows[-1], header=len(rows) == 1, args=args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "a": {"rev": args.a, "sha": trees[0][0], "python": args.python_a},
        "b": {"rev": args.b, "sha": trees[1][0], "python": args.python_b},
        "draft": {
            "size": args.size, "profile": args.profile, "seed": args.seed,
            "results": args.results, "plain": args.plain, "bare": args.bare,
            "bytes": sum(p.stat().st_size for p in measures.rglob("*.yaml")),
        },
        "warm": args.warm,
        "again": args.again,
        "repeat": args.repeat,
        "machine": {
            "python": platform.python_version(), "system": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "commands": rows,
    }


def _row(name: str, timings: list[list[tuple[float, int, int]]]) -> dict:
    sides = []
    for runs in timings:
        seconds = [run[0] for run in runs]
        peaks = [run[1] for run in runs]
        sides.append(
            {
                "median_s": statistics.median(seconds),
                "min_s": min(seconds),
                "max_s": max(seconds),
                "peak_bytes": max(peaks),
                "exit_codes": sorted({run[2] for run in runs}),
            }
        )
    a, b = sides
    return {
        "command": name,
        "a": a,
        "b": b,
        "time_ratio": b["median_s"] / a["median_s"] if a["median_s"] else None,
        "memory_ratio": b["peak_bytes"] / a["peak_bytes"] if a["peak_bytes"] else None,
    }


def _print_row(row: dict, *, header: bool, args: argparse.Namespace) -> None:
    if header:
        mode = "warm (after a check)" if args.warm else "cold"
        if args.again:
            mode += ", each run after the same command"
        print(f"A = {args.a}, B = {args.b}; {args.size:,} measures ({args.profile}"
              f"{', results' if args.results else ''}{', no impacts' if args.plain else ''}), "
              f"{mode}, median of {args.repeat} run in turn")
        print(f"{'command':<10} {'A s':>8} {'B s':>8} {'B/A':>6}   {'A MB':>7} {'B MB':>7} {'B/A':>6}"
              "   exit A/B")
    a, b = row["a"], row["b"]
    print(
        f"{row['command']:<10} {a['median_s']:>8.2f} {b['median_s']:>8.2f} "
        f"{row['time_ratio'] or 0:>6.2f}   {a['peak_bytes'] / 2**20:>7.0f} "
        f"{b['peak_bytes'] / 2**20:>7.0f} {row['memory_ratio'] or 0:>6.2f}   "
        f"{','.join(map(str, a['exit_codes']))}/{','.join(map(str, b['exit_codes']))}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="the commit to compare against (e.g. 0770df4, main, HEAD~3)")
    parser.add_argument("b", help="the commit to measure (e.g. HEAD)")
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--profile", choices=("sample", "issue"), default="sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each commit (median)")
    parser.add_argument(
        "--commands", nargs="+", choices=sorted(COMMANDS), default=["check"],
        help="the commands to time (default: check)",
    )
    parser.add_argument("--results", action="store_true", help="two years of results too")
    parser.add_argument("--plain", action="store_true", help="no impacts, no interactions")
    parser.add_argument("--warm", action="store_true", help="after a check (the parse cache)")
    parser.add_argument(
        "--again", action="store_true", help="each run after one untimed run of the same command"
    )
    parser.add_argument(
        "--bare", action="store_true",
        help="the measure files without the draft's config (for a commit that predates its keys)",
    )
    for side in ("a", "b"):
        parser.add_argument(
            f"--python-{side}", default=sys.executable, metavar="PYTHON",
            help=f"the interpreter {side.upper()} runs with, and so the packages of its "
            "environment (default: this one): to compare a dependency's versions",
        )
    args = parser.parse_args(argv)
    # The commands run in the draft's folder: an interpreter given relative to here is made
    # absolute first.
    args.python_a, args.python_b = (os.path.abspath(p) for p in (args.python_a, args.python_b))
    found = compare(args)
    OUT.mkdir(exist_ok=True)
    target = OUT / f"compare-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(found, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"-> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
