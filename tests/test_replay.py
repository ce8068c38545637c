"""Replaying a saved report: the same bytes and exit code as a fresh check, and never a report
of inputs that have changed since."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from seta_align.replay import KEPT_REPORTS, REPLAYED_FORMATS

from conftest import CLEAN, DRAFTS, FIXTURES, MINI_FRAMEWORK, modules_imported, run_cli

FINDINGS = [CLEAN, DRAFTS / "kpi", DRAFTS / "unknown-reference", DRAFTS / "cycle"]


def _env(cache, lang="ja"):
    return {"SETA_ALIGN_LANG": lang, "COLUMNS": "200", "SETA_ALIGN_CACHE_DIR": str(cache)}


def _saved(cache):
    """The reports seta-align saved (named by a 64-digit key)."""
    folder = cache / "reports"
    return sorted(p for p in folder.glob("*.txt") if len(p.stem) == 64) if folder.is_dir() else []


@pytest.mark.parametrize("output", REPLAYED_FORMATS)
def test_a_replayed_report_is_the_fresh_report(output, tmp_path):
    args = ["check", *FINDINGS, "--format", output]
    fresh = run_cli(*args, "--no-cache", env=_env(tmp_path))
    assert not _saved(tmp_path), "--no-cache saves nothing"
    first = run_cli(*args, env=_env(tmp_path))
    assert len(_saved(tmp_path)) == 1
    second = run_cli(*args, env=_env(tmp_path))
    assert fresh.exit_code == first.exit_code == second.exit_code == 1
    assert fresh.stdout == first.stdout == second.stdout


def test_the_second_run_really_replays(tmp_path):
    """Shown by changing the saved report: the next run writes what was saved."""
    args = ["check", CLEAN, "--format", "text"]
    run_cli(*args, env=_env(tmp_path))
    (saved,) = _saved(tmp_path)
    data = saved.read_bytes()
    trailer_length = int(data[-20:])
    trailer = json.loads(data[-20 - trailer_length : -20])
    body = b"saved report\n"
    # Signed as seta-align signs what it saves (an unsigned edit is refused: see below).
    from seta_align.replay import _body_digest, _sign

    trailer.update(exit_code=1, length=len(body), body=_body_digest(body))
    trailer["digest"] = _sign(saved.stem, trailer)
    new_trailer = json.dumps(trailer).encode()
    saved.write_bytes(body + new_trailer + b"%019d\n" % len(new_trailer))
    replayed = run_cli(*args, env=_env(tmp_path))
    assert (replayed.exit_code, replayed.stdout) == (1, "saved report\n")


# What a replay must not pay for: the YAML parser, the models (pydantic), the graph library and
# the terminal renderer. A dependency that pulls one of them into start-up (typer 0.29 builds a
# pydantic adapter for every option) more than doubles the time of a replay.
HEAVY_MODULES = ("yaml", "pydantic", "networkx", "rich")


@pytest.mark.parametrize("command", ["check", "progress", "impacts"])
def test_a_replay_imports_no_parser_models_graph_or_terminal_library(command, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "progress", project)
    cache = tmp_path / "cache"
    args = (command, "--format", "json")
    # The first run reads the draft (or its parse cache): the models are loaded.
    assert {"yaml", "pydantic"} <= modules_imported(project, cache, HEAVY_MODULES, *args)
    # The second writes its saved output again, deciding so from digests alone.
    assert modules_imported(project, cache, HEAVY_MODULES, *args) == set()


def test_an_edited_saved_report_is_never_trusted(tmp_path):
    """The exit code flipped in place (same length), or the report's text edited: the saved
    report does not verify, so the draft is checked afresh and the report written anew."""
    args = ["check", *FINDINGS, "--format", "json"]
    fresh = run_cli(*args, env=_env(tmp_path))
    assert fresh.exit_code == 1
    (saved,) = _saved(tmp_path)
    original = saved.read_bytes()
    for edited in (
        original.replace(b'"exit_code": 1', b'"exit_code": 0'),  # in the trailer and report
        original.replace(b'"SA401"', b'"SA4O1"', 1),  # the report's text
    ):
        assert edited != original and len(edited) == len(original)
        saved.write_bytes(edited)
        again = run_cli(*args, env=_env(tmp_path))
        assert (again.exit_code, again.stdout) == (1, fresh.stdout)
        assert saved.read_bytes() == original  # recomputed and overwritten


def test_a_saved_report_that_is_no_regular_file_is_ignored(tmp_path):
    args = ["check", CLEAN, "--format", "json"]
    expected = run_cli(*args, env=_env(tmp_path))
    (saved,) = _saved(tmp_path)
    saved.unlink()
    os.mkfifo(saved)  # a plain open() would wait for a writer for ever
    assert run_cli(*args, env=_env(tmp_path)).stdout == expected.stdout
    saved.unlink(missing_ok=True)
    saved.symlink_to("/dev/zero")  # a read would never end
    result = run_cli(*args, env=_env(tmp_path))
    assert (result.exit_code, result.stdout) == (0, expected.stdout)


def _draft_with_config(tmp_path, *sources, config_text=""):
    """A copy of fixture drafts with its own config next to it (the small framework)."""
    draft = tmp_path / "draft"
    for source in sources:
        shutil.copytree(source, draft, dirs_exist_ok=True)
    config = tmp_path / "seta-align.yaml"
    config.write_text(f"framework: {MINI_FRAMEWORK.as_posix()}\n{config_text}", encoding="utf-8")
    return draft, config


def test_changed_inputs_are_checked_afresh(tmp_path):
    draft, _config = _draft_with_config(tmp_path, CLEAN)
    cache = tmp_path / "cache"
    args = ["check", draft, "--format", "json"]
    before = run_cli(*args, env=_env(cache))
    assert before.exit_code == 0, before.stdout
    # A measure file edited (one id now unknown): a new report, the same as without a cache.
    measure_file = draft / "keizai.yaml"
    text = measure_file.read_text(encoding="utf-8")
    measure_file.write_text(text.replace("supports: [", "supports: [PP-99, ", 1), encoding="utf-8")
    after = run_cli(*args, env=_env(cache))
    assert after.stdout == run_cli(*args, "--no-cache", env=_env(cache)).stdout
    assert after.exit_code == 1 and after.stdout != before.stdout
    # A new file, then another language and another --fail-on: each its own report.
    (draft / "more.yaml").write_text("- 1\n", encoding="utf-8")
    more = run_cli(*args, env=_env(cache))
    assert more.exit_code == 2 and more.stdout != after.stdout
    english = run_cli(*args, env=_env(cache, "en"))
    assert english.stdout == run_cli(*args, "--no-cache", env=_env(cache, "en")).stdout
    assert english.stdout != more.stdout
    (draft / "more.yaml").unlink()
    assert run_cli(*args, env=_env(cache)).stdout == after.stdout
    assert run_cli(*args, "--fail-on", "error", env=_env(cache)).exit_code == 1
    info = run_cli(*args, "--fail-on", "info", env=_env(cache))
    assert info.exit_code == run_cli(*args, "--fail-on", "info", "--no-cache").exit_code


def test_a_changed_config_is_checked_afresh(tmp_path):
    draft, config = _draft_with_config(tmp_path, CLEAN, DRAFTS / "kpi")
    args = ["check", draft, "--format", "json"]
    first = run_cli(*args, env=_env(tmp_path / "cache"))
    assert "SA401" in [f["code"] for f in json.loads(first.stdout)["findings"]]
    config.write_text(config.read_text(encoding="utf-8") + "rules:\n  SA401: off\n", "utf-8")
    second = run_cli(*args, env=_env(tmp_path / "cache"))
    assert second.stdout == run_cli(*args, "--no-cache", env=_env(tmp_path / "c2")).stdout
    assert "SA401" not in [f["code"] for f in json.loads(second.stdout)["findings"]]


def test_a_damaged_saved_report_is_ignored(tmp_path):
    args = ["check", *FINDINGS, "--format", "sarif"]
    first = run_cli(*args, env=_env(tmp_path))
    (saved,) = _saved(tmp_path)
    saved.write_bytes(saved.read_bytes()[:-100])  # cut short
    assert run_cli(*args, env=_env(tmp_path)).stdout == first.stdout
    saved.write_bytes(b"not a header\n")
    assert run_cli(*args, env=_env(tmp_path)).stdout == first.stdout


def test_terminal_and_github_output_are_never_replayed(tmp_path):
    for output in ("rich", "github"):
        run_cli("check", CLEAN, "--format", output, env=_env(tmp_path))
    assert not _saved(tmp_path)


def test_only_the_newest_reports_are_kept(tmp_path):
    for lang in ("ja", "en"):
        for output in REPLAYED_FORMATS:
            run_cli("check", CLEAN, "--format", output, env=_env(tmp_path, lang))
    assert len(_saved(tmp_path)) == KEPT_REPORTS


def test_a_changed_framework_or_a_nearer_config_is_checked_afresh(tmp_path):
    draft, config = _draft_with_config(tmp_path, CLEAN)
    framework = tmp_path / "framework.yaml"
    shutil.copy(MINI_FRAMEWORK, framework)
    config.write_text(f"framework: {framework.as_posix()}\n", encoding="utf-8")
    args = ["check", draft, "--format", "json"]
    cache = tmp_path / "cache"
    first = run_cli(*args, env=_env(cache))
    # The framework edited: a node title changes in the report.
    text = framework.read_text(encoding="utf-8")
    title = json.loads(first.stdout)["coverage"]["nodes"][0]["title"]
    framework.write_text(text.replace(title, title + "（改）", 1), encoding="utf-8")
    second = run_cli(*args, env=_env(cache))
    assert second.stdout == run_cli(*args, "--no-cache", env=_env(cache)).stdout
    assert title + "（改）" in second.stdout and second.stdout != first.stdout
    # A config file placed nearer to the measures now applies (here: SA401 switched off).
    (draft / "seta-align.yaml").write_text(
        f"framework: {framework.as_posix()}\nrules:\n  SA401: off\n", encoding="utf-8"
    )
    third = run_cli(*args, env=_env(cache))
    assert third.stdout == run_cli(*args, "--no-cache", env=_env(cache)).stdout
    assert third.stdout != second.stdout


def test_a_replay_on_a_non_utf8_terminal_writes_what_a_fresh_check_writes(tmp_path):
    """Saved reports are UTF-8; on a Shift_JIS (cp932) stdout they are written as text again."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **_env(tmp_path), "PYTHONIOENCODING": "cp932"}
    command = [sys.executable, "-m", "seta_align", "check", *FINDINGS, "--format", "text"]
    fresh = subprocess.run([*command, "--no-cache"], env=env, capture_output=True)
    first = subprocess.run(command, env=env, capture_output=True)
    replayed = subprocess.run(command, env=env, capture_output=True)
    assert len(_saved(tmp_path)) == 1
    assert fresh.returncode == first.returncode == replayed.returncode == 1
    assert fresh.stdout == first.stdout == replayed.stdout
    assert "循環".encode("cp932") in replayed.stdout


