"""Where the findings of outcome management point: a KPI inside its measure, a plan-level
indicator in the indicators file, a result in its results file."""

from __future__ import annotations

from ..findings import Location


def kpi_location(context, item, key: str = "name") -> tuple[Location | None, str | None]:
    """``(location, measure id)`` of a KPI (``item.measure`` set) or an indicator."""
    if item.measure is not None:
        loaded = context.measures[item.measure]
        line, column = loaded.locate("kpis", item.index, key)
        return Location(loaded.file, line, column), item.measure
    indicators = context.indicators
    for located in indicators.items:
        if located.indicator.id == item.key:
            return Location(indicators.file, located.line, located.column), None
    return Location(indicators.file), None


def result_location(located, key: str | None = None) -> Location:
    return Location(located.file, *located.place(key))
