"""One rule for ids: they are case-insensitive, everywhere.

``supports: [sdg-8.3]``, ``depends_on: [econ-01]`` and ``field: econ`` mean ``SDG-8.3``,
``ECON-01`` and ``ECON``: a reference that matches a known id only when case (or width, or the
kind of dash) is ignored is read as that id, with an info finding (SA004) at its place, as every
other normalised input is. A field may also be named by its title (``field: 地域経済`` →
``ECON``). Two measure ids that differ only in case are the same id (SA101 reports the second).
``trace`` and ``graph --around`` fold case the same way.

Reading a file is independent of the framework (so a file's load can be cached); this step
needs the framework, so it runs when the draft is checked, before the graph is built.
"""

from __future__ import annotations

import unicodedata

from ..findings import Finding, Location, Severity
from ..i18n import Text
from ..loading.framework import Framework
from ..loading.measures import LoadedMeasure
from ..loading.normalise import normalise_id


def fold(identifier: str) -> str:
    """The form two ids share when they are the same id."""
    return normalise_id(identifier).casefold()


def first_of_each_id(
    measures: list[LoadedMeasure], framework: Framework
) -> tuple[dict[str, LoadedMeasure], dict[str, str]]:
    """The first measure of each id, ids compared case-insensitively; measures named like a
    framework node are left out (SA101 reports both kinds of clash). With them, their ids by
    folded id (what the check looks ids up by: each id is folded once)."""
    nodes = {fold(node_id) for node_id in framework.nodes}
    chosen: dict[str, LoadedMeasure] = {}
    folded: dict[str, str] = {}
    for loaded in measures:
        key = fold(loaded.measure.id)
        if key in nodes or key in folded:
            continue
        folded[key] = loaded.measure.id
        chosen[loaded.measure.id] = loaded
    return chosen, folded


def canonicalise(
    framework: Framework, measures: dict[str, LoadedMeasure], known_measures: dict[str, str]
) -> list[Finding]:
    """Rewrite references that name a known id in another case (or a field by its title) to
    that id, in place, and say so (SA004) for each. ``known_measures``: the measures' ids by
    folded id."""
    nodes = {fold(node_id): node_id for node_id in framework.nodes}
    fields = {fold(field_id): field_id for field_id in framework.fields}
    for field_id, definition in framework.fields.items():
        for title in (definition.title, definition.title_en):
            if title:
                fields.setdefault(_title_key(title), field_id)
    notes: list[Finding] = []
    for loaded in measures.values():
        measure = loaded.measure
        if measure.field not in framework.fields:
            canonical = fields.get(fold(measure.field)) or fields.get(_title_key(measure.field))
            if canonical is not None:
                by_title = fold(measure.field) != fold(canonical)
                notes.append(_note(loaded, measure.field, canonical, ("field",), by_title))
                measure.field = canonical
        for index, target in enumerate(measure.supports):
            if target in framework.nodes:
                continue
            canonical = nodes.get(fold(target))
            if canonical is not None:
                notes.append(_note(loaded, target, canonical, ("supports", index)))
                measure.supports[index] = canonical
        for index, impact in enumerate(measure.impacts):
            if impact.on in framework.nodes or impact.on in measures:
                continue
            canonical = nodes.get(fold(impact.on)) or known_measures.get(fold(impact.on))
            if canonical is not None:
                notes.append(_note(loaded, impact.on, canonical, ("impacts", index, "on")))
                impact.on = canonical
        for index, target in enumerate(measure.depends_on):
            if target in measures:
                continue
            canonical = known_measures.get(fold(target))
            if canonical is not None:
                notes.append(_note(loaded, target, canonical, ("depends_on", index)))
                measure.depends_on[index] = canonical
    return notes


def _title_key(title: str) -> str:
    return "".join(unicodedata.normalize("NFKC", title).casefold().split())


def _note(
    loaded: LoadedMeasure, written: str, canonical: str, inner: tuple, by_title: bool = False
) -> Finding:
    line, column = loaded.locate(*inner)
    message = (
        Text(
            f"分野「{written}」を {canonical} として読みました（分野は ID で書きます）。",
            f"Read the field '{written}' as {canonical} (fields are written by their id).",
        )
        if by_title
        else Text(
            f"「{written}」を {canonical} として読みました（ID は大文字・小文字を区別しません）。",
            f"Read '{written}' as {canonical} (ids are not case-sensitive).",
        )
    )
    return Finding(
        code="SA004",
        name="normalised-input",
        severity=Severity.INFO,
        message=message,
        location=Location(loaded.file, line, column),
        measure=loaded.measure.id,
        hint=Text(
            f"ファイルでは {canonical} と書くと確実です。",
            f"Writing {canonical} in the file avoids this note.",
        ),
    )
