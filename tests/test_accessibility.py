"""axe-core in Chromium on every HTML output of the bundled sample: no serious or critical
violation of WCAG 2 A/AA (contrast of text on the SDG and status colours among them).

A ward publishes these pages: JIS X 8341-3 asks for WCAG 2.x AA. axe-core comes from npm
(`.ci/run` installs it into `.ci/node_modules`; elsewhere set SETA_ALIGN_AXE to an
`axe.min.js`). The page's Content-Security-Policy, which forbids every script but its own, is
taken out of the copy that axe reads; nothing else is changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(os.environ.get("SETA_ALIGN_AXE") or ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js")
PAGES = {
    "report": ("report", "--sample"),
    "progress": ("progress", "--sample", "--format", "html"),
    "impacts": ("impacts", "--sample", "--format", "html"),
    "matrix": ("matrix", "--sample", "--format", "html"),
    "trace-measure": ("trace", "ECON-01", "--sample", "--format", "html"),
    "trace-node": ("trace", "PP-6", "--sample", "--format", "html"),
    "diff": ("diff", FIXTURES / "diff" / "old", FIXTURES / "diff" / "new", "--format", "html"),
    "diff-years": ("diff", "--years", "2024..2025", ROOT / "data" / "measures", "--format", "html"),
    "sheets": ("sheets", "--sample", "--format", "html"),
}
RUNNER = """
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
  .then(function (result) {
    var out = document.createElement("pre");
    out.id = "axe-results";
    out.textContent = JSON.stringify(result.violations.map(function (v) {
      return {id: v.id, impact: v.impact, count: v.nodes.length,
              where: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }),
              why: v.nodes.slice(0, 1).map(function (n) { return n.failureSummary; })};
    }));
    document.body.appendChild(out);
  });
"""

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and AXE.exists()),
    reason="needs /usr/bin/chromium and axe-core (.ci/run installs both)",
)


def _violations(html: str, tmp: Path) -> list[dict]:
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    script = f"<script>{AXE.read_text(encoding='utf-8')}</script><script>{RUNNER}</script>"
    page = tmp / "page.html"
    page.write_text(html.replace("</body>", script + "</body>"), encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp)
    try:
        done = subprocess.run(
            [
                str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-sync",
                f"--user-data-dir={profile}", "--virtual-time-budget=30000", "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return json.loads(text.replace("&quot;", '"'))


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violation(name, tmp_path):
    target = tmp_path / f"{name}.html"
    result = run_cli(*PAGES[name], "-o", target)
    assert result.exit_code == 0, result.output
    violations = _violations(target.read_text(encoding="utf-8"), tmp_path)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, ensure_ascii=False, indent=1)
