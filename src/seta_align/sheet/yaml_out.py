"""Imported measures into measure files: which file each goes to, and the YAML text; and a
square sheet's interactions into an interactions file.

Files are named after the owner (所管部) in ASCII, so they work on every system and in git:
common department names have a romanisation (経済産業部 → ``keizai-sangyo.yaml``, the names of
the bundled sample), other names are put together from common words (産業観光部 →
``sangyo-kanko.yaml``), and an owner that cannot be spelled so gets ``owner-<n>.yaml`` in the
order the owners first appear in the sheet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import yaml

from .rows import ImportedMeasure

# Owner → file name, for the departments of a ward office (the bundled sample's among them).
DEPARTMENTS = {
    "政策経営部": "seisaku-keiei",
    "DX推進担当部": "dx-suishin",
    "総務部": "somu",
    "庁舎整備担当部": "chosha-seibi",
    "財務部": "zaimu",
    "危機管理部": "kiki-kanri",
    "地域行政部": "chiiki-gyosei",
    "生活文化政策部": "seikatsu-bunka",
    "経済産業部": "keizai-sangyo",
    "環境政策部": "kankyo",
    "清掃・リサイクル部": "seiso-recycle",
    "保健福祉政策部": "hoken-fukushi",
    "高齢福祉部": "korei-fukushi",
    "障害福祉部": "shogai-fukushi",
    "子ども・若者部": "kodomo-wakamono",
    "保育部": "hoiku",
    "児童相談所": "jido-sodansho",
    "世田谷保健所": "hokenjo",
    "都市整備政策部": "toshi-seibi",
    "防災街づくり担当部": "bosai-machizukuri",
    "みどり33推進担当部": "midori33",
    "道路・交通計画部": "doro-kotsu",
    "土木部": "doboku",
    "教育委員会事務局": "kyoiku",
    "教育政策・生涯学習部": "kyoiku-seisaku",
    "会計室": "kaikei",
    "区議会事務局": "gikai",
    "選挙管理委員会事務局": "senkyo",
    "監査事務局": "kansa",
}
# Words department names are made of, for names not in the table above.
WORDS = {
    "政策": "seisaku",
    "経営": "keiei",
    "企画": "kikaku",
    "総務": "somu",
    "財務": "zaimu",
    "財政": "zaisei",
    "危機": "kiki",
    "管理": "kanri",
    "防災": "bosai",
    "地域": "chiiki",
    "行政": "gyosei",
    "区民": "kumin",
    "生活": "seikatsu",
    "文化": "bunka",
    "観光": "kanko",
    "国際": "kokusai",
    "経済": "keizai",
    "産業": "sangyo",
    "商業": "shogyo",
    "農業": "nogyo",
    "環境": "kankyo",
    "清掃": "seiso",
    "リサイクル": "recycle",
    "保健": "hoken",
    "保健所": "hokenjo",
    "福祉": "fukushi",
    "健康": "kenko",
    "医療": "iryo",
    "介護": "kaigo",
    "高齢": "korei",
    "障害": "shogai",
    "子ども": "kodomo",
    "子供": "kodomo",
    "若者": "wakamono",
    "保育": "hoiku",
    "児童": "jido",
    "家庭": "katei",
    "都市": "toshi",
    "整備": "seibi",
    "計画": "keikaku",
    "街づくり": "machizukuri",
    "まちづくり": "machizukuri",
    "住宅": "jutaku",
    "道路": "doro",
    "交通": "kotsu",
    "土木": "doboku",
    "公園": "koen",
    "みどり": "midori",
    "教育": "kyoiku",
    "生涯学習": "shogai-gakushu",
    "学校": "gakko",
    "スポーツ": "sports",
    "情報": "joho",
    "広報": "koho",
    "人事": "jinji",
    "会計": "kaikei",
    "議会": "gikai",
    "選挙": "senkyo",
    "監査": "kansa",
    "委員会": "iinkai",
    "事務局": "jimukyoku",
    "推進": "suishin",
    "担当": "tanto",
    "調整": "chosei",
    "相談": "sodan",
    "支援": "shien",
    "総合": "sogo",
    "支所": "shisho",
}
# A department is "…部": the ending says nothing in a file name.
_ENDINGS = ("担当部", "部", "局", "室", "課")
_ASCII = re.compile(r"[A-Za-z0-9]+")


def romanise(owner: str) -> str | None:
    """An ASCII file-name stem for an owner, or None when it cannot be spelled."""
    normal = unicodedata.normalize("NFKC", owner).strip()
    if normal.isascii():
        return re.sub(r"[^a-z0-9]+", "-", normal.lower()).strip("-") or None
    name = re.sub(r"\s+", "", normal)
    if name in DEPARTMENTS:
        return DEPARTMENTS[name]
    for ending in _ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            name = name[: -len(ending)]
            break
    words: list[str] = []
    position = 0
    longest = max(map(len, WORDS))
    while position < len(name):
        if name[position] in "・･-_":
            position += 1
            continue
        ascii_run = _ASCII.match(name, position)
        if ascii_run:
            words.append(ascii_run.group(0).lower())
            position = ascii_run.end()
            continue
        for size in range(min(longest, len(name) - position), 0, -1):
            word = WORDS.get(name[position : position + size])
            if word:
                words.append(word)
                position += size
                break
        else:
            return None
    return "-".join(words) or None


# Names Windows keeps for devices, whatever the extension or case (a supported platform).
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
    | {"COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
)


def windows_safe(part: str) -> str:
    """One file or folder name that every supported system can create: a name Windows
    reserves gets ``_`` after its base (``con.yaml`` → ``con_.yaml``), and trailing dots and
    spaces, which Windows drops, are removed."""
    part = part.rstrip(". ") or "_"
    base, dot, rest = part.partition(".")
    if base.rstrip(" ").upper() in WINDOWS_RESERVED:
        return f"{base}_{dot}{rest}"
    return part


def files_by_owner(measures: Iterable[ImportedMeasure]) -> dict[str, list[ImportedMeasure]]:
    """``{file name: measures}``: one file per owner, in the order owners first appear."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    unnamed = 0
    files: dict[str, list[ImportedMeasure]] = {}
    for item in measures:
        owner = item.measure.owner
        if owner not in names:
            stem = romanise(owner)
            if stem is None:
                unnamed += 1
                stem = f"owner-{unnamed}"
            stem = windows_safe(stem)
            candidate, number = stem, 1
            while candidate in taken:
                number += 1
                candidate = f"{stem}-{number}"
            taken.add(candidate)
            names[owner] = f"{candidate}.yaml"
        files.setdefault(names[owner], []).append(item)
    return files


