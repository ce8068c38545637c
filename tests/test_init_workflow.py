"""The CI workflow ``seta-align init`` writes works on its first push.

It is linted with actionlint, and its ``run:`` steps are run in order with bash as a GitHub
runner would (a fresh virtual environment, seta-align installed from this checkout, the step
outputs and ``if:`` conditions the workflow uses), on a clean draft and on a draft with a typo'd
key: the annotations and the SARIF file must come out in both cases, and the job must fail on
the second.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, run_cli

WORKFLOW = Path(".github/workflows/seta-align.yml")
ACTIONLINT = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
SHELLCHECK = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")


def _scaffold(folder: Path, *args: str) -> Path:
    result = run_cli("init", folder, "--ci", "github", *args)
    assert result.exit_code == 0, result.output
    return folder / WORKFLOW


# --- actionlint ----------------------------------------------------------------------------


def test_the_workflow_passes_actionlint_and_the_lint_can_fail(tmp_path):
    """actionlint checks the workflow's syntax, expressions, step ids and action inputs, and
    with shellcheck every run: script."""
    if not os.path.exists(ACTIONLINT):
        if platform.machine() in ("x86_64", "AMD64", "aarch64", "arm64"):
            pytest.fail("actionlint is missing: pip install -e '.[test]'")
        pytest.skip("the test extra has no actionlint for this machine")
    if not os.path.exists(SHELLCHECK):
        pytest.fail("shellcheck is missing: pip install -e '.[test]'")
    lint = [ACTIONLINT, "-no-color", "-shellcheck", SHELLCHECK]
    workflow = _scaffold(tmp_path / "proj", "--install-spec", "git+https://example.org/s@v1")
    result = subprocess.run([*lint, str(workflow)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # The same lint on broken copies fails: the test above can fail. A step id misspelt in an
    # expression, and a run: script that would split the install spec on spaces.
    text = workflow.read_text(encoding="utf-8")
    for broken_text, said in (
        (text.replace("steps.check.outputs.status", "steps.chek.outputs.status"), "chek"),
        (text.replace('install "$SETA_ALIGN_INSTALL"', "install $SETA_ALIGN_INSTALL"), "SC2086"),
    ):
        assert broken_text != text
        broken = tmp_path / "broken.yml"
        broken.write_text(broken_text, encoding="utf-8")
        result = subprocess.run([*lint, str(broken)], capture_output=True, text=True, timeout=120)
        assert result.returncode != 0 and said in result.stdout, result.stdout


# --- where seta-align is installed from ------------------------------------------------------


def _spec_with(direct_url: dict | None, tmp_path: Path) -> str:
    """What install_spec() answers when seta-align was installed as ``direct_url`` says."""
    site = tmp_path / "site"
    info = site / "seta_align-9.9.9.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: seta-align\nVersion: 9.9.9\n", encoding="utf-8"
    )
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url), encoding="utf-8")
    probe = (
        f"import sys; sys.path.insert(0, {str(site)!r}); "
        "from seta_align.commands.init import install_spec; print(install_spec())"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_install_spec_is_where_seta_align_came_from(tmp_path):
    git = {
        "url": "https://github.com/example/seta-align",
        "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "v1.0"},
    }
    assert _spec_with(git, tmp_path / "a") == (
        "('git+https://github.com/example/seta-align@0123abc', False)"
    )
    wheel = {"url": "https://example.org/seta_align-1.0-py3-none-any.whl", "archive_info": {}}
    assert _spec_with(wheel, tmp_path / "b") == (
        "('https://example.org/seta_align-1.0-py3-none-any.whl', False)"
    )
    # From a local folder or an index: a placeholder to edit, never the bare name.
    local = {"url": "file:///home/me/seta-align", "dir_info": {"editable": True}}
    for recorded, folder in ((local, "c"), (None, "d")):
        spec = _spec_with(recorded, tmp_path / folder)
        assert "github.com/<organisation>/seta-align@v" in spec and spec.endswith("True)")


def test_a_placeholder_is_said_and_stops_the_workflow_with_a_message(tmp_path):
    result = run_cli("init", tmp_path / "proj", "--ci", "github", "--lang", "en")
    workflow = (tmp_path / "proj" / WORKFLOW).read_text(encoding="utf-8")
    if "<organisation>" not in workflow:  # this seta-align was installed from git or an index
        pytest.skip("installed from a usable place: no placeholder to test")
    assert "Set SETA_ALIGN_INSTALL" in result.stderr
    install = _steps(tmp_path / "proj" / WORKFLOW)[0]
    process = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", install["run"]],
        env={**os.environ, "SETA_ALIGN_INSTALL": _env(tmp_path / "proj" / WORKFLOW)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 2
    assert "::error title=seta-align::Set SETA_ALIGN_INSTALL" in process.stdout


def test_install_spec_is_written_as_given(tmp_path):
    workflow = _scaffold(tmp_path / "proj", "--install-spec", "./vendor/seta_align-1.0.whl")
    assert 'SETA_ALIGN_INSTALL: "./vendor/seta_align-1.0.whl"' in workflow.read_text(
        encoding="utf-8"
    )


# --- the run: steps, in order, as a runner would run them -----------------------------------


def _steps(workflow: Path) -> list[dict]:
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    setup = ("actions/checkout@", "actions/setup-python@")  # done by the test's own venv
    steps = document["jobs"]["check"]["steps"]
    return [step for step in steps if not str(step.get("uses", "")).startswith(setup)]


def _env(workflow: Path) -> str:
    return yaml.safe_load(workflow.read_text(encoding="utf-8"))["env"]["SETA_ALIGN_INSTALL"]


def _expression(text: str, outputs: dict, outcomes: dict, folder: Path) -> str:
    """The few GitHub expressions the workflow uses, evaluated as GitHub would."""

    def value(term: str) -> object:
        term = term.strip()
        if term == "always()":
            return True
        match = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+)", term)
        if match:
            return outputs.get(match.group(1), {}).get(match.group(2), "")
        match = re.fullmatch(r"steps\.(\w+)\.outcome", term)
        if match:
            return outcomes.get(match.group(1), "skipped")
        match = re.fullmatch(r"hashFiles\('([^']+)'\)", term)
        if match:
            return "some-hash" if (folder / match.group(1)).exists() else ""
        match = re.fullmatch(r"'([^']*)'", term)
        if match:
            return match.group(1)
        raise AssertionError(f"an expression this test does not know: {term}")

    def compare(part: str) -> bool:
        for operator in ("!=", "=="):
            if operator in part:
                left, right = part.split(operator)
                same = value(left) == value(right)
                return not same if operator == "!=" else same
        return bool(value(part))

    return str(all(compare(part) for part in text.split("&&"))).lower()


def _run_job(folder: Path, venv: Path) -> tuple[list[tuple[str, int, str]], dict]:
    """The job's steps after the setup actions, run as a runner would: the workflow's env,
    each step's ``if:``, the step outputs; returns (name, exit code, output) per step run."""
    steps = _steps(folder / WORKFLOW)
    outputs: dict[str, dict] = {}
    outcomes: dict[str, str] = {}
    record = []
    summary = folder / "step-summary.md"
    for index, step in enumerate(steps):
        name = step.get("name", step.get("uses", ""))
        condition = step.get("if")
        if condition is None and any(code != 0 for _, code, _ in record):
            continue  # success() is the default condition
        if condition is not None and _expression(condition, outputs, outcomes, folder) != "true":
            continue
        if "uses" in step:  # an action: not run here (no GitHub), so it did not succeed
            outcomes[step.get("id", f"step{index}")] = "failure"
            record.append((name, 0 if step.get("continue-on-error") else 1, "skipped: action"))
            continue
        output_file = folder / f".output-{index}"
        output_file.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "VIRTUAL_ENV": str(venv),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(summary),
            **yaml.safe_load((folder / WORKFLOW).read_text(encoding="utf-8"))["env"],
            "SETA_ALIGN_LANG": "en",
        }
        env.pop("SETA_ALIGN_CACHE_DIR", None)
        for key, raw in (step.get("env") or {}).items():
            env[key] = re.sub(
                r"\$\{\{(.*?)\}\}",
                lambda m: str(
                    outputs.get(re.search(r"steps\.(\w+)", m.group(1)).group(1), {}).get(
                        m.group(1).strip().rsplit(".", 1)[1], ""
                    )
                ),
                str(raw),
            )
        process = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        step_id = step.get("id", f"step{index}")
        outcomes[step_id] = "success" if process.returncode == 0 else "failure"
        outputs[step_id] = dict(
            line.split("=", 1)
            for line in output_file.read_text(encoding="utf-8").splitlines()
            if "=" in line
        )
        record.append((name, process.returncode, process.stdout + process.stderr))
    return record, outputs


