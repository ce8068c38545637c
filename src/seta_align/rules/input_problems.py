"""Problems found while reading files. The loaders report them; they cannot be disabled and
make the run exit with code 2, because the data they concern could not be read."""

from __future__ import annotations

from ..findings import Severity
from ..i18n import Text
from .base import Rule

UNREADABLE_FILE = Rule(
    "SA001",
    "unreadable-file",
    Severity.ERROR,
    Text(
        "ファイルを読めない（文字コード、YAML の構文、大きさ、種類）",
        "A file cannot be read (encoding, YAML syntax, size, kind)",
    ),
    configurable=False,
)
DUPLICATE_KEY = Rule(
    "SA002",
    "duplicate-key",
    Severity.ERROR,
    Text(
        "同じ「キー: 値」の組の中でキーが重複している（YAML は後の値だけを残す）",
        "A key appears twice in one mapping (YAML would silently keep only the last)",
    ),
    configurable=False,
)
SCHEMA = Rule(
    "SA003",
    "schema",
    Severity.ERROR,
    Text(
        "必須項目がない、不明な項目、型や値が正しくない",
        "A required field is missing, a field is unknown, or a value has the wrong type",
    ),
    configurable=False,
)
NORMALISED_INPUT = Rule(
    "SA004",
    "normalised-input",
    Severity.INFO,
    Text(
        "全角の ID、和暦・FY 表記の年度などを読み替えた（ファイルは変更しない）",
        "Full-width ids, Japanese era or FY years and the like were read as what they mean "
        "(the file is not changed)",
    ),
)
