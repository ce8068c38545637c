"""The views for people: rich tables at 80 columns and ``--format text``.

Ids and level keys are never broken mid-token, Japanese text wraps at characters, the first run
after ``init`` reads as an invitation (the user's own findings first, the uncovered nodes one
line per level), the rich view ends with the text verdict, and ``--quiet`` and ``--color`` do
what they say.
"""

from __future__ import annotations

import json
import re

from conftest import DRAFTS, run_cli, run_in_terminal

ID = re.compile(
    r"\b(?:SDG|PP|ORD|IV|VIS|PR|GL)-\d+(?:\.\d+)?\b|\b[A-Z]+\.[a-z_]+\b|\bIV\b|\bDIR\b"
)


def _first_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli("init", "proj").exit_code == 0
    monkeypatch.chdir(tmp_path / "proj")


def test_no_id_or_level_key_is_broken_at_80_columns(tmp_path, monkeypatch):
    _first_run(tmp_path, monkeypatch)
    document = json.loads(run_cli("check", "--format", "json").stdout)
    ids = {node["id"] for node in document["coverage"]["nodes"]}
    keys = {level["key"] for level in document["coverage"]["levels"]}
    for lang in ("ja", "en"):
        shown = run_cli(
            "check", "--show", "all", "--lang", lang, env={"COLUMNS": "80"}
        ).stdout
        lines = shown.splitlines()
        assert max(len(line.rstrip()) for line in lines) <= 80
        found = set()
        for line in lines:
            found.update(ID.findall(line))
        # every id or key on a line is a whole one (a broken one would be a prefix of one)
        assert found <= ids | keys, sorted(found - ids - keys)
        for key in keys:
            assert key in shown
        # an id cut at its "-" or "." would leave such ends and starts
        broken = [
            line
            for line in lines
            if re.search(r"\b[A-Z]{2,4}-(?:\d+\.)?$|\b[A-Z]+\.$", line.rstrip())
            or (re.match(r"\s*(?:\.\d|[a-z_]+\b(?!\.))", line) and "." in line[:3])
        ]
        assert not broken, broken


def test_japanese_wraps_at_characters_not_at_spaces():
    from seta_align.reporters.wrapping import wrap

    message = "施策 KIDS-06 に目標指標（kpis）がありません。supports の「SDG-8.10」という ID はありません。"
    for width in range(12, 60):
        lines = wrap(message, width)
        assert "".join(lines).replace(" ", "") == message.replace(" ", "")  # nothing lost
        for line in lines:
            assert sum(2 if ord(c) > 0x2E7F else 1 for c in line) <= width
            assert not line.startswith(("、", "。", "）", "」"))  # 禁則: no closing mark first
            assert not line.endswith(("（", "「"))  # … and no opening bracket last
        joined = "\n".join(lines)
        for token in ("KIDS-06", "SDG-8.10", "supports", "kpis"):
            assert token in joined  # ids and ASCII words are never split
        # Japanese fills the line: only the last line may be much shorter than the width
        for line in lines[:-1]:
            # (less at most the widest unit that cannot be broken: 「SDG-8.10」 is 12 cells)
            assert sum(2 if ord(c) > 0x2E7F else 1 for c in line) >= width - 12


def test_japanese_messages_fill_the_column_in_the_table(tmp_path, monkeypatch):
    _first_run(tmp_path, monkeypatch)
    shown = run_cli("check", "--show", "findings", env={"COLUMNS": "80"}).stdout
    lines = shown.splitlines()
    start = next(i for i, line in enumerate(lines) if "SA301" in line)
    column = lines[start].index("PP-")  # where the message column starts
    message = []
    for line in lines[start : start + 8]:
        cell = line[column:].strip()
        if cell.startswith("→") or not cell:
            break
        message.append(cell)
    assert len(message) >= 2
    width = max(sum(2 if ord(c) > 0x2E7F else 1 for c in cell) for cell in message)
    for cell in message[:-1]:  # every line but the last is (nearly) full
        assert sum(2 if ord(c) > 0x2E7F else 1 for c in cell) >= width - 4, message


def test_the_first_run_reads_as_an_invitation(tmp_path, monkeypatch):
    _first_run(tmp_path, monkeypatch)
    (tmp_path / "proj" / "data" / "measures" / "typo.yaml").write_text(
        "- id: X-1\n  title: 試し\n  owner: 政策経営部\n  field: MGMT\n  supports: [PP-7]\n",
        encoding="utf-8",
    )
    document = json.loads(run_cli("check", "--format", "json").stdout)
    uncovered = [f for f in document["findings"] if f["code"] == "SA201"]
    assert len(uncovered) > 20  # the machine formats keep one finding per node
    text = run_cli("check", "--format", "text").stdout.splitlines()
    sa201 = [line for line in text if "SA201" in line]
    levels = {f"{n['framework']}.{n['level']}" for n in document["coverage"]["nodes"]
              if n["id"] in {f["node"] for f in uncovered}}
    assert len(sa201) == len(levels)  # one line per level …
    for line in sa201:
        count = int(re.search(r"(\d+) 件", line).group(1))
        assert count == len(re.findall(ID, line.split("件: ", 1)[1]))  # … listing its ids
    own = next(i for i, line in enumerate(text) if line.startswith("data/measures/typo.yaml"))
    assert own < text.index(sa201[0])  # the user's own findings first
    rich = run_cli("check", "--show", "findings", env={"COLUMNS": "100"}).stdout
    assert rich.index("typo.yaml") < rich.index("SA201")
    assert rich.count("SA201") == len(levels)
    verbose = run_cli("check", "--format", "text", "-v").stdout.splitlines()
    assert sum("SA201" in line for line in verbose) == len(uncovered)


