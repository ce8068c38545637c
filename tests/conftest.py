"""Helpers: every test runs the real CLI on real files under tests/fixtures/."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from seta_align.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DRAFTS = FIXTURES / "drafts"
CONFIGS = FIXTURES / "configs"
MINI_FRAMEWORK = FIXTURES / "framework" / "mini.yaml"
CLEAN = DRAFTS / "clean"


# The parse cache is on in the tests (so it is exercised), in one folder for the whole run.
CACHE_DIR = tempfile.mkdtemp(prefix="seta-align-test-cache-")


def run_cli(*args: object, env: dict[str, str] | None = None):
    runner = CliRunner()
    environment = {"SETA_ALIGN_LANG": "ja", "COLUMNS": "200"} if env is None else dict(env)
    environment.setdefault("SETA_ALIGN_CACHE_DIR", CACHE_DIR)
    return runner.invoke(app, [str(a) for a in args], env=environment)


def check_json(*args: object) -> tuple[int, dict]:
    """Run ``check --format json`` and return the exit code and the parsed document."""
    result = run_cli("check", *args, "--format", "json")
    assert result.output.strip(), result.output
    return result.exit_code, json.loads(result.stdout)


def codes(document: dict) -> list[str]:
    return [finding["code"] for finding in document["findings"]]


def findings_of(document: dict, code: str) -> list[dict]:
    return [finding for finding in document["findings"] if finding["code"] == code]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch):
    """Every test runs as on a developer's machine, also when the suite itself runs in CI:
    under ``CI`` a check that falls back to the bundled sample is refused (tests that test
    exactly that set ``CI`` themselves)."""
    monkeypatch.delenv("CI", raising=False)


def run_in_terminal(*args: object, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the real console script with standard output on a pseudo-terminal (as a person
    at a terminal would), and return its exit code and everything it showed."""
    import os
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    environment = {**os.environ, "SETA_ALIGN_LANG": "ja", "SETA_ALIGN_CACHE_DIR": CACHE_DIR}
    environment.update(env or {})
    process = subprocess.Popen(
        [sys.executable, "-c", "from seta_align.cli import main; main()", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
        env=environment,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = process.wait(timeout=120)
    os.close(primary)
    return code, b"".join(chunks).decode("utf-8", "replace")


def gfm_cells(line: str) -> list[str]:
    """Split a GFM table row on its unescaped pipes, as GitHub does."""
    cells, current, index = [], "", 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            current += line[index : index + 2]
            index += 2
            continue
        if char == "|":
            cells.append(current)
            current = ""
        else:
            current += char
        index += 1
    cells.append(current)
    return [cell.strip() for cell in cells[1:-1]]


def modules_imported(
    project: Path,
    cache: Path,
    modules: tuple[str, ...],
    *args: str,
    allowed_exit_codes: tuple[int, ...] = (0, 1),
    **env: str,
) -> set[str]:
    """Which of ``modules`` the command imported, run as its own process in ``project``
    (a module imported is start-up paid: a fresh interpreter shows what the command needs)."""
    import os
    import subprocess
    import sys

    code = (
        "import atexit, sys\n"
        "modules = sys.argv[1:]\n"
        "atexit.register(lambda: print('imported:', *(m for m in modules if m in sys.modules),"
        " file=sys.stderr))\n"
        "from seta_align.cli import main\n"
        f"sys.argv = ['seta-align', *{list(args)!r}]\n"
        "main()\n"
    )
    environment = {
        **os.environ,
        "SETA_ALIGN_CACHE_DIR": str(cache),
        "SETA_ALIGN_LANG": "en",
        "PYTHONPATH": str(ROOT / "src"),
        **env,
    }
    environment.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *modules],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in allowed_exit_codes, done.stderr
    (last,) = [line for line in done.stderr.splitlines() if line.startswith("imported:")]
    return set(last.split()[1:])


# What each kind of parse-cache entry holds at its top level (loading/*: to_json).
_ENTRY_KINDS = {
    "measures": {"problems", "paths", "measures", "positions", "salvaged", "id_only", "complete"},
    "results": {
        "name", "records", "notes", "problems", "unread", "evaluations", "unread_evaluations",
        "unread_whole",
    },
    "config": {"config", "positions", "lines", "problems", "left_out"},
    "framework": {
        "display_name", "name", "name_en", "plan_period", "fields", "frameworks", "nodes",
        "relations", "digests",
    },
    "interactions": {
        "file", "items", "positions", "note", "digest", "problems", "unread", "kept"
    },
    "indicators": {
        "file", "items", "note", "notes", "digest", "problems", "unreadable", "unreadable_on",
        "unread_whole",
    },
}


def cache_entries(folder: Path) -> dict[str, set[Path]]:
    """The parse cache's entries in ``folder`` by what they hold: a measure file, a results
    file, the config, the framework, the interactions, the indicators, or an analysis saved
    for the views (``analysis``: anything else)."""
    import json

    found: dict[str, set[Path]] = {kind: set() for kind in [*_ENTRY_KINDS, "analysis"]}
    for entry in folder.glob("??/*.json"):
        payload = json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])
        keys = set(payload) if isinstance(payload, dict) else set()
        kind = next((k for k, expected in _ENTRY_KINDS.items() if keys == expected), "analysis")
        found[kind].add(entry)
    return found
