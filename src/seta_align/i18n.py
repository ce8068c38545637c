"""Bilingual text: every user-facing message exists in Japanese and English."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """One message in both languages."""

    ja: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.ja.format(**values), self.en.format(**values))

    def __add__(self, other: Text) -> Text:
        return Text(self.ja + other.ja, self.en + other.en)

    def as_dict(self) -> dict[str, str]:
        return {"ja": self.ja, "en": self.en}


def lang_from_environment() -> Lang:
    """The default message language.

    ``SETA_ALIGN_LANG`` wins; then the usual locale variables. Our users read Japanese first,
    so an unset, ``C`` or ``POSIX`` locale means Japanese; any other language means English.
    """
    explicit = os.environ.get("SETA_ALIGN_LANG", "").strip().lower()
    if explicit in LANGS:
        return explicit  # type: ignore[return-value]
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        language = value.split(".")[0].split("_")[0].lower()
        if language in ("c", "posix", ""):
            return "ja"
        return "ja" if language == "ja" else "en"
    return "ja"
