"""Benchmark seta-align stage by stage on synthetic drafts, against PyYAML and JSON floors.

Usage::

    .venv/bin/python bench/run.py [--sizes 1000 10000 100000] [--repeat N] [--keep]
                                  [--profile sample|issue] [--seed N] [--no-memory]
                                  [--impacts-only] [--no-stages]

For each size it generates a draft with ``bench/generate.py`` (or reuses the one cached under
``bench/out/drafts/``), then measures, in this process:

* discover     ``files.discover`` (walking the folders)
* parse        ``yaml_source.read_yaml_file`` over every file (read, decode, compose, convert)
* validate     ``measures.load_draft`` minus parse (normalise + pydantic + schema findings)
* setup        config and framework loading (``find_config``, ``load_settings``,
               ``load_framework``, ``validate_settings``)
* graph        ``graph.build_graph``
* rules        ``engine.run_check`` minus graph (coverage, cross-field, every rule, sorting)
* render-json  the JSON reporter
* render-rich  the rich reporter to ``Console(file=io.StringIO(), width=200)``

(in one process, with the CLI's garbage-collector setting), and as subprocesses the whole CLI,
``seta-align check measures --format json > /dev/null``: cold (first run, any
``.seta-align-cache/`` removed first; files are loaded in parallel where that pays), warm (the
same command again: the saved report is replayed), one file edited (that file parsed again,
the others from the cache, the whole draft checked) and ``--no-cache``. Two floors over the same
data: ``yaml.load(text, Loader=yaml.CSafeLoader)`` and ``json.loads`` of the same data as JSON
text (texts in memory; file reading excluded).

The impact pre-assessment (docs/impacts.md), at each size, against the same draft generated
without impacts (``generate.py --no-impacts``): the cold CLI check of both (alternating runs),
each SA60x rule of ``check`` and ``analysis.impacts.analyse`` in one process (with the synergy
clusters, Louvain, timed apart), ``seta-align impacts measures --format json`` cold, and the
in-process stages of both drafts (where a check with impacts spends its extra time; skipped with
``--no-stages``). ``--impacts-only`` runs just this part.

Wall times are medians of ``--repeat`` runs. Peak memory of in-process stages is measured in a
separate pass under ``tracemalloc`` (Python allocations only, above the memory held when the
stage starts; tracemalloc slows the code 2–4×, which is why times come from the other passes).
Peak memory of subprocesses is the child's max RSS from ``os.wait4``.

Results are printed as plain-text tables and written to ``bench/out/results-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

CACHE_NAMES = (".seta-align-cache",)
STAGES = ("discover", "parse", "validate", "setup", "graph", "rules", "render-json", "render-rich")


def run_facts(started: dt.datetime, args: argparse.Namespace) -> dict:
    """What a results file records of the run: when, on what, and with which settings."""
    return {
        "date": started.isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "pyyaml": yaml.__version__,
        "repeat": args.repeat,
        "profile": args.profile,
        "seed": args.seed,
        "sizes": [],
    }


def cli_executable() -> str:
    beside = Path(sys.executable).parent / "seta-align"
    return str(beside) if beside.exists() else (shutil.which("seta-align") or "seta-align")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------------------------
# drafts


def draft_dir(size: int, profile: str, seed: int, impacts: bool = True) -> Path:
    return OUT / "drafts" / f"{profile}-{size}-seed{seed}{'' if impacts else '-noimpacts'}"


def ensure_draft(
    size: int, profile: str, seed: int, impacts: bool = True
) -> tuple[Path, dict, bool]:
    """The cached draft, generated when missing or made by another version of the generator."""
    folder = draft_dir(size, profile, seed, impacts)
    stamp = folder / "stamp.json"
    version = (BENCH / "generate.py").stat().st_mtime_ns
    if stamp.exists():
        info = json.loads(stamp.read_text())
        if info.get("generator") == version:
            return folder, info, False
    started = time.perf_counter()
    info = generate.generate(size, folder, seed, profile, impacts=impacts)
    info["generator"] = version
    info["seconds"] = time.perf_counter() - started
    stamp.write_text(json.dumps(info))
    return folder, info, True


def remove_caches(folder: Path) -> None:
    for base in (folder, folder / "measures"):
        for name in CACHE_NAMES:
            shutil.rmtree(base / name, ignore_errors=True)


def cache_present(folder: Path) -> bool:
    return any(
        (base / name).exists() for base in (folder, folder / "measures") for name in CACHE_NAMES
    )


# --------------------------------------------------------------------------------------------
# in-process stages


class Stages:
    """One pass over every stage, recording wall time (and optionally tracemalloc peaks)."""

    def __init__(self, memory: bool):
        self.memory = memory
        self.seconds: dict[str, float] = {}
        self.peaks: dict[str, int] = {}

    def run(self, name, fn, *args):
        if self.memory:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        value = fn(*args)
        self.seconds[name] = time.perf_counter() - started
        if self.memory:
            self.peaks[name] = tracemalloc.get_traced_memory()[1] - base
        return value


def one_pass(folder: Path, memory: bool) -> tuple[Stages, dict]:
    import networkx  # noqa: F401 - imported when a check starts; not part of a stage here

    from seta_align.commands.check import DEFAULT_SECTIONS
    from seta_align.engine import run_check
    from seta_align.graph import build_graph
    from seta_align.loading.files import discover, display_name
    from seta_align.loading.measures import load_draft
    from seta_align.loading.yaml_source import read_yaml_file
    from seta_align.runner import Inputs, resolve_inputs

    s = Stages(memory)
    cwd = os.getcwd()
    os.chdir(folder)  # as the CLI would run: display names relative to the draft folder
    try:
        paths = [Path("measures")]
        files = s.run("discover", lambda: discover(paths).files)
        s.run("parse", lambda: [read_yaml_file(p, display_name(p)) for p in files])
        draft = s.run("load_draft", load_draft, files)

        def setup() -> Inputs:
            # The config, the framework modules, the interactions, results and indicators it
            # names, found and validated as the CLI does.
            inputs = resolve_inputs(paths, use_cache=False)
            assert isinstance(inputs, Inputs), inputs.problems
            return inputs

        inputs = s.run("setup", setup)
        settings, framework = inputs.settings, inputs.framework

        def graph():
            measures = {}
            for loaded in draft.measures:
                if loaded.measure.id not in framework.nodes:
                    measures.setdefault(loaded.measure.id, loaded)
            return build_graph(framework, measures)

        s.run("graph", graph)
        result = s.run(
            "run_check",
            lambda: run_check(
                framework,
                draft,
                settings,
                inputs.interactions,
                results=inputs.results,
                indicators=inputs.indicators,
            ),
        )
        exit_code = result.exit_code(settings.fail_on)

        def render_json():
            from seta_align.reporters import reporter

            return reporter("json").render(result, result.findings, "ja", exit_code)

        def render_rich():
            from rich.console import Console

            from seta_align.reporters import terminal as rich_report

            buffer = io.StringIO()
            console = Console(file=buffer, width=200, highlight=False, soft_wrap=False)
            rich_report.render(console, result, result.findings, "ja", DEFAULT_SECTIONS)
            return buffer.getvalue()

        s.run("render-json", render_json)
        s.run("render-rich", render_rich)
    finally:
        os.chdir(cwd)
    # The split stages.
    s.seconds["validate"] = s.seconds["load_draft"] - s.seconds["parse"]
    s.seconds["rules"] = s.seconds["run_check"] - s.seconds["graph"]
    if memory:
        # load_draft re-parses: its peak includes the parse peak; run_check includes graph.
        s.peaks["validate"] = s.peaks["load_draft"]
        s.peaks["rules"] = s.peaks["run_check"]
    facts = {
        "files": len(files),
        "measures": len(draft.measures),
        "findings": len(result.findings),
        "exit_code": exit_code,
    }
    return s, facts


def in_process(folder: Path, repeat: int, memory: bool) -> dict:

    from seta_align.cli import tune_garbage_collector

    # As the CLI runs; and one process, so that parse and validate can be told apart (the CLI
    # rows below show loading in parallel).
    tune_garbage_collector()
    before = os.environ.get("SETA_ALIGN_JOBS")
    os.environ["SETA_ALIGN_JOBS"] = "1"
    try:
        return _in_process(folder, repeat, memory)
    finally:  # the CLI runs below choose for themselves
        if before is None:
            del os.environ["SETA_ALIGN_JOBS"]
        else:
            os.environ["SETA_ALIGN_JOBS"] = before


def _in_process(folder: Path, repeat: int, memory: bool) -> dict:
    import gc

    passes = []
    facts = {}
    for _ in range(repeat):
        gc.collect()
        stages, facts = one_pass(folder, memory=False)
        passes.append(stages.seconds)
    out = {
        name: {"seconds": median([p[name] for p in passes])}
        for name in (*STAGES, "load_draft", "run_check")
    }
    if memory:
        gc.collect()
        tracemalloc.start()
        try:
            stages, _ = one_pass(folder, memory=True)
        finally:
            tracemalloc.stop()
        for name, peak in stages.peaks.items():
            out[name]["peak_bytes"] = peak
    out["_facts"] = facts
    return out


# --------------------------------------------------------------------------------------------
# floors


def floors(folder: Path, repeat: int) -> dict:
    files = sorted((folder / "measures").rglob("*.yaml"))
    texts = [p.read_text("utf-8") for p in files]
    datas = [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts]
    jsons = [json.dumps(d, ensure_ascii=False, default=str) for d in datas]
    timings = {"yaml-csafeloader": [], "json-loads": []}
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
        timings["yaml-csafeloader"].append(time.perf_counter() - started)
        started = time.perf_counter()
        for text in jsons:
            json.loads(text)
        timings["json-loads"].append(time.perf_counter() - started)
    return {
        "yaml-csafeloader": {"seconds": median(timings["yaml-csafeloader"])},
        "json-loads": {
            "seconds": median(timings["json-loads"]),
            "json_bytes": sum(len(j.encode()) for j in jsons),
        },
    }


# --------------------------------------------------------------------------------------------
# subprocesses


# Children are started from a small launcher process: Linux counts the memory of the process
# that starts a program into the program's peak RSS (the old address space's high-water mark at
# exec), so started straight from this process, which holds whole drafts, every child would
# report this process's size.
_LAUNCHER = """
import json, os, sys, time
argv = sys.argv[1:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "max_rss": usage.ru_maxrss * 1024,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def run_child(argv: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, max RSS (bytes) and exit code of one child, stdout to /dev/null."""
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *argv], cwd=cwd, capture_output=True, text=True
    )
    try:
        outcome = json.loads(launched.stdout)
    except ValueError:
        raise RuntimeError(f"{argv}: {launched.stderr[-2000:]}") from None
    if outcome["code"] not in (0, 1):
        raise RuntimeError(f"{argv} exited {outcome['code']}: {launched.stderr[-2000:]}")
    return outcome["seconds"], outcome["max_rss"], outcome["code"]


def cli_runs(folder: Path, repeat: int) -> dict:
    """The CLI as users meet it: the first run (no cache), the same run again (the saved report
    is replayed), a run after one file was edited (that file parsed, the rest from the cache,
    everything checked), and runs with ``--no-cache``."""
    argv = [cli_executable(), "check", "measures", "--format", "json"]
    remove_caches(folder)
    seconds, rss, code = run_child(argv, folder)
    out = {"cold": {"seconds": seconds, "max_rss_bytes": rss, "exit_code": code}}
    out["warm"] = summarise([run_child(argv, folder) for _ in range(repeat)])
    out["cache_dir"] = cache_present(folder)
    edited = sorted((folder / "measures").rglob("*.yaml"))[0]
    original = edited.read_bytes()
    try:
        runs = []
        for attempt in range(repeat):
            edited.write_bytes(original + f"# edit {attempt} {time.time()}\n".encode())
            runs.append(run_child(argv, folder))
        out["one file edited"] = summarise(runs)
    finally:
        edited.write_bytes(original)
    out["no-cache"] = summarise([run_child([*argv, "--no-cache"], folder) for _ in range(repeat)])
    remove_caches(folder)
    return out


def summarise(runs: list[tuple[float, int, int]]) -> dict:
    return {"seconds": median([r[0] for r in runs]), "max_rss_bytes": max(r[1] for r in runs)}


def startup(repeat_help: int = 10, repeat_sample: int = 5) -> dict:
    exe = cli_executable()
    out = {}
    for name, argv, n, cwd in (
        ("--help", [exe, "--help"], repeat_help, ROOT),
        ("--version", [exe, "--version"], repeat_help, ROOT),
        ("check (sample, 85)", [exe, "check"], repeat_sample, ROOT),
    ):
        runs = [run_child(argv, cwd) for _ in range(n)]
        out[name] = {
            "seconds": median([r[0] for r in runs]),
            "max_rss_bytes": max(r[1] for r in runs),
            "runs": n,
        }
    return out


# --------------------------------------------------------------------------------------------
# the impact pre-assessment

IMPACT_RULES = ("SA601", "SA602", "SA603", "SA604", "SA605", "SA606")


def impact_in_process(folder: Path, repeat: int) -> dict:
    """The impact pre-assessment's own work on the checked draft, in one process with the CLI's
    garbage-collector setting: each SA60x rule of ``check`` and ``analysis.impacts.analyse``
    (what ``seta-align impacts`` computes), medians of ``repeat`` runs."""
    import gc

    from seta_align.analysis import impacts
    from seta_align.analysis.impacts import analyse
    from seta_align.cli import tune_garbage_collector
    from seta_align.rules import ALL_RULES
    from seta_align.runner import prepare

    tune_garbage_collector()
    before = os.environ.get("SETA_ALIGN_JOBS")
    os.environ["SETA_ALIGN_JOBS"] = "1"
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        prepared = prepare([Path("measures")], use_cache=False)
        assert prepared.result is not None, [f.message.en for f in prepared.problems]
        context = prepared.result.context
        rules = [rule for rule in ALL_RULES if rule.code in IMPACT_RULES]
        timings: dict[str, list[float]] = {rule.code: [] for rule in rules}
        timings["analyse"] = []
        timings["clusters"] = []
        findings: dict[str, int] = {}
        analysis = None
        for _ in range(repeat):
            gc.collect()
            for rule in rules:
                started = time.perf_counter()
                findings[rule.code] = len(list(rule.check(context)))
                timings[rule.code].append(time.perf_counter() - started)
            analysis = None  # the previous run's analysis is not held while timing this one
            gc.collect()
            started = time.perf_counter()
            analysis = analyse(context)
            timings["analyse"].append(time.perf_counter() - started)
            # The synergy clusters alone: a private step of analyse, timed apart because it
            # was most of analyse at scale (Louvain over every measure, before 2026-11-29).
            matrix = impacts.interaction_matrix(context)
            gc.collect()
            started = time.perf_counter()
            impacts._clusters(context, analysis.profiles, matrix)
            timings["clusters"].append(time.perf_counter() - started)
            del matrix
    finally:
        os.chdir(cwd)
        if before is None:
            del os.environ["SETA_ALIGN_JOBS"]
        else:
            os.environ["SETA_ALIGN_JOBS"] = before
    measures = [loaded.measure for loaded in context.measures.values()]
    interactions = context.interactions.items if context.interactions is not None else []
    out = {name: {"seconds": median(values)} for name, values in timings.items()}
    out["_facts"] = {
        "measures": len(measures),
        "impacts": sum(len(m.impacts) for m in measures),
        "supports": sum(len(m.supports) for m in measures),
        "depends_on": sum(len(m.depends_on) for m in measures),
        "interactions": len(interactions),
        "findings": findings,
        "clusters": len(analysis.clusters),
        "trade_offs": len(analysis.trade_offs),
        "nodes": len(analysis.nodes),
    }
    return out


def impact_cli(folder: Path, bare: Path, repeat: int) -> dict:
    """Cold ``check --format json`` on the draft with impacts and on the same draft without
    (alternating, so that a busy moment of a shared machine falls on both), and cold
    ``impacts --format json``."""
    check = [cli_executable(), "check", "measures", "--format", "json"]
    with_impacts, without = [], []
    for _ in range(repeat):
        remove_caches(bare)
        without.append(run_child(check, bare))
        remove_caches(folder)
        with_impacts.append(run_child(check, folder))
    impacts = [cli_executable(), "impacts", "measures", "--format", "json"]
    runs = []
    for _ in range(repeat):
        remove_caches(folder)
        runs.append(run_child(impacts, folder))
    remove_caches(folder)
    remove_caches(bare)
    return {
        "check without impacts": summarise(without),
        "check with impacts": summarise(with_impacts),
        "impacts --format json": summarise(runs),
    }


def fine_ms(seconds: float) -> str:
    """Like :func:`ms`, with a decimal below 10 ms (the rules take a few)."""
    return f"{seconds * 1000:.1f} ms" if seconds < 0.01 else ms(seconds)


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:+.1f} %"


def report_impacts(entry: dict) -> str:
    d, bare, st, cli = (
        entry["draft"],
        entry["bare draft"],
        entry["impacts"]["in-process"],
        entry["impacts"]["cli"],
    )
    facts = st["_facts"]
    links = facts["supports"] + facts["impacts"] + facts["depends_on"]
    lines = [
        f"== impact pre-assessment, {d['size']:,} measures ({d['profile']} profile): "
        f"{facts['impacts']:,} impacts, {facts['interactions']:,} interactions; "
        f"YAML {d['bytes'] / 1e6:.1f} MB with impacts, {bare['bytes'] / 1e6:.1f} MB without ==",
        "",
    ]
    base = cli["check without impacts"]["seconds"]
    rows = []
    for name in ("check without impacts", "check with impacts", "impacts --format json"):
        seconds = cli[name]["seconds"]
        rows.append(
            [
                f"CLI {name}",
                ms(seconds),
                mb(cli[name]["max_rss_bytes"]),
                percent(seconds - base, base),
            ]
        )
    rule_total = sum(st[code]["seconds"] for code in IMPACT_RULES)
    for code in IMPACT_RULES:
        seconds = st[code]["seconds"]
        found = facts["findings"].get(code, 0)
        rows.append(
            [f"  {code} ({found:,} findings)", fine_ms(seconds), "", percent(seconds, base)]
        )
    analysed = st["analyse"]["seconds"]
    clustered = st["clusters"]["seconds"]
    rows.append(["SA601–SA606 together", fine_ms(rule_total), "", percent(rule_total, base)])
    rows.append(["analyse (analysis.impacts)", ms(analysed), "", percent(analysed, base)])
    rows.append(["  of which clusters (Louvain)", ms(clustered), "", percent(clustered, base)])
    rows.append(
        [
            "  analyse without clusters",
            ms(analysed - clustered),
            "",
            percent(analysed - clustered, base),
        ]
    )
    rows.append(
        ["rules + analyse", ms(rule_total + analysed), "", percent(rule_total + analysed, base)]
    )
    lines.append(table(["", "wall", "max RSS", "vs cold check without"], rows))
    stages = entry["impacts"].get("stages")
    if stages:
        lines.append("")
        rows = []
        for name in ("parse", "validate", "graph", "rules", "render-json"):
            bare_s, with_s = stages["without"][name]["seconds"], stages["with"][name]["seconds"]
            rows.append(
                [
                    name,
                    ms(bare_s),
                    ms(with_s),
                    f"{(with_s - bare_s) * 1000:+,.0f} ms",
                    percent(with_s - bare_s, bare_s),
                ]
            )
        lines.append(table(["one process", "without impacts", "with", "difference", ""], rows))
    lines.append(
        f"(links: {facts['supports']:,} supports + {facts['impacts']:,} impacts + "
        f"{facts['depends_on']:,} depends_on = {links:,}; analyse "
        f"{analysed / (d['size'] + links) * 1e6:.2f} µs per measure or link; "
        f"{facts['clusters']} clusters, {facts['trade_offs']:,} trade-offs)"
    )
    return "\n".join(lines)


def report_linearity(entries: list[dict]) -> str:
    rows = []
    for entry in entries:
        if "impacts" not in entry:
            continue
        st = entry["impacts"]["in-process"]
        facts = st["_facts"]
        work = facts["measures"] + facts["supports"] + facts["impacts"] + facts["depends_on"]
        rules = sum(st[code]["seconds"] for code in IMPACT_RULES)
        analysed, clustered = st["analyse"]["seconds"], st["clusters"]["seconds"]
        rows.append(
            [
                f"{facts['measures']:,}",
                f"{work:,}",
                fine_ms(rules),
                f"{rules / work * 1e6:.2f}",
                ms(analysed - clustered),
                f"{(analysed - clustered) / work * 1e6:.2f}",
                ms(clustered),
                f"{clustered / work * 1e6:.2f}",
            ]
        )
    headers = [
        "measures",
        "measures + links",
        "SA60x",
        "µs each",
        "analyse w/o clusters",
        "µs each",
        "clusters",
        "µs each",
    ]
    return "== linearity: time per measure or link ==\n\n" + table(headers, rows)


# --------------------------------------------------------------------------------------------
# output


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def mb(n: int | None) -> str:
    return "" if n is None else f"{n / 1e6:,.0f} MB"


def ratio(value: float, floor: float) -> str:
    times = value / floor
    return f"{times:.2f}x" if times < 10 else f"{times:.0f}x"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]
    line = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=False))
    )
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def report_size(entry: dict) -> str:
    d, st, fl, cli = entry["draft"], entry["stages"], entry["floors"], entry["cli"]
    facts = st["_facts"]
    lines = [
        f"== {d['size']:,} measures, {d['files']} files, {d['bytes'] / 1e6:.1f} MB of YAML "
        f"({d['profile']} profile); {facts['findings']:,} findings, exit {facts['exit_code']} ==",
        "",
    ]
    rows = [[name, ms(st[name]["seconds"]), mb(st[name].get("peak_bytes"))] for name in STAGES]
    total = sum(st[name]["seconds"] for name in STAGES)
    rows.append(["sum of stages", ms(total), ""])
    rows.append(
        ["(load_draft)", ms(st["load_draft"]["seconds"]), mb(st["load_draft"].get("peak_bytes"))]
    )
    rows.append(
        ["(run_check)", ms(st["run_check"]["seconds"]), mb(st["run_check"].get("peak_bytes"))]
    )
    lines.append(table(["in-process stage", "wall", "peak (tracemalloc)"], rows))
    lines.append("")
    y, j = fl["yaml-csafeloader"]["seconds"], fl["json-loads"]["seconds"]
    rows = []
    for name in ("cold", "warm", "one file edited", "no-cache"):
        if name in cli:
            t = cli[name]["seconds"]
            rows.append(
                [
                    f"CLI {name}",
                    ms(t),
                    mb(cli[name]["max_rss_bytes"]),
                    ratio(t, y),
                    ratio(t, j),
                ]
            )
    rows.append(["floor: yaml CSafeLoader", ms(y), "", "1.0x", ratio(y, j)])
    rows.append(["floor: json.loads", ms(j), "", f"{j / y:.2f}x", "1x"])
    lines.append(table(["end to end", "wall", "max RSS", "/ yaml floor", "/ json floor"], rows))
    lines.append(f"(cache directory after a run: {'yes' if cli['cache_dir'] else 'none'})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--keep", action="store_true", help="keep drafts generated by this run")
    parser.add_argument("--profile", choices=sorted(generate.PROFILES), default="sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument(
        "--impacts-only",
        action="store_true",
        help="only the impact pre-assessment: cold check with and without impacts, the SA60x "
        "rules, analyse and impacts --format json",
    )
    parser.add_argument(
        "--no-stages",
        action="store_true",
        help="skip the in-process stages with and without impacts (parse, validate, rules …)",
    )
    args = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    started = dt.datetime.now()
    results = run_facts(started, args)
    print(
        f"seta-align benchmark {results['date']}  Python {results['python']}  {results['platform']}"
    )
    if not args.impacts_only:
        results["startup"] = startup()
        rows = [
            [name, ms(v["seconds"]), mb(v["max_rss_bytes"]), f"median of {v['runs']}"]
            for name, v in results["startup"].items()
        ]
        print()
        print(table(["subprocess", "wall", "max RSS", ""], rows))
    for size in args.sizes:
        folder, info, fresh = ensure_draft(size, args.profile, args.seed)
        entry = {"draft": info, "path": str(folder)}
        if not args.impacts_only:
            entry["stages"] = in_process(folder, args.repeat, not args.no_memory)
            entry["floors"] = floors(folder, args.repeat)
            entry["cli"] = cli_runs(folder, args.repeat)
            print()
            print(report_size(entry), flush=True)
        bare, bare_info, bare_fresh = ensure_draft(size, args.profile, args.seed, impacts=False)
        entry["bare draft"] = bare_info
        entry["impacts"] = {
            "in-process": impact_in_process(folder, args.repeat),
            "cli": impact_cli(folder, bare, args.repeat),
        }
        if not args.no_stages:  # where the extra time of a check with impacts goes
            entry["impacts"]["stages"] = {
                "without": in_process(bare, args.repeat, memory=False),
                "with": entry.get("stages") or in_process(folder, args.repeat, memory=False),
            }
        results["sizes"].append(entry)
        print()
        print(report_impacts(entry), flush=True)
        for made, path in ((fresh, folder), (bare_fresh, bare)):
            if made and not args.keep:
                shutil.rmtree(path)
    print()
    print(report_linearity(results["sizes"]))
    out = OUT / f"results-{started:%Y-%m-%d}.json"
    if out.exists():  # several runs on one day: keep the other sizes, profiles and parts
        earlier = json.loads(out.read_text())
        merged = {(e["draft"]["size"], e["draft"]["profile"]): e for e in earlier.get("sizes", [])}
        for e in results["sizes"]:
            key = (e["draft"]["size"], e["draft"]["profile"])
            merged[key] = {**merged.get(key, {}), **e}
        results["sizes"] = sorted(
            merged.values(), key=lambda e: (e["draft"]["profile"], e["draft"]["size"])
        )
        results["startup"] = results.get("startup") or earlier.get("startup")
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    elapsed = (dt.datetime.now() - started).total_seconds()
    print(f"\nwritten {out.relative_to(ROOT)} after {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
