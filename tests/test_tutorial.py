"""docs/another-municipality.md is run as written: its ``sh`` blocks command by command, its
``yaml`` blocks whose first line names a file written to that file, in the page's order, on the
fixture 施策体系表. Each command must exit 0, as the page says."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT, run_cli

PAGE = ROOT / "docs" / "another-municipality.md"
BLOCK = re.compile(r"^```(sh|yaml)\n(.*?)^```", re.M | re.S)


def _steps() -> list[tuple[str, str]]:
    return [(kind, body) for kind, body in BLOCK.findall(PAGE.read_text("utf-8"))]


def test_the_tutorial_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran: list[str] = []
    outputs: dict[str, str] = {}
    for kind, body in _steps():
        if kind == "yaml":
            first, _, rest = body.partition("\n")
            assert first.startswith("# "), f"a yaml block must name its file: {first}"
            (Path.cwd() / first[2:].strip()).write_text(rest, encoding="utf-8")
            continue
        for line in body.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            words = shlex.split(line)
            ran.append(line)
            if words[0] == "cd":
                monkeypatch.chdir(Path.cwd() / words[1])
                # The reader puts their sheet here; the test puts the page's example sheet.
                shutil.copy(FIXTURES / "framework-import" / "施策体系表.xlsx", Path.cwd())
                continue
            if words[0] == "rm":
                (Path.cwd() / words[1]).unlink()
                continue
            assert words[0] == "seta-align", line
            result = run_cli(*words[1:])
            assert result.exit_code == 0, f"{line}\n{result.output}"
            outputs[line] = result.stdout
    assert ran[0].startswith("seta-align init") and "seta-align check" in ran

    # What the page says of the first check, worked out from the sheet and the two measures.
    document = json.loads(run_cli("check", "--format", "json").stdout)
    uncovered = [f["node"] for f in document["findings"] if f["code"] == "SA201"]
    assert sorted(uncovered) == ["P1-1.2", "P1-2", "P2-1.2", "P2-2"]
    [below] = [f for f in document["findings"] if f["code"] == "SA202"]
    assert "(2/5)" in below["messages"]["en"] or "2/5" in below["message"]
    assert not [f for f in document["findings"] if f["code"] == "SA102"]
    assert document["framework"]["modules"] == ["framework.yaml", "seta-align:sdgs"]
    assert document["plan_period"] == {"start": 2025, "end": 2034}
    assert (Path.cwd() / "report.html").stat().st_size > 10_000
    shown = outputs["seta-align framework show"]
    assert "架空市総合計画" in shown and "CITY.program" in shown