@pytest.mark.parametrize("output", ["json", "sarif", "junit", "markdown", "gitlab"])
def test_a_document_on_a_non_utf8_terminal_is_utf8(output, tmp_path):
    """A report that is a document (JSON, SARIF, JUnit, Markdown, GitLab) goes out in UTF-8 on
    a Shift_JIS (cp932) standard output too, fresh and replayed: the bytes of the same report on
    a UTF-8 one (cp932 cannot encode every character of a report: the sample's plan period
    「FY2024–FY2031」 stopped the check with an internal error)."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "seta_align", "check", "--sample", "--format", output]
    utf8 = subprocess.run([*command, "--no-cache"], env={**os.environ, **_env(tmp_path)},
                          capture_output=True)
    env = {**os.environ, **_env(tmp_path), "PYTHONIOENCODING": "cp932"}
    fresh = subprocess.run(command, env=env, capture_output=True)
    replayed = subprocess.run(command, env=env, capture_output=True)
    assert len(_saved(tmp_path)) == (output in REPLAYED_FORMATS)
    assert utf8.returncode == fresh.returncode == replayed.returncode == 0, fresh.stderr
    assert utf8.stdout == fresh.stdout == replayed.stdout
    assert "施策" in replayed.stdout.decode("utf-8")


@pytest.mark.parametrize("command", [("check", "--format", "text"), ("progress",)])
def test_text_for_people_on_a_non_utf8_terminal_never_stops(command, tmp_path):
    """Characters Shift_JIS lacks (the dash of 「（—）」 for a figure not known, a bar's
    shades): on a cp932 standard output the text view shows '?' for them, fresh and replayed
    alike, where it stopped with an internal error (exit code 3)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **_env(tmp_path / "cache"), "PYTHONIOENCODING": "cp932"}
    run = [sys.executable, "-m", "seta_align", *command]
    fresh = subprocess.run(run, env={**env, "SETA_ALIGN_NO_CACHE": "1"},
                           cwd=FIXTURES / "progress", capture_output=True)
    again = [subprocess.run(run, env=env, cwd=FIXTURES / "progress", capture_output=True)
             for _ in range(2)]
    assert fresh.returncode in (0, 1), fresh.stderr.decode("cp932", "replace")
    assert [run.returncode for run in again] == [fresh.returncode] * 2
    assert again[0].stdout == again[1].stdout == fresh.stdout
    text = fresh.stdout.decode("cp932")
    assert "?" in text and "施策" in text


