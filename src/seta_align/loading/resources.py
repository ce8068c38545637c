"""Where the bundled frameworks and sample draft are, installed or in a source checkout.

Messages name the bundled frameworks by module name (framework_modules), the same on every
machine: a site-packages path means nothing to a reader and leaks the machine."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"
_CHECKOUT_DATA = Path(__file__).resolve().parents[3] / "data"


def bundled_data_dir() -> Path:
    # A wheel carries data/ inside the package; an editable install runs from the checkout.
    if (_PACKAGE_DATA / "policies.yaml").is_file():
        return _PACKAGE_DATA
    return _CHECKOUT_DATA


def bundled_measures() -> Path:
    return bundled_data_dir() / "measures"
