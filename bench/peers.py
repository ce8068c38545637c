"""seta-align against two peer tools, Doorstop and StrictDoc, on one corpus given to each tool in
its own native form (issue: "Plain 20k corpus: on the same data, ≥ 10× faster than Doorstop 3.2
(`doorstop --no-reformat`) and StrictDoc 0.30 (`export --formats json`)").

```sh
.venv/bin/python bench/peers.py --size 2000 --repeat 1        # a quick look, ~20 s
.venv/bin/python bench/peers.py --keep                         # the issue's 20k, 3 runs each
.venv/bin/python bench/peers.py --tools seta-align strictdoc   # a subset
.venv/bin/python bench/peers.py --seta-rev 53c3518 --keep      # another commit's seta-align
```

The corpus (deterministic for ``--size`` and ``--seed``): the 269 nodes of seta-align's
bundled framework (``data/policies.yaml`` and ``data/sdgs.yaml``, read by ``bench/generate.py``)
and SIZE measures of the eleven departments of ``generate.py``, each with an id, a Japanese title
from ``generate.py``'s pools, an owner, a field, and 1–5 links to framework nodes (2.5 on average,
never a node together with its ancestor); exactly 2 % of the measures link nothing. 20,000
measures give about 49,000 links. Each tool gets it in its own form, each form a git repository
of its own, as a team would keep it:

- ``seta-align/measures/<department>.yaml``: one YAML file per owner, no config (the bundled
  framework and default settings); ``seta-align check measures --format json``.
- ``doorstop/``: a document ``FW`` (``framework/``) with one item per framework node and one
  child document per owner (prefix = the measures' id prefix, ``ECON-00001.yml``), one file per
  item, links from each measure item to ``FW-NNN`` items. The items are written as Doorstop
  leaves them after a review (reviewed and link stamps set, by Doorstop's own API): with
  ``reviewed: null`` its first validation reviews every item and rewrites and ``git add``s each
  file, so a run would not be the steady state a real tree is in. ``doorstop --no-reformat``.
- ``strictdoc/``: ``framework.sdoc`` (one ``[[SECTION]]`` per framework, one ``[REQUIREMENT]``
  per node, UID = the node id) and one ``<department>.sdoc`` per owner, one ``[REQUIREMENT]``
  per measure with ``RELATIONS: - TYPE: Parent``. ``strictdoc export . --formats json``.

The work is not the same, and the figures are not adjusted for it: seta-align also runs its
rules (coverage, and SA401 "no KPI" on every measure, since the corpus has none: a JSON report
with one finding or more a measure), Doorstop validates the whole tree (links, levels, review
and link stamps, links from each child document), StrictDoc builds its traceability index and
writes the JSON.

How it stays fair:

- **In turn.** Each repetition runs every tool once (seta-align, Doorstop, StrictDoc, then
  again), so that a machine that warms up or gets busy weighs on all; the median is reported.
- **Cold.** Before every run the tool's caches are removed: seta-align's ``.seta-align-cache``,
  StrictDoc's output folder (which holds its parse cache, ``_cache/``), and every tool gets an
  empty ``TMPDIR`` of its own. Doorstop keeps no cache between runs.
- **Same output duty.** Each tool's standard output and error go to files, as StrictDoc's JSON
  does; seta-align's JSON report is written in full.
- **Memory.** The peak resident set from ``os.wait4`` (as ``compare.py``): the largest process
  of the tool's tree that was waited for, not the sum of processes running at once (seta-align
  and StrictDoc can read files in worker processes). CPU seconds (user + system, waited-for
  children included) are reported too: on 2 cores a tool's parallel share shows there.
- **Did the work.** Exit codes are printed; a tool that fails did less work and is flagged. After
  the timed runs the outputs are checked (seta-align: measures and links in its summary;
  Doorstop: one "no links to parent document" warning per unlinked measure; StrictDoc:
  requirements and relations in its JSON), no tool may have changed its input, and one link is
  broken in a copy of each form (``--no-break-check`` skips this): each tool must name it.

seta-align is ``.venv/bin/seta-align``, an editable install: it runs ``src/`` as it is at that
moment, edits in progress included (the run says so when ``src/`` or ``data/`` changed while
it went on). ``--seta-rev REV`` runs a commit as it is, from a worktree as ``compare.py`` does.

Doorstop and StrictDoc are installed into ``bench/out/peers-venv`` (made when missing): the
newest 3.2.x and 0.30.x that pip offers, else the nearest release, said loudly. The table goes
to stdout, everything to ``bench/out/peers-<time>.json``. The corpus is written to
``bench/out/peers-corpus-<size>-seed<N>/``, reused when present and still what this script and
``generate.py`` would write; a corpus the run made is deleted at its end unless ``--keep``, and
so is ``bench/out/peers-run-<time>/`` (the last run's outputs, the broken copies' logs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
VENV = OUT / "peers-venv"
SETA_ALIGN = ROOT / ".venv" / "bin" / "seta-align"

sys.path.insert(0, str(HERE))
import compare  # noqa: E402  (bench/ is not a package: its scripts import each other by path)
import generate  # noqa: E402

TOOLS = ("seta-align", "doorstop", "strictdoc")
# The releases the issue names: the newest of each series that pip offers.
PEER_SERIES = {"doorstop": "3.2", "strictdoc": "0.30"}
TARGET_RATIO = 10  # the issue: seta-align at least 10× faster than each peer …
TARGET_SIZE = 20000  # … on the plain 20k corpus

UNLINKED_SHARE = 0.02
# Links per linked measure (1–5): mean 2.51, so 98 % linked measures give 2.46 a measure and
# 20,000 measures about 49,000 links, as the peer corpus has.
LINK_COUNT_WEIGHTS = {1: 24, 2: 30, 3: 25, 4: 13, 5: 8}
# A node id that no framework has (the SDGs have 17 goals): the link broken in the check copies.
BROKEN_NODE = "SDG-18.1"


# --- The corpus ---------------------------------------------------------------------------------


@dataclass
class Measure:
    id: str
    title: str
    owner: str
    slug: str  # the department's file and folder name
    prefix: str
    field_id: str
    links: list[str]


@dataclass
class Corpus:
    nodes: list[dict]  # generate.py's node dicts, in the framework files' order
    measures: list[Measure]
    owners: list[tuple[str, str, str]] = field(default_factory=list)  # (slug, owner, prefix)

    def by_owner(self) -> dict[str, list[Measure]]:
        grouped: dict[str, list[Measure]] = {slug: [] for slug, _, _ in self.owners}
        for measure in self.measures:
            grouped[measure.slug].append(measure)
        return grouped


def draw_corpus(size: int, seed: int) -> Corpus:
    gen = generate.Generator(seed, (0, 0), lean=True, impacts=False)
    rng = gen.rng
    nodes = list(gen.by_id.values())  # in the framework files' order
    departments = generate.DEPARTMENTS
    unlinked = set(rng.sample(range(size), round(size * UNLINKED_SHARE)))
    serial: Counter[str] = Counter()
    measures = []
    for index in range(size):
        slug, owner, prefix, field_weights, _weight, _sections = rng.choices(
            departments, [d[4] for d in departments]
        )[0]
        serial[prefix] += 1
        field_id = rng.choices(list(field_weights), list(field_weights.values()))[0]
        title, _title_en = gen.title(field_id)
        count = 0
        if index not in unlinked:
            count = rng.choices(list(LINK_COUNT_WEIGHTS), list(LINK_COUNT_WEIGHTS.values()))[0]
        # Drawn as generate.py draws supports: no redundant link, which seta-align would
        # report and its peers have no notion of.
        links = gen.nodes_for(field_id, count, rng) if count else []
        measures.append(
            Measure(
                f"{prefix}-{serial[prefix]:05d}",
                _one_line(title),
                owner,
                slug,
                prefix,
                field_id,
                links,
            )
        )
    owners = [(d[0], d[1], d[2]) for d in departments if serial[d[2]]]
    measures.sort(key=lambda m: ([o[0] for o in owners].index(m.slug), m.id))
    return Corpus(nodes, measures, owners)


def _one_line(text: str) -> str:
    # Doorstop's text is Markdown and StrictDoc's TITLE a single line that starts with a
    # non-space: one line of single spaces suits all three.
    return " ".join(text.split())


def corpus_stats(corpus: Corpus) -> dict:
    per_measure = Counter(len(m.links) for m in corpus.measures)
    links = sum(len(m.links) for m in corpus.measures)
    unlinked = per_measure.get(0, 0)
    return {
        "nodes": len(corpus.nodes),
        "nodes_by_framework": dict(Counter(n["framework"] for n in corpus.nodes)),
        "measures": len(corpus.measures),
        "owners": len(corpus.owners),
        "links": links,
        "links_per_measure": round(links / len(corpus.measures), 3),
        "links_per_linked_measure": round(links / max(1, len(corpus.measures) - unlinked), 3),
        "links_histogram": {str(k): per_measure[k] for k in sorted(per_measure)},
        "unlinked": unlinked,
        "unlinked_percent": round(100 * unlinked / len(corpus.measures), 2),
    }


def write_seta_align(place: Path, corpus: Corpus, size: int, seed: int) -> None:
    folder = place / "measures"
    folder.mkdir(parents=True)
    owners = {slug: owner for slug, owner, _ in corpus.owners}
    for slug, measures in corpus.by_owner().items():
        lines = [
            f"# {owners[slug]} 施策 — peer corpus (bench/peers.py, size {size}, seed {seed})",
            "",
        ]
        for m in measures:
            lines += [
                f"- id: {m.id}",
                f"  title: {generate.scalar(m.title)}",
                f"  owner: {m.owner}",
                f"  field: {m.field_id}",
                f"  supports: {generate.flow(m.links)}",
            ]
        (folder / f"{slug}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def _node_uids(corpus: Corpus) -> dict[str, str]:
    """Doorstop numbers its items: the framework node ids become FW-001 … FW-269."""
    return {node["id"]: f"FW-{i:03d}" for i, node in enumerate(corpus.nodes, start=1)}


def _node_levels(corpus: Corpus) -> dict[str, str]:
    """Outline levels that follow the framework's tree (1, 1.1, 1.2, 2, …)."""
    levels: dict[str, str] = {}
    children: Counter[str | None] = Counter()
    for node in corpus.nodes:
        children[node["parent"]] += 1
        number = str(children[node["parent"]])
        levels[node["id"]] = (
            number if node["parent"] is None else f"{levels[node['parent']]}.{number}"
        )
    return levels


