"""The parse cache: same results with and without it, cold or warm; safe and self-contained."""

from __future__ import annotations

import json
import os

import pytest

from seta_align.loading.cache_dir import content_digest
from seta_align.loading.files import display_name
from seta_align.loading.parse_cache import CACHE_FORMAT, ParseCache

from conftest import CLEAN, DRAFTS, FIXTURES, ROOT, cache_entries, run_cli

CASES = {
    "sample": [ROOT / "data" / "measures"],
    "findings": [CLEAN, DRAFTS / "kpi", DRAFTS / "unknown-reference", DRAFTS / "cycle"],
    "normalised": [CLEAN, DRAFTS / "japanese"],
    "schema-errors": [CLEAN, DRAFTS / "schema", DRAFTS / "duplicate-key"],
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("output", ["json", "text", "sarif"])
def test_same_output_with_and_without_the_cache(case, output, tmp_path):
    env = {"SETA_ALIGN_LANG": "ja", "COLUMNS": "200", "SETA_ALIGN_CACHE_DIR": str(tmp_path)}
    args = ["check", *CASES[case], "--format", output]
    uncached = run_cli(*args, "--no-cache", env=env)
    cold = run_cli(*args, env=env)
    warm = run_cli(*args, env=env)
    assert uncached.exit_code == cold.exit_code == warm.exit_code
    assert uncached.stdout == cold.stdout == warm.stdout
    assert any(tmp_path.rglob("*.json")), "the cold run filled the cache"


def test_cache_holds_plain_json_and_ignores_itself_in_git(tmp_path):
    env = {"SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache")}
    run_cli("check", CLEAN, env=env)
    cache = tmp_path / "cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    entries = list(cache.rglob("*.json"))
    # The two measure files, the config found above them, and the framework it names (the
    # bundled modules, composed).
    kinds = cache_entries(cache)
    assert {kind: len(found) for kind, found in kinds.items() if found} == {
        "measures": 2, "config": 1, "framework": 1
    }
    assert len(entries) == 4
    for entry in entries:
        # Plain JSON (nothing in the cache can run code): a header line with the format and
        # the digest of the payload, then the payload.
        header, payload = entry.read_text(encoding="utf-8").split("\n", 1)
        assert json.loads(header)["format"] == CACHE_FORMAT
        assert len(json.loads(header)["digest"]) == 64
        json.loads(payload)


def test_a_corrupt_or_foreign_cache_entry_is_a_miss(tmp_path):
    env = {"SETA_ALIGN_CACHE_DIR": str(tmp_path), "SETA_ALIGN_LANG": "en"}
    expected = run_cli("check", CLEAN, "--format", "json", "--no-cache", env=env).stdout
    run_cli("check", CLEAN, env=env)
    for entry in tmp_path.rglob("*.json"):
        entry.write_text('{"format": 1, "data": [', encoding="utf-8")
    assert run_cli("check", CLEAN, "--format", "json", env=env).stdout == expected
    for entry in tmp_path.rglob("*.json"):
        entry.write_text('{"format": 99, "data": "not a measure"}', encoding="utf-8")
    assert run_cli("check", CLEAN, "--format", "json", env=env).stdout == expected