def test_the_rich_view_ends_with_the_text_verdict(tmp_path, monkeypatch):
    for args in ([DRAFTS / "uncovered"], [DRAFTS / "cycle"], [DRAFTS / "syntax"]):
        for lang in ("ja", "en"):
            text = run_cli("check", *args, "--format", "text", "--lang", lang).stdout
            verdict = text.splitlines()[-1]
            # the whole line even where it is wider than the terminal (the terminal folds it)
            for columns in ("80", "40"):
                rich = run_cli("check", *args, "--lang", lang, env={"COLUMNS": columns}).stdout
                last = [line for line in rich.splitlines() if line.strip()][-1].strip()
                assert last == verdict


def test_the_verdict_counts_in_plain_english(tmp_path, monkeypatch):
    _first_run(tmp_path, monkeypatch)
    verdict = run_cli("check", "--format", "text", "--lang", "en").stdout.splitlines()[-1]
    assert verdict.startswith("2 measures in 1 file: 0 errors, ")
    shown = run_cli("check", "--format", "text", "--lang", "en").stdout
    assert re.search(r"\(SDG\.goal\), \d+ nodes no measure serves: SDG-1, ", shown)
    assert "(IV.theme), 1 node no measure serves: IV\n" in shown


def test_table_headings_wrap_at_characters(tmp_path, monkeypatch):
    _first_run(tmp_path, monkeypatch)
    for columns in (80, 60):
        lines = run_cli(
            "check", "--show", "crossfield", env={"COLUMNS": str(columns)}
        ).stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("分野横断マトリクス"))
        heading = [lines[start].rstrip(), lines[start + 1].rstrip()]
        assert heading[1].endswith("理念は除く）")  # the heading takes two lines …
        # … the first of them full, not broken at the space after 「列:」
        assert sum(2 if ord(c) > 0x2E7F else 1 for c in heading[0]) >= columns - 2, heading


def test_quiet_shows_only_findings_and_the_verdict():
    args = ["check", DRAFTS / "cycle", "--quiet"]
    text = run_cli(*args, "--format", "text").stdout.splitlines()
    assert not any(line.startswith("coverage ") for line in text)
    assert "SA502" in text[0] and text[-1].startswith("施策 ")
    rich = run_cli(*args).stdout
    assert "概要" not in rich and "分野横断マトリクス" not in rich
    assert "SA502" in rich
    loud = run_cli("check", DRAFTS / "cycle").stdout
    assert "概要" in loud


def test_color_always_never_and_force_color():
    args = ["check", DRAFTS / "cycle", "--show", "findings"]
    assert "\x1b[" in run_cli(*args, "--color", "always").stdout  # even into a pipe
    assert "\x1b[" not in run_cli(*args).stdout  # a pipe: no colour
    assert "\x1b[" in run_cli(*args, env={"FORCE_COLOR": "1"}).stdout
    _code, shown = run_in_terminal(*args)
    assert "\x1b[" in shown  # a terminal: colour
    _code, shown = run_in_terminal(*args, "--color", "never")
    assert "\x1b[" not in shown
    _code, shown = run_in_terminal(*args, env={"NO_COLOR": "1"})
    assert "\x1b[31" not in shown
    # and the choice ends with the command: the next one decides afresh
    assert "\x1b[" not in run_cli(*args).stdout


def test_every_command_takes_quiet_and_color(tmp_path, monkeypatch):
    from conftest import CLEAN

    monkeypatch.chdir(tmp_path)
    for command in ("check", "matrix", "trace", "graph", "report", "export", "import", "diff",
                    "schema", "rules", "init"):
        shown = run_cli(command, "--help").stdout
        assert "--quiet" in shown and "--color" in shown, command
    loud = run_cli("export", CLEAN, "-o", "a.xlsx")
    quiet = run_cli("export", CLEAN, "-o", "b.xlsx", "--quiet")
    assert "a.xlsx" in loud.stderr and quiet.stderr == ""
    loud = run_cli("report", CLEAN, "-o", "a.html")
    quiet = run_cli("report", CLEAN, "-o", "b.html", "-q")
    assert "a.html" in loud.stderr and quiet.stderr == ""
    assert run_cli("init", "p1").stdout and run_cli("init", "p2", "--quiet").stdout == ""
    _code, shown = run_in_terminal("matrix", CLEAN, "--color", "never")
    assert "\x1b[" not in shown
    assert "\x1b[" in run_cli("trace", "PP-6.5", CLEAN, "--color", "always").stdout
