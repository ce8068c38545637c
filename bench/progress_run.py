"""Benchmark outcome management (行政評価) at scale: is ``seta-align progress`` within 1.2× of the
cold check, and linear in KPIs plus results?

Usage::

    .venv/bin/python bench/progress_run.py [--sizes 1000 10000 100000] [--repeat N] [--keep]
                                           [--profile sample|issue] [--seed N]

For each size it generates a draft with results (``bench/generate.py --results``: two fiscal
years of results and the plan-level indicators; cached under
``bench/out/drafts/<profile>-<size>-seed<N>-results/``) and times, as subprocesses (any
``.seta-align-cache/`` removed before each run, stdout to /dev/null, peak RSS of the child):

* check, no results   ``check measures --format json --config <the config without results>``
* check, results      ``check measures --format json`` (SA701–SA709 run)
* progress            ``progress measures --format json``
* progress, cached    the same after a check filled the cache (the usual order of a CI job)

and in this process (one process, the CLI's garbage-collector setting), on the draft as
``runner.prepare`` reads it:

* read results        ``load_results`` + ``load_indicators``
* analyse             ``analysis.progress.analyse`` alone
* SA701–SA709         each rule of outcome management as the engine runs them, in order and
                      sharing ``context.cache`` (so a rule's time is what it adds)
* render JSON         the ``progress --format json`` document and its text

Wall times are medians of ``--repeat`` runs. It prints a table per size, then a linearity
table: each figure over the number of KPIs plus results, and the ratio of ``progress`` to the
cold check. Results go to ``bench/out/progress-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shutil
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import run  # noqa: E402
from run import OUT, median, ms, remove_caches, run_child, table  # noqa: E402

# The config of the same draft without outcome management: the cold check as it was before.
NO_RESULTS_CONFIG = "bench-no-results.yaml"
OUTCOME_RULES = ("SA701", "SA702", "SA703", "SA704", "SA705", "SA706", "SA707", "SA708", "SA709")


def ensure_draft(size: int, profile: str, seed: int) -> tuple[Path, dict, bool]:
    """The cached draft with results, generated when missing or made by another generator."""
    folder = OUT / "drafts" / f"{profile}-{size}-seed{seed}-results"
    stamp = folder / "stamp.json"
    version = (BENCH / "generate.py").stat().st_mtime_ns
    if stamp.exists():
        info = json.loads(stamp.read_text())
        if info.get("generator") == version:
            return folder, info, False
    started = time.perf_counter()
    info = generate.generate(size, folder, seed, profile, results=True)
    info["generator"] = version
    info["seconds"] = time.perf_counter() - started
    config = (folder / "seta-align.yaml").read_text("utf-8")
    assert generate.OUTCOME_CONFIG in config
    (folder / NO_RESULTS_CONFIG).write_text(config.replace(generate.OUTCOME_CONFIG, ""), "utf-8")
    stamp.write_text(json.dumps(info))
    return folder, info, True


# --------------------------------------------------------------------------------------------
# subprocesses


def cli_runs(folder: Path, repeat: int) -> dict:
    exe = run.cli_executable()
    check = [exe, "check", "measures", "--format", "json"]
    commands = {
        "check, no results": [*check, "--config", NO_RESULTS_CONFIG],
        "check, results": check,
        "progress": [exe, "progress", "measures", "--format", "json"],
    }
    out: dict[str, dict] = {}
    for name, argv in commands.items():
        runs = []
        for _ in range(repeat):
            remove_caches(folder)
            runs.append(run_child(argv, folder))
        out[name] = run.summarise(runs)
        out[name]["exit_code"] = runs[-1][2]
    runs = []
    for _ in range(repeat):
        remove_caches(folder)
        run_child(check, folder)  # fills the cache
        runs.append(run_child(commands["progress"], folder))
    out["progress, cached"] = run.summarise(runs)
    remove_caches(folder)
    return out


# --------------------------------------------------------------------------------------------
# in-process


def in_process(folder: Path, repeat: int) -> dict:
    from seta_align.cli import tune_garbage_collector

    tune_garbage_collector()
    before = os.environ.get("SETA_ALIGN_JOBS")
    os.environ["SETA_ALIGN_JOBS"] = "1"
    cwd = os.getcwd()
    os.chdir(folder)  # display names relative to the draft folder, as the CLI has them
    try:
        return _in_process(repeat)
    finally:
        os.chdir(cwd)
        if before is None:
            del os.environ["SETA_ALIGN_JOBS"]
        else:
            os.environ["SETA_ALIGN_JOBS"] = before


def _in_process(repeat: int) -> dict:
    from seta_align.analysis.progress import analyse
    from seta_align.commands.progress import ProgressView
    from seta_align.documents import writing as json_text
    from seta_align.loading.results import load_indicators, load_results
    from seta_align.reporters.progress_json import document
    from seta_align.rules import ALL_RULES
    from seta_align.runner import prepare

    prepared = prepare([Path("measures")], use_cache=False)
    assert prepared.result is not None, prepared.problems[:3]
    context = prepared.result.context
    settings = context.settings
    rules = [rule for rule in ALL_RULES if rule.code in OUTCOME_RULES]
    seconds: dict[str, list[float]] = {}

    def timed(name: str, fn):
        gc.collect()
        started = time.perf_counter()
        value = fn()
        seconds.setdefault(name, []).append(time.perf_counter() - started)
        return value

    findings: dict[str, int] = {}
    for _ in range(repeat):
        timed(
            "read results",
            lambda: (load_results(settings.results_paths), load_indicators(settings.indicators_path)),
        )
        analysis = timed("analyse", lambda: analyse(context))
        context.cache.clear()  # the rules start as in a check: nothing computed yet
        for rule in rules:
            found = timed(rule.code, lambda rule=rule: list(rule.check(context)))
            findings[rule.code] = len(found)
        view = ProgressView(context, analysis, "ja", "node", None, None)
        timed(
            "render JSON",
            lambda view=view: json_text.dumps(document(view)),
        )
    out = {name: {"seconds": median(values)} for name, values in seconds.items()}
    out["SA70x"] = {"seconds": sum(out[rule.code]["seconds"] for rule in rules)}
    out["_facts"] = {
        "measures": len(context.measures),
        "kpis": len(analysis.kpis),
        "indicators": len(analysis.indicators),
        "results": len(context.results.records),
        "results_files": len(context.results.files),
        "year": analysis.year,
        "statuses": _statuses(analysis),
        "findings": findings,
    }
    return out


def _statuses(analysis) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in analysis.kpis:
        counts[entry.evaluation.status.value] = counts.get(entry.evaluation.status.value, 0) + 1
    return counts


# --------------------------------------------------------------------------------------------
# output


def report_size(entry: dict) -> str:
    d, st, cli = entry["draft"], entry["stages"], entry["cli"]
    facts = st["_facts"]
    items = facts["kpis"] + facts["results"]
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(facts["statuses"].items()))
    lines = [
        f"== {d['size']:,} measures, {d['bytes'] / 1e6:.1f} MB of YAML ({d['profile']} profile): "
        f"{facts['kpis']:,} KPIs, {facts['results']:,} results in {facts['results_files']} "
        f"files, {facts['indicators']} indicators (KPIs + results = {items:,}); FY{facts['year']}: "
        f"{statuses} ==",
        "",
    ]
    base = cli["check, no results"]["seconds"]
    rows = [
        [name, ms(v["seconds"]), run.mb(v["max_rss_bytes"]), f"{v['seconds'] / base:.2f}x"]
        for name, v in cli.items()
    ]
    lines.append(table(["CLI (cold unless said)", "wall", "max RSS", "/ check"], rows))
    lines.append("")
    rows = [
        [
            name,
            ms(st[name]["seconds"]),
            f"{st[name]['seconds'] / items * 1e6:.2f}",
            str(facts["findings"].get(name, "")),
        ]
        for name in ("read results", "analyse", *OUTCOME_RULES, "SA70x", "render JSON")
    ]
    lines.append(table(["in-process", "wall", "µs / (KPI+result)", "findings"], rows))
    return "\n".join(lines)


def linearity(entries: list[dict]) -> str:
    """Each figure per KPI-plus-result at every size: flat when linear."""
    rows = []
    names = [
        ("check, no results", "cli"),
        ("check, results", "cli"),
        ("progress", "cli"),
        ("read results", "stages"),
        ("analyse", "stages"),
        ("SA70x", "stages"),
        ("render JSON", "stages"),
    ]
    headers = ["µs / (KPI+result)"]
    for entry in entries:
        facts = entry["stages"]["_facts"]
        headers.append(f"{entry['draft']['size']:,} ({facts['kpis'] + facts['results']:,})")
    for name, where in names:
        row = [name]
        for entry in entries:
            facts = entry["stages"]["_facts"]
            row.append(f"{entry[where][name]['seconds'] / (facts['kpis'] + facts['results']) * 1e6:.1f}")
        rows.append(row)
    for label, over in (("progress / check, no results", "check, no results"),
                        ("progress / check, results", "check, results")):
        rows.append(
            [label]
            + [f"{e['cli']['progress']['seconds'] / e['cli'][over]['seconds']:.2f}x" for e in entries]
        )
    return table(headers, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--keep", action="store_true", help="keep drafts generated by this run")
    parser.add_argument("--profile", choices=sorted(generate.PROFILES), default="sample")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    started = dt.datetime.now()
    results = run.run_facts(started, args)
    print(f"seta-align progress benchmark {results['date']}  Python {results['python']}  "
          f"{results['platform']}  {results['cpus']} CPUs")
    for size in args.sizes:
        folder, info, fresh = ensure_draft(size, args.profile, args.seed)
        entry = {"draft": info, "path": str(folder)}
        entry["cli"] = cli_runs(folder, args.repeat)
        entry["stages"] = in_process(folder, args.repeat)
        results["sizes"].append(entry)
        print()
        print(report_size(entry), flush=True)
        if fresh and not args.keep:
            shutil.rmtree(folder)
    print()
    print(linearity(results["sizes"]))
    out = OUT / f"progress-{started:%Y-%m-%d}-{args.profile}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    elapsed = (dt.datetime.now() - started).total_seconds()
    print(f"\nwritten {out.relative_to(run.ROOT)} after {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