def _doorstop_item(level: str, text: str, links: list[str], extra: dict[str, str]) -> str:
    lines = ["active: true", "derived: false", "header: ''", f"level: '{level}'"]
    lines += ["links:", *(f"- {uid}: null" for uid in links)] if links else ["links: []"]
    lines += [f"{key}: {generate.scalar(value)}" for key, value in extra.items()]
    lines += [
        "normative: true",
        "ref: ''",
        "reviewed: null",
        f"text: {json.dumps(text, ensure_ascii=False)}",
    ]
    return "\n".join(lines) + "\n"


def write_doorstop(place: Path, corpus: Corpus) -> None:
    uids = _node_uids(corpus)
    levels = _node_levels(corpus)
    framework = place / "framework"
    framework.mkdir(parents=True)
    (framework / ".doorstop.yml").write_text(
        "settings:\n  digits: 3\n  itemformat: yaml\n  prefix: FW\n  sep: '-'\n", "utf-8"
    )
    for node in corpus.nodes:
        text = _one_line(node["title"])
        item = _doorstop_item(levels[node["id"]], text, [], {"node": node["id"]})
        (framework / f"{uids[node['id']]}.yml").write_text(item, "utf-8")
    prefixes = {slug: prefix for slug, _, prefix in corpus.owners}
    for slug, measures in corpus.by_owner().items():
        document = place / slug
        document.mkdir()
        (document / ".doorstop.yml").write_text(
            "settings:\n  digits: 5\n  itemformat: yaml\n  parent: FW\n"
            f"  prefix: {prefixes[slug]}\n  sep: '-'\n",
            "utf-8",
        )
        for level, m in enumerate(measures, start=1):
            item = _doorstop_item(str(level), m.title, [uids[n] for n in m.links], {})
            (document / f"{m.id}.yml").write_text(item, "utf-8")


