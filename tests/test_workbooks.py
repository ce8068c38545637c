"""Workbooks and sheets, hard to break: unpacked size, XML entities, formulas without a saved
value, hidden sheets, tags that round-trip exactly, writing only inside ``-o``, and file names
Windows reserves. Each class both ways."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from test_import_export import GOOD_ROW, HEADER, _row, _workbook

from seta_align.sheet.cells import join_tags, split_tags
from seta_align.sheet.table import MAX_UNPACKED_BYTES
from seta_align.sheet.yaml_out import WINDOWS_RESERVED, windows_safe

from conftest import run_cli


def _import(*args, lang="en"):
    return run_cli("import", *args, "--lang", lang)


def _rewrite(path: Path, change) -> None:
    """Rewrite the members of a workbook through ``change(name, data) -> data``."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info.filename, change(info.filename, data))


# --- unpacked size -------------------------------------------------------------------------


def test_a_workbook_that_unpacks_to_too_much_is_refused_quickly(tmp_path):
    book = _workbook(tmp_path / "bomb.xlsx", [HEADER, GOOD_ROW])
    with (
        zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as member,
    ):
        zeros = bytes(1 << 24)
        for _ in range(MAX_UNPACKED_BYTES // len(zeros) + 1):
            member.write(zeros)
    assert book.stat().st_size < 2_000_000  # small on disk …
    started = time.monotonic()
    result = _import(book, "-o", tmp_path / "out")
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert "unpacks to too much data" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_ordinary_workbook_is_read(tmp_path):
    book = _workbook(tmp_path / "ok.xlsx", [HEADER, GOOD_ROW])
    result = _import(book, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output


# --- XML entities --------------------------------------------------------------------------


def test_entity_expansion_is_refused_quickly(tmp_path):
    book = _workbook(tmp_path / "laughs.xlsx", [HEADER, GOOD_ROW])
    entities = '<!ENTITY a "' + "a" * 100 + '">' + "".join(
        f'<!ENTITY {chr(98 + n)} "' + f"&{chr(97 + n)};" * 10 + '">' for n in range(8)
    )

    def bomb(name: str, data: bytes) -> bytes:
        if name != "xl/workbook.xml":
            return data
        header, _, rest = data.partition(b"?>")
        return header + b"?>" + f"<!DOCTYPE workbook [{entities}]>".encode() + rest

    _rewrite(book, bomb)
    started = time.monotonic()
    result = _import(book, "-o", tmp_path / "out")
    assert time.monotonic() - started < 20
    assert result.exit_code == 2
    assert "laughs.xlsx" in result.stderr and "Excel workbook" in result.stderr


def test_defusedxml_is_installed_for_openpyxl():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


# --- formulas without a saved value ----------------------------------------------------------


def test_a_formula_without_a_saved_value_is_a_located_error(tmp_path):
    row = _row(SDGs='="SDG-8.3"')
    book = _workbook(tmp_path / "script.xlsx", [HEADER, row])
    result = _import(book, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "has no saved result" in result.stderr
    assert "(G2, SDGs)" in result.stderr  # the sheet, row and column of the cell
    assert not (tmp_path / "out").exists()


def test_a_formula_with_a_saved_value_is_read(tmp_path):
    row = _row(SDGs='="SDG-8.3"')
    book = _workbook(tmp_path / "excel.xlsx", [HEADER, row])

    def computed(name: str, data: bytes) -> bytes:  # as Excel saves it: the result beside it
        if not name.startswith("xl/worksheets/"):
            return data
        return data.replace(
            b'<c r="G2"><f>"SDG-8.3"</f><v /></c>',
            b'<c r="G2" t="str"><f>"SDG-8.3"</f><v>SDG-8.3</v></c>',
        )

    _rewrite(book, computed)
    result = _import(book, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    (measure,) = yaml.safe_load((tmp_path / "out" / "keizai-sangyo.yaml").read_text("utf-8"))
    assert "SDG-8.3" in measure["supports"]


# --- hidden sheets -------------------------------------------------------------------------


def _two_sheets(path: Path, *, hide_first: bool, header_on_second: bool, active: int) -> Path:
    book = Workbook()
    first = book.active
    first.title = "古い一覧"
    first.append(HEADER)
    first.append(_row(施策ID="OLD-01"))
    second = book.create_sheet("施策一覧")
    if header_on_second:
        second.append(HEADER)
        second.append(GOOD_ROW)
    else:
        second.append(["メモ"])
    if hide_first:
        first.sheet_state = "hidden"
    book.active = active
    book.save(path)
    return path


def test_a_visible_sheet_wins_over_a_hidden_one(tmp_path):
    book = _two_sheets(tmp_path / "b.xlsx", hide_first=True, header_on_second=True, active=1)
    result = _import(book, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "hidden" not in result.stderr
    assert "ECON-90" in (tmp_path / "out" / "keizai-sangyo.yaml").read_text("utf-8")


def test_only_a_hidden_sheet_is_read_and_said(tmp_path):
    book = _two_sheets(tmp_path / "b.xlsx", hide_first=True, header_on_second=False, active=1)
    result = _import(book, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Sheet '古い一覧' is hidden" in result.stderr
    assert "OLD-01" in (tmp_path / "out" / "keizai-sangyo.yaml").read_text("utf-8")


def test_the_active_sheet_is_preferred(tmp_path):
    book = _two_sheets(tmp_path / "b.xlsx", hide_first=False, header_on_second=True, active=1)
    result = _import(book, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Reading sheet '施策一覧'" in result.stderr
    text = (tmp_path / "out" / "keizai-sangyo.yaml").read_text("utf-8")
    assert "ECON-90" in text and "OLD-01" not in text


# --- tags round-trip exactly -----------------------------------------------------------------

TAG = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),  # control characters: escaped
    max_size=12,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(TAG, max_size=6))
def test_any_tags_survive_join_and_split(values):
    assert split_tags(join_tags(values)) == values


def test_tags_with_separators_round_trip_through_a_workbook(tmp_path):
    tricky = ["事業承継、中小企業", "a,b", '"引用"', " 空白 ", "孤独・孤立", "", "x;y\nz"]
    folder = tmp_path / "draft"
    folder.mkdir()
    (folder / "m.yaml").write_text(
        yaml.safe_dump(
            [
                {
                    "id": "ECON-01",
                    "title": "題",
                    "owner": "経済産業部",
                    "field": "ECON",
                    "supports": ["PP-6"],
                    "tags": tricky,
                }
            ],
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    sheet = tmp_path / "sheet.xlsx"
    assert run_cli("export", folder, "-o", sheet).exit_code == 0
    result = _import(sheet, "-o", tmp_path / "out", "--by", "single")
    assert result.exit_code == 0, result.output
    (measure,) = yaml.safe_load((tmp_path / "out" / "measures.yaml").read_text("utf-8"))
    assert measure["tags"] == tricky


# --- writing only inside -o ----------------------------------------------------------------


def test_a_linked_sub_folder_cannot_lead_outside_the_output(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "sub")
    header = [*HEADER, "ファイル"]
    book = _workbook(tmp_path / "b.xlsx", [header, [*GOOD_ROW, "sub/keizai.yaml"]])
    result = _import(book, "-o", out, "--by", "file")
    assert result.exit_code == 2
    assert "outside the output folder" in result.stderr
    assert list(outside.iterdir()) == []
    # and a real sub-folder is fine
    os.unlink(out / "sub")
    result = _import(book, "-o", out, "--by", "file")
    assert result.exit_code == 0, result.output
    assert (out / "sub" / "keizai.yaml").is_file()


# --- names Windows reserves ----------------------------------------------------------------


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.one_of(
        st.sampled_from(sorted(WINDOWS_RESERVED)),
        st.text(alphabet="aclnoprtuxCLNOPRTUX0123456789. ", min_size=1, max_size=10),
    ),
    st.sampled_from(["", ".yaml", ".YML", ".draft.yaml", ". ", "."]),
)
def test_no_made_name_is_one_windows_reserves(base, suffix):
    name = windows_safe(base + suffix)
    assert name and not name.endswith((".", " "))
    assert name.partition(".")[0].rstrip(" ").upper() not in WINDOWS_RESERVED


def test_reserved_names_in_a_sheet_are_made_safe(tmp_path):
    header = [*HEADER, "ファイル"]
    book = _workbook(
        tmp_path / "b.xlsx",
        [header, [*GOOD_ROW, "NUL.yaml"], [*_row(施策ID="ECON-91"), "com1.draft.yaml"]],
    )
    result = _import(book, "-o", tmp_path / "out", "--by", "file")
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == ["NUL_.yaml", "com1_.draft.yaml"]
    owner = _workbook(tmp_path / "c.xlsx", [HEADER, _row(所管="Con")])
    result = _import(owner, "-o", tmp_path / "out2")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out2").iterdir()] == ["con_.yaml"]


def test_workbook_bytes_helper_reads_back(tmp_path):
    """The rewrite helper keeps a workbook a workbook (so the tests above test the reader)."""
    book = _workbook(tmp_path / "x.xlsx", [HEADER, GOOD_ROW])
    _rewrite(book, lambda name, data: data)
    assert zipfile.is_zipfile(io.BytesIO(book.read_bytes()))
