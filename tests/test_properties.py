"""Property-based tests: random valid drafts pass, and every planted problem is found.

Drafts are generated against the small test framework (tests/fixtures/framework/mini.yaml),
written as real files with ``yaml.safe_dump`` and checked by the real CLI. Each corruption test
plants exactly one known problem in such a draft and asserts that the checker never crashes and
always reports it. Runs are derandomised, so CI sees the same examples every time.

The last test runs the loader's fuzz target (tests/fuzz/fuzz_loader.py) briefly.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from seta_align.models import Measure

from conftest import MINI_FRAMEWORK, ROOT, run_cli

NODES = (
    "PP-1",
    "PP-1.1",
    "PP-6",
    "PP-6.5",
    "ORD-2",
    "ORD-2.3",
    "SDG-4",
    "SDG-4.7",
    "SDG-8",
    "SDG-8.3",
    "SDG-8.10",
)
PARENT = {
    "PP-1.1": "PP-1",
    "PP-6.5": "PP-6",
    "ORD-2.3": "ORD-2",
    "SDG-4.7": "SDG-4",
    "SDG-8.3": "SDG-8",
    "SDG-8.10": "SDG-8",
}
FIELDS = ("LIFE", "ECON")
PLAN_START, PLAN_END = 2024, 2031
ERRORS_OF_A_VALID_DRAFT = {"SA101", "SA102", "SA103", "SA502"}

WORDS = (
    "子ども",
    "若者",
    "起業",
    "商店街",
    "支援",
    "地域経済",
    "環境",
    "教育",
    "防災",
    "福祉",
    "まちづくり",
    "創業",
    "事業承継",
    "脱炭素",
    "区民参加",
    "推進",
    "の",
    "と",
    "による",
    "ＤＸ",
    "ｹｲｻﾞｲ",
    "「世田谷」",
    "（仮称）",
)
OWNERS = ("経済産業部", "子ども・若者部", "生活文化政策部", "ｹｲｻﾞｲｻﾝｷﾞｮｳﾌﾞ", "ＤＸ推進担当部")
UNITS = ("件", "人", "%", "t-CO2", "回", "箇所")
FILE_STEMS = ("keizai", "kodomo", "部局", "施策 案", "a.b", "UPPER")

# Hypothesis: the same examples on every run (derandomize), no example database in the work tree,
# and no shrinking: each example runs the CLI, so shrinking a failure can take minutes; the
# failing draft is printed as generated (it is small anyway).
QUICK = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=30,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Printable text of any script (letters, marks, numbers, punctuation, symbols, spaces), no
# control or format characters; safe_dump quotes whatever needs quoting.
printable = st.text(
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")), max_size=20
)
japanese_text = st.builds(
    lambda words, extra: "".join(words) + extra,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    printable,
)
numbers = st.one_of(
    st.integers(-(10**9), 10**9),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
)


def full_width(text: str) -> str:
    """ＳＤＧ－８．３ for SDG-8.3: what the loader reads back as the half-width id (SA004)."""
    return text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})


def full_width_to_half(text: str) -> str:
    return text.translate({c + 0xFEE0: c for c in range(0x21, 0x7F)})


def year_forms(year: int) -> list[object]:
    """Ways people write a fiscal year that all mean ``year``."""
    forms: list[object] = [year, year, str(year), f"FY{year}", f"{year}年度"]
    if year >= 2019:
        forms += [f"令和{year - 2018}年度", f"R{year - 2018}"]
    elif 1989 <= year <= 2018:
        forms.append(f"平成{year - 1988}年度")
    return forms


@st.composite
def years(draw, low: int, high: int) -> tuple[int, object]:
    """A year in [low, high] and how it is written."""
    year = draw(st.integers(low, high))
    return year, draw(st.sampled_from(year_forms(year)))


@st.composite
def supports_lists(draw) -> list[str]:
    """1–4 distinct nodes, never a node together with its ancestor."""
    drawn = draw(st.lists(st.sampled_from(NODES), min_size=1, max_size=4, unique=True))
    kept: list[str] = []
    for node in drawn:
        related = {node, PARENT.get(node)} | {c for c, p in PARENT.items() if p == node}
        if not related & set(kept):
            kept.append(node)
    return [full_width(n) if draw(st.integers(0, 9)) == 0 else n for n in kept]


@st.composite
def kpis(draw) -> dict:
    target_year, target_written = draw(years(PLAN_START, PLAN_END))
    kpi: dict = {"name": draw(japanese_text), "unit": draw(st.sampled_from(UNITS))}
    if draw(st.booleans()):
        _, baseline_written = draw(years(2015, target_year))
        kpi["baseline"] = {"year": baseline_written, "value": draw(numbers)}
    kpi["target"] = {"year": target_written, "value": draw(numbers)}
    return kpi


@st.composite
def measures(draw, measure_id: str, earlier: tuple[str, ...]) -> dict:
    measure: dict = {"id": measure_id, "title": draw(japanese_text)}
    if draw(st.booleans()):
        measure["title_en"] = draw(printable)
    if draw(st.booleans()):
        measure["description"] = draw(japanese_text)
    measure["owner"] = draw(st.one_of(st.sampled_from(OWNERS), japanese_text))
    field_id = draw(st.sampled_from(FIELDS))
    measure["field"] = full_width(field_id) if draw(st.integers(0, 9)) == 0 else field_id
    measure["supports"] = draw(supports_lists())
    if draw(st.integers(0, 3)):
        measure["kpis"] = draw(st.lists(kpis(), min_size=1, max_size=3))
    if earlier and draw(st.booleans()):
        measure["depends_on"] = draw(
            st.lists(st.sampled_from(earlier), min_size=1, max_size=3, unique=True)
        )
    if draw(st.booleans()):
        start = draw(st.integers(PLAN_START, PLAN_END))
        measure["period"] = {"start": start, "end": draw(st.integers(start, PLAN_END))}
    if draw(st.booleans()):
        measure["tags"] = draw(st.lists(st.one_of(st.sampled_from(WORDS), printable), max_size=3))
    return measure


@dataclass
class DraftFile:
    name: str
    measures: list[dict]
    as_mapping: bool = False  # one measure written as a mapping rather than a list
    corrupted: bytes | None = None  # written instead of the measures when set

    def text(self) -> str:
        data = self.measures[0] if self.as_mapping else self.measures
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    def content(self) -> bytes:
        return self.text().encode("utf-8") if self.corrupted is None else self.corrupted


@dataclass
class Draft:
    files: list[DraftFile] = field(default_factory=list)

    @property
    def all_measures(self) -> list[dict]:
        return [m for f in self.files for m in f.measures]

    def write(self, folder: Path) -> None:
        (folder / "seta-align.yaml").write_text(
            f"framework: {json.dumps(str(MINI_FRAMEWORK))}\n", encoding="utf-8"
        )
        for draft_file in self.files:
            (folder / draft_file.name).write_bytes(draft_file.content())


@st.composite
def drafts(draw, min_files: int = 1) -> Draft:
    """A valid draft: 1–3 files of 1–6 measures M-1, M-2, … depending only on earlier ones."""
    draft = Draft()
    written: list[str] = []
    for index in range(draw(st.integers(min_files, 3))):
        items = []
        for _ in range(draw(st.integers(1, 6))):
            measure_id = f"M-{len(written) + 1}"
            items.append(draw(measures(measure_id, tuple(written))))
            written.append(measure_id)
        name = f"{index:02d}-{draw(st.sampled_from(FILE_STEMS))}.yaml"
        as_mapping = len(items) == 1 and draw(st.booleans())
        draft.files.append(DraftFile(name, items, as_mapping))
    return draft


def check(draft: Draft, twice: bool = False) -> tuple[int, dict, Path]:
    """Write ``draft`` to a new folder and run ``seta-align check`` on it, as a user would.

    Never a crash: no exception but SystemExit, exit code 0, 1 or 2, a JSON document. The parse
    cache lives in the folder (a dot folder, never read as measures); with ``twice`` the check runs
    again on the warm cache and must say exactly the same. The folder returned no longer exists;
    it names the files in the findings (see ``in_file``).
    """
    with tempfile.TemporaryDirectory(prefix="seta-align-prop-") as work:
        folder = Path(work)
        draft.write(folder)
        env = {
            "SETA_ALIGN_LANG": "ja",
            "COLUMNS": "200",
            "SETA_ALIGN_CACHE_DIR": str(folder / ".seta-align-cache"),
        }
        runs = [run_cli("check", folder, "--format", "json", env=env) for _ in range(1 + twice)]
    for result in runs:
        assert result.exception is None or isinstance(result.exception, SystemExit), "".join(
            traceback.format_exception(result.exception)
        )
        assert result.exit_code in (0, 1, 2), result.output
    document = json.loads(runs[0].stdout)
    assert document["exit_code"] == runs[0].exit_code
    if twice:
        assert runs[1].stdout == runs[0].stdout, "a warm parse cache changed the result"
    return runs[0].exit_code, document, folder


def found(document: dict, code: str) -> list[dict]:
    return [f for f in document["findings"] if f["code"] == code]


def in_file(finding: dict, folder: Path, name: str) -> bool:
    """Whether ``finding`` is about the file ``name`` of the draft written to ``folder``."""
    shown = finding["file"]
    return shown is not None and os.path.normpath(Path.cwd() / shown) == str(folder / name)


def measure_ids(draft: Draft) -> list[str]:
    return [m["id"] for m in draft.all_measures]


# --- valid drafts --------------------------------------------------------------------------


@settings(QUICK, max_examples=60)
@given(drafts())
def test_random_valid_draft_is_clean(draft):
    exit_code, document, _ = check(draft, twice=True)
    assert exit_code in (0, 1)
    codes = {f["code"] for f in document["findings"]}
    assert not codes & ERRORS_OF_A_VALID_DRAFT, document["findings"]
    assert not [f for f in document["findings"] if f["input_problem"]], document["findings"]
    assert exit_code == (1 if document["summary"]["findings"]["error"] else 0)
    summary = document["summary"]
    assert summary["measures"] == len(draft.all_measures)
    assert summary["files"] == len(draft.files)
    assert summary["links"] == sum(len(m["supports"]) for m in draft.all_measures)
    # What follows from how the draft was built: never a node with its ancestor, years inside
    # the plan period, SA401 exactly for the measures without kpis, and the coverage by node.
    assert "SA501" not in codes
    assert "SA402" not in codes
    assert {f["measure"] for f in found(document, "SA401")} == {
        m["id"] for m in draft.all_measures if "kpis" not in m
    }
    direct: dict[str, set[str]] = {node: set() for node in NODES}
    for measure in draft.all_measures:
        for node in measure["supports"]:
            direct[full_width_to_half(node)].add(measure["id"])
    actual = {n["id"]: set(n["direct"]) for n in document["coverage"]["nodes"]}
    assert actual == direct


# --- one planted problem at a time ---------------------------------------------------------


@st.composite
def pick_measure(draw, draft: Draft) -> tuple[DraftFile, dict]:
    draft_file = draw(st.sampled_from(draft.files))
    return draft_file, draw(st.sampled_from(draft_file.measures))


@settings(QUICK)
@given(drafts(), st.data())
def test_duplicate_id_across_files_is_sa101(draft, data):
    _, measure = data.draw(pick_measure(draft))
    copy_of = copy.deepcopy(measure)
    copy_of["title"] += "（複製）"
    others = [f for f in draft.files if measure not in f.measures]
    if others and data.draw(st.booleans()):
        target = data.draw(st.sampled_from(others))
        target.measures.insert(data.draw(st.integers(0, len(target.measures))), copy_of)
        target.as_mapping = False
    else:
        draft.files.append(DraftFile("zz-duplicate.yaml", [copy_of]))
    exit_code, document, _ = check(draft)
    assert exit_code == 1
    duplicates = found(document, "SA101")
    assert [f["measure"] for f in duplicates] == [measure["id"]], document["findings"]
    assert f"'{measure['id']}'" in duplicates[0]["messages"]["en"]


unknown_suffixes = st.text(
    alphabet="ABCXYZabcxyz0123456789-_.", min_size=1, max_size=6
) | st.sampled_from(["0", "1", ".1", ".10", "-1", "a", "X"])


@settings(QUICK)
@given(drafts(), st.data())
def test_unknown_supports_id_is_sa102_at_that_measure(draft, data):
    _, measure = data.draw(pick_measure(draft))
    unknown = data.draw(
        st.builds(str.__add__, st.sampled_from(NODES), unknown_suffixes).filter(
            lambda i: i not in NODES
        )
    )
    supports = measure["supports"]
    if data.draw(st.booleans()):
        supports[data.draw(st.integers(0, len(supports) - 1))] = unknown
    else:
        supports.insert(data.draw(st.integers(0, len(supports))), unknown)
    exit_code, document, _ = check(draft)
    assert exit_code == 1
    unknown_here = [
        f
        for f in found(document, "SA102")
        if f["measure"] == measure["id"] and f"'{unknown}'" in f["messages"]["en"]
    ]
    assert len(unknown_here) == 1, document["findings"]
    assert unknown_here[0]["line"] is not None


@settings(QUICK)
@given(drafts(), st.data())
def test_empty_supports_is_sa103(draft, data):
    _, measure = data.draw(pick_measure(draft))
    how = data.draw(st.sampled_from(["empty list", "null", "no key"]))
    if how == "no key":
        del measure["supports"]
    else:
        measure["supports"] = [] if how == "empty list" else None
    exit_code, document, _ = check(draft)
    assert exit_code == 1
    assert [f["measure"] for f in found(document, "SA103")] == [measure["id"]]


@settings(QUICK)
@given(drafts(), st.data())
def test_dependency_cycle_is_sa502(draft, data):
    ids = measure_ids(draft)
    cycle = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    by_id = {m["id"]: m for m in draft.all_measures}
    for here, after in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
        depends = by_id[here].setdefault("depends_on", [])
        if after not in depends:
            depends.insert(data.draw(st.integers(0, len(depends))), after)
    exit_code, document, _ = check(draft)
    assert exit_code == 1
    cycles = found(document, "SA502")
    assert cycles, document["findings"]
    on_a_cycle = set()
    for finding in cycles:
        path = finding["messages"]["en"].split(": ", 1)[1].split(" → ")
        assert finding["measure"] in path
        on_a_cycle |= set(path)
    # Every cycle must use a planted link, so a planted measure is on a reported cycle.
    assert on_a_cycle & set(cycle), (cycle, cycles)


@settings(QUICK)
@given(drafts(), st.data())
def test_duplicate_key_is_sa002_and_exit_2(draft, data):
    draft_file, measure = data.draw(pick_measure(draft))
    key = data.draw(st.sampled_from(["id", "title", "owner", "field", "supports"]))
    lines = draft_file.text().splitlines()
    if draft_file.as_mapping:
        indent, first, end = "", lines.index(f"id: {measure['id']}"), len(lines)
    else:
        indent, first = "  ", lines.index(f"- id: {measure['id']}")
        # The measure ends where the next item of the top-level list starts.
        end = next(
            (i for i in range(first + 1, len(lines)) if lines[i].startswith("- ")), len(lines)
        )
    # Right after the id line (a one-line scalar) or after the measure's last line.
    lines.insert(data.draw(st.sampled_from([first + 1, end])), f"{indent}{key}: 重複した値")
    draft_file.corrupted = ("\n".join(lines) + "\n").encode("utf-8")
    exit_code, document, folder = check(draft)
    assert exit_code == 2
    duplicates = found(document, "SA002")
    assert len(duplicates) == 1, document["findings"]
    assert in_file(duplicates[0], folder, draft_file.name)
    assert f"'{key}'" in duplicates[0]["messages"]["en"]


unknown_keys = st.one_of(
    st.sampled_from(
        [
            "suports",
            "titel",
            "kpi",
            "owner_",
            "Title",
            "ｉｄ",
            "備考",
            "担当 課",
            "str",
            "int",
            "none",
            "Measure",
            "note[1]",
        ]
    ),
    st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True),
).filter(lambda key: key not in Measure.model_fields)


@settings(QUICK)
@given(drafts(), st.data())
def test_unknown_key_is_sa003_and_exit_2(draft, data):
    draft_file, measure = data.draw(pick_measure(draft))
    key = data.draw(unknown_keys)
    value = data.draw(
        st.one_of(st.none(), st.integers(), printable, st.lists(st.sampled_from(NODES)))
    )
    items = list(measure.items())
    items.insert(data.draw(st.integers(0, len(items))), (key, value))
    measure.clear()
    measure.update(items)
    exit_code, document, folder = check(draft)
    assert exit_code == 2
    unknown = [
        f
        for f in found(document, "SA003")
        if f"Unknown field '{key}'" in f["messages"]["en"] and in_file(f, folder, draft_file.name)
    ]
    assert len(unknown) == 1, document["findings"]


SPECIAL_BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xe3\x81",
    b"\x80",
    b"\t",
    b"\r",
    b"\x1b",
    b"\xef\xbb\xbf",
    b":",
    b"-",
    b"[",
    b"'",
    b'"',
    b"&",
    b"*",
    b"!",
]
byte_edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace"]),
        st.integers(0, 1 << 20),
        st.one_of(st.sampled_from(SPECIAL_BYTES), st.binary(min_size=1, max_size=4)),
    ),
    min_size=1,
    max_size=6,
)


def corrupt(raw: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for action, where, new in edits:
        at = where % (len(raw) + 1)
        if action == "insert":
            raw = raw[:at] + new + raw[at:]
        elif action == "delete":
            raw = raw[:at] + raw[at + len(new) :]
        else:
            raw = raw[:at] + new + raw[at + len(new) :]
    return raw


@settings(QUICK, max_examples=80)
@given(drafts(), st.data(), byte_edits)
def test_byte_corruption_never_crashes_and_blames_the_file(draft, data, edits):
    draft_file = data.draw(st.sampled_from(draft.files))
    draft_file.corrupted = corrupt(draft_file.content(), edits)
    exit_code, document, folder = check(draft)  # never a crash; exit code 0, 1 or 2
    if exit_code == 2:
        blamed = [f for f in document["findings"] if in_file(f, folder, draft_file.name)]
        assert blamed, document["findings"]


outside_years = st.one_of(st.integers(1900, PLAN_START - 1), st.integers(PLAN_END + 1, 2200))


@settings(QUICK)
@given(drafts(), st.data(), outside_years)
def test_target_year_outside_the_plan_is_sa402(draft, data, year):
    _, measure = data.draw(pick_measure(draft))
    written = data.draw(st.sampled_from(year_forms(year)))
    kpi_list = measure.setdefault("kpis", [])
    if kpi_list and data.draw(st.booleans()):
        kpi_list[data.draw(st.integers(0, len(kpi_list) - 1))]["target"]["year"] = written
    else:
        kpi_list.append({"name": "件数", "unit": "件", "target": {"year": written, "value": 1}})
    exit_code, document, _ = check(draft)
    assert exit_code == 0  # a warning
    outside = [
        f
        for f in found(document, "SA402")
        if f["measure"] == measure["id"] and f"({year})" in f["messages"]["en"]
    ]
    assert outside, document["findings"]


# --- the fuzz target keeps working ---------------------------------------------------------


def _fuzz_module():
    path = ROOT / "tests" / "fuzz" / "fuzz_loader.py"
    spec = importlib.util.spec_from_file_location("fuzz_loader", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_loader"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_builtin_fuzz_loop_finds_no_crash(tmp_path):
    fuzz = _fuzz_module()
    stats = fuzz.run_builtin(
        iterations=200,
        seed=20240401,
        time_budget=120,
        crash_dir=tmp_path,
        skip=("alias_bomb", "big"),  # each costs seconds; the long runs try them
    )
    assert stats.iterations == 200
    assert not stats.crashes, stats.summary()
    assert {"SA001", "SA003"} <= set(stats.codes), stats.summary()
