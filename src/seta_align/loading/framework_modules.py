"""Which framework files a run composes: bundled modules by name, a city's own files by path.

A framework is one or more files read together (``framework:`` in the config, ``--framework``
on the command line). The bundled ones are named modules, so that a city can use the SDGs
without copying 169 targets into its own file: ``seta-align:sdgs`` and ``seta-align:setagaya``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import Text
from .resources import bundled_data_dir

BUNDLED_PREFIX = "seta-align:"
# Module name -> its file in the bundled data. Setagaya's file keeps the name the project has
# always given it (data/policies.yaml).
BUNDLED_MODULES = {"setagaya": "policies.yaml", "sdgs": "sdgs.yaml"}
# What a run uses when neither the config nor the command line names a framework: Setagaya's
# frameworks with the SDGs, as before the SDGs became a module of their own.
DEFAULT_MODULES = ("seta-align:setagaya", "seta-align:sdgs")


@dataclass(frozen=True, slots=True)
class FrameworkModule:
    """One framework file of a run: how messages name it, and where it is."""

    name: str
    path: Path

    @property
    def bundled(self) -> bool:
        return self.name.startswith(BUNDLED_PREFIX)


class UnknownModule(ValueError):
    """``seta-align:<name>`` names no bundled module."""

    def __init__(self, entry: str):
        super().__init__(entry)
        self.entry = entry

    def message(self) -> Text:
        return Text(
            f"同梱のフレームワーク「{self.entry}」はありません。",
            f"There is no bundled framework '{self.entry}'.",
        )

    def problem(self):
        """The finding that says so (on the command line: no file or line to point at)."""
        from .yaml_source import syntax_problem

        return syntax_problem(self.entry, self.message(), hint=self.hint())

    @staticmethod
    def hint() -> Text:
        known = ", ".join(BUNDLED_PREFIX + name for name in BUNDLED_MODULES)
        return Text(
            f"同梱のもの: {known}。自分のファイルはパスで書きます。",
            f"Bundled: {known}. A file of your own is given by its path.",
        )


def bundled_module(name: str) -> FrameworkModule:
    """``seta-align:sdgs`` (or ``sdgs``) -> the bundled module; :class:`UnknownModule` else."""
    short = name.removeprefix(BUNDLED_PREFIX)
    if short not in BUNDLED_MODULES:
        raise UnknownModule(name)
    return FrameworkModule(BUNDLED_PREFIX + short, bundled_data_dir() / BUNDLED_MODULES[short])


def default_modules() -> list[FrameworkModule]:
    return [bundled_module(name) for name in DEFAULT_MODULES]


def resolve_module(entry: str | Path, base: Path | None = None) -> FrameworkModule:
    """A module named ``seta-align:…``, or a file: relative to ``base`` (the config's folder),
    else to the working directory. A path to a bundled file is named as that module, so that
    messages read the same on every machine."""
    text = str(entry)
    if text.startswith(BUNDLED_PREFIX):
        return bundled_module(text)
    path = Path(os.path.abspath(base / text if base is not None else text))
    for short, file_name in BUNDLED_MODULES.items():
        if os.path.abspath(bundled_data_dir() / file_name) == str(path):
            return FrameworkModule(BUNDLED_PREFIX + short, path)
    from .files import display_name

    return FrameworkModule(display_name(path), path)


def chosen_modules(entries: list[str] | None, settings) -> list[FrameworkModule]:
    """The framework of a run: ``--framework``'s entries (relative to the working directory)
    when given, else the config's ``framework:``, else the bundled default. A problem of the
    entries used (a bundled name that does not exist, the config's located ones) raises
    :class:`~.framework.FrameworkError`; the config's entries do not matter when
    ``--framework`` replaces them."""
    from .framework import FrameworkError

    if entries:
        try:
            return [resolve_module(entry) for entry in entries]
        except UnknownModule as unknown:
            raise FrameworkError([unknown.problem()]) from None
    if settings.framework_problems:
        raise FrameworkError(settings.framework_problems)
    return settings.framework_modules


_SDG_ID = re.compile(r"SDG-\d{1,2}(\.(\d{1,2}|[a-z]))?")


def is_sdg_id(text: str) -> bool:
    """An id of the SDG module's form (SDG-8, SDG-8.3, SDG-11.a), whether or not it is read."""
    return _SDG_ID.fullmatch(text) is not None


def modules_name(modules: list[FrameworkModule]) -> str:
    """How messages and reports name a framework made of these modules."""
    return " + ".join(module.name for module in modules)