def test_a_shared_cache_folder_keeps_files_it_did_not_write(tmp_path):
    """$SETA_ALIGN_CACHE_DIR may name a folder with other files: pruning never touches them."""
    import os
    import time

    cache = tmp_path / "shared"
    own = [
        cache / "js" / "app.js",
        cache / "ab" / "notes.json",
        cache / "reports" / "data.csv",
        *[cache / "reports" / f"notes{n}.txt" for n in range(10)],
    ]
    old = time.time() - 60 * 86400
    for path in own:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine\n", encoding="utf-8")
        os.utime(path, (old, old))
    for lang in ("ja", "en"):
        for output in REPLAYED_FORMATS:  # more saved reports than are kept
            run_cli("check", CLEAN, "--format", output, env=_env(cache, lang))
    assert all(path.exists() for path in own)
    assert len(_saved(cache)) == KEPT_REPORTS


def test_a_report_cut_short_leaves_no_temporary_file(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, **_env(tmp_path)}
    for _ in range(2):
        reader = subprocess.Popen(
            [sys.executable, "-m", "seta_align", "check", *FINDINGS, "--format", "json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        reader.stdout.read(10)
        reader.stdout.close()  # like `| head -c 10`
        reader.wait(timeout=60)
    assert (
        not list((tmp_path / "reports").glob("*.tmp")) if (tmp_path / "reports").exists() else True
    )


def test_a_deleted_working_directory_turns_the_cache_off(tmp_path):
    import subprocess
    import sys

    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m seta_align check "{CLEAN}" --format text --config "{DRAFTS / "seta-align.yaml"}"'
    result = subprocess.run(
        ["sh", "-c", script],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SETA_ALIGN_LANG": "en"},
    )
    assert result.returncode == 0, result.stderr
    assert "Internal error" not in result.stderr


def test_an_edited_interactions_file_is_checked_afresh(tmp_path):
    """The interactions file is part of what a saved report depends on."""
    draft = tmp_path / "draft"
    shutil.copytree(FIXTURES / "impacts", draft)
    args = ["check", draft / "measures", "--format", "json"]
    first = json.loads(run_cli(*args, env=_env(tmp_path)).stdout)
    assert not [f for f in first["findings"] if f["code"] == "SA606"]
    interactions = draft / "interactions.yaml"
    interactions.write_text(
        interactions.read_text(encoding="utf-8").replace("SDG-12.5, to: SDG-13.2", "SDG-12.5, to: SDG-13.99"),
        encoding="utf-8",
    )
    second = json.loads(run_cli(*args, env=_env(tmp_path)).stdout)
    assert [f["code"] for f in second["findings"] if f["code"] == "SA606"] == ["SA606"]


def test_a_new_or_corrected_result_is_checked_afresh(tmp_path):
    """The results folder (its files and their bytes) and the indicators file are part of
    what a saved report depends on."""
    draft = tmp_path / "draft"
    shutil.copytree(FIXTURES / "progress", draft)
    args = ["check", draft / "measures", "--format", "json", "--lang", "en"]

    def missing():
        document = json.loads(run_cli(*args, env=_env(tmp_path)).stdout)
        return sorted(f["measure"] for f in document["findings"] if f["code"] == "SA703")

    assert missing() == ["LIFE-01", "URBAN-01"]
    # a new file in the results folder
    (draft / "results" / "2026b.yaml").write_text(
        "- {measure: URBAN-01, kpi: 緑化助成件数, year: 2026, value: 31}\n", encoding="utf-8"
    )
    assert missing() == ["LIFE-01"]
    # a corrected value in a file already there
    path = draft / "results" / "2026.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: null, note: 調査は隔年で実施", "value: 50"),
        encoding="utf-8",
    )
    assert missing() == []
    # an edited indicators file
    indicators = draft / "indicators.yaml"
    indicators.write_text(
        indicators.read_text(encoding="utf-8").replace("value: 1700", "value: 1060"),
        encoding="utf-8",
    )
    document = json.loads(run_cli(*args, env=_env(tmp_path)).stdout)
    assert not [f for f in document["findings"] if f["code"] == "SA702" and "PP-6.i1" in f["message"]]