def test_an_edited_file_misses_the_cache(tmp_path):
    draft = tmp_path / "draft"
    draft.mkdir()
    measure = draft / "m.yaml"
    measure.write_text((CLEAN / "keizai.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {"SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache"), "SETA_ALIGN_LANG": "en"}
    config = DRAFTS / "seta-align.yaml"
    first = json.loads(run_cli("check", draft, "-c", config, "-f", "json", env=env).stdout)
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("PP-6.5, ", ""), encoding="utf-8"
    )
    second = json.loads(run_cli("check", draft, "-c", config, "-f", "json", env=env).stdout)
    assert first["summary"]["links"] == second["summary"]["links"] + 1


def test_unwritable_cache_costs_nothing_but_speed(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    env = {"SETA_ALIGN_CACHE_DIR": str(blocker / "cache")}
    result = run_cli("check", CLEAN, "--format", "json", env=env)
    assert result.exit_code == 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_output_when_files_are_loaded_in_parallel(case, tmp_path):
    """Worker processes (SETA_ALIGN_JOBS=2) give the draft one process gives, with and without
    the cache, and the entries they produce serve a later run."""
    base = {"SETA_ALIGN_LANG": "ja", "COLUMNS": "200", "SETA_ALIGN_CACHE_DIR": str(tmp_path)}
    args = ["check", *CASES[case], "--format", "json"]
    alone = run_cli(*args, "--no-cache", env={**base, "SETA_ALIGN_JOBS": "1"})
    parallel = run_cli(*args, "--no-cache", env={**base, "SETA_ALIGN_JOBS": "2"})
    parallel_cold = run_cli(*args, env={**base, "SETA_ALIGN_JOBS": "2"})
    warm = run_cli(*args, env={**base, "SETA_ALIGN_JOBS": "1"})
    assert alone.exit_code == parallel.exit_code == parallel_cold.exit_code == warm.exit_code
    assert alone.stdout == parallel.stdout == parallel_cold.stdout == warm.stdout
    assert len(list(tmp_path.rglob("*.json"))) >= 2, "the workers' results were cached"


def test_results_files_read_with_the_measure_files_in_parallel_give_the_same_check(tmp_path):
    """The results files are read in the workers' batch, before the measure files: a file
    that cannot be parsed and a result that cannot be read are said as one process says them,
    and the entries the workers leave serve the views after the check."""
    import shutil

    draft = tmp_path / "draft"
    shutil.copytree(FIXTURES / "slips", draft)
    results = draft / "results"
    (results / "2023.yaml").write_text(
        "- {measure: KEI-01, kpi: 創業件数, year: 2023, value: 九十}\n"
        "- {measure: KEI-02, kpi: 商店街の来街者数, year: 2023, value: 290}\n",
        encoding="utf-8",
    )
    (results / "2026.yaml").write_text(
        "- {measure: KEI-01, kpi: 創業件数, year: 2026, value: [\n", encoding="utf-8"
    )
    base = {"SETA_ALIGN_LANG": "en", "COLUMNS": "200", "SETA_ALIGN_CACHE_DIR": str(tmp_path / "c")}
    args = ["check", draft, "--format", "json"]
    alone = run_cli(*args, "--no-cache", env={**base, "SETA_ALIGN_JOBS": "1"})
    parallel = run_cli(*args, "--no-cache", env={**base, "SETA_ALIGN_JOBS": "2"})
    parallel_cold = run_cli(*args, env={**base, "SETA_ALIGN_JOBS": "2"})
    assert len(cache_entries(tmp_path / "c")["results"]) == 4  # every file that could be read
    warm = run_cli(*args, env={**base, "SETA_ALIGN_JOBS": "1"})
    assert alone.exit_code == parallel.exit_code == parallel_cold.exit_code == warm.exit_code == 2
    assert alone.stdout == parallel.stdout == parallel_cold.stdout == warm.stdout
    problems = {
        (f["code"], f["file"].rsplit("/", 1)[-1], f["line"])
        for f in json.loads(alone.stdout)["findings"]
        if f["code"] < "SA1"
    }
    assert problems == {("SA003", "2023.yaml", 1), ("SA001", "2026.yaml", 2)}
    assert json.loads(alone.stdout)["progress"]["years"] == [2023, 2024, 2025]
    view = ["progress", draft, "--format", "json"]
    assert (
        run_cli(*view, env={**base, "SETA_ALIGN_JOBS": "2"}).stdout
        == run_cli(*view, "--no-cache", env={**base, "SETA_ALIGN_JOBS": "1"}).stdout
    )


def test_a_bad_jobs_setting_is_named_and_ignored(tmp_path):
    env = {"SETA_ALIGN_LANG": "en", "SETA_ALIGN_CACHE_DIR": str(tmp_path)}
    expected = run_cli("check", CLEAN, "--format", "json", "--no-cache", env=env)
    result = run_cli(
        "check", CLEAN, "--format", "json", "--no-cache", env={**env, "SETA_ALIGN_JOBS": "two"}
    )
    assert result.stdout == expected.stdout
    assert "SETA_ALIGN_JOBS='two'" in result.stderr


def test_entries_unused_for_a_month_are_pruned(tmp_path):
    import os
    import shutil
    import time

    draft = tmp_path / "draft"
    shutil.copytree(CLEAN, draft)
    cache = tmp_path / "cache"
    env = {"SETA_ALIGN_CACHE_DIR": str(cache)}
    month_ago = time.time() - 40 * 86400
    ten_days_ago = time.time() - 10 * 86400

    def entries() -> set:
        return cache_entries(cache)["measures"]

    def check_after_editing(name: str) -> set:
        before = entries()
        path = draft / name
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        run_cli("check", draft, "--config", DRAFTS / "seta-align.yaml", env=env)
        return entries() - before

    run_cli("check", draft, "--config", DRAFTS / "seta-align.yaml", env=env)
    assert len(entries()) == 2
    (kodomo_entry,) = check_after_editing("kodomo.yaml")  # the old kodomo entry is now unused
    keizai = draft / "keizai.yaml"
    key = ParseCache.key(content_digest(keizai.read_bytes()), display_name(keizai))
    (keizai_entry,) = [entry for entry in entries() if entry.stem == key]
    (old_kodomo,) = entries() - {kodomo_entry, keizai_entry}
    os.utime(old_kodomo, (month_ago, month_ago))
    os.utime(keizai_entry, (ten_days_ago, ten_days_ago))  # in use, but not marked for a while
    (cache / "pruned").unlink()
    check_after_editing("kodomo.yaml")
    assert not old_kodomo.exists(), "unused for a month: pruned"
    assert keizai_entry.exists() and keizai_entry.stat().st_mtime > time.time() - 3600
    # At most once a day: another stale entry waits for tomorrow.
    os.utime(kodomo_entry, (month_ago, month_ago))
    check_after_editing("kodomo.yaml")
    assert kodomo_entry.exists()


def test_a_file_name_that_is_not_utf8_is_cached_like_any_other(tmp_path):
    import os
    import shutil

    draft = tmp_path / "draft"
    draft.mkdir()
    odd = draft / os.fsdecode(b"caf\xe9.yaml")
    shutil.copy(CLEAN / "keizai.yaml", odd)
    env = {"SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache"), "SETA_ALIGN_LANG": "en"}
    args = ["check", draft, "--config", DRAFTS / "seta-align.yaml", "--format", "json"]
    uncached = run_cli(*args, "--no-cache", env=env)
    for _ in range(2):  # cold, then warm
        cached = run_cli(*args, env=env)
        assert cached.exit_code == uncached.exit_code != 3
        assert cached.stdout == uncached.stdout
    parallel = run_cli(*args, env={**env, "SETA_ALIGN_JOBS": "2"})
    assert parallel.exit_code == uncached.exit_code


def test_an_edited_cache_entry_is_never_trusted(tmp_path):
    """An entry edited so that it hides an unknown id (the unknown id replaced by a known one,
    same length) does not verify against its digest: the file is read afresh, the finding is
    there, and the entry is written anew."""
    env = {"SETA_ALIGN_CACHE_DIR": str(tmp_path), "SETA_ALIGN_LANG": "en"}
    draft = DRAFTS / "unknown-reference"
    args = ["check", CLEAN, draft, "--format", "json", "--no-cache"]
    expected = run_cli(*args, env=env)
    unknown = [f for f in json.loads(expected.stdout)["findings"] if f["code"] == "SA102"]
    assert unknown
    cached = ["check", CLEAN, draft, "--format", "text"]  # text: the entries, not a replay
    run_cli(*cached, env=env)
    bad_id = unknown[0]["message"].split("'")[1]
    edited_any = False
    for entry in tmp_path.rglob("*.json"):
        data = entry.read_bytes()
        if f'"{bad_id}"'.encode() in data:
            known = "PP-1.1"[: len(bad_id)].ljust(len(bad_id), "0")
            entry.write_bytes(data.replace(f'"{bad_id}"'.encode(), f'"{known}"'.encode()))
            edited_any = True
    assert edited_any
    for report in (tmp_path / "reports").glob("*.txt"):
        report.unlink()  # so the check really reads the entries
    again = run_cli("check", CLEAN, draft, "--format", "json", env=env)
    assert [f for f in json.loads(again.stdout)["findings"] if f["code"] == "SA102"] == unknown
    assert again.exit_code == expected.exit_code


def test_cache_entries_that_are_no_regular_files_are_misses(tmp_path):
    env = {"SETA_ALIGN_CACHE_DIR": str(tmp_path), "SETA_ALIGN_LANG": "en"}
    args = ["check", CLEAN, "--format", "text"]
    expected = run_cli(*args, env=env)
    entries = sorted(tmp_path.rglob("*.json"))
    # The measure files', the config's and the framework's: each kind read the same way.
    assert len(entries) == 4
    for index, entry in enumerate(entries):
        entry.unlink()
        if index % 2:
            entry.symlink_to("/dev/zero")  # a plain read() would never end
        else:
            os.mkfifo(entry)  # a plain open() would wait for a writer for ever
    for report in (tmp_path / "reports").glob("*.txt"):
        report.unlink()  # so the check really reads the entries
    result = run_cli(*args, env=env)
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    # and each was replaced by a real entry again
    assert all(entry.is_file() and not entry.is_symlink() for entry in entries)


def test_an_entry_forged_with_positions_that_do_not_inflate_stops_nothing(tmp_path):
    """Someone who can write the cache folder re-signs an entry whose deflated positions are
    garbage: the check still says every finding (at the file's start where a position is
    unknown), and never stops with an internal error."""
    import base64

    from seta_align.loading.cache_dir import payload_digest

    env = {"SETA_ALIGN_CACHE_DIR": str(tmp_path), "SETA_ALIGN_LANG": "en"}
    draft = DRAFTS / "unknown-reference"
    expected = run_cli("check", CLEAN, draft, "--format", "json", "--no-cache", env=env)
    run_cli("check", CLEAN, draft, "--format", "text", env=env)  # fills the cache
    forged = 0
    for entry in tmp_path.glob("??/*.json"):
        header, payload = entry.read_bytes().split(b"\n", 1)
        data = json.loads(payload)
        items = data.get("positions") if isinstance(data, dict) else None
        if not isinstance(items, list) or not any(i.startswith("z:") for i in items[2]):
            continue
        items[2] = ["z:" + base64.b64encode(b"not deflated").decode() for _ in items[2]]
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        fields = json.loads(header)
        fields["digest"] = payload_digest(entry.stem, payload)
        entry.write_bytes(json.dumps(fields).encode() + b"\n" + payload)
        forged += 1
    assert forged
    for report in (tmp_path / "reports").glob("*.txt"):
        report.unlink()  # so the check really reads the entries
    again = run_cli("check", CLEAN, draft, "--format", "json", env=env)
    assert again.exit_code == expected.exit_code
    codes = sorted(f["code"] for f in json.loads(again.stdout)["findings"])
    assert codes == sorted(f["code"] for f in json.loads(expected.stdout)["findings"])