class _Dumper(yaml.SafeDumper):
    """Lists inside a measure indented under their key, as in the documentation."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


_BREAKS_YAML_SEES = ("\x85", "\u2028", "\u2029")


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Several lines of text read best as a literal block; characters that YAML itself reads as
    # line breaks (NEL, U+2028/9) survive only escaped in a double-quoted string.
    if any(mark in data for mark in _BREAKS_YAML_SEES):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)

# An impact's `on:` key is written quoted ("on":), as the bundled sample writes it: YAML 1.1
# tools (PyYAML's safe_load among them) read a plain `on` key as true.
def _mapping(dumper: yaml.SafeDumper, data: dict) -> yaml.MappingNode:
    node = dumper.represent_dict(data)
    for key, _value in node.value:
        if key.value == "on" and key.tag == "tag:yaml.org,2002:str":
            key.style = '"'
    return node


_Dumper.add_representer(dict, _mapping)


def comment_text(text: str) -> str:
    """Text for a YAML comment: no line break or control character can end the comment."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]+", " ", text)


def measure_yaml(
    items: list[ImportedMeasure], source: str, sheet: str, date: str, owner: str | None
) -> str:
    """A measure file: a header saying where it came from, then each measure after a comment
    naming its row. Strings YAML would read as something else (``"NO"``, ``"8.10"``) are
    quoted by the dumper; the text is read back and compared before it is written."""
    source, sheet = comment_text(source), comment_text(sheet)
    lines = [
        f"# seta-align import で {source}（シート「{sheet}」）から作成しました（{date}）。",
        f"# Written by seta-align import from {source} (sheet '{sheet}') on {date}.",
    ]
    if owner is not None:
        lines.append(f"# 所管部 / owner: {comment_text(owner)}")
    text = "\n".join(lines) + "\n"
    for item in items:
        text += f"\n# {sheet} 行{item.row} / row {item.row}\n"
        text += yaml.dump(
            [item.data],
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=None,
            width=4096,
        )
    _verify(text, items)
    return text


def _verify(text: str, items: list[ImportedMeasure]) -> None:
    """The file must read back, through the same reader ``check`` uses, as exactly the
    measures it was written from, with nothing to normalise."""
    from ..loading.normalise import normalise_measure
    from ..loading.yaml_source import parse_yaml_text
    from ..models import Measure

    document = parse_yaml_text(text, "<import>")
    data = document.data
    if document.problems or not isinstance(data, list) or len(data) != len(items):
        raise RuntimeError(f"generated YAML does not read back: {document.problems}")
    for index, (read, item) in enumerate(zip(data, items, strict=True)):
        notes = normalise_measure(read, (index,), "<import>", document.source)
        if notes or read != item.data or Measure.model_validate(read) != item.measure:
            raise RuntimeError(f"generated YAML differs for {item.measure.id}")


