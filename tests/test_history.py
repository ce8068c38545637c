"""``impacts --history``: who scored each impact and interaction, and when it last changed.

Each test copies tests/fixtures/history (two measure files and an interactions file, some
scores with assessed_by, assessed_on and source) into a folder of its own: a git repository
committed by Alice and then by Bob (who changes one score), the same with an edit not yet
committed, or a folder in no repository at all. Every git call sets its identity and dates, so
the tests pass on a machine where git knows no user.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import FIXTURES, run_cli

HISTORY = FIXTURES / "history"
ALICE = ("Alice", "a@example.org", "2025-04-01T08:00:00+09:00")  # 2025-03-31 in UTC
BOB = ("Bob", "b@example.org", "2025-06-15T10:30:00+09:00")
BOB_SUMMARY = "URBAN-01 の建設時の排出を見直す"
# The score Bob changes: URBAN-01 on SDG-13.2, −1 → −2.
CHANGED = ("URBAN-01", "SDG-13.2")


@pytest.fixture(autouse=True)
def plain_git(monkeypatch):
    """git as on a fresh machine: no user's or system's config (no identity, no signing, no
    hooks, no blame.ignoreRevsFile), and no repository named from outside (a test run from a
    git hook has GIT_DIR set)."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                 "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(repo: Path, *args: str, who: tuple[str, str, str] = ALICE) -> str:
    name, email, date = who
    identity = {
        "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date,
    }
    return subprocess.run(
        ["git", "-c", f"user.name={name}", "-c", f"user.email={email}",
         "-c", "commit.gpgsign=false", "-C", str(repo), *args],
        check=True, capture_output=True, text=True, env={**os.environ, **identity},
    ).stdout.strip()


