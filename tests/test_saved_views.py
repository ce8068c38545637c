"""The views after a check: each output (progress, impacts, matrix, report) is saved with the
files it was made from, and written again, byte for byte what a fresh run writes, while those
files are unchanged; any change, another option or another day makes it afresh."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, run_cli

PROGRESS = FIXTURES / "progress"
INTERACTIONS = FIXTURES / "impacts" / "interactions.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the progress fixture (results, indicators) with the impacts fixture's
    interactions file named in its config, as the working directory."""
    target = tmp_path / "project"
    shutil.copytree(PROGRESS, target, ignore=shutil.ignore_patterns(".seta-align-cache"))
    shutil.copy(INTERACTIONS, target / "interactions.yaml")
    config = target / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "impacts:\n  interactions: interactions.yaml\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(target)
    return target


def _env(tmp_path, **more):
    return {"SETA_ALIGN_LANG": "ja", "COLUMNS": "200",
            "SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache"), **more}


def _fresh(tmp_path, *args):
    return run_cli(*args, env=_env(tmp_path, SETA_ALIGN_NO_CACHE="1"))


def _saved(tmp_path):
    folder = tmp_path / "cache" / "reports"
    return sorted(p for p in folder.glob("*.txt") if len(p.stem) == 64) if folder.is_dir() else []


def _plant(saved, body: bytes):
    """Put ``body`` in a saved output, signed as seta-align signs what it saves: the next run
    that writes it shows that it was written from the cache, not made afresh."""
    from seta_align.replay import _body_digest, _sign

    data = saved.read_bytes()
    trailer_length = int(data[-20:])
    trailer = json.loads(data[-20 - trailer_length : -20])
    trailer.update(length=len(body), body=_body_digest(body))
    trailer["digest"] = _sign(saved.stem, trailer)
    new_trailer = json.dumps(trailer).encode()
    saved.write_bytes(body + new_trailer + b"%019d\n" % len(new_trailer))


VIEWS = [
    ("progress", "--format", "json"),
    ("progress", "--format", "csv", "--by", "owner"),
    ("progress", "--format", "markdown", "--by", "measure"),
    ("progress", "--format", "html"),
    ("progress", "--format", "json", "--year", "2025", "--compare", "2024"),
    ("impacts", "--format", "json"),
    ("impacts", "--format", "csv"),
    ("impacts", "--format", "markdown", "--node", "SDG-7.2"),
    ("impacts", "--format", "json", "--sensitivity", "--runs", "20"),
    ("impacts", "--format", "html", "--sensitivity", "--lang", "en"),
    ("matrix", "--format", "csv"),
    ("matrix", "--format", "markdown", "--rows", "owner"),
    ("matrix", "--format", "html", "--columns", "PLAN.priority_policy"),
]


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_a_saved_view_is_the_fresh_view(args, project, tmp_path):
    fresh = _fresh(tmp_path, *args)
    assert fresh.exit_code == 0, fresh.output
    assert not _saved(tmp_path), "SETA_ALIGN_NO_CACHE saves nothing"
    first = run_cli(*args, env=_env(tmp_path))
    assert len(_saved(tmp_path)) == 1
    second = run_cli(*args, env=_env(tmp_path))
    assert fresh.exit_code == first.exit_code == second.exit_code == 0
    assert fresh.stdout_bytes == first.stdout_bytes == second.stdout_bytes
    assert fresh.stderr == first.stderr == second.stderr


def test_the_second_run_really_writes_the_saved_view(project, tmp_path):
    args = ("progress", "--format", "csv")
    first = run_cli(*args, env=_env(tmp_path))
    assert first.stdout_bytes.startswith("\ufeff".encode())  # a CSV: bytes with a BOM
    (saved,) = _saved(tmp_path)
    _plant(saved, b"\xef\xbb\xbfsaved\r\n")
    replayed = run_cli(*args, env=_env(tmp_path))
    assert (replayed.exit_code, replayed.stdout_bytes) == (0, b"\xef\xbb\xbfsaved\r\n")
    # An edited saved output does not verify: made afresh (and saved again).
    saved.write_bytes(saved.read_bytes().replace(b"saved", b"SAVED"))
    again = run_cli(*args, env=_env(tmp_path))
    assert again.stdout_bytes == first.stdout_bytes