def interactions_yaml(items: list[dict], source: str, sheet: str, date: str) -> str:
    """The interactions file of a square sheet: a header and a ``note:`` saying where it came
    from, then one ``{from, to, score}`` per assessed pair, row by row. Read back and compared
    before it is written, like a measure file."""
    source, sheet = comment_text(source), comment_text(sheet)
    note = (
        f"{source}（シート「{sheet}」）から seta-align import で作成（{date}）/ "
        f"Imported by seta-align from {source} (sheet '{sheet}') on {date}"
    )
    header = (
        f"# seta-align import で {source}（シート「{sheet}」）から作成しました（{date}）。\n"
        f"# Written by seta-align import from {source} (sheet '{sheet}') on {date}.\n"
        "# 行の目標が列の目標に与える影響（-3 両立不可 … +3 不可分）。書かれていない組は未評価です。\n"
        "# The row's effect on the column (-3 cancelling … +3 indivisible); a pair not listed "
        "is not assessed.\n"
    )
    document = {"note": note, "interactions": items}
    text = header + yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=4096,
    )
    _verify_interactions(text, document)
    return text


def _verify_interactions(text: str, document: dict) -> None:
    from ..loading.yaml_source import parse_yaml_text
    from ..models import InteractionsFile

    read = parse_yaml_text(text, "<import>")
    if read.problems or read.data != document:
        raise RuntimeError(f"generated interactions YAML does not read back: {read.problems}")
    InteractionsFile.model_validate(read.data)


def results_yaml(
    items: list, source: str, sheets: list[str], date: str, evaluations: list | None = None
) -> str:
    """A results file from results sheets: a header saying where it came from, then the
    results sheet by sheet, each on one line that names its row (a note of several lines
    takes the line before); with the measures' evaluations (施策評価), the mapping form, the
    results under ``results:`` and the evaluations under ``evaluations:``. Read back and
    compared before it is written."""
    source = comment_text(source)
    names_ja = "」「".join(comment_text(name) for name in sheets)
    names_en = "', '".join(comment_text(name) for name in sheets)
    text = (
        f"# seta-align import で {source}（シート「{names_ja}」）から作成しました（{date}）。\n"
        f"# Written by seta-align import from {source} (sheet{'s' if len(sheets) > 1 else ''} "
        f"'{names_en}') on {date}.\n"
        "# value: null は未報告（理由は note）/ value: null means not reported (why: note).\n"
    )
    indent = ""
    if evaluations:
        text += "results:\n" if items else "results: []\n"
        indent = "  "
    text += _listed(items, indent)
    if evaluations:
        text += "evaluations:\n" + _listed(evaluations, indent)
    _verify_results(text, [item.data for item in items], [e.data for e in (evaluations or [])])
    return text


def _listed(items: list, indent: str) -> str:
    """Each item on a line that names its sheet and row (a block when its text is longer)."""
    text = ""
    sheet = None
    for item in items:
        place = item.place
        if place.sheet != sheet:
            sheet = place.sheet
            text += f"\n{indent}# {comment_text(sheet)}\n"
        mark = f"# 行{place.row} / row {place.row}"
        flow = yaml.dump(
            item.data,
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=True,
            width=4096,
        )
        if flow.count("\n") == 1:
            text += f"{indent}- {flow.rstrip()}  {mark}\n"
        else:  # a note longer than a line is wrapped: the item as a block
            block = yaml.dump(
                [item.data], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096
            )
            text += f"{indent}{mark}\n" + "".join(f"{indent}{line}\n" for line in block.splitlines())
    return text


def _verify_results(text: str, expected: list[dict], evaluations: list[dict]) -> None:
    """The file must read back, through the loader ``progress`` uses, as exactly these results
    and evaluations, with nothing to normalise."""
    import copy

    from ..loading.normalise import normalise_evaluation, normalise_result
    from ..loading.yaml_source import parse_yaml_text
    from ..models import EvaluationRecord, ResultRecord

    document = parse_yaml_text(text, "<import>")
    data = document.data
    if evaluations:
        if document.problems or not isinstance(data, dict):
            raise RuntimeError(f"generated results YAML does not read back: {document.problems}")
        checks = [
            (data.get("results") or [], expected, ("results",), normalise_result, ResultRecord),
            (data.get("evaluations") or [], evaluations, ("evaluations",), normalise_evaluation, EvaluationRecord),
        ]
    else:
        checks = [(data, expected, (), normalise_result, ResultRecord)]
    for found, wanted_items, prefix, normalise, model in checks:
        if document.problems or not isinstance(found, list) or len(found) != len(wanted_items):
            raise RuntimeError(f"generated results YAML does not read back: {document.problems}")
        for index, (read, item) in enumerate(zip(found, wanted_items, strict=True)):
            wanted = copy.deepcopy(item)
            at = (*prefix, index)
            normalise(wanted, at, "<import>", document.source)
            if normalise(read, at, "<import>", document.source) or read != wanted:
                raise RuntimeError(f"generated results YAML differs at {prefix} row {index}")
            model.model_validate(read)