# Run with the peers' interpreter: Doorstop reviews every item and stamps every link, as
# `doorstop review all` and `doorstop clear all` would, without one `git add` per file.
SETTLE_DOORSTOP = """
import sys
from doorstop import settings
settings.ADDREMOVE_FILES = False
from doorstop.core import builder
tree = builder.build(cwd=sys.argv[1], root=sys.argv[1])
count = 0
for document in tree:
    for item in document:
        item.auto = False  # one save an item, after both
        item.clear()
        item.review()
        item.save()
        count += 1
print(count)
"""


def write_strictdoc(place: Path, corpus: Corpus) -> None:
    place.mkdir(parents=True)
    lines = ["[DOCUMENT]", "TITLE: 政策フレームワーク（seta-align 同梱）", ""]
    by_framework: dict[str, list[dict]] = {}
    for node in corpus.nodes:
        by_framework.setdefault(node["framework"], []).append(node)
    for framework, nodes in by_framework.items():
        # [SECTION] is refused by StrictDoc 0.30 ("no longer supported"): [[SECTION]] it is.
        lines += ["[[SECTION]]", f"TITLE: {framework}", ""]
        for node in nodes:
            lines += [
                "[REQUIREMENT]",
                f"UID: {node['id']}",
                f"TITLE: {_one_line(node['title'])}",
                "",
            ]
        lines += ["[[/SECTION]]", ""]
    (place / "framework.sdoc").write_text("\n".join(lines), "utf-8")
    owners = {slug: owner for slug, owner, _ in corpus.owners}
    for slug, measures in corpus.by_owner().items():
        lines = ["[DOCUMENT]", f"TITLE: {owners[slug]}"]
        for m in measures:
            lines += ["", "[REQUIREMENT]", f"UID: {m.id}", f"TITLE: {m.title}"]
            if m.links:
                lines.append("RELATIONS:")
                for node_id in m.links:
                    lines += ["- TYPE: Parent", f"  VALUE: {node_id}"]
        (place / f"{slug}.sdoc").write_text("\n".join(lines) + "\n", "utf-8")


