"""The day a page says it was made: the one date in seta-align's output."""

from __future__ import annotations

import datetime as _dt
import os


def page_date() -> str:
    """Today (ISO), or the day of ``SOURCE_DATE_EPOCH``, which makes a page reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return _dt.date.today().isoformat()