def test_a_changed_result_makes_progress_afresh_but_not_the_impacts(project, tmp_path):
    """progress reads the results; impacts does not, so a corrected result leaves its saved
    output standing (shown by a planted one), and each is what a fresh run writes."""
    progress = ("progress", "--format", "json")
    impacts = ("impacts", "--format", "json")
    before = run_cli(*progress, env=_env(tmp_path))
    run_cli(*impacts, env=_env(tmp_path))
    impacts_saved = [p for p in _saved(tmp_path) if b'"impacts"' in p.read_bytes()[-4000:]]
    results = project / "results" / "2025.yaml"
    text = results.read_text(encoding="utf-8")
    results.write_text(text + "\n# 修正\n", encoding="utf-8")  # bytes changed, meaning not
    assert run_cli(*progress, env=_env(tmp_path)).stdout == before.stdout
    results.write_text(text.replace("value: ", "value: 1", 1), encoding="utf-8")
    after = run_cli(*progress, env=_env(tmp_path))
    assert after.stdout == _fresh(tmp_path, *progress).stdout
    assert after.stdout != before.stdout
    assert len(impacts_saved) == 1
    _plant(impacts_saved[0], b'{"planted": true}\n')
    assert run_cli(*impacts, env=_env(tmp_path)).stdout == '{"planted": true}\n'


@pytest.mark.parametrize(
    "edit",
    ["measure", "interactions", "config", "new results file", "indicators"],
)
def test_any_file_the_view_read_makes_it_afresh(edit, project, tmp_path):
    args = ("impacts", "--format", "json") if edit == "interactions" else (
        "progress", "--format", "json")
    run_cli(*args, env=_env(tmp_path))
    (saved,) = _saved(tmp_path)
    _plant(saved, b"stale\n")
    if edit == "measure":
        path = project / "measures" / "measures.yaml"
    elif edit == "interactions":
        path = project / "interactions.yaml"
    elif edit == "config":
        path = project / "seta-align.yaml"
    elif edit == "indicators":
        path = project / "indicators.yaml"
    else:
        path = project / "results" / "2027.yaml"
        path.write_text("results: []\n", encoding="utf-8")
    if edit != "new results file":
        path.write_text(path.read_text(encoding="utf-8") + "\n# 編集\n", encoding="utf-8")
    again = run_cli(*args, env=_env(tmp_path))
    assert again.exit_code == 0, again.output
    assert again.stdout != "stale\n"
    assert again.stdout == _fresh(tmp_path, *args).stdout


def test_each_option_is_its_own_saved_view(project, tmp_path):
    outputs = {}
    for args in (("progress", "--format", "json"), ("progress", "--format", "json", "--year",
                 "2024"), ("progress", "--format", "json", "--lang", "en")):
        outputs[args] = run_cli(*args, env=_env(tmp_path)).stdout
    assert len(set(outputs.values())) == 3 and len(_saved(tmp_path)) == 3
    for args, text in outputs.items():
        assert run_cli(*args, env=_env(tmp_path)).stdout == text


def test_a_view_written_to_a_file(project, tmp_path):
    out = tmp_path / "progress.md"
    args = ("progress", "--format", "markdown", "-o", out)
    first = run_cli(*args, env=_env(tmp_path))
    assert first.exit_code == 0, first.output
    written = out.read_bytes()
    # Written again from the cache: refused over the file without --force, untouched …
    refused = run_cli(*args, env=_env(tmp_path))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert out.read_bytes() == written
    # … and with it, the same bytes and the same confirmation.
    out.write_text("old", encoding="utf-8")
    forced = run_cli(*args, "--force", env=_env(tmp_path))
    assert (forced.exit_code, forced.stderr) == (0, first.stderr)
    assert out.read_bytes() == written
    assert len(_saved(tmp_path)) == 1


def test_a_report_says_what_it_wrote_each_time(project, tmp_path):
    for name in ("a.html", "a.html", "b.html"):
        out = tmp_path / name
        out.unlink(missing_ok=True)
        result = run_cli("report", "-o", out, env=_env(tmp_path, SOURCE_DATE_EPOCH="1767225600"))
        assert result.exit_code == 0, result.output
        assert f"「{out}」に書き出しました（施策 4 件" in result.stderr
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert len(_saved(tmp_path)) == 2  # the file it names is part of the request


def test_a_page_is_made_afresh_on_another_day(project, tmp_path):
    args = ("progress", "--format", "html")
    days = {"1767225600": "2026-01-01", "1767312000": "2026-01-02"}
    for epoch, day in days.items():
        page = run_cli(*args, env=_env(tmp_path, SOURCE_DATE_EPOCH=epoch)).stdout
        assert day in page
    assert len(_saved(tmp_path)) == 2
    again = run_cli(*args, env=_env(tmp_path, SOURCE_DATE_EPOCH="1767225600")).stdout
    assert "2026-01-01" in again and "2026-01-02" not in again


def test_nothing_is_saved_of_a_report_with_unreadable_files(tmp_path):
    """Its problems are said on stderr each time, and the exit code is 2 each time."""
    out = tmp_path / "report.html"
    for _ in range(2):
        result = run_cli("report", FIXTURES / "report-unreadable" / "measures", "-o", out,
                         "--force", env=_env(tmp_path))
        assert result.exit_code == 2 and "--strict" in result.stderr
        assert "syntax.yaml" in result.stderr
    assert not _saved(tmp_path)