def _fingerprint() -> str:
    """What the corpus is made from: this script, generate.py and the data its pools come
    from. A kept corpus made by other code is made again (any edit of this file counts: a
    stale corpus costs a regeneration, a wrong one a wrong figure)."""
    digest = hashlib.sha256()
    sources = [
        Path(__file__),
        HERE / "generate.py",
        ROOT / "data" / "policies.yaml",
        ROOT / "data" / "sdgs.yaml",
        *sorted((ROOT / "data" / "measures").glob("*.yaml")),
    ]
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _git_init(place: Path) -> None:
    # Each form is a repository of its own, as a team keeps it. Doorstop needs one (its tree's
    # root); seta-align asks git what is ignored, which should be this repository, not ours.
    subprocess.run(["git", "init", "-q", str(place)], check=True)


def prepare_corpus(
    args: argparse.Namespace, tools: list[str], peer_python: Path | None
) -> tuple[Path, dict, bool]:
    """The corpus folder with the forms ``tools`` need (made or reused), its manifest (the
    stats among them) and whether this run made it."""
    place = OUT / f"peers-corpus-{args.size}-seed{args.seed}"
    manifest_path = place / "corpus.json"
    fingerprint = _fingerprint()
    manifest: dict = {}
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("fingerprint") != fingerprint:
            print(f"{_rel(place)} was made by other code: making it again", flush=True)
            shutil.rmtree(place)
            manifest = {}
    elif place.exists():  # a run that stopped while writing it
        shutil.rmtree(place)
    missing = [tool for tool in tools if tool not in manifest.get("forms", [])]
    made_now = not manifest  # a run without --keep removes only a corpus it made
    if not missing:
        print(f"corpus: reusing {_rel(place)}", flush=True)
        return place, manifest, made_now
    started = time.perf_counter()
    corpus = draw_corpus(args.size, args.seed)
    stats = corpus_stats(corpus)
    place.mkdir(parents=True, exist_ok=True)
    for tool in missing:
        form = place / tool
        shutil.rmtree(form, ignore_errors=True)
        if tool == "seta-align":
            write_seta_align(form, corpus, args.size, args.seed)
        elif tool == "doorstop":
            write_doorstop(form, corpus)
        else:
            write_strictdoc(form, corpus)
        _git_init(form)
        if tool == "doorstop":
            assert peer_python is not None
            settled = subprocess.run(
                [str(peer_python), "-c", SETTLE_DOORSTOP, str(form)],
                cwd=form,
                check=True,
                capture_output=True,
                text=True,
            )
            items = int(settled.stdout.split()[-1])
            expected = len(corpus.nodes) + len(corpus.measures)
            assert items == expected, f"Doorstop settled {items} items, expected {expected}"
        manifest.setdefault("forms", []).append(tool)
        manifest["fingerprint"] = fingerprint
        manifest["stats"] = stats
        manifest["size"], manifest["seed"] = args.size, args.seed
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    print(
        f"corpus: wrote {', '.join(missing)} in {_rel(place)} "
        f"({time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    return place, manifest, made_now


def form_sizes(place: Path, tools: list[str]) -> dict[str, dict]:
    sizes = {}
    for tool in tools:
        files = _input_files(place / tool)
        sizes[tool] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    return sizes


def _input_files(form: Path) -> list[Path]:
    # The tool's input: everything but git's own folder and the tools' caches.
    out = []
    for folder, dirs, files in os.walk(form):
        dirs[:] = [d for d in dirs if d not in (".git", ".seta-align-cache")]
        out += [Path(folder) / name for name in files]
    return out


def snapshot(form: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(form)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in _input_files(form)
    }


# --- The peers' installation -------------------------------------------------------------------


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


def _in_series(version: str | None, series: str) -> bool:
    return version is not None and (version == series or version.startswith(series + "."))


def _pip(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "pip", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


def installed_versions(python: Path, names: list[str]) -> dict[str, str | None]:
    script = (
        "import importlib.metadata as m, json, sys\n"
        "def v(n):\n"
        "    try: return m.version(n)\n"
        "    except m.PackageNotFoundError: return None\n"
        "print(json.dumps({n: v(n) for n in sys.argv[1:]}))"
    )
    done = subprocess.run(
        [str(python), "-c", script, *names], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def _choose(name: str, series: str) -> str:
    """The newest release of ``series`` that pip offers, else the nearest one (said)."""
    answer = _pip("index", "versions", name)
    match = re.search(r"Available versions: (.+)", answer.stdout)
    if not match:
        raise SystemExit(f"pip offers no version of {name}:\n{answer.stdout}{answer.stderr}")
    offered = [v.strip() for v in match.group(1).split(",")]
    in_series = [v for v in offered if _in_series(v, series)]
    if in_series:
        return max(in_series, key=_version_key)
    wanted = _version_key(series)
    older = [v for v in offered if _version_key(v) < wanted]
    chosen = max(older, key=_version_key) if older else min(offered, key=_version_key)
    print(f"!!! {name} {series} is not offered by pip: using {chosen}, the nearest", flush=True)
    return chosen


def ensure_peers(names: list[str]) -> dict[str, str]:
    """Doorstop and StrictDoc in ``bench/out/peers-venv`` (made when missing): their versions."""
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"making {_rel(VENV)} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    versions = installed_versions(python, names)
    wrong = [n for n in names if not _in_series(versions[n], PEER_SERIES[n])]
    if wrong:
        pins = [f"{n}=={_choose(n, PEER_SERIES[n])}" for n in wrong]
        print(f"installing {' '.join(pins)} into {_rel(VENV)} …", flush=True)
        done = _pip("install", "--quiet", *pins)
        if done.returncode:
            raise SystemExit(f"pip install failed:\n{done.stdout}{done.stderr}")
        versions = installed_versions(python, names)
    for name in names:
        if not _in_series(versions[name], PEER_SERIES[name]):
            print(
                f"!!! {name} {versions[name]} is not of the {PEER_SERIES[name]} series", flush=True
            )
    return {name: str(versions[name]) for name in names}


# --- Running the tools -------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    version: str
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    cold: list[Path]  # removed before every run: the tool's caches and its output folder
    form: Path
    runs: list[dict] = field(default_factory=list)


def _environment(extra: dict[str, str]) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "CI", "SETA_ALIGN_NO_CACHE")
    }
    return {**environment, **extra}


def make_tools(
    place: Path, scratch: Path, names: list[str], versions: dict[str, str], seta_rev: str | None
) -> list[Tool]:
    tools = []
    for name in names:
        form = place / name
        tmp = scratch / f"tmp-{name}"
        env = {"TMPDIR": str(tmp)}
        if name == "seta-align":
            cache = form / ".seta-align-cache"
            arguments = ["check", "measures", "--format", "json"]
            if seta_rev:
                _sha, tree = compare.worktree(seta_rev)
                argv = [sys.executable, "-c", compare.RUNNER, *arguments]
                env["PYTHONPATH"] = str(tree / "src")
            else:
                argv = [str(SETA_ALIGN), *arguments]
                compare.compile_sources(ROOT / "src")  # as the installed peers are
            # Named rather than found, so that the cache removed is surely the one used.
            env |= {"SETA_ALIGN_CACHE_DIR": str(cache), "SETA_ALIGN_LANG": "ja"}
            tools.append(
                Tool(name, versions[name], argv, form, _environment(env), [cache, tmp], form)
            )
        elif name == "doorstop":
            argv = [str(VENV / "bin" / "doorstop"), "--no-reformat"]
            tools.append(Tool(name, versions[name], argv, form, _environment(env), [tmp], form))
        else:
            output = scratch / "strictdoc-out"
            argv = [
                str(VENV / "bin" / "strictdoc"),
                "export",
                ".",
                "--formats",
                "json",
                "--output-dir",
                str(output),
            ]
            tools.append(
                Tool(name, versions[name], argv, form, _environment(env), [output, tmp], form)
            )
    return tools


def run_once(tool: Tool, stdout: Path, stderr: Path) -> dict:
    """One cold run: wall seconds, CPU seconds, peak RSS in bytes and the exit code."""
    for path in tool.cold:
        shutil.rmtree(path, ignore_errors=True)
    Path(tool.env["TMPDIR"]).mkdir(parents=True, exist_ok=True)
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            tool.argv, cwd=tool.cwd, env=tool.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code  # reaped here: Popen must not wait for it again
    return {
        "wall_s": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_bytes": usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024),
        "exit_code": code,
    }


# What a tool's clean run must exit with: seta-align 1 means findings (the 2 % unlinked
# measures), which is its normal answer on this corpus; 2 would mean it refused the input.
CLEAN_EXITS = {"seta-align": {0, 1}, "doorstop": {0}, "strictdoc": {0}}


def check_outputs(tool: Tool, stdout: Path, stderr: Path, scratch: Path, stats: dict) -> dict:
    """What the last run's output shows the tool read: counts against the corpus's."""
    found: dict = {}
    problems: list[str] = []
    if tool.name == "seta-align":
        try:
            report = json.loads(stdout.read_text("utf-8"))
        except ValueError as error:
            return {"ok": False, "problems": [f"no JSON report ({error})"]}
        summary = report.get("summary", {})
        found = {
            "measures": summary.get("measures"),
            "links": summary.get("links"),
            "findings_by_code": dict(Counter(f["code"] for f in report.get("findings", []))),
            "framework_nodes": len(report.get("coverage", {}).get("nodes", [])),
        }
        if found["measures"] != stats["measures"]:
            problems.append(
                f"{found['measures']} measures in the summary, {stats['measures']} written"
            )
        if found["framework_nodes"] != stats["nodes"]:
            problems.append(
                f"{found['framework_nodes']} framework nodes in its coverage, {stats['nodes']} "
                "in the other forms: another framework than the bundled one?"
            )
        if found["links"] != stats["links"]:
            problems.append(f"{found['links']} links in the summary, {stats['links']} written")
    elif tool.name == "doorstop":
        text = stderr.read_text("utf-8", errors="replace")
        unlinked = len(re.findall(r"no links to parent document", text))
        found = {
            "no_links_to_parent_warnings": unlinked,
            "errors": len(re.findall(r"^ERROR", text, re.M)),
            "tree_printed": "FW" in stdout.read_text("utf-8", errors="replace"),
        }
        if unlinked != stats["unlinked"]:
            problems.append(
                f"{unlinked} 'no links to parent document' warnings, "
                f"{stats['unlinked']} unlinked measures written"
            )
    else:
        index = scratch / "strictdoc-out" / "json" / "index.json"
        if not index.is_file():
            return {"ok": False, "problems": [f"no {index.name} written"]}
        requirements = relations = 0
        stack = list(json.loads(index.read_text("utf-8")).get("DOCUMENTS", []))
        while stack:
            node = stack.pop()
            if node.get("_NODE_TYPE") == "REQUIREMENT":
                requirements += 1
                relations += sum(r.get("TYPE") == "Parent" for r in node.get("RELATIONS", []))
            stack += node.get("NODES", [])
        found = {"requirements": requirements, "parent_relations": relations}
        if requirements != stats["measures"] + stats["nodes"]:
            problems.append(
                f"{requirements} requirements in the JSON, "
                f"{stats['measures'] + stats['nodes']} written"
            )
        if relations != stats["links"]:
            problems.append(f"{relations} parent relations in the JSON, {stats['links']} written")
    return {"ok": not problems, "problems": problems, **found}


# How one link is broken in each form's copy, and the name each tool must then say.
def _replace_first_link(paths: list[Path], pattern: str, replacement: str) -> None:
    """Replace the first match of ``pattern`` (a link) in the first of ``paths`` that has one."""
    for path in paths:
        text = path.read_text("utf-8")
        changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
        if changed != text:
            path.write_text(changed, "utf-8")
            return
    raise AssertionError("no measure with a link")


def _break_seta_align(form: Path, node_count: int) -> str:
    paths = sorted((form / "measures").glob("*.yaml"))
    _replace_first_link(paths, r"^(  supports: \[)[^,\]]+", rf"\g<1>{BROKEN_NODE}")
    return BROKEN_NODE


def _break_doorstop(form: Path, node_count: int) -> str:
    missing = f"FW-{node_count + 1:03d}"  # one past the last framework item
    paths = [p for p in sorted(form.glob("*/*.yml")) if p.parent.name != "framework"]
    _replace_first_link(paths, r"^- FW-\d+:", f"- {missing}:")
    return missing


def _break_strictdoc(form: Path, node_count: int) -> str:
    paths = [p for p in sorted(form.glob("*.sdoc")) if p.name != "framework.sdoc"]
    _replace_first_link(paths, r"^  VALUE: .+$", f"  VALUE: {BROKEN_NODE}")
    return BROKEN_NODE


BREAKERS = {
    "seta-align": _break_seta_align,
    "doorstop": _break_doorstop,
    "strictdoc": _break_strictdoc,
}


def break_check(tool: Tool, scratch: Path, stats: dict, clean_exit: int) -> dict:
    """Run the tool once on a copy of its form with one link to a node that does not exist:
    it must say so (name the node) — proof that it resolves links rather than just reading."""
    copy = scratch / f"broken-{tool.name}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(tool.form, copy, ignore=shutil.ignore_patterns(".seta-align-cache"))
    missing = BREAKERS[tool.name](copy, stats["nodes"])
    # The commands name their input relative to the form, so run in the copy they read it.
    environment = {**tool.env}
    if tool.name == "seta-align":
        environment["SETA_ALIGN_CACHE_DIR"] = str(copy / ".seta-align-cache")
    broken = Tool(tool.name, tool.version, tool.argv, copy, environment, tool.cold, copy)
    stdout, stderr = scratch / f"broken-{tool.name}.out", scratch / f"broken-{tool.name}.err"
    run = run_once(broken, stdout, stderr)
    said = stdout.read_text("utf-8", errors="replace") + stderr.read_text("utf-8", errors="replace")
    evidence = ""
    if tool.name == "seta-align":
        try:
            findings = json.loads(stdout.read_text("utf-8")).get("findings", [])
        except ValueError:
            findings = []
        naming = [f for f in findings if missing in (f.get("message") or "")]
        noticed = bool(naming)
        evidence = f"{naming[0]['code']}: {naming[0]['message']}" if naming else ""
    else:
        lines = [line for line in said.splitlines() if missing in line]
        noticed = bool(lines) and run["exit_code"] != clean_exit
        evidence = lines[0].strip() if lines else ""
    shutil.rmtree(copy, ignore_errors=True)
    return {
        "broken_link_to": missing,
        "exit_code": run["exit_code"],
        "clean_exit_code": clean_exit,
        "noticed": noticed,
        "evidence": evidence[:300],
    }


# --- The report --------------------------------------------------------------------------------


def _stderr(scratch: Path, tool: Tool, repetition: int) -> Path:
    # Every run's errors are kept (a failed run's among them); stdout only the last run's.
    return scratch / f"{tool.name}-run{repetition + 1}.err"


def summarise(tool: Tool) -> dict:
    walls = [r["wall_s"] for r in tool.runs]
    return {
        "tool": tool.name,
        "version": tool.version,
        "command": tool.argv,
        "cwd": str(tool.cwd),
        "env": {
            k: v
            for k, v in tool.env.items()
            if k.startswith(("SETA_ALIGN", "PYTHONPATH", "TMPDIR"))
        },
        "median_wall_s": statistics.median(walls),
        "min_wall_s": min(walls),
        "max_wall_s": max(walls),
        "median_cpu_s": statistics.median(r["cpu_s"] for r in tool.runs),
        "peak_bytes": max(r["peak_bytes"] for r in tool.runs),
        "exit_codes": sorted({r["exit_code"] for r in tool.runs}),
        "runs": tool.runs,
    }


def print_table(rows: list[dict], stats: dict, repeat: int, size: int) -> None:
    print()
    print(
        f"{stats['measures']:,} measures ({stats['owners']} owners), {stats['nodes']} framework "
        f"nodes, {stats['links']:,} links ({stats['links_per_measure']} a measure), "
        f"{stats['unlinked']} unlinked ({stats['unlinked_percent']} %); cold, median of "
        f"{repeat} run{'s' if repeat > 1 else ''} in turn"
    )
    base = next((r for r in rows if r["tool"] == "seta-align"), None)
    print(
        f"{'tool':<11} {'version':<26} {'wall s':>8} {'min–max':>13} {'CPU s':>7} {'peak MB':>8} "
        f"{'× seta-align':>12}  exit"
    )
    for row in rows:
        ratio = row["median_wall_s"] / base["median_wall_s"] if base else None
        row["ratio_to_seta_align"] = ratio
        print(
            f"{row['tool']:<11} {row['version'][:26]:<26} {row['median_wall_s']:>8.2f} "
            f"{row['min_wall_s']:>6.2f}–{row['max_wall_s']:<6.2f} {row['median_cpu_s']:>7.2f} "
            f"{row['peak_bytes'] / 2**20:>8.0f} {'' if ratio is None else f'{ratio:.2f}':>12}  "
            f"{','.join(map(str, row['exit_codes']))}"
        )
    print()
    for row in rows:
        print(
            f"{row['tool']}: (cd {_rel(Path(row['cwd']))} && {_shown_env(row)}"
            f"{shlex.join(row['command'])})"
        )
    if base:
        print()
        for row in rows:
            if row is base:
                continue
            verdict = "met" if row["ratio_to_seta_align"] >= TARGET_RATIO else "NOT met"
            if size != TARGET_SIZE:
                verdict += f"; the target is for {TARGET_SIZE:,} measures"
            print(
                f"seta-align is {row['ratio_to_seta_align']:.1f}× faster than {row['tool']} "
                f"(target ≥ {TARGET_RATIO}×: {verdict})"
            )


def _shown_env(row: dict) -> str:
    # The one variable that changes what runs (--seta-rev); the caches' and TMPDIR's are
    # scratch places.
    path = row["env"].get("PYTHONPATH")
    return f"PYTHONPATH={shlex.quote(path)} " if path else ""


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _seta_version(seta_rev: str | None) -> str:
    if seta_rev:
        sha, _tree = compare.worktree(seta_rev)
        return f"{seta_rev} ({sha[:10]})"
    said = subprocess.run(
        [str(SETA_ALIGN), "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    head = _git("rev-parse", "--short", "HEAD")
    # The venv's seta-align is an editable install: it runs src/ (and the bundled framework in
    # data/) as they are now, uncommitted edits included.
    edited = _git("status", "--porcelain", "--", "src", "data")
    return f"{said} {head}{'+edits' if edited else ''}"


def _code_state() -> str:
    """A digest of the code the editable install runs: HEAD and the edits of src/ and data/
    (another engineer's edits land there while a benchmark runs, and can break it)."""
    digest = hashlib.sha256()
    for arguments in (
        ("rev-parse", "HEAD"),
        ("diff", "HEAD", "--", "src", "data"),
        ("ls-files", "--others", "--exclude-standard", "--", "src", "data"),
    ):
        digest.update(_git(*arguments).encode())
    return digest.hexdigest()


def _git(*arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", type=int, default=TARGET_SIZE, help=f"measures (default {TARGET_SIZE})"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool (median)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the corpus in bench/out/peers-corpus-<size>-seed<N>/",
    )
    parser.add_argument("--tools", nargs="+", choices=TOOLS, default=list(TOOLS))
    parser.add_argument(
        "--seta-rev",
        metavar="REV",
        help="run seta-align from this commit's src (a worktree, as compare.py)",
    )
    parser.add_argument(
        "--no-break-check", action="store_true", help="skip the runs on copies with one broken link"
    )
    args = parser.parse_args(argv)
    if args.size < 1 or args.repeat < 1:
        parser.error("--size and --repeat must be at least 1")
    tools_named = [t for t in TOOLS if t in args.tools]  # always in the same order
    peers = [t for t in tools_named if t != "seta-align"]
    started = time.strftime("%Y%m%d-%H%M%S")

    versions = ensure_peers(peers) if peers else {}
    if "seta-align" in tools_named:
        versions["seta-align"] = _seta_version(args.seta_rev)
    for name in tools_named:
        print(f"{name}: {versions[name]}")
    place, manifest, made_now = prepare_corpus(
        args, tools_named, VENV / "bin" / "python" if peers else None
    )
    stats = manifest["stats"]
    print(
        f"corpus: {stats['nodes']} nodes {stats['nodes_by_framework']}, {stats['measures']:,} "
        f"measures, {stats['links']:,} links (per linked measure {stats['links_per_linked_measure']}; "
        f"{stats['links_histogram']}), {stats['unlinked']} unlinked ({stats['unlinked_percent']} %)"
    )
    sizes = form_sizes(place, tools_named)
    for name, size in sizes.items():
        print(f"  {name}: {size['files']:,} files, {size['bytes'] / 1e6:.1f} MB")

    scratch = OUT / f"peers-run-{started}"
    scratch.mkdir(parents=True)
    tools = make_tools(place, scratch, tools_named, versions, args.seta_rev)
    before = {tool.name: snapshot(tool.form) for tool in tools}
    code_before = None if args.seta_rev or "seta-align" not in tools_named else _code_state()
    problems: list[str] = []
    try:
        for repetition in range(args.repeat):
            for tool in tools:
                run = run_once(
                    tool, scratch / f"{tool.name}.out", _stderr(scratch, tool, repetition)
                )
                tool.runs.append(run)
                print(
                    f"  run {repetition + 1}/{args.repeat} {tool.name:<10} {run['wall_s']:7.2f} s "
                    f"{run['peak_bytes'] / 2**20:6.0f} MB  exit {run['exit_code']}",
                    flush=True,
                )
        rows = [summarise(tool) for tool in tools]
        print_table(rows, stats, args.repeat, args.size)
        if code_before is not None and _code_state() != code_before:
            problems.append(
                "src/ or data/ changed while the runs went on: not every seta-align run ran the "
                "same code (--seta-rev REV runs a commit as it is)"
            )

        print()
        for tool, row in zip(tools, rows, strict=True):
            failed = [
                n
                for n, run in enumerate(tool.runs)
                if run["exit_code"] not in CLEAN_EXITS[tool.name]
            ]
            if failed:
                codes = sorted({tool.runs[n]["exit_code"] for n in failed})
                problems.append(
                    f"{tool.name} exited {codes} in {len(failed)} of {len(tool.runs)} runs: it "
                    f"failed, so it did less work (see {_rel(_stderr(scratch, tool, failed[0]))})"
                )
            last = len(tool.runs) - 1
            row["outputs"] = check_outputs(
                tool, scratch / f"{tool.name}.out", _stderr(scratch, tool, last), scratch, stats
            )
            problems += [f"{tool.name}: {p}" for p in row["outputs"]["problems"]]
            if snapshot(tool.form) != before[tool.name]:
                problems.append(
                    f"{tool.name} changed its input files: the runs did not all do the same work"
                )
            shown = {k: v for k, v in row["outputs"].items() if k not in ("ok", "problems")}
            print(f"{tool.name} output: {'ok' if row['outputs']['ok'] else 'WRONG'} {shown}")
            if not args.no_break_check:
                clean_exit = row["runs"][-1]["exit_code"]
                row["break_check"] = break_check(tool, scratch, stats, clean_exit)
                check = row["break_check"]
                print(
                    f"{tool.name} with a link to {check['broken_link_to']}: exit "
                    f"{check['exit_code']} (clean {check['clean_exit_code']}), "
                    f"{'noticed' if check['noticed'] else 'DID NOT NOTICE'}: {check['evidence']}"
                )
                if not check["noticed"]:
                    problems.append(f"{tool.name} did not notice a link to a missing node")
    finally:
        # Kept when something went wrong: the problems below point at its logs.
        if not args.keep and not problems:
            shutil.rmtree(scratch, ignore_errors=True)
    if problems:
        print()
        print("!" * 78)
        for problem in problems:
            print(f"!!! {problem}")
        print("!!! the figures above do not compare like with like until these are fixed")
        print("!" * 78)

    result = {
        "time": started,
        "corpus": {
            "folder": str(place),
            "size": args.size,
            "seed": args.seed,
            **stats,
            "forms": sizes,
        },
        "repeat": args.repeat,
        "seta_rev": args.seta_rev,
        "machine": {
            "python": platform.python_version(),
            "system": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "tools": rows,
        "problems": problems,
    }
    target = OUT / f"peers-{started}.json"
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
    print(f"-> {_rel(target)}")
    if not args.keep and made_now:
        shutil.rmtree(place, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