def _project(folder: Path) -> Path:
    shutil.copytree(HISTORY, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Alice commits the fixture; Bob then changes one score and commits."""
    root = _project(tmp_path / "repo")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "--no-verify", "-m", "Scores of the first workshop")
    _edit(root / "measures" / "toshi.yaml", "score: -1\n", "score: -2\n")
    git(root, "commit", "-q", "--no-verify", "-am", BOB_SUMMARY, who=BOB)
    monkeypatch.chdir(root)
    return root


def _history(*args: object, lang: str = "ja") -> dict:
    result = run_cli("impacts", "--history", *args, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return json.loads(result.stdout)


def _by_pair(document: dict) -> dict[tuple[str, str], dict]:
    return {(s["from"], s["to"]): s for s in document["scores"]}


def test_each_score_names_the_commit_that_last_changed_it(repo):
    document = _history()
    assert document["repository"]["found"] is True
    assert document["repository"]["state"] == "found"
    scores = _by_pair(document)
    assert len(scores) == 7  # 3 + 2 impacts, 2 interactions
    bob_commit = git(repo, "rev-parse", "--short", "HEAD")
    alice_commit = git(repo, "rev-parse", "--short", "HEAD~1")
    changed = scores[CHANGED]
    assert (changed["score"], changed["status"]) == (-2, "committed")
    assert (changed["author"], changed["date"], changed["commit"]) == (
        "Bob", "2025-06-15", bob_commit,
    )
    assert changed["summary"] == BOB_SUMMARY
    assert (changed["file"], changed["line"]) == ("measures/toshi.yaml", 17)
    assert changed["full_commit"] == git(repo, "rev-parse", "HEAD")
    # The rest are Alice's, dated as she wrote them (her time zone's day, as git log shows it).
    assert git(repo, "log", "-1", "--format=%as", "HEAD~1") == "2025-04-01"
    for pair, entry in scores.items():
        if pair == CHANGED:
            continue
        assert (entry["author"], entry["date"], entry["commit"], entry["status"]) == (
            "Alice", "2025-04-01", alice_commit, "committed",
        ), pair
    # The newest change first.
    assert (document["scores"][0]["from"], document["scores"][0]["to"]) == CHANGED
    # Beside git's record, what the files say.
    urban = scores[("URBAN-01", "SDG-11.7")]
    assert (urban["assessed_by"], urban["assessed_on"], urban["source"]) == (
        "都市計画課", "2025-03-14", "環境影響評価書 第4章",
    )
    assert (urban["file"], urban["line"]) == ("measures/toshi.yaml", 10)
    interaction = scores[("SDG-8.3", "SDG-12.5")]
    assert interaction["kind"] == "interaction"
    assert (interaction["assessed_by"], interaction["source"]) == (
        "庁内ワークショップ", "第2回 SDGs 推進会議 議事録",
    )
    assert (interaction["file"], interaction["line"]) == ("interactions.yaml", 5)


def test_the_project_may_be_given_as_a_path_from_elsewhere(repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    document = _history(repo / "measures", "--config", repo / "seta-align.yaml")
    scores = _by_pair(document)
    assert scores[CHANGED]["author"] == "Bob"
    assert scores[("ENV-01", "SDG-13.2")]["author"] == "Alice"


def test_an_edit_not_committed_yet_says_so(repo):
    _edit(repo / "measures" / "kankyo.yaml", "score: 2\n", "score: 1\n")
    # A measure file never committed: none of its lines has a commit.
    (repo / "measures" / "new.yaml").write_text(
        "- id: ECON-01\n  title: 商店街支援\n  owner: 経済産業部\n  field: ECON\n"
        "  supports: [PP-6.5]\n"
        "  kpis: [{name: 来街者数, unit: 人, target: {year: 2031, value: 1000}}]\n"
        '  impacts:\n    - {"on": SDG-8.3, score: 2, assessed_by: 商業課}\n',
        encoding="utf-8",
    )
    document = _history(lang="en")
    scores = _by_pair(document)
    for pair in (("ENV-01", "SDG-11.7"), ("ECON-01", "SDG-8.3")):
        entry = scores[pair]
        assert (entry["status"], entry["commit"], entry["author"]) == ("not_committed", None, None)
    assert scores[("ECON-01", "SDG-8.3")]["assessed_by"] == "商業課"
    assert scores[CHANGED]["author"] == "Bob"  # the rest still have their commits
    assert {(s["from"], s["to"]) for s in document["scores"][:2]} == {
        ("ENV-01", "SDG-11.7"), ("ECON-01", "SDG-8.3"),
    }
    result = run_cli("impacts", "--history", "--lang", "ja", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "未コミット" in result.stdout
    assert "未コミットの評価 2 件" in result.stdout
    english = run_cli("impacts", "--history", "--lang", "en", env={"COLUMNS": "120"})
    assert "not committed yet" in english.stdout


def test_outside_a_repository_the_written_assessment_is_still_listed(tmp_path, monkeypatch):
    # git looks no higher than tmp_path, wherever the temporary folders are.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = _project(tmp_path / "outside")
    monkeypatch.chdir(root)
    document = _history()
    repository = document["repository"]
    assert (repository["found"], repository["state"]) == (False, "not_a_repository")
    assert "git のリポジトリの中にない" in repository["message"]
    scores = _by_pair(document)
    assert len(scores) == 7
    assert all(s["status"] == "unknown" and s["commit"] is None for s in scores.values())
    urban = scores[("URBAN-01", "SDG-11.7")]
    assert (urban["assessed_by"], urban["assessed_on"], urban["source"]) == (
        "都市計画課", "2025-03-14", "環境影響評価書 第4章",
    )
    for lang, sentence in (("ja", "git のリポジトリの中にない"), ("en", "not in a git repository")):
        result = run_cli("impacts", "--history", "--lang", lang, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert sentence in result.stdout
        assert "都市計画課" in result.stdout and "環境影響評価書 第4章" in result.stdout
        assert "Traceback" not in result.output


def test_without_git_installed_the_scores_are_still_listed(tmp_path, monkeypatch):
    root = _project(tmp_path / "nogit")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("PATH", str(empty))  # no git to be found
    document = _history(lang="en")
    assert document["repository"]["state"] == "git_not_installed"
    assert "git is not installed" in document["repository"]["message"]
    assert _by_pair(document)[("ENV-01", "SDG-13.2")]["assessed_by"] == "環境計画課"


def test_the_bundled_sample_has_a_history_or_says_why_not():
    result = run_cli("impacts", "--sample", "--history", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["sample"] is True and document["scores"]
    assert document["repository"]["state"] in ("found", "not_a_repository", "partly")


def _check(root: Path, assessed_on: str):
    path = root / "measures" / "toshi.yaml"
    path.write_text(
        (HISTORY / "measures" / "toshi.yaml").read_text(encoding="utf-8").replace(
            "assessed_on: 2025-03-20", f"assessed_on: {assessed_on}"
        ),
        encoding="utf-8",
    )
    return run_cli("check", "--format", "text", "--lang", "en")


def test_assessed_on_is_a_date_written_as_yyyy_mm_dd(tmp_path, monkeypatch):
    root = _project(tmp_path / "check")
    monkeypatch.chdir(root)
    accepted = _check(root, "2026-04-01")  # unquoted: YAML's own date, read as text
    assert accepted.exit_code == 0, accepted.output
    assert "assessed_on" not in accepted.output
    refused = _check(root, "2026/4/1")
    assert refused.exit_code == 2, refused.output
    # The line and column of the value in the file.
    lines = (root / "measures" / "toshi.yaml").read_text(encoding="utf-8").splitlines()
    line, column = next(
        (number, text.index("2026/4/1") + 1)
        for number, text in enumerate(lines, 1)
        if "2026/4/1" in text
    )
    assert f"measures/toshi.yaml:{line}:{column}: error SA003" in refused.output
    assert "assessed_on" in refused.output and "2026/4/1" in refused.output


def test_every_format_renders_the_rows(repo, tmp_path):
    bob_commit = git(repo, "rev-parse", "--short", "HEAD")
    markdown = run_cli("impacts", "--history", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert "評価の履歴" in markdown.stdout
    bob_row = next(line for line in markdown.stdout.splitlines() if "Bob" in line)
    assert bob_commit in bob_row and "2025-06-15" in bob_row and "URBAN-01" in bob_row
    assert "環境影響評価書 第4章" in markdown.stdout

    csv_output = run_cli("impacts", "--history", "--format", "csv")
    assert csv_output.exit_code == 0, csv_output.output
    import csv
    import io

    # A spreadsheet program knows the file is UTF-8 by its byte order mark.
    rows = list(csv.reader(io.StringIO(csv_output.stdout.removeprefix("\ufeff"))))
    header = rows[0]
    for title in ("影響元", "影響先", "評価", "評価者", "評価日", "出典", "最終変更日", "変更者",
                  "コミット", "コミットの説明", "ファイル", "行"):
        assert title in header, title
    records = [dict(zip(header, row, strict=False)) for row in rows[1:] if len(row) == len(header)]
    assert len(records) == 7
    first = records[0]
    assert (first["影響元"], first["影響先"], first["評価"], first["変更者"], first["コミット"]) == (
        "URBAN-01", "SDG-13.2", "-2", "Bob", bob_commit,
    )

    workbook_path = tmp_path / "history.xlsx"
    xlsx = run_cli("impacts", "--history", "-o", workbook_path)
    assert xlsx.exit_code == 0, xlsx.output
    from openpyxl import load_workbook

    sheet = load_workbook(workbook_path)["評価の履歴"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heading = next(row for row in values if "コミット" in row)
    found = [dict(zip(heading, row, strict=True)) for row in values[values.index(heading) + 1 :]]
    bob = next(row for row in found if row.get("変更者") == "Bob")
    assert (bob["評価"], bob["コミット"], bob["最終変更日"], bob["行"]) == (-2, bob_commit, "2025-06-15", 17)
    assert sum(1 for row in found if row.get("変更者") == "Alice") == 6

    html = run_cli("impacts", "--history", "--format", "html", "--lang", "en")
    assert html.exit_code == 0, html.output
    assert "Who scored what, and when" in html.stdout
    assert "Bob" in html.stdout and bob_commit in html.stdout and "環境審議会" in html.stdout


def test_the_terminal_fits_80_columns(repo):
    result = run_cli("impacts", "--history", env={"SETA_ALIGN_LANG": "ja", "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    widest = max(lines, key=cell_len)
    assert cell_len(widest) <= 80, widest
    assert "評価の履歴" in result.stdout
    bob_row = next(line for line in lines if "Bob" in line)
    assert "URBAN-01" in bob_row and "2025-06-15" in bob_row