@pytest.mark.parametrize(
    "args",
    [("progress",), ("progress", "--format", "xlsx", "-o", "p.xlsx", "--force"),
     ("matrix", "--format", "rich", "-o", "m.txt", "--force"),
     ("impacts", "--format", "json", "--history")],
    ids=["terminal", "xlsx", "text file", "git history"],
)
def test_outputs_that_are_never_saved(args, project, tmp_path):
    assert run_cli(*args, env=_env(tmp_path)).exit_code == 0
    assert not _saved(tmp_path)


def test_the_bundled_sample_is_announced_each_time(tmp_path):
    args = ("progress", "--sample", "--format", "json")
    first = run_cli(*args, env=_env(tmp_path))
    second = run_cli(*args, env=_env(tmp_path))
    assert len(_saved(tmp_path)) == 1
    assert first.exit_code == second.exit_code == 0
    assert (first.stdout, first.stderr) == (second.stdout, second.stderr)
    assert "サンプル" in second.stderr


@pytest.mark.parametrize("output_format", ["markdown", "csv", "json", "html"])
def test_a_view_on_a_non_utf8_terminal_is_its_utf8_file(output_format, project, tmp_path):
    """On a Shift_JIS (cp932) standard output, as a Japanese Windows redirects it, a document
    goes out as the UTF-8 of its file, fresh and saved alike: cp932 cannot encode the dash of
    「FY2024–FY2031」, which once stopped the command with an internal error."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **_env(tmp_path), "PYTHONIOENCODING": "cp932"}
    env.pop("SETA_ALIGN_NO_CACHE", None)
    command = [sys.executable, "-m", "seta_align", "progress", "--format", output_format]
    fresh = subprocess.run(command, env={**env, "SETA_ALIGN_NO_CACHE": "1"}, capture_output=True)
    first = subprocess.run(command, env=env, capture_output=True)
    again = subprocess.run(command, env=env, capture_output=True)
    assert len(_saved(tmp_path)) == 1
    assert fresh.returncode == first.returncode == again.returncode == 0, fresh.stderr
    assert fresh.stdout == first.stdout == again.stdout
    out = tmp_path / f"progress.{output_format}"
    written = run_cli("progress", "--format", output_format, "-o", out, env=_env(tmp_path))
    assert written.exit_code == 0
    assert again.stdout == out.read_bytes()
    assert "施策" in again.stdout.decode("utf-8")


def test_results_put_in_the_default_folder_make_progress_afresh(tmp_path, monkeypatch):
    """Without results: in the config, data/results beside it is read when it exists: a
    progress saved before the folder was made no longer holds once it is."""
    project = tmp_path / "project"
    shutil.copytree(PROGRESS / "measures", project / "measures")
    shutil.copy(PROGRESS / "indicators.yaml", project)
    (project / "seta-align.yaml").write_text(
        "measures: [measures]\nindicators: indicators.yaml\n", encoding="utf-8"
    )
    monkeypatch.chdir(project)
    args = ("progress", "--format", "json")
    before = run_cli(*args, env=_env(tmp_path))
    assert before.exit_code == 0 and json.loads(before.stdout)["year"] is None
    shutil.copytree(PROGRESS / "results", project / "data" / "results")
    after = run_cli(*args, env=_env(tmp_path))
    assert after.exit_code == 0 and json.loads(after.stdout)["year"] == 2026
    assert after.stdout == _fresh(tmp_path, *args).stdout


def test_a_report_names_the_file_as_it_was_given(project, tmp_path):
    said = []
    for out in ("r.html", str(project / "r.html")):
        result = run_cli("report", "-o", out, "--force", env=_env(tmp_path))
        assert result.exit_code == 0, result.output
        said.append(result.stderr)
    assert "「r.html」に書き出しました" in said[0]
    assert f"「{project / 'r.html'}」に書き出しました" in said[1]


def test_copies_left_by_a_killed_run_are_deleted_after_a_day(project, tmp_path):
    import os
    import time

    reports = tmp_path / "cache" / "reports"
    reports.mkdir(parents=True)
    old, recent, foreign = (reports / name for name in (
        "saving-abcd1234.tmp", "saving-efgh5678.tmp", "notes.tmp"))
    for path in (old, recent, foreign):
        path.write_bytes(b"partial")
    two_days_ago = time.time() - 2 * 86400
    for path in (old, foreign):
        os.utime(path, (two_days_ago, two_days_ago))
    assert run_cli("progress", "--format", "json", env=_env(tmp_path)).exit_code == 0
    assert not old.exists()
    assert recent.exists() and foreign.exists()  # another run's, and not ours
    assert len(_saved(tmp_path)) == 1