@pytest.fixture(scope="module")
def runner_venv(tmp_path_factory):
    """A fresh virtual environment, as on a runner; the workflow's own step installs into it."""
    venv = tmp_path_factory.mktemp("runner") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    return venv


CHECK_STEP = "seta-align check (annotations and step summary)"
NOTE_STEP = "Note when code scanning is not available"


def test_the_workflow_steps_run_in_order_on_a_clean_and_a_broken_draft(tmp_path, runner_venv):
    # The upload action cannot run here; _run_job counts it as failed, as it does where code
    # scanning is not available, so the note after it is exercised on every run.
    folder = tmp_path / "proj"
    _scaffold(folder, "--install-spec", str(ROOT))
    measures = folder / "data" / "measures" / "example.yaml"
    clean = measures.read_text(encoding="utf-8")

    record, outputs = _run_job(folder, runner_venv)
    codes = {name: code for name, code, _ in record}
    assert codes["Install seta-align"] == 0, record[0][2][-3000:]
    assert (runner_venv / "bin" / "seta-align").exists()  # the steps ran the one installed here
    assert list(codes) == [
        "Install seta-align",
        CHECK_STEP,
        "SARIF for code scanning",
        "Upload SARIF",
        NOTE_STEP,
        "Verdict",
    ]
    assert set(codes.values()) == {0}, record  # the job passes
    assert outputs["check"]["status"] == "0"
    sarif = json.loads((folder / "seta-align.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 0
    assert "seta-align" in (folder / "step-summary.md").read_text(encoding="utf-8")
    assert (
        "::notice title=seta-align::SARIF was not uploaded"
        in dict((name, text) for name, _, text in record)[NOTE_STEP]
    )

    # An error finding (the same id twice): exit 1, annotations and SARIF, the job fails.
    measures.write_text(clean.replace("- id: KIDS-01", "- id: ECON-01"), encoding="utf-8")
    (folder / "seta-align.sarif").unlink()
    record, outputs = _run_job(folder, runner_venv)
    by_name = {name: (code, text) for name, code, text in record}
    assert outputs["check"]["status"] == "1"
    assert "::error file=data/measures/example.yaml,line=23" in by_name[CHECK_STEP][1]
    assert by_name["SARIF for code scanning"][0] == 0
    sarif = json.loads((folder / "seta-align.sarif").read_text(encoding="utf-8"))
    assert any(r["ruleId"] == "SA101" for r in sarif["runs"][0]["results"])
    assert by_name["Verdict"][0] == 1

    # A colleague's typo: an unknown key. The check exits 2, and still every later step runs:
    # annotations, SARIF with the finding, and a job that fails at the end.
    measures.write_text(
        clean.replace("  owner: 経済産業部", "  ownr: 経済産業部"), encoding="utf-8"
    )
    (folder / "seta-align.sarif").unlink()
    record, outputs = _run_job(folder, runner_venv)
    by_name = {name: (code, text) for name, code, text in record}
    assert outputs["check"]["status"] == "2"
    check_code, check_text = by_name[CHECK_STEP]
    assert check_code == 0  # the exit code is recorded, not raised here
    assert "::error file=data/measures/example.yaml,line=" in check_text
    assert by_name["SARIF for code scanning"][0] == 0
    sarif = json.loads((folder / "seta-align.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "SA003" for r in results)
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 2
    assert "Upload SARIF" in by_name  # attempted even though the check failed
    assert NOTE_STEP in by_name
    verdict_code, verdict_text = by_name["Verdict"]
    assert verdict_code == 2
    assert "could not be read" in verdict_text


def test_when_the_install_fails_nothing_else_runs_and_the_job_fails(tmp_path, runner_venv):
    folder = tmp_path / "proj"
    _scaffold(folder, "--install-spec", str(tmp_path / "no-such-folder"))
    record, outputs = _run_job(folder, runner_venv)
    assert [(name, code != 0) for name, code, _ in record] == [("Install seta-align", True)]
    assert "check" not in outputs and not (folder / "seta-align.sarif").exists()


def test_the_workflow_is_readable_yaml_with_one_place_to_change(tmp_path):
    workflow = _scaffold(tmp_path / "proj", "--install-spec", "git+https://example.org/s@v1")
    text = workflow.read_text(encoding="utf-8")
    assert text.count("SETA_ALIGN_INSTALL:") == 1
    assert "pip install seta-align\n" not in text and '"seta-align"' not in text
    comment = textwrap.dedent(text.split("env:", 1)[1].split("jobs:", 1)[0])
    assert "never a bare name" in comment


# --- which CI, and GitLab ------------------------------------------------------------------

GITLAB_JOB = Path(".gitlab/seta-align.yml")
CODE_QUALITY_SCHEMA = json.loads(
    (ROOT / "tests" / "fixtures" / "schemas" / "gitlab-codequality.json").read_text("utf-8")
)


def _git_init(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True, timeout=60)


def test_outside_a_git_repository_no_ci_file_is_written_and_it_says_so(tmp_path):
    result = run_cli("init", tmp_path / "proj", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "No CI files written (outside a git repository" in result.stdout
    assert not (tmp_path / "proj" / ".github").exists()
    assert not (tmp_path / "proj" / ".gitlab").exists()
    assert not (tmp_path / "proj" / ".gitlab-ci.yml").exists()
    assert (tmp_path / "proj" / ".pre-commit-config.yaml").is_file()


def test_inside_a_git_repository_the_ci_follows_the_repository(tmp_path):
    github = tmp_path / "gh"
    _git_init(github)
    result = run_cli("init", github, "--lang", "en")
    assert "CI: GitHub Actions (a git repository" in result.stdout
    assert (github / WORKFLOW).is_file() and not (github / GITLAB_JOB).exists()

    gitlab = tmp_path / "gl"
    _git_init(gitlab)
    subprocess.run(
        ["git", "-C", str(gitlab), "remote", "add", "origin", "https://gitlab.example.lg.jp/a/b"],
        check=True,
    )
    result = run_cli("init", gitlab, "--lang", "en")
    assert "CI: GitLab CI (the remote is a GitLab" in result.stdout
    assert (gitlab / GITLAB_JOB).is_file() and not (gitlab / WORKFLOW).exists()
    include = yaml.safe_load((gitlab / ".gitlab-ci.yml").read_text("utf-8"))
    assert include == {"include": [{"local": ".gitlab/seta-align.yml"}]}

    # --ci none inside a repository: nothing of CI.
    plain = tmp_path / "plain"
    _git_init(plain)
    run_cli("init", plain, "--ci", "none")
    assert not (plain / ".github").exists() and not (plain / ".gitlab").exists()


def test_a_city_with_its_own_gitlab_ci_file_keeps_it_and_is_told_to_include_the_job(tmp_path):
    folder = tmp_path / "city"
    _git_init(folder)
    own = "stages: [test]\nlint:\n  script: [echo ok]\n"
    (folder / ".gitlab-ci.yml").write_text(own, encoding="utf-8")
    result = run_cli("init", folder, "--lang", "en")
    assert "CI: GitLab CI (.gitlab-ci.yml in the repository" in result.stdout
    assert (folder / ".gitlab-ci.yml").read_text("utf-8") == own
    assert "Add 'include: [{local: .gitlab/seta-align.yml}]' to your .gitlab-ci.yml" in (
        result.stderr
    )


def _gitlab_script(folder: Path) -> str:
    job = yaml.safe_load((folder / GITLAB_JOB).read_text("utf-8"))["seta-align"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    return "\n".join(job["script"])


def _run_gitlab_job(folder: Path, venv: Path) -> tuple[int, str]:
    """The job's script as a GitLab runner runs it: its variables, in the project's folder."""
    job = yaml.safe_load((folder / GITLAB_JOB).read_text("utf-8"))["seta-align"]
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "CI": "true",
        "GITLAB_CI": "true",
        **job["variables"],
        "SETA_ALIGN_LANG": "en",
    }
    env.pop("SETA_ALIGN_CACHE_DIR", None)
    process = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _gitlab_script(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return process.returncode, process.stdout + process.stderr


def test_the_gitlab_job_runs_and_uploads_a_valid_report_clean_and_broken(tmp_path, runner_venv):
    folder = tmp_path / "proj"
    assert run_cli(
        "init", folder, "--ci", "gitlab", "--framework", "blank", "--install-spec", str(ROOT)
    ).exit_code == 0
    report = folder / "gl-code-quality-report.json"
    code, output = _run_gitlab_job(folder, runner_venv)
    assert code == 0, output[-3000:]
    assert json.loads(report.read_text("utf-8")) == []
    assert "no finding at or above fail_on" in output

    # An error finding (an unknown id): the job fails, and the report has it on its line.
    measures = folder / "data" / "measures" / "example.yaml"
    clean = measures.read_text("utf-8")
    measures.write_text(clean.replace("CITY-1.1.2.1,", "CITY-9,"), encoding="utf-8")
    code, output = _run_gitlab_job(folder, runner_venv)
    assert code == 1, output[-3000:]
    issues = json.loads(report.read_text("utf-8"))
    jsonschema.validate(issues, CODE_QUALITY_SCHEMA)
    [unknown] = [i for i in issues if i["check_name"] == "SA102"]
    assert unknown["location"]["path"] == "data/measures/example.yaml"
    assert unknown["severity"] == "major"

    # A typo'd key: exit 2, and the report still holds the located problem.
    measures.write_text(clean.replace("  owner:", "  ownr:"), encoding="utf-8")
    code, output = _run_gitlab_job(folder, runner_venv)
    assert code == 2, output[-3000:]
    issues = json.loads(report.read_text("utf-8"))
    jsonschema.validate(issues, CODE_QUALITY_SCHEMA)
    assert any(i["check_name"] == "SA003" for i in issues)
    assert "could not be read" in output


def test_the_gitlab_job_stops_with_a_message_until_the_install_is_set(tmp_path):
    folder = tmp_path / "proj"
    assert run_cli(
        "init", folder, "--ci", "gitlab", "--install-spec",
        "git+https://github.com/<organisation>/seta-align@v0.1.0",
    ).exit_code == 0
    code, output = _run_gitlab_job(folder, Path(sys.executable).parent.parent)
    assert code == 2
    assert "set SETA_ALIGN_INSTALL in .gitlab/seta-align.yml" in output


def test_a_project_in_a_folder_of_a_repository_gets_its_ci_at_the_root_checking_that_folder(
    tmp_path, runner_venv
):
    repo = tmp_path / "repo"
    _git_init(repo)
    own = "stages: [test]\nlint:\n  script: [echo ok]\n"
    (repo / ".gitlab-ci.yml").write_text(own, encoding="utf-8")
    result = run_cli(
        "init", repo / "plan", "--framework", "blank", "--install-spec", str(ROOT), "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    # GitLab reads its files at the root: the job is there, the city's own file left as it is.
    assert "created: ../.gitlab/seta-align.yml" in result.stdout
    assert not (repo / "plan" / ".gitlab").exists()
    assert (repo / ".gitlab-ci.yml").read_text("utf-8") == own
    assert "Add 'include: [{local: .gitlab/seta-align.yml}]' to your ../.gitlab-ci.yml" in (
        result.stderr
    )
    assert "seta-align check plan --format gitlab" in _gitlab_script(repo)

    # Run from the root, the report names the file as the repository does.
    measures = repo / "plan" / "data" / "measures" / "example.yaml"
    measures.write_text(
        measures.read_text("utf-8").replace("CITY-1.1.2.1,", "CITY-9,"), encoding="utf-8"
    )
    code, output = _run_gitlab_job(repo, runner_venv)
    assert code == 1, output[-3000:]
    issues = json.loads((repo / "gl-code-quality-report.json").read_text("utf-8"))
    [unknown] = [i for i in issues if i["check_name"] == "SA102"]
    assert unknown["location"]["path"] == "plan/data/measures/example.yaml"

    # GitHub likewise: the workflow at the root checks the folder; so does pre-commit, which
    # also looks at the root.
    github = tmp_path / "gh"
    _git_init(github)
    assert run_cli("init", github / "plan", "--ci", "github").exit_code == 0
    workflow = (github / WORKFLOW).read_text("utf-8")
    assert "seta-align check plan --format github" in workflow
    assert "seta-align check plan --format sarif" in workflow
    [hook] = yaml.safe_load((github / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0][
        "hooks"
    ]
    assert hook["entry"] == "seta-align check plan --format text"
    assert re.match(hook["files"], "plan/data/measures/x.yaml")
    assert not re.match(hook["files"], "other/x.yaml")
    assert not (github / "plan" / ".pre-commit-config.yaml").exists()

    # Reached through a symbolic link, the folder is still named as the repository has it.
    linked = tmp_path / "gh2"
    _git_init(linked)
    (tmp_path / "link").symlink_to(linked)
    assert run_cli("init", tmp_path / "link" / "plan2", "--ci", "github").exit_code == 0
    assert "seta-align check plan2 --format github" in (linked / WORKFLOW).read_text("utf-8")
